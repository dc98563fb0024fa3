packet p {
  sum: uint16 checksum(internet, data);
  data: byte[4];
}
