packet a {
  n: byte;
  inner: packet b();
}
packet b {
  back: packet a();
}
