#include "zone.h"

namespace dns_server {

bool name_key::assign(const mpl::dns::name_view& name) noexcept {
  std::size_t o = 0;
  std::size_t n = 0;
  for (mpl::bytes label : name) {
    // A parsed name is at most 255 bytes (the parser checks), so this
    // bound only guards against a caller passing something else.
    if (n == mpl::dns::max_labels || o + 1 + label.size() + 1 > mpl::dns::max_name_bytes) return false;
    label_at[n++] = static_cast<std::uint8_t>(o);
    bytes[o++] = static_cast<std::uint8_t>(label.size());
    for (std::uint8_t c : label) bytes[o++] = c >= 'A' && c <= 'Z' ? static_cast<std::uint8_t>(c + ('a' - 'A')) : c;
  }
  bytes[o++] = 0;
  size = static_cast<std::uint8_t>(o);
  labels = static_cast<std::uint8_t>(n);
  return true;
}

void zone_set::add(std::unique_ptr<zone> z) {
  by_origin_[z->origin_key] = z.get();
  zones_.push_back(std::move(z));
}

const zone* zone_set::find(const name_key& name, std::size_t& depth) const noexcept {
  // Longest origin first: strip labels from the front until one matches.
  for (std::size_t skip = 0; skip <= name.labels; ++skip) {
    auto it = by_origin_.find(name.suffix(skip));
    if (it != by_origin_.end()) {
      depth = skip;
      return it->second;
    }
  }
  return nullptr;
}

}  // namespace dns_server
