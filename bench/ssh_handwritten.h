// The hand-written reader of the ssh_kexinit cases: what a careful engineer
// writes without a code generator. Every load goes through a helper that
// checks the bytes are there first (bench::hand's read_u8/u32; a name-list's
// text and the cookie are checked as one run each), and the reader
// enforces the rules the generated code enforces (specs/ssh.mpl,
// runtime/include/mpl/ssh.h), so neither wins by checking less:
//
// * the binary packet (ssh_packet::parse with block size 8): padding_length
//   at least 4; packet_length covers padding_length + 1 (the payload size is
//   not negative); payload and padding inside the bytes given;
//   packet_length + 4 a multiple of the block size;
// * the message (ssh_message::parse on the payload, then as_KexInit()):
//   message number 20; the 16-byte cookie, ten name-lists,
//   first_kex_packet_follows and reserved inside the payload. Bytes after
//   reserved are not refused by either (RFC 4253 §7.1 does not forbid them);
//   reserved is not required to be 0 on parse (only written as 0);
// * each name-list (mpl::ssh::name_list::validate): a uint32 length inside
//   the payload, then text that is empty or names separated by single
//   commas (no comma first, last or doubled), every byte printable US-ASCII
//   other than space (0x21..0x7e; RFC 4251 §5, §6).
//
// It reads each name-list once, checking, counting the names and finding
// the first in the same pass; the generated code validates in parse() and
// the caller's size() and begin() walk the text again. That is what the
// two interfaces cost a user, so it is part of the comparison.
#pragma once

#include <mpl/bytes.h>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "handwritten.h"
#include "ssh_fields.h"

namespace bench::hand_ssh {

using hand::read_u32;
using hand::read_u8;

inline constexpr std::size_t kPacketHeader = 5;  // packet_length, padding_length
inline constexpr std::uint8_t kMinPadding = 4;

// A name-list at `at` of `message`; advances `at` past it.
inline bool read_name_list(mpl::bytes message, std::size_t& at, SshNameList& out) noexcept {
  std::uint32_t length = 0;
  if (!read_u32(message, at, length)) return false;
  at += 4;
  if (length > message.size() - at) return false;  // read_u32 proved at <= size
  const std::uint8_t* text = message.data() + at;
  std::size_t first_end = length;
  std::uint32_t count = length == 0 ? 0 : 1;
  for (std::size_t i = 0; i < length; ++i) {
    const std::uint8_t c = text[i];
    if (c < 0x21 || c > 0x7e) return false;
    if (c == ',') {
      if (i == 0 || i + 1 == length || text[i - 1] == ',') return false;  // an empty name
      if (first_end == length) first_end = i;
      ++count;
    }
  }
  out.length = length;
  out.count = count;
  out.first = std::string_view(reinterpret_cast<const char*>(text), first_end);
  at += length;
  return true;
}

// One binary packet at the start of `in` whose payload is KEXINIT (bytes
// after the packet, such as a MAC, are left alone).
inline bool parse_ssh_kexinit_packet(mpl::bytes in, SshKexinitFields& f) noexcept {
  if (!read_u32(in, 0, f.packet_length) || !read_u8(in, 4, f.padding_length)) return false;
  if (f.padding_length < kMinPadding) return false;
  if (f.packet_length < std::uint32_t{f.padding_length} + 1) return false;
  // The packet_length bytes after the length field, inside `in` (which
  // read_u8 at 4 proved holds at least 5 bytes).
  if (f.packet_length > in.size() - 4) return false;
  if ((std::uint64_t{f.packet_length} + 4) % kSshBlockSize != 0) return false;
  f.payload_size = f.packet_length - f.padding_length - 1;
  const mpl::bytes message = in.subspan(kPacketHeader, f.payload_size);

  if (!read_u8(message, 0, f.message_number) || f.message_number != kSshMsgKexinit) return false;
  if (message.size() < 1 + f.cookie.size()) return false;
  std::memcpy(f.cookie.data(), message.data() + 1, f.cookie.size());
  std::size_t at = 1 + f.cookie.size();
  for (SshNameList& list : f.name_lists) {
    if (!read_name_list(message, at, list)) return false;
  }
  if (!read_u8(message, at, f.first_kex_packet_follows)) return false;
  return read_u32(message, at + 1, f.reserved);
}

}  // namespace bench::hand_ssh
