#include "keys.h"

#include <openssl/evp.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "wire.h"

namespace ssh_server {

namespace {

std::optional<std::string> read_file(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": cannot open";
    return std::nullopt;
  }
  std::ostringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  if (text.size() > (1u << 20)) {
    *error = path + ": larger than 1 MiB";
    return std::nullopt;
  }
  return text;
}

}  // namespace

std::optional<Bytes> base64_decode(std::string_view text) {
  if (text.empty() || text.size() % 4 != 0 || text.size() > (1u << 20)) return std::nullopt;
  Bytes out(text.size() / 4 * 3);
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  std::size_t pad = 0;
  if (text.back() == '=') ++pad;
  if (text.size() >= 2 && text[text.size() - 2] == '=') ++pad;
  out.resize(static_cast<std::size_t>(n) - pad);
  return out;
}

std::optional<HostKey> host_key_from_seed(ByteView seed32) {
  HostKey h;
  h.signer = std::make_unique<Ed25519Signer>(seed32);
  if (!h.signer->ok()) return std::nullopt;
  h.public_raw = h.signer->public_key();
  if (h.public_raw.size() != 32) return std::nullopt;
  h.public_blob = wire::ed25519_public_blob(h.public_raw);
  return h;
}

std::optional<HostKey> parse_host_key(std::string_view text, std::string* error) {
  constexpr std::string_view begin = "-----BEGIN OPENSSH PRIVATE KEY-----";
  constexpr std::string_view end = "-----END OPENSSH PRIVATE KEY-----";
  const std::size_t b = text.find(begin);
  const std::size_t e = text.find(end);
  if (b == std::string_view::npos || e == std::string_view::npos || e < b) {
    *error = "not an OpenSSH private key (no BEGIN/END OPENSSH PRIVATE KEY lines)";
    return std::nullopt;
  }
  std::string b64;
  for (char c : text.substr(b + begin.size(), e - b - begin.size())) {
    if (c != '\n' && c != '\r' && c != ' ' && c != '\t') b64.push_back(c);
  }
  auto raw = base64_decode(b64);
  if (!raw) {
    *error = "bad base64 inside the key armour";
    return std::nullopt;
  }
  auto key = wire::parse_private_key(*raw, error);
  if (!key) return std::nullopt;
  auto h = host_key_from_seed(ByteView(key->seed.data(), 32));
  if (!h) {
    *error = "libcrypto refused the Ed25519 seed";
    return std::nullopt;
  }
  // The private key must be the one whose public half the file names.
  if (!std::equal(h->public_raw.begin(), h->public_raw.end(), key->public_key.begin())) {
    *error = "the public key in the file does not match its private key";
    return std::nullopt;
  }
  return h;
}

std::optional<HostKey> load_host_key(const std::string& path, std::string* error) {
  auto text = read_file(path, error);
  if (!text) return std::nullopt;
  auto key = parse_host_key(*text, error);
  if (!key) *error = path + ": " + *error;
  return key;
}

std::optional<std::vector<Bytes>> load_authorized_keys(const std::string& path, std::string* error) {
  auto text = read_file(path, error);
  if (!text) return std::nullopt;
  std::vector<Bytes> keys;
  std::istringstream lines(*text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    std::istringstream words(line);
    std::string type, b64;
    words >> type >> b64;
    if (type.empty() || type[0] == '#') continue;
    if (type != "ssh-ed25519") {
      *error += path + ":" + std::to_string(number) + ": skipped (only ssh-ed25519 keys without options)\n";
      continue;
    }
    auto blob = base64_decode(b64);
    if (!blob || !wire::is_ed25519_public_blob(*blob)) {
      *error += path + ":" + std::to_string(number) + ": skipped (bad key)\n";
      continue;
    }
    keys.push_back(std::move(*blob));
  }
  return keys;
}

std::optional<std::string> load_password(const std::string& path, std::string* error) {
  auto text = read_file(path, error);
  if (!text) return std::nullopt;
  std::string pw = text->substr(0, text->find('\n'));
  if (!pw.empty() && pw.back() == '\r') pw.pop_back();
  if (pw.empty()) {
    *error = path + ": empty password";
    return std::nullopt;
  }
  return pw;
}

}  // namespace ssh_server
