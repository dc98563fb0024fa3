packet p {
  n: byte min(10) max(5);
}
