#!/usr/bin/env python3
"""Large hostile captures for mpldump (issue 18, findings 1 and 2).

Usage: hostile_test.py MPLDUMP OUT_DIR

Writes three captures into OUT_DIR (generated here, never checked in) and
runs `mpldump --json` and `mpldump --json --check` on each:

  ssh_kexinit.pcap  a TCP stream to port 22: a version line each way, then
                    KEXINITs whose kex name-lists hold distinct names with
                    none in common, the client's once and the server's 30
                    times (mpldump once compared every pair of names, again
                    on each KEXINIT);
  dns_records.pcap  one UDP DNS response with 2,502 answer records (40 KB);
  9p_twalk.pcap     one 9P Twalk with 65,535 path names over TCP port 564
                    (--check once parsed every prefix of such messages).

Each run must finish within TIMEOUT seconds with exit 0, and the decoded
fields must be the ones written. Timing is not asserted here (the figures
are in docs/robustness.md); the timeout only turns a hang into a failure.
"""
import json
import os
import struct
import subprocess
import sys

import mpldump_json  # beside this file
from synthetic import checksum  # beside this file

TIMEOUT = 120
SSH_NAME_LIST_BYTES = 34000  # the KEXINIT must stay framable: packet_length <= 35000
SERVER_KEXINITS = 30
DNS_RECORDS = 2502
TWALK_NAMES = 65535

failures = []
checks = 0


def check(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(what)
        print("FAIL:", what)


# ---- frames
CLIENT, SERVER = bytes([10, 0, 0, 1]), bytes([10, 0, 0, 2])


def ipv4_frame(src, dst, protocol, transport):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(transport), 1, 0, 64, protocol, 0, src, dst)
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    ethernet = b"\x02\0\0\0\0\x02" + b"\x02\0\0\0\0\x01" + b"\x08\x00"
    return ethernet + header + transport


def transport_checksum(src, dst, protocol, segment):
    return checksum(src + dst + struct.pack("!BBH", 0, protocol, len(segment)) + segment)


def tcp_frame(src, dst, sport, dport, seq, payload, flags=0x18):
    seg = struct.pack("!HHIIBBHHH", sport, dport, seq, 1, 5 << 4, flags, 65535, 0, 0) + payload
    seg = seg[:16] + struct.pack("!H", transport_checksum(src, dst, 6, seg)) + seg[18:]
    return ipv4_frame(src, dst, 6, seg)


def udp_frame(src, dst, sport, dport, payload):
    seg = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    seg = seg[:6] + struct.pack("!H", transport_checksum(src, dst, 17, seg) or 0xffff) + seg[8:]
    return ipv4_frame(src, dst, 17, seg)


def pcap(frames):
    out = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 262144, 1)
    for i, f in enumerate(frames):
        out += struct.pack("<IIII", 1000 + i, 0, len(f), len(f)) + f
    return out


class TcpStream:
    """One direction of a connection, cut into segments of at most 60,000 bytes."""

    def __init__(self, src, dst, sport, dport):
        self.src, self.dst, self.sport, self.dport, self.seq = src, dst, sport, dport, 1000

    def send(self, data):
        frames = []
        for at in range(0, len(data), 60000):
            piece = data[at:at + 60000]
            frames.append(tcp_frame(self.src, self.dst, self.sport, self.dport, self.seq, piece))
            self.seq += len(piece)
        return frames


# ---- SSH
def distinct_names(prefix, budget):
    """Distinct printable names (first character `prefix`) whose list fits `budget` bytes."""
    alphabet = [chr(c) for c in range(0x21, 0x7f) if chr(c) != ","]
    names, used, width = [], 0, 1
    while True:
        for i in range(len(alphabet) ** width):
            name, k = prefix, i
            for _ in range(width):
                name += alphabet[k % len(alphabet)]
                k //= len(alphabet)
            if used + len(name) + 1 > budget:
                return names
            names.append(name)
            used += len(name) + 1
        width += 1


def ssh_packet(payload):
    pad = 8 - (5 + len(payload)) % 8
    if pad < 4:
        pad += 8
    return struct.pack("!IB", 1 + len(payload) + pad, pad) + payload + b"\0" * pad


def name_list(names):
    text = ",".join(names).encode()
    return struct.pack("!I", len(text)) + text


def kexinit(kex_names):
    lists = [name_list(kex_names), name_list(["ssh-ed25519"])] + [name_list(["aes128-ctr"])] * 2 + \
            [name_list(["hmac-sha2-256"])] * 2 + [name_list(["none"])] * 2 + [name_list([])] * 2
    return ssh_packet(bytes([20]) + b"\x11" * 16 + b"".join(lists) + b"\0" + b"\0\0\0\0")


def ssh_capture():
    client_names = distinct_names("c", SSH_NAME_LIST_BYTES)
    server_names = distinct_names("s", SSH_NAME_LIST_BYTES)
    c, s = TcpStream(CLIENT, SERVER, 40022, 22), TcpStream(SERVER, CLIENT, 22, 40022)
    frames = c.send(b"SSH-2.0-hostile_client\r\n") + s.send(b"SSH-2.0-hostile_server\r\n")
    frames += c.send(kexinit(client_names))
    for _ in range(SERVER_KEXINITS):
        frames += s.send(kexinit(server_names))
    return pcap(frames), client_names, server_names


# ---- DNS
def dns_capture():
    question = b"\x07example\x03com\x00" + struct.pack("!HH", 1, 1)
    header = struct.pack("!HHHHHH", 0x1234, 0x8180, 1, DNS_RECORDS, 0, 0)
    answers = b"".join(b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + struct.pack("!I", 0x0a000000 + i)
                       for i in range(DNS_RECORDS))
    return pcap([udp_frame(SERVER, CLIENT, 53, 53000, header + question + answers)])


# ---- 9P
def twalk_capture():
    body = struct.pack("<BHIIH", 110, 1, 1, 2, TWALK_NAMES)
    body += b"".join(struct.pack("<H", 1) + bytes([0x61 + i % 26]) for i in range(TWALK_NAMES))
    message = struct.pack("<I", 4 + len(body)) + body
    return pcap(TcpStream(CLIENT, SERVER, 40564, 564).send(message))


# ---- runs
def decode(mpldump, path, check_mode):
    args = [mpldump, "--json"] + (["--check"] if check_mode else []) + [path]
    what = f"{os.path.basename(path)}{' --check' if check_mode else ''}"
    try:
        r = subprocess.run(args, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        check(False, f"{what}: still running after {TIMEOUT} s")
        return []
    check(r.returncode == 0, f"{what}: exit {r.returncode}: {r.stderr[:300]!r}")
    return [mpldump_json.flat_frame(line) for line in r.stdout.decode().splitlines()]


def layers(frames, protocol):
    return [(f["frame"], l) for f in frames for l in f["layers"] if l["protocol"] == protocol]


def check_clean(layer, what):
    """--check's object: present, every prefix tried gave a clean outcome."""
    c = layer.get("check")
    check(c is not None, f"{what}: no check object")
    if c is None:
        return None
    clean = c["truncations_rejected"] + c["truncations_parsed"]
    check(clean == c["truncations"] and not c.get("truncation_problems"),
          f"{what}: truncations not clean: {c.get('truncation_problems', [])[:3]}")
    check(c["truncations"] + c.get("truncations_skipped", 0) == c["size"],
          f"{what}: {c['truncations']} tried + {c.get('truncations_skipped', 0)} skipped != size {c['size']}")
    return c


def main():
    mpldump, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)

    ssh, client_names, server_names = ssh_capture()
    dns = dns_capture()
    walk = twalk_capture()
    paths = {}
    for name, data in (("ssh_kexinit", ssh), ("dns_records", dns), ("9p_twalk", walk)):
        paths[name] = os.path.join(out_dir, name + ".pcap")
        with open(paths[name], "wb") as f:
            f.write(data)
    check(len(client_names) > 8000 and len(server_names) > 8000 and not set(client_names) & set(server_names),
          f"SSH offers: {len(client_names)} and {len(server_names)} names")

    for check_mode in (False, True):
        mode = " --check" if check_mode else ""
        frames = decode(mpldump, paths["ssh_kexinit"], check_mode)
        kex = layers(frames, "ssh")
        inits = [(n, l) for n, l in kex if "kex_algorithms" in l["fields"]]
        check(len(inits) == 1 + SERVER_KEXINITS, f"ssh{mode}: {len(inits)} KEXINITs decoded")
        if inits:
            check(inits[0][1]["fields"]["kex_algorithms"] == ",".join(client_names), f"ssh{mode}: client's names")
            check(all(l["fields"]["kex_algorithms"] == ",".join(server_names) for _, l in inits[1:]),
                  f"ssh{mode}: server's names")
        if check_mode:
            for n, l in inits[:2]:
                check_clean(l, f"ssh frame {n}")

        frames = decode(mpldump, paths["dns_records"], check_mode)
        dns_layers = layers(frames, "dns")
        check(len(dns_layers) == 1 and "error" not in dns_layers[0][1], f"dns{mode}: {dns_layers[:1]}")
        if dns_layers:
            fields = dns_layers[0][1]["fields"]
            check(fields.get("ancount") == DNS_RECORDS, f"dns{mode}: ancount {fields.get('ancount')}")
            addresses = [fields.get(f"answers.{i}.rr.rdata.address") for i in (0, DNS_RECORDS - 1)]
            check(addresses == ["10.0.0.0", f"10.0.{(DNS_RECORDS - 1) >> 8}.{(DNS_RECORDS - 1) & 255}"],
                  f"dns{mode}: first and last answer {addresses}")
            if check_mode:
                c = check_clean(dns_layers[0][1], "dns")
                check(c is not None and c.get("truncations_skipped", 0) > 0, f"dns: a 40 KB message is sampled: {c}")

        frames = decode(mpldump, paths["9p_twalk"], check_mode)
        walks = layers(frames, "9p")
        check(len(walks) == 1 and "error" not in walks[0][1], f"9p{mode}: {len(walks)} messages")
        if walks:
            fields = walks[0][1]["fields"]
            check(fields.get("nwname") == TWALK_NAMES, f"9p{mode}: nwname {fields.get('nwname')}")
            last = chr(0x61 + (TWALK_NAMES - 1) % 26).encode().hex()
            check(fields.get(f"wnames.{TWALK_NAMES - 1}.wname") == last, f"9p{mode}: last name")
            if check_mode:
                check_clean(walks[0][1], "9p")

    print(f"{checks} checks, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
