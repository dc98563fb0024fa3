// The DNS benchmark paths through mplc-generated code (specs/dns.mpl,
// bounds checks elided, the default), written as a user of the generated
// interface would (docs/generated-api.md): parse() each layer, read the
// views' accessors, iterate arrays with range-for, take classify cases with
// as_<Case>(); build with the designated-initialiser builders and write().
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

#include <mpl/dns.h>

#include "dns_fields.h"
#include "elided/dns.h"
#include "elided/ethernet.h"
#include "elided/ipv4.h"
#include "elided/udp.h"

namespace bench::gen_dns {

namespace msg = ::dns::dns_message;
namespace rr = ::dns::dns_rr;
namespace rd = ::dns::dns_rdata;

// A parsed name (the view follows the compression pointers) in wire form.
inline bool copy_name(const mpl::dns::name_view& name, WireName& out) noexcept {
  out.size = 0;
  for (mpl::bytes label : name) {
    if (!out.push_label(label.data(), label.size())) return false;
  }
  out.finish();
  return true;
}

// The DNS part of parse/eth_ipv4_udp_dns_query.
inline bool read_query(const msg::view& m, DnsQueryFields& f) noexcept {
  f.id = m.id();
  f.qr = m.qr();
  f.opcode = static_cast<std::uint8_t>(m.opcode());
  f.aa = m.aa();
  f.tc = m.tc();
  f.rd = m.rd();
  f.ra = m.ra();
  f.ad = m.ad();
  f.cd = m.cd();
  f.rcode = static_cast<std::uint8_t>(m.rcode());
  f.question_count = m.qdcount();
  for (const auto& q : m.questions()) {
    if (!copy_name(q.qname(), f.qname)) return false;
    f.qtype = q.qtype();
    f.qclass = q.qclass();
    break;
  }
  for (const auto& a : m.additional()) {
    if (auto opt = a.rr().as_Opt()) {
      f.edns_udp_size = opt->udp_payload_size();
      break;
    }
  }
  return true;
}

// parse/eth_ipv4_udp_dns_query: Ethernet, IPv4, UDP, DNS, each parsed from
// the payload of the one before (as link_cases' generated path does).
inline bool parse_query_frame(mpl::bytes frame, DnsQueryFields& f) noexcept {
  auto eth = ::ethernet::ethernet::parse(frame);
  if (!eth.ok()) return false;
  auto v4 = eth->as_IPv4();
  if (!v4) return false;
  auto ip = ::ipv4::ipv4::parse(v4->payload());
  if (!ip.ok() || ip->protocol() != ::ipv4::ipv4::protocol_t::UDP) return false;
  f.src = ip->src();
  f.dst = ip->dst();
  auto udp = ::udp::udp::parse(ip->payload());
  if (!udp.ok()) return false;
  f.source_port = udp->source_port();
  f.destination_port = udp->destination_port();
  auto m = msg::parse(udp->payload());
  return m.ok() && read_query(*m, f);
}

// One answer record.
inline bool read_answer(const rr::view& r, DnsAnswer& x) noexcept {
  if (!copy_name(r.name(), x.owner)) return false;
  x.type = static_cast<std::uint16_t>(r.type());
  x.address_size = 0;
  x.target.size = 0;
  if (auto opt = r.as_Opt()) {
    x.rclass = opt->udp_payload_size();
    x.ttl = std::uint32_t{opt->extended_rcode()} << 24 | std::uint32_t{opt->version()} << 16 |
            std::uint32_t{opt->dnssec_ok()} << 15 | opt->z();
    return true;
  }
  auto rec = r.as_Record();
  if (!rec) return false;
  x.rclass = rec->rclass();
  x.ttl = rec->ttl();
  const rd::view& data = rec->rdata();
  switch (data.classify0_case()) {
    case rd::classify0_case_t::A:
      std::memcpy(x.address.data(), data.as_A()->address().data(), 4);
      x.address_size = 4;
      return true;
    case rd::classify0_case_t::AAAA:
      std::memcpy(x.address.data(), data.as_AAAA()->address().data(), 16);
      x.address_size = 16;
      return true;
    case rd::classify0_case_t::NS:
      return copy_name(data.as_NS()->nsdname(), x.target);
    case rd::classify0_case_t::CNAME:
      return copy_name(data.as_CNAME()->cname(), x.target);
    case rd::classify0_case_t::PTR:
      return copy_name(data.as_PTR()->ptrdname(), x.target);
    default:
      return true;
  }
}

// parse/dns_response: parse() validates the whole message (every
// section); then every answer is read.
inline bool parse_response(mpl::bytes message, DnsResponseFields& f) noexcept {
  auto m = msg::parse(message);
  if (!m.ok()) return false;
  f.id = m->id();
  f.qr = m->qr();
  f.rcode = static_cast<std::uint8_t>(m->rcode());
  std::size_t n = 0;
  for (const auto& a : m->answers()) {
    if (n == kMaxAnswers || !read_answer(a.rr(), f.answers[n])) return false;
    ++n;
  }
  f.answer_count = static_cast<std::uint16_t>(n);
  return true;
}

// One record's builder, filled in place with emplace(): the case structs
// are large (rr::builder is 392 bytes, its RDATA a variant over every
// layout), and building them as designated-initialiser temporaries and
// assigning copies them twice, which cost about 15% of this case when
// measured. False for a type the benchmark does not build.
inline bool record_builder(const DnsRecordSpec& r, rr::builder& b) noexcept {
  b.name = r.name;
  b.type = static_cast<rr::type_t>(r.type);
  if (r.type == kTypeOPT) {
    rr::Opt& opt = b.body.emplace<rr::Opt>();
    opt.udp_payload_size = r.rclass;
    opt.extended_rcode = static_cast<std::uint8_t>(r.ttl >> 24);
    opt.version = static_cast<std::uint8_t>(r.ttl >> 16);
    opt.dnssec_ok = static_cast<std::uint8_t>((r.ttl >> 15) & 1);
    opt.z = static_cast<std::uint16_t>(r.ttl & 0x7fff);
    return true;
  }
  rr::Record& rec = b.body.emplace<rr::Record>();
  rec.rclass = r.rclass;
  rec.ttl = r.ttl;
  switch (r.type) {
    case kTypeA:
      if (r.address_size != 4) return false;
      rec.rdata.body.emplace<rd::A>().address = {r.address[0], r.address[1], r.address[2], r.address[3]};
      return true;
    case kTypeAAAA:
      if (r.address_size != 16) return false;
      rec.rdata.body.emplace<rd::AAAA>().address = r.address;
      return true;
    case kTypeNS:
      rec.rdata.body.emplace<rd::NS>().nsdname = r.target;
      return true;
    case kTypeCNAME:
      rec.rdata.body.emplace<rd::CNAME>().cname = r.target;
      return true;
    case kTypePTR:
      rec.rdata.body.emplace<rd::PTR>().ptrdname = r.target;
      return true;
    default:
      return false;
  }
}

// build/dns_response_compressed: the element builders live in fixed arrays
// on the stack (the builder takes spans of them); write() sizes the message
// (compressing every name) and then writes it, compressing again.
inline std::size_t build_response(const DnsResponseSpec& s, mpl::mutable_bytes out) noexcept {
  if (s.answers.size() > kMaxBuildAnswers || s.authority.size() > kMaxBuildAuthority ||
      s.additional.size() > kMaxBuildAdditional) {
    return 0;
  }
  std::array<msg::answers_element_builder, kMaxBuildAnswers> answers;
  std::array<msg::authority_element_builder, kMaxBuildAuthority> authority;
  std::array<msg::additional_element_builder, kMaxBuildAdditional> additional;
  for (std::size_t i = 0; i < s.answers.size(); ++i) {
    if (!record_builder(s.answers[i], answers[i].rr)) return 0;
  }
  for (std::size_t i = 0; i < s.authority.size(); ++i) {
    if (!record_builder(s.authority[i], authority[i].rr)) return 0;
  }
  for (std::size_t i = 0; i < s.additional.size(); ++i) {
    if (!record_builder(s.additional[i], additional[i].rr)) return 0;
  }
  const msg::questions_element_builder question{.qname = s.qname, .qtype = s.qtype, .qclass = s.qclass};
  const msg::builder b{
      .id = s.id,
      .qr = s.qr,
      .opcode = static_cast<msg::opcode_t>(s.opcode),
      .aa = s.aa,
      .tc = s.tc,
      .rd = s.rd,
      .ra = s.ra,
      .z = s.z,
      .ad = s.ad,
      .cd = s.cd,
      .rcode = static_cast<msg::rcode_t>(s.rcode),
      .questions = std::span<const msg::questions_element_builder>(&question, 1),
      .answers = std::span<const msg::answers_element_builder>(answers.data(), s.answers.size()),
      .authority = std::span<const msg::authority_element_builder>(authority.data(), s.authority.size()),
      .additional = std::span<const msg::additional_element_builder>(additional.data(), s.additional.size()),
  };
  auto n = b.write(out);
  return n.ok() ? *n : 0;
}

}  // namespace bench::gen_dns
