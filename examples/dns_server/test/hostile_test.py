#!/usr/bin/python3
"""Malformed queries and hostile clients against dns_server.

Crafted queries (every truncation of a valid one, compression loops and
forward pointers, counts that lie, long labels, responses, unknown opcodes)
get FORMERR/NOTIMP with the query's id, or no answer; a flood of random
datagrams; over TCP a 64 KB frame of garbage, a zero-length frame, a slow
client dribbling a frame byte by byte, and more connections than the bound.
After each part the server must still answer a normal query over UDP and
TCP; at the end its memory must be bounded and SIGTERM must stop it with
status 0. Every loop is bounded in count and time.

Usage: hostile_test.py DNS_SERVER ZONES_DIR
"""
import os
import random
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_util as util  # noqa: E402

FORMERR, NOTIMP = 1, 4


def name(text):
    return b"".join(bytes([len(l)]) + l.encode() for l in text.split(".")) + b"\0"


def query(qid=0x4242, qname="www.example.test", qtype=1, flags=0, counts=(1, 0, 0, 0), tail=b""):
    return struct.pack("!HHHHHH", qid, flags, *counts) + name(qname) + struct.pack("!HH", qtype, 1) + tail


def udp_ask(port, data, timeout=2.0):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(timeout)
        s.sendto(data, ("127.0.0.1", port))
        try:
            return s.recv(65535)
        except socket.timeout:
            return None


def recv_exact(s, n):
    data = b""
    while len(data) < n:
        chunk = s.recv(n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def tcp_ask(port, data, timeout=5.0):
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(struct.pack("!H", len(data)) + data)
        head = recv_exact(s, 2)
        return recv_exact(s, struct.unpack("!H", head)[0]) if head else None


def still_answers(port, problems, when, attempts=10):
    """A normal query answered over UDP and TCP. UDP may lose a datagram
    while the server drains a flood from its socket buffer, so it gets
    several tries (bounded: at most `attempts` x 2 s)."""
    for via, ask in (("udp", udp_ask), ("tcp", tcp_ask)):
        good = False
        for _ in range(attempts if via == "udp" else 1):
            try:
                r = ask(port, query(qid=0x7777))
            except OSError:
                r = None
            good = r is not None and r[:2] == b"\x77\x77" and struct.unpack("!H", r[6:8])[0] == 2
            if good:
                break
        if not good:
            problems.append(f"after {when}: no good answer over {via}")


def rcode(r):
    return r[3] & 0x0F


def crafted(port, problems):
    valid = query()
    # Every truncation: no answer below 12 bytes, FORMERR with the id above.
    for n in range(len(valid)):
        r = udp_ask(port, valid[:n], timeout=0.5 if n < 12 else 2.0)
        if n < 12 and r is not None:
            problems.append(f"{n}-byte query answered")
        if n >= 12 and (r is None or r[:2] != valid[:2] or rcode(r) != FORMERR):
            problems.append(f"query cut to {n} bytes: {r!r}")
    header = struct.pack("!HHHHHH", 0x4242, 0, 1, 0, 0, 0)
    cases = {
        "pointer to itself": header + b"\xc0\x0c\x00\x01\x00\x01",
        "pointer forward": header + b"\xc0\x10\x00\x01\x00\x01\x03www\x00",
        "pointer into the header": header + b"\xc0\x02\x00\x01\x00\x01",
        "label of 64 bytes": header + b"\x40" + b"a" * 64 + b"\x00\x00\x01\x00\x01",
        "reserved label type": header + b"\x80abc\x00\x00\x01\x00\x01",
        "name over 255 bytes": header + (b"\x3f" + b"a" * 63) * 4 + b"\x00\x00\x01\x00\x01",
        "two questions announced, one sent": query(counts=(2, 0, 0, 0)),
        "no question": struct.pack("!HHHHHH", 0x4242, 0, 0, 0, 0, 0),
        "answer count that lies": query(counts=(1, 5, 0, 0)),
        "additional count that lies": query(counts=(1, 0, 0, 3)),
        "two OPT records": query(counts=(1, 0, 0, 2), tail=(b"\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00") * 2),
        "OPT with an option running past its data": query(counts=(1, 0, 0, 1),
                                                          tail=b"\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x04\x00\x0a\x00\x09"),
    }
    for what, data in cases.items():
        r = udp_ask(port, data)
        if r is None or r[:2] != b"\x42\x42" or rcode(r) != FORMERR or not r[2] & 0x80:
            problems.append(f"{what}: expected FORMERR, got {r!r}")
    r = udp_ask(port, query(flags=2 << 11))  # opcode STATUS
    if r is None or rcode(r) != NOTIMP:
        problems.append(f"opcode STATUS: expected NOTIMP, got {r!r}")
    if udp_ask(port, query(flags=0x8000), timeout=0.5) is not None:
        problems.append("a response (QR=1) was answered")


def flood(port, seconds=4.0, count=30000):
    rng = random.Random(20)
    end = time.monotonic() + seconds
    sent = 0
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.setblocking(False)
        while sent < count and time.monotonic() < end:
            data = rng.randbytes(rng.randrange(0, 700))
            if rng.random() < 0.5 and len(data) >= 12:
                data = query(qid=rng.randrange(65536))[:12] + data[12:]  # a plausible header
            try:
                s.sendto(data, ("127.0.0.1", port))
                sent += 1
            except BlockingIOError:
                time.sleep(0.001)
            try:
                while s.recv(65535):
                    pass
            except BlockingIOError:
                pass
    return sent


def tcp_hostile(port, problems):
    # 64 KB frame of garbage: FORMERR or a closed connection, never a hang.
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"\xff\xff" + bytes(random.Random(1).randbytes(65535)))
        try:
            head = recv_exact(s, 2)
            if head is not None:
                body = recv_exact(s, struct.unpack("!H", head)[0])
                if body is None or rcode(body) != FORMERR:
                    problems.append(f"64 KB garbage frame: {body!r}")
        except socket.timeout:
            problems.append("64 KB garbage frame: no answer and not closed")
    # A zero-length frame is a framing error: the connection is closed.
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(b"\x00\x00")
        try:
            if s.recv(10) != b"":
                problems.append("zero-length frame: connection not closed")
        except socket.timeout:
            problems.append("zero-length frame: connection neither closed nor answered")
    # Several queries in one write, answered in order (RFC 7766 §6.2.1).
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        qs = [query(qid=i) for i in (1, 2, 3)]
        s.sendall(b"".join(struct.pack("!H", len(q)) + q for q in qs))
        for i in (1, 2, 3):
            head = recv_exact(s, 2)
            body = recv_exact(s, struct.unpack("!H", head)[0]) if head else None
            if body is None or struct.unpack("!H", body[:2])[0] != i:
                problems.append(f"pipelined query {i}: {body!r}")
    # A slow client holding a half-sent frame does not stop others.
    slow = socket.create_connection(("127.0.0.1", port), timeout=10)
    q = query()
    slow.sendall(struct.pack("!H", len(q)) + q[:5])
    still_answers(port, problems, "a slow client's half frame")
    for b in q[5:]:
        slow.sendall(bytes([b]))
        time.sleep(0.01)
    head = recv_exact(slow, 2)
    if head is None or recv_exact(slow, struct.unpack("!H", head)[0])[:2] != q[:2]:
        problems.append("slow client: its query was not answered")
    slow.close()
    # More connections than the bound (256 per thread): the server keeps
    # answering UDP; the extra clients wait in the backlog.
    conns = []
    for _ in range(600):
        try:
            conns.append(socket.create_connection(("127.0.0.1", port), timeout=2))
        except OSError:
            break
    r = udp_ask(port, query(qid=0x5151))
    if r is None or r[:2] != b"\x51\x51":
        problems.append(f"with {len(conns)} idle TCP connections: UDP not answered")
    for c in conns:
        c.close()


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    server, zones_dir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    zone_args = ["--zone", f"example.test={zones_dir}/example.test.zone", "--zone",
                 f"example.net={zones_dir}/example.net.zone", "--cache", "on", "--threads", "2",
                 "--cache-size", "1024"]
    problems = []
    with util.dns_server(server, zone_args) as (proc, ports):
        port = ports[0]
        still_answers(port, problems, "start")
        crafted(port, problems)
        still_answers(port, problems, "crafted queries")
        sent = flood(port)
        still_answers(port, problems, f"{sent} random datagrams")
        tcp_hostile(port, problems)
        still_answers(port, problems, "hostile TCP clients")
        rss = rss_kb(proc.pid)
        # Two threads' caches of 1024 responses and TCP buffers: far below this.
        if rss > 200 * 1024:
            problems.append(f"resident memory {rss} KB")
        if proc.poll() is not None:
            problems.append(f"dns_server exited with {proc.returncode}")
        print(f"{sent} random datagrams, crafted queries and hostile TCP clients; RSS {rss} KB")
    if util.last_exit_status != 0:
        problems.append(f"dns_server exited with {util.last_exit_status} on SIGTERM")
    for p in problems:
        print("FAIL " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
