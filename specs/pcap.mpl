// The classic libpcap capture file format (the "pcap" format of tcpdump and
// libpcap; described in draft-ietf-opsawg-pcap, sections 4 and 5).
//
// A file is one file header followed by packet records until the end of the
// file. The file is written in the byte order of the machine that wrote
// it, and the magic number at the start says which:
//
//   bytes on disk   magic        byte order     timestamp fraction
//   d4 c3 b2 a1     0xa1b2c3d4   little-endian  microseconds
//   a1 b2 c3 d4     0xa1b2c3d4   big-endian     microseconds
//   4d 3c b2 a1     0xa1b23c4d   little-endian  nanoseconds
//   a1 b2 3c 4d     0xa1b23c4d   big-endian     nanoseconds
//
// MPL fixes the byte order of a field when the spec is compiled; it cannot
// be decided by a value read at run time. So the file header matches the
// magic as a four-byte string, which needs no byte order, and then embeds
// the rest of the header in the order that string announces. Records come
// in two packets, one per byte order; after parsing the header, the caller
// reads every record with
//
//   branch LittleMicroseconds -> pcap_record_le(false)
//   branch LittleNanoseconds  -> pcap_record_le(true)
//   branch BigMicroseconds    -> pcap_record_be(false)
//   branch BigNanoseconds     -> pcap_record_be(true)
//
// starting just after the header (24 bytes) and continuing with each
// record's size until the file ends. The records are not an array of the
// header packet: a capture cut short ends in a truncated record, and the
// caller should still get every complete record before it.

packet pcap_file_header {
  magic: byte[4];
  classify (magic) {
    |"\xd4\xc3\xb2\xa1":"LittleMicroseconds" -> rest: packet pcap_header_le();
    |"\x4d\x3c\xb2\xa1":"LittleNanoseconds"  -> rest: packet pcap_header_le();
    |"\xa1\xb2\xc3\xd4":"BigMicroseconds"    -> rest: packet pcap_header_be();
    |"\xa1\xb2\x3c\x4d":"BigNanoseconds"     -> rest: packet pcap_header_be();
  };
}

// The header after the magic, little-endian.
packet pcap_header_le endian(little) {
  version_major: uint16 const(2);
  version_minor: uint16 default(4);
  // Historically the time-zone offset (a signed number of seconds) and the
  // timestamp accuracy; writers set both to zero and readers ignore them.
  thiszone: uint32 default(0);
  sigfigs:  uint32 default(0);
  // The most bytes of each packet that were captured.
  snaplen: uint32 default(262144);
  // The link-layer header type of every record (tcpdump.org LINKTYPE_
  // values). The draft gives the upper bits meaning (FCS length, bits
  // 28..31); bit fields cannot be little-endian, so they stay in the number.
  linktype: uint32 variant {
    |0   -> Null
    |1   => Ethernet
    |101 -> Raw
    |105 -> Ieee80211
    |113 -> LinuxSll
    |127 -> Ieee80211Radiotap
    |228 -> IPv4
    |229 -> IPv6
    |276 -> LinuxSll2
  };
}

// The same header, big-endian.
packet pcap_header_be {
  version_major: uint16 const(2);
  version_minor: uint16 default(4);
  thiszone: uint32 default(0);
  sigfigs:  uint32 default(0);
  snaplen: uint32 default(262144);
  linktype: uint32 variant {
    |0   -> Null
    |1   => Ethernet
    |101 -> Raw
    |105 -> Ieee80211
    |113 -> LinuxSll
    |127 -> Ieee80211Radiotap
    |228 -> IPv4
    |229 -> IPv6
    |276 -> LinuxSll2
  };
}

// One packet record, little-endian. `nanoseconds` comes from the magic of
// the file header: state the record itself does not carry.
packet pcap_record_le (bool nanoseconds) endian(little) {
  ts_sec: uint32;                 // seconds since 1970-01-01 00:00 UTC
  classify (nanoseconds) {
    |true:"Nanoseconds"   -> ts_nsec: uint32;
    |false:"Microseconds" -> ts_usec: uint32;
  };
  // Bytes captured (at most the header's snaplen) and the packet's length
  // on the wire, which may be larger.
  caplen: uint32 value(sizeof(data));
  len:    uint32;
  data:   byte[caplen];
}

// One packet record, big-endian.
packet pcap_record_be (bool nanoseconds) {
  ts_sec: uint32;
  classify (nanoseconds) {
    |true:"Nanoseconds"   -> ts_nsec: uint32;
    |false:"Microseconds" -> ts_usec: uint32;
  };
  caplen: uint32 value(sizeof(data));
  len:    uint32;
  data:   byte[caplen];
}
