packet p {
  items: array (2) { n: byte; };
  data: byte[n];
}
