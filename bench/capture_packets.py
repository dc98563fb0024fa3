#!/usr/bin/python3
"""The benchmark packets, taken from the project's own captures.

codec_bench carries its input packets as C++ arrays (bench/*packets.h), so
it needs no file at run time. Every array is a slice of one frame of a
capture this project made itself from real peers (tests/captures/*.pcap and
tests/app_protocols/diod_9p2000L.pcap; how each was made is in
tests/captures/README.md). This script is where the bytes come from:

  bench/capture_packets.py            # prints every array, as in the headers
  bench/capture_packets.py --check    # compares them with bench/*packets.h

--check exits 1 when a header's array differs from its frame (ctest runs it
as bench.packets_from_captures). The pcap files are read by hand (classic
pcap, Ethernet link type): Python's standard library has no pcap reader.
"""

import argparse
import pathlib
import re
import struct
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent

# (header in bench/, array name, capture, frame number (1-based, as tshark
# counts), which bytes of the frame). The slices:
#   frame           the whole Ethernet frame
#   udp             the UDP payload
#   tcp             the TCP payload (one segment)
PACKETS = [
    ("packets.h", "kUdpFrame", "tests/captures/link.pcap", 16, "frame"),
    ("packets.h", "kPingRequestFrame", "tests/captures/link.pcap", 6, "frame"),
    ("packets.h", "kPingReplyFrame", "tests/captures/link.pcap", 7, "frame"),
    ("dns_packets.h", "kDnsQueryFrame", "tests/captures/dns.pcap", 5, "frame"),
    ("dns_packets.h", "kDnsResponseMessage", "tests/captures/dns.pcap", 6, "udp"),
    ("dhcp_packets.h", "kDhcpAck", "tests/captures/dhcp.pcap", 4, "udp"),
    ("bgp_packets.h", "kBgpUpdate", "tests/captures/bgp.pcap", 13, "tcp"),
    ("ssh_packets.h", "kSshKexinitPacket", "tests/captures/ssh.pcap", 12, "tcp"),
    ("p9_packets.h", "kP9Rread", "tests/app_protocols/diod_9p2000L.pcap", 141, "tcp"),
]

LINKTYPE_ETHERNET = 1


def read_pcap(path):
    """The frames of a classic pcap file (either byte order, micro- or
    nanosecond stamps), as a list of bytes; link type Ethernet only."""
    data = path.read_bytes()
    if len(data) < 24:
        raise SystemExit(f"{path}: shorter than a pcap header")
    magic = data[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        order = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        order = ">"
    else:
        raise SystemExit(f"{path}: not a classic pcap file (magic {magic.hex()})")
    linktype = struct.unpack(order + "I", data[20:24])[0]
    if linktype != LINKTYPE_ETHERNET:
        raise SystemExit(f"{path}: link type {linktype}, not Ethernet")
    frames = []
    at = 24
    while at < len(data):
        if at + 16 > len(data):
            raise SystemExit(f"{path}: record header cut at byte {at}")
        incl = struct.unpack(order + "I", data[at + 8:at + 12])[0]
        orig = struct.unpack(order + "I", data[at + 12:at + 16])[0]
        at += 16
        if at + incl > len(data):
            raise SystemExit(f"{path}: frame {len(frames) + 1} cut (record of {incl} bytes at {at})")
        if incl != orig:
            raise SystemExit(f"{path}: frame {len(frames) + 1} was captured short ({incl} of {orig} bytes)")
        frames.append(data[at:at + incl])
        at += incl
    return frames


def transport(frame, where):
    """(protocol, transport header and payload) of an Ethernet / IPv4 frame,
    cut to the IPv4 total length."""
    if len(frame) < 14 + 20 or frame[12:14] != b"\x08\x00":
        raise SystemExit(f"{where}: not Ethernet / IPv4")
    ip = frame[14:]
    ihl = (ip[0] & 0x0F) * 4
    total = struct.unpack(">H", ip[2:4])[0]
    if ip[0] >> 4 != 4 or ihl < 20 or total < ihl or total > len(ip):
        raise SystemExit(f"{where}: bad IPv4 header")
    return ip[9], ip[ihl:total]


def slice_of(frame, kind, where):
    if kind == "frame":
        return frame
    protocol, segment = transport(frame, where)
    if kind == "udp":
        if protocol != 17 or len(segment) < 8:
            raise SystemExit(f"{where}: not UDP")
        return segment[8:struct.unpack(">H", segment[4:6])[0]]
    if kind == "tcp":
        if protocol != 6 or len(segment) < 20:
            raise SystemExit(f"{where}: not TCP")
        return segment[(segment[12] >> 4) * 4:]
    raise SystemExit(f"unknown slice {kind}")


def packet_bytes(capture, number, kind, cache):
    path = REPO / capture
    if path not in cache:
        cache[path] = read_pcap(path)
    frames = cache[path]
    where = f"{capture} frame {number}"
    if not 1 <= number <= len(frames):
        raise SystemExit(f"{where}: the capture has {len(frames)} frames")
    data = slice_of(frames[number - 1], kind, where)
    if not data:
        raise SystemExit(f"{where}: nothing in the {kind} slice")
    return data


def as_cpp(name, data):
    """The array as the headers write it: 12 bytes a line."""
    lines = [f"inline constexpr std::uint8_t {name}[{len(data)}] = {{"]
    for i in range(0, len(data), 12):
        lines.append("    " + " ".join(f"0x{b:02x}," for b in data[i:i + 12]))
    lines.append("};")
    return "\n".join(lines)


ARRAY = re.compile(r"inline constexpr std::uint8_t (\w+)\[(\d+)\] = \{([^}]*)\};")


def arrays_in(header):
    """name -> bytes of every array in a bench header."""
    found = {}
    for m in ARRAY.finditer(header.read_text()):
        values = [int(v, 16) for v in re.findall(r"0x([0-9a-fA-F]{2})", m.group(3))]
        if len(values) != int(m.group(2)):
            raise SystemExit(f"{header}: {m.group(1)} declares {m.group(2)} bytes and lists {len(values)}")
        found[m.group(1)] = bytes(values)
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the arrays of bench/*packets.h")
    args = parser.parse_args()
    cache = {}
    failures = 0
    for header, name, capture, number, kind in PACKETS:
        data = packet_bytes(capture, number, kind, cache)
        if not args.check:
            print(f"// {header}: {capture}, frame {number}, {kind} ({len(data)} bytes)")
            print(as_cpp(name, data))
            print()
            continue
        have = arrays_in(REPO / "bench" / header).get(name)
        if have is None:
            print(f"FAIL {header}: no array {name}")
            failures += 1
        elif have != data:
            print(f"FAIL {header}: {name} ({len(have)} bytes) is not {capture} frame {number} {kind} ({len(data)} bytes)")
            failures += 1
        else:
            print(f"ok   {header}: {name} = {capture} frame {number} {kind} ({len(data)} bytes)")
    if args.check:
        # No array in the headers that this table does not account for.
        listed = {(h, n) for h, n, *_ in PACKETS}
        for header in sorted({h for h, *_ in PACKETS}):
            for name in arrays_in(REPO / "bench" / header):
                if (header, name) not in listed:
                    print(f"FAIL {header}: {name} comes from no capture listed here")
                    failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
