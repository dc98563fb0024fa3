// ssh.pcap, made by make_ssh_capture.sh: three connections from OpenSSH's
// client to its sshd, one per key exchange method (curve25519-sha256,
// diffie-hellman-group14-sha256, diffie-hellman-group-exchange-sha256),
// host key ssh-ed25519, aes128-ctr, hmac-sha2-256 forced on both sides.
// The plaintext start of each direction (version line, binary packets up to
// NEWKEYS) parses with the generated SSH codec under the method the
// KEXINITs negotiate; the algorithm lists, message sequence, key and
// signature formats and sizes are what the script forced; every packet and
// message rebuilds byte for byte; every truncation is refused.
#include <gtest/gtest.h>

#include <mpl/ssh.h>

#include <set>
#include <string>
#include <vector>

#include "known_capture.h"
#include "ssh.h"
#include "streams.h"

namespace {

using namespace known_capture;
namespace msg = ssh::ssh_message;
namespace pkt = ssh::ssh_packet;
using kind = msg::message_number_case_t;

const char* const kMethods[] = {"curve25519-sha256", "diffie-hellman-group14-sha256",
                                "diffie-hellman-group-exchange-sha256"};

struct Direction {
  std::string version_line;
  std::vector<Bytes> packets;  // whole binary packets, the last one NEWKEYS
};

struct Connection {
  Direction client, server;
  std::uint64_t kex = 0;  // mpl::ssh::kex_method
  std::string method;
};

// The version line (the first line: OpenSSH sends nothing before it), then
// binary packets while they are plaintext, i.e. through NEWKEYS.
Direction plaintext_start(const ssh_bgp_test::Stream& s) {
  Direction d;
  EXPECT_FALSE(s.gap);
  mpl::bytes rest{s.data.data(), s.data.size()};
  auto line = mpl::ssh_version_line::parse(rest, true);
  EXPECT_TRUE(line.ok()) << line.error().describe();
  if (!line.ok()) return d;
  d.version_line = text(rest.first(line->identification_size()));
  rest = rest.subspan(line->parsed_size);
  while (!rest.empty()) {
    auto p = pkt::parse(rest, 8);
    EXPECT_TRUE(p.ok()) << p.error().describe();
    if (!p.ok()) break;
    d.packets.push_back(bytes(rest.first(p->size())));
    rest = rest.subspan(p->size());
    if (p->payload().size() == 1 && p->payload()[0] == 21) break;  // NEWKEYS
  }
  return d;
}

const std::vector<Connection>& connections() {
  static const std::vector<Connection> all = [] {
    std::vector<Connection> out;
    const auto streams = ssh_bgp_test::tcp_streams(path("ssh.pcap"));
    for (const auto& client : streams) {
      if (client.destination_port != 22) continue;
      for (const auto& server : streams) {
        if (server.source_port != 22 || server.destination_port != client.source_port) continue;
        Connection c;
        c.client = plaintext_start(client);
        c.server = plaintext_start(server);
        if (c.client.packets.empty() || c.server.packets.empty()) continue;
        auto ck = msg::parse(pkt::parse(view(c.client.packets[0]), 8)->payload(), 0, 0, false);
        auto sk = msg::parse(pkt::parse(view(c.server.packets[0]), 8)->payload(), 0, 0, false);
        EXPECT_TRUE(ck.ok() && sk.ok() && ck->as_KexInit() && sk->as_KexInit());
        if (!ck.ok() || !sk.ok() || !ck->as_KexInit() || !sk->as_KexInit()) continue;
        c.method = std::string(ck->as_KexInit()->kex_algorithms().first_common(sk->as_KexInit()->kex_algorithms()));
        c.kex = c.method.starts_with("diffie-hellman-group-exchange") ? mpl::ssh::kex_method::group_exchange
                : c.method.starts_with("diffie-hellman-group")        ? mpl::ssh::kex_method::dh
                                                                      : mpl::ssh::kex_method::ecdh;
        out.push_back(std::move(c));
      }
    }
    return out;
  }();
  return all;
}

msg::view message_of(const Bytes& packet, std::uint64_t kex) {
  auto p = pkt::parse(view(packet), 8);
  EXPECT_TRUE(p.ok());
  auto m = msg::parse(p->payload(), kex, 0, false);
  EXPECT_TRUE(m.ok()) << m.error().describe();
  return *m;
}

TEST(SshCapture, ThreeConnectionsOneMethodEach) {
  ASSERT_EQ(connections().size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const Connection& c = connections()[i];
    EXPECT_EQ(c.method, kMethods[i]);
    // Both ends are Debian's OpenSSH: "SSH-2.0-OpenSSH_<version> Debian-<revision>".
    for (const auto* line : {&c.client.version_line, &c.server.version_line}) {
      EXPECT_EQ(line->rfind("SSH-2.0-OpenSSH_", 0), 0u) << *line;
      EXPECT_NE(line->find(" Debian-"), std::string::npos) << *line;
    }
  }
}

TEST(SshCapture, KexInitListsWhatTheScriptForced) {
  for (const Connection& c : connections()) {
    for (bool server : {false, true}) {
      const Direction& d = server ? c.server : c.client;
      const msg::view m = message_of(d.packets.front(), c.kex);
      auto k = m.as_KexInit();
      ASSERT_TRUE(k);
      EXPECT_EQ(k->cookie().size(), 16u);
      EXPECT_EQ(k->first_kex_packet_follows(), 0);
      EXPECT_EQ(k->reserved(), 0u);
      EXPECT_TRUE(k->kex_algorithms().contains(c.method)) << k->kex_algorithms().text();
      if (server) {
        for (const char* method : kMethods) EXPECT_TRUE(k->kex_algorithms().contains(method)) << method;
        EXPECT_EQ(k->server_host_key_algorithms().text(), "ssh-ed25519");  // its only host key
      } else {
        EXPECT_TRUE(k->server_host_key_algorithms().contains("ssh-ed25519"));
      }
      EXPECT_EQ(k->encryption_algorithms_client_to_server().text(), "aes128-ctr");
      EXPECT_EQ(k->encryption_algorithms_server_to_client().text(), "aes128-ctr");
      EXPECT_EQ(k->mac_algorithms_client_to_server().text(), "hmac-sha2-256");
      EXPECT_EQ(k->mac_algorithms_server_to_client().text(), "hmac-sha2-256");
      EXPECT_TRUE(k->compression_algorithms_client_to_server().contains("none"));
      EXPECT_EQ(k->languages_client_to_server().text(), "");
      EXPECT_EQ(k->languages_server_to_client().text(), "");
    }
  }
}

TEST(SshCapture, KeyExchangeMessagesOfEachMethod) {
  std::set<std::string> host_keys;
  for (const Connection& c : connections()) {
    std::vector<kind> client, server;
    for (const auto& p : c.client.packets) client.push_back(message_of(p, c.kex).message_number_case());
    for (const auto& p : c.server.packets) server.push_back(message_of(p, c.kex).message_number_case());
    std::size_t group_bits = 0, min_bits = 0, max_bits = 0, gex_e_bits = 0;
    mpl::bytes host_key, signature;
    for (const auto& p : c.client.packets) {
      const msg::view m = message_of(p, c.kex);
      if (auto x = m.as_KexEcdhInit()) {
        EXPECT_EQ(x->client_public().size(), 32u);  // X25519, RFC 8731
      }
      if (auto x = m.as_KexdhInit()) {
        EXPECT_LE(x->e().bit_length(), 2048u);  // group 14: 2048 bits
      }
      if (auto x = m.as_KexDhGexRequest()) {
        min_bits = x->min_bits();
        max_bits = x->max_bits();
        EXPECT_LE(x->min_bits(), x->preferred_bits());
        EXPECT_LE(x->preferred_bits(), x->max_bits());
      }
      if (auto x = m.as_KexDhGexInit()) gex_e_bits = x->e().bit_length();
    }
    for (const auto& p : c.server.packets) {
      const msg::view m = message_of(p, c.kex);
      if (auto x = m.as_KexEcdhReply()) {
        EXPECT_EQ(x->server_public().size(), 32u);
        host_key = x->host_key();
        signature = x->signature();
      }
      if (auto x = m.as_KexdhReply()) {
        EXPECT_LE(x->f().bit_length(), 2048u);
        EXPECT_GT(x->f().bit_length(), 1024u);
        host_key = x->host_key();
        signature = x->signature();
      }
      if (auto x = m.as_KexDhGexGroup()) {
        group_bits = x->p().bit_length();
        const auto g = x->g().to_uint64();
        ASSERT_TRUE(g.has_value());
        EXPECT_TRUE(*g == 2 || *g == 5) << *g;  // the generators of /etc/ssh/moduli
      }
      if (auto x = m.as_KexDhGexReply()) {
        EXPECT_LE(x->f().bit_length(), group_bits);
        host_key = x->host_key();
        signature = x->signature();
      }
    }
    if (c.kex == mpl::ssh::kex_method::group_exchange) {
      // Client: KEXINIT, GEX_REQUEST, GEX_INIT, NEWKEYS; server: KEXINIT,
      // GEX_GROUP, GEX_REPLY, NEWKEYS (RFC 4419 §3).
      EXPECT_EQ(client, (std::vector<kind>{kind::KexInit, kind::KexDhGexRequest, kind::KexDhGexInit, kind::NewKeys}));
      EXPECT_EQ(server, (std::vector<kind>{kind::KexInit, kind::KexDhGexGroup, kind::KexDhGexReply, kind::NewKeys}));
      EXPECT_GE(group_bits, min_bits);
      EXPECT_LE(gex_e_bits, group_bits);
      EXPECT_GT(gex_e_bits, 0u);
      EXPECT_LE(group_bits, max_bits);
    } else if (c.kex == mpl::ssh::kex_method::dh) {
      EXPECT_EQ(client, (std::vector<kind>{kind::KexInit, kind::KexdhInit, kind::NewKeys}));
      EXPECT_EQ(server, (std::vector<kind>{kind::KexInit, kind::KexdhReply, kind::NewKeys}));
    } else {
      EXPECT_EQ(client, (std::vector<kind>{kind::KexInit, kind::KexEcdhInit, kind::NewKeys}));
      EXPECT_EQ(server, (std::vector<kind>{kind::KexInit, kind::KexEcdhReply, kind::NewKeys}));
    }
    // The host key the script generated: Ed25519, and an Ed25519 signature
    // of the exchange hash.
    auto k = ssh::ssh_public_key::parse(host_key);
    ASSERT_TRUE(k.ok()) << k.error().describe();
    EXPECT_EQ(k->size(), host_key.size());
    ASSERT_TRUE(k->as_Ed25519());
    EXPECT_EQ(k->as_Ed25519()->key().size(), 32u);
    host_keys.insert(text(host_key));
    auto s = ssh::ssh_signature::parse(signature);
    ASSERT_TRUE(s.ok()) << s.error().describe();
    EXPECT_EQ(s->size(), signature.size());
    ASSERT_TRUE(s->as_Ed25519());
    EXPECT_EQ(s->as_Ed25519()->blob().size(), 64u);
  }
  EXPECT_EQ(host_keys.size(), 1u);  // one sshd, one key
}

TEST(SshCapture, EveryPacketAndMessageRebuildsByteForByte) {
  std::size_t rebuilt = 0;
  for (const Connection& c : connections()) {
    for (const auto* d : {&c.client, &c.server}) {
      for (const auto& bytes_on_wire : d->packets) {
        auto p = pkt::parse(view(bytes_on_wire), 8);
        ASSERT_TRUE(p.ok());
        EXPECT_GE(p->padding_length(), 4u);
        EXPECT_EQ(write(pkt::builder::from(*p)), bytes_on_wire);
        auto m = msg::parse(p->payload(), c.kex, 0, false);
        ASSERT_TRUE(m.ok());
        EXPECT_EQ(m->size(), p->payload().size());
        EXPECT_EQ(write(msg::builder::from(*m)), bytes(p->payload())) << static_cast<int>(m->message_number());
        ++rebuilt;
      }
    }
  }
  EXPECT_EQ(rebuilt, 20u);  // 6 + 6 for the two one-round methods, 8 for group exchange
}

TEST(SshCapture, TruncationAtEveryLengthIsRefused) {
  std::size_t tried = 0;
  for (const Connection& c : connections()) {
    for (const auto* d : {&c.client, &c.server}) {
      for (const auto& packet : d->packets) {
        tried += expect_every_cut_refused(packet, [](mpl::bytes b) { return pkt::parse(b, 8); }, "packet");
        const Bytes payload = bytes(pkt::parse(view(packet), 8)->payload());
        const std::uint64_t kex = c.kex;
        tried += expect_every_cut_refused(payload, [kex](mpl::bytes b) { return msg::parse(b, kex, 0, false); }, "message");
      }
    }
  }
  EXPECT_GT(tried, 10000u);
}

}  // namespace
