packet p {
  a: bit[3];
  b: bit[4];
  c: byte;
}
