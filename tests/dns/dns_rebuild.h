// Test helper: a builder made from a parsed DNS message, field by field, so
// that writing it again can be compared with the original bytes. Names are
// rebuilt from their parsed labels, so the builder compresses them afresh.
#pragma once

#include <deque>
#include <vector>

#include <mpl/dns.h>

#include "dns.h"

namespace dns_test {

class Rebuilt {
 public:
  explicit Rebuilt(const dns::dns_message::view& m) {
    for (const auto& q : m.questions()) questions_.push_back({.qname = q.qname(), .qtype = q.qtype(), .qclass = q.qclass()});
    for (const auto& a : m.answers()) answers_.push_back({.rr = rr(a.rr())});
    for (const auto& a : m.authority()) authority_.push_back({.rr = rr(a.rr())});
    for (const auto& a : m.additional()) additional_.push_back({.rr = rr(a.rr())});
    builder = {.id = m.id(), .qr = m.qr(), .opcode = m.opcode(), .aa = m.aa(), .tc = m.tc(), .rd = m.rd(),
               .ra = m.ra(), .z = m.z(), .ad = m.ad(), .cd = m.cd(), .rcode = m.rcode(),
               .questions = questions_, .answers = answers_, .authority = authority_, .additional = additional_};
  }
  Rebuilt(const Rebuilt&) = delete;

  dns::dns_message::builder builder;

 private:
  dns::dns_rr::builder rr(const dns::dns_rr::view& v) {
    dns::dns_rr::builder b{.name = v.name(), .type = v.type()};
    if (auto opt = v.as_Opt()) {
      auto& options = option_lists_.emplace_back();
      for (const auto& o : opt->options()) options.push_back({.code = o.code(), .data = o.data()});
      b.body = dns::dns_rr::Opt{.udp_payload_size = opt->udp_payload_size(), .extended_rcode = opt->extended_rcode(),
                                .version = opt->version(), .dnssec_ok = opt->dnssec_ok(), .z = opt->z(),
                                .options = options};
    } else if (auto rec = v.as_Record()) {
      b.body = dns::dns_rr::Record{.rclass = rec->rclass(), .ttl = rec->ttl(), .rdata = rdata(rec->rdata())};
    }
    return b;
  }

  template <std::size_t N>
  static std::array<std::uint8_t, N> array_of(mpl::bytes b) {
    std::array<std::uint8_t, N> a{};
    for (std::size_t i = 0; i < N; ++i) a[i] = b[i];
    return a;
  }

  dns::dns_rdata::builder rdata(const dns::dns_rdata::view& v) {
    namespace r = dns::dns_rdata;
    r::builder b{.rtype = v.rtype(), .rdlength = v.rdlength(), .extra = v.extra()};
    if (v.as_Empty()) b.body = r::Empty{};
    else if (auto x = v.as_A()) b.body = r::A{.address = array_of<4>(x->address())};
    else if (auto x = v.as_NS()) b.body = r::NS{.nsdname = x->nsdname()};
    else if (auto x = v.as_CNAME()) b.body = r::CNAME{.cname = x->cname()};
    else if (auto x = v.as_PTR()) b.body = r::PTR{.ptrdname = x->ptrdname()};
    else if (auto x = v.as_SOA())
      b.body = r::SOA{.mname = x->mname(), .rname = x->rname(), .serial = x->serial(), .refresh = x->refresh(),
                      .retry = x->retry(), .expire = x->expire(), .minimum = x->minimum()};
    else if (auto x = v.as_HINFO()) b.body = r::HINFO{.cpu = x->cpu(), .os = x->os()};
    else if (auto x = v.as_MX()) b.body = r::MX{.preference = x->preference(), .exchange = x->exchange()};
    else if (auto x = v.as_TXT()) {
      auto& s = txt_.emplace_back();
      for (const auto& e : x->strings()) s.push_back({.text = e.text()});
      b.body = r::TXT{.strings = s};
    } else if (auto x = v.as_SPF()) {
      auto& s = spf_.emplace_back();
      for (const auto& e : x->strings()) s.push_back({.text = e.text()});
      b.body = r::SPF{.strings = s};
    } else if (auto x = v.as_AAAA()) b.body = r::AAAA{.address = array_of<16>(x->address())};
    else if (auto x = v.as_SRV())
      b.body = r::SRV{.priority = x->priority(), .weight = x->weight(), .port = x->port(), .target = x->target()};
    else if (auto x = v.as_NAPTR())
      b.body = r::NAPTR{.order = x->order(), .preference = x->preference(), .flags = x->flags(),
                        .services = x->services(), .regexp = x->regexp(), .replacement = x->replacement()};
    else if (auto x = v.as_DS())
      b.body = r::DS{.key_tag = x->key_tag(), .algorithm = x->algorithm(), .digest_type = x->digest_type(),
                     .digest = x->digest()};
    else if (auto x = v.as_RRSIG())
      b.body = r::RRSIG{.type_covered = x->type_covered(), .algorithm = x->algorithm(), .labels = x->labels(),
                        .original_ttl = x->original_ttl(), .expiration = x->expiration(), .inception = x->inception(),
                        .key_tag = x->key_tag(), .signer_name = x->signer_name(), .signature = x->signature()};
    else if (auto x = v.as_NSEC())
      b.body = r::NSEC{.next_domain_name = x->next_domain_name(), .type_bitmaps = x->type_bitmaps()};
    else if (auto x = v.as_DNSKEY())
      b.body = r::DNSKEY{.flags = x->flags(), .protocol = x->protocol(), .algorithm = x->algorithm(),
                         .public_key = x->public_key()};
    else if (auto x = v.as_CAA()) b.body = r::CAA{.flags = x->flags(), .tag = x->tag(), .caa_value = x->caa_value()};
    else if (auto x = v.as_Other()) b.body = r::Other{.data = x->data()};
    return b;
  }

  // Deques: the spans handed to builders must not move.
  std::vector<dns::dns_message::questions_element_builder> questions_;
  std::vector<dns::dns_message::answers_element_builder> answers_;
  std::vector<dns::dns_message::authority_element_builder> authority_;
  std::vector<dns::dns_message::additional_element_builder> additional_;
  std::deque<std::vector<dns::dns_rr::options_element_builder>> option_lists_;
  std::deque<std::vector<dns::dns_rdata::strings_element_builder>> txt_;
  std::deque<std::vector<dns::dns_rdata::SPF_strings_element_builder>> spf_;
};

}  // namespace dns_test
