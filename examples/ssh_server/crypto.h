// The cryptography of the SSH server, all of it from OpenSSL's libcrypto:
// SHA-256, X25519, Ed25519, and the packet protections of RFC 4253 §6
// (cipher + MAC) as OpenSSH negotiates them. Nothing here parses SSH
// messages; it only turns bytes into other bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <openssl/types.h>

namespace ssh_server {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

Bytes sha256(ByteView data);
// Fills `out` from OpenSSL's CSPRNG; aborts the process if it fails (no
// session may go on with predictable keys or padding).
void random_fill(std::span<std::uint8_t> out);

// An ephemeral X25519 key pair for one key exchange (RFC 8731).
class X25519 {
 public:
  X25519();
  ~X25519();
  X25519(const X25519&) = delete;
  X25519& operator=(const X25519&) = delete;
  const Bytes& public_key() const { return public_; }
  // The 32-byte shared secret, or nothing when the peer's point is not 32
  // bytes or the result is all zeros (RFC 8731 §3: abort).
  std::optional<Bytes> derive(ByteView peer_public) const;

 private:
  EVP_PKEY* key_ = nullptr;
  Bytes public_;
};

// An Ed25519 key (RFC 8032): the host key signs, client keys verify.
class Ed25519Signer {
 public:
  Ed25519Signer(ByteView seed32);
  ~Ed25519Signer();
  Ed25519Signer(const Ed25519Signer&) = delete;
  Ed25519Signer& operator=(const Ed25519Signer&) = delete;
  bool ok() const { return key_ != nullptr; }
  Bytes sign(ByteView message) const;  // 64 bytes; empty on failure
  Bytes public_key() const;            // the 32-byte point

 private:
  EVP_PKEY* key_ = nullptr;
};
bool ed25519_verify(ByteView public32, ByteView message, ByteView signature64);

// Constant-time equality of two byte strings of equal length (passwords, MACs).
bool equal_secret(ByteView a, ByteView b);

// What a negotiated cipher + MAC pair needs from the key derivation.
struct CipherSpec {
  std::string_view name;
  std::size_t key_size = 0;
  std::size_t iv_size = 0;
  std::size_t block_size = 8;
  bool aead = false;  // its own tag; the MAC algorithm is not used
};
struct MacSpec {
  std::string_view name;
  std::size_t key_size = 0;
  std::size_t tag_size = 0;
  bool etm = false;
};
const CipherSpec* find_cipher(std::string_view name);
const MacSpec* find_mac(std::string_view name);
// The names we offer, most preferred first, comma-joined as in KEXINIT.
extern const std::string_view cipher_names;
extern const std::string_view mac_names;

// One direction's packet protection. Sequence numbers are the caller's.
// Sending: seal() takes the whole plaintext binary packet (packet_length ..
// padding) and appends what goes on the wire. Receiving in two steps:
// packet_length() from the first head_size() bytes, then open() on the
// whole wire packet (4 + length + tag_size()) after the MAC is checked.
class PacketCipher {
 public:
  virtual ~PacketCipher() = default;
  virtual std::size_t block_size() const = 0;
  virtual std::size_t tag_size() const = 0;
  // The packet length is outside the cipher blocks (ssh_packet_aead).
  virtual bool length_outside_blocks() const = 0;
  virtual std::size_t head_size() const = 0;
  virtual void seal(std::uint32_t seq, ByteView packet, Bytes& wire) = 0;
  virtual std::uint32_t packet_length(std::uint32_t seq, ByteView head) = 0;
  // Writes 4 + length plaintext bytes to `plain`; false when the MAC or tag
  // does not match (nothing may then be trusted).
  virtual bool open(std::uint32_t seq, ByteView wire, std::uint8_t* plain) = 0;
};

// Before the first NEWKEYS: no encryption, no MAC.
std::unique_ptr<PacketCipher> make_plain_cipher();
// `mac` is ignored (may be null) for an AEAD cipher.
std::unique_ptr<PacketCipher> make_cipher(const CipherSpec& cipher, const MacSpec* mac, ByteView iv, ByteView key,
                                          ByteView mac_key, bool encrypt);

}  // namespace ssh_server
