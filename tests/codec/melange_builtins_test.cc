// The original Melange compiler's built-in types (issue 14,
// tests/codec/melange_builtins.mpl): a spec uses string8, string32, mpint,
// boolean, dns_label and dns_label_comp without declaring them; each
// round-trips through builder and parser, and malformed values are refused.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "melange_builtins.h"

namespace {

namespace mb = melange_builtins;
using Bytes = std::vector<std::uint8_t>;

template <class Builder>
Bytes write(const Builder& b) {
  Bytes out(b.size(), 0);
  auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});
  EXPECT_TRUE(w.ok()) << w.error().describe();
  return out;
}

mpl::bytes as_bytes(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }
std::string text(mpl::bytes b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }

TEST(MelangeBuiltins, String32AndMpintRoundTrip) {
  const std::uint8_t f[] = {0x00, 0x80, 0x01};  // positive, high bit set: a leading zero byte
  mb::kexdh_reply::builder b;
  b.host_key = as_bytes("ssh-ed25519 key");
  b.f = mpl::ssh::mpint::value_type::from_twos_complement(mpl::bytes{f, sizeof f});
  b.signature = as_bytes("");
  const Bytes out = write(b);
  // 1 + (4 + 15) + (4 + 3) + (4 + 0)
  ASSERT_EQ(out.size(), 31u);
  EXPECT_EQ(out[4], 15);  // big-endian uint32 length of host_key
  auto v = mb::kexdh_reply::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(text(v->host_key()), "ssh-ed25519 key");
  EXPECT_EQ(Bytes(v->f().twos_complement().begin(), v->f().twos_complement().end()), Bytes(f, f + sizeof f));
  EXPECT_TRUE(v->signature().empty());
  EXPECT_EQ(write(mb::kexdh_reply::builder::from(*v)), out);

  // A string32 length past the end is a truncation at the field.
  Bytes bad = out;
  bad[4] = 200;
  auto r = mb::kexdh_reply::parse(mpl::bytes{bad.data(), bad.size()});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, mpl::error_kind::truncated);
  EXPECT_EQ(r.error().offset, 5u);
}

TEST(MelangeBuiltins, String8RoundTripsAndRefusesTooLongValues) {
  mb::txt::builder b;
  b.text = as_bytes("v=spf1");
  b.more = as_bytes("");
  const Bytes out = write(b);
  ASSERT_EQ(out, (Bytes{6, 'v', '=', 's', 'p', 'f', '1', 0}));
  auto v = mb::txt::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(text(v->text()), "v=spf1");
  EXPECT_TRUE(v->more().empty());

  const std::string long_text(256, 'x');
  b.text = as_bytes(long_text);
  Bytes big(b.size() + 16, 0);
  auto w = b.write(mpl::mutable_bytes{big.data(), big.size()});
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::limit_exceeded);

  // Truncated at every length: never accepted.
  for (std::size_t n = 0; n < out.size(); ++n) {
    EXPECT_FALSE(mb::txt::parse(mpl::bytes{out.data(), n}).ok()) << n;
  }
}

TEST(MelangeBuiltins, BooleanWritesZeroOrOneAndReadsNonzeroAsTrue) {
  for (bool value : {false, true}) {
    mb::kexinit_tail::builder b;
    b.first_kex_packet_follows = value;
    const Bytes out = write(b);
    ASSERT_EQ(out.size(), 5u);
    EXPECT_EQ(out[0], value ? 1 : 0);
    auto v = mb::kexinit_tail::parse(mpl::bytes{out.data(), out.size()});
    ASSERT_TRUE(v.ok());
    EXPECT_EQ(v->first_kex_packet_follows(), value);
  }
  // RFC 4251 §5: any non-zero byte is true; it is rebuilt as 1.
  const Bytes wire = {0x2a, 0, 0, 0, 0};
  auto v = mb::kexinit_tail::parse(mpl::bytes{wire.data(), wire.size()});
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->first_kex_packet_follows());
  EXPECT_EQ(write(mb::kexinit_tail::builder::from(*v)), (Bytes{1, 0, 0, 0, 0}));
  EXPECT_FALSE(mb::kexinit_tail::parse(mpl::bytes{wire.data(), 0}).ok());
}

TEST(MelangeBuiltins, DnsLabelsRoundTrip) {
  mb::question::builder q;
  q.qname = "www.example.com";
  q.qtype = 1;
  q.qclass = 1;
  const Bytes out = write(q);
  ASSERT_EQ(out.size(), 17u + 4u);
  auto v = mb::question::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->qname().to_string(), "www.example.com");
  EXPECT_EQ(v->qtype(), 1);

  mb::plain_question::builder p;
  p.qname = "example.org";
  p.qtype = 28;
  const Bytes plain = write(p);
  auto pv = mb::plain_question::parse(mpl::bytes{plain.data(), plain.size()});
  ASSERT_TRUE(pv.ok()) << pv.error().describe();
  EXPECT_EQ(pv->qname().to_string(), "example.org");
  EXPECT_EQ(pv->qtype(), 28);
}

}  // namespace
