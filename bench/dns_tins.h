// The DNS paths through libtins, the way its documentation shows: DNS is
// not decoded by EthernetII on its own, so the UDP payload (a RawPDU) is
// converted with RawPDU::to<Tins::DNS>(); a message alone is constructed
// from its bytes. Records come out as std::strings (names as dotted text,
// A and AAAA data as address text), so the adapter converts them to the
// common form: names to wire form, addresses back to bytes. Building adds
// the query and records to a Tins::DNS and serialize()s it; libtins does not
// compress names, so its message is longer than the captured one.
// libtins throws on malformed input; a throw is caught and reported as a
// failed parse.
#pragma once

#include <tins/tins.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "dns_fields.h"

namespace bench::tins_dns {

// Dotted text from libtins to wire form. libtins writes a label's dots
// unescaped, so such a name would split wrongly; none occurs here.
inline bool wire_of(const std::string& text, WireName& out) {
  out.size = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t dot = text.find('.', start);
    if (dot == std::string::npos) dot = text.size();
    if (dot == start) return false;
    const auto* p = reinterpret_cast<const std::uint8_t*>(text.data() + start);
    if (!out.push_label(p, dot - start)) return false;
    start = dot + 1;
  }
  out.finish();
  return true;
}

inline void read_header(const Tins::DNS& dns, DnsQueryFields& f) {
  f.id = dns.id();
  f.qr = static_cast<std::uint8_t>(dns.type());
  f.opcode = dns.opcode();
  f.aa = dns.authoritative_answer();
  f.tc = dns.truncated();
  f.rd = dns.recursion_desired();
  f.ra = dns.recursion_available();
  f.ad = dns.authenticated_data();
  f.cd = dns.checking_disabled();
  f.rcode = dns.rcode();
  f.question_count = dns.questions_count();
}

inline bool parse_query_frame(mpl::bytes frame, DnsQueryFields& f) noexcept {
  try {
    const Tins::EthernetII eth(frame.data(), static_cast<std::uint32_t>(frame.size()));
    const auto* ip = eth.find_pdu<Tins::IP>();
    const auto* udp = eth.find_pdu<Tins::UDP>();
    if (ip == nullptr || udp == nullptr) return false;
    const auto* raw = udp->find_pdu<Tins::RawPDU>();
    if (raw == nullptr) return false;
    const Tins::DNS dns = raw->to<Tins::DNS>();
    f.src = Tins::Endian::be_to_host(static_cast<std::uint32_t>(ip->src_addr()));
    f.dst = Tins::Endian::be_to_host(static_cast<std::uint32_t>(ip->dst_addr()));
    f.source_port = udp->sport();
    f.destination_port = udp->dport();
    read_header(dns, f);
    const Tins::DNS::queries_type queries = dns.queries();
    if (!queries.empty()) {
      if (!wire_of(queries.front().dname(), f.qname)) return false;
      f.qtype = static_cast<std::uint16_t>(queries.front().query_type());
      f.qclass = static_cast<std::uint16_t>(queries.front().query_class());
    }
    for (const Tins::DNS::resource& r : dns.additional()) {
      if (r.query_type() == kTypeOPT) {
        f.edns_udp_size = r.query_class();
        break;
      }
    }
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

inline bool parse_response(mpl::bytes message, DnsResponseFields& f) noexcept {
  try {
    const Tins::DNS dns(message.data(), static_cast<std::uint32_t>(message.size()));
    f.id = dns.id();
    f.qr = static_cast<std::uint8_t>(dns.type());
    f.rcode = dns.rcode();
    const Tins::DNS::resources_type answers = dns.answers();
    if (answers.size() > kMaxAnswers) return false;
    for (std::size_t i = 0; i < answers.size(); ++i) {
      const Tins::DNS::resource& r = answers[i];
      DnsAnswer& x = f.answers[i];
      if (!wire_of(r.dname(), x.owner)) return false;
      x.type = r.query_type();
      x.rclass = r.query_class();
      x.ttl = r.ttl();
      x.address_size = 0;
      x.target.size = 0;
      if (r.data().empty()) continue;  // empty RDATA
      switch (r.query_type()) {
        case kTypeA: {
          const std::uint32_t a = Tins::Endian::be_to_host(static_cast<std::uint32_t>(Tins::IPv4Address(r.data())));
          for (std::size_t k = 0; k < 4; ++k) x.address[k] = static_cast<std::uint8_t>(a >> (24 - 8 * k));
          x.address_size = 4;
          break;
        }
        case kTypeAAAA: {
          const Tins::IPv6Address a(r.data());
          std::copy(a.begin(), a.end(), x.address.begin());
          x.address_size = 16;
          break;
        }
        case kTypeNS:
        case kTypeCNAME:
        case kTypePTR:
          if (!wire_of(r.data(), x.target)) return false;
          break;
        default:
          break;
      }
    }
    f.answer_count = static_cast<std::uint16_t>(answers.size());
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// A record as libtins takes it: the data as text (an address for A and
// AAAA, a dotted name for NS, CNAME, PTR); OPT with its class and TTL
// fields as they go on the wire and no data.
inline Tins::DNS::resource resource_of(const DnsRecordSpec& r) {
  std::string data;
  switch (r.type) {
    case kTypeA:
      data = Tins::IPv4Address(Tins::Endian::host_to_be(static_cast<std::uint32_t>(
                                   std::uint32_t{r.address[0]} << 24 | std::uint32_t{r.address[1]} << 16 |
                                   std::uint32_t{r.address[2]} << 8 | r.address[3])))
                 .to_string();
      break;
    case kTypeAAAA:
      data = Tins::IPv6Address(r.address.data()).to_string();
      break;
    case kTypeNS:
    case kTypeCNAME:
    case kTypePTR:
      data.assign(r.target);
      break;
    default:
      break;
  }
  return Tins::DNS::resource(std::string(r.name), data, r.type, r.rclass, r.ttl);
}

// serialize() returns a new vector; the message is then copied to `out`, as
// a server sending from its own buffer would.
inline std::size_t build_response(const DnsResponseSpec& s, mpl::mutable_bytes out) noexcept {
  try {
    Tins::DNS dns;
    dns.id(s.id);
    dns.type(s.qr != 0 ? Tins::DNS::RESPONSE : Tins::DNS::QUERY);
    dns.opcode(s.opcode);
    dns.authoritative_answer(s.aa);
    dns.truncated(s.tc);
    dns.recursion_desired(s.rd);
    dns.recursion_available(s.ra);
    dns.z(s.z);
    dns.authenticated_data(s.ad);
    dns.checking_disabled(s.cd);
    dns.rcode(s.rcode);
    dns.add_query(Tins::DNS::query(std::string(s.qname), static_cast<Tins::DNS::QueryType>(s.qtype),
                                   static_cast<Tins::DNS::QueryClass>(s.qclass)));
    for (const DnsRecordSpec& r : s.answers) dns.add_answer(resource_of(r));
    for (const DnsRecordSpec& r : s.authority) dns.add_authority(resource_of(r));
    for (const DnsRecordSpec& r : s.additional) dns.add_additional(resource_of(r));
    const std::vector<std::uint8_t> bytes = dns.serialize();
    if (bytes.size() > out.size()) return 0;
    std::memcpy(out.data(), bytes.data(), bytes.size());
    return bytes.size();
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace bench::tins_dns
