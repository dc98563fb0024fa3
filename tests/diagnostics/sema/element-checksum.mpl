// A checksum inside an array element: refused before code generation.
packet p {
  n: uint8 value(array_length(items));
  items: array (n) {
    len: uint8 value(sizeof(data));
    data: byte[len];
    sum: uint16 checksum(internet);
  };
}
