// Signed integers int8..int64 (issue 14; signed_test.cc): views return
// std::intN_t, builders and setters take them, constraints and matches may
// be negative, and signed values reach expressions (guards, sizes) with
// their sign.
packet temps {
  i8: int8;
  i16: int16;
  i32: int32;
  i64: int64;
  le16: int16 endian(little);
  bounded: int8 min(-100) max(100);
  fixed: int16 const(-2);
  offset: int32 default(-5);
  level: int8 variant { |-1 -> Low |0 => Zero |1 -> High };
  delta: int16;
  // A signed count: a negative one is a parse error naming the array.
  count: int8 value(array_length(samples));
  samples: array (count) { s: int16; };
  classify (delta) {
    |-32768..-1:"Falling" when (delta > -1000 || i8 < 0) -> drop: int32;
    |0:"Steady" -> ();
    |1..32767:"Rising" -> rise: int64;
  };
}

// A byte length from a signed field minus a constant: negative is a parse
// error, not a huge size.
packet sized {
  len: int8 value(sizeof(data) + 2);
  data: byte[len - 2];
  computed: int16 value(sizeof(data) - 100) min(-100) max(27);
}

// Variant ranges over negative values: the generated visit() compares them
// as int64 and reports the value with its sign (signed_variant).
packet trend {
  t: int8 variant { |-100..-2 -> Falling |-1..1 => Flat |2..100 -> Rising |-128 -> Lowest };
}
