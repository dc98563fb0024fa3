// The layers above the transport for one client: user authentication
// (RFC 4252: publickey ssh-ed25519, password, none refused, a limit on
// failures) and the connection protocol (RFC 4254: session channels with
// exec, shell, pty, env, subsystem sftp; direct-tcpip to loopback; global
// requests). Channels are backed by file descriptors (pipes, a pty, a TCP
// socket); the event loop asks which descriptors to watch and reports
// readiness back, so this code does no waiting of its own.
#pragma once

#include <sys/types.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "transport.h"

namespace ssh_server {

struct ConnectionConfig {
  const std::vector<Bytes>* authorized_keys = nullptr;
  std::optional<std::string> password;
  int max_auth_failures = 6;
  int max_channels = 10;  // open channels at once, per connection
  std::string sftp_server = "/usr/lib/openssh/sftp-server";
  // Refuse exec, shell, subsystem and direct-tcpip: nothing outside the
  // process is touched (the fuzz target runs with it).
  bool sandbox = false;
  // Called with each descriptor just before the connection closes it (the
  // event loop must stop watching it first: its number may be reused).
  std::function<void(int)> closing_fd;
};

// One descriptor the event loop should watch, and for what.
struct Watch {
  int fd;
  bool read;
  bool write;
};

// Reaps the commands of channels that were destroyed while their command
// still ran (hung up with SIGHUP); call on SIGCHLD.
void reap_orphans();

class Connection {
 public:
  Connection(Transport& transport, ConnectionConfig config);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // A service-layer message from the transport.
  void on_message(const wire::msg::view& m);

  // Descriptors to watch now (reads only while the client's window and
  // our output buffer have room: that is the flow control toward the client).
  // `queued_output`: bytes the socket has not taken yet.
  void watches(std::vector<Watch>& out, std::size_t queued_output) const;
  // Some channel has output it holds back because the socket is behind.
  bool output_blocked(std::size_t queued_output) const;
  // `fd` is readable / writable (or hung up).
  void on_ready(int fd, bool readable, bool writable);
  // Reaps exited children and closes channels that are done; call after
  // SIGCHLD and after each round of events.
  void tick();
  bool authenticated() const { return authenticated_; }
  std::size_t open_channels() const { return channels_.size(); }

 private:
  struct Channel;
  void on_userauth(const wire::msg::view& m);
  void auth_failure(bool counted);
  void on_channel_open(const wire::msg::view& m);
  void on_channel_message(const wire::msg::view& m);
  void on_channel_request(Channel& c, const wire::msg::view& m);
  void on_global_request(const wire::msg::view& m);
  bool start_process(Channel& c, const std::string& command, bool subsystem);
  void pump_output(Channel& c, int fd, bool stderr_stream);
  // One read and one data packet; false when nothing more can be sent now.
  bool pump_output_packet(Channel& c, int fd, bool stderr_stream);
  void flush_input(Channel& c);
  void maybe_close(Channel& c);
  void send_close(Channel& c);
  Channel* find(std::uint32_t local_id);
  void reply(bool want_reply, bool ok, std::uint32_t remote_id);

  Transport& transport_;
  ConnectionConfig config_;
  bool userauth_service_ = false;
  bool authenticated_ = false;
  int failures_ = 0;
  std::uint32_t next_id_ = 0;
  std::map<std::uint32_t, std::unique_ptr<Channel>> channels_;
};

}  // namespace ssh_server
