packet p {
  a: uint61;
}
