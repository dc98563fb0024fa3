// write() refuses a byte string or array whose size disagrees with the size
// expression parse() reads it by (found by the generated property tests,
// tests/property): ARP's target addresses are sized by the lengths computed
// from the sender's, operators.mpl sizes `options` by a count of 4-byte
// words, and `divided` by an expression over a field the user sets.
#include <gtest/gtest.h>

#include <array>
#include <string_view>
#include <vector>

#include "arp.h"
#include "gaps.h"
#include "operators.h"

namespace {

template <typename Builder>
mpl::result<std::size_t> write(const Builder& b, std::vector<std::uint8_t>& out) {
  out.assign(b.size(), 0);
  return b.write(mpl::mutable_bytes{out.data(), out.size()});
}

TEST(BuilderSizeChecks, ArpTargetAddressesMustHaveTheSendersLengths) {
  const std::array<std::uint8_t, 6> mac{1, 2, 3, 4, 5, 6};
  const std::array<std::uint8_t, 4> ip{10, 0, 0, 1};
  const std::array<std::uint8_t, 8> long_mac{1, 2, 3, 4, 5, 6, 7, 8};
  arp::arp::builder b{.sender_hardware_address = mpl::bytes{mac}, .sender_protocol_address = mpl::bytes{ip},
                      .target_hardware_address = mpl::bytes{long_mac}, .target_protocol_address = mpl::bytes{ip}};
  std::vector<std::uint8_t> out;
  auto w = write(b, out);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::bad_length);
  EXPECT_STREQ(w.error().field, "arp.target_hardware_address");
  EXPECT_EQ(w.error().found, 6u);  // what hardware_length says
  EXPECT_EQ(w.error().lo, 8u);     // what was given

  b.target_hardware_address = mpl::bytes{mac};
  ASSERT_TRUE(write(b, out).ok());
  auto v = arp::arp::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->size(), out.size());
}

TEST(BuilderSizeChecks, ASizeInWordsRefusesAStringOfAnotherLength) {
  std::vector<std::uint8_t> out;
  for (std::size_t n = 0; n <= 12; ++n) {
    const std::vector<std::uint8_t> options(n, 0xAB);
    operators::ops::builder b;
    b.body = operators::ops::Neither{};  // flags 0 selects it
    b.options = mpl::bytes{options.data(), options.size()};
    auto w = write(b, out);
    // words = sizeof(options) >> 2, and parse() reads words << 2 bytes.
    ASSERT_EQ(w.ok(), n % 4 == 0) << n;
    if (!w.ok()) {
      EXPECT_EQ(w.error().kind, mpl::error_kind::bad_length);
      EXPECT_STREQ(w.error().field, "ops.options");
      continue;
    }
    auto v = operators::ops::parse(mpl::bytes{out.data(), out.size()});
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->options().size(), n);
    EXPECT_EQ(v->size(), out.size());
  }
}

TEST(BuilderSizeChecks, ASizeOverAUserFieldMustMatchTheString) {
  std::vector<std::uint8_t> out;
  const std::array<std::uint8_t, 4> data{};
  // 12 % unit + 12 / unit is 4 for units 3, 5 and 9 only.
  int accepted = 0;
  for (std::uint8_t unit = 1; unit <= 13; ++unit) {
    const operators::divided::builder b{.unit = unit, .data = mpl::bytes{data}};
    auto w = write(b, out);
    const unsigned expected = 12u % unit + 12u / unit;
    ASSERT_EQ(w.ok(), expected == data.size()) << int{unit};
    if (!w.ok()) {
      EXPECT_EQ(w.error().kind, mpl::error_kind::bad_length);
      EXPECT_STREQ(w.error().field, "divided.data");
      EXPECT_EQ(w.error().found, expected);
      continue;
    }
    ++accepted;
    auto v = operators::divided::parse(mpl::bytes{out.data(), out.size()});
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->data().size(), data.size());
  }
  EXPECT_EQ(accepted, 3);
}

}  // namespace

namespace {

TEST(BuilderStringSubjectChecks, TheStringMustSelectTheChosenCase) {
  namespace key = gaps::named_key;
  std::vector<std::uint8_t> out;
  const std::string_view rsa = "rsa", other = "dsa";
  key::builder b{.name = mpl::bytes{reinterpret_cast<const std::uint8_t*>(other.data()), other.size()},
                 .body = key::Rsa{.modulus_bits = 2048}};
  auto w = write(b, out);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::no_branch_matched);
  EXPECT_STREQ(w.error().field, "named_key.name");

  b.name = mpl::bytes{reinterpret_cast<const std::uint8_t*>(rsa.data()), rsa.size()};
  ASSERT_TRUE(write(b, out).ok());
  auto v = key::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  ASSERT_TRUE(v->as_Rsa().has_value());
  EXPECT_EQ(v->as_Rsa()->modulus_bits(), 2048u);
}

}  // namespace
