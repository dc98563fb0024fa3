// The transport glue: DNS over UDP (batched with recvmmsg/sendmmsg) and
// over TCP (RFC 7766: two-byte length prefix, several queries per
// connection, idle timeout, a bound on connections) on every listen
// address, one event loop per thread, every thread with its own sockets
// bound with SO_REUSEPORT, its own responder and its own answer cache.
// The sockets and loops are examples/server_kit's.
#ifndef DNS_SERVER_SERVER_H_
#define DNS_SERVER_SERVER_H_

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "server_kit/endpoint.h"
#include "zone.h"

namespace dns_server {

struct server_options {
  std::vector<mpl::server::endpoint> listen;
  std::size_t threads = 1;
  bool cache = false;
  std::size_t cache_entries = 16384;
  std::size_t max_tcp_connections = 256;                        // per thread
  std::chrono::milliseconds tcp_idle_timeout{std::chrono::seconds(10)};  // RFC 7766 §6.2.3
};

// Binds every address (UDP and TCP) for every thread, prints "listening on
// ADDR:PORT" for each address once all are bound, and serves until SIGTERM
// or SIGINT. Returns the process exit status; on a socket it cannot open,
// prints one line saying which and why and returns 1.
int serve(const zone_set& zones, const server_options& options);

}  // namespace dns_server

#endif  // DNS_SERVER_SERVER_H_
