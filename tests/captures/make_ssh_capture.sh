#!/bin/sh
# Makes ssh.pcap: OpenSSH's sshd (own config and a fresh Ed25519 host key in
# a temporary directory) listening on 10.53.0.1:22 in namespace A, and three
# connections from OpenSSH's ssh client in namespace B (see netns.sh), each
# with one key exchange method forced on both sides:
#   1. curve25519-sha256                     (KEX_ECDH_INIT / KEX_ECDH_REPLY)
#   2. diffie-hellman-group14-sha256         (KEXDH_INIT / KEXDH_REPLY)
#   3. diffie-hellman-group-exchange-sha256  (GEX_REQUEST, GEX_GROUP,
#                                             GEX_INIT, GEX_REPLY)
# Host key ssh-ed25519, cipher aes128-ctr, MAC hmac-sha2-256. The client
# offers no credentials (BatchMode, no keys), so each connection ends in a
# refused authentication after the encrypted part starts. What the tests
# read is the plaintext beginning: version lines, KEXINIT, the exchange,
# NEWKEYS. Keys, nonces and cookies are random; names and sizes are fixed.
#
#   tests/captures/make_ssh_capture.sh [OUTPUT.pcap]
#
# Needs root, ip, tcpdump, /usr/sbin/sshd, ssh and ssh-keygen. Exits 77
# without them. Debian's ssh service is not touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/ssh.pcap}
name=ssh
. "$here/netns.sh"
for tool in /usr/sbin/sshd ssh ssh-keygen; do
  command -v "$tool" >/dev/null || { echo "$0: needs $tool" >&2; exit 77; }
done

ssh-keygen -q -t ed25519 -N '' -C mpl-capture-host -f "$work/host_ed25519"
cat >"$work/sshd_config" <<CONF
ListenAddress $A_IP:22
HostKey $work/host_ed25519
PidFile $work/sshd.pid
HostKeyAlgorithms ssh-ed25519
KexAlgorithms curve25519-sha256,diffie-hellman-group14-sha256,diffie-hellman-group-exchange-sha256
Ciphers aes128-ctr
MACs hmac-sha2-256
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication no
AuthorizedKeysFile none
CONF
# sshd's privilege separation needs this directory (Debian's service makes it).
mkdir -p /run/sshd

capture_setup
ip netns exec "$ns_a" /usr/sbin/sshd -D -e -f "$work/sshd_config" 2>"$work/sshd.log" &
remember $!
wait_for 10 in_a sh -c "ss -Hltn 'sport = :22' | grep -q ."

for kex in curve25519-sha256 diffie-hellman-group14-sha256 diffie-hellman-group-exchange-sha256; do
  # Authentication is refused (exit 255): only the handshake is wanted.
  in_b ssh -F none -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o ConnectTimeout=10 -o IdentityFile=none -o IdentitiesOnly=yes -o KexAlgorithms="$kex" \
    -o HostKeyAlgorithms=ssh-ed25519 -o Ciphers=aes128-ctr -o MACs=hmac-sha2-256 \
    mpl@"$A_IP" true >>"$work/ssh.log" 2>&1 || true
done

capture_finish "$out"
