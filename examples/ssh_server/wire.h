// The generated SSH codec (specs/ssh.mpl, specs/openssh_key.mpl) as the
// server uses it: short names, the key and signature blobs, and writing a
// builder into a byte vector. Every SSH byte the server reads or writes
// goes through these generated parsers and builders.
#pragma once

#include <mpl/ssh.h>

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "crypto.h"
#include "openssh_key.h"
#include "ssh.h"

namespace ssh_server::wire {

namespace msg = ::ssh::ssh_message;
using Number = msg::message_number_t;
using Reason = msg::reason_code_t;
// The number of KEX_ECDH_REPLY (RFC 5656 §4): 31 means it only while an
// ECDH key exchange runs, so the variant does not name it.
inline constexpr Number kex_ecdh_reply = static_cast<Number>(31);

inline mpl::bytes view_of(ByteView b) { return {b.data(), b.size()}; }
inline mpl::bytes text(std::string_view s) { return mpl::bytes_of(s); }
inline std::string_view as_text(mpl::bytes b) { return mpl::as_string_view(b); }

// Appends what `b` writes to `out`; false (nothing appended) when the
// builder refuses (a value out of its range).
template <class B>
bool append(const B& b, Bytes& out) {
  const std::size_t at = out.size();
  out.resize(at + b.size());
  auto w = b.write(mpl::mutable_bytes{out.data() + at, out.size() - at});
  if (!w.ok()) {
    out.resize(at);
    return false;
  }
  return true;
}

template <class B>
Bytes build(const B& b) {
  Bytes out;
  append(b, out);
  return out;
}

// A message builder with its number: the parameters do not matter when
// building (they only select how 30..34 and 60 are read).
template <class Body>
msg::builder message(Number number, Body body, std::uint64_t auth_method = mpl::ssh::auth_method::none) {
  return msg::builder{.kex = mpl::ssh::kex_method::ecdh, .auth_method = auth_method, .port_reply = false,
                      .message_number = number, .body = std::move(body)};
}

// K_S for an Ed25519 key (RFC 8709 §4).
inline Bytes ed25519_public_blob(ByteView raw32) {
  ::ssh::ssh_public_key::Ed25519 body;
  std::copy(raw32.begin(), raw32.end(), body.key.begin());
  return build(::ssh::ssh_public_key::builder{.format = text("ssh-ed25519"), .body = body});
}

// The 32-byte point of an ssh-ed25519 key blob that is exactly that.
inline std::optional<ByteView> ed25519_point(ByteView blob) {
  auto k = ::ssh::ssh_public_key::parse(view_of(blob));
  if (!k.ok() || k->size() != blob.size()) return std::nullopt;
  auto e = k->as_Ed25519();
  if (!e) return std::nullopt;
  return ByteView(e->key().data(), e->key().size());
}
inline bool is_ed25519_public_blob(ByteView blob) { return ed25519_point(blob).has_value(); }

// An ssh-ed25519 signature string (RFC 8709 §6).
inline Bytes ed25519_signature_blob(ByteView sig64) {
  ::ssh::ssh_signature::Ed25519 body;
  std::copy(sig64.begin(), sig64.end(), body.blob.begin());
  return build(::ssh::ssh_signature::builder{.format = text("ssh-ed25519"), .body = body});
}

// The 64 signature bytes of an ssh-ed25519 signature string.
inline std::optional<ByteView> ed25519_signature(ByteView blob) {
  auto s = ::ssh::ssh_signature::parse(view_of(blob));
  if (!s.ok() || s->size() != blob.size()) return std::nullopt;
  auto e = s->as_Ed25519();
  if (!e) return std::nullopt;
  return ByteView(e->blob().data(), e->blob().size());
}

struct PrivateKey {
  std::array<std::uint8_t, 32> seed{};
  std::array<std::uint8_t, 32> public_key{};
};

// An unencrypted ssh-ed25519 key from the decoded body of an OpenSSH
// private key file.
std::optional<PrivateKey> parse_private_key(ByteView raw, std::string* error);

}  // namespace ssh_server::wire
