// Answering one query: bytes in, bytes out. The query is parsed by the
// generated dns_message parser (dns_header's when it is too broken for
// that, to send FORMERR with its id); the response is built with the
// generated dns_message builder, which compresses every name.
//
// What goes in the sections follows RFC 1034 §4.3.2 as NSD does it
// (docs/dns-server.md lists where we differ): AA for our data, CNAME chains
// through our zones, referrals at zone cuts with glue, NXDOMAIN/NODATA with
// the SOA, wildcards, ANY, additional addresses for NS/MX/SRV targets,
// EDNS(0) with BADVERS, TC when a UDP answer does not fit.
#ifndef DNS_SERVER_ANSWER_H_
#define DNS_SERVER_ANSWER_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include <mpl/bytes.h>

#include "zone.h"

namespace dns_server {

class answer_cache;

enum class transport : std::uint8_t { udp, tcp };

// The largest UDP response we send, whatever the client offers: the
// EDNS(0) size DNS flag day 2020 settled on, and NSD's default.
inline constexpr std::uint16_t our_udp_payload = 1232;
// Without EDNS(0), RFC 1035 §4.2.1.
inline constexpr std::uint16_t classic_udp_payload = 512;
// A response never exceeds what a TCP length prefix can carry.
inline constexpr std::size_t max_response = 65535;

// One per thread: holds the scratch space (reserved once, reused) the
// builders' arrays live in, so answering does not allocate once warm.
class responder {
 public:
  explicit responder(const zone_set& zones, answer_cache* cache = nullptr);

  // Answers `query`, writing the response into `out` (at least
  // max_response bytes for TCP, our_udp_payload for UDP). Returns its size,
  // or 0 when the query gets no response (it is a response itself, or too
  // short to carry an id).
  std::size_t answer(mpl::bytes query, transport via, mpl::mutable_bytes out);

 private:
  struct request;
  std::size_t build(const request& q, transport via, mpl::mutable_bytes out);
  void resolve(const request& q, msg::builder& b);
  template <class Element>
  bool add_rrset(std::vector<Element>& to, const rrset& s, const mpl::dns::name_view* owner);
  void add_additional(const rrset& s);
  void add_soa(const zone& z);

  const zone_set& zones_;
  answer_cache* cache_;
  std::vector<msg::answers_element_builder> answers_;
  std::vector<msg::authority_element_builder> authority_;
  std::vector<msg::additional_element_builder> additional_;
  std::vector<const rrset*> included_;  // RRsets already in the response
};

}  // namespace dns_server

#endif  // DNS_SERVER_ANSWER_H_
