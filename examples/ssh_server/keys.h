// The server's files: the Ed25519 host key in OpenSSH's private key format,
// authorized_keys, and the password file. Each reader returns an error
// message naming the file and what is wrong, never a half-read key.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "crypto.h"

namespace ssh_server {

struct HostKey {
  Bytes public_blob;  // K_S: an ssh_public_key "ssh-ed25519"
  Bytes public_raw;   // the 32-byte point
  std::unique_ptr<Ed25519Signer> signer;
};

// A host key from a 32-byte Ed25519 seed (tests make their own).
std::optional<HostKey> host_key_from_seed(ByteView seed32);

// Base64 (RFC 4648) without whitespace; nothing on a bad character or length.
std::optional<Bytes> base64_decode(std::string_view text);

// Reads `-----BEGIN OPENSSH PRIVATE KEY-----` ... for an unencrypted
// ssh-ed25519 key, as `ssh-keygen -t ed25519 -N ''` writes it.
std::optional<HostKey> load_host_key(const std::string& path, std::string* error);
// Parses the armoured text itself (what load_host_key reads from the file).
std::optional<HostKey> parse_host_key(std::string_view text, std::string* error);

// The key blobs of the ssh-ed25519 lines of an authorized_keys file
// (options before the key type are not supported: such lines are skipped
// with a warning in `error`).
std::optional<std::vector<Bytes>> load_authorized_keys(const std::string& path, std::string* error);

// The password: the file's first line, without its line end.
std::optional<std::string> load_password(const std::string& path, std::string* error);

}  // namespace ssh_server
