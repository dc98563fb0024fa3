// Byte views: the type every generated parser reads from and every builder
// writes into.
//
// mpl::bytes is std::span<const std::uint8_t>, not std::span<const std::byte>:
// generated accessors compare and shift byte values constantly, and with
// uint8_t that reads as plain arithmetic (`p[0] >> 4`) instead of a
// std::to_integer<> call at every use. Callers holding std::byte or char
// data convert once with mpl::bytes_of().
#ifndef MPL_BYTES_H_
#define MPL_BYTES_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace mpl {

using bytes = std::span<const std::uint8_t>;
using mutable_bytes = std::span<std::uint8_t>;

// Constructs a generated view without storing anything: the view of a
// packet embedded in another packet, held by the outer packet's view and
// written by the outer validate_ before anything reads it (a 9P message
// view holds 15 of them, one per case that embeds a qid or stat; zeroing
// their sizes was 16 of the 119 instructions of a parse).
struct no_init_t {
  explicit no_init_t() = default;
};
inline constexpr no_init_t no_init{};

// The raw bytes of a string (no terminating NUL).
inline bytes bytes_of(std::string_view s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

inline bytes bytes_of(std::span<const std::byte> s) noexcept {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

constexpr bytes bytes_of(const std::vector<std::uint8_t>& v) noexcept { return {v.data(), v.size()}; }

template <std::size_t N>
constexpr bytes bytes_of(const std::array<std::uint8_t, N>& a) noexcept {
  return {a.data(), N};
}

template <std::size_t N>
constexpr bytes bytes_of(const std::uint8_t (&a)[N]) noexcept {
  return {a, N};
}

inline mutable_bytes mutable_bytes_of(std::span<std::byte> s) noexcept {
  return {reinterpret_cast<std::uint8_t*>(s.data()), s.size()};
}

constexpr mutable_bytes mutable_bytes_of(std::vector<std::uint8_t>& v) noexcept { return {v.data(), v.size()}; }

template <std::size_t N>
constexpr mutable_bytes mutable_bytes_of(std::array<std::uint8_t, N>& a) noexcept {
  return {a.data(), N};
}

template <std::size_t N>
constexpr mutable_bytes mutable_bytes_of(std::uint8_t (&a)[N]) noexcept {
  return {a, N};
}

// A view of bytes as text, e.g. to print a byte-string field.
inline std::string_view as_string_view(bytes b) noexcept {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// Byte-wise equality; constexpr so const(...) string checks of generated
// code can be tested at compile time.
constexpr bool equal(bytes a, bytes b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

// Compares bytes with a string literal, as string matches in classify and
// const("...") on byte[n] fields do.
constexpr bool equal(bytes a, std::string_view s) noexcept {
  if (a.size() != s.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != static_cast<std::uint8_t>(s[i])) return false;
  }
  return true;
}

}  // namespace mpl

#endif  // MPL_BYTES_H_
