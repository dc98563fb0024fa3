// Bitwise, shift and remainder operators (issue 14; operators_test.cc): in
// const(), value(), sizes, array counts, classify subjects and guards; and
// uint24, TLS's 24-bit length type.
packet ops {
  kind: bit[4] const(0xA5 >> 4);
  words: bit[4] value(sizeof(options) >> 2);
  flags: uint8;
  shift: uint8 max(127);
  wide: uint64;
  length24: uint24 value(sizeof(options) << 16 | 0xBEEF);
  options: byte[words << 2];
  shifted_left: uint64 value(wide << shift);
  shifted_right: uint64 value(wide >> shift);
  mixed: uint64 value(wide & 0xFFFF ^ wide >> 48 | 1 << shift % 16);
  remainder: uint8 value(sizeof(options) % 7);
  complement: uint8 value(~flags & 0xFF);
  count: uint8 value(array_length(items) | (flags & 0xF0));
  items: array (count & 0x0F) { v: uint8; };
  classify (flags & 0x81) {
    |0x81:"Both" when (flags % 3 == 0) -> extra: uint16;
    |0x80 | 0x01:"Either" -> ();
    |_:"Neither" -> ();
  };
}

// A size divided by a field: a zero divisor on the wire is a parse error
// naming the field, not a size of 0.
packet divided {
  unit: uint8;
  data: byte[12 % unit + 12 / unit];
  rest: byte[remaining()];
}
