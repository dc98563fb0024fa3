packet p {
  count: byte;
  items: array (count) { a: byte; };
}
