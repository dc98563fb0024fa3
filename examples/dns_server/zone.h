// Zone data compiled for lookup: every owner name (and every empty
// non-terminal between it and the apex) is a node in a hash table keyed by
// the name's lower-cased wire form; each node's RRsets hold ready-made
// record builders of the generated codec (specs/dns.mpl), so answering a
// query copies builders into the response and never parses zone data.
//
// A zone is immutable after loading (zone_loader.h); the answer path only
// reads it, from any number of threads.
#ifndef DNS_SERVER_ZONE_H_
#define DNS_SERVER_ZONE_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <mpl/dns.h>

#include "dns.h"

namespace dns_server {

namespace msg = ::dns::dns_message;
namespace rr = ::dns::dns_rr;
namespace rd = ::dns::dns_rdata;

// RR types and classes the answer logic treats specially (RFC 1035, 3596,
// 2782, 4034, 6891).
namespace rrtype {
inline constexpr std::uint16_t A = 1, NS = 2, CNAME = 5, SOA = 6, MX = 15, AAAA = 28, SRV = 33, OPT = 41, DS = 43,
                               IXFR = 251, AXFR = 252, MAILB = 253, MAILA = 254, ANY = 255,
                               RRSIG = 46, NSEC = 47, TXT = 16,
                               DNSKEY = 48, NSEC3 = 50;
}
inline constexpr std::uint16_t class_in = 1;
inline constexpr std::uint16_t class_any_value = 255;

// A name's lower-cased uncompressed wire form, the key of every table
// here. Built on the stack from a parsed name; no allocation.
struct name_key {
  std::uint8_t bytes[mpl::dns::max_name_bytes];
  std::uint8_t size = 0;
  // Where each label starts, first label first; the root has no label.
  std::uint8_t label_at[mpl::dns::max_labels];
  std::uint8_t labels = 0;

  std::string_view view() const noexcept { return {reinterpret_cast<const char*>(bytes), size}; }
  // The key of the name without its first `skip` labels.
  std::string_view suffix(std::size_t skip) const noexcept {
    const std::size_t at = skip < labels ? label_at[skip] : static_cast<std::size_t>(size - 1);
    return view().substr(at);
  }
  // False if the name has more labels or bytes than a name may.
  bool assign(const mpl::dns::name_view& name) noexcept;
};

struct node;

// The records of one name and type. Each builder already holds the owner
// (the node's name as the zone file wrote it), class, TTL and RDATA.
struct rrset {
  std::uint16_t type = 0;
  std::vector<rr::builder> records;
  std::vector<mpl::bytes> rdata;  // each record's RDATA as loaded (zone::storage)
  // The nodes whose addresses go in the additional section when this RRset
  // is in a response (NS, MX and SRV targets inside the zone, RFC 1034
  // §4.3.2 step 6, RFC 2782), resolved once the whole zone is loaded.
  std::vector<const node*> additional;
};

struct node {
  std::vector<std::uint8_t> wire;  // the name as written in the zone (case kept)
  mpl::dns::name_view name;        // over `wire`
  std::vector<rrset> rrsets;       // few per node: found by a linear scan
  bool delegation = false;         // NS below the apex: a zone cut

  const rrset* find(std::uint16_t type) const noexcept {
    for (const rrset& s : rrsets) {
      if (s.type == type) return &s;
    }
    return nullptr;
  }
  bool empty() const noexcept { return rrsets.empty(); }
};

struct key_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct zone {
  std::string origin_text;  // as given on the command line
  std::string origin_key;   // name_key form of the apex
  std::size_t origin_labels = 0;
  const node* apex = nullptr;
  const rrset* soa = nullptr;
  std::uint32_t negative_ttl = 0;  // min(SOA TTL, SOA MINIMUM), RFC 2308 §5

  std::unordered_map<std::string, std::unique_ptr<node>, key_hash, std::equal_to<>> nodes;
  // Nodes not in the lookup table that builders still refer to (NSEC3
  // owners, which queries do not see).
  std::vector<std::unique_ptr<node>> hidden;
  // RDATA and name bytes the builders refer to. A deque never moves what
  // it holds when it grows.
  std::deque<std::vector<std::uint8_t>> storage;

  const node* find(std::string_view key) const noexcept {
    auto it = nodes.find(key);
    return it == nodes.end() ? nullptr : it->second.get();
  }
};

// The zones a server answers for. Each query is answered from the zone
// with the longest origin at or above its name.
class zone_set {
 public:
  void add(std::unique_ptr<zone> z);
  // The zone for `name` (nullptr: none of ours); `depth` is set to how many
  // of the name's first labels lie below that zone's apex.
  const zone* find(const name_key& name, std::size_t& depth) const noexcept;
  std::size_t size() const noexcept { return zones_.size(); }
  const zone& at(std::size_t i) const noexcept { return *zones_[i]; }

 private:
  std::vector<std::unique_ptr<zone>> zones_;
  std::unordered_map<std::string, const zone*, key_hash, std::equal_to<>> by_origin_;
};

}  // namespace dns_server

#endif  // DNS_SERVER_ZONE_H_
