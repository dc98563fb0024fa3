#!/bin/sh
# Makes dhcp.pcap: dnsmasq (the Debian package) as the DHCP server in
# namespace A, on veth-a (see netns.sh), and two clients in namespace B:
#   1. busybox udhcpc, with hostname "mplclient": DISCOVER, OFFER, REQUEST,
#      ACK;
#   2. ISC dhclient with a config of its own (hostname "mpldhclient", a
#      fixed request list): DISCOVER, OFFER, REQUEST, ACK, then RELEASE
#      (dhclient -r, which also stops the first dhclient through the pid
#      file given to both).
# dnsmasq gives B's MAC (02:00:00:00:00:0b) the fixed address 10.53.0.123,
# with router and DNS server 10.53.0.1, domain mpl.test and a lease of one
# hour. Neither client configures the address (their scripts are
# /bin/true): only the packets are wanted. Transaction ids are random.
#
#   tests/captures/make_dhcp_capture.sh [OUTPUT.pcap]
#
# Needs root, ip, tcpdump, dnsmasq, udhcpc and dhclient. Exits 77 without
# them. This dnsmasq has no DNS (port 0), its own lease and pid files in a
# temporary directory; Debian's dnsmasq service is not touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/dhcp.pcap}
name=dhcp
. "$here/netns.sh"
for tool in dnsmasq udhcpc dhclient; do
  command -v "$tool" >/dev/null || { echo "$0: needs $tool" >&2; exit 77; }
done

capture_setup
ip netns exec "$ns_a" dnsmasq --keep-in-foreground --conf-file=/dev/null --port=0 --user=root \
  --interface=veth-a --bind-interfaces --no-ping --log-facility="$work/dnsmasq.log" \
  --pid-file="$work/dnsmasq.pid" --dhcp-leasefile="$work/dnsmasq.leases" \
  --dhcp-range=10.53.0.100,10.53.0.150,255.255.255.0,1h --dhcp-host="$B_MAC,10.53.0.123" \
  --dhcp-option=option:router,"$A_IP" --dhcp-option=option:dns-server,"$A_IP" --domain=mpl.test &
remember $!
wait_for 10 in_a sh -c "ss -Hlun 'sport = :67' | grep -q ."

in_b udhcpc -f -q -n -i veth-b -s /bin/true -t 3 -T 3 -x hostname:mplclient >"$work/udhcpc.log" 2>&1
sleep 0.5
cat >"$work/dhclient.conf" <<CONF
send host-name "mpldhclient";
request subnet-mask, broadcast-address, routers, domain-name, domain-name-servers;
CONF
dhclient_args="-sf /bin/true -cf $work/dhclient.conf -lf $work/dhclient.leases -pf $work/dhclient.pid"
ip netns exec "$ns_b" dhclient -1 -d $dhclient_args veth-b \
  >"$work/dhclient.log" 2>&1 &
dhclient_pid=$!
remember "$dhclient_pid"
wait_for 20 grep -q DHCPACK "$work/dhclient.log"
in_b dhclient -r $dhclient_args veth-b >>"$work/dhclient.log" 2>&1
kill "$dhclient_pid" 2>/dev/null || true
wait "$dhclient_pid" 2>/dev/null || true

capture_finish "$out"
