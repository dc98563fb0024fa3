#include "mpl/writer.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <vector>

#include "mpl/checksum.h"

namespace {

using mpl::error_kind;

// A packet written with every kind of put: the reference sequence for the
// refusal tests below.
void write_everything(mpl::writer& w) {
  w.put_bits(4, 4);  // version
  w.put_bits(5, 4);  // ihl
  w.put_u8(0xB8);
  const std::size_t length_at = w.reserve(2);
  w.put_u16_le(0x1234);
  w.put_u32_be(0xC0A80001);
  w.put_u32_le(0xC0A80001);
  w.put_bits(1, 1);
  w.put_bits(0, 2);
  w.put_bits(0x1ABC, 13);
  const std::uint8_t payload[] = {'h', 'i', '!'};
  w.put_bytes(payload);
  w.align(4);
  w.put_u64_be(0x0102030405060708ull);
  w.put_u64_le(0x0102030405060708ull);
  w.patch_u16_be(length_at, static_cast<std::uint16_t>(w.position()));
}

const std::vector<std::uint8_t> kEverything = {
    0x45, 0xB8, 0x00, 0x24,                          // bits, u8, patched length 36
    0x34, 0x12,                                      // u16 le
    0xC0, 0xA8, 0x00, 0x01, 0x01, 0x00, 0xA8, 0xC0,  // u32 be, u32 le
    0x9A, 0xBC,                                      // 1, 00, 1 1010 1011 1100
    'h', 'i', '!', 0x00,                             // bytes, align(4) pad
    1, 2, 3, 4, 5, 6, 7, 8, 8, 7, 6, 5, 4, 3, 2, 1,
};

TEST(Writer, WritesEverything) {
  std::vector<std::uint8_t> buf(64, 0xEE);
  mpl::writer w(mpl::mutable_bytes(buf.data(), buf.size()));
  write_everything(w);
  ASSERT_TRUE(w.ok());
  auto n = w.finish();
  ASSERT_TRUE(n.ok()) << n.error().describe();
  ASSERT_EQ(*n, kEverything.size());
  EXPECT_EQ(std::vector<std::uint8_t>(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n)), kEverything);
  EXPECT_EQ(w.remaining(), 64 - kEverything.size());
  EXPECT_EQ(w.written().size(), kEverything.size());
  EXPECT_EQ(w.unwritten().size(), 64 - kEverything.size());
  EXPECT_EQ(buf[kEverything.size()], 0xEE);
}

// At every capacity below the size, the writer refuses, never writes past
// the capacity, leaves the bytes from the refusal point on untouched, and
// reports how many bytes it needed.
TEST(Writer, RefusesAtEveryBufferSize) {
  for (std::size_t cap = 0; cap <= kEverything.size() + 2; ++cap) {
    std::vector<std::uint8_t> buf(cap + 16, 0xEE);
    mpl::writer w(mpl::mutable_bytes(buf.data(), cap));
    write_everything(w);
    auto n = w.finish();
    for (std::size_t i = cap; i < buf.size(); ++i) ASSERT_EQ(buf[i], 0xEE) << "cap " << cap << " byte " << i;
    if (cap >= kEverything.size()) {
      ASSERT_TRUE(n.ok()) << cap;
      EXPECT_EQ(*n, kEverything.size());
      continue;
    }
    ASSERT_FALSE(n.ok()) << cap;
    ASSERT_FALSE(w.ok());
    const mpl::error& e = n.error();
    EXPECT_EQ(e.kind, error_kind::buffer_too_small) << cap;
    EXPECT_EQ(e.found, cap);
    EXPECT_GT(e.lo, cap);
    EXPECT_LE(e.offset, cap);
    EXPECT_EQ(e.offset, w.position());
    // Bytes before the refusal are the packet's (except the unpatched length).
    for (std::size_t i = 0; i < e.offset; ++i) {
      if (i == 2 || i == 3) continue;
      ASSERT_EQ(buf[i], kEverything[i]) << "cap " << cap << " byte " << i;
    }
    // A bit run in progress owns the byte at the refusal offset.
    const std::size_t untouched = e.offset + (w.bit_position() != 0 ? 1 : 0);
    for (std::size_t i = untouched; i < cap; ++i) ASSERT_EQ(buf[i], 0xEE) << "cap " << cap << " byte " << i;
  }
}

TEST(Writer, RefusalIsStickyAndReportsTheNeed) {
  std::array<std::uint8_t, 3> buf{};
  mpl::writer w(buf);
  EXPECT_TRUE(w.put_u16_be(1));
  EXPECT_FALSE(w.put_u16_be(2));  // needs 4, has 3
  EXPECT_FALSE(w.put_u8(3));      // would fit, but the writer already failed
  EXPECT_EQ(w.position(), 2u);
  EXPECT_EQ(w.error().kind, error_kind::buffer_too_small);
  EXPECT_EQ(w.error().lo, 4u);
  EXPECT_EQ(w.error().found, 3u);
  EXPECT_EQ(w.error().offset, 2u);
  EXPECT_EQ(buf[2], 0);
}

TEST(Writer, HugeSizesDoNotOverflow) {
  std::array<std::uint8_t, 8> buf{};
  mpl::writer w(buf);
  w.put_u8(1);
  w.reserve(SIZE_MAX);
  EXPECT_FALSE(w.ok());
  EXPECT_EQ(w.position(), 1u);
  mpl::writer s(buf);
  s.skip(SIZE_MAX - 3);
  EXPECT_FALSE(s.ok());
}

TEST(Writer, ReserveZeroFillsAndSkipDoesNot) {
  std::array<std::uint8_t, 6> buf;
  buf.fill(0xAA);
  mpl::writer w(buf);
  EXPECT_EQ(w.reserve(2), 0u);
  EXPECT_EQ(w.skip(2), 2u);
  EXPECT_EQ(w.reserve(0), 4u);
  EXPECT_EQ(buf[0], 0);
  EXPECT_EQ(buf[1], 0);
  EXPECT_EQ(buf[2], 0xAA);
  EXPECT_EQ(buf[3], 0xAA);
  EXPECT_EQ(w.position(), 4u);
}

TEST(Writer, NestedBuilderWritesIntoUnwritten) {
  // An outer header, then an inner packet written in place, then a length
  // and checksum patched over both: the builder pattern with no copy.
  std::array<std::uint8_t, 32> buf;
  buf.fill(0xCC);
  mpl::writer outer(buf);
  outer.put_u16_be(0x4500);  // keeps the checksum field on an even offset
  const std::size_t len_at = outer.reserve(2);
  const std::size_t sum_at = outer.reserve(2);
  {
    mpl::writer inner(outer.unwritten());
    inner.put_u32_be(0xDEADBEEF);
    auto n = inner.finish();
    ASSERT_TRUE(n.ok());
    outer.skip(*n);
  }
  outer.patch_u16_be(len_at, static_cast<std::uint16_t>(outer.position()));
  outer.patch_u16_be(sum_at, mpl::internet_checksum(outer.written()));
  auto n = outer.finish();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 10u);
  EXPECT_EQ(mpl::load_u16_be(buf.data() + 2), 10u);
  EXPECT_EQ(mpl::load_u32_be(buf.data() + 6), 0xDEADBEEFu);
  EXPECT_TRUE(mpl::internet_checksum_ok(mpl::bytes(buf.data(), 10)));
  EXPECT_EQ(buf[10], 0xCC);
}

TEST(Writer, PatchesOnlyWrittenBytes) {
  std::array<std::uint8_t, 16> buf{};
  mpl::writer w(buf);
  w.put_u32_be(0);
  EXPECT_TRUE(w.patch_u32_be(0, 0x01020304));
  EXPECT_TRUE(w.patch_u16_le(2, 0x0605));
  EXPECT_TRUE(w.patch_u8(0, 9));
  EXPECT_EQ(mpl::load_u32_be(buf.data()), 0x09020506u);
  EXPECT_TRUE(w.ok());
  EXPECT_FALSE(w.patch_u16_be(3, 1));  // would touch byte 4, not written yet
  EXPECT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, error_kind::bad_length);
  EXPECT_EQ(buf[4], 0);

  for (std::size_t off = 0; off <= 8; ++off) {
    std::array<std::uint8_t, 16> b{};
    mpl::writer x(b);
    x.reserve(8);
    EXPECT_EQ(x.patch_u64_le(off, 1), off == 0) << off;
    mpl::writer y(b);
    y.reserve(8);
    EXPECT_EQ(y.patch_u32_le(off, 1), off <= 4) << off;
    mpl::writer z(b);
    z.reserve(8);
    EXPECT_EQ(z.patch_u64_be(off, 1), off == 0) << off;
    mpl::writer q(b);
    q.reserve(8);
    EXPECT_EQ(q.patch_u32_be(off, 1), off <= 4) << off;
    mpl::writer r(b);
    r.reserve(8);
    EXPECT_EQ(r.patch_u16_be(SIZE_MAX - off, 1), false);
  }
}

TEST(Writer, PatchBits) {
  std::array<std::uint8_t, 4> buf{};
  mpl::writer w(buf);
  w.put_u16_be(0xFFFF);
  EXPECT_TRUE(w.patch_bits(0, 4, 4, 0));
  EXPECT_EQ(buf[0], 0xF0);
  EXPECT_TRUE(w.patch_bits(0, 12, 4, 0x3));
  EXPECT_EQ(buf[1], 0xF3);
  EXPECT_FALSE(w.patch_bits(1, 4, 8, 0));  // runs into byte 2
  EXPECT_FALSE(w.ok());
}

TEST(Writer, BitRunsClearStaleBytes) {
  std::array<std::uint8_t, 3> buf;
  buf.fill(0xFF);
  mpl::writer w(buf);
  w.put_bits(0, 3);
  EXPECT_EQ(w.bit_position(), 3u);
  EXPECT_EQ(w.position(), 0u);
  w.put_bits(1, 13);
  EXPECT_EQ(w.bit_position(), 0u);
  EXPECT_EQ(w.position(), 2u);
  EXPECT_EQ(buf[0], 0x00);
  EXPECT_EQ(buf[1], 0x01);
  EXPECT_EQ(buf[2], 0xFF);
  w.put_bits(0x3F, 6);
  w.put_bits(0, 2);
  EXPECT_EQ(buf[2], 0xFC);
  EXPECT_TRUE(w.finish().ok());
}

TEST(Writer, BitWidthsUpTo64AtEveryOffset) {
  for (unsigned lead = 0; lead < 8; ++lead) {
    for (unsigned width = 1; width <= 64; ++width) {
      std::array<std::uint8_t, 10> buf;
      buf.fill(0x77);
      mpl::writer w(buf);
      if (lead > 0) w.put_bits(0, lead);
      const std::uint64_t v = 0xA5A5A5A5A5A5A5A5ull;
      ASSERT_TRUE(w.put_bits(v, width));
      const unsigned total = lead + width;
      const unsigned pad = (8 - total % 8) % 8;
      if (pad > 0) w.put_bits(0, pad);
      ASSERT_TRUE(w.finish().ok());
      const std::uint64_t expect = width == 64 ? v : v & ((std::uint64_t{1} << width) - 1);
      EXPECT_EQ(mpl::get_bits(buf.data(), lead, width), expect) << lead << " " << width;
      if (lead > 0) {
        EXPECT_EQ(mpl::get_bits(buf.data(), 0, lead), 0u);
      }
      EXPECT_EQ(w.position(), (total + pad) / 8);
    }
  }
}

TEST(Writer, BytePutInsideABitRunIsRefused) {
  std::array<std::uint8_t, 4> buf{};
  mpl::writer w(buf);
  w.put_bits(1, 4);
  EXPECT_FALSE(w.put_u8(1));
  EXPECT_EQ(w.error().kind, error_kind::bad_alignment);
  mpl::writer v(buf);
  v.put_bits(1, 4);
  auto r = v.finish();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, error_kind::bad_alignment);
  mpl::writer z(buf);
  EXPECT_FALSE(z.put_bits(1, 0));
  EXPECT_FALSE(z.put_bits(1, 65));
}

TEST(Writer, Align) {
  std::array<std::uint8_t, 8> buf;
  buf.fill(0xAB);
  mpl::writer w(buf);
  EXPECT_TRUE(w.align(4));  // already aligned
  EXPECT_EQ(w.position(), 0u);
  w.put_u8(1);
  EXPECT_TRUE(w.align(4));
  EXPECT_EQ(w.position(), 4u);
  EXPECT_EQ(buf[1], 0);
  EXPECT_EQ(buf[3], 0);
  EXPECT_TRUE(w.align(1));
  EXPECT_TRUE(w.align(0));
  w.put_u8(2);
  EXPECT_FALSE(w.align(8) && w.position() == 8 && w.align(16));
  EXPECT_EQ(w.error().kind, error_kind::buffer_too_small);
}

constexpr std::size_t constexpr_write() {
  std::array<std::uint8_t, 8> buf{};
  mpl::writer w(buf);
  w.put_u16_be(0x0102);
  w.put_bits(0xF, 4);
  w.put_bits(0, 4);
  const std::size_t at = w.reserve(2);
  w.patch_u16_le(at, 0x0304);
  return w.finish().value() * 1000 + buf[2] + buf[3];
}
static_assert(constexpr_write() == 5000 + 0xF0 + 0x04);

}  // namespace
