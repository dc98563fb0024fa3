// Each *_cases.cc file of codec_bench registers its benchmarks and its
// self-checks here from a static initialiser; codec_bench.cc's main() runs
// every self-check before any benchmark, so a case that computes the wrong
// thing fails loudly instead of being timed.
#pragma once

#include <functional>
#include <string>
#include <vector>

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

}  // namespace bench
