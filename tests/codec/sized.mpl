// Sized regions (docs/language.md §10.1): embedded packets parsed in
// exactly the bytes a length field gives. Tested by sized_test.cc.

// A type-length-value extension whose body is chosen by the type.
packet ext_body (int type) {
  classify (type) {
    |1:"Number" -> number: uint16;
    |2:"Name" -> name: byte[remaining()];
    |_:"Opaque" -> ();
  };
}

packet extension {
  type: uint16;
  length: uint16 value(sizeof(body));
  body: packet ext_body(type) size(length);
}

// Extensions one after another, and a field after them: each ends at its
// bound, wherever its content would have ended.
packet extension_list {
  count: uint8 value(array_length(items));
  items: array (count) {
    ext: packet extension();
  };
  trailer: uint8;
}

// A length that counts its own header, as TCP options do.
packet option_body { a: uint16; b: uint16; }

packet option {
  kind: uint8;
  length: uint8 min(2) value(sizeof(body) + 2);
  body: packet option_body() size(length - 2);
}

// A length the user sets: write() refuses one that disagrees with the body.
packet manual {
  length: uint8;
  body: packet option_body() size(length);
}

// Sized regions nested: a TLV whose value holds two TLVs.
packet leaf { data: byte[remaining()]; }

packet inner_tlv {
  tag: uint8;
  length: uint8 value(sizeof(value));
  value: packet leaf() size(length);
}

packet pair { first: packet inner_tlv(); second: packet inner_tlv(); }

packet outer_tlv {
  tag: uint8;
  length: uint8 value(sizeof(body));
  body: packet pair() size(length);
  after: uint8;
}
