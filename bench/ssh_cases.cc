// SSH: parse a captured binary packet carrying SSH_MSG_KEXINIT (packet and
// padding lengths, the cookie, each of the ten name-lists' length, name
// count and first name, first_kex_packet_follows, reserved), through the
// generated code and the hand-written baseline. libtins has no SSH, so it
// has no case here.
//
// Case names are <operation>/<input>/<implementation>; bench/report.py pairs
// them up by that last part.
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "registry.h"
#include "timed_loops.h"
#include "ssh_fields.h"
#include "ssh_generated.h"
#include "ssh_handwritten.h"
#include "ssh_packets.h"

namespace bench {
namespace {

using ParseFn = bool (*)(mpl::bytes, SshKexinitFields&) noexcept;

struct Impl {
  const char* name;
  ParseFn parse;
};

const std::vector<Impl>& impls() {
  static const std::vector<Impl> all = {
      {"generated", gen_ssh::parse_ssh_kexinit_packet},
      {"handwritten", hand_ssh::parse_ssh_kexinit_packet},
  };
  return all;
}

mpl::bytes kexinit_packet() {
  return mpl::bytes{kSshKexinitPacket, sizeof kSshKexinitPacket};
}

// What tshark shows for the captured packet (tests/captures/ssh.pcap,
// frame 12).
SshKexinitFields expected_fields() {
  SshKexinitFields f;
  f.packet_length = 284;
  f.padding_length = 9;
  f.payload_size = 274;
  f.message_number = kSshMsgKexinit;
  f.cookie = {0xa6, 0xe3, 0xa0, 0x7a, 0x3b, 0xf0, 0x42, 0x35,
              0xe5, 0x0d, 0x00, 0xb3, 0x37, 0x17, 0x8b, 0x62};
  f.name_lists = {{
      // ...,diffie-hellman-group14-sha256,diffie-hellman-group-exchange-sha256,kex-strict-s-v00@openssh.com
      {113, 4, "curve25519-sha256"},
      {11, 1, "ssh-ed25519"},
      {10, 1, "aes128-ctr"},
      {10, 1, "aes128-ctr"},
      {13, 1, "hmac-sha2-256"},
      {13, 1, "hmac-sha2-256"},
      {21, 2, "none"},  // ...,zlib@openssh.com
      {21, 2, "none"},
      {0, 0, ""},
      {0, 0, ""},
  }};
  f.first_kex_packet_follows = 0;
  f.reserved = 0;
  return f;
}

// ---------------------------------------------------------------- cases

void parse_case(benchmark::State& state, ParseFn parse) { time_parse<SshKexinitFields>(state, kexinit_packet(), parse); }

const bool registered = [] {
  for (const Impl& impl : impls()) {
    benchmark::RegisterBenchmark((std::string("parse/ssh_kexinit/") + impl.name).c_str(),
                                 parse_case, impl.parse);
  }
  return true;
}();

// ---------------------------------------------------------------- self-checks

std::string differs(const char* what, const Impl& impl) {
  return std::string("SSH ") + what + ": " + impl.name;
}

// Parses `bytes` from a fresh copy of exactly that size, so that
// AddressSanitizer sees any read past the end. The names in `f` point into
// the copy: compare them before it goes, i.e. inside the caller's `check`.
template <class Check>
bool parse_copy(const Impl& impl, mpl::bytes bytes, Check check) {
  const std::vector<std::uint8_t> copy(bytes.begin(), bytes.end());
  SshKexinitFields f;
  const bool ok = impl.parse(mpl::bytes{copy.data(), copy.size()}, f);
  check(ok, f);
  return ok;
}

const bool checked = [] {
  add_self_check("SSH KEXINIT parse agrees with tshark", [] {
    const SshKexinitFields expected = expected_fields();
    for (const Impl& impl : impls()) {
      SshKexinitFields f;
      if (!impl.parse(kexinit_packet(), f)) return differs("refused the captured KEXINIT", impl);
      if (!(f == expected)) return differs("fields differ from tshark's", impl);
    }
    return std::string();
  });
  add_self_check("SSH KEXINIT truncated at every length is refused", [] {
    for (const Impl& impl : impls()) {
      for (std::size_t n = 0; n < kexinit_packet().size(); ++n) {
        if (parse_copy(impl, kexinit_packet().first(n), [](bool, const SshKexinitFields&) {})) {
          return differs("accepted a truncated packet", impl);
        }
      }
    }
    return std::string();
  });
  // Every byte of the packet set to values that cross the rules (lengths,
  // padding below 4, the message number, a comma, a space, DEL, a non-ASCII
  // byte, ...): the hand-written reader accepts exactly what the generated
  // one accepts, and reads the same values from it.
  add_self_check("SSH KEXINIT with one byte changed: accepted and read alike", [] {
    const std::uint8_t values[] = {0x00, 0x01, 0x03, 0x04, 0x05, 0x0b, 0x14, 0x15, 0x20, 0x21,
                                   0x2c, 0x41, 0x7e, 0x7f, 0x80, 0xe4, 0xe8, 0xec, 0xf4, 0xff};
    const Impl& reference = impls().front();
    std::size_t accepted = 0;
    for (std::size_t at = 0; at < kexinit_packet().size(); ++at) {
      for (std::uint8_t v : values) {
        std::vector<std::uint8_t> changed(kexinit_packet().begin(), kexinit_packet().end());
        changed[at] = v;
        const mpl::bytes bytes{changed.data(), changed.size()};
        SshKexinitFields want;
        const bool ok = reference.parse(bytes, want);  // names point into `changed`
        accepted += ok ? 1 : 0;
        for (const Impl& impl : impls()) {
          bool same = true;
          const bool got_ok = parse_copy(
              impl, bytes, [&](bool, const SshKexinitFields& got) { same = got == want; });
          if (got_ok != ok || (ok && !same)) {
            return differs("disagrees with the generated reader", impl) + " (byte " +
                   std::to_string(at) + " = " + std::to_string(v) + ")";
          }
        }
      }
    }
    if (accepted == 0) return std::string("SSH: no changed packet was accepted");
    return std::string();
  });
  return true;
}();

}  // namespace
}  // namespace bench
