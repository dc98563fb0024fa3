#!/bin/sh
# Live check: capture a fresh 9P2000.L conversation with make_9p_capture.sh
# (which starts and stops diod and tcpdump itself, by PID) and run the
# P9Capture tests on it instead of the stored capture.
#
#   run_live_9p.sh TEST_BINARY
#
# Exits 77 (ctest: skipped) without root, diod or tcpdump.
set -eu
binary=$1
if [ "$(id -u)" != 0 ] || ! command -v diod >/dev/null || ! command -v tcpdump >/dev/null; then
  echo "needs root, diod and tcpdump; skipped" >&2
  exit 77
fi
capture=$(mktemp --suffix=.pcap)
trap 'rm -f "$capture"' EXIT INT TERM
# A port of our own, so that a run of this test beside another does not meet its server.
MPL_9P_PORT=${MPL_9P_PORT:-5640} "$(dirname "$0")/make_9p_capture.sh" "$capture"
MPL_9P_CAPTURE=$capture "$binary" --gtest_filter='P9Capture.*'
