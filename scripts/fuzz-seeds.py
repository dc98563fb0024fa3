#!/usr/bin/env python3
"""Seed corpora for the generated fuzz targets, from the shared captures.

    scripts/fuzz-seeds.py OUT_DIR [CAPTURE_DIR ...]

Writes OUT_DIR/<spec>/<n> files in the input format of the harnesses that
`mplc --emit=fuzz` generates: one byte selecting the packet (its index among
the spec's packets, in file order), the packet's parameters (one byte per
bool, two big-endian bytes per int), then the packet. Layers are cut out of
classic pcap captures by hand (Ethernet, Linux cooked, raw IP link types), so
this script depends on nothing but Python. Regression inputs from
tests/fuzz/regressions/<spec>/ are copied in as well.
"""
import hashlib
import os
import re
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_SEEDS = 400
MAX_SIZE = 4096


def packet_index(spec, packet):
    with open(os.path.join(ROOT, "specs", spec + ".mpl")) as f:
        names = re.findall(r"^packet\s+([A-Za-z0-9_]+)", f.read(), re.M)
    return names.index(packet)


def frames(path):
    """(linktype, frame bytes) of every record of a classic pcap file."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        return
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        return  # pcapng and others: skipped
    linktype = struct.unpack(e + "I", data[20:24])[0]
    at = 24
    while at + 16 <= len(data):
        incl = struct.unpack(e + "I", data[at + 8:at + 12])[0]
        frame = data[at + 16:at + 16 + incl]
        at += 16 + incl
        yield linktype, frame


def layers(linktype, frame):
    """Yields (layer, bytes) for the layers a frame carries."""
    ip = None
    if linktype == 1:
        yield "ethernet", frame
        t, rest = frame[12:14], frame[14:]
        if t == b"\x81\x00":
            t, rest = frame[16:18], frame[18:]
        if t == b"\x08\x06":
            yield "arp", rest
        if t == b"\x08\x00":
            ip = rest
    elif linktype in (101, 12, 228):
        ip = frame
    elif linktype == 113 and frame[14:16] == b"\x08\x00":
        ip = frame[16:]
    elif linktype == 276 and frame[0:2] == b"\x08\x00":
        ip = frame[20:]
    if ip is None or len(ip) < 20 or ip[0] >> 4 != 4:
        return
    yield "ipv4", ip
    ihl = (ip[0] & 15) * 4
    total = struct.unpack(">H", ip[2:4])[0]
    payload = ip[ihl:total]
    proto = ip[9]
    if struct.unpack(">H", ip[6:8])[0] & 0x1fff:
        return  # a later fragment
    if proto == 1:
        yield "icmp", payload
    elif proto == 17 and len(payload) >= 8:
        yield "udp", payload
        ports = struct.unpack(">HH", payload[:4])
        if 67 in ports or 68 in ports:
            yield "dhcp", payload[8:]
    elif proto == 6 and len(payload) >= 20:
        yield "tcp", payload
        ports = struct.unpack(">HH", payload[:4])
        data = payload[(payload[12] >> 4) * 4:]
        if not data:
            return
        if 179 in ports:
            yield "bgp", data
        if 22 in ports:
            yield "ssh", data
        if 564 in ports:
            yield "9p", data


# layer -> (spec, packet, parameter bytes)
TARGETS = {
    "ethernet": [("ethernet", "ethernet", b"")],
    "arp": [("arp", "arp", b"")],
    "ipv4": [("ipv4", "ipv4", b"")],
    "icmp": [("icmp", "icmp", b"")],
    "udp": [("udp", "udp", b"")],
    "tcp": [("tcp", "tcp", b"")],
    "dhcp": [("dhcp", "dhcp", b"")],
    "bgp": [("bgp", "bgp_message", b"")],
    "ssh": [("ssh", "ssh_packet", b"\x00\x08")],
    "9p": [("9p", "p9_message", b"\x01"), ("9p", "p9_message", b"\x00")],
}


def main():
    out = sys.argv[1]
    dirs = sys.argv[2:] or [os.path.join(ROOT, "..", "shared", "corpus"), os.path.join(ROOT, "tests")]
    seeds = {}
    for d in dirs:
        for base, _, files in sorted(os.walk(d)):
            for name in sorted(files):
                if not name.endswith(".pcap"):
                    continue
                path = os.path.join(base, name)
                with open(path, "rb") as f:
                    head = f.read(24)
                if len(head) == 24:
                    seeds.setdefault("pcap", []).append(bytes([packet_index("pcap", "pcap_file_header")]) + head)
                for linktype, frame in frames(path):
                    for layer, data in layers(linktype, frame):
                        for spec, packet, params in TARGETS.get(layer, []):
                            seeds.setdefault(spec, []).append(bytes([packet_index(spec, packet)]) + params + data)
    written = {}
    for spec, items in seeds.items():
        os.makedirs(os.path.join(out, spec), exist_ok=True)
        seen = set()
        for item in items:
            item = item[:MAX_SIZE]
            digest = hashlib.sha1(item).hexdigest()
            if digest in seen or len(seen) >= MAX_SEEDS:
                continue
            seen.add(digest)
            with open(os.path.join(out, spec, digest), "wb") as f:
                f.write(item)
        written[spec] = len(seen)
    regressions = os.path.join(ROOT, "tests", "fuzz", "regressions")
    for spec in sorted(os.listdir(regressions)) if os.path.isdir(regressions) else []:
        os.makedirs(os.path.join(out, spec), exist_ok=True)
        for name in sorted(os.listdir(os.path.join(regressions, spec))):
            with open(os.path.join(regressions, spec, name), "rb") as f:
                data = f.read()
            with open(os.path.join(out, spec, "regression-" + name), "wb") as f:
                f.write(data)
    for spec in sorted(written):
        print(f"{spec}: {written[spec]} seeds")


if __name__ == "__main__":
    main()
