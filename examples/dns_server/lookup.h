// Where a name leads in our zones: RFC 1034 §4.3.2 steps 2-3, with the
// wildcard rules of RFC 4592. The answer builder (answer.h) turns the
// result into sections; this part only walks the zone tables.
#ifndef DNS_SERVER_LOOKUP_H_
#define DNS_SERVER_LOOKUP_H_

#include <cstdint>

#include "zone.h"

namespace dns_server {

struct lookup_result {
  enum kind_t : std::uint8_t {
    not_ours,  // no zone of ours contains the name
    referral,  // a zone cut at or above the name: `n` holds the NS
    exact,     // `n` is the name's node (possibly an empty non-terminal)
    wildcard,  // `n` is the wildcard node that matches the name
    nxdomain,  // no such name
  };
  kind_t kind = not_ours;
  const zone* z = nullptr;
  const node* n = nullptr;
};

// `qtype` matters only for DS at a zone cut, which the parent side answers
// (RFC 4035 §3.1.4.1).
lookup_result lookup(const zone_set& zones, const name_key& name, std::uint16_t qtype) noexcept;

}  // namespace dns_server

#endif  // DNS_SERVER_LOOKUP_H_
