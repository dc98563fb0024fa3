packet p {
  a: byte value(b + 1);
  b: byte value(a);
}
