// OpenSSH's private key file (PROTOCOL.key in OpenSSH's sources), the
// bytes inside the "-----BEGIN OPENSSH PRIVATE KEY-----" armour once the
// base64 is decoded. Strings are uint32 length + bytes (RFC 4251 §5).
//
// Only unencrypted keys are read by the SSH example server (cipher and KDF
// "none"); an encrypted key parses, with its private section opaque.
packet openssh_private_key {
  magic: byte[14] const("openssh-key-v1");
  magic_end: uint8 const(0);
  cipher_name_length: uint32 value(sizeof(cipher_name));
  cipher_name: byte[cipher_name_length];     // "none", "aes256-ctr", ...
  kdf_name_length: uint32 value(sizeof(kdf_name));
  kdf_name: byte[kdf_name_length];           // "none" or "bcrypt"
  kdf_options_length: uint32 value(sizeof(kdf_options));
  kdf_options: byte[kdf_options_length];
  key_count: uint32 min(1) max(1);           // OpenSSH writes one key per file
  public_key_length: uint32 value(sizeof(public_key));
  public_key: byte[public_key_length];       // an ssh_public_key
  private_section_length: uint32 value(sizeof(private_section));
  private_section: byte[private_section_length];
}

// The private section when it is not encrypted: two equal check words (a
// wrong passphrase gives two different ones), the key, a comment, then
// padding 1, 2, 3, ... to the cipher's block size (8 for "none").
packet openssh_private_section {
  check_1: uint32;
  check_2: uint32;
  key_type_length: uint32 value(sizeof(key_type));
  key_type: byte[key_type_length];
  // Other key types end the parse (no branch matches): the server reads
  // only Ed25519 host keys.
  classify (key_type) {
    |"ssh-ed25519":"Ed25519" ->
      public_length: uint32 const(32);
      public: byte[32];
      // The 32-byte seed followed by the 32-byte public key.
      private_length: uint32 const(64);
      private: byte[64];
  };
  comment_length: uint32 value(sizeof(comment));
  comment: byte[comment_length];
  padding: byte[remaining()];
}
