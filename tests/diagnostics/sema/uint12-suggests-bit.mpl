packet p {
  length: uint12;
  data: byte[length];
}
