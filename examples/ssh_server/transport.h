// The SSH transport layer (RFC 4253) of one server connection as a state
// machine with no I/O: feed() takes the bytes the client sent, output()
// holds the bytes to send. It does the version exchange, key exchange
// (curve25519-sha256 with an ssh-ed25519 host key, strict KEX, re-keying
// either way), packet protection, and hands every other message, parsed by
// the generated ssh_message parser, to the layer above.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <mpl/frame.h>

#include "crypto.h"
#include "keys.h"
#include "wire.h"

namespace ssh_server {

struct TransportConfig {
  const HostKey* host_key = nullptr;
  // The server starts a new key exchange after this many bytes either way
  // (RFC 4253 §9 recommends 1 GB) or when the keys are this old (RFC 4253
  // §9: one hour), at the next packet either way; zero seconds: never.
  std::uint64_t rekey_bytes = 1ull << 30;
  std::chrono::seconds rekey_after{3600};
  std::string software_version = "mplssh_0.1";
};

// Appends to `wire` one binary packet (RFC 4253 §6) carrying `payload`
// with random padding, protected by `cipher` under sequence number `seq`;
// `scratch` holds the plaintext packet. Used by both ends (the tests'
// client too).
void seal_packet(PacketCipher& cipher, std::uint32_t seq, ByteView payload, Bytes& scratch, Bytes& wire);
// RFC 4253 §7.2: HASH(K || H || letter || session_id), extended by
// HASH(K || H || K1 || ...) to `size` bytes; `k_mpint` is K as an mpint.
Bytes derive_key(ByteView k_mpint, ByteView h, char letter, ByteView session_id, std::size_t size);
// The curve25519-sha256 shared secret as the mpint the hashes take.
Bytes shared_secret_mpint(ByteView x25519_output);

class Transport {
 public:
  // Called for each message of the service layers (numbers 5 and 50..255)
  // once the first key exchange is done; the view is valid during the call.
  using Handler = std::function<void(const wire::msg::view&)>;

  Transport(TransportConfig config, Handler handler);
  ~Transport();

  // Processes what arrived; returns false once the connection is to end
  // (after a DISCONNECT, sent or received). Bytes to send are in output().
  bool feed(ByteView in);
  // The stream framer (mpl/frame.h) for what comes after the version
  // line: how many bytes the next binary packet takes on the wire, its
  // length decrypted when the cipher hides it (once per packet: AES-CTR's
  // key stream moves on). Handing feed() exactly those bytes processes it.
  mpl::frame_status frame(ByteView prefix);
  // The framer for the version line (RFC 4253 §4.2): up to its LF.
  static mpl::frame_status frame_version(ByteView prefix);
  Bytes& output() { return out_; }
  bool closed() const { return closed_; }
  // Why the connection ended, for the log.
  const std::string& close_reason() const { return close_reason_; }

  // Sends a message of the service layers; held back while a key exchange
  // is in progress (RFC 4253 §7.1) and sent after NEWKEYS.
  void send(const wire::msg::builder& m);
  // Sends DISCONNECT with the reason and ends the connection.
  void disconnect(wire::msg::reason_code_t reason, const std::string& description);
  // Starts a key exchange (the server's own re-key).
  void rekey();
  // The byte or the time limit of the current keys is reached.
  bool keys_expired() const;

  const Bytes& session_id() const { return session_id_; }
  bool authenticated_layer_ready() const { return newkeys_done_; }
  // Bytes buffered for output while a key exchange holds service messages back.
  std::size_t held_back() const { return held_bytes_; }
  std::uint64_t kex_count() const { return kex_count_; }

 private:
  struct Direction;
  bool handle_version();
  // Reads and checks the next packet's length into rx_; an error text when it is bad.
  const char* read_length(ByteView head);
  bool handle_packet(ByteView payload);
  void handle_kexinit(const wire::msg::view& m, ByteView payload);
  void handle_ecdh_init(const wire::msg::view& m);
  void handle_newkeys();
  void send_kexinit();
  void send_now(const wire::msg::builder& m);
  void send_payload(ByteView payload);

  TransportConfig config_;
  Handler handler_;
  Bytes in_;
  std::size_t in_start_ = 0;
  Bytes out_;
  Bytes plain_;     // one plaintext packet, reused
  Bytes opened_;    // one decrypted packet, reused
  bool version_done_ = false;
  std::string client_version_, server_version_;
  bool closed_ = false;
  std::string close_reason_;

  std::unique_ptr<Direction> rx_, tx_;
  // Negotiated keys waiting for NEWKEYS in each direction.
  std::unique_ptr<PacketCipher> next_rx_, next_tx_;

  // Key exchange state.
  bool kex_in_progress_ = false;
  bool kexinit_sent_ = false;
  bool strict_ = false;
  bool first_kex_ = true;
  bool ext_info_ = false;
  bool ignore_guessed_ = false;
  bool newkeys_done_ = false;  // the first key exchange has completed
  std::chrono::steady_clock::time_point keys_since_{};  // when NEWKEYS last took effect
  std::uint64_t kex_count_ = 0;
  Bytes client_kexinit_, server_kexinit_;
  Bytes session_id_, exchange_hash_, shared_secret_mpint_;
  const CipherSpec* cipher_c2s_ = nullptr;
  const CipherSpec* cipher_s2c_ = nullptr;
  const MacSpec* mac_c2s_ = nullptr;
  const MacSpec* mac_s2c_ = nullptr;
  std::vector<Bytes> held_;  // service payloads waiting for the key exchange to end
  std::size_t held_bytes_ = 0;
};

}  // namespace ssh_server
