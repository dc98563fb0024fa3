// write() checks the record data against the arguments parse() hands
// dns_rdata(rtype, rdlength): the record's type and the rdlength that
// dns_rr computes while writing (issue 14, "Soundness"). The property test
// (tests/property, seed 2) found an NS record whose data was another case:
// parse() read its one byte as the length of a 63-byte label and then a
// compression pointer out of the record ("compression pointer does not
// point to a name before it").
#include <gtest/gtest.h>

#include <mpl/dns.h>

#include <vector>

#include "dns.h"

namespace {

namespace rr = dns::dns_rr;
namespace rd = dns::dns_rdata;

using Bytes = std::vector<std::uint8_t>;

template <typename Builder>
mpl::result<std::size_t> write(const Builder& b, Bytes& out) {
  out.assign(b.size(), 0);
  return b.write(mpl::mutable_bytes{out.data(), out.size()});
}

TEST(DnsRdataArguments, TheCaseMustBeTheOneTheTypeSelects) {
  const std::uint8_t one_byte[] = {0x3F};
  rr::builder b{.name = "example.com", .type = rr::type_t::NS,
                .body = rr::Record{.rclass = 1, .ttl = 60, .rdata = {.body = rd::Other{.data = mpl::bytes{one_byte}}}}};
  Bytes out;
  auto w = write(b, out);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::no_branch_matched);
  EXPECT_STREQ(w.error().field, "dns_rdata.classify");
  EXPECT_EQ(w.error().found, 2u);  // the type, NS

  // The type the data is for writes, and parses back as that case.
  b.type = static_cast<rr::type_t>(990);
  ASSERT_TRUE(write(b, out).ok());
  auto v = rr::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  ASSERT_TRUE(v->as_Record()->rdata().as_Other());
  EXPECT_EQ(v->as_Record()->rdata().as_Other()->data().size(), 1u);
}

TEST(DnsRdataArguments, TheEmptyCaseNeedsNoData) {
  // rdlength == 0 selects Empty (RFC 2136 prerequisites) before the type's
  // own case, so an A record with no address is Empty, and Empty with data
  // (here in `extra`) is refused.
  rr::builder b{.name = "example.com", .type = rr::type_t::A, .body = rr::Record{.rclass = 1, .ttl = 0}};
  std::get<rr::Record>(b.body).rdata.body = rd::Empty{};
  Bytes out;
  ASSERT_TRUE(write(b, out).ok());
  const std::uint8_t junk[] = {1, 2};
  std::get<rr::Record>(b.body).rdata.extra = mpl::bytes{junk};
  auto w = write(b, out);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::guard_failed);
  EXPECT_STREQ(w.error().field, "dns_rdata.classify");
}

TEST(DnsRdataArguments, SizesOverRdlengthAreChecked) {
  // DNSKEY's public_key is byte[rdlength - 4], and `extra` takes what the
  // layout does not explain: with bytes in `extra`, parse() would read
  // them as part of the key.
  const std::uint8_t key[] = {1, 2, 3, 4, 5};
  const std::uint8_t more[] = {6};
  rr::builder b{.name = "example.com", .type = rr::type_t::DNSKEY,
                .body = rr::Record{.rclass = 1, .ttl = 60,
                                   .rdata = {.body = rd::DNSKEY{.flags = 257, .protocol = 3, .algorithm = 8,
                                                                .public_key = mpl::bytes{key}},
                                             .extra = mpl::bytes{more}}}};
  Bytes out;
  auto w = write(b, out);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::bad_length);
  EXPECT_STREQ(w.error().field, "dns_rdata.public_key");
  EXPECT_EQ(w.error().found, 6u);  // rdlength - 4: what parse() would read
  EXPECT_EQ(w.error().lo, 5u);     // what was given

  std::get<rr::Record>(b.body).rdata.extra = {};
  ASSERT_TRUE(write(b, out).ok());
  auto v = rr::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->as_Record()->rdata().as_DNSKEY()->public_key().size(), 5u);
}

TEST(DnsRdataArguments, AnRdataWrittenAloneIsCheckedAgainstItsOwnParameters) {
  // Its rtype and rdlength members are the arguments parse() must be given.
  rd::builder b{.rtype = 1, .rdlength = 4, .body = rd::A{.address = {10, 0, 0, 1}}};
  Bytes out;
  ASSERT_TRUE(write(b, out).ok());
  auto v = rd::parse(mpl::bytes{out.data(), out.size()}, 1, 4);
  ASSERT_TRUE(v.ok()) << v.error().describe();
  ASSERT_TRUE(v->as_A());
  b.rdlength = 5;  // parse() would read one byte more, into `extra`
  auto w = write(b, out);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::bad_length);
  EXPECT_STREQ(w.error().field, "dns_rdata.extra");
}

}  // namespace
