// DHCP (specs/dhcp.mpl): known-answer vectors from real captures in the
// shared corpus (checked by hand against tshark's decoding), hand-assembled
// options the corpus lacks, every DHCP message of the valid corpus files
// parsed and rebuilt byte for byte, malformed files and truncations
// rejected without reading past the end.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <string>
#include <vector>

#include "app_capture.h"
#include "dhcp.h"
#include "dhcp_rebuild.h"

namespace {

using app_test::Frame;
namespace opt = ::dhcp::dhcp_options;
using code = opt::code_t;
using kind = opt::code_case_t;

std::vector<std::string> capture_files(const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(codec_test::corpus(dir))) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The UDP payloads to or from the DHCP ports in a capture.
std::vector<Frame> dhcp_messages(const std::string& path) {
  std::vector<Frame> out;
  for (const auto& frame : app_test::ethernet_frames(path)) {
    auto u = app_test::udp_datagram(frame);
    if (!u) continue;
    const bool dhcp_port = u->source_port == 67 || u->source_port == 68 || u->destination_port == 67 ||
                           u->destination_port == 68;
    if (dhcp_port) out.emplace_back(u->payload.begin(), u->payload.end());
  }
  return out;
}

std::vector<Frame> zeek_dhcp() { return dhcp_messages(codec_test::corpus("dhcp/zeek__dhcp_dhcp.pcap")); }

std::string text(mpl::bytes b) { return std::string(b.begin(), b.end()); }
std::vector<std::uint8_t> vec(mpl::bytes b) { return {b.begin(), b.end()}; }

// The options of a message, as element views copied out of the range.
std::vector<opt::list_element> options_of(const ::dhcp::dhcp::view& v) {
  std::vector<opt::list_element> out;
  for (const auto& e : v.options().list()) out.push_back(e);
  return out;
}

std::vector<std::uint32_t> addresses_of(const auto& range) {
  std::vector<std::uint32_t> out;
  for (const auto& a : range) out.push_back(a.address());
  return out;
}

// Header fields of the four client/server messages of zeek's dhcp.pcap.
void expect_zeek_header(const ::dhcp::dhcp::view& v, bool reply, std::uint32_t yiaddr, std::uint32_t siaddr) {
  EXPECT_EQ(v.op(), reply ? ::dhcp::dhcp::op_t::BootReply : ::dhcp::dhcp::op_t::BootRequest);
  EXPECT_EQ(v.htype(), 1);
  EXPECT_EQ(v.hlen(), 6);
  EXPECT_EQ(v.hops(), 0);
  EXPECT_EQ(v.xid(), 0x000007c0u);
  EXPECT_EQ(v.secs(), 0);
  EXPECT_EQ(v.broadcast(), 0);
  EXPECT_EQ(v.flags_reserved(), 0);
  EXPECT_EQ(v.ciaddr(), 0u);
  EXPECT_EQ(v.yiaddr(), yiaddr);
  EXPECT_EQ(v.siaddr(), siaddr);
  EXPECT_EQ(v.giaddr(), 0u);
  const std::vector<std::uint8_t> chaddr{0x90, 0xb1, 0x1c, 0x99, 0x49, 0x29, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(vec(v.chaddr()), chaddr);
  EXPECT_EQ(vec(v.sname()), std::vector<std::uint8_t>(64, 0));
  EXPECT_EQ(vec(v.file()), std::vector<std::uint8_t>(128, 0));
  EXPECT_EQ(v.magic_cookie(), 0x63825363u);
  EXPECT_TRUE(v.padding().empty());
}

TEST(DhcpKnownAnswer, Discover) {
  MPL_NEEDS_CORPUS();
  const auto messages = zeek_dhcp();
  ASSERT_EQ(messages.size(), 9u);
  const Frame& m = messages[0];
  ASSERT_EQ(m.size(), 265u);
  auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(m));
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->size(), 265u);
  expect_zeek_header(*v, false, 0, 0);
  const auto o = options_of(*v);
  ASSERT_EQ(o.size(), 4u);
  EXPECT_EQ(o[0].code(), code::MessageType);
  ASSERT_TRUE(o[0].as_MessageType());
  EXPECT_EQ(o[0].as_MessageType()->length(), 1);
  EXPECT_EQ(o[0].as_MessageType()->message_type(), opt::message_type_t::Discover);
  EXPECT_EQ(o[1].code(), code::RequestedIpAddress);
  EXPECT_EQ(o[1].as_RequestedIpAddress()->length(), 4);
  EXPECT_EQ(o[1].as_RequestedIpAddress()->requested_address(), 0xc0a8d3c2u);  // 192.168.211.194
  EXPECT_EQ(o[2].code(), code::HostName);
  EXPECT_EQ(o[2].as_HostName()->length(), 13);
  EXPECT_EQ(text(o[2].as_HostName()->name()), "btest.is.cool");
  EXPECT_EQ(o[3].code(), code::End);
  EXPECT_EQ(o[3].code_case(), kind::End);
  EXPECT_EQ(v->options().size(), 265u - 240u);
}

// OFFER and ACK of the exchange carry the same options but for the type.
void expect_zeek_server_options(const ::dhcp::dhcp::view& v, opt::message_type_t type) {
  const auto o = options_of(v);
  ASSERT_EQ(o.size(), 16u);
  std::vector<kind> kinds;
  for (const auto& e : o) kinds.push_back(e.code_case());
  const std::vector<kind> expected{kind::MessageType,      kind::ServerIdentifier, kind::LeaseTime,
                                   kind::SubnetMask,       kind::Router,           kind::DomainNameServer,
                                   kind::Other,            kind::Other,            kind::BroadcastAddress,
                                   kind::NtpServers,       kind::VendorSpecific,   kind::VendorClassIdentifier,
                                   kind::Other,            kind::Other,            kind::DomainName,
                                   kind::End};
  EXPECT_EQ(kinds, expected);
  EXPECT_EQ(o[0].as_MessageType()->message_type(), type);
  EXPECT_EQ(o[1].as_ServerIdentifier()->length(), 4);
  EXPECT_EQ(o[1].as_ServerIdentifier()->server_address(), 0x80020698u);  // 128.2.6.152
  EXPECT_EQ(o[2].as_LeaseTime()->lease_seconds(), 900u);
  EXPECT_EQ(o[3].as_SubnetMask()->subnet_mask(), 0xffffff00u);
  EXPECT_EQ(o[4].as_Router()->length(), 4);
  EXPECT_EQ(addresses_of(o[4].as_Router()->addresses()), std::vector<std::uint32_t>{0x80020601u});
  EXPECT_EQ(o[5].as_DomainNameServer()->length(), 8);
  EXPECT_EQ(addresses_of(o[5].as_DomainNameServer()->addresses()),
            (std::vector<std::uint32_t>{0x8002010bu, 0x8002010au}));
  // Time server (4) and boot file name (67) are kept raw.
  EXPECT_EQ(o[6].code(), static_cast<code>(4));
  EXPECT_EQ(o[6].as_Other()->length(), 8);
  EXPECT_EQ(vec(o[6].as_Other()->data()), (std::vector<std::uint8_t>{0x80, 2, 1, 0x14, 0x80, 2, 1, 0x15}));
  EXPECT_EQ(o[7].code(), static_cast<code>(67));
  EXPECT_EQ(text(o[7].as_Other()->data()), "network-confg");
  EXPECT_EQ(o[8].as_BroadcastAddress()->broadcast_address(), 0x800206ffu);
  EXPECT_EQ(addresses_of(o[9].as_NtpServers()->addresses()),
            (std::vector<std::uint32_t>{0x80020114u, 0x80020115u, 0x80020116u}));
  EXPECT_EQ(text(o[10].as_VendorSpecific()->data()), "172.18.6.37");
  EXPECT_EQ(text(o[11].as_VendorClassIdentifier()->identifier()), "ArubaAP");
  EXPECT_EQ(o[12].code(), static_cast<code>(44));  // NetBIOS name servers
  EXPECT_EQ(o[12].as_Other()->data().size(), 8u);
  EXPECT_EQ(o[13].code(), static_cast<code>(46));  // NetBIOS node type
  EXPECT_EQ(vec(o[13].as_Other()->data()), std::vector<std::uint8_t>{2});
  EXPECT_EQ(text(o[14].as_DomainName()->name()), "cmu.edu");
}

TEST(DhcpKnownAnswer, Offer) {
  MPL_NEEDS_CORPUS();
  const auto messages = zeek_dhcp();
  ASSERT_EQ(messages.size(), 9u);
  auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(messages[1]));
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->size(), 367u);
  expect_zeek_header(*v, true, 0x80020661u /* 128.2.6.97 */, 0xac13e607u /* 172.19.230.7 */);
  expect_zeek_server_options(*v, opt::message_type_t::Offer);
}

TEST(DhcpKnownAnswer, Request) {
  MPL_NEEDS_CORPUS();
  const auto messages = zeek_dhcp();
  ASSERT_EQ(messages.size(), 9u);
  auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(messages[2]));
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->size(), 271u);
  expect_zeek_header(*v, false, 0, 0);
  const auto o = options_of(*v);
  ASSERT_EQ(o.size(), 5u);
  EXPECT_EQ(o[0].as_MessageType()->message_type(), opt::message_type_t::Request);
  EXPECT_EQ(o[1].as_ServerIdentifier()->server_address(), 0x80020698u);
  EXPECT_EQ(o[2].as_RequestedIpAddress()->requested_address(), 0xc0a8d3c2u);
  EXPECT_EQ(text(o[3].as_HostName()->name()), "btest.is.cool");
  EXPECT_EQ(o[4].code_case(), kind::End);
}

TEST(DhcpKnownAnswer, Ack) {
  MPL_NEEDS_CORPUS();
  const auto messages = zeek_dhcp();
  ASSERT_EQ(messages.size(), 9u);
  auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(messages[5]));
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->size(), 367u);
  expect_zeek_header(*v, true, 0x800206bdu /* 128.2.6.189 */, 0xac13e607u);
  expect_zeek_server_options(*v, opt::message_type_t::Ack);
}

TEST(DhcpKnownAnswer, OtherMessageTypesOfTheExchange) {
  MPL_NEEDS_CORPUS();
  const auto messages = zeek_dhcp();
  ASSERT_EQ(messages.size(), 9u);
  const std::array<opt::message_type_t, 9> types{
      opt::message_type_t::Discover, opt::message_type_t::Offer, opt::message_type_t::Request,
      opt::message_type_t::Nak,      opt::message_type_t::Request, opt::message_type_t::Ack,
      opt::message_type_t::Decline,  opt::message_type_t::Release, opt::message_type_t::Inform};
  for (std::size_t i = 0; i < messages.size(); ++i) {
    auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(messages[i]));
    ASSERT_TRUE(v.ok()) << i << ": " << v.error().describe();
    const auto o = options_of(*v);
    ASSERT_FALSE(o.empty());
    ASSERT_TRUE(o[0].as_MessageType()) << i;
    EXPECT_EQ(o[0].as_MessageType()->message_type(), types[i]) << i;
  }
  // The NAK is padded after End to the 300 bytes of a BOOTP message.
  auto nak = ::dhcp::dhcp::parse(codec_test::bytes_of(messages[3]));
  ASSERT_TRUE(nak.ok());
  EXPECT_EQ(nak->size(), 300u);
  EXPECT_EQ(nak->options().size(), 283u - 240u);
  EXPECT_EQ(nak->padding().size(), 17u);
}

// RFC 3046 sub-options and T1/T2 (zeek's dhcp_ack_subscriber_id_and_agent_remote_id).
TEST(DhcpKnownAnswer, RelayAgentInformationAndRenewalTimes) {
  MPL_NEEDS_CORPUS();
  const auto messages =
      dhcp_messages(codec_test::corpus("dhcp/zeek__dhcp_dhcp_ack_subscriber_id_and_agent_remote_id.pcap"));
  ASSERT_EQ(messages.size(), 1u);
  auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(messages[0]));
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->op(), ::dhcp::dhcp::op_t::BootReply);
  EXPECT_EQ(v->xid(), 0x3d11u);
  EXPECT_EQ(v->yiaddr(), 0xc0a8000au);
  EXPECT_EQ(vec(v->chaddr().first(6)), (std::vector<std::uint8_t>{0x00, 0x0a, 0x28, 0x00, 0xfa, 0x42}));
  const auto o = options_of(*v);
  ASSERT_EQ(o.size(), 8u);
  EXPECT_EQ(o[0].as_MessageType()->message_type(), opt::message_type_t::Ack);
  EXPECT_EQ(o[1].as_RenewalTime()->renewal_seconds(), 1800u);
  EXPECT_EQ(o[2].as_RebindingTime()->rebinding_seconds(), 3118u);
  EXPECT_EQ(o[3].as_LeaseTime()->lease_seconds(), 3600u);
  EXPECT_EQ(o[4].as_ServerIdentifier()->server_address(), 0x0a0a0001u);
  EXPECT_EQ(o[5].as_SubnetMask()->subnet_mask(), 0xffffff00u);
  auto relay = o[6].as_RelayAgentInformation();
  ASSERT_TRUE(relay);
  EXPECT_EQ(relay->length(), 36);
  std::vector<opt::sub_options_element> subs;
  for (const auto& s : relay->sub_options()) subs.push_back(s);
  ASSERT_EQ(subs.size(), 3u);
  EXPECT_EQ(subs[0].sub_code(), opt::sub_code_t::AgentCircuitId);
  EXPECT_EQ(subs[0].sub_length(), 22);
  EXPECT_EQ(text(subs[0].sub_data()), "this is only a test...");
  EXPECT_EQ(subs[1].sub_code(), opt::sub_code_t::AgentRemoteId);
  EXPECT_EQ(vec(subs[1].sub_data()), std::vector<std::uint8_t>{0x13});
  EXPECT_EQ(subs[2].sub_code(), opt::sub_code_t::SubscriberId);
  EXPECT_EQ(text(subs[2].sub_data()), "-subID-");
  EXPECT_EQ(o[7].code_case(), kind::End);
  EXPECT_EQ(v->padding().size(), 25u);
}

// Client identifier and parameter request list
// (zeek's dhcp_discover_param_req_and_client_id).
TEST(DhcpKnownAnswer, ClientIdentifierAndParameterRequestList) {
  MPL_NEEDS_CORPUS();
  const auto messages =
      dhcp_messages(codec_test::corpus("dhcp/zeek__dhcp_dhcp_discover_param_req_and_client_id.pcap"));
  ASSERT_EQ(messages.size(), 1u);
  auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(messages[0]));
  ASSERT_TRUE(v.ok()) << v.error().describe();
  const auto o = options_of(*v);
  ASSERT_EQ(o.size(), 6u);
  EXPECT_EQ(o[0].as_MessageType()->message_type(), opt::message_type_t::Discover);
  auto id = o[1].as_ClientIdentifier();
  ASSERT_TRUE(id);
  EXPECT_EQ(id->length(), 7);
  EXPECT_EQ(id->type(), 1);
  EXPECT_EQ(vec(id->identifier()), (std::vector<std::uint8_t>{0x00, 0x0b, 0x82, 0x01, 0xfc, 0x42}));
  EXPECT_EQ(o[2].as_RequestedIpAddress()->requested_address(), 0xd043dedeu);
  auto prl = o[3].as_ParameterRequestList();
  ASSERT_TRUE(prl);
  EXPECT_EQ(vec(prl->codes()), (std::vector<std::uint8_t>{1, 3, 6, 42}));
  EXPECT_EQ(text(o[4].as_HostName()->name()), "test0000");
  EXPECT_EQ(o[5].code_case(), kind::End);
  EXPECT_EQ(v->padding().size(), 6u);
}

TEST(DhcpKnownAnswer, MaximumMessageSizeAndOptionOverloadField) {
  MPL_NEEDS_CORPUS();
  // PcapPlusPlus's Dhcp2.pcap: a DISCOVER with option 57 (and option 52 not
  // present: it only lists 52 in its parameter request list).
  const auto messages = dhcp_messages(codec_test::corpus("dhcp/ppp__Dhcp2.pcap"));
  ASSERT_EQ(messages.size(), 1u);
  auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(messages[0]));
  ASSERT_TRUE(v.ok()) << v.error().describe();
  bool saw_max = false;
  for (const auto& e : v->options().list()) {
    if (auto m = e.as_MaximumMessageSize()) {
      EXPECT_EQ(m->length(), 2);
      EXPECT_GE(m->maximum_size(), 576);
      saw_max = true;
    }
  }
  EXPECT_TRUE(saw_max);
}

// ---------------------------------------------------------------- hand-assembled

// A BOOTREQUEST header with xid 0x01020304 and chaddr 02:00:00:00:00:01,
// followed by the cookie and the given option bytes.
Frame request_with_options(const Frame& options) {
  Frame m(236, 0);
  m[0] = 1;
  m[1] = 1;
  m[2] = 6;
  m[4] = 1, m[5] = 2, m[6] = 3, m[7] = 4;
  m[10] = 0x80;  // broadcast
  m[28] = 2, m[33] = 1;
  for (std::uint8_t b : {0x63, 0x82, 0x53, 0x63}) m.push_back(b);
  m.insert(m.end(), options.begin(), options.end());
  return m;
}

TEST(DhcpHandAssembled, ClientFqdnDomainSearchPadAndUnknownOption) {
  const Frame options{
      0,   0,                                                   // two Pad options
      81,  11, 0x05, 0, 0, 3, 'h', 'o', 's', 't', 2, 'n', 'l',  // FQDN: E and S, "host.nl" (no root label)
      119, 12, 3,    'a', 'b', 'c', 2, 'n', 'l', 0,             // domain search: "abc.nl",
      1,   'x', 0xc0, 4,                                        //   "x.nl" compressed (RFC 3397 section 2)
      200, 3,  9,    8,   7,                                    // unassigned option 200
      56,  2,  'n',  'o',                                       // message
      255, 0,  0};                                              // End and two bytes of padding
  Frame m = request_with_options(options);
  auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(m));
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->broadcast(), 1);
  EXPECT_EQ(v->flags_reserved(), 0);
  EXPECT_EQ(v->xid(), 0x01020304u);
  const auto o = options_of(*v);
  ASSERT_EQ(o.size(), 7u);
  EXPECT_EQ(o[0].code_case(), kind::Pad);
  EXPECT_EQ(o[0].size(), 1u);
  EXPECT_EQ(o[1].code_case(), kind::Pad);
  auto fqdn = o[2].as_ClientFqdn();
  ASSERT_TRUE(fqdn);
  EXPECT_EQ(fqdn->length(), 11);
  EXPECT_EQ(fqdn->flags_mbz(), 0);
  EXPECT_EQ(fqdn->no_update(), 0);
  EXPECT_EQ(fqdn->encoded(), 1);
  EXPECT_EQ(fqdn->server_override(), 0);
  EXPECT_EQ(fqdn->server_update(), 1);
  EXPECT_EQ(fqdn->rcode1(), 0);
  EXPECT_EQ(fqdn->rcode2(), 0);
  EXPECT_EQ(vec(fqdn->domain_name()), (std::vector<std::uint8_t>{3, 'h', 'o', 's', 't', 2, 'n', 'l'}));
  auto search = o[3].as_DomainSearch();
  ASSERT_TRUE(search);
  EXPECT_EQ(search->names().size(), 12u);
  EXPECT_EQ(search->length(), 12);
  EXPECT_EQ(search->names()[0], 3);
  EXPECT_EQ(o[4].code(), static_cast<code>(200));
  EXPECT_EQ(vec(o[4].as_Other()->data()), (std::vector<std::uint8_t>{9, 8, 7}));
  EXPECT_EQ(text(o[5].as_Message()->text()), "no");
  EXPECT_EQ(o[6].code_case(), kind::End);
  EXPECT_EQ(v->padding().size(), 2u);
}

TEST(DhcpHandAssembled, FixedSizeOptionWithWrongLengthIsRejected) {
  // A subnet mask of 3 bytes would put the list out of step.
  const Frame m = request_with_options({1, 3, 255, 255, 255, 255});
  auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(m));
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, mpl::error_kind::const_mismatch);
  EXPECT_EQ(v.error().offset, 241u);
}

TEST(DhcpHandAssembled, MissingEndIsAnError) {
  const Frame m = request_with_options({53, 1, 1, 0, 0});
  auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(m));
  ASSERT_FALSE(v.ok());
}

TEST(DhcpHandAssembled, BadMagicCookieIsRejected) {
  Frame m = request_with_options({255});
  m[236] = 0;
  auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(m));
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, mpl::error_kind::const_mismatch);
  EXPECT_EQ(v.error().offset, 236u);
}

// ---------------------------------------------------------------- building

TEST(DhcpBuild, DiscoverFromScratchMatchesTheHandWrittenBytes) {
  const std::uint8_t host[] = {'m', 'p', 'l'};
  const std::uint8_t wanted[] = {1, 3, 6, 15, 51, 58, 59};
  const std::uint8_t client_id[] = {0x02, 0, 0, 0, 0, 1};
  const std::uint8_t fqdn_name[] = {3, 'm', 'p', 'l', 0};
  const std::array<opt::sub_options_element_builder, 1> relay{
      {{.sub_code = opt::sub_code_t::AgentCircuitId, .sub_data = host}}};
  const std::array<opt::addresses_element_builder, 2> routers{{{.address = 0x0a000001u}, {.address = 0x0a000002u}}};
  const std::array<opt::list_element_builder, 10> list{{
      {.code = code::MessageType, .body = opt::MessageType{.message_type = opt::message_type_t::Discover}},
      {.code = code::ClientIdentifier, .body = opt::ClientIdentifier{.type = 1, .identifier = client_id}},
      {.code = code::ParameterRequestList, .body = opt::ParameterRequestList{.codes = wanted}},
      {.code = code::MaximumMessageSize, .body = opt::MaximumMessageSize{.maximum_size = 1500}},
      {.code = code::HostName, .body = opt::HostName{.name = host}},
      {.code = code::ClientFqdn, .body = opt::ClientFqdn{.server_update = 1, .domain_name = fqdn_name}},
      {.code = code::Router, .body = opt::Router{.addresses = routers}},
      {.code = code::RelayAgentInformation, .body = opt::RelayAgentInformation{.sub_options = relay}},
      {.code = code::Pad, .body = opt::Pad{}},
      {.code = code::End, .body = opt::End{}},
  }};
  const ::dhcp::dhcp::builder b{.op = ::dhcp::dhcp::op_t::BootRequest,
                                .xid = 0xdeadbeef,
                                .broadcast = 1,
                                .chaddr = {0x02, 0, 0, 0, 0, 1},
                                .options = {.list = list}};
  const Frame expected_options{53, 1, 1,                               //
                               61, 7, 1, 2, 0, 0, 0, 0, 1,             //
                               55, 7, 1, 3, 6, 15, 51, 58, 59,         //
                               57, 2, 0x05, 0xdc,                      //
                               12, 3, 'm', 'p', 'l',                   //
                               81, 8, 0x05, 0, 0, 3, 'm', 'p', 'l', 0, //
                               3, 8, 10, 0, 0, 1, 10, 0, 0, 2,         //
                               82, 5, 1, 3, 'm', 'p', 'l',             //
                               0, 255};
  Frame expected(236, 0);
  expected[0] = 1, expected[1] = 1, expected[2] = 6;
  expected[4] = 0xde, expected[5] = 0xad, expected[6] = 0xbe, expected[7] = 0xef;
  expected[10] = 0x80;
  expected[28] = 2, expected[33] = 1;
  for (std::uint8_t x : {0x63, 0x82, 0x53, 0x63}) expected.push_back(x);
  expected.insert(expected.end(), expected_options.begin(), expected_options.end());

  ASSERT_EQ(b.size(), expected.size());
  std::vector<std::uint8_t> out(b.size());
  auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});
  ASSERT_TRUE(w.ok()) << w.error().describe();
  EXPECT_EQ(out, expected);

  // parse(build(x)) == x
  auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(out));
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->xid(), 0xdeadbeefu);
  EXPECT_EQ(v->broadcast(), 1);
  const auto o = options_of(*v);
  ASSERT_EQ(o.size(), 10u);
  EXPECT_EQ(o[1].as_ClientIdentifier()->length(), 7);
  EXPECT_EQ(vec(o[1].as_ClientIdentifier()->identifier()), vec(client_id));
  EXPECT_EQ(vec(o[2].as_ParameterRequestList()->codes()), vec(wanted));
  EXPECT_EQ(o[3].as_MaximumMessageSize()->maximum_size(), 1500);
  EXPECT_EQ(o[5].as_ClientFqdn()->encoded(), 1);
  EXPECT_EQ(o[5].as_ClientFqdn()->server_update(), 1);
  EXPECT_EQ(addresses_of(o[6].as_Router()->addresses()), (std::vector<std::uint32_t>{0x0a000001u, 0x0a000002u}));
  EXPECT_EQ(o[7].as_RelayAgentInformation()->length(), 5);
  EXPECT_TRUE(v->padding().empty());

  // A buffer one byte short is refused, not overrun.
  std::vector<std::uint8_t> small(b.size() - 1);
  auto refused = b.write(mpl::mutable_bytes{small.data(), small.size()});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, mpl::error_kind::buffer_too_small);
}

// ---------------------------------------------------------------- corpus

struct CorpusMessage {
  std::string file;
  std::size_t index;
  Frame bytes;
};

const std::vector<CorpusMessage>& valid_corpus() {
  static const std::vector<CorpusMessage> all = [] {
    std::vector<CorpusMessage> out;
    for (const auto& file : capture_files("dhcp")) {
      const auto messages = dhcp_messages(file);
      for (std::size_t i = 0; i < messages.size(); ++i) out.push_back({file, i, messages[i]});
    }
    return out;
  }();
  return all;
}

TEST(DhcpCorpus, EveryMessageParsesAndRebuildsByteIdentically) {
  MPL_NEEDS_CORPUS();
  std::size_t n = 0;
  std::size_t files_seen = 0;
  std::string last_file;
  for (const auto& m : valid_corpus()) {
    if (m.file != last_file) ++files_seen, last_file = m.file;
    SCOPED_TRACE(m.file + " message " + std::to_string(m.index));
    auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(m.bytes));
    ASSERT_TRUE(v.ok()) << v.error().describe();
    // The packet owns the whole UDP payload (padding after End included).
    EXPECT_EQ(v->size(), m.bytes.size());
    app_test::DhcpBuildStorage storage;
    const auto b = app_test::dhcp_builder(*v, storage);
    ASSERT_EQ(b.size(), m.bytes.size());
    std::vector<std::uint8_t> out(b.size());
    auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});
    ASSERT_TRUE(w.ok()) << w.error().describe();
    EXPECT_EQ(out, m.bytes);
    ++n;
  }
  // The manifest counts 641 frames carrying DHCP, 44 of them in malformed/.
  EXPECT_EQ(files_seen, 19u);
  EXPECT_EQ(n, 597u);
}

TEST(DhcpCorpus, EveryMessageTypeOfTheManifestIsSeen) {
  MPL_NEEDS_CORPUS();
  std::array<std::size_t, 19> seen{};
  for (const auto& m : valid_corpus()) {
    auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(m.bytes));
    ASSERT_TRUE(v.ok());
    for (const auto& e : v->options().list()) {
      if (auto t = e.as_MessageType()) {
        const auto k = static_cast<std::size_t>(t->message_type());
        if (k < seen.size()) ++seen[k];
      }
    }
  }
  // Manifest counts (tshark): DISCOVER 63, OFFER 11, REQUEST 8, DECLINE 1,
  // ACK 259, NAK 1, RELEASE 2, INFORM 252.
  EXPECT_EQ(seen[1], 63u);
  EXPECT_EQ(seen[2], 11u);
  EXPECT_EQ(seen[3], 8u);
  EXPECT_EQ(seen[4], 1u);
  EXPECT_EQ(seen[5], 259u);
  EXPECT_EQ(seen[6], 1u);
  EXPECT_EQ(seen[7], 2u);
  EXPECT_EQ(seen[8], 252u);
}

// Every prefix of a message is either rejected (it ends before End) or, once
// End is in, parses with the padding cut short: the padding is whatever
// follows End in the buffer.
TEST(DhcpCorpus, TruncationAtEveryLength) {
  MPL_NEEDS_CORPUS();
  std::size_t checked = 0;
  std::string last_file;
  for (const auto& m : valid_corpus()) {
    if (m.file == last_file) continue;  // one message per file is plenty: they share the code paths
    last_file = m.file;
    auto full = ::dhcp::dhcp::parse(codec_test::bytes_of(m.bytes));
    ASSERT_TRUE(full.ok());
    const std::size_t options_end = 240 + full->options().size();
    for (std::size_t len = 0; len < m.bytes.size(); ++len) {
      // A copy of exactly len bytes, so that AddressSanitizer sees any overread.
      const std::vector<std::uint8_t> prefix(m.bytes.begin(), m.bytes.begin() + static_cast<std::ptrdiff_t>(len));
      auto v = ::dhcp::dhcp::parse(mpl::bytes{prefix.data(), prefix.size()});
      if (len < options_end) {
        ASSERT_FALSE(v.ok()) << m.file << " length " << len;
        EXPECT_LE(v.error().offset, len);
      } else {
        ASSERT_TRUE(v.ok()) << m.file << " length " << len;
        EXPECT_EQ(v->padding().size(), len - options_end);
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 5000u);
}

// The malformed captures: whatever they hold, parsing returns (a view or an
// error) without reading outside the buffer. The bad-cookie trace of zeek
// has three messages whose cookie is zero.
TEST(DhcpCorpus, MalformedCapturesNeverCrash) {
  MPL_NEEDS_CORPUS();
  std::size_t parsed = 0, rejected = 0;
  for (const auto& file : capture_files("dhcp/malformed")) {
    for (const auto& frame : app_test::ethernet_frames(file)) {
      // Every UDP payload, whatever its ports, and the raw frame itself.
      std::vector<Frame> candidates{frame};
      if (auto u = app_test::udp_datagram(frame)) candidates.emplace_back(u->payload.begin(), u->payload.end());
      for (const auto& c : candidates) {
        auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(c));
        if (v.ok()) {
          ++parsed;
          EXPECT_LE(v->size(), c.size());
          for (const auto& e : v->options().list()) EXPECT_LE(e.size(), c.size());
        } else {
          ++rejected;
          EXPECT_LE(v.error().offset, c.size());
        }
      }
    }
  }
  EXPECT_GT(rejected, 0u);
  EXPECT_GT(parsed, 0u);

  const auto bad_cookie = dhcp_messages(codec_test::corpus("dhcp/malformed/zeek__dhcp_dhcp_bad_cookie_option_retention.pcap"));
  ASSERT_EQ(bad_cookie.size(), 5u);
  for (std::size_t i = 1; i <= 3; ++i) {
    auto v = ::dhcp::dhcp::parse(codec_test::bytes_of(bad_cookie[i]));
    ASSERT_FALSE(v.ok());
    EXPECT_EQ(v.error().kind, mpl::error_kind::const_mismatch);
    EXPECT_EQ(std::string(v.error().field), "dhcp.magic_cookie");
  }
  EXPECT_TRUE(::dhcp::dhcp::parse(codec_test::bytes_of(bad_cookie[0])).ok());
  EXPECT_TRUE(::dhcp::dhcp::parse(codec_test::bytes_of(bad_cookie[4])).ok());
}

}  // namespace
