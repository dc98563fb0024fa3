#!/bin/sh
# Makes link.pcap: Ethernet, ARP, IPv4, IPv6, ICMP, ICMPv6, UDP and TCP
# between two network namespaces joined by a veth pair (see netns.sh for the
# fixed MAC and IP addresses). Side B, in order:
#   1. pings A twice over IPv4 (ARP request and reply first), 40 data bytes
#      of the pattern 6d706c ("mpl");
#   2. pings A twice over IPv6 (neighbour solicitation and advertisement first);
#   3. sends "hello over udp" from UDP port 40000 to A's port 7000, over IPv4
#      and then over IPv6; A answers each in upper case;
#   4. opens TCP from port 40001 to A's port 7000, sends "hello over tcp\n",
#      gets it back in upper case, and both ends close;
#   5. sends one UDP datagram to A's port 9, where nothing listens: A answers
#      ICMP port unreachable.
#
#   tests/captures/make_link_capture.sh [OUTPUT.pcap]
#
# Needs root, ip, tcpdump, ping and /usr/bin/python3. Exits 77 without them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/link.pcap}
name=link
. "$here/netns.sh"
command -v ping >/dev/null || { echo "$0: needs ping" >&2; exit 77; }

capture_setup ipv6
ip netns exec "$ns_a" /usr/bin/python3 "$here/link_peer.py" server "$A_IP" "$A_IP6" &
server_pid=$!
remember $server_pid
wait_for 10 in_a sh -c "ss -Hltn 'sport = :7000' | grep -q ."

in_b ping -q -n -c 2 -i 0.2 -W 5 -s 40 -p 6d706c "$A_IP" >/dev/null
in_b ping -6 -q -n -c 2 -i 0.2 -W 5 -s 40 -p 6d706c "$A_IP6" >/dev/null
in_b /usr/bin/python3 "$here/link_peer.py" client "$A_IP" "$A_IP6"
wait "$server_pid"
in_b /usr/bin/python3 -c "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(('', 40002)); s.sendto(b'nobody home', ('$A_IP', 9))"

capture_finish "$out"
