// The DNS codec generated from specs/dns.mpl: known answers from real
// captures, crafted malformed names, compression when building, every
// corpus message parsed and rebuilt, truncation at every length.
#include <gtest/gtest.h>

#include <mpl/dns.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "dns.h"
#include "dns_capture.h"
#include "dns_rebuild.h"
#include "corpus.h"

namespace {

using dns_test::Bytes;
using mpl::dns::name_error;
namespace msg = dns::dns_message;
namespace rr = dns::dns_rr;
namespace rd = dns::dns_rdata;

std::string corpus(const std::string& name) { return codec_test::corpus("dns/" + name); }

// The DNS message of frame `frame` (1-based) of a corpus capture.
Bytes message_of(const std::string& file, std::size_t frame) {
  for (auto& m : dns_test::dns_messages(corpus(file))) {
    if (m.frame == frame) return m.bytes;
  }
  ADD_FAILURE() << "no DNS message in frame " << frame << " of " << file;
  return {};
}

std::vector<rr::view> records(const msg::view& m) {
  std::vector<rr::view> out;
  for (const auto& a : m.answers()) out.push_back(a.rr());
  for (const auto& a : m.authority()) out.push_back(a.rr());
  for (const auto& a : m.additional()) out.push_back(a.rr());
  return out;
}

std::string text(mpl::bytes b) { return std::string(b.begin(), b.end()); }

TEST(DnsKnownAnswers, TcpdumpResponse) {
  MPL_NEEDS_CORPUS();
  const Bytes bytes = message_of("tcpdump__dns_udp.pcap", 2);
  auto m = msg::parse(bytes);
  ASSERT_TRUE(m.ok()) << m.error().describe();
  EXPECT_EQ(m->size(), bytes.size());
  EXPECT_EQ(m->id(), 0x5934);
  EXPECT_EQ(m->qr(), 1);
  EXPECT_EQ(m->opcode(), msg::opcode_t::Query);
  EXPECT_EQ(m->aa(), 1);
  EXPECT_EQ(m->tc(), 0);
  EXPECT_EQ(m->rd(), 1);
  EXPECT_EQ(m->ra(), 0);
  EXPECT_EQ(m->rcode(), msg::rcode_t::NoError);
  EXPECT_EQ(m->qdcount(), 1);
  EXPECT_EQ(m->ancount(), 2);
  EXPECT_EQ(m->nscount(), 2);
  EXPECT_EQ(m->arcount(), 5);
  ASSERT_EQ(m->questions().size(), 1u);
  const auto q = *m->questions().begin();
  EXPECT_EQ(q.qname(), "www.tcpdump.org");
  EXPECT_EQ(q.qtype(), 1);
  EXPECT_EQ(q.qclass(), 1);

  const auto all = records(*m);
  ASSERT_EQ(all.size(), 9u);
  const char* names[] = {"www.tcpdump.org",  "www.tcpdump.org",  "tcpdump.org",      "tcpdump.org", "nic.sandelman.ca",
                         "nic.sandelman.ca", "sns.cooperix.net", "sns.cooperix.net", "."};
  const rr::type_t types[] = {rr::type_t::A,    rr::type_t::A, rr::type_t::NS,   rr::type_t::NS, rr::type_t::A,
                              rr::type_t::AAAA, rr::type_t::A, rr::type_t::AAAA, rr::type_t::OPT};
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(all[i].name(), names[i]) << i << ": " << all[i].name().to_string();
    EXPECT_EQ(all[i].type(), types[i]) << i;
  }
  auto a0 = all[0].as_Record();
  ASSERT_TRUE(a0);
  EXPECT_EQ(a0->rclass(), 1);
  EXPECT_EQ(a0->ttl(), 60u);
  EXPECT_EQ(a0->rdlength(), 4);
  ASSERT_TRUE(a0->rdata().as_A());
  EXPECT_EQ(Bytes(a0->rdata().as_A()->address().begin(), a0->rdata().as_A()->address().end()),
            (Bytes{192, 139, 46, 66}));
  EXPECT_TRUE(a0->rdata().extra().empty());
  auto ns0 = all[2].as_Record();
  ASSERT_TRUE(ns0 && ns0->rdata().as_NS());
  EXPECT_EQ(ns0->ttl(), 86400u);
  EXPECT_EQ(ns0->rdata().as_NS()->nsdname(), "sns.cooperix.net");
  EXPECT_EQ(all[3].as_Record()->rdata().as_NS()->nsdname(), "nic.sandelman.ca");
  auto aaaa = all[5].as_Record()->rdata().as_AAAA();
  ASSERT_TRUE(aaaa);
  EXPECT_EQ(Bytes(aaaa->address().begin(), aaaa->address().end()),
            (Bytes{0x26, 0x07, 0xf0, 0xb0, 0, 0x0f, 0, 0, 0, 0, 0, 0, 0xba, 0xbe, 0xf0, 0x0d}));
  EXPECT_EQ(all[6].as_Record()->ttl(), 7200u);
  ASSERT_TRUE(all[8].as_Opt());
  EXPECT_EQ(all[8].name().to_string(), ".");
}

TEST(DnsKnownAnswers, Caa) {
  MPL_NEEDS_CORPUS();
  auto bytes = message_of("zeek__dns-caa.pcap", 2);
  auto m = msg::parse(bytes);
  ASSERT_TRUE(m.ok()) << m.error().describe();
  const auto all = records(*m);
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(all[0].name(), "google.com");
  auto caa = all[0].as_Record()->rdata().as_CAA();
  ASSERT_TRUE(caa);
  EXPECT_EQ(caa->flags(), 0);
  EXPECT_EQ(text(caa->tag()), "issue");
  EXPECT_EQ(text(caa->caa_value()), "symantec.com");
}

TEST(DnsKnownAnswers, NaptrHinfoTxt) {
  MPL_NEEDS_CORPUS();
  {
    auto bytes = message_of("zeek__dns_naptr.pcap", 2);
    auto m = msg::parse(bytes);
    ASSERT_TRUE(m.ok()) << m.error().describe();
    const auto all = records(*m);  // branch views point into these
    auto naptr = all.at(0).as_Record()->rdata().as_NAPTR();
    ASSERT_TRUE(naptr);
    EXPECT_EQ(naptr->replacement(), "_sips._tcp.fp-de-carrier-vodafone.rcs.telephony.goog");
    EXPECT_EQ(text(naptr->flags()), "s");
  }
  {
    auto bytes = message_of("zeek__dns_hinfo.pcap", 2);
    auto m = msg::parse(bytes);
    ASSERT_TRUE(m.ok()) << m.error().describe();
    const auto all = records(*m);
    auto hinfo = all.at(0).as_Record()->rdata().as_HINFO();
    ASSERT_TRUE(hinfo);
    EXPECT_EQ(text(hinfo->cpu()), "INTEL-386");
  }
  {
    auto bytes = message_of("zeek__dns-txt-multiple.pcap", 2);
    auto m = msg::parse(bytes);
    ASSERT_TRUE(m.ok()) << m.error().describe();
    const auto all = records(*m);
    ASSERT_EQ(all.size(), 13u);
    EXPECT_EQ(all[0].type(), rr::type_t::CNAME);
    EXPECT_EQ(all[0].as_Record()->rdata().as_CNAME()->cname(), "fa14._domainkey.flickr.com");
    auto txt = all[2].as_Record()->rdata().as_TXT();
    ASSERT_TRUE(txt);
    std::vector<std::string> strings;
    for (const auto& s : txt->strings()) strings.push_back(text(s.text()));
    ASSERT_EQ(strings.size(), 2u);
    EXPECT_EQ(strings[0].substr(0, 14), "k=rsa; p=MIGfM");
    EXPECT_EQ(strings[1].substr(strings[1].size() - 6), "IDAQAB");
    EXPECT_EQ(all[8].name(), "ns1.yahoo.com");
  }
}

TEST(DnsKnownAnswers, DnssecAndEdns) {
  MPL_NEEDS_CORPUS();
  {
    auto bytes = message_of("zeek__dnssec_ds.pcap", 2);
    auto m = msg::parse(bytes);
    ASSERT_TRUE(m.ok()) << m.error().describe();
    std::vector<std::pair<int, int>> ds;
    bool rrsig = false;
    const auto all = records(*m);
    for (const auto& r : all) {
      if (auto rec = r.as_Record()) {
        if (auto x = rec->rdata().as_DS()) {
          EXPECT_EQ(x->key_tag(), 0x481f);
          ds.emplace_back(x->algorithm(), x->digest_type());
          EXPECT_EQ(x->digest().size(), x->digest_type() == 1 ? 20u : 32u);
        }
        if (auto x = rec->rdata().as_RRSIG()) {
          rrsig = true;
          EXPECT_EQ(x->type_covered(), 43);
          EXPECT_EQ(x->key_tag(), 50219);
          EXPECT_EQ(x->signer_name(), "edu");
        }
      } else if (auto opt = r.as_Opt()) {
        EXPECT_EQ(opt->udp_payload_size(), 512);
        EXPECT_EQ(opt->dnssec_ok(), 0);
      }
    }
    EXPECT_EQ(ds, (std::vector<std::pair<int, int>>{{5, 1}, {5, 2}}));
    EXPECT_TRUE(rrsig);
  }
  {
    auto bytes = message_of("zeek__dnssec_nsec.pcap", 2);
    auto m = msg::parse(bytes);
    ASSERT_TRUE(m.ok()) << m.error().describe();
    int nsec = 0;
    const auto all = records(*m);
    for (const auto& r : all) {
      if (auto rec = r.as_Record(); rec && rec->rdata().as_NSEC()) {
        ++nsec;
        // Case kept as sent; comparison ignores it.
        EXPECT_EQ(rec->rdata().as_NSEC()->next_domain_name().to_string(), "dlxssvr.LIBRARY.upenn.edu");
        EXPECT_EQ(rec->rdata().as_NSEC()->next_domain_name(), "dlxssvr.library.upenn.edu");
        EXPECT_FALSE(rec->rdata().as_NSEC()->type_bitmaps().empty());
      }
      if (auto opt = r.as_Opt()) {
        EXPECT_EQ(opt->dnssec_ok(), 1);
      }
    }
    EXPECT_EQ(nsec, 1);
  }
  {
    auto bytes = message_of("zeek__dnssec_dnskey.pcap", 2);
    auto m = msg::parse(bytes);
    ASSERT_TRUE(m.ok()) << m.error().describe();
    std::vector<int> flags;
    const auto all = records(*m);
    for (const auto& r : all) {
      if (auto rec = r.as_Record(); rec && rec->rdata().as_DNSKEY()) {
        flags.push_back(rec->rdata().as_DNSKEY()->flags());
        EXPECT_EQ(rec->rdata().as_DNSKEY()->protocol(), 3);
      }
    }
    EXPECT_EQ(flags, (std::vector<int>{0x0100, 0x0100, 0x0101}));
  }
  {
    auto bytes = message_of("tcpdump__edns-opts.pcap", 3);
    auto m = msg::parse(bytes);
    ASSERT_TRUE(m.ok()) << m.error().describe();
    auto all = records(*m);
    ASSERT_FALSE(all.empty());
    auto opt = all.back().as_Opt();
    ASSERT_TRUE(opt);
    EXPECT_EQ(opt->udp_payload_size(), 12345);
    EXPECT_EQ(opt->dnssec_ok(), 1);
    EXPECT_EQ(opt->version(), 0);
    EXPECT_EQ(opt->extended_rcode(), 0);
  }
}

TEST(DnsKnownAnswers, EdnsOptionsAsAList) {
  MPL_NEEDS_CORPUS();
  // Every OPT record of the EDNS options capture lists its options with
  // lengths that add up to rdlength.
  int options = 0;
  std::set<int> codes;
  for (const auto& message : dns_test::dns_messages(corpus("tcpdump__edns-opts.pcap"))) {
    auto m = msg::parse(message.bytes);
    ASSERT_TRUE(m.ok()) << m.error().describe();
    const auto all = records(*m);
    for (const auto& r : all) {
      if (auto opt = r.as_Opt()) {
        std::size_t sum = 0;
        for (const auto& o : opt->options()) {
          ++options;
          codes.insert(static_cast<int>(o.code()));
          EXPECT_EQ(o.length(), o.data().size());
          sum += 4 + o.data().size();
        }
        EXPECT_EQ(sum, opt->rdlength());
      }
    }
  }
  EXPECT_GT(options, 10);
  EXPECT_TRUE(codes.count(static_cast<int>(rr::code_t::ClientSubnet)));
  EXPECT_TRUE(codes.count(static_cast<int>(rr::code_t::Cookie)));
}

TEST(DnsKnownAnswers, SrvOverMulticast) {
  MPL_NEEDS_CORPUS();
  bool seen = false;
  for (const auto& message : dns_test::dns_messages(corpus("zeek__wikipedia-filtered-plus-udp.pcap"))) {
    auto m = msg::parse(message.bytes);
    if (!m.ok()) continue;
    const auto all = records(*m);
    for (const auto& r : all) {
      if (auto rec = r.as_Record(); rec && rec->rdata().as_SRV()) {
        seen = true;
        EXPECT_EQ(rec->rdata().as_SRV()->target(), "gemini.local");
        EXPECT_EQ(rec->rdata().as_SRV()->port(), 22);
      }
    }
  }
  EXPECT_TRUE(seen);
}

// ---------------------------------------------------------------- malformed names

// A query whose question name is `name` (bytes from offset 12).
Bytes query_with_name(std::initializer_list<std::uint8_t> name) {
  Bytes m = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
  m.insert(m.end(), name);
  m.insert(m.end(), {0, 1, 0, 1});
  return m;
}

name_error parse_error(const Bytes& m) {
  auto r = msg::parse(m);
  if (r.ok()) return name_error::none;
  EXPECT_STREQ(r.error().field, "dns_message.questions.qname") << r.error().describe();
  return mpl::dns::name_error_of(r.error());
}

TEST(DnsMalformedNames, EachCaseHasItsOwnError) {
  EXPECT_EQ(parse_error(query_with_name({3, 'w', 'w', 'w', 0})), name_error::none);
  EXPECT_EQ(parse_error(query_with_name({1, 'a', 0xC0, 12})), name_error::pointer_loop);
  EXPECT_EQ(parse_error(query_with_name({1, 'a', 0xC0, 17, 0})), name_error::pointer_forward);
  EXPECT_EQ(parse_error(query_with_name({0xC0, 12})), name_error::pointer_forward);  // to itself
  EXPECT_EQ(parse_error(query_with_name({1, 'a', 0xC0, 2})), name_error::pointer_into_header);
  EXPECT_EQ(parse_error(query_with_name({64, 'x', 0})), name_error::label_too_long);
  EXPECT_EQ(parse_error(query_with_name({0x80, 0})), name_error::reserved_label_type);
  Bytes long_name = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 5; ++i) {
    long_name.push_back(60);
    long_name.insert(long_name.end(), 60, 'a');
  }
  long_name.insert(long_name.end(), {0, 0, 1, 0, 1});
  EXPECT_EQ(parse_error(long_name), name_error::name_too_long);
  // max_hops + 1 pointers, each to the one before, the first to a root
  // name in an earlier question.
  Bytes chain = {0x12, 0x34, 0x01, 0x00, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1};  // question 1: root
  for (std::size_t i = 0; i <= mpl::dns::max_hops; ++i) {
    // Each question: a pointer to the previous question's name, type, class.
    const std::size_t target = i == 0 ? 12 : chain.size() - 6;
    chain.insert(chain.end(), {static_cast<std::uint8_t>(0xC0 | target >> 8), static_cast<std::uint8_t>(target), 0, 1, 0, 1});
  }
  chain[5] = static_cast<std::uint8_t>(mpl::dns::max_hops + 2);
  auto r = msg::parse(chain);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(mpl::dns::name_error_of(r.error()), name_error::too_many_hops);
  chain[5] = static_cast<std::uint8_t>(mpl::dns::max_hops + 1);  // one pointer fewer: fine
  EXPECT_TRUE(msg::parse(chain).ok());
}

// Issue 18: each attack reads differently, not only "invalid value".
TEST(DnsMalformedNames, EachMessageSaysWhy) {
  auto message_of = [](const Bytes& m) {
    auto r = msg::parse(m);
    return r.ok() ? std::string("ok") : r.error().describe();
  };
  const std::string at = "dns_message.questions.qname at byte ";
  EXPECT_EQ(message_of(query_with_name({1, 'a', 0xC0, 12})), at + "14: invalid value: compression pointer loop");
  EXPECT_EQ(message_of(query_with_name({1, 'a', 0xC0, 17, 0})),
            at + "14: invalid value: compression pointer does not point to a name before it");
  EXPECT_EQ(message_of(query_with_name({1, 'a', 0xC0, 2})),
            at + "14: invalid value: compression pointer into the header");
  EXPECT_EQ(message_of(query_with_name({64, 'x', 0})), at + "12: invalid value: label longer than 63 bytes");
  EXPECT_EQ(message_of(query_with_name({0x80, 0})), at + "12: invalid value: reserved label type");
  Bytes long_name = {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0};
  for (int i = 0; i < 5; ++i) {
    long_name.push_back(60);
    long_name.insert(long_name.end(), 60, 'a');
  }
  long_name.insert(long_name.end(), {0, 0, 1, 0, 1});
  EXPECT_EQ(message_of(long_name), at + "256: invalid value: name longer than 255 bytes");
}

// A name the builder refuses names the field it was given for.
TEST(DnsBuild, BadNameErrorsNameTheField) {
  const msg::questions_element_builder questions[] = {{.qname = "a..b", .qtype = 1, .qclass = 1}};
  const msg::builder b{.id = 1, .questions = questions};
  Bytes out(b.size());
  auto w = b.write(out);
  ASSERT_FALSE(w.ok());
  EXPECT_STREQ(w.error().field, "dns_message.questions.qname");
  EXPECT_EQ(w.error().describe(), "dns_message.questions.qname at byte 12: invalid value: empty label");
  const std::string long_label(64, 'x');
  rr::builder a{.name = long_label, .type = rr::type_t::A,
                .body = rr::Record{.rclass = 1, .ttl = 60, .rdata = {.body = rd::A{.address = {1, 2, 3, 4}}}}};
  const msg::answers_element_builder answers[] = {{.rr = a}};
  const msg::builder with_answer{.id = 1, .qr = 1, .answers = answers};
  Bytes out2(with_answer.size());
  auto w2 = with_answer.write(out2);
  ASSERT_FALSE(w2.ok());
  EXPECT_STREQ(w2.error().field, "dns_rr.name");
  EXPECT_NE(w2.error().describe().find("label longer than 63 bytes"), std::string::npos) << w2.error().describe();
}

TEST(DnsMalformedNames, NamesInRecordsToo) {
  // An answer whose CNAME points past itself; and one whose name runs past rdlength.
  Bytes m = {0, 1, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0,  //
             1, 'a', 0, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 0xC0, 40};
  auto r = msg::parse(m);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(mpl::dns::name_error_of(r.error()), name_error::pointer_forward);
  EXPECT_STREQ(r.error().field, "dns_rdata.cname");
  EXPECT_EQ(r.error().offset, 25u);
  Bytes n = {0, 1, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0,  //
             1, 'a', 0, 0, 5, 0, 1, 0, 0, 0, 60, 0, 2, 1, 'b', 0};
  EXPECT_FALSE(msg::parse(n).ok());  // the name takes 3 bytes of a 2-byte rdata
  n[24] = 3;
  EXPECT_TRUE(msg::parse(n).ok());
}

// ---------------------------------------------------------------- building

TEST(DnsBuild, NamesSharingSuffixesGiveTheMinimalEncoding) {
  rr::builder cname{.name = "www.example.com", .type = rr::type_t::CNAME,
                    .body = rr::Record{.rclass = 1, .ttl = 3600,
                                       .rdata = {.body = rd::CNAME{.cname = "web.example.com"}}}};
  rr::builder a{.name = "web.example.com", .type = rr::type_t::A,
                .body = rr::Record{.rclass = 1, .ttl = 3600, .rdata = {.body = rd::A{.address = {1, 2, 3, 4}}}}};
  rr::builder ns1{.name = "example.com", .type = rr::type_t::NS,
                  .body = rr::Record{.rclass = 1, .ttl = 86400, .rdata = {.body = rd::NS{.nsdname = "ns1.example.com"}}}};
  rr::builder ns2{.name = "example.com", .type = rr::type_t::NS,
                  .body = rr::Record{.rclass = 1, .ttl = 86400, .rdata = {.body = rd::NS{.nsdname = "ns2.example.net"}}}};
  rr::builder glue{.name = "ns1.example.com", .type = rr::type_t::A,
                   .body = rr::Record{.rclass = 1, .ttl = 86400, .rdata = {.body = rd::A{.address = {10, 0, 0, 1}}}}};
  const msg::questions_element_builder questions[] = {{.qname = "www.example.com", .qtype = 1, .qclass = 1}};
  const msg::answers_element_builder answers[] = {{.rr = cname}, {.rr = a}};
  const msg::authority_element_builder authority[] = {{.rr = ns1}, {.rr = ns2}};
  const msg::additional_element_builder additional[] = {{.rr = glue}};
  const msg::builder b{.id = 0xbeef, .qr = 1, .opcode = msg::opcode_t::Query, .rd = 1, .ra = 1,
                       .rcode = msg::rcode_t::NoError, .questions = questions, .answers = answers,
                       .authority = authority, .additional = additional};
  const Bytes want = {
      0xbe, 0xef, 0x81, 0x80, 0, 1, 0, 2, 0, 2, 0, 1,                                            // header
      3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0, 1, 0, 1,  // 12: question
      0xc0, 12, 0, 5, 0, 1, 0, 0, 0x0e, 0x10, 0, 6, 3, 'w', 'e', 'b', 0xc0, 16,                 // 33: CNAME
      0xc0, 45, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4, 1, 2, 3, 4,                                 // 51: A
      0xc0, 16, 0, 2, 0, 1, 0, 1, 0x51, 0x80, 0, 6, 3, 'n', 's', '1', 0xc0, 16,                 // 67: NS
      0xc0, 16, 0, 2, 0, 1, 0, 1, 0x51, 0x80, 0, 17,                                            // 85: NS
      3, 'n', 's', '2', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'n', 'e', 't', 0,              //   (other suffix)
      0xc0, 79, 0, 1, 0, 1, 0, 1, 0x51, 0x80, 0, 4, 10, 0, 0, 1};                               // 114: glue
  ASSERT_EQ(b.size(), want.size());
  Bytes out(b.size());
  auto w = b.write(out);
  ASSERT_TRUE(w.ok()) << w.error().describe();
  EXPECT_EQ(out, want);

  auto m = msg::parse(out);
  ASSERT_TRUE(m.ok()) << m.error().describe();
  const auto all = records(*m);
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].as_Record()->rdata().as_CNAME()->cname(), "web.example.com");
  EXPECT_EQ(all[1].name(), "web.example.com");
  EXPECT_EQ(all[2].as_Record()->rdata().as_NS()->nsdname(), "ns1.example.com");
  EXPECT_EQ(all[3].as_Record()->rdata().as_NS()->nsdname(), "ns2.example.net");
  EXPECT_EQ(all[4].name(), "ns1.example.com");
  // A buffer one byte short is refused, nothing written past it.
  Bytes shorter(want.size() - 1);
  EXPECT_EQ(b.write(shorter).error().kind, mpl::error_kind::buffer_too_small);
}

TEST(DnsBuild, NoPointerIntoTheFirstTwelveBytes) {
  // A record written on its own starts at offset 0, where a message has its
  // header: parsing rejects pointers below 12, so the NS name that repeats
  // the owner name is written in full (found by fuzzing).
  rr::builder ns{.name = "a", .type = rr::type_t::NS,
                 .body = rr::Record{.rclass = 1, .ttl = 60, .rdata = {.body = rd::NS{.nsdname = "a"}}}};
  Bytes out(ns.size());
  ASSERT_TRUE(ns.write(out).ok());
  auto r = rr::parse(out);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r->as_Record()->rdata().as_NS()->nsdname(), "a");
  EXPECT_EQ(r->as_Record()->rdlength(), 3u);
}

TEST(DnsBuild, SrvTargetsAreNotCompressed) {
  rr::builder srv{.name = "_sip._udp.example.com", .type = rr::type_t::SRV,
                  .body = rr::Record{.rclass = 1, .ttl = 60,
                                     .rdata = {.body = rd::SRV{.priority = 1, .weight = 2, .port = 5060,
                                                               .target = "sip.example.com"}}}};
  const msg::answers_element_builder answers[] = {{.rr = srv}};
  const msg::builder b{.id = 1, .qr = 1, .answers = answers};
  Bytes out(b.size());
  ASSERT_TRUE(b.write(out).ok());
  // The target is written in full (1+3 + 1+7 + 1+3 + 1 bytes).
  auto m = msg::parse(out);
  ASSERT_TRUE(m.ok());
  const auto all = records(*m);
  auto rec = all[0].as_Record();
  EXPECT_EQ(rec->rdlength(), 6 + 17);
  EXPECT_EQ(rec->rdata().as_SRV()->target().wire().size(), 17u);
  EXPECT_EQ(rec->rdata().as_SRV()->target(), "sip.example.com");
}

// ---------------------------------------------------------------- the corpus

// Files the manifest lists as valid DNS captures.
std::vector<std::string> valid_files() {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(corpus(""))) {
    if (e.is_regular_file()) files.push_back(e.path().filename().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST(DnsCorpus, EveryMessageParsesAndRebuilds) {
  MPL_NEEDS_CORPUS();
  std::size_t messages = 0, identical = 0;
  std::map<std::string, std::size_t> failures;
  std::vector<std::string> different;
  for (const auto& file : valid_files()) {
    for (const auto& message : dns_test::dns_messages(corpus(file))) {
      ++messages;
      auto m = msg::parse(message.bytes);
      // The capture cut this one short (snaplen; tshark says "Packet size
      // limited during capture"): an error is the right answer.
      const bool cut = file == "tcpdump__dns_udp_2.pcap" && message.frame == 2;
      if (cut) {
        EXPECT_EQ(m.ok() ? mpl::error_kind::custom_invalid : m.error().kind, mpl::error_kind::truncated);
        continue;
      }
      if (!m.ok()) {
        ++failures[file];
        ADD_FAILURE() << file << " frame " << message.frame << ": " << m.error().describe();
        continue;
      }
      dns_test::Rebuilt rebuilt(*m);
      Bytes out(rebuilt.builder.size());
      auto w = rebuilt.builder.write(out);
      ASSERT_TRUE(w.ok()) << file << " frame " << message.frame << ": " << w.error().describe();
      const Bytes original(message.bytes.begin(), message.bytes.begin() + static_cast<std::ptrdiff_t>(m->size()));
      if (out == original) {
        ++identical;
        continue;
      }
      std::size_t at = 0;
      while (at < out.size() && at < original.size() && out[at] == original[at]) ++at;
      different.push_back(file + " frame " + std::to_string(message.frame) + ": " + std::to_string(original.size()) +
                          " bytes, rebuilt " + std::to_string(out.size()) + ", first difference at " +
                          std::to_string(at));
      // Not byte-identical: the sender compressed differently. The rebuilt
      // message must still parse to the same content.
      auto again = msg::parse(out);
      ASSERT_TRUE(again.ok()) << again.error().describe();
      const auto x = records(*m), y = records(*again);
      ASSERT_EQ(x.size(), y.size());
      for (std::size_t i = 0; i < x.size(); ++i) {
        EXPECT_EQ(x[i].name(), y[i].name());
        EXPECT_EQ(x[i].name().to_string(), y[i].name().to_string());
        EXPECT_EQ(x[i].type(), y[i].type());
      }
    }
  }
  std::printf("%zu DNS messages, %zu rebuilt byte-identical, %zu not:\n", messages, identical, different.size());
  for (const auto& d : different) std::printf("  %s\n", d.c_str());
  EXPECT_GT(messages, 800u);
  EXPECT_TRUE(failures.empty());
  // The others differ because their senders compressed differently (see
  // docs/protocols.md): fewer pointers, pointers to another occurrence of
  // the same suffix, or pointers inside SRV targets and RDATA we keep raw.
  EXPECT_GE(identical, 765u);
}

TEST(DnsCorpus, MalformedCapturesNeverCrash) {
  MPL_NEEDS_CORPUS();
  std::size_t messages = 0, rejected = 0;
  for (const auto& e : std::filesystem::directory_iterator(corpus("malformed"))) {
    for (const auto& message : dns_test::dns_messages(e.path().string())) {
      ++messages;
      auto m = msg::parse(message.bytes);
      if (!m.ok()) {
        ++rejected;
        std::printf("  %s frame %zu: %s\n", e.path().filename().c_str(), message.frame, m.error().describe().c_str());
        continue;
      }
      // What parses can be read completely and rebuilt.
      const auto all = records(*m);
      for (const auto& r : all) (void)r.name().to_string();
      dns_test::Rebuilt rebuilt(*m);
      Bytes out(rebuilt.builder.size());
      EXPECT_TRUE(rebuilt.builder.write(out).ok());
    }
  }
  std::printf("%zu messages in malformed captures, %zu rejected\n", messages, rejected);
  EXPECT_GT(messages, 20u);
  EXPECT_GT(rejected, 0u);
}

TEST(DnsCorpus, TruncationAtEveryLengthIsAnError) {
  MPL_NEEDS_CORPUS();
  std::size_t checked = 0;
  for (const auto& file : {"tcpdump__dns_udp.pcap", "zeek__dnssec_nsec.pcap", "zeek__dns-txt-multiple.pcap",
                           "tcpdump__edns-opts.pcap", "zeek__dns_naptr.pcap", "zeek__dns-caa.pcap"}) {
    for (const auto& message : dns_test::dns_messages(corpus(file))) {
      auto m = msg::parse(message.bytes);
      ASSERT_TRUE(m.ok());
      for (std::size_t n = 0; n < m->size(); ++n) {
        // A copy of exactly n bytes, so ASan sees any read past them.
        const Bytes prefix(message.bytes.begin(), message.bytes.begin() + static_cast<std::ptrdiff_t>(n));
        EXPECT_FALSE(msg::parse(prefix).ok()) << file << " cut at " << n;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 1000u);
}

}  // namespace
