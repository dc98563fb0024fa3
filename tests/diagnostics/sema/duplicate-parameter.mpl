packet p (int n, bool n) {
  a: byte;
}
