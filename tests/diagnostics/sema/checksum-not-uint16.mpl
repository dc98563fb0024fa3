packet p {
  sum: uint32 checksum(internet);
}
