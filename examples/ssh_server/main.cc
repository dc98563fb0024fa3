// ssh_server --listen ADDR:PORT --host-key FILE --authorized-keys FILE
//            [--password-file FILE] [--max-sessions N] [--sftp-server PATH]
//            [--rekey-bytes N] [--rekey-seconds N]
// An SSH server whose every message is parsed and built by code generated
// from specs/ssh.mpl (docs/ssh-server.md). One process, one event loop
// (examples/server_kit), every client a Session on it; commands run as the
// user running the server.
#include <signal.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "keys.h"
#include "server_kit/endpoint.h"
#include "server_kit/event_loop.h"
#include "server_kit/stream_connection.h"
#include "session.h"

namespace {

int usage(const char* why) {
  std::fprintf(stderr,
               "ssh_server: %s\nusage: ssh_server --listen ADDR:PORT --host-key FILE --authorized-keys FILE "
               "[--password-file FILE] [--max-sessions N] [--sftp-server PATH] [--rekey-bytes N] "
               "[--rekey-seconds N]\n",
               why);
  return 2;
}

bool parse_count(const std::string& text, unsigned long long max, unsigned long long* out) {
  if (text.empty() || text.size() > 20 || text.find_first_not_of("0123456789") != std::string::npos) return false;
  *out = std::stoull(text);
  return *out >= 1 && *out <= max;
}

}  // namespace

int main(int argc, char** argv) {
  mpl::server::stop_signal stop;  // first: SIGTERM/SIGINT blocked for every later thread and child
  std::string listen_text = "127.0.0.1:2222", host_key_path, authorized_path, password_path;
  unsigned long long max_sessions = 64, rekey_bytes = 1ull << 30, rekey_seconds = 3600;
  ssh_server::SessionConfig config;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return usage(("missing value after " + arg).c_str());
    const std::string value = argv[++i];
    if (arg == "--listen") listen_text = value;
    else if (arg == "--host-key") host_key_path = value;
    else if (arg == "--authorized-keys") authorized_path = value;
    else if (arg == "--password-file") password_path = value;
    else if (arg == "--sftp-server") config.connection.sftp_server = value;
    else if (arg == "--max-sessions") {
      if (!parse_count(value, 100000, &max_sessions)) return usage("--max-sessions takes a number from 1 to 100000");
    } else if (arg == "--rekey-bytes") {
      if (!parse_count(value, 1ull << 40, &rekey_bytes)) return usage("--rekey-bytes takes a number from 1 to 2^40");
    } else if (arg == "--rekey-seconds") {
      if (!parse_count(value, 1ull << 31, &rekey_seconds)) return usage("--rekey-seconds takes a number from 1 to 2^31");
    } else {
      return usage(("unknown option " + arg).c_str());
    }
  }
  if (host_key_path.empty() || authorized_path.empty()) return usage("--host-key and --authorized-keys are required");

  std::string error;
  auto host_key = ssh_server::load_host_key(host_key_path, &error);
  if (!host_key) {
    std::fprintf(stderr, "ssh_server: %s\n", error.c_str());
    return 1;
  }
  error.clear();
  auto authorized = ssh_server::load_authorized_keys(authorized_path, &error);
  if (!error.empty()) std::fprintf(stderr, "ssh_server: %s", error.c_str());
  if (!authorized) return 1;
  if (!password_path.empty()) {
    config.connection.password = ssh_server::load_password(password_path, &error);
    if (!config.connection.password) {
      std::fprintf(stderr, "ssh_server: %s\n", error.c_str());
      return 1;
    }
  }
  config.transport.host_key = &*host_key;
  config.transport.rekey_bytes = rekey_bytes;
  config.transport.rekey_after = std::chrono::seconds(rekey_seconds);
  config.connection.authorized_keys = &*authorized;

  auto at = mpl::server::parse_endpoint(listen_text, &error);
  const int listen_fd = at ? mpl::server::listen_tcp(*at, false, 128, &error) : -1;
  if (listen_fd < 0) {
    std::fprintf(stderr, "ssh_server: %s\n", error.c_str());
    return 1;
  }

  // A command's stdin closing under us is an EPIPE, not a signal; children
  // ending arrive on a signalfd so that the loop reaps them at once.
  signal(SIGPIPE, SIG_IGN);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, nullptr);
  const int chld_fd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);

  mpl::server::event_loop loop;
  stop.attach(loop);
  loop.watch(chld_fd, EPOLLIN, [chld_fd](std::uint32_t) {
    signalfd_siginfo info;
    while (read(chld_fd, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
    }
    ssh_server::Session::for_each_live([](ssh_server::Session& s) { s.child_exited(); });
    ssh_server::reap_orphans();
  });

  mpl::server::tcp_server_options options;
  options.max_connections = max_sessions;
  // One packet (256 KiB at most) and what follows it; flow control keeps
  // the output near 1 MiB (connection.h), the hard bound is above it.
  options.limits.max_input = 320 * 1024;
  options.limits.output_high_water = 1024 * 1024;
  options.limits.max_output = 16 * 1024 * 1024;
  options.limits.idle_timeout = std::chrono::milliseconds(0);  // sessions may idle; login has its own limit
  // About one full data packet (32 KiB and its framing) per turn: a bulk
  // transfer then delays a keystroke on another session by one packet's
  // decryption, not by a whole buffer's.
  options.limits.read_per_event = 36 * 1024;
  mpl::server::tcp_server server(loop, listen_fd,
                                 [](mpl::bytes prefix) { return ssh_server::Transport::frame_version(prefix); },
                                 options, [&](const mpl::server::endpoint&) {
                                   auto s = std::make_shared<ssh_server::Session>(loop, config);
                                   return s->handlers();
                                 });
  std::printf("listening on %s\n", mpl::server::local_endpoint(listen_fd)->text().c_str());
  std::fflush(stdout);
  loop.run();
  server.close_all();
  loop.unwatch(chld_fd);
  close(chld_fd);
  std::fprintf(stderr, "ssh_server: stopped\n");
  return 0;
}
