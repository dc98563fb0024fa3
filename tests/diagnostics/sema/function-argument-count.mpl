packet p {
  a: byte value(sizeof(b, b));
  b: byte[2];
}
