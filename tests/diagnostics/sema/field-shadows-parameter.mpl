packet p (int n) {
  n: byte;
}
