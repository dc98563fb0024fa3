packet p {
  items: array (2) { a: byte; } value(1);
}
