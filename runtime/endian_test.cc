#include "mpl/endian.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <random>
#include <vector>

namespace {

constexpr std::uint8_t kWire[] = {0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF, 0xF0};

// The same functions work during constant evaluation.
static_assert(mpl::load_u16_be(kWire) == 0x0123);
static_assert(mpl::load_u32_be(kWire) == 0x01234567u);
static_assert(mpl::load_u64_be(kWire) == 0x0123456789ABCDEFull);
static_assert(mpl::load_u16_le(kWire) == 0x2301);
static_assert(mpl::load_u32_le(kWire) == 0x67452301u);
static_assert(mpl::load_u64_le(kWire) == 0xEFCDAB8967452301ull);
static_assert(mpl::get_bits(kWire, 4, 8) == 0x12);
static_assert(mpl::get_bits<60, 12>(kWire) == 0xFF0);
static_assert(mpl::load_uint_be(kWire + 1, 3) == 0x234567);

constexpr std::array<std::uint8_t, 4> stored_be() {
  std::array<std::uint8_t, 4> a{};
  mpl::store_u32_be(a.data(), 0xDEADBEEF);
  return a;
}
static_assert(stored_be()[0] == 0xDE && stored_be()[3] == 0xEF);

constexpr std::uint8_t set_then_get() {
  std::array<std::uint8_t, 2> a{};
  mpl::set_bits(a.data(), 3, 7, 0x55);
  return static_cast<std::uint8_t>(mpl::get_bits(a.data(), 3, 7));
}
static_assert(set_then_get() == 0x55);

TEST(Endian, LoadsAtEveryAlignment) {
  // An odd offset into the buffer must work (wire fields are unaligned).
  std::array<std::uint8_t, 17> buf{};
  for (std::size_t i = 0; i < buf.size(); ++i) buf[i] = static_cast<std::uint8_t>(0x10 + i);
  for (std::size_t off = 0; off + 8 <= buf.size(); ++off) {
    const std::uint8_t* p = buf.data() + off;
    std::uint64_t be = 0, le = 0;
    for (int i = 0; i < 8; ++i) be = (be << 8) | p[i];
    for (int i = 7; i >= 0; --i) le = (le << 8) | p[i];
    EXPECT_EQ(mpl::load_u8(p), p[0]);
    EXPECT_EQ(mpl::load_u16_be(p), be >> 48);
    EXPECT_EQ(mpl::load_u32_be(p), be >> 32);
    EXPECT_EQ(mpl::load_u64_be(p), be);
    EXPECT_EQ(mpl::load_u16_le(p), le & 0xFFFF);
    EXPECT_EQ(mpl::load_u32_le(p), le & 0xFFFFFFFF);
    EXPECT_EQ(mpl::load_u64_le(p), le);
    EXPECT_EQ(mpl::load_be<std::uint32_t>(p), mpl::load_u32_be(p));
    EXPECT_EQ(mpl::load_le<std::uint16_t>(p), mpl::load_u16_le(p));
  }
}

TEST(Endian, StoresProduceWireOrder) {
  std::array<std::uint8_t, 8> b{};
  mpl::store_u16_be(b.data(), 0xABCD);
  EXPECT_EQ(b[0], 0xAB);
  EXPECT_EQ(b[1], 0xCD);
  mpl::store_u16_le(b.data(), 0xABCD);
  EXPECT_EQ(b[0], 0xCD);
  EXPECT_EQ(b[1], 0xAB);
  mpl::store_u32_be(b.data(), 0x11223344);
  EXPECT_EQ((std::array<std::uint8_t, 4>{b[0], b[1], b[2], b[3]}), (std::array<std::uint8_t, 4>{0x11, 0x22, 0x33, 0x44}));
  mpl::store_u32_le(b.data(), 0x11223344);
  EXPECT_EQ((std::array<std::uint8_t, 4>{b[0], b[1], b[2], b[3]}), (std::array<std::uint8_t, 4>{0x44, 0x33, 0x22, 0x11}));
  mpl::store_u64_be(b.data(), 0x0102030405060708ull);
  EXPECT_EQ(b, (std::array<std::uint8_t, 8>{1, 2, 3, 4, 5, 6, 7, 8}));
  mpl::store_u64_le(b.data(), 0x0102030405060708ull);
  EXPECT_EQ(b, (std::array<std::uint8_t, 8>{8, 7, 6, 5, 4, 3, 2, 1}));
  mpl::store_u8(b.data() + 7, 0x99);
  EXPECT_EQ(b[7], 0x99);
}

TEST(Endian, StoreLoadRoundTripsAndTouchesOnlyItsBytes) {
  std::mt19937_64 rng(1);
  for (int iter = 0; iter < 200; ++iter) {
    std::array<std::uint8_t, 12> b;
    b.fill(0x5A);
    const std::uint64_t v = rng();
    const std::size_t off = static_cast<std::size_t>(iter % 3);
    mpl::store_u64_be(b.data() + off, v);
    EXPECT_EQ(mpl::load_u64_be(b.data() + off), v);
    mpl::store_u64_le(b.data() + off, v);
    EXPECT_EQ(mpl::load_u64_le(b.data() + off), v);
    mpl::store_u32_be(b.data() + off, static_cast<std::uint32_t>(v));
    EXPECT_EQ(mpl::load_u32_be(b.data() + off), static_cast<std::uint32_t>(v));
    mpl::store_u16_le(b.data() + off, static_cast<std::uint16_t>(v));
    EXPECT_EQ(mpl::load_u16_le(b.data() + off), static_cast<std::uint16_t>(v));
    for (std::size_t i = 0; i < off; ++i) EXPECT_EQ(b[i], 0x5A);
    for (std::size_t i = off + 8; i < b.size(); ++i) EXPECT_EQ(b[i], 0x5A);
  }
}

TEST(Endian, VariableWidthBigEndian) {
  const std::uint8_t p[] = {0xA1, 0xB2, 0xC3, 0xD4, 0xE5, 0xF6, 0x07, 0x18};
  std::uint64_t expect = 0;
  for (unsigned n = 1; n <= 8; ++n) {
    expect = (expect << 8) | p[n - 1];
    EXPECT_EQ(mpl::load_uint_be(p, n), expect) << n;
    std::array<std::uint8_t, 10> out;
    out.fill(0xEE);
    mpl::store_uint_be(out.data() + 1, n, expect);
    EXPECT_EQ(out[0], 0xEE);
    EXPECT_EQ(out[n + 1], 0xEE);
    for (unsigned i = 0; i < n; ++i) EXPECT_EQ(out[i + 1], p[i]);
  }
}

// Bit i (MSB-first) of the buffer, the definition get/set_bits follow.
unsigned bit_at(const std::vector<std::uint8_t>& b, unsigned i) {
  return (static_cast<unsigned>(b[i / 8]) >> (7 - i % 8)) & 1u;
}

std::uint64_t reference_get(const std::vector<std::uint8_t>& b, unsigned off, unsigned width) {
  std::uint64_t v = 0;
  for (unsigned i = 0; i < width; ++i) v = (v << 1) | bit_at(b, off + i);
  return v;
}

TEST(Endian, BitsKnownValues) {
  // IPv4's first byte: version 4, ihl 5; then DSCP 46, ECN 1.
  const std::uint8_t ip[] = {0x45, 0xB9};
  EXPECT_EQ(mpl::get_bits(ip, 0, 4), 4u);
  EXPECT_EQ(mpl::get_bits(ip, 4, 4), 5u);
  EXPECT_EQ(mpl::get_bits(ip, 8, 6), 46u);
  EXPECT_EQ(mpl::get_bits(ip, 14, 2), 1u);
  EXPECT_EQ((mpl::get_bits<8, 6>(ip)), 46u);
  // A field spanning nine bytes.
  const std::uint8_t all[] = {0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x80};
  EXPECT_EQ(mpl::get_bits(all, 1, 64), ~std::uint64_t{0});
  EXPECT_EQ(mpl::get_bits(all, 0, 64), 0x7FFFFFFFFFFFFFFFull);
}

// Every offset 0..15 and every width 1..64: get matches the bit-by-bit
// definition, set writes exactly the field's bits, and set/get round trip.
TEST(Endian, BitsAllOffsetsAndWidths) {
  std::mt19937_64 rng(7);
  for (unsigned off = 0; off < 16; ++off) {
    for (unsigned width = 1; width <= 64; ++width) {
      for (int rep = 0; rep < 4; ++rep) {
        std::vector<std::uint8_t> buf(12);
        for (auto& x : buf) x = static_cast<std::uint8_t>(rng());
        ASSERT_EQ(mpl::get_bits(buf.data(), off, width), reference_get(buf, off, width))
            << "off " << off << " width " << width;

        const std::vector<std::uint8_t> before = buf;
        const std::uint64_t value = rng();
        const std::uint64_t field = width == 64 ? value : value & ((std::uint64_t{1} << width) - 1);
        mpl::set_bits(buf.data(), off, width, value);  // bits above width are ignored
        ASSERT_EQ(mpl::get_bits(buf.data(), off, width), field) << "off " << off << " width " << width;
        for (unsigned i = 0; i < buf.size() * 8; ++i) {
          if (i >= off && i < off + width) {
            ASSERT_EQ(bit_at(buf, i), (field >> (width - 1 - (i - off))) & 1u);
          } else {
            ASSERT_EQ(bit_at(buf, i), bit_at(before, i)) << "bit " << i << " off " << off << " width " << width;
          }
        }
      }
    }
  }
}

TEST(Endian, BitsTouchOnlyTheBytesOfTheField) {
  // A 9-byte field at offset 7 in a 9-byte buffer: under AddressSanitizer
  // any read or write past the vector's end is caught.
  std::vector<std::uint8_t> buf(9, 0);
  mpl::set_bits(buf.data(), 7, 64, 0);
  std::vector<std::uint8_t> exact(2, 0xFF);
  mpl::set_bits(exact.data(), 0, 16, 0x1234);
  EXPECT_EQ(mpl::get_bits(exact.data(), 0, 16), 0x1234u);
  std::vector<std::uint8_t> one(1, 0);
  mpl::set_bits(one.data(), 3, 5, 0x1F);
  EXPECT_EQ(one[0], 0x1F);
  EXPECT_EQ(mpl::get_bits(one.data(), 3, 5), 0x1Fu);
  std::vector<std::uint8_t> nine(9, 0);
  mpl::set_bits(nine.data(), 7, 64, ~std::uint64_t{0});
  EXPECT_EQ(nine[0], 0x01);
  EXPECT_EQ(nine[8], 0xFE);
  EXPECT_EQ(mpl::get_bits(nine.data(), 7, 64), ~std::uint64_t{0});
}

TEST(Endian, TemplateBitsMatchRuntime) {
  std::uint8_t b[9] = {};
  mpl::set_bits<5, 13>(b, 0x1ABC);
  EXPECT_EQ((mpl::get_bits<5, 13>(b)), 0x1ABCu);
  EXPECT_EQ(mpl::get_bits(b, 5, 13), 0x1ABCu);
  mpl::set_bits<3, 64>(b, 0x0123456789ABCDEFull);
  EXPECT_EQ((mpl::get_bits<3, 64>(b)), 0x0123456789ABCDEFull);
}

}  // namespace
