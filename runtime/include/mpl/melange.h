// The built-in types of the original Melange compiler that have no other
// home in the runtime: length-prefixed byte strings and the one-byte
// boolean. A spec names them without declaring them (docs/language.md,
// "Melange built-in types"); they follow the custom type concept of
// mpl/custom.h, like mpl::ssh::mpint and mpl::dns_name, which back the
// other built-ins (mpint, dns_label, dns_label_comp).
//
// Errors carry offsets relative to the value's first byte (its length);
// generated code moves them to the packet's.
#ifndef MPL_MELANGE_H_
#define MPL_MELANGE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "mpl/bytes.h"
#include "mpl/custom.h"
#include "mpl/endian.h"
#include "mpl/error.h"

namespace mpl::melange {

namespace detail {

constexpr error type_error(error_kind kind, std::size_t offset, const char* reason, std::uint64_t found = 0,
                           std::uint64_t lo = 0) noexcept {
  return with_reason(make_error(kind, offset, "", found, lo), reason);
}

}  // namespace detail

// Bytes after a big-endian length of `LengthBytes` bytes (string8: 1,
// string32: 4, SSH's `string`, RFC 4251 §5). The view and the builder value
// are the bytes themselves, without the length.
template <std::size_t LengthBytes>
struct length_prefixed {
  static_assert(LengthBytes == 1 || LengthBytes == 4);
  using value_type = bytes;
  static constexpr std::uint64_t max_length = LengthBytes == 1 ? 0xffu : 0xffffffffu;
  static constexpr const char* what = LengthBytes == 1 ? "string8" : "string32";

  // A value validate() accepted: its length and the bytes it counts.
  static constexpr std::size_t extent(bytes in) noexcept {
    return LengthBytes + (LengthBytes == 1 ? std::size_t{in[0]} : std::size_t{load_be<std::uint32_t>(in.data())});
  }

  static constexpr result<std::size_t> validate(const custom_context& ctx, bytes in) noexcept {
    if (in.size() < LengthBytes) {
      return at(detail::type_error(error_kind::truncated, 0, what, in.size(), LengthBytes), ctx);
    }
    const std::uint64_t n = LengthBytes == 1 ? in[0] : load_be<std::uint32_t>(in.data());
    if (n > in.size() - LengthBytes) {
      return at(detail::type_error(error_kind::truncated, LengthBytes, what, in.size() - LengthBytes, n), ctx);
    }
    return LengthBytes + static_cast<std::size_t>(n);
  }
  static constexpr bytes view(bytes value) noexcept { return value.subspan(LengthBytes); }
  static constexpr std::size_t size(const value_type& v) noexcept { return LengthBytes + v.size(); }
  static constexpr result<std::size_t> write(const value_type& v, mutable_bytes out) noexcept {
    if (v.size() > max_length) return detail::type_error(error_kind::limit_exceeded, 0, what, v.size(), max_length);
    if (out.size() < LengthBytes + v.size()) {
      return detail::type_error(error_kind::buffer_too_small, 0, what, out.size(), LengthBytes + v.size());
    }
    if constexpr (LengthBytes == 1) {
      out[0] = static_cast<std::uint8_t>(v.size());
    } else {
      store_be<std::uint32_t>(out.data(), static_cast<std::uint32_t>(v.size()));
    }
    if (!v.empty()) std::memcpy(out.data() + LengthBytes, v.data(), v.size());
    return LengthBytes + v.size();
  }

 private:
  static constexpr result<std::size_t> at(error e, const custom_context& ctx) noexcept {
    e.offset += ctx.offset();
    return e;
  }
};

using string8 = length_prefixed<1>;
using string32 = length_prefixed<4>;

// One byte holding a truth value. Written as 0 or 1; read as RFC 4251 §5
// (SSH, where Melange's specs used it) says: every non-zero byte is true.
// A parsed 2 therefore rebuilds as 1 (exact_rebuild is false).
struct boolean {
  using value_type = bool;
  static constexpr bool exact_rebuild = false;

  static constexpr std::size_t extent(bytes) noexcept { return 1; }

  static constexpr result<std::size_t> validate(const custom_context& ctx, bytes in) noexcept {
    if (in.empty()) {
      error e = detail::type_error(error_kind::truncated, 0, "boolean", 0, 1);
      e.offset += ctx.offset();
      return e;
    }
    return std::size_t{1};
  }
  static constexpr bool view(bytes value) noexcept { return value[0] != 0; }
  static constexpr std::size_t size(const value_type&) noexcept { return 1; }
  static constexpr result<std::size_t> write(const value_type& v, mutable_bytes out) noexcept {
    if (out.empty()) return detail::type_error(error_kind::buffer_too_small, 0, "boolean", 0, 1);
    out[0] = v ? 1 : 0;
    return std::size_t{1};
  }
};

}  // namespace mpl::melange

#endif  // MPL_MELANGE_H_
