// A made-up sensor telemetry protocol for the tests of the Wireshark back
// end (docs/wireshark.md). It is no real protocol and no project bundles
// it: its only job is to use every construct the generated dissector shows.
//
// A datagram is a header, a count of readings, and TLV records up to its
// end. Multi-byte integers are big-endian except where a field says
// otherwise.

packet tlm_frame {
  magic:    byte[2] const("TM");
  version:  uint8 min(1) max(2);
  // One 16-bit run of bit fields, MSB first.
  ack:      bit[1];
  priority: bit[3] variant {
    |0 -> Low
    |1..5 -> Normal
    |6..7 -> Urgent
  };
  sequence: bit[12];
  device:   uint32;
  // A bit field as a boolean subject.
  classify (ack) {
    |true:"Acked" -> acked_sequence: uint16;
    |false:"Fresh" -> ();
  };
  uptime:   uint64 endian(little);    // milliseconds
  offset_ms: int16 endian(little);   // signed: ProtoField.int16
  reading_count: uint8 value(array_length(readings));
  readings: array (reading_count) {
    reading: packet tlm_reading(version);
  };
  // Records up to the end of the datagram.
  records: array bytes (remaining()) {
    type:   uint8 variant {
      |1 -> Name
      |2 -> Temperature
      |3 -> Route
      |0x80..0xFF => Vendor
    };
    length: uint16 value(sizeof(body));
    body: packet tlm_record(type, length);
  };
}

// Version 2 readings carry a quality byte.
packet tlm_reading(int version) {
  sensor: uint16;
  value:  uint32 endian(little);
  classify (version) {
    |2:"WithQuality" -> quality: uint8;
    |_:"Plain" -> ();
  };
}

// The value of one record: `length` bytes whose shape `type` decides.
packet tlm_record(int type, int length) {
  classify (type) {
    |1:"Name" -> name: byte[length];
    |2:"Temperature" when (length == 4) ->
      celsius_x100: uint32 endian(little);
    // Hops until the one whose `last` flag is set.
    |3:"Route" ->
      hops: array until (last == 1) {
        hop:  uint16;
        last: uint8 max(1);
      };
    |0x80..0xFF:"Vendor" ->
      vendor_id: uint32;
      data: byte[length - 4];
    |_:"Unknown" -> data: byte[length];
  };
  body_end: label;
}
