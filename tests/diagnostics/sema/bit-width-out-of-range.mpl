packet p {
  a: bit[65];
}
