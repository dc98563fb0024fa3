// mpl::internet_checksum against the textbook 16-bit loop, at packet sizes
// from a bare IPv4 header to a jumbo frame.
//
//   cmake --build <dir> --target checksum_bench && <dir>/bench/checksum_bench
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "mpl/checksum.h"

namespace {

// What one writes without thinking about speed: one big-endian word per
// iteration, carries folded at the end.
std::uint16_t simple_checksum(const std::uint8_t* p, std::size_t n) {
  std::uint32_t sum = 0;
  std::size_t i = 0;
  for (; i + 1 < n; i += 2) sum += static_cast<std::uint32_t>((p[i] << 8) | p[i + 1]);
  if (i < n) sum += static_cast<std::uint32_t>(p[i] << 8);
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

std::vector<std::uint8_t> packet(std::size_t n) {
  std::mt19937 rng(static_cast<std::mt19937::result_type>(n));
  std::vector<std::uint8_t> v(n);
  for (auto& b : v) b = static_cast<std::uint8_t>(rng());
  return v;
}

void BM_MplInternetChecksum(benchmark::State& state) {
  const auto data = packet(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(data.data());
    std::uint16_t c = mpl::internet_checksum(mpl::bytes_of(data));
    benchmark::DoNotOptimize(c);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void BM_Simple16BitLoop(benchmark::State& state) {
  const auto data = packet(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(data.data());
    std::uint16_t c = simple_checksum(data.data(), data.size());
    benchmark::DoNotOptimize(c);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

#if defined(MPL_CHECKSUM_X86)
// The AVX2 kernel, which internet_checksum uses when built with -mavx2.
void BM_MplAvx2Kernel(benchmark::State& state) {
  if (!__builtin_cpu_supports("avx2")) {
    state.SkipWithError("no AVX2");
    return;
  }
  const auto data = packet(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    benchmark::DoNotOptimize(data.data());
    std::uint64_t s = mpl::detail::ones_sum_native_avx2(data.data(), data.size());
    benchmark::DoNotOptimize(s);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_MplAvx2Kernel)->Arg(20)->Arg(40)->Arg(576)->Arg(1500)->Arg(9000);
#endif

BENCHMARK(BM_MplInternetChecksum)->Arg(20)->Arg(40)->Arg(576)->Arg(1500)->Arg(9000);
BENCHMARK(BM_Simple16BitLoop)->Arg(20)->Arg(40)->Arg(576)->Arg(1500)->Arg(9000);

}  // namespace

BENCHMARK_MAIN();
