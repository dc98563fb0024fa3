// Packet parameters read inside array elements: by a classify subject, a
// byte string's size, a nested array's elements and an embedded packet's
// argument (element_params_test.cc).

packet address (int size) {
  octets: byte[size];
}

packet route_list (bool with_ids, int address_size) {
  count: uint8 value(array_length(routes));
  routes: array (count) {
    // RFC 7911-like: a path identifier precedes each route when negotiated.
    classify (with_ids) {
      |true:"WithId" -> path_id: uint32;
      |false:"WithoutId" -> ();
    };
    prefix_length: uint8;
    next_hop: packet address(address_size);
    tags_length: uint8 value(sizeof(tags));
    tags: array bytes (tags_length) {
      tag: byte[address_size];
    };
  };
}

// Fields of the enclosing blocks read inside array elements: a packet field
// as a classify subject one frame in and as a size two frames in, and an
// element's field as the size of its own nested elements.
packet record_table {
  part_size: uint8;
  stamped: bit[1];
  reserved: bit[7] default(0);
  count: uint8 value(array_length(records));
  records: array (count) {
    key: uint8;
    classify (stamped) {
      |true:"Stamped" -> stamp: uint16;
      |false:"Plain" -> ();
    };
    tag_size: uint8;
    parts_length: uint8 value(sizeof(parts));
    parts: array bytes (parts_length) {
      part: byte[part_size];
      tag: byte[tag_size];
    };
  };
}

// An embedded packet inside an element whose argument is a field of the
// packet around the element (as a telemetry reading takes the datagram's
// version): write() checks the case chosen against it.
packet sample_list {
  version: uint8;
  count: uint8 value(array_length(samples));
  samples: array (count) {
    sample: packet versioned_sample(version);
  };
}

packet versioned_sample (int version) {
  reading: uint16;
  classify (version) {
    |2:"WithQuality" -> quality: uint8;
    |_:"Plain" -> ();
  };
}
