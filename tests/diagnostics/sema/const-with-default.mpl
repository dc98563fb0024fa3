packet p {
  a: byte const(1) default(1);
}
