#!/usr/bin/python3
"""Seed corpora for the generated fuzz targets, from the shared captures.

    scripts/fuzz-seeds.py OUT_DIR [CAPTURE_DIR ...]

Writes OUT_DIR/<spec>/<n> files in the input format of the harnesses that
`mplc --emit=fuzz` generates: one byte selecting the packet (its index among
the spec's packets, in file order), the packet's parameters (one byte per
bool, two big-endian bytes per int), then the packet. Layers are cut out of
classic pcap captures by hand (Ethernet, Linux cooked, raw IP link types), so
this script depends on nothing but Python. Regression inputs from
tests/fuzz/regressions/<spec>/ are copied in as well. The mpldump target's
seeds are the capture files themselves (their first 64 KiB).
"""
import hashlib
import os
import re
import struct
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAX_SEEDS = 400
MAX_SIZE = 4096
MAX_FILE_SEED = 65536


def packet_index(spec, packet):
    with open(os.path.join(ROOT, "specs", spec + ".mpl")) as f:
        names = re.findall(r"^packet\s+([A-Za-z0-9_]+)", f.read(), re.M)
    return names.index(packet)


def pcap_frames(data):
    """(linktype, frame bytes) of every record of a classic pcap file."""
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        return
    linktype = struct.unpack(e + "I", data[20:24])[0]
    at = 24
    while at + 16 <= len(data):
        incl = struct.unpack(e + "I", data[at + 8:at + 12])[0]
        frame = data[at + 16:at + 16 + incl]
        at += 16 + incl
        yield linktype, frame


def pcapng_blocks(data):
    """(byte order, block bytes) of every block of a pcapng file."""
    e = "<"
    at = 0
    while at + 12 <= len(data):
        if data[at:at + 4] == b"\x0a\x0d\x0d\x0a":
            e = "<" if data[at + 8:at + 12] == b"\x4d\x3c\x2b\x1a" else ">"
        length = struct.unpack(e + "I", data[at + 4:at + 8])[0]
        if length < 12 or at + length > len(data):
            return
        yield e, data[at:at + length]
        at += length


def pcapng_frames(data):
    """(linktype, frame bytes) of the enhanced packet blocks of a pcapng file."""
    linktypes = []
    for e, block in pcapng_blocks(data):
        kind = struct.unpack(e + "I", block[:4])[0]
        if kind == 0x0a0d0d0a:
            linktypes = []
        elif kind == 1 and len(block) >= 10:
            linktypes.append(struct.unpack(e + "H", block[8:10])[0])
        elif kind == 6 and len(block) >= 28:
            interface, captured = struct.unpack(e + "I", block[8:12])[0], struct.unpack(e + "I", block[20:24])[0]
            if interface < len(linktypes):
                yield linktypes[interface], block[28:28 + captured]


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
        if t in (b"\x08\x00", b"\x86\xdd"):
            ip = rest
    elif linktype in (101, 12, 228, 229):
        ip = frame
    elif linktype == 0:
        yield "null", frame
        ip = frame[4:]
    elif linktype == 113:
        yield "sll", frame
        if frame[14:16] in (b"\x08\x00", b"\x86\xdd"):
            ip = frame[16:]
    elif linktype == 276:
        yield "sll2", frame
        if frame[0:2] in (b"\x08\x00", b"\x86\xdd"):
            ip = frame[20:]
    if ip is None or len(ip) < 20:
        return
    if ip[0] >> 4 == 6 and len(ip) >= 40:
        yield "ipv6", ip
        # Transport right after the fixed header only; extension headers are
        # the ipv6 target's business.
        proto, payload = ip[6], ip[40:40 + struct.unpack(">H", ip[4:6])[0]]
    elif ip[0] >> 4 == 4:
        yield "ipv4", ip
        ihl = (ip[0] & 15) * 4
        payload = ip[ihl:struct.unpack(">H", ip[2:4])[0]]
        proto = ip[9]
        if struct.unpack(">H", ip[6:8])[0] & 0x1fff:
            return  # a later fragment
    else:
        return
    if proto == 1:
        yield "icmp", payload
    elif proto == 17 and len(payload) >= 8:
        yield "udp", payload
        ports = struct.unpack(">HH", payload[:4])
        if 67 in ports or 68 in ports:
            yield "dhcp", payload[8:]
        if 53 in ports or 5353 in ports:
            yield "dns", payload[8:]
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
        if 564 in ports or 5640 in ports:
            yield "9p", data
        if 53 in ports and len(data) > 2:
            yield "dns", data[2:]  # past the TCP length prefix


def add_pcapng_seeds(seeds, data):
    """The section start and every block of a pcapng file, for the pcapng target."""
    seeds.setdefault("pcapng", []).append(bytes([packet_index("pcapng", "pcapng_section_start")]) + data[:64])
    for e, block in pcapng_blocks(data):
        packet = "pcapng_block_le" if e == "<" else "pcapng_block_be"
        seeds["pcapng"].append(bytes([packet_index("pcapng", packet)]) + block)


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
    "dns": [("dns", "dns_message", b"")],
    "ipv6": [("ipv6", "ipv6", b"")],
    "null": [("null", "null", b"")],
    "sll": [("sll", "sll", b"")],
    "sll2": [("sll2", "sll2", b"")],
}


def main():
    out = sys.argv[1]
    # The repository's own captures, and the shared corpus when
    # MPL_CORPUS_DIR names it.
    corpus = os.environ.get("MPL_CORPUS_DIR", "")
    dirs = sys.argv[2:] or ([corpus] if corpus else []) + [os.path.join(ROOT, "tests")]
    seeds = {}
    for d in dirs:
        for base, _, files in sorted(os.walk(d)):
            for name in sorted(files):
                if not name.endswith((".pcap", ".pcapng")):
                    continue
                path = os.path.join(base, name)
                with open(path, "rb") as f:
                    data = f.read()
                if len(data) < 24:
                    continue
                # The mpldump target: the file itself (its first 64 KiB), after
                # a byte that leaves --check off.
                seeds.setdefault("mpldump", []).append(b"\x01" + data[:MAX_FILE_SEED])
                if data[:4] == b"\x0a\x0d\x0d\x0a":
                    add_pcapng_seeds(seeds, data)
                    frames = pcapng_frames(data)
                else:
                    seeds.setdefault("pcap", []).append(bytes([packet_index("pcap", "pcap_file_header")]) + data[:24])
                    frames = pcap_frames(data)
                for linktype, frame in frames:
                    for layer, data in layers(linktype, frame):
                        for spec, packet, params in TARGETS.get(layer, []):
                            seeds.setdefault(spec, []).append(bytes([packet_index(spec, packet)]) + params + data)
    # Every target gets a directory, seeded or not: the fuzz tests name them all.
    targets = [f[:-4] for f in os.listdir(os.path.join(ROOT, "specs")) if f.endswith(".mpl")] + ["mpldump"]
    for target in targets:
        os.makedirs(os.path.join(out, target), exist_ok=True)
    written = {}
    for spec, items in seeds.items():
        os.makedirs(os.path.join(out, spec), exist_ok=True)
        seen = set()
        for item in items:
            item = item[:MAX_SIZE] if spec != "mpldump" else item
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
