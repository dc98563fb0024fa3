#!/usr/bin/python3
"""Differential test of the generated Wireshark dissectors (docs/wireshark.md).

For each case, mplc --emit=wireshark-lua writes a dissector, tshark loads it
(-X lua_script:) and dissects a capture to PDML, and every field of every
message is compared, in wire order, with a reference: mpldump --json on the
same capture (the C++ codecs generated from the same spec), or, for the
test-only telemetry protocol that mpldump does not know, the values this
script wrote into its capture. A message the reference rejects must carry
the dissector's "malformed" expert info. Any disagreement fails the test.

usage: wireshark_test.py MPLC MPLDUMP SOURCE_DIR WORK_DIR [CORPUS_DIR | --corpus]
Exit 77 when tshark is missing. With CORPUS_DIR (or --corpus: $MPL_CORPUS_DIR, exit 77 when unset), compares the DNS, DHCP and
BGP captures of that corpus (against mpldump) instead.
"""
import glob
import ipaddress
import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import captures  # noqa: E402  (the capture writer beside this file)
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "mpldump"))
import mpldump_json  # noqa: E402

TIMEOUT = 120


def run(argv, **kw):
    result = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT, **kw)
    if result.returncode != 0:
        raise SystemExit("FAIL: %s exited %d\n%s" % (" ".join(argv), result.returncode, result.stderr))
    return result.stdout


def lua_dissector(mplc, spec, out_dir, registrations, extra=()):
    argv = [mplc, "--emit=wireshark-lua", "-o", out_dir, spec] + list(extra)
    for r in registrations:
        argv.append("--wireshark-register=" + r)
    run(argv)
    return os.path.join(out_dir, os.path.splitext(os.path.basename(spec))[0] + ".lua")


_field_types = {}


def field_types(script):
    """abbr -> FT_ type of every field the dissector declares (tshark -G fields)."""
    if script in _field_types:
        return _field_types[script]
    types = _field_types[script] = {}
    for line in run(["tshark", "-G", "fields", "-X", "lua_script:" + script]).splitlines():
        parts = line.split("\t")
        if len(parts) > 3 and parts[0] == "F":
            types[parts[2]] = parts[3]
    return types


def tshark_messages(script, capture, proto, prefs=()):
    """frame number -> [message], a message being {"fields": [(name, show, showname)], "malformed": bool}."""
    types = field_types(script)
    argv = ["tshark", "-X", "lua_script:" + script, "-r", capture, "-T", "pdml"]
    for p in prefs:
        argv += ["-o", p]
    root = ET.fromstring(run(argv))
    frames = {}
    for packet in root.iter("packet"):
        number = None
        for field in packet.iter("field"):
            if field.get("name") == "frame.number":
                number = int(field.get("show"))
                break
        messages = []
        # Segments Wireshark's TCP holds back as out of order or
        # retransmitted (mpldump restarts the stream there instead): the
        # dissector is not called, so such a frame is not comparable.
        held_back = any(field.get("name") in ("tcp.analysis.out_of_order", "tcp.analysis.retransmission")
                        for field in packet.iter("field"))
        for p in packet.iter("proto"):
            if p.get("name") != proto:
                continue
            message = {"fields": [], "malformed": False, "unsupported": False}
            for field in p.iter("field"):
                name = field.get("name", "")
                if name == proto + ".malformed":
                    message["malformed"] = True
                if name == proto + ".unsupported":
                    message["unsupported"] = True
                if not name.startswith(proto + ".") or types.get(name) in (None, "FT_NONE", "FT_PROTOCOL"):
                    continue
                message["fields"].append((name.rsplit(".", 1)[1], field.get("show", ""), field.get("showname", "")))
            messages.append(message)
        if messages:
            frames[number] = messages
        elif held_back:
            frames[number] = None
    return frames


def mpldump_messages(mpldump, capture, protocol, options=(), transport=None):
    """frame number -> [message] from mpldump --json, messages of `protocol`
    (only in frames with a `transport` layer, when given: DNS over TCP has
    a length prefix the spec's message does not)."""
    frames = {}
    for line in run([mpldump, "--json"] + list(options) + [capture]).splitlines():
        frame = mpldump_json.flat_frame(line)
        messages = []
        for layer in frame["layers"]:
            if layer["protocol"] != protocol:
                if "error" in layer and not messages:
                    # mpldump stopped below the protocol (an IP datagram cut
                    # short, a TCP stream it restarts ...) where Wireshark's
                    # own lower layers may go on: not a comparison of the
                    # dissector, so the frame is left out (and counted).
                    messages = None
                    break
                continue
            fields = []
            for path, value in layer["fields"].items():
                label = None
                if isinstance(value, dict):
                    label, value = value.get("label"), value["value"]
                fields.append((path.rsplit(".", 1)[-1], value, label))
            messages.append({"fields": fields, "malformed": "error" in layer})
        if transport and transport not in [layer["protocol"] for layer in frame["layers"]]:
            # mpldump did not reach the transport (an IP fragment, which it
            # does not reassemble, a link or tag it does not decode), or
            # the message came over another one: not comparable.
            messages = None
        if messages is None or messages:
            frames[frame["frame"]] = messages
    return frames


def normal(value):
    """The text a value compares as: integers in decimal, bytes as plain lowercase hex."""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    return value


def same(expected, shown):
    if normal(expected) == shown:
        return True
    hex_shown = shown.replace(":", "").lower()
    if isinstance(expected, (bytes, bytearray)):
        return expected.hex() == hex_shown
    if isinstance(expected, str):
        if expected.lower() == hex_shown:
            return True
        # mpldump shows addresses as text (docs/mpldump.md); the dissector as bytes.
        try:
            address = ipaddress.ip_address(expected)
            return address.packed.hex() == hex_shown or str(int(address)) == shown
        except ValueError:
            pass
        if len(expected) == 17 and expected.count(":") == 5:
            return expected.replace(":", "").lower() == hex_shown
    return False


class Comparison:
    def __init__(self):
        self.failures = []
        self.messages = 0
        self.fields = 0
        self.malformed = 0
        self.left_out = 0

    def compare(self, case, reference, dissected):
        frames = sorted(set(reference) | set(dissected))
        for number in frames:
            want, got = reference.get(number, []), dissected.get(number, [])
            if want is None or got is None:
                self.left_out += 1 if (want or got) else 0
                continue
            where = "%s frame %d" % (case, number)
            if len(want) != len(got):
                self.failures.append("%s: %d messages in the reference, %d dissected" % (where, len(want), len(got)))
                continue
            for index, (w, g) in enumerate(zip(want, got)):
                self.messages += 1
                here = "%s message %d" % (where, index)
                if w["malformed"]:
                    self.malformed += 1
                    if not g["malformed"]:
                        self.failures.append("%s: the reference rejects it, the dissector does not" % here)
                    continue
                if g["malformed"]:
                    self.failures.append("%s: the dissector reports it malformed" % here)
                    continue
                if len(w["fields"]) != len(g["fields"]):
                    self.failures.append("%s: %d fields in the reference, %d dissected:\n  %s\n  %s" % (
                        here, len(w["fields"]), len(g["fields"]), [f[0] for f in w["fields"]], [f[0] for f in g["fields"]]))
                    continue
                for (wname, wvalue, wlabel), (gname, gshow, gshowname) in zip(w["fields"], g["fields"]):
                    self.fields += 1
                    if wname != gname or not same(wvalue, gshow):
                        self.failures.append("%s: field %s=%r, dissected %s=%r" % (here, wname, wvalue, gname, gshow))
                    elif wlabel is not None and wlabel not in gshowname:
                        self.failures.append("%s: field %s label %s not in %r" % (here, wname, wlabel, gshowname))


def main():
    if len(sys.argv) not in (5, 6):
        raise SystemExit(__doc__)
    mplc, mpldump, source, work = sys.argv[1:5]
    corpus = sys.argv[5] if len(sys.argv) == 6 else None
    if corpus == "--corpus":
        # The shared capture corpus is named at run time; without it the
        # test is skipped, with the reason.
        corpus = os.environ.get("MPL_CORPUS_DIR", "")
        if not corpus:
            print("SKIP: needs the shared capture corpus: set MPL_CORPUS_DIR to its folder (README.md, \"Tests\")")
            return 77
    if shutil.which("tshark") is None:
        print("SKIP: tshark is not installed (apt-get install tshark)")
        return 77
    os.makedirs(work, exist_ok=True)
    specs = os.path.join(source, "specs")
    check = Comparison()

    if corpus:
        compare_corpus(check, mplc, mpldump, specs, work, corpus)
    else:
        compare_own(check, mplc, mpldump, source, specs, work)
    return report(check, need_rejected=not corpus)


def compare_corpus(check, mplc, mpldump, specs, work, corpus):
    """The DNS, DHCP and BGP captures of a corpus (CORPUS/<protocol>/...),
    against mpldump. The UDP protocols' captures are concatenated into one
    pcapng (mergecap -a) so tshark starts once per protocol."""
    for spec, registrations, merge in (("dns", ["udp:53", "udp:5353"], True), ("dhcp", ["udp:67", "udp:68"], True),
                                       ("bgp", ["tcp:179"], False)):
        script = lua_dissector(mplc, os.path.join(specs, spec + ".mpl"), work, registrations)
        captures_of = sorted(glob.glob(os.path.join(corpus, spec, "**", "*.pcap*"), recursive=True))
        if not merge:
            # In a TCP stream, after a message the dissector rejects it cannot
            # know where the next one starts and stops there; mpldump goes on
            # by the BGP header's length. The deliberately malformed streams
            # are left out for that reason (docs/wireshark.md).
            captures_of = [c for c in captures_of if os.sep + "malformed" + os.sep not in c]
        if merge and captures_of:
            merged = os.path.join(work, spec + "_corpus.pcapng")
            run(["mergecap", "-a", "-w", merged] + captures_of)
            captures_of = [merged]
        for capture in captures_of:
            name = os.path.relpath(capture, corpus)
            check.compare(name, mpldump_messages(mpldump, capture, spec, transport="tcp" if spec == "bgp" else "udp"),
                          tshark_messages(script, capture, "mpl_" + spec))


def compare_own(check, mplc, mpldump, source, specs, work):
    """The captures of the repository and those this test writes."""
    # 1. The telemetry protocol: the capture's own values are the reference.
    telemetry_pcap = os.path.join(work, "telemetry.pcap")
    expected = captures.write_telemetry(telemetry_pcap, port=5999)
    script = lua_dissector(mplc, os.path.join(source, "tests", "wireshark", "telemetry.mpl"), work, ["udp:5999"])
    check.compare("telemetry", expected, tshark_messages(script, telemetry_pcap, "mpl_telemetry"))

    # 2. DNS over UDP, written here (names with compression pointers, OPT, ...).
    dns_pcap = os.path.join(work, "dns.pcap")
    captures.write_dns(dns_pcap)
    dns = lua_dissector(mplc, os.path.join(specs, "dns.mpl"), work, ["udp:53"])
    check.compare("dns", mpldump_messages(mpldump, dns_pcap, "dns"), tshark_messages(dns, dns_pcap, "mpl_dns"))

    # 3. SSH messages (name-lists, mpints), as written here.
    ssh_pcap = os.path.join(work, "ssh.pcap")
    expected = captures.write_ssh(ssh_pcap, port=6002)
    ssh = lua_dissector(mplc, os.path.join(specs, "ssh.mpl"), work, ["udp:6002"], ["--wireshark-packet=ssh_message"])
    check.compare("ssh", expected, tshark_messages(ssh, ssh_pcap, "mpl_ssh", ["mpl_ssh.kex:0"]))

    # 3b. 9P2000.L between Linux v9fs and diod, over TCP (reassembled).
    p9_pcap = os.path.join(source, "tests", "app_protocols", "diod_9p2000L.pcap")
    p9 = lua_dissector(mplc, os.path.join(specs, "9p.mpl"), work, ["tcp:5640"])
    check.compare("9p", mpldump_messages(mpldump, p9_pcap, "9p", ["--9p-port", "5640"]),
                  tshark_messages(p9, p9_pcap, "mpl_9p", ["mpl_9p.dotu:TRUE"]))

    # 4. The lower layers of the same capture, each in place of Wireshark's own.
    for spec, table, proto in (("ethernet", "wtap_encap:1", "ethernet"), ("ipv4", "ethertype:0x0800", "ipv4"),
                               ("tcp", "ip.proto:6", "tcp")):
        script = lua_dissector(mplc, os.path.join(specs, spec + ".mpl"), work, [table])
        check.compare(spec, mpldump_messages(mpldump, p9_pcap, proto, ["--9p-port", "5640"]),
                      tshark_messages(script, p9_pcap, "mpl_" + spec))

    # 4b. The captures the project made from real peers (tests/captures), when present.
    own = os.path.join(source, "tests", "captures")
    for name, spec, registrations, transport in (("dns.pcap", "dns", ["udp:53"], "udp"),
                                                 ("dhcp.pcap", "dhcp", ["udp:67", "udp:68"], "udp"),
                                                 ("bgp.pcap", "bgp", ["tcp:179"], "tcp")):
        capture = os.path.join(own, name)
        if os.path.exists(capture):
            script = lua_dissector(mplc, os.path.join(specs, spec + ".mpl"), work, registrations)
            check.compare("captures/" + name, mpldump_messages(mpldump, capture, spec, transport=transport),
                          tshark_messages(script, capture, "mpl_" + spec))

    # 5. A custom type with no Lua helper: the fields before it, then a note.
    opaque_pcap = os.path.join(work, "opaque.pcap")
    captures.write_pcap(opaque_pcap, [captures.udp_frame(b"\x05\x00\x00\x00\x01x\x00\x07", 40000, 6001)])
    opaque = lua_dissector(mplc, os.path.join(source, "tests", "wireshark", "opaque.mpl"), work, ["udp:6001"])
    shown = tshark_messages(opaque, opaque_pcap, "mpl_opaque")
    message = shown.get(1, [{}])[0]
    if message.get("fields") != [("kind", "5", "kind: 5")] or not message.get("unsupported") or message.get("malformed"):
        check.failures.append("opaque: expected kind=5 and an 'unsupported' note, got %r" % (message,))

    # 6. Embedded packets bounded by size(...) (tests/codec/sized.mpl): each
    # body ends at its bound (the Name's remaining() too), and a length
    # longer or shorter than its content is malformed.
    sized_pcap = os.path.join(work, "sized.pcap")
    good = bytes([2, 0, 2, 0, 3]) + b"xyz" + bytes([0, 1, 0, 2, 0xBE, 0xEF, 0x7F])
    too_long = bytes([1, 0, 1, 0, 4, 0x12, 0x34, 0x56, 0x78, 0x7F])
    too_short = bytes([1, 0, 1, 0, 1, 0x12, 0x34, 0x7F])
    captures.write_pcap(sized_pcap, [captures.udp_frame(p, 40000, 6003) for p in (good, too_long, too_short)])
    sized = lua_dissector(mplc, os.path.join(source, "tests", "codec", "sized.mpl"), work, ["udp:6003"],
                          ["--wireshark-packet=extension_list"])
    fields = [("count", 2, None), ("type", 2, None), ("length", 3, None), ("type_case", "Name", None),
              ("name", b"xyz", None), ("type", 1, None), ("length", 2, None), ("type_case", "Number", None),
              ("number", 0xBEEF, None), ("trailer", 0x7F, None)]
    rejected = {"fields": [], "malformed": True}
    check.compare("sized", {1: [{"fields": fields, "malformed": False}], 2: [rejected], 3: [rejected]},
                  tshark_messages(sized, sized_pcap, "mpl_sized"))



def report(check, need_rejected):
    print("compared %d messages (%d rejected by both), %d fields; %d frames left out (mpldump stopped below "
          "the protocol, or Wireshark's TCP held the segment back)" % (check.messages, check.malformed, check.fields, check.left_out))
    for failure in check.failures[:40]:
        print("FAIL:", failure)
    if check.failures:
        print("%d disagreements" % len(check.failures))
        return 1
    if check.fields == 0 or (need_rejected and check.malformed == 0):
        print("FAIL: nothing compared")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
