packet p {
  a: byte endian(little);
}
