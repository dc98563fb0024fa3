#!/usr/bin/python3
"""Hostile clients against a running ssh_server, before key exchange (the
plaintext phase, where a client needs no cryptography): each sends one kind
of bad input and must see the connection end, with a DISCONNECT naming the
reason where the server can still send one. Usage: hostile.py PORT.
Exit 0 when every case ended as expected, 1 otherwise."""
import socket
import struct
import sys
import time

PORT = int(sys.argv[1])
TIMEOUT = 20.0


def packet(payload, block=8):
    pad = block - (5 + len(payload)) % block
    if pad < 4:
        pad += block
    return struct.pack(">IB", 1 + len(payload) + pad, pad) + payload + b"\0" * pad


def name_list(text):
    return struct.pack(">I", len(text)) + text


def run(name, attack, expect_disconnect=True, send_version=True):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=TIMEOUT)
    if send_version:
        s.sendall(b"SSH-2.0-hostile_test\r\n")
    s.sendall(attack)
    data = b""
    deadline = time.monotonic() + TIMEOUT
    ended = False
    while time.monotonic() < deadline:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            ended = True
            break
        except socket.timeout:
            break
        if not chunk:
            ended = True
            break
        data += chunk
    s.close()
    if not ended:
        print(f"FAIL {name}: the server kept the connection open")
        return False
    # The server's version line, then plaintext packets: KEXINIT, perhaps DISCONNECT.
    reason = None
    if b"\r\n" in data:
        rest = data[data.index(b"\r\n") + 2:]
        while len(rest) >= 5:
            length, pad = struct.unpack(">IB", rest[:5])
            payload = rest[5:4 + length - pad]
            if payload[:1] == b"\x01" and len(payload) >= 9:
                n = struct.unpack(">I", payload[5:9])[0]
                reason = payload[9:9 + n].decode(errors="replace")
            rest = rest[4 + length:]
    if expect_disconnect and reason is None:
        print(f"FAIL {name}: closed without a DISCONNECT")
        return False
    print(f"ok   {name}: {'DISCONNECT: ' + reason if reason else 'closed'}")
    return True


empty_kexinit = b"\x14" + b"\x11" * 16 + name_list(b"") * 10 + b"\x00" + b"\x00\x00\x00\x00"
cases = [
    ("not an SSH version line", b"HELLO THERE\r\n", False, False),
    ("version line over 255 bytes", b"SSH-2.0-" + b"x" * 400, False, False),
    ("garbage after the version line", b"\xff" * 64, True, True),
    ("packet length 2^31", struct.pack(">I", 1 << 31) + b"\0" * 60, True, True),
    ("packet length below the minimum", struct.pack(">I", 1) + b"\0" * 60, True, True),
    ("padding shorter than 4 bytes", struct.pack(">IB", 12, 2) + b"\x02" + b"\0" * 10, True, True),
    ("length not a multiple of the block", struct.pack(">IB", 13, 4) + b"\x02" + b"\0" * 11, True, True),
    ("KEXINIT with empty name-lists", packet(empty_kexinit), True, True),
    ("service request before key exchange", packet(b"\x05" + name_list(b"ssh-userauth")), True, True),
    ("truncated message inside a packet", packet(b"\x14\x00"), True, True),
]
ok = all([run(n, a, d, v) for n, a, d, v in cases])
sys.exit(0 if ok else 1)
