// One error for the unknown type; the uses of the field stay silent.
packet p {
  a: mpint2;
  b: int12;
  d: byte[a];
  e: uint8 value(sizeof(d) + a);
  classify (a) {
    |1:"One" -> ();
    |_:"Other" -> ();
  };
}
