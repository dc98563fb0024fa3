"""Captures the Wireshark test writes itself (classic pcap, Ethernet/IPv4/UDP),
so it needs nothing outside the repository: the telemetry protocol of
telemetry.mpl, whose expected field values are returned, and DNS messages,
which mpldump decodes as the reference."""
import struct


def _checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def udp_frame(payload, sport, dport):
    """An Ethernet frame holding an IPv4 datagram from 127.0.0.1 to 127.0.0.2."""
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0x4000, 64, 17, 0,
                     bytes([127, 0, 0, 1]), bytes([127, 0, 0, 2]))
    ip = ip[:10] + struct.pack("!H", _checksum(ip)) + ip[12:]
    return bytes([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]) + b"\x08\x00" + ip + udp


def write_pcap(path, frames):
    with open(path, "wb") as out:
        out.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for index, frame in enumerate(frames):
            out.write(struct.pack("<IIII", 1700000000 + index, 0, len(frame), len(frame)))
            out.write(frame)


# ---------------------------------------------------------------- telemetry

PRIORITY = [(0, 0, "Low"), (1, 5, "Normal"), (6, 7, "Urgent")]
RECORD_TYPE = [(1, 1, "Name"), (2, 2, "Temperature"), (3, 3, "Route"), (0x80, 0xFF, "Vendor")]


def _label(table, value):
    for low, high, name in table:
        if low <= value <= high:
            return name
    return None


class Message:
    """Bytes and the (name, value, label) of every field, in wire order."""

    def __init__(self):
        self.data = bytearray()
        self.fields = []

    def put(self, name, raw, value, label=None):
        self.data += raw
        self.fields.append((name, value, label))

    def case(self, name, label):
        self.fields.append((name, label, None))


def telemetry(version, ack, priority, sequence, device, uptime, offset_ms, readings, records):
    m = Message()
    m.put("magic", b"TM", b"TM")
    m.put("version", bytes([version]), version)
    m.put("ack", struct.pack("!H", ack << 15 | priority << 12 | sequence), ack)
    m.fields.append(("priority", priority, _label(PRIORITY, priority)))
    m.fields.append(("sequence", sequence, None))
    m.put("device", struct.pack("!I", device), device)
    if ack:
        m.case("ack_case", "Acked")
        m.put("acked_sequence", struct.pack("!H", sequence - 1), sequence - 1)
    else:
        m.case("ack_case", "Fresh")
    m.put("uptime", struct.pack("<Q", uptime), uptime)
    m.put("offset_ms", struct.pack("<h", offset_ms), offset_ms)
    m.put("reading_count", bytes([len(readings)]), len(readings))
    for sensor, value, quality in readings:
        m.put("sensor", struct.pack("!H", sensor), sensor)
        m.put("value", struct.pack("<I", value), value)
        if version == 2:
            m.case("version_case", "WithQuality")
            m.put("quality", bytes([quality]), quality)
        else:
            m.case("version_case", "Plain")
    for kind, body in records:
        body_message = Message()
        if kind == 1:
            body_message.case("type_case", "Name")
            body_message.put("name", body, body)
        elif kind == 2 and len(body) == 4:
            body_message.case("type_case", "Temperature")
            body_message.put("celsius_x100", body, struct.unpack("<I", body)[0])
        elif kind == 3:
            body_message.case("type_case", "Route")
            for hop, last in body:
                body_message.put("hop", struct.pack("!H", hop), hop)
                body_message.put("last", bytes([last]), last)
        elif kind >= 0x80:
            body_message.case("type_case", "Vendor")
            vendor, data = body
            body_message.put("vendor_id", struct.pack("!I", vendor), vendor)
            body_message.put("data", data, data)
        else:
            body_message.case("type_case", "Unknown")
            body_message.put("data", body, body)
        m.put("type", bytes([kind]), kind, _label(RECORD_TYPE, kind))
        m.put("length", struct.pack("!H", len(body_message.data)), len(body_message.data))
        m.data += body_message.data
        m.fields += body_message.fields
    return m


def write_telemetry(path, port):
    """Writes the capture; returns frame number -> [{"fields": [...], "malformed": bool}]."""
    good = [
        telemetry(1, 0, 0, 1, 0xDEADBEEF, 5, 0, [], []),
        telemetry(2, 1, 3, 0xABC, 7, 0x0123456789AB, -32768,
                  [(1, 2500, 9), (2, 0xFFFFFFFF, 0)],
                  [(1, b"probe-7"), (2, struct.pack("<I", 2215)), (3, [(10, 0), (11, 0), (12, 1)]),
                   (0x90, (0x00C0FFEE, b"\x01\x02\x03")), (7, b"\xff"), (2, b"\x01\x02\x03"), (1, b"")]),
        telemetry(1, 1, 7, 4095, 0, 2 ** 64 - 1, -1, [(0xFFFF, 0, 0)], [(3, [(1, 1)])]),
    ]
    frames, expected = [], {}
    for m in good:
        frames.append(udp_frame(bytes(m.data), 40000, port))
        expected[len(frames)] = [{"fields": m.fields, "malformed": False}]
    # Rejected: cut short, wrong magic, a version above max(2), a route hop
    # whose `last` is above max(1), a record longer than the datagram.
    whole = bytes(good[1].data)
    bad = [whole[:30], b"XM" + whole[2:], whole[:2] + b"\x03" + whole[3:],
           bytes(telemetry(1, 0, 0, 1, 1, 1, 1, [], [(3, [(5, 2)])]).data),
           bytes(telemetry(1, 0, 0, 1, 1, 1, 1, [], []).data) + b"\x01\x00\x09ab"]
    for data in bad:
        frames.append(udp_frame(data, 40000, port))
        expected[len(frames)] = [{"fields": [], "malformed": True}]
    write_pcap(path, frames)
    return expected


# ---------------------------------------------------------------- DNS

def dns_name(text):
    if text == ".":
        return b"\0"
    out = b""
    for label in text.split("."):
        out += bytes([len(label)]) + label.encode("latin-1")
    return out + b"\0"


def dns_rr(name, rtype, rdata, rclass=1, ttl=300):
    return name + struct.pack("!HHIH", rtype, rclass, ttl, len(rdata)) + rdata


def write_dns(path):
    """DNS messages over UDP port 53: a query, a response using most typed
    records and compression pointers, an unusual label, and one cut short."""
    question = dns_name("example.com") + struct.pack("!HH", 1, 1)
    query = struct.pack("!HHHHHH", 0x1234, 0x0100, 1, 0, 0, 1) + question + \
        b"\0" + struct.pack("!HHBBHH", 41, 1232, 0, 0, 0x8000, 12) + struct.pack("!HH", 10, 8) + b"\x01" * 8
    pointer = b"\xc0\x0c"  # example.com, at offset 12
    answers = [
        dns_rr(pointer, 1, bytes([93, 184, 216, 34])),
        dns_rr(pointer, 28, bytes.fromhex("20010db8000000000000000000000001")),
        dns_rr(b"\x03www" + pointer, 5, pointer),
        dns_rr(pointer, 15, struct.pack("!H", 10) + b"\x04mail" + pointer),
        dns_rr(pointer, 16, b"\x05hello\x00\x05world"),
        dns_rr(pointer, 33, struct.pack("!HHH", 1, 2, 5060) + dns_name("sip.example.com")),
        dns_rr(pointer, 99, b"\x03v=1"),
        dns_rr(pointer, 257, b"\x00\x05issueca.example"),
        dns_rr(pointer, 65280, b"\xde\xad"),
    ]
    authority = [dns_rr(pointer, 6, b"\x02ns" + pointer + b"\x05admin" + pointer + struct.pack("!IIIII", 1, 2, 3, 4, 5))]
    response = struct.pack("!HHHHHH", 0x1234, 0x8580, 1, len(answers), len(authority), 0) + question + \
        b"".join(answers) + b"".join(authority)
    odd = struct.pack("!HHHHHH", 7, 0x2800, 1, 0, 0, 0) + b"\x04a.b \x00" + struct.pack("!HH", 255, 255)
    frames = [udp_frame(query, 40001, 53), udp_frame(response, 53, 40001), udp_frame(odd, 40002, 53),
              udp_frame(response[:60], 53, 40001),
              udp_frame(struct.pack("!HHHHHH", 9, 0, 1, 0, 0, 0) + b"\xc0\x0c" + struct.pack("!HH", 1, 1), 40003, 53)]
    write_pcap(path, frames)


# ---------------------------------------------------------------- SSH

def _ssh_string(data):
    return struct.pack("!I", len(data)) + data


def write_ssh(path, port):
    """Single SSH messages (specs/ssh.mpl's ssh_message, kex = 0) in UDP
    datagrams, for the name-list and mpint helpers; returns what
    write_telemetry returns."""
    frames, expected = [], {}

    def add(data, fields, malformed=False):
        frames.append(udp_frame(data, 40000, port))
        expected[len(frames)] = [{"fields": [] if malformed else fields, "malformed": malformed}]

    lists = [b"curve25519-sha256,diffie-hellman-group14-sha256", b"ssh-ed25519", b"aes128-ctr", b"aes128-ctr",
             b"hmac-sha2-256", b"hmac-sha2-256", b"none,zlib@openssh.com", b"none", b"", b""]
    names = ["kex_algorithms", "server_host_key_algorithms", "encryption_algorithms_client_to_server",
             "encryption_algorithms_server_to_client", "mac_algorithms_client_to_server",
             "mac_algorithms_server_to_client", "compression_algorithms_client_to_server",
             "compression_algorithms_server_to_client", "languages_client_to_server", "languages_server_to_client"]
    cookie = bytes(range(16))
    kexinit = bytes([20]) + cookie + b"".join(_ssh_string(x) for x in lists) + b"\x00" + struct.pack("!I", 0)
    add(kexinit, [("message_number", 20, "KexInit"), ("message_number_case", "KexInit", None), ("cookie", cookie, None)]
        + [(n, x.decode(), None) for n, x in zip(names, lists)]
        + [("first_kex_packet_follows", 0, None), ("reserved", 0, None)])
    for e in (b"", b"\x00\x80\x01", b"\x7f\xff", b"\xff\x01"):
        add(bytes([30]) + _ssh_string(e),
            [("message_number", 30, None), ("message_number_case", "KexdhInit", None), ("e", e.hex(), None)])
    add(bytes([1]) + struct.pack("!I", 11) + _ssh_string(b"bye") + _ssh_string(b"en"),
        [("message_number", 1, "Disconnect"), ("message_number_case", "Disconnect", None),
         ("reason_code", 11, "ByApplication"), ("description_length", 3, None), ("description", b"bye", None),
         ("language_length", 2, None), ("language", b"en", None)])
    # Rejected: an empty name, a name with a space, a non-minimal mpint.
    add(bytes([20]) + cookie + _ssh_string(b"a,,b") + kexinit[17 + 4 + len(lists[0]):], None, True)
    add(bytes([20]) + cookie + _ssh_string(b"a b") + kexinit[17 + 4 + len(lists[0]):], None, True)
    add(bytes([30]) + _ssh_string(b"\x00\x01"), None, True)
    write_pcap(path, frames)
    return expected
