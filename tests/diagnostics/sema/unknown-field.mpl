packet p {
  length: uint16;
  data: byte[lenght];
}
