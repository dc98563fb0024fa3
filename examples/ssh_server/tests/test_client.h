// An SSH client in the test process, wired straight to a server-side
// Transport + Connection (no sockets): it speaks the client half of the key
// exchange with the same generated builders and libcrypto, so tests (and
// the fuzz target) can reach the server's message dispatch after NEWKEYS
// and send it exactly the bytes they want, a bad MAC included.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "connection.h"
#include "keys.h"
#include "transport.h"
#include "wire.h"

namespace ssh_server::test {

namespace msg = wire::msg;

struct ClientOptions {
  std::string cipher = "chacha20-poly1305@openssh.com";
  std::string mac = "hmac-sha2-256-etm@openssh.com";
  bool strict = true;
  std::optional<std::string> password;
  std::uint64_t rekey_bytes = 1ull << 30;
  std::chrono::seconds rekey_after{3600};
  bool sandbox = false;
};

class TestClient {
 public:
  explicit TestClient(ClientOptions o = {})
      : options_(std::move(o)),
        host_(*host_key_from_seed(seed(1))),
        user_key_(*host_key_from_seed(seed(2))),
        authorized_{user_key_.public_blob},
        server_(TransportConfig{.host_key = &host_, .rekey_bytes = options_.rekey_bytes,
                                .rekey_after = options_.rekey_after},
                [this](const msg::view& m) { connection_->on_message(m); }),
        connection_(std::make_unique<Connection>(
            server_, ConnectionConfig{.authorized_keys = &authorized_, .password = options_.password,
                                      .sandbox = options_.sandbox})) {}

  Transport& server() { return server_; }
  const HostKey& user_key() const { return user_key_; }

  // Version lines, KEXINITs, curve25519-sha256, NEWKEYS both ways. False
  // (with `why`) when the server's reply does not check out.
  bool handshake(std::string* why) { return exchange_versions(why) && exchange_keys(why); }

  bool exchange_versions(std::string* why) {
    server_.feed(wire::text("SSH-2.0-mpl_test_client\r\n"));
    auto line = mpl::ssh_version_line::parse(wire::view_of(server_.output()));
    if (!line.ok()) return fail(why, "server version line: " + line.error().describe());
    server_version_.assign(server_.output().begin(), server_.output().begin() + static_cast<std::ptrdiff_t>(line->identification_size()));
    from_server_.assign(server_.output().begin() + static_cast<std::ptrdiff_t>(line->parsed_size), server_.output().end());
    server_.output().clear();
    return true;
  }

  // A (re-)key exchange the client starts after the version lines.
  bool exchange_keys(std::string* why) {
    std::string kex = "curve25519-sha256";
    if (first_kex_) kex += options_.strict ? ",ext-info-c,kex-strict-c-v00@openssh.com" : ",ext-info-c";
    const msg::KexInit k{.kex_algorithms = std::string_view(kex),
                         .server_host_key_algorithms = std::string_view("ssh-ed25519"),
                         .encryption_algorithms_client_to_server = std::string_view(options_.cipher),
                         .encryption_algorithms_server_to_client = std::string_view(options_.cipher),
                         .mac_algorithms_client_to_server = std::string_view(options_.mac),
                         .mac_algorithms_server_to_client = std::string_view(options_.mac),
                         .compression_algorithms_client_to_server = std::string_view("none"),
                         .compression_algorithms_server_to_client = std::string_view("none")};
    client_kexinit_ = wire::build(wire::message(wire::Number::KexInit, k));
    send_payload(client_kexinit_);
    X25519 ephemeral;
    send(wire::message(static_cast<wire::Number>(30), msg::KexEcdhInit{.client_public = wire::view_of(ephemeral.public_key())}));
    Bytes server_kexinit;
    std::optional<Bytes> reply;
    while (auto p = next()) {
      if ((*p)[0] == 20) server_kexinit = *p;
      if ((*p)[0] == 31) {
        reply = *p;
        break;
      }
    }
    if (server_kexinit.empty() || !reply) return fail(why, "no KEXINIT and KEX_ECDH_REPLY from the server: " + server_.close_reason());
    auto m = msg::parse(wire::view_of(*reply), mpl::ssh::kex_method::ecdh, 0, false);
    if (!m.ok() || !m->as_KexEcdhReply()) return fail(why, "KEX_ECDH_REPLY does not parse");
    const auto r = *m->as_KexEcdhReply();
    auto secret = ephemeral.derive(r.server_public());
    auto host_point = wire::ed25519_point(r.host_key());
    auto signature = wire::ed25519_signature(r.signature());
    if (!secret || !host_point || !signature) return fail(why, "bad server public value, host key or signature");
    const Bytes k_mpint = shared_secret_mpint(*secret);
    const Bytes hashed = wire::build(::ssh::ssh_exchange_hash_ecdh::builder{
        .client_version = wire::text("SSH-2.0-mpl_test_client"),
        .server_version = wire::text(server_version_),
        .client_kexinit = wire::view_of(client_kexinit_),
        .server_kexinit = wire::view_of(server_kexinit),
        .host_key = r.host_key(),
        .client_public = wire::view_of(ephemeral.public_key()),
        .server_public = r.server_public(),
        .shared_secret = mpl::ssh::mpint::value_type::from_magnitude(wire::view_of(*secret))});
    const Bytes h = sha256(hashed);
    if (session_id_.empty()) session_id_ = h;
    if (!ed25519_verify(*host_point, h, *signature)) return fail(why, "the exchange hash signature does not verify");
    const CipherSpec* cipher = find_cipher(options_.cipher);
    const MacSpec* mac = cipher->aead ? nullptr : find_mac(options_.mac);
    auto derive = [&](char letter, std::size_t n) { return derive_key(k_mpint, h, letter, session_id_, n); };
    const std::size_t mac_key = mac ? mac->key_size : 0;
    send(wire::message(wire::Number::NewKeys, msg::NewKeys{}));
    tx_ = make_cipher(*cipher, mac, derive('A', cipher->iv_size), derive('C', cipher->key_size), derive('E', mac_key), true);
    if (options_.strict) tx_seq_ = 0;
    auto newkeys = next();
    if (!newkeys || (*newkeys)[0] != 21) return fail(why, "no NEWKEYS from the server");
    rx_ = make_cipher(*cipher, mac, derive('B', cipher->iv_size), derive('D', cipher->key_size), derive('F', mac_key), false);
    if (options_.strict) rx_seq_ = 0;
    first_kex_ = false;
    return true;
  }

  // SERVICE_REQUEST, then a signed publickey request with the user key.
  bool authenticate(std::string* why) {
    send(wire::message(wire::Number::ServiceRequest, msg::ServiceRequest{.service_name = wire::text("ssh-userauth")}));
    if (!expect(6)) return fail(why, "no SERVICE_ACCEPT");
    const Bytes signed_data = wire::build(::ssh::ssh_userauth_signed_data::builder{
        .session_id = wire::view_of(session_id_),
        .user_name = wire::text("tester"),
        .service_name = wire::text("ssh-connection"),
        .algorithm = wire::text("ssh-ed25519"),
        .key_blob = wire::view_of(user_key_.public_blob)});
    const Bytes signature = wire::ed25519_signature_blob(user_key_.signer->sign(signed_data));
    send(userauth_publickey(wire::view_of(signature)));
    if (!expect(52)) return fail(why, "no USERAUTH_SUCCESS: " + server_.close_reason());
    return true;
  }

  // A publickey USERAUTH_REQUEST for the user key, signed with `signature`
  // or a query when it is empty.
  msg::builder userauth_publickey(mpl::bytes signature) {
    pk_ = msg::PublicKey{.has_signature = static_cast<std::uint8_t>(signature.empty() ? 0 : 1),
                         .algorithm = wire::text("ssh-ed25519"),
                         .key_blob = wire::view_of(user_key_.public_blob)};
    if (signature.empty()) {
      pk_.body = msg::Query{};
    } else {
      pk_.body = msg::Signed{.signature = signature};
    }
    return wire::message(wire::Number::UserauthRequest, msg::UserauthRequest{.user_name = wire::text("tester"),
                                                                             .service_name = wire::text("ssh-connection"),
                                                                             .method_name = wire::text("publickey"),
                                                                             .body = pk_});
  }

  void send(const msg::builder& m) { send_payload(wire::build(m)); }
  void send_payload(ByteView payload) {
    Bytes out;
    seal_packet(*tx_, tx_seq_++, payload, scratch_, out);
    server_.feed(out);
    take_output();
  }
  // Bytes as they are, on the wire (a corrupt packet).
  void send_wire(ByteView bytes) {
    server_.feed(bytes);
    take_output();
  }
  // The packet `payload` would travel in, for a test to corrupt.
  Bytes seal(ByteView payload) {
    Bytes out;
    seal_packet(*tx_, tx_seq_++, payload, scratch_, out);
    return out;
  }

  // The next message from the server, decrypted; nothing when none is whole.
  std::optional<Bytes> next() {
    take_output();
    if (!have_length_) {
      if (from_server_.size() < rx_->head_size()) return std::nullopt;
      length_ = rx_->packet_length(rx_seq_, from_server_);
      have_length_ = true;
    }
    const std::size_t total = 4 + std::size_t{length_} + rx_->tag_size();
    if (from_server_.size() < total) return std::nullopt;
    Bytes plain(4 + std::size_t{length_});
    if (!rx_->open(rx_seq_, ByteView(from_server_.data(), total), plain.data())) return std::nullopt;
    from_server_.erase(from_server_.begin(), from_server_.begin() + static_cast<std::ptrdiff_t>(total));
    have_length_ = false;
    ++rx_seq_;
    const mpl::bytes view{plain.data(), plain.size()};
    mpl::bytes payload;
    if (rx_->length_outside_blocks()) {
      auto p = ::ssh::ssh_packet_aead::parse(view, rx_->block_size());
      if (!p.ok()) return std::nullopt;
      payload = p->payload();
    } else {
      auto p = ::ssh::ssh_packet::parse(view, rx_->block_size());
      if (!p.ok()) return std::nullopt;
      payload = p->payload();
    }
    return Bytes(payload.begin(), payload.end());
  }
  // Skips messages until one numbered `number` (true) or none is left.
  bool expect(std::uint8_t number) {
    while (auto p = next()) {
      if ((*p)[0] == number) return true;
    }
    return false;
  }
  // The DISCONNECT the server sent, if any, as "reason_code: description".
  std::optional<std::string> disconnect() {
    while (auto p = next()) {
      auto m = msg::parse(wire::view_of(*p), 1, 1, false);
      if (m.ok() && m->as_Disconnect()) {
        return std::to_string(static_cast<unsigned>(m->as_Disconnect()->reason_code())) + ": " +
               std::string(wire::as_text(m->as_Disconnect()->description()));
      }
    }
    return std::nullopt;
  }

  Connection& connection() { return *connection_; }

 private:
  static Bytes seed(std::uint8_t n) { return Bytes(32, n); }
  static bool fail(std::string* why, std::string text) {
    *why = std::move(text);
    return false;
  }
  void take_output() {
    Bytes& out = server_.output();
    from_server_.insert(from_server_.end(), out.begin(), out.end());
    out.clear();
  }

  ClientOptions options_;
  HostKey host_;
  HostKey user_key_;
  std::vector<Bytes> authorized_;
  Transport server_;
  std::unique_ptr<Connection> connection_;
  std::unique_ptr<PacketCipher> tx_ = make_plain_cipher();
  std::unique_ptr<PacketCipher> rx_ = make_plain_cipher();
  std::uint32_t tx_seq_ = 0, rx_seq_ = 0;
  bool have_length_ = false;
  std::uint32_t length_ = 0;
  bool first_kex_ = true;
  Bytes from_server_, scratch_, client_kexinit_, session_id_;
  std::string server_version_;
  msg::PublicKey pk_;
};

}  // namespace ssh_server::test
