// dns_server: an authoritative DNS server whose packet path is generated
// code (specs/dns.mpl). See docs/dns-server.md.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "server.h"
#include "zone_loader.h"

int main(int argc, char** argv) {
  CLI::App app{
      "dns_server: an authoritative DNS server (UDP and TCP) whose queries are parsed and responses built by "
      "code mplc generates from specs/dns.mpl. Answers as RFC 1034 4.3.2 and NSD do; see docs/dns-server.md."};
  std::vector<std::string> listen;
  std::vector<std::string> zones;
  std::size_t threads = 1;
  std::string cache = "off";
  dns_server::server_options options;
  app.add_option("--listen", listen, "ADDR:PORT to serve on, UDP and TCP; IPv6 as [::1]:5353. Repeatable")
      ->required();
  app.add_option("--zone", zones, "ORIGIN=FILE: serve the zone ORIGIN from the RFC 1035 master file FILE. Repeatable")
      ->required();
  app.add_option("--threads", threads, "Threads, each with its own SO_REUSEPORT sockets (default 1)")
      ->check(CLI::Range(1, 256));
  app.add_option("--cache", cache, "Answer cache: whole responses, id and name case rewritten on a hit (default off)")
      ->check(CLI::IsMember({"off", "on"}));
  app.add_option("--cache-size", options.cache_entries, "Responses the cache holds per thread (default 16384)")
      ->check(CLI::Range(1, 1 << 24));
  CLI11_PARSE(app, argc, argv);

  for (const std::string& text : listen) {
    std::string error;
    auto at = mpl::server::parse_endpoint(text, &error);
    if (!at) {
      std::fprintf(stderr, "dns_server: --listen: %s\n", error.c_str());
      return 2;
    }
    options.listen.push_back(*at);
  }
  dns_server::zone_set served;
  for (const std::string& z : zones) {
    const auto eq = z.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == z.size()) {
      std::fprintf(stderr, "dns_server: --zone '%s': expected ORIGIN=FILE\n", z.c_str());
      return 2;
    }
    std::string error;
    auto loaded = dns_server::load_zone(z.substr(0, eq), z.substr(eq + 1), error);
    if (!loaded) {
      std::fprintf(stderr, "dns_server: %s\n", error.c_str());
      return 1;
    }
    served.add(std::move(loaded));
  }
  options.threads = threads;
  options.cache = cache == "on";
  return dns_server::serve(served, options);
}
