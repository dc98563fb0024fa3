packet p {
  name: byte[4];
  data: byte[name];
}
