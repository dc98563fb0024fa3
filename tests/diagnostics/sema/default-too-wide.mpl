packet p {
  ttl: byte default(256);
}
