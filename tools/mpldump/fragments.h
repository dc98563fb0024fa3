// IPv4 (RFC 791) and IPv6 (RFC 8200 §4.5) fragment reassembly for mpldump
// (docs/mpldump.md, "Stateful decoding"). The caller names each datagram
// by a key (addresses, identification, and for IPv4 the protocol) and hands
// every fragment in; the fragment that completes a datagram gets its whole
// payload back, decoded on that frame.
//
// Bounded: at most Limits::datagrams datagrams pending (the oldest goes),
// none larger than Limits::bytes (65,535, the most an IP length can say),
// none older than Limits::max_age nanoseconds of capture time (30 s, the
// common reassembly timeout). A fragment whose bytes differ from an earlier
// fragment's where they overlap, or whose end contradicts the last
// fragment's, discards the datagram (RFC 5722 drops overlapping IPv6
// fragments; a consistent duplicate is kept, as a retransmission).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <mpl/bytes.h>

namespace mpldump {

class IpFragments {
 public:
  struct Limits {
    std::size_t datagrams = 64;
    std::size_t bytes = 65535;
    std::uint64_t max_age = 30'000'000'000;  // nanoseconds of capture time
  };
  enum class Outcome {
    kPending,    // kept, the datagram is not complete yet
    kComplete,   // the datagram is whole: payload() and protocol() hold it
    kDiscarded,  // inconsistent or too large: the datagram is dropped
  };

  IpFragments() = default;
  explicit IpFragments(Limits limits) : limits_(limits) {}

  // One fragment: `offset` in bytes, `more` its More Fragments flag,
  // `protocol` the next protocol it names (the first fragment's is kept),
  // `now` its capture time in nanoseconds.
  Outcome add(const std::string& key, std::uint64_t now, std::size_t offset, bool more, std::uint64_t protocol,
              mpl::bytes payload);

  // After kComplete, until the next add().
  mpl::bytes payload() const { return {done_.data(), done_.size()}; }
  std::uint64_t protocol() const { return done_protocol_; }
  std::size_t pending() const { return pending_.size(); }

 private:
  struct Datagram {
    std::uint64_t first_seen = 0;
    std::vector<std::uint8_t> bytes;
    std::vector<std::pair<std::size_t, std::size_t>> have;  // [begin, end), sorted, disjoint
    std::size_t total = 0;  // from the last fragment (more == false); 0 until then
    bool total_known = false;
    std::uint64_t protocol = 0;
  };

  void expire(std::uint64_t now);

  Limits limits_;
  std::map<std::string, Datagram> pending_;
  std::vector<std::uint8_t> done_;
  std::uint64_t done_protocol_ = 0;
};

}  // namespace mpldump
