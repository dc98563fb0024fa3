#!/usr/bin/python3
"""mpldump's command line and inputs, on the captures of tests/captures.

usage: cli_test.py MPLDUMP CAPTURES_DIR

1. Usage errors: exit 2 and a message starting "mpldump: ", naming the known
   protocols for an unknown --decode-as protocol.
2. `-r -` from a pipe gives the same output and status as the file, for
   every pcap and pcapng capture, text and JSON; a truncated capture read
   from a pipe prints the good frames, then the error, exit 1.
3. Frames from a pipe are printed as they arrive (the first frame before
   the writer sends the second), and `-c` ends a pipe that never closes.
4. `-c`, BPF filters (-f and trailing words) on files.
5. `--decode-as` on copies of dns.pcap and bgp.pcap whose ports the test
   rewrites to non-standard ones.
6. A record longer than mpldump's bound is an error, not a huge buffer.
"""
import json
import os
import select
import struct
import subprocess
import sys
import tempfile
import time

from tally import check, finish

MPLDUMP, CAPTURES = sys.argv[1], sys.argv[2]


def run(args, stdin=None):
    return subprocess.run([MPLDUMP] + args, input=stdin, capture_output=True, timeout=120)


def layers(out, protocol):
    found = []
    for line in out.decode().splitlines():
        found += [l for l in json.loads(line)["layers"] if l["protocol"] == protocol]
    return found


captures = sorted(f for f in os.listdir(CAPTURES) if f.endswith((".pcap", ".pcapng")))
check(any(f.endswith(".pcapng") for f in captures) and any(f.endswith(".pcap") for f in captures),
      "tests/captures has pcap and pcapng captures")
dns_path = os.path.join(CAPTURES, "dns.pcap")
dns = open(dns_path, "rb").read()

# ---- 1. usage errors
for args, needle in ((["-d", "53:foo", dns_path], b"known: dns, dhcp, bgp, ssh, 9p"),
                     (["-d", "udp.port==99,bgp", dns_path], b"bgp over TCP only"),
                     (["-d", "tcp.port==99,dhcp", dns_path], b"dhcp over UDP only"),
                     (["-d", "0:dns", dns_path], b"1..65535"),
                     (["-d", "tcp.port==53", dns_path], b"tcp.port==PORT,PROTOCOL"),
                     (["-d", "53", dns_path], b"PORT:PROTOCOL"),
                     (["--9p-port", "70000", dns_path], b"--9p-port"),
                     (["-f", "tcp[", dns_path], b"bad filter 'tcp['"),
                     ([dns_path, "udp", "port"], b"bad filter"),
                     (["-f", "udp", dns_path, "tcp"], b"both with -f"),
                     (["-r", dns_path, "-i", "lo"], b"excludes"),
                     (["-c", "0", dns_path], b"-c needs"),
                     (["-c", "-3", dns_path], b"-c needs"),
                     (["--bogus", dns_path], b"--bogus"),
                     ([], b"no input")):
    r = run(args)
    check(r.returncode == 2 and r.stderr.startswith(b"mpldump: ") and needle in r.stderr,
          f"{args}: exit 2 with a message containing {needle!r}, got {r.returncode} {r.stderr[:200]!r}")
r = run(["--help"])
check(r.returncode == 0 and b"--decode-as" in r.stdout and b"-r FILE" in r.stdout, "--help lists the options")

# ---- 2. -r - equals the file
for name in captures:
    path = os.path.join(CAPTURES, name)
    data = open(path, "rb").read()
    for mode in (["--json"], []):
        from_file = run(mode + [path])
        from_r = run(mode + ["-r", path])
        from_pipe = run(mode + ["-r", "-"], stdin=data)
        check(from_file.returncode == 0 and from_file.stdout, f"{name} {mode}: decodes, exit {from_file.returncode}")
        check(from_pipe.stdout == from_file.stdout and from_pipe.returncode == from_file.returncode,
              f"{name} {mode}: -r - differs from the file")
        check(from_r.stdout == from_file.stdout, f"{name} {mode}: -r FILE differs from CAPTURE")
for cut in (30, len(dns) // 2, len(dns) - 3):
    from_file = None
    with tempfile.NamedTemporaryFile(suffix=".pcap") as t:
        t.write(dns[:cut])
        t.flush()
        from_file = run([t.name])
    from_pipe = run(["-r", "-"], stdin=dns[:cut])
    check(from_pipe.returncode == 1 and from_file.returncode == 1, f"dns.pcap cut at {cut}: exit 1")
    check(from_pipe.stdout == from_file.stdout, f"dns.pcap cut at {cut}: -r - prints other frames than the file")
    check(from_pipe.stderr.split(b": ", 2)[2:] == from_file.stderr.split(b": ", 2)[2:] and b"at byte" in from_pipe.stderr,
          f"dns.pcap cut at {cut}: error differs: {from_pipe.stderr!r} vs {from_file.stderr!r}")

# ---- 3. streaming: the first frame is printed before the second is written
incl = struct.unpack_from("<I", dns, 24 + 8)[0]
first = dns[:24 + 16 + incl]


def read_line(proc, deadline):
    line = b""
    while not line.endswith(b"\n") and time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            break
        byte = os.read(proc.stdout.fileno(), 1)
        if not byte:
            break
        line += byte
    return line


proc = subprocess.Popen([MPLDUMP, "--json", "-r", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE)
try:
    proc.stdin.write(first)
    proc.stdin.flush()
    line = read_line(proc, time.monotonic() + 10)
    check(line.startswith(b'{"frame": 1'), f"streaming: frame 1 printed before more input, got {line[:80]!r}")
    proc.stdin.write(dns[len(first):])
    proc.stdin.close()
    proc.stdin = None  # closed: communicate() only reads
    out, _ = proc.communicate(timeout=30)
    check(proc.returncode == 0 and len(out.splitlines()) + 1 == len(run(["--json", dns_path]).stdout.splitlines()),
          "streaming: the rest of the frames follow")
finally:
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=10)

# -c ends a pipe that stays open: the writer never closes it.
stdin = None
proc = subprocess.Popen([MPLDUMP, "-c", "2", "-r", "-"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE)
try:
    proc.stdin.write(dns)
    proc.stdin.flush()
    stdin, proc.stdin = proc.stdin, None  # kept open: communicate() must not close it
    out, _ = proc.communicate(timeout=30)
    check(proc.returncode == 0 and len(out.splitlines()) == 2,  # one summary line per frame
          f"-c 2 on an open pipe: exit {proc.returncode}, output {out[:200]!r}")
except subprocess.TimeoutExpired:
    check(False, "-c 2 on an open pipe: mpldump did not stop")
finally:
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=10)
    if stdin is not None:
        stdin.close()

# ---- 4. -c and filters on files
all_frames = [json.loads(l) for l in run(["--json", dns_path]).stdout.splitlines()]
for n in (1, 3, len(all_frames) + 5):
    r = run(["--json", "-c", str(n), dns_path])
    got = [json.loads(l) for l in r.stdout.splitlines()]
    check(r.returncode == 0 and got == all_frames[:n], f"-c {n}: the first {n} frames")


def port_53(frame):
    return any(l["protocol"] == "udp" and 53 in (l["fields"].get("source_port"), l["fields"].get("destination_port"))
               for l in frame["layers"])


expected = [f for f in all_frames if port_53(f)]
check(0 < len(expected) < len(all_frames), "dns.pcap has frames on and off UDP port 53")
for args in (["-f", "udp port 53", dns_path], [dns_path, "udp", "port", "53"], ["-r", dns_path, "udp port 53"]):
    r = run(["--json"] + args)
    check(r.returncode == 0 and [json.loads(l) for l in r.stdout.splitlines()] == expected,
          f"{args}: the frames on UDP port 53")
r = run(["--json", "-c", "2", "-f", "udp port 53", dns_path])
check([json.loads(l) for l in r.stdout.splitlines()] == expected[:2], "-c counts the frames the filter passes")

# ---- 5. --decode-as on rewritten ports


def rewrite_ports(data, old, new, protocols):
    """A copy of an Ethernet/IPv4 pcap with `old` ports replaced by `new`
    (UDP checksums zeroed, which RFC 768 reads as none)."""
    out = bytearray(data)
    offset = 24
    while offset + 16 <= len(out):
        incl = struct.unpack_from("<I", out, offset + 8)[0]
        frame = offset + 16
        if struct.unpack_from(">H", out, frame + 12)[0] == 0x0800 and out[frame + 14 + 9] in protocols:
            ip = frame + 14
            l4 = ip + (out[ip] & 15) * 4
            for pos in (l4, l4 + 2):
                if struct.unpack_from(">H", out, pos)[0] == old:
                    struct.pack_into(">H", out, pos, new)
            if out[frame + 14 + 9] == 17:
                struct.pack_into(">H", out, l4 + 6, 0)
        offset = frame + incl
    return bytes(out)


# dns.pcap has DNS over UDP and over TCP: both move.
for name, old, new, protocols, proto_name, forms in (
        ("dns.pcap", 53, 5300, (6, 17), "dns", [["-d", "5300:dns"],
                                                 ["-d", "udp.port==5300,dns", "--decode-as", "tcp.port==5300,dns"]]),
        ("bgp.pcap", 179, 1790, (6,), "bgp", [["-d", "1790:bgp"], ["--decode-as", "tcp.port==1790,bgp"]])):
    data = open(os.path.join(CAPTURES, name), "rb").read()
    original = layers(run(["--json", "-r", "-"], stdin=data).stdout, proto_name)
    moved = rewrite_ports(data, old, new, protocols)
    check(len(original) > 0, f"{name}: has {proto_name} layers")
    check(layers(run(["--json", "-r", "-"], stdin=moved).stdout, proto_name) == [],
          f"{name} on port {new}: no {proto_name} without --decode-as")
    for form in forms:
        got = layers(run(["--json"] + form + ["-r", "-"], stdin=moved).stdout, proto_name)
        check(got == original, f"{name} on port {new} with --decode-as {form}: {len(got)} layers, "
                               f"{len(original)} on port {old}")
# A rule wins over the default port: UDP port 53 read as DHCP gives dhcp
# layers and no DNS over UDP (DNS over TCP stays).
r = run(["--json", "-d", "udp.port==53,dhcp", dns_path])
protocols = [[l["protocol"] for l in json.loads(line)["layers"]] for line in r.stdout.splitlines()]
check(not any("udp" in p and "dns" in p for p in protocols) and any("udp" in p and "dhcp" in p for p in protocols)
      and any("tcp" in p and "dns" in p for p in protocols), "-d udp.port==53,dhcp overrides DNS over UDP only")

# ---- 6. a record longer than the bound
huge = bytearray(dns[:24 + 16])
struct.pack_into("<I", huge, 24 + 8, 0x7FFFFFF0)
r = run(["-r", "-"], stdin=bytes(huge))
check(r.returncode == 1 and b"larger than mpldump's bound" in r.stderr, f"a 2 GiB record: {r.stderr!r}")

finish()
