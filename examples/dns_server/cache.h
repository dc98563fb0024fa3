// The paper's answer cache: whole responses, keyed by what makes two
// queries get the same answer (the lower-cased name, type, class, the RD
// bit echoed in the header, EDNS presence, DO, and the size limit
// the answer was fitted to). A hit copies the stored bytes; the responder
// then writes the query's id and the case of its name over them.
//
// One cache per thread, so no locking. Fixed memory: `entries` slots of
// one response each, allocated at start; a new response evicts whatever
// shared its slot (direct-mapped). Responses over max_cached bytes (large
// TCP answers) are not cached. clear() empties it, for a zone reload.
#ifndef DNS_SERVER_CACHE_H_
#define DNS_SERVER_CACHE_H_

#include <cstddef>
#include <cstdint>
#include <vector>

#include <mpl/bytes.h>

#include "zone.h"

namespace dns_server {

struct cache_key {
  // The name key, then type, class, a flag byte and the size limit.
  std::uint8_t bytes[mpl::dns::max_name_bytes + 7];
  std::uint16_t size = 0;
  std::uint64_t hash = 0;
};

cache_key make_cache_key(const name_key& name, std::uint16_t qtype, std::uint16_t qclass, std::uint8_t rd, bool edns,
                         std::uint8_t dnssec_ok, std::size_t limit) noexcept;

class answer_cache {
 public:
  static constexpr std::size_t max_cached = 1232;  // our largest UDP response

  explicit answer_cache(std::size_t entries);

  // Copies the response stored for `key` into `out`; its size, or 0.
  std::size_t find(const cache_key& key, mpl::mutable_bytes out) const noexcept;
  void store(const cache_key& key, mpl::bytes response) noexcept;
  void clear() noexcept;

  std::uint64_t hits() const noexcept { return hits_; }
  std::uint64_t misses() const noexcept { return misses_; }

 private:
  struct entry {
    std::uint16_t key_size = 0;  // 0: empty
    std::uint16_t size = 0;
    std::uint64_t hash = 0;
    std::uint8_t key[sizeof(cache_key::bytes)];
    std::uint8_t response[max_cached];
  };
  std::vector<entry> slots_;
  mutable std::uint64_t hits_ = 0;
  mutable std::uint64_t misses_ = 0;
};

}  // namespace dns_server

#endif  // DNS_SERVER_CACHE_H_
