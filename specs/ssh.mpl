// The Secure Shell protocol, version 2: the binary packet and the messages
// of the transport (RFC 4253), user authentication (RFC 4252) and
// connection (RFC 4254) protocols, with the message numbers of RFC 4250,
// Diffie-Hellman group exchange (RFC 4419), ECDH key exchange (RFC 5656,
// RFC 8731 for curve25519), extension negotiation (RFC 8308),
// keyboard-interactive authentication (RFC 4256), RSA SHA-2 signatures
// (RFC 8332) and Ed25519 keys (RFC 8709). The version exchange line that
// precedes the first packet is text; mpl::ssh_version_line in
// <mpl/ssh.h> reads and writes it.
//
// Data types (RFC 4251 §5):
//   byte, uint32, uint64   as in MPL.
//   boolean                a byte; 0 is false, anything else true. Kept as
//                          a byte so that any value read is written back.
//   string                 uint32 length + bytes, written in MPL as two
//                          fields `x_length: uint32 value(sizeof(x)); x: ...`.
//                          Spelling strings out lets a string be a classify
//                          subject (method "password") and lets a string hold
//                          a structured value built in place (a public key).
//   mpint                  custom type mpl::ssh::mpint (two's complement,
//                          minimal encoding checked on parse, produced on build).
//   name-list              custom type mpl::ssh::name_list.

custom mpint = "mpl::ssh::mpint" header "mpl/ssh.h";
custom name_list = "mpl::ssh::name_list" header "mpl/ssh.h";

// RFC 4253 §6: the binary packet, as it is before encryption (and as it is
// on the wire before the first NEWKEYS). The MAC is not part of it: it
// follows the packet on the wire, its length is set by the negotiated MAC
// algorithm (0 before NEWKEYS), and it is computed over the sequence number
// and this unencrypted packet; view::size() says where it starts.
//
// `block_size` is the cipher block size, or 8 if that is larger (8 before
// NEWKEYS). packet_length + 4 must be a multiple of it, and the padding at
// least 4 bytes (RFC 4253 §6). The parser checks both; a builder takes the
// random padding from the caller, whose length mpl::ssh::padding_length()
// computes.
packet ssh_packet (int block_size) {
  packet_length:  uint32 value(offset(padding) - 4);
  padding_length: uint8 min(4) value(sizeof(padding));
  payload: byte[packet_length - padding_length - 1];
  padding: byte[padding_length];
  classify ((packet_length + 4) - (packet_length + 4) / block_size * block_size) {
    |0:"BlockAligned" -> ();
  };
}

// The binary packet of the modes that keep packet_length out of the
// cipher's blocks: chacha20-poly1305@openssh.com (the length has its own
// key), AES-GCM (RFC 5647 §7.2: the length is additional authenticated
// data) and the *-etm@openssh.com MACs (the length is sent in clear). Same
// fields as ssh_packet; what must be a multiple of `block_size` is
// packet_length itself, the 4 bytes of the length not counted.
packet ssh_packet_aead (int block_size) {
  packet_length:  uint32 value(offset(padding) - 4);
  padding_length: uint8 min(4) value(sizeof(padding));
  payload: byte[packet_length - padding_length - 1];
  padding: byte[padding_length];
  classify (packet_length - packet_length / block_size * block_size) {
    |0:"BlockAligned" -> ();
  };
}

// One message: the payload of a binary packet. Three message numbers mean
// different messages depending on what the connection is doing, which only
// the caller knows, so it passes that in:
//
//   kex          the key exchange method in progress (for 30..34):
//                0 Diffie-Hellman with a fixed group (diffie-hellman-group*):
//                  30 KEXDH_INIT, 31 KEXDH_REPLY (RFC 4253 §8);
//                1 elliptic-curve Diffie-Hellman (ecdh-sha2-*, curve25519-*):
//                  30 KEX_ECDH_INIT, 31 KEX_ECDH_REPLY (RFC 5656 §4);
//                2 group exchange (diffie-hellman-group-exchange-*): 30
//                  GEX_REQUEST_OLD, 31 GEX_GROUP, 32 GEX_INIT, 33
//                  GEX_REPLY, 34 GEX_REQUEST (RFC 4419 §5).
//   auth_method  the user authentication method in progress (for 60):
//                1 publickey: 60 is USERAUTH_PK_OK (RFC 4252 §7);
//                2 password: 60 is USERAUTH_PASSWD_CHANGEREQ (RFC 4252 §8);
//                3 keyboard-interactive: 60 is USERAUTH_INFO_REQUEST
//                  (RFC 4256 §3.2); 0 none: message 60 is an error.
//   port_reply   the last global request answered was a tcpip-forward
//                with port 0: REQUEST_SUCCESS carries the port the server
//                bound (RFC 4254 §7.1).
//
// mpl::ssh::kex_method and mpl::ssh::auth_method name these numbers.
packet ssh_message (int kex, int auth_method, bool port_reply) {
  message_number: uint8 variant {
    |1 -> Disconnect
    |2 -> Ignore
    |3 -> Unimplemented
    |4 -> Debug
    |5 -> ServiceRequest
    |6 -> ServiceAccept
    |7 -> ExtInfo
    |20 -> KexInit
    |21 -> NewKeys
    |50 -> UserauthRequest
    |51 -> UserauthFailure
    |52 -> UserauthSuccess
    |53 -> UserauthBanner
    |60 -> UserauthMethodSpecific
    |61 -> UserauthInfoResponse
    |80 -> GlobalRequest
    |81 -> RequestSuccess
    |82 -> RequestFailure
    |90 -> ChannelOpen
    |91 -> ChannelOpenConfirmation
    |92 -> ChannelOpenFailure
    |93 -> ChannelWindowAdjust
    |94 -> ChannelData
    |95 -> ChannelExtendedData
    |96 -> ChannelEof
    |97 -> ChannelClose
    |98 -> ChannelRequest
    |99 -> ChannelSuccess
    |100 -> ChannelFailure
  };

  classify (message_number) {
    // ------------------------------------------------ transport (RFC 4253)
    // §11.1.
    |1:"Disconnect" ->
      reason_code: uint32 variant {
        |1 -> HostNotAllowedToConnect
        |2 -> ProtocolError
        |3 -> KeyExchangeFailed
        |4 -> Reserved
        |5 -> MacError
        |6 -> CompressionError
        |7 -> ServiceNotAvailable
        |8 -> ProtocolVersionNotSupported
        |9 -> HostKeyNotVerifiable
        |10 -> ConnectionLost
        |11 -> ByApplication
        |12 -> TooManyConnections
        |13 -> AuthCancelledByUser
        |14 -> NoMoreAuthMethodsAvailable
        |15 -> IllegalUserName
      };
      description_length: uint32 value(sizeof(description));
      description: byte[description_length];   // ISO-10646 UTF-8
      language_length: uint32 value(sizeof(language));
      language: byte[language_length];         // RFC 3066 tag
    // §11.2.
    |2:"Ignore" ->
      data_length: uint32 value(sizeof(data));
      data: byte[data_length];
    // §11.4.
    |3:"Unimplemented" ->
      rejected_sequence_number: uint32;
    // §11.3.
    |4:"Debug" ->
      always_display: uint8;
      message_length: uint32 value(sizeof(message));
      message: byte[message_length];
      language_length: uint32 value(sizeof(language));
      language: byte[language_length];
    // §10.
    |5:"ServiceRequest" ->
      service_name_length: uint32 value(sizeof(service_name));
      service_name: byte[service_name_length];
    |6:"ServiceAccept" ->
      service_name_length: uint32 value(sizeof(service_name));
      service_name: byte[service_name_length];
    // RFC 8308 §2.3.
    |7:"ExtInfo" ->
      extension_count: uint32 value(array_length(extensions));
      extensions: array (extension_count) {
        name_length: uint32 value(sizeof(name));
        name: byte[name_length];
        value_length: uint32 value(sizeof(value));
        value: byte[value_length];
      };
    // §7.1.
    |20:"KexInit" ->
      cookie: byte[16];
      kex_algorithms: name_list;
      server_host_key_algorithms: name_list;
      encryption_algorithms_client_to_server: name_list;
      encryption_algorithms_server_to_client: name_list;
      mac_algorithms_client_to_server: name_list;
      mac_algorithms_server_to_client: name_list;
      compression_algorithms_client_to_server: name_list;
      compression_algorithms_server_to_client: name_list;
      languages_client_to_server: name_list;
      languages_server_to_client: name_list;
      first_kex_packet_follows: uint8;
      reserved: uint32 default(0);
    // §7.3.
    |21:"NewKeys" -> ();

    // Key exchange, 30..34, by the method in progress.
    // RFC 4253 §8.
    |30:"KexdhInit" when (kex == 0) ->
      e: mpint;
    |31:"KexdhReply" when (kex == 0) ->
      host_key_length: uint32 value(sizeof(host_key));
      host_key: byte[host_key_length];           // an ssh_public_key
      f: mpint;
      signature_length: uint32 value(sizeof(signature));
      signature: byte[signature_length];         // an ssh_signature
    // RFC 5656 §4; RFC 8731 §3 (the points are 32-byte strings).
    |30:"KexEcdhInit" when (kex == 1) ->
      client_public_length: uint32 value(sizeof(client_public));
      client_public: byte[client_public_length];
    |31:"KexEcdhReply" when (kex == 1) ->
      host_key_length: uint32 value(sizeof(host_key));
      host_key: byte[host_key_length];
      server_public_length: uint32 value(sizeof(server_public));
      server_public: byte[server_public_length];
      signature_length: uint32 value(sizeof(signature));
      signature: byte[signature_length];
    // RFC 4419 §5.
    |30:"KexDhGexRequestOld" when (kex == 2) ->
      preferred_bits: uint32;
    |31:"KexDhGexGroup" when (kex == 2) ->
      p: mpint;
      g: mpint;
    |32:"KexDhGexInit" when (kex == 2) ->
      e: mpint;
    |33:"KexDhGexReply" when (kex == 2) ->
      host_key_length: uint32 value(sizeof(host_key));
      host_key: byte[host_key_length];
      f: mpint;
      signature_length: uint32 value(sizeof(signature));
      signature: byte[signature_length];
    |34:"KexDhGexRequest" when (kex == 2) ->
      min_bits: uint32;
      preferred_bits: uint32;
      max_bits: uint32;

    // ------------------------------------------ user authentication (RFC 4252)
    // §5, with the method-specific fields of §5.2, §7, §8, §9 and RFC 4256 §3.1.
    |50:"UserauthRequest" ->
      user_name_length: uint32 value(sizeof(user_name));
      user_name: byte[user_name_length];
      service_name_length: uint32 value(sizeof(service_name));
      service_name: byte[service_name_length];
      method_name_length: uint32 value(sizeof(method_name));
      method_name: byte[method_name_length];
      classify (method_name) {
        |"none":"None" -> ();
        |"password":"Password" ->
          change: uint8;
          classify (change) {
            |0:"Plain" ->
              password_length: uint32 value(sizeof(password));
              password: byte[password_length];
            |_:"Change" ->
              old_password_length: uint32 value(sizeof(old_password));
              old_password: byte[old_password_length];
              new_password_length: uint32 value(sizeof(new_password));
              new_password: byte[new_password_length];
          };
        |"publickey":"PublicKey" ->
          has_signature: uint8;
          algorithm_length: uint32 value(sizeof(algorithm));
          algorithm: byte[algorithm_length];
          key_blob_length: uint32 value(sizeof(key_blob));
          key_blob: byte[key_blob_length];           // an ssh_public_key
          classify (has_signature) {
            |0:"Query" -> ();
            |_:"Signed" ->
              signature_length: uint32 value(sizeof(signature));
              signature: byte[signature_length];     // an ssh_signature over ssh_userauth_signed_data
          };
        |"keyboard-interactive":"KeyboardInteractive" ->
          language_length: uint32 value(sizeof(language));
          language: byte[language_length];
          submethods_length: uint32 value(sizeof(submethods));
          submethods: byte[submethods_length];
        |"hostbased":"HostBased" ->
          algorithm_length: uint32 value(sizeof(algorithm));
          algorithm: byte[algorithm_length];
          host_key_length: uint32 value(sizeof(host_key));
          host_key: byte[host_key_length];
          client_host_length: uint32 value(sizeof(client_host));
          client_host: byte[client_host_length];
          client_user_length: uint32 value(sizeof(client_user));
          client_user: byte[client_user_length];
          signature_length: uint32 value(sizeof(signature));
          signature: byte[signature_length];
        |_:"OtherMethod" ->
          method_data: byte[remaining()];
      };
    // §5.1.
    |51:"UserauthFailure" ->
      authentications_that_can_continue: name_list;
      partial_success: uint8;
    |52:"UserauthSuccess" -> ();
    // §5.4.
    |53:"UserauthBanner" ->
      message_length: uint32 value(sizeof(message));
      message: byte[message_length];
      language_length: uint32 value(sizeof(language));
      language: byte[language_length];
    // Message 60, by the method in progress.
    |60:"UserauthPkOk" when (auth_method == 1) ->
      algorithm_length: uint32 value(sizeof(algorithm));
      algorithm: byte[algorithm_length];
      key_blob_length: uint32 value(sizeof(key_blob));
      key_blob: byte[key_blob_length];
    |60:"UserauthPasswdChangereq" when (auth_method == 2) ->
      prompt_length: uint32 value(sizeof(prompt));
      prompt: byte[prompt_length];
      language_length: uint32 value(sizeof(language));
      language: byte[language_length];
    |60:"UserauthInfoRequest" when (auth_method == 3) ->
      name_length: uint32 value(sizeof(name));
      name: byte[name_length];
      instruction_length: uint32 value(sizeof(instruction));
      instruction: byte[instruction_length];
      language_length: uint32 value(sizeof(language));
      language: byte[language_length];
      prompt_count: uint32 value(array_length(prompts));
      prompts: array (prompt_count) {
        prompt_length: uint32 value(sizeof(prompt));
        prompt: byte[prompt_length];
        echo: uint8;
      };
    // RFC 4256 §3.4.
    |61:"UserauthInfoResponse" ->
      response_count: uint32 value(array_length(responses));
      responses: array (response_count) {
        response_length: uint32 value(sizeof(response));
        response: byte[response_length];
      };

    // ------------------------------------------------- connection (RFC 4254)
    // §4 and §7.1.
    |80:"GlobalRequest" ->
      request_name_length: uint32 value(sizeof(request_name));
      request_name: byte[request_name_length];
      want_reply: uint8;
      classify (request_name) {
        |"tcpip-forward":"TcpipForward" ->
          bind_address_length: uint32 value(sizeof(bind_address));
          bind_address: byte[bind_address_length];
          bind_port: uint32;
        |"cancel-tcpip-forward":"CancelTcpipForward" ->
          bind_address_length: uint32 value(sizeof(bind_address));
          bind_address: byte[bind_address_length];
          bind_port: uint32;
        |_:"OtherRequest" ->
          request_data: byte[remaining()];
      };
    |81:"RequestSuccessWithPort" when (port_reply) ->
      bound_port: uint32;
    |81:"RequestSuccess" when (!port_reply) ->
      response_data: byte[remaining()];
    |82:"RequestFailure" -> ();
    // §5.1 and §6.1, §6.3.2, §7.2.
    |90:"ChannelOpen" ->
      channel_type_length: uint32 value(sizeof(channel_type));
      channel_type: byte[channel_type_length];
      sender_channel: uint32;
      initial_window_size: uint32;
      maximum_packet_size: uint32;
      classify (channel_type) {
        |"session":"Session" -> ();
        |"x11":"X11" ->
          originator_address_length: uint32 value(sizeof(originator_address));
          originator_address: byte[originator_address_length];
          originator_port: uint32;
        |"forwarded-tcpip":"ForwardedTcpip" ->
          connected_address_length: uint32 value(sizeof(connected_address));
          connected_address: byte[connected_address_length];
          connected_port: uint32;
          originator_address_length: uint32 value(sizeof(originator_address));
          originator_address: byte[originator_address_length];
          originator_port: uint32;
        |"direct-tcpip":"DirectTcpip" ->
          host_length: uint32 value(sizeof(host));
          host: byte[host_length];
          port: uint32;
          originator_address_length: uint32 value(sizeof(originator_address));
          originator_address: byte[originator_address_length];
          originator_port: uint32;
        |_:"OtherChannel" ->
          channel_data: byte[remaining()];
      };
    |91:"ChannelOpenConfirmation" ->
      recipient_channel: uint32;
      sender_channel: uint32;
      initial_window_size: uint32;
      maximum_packet_size: uint32;
      channel_data: byte[remaining()];
    |92:"ChannelOpenFailure" ->
      recipient_channel: uint32;
      reason_code: uint32 variant {
        |1 -> AdministrativelyProhibited
        |2 -> ConnectFailed
        |3 -> UnknownChannelType
        |4 -> ResourceShortage
      };
      description_length: uint32 value(sizeof(description));
      description: byte[description_length];
      language_length: uint32 value(sizeof(language));
      language: byte[language_length];
    // §5.2.
    |93:"ChannelWindowAdjust" ->
      recipient_channel: uint32;
      bytes_to_add: uint32;
    |94:"ChannelData" ->
      recipient_channel: uint32;
      data_length: uint32 value(sizeof(data));
      data: byte[data_length];
    |95:"ChannelExtendedData" ->
      recipient_channel: uint32;
      data_type_code: uint32 variant { |1 -> Stderr };
      data_length: uint32 value(sizeof(data));
      data: byte[data_length];
    // §5.3.
    |96:"ChannelEof" ->
      recipient_channel: uint32;
    |97:"ChannelClose" ->
      recipient_channel: uint32;
    // §5.4 and §6.
    |98:"ChannelRequest" ->
      recipient_channel: uint32;
      request_type_length: uint32 value(sizeof(request_type));
      request_type: byte[request_type_length];
      want_reply: uint8;
      classify (request_type) {
        // §6.2, with the terminal modes of §8.
        |"pty-req":"PtyReq" ->
          term_length: uint32 value(sizeof(term));
          term: byte[term_length];          // TERM, e.g. "vt100"
          width_characters: uint32;
          height_rows: uint32;
          width_pixels: uint32;
          height_pixels: uint32;
          modes_length: uint32 value(sizeof(modes));
          modes: array bytes (modes_length) {
            mode: packet ssh_terminal_mode();
          };
        // §6.3.1.
        |"x11-req":"X11Req" ->
          single_connection: uint8;
          auth_protocol_length: uint32 value(sizeof(auth_protocol));
          auth_protocol: byte[auth_protocol_length];
          auth_cookie_length: uint32 value(sizeof(auth_cookie));
          auth_cookie: byte[auth_cookie_length];
          screen_number: uint32;
        // §6.4.
        |"env":"Env" ->
          name_length: uint32 value(sizeof(name));
          name: byte[name_length];
          value_length: uint32 value(sizeof(value));
          value: byte[value_length];
        // §6.5.
        |"shell":"Shell" -> ();
        |"exec":"Exec" ->
          command_length: uint32 value(sizeof(command));
          command: byte[command_length];
        |"subsystem":"Subsystem" ->
          subsystem_name_length: uint32 value(sizeof(subsystem_name));
          subsystem_name: byte[subsystem_name_length];
        // §6.7.
        |"window-change":"WindowChange" ->
          width_characters: uint32;
          height_rows: uint32;
          width_pixels: uint32;
          height_pixels: uint32;
        // §6.8.
        |"xon-xoff":"XonXoff" ->
          client_can_do: uint8;
        // §6.9 (signal names without the "SIG" prefix).
        |"signal":"Signal" ->
          signal_name_length: uint32 value(sizeof(signal_name));
          signal_name: byte[signal_name_length];
        // §6.10.
        |"exit-status":"ExitStatus" ->
          exit_status: uint32;
        |"exit-signal":"ExitSignal" ->
          signal_name_length: uint32 value(sizeof(signal_name));
          signal_name: byte[signal_name_length];
          core_dumped: uint8;
          error_message_length: uint32 value(sizeof(error_message));
          error_message: byte[error_message_length];
          language_length: uint32 value(sizeof(language));
          language: byte[language_length];
        |_:"OtherRequest" ->
          request_data: byte[remaining()];
      };
    |99:"ChannelSuccess" ->
      recipient_channel: uint32;
    |100:"ChannelFailure" ->
      recipient_channel: uint32;

    // Any other number (RFC 4253 §11.4 asks for UNIMPLEMENTED in reply).
    // 30..34 and 60 only mean something in a state the parameters name; in
    // any other state they are an error (no case matches), not raw data.
    // (Written as a nested classify because mplc does not yet honour a
    // `when` guard on a `_` case.)
    |_:"Other" ->
      classify ((message_number >= 30 and message_number <= 34) or message_number == 60) {
        |false:"Unassigned" -> body: byte[remaining()];
      };
  };
}

// RFC 4254 §8: one encoded terminal mode of a pty-req. Opcodes 1..159 take
// a uint32 argument; TTY_OP_END (0) ends the list; 160..255 are undefined
// and end parsing, so the rest of the modes stays raw.
packet ssh_terminal_mode {
  opcode: uint8 variant {
    |0 -> TtyOpEnd
    |1 -> Vintr
    |2 -> Vquit
    |3 -> Verase
    |4 -> Vkill
    |5 -> Veof
    |53 -> Echo
    |72 -> Icrnl
    |128 -> TtyOpIspeed
    |129 -> TtyOpOspeed
  };
  classify (opcode) {
    |0:"End" -> ();
    |1..159:"Mode" -> argument: uint32;
    |_:"Undefined" -> rest: byte[remaining()];
  };
}

// Public key formats (the string K_S, a "key blob"): RFC 4253 §6.6 for
// ssh-rsa, RFC 8709 §4 for ssh-ed25519, RFC 5656 §3.1 for ECDSA.
packet ssh_public_key {
  format_length: uint32 value(sizeof(format));
  format: byte[format_length];
  classify (format) {
    |"ssh-rsa":"Rsa" ->
      e: mpint;
      n: mpint;
    |"ssh-ed25519":"Ed25519" ->
      key_length: uint32 const(32);
      key: byte[32];
    |"ecdsa-sha2-nistp256":"EcdsaNistp256" ->
      curve_length: uint32 value(sizeof(curve));
      curve: byte[curve_length];            // "nistp256"
      q_length: uint32 value(sizeof(q));
      q: byte[q_length];                    // SEC1 point, 65 bytes uncompressed
    |_:"OtherKey" ->
      key_data: byte[remaining()];
  };
}

// Signature formats: RFC 4253 §6.6 (ssh-rsa, SHA-1), RFC 8332 §3
// (rsa-sha2-256/512), RFC 8709 §6 (ssh-ed25519, 64 bytes), RFC 5656 §3.1.2
// (ECDSA: the blob is an ssh_ecdsa_signature_blob).
packet ssh_signature {
  format_length: uint32 value(sizeof(format));
  format: byte[format_length];
  classify (format) {
    |"ssh-rsa":"RsaSha1" ->
      blob_length: uint32 value(sizeof(blob));
      blob: byte[blob_length];
    |"rsa-sha2-256":"RsaSha256" ->
      blob_length: uint32 value(sizeof(blob));
      blob: byte[blob_length];
    |"rsa-sha2-512":"RsaSha512" ->
      blob_length: uint32 value(sizeof(blob));
      blob: byte[blob_length];
    |"ssh-ed25519":"Ed25519" ->
      blob_length: uint32 const(64);
      blob: byte[64];
    |"ecdsa-sha2-nistp256":"EcdsaNistp256" ->
      blob_length: uint32 value(sizeof(blob));
      blob: byte[blob_length];
    |_:"OtherSignature" ->
      signature_data: byte[remaining()];
  };
}

// RFC 5656 §3.1.2.
packet ssh_ecdsa_signature_blob {
  r: mpint;
  s: mpint;
}

// What is hashed to give the exchange hash H. The caller builds one of
// these and hashes the bytes; nothing here is sent.
// RFC 4253 §8 (Diffie-Hellman with a fixed group).
packet ssh_exchange_hash_dh {
  client_version_length: uint32 value(sizeof(client_version));
  client_version: byte[client_version_length];     // V_C, without CR LF
  server_version_length: uint32 value(sizeof(server_version));
  server_version: byte[server_version_length];     // V_S
  client_kexinit_length: uint32 value(sizeof(client_kexinit));
  client_kexinit: byte[client_kexinit_length];     // I_C, the KEXINIT payload
  server_kexinit_length: uint32 value(sizeof(server_kexinit));
  server_kexinit: byte[server_kexinit_length];     // I_S
  host_key_length: uint32 value(sizeof(host_key));
  host_key: byte[host_key_length];                 // K_S
  e: mpint;
  f: mpint;
  shared_secret: mpint;                            // K
}

// RFC 4419 §3 (group exchange; without min and max for the old request).
packet ssh_exchange_hash_gex (bool old_request) {
  client_version_length: uint32 value(sizeof(client_version));
  client_version: byte[client_version_length];
  server_version_length: uint32 value(sizeof(server_version));
  server_version: byte[server_version_length];
  client_kexinit_length: uint32 value(sizeof(client_kexinit));
  client_kexinit: byte[client_kexinit_length];
  server_kexinit_length: uint32 value(sizeof(server_kexinit));
  server_kexinit: byte[server_kexinit_length];
  host_key_length: uint32 value(sizeof(host_key));
  host_key: byte[host_key_length];
  classify (old_request) {
    |false:"Request" ->
      min_bits: uint32;
      preferred_bits: uint32;
      max_bits: uint32;
    |true:"RequestOld" ->
      preferred_bits: uint32;
  };
  p: mpint;
  g: mpint;
  e: mpint;
  f: mpint;
  shared_secret: mpint;
}

// RFC 5656 §4 (ECDH) and RFC 8731 §3.1 (curve25519: the shared secret is
// the X25519 output read as an unsigned number, encoded as an mpint).
packet ssh_exchange_hash_ecdh {
  client_version_length: uint32 value(sizeof(client_version));
  client_version: byte[client_version_length];
  server_version_length: uint32 value(sizeof(server_version));
  server_version: byte[server_version_length];
  client_kexinit_length: uint32 value(sizeof(client_kexinit));
  client_kexinit: byte[client_kexinit_length];
  server_kexinit_length: uint32 value(sizeof(server_kexinit));
  server_kexinit: byte[server_kexinit_length];
  host_key_length: uint32 value(sizeof(host_key));
  host_key: byte[host_key_length];
  client_public_length: uint32 value(sizeof(client_public));
  client_public: byte[client_public_length];       // Q_C
  server_public_length: uint32 value(sizeof(server_public));
  server_public: byte[server_public_length];       // Q_S
  shared_secret: mpint;                            // K
}

// RFC 4252 §7: what a publickey USERAUTH_REQUEST signs.
packet ssh_userauth_signed_data {
  session_id_length: uint32 value(sizeof(session_id));
  session_id: byte[session_id_length];
  message_number: uint8 const(50);
  user_name_length: uint32 value(sizeof(user_name));
  user_name: byte[user_name_length];
  service_name_length: uint32 value(sizeof(service_name));
  service_name: byte[service_name_length];
  method_name_length: uint32 const(9);
  method_name: byte[9] const("publickey");
  has_signature: uint8 const(1);
  algorithm_length: uint32 value(sizeof(algorithm));
  algorithm: byte[algorithm_length];
  key_blob_length: uint32 value(sizeof(key_blob));
  key_blob: byte[key_blob_length];
}
