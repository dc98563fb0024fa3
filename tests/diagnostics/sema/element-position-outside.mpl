// An element sized by the position or size of a field outside it: elements
// carry in integer values, not positions.
packet p {
  total: uint8;
  n: uint8 value(array_length(items));
  items: array (n) {
    d: byte[sizeof(total)];
    e: byte[offset(total)];
    f: byte[total];
  };
}
