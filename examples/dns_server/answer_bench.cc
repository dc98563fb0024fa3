// Where a query's CPU time goes without the sockets: the query path
// (responder::answer) timed in a loop over a dnsperf query file, split into
// the generated parse of the query alone, the whole answer with the cache
// off (parse + lookup + build), and with the cache on. Subtracting these
// from the CPU per query of the server under dnsperf leaves the system calls
// and the event loop (docs/dns-server.md, Performance).
//
//   dns_server_answer_bench ORIGIN=ZONEFILE QUERYFILE [ROUNDS]
#include <time.h>

#include <array>
#include <cstdlib>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "answer.h"
#include "cache.h"
#include "zone_loader.h"

namespace {

// CPU time of this thread, not wall time: the machine may be shared, and
// the figure is compared with the server's CPU time per query.
double thread_cpu_ns() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) * 1e9 + static_cast<double>(t.tv_nsec);
}

// The types dns_server_bench.py's query file uses.
std::uint16_t type_number(const std::string& t) {
  static const std::pair<const char*, std::uint16_t> known[] = {{"A", 1},   {"NS", 2},  {"SOA", 6},
                                                                 {"MX", 15}, {"TXT", 16}, {"AAAA", 28}};
  for (const auto& [text, number] : known) {
    if (t == text) return number;
  }
  return 0;
}

// The queries of a dnsperf file ("name type" per line), built with the
// generated builder, with EDNS as dnsperf sends them.
std::vector<std::vector<std::uint8_t>> read_queries(const char* path) {
  std::vector<std::vector<std::uint8_t>> out;
  std::ifstream in(path);
  std::string name;
  std::string type;
  std::uint16_t id = 0;
  while (in >> name >> type) {
    const std::uint16_t qtype = type_number(type);
    if (qtype == 0) continue;
    std::array<dns_server::msg::questions_element_builder, 1> q{{{.qname = name, .qtype = qtype, .qclass = 1}}};
    std::array<dns_server::msg::additional_element_builder, 1> opt{};
    opt[0].rr.type = dns_server::rr::type_t::OPT;
    opt[0].rr.body = dns_server::rr::Opt{.udp_payload_size = 4096};
    const dns_server::msg::builder b{.id = ++id, .questions = q, .additional = opt};
    std::vector<std::uint8_t> wire(b.size());
    if (b.write(wire)) out.push_back(std::move(wire));
  }
  return out;
}

template <class F>
double ns_per_query(const std::vector<std::vector<std::uint8_t>>& queries, int rounds, F&& f) {
  const double start = thread_cpu_ns();
  for (int r = 0; r < rounds; ++r) {
    for (const auto& q : queries) f(mpl::bytes(q.data(), q.size()));
  }
  return (thread_cpu_ns() - start) / (static_cast<double>(queries.size()) * rounds);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s ORIGIN=ZONEFILE QUERYFILE [ROUNDS]\n", argv[0]);
    return 2;
  }
  const std::string zone_arg = argv[1];
  const auto eq = zone_arg.find('=');
  std::string error;
  auto z = eq == std::string::npos ? nullptr : dns_server::load_zone(zone_arg.substr(0, eq), zone_arg.substr(eq + 1), error);
  if (!z) {
    std::fprintf(stderr, "%s\n", error.empty() ? "expected ORIGIN=ZONEFILE" : error.c_str());
    return 1;
  }
  dns_server::zone_set zones;
  zones.add(std::move(z));
  const auto queries = read_queries(argv[2]);
  const int rounds = argc > 3 ? std::atoi(argv[3]) : 5;
  if (queries.empty() || rounds <= 0) return 1;

  std::vector<std::uint8_t> out(dns_server::max_response);
  std::size_t sink = 0;
  const double parse = ns_per_query(queries, rounds, [&](mpl::bytes q) {
    auto m = dns_server::msg::parse(q);
    sink += m ? m->size() : 0;
  });
  dns_server::responder fresh(zones);
  const double off = ns_per_query(queries, rounds, [&](mpl::bytes q) {
    sink += fresh.answer(q, dns_server::transport::udp, out);
  });
  dns_server::answer_cache cache(16384);
  dns_server::responder cached(zones, &cache);
  const double on = ns_per_query(queries, rounds, [&](mpl::bytes q) {
    sink += cached.answer(q, dns_server::transport::udp, out);
  });
  std::printf("{\"queries\": %zu, \"rounds\": %d, \"parse_ns\": %.1f, \"answer_cache_off_ns\": %.1f, "
              "\"answer_cache_on_ns\": %.1f, \"cache_hits\": %llu, \"cache_misses\": %llu, \"sink\": %zu}\n",
              queries.size(), rounds, parse, off, on, static_cast<unsigned long long>(cache.hits()),
              static_cast<unsigned long long>(cache.misses()), sink);
  return 0;
}
