// IPv6 (RFC 8200): the fixed header. Extension headers are chained by
// next_header; ipv6_extension reads one hop-by-hop, routing or destination
// options header (all share the length-in-8-octet-units framing) and
// ipv6_fragment the fragment header.
packet ipv6 {
  version: bit[4] const(6);
  traffic_class: bit[8] default(0);
  flow_label: bit[20] default(0);
  payload_length: uint16 value(sizeof(payload));
  next_header: uint8 variant {
    |0 -> HopByHop |6 -> TCP |17 -> UDP |43 -> Routing |44 -> Fragment
    |58 -> ICMPv6 |59 -> NoNextHeader |60 -> DestinationOptions
  };
  hop_limit: uint8 default(64);
  src: byte[16];
  dst: byte[16];
  payload: byte[payload_length];
}

// Hop-by-hop options (0), routing (43), destination options (60).
packet ipv6_extension {
  next_header: uint8;
  header_length: uint8 value((sizeof(data) - 6) / 8);  // 8-octet units after the first 8
  data: byte[header_length * 8 + 6];
  payload: byte[remaining()];
}

packet ipv6_fragment {
  next_header: uint8;
  reserved: uint8;
  fragment_offset: bit[13];
  reserved_bits: bit[2];
  more_fragments: bit[1];
  identification: uint32;
  payload: byte[remaining()];
}
