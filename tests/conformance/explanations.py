"""Why mpldump and tshark disagree, where they do.

conformance.py matches every disagreement against these rules in order;
the first that matches explains it, and the report counts it under that
rule's cause. A disagreement no rule matches fails the test. Rules are as
narrow as the evidence allows: most check the cause in the data itself (a
checksum tshark also finds wrong, a frame cut by the snapshot length, a
second VLAN tag in tshark's tree) rather than naming files.

A disagreement is a dict (conformance.disagreement): kind, file, frame,
protocol, field, mp (mpldump's value), ts (tshark's), and context with
ts_frame (tshark's subtrees by protocol), mp_frame (mpldump's JSON line)
and, per kind, the layer, its check or the fields compared.
"""
import fnmatch

import mapping


class Explanation:
    def __init__(self, cause, protocol=None, kind=None, field=None, files=None, when=None):
        self.cause = cause
        self.protocol = protocol  # str or tuple
        self.kind = kind  # str or tuple
        self.field = field  # str or tuple
        self.files = files  # glob over the corpus-relative path
        self.when = when  # predicate over the disagreement

    def matches(self, d):
        for attr in ("protocol", "kind", "field"):
            want = getattr(self, attr)
            if want is not None and d[attr] not in (want if isinstance(want, tuple) else (want,)):
                return False
        if self.files is not None and not fnmatch.fnmatch(d["file"], self.files):
            return False
        return self.when is None or bool(self.when(d))


# ------------------------------------------------------------------ helpers

def ts_field(d, protocol, field):
    """Every value of tshark's `field` in the frame's `protocol` subtrees."""
    out = []
    for layer in d["context"]["ts_frame"].get(protocol, []):
        out.extend(v for _, _, k, v in layer.entries if k == field)
    return out


def ts_has(d, protocol, field):
    return bool(ts_field(d, protocol, field))


def mp_layers(d, protocol=None):
    return [l for l in d["context"]["mp_frame"]["layers"] if protocol is None or l["protocol"] == protocol]


def checksum_wrong_on_wire(ts_protocol, status_field):
    """tshark, with checksum validation on, says the wire's checksum is bad
    (status 0), or (UDP) the sender sent none (checksum 0)."""
    def when(d):
        statuses = ts_field(d, ts_protocol, status_field)
        if "0" in statuses:
            return True
        if ts_protocol == "udp":
            return any(mapping.as_int(v) == 0 for v in ts_field(d, "udp", "udp.checksum"))
        return False

    return when


def cut_by_snaplen(d):
    f = d["context"]["mp_frame"]
    return f["captured_length"] < f["original_length"]


def lower_layer_failed(d):
    return any("error" in l for l in mp_layers(d))


def mdns_class_bit(d):
    mine, theirs = d["mp"], mapping.as_int(d["ts"])
    return d["context"]["ts_frame"].get("mdns") and isinstance(mine, int) and mine >> 15 == 1 and \
        mine & 0x7FFF == theirs


def extra_values_are(value):
    """A count disagreement where tshark's surplus values are all `value`."""
    def when(d):
        fields = d["context"]["ts_fields"]
        rule = next(r for r in mapping.PROTOCOLS[d["protocol"]].rules if r.name == d["field"])
        mine, theirs = rule.mp_values(d["context"]["mp_fields"]), rule.ts_values(fields)
        return len(theirs) > len(mine) and all(mapping.as_int(v) == value for v in theirs[len(mine):])

    return when


def two_vlan_tags(d):
    return len(d["context"]["ts_frame"].get("vlan", [])) >= 2


def ssh_encrypted_in_tshark(d):
    return ts_has(d, "ssh", "ssh.encrypted_packet")


def malformed(d):
    return d["context"]["malformed"]


# ------------------------------------------------------------------ rules

RULES = [
    # Rebuilt messages: value(), const() and checksum fields are recomputed
    # by write() (docs/generated-api.md, "Rebuilding from a view").
    Explanation("the wire's IPv4 header checksum is wrong (tshark agrees; checksum offload on the capturing host or "
                "a crafted frame): write() computes the right one",
                protocol="ipv4", kind="rebuild", field="header_checksum",
                when=checksum_wrong_on_wire("ip", "ip.checksum.status")),
    Explanation("the wire's TCP checksum is wrong (tshark agrees; checksum offload on the capturing host): write() "
                "computes the right one",
                protocol="tcp", kind="rebuild", field="checksum",
                when=checksum_wrong_on_wire("tcp", "tcp.checksum.status")),
    Explanation("the wire's UDP checksum is wrong or 0 (\"none\", RFC 768; tshark agrees): write() always computes "
                "one",
                protocol="udp", kind="rebuild", field="checksum",
                when=checksum_wrong_on_wire("udp", "udp.checksum.status")),
    Explanation("the wire's ICMP checksum is wrong (tshark agrees): write() computes the right one",
                protocol="icmp", kind="rebuild", field="checksum",
                when=checksum_wrong_on_wire("icmp", "icmp.checksum.status")),

    # Capture artefacts.
    Explanation("capture artefact: the frame is cut by the capture's snapshot length, so the message its "
                "length fields announce is not all there; tshark decodes the part that is",
                kind="rejected", field="truncated", when=cut_by_snaplen),
    Explanation("capture artefact: IPv4 total_length 0, written by TCP segmentation offload on the capturing host "
                "(RFC 791 needs >= 20); the spec rejects it, tshark decodes on",
                protocol="ipv4", kind="rejected", field="out_of_range",
                when=lambda d: "total_length" in (d["mp"] or "") and "value 0 " in (d["mp"] or "") and
                not malformed(d)),
    Explanation("a lower layer of this frame was rejected (its own entry says why), so mpldump decodes nothing "
                "above it",
                kind="mpldump_missing", when=lower_layer_failed),

    # Documented limits of mpldump (docs/mpldump.md).
    Explanation("two VLAN tags (802.1ad outer + 802.1Q inner): mpldump decodes one tag, as documented in "
                "docs/mpldump.md; the inner tag and what it carries stay payload",
                kind=("count", "mpldump_missing"), when=two_vlan_tags),
    Explanation("SSH after NEWKEYS is encrypted: mpldump stops decoding the direction there (docs/mpldump.md); "
                "tshark still reports the encrypted packets' lengths",
                protocol=("ssh", "ssh_packet"), kind="mpldump_missing",
                when=lambda d: ssh_encrypted_in_tshark(d) or ts_has(d, "ssh", "ssh.packet_length_encrypted")),
    Explanation("not SSH: HTTP on port 22 (zeek's test captures): mpldump takes port 22 as SSH and rejects the "
                "first line as a version line; tshark shows the bytes as encrypted SSH packets",
                protocol="ssh", kind="rejected", when=lambda d: any(
                    bytes.fromhex(l["fields"].get("payload", "")).startswith((b"GET ", b"POST ", b"HEAD ", b"HTTP/"))
                    for l in mp_layers(d, "tcp"))),
    Explanation("the capture misses this direction's version line (it starts mid-connection): mpldump reads the "
                "direction's first bytes, already encrypted, as a version line and rejects them; tshark knows the "
                "connection is encrypted",
                protocol="ssh", kind="rejected", when=ssh_encrypted_in_tshark),
    Explanation("a TCP retransmission (tshark flags it): mpldump drops bytes of the stream it has already seen "
                "(docs/mpldump.md), tshark decodes the copy again",
                kind="mpldump_missing",
                when=lambda d: ts_has(d, "tcp", "tcp.analysis.retransmission") or
                ts_has(d, "tcp", "tcp.analysis.fast_retransmission")),
    Explanation("SSH protocol 1 (version 1.5): mpldump decodes the version lines and stops (docs/mpldump.md; no "
                "spec describes SSH-1's packets), tshark decodes SSH-1 packets",
                protocol=("ssh", "ssh_packet"), kind="mpldump_missing",
                when=lambda d: any(k == "SSH Version 1" for l in d["context"]["ts_frame"].get("ssh", [])
                                   for _, _, k, _ in l.entries)),
    Explanation("an earlier version line of this capture was rejected (see the RFC 4253 §4.2 entry), so mpldump "
                "stopped decoding that direction; tshark goes on",
                protocol=("ssh", "ssh_packet"), kind="mpldump_missing",
                when=lambda d: ("ssh", "custom_invalid") in d["context"]["rejected_before"]),
    Explanation("half-duplex capture (one direction of the connection only): mpldump cannot see the peer's "
                "version line or NEWKEYS, so it cannot tell that a 1.99 server falls back to SSH-1 for a 1.5 "
                "client, and guesses the key exchange method from one KEXINIT (docs/mpldump.md); it then reads "
                "SSH-1 or encrypted packets as SSH-2 and rejects them. tshark marks them encrypted",
                protocol=("ssh", "ssh_packet"), kind=("rejected", "tshark_missing"), files="*half-duplex*"),

    Explanation("IP fragment of a datagram mpldump could not complete (a fragment missing, inconsistent, or "
                "beyond its bounds: docs/mpldump.md) so it stops at the IP layer; tshark decodes what it has",
                kind="mpldump_missing",
                when=lambda d: any(l["fields"].get("fragment_offset", 0) != 0 or l["fields"].get("more_fragments") == 1
                                   for l in mp_layers(d, "ipv4") + mp_layers(d, "ipv6_fragment"))),
    Explanation("an ICMP error quoting a datagram: tshark decodes the quoted message's upper layers too, mpldump "
                "keeps the quoted datagram as the ICMP message's bytes",
                kind="mpldump_missing", when=lambda d: any("original" in l["fields"] for l in mp_layers(d, "icmp"))),
    Explanation("DNS on a UDP port mpldump does not assign to DNS (docs/mpldump.md: 53 and 5353); tshark's DNS "
                "dissector is registered on more ports",
                protocol="dns", kind="mpldump_missing",
                when=lambda d: mp_layers(d, "udp") and not {53, 5353} & {
                    mp_layers(d, "udp")[0]["fields"].get("source_port"),
                    mp_layers(d, "udp")[0]["fields"].get("destination_port")}),
    Explanation("SSH on a port other than 22: mpldump recognises a stream that starts with \"SSH-\" "
                "(docs/mpldump.md), tshark decodes SSH on port 22 only",
                protocol=("ssh", "ssh_packet"), kind="tshark_missing",
                when=lambda d: all(22 not in (l["fields"].get("source_port"), l["fields"].get("destination_port"))
                                   for l in mp_layers(d, "tcp"))),

    # Documented limits of the specs.
    Explanation("DHCP option overload (RFC 2132 §9.3): tshark also decodes the options carried in the sname and "
                "file fields; the spec keeps those fields as bytes",
                protocol="dhcp", kind=("value", "count"),
                field=("dhcp.option.length", "dhcp.option.message", "dhcp.option.type"),
                when=lambda d: ts_has(d, "dhcp", "dhcp.option.option_overload")),
    Explanation("crafted capture (zeek's kex-quadratic test): an SSH packet whose length + 4 is not a multiple of "
                "8 (RFC 4253 §6 requires it); the spec rejects it, tshark decodes it",
                protocol="ssh", kind="rejected", field="no_branch_matched",
                when=lambda d: "ssh_packet.classify" in (d["mp"] or "")),

    Explanation("ICMP Router Advertisement with bytes after its num_addrs entries (a crafted frame): the spec's "
                "message ends after the entries, so the rebuilt message leaves out trailing bytes the wire's "
                "checksum covers",
                protocol="icmp", kind="rebuild", field="checksum",
                when=lambda d: d["context"]["layer"]["fields"].get("type_case") == "RouterAdvertisement" and
                any(l["fields"].get("total_length", 0) - 4 * l["fields"].get("ihl", 5) > d["context"]["check"]["size"]
                    for l in mp_layers(d, "ipv4"))),

    # tshark's presentation.
    Explanation("mDNS (RFC 6762 §5.4, §10.2): the class's top bit is the unicast-response / cache-flush flag; "
                "tshark shows it as its own field and the class without it, the spec keeps the 16-bit class",
                protocol="dns", kind="value", field=("dns.qry.class", "dns.resp.class"), when=mdns_class_bit),
    Explanation("tshark 4.0 splits an SRV record's owner name into service, protocol and name fields "
                "(dns.srv.name holds only the tail); the spec keeps the whole owner name",
                protocol="dns", kind="value", field="dns.resp.name",
                when=lambda d: isinstance(d["mp"], str) and d["mp"].endswith(str(d["ts"])) and
                (ts_has(d, "dns", "dns.srv.proto") or ts_has(d, "mdns", "dns.srv.proto"))),
    Explanation("with a strict or loose source route option, tshark reports the route's final hop as ip.dst; the "
                "spec gives the header's destination field",
                protocol="ipv4", kind="value", field="ip.dst",
                when=lambda d: {131, 137} & {mapping.as_int(v) for v in ts_field(d, "ip", "ip.opt.type")}),
    Explanation("tshark lists every byte after the TCP End of Option List as another EOL option; the spec reads "
                "EOL and the zero padding after it as one option (RFC 9293 §3.2)",
                protocol="tcp", kind="count", field="tcp.option_kind", when=extra_values_are(0)),
    Explanation("a SYN carrying data on ports of a finished connection: tshark marks it out-of-order and does not "
                "dissect the payload; mpldump decodes data on a SYN (after the SYN's sequence number)",
                kind="tshark_missing",
                when=lambda d: any(l["fields"].get("syn") == 1 for l in mp_layers(d, "tcp"))),
    Explanation("the server sends lines before its version line (RFC 4253 §4.2): tshark treats them as an "
                "incomplete PDU and does not decode the server side; mpldump skips them (docs/mpldump.md)",
                protocol=("ssh", "ssh_packet"), kind="tshark_missing", files="ssh/zeek__ssh_server-pre-banner-data*"),

    # Malformed captures (corpus */malformed/): negative tests, explained by
    # category. mpldump rejects a damaged message at its first violation
    # (and decodes nothing above it); tshark decodes as far as it can,
    # marks the damage and, on a TCP stream, often resynchronises elsewhere.
    Explanation("malformed capture: mpldump rejects the damaged message at its first violation, tshark decodes "
                "what it can", kind="rejected", when=malformed),
    Explanation("malformed capture: after a rejected message mpldump drops the rest of the stream or frame, "
                "tshark goes on", kind=("mpldump_missing", "tshark_missing"), when=malformed),
    Explanation("malformed capture: tshark and mpldump frame a damaged stream differently, so the messages and "
                "fields they pair are not the same ones", kind=("value", "count"), when=malformed),
    Explanation("malformed capture: a wrong length, count or checksum on the wire is recomputed by write()",
                kind="rebuild", when=malformed),
]


def explain(d):
    for rule in RULES:
        if rule.matches(d):
            return rule
    return None
