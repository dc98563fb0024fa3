packet p {
  a: byte;
  c: byte[a..4];
}
