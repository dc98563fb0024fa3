// Shared by the dns_server unit tests: the test zones loaded once, queries
// built and responses read with the generated codec.
#ifndef DNS_SERVER_TEST_UTIL_H_
#define DNS_SERVER_TEST_UTIL_H_

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "answer.h"
#include "zone_loader.h"

namespace dns_server::test {

inline const zone_set& test_zones() {
  static const zone_set zones = [] {
    zone_set z;
    for (const char* origin : {"example.test", "example.net"}) {
      std::string error;
      auto loaded = load_zone(origin, std::string(DNS_TEST_ZONES) + "/" + origin + ".zone", error);
      if (!loaded) throw std::runtime_error(error);
      z.add(std::move(loaded));
    }
    return z;
  }();
  return zones;
}

struct query_options {
  std::uint16_t id = 0x1234;
  bool edns = false;
  std::uint16_t udp_size = 1232;
  std::uint8_t version = 0;
  std::uint8_t dnssec_ok = 0;
  msg::opcode_t opcode = msg::opcode_t::Query;
  std::uint16_t qclass = class_in;
};

inline std::vector<std::uint8_t> make_query(const char* name, std::uint16_t qtype, query_options o = {}) {
  std::array<msg::questions_element_builder, 1> q{{{.qname = name, .qtype = qtype, .qclass = o.qclass}}};
  std::array<msg::additional_element_builder, 1> opt{};
  opt[0].rr.type = rr::type_t::OPT;
  opt[0].rr.body = rr::Opt{.udp_payload_size = o.udp_size, .version = o.version, .dnssec_ok = o.dnssec_ok};
  msg::builder b{.id = o.id, .opcode = o.opcode, .rd = 1, .questions = q};
  if (o.edns) b.additional = opt;
  std::vector<std::uint8_t> out(b.size());
  if (!b.write(out)) throw std::runtime_error("query does not build");
  return out;
}

// One record of a response, as text the tests compare.
struct record {
  std::string name;
  std::uint16_t type;
  std::uint32_t ttl;
  std::vector<std::uint8_t> rdata;  // as on the wire (names possibly compressed)
};

struct response {
  std::vector<std::uint8_t> wire;
  std::uint16_t id = 0;
  bool aa = false, tc = false, rd = false;
  unsigned rcode = 0;  // with the OPT's extended bits
  std::vector<record> answers, authority, additional;
  bool has_opt = false;
  std::uint16_t opt_size = 0;
  std::uint8_t opt_do = 0;

  std::size_t count(const std::vector<record>& section, std::uint16_t type) const {
    std::size_t n = 0;
    for (const record& r : section) n += r.type == type;
    return n;
  }
};

inline void read_section(const auto& range, std::vector<record>& out, response& r) {
  for (const auto& e : range) {
    const auto& x = e.rr();
    if (auto opt = x.as_Opt()) {
      r.has_opt = true;
      r.opt_size = opt->udp_payload_size();
      r.opt_do = opt->dnssec_ok();
      r.rcode |= unsigned{opt->extended_rcode()} << 4;
      continue;
    }
    auto rec = x.as_Record();
    const mpl::bytes data = rec->rdata().bytes();
    out.push_back({x.name().to_string(), static_cast<std::uint16_t>(x.type()), rec->ttl(), {data.begin(), data.end()}});
  }
}

// Answers `query` (UDP unless told) and parses the response; nothing if
// there is no response. A response the codec cannot parse fails the test.
inline std::optional<response> ask(responder& server, const std::vector<std::uint8_t>& query,
                                   transport via = transport::udp) {
  std::vector<std::uint8_t> out(max_response);
  const std::size_t n = server.answer(mpl::bytes(query.data(), query.size()), via, out);
  if (n == 0) return std::nullopt;
  response r;
  r.wire.assign(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n));
  auto m = msg::parse(mpl::bytes(r.wire.data(), r.wire.size()));
  if (!m) throw std::runtime_error("response does not parse: " + m.error().describe());
  if (m->size() != n) throw std::runtime_error("response has trailing bytes");
  r.id = m->id();
  r.aa = m->aa();
  r.tc = m->tc();
  r.rd = m->rd();
  r.rcode = static_cast<unsigned>(m->rcode());
  read_section(m->answers(), r.answers, r);
  read_section(m->authority(), r.authority, r);
  read_section(m->additional(), r.additional, r);
  return r;
}

}  // namespace dns_server::test

#endif  // DNS_SERVER_TEST_UTIL_H_
