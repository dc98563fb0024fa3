// Each *_cases.cc file of codec_bench registers its benchmarks and its
// self-checks here from a static initialiser; codec_bench.cc's main() runs
// every self-check before any benchmark, so a case that computes the wrong
// thing fails loudly instead of being timed.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <mpl/bytes.h>

namespace bench {

struct SelfCheck {
  std::string name;
  // Returns an empty string when the check passes, else what went wrong.
  std::function<std::string()> run;
};

inline std::vector<SelfCheck>& self_checks() {
  static std::vector<SelfCheck> checks;
  return checks;
}

inline bool add_self_check(std::string name, std::function<std::string()> run) {
  self_checks().push_back({std::move(name), std::move(run)});
  return true;
}

// The mutation self-checks: how many changed inputs both parsers accepted
// and how many both refused (a check whose inputs all went one way proves
// nothing, so the callers require both).
struct Verdicts {
  std::size_t accepted = 0;
  std::size_t refused = 0;
};

// Parses `input` with the generated and the hand-written parser
// (bool(mpl::bytes, Fields&) each). Empty when both accept with equal
// fields or both refuse (counted in `counts`); else what differs, after
// where(), which names the change (built only then: the checks run
// thousands of inputs).
template <class Fields, class Generated, class Hand, class Where>
std::string judge_alike(mpl::bytes input, Generated generated, Hand hand, Verdicts& counts, Where where) {
  Fields g, h;
  const bool g_ok = generated(input, g);
  const bool h_ok = hand(input, h);
  if (g_ok != h_ok || (g_ok && !(g == h))) {
    return where() + ": generated " + (g_ok ? "accepts" : "refuses") + ", hand-written " +
           (h_ok ? "accepts" : "refuses") + (g_ok == h_ok ? " with different fields" : "");
  }
  ++(g_ok ? counts.accepted : counts.refused);
  return std::string();
}

}  // namespace bench
