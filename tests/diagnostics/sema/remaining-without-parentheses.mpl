packet p {
  flags: uint8;
  rest: byte[remaining];
}
