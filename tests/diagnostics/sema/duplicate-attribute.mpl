packet p {
  a: byte default(1) default(2);
}
