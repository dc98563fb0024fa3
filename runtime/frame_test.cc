#include "mpl/frame.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace mpl {
namespace {


// Every prefix of `message` (plus trailing bytes of a next message) must
// answer need_more until the whole message is there, then complete(size).
template <class Framer>
void expect_frames_at_every_length(const Framer& f, const std::vector<std::uint8_t>& message, std::size_t header) {
  std::vector<std::uint8_t> stream = message;
  stream.insert(stream.end(), {0xEE, 0xEE, 0xEE});  // the next message's first bytes
  for (std::size_t n = 0; n < message.size(); ++n) {
    const frame_status st = f(bytes(stream.data(), n));
    ASSERT_TRUE(st.is_need_more()) << "prefix " << n;
    EXPECT_GT(st.size(), n) << "prefix " << n;
    // Once the length field is in, the answer is exact.
    if (n >= header) {
      EXPECT_EQ(st.size(), message.size()) << "prefix " << n;
    }
  }
  for (std::size_t n = message.size(); n <= stream.size(); ++n) {
    EXPECT_EQ(f(bytes(stream.data(), n)), frame_status::complete(message.size())) << "prefix " << n;
  }
}

TEST(Frame, TwoBytePrefixLikeDnsOverTcp) {
  const length_prefix_framer<2> f;
  expect_frames_at_every_length(f, {0x00, 0x03, 'a', 'b', 'c'}, 2);
  expect_frames_at_every_length(f, {0x00, 0x01, 'z'}, 2);
  std::vector<std::uint8_t> longest(2 + 65535, 0x11);
  longest[0] = longest[1] = 0xFF;
  EXPECT_EQ(f(bytes(longest)), frame_status::complete(65537));
  EXPECT_EQ(f(bytes(longest).first(2)), frame_status::need_more(65537));
}

TEST(Frame, ZeroLengthIsAnError) {
  const length_prefix_framer<2> f;
  const std::uint8_t zero[] = {0x00, 0x00};
  const frame_status st = f(bytes(zero));
  EXPECT_TRUE(st.is_error());
  EXPECT_STREQ(st.message(), "length below the header size");
  EXPECT_EQ(st.found(), 0u);
}

TEST(Frame, FourBytePrefixWithBoundsLikeSsh) {
  const length_prefix_framer<4> f{.min_size = 16, .max_size = 35000};
  std::vector<std::uint8_t> m(4 + 12, 0x22);
  m[0] = m[1] = m[2] = 0;
  m[3] = 12;
  expect_frames_at_every_length(f, m, 4);
  const std::uint8_t small[] = {0, 0, 0, 11};
  EXPECT_EQ(f(bytes(small)), frame_status::error("length below the header size", 11));
  const std::uint8_t big[] = {0, 0, 0x88, 0xB9};  // 35001 + 4 > 35000
  EXPECT_EQ(f(bytes(big)), frame_status::error("length above the bound", 35001));
  // Below min_size, even the need_more bound says the minimum.
  EXPECT_EQ(f(bytes(small).first(2)), frame_status::need_more(16));
}

TEST(Frame, HostileLengthsNeverWrap) {
  const length_prefix_framer<8> f8;
  const std::uint8_t all_ones[8] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  EXPECT_TRUE(f8(bytes(all_ones)).is_error());
  // value + adjust would wrap to 7 without the check before the addition.
  const std::uint8_t wraps[8] = {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  const length_field near_max{.offset = 0, .width = 8, .adjust = 8, .min_size = 1,
                              .max_size = static_cast<std::size_t>(-1)};
  EXPECT_TRUE(frame_length_field(bytes(wraps), near_max).is_error());
  const length_prefix_framer<4> f4;
  const std::uint8_t huge[4] = {0xFF, 0xFF, 0xFF, 0xFF};
  EXPECT_EQ(f4(bytes(huge)), frame_status::error("length above the bound", 0xFFFFFFFFu));
}

TEST(Frame, LittleEndianLengthCoveringTheWholeMessageLike9p) {
  // 9P: size[4] little-endian counts itself; the smallest message is
  // size[4] type[1] tag[2] = 7 bytes.
  const length_prefix_framer<4, std::endian::little, 0> f{.min_size = 7, .max_size = 8192};
  expect_frames_at_every_length(f, {0x09, 0x00, 0x00, 0x00, 100, 0x01, 0x00, 'h', 'i'}, 4);
  const std::uint8_t counts_less_than_itself[] = {0x03, 0x00, 0x00, 0x00};
  EXPECT_EQ(f(bytes(counts_less_than_itself)), frame_status::error("length below the header size", 3));
}

TEST(Frame, LengthFieldInsideAHeaderLikeBgp) {
  // BGP: 16-byte marker, then length[2] covering the whole message (19..4096).
  const length_field bgp{.offset = 16, .width = 2, .order = std::endian::big, .adjust = 0, .min_size = 19,
                         .max_size = 4096};
  const auto f = [&](bytes b) { return frame_length_field(b, bgp); };
  std::vector<std::uint8_t> keepalive(16, 0xFF);
  keepalive.insert(keepalive.end(), {0x00, 19, 4});
  expect_frames_at_every_length(f, keepalive, 18);
  // Until the length is in, the least a message can be is its minimum.
  EXPECT_EQ(f(bytes(keepalive).first(3)), frame_status::need_more(19));
  keepalive[17] = 18;
  EXPECT_EQ(f(bytes(keepalive)), frame_status::error("length below the header size", 18));
  keepalive[16] = 0x10;
  keepalive[17] = 0x01;
  EXPECT_EQ(f(bytes(keepalive)), frame_status::error("length above the bound", 4097));
}

TEST(Frame, OneBytePrefix) {
  const length_prefix_framer<1> f;
  EXPECT_EQ(f.max_size, 256u);
  std::vector<std::uint8_t> m(256, 0x33);
  m[0] = 255;
  expect_frames_at_every_length(f, m, 1);
}

TEST(Frame, LineUpToTheLimit) {
  const line_framer f{.max_line = 8};
  const std::string_view text = "SSH-2\r\nrest";
  for (std::size_t n = 0; n < 7; ++n) {
    EXPECT_EQ(f(bytes_of(text.substr(0, n))), frame_status::need_more(n + 1)) << n;
  }
  EXPECT_EQ(f(bytes_of(text)), frame_status::complete(7));
  // Exactly max_line bytes with the LF last is a line; one more is not.
  EXPECT_EQ(f(bytes_of("1234567\n")), frame_status::complete(8));
  EXPECT_EQ(f(bytes_of("12345678\n")), frame_status::error("line longer than the limit", 8));
  EXPECT_EQ(f(bytes_of("12345678")), frame_status::error("line longer than the limit", 8));
}

static_assert(framer<length_prefix_framer<2>>);
static_assert(framer<line_framer>);
static_assert(length_prefix_framer<2>{}.max_size == 65537);
static_assert(length_prefix_framer<4>{}.max_size == 65539);

}  // namespace
}  // namespace mpl
