packet p {
  data: byte[length];
  length: uint16;
}
