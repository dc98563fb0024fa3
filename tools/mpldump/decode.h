// Takes one frame down the protocol stack: link layer by capture link type,
// then Ethernet (one VLAN tag) → ARP | IPv4 | IPv6 (+ extension headers) →
// ICMP | UDP | TCP → DNS, DHCP, BGP, SSH, 9P. TCP payloads of BGP, SSH, DNS
// and 9P are reassembled in order per direction, so a message is reported on the
// frame whose segment completes it (several messages may complete at once).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "capture.h"
#include "layer.h"

namespace mpldump {

class Decoder {
 public:
  // TCP ports (besides 564) whose streams are 9P.
  explicit Decoder(std::vector<std::uint16_t> ninep_ports = {}) : ninep_ports_(std::move(ninep_ports)) {}

  std::vector<Layer> decode(const CaptureFrame& frame);

 private:
  struct Stream {
    enum class App { kUnknown, kBgp, kSsh, kDns, k9p, kNone } app = App::kUnknown;
    bool synced = false;
    std::uint32_t next_seq = 0;
    std::vector<std::uint8_t> buffer;
    bool version_seen = false;  // SSH: the identification line was read
    bool encrypted = false;     // SSH: after NEWKEYS in this direction
    bool client = false;        // SSH: this direction is the client's
  };
  struct Connection {
    std::string client_kex, server_kex;  // SSH: kex_algorithms of each side's KEXINIT
    std::uint64_t kex = 0;
    bool ssh1 = false;  // SSH: a side speaks protocol 1 (not decoded)
    bool dotu = false;  // 9P: Tversion/Rversion named 9P2000.u or 9P2000.L
  };

  void link(std::uint32_t linktype, mpl::bytes data);
  void network(std::uint64_t ethertype, mpl::bytes data);
  void ipv4(mpl::bytes data);
  void ipv6(mpl::bytes data);
  void transport(std::uint64_t protocol, mpl::bytes data, const std::string& addresses);
  void udp(mpl::bytes data);
  void tcp(mpl::bytes data, const std::string& addresses);
  void drain(Stream& stream, Connection& connection);
  void dns(mpl::bytes data);

  std::vector<std::uint16_t> ninep_ports_;
  std::vector<Layer> layers_;
  std::map<std::string, Stream> streams_;          // "src>dst" address:port pairs
  std::map<std::string, Connection> connections_;  // the lower of the two stream keys
};

}  // namespace mpldump
