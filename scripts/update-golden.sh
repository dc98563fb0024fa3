#!/usr/bin/env bash
# Regenerates the golden headers in tests/golden/ from specs/*.mpl with the
# mplc of a build directory (default: build). Review the diff, then commit.
#   scripts/update-golden.sh [build-dir]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
case "$build" in /*) ;; *) build="$root/$build" ;; esac
mplc="$build/compiler/mplc"
cmake --build "$build" --target mplc
cd "$root"
for spec in ethernet ipv4 icmp udp tcp arp pcap; do
  "$mplc" -o tests/golden "specs/$spec.mpl"
done
# Wireshark dissectors (tests/wireshark/CMakeLists.txt names the same specs
# and registrations).
mkdir -p tests/golden/wireshark
"$mplc" --emit=wireshark-lua -o tests/golden/wireshark specs/dns.mpl --wireshark-register=udp:53
"$mplc" --emit=wireshark-lua -o tests/golden/wireshark specs/ipv4.mpl --wireshark-register=ethertype:0x0800
"$mplc" --emit=wireshark-lua -o tests/golden/wireshark tests/wireshark/telemetry.mpl --wireshark-register=udp:5999
git -C "$root" status --short tests/golden
