// The hand-written 9P Rread parser of the benchmark, in the style of
// handwritten.h: every load goes through a helper that checks the bytes are
// there first. 9P integers are little-endian.
//
// A 9P client knows which reply it waits for (the tag says which request it
// answers), so it checks the type against the one expected, as Linux's v9fs
// client does, rather than dispatching over every type; the generated
// parser, which reads any message, classifies the type first.
//
// The rules are those of specs/9p.mpl for an Rread, and no others:
// * size[4] type[1] tag[2] are there, and size >= 7;
// * count[4] is there and data[count] lies inside the buffer;
// * size covers the fields (size >= 11 + count) and lies inside the buffer.
// The last rule implies the others, so it is the one checked.
// Bytes that size covers after the data are allowed (the spec keeps them
// as `trailing`), as are bytes after the message (the next message on the
// stream). The tag is not checked.
#pragma once

#include <cstddef>
#include <cstdint>

#include <mpl/bytes.h>

#include "handwritten.h"
#include "p9_fields.h"

namespace bench::hand {

namespace p9_detail {

inline constexpr std::uint8_t kRread = 117;
inline constexpr std::size_t kRreadFixed = 11;  // size[4] type[1] tag[2] count[4]

inline bool read_le16(mpl::bytes b, std::size_t at, std::uint16_t& v) noexcept {
  if (b.size() < 2 || at > b.size() - 2) return false;
  v = static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
  return true;
}
inline bool read_le32(mpl::bytes b, std::size_t at, std::uint32_t& v) noexcept {
  if (b.size() < 4 || at > b.size() - 4) return false;
  v = std::uint32_t{b[at]} | (std::uint32_t{b[at + 1]} << 8) | (std::uint32_t{b[at + 2]} << 16) |
      (std::uint32_t{b[at + 3]} << 24);
  return true;
}

}  // namespace p9_detail

inline bool parse_9p_rread(mpl::bytes m, RreadFields& f) noexcept {
  namespace d = p9_detail;
  if (!d::read_le32(m, 0, f.size) || !read_u8(m, 4, f.type) || !d::read_le16(m, 5, f.tag)) return false;
  if (f.type != d::kRread) return false;
  if (!d::read_le32(m, 7, f.count)) return false;
  // size inside the buffer and covering count and data: then data[count] is
  // inside the buffer, and size >= 7, without checking either again.
  if (f.size > m.size() || f.size < d::kRreadFixed + std::size_t{f.count}) return false;
  f.data_size = f.count;
  if (f.count != 0 && !read_u8(m, d::kRreadFixed, f.data_first)) return false;
  return true;
}

}  // namespace bench::hand
