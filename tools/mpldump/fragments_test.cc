// IpFragments on fragments made by hand: any order, duplicates, the
// inconsistencies that discard a datagram, and the bounds.
#include "fragments.h"

#include <string>

#include <gtest/gtest.h>

namespace mpldump {
namespace {

using Outcome = IpFragments::Outcome;

mpl::bytes b(const std::string& s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }
std::string text(mpl::bytes x) { return {x.begin(), x.end()}; }

TEST(IpFragments, OutOfOrderFragmentsCompleteOnTheLastOneToArrive) {
  IpFragments f;
  EXPECT_EQ(f.add("a", 0, 16, false, 17, b("cc")), Outcome::kPending);
  EXPECT_EQ(f.add("a", 0, 0, true, 17, b("aaaaaaaa")), Outcome::kPending);
  EXPECT_EQ(f.add("b", 0, 0, true, 6, b("xxxxxxxx")), Outcome::kPending);  // another datagram
  EXPECT_EQ(f.pending(), 2u);
  EXPECT_EQ(f.add("a", 0, 8, true, 17, b("bbbbbbbb")), Outcome::kComplete);
  EXPECT_EQ(text(f.payload()), "aaaaaaaabbbbbbbbcc");
  EXPECT_EQ(f.protocol(), 17u);
  EXPECT_EQ(f.pending(), 1u);
}

TEST(IpFragments, TheProtocolIsTheFirstFragments) {
  IpFragments f;
  EXPECT_EQ(f.add("a", 0, 8, false, 99, b("b")), Outcome::kPending);
  EXPECT_EQ(f.add("a", 0, 0, true, 58, b("aaaaaaaa")), Outcome::kComplete);
  EXPECT_EQ(f.protocol(), 58u);
}

TEST(IpFragments, AConsistentDuplicateIsKept) {
  IpFragments f;
  EXPECT_EQ(f.add("a", 0, 0, true, 17, b("aaaaaaaa")), Outcome::kPending);
  EXPECT_EQ(f.add("a", 0, 0, true, 17, b("aaaaaaaa")), Outcome::kPending);
  EXPECT_EQ(f.add("a", 0, 8, false, 17, b("b")), Outcome::kComplete);
  EXPECT_EQ(text(f.payload()), "aaaaaaaab");
}

TEST(IpFragments, InconsistentFragmentsDiscardTheDatagram) {
  IpFragments overlap;
  EXPECT_EQ(overlap.add("a", 0, 0, true, 17, b("aaaaaaaaaaaaaaaa")), Outcome::kPending);
  EXPECT_EQ(overlap.add("a", 0, 8, true, 17, b("XXXXXXXX")), Outcome::kDiscarded);
  EXPECT_EQ(overlap.pending(), 0u);
  // What comes after starts a new datagram, which lacks its first bytes.
  EXPECT_EQ(overlap.add("a", 0, 16, false, 17, b("c")), Outcome::kPending);

  IpFragments two_ends;
  EXPECT_EQ(two_ends.add("a", 0, 8, false, 17, b("b")), Outcome::kPending);
  EXPECT_EQ(two_ends.add("a", 0, 16, false, 17, b("c")), Outcome::kDiscarded);

  IpFragments beyond_end;
  EXPECT_EQ(beyond_end.add("a", 0, 8, false, 17, b("b")), Outcome::kPending);
  EXPECT_EQ(beyond_end.add("a", 0, 16, true, 17, b("cccccccc")), Outcome::kDiscarded);

  IpFragments end_before_data;
  EXPECT_EQ(end_before_data.add("a", 0, 16, true, 17, b("cccccccc")), Outcome::kPending);
  EXPECT_EQ(end_before_data.add("a", 0, 8, false, 17, b("b")), Outcome::kDiscarded);
}

TEST(IpFragments, NoDatagramBeyond65535Bytes) {
  IpFragments f;
  EXPECT_EQ(f.add("a", 0, 65528, false, 17, b("12345678")), Outcome::kDiscarded);
  EXPECT_EQ(f.add("a", 0, 65528, false, 17, b("1234567")), Outcome::kPending);
}

TEST(IpFragments, OldDatagramsExpire) {
  IpFragments f(IpFragments::Limits{64, 65535, 1000});
  EXPECT_EQ(f.add("a", 5000, 0, true, 17, b("aaaaaaaa")), Outcome::kPending);
  EXPECT_EQ(f.add("a", 6000, 8, false, 17, b("b")), Outcome::kComplete);  // 1000 ns later: still there
  EXPECT_EQ(f.add("a", 5000, 0, true, 17, b("aaaaaaaa")), Outcome::kPending);
  EXPECT_EQ(f.add("a", 6001, 8, false, 17, b("b")), Outcome::kPending);  // the first part expired
  EXPECT_EQ(f.pending(), 1u);
}

TEST(IpFragments, TheOldestDatagramGoesBeyondTheBound) {
  IpFragments f(IpFragments::Limits{2, 65535, 1000});
  EXPECT_EQ(f.add("a", 1, 0, true, 17, b("aaaaaaaa")), Outcome::kPending);
  EXPECT_EQ(f.add("b", 2, 0, true, 17, b("bbbbbbbb")), Outcome::kPending);
  EXPECT_EQ(f.add("c", 3, 0, true, 17, b("cccccccc")), Outcome::kPending);
  EXPECT_EQ(f.pending(), 2u);
  EXPECT_EQ(f.add("a", 4, 8, false, 17, b("A")), Outcome::kPending);  // "a" went
  EXPECT_EQ(f.add("b", 5, 8, false, 17, b("B")), Outcome::kPending);  // so did "b", for the new "a"
  EXPECT_EQ(f.add("c", 6, 8, false, 17, b("C")), Outcome::kPending);  // and "c", for the new "b"
}

}  // namespace
}  // namespace mpldump
