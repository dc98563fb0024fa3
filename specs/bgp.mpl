// BGP-4, the Border Gateway Protocol (RFC 4271), with the extensions a
// current speaker negotiates: route refresh (RFC 2918), multiprotocol
// extensions (RFC 4760), capabilities advertisement (RFC 5492), four-octet
// AS numbers (RFC 6793), communities (RFC 1997), extended communities
// (RFC 4360), large communities (RFC 8092), graceful restart (RFC 4724),
// ADD-PATH (RFC 7911), extended messages (RFC 8654) and the FQDN
// capability (draft-walton-bgp-hostname-capability).
//
// One message is one `bgp_message`. It parses from the first byte of a
// message to the end its `length` field gives, so the messages of a TCP
// stream are read one after the other with view::size().
//
// What the bytes alone do not tell comes from the OPEN exchange: `as4`,
// true when both speakers advertised the four-octet AS capability (65), in
// which case AS_PATH and AGGREGATOR carry 4-byte AS numbers (RFC 6793 §4.1).
// It is a parameter of bgp_attribute_value: a path attribute's value is
// parsed from the attribute's bytes with
//   bgp_attribute_value::parse(value, as4, add_path_ipv4, add_path_ipv6,
//                              type_code, value.size())
// as a second step, on purpose. MPL could pass `as4` down into the
// attribute list (parameters reach array elements), but then one malformed
// attribute value would fail the whole UPDATE, and RFC 7606 asks a speaker
// to handle most attribute errors as "treat-as-withdraw" or "attribute
// discard", which needs the rest of the message (its NLRI above all) read.
// Parsed in two steps, a bad value is the caller's to judge; the message
// still parses whenever its framing is sound.
//
// ADD-PATH (RFC 7911) is negotiated per address family and per direction:
// for a family, the sender of a message advertised Send (or Both) and its
// receiver Receive (or Both). Then every prefix of that family in the
// message carries a path identifier before it (§3). `add_path`, the
// parameter of bgp_message, says so for IPv4 unicast, the family of the
// UPDATE's own withdrawn routes and NLRI; `add_path_ipv4` and
// `add_path_ipv6` of bgp_attribute_value say so for the IPv4 unicast and
// IPv6 unicast prefixes inside MP_REACH_NLRI and MP_UNREACH_NLRI (RFC
// 4760), whichever family the attribute turns out to carry.
//
// Not taken apart: extended optional parameters (RFC 9072), and NLRI of
// families other than IPv4 and IPv6 unicast (kept raw, path identifiers
// included).

packet bgp_message (bool add_path) {
  // RFC 4271 §4.1: all ones, for compatibility (authentication is gone).
  marker: byte[16] const("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff");
  // The whole message, header included: 19..4096, or up to 65535 with the
  // extended message capability (RFC 8654).
  length: uint16 min(19) value(offset(trailing));
  type: uint8 variant {
    |1 -> Open
    |2 -> Update
    |3 -> Notification
    |4 -> Keepalive
    |5 -> RouteRefresh
  };

  classify (type) {
    // RFC 4271 §4.2.
    |1:"Open" ->
      version: uint8 const(4);
      // AS_TRANS (23456) when the speaker's AS needs four octets; the real
      // number is in the four-octet AS capability (RFC 6793 §4.1).
      my_as: uint16;
      hold_time: uint16;          // 0, or at least 3 seconds
      bgp_identifier: uint32;
      optional_parameters_length: uint8 value(sizeof(optional_parameters));
      optional_parameters: array bytes (optional_parameters_length) {
        parameter: packet bgp_optional_parameter();
      };

    // RFC 4271 §4.3. Both prefix lists are bounded by byte lengths; the
    // NLRI runs to the end of the message.
    |2:"Update" ->
      withdrawn_routes_length: uint16 value(sizeof(withdrawn_routes));
      withdrawn_routes: array bytes (withdrawn_routes_length) {
        classify (add_path) {
          |false:"NoPathId" -> ();
          |true:"WithPathId" -> path_id: uint32;   // RFC 7911 §3
        };
        prefix: packet bgp_ipv4_prefix();
      };
      total_path_attribute_length: uint16 value(sizeof(path_attributes));
      path_attributes: array bytes (total_path_attribute_length) {
        attribute: packet bgp_path_attribute();
      };
      nlri: array bytes (length - offset(path_attributes)) {
        classify (add_path) {
          |false:"NoPathId" -> ();
          |true:"WithPathId" -> path_id: uint32;   // RFC 7911 §3
        };
        prefix: packet bgp_ipv4_prefix();
      };

    // RFC 4271 §4.5 and §6; subcodes by code in bgp_notification_data.
    |3:"Notification" ->
      error_code: uint8 variant {
        |1 -> MessageHeaderError
        |2 -> OpenMessageError
        |3 -> UpdateMessageError
        |4 -> HoldTimerExpired
        |5 -> FiniteStateMachineError
        |6 -> Cease
        |7 -> RouteRefreshMessageError
      };
      classify (error_code) {
        |1:"MessageHeader" ->
          header_subcode: uint8 variant {
            |1 -> ConnectionNotSynchronized
            |2 -> BadMessageLength
            |3 -> BadMessageType
          };
        |2:"OpenMessage" ->
          open_subcode: uint8 variant {
            |1 -> UnsupportedVersionNumber
            |2 -> BadPeerAs
            |3 -> BadBgpIdentifier
            |4 -> UnsupportedOptionalParameter
            |6 -> UnacceptableHoldTime
            |7 -> UnsupportedCapability
            |8 -> RoleMismatch
          };
        |3:"UpdateMessage" ->
          update_subcode: uint8 variant {
            |1 -> MalformedAttributeList
            |2 -> UnrecognizedWellKnownAttribute
            |3 -> MissingWellKnownAttribute
            |4 -> AttributeFlagsError
            |5 -> AttributeLengthError
            |6 -> InvalidOriginAttribute
            |8 -> InvalidNextHopAttribute
            |9 -> OptionalAttributeError
            |10 -> InvalidNetworkField
            |11 -> MalformedAsPath
          };
        // RFC 4486 (Cease subcodes) and RFC 8203 (shutdown communication).
        |6:"Cease" ->
          cease_subcode: uint8 variant {
            |1 -> MaximumNumberOfPrefixesReached
            |2 -> AdministrativeShutdown
            |3 -> PeerDeConfigured
            |4 -> AdministrativeReset
            |5 -> ConnectionRejected
            |6 -> OtherConfigurationChange
            |7 -> ConnectionCollisionResolution
            |8 -> OutOfResources
            |9 -> HardReset
            |10 -> BfdDown
          };
        // RFC 7313 §5.
        |7:"RouteRefreshMessage" ->
          route_refresh_subcode: uint8 variant { |1 -> InvalidMessageLength };
        |_:"OtherError" ->
          subcode: uint8;
      };
      subcode_end: label;
      // Diagnostic data whose meaning depends on the code and subcode
      // (RFC 4271 §6, RFC 8203 §2 for the shutdown communication).
      data: byte[length - offset(subcode_end)];

    // RFC 4271 §4.4: the header alone.
    |4:"Keepalive" -> ();

    // RFC 2918 §3; the reserved byte is the message subtype of enhanced
    // route refresh (RFC 7313 §3.2: 0 request, 1 BoRR, 2 EoRR).
    |5:"RouteRefresh" ->
      afi: uint16 variant { |1 -> Ipv4 |2 -> Ipv6 };
      subtype: uint8 default(0) variant { |0 -> Request |1 -> BeginningOfRouteRefresh |2 -> EndOfRouteRefresh };
      safi: uint8 variant { |1 -> Unicast |2 -> Multicast };

    // Types this spec does not know: the body raw.
    |_:"Unknown" ->
      body: byte[length - 19];
  };

  // Bytes the length covers beyond what the message type defines; empty in
  // every well-formed message. Keeping them makes a parsed message end
  // exactly where `length` says, so the next message starts there.
  body_end: label;
  trailing: byte[length - offset(body_end)];
}

// RFC 4271 §4.2: one optional parameter of an OPEN message.
packet bgp_optional_parameter {
  parameter_type: uint8 variant { |2 -> Capabilities };
  parameter_length: uint8 value(offset(parameter_end) - offset(parameter_length));
  classify (parameter_type) {
    // RFC 5492 §4: a list of capabilities filling the parameter.
    |2:"Capabilities" ->
      capabilities: array bytes (parameter_length) {
        capability: packet bgp_capability();
      };
    |_:"Other" ->
      value: byte[parameter_length];
  };
  parameter_end: label;
}

// RFC 5492 §4: code, length, value. Each known capability is taken apart
// only when its length is the one its RFC gives; otherwise it is kept raw
// (branch Unknown), so a malformed capability never shifts the ones after it.
packet bgp_capability {
  code: uint8 variant {
    |1 -> Multiprotocol
    |2 -> RouteRefresh
    |6 -> ExtendedMessage
    |64 -> GracefulRestart
    |65 -> FourOctetAs
    |69 -> AddPath
    |70 -> EnhancedRouteRefresh
    |73 -> Fqdn
    |128 -> RouteRefreshCisco
  };
  capability_length: uint8 value(offset(capability_end) - offset(capability_length));
  classify (code) {
    // RFC 4760 §8.
    |1:"Multiprotocol" when (capability_length == 4) ->
      afi: uint16 variant { |1 -> Ipv4 |2 -> Ipv6 };
      reserved: uint8 default(0);
      safi: uint8 variant { |1 -> Unicast |2 -> Multicast };
    // RFC 2918 §2.
    |2:"RouteRefresh" when (capability_length == 0) -> ();
    // RFC 8654 §3.
    |6:"ExtendedMessage" when (capability_length == 0) -> ();
    // RFC 4724 §3: restart flags (R, N) and time, then per-family flags.
    |64:"GracefulRestart" when (capability_length >= 2) ->
      restart_state: bit[1];
      notification: bit[1];
      restart_reserved: bit[2] default(0);
      restart_time: bit[12];
      families: array bytes (capability_length - 2) {
        afi: uint16;
        safi: uint8;
        forwarding_state: bit[1];
        flags_reserved: bit[7] default(0);
      };
    // RFC 6793 §3.
    |65:"FourOctetAs" when (capability_length == 4) ->
      as_number: uint32;
    // RFC 7911 §4.
    |69:"AddPath" ->
      families: array bytes (capability_length) {
        afi: uint16;
        safi: uint8;
        send_receive: uint8 variant { |1 -> Receive |2 -> Send |3 -> Both };
      };
    // RFC 7313 §3.1.
    |70:"EnhancedRouteRefresh" when (capability_length == 0) -> ();
    // draft-walton-bgp-hostname-capability §3: host and domain names.
    |73:"Fqdn" when (capability_length >= 2) ->
      hostname_length: uint8 value(sizeof(hostname));
      hostname: byte[hostname_length];
      domain_name_length: uint8 value(sizeof(domain_name));
      domain_name: byte[domain_name_length];
    |_:"Unknown" ->
      value: byte[capability_length];
  };
  capability_end: label;
}

// RFC 4271 §4.3: one path attribute. The flags say whether the length is
// one byte or two (Extended Length); the value that follows is the same in
// both cases: parse it with bgp_attribute_value, or build it with a
// bgp_attribute_value builder as `value`.
packet bgp_path_attribute {
  optional:        bit[1];
  transitive:      bit[1];
  partial:         bit[1];
  extended_length: bit[1];
  flags_reserved:  bit[4] default(0);   // must be zero when sent, ignored when received
  type_code: uint8 variant {
    |1 -> Origin
    |2 -> AsPath
    |3 -> NextHop
    |4 -> MultiExitDisc
    |5 -> LocalPref
    |6 -> AtomicAggregate
    |7 -> Aggregator
    |8 -> Communities
    |14 -> MpReachNlri
    |15 -> MpUnreachNlri
    |16 -> ExtendedCommunities
    |17 -> As4Path
    |18 -> As4Aggregator
    |32 -> LargeCommunity
  };
  classify (extended_length) {
    |false:"Short" ->
      attribute_length: uint8 value(sizeof(value));
      value: byte[attribute_length];
    |true:"Extended" ->
      attribute_length: uint16 value(sizeof(value));
      value: byte[attribute_length];
  };
}

// The value of a path attribute of type `type_code` that is `length` bytes
// long. A known type is taken apart only when its length is the one its RFC
// gives; otherwise it is kept raw (branch Unknown), so that the error
// handling of RFC 7606 stays the caller's decision.
//
// `add_path_ipv4` and `add_path_ipv6`: ADD-PATH was negotiated for IPv4
// unicast, IPv6 unicast, in the direction of the message (RFC 7911 §4).
// The caller knows both from the OPENs before it knows which family an
// MP_REACH_NLRI or MP_UNREACH_NLRI carries; the attribute's AFI and SAFI
// choose the flag that applies.
packet bgp_attribute_value (bool as4, bool add_path_ipv4, bool add_path_ipv6, int type_code, int length) {
  classify (type_code) {
    // RFC 4271 §5.1.1.
    |1:"Origin" when (length == 1) ->
      origin: uint8 variant { |0 -> Igp |1 -> Egp |2 -> Incomplete };
    // RFC 4271 §5.1.2, with 4-byte AS numbers when as4 (RFC 6793 §4.1).
    |2:"AsPath" when (!as4) ->
      segments: array bytes (length) { segment: packet bgp_as_path_segment(); };
    |2:"AsPath4" when (as4) ->
      segments: array bytes (length) { segment: packet bgp_as4_path_segment(); };
    // RFC 4271 §5.1.3.
    |3:"NextHop" when (length == 4) ->
      next_hop: uint32;
    // RFC 4271 §5.1.4.
    |4:"MultiExitDisc" when (length == 4) ->
      med: uint32;
    // RFC 4271 §5.1.5.
    |5:"LocalPref" when (length == 4) ->
      local_pref: uint32;
    // RFC 4271 §5.1.6.
    |6:"AtomicAggregate" when (length == 0) -> ();
    // RFC 4271 §5.1.7 (2-byte AS) and RFC 6793 §4.1 (4-byte AS).
    |7:"Aggregator" when (length == 6 and !as4) ->
      aggregator_as:      uint16;
      aggregator_address: uint32;
    |7:"Aggregator4" when (length == 8 and as4) ->
      aggregator_as:      uint32;
      aggregator_address: uint32;
    // RFC 1997.
    |8:"Communities" ->
      communities: array bytes (length) {
        community: uint32 variant {
          |0xFFFF0000 -> GracefulShutdown
          |0xFFFF029A -> Blackhole
          |0xFFFFFF01 -> NoExport
          |0xFFFFFF02 -> NoAdvertise
          |0xFFFFFF03 -> NoExportSubconfed
          |0xFFFFFF04 -> NoPeer
        };
      };
    // RFC 4760 §3.
    |14:"MpReachNlri" when (length >= 5) ->
      afi:  uint16 variant { |1 -> Ipv4 |2 -> Ipv6 };
      safi: uint8 variant { |1 -> Unicast |2 -> Multicast };
      next_hop_length: uint8 value(sizeof(next_hop));
      next_hop: byte[next_hop_length];   // IPv6: global, optionally followed by link-local
      reserved: uint8 default(0);
      // Each prefix as in an UPDATE's NLRI: after its path identifier
      // when ADD-PATH holds for the family (RFC 7911 §3).
      classify (afi * 256 + safi) {
        |0x0101:"Ipv4Unicast" ->
          nlri: array bytes (length - offset(reserved)) {
            classify (add_path_ipv4) {
              |false:"NoPathId" -> ();
              |true:"WithPathId" -> path_id: uint32;
            };
            prefix: packet bgp_ipv4_prefix();
          };
        |0x0201:"Ipv6Unicast" ->
          nlri: array bytes (length - offset(reserved)) {
            classify (add_path_ipv6) {
              |false:"NoPathId" -> ();
              |true:"WithPathId" -> path_id: uint32;
            };
            prefix: packet bgp_ipv6_prefix();
          };
        |_:"OtherFamily" ->
          nlri_data: byte[length - offset(reserved)];
      };
    // RFC 4760 §4.
    |15:"MpUnreachNlri" when (length >= 3) ->
      afi:  uint16 variant { |1 -> Ipv4 |2 -> Ipv6 };
      safi: uint8 variant { |1 -> Unicast |2 -> Multicast };
      classify (afi * 256 + safi) {
        |0x0101:"Ipv4Unicast" ->
          withdrawn: array bytes (length - offset(safi)) {
            classify (add_path_ipv4) {
              |false:"NoPathId" -> ();
              |true:"WithPathId" -> path_id: uint32;
            };
            prefix: packet bgp_ipv4_prefix();
          };
        |0x0201:"Ipv6Unicast" ->
          withdrawn: array bytes (length - offset(safi)) {
            classify (add_path_ipv6) {
              |false:"NoPathId" -> ();
              |true:"WithPathId" -> path_id: uint32;
            };
            prefix: packet bgp_ipv6_prefix();
          };
        |_:"OtherFamily" ->
          withdrawn_data: byte[length - offset(safi)];
      };
    // RFC 4360 §2: type (high: IANA authority and transitivity), subtype,
    // six bytes of value.
    |16:"ExtendedCommunities" ->
      communities: array bytes (length) {
        type_high: uint8;
        type_low:  uint8;
        value:     byte[6];
      };
    // RFC 6793 §3: always 4-byte AS numbers.
    |17:"As4Path" ->
      segments: array bytes (length) { segment: packet bgp_as4_path_segment(); };
    |18:"As4Aggregator" when (length == 8) ->
      aggregator_as:      uint32;
      aggregator_address: uint32;
    // RFC 8092 §3.
    |32:"LargeCommunity" ->
      communities: array bytes (length) {
        global_administrator: uint32;
        local_data_1: uint32;
        local_data_2: uint32;
      };
    |_:"Unknown" ->
      data: byte[length];
  };
}

// RFC 4271 §5.1.2: one AS_PATH segment with 2-byte AS numbers.
packet bgp_as_path_segment {
  segment_type: uint8 variant {
    |1 -> AsSet
    |2 -> AsSequence
    |3 -> AsConfedSequence   // RFC 5065
    |4 -> AsConfedSet
  };
  segment_length: uint8 value(array_length(asns));
  asns: array (segment_length) { asn: uint16; };
}

// RFC 6793 §3 and §4: the same with 4-byte AS numbers (AS4_PATH, and
// AS_PATH between two four-octet speakers).
packet bgp_as4_path_segment {
  segment_type: uint8 variant {
    |1 -> AsSet
    |2 -> AsSequence
    |3 -> AsConfedSequence
    |4 -> AsConfedSet
  };
  segment_length: uint8 value(array_length(asns));
  asns: array (segment_length) { asn: uint32; };
}

// RFC 4271 §4.3: an IPv4 prefix as a length in bits followed by the fewest
// bytes that hold that many bits (trailing bits are irrelevant). MPL has no
// "bits rounded up to bytes" size the builder could fill, so the byte count
// is chosen by ranges of the bit length: the builder checks that the bit
// length and the bytes agree, and the parser needs nothing more.
packet bgp_ipv4_prefix {
  prefix_length: uint8 max(32);
  classify (prefix_length) {
    |0:"Bytes0" -> ();
    |1..8:"Bytes1" -> prefix: byte[1];
    |9..16:"Bytes2" -> prefix: byte[2];
    |17..24:"Bytes3" -> prefix: byte[3];
    |25..32:"Bytes4" -> prefix: byte[4];
  };
}

// RFC 4760 §5 / RFC 2545: an IPv6 prefix, encoded as bgp_ipv4_prefix.
packet bgp_ipv6_prefix {
  prefix_length: uint8 max(128);
  classify (prefix_length) {
    |0:"Bytes0" -> ();
    |1..8:"Bytes1" -> prefix: byte[1];
    |9..16:"Bytes2" -> prefix: byte[2];
    |17..24:"Bytes3" -> prefix: byte[3];
    |25..32:"Bytes4" -> prefix: byte[4];
    |33..40:"Bytes5" -> prefix: byte[5];
    |41..48:"Bytes6" -> prefix: byte[6];
    |49..56:"Bytes7" -> prefix: byte[7];
    |57..64:"Bytes8" -> prefix: byte[8];
    |65..72:"Bytes9" -> prefix: byte[9];
    |73..80:"Bytes10" -> prefix: byte[10];
    |81..88:"Bytes11" -> prefix: byte[11];
    |89..96:"Bytes12" -> prefix: byte[12];
    |97..104:"Bytes13" -> prefix: byte[13];
    |105..112:"Bytes14" -> prefix: byte[14];
    |113..120:"Bytes15" -> prefix: byte[15];
    |121..128:"Bytes16" -> prefix: byte[16];
  };
}
