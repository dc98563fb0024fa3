packet p {
  length: uint24;
  data: byte[length];
}
