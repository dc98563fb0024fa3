// The Transmission Control Protocol header (RFC 9293 section 3.1, which
// obsoletes RFC 793), with ECN flags (RFC 3168 section 6.1) and the common
// options.

packet tcp {
  source_port:      uint16;
  destination_port: uint16;
  sequence_number:  uint32;
  acknowledgment_number: uint32 default(0);

  // Header length in 32-bit words: 5 without options, at most 15. The
  // options end the header.
  data_offset: bit[4] min(5) value(offset(options) / 4);

  // RFC 9293 reserves these four bits. The lowest was the experimental NS
  // flag of RFC 3540 (now historic) and is being reused by accurate ECN, so
  // a parser must not reject non-zero values: default, not const.
  reserved: bit[4] default(0);

  cwr: bit[1] default(0);    // congestion window reduced (RFC 3168)
  ece: bit[1] default(0);    // ECN-echo (RFC 3168)
  urg: bit[1] default(0);
  ack: bit[1] default(0);
  psh: bit[1] default(0);
  rst: bit[1] default(0);
  syn: bit[1] default(0);
  fin: bit[1] default(0);

  window: uint16;

  // The Internet checksum over the pseudo-header of the IP layer (RFC 9293
  // section 3.1, "Checksum"), the header and the data.
  checksum: uint16 checksum(internet_pseudo);

  urgent_pointer: uint16 default(0);   // meaningful only when urg is set

  // RFC 9293 section 3.2: options fill the header up to data_offset words
  // and are padded with zeros to a 32-bit boundary; the builder pads.
  options: array bytes (data_offset * 4 - 20) {
    option: packet tcp_option();
  } align(32);

  // TCP carries no length of its own: the segment is the IP payload.
  payload: byte[remaining()];
}

// One TCP option. Kinds 0 and 1 are a single byte; every other kind has a
// length byte counting the kind and length bytes (RFC 9293 section 3.2).
// Kinds from the IANA "TCP Option Kind Numbers" registry.
packet tcp_option {
  kind: uint8 variant {
    |0  -> EndOfOptionList
    |1  -> NoOperation
    |2  -> MaximumSegmentSize
    |3  -> WindowScale
    |4  -> SackPermitted
    |5  -> Sack
    |8  -> Timestamps
    |28 -> UserTimeout
    |29 -> AuthenticationOption
    |30 -> Multipath
    |34 -> FastOpenCookie
  };

  classify (kind) {
    // Everything after End of Option List up to the end of the options is
    // padding (RFC 9293 section 3.2).
    |0:"EndOfOptionList" -> padding: byte[remaining()];

    |1:"NoOperation" -> ();

    // RFC 9293 section 3.7.1; only in SYN segments.
    |2:"MaximumSegmentSize" ->
      length: uint8 const(4);
      mss:    uint16;

    // RFC 7323 section 2.2: a shift count; values above 14 are treated as 14
    // by the receiver, so they are not rejected here.
    |3:"WindowScale" ->
      length: uint8 const(3);
      shift:  uint8;

    // RFC 2018 section 2.
    |4:"SackPermitted" ->
      length: uint8 const(2);

    // RFC 2018 section 3: one to four blocks of left and right edges.
    |5:"Sack" ->
      length: uint8 min(2) value(offset(blocks));
      blocks: array bytes (length - 2) {
        left_edge:  uint32;
        right_edge: uint32;
      };

    // RFC 7323 section 3.2.
    |8:"Timestamps" ->
      length:     uint8 const(10);
      timestamp_value: uint32;
      timestamp_echo_reply: uint32 default(0);

    // Every other kind, including those listed in the variant above that
    // this spec does not take apart, kept raw.
    |_:"Unknown" ->
      length: uint8 min(2) value(offset(data));
      data:   byte[length - 2];
  };
}
