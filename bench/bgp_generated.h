// The bgp_update cases through mplc-generated code (specs/bgp.mpl, bounds
// checks elided), written the way the generated interface asks a user to
// read and build an UPDATE: bgp_message::parse() validates the message,
// then each path attribute's value is parsed on its own with
// bgp_attribute_value::parse(value, as4, add_path_ipv4, add_path_ipv6,
// type_code, value.size()), as specs/bgp.mpl asks (a bad value is then the
// caller's to judge, RFC 7606). The benchmark's sessions negotiate no
// ADD-PATH, and it reads no MP_REACH_NLRI anyway.
#pragma once

#include <mpl/bytes.h>
#include <mpl/endian.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "bgp_fields.h"

// GCC 12 at -O3 splits the common tail of the generated array elements'
// validate_() (off_[0] = e0_.size_; size_ = off_[0]) into a ".part" clone,
// folds the identical clones of different element types into one
// (-fipa-icf), and then, where a range iterator's operator++ inlines it,
// warns that one element type is read through another (-Warray-bounds).
// The members read sit at the same offsets in every element type, so no
// byte outside the object is read; the warning is off for the generated
// header only (-O2 or -fno-ipa-icf do not warn).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Warray-bounds"
#include "elided/bgp.h"
#pragma GCC diagnostic pop

namespace bench::gen_bgp {

namespace msg = ::bgp::bgp_message;
namespace attr = ::bgp::bgp_path_attribute;
namespace value_ns = ::bgp::bgp_attribute_value;
namespace prefix_ns = ::bgp::bgp_ipv4_prefix;
namespace as4_segment = ::bgp::bgp_as4_path_segment;

// A prefix view's bytes sit in one of five classify cases (by how many bytes
// the bit length needs); each has its own `prefix` accessor.
inline BgpPrefix prefix_of(const prefix_ns::view& p) noexcept {
  mpl::bytes bytes;
  switch (p.prefix_length_case()) {
    case prefix_ns::prefix_length_case_t::Bytes0:
      break;
    case prefix_ns::prefix_length_case_t::Bytes1:
      bytes = p.as_Bytes1()->prefix();
      break;
    case prefix_ns::prefix_length_case_t::Bytes2:
      bytes = p.as_Bytes2()->prefix();
      break;
    case prefix_ns::prefix_length_case_t::Bytes3:
      bytes = p.as_Bytes3()->prefix();
      break;
    case prefix_ns::prefix_length_case_t::Bytes4:
      bytes = p.as_Bytes4()->prefix();
      break;
  }
  std::uint32_t address = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) address |= std::uint32_t{bytes[i]} << (24 - 8 * i);
  return BgpPrefix{p.prefix_length(), address};
}

// The value of an attribute of a type the reader decodes. A known type whose
// length is not its RFC's parses as case Unknown; the reader promised the
// value, so it refuses the message (as the hand-written one does).
inline bool read_attribute_value(std::uint8_t type, mpl::bytes value, bool as4,
                                 BgpUpdateFields& f) noexcept {
  if (type != kBgpTypeOrigin && type != kBgpTypeAsPath && type != kBgpTypeNextHop &&
      type != kBgpTypeMed && type != kBgpTypeLocalPref && type != kBgpTypeCommunities) {
    return true;
  }
  auto v = value_ns::parse(value, as4, false, false, type, value.size());
  if (!v.ok()) return false;
  switch (type) {
    case kBgpTypeOrigin: {
      auto origin = v->as_Origin();
      if (!origin) return false;
      f.origin = static_cast<std::uint8_t>(origin->origin());
      return true;
    }
    case kBgpTypeAsPath: {
      // The 4- and 2-byte forms differ only in their segment types.
      const auto read_path = [&f](const auto& path) {
        for (const auto& e : path.segments()) {
          const auto& s = e.segment();
          f.as_path_segments.push({static_cast<std::uint8_t>(s.segment_type()), s.segment_length()});
          for (const auto& a : s.asns()) f.as_path_asns.push(a.asn());
        }
        return true;
      };
      if (auto path = v->as_AsPath4()) return read_path(*path);
      if (auto path = v->as_AsPath()) return read_path(*path);
      return false;
    }
    case kBgpTypeNextHop: {
      auto next_hop = v->as_NextHop();
      if (!next_hop) return false;
      f.next_hop = next_hop->next_hop();
      return true;
    }
    case kBgpTypeMed: {
      auto med = v->as_MultiExitDisc();
      if (!med) return false;
      f.med = med->med();
      return true;
    }
    case kBgpTypeLocalPref: {
      auto local_pref = v->as_LocalPref();
      if (!local_pref) return false;
      f.local_pref = local_pref->local_pref();
      return true;
    }
    default: {
      auto communities = v->as_Communities();
      if (!communities) return false;
      for (const auto& c : communities->communities())
        f.communities.push(static_cast<std::uint32_t>(c.community()));
      return true;
    }
  }
}

inline bool parse_bgp_update(mpl::bytes in, bool as4, BgpUpdateFields& f) noexcept {
  auto m = msg::parse(in, /*add_path=*/false);
  if (!m.ok()) return false;
  auto update = m->as_Update();
  if (!update) return false;
  f.length = m->length();
  f.withdrawn_routes_length = update->withdrawn_routes_length();
  f.total_path_attribute_length = update->total_path_attribute_length();
  for (const auto& e : update->withdrawn_routes()) f.withdrawn.push(prefix_of(e.prefix()));
  for (const auto& e : update->path_attributes()) {
    const attr::view& a = e.attribute();
    // The value sits in the Short or the Extended case, by the flag.
    const mpl::bytes value = a.as_Short() ? a.as_Short()->value() : a.as_Extended()->value();
    const auto type = static_cast<std::uint8_t>(a.type_code());
    f.attributes.push({a.optional(), a.transitive(), a.partial(), a.extended_length(),
                       a.flags_reserved(), type, static_cast<std::uint16_t>(value.size())});
    if (!read_attribute_value(type, value, as4, f)) return false;
  }
  for (const auto& e : update->nlri()) f.nlri.push(prefix_of(e.prefix()));
  return true;
}

// ---------------------------------------------------------------- builder

// A prefix builder: the classify case is chosen by the byte count the bit
// length needs (MPL has no "bits rounded up to bytes" size the builder could
// compute), and write() checks that the two agree.
inline prefix_ns::builder prefix_builder(const BgpPrefix& p) noexcept {
  const auto byte = [&p](int i) { return static_cast<std::uint8_t>(p.address >> (24 - 8 * i)); };
  prefix_ns::builder b{.prefix_length = p.length};
  switch ((p.length + 7u) / 8u) {
    case 0:
      b.body = prefix_ns::Bytes0{};
      break;
    case 1:
      b.body = prefix_ns::Bytes1{.prefix = {byte(0)}};
      break;
    case 2:
      b.body = prefix_ns::Bytes2{.prefix = {byte(0), byte(1)}};
      break;
    case 3:
      b.body = prefix_ns::Bytes3{.prefix = {byte(0), byte(1), byte(2)}};
      break;
    default:  // over 32 bits: write() refuses the length (max(32))
      b.body = prefix_ns::Bytes4{.prefix = {byte(0), byte(1), byte(2), byte(3)}};
      break;
  }
  return b;
}

// The UPDATE of hand_bgp::build_bgp_update, from the generated builders: every
// length (message, withdrawn routes, attribute list, each attribute, the
// segment's AS count) is computed by write(). The element builders live in
// arrays of kBgpKeep, as a user without allocation would hold them; more
// routes than that are refused here (a user would reach for a vector).
inline std::size_t build_bgp_update(const BgpUpdateArgs& a, mpl::mutable_bytes out) noexcept {
  if (a.withdrawn.size() > kBgpKeep || a.nlri.size() > kBgpKeep || a.as_sequence.size() > kBgpKeep ||
      a.communities.size() > kBgpKeep)
    return 0;
  std::array<msg::withdrawn_routes_element_builder, kBgpKeep> withdrawn;
  for (std::size_t i = 0; i < a.withdrawn.size(); ++i)
    withdrawn[i].prefix = prefix_builder(a.withdrawn[i]);
  std::array<msg::nlri_element_builder, kBgpKeep> nlri;
  for (std::size_t i = 0; i < a.nlri.size(); ++i) nlri[i].prefix = prefix_builder(a.nlri[i]);
  std::array<as4_segment::asns_element_builder, kBgpKeep> asns;
  for (std::size_t i = 0; i < a.as_sequence.size(); ++i) asns[i].asn = a.as_sequence[i];
  std::array<value_ns::communities_element_builder, kBgpKeep> communities;
  for (std::size_t i = 0; i < a.communities.size(); ++i)
    communities[i].community = static_cast<value_ns::community_t>(a.communities[i]);

  const std::array<value_ns::AsPath4_segments_element_builder, 1> segments{{
      {.segment = {.segment_type = as4_segment::segment_type_t::AsSequence,
                   .asns = std::span<const as4_segment::asns_element_builder>(
                       asns.data(), a.as_sequence.size())}},
  }};
  const std::size_t as_path_length = a.as_sequence.empty() ? 0 : 2 + 4 * a.as_sequence.size();
  const value_ns::builder origin{
      .as4 = true,
      .type_code = kBgpTypeOrigin,
      .length = 1,
      .body = value_ns::Origin{.origin = static_cast<value_ns::origin_t>(a.origin)}};
  const value_ns::builder as_path{
      .as4 = true,
      .type_code = kBgpTypeAsPath,
      .length = as_path_length,
      .body =
          value_ns::AsPath4{.segments = std::span(segments.data(), a.as_sequence.empty() ? 0 : 1)}};
  const value_ns::builder next_hop{.as4 = true,
                                   .type_code = kBgpTypeNextHop,
                                   .length = 4,
                                   .body = value_ns::NextHop{.next_hop = a.next_hop}};
  const value_ns::builder med{.as4 = true,
                              .type_code = kBgpTypeMed,
                              .length = 4,
                              .body = value_ns::MultiExitDisc{.med = a.med}};
  const value_ns::builder community_list{
      .as4 = true,
      .type_code = kBgpTypeCommunities,
      .length = 4 * a.communities.size(),
      .body = value_ns::Communities{.communities = std::span<const value_ns::communities_element_builder>(
                                        communities.data(), a.communities.size())}};

  using type = attr::type_code_t;
  // BIRD's layout: every attribute with the one-byte length.
  const std::array<msg::path_attributes_element_builder, 5> attributes{{
      {.attribute = {.transitive = 1,
                     .type_code = type::Origin,
                     .body = attr::Short{.value = origin}}},
      {.attribute = {.transitive = 1,
                     .type_code = type::AsPath,
                     .body = attr::Short{.value = as_path}}},
      {.attribute = {.transitive = 1,
                     .type_code = type::NextHop,
                     .body = attr::Short{.value = next_hop}}},
      {.attribute = {.optional = 1,
                     .type_code = type::MultiExitDisc,
                     .body = attr::Short{.value = med}}},
      {.attribute = {.optional = 1,
                     .transitive = 1,
                     .type_code = type::Communities,
                     .body = attr::Short{.value = community_list}}},
  }};
  const msg::builder update{
      .type = msg::type_t::Update,
      .body = msg::Update{
          .withdrawn_routes = std::span<const msg::withdrawn_routes_element_builder>(
              withdrawn.data(), a.withdrawn.size()),
          // COMMUNITIES, the last, is left out when there are none.
          .path_attributes = std::span<const msg::path_attributes_element_builder>(
              attributes.data(), a.communities.empty() ? 4 : 5),
          .nlri = std::span<const msg::nlri_element_builder>(nlri.data(), a.nlri.size()),
      }};
  auto n = update.write(out);
  return n.ok() ? *n : 0;
}

}  // namespace bench::gen_bgp
