// dns.pcap, made by make_dns_capture.sh: NSD serving the zone mpl.test
// the script writes, asked by dig (five questions over UDP, one over TCP)
// and kdig (one over TCP). Every message parses with the generated DNS
// codec; every answer is the zone's data, record for record; every message
// rebuilds to the same bytes (names compressed afresh by the builder), and
// every truncation is refused.
#include <gtest/gtest.h>

#include <mpl/dns.h>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "app_capture.h"
#include "dns.h"
#include "dns_rebuild.h"
#include "known_capture.h"
#include "streams.h"

namespace {

using namespace known_capture;
namespace msg = dns::dns_message;
namespace rr = dns::dns_rr;

struct Message {
  bool tcp = false;
  Bytes bytes;
};

// UDP datagrams to or from port 53, then the length-prefixed messages of
// each TCP stream on port 53.
const std::vector<Message>& messages() {
  static const std::vector<Message> all = [] {
    std::vector<Message> out;
    for (const auto& frame : frames("dns.pcap")) {
      auto d = app_test::udp_datagram(frame);
      if (d && (d->source_port == 53 || d->destination_port == 53)) out.push_back({false, bytes(d->payload)});
    }
    for (const auto& s : ssh_bgp_test::tcp_streams(path("dns.pcap"))) {
      if (s.source_port != 53 && s.destination_port != 53) continue;
      EXPECT_FALSE(s.gap);
      std::size_t at = 0;
      while (at + 2 <= s.data.size()) {
        const std::size_t length = static_cast<std::size_t>(s.data[at] << 8 | s.data[at + 1]);
        EXPECT_LE(at + 2 + length, s.data.size());
        if (at + 2 + length > s.data.size()) break;
        const auto begin = s.data.begin() + static_cast<std::ptrdiff_t>(at + 2);
        out.push_back({true, Bytes(begin, begin + static_cast<std::ptrdiff_t>(length))});
        at += 2 + length;
      }
      EXPECT_EQ(at, s.data.size());
    }
    return out;
  }();
  return all;
}

std::string hex(mpl::bytes b) {
  std::string s;
  char buf[3];
  for (std::uint8_t x : b) {
    std::snprintf(buf, sizeof buf, "%02x", x);
    s += buf;
  }
  return s;
}

// One record in zone-file words: name, type, TTL and data.
std::string describe(const rr::view& r) {
  std::string out = r.name().to_string();
  if (auto opt = r.as_Opt()) {
    return out + " OPT size " + std::to_string(opt->udp_payload_size()) + " do " + std::to_string(opt->dnssec_ok()) +
           " options " + std::to_string(opt->options().size());
  }
  auto rec = r.as_Record();
  if (!rec) return out + " ?";
  out += " " + std::to_string(rec->ttl()) + (rec->rclass() == 1 ? " IN " : " class? ");
  const auto data = rec->rdata();
  if (auto x = data.as_A()) return out + "A " + hex(x->address());
  if (auto x = data.as_AAAA()) return out + "AAAA " + hex(x->address());
  if (auto x = data.as_NS()) return out + "NS " + x->nsdname().to_string();
  if (auto x = data.as_MX()) return out + "MX " + std::to_string(x->preference()) + " " + x->exchange().to_string();
  if (auto x = data.as_TXT()) {
    out += "TXT";
    for (const auto& s : x->strings()) out += " \"" + text(s.text()) + "\"";
    return out;
  }
  if (auto x = data.as_SOA()) {
    return out + "SOA " + x->mname().to_string() + " " + x->rname().to_string() + " " + std::to_string(x->serial()) +
           " " + std::to_string(x->refresh()) + " " + std::to_string(x->retry()) + " " + std::to_string(x->expire()) +
           " " + std::to_string(x->minimum());
  }
  return out + "type " + std::to_string(static_cast<unsigned>(r.type()));
}

struct Sections {
  std::vector<std::string> answer, authority, additional;
};

Sections sections(const msg::view& m) {
  Sections s;
  for (const auto& a : m.answers()) s.answer.push_back(describe(a.rr()));
  for (const auto& a : m.authority()) s.authority.push_back(describe(a.rr()));
  for (const auto& a : m.additional()) s.additional.push_back(describe(a.rr()));
  return s;
}

using Strings = std::vector<std::string>;

TEST(DnsCapture, EveryMessageParsesAndEachResponseAnswersItsQuery) {
  const auto& all = messages();
  ASSERT_EQ(all.size(), 14u);  // five UDP questions and two TCP ones, each answered
  std::map<std::uint16_t, Bytes> open_queries;
  std::size_t queries = 0, responses = 0, tcp = 0;
  for (const auto& m : all) {
    auto v = msg::parse(view(m.bytes));
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->size(), m.bytes.size());
    EXPECT_EQ(v->opcode(), msg::opcode_t::Query);
    EXPECT_EQ(v->tc(), 0);
    ASSERT_EQ(v->questions().size(), 1u);
    tcp += m.tcp;
    const auto q = *v->questions().begin();
    const Bytes question(q.bytes().begin(), q.bytes().end());
    EXPECT_EQ(q.qclass(), 1);
    if (v->qr() == 0) {
      ++queries;
      EXPECT_EQ(v->rd(), 1);  // both tools ask for recursion by default
      EXPECT_TRUE(v->answers().empty());
      open_queries[v->id()] = question;
    } else {
      ++responses;
      EXPECT_EQ(v->aa(), 1);  // NSD is authoritative for mpl.test
      EXPECT_EQ(v->ra(), 0);  // and does not recurse
      ASSERT_EQ(open_queries.count(v->id()), 1u) << "response " << v->id() << " to no query";
      EXPECT_EQ(open_queries[v->id()], question);  // the question is echoed
      open_queries.erase(v->id());
    }
  }
  EXPECT_EQ(queries, 7u);
  EXPECT_EQ(responses, 7u);
  EXPECT_EQ(tcp, 4u);
  EXPECT_TRUE(open_queries.empty());
}

// Each response against the zone make_dns_capture.sh writes (TTL 3600).
TEST(DnsCapture, AnswersAreTheZonesRecords) {
  const std::string ns = "mpl.test 3600 IN NS ns1.mpl.test";
  const std::string glue = "ns1.mpl.test 3600 IN A 0a350001";
  const std::string opt = ". OPT size 1232 do 0 options 0";
  std::map<std::string, Sections> expected = {
      {"udp A www.mpl.test no-edns", {{"www.mpl.test 3600 IN A c0000250"}, {ns}, {glue}}},
      {"udp AAAA www.mpl.test", {{"www.mpl.test 3600 IN AAAA 20010db8000000000000000000000080"}, {ns}, {glue, opt}}},
      {"udp MX mpl.test", {{"mpl.test 3600 IN MX 10 mail.mpl.test"}, {ns}, {"mail.mpl.test 3600 IN A c0000219", glue, opt}}},
      {"udp TXT mpl.test", {{"mpl.test 3600 IN TXT \"v=mpl test zone\" \"second string\""}, {ns}, {glue, opt}}},
      // RFC 2308 section 3: the SOA of a negative answer has the smaller of
      // its TTL and its minimum field as TTL, here 300.
      {"udp A nothere.mpl.test",
       {{}, {"mpl.test 300 IN SOA ns1.mpl.test hostmaster.mpl.test 2024010201 7200 3600 1209600 300"}, {opt}}},
      {"tcp A www.mpl.test", {{"www.mpl.test 3600 IN A c0000250"}, {ns}, {glue, opt}}},
      {"tcp NS mpl.test no-edns", {{ns}, {}, {glue}}},
  };
  std::size_t checked = 0;
  for (const auto& m : messages()) {
    auto v = msg::parse(view(m.bytes));
    ASSERT_TRUE(v.ok());
    const auto q = *v->questions().begin();
    const std::map<int, std::string> types = {{1, "A"}, {2, "NS"}, {15, "MX"}, {16, "TXT"}, {28, "AAAA"}};
    bool edns = false;
    for (const auto& a : v->additional()) edns |= a.rr().as_Opt().has_value();
    const std::string key = std::string(m.tcp ? "tcp " : "udp ") + types.at(q.qtype()) + " " + q.qname().to_string() +
                            (edns ? "" : " no-edns");
    if (v->qr() == 0) {
      if (edns) {
        // dig's EDNS: UDP size 1232 (the DNS flag day 2020 value), no DO,
        // and no options (+nocookie).
        EXPECT_EQ(describe(v->additional().begin()->rr()), opt) << key;
      }
      continue;
    }
    ASSERT_EQ(expected.count(key), 1u) << "unexpected response " << key;
    const Sections got = sections(*v);
    const Sections& want = expected[key];
    EXPECT_EQ(got.answer, want.answer) << key;
    EXPECT_EQ(got.authority, want.authority) << key;
    EXPECT_EQ(got.additional, want.additional) << key;
    EXPECT_EQ(v->rcode(), key.find("nothere") != std::string::npos ? msg::rcode_t::NXDomain : msg::rcode_t::NoError)
        << key;
    EXPECT_EQ(v->ancount(), want.answer.size());
    EXPECT_EQ(v->nscount(), want.authority.size());
    EXPECT_EQ(v->arcount(), want.additional.size());
    expected.erase(key);
    ++checked;
  }
  EXPECT_EQ(checked, 7u);
  EXPECT_TRUE(expected.empty());
}

TEST(DnsCapture, EveryMessageRebuildsByteForByte) {
  for (const auto& m : messages()) {
    auto v = msg::parse(view(m.bytes));
    ASSERT_TRUE(v.ok());
    dns_test::Rebuilt rebuilt(*v);
    EXPECT_EQ(write(rebuilt.builder), m.bytes) << "message " << v->id();
  }
}

TEST(DnsCapture, TruncationAtEveryLengthIsRefused) {
  std::size_t tried = 0;
  for (const auto& m : messages()) {
    tried += expect_every_cut_refused(m.bytes, [](mpl::bytes b) { return msg::parse(b); }, "DNS message");
  }
  EXPECT_GT(tried, 900u);
}

}  // namespace
