packet p {
  a: byte value(ofset(b));
  b: byte;
}
