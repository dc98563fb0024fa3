packet inner { a: uint8; }
packet p {
  body: packet inner() size(remaining());
}
