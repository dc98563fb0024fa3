// libFuzzer target for the query path: any bytes as a query over UDP and
// over TCP, with and without the answer cache. Every response must parse
// with the generated parser, fit the transport's limit, carry the query's
// id, and the cached path must give the same rcode and section counts as
// the fresh one.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "answer.h"
#include "cache.h"
#include "zone_loader.h"

namespace {

const dns_server::zone_set& zones() {
  static const dns_server::zone_set z = [] {
    dns_server::zone_set set;
    for (const char* origin : {"example.test", "example.net"}) {
      std::string error;
      auto loaded = dns_server::load_zone(origin, std::string(DNS_TEST_ZONES) + "/" + origin + ".zone", error);
      if (!loaded) std::abort();
      set.add(std::move(loaded));
    }
    return set;
  }();
  return z;
}

struct summary {
  unsigned rcode, an, ns, ar;
};

summary check(mpl::bytes query, mpl::bytes response, std::size_t limit) {
  if (response.size() > limit) std::abort();
  auto m = dns_server::msg::parse(response);
  if (!m || m->size() != response.size() || m->qr() != 1) std::abort();
  if (query.size() >= 2 && m->id() != (query[0] << 8 | query[1])) std::abort();
  return {static_cast<unsigned>(m->rcode()), m->ancount(), m->nscount(), m->arcount()};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static dns_server::answer_cache cache(256);
  static dns_server::responder fresh(zones());
  static dns_server::responder cached(zones(), &cache);
  static std::vector<std::uint8_t> a(dns_server::max_response), b(dns_server::max_response);
  const mpl::bytes query(data, size);
  for (auto via : {dns_server::transport::udp, dns_server::transport::tcp}) {
    const std::size_t limit = via == dns_server::transport::udp ? dns_server::our_udp_payload : dns_server::max_response;
    const std::size_t n = fresh.answer(query, via, a);
    const std::size_t m = cached.answer(query, via, b);
    if ((n == 0) != (m == 0)) std::abort();
    if (n == 0) continue;
    const summary x = check(query, mpl::bytes(a.data(), n), limit);
    const summary y = check(query, mpl::bytes(b.data(), m), limit);
    if (x.rcode != y.rcode || x.an != y.an || x.ns != y.ns || x.ar != y.ar) std::abort();
  }
  return 0;
}
