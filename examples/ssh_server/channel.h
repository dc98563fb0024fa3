// One open channel (RFC 4254 §5) of a Connection: its two windows, its
// descriptors, and how far it is toward being closed.
#pragma once

#include <sys/ioctl.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "connection.h"

namespace ssh_server {

// What we grant the client per channel, and the largest data packet we
// accept: OpenSSH's own session values.
inline constexpr std::uint32_t local_window_size = 2u << 20;
inline constexpr std::uint32_t local_max_packet = 32u << 10;
// Data packets sent from one child descriptor per readiness event.
inline constexpr int output_packets_per_event = 2;

struct Connection::Channel {
  enum class Kind { session, tcp };
  Kind kind = Kind::session;
  std::uint32_t local_id = 0;
  std::uint32_t remote_id = 0;
  std::uint32_t remote_window = 0;      // bytes we may still send
  std::uint32_t remote_max_packet = 0;
  std::uint32_t local_window = local_window_size;  // bytes the client may still send
  std::uint32_t consumed = 0;  // delivered since our last WINDOW_ADJUST

  // Session: the child's stdin (in_fd), stdout (out_fd), stderr (err_fd);
  // with a pty all three are the pty master. TCP: the socket in both.
  pid_t pid = -1;
  int in_fd = -1;
  int out_fd = -1;
  int err_fd = -1;
  bool started = false;
  bool exited = false;
  int wait_status = 0;

  Bytes to_child;  // written prefix (to_child_start bytes), then data not yet written: at most one window
  std::size_t to_child_start = 0;

  bool client_eof = false;
  bool eof_sent = false;
  bool close_sent = false;
  bool close_received = false;

  bool want_pty = false;
  std::string term;
  winsize window{};
  std::vector<std::string> env;
  const std::function<void(int)>* closing_fd = nullptr;

  Channel() = default;
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;
  ~Channel();
  void close_fds();
  void close_fd(int& fd);
  std::size_t pending_input() const { return to_child.size() - to_child_start; }
};

}  // namespace ssh_server
