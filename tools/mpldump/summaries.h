// The one-line summary of each protocol (docs/mpldump.md, "Summary lines"):
// data, not code. The first rule of a layer's protocol whose conditions
// hold gives that layer's piece of the line; the pieces join with ": ".
//
//   when     space-separated conditions, all must hold: `path` (the field
//            exists), `!path` (it does not), `path=TEXT` (its label, or its
//            value, is TEXT), `after=PROTOCOL` (the layer before is one).
//   format   text with `{path}` (a field's label, value or text; a long
//            byte string as <N bytes>), `{#path}` (elements of an array),
//            `{$size}` (the layer's bytes), `{PROTOCOL:path}` (a field of
//            the nearest earlier layer of that protocol), and optional
//            groups `[...]`, left out when a placeholder in them is missing,
//            or `[CONDITION|...]`, left out unless CONDITION holds
//            (`path!=TEXT` too); `\\[` and `\\]` are brackets.
//   replace  the piece replaces the previous layer's (UDP and TCP take the
//            IP layer's addresses into their own piece, as tcpdump does).
//
// Paths are the JSON paths of the layer's fields (`answers.0.rr.type`);
// `*` as a path component matches any array element (the first that has
// the rest of the path). Adding a protocol: add rules here, nothing else.
#pragma once

namespace mpldump {

struct SummaryRule {
  const char* protocol;
  const char* when;
  const char* format;
  bool replace = false;
};

inline constexpr SummaryRule kSummaryRules[] = {
    // Link layers say nothing unless nothing above them decoded (the
    // fallback is the protocol name).
    {"arp", "operation=Request", "ARP, Request who-has {target_protocol_address} tell {sender_protocol_address}"},
    {"arp", "operation=Reply", "ARP, Reply {sender_protocol_address} is-at {sender_hardware_address}"},
    {"arp", "", "ARP, {operation}"},
    {"ipv4", "", "IP {src} > {dst}[more_fragments=1| (fragment)][fragment_offset!=0| (fragment)]"},
    {"ipv6", "", "IP6 {src} > {dst}"},
    {"icmp", "type=EchoRequest", "ICMP echo request, id {identifier}, seq {sequence}, length {$size}"},
    {"icmp", "type=EchoReply", "ICMP echo reply, id {identifier}, seq {sequence}, length {$size}"},
    {"icmp", "", "ICMP {type}, code {code}, length {$size}"},
    {"udp", "after=ipv4", "IP {ipv4:src}.{source_port} > {ipv4:dst}.{destination_port}: UDP, length {length}", true},
    {"udp", "after=ipv6", "IP6 {ipv6:src}.{source_port} > {ipv6:dst}.{destination_port}: UDP, length {length}", true},
    {"udp", "", "UDP {source_port} > {destination_port}, length {length}"},
    {"tcp", "after=ipv4",
     "IP {ipv4:src}.{source_port} > {ipv4:dst}.{destination_port}: Flags \\[[syn=1|S][fin=1|F][rst=1|R][psh=1|P][ack=1|.]\\], "
     "seq {sequence_number}[ack=1|, ack {acknowledgment_number}], win {window}",
     true},
    {"tcp", "after=ipv6",
     "IP6 {ipv6:src}.{source_port} > {ipv6:dst}.{destination_port}: Flags \\[[syn=1|S][fin=1|F][rst=1|R][psh=1|P][ack=1|.]\\], "
     "seq {sequence_number}[ack=1|, ack {acknowledgment_number}], win {window}",
     true},
    {"dns", "qr=0",
     "DNS {id}[rd=1|+] [{questions.0.qtype}? ][{questions.0.qname} ]({$size})"},
    {"dns", "qr=1",
     "DNS {id}[rcode!=NoError| {rcode}] {ancount}/{nscount}/{arcount}[ {answers.0.rr.type}][ {answers.0.rr.rdata.address}]"
     "[ {answers.0.rr.rdata.name}] ({$size})"},
    {"dhcp", "", "DHCP {op}[ {options.list.*.message_type}], xid {xid}[ciaddr!=0.0.0.0|, ciaddr {ciaddr}]"
                 "[yiaddr!=0.0.0.0|, yiaddr {yiaddr}], length {$size}"},
    {"bgp", "type=Open", "BGP OPEN AS {my_as} hold {hold_time} id {bgp_identifier}"},
    {"bgp", "type=Update", "BGP UPDATE {#nlri} prefixes withdrawn {#withdrawn_routes}"},
    {"bgp", "type=Notification", "BGP NOTIFICATION {error_code}"},
    {"bgp", "", "BGP {type}"},
    // The prefixes of other families than the UPDATE's own IPv4 unicast
    // (RFC 4760); the other attribute values say nothing on the line.
    {"bgp_attribute", "type_code_case=MpReachNlri", "MP_REACH {afi} {safi}[ {#nlri} prefixes]"},
    {"bgp_attribute", "type_code_case=MpUnreachNlri", "MP_UNREACH {afi} {safi}[ {#withdrawn} prefixes]"},
    {"ssh", "proto_version", "SSH version {proto_version} {software_version}"},
    {"ssh", "", "SSH {message_number}"},
    {"ssh_encrypted", "packet_length", "SSH encrypted packet length {packet_length}, {length} bytes"},
    {"ssh_encrypted", "", "SSH encrypted {length} bytes"},
    {"9p", "", "9P {type} tag {tag}[ fid {fid}][ newfid {newfid}][ offset {offset}][ count {count}][ version {version}]"},
};

}  // namespace mpldump
