// Regressions of issue 14 (gaps_test.cc): specs a new user wrote that
// `mplc --check` accepted but whose generated code did not compile, or whose
// builders wrote packets their own parser rejects.

// A custom type whose view type (std::string_view) is not its builder value
// type: builder::from() goes through value_type::of() (mpl/custom.h).
custom counted = "gaps_custom::counted" header "gaps_custom.h";

// GRE (RFC 2784 with RFC 2890's key and sequence number): one classify per
// flag bit, three siblings in one block, the first with a checksum inside
// its case.
packet gre {
  checksum_present: bit[1];
  reserved_a: bit[1] const(0);
  key_present: bit[1];
  sequence_present: bit[1];
  reserved0: bit[9] const(0);
  version: bit[3] const(0);
  protocol_type: uint16;
  classify (checksum_present) {
    |true:"WithChecksum" -> checksum: uint16 checksum(internet); reserved1: uint16 const(0);
    |false:"NoChecksum" -> ();
  };
  classify (key_present) {
    |true:"WithKey" -> key: uint32;
    |false:"NoKey" -> ();
  };
  classify (sequence_present) {
    |true:"WithSequence" -> sequence_number: uint32;
    |false:"NoSequence" -> ();
  };
  payload: byte[remaining()];
}

// Sibling classifies whose cases share their labels: each case gets an
// accessor of its own, as_<subject>_<Label>().
packet twin_flags {
  a: bit[1];
  b: bit[1];
  rest: bit[6] const(0);
  classify (a) {
    |true:"On" -> x: uint16;
    |false:"Off" -> ();
  };
  classify (b) {
    |true:"On" -> y: uint16;
    |false:"Off" -> ();
  };
}

// A computed length with a minimum: the builder refuses a `data` shorter
// than the parser accepts instead of writing it.
packet min_length {
  len: uint8 min(4) max(64) value(sizeof(data));
  data: byte[len];
}


packet greeting {
  kind: uint8;
  text: counted;
}

// Array elements a caller holds outlive the iterator they came from: an
// element taken with *it, a case view taken from a temporary iterator, an
// embedded packet inside an element.
packet record_list {
  count: uint8 value(array_length(records));
  records: array (count) {
    tag: uint8;
    classify (tag) {
      |1:"Number" -> number: uint32;
      |2:"Pair" -> pair: packet greeting();
      |_:"Other" -> ();
    };
  };
}

// A classify over a variable-size string (as openssh_key.mpl's key type):
// the builder writes the string the user gives, so write() refuses a case
// that string does not select (found by the property tests, tests/property).
packet named_key {
  name_length: uint8 value(sizeof(name));
  name: byte[name_length];
  classify (name) {
    |"ed25519":"Ed25519" -> key: byte[32];
    |"rsa":"Rsa" -> modulus_bits: uint16;
  };
}

// Soundness (found by the property tests, tests/property): parse() stops an
// until-array at the first element whose condition holds, so write()
// refuses an array whose last element, or an earlier one, says otherwise
// (DHCP's options up to End).
packet hop_list {
  hops: array until (last == 1) {
    hop:  uint16;
    last: uint8 max(1);
  };
}

// An embedded packet that decides its case, guard and size from arguments
// its enclosing packet computes while writing (as DNS's rdata from the
// record's type and rdlength = sizeof(rdata)): write() checks them against
// what parse() will be given.
packet tagged_value(int kind, int length) {
  classify (kind) {
    |1:"Word" when (length == 2) -> word: uint16;
    |2:"Text" -> text: byte[length];
    |_:"Blob" -> blob: byte[length];
  };
}

packet tagged {
  kind:   uint8;
  length: uint8 value(sizeof(value));
  value:  packet tagged_value(kind, length);
}

// An array element that may write no bytes (an empty case): parse() refuses
// an element of no bytes, so write() does too.
packet optional_items {
  present: uint8;
  count: uint8 value(array_length(items));
  items: array (count) {
    classify (present) {
      |1:"Item" -> item: uint8;
      |_:"None" -> ();
    };
  };
}

// Builder locals named after their fields (compiler/plan/names.cc): members
// named like another field's locals (start_time, value_time), a field
// named like a local of write() itself (pos), a keyword (class), one name
// in two cases, a classify over an expression. write() must read each
// member, never a local of the same name.
packet local_names {
  time: uint16;
  start_time: uint16;
  value_time: uint8;
  pos: uint8;
  class: uint8;
  end_time: uint8 value(sizeof(data));
  kind: bit[4];
  flags: bit[4];
  classify (kind * 16 + flags) {
    |18:"One" -> x: uint16;
    |52:"Two" -> x: uint8;
    |_:"Other" -> ();
  };
  data: byte[end_time];
}
