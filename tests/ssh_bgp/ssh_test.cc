// specs/ssh.mpl: the unencrypted start of every SSH connection in the
// corpus (version lines, then binary packets up to and including NEWKEYS)
// parses with the key exchange method the two KEXINITs negotiate, and
// rebuilds to the same bytes; truncation at every length is refused; every
// message type is built by hand and parsed back; the messages whose meaning
// depends on state parse differently under each parameter value.
#include <gtest/gtest.h>

#include <mpl/ssh.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "ssh.h"
#include "streams.h"

namespace {

namespace msg = ssh::ssh_message;
namespace pkt = ssh::ssh_packet;
using Bytes = std::vector<std::uint8_t>;
mpl::bytes view_of(const Bytes& b) { return {b.data(), b.size()}; }
mpl::bytes str(std::string_view s) { return mpl::bytes_of(s); }

struct Packet {
  std::string file;
  bool from_client = false;
  Bytes bytes;               // the whole binary packet
  std::uint64_t kex = 0;     // method in progress
};

struct Connection {
  std::string file;
  std::string client_line, server_line;
  std::vector<Packet> packets;
};

// The kex parameter for a negotiated method name.
std::uint64_t kex_of(std::string_view name) {
  if (name.starts_with("diffie-hellman-group-exchange")) return mpl::ssh::kex_method::group_exchange;
  if (name.starts_with("diffie-hellman-group")) return mpl::ssh::kex_method::dh;
  return mpl::ssh::kex_method::ecdh;  // ecdh-sha2-*, curve25519-*, sntrup/mlkem hybrids
}

// Reads one direction: the version line (a server may send other lines
// first), then packets until NEWKEYS, after which everything is encrypted.
std::vector<Bytes> packets_of(const ssh_bgp_test::Stream& s, std::string* line, std::size_t* skipped) {
  std::vector<Bytes> out;
  mpl::bytes rest{s.data.data(), s.data.size()};
  *skipped = 0;
  for (;;) {
    auto v = mpl::ssh_version_line::parse(rest, true);
    if (v.ok()) {
      *line = std::string(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(v->identification_size()));
      rest = rest.subspan(v->parsed_size);
      break;
    }
    if (v.error().kind != mpl::error_kind::const_mismatch) return out;
    const auto lf = std::find(rest.begin(), rest.end(), '\n');
    if (lf == rest.end()) return out;
    rest = rest.subspan(static_cast<std::size_t>(lf - rest.begin()) + 1);
    ++*skipped;
  }
  while (!rest.empty()) {
    auto p = pkt::parse(rest, 8);
    if (!p.ok()) break;
    out.emplace_back(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(p->size()));
    const bool newkeys = !p->payload().empty() && p->payload()[0] == 21;
    rest = rest.subspan(p->size());
    if (newkeys) break;
  }
  return out;
}

const std::vector<Connection>& connections() {
  static const std::vector<Connection> all = [] {
    std::vector<Connection> conns;
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(codec_test::corpus("ssh"))) {
      if (entry.path().extension() == ".pcap") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      const auto streams = ssh_bgp_test::tcp_streams(file);
      for (const auto& client : streams) {
        if (client.destination_port != 22) continue;
        for (const auto& server : streams) {
          if (server.source_port != 22 || server.destination_port != client.source_port) continue;
          Connection c;
          c.file = std::filesystem::path(file).filename().string();
          std::size_t skipped = 0;
          const auto cp = packets_of(client, &c.client_line, &skipped);
          const auto sp = packets_of(server, &c.server_line, &skipped);
          if (c.client_line.empty() || c.server_line.empty() || !c.client_line.starts_with("SSH-2") ||
              cp.empty() || sp.empty()) {
            continue;
          }
          // The method: the client's first kex name the server also lists.
          auto ck = msg::parse(pkt::parse(view_of(cp[0]), 8)->payload(), 0, 0, false);
          auto sk = msg::parse(pkt::parse(view_of(sp[0]), 8)->payload(), 0, 0, false);
          if (!ck.ok() || !sk.ok() || !ck->as_KexInit() || !sk->as_KexInit()) continue;
          const std::string_view name =
              ck->as_KexInit()->kex_algorithms().first_common(sk->as_KexInit()->kex_algorithms());
          for (const auto& b : cp) c.packets.push_back({c.file, true, b, kex_of(name)});
          for (const auto& b : sp) c.packets.push_back({c.file, false, b, kex_of(name)});
          conns.push_back(std::move(c));
        }
      }
    }
    return conns;
  }();
  return all;
}

// A builder for the messages that come before NEWKEYS, from their view.
msg::builder rebuild(const msg::view& v, std::vector<std::string_view>* /*unused*/ = nullptr) {
  msg::builder b{.kex = v.kex(), .auth_method = v.auth_method(), .port_reply = v.port_reply(),
                 .message_number = v.message_number()};
  using mp = mpl::ssh::mpint::value_type;
  if (auto c = v.as_KexInit()) {
    b.body = msg::KexInit{.cookie = [&] {
                            std::array<std::uint8_t, 16> a{};
                            std::copy(c->cookie().begin(), c->cookie().end(), a.begin());
                            return a;
                          }(),
                          .kex_algorithms = c->kex_algorithms(),
                          .server_host_key_algorithms = c->server_host_key_algorithms(),
                          .encryption_algorithms_client_to_server = c->encryption_algorithms_client_to_server(),
                          .encryption_algorithms_server_to_client = c->encryption_algorithms_server_to_client(),
                          .mac_algorithms_client_to_server = c->mac_algorithms_client_to_server(),
                          .mac_algorithms_server_to_client = c->mac_algorithms_server_to_client(),
                          .compression_algorithms_client_to_server = c->compression_algorithms_client_to_server(),
                          .compression_algorithms_server_to_client = c->compression_algorithms_server_to_client(),
                          .languages_client_to_server = c->languages_client_to_server(),
                          .languages_server_to_client = c->languages_server_to_client(),
                          .first_kex_packet_follows = c->first_kex_packet_follows(),
                          .reserved = c->reserved()};
  }
  if (v.as_NewKeys()) b.body = msg::NewKeys{};
  if (auto c = v.as_KexdhInit()) b.body = msg::KexdhInit{.e = mp::of(c->e())};
  if (auto c = v.as_KexdhReply()) b.body = msg::KexdhReply{.host_key = c->host_key(), .f = mp::of(c->f()), .signature = c->signature()};
  if (auto c = v.as_KexEcdhInit()) b.body = msg::KexEcdhInit{.client_public = c->client_public()};
  if (auto c = v.as_KexEcdhReply()) {
    b.body = msg::KexEcdhReply{.host_key = c->host_key(), .server_public = c->server_public(), .signature = c->signature()};
  }
  if (auto c = v.as_KexDhGexRequestOld()) b.body = msg::KexDhGexRequestOld{.preferred_bits = c->preferred_bits()};
  if (auto c = v.as_KexDhGexRequest()) {
    b.body = msg::KexDhGexRequest{.min_bits = c->min_bits(), .preferred_bits = c->preferred_bits(), .max_bits = c->max_bits()};
  }
  if (auto c = v.as_KexDhGexGroup()) b.body = msg::KexDhGexGroup{.p = mp::of(c->p()), .g = mp::of(c->g())};
  if (auto c = v.as_KexDhGexInit()) b.body = msg::KexDhGexInit{.e = mp::of(c->e())};
  if (auto c = v.as_KexDhGexReply()) b.body = msg::KexDhGexReply{.host_key = c->host_key(), .f = mp::of(c->f()), .signature = c->signature()};
  if (auto c = v.as_Ignore()) b.body = msg::Ignore{.data = c->data()};
  if (auto c = v.as_Debug()) b.body = msg::Debug{.always_display = c->always_display(), .message = c->message(), .language = c->language()};
  if (auto c = v.as_Disconnect()) b.body = msg::Disconnect{.reason_code = c->reason_code(), .description = c->description(), .language = c->language()};
  return b;
}

template <class B>
Bytes write(const B& b) {
  Bytes out(b.size());
  auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});
  EXPECT_TRUE(w.ok()) << w.error().describe();
  if (w.ok()) {
    EXPECT_EQ(*w, out.size());
  }
  return out;
}

TEST(SshCorpus, ConnectionsAreFound) {
  MPL_NEEDS_CORPUS();
  EXPECT_GE(connections().size(), 10u);
  std::map<std::uint64_t, int> methods;
  for (const auto& c : connections()) methods[c.packets.front().kex]++;
  // Fixed-group DH, ECDH/curve25519 and group exchange all occur.
  EXPECT_GT(methods[mpl::ssh::kex_method::ecdh], 0);
  EXPECT_GT(methods[mpl::ssh::kex_method::group_exchange] + methods[mpl::ssh::kex_method::dh], 0);
}

TEST(SshCorpus, EveryMessageUpToNewKeysParsesAndRebuilds) {
  MPL_NEEDS_CORPUS();
  std::map<msg::message_number_case_t, int> seen;
  std::size_t rebuilt = 0;
  for (const auto& c : connections()) {
    for (const auto& p : c.packets) {
      auto packet = pkt::parse(view_of(p.bytes), 8);
      ASSERT_TRUE(packet.ok()) << p.file;
      EXPECT_GE(packet->padding_length(), 4u);
      // The binary packet rebuilds from payload and padding.
      const pkt::builder pb{.block_size = 8, .payload = packet->payload(), .padding = packet->padding()};
      EXPECT_EQ(write(pb), p.bytes) << p.file;

      auto m = msg::parse(packet->payload(), p.kex, mpl::ssh::auth_method::none, false);
      ASSERT_TRUE(m.ok()) << p.file << ": " << m.error().describe();
      EXPECT_EQ(m->size(), packet->payload().size()) << p.file;
      seen[m->message_number_case()]++;
      const Bytes again = write(rebuild(*m));
      EXPECT_EQ(again, Bytes(packet->payload().begin(), packet->payload().end()))
          << p.file << " message " << int(m->message_number());
      ++rebuilt;
    }
  }
  EXPECT_GT(rebuilt, 50u);
  for (auto k : {msg::message_number_case_t::KexInit, msg::message_number_case_t::NewKeys,
                 msg::message_number_case_t::KexEcdhInit, msg::message_number_case_t::KexEcdhReply}) {
    EXPECT_GT(seen[k], 0) << static_cast<int>(k);
  }
  EXPECT_GT(seen[msg::message_number_case_t::KexDhGexGroup] + seen[msg::message_number_case_t::KexdhReply], 0);
}

TEST(SshCorpus, HostKeysAndSignaturesParse) {
  MPL_NEEDS_CORPUS();
  std::map<std::string, int> key_formats, sig_formats;
  for (const auto& c : connections()) {
    for (const auto& p : c.packets) {
      auto packet = pkt::parse(view_of(p.bytes), 8);
      auto m = msg::parse(packet->payload(), p.kex, 0, false);
      mpl::bytes host_key, signature;
      if (auto r = m->as_KexEcdhReply()) host_key = r->host_key(), signature = r->signature();
      if (auto r = m->as_KexdhReply()) host_key = r->host_key(), signature = r->signature();
      if (auto r = m->as_KexDhGexReply()) host_key = r->host_key(), signature = r->signature();
      if (host_key.empty()) continue;
      auto k = ssh::ssh_public_key::parse(host_key);
      ASSERT_TRUE(k.ok()) << p.file << ": " << k.error().describe();
      EXPECT_EQ(k->size(), host_key.size());
      key_formats[std::string(mpl::as_string_view(k->format()))]++;
      if (auto rsa = k->as_Rsa()) {
        EXPECT_GE(rsa->n().bit_length(), 1024u);
        const auto e = rsa->e().to_uint64();
        ASSERT_TRUE(e.has_value());
        EXPECT_EQ(*e % 2, 1u);  // 65537, or 35 from old OpenSSH keys
        EXPECT_GE(*e, 3u);
      }
      if (auto ed = k->as_Ed25519()) {
        EXPECT_EQ(ed->key().size(), 32u);
      }
      if (auto ec = k->as_EcdsaNistp256()) {
        EXPECT_EQ(mpl::as_string_view(ec->curve()), "nistp256");
        EXPECT_EQ(ec->q().size(), 65u);
      }
      auto s = ssh::ssh_signature::parse(signature);
      ASSERT_TRUE(s.ok()) << p.file << ": " << s.error().describe();
      EXPECT_EQ(s->size(), signature.size());
      sig_formats[std::string(mpl::as_string_view(s->format()))]++;
      if (auto ec = s->as_EcdsaNistp256()) {
        auto blob = ssh::ssh_ecdsa_signature_blob::parse(ec->blob());
        ASSERT_TRUE(blob.ok());
        EXPECT_EQ(blob->size(), ec->blob().size());
        EXPECT_LE(blob->r().bit_length(), 256u);
      }
    }
  }
  EXPECT_GT(key_formats["ssh-rsa"] + key_formats["ssh-ed25519"] + key_formats["ecdsa-sha2-nistp256"], 0);
  EXPECT_FALSE(sig_formats.empty());
}

// zeek ssh_kex_curve25519.pcap: curve25519 key exchange; points are 32
// bytes (RFC 8731 §3).
TEST(SshKnownAnswer, Curve25519Exchange) {
  MPL_NEEDS_CORPUS();
  bool found = false;
  for (const auto& c : connections()) {
    if (c.file != "zeek__ssh_ssh_kex_curve25519.pcap") continue;
    EXPECT_TRUE(c.client_line.starts_with("SSH-2.0-"));
    for (const auto& p : c.packets) {
      auto packet = pkt::parse(view_of(p.bytes), 8);
      auto m = msg::parse(packet->payload(), p.kex, 0, false);
      if (auto i = m->as_KexEcdhInit()) {
        EXPECT_EQ(i->client_public_length(), 32u);
        EXPECT_TRUE(p.from_client);
        found = true;
      }
      if (auto r = m->as_KexEcdhReply()) {
        EXPECT_EQ(r->server_public().size(), 32u);
      }
      if (auto k = m->as_KexInit()) {
        EXPECT_TRUE(k->kex_algorithms().contains("curve25519-sha256@libssh.org") ||
                    k->kex_algorithms().contains("curve25519-sha256"))
            << k->kex_algorithms().text();
        EXPECT_EQ(k->reserved(), 0u);
      }
    }
  }
  EXPECT_TRUE(found);
}

TEST(SshCorpus, TruncationAtEveryLengthIsRefused) {
  MPL_NEEDS_CORPUS();
  std::size_t checked = 0;
  for (const auto& c : connections()) {
    for (const auto& p : c.packets) {
      auto packet = pkt::parse(view_of(p.bytes), 8);
      const Bytes payload(packet->payload().begin(), packet->payload().end());
      for (std::size_t n = 0; n < p.bytes.size(); ++n) {
        const Bytes cut(p.bytes.begin(), p.bytes.begin() + static_cast<std::ptrdiff_t>(n));
        ASSERT_FALSE(pkt::parse(view_of(cut), 8).ok()) << p.file << " packet cut at " << n;
        ++checked;
      }
      for (std::size_t n = 0; n < payload.size(); ++n) {
        const Bytes cut(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(n));
        ASSERT_FALSE(msg::parse(view_of(cut), p.kex, 0, false).ok()) << p.file << " message cut at " << n;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 10000u);
}

// ---------------------------------------------------------------- by hand

TEST(SshPacket, BlockSizeAndPaddingRules) {
  const std::uint8_t payload[] = {21};  // NEWKEYS
  std::uint8_t padding[32] = {};
  const std::size_t pad = mpl::ssh::padding_length(sizeof payload, 16);
  const pkt::builder b{.block_size = 16, .payload = payload, .padding = mpl::bytes{padding, pad}};
  const Bytes bytes = write(b);
  ASSERT_EQ(bytes.size() % 16, 0u);
  EXPECT_EQ(bytes[3], bytes.size() - 4);
  EXPECT_EQ(bytes[4], pad);
  auto v = pkt::parse(view_of(bytes), 16);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->payload()[0], 21u);
  // Not a multiple of a larger block size: no case matches.
  auto wrong = pkt::parse(view_of(bytes), 32);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, mpl::error_kind::no_branch_matched);
  // Less than four bytes of padding.
  const Bytes short_pad{0, 0, 0, 4, 3, 21, 0, 0, 0};
  EXPECT_EQ(pkt::parse(view_of(short_pad), 8).error().kind, mpl::error_kind::out_of_range);
}

struct Case {
  const char* name;
  msg::builder builder;
  msg::message_number_case_t expected;
};

// Every message type: built, parsed back under the same parameters, the
// case and every byte checked by rebuilding from the parsed bytes' length.
TEST(SshMessages, EveryTypeBuildsAndParsesBack) {
  using n = msg::message_number_t;
  using k = msg::message_number_case_t;
  const std::uint8_t cookie_src[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  std::array<std::uint8_t, 16> cookie{};
  std::copy(std::begin(cookie_src), std::end(cookie_src), cookie.begin());
  const std::string_view kex_names[] = {"curve25519-sha256", "ext-info-c"};
  const std::uint8_t big[] = {0xc5, 0x01};
  const auto mpint = mpl::ssh::mpint::value_type::from_magnitude(big);
  const std::array<msg::extensions_element_builder, 1> ext{{{.name = str("server-sig-algs"), .value = str("ssh-ed25519")}}};
  const std::array<msg::prompts_element_builder, 2> prompts{{{.prompt = str("Password: "), .echo = 0}, {.prompt = str("Token: "), .echo = 1}}};
  const std::array<msg::responses_element_builder, 2> responses{{{.response = str("hunter2")}, {.response = str("123456")}}};
  const std::array<msg::modes_element_builder, 3> modes{{
      {.mode = {.opcode = ssh::ssh_terminal_mode::opcode_t::Veof, .body = ssh::ssh_terminal_mode::Mode{.argument = 4}}},
      {.mode = {.opcode = ssh::ssh_terminal_mode::opcode_t::TtyOpIspeed, .body = ssh::ssh_terminal_mode::Mode{.argument = 38400}}},
      {.mode = {.opcode = ssh::ssh_terminal_mode::opcode_t::TtyOpEnd, .body = ssh::ssh_terminal_mode::End{}}},
  }};
  const auto kex = mpl::ssh::kex_method::dh;
  auto m = [&](n number, auto body, std::uint64_t kx = 0, std::uint64_t auth = 0, bool port = false) {
    return msg::builder{.kex = kx, .auth_method = auth, .port_reply = port, .message_number = number, .body = body};
  };
  const std::vector<Case> cases = {
      {"disconnect", m(n::Disconnect, msg::Disconnect{.reason_code = msg::reason_code_t::ByApplication, .description = str("bye")}), k::Disconnect},
      {"ignore", m(n::Ignore, msg::Ignore{.data = str("xyz")}), k::Ignore},
      {"unimplemented", m(n::Unimplemented, msg::Unimplemented{.rejected_sequence_number = 7}), k::Unimplemented},
      {"debug", m(n::Debug, msg::Debug{.always_display = 1, .message = str("dbg")}), k::Debug},
      {"service-request", m(n::ServiceRequest, msg::ServiceRequest{.service_name = str("ssh-userauth")}), k::ServiceRequest},
      {"service-accept", m(n::ServiceAccept, msg::ServiceAccept{.service_name = str("ssh-userauth")}), k::ServiceAccept},
      {"ext-info", m(n::ExtInfo, msg::ExtInfo{.extensions = ext}), k::ExtInfo},
      {"kexinit", m(n::KexInit, msg::KexInit{.cookie = cookie, .kex_algorithms = std::span<const std::string_view>(kex_names),
                                             .server_host_key_algorithms = std::string_view("ssh-ed25519"),
                                             .encryption_algorithms_client_to_server = std::string_view("aes128-ctr"),
                                             .encryption_algorithms_server_to_client = std::string_view("aes128-ctr"),
                                             .mac_algorithms_client_to_server = std::string_view("hmac-sha2-256"),
                                             .mac_algorithms_server_to_client = std::string_view("hmac-sha2-256"),
                                             .compression_algorithms_client_to_server = std::string_view("none"),
                                             .compression_algorithms_server_to_client = std::string_view("none")}),
       k::KexInit},
      {"newkeys", m(n::NewKeys, msg::NewKeys{}), k::NewKeys},
      {"kexdh-init", m(static_cast<n>(30), msg::KexdhInit{.e = mpint}, kex), k::KexdhInit},
      {"kexdh-reply", m(static_cast<n>(31), msg::KexdhReply{.host_key = str("K"), .f = mpint, .signature = str("S")}, kex), k::KexdhReply},
      {"ecdh-init", m(static_cast<n>(30), msg::KexEcdhInit{.client_public = str("Q_C")}, 1), k::KexEcdhInit},
      {"ecdh-reply", m(static_cast<n>(31), msg::KexEcdhReply{.host_key = str("K"), .server_public = str("Q_S"), .signature = str("S")}, 1), k::KexEcdhReply},
      {"gex-request-old", m(static_cast<n>(30), msg::KexDhGexRequestOld{.preferred_bits = 2048}, 2), k::KexDhGexRequestOld},
      {"gex-group", m(static_cast<n>(31), msg::KexDhGexGroup{.p = mpint, .g = mpint}, 2), k::KexDhGexGroup},
      {"gex-init", m(static_cast<n>(32), msg::KexDhGexInit{.e = mpint}, 2), k::KexDhGexInit},
      {"gex-reply", m(static_cast<n>(33), msg::KexDhGexReply{.host_key = str("K"), .f = mpint, .signature = str("S")}, 2), k::KexDhGexReply},
      {"gex-request", m(static_cast<n>(34), msg::KexDhGexRequest{.min_bits = 1024, .preferred_bits = 2048, .max_bits = 8192}, 2), k::KexDhGexRequest},
      {"userauth-none", m(n::UserauthRequest, msg::UserauthRequest{.user_name = str("u"), .service_name = str("ssh-connection"), .method_name = str("none"), .body = msg::None{}}), k::UserauthRequest},
      {"userauth-password", m(n::UserauthRequest, msg::UserauthRequest{.user_name = str("u"), .service_name = str("ssh-connection"), .method_name = str("password"), .body = msg::Password{.change = 0, .body = msg::Plain{.password = str("pw")}}}), k::UserauthRequest},
      {"userauth-password-change", m(n::UserauthRequest, msg::UserauthRequest{.user_name = str("u"), .service_name = str("ssh-connection"), .method_name = str("password"), .body = msg::Password{.change = 1, .body = msg::Change{.old_password = str("a"), .new_password = str("b")}}}), k::UserauthRequest},
      {"userauth-publickey-query", m(n::UserauthRequest, msg::UserauthRequest{.user_name = str("u"), .service_name = str("ssh-connection"), .method_name = str("publickey"), .body = msg::PublicKey{.has_signature = 0, .algorithm = str("ssh-ed25519"), .key_blob = str("KEY"), .body = msg::Query{}}}), k::UserauthRequest},
      {"userauth-publickey-signed", m(n::UserauthRequest, msg::UserauthRequest{.user_name = str("u"), .service_name = str("ssh-connection"), .method_name = str("publickey"), .body = msg::PublicKey{.has_signature = 1, .algorithm = str("ssh-ed25519"), .key_blob = str("KEY"), .body = msg::Signed{.signature = str("SIG")}}}), k::UserauthRequest},
      {"userauth-keyboard-interactive", m(n::UserauthRequest, msg::UserauthRequest{.user_name = str("u"), .service_name = str("ssh-connection"), .method_name = str("keyboard-interactive"), .body = msg::KeyboardInteractive{.submethods = str("pam")}}), k::UserauthRequest},
      {"userauth-hostbased", m(n::UserauthRequest, msg::UserauthRequest{.user_name = str("u"), .service_name = str("ssh-connection"), .method_name = str("hostbased"), .body = msg::HostBased{.algorithm = str("ssh-rsa"), .host_key = str("HK"), .client_host = str("h."), .client_user = str("u"), .signature = str("S")}}), k::UserauthRequest},
      {"userauth-failure", m(n::UserauthFailure, msg::UserauthFailure{.authentications_that_can_continue = std::string_view("publickey,password"), .partial_success = 0}), k::UserauthFailure},
      {"userauth-success", m(n::UserauthSuccess, msg::UserauthSuccess{}), k::UserauthSuccess},
      {"userauth-banner", m(n::UserauthBanner, msg::UserauthBanner{.message = str("hello\n")}), k::UserauthBanner},
      {"pk-ok", m(n::UserauthMethodSpecific, msg::UserauthPkOk{.algorithm = str("ssh-ed25519"), .key_blob = str("KEY")}, 0, 1), k::UserauthPkOk},
      {"passwd-changereq", m(n::UserauthMethodSpecific, msg::UserauthPasswdChangereq{.prompt = str("expired")}, 0, 2), k::UserauthPasswdChangereq},
      {"info-request", m(n::UserauthMethodSpecific, msg::UserauthInfoRequest{.name = str("n"), .instruction = str("i"), .prompts = prompts}, 0, 3), k::UserauthInfoRequest},
      {"info-response", m(n::UserauthInfoResponse, msg::UserauthInfoResponse{.responses = responses}), k::UserauthInfoResponse},
      {"global-tcpip-forward", m(n::GlobalRequest, msg::GlobalRequest{.request_name = str("tcpip-forward"), .want_reply = 1, .body = msg::TcpipForward{.bind_address = str("0.0.0.0"), .bind_port = 0}}), k::GlobalRequest},
      {"global-cancel", m(n::GlobalRequest, msg::GlobalRequest{.request_name = str("cancel-tcpip-forward"), .want_reply = 0, .body = msg::CancelTcpipForward{.bind_address = str("::"), .bind_port = 8080}}), k::GlobalRequest},
      {"global-other", m(n::GlobalRequest, msg::GlobalRequest{.request_name = str("keepalive@openssh.com"), .want_reply = 1, .body = msg::OtherRequest{}}), k::GlobalRequest},
      {"request-success", m(n::RequestSuccess, msg::RequestSuccess{}), k::RequestSuccess},
      {"request-success-port", m(n::RequestSuccess, msg::RequestSuccessWithPort{.bound_port = 40000}, 0, 0, true), k::RequestSuccessWithPort},
      {"request-failure", m(n::RequestFailure, msg::RequestFailure{}), k::RequestFailure},
      {"open-session", m(n::ChannelOpen, msg::ChannelOpen{.channel_type = str("session"), .sender_channel = 0, .initial_window_size = 2097152, .maximum_packet_size = 32768, .body = msg::Session{}}), k::ChannelOpen},
      {"open-x11", m(n::ChannelOpen, msg::ChannelOpen{.channel_type = str("x11"), .sender_channel = 1, .body = msg::X11{.originator_address = str("127.0.0.1"), .originator_port = 6010}}), k::ChannelOpen},
      {"open-forwarded", m(n::ChannelOpen, msg::ChannelOpen{.channel_type = str("forwarded-tcpip"), .sender_channel = 2, .body = msg::ForwardedTcpip{.connected_address = str("a"), .connected_port = 80, .originator_address = str("b"), .originator_port = 5000}}), k::ChannelOpen},
      {"open-direct", m(n::ChannelOpen, msg::ChannelOpen{.channel_type = str("direct-tcpip"), .sender_channel = 3, .body = msg::DirectTcpip{.host = str("example.org"), .port = 443, .originator_address = str("c"), .originator_port = 6000}}), k::ChannelOpen},
      {"open-confirmation", m(n::ChannelOpenConfirmation, msg::ChannelOpenConfirmation{.recipient_channel = 0, .sender_channel = 5, .initial_window_size = 1, .maximum_packet_size = 2}), k::ChannelOpenConfirmation},
      {"open-failure", m(n::ChannelOpenFailure, msg::ChannelOpenFailure{.recipient_channel = 0, .reason_code = msg::ChannelOpenFailure_reason_code_t::ConnectFailed, .description = str("refused")}), k::ChannelOpenFailure},
      {"window-adjust", m(n::ChannelWindowAdjust, msg::ChannelWindowAdjust{.recipient_channel = 0, .bytes_to_add = 65536}), k::ChannelWindowAdjust},
      {"data", m(n::ChannelData, msg::ChannelData{.recipient_channel = 0, .data = str("ls\n")}), k::ChannelData},
      {"extended-data", m(n::ChannelExtendedData, msg::ChannelExtendedData{.recipient_channel = 0, .data_type_code = msg::data_type_code_t::Stderr, .data = str("err")}), k::ChannelExtendedData},
      {"eof", m(n::ChannelEof, msg::ChannelEof{.recipient_channel = 0}), k::ChannelEof},
      {"close", m(n::ChannelClose, msg::ChannelClose{.recipient_channel = 0}), k::ChannelClose},
      {"pty-req", m(n::ChannelRequest, msg::ChannelRequest{.recipient_channel = 0, .request_type = str("pty-req"), .want_reply = 1, .body = msg::PtyReq{.term = str("xterm"), .width_characters = 80, .height_rows = 24, .modes = modes}}), k::ChannelRequest},
      {"x11-req", m(n::ChannelRequest, msg::ChannelRequest{.recipient_channel = 0, .request_type = str("x11-req"), .body = msg::X11Req{.single_connection = 0, .auth_protocol = str("MIT-MAGIC-COOKIE-1"), .auth_cookie = str("00ff"), .screen_number = 0}}), k::ChannelRequest},
      {"env", m(n::ChannelRequest, msg::ChannelRequest{.recipient_channel = 0, .request_type = str("env"), .body = msg::Env{.name = str("LANG"), .value = str("C")}}), k::ChannelRequest},
      {"shell", m(n::ChannelRequest, msg::ChannelRequest{.recipient_channel = 0, .request_type = str("shell"), .want_reply = 1, .body = msg::Shell{}}), k::ChannelRequest},
      {"exec", m(n::ChannelRequest, msg::ChannelRequest{.recipient_channel = 0, .request_type = str("exec"), .body = msg::Exec{.command = str("uptime")}}), k::ChannelRequest},
      {"subsystem", m(n::ChannelRequest, msg::ChannelRequest{.recipient_channel = 0, .request_type = str("subsystem"), .body = msg::Subsystem{.subsystem_name = str("sftp")}}), k::ChannelRequest},
      {"window-change", m(n::ChannelRequest, msg::ChannelRequest{.recipient_channel = 0, .request_type = str("window-change"), .body = msg::WindowChange{.width_characters = 120, .height_rows = 40}}), k::ChannelRequest},
      {"xon-xoff", m(n::ChannelRequest, msg::ChannelRequest{.recipient_channel = 0, .request_type = str("xon-xoff"), .body = msg::XonXoff{.client_can_do = 1}}), k::ChannelRequest},
      {"signal", m(n::ChannelRequest, msg::ChannelRequest{.recipient_channel = 0, .request_type = str("signal"), .body = msg::Signal{.signal_name = str("INT")}}), k::ChannelRequest},
      {"exit-status", m(n::ChannelRequest, msg::ChannelRequest{.recipient_channel = 0, .request_type = str("exit-status"), .body = msg::ExitStatus{.exit_status = 3}}), k::ChannelRequest},
      {"exit-signal", m(n::ChannelRequest, msg::ChannelRequest{.recipient_channel = 0, .request_type = str("exit-signal"), .body = msg::ExitSignal{.signal_name = str("KILL"), .core_dumped = 0, .error_message = str("killed")}}), k::ChannelRequest},
      {"channel-success", m(n::ChannelSuccess, msg::ChannelSuccess{.recipient_channel = 9}), k::ChannelSuccess},
      {"channel-failure", m(n::ChannelFailure, msg::ChannelFailure{.recipient_channel = 9}), k::ChannelFailure},
      {"other", m(static_cast<n>(192), msg::Other{.body = msg::Unassigned{.body = str("opaque")}}), k::Other},
  };
  for (const auto& c : cases) {
    const Bytes bytes = write(c.builder);
    auto v = msg::parse(view_of(bytes), c.builder.kex, c.builder.auth_method, c.builder.port_reply);
    ASSERT_TRUE(v.ok()) << c.name << ": " << v.error().describe();
    EXPECT_EQ(v->message_number_case(), c.expected) << c.name;
    EXPECT_EQ(v->size(), bytes.size()) << c.name;
  }
  // A few fields, read back.
  auto named = [&](std::string_view name) -> const msg::builder& {
    return std::find_if(cases.begin(), cases.end(), [&](const Case& c) { return c.name == name; })->builder;
  };
  const Bytes pty = write(named("pty-req"));
  auto p = msg::parse(view_of(pty), 0, 0, false);
  auto req = p->as_ChannelRequest();
  ASSERT_TRUE(req.has_value());
  auto pr = req->as_PtyReq();
  ASSERT_TRUE(pr.has_value());
  EXPECT_EQ(mpl::as_string_view(pr->term()), "xterm");
  EXPECT_EQ(pr->modes_length(), 5u + 5 + 1);
  std::vector<std::uint32_t> args;
  for (const auto& e : pr->modes()) {
    if (auto mode = e.mode().as_Mode()) args.push_back(mode->argument());
  }
  EXPECT_EQ(args, (std::vector<std::uint32_t>{4, 38400}));

  const Bytes kexinit = write(named("kexinit"));
  auto ki = msg::parse(view_of(kexinit), 0, 0, false);
  ASSERT_TRUE(ki.ok());
  EXPECT_EQ(ki->as_KexInit()->kex_algorithms().text(), "curve25519-sha256,ext-info-c");
  EXPECT_EQ(ki->as_KexInit()->languages_client_to_server().size(), 0u);
  EXPECT_EQ(kexinit.size(), 1u + 16 + 10 * 4 + 28 + 11 + 10 + 10 + 13 + 13 + 4 + 4 + 1 + 4);

  const Bytes pw = write(named("userauth-password-change"));
  auto pv = msg::parse(view_of(pw), 0, 0, false);
  auto change = pv->as_UserauthRequest()->as_Password()->as_Change();
  ASSERT_TRUE(change.has_value());
  EXPECT_EQ(mpl::as_string_view(change->new_password()), "b");
}

// Message 60 under each method in progress, and with none: a clear error.
TEST(SshMessages, Message60DependsOnTheMethodInProgress) {
  const msg::builder pk_ok{.auth_method = 1, .message_number = msg::message_number_t::UserauthMethodSpecific,
                           .body = msg::UserauthPkOk{.algorithm = str("ssh-ed25519"), .key_blob = str("KEYBLOB")}};
  const Bytes bytes = write(pk_ok);
  auto as_pk = msg::parse(view_of(bytes), 0, mpl::ssh::auth_method::publickey, false);
  ASSERT_TRUE(as_pk.ok());
  EXPECT_EQ(mpl::as_string_view(as_pk->as_UserauthPkOk()->algorithm()), "ssh-ed25519");
  auto as_pw = msg::parse(view_of(bytes), 0, mpl::ssh::auth_method::password, false);
  ASSERT_TRUE(as_pw.ok());  // two strings either way, read as prompt and language
  EXPECT_EQ(mpl::as_string_view(as_pw->as_UserauthPasswdChangereq()->prompt()), "ssh-ed25519");
  EXPECT_EQ(mpl::as_string_view(as_pw->as_UserauthPasswdChangereq()->language()), "KEYBLOB");
  auto as_ki = msg::parse(view_of(bytes), 0, mpl::ssh::auth_method::keyboard_interactive, false);
  ASSERT_FALSE(as_ki.ok());  // INFO_REQUEST needs a third string
  EXPECT_EQ(as_ki.error().kind, mpl::error_kind::truncated);
  auto none = msg::parse(view_of(bytes), 0, mpl::ssh::auth_method::none, false);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, mpl::error_kind::no_branch_matched);
  // Reported where message 60's body would start: no case of the message
  // number (here, "30..34 or 60" is true) applies in this state.
  EXPECT_EQ(none.error().offset, 1u);
  EXPECT_NE(none.error().describe().find("ssh_message"), std::string::npos);
}

// Issue 18: an SSH type's error keeps the field path and the offset in the
// message; what was wrong is the reason.
TEST(SshMessages, TypeErrorsKeepTheFieldPath) {
  Bytes kexinit{20};
  kexinit.insert(kexinit.end(), 16, 0x11);                   // cookie
  kexinit.insert(kexinit.end(), {0, 0, 0, 4, 'a', ',', ',', 'b'});  // kex_algorithms: an empty name
  auto r = msg::parse(view_of(kexinit), 0, 0, false);
  ASSERT_FALSE(r.ok());
  EXPECT_STREQ(r.error().field, "ssh_message.kex_algorithms");
  EXPECT_EQ(r.error().offset, 21u);  // after the type byte, the cookie and the length
  EXPECT_EQ(r.error().describe(),
            "ssh_message.kex_algorithms at byte 21: invalid value: "
            "ssh.name_list: an empty name or a byte that is not printable ASCII");
  kexinit.resize(17 + 2);  // the length itself cut short
  auto cut = msg::parse(view_of(kexinit), 0, 0, false);
  ASSERT_FALSE(cut.ok());
  EXPECT_STREQ(cut.error().field, "ssh_message.kex_algorithms");
  EXPECT_EQ(cut.error().describe(),
            "ssh_message.kex_algorithms at byte 17: truncated: needs 4 bytes, 2 available (ssh.name_list length)");
}

TEST(SshMessages, RequestSuccessPortDependsOnTheRequest) {
  const Bytes bytes{81, 0x00, 0x00, 0x9c, 0x40};
  auto with = msg::parse(view_of(bytes), 0, 0, true);
  ASSERT_TRUE(with.ok());
  EXPECT_EQ(with->as_RequestSuccessWithPort()->bound_port(), 40000u);
  auto without = msg::parse(view_of(bytes), 0, 0, false);
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(without->as_RequestSuccess()->response_data().size(), 4u);
  const Bytes bare{81};
  auto short_port = msg::parse(view_of(bare), 0, 0, true);
  ASSERT_FALSE(short_port.ok());
  EXPECT_EQ(short_port.error().kind, mpl::error_kind::truncated);
}

TEST(SshMessages, KexMessagesDependOnTheMethod) {
  // KEX_ECDH_INIT with a 32-byte point whose first byte has the top bit
  // set: as a fixed-group KEXDH_INIT it is an mpint that is not minimal...
  Bytes ecdh_init{30, 0, 0, 0, 32};
  ecdh_init.push_back(0x00);
  for (int i = 1; i < 32; ++i) ecdh_init.push_back(static_cast<std::uint8_t>(i));
  auto ecdh = msg::parse(view_of(ecdh_init), mpl::ssh::kex_method::ecdh, 0, false);
  ASSERT_TRUE(ecdh.ok());
  EXPECT_EQ(ecdh->as_KexEcdhInit()->client_public().size(), 32u);
  auto dh = msg::parse(view_of(ecdh_init), mpl::ssh::kex_method::dh, 0, false);
  ASSERT_FALSE(dh.ok());
  EXPECT_EQ(dh.error().kind, mpl::error_kind::custom_invalid);
  // ... and under group exchange, 30 is the old request of 4 bytes.
  auto gex = msg::parse(view_of(ecdh_init), mpl::ssh::kex_method::group_exchange, 0, false);
  ASSERT_TRUE(gex.ok());
  EXPECT_EQ(gex->as_KexDhGexRequestOld()->preferred_bits(), 32u);
  EXPECT_EQ(gex->size(), 5u);
  // 34 outside group exchange matches nothing.
  const Bytes req{34, 0, 0, 4, 0, 0, 0, 8, 0, 0, 0, 0x20, 0};
  EXPECT_EQ(msg::parse(view_of(req), mpl::ssh::kex_method::ecdh, 0, false).error().kind, mpl::error_kind::no_branch_matched);
}

TEST(SshKeys, PublicKeysSignaturesAndExchangeHash) {
  // An Ed25519 key built with its fixed 32-byte field.
  std::array<std::uint8_t, 32> key{};
  key[0] = 0xd7;
  const ssh::ssh_public_key::builder ed{.format = str("ssh-ed25519"), .body = ssh::ssh_public_key::Ed25519{.key = key}};
  const Bytes ed_bytes = write(ed);
  EXPECT_EQ(ed_bytes.size(), 4u + 11 + 4 + 32);
  auto edv = ssh::ssh_public_key::parse(view_of(ed_bytes));
  ASSERT_TRUE(edv.ok());
  EXPECT_EQ(edv->as_Ed25519()->key()[0], 0xd7);
  // RSA with mpints.
  const std::uint8_t e[] = {0x01, 0x00, 0x01};
  const std::uint8_t n[] = {0xc0, 0xff, 0xee};
  const ssh::ssh_public_key::builder rsa{.format = str("ssh-rsa"),
                                         .body = ssh::ssh_public_key::Rsa{.e = mpl::ssh::mpint::value_type::from_magnitude(e),
                                                                          .n = mpl::ssh::mpint::value_type::from_magnitude(n)}};
  const Bytes rsa_bytes = write(rsa);
  auto rv = ssh::ssh_public_key::parse(view_of(rsa_bytes));
  ASSERT_TRUE(rv.ok());
  EXPECT_EQ(rv->as_Rsa()->e().to_uint64(), 65537u);
  EXPECT_EQ(rv->as_Rsa()->n().twos_complement().size(), 4u);  // sign byte added
  // ECDSA key and signature with an (r, s) blob built in place.
  std::uint8_t q[65] = {0x04};
  const ssh::ssh_public_key::builder ec{.format = str("ecdsa-sha2-nistp256"),
                                        .body = ssh::ssh_public_key::EcdsaNistp256{.curve = str("nistp256"), .q = q}};
  auto ecv_bytes = write(ec);
  auto ecv = ssh::ssh_public_key::parse(view_of(ecv_bytes));
  ASSERT_TRUE(ecv.ok());
  EXPECT_EQ(ecv->as_EcdsaNistp256()->q().size(), 65u);
  const ssh::ssh_ecdsa_signature_blob::builder rs{.r = mpl::ssh::mpint::value_type::from_magnitude(n),
                                                  .s = mpl::ssh::mpint::value_type::from_magnitude(e)};
  const ssh::ssh_signature::builder sig{.format = str("ecdsa-sha2-nistp256"), .body = ssh::ssh_signature::EcdsaNistp256{.blob = rs}};
  const Bytes sig_bytes = write(sig);
  auto sv = ssh::ssh_signature::parse(view_of(sig_bytes));
  ASSERT_TRUE(sv.ok());
  auto blob = ssh::ssh_ecdsa_signature_blob::parse(sv->as_EcdsaNistp256()->blob());
  ASSERT_TRUE(blob.ok());
  EXPECT_EQ(blob->s().to_uint64(), 65537u);
  // Ed25519 signatures are exactly 64 bytes.
  Bytes ed_sig = {0, 0, 0, 11};
  for (char c : std::string_view("ssh-ed25519")) ed_sig.push_back(static_cast<std::uint8_t>(c));
  for (std::uint8_t b : {0, 0, 0, 63}) ed_sig.push_back(b);
  ed_sig.resize(ed_sig.size() + 64);
  EXPECT_EQ(ssh::ssh_signature::parse(view_of(ed_sig)).error().kind, mpl::error_kind::const_mismatch);

  // The ECDH exchange hash input, with the host key built in place.
  const std::uint8_t k[] = {0x7f, 0x01};
  const ssh::ssh_exchange_hash_ecdh::builder h{.client_version = str("SSH-2.0-a"), .server_version = str("SSH-2.0-b"),
                                               .client_kexinit = str("IC"), .server_kexinit = str("IS"), .host_key = ed,
                                               .client_public = str("QC"), .server_public = str("QS"),
                                               .shared_secret = mpl::ssh::mpint::value_type::from_magnitude(k)};
  const Bytes hb = write(h);
  EXPECT_EQ(hb.size(), 4u + 9 + 4 + 9 + 4 + 2 + 4 + 2 + 4 + ed_bytes.size() + 4 + 2 + 4 + 2 + 4 + 2);
  auto hv = ssh::ssh_exchange_hash_ecdh::parse(view_of(hb));
  ASSERT_TRUE(hv.ok());
  EXPECT_TRUE(std::equal(hv->host_key().begin(), hv->host_key().end(), ed_bytes.begin(), ed_bytes.end()));
  // DH and group exchange inputs.
  const auto one = mpl::ssh::mpint::value_type::from_magnitude(k);
  const ssh::ssh_exchange_hash_dh::builder dh{.client_version = str("a"), .server_version = str("b"), .client_kexinit = str("c"),
                                             .server_kexinit = str("d"), .host_key = str("e"), .e = one, .f = one, .shared_secret = one};
  EXPECT_TRUE(ssh::ssh_exchange_hash_dh::parse(view_of(write(dh))).ok());
  const ssh::ssh_exchange_hash_gex::builder gex{.old_request = false, .client_version = str("a"), .server_version = str("b"),
                                               .client_kexinit = str("c"), .server_kexinit = str("d"), .host_key = str("e"),
                                               .body = ssh::ssh_exchange_hash_gex::Request{.min_bits = 1024, .preferred_bits = 2048, .max_bits = 8192},
                                               .p = one, .g = one, .e = one, .f = one, .shared_secret = one};
  const Bytes gb = write(gex);
  auto gv = ssh::ssh_exchange_hash_gex::parse(view_of(gb), false);
  ASSERT_TRUE(gv.ok());
  EXPECT_EQ(gv->as_Request()->max_bits(), 8192u);
  // The data a publickey signature covers: its constants are written.
  const ssh::ssh_userauth_signed_data::builder sd{.session_id = str("H"), .user_name = str("u"), .service_name = str("ssh-connection"),
                                                  .algorithm = str("ssh-ed25519"), .key_blob = ed};
  const Bytes sdb = write(sd);
  auto sdv = ssh::ssh_userauth_signed_data::parse(view_of(sdb));
  ASSERT_TRUE(sdv.ok());
  EXPECT_EQ(mpl::as_string_view(sdv->method_name()), "publickey");
  EXPECT_EQ(sdv->message_number(), 50u);
}

}  // namespace
