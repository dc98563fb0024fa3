#!/usr/bin/python3
"""Differential test: dns_server against NSD on the same zones.

Starts NSD (its own config in a temporary folder, rate limiting off) and
dns_server on free loopback ports, sends both the same few hundred queries
(names x types, EDNS on and off with several sizes, UDP and TCP, case
variations), and compares the responses: rcode, flags and the answer
section as RRsets (TTLs included) must be equal; so must the authority and
additional sections. The one difference docs/dns-server.md explains, ANY
answered with all RRsets against NSD's one (RFC 8482), is counted. Raw
queries (broken, other opcodes and classes, odd bits) must get the same
header from both. Then dig and kdig query dns_server over UDP and TCP.
Both servers are stopped by PID.

Usage: differential_test.py DNS_SERVER ZONES_DIR [DNS_SERVER OPTIONS...]
(e.g. --cache on --threads 2: the same comparison through the answer cache)
Exit 77 (skip) when nsd, dig, kdig or dnspython are not installed.
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import e2e_util as util  # noqa: E402

try:
    import dns.flags
    import dns.message
    import dns.query
    import dns.rcode
    import dns.rdatatype
except ImportError:
    print("SKIP: python3-dnspython is not installed")
    sys.exit(77)

ZONES = {"example.test": "example.test.zone", "example.net": "example.net.zone"}

NAMES = [
    "example.test", "www.example.test", "WwW2.example.test", "alias.example.test", "chain1.example.test",
    "dangling.example.test", "outside.example.test", "loop1.example.test", "txt.example.test",
    "_sip._tcp.example.test", "sip.example.test", "4.2.0.192.in-addr.example.test", "host.example.test",
    "naptr.example.test", "generic.example.test", "x.wild.example.test", "a.b.wild.example.test",
    "wild.example.test", "q.cnamewild.example.test", "a.b.c.deep.example.test", "b.c.deep.example.test",
    "deep.example.test", "x.c.deep.example.test", "sub.example.test", "deeper.sub.example.test",
    "ns.sub.example.test", "other.example.test", "included.example.test", "nope.example.test",
    "ns1.example.test", "mail.example.test", "big.example.test", "example.net", "www.example.net",
    "nothing.example.net", "www.example.org", "2vptu5timamqttgl4luu9kg21e0aor3s.example.test",
]
TYPES = ["A", "AAAA", "NS", "SOA", "MX", "TXT", "CNAME", "SRV", "PTR", "ANY", "DS", "DNSKEY", "CAA", "RRSIG",
         "NSEC", "NSEC3", "NSEC3PARAM", "HINFO", "TYPE65280"]


def flip_case(name):
    return "".join(c.upper() if i % 2 else c for i, c in enumerate(name))


def queries():
    """(name, type, edns payload or None, tcp) for every case compared."""
    out = []
    for name in NAMES:
        for t in TYPES:
            out.append((name, t, None, False))
    # EDNS sizes, TCP and case variations on a subset of names.
    for name in NAMES[::3]:
        for t in ("A", "MX", "TXT", "ANY"):
            out.append((name, t, 1232, False))
            out.append((name, t, 512, False))
            out.append((flip_case(name), t, 4096, True))
    for t in ("TXT", "ANY"):
        out.append(("big.example.test", t, None, True))
        out.append(("big.example.test", t, 600, False))
        out.append(("BIG.example.TEST", t, 1400, False))
    return out


def ask(port, name, rdtype, payload, tcp, version=0):
    q = dns.message.make_query(name, rdtype, use_edns=(version if payload is not None else False),
                               payload=payload or 512)
    q.flags &= ~dns.flags.RD
    send = dns.query.tcp if tcp else dns.query.udp
    kwargs = {} if tcp else {"ignore_trailing": False}
    return send(q, "127.0.0.1", timeout=5, port=port, **kwargs)


def rrsets(section):
    return {(r.name.to_text().lower(), r.rdtype, r.ttl, frozenset(x.to_text().lower() for x in r)) for r in section}


def compare(key, ours, theirs, problems, known):
    name, t, payload, tcp = key
    what = f"{name} {t} edns={payload} {'tcp' if tcp else 'udp'}"
    if ours.rcode() != theirs.rcode():
        problems.append(f"{what}: rcode {dns.rcode.to_text(ours.rcode())} vs NSD {dns.rcode.to_text(theirs.rcode())}")
        return
    if ours.flags != theirs.flags:
        problems.append(f"{what}: flags {dns.flags.to_text(ours.flags)} vs NSD {dns.flags.to_text(theirs.flags)}")
        return
    if (ours.edns >= 0) != (theirs.edns >= 0):
        problems.append(f"{what}: EDNS {ours.edns} vs NSD {theirs.edns}")
    if ours.flags & dns.flags.TC:
        return  # a truncated answer's sections are not compared (docs)
    a, b = rrsets(ours.answer), rrsets(theirs.answer)
    if t == "ANY" and a != b and a and b and (a <= b or b <= a):
        # RFC 8482: either server may answer ANY with some of the RRsets.
        reason = "ANY: NSD answers with one RRset of the name, we with all (RFC 8482)"
        known[reason] = known.get(reason, 0) + 1
        return  # the other sections follow from the RRsets chosen
    if a != b:
        problems.append(f"{what}: answer\n  ours {sorted(a)}\n  NSD  {sorted(b)}")
        return
    for section in ("authority", "additional"):
        x, y = rrsets(getattr(ours, section)), rrsets(getattr(theirs, section))
        if x == y:
            continue
        problems.append(f"{what}: {section}\n  ours {sorted(x)}\n  NSD  {sorted(y)}")


def raw_cases():
    """Queries dnspython would not send: broken ones, odd opcodes, classes
    and bits. Compared by header flags, rcode and section counts."""
    import struct
    from hostile_test import name, query
    header = struct.pack("!HHHHHH", 0x4242, 0, 1, 0, 0, 0)
    opt = b"\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00"
    return {
        "query cut to 20 bytes": query()[:20],
        "query cut to the header": query()[:12],
        "compression loop": header + b"\xc0\x0c\x00\x01\x00\x01",
        "two questions announced, one sent": query(counts=(2, 0, 0, 0)),
        "no question": struct.pack("!HHHHHH", 0x4242, 0, 0, 0, 0, 0),
        "answer count that lies": query(counts=(1, 5, 0, 0)),
        "two OPT records": query(counts=(1, 0, 0, 2), tail=opt * 2),
        "OPT not at the root": query(counts=(1, 0, 0, 1), tail=b"\x01a" + opt),
        "an authority record": query(counts=(1, 0, 1, 0), tail=name("example.test") + struct.pack("!HHIH", 6, 1, 0, 0)),
        "opcode STATUS": query(flags=2 << 11),
        "opcode UPDATE": query(flags=5 << 11),
        "a response (QR=1)": query(flags=0x8000),
        "class CH": header + name("version.bind") + struct.pack("!HH", 16, 3),
        "class ANY": header + name("www.example.test") + struct.pack("!HH", 1, 255),
        "MAILB": query(qtype=253),
        "CD set": query(flags=0x0010),
        "AD set": query(flags=0x0020),
        "Z set": query(flags=0x0040),
        "TC set in a query": query(flags=0x0200),
        "bytes after the message": query() + b"\x00\x00\x00",
    }


def raw_ask(port, data):
    import socket
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(2)
        s.sendto(data, ("127.0.0.1", port))
        try:
            r = s.recv(65535)
        except socket.timeout:
            return None
        return r[:12].hex()  # id, flags, rcode and the four counts


def dig_checks(port, address, problems):
    """dig and kdig, over UDP and TCP, read an answer of dns_server."""
    for tool in ("dig", "kdig"):
        for tcp in (False, True):
            cmd = [tool, f"@{address}", "-p", str(port), "www.example.test", "A", "+norec"] + (["+tcp"] if tcp else [])
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout
            if "NOERROR" not in out or "192.0.2.80" not in out or "192.0.2.81" not in out:
                problems.append(f"{' '.join(cmd)}:\n{out}")
    # A truncated UDP answer makes dig retry over TCP and get it whole.
    out = subprocess.run(["dig", f"@{address}", "-p", str(port), "big.example.test", "TXT", "+noedns"],
                         capture_output=True, text=True, timeout=30).stdout
    if out.count("record 0") != 8:
        problems.append(f"dig big TXT (TC then TCP):\n{out}")


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    server, zones_dir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    extra = sys.argv[3:]
    for tool in ("nsd", "dig", "kdig"):
        if shutil.which(tool) is None and not os.path.exists(f"/usr/sbin/{tool}"):
            print(f"SKIP: {tool} is not installed")
            return 77
    nsd = shutil.which("nsd") or "/usr/sbin/nsd"
    with tempfile.TemporaryDirectory(prefix="dns_server_diff.") as tmp:
        nsd_port = util.free_port()
        with open(f"{tmp}/nsd.conf", "w") as f:
            f.write(util.nsd_config(tmp, zones_dir, nsd_port, ZONES))
        zone_args = [a for o, f in ZONES.items() for a in ("--zone", f"{o}={zones_dir}/{f}")]
        with util.started([nsd, "-d", "-c", f"{tmp}/nsd.conf"], log=f"{tmp}/nsd.out") as nsd_proc, \
                util.dns_server(server, zone_args + extra, listen=util.loopbacks()) as (ours_proc, ports):
            port = ports[0]
            util.wait_answering(nsd_port, nsd_proc, f"{tmp}/nsd.log")
            problems, known = [], {}
            cases = queries()
            for key in cases:
                name, t, payload, tcp = key
                try:
                    ours = ask(port, name, t, payload, tcp)
                except Exception as e:  # a timeout or an unparsable response
                    problems.append(f"{name} {t}: dns_server: {type(e).__name__}: {e}")
                    continue
                theirs = ask(nsd_port, name, t, payload, tcp)
                compare(key, ours, theirs, problems, known)
            for what, data in raw_cases().items():
                a, b = raw_ask(port, data), raw_ask(nsd_port, data)
                if a != b:
                    problems.append(f"{what}: header {a} vs NSD {b}")
            # EDNS version 1: BADVERS from both.
            for tcp in (False, True):
                key = ("www.example.test", "A", 1232, tcp)
                compare(key, ask(port, *key, version=1), ask(nsd_port, *key, version=1), problems, known)
            dig_checks(port, "127.0.0.1", problems)
            if len(ports) > 1:
                dig_checks(ports[1], "::1", problems)
            print(f"{len(cases) + 2 + len(raw_cases())} queries compared with NSD; {len(problems)} disagreements")
            for reason, n in sorted(known.items()):
                print(f"  explained difference ({n}x): {reason}")
            for p in problems[:40]:
                print("FAIL " + p)
            if ours_proc.poll() is not None:
                problems.append("dns_server exited during the test")
        if util.last_exit_status != 0:
            problems.append(f"dns_server exited with {util.last_exit_status} on SIGTERM")
        return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
