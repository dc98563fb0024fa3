// The Internet checksum (RFC 1071), its incremental update (RFC 1624) and
// the TCP/UDP pseudo-headers (RFC 768, RFC 793, RFC 8200 section 8.1).
//
// Byte order. The checksum is the one's complement of the one's complement
// sum of the data taken as big-endian 16-bit words (an odd last byte is
// padded with a zero byte on the right). Every uint16_t here holds that
// number as a value: to put a checksum into a packet, store it big-endian
// (store_u16_be / writer::put_u16_be / patch_u16_be) whatever the host's
// byte order. A region that includes a correct checksum field sums to
// 0xFFFF, so internet_checksum() over it returns 0.
//
// Speed. The sum is computed over native-order words and byte-swapped once
// at the end (RFC 1071 section 2(B): the sum is byte-order independent).
// The inner loop adds 16-bit halves into 32-bit SIMD lanes (on x86-64: AVX2
// when the CPU has it, checked at run time, else SSE2, the x86-64 baseline)
// and falls back to 32-bit halves of 64-bit words added into 64-bit
// accumulators elsewhere. All paths give the same result; tests compare them with a plain
// 16-bit loop.
#ifndef MPL_CHECKSUM_H_
#define MPL_CHECKSUM_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <utility>

#include "mpl/bytes.h"
#include "mpl/endian.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define MPL_CHECKSUM_X86 1
#endif

namespace mpl {

namespace detail {

// Folds a 64-bit end-around-carry sum to 16 bits (not complemented).
constexpr std::uint16_t fold_sum(std::uint64_t s) noexcept {
  s = (s & 0xFFFFFFFFu) + (s >> 32);
  s = (s & 0xFFFFFFFFu) + (s >> 32);
  s = (s & 0xFFFFu) + (s >> 16);
  s = (s & 0xFFFFu) + (s >> 16);
  return static_cast<std::uint16_t>(s);
}

// Big-endian 16-bit words, one at a time: the definition itself. Used in
// constant evaluation and as the reference the fast paths are tested against.
constexpr std::uint16_t ones_sum_reference(const std::uint8_t* p, std::size_t n) noexcept {
  std::uint64_t s = 0;
  for (std::size_t i = 0; i + 1 < n; i += 2) s += static_cast<std::uint64_t>((p[i] << 8) | p[i + 1]);
  if (n % 2 != 0) s += static_cast<std::uint64_t>(p[n - 1]) << 8;
  return fold_sum(s);
}

// The byte-swapped view of the definition: native-order 16-bit words summed,
// with an odd last byte as the first byte of a zero-padded word. Returns a
// value whose fold is the native-order sum. n must stay below 2^32 so no
// accumulator can overflow (callers split longer inputs).
inline std::uint64_t ones_sum_native_scalar(const std::uint8_t* p, std::size_t n) noexcept {
  std::uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  while (n >= 16) {
    std::uint64_t a, b;
    std::memcpy(&a, p, 8);
    std::memcpy(&b, p + 8, 8);
    s0 += a & 0xFFFFFFFFu;
    s1 += a >> 32;
    s2 += b & 0xFFFFFFFFu;
    s3 += b >> 32;
    p += 16;
    n -= 16;
  }
  if (n >= 8) {
    std::uint64_t a;
    std::memcpy(&a, p, 8);
    s0 += a & 0xFFFFFFFFu;
    s1 += a >> 32;
    p += 8;
    n -= 8;
  }
  if (n >= 4) {
    std::uint32_t a;
    std::memcpy(&a, p, 4);
    s2 += a;
    p += 4;
    n -= 4;
  }
  if (n >= 2) {
    std::uint16_t a;
    std::memcpy(&a, p, 2);
    s3 += a;
    p += 2;
    n -= 2;
  }
  if (n != 0) {
    // Zero-padded to a word: the byte goes where the word's first byte goes.
    std::uint16_t a = 0;
    std::memcpy(&a, p, 1);
    s0 += a;
  }
  return (s0 + s1) + (s2 + s3);
}

#if defined(MPL_CHECKSUM_X86)
// The AVX2 kernel is compiled in every translation unit (through the target
// attribute) under its own name, so units built with and without -mavx2
// never hold two different definitions of one inline function; which kernel
// runs is chosen below (at run time unless the unit is built with -mavx2),
// and tests call both directly.
//
// 32-byte vectors: each 32-bit lane gains at most 2 * 0xFFFF per vector, so
// a lane can take 32768 vectors; the loop stops after 8192 iterations of
// four vectors and spills the lanes into 64-bit scalars.
__attribute__((target("avx2"))) inline std::uint64_t ones_sum_native_avx2(const std::uint8_t* p,
                                                                          std::size_t n) noexcept {
  const __m256i low16 = _mm256_set1_epi32(0xFFFF);
  std::uint64_t total = 0;
  while (n >= 32) {
    __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
    for (std::size_t round = 0; round < 8192 && n >= 128; ++round) {
      __m256i v0, v1, v2, v3;
      std::memcpy(&v0, p, 32);
      std::memcpy(&v1, p + 32, 32);
      std::memcpy(&v2, p + 64, 32);
      std::memcpy(&v3, p + 96, 32);
      a0 = _mm256_add_epi32(a0, _mm256_add_epi32(_mm256_and_si256(v0, low16), _mm256_srli_epi32(v0, 16)));
      a1 = _mm256_add_epi32(a1, _mm256_add_epi32(_mm256_and_si256(v1, low16), _mm256_srli_epi32(v1, 16)));
      a2 = _mm256_add_epi32(a2, _mm256_add_epi32(_mm256_and_si256(v2, low16), _mm256_srli_epi32(v2, 16)));
      a3 = _mm256_add_epi32(a3, _mm256_add_epi32(_mm256_and_si256(v3, low16), _mm256_srli_epi32(v3, 16)));
      p += 128;
      n -= 128;
    }
    if (n < 128) {
      // Last pass: at most three more vectors, well within the lane budget.
      while (n >= 32) {
        __m256i v;
        std::memcpy(&v, p, 32);
        a0 = _mm256_add_epi32(a0, _mm256_add_epi32(_mm256_and_si256(v, low16), _mm256_srli_epi32(v, 16)));
        p += 32;
        n -= 32;
      }
    }
    // Widen the 32-bit lanes to 64 bits before adding them together.
    const __m256i zero = _mm256_setzero_si256();
    __m256i w = _mm256_add_epi64(_mm256_unpacklo_epi32(a0, zero), _mm256_unpackhi_epi32(a0, zero));
    w = _mm256_add_epi64(w, _mm256_add_epi64(_mm256_unpacklo_epi32(a1, zero), _mm256_unpackhi_epi32(a1, zero)));
    w = _mm256_add_epi64(w, _mm256_add_epi64(_mm256_unpacklo_epi32(a2, zero), _mm256_unpackhi_epi32(a2, zero)));
    w = _mm256_add_epi64(w, _mm256_add_epi64(_mm256_unpacklo_epi32(a3, zero), _mm256_unpackhi_epi32(a3, zero)));
    std::uint64_t lanes[4];
    std::memcpy(lanes, &w, sizeof lanes);
    total += (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
  }
  return total + ones_sum_native_scalar(p, n);
}

// 16-byte vectors (SSE2 is part of x86-64); same lane budget as above.
inline std::uint64_t ones_sum_native_sse2(const std::uint8_t* p, std::size_t n) noexcept {
  const __m128i low16 = _mm_set1_epi32(0xFFFF);
  std::uint64_t total = 0;
  while (n >= 16) {
    __m128i a0 = _mm_setzero_si128(), a1 = a0, a2 = a0, a3 = a0;
    for (std::size_t round = 0; round < 8192 && n >= 64; ++round) {
      __m128i v0, v1, v2, v3;
      std::memcpy(&v0, p, 16);
      std::memcpy(&v1, p + 16, 16);
      std::memcpy(&v2, p + 32, 16);
      std::memcpy(&v3, p + 48, 16);
      a0 = _mm_add_epi32(a0, _mm_add_epi32(_mm_and_si128(v0, low16), _mm_srli_epi32(v0, 16)));
      a1 = _mm_add_epi32(a1, _mm_add_epi32(_mm_and_si128(v1, low16), _mm_srli_epi32(v1, 16)));
      a2 = _mm_add_epi32(a2, _mm_add_epi32(_mm_and_si128(v2, low16), _mm_srli_epi32(v2, 16)));
      a3 = _mm_add_epi32(a3, _mm_add_epi32(_mm_and_si128(v3, low16), _mm_srli_epi32(v3, 16)));
      p += 64;
      n -= 64;
    }
    if (n < 64) {
      while (n >= 16) {
        __m128i v;
        std::memcpy(&v, p, 16);
        a0 = _mm_add_epi32(a0, _mm_add_epi32(_mm_and_si128(v, low16), _mm_srli_epi32(v, 16)));
        p += 16;
        n -= 16;
      }
    }
    const __m128i zero = _mm_setzero_si128();
    __m128i w = _mm_add_epi64(_mm_unpacklo_epi32(a0, zero), _mm_unpackhi_epi32(a0, zero));
    w = _mm_add_epi64(w, _mm_add_epi64(_mm_unpacklo_epi32(a1, zero), _mm_unpackhi_epi32(a1, zero)));
    w = _mm_add_epi64(w, _mm_add_epi64(_mm_unpacklo_epi32(a2, zero), _mm_unpackhi_epi32(a2, zero)));
    w = _mm_add_epi64(w, _mm_add_epi64(_mm_unpacklo_epi32(a3, zero), _mm_unpackhi_epi32(a3, zero)));
    std::uint64_t lanes[2];
    std::memcpy(lanes, &w, sizeof lanes);
    total += lanes[0] + lanes[1];
  }
  return total + ones_sum_native_scalar(p, n);
}
#endif  // MPL_CHECKSUM_X86

// 128 bytes and more. Out of line: the short inputs of headers keep a small
// inlined path, and a call costs nothing next to a vector loop.
MPL_NOINLINE inline std::uint64_t ones_sum_native_long(const std::uint8_t* p, std::size_t n) noexcept {
#if defined(MPL_CHECKSUM_X86) && defined(__AVX2__)
  return ones_sum_native_avx2(p, n);
#elif defined(MPL_CHECKSUM_X86)
  // Built for the x86-64 baseline, run on whatever CPU is there: AVX2 adds
  // twice the bytes per instruction (1500 bytes: 40 -> 73 GB/s measured in
  // checksum_bench). __builtin_cpu_supports reads the feature bits libgcc's
  // start-up code stored (one load and a test); called before that code
  // ran, it says no, and the SSE2 kernel gives the same sum.
  if (__builtin_cpu_supports("avx2")) return ones_sum_native_avx2(p, n);
  return ones_sum_native_sse2(p, n);
#else
  return ones_sum_native_scalar(p, n);
#endif
}

inline std::uint64_t ones_sum_native_simd(const std::uint8_t* p, std::size_t n) noexcept {
  // Below about 128 bytes (most headers) the vector set-up and final lane
  // reduction cost more than they save; measured, see bench/.
  if (n < 128) return ones_sum_native_scalar(p, n);
  return ones_sum_native_long(p, n);
}

// Splits inputs into even-sized slices short enough that no accumulator
// of the kernels above can overflow, whatever the total length.
inline std::uint16_t ones_sum_fast(const std::uint8_t* p, std::size_t n) noexcept {
  constexpr std::size_t slice = std::size_t{1} << 30;
  std::uint64_t s = 0;
  while (n > slice) {
    s += fold_sum(ones_sum_native_simd(p, slice));
    p += slice;
    n -= slice;
  }
  // s holds at most one 16-bit value per GiB, so adding the last sum to it
  // cannot overflow.
  const std::uint16_t native = fold_sum(s + ones_sum_native_simd(p, n));
  return host_is_little ? byteswap16(native) : native;
}

}  // namespace detail

// The one's complement sum of the data as big-endian 16-bit words, folded to
// 16 bits and not complemented.
constexpr std::uint16_t ones_complement_sum(bytes data) noexcept {
  if (std::is_constant_evaluated()) return detail::ones_sum_reference(data.data(), data.size());
  return detail::ones_sum_fast(data.data(), data.size());
}

// RFC 1071: the value to store (big-endian) in a checksum field that was
// zero while the sum was taken. Over data that includes a correct checksum,
// the result is 0. Example: bytes 00 01 f2 03 f4 f5 f6 f7 give 0x220d.
constexpr std::uint16_t internet_checksum(bytes data) noexcept {
  return static_cast<std::uint16_t>(~ones_complement_sum(data));
}

// internet_checksum() of the N bytes at p, N known when compiling (a header
// without options): the sum unrolls into N/4 big-endian word loads, with no
// call. Summing 32-bit words and folding gives the 16-bit words' one's
// complement sum, since 2^16 = 1 modulo 2^16 - 1.
template <std::size_t N>
MPL_ALWAYS_INLINE constexpr std::uint16_t internet_checksum_fixed(const std::uint8_t* p) noexcept {
  std::uint64_t s = 0;
  std::size_t i = 0;
  for (; i + 4 <= N; i += 4) s += load_be<std::uint32_t>(p + i);
  if constexpr (N % 4 >= 2) {
    s += std::uint64_t{load_be<std::uint16_t>(p + i)};
    i += 2;
  }
  if constexpr (N % 2 != 0) s += std::uint64_t{p[i]} << 8;
  s = (s & 0xFFFFFFFFu) + (s >> 32);
  s = (s & 0xFFFFFFFFu) + (s >> 32);
  s = (s & 0xFFFFu) + (s >> 16);
  s = (s & 0xFFFFu) + (s >> 16);
  s = (s & 0xFFFFu) + (s >> 16);
  return static_cast<std::uint16_t>(~s);
}

// True when data, including its checksum field, verifies.
constexpr bool internet_checksum_ok(bytes data) noexcept { return internet_checksum(data) == 0; }

// Sums data that arrives in pieces (a pseudo-header, a header built field by
// field, a payload written by another builder). Pieces may have any length:
// after an odd-length piece the next one continues mid-word, exactly as if
// all pieces were one buffer.
class checksum_accumulator {
 public:
  constexpr checksum_accumulator() noexcept = default;

  constexpr checksum_accumulator& add(bytes data) noexcept {
    std::uint16_t s = ones_complement_sum(data);
    // Summed as if it began on a word boundary; it began mid-word, so its
    // bytes sit in the other half of each word: swap the sum's bytes.
    if (odd_) s = detail::byteswap16(s);
    sum_ += s;
    odd_ = odd_ != (data.size() % 2 != 0);
    return *this;
  }

  // Appends one byte / the two or four big-endian bytes of a value.
  constexpr checksum_accumulator& add_u8(std::uint8_t v) noexcept {
    sum_ += odd_ ? std::uint64_t{v} : std::uint64_t{v} << 8;
    odd_ = !odd_;
    return *this;
  }
  constexpr checksum_accumulator& add_u16(std::uint16_t v) noexcept {
    sum_ += odd_ ? detail::byteswap16(v) : v;
    return *this;
  }
  constexpr checksum_accumulator& add_u32(std::uint32_t v) noexcept {
    add_u16(static_cast<std::uint16_t>(v >> 16));
    return add_u16(static_cast<std::uint16_t>(v));
  }

  // Bytes added so far is odd.
  constexpr bool odd() const noexcept { return odd_; }
  // The folded sum, not complemented.
  constexpr std::uint16_t sum() const noexcept { return detail::fold_sum(sum_); }
  // The checksum of everything added: what internet_checksum() would give
  // over the concatenation.
  constexpr std::uint16_t finish() const noexcept { return static_cast<std::uint16_t>(~sum()); }

 private:
  // Each addition is at most 0xFFFF, so 2^48 of them fit.
  std::uint64_t sum_ = 0;
  bool odd_ = false;
};

// Pseudo-headers. Each returns an accumulator already holding the
// pseudo-header; add the upper-layer header and payload (with its checksum
// field zero) and finish(). `length` is the upper-layer length in bytes.

// IPv4 (RFC 768 / RFC 793): src, dst, zero, protocol, length. Addresses as
// the numbers load_u32_be() reads from the header.
constexpr checksum_accumulator ipv4_pseudo_header(std::uint32_t src, std::uint32_t dst, std::uint8_t protocol,
                                                  std::uint16_t length) noexcept {
  checksum_accumulator acc;
  acc.add_u32(src).add_u32(dst).add_u16(protocol).add_u16(length);
  return acc;
}

// The same with addresses given as the 4 bytes at src4 and dst4.
constexpr checksum_accumulator ipv4_pseudo_header(const std::uint8_t* src4, const std::uint8_t* dst4,
                                                  std::uint8_t protocol, std::uint16_t length) noexcept {
  return ipv4_pseudo_header(load_u32_be(src4), load_u32_be(dst4), protocol, length);
}

// IPv6 (RFC 8200 section 8.1): src (16 bytes), dst (16 bytes), 32-bit
// length, three zero bytes, next header.
constexpr checksum_accumulator ipv6_pseudo_header(const std::uint8_t* src16, const std::uint8_t* dst16,
                                                  std::uint32_t length, std::uint8_t next_header) noexcept {
  checksum_accumulator acc;
  acc.add(bytes(src16, 16)).add(bytes(dst16, 16)).add_u32(length).add_u16(next_header);
  return acc;
}

// RFC 1624 eqn. 3: the new checksum after a 16-bit word covered by it
// changes from old_value to new_value, HC' = ~(~HC + ~m + m'). Unlike
// eqn. 2 it never turns a checksum of 0x0000 into 0xFFFF.
constexpr std::uint16_t checksum_update16(std::uint16_t old_checksum, std::uint16_t old_value,
                                          std::uint16_t new_value) noexcept {
  const std::uint64_t s = std::uint64_t{static_cast<std::uint16_t>(~old_checksum)} +
                          static_cast<std::uint16_t>(~old_value) + new_value;
  return static_cast<std::uint16_t>(~detail::fold_sum(s));
}

// The same for a 32-bit value (an IPv4 address) at an even offset.
constexpr std::uint16_t checksum_update32(std::uint16_t old_checksum, std::uint32_t old_value,
                                          std::uint32_t new_value) noexcept {
  const std::uint64_t s = std::uint64_t{static_cast<std::uint16_t>(~old_checksum)} +
                          static_cast<std::uint16_t>(~(old_value >> 16)) +
                          static_cast<std::uint16_t>(~old_value) + (new_value >> 16) + (new_value & 0xFFFFu);
  return static_cast<std::uint16_t>(~detail::fold_sum(s));
}

// General form: bytes at `offset` (from the start of the checksummed region;
// only its parity matters) change from old_data to new_data, of equal size.
// For a field of any size and alignment, e.g. an IPv6 address or a single
// byte such as the IPv4 TTL.
constexpr std::uint16_t checksum_update(std::uint16_t old_checksum, std::size_t offset, bytes old_data,
                                        bytes new_data) noexcept {
  std::uint16_t old_sum = ones_complement_sum(old_data);
  std::uint16_t new_sum = ones_complement_sum(new_data);
  if (offset % 2 != 0) {
    old_sum = detail::byteswap16(old_sum);
    new_sum = detail::byteswap16(new_sum);
  }
  const std::uint64_t s = std::uint64_t{static_cast<std::uint16_t>(~old_checksum)} +
                          static_cast<std::uint16_t>(~old_sum) + new_sum;
  return static_cast<std::uint16_t>(~detail::fold_sum(s));
}

// A field covered by checksums changes inside the aligned 2- or 4-byte
// big-endian word at `at` (Word: std::uint16_t or std::uint32_t): `edit`
// writes the field into a copy of the word, which is then stored whole.
// Returns the word before and after, for checksum_update16/32. Editing a
// copy matters: storing the narrow field and loading the word back makes
// the CPU wait for the narrower store (no store-to-load forwarding), which
// cost half the time of a TTL decrement (bench/). Generated update_<field>()
// setters are built on it.
template <typename Word, typename Edit>
inline std::pair<Word, Word> edit_checksummed_word(std::uint8_t* at, Edit&& edit) noexcept {
  static_assert(sizeof(Word) == 2 || sizeof(Word) == 4, "a checksummed word is 2 or 4 bytes");
  std::uint8_t word[sizeof(Word)];
  std::memcpy(word, at, sizeof(Word));
  const Word before = load_be<Word>(word);
  edit(word);
  const Word after = load_be<Word>(word);
  std::memcpy(at, word, sizeof(Word));
  return {before, after};
}

}  // namespace mpl

#endif  // MPL_CHECKSUM_H_
