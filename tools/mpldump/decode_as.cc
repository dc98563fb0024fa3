#include "decode_as.h"

#include <array>
#include <cstdlib>

namespace mpldump {

namespace {

struct Known {
  const char* name;
  AppProtocol protocol;
  bool udp, tcp;  // the transports mpldump decodes it over
};

constexpr std::array<Known, 5> kKnown{{
    {"dns", AppProtocol::kDns, true, true},
    {"dhcp", AppProtocol::kDhcp, true, false},
    {"bgp", AppProtocol::kBgp, false, true},
    {"ssh", AppProtocol::kSsh, false, true},
    {"9p", AppProtocol::k9p, false, true},
}};

std::string known_names() {
  std::string names;
  for (const Known& k : kKnown) names += (names.empty() ? "" : ", ") + std::string(k.name);
  return names;
}

bool parse_port(const std::string& text, std::uint16_t& port) {
  if (text.empty() || text.size() > 5 || text.find_first_not_of("0123456789") != std::string::npos) return false;
  const unsigned long value = std::strtoul(text.c_str(), nullptr, 10);
  if (value == 0 || value > 65535) return false;
  port = static_cast<std::uint16_t>(value);
  return true;
}

}  // namespace

std::string parse_decode_as(const std::string& text, std::vector<DecodeAs>& out) {
  std::string port_text, name;
  bool udp = true, tcp = true;  // which transports the rule asks for
  if (text.rfind("tcp.port==", 0) == 0 || text.rfind("udp.port==", 0) == 0) {
    const std::size_t comma = text.find(',');
    if (comma == std::string::npos) return "'" + text + "': expected tcp.port==PORT,PROTOCOL or udp.port==PORT,PROTOCOL";
    port_text = text.substr(10, comma - 10);
    name = text.substr(comma + 1);
    udp = text[0] == 'u';
    tcp = !udp;
  } else {
    const std::size_t colon = text.find(':');
    if (colon == std::string::npos) return "'" + text + "': expected PORT:PROTOCOL, tcp.port==PORT,PROTOCOL or udp.port==PORT,PROTOCOL";
    port_text = text.substr(0, colon);
    name = text.substr(colon + 1);
  }
  std::uint16_t port = 0;
  if (!parse_port(port_text, port)) return "'" + text + "': the port must be a number 1..65535, not '" + port_text + "'";
  for (const Known& k : kKnown) {
    if (name != k.name) continue;
    if ((udp && !tcp && !k.udp) || (tcp && !udp && !k.tcp)) {
      return "'" + text + "': mpldump decodes " + name + " over " + (k.tcp ? "TCP" : "UDP") + " only";
    }
    if (udp && k.udp) out.push_back({Transport::kUdp, port, k.protocol});
    if (tcp && k.tcp) out.push_back({Transport::kTcp, port, k.protocol});
    return {};
  }
  return "'" + text + "': unknown protocol '" + name + "' (known: " + known_names() + ")";
}

AppProtocol lookup(const std::vector<DecodeAs>& rules, Transport transport, std::uint16_t source_port,
                   std::uint16_t destination_port, bool& found) {
  // The destination port first: a client's ephemeral source port may
  // happen to equal another rule's port.
  for (const std::uint16_t port : {destination_port, source_port}) {
    for (const DecodeAs& rule : rules) {
      if (rule.transport == transport && rule.port == port) {
        found = true;
        return rule.protocol;
      }
    }
  }
  found = false;
  return AppProtocol::kDns;
}

}  // namespace mpldump
