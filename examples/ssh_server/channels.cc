// The connection protocol's channels (RFC 4254 §5-7): sessions backed by
// a child process (pipes or a pty), direct-tcpip backed by a socket to a
// loopback address; window accounting both ways.
#include <fcntl.h>
#include <netdb.h>
#include <pty.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "channel.h"
#include "connection.h"

extern char** environ;

namespace ssh_server {

using namespace wire;  // the codec's short names: msg, Number, Reason, text

namespace {

// Output toward the client is read from a channel only while less than
// this is waiting to go out: the socket's pace is the channels' pace.
constexpr std::size_t output_high_water = 1u << 20;

void set_nonblocking(int fd) { (void)fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

void close_raw(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

struct SignalName {
  const char* name;
  int number;
};
constexpr SignalName signal_names[] = {{"ABRT", SIGABRT}, {"ALRM", SIGALRM}, {"FPE", SIGFPE},   {"HUP", SIGHUP},
                                       {"ILL", SIGILL},   {"INT", SIGINT},   {"KILL", SIGKILL}, {"PIPE", SIGPIPE},
                                       {"QUIT", SIGQUIT}, {"SEGV", SIGSEGV}, {"TERM", SIGTERM}, {"USR1", SIGUSR1},
                                       {"USR2", SIGUSR2}};

// RFC 4254 §6.4 leaves which variables to accept to the server; names of
// letters, digits and '_' only, and none of the dynamic loader's.
bool acceptable_env_name(std::string_view name) {
  if (name.empty() || name.size() > 64 || name.starts_with("LD_")) return false;
  for (char c : name) {
    if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

bool loopback_host(std::string_view host) { return host == "127.0.0.1" || host == "::1" || host == "localhost"; }

int connect_loopback(const std::string& host, std::uint32_t port) {
  if (port == 0 || port > 65535) return -1;
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* res = nullptr;
  if (getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &res) != 0) return -1;
  int fd = -1;
  for (addrinfo* a = res; a != nullptr && fd < 0; a = a->ai_next) {
    fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) close_raw(fd);
  }
  freeaddrinfo(res);
  if (fd >= 0) set_nonblocking(fd);
  return fd;
}

std::vector<pid_t>& orphans() {
  static std::vector<pid_t> pids;
  return pids;
}

}  // namespace

void reap_orphans() {
  auto& pids = orphans();
  std::erase_if(pids, [](pid_t p) { return waitpid(p, nullptr, WNOHANG) != 0; });
}

Connection::Channel::~Channel() {
  close_fds();
  // A child still running when its channel goes: hang it up, as a
  // terminal would, and reap it when it ends.
  if (pid > 0 && !exited) {
    kill(-pid, SIGHUP);  // its process group: the command ran setsid()
    orphans().push_back(pid);
  }
}

void Connection::Channel::close_fd(int& fd) {
  if (fd >= 0 && closing_fd != nullptr && *closing_fd) (*closing_fd)(fd);
  close_raw(fd);
}

void Connection::Channel::close_fds() {
  if (out_fd == in_fd) out_fd = -1;
  if (err_fd == in_fd) err_fd = -1;
  close_fd(in_fd);
  close_fd(out_fd);
  close_fd(err_fd);
}

Connection::Channel* Connection::find(std::uint32_t local_id) {
  auto it = channels_.find(local_id);
  return it == channels_.end() ? nullptr : it->second.get();
}

void Connection::reply(bool want_reply, bool ok, std::uint32_t remote_id) {
  if (!want_reply) return;
  if (ok) {
    transport_.send(wire::message(Number::ChannelSuccess, msg::ChannelSuccess{.recipient_channel = remote_id}));
  } else {
    transport_.send(wire::message(Number::ChannelFailure, msg::ChannelFailure{.recipient_channel = remote_id}));
  }
}

void Connection::on_channel_open(const msg::view& m) {
  const auto o = *m.as_ChannelOpen();
  using Why = msg::ChannelOpenFailure_reason_code_t;
  auto refuse = [&](Why why, std::string_view text_) {
    transport_.send(wire::message(Number::ChannelOpenFailure, msg::ChannelOpenFailure{.recipient_channel = o.sender_channel(),
                                                                                       .reason_code = why,
                                                                                       .description = text(text_)}));
  };
  if (channels_.size() >= static_cast<std::size_t>(config_.max_channels)) {
    refuse(Why::ResourceShortage, "too many channels");
    return;
  }
  auto c = std::make_unique<Channel>();
  c->closing_fd = &config_.closing_fd;
  if (o.as_Session()) {
    c->kind = Channel::Kind::session;
  } else if (auto d = o.as_DirectTcpip()) {
    const std::string host(wire::as_text(d->host()));
    if (!loopback_host(host) || config_.sandbox) {
      refuse(Why::AdministrativelyProhibited, "only loopback targets");
      return;
    }
    c->kind = Channel::Kind::tcp;
    c->in_fd = c->out_fd = connect_loopback(host, d->port());
    if (c->in_fd < 0) {
      refuse(Why::ConnectFailed, "connect failed");
      return;
    }
    c->started = true;
  } else {
    refuse(Why::UnknownChannelType, "unknown channel type");
    return;
  }
  c->local_id = next_id_++;
  c->remote_id = o.sender_channel();
  c->remote_window = o.initial_window_size();
  c->remote_max_packet = std::min(o.maximum_packet_size(), local_max_packet);
  transport_.send(wire::message(Number::ChannelOpenConfirmation,
                                msg::ChannelOpenConfirmation{.recipient_channel = c->remote_id,
                                                             .sender_channel = c->local_id,
                                                             .initial_window_size = local_window_size,
                                                             .maximum_packet_size = local_max_packet}));
  channels_[c->local_id] = std::move(c);
}

void Connection::on_channel_message(const msg::view& m) {
  const std::uint32_t id = [&]() -> std::uint32_t {
    if (auto v = m.as_ChannelWindowAdjust()) return v->recipient_channel();
    if (auto v = m.as_ChannelData()) return v->recipient_channel();
    if (auto v = m.as_ChannelExtendedData()) return v->recipient_channel();
    if (auto v = m.as_ChannelEof()) return v->recipient_channel();
    if (auto v = m.as_ChannelClose()) return v->recipient_channel();
    if (auto v = m.as_ChannelRequest()) return v->recipient_channel();
    if (auto v = m.as_ChannelSuccess()) return v->recipient_channel();
    if (auto v = m.as_ChannelFailure()) return v->recipient_channel();
    if (auto v = m.as_ChannelOpenConfirmation()) return v->recipient_channel();
    if (auto v = m.as_ChannelOpenFailure()) return v->recipient_channel();
    return 0;  // not reached: the transport hands over channel messages only
  }();
  Channel* c = find(id);
  if (c == nullptr || c->close_received) {
    transport_.disconnect(Reason::ProtocolError, "channel " + std::to_string(id) + " is not open");
    return;
  }
  if (auto v = m.as_ChannelWindowAdjust()) {
    if (std::uint64_t{c->remote_window} + v->bytes_to_add() > 0xffffffffu) {
      transport_.disconnect(Reason::ProtocolError, "window adjust beyond 2^32-1 on channel " + std::to_string(id));
      return;
    }
    c->remote_window += v->bytes_to_add();
    return;
  }
  mpl::bytes data;
  if (auto v = m.as_ChannelData()) data = v->data();
  if (auto v = m.as_ChannelExtendedData()) data = v->data();
  if (m.as_ChannelData() || m.as_ChannelExtendedData()) {
    if (data.size() > c->local_window || data.size() > local_max_packet) {
      transport_.disconnect(Reason::ProtocolError, "channel " + std::to_string(id) + ": data beyond the window");
      return;
    }
    c->local_window -= static_cast<std::uint32_t>(data.size());
    if (m.as_ChannelData() && c->in_fd >= 0 && !c->client_eof) {
      // The written prefix goes once it is at least as long as what is
      // left, so the buffer stays within two windows and each byte is
      // moved at most once more (a child that always lags a little would
      // otherwise grow it without bound).
      if (c->to_child_start > 0 && c->to_child_start >= c->pending_input()) {
        c->to_child.erase(c->to_child.begin(), c->to_child.begin() + static_cast<std::ptrdiff_t>(c->to_child_start));
        c->to_child_start = 0;
      }
      c->to_child.insert(c->to_child.end(), data.begin(), data.end());
      flush_input(*c);
    } else {
      c->consumed += static_cast<std::uint32_t>(data.size());  // nowhere to deliver it: dropped, window returned
      flush_input(*c);
    }
    return;
  }
  if (m.as_ChannelEof()) {
    c->client_eof = true;
    flush_input(*c);
    maybe_close(*c);
    return;
  }
  if (m.as_ChannelClose()) {
    c->close_received = true;
    if (!c->close_sent) send_close(*c);
    return;  // tick() forgets it
  }
  if (m.as_ChannelRequest()) on_channel_request(*c, m);
  // CHANNEL_SUCCESS/FAILURE and stray confirmations: we ask for no replies.
}

void Connection::on_channel_request(Channel& c, const msg::view& m) {
  const auto r = *m.as_ChannelRequest();
  const bool want = r.want_reply() != 0;
  bool ok = false;
  if (c.kind != Channel::Kind::session) {
    reply(want, false, c.remote_id);
    return;
  }
  if (auto p = r.as_PtyReq()) {
    ok = !c.started;
    if (ok) {
      c.want_pty = true;
      c.term = std::string(wire::as_text(p->term()).substr(0, 64));
      c.window.ws_col = static_cast<unsigned short>(std::min<std::uint32_t>(p->width_characters(), 1000));
      c.window.ws_row = static_cast<unsigned short>(std::min<std::uint32_t>(p->height_rows(), 1000));
    }
  } else if (auto e = r.as_Env()) {
    const std::string_view name = wire::as_text(e->name());
    ok = !c.started && c.env.size() < 64 && acceptable_env_name(name) && e->value().size() < 4096;
    if (ok) c.env.push_back(std::string(name) + "=" + std::string(wire::as_text(e->value())));
  } else if (auto x = r.as_Exec()) {
    ok = !c.started && start_process(c, std::string(wire::as_text(x->command())), false);
  } else if (r.as_Shell()) {
    ok = !c.started && start_process(c, "", false);
  } else if (auto s = r.as_Subsystem()) {
    ok = !c.started && wire::as_text(s->subsystem_name()) == "sftp" && start_process(c, config_.sftp_server, true);
  } else if (auto w = r.as_WindowChange()) {
    c.window.ws_col = static_cast<unsigned short>(std::min<std::uint32_t>(w->width_characters(), 1000));
    c.window.ws_row = static_cast<unsigned short>(std::min<std::uint32_t>(w->height_rows(), 1000));
    ok = c.want_pty && c.in_fd >= 0 && ioctl(c.in_fd, TIOCSWINSZ, &c.window) == 0;
  } else if (auto sig_request = r.as_Signal()) {
    for (const auto& sig : signal_names) {
      if (wire::as_text(sig_request->signal_name()) == sig.name && c.pid > 0 && !c.exited) ok = kill(c.pid, sig.number) == 0;
    }
  }
  reply(want, ok, c.remote_id);
}

bool Connection::start_process(Channel& c, const std::string& command, bool subsystem) {
  if (config_.sandbox) return false;
  int master = -1, slave = -1;
  std::array<int, 2> in{-1, -1}, out{-1, -1}, err{-1, -1};
  if (c.want_pty) {
    if (openpty(&master, &slave, nullptr, nullptr, &c.window) != 0) return false;
  } else if (pipe2(in.data(), O_CLOEXEC) != 0 || pipe2(out.data(), O_CLOEXEC) != 0 || pipe2(err.data(), O_CLOEXEC) != 0) {
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) {
      if (fd >= 0) ::close(fd);
    }
    return false;
  } else {
    // A 64 KiB pipe makes bulk data wait for a context switch to and from
    // the child every 64 KiB; 1 MiB (the default pipe-max-size) holds half
    // a channel window. Best effort: a smaller limit keeps the default.
    for (int fd : {in[1], out[0]}) fcntl(fd, F_SETPIPE_SZ, 1 << 20);
  }
  // Everything the child needs is prepared before fork(): after it, only
  // async-signal-safe calls.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  if (c.want_pty) env_strings.push_back("TERM=" + (c.term.empty() ? std::string("dumb") : c.term));
  for (const auto& e : c.env) env_strings.push_back(e);
  std::vector<char*> envp;
  for (auto& e : env_strings) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::string cmd = command;
  const char* shell = "/bin/sh";
  char arg0_login[] = "-sh";
  char arg0[] = "sh";
  char dash_c[] = "-c";
  std::array<char*, 4> argv{};
  if (command.empty() && !subsystem) {
    argv = {arg0_login, nullptr, nullptr, nullptr};
  } else {
    argv = {arg0, dash_c, cmd.data(), nullptr};
  }
  const char* home = getenv("HOME");

  const pid_t pid = fork();
  if (pid < 0) {
    for (int fd : {master, slave, in[0], in[1], out[0], out[1], err[0], err[1]}) {
      if (fd >= 0) ::close(fd);
    }
    return false;
  }
  if (pid == 0) {
    setsid();
    if (c.want_pty) {
      ioctl(slave, TIOCSCTTY, 0);
      dup2(slave, 0);
      dup2(slave, 1);
      dup2(slave, 2);
    } else {
      dup2(in[0], 0);
      dup2(out[1], 1);
      dup2(err[1], 2);
    }
    closefrom(3);
    // The server blocks SIGTERM, SIGINT and SIGCHLD (it reads them from a
    // signalfd); a command starts with none blocked.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    signal(SIGPIPE, SIG_DFL);
    signal(SIGCHLD, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (home != nullptr && chdir(home) != 0) {
      // stay where the server runs
    }
    execve(shell, argv.data(), envp.data());
    _exit(127);
  }
  c.pid = pid;
  c.started = true;
  if (c.want_pty) {
    ::close(slave);
    set_nonblocking(master);
    c.in_fd = c.out_fd = master;
  } else {
    ::close(in[0]);
    ::close(out[1]);
    ::close(err[1]);
    c.in_fd = in[1];
    c.out_fd = out[0];
    c.err_fd = err[0];
    for (int fd : {c.in_fd, c.out_fd, c.err_fd}) set_nonblocking(fd);
  }
  return true;
}

void Connection::flush_input(Channel& c) {
  while (c.in_fd >= 0 && c.pending_input() > 0) {
    const ssize_t n = ::write(c.in_fd, c.to_child.data() + c.to_child_start, c.pending_input());
    if (n > 0) {
      c.to_child_start += static_cast<std::size_t>(n);
      c.consumed += static_cast<std::uint32_t>(n);
      continue;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) break;
    // The reader is gone (EPIPE): what is left can never be delivered.
    c.consumed += static_cast<std::uint32_t>(c.pending_input());
    c.to_child.clear();
    c.to_child_start = 0;
    if (c.in_fd != c.out_fd) c.close_fd(c.in_fd);
    break;
  }
  if (c.pending_input() == 0) {
    c.to_child.clear();
    c.to_child_start = 0;
    if (c.client_eof && c.in_fd >= 0) {
      if (c.kind == Channel::Kind::tcp) {
        shutdown(c.in_fd, SHUT_WR);
      } else if (c.in_fd != c.out_fd) {
        c.close_fd(c.in_fd);
      }
    }
  }
  // RFC 4254 §5.2: give the window back once half of it is used.
  if (c.consumed >= local_window_size / 2 && !c.close_sent) {
    transport_.send(wire::message(Number::ChannelWindowAdjust,
                                  msg::ChannelWindowAdjust{.recipient_channel = c.remote_id, .bytes_to_add = c.consumed}));
    c.local_window += c.consumed;
    c.consumed = 0;
  }
}

void Connection::pump_output(Channel& c, int fd, bool stderr_stream) {
  // A few packets per readiness event: one per event costs an epoll_wait
  // per 32 KiB of bulk output; more than a few would keep the other
  // connections waiting (the same fairness as stream_limits.read_per_event).
  for (int round = 0; round < output_packets_per_event; ++round) {
    if (!pump_output_packet(c, fd, stderr_stream)) return;
  }
}

bool Connection::pump_output_packet(Channel& c, int fd, bool stderr_stream) {
  std::array<std::uint8_t, local_max_packet> buf;
  const std::size_t room = std::min<std::size_t>({c.remote_window, c.remote_max_packet, buf.size()});
  if (room == 0 || c.close_sent) return false;
  const ssize_t n = ::read(fd, buf.data(), room);
  if (n < 0 && (errno == EAGAIN || errno == EINTR)) return false;
  if (n <= 0) {  // end of file, or EIO from a pty whose last user left
    if (c.kind == Channel::Kind::tcp) {
      c.out_fd = -1;  // the socket stays open for writing (in_fd)
      if (!c.eof_sent) {
        transport_.send(wire::message(Number::ChannelEof, msg::ChannelEof{.recipient_channel = c.remote_id}));
        c.eof_sent = true;
      }
      if (n < 0) c.client_eof = true;  // a broken socket takes no more data either
    } else if (fd == c.in_fd) {
      c.close_fds();
    } else if (fd == c.out_fd) {
      c.close_fd(c.out_fd);
    } else {
      c.close_fd(c.err_fd);
    }
    maybe_close(c);
    return false;
  }
  const mpl::bytes data{buf.data(), static_cast<std::size_t>(n)};
  if (stderr_stream) {
    transport_.send(wire::message(Number::ChannelExtendedData, msg::ChannelExtendedData{.recipient_channel = c.remote_id,
                                                                                         .data_type_code = msg::data_type_code_t::Stderr,
                                                                                         .data = data}));
  } else {
    transport_.send(wire::message(Number::ChannelData, msg::ChannelData{.recipient_channel = c.remote_id, .data = data}));
  }
  c.remote_window -= static_cast<std::uint32_t>(n);
  return static_cast<std::size_t>(n) == room;  // a short read: most likely drained
}

void Connection::maybe_close(Channel& c) {
  if (c.close_sent) return;
  if (c.kind == Channel::Kind::tcp) {
    if (c.out_fd < 0 && c.client_eof && c.pending_input() == 0) send_close(c);
    return;
  }
  if (!c.started || !c.exited || c.out_fd >= 0 || c.err_fd >= 0) return;
  const std::uint32_t remote = c.remote_id;
  if (WIFSIGNALED(c.wait_status)) {
    std::string name = "KILL";
    for (const auto& sig : signal_names) {
      if (sig.number == WTERMSIG(c.wait_status)) name = sig.name;
    }
    const msg::ExitSignal body{.signal_name = text(name), .core_dumped = static_cast<std::uint8_t>(WCOREDUMP(c.wait_status) ? 1 : 0)};
    transport_.send(wire::message(Number::ChannelRequest,
                                  msg::ChannelRequest{.recipient_channel = remote, .request_type = text("exit-signal"), .want_reply = 0, .body = body}));
  } else {
    const msg::ExitStatus body{.exit_status = static_cast<std::uint32_t>(WEXITSTATUS(c.wait_status))};
    transport_.send(wire::message(Number::ChannelRequest,
                                  msg::ChannelRequest{.recipient_channel = remote, .request_type = text("exit-status"), .want_reply = 0, .body = body}));
  }
  send_close(c);
}

void Connection::send_close(Channel& c) {
  if (!c.eof_sent) {
    transport_.send(wire::message(Number::ChannelEof, msg::ChannelEof{.recipient_channel = c.remote_id}));
    c.eof_sent = true;
  }
  transport_.send(wire::message(Number::ChannelClose, msg::ChannelClose{.recipient_channel = c.remote_id}));
  c.close_sent = true;
  c.close_fds();
}

bool Connection::output_blocked(std::size_t queued_output) const {
  const bool room = queued_output + transport_.output().size() < output_high_water && transport_.held_back() < output_high_water;
  if (room) return false;
  for (const auto& [id, c] : channels_) {
    if (!c->close_sent && c->remote_window > 0 && (c->out_fd >= 0 || c->err_fd >= 0)) return true;
  }
  return false;
}

void Connection::watches(std::vector<Watch>& out, std::size_t queued_output) const {
  const bool room = queued_output + transport_.output().size() < output_high_water && transport_.held_back() < output_high_water;
  for (const auto& [id, c] : channels_) {
    if (c->close_sent) continue;
    const bool can_send = room && c->remote_window > 0 && c->remote_max_packet > 0;
    const bool write = c->in_fd >= 0 && c->pending_input() > 0;
    if (c->out_fd >= 0 && c->out_fd == c->in_fd) {
      if (can_send || write) out.push_back({c->out_fd, can_send, write});
      continue;
    }
    if (c->out_fd >= 0 && can_send) out.push_back({c->out_fd, true, false});
    if (c->err_fd >= 0 && can_send) out.push_back({c->err_fd, true, false});
    if (write) out.push_back({c->in_fd, false, true});
  }
}

void Connection::on_ready(int fd, bool readable, bool writable) {
  for (auto& [id, c] : channels_) {
    if (c->close_sent) continue;
    if (writable && fd == c->in_fd) flush_input(*c);
    if (readable && fd == c->out_fd) pump_output(*c, fd, false);
    else if (readable && fd == c->err_fd) pump_output(*c, fd, true);
    maybe_close(*c);
  }
}

void Connection::tick() {
  for (auto it = channels_.begin(); it != channels_.end();) {
    Channel& c = *it->second;
    if (c.pid > 0 && !c.exited && waitpid(c.pid, &c.wait_status, WNOHANG) == c.pid) c.exited = true;
    maybe_close(c);
    if (c.close_sent && c.close_received) {
      it = channels_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace ssh_server
