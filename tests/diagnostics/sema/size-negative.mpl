packet inner { a: uint8; }
packet p {
  body: packet inner() size(2 - 3);
}
