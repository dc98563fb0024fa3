#include "decode.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <utility>

#include <mpl/dns.h>
#include <mpl/ssh.h>

#include "9p.h"
#include "arp.h"
#include "bgp.h"
#include "dhcp.h"
#include "dns.h"
#include "ethernet.h"
#include "flow_keys.h"
#include "icmp.h"
#include "ipv4.h"
#include "ipv6.h"
#include "negotiation.h"
#include "null.h"
#include "sll.h"
#include "sll2.h"
#include "ssh.h"
#include "tcp.h"
#include "udp.h"

// The generated code of packet P lives in namespace P; what add_layer()
// needs from it, as two generic lambdas.
#define MPLDUMP_PACKET(P)                                    \
  ::mpldump::PacketOps {                                     \
    [](const auto& v, auto& visitor) { P::visit(v, visitor); }, \
        [](const auto& v) { return P::builder::from(v); }    \
  }

namespace mpldump {

Layer& Decoder::new_layer(const char* protocol) {
  if (spare_layers_.empty()) {
    layers_.emplace_back();
  } else {
    layers_.push_back(std::move(spare_layers_.back()));
    spare_layers_.pop_back();
  }
  layers_.back().reset(protocol, frame_);
  return layers_.back();
}

void Decoder::clear_layers() {
  for (Layer& layer : layers_) spare_layers_.push_back(std::move(layer));
  layers_.clear();
}

// SSH bytes after NEWKEYS: one layer with their count, and the record's
// packet_length when it is in clear.
void Decoder::encrypted_layer(std::size_t length, std::optional<std::size_t> packet_length) {
  Layer& layer = new_layer("ssh_encrypted");
  layer.size = length;
  FieldCollector fields(layer);
  fields.integer("length", length, 64);
  if (packet_length) fields.integer("packet_length", *packet_length, 64);
}

// Parses `data` with `parse`, and on success collects the fields through
// the packet's generated visit() (and, with --check, rebuilds and truncates
// the message); either way appends one layer.
template <class Ops, class Parse, class Write>
auto Decoder::add_layer(const char* protocol, Ops ops, mpl::bytes data, Parse parse, Write write)
    -> decltype(parse(data)) {
  auto result = parse(data);
  Layer& layer = new_layer(protocol);
  if (!result) {
    layer.error = layer_error(result.error());
    return result;
  }
  layer.size = data.size();
  FieldCollector collector(layer);
  ops.visit(*result, collector);
  if (check_) layer.check = check_message(layer, *result, ops, parse, write);
  return result;
}

mpl::checksum_accumulator Decoder::pseudo_header(std::size_t length) const {
  if (pseudo_.version == 6) {
    return mpl::ipv6_pseudo_header(pseudo_.src.data(), pseudo_.dst.data(), static_cast<std::uint32_t>(length),
                                   pseudo_.protocol);
  }
  return mpl::ipv4_pseudo_header(pseudo_.src.data(), pseudo_.dst.data(), pseudo_.protocol,
                                 static_cast<std::uint16_t>(length));
}

auto Decoder::transport_writer() const {
  return [this](const auto& builder, mpl::mutable_bytes out) {
    return builder.write(out, pseudo_header(builder.size()));
  };
}

const std::vector<Layer>& Decoder::decode(const CaptureFrame& frame) {
  clear_layers();
  frame_ = frame.data;
  now_ = frame.seconds * 1'000'000'000 + frame.nanoseconds;
  link(frame.linktype, frame.data);
  return layers_;
}

void Decoder::link(std::uint32_t linktype, mpl::bytes data) {
  switch (linktype) {
    case 1: {
      auto e = add_layer("ethernet", MPLDUMP_PACKET(ethernet::ethernet), data,
                         [](mpl::bytes b) { return ethernet::ethernet::parse(b); });
      if (!e) return;
      if (auto b = e->as_IPv4()) return network(0x0800, b->payload());
      if (auto b = e->as_Arp()) return network(0x0806, b->payload());
      if (static_cast<std::uint64_t>(e->ethertype()) == 0x8035) {
        if (auto b = e->as_Other()) return network(0x8035, b->payload());
      }
      if (auto b = e->as_IPv6()) return network(0x86dd, b->payload());
      if (auto vlan = e->as_Vlan()) {
        if (auto b = vlan->as_TaggedIPv4()) return network(0x0800, b->payload());
        if (auto b = vlan->as_TaggedArp()) return network(0x0806, b->payload());
        if (auto b = vlan->as_TaggedIPv6()) return network(0x86dd, b->payload());
      }
      return;
    }
    case 113: {
      auto s = add_layer("sll", MPLDUMP_PACKET(sll::sll), data, [](mpl::bytes b) { return sll::sll::parse(b); });
      if (s) network(static_cast<std::uint64_t>(s->protocol()), s->payload());
      return;
    }
    case 276: {
      auto s = add_layer("sll2", MPLDUMP_PACKET(sll2::sll2), data, [](mpl::bytes b) { return sll2::sll2::parse(b); });
      if (s) network(static_cast<std::uint64_t>(s->protocol()), s->payload());
      return;
    }
    case 0: {
      auto n = add_layer("null", MPLDUMP_PACKET(null::null), data, [](mpl::bytes b) { return null::null::parse(b); });
      if (!n) return;
      // AF_INET is 2 everywhere, AF_INET6 24, 28 or 30 depending on the
      // BSD; for any other value (seen in real captures) the IP version
      // nibble decides, as for raw IP.
      auto family = static_cast<std::uint32_t>(n->family());
      if (family > 0xffff) family = (family >> 24) | ((family >> 8) & 0xff00);
      const mpl::bytes payload = n->payload();
      if (family == 2) return ipv4(payload);
      if (family == 24 || family == 28 || family == 30) return ipv6(payload);
      if (!payload.empty() && payload[0] >> 4 == 4) return ipv4(payload);
      return ipv6(payload);
    }
    case 101:  // raw IP: the version nibble decides
      if (!data.empty() && data[0] >> 4 == 6) return ipv6(data);
      return ipv4(data);
    case 228:
      return ipv4(data);
    case 229:
      return ipv6(data);
    default:
      FieldCollector(new_layer("unsupported")).text("linktype", std::to_string(linktype));
      return;
  }
}

void Decoder::network(std::uint64_t ethertype, mpl::bytes data) {
  switch (ethertype) {
    case 0x0800:
      return ipv4(data);
    case 0x86dd:
      return ipv6(data);
    case 0x0806:
    case 0x8035:  // RARP (RFC 903) has ARP's format
      add_layer("arp", MPLDUMP_PACKET(arp::arp), data, [](mpl::bytes b) { return arp::arp::parse(b); });
      return;
    default:
      return;
  }
}

void Decoder::ipv4(mpl::bytes data) {
  auto ip = add_layer("ipv4", MPLDUMP_PACKET(ipv4::ipv4), data, [](mpl::bytes b) { return ipv4::ipv4::parse(b); });
  if (!ip) return;
  const std::uint32_t s = ip->src(), d = ip->dst();
  const auto protocol = static_cast<std::uint64_t>(ip->protocol());
  mpl::bytes payload = ip->payload();
  // A fragment: the datagram is decoded on the frame that completes it.
  if (ip->fragment_offset() != 0 || ip->more_fragments() != 0) {
    const std::string key = "4 " + std::to_string(s) + ">" + std::to_string(d) + " " + std::to_string(protocol) +
                            " " + std::to_string(ip->identification());
    if (fragments_.add(key, now_, static_cast<std::size_t>(ip->fragment_offset()) * 8, ip->more_fragments() != 0,
                       protocol, payload) != IpFragments::Outcome::kComplete) {
      return;
    }
    payload = fragments_.payload();
  }
  pseudo_.version = 4;
  mpl::store_u32_be(pseudo_.src.data(), s);
  mpl::store_u32_be(pseudo_.dst.data(), d);
  addresses_.clear();
  append_key_decimal(addresses_, s);
  addresses_ += '>';
  append_key_decimal(addresses_, d);
  transport(protocol, payload, addresses_);
}

void Decoder::ipv6(mpl::bytes data) {
  auto ip = add_layer("ipv6", MPLDUMP_PACKET(ipv6::ipv6), data, [](mpl::bytes b) { return ipv6::ipv6::parse(b); });
  if (!ip) return;
  std::uint64_t next = static_cast<std::uint64_t>(ip->next_header());
  mpl::bytes payload = ip->payload();
  std::string& addresses = addresses_;
  addresses.clear();
  append_key_hex(addresses, ip->src());
  addresses += '>';
  append_key_hex(addresses, ip->dst());
  pseudo_.version = 6;
  std::copy(ip->src().begin(), ip->src().end(), pseudo_.src.begin());
  std::copy(ip->dst().begin(), ip->dst().end(), pseudo_.dst.begin());
  bool reassembled = false;
  // At most a handful of extension headers; a loop of them is not a packet.
  for (int i = 0; i < 8; ++i) {
    if (next == 0 || next == 43 || next == 60) {
      auto ext = add_layer("ipv6_extension", MPLDUMP_PACKET(ipv6::ipv6_extension), payload,
                           [](mpl::bytes b) { return ipv6::ipv6_extension::parse(b); });
      if (!ext) return;
      next = ext->next_header();
      payload = ext->payload();
    } else if (next == 44) {
      auto frag = add_layer("ipv6_fragment", MPLDUMP_PACKET(ipv6::ipv6_fragment), payload,
                            [](mpl::bytes b) { return ipv6::ipv6_fragment::parse(b); });
      if (!frag) return;
      next = frag->next_header();
      payload = frag->payload();
      if (frag->fragment_offset() == 0 && frag->more_fragments() == 0) continue;  // an atomic fragment
      // A fragment inside a reassembled datagram is not one more level of
      // reassembly (RFC 8200 §4.5 has none).
      if (reassembled) return;
      const std::string key = "6 " + addresses + " " + std::to_string(frag->identification());
      if (fragments_.add(key, now_, static_cast<std::size_t>(frag->fragment_offset()) * 8,
                         frag->more_fragments() != 0, next, payload) != IpFragments::Outcome::kComplete) {
        return;
      }
      reassembled = true;
      next = fragments_.protocol();
      payload = fragments_.payload();
    } else {
      break;
    }
  }
  transport(next, payload, addresses);
}

void Decoder::transport(std::uint64_t protocol, mpl::bytes data, const std::string& addresses) {
  pseudo_.protocol = static_cast<std::uint8_t>(protocol);
  switch (protocol) {
    case 1:
      add_layer("icmp", MPLDUMP_PACKET(icmp::icmp), data, [](mpl::bytes b) { return icmp::icmp::parse(b); });
      return;
    case 17:
      return udp(data);
    case 6:
      return tcp(data, addresses);
    default:
      return;
  }
}

void Decoder::udp(mpl::bytes data) {
  auto u = add_layer(
      "udp", MPLDUMP_PACKET(udp::udp), data, [](mpl::bytes b) { return udp::udp::parse(b); },
      transport_writer());
  if (!u) return;
  const auto sp = u->source_port(), dp = u->destination_port();
  bool chosen = false;
  const AppProtocol app = lookup(decode_as_, Transport::kUdp, sp, dp, chosen);
  auto either = [&](std::uint16_t port) { return sp == port || dp == port; };
  if (chosen ? app == AppProtocol::kDns : either(53) || either(5353)) return dns(u->payload());
  if (chosen ? app == AppProtocol::kDhcp : either(67) || either(68)) {
    add_layer("dhcp", MPLDUMP_PACKET(dhcp::dhcp), u->payload(), [](mpl::bytes b) { return dhcp::dhcp::parse(b); });
  }
}

void Decoder::dns(mpl::bytes data) {
  add_layer("dns", MPLDUMP_PACKET(dns::dns_message), data, [](mpl::bytes b) { return dns::dns_message::parse(b); });
}

void Decoder::tcp(mpl::bytes data, const std::string& addresses) {
  auto t = add_layer(
      "tcp", MPLDUMP_PACKET(tcp::tcp), data, [](mpl::bytes b) { return tcp::tcp::parse(b); },
      transport_writer());
  if (!t) return;
  const auto sp = t->source_port(), dp = t->destination_port();
  std::string& key = stream_key_;
  std::string& reverse = reverse_key_;
  stream_keys(addresses, sp, dp, key, reverse);
  Stream& stream = streams_[key];
  Connection& connection = connections_[key < reverse ? key : reverse];
  stream.side = key < reverse ? 0 : 1;
  stream.connection = &connection;
  const mpl::bytes payload = t->payload();
  std::uint32_t seq = t->sequence_number();
  // The acknowledgment tells the other direction which of its bytes the
  // receiver holds: a gap below it is loss in the capture, not reordering.
  if (t->ack() != 0) {
    if (auto back = streams_.find(reverse); back != streams_.end()) {
      chunks_.clear();
      back->second.reassembly.acknowledged(t->acknowledgment_number(), chunks_);
      deliver(back->second, connection, chunks_);
    }
  }
  if (t->syn() != 0) {
    stream.reassembly.syn(seq);
    stream.buffer.clear();
    stream.bgp_hunting = false;
    // Data on a SYN (TCP Fast Open, or a crafted test) starts after the
    // sequence number the SYN itself takes.
    seq += 1;
  }
  if (payload.empty()) return;
  if (stream.app == Stream::App::kUnknown) {
    auto either = [&](std::uint16_t port) { return sp == port || dp == port; };
    const bool ssh_text = payload.size() >= 4 && payload[0] == 'S' && payload[1] == 'S' && payload[2] == 'H' &&
                          payload[3] == '-';
    bool chosen = false;
    const AppProtocol app = lookup(decode_as_, Transport::kTcp, sp, dp, chosen);
    if (chosen) {
      stream.app = app == AppProtocol::kBgp   ? Stream::App::kBgp
                   : app == AppProtocol::k9p  ? Stream::App::k9p
                   : app == AppProtocol::kSsh ? Stream::App::kSsh
                                              : Stream::App::kDns;
    } else if (either(179)) {
      stream.app = Stream::App::kBgp;
    } else if (either(564)) {
      stream.app = Stream::App::k9p;
    } else if (either(22) || ssh_text) {
      stream.app = Stream::App::kSsh;
    } else if (either(53)) {
      stream.app = Stream::App::kDns;
    } else {
      stream.app = Stream::App::kNone;
    }
    // The SSH client's side: the one talking to the server's port (22 or
    // the user's), else the higher (ephemeral) port.
    std::uint16_t server = 22;
    if (chosen) {
      bool on_destination = false;  // port 0 is never a rule's, so only dp can match
      (void)lookup(decode_as_, Transport::kTcp, 0, dp, on_destination);
      server = on_destination ? dp : sp;
    }
    stream.client = stream.app == Stream::App::kSsh && dp == server;
    if (stream.app == Stream::App::kSsh && sp != server && dp != server) stream.client = sp > dp;
  }
  if (stream.app == Stream::App::kNone) return;
  chunks_.clear();
  stream.reassembly.segment(seq, payload, chunks_);
  // BGP resyncs at once after a gap: its marker says where the next message
  // starts, so waiting for the gap to fill would only delay the messages
  // after it (reordered ones are delivered late, on their own).
  if (stream.app == Stream::App::kBgp) stream.reassembly.skip_gap(chunks_);
  deliver(stream, connection, chunks_);
}

const std::vector<Layer>& Decoder::finish() {
  clear_layers();
  frame_ = {};
  // In the order of the streams' keys, as when they were kept in a std::map.
  std::vector<std::pair<const std::string*, Stream*>> ordered;
  ordered.reserve(streams_.size());
  for (auto& [key, stream] : streams_) ordered.emplace_back(&key, &stream);
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return *a.first < *b.first; });
  for (const auto& entry : ordered) {
    Stream& stream = *entry.second;
    Connection& connection = *stream.connection;
    if (stream.reassembly.waiting()) {
      chunks_.clear();
      stream.reassembly.flush(chunks_);
      deliver(stream, connection, chunks_);
    }
    // A message the capture ends inside of is reported too, as the
    // truncated message it is (BGP and 9P, whose framing says so).
    if (stream.buffer.empty() || stream.bgp_hunting) continue;
    const mpl::bytes rest{stream.buffer};
    if (stream.app == Stream::App::kBgp) {
      bgp_message(stream, connection, rest);
    } else if (stream.app == Stream::App::k9p) {
      add_layer("9p", MPLDUMP_PACKET(spec_9p::p9_message), rest,
                [&](mpl::bytes b) { return spec_9p::p9_message::parse(b, connection.dotu); });
    }
    stream.buffer.clear();
  }
  return layers_;
}

// Hands reassembled bytes to drain(): appended to the stream's unframed
// bytes, or, after a gap, in place of them (the message they began cannot
// complete), or, for a late segment, framed on their own.
void Decoder::deliver(Stream& stream, Connection& connection, std::vector<TcpReassembly::Chunk>& chunks) {
  using Kind = TcpReassembly::Chunk::Kind;
  for (TcpReassembly::Chunk& chunk : chunks) {
    if (chunk.kind == Kind::kLate) {
      std::swap(stream.buffer, chunk.bytes);
      const bool hunting = stream.bgp_hunting;
      if (stream.app == Stream::App::kBgp) bgp_restart(stream);
      drain(stream, connection);
      std::swap(stream.buffer, chunk.bytes);
      stream.bgp_hunting = hunting;
      continue;
    }
    if (chunk.kind == Kind::kRestart) stream.buffer.clear();
    stream.buffer.insert(stream.buffer.end(), chunk.bytes.begin(), chunk.bytes.end());
    if (chunk.kind == Kind::kRestart && stream.app == Stream::App::kBgp) bgp_restart(stream);
    drain(stream, connection);
  }
}

// BGP bytes after a gap: when they do not begin with a marker, they are
// reported as the message they fail to be (as the in-order decoder always
// did, and as tshark reports the segment), then the stream resyncs at the
// next marker instead of framing garbage lengths.
void Decoder::bgp_restart(Stream& stream) {
  std::vector<std::uint8_t>& buffer = stream.buffer;
  stream.bgp_hunting = false;
  const std::size_t n = std::min<std::size_t>(16, buffer.size());
  if (std::all_of(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(n),
                  [](std::uint8_t x) { return x == 0xff; })) {
    return;
  }
  add_layer("bgp", MPLDUMP_PACKET(bgp::bgp_message), mpl::bytes{buffer},
            [](mpl::bytes b) { return bgp::bgp_message::parse(b, false); });
  buffer.erase(buffer.begin());
  stream.bgp_hunting = true;
}

namespace {

// Whether an AS_PATH or AGGREGATOR value holds 4-byte AS numbers, for a
// session whose OPENs the capture lacks: AGGREGATOR by its length (8 bytes,
// against 6), AS_PATH by whether its segments read with 4-byte numbers (a
// 2-byte path rarely does: its segments' counts then overrun the value).
// (No other attribute depends on the AS size.)
bool guess_as4(std::uint64_t type_code, mpl::bytes value) {
  if (type_code == 7) return value.size() == 8;
  if (type_code != 2) return false;
  return bgp::bgp_attribute_value::parse(value, true, false, false, type_code, value.size()).ok();
}

}  // namespace

void Decoder::bgp_message(const Stream& stream, Connection& connection, mpl::bytes bytes) {
  const BgpDirection direction = connection.bgp(stream.side);
  const bool add_path_ipv4 = direction.add_path[static_cast<std::size_t>(BgpFamily::kIpv4Unicast)];
  const bool add_path_ipv6 = direction.add_path[static_cast<std::size_t>(BgpFamily::kIpv6Unicast)];
  auto message = add_layer("bgp", MPLDUMP_PACKET(bgp::bgp_message), bytes,
                           [&](mpl::bytes b) { return bgp::bgp_message::parse(b, add_path_ipv4); });
  if (!message) return;
  if (auto open = message->as_Open()) {
    connection.bgp_open[static_cast<std::size_t>(stream.side)] = read_capabilities(*open);
    return;
  }
  auto update = message->as_Update();
  if (!update) return;
  // Each value parsed on its own (specs/bgp.mpl): a bad one is that
  // attribute's layer's error, and the message and the others still read.
  for (const auto& element : update->path_attributes()) {
    const auto& attribute = element.attribute();
    const mpl::bytes value = attribute.as_Short() ? attribute.as_Short()->value() : attribute.as_Extended()->value();
    const auto type_code = static_cast<std::uint64_t>(attribute.type_code());
    const bool as4 = direction.known ? direction.as4 : guess_as4(type_code, value);
    add_layer("bgp_attribute", MPLDUMP_PACKET(bgp::bgp_attribute_value), value, [&](mpl::bytes b) {
      return bgp::bgp_attribute_value::parse(b, as4, add_path_ipv4, add_path_ipv6, type_code, value.size());
    });
  }
}

void Decoder::drain(Stream& stream, Connection& connection) {
  if (stream.bgp_hunting && !hunt_marker(stream.buffer)) return;
  stream.bgp_hunting = false;
  std::size_t used = 0;
  const mpl::bytes all{stream.buffer.data(), stream.buffer.size()};
  for (;;) {
    const mpl::bytes rest = all.subspan(used);
    if (rest.empty()) break;
    if (stream.app == Stream::App::kBgp) {
      if (rest.size() < 19) break;
      const std::size_t length = static_cast<std::size_t>(rest[16] << 8 | rest[17]);
      if (length < 19) {  // cannot frame what follows: report and drop the stream's bytes
        bgp_message(stream, connection, rest);
        used = all.size();
        break;
      }
      if (rest.size() < length) break;
      bgp_message(stream, connection, rest.first(length));
      used += length;
    } else if (stream.app == Stream::App::k9p) {
      if (rest.size() < 4) break;
      // size[4], little-endian, counts the whole message.
      const std::size_t length = static_cast<std::size_t>(rest[3]) << 24 | static_cast<std::size_t>(rest[2]) << 16 |
                                 static_cast<std::size_t>(rest[1]) << 8 | rest[0];
      if (length < 7 || length > (1u << 24)) {  // cannot frame the stream any further
        add_layer("9p", MPLDUMP_PACKET(spec_9p::p9_message), rest,
                  [&](mpl::bytes b) { return spec_9p::p9_message::parse(b, connection.dotu); });
        used = all.size();
        break;
      }
      if (rest.size() < length) break;
      auto message =
          add_layer("9p", MPLDUMP_PACKET(spec_9p::p9_message), rest.first(length),
                    [&](mpl::bytes b) { return spec_9p::p9_message::parse(b, connection.dotu); });
      used += length;
      if (!message) continue;
      mpl::bytes version;
      if (auto t = message->as_Tversion()) version = t->version();
      if (auto r = message->as_Rversion()) version = r->version();
      if (!version.empty()) {
        const std::string_view text(reinterpret_cast<const char*>(version.data()), version.size());
        connection.dotu = text.starts_with("9P2000.u") || text.starts_with("9P2000.L");
      }
    } else if (stream.app == Stream::App::kDns) {
      if (rest.size() < 2) break;
      const std::size_t length = static_cast<std::size_t>(rest[0] << 8 | rest[1]);
      if (rest.size() < 2 + length) break;
      dns(rest.subspan(2, length));
      used += 2 + length;
    } else if (stream.app == Stream::App::kSsh) {
      if (stream.encrypted || connection.ssh1) {
        // After NEWKEYS: each record when its length is in clear (AES-GCM,
        // -etm MACs), else what each segment carries, as its byte count.
        if (stream.newkeys && !connection.ssh1) {
          if (stream.record_tag >= 0) {
            if (rest.size() < 4) break;
            const std::size_t length = static_cast<std::size_t>(rest[0]) << 24 |
                                       static_cast<std::size_t>(rest[1]) << 16 |
                                       static_cast<std::size_t>(rest[2]) << 8 | rest[3];
            const std::size_t record = 4 + length + static_cast<std::size_t>(stream.record_tag);
            if (length <= 35000) {  // RFC 4253 §6.1, as in clear
              if (rest.size() < record) break;
              encrypted_layer(record, length);
              used += record;
              continue;
            }
            stream.record_tag = -1;  // not a record: the framing is lost, segments from here on
          }
          encrypted_layer(rest.size());
        }
        used = all.size();
        break;
      }
      if (!stream.version_seen) {
        auto line = mpl::ssh_version_line::parse(rest, true);
        if (!line) {
          if (line.error().kind == mpl::error_kind::truncated) break;
          // RFC 4253 §4.2: a server may send other lines before its version line.
          if (!stream.client && line.error().kind == mpl::error_kind::const_mismatch) {
            std::size_t lf = 0;
            while (lf < rest.size() && lf < 1024 && rest[lf] != '\n') ++lf;
            if (lf < rest.size() && rest[lf] == '\n') {
              used += lf + 1;
              continue;
            }
            if (lf < 1024) break;  // the line is not complete yet
          }
          new_layer("ssh").error = layer_error(line.error());
          stream.encrypted = true;  // not SSH after all: stop looking
          used = all.size();
          break;
        }
        FieldCollector fields(new_layer("ssh"));
        fields.text("proto_version", line->proto_version);
        fields.text("software_version", line->software_version);
        if (line->has_comments) fields.text("comments", line->comments);
        stream.version_seen = true;
        used += line->parsed_size;
        // SSH-1 ("1.5"; "1.99" means a server that also speaks 2.0) has
        // another packet format, which no spec here describes.
        if (line->proto_version != "2.0" && line->proto_version != "1.99") connection.ssh1 = true;
        continue;
      }
      if (rest.size() < 4) break;
      const std::size_t length =
          static_cast<std::size_t>(rest[0]) << 24 | static_cast<std::size_t>(rest[1]) << 16 |
          static_cast<std::size_t>(rest[2]) << 8 | rest[3];
      if (length > 35000) {  // RFC 4253 §6.1: not a packet this decoder can frame
        auto p = ssh::ssh_packet::parse(rest, 8);
        if (!p) new_layer("ssh").error = layer_error(p.error());
        stream.encrypted = true;
        used = all.size();
        break;
      }
      if (rest.size() < 4 + length) break;
      const mpl::bytes packet_bytes = rest.first(4 + length);
      used += 4 + length;
      auto packet = add_layer("ssh_packet", MPLDUMP_PACKET(ssh::ssh_packet), packet_bytes,
                              [&](mpl::bytes b) { return ssh::ssh_packet::parse(b, 8); });
      if (!packet) {  // most likely encrypted after a NEWKEYS this capture missed: stop here
        stream.encrypted = true;
        used = all.size();
        break;
      }
      auto message = add_layer(
          "ssh", MPLDUMP_PACKET(ssh::ssh_message), packet->payload(),
          [&](mpl::bytes b) { return ssh::ssh_message::parse(b, connection.kex, 0, false); });
      if (!message) continue;
      if (auto kexinit = message->as_KexInit()) {
        (stream.client ? connection.client_kex : connection.server_kex) = joined(kexinit->kex_algorithms());
        auto& ciphers = stream.client ? connection.client_ciphers : connection.server_ciphers;
        auto& macs = stream.client ? connection.client_macs : connection.server_macs;
        ciphers = {joined(kexinit->encryption_algorithms_client_to_server()),
                   joined(kexinit->encryption_algorithms_server_to_client())};
        macs = {joined(kexinit->mac_algorithms_client_to_server()), joined(kexinit->mac_algorithms_server_to_client())};
        // With one side's KEXINIT only (a half-duplex capture), guess its
        // first method; the kex messages that follow depend on it.
        const std::string& seen = connection.client_kex.empty() ? connection.server_kex : connection.client_kex;
        const std::string method = connection.client_kex.empty() || connection.server_kex.empty()
                                       ? seen.substr(0, seen.find(','))
                                       : first_common(connection.client_kex, connection.server_kex);
        connection.kex = kex_of(method);
      }
      if (message->as_NewKeys()) {
        stream.encrypted = stream.newkeys = true;
        // The algorithms of this direction, when both KEXINITs were seen.
        const std::size_t d = stream.client ? 0 : 1;
        stream.record_tag = clear_length_tag(first_common(connection.client_ciphers[d], connection.server_ciphers[d]),
                                             first_common(connection.client_macs[d], connection.server_macs[d]));
      }
    } else {
      used = all.size();
      break;
    }
  }
  stream.buffer.erase(stream.buffer.begin(), stream.buffer.begin() + static_cast<std::ptrdiff_t>(used));
}

}  // namespace mpldump
