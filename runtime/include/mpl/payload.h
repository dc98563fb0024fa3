// mpl::payload: what a generated builder writes into a variable-length byte
// field. It is one of
//
//   * raw bytes (mpl::bytes, or a uint8_t array),
//   * the bytes of a parsed view (anything with bytes() and a region_), or
//   * another generated builder, written in place when the outer builder
//     writes: no copy, no allocation. A nested packet whose checksum covers
//     a pseudo-header (UDP, TCP) receives it from the enclosing builder.
//
// A payload refers to what it was made from, which must outlive the write.
// Building one from a temporary builder is refused at compile time, because
// the temporary would be gone before write() runs.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <type_traits>

#include "mpl/bytes.h"
#include "mpl/checksum.h"
#include "mpl/error.h"

namespace mpl {

// Anything generated builders can nest: an exact size() and a write into the
// start of a buffer at least that large.
template <class B>
concept nested_builder = requires(const B& b, mutable_bytes out) {
  { b.size() } -> std::convertible_to<std::size_t>;
  b.write_nested_(out, nullptr);
};

// The arguments a generated builder's write will be parsed with, when its
// caller knows them before the write's walk: an `arguments` callable that
// can be called without the packet's size (its own members, or arguments an
// enclosing builder computes from what it wrote before). Elements and
// embedded packets check against them while they are written; one that
// needs the size (rdlength = sizeof(rdata)) is known only after the walk.
template <class Params, class Arguments>
constexpr std::optional<Params> arguments_before_walk(const Arguments& arguments) noexcept {
  if constexpr (std::is_invocable_v<const Arguments&>) {
    return arguments();
  } else {
    return std::nullopt;
  }
}

// The arguments after the walk, the packet's size known: those known before
// it (`early`, from arguments_before_walk) when the callable needs no size,
// so it is not called twice; otherwise arguments(size).
template <class Params, class Arguments>
constexpr std::optional<Params> arguments_after_walk(const Arguments& arguments, const std::optional<Params>& early,
                                                     std::size_t size) noexcept {
  if constexpr (std::is_invocable_v<const Arguments&>) {
    return early;
  } else {
    return arguments(size);
  }
}

// Whether the nested packet `what` (an mpl::payload or a builder) reads the
// pseudo-header its enclosing builder may compute for it. Builders generated
// by mplc say so (uses_pseudo_header_); any other builder is assumed to.
template <class W>
constexpr bool wants_pseudo_header(const W& what) noexcept {
  if constexpr (requires { what.wants_pseudo_header(); }) {
    return what.wants_pseudo_header();
  } else if constexpr (requires { W::uses_pseudo_header_; }) {
    return W::uses_pseudo_header_;
  } else {
    return true;
  }
}

class payload {
 public:
  payload() = default;
  payload(bytes raw) noexcept : raw_(raw) {}
  template <std::size_t N>
  payload(const std::uint8_t (&raw)[N]) noexcept : raw_(raw, N) {}

  template <nested_builder B>
  payload(const B& nested) noexcept
      : object_(&nested),
        pseudo_(mpl::wants_pseudo_header(nested)),
        size_([](const void* o) noexcept { return static_cast<const B*>(o)->size(); }),
        write_([](const void* o, mutable_bytes out, const checksum_accumulator* pseudo) noexcept {
          return static_cast<const B*>(o)->write_nested_(out, pseudo);
        }),
        into_([](const void* o, mutable_bytes out, const checksum_accumulator* pseudo) noexcept {
          if constexpr (requires(const B& b) { b.write_into_(out, pseudo); }) {
            return static_cast<const B*>(o)->write_into_(out, pseudo);
          } else {
            return static_cast<const B*>(o)->write_nested_(out, pseudo);
          }
        }) {}
  template <nested_builder B>
  payload(const B&& nested) = delete;  // name the builder first: a temporary is gone before write()

  template <class V>
    requires requires(const V& v) {
      { v.bytes() } -> std::convertible_to<bytes>;
      v.region_;
    }
  payload(const V& view) noexcept : raw_(view.bytes()) {}

  std::size_t size() const noexcept { return object_ != nullptr ? size_(object_) : raw_.size(); }
  // Whether writing reads the pseudo-header handed to it (raw bytes do not).
  bool wants_pseudo_header() const noexcept { return object_ != nullptr && pseudo_; }

  // Writes at the start of `out`; a nested packet with a pseudo-header
  // checksum folds in `pseudo`. Returns the bytes written.
  result<std::size_t> write_nested_(mutable_bytes out, const checksum_accumulator* pseudo) const noexcept {
    if (object_ != nullptr) return write_(object_, out, pseudo);
    if (out.size() < raw_.size()) {
      return make_error(error_kind::buffer_too_small, 0, "payload", out.size(), raw_.size());
    }
    if (!raw_.empty()) std::memcpy(out.data(), raw_.data(), raw_.size());
    return raw_.size();
  }

  // The same, from an enclosing builder's write: a nested mplc builder
  // refuses a buffer too small without sizing itself to say by how much
  // (the outermost write() does that, for the whole packet).
  result<std::size_t> write_into_(mutable_bytes out, const checksum_accumulator* pseudo) const noexcept {
    if (object_ != nullptr) return into_(object_, out, pseudo);
    return write_nested_(out, pseudo);
  }

 private:
  bytes raw_{};
  const void* object_ = nullptr;
  bool pseudo_ = false;
  std::size_t (*size_)(const void*) noexcept = nullptr;
  result<std::size_t> (*write_)(const void*, mutable_bytes, const checksum_accumulator*) noexcept = nullptr;
  result<std::size_t> (*into_)(const void*, mutable_bytes, const checksum_accumulator*) noexcept = nullptr;
};

// x / y and x % y, with y == 0 giving 0: a size expression over a malformed packet
// never divides by zero (the size check that follows rejects the packet).
constexpr std::uint64_t div_or_zero(std::uint64_t x, std::uint64_t y) noexcept { return y == 0 ? 0 : x / y; }
constexpr std::uint64_t rem_or_zero(std::uint64_t x, std::uint64_t y) noexcept { return y == 0 ? 0 : x % y; }
// Shifts of a 64-bit value by any amount, as in the language: the bits
// shifted out are lost, so by 64 or more the result is 0 (in C++, UB).
constexpr std::uint64_t shift_left(std::uint64_t x, std::uint64_t n) noexcept { return n >= 64 ? 0 : x << n; }
constexpr std::uint64_t shift_right(std::uint64_t x, std::uint64_t n) noexcept { return n >= 64 ? 0 : x >> n; }

// The same on signed operands (int8..int64 fields and the expressions over
// them), which generated code carries as the two's complement bit pattern
// in a std::uint64_t. Division truncates toward zero as in C++; the one
// quotient that overflows, INT64_MIN / -1, wraps to INT64_MIN; a signed
// right shift copies the sign bit, so by 64 or more it gives 0 or -1.
constexpr std::uint64_t sdiv_or_zero(std::uint64_t x, std::uint64_t y) noexcept {
  const auto a = static_cast<std::int64_t>(x), b = static_cast<std::int64_t>(y);
  if (b == 0) return 0;
  if (b == -1) return std::uint64_t{0} - x;
  return static_cast<std::uint64_t>(a / b);
}
constexpr std::uint64_t srem_or_zero(std::uint64_t x, std::uint64_t y) noexcept {
  const auto a = static_cast<std::int64_t>(x), b = static_cast<std::int64_t>(y);
  if (b == 0 || b == -1) return 0;
  return static_cast<std::uint64_t>(a % b);
}
constexpr std::uint64_t sshift_right(std::uint64_t x, std::uint64_t n) noexcept {
  const auto a = static_cast<std::int64_t>(x);
  return static_cast<std::uint64_t>(n >= 64 ? (a < 0 ? -1 : 0) : a >> n);
}
// Whether x < y (x <= y: !(y < x)) as signed 64-bit values.
constexpr bool sless(std::uint64_t x, std::uint64_t y) noexcept {
  return static_cast<std::int64_t>(x) < static_cast<std::int64_t>(y);
}
// A signed field's value widened to 64 bits: the raw `bits`-bit two's
// complement pattern `raw`, sign-extended.
template <unsigned bits>
constexpr std::uint64_t sign_extend(std::uint64_t raw) noexcept {
  static_assert(bits >= 1 && bits <= 64);
  if constexpr (bits == 64) {
    return raw;
  } else {
    const std::uint64_t sign = std::uint64_t{1} << (bits - 1);
    raw &= (sign << 1) - 1;
    return (raw ^ sign) - sign;
  }
}

}  // namespace mpl
