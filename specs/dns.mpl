// The Domain Name System message (RFC 1035 section 4), as carried in one
// UDP datagram, or after the two-byte length of DNS over TCP (parse the
// message from the bytes after that length: compression pointers count
// from the message's first byte, which must be the first byte given to
// parse()).
//
// Record data is typed for A, NS, CNAME, SOA, PTR, HINFO, MX, TXT (RFC
// 1035), AAAA (RFC 3596), SRV (RFC 2782), NAPTR (RFC 3403), OPT (EDNS0,
// RFC 6891), DS, RRSIG, NSEC, DNSKEY (RFC 4034, signatures, keys, digests
// and type bitmaps as raw bytes), SPF (RFC 7208, TXT's layout) and CAA
// (RFC 8659). Every other type keeps its RDATA as raw bytes.
//
// Names are the runtime's custom types (mpl/dns.h): parsing follows
// compression pointers with loop and bounds checks; building compresses
// names against those written earlier in the same message, except where
// RFC 3597 section 4 forbids it (SRV, NAPTR, RRSIG, NSEC), which use the
// uncompressed type.

custom dns_name = "mpl::dns_name" header "mpl/dns.h";
custom dns_name_uncompressed = "mpl::dns_name_uncompressed" header "mpl/dns.h";

packet dns_message {
  id: uint16;

  // RFC 1035 section 4.1.1, RFC 2535 (ad, cd), RFC 6895 (the registries).
  qr: bit[1];  // 0 query, 1 response
  opcode: bit[4] variant {
    |0 -> Query
    |1 -> IQuery
    |2 -> Status
    |4 -> Notify
    |5 -> Update
    |6 -> Dso
  };
  aa: bit[1] default(0);  // authoritative answer
  tc: bit[1] default(0);  // truncated
  rd: bit[1] default(0);  // recursion desired
  ra: bit[1] default(0);  // recursion available
  z:  bit[1] default(0);  // reserved, kept as found
  ad: bit[1] default(0);  // authentic data
  cd: bit[1] default(0);  // checking disabled
  // The low four bits; EDNS0 puts eight more in the OPT record.
  rcode: bit[4] variant {
    |0 -> NoError
    |1 -> FormErr
    |2 -> ServFail
    |3 -> NXDomain
    |4 -> NotImp
    |5 -> Refused
    |6 -> YXDomain
    |7 -> YXRRSet
    |8 -> NXRRSet
    |9 -> NotAuth
    |10 -> NotZone
    |11 -> DsoTypeNI
  };

  qdcount: uint16 value(array_length(questions));
  ancount: uint16 value(array_length(answers));
  nscount: uint16 value(array_length(authority));
  arcount: uint16 value(array_length(additional));

  // RFC 1035 section 4.1.2.
  questions: array (qdcount) {
    qname:  dns_name;
    qtype:  uint16;  // the RR types of dns_rr, plus AXFR 252, MAILB 253, ANY 255
    qclass: uint16;  // IN 1, CH 3, HS 4, ANY 255; mDNS uses the top bit
  };

  // RFC 1035 section 4.1.3. Bytes after the last record (some stacks pad)
  // are left alone: view::size() says where the message ends.
  answers:    array (ancount) { rr: packet dns_rr(); };
  authority:  array (nscount) { rr: packet dns_rr(); };
  additional: array (arcount) { rr: packet dns_rr(); };
}

// One resource record. The OPT pseudo-record (EDNS0) reuses the class and
// TTL fields for other things, so it is a case of its own.
packet dns_rr {
  name: dns_name;
  type: uint16 variant {
    |1 -> A
    |2 -> NS
    |5 -> CNAME
    |6 -> SOA
    |12 -> PTR
    |13 -> HINFO
    |15 -> MX
    |16 -> TXT
    |28 -> AAAA
    |33 -> SRV
    |35 -> NAPTR
    |41 -> OPT
    |43 -> DS
    |46 -> RRSIG
    |47 -> NSEC
    |48 -> DNSKEY
    |50 -> NSEC3
    |51 -> NSEC3PARAM
    |64 -> SVCB
    |65 -> HTTPS
    |99 -> SPF
    |250 -> TSIG
    |257 -> CAA
  };

  classify (type) {
    // RFC 6891 section 6.1.2-6.1.3.
    |41:"Opt" ->
      udp_payload_size: uint16;  // the CLASS field
      extended_rcode:   uint8;   // the upper eight bits of the 12-bit RCODE
      version:          uint8;
      dnssec_ok:        bit[1];  // DO (RFC 3225)
      z:                bit[15] default(0);
      rdlength: uint16 value(sizeof(options));
      options: array bytes (rdlength) {
        code: uint16 variant {
          |3 -> Nsid
          |5 -> Dau
          |6 -> Dhu
          |7 -> N3u
          |8 -> ClientSubnet
          |9 -> Expire
          |10 -> Cookie
          |11 -> TcpKeepalive
          |12 -> Padding
          |13 -> Chain
          |14 -> KeyTag
          |15 -> ExtendedError
        };
        length: uint16 value(sizeof(data));
        data: byte[length];
      };

    |_:"Record" ->
      rclass: uint16;  // IN 1, CH 3, HS 4; for mDNS the top bit is cache-flush
      ttl:    uint32;
      rdlength: uint16 value(sizeof(rdata));
      rdata: packet dns_rdata(type, rdlength);
  };
}

// The RDATA of a record of type `rtype` in `rdlength` bytes. A record whose
// data is shorter than its type's layout is an error; bytes the layout
// does not explain are kept in `extra` (empty in a well-formed record).
packet dns_rdata(int rtype, int rdlength) {
  classify (rtype) {
    // RFC 2136 section 2.4-2.5: dynamic update prerequisites and deletions
    // carry records of any type with no data.
    |0..0xFFFF:"Empty" when (rdlength == 0) -> ();
    // RFC 1035 section 3.4.1.
    |1:"A" -> address: byte[4];
    // RFC 1035 sections 3.3.11, 3.3.1, 3.3.12.
    |2:"NS" -> nsdname: dns_name;
    |5:"CNAME" -> cname: dns_name;
    |12:"PTR" -> ptrdname: dns_name;
    // RFC 1035 section 3.3.13; the times in seconds.
    |6:"SOA" ->
      mname:   dns_name;
      rname:   dns_name;
      serial:  uint32;
      refresh: uint32;
      retry:   uint32;
      expire:  uint32;
      minimum: uint32;
    // RFC 1035 section 3.3.2: two character-strings.
    |13:"HINFO" ->
      cpu_length: uint8 value(sizeof(cpu));
      cpu: byte[cpu_length];
      os_length: uint8 value(sizeof(os));
      os: byte[os_length];
    // RFC 1035 section 3.3.9.
    |15:"MX" ->
      preference: uint16;
      exchange:   dns_name;
    // RFC 1035 section 3.3.14 (and RFC 7208 for SPF): one or more
    // character-strings filling the data.
    |16:"TXT" ->
      strings: array bytes (rdlength) {
        length: uint8 value(sizeof(text));
        text: byte[length];
      };
    |99:"SPF" ->
      strings: array bytes (rdlength) {
        length: uint8 value(sizeof(text));
        text: byte[length];
      };
    // RFC 3596 section 2.2.
    |28:"AAAA" -> address: byte[16];
    // RFC 2782.
    |33:"SRV" ->
      priority: uint16;
      weight:   uint16;
      port:     uint16;
      target:   dns_name_uncompressed;
    // RFC 3403 section 4.1.
    |35:"NAPTR" ->
      order:          uint16;
      preference:     uint16;
      flags_length:   uint8 value(sizeof(flags));
      flags:          byte[flags_length];
      services_length: uint8 value(sizeof(services));
      services:       byte[services_length];
      regexp_length:  uint8 value(sizeof(regexp));
      regexp:         byte[regexp_length];
      replacement:    dns_name_uncompressed;
    // RFC 4034 section 5.1.
    |43:"DS" ->
      key_tag:     uint16;
      algorithm:   uint8;
      digest_type: uint8;
      digest:      byte[rdlength - 4];
    // RFC 4034 section 3.1.
    |46:"RRSIG" ->
      type_covered: uint16;
      algorithm:    uint8;
      labels:       uint8;
      original_ttl: uint32;
      expiration:   uint32;
      inception:    uint32;
      key_tag:      uint16;
      signer_name:  dns_name_uncompressed;
      signature:    byte[rdlength - offset(signer_name)];
    // RFC 4034 section 4.1.
    |47:"NSEC" ->
      next_domain_name: dns_name_uncompressed;
      type_bitmaps:     byte[rdlength - offset(next_domain_name)];
    // RFC 4034 section 2.1.
    |48:"DNSKEY" ->
      flags:      uint16;
      protocol:   uint8;
      algorithm:  uint8;
      public_key: byte[rdlength - 4];
    // RFC 8659 section 4.1.
    |257:"CAA" ->
      flags:      uint8;
      tag_length: uint8 value(sizeof(tag));
      tag:        byte[tag_length];
      caa_value:  byte[rdlength - offset(tag)];
    |_:"Other" -> data: byte[rdlength];
  };
  rdata_end: label;
  extra: byte[rdlength - offset(rdata_end)];
}
