// What every parser of the ssh_kexinit cases produces from a binary packet
// carrying SSH_MSG_KEXINIT (RFC 4253 §6 and §7.1): plain values, so the
// self-checks compare results with == and benchmark::DoNotOptimize forces
// every one to be computed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace bench {

// RFC 4253 §6: packets before NEWKEYS are aligned to 8 bytes.
inline constexpr std::uint64_t kSshBlockSize = 8;
inline constexpr std::uint8_t kSshMsgKexinit = 20;

// One name-list: its length in bytes, how many names it holds, and the
// first name (the client's preference in a client's list), pointing into the
// packet. operator== compares the names' text.
struct SshNameList {
  std::uint32_t length = 0;
  std::uint32_t count = 0;
  std::string_view first{};

  bool operator==(const SshNameList&) const = default;
};

// The ten name-lists of KEXINIT, in wire order: kex, server host key,
// encryption c->s and s->c, MAC c->s and s->c, compression c->s and s->c,
// languages c->s and s->c.
inline constexpr std::size_t kSshNameLists = 10;

struct SshKexinitFields {
  // The binary packet.
  std::uint32_t packet_length = 0;
  std::uint8_t padding_length = 0;
  std::uint32_t payload_size = 0;
  // The message.
  std::uint8_t message_number = 0;
  std::array<std::uint8_t, 16> cookie{};
  std::array<SshNameList, kSshNameLists> name_lists{};
  std::uint8_t first_kex_packet_follows = 0;
  std::uint32_t reserved = 0;

  bool operator==(const SshKexinitFields&) const = default;
};

}  // namespace bench
