// Zone loading: the test zones load into the lookup tables, and zones that
// cannot load are refused with one line naming file:line.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "test_util.h"

namespace dns_server::test {
namespace {

const zone& example_test() { return test_zones().at(0); }

const node* find(const zone& z, const char* text) {
  std::vector<std::uint8_t> wire(300);
  mpl::write_context ctx;
  auto n = mpl::dns_name::write(mpl::dns::name_value(text), ctx, wire);
  if (!n) return nullptr;
  name_key k;
  if (!k.assign(*mpl::dns::parse_name(mpl::bytes(wire.data(), *n), 0))) return nullptr;
  return z.find(k.view());
}

TEST(ZoneLoad, ApexHasSoaNsAndNegativeTtl) {
  const zone& z = example_test();
  ASSERT_NE(z.apex, nullptr);
  ASSERT_NE(z.soa, nullptr);
  EXPECT_EQ(z.negative_ttl, 300u);  // min(3600, 300)
  ASSERT_NE(z.apex->find(rrtype::NS), nullptr);
  EXPECT_EQ(z.apex->find(rrtype::NS)->records.size(), 2u);
  EXPECT_FALSE(z.apex->delegation);
}

TEST(ZoneLoad, NamesAreCaseInsensitiveKeys) {
  const node* n = find(example_test(), "WWW2.EXAMPLE.TEST");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->name.to_string(), "WwW2.example.test");  // spelling kept
  EXPECT_NE(n->find(rrtype::CNAME), nullptr);
}

TEST(ZoneLoad, EmptyNonTerminalsExist) {
  for (const char* ent : {"b.c.deep.example.test", "c.deep.example.test", "deep.example.test", "_tcp.example.test"}) {
    const node* n = find(example_test(), ent);
    ASSERT_NE(n, nullptr) << ent;
    EXPECT_TRUE(n->empty()) << ent;
  }
}

TEST(ZoneLoad, DelegationsAndGlue) {
  const node* sub = find(example_test(), "sub.example.test");
  ASSERT_NE(sub, nullptr);
  EXPECT_TRUE(sub->delegation);
  ASSERT_NE(sub->find(rrtype::NS), nullptr);
  // The in-zone NS target's addresses are resolved for the additional section.
  EXPECT_EQ(sub->find(rrtype::NS)->additional.size(), 1u);
  EXPECT_NE(find(example_test(), "ns.sub.example.test"), nullptr);
}

TEST(ZoneLoad, EveryTypeOfTheZoneLoads) {
  const zone& z = example_test();
  const std::pair<const char*, std::uint16_t> expected[] = {
      {"example.test", 257},  {"example.test", 48},  {"example.test", 47},     {"example.test", 51},
      {"host.example.test", 13}, {"host.example.test", 44}, {"naptr.example.test", 35},
      {"generic.example.test", 65280}, {"_sip._tcp.example.test", 33}, {"www.example.test", 46},
      {"sub.example.test", 43}, {"included.example.test", 1}, {"4.2.0.192.in-addr.example.test", 12},
      {"txt.example.test", 16}};
  for (const auto& [name, type] : expected) {
    const node* n = find(z, name);
    ASSERT_NE(n, nullptr) << name;
    EXPECT_NE(n->find(type), nullptr) << name << " type " << type;
  }
  EXPECT_EQ(find(z, "txt.example.test")->find(16)->records.size(), 3u);
  // NSEC3 owners load but are not names of the zone (RFC 5155 §7.2.8).
  EXPECT_EQ(find(z, "2vptu5timamqttgl4luu9kg21e0aor3s.example.test"), nullptr);
  ASSERT_EQ(z.hidden.size(), 1u);
  EXPECT_NE(z.hidden[0]->find(rrtype::NSEC3), nullptr);
  EXPECT_EQ(find(z, "www.example.test")->find(1)->records.size(), 2u);
}

std::string load_error(const std::string& text, const char* origin = "bad.test") {
  const std::string path = ::testing::TempDir() + "/bad.zone";
  std::ofstream(path) << text;
  std::string error;
  auto z = load_zone(origin, path, error);
  EXPECT_EQ(z, nullptr);
  return error.substr(error.find("bad.zone"));
}

TEST(ZoneLoadErrors, NameFileAndLine) {
  const std::string soa = "$ORIGIN bad.test.\n@ 60 SOA a. b. 1 2 3 4 5\n";
  EXPECT_EQ(load_error(soa + "\nwww A 999.1.1.1\n"), "bad.zone:4: Syntax error, could not parse the RR's rdata");
  EXPECT_EQ(load_error(soa + "www A 192.0.2.1\nwww CNAME x\n"), "bad.zone:4: a CNAME cannot share its name with other data");
  EXPECT_EQ(load_error(soa + "www.other. A 192.0.2.1\n"), "bad.zone:3: owner www.other. is outside the zone bad.test");
  EXPECT_EQ(load_error("$ORIGIN bad.test.\nwww 60 A 192.0.2.1\n"),
            "bad.zone:1: the zone bad.test needs exactly one SOA record at its apex");
  const std::string include = load_error(soa + "$INCLUDE no-such-file\n");
  EXPECT_EQ(include.substr(0, 21), "bad.zone:3: $INCLUDE ");
  EXPECT_NE(include.find("no-such-file: cannot open: No such file or directory"), std::string::npos);
}

TEST(ZoneLoadErrors, MissingFile) {
  std::string error;
  EXPECT_EQ(load_zone("x.test", "/nonexistent/zone", error), nullptr);
  EXPECT_EQ(error, "/nonexistent/zone: cannot open: No such file or directory");
}

}  // namespace
}  // namespace dns_server::test
