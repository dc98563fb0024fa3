#!/usr/bin/python3
"""mpldump's three outputs on the project's own captures (tests/captures) and
a synthetic 9P stream:

1. Summary lines: one per frame; for every bundled protocol the line says
   what the JSON of the same frame holds (addresses and ports, DNS id and
   counts, BGP prefix counts, 9P fid/offset/count, ARP, ICMP echo, DHCP
   message type and xid, SSH message names).
2. -v: every layer as a tree whose leaf lines are exactly the JSON's leaf
   values (arrays element by element, nested packets, variants by label,
   printable byte strings as quoted text).
3. --json: every line valid against tools/mpldump/mpldump.schema.json
   (with python3-jsonschema when installed; a structural check always),
   DNS answers as a JSON array of nested objects, cases named by subject.

  summary_test.py MPLDUMP
"""

import glob
import json
import os
import re
import struct
import subprocess
import sys
import tempfile

import mpldump_json  # beside this file
from synthetic import pcap_of, tcp_frame  # beside this file

HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURES = os.path.join(HERE, "..", "..", "tests", "captures")
MPLDUMP = sys.argv[1]
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def run(args):
    r = subprocess.run([MPLDUMP] + args, capture_output=True, timeout=120, check=False)
    check(r.returncode == 0, f"{args}: exit {r.returncode} {r.stderr.decode()[:200]}")
    return r.stdout.decode()


def label(v):
    """A variant as the line shows it: its label, or its value when unlisted."""
    if isinstance(v, dict):
        return v["label"] if v["label"] is not None else v["value"]
    return v


def structural(value, where):
    """What the schema says, checked by hand (no jsonschema needed)."""
    if isinstance(value, dict) and value.keys() == {"value", "label"}:
        check(isinstance(value["value"], int) and (value["label"] is None or isinstance(value["label"], str)),
              f"{where}: variant {value}")
    elif isinstance(value, dict):
        for k, v in value.items():
            check(re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", k) is not None, f"{where}: key {k!r}")
            structural(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, e in enumerate(value):
            check(isinstance(e, dict), f"{where}.{i}: element is not an object")
            structural(e, f"{where}.{i}")
    else:
        check(isinstance(value, (int, str)) and not isinstance(value, bool), f"{where}: value {value!r}")


try:
    import jsonschema
    with open(os.path.join(HERE, "mpldump.schema.json")) as f:
        validator = jsonschema.Draft202012Validator(json.load(f))
except ImportError:
    validator = None
    print("summary_test: python3-jsonschema not installed; structural check only")


def tree_leaves(text):
    """layer index -> leaf lines ("name: value") of the -v tree of one frame."""
    layers, current = [], None
    for line in text.splitlines():
        if line.startswith("  ") and not line.startswith("    "):
            current = []
            layers.append(current)
        elif line.startswith("    ") and current is not None and not re.fullmatch(r"\s+[A-Za-z_]\w*:", line) \
                and not re.fullmatch(r"\s+\[\d+\]", line):
            current.append(line.strip())
    return layers


def leaf_text(value):
    if isinstance(value, dict):
        return f"{value['label']}({value['value']})" if value["label"] is not None else str(value["value"])
    return str(value)


seen = set()


def frame_checks(line, frame, tree):
    flat = [mpldump_json.flatten(l["fields"]) for l in frame["layers"]]
    by = {l["protocol"]: (l, f) for l, f in zip(frame["layers"], flat)}
    n = frame["frame"]
    # -v: one leaf line per JSON leaf, same names, in order; text shown as
    # text, variants by label.
    leaves = tree_leaves(tree)
    check(len(leaves) == len(flat), f"frame {n}: {len(leaves)} layers in -v, {len(flat)} in JSON")
    for layer_leaves, fields in zip(leaves, flat):
        names = [l.split(":", 1)[0] for l in layer_leaves]
        check(names == [p.rsplit(".", 1)[-1] for p in fields], f"frame {n}: -v names {names} vs {list(fields)}")
        for text, (path, value) in zip(layer_leaves, fields.items()):
            shown = text.split(": ", 1)[1] if ": " in text else ""
            if isinstance(value, dict):
                check(shown == leaf_text(value), f"frame {n} {path}: -v {shown!r}, JSON {value}")
            elif isinstance(value, str) and re.fullmatch(r"(?:[0-9a-f]{2})+", value) and \
                    all(0x20 <= b < 0x7f for b in bytes.fromhex(value)) and shown.startswith('"'):
                decoded = bytes.fromhex(value).decode()
                seen.add("text in -v")
                check(shown == '"' + decoded.replace("\\", "\\\\").replace('"', '\\"') + '"',
                      f"frame {n} {path}: -v {shown!r}, JSON text {decoded!r}")
    # The summary line says what the JSON holds.
    for proto in ("ipv4", "ipv6"):
        if proto in by and ("udp" in by or "tcp" in by):
            ip = by[proto][1]
            t = by.get("udp", by.get("tcp"))[1]
            want = f"{ip['src']}.{t['source_port']} > {ip['dst']}.{t['destination_port']}:"
            check(want in line, f"frame {n}: {line!r} lacks {want!r}")
            seen.add("ip")
    if "arp" in by:
        a = by["arp"][1]
        if label(a["operation"]) == "Request":
            want = f"ARP, Request who-has {a['target_protocol_address']} tell {a['sender_protocol_address']}"
            check(want in line, f"frame {n}: {line!r} lacks {want!r}")
            seen.add("arp")
    if "icmp" in by:
        i = by["icmp"][1]
        if label(i["type"]) in ("EchoRequest", "EchoReply"):
            kind = "request" if label(i["type"]) == "EchoRequest" else "reply"
            want = f"ICMP echo {kind}, id {i['identifier']}, seq {i['sequence']}"
            check(want in line, f"frame {n}: {line!r} lacks {want!r}")
            seen.add("icmp")
    for layer, fields in zip(frame["layers"], flat):
        if "error" in layer:
            check(f"{layer['protocol']} error: " in line, f"frame {n}: {line!r} lacks the {layer['protocol']} error")
            continue
        f = layer["fields"]
        if layer["protocol"] == "dns":
            if f["qr"] == 0:
                want = f"DNS {f['id']}{'+' if f['rd'] else ''} "
                if f["questions"]:
                    want += f"{f['questions'][0]['qtype']}? {f['questions'][0]['qname']}"
            else:
                want = f"DNS {f['id']}"
                want += "" if label(f["rcode"]) == "NoError" else f" {label(f['rcode'])}"
                want += f" {len(f['answers'])}/{len(f['authority'])}/{len(f['additional'])}"
                if f["answers"]:
                    rr = f["answers"][0]["rr"]
                    want += f" {label(rr['type'])}"
                    check(isinstance(rr["rdata"], dict) and "rtype_case" in rr["rdata"], f"frame {n}: DNS rdata {rr}")
            check(want in line, f"frame {n}: {line!r} lacks {want!r}")
            seen.add("dns")
        elif layer["protocol"] == "dhcp":
            types = [o["message_type"] for o in f["options"]["list"] if "message_type" in o]
            want = f"DHCP {label(f['op'])} {label(types[0])}, xid {f['xid']}" if types else f"xid {f['xid']}"
            check(want in line, f"frame {n}: {line!r} lacks {want!r}")
            seen.add("dhcp")
        elif layer["protocol"] == "bgp":
            kind = label(f["type"])
            if kind == "Update":
                want = f"BGP UPDATE {len(f['nlri'])} prefixes withdrawn {len(f['withdrawn_routes'])}"
                seen.add("bgp update")
            elif kind == "Open":
                want = f"BGP OPEN AS {f['my_as']}"
            elif kind == "Notification":
                want = f"BGP NOTIFICATION {label(f['error_code'])}"
            else:
                want = f"BGP {kind}"
            check(want in line, f"frame {n}: {line!r} lacks {want!r}")
            seen.add("bgp")
        elif layer["protocol"] == "ssh":
            want = f"SSH version {f['proto_version']}" if "proto_version" in f else f"SSH {label(f['message_number'])}"
            check(want in line, f"frame {n}: {line!r} lacks {want!r}")
            seen.add("ssh")
        elif layer["protocol"] == "9p":
            want = f"9P {label(f['type'])} tag {f['tag']}"
            for name in ("fid", "offset", "count"):
                if name in f:
                    want += f" {name} {f[name]}"
            check(want in line, f"frame {n}: {line!r} lacks {want!r}")
            seen.add("9p")


def decode(path):
    text = run([path]).splitlines()
    jsons = run(["--json", path]).splitlines()
    verbose = run(["-v", path])
    trees = re.split(r"(?m)^(?=frame \d+ at )", verbose)[1:]
    check(len(text) == len(jsons) == len(trees), f"{path}: {len(text)} lines, {len(jsons)} JSON, {len(trees)} -v")
    for line, js, tree in zip(text, jsons, trees):
        frame = json.loads(js)
        if validator is not None:
            errors = list(validator.iter_errors(frame))
            check(not errors, f"{path} frame {frame['frame']}: schema: {errors[:1]}")
        for layer in frame["layers"]:
            structural(layer["fields"], f"{path} frame {frame['frame']} {layer['protocol']}")
        check(line.startswith(frame["time"] + " "), f"{path}: {line!r} does not start with the time")
        frame_checks(line, frame, tree)


for capture in sorted(glob.glob(os.path.join(CAPTURES, "*.pcap")) + glob.glob(os.path.join(CAPTURES, "*.pcapng"))):
    decode(capture)

# 9P has no capture in tests/captures: a Tversion and a Tread.
version = b"9P2000.L"
tversion = struct.pack("<IBHIH", 13 + len(version), 100, 0xffff, 8192, len(version)) + version
tread = struct.pack("<IBHIQI", 23, 116, 3, 1, 0, 8192)
with tempfile.TemporaryDirectory() as tmp:
    path = os.path.join(tmp, "9p.pcap")
    with open(path, "wb") as f:
        f.write(pcap_of([tcp_frame(40000, 564, 1, tversion), tcp_frame(40000, 564, 1 + len(tversion), tread)]))
    decode(path)
    check("9P Tread tag 3 fid 1 offset 0 count 8192" in run([path]), "9p: the Tread line")

for protocol in ("ip", "arp", "icmp", "dns", "dhcp", "bgp", "bgp update", "ssh", "9p", "text in -v"):
    check(protocol in seen, f"no summary line of {protocol} was checked")

for f in failures[:40]:
    print("FAIL:", f)
print(f"summary_test: {len(failures)} failures; protocols checked: {sorted(seen)}")
sys.exit(1 if failures else 0)
