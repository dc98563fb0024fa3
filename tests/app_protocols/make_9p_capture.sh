#!/bin/sh
# Makes diod_9p2000L.pcap: a real 9P2000.L conversation between diod (the
# Debian package) and its own clients, captured on loopback.
#
#   tests/app_protocols/make_9p_capture.sh [OUTPUT.pcap]
#
# Needs root (tcpdump on lo), diod, diodls, diodcat and tcpdump. It starts
# diod and tcpdump itself and stops exactly those two processes, by PID.
# The exported tree is made fresh in a temporary directory so the capture
# does not depend on the machine; its names and contents are what
# p9_capture_test.cc expects.
set -eu

out=${1:-$(dirname "$0")/diod_9p2000L.pcap}
port=${MPL_9P_PORT:-5640}
work=$(mktemp -d)
diod_pid=
tcpdump_pid=

cleanup() {
  [ -n "$diod_pid" ] && kill "$diod_pid" 2>/dev/null || true
  [ -n "$tcpdump_pid" ] && kill "$tcpdump_pid" 2>/dev/null || true
  [ -n "${MPL_KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT INT TERM

export_dir=$work/export
mkdir -p "$export_dir/docs"
printf 'hello from diod\n' > "$export_dir/hello.txt"
printf 'a second file, in a directory\n' > "$export_dir/docs/readme"
ln -s hello.txt "$export_dir/link"
# Fixed times, so the stat data in the capture does not change from run to run.
touch -h -d '2024-01-02 03:04:05 UTC' "$export_dir/hello.txt" "$export_dir/docs/readme" "$export_dir/link" \
  "$export_dir/docs" "$export_dir"

# One capture of the conversation. Under load the kernel can drop packets
# before tcpdump reads them (a capture with gaps that no parser could
# follow), so a large buffer is asked for, tcpdump's own drop count is read
# at the end, and a capture with drops is made again (at most three times).
capture_once() {
  rm -f "$work/capture.pcap" "$work/tcpdump.log"
  tcpdump --immediate-mode -B 16384 -Z root -i lo -U -n -s 0 -w "$work/capture.pcap" "tcp port $port" \
    2>"$work/tcpdump.log" &
  tcpdump_pid=$!
  # tcpdump says "listening on" once it captures.
  for _ in $(seq 1 50); do
    grep -q "listening on" "$work/tcpdump.log" 2>/dev/null && break
    sleep 0.1
  done
  sleep 1  # the filter is attached just after the message

  diod -f -n -N -c /dev/null -l "127.0.0.1:$port" -e "$export_dir" -L stderr 2>"$work/diod.log" &
  diod_pid=$!
  for _ in $(seq 1 50); do
    diodls -s "127.0.0.1:$port" -a "$export_dir" -t 1 / >/dev/null 2>&1 && break
    sleep 0.1
  done

  # The conversation proper: list the root with stat data, list a directory,
  # read two files.
  diodls -s "127.0.0.1:$port" -a "$export_dir" -l / >"$work/ls.txt"
  diodls -s "127.0.0.1:$port" -a "$export_dir" docs >>"$work/ls.txt"
  diodcat -s "127.0.0.1:$port" -a "$export_dir" hello.txt docs/readme >"$work/cat.txt"

  sleep 1.5  # let tcpdump take the last packets from its buffer
  kill "$diod_pid"
  wait "$diod_pid" 2>/dev/null || true
  diod_pid=
  kill -INT "$tcpdump_pid"
  wait "$tcpdump_pid" 2>/dev/null || true
  tcpdump_pid=
  grep -q "^0 packets dropped by kernel" "$work/tcpdump.log"
}

attempt=1
until capture_once; do
  echo "capture $attempt: $(grep 'dropped by kernel' "$work/tcpdump.log" || echo 'no drop count from tcpdump')" >&2
  if [ "$attempt" -ge 3 ]; then
    echo "every capture lost packets; no capture written" >&2
    exit 1
  fi
  attempt=$((attempt + 1))
done

cp "$work/capture.pcap" "$out"
echo "wrote $out" >&2
