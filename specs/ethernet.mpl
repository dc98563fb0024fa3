// Ethernet II frames with an optional IEEE 802.1Q VLAN tag.
//
// The frame starts at the destination address; the preamble, start-of-frame
// delimiter and the trailing frame check sequence are not part of it (capture
// interfaces strip them, and the FCS is not covered by this spec).
//
// Sources: IEEE 802.3 clause 3 (frame format), IEEE 802.1Q-2018 section 9.6
// (the tag), the IEEE EtherType registry and RFC 7042 section 3 for the
// type values.

packet ethernet {
  destination: byte[6];
  source:      byte[6];

  // Values up to 1500 are an IEEE 802.3 length; 1536 (0x0600) and above are
  // an EtherType (IEEE 802.3 clause 3.2.6). 1501..1535 are undefined.
  ethertype: uint16 variant {
    |0x0800 -> IPv4
    |0x0806 -> ARP
    |0x8035 -> RARP
    |0x8100 -> Vlan
    |0x86dd -> IPv6
    |0x8847 -> MplsUnicast
    |0x8848 -> MplsMulticast
    |0x8863 -> PppoeDiscovery
    |0x8864 -> PppoeSession
    |0x88a8 -> ServiceVlan
    |0x88cc -> LLDP
  };

  classify (ethertype) {
    // An 802.1Q tag sits between the source address and the real EtherType:
    // the 0x8100 we just read is the tag protocol identifier, and the tag
    // control information follows (IEEE 802.1Q section 9.6).
    |0x8100:"Vlan" ->
      pcp: bit[3];      // priority code point
      dei: bit[1];      // drop eligible indicator (formerly CFI)
      vid: bit[12];     // VLAN identifier; 0 = priority tag only, 0xfff reserved
      inner_ethertype: uint16 variant {
        |0x0800 -> IPv4
        |0x0806 -> ARP
        |0x86dd -> IPv6
        |0x8100 -> Vlan
        |0x88cc -> LLDP
      };
      classify (inner_ethertype) {
        |0x0800:"TaggedIPv4" -> payload: byte[remaining()];
        |0x0806:"TaggedArp"  -> payload: byte[remaining()];
        |0x86dd:"TaggedIPv6" -> payload: byte[remaining()];
        // A further tag (Q-in-Q with 0x8100 inside) and every other type
        // are kept as raw bytes.
        |_:"TaggedOther"     -> payload: byte[remaining()];
      };

    // The payload runs to the end of the frame. A frame shorter than the
    // 64-byte minimum is padded, so the payload may carry padding after the
    // upper-layer packet; IPv4 and ARP parsers stop at their own length.
    |0x0800:"IPv4" -> payload: byte[remaining()];
    |0x0806:"Arp"  -> payload: byte[remaining()];
    |0x86dd:"IPv6" -> payload: byte[remaining()];

    // An 802.3 frame: the field is the length of the LLC data that follows.
    // It ought to size the data (llc: byte[ethertype]) with the rest as
    // padding, but a classify subject cannot get a value(...) that applies
    // in one branch only, so the builder could not fill it; the data is kept
    // to the end of the frame and the length is left to the user.
    |0..1500:"Ieee8023" -> llc: byte[remaining()];

    |_:"Other" -> payload: byte[remaining()];
  };
}
