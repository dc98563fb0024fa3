packet inner (bool b) { a: byte; }
packet p {
  body: packet inner(3);
}
