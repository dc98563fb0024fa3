// The answer logic, bytes in and bytes out: each RFC 1034 §4.3.2 outcome,
// EDNS(0), truncation and malformed queries, read back with the generated
// parser. The differential test (dns_server_e2e.py) compares the same
// behaviour with NSD's.
#include <gtest/gtest.h>

#include "cache.h"
#include "test_util.h"

namespace dns_server::test {
namespace {

constexpr unsigned noerror = 0, formerr = 1, nxdomain = 3, notimp = 4, refused = 5, badvers = 16;

response ask_ok(const char* name, std::uint16_t type, query_options o = {}, transport via = transport::udp) {
  responder r(test_zones());
  auto resp = ask(r, make_query(name, type, o), via);
  if (!resp) throw std::runtime_error("no response");
  return *resp;
}

TEST(Answer, PositiveIsAuthoritativeWithQueryCase) {
  const response r = ask_ok("WwW.Example.TEST", rrtype::A);
  EXPECT_EQ(r.id, 0x1234);
  EXPECT_TRUE(r.aa);
  EXPECT_TRUE(r.rd);
  EXPECT_EQ(r.rcode, noerror);
  ASSERT_EQ(r.answers.size(), 2u);
  EXPECT_EQ(r.answers[0].name, "WwW.Example.TEST");
  EXPECT_EQ(r.answers[0].ttl, 300u);
  EXPECT_EQ(r.answers[0].rdata, (std::vector<std::uint8_t>{192, 0, 2, 80}));
  // The owners are pointers to the question: 2 + 2 + 2 + 4 + 2 + 4 bytes
  // for each A record after the header and question.
  EXPECT_EQ(r.wire[12 + 22], 0xC0);
  EXPECT_EQ(r.wire[12 + 22 + 1], 12);
  EXPECT_EQ(r.wire[12 + 22 + 16], 0xC0);
  // The zone's NS in authority and their addresses, as NSD gives them.
  EXPECT_EQ(r.count(r.authority, rrtype::NS), 2u);
  EXPECT_EQ(r.count(r.additional, rrtype::A), 2u);
  EXPECT_EQ(r.count(r.additional, rrtype::AAAA), 1u);
}

TEST(Answer, CnameChainIsFollowedInsideTheZone) {
  const response r = ask_ok("chain1.example.test", rrtype::A);
  ASSERT_EQ(r.answers.size(), 3u);
  EXPECT_EQ(r.answers[0].type, rrtype::CNAME);
  EXPECT_EQ(r.answers[1].type, rrtype::CNAME);
  EXPECT_EQ(r.answers[1].name, "chain2.example.test");
  EXPECT_EQ(r.answers[2].type, rrtype::A);
  EXPECT_EQ(r.answers[2].name, "chain3.example.test");
  EXPECT_TRUE(r.aa);
}

TEST(Answer, CnameAcrossZonesDanglingAndLoop) {
  // Into another of our zones, as NSD does: the chain goes on there.
  const response out = ask_ok("outside.example.test", rrtype::A);
  EXPECT_EQ(out.rcode, noerror);
  ASSERT_EQ(out.answers.size(), 2u);
  EXPECT_EQ(out.answers[1].name, "www.example.net");
  const response dangling = ask_ok("dangling.example.test", rrtype::A);
  EXPECT_EQ(dangling.rcode, nxdomain);
  EXPECT_EQ(dangling.answers.size(), 1u);
  EXPECT_EQ(dangling.count(dangling.authority, rrtype::SOA), 1u);
  const response loop = ask_ok("loop1.example.test", rrtype::A);
  EXPECT_EQ(loop.answers.size(), 2u);
  const response cname = ask_ok("alias.example.test", rrtype::CNAME);
  ASSERT_EQ(cname.answers.size(), 1u);
  EXPECT_EQ(cname.answers[0].type, rrtype::CNAME);
}

TEST(Answer, NxdomainAndNodataCarryTheSoaWithTheNegativeTtl) {
  const response nx = ask_ok("nope.example.test", rrtype::A);
  EXPECT_EQ(nx.rcode, nxdomain);
  EXPECT_TRUE(nx.aa);
  EXPECT_TRUE(nx.answers.empty());
  ASSERT_EQ(nx.authority.size(), 1u);
  EXPECT_EQ(nx.authority[0].type, rrtype::SOA);
  EXPECT_EQ(nx.authority[0].ttl, 300u);
  const response nodata = ask_ok("www.example.test", rrtype::MX);
  EXPECT_EQ(nodata.rcode, noerror);
  EXPECT_TRUE(nodata.answers.empty());
  EXPECT_EQ(nodata.count(nodata.authority, rrtype::SOA), 1u);
  const response ent = ask_ok("c.deep.example.test", rrtype::A);  // empty non-terminal
  EXPECT_EQ(ent.rcode, noerror);
  EXPECT_EQ(ent.count(ent.authority, rrtype::SOA), 1u);
}

TEST(Answer, ReferralWithGlueIsNotAuthoritative) {
  for (const char* name : {"sub.example.test", "deeper.sub.example.test", "ns.sub.example.test"}) {
    const response r = ask_ok(name, rrtype::A);
    EXPECT_FALSE(r.aa) << name;
    EXPECT_EQ(r.rcode, noerror);
    EXPECT_TRUE(r.answers.empty());
    EXPECT_EQ(r.count(r.authority, rrtype::NS), 2u);
    EXPECT_EQ(r.count(r.additional, rrtype::A), 1u);
    EXPECT_EQ(r.count(r.additional, rrtype::AAAA), 1u);
  }
  // DS belongs to the parent side of the cut.
  const response ds = ask_ok("sub.example.test", rrtype::DS);
  EXPECT_TRUE(ds.aa);
  EXPECT_EQ(ds.count(ds.answers, rrtype::DS), 1u);
}

TEST(Answer, Wildcards) {
  const response r = ask_ok("anything.wild.example.test", rrtype::A);
  EXPECT_TRUE(r.aa);
  ASSERT_EQ(r.answers.size(), 1u);
  EXPECT_EQ(r.answers[0].name, "anything.wild.example.test");
  const response deep = ask_ok("a.b.wild.example.test", rrtype::TXT);
  ASSERT_EQ(deep.answers.size(), 1u);
  EXPECT_EQ(deep.answers[0].name, "a.b.wild.example.test");
  const response nodata = ask_ok("x.wild.example.test", rrtype::MX);
  EXPECT_EQ(nodata.rcode, noerror);
  EXPECT_EQ(nodata.count(nodata.authority, rrtype::SOA), 1u);
  const response cname = ask_ok("q.cnamewild.example.test", rrtype::AAAA);
  ASSERT_EQ(cname.answers.size(), 2u);
  EXPECT_EQ(cname.answers[0].name, "q.cnamewild.example.test");
  // RFC 4592 §2.2.2: an empty non-terminal blocks the wildcard above it.
  const response blocked = ask_ok("x.c.deep.example.test", rrtype::A);
  EXPECT_EQ(blocked.rcode, nxdomain);
}

TEST(Answer, AdditionalAddressesForMxNsSrv) {
  const response mx = ask_ok("example.test", rrtype::MX);
  EXPECT_EQ(mx.answers.size(), 2u);
  // mail (mail2 is in another zone), and ns1 and ns2 for the NS in authority.
  EXPECT_EQ(mx.count(mx.additional, rrtype::A), 3u);
  EXPECT_EQ(mx.count(mx.additional, rrtype::AAAA), 2u);
  const response ns = ask_ok("example.test", rrtype::NS);
  EXPECT_EQ(ns.count(ns.additional, rrtype::A), 2u);
  const response srv = ask_ok("_sip._tcp.example.test", rrtype::SRV);
  EXPECT_EQ(srv.count(srv.additional, rrtype::A), 3u);  // sip, ns1, ns2
}

TEST(Answer, AnyGivesEveryRrset) {
  const response r = ask_ok("example.test", rrtype::ANY);
  for (std::uint16_t t : {rrtype::SOA, rrtype::NS, rrtype::MX, rrtype::A, rrtype::AAAA, std::uint16_t{257}}) {
    EXPECT_GE(r.count(r.answers, t), 1u) << t;
  }
}

TEST(Answer, RefusedOutsideOurZonesAndClasses) {
  const response r = ask_ok("www.example.org", rrtype::A);
  EXPECT_EQ(r.rcode, refused);
  EXPECT_FALSE(r.aa);
  EXPECT_EQ(ask_ok("www.example.test", rrtype::A, {.qclass = 3}).rcode, refused);  // CH
  // Class ANY: our IN data, not authoritatively, no NS in authority.
  const response any = ask_ok("www.example.test", rrtype::A, {.qclass = 255});
  EXPECT_EQ(any.rcode, noerror);
  EXPECT_FALSE(any.aa);
  EXPECT_EQ(any.answers.size(), 2u);
  EXPECT_TRUE(any.authority.empty());
}

TEST(Answer, EdnsEchoedBadversAndTruncation) {
  const response e = ask_ok("www.example.test", rrtype::A, {.edns = true, .udp_size = 4096, .dnssec_ok = 1});
  EXPECT_TRUE(e.has_opt);
  EXPECT_EQ(e.opt_size, our_udp_payload);
  EXPECT_EQ(e.opt_do, 1);
  const response plain = ask_ok("www.example.test", rrtype::A);
  EXPECT_FALSE(plain.has_opt);
  const response bad = ask_ok("www.example.test", rrtype::A, {.edns = true, .version = 1});
  EXPECT_EQ(bad.rcode, badvers);
  EXPECT_TRUE(bad.answers.empty());
  // big's TXT RRset is larger than 512 bytes: TC over UDP, whole over TCP.
  const response udp = ask_ok("big.example.test", rrtype::TXT);
  EXPECT_TRUE(udp.tc);
  EXPECT_LE(udp.wire.size(), 512u);
  EXPECT_TRUE(udp.answers.empty());
  const response tcp = ask_ok("big.example.test", rrtype::TXT, {}, transport::tcp);
  EXPECT_FALSE(tcp.tc);
  EXPECT_GT(tcp.wire.size(), 512u);
  EXPECT_EQ(tcp.answers.size(), 8u);
  const response big = ask_ok("big.example.test", rrtype::TXT, {.edns = true, .udp_size = 4096});
  EXPECT_FALSE(big.tc);
  EXPECT_EQ(big.answers.size(), 8u);
}

TEST(Answer, MalformedQueries) {
  responder r(test_zones());
  std::vector<std::uint8_t> q = make_query("www.example.test", rrtype::A);
  // Shorter than a header: no answer. A cut question: FORMERR with the id.
  EXPECT_FALSE(ask(r, std::vector<std::uint8_t>(q.begin(), q.begin() + 11)));
  auto cut = ask(r, std::vector<std::uint8_t>(q.begin(), q.begin() + 20));
  ASSERT_TRUE(cut);
  EXPECT_EQ(cut->rcode, formerr);
  EXPECT_EQ(cut->id, 0x1234);
  EXPECT_EQ(cut->wire.size(), 12u);  // the header alone, as NSD sends it
  // A pointer loop in the question name.
  std::vector<std::uint8_t> loop(q.begin(), q.begin() + 12);
  for (std::uint8_t b : {0xC0, 12, 0, 1, 0, 1}) loop.push_back(b);
  EXPECT_EQ(ask(r, loop)->rcode, formerr);
  // Counts that lie: two questions announced, one present.
  std::vector<std::uint8_t> lie = q;
  lie[5] = 2;
  EXPECT_EQ(ask(r, lie)->rcode, formerr);
  // A response is never answered.
  std::vector<std::uint8_t> resp = q;
  resp[2] |= 0x80;
  EXPECT_FALSE(ask(r, resp));
  EXPECT_EQ(ask_ok("www.example.test", rrtype::A, {.opcode = msg::opcode_t::Status}).rcode, notimp);
}

TEST(Cache, HitsGiveTheSameAnswerWithTheQuerysIdAndCase) {
  answer_cache cache(64);
  responder cached(test_zones(), &cache);
  responder fresh(test_zones());
  for (const char* name : {"www.example.test", "WWW.example.TEST", "nope.example.test", "NOPE.example.test"}) {
    for (std::uint16_t id : {1, 2}) {
      const auto q = make_query(name, rrtype::A, {.id = id});
      const auto a = ask(cached, q);
      const auto b = ask(fresh, q);
      ASSERT_TRUE(a && b);
      EXPECT_EQ(a->id, id);
      EXPECT_EQ(a->rcode, b->rcode);
      ASSERT_EQ(a->answers.size(), b->answers.size());
      for (std::size_t i = 0; i < a->answers.size(); ++i) EXPECT_EQ(a->answers[i].name, name);
      EXPECT_EQ(a->authority.size(), b->authority.size());
    }
  }
  EXPECT_EQ(cache.hits(), 6u);  // every query after the first of each name, case aside
  EXPECT_EQ(cache.misses(), 2u);
}

// The name of a question may arrive compressed: a pointer back into its own
// first label. A cache hit must still write the name out in full (a raw
// copy of the compressed bytes once overwrote the type; found by
// fuzz.dns_server).
TEST(Cache, CompressedQuestionNameIsWrittenOutInFull) {
  answer_cache cache(64);
  responder cached(test_zones(), &cache);
  responder fresh(test_zones());
  const std::vector<std::uint8_t> header(12, 0);
  // First label (14 bytes): "\7example\4test\0", itself a name from byte 13.
  const std::vector<std::uint8_t> label = {14, 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 4, 't', 'e', 's', 't', 0};
  const std::vector<std::uint8_t> suffix = {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 4, 't', 'e', 's', 't', 0};
  const std::vector<std::uint8_t> type_class = {0, 1, 0, 1};
  auto query = [&](std::uint8_t id, const std::vector<std::uint8_t>& tail) {
    std::vector<std::uint8_t> q = header;
    q[1] = id;
    q[5] = 1;  // one question
    q.insert(q.end(), label.begin(), label.end());
    q.insert(q.end(), tail.begin(), tail.end());
    q.insert(q.end(), type_class.begin(), type_class.end());
    return q;
  };
  const auto plain = query(1, suffix);
  const auto compressed = query(2, {0xC0, 13});
  const auto stored = ask(cached, plain);
  const auto hit = ask(cached, compressed);  // throws if the response does not parse
  const auto expected = ask(fresh, compressed);
  ASSERT_TRUE(stored && hit && expected);
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(hit->id, 2);
  EXPECT_EQ(hit->rcode, expected->rcode);
  EXPECT_EQ(hit->wire, expected->wire);
}

}  // namespace
}  // namespace dns_server::test
