packet p {
  a: byte value(1) const(1);
}
