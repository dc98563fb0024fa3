packet p {
  a: byte;
  b: byte const(a);
}
