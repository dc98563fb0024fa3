// parse_as<Case>() (docs/generated-api.md, "Parsing as one case") against
// parse() + the case accessor, for every case of ssh_message, ssh_packet and
// bgp_message, on the messages of the corpus captures, their truncations
// and one-byte changes (the classify subject to every value), under every
// value of the parameters that choose between cases.
#include <gtest/gtest.h>

#include <mpl/ssh.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "bgp.h"
#include "corpus.h"
#include "parse_as_check.h"
#include "ssh.h"
#include "streams.h"

namespace {

using Bytes = std::vector<std::uint8_t>;

std::vector<std::string> captures(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(codec_test::corpus(dir))) {
    if (entry.path().extension() == ".pcap") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The unencrypted binary packets of every SSH stream of the corpus: after
// the version line, packets until NEWKEYS (then everything is encrypted).
std::vector<Bytes> ssh_packets() {
  std::vector<Bytes> out;
  for (const auto& file : captures("ssh")) {
    for (const auto& s : ssh_bgp_test::tcp_streams(file)) {
      if (s.source_port != 22 && s.destination_port != 22) continue;
      mpl::bytes rest{s.data.data(), s.data.size()};
      auto v = mpl::ssh_version_line::parse(rest, true);
      if (!v.ok()) continue;  // servers that talk first, SSH-1: ssh_test.cc covers them
      rest = rest.subspan(v->parsed_size);
      while (!rest.empty()) {
        auto p = ssh::ssh_packet::parse(rest, 8);
        if (!p.ok()) break;
        out.emplace_back(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(p->size()));
        const bool newkeys = !p->payload().empty() && p->payload()[0] == 21;
        rest = rest.subspan(p->size());
        if (newkeys) break;
      }
    }
  }
  return out;
}

std::vector<Bytes> bgp_messages() {
  std::vector<Bytes> out;
  for (const auto& file : captures("bgp")) {
    for (const auto& s : ssh_bgp_test::tcp_streams(file)) {
      if (s.source_port != 179 && s.destination_port != 179) continue;
      mpl::bytes rest{s.data.data(), s.data.size()};
      while (rest.size() >= 19) {
        auto v = bgp::bgp_message::parse(rest, false);
        if (!v.ok()) break;
        out.emplace_back(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(v->size()));
        rest = rest.subspan(v->size());
      }
    }
  }
  return out;
}

TEST(ParseAs, SshMessagesAgreeWithParseForEveryCase) {
  MPL_NEEDS_CORPUS();
  namespace msg = ssh::ssh_message;
  using kind = msg::message_number_case_t;
  const auto packets = ssh_packets();
  ASSERT_GT(packets.size(), 20u);
  codec_test::ParseAsTally tally;
  std::size_t inputs = 0;
  const auto case_of = [](const msg::view& v) { return v.message_number_case(); };
  for (std::size_t i = 0; i < packets.size(); ++i) {
    const auto payload = ssh::ssh_packet::parse(mpl::bytes(packets[i].data(), packets[i].size()), 8)->payload();
    const Bytes message(payload.begin(), payload.end());
    // kex decides messages 30..34, auth_method message 60, port_reply 81,
    // each independently of the others: every value of each parameter,
    // the others at their first. Every variant under each kex method; the
    // message number sweep under the other settings.
    for (std::uint64_t kex = 0; kex < 3; ++kex) {
      for (std::uint64_t auth = 0; auth < 4; ++auth) {
        for (const bool port : {false, true}) {
          if (int{kex != 0} + int{auth != 0} + int{port} > 1) continue;
          const bool full = auth == 0 && !port;
          const auto parse = [&](mpl::bytes b) { return msg::parse(b, kex, auth, port); };
          const auto parse_as = [&]<kind C>(mpl::bytes b) { return msg::parse_as<C>(b, kex, auth, port); };
          const auto check = [&](mpl::bytes input, const std::string& what) {
            if (::testing::Test::HasFatalFailure()) return;
            ++inputs;
            const std::string problem =
                codec_test::parse_as_disagreement<kind, 42>(input, parse, parse_as, case_of, tally);
            ASSERT_TRUE(problem.empty()) << "packet " << i << ", " << what << ", kex " << kex << ", auth " << auth
                                         << ", port " << port << ": " << problem;
          };
          if (full) {
            codec_test::for_each_variant(message, /*subject_at=*/0, check);
          } else {
            Bytes m = message;
            for (int v = 0; v < 256 && !m.empty(); ++v) {
              m[0] = static_cast<std::uint8_t>(v);
              check(mpl::bytes(m.data(), m.size()), "message number " + std::to_string(v));
            }
          }
        }
      }
    }
  }
  codec_test::expect_both_outcomes(tally, inputs);
}

// ssh_packet's classify has a computed subject (the block alignment): the
// case error names the classify, where the packet's fields end.
TEST(ParseAs, SshPacketsAgreeWithParse) {
  MPL_NEEDS_CORPUS();
  namespace pkt = ssh::ssh_packet;
  using kind = pkt::classify0_case_t;
  const auto packets = ssh_packets();
  ASSERT_FALSE(packets.empty());
  codec_test::ParseAsTally tally;
  std::size_t inputs = 0;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    for (const int block : {8, 16}) {
      const auto parse = [block](mpl::bytes b) { return pkt::parse(b, block); };
      const auto parse_as = [block]<kind C>(mpl::bytes b) { return pkt::parse_as<C>(b, block); };
      const auto case_of = [](const pkt::view& v) { return v.classify0_case(); };
      codec_test::for_each_variant(packets[i], /*subject_at=*/3, [&](mpl::bytes input, const std::string& what) {
        if (::testing::Test::HasFatalFailure()) return;
        ++inputs;
        const std::string problem = codec_test::parse_as_disagreement<kind, 1>(input, parse, parse_as, case_of, tally);
        ASSERT_TRUE(problem.empty()) << "packet " << i << ", " << what << ", block " << block << ": " << problem;
      });
    }
  }
  codec_test::expect_both_outcomes(tally, inputs);
}

TEST(ParseAs, BgpMessagesAgreeWithParseForEveryCase) {
  MPL_NEEDS_CORPUS();
  namespace m = bgp::bgp_message;
  using kind = m::type_case_t;
  const auto messages = bgp_messages();
  ASSERT_GT(messages.size(), 20u);
  codec_test::ParseAsTally tally;
  std::size_t inputs = 0;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    for (const bool add_path : {false, true}) {
      const auto parse = [add_path](mpl::bytes b) { return m::parse(b, add_path); };
      const auto parse_as = [add_path]<kind C>(mpl::bytes b) { return m::parse_as<C>(b, add_path); };
      const auto case_of = [](const m::view& v) { return v.type_case(); };
      codec_test::for_each_variant(messages[i], /*subject_at=*/18, [&](mpl::bytes input, const std::string& what) {
        if (::testing::Test::HasFatalFailure()) return;
        ++inputs;
        const std::string problem = codec_test::parse_as_disagreement<kind, 6>(input, parse, parse_as, case_of, tally);
        ASSERT_TRUE(problem.empty()) << "message " << i << ", " << what << ", add_path " << add_path << ": "
                                     << problem;
      });
    }
  }
  codec_test::expect_both_outcomes(tally, inputs);
}

}  // namespace
