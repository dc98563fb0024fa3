packet p {
  n: uint16 max(70000);
}
