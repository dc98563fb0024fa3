// The Dynamic Host Configuration Protocol for IPv4 (RFC 2131), carried in
// UDP between ports 67 and 68: the BOOTP message of RFC 951 with the
// options of RFC 2132 after a four-byte magic cookie. Also the relay agent
// information option (RFC 3046), the domain search option (RFC 3397) and
// the client FQDN option (RFC 4702).
//
// What is not taken apart here:
// * option overload (option 52): when it says so, more options sit in the
//   `file` and `sname` fields. They stay raw bytes; parse them with
//   dhcp_options below if you need them.
// * long options split in several pieces (RFC 3396) are kept as the pieces
//   the packet carries; concatenating them is the caller's job.

packet dhcp {
  // RFC 2131 section 2: BOOTREQUEST from a client, BOOTREPLY from a server.
  op: uint8 variant { |1 -> BootRequest |2 -> BootReply };

  // Hardware address type and length (ARP hardware types; 1 is Ethernet).
  htype: uint8 default(1);
  hlen:  uint8 default(6);
  hops:  uint8 default(0);   // incremented by relay agents
  xid:   uint32;             // transaction id chosen by the client
  secs:  uint16 default(0);  // seconds since the client began

  // RFC 2131 section 2, figure 2: only the leftmost bit of the flags has a
  // meaning. The others must be sent as zero and ignored on receipt, so the
  // parser keeps whatever it finds.
  broadcast:      bit[1] default(0);
  flags_reserved: bit[15] default(0);

  ciaddr: uint32 default(0);   // client address, when the client has one
  yiaddr: uint32 default(0);   // "your" address, offered by the server
  siaddr: uint32 default(0);   // next server to use for bootstrap
  giaddr: uint32 default(0);   // relay agent address

  // The client hardware address occupies the first hlen bytes; the rest is
  // padding. Server host name and boot file name are NUL-terminated text,
  // or more options when option 52 says so.
  chaddr: byte[16];
  sname:  byte[64];
  file:   byte[128];

  // RFC 2131 section 3: 99.130.83.99 opens the options field.
  magic_cookie: uint32 const(0x63825363);

  // RFC 2131 section 4.1 and RFC 2132 section 3: options up to and
  // including End. Pad options are elements of their own.
  options: packet dhcp_options();

  // After End the rest of the packet is padding (clients pad to the 300
  // bytes of a BOOTP message); it is kept so that rebuilding writes the
  // same bytes, and a receiver should ignore it.
  padding: byte[remaining()];
}

// The option list alone, up to and including End: the shape of the options
// field, and of the `file` and `sname` fields when option 52 overloads them.
packet dhcp_options {
  list: array until (code == 255) {
    code: uint8 variant {
      |0   -> Pad
      |1   -> SubnetMask
      |2   -> TimeOffset
      |3   -> Router
      |6   -> DomainNameServer
      |12  -> HostName
      |15  -> DomainName
      |28  -> BroadcastAddress
      |42  -> NtpServers
      |43  -> VendorSpecific
      |50  -> RequestedIpAddress
      |51  -> LeaseTime
      |52  -> OptionOverload
      |53  -> MessageType
      |54  -> ServerIdentifier
      |55  -> ParameterRequestList
      |56  -> Message
      |57  -> MaximumMessageSize
      |58  -> RenewalTime
      |59  -> RebindingTime
      |60  -> VendorClassIdentifier
      |61  -> ClientIdentifier
      |81  -> ClientFqdn
      |82  -> RelayAgentInformation
      |119 -> DomainSearch
      |121 -> ClasslessStaticRoute
      |255 -> End
    };

    // A fixed-size option whose length byte disagrees with RFC 2132 is
    // rejected (const) rather than read out of step with the list.
    classify (code) {
      // RFC 2132 sections 3.1 and 3.2: one byte, no length.
      |0:"Pad" -> ();
      |255:"End" -> ();

      // RFC 2132 section 3.3.
      |1:"SubnetMask" ->
        length: uint8 const(4);
        subnet_mask: uint32;

      // RFC 2132 section 3.4: seconds east of UTC, two's complement.
      |2:"TimeOffset" ->
        length: uint8 const(4);
        offset_seconds: int32;

      // RFC 2132 sections 3.5 and 3.8: one or more addresses, in order of
      // preference.
      |3:"Router" ->
        length: uint8 value(sizeof(addresses));
        addresses: array bytes (length) { address: uint32; };
      |6:"DomainNameServer" ->
        length: uint8 value(sizeof(addresses));
        addresses: array bytes (length) { address: uint32; };
      |42:"NtpServers" ->
        length: uint8 value(sizeof(addresses));
        addresses: array bytes (length) { address: uint32; };

      // RFC 2132 sections 3.14 and 3.17: text, not NUL-terminated.
      |12:"HostName" ->
        length: uint8 value(sizeof(name));
        name: byte[length];
      |15:"DomainName" ->
        length: uint8 value(sizeof(name));
        name: byte[length];

      // RFC 2132 section 5.3.
      |28:"BroadcastAddress" ->
        length: uint8 const(4);
        broadcast_address: uint32;

      // RFC 2132 section 8.4: opaque, its meaning agreed with the vendor
      // class (option 60).
      |43:"VendorSpecific" ->
        length: uint8 value(sizeof(data));
        data: byte[length];

      // RFC 2132 section 9.1.
      |50:"RequestedIpAddress" ->
        length: uint8 const(4);
        requested_address: uint32;

      // RFC 2132 section 9.2: seconds; 0xffffffff means infinite.
      |51:"LeaseTime" ->
        length: uint8 const(4);
        lease_seconds: uint32;

      // RFC 2132 section 9.3: which of file and sname carry more options.
      |52:"OptionOverload" ->
        length: uint8 const(1);
        overload: uint8 variant { |1 -> File |2 -> Sname |3 -> Both };

      // RFC 2132 section 9.6, with the lease query types of RFC 4388 and
      // RFC 6926, FORCERENEW of RFC 3203 and the TLS type of RFC 7724.
      |53:"MessageType" ->
        length: uint8 const(1);
        message_type: uint8 variant {
          |1  -> Discover
          |2  -> Offer
          |3  -> Request
          |4  -> Decline
          |5  -> Ack
          |6  -> Nak
          |7  -> Release
          |8  -> Inform
          |9  -> ForceRenew
          |10 -> LeaseQuery
          |11 -> LeaseUnassigned
          |12 -> LeaseUnknown
          |13 -> LeaseActive
          |14 -> BulkLeaseQuery
          |15 -> LeaseQueryDone
          |16 -> ActiveLeaseQuery
          |17 -> LeaseQueryStatus
          |18 -> Tls
        };

      // RFC 2132 section 9.7.
      |54:"ServerIdentifier" ->
        length: uint8 const(4);
        server_address: uint32;

      // RFC 2132 section 9.8: the option codes the client asks for, in its
      // order of preference.
      |55:"ParameterRequestList" ->
        length: uint8 value(sizeof(codes));
        codes: byte[length];

      // RFC 2132 section 9.9: an error message (text).
      |56:"Message" ->
        length: uint8 value(sizeof(text));
        text: byte[length];

      // RFC 2132 section 9.10: at least 576 in a conforming client, but a
      // smaller number is reported, not rejected.
      |57:"MaximumMessageSize" ->
        length: uint8 const(2);
        maximum_size: uint16;

      // RFC 2132 sections 9.11 and 9.12: T1 and T2, in seconds.
      |58:"RenewalTime" ->
        length: uint8 const(4);
        renewal_seconds: uint32;
      |59:"RebindingTime" ->
        length: uint8 const(4);
        rebinding_seconds: uint32;

      // RFC 2132 section 9.13: opaque, usually text naming the vendor.
      |60:"VendorClassIdentifier" ->
        length: uint8 value(sizeof(identifier));
        identifier: byte[length];

      // RFC 2132 section 9.14: a hardware type (as htype) followed by the
      // identifier, usually the hardware address; type 0 means another
      // kind of identifier (RFC 4361 uses 255).
      |61:"ClientIdentifier" ->
        length: uint8 min(1) value(sizeof(identifier) + 1);
        type: uint8;
        identifier: byte[length - 1];

      // RFC 4702 section 2: flags, two deprecated RCODE bytes and the
      // domain name, in the wire format of RFC 1035 when the E flag is set
      // and in ASCII otherwise. The name is kept as bytes.
      |81:"ClientFqdn" ->
        length: uint8 min(3) value(sizeof(domain_name) + 3);
        flags_mbz: bit[4] default(0);
        no_update: bit[1] default(0);        // N: the server should not update DNS
        encoded: bit[1] default(1);          // E: domain_name is in DNS wire format
        server_override: bit[1] default(0);  // O: set by servers only
        server_update: bit[1] default(0);    // S: the server should update the A RR
        rcode1: uint8 default(0);
        rcode2: uint8 default(0);
        domain_name: byte[length - 3];

      // RFC 3046 section 2.0: sub-options, each a code, a length and data,
      // filling the option exactly. Sub-option codes: 1 agent circuit id,
      // 2 agent remote id (RFC 3046), 6 subscriber id (RFC 3993), and more
      // in the IANA registry; all kept raw.
      |82:"RelayAgentInformation" ->
        length: uint8 value(sizeof(sub_options));
        sub_options: array bytes (length) {
          sub_code: uint8 variant {
            |1 -> AgentCircuitId
            |2 -> AgentRemoteId
            |4 -> DocsisDeviceClass
            |5 -> LinkSelection
            |6 -> SubscriberId
            |7 -> RadiusAttributes
            |8 -> Authentication
            |9 -> VendorSpecific
            |11 -> ServerIdentifierOverride
          };
          sub_length: uint8 value(sizeof(sub_data));
          sub_data: byte[sub_length];
        };

      // RFC 3397 section 2: a list of domain names in DNS wire format,
      // possibly compressed against each other; kept as bytes. A list over
      // 255 bytes continues in further options of the same code (RFC 3396).
      |119:"DomainSearch" ->
        length: uint8 value(sizeof(names));
        names: byte[length];

      // Every other option, and the ones of the variant above that are not
      // taken apart: the length byte and the data.
      |_:"Other" ->
        length: uint8 value(sizeof(data));
        data: byte[length];
    };
  };
}
