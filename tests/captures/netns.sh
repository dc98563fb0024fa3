# Sourced by the make_*_capture.sh scripts: what every capture needs, written
# once. Two fresh network namespaces joined by a veth pair with fixed MAC and
# IP addresses, tcpdump on side A, and a cleanup that stops exactly the
# processes the script started (by PID) and deletes what it created. Being
# in namespaces of their own, the peers can use their standard ports without
# meeting the machine's own services or another run of the same script.
#
#   side A: 02:00:00:00:00:0a  10.53.0.1/24  fd00:53::1/64   (tcpdump here)
#   side B: 02:00:00:00:00:0b  10.53.0.2/24  fd00:53::2/64
#
# A script sets `name`, calls `capture_setup [ipv6]`, starts each peer with
# `ip netns exec "$ns_b" CMD... &` followed by `remember $!` (ip execs CMD,
# so $! is the peer itself), runs its clients with `in_a`/`in_b CMD...`, and
# ends with `capture_finish OUTPUT`.

work=$(mktemp -d)
ns_a=mplcap-$name-a-$$
ns_b=mplcap-$name-b-$$
pids=
tcpdump_pid=
watchdog_pid=

A_MAC=02:00:00:00:00:0a
B_MAC=02:00:00:00:00:0b
A_IP=10.53.0.1
B_IP=10.53.0.2
A_IP6=fd00:53::1
B_IP6=fd00:53::2

remember() { pids="$pids $1"; }
# A client command in a namespace, bounded in time like everything else.
in_a() { ip netns exec "$ns_a" timeout 30 "$@"; }
in_b() { ip netns exec "$ns_b" timeout 30 "$@"; }

capture_cleanup() {
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for p in $pids; do wait "$p" 2>/dev/null || true; done
  [ -n "$tcpdump_pid" ] && kill "$tcpdump_pid" 2>/dev/null || true
  [ -n "$watchdog_pid" ] && kill "$watchdog_pid" 2>/dev/null || true
  ip netns del "$ns_a" 2>/dev/null || true
  ip netns del "$ns_b" 2>/dev/null || true
  [ -n "${MPL_KEEP_WORK:-}" ] || rm -rf "$work"
}
trap capture_cleanup EXIT
trap 'exit 1' INT TERM HUP

# The whole script is time-bounded: after MPL_CAPTURE_TIMEOUT seconds (60 by
# default) a watchdog ends it, and the EXIT trap cleans up.
capture_watchdog() {
  (
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "${MPL_CAPTURE_TIMEOUT:-60}" &
    sleeper=$!
    wait "$sleeper"
    echo "$0: timed out" >&2
    kill -TERM $$
  ) &
  watchdog_pid=$!
}

# wait_for SECONDS CMD...: retries CMD every 0.1 s; fails after SECONDS.
wait_for() {
  tries=$(($1 * 10)); shift
  while [ "$tries" -gt 0 ]; do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
    tries=$((tries - 1))
  done
  echo "$0: gave up waiting for: $*" >&2
  return 1
}

# capture_setup [ipv6]: the namespaces, the veth pair and tcpdump. Without
# "ipv6" the link carries IPv4 only, so the capture holds nothing but what the
# peers say (no router solicitations, no MLD reports).
capture_setup() {
  for tool in ip tcpdump ethtool; do
    command -v "$tool" >/dev/null || { echo "$0: needs $tool" >&2; exit 77; }
  done
  capture_watchdog
  ip netns add "$ns_a"
  ip netns add "$ns_b"
  ip link add veth-a netns "$ns_a" address "$A_MAC" type veth peer name veth-b netns "$ns_b" address "$B_MAC"
  for side in a b; do
    ns=$(eval echo "\$ns_$side")
    if [ "${1:-}" = ipv6 ]; then
      ip netns exec "$ns" sysctl -q -w "net.ipv6.conf.veth-$side.accept_ra=0" "net.ipv6.conf.veth-$side.router_solicitations=0"
      # No link-local address: the only IPv6 addresses are the fixed ones.
      ip -n "$ns" link set "veth-$side" addrgenmode none
    else
      ip netns exec "$ns" sysctl -q -w "net.ipv6.conf.all.disable_ipv6=1" "net.ipv6.conf.default.disable_ipv6=1"
    fi
    ip -n "$ns" link set lo up
    # Checksums computed by the kernel, not left to an "offload" that a veth
    # never does: the capture then holds the checksums the peer really sees.
    ip netns exec "$ns" ethtool -K "veth-$side" tx off >/dev/null
  done
  ip -n "$ns_a" addr add "$A_IP/24" dev veth-a
  ip -n "$ns_b" addr add "$B_IP/24" dev veth-b
  if [ "${1:-}" = ipv6 ]; then
    ip -n "$ns_a" addr add "$A_IP6/64" dev veth-a nodad
    ip -n "$ns_b" addr add "$B_IP6/64" dev veth-b nodad
  fi
  ip -n "$ns_a" link set veth-a up
  ip -n "$ns_b" link set veth-b up
  ip netns exec "$ns_a" tcpdump --immediate-mode -B 16384 -Z root -i veth-a -U -n -s 0 -w "$work/capture.pcap" 2>"$work/tcpdump.log" &
  tcpdump_pid=$!
  wait_for 10 grep -q "listening on" "$work/tcpdump.log"
  sleep 1  # the filter is attached just after the message
}

# capture_finish OUTPUT: stop the peers and tcpdump, keep the capture.
capture_finish() {
  sleep 1  # let tcpdump take the last packets from its buffer
  for p in $pids; do kill "$p" 2>/dev/null || true; done
  for p in $pids; do wait "$p" 2>/dev/null || true; done
  pids=
  kill -INT "$tcpdump_pid"
  wait "$tcpdump_pid" 2>/dev/null || true
  tcpdump_pid=
  # Under load the kernel can drop packets before tcpdump reads them (the
  # large buffer above makes it rare); a capture with gaps is not kept.
  if ! grep -q "^0 packets dropped by kernel" "$work/tcpdump.log"; then
    echo "tcpdump lost packets: $(grep 'dropped by kernel' "$work/tcpdump.log" || echo 'no drop count')" >&2
    exit 1
  fi
  cp "$work/capture.pcap" "$1"
  echo "wrote $1 ($(stat -c %s "$1") bytes)" >&2
}
