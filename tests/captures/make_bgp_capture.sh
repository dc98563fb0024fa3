#!/bin/sh
# Makes bgp.pcap (or, with "add_path", bgp_add_path.pcap): one BGP session
# between two BIRD 2 daemons (the Debian package bird2), one in each network
# namespace of netns.sh. A (AS 65001, 10.53.0.1) connects; B (AS 65002,
# 10.53.0.2) is passive, so there is exactly one TCP connection. Each
# announces two static routes with fixed attributes:
#   A: 198.51.100.0/24 (MED 50, community 65001:100)
#      203.0.113.0/25  (community 65001:200)
#   B: 192.0.2.0/24    (MED 20, large community 65002:1:2)
#      192.0.2.128/25  (no extra attribute)
# so the capture holds OPEN (with capabilities), KEEPALIVE, UPDATE with
# ORIGIN, AS_PATH, NEXT_HOP, MULTI_EXIT_DISC, COMMUNITIES and
# LARGE_COMMUNITY, the End-of-RIB marker (an empty UPDATE), more KEEPALIVEs
# (hold time 9 s, so one every 3 s) and, as A is stopped first, a
# NOTIFICATION (Cease, administrative shutdown). With "add_path" both
# sides also enable ADD-PATH (send and receive) for IPv4 unicast, so the
# NLRI carry path identifiers, and the session carries IPv6 unicast too
# (multiprotocol, RFC 4760, over the same IPv4 connection), with ADD-PATH
# as well, each side announcing two more static routes:
#   A: 2001:db8:a::/48     (community 65001:600)
#      2001:db8:a:100::/56 (community 65001:601)
#   B: 2001:db8:b::/48     (community 65002:600)
#      2001:db8:b:100::/56 (community 65002:601)
# so MP_REACH_NLRI carries IPv6 prefixes with path identifiers; then A
# withdraws its two (its static protocol disabled), so MP_UNREACH_NLRI
# does too, before A is stopped.
#
#   tests/captures/make_bgp_capture.sh [add_path] [OUTPUT.pcap]
#
# Needs root, ip, tcpdump and bird/birdc. Exits 77 without them. Each BIRD
# has its own config, control socket and pid file in a temporary directory;
# Debian's bird service is not touched.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
add_path=
if [ "${1:-}" = add_path ]; then
  add_path="add paths on;"
  shift
fi
# ipv6_setup ROUTES: the IPv6 static routes and channel, with add_path only.
ipv6_setup() {
  [ -n "$add_path" ] || return 0
  cat <<CONF
protocol static announced6 {
  ipv6;
$1
}
CONF
}
ipv6_channel() {
  [ -n "$add_path" ] || return 0
  cat <<CONF
  ipv6 {
    import all;
    export filter { if proto != "announced6" then reject; accept; };
    $add_path
  };
CONF
}
out=${1:-$here/bgp${add_path:+_add_path}.pcap}
name=bgp
. "$here/netns.sh"
for tool in bird birdc; do
  command -v "$tool" >/dev/null || { echo "$0: needs $tool" >&2; exit 77; }
done

# bird_config SIDE ME PEER AS PEER_AS EXTRA STATIC_ROUTES MED_PREFIX MED IPV6_ROUTES
# (BIRD sends a MED to an eBGP peer only when the export filter sets it.)
bird_config() {
  cat >"$work/bird-$1.conf" <<CONF
router id $2;
log "$work/bird-$1.log" all;
protocol device {}
protocol static announced {
  ipv4;
$7
}
$(ipv6_setup "${10}")
protocol bgp peer {
  local $2 as $4;
  neighbor $3 as $5;
  hold time 9;
  keepalive time 3;
  connect delay time 1;
  connect retry time 2;
  $6
  ipv4 {
    import all;
    export filter { if proto != "announced" then reject; if net = $8 then bgp_med = $9; accept; };
    $add_path
  };
$(ipv6_channel)
}
CONF
}
bird_config a "$A_IP" "$B_IP" 65001 65002 "" "
  route 198.51.100.0/24 blackhole { bgp_community.add((65001, 100)); };
  route 203.0.113.0/25 blackhole { bgp_community.add((65001, 200)); };" 198.51.100.0/24 50 "
  route 2001:db8:a::/48 blackhole { bgp_community.add((65001, 600)); };
  route 2001:db8:a:100::/56 blackhole { bgp_community.add((65001, 601)); };"
bird_config b "$B_IP" "$A_IP" 65002 65001 "passive on;" "
  route 192.0.2.0/24 blackhole { bgp_large_community.add((65002, 1, 2)); };
  route 192.0.2.128/25 blackhole;" 192.0.2.0/24 20 "
  route 2001:db8:b::/48 blackhole { bgp_community.add((65002, 600)); };
  route 2001:db8:b:100::/56 blackhole { bgp_community.add((65002, 601)); };"

# IPv6 next hops need IPv6 addresses on the link (eBGP: directly
# connected), and BIRD sends its link-local one beside the global one, so
# each side gets a fixed one (netns.sh gives none).
capture_setup ${add_path:+ipv6}
if [ -n "$add_path" ]; then
  ip -n "$ns_a" addr add fe80::a/64 dev veth-a nodad
  ip -n "$ns_b" addr add fe80::b/64 dev veth-b nodad
fi
for side in b a; do
  ns=$(eval echo "\$ns_$side")
  ip netns exec "$ns" bird -f -c "$work/bird-$side.conf" -s "$work/bird-$side.ctl" -P "$work/bird-$side.pid" &
  remember $!
  wait_for 10 test -S "$work/bird-$side.ctl"
done

# learnt SIDE N: SIDE holds exactly N routes from its peer, over all tables
# (birdc prints "N of M routes ... in table T" per table, M counting the
# static routes too).
learnt() {
  birdc -s "$work/bird-$1.ctl" show route protocol peer count |
    awk -v want="$2" '/ in table / { n += $1; seen = 1 } END { exit !(seen && n == want) }'
}
# Established, and each side has learnt the other's routes (two per family).
routes=2
[ -z "$add_path" ] || routes=4
wait_for 30 learnt a "$routes"
wait_for 30 learnt b "$routes"
sleep 4  # at least one KEEPALIVE each way after the UPDATEs

if [ -n "$add_path" ]; then
  # A withdraws its IPv6 routes: B is left with A's two IPv4 ones.
  birdc -s "$work/bird-a.ctl" disable announced6 >/dev/null
  wait_for 30 learnt b 2
  sleep 1
fi

# Stop A first, so that it is A that says goodbye with a NOTIFICATION.
kill_first=$(echo "$pids" | awk '{print $NF}')
kill "$kill_first"
wait "$kill_first" 2>/dev/null || true
capture_finish "$out"
