// Test helper: a DHCP builder filled from a parsed DHCP view, so that a test
// can check that rebuilding a parsed message writes the same bytes. The
// builders refer to spans of element builders; Storage owns them.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <vector>

#include "dhcp.h"

namespace app_test {

namespace dhcp_options = ::dhcp::dhcp_options;

struct DhcpBuildStorage {
  std::deque<std::vector<dhcp_options::addresses_element_builder>> routers;
  std::deque<std::vector<dhcp_options::DomainNameServer_addresses_element_builder>> name_servers;
  std::deque<std::vector<dhcp_options::NtpServers_addresses_element_builder>> ntp_servers;
  std::deque<std::vector<dhcp_options::sub_options_element_builder>> sub_options;
  std::deque<std::vector<dhcp_options::list_element_builder>> lists;
};

// One option element, from its view to its builder.
inline dhcp_options::list_element_builder option_builder(const dhcp_options::list_element& e,
                                                         DhcpBuildStorage& storage) {
  using kind = dhcp_options::code_case_t;
  dhcp_options::list_element_builder b{.code = e.code()};
  switch (e.code_case()) {
    case kind::Pad: b.body = dhcp_options::Pad{}; break;
    case kind::End: b.body = dhcp_options::End{}; break;
    case kind::SubnetMask: b.body = dhcp_options::SubnetMask{.subnet_mask = e.as_SubnetMask()->subnet_mask()}; break;
    case kind::TimeOffset:
      b.body = dhcp_options::TimeOffset{.offset_seconds = e.as_TimeOffset()->offset_seconds()};
      break;
    case kind::Router: {
      auto& v = storage.routers.emplace_back();
      for (const auto& a : e.as_Router()->addresses()) v.push_back({.address = a.address()});
      b.body = dhcp_options::Router{.addresses = v};
      break;
    }
    case kind::DomainNameServer: {
      auto& v = storage.name_servers.emplace_back();
      for (const auto& a : e.as_DomainNameServer()->addresses()) v.push_back({.address = a.address()});
      b.body = dhcp_options::DomainNameServer{.addresses = v};
      break;
    }
    case kind::NtpServers: {
      auto& v = storage.ntp_servers.emplace_back();
      for (const auto& a : e.as_NtpServers()->addresses()) v.push_back({.address = a.address()});
      b.body = dhcp_options::NtpServers{.addresses = v};
      break;
    }
    case kind::HostName: b.body = dhcp_options::HostName{.name = e.as_HostName()->name()}; break;
    case kind::DomainName: b.body = dhcp_options::DomainName{.name = e.as_DomainName()->name()}; break;
    case kind::BroadcastAddress:
      b.body = dhcp_options::BroadcastAddress{.broadcast_address = e.as_BroadcastAddress()->broadcast_address()};
      break;
    case kind::VendorSpecific: b.body = dhcp_options::VendorSpecific{.data = e.as_VendorSpecific()->data()}; break;
    case kind::RequestedIpAddress:
      b.body = dhcp_options::RequestedIpAddress{.requested_address = e.as_RequestedIpAddress()->requested_address()};
      break;
    case kind::LeaseTime: b.body = dhcp_options::LeaseTime{.lease_seconds = e.as_LeaseTime()->lease_seconds()}; break;
    case kind::OptionOverload:
      b.body = dhcp_options::OptionOverload{.overload = e.as_OptionOverload()->overload()};
      break;
    case kind::MessageType:
      b.body = dhcp_options::MessageType{.message_type = e.as_MessageType()->message_type()};
      break;
    case kind::ServerIdentifier:
      b.body = dhcp_options::ServerIdentifier{.server_address = e.as_ServerIdentifier()->server_address()};
      break;
    case kind::ParameterRequestList:
      b.body = dhcp_options::ParameterRequestList{.codes = e.as_ParameterRequestList()->codes()};
      break;
    case kind::Message: b.body = dhcp_options::Message{.text = e.as_Message()->text()}; break;
    case kind::MaximumMessageSize:
      b.body = dhcp_options::MaximumMessageSize{.maximum_size = e.as_MaximumMessageSize()->maximum_size()};
      break;
    case kind::RenewalTime:
      b.body = dhcp_options::RenewalTime{.renewal_seconds = e.as_RenewalTime()->renewal_seconds()};
      break;
    case kind::RebindingTime:
      b.body = dhcp_options::RebindingTime{.rebinding_seconds = e.as_RebindingTime()->rebinding_seconds()};
      break;
    case kind::VendorClassIdentifier:
      b.body = dhcp_options::VendorClassIdentifier{.identifier = e.as_VendorClassIdentifier()->identifier()};
      break;
    case kind::ClientIdentifier: {
      auto v = *e.as_ClientIdentifier();
      b.body = dhcp_options::ClientIdentifier{.type = v.type(), .identifier = v.identifier()};
      break;
    }
    case kind::ClientFqdn: {
      auto v = *e.as_ClientFqdn();
      b.body = dhcp_options::ClientFqdn{.flags_mbz = v.flags_mbz(),
                                        .no_update = v.no_update(),
                                        .encoded = v.encoded(),
                                        .server_override = v.server_override(),
                                        .server_update = v.server_update(),
                                        .rcode1 = v.rcode1(),
                                        .rcode2 = v.rcode2(),
                                        .domain_name = v.domain_name()};
      break;
    }
    case kind::RelayAgentInformation: {
      auto& v = storage.sub_options.emplace_back();
      for (const auto& s : e.as_RelayAgentInformation()->sub_options()) {
        v.push_back({.sub_code = s.sub_code(), .sub_data = s.sub_data()});
      }
      b.body = dhcp_options::RelayAgentInformation{.sub_options = v};
      break;
    }
    case kind::DomainSearch: b.body = dhcp_options::DomainSearch{.names = e.as_DomainSearch()->names()}; break;
    case kind::Other: b.body = dhcp_options::Other{.data = e.as_Other()->data()}; break;
  }
  return b;
}

inline dhcp_options::builder options_builder(const dhcp_options::view& options, DhcpBuildStorage& storage) {
  auto& list = storage.lists.emplace_back();
  for (const auto& e : options.list()) list.push_back(option_builder(e, storage));
  return dhcp_options::builder{.list = list};
}

template <std::size_t N>
std::array<std::uint8_t, N> to_array(mpl::bytes b) {
  std::array<std::uint8_t, N> out{};
  std::copy_n(b.begin(), std::min(N, b.size()), out.begin());
  return out;
}

// A builder for the message `v`; the payload fields refer to v's buffer.
inline ::dhcp::dhcp::builder dhcp_builder(const ::dhcp::dhcp::view& v, DhcpBuildStorage& storage) {
  return ::dhcp::dhcp::builder{
      .op = v.op(),
      .htype = v.htype(),
      .hlen = v.hlen(),
      .hops = v.hops(),
      .xid = v.xid(),
      .secs = v.secs(),
      .broadcast = v.broadcast(),
      .flags_reserved = v.flags_reserved(),
      .ciaddr = v.ciaddr(),
      .yiaddr = v.yiaddr(),
      .siaddr = v.siaddr(),
      .giaddr = v.giaddr(),
      .chaddr = to_array<16>(v.chaddr()),
      .sname = to_array<64>(v.sname()),
      .file = to_array<128>(v.file()),
      .options = options_builder(v.options(), storage),
      .padding = v.padding(),
  };
}

}  // namespace app_test
