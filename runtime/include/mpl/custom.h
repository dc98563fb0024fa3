// The custom wire type concept: what generated code calls for a field whose
// type a spec declares with `custom name = "cpp::Type";`.
//
// A custom type T is a class with static members. Parsing:
//
//   static result<std::size_t> validate(const custom_context& ctx, bytes at);
//   static <view type>         view(const custom_context& ctx, bytes value);
//
// and building:
//
//   using value_type = ...;    // what a builder member holds
//   static std::size_t         size(const value_type& v, write_context& ctx);
//   static result<std::size_t> write(const value_type& v, write_context& ctx, mutable_bytes out);
//
// and, for `P::builder::from(view)` (which every builder has), the way back
// from what view() returns to a value_type, one of:
//
//   value_type(view(...)) compiles (the view type converts, or is value_type), or
//   static value_type value_type::of(const <view type>&);
//
// mpl::custom_value_of<T> (rebuild.h) calls whichever exists; with neither, a
// generated header fails with a static_assert naming this requirement.
//
// `at` runs from the value's first byte to the end of the region the value
// lies in; validate says how many of those bytes the value occupies. `value`
// is exactly those bytes, already validated. `out` runs from where the value
// goes to the end of the output buffer. The contexts let a value see the
// packet around it: DNS compression pointers are offsets from the start of
// the message, and a DNS builder compresses against names written earlier.
//
// Context-free types may leave the context parameter out of any of the four
// functions (`validate(bytes)`, `view(bytes)`, `size(const value_type&)`,
// `write(const value_type&, mutable_bytes)`); the dispatchers below call
// whichever form T has.
//
// Optionally, `static constexpr bool exact_rebuild = false;` says that a
// value rebuilt from its view may be written with other bytes than it was
// parsed from (a DNS name is compressed anew against the names before it).
// Tests that check a parsed packet rebuilds byte for byte ask
// mpl::rebuilds_exactly<T> first.
//
// "The packet" is the outermost packet of one parse() or one builder write():
// a packet embedded in it, an array element, a classify branch all see the
// same packet. A builder nested through a byte-string payload (mpl::payload)
// starts a packet of its own.
#ifndef MPL_CUSTOM_H_
#define MPL_CUSTOM_H_

#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>

#include "mpl/bytes.h"
#include "mpl/error.h"

namespace mpl {

// The buffer of the outermost packet being parsed: its first byte and how
// many bytes the parse was given (every one of them may be read).
struct custom_origin {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
};

// What a custom type sees while a packet is parsed or viewed.
class custom_context {
 public:
  constexpr custom_context(custom_origin packet, const std::uint8_t* value) noexcept
      : packet_(packet), offset_(static_cast<std::size_t>(value - packet.data)) {}
  constexpr custom_context(bytes packet, std::size_t offset) noexcept
      : packet_{packet.data(), packet.size()}, offset_(offset) {}

  // All bytes of the outermost packet's buffer (its region end included).
  constexpr bytes packet() const noexcept { return {packet_.data, packet_.size}; }
  // Where the value starts, counted from packet().data().
  constexpr std::size_t offset() const noexcept { return offset_; }

 private:
  custom_origin packet_;
  std::size_t offset_;
};

// What a custom type sees while a packet is sized and written, including a
// scratch area that lives as long as the one size() or write() of the
// outermost packet (a DNS builder keeps its compression table there).
//
// The builder sizes a packet in one pass and writes it in a second, each
// with a fresh context, visiting the values in the same order with the same
// offsets. A custom type whose size depends on earlier values must decide
// identically in both passes, so it must not depend on packet() (null while
// sizing).
class write_context {
 public:
  // Bytes of scratch space; a state type must fit.
  static constexpr std::size_t scratch_bytes = 4096 + 64;

  explicit write_context(std::uint8_t* packet = nullptr) noexcept : packet_(packet) {}
  write_context(const write_context&) = delete;
  write_context& operator=(const write_context&) = delete;

  // The first byte of the outermost packet in the output buffer, or null
  // while the builder is only computing sizes.
  std::uint8_t* packet() const noexcept { return packet_; }
  // Where the value being sized or written starts, counted from the start
  // of the outermost packet.
  std::size_t offset() const noexcept { return offset_; }

  // The per-packet state of type S, default-initialised on first use (give
  // its members initialisers); null if a state of another type already
  // holds the scratch area (one state type per packet: a type that gets
  // null must work without it).
  template <class S>
  S* state() noexcept {
    static_assert(sizeof(S) <= scratch_bytes, "custom state too large for mpl::write_context");
    static_assert(alignof(S) <= alignof(std::max_align_t), "custom state over-aligned");
    static_assert(std::is_trivially_destructible_v<S>, "custom state must be trivially destructible");
    if (owner_ == nullptr) {
      owner_ = &tag<S>;
      return ::new (static_cast<void*>(scratch_)) S;
    }
    if (owner_ != &tag<S>) return nullptr;
    return std::launder(reinterpret_cast<S*>(scratch_));
  }

  // Generated code: sets offset() before each call to a custom type.
  write_context& at(std::size_t offset) noexcept {
    offset_ = offset;
    return *this;
  }

 private:
  template <class S>
  static constexpr char tag = 0;

  std::uint8_t* packet_ = nullptr;
  std::size_t offset_ = 0;
  const void* owner_ = nullptr;
  alignas(std::max_align_t) unsigned char scratch_[scratch_bytes];
};

// The dispatchers generated code calls: each uses the context form of T's
// function when T has it, else the context-free form.

template <class T>
constexpr result<std::size_t> custom_validate(const custom_context& ctx, bytes at) noexcept {
  if constexpr (requires { T::validate(ctx, at); }) {
    return T::validate(ctx, at);
  } else {
    return T::validate(at);
  }
}

// The size of a value validate() accepted before, at the start of `at`:
// what a second walk over validated bytes (iterating an array) needs. A
// type may give it cheaply, without checking again, as
//   static std::size_t extent(bytes at) noexcept;
// (a DNS name: its labels up to the end or a pointer, which is not
// followed); otherwise validate() runs again.
template <class T>
constexpr std::size_t custom_extent(const custom_context& ctx, bytes at) noexcept {
  if constexpr (requires { T::extent(at); }) {
    return T::extent(at);
  } else {
    return *custom_validate<T>(ctx, at);
  }
}

template <class T>
constexpr auto custom_view(const custom_context& ctx, bytes value) noexcept {
  if constexpr (requires { T::view(ctx, value); }) {
    return T::view(ctx, value);
  } else {
    return T::view(value);
  }
}

template <class T>
std::size_t custom_size(const typename T::value_type& v, write_context& ctx) noexcept {
  if constexpr (requires { T::size(v, ctx); }) {
    return T::size(v, ctx);
  } else {
    return T::size(v);
  }
}

template <class T>
result<std::size_t> custom_write(const typename T::value_type& v, write_context& ctx, mutable_bytes out) noexcept {
  if constexpr (requires { T::write(v, ctx, out); }) {
    return T::write(v, ctx, out);
  } else {
    return T::write(v, out);
  }
}

// Whether rebuilding a parsed value of T writes the bytes it came from.
template <class T>
inline constexpr bool rebuilds_exactly = [] {
  if constexpr (requires { T::exact_rebuild; }) {
    return static_cast<bool>(T::exact_rebuild);
  } else {
    return true;
  }
}();

// A custom type's error as the parser reports it: a type that leaves the
// field path empty gets the path of the field it was parsing.
constexpr error custom_error(error e, const char* field) noexcept {
  if (e.field == nullptr || e.field[0] == '\0') e.field = field;
  return e;
}

}  // namespace mpl

#endif  // MPL_CUSTOM_H_
