#include "wire.h"

#include <cstring>

namespace ssh_server::wire {

std::optional<PrivateKey> parse_private_key(ByteView raw, std::string* error) {
  auto file = ::openssh_key::openssh_private_key::parse(view_of(raw));
  if (!file.ok()) {
    *error = "not an OpenSSH key: " + file.error().describe();
    return std::nullopt;
  }
  if (as_text(file->cipher_name()) != "none" || as_text(file->kdf_name()) != "none") {
    *error = "the key is encrypted with a passphrase (cipher " + std::string(as_text(file->cipher_name())) +
             "); write it with ssh-keygen -N ''";
    return std::nullopt;
  }
  auto section = ::openssh_key::openssh_private_section::parse(file->private_section());
  if (!section.ok()) {
    *error = "private section: " + section.error().describe();
    return std::nullopt;
  }
  if (section->check_1() != section->check_2()) {
    *error = "private section: check words differ (corrupt key)";
    return std::nullopt;
  }
  auto ed = section->as_Ed25519();
  if (!ed) {
    *error = "not an ssh-ed25519 key (" + std::string(as_text(section->key_type())) + ")";
    return std::nullopt;
  }
  // The private field is seed || public; its public half, the section's
  // public field and the file's public key blob must all agree.
  const mpl::bytes priv = ed->private_();
  auto blob_point = ed25519_point(ByteView(file->public_key().data(), file->public_key().size()));
  if (std::memcmp(priv.data() + 32, ed->public_().data(), 32) != 0 || !blob_point ||
      std::memcmp(blob_point->data(), ed->public_().data(), 32) != 0) {
    *error = "the public key parts of the file disagree";
    return std::nullopt;
  }
  PrivateKey k;
  std::memcpy(k.seed.data(), priv.data(), 32);
  std::memcpy(k.public_key.data(), ed->public_().data(), 32);
  return k;
}

}  // namespace ssh_server::wire
