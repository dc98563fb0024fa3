// What mpldump reads from a session's negotiation to decode what follows
// (docs/mpldump.md, "Stateful decoding"): BGP's ADD-PATH capability, the
// SSH key exchange method, and the BGP marker a stream resyncs at.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mpldump {

// The ADD-PATH modes for IPv4 unicast an OPEN advertises, read through the
// generated view of its capabilities (RFC 7911 §4: AFI, SAFI, Send/Receive).
template <class Open>
void read_add_path(const Open& open, bool& send, bool& receive) {
  send = receive = false;
  for (const auto& p : open.optional_parameters()) {
    auto capabilities = p.parameter().as_Capabilities();
    if (!capabilities) continue;
    for (const auto& c : capabilities->capabilities()) {
      auto add_path = c.capability().as_AddPath();
      if (!add_path) continue;
      for (const auto& f : add_path->families()) {
        if (f.afi() != 1 || f.safi() != 1) continue;
        const auto mode = static_cast<std::uint64_t>(f.send_receive());
        send = send || mode == 2 || mode == 3;
        receive = receive || mode == 1 || mode == 3;
      }
    }
  }
}

// After a gap in a BGP stream: drops the bytes before the first marker (16
// bytes of all ones, RFC 4271 §4.1). False when there is none yet; the last
// 15 bytes are kept, as a marker may begin there.
bool hunt_marker(std::vector<std::uint8_t>& buffer);

// The names of an SSH name-list view (a KEXINIT's), joined by commas.
template <class Names>
std::string joined(const Names& names) {
  std::string text;
  for (std::string_view n : names) text += (text.empty() ? "" : ",") + std::string(n);
  return text;
}

// The SSH kex_method (specs/ssh.mpl) of a key exchange method name.
std::uint64_t kex_of(std::string_view name);

// The client's first method that the server also offers (RFC 4253 §7.1),
// from two comma-separated name-lists.
std::string first_common(const std::string& client, const std::string& server);

// How SSH records look after NEWKEYS with `cipher` and `mac` negotiated:
// the length of the tag (AES-GCM's, RFC 5647) or MAC (the -etm MACs) after
// a record whose packet_length stays in clear; -1 when the length is
// encrypted too (every other cipher and MAC, chacha20-poly1305 included).
int clear_length_tag(std::string_view cipher, std::string_view mac);

}  // namespace mpldump
