#!/usr/bin/env bash
# Long fuzzing campaigns: runs each libFuzzer target of a fuzz build one
# after the other (one job at a time: the machine is shared) and appends one
# row per target to a markdown table: executions, time, coverage (libFuzzer's
# cov: and ft: at the end), corpus size and findings (crash/leak/timeout files).
#
#   scripts/fuzz-campaign.sh [-b BUILD] [-r RUNS] [-t SECONDS] [-m MAX_LEN] [-o TABLE.md] [-w WORKDIR] [target...]
#
#   -b  fuzz build directory (default build-fuzz; configure it with
#       -DCMAKE_CXX_COMPILER=clang++ -DMPL_FUZZ=ON and build target fuzz_all)
#   -r  executions per target (default 10000000; 0 = no limit)
#   -t  seconds per target (default 0 = no limit)
#   -m  libFuzzer -max_len for every target (default: the target's ctest
#       value, else libFuzzer's own, which follows the seeds' sizes)
#   -o  table to append to (default WORKDIR/campaign.md)
#   -w  work directory: corpora grow in WORKDIR/corpus/<target>, findings land
#       in WORKDIR/findings/<target>/, logs in WORKDIR/logs (default fuzz-work)
# Targets are the executable names (fuzz_ipv4, fuzz_mplc, ...); all by default.
# Seeds come from the build's seed directory (tests/fuzz seeds and regressions).
# An input that runs longer than 10 s is a finding (a timeout file), as in ctest.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build-fuzz"
runs=10000000
seconds=0
table=""
work="$root/fuzz-work"
max_len=""
while getopts "b:r:t:m:o:w:" opt; do
  case "$opt" in
    b) build="$OPTARG" ;;
    r) runs="$OPTARG" ;;
    t) seconds="$OPTARG" ;;
    m) max_len="$OPTARG" ;;
    o) table="$OPTARG" ;;
    w) work="$OPTARG" ;;
    *) sed -n '2,20p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
case "$build" in /*) ;; *) build="$root/$build" ;; esac
table="${table:-$work/campaign.md}"
bin="$build/tests/fuzz"
seeds="$build/tests/fuzz/seeds"
mkdir -p "$work/logs"
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for t in "$bin"/fuzz_*; do [ -x "$t" ] && targets+=("$(basename "$t")"); done
fi
if [ ! -s "$table" ]; then
  {
    echo "| target | executions | seconds | exec/s | cov | ft | corpus | findings |"
    echo "|---|---:|---:|---:|---:|---:|---:|---|"
  } > "$table"
fi
status=0
for t in "${targets[@]}"; do
  name="${t#fuzz_}"
  corpus="$work/corpus/$name"
  findings="$work/findings/$name"
  log="$work/logs/$name.log"
  mkdir -p "$corpus" "$findings"
  seed_dirs=()
  extra=()
  [ -d "$seeds/$name" ] && seed_dirs+=("$seeds/$name")
  # The same seeds and input sizes as the target's ctest (tests/fuzz/CMakeLists.txt):
  # the compiler starts from the shipped specs, mpldump from whole captures.
  case "$name" in
    mplc) seed_dirs+=("$root/specs"); extra+=(-max_len=16384) ;;
    mpldump) extra+=(-max_len=65536) ;;
    dns_server) seed_dirs+=("$seeds/dns") ;;
    ssh_server) seed_dirs+=("$root/examples/ssh_server/tests/fuzz_seeds"); extra+=(-max_len=8192) ;;
  esac
  [ -n "$max_len" ] && extra+=(-max_len="$max_len")
  start=$(date +%s)
  # libFuzzer's -runs=0 means "only the seeds"; -1 is its "no limit".
  limit=$runs
  [ "$runs" = 0 ] && limit=-1
  ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "$bin/$t" -runs="$limit" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$findings/" "${extra[@]}" "$corpus" "${seed_dirs[@]}" > "$log" 2>&1
  rc=$?
  elapsed=$(( $(date +%s) - start ))
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  [ -z "$execs" ] && execs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*')
  size=$(ls "$corpus" | wc -l)
  found=$(ls "$findings" | wc -l)
  what="none"
  if [ "$rc" -ne 0 ] || [ "$found" -ne 0 ]; then
    what="$found file(s) in $findings (exit $rc; see $log)"
    status=1
  fi
  rate=$(( elapsed > 0 ? ${execs:-0} / elapsed : 0 ))
  echo "| $t | ${execs:-?} | $elapsed | $rate | ${cov:-?} | ${ft:-?} | $size | $what |" >> "$table"
  echo "$t: ${execs:-?} executions in ${elapsed}s, cov ${cov:-?}, findings: $what"
done
exit $status
