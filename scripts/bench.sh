#!/usr/bin/env bash
# Runs every benchmark and writes docs/benchmarks.md with its plots in
# docs/img/: builds in Release, runs codec_bench and checksum_bench (pinned,
# repetitions interleaved, medians), runs the ICMP RTT experiment when root
# and /dev/net/tun are available, times mpldump against tshark and tcpdump
# (bench/mpldump_throughput.py) and mplc and the generated headers'
# compilation (bench/compiler_times.py), runs dns_server against NSD under
# dnsperf (bench/dns_server_bench.py, its table in
# build-bench/bench-results/dns_server.md; docs/dns-server.md), runs
# ssh_server against OpenSSH's sshd (scripts/bench-ssh.py; docs/ssh-server.md),
# then bench/report.py renders the results.
#
#   scripts/bench.sh                       # everything
#   BENCH_REPETITIONS=3 PINGS_PER_SIZE=500 scripts/bench.sh   # quicker
#   SKIP_ICMP=1 scripts/bench.sh           # no TAP/namespace experiment
#   SKIP_DNS_SERVER=1 scripts/bench.sh     # no dnsperf run
#   SKIP_SSH_SERVER=1 scripts/bench.sh     # no sshd comparison
#
# BUILD_DIR (default build-bench) and MPL_SOURCE_DIR (default this checkout)
# choose where to build from; the results always go to this checkout's docs/.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
src=${MPL_SOURCE_DIR:-$repo}
build=${BUILD_DIR:-$repo/build-bench}
reps=${BENCH_REPETITIONS:-5}
pings=${PINGS_PER_SIZE:-2000}
cpu=${BENCH_CPU:-1}
results=$build/bench-results
mkdir -p "$results" "$repo/docs/img"

cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
targets=(codec_bench checksum_bench mplc mpldump)
have_examples=0
if grep -q 'add_subdirectory(examples)' "$src/CMakeLists.txt"; then
  targets+=(icmp_echo icmp_echo_per_field icmp_ping_driver)
  have_examples=1
  if [ -d "$src/examples/dns_server" ]; then targets+=(dns_server dns_server_answer_bench); fi
  if [ -d "$src/examples/ssh_server" ]; then targets+=(ssh_server); fi
fi
cmake --build "$build" --target "${targets[@]}" -j2

pin=()
if command -v taskset >/dev/null; then pin=(taskset -c "$cpu"); fi
common=(--benchmark_repetitions="$reps" --benchmark_report_aggregates_only=true
        --benchmark_enable_random_interleaving=true --benchmark_out_format=json)
echo "bench.sh: codec_bench (${reps} repetitions)" >&2
"${pin[@]}" "$build/bench/codec_bench" "${common[@]}" --benchmark_out="$results/codec.json" >/dev/null
echo "bench.sh: checksum_bench" >&2
"${pin[@]}" "$build/bench/checksum_bench" "${common[@]}" --benchmark_out="$results/checksum.json" >/dev/null

rm -f "$results/icmp_rtt.csv"
if [ "${SKIP_ICMP:-0}" = 1 ]; then
  echo "bench.sh: ICMP experiment skipped (SKIP_ICMP=1)" >&2
elif [ $have_examples = 0 ]; then
  echo "bench.sh: ICMP experiment skipped: examples/ is not part of the build (add_subdirectory(examples))" >&2
elif [ "$(id -u)" != 0 ] || [ ! -c /dev/net/tun ]; then
  echo "bench.sh: ICMP experiment skipped: needs root and /dev/net/tun" >&2
else
  echo "bench.sh: ICMP RTT experiment (${pings} pings per size)" >&2
  RTT_CPU=$cpu "$src/examples/icmp_echo/rtt_experiment.sh" "$build" "$results/icmp_rtt.csv" "$pings" ||
    { echo "bench.sh: ICMP experiment failed" >&2; rm -f "$results/icmp_rtt.csv"; }
fi

# Debian's Python, whose packages (matplotlib) install-deps.sh installed,
# even when another python3 comes first on PATH.
python=/usr/bin/python3

# dns_server against NSD with dnsperf (docs/dns-server.md): server and
# dnsperf pinned to different CPUs by the script itself.
rm -f "$results/dns_server.json" "$results/dns_server.md"
if [ "${SKIP_DNS_SERVER:-0}" = 1 ]; then
  echo "bench.sh: dns_server benchmark skipped (SKIP_DNS_SERVER=1)" >&2
elif [ ! -x "$build/examples/dns_server/dns_server" ] || ! command -v dnsperf >/dev/null ||
     ! { command -v nsd >/dev/null || [ -x /usr/sbin/nsd ]; }; then
  echo "bench.sh: dns_server benchmark skipped: needs the dns_server build, dnsperf and nsd" >&2
else
  echo "bench.sh: dns_server and NSD under dnsperf" >&2
  "$python" "$repo/bench/dns_server_bench.py" --server "$build/examples/dns_server/dns_server" \
    --server-cpu 0 --client-cpu "$cpu" --out "$results/dns_server.json" >"$results/dns_server.md" ||
    { echo "bench.sh: dns_server benchmark failed" >&2; rm -f "$results/dns_server.json"; }
fi
# ssh_server against sshd with the same ssh client (not pinned: both
# servers and the client use both CPUs, as in use).
rm -f "$results/ssh_server.json" "$results/ssh_server.md"
if [ "${SKIP_SSH_SERVER:-0}" = 1 ]; then
  echo "bench.sh: ssh_server benchmark skipped (SKIP_SSH_SERVER=1)" >&2
elif [ ! -x "$build/examples/ssh_server/ssh_server" ] || ! command -v ssh >/dev/null ||
     ! { command -v sshd >/dev/null || [ -x /usr/sbin/sshd ]; }; then
  echo "bench.sh: ssh_server benchmark skipped: needs the ssh_server build, ssh and sshd" >&2
else
  echo "bench.sh: ssh_server and sshd with the OpenSSH client" >&2
  "$python" "$repo/scripts/bench-ssh.py" "$build" --out "$results/ssh_server.json" >"$results/ssh_server.md" ||
    { echo "bench.sh: ssh_server benchmark failed" >&2; rm -f "$results/ssh_server.json"; }
fi
echo "bench.sh: mpldump throughput against tshark and tcpdump" >&2
"${pin[@]}" "$python" "$repo/bench/mpldump_throughput.py" --mpldump "$build/tools/mpldump/mpldump" \
  --corpus "${MPL_CORPUS_DIR:-$src/../shared/corpus}" --out "$results/mpldump.json" >/dev/null ||
  { echo "bench.sh: mpldump throughput failed" >&2; rm -f "$results/mpldump.json"; }
echo "bench.sh: compiler timings" >&2
"${pin[@]}" "$python" "$repo/bench/compiler_times.py" --mplc "$build/compiler/mplc" --source "$src" \
  --out "$results/compiler.json" >/dev/null ||
  { echo "bench.sh: compiler timings failed" >&2; rm -f "$results/compiler.json"; }
"$python" "$repo/bench/report.py" --results "$results" --docs "$repo/docs" --pinned-cpu "${pin[*]:+$cpu}" \
  --repetitions "$reps" --pings "$pings"
echo "bench.sh: wrote $repo/docs/benchmarks.md" >&2
