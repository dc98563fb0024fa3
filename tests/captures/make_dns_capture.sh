#!/bin/sh
# Makes dns.pcap: NSD (the Debian package) in namespace A serving a small
# zone written here, mpl.test, queried from namespace B (see netns.sh for
# the addresses) by dig and kdig:
#   1. dig +noedns  A     www.mpl.test   UDP, no OPT record
#   2. dig          AAAA  www.mpl.test   UDP, EDNS (OPT, UDP size 1232)
#   3. dig          MX    mpl.test       UDP, EDNS; mail's A in the additional section
#   4. dig          TXT   mpl.test       UDP, EDNS; two strings
#   5. dig          A     nothere.mpl.test  NXDOMAIN, the SOA in the authority section
#   6. dig +tcp     A     www.mpl.test   over TCP (two-byte length prefix)
#   7. kdig +tcp    NS    mpl.test       over TCP, from Knot's client
# The message ids are random; everything else is fixed (no DNS cookies).
#
#   tests/captures/make_dns_capture.sh [OUTPUT.pcap]
#
# Needs root, ip, tcpdump, nsd, dig and kdig. Exits 77 without them. The
# NSD of this script has its own config, zone, pid file and database-less
# setup in a temporary directory; Debian's nsd service is not touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/dns.pcap}
name=dns
. "$here/netns.sh"
for tool in nsd dig kdig; do
  command -v "$tool" >/dev/null || { echo "$0: needs $tool" >&2; exit 77; }
done

cat >"$work/mpl.test.zone" <<ZONE
\$ORIGIN mpl.test.
\$TTL 3600
@     SOA  ns1.mpl.test. hostmaster.mpl.test. 2024010201 7200 3600 1209600 300
@     NS   ns1
@     MX   10 mail
@     TXT  "v=mpl test zone" "second string"
ns1   A    10.53.0.1
www   A    192.0.2.80
www   AAAA 2001:db8::80
mail  A    192.0.2.25
ZONE
cat >"$work/nsd.conf" <<CONF
server:
  ip-address: $A_IP
  port: 53
  username: ""
  chroot: ""
  database: ""
  server-count: 1
  zonesdir: "$work"
  pidfile: "$work/nsd.pid"
  xfrdfile: "$work/xfrd.state"
  zonelistfile: "$work/zone.list"
  logfile: "$work/nsd.log"
remote-control:
  control-enable: no
zone:
  name: mpl.test
  zonefile: "$work/mpl.test.zone"
CONF

capture_setup
ip netns exec "$ns_a" nsd -d -c "$work/nsd.conf" &
remember $!
wait_for 20 in_a sh -c "ss -Hlun 'sport = :53' | grep -q . && ss -Hltn 'sport = :53' | grep -q ."
sleep 0.5  # the zone is read just after the sockets open

q() { in_b dig @"$A_IP" +nocookie +tries=1 +time=5 "$@" >>"$work/dig.txt"; }
q +noedns A www.mpl.test
q AAAA www.mpl.test
q MX mpl.test
q TXT mpl.test
q A nothere.mpl.test
q +tcp A www.mpl.test
in_b kdig @"$A_IP" +tcp +retry=0 +timeout=5 NS mpl.test >>"$work/dig.txt"

capture_finish "$out"
