// Takes one frame down the protocol stack: link layer by capture link type,
// then Ethernet (one VLAN tag) → ARP | IPv4 | IPv6 (+ extension headers) →
// ICMP | UDP | TCP → DNS, DHCP, BGP, SSH, 9P.
//
// Stateful (docs/mpldump.md, "Stateful decoding"): IPv4 and IPv6 fragments
// are reassembled (fragments.h) and a datagram decoded on the frame that
// completes it. TCP payloads of BGP, SSH, DNS and 9P are reassembled per
// direction (reassembly.h): out-of-order segments wait, bounded, for their
// gap to fill; a gap that will not fill is given up (BGP at once, resyncing
// at its marker; the others when the peer acknowledges past it, beyond the
// bounds, or at finish()). A message is reported on the frame whose segment
// completes it (several messages may complete at once). Per connection the
// decoder follows the negotiation it needs (negotiation.h): each BGP side's
// four-octet AS and ADD-PATH capabilities (the parameters of an UPDATE and
// of its path attribute values), the SSH key
// exchange method and NEWKEYS, the 9P dialect.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <array>

#include <mpl/checksum.h>

#include "capture.h"
#include "check.h"
#include "decode_as.h"
#include "fragments.h"
#include "layer.h"
#include "negotiation.h"
#include "reassembly.h"

namespace mpldump {

class Decoder {
 public:
  // `decode_as`: the user's port rules, which win over the default ports.
  // With `check`, every decoded message is also rebuilt and truncated
  // (check.h) and the layer carries the result.
  explicit Decoder(std::vector<DecodeAs> decode_as = {}, bool check = false)
      : decode_as_(std::move(decode_as)), check_(check) {}

  // The frame's layers, valid until the next decode() or finish().
  const std::vector<Layer>& decode(const CaptureFrame& frame);
  // End of the capture: the messages in TCP segments still waiting behind
  // a gap that never filled (docs/mpldump.md, "Stateful decoding").
  const std::vector<Layer>& finish();

 private:
  struct Connection;
  struct Stream {
    enum class App { kUnknown, kBgp, kSsh, kDns, k9p, kNone } app = App::kUnknown;
    TcpReassembly reassembly;
    std::vector<std::uint8_t> buffer;  // delivered bytes not yet framed into a message
    bool bgp_hunting = false;          // BGP: after a gap, looking for the next marker
    bool version_seen = false;  // SSH: the identification line was read
    bool encrypted = false;     // SSH: not decoded further (NEWKEYS, or not SSH after all)
    bool newkeys = false;       // SSH: NEWKEYS seen: what follows is shown as encrypted bytes
    int record_tag = -1;        // SSH after NEWKEYS: the tag after a record whose length is in clear, or -1
    bool client = false;        // SSH: this direction is the client's
    int side = 0;               // 0 or 1: which Connection::bgp_open is this direction's
    Connection* connection = nullptr;  // both directions' state (connections_ keeps it in place)
  };
  struct Connection {
    std::string client_kex, server_kex;  // SSH: kex_algorithms of each side's KEXINIT
    // SSH: each side's KEXINIT cipher and MAC name-lists, [0] client to
    // server, [1] server to client.
    std::array<std::string, 2> client_ciphers, server_ciphers, client_macs, server_macs;
    std::uint64_t kex = 0;
    bool ssh1 = false;  // SSH: a side speaks protocol 1 (not decoded)
    bool dotu = false;  // 9P: Tversion/Rversion named 9P2000.u or 9P2000.L
    // BGP: by Stream::side, what the last OPEN of each side advertised.
    std::array<std::optional<BgpCapabilities>, 2> bgp_open{};
    // How the messages `side` sends parse (ADD-PATH per family, as4).
    BgpDirection bgp(int side) const {
      return bgp_direction(bgp_open[static_cast<std::size_t>(side)], bgp_open[static_cast<std::size_t>(1 - side)]);
    }
  };

  // The IP layer around the current transport segment, for rebuilding UDP
  // and TCP, whose checksums cover a pseudo-header.
  struct Pseudo {
    int version = 4;
    std::array<std::uint8_t, 16> src{}, dst{};
    std::uint8_t protocol = 0;
  };

  // A layer appended to layers_, reusing one of an earlier frame.
  Layer& new_layer(const char* protocol);
  void clear_layers();
  void encrypted_layer(std::size_t length, std::optional<std::size_t> packet_length = std::nullopt);
  template <class Ops, class Parse, class Write = WriteBuilder>
  auto add_layer(const char* protocol, Ops ops, mpl::bytes data, Parse parse, Write write = {})
      -> decltype(parse(data));
  mpl::checksum_accumulator pseudo_header(std::size_t length) const;
  auto transport_writer() const;  // writes UDP and TCP with pseudo_header()

  void link(std::uint32_t linktype, mpl::bytes data);
  void network(std::uint64_t ethertype, mpl::bytes data);
  void ipv4(mpl::bytes data);
  void ipv6(mpl::bytes data);
  void transport(std::uint64_t protocol, mpl::bytes data, const std::string& addresses);
  void udp(mpl::bytes data);
  void tcp(mpl::bytes data, const std::string& addresses);
  void deliver(Stream& stream, Connection& connection, std::vector<TcpReassembly::Chunk>& chunks);
  void bgp_restart(Stream& stream);
  // One BGP message: its layer, then, for an UPDATE, one layer per path
  // attribute value; an OPEN updates the connection's capabilities.
  void bgp_message(const Stream& stream, Connection& connection, mpl::bytes message);
  void drain(Stream& stream, Connection& connection);
  void dns(mpl::bytes data);

  std::vector<DecodeAs> decode_as_;
  bool check_ = false;
  Pseudo pseudo_;
  std::vector<Layer> layers_;
  // Layers of earlier frames, kept for their capacity (fields, arena): a
  // frame's layers then allocate nothing once the capture is under way.
  std::vector<Layer> spare_layers_;
  // Looked up for every TCP segment: hashed. Nodes stay in place, so a
  // Stream can point at its Connection.
  std::unordered_map<std::string, Stream> streams_;          // "src>dst:sport>dport"
  std::unordered_map<std::string, Connection> connections_;  // the lower of the two stream keys
  // Built for every packet, kept for their capacity.
  std::string addresses_;   // "src>dst" of the current IP packet
  std::string stream_key_;  // the current TCP segment's stream
  std::string reverse_key_;
  std::vector<TcpReassembly::Chunk> chunks_;       // reused by tcp()
  IpFragments fragments_;                          // IPv4 and IPv6 datagrams being reassembled
  mpl::bytes frame_;  // the current frame's bytes (none in finish())
  std::uint64_t now_ = 0;                          // the current frame's capture time, in nanoseconds
};

}  // namespace mpldump
