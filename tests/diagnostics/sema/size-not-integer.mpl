packet inner { a: uint8; }
packet p {
  flag: bit[1];
  pad: bit[7] const(0);
  body: packet inner() size(flag == 1);
}
