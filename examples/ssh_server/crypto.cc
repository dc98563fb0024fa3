#include "crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace ssh_server {

namespace {

[[noreturn]] void fatal(const char* what) {
  std::fprintf(stderr, "ssh_server: libcrypto failed: %s\n", what);
  std::abort();
}

void check(int rc, const char* what) {
  if (rc != 1) fatal(what);
}

int as_int(std::size_t n) { return static_cast<int>(n); }

void put_u32(std::uint8_t* p, std::uint32_t v) {
  p[0] = static_cast<std::uint8_t>(v >> 24);
  p[1] = static_cast<std::uint8_t>(v >> 16);
  p[2] = static_cast<std::uint8_t>(v >> 8);
  p[3] = static_cast<std::uint8_t>(v);
}
std::uint32_t get_u32(const std::uint8_t* p) {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}

struct CipherCtx {
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  CipherCtx() {
    if (ctx == nullptr) fatal("EVP_CIPHER_CTX_new");
  }
  ~CipherCtx() { EVP_CIPHER_CTX_free(ctx); }
  CipherCtx(const CipherCtx&) = delete;
  CipherCtx& operator=(const CipherCtx&) = delete;
  // In-place or out-of-place stream transform (CTR, ChaCha20, GCM body).
  void update(const std::uint8_t* in, std::uint8_t* out, std::size_t n) {
    int len = 0;
    check(EVP_CipherUpdate(ctx, out, &len, in, as_int(n)), "EVP_CipherUpdate");
  }
};

// A MAC context with its key set once (HMAC, or re-keyed per packet for Poly1305).
struct MacCtx {
  EVP_MAC* mac = nullptr;
  EVP_MAC_CTX* ctx = nullptr;
  MacCtx(const char* name, const char* digest) {
    mac = EVP_MAC_fetch(nullptr, name, nullptr);
    if (mac == nullptr) fatal(name);
    ctx = EVP_MAC_CTX_new(mac);
    if (ctx == nullptr) fatal("EVP_MAC_CTX_new");
    if (digest != nullptr) {
      std::string d = digest;
      OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, d.data(), 0), OSSL_PARAM_construct_end()};
      check(EVP_MAC_CTX_set_params(ctx, params), "EVP_MAC_CTX_set_params");
    }
  }
  ~MacCtx() {
    EVP_MAC_CTX_free(ctx);
    EVP_MAC_free(mac);
  }
  MacCtx(const MacCtx&) = delete;
  MacCtx& operator=(const MacCtx&) = delete;
  // key == nullptr reuses the key of the previous init (HMAC).
  void init(const std::uint8_t* key, std::size_t n) { check(EVP_MAC_init(ctx, key, n, nullptr), "EVP_MAC_init"); }
  void update(const std::uint8_t* p, std::size_t n) { check(EVP_MAC_update(ctx, p, n), "EVP_MAC_update"); }
  void final(std::uint8_t* out, std::size_t cap) {
    std::size_t n = 0;
    check(EVP_MAC_final(ctx, out, &n, cap), "EVP_MAC_final");
  }
};

// ------------------------------------------------------------------ none
class PlainCipher final : public PacketCipher {
 public:
  std::size_t block_size() const override { return 8; }
  std::size_t tag_size() const override { return 0; }
  bool length_outside_blocks() const override { return false; }
  std::size_t head_size() const override { return 4; }
  void seal(std::uint32_t, ByteView packet, Bytes& wire) override { wire.insert(wire.end(), packet.begin(), packet.end()); }
  std::uint32_t packet_length(std::uint32_t, ByteView head) override { return get_u32(head.data()); }
  bool open(std::uint32_t, ByteView wire, std::uint8_t* plain) override {
    std::memcpy(plain, wire.data(), wire.size());
    return true;
  }
};

// ------------------------------------------- chacha20-poly1305@openssh.com
// PROTOCOL.chacha20poly1305: two ChaCha20 keys, the second 32 bytes of key
// material for the length, the first for the payload and the Poly1305 key
// (block 0); the payload starts at block 1. The nonce is the sequence
// number. OpenSSL's ChaCha20 IV is a 32-bit little-endian block counter
// then 96 bits of nonce; OpenSSH's is a 64-bit counter then a 64-bit
// nonce, so the IV is counter, four zero bytes, then the big-endian
// sequence number.
class ChachaPoly final : public PacketCipher {
 public:
  ChachaPoly(ByteView key, bool encrypt) {
    check(EVP_CipherInit_ex(main_.ctx, EVP_chacha20(), nullptr, key.data(), nullptr, encrypt), "chacha20 init");
    check(EVP_CipherInit_ex(header_.ctx, EVP_chacha20(), nullptr, key.data() + 32, nullptr, encrypt), "chacha20 init");
  }
  std::size_t block_size() const override { return 8; }
  std::size_t tag_size() const override { return 16; }
  bool length_outside_blocks() const override { return true; }
  std::size_t head_size() const override { return 4; }

  void seal(std::uint32_t seq, ByteView packet, Bytes& wire) override {
    const std::size_t at = wire.size();
    wire.resize(at + packet.size() + 16);
    std::uint8_t* out = wire.data() + at;
    start(header_, seq, 0);
    header_.update(packet.data(), out, 4);
    std::uint8_t poly_key[32];
    start_main(seq, poly_key);
    main_.update(packet.data() + 4, out + 4, packet.size() - 4);
    tag(poly_key, out, packet.size(), out + packet.size());
  }
  std::uint32_t packet_length(std::uint32_t seq, ByteView head) override {
    std::uint8_t len[4];
    start(header_, seq, 0);
    header_.update(head.data(), len, 4);
    return get_u32(len);
  }
  bool open(std::uint32_t seq, ByteView wire, std::uint8_t* plain) override {
    const std::size_t n = wire.size() - 16;
    std::uint8_t poly_key[32], expected[16];
    start_main(seq, poly_key);
    tag(poly_key, wire.data(), n, expected);
    if (CRYPTO_memcmp(expected, wire.data() + n, 16) != 0) return false;
    start(header_, seq, 0);
    header_.update(wire.data(), plain, 4);
    main_.update(wire.data() + 4, plain + 4, n - 4);
    return true;
  }

 private:
  static void start(CipherCtx& c, std::uint32_t seq, std::uint8_t counter) {
    std::uint8_t iv[16] = {};
    iv[0] = counter;
    put_u32(iv + 12, seq);  // bytes 8..11 are the high half of the 64-bit sequence number: 0
    check(EVP_CipherInit_ex(c.ctx, nullptr, nullptr, nullptr, iv, -1), "chacha20 iv");
  }
  // Block 0 of the payload key stream gives the Poly1305 key; the payload
  // continues at block 1.
  void start_main(std::uint32_t seq, std::uint8_t* poly_key) {
    static const std::uint8_t zeros[64] = {};
    std::uint8_t block[64];
    start(main_, seq, 0);
    main_.update(zeros, block, 64);
    std::memcpy(poly_key, block, 32);
    start(main_, seq, 1);
  }
  void tag(const std::uint8_t* poly_key, const std::uint8_t* data, std::size_t n, std::uint8_t* out) {
    poly_.init(poly_key, 32);
    poly_.update(data, n);
    poly_.final(out, 16);
  }

  CipherCtx main_, header_;
  MacCtx poly_{"POLY1305", nullptr};
};

// ------------------------------------------------ aes*-gcm@openssh.com
// RFC 5647 §7: the length is additional authenticated data, the IV a
// 4-byte fixed part and an 8-byte counter incremented per packet.
class AesGcm final : public PacketCipher {
 public:
  AesGcm(ByteView key, ByteView iv, bool encrypt) : encrypt_(encrypt) {
    const EVP_CIPHER* c = key.size() == 16 ? EVP_aes_128_gcm() : EVP_aes_256_gcm();
    check(EVP_CipherInit_ex(ctx_.ctx, c, nullptr, nullptr, nullptr, encrypt), "gcm init");
    check(EVP_CIPHER_CTX_ctrl(ctx_.ctx, EVP_CTRL_GCM_SET_IVLEN, 12, nullptr), "gcm ivlen");
    check(EVP_CipherInit_ex(ctx_.ctx, nullptr, nullptr, key.data(), nullptr, encrypt), "gcm key");
    std::memcpy(iv_.data(), iv.data(), 12);
  }
  std::size_t block_size() const override { return 16; }
  std::size_t tag_size() const override { return 16; }
  bool length_outside_blocks() const override { return true; }
  std::size_t head_size() const override { return 4; }

  void seal(std::uint32_t, ByteView packet, Bytes& wire) override {
    const std::size_t at = wire.size();
    wire.resize(at + packet.size() + 16);
    std::uint8_t* out = wire.data() + at;
    std::memcpy(out, packet.data(), 4);
    begin(packet.data());
    ctx_.update(packet.data() + 4, out + 4, packet.size() - 4);
    int len = 0;
    check(EVP_CipherFinal_ex(ctx_.ctx, out + packet.size(), &len), "gcm final");
    check(EVP_CIPHER_CTX_ctrl(ctx_.ctx, EVP_CTRL_GCM_GET_TAG, 16, out + packet.size()), "gcm tag");
    next_iv();
  }
  std::uint32_t packet_length(std::uint32_t, ByteView head) override { return get_u32(head.data()); }
  bool open(std::uint32_t, ByteView wire, std::uint8_t* plain) override {
    const std::size_t n = wire.size() - 16;
    std::memcpy(plain, wire.data(), 4);
    begin(wire.data());
    ctx_.update(wire.data() + 4, plain + 4, n - 4);
    std::uint8_t tag[16];
    std::memcpy(tag, wire.data() + n, 16);
    check(EVP_CIPHER_CTX_ctrl(ctx_.ctx, EVP_CTRL_GCM_SET_TAG, 16, tag), "gcm set tag");
    int len = 0;
    const bool ok = EVP_CipherFinal_ex(ctx_.ctx, plain + n, &len) == 1;
    next_iv();
    return ok;
  }

 private:
  void begin(const std::uint8_t* length4) {
    check(EVP_CipherInit_ex(ctx_.ctx, nullptr, nullptr, nullptr, iv_.data(), encrypt_), "gcm iv");
    int len = 0;
    check(EVP_CipherUpdate(ctx_.ctx, nullptr, &len, length4, 4), "gcm aad");
  }
  void next_iv() {
    for (std::size_t i = 12; i-- > 4;) {
      if (++iv_[i] != 0) break;
    }
  }
  CipherCtx ctx_;
  std::array<std::uint8_t, 12> iv_{};
  int encrypt_;
};

// --------------------------------------- aes*-ctr with hmac-sha2-*(-etm)
// RFC 4344 CTR (one key stream across packets) and RFC 6668 HMAC over the
// sequence number and the plaintext packet; with -etm@openssh.com the
// length goes in clear and the MAC covers the ciphertext.
class AesCtrHmac final : public PacketCipher {
 public:
  AesCtrHmac(ByteView key, ByteView iv, const MacSpec& mac, ByteView mac_key, bool encrypt)
      : mac_("HMAC", mac.tag_size == 32 ? "SHA256" : "SHA512"), tag_size_(mac.tag_size), etm_(mac.etm) {
    const EVP_CIPHER* c = key.size() == 16 ? EVP_aes_128_ctr() : key.size() == 24 ? EVP_aes_192_ctr() : EVP_aes_256_ctr();
    check(EVP_CipherInit_ex(ctx_.ctx, c, nullptr, key.data(), iv.data(), encrypt), "ctr init");
    mac_.init(mac_key.data(), mac_key.size());
  }
  std::size_t block_size() const override { return 16; }
  std::size_t tag_size() const override { return tag_size_; }
  bool length_outside_blocks() const override { return etm_; }
  std::size_t head_size() const override { return etm_ ? 4 : 16; }

  void seal(std::uint32_t seq, ByteView packet, Bytes& wire) override {
    const std::size_t at = wire.size();
    wire.resize(at + packet.size() + tag_size_);
    std::uint8_t* out = wire.data() + at;
    if (etm_) {
      std::memcpy(out, packet.data(), 4);
      ctx_.update(packet.data() + 4, out + 4, packet.size() - 4);
      mac(seq, out, packet.size(), out + packet.size());
    } else {
      mac(seq, packet.data(), packet.size(), out + packet.size());
      ctx_.update(packet.data(), out, packet.size());
    }
  }
  std::uint32_t packet_length(std::uint32_t, ByteView head) override {
    if (etm_) return get_u32(head.data());
    // The first block is decrypted now and kept: the key stream moves on.
    ctx_.update(head.data(), first_block_, 16);
    return get_u32(first_block_);
  }
  bool open(std::uint32_t seq, ByteView wire, std::uint8_t* plain) override {
    const std::size_t n = wire.size() - tag_size_;
    std::uint8_t expected[64];
    if (etm_) {
      mac(seq, wire.data(), n, expected);
      if (CRYPTO_memcmp(expected, wire.data() + n, tag_size_) != 0) return false;
      std::memcpy(plain, wire.data(), 4);
      ctx_.update(wire.data() + 4, plain + 4, n - 4);
      return true;
    }
    std::memcpy(plain, first_block_, 16);
    ctx_.update(wire.data() + 16, plain + 16, n - 16);
    mac(seq, plain, n, expected);
    return CRYPTO_memcmp(expected, wire.data() + n, tag_size_) == 0;
  }

 private:
  void mac(std::uint32_t seq, const std::uint8_t* data, std::size_t n, std::uint8_t* out) {
    std::uint8_t s[4];
    put_u32(s, seq);
    mac_.init(nullptr, 0);
    mac_.update(s, 4);
    mac_.update(data, n);
    mac_.final(out, 64);
  }
  CipherCtx ctx_;
  MacCtx mac_;
  std::size_t tag_size_;
  bool etm_;
  std::uint8_t first_block_[16] = {};
};

constexpr CipherSpec ciphers[] = {
    {"chacha20-poly1305@openssh.com", 64, 0, 8, true},
    {"aes128-gcm@openssh.com", 16, 12, 16, true},
    {"aes256-gcm@openssh.com", 32, 12, 16, true},
    {"aes128-ctr", 16, 16, 16, false},
    {"aes192-ctr", 24, 16, 16, false},
    {"aes256-ctr", 32, 16, 16, false},
};
constexpr MacSpec macs[] = {
    {"hmac-sha2-256-etm@openssh.com", 32, 32, true},
    {"hmac-sha2-512-etm@openssh.com", 64, 64, true},
    {"hmac-sha2-256", 32, 32, false},
    {"hmac-sha2-512", 64, 64, false},
};

}  // namespace

const std::string_view cipher_names =
    "chacha20-poly1305@openssh.com,aes128-gcm@openssh.com,aes256-gcm@openssh.com,aes128-ctr,aes192-ctr,aes256-ctr";
const std::string_view mac_names =
    "hmac-sha2-256-etm@openssh.com,hmac-sha2-512-etm@openssh.com,hmac-sha2-256,hmac-sha2-512";

const CipherSpec* find_cipher(std::string_view name) {
  for (const auto& c : ciphers) {
    if (c.name == name) return &c;
  }
  return nullptr;
}
const MacSpec* find_mac(std::string_view name) {
  for (const auto& m : macs) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::unique_ptr<PacketCipher> make_plain_cipher() { return std::make_unique<PlainCipher>(); }

std::unique_ptr<PacketCipher> make_cipher(const CipherSpec& cipher, const MacSpec* mac, ByteView iv, ByteView key,
                                          ByteView mac_key, bool encrypt) {
  if (cipher.name.starts_with("chacha20")) return std::make_unique<ChachaPoly>(key, encrypt);
  if (cipher.aead) return std::make_unique<AesGcm>(key, iv, encrypt);
  if (mac == nullptr) return nullptr;
  return std::make_unique<AesCtrHmac>(key, iv, *mac, mac_key, encrypt);
}

Bytes sha256(ByteView data) {
  Bytes out(32);
  unsigned int n = 0;
  check(EVP_Digest(data.data(), data.size(), out.data(), &n, EVP_sha256(), nullptr), "EVP_Digest");
  return out;
}

void random_fill(std::span<std::uint8_t> out) {
  if (out.empty()) return;
  check(RAND_bytes(out.data(), as_int(out.size())), "RAND_bytes");
}

bool equal_secret(ByteView a, ByteView b) {
  return a.size() == b.size() && (a.empty() || CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0);
}

X25519::X25519() {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_X25519, nullptr);
  if (ctx == nullptr) fatal("EVP_PKEY_CTX_new_id");
  check(EVP_PKEY_keygen_init(ctx), "keygen_init");
  check(EVP_PKEY_keygen(ctx, &key_), "keygen");
  EVP_PKEY_CTX_free(ctx);
  public_.resize(32);
  std::size_t n = 32;
  check(EVP_PKEY_get_raw_public_key(key_, public_.data(), &n), "get_raw_public_key");
}
X25519::~X25519() { EVP_PKEY_free(key_); }

std::optional<Bytes> X25519::derive(ByteView peer_public) const {
  if (peer_public.size() != 32) return std::nullopt;
  EVP_PKEY* peer = EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, peer_public.data(), 32);
  if (peer == nullptr) return std::nullopt;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(key_, nullptr);
  Bytes secret(32);
  std::size_t n = 32;
  const bool ok = ctx != nullptr && EVP_PKEY_derive_init(ctx) == 1 && EVP_PKEY_derive_set_peer(ctx, peer) == 1 &&
                  EVP_PKEY_derive(ctx, secret.data(), &n) == 1 && n == 32;
  EVP_PKEY_CTX_free(ctx);
  EVP_PKEY_free(peer);
  if (!ok) return std::nullopt;
  std::uint8_t any = 0;
  for (std::uint8_t b : secret) any |= b;
  if (any == 0) return std::nullopt;
  return secret;
}

Ed25519Signer::Ed25519Signer(ByteView seed32) {
  if (seed32.size() == 32) key_ = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed32.data(), 32);
}
Ed25519Signer::~Ed25519Signer() { EVP_PKEY_free(key_); }

Bytes Ed25519Signer::public_key() const {
  Bytes out(32);
  std::size_t n = 32;
  if (key_ == nullptr || EVP_PKEY_get_raw_public_key(key_, out.data(), &n) != 1 || n != 32) out.clear();
  return out;
}

Bytes Ed25519Signer::sign(ByteView message) const {
  Bytes sig(64);
  std::size_t n = 64;
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  const bool ok = md != nullptr && EVP_DigestSignInit(md, nullptr, nullptr, nullptr, key_) == 1 &&
                  EVP_DigestSign(md, sig.data(), &n, message.data(), message.size()) == 1 && n == 64;
  EVP_MD_CTX_free(md);
  if (!ok) sig.clear();
  return sig;
}

bool ed25519_verify(ByteView public32, ByteView message, ByteView signature64) {
  if (public32.size() != 32 || signature64.size() != 64) return false;
  EVP_PKEY* key = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public32.data(), 32);
  if (key == nullptr) return false;
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  const bool ok = md != nullptr && EVP_DigestVerifyInit(md, nullptr, nullptr, nullptr, key) == 1 &&
                  EVP_DigestVerify(md, signature64.data(), 64, message.data(), message.size()) == 1;
  EVP_MD_CTX_free(md);
  EVP_PKEY_free(key);
  return ok;
}

}  // namespace ssh_server
