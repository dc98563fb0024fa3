packet p {
  data: byte[4] value(7);
}
