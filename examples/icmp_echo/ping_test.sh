#!/usr/bin/env bash
# ctest e2e: start icmp_echo on a TAP device inside a fresh network namespace
# and check that a real `ping -c 3` gets three replies from it.
#   ping_test.sh <icmp_echo binary> <mode>
# Exit 0 pass, 1 fail, 77 skipped (no /dev/net/tun or no privileges).
set -u
bin=$1
mode=$2
ns="mplc-e2e-${mode}-$$"
pid=""
log=$(mktemp)

cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  fi
  ip netns del "$ns" 2>/dev/null
  rm -f "$log"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

skip() { echo "SKIP: $*"; exit 77; }
[ -c /dev/net/tun ] || skip "/dev/net/tun is missing"
command -v ip >/dev/null || skip "the ip command (iproute2) is missing"
command -v ping >/dev/null || skip "ping (iputils-ping) is missing"
ip netns add "$ns" 2>/dev/null || skip "cannot create a network namespace (needs root / CAP_SYS_ADMIN)"
ip -n "$ns" link set lo up

# At most 3 replies or 15 s, whichever first: the server exits by itself.
ip netns exec "$ns" "$bin" --mode="$mode" --tap mpltap0 --ip 10.77.0.2 --host-ip 10.77.0.1 \
  --count 3 --seconds 15 >"$log" 2>&1 &
pid=$!
for _ in $(seq 50); do
  grep -q ready "$log" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
if ! grep -q ready "$log"; then
  wait "$pid"; status=$?
  cat "$log"
  [ "$status" = 77 ] && skip "icmp_echo could not create the TAP device (CAP_NET_ADMIN missing?)"
  echo "FAIL: icmp_echo did not start"; exit 1
fi

out=$(ip netns exec "$ns" ping -n -c 3 -i 0.2 -W 2 -s 100 10.77.0.2 2>&1)
echo "$out"
wait "$pid"
cat "$log"
pid=""
if echo "$out" | grep -q " 3 received"; then
  echo "PASS: 3 echo replies from icmp_echo --mode=$mode"
  exit 0
fi
echo "FAIL: ping did not get 3 replies"
exit 1
