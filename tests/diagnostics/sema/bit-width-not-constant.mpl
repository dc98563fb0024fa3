packet p (int n) {
  a: bit[n];
  b: byte;
}
