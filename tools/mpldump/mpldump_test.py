#!/usr/bin/python3
"""mpldump over the corpus, known answers, and bad input.

usage: MPL_CORPUS_DIR=CORPUS_DIR mpldump_test.py MPLDUMP

1. Every capture of CORPUS_DIR/manifest.json: `mpldump --json` and the text
   output end without a signal; valid captures exit 0 with one JSON line per
   frame (as many frames as tshark counted, the manifest's "packets"); every
   line parses with the json module and has frame, time and layers.
2. Known answers: fields of a few frames, each checked against tshark's
   decoding of the same frame (values written down from tshark 4.x output).
3. Bad input: truncations at several lengths, corrupt record and block
   lengths, random bytes, an empty file, a directory, a missing file: a
   message on stderr and a non-zero exit, never a signal.
"""
import json
import os
import random
import struct
import subprocess
import sys
import tempfile

import mpldump_json  # beside this file
from synthetic import pcap_of, tcp_frame  # beside this file

from tally import check, finish

MPLDUMP = sys.argv[1]
# The shared capture corpus is outside the repository: without it this test
# is skipped (exit 77, which ctest reports as skipped).
CORPUS = os.environ.get("MPL_CORPUS_DIR", "")
if not CORPUS:
    print("skipped: needs the shared capture corpus: set MPL_CORPUS_DIR to its folder (README.md, \"Tests\")")
    sys.exit(77)


def run(args):
    return subprocess.run([MPLDUMP] + args, capture_output=True, timeout=120)


def frames(path):
    r = run(["--json", path])
    return r, [mpldump_json.flat_frame(line) for line in r.stdout.decode().splitlines()]


def layer(frame, protocol, nth=0):
    found = [l for l in frame["layers"] if l["protocol"] == protocol]
    return found[nth] if len(found) > nth else None


# ---- 1. the corpus
manifest = json.load(open(os.path.join(CORPUS, "manifest.json")))
for entry in manifest:
    path = os.path.join(CORPUS, entry["dest"])
    for mode in (["--json"], []):
        r = run(mode + [path])
        check(r.returncode >= 0, f"{entry['dest']} {mode}: killed by signal {-r.returncode}")
        check(r.returncode in (0, 1), f"{entry['dest']} {mode}: exit {r.returncode}")
        if r.returncode == 1:
            check(b"mpldump:" in r.stderr, f"{entry['dest']}: exit 1 without a message")
        if not entry["malformed"]:
            check(r.returncode == 0, f"{entry['dest']} {mode}: valid capture exits {r.returncode}: {r.stderr[:200]}")
        if mode == ["--json"]:
            lines = r.stdout.decode().splitlines()
            if not entry["malformed"]:
                check(len(lines) == entry["packets"],
                      f"{entry['dest']}: {len(lines)} frames, tshark counts {entry['packets']}")
            for n, line in enumerate(lines, 1):
                try:
                    obj = json.loads(line)
                except ValueError as e:
                    check(False, f"{entry['dest']} frame {n}: not JSON: {e}")
                    continue
                check(obj.get("frame") == n and isinstance(obj.get("time"), str) and isinstance(obj.get("layers"), list),
                      f"{entry['dest']} frame {n}: missing frame/time/layers")

# ---- 2. known answers (tshark's values for the same frames)
def expect(path, number, protocol, fields, nth=0):
    r, fs = frames(os.path.join(CORPUS, path))
    f = fs[number - 1] if len(fs) >= number else None
    l = layer(f, protocol, nth) if f else None
    if l is None:
        check(False, f"{path} frame {number}: no {protocol} layer")
        return
    for key, want in fields.items():
        got = l["fields"].get(key)
        check(got == want, f"{path} frame {number} {protocol}.{key}: {got!r}, tshark says {want!r}")


expect("icmp/ppp__IcmpWithoutTunnel.pcap", 1, "ipv4",
       {"src": "192.168.203.3", "dst": "192.168.203.5", "ttl": 64, "protocol": {"value": 1, "label": "ICMP"}})
expect("icmp/ppp__IcmpWithoutTunnel.pcap", 1, "icmp",
       {"type": {"value": 8, "label": "EchoRequest"}, "type_case": "EchoRequest", "identifier": 0x050c,
        "sequence": 2, "checksum": 0x05ed})
expect("icmp/ppp__IcmpWithoutTunnel.pcap", 1, "ethernet",
       {"destination": "00:30:88:01:00:02", "source": "00:16:3e:37:f6:04"})
# pcapng, IPv6, DNS over TCP (the 2-byte length prefix), names as text.
expect("dns/ppp__dns_over_tcp.pcapng", 1, "ipv6", {"src": "2001:558:feed::1", "hop_limit": 58})
expect("dns/ppp__dns_over_tcp.pcapng", 1, "dns", {"id": 0x38, "questions.0.qname": "github.com"})
expect("dns/ppp__dns_over_tcp.pcapng", 2, "dns", {"id": 0x6165, "questions.0.qname": "cole-tech.net"})
# Linux cooked capture v2.
expect("icmp/zeek__linux_dlt_sll2.pcap", 1, "sll2",
       {"interface_index": 1, "protocol": {"value": 0x0800, "label": "IPv4"}})
expect("icmp/zeek__linux_dlt_sll2.pcap", 1, "ipv4", {"src": "192.0.2.1", "dst": "192.0.2.1"})
expect("icmp/zeek__linux_dlt_sll2.pcap", 1, "icmp", {"sequence": 1})
# BSD loopback carrying IPv6.
expect("dns/ppp__NullLoopback.pcap", 1, "ipv6", {"src": "::1", "dst": "::1"})
# BGP OPEN messages, frames 6 and 8.
expect("bgp/tcpdump__bgp-4byte-asn.pcap", 6, "bgp",
       {"type": {"value": 1, "label": "Open"}, "my_as": 23456, "hold_time": 180, "bgp_identifier": "0.0.1.1"})
expect("bgp/tcpdump__bgp-4byte-asn.pcap", 8, "bgp", {"my_as": 200, "bgp_identifier": "0.0.2.1"})
# Timestamps: microseconds for pcap, the interface's resolution for pcapng.
for path, number, want in (("icmp/zeek__linux_dlt_sll2.pcap", 1, "1660534249.872259"),
                           ("dns/ppp__dns_over_tcp.pcapng", 2, "1608102334.010346")):
    _, fs = frames(os.path.join(CORPUS, path))
    check(len(fs) >= number and fs[number - 1]["time"] == want, f"{path} frame {number}: time, tshark says {want}")

# 9P over TCP (no 9P capture in the corpus, so a synthetic one): a Tversion
# split over two segments is reported once, on the frame completing it; the
# Rversion names 9P2000.L; --9p-port adds a port.
version = b"9P2000.L"
tversion = struct.pack("<IBHIH", 21, 100, 0xffff, 8192, len(version)) + version
rversion = struct.pack("<IBHIH", 21, 101, 0xffff, 4096, len(version)) + version
for port, args in ((564, []), (5640, ["--9p-port", "5640"])):
    capture = pcap_of([tcp_frame(40000, port, 100, tversion[:10]), tcp_frame(40000, port, 110, tversion[10:]),
                       tcp_frame(port, 40000, 7, rversion)])
    with tempfile.NamedTemporaryFile(delete=False, suffix=".pcap") as f:
        f.write(capture)
        path = f.name
    r = run(["--json"] + args + [path])
    os.unlink(path)
    fs = [mpldump_json.flat_frame(line) for line in r.stdout.decode().splitlines()]
    check(r.returncode == 0 and len(fs) == 3, f"9p port {port}: exit {r.returncode}, {len(fs)} frames")
    if len(fs) == 3:
        check(layer(fs[0], "9p") is None, f"9p port {port}: half a message reported")
        t = layer(fs[1], "9p")
        check(t is not None and t["fields"].get("type") == {"value": 100, "label": "Tversion"}
              and t["fields"].get("msize") == 8192 and t["fields"].get("version") == version.hex(),
              f"9p port {port}: Tversion {t}")
        rv = layer(fs[2], "9p")
        check(rv is not None and rv["fields"].get("msize") == 4096, f"9p port {port}: Rversion {rv}")

# ---- 3. bad input
def bad(data, what, allow_zero=False):
    with tempfile.NamedTemporaryFile(delete=False) as f:
        f.write(data)
        path = f.name
    try:
        for mode in (["--json"], []):
            r = run(mode + [path])
            check(r.returncode >= 0, f"{what}: killed by signal {-r.returncode}")
            if allow_zero and r.returncode == 0:
                continue
            check(r.returncode == 1, f"{what}: exit {r.returncode}, expected 1")
            check(r.stderr.startswith(b"mpldump: "), f"{what}: no message on stderr")
    finally:
        os.unlink(path)


pcap = open(os.path.join(CORPUS, "bgp/tcpdump__bgp-4byte-asn.pcap"), "rb").read()
pcapng = open(os.path.join(CORPUS, "dns/ppp__dns_over_tcp.pcapng"), "rb").read()
assert pcap[:4] == b"\xd4\xc3\xb2\xa1" and pcapng[8:12] == b"\x4d\x3c\x2b\x1a"  # both little-endian


def boundaries(data, first, length_at, extra):
    """Offsets where a record or block ends (a cut there leaves a valid file)."""
    at, out = first, {first}
    while at + length_at + 4 <= len(data):
        at += struct.unpack_from("<I", data, at + length_at)[0] + extra
        out.add(at)
    return out


pcap_ends = boundaries(pcap, 24, 8, 16)
pcapng_ends = boundaries(pcapng, 0, 4, 0)
for data, name, ends in ((pcap, "pcap", pcap_ends), (pcapng, "pcapng", pcapng_ends)):
    cuts = [1, 3, 5, 10, 23, 25, 30, 40, 100, len(data) // 3, len(data) // 2, len(data) - 1]
    cuts += sorted(ends)[1:6] + [e + 1 for e in sorted(ends)[1:6]] + [e - 1 for e in sorted(ends)[1:6]]
    for cut in cuts:
        if cut >= len(data):
            continue
        bad(data[:cut], f"{name} truncated at {cut}", allow_zero=cut in ends)
rng = random.Random(7)
for i in range(20):
    bad(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 600))), f"random bytes #{i}")
# pcap: the first record's caplen made huge, then just past the file end.
for caplen in (0xffffffff, len(pcap)):
    corrupt = bytearray(pcap)
    struct.pack_into("<I", corrupt, 24 + 8, caplen)
    bad(bytes(corrupt), f"pcap caplen {caplen:#x}")
# pcapng: the section header's total length made huge, and a block whose
# trailing length disagrees with its total length.
corrupt = bytearray(pcapng)
struct.pack_into("<I", corrupt, 4, 0x7ffffff0)
bad(bytes(corrupt), "pcapng huge block length")
shb_len = struct.unpack_from("<I", pcapng, 4)[0]
corrupt = bytearray(pcapng)
struct.pack_into("<I", corrupt, shb_len - 4, shb_len + 4)
bad(bytes(corrupt), "pcapng trailing length mismatch")
bad(b"", "empty file")
bad(b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", "a text file")
r = run([CORPUS])
check(r.returncode == 2 and r.stderr.startswith(b"mpldump: "), "a directory: exit 2 with a message")
r = run([os.path.join(CORPUS, "no-such-file.pcap")])
check(r.returncode == 2 and r.stderr.startswith(b"mpldump: "), "a missing file: exit 2 with a message")
r = run([])
check(r.returncode == 2, "no arguments: exit 2")
for args in (["--9p-port"], ["--9p-port", "0"], ["--9p-port", "x1"], ["--bogus", "a.pcap"]):
    r = run(args)
    check(r.returncode == 2 and r.stderr.startswith(b"mpldump: "), f"{args}: exit 2 with a message")

finish()
