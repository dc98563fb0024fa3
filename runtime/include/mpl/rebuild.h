// What generated builders need so that a builder can be made from a parsed
// view without copying or allocating (`P::builder::from(view)`):
//
//   * mpl::array_payload<E>: an array member of a builder. It holds EITHER a
//     span of element builders supplied by the user (each element is built
//     when the packet is written), OR the bytes and element count of an
//     array of a parsed packet, written as they are. The second form is what
//     lets an array round-trip with no storage for element builders.
//   * mpl::custom_value_of<T>(v): the builder value of a custom wire type T
//     from what T::view() returned.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <ranges>
#include <span>
#include <type_traits>

#include "mpl/bytes.h"
#include "mpl/error.h"
#include "mpl/limits.h"

namespace mpl {

template <class E>
class array_payload {
 public:
  using value_type = E;    // as for the std::span of element builders it replaced
  using element_type = E;

  constexpr array_payload() noexcept = default;
  constexpr array_payload(std::span<const E> elements) noexcept : data_(elements.data()), n_(elements.size()) {}
  // Any contiguous range of element builders a span can view (std::array,
  // std::vector, a C array), so `.options = my_options` works in a
  // designated initializer. The range must outlive write().
  template <class R>
    requires(!std::same_as<std::remove_cvref_t<R>, array_payload> &&
             !std::same_as<std::remove_cvref_t<R>, std::span<const E>> &&
             std::convertible_to<const R&, std::span<const E>>)
  constexpr array_payload(const R& elements) noexcept : array_payload(std::span<const E>(elements)) {}
  // A temporary container would be gone before write(): name it first.
  template <class R>
    requires(!std::ranges::borrowed_range<R> && !std::same_as<std::remove_cvref_t<R>, array_payload> &&
             std::convertible_to<const R&, std::span<const E>>)
  array_payload(R&& elements) = delete;

  // The elements of a parsed array: `raw` are exactly their bytes (a range's
  // bytes()), `count` how many there are (its size()). Written unchanged.
  // A parsed array has at most limits::max_array_elements elements.
  static constexpr array_payload wire(bytes raw, std::size_t count) noexcept {
    array_payload a;
    a.data_ = raw.data();
    a.n_ = kWire | (std::uint64_t{count} << kCountShift) | (raw.size() & kSizeMask);
    return a;
  }

  // Number of elements (what array_length() of the field gives).
  constexpr std::size_t size() const noexcept {
    return is_wire() ? static_cast<std::size_t>((n_ & ~kWire) >> kCountShift) : static_cast<std::size_t>(n_);
  }
  constexpr bool empty() const noexcept { return size() == 0; }
  constexpr bool is_wire() const noexcept { return (n_ & kWire) != 0; }
  // The element builders (empty for a wire array).
  constexpr std::span<const E> elements() const noexcept {
    if (is_wire() || n_ == 0) return {};
    return {static_cast<const E*>(data_), static_cast<std::size_t>(n_)};
  }
  // The bytes of a wire array (empty otherwise).
  constexpr bytes wire_bytes() const noexcept {
    if (!is_wire()) return {};
    return {static_cast<const std::uint8_t*>(data_), static_cast<std::size_t>(n_ & kSizeMask)};
  }

  // Used by generated builders: the position after the elements when they
  // start at `pos`, and the write of them there (the caller checked that
  // the buffer holds the whole packet).
  // `context...` is what elements of a packet with custom types thread
  // through (mpl/custom.h: a write context and the packet's base offset).
  template <class... Context>
  std::size_t size_at_(std::size_t pos, Context&... context) const noexcept {
    if (is_wire()) return pos + wire_bytes().size();
    for (const E& e : elements()) pos = e.size_at_(pos, context...);
    return pos;
  }
  template <class... Context>
  result<std::size_t> write_at_(std::uint8_t* d, std::size_t pos, std::size_t cap, Context&... context) const noexcept {
    if (is_wire()) return write_wire_at_(d, pos, cap);
    for (const E& e : elements()) {
      auto w = e.write_at_(d, pos, cap, context...);
      if (!w.ok()) return w.error();
      pos = *w;
    }
    return pos;
  }

  // The write of an array whose end parse() finds from the elements'
  // content, refusing what parse() would read otherwise (`path` names the
  // array in the error; a wire array is written as parsed):
  //   * Until: an `array until (cond)`. parse() stops at the first element
  //     whose condition holds, so the last element, and only it, must
  //     satisfy it; E::write_at_ reports whether it does (`ends`).
  //     Otherwise guard_failed, found = the element's index (the count
  //     when none does).
  //   * an element builder with takes_rest_(): an element reading
  //     remaining() (IPv4's End of Option List) takes every byte after it
  //     up to the end of the region, so it must be the last; otherwise
  //     bad_length, found = its index.
  //   * an element that writes no bytes (an empty case): parse() refuses
  //     one, since every element must move it on; bad_length, found = its
  //     index.
  template <bool Until, class... Context>
  result<std::size_t> write_checked_at_(std::uint8_t* d, std::size_t pos, std::size_t cap, const char* path,
                                        Context&... context) const noexcept {
    if (is_wire()) return write_wire_at_(d, pos, cap);
    const std::span<const E> all = elements();
    if constexpr (Until) {
      if (all.empty()) return make_error_because(error_kind::guard_failed, pos, path, 0, kNoEnd);
    }
    for (std::size_t i = 0; i < all.size(); ++i) {
      const E& e = all[i];
      const bool last = i + 1 == all.size();
      if constexpr (requires { e.takes_rest_(); }) {
        if (!last && e.takes_rest_()) return make_error_because(error_kind::bad_length, pos, path, i, kTakesRest);
      }
      bool ends = false;
      result<std::size_t> w = [&] {
        if constexpr (Until) {
          return e.write_at_(d, pos, cap, ends, context...);
        } else {
          return e.write_at_(d, pos, cap, context...);
        }
      }();
      if (!w.ok()) return w.error();
      if (*w == pos) return make_error_because(error_kind::bad_length, pos, path, i, kEmpty);
      if constexpr (Until) {
        if (ends != last) return make_error_because(error_kind::guard_failed, pos, path, ends ? i : all.size(), ends ? kEndsEarly : kNoEnd);
      }
      pos = *w;
    }
    return pos;
  }

 private:
  result<std::size_t> write_wire_at_(std::uint8_t* d, std::size_t pos, std::size_t cap) const noexcept {
    const bytes raw = wire_bytes();
    if (cap - pos < raw.size()) return make_error(error_kind::buffer_too_small, pos, "array", cap - pos, raw.size());
    if (!raw.empty()) std::memcpy(d + pos, raw.data(), raw.size());
    return pos + raw.size();
  }

  // Two words, as small as the span it replaced (builders hold many of
  // these, often inside std::variant). Element form: data_ is the first
  // element builder, n_ the count. Wire form: data_ is the first byte, n_
  // packs a flag, the count (23 bits) and the byte size (40 bits).
  static constexpr const char* kNoEnd = "the last element does not satisfy the until-condition";
  static constexpr const char* kEndsEarly = "an element before the last satisfies the until-condition";
  static constexpr const char* kTakesRest = "an element reading remaining() is not the last";
  static constexpr const char* kEmpty = "an element of no bytes";
  static constexpr error make_error_because(error_kind kind, std::size_t at, const char* path, std::uint64_t found,
                                            const char* reason) noexcept {
    return with_reason(make_error(kind, at, path, found), reason);
  }

  static constexpr std::uint64_t kWire = std::uint64_t{1} << 63;
  static constexpr int kCountShift = 40;
  static constexpr std::uint64_t kSizeMask = (std::uint64_t{1} << kCountShift) - 1;
  static_assert(limits::max_array_elements < (std::size_t{1} << 23), "a wire array packs its count into 23 bits");

  const void* data_ = nullptr;
  std::uint64_t n_ = 0;
};

// The builder value of custom type T for the parsed value `v` (the result of
// T::view()): T::value_type::of(v) when T provides it, else a conversion
// (mpl/custom.h documents both).
template <class T, class V>
constexpr typename T::value_type custom_value_of(const V& v) noexcept {
  if constexpr (requires { T::value_type::of(v); }) {
    return T::value_type::of(v);
  } else if constexpr (std::is_constructible_v<typename T::value_type, const V&>) {
    return typename T::value_type(v);
  } else {
    static_assert(requires { T::value_type::of(v); },
                  "custom wire type: builder::from() needs the value_type of a view; give T::value_type a "
                  "static of(const <what T::view returns>&), or make the view convert to it (mpl/custom.h)");
    return {};
  }
}

}  // namespace mpl
