// pcapng capture files (draft-ietf-opsawg-pcapng): a sequence of blocks,
// each framed by its type and a total length repeated at its end. The
// section header block's byte-order magic says whether the section's
// numbers are little- or big-endian, so every block exists twice, as
// pcap.mpl does for records: read the section header with
// pcapng_section_start first, then the blocks with the matching packet.

// The first 12 bytes of a section header block, in either byte order: the
// block type is a palindrome, the magic decides the order of the rest.
packet pcapng_section_start {
  block_type: byte[4] const("\x0a\x0d\x0d\x0a");
  block_total_length: byte[4];
  byte_order_magic: byte[4];
  classify (byte_order_magic) {
    |"\x4d\x3c\x2b\x1a":"Little" -> rest: byte[remaining()];
    |"\x1a\x2b\x3c\x4d":"Big" -> rest: byte[remaining()];
  };
}

packet pcapng_block_le endian(little) {
  block_type: uint32 variant {
    |0x0a0d0d0a -> SectionHeader
    |1 -> InterfaceDescription
    |3 -> SimplePacket
    |5 -> InterfaceStatistics
    |6 -> EnhancedPacket
  };
  block_total_length: uint32 min(12) value(offset(trailing_length));
  classify (block_type) {
    |0x0a0d0d0a:"SectionHeader" ->
      byte_order_magic: uint32 const(0x1a2b3c4d);
      version_major: uint16;
      version_minor: uint16;
      section_length: uint64;       // 0xffffffffffffffff: not given
      options: array bytes (block_total_length - 28) { option: packet pcapng_option_le(); };
    |1:"InterfaceDescription" ->
      linktype: uint16;
      reserved: uint16;
      snaplen: uint32;
      options: array bytes (block_total_length - 20) { option: packet pcapng_option_le(); };
    // Timestamps count units of the interface's if_tsresol (default 10^-6 s).
    |6:"EnhancedPacket" ->
      interface_id: uint32;
      timestamp_high: uint32;
      timestamp_low: uint32;
      captured_length: uint32 value(sizeof(data));
      original_length: uint32;
      data: byte[captured_length];
      padding: byte[(captured_length + 3) / 4 * 4 - captured_length];
      options: byte[block_total_length - 32 - (captured_length + 3) / 4 * 4];
    // The data is padded to 32 bits; original_length says how much is packet.
    |3:"SimplePacket" ->
      original_length: uint32;
      data: byte[block_total_length - 16];
    |_:"Other" ->
      body: byte[block_total_length - 12];
  };
  trailing_length: uint32;
}

packet pcapng_block_be {
  block_type: uint32 variant {
    |0x0a0d0d0a -> SectionHeader
    |1 -> InterfaceDescription
    |3 -> SimplePacket
    |5 -> InterfaceStatistics
    |6 -> EnhancedPacket
  };
  block_total_length: uint32 min(12) value(offset(trailing_length));
  classify (block_type) {
    |0x0a0d0d0a:"SectionHeader" ->
      byte_order_magic: uint32 const(0x1a2b3c4d);
      version_major: uint16;
      version_minor: uint16;
      section_length: uint64;
      options: array bytes (block_total_length - 28) { option: packet pcapng_option_be(); };
    |1:"InterfaceDescription" ->
      linktype: uint16;
      reserved: uint16;
      snaplen: uint32;
      options: array bytes (block_total_length - 20) { option: packet pcapng_option_be(); };
    |6:"EnhancedPacket" ->
      interface_id: uint32;
      timestamp_high: uint32;
      timestamp_low: uint32;
      captured_length: uint32 value(sizeof(data));
      original_length: uint32;
      data: byte[captured_length];
      padding: byte[(captured_length + 3) / 4 * 4 - captured_length];
      options: byte[block_total_length - 32 - (captured_length + 3) / 4 * 4];
    |3:"SimplePacket" ->
      original_length: uint32;
      data: byte[block_total_length - 16];
    |_:"Other" ->
      body: byte[block_total_length - 12];
  };
  trailing_length: uint32;
}

// One option: code 0 ends the list, 9 is if_tsresol (one byte: the high bit
// set means a power of two, clear a power of ten).
packet pcapng_option_le endian(little) {
  code: uint16;
  length: uint16 value(sizeof(value));
  value: byte[length];
  padding: byte[(length + 3) / 4 * 4 - length];
}

packet pcapng_option_be {
  code: uint16;
  length: uint16 value(sizeof(value));
  value: byte[length];
  padding: byte[(length + 3) / 4 * 4 - length];
}
