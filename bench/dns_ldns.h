// The DNS parse paths through ldns (NLnet Labs): ldns_wire2pkt() decodes a
// whole message into an ldns_pkt of allocated records, read through its
// accessors and freed with ldns_pkt_free() on every call: that allocation is
// what using ldns costs. ldns only does DNS, so the query frame's Ethernet,
// IPv4 and UDP headers are read by the hand-written parsers (the rules of
// link_cases' hand-written path) and ldns gets the UDP payload.
//
// ldns keeps a name rdf in uncompressed wire form, the benchmark's common
// form, so names are copied out as they are.
#pragma once

#include <ldns/ldns.h>

#include <cstdint>
#include <cstring>

#include "dns_fields.h"
#include "dns_handwritten.h"

namespace bench::ldns_dns {

inline bool copy_name(const ldns_rdf* rdf, WireName& out) noexcept {
  if (rdf == nullptr || ldns_rdf_get_type(rdf) != LDNS_RDF_TYPE_DNAME) return false;
  const std::size_t n = ldns_rdf_size(rdf);
  if (n == 0 || n > kMaxWireName) return false;
  std::memcpy(out.bytes.data(), ldns_rdf_data(rdf), n);
  out.size = static_cast<std::uint8_t>(n);
  return true;
}

// Frees the packet however the reading ends.
struct PacketFree {
  ldns_pkt* p = nullptr;
  PacketFree() = default;
  PacketFree(const PacketFree&) = delete;
  PacketFree& operator=(const PacketFree&) = delete;
  ~PacketFree() {
    if (p != nullptr) ldns_pkt_free(p);
  }
};

inline bool parse_query_frame(mpl::bytes frame, DnsQueryFields& f) noexcept {
  mpl::bytes payload;
  if (!hand_dns::udp_payload_of(frame, f, payload)) return false;
  PacketFree pkt;
  if (ldns_wire2pkt(&pkt.p, payload.data(), payload.size()) != LDNS_STATUS_OK) return false;
  f.id = ldns_pkt_id(pkt.p);
  f.qr = ldns_pkt_qr(pkt.p);
  f.opcode = static_cast<std::uint8_t>(ldns_pkt_get_opcode(pkt.p));
  f.aa = ldns_pkt_aa(pkt.p);
  f.tc = ldns_pkt_tc(pkt.p);
  f.rd = ldns_pkt_rd(pkt.p);
  f.ra = ldns_pkt_ra(pkt.p);
  f.ad = ldns_pkt_ad(pkt.p);
  f.cd = ldns_pkt_cd(pkt.p);
  f.rcode = static_cast<std::uint8_t>(ldns_pkt_get_rcode(pkt.p));
  f.question_count = ldns_pkt_qdcount(pkt.p);
  const ldns_rr_list* questions = ldns_pkt_question(pkt.p);
  if (ldns_rr_list_rr_count(questions) > 0) {
    const ldns_rr* q = ldns_rr_list_rr(questions, 0);
    if (!copy_name(ldns_rr_owner(q), f.qname)) return false;
    f.qtype = static_cast<std::uint16_t>(ldns_rr_get_type(q));
    f.qclass = static_cast<std::uint16_t>(ldns_rr_get_class(q));
  }
  // ldns moves the OPT record out of the additional section into the
  // packet's EDNS fields.
  f.edns_udp_size = ldns_pkt_edns(pkt.p) ? ldns_pkt_edns_udp_size(pkt.p) : 0;
  return true;
}

inline bool parse_response(mpl::bytes message, DnsResponseFields& f) noexcept {
  PacketFree pkt;
  if (ldns_wire2pkt(&pkt.p, message.data(), message.size()) != LDNS_STATUS_OK) return false;
  f.id = ldns_pkt_id(pkt.p);
  f.qr = ldns_pkt_qr(pkt.p);
  f.rcode = static_cast<std::uint8_t>(ldns_pkt_get_rcode(pkt.p));
  const ldns_rr_list* answers = ldns_pkt_answer(pkt.p);
  const std::size_t n = ldns_rr_list_rr_count(answers);
  if (n > kMaxAnswers) return false;
  for (std::size_t i = 0; i < n; ++i) {
    const ldns_rr* r = ldns_rr_list_rr(answers, i);
    DnsAnswer& x = f.answers[i];
    if (!copy_name(ldns_rr_owner(r), x.owner)) return false;
    x.type = static_cast<std::uint16_t>(ldns_rr_get_type(r));
    x.rclass = static_cast<std::uint16_t>(ldns_rr_get_class(r));
    x.ttl = ldns_rr_ttl(r);
    x.address_size = 0;
    x.target.size = 0;
    if (ldns_rr_rd_count(r) == 0) continue;  // empty RDATA
    const ldns_rdf* data = ldns_rr_rdf(r, 0);
    switch (x.type) {
      case kTypeA:
      case kTypeAAAA: {
        const std::size_t size = x.type == kTypeA ? 4 : 16;
        if (ldns_rdf_size(data) != size) return false;
        std::memcpy(x.address.data(), ldns_rdf_data(data), size);
        x.address_size = static_cast<std::uint8_t>(size);
        break;
      }
      case kTypeNS:
      case kTypeCNAME:
      case kTypePTR:
        if (!copy_name(data, x.target)) return false;
        break;
      default:
        break;
    }
  }
  f.answer_count = static_cast<std::uint16_t>(n);
  return true;
}

}  // namespace bench::ldns_dns
