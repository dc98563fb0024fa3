#include "mpl/checksum.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace {

// The definition, written independently of the header: big-endian 16-bit
// words, odd byte padded on the right, end-around carry after every add.
std::uint16_t reference_checksum(const std::uint8_t* p, std::size_t n) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i < n; i += 2) {
    std::uint32_t word = static_cast<std::uint32_t>(p[i]) << 8;
    if (i + 1 < n) word |= p[i + 1];
    sum += word;
    sum = (sum & 0xFFFF) + (sum >> 16);
  }
  return static_cast<std::uint16_t>(~sum & 0xFFFF);
}

std::vector<std::uint8_t> random_bytes(std::mt19937& rng, std::size_t n) {
  std::vector<std::uint8_t> v(n);
  for (auto& b : v) b = static_cast<std::uint8_t>(rng());
  return v;
}

// RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2.
constexpr std::uint8_t kRfc1071[] = {0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7};
static_assert(mpl::ones_complement_sum(mpl::bytes(kRfc1071)) == 0xDDF2);
static_assert(mpl::internet_checksum(mpl::bytes(kRfc1071)) == 0x220D);
static_assert(mpl::checksum_update16(0xDD2F, 0x5555, 0x3285) == 0x0000);

TEST(Checksum, Rfc1071Example) {
  EXPECT_EQ(mpl::ones_complement_sum(mpl::bytes(kRfc1071)), 0xDDF2);
  EXPECT_EQ(mpl::internet_checksum(mpl::bytes(kRfc1071)), 0x220D);
  // Appending the checksum makes the whole verify.
  std::vector<std::uint8_t> with(std::begin(kRfc1071), std::end(kRfc1071));
  with.push_back(0x22);
  with.push_back(0x0D);
  EXPECT_TRUE(mpl::internet_checksum_ok(mpl::bytes_of(with)));
  with.back() ^= 1;
  EXPECT_FALSE(mpl::internet_checksum_ok(mpl::bytes_of(with)));
}

TEST(Checksum, Ipv4HeaderKnownAnswer) {
  // The IPv4 header of the ping request in tests/captures/link.pcap
  // (frame 6, 10.53.0.2 to 10.53.0.1), whose checksum field holds 0x30d1.
  std::array<std::uint8_t, 20> h = {0x45, 0x00, 0x00, 0x44, 0xF5, 0x7B, 0x40, 0x00, 0x40, 0x01,
                                    0x30, 0xD1, 0x0A, 0x35, 0x00, 0x02, 0x0A, 0x35, 0x00, 0x01};
  EXPECT_TRUE(mpl::internet_checksum_ok(h));
  h[10] = h[11] = 0;
  EXPECT_EQ(mpl::internet_checksum(h), 0x30D1);
}

TEST(Checksum, EmptyAndTiny) {
  EXPECT_EQ(mpl::internet_checksum(mpl::bytes()), 0xFFFF);
  const std::uint8_t one[] = {0xAB};
  EXPECT_EQ(mpl::internet_checksum(one), static_cast<std::uint16_t>(~0xAB00));
  const std::uint8_t ff[] = {0xFF, 0xFF};
  EXPECT_EQ(mpl::ones_complement_sum(ff), 0xFFFF);
  EXPECT_EQ(mpl::internet_checksum(ff), 0x0000);
}

// Every length 0..2000 at every alignment 0..15 against the reference; the
// fast path has separate code for 64/16/8/4/2/1-byte pieces, so all lengths
// and start offsets matter.
TEST(Checksum, MatchesReferenceAllLengthsAndAlignments) {
  std::mt19937 rng(12345);
  const std::vector<std::uint8_t> pool = random_bytes(rng, 2000 + 16);
  for (std::size_t align = 0; align < 16; ++align) {
    for (std::size_t n = 0; n <= 2000; ++n) {
      const std::uint8_t* p = pool.data() + align;
      ASSERT_EQ(mpl::internet_checksum(mpl::bytes(p, n)), reference_checksum(p, n)) << "n " << n << " align " << align;
    }
  }
}

// internet_checksum_fixed<N> (a length known when compiling) agrees with the
// definition for every length up to 64, on random bytes and on all-ones
// bytes (the most carries), at every alignment of a word.
template <std::size_t N>
void check_fixed_length(const std::uint8_t* p, int round) {
  EXPECT_EQ(mpl::internet_checksum_fixed<N>(p), reference_checksum(p, N)) << "length " << N << " round " << round;
}

template <std::size_t... N>
void check_fixed_lengths(std::index_sequence<N...>) {
  std::mt19937 rng(20261208);
  for (int round = 0; round < 50; ++round) {
    const std::vector<std::uint8_t> data = round == 0 ? std::vector<std::uint8_t>(70, 0xFF) : random_bytes(rng, 70);
    for (std::size_t offset = 0; offset < 4; ++offset) {
      const std::uint8_t* p = data.data() + offset;
      (check_fixed_length<N>(p, round), ...);
    }
  }
}

TEST(Checksum, FixedLengthMatchesReference) { check_fixed_lengths(std::make_index_sequence<65>{}); }

TEST(Checksum, AllOnesStressesCarries) {
  // 0xFF everywhere maximises every lane and accumulator.
  std::vector<std::uint8_t> ff(70000, 0xFF);
  for (std::size_t n : {0u, 1u, 2u, 3u, 63u, 64u, 65u, 1500u, 65535u, 65536u, 70000u}) {
    EXPECT_EQ(mpl::internet_checksum(mpl::bytes(ff.data(), n)), reference_checksum(ff.data(), n)) << n;
  }
}

TEST(Checksum, LargeBufferCrossesSpillBoundaries) {
  // Longer than the SIMD kernels' spill interval (512 KiB / 1 MiB).
  std::mt19937 rng(99);
  std::vector<std::uint8_t> big = random_bytes(rng, (3u << 20) + 77);
  for (auto& b : big) b |= 0xF0;  // large words, so a missed spill would overflow
  EXPECT_EQ(mpl::internet_checksum(mpl::bytes_of(big)), reference_checksum(big.data(), big.size()));
}

TEST(Checksum, KernelsAgree) {
  std::mt19937 rng(5);
  const std::vector<std::uint8_t> pool = random_bytes(rng, 3000);
  for (std::size_t n = 0; n <= 2048; n += 1) {
    const std::uint8_t* p = pool.data() + (n % 7);
    const std::uint16_t want = static_cast<std::uint16_t>(~reference_checksum(p, n));
    auto be = [](std::uint64_t native_sum) {
      const std::uint16_t s = mpl::detail::fold_sum(native_sum);
      return mpl::detail::host_is_little ? mpl::detail::byteswap16(s) : s;
    };
    ASSERT_EQ(be(mpl::detail::ones_sum_native_scalar(p, n)), want) << n;
    ASSERT_EQ(mpl::detail::ones_sum_reference(p, n), want) << n;
    // The kernel chosen at run time (AVX2 on a CPU that has it).
    ASSERT_EQ(mpl::ones_complement_sum(mpl::bytes{p, n}), want) << n;
#if defined(MPL_CHECKSUM_X86)
    ASSERT_EQ(be(mpl::detail::ones_sum_native_sse2(p, n)), want) << n;
    if (__builtin_cpu_supports("avx2")) {
      ASSERT_EQ(be(mpl::detail::ones_sum_native_avx2(p, n)), want) << n;
    }
#endif
  }
}

TEST(ChecksumAccumulator, AnySplitEqualsWhole) {
  std::mt19937 rng(3);
  for (int iter = 0; iter < 500; ++iter) {
    const std::size_t n = rng() % 300;
    const std::vector<std::uint8_t> data = random_bytes(rng, n);
    mpl::checksum_accumulator acc;
    std::size_t pos = 0;
    while (pos < n) {
      const std::size_t piece = std::min<std::size_t>(n - pos, rng() % 9);
      acc.add(mpl::bytes(data.data() + pos, piece));
      pos += piece;
      EXPECT_EQ(acc.odd(), pos % 2 == 1);
    }
    ASSERT_EQ(acc.finish(), reference_checksum(data.data(), n)) << iter;
  }
}

TEST(ChecksumAccumulator, ValuesEqualTheirBigEndianBytes) {
  std::mt19937 rng(4);
  for (int iter = 0; iter < 200; ++iter) {
    std::vector<std::uint8_t> data;
    mpl::checksum_accumulator acc;
    for (int k = 0; k < 6; ++k) {
      const std::uint32_t v = static_cast<std::uint32_t>(rng());
      switch (rng() % 4) {
        case 0:
          acc.add_u8(static_cast<std::uint8_t>(v));
          data.push_back(static_cast<std::uint8_t>(v));
          break;
        case 1:
          acc.add_u16(static_cast<std::uint16_t>(v));
          data.push_back(static_cast<std::uint8_t>(v >> 8));
          data.push_back(static_cast<std::uint8_t>(v));
          break;
        case 2:
          acc.add_u32(v);
          for (int s = 24; s >= 0; s -= 8) data.push_back(static_cast<std::uint8_t>(v >> s));
          break;
        default: {
          std::vector<std::uint8_t> piece = random_bytes(rng, rng() % 5);
          acc.add(mpl::bytes_of(piece));
          data.insert(data.end(), piece.begin(), piece.end());
        }
      }
    }
    ASSERT_EQ(acc.finish(), reference_checksum(data.data(), data.size()));
    ASSERT_EQ(acc.sum(), static_cast<std::uint16_t>(~reference_checksum(data.data(), data.size())));
  }
}

TEST(ChecksumPseudoHeader, Ipv4MatchesExplicitBytes) {
  const std::uint8_t src[] = {192, 168, 0, 1};
  const std::uint8_t dst[] = {10, 0, 0, 254};
  const std::uint8_t udp[] = {0x30, 0x39, 0x00, 0x35, 0x00, 0x0B, 0x00, 0x00, 'a', 'b', 'c'};
  const std::uint8_t explicit_bytes[] = {192, 168, 0, 1, 10, 0, 0, 254, 0, 17, 0x00, 0x0B,
                                         0x30, 0x39, 0x00, 0x35, 0x00, 0x0B, 0x00, 0x00, 'a', 'b', 'c'};
  const std::uint16_t want = reference_checksum(explicit_bytes, sizeof explicit_bytes);
  EXPECT_EQ(mpl::ipv4_pseudo_header(src, dst, 17, 11).add(udp).finish(), want);
  EXPECT_EQ(mpl::ipv4_pseudo_header(0xC0A80001u, 0x0A0000FEu, 17, 11).add(udp).finish(), want);
}

TEST(ChecksumPseudoHeader, Ipv6MatchesExplicitBytes) {
  std::array<std::uint8_t, 16> src{}, dst{};
  for (std::uint8_t i = 0; i < 16; ++i) {
    src[i] = static_cast<std::uint8_t>(0x20 + i);
    dst[i] = static_cast<std::uint8_t>(0xF0 - i);
  }
  const std::uint8_t icmp[] = {0x80, 0x00, 0x00, 0x00, 0x12, 0x34, 0x00, 0x01, 'x'};
  std::vector<std::uint8_t> all(src.begin(), src.end());
  all.insert(all.end(), dst.begin(), dst.end());
  const std::uint8_t tail[] = {0, 0, 0, 9, 0, 0, 0, 58};
  all.insert(all.end(), std::begin(tail), std::end(tail));
  all.insert(all.end(), std::begin(icmp), std::end(icmp));
  EXPECT_EQ(mpl::ipv6_pseudo_header(src.data(), dst.data(), 9, 58).add(icmp).finish(),
            reference_checksum(all.data(), all.size()));
}

// RFC 1624 section 4: the sum of the other header words is 0xCD7A and a
// word m changes from 0x5555 to 0x3285. The old checksum is 0xDD2F; the
// new one must be 0x0000 (equation 3), not the 0xFFFF equation 2 gives.
TEST(ChecksumUpdate, Rfc1624Example) {
  const std::uint16_t old_checksum = static_cast<std::uint16_t>(~mpl::detail::fold_sum(0xCD7Au + 0x5555u));
  EXPECT_EQ(old_checksum, 0xDD2F);
  EXPECT_EQ(mpl::checksum_update16(old_checksum, 0x5555, 0x3285), 0x0000);
  // And back: from 0x0000 the reverse change restores 0xDD2F.
  EXPECT_EQ(mpl::checksum_update16(0x0000, 0x3285, 0x5555), 0xDD2F);
  // The same with the field as bytes at an even offset.
  const std::uint8_t m_old[] = {0x55, 0x55}, m_new[] = {0x32, 0x85};
  EXPECT_EQ(mpl::checksum_update(old_checksum, 4, m_old, m_new), 0x0000);
  // As a 32-bit change whose other half stays the same.
  EXPECT_EQ(mpl::checksum_update32(old_checksum, 0x55550000u, 0x32850000u), 0x0000);
}

TEST(ChecksumUpdate, CornerValues) {
  // Unchanged values leave the checksum unchanged, including 0x0000 and 0xFFFF.
  for (std::uint16_t c : {std::uint16_t{0x0000}, std::uint16_t{0xFFFF}, std::uint16_t{0x1234}}) {
    for (std::uint16_t m : {std::uint16_t{0x0000}, std::uint16_t{0xFFFF}, std::uint16_t{0xABCD}}) {
      const std::uint16_t u = mpl::checksum_update16(c, m, m);
      // +0 and -0 are the same number in one's complement; eqn. 3 prefers 0x0000.
      EXPECT_TRUE(u == c || (c == 0xFFFF && u == 0x0000)) << c << " " << m << " -> " << u;
    }
  }
  // 0xFFFF and 0x0000 are the same one's complement value: swapping one for
  // the other changes nothing the receiver can see.
  const std::uint16_t c = 0xB861;
  const std::uint16_t u = mpl::checksum_update16(c, 0x0000, 0xFFFF);
  EXPECT_TRUE(u == c) << u;
}

// Changing random fields of random packets: the incremental result verifies
// exactly as a full recomputation does.
TEST(ChecksumUpdate, MatchesRecomputation) {
  std::mt19937 rng(77);
  for (int iter = 0; iter < 2000; ++iter) {
    const std::size_t n = 30 + rng() % 60;  // room for a 16-byte field after byte 12
    std::vector<std::uint8_t> pkt = random_bytes(rng, n);
    pkt[0] = 0x45;  // never all zero, as in a real header
    pkt[10] = pkt[11] = 0;
    const std::uint16_t old_checksum = mpl::internet_checksum(mpl::bytes_of(pkt));
    mpl::store_u16_be(pkt.data() + 10, old_checksum);

    const int kind = iter % 3;
    const std::size_t width = kind == 0 ? 2 : kind == 1 ? 4 : 1 + rng() % 16;
    std::size_t at = 12 + rng() % (n - 12 - width + 1);
    if (kind != 2) at &= ~std::size_t{1};  // the fixed-width forms need an even offset
    const std::vector<std::uint8_t> before(pkt.begin() + static_cast<std::ptrdiff_t>(at),
                                           pkt.begin() + static_cast<std::ptrdiff_t>(at + width));
    for (std::size_t i = 0; i < width; ++i) pkt[at + i] = static_cast<std::uint8_t>(rng());

    std::uint16_t updated = 0;
    if (kind == 0) {
      updated = mpl::checksum_update16(old_checksum, mpl::load_u16_be(before.data()), mpl::load_u16_be(pkt.data() + at));
    } else if (kind == 1) {
      updated = mpl::checksum_update32(old_checksum, mpl::load_u32_be(before.data()), mpl::load_u32_be(pkt.data() + at));
    } else {
      updated = mpl::checksum_update(old_checksum, at, mpl::bytes_of(before), mpl::bytes(pkt.data() + at, width));
    }
    mpl::store_u16_be(pkt.data() + 10, updated);
    ASSERT_TRUE(mpl::internet_checksum_ok(mpl::bytes_of(pkt))) << iter;

    pkt[10] = pkt[11] = 0;
    const std::uint16_t full = mpl::internet_checksum(mpl::bytes_of(pkt));
    ASSERT_TRUE(updated == full || (updated == 0x0000 && full == 0xFFFF) || (updated == 0xFFFF && full == 0x0000))
        << iter;
  }
}

}  // namespace
