packet p {
  a: bit[8] endian(little);
}
