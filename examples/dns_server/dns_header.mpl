// The fixed header of a DNS message alone (RFC 1035 section 4.1.1): what
// the server reads from a query that specs/dns.mpl rejects as a whole, so
// that the FORMERR it sends back carries the query's id and opcode.
packet dns_header {
  id: uint16;
  qr: bit[1];
  opcode: bit[4];
  aa: bit[1];
  tc: bit[1];
  rd: bit[1];
  ra: bit[1];
  z:  bit[1];
  ad: bit[1];
  cd: bit[1];
  rcode: bit[4];
  qdcount: uint16;
  ancount: uint16;
  nscount: uint16;
  arcount: uint16;
}
