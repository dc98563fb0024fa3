// The User Datagram Protocol (RFC 768).

packet udp {
  source_port:      uint16;
  destination_port: uint16;

  // The length counts the 8-byte header and the data (RFC 768, "Length").
  length: uint16 min(8) value(offset(payload));

  // The Internet checksum over the pseudo-header of the IP layer below
  // (source, destination, zero, protocol, UDP length), the header and the
  // data. checksum(udp): the value 0 means "no checksum" (RFC 768), so a
  // computed 0 is sent as 0xFFFF, and in-place updates leave a 0 alone. The
  // builder always computes one; over IPv6 it is mandatory (RFC 8200 8.1).
  checksum: uint16 checksum(udp);

  // The datagram ends at `length`; an IP payload may be longer only if the
  // sender padded it, and such bytes are not part of the datagram.
  payload: byte[length - 8];
}
