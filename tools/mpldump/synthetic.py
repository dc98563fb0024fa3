"""Small synthetic captures for the mpldump tests: Ethernet/IPv4/TCP frames
in a classic pcap file."""

import struct


def checksum(data):
    """The Internet checksum (RFC 1071) of `data`."""
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xffff) + (total >> 16)
    return ~total & 0xffff


def tcp_frame(sport, dport, seq, payload, ack=0):
    """An Ethernet frame holding one TCP segment (PSH|ACK, acknowledging
    `ack`). The side with the higher port is 10.0.0.1, the other 10.0.0.2."""
    tcp = struct.pack(">HHIIBBHHH", sport, dport, seq, ack, 5 << 4, 0x18, 65535, 0, 0) + payload
    client, server = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])
    src, dst = (client, server) if sport > dport else (server, client)
    ip = struct.pack(">BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0, src, dst) + tcp
    return b"\x02" * 6 + b"\x04" * 6 + b"\x08\x00" + ip


def pcap_of(frames):
    """A microsecond pcap file of Ethernet frames, one second apart."""
    out = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1)
    for i, f in enumerate(frames):
        out += struct.pack("<IIII", 1000 + i, 0, len(f), len(f)) + f
    return out
