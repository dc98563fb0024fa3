#!/bin/sh
# Makes the captures of the other link-layer framings, all of one exchange:
# B pings A twice over IPv4 (ARP first), between the namespaces of netns.sh.
#   sll.pcap     tcpdump -i any -y LINUX_SLL    (Linux cooked capture v1)
#   sll2.pcap    tcpdump -i any -y LINUX_SLL2   (Linux cooked capture v2)
#   ping.pcapng  dumpcap on veth-a              (pcapng, Ethernet frames)
# The "any" captures see each frame once, on veth-a, as received ("to us"
# or broadcast) or sent ("outgoing") by A.
#
#   tests/captures/make_cooked_capture.sh [OUTPUT_DIR]
#
# Needs root, ip, tcpdump, dumpcap (wireshark-common, which tshark brings)
# and ping. Exits 77 without them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dir=${1:-$here}
name=cooked
. "$here/netns.sh"
for tool in dumpcap ping; do
  command -v "$tool" >/dev/null || { echo "$0: needs $tool" >&2; exit 77; }
done

capture_setup
for type in LINUX_SLL LINUX_SLL2; do
  ip netns exec "$ns_a" tcpdump --immediate-mode -B 16384 -Z root -i any -y "$type" -U -n -s 0 -w "$work/$type.pcap" \
    2>"$work/$type.log" &
  remember $!
  wait_for 10 grep -q "listening on" "$work/$type.log"
done
ip netns exec "$ns_a" dumpcap -q -i veth-a -w "$work/ping.pcapng" 2>"$work/dumpcap.log" &
remember $!
wait_for 10 test -s "$work/ping.pcapng"  # the section and interface blocks come first
sleep 1

in_b ping -q -n -c 2 -i 0.2 -W 5 -s 40 -p 6d706c "$A_IP" >/dev/null

capture_finish "$work/ethernet.pcap"
for f in LINUX_SLL:sll.pcap LINUX_SLL2:sll2.pcap; do
  cp "$work/${f%%:*}.pcap" "$dir/${f#*:}"
done
cp "$work/ping.pcapng" "$dir/ping.pcapng"
chmod 644 "$dir/ping.pcapng"  # dumpcap makes it private
echo "wrote $dir/sll.pcap, sll2.pcap, ping.pcapng" >&2
