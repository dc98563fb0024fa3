// UDP request/reply in batches: recvmmsg fills a fixed array of buffers, a
// handler writes each reply into a fixed reply buffer, sendmmsg sends the
// replies back to their senders in one call. No allocation after
// construction; memory is batch * (max_request + max_reply) bytes.
#ifndef MPL_SERVER_KIT_UDP_BATCH_H_
#define MPL_SERVER_KIT_UDP_BATCH_H_

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "mpl/bytes.h"
#include "server_kit/endpoint.h"
#include "server_kit/event_loop.h"

namespace mpl::server {

struct udp_batch_options {
  std::size_t batch = 32;           // datagrams per recvmmsg/sendmmsg
  std::size_t max_request = 65535;  // longer datagrams arrive cut (request.truncated)
  std::size_t max_reply = 65535;
  int rounds_per_event = 8;  // batches per readiness event before other fds get a turn
};

struct udp_request {
  mpl::bytes data;
  const endpoint& peer;
  bool truncated;  // the datagram was longer than max_request and was cut
};

struct udp_stats {
  std::uint64_t received = 0;
  std::uint64_t truncated = 0;
  std::uint64_t replied = 0;
  std::uint64_t send_failed = 0;  // replies the kernel refused (buffer full, unreachable)
};

class udp_batch {
 public:
  // Writes the reply into `reply` and returns its size; 0 sends nothing.
  // A size above reply.size() is treated as 0.
  using handler = std::function<std::size_t(const udp_request& request, mpl::mutable_bytes reply)>;

  // Does not own `fd` (from bind_udp()); watches it on `loop`.
  udp_batch(event_loop& loop, int fd, udp_batch_options options, handler on_request);
  ~udp_batch();
  udp_batch(const udp_batch&) = delete;
  udp_batch& operator=(const udp_batch&) = delete;

  // One recvmmsg, the handler per datagram, one sendmmsg. Returns the
  // number of datagrams received (0 when none was waiting).
  std::size_t poll_once();
  const udp_stats& stats() const { return stats_; }

 private:
  void send_replies(std::size_t count);

  event_loop& loop_;
  int fd_;
  udp_batch_options options_;
  handler on_request_;
  udp_stats stats_;

  std::vector<std::uint8_t> requests_;  // batch * max_request
  std::vector<std::uint8_t> replies_;   // batch * max_reply
  std::vector<endpoint> peers_;
  std::vector<iovec> in_iov_;
  std::vector<mmsghdr> in_msgs_;
  std::vector<iovec> out_iov_;
  std::vector<mmsghdr> out_msgs_;
};

}  // namespace mpl::server

#endif  // MPL_SERVER_KIT_UDP_BATCH_H_
