// One client connection on the server kit's event loop: the stream
// connection's framed packets go into the Transport, its output back out;
// the Connection's channel descriptors are watched on the same loop.
#pragma once

#include <chrono>
#include <map>
#include <memory>

#include "connection.h"
#include "server_kit/event_loop.h"
#include "server_kit/stream_connection.h"
#include "transport.h"

namespace ssh_server {

struct SessionConfig {
  TransportConfig transport;
  ConnectionConfig connection;
  std::chrono::milliseconds login_grace{std::chrono::seconds(120)};
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(mpl::server::event_loop& loop, SessionConfig config);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Wires it to the kit: the handlers for tcp_server's accept callback.
  mpl::server::tcp_server::handlers handlers();
  // After SIGCHLD: reap, close what is done, send what is due.
  void child_exited() { settle(); }
  static void for_each_live(const std::function<void(Session&)>& fn);

 private:
  void on_message(mpl::server::stream_connection& c, mpl::bytes message);
  void on_closed(std::string_view reason);
  void on_fd(int fd, std::uint32_t events);
  // Sends what the transport produced, updates the watched descriptors,
  // and closes the connection when the transport has ended.
  void settle();
  void sync_watches();

  mpl::server::event_loop& loop_;
  SessionConfig config_;
  // Before connection_: its channels tell the map, while being destroyed,
  // which descriptors they close.
  std::map<int, std::uint32_t> watched_;
  Transport transport_;
  Connection connection_;
  mpl::server::stream_connection* stream_ = nullptr;
  bool framer_installed_ = false;
  bool ended_ = false;
  bool recheck_armed_ = false;
  mpl::server::timer_id grace_timer_ = 0;
};

}  // namespace ssh_server
