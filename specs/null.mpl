// BSD loopback encapsulation (LINKTYPE_NULL, 0): a 4-byte address family in
// the byte order of the host that wrote the capture. Both orders are
// listed: AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD, OpenBSD), 28
// (FreeBSD) or 30 (macOS).
packet null {
  family: uint32 variant {
    |2 -> IPv4
    |24 -> IPv6Bsd |28 -> IPv6FreeBsd |30 -> IPv6Darwin
    |0x02000000 -> IPv4Swapped
    |0x18000000 -> IPv6BsdSwapped |0x1c000000 -> IPv6FreeBsdSwapped |0x1e000000 -> IPv6DarwinSwapped
  };
  payload: byte[remaining()];
}
