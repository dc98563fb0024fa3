#!/usr/bin/env bash
# The paper's ping experiment (Melange, Figure 4): round-trip time against
# ICMP payload size for every icmp_echo mode, and for the Linux kernel's own
# echo reply over a veth pair as the reference.
#
#   rtt_experiment.sh <build dir with examples/icmp_echo*> <out.csv> [pings per size] [sizes...]
#
# Everything happens in two network namespaces this script creates:
#   client ns: the TAP device of icmp_echo (10.77.0.1 <-> server 10.77.0.2),
#              and veth mplv0 10.78.0.1, where ping runs;
#   ref ns:    veth mplv1 10.78.0.2: the kernel answering.
# MTU 9000 everywhere. Every namespace and process is removed on every exit
# path (by name and PID). Writes CSV: mode,size,sent,received,min_us,median_us,p90_us,mean_us
set -euo pipefail
build=$1
out=$2
count=${3:-2000}
shift 3 2>/dev/null || shift $#
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
  sizes=(16 500 1000 1500 2000 2500 3000 3500 4000 4500 5000 5500 6000 6500 7000 7500 8000)
fi
echo_bin="$build/examples/icmp_echo"
echo_pf_bin="$build/examples/icmp_echo_per_field"
driver_bin="$build/examples/icmp_ping_driver"
cpu=${RTT_CPU:-1}

cli="mplc-rtt-cli-$$"
ref="mplc-rtt-ref-$$"
server=""
log=$(mktemp)

stop_server() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    server=""
  fi
}
cleanup() {
  stop_server
  ip netns del "$cli" 2>/dev/null || true
  ip netns del "$ref" 2>/dev/null || true
  rm -f "$log"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

[ -c /dev/net/tun ] || { echo "rtt_experiment: /dev/net/tun missing" >&2; exit 77; }
[ -x "$echo_bin" ] && [ -x "$echo_pf_bin" ] && [ -x "$driver_bin" ] || { echo "rtt_experiment: build icmp_echo, icmp_echo_per_field and icmp_ping_driver first" >&2; exit 2; }
ip netns add "$cli" || { echo "rtt_experiment: cannot create namespaces (root needed)" >&2; exit 77; }
ip netns add "$ref"
ip -n "$cli" link set lo up
ip -n "$ref" link set lo up
ip -n "$cli" link add mplv0 mtu 9000 type veth peer name mplv1 netns "$ref" mtu 9000
ip -n "$cli" addr add 10.78.0.1/24 dev mplv0
ip -n "$ref" addr add 10.78.0.2/24 dev mplv1
ip -n "$cli" link set mplv0 up
ip -n "$ref" link set mplv1 up

pin=()
if command -v taskset >/dev/null; then pin=(taskset -c "$cpu"); fi

# One timed run of ping_driver (one request in flight at a time, each
# round trip timed with a nanosecond clock): "sent,received,min,median,p90,mean"
# in microseconds.
measure() {
  local target=$1 size=$2 n=$3
  ip netns exec "$cli" "${pin[@]}" "$driver_bin" --dst "$target" --size "$size" --count "$n" --warmup 50 \
    --timeout-ms 500 || true
}

start_server() {
  local bin=$1 mode=$2
  ip netns exec "$cli" "${pin[@]}" "$bin" --mode="$mode" --tap mpltap0 --ip 10.77.0.2 --host-ip 10.77.0.1 \
    --mtu 9000 --count 100000000 --seconds 900 >"$log" 2>&1 &
  server=$!
  for _ in $(seq 50); do
    grep -q ready "$log" && break
    sleep 0.1
  done
  grep -q ready "$log" || { cat "$log" >&2; echo "rtt_experiment: icmp_echo did not start" >&2; exit 1; }
  # Resolve the server's MAC (ARP through icmp_echo) before timing anything.
  ip netns exec "$cli" ping -n -q -c 3 -i 0.05 -W 1 10.77.0.2 >/dev/null
}

echo "mode,size,sent,received,min_us,median_us,p90_us,mean_us" >"$out"
run_mode() {
  local label=$1
  for size in "${sizes[@]}"; do
    echo "$label,$size,$(measure "$2" "$size" "$count")" >>"$out"
  done
  echo "rtt_experiment: $label done" >&2
}
ip netns exec "$cli" ping -n -q -c 3 -i 0.05 -W 1 10.78.0.2 >/dev/null
run_mode kernel 10.78.0.2
for mode in copying normal reflecting; do
  start_server "$echo_bin" "$mode"
  run_mode "$mode" 10.77.0.2
  stop_server
done
start_server "$echo_pf_bin" reflecting
run_mode reflecting_per_field 10.77.0.2
stop_server
