#!/usr/bin/python3
"""mpldump's stateful decoding (docs/mpldump.md, "Stateful decoding"):

1. BGP ADD-PATH negotiated in the OPENs: tests/captures/bgp_add_path.pcap
   (BIRD, made by tests/captures/make_bgp_capture.sh add_path) decodes with
   no error in the text and the JSON output, every UPDATE prefix with its
   path identifier, IPv4 ones in the UPDATE and IPv6 ones in the
   MP_REACH_NLRI and MP_UNREACH_NLRI attribute layers (a withdrawal by the
   identifiers its announcement used); bgp.pcap (no ADD-PATH) has none.
   On synthetic sessions, ADD-PATH per family and per direction: path
   identifiers exactly where the sender said Send and the receiver Receive
   for the family of the prefixes, with their values.
2. TCP reassembly on synthetic streams: reordered, duplicated, overlapping
   segments, a gap given up by an acknowledgment, at the end of the capture,
   and at once for BGP (marker resync, late segments): which message is
   decoded on which frame, exactly.
3. SSH after NEWKEYS (tests/captures/ssh.pcap): one ssh_encrypted layer
   per segment with its byte count, and no SSH message decoded any more;
   on a synthetic session that negotiates AES-GCM one way and an -etm MAC
   the other, one layer per record, framed by its packet_length in clear.
4. IPv4 and IPv6 fragment reassembly: a UDP DNS query in three fragments,
   out of order, decoded on the frame that completes it, and not when a
   fragment is missing or contradicts another.

  stateful_test.py MPLDUMP
"""
import os
import re
import struct
import subprocess
import sys
import tempfile

import mpldump_json  # beside this file
from synthetic import checksum, pcap_of, tcp_frame  # beside this file
from tally import check, finish

HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURES = os.path.join(HERE, "..", "..", "tests", "captures")
MPLDUMP = sys.argv[1]


def run(args):
    r = subprocess.run([MPLDUMP] + args, capture_output=True, timeout=120, check=False)
    check(r.returncode == 0, f"{args}: exit {r.returncode} {r.stderr.decode()[:200]}")
    return r.stdout.decode()


def frames_of(path):
    return [mpldump_json.flat_frame(line) for line in run(["--json", path]).splitlines()]


def app_layers(frame, protocols=("dns", "bgp", "9p")):
    return [l for l in frame["layers"] if l["protocol"] in protocols]


# ---- 1. ADD-PATH
def prefixes_of(layer):
    """(array, path_id or None, prefix_length) of every prefix of a bgp
    layer (withdrawn_routes, nlri) or of a bgp_attribute layer's MP_REACH or
    MP_UNREACH (nlri, withdrawn); fields flattened."""
    out = []
    for key, value in layer["fields"].items():
        if key.endswith(".prefix.prefix_length"):
            element = key[:-len(".prefix.prefix_length")]
            out.append((element.split(".")[0], layer["fields"].get(element + ".path_id"), value))
    return out


for name, add_path in (("bgp_add_path.pcap", True), ("bgp.pcap", False)):
    path = os.path.join(CAPTURES, name)
    text = run([path])
    check("error" not in text, f"{name}: an error in the text output")
    updates = prefixes = with_id = 0
    mp = {}  # "MpReachNlri" / "MpUnreachNlri" -> [(source port, path id, prefix length, prefix)]
    for frame in frames_of(path):
        sport = next((l["fields"]["source_port"] for l in frame["layers"] if l["protocol"] == "tcp"), None)
        for layer in frame["layers"]:
            check("error" not in layer, f"{name} frame {frame['frame']}: {layer['protocol']} error {layer.get('error')}")
            f = layer["fields"]
            # No generated C++ name (classify1_case) reaches the output: a
            # classify on `afi * 256 + safi` is named after what it reads.
            check(not any(re.search(r"(^|\.)classify[0-9]", key) for key in f),
                  f"{name} frame {frame['frame']}: generated names in {sorted(f)}")
            if layer["protocol"] == "bgp_attribute" and f.get("type_code_case") in ("MpReachNlri", "MpUnreachNlri"):
                check(f.get("afi_safi_case") == "Ipv6Unicast", f"{name} frame {frame['frame']}: afi_safi_case {f}")
                for array, path_id, length in prefixes_of(layer):
                    mp.setdefault(f["type_code_case"], []).append((sport, path_id, length))
            if layer["protocol"] != "bgp" or f.get("type", {}).get("label") != "Update":
                continue
            updates += 1
            for array, path_id, length in prefixes_of(layer):
                prefixes += 1
                with_id += path_id is not None
    check(updates > 0 and prefixes > 0, f"{name}: {updates} UPDATEs, {prefixes} prefixes")
    check(with_id == (prefixes if add_path else 0), f"{name}: {with_id} of {prefixes} prefixes with a path id")
    if not add_path:
        check(not mp, f"{name}: multiprotocol prefixes {mp}")
        continue
    # IPv6 unicast, with ADD-PATH too: each side's two routes (/48 and /56)
    # in MP_REACH_NLRI, A's two withdrawn in MP_UNREACH_NLRI, each after the
    # path identifier BIRD gave it (from 1 up, never 0).
    reach, unreach = mp.get("MpReachNlri", []), mp.get("MpUnreachNlri", [])
    check(sorted(length for _, _, length in reach) == [48, 48, 56, 56], f"{name}: MP_REACH prefixes {reach}")
    check(all(isinstance(i, int) and i > 0 for _, i, _ in reach + unreach), f"{name}: path ids {reach} {unreach}")
    withdrawer = {port for port, _, _ in unreach}
    check(len(unreach) == 2 and len(withdrawer) == 1 and
          sorted(unreach) == sorted(r for r in reach if r[0] in withdrawer),
          f"{name}: MP_UNREACH {unreach} against MP_REACH {reach}")
    check(text.count("MP_REACH Ipv6 Unicast 1 prefixes") == 4 and "MP_UNREACH Ipv6 Unicast 2 prefixes" in text,
          f"{name}: the MP_REACH and MP_UNREACH summaries")


MARKER = b"\xff" * 16


def bgp_open(my_as, identifier, add_path_families):
    """An OPEN with the multiprotocol capability for IPv4 and IPv6 unicast,
    four-octet AS, and ADD-PATH (AFI, SAFI, mode) for the families given."""
    caps = b"".join(struct.pack(">BBHBB", 1, 4, afi, 0, 1) for afi in (1, 2))
    caps += struct.pack(">BBI", 65, 4, my_as)
    if add_path_families:
        caps += struct.pack(">BB", 69, 4 * len(add_path_families))
        caps += b"".join(struct.pack(">HBB", afi, safi, mode) for afi, safi, mode in add_path_families)
    params = struct.pack(">BB", 2, len(caps)) + caps
    body = struct.pack(">BHHIB", 4, my_as, 9, identifier, len(params)) + params
    return MARKER + struct.pack(">HB", 19 + len(body), 1) + body


def prefix_bytes(path_id, length, address):
    """One prefix, after its path identifier when path_id is not None."""
    return (b"" if path_id is None else struct.pack(">I", path_id)) + bytes([length]) + address[:(length + 7) // 8]


def attribute(flags, type_code, value):
    return struct.pack(">BBB", flags, type_code, len(value)) + value


def bgp_update(ipv4_nlri, mp_reach, mp_unreach):
    """An UPDATE: ORIGIN, AS_PATH (4-byte AS 65001), NEXT_HOP, then
    MP_REACH_NLRI and MP_UNREACH_NLRI of (afi, [prefix bytes]) when given,
    and the IPv4 NLRI."""
    attrs = attribute(0x40, 1, b"\0") + attribute(0x40, 2, struct.pack(">BBI", 2, 1, 65001))
    attrs += attribute(0x40, 3, bytes([10, 0, 0, 1]))
    if mp_reach:
        afi, routes = mp_reach
        hop = bytes([10, 0, 0, 1]) if afi == 1 else bytes.fromhex("20010db8" + "00" * 11 + "01")
        attrs += attribute(0x80, 14, struct.pack(">HBB", afi, 1, len(hop)) + hop + b"\0" + b"".join(routes))
    if mp_unreach:
        afi, routes = mp_unreach
        attrs += attribute(0x80, 15, struct.pack(">HB", afi, 1) + b"".join(routes))
    body = struct.pack(">HH", 0, len(attrs)) + attrs + b"".join(ipv4_nlri)
    return MARKER + struct.pack(">HB", 19 + len(body), 2) + body


V6 = bytes.fromhex("20010db8aa00")
# A advertises ADD-PATH Both for IPv6 unicast and Receive for IPv4 unicast;
# B Receive for IPv6 and Both for IPv4. So A -> B: path ids for IPv6 only;
# B -> A: for IPv4 only (B's Receive for IPv6 lets nothing through towards A).
open_a = bgp_open(65001, 0x0a000001, [(2, 1, 3), (1, 1, 1)])
open_b = bgp_open(65002, 0x0a000002, [(2, 1, 1), (1, 1, 3)])
update_a = bgp_update([prefix_bytes(None, 24, bytes([198, 51, 100]))],
                      (2, [prefix_bytes(7, 48, V6), prefix_bytes(8, 40, V6)]),
                      (2, [prefix_bytes(9, 32, V6)]))
update_b = bgp_update([prefix_bytes(21, 24, bytes([192, 0, 2]))],
                      (1, [prefix_bytes(22, 25, bytes([203, 0, 113, 0]))]),
                      (2, [prefix_bytes(None, 64, V6 + bytes(2))]))
A, B = 40001, 179
a_seq, b_seq = 1, 5001
session = [tcp_frame(A, B, a_seq, open_a), tcp_frame(B, A, b_seq, open_b),
           tcp_frame(A, B, a_seq + len(open_a), update_a), tcp_frame(B, A, b_seq + len(open_b), update_b)]
# The same UPDATEs in a capture that missed the OPENs (mid-session): no
# ADD-PATH is assumed, so A's IPv6 identifiers are read as prefixes.
for name, frames in (("negotiated", session), ("no OPENs", session[2:])):
    with tempfile.NamedTemporaryFile(suffix=".pcap", delete=False) as f:
        f.write(pcap_of(frames))
    try:
        got = {}  # (source port, protocol, array) -> [(path id, length)]
        errors = []
        for frame in frames_of(f.name):
            sport = next(l["fields"]["source_port"] for l in frame["layers"] if l["protocol"] == "tcp")
            for layer in frame["layers"]:
                if "error" in layer:
                    errors.append((frame["frame"], layer["protocol"], layer["error"]["message"]))
                if layer["protocol"] in ("bgp", "bgp_attribute"):
                    for array, path_id, length in prefixes_of(layer):
                        got.setdefault((sport, layer["protocol"], array), []).append((path_id, length))
        if name == "negotiated":
            check(not errors, f"bgp per-family ADD-PATH: errors {errors}")
            want = {(A, "bgp", "nlri"): [(None, 24)],
                    (A, "bgp_attribute", "nlri"): [(7, 48), (8, 40)],
                    (A, "bgp_attribute", "withdrawn"): [(9, 32)],
                    (B, "bgp", "nlri"): [(21, 24)],
                    (B, "bgp_attribute", "nlri"): [(22, 25)],
                    (B, "bgp_attribute", "withdrawn"): [(None, 64)]}
            check(got == want, f"bgp per-family ADD-PATH: {got}")
            text = run([f.name]).splitlines()
            check(len(text) == 4 and text[2].endswith("BGP UPDATE 1 prefixes withdrawn 0: MP_REACH Ipv6 Unicast "
                                                      "2 prefixes: MP_UNREACH Ipv6 Unicast 1 prefixes"),
                  f"bgp per-family ADD-PATH: text {text[2:]}")
            verbose = run(["-v", f.name])
            check("add_path_ipv6_case: WithPathId" in verbose and "path_id: 7" in verbose,
                  "bgp per-family ADD-PATH: -v lacks the IPv6 path ids")
        else:
            check(all(i is None for routes in got.values() for i, _ in routes),
                  f"bgp without OPENs: path ids {got}")
    finally:
        os.unlink(f.name)


# ---- 2. TCP reassembly
def dns_query(ident):
    """A DNS query for a.test, with the two-byte length DNS over TCP puts first."""
    m = struct.pack(">HHHHHH", ident, 0x0100, 1, 0, 0, 0) + b"\x01a\x04test\x00" + struct.pack(">HH", 1, 1)
    return struct.pack(">H", len(m)) + m


def bgp_keepalive():
    return MARKER + struct.pack(">HB", 19, 4)


def bgp_notification(code):
    return MARKER + struct.pack(">HBBB", 21, 3, code, 0)


def decoded(frames):
    """Per frame: what its application layers are, "dns 7" (a DNS id), "bgp
    Keepalive", "bgp Notification 6", or "bgp error"."""
    out = []
    for f in frames:
        names = []
        for l in app_layers(f):
            if "error" in l:
                names.append(l["protocol"] + " error")
            elif l["protocol"] == "dns":
                names.append(f"dns {l['fields']['id']}")
            else:
                label = l["fields"]["type"]["label"]
                code = l["fields"].get("error_code")
                names.append(f"bgp {label}" + (f" {code['value']}" if code else ""))
        out.append(names)
    return out


def case(name, frames, expected):
    with tempfile.NamedTemporaryFile(suffix=".pcap", delete=False) as f:
        f.write(pcap_of(frames))
    try:
        got = decoded(frames_of(f.name))
        check(got == expected, f"{name}: decoded {got}, expected {expected}")
        text = run([f.name])
        check(len(text.splitlines()) == len(expected), f"{name}: {len(text.splitlines())} text lines")
    finally:
        os.unlink(f.name)


C, S = 40000, 53  # client and server ports of DNS over TCP
q = {i: dns_query(i) for i in range(1, 6)}
seq = {1: 1000}
for i in range(2, 6):
    seq[i] = seq[i - 1] + len(q[i - 1])

case("in order", [tcp_frame(C, S, seq[i], q[i]) for i in (1, 2, 3)], [["dns 1"], ["dns 2"], ["dns 3"]])
case("reordered", [tcp_frame(C, S, seq[i], q[i]) for i in (1, 3, 4, 2, 5)],
     [["dns 1"], [], [], ["dns 2", "dns 3", "dns 4"], ["dns 5"]])
case("duplicated", [tcp_frame(C, S, seq[i], q[i]) for i in (1, 1, 2, 2, 3)],
     [["dns 1"], [], ["dns 2"], [], ["dns 3"]])
# A segment from the middle of query 1 to the end of query 2 (the same
# bytes): only query 2 is new; then one waiting copy longer than the other.
both = q[1] + q[2] + q[3]
case("overlapping", [tcp_frame(C, S, seq[1], q[1][:10]), tcp_frame(C, S, seq[1] + 5, both[5:len(q[1]) + len(q[2])]),
                     tcp_frame(C, S, seq[3], q[3][:4]), tcp_frame(C, S, seq[3], q[3])],
     [[], ["dns 1", "dns 2"], [], ["dns 3"]])
# Query 2 never seen: the server's acknowledgment past it gives the gap up.
case("lost, acknowledged", [tcp_frame(C, S, seq[1], q[1]), tcp_frame(C, S, seq[3], q[3]),
                            tcp_frame(S, C, 5000, b"", ack=seq[4])],
     [["dns 1"], [], ["dns 3"]])
# ... and without an acknowledgment, at the end: one record more.
case("lost, end of capture", [tcp_frame(C, S, seq[1], q[1]), tcp_frame(C, S, seq[3], q[3]),
                              tcp_frame(C, S, seq[4], q[4])],
     [["dns 1"], [], [], ["dns 3", "dns 4"]])

# BGP gives a gap up at once: the segment after it is decoded on its frame,
# resynchronised at the marker after the bytes of the message the gap cut
# (reported once as an error); the late segment is decoded on its own.
k, n6 = bgp_keepalive(), bgp_notification(6)
A, B = 40001, 179
cut = bgp_notification(2)
stream = k + k + cut + k + n6
at = {0: 1, 1: 1 + 19, 2: 1 + 38, 3: 1 + 38 + 21, 4: 1 + 38 + 21 + 19}
case("bgp gap", [tcp_frame(A, B, at[0], k), tcp_frame(A, B, at[2] + 10, stream[at[2] - 1 + 10:]),
                 tcp_frame(A, B, at[1], k)],
     [["bgp Keepalive"], ["bgp error", "bgp Keepalive", "bgp Notification 6"], ["bgp Keepalive"]])
case("bgp reordered, aligned", [tcp_frame(A, B, at[0], k), tcp_frame(A, B, at[2], cut), tcp_frame(A, B, at[1], k),
                                tcp_frame(A, B, at[3], k + n6)],
     [["bgp Keepalive"], ["bgp Notification 2"], ["bgp Keepalive"], ["bgp Keepalive", "bgp Notification 6"]])
# A message the capture ends inside of: reported, truncated, at the end.
case("bgp cut at the end", [tcp_frame(A, B, at[0], k), tcp_frame(A, B, at[1], k[:10])],
     [["bgp Keepalive"], [], ["bgp error"]])


# ---- 3. SSH after NEWKEYS
encrypted_frames = 0
newkeys = set()  # directions ("port>port") past their NEWKEYS
ssh_path = os.path.join(CAPTURES, "ssh.pcap")
ssh_lines = run([ssh_path]).splitlines()
for frame in frames_of(ssh_path):
    tcp = next((l for l in frame["layers"] if l["protocol"] == "tcp"), None)
    if tcp is None:
        continue
    f = tcp["fields"]
    direction = f"{f['source_port']}>{f['destination_port']}"
    payload = len(f.get("payload", "")) // 2
    protocols = [l["protocol"] for l in frame["layers"]]
    encrypted = [l for l in frame["layers"] if l["protocol"] == "ssh_encrypted"]
    where = f"ssh.pcap frame {frame['frame']}"
    if direction in newkeys and payload:
        encrypted_frames += 1
        check(protocols[-1:] == ["ssh_encrypted"] and "ssh" not in protocols and "ssh_packet" not in protocols,
              f"{where}: after NEWKEYS {protocols}")
        check(len(encrypted) == 1 and encrypted[0]["fields"]["length"] == payload,
              f"{where}: {encrypted} for {payload} bytes")
        check(f"SSH encrypted {payload} bytes" in ssh_lines[frame["frame"] - 1], f"{where}: text line")
    elif direction not in newkeys:
        messages = [l for l in frame["layers"] if l["protocol"] == "ssh"]
        if any(l["fields"].get("message_number", {}).get("label") == "NewKeys" for l in messages):
            newkeys.add(direction)
            # The bytes after NEWKEYS in the same segment, if any, come last.
            check(len(encrypted) <= 1, f"{where}: {encrypted}")
        else:
            check(not encrypted, f"{where}: encrypted before NEWKEYS")
check(len(newkeys) >= 2 and encrypted_frames >= 4, f"ssh.pcap: {len(newkeys)} directions, {encrypted_frames} frames")



def ssh_packet(payload):
    pad = 8 - (5 + len(payload)) % 8
    pad += 8 if pad < 4 else 0
    return struct.pack(">IB", 1 + len(payload) + pad, pad) + payload + bytes(pad)


def name_list(text):
    return struct.pack(">I", len(text)) + text.encode()


def kexinit(ciphers_c2s, ciphers_s2c, macs_c2s, macs_s2c):
    lists = ["curve25519-sha256", "ssh-ed25519", ciphers_c2s, ciphers_s2c, macs_c2s, macs_s2c, "none", "none", "", ""]
    return ssh_packet(b"\x14" + bytes(16) + b"".join(name_list(x) for x in lists) + b"\0" + bytes(4))


def record(length, tag, fill=0x5a):
    """An encrypted record whose packet_length is in clear: length, then
    `length` bytes, then the tag."""
    return struct.pack(">I", length) + bytes([fill]) * (length + tag)


SC, SS = 40003, 22
client = [b"SSH-2.0-client\r\n", kexinit("aes128-gcm@openssh.com,aes128-ctr", "aes128-ctr",
                                          "hmac-sha2-256", "hmac-sha2-256-etm@openssh.com,hmac-sha2-256"),
          ssh_packet(b"\x15")]
server = [b"SSH-2.0-server\r\n", kexinit("aes128-ctr,aes128-gcm@openssh.com", "aes128-ctr",
                                          "hmac-sha2-256", "hmac-sha2-256,hmac-sha2-256-etm@openssh.com"),
          ssh_packet(b"\x15")]
cseq, sseq = 100, 5000
frames = []
for c, sv in zip(client, server):
    frames += [tcp_frame(SC, SS, cseq, c), tcp_frame(SS, SC, sseq, sv)]
    cseq += len(c)
    sseq += len(sv)
# Client to server: AES-GCM (tag 16). Two records in one segment, then one
# in two segments. Server to client: aes128-ctr with hmac-sha2-256-etm, the
# client's first MAC the server offers too (tag 32).
two = record(32, 16) + record(48, 16)
split = record(64, 16)
frames += [tcp_frame(SC, SS, cseq, two), tcp_frame(SC, SS, cseq + len(two), split[:30]),
           tcp_frame(SC, SS, cseq + len(two) + 30, split[30:]), tcp_frame(SS, SC, sseq, record(20, 32))]
with tempfile.NamedTemporaryFile(suffix=".pcap", delete=False) as f:
    f.write(pcap_of(frames))
try:
    got = []
    for frame in frames_of(f.name):
        got.append([(l["fields"]["length"], l["fields"].get("packet_length"))
                    for l in frame["layers"] if l["protocol"] == "ssh_encrypted"])
        check(not any("error" in l for l in frame["layers"]), f"ssh gcm/etm frame {frame['frame']}: an error")
    check(got[6:] == [[(52, 32), (68, 48)], [], [(84, 64)], [(56, 20)]] and not any(got[:6]),
          f"ssh gcm/etm: records {got}")
    text = run([f.name]).splitlines()
    check(len(text) == 10 and "SSH encrypted packet length 64, 84 bytes" in text[8], f"ssh gcm/etm text: {text[6:]}")
finally:
    os.unlink(f.name)


# ---- 4. IP fragments
def udp_datagram(pseudo, sport, dport, payload):
    length = 8 + len(payload)
    zero = struct.pack(">HHHH", sport, dport, length, 0) + payload
    return struct.pack(">HHHH", sport, dport, length, checksum(pseudo(length) + zero)) + payload


SRC4, DST4 = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
SRC6, DST6 = bytes.fromhex("fd00" + "00" * 13 + "01"), bytes.fromhex("fd00" + "00" * 13 + "02")


def ipv4_fragment(ident, offset, more, data):
    header = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(data), ident, (more << 13) | (offset // 8), 64, 17, 0,
                         SRC4, DST4)
    header = header[:10] + struct.pack(">H", checksum(header)) + header[12:]
    return b"\x02" * 6 + b"\x04" * 6 + b"\x08\x00" + header + data


def ipv6_fragment(ident, offset, more, data):
    fragment = struct.pack(">BBHI", 17, 0, offset | more, ident) + data
    header = struct.pack(">IHBB16s16s", 0x60000000, len(fragment), 44, 64, SRC6, DST6)
    return b"\x02" * 6 + b"\x04" * 6 + b"\x86\xdd" + header + fragment


def long_query(ident):
    """A DNS query (no TCP length) for a name long enough to need three fragments."""
    name = b"".join(bytes([len(p)]) + p for p in (b"fragmented", b"query", b"for", b"mpldump", b"test")) + b"\0"
    return struct.pack(">HHHHHH", ident, 0x0100, 1, 0, 0, 0) + name + struct.pack(">HH", 1, 1)


pseudo4 = lambda length: SRC4 + DST4 + struct.pack(">BBH", 0, 17, length)
pseudo6 = lambda length: SRC6 + DST6 + struct.pack(">IxxxB", length, 17)
for family, make, pseudo in (("IPv4", ipv4_fragment, pseudo4), ("IPv6", ipv6_fragment, pseudo6)):
    datagram = udp_datagram(pseudo, 40002, 53, long_query(77))
    check(len(datagram) > 48, f"{family}: the datagram needs three fragments")
    parts = [(0, 1, datagram[:24]), (24, 1, datagram[24:48]), (48, 0, datagram[48:])]
    frag = lambda i, ident=9: make(ident, parts[i][0], parts[i][1], parts[i][2])
    case(f"{family} fragments out of order", [frag(2), frag(0), frag(1)], [[], [], ["dns 77"]])
    case(f"{family} a fragment twice", [frag(1), frag(1), frag(0), frag(2)], [[], [], [], ["dns 77"]])
    case(f"{family} a fragment missing", [frag(2), frag(0)], [[], []])
    # Two datagrams interleaved, told apart by their identification.
    case(f"{family} two datagrams", [frag(0, 1), frag(0, 2), frag(2, 2), frag(1, 1), frag(2, 1), frag(1, 2)],
         [[], [], [], [], ["dns 77"], ["dns 77"]])
    # The second fragment again with other bytes: the datagram is dropped.
    bad = make(9, 24, 1, bytes(24))
    case(f"{family} inconsistent overlap", [frag(0), frag(1), bad, frag(2)], [[], [], [], []])

finish()
