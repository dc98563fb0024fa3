// Big- and little-endian loads and stores, and MSB-first bit fields.
//
// Every function takes a raw pointer and does no bounds check: generated
// code calls these only after validation proved the bytes are there. Outside
// constant evaluation the loads are a memcpy plus a byte swap, which gcc and
// clang turn into one (movbe or mov+bswap) instruction; during constant
// evaluation they fall back to shifts so the same functions work in
// constexpr code and static_asserts.
#ifndef MPL_ENDIAN_H_
#define MPL_ENDIAN_H_

#include <bit>
#include <cstdint>
#include <cstring>
#include <type_traits>

// Small helpers that must become straight-line code in every caller, even
// in large generated functions where GCC's inliner would give up.
#if defined(__GNUC__) || defined(__clang__)
#define MPL_ALWAYS_INLINE [[gnu::always_inline]] inline
#else
#define MPL_ALWAYS_INLINE inline
#endif

// The opposite, for loops generated code keeps out of line (array
// validation) so the straight-line code around them stays inlinable.
#if defined(__GNUC__) || defined(__clang__)
#define MPL_NOINLINE [[gnu::noinline]]
#else
#define MPL_NOINLINE
#endif

namespace mpl {

namespace detail {

inline constexpr bool host_is_little = std::endian::native == std::endian::little;
static_assert(std::endian::native == std::endian::little || std::endian::native == std::endian::big,
              "mixed-endian hosts are not supported");

constexpr std::uint16_t byteswap16(std::uint16_t v) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_bswap16(v);
#else
  return static_cast<std::uint16_t>((v << 8) | (v >> 8));
#endif
}

constexpr std::uint32_t byteswap32(std::uint32_t v) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_bswap32(v);
#else
  return ((v & 0x000000FFu) << 24) | ((v & 0x0000FF00u) << 8) | ((v & 0x00FF0000u) >> 8) | (v >> 24);
#endif
}

constexpr std::uint64_t byteswap64(std::uint64_t v) noexcept {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_bswap64(v);
#else
  return (std::uint64_t{byteswap32(static_cast<std::uint32_t>(v))} << 32) |
         byteswap32(static_cast<std::uint32_t>(v >> 32));
#endif
}

template <class T>
constexpr T byteswap(T v) noexcept {
  if constexpr (sizeof(T) == 1) {
    return v;
  } else if constexpr (sizeof(T) == 2) {
    return byteswap16(v);
  } else if constexpr (sizeof(T) == 4) {
    return byteswap32(v);
  } else {
    return byteswap64(v);
  }
}

template <class T>
inline constexpr bool is_wire_uint = std::is_same_v<T, std::uint8_t> || std::is_same_v<T, std::uint16_t> ||
                                     std::is_same_v<T, std::uint32_t> || std::is_same_v<T, std::uint64_t>;

// The low `width` bits set; width in 0..64.
constexpr std::uint64_t low_mask(unsigned width) noexcept {
  return width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
}

}  // namespace detail

// Generic forms, for code that is itself generic over the width.
template <class T>
constexpr T load_be(const std::uint8_t* p) noexcept {
  static_assert(detail::is_wire_uint<T>, "load_be needs uint8_t, uint16_t, uint32_t or uint64_t");
  if (std::is_constant_evaluated()) {
    T v = 0;
    for (unsigned i = 0; i < sizeof(T); ++i) v = static_cast<T>((std::uint64_t{v} << 8) | p[i]);
    return v;
  }
  T v;
  std::memcpy(&v, p, sizeof(T));
  if constexpr (detail::host_is_little) v = detail::byteswap(v);
  return v;
}

template <class T>
constexpr T load_le(const std::uint8_t* p) noexcept {
  static_assert(detail::is_wire_uint<T>, "load_le needs uint8_t, uint16_t, uint32_t or uint64_t");
  if (std::is_constant_evaluated()) {
    T v = 0;
    for (unsigned i = sizeof(T); i-- > 0;) v = static_cast<T>((std::uint64_t{v} << 8) | p[i]);
    return v;
  }
  T v;
  std::memcpy(&v, p, sizeof(T));
  if constexpr (!detail::host_is_little) v = detail::byteswap(v);
  return v;
}

template <class T>
constexpr void store_be(std::uint8_t* p, T v) noexcept {
  static_assert(detail::is_wire_uint<T>, "store_be needs uint8_t, uint16_t, uint32_t or uint64_t");
  if (std::is_constant_evaluated()) {
    for (unsigned i = sizeof(T); i-- > 0;) {
      p[i] = static_cast<std::uint8_t>(v & 0xFFu);
      v = static_cast<T>(std::uint64_t{v} >> 8);
    }
    return;
  }
  if constexpr (detail::host_is_little) v = detail::byteswap(v);
  std::memcpy(p, &v, sizeof(T));
}

template <class T>
constexpr void store_le(std::uint8_t* p, T v) noexcept {
  static_assert(detail::is_wire_uint<T>, "store_le needs uint8_t, uint16_t, uint32_t or uint64_t");
  if (std::is_constant_evaluated()) {
    for (unsigned i = 0; i < sizeof(T); ++i) {
      p[i] = static_cast<std::uint8_t>(v & 0xFFu);
      v = static_cast<T>(std::uint64_t{v} >> 8);
    }
    return;
  }
  if constexpr (!detail::host_is_little) v = detail::byteswap(v);
  std::memcpy(p, &v, sizeof(T));
}

// Named forms: what generated code calls, so the width and byte order of
// every access are visible in the generated source.
constexpr std::uint8_t load_u8(const std::uint8_t* p) noexcept { return p[0]; }
constexpr std::uint16_t load_u16_be(const std::uint8_t* p) noexcept { return load_be<std::uint16_t>(p); }
constexpr std::uint32_t load_u32_be(const std::uint8_t* p) noexcept { return load_be<std::uint32_t>(p); }
constexpr std::uint64_t load_u64_be(const std::uint8_t* p) noexcept { return load_be<std::uint64_t>(p); }
constexpr std::uint16_t load_u16_le(const std::uint8_t* p) noexcept { return load_le<std::uint16_t>(p); }
constexpr std::uint32_t load_u32_le(const std::uint8_t* p) noexcept { return load_le<std::uint32_t>(p); }
constexpr std::uint64_t load_u64_le(const std::uint8_t* p) noexcept { return load_le<std::uint64_t>(p); }

constexpr void store_u8(std::uint8_t* p, std::uint8_t v) noexcept { p[0] = v; }
constexpr void store_u16_be(std::uint8_t* p, std::uint16_t v) noexcept { store_be(p, v); }
constexpr void store_u32_be(std::uint8_t* p, std::uint32_t v) noexcept { store_be(p, v); }
constexpr void store_u64_be(std::uint8_t* p, std::uint64_t v) noexcept { store_be(p, v); }
constexpr void store_u16_le(std::uint8_t* p, std::uint16_t v) noexcept { store_le(p, v); }
constexpr void store_u32_le(std::uint8_t* p, std::uint32_t v) noexcept { store_le(p, v); }
constexpr void store_u64_le(std::uint8_t* p, std::uint64_t v) noexcept { store_le(p, v); }

// Big-endian unsigned integer of n bytes, n in 1..8 (the bytes a bit run
// spans). With a constant n the memcpy becomes one or two plain loads.
MPL_ALWAYS_INLINE constexpr std::uint64_t load_uint_be(const std::uint8_t* p, unsigned n) noexcept {
  if (std::is_constant_evaluated()) {
    std::uint64_t v = 0;
    for (unsigned i = 0; i < n; ++i) v = (v << 8) | p[i];
    return v;
  }
  std::uint64_t v = 0;
  std::memcpy(&v, p, n);
  if constexpr (detail::host_is_little) {
    v = detail::byteswap64(v);
  }
  // The n bytes now sit at the top of v on either host.
  return v >> (64 - 8 * n);
}

MPL_ALWAYS_INLINE constexpr void store_uint_be(std::uint8_t* p, unsigned n, std::uint64_t v) noexcept {
  if (std::is_constant_evaluated()) {
    for (unsigned i = n; i-- > 0;) {
      p[i] = static_cast<std::uint8_t>(v & 0xFFu);
      v >>= 8;
    }
    return;
  }
  v <<= 64 - 8 * n;
  if constexpr (detail::host_is_little) {
    v = detail::byteswap64(v);
  }
  std::memcpy(p, &v, n);
}

namespace detail {

// The N bytes at p (N in 1..8) as a big-endian number: one load of a whole
// word where N is a word size.
template <unsigned N>
MPL_ALWAYS_INLINE constexpr std::uint64_t load_span_be(const std::uint8_t* p) noexcept {
  if constexpr (N == 1) {
    return p[0];
  } else if constexpr (N == 2) {
    return load_be<std::uint16_t>(p);
  } else if constexpr (N == 4) {
    return load_be<std::uint32_t>(p);
  } else if constexpr (N == 8) {
    return load_be<std::uint64_t>(p);
  } else {
    return load_uint_be(p, N);
  }
}

template <unsigned N>
MPL_ALWAYS_INLINE constexpr void store_span_be(std::uint8_t* p, std::uint64_t v) noexcept {
  if constexpr (N == 1) {
    p[0] = static_cast<std::uint8_t>(v);
  } else if constexpr (N == 2) {
    store_be(p, static_cast<std::uint16_t>(v));
  } else if constexpr (N == 4) {
    store_be(p, static_cast<std::uint32_t>(v));
  } else if constexpr (N == 8) {
    store_be(p, v);
  } else {
    store_uint_be(p, N, v);
  }
}

}  // namespace detail

// Bit fields are numbered MSB-first from p: bit 0 is the most significant
// bit of p[0], bit 8 the most significant bit of p[1]. get_bits reads the
// `width` bits (1..64) starting at `bit_offset` as an unsigned number whose
// first bit is the most significant. It touches only the bytes the field
// overlaps, never the bytes around them.
constexpr std::uint64_t get_bits(const std::uint8_t* p, unsigned bit_offset, unsigned width) noexcept {
  p += bit_offset / 8;
  const unsigned first = bit_offset % 8;
  const unsigned end = first + width;  // 1..71
  if (end <= 64) {
    const unsigned n = (end + 7) / 8;
    return (load_uint_be(p, n) >> (8 * n - end)) & detail::low_mask(width);
  }
  // Nine bytes: the field starts inside p[0] and ends inside p[8].
  const unsigned tail = end - 64;  // bits taken from p[8], 1..7
  const std::uint64_t head = (load_u64_be(p) << first) >> (64 - width);
  return head | (std::uint64_t{p[8]} >> (8 - tail));
}

// Writes the low `width` bits of `value` (higher bits are ignored) at
// `bit_offset`, leaving every other bit of the touched bytes unchanged.
constexpr void set_bits(std::uint8_t* p, unsigned bit_offset, unsigned width, std::uint64_t value) noexcept {
  p += bit_offset / 8;
  const unsigned first = bit_offset % 8;
  const unsigned end = first + width;
  value &= detail::low_mask(width);
  if (end <= 64) {
    const unsigned n = (end + 7) / 8;
    const unsigned shift = 8 * n - end;
    const std::uint64_t mask = detail::low_mask(width) << shift;
    store_uint_be(p, n, (load_uint_be(p, n) & ~mask) | (value << shift));
    return;
  }
  const unsigned tail = end - 64;
  const unsigned head_bits = 64 - first;
  const std::uint64_t head_mask = detail::low_mask(head_bits);
  store_u64_be(p, (load_u64_be(p) & ~head_mask) | (value >> tail));
  const unsigned shift = 8 - tail;
  const std::uint64_t tail_mask = detail::low_mask(tail) << shift;
  p[8] = static_cast<std::uint8_t>((std::uint64_t{p[8]} & ~tail_mask) | ((value & detail::low_mask(tail)) << shift));
}

// Compile-time forms for fields whose position is fixed: what generated
// code calls. The byte count is a constant, so each access is one load of
// the smallest word covering the field (or two, for 3-, 5-, 6- and 7-byte
// spans), a shift and a mask, inlined whatever the optimiser's heuristics
// think of the general forms above.
template <unsigned BitOffset, unsigned Width>
MPL_ALWAYS_INLINE constexpr std::uint64_t get_bits(const std::uint8_t* p) noexcept {
  static_assert(Width >= 1 && Width <= 64, "bit fields are 1 to 64 bits wide");
  constexpr unsigned end = BitOffset % 8 + Width;
  if constexpr (end > 64) {
    return get_bits(p, BitOffset, Width);
  } else {
    constexpr unsigned n = (end + 7) / 8;
    const std::uint64_t word = detail::load_span_be<n>(p + BitOffset / 8);
    return (word >> (8 * n - end)) & detail::low_mask(Width);
  }
}

template <unsigned BitOffset, unsigned Width>
MPL_ALWAYS_INLINE constexpr void set_bits(std::uint8_t* p, std::uint64_t value) noexcept {
  static_assert(Width >= 1 && Width <= 64, "bit fields are 1 to 64 bits wide");
  constexpr unsigned end = BitOffset % 8 + Width;
  if constexpr (end > 64) {
    set_bits(p, BitOffset, Width, value);
  } else {
    constexpr unsigned n = (end + 7) / 8;
    constexpr unsigned shift = 8 * n - end;
    constexpr std::uint64_t mask = detail::low_mask(Width) << shift;
    std::uint8_t* q = p + BitOffset / 8;
    detail::store_span_be<n>(q, (detail::load_span_be<n>(q) & ~mask) | ((value << shift) & mask));
  }
}

// A run of bit fields built in a register and stored once: builders start a
// run of Bytes bytes (at most 8) with a zero word, put_bits each field into
// it where get_bits<BitOffset, Width> reads it back, and store_bits_run it.
// Setting the fields in memory one by one instead makes each read-modify-
// write load bytes the previous one has just stored with a narrower store,
// which the CPU cannot forward (measured: half of an IPv4 builder's time).
template <unsigned BitOffset, unsigned Width, unsigned Bytes>
MPL_ALWAYS_INLINE constexpr void put_bits(std::uint64_t& word, std::uint64_t value) noexcept {
  static_assert(Bytes >= 1 && Bytes <= 8 && Width >= 1 && BitOffset + Width <= Bytes * 8,
                "the field lies inside a run of at most 8 bytes");
  word |= (value & detail::low_mask(Width)) << (Bytes * 8 - BitOffset - Width);
}

template <unsigned Bytes>
MPL_ALWAYS_INLINE constexpr void store_bits_run(std::uint8_t* p, std::uint64_t word) noexcept {
  static_assert(Bytes >= 1 && Bytes <= 8, "a run of at most 8 bytes");
  detail::store_span_be<Bytes>(p, word);
}

}  // namespace mpl

#endif  // MPL_ENDIAN_H_
