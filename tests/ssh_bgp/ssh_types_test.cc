// <mpl/ssh.h>: the mpint and name-list custom types (valid, invalid,
// non-minimal, truncated) and the version exchange line.
#include <gtest/gtest.h>

#include <mpl/ssh.h>
#include <random>

#include <string>
#include <vector>

namespace {

using Bytes = std::vector<std::uint8_t>;
mpl::bytes view_of(const Bytes& b) { return {b.data(), b.size()}; }

Bytes write_mpint(const mpl::ssh::mpint::value_type& v) {
  Bytes out(mpl::ssh::mpint::size(v));
  auto w = mpl::ssh::mpint::write(v, mpl::mutable_bytes{out.data(), out.size()});
  EXPECT_TRUE(w.ok());
  EXPECT_EQ(*w, out.size());
  return out;
}

// RFC 4251 §5, the examples of the mpint definition.
TEST(SshMpint, Rfc4251Examples) {
  using V = mpl::ssh::mpint::value_type;
  EXPECT_EQ(write_mpint(V::from_magnitude({})), (Bytes{0, 0, 0, 0}));
  const std::uint8_t a[] = {0x09, 0xa3, 0x78, 0xf9, 0xb2, 0xe3, 0x32, 0xa7};
  EXPECT_EQ(write_mpint(V::from_magnitude(a)), (Bytes{0, 0, 0, 8, 0x09, 0xa3, 0x78, 0xf9, 0xb2, 0xe3, 0x32, 0xa7}));
  const std::uint8_t x80[] = {0x80};
  EXPECT_EQ(write_mpint(V::from_magnitude(x80)), (Bytes{0, 0, 0, 2, 0x00, 0x80}));
  const std::uint8_t m1234[] = {0x12, 0x34};
  EXPECT_EQ(write_mpint(V::from_magnitude(m1234, true)), (Bytes{0, 0, 0, 2, 0xed, 0xcc}));
  const std::uint8_t deadbeef[] = {0xde, 0xad, 0xbe, 0xef};
  EXPECT_EQ(write_mpint(V::from_magnitude(deadbeef, true)), (Bytes{0, 0, 0, 5, 0xff, 0x21, 0x52, 0x41, 0x11}));
}

TEST(SshMpint, WritingIsAlwaysMinimal) {
  using V = mpl::ssh::mpint::value_type;
  const std::uint8_t padded[] = {0, 0, 0, 0x7f};
  EXPECT_EQ(write_mpint(V::from_magnitude(padded)), (Bytes{0, 0, 0, 1, 0x7f}));
  const std::uint8_t zeros[] = {0, 0};
  EXPECT_EQ(write_mpint(V::from_magnitude(zeros, true)), (Bytes{0, 0, 0, 0}));  // -0 is 0
  const std::uint8_t redundant[] = {0x00, 0x00, 0x80};
  EXPECT_EQ(write_mpint(V::from_twos_complement(redundant)), (Bytes{0, 0, 0, 2, 0x00, 0x80}));
  const std::uint8_t ones[] = {0xff, 0xff, 0x80};
  EXPECT_EQ(write_mpint(V::from_twos_complement(ones)), (Bytes{0, 0, 0, 1, 0x80}));
  const std::uint8_t x80[] = {0x80};
  EXPECT_EQ(write_mpint(V::from_magnitude(x80, true)), (Bytes{0, 0, 0, 1, 0x80}));  // -128
  const std::uint8_t x81[] = {0x81};
  EXPECT_EQ(write_mpint(V::from_magnitude(x81, true)), (Bytes{0, 0, 0, 2, 0xff, 0x7f}));  // -129
  const std::uint8_t big[] = {0x80, 0x00};
  EXPECT_EQ(write_mpint(V::from_magnitude(big, true)), (Bytes{0, 0, 0, 2, 0x80, 0x00}));  // -32768
  // A buffer too small is refused.
  std::uint8_t tiny[4];
  EXPECT_EQ(mpl::ssh::mpint::write(V::from_magnitude(big), tiny).error().kind, mpl::error_kind::buffer_too_small);
}

TEST(SshMpint, ValidateAndView) {
  const Bytes positive{0, 0, 0, 3, 0x00, 0xff, 0x01, 0xaa};  // trailing byte belongs to the next field
  auto n = mpl::ssh::mpint::validate(view_of(positive));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 7u);
  const auto v = mpl::ssh::mpint::view(view_of(positive).first(7));
  EXPECT_FALSE(v.negative());
  EXPECT_EQ(v.magnitude().size(), 2u);
  EXPECT_EQ(v.to_uint64(), 0xff01u);
  EXPECT_EQ(v.bit_length(), 16u);
  const Bytes negative{0, 0, 0, 2, 0xed, 0xcc};
  const auto nv = mpl::ssh::mpint::view(view_of(negative));
  EXPECT_TRUE(nv.negative());
  EXPECT_FALSE(nv.to_uint64().has_value());
  // Writing back what was read gives the same bytes.
  EXPECT_EQ(write_mpint(mpl::ssh::mpint::value_type::of(nv)), negative);
  const Bytes zero{0, 0, 0, 0};
  EXPECT_TRUE(mpl::ssh::mpint::view(view_of(zero)).is_zero());
  EXPECT_EQ(mpl::ssh::mpint::view(view_of(zero)).to_uint64(), 0u);
}

TEST(SshMpint, NonMinimalEncodingsAreRefused) {
  for (const Bytes& bad : {Bytes{0, 0, 0, 1, 0x00}, Bytes{0, 0, 0, 2, 0x00, 0x7f}, Bytes{0, 0, 0, 2, 0xff, 0x80},
                           Bytes{0, 0, 0, 3, 0x00, 0x00, 0x80}}) {
    auto r = mpl::ssh::mpint::validate(view_of(bad));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, mpl::error_kind::custom_invalid);
    EXPECT_EQ(r.error().offset, 4u);
  }
  // Single sign bytes are minimal: -1 and 0x7f.
  EXPECT_TRUE(mpl::ssh::mpint::validate(view_of(Bytes{0, 0, 0, 1, 0xff})).ok());
  EXPECT_TRUE(mpl::ssh::mpint::validate(view_of(Bytes{0, 0, 0, 1, 0x7f})).ok());
}

TEST(SshMpint, TruncationIsRefused) {
  const Bytes whole{0, 0, 0, 3, 0x01, 0x02, 0x03};
  for (std::size_t n = 0; n < whole.size(); ++n) {
    Bytes cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n));
    auto r = mpl::ssh::mpint::validate(view_of(cut));
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_EQ(r.error().kind, mpl::error_kind::truncated);
  }
}

Bytes text(std::uint32_t n, const std::string& s) {
  Bytes b{static_cast<std::uint8_t>(n >> 24), static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 8),
          static_cast<std::uint8_t>(n)};
  for (char c : s) b.push_back(static_cast<std::uint8_t>(c));
  return b;
}

TEST(SshNameList, ValidListsAndIteration) {
  const Bytes fixed = text(36, "curve25519-sha256,ext-info-c,kex@x.y");
  auto n = mpl::ssh::name_list::validate(view_of(fixed));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 40u);
  const auto v = mpl::ssh::name_list::view(view_of(fixed));
  std::vector<std::string> names;
  for (std::string_view s : v) names.emplace_back(s);
  EXPECT_EQ(names, (std::vector<std::string>{"curve25519-sha256", "ext-info-c", "kex@x.y"}));
  EXPECT_EQ(v.size(), 3u);
  EXPECT_TRUE(v.contains("ext-info-c"));
  EXPECT_FALSE(v.contains("ext-info"));
  const Bytes empty = text(0, "");
  const auto e = mpl::ssh::name_list::view(view_of(empty));
  EXPECT_TRUE(e.empty());
  EXPECT_EQ(e.size(), 0u);
  EXPECT_EQ(e.begin(), e.end());
  // Negotiation helper: the client's first name the server knows.
  const Bytes server = text(21, "ssh-ed25519,kex@x.y,z");
  EXPECT_EQ(v.first_common(mpl::ssh::name_list::view(view_of(server))), "kex@x.y");
}

TEST(SshNameList, InvalidListsAreRefused) {
  for (const std::string& bad : {std::string(","), std::string("a,"), std::string(",a"), std::string("a,,b"),
                                 std::string("a b"), std::string("a\x7f"), std::string("caf\xc3\xa9")}) {
    const Bytes b = text(static_cast<std::uint32_t>(bad.size()), bad);
    auto r = mpl::ssh::name_list::validate(view_of(b));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind, mpl::error_kind::custom_invalid);
  }
  const Bytes whole = text(3, "a,b");
  for (std::size_t n = 0; n < whole.size(); ++n) {
    Bytes cut(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_EQ(mpl::ssh::name_list::validate(view_of(cut)).error().kind, mpl::error_kind::truncated);
  }
}


// The validator and size() read many bytes per step; against a plain
// reading of RFC 4251 (split at commas; every name non-empty, printable,
// no space) on random texts of every length up to 600, over the alphabet
// that makes each rule matter, and on lists of more than 255 names.
TEST(SshNameList, AgreesWithTheRfcReadingOnRandomTexts) {
  const auto rfc_valid = [](const std::string& s) {
    if (s.empty()) return true;
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = s.find(',', start);
      const std::string name = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
      if (name.empty()) return false;
      for (char ch : name) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x21 || c > 0x7e) return false;
      }
      if (comma == std::string::npos) return true;
      start = comma + 1;
    }
  };
  const char alphabet[] = {'a', 'z', '-', ',', ',', ',', ' ', '\x7f', '\x80', '\x21', '\x7e', '\0'};
  std::mt19937 rng(1234);
  for (int round = 0; round < 3000; ++round) {
    const std::size_t length = rng() % 600;
    std::string s;
    const bool mostly_valid = round % 2 == 0;
    for (std::size_t i = 0; i < length; ++i) {
      s.push_back(mostly_valid ? (rng() % 4 == 0 ? ',' : 'a') : alphabet[rng() % sizeof alphabet]);
    }
    const Bytes b = text(static_cast<std::uint32_t>(s.size()), s);
    const bool ok = mpl::ssh::name_list::validate(view_of(b)).ok();
    ASSERT_EQ(ok, rfc_valid(s)) << '"' << s << '"';
    if (!ok) continue;
    const auto v = mpl::ssh::name_list::view(view_of(b));
    std::size_t iterated = 0;
    for ([[maybe_unused]] std::string_view name : v) ++iterated;
    ASSERT_EQ(v.size(), iterated) << s;
  }
  std::string many = "a";
  for (int i = 0; i < 700; ++i) many += ",b";
  const Bytes b = text(static_cast<std::uint32_t>(many.size()), many);
  ASSERT_TRUE(mpl::ssh::name_list::validate(view_of(b)).ok());
  EXPECT_EQ(mpl::ssh::name_list::view(view_of(b)).size(), 701u);
}
TEST(SshNameList, WriteFromNamesOrText) {
  const std::string_view names[] = {"aes128-ctr", "aes256-gcm@openssh.com"};
  const mpl::ssh::name_list::value_type v{std::span<const std::string_view>(names)};
  Bytes out(mpl::ssh::name_list::size(v));
  ASSERT_TRUE(mpl::ssh::name_list::write(v, mpl::mutable_bytes{out.data(), out.size()}).ok());
  EXPECT_EQ(out, text(33, "aes128-ctr,aes256-gcm@openssh.com"));
  const mpl::ssh::name_list::value_type joined{std::string_view("none")};
  EXPECT_EQ(mpl::ssh::name_list::size(joined), 8u);
  // A name with a comma, or an empty one, is not written.
  const std::string_view bad[] = {"a,b"};
  Bytes out2(16);
  EXPECT_EQ(mpl::ssh::name_list::write(mpl::ssh::name_list::value_type{std::span<const std::string_view>(bad)},
                                       mpl::mutable_bytes{out2.data(), out2.size()})
                .error()
                .kind,
            mpl::error_kind::custom_invalid);
  const std::string_view empty_name[] = {"a", ""};
  EXPECT_FALSE(mpl::ssh::name_list::write(mpl::ssh::name_list::value_type{std::span<const std::string_view>(empty_name)},
                                          mpl::mutable_bytes{out2.data(), out2.size()})
                   .ok());
}

TEST(SshPadding, BlockSizeRule) {
  EXPECT_EQ(mpl::ssh::padding_length(0), 11u);   // 5 + 11 = 16
  EXPECT_EQ(mpl::ssh::padding_length(3), 8u);    // 8 + 8 = 16; 0 would be < 4
  EXPECT_EQ(mpl::ssh::padding_length(7), 4u);    // 12 + 4 = 16
  EXPECT_EQ(mpl::ssh::padding_length(1, 16), 10u);
  for (std::size_t p = 0; p < 100; ++p) {
    for (std::size_t bs : {8u, 16u, 32u}) {
      const std::size_t pad = mpl::ssh::padding_length(p, bs);
      EXPECT_GE(pad, 4u);
      EXPECT_EQ((5 + p + pad) % bs, 0u);
    }
  }
}

// The views of the result point into `s`: callers keep it alive.
mpl::result<mpl::ssh_version_line> parse_line(std::string_view s, bool bare_lf = false) {
  return mpl::ssh_version_line::parse(mpl::bytes_of(s), bare_lf);
}

TEST(SshVersionLine, ParsesTheRfcForm) {
  auto v = parse_line("SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\nrest");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->proto_version, "2.0");
  EXPECT_EQ(v->software_version, "OpenSSH_9.6p1");
  EXPECT_TRUE(v->has_comments);
  EXPECT_EQ(v->comments, "Ubuntu-3ubuntu13");
  EXPECT_EQ(v->parsed_size, 40u);
  EXPECT_EQ(v->size(), 40u);
  EXPECT_EQ(v->identification_size(), 38u);
  // Written back, the same bytes.
  char out[64];
  auto w = v->write(mpl::mutable_bytes{reinterpret_cast<std::uint8_t*>(out), sizeof out});
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(std::string(out, *w), "SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13\r\n");
  // RFC 4253 forbids '-' in the software version, but servers send it (and
  // OpenSSH accepts it): the protocol version ends at the first '-'.
  auto hpn = parse_line("SSH-2.0-OpenSSH_6.6p1-hpn14v4 x-y\r\n");
  ASSERT_TRUE(hpn.ok()) << hpn.error().describe();
  EXPECT_EQ(hpn->proto_version, "2.0");
  EXPECT_EQ(hpn->software_version, "OpenSSH_6.6p1-hpn14v4");
  EXPECT_EQ(hpn->comments, "x-y");
  auto again = hpn->write(mpl::mutable_bytes{reinterpret_cast<std::uint8_t*>(out), sizeof out});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(std::string(out, *again), "SSH-2.0-OpenSSH_6.6p1-hpn14v4 x-y\r\n");
  auto cisco = parse_line("SSH-1.99-Cisco-1.25\r\n");
  ASSERT_TRUE(cisco.ok());
  EXPECT_EQ(cisco->proto_version, "1.99");
  EXPECT_EQ(cisco->software_version, "Cisco-1.25");
  auto ok = parse_line("SSH-1.99-Cisco_1.25\r\n");
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->proto_version, "1.99");
  EXPECT_FALSE(ok->has_comments);
}

TEST(SshVersionLine, Limits) {
  EXPECT_EQ(parse_line("SSH-2.0-x").error().kind, mpl::error_kind::truncated);  // read more
  EXPECT_EQ(parse_line("SSH-2.0-x\n").error().kind, mpl::error_kind::custom_invalid);
  EXPECT_TRUE(parse_line("SSH-2.0-x\n", true).ok());
  EXPECT_EQ(parse_line("HTTP/1.1 200 OK\r\n").error().kind, mpl::error_kind::const_mismatch);
  EXPECT_EQ(parse_line("SSH-2.0-\r\n").error().kind, mpl::error_kind::custom_invalid);
  EXPECT_EQ(parse_line("SSH--x\r\n").error().kind, mpl::error_kind::custom_invalid);
  EXPECT_EQ(parse_line(std::string("SSH-2.0-a\tb\r\n")).error().kind, mpl::error_kind::custom_invalid);
  EXPECT_EQ(parse_line(std::string("SSH-2.0-a\0b\r\n", 13)).error().kind, mpl::error_kind::custom_invalid);
  // 255 bytes with CR LF is the longest line.
  const std::string longest = "SSH-2.0-x " + std::string(255 - 12, 'c') + "\r\n";
  ASSERT_EQ(longest.size(), 255u);
  EXPECT_TRUE(parse_line(longest).ok());
  const std::string too_long = "SSH-2.0-x " + std::string(255 - 11, 'c') + "\r\n";
  EXPECT_EQ(parse_line(too_long).error().kind, mpl::error_kind::limit_exceeded);
  EXPECT_EQ(parse_line(std::string(300, 'S').replace(0, 4, "SSH-")).error().kind, mpl::error_kind::limit_exceeded);
  // Truncation at every length of a valid line: never accepted.
  const std::string line = "SSH-2.0-OpenSSH_8.1 c\r\n";
  for (std::size_t n = 0; n < line.size(); ++n) {
    const std::vector<std::uint8_t> cut(line.begin(), line.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(mpl::ssh_version_line::parse(mpl::bytes{cut.data(), cut.size()}).ok()) << n;
  }
  // Writing refuses what parsing refuses.
  mpl::ssh_version_line bad{.proto_version = "2-0", .software_version = "ab"};
  std::uint8_t out[64];
  EXPECT_EQ(bad.write(out).error().kind, mpl::error_kind::custom_invalid);
  mpl::ssh_version_line spaced{.proto_version = "2.0", .software_version = "a b"};
  EXPECT_EQ(spaced.write(out).error().kind, mpl::error_kind::custom_invalid);
  mpl::ssh_version_line small{.proto_version = "2.0", .software_version = "x"};
  std::uint8_t tiny[4];
  EXPECT_EQ(small.write(tiny).error().kind, mpl::error_kind::buffer_too_small);
}

}  // namespace
