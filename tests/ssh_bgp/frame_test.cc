// Generated stream framing (P::frame(), docs/generated-api.md "Stream
// framing") on the real TCP streams of the corpus: walking a stream with
// frame() alone finds the same message boundaries as parse() and
// view::size(), every shorter prefix asks for more, and hostile lengths are
// refused before any body byte is needed.
#include <gtest/gtest.h>

#include <mpl/frame.h>
#include <mpl/ssh.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "bgp.h"
#include "corpus.h"
#include "ssh.h"
#include "streams.h"

namespace {

namespace bgp_msg = bgp::bgp_message;
namespace ssh_pkt = ssh::ssh_packet;

std::vector<std::string> captures(const char* protocol) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(codec_test::corpus(protocol))) {
    if (entry.path().extension() == ".pcap") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Every prefix of the message at the start of `rest` (shorter than `size`)
// asks for more, the exact size once the length field is in; the whole
// message (with whatever follows) is complete(size).
template <class Frame>
void expect_frames(Frame frame, mpl::bytes rest, std::size_t size, std::size_t header, const std::string& where) {
  for (std::size_t n = 0; n < size; ++n) {
    const mpl::frame_status st = frame(rest.first(n));
    ASSERT_TRUE(st.is_need_more()) << where << " prefix " << n;
    ASSERT_GT(st.size(), n) << where;
    if (n >= header) {
      ASSERT_EQ(st.size(), size) << where << " prefix " << n;
    }
  }
  ASSERT_EQ(frame(rest), mpl::frame_status::complete(size)) << where;
}

TEST(StreamFraming, BgpStreamsSplitAtTheSameBoundariesAsParse) {
  MPL_NEEDS_CORPUS();
  std::size_t messages = 0;
  for (const auto& file : captures("bgp")) {
    for (const auto& stream : ssh_bgp_test::tcp_streams(file)) {
      if (stream.source_port != 179 && stream.destination_port != 179) continue;
      mpl::bytes rest{stream.data.data(), stream.data.size()};
      while (!rest.empty()) {
        const mpl::frame_status st = bgp_msg::frame(rest);
        if (st.is_need_more()) break;  // the capture ends inside a message
        ASSERT_TRUE(st.is_complete()) << file << ": " << st.message();
        auto v = bgp_msg::parse(rest, false);
        ASSERT_TRUE(v.ok()) << file << ": " << v.error().describe();
        ASSERT_EQ(st.size(), v->size()) << file;
        expect_frames(bgp_msg::frame, rest, st.size(), 18, file);
        rest = rest.subspan(st.size());
        ++messages;
      }
    }
  }
  EXPECT_GE(messages, 100u);
}

TEST(StreamFraming, BgpHostileLengths) {
  std::vector<std::uint8_t> header(19, 0xFF);
  header[18] = 4;  // KEEPALIVE
  const auto with_length = [&](std::uint16_t length) {
    header[16] = static_cast<std::uint8_t>(length >> 8);
    header[17] = static_cast<std::uint8_t>(length);
    return bgp_msg::frame(mpl::bytes(header));
  };
  EXPECT_EQ(with_length(19), mpl::frame_status::complete(19));
  EXPECT_EQ(with_length(18), mpl::frame_status::error("length below the header size", 18));
  EXPECT_EQ(with_length(0), mpl::frame_status::error("length below the header size", 0));
  EXPECT_EQ(with_length(65535), mpl::frame_status::need_more(65535));  // the spec's bound is the field's
  // Before the length arrives, the answer is the fixed header (19 bytes).
  EXPECT_EQ(bgp_msg::frame(mpl::bytes(header).first(5)), mpl::frame_status::need_more(19));
}

TEST(StreamFraming, SshPacketsBeforeNewkeys) {
  MPL_NEEDS_CORPUS();
  std::size_t packets = 0;
  for (const auto& file : captures("ssh")) {
    for (const auto& stream : ssh_bgp_test::tcp_streams(file)) {
      mpl::bytes rest{stream.data.data(), stream.data.size()};
      // Skip the version exchange (lines ending in LF) up to the SSH-2.0 line.
      bool found = false;
      for (int lines = 0; lines < 8 && !found; ++lines) {
        const auto lf = std::find(rest.begin(), rest.end(), '\n');
        if (lf == rest.end()) break;
        found = rest.size() >= 4 && rest[0] == 'S' && rest[1] == 'S' && rest[2] == 'H' && rest[3] == '-';
        rest = rest.subspan(static_cast<std::size_t>(lf - rest.begin()) + 1);
      }
      if (!found) continue;
      while (!rest.empty()) {
        auto p = ssh_pkt::parse(rest, 8);
        if (!p.ok()) break;
        const mpl::frame_status st = ssh_pkt::frame(rest);
        ASSERT_EQ(st, mpl::frame_status::complete(p->size())) << file;
        expect_frames(ssh_pkt::frame, rest, p->size(), 4, file);
        ++packets;
        const bool newkeys = !p->payload().empty() && p->payload()[0] == 21;
        rest = rest.subspan(p->size());
        if (newkeys) break;  // encrypted from here on: the server's own framer
      }
    }
  }
  EXPECT_GE(packets, 10u);
}

TEST(StreamFraming, SshLengthBelowTheHeaderIsRefused) {
  const std::uint8_t zero[5] = {0, 0, 0, 0, 4};
  EXPECT_EQ(ssh_pkt::frame(mpl::bytes(zero)), mpl::frame_status::error("length below the header size", 0));
  const std::uint8_t huge[5] = {0xFF, 0xFF, 0xFF, 0xFF, 4};
  // 2^32 - 1 + 4 is within what the field can say: the reader's own bound
  // (stream_limits::max_input) refuses it without reading the body.
  EXPECT_EQ(ssh_pkt::frame(mpl::bytes(huge)), mpl::frame_status::need_more(0xFFFFFFFFull + 4));
}

}  // namespace
