// Which application protocol a port carries: mpldump's defaults (53 DNS,
// 67/68 DHCP, 179 BGP, 22 SSH, 564 9P) plus the user's --decode-as rules,
// which win over the defaults (docs/mpldump.md, "Choosing the protocol").
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mpldump {

enum class AppProtocol { kDns, kDhcp, kBgp, kSsh, k9p };
enum class Transport { kUdp, kTcp };

struct DecodeAs {
  Transport transport = Transport::kTcp;
  std::uint16_t port = 0;
  AppProtocol protocol = AppProtocol::kDns;
};

// Reads one --decode-as argument: `PORT:PROTOCOL` (every transport the
// protocol runs over), or tshark's `tcp.port==PORT,PROTOCOL` and
// `udp.port==PORT,PROTOCOL`. Appends the rules it names to `out`; on a
// malformed argument returns why (naming the known protocols when the
// protocol is unknown) and appends nothing.
std::string parse_decode_as(const std::string& text, std::vector<DecodeAs>& out);

// The protocol the user's rules give a segment between these ports, if any.
// Sets `found` to false when no rule names either port.
AppProtocol lookup(const std::vector<DecodeAs>& rules, Transport transport, std::uint16_t source_port,
                   std::uint16_t destination_port, bool& found);

}  // namespace mpldump
