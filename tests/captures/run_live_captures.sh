#!/bin/sh
# Live check: make every capture of this folder afresh with its script
# (each starts and stops its own peers and tcpdump, by PID, in network
# namespaces of its own) and run the capture tests on the new ones instead
# of the committed ones.
#
#   run_live_captures.sh TEST_BINARY
#
# Exits 77 (ctest: skipped) without root or a tool a script needs; any
# other failure of a script or a test fails.
set -eu
binary=$1
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" != 0 ]; then
  echo "needs root (network namespaces, tcpdump); skipped" >&2
  exit 77
fi
for tool in ip tcpdump ethtool ping dumpcap nsd dig kdig bird birdc dnsmasq udhcpc dhclient /usr/sbin/sshd ssh ssh-keygen; do
  if ! command -v "$tool" >/dev/null; then
    echo "needs $tool (scripts/install-deps.sh installs it); skipped" >&2
    exit 77
  fi
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM
for name in link dns dhcp ssh bgp; do
  "$here/make_${name}_capture.sh" "$out/$name.pcap"
done
"$here/make_bgp_capture.sh" add_path "$out/bgp_add_path.pcap"
"$here/make_cooked_capture.sh" "$out"
MPL_CAPTURE_DIR=$out "$binary"
