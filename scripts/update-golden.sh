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
# Every bundled spec (tests/codec/CMakeLists.txt compares them all).
for spec in specs/*.mpl; do
  "$mplc" -o tests/golden "$spec"
done
# Wireshark dissectors (tests/wireshark/CMakeLists.txt names the same specs
# and registrations).
mkdir -p tests/golden/wireshark
"$mplc" --emit=wireshark-lua -o tests/golden/wireshark specs/dns.mpl --wireshark-register=udp:53
"$mplc" --emit=wireshark-lua -o tests/golden/wireshark specs/ipv4.mpl --wireshark-register=ethertype:0x0800
"$mplc" --emit=wireshark-lua -o tests/golden/wireshark tests/wireshark/telemetry.mpl --wireshark-register=udp:5999
git -C "$root" status --short tests/golden
