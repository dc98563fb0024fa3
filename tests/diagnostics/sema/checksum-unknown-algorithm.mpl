packet p {
  sum: uint16 checksum(internett);
}
