"""Which mpldump field corresponds to which tshark field, per protocol.

A rule pairs the values of one mpldump field path pattern (a regular
expression over the dotted paths of docs/mpldump.md, matched against every
layer of the protocol in a frame, in wire order) with the values of one
tshark field (every occurrence in the frame's tshark subtrees of that
protocol, in document order), and says how to compare them:

  int   numbers (tshark's "0x1f" and "31" alike; a variant's value)
  hex   byte strings (tshark's "0a:1b" is mpldump's "0a1b")
  str   text as is (addresses, SSH name-lists)
  name  DNS names (tshark shows the root as "<Root>")
  text  mpldump bytes shown by tshark as text

`mp` may also be a function of the frame's (path, value) list and `ts` a
function of tshark's field dict, for values one side splits or combines.
`partial` rules compare the common prefix only: tshark leaves the field out
in cases that carry no information (e.g. the ack number without ACK).
"""
import ipaddress
import re


class Rule:
    def __init__(self, mp, ts, kind="int", partial=False, mp_conv=None, name=None):
        self.mp = mp
        self.ts = ts
        self.kind = kind
        self.partial = partial
        self.mp_conv = mp_conv
        self.name = name or (ts if isinstance(ts, str) else getattr(ts, "__name__", "?"))
        self._re = re.compile(mp) if isinstance(mp, str) else None

    def mp_values(self, fields):
        if self._re is not None:
            values = [v for k, v in fields if self._re.fullmatch(k)]
        else:
            values = self.mp(fields)
        values = [v["value"] if isinstance(v, dict) and "value" in v else v for v in values]
        if self.mp_conv:
            values = [self.mp_conv(v) for v in values]
        return values

    def ts_values(self, ts_fields):
        if isinstance(self.ts, str):
            return list(ts_fields.get(self.ts, []))
        return self.ts(ts_fields)

    def equal(self, mine, theirs):
        return normal(mine, self.kind) == normal(theirs, self.kind, tshark=True)


def as_int(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    s = str(v).strip()
    if re.fullmatch(r"[0-9a-fA-F]{2}(:[0-9a-fA-F]{2})+", s):
        return int(s.replace(":", ""), 16)
    try:
        return int(s, 16) if s.lower().startswith("0x") else int(s)
    except ValueError:
        return s


def normal(v, kind, tshark=False):
    if kind == "int":
        return as_int(v)
    if kind == "hex":
        return str(v).replace(":", "").lower()
    if kind == "name":
        s = str(v)
        return "." if s in ("<Root>", "") else s
    if kind == "text":
        if tshark:
            return str(v)
        try:
            return bytes.fromhex(str(v)).decode("latin-1")
        except ValueError:
            return str(v)
    return str(v)


class Protocol:
    def __init__(self, tshark, rules, presence=True):
        self.tshark = tshark  # tshark's layer names for it
        self.rules = rules
        self.presence = presence  # report frames tshark decodes and mpldump does not

    def ts_names(self):
        return {r.ts for r in self.rules if isinstance(r.ts, str)} | {r.name for r in self.rules}


# tshark subtrees that belong to another protocol: not descended into when
# flattening a layer (the IP header and UDP/TCP ports an ICMP error quotes).
TSHARK_PROTOCOLS = {"eth", "vlan", "sll", "null", "arp", "ip", "ipv6", "icmp", "icmpv6", "udp", "tcp", "dns",
                    "mdns", "dhcp", "bgp", "ssh", "data", "llc"}

REPORT_ORDER = ["ethernet", "sll", "sll2", "null", "arp", "ipv4", "ipv6", "ipv6_extension", "ipv6_fragment",
                "icmp", "udp", "tcp", "dns", "dhcp", "bgp", "bgp_attribute", "ssh_packet", "ssh", "9p"]


def case_field(section_re, case_key, case, field, field_re=None):
    """Values of `<prefix>.<field>` where `<prefix>.<case_key>` is `case`
    (a classify label, or a variant's label), e.g. DNS rdata fields of one
    record type; `field_re` instead of `field` for a pattern. Scanned in
    wire order, so that the same paths in several layers of one frame (BGP
    messages, DNS over TCP) pair each field with the case just before it."""
    full = re.compile("(%s)\\.%s" % (section_re, field_re or re.escape(field)))
    suffix = "." + case_key

    def select(fields):
        cases = {}
        out = []
        for k, v in fields:
            if k.endswith(suffix):
                cases[k[:-len(suffix)]] = v.get("label") if isinstance(v, dict) else v
                continue
            m = full.fullmatch(k)
            if m and cases.get(m.group(1)) == case:
                out.append(v)
        return out

    select.__name__ = "%s:%s" % (case, field)
    return select


def ts_combined(*names):
    def get(ts):
        out = []
        for n in names:
            out.extend(ts.get(n, []))
        return out

    return get


def ts_first(*names):
    """Per JSON object, the first value of any of `names`: an RR's own
    type, not the types its NSEC bitmap lists under the same name."""
    def get(ts):
        seen = set()
        out = []
        for obj, _, key, value in ts.entries:
            if key in names and obj not in seen:
                seen.add(obj)
                out.append(value)
        return out

    get.__name__ = names[0]
    return get


def ts_top(name):
    """Values directly in the protocol's subtree, not in an option's."""
    def get(ts):
        return [value for _, depth, key, value in ts.entries if key == name and depth == 0]

    get.__name__ = name
    return get


def ipv4_dotted(v):
    if isinstance(v, int):
        return "%d.%d.%d.%d" % (v >> 24, (v >> 16) & 255, (v >> 8) & 255, v & 255)
    return v


ETHERNET = Protocol(["eth", "vlan"], [
    Rule(r"destination", "eth.dst", "str"),
    Rule(r"source", "eth.src", "str"),
    Rule(r"ethertype", "eth.type"),
    Rule(r"vid", "vlan.id"),
    Rule(r"pcp", "vlan.priority"),
    Rule(r"dei", "vlan.dei"),
    Rule(r"inner_ethertype", "vlan.etype"),
])

def link_address(fields):
    """SLL's 8-byte address field holds address_length bytes of address."""
    out = []
    n = 0
    for k, v in fields:
        if k == "address_length":
            n = v
        elif k == "address" and n == 6:
            h = v.replace(":", "")[:12]
            out.append(":".join(h[i:i + 2] for i in range(0, 12, 2)))
    return out


# Link layers are always there when the frame is decoded at all; sll and
# sll2 share tshark's "sll" subtree, so presence is not checked for them.
SLL = Protocol(["sll"], presence=False, rules=[
    Rule(r"packet_type", "sll.pkttype"),
    Rule(r"arphrd_type", "sll.hatype"),
    Rule(r"address_length", "sll.halen"),
    Rule(link_address, "sll.src.eth", "str", name="sll.src.eth"),
    Rule(r"protocol", "sll.etype"),
])

SLL2 = Protocol(["sll"], SLL.rules + [Rule(r"interface_index", "sll.ifindex")], presence=False)

def swap32(v):
    # The null header's family is in the writer's byte order; mpldump reads
    # it big-endian (both orders are variant labels), tshark as the writer's.
    return int.from_bytes(v.to_bytes(4, "big"), "little") if v > 0xFFFF else v


NULL = Protocol(["null"], [Rule(r"family", "null.family", mp_conv=swap32)], presence=False)

ARP = Protocol(["arp"], [
    Rule(r"hardware_type", "arp.hw.type"),
    Rule(r"protocol_type", "arp.proto.type"),
    Rule(r"hardware_length", "arp.hw.size"),
    Rule(r"protocol_length", "arp.proto.size"),
    Rule(r"operation", "arp.opcode"),
    Rule(r"sender_hardware_address", "arp.src.hw_mac", "str"),
    Rule(r"sender_protocol_address", "arp.src.proto_ipv4", "str"),
    Rule(r"target_hardware_address", "arp.dst.hw_mac", "str"),
    Rule(r"target_protocol_address", "arp.dst.proto_ipv4", "str"),
])

IPV4 = Protocol(["ip"], [
    Rule(r"version", "ip.version"),
    Rule(r"ihl", "ip.hdr_len", mp_conv=lambda v: v * 4),
    Rule(r"dscp", "ip.dsfield.dscp"),
    Rule(r"ecn", "ip.dsfield.ecn"),
    Rule(r"total_length", "ip.len"),
    Rule(r"identification", "ip.id"),
    Rule(r"reserved", "ip.flags.rb"),
    Rule(r"dont_fragment", "ip.flags.df"),
    Rule(r"more_fragments", "ip.flags.mf"),
    Rule(r"fragment_offset", "ip.frag_offset"),
    Rule(r"ttl", "ip.ttl"),
    Rule(r"protocol", "ip.proto"),
    Rule(r"header_checksum", "ip.checksum"),
    Rule(r"src", "ip.src", "str"),
    Rule(r"dst", "ip.dst", "str"),
    Rule(r"options\.\d+\.option\.type", "ip.opt.type"),
    Rule(r"options\.\d+\.option\.length", "ip.opt.len"),
    Rule(r"options\.\d+\.option\.pointer", "ip.opt.ptr"),
])

IPV6 = Protocol(["ipv6"], [
    Rule(r"version", "ipv6.version"),
    Rule(r"traffic_class", "ipv6.tclass"),
    Rule(r"flow_label", "ipv6.flow"),
    Rule(r"payload_length", "ipv6.plen"),
    Rule(r"next_header", "ipv6.nxt"),
    Rule(r"hop_limit", "ipv6.hlim"),
    Rule(r"src", "ipv6.src", "str"),
    Rule(r"dst", "ipv6.dst", "str"),
])

IPV6_EXTENSION = Protocol(["ipv6"], [
    Rule(r"next_header", "ipv6.hopopts.nxt"),
    Rule(r"header_length", "ipv6.hopopts.len"),
], presence=False)

IPV6_FRAGMENT = Protocol(["ipv6"], [
    Rule(r"next_header", "ipv6.fraghdr.nxt"),
    Rule(r"fragment_offset", "ipv6.fraghdr.offset"),
    Rule(r"more_fragments", "ipv6.fraghdr.more"),
    Rule(r"identification", "ipv6.fraghdr.ident"),
], presence=False)

ICMP = Protocol(["icmp"], [
    Rule(r"type", "icmp.type"),
    Rule(r"code", "icmp.code"),
    Rule(r"checksum", "icmp.checksum"),
    Rule(r"identifier", "icmp.ident"),
    Rule(r"sequence", "icmp.seq"),
    Rule(r"gateway", "icmp.redir_gw", "str", mp_conv=ipv4_dotted),
    Rule(r"address_mask", "icmp.address_mask", "str", mp_conv=ipv4_dotted),
    Rule(r"num_addrs", "icmp.num_addrs"),
    Rule(r"entry_size", "icmp.addr_entry_size"),
    Rule(r"lifetime", "icmp.lifetime"),
    Rule(r"entries\.\d+\.router_address", "icmp.router_address", "str", mp_conv=ipv4_dotted),
    Rule(r"entries\.\d+\.preference", "icmp.pref_level"),
])

UDP = Protocol(["udp"], [
    Rule(r"source_port", "udp.srcport"),
    Rule(r"destination_port", "udp.dstport"),
    Rule(r"length", "udp.length"),
    Rule(r"checksum", "udp.checksum"),
])


def tcp_reserved(ts):
    # mpldump's 4 reserved bits are tshark's 3 "res" bits and the AE (ex-NS) bit.
    res, ae = ts.get("tcp.flags.res", []), ts.get("tcp.flags.ae", [])
    return [as_int(r) << 1 | as_int(a) for r, a in zip(res, ae)]


TCP = Protocol(["tcp"], [
    Rule(r"source_port", "tcp.srcport"),
    Rule(r"destination_port", "tcp.dstport"),
    Rule(r"sequence_number", "tcp.seq_raw"),
    Rule(r"acknowledgment_number", "tcp.ack_raw", partial=True),
    Rule(r"data_offset", "tcp.hdr_len", mp_conv=lambda v: v * 4),
    Rule(r"reserved", tcp_reserved, name="tcp.flags.res+ae"),
    Rule(r"cwr", "tcp.flags.cwr"),
    Rule(r"ece", "tcp.flags.ece"),
    Rule(r"urg", "tcp.flags.urg"),
    Rule(r"ack", "tcp.flags.ack"),
    Rule(r"psh", "tcp.flags.push"),
    Rule(r"rst", "tcp.flags.reset"),
    Rule(r"syn", "tcp.flags.syn"),
    Rule(r"fin", "tcp.flags.fin"),
    Rule(r"window", "tcp.window_size_value"),
    Rule(r"checksum", "tcp.checksum"),
    Rule(r"urgent_pointer", "tcp.urgent_pointer"),
    Rule(r"options\.\d+\.option\.kind", "tcp.option_kind"),
    Rule(r"options\.\d+\.option\.length", "tcp.option_len"),
    Rule(r"options\.\d+\.option\.mss", "tcp.options.mss_val"),
    Rule(r"options\.\d+\.option\.shift", "tcp.options.wscale.shift"),
    Rule(r"options\.\d+\.option\.timestamp_value", "tcp.options.timestamp.tsval"),
    Rule(r"options\.\d+\.option\.timestamp_echo_reply", "tcp.options.timestamp.tsecr"),
    Rule(r"options\.\d+\.option\.blocks\.\d+\.left_edge", "tcp.options.sack_le"),
    Rule(r"options\.\d+\.option\.blocks\.\d+\.right_edge", "tcp.options.sack_re"),
])

RR = r"(?:answers|authority|additional)\.\d+\.rr"


def rdata(case, field, ts, kind="int"):
    return Rule(case_field(RR + r"\.rdata", "rtype_case", case, field), ts, kind)


DNS = Protocol(["dns", "mdns"], [
    Rule(r"id", "dns.id"),
    Rule(r"qr", "dns.flags.response"),
    Rule(r"opcode", "dns.flags.opcode"),
    Rule(r"aa", "dns.flags.authoritative", partial=True),
    Rule(r"tc", "dns.flags.truncated"),
    Rule(r"rd", "dns.flags.recdesired"),
    Rule(r"ra", "dns.flags.recavail", partial=True),
    Rule(r"z", "dns.flags.z"),
    Rule(r"ad", "dns.flags.authenticated", partial=True),
    Rule(r"cd", "dns.flags.checkdisable"),
    Rule(r"rcode", "dns.flags.rcode", partial=True),
    Rule(r"qdcount", "dns.count.queries"),
    Rule(r"ancount", "dns.count.answers"),
    Rule(r"nscount", "dns.count.auth_rr"),
    Rule(r"arcount", "dns.count.add_rr"),
    Rule(r"questions\.\d+\.qname", "dns.qry.name", "name"),
    Rule(r"questions\.\d+\.qtype", "dns.qry.type"),
    Rule(r"questions\.\d+\.qclass", "dns.qry.class"),
    Rule(RR + r"\.name", ts_first("dns.resp.name", "dns.srv.name"), "name"),
    Rule(RR + r"\.type", ts_first("dns.resp.type")),
    Rule(RR + r"\.rclass", "dns.resp.class"),
    Rule(RR + r"\.ttl", "dns.resp.ttl"),
    Rule(RR + r"\.rdlength", "dns.resp.len"),
    rdata("A", "address", "dns.a", "str"),
    rdata("AAAA", "address", "dns.aaaa", "str"),
    rdata("CNAME", "cname", "dns.cname", "name"),
    rdata("NS", "nsdname", "dns.ns", "name"),
    rdata("PTR", "ptrdname", "dns.ptr.domain_name", "name"),
    rdata("MX", "preference", "dns.mx.preference"),
    rdata("MX", "exchange", "dns.mx.mail_exchange", "name"),
    rdata("SOA", "mname", "dns.soa.mname", "name"),
    rdata("SOA", "rname", "dns.soa.rname", "name"),
    rdata("SOA", "serial", "dns.soa.serial_number"),
    rdata("SOA", "refresh", "dns.soa.refresh_interval"),
    rdata("SOA", "retry", "dns.soa.retry_interval"),
    rdata("SOA", "expire", "dns.soa.expire_limit"),
    rdata("SOA", "minimum", "dns.soa.minimum_ttl"),
    Rule(RR + r"\.rdata\.strings\.\d+\.length", ts_combined("dns.txt.length", "dns.spf.length"),
         name="dns.txt.length"),
    Rule(RR + r"\.rdata\.strings\.\d+\.text", ts_combined("dns.txt", "dns.spf"), "text", name="dns.txt"),
    rdata("SRV", "priority", "dns.srv.priority"),
    rdata("SRV", "weight", "dns.srv.weight"),
    rdata("SRV", "port", "dns.srv.port"),
    rdata("SRV", "target", "dns.srv.target", "name"),
    rdata("HINFO", "cpu", "dns.hinfo.cpu", "text"),
    rdata("HINFO", "os", "dns.hinfo.os", "text"),
    rdata("NAPTR", "order", "dns.naptr.order"),
    rdata("NAPTR", "preference", "dns.naptr.preference"),
    rdata("NAPTR", "flags", "dns.naptr.flags", "text"),
    rdata("NAPTR", "services", "dns.naptr.service", "text"),
    rdata("NAPTR", "regexp", "dns.naptr.regex", "text"),
    rdata("NAPTR", "replacement", "dns.naptr.replacement", "name"),
    rdata("DS", "key_tag", "dns.ds.key_id"),
    rdata("DS", "algorithm", "dns.ds.algorithm"),
    rdata("DS", "digest_type", "dns.ds.digest_type"),
    rdata("DS", "digest", "dns.ds.digest", "hex"),
    rdata("RRSIG", "type_covered", "dns.rrsig.type_covered"),
    rdata("RRSIG", "algorithm", "dns.rrsig.algorithm"),
    rdata("RRSIG", "labels", "dns.rrsig.labels"),
    rdata("RRSIG", "original_ttl", "dns.rrsig.original_ttl"),
    rdata("RRSIG", "key_tag", "dns.rrsig.key_tag"),
    rdata("RRSIG", "signer_name", "dns.rrsig.signers_name", "name"),
    rdata("RRSIG", "signature", "dns.rrsig.signature", "hex"),
    rdata("NSEC", "next_domain_name", "dns.nsec.next_domain_name", "name"),
    rdata("DNSKEY", "flags", "dns.dnskey.flags"),
    rdata("DNSKEY", "protocol", "dns.dnskey.protocol"),
    rdata("DNSKEY", "algorithm", "dns.dnskey.algorithm"),
    rdata("DNSKEY", "public_key", "dns.dnskey.public_key", "hex"),
    rdata("CAA", "flags", "dns.caa.flags"),
    rdata("CAA", "tag", "dns.caa.tag", "text"),
    rdata("CAA", "caa_value", "dns.caa.value", "text"),
    Rule(RR + r"\.udp_payload_size", "dns.rr.udp_payload_size"),
    Rule(RR + r"\.extended_rcode", "dns.resp.ext_rcode"),
    Rule(RR + r"\.version", "dns.resp.edns0_version"),
    Rule(RR + r"\.dnssec_ok", "dns.resp.z.do"),
    Rule(RR + r"\.options\.\d+\.code", "dns.opt.code"),
    Rule(RR + r"\.options\.\d+\.length", "dns.opt.len"),
])

DHCP_OPT = r"options\.list\.\d+"


def dhcp_option(case, field, ts, kind="int"):
    return Rule(case_field(DHCP_OPT, "code_case", case, field), ts, kind)


def dhcp_addresses(case, ts):
    return Rule(case_field(DHCP_OPT, "code_case", case, None, r"addresses\.\d+\.address"), ts, "str")


def c_string(v):
    """sname and file are NUL-terminated text in fixed-size fields."""
    return bytes.fromhex(v).split(b"\0", 1)[0].decode("latin-1")


def dhcp_chaddr(fields):
    f = dict(fields)
    if f.get("htype") == 1 and f.get("hlen") == 6 and isinstance(f.get("chaddr"), str):
        h = f["chaddr"][:12]
        return [":".join(h[i:i + 2] for i in range(0, 12, 2))]
    return []


def dhcp_request_list(fields):
    out = []
    for v in case_field(DHCP_OPT, "code_case", "ParameterRequestList", "codes")(fields):
        out.extend(int(v[i:i + 2], 16) for i in range(0, len(v), 2))
    return out


def dhcp_option_types(ts):
    """tshark 4.0 gives the End option type 0 and its 255 as dhcp.option.end
    inside; put the 255 back."""
    out = []
    for _, _, key, value in ts.entries:
        if key == "dhcp.option.type":
            out.append(value)
        elif key == "dhcp.option.end" and out:
            out[-1] = value
    return out


DHCP = Protocol(["dhcp"], [
    Rule(r"op", "dhcp.type"),
    Rule(r"htype", ts_top("dhcp.hw.type")),
    Rule(r"hlen", "dhcp.hw.len"),
    Rule(r"hops", "dhcp.hops"),
    Rule(r"xid", "dhcp.id"),
    Rule(r"secs", "dhcp.secs"),
    Rule(r"broadcast", "dhcp.flags.bc"),
    Rule(r"flags_reserved", "dhcp.flags.reserved"),
    Rule(r"ciaddr", "dhcp.ip.client", "str"),
    Rule(r"yiaddr", "dhcp.ip.your", "str"),
    Rule(r"siaddr", "dhcp.ip.server", "str"),
    Rule(r"giaddr", "dhcp.ip.relay", "str"),
    Rule(dhcp_chaddr, ts_top("dhcp.hw.mac_addr"), "str", name="dhcp.hw.mac_addr"),
    Rule(r"sname", ts_top("dhcp.server"), "str", mp_conv=c_string, name="dhcp.server"),
    Rule(r"file", ts_top("dhcp.file"), "str", mp_conv=c_string, name="dhcp.file"),
    Rule(r"magic_cookie", "dhcp.cookie", "str", mp_conv=ipv4_dotted),
    Rule(DHCP_OPT + r"\.code", dhcp_option_types, partial=True, name="dhcp.option.type"),
    Rule(DHCP_OPT + r"\.length", "dhcp.option.length", partial=True),
    dhcp_option("MessageType", "message_type", "dhcp.option.dhcp"),
    dhcp_option("SubnetMask", "subnet_mask", "dhcp.option.subnet_mask", "str"),
    Rule(case_field(DHCP_OPT, "code_case", "TimeOffset", "offset_seconds"), "dhcp.option.time_offset"),
    dhcp_option("BroadcastAddress", "broadcast_address", "dhcp.option.broadcast_address", "str"),
    dhcp_option("RequestedIpAddress", "requested_address", "dhcp.option.requested_ip_address", "str"),
    dhcp_option("ServerIdentifier", "server_address", "dhcp.option.dhcp_server_id", "str"),
    dhcp_option("LeaseTime", "lease_seconds", "dhcp.option.ip_address_lease_time"),
    dhcp_option("RenewalTime", "renewal_seconds", "dhcp.option.renewal_time_value"),
    dhcp_option("RebindingTime", "rebinding_seconds", "dhcp.option.rebinding_time_value"),
    dhcp_option("MaximumMessageSize", "maximum_size", "dhcp.option.dhcp_max_message_size"),
    dhcp_option("OptionOverload", "overload", "dhcp.option.option_overload"),
    dhcp_option("HostName", "name", "dhcp.option.hostname", "text"),
    dhcp_option("DomainName", "name", "dhcp.option.domain_name", "text"),
    dhcp_option("VendorClassIdentifier", "text", "dhcp.option.vendor_class_id", "text"),
    dhcp_option("Message", "text", "dhcp.option.message", "text"),
    dhcp_addresses("Router", "dhcp.option.router"),
    dhcp_addresses("DomainNameServer", "dhcp.option.domain_name_server"),
    dhcp_addresses("NtpServers", "dhcp.option.ntp_server"),
    Rule(dhcp_request_list, "dhcp.option.request_list_item", name="dhcp.option.request_list_item"),
])

CAP = r"optional_parameters\.\d+\.parameter\.capabilities\.\d+\.capability"


def bgp_prefixes(array, bits):
    """"a.b.c.d/len" for each IPv4 prefix of `array`; the length field comes
    just before its prefix in wire order."""
    full = re.compile(r"%s\.\d+\.prefix\.prefix" % array)
    length = re.compile(r"%s\.\d+\.prefix\.prefix_length" % array)

    def select(fields):
        out = []
        n = None
        for k, v in fields:
            if length.fullmatch(k):
                n = v
            elif full.fullmatch(k):
                raw = bytes.fromhex(v) + bytes(bits // 8)
                out.append(".".join(str(b) for b in raw[:4]) + "/%s" % n)
        return out

    select.__name__ = array
    return select


def capability(case, field_re, ts, kind="int"):
    return Rule(case_field(CAP[:-len(r"\.capability")] , "capability.code", case, None,
                           r"capability\." + field_re), ts, kind)


def attribute(case, ts, kind="int", conv=None):
    """A path attribute's value (bytes in the spec) as tshark decodes it."""
    return Rule(case_field(r"path_attributes\.\d+", "attribute.type_code", case, "attribute.value"), ts, kind,
                mp_conv=conv or (lambda v: int(v, 16) if v else v))


def ts_prefixes(address, length):
    def get(ts):
        return ["%s/%s" % (a, n) for a, n in zip(ts.get(address, []), ts.get(length, []))]

    return get


BGP = Protocol(["bgp"], [
    Rule(r"marker", "bgp.marker", "hex"),
    Rule(r"length", "bgp.length"),
    Rule(r"type", "bgp.type"),
    Rule(r"version", "bgp.open.version"),
    Rule(r"my_as", "bgp.open.myas"),
    Rule(r"hold_time", "bgp.open.holdtime"),
    Rule(r"bgp_identifier", "bgp.open.identifier", "str"),
    Rule(r"optional_parameters_length", "bgp.open.opt.len"),
    Rule(r"optional_parameters\.\d+\.parameter\.parameter_type", "bgp.open.opt.param.type"),
    Rule(r"optional_parameters\.\d+\.parameter\.parameter_length", "bgp.open.opt.param.len"),
    Rule(CAP + r"\.code", "bgp.cap.type"),
    Rule(CAP + r"\.capability_length", "bgp.cap.length"),
    Rule(CAP + r"\.as_number", "bgp.cap.4as"),
    capability("Multiprotocol", "afi", "bgp.cap.mp.afi"),
    capability("Multiprotocol", "safi", "bgp.cap.mp.safi"),
    capability("GracefulRestart", "restart_time", "bgp.cap.gr.timers.restart_time"),
    capability("GracefulRestart", r"families\.\d+\.afi", "bgp.cap.gr.afi"),
    capability("GracefulRestart", r"families\.\d+\.safi", "bgp.cap.gr.safi"),
    capability("AddPath", r"families\.\d+\.afi", "bgp.cap.ap.afi"),
    capability("AddPath", r"families\.\d+\.safi", "bgp.cap.ap.safi"),
    capability("AddPath", r"families\.\d+\.send_receive", "bgp.cap.ap.sendreceive"),
    capability("Fqdn", "hostname", "bgp.cap.orf.fqdn.hostname", "text"),
    capability("Fqdn", "domain_name", "bgp.cap.orf.fqdn.domain_name", "text"),
    Rule(r"withdrawn_routes_length", "bgp.update.withdrawn_routes.length"),
    Rule(r"total_path_attribute_length", "bgp.update.path_attributes.length"),
    Rule(r"path_attributes\.\d+\.attribute\.optional", "bgp.update.path_attribute.flags.optional"),
    Rule(r"path_attributes\.\d+\.attribute\.transitive", "bgp.update.path_attribute.flags.transitive"),
    Rule(r"path_attributes\.\d+\.attribute\.partial", "bgp.update.path_attribute.flags.partial"),
    Rule(r"path_attributes\.\d+\.attribute\.extended_length", "bgp.update.path_attribute.flags.extended_length"),
    Rule(r"path_attributes\.\d+\.attribute\.type_code", "bgp.update.path_attribute.type_code"),
    Rule(r"path_attributes\.\d+\.attribute\.attribute_length", "bgp.update.path_attribute.length"),
    attribute("Origin", "bgp.update.path_attribute.origin"),
    attribute("NextHop", "bgp.update.path_attribute.next_hop", "str",
              conv=lambda v: ".".join(str(b) for b in bytes.fromhex(v))),
    attribute("MultiExitDisc", "bgp.update.path_attribute.multi_exit_disc"),
    attribute("LocalPref", "bgp.update.path_attribute.local_pref"),
    Rule(bgp_prefixes("withdrawn_routes", 32), ts_prefixes("bgp.withdrawn_prefix", "bgp.prefix_length"), "str",
         name="bgp.withdrawn_prefix"),
    Rule(bgp_prefixes("nlri", 32), ts_prefixes("bgp.nlri_prefix", "bgp.prefix_length"), "str",
         name="bgp.nlri_prefix"),
    Rule(r"error_code", "bgp.notify.major_error"),
    Rule(r"cease_subcode", "bgp.notify.minor_error_cease"),
    Rule(r"afi", "bgp.route_refresh.afi"),
    Rule(r"subtype", "bgp.route_refresh.subtype"),
    Rule(r"safi", "bgp.route_refresh.safi"),
])


def bgp_mp_case(case, field):
    """`field` of each `case` value (MpReachNlri, MpUnreachNlri) among the
    frame's bgp_attribute layers, in wire order."""
    def select(fields):
        out, current = [], None
        for k, v in fields:
            if k == "type_code_case":
                current = v
            elif k == field and current == case:
                out.append(v)
        return out

    select.__name__ = "%s:%s" % (case, field)
    return select


def bgp_mp_prefixes(case, array, afi):
    """The prefixes of each `case` value's `array` (MpReachNlri: nlri,
    MpUnreachNlri: withdrawn) among the frame's bgp_attribute layers, for
    IPv4 (afi 1) or IPv6 (afi 2) unicast, as tshark shows them: the address
    the prefix's bytes start, zero-padded (a zero-length prefix has none)."""
    length = re.compile(r"%s\.\d+\.prefix\.prefix_length" % array)
    prefix = re.compile(r"%s\.\d+\.prefix\.prefix" % array)

    def address(raw):
        if afi == 1:
            return str(ipaddress.IPv4Address(raw.ljust(4, b"\0")))
        return ipaddress.IPv6Address(raw.ljust(16, b"\0")).compressed

    def select(fields):
        out, current, family = [], None, None
        for k, v in fields:
            if k == "type_code_case":
                current, family = v, None
            elif k == "afi":
                family = v.get("value") if isinstance(v, dict) else v
            elif current != case or family != afi:
                continue
            elif length.fullmatch(k) and v == 0:
                out.append(address(b""))
            elif prefix.fullmatch(k):
                out.append(address(bytes.fromhex(v)))
        return out

    select.__name__ = "%s:%s" % (case, array)
    return select


# Path attribute values, parsed on their own (layers bgp_attribute): the
# multiprotocol ones (RFC 4760), whose prefixes tshark lists per family.
# tshark shows them inside its "bgp" layer; presence is not compared (a
# frame of KEEPALIVEs has a "bgp" layer and no attribute).
BGP_ATTRIBUTE = Protocol(["bgp"], [
    Rule(bgp_mp_case("MpReachNlri", "afi"), "bgp.update.path_attribute.mp_reach_nlri.afi"),
    Rule(bgp_mp_case("MpReachNlri", "safi"), "bgp.update.path_attribute.mp_reach_nlri.safi"),
    Rule(bgp_mp_case("MpUnreachNlri", "afi"), "bgp.update.path_attribute.mp_unreach_nlri.afi"),
    Rule(bgp_mp_case("MpUnreachNlri", "safi"), "bgp.update.path_attribute.mp_unreach_nlri.safi"),
    Rule(bgp_mp_prefixes("MpReachNlri", "nlri", 1), "bgp.mp_reach_nlri_ipv4_prefix", "str"),
    Rule(bgp_mp_prefixes("MpReachNlri", "nlri", 2), "bgp.mp_reach_nlri_ipv6_prefix", "str"),
    Rule(bgp_mp_prefixes("MpUnreachNlri", "withdrawn", 1), "bgp.mp_unreach_nlri_ipv4_prefix", "str"),
    Rule(bgp_mp_prefixes("MpUnreachNlri", "withdrawn", 2), "bgp.mp_unreach_nlri_ipv6_prefix", "str"),
], presence=False)


def ssh_version_line(fields):
    f = dict(fields)
    out = []
    # One version line per layer; a frame holds at most one.
    if "proto_version" in f:
        line = "SSH-%s-%s" % (f["proto_version"], f.get("software_version", ""))
        if "comments" in f:
            line += " " + f["comments"]
        out.append(line)
    return out


SSH_PACKET = Protocol(["ssh"], [
    Rule(r"packet_length", "ssh.packet_length"),
    Rule(r"padding_length", "ssh.padding_length"),
    Rule(r"padding", "ssh.padding_string", "hex"),
], presence=False)

SSH = Protocol(["ssh"], [
    Rule(ssh_version_line, "ssh.protocol", "str", name="ssh.protocol"),
    Rule(r"message_number", "ssh.message_code"),
    Rule(r"cookie", "ssh.cookie", "hex"),
    Rule(r"kex_algorithms", "ssh.kex_algorithms", "str"),
    Rule(r"server_host_key_algorithms", "ssh.server_host_key_algorithms", "str"),
    Rule(r"encryption_algorithms_client_to_server", "ssh.encryption_algorithms_client_to_server", "str"),
    Rule(r"encryption_algorithms_server_to_client", "ssh.encryption_algorithms_server_to_client", "str"),
    Rule(r"mac_algorithms_client_to_server", "ssh.mac_algorithms_client_to_server", "str"),
    Rule(r"mac_algorithms_server_to_client", "ssh.mac_algorithms_server_to_client", "str"),
    Rule(r"compression_algorithms_client_to_server", "ssh.compression_algorithms_client_to_server", "str"),
    Rule(r"compression_algorithms_server_to_client", "ssh.compression_algorithms_server_to_client", "str"),
    Rule(r"languages_client_to_server", "ssh.languages_client_to_server", "str"),
    Rule(r"languages_server_to_client", "ssh.languages_server_to_client", "str"),
    Rule(r"first_kex_packet_follows", "ssh.first_kex_packet_follows"),
    Rule(r"reserved", "ssh.kex.reserved"),
    Rule(r"e", "ssh.dh.e", "hex"),
    Rule(r"f", "ssh.dh.f", "hex"),
    Rule(r"p", "ssh.dh_gex.p", "hex"),
    Rule(r"g", "ssh.dh_gex.g", "hex"),
    Rule(r"min_bits", "ssh.dh_gex.min"),
    Rule(r"preferred_bits", "ssh.dh_gex.nbits"),
    Rule(r"max_bits", "ssh.dh_gex.max"),
    Rule(r"client_public", "ssh.ecdh.q_c", "hex"),
    Rule(r"server_public", "ssh.ecdh.q_s", "hex"),
    Rule(r"host_key_length", "ssh.host_key.length"),
    Rule(r"signature_length", "ssh.host_sig.length"),
])

PROTOCOLS = {
    "ethernet": ETHERNET, "sll": SLL, "sll2": SLL2, "null": NULL, "arp": ARP, "ipv4": IPV4, "ipv6": IPV6,
    "ipv6_extension": IPV6_EXTENSION, "ipv6_fragment": IPV6_FRAGMENT, "icmp": ICMP, "udp": UDP, "tcp": TCP,
    "dns": DNS, "dhcp": DHCP, "bgp": BGP, "bgp_attribute": BGP_ATTRIBUTE, "ssh_packet": SSH_PACKET, "ssh": SSH,
}
