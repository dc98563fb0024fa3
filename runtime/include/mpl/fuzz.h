// What every fuzz harness `mplc --emit=fuzz` writes shares: a digest of the
// values a walk over a parsed packet reads, and the checks' failure report
// (docs/robustness.md, "Fuzzing"). Only generated harnesses include it.
#ifndef MPL_FUZZ_H_
#define MPL_FUZZ_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "mpl/bytes.h"

namespace mpl::fuzz {

// FNV-1a over what the walk reads: `user` skips value() and checksum()
// fields (the builder recomputes them), `full` covers every field.
struct digest {
  std::uint64_t user = 14695981039346656037u;
  std::uint64_t full = 14695981039346656037u;

  static std::uint64_t mix(std::uint64_t h, std::uint64_t x) noexcept {
    for (int i = 0; i < 8; ++i) h = (h ^ ((x >> (8 * i)) & 0xff)) * 1099511628211u;
    return h;
  }
  void add(std::uint64_t x, bool computed) noexcept {
    full = mix(full, x);
    if (!computed) user = mix(user, x);
  }
  void add(mpl::bytes b, bool computed = false) noexcept {
    add(b.size(), computed);
    for (std::uint8_t x : b) add(x, computed);
  }
};

inline mpl::bytes as_bytes(mpl::bytes b) noexcept { return b; }
inline mpl::bytes as_bytes(std::string_view s) noexcept {
  return mpl::bytes{reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// A custom view: its elements when it is a range of byte strings or text
// (DNS name labels, SSH name-list entries), its bytes when it has them.
template <class V>
void add_custom(digest& d, const V& x) {
  if constexpr (requires { as_bytes(*x.begin()); }) {
    std::uint64_t n = 0;
    for (const auto& e : x) {
      d.add(as_bytes(e));
      ++n;
    }
    d.add(n, false);
  } else if constexpr (requires { as_bytes(x.twos_complement()); }) {
    d.add(as_bytes(x.twos_complement()));
  } else {
    (void)x;
  }
}

// A broken round trip: says which packet and what, and stops the run so
// libFuzzer keeps the input.
[[noreturn]] inline void fail(const char* packet, const char* what) {
  std::fprintf(stderr, "mpl fuzz: %s: %s\n", packet, what);
  std::abort();
}

inline bool same(mpl::bytes a, mpl::bytes b) noexcept {
  return a.size() == b.size() && (a.empty() || std::memcmp(a.data(), b.data(), a.size()) == 0);
}

}  // namespace mpl::fuzz

#endif  // MPL_FUZZ_H_
