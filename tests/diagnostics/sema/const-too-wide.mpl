packet p {
  version: bit[4] const(16);
  rest: bit[4];
}
