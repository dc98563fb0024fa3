#!/usr/bin/python3
"""mpldump -i: live capture on the loopback of a network namespace of its own.

usage: live_test.py MPLDUMP   (as root; exit 77, skipped, otherwise)

1. `mpldump --json -i lo -c N 'udp port 53'` while DNS queries go to
   127.0.0.1:53 one by one until mpldump stops: it exits 0 after exactly N
   frames, each a DNS query this test sent (its id and name), and reports
   the captured count on stderr.
2. Without -c, SIGTERM and SIGINT end the capture with status 0 and the
   counts on stderr.
Every process is stopped by PID and every wait is bounded; the namespace is
deleted at the end.
"""
import json
import os
import signal
import struct
import subprocess
import sys
import time

from tally import check, finish

MPLDUMP = sys.argv[1]
N = 3
if os.geteuid() != 0:
    print("skipped: live capture in a network namespace needs root")
    sys.exit(77)
NS = f"mpldump-live-{os.getpid()}"
if subprocess.run(["ip", "netns", "add", NS], capture_output=True, timeout=30).returncode != 0:
    print("skipped: ip netns is not available")
    sys.exit(77)



def in_ns(args):
    return ["ip", "netns", "exec", NS] + args


# Sends one DNS query for NAME with id ID to 127.0.0.1:53 from inside the
# namespace (nothing answers; the ICMP unreachable is not 'udp port 53').
SENDER = """
import socket, struct, sys
qid, name = int(sys.argv[1]), sys.argv[2]
q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
q += b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\\0" + struct.pack(">HH", 1, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(q, ("127.0.0.1", 53))
"""


def send_until_exit(proc, ids, name, deadline):
    """Sends queries every 0.2 s until proc exits or the deadline passes."""
    while proc.poll() is None and time.monotonic() < deadline:
        qid = 4000 + len(ids)
        ids.append(qid)
        subprocess.run(in_ns(["/usr/bin/python3", "-c", SENDER, str(qid), name]), timeout=30)
        time.sleep(0.2)


def stop(proc):
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=10)


try:
    subprocess.run(in_ns(["ip", "link", "set", "lo", "up"]), check=True, timeout=30)

    # ---- 1. -c N with a filter
    proc = subprocess.Popen(in_ns([MPLDUMP, "--json", "-i", "lo", "-c", str(N), "udp port 53"]),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    ids = []
    try:
        send_until_exit(proc, ids, "live.example", time.monotonic() + 30)
        out, err = proc.communicate(timeout=30)
    finally:
        stop(proc)
    check(proc.returncode == 0, f"-c {N}: exit {proc.returncode}, stderr {err[:300]!r}")
    frames = [json.loads(line) for line in out.decode().splitlines()]
    check(len(frames) == N, f"-c {N}: {len(frames)} frames")
    for frame in frames:
        dns = [l for l in frame["layers"] if l["protocol"] == "dns"]
        udp = [l for l in frame["layers"] if l["protocol"] == "udp"]
        check(len(dns) == 1 and "error" not in dns[0], f"frame {frame.get('frame')}: one DNS layer: {frame}")
        if dns and udp:
            f = dns[0]["fields"]
            check(udp[0]["fields"].get("destination_port") == 53, f"frame {frame['frame']}: to port 53")
            check(f.get("id") in ids, f"frame {frame['frame']}: id {f.get('id')} is one the test sent {ids}")
            qname = (f.get("questions") or [{}])[0].get("qname")
            check(qname == "live.example", f"frame {frame['frame']}: qname {f}")
    check(f"{N} packets captured".encode() in err, f"-c {N}: stderr reports the count: {err!r}")

    # ---- 2. SIGTERM and SIGINT end an unbounded capture cleanly
    for sig in (signal.SIGTERM, signal.SIGINT):
        proc = subprocess.Popen(in_ns([MPLDUMP, "-i", "lo", "udp port 53"]), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        try:
            time.sleep(1.0)  # the capture opens; frames before that are not counted
            ids = []
            for _ in range(2):
                send_until_exit(proc, ids, "signal.example", time.monotonic() + 0.1)
            proc.send_signal(sig)
            out, err = proc.communicate(timeout=30)
        finally:
            stop(proc)
        check(proc.returncode == 0, f"{sig.name}: exit {proc.returncode}, stderr {err[:300]!r}")
        check(b"packets captured" in err and b"packets dropped by kernel" in err, f"{sig.name}: counts: {err!r}")
        captured = len(out.splitlines())  # one summary line per frame
        check(captured >= 1, f"{sig.name}: the queries sent were printed: {out[:300]!r}")
        check(f"{captured} packets captured".encode() in err, f"{sig.name}: {captured} frames printed, stderr {err!r}")
finally:
    subprocess.run(["ip", "netns", "del", NS], timeout=30)

finish()
