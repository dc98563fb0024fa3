// write() refuses what parse() would refuse or read as another case: a
// value past its bit field or its min()/max(), a case whose `when` guard
// does not hold, and a case that an earlier one would take from the wire
// (ICMP type 3 code 4 is FragmentationNeeded, never DestinationUnreachable;
// the `_` case cannot carry a listed type). Each refusal names the field and
// the offending value, and whatever write() accepts parses back as the case
// that was built.
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "icmp.h"
#include "ipv4.h"

namespace {

using icmp_b = icmp::icmp::builder;

template <typename Builder>
mpl::result<std::size_t> write(const Builder& b, std::vector<std::uint8_t>& out) {
  out.assign(b.size(), 0);
  return b.write(mpl::mutable_bytes{out.data(), out.size()});
}

TEST(BuilderChecks, GuardOfTheChosenCaseMustHold) {
  std::vector<std::uint8_t> out;
  const icmp_b wrong_code{.code = 1, .body = icmp::icmp::FragmentationNeeded{.next_hop_mtu = 1400}};
  auto w = write(wrong_code, out);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::guard_failed);
  EXPECT_STREQ(w.error().field, "icmp.type");
  const icmp_b right_code{.code = 4, .body = icmp::icmp::FragmentationNeeded{.next_hop_mtu = 1400}};
  ASSERT_TRUE(write(right_code, out).ok());
  auto v = icmp::icmp::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(v->as_FragmentationNeeded().has_value());
  EXPECT_EQ(v->as_FragmentationNeeded()->next_hop_mtu(), 1400u);
}

TEST(BuilderChecks, AnEarlierCaseThatWouldBeParsedInsteadIsRefused) {
  std::vector<std::uint8_t> out;
  // Code 4 under type 3 is FragmentationNeeded's, which comes first.
  const icmp_b shadowed{.code = 4, .body = icmp::icmp::DestinationUnreachable{}};
  auto w = write(shadowed, out);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::no_branch_matched);
  EXPECT_EQ(w.error().found, 3u);
  for (std::uint8_t code : {0, 1, 3, 5, 13}) {
    const icmp_b ok{.code = code, .body = icmp::icmp::DestinationUnreachable{}};
    ASSERT_TRUE(write(ok, out).ok()) << "code " << int{code};
    auto v = icmp::icmp::parse(mpl::bytes{out.data(), out.size()});
    ASSERT_TRUE(v.ok());
    EXPECT_TRUE(v->as_DestinationUnreachable().has_value()) << "code " << int{code};
  }
}

TEST(BuilderChecks, TheWildcardCaseCannotCarryAListedValue) {
  std::vector<std::uint8_t> out;
  const std::array<std::uint8_t, 4> rest{1, 2, 3, 4};
  const icmp_b echo_as_unknown{.type = icmp::icmp::type_t::EchoRequest, .body = icmp::icmp::Unknown{.rest = mpl::bytes{rest}}};
  auto w = write(echo_as_unknown, out);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::no_branch_matched);
  EXPECT_EQ(w.error().found, 8u);
  const icmp_b unlisted{.type = static_cast<icmp::icmp::type_t>(42), .body = icmp::icmp::Unknown{.rest = mpl::bytes{rest}}};
  ASSERT_TRUE(write(unlisted, out).ok());
  auto v = icmp::icmp::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->as_Unknown().has_value());
}

TEST(BuilderChecks, BitFieldValuesMustFitTheirWidth) {
  std::vector<std::uint8_t> out;
  ipv4::ipv4::builder ip{.dscp = 63, .ttl = 1, .protocol = ipv4::ipv4::protocol_t::UDP};
  ASSERT_TRUE(write(ip, out).ok());
  ip.dscp = 64;  // bit[6]
  auto w = write(ip, out);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::out_of_range);
  EXPECT_STREQ(w.error().field, "ipv4.dscp");
  EXPECT_EQ(w.error().found, 64u);
  EXPECT_EQ(w.error().hi, 63u);
}

}  // namespace
