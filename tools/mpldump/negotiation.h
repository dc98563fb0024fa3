// What mpldump reads from a session's negotiation to decode what follows
// (docs/mpldump.md, "Stateful decoding"): BGP's four-octet AS and ADD-PATH
// capabilities, the SSH key exchange method, and the BGP marker a stream
// resyncs at.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mpldump {

// The address families whose prefixes specs/bgp.mpl takes apart, and so
// the ones whose ADD-PATH negotiation changes how a message parses.
enum class BgpFamily : std::size_t { kIpv4Unicast, kIpv6Unicast };
inline constexpr std::size_t kBgpFamilies = 2;

// What one side's OPEN advertised that the decoding of later messages
// depends on: the four-octet AS capability (65, RFC 6793) and, per family,
// the ADD-PATH modes (69, RFC 7911 §4: Send, Receive or Both).
struct BgpCapabilities {
  bool as4 = false;
  std::array<bool, kBgpFamilies> send{};
  std::array<bool, kBgpFamilies> receive{};
};

// The family of an AFI and SAFI, when it is one of BgpFamily.
std::optional<BgpFamily> bgp_family(std::uint64_t afi, std::uint64_t safi);

// An OPEN's capabilities, read through the generated view of its optional
// parameters.
template <class Open>
BgpCapabilities read_capabilities(const Open& open) {
  BgpCapabilities advertised;
  for (const auto& p : open.optional_parameters()) {
    auto capabilities = p.parameter().as_Capabilities();
    if (!capabilities) continue;
    for (const auto& c : capabilities->capabilities()) {
      if (c.capability().as_FourOctetAs()) advertised.as4 = true;
      auto add_path = c.capability().as_AddPath();
      if (!add_path) continue;
      for (const auto& f : add_path->families()) {
        const auto family = bgp_family(f.afi(), f.safi());
        if (!family) continue;
        const auto i = static_cast<std::size_t>(*family);
        const auto mode = static_cast<std::uint64_t>(f.send_receive());
        advertised.send[i] = advertised.send[i] || mode == 2 || mode == 3;
        advertised.receive[i] = advertised.receive[i] || mode == 1 || mode == 3;
      }
    }
  }
  return advertised;
}

// How the messages one side sends parse, from both sides' last OPENs: the
// parameters of bgp_message and bgp_attribute_value.
struct BgpDirection {
  // Both OPENs were seen. Otherwise the capture began after them: no
  // ADD-PATH, and `as4` unknown (the decoder tries 4-byte AS numbers first).
  bool known = false;
  bool as4 = false;                           // both advertised capability 65
  std::array<bool, kBgpFamilies> add_path{};  // the sender Send and the receiver Receive
};
BgpDirection bgp_direction(const std::optional<BgpCapabilities>& sender,
                           const std::optional<BgpCapabilities>& receiver);

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
