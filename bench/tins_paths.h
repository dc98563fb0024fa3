// The same paths through libtins, the way its documentation shows: construct
// the PDU chain from the buffer, find each layer with rfind_pdu(), read its
// accessors; build by stacking PDUs with operator/ and serialize().
// libtins throws on malformed input; the benchmark inputs are well formed,
// and a throw is caught and reported as a failed parse.
#pragma once

#include <tins/tins.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#include "fields.h"

namespace bench::tins {

inline void read_link_and_ip(const Tins::EthernetII& eth, const Tins::IP& ip, HeaderFields& f) {
  // The accessors return addresses by value: keep each before iterating it.
  const Tins::EthernetII::address_type destination = eth.dst_addr();
  const Tins::EthernetII::address_type source = eth.src_addr();
  std::copy(destination.begin(), destination.end(), f.eth_destination.begin());
  std::copy(source.begin(), source.end(), f.eth_source.begin());
  f.ethertype = eth.payload_type();
  f.version = ip.version();
  f.ihl = ip.head_len();
  f.dscp = static_cast<std::uint8_t>(ip.tos() >> 2);
  f.ecn = static_cast<std::uint8_t>(ip.tos() & 3);
  f.total_length = ip.tot_len();
  f.identification = ip.id();
  const unsigned flags = ip.flags();
  f.reserved = static_cast<std::uint8_t>((flags >> 2) & 1);
  f.dont_fragment = static_cast<std::uint8_t>((flags >> 1) & 1);
  f.more_fragments = static_cast<std::uint8_t>(flags & 1);
  f.fragment_offset = ip.fragment_offset();
  f.ttl = ip.ttl();
  f.protocol = ip.protocol();
  f.header_checksum = ip.checksum();
  // An IPv4Address converts to its network-order bytes read as a host integer.
  f.src = Tins::Endian::be_to_host(static_cast<std::uint32_t>(ip.src_addr()));
  f.dst = Tins::Endian::be_to_host(static_cast<std::uint32_t>(ip.dst_addr()));
}

inline void read_payload(const Tins::PDU& pdu, HeaderFields& f) {
  const auto* raw = pdu.find_pdu<Tins::RawPDU>();
  if (raw == nullptr) return;
  f.payload_size = static_cast<std::uint32_t>(raw->payload().size());
  if (!raw->payload().empty()) f.payload_first = raw->payload()[0];
}

inline bool parse_udp_frame(mpl::bytes frame, HeaderFields& f) noexcept {
  try {
    const Tins::EthernetII eth(frame.data(), static_cast<std::uint32_t>(frame.size()));
    const auto* ip = eth.find_pdu<Tins::IP>();
    const auto* udp = eth.find_pdu<Tins::UDP>();
    if (ip == nullptr || udp == nullptr) return false;
    read_link_and_ip(eth, *ip, f);
    f.source_port = udp->sport();
    f.destination_port = udp->dport();
    f.udp_length = udp->length();
    f.udp_checksum = udp->checksum();
    read_payload(*udp, f);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

inline bool parse_ping_frame(mpl::bytes frame, HeaderFields& f) noexcept {
  try {
    const Tins::EthernetII eth(frame.data(), static_cast<std::uint32_t>(frame.size()));
    const auto* ip = eth.find_pdu<Tins::IP>();
    const auto* icmp = eth.find_pdu<Tins::ICMP>();
    if (ip == nullptr || icmp == nullptr) return false;
    read_link_and_ip(eth, *ip, f);
    f.icmp_type = static_cast<std::uint8_t>(icmp->type());
    f.icmp_code = icmp->code();
    f.icmp_checksum = icmp->checksum();
    f.echo_identifier = icmp->id();
    f.echo_sequence = icmp->sequence();
    read_payload(*icmp, f);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

// serialize() returns a new vector (computing lengths and checksums); the
// frame is then copied to `out`, as a server sending from its own buffer would.
inline std::size_t build_echo_reply(const ReplyArgs& a, mpl::mutable_bytes out) noexcept {
  try {
    Tins::IP ip(Tins::IPv4Address(Tins::Endian::host_to_be(a.dst)), Tins::IPv4Address(Tins::Endian::host_to_be(a.src)));
    ip.tos(static_cast<std::uint8_t>(kReplyDscp << 2));
    ip.id(kReplyIdentification);
    ip.ttl(kReplyTtl);
    ip.flags(static_cast<Tins::IP::Flags>(0));
    Tins::ICMP icmp(Tins::ICMP::ECHO_REPLY);
    icmp.id(a.identifier);
    icmp.sequence(a.sequence);
    Tins::EthernetII eth = Tins::EthernetII(Tins::EthernetII::address_type(a.eth_destination.data()),
                                            Tins::EthernetII::address_type(a.eth_source.data())) /
                           ip / icmp / Tins::RawPDU(a.data.data(), static_cast<std::uint32_t>(a.data.size()));
    const std::vector<std::uint8_t> bytes = eth.serialize();
    if (bytes.size() > out.size()) return 0;
    std::memcpy(out.data(), bytes.data(), bytes.size());
    return bytes.size();
  } catch (const std::exception&) {
    return 0;
  }
}

}  // namespace bench::tins
