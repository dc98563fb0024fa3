#include "fragments.h"

#include <algorithm>

namespace mpldump {

void IpFragments::expire(std::uint64_t now) {
  for (auto it = pending_.begin(); it != pending_.end();) {
    // Capture time may go backwards (merged files): only age forwards.
    if (now > it->second.first_seen && now - it->second.first_seen > limits_.max_age) {
      it = pending_.erase(it);
    } else {
      ++it;
    }
  }
}

IpFragments::Outcome IpFragments::add(const std::string& key, std::uint64_t now, std::size_t offset, bool more,
                                      std::uint64_t protocol, mpl::bytes payload) {
  done_.clear();
  expire(now);
  const std::size_t end = offset + payload.size();
  if (end > limits_.bytes || (more && payload.empty())) {
    pending_.erase(key);
    return Outcome::kDiscarded;
  }
  auto it = pending_.find(key);
  if (it == pending_.end()) {
    if (pending_.size() >= limits_.datagrams) {
      pending_.erase(std::min_element(pending_.begin(), pending_.end(), [](const auto& a, const auto& b) {
        return a.second.first_seen < b.second.first_seen;
      }));
    }
    it = pending_.emplace(key, Datagram{}).first;
    it->second.first_seen = now;
  }
  Datagram& d = it->second;
  auto discard = [&] {
    pending_.erase(it);
    return Outcome::kDiscarded;
  };
  // The last fragment fixes the length; nothing may end beyond it, and a
  // second last fragment must agree.
  if (!more) {
    if (d.total_known && d.total != end) return discard();
    if (!d.have.empty() && d.have.back().second > end) return discard();
    d.total = end;
    d.total_known = true;
  } else if (d.total_known && end > d.total) {
    return discard();
  }
  // Where it overlaps what is there, the bytes must be the same.
  for (const auto& [b, e] : d.have) {
    const std::size_t from = std::max(b, offset), to = std::min(e, end);
    if (from < to && !std::equal(d.bytes.begin() + static_cast<std::ptrdiff_t>(from),
                                 d.bytes.begin() + static_cast<std::ptrdiff_t>(to),
                                 payload.begin() + static_cast<std::ptrdiff_t>(from - offset))) {
      return discard();
    }
  }
  if (offset == 0) d.protocol = protocol;
  if (d.bytes.size() < end) d.bytes.resize(end);
  std::copy(payload.begin(), payload.end(), d.bytes.begin() + static_cast<std::ptrdiff_t>(offset));
  // Merge [offset, end) into the sorted, disjoint ranges.
  d.have.emplace_back(offset, end);
  std::sort(d.have.begin(), d.have.end());
  std::vector<std::pair<std::size_t, std::size_t>> merged;
  for (const auto& r : d.have) {
    if (!merged.empty() && r.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, r.second);
    } else {
      merged.push_back(r);
    }
  }
  d.have = std::move(merged);
  if (!d.total_known || d.have.size() != 1 || d.have[0].first != 0 || d.have[0].second != d.total) {
    return Outcome::kPending;
  }
  done_ = std::move(d.bytes);
  done_.resize(d.total);
  done_protocol_ = d.protocol;
  pending_.erase(it);
  return Outcome::kComplete;
}

}  // namespace mpldump
