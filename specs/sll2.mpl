// Linux "cooked" capture, version 2 (LINKTYPE_LINUX_SLL2, 276): the
// protocol first, and the interface index.
packet sll2 {
  protocol: uint16 variant {
    |0x0800 -> IPv4 |0x0806 -> ARP |0x86dd -> IPv6 |0x8100 -> Vlan
  };
  reserved: uint16 const(0);
  interface_index: uint32;
  arphrd_type: uint16;
  packet_type: uint8 variant {
    |0 -> Host |1 -> Broadcast |2 -> Multicast |3 -> OtherHost |4 -> Outgoing
  };
  address_length: uint8 max(8);
  address: byte[8];
  payload: byte[remaining()];
}
