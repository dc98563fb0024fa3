packet dns_rr { a: byte; }
packet p {
  rr: packet dns_rrr();
}
