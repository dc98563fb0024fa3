// The Internet Control Message Protocol for IPv4: RFC 792, with address
// masks (RFC 950), router discovery (RFC 1256), the next-hop MTU of
// "fragmentation needed" (RFC 1191) and the original-datagram length of
// multi-part messages (RFC 4884). RFC 6918 has since deprecated the
// information and address-mask messages; they are kept so old traffic
// still parses.

packet icmp {
  type: uint8 variant {
    |0  -> EchoReply
    |3  -> DestinationUnreachable
    |4  -> SourceQuench             // deprecated by RFC 6633
    |5  -> Redirect
    |8  -> EchoRequest
    |9  -> RouterAdvertisement
    |10 -> RouterSolicitation
    |11 -> TimeExceeded
    |12 -> ParameterProblem
    |13 -> Timestamp
    |14 -> TimestampReply
    |15 -> InformationRequest
    |16 -> InformationReply
    |17 -> AddressMaskRequest
    |18 -> AddressMaskReply
  };

  // The meaning of the code depends on the type, so it has no variant of its
  // own; the values are listed at each message below.
  code: uint8 default(0);

  // The Internet checksum of the whole ICMP message, header and data
  // (RFC 792, "Checksum"); there is no pseudo-header.
  checksum: uint16 checksum(internet);

  classify (type) {
    // RFC 792 "Echo or Echo Reply Message": identifier and sequence number
    // let the sender match replies; the data is echoed back unchanged.
    |8:"EchoRequest" ->
      identifier: uint16;
      sequence:   uint16;
      data:       byte[remaining()];
    |0:"EchoReply" ->
      identifier: uint16;
      sequence:   uint16;
      data:       byte[remaining()];

    // Code 4, "fragmentation needed and DF set": RFC 1191 section 4 puts the
    // MTU of the next-hop network in the low 16 bits of the unused word.
    |3:"FragmentationNeeded" when (code == 4) ->
      unused:          uint8 default(0);
      original_length: uint8 default(0);    // RFC 4884: 32-bit words, 0 = not given
      next_hop_mtu:    uint16;
      original:        byte[remaining()];   // IP header + at least 64 bits of data
    // Codes 0 net, 1 host, 2 protocol, 3 port unreachable, 5 source route
    // failed (RFC 792); 6..15 from RFC 1122 and RFC 1812.
    |3:"DestinationUnreachable" ->
      unused:          uint8 default(0);
      original_length: uint8 default(0);    // RFC 4884
      reserved:        uint16 default(0);
      original:        byte[remaining()];

    |4:"SourceQuench" ->
      unused:   uint32 default(0);
      original: byte[remaining()];

    // Codes: 0 network, 1 host, 2 TOS and network, 3 TOS and host.
    |5:"Redirect" ->
      gateway:  uint32;
      original: byte[remaining()];

    // Codes: 0 TTL exceeded in transit, 1 fragment reassembly time exceeded.
    |11:"TimeExceeded" ->
      unused:          uint8 default(0);
      original_length: uint8 default(0);    // RFC 4884
      reserved:        uint16 default(0);
      original:        byte[remaining()];

    // The pointer is the byte offset of the offending octet in the original
    // header (code 0). RFC 1122 adds code 1, "required option missing".
    |12:"ParameterProblem" ->
      pointer:         uint8;
      original_length: uint8 default(0);    // RFC 4884
      reserved:        uint16 default(0);
      original:        byte[remaining()];

    // Times are milliseconds since midnight UT (RFC 792); a value with the
    // high bit set is a non-standard time.
    |13:"Timestamp" ->
      identifier: uint16;
      sequence:   uint16;
      originate:  uint32;
      receive:    uint32 default(0);
      transmit:   uint32 default(0);
    |14:"TimestampReply" ->
      identifier: uint16;
      sequence:   uint16;
      originate:  uint32;
      receive:    uint32;
      transmit:   uint32;

    |15:"InformationRequest" ->
      identifier: uint16;
      sequence:   uint16;
    |16:"InformationReply" ->
      identifier: uint16;
      sequence:   uint16;

    // RFC 950 appendix I.
    |17:"AddressMaskRequest" ->
      identifier:   uint16;
      sequence:     uint16;
      address_mask: uint32 default(0);
    |18:"AddressMaskReply" ->
      identifier:   uint16;
      sequence:     uint16;
      address_mask: uint32;

    // RFC 1256 section 3: a count of advertised addresses, the words per
    // entry (2 in this version of the protocol), the lifetime in seconds,
    // then the entries. The preference is a signed two's-complement number
    // (higher is preferred; the lowest, -2^31, means "do not use as
    // default").
    |9:"RouterAdvertisement" ->
      num_addrs:  uint8 min(1) value(array_length(entries));
      entry_size: uint8 const(2);
      lifetime:   uint16 default(1800);
      entries: array (num_addrs) {
        router_address: uint32;
        preference:     int32;
      };

    |10:"RouterSolicitation" ->
      reserved: uint32 default(0);

    // Unassigned, experimental or later types: the rest of the message raw.
    |_:"Unknown" ->
      rest: byte[remaining()];
  };
}
