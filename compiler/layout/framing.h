// Stream framing: whether a packet's total size can be read from a length
// field in its fixed-size prefix, so a TCP server knows how many bytes the
// next message needs before it parses it (generated `P::frame()`,
// docs/generated-api.md "Stream framing").
//
// The rule: a top-level unsigned integer field L at a fixed offset whose
// value(...) is
//
//   offset(X)               total = L
//   offset(X) - c           total = L + c       (c a constant)
//   offset(X) - offset(Y)   total = L + offset(Y)  (Y ends at a fixed offset)
//
// where X is a top-level item (no align) after which the packet adds no
// bytes: offset(X) is then the whole packet, so the builder's value states
// how L relates to the message size. BGP's `length`, 9P's `size`, SSH's `packet_length`
// (offset(padding) - 4), IPv4's `total_length` match; DNS has no length
// field (DNS over TCP's prefix lies outside the message).
#pragma once

#include <cstdint>
#include <optional>

#include "layout/layout.h"
#include "sema/model.h"

namespace mplc::layout {

struct StreamFraming {
  const sema::Field* length = nullptr;
  std::uint64_t offset = 0;     // of the length field
  std::uint32_t width = 0;      // bytes
  sema::Endian endian = sema::Endian::kBig;
  std::uint64_t adjust = 0;     // total = length + adjust
  std::uint64_t min_size = 0;   // the fixed prefix, or min(...) + adjust if larger
  std::uint64_t max_size = 0;   // max(...) (else the field's largest value) + adjust, saturated
};

std::optional<StreamFraming> stream_framing(const sema::Packet& packet, const Layout& layout);

}  // namespace mplc::layout
