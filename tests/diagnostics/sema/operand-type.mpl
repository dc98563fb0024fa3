packet p (bool flag) {
  a: byte;
  data: byte[a + flag];
}
