// The Address Resolution Protocol (RFC 826), in its general form: the
// hardware and protocol address sizes come from the header, so the same spec
// reads Ethernet/IPv4 ARP (hlen 6, plen 4) and any other combination.
// RARP (RFC 903) uses the same packet with operations 3 and 4.

packet arp {
  // Hardware types from the IANA "Hardware Types" registry.
  hardware_type: uint16 variant {
    |1  => Ethernet
    |6  -> Ieee802
    |15 -> FrameRelay
    |16 -> Atm
    |18 -> FibreChannel
    |20 -> Serial
    |32 -> InfiniBand
  };
  // An EtherType (RFC 826: "the same as the ether_type field").
  protocol_type: uint16 variant { |0x0800 => IPv4 };

  // Both sizes are taken from the sender's addresses; the builder writes the
  // target addresses as given, so they must have the same sizes (the language
  // has no way to require two byte strings to be equally long).
  hardware_length: uint8 value(sizeof(sender_hardware_address));
  protocol_length: uint8 value(sizeof(sender_protocol_address));

  operation: uint16 variant {
    |1 -> Request
    |2 -> Reply
    |3 -> ReverseRequest    // RFC 903
    |4 -> ReverseReply      // RFC 903
    |8 -> InverseRequest    // RFC 2390
    |9 -> InverseReply      // RFC 2390
  };

  sender_hardware_address: byte[hardware_length];
  sender_protocol_address: byte[protocol_length];
  // In a request the target hardware address is unknown and usually zero.
  target_hardware_address: byte[hardware_length];
  target_protocol_address: byte[protocol_length];
}
