packet p {
  a: unit16;
}
