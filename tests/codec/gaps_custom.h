// A custom wire type written from mpl/custom.h alone (gaps.mpl): a one-byte
// length and that many bytes. Its view is a std::string_view, its builder
// value a struct of its own, so builder::from() needs value_type::of().
#pragma once

#include <cstddef>
#include <cstring>
#include <string_view>

#include <mpl/bytes.h>
#include <mpl/error.h>

namespace gaps_custom {

struct counted {
  struct value_type {
    std::string_view text;
    static value_type of(std::string_view v) noexcept { return value_type{v}; }
  };

  static mpl::result<std::size_t> validate(mpl::bytes at) noexcept {
    if (at.empty() || at.size() < 1u + at[0]) {
      return mpl::make_error(mpl::error_kind::truncated, 0, "", at.size(), at.empty() ? 1u : 1u + at[0]);
    }
    return std::size_t{1} + at[0];
  }
  static std::string_view view(mpl::bytes value) noexcept {
    return {reinterpret_cast<const char*>(value.data()) + 1, value.size() - 1};
  }
  static std::size_t size(const value_type& v) noexcept { return 1 + v.text.size(); }
  static mpl::result<std::size_t> write(const value_type& v, mpl::mutable_bytes out) noexcept {
    if (v.text.size() > 255) return mpl::make_error(mpl::error_kind::out_of_range, 0, "", v.text.size(), 0, 255);
    if (out.size() < size(v)) return mpl::make_error(mpl::error_kind::buffer_too_small, 0, "", out.size(), size(v));
    out[0] = static_cast<std::uint8_t>(v.text.size());
    if (!v.text.empty()) std::memcpy(out.data() + 1, v.text.data(), v.text.size());
    return size(v);
  }
};

}  // namespace gaps_custom
