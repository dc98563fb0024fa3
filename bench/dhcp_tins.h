// The DHCP ACK case through libtins, the way its documentation shows:
// construct Tins::DHCP from the UDP payload, read the BOOTP accessors, find
// options with search_option() and convert them with to<T>() (what the
// convenience accessors such as lease_time() do, but without an exception
// for an option that is absent). libtins throws on malformed input; a throw
// is caught and reported as a failed parse.
#pragma once

#include <tins/tins.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

#include <mpl/bytes.h>

#include "dhcp_fields.h"

namespace bench::tins {

namespace dhcp_detail {

// An IPv4Address converts to its network-order bytes read as a host integer.
inline std::uint32_t host_order(Tins::IPv4Address a) { return Tins::Endian::be_to_host(static_cast<std::uint32_t>(a)); }

inline void read_u32_option(const Tins::DHCP& dhcp, Tins::DHCP::OptionTypes type, std::uint8_t bit,
                            std::uint32_t& value, std::uint8_t& present) {
  const Tins::DHCP::option* o = dhcp.search_option(type);
  if (o == nullptr) return;
  value = o->to<std::uint32_t>();
  present = static_cast<std::uint8_t>(present | bit);
}

inline void read_address_option(const Tins::DHCP& dhcp, Tins::DHCP::OptionTypes type, std::uint8_t bit,
                                std::uint32_t& value, std::uint8_t& present) {
  const Tins::DHCP::option* o = dhcp.search_option(type);
  if (o == nullptr) return;
  value = host_order(o->to<Tins::IPv4Address>());
  present = static_cast<std::uint8_t>(present | bit);
}

inline void read_address_list(const Tins::DHCP& dhcp, Tins::DHCP::OptionTypes type, std::uint8_t bit,
                              std::uint8_t& count, std::array<std::uint32_t, kDhcpMaxAddresses>& addresses,
                              std::uint8_t& present) {
  const Tins::DHCP::option* o = dhcp.search_option(type);
  if (o == nullptr) return;
  const std::vector<Tins::IPv4Address> list = o->to<std::vector<Tins::IPv4Address>>();
  count = static_cast<std::uint8_t>(list.size());
  for (std::size_t i = 0; i < list.size() && i < kDhcpMaxAddresses; ++i) addresses[i] = host_order(list[i]);
  present = static_cast<std::uint8_t>(present | bit);
}

}  // namespace dhcp_detail

inline bool parse_dhcp_ack(mpl::bytes m, DhcpAckFields& f) noexcept {
  namespace d = dhcp_detail;
  try {
    const Tins::DHCP dhcp(m.data(), static_cast<std::uint32_t>(m.size()));
    f.op = dhcp.opcode();
    f.htype = dhcp.htype();
    f.hlen = dhcp.hlen();
    f.hops = dhcp.hops();
    f.xid = dhcp.xid();
    f.secs = dhcp.secs();
    // libtins calls the flags field "padding".
    f.broadcast = static_cast<std::uint8_t>(dhcp.padding() >> 15);
    f.flags_reserved = static_cast<std::uint16_t>(dhcp.padding() & 0x7fff);
    f.ciaddr = d::host_order(dhcp.ciaddr());
    f.yiaddr = d::host_order(dhcp.yiaddr());
    f.siaddr = d::host_order(dhcp.siaddr());
    f.giaddr = d::host_order(dhcp.giaddr());
    // Returned by value: keep it before iterating it.
    const Tins::BootP::chaddr_type chaddr = dhcp.chaddr();
    std::copy(chaddr.begin(), chaddr.end(), f.chaddr.begin());
    // The constructor throws unless the cookie is right, and keeps no copy.
    f.magic_cookie = kDhcpMagicCookie;

    const Tins::DHCP::option* type = dhcp.search_option(Tins::DHCP::DHCP_MESSAGE_TYPE);
    if (type == nullptr) return false;
    f.message_type = type->to<std::uint8_t>();
    if (f.message_type != Tins::DHCP::ACK) return false;
    d::read_address_option(dhcp, Tins::DHCP::DHCP_SERVER_IDENTIFIER, kHasServerIdentifier, f.server_identifier,
                           f.present);
    d::read_u32_option(dhcp, Tins::DHCP::DHCP_LEASE_TIME, kHasLeaseTime, f.lease_time, f.present);
    d::read_address_option(dhcp, Tins::DHCP::SUBNET_MASK, kHasSubnetMask, f.subnet_mask, f.present);
    d::read_address_list(dhcp, Tins::DHCP::ROUTERS, kHasRouters, f.router_count, f.routers, f.present);
    d::read_address_list(dhcp, Tins::DHCP::DOMAIN_NAME_SERVERS, kHasDnsServers, f.dns_server_count,
                         f.dns_servers, f.present);
    if (const Tins::DHCP::option* o = dhcp.search_option(Tins::DHCP::DOMAIN_NAME)) {
      const std::string name = o->to<std::string>();
      f.domain_name_length = static_cast<std::uint8_t>(name.size());
      std::copy(name.begin(), name.end(), f.domain_name.begin());
      f.present = static_cast<std::uint8_t>(f.present | kHasDomainName);
    }
    // options() returns a copy of the option list; libtins also reads what
    // follows End as options (padding as Pads), so count up to End.
    const Tins::DHCP::options_type options = dhcp.options();
    std::uint32_t count = 0;
    for (const Tins::DHCP::option& o : options) {
      ++count;
      if (o.option() == Tins::DHCP::END) break;
    }
    f.option_count = count;
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace bench::tins
