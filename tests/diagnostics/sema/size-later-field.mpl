packet inner { a: uint8; }
packet p {
  body: packet inner() size(length);
  length: uint8 value(sizeof(body));
}
