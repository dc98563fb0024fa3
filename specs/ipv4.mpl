// The Internet Protocol, version 4 (RFC 791), with the later redefinitions
// of the second byte (DSCP, RFC 2474; ECN, RFC 3168) and of the flags.

packet ipv4 {
  version: bit[4] const(4);

  // Internet Header Length in 32-bit words: 5 without options, at most 15.
  // Options end the header, so the length is where they end, divided by 4.
  ihl: bit[4] min(5) value(offset(options) / 4);

  dscp: bit[6] default(0);                    // RFC 2474 section 3
  ecn:  bit[2] variant {                      // RFC 3168 section 5
    |0 => NotEct
    |1 -> Ect1
    |2 -> Ect0
    |3 -> CongestionExperienced
  };

  // The whole datagram, header and data, in bytes.
  total_length: uint16 min(20) value(offset(payload));

  identification: uint16 default(0);

  // RFC 791 section 3.1, "Flags": bit 0 is reserved and must be zero.
  reserved:        bit[1] const(0);
  dont_fragment:   bit[1] default(0);
  more_fragments:  bit[1] default(0);
  // In units of 8 bytes from the start of the original datagram.
  fragment_offset: bit[13] default(0);

  ttl: uint8 default(64);

  // IANA "Assigned Internet Protocol Numbers".
  protocol: uint8 variant {
    |1   -> ICMP
    |2   -> IGMP
    |4   -> IPinIP
    |6   -> TCP
    |17  -> UDP
    |41  -> IPv6
    |47  -> GRE
    |50  -> ESP
    |51  -> AH
    |58  -> ICMPv6
    |89  -> OSPF
    |103 -> PIM
    |112 -> VRRP
    |132 -> SCTP
  };

  // The Internet checksum of the header only (RFC 791 section 3.1, "Header
  // Checksum"), options included, up to the label `header_end`.
  header_checksum: uint16 checksum(internet, header_end);

  src: uint32;
  dst: uint32;

  // The options fill the rest of the header. Each is one byte (End of
  // Option List, No Operation) or type/length/data; the header is padded
  // with zeros to a 32-bit boundary, and the builder pads what it is given.
  options: array bytes (ihl * 4 - 20) {
    option: packet ipv4_option();
  } align(32);

  header_end: label;

  // The data, as far as total_length says; anything after it in the buffer
  // (Ethernet padding) is not part of the datagram. The pseudo-header
  // fields are handed to a nested UDP or TCP builder for its checksum.
  payload: byte[total_length - ihl * 4] pseudo_header(src, dst, protocol);
}

// One IPv4 option (RFC 791 section 3.1, "Options"). The type byte is
// copied flag (1 bit), class (2 bits) and number (5 bits); the classify
// matches the whole byte, since that is how the values are registered
// (IANA "IP Option Numbers").
packet ipv4_option {
  type: uint8 variant {
    |0   -> EndOfOptionList
    |1   -> NoOperation
    |7   -> RecordRoute
    |68  -> Timestamp
    |131 -> LooseSourceRoute
    |137 -> StrictSourceRoute
    |148 -> RouterAlert
  };

  classify (type) {
    // Marks the end of the options; what follows up to the end of the
    // header is padding (RFC 791: "the remainder of the header ... is zero").
    |0:"EndOfOptionList" -> padding: byte[remaining()];

    |1:"NoOperation" -> ();

    // RFC 791 "Record Route": the pointer is the 1-based offset within the
    // option of the next free slot (4 = empty), followed by 4-byte addresses.
    |7:"RecordRoute" ->
      length:  uint8 min(3) value(offset(route));
      pointer: uint8 min(4) default(4);
      route:   array bytes (length - 3) { address: uint32; };

    // Loose and strict source routes share the record-route format.
    |131:"LooseSourceRoute" ->
      length:  uint8 min(3) value(offset(route));
      pointer: uint8 min(4) default(4);
      route:   array bytes (length - 3) { address: uint32; };
    |137:"StrictSourceRoute" ->
      length:  uint8 min(3) value(offset(route));
      pointer: uint8 min(4) default(4);
      route:   array bytes (length - 3) { address: uint32; };

    // RFC 791 "Internet Timestamp": the pointer (5 = empty), a 4-bit overflow
    // count and a 4-bit flag saying what each entry holds.
    |68:"Timestamp" ->
      length:   uint8 min(4) value(offset(entries_end));
      pointer:  uint8 min(5) default(5);
      overflow: bit[4] default(0);
      flag:     bit[4] variant {
        |0 => TimestampsOnly
        |1 -> WithAddresses
        |3 -> Prespecified
      };
      classify (flag) {
        |0:"TimestampsOnly" ->
          stamps: array bytes (length - 4) { timestamp: uint32; };
        // Flag 1: each router records its address and a timestamp.
        // Flag 3: the sender lists the addresses; routers fill the stamps.
        |1:"WithAddresses" ->
          entries: array bytes (length - 4) { address: uint32; timestamp: uint32; };
        |3:"Prespecified" ->
          entries: array bytes (length - 4) { address: uint32; timestamp: uint32; };
        |_:"UnknownFlag" ->
          data: byte[length - 4];
      };
      entries_end: label;

    // RFC 2113 section 2.1: always four bytes; value 0 asks every router to
    // examine the packet, other values are assigned by IANA.
    |148:"RouterAlert" ->
      length: uint8 const(4);
      alert:  uint16 variant { |0 => ExaminePacket };

    // Any other option keeps its type/length/data shape (RFC 791: options
    // other than the two single-byte ones carry a length that counts the
    // type and length bytes).
    |_:"Unknown" ->
      length: uint8 min(2) value(offset(data));
      data:   byte[length - 2];
  };
}
