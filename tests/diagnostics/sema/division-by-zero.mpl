packet p {
  data: byte[4 / 0];
}
