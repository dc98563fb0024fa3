#include "lookup.h"

#include <cstring>

namespace dns_server {

lookup_result lookup(const zone_set& zones, const name_key& name, std::uint16_t qtype) noexcept {
  lookup_result r;
  std::size_t depth = 0;
  r.z = zones.find(name, depth);
  if (r.z == nullptr) return r;
  // Walk down from the apex, one label at a time: the first zone cut on
  // the way is a referral; the first missing name ends the walk at the
  // closest encloser. Empty non-terminals are nodes, so a name below an
  // existing node is missing only if every name below that one is too.
  const node* encloser = r.z->apex;
  for (std::size_t skip = depth; skip-- > 0;) {
    const node* n = r.z->find(name.suffix(skip));
    if (n == nullptr) {
      // RFC 4592 §3.3.1: the source of synthesis is "*." + closest encloser.
      std::uint8_t buf[mpl::dns::max_name_bytes + 2];
      const std::string_view ce = name.suffix(skip + 1);
      buf[0] = 1;
      buf[1] = '*';
      std::memcpy(buf + 2, ce.data(), ce.size());
      const node* w = r.z->find(std::string_view(reinterpret_cast<const char*>(buf), ce.size() + 2));
      r.kind = w != nullptr ? lookup_result::wildcard : lookup_result::nxdomain;
      r.n = w;
      return r;
    }
    if (n->delegation && !(skip == 0 && qtype == rrtype::DS)) {
      r.kind = lookup_result::referral;
      r.n = n;
      return r;
    }
    encloser = n;
  }
  r.kind = lookup_result::exact;
  r.n = encloser;
  return r;
}

}  // namespace dns_server
