// Builder/parser agreement over random field values (issue 14): for every
// builder of IPv4, UDP and the gaps.mpl packets, write() succeeds exactly
// when every value is one parse() accepts, and what it writes parses back
// to the same field values. Seeds are fixed so a failure reproduces.
#include <gtest/gtest.h>

// g++ 12 at -O2, inlining write() over payloads of random size, warns that
// payload.h's memcpy might copy ~SIZE_MAX bytes on a path its own size
// check excludes (a known false positive of -Wstringop-overflow; at
// RelWithDebInfo's -O2 -g1 it is reported as -Warray-bounds instead).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wstringop-overflow"
#pragma GCC diagnostic ignored "-Warray-bounds"
#endif

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "gaps.h"
#include "ipv4.h"
#include "udp.h"

namespace {

using Bytes = std::vector<std::uint8_t>;
constexpr int kRounds = 2000;

template <typename Builder>
mpl::result<std::size_t> write(const Builder& b, Bytes& out) {
  out.assign(b.size(), 0);
  return b.write(mpl::mutable_bytes{out.data(), out.size()});
}

Bytes random_bytes(std::mt19937& rng, std::size_t max) {
  Bytes b(std::uniform_int_distribution<std::size_t>(0, max)(rng));
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return b;
}

// A value up to twice a field's range, so both accepted and refused values occur.
std::uint64_t around(std::mt19937& rng, std::uint64_t field_max) {
  return std::uniform_int_distribution<std::uint64_t>(0, field_max * 2 + 1)(rng);
}

TEST(WriteParseProperty, Ipv4) {
  std::mt19937 rng(14);
  int written = 0, refused = 0;
  for (int round = 0; round < kRounds; ++round) {
    const std::uint64_t dscp = around(rng, 63), ecn = around(rng, 3), df = around(rng, 1), mf = around(rng, 1);
    const std::uint64_t fragment = around(rng, 8191);
    const Bytes payload = random_bytes(rng, 64);
    ipv4::ipv4::builder b;
    b.dscp = static_cast<std::uint8_t>(dscp);
    b.ecn = static_cast<ipv4::ipv4::ecn_t>(ecn);
    b.identification = static_cast<std::uint16_t>(rng());
    b.dont_fragment = static_cast<std::uint8_t>(df);
    b.more_fragments = static_cast<std::uint8_t>(mf);
    b.fragment_offset = static_cast<std::uint16_t>(fragment);
    b.ttl = static_cast<std::uint8_t>(rng());
    b.protocol = static_cast<ipv4::ipv4::protocol_t>(rng() & 0xff);
    b.src = static_cast<std::uint32_t>(rng());
    b.dst = static_cast<std::uint32_t>(rng());
    b.payload = mpl::bytes{payload.data(), payload.size()};
    const bool valid = dscp <= 63 && ecn <= 3 && df <= 1 && mf <= 1 && fragment <= 8191;
    Bytes out;
    auto w = write(b, out);
    ASSERT_EQ(w.ok(), valid) << "round " << round << (w.ok() ? "" : ": " + w.error().describe());
    if (!w.ok()) {
      EXPECT_EQ(w.error().kind, mpl::error_kind::out_of_range);
      EXPECT_EQ(std::string(w.error().field).rfind("ipv4.", 0), 0u) << w.error().field;
      ++refused;
      continue;
    }
    ++written;
    auto v = ipv4::ipv4::parse(mpl::bytes{out.data(), out.size()});
    ASSERT_TRUE(v.ok()) << "round " << round << ": " << v.error().describe();
    EXPECT_EQ(v->dscp(), b.dscp);
    EXPECT_EQ(v->ecn(), b.ecn);
    EXPECT_EQ(v->identification(), b.identification);
    EXPECT_EQ(v->dont_fragment(), b.dont_fragment);
    EXPECT_EQ(v->more_fragments(), b.more_fragments);
    EXPECT_EQ(v->fragment_offset(), b.fragment_offset);
    EXPECT_EQ(v->ttl(), b.ttl);
    EXPECT_EQ(v->protocol(), b.protocol);
    EXPECT_EQ(v->src(), b.src);
    EXPECT_EQ(v->dst(), b.dst);
    EXPECT_EQ(Bytes(v->payload().begin(), v->payload().end()), payload);
  }
  EXPECT_GT(written, 0);
  EXPECT_GT(refused, 0);
}

TEST(WriteParseProperty, Udp) {
  std::mt19937 rng(768);
  for (int round = 0; round < kRounds; ++round) {
    const Bytes payload = random_bytes(rng, 300);
    udp::udp::builder b;
    b.source_port = static_cast<std::uint16_t>(rng());
    b.destination_port = static_cast<std::uint16_t>(rng());
    b.payload = mpl::bytes{payload.data(), payload.size()};
    Bytes out;
    ASSERT_TRUE(write(b, out).ok()) << "round " << round;
    auto v = udp::udp::parse(mpl::bytes{out.data(), out.size()});
    ASSERT_TRUE(v.ok()) << "round " << round << ": " << v.error().describe();
    EXPECT_EQ(v->source_port(), b.source_port);
    EXPECT_EQ(v->destination_port(), b.destination_port);
    EXPECT_EQ(Bytes(v->payload().begin(), v->payload().end()), payload);
  }
}

TEST(WriteParseProperty, ComputedLengthWithLimits) {
  std::mt19937 rng(4);
  for (int round = 0; round < kRounds; ++round) {
    const Bytes data = random_bytes(rng, 80);
    gaps::min_length::builder b;
    b.data = mpl::bytes{data.data(), data.size()};
    Bytes out;
    auto w = write(b, out);
    ASSERT_EQ(w.ok(), data.size() >= 4 && data.size() <= 64) << data.size();
    if (!w.ok()) {
      EXPECT_STREQ(w.error().field, "min_length.len");
      continue;
    }
    auto v = gaps::min_length::parse(mpl::bytes{out.data(), out.size()});
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(Bytes(v->data().begin(), v->data().end()), data);
  }
}

TEST(WriteParseProperty, GreWithRandomOptionalParts) {
  std::mt19937 rng(2890);
  for (int round = 0; round < kRounds; ++round) {
    const Bytes payload = random_bytes(rng, 40);
    const std::uint32_t key = static_cast<std::uint32_t>(rng()), sequence = static_cast<std::uint32_t>(rng());
    const unsigned mask = rng() % 8;
    gaps::gre::builder b;
    b.protocol_type = static_cast<std::uint16_t>(rng());
    if ((mask & 1) != 0) b.checksum_present_body = gaps::gre::WithChecksum{};
    else b.checksum_present_body = gaps::gre::NoChecksum{};
    if ((mask & 2) != 0) b.key_present_body = gaps::gre::WithKey{.key = key};
    else b.key_present_body = gaps::gre::NoKey{};
    if ((mask & 4) != 0) b.sequence_present_body = gaps::gre::WithSequence{.sequence_number = sequence};
    else b.sequence_present_body = gaps::gre::NoSequence{};
    b.payload = mpl::bytes{payload.data(), payload.size()};
    Bytes out;
    ASSERT_TRUE(write(b, out).ok()) << "round " << round;
    auto v = gaps::gre::parse(mpl::bytes{out.data(), out.size()});
    ASSERT_TRUE(v.ok()) << "round " << round << ": " << v.error().describe();
    EXPECT_EQ(v->protocol_type(), b.protocol_type);
    ASSERT_EQ(v->as_WithChecksum().has_value(), (mask & 1) != 0);
    ASSERT_EQ(v->as_WithKey().has_value(), (mask & 2) != 0);
    ASSERT_EQ(v->as_WithSequence().has_value(), (mask & 4) != 0);
    if ((mask & 1) != 0) {
      EXPECT_EQ(mpl::internet_checksum(mpl::bytes{out.data(), out.size()}), 0);
    }
    if ((mask & 2) != 0) {
      EXPECT_EQ(v->as_WithKey()->key(), key);
    }
    if ((mask & 4) != 0) {
      EXPECT_EQ(v->as_WithSequence()->sequence_number(), sequence);
    }
    EXPECT_EQ(Bytes(v->payload().begin(), v->payload().end()), payload);
  }
}

}  // namespace
