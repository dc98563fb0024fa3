// Linux "cooked" capture, version 1 (LINKTYPE_LINUX_SLL, 113): the header
// libpcap writes when capturing on "any" interface.
packet sll {
  packet_type: uint16 variant {
    |0 -> Host |1 -> Broadcast |2 -> Multicast |3 -> OtherHost |4 -> Outgoing
  };
  arphrd_type: uint16;          // ARPHRD_ value of the link (1 = Ethernet)
  address_length: uint16 max(8);
  address: byte[8];             // the first address_length bytes are the address
  protocol: uint16 variant {    // an Ethertype for most links
    |0x0800 -> IPv4 |0x0806 -> ARP |0x86dd -> IPv6 |0x8100 -> Vlan
  };
  payload: byte[remaining()];
}
