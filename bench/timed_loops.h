// The timing loops every *_cases.cc file shares, so all cases are timed
// the same way.
#pragma once

#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <mpl/bytes.h>

namespace bench {

// Parses `input` into a fresh `Fields` per iteration with
// parse(mpl::bytes, Fields&). The input is a heap copy the compiler cannot
// see into, and DoNotOptimize(p) also clobbers memory, so every iteration
// parses the bytes afresh; DoNotOptimize(f) forces every field to be read.
template <class Fields, class Parse>
void time_parse(benchmark::State& state, mpl::bytes input, Parse parse) {
  std::vector<std::uint8_t> buffer(input.begin(), input.end());
  for (auto _ : state) {
    const std::uint8_t* p = buffer.data();
    benchmark::DoNotOptimize(p);
    Fields f;
    const bool ok = parse(mpl::bytes{p, buffer.size()}, f);
    benchmark::DoNotOptimize(ok);
    benchmark::DoNotOptimize(f);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(buffer.size()));
}

// Builds from `args` into a buffer of Capacity bytes per iteration with
// build(const Args&, mpl::mutable_bytes) -> size. `reported_bytes` is the
// captured message's size, the same for every implementation of a case so
// the rates compare.
template <std::size_t Capacity, class Args, class Build>
void time_build(benchmark::State& state, Args args, Build build, std::size_t reported_bytes) {
  std::array<std::uint8_t, Capacity> out{};
  for (auto _ : state) {
    benchmark::DoNotOptimize(args);
    const std::size_t n = build(args, mpl::mutable_bytes{out.data(), out.size()});
    benchmark::DoNotOptimize(n);
    benchmark::ClobberMemory();  // the message's bytes must really be written
  }
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(reported_bytes));
}

}  // namespace bench
