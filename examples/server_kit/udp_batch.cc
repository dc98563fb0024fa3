#include "server_kit/udp_batch.h"

#include <sys/uio.h>

#include <cerrno>

namespace mpl::server {

udp_batch::udp_batch(event_loop& loop, int fd, udp_batch_options options, handler on_request)
    : loop_(loop), fd_(fd), options_(options), on_request_(std::move(on_request)) {
  if (options_.batch == 0) options_.batch = 1;
  if (options_.rounds_per_event < 1) options_.rounds_per_event = 1;
  const std::size_t n = options_.batch;
  requests_.resize(n * options_.max_request);
  replies_.resize(n * options_.max_reply);
  peers_.resize(n);
  in_iov_.resize(n);
  in_msgs_.resize(n);
  out_iov_.resize(n);
  out_msgs_.resize(n);
  loop_.watch(fd_, EPOLLIN, [this](std::uint32_t) {
    for (int round = 0; round < options_.rounds_per_event; ++round) {
      // A short batch means the socket is drained.
      if (poll_once() < options_.batch) break;
    }
  });
}

udp_batch::~udp_batch() { loop_.unwatch(fd_); }

std::size_t udp_batch::poll_once() {
  const std::size_t n = options_.batch;
  for (std::size_t i = 0; i < n; ++i) {
    in_iov_[i] = iovec{requests_.data() + i * options_.max_request, options_.max_request};
    in_msgs_[i] = mmsghdr{};
    in_msgs_[i].msg_hdr.msg_iov = &in_iov_[i];
    in_msgs_[i].msg_hdr.msg_iovlen = 1;
    in_msgs_[i].msg_hdr.msg_name = &peers_[i].addr;
    in_msgs_[i].msg_hdr.msg_namelen = sizeof peers_[i].addr;
  }
  int got;
  do {
    got = recvmmsg(fd_, in_msgs_.data(), static_cast<unsigned>(n), MSG_DONTWAIT, nullptr);
  } while (got < 0 && errno == EINTR);
  if (got <= 0) return 0;  // EAGAIN, or an error the next datagram may not have
  const auto count = static_cast<std::size_t>(got);
  std::size_t replies = 0;
  for (std::size_t i = 0; i < count; ++i) {
    peers_[i].len = in_msgs_[i].msg_hdr.msg_namelen;
    const bool truncated = (in_msgs_[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
    ++stats_.received;
    if (truncated) ++stats_.truncated;
    const udp_request request{mpl::bytes(requests_.data() + i * options_.max_request, in_msgs_[i].msg_len),
                              peers_[i], truncated};
    std::uint8_t* reply_at = replies_.data() + i * options_.max_reply;
    std::size_t size = on_request_(request, mpl::mutable_bytes(reply_at, options_.max_reply));
    if (size == 0 || size > options_.max_reply) continue;
    out_iov_[replies] = iovec{reply_at, size};
    out_msgs_[replies] = mmsghdr{};
    out_msgs_[replies].msg_hdr.msg_iov = &out_iov_[replies];
    out_msgs_[replies].msg_hdr.msg_iovlen = 1;
    out_msgs_[replies].msg_hdr.msg_name = &peers_[i].addr;
    out_msgs_[replies].msg_hdr.msg_namelen = peers_[i].len;
    ++replies;
  }
  send_replies(replies);
  return count;
}

void udp_batch::send_replies(std::size_t count) {
  std::size_t done = 0;
  // Bounded: every pass sends at least one reply or skips one.
  while (done < count) {
    const int sent = sendmmsg(fd_, out_msgs_.data() + done, static_cast<unsigned>(count - done), MSG_DONTWAIT);
    if (sent < 0 && errno == EINTR) continue;
    if (sent <= 0) {
      // The first remaining reply failed (socket buffer full, peer
      // unreachable): UDP drops it; the rest still get their chance.
      ++stats_.send_failed;
      ++done;
      continue;
    }
    done += static_cast<std::size_t>(sent);
    stats_.replied += static_cast<std::uint64_t>(sent);
  }
}

}  // namespace mpl::server
