#include "mpl/bytes.h"

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace {

static_assert(std::is_same_v<mpl::bytes::element_type, const std::uint8_t>);
static_assert(std::is_same_v<mpl::mutable_bytes::element_type, std::uint8_t>);
static_assert(std::is_convertible_v<mpl::mutable_bytes, mpl::bytes>);

constexpr std::uint8_t kAbc[] = {'a', 'b', 'c'};
static_assert(mpl::equal(mpl::bytes_of(kAbc), "abc"));
static_assert(!mpl::equal(mpl::bytes_of(kAbc), "abd"));
static_assert(!mpl::equal(mpl::bytes_of(kAbc), "ab"));

TEST(Bytes, FromStringViewHasNoTerminator) {
  mpl::bytes b = mpl::bytes_of(std::string_view("SSH-2.0"));
  ASSERT_EQ(b.size(), 7u);
  EXPECT_EQ(b[0], 'S');
  EXPECT_EQ(b[6], '0');
  EXPECT_EQ(mpl::as_string_view(b), "SSH-2.0");
}

TEST(Bytes, FromContainersViewsTheSameMemory) {
  std::vector<std::uint8_t> v = {1, 2, 3};
  std::array<std::uint8_t, 4> a = {4, 5, 6, 7};
  std::uint8_t c[2] = {8, 9};
  EXPECT_EQ(mpl::bytes_of(v).data(), v.data());
  EXPECT_EQ(mpl::bytes_of(v).size(), 3u);
  EXPECT_EQ(mpl::bytes_of(a).size(), 4u);
  EXPECT_EQ(mpl::bytes_of(c).size(), 2u);

  mpl::mutable_bytes mv = mpl::mutable_bytes_of(v);
  mv[0] = 42;
  EXPECT_EQ(v[0], 42);
  mpl::mutable_bytes_of(a)[3] = 43;
  EXPECT_EQ(a[3], 43);
  mpl::mutable_bytes_of(c)[1] = 44;
  EXPECT_EQ(c[1], 44);
}

TEST(Bytes, FromStdByte) {
  std::array<std::byte, 2> raw = {std::byte{0xAB}, std::byte{0xCD}};
  mpl::bytes b = mpl::bytes_of(std::span<const std::byte>(raw));
  ASSERT_EQ(b.size(), 2u);
  EXPECT_EQ(b[0], 0xAB);
  mpl::mutable_bytes m = mpl::mutable_bytes_of(std::span<std::byte>(raw));
  m[1] = 0x01;
  EXPECT_EQ(raw[1], std::byte{0x01});
}

TEST(Bytes, Equal) {
  std::vector<std::uint8_t> x = {1, 2, 3}, y = {1, 2, 3}, z = {1, 2, 4};
  EXPECT_TRUE(mpl::equal(mpl::bytes_of(x), mpl::bytes_of(y)));
  EXPECT_FALSE(mpl::equal(mpl::bytes_of(x), mpl::bytes_of(z)));
  EXPECT_FALSE(mpl::equal(mpl::bytes_of(x), mpl::bytes(x.data(), 2)));
  EXPECT_TRUE(mpl::equal(mpl::bytes(), mpl::bytes()));
  EXPECT_TRUE(mpl::equal(mpl::bytes(), ""));
  // Bytes above 0x7f compare as bytes, not as signed chars.
  std::vector<std::uint8_t> hi = {0xFF};
  EXPECT_TRUE(mpl::equal(mpl::bytes_of(hi), "\xff"));
}

}  // namespace
