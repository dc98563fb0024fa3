// Every Ethernet frame of the IP and ICMP captures: the layers parse, a
// builder fed from the parsed view writes the same bytes back (round trip),
// parse(build(x)) gives back x, and every truncation of a self-delimiting
// packet is rejected without reading past the end (the codec_tests_asan
// build runs this under AddressSanitizer).
#include <gtest/gtest.h>

#include <array>
#include <filesystem>

#include "capture.h"
#include "ethernet.h"
#include "icmp.h"
#include "ipv4.h"
#include "tcp.h"
#include "udp.h"

namespace {

using codec_test::bytes_of;
using codec_test::Frame;

std::vector<Frame> corpus_ethernet_frames() {
  std::vector<Frame> all;
  for (const char* dir : {"ip", "icmp"}) {
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(codec_test::corpus(dir))) {
      if (entry.path().extension() == ".pcap") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::uint32_t linktype = 0;
      auto frames = codec_test::read_frames(file, &linktype);
      if (linktype != 1) continue;
      // The big capture would dominate the run time; its first frames suffice.
      if (frames.size() > 400) frames.resize(400);
      for (auto& f : frames) all.push_back(std::move(f));
    }
  }
  return all;
}

const std::vector<Frame>& frames() {
  static const std::vector<Frame> all = corpus_ethernet_frames();
  return all;
}

// The IPv4 packet of a frame (untagged or one VLAN tag), if any.
std::optional<mpl::bytes> ipv4_payload(const Frame& frame) {
  auto eth = ethernet::ethernet::parse(bytes_of(frame));
  if (!eth.ok()) return std::nullopt;
  if (auto v4 = eth->as_IPv4()) return v4->payload();
  if (auto vlan = eth->as_Vlan()) {
    if (auto inner = vlan->as_TaggedIPv4()) return inner->payload();
  }
  return std::nullopt;
}

bool header_checksum_ok(mpl::bytes header) { return mpl::internet_checksum(header) == 0; }

TEST(Corpus, HasIpv4Frames) {
  MPL_NEEDS_CORPUS();
  std::size_t n = 0;
  for (const auto& f : frames()) n += ipv4_payload(f).has_value() ? 1 : 0;
  EXPECT_GT(n, 300u);
}

TEST(Corpus, Ipv4RebuildsToTheSameBytes) {
  MPL_NEEDS_CORPUS();
  std::size_t rebuilt = 0, with_options = 0;
  for (const auto& f : frames()) {
    auto bytes = ipv4_payload(f);
    if (!bytes) continue;
    auto ip = ipv4::ipv4::parse(*bytes);
    if (!ip.ok()) continue;
    const mpl::bytes original = ip->bytes();
    const auto b = ipv4::ipv4::builder::from(*ip);  // options too: written from the view's bytes
    ASSERT_EQ(b.size(), original.size());
    std::array<std::uint8_t, 2048> out{};
    auto w = b.write(out);
    ASSERT_TRUE(w.ok()) << w.error().describe();
    ASSERT_EQ(*w, original.size());
    const std::size_t header = ip->header_end();
    if (header_checksum_ok(original.first(header))) {
      EXPECT_TRUE(std::equal(original.begin(), original.end(), out.begin()));
    } else {
      // A capture with checksum offload: everything but the checksum matches,
      // and ours verifies.
      EXPECT_TRUE(header_checksum_ok(mpl::bytes{out.data(), header}));
      EXPECT_TRUE(std::equal(original.begin() + 12, original.end(), out.begin() + 12));
    }
    // parse(build(x)) == x
    auto again = ipv4::ipv4::parse(mpl::bytes{out.data(), *w});
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->ttl(), ip->ttl());
    EXPECT_EQ(again->src(), ip->src());
    EXPECT_EQ(again->protocol(), ip->protocol());
    EXPECT_EQ(again->options().size(), ip->options().size());
    EXPECT_TRUE(std::equal(again->payload().begin(), again->payload().end(), ip->payload().begin()));
    with_options += ip->options().empty() ? 0 : 1;
    ++rebuilt;
  }
  EXPECT_GT(rebuilt, 300u);
  EXPECT_GT(with_options, 0u);
}

// A builder made from a view by hand, field by field, writes the same bytes
// as builder::from() (the designated-initializer path stays covered).
TEST(Corpus, HandWrittenIpv4BuilderMatchesFrom) {
  MPL_NEEDS_CORPUS();
  std::size_t checked = 0;
  for (const auto& f : frames()) {
    auto bytes = ipv4_payload(f);
    if (!bytes) continue;
    auto ip = ipv4::ipv4::parse(*bytes);
    if (!ip.ok() || ip->options().size() != 0) continue;
    const ipv4::ipv4::builder by_hand{
        .dscp = ip->dscp(), .ecn = ip->ecn(), .identification = ip->identification(),
        .dont_fragment = ip->dont_fragment(), .more_fragments = ip->more_fragments(),
        .fragment_offset = ip->fragment_offset(), .ttl = ip->ttl(), .protocol = ip->protocol(),
        .src = ip->src(), .dst = ip->dst(), .payload = ip->payload(),
    };
    std::array<std::uint8_t, 2048> a{}, b{};
    auto wa = by_hand.write(a);
    auto wb = ipv4::ipv4::builder::from(*ip).write(b);
    ASSERT_TRUE(wa.ok() && wb.ok());
    ASSERT_EQ(*wa, *wb);
    EXPECT_EQ(a, b);
    ++checked;
  }
  EXPECT_GT(checked, 300u);
}

TEST(Corpus, UdpInsideIpv4RebuildsWithPseudoHeaderChecksum) {
  MPL_NEEDS_CORPUS();
  std::size_t rebuilt = 0;
  for (const auto& f : frames()) {
    auto bytes = ipv4_payload(f);
    if (!bytes) continue;
    auto ip = ipv4::ipv4::parse(*bytes);
    if (!ip.ok() || ip->protocol() != ipv4::ipv4::protocol_t::UDP || ip->more_fragments() != 0 ||
        ip->fragment_offset() != 0) {
      continue;
    }
    auto u = udp::udp::parse(ip->payload());
    if (!u.ok() || u->checksum() == 0) continue;
    const auto ub = udp::udp::builder::from(*u);
    auto ib = ipv4::ipv4::builder::from(*ip);
    ib.payload = ub;
    std::array<std::uint8_t, 2048> out{};
    auto w = ib.write(out);
    ASSERT_TRUE(w.ok());
    const mpl::checksum_accumulator pseudo =
        mpl::ipv4_pseudo_header(ip->src(), ip->dst(), 17, static_cast<std::uint16_t>(u->size()));
    mpl::checksum_accumulator check = pseudo;
    check.add(u->bytes());
    if (check.finish() != 0) continue;  // offloaded checksum in the capture
    const std::size_t ihl = ip->header_end();
    EXPECT_TRUE(std::equal(u->bytes().begin(), u->bytes().end(), out.begin() + static_cast<std::ptrdiff_t>(ihl)));
    ++rebuilt;
  }
  EXPECT_GT(rebuilt, 0u);
}

TEST(Corpus, TcpRebuildsWithPseudoHeaderChecksum) {
  MPL_NEEDS_CORPUS();
  std::size_t rebuilt = 0;
  for (const auto& f : frames()) {
    auto bytes = ipv4_payload(f);
    if (!bytes) continue;
    auto ip = ipv4::ipv4::parse(*bytes);
    if (!ip.ok() || ip->protocol() != ipv4::ipv4::protocol_t::TCP || ip->fragment_offset() != 0) continue;
    auto t = tcp::tcp::parse(ip->payload());
    if (!t.ok()) continue;
    const auto tb = tcp::tcp::builder::from(*t);  // options too
    const mpl::checksum_accumulator pseudo =
        mpl::ipv4_pseudo_header(ip->src(), ip->dst(), 6, static_cast<std::uint16_t>(t->size()));
    std::array<std::uint8_t, 2048> out{};
    auto w = tb.write(out, pseudo);
    ASSERT_TRUE(w.ok());
    ASSERT_EQ(*w, t->size());
    mpl::checksum_accumulator check = pseudo;
    check.add(t->bytes());
    if (check.finish() != 0) continue;  // offloaded checksum in the capture
    EXPECT_TRUE(std::equal(t->bytes().begin(), t->bytes().end(), out.begin()));
    ++rebuilt;
  }
  EXPECT_GT(rebuilt, 0u);
}

TEST(Corpus, TcpOptionsAreReadable) {
  MPL_NEEDS_CORPUS();
  std::size_t with_options = 0;
  for (const auto& f : frames()) {
    auto bytes = ipv4_payload(f);
    if (!bytes) continue;
    auto ip = ipv4::ipv4::parse(*bytes);
    if (!ip.ok() || ip->protocol() != ipv4::ipv4::protocol_t::TCP || ip->fragment_offset() != 0) continue;
    auto t = tcp::tcp::parse(ip->payload());
    if (!t.ok() || t->options().empty()) continue;
    std::size_t total = 0, count = 0;
    for (const auto& element : t->options()) {
      total += element.size();
      ++count;
      const auto& option = element.option();
      if (auto mss = option.as_MaximumSegmentSize()) {
        EXPECT_GT(mss->mss(), 0u);
      }
    }
    EXPECT_EQ(count, t->options().size());
    EXPECT_EQ(total, t->options().bytes().size());
    EXPECT_EQ(total + 20, static_cast<std::size_t>(t->data_offset()) * 4);
    ++with_options;
  }
  EXPECT_GT(with_options, 0u);
}

TEST(Corpus, EveryTruncationIsRejected) {
  MPL_NEEDS_CORPUS();
  std::size_t checked = 0;
  for (const auto& f : frames()) {
    for (std::size_t n = 0; n < 14 && n < f.size(); ++n) {
      EXPECT_FALSE(ethernet::ethernet::parse(mpl::bytes{f.data(), n}).ok());
    }
    auto bytes = ipv4_payload(f);
    if (!bytes) continue;
    auto ip = ipv4::ipv4::parse(*bytes);
    if (!ip.ok()) continue;
    // A heap copy of each prefix, so AddressSanitizer sees any read past it.
    for (std::size_t n = 0; n < ip->size(); ++n) {
      std::vector<std::uint8_t> prefix(bytes->begin(), bytes->begin() + static_cast<std::ptrdiff_t>(n));
      auto r = ipv4::ipv4::parse(mpl::bytes{prefix.data(), prefix.size()});
      ASSERT_FALSE(r.ok()) << "ipv4 prefix of " << n << " bytes parsed";
      EXPECT_LE(r.error().offset, n);
    }
    if (ip->protocol() == ipv4::ipv4::protocol_t::UDP && ip->fragment_offset() == 0) {
      auto u = udp::udp::parse(ip->payload());
      if (u.ok()) {
        for (std::size_t n = 0; n < u->size(); ++n) {
          std::vector<std::uint8_t> prefix(ip->payload().begin(), ip->payload().begin() + static_cast<std::ptrdiff_t>(n));
          EXPECT_FALSE(udp::udp::parse(mpl::bytes{prefix.data(), prefix.size()}).ok());
        }
      }
    }
    if (ip->protocol() == ipv4::ipv4::protocol_t::TCP && ip->fragment_offset() == 0) {
      auto t = tcp::tcp::parse(ip->payload());
      if (t.ok()) {
        const std::size_t header = static_cast<std::size_t>(t->data_offset()) * 4;
        for (std::size_t n = 0; n < header; ++n) {
          std::vector<std::uint8_t> prefix(ip->payload().begin(), ip->payload().begin() + static_cast<std::ptrdiff_t>(n));
          EXPECT_FALSE(tcp::tcp::parse(mpl::bytes{prefix.data(), prefix.size()}).ok());
        }
      }
    }
    if (ip->protocol() == ipv4::ipv4::protocol_t::ICMP) {
      for (std::size_t n = 0; n < 4 && n < ip->payload().size(); ++n) {
        std::vector<std::uint8_t> prefix(ip->payload().begin(), ip->payload().begin() + static_cast<std::ptrdiff_t>(n));
        EXPECT_FALSE(icmp::icmp::parse(mpl::bytes{prefix.data(), prefix.size()}).ok());
      }
    }
    ++checked;
  }
  EXPECT_GT(checked, 300u);
}

TEST(Errors, NameTheFieldAndOffset) {
  // An IPv4 header claiming version 6.
  Frame bad = codec_test::from_hex("65000014000000004001000001020304050607080000");
  auto r = ipv4::ipv4::parse(bytes_of(bad));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, mpl::error_kind::const_mismatch);
  EXPECT_STREQ(r.error().field, "ipv4.version");
  EXPECT_EQ(r.error().offset, 0u);
  // ihl = 4 is below min(5).
  bad[0] = 0x44;
  r = ipv4::ipv4::parse(bytes_of(bad));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, mpl::error_kind::out_of_range);
  EXPECT_STREQ(r.error().field, "ipv4.ihl");
  EXPECT_EQ(r.error().describe(), "ipv4.ihl at byte 0: value 4 out of range [5, 15]");
  // Truncated in the fixed header (with elided checks, one check for the
  // whole run names its first field; per-field checks name the field cut).
  bad[0] = 0x45;
  r = ipv4::ipv4::parse(mpl::bytes{bad.data(), 10});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, mpl::error_kind::truncated);
  EXPECT_LE(r.error().offset, 10u);
  EXPECT_LE(r.error().found, 10u);
}

}  // namespace
