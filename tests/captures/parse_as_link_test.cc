// parse_as<Case>() (docs/generated-api.md, "Parsing as one case") against
// parse() + the case accessor for the link and network layers, on the
// frames of this folder's link.pcap (no corpus needed): every case of
// ethernet.ethertype over each frame, and every case of icmp.type over each
// ICMP message, with their truncations and one-byte changes (the classify
// subject's byte to every value).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ethernet.h"
#include "icmp.h"
#include "known_capture.h"
#include "parse_as_check.h"

namespace {

using known_capture::Bytes;

TEST(ParseAsLink, EthernetFramesAgreeWithParseForEveryCase) {
  namespace eth = ethernet::ethernet;
  using kind = eth::ethertype_case_t;
  const auto frames = known_capture::frames("link.pcap");
  codec_test::ParseAsTally tally;
  std::size_t inputs = 0;
  const auto parse = [](mpl::bytes b) { return eth::parse(b); };
  const auto parse_as = []<kind C>(mpl::bytes b) { return eth::parse_as<C>(b); };
  const auto case_of = [](const eth::view& v) { return v.ethertype_case(); };
  for (std::size_t i = 0; i < frames.size(); ++i) {
    const auto check = [&](mpl::bytes input, const std::string& what) {
      if (::testing::Test::HasFatalFailure()) return;
      ++inputs;
      const std::string problem = codec_test::parse_as_disagreement<kind, 6>(input, parse, parse_as, case_of, tally);
      ASSERT_TRUE(problem.empty()) << "frame " << i + 1 << ", " << what << ": " << problem;
    };
    // Byte 12 is the ethertype's first: every value reaches Vlan (0x81..),
    // IPv4 (0x08 with 0x00 after it), the 802.3 lengths and Other.
    codec_test::for_each_variant(frames[i], /*subject_at=*/12, check);
  }
  codec_test::expect_both_outcomes(tally, inputs);
}

TEST(ParseAsLink, IcmpMessagesAgreeWithParseForEveryCase) {
  namespace msg = icmp::icmp;
  using kind = msg::type_case_t;
  codec_test::ParseAsTally tally;
  std::size_t inputs = 0;
  std::size_t messages = 0;
  const auto parse = [](mpl::bytes b) { return msg::parse(b); };
  const auto parse_as = []<kind C>(mpl::bytes b) { return msg::parse_as<C>(b); };
  const auto case_of = [](const msg::view& v) { return v.type_case(); };
  for (const auto& frame : known_capture::frames("link.pcap")) {
    // Untagged IPv4 carrying ICMP (protocol 1): the message after the IP header.
    if (frame.size() < 34 || frame[12] != 0x08 || frame[13] != 0x00 || frame[23] != 1) continue;
    const std::size_t ip_header = std::size_t{frame[14] & 0x0fu} * 4;
    if (frame.size() < 14 + ip_header) continue;
    const Bytes message(frame.begin() + static_cast<std::ptrdiff_t>(14 + ip_header), frame.end());
    ++messages;
    const auto check = [&](mpl::bytes input, const std::string& what) {
      if (::testing::Test::HasFatalFailure()) return;
      ++inputs;
      const std::string problem = codec_test::parse_as_disagreement<kind, 17>(input, parse, parse_as, case_of, tally);
      ASSERT_TRUE(problem.empty()) << "ICMP message " << messages << ", " << what << ": " << problem;
    };
    codec_test::for_each_variant(message, /*subject_at=*/0, check);
  }
  ASSERT_GT(messages, 0u);
  codec_test::expect_both_outcomes(tally, inputs);
}

}  // namespace
