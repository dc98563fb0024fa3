// The server's state machines without sockets: the transport and the
// connection layer driven by an in-process client (test_client.h) through
// key exchange with every cipher, re-keying, authentication, and hostile
// input after NEWKEYS (bad MAC, unopened channel, window overflow, too many
// failures); the OpenSSH key file reader on good and broken keys.
#include <gtest/gtest.h>

#include <chrono>
#include <deque>
#include <ostream>
#include <string>
#include <thread>

#include "keys.h"
#include "test_client.h"

namespace ssh_server {
namespace {

using test::ClientOptions;
using test::TestClient;
namespace msg = wire::msg;

struct Suite {
  std::string cipher, mac;
};
void PrintTo(const Suite& s, std::ostream* os) { *os << s.cipher << " " << s.mac; }

class Ciphers : public ::testing::TestWithParam<Suite> {};

TEST_P(Ciphers, KeyExchangeAuthenticationAndRekey) {
  TestClient c(ClientOptions{.cipher = GetParam().cipher, .mac = GetParam().mac});
  std::string why;
  ASSERT_TRUE(c.handshake(&why)) << why;
  ASSERT_TRUE(c.authenticate(&why)) << why;
  EXPECT_TRUE(c.connection().authenticated());
  // A global request wanting a reply gets REQUEST_FAILURE: the channel is alive.
  const msg::GlobalRequest keepalive{.request_name = wire::text("keepalive@openssh.com"), .want_reply = 1,
                                     .body = msg::OtherRequest{}};
  c.send(wire::message(wire::Number::GlobalRequest, keepalive));
  EXPECT_TRUE(c.expect(82));
  // The client re-keys; traffic goes on under the new keys.
  ASSERT_TRUE(c.exchange_keys(&why)) << why;
  EXPECT_EQ(c.server().kex_count(), 2u);
  c.send(wire::message(wire::Number::GlobalRequest, keepalive));
  EXPECT_TRUE(c.expect(82));
  EXPECT_FALSE(c.server().closed()) << c.server().close_reason();
}

INSTANTIATE_TEST_SUITE_P(SshServer, Ciphers,
                         ::testing::Values(Suite{"chacha20-poly1305@openssh.com", ""},
                                           Suite{"aes128-gcm@openssh.com", ""}, Suite{"aes256-gcm@openssh.com", ""},
                                           Suite{"aes128-ctr", "hmac-sha2-256"}, Suite{"aes256-ctr", "hmac-sha2-512"},
                                           Suite{"aes128-ctr", "hmac-sha2-256-etm@openssh.com"},
                                           Suite{"aes192-ctr", "hmac-sha2-512-etm@openssh.com"}),
                         [](const auto& param_info) {
                           std::string n = param_info.param.cipher + "_" + param_info.param.mac;
                           for (char& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

TEST(SshServer, BadMacEndsTheConnectionWithMacError) {
  for (const char* cipher : {"chacha20-poly1305@openssh.com", "aes128-gcm@openssh.com", "aes128-ctr"}) {
    TestClient c(ClientOptions{.cipher = cipher, .mac = "hmac-sha2-256"});
    std::string why;
    ASSERT_TRUE(c.handshake(&why)) << why;
    Bytes packet = c.seal(wire::build(wire::message(wire::Number::Ignore, msg::Ignore{.data = wire::text("x")})));
    packet.back() ^= 0x01;  // the last byte of the MAC or tag
    // Strict KEX: sequence numbers restart at NEWKEYS, this is packet 0.
    c.send_wire(packet);
    EXPECT_TRUE(c.server().closed()) << cipher;
    EXPECT_EQ(c.disconnect().value_or("none"), "5: message authentication failed on packet 0") << cipher;
  }
}

TEST(SshServer, ChannelDataOnAnUnopenedChannelIsRefused) {
  TestClient c;
  std::string why;
  ASSERT_TRUE(c.handshake(&why) && c.authenticate(&why)) << why;
  c.send(wire::message(wire::Number::ChannelData, msg::ChannelData{.recipient_channel = 7, .data = wire::text("hello")}));
  EXPECT_TRUE(c.server().closed());
  EXPECT_EQ(c.disconnect().value_or("none"), "2: channel 7 is not open");
}

TEST(SshServer, DataBeyondTheWindowIsRefused) {
  TestClient c;
  std::string why;
  ASSERT_TRUE(c.handshake(&why) && c.authenticate(&why)) << why;
  c.send(wire::message(wire::Number::ChannelOpen, msg::ChannelOpen{.channel_type = wire::text("session"),
                                                                    .sender_channel = 3,
                                                                    .initial_window_size = 1 << 20,
                                                                    .maximum_packet_size = 32768,
                                                                    .body = msg::Session{}}));
  ASSERT_TRUE(c.expect(91));
  // A command that never reads its stdin: the pipe takes what it holds
  // (64 KiB, or 1 MiB where the server could enlarge it), the server
  // gives that much window back once it is half the window, and the rest
  // waits in the server.
  const msg::Exec sleeper{.command = wire::text("exec sleep 5")};
  c.send(wire::message(wire::Number::ChannelRequest, msg::ChannelRequest{.recipient_channel = 0,
                                                                          .request_type = wire::text("exec"),
                                                                          .want_reply = 1,
                                                                          .body = sleeper}));
  ASSERT_TRUE(c.expect(99));
  const Bytes chunk(32768, 'x');
  const auto send_data = [&](std::size_t n) {
    c.send(wire::message(wire::Number::ChannelData,
                         msg::ChannelData{.recipient_channel = 0, .data = wire::view_of(chunk).first(n)}));
  };
  const auto window_given_back = [&] {
    std::uint64_t sum = 0;
    while (auto p = c.next()) {
      auto m = msg::parse(wire::view_of(*p), 1, 1, false);
      if (m.ok() && m->as_ChannelWindowAdjust()) sum += m->as_ChannelWindowAdjust()->bytes_to_add();
    }
    return sum;
  };
  for (int i = 0; i < 64; ++i) send_data(chunk.size());
  std::uint64_t window = window_given_back();
  for (int i = 0; i < 256 && window > 0; ++i) {  // at most the 2 MiB window again
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(window, chunk.size()));
    send_data(n);
    window = window - n + window_given_back();
  }
  EXPECT_EQ(window, 0u);
  EXPECT_FALSE(c.server().closed()) << c.server().close_reason();
  c.send(wire::message(wire::Number::ChannelData, msg::ChannelData{.recipient_channel = 0, .data = wire::text("!")}));
  EXPECT_TRUE(c.server().closed());
  EXPECT_EQ(c.disconnect().value_or("none"), "2: channel 0: data beyond the window");
}

TEST(SshServer, MessagesBeforeAuthenticationAreRefused) {
  TestClient c;
  std::string why;
  ASSERT_TRUE(c.handshake(&why)) << why;
  c.send(wire::message(wire::Number::ChannelOpen, msg::ChannelOpen{.channel_type = wire::text("session"),
                                                                    .sender_channel = 0,
                                                                    .initial_window_size = 1000,
                                                                    .maximum_packet_size = 1000,
                                                                    .body = msg::Session{}}));
  EXPECT_EQ(c.disconnect().value_or("none"), "2: connection protocol message before authentication");
}

TEST(SshServer, PublicKeyQueryGetsPkOkAndBadSignaturesAreLimited) {
  TestClient c;
  std::string why;
  ASSERT_TRUE(c.handshake(&why)) << why;
  c.send(wire::message(wire::Number::ServiceRequest, msg::ServiceRequest{.service_name = wire::text("ssh-userauth")}));
  ASSERT_TRUE(c.expect(6));
  c.send(c.userauth_publickey({}));
  auto reply = c.next();
  ASSERT_TRUE(reply);
  auto m = msg::parse(wire::view_of(*reply), 1, mpl::ssh::auth_method::publickey, false);
  ASSERT_TRUE(m.ok() && m->as_UserauthPkOk());
  EXPECT_TRUE(equal_secret(m->as_UserauthPkOk()->key_blob(), c.user_key().public_blob));
  // A signature over something else: refused, five times; the sixth ends it.
  const Bytes wrong = wire::ed25519_signature_blob(c.user_key().signer->sign(wire::text("not the session")));
  for (int i = 0; i < 5; ++i) {
    c.send(c.userauth_publickey(wire::view_of(wrong)));
    EXPECT_TRUE(c.expect(51)) << i;
  }
  c.send(c.userauth_publickey(wire::view_of(wrong)));
  EXPECT_EQ(c.disconnect().value_or("none"), "14: too many authentication failures");
}

TEST(SshServer, PasswordAndNone) {
  TestClient c(ClientOptions{.password = "hunter2"});
  std::string why;
  ASSERT_TRUE(c.handshake(&why)) << why;
  c.send(wire::message(wire::Number::ServiceRequest, msg::ServiceRequest{.service_name = wire::text("ssh-userauth")}));
  ASSERT_TRUE(c.expect(6));
  std::deque<Bytes> replies;  // the views below point into them
  auto request = [&](std::string_view method, msg::Password* pw) {
    msg::UserauthRequest r{.user_name = wire::text("tester"), .service_name = wire::text("ssh-connection"),
                           .method_name = wire::text(method)};
    if (pw != nullptr) {
      r.body = *pw;
    } else {
      r.body = msg::None{};
    }
    c.send(wire::message(wire::Number::UserauthRequest, r));
    replies.push_back(c.next().value_or(Bytes{0}));
    return msg::parse(wire::view_of(replies.back()), 1, 0, false);
  };
  auto none = request("none", nullptr);
  ASSERT_TRUE(none.ok() && none->as_UserauthFailure());
  EXPECT_EQ(none->as_UserauthFailure()->authentications_that_can_continue().text(), "publickey,password");
  msg::Password bad{.change = 0, .body = msg::Plain{.password = wire::text("hunter3")}};
  auto refused = request("password", &bad);
  ASSERT_TRUE(refused.ok() && refused->as_UserauthFailure());
  msg::Password good{.change = 0, .body = msg::Plain{.password = wire::text("hunter2")}};
  auto accepted = request("password", &good);
  ASSERT_TRUE(accepted.ok());
  EXPECT_TRUE(accepted->as_UserauthSuccess());
}

TEST(SshServer, StrictKexRefusesAnIgnoreBeforeKexinit) {
  // Without strict KEX an IGNORE before KEXINIT is allowed; with it, the
  // KEXINIT must be the first packet (Terrapin).
  for (bool strict : {false, true}) {
    TestClient c(ClientOptions{.strict = strict});
    std::string why;
    ASSERT_TRUE(c.exchange_versions(&why)) << why;
    c.send(wire::message(wire::Number::Ignore, msg::Ignore{.data = wire::text("slipped in")}));
    const bool ok = c.exchange_keys(&why);
    EXPECT_EQ(ok, !strict) << why;
    if (strict) {
      EXPECT_EQ(c.server().close_reason(), "strict KEX: KEXINIT was not the first packet");
    }
  }
}

TEST(SshServer, ServerRekeysAfterItsByteLimit) {
  TestClient c(ClientOptions{.rekey_bytes = 4096});
  std::string why;
  ASSERT_TRUE(c.handshake(&why) && c.authenticate(&why)) << why;
  const msg::GlobalRequest keepalive{.request_name = wire::text("keepalive@openssh.com"), .want_reply = 1,
                                     .body = msg::OtherRequest{}};
  const Bytes big(3000, 'x');
  for (int i = 0; i < 3; ++i) c.send(wire::message(wire::Number::Ignore, msg::Ignore{.data = wire::view_of(big)}));
  // The server has sent its KEXINIT: the client answers with a full exchange.
  ASSERT_TRUE(c.exchange_keys(&why)) << why;
  EXPECT_EQ(c.server().kex_count(), 2u);
  c.send(wire::message(wire::Number::GlobalRequest, keepalive));
  EXPECT_TRUE(c.expect(82));
}

TEST(SshServer, ServerRekeysWhenItsKeysAreOlderThanTheTimeLimit) {
  TestClient c(ClientOptions{.rekey_after = std::chrono::seconds(1)});
  std::string why;
  ASSERT_TRUE(c.handshake(&why) && c.authenticate(&why)) << why;
  const msg::GlobalRequest keepalive{.request_name = wire::text("keepalive@openssh.com"), .want_reply = 1,
                                     .body = msg::OtherRequest{}};
  c.send(wire::message(wire::Number::GlobalRequest, keepalive));
  EXPECT_TRUE(c.expect(82));
  EXPECT_EQ(c.server().kex_count(), 1u);  // young keys: no new exchange
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  // The next packet after the limit makes the server send its KEXINIT.
  c.send(wire::message(wire::Number::GlobalRequest, keepalive));
  ASSERT_TRUE(c.exchange_keys(&why)) << why;
  EXPECT_EQ(c.server().kex_count(), 2u);
  c.send(wire::message(wire::Number::GlobalRequest, keepalive));
  EXPECT_TRUE(c.expect(82));
}

// ssh-keygen -t ed25519 -N '' output, generated for this test only.
constexpr std::string_view test_key = R"(-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACBHAMOBlYtDbihDXWsWGMO9zDB+n2NkyJicsDbuI6dgXQAAAJDABVMawAVT
GgAAAAtzc2gtZWQyNTUxOQAAACBHAMOBlYtDbihDXWsWGMO9zDB+n2NkyJicsDbuI6dgXQ
AAAED7gbGg1IgpL20HMo/q3Agle9XTtVl1WsFuUD1QDatD50cAw4GVi0NuKENdaxYYw73M
MH6fY2TImJywNu4jp2BdAAAAB3Jvb3RAdm0BAgMEBQY=
-----END OPENSSH PRIVATE KEY-----
)";

TEST(HostKeyFile, ReadsAnUnencryptedEd25519Key) {
  std::string error;
  auto key = parse_host_key(test_key, &error);
  ASSERT_TRUE(key) << error;
  EXPECT_TRUE(wire::is_ed25519_public_blob(key->public_blob));
  const Bytes sig = key->signer->sign(wire::text("m"));
  EXPECT_TRUE(ed25519_verify(key->public_raw, wire::text("m"), sig));
}

TEST(HostKeyFile, RefusesBrokenKeysWithAReason) {
  std::string error;
  EXPECT_FALSE(parse_host_key("ssh-ed25519 AAAA", &error));
  EXPECT_NE(error.find("not an OpenSSH private key"), std::string::npos) << error;
  auto raw = base64_decode(
      "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACBHAMOBlYtDbihDXWsWGMO9zDB+"
      "n2NkyJicsDbuI6dgXQAAAJDABVMawAVTGgAAAAtzc2gtZWQyNTUxOQAAACBHAMOBlYtDbihDXWsWGMO9zDB+n2NkyJicsDbuI6dgXQAAAED7"
      "gbGg1IgpL20HMo/q3Agle9XTtVl1WsFuUD1QDatD50cAw4GVi0NuKENdaxYYw73MMH6fY2TImJywNu4jp2BdAAAAB3Jvb3RAdm0BAgMEBQY=");
  ASSERT_TRUE(raw);
  ASSERT_TRUE(wire::parse_private_key(*raw, &error)) << error;
  // Every truncation is refused, none read out of bounds (ASan build).
  for (std::size_t n = 0; n < raw->size() - 6; ++n) {
    EXPECT_FALSE(wire::parse_private_key(ByteView(raw->data(), n), &error)) << n;
  }
  Bytes check = *raw;
  check[raw->size() - 142] ^= 1;  // inside the first check word (the section is the last 144 bytes)
  Bytes flipped = *raw;
  flipped[raw->size() - 40] ^= 1;  // inside the private key's public half
  EXPECT_FALSE(wire::parse_private_key(check, &error));
  EXPECT_FALSE(wire::parse_private_key(flipped, &error));
  EXPECT_EQ(error, "the public key parts of the file disagree");
}

}  // namespace
}  // namespace ssh_server
