// value(...) inside an array element reading the enclosing packet's field,
// a parameter and a position: an element builder has none of them.
packet p (int k) {
  total: uint8;
  n: uint8 value(array_length(items));
  items: array (n) {
    x: uint8 value(total);
    y: uint8 value(k + 1);
    z: uint8 value(offset(total));
  };
}
