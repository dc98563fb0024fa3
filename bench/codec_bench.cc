// The codec benchmarks: generated code against hand-written C++ and libtins,
// every case in one binary so ratios come from one run. The cases live in
// *_cases.cc files (link_cases.cc: Ethernet, IPv4, UDP, ICMP); this file runs
// their self-checks and then Google Benchmark.
//
//   codec_bench --self-check        only the checks (used by ctest)
//   codec_bench [benchmark flags]   the checks, then the benchmarks
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>

#include "registry.h"

int main(int argc, char** argv) {
  bool only_check = false;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--self-check") == 0) {
      only_check = true;
    } else {
      argv[kept++] = argv[i];
    }
  }
  argc = kept;

  int failed = 0;
  for (const auto& check : bench::self_checks()) {
    const std::string problem = check.run();
    if (!problem.empty()) {
      std::fprintf(stderr, "self-check %s FAILED: %s\n", check.name.c_str(), problem.c_str());
      ++failed;
    }
  }
  if (failed != 0) return 1;
  std::fprintf(stderr, "codec_bench: %zu self-checks passed\n", bench::self_checks().size());
  if (only_check) return 0;

  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
