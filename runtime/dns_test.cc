// DNS names (mpl/dns.h): parsing with compression pointers and each of its
// errors, the zero-copy view, text, comparison, and compressed building
// through the write context (mpl/custom.h).
#include "mpl/dns.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using Bytes = std::vector<std::uint8_t>;
using mpl::dns::name_error;

// A message: a 12-byte header of zeros followed by `body`.
Bytes message(std::initializer_list<std::uint8_t> body) {
  Bytes m(12, 0);
  m.insert(m.end(), body);
  return m;
}

name_error parse_error(const Bytes& m, std::size_t offset) {
  auto r = mpl::dns::parse_name(m, offset);
  return r.ok() ? name_error::none : mpl::dns::name_error_of(r.error());
}

TEST(DnsName, ParsesPlainAndCompressedNames) {
  // 12: "example.com", 25: "www" + pointer to 12, 31: pointer to 25.
  const Bytes m = message({7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,  //
                           3, 'w', 'w', 'w', 0xC0, 12,                                //
                           0xC0, 25});
  auto a = mpl::dns::parse_name(m, 12);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->wire().size(), 13u);
  EXPECT_EQ(a->to_string(), "example.com");
  auto b = mpl::dns::parse_name(m, 25);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->wire().size(), 6u);
  EXPECT_EQ(b->to_string(), "www.example.com");
  EXPECT_EQ(b->label_count(), 3u);
  EXPECT_EQ(b->wire_length(), 17u);
  auto c = mpl::dns::parse_name(m, 31);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->wire().size(), 2u);
  EXPECT_TRUE(*c == *b);
  EXPECT_FALSE(*c == *a);
  EXPECT_TRUE(c->equals("WWW.Example.COM"));
  EXPECT_TRUE(c->equals("www.example.com."));
  EXPECT_FALSE(c->equals("www.example.co"));
  EXPECT_FALSE(c->equals("www.example.com.x"));
}

// extent() (what iterating an array reads) agrees with validate() on every
// name validate() accepts, and stays inside its bytes on any others.
TEST(DnsName, ExtentIsWhatValidationMeasured) {
  const Bytes m = message({7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,  //
                           3, 'w', 'w', 'w', 0xC0, 12,                                //
                           0xC0, 25,                                                  //
                           0,                                                         //
                           63, 'x'});
  std::size_t accepted = 0;
  for (std::size_t at = 12; at <= m.size(); ++at) {
    const mpl::bytes rest{m.data() + at, m.size() - at};
    const std::size_t extent = mpl::dns_name::extent(rest);
    EXPECT_LE(extent, rest.size()) << at;
    auto n = mpl::dns::parse_name(m, at);
    if (!n.ok()) continue;
    ++accepted;
    EXPECT_EQ(extent, n->wire().size()) << at;
  }
  EXPECT_GE(accepted, 4u);  // 12, 25, 31 and the root at 33 at least
}

TEST(DnsName, RootAndEscapes) {
  const Bytes m = message({0, 3, 'a', '.', 'b', 2, 0x01, '\\', 0});
  auto root = mpl::dns::parse_name(m, 12);
  ASSERT_TRUE(root.ok());
  EXPECT_TRUE(root->is_root());
  EXPECT_EQ(root->to_string(), ".");
  EXPECT_TRUE(root->equals("."));
  EXPECT_TRUE(root->equals(""));
  auto odd = mpl::dns::parse_name(m, 13);
  ASSERT_TRUE(odd.ok());
  EXPECT_EQ(odd->to_string(), "a\\.b.\\001\\\\");
  EXPECT_TRUE(odd->equals("a\\.b.\\001\\\\"));
  // to_chars: snprintf's contract, no allocation.
  char small[5];
  EXPECT_EQ(odd->to_chars(small, sizeof small), 11u);
  EXPECT_STREQ(small, "a\\.b");
}

TEST(DnsName, EachMalformedNameHasItsOwnError) {
  // Pointer to itself (forward or self) and to a later byte.
  EXPECT_EQ(parse_error(message({0xC0, 12}), 12), name_error::pointer_forward);
  EXPECT_EQ(parse_error(message({0xC0, 14, 0}), 12), name_error::pointer_forward);
  // A pointer back to bytes whose name runs on past the pointer (here the
  // pointer at 15 is inside the 4-byte label at 12): not a name written
  // before it, so rebuilding could not reproduce it.
  EXPECT_EQ(parse_error(message({4, 'x', 'y', 0xC0, 12, 0}), 15), name_error::pointer_forward);
  // Pointer into the header.
  EXPECT_EQ(parse_error(message({0xC0, 4}), 12), name_error::pointer_into_header);
  // A loop: 12 "a" then pointer (at 14) back to 12, reached again.
  EXPECT_EQ(parse_error(message({1, 'a', 0xC0, 12}), 12), name_error::pointer_loop);
  // Length bytes 0x40-0x7F and 0x80-0xBF.
  EXPECT_EQ(parse_error(message({64, 'a'}), 12), name_error::label_too_long);
  EXPECT_EQ(parse_error(message({0x80, 0}), 12), name_error::reserved_label_type);
  // Truncated: a label running past the end, a missing zero, half a pointer.
  EXPECT_EQ(parse_error(message({5, 'a', 'b'}), 12), name_error::truncated);
  EXPECT_EQ(parse_error(message({1, 'a'}), 12), name_error::truncated);
  EXPECT_EQ(parse_error(message({0xC0}), 12), name_error::truncated);
  // 256 bytes expanded: four 63-byte labels and the zero.
  Bytes long_name(12, 0);
  for (int i = 0; i < 4; ++i) {
    long_name.push_back(63);
    long_name.insert(long_name.end(), 63, 'x');
  }
  long_name.push_back(0);
  EXPECT_EQ(parse_error(long_name, 12), name_error::name_too_long);
  // Three 63-byte labels and one of 61 make exactly 255: accepted.
  long_name.resize(12 + 3 * 64);
  long_name.push_back(61);
  long_name.insert(long_name.end(), 61, 'x');
  long_name.push_back(0);
  EXPECT_EQ(parse_error(long_name, 12), name_error::none);
  // A chain of max_hops + 1 pointers, each to the one before: 12 holds the
  // root, 13 a pointer to 12, 15 a pointer to 13, ...
  Bytes chain = message({0});
  for (std::size_t i = 0; i <= mpl::dns::max_hops; ++i) {
    const std::size_t target = i == 0 ? 12 : chain.size() - 2;
    chain.push_back(static_cast<std::uint8_t>(0xC0 | target >> 8));
    chain.push_back(static_cast<std::uint8_t>(target & 0xFF));
  }
  EXPECT_EQ(parse_error(chain, chain.size() - 2), name_error::too_many_hops);
  EXPECT_EQ(parse_error(chain, chain.size() - 4), name_error::none);  // max_hops pointers: fine
  auto r = mpl::dns::parse_name(chain, chain.size() - 2);
  EXPECT_EQ(r.error().kind, mpl::error_kind::limit_exceeded);
  EXPECT_EQ(r.error().lo, mpl::dns::max_hops);
}

TEST(DnsName, ErrorsCarryOffsetsAndDetails) {
  auto r = mpl::dns::parse_name(message({3, 'a', 'b', 'c', 0xC0, 3}), 12);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, mpl::error_kind::custom_invalid);
  EXPECT_EQ(r.error().offset, 16u);  // the pointer
  EXPECT_EQ(r.error().lo, 3u);       // its target
  EXPECT_EQ(mpl::dns::to_string(mpl::dns::name_error_of(r.error())), "compression pointer into the header");
}

TEST(DnsName, ViewNeverReadsOutsideEvenUnchecked) {
  // A view over bytes nobody validated stops at the first bad byte.
  const Bytes m = message({3, 'a', 'b', 'c', 0xC0, 12});
  mpl::dns::name_view v(m, 12, 6);
  std::size_t labels = 0;
  for (auto label : v) {
    EXPECT_EQ(label.size(), 3u);
    if (++labels > 100) break;
  }
  EXPECT_LE(labels, mpl::dns::max_hops + 1);
  mpl::dns::name_view cut(mpl::bytes(m.data(), 14), 12, 2);  // label runs past the end
  EXPECT_TRUE(cut.is_root());
}

// Writes `names` one after another from offset 12 of a message with one
// write context, as a generated builder does; returns the bytes after the header.
template <class T>
Bytes write_names(const std::vector<std::string>& names, std::size_t* sized = nullptr) {
  Bytes out(12 + 4096, 0);
  std::size_t total = 0;
  {
    mpl::write_context sizing;
    std::size_t pos = 12;
    for (const auto& n : names) pos += mpl::custom_size<T>(std::string_view(n), sizing.at(pos));
    total = pos - 12;
  }
  mpl::write_context ctx(out.data());
  std::size_t pos = 12;
  for (const auto& n : names) {
    auto w = mpl::custom_write<T>(std::string_view(n), ctx.at(pos), mpl::mutable_bytes(out).subspan(pos));
    EXPECT_TRUE(w.ok()) << n << " " << (w.ok() ? "" : w.error().describe());
    if (!w.ok()) return {};
    pos += *w;
  }
  if (sized != nullptr) *sized = total;
  EXPECT_EQ(total, pos - 12);
  out.resize(pos);
  return Bytes(out.begin() + 12, out.end());
}

TEST(DnsNameBuild, CompressesAgainstEarlierSuffixes) {
  const Bytes got = write_names<mpl::dns_name>({"example.com", "www.example.com", "www.example.com", "mail.Example.com",
                                                "com", "org", "."});
  const Bytes want = {7,    'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,  // 12
                      3,    'w', 'w', 'w', 0xC0, 12,                               // 25
                      0xC0, 25,                                                    // 31
                      4,    'm', 'a', 'i', 'l', 7, 'E', 'x', 'a', 'm', 'p', 'l', 'e', 0xC0, 20,  // case kept
                      0xC0, 20,                                                    // "com"
                      3,    'o', 'r', 'g', 0,                                      // no suffix shared
                      0};                                                          // the root
  EXPECT_EQ(got, want);
}

TEST(DnsNameBuild, UncompressedWritesEveryLabelButIsATarget) {
  std::vector<std::string> names = {"a.example", "a.example"};
  EXPECT_EQ(write_names<mpl::dns_name_uncompressed>(names),
            (Bytes{1, 'a', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0, 1, 'a', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 0}));
  // A compressed name after an uncompressed one points into it.
  Bytes out(64, 0);
  mpl::write_context ctx(out.data());
  auto w1 = mpl::dns_name_uncompressed::write("a.example", ctx.at(12), mpl::mutable_bytes(out).subspan(12));
  ASSERT_TRUE(w1.ok());
  auto w2 = mpl::dns_name::write("b.example", ctx.at(12 + *w1), mpl::mutable_bytes(out).subspan(12 + *w1));
  ASSERT_TRUE(w2.ok());
  EXPECT_EQ(*w2, 4u);
  EXPECT_EQ(out[12 + *w1 + 2], 0xC0);
  EXPECT_EQ(out[12 + *w1 + 3], 14);
}

TEST(DnsNameBuild, EscapesAndParsedNames) {
  const Bytes got = write_names<mpl::dns_name>({"a\\.b.\\065c", "x.a\\.b.Ac"});
  EXPECT_EQ(got, (Bytes{3, 'a', '.', 'b', 2, 'A', 'c', 0, 1, 'x', 0xC0, 12}));
  // A name_value made from a parsed name writes its labels.
  const Bytes m = message({3, 'c', 'o', 'm', 0, 3, 'w', 'w', 'w', 0xC0, 12});
  auto parsed = mpl::dns::parse_name(m, 17);
  ASSERT_TRUE(parsed.ok());
  std::array<std::uint8_t, 32> out{};
  mpl::write_context ctx(out.data());
  auto w = mpl::dns_name::write(*parsed, ctx.at(0), out);
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(Bytes(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(*w)),
            (Bytes{3, 'w', 'w', 'w', 3, 'c', 'o', 'm', 0}));
}

TEST(DnsNameBuild, RejectsBadText) {
  auto error_of = [](std::string_view text) {
    std::array<std::uint8_t, 512> out{};
    mpl::write_context ctx(out.data());
    auto w = mpl::dns_name::write(text, ctx.at(12), out);
    return w.ok() ? name_error::none : mpl::dns::name_error_of(w.error());
  };
  EXPECT_EQ(error_of("a..b"), name_error::empty_label);
  EXPECT_EQ(error_of(".a"), name_error::empty_label);
  EXPECT_EQ(error_of(std::string(64, 'x')), name_error::label_too_long);
  EXPECT_EQ(error_of(std::string(63, 'x')), name_error::none);
  std::string long_name;
  for (int i = 0; i < 4; ++i) long_name += std::string(63, 'x') + ".";
  EXPECT_EQ(error_of(long_name), name_error::name_too_long);
  EXPECT_EQ(error_of("a\\"), name_error::bad_escape);
  EXPECT_EQ(error_of("a\\25"), name_error::bad_escape);
  EXPECT_EQ(error_of("a\\256"), name_error::bad_escape);
  // Out of room: buffer_too_small, nothing past the end.
  std::array<std::uint8_t, 4> tiny{};
  mpl::write_context ctx(tiny.data());
  auto w = mpl::dns_name::write("abcdef", ctx.at(0), tiny);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::buffer_too_small);
}

TEST(DnsNameBuild, TableIsBoundedAndPointersReachOnly16K) {
  // More distinct names than the table holds: still correct, later ones
  // simply stop being compression targets.
  std::vector<std::string> names;
  for (int i = 0; i < 300; ++i) names.push_back("n" + std::to_string(i) + ".z");
  names.push_back("n299.z");
  std::size_t sized = 0;
  const Bytes got = write_names<mpl::dns_name>(names, &sized);
  ASSERT_FALSE(got.empty());
  Bytes m(12, 0);
  m.insert(m.end(), got.begin(), got.end());
  std::size_t at = 12;
  for (const auto& n : names) {
    auto v = mpl::dns::parse_name(m, at);
    ASSERT_TRUE(v.ok()) << n;
    EXPECT_TRUE(v->equals(n));
    at += v->wire().size();
  }
  EXPECT_EQ(at, m.size());
}

TEST(CustomContext, OneStateTypePerPacket) {
  mpl::write_context ctx;
  struct other {
    int x = 7;
  };
  auto* t = ctx.state<mpl::dns::compression_table>();
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->count, 0u);
  EXPECT_EQ(ctx.state<mpl::dns::compression_table>(), t);
  EXPECT_EQ(ctx.state<other>(), nullptr);
  mpl::write_context fresh;
  ASSERT_NE(fresh.state<other>(), nullptr);
  EXPECT_EQ(fresh.state<other>()->x, 7);
  // dns_name without its table (another type holds the scratch) writes uncompressed.
  std::array<std::uint8_t, 64> out{};
  mpl::write_context busy(out.data());
  (void)busy.state<other>();
  auto w1 = mpl::dns_name::write("a.b", busy.at(12), mpl::mutable_bytes(out).subspan(12));
  auto w2 = mpl::dns_name::write("a.b", busy.at(17), mpl::mutable_bytes(out).subspan(17));
  ASSERT_TRUE(w1.ok() && w2.ok());
  EXPECT_EQ(*w2, 5u);
}

// An old-style custom type (no context parameters) still works through the dispatchers.
struct old_style {
  using value_type = std::uint8_t;
  static mpl::result<std::size_t> validate(mpl::bytes b) {
    if (b.empty()) return mpl::make_error(mpl::error_kind::truncated, 0, "", 0, 1);
    return std::size_t{1};
  }
  static std::uint8_t view(mpl::bytes b) { return b[0]; }
  static std::size_t size(const value_type&) { return 1; }
  static mpl::result<std::size_t> write(const value_type& v, mpl::mutable_bytes out) {
    if (out.empty()) return mpl::make_error(mpl::error_kind::buffer_too_small, 0, "", 0, 1);
    out[0] = v;
    return std::size_t{1};
  }
};

TEST(CustomContext, ContextFreeTypesStillWork) {
  const std::uint8_t data[] = {9, 8};
  const mpl::custom_context cctx(mpl::bytes(data), 1);
  EXPECT_EQ(cctx.offset(), 1u);
  auto n = mpl::custom_validate<old_style>(cctx, mpl::bytes(data).subspan(1));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1u);
  EXPECT_EQ(mpl::custom_view<old_style>(cctx, mpl::bytes(data).subspan(1)), 8);
  std::uint8_t out[1] = {};
  mpl::write_context ctx(out);
  EXPECT_EQ(mpl::custom_size<old_style>(std::uint8_t{5}, ctx), 1u);
  EXPECT_TRUE(mpl::custom_write<old_style>(std::uint8_t{5}, ctx, out).ok());
  EXPECT_EQ(out[0], 5);
  const mpl::error e = mpl::custom_error(mpl::make_error(mpl::error_kind::custom_invalid, 3, ""), "x.y");
  EXPECT_STREQ(e.field, "x.y");
  EXPECT_STREQ(mpl::custom_error(mpl::make_error(mpl::error_kind::custom_invalid, 3, "own"), "x.y").field, "own");
}

}  // namespace
