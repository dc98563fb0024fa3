#include "layout/framing.h"

#include <gtest/gtest.h>

#include <vector>

#include "layout/analyse_for_test.h"

namespace mplc::layout {
namespace {

std::optional<StreamFraming> framing_of(const std::string& spec, const std::string& packet) {
  // The framing points into the analysed model: keep every analysis alive
  // for the whole test run (ASan found the dangling `length` otherwise).
  static std::vector<decltype(analyse(spec))> kept;
  kept.push_back(analyse(spec));
  auto& a = kept.back();
  EXPECT_TRUE(a->layout) << a->diagnostics.render_all();
  if (!a->layout) return std::nullopt;
  return stream_framing(*a->result.model->find_packet(packet), *a->layout);
}

TEST(StreamFraming, BgpLengthCoversTheWholeMessage) {
  auto f = framing_of("bgp.mpl", "bgp_message");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->length->name, "length");
  EXPECT_EQ(f->offset, 16u);
  EXPECT_EQ(f->width, 2u);
  EXPECT_EQ(f->endian, sema::Endian::kBig);
  EXPECT_EQ(f->adjust, 0u);
  EXPECT_EQ(f->min_size, 19u);  // min(19), also the fixed header
  EXPECT_EQ(f->max_size, 65535u);
}

TEST(StreamFraming, NinePSizeIsLittleEndian) {
  auto f = framing_of("9p.mpl", "p9_message");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->offset, 0u);
  EXPECT_EQ(f->width, 4u);
  EXPECT_EQ(f->endian, sema::Endian::kLittle);
  EXPECT_EQ(f->adjust, 0u);
  EXPECT_EQ(f->min_size, 7u);  // size[4] type[1] tag[2]
  EXPECT_EQ(f->max_size, 0xFFFFFFFFu);
}

TEST(StreamFraming, SshLengthLeavesOutItself) {
  // value(offset(padding) - 4), with a zero-size classify after padding.
  auto f = framing_of("ssh.mpl", "ssh_packet");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->adjust, 4u);
  EXPECT_EQ(f->min_size, 5u);  // packet_length[4] padding_length[1]
  EXPECT_EQ(f->max_size, 0xFFFFFFFFull + 4);
}

TEST(StreamFraming, LengthMinusTheOffsetOfAFixedField) {
  // value(offset(capability_end) - offset(capability_length))
  auto f = framing_of("bgp.mpl", "bgp_capability");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->offset, 1u);
  EXPECT_EQ(f->width, 1u);
  EXPECT_EQ(f->adjust, 2u);
  EXPECT_EQ(f->max_size, 257u);
}

TEST(StreamFraming, PacketsWithoutAWholeLengthHaveNone) {
  EXPECT_FALSE(framing_of("dns.mpl", "dns_message"));  // no length: DNS over TCP's prefix is outside
  EXPECT_FALSE(framing_of("dns.mpl", "dns_rr"));       // rdlength is sizeof(rdata), not the record
  EXPECT_FALSE(framing_of("ipv4.mpl", "ipv4_option"));  // its lengths sit inside classify branches
  EXPECT_FALSE(framing_of("ethernet.mpl", "ethernet"));
}

TEST(StreamFraming, Ipv4TotalLength) {
  auto f = framing_of("ipv4.mpl", "ipv4");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->offset, 2u);
  EXPECT_EQ(f->min_size, 20u);
}

}  // namespace
}  // namespace mplc::layout
