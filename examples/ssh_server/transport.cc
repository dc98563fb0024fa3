#include "transport.h"

#include <mpl/endian.h>

#include <cstring>

namespace ssh_server {

using namespace wire;  // the codec's short names: msg, Number, Reason, text

namespace {

// OpenSSH's limit on one packet (PACKET_MAX_SIZE); RFC 4253 §6.1 asks
// for at least 35000.
constexpr std::uint32_t max_packet_length = 256 * 1024;
// The smallest packet: padding length byte, one message byte, 4 bytes of padding.
constexpr std::uint32_t min_packet_length = 1 + 1 + 4;

constexpr std::string_view kex_names = "curve25519-sha256,curve25519-sha256@libssh.org";
constexpr std::string_view first_kex_names = "curve25519-sha256,curve25519-sha256@libssh.org,kex-strict-s-v00@openssh.com";

std::string describe_number(const msg::view& m) { return std::to_string(unsigned{static_cast<std::uint8_t>(m.message_number())}); }

// RFC 4253 §6: padding of at least 4 bytes that makes the blocks whole;
// with the length outside the blocks (AEAD, ETM) the 4 length bytes do
// not count.
std::size_t padding_for(std::size_t payload, std::size_t block, bool length_outside) {
  if (!length_outside) return mpl::ssh::padding_length(payload, block);
  const std::size_t unpadded = 1 + payload;
  std::size_t pad = block - unpadded % block;
  if (pad < 4) pad += block;
  return pad;
}

}  // namespace

struct Transport::Direction {
  std::unique_ptr<PacketCipher> cipher = make_plain_cipher();
  std::uint32_t seq = 0;
  std::uint64_t bytes = 0;  // since the last key exchange
  bool have_length = false;
  std::uint32_t length = 0;
};

Transport::Transport(TransportConfig config, Handler handler)
    : config_(std::move(config)), handler_(std::move(handler)), rx_(std::make_unique<Direction>()),
      tx_(std::make_unique<Direction>()) {
  const mpl::ssh_version_line line{.proto_version = "2.0", .software_version = config_.software_version};
  out_.resize(line.size());
  auto w = line.write(mpl::mutable_bytes{out_.data(), out_.size()});
  out_.resize(w.ok() ? *w : 0);
  server_version_.assign(out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(line.identification_size()));
  send_kexinit();
}

Transport::~Transport() = default;

bool Transport::feed(ByteView in) {
  if (closed_) return false;
  in_.insert(in_.end(), in.begin(), in.end());
  while (!closed_) {
    if (!version_done_) {
      if (!handle_version()) break;
      continue;
    }
    const ByteView avail(in_.data() + in_start_, in_.size() - in_start_);
    Direction& rx = *rx_;
    PacketCipher& c = *rx.cipher;
    if (!rx.have_length) {
      if (avail.size() < c.head_size()) break;
      if (const char* bad = read_length(avail)) {
        disconnect(Reason::ProtocolError, std::string(bad) + " " + std::to_string(rx.length));
        break;
      }
    }
    const std::size_t total = 4 + std::size_t{rx.length} + c.tag_size();
    if (avail.size() < total) break;
    opened_.resize(4 + std::size_t{rx.length});
    if (!c.open(rx.seq, avail.first(total), opened_.data())) {
      disconnect(Reason::MacError, "message authentication failed on packet " + std::to_string(rx.seq));
      break;
    }
    const mpl::bytes plain{opened_.data(), opened_.size()};
    ByteView payload;
    if (c.length_outside_blocks()) {
      auto p = ::ssh::ssh_packet_aead::parse(plain, c.block_size());
      if (!p.ok()) {
        disconnect(Reason::ProtocolError, "packet: " + p.error().describe());
        break;
      }
      payload = p->payload();
    } else {
      auto p = ::ssh::ssh_packet::parse(plain, c.block_size());
      if (!p.ok()) {
        disconnect(Reason::ProtocolError, "packet: " + p.error().describe());
        break;
      }
      payload = p->payload();
    }
    ++rx.seq;
    rx.bytes += total;
    rx.have_length = false;
    in_start_ += total;
    if (!handle_packet(payload)) break;
  }
  // Keep the unread tail only; it is at most one packet.
  if (in_start_ > 0 && (in_start_ == in_.size() || in_start_ > (64u << 10))) {
    in_.erase(in_.begin(), in_.begin() + static_cast<std::ptrdiff_t>(in_start_));
    in_start_ = 0;
  }
  if (!closed_ && newkeys_done_ && !kexinit_sent_ && keys_expired()) rekey();
  return !closed_;
}

const char* Transport::read_length(ByteView head) {
  Direction& rx = *rx_;
  PacketCipher& c = *rx.cipher;
  const std::uint32_t n = c.packet_length(rx.seq, head.first(c.head_size()));
  rx.length = n;
  if (n < min_packet_length) return "packet length below the minimum:";
  if (n > max_packet_length) return "packet length above the limit:";
  const std::size_t aligned = c.length_outside_blocks() ? n : std::size_t{n} + 4;
  if (aligned % c.block_size() != 0) return "packet length not a multiple of the cipher block:";
  rx.have_length = true;
  return nullptr;
}

mpl::frame_status Transport::frame(ByteView prefix) {
  Direction& rx = *rx_;
  const PacketCipher& c = *rx.cipher;
  if (closed_) return mpl::frame_status::error("connection closed");
  if (!rx.have_length) {
    if (prefix.size() < c.head_size()) return mpl::frame_status::need_more(c.head_size());
    if (const char* bad = read_length(prefix)) {
      // The stream cannot be read past it. The head goes to feed() as a
      // message of its own, which finds the transport closed; the caller
      // then sends the DISCONNECT naming the reason and closes.
      disconnect(Reason::ProtocolError, std::string(bad) + " " + std::to_string(rx.length));
      return mpl::frame_status::complete(c.head_size());
    }
  }
  const std::size_t total = 4 + std::size_t{rx.length} + c.tag_size();
  if (prefix.size() < total) return mpl::frame_status::need_more(total);
  return mpl::frame_status::complete(total);
}

mpl::frame_status Transport::frame_version(ByteView prefix) {
  auto v = mpl::ssh_version_line::parse(wire::view_of(prefix));
  if (v.ok()) return mpl::frame_status::complete(v->parsed_size);
  if (v.error().kind == mpl::error_kind::truncated) return mpl::frame_status::need_more(prefix.size() + 1);
  if (v.error().kind == mpl::error_kind::limit_exceeded) return mpl::frame_status::error("version line longer than 255 bytes");
  // Not a version line: feed() says why and ends the connection.
  return mpl::frame_status::complete(prefix.size());
}

bool Transport::handle_version() {
  const ByteView avail(in_.data() + in_start_, in_.size() - in_start_);
  auto v = mpl::ssh_version_line::parse(wire::view_of(avail));
  if (!v.ok()) {
    if (v.error().kind == mpl::error_kind::truncated) return false;
    closed_ = true;
    close_reason_ = v.error().kind == mpl::error_kind::const_mismatch
                        ? std::string("not an SSH version line (no \"SSH-\" at its start)")
                        : "bad version line: " + v.error().describe();
    return false;
  }
  if (v->proto_version != "2.0" && v->proto_version != "1.99") {
    closed_ = true;
    close_reason_ = "protocol version " + std::string(v->proto_version) + " not supported";
    return false;
  }
  client_version_.assign(avail.begin(), avail.begin() + static_cast<std::ptrdiff_t>(v->identification_size()));
  in_start_ += v->parsed_size;
  version_done_ = true;
  return true;
}

bool Transport::handle_packet(ByteView payload) {
  auto m = msg::parse(wire::view_of(payload), mpl::ssh::kex_method::ecdh, mpl::ssh::auth_method::none, false);
  if (!m.ok()) {
    disconnect(Reason::ProtocolError, "message: " + m.error().describe());
    return false;
  }
  using Case = msg::message_number_case_t;
  const Case which = m->message_number_case();
  const bool kex_message = which == Case::KexInit || which == Case::KexEcdhInit || which == Case::NewKeys;
  // Strict KEX (OpenSSH's PROTOCOL, "kex-strict"): nothing but key
  // exchange messages until the first NEWKEYS, so that no packet can be
  // slipped in or dropped while the sequence numbers are unprotected.
  if (!newkeys_done_ && !kex_message && (strict_ || client_kexinit_.empty())) {
    if (strict_ || (which != Case::Ignore && which != Case::Debug)) {
      disconnect(Reason::ProtocolError, "message " + describe_number(*m) + " before the first key exchange ended");
      return false;
    }
  }
  switch (which) {
    case Case::Disconnect:
      closed_ = true;
      close_reason_ = "client disconnected: " + std::string(wire::as_text(m->as_Disconnect()->description()));
      return false;
    case Case::Ignore:
    case Case::Debug:
    case Case::Unimplemented:
    case Case::ExtInfo:  // client extensions: none that we use
      return true;
    case Case::KexInit:
      handle_kexinit(*m, payload);
      return !closed_;
    case Case::KexEcdhInit:
      handle_ecdh_init(*m);
      return !closed_;
    case Case::NewKeys:
      handle_newkeys();
      return !closed_;
    case Case::Other:
      // RFC 4253 §11.4: a number we do not know.
      send_now(wire::message(Number::Unimplemented, msg::Unimplemented{.rejected_sequence_number = rx_->seq - 1}));
      return true;
    case Case::ServiceRequest:
    case Case::UserauthRequest:
    case Case::UserauthInfoResponse:
    case Case::GlobalRequest:
    case Case::RequestSuccess:
    case Case::RequestFailure:
    case Case::ChannelOpen:
    case Case::ChannelOpenConfirmation:
    case Case::ChannelOpenFailure:
    case Case::ChannelWindowAdjust:
    case Case::ChannelData:
    case Case::ChannelExtendedData:
    case Case::ChannelEof:
    case Case::ChannelClose:
    case Case::ChannelRequest:
    case Case::ChannelSuccess:
    case Case::ChannelFailure:
      handler_(*m);
      return !closed_;
    default:
      disconnect(Reason::ProtocolError, "message " + describe_number(*m) + " is not one a client sends");
      return false;
  }
}

void Transport::send_kexinit() {
  msg::KexInit k{.kex_algorithms = first_kex_ ? first_kex_names : kex_names,
                 .server_host_key_algorithms = std::string_view("ssh-ed25519"),
                 .encryption_algorithms_client_to_server = cipher_names,
                 .encryption_algorithms_server_to_client = cipher_names,
                 .mac_algorithms_client_to_server = mac_names,
                 .mac_algorithms_server_to_client = mac_names,
                 .compression_algorithms_client_to_server = std::string_view("none"),
                 .compression_algorithms_server_to_client = std::string_view("none"),
                 .languages_client_to_server = std::string_view(""),
                 .languages_server_to_client = std::string_view(""),
                 .first_kex_packet_follows = 0,
                 .reserved = 0};
  random_fill(k.cookie);
  server_kexinit_.clear();
  wire::append(wire::message(Number::KexInit, k), server_kexinit_);
  send_payload(server_kexinit_);
  kexinit_sent_ = true;
  kex_in_progress_ = true;
}

void Transport::rekey() {
  if (!kexinit_sent_ && !closed_) send_kexinit();
}

void Transport::handle_kexinit(const msg::view& m, ByteView payload) {
  if (!client_kexinit_.empty()) {
    disconnect(Reason::ProtocolError, "a second KEXINIT during a key exchange");
    return;
  }
  const auto k = *m.as_KexInit();
  if (first_kex_) {
    strict_ = k.kex_algorithms().contains("kex-strict-c-v00@openssh.com");
    if (strict_ && rx_->seq != 1) {
      disconnect(Reason::ProtocolError, "strict KEX: KEXINIT was not the first packet");
      return;
    }
    ext_info_ = k.kex_algorithms().contains("ext-info-c");
  }
  client_kexinit_.assign(payload.begin(), payload.end());
  if (!kexinit_sent_) send_kexinit();

  using mpl::ssh::name_list_view;
  const std::string_view kex = k.kex_algorithms().first_common(name_list_view(kex_names));
  if (kex.empty()) {
    disconnect(Reason::KeyExchangeFailed, "no common key exchange method (we offer curve25519-sha256)");
    return;
  }
  if (!k.server_host_key_algorithms().contains("ssh-ed25519")) {
    disconnect(Reason::KeyExchangeFailed, "no common host key algorithm (we offer ssh-ed25519)");
    return;
  }
  cipher_c2s_ = find_cipher(k.encryption_algorithms_client_to_server().first_common(name_list_view(cipher_names)));
  cipher_s2c_ = find_cipher(k.encryption_algorithms_server_to_client().first_common(name_list_view(cipher_names)));
  if (cipher_c2s_ == nullptr || cipher_s2c_ == nullptr) {
    disconnect(Reason::KeyExchangeFailed, "no common cipher");
    return;
  }
  mac_c2s_ = cipher_c2s_->aead ? nullptr : find_mac(k.mac_algorithms_client_to_server().first_common(name_list_view(mac_names)));
  mac_s2c_ = cipher_s2c_->aead ? nullptr : find_mac(k.mac_algorithms_server_to_client().first_common(name_list_view(mac_names)));
  if ((!cipher_c2s_->aead && mac_c2s_ == nullptr) || (!cipher_s2c_->aead && mac_s2c_ == nullptr)) {
    disconnect(Reason::KeyExchangeFailed, "no common MAC");
    return;
  }
  if (!k.compression_algorithms_client_to_server().contains("none") ||
      !k.compression_algorithms_server_to_client().contains("none")) {
    disconnect(Reason::KeyExchangeFailed, "no common compression (we offer none)");
    return;
  }
  // RFC 4253 §7: a guessed first packet that guessed wrong is ignored.
  if (k.first_kex_packet_follows() != 0) {
    const std::string_view first_kex = *k.kex_algorithms().begin();
    const std::string_view first_host = *k.server_host_key_algorithms().begin();
    ignore_guessed_ = first_kex != kex || first_host != "ssh-ed25519";
  }
}

void Transport::handle_ecdh_init(const msg::view& m) {
  if (ignore_guessed_) {
    ignore_guessed_ = false;
    return;
  }
  if (client_kexinit_.empty() || next_rx_) {
    disconnect(Reason::ProtocolError, "KEX_ECDH_INIT outside a key exchange");
    return;
  }
  const mpl::bytes client_public = m.as_KexEcdhInit()->client_public();
  X25519 ephemeral;
  auto secret = ephemeral.derive(ByteView(client_public.data(), client_public.size()));
  if (!secret) {
    disconnect(Reason::KeyExchangeFailed, "the client's X25519 public key is not a valid 32-byte point");
    return;
  }
  shared_secret_mpint_ = shared_secret_mpint(*secret);
  const auto k = mpl::ssh::mpint::value_type::from_magnitude(wire::view_of(*secret));
  const HostKey& host = *config_.host_key;
  const Bytes hashed = wire::build(::ssh::ssh_exchange_hash_ecdh::builder{
      .client_version = text(client_version_),
      .server_version = text(server_version_),
      .client_kexinit = wire::view_of(client_kexinit_),
      .server_kexinit = wire::view_of(server_kexinit_),
      .host_key = wire::view_of(host.public_blob),
      .client_public = client_public,
      .server_public = wire::view_of(ephemeral.public_key()),
      .shared_secret = k});
  exchange_hash_ = sha256(hashed);
  if (session_id_.empty()) session_id_ = exchange_hash_;
  const Bytes signature = wire::ed25519_signature_blob(host.signer->sign(exchange_hash_));
  send_now(wire::message(wire::kex_ecdh_reply, msg::KexEcdhReply{.host_key = wire::view_of(host.public_blob),
                                                                  .server_public = wire::view_of(ephemeral.public_key()),
                                                                  .signature = wire::view_of(signature)}));
  // RFC 4253 §7.2: IVs A/B, keys C/D, MAC keys E/F; client to server first.
  const std::size_t mk_c2s = mac_c2s_ ? mac_c2s_->key_size : 0;
  const std::size_t mk_s2c = mac_s2c_ ? mac_s2c_->key_size : 0;
  auto derive = [&](char letter, std::size_t size) {
    return derive_key(shared_secret_mpint_, exchange_hash_, letter, session_id_, size);
  };
  next_rx_ = make_cipher(*cipher_c2s_, mac_c2s_, derive('A', cipher_c2s_->iv_size), derive('C', cipher_c2s_->key_size),
                         derive('E', mk_c2s), false);
  next_tx_ = make_cipher(*cipher_s2c_, mac_s2c_, derive('B', cipher_s2c_->iv_size), derive('D', cipher_s2c_->key_size),
                         derive('F', mk_s2c), true);
  send_now(wire::message(Number::NewKeys, msg::NewKeys{}));
  tx_->cipher = std::move(next_tx_);
  if (strict_) tx_->seq = 0;
  tx_->bytes = 0;
  // RFC 8308 §2.4: EXT_INFO right after the server's first NEWKEYS.
  if (first_kex_ && ext_info_) {
    const msg::extensions_element_builder sig_algs{.name = text("server-sig-algs"), .value = text("ssh-ed25519")};
    const std::array<msg::extensions_element_builder, 1> extensions{sig_algs};
    send_now(wire::message(Number::ExtInfo, msg::ExtInfo{.extensions = extensions}));
  }
}

void Transport::handle_newkeys() {
  if (!next_rx_) {
    disconnect(Reason::ProtocolError, "NEWKEYS before the key exchange reply");
    return;
  }
  rx_->cipher = std::move(next_rx_);
  if (strict_) rx_->seq = 0;
  rx_->bytes = 0;
  kex_in_progress_ = false;
  kexinit_sent_ = false;
  client_kexinit_.clear();
  first_kex_ = false;
  newkeys_done_ = true;
  keys_since_ = std::chrono::steady_clock::now();
  ++kex_count_;
  std::vector<Bytes> held;
  held.swap(held_);
  held_bytes_ = 0;
  for (const Bytes& p : held) send_payload(p);
}

Bytes derive_key(ByteView k_mpint, ByteView h, char letter, ByteView session_id, std::size_t size) {
  Bytes out;
  if (size == 0) return out;
  Bytes in(k_mpint.begin(), k_mpint.end());
  in.insert(in.end(), h.begin(), h.end());
  const std::size_t prefix = in.size();
  in.push_back(static_cast<std::uint8_t>(letter));
  in.insert(in.end(), session_id.begin(), session_id.end());
  out = sha256(in);
  while (out.size() < size) {
    in.resize(prefix);
    in.insert(in.end(), out.begin(), out.end());
    const Bytes more = sha256(in);
    out.insert(out.end(), more.begin(), more.end());
  }
  out.resize(size);
  return out;
}

Bytes shared_secret_mpint(ByteView x25519_output) {
  // RFC 8731 §3.1: K is the X25519 output read as an unsigned number.
  const auto k = mpl::ssh::mpint::value_type::from_magnitude(wire::view_of(x25519_output));
  Bytes out(mpl::ssh::mpint::size(k));
  (void)mpl::ssh::mpint::write(k, mpl::mutable_bytes{out.data(), out.size()});
  return out;
}

void Transport::send(const msg::builder& m) {
  if (closed_) return;
  if (kexinit_sent_ || !newkeys_done_) {
    Bytes p;
    wire::append(m, p);
    held_bytes_ += p.size();
    held_.push_back(std::move(p));
    return;
  }
  send_now(m);
  if (newkeys_done_ && keys_expired()) rekey();
}

bool Transport::keys_expired() const {
  if (tx_->bytes + rx_->bytes > config_.rekey_bytes) return true;
  return config_.rekey_after.count() > 0 && std::chrono::steady_clock::now() - keys_since_ >= config_.rekey_after;
}

void Transport::send_now(const msg::builder& m) {
  Bytes payload;
  if (!wire::append(m, payload)) {
    disconnect(Reason::ProtocolError, "internal: a message the builder refused");
    return;
  }
  send_payload(payload);
}

void seal_packet(PacketCipher& c, std::uint32_t seq, ByteView payload, Bytes& scratch, Bytes& wire) {
  const bool outside = c.length_outside_blocks();
  std::array<std::uint8_t, 64> padding{};
  const std::size_t pad = padding_for(payload.size(), c.block_size(), outside);
  random_fill(std::span(padding.data(), pad));
  scratch.clear();
  const mpl::bytes pad_bytes{padding.data(), pad};
  const bool ok = outside ? wire::append(::ssh::ssh_packet_aead::builder{.block_size = c.block_size(),
                                                                         .payload = wire::view_of(payload),
                                                                         .padding = pad_bytes},
                                         scratch)
                          : wire::append(::ssh::ssh_packet::builder{.block_size = c.block_size(),
                                                                    .payload = wire::view_of(payload),
                                                                    .padding = pad_bytes},
                                         scratch);
  if (ok) c.seal(seq, scratch, wire);
}

void Transport::send_payload(ByteView payload) {
  const std::size_t before = out_.size();
  seal_packet(*tx_->cipher, tx_->seq++, payload, plain_, out_);
  tx_->bytes += out_.size() - before;
}

void Transport::disconnect(Reason reason, const std::string& description) {
  if (closed_) return;
  send_now(wire::message(Number::Disconnect, msg::Disconnect{.reason_code = reason, .description = text(description)}));
  closed_ = true;
  close_reason_ = description;
}

}  // namespace ssh_server
