// The ssh_kexinit case through mplc-generated code (specs/ssh.mpl, bounds
// checks elided), as the generated interface asks a user to read it: the
// binary packet with ssh_packet::parse(bytes, block_size), its payload with
// ssh_message::parse(payload, kex, auth_method, port_reply), then the
// KexInit case, whose name-lists are mpl::ssh::name_list_view
// (runtime/include/mpl/ssh.h).
#pragma once

#include <mpl/bytes.h>
#include <mpl/ssh.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "elided/ssh.h"
#include "ssh_fields.h"

namespace bench::gen_ssh {

namespace packet = ::ssh::ssh_packet;
namespace message = ::ssh::ssh_message;

inline SshNameList name_list_of(const mpl::ssh::name_list_view& v) noexcept {
  return SshNameList{static_cast<std::uint32_t>(v.text().size()),
                     static_cast<std::uint32_t>(v.size()),
                     v.empty() ? std::string_view{} : *v.begin()};
}

inline bool parse_ssh_kexinit_packet(mpl::bytes in, SshKexinitFields& f) noexcept {
  auto p = packet::parse(in, kSshBlockSize);
  if (!p.ok()) return false;
  f.packet_length = p->packet_length();
  f.padding_length = p->padding_length();
  const mpl::bytes payload = p->payload();
  f.payload_size = static_cast<std::uint32_t>(payload.size());
  // The parameters only matter for messages 30..34, 60 and 81: any value
  // reads KEXINIT the same.
  auto m = message::parse(payload, mpl::ssh::kex_method::dh, mpl::ssh::auth_method::none, false);
  if (!m.ok()) return false;
  f.message_number = static_cast<std::uint8_t>(m->message_number());
  auto k = m->as_KexInit();
  if (!k) return false;
  std::memcpy(f.cookie.data(), k->cookie().data(), f.cookie.size());
  f.name_lists[0] = name_list_of(k->kex_algorithms());
  f.name_lists[1] = name_list_of(k->server_host_key_algorithms());
  f.name_lists[2] = name_list_of(k->encryption_algorithms_client_to_server());
  f.name_lists[3] = name_list_of(k->encryption_algorithms_server_to_client());
  f.name_lists[4] = name_list_of(k->mac_algorithms_client_to_server());
  f.name_lists[5] = name_list_of(k->mac_algorithms_server_to_client());
  f.name_lists[6] = name_list_of(k->compression_algorithms_client_to_server());
  f.name_lists[7] = name_list_of(k->compression_algorithms_server_to_client());
  f.name_lists[8] = name_list_of(k->languages_client_to_server());
  f.name_lists[9] = name_list_of(k->languages_server_to_client());
  f.first_kex_packet_follows = k->first_kex_packet_follows();
  f.reserved = k->reserved();
  return true;
}

}  // namespace bench::gen_ssh
