packet inner { a: uint8; }
packet p {
  length: uint8 value(sizeof(body));
  body: packet inner() size(length, 2);
}
