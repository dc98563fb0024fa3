// The original Melange compiler's built-in types, used as its SSH and DNS
// specs used them, without any `custom` declaration (issue 14;
// melange_builtins_test.cc).

// SSH (RFC 4253 §6.6, §7.1): the KEXDH reply and a KEXINIT-style tail.
packet kexdh_reply {
  msg_type: byte const(31);
  host_key: string32;
  f: mpint;
  signature: string32;
}

packet kexinit_tail {
  first_kex_packet_follows: boolean;
  reserved: uint32 const(0);
}

// Length-prefixed with one byte, as in the DNS character-string of TXT data.
packet txt {
  text: string8;
  more: string8;
}

// DNS (RFC 1035 §4.1.2): a question with a compressible name.
packet question {
  qname: dns_label_comp;
  qtype: uint16;
  qclass: uint16;
}

packet plain_question {
  qname: dns_label;
  qtype: uint16;
}
