packet p {
  b: uint8 default(0) min(3);
  c: uint8 const(200) max(100);
}
