#include "cache.h"

#include <algorithm>
#include <cstring>

namespace dns_server {

cache_key make_cache_key(const name_key& name, std::uint16_t qtype, std::uint16_t qclass, std::uint8_t rd, bool edns,
                         std::uint8_t dnssec_ok, std::size_t limit) noexcept {
  cache_key k;
  std::memcpy(k.bytes, name.bytes, name.size);
  std::size_t o = name.size;
  k.bytes[o++] = static_cast<std::uint8_t>(qtype >> 8);
  k.bytes[o++] = static_cast<std::uint8_t>(qtype);
  k.bytes[o++] = static_cast<std::uint8_t>(qclass >> 8);
  k.bytes[o++] = static_cast<std::uint8_t>(qclass);
  k.bytes[o++] = static_cast<std::uint8_t>((rd & 1) | (edns ? 2 : 0) | (dnssec_ok & 1) << 2);
  k.bytes[o++] = static_cast<std::uint8_t>(limit >> 8);
  k.bytes[o++] = static_cast<std::uint8_t>(limit);
  k.size = static_cast<std::uint16_t>(o);
  // FNV-1a: short keys, and the slot only needs the bits spread.
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (std::size_t i = 0; i < o; ++i) h = (h ^ k.bytes[i]) * 0x100000001b3ull;
  k.hash = h;
  return k;
}

answer_cache::answer_cache(std::size_t entries) : slots_(std::max<std::size_t>(entries, 1)) {}

std::size_t answer_cache::find(const cache_key& key, mpl::mutable_bytes out) const noexcept {
  const entry& e = slots_[key.hash % slots_.size()];
  if (e.key_size != key.size || e.hash != key.hash || std::memcmp(e.key, key.bytes, key.size) != 0 ||
      e.size > out.size()) {
    ++misses_;
    return 0;
  }
  ++hits_;
  std::memcpy(out.data(), e.response, e.size);
  return e.size;
}

void answer_cache::store(const cache_key& key, mpl::bytes response) noexcept {
  if (response.size() > max_cached) return;
  entry& e = slots_[key.hash % slots_.size()];
  e.key_size = key.size;
  e.hash = key.hash;
  std::memcpy(e.key, key.bytes, key.size);
  e.size = static_cast<std::uint16_t>(response.size());
  std::memcpy(e.response, response.data(), response.size());
}

void answer_cache::clear() noexcept {
  for (entry& e : slots_) e.key_size = 0;
}

}  // namespace dns_server
