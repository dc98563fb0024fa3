#!/usr/bin/env bash
# Installs, from Debian's archive, every package the build and the tests need
# that is not already present. Idempotent: a second run installs nothing.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  flex libfl-dev bison libfmt-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  clang libclang-rt-14-dev
  libtins-dev libldns-dev libpcap-dev python3 python3-matplotlib iputils-ping iproute2
  diod tcpdump tshark
  # mpldump's JSON output validated against its JSON Schema (tools/mpldump).
  python3-jsonschema
  # The SSH server's cryptography (libcrypto) and sftp-server.
  libssl-dev openssh-sftp-server
  # Real peers: the captures of tests/captures (make_*_capture.sh), the
  # DNS server's comparison with NSD and its benchmark (dnsperf), OpenSSH's
  # client against the SSH server.
  nsd dnsperf bind9-dnsutils knot-dnsutils python3-dnspython bird2 dnsmasq
  isc-dhcp-client udhcpc openssh-server openssh-client ethtool
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
"${sudo_cmd[@]}" apt-get update -qq
# tshark (the conformance suite's independent decoder) would otherwise ask
# whether non-root users may capture; answer no, non-interactively.
if [[ " ${missing[*]} " == *" tshark "* ]]; then
  echo "wireshark-common wireshark-common/install-setuid boolean false" | "${sudo_cmd[@]}" debconf-set-selections
fi
# nsd, bird2, dnsmasq and openssh-server start a system service when
# installed. The capture scripts run their own daemons in namespaces of
# their own and need none of these, so they are not started: Debian's
# policy-rc.d switch (exit 101: "action forbidden"), only for this install
# and only where the machine has no policy of its own.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | "${sudo_cmd[@]}" tee "$policy" >/dev/null
  "${sudo_cmd[@]}" chmod 755 "$policy"
  trap '"${sudo_cmd[@]}" rm -f "$policy"' EXIT
fi
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
# Debian's nsd package starts a system NSD on port 53 where systemd runs.
# The tests start their own NSD on a loopback high port and do not need
# it; stop it so that it serves nothing nobody asked for.
if [[ " ${missing[*]} " == *" nsd "* ]] && command -v systemctl >/dev/null 2>&1 &&
   systemctl is-active --quiet nsd 2>/dev/null; then
  "${sudo_cmd[@]}" systemctl disable --now nsd || true
fi
