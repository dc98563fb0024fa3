packet p {
  a: byte align(12);
}
