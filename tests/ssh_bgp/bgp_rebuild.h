// Test helper: a bgp_message builder made from a parsed view, field by
// field, down to every capability, path attribute value and prefix, so
// that writing it gives back the parsed bytes only if every part of the
// spec reads and writes alike. Element lists live in an arena that must
// outlive the builder.
#pragma once

#include <algorithm>
#include <array>
#include <deque>
#include <memory>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>


#include "bgp.h"

namespace ssh_bgp_test {

// Owns the element vectors (and nested builders) that builders refer to.
class Arena {
 public:
  template <class T>
  std::vector<T>& vec() {
    auto p = std::make_shared<std::vector<T>>();
    keep_.push_back(p);
    return *p;
  }
  template <class T>
  T& one(T value) {
    auto p = std::make_shared<T>(std::move(value));
    keep_.push_back(p);
    return *p;
  }

 private:
  std::vector<std::shared_ptr<void>> keep_;
};

template <class Span>
using element_of = typename std::remove_cvref_t<Span>::value_type;

template <std::size_t N>
std::array<std::uint8_t, N> array_of(mpl::bytes b) {
  std::array<std::uint8_t, N> a{};
  std::copy_n(b.begin(), N, a.begin());
  return a;
}

// Prefix bodies: alternative I holds I bytes (Bytes0 .. BytesN).
template <class Variant, std::size_t I>
Variant prefix_alternative(mpl::bytes p) {
  std::variant_alternative_t<I, Variant> alt{};
  if constexpr (I > 0) alt.prefix = array_of<I>(p);
  return Variant{std::in_place_index<I>, alt};
}
template <class Variant, std::size_t... I>
Variant prefix_body(std::size_t index, mpl::bytes p, std::index_sequence<I...>) {
  Variant out;
  ((index == I ? (void)(out = prefix_alternative<Variant, I>(p)) : void()), ...);
  return out;
}
template <class Builder, class View>
Builder prefix_builder(const View& v) {
  using Body = decltype(Builder{}.body);
  Builder b{.prefix_length = v.prefix_length()};
  b.body = prefix_body<Body>(static_cast<std::size_t>(v.prefix_length_case()), v.bytes().subspan(1),
                             std::make_index_sequence<std::variant_size_v<Body>>{});
  return b;
}

template <class Span, class Range>
Span prefixes(Arena& arena, const Range& range) {
  using E = element_of<Span>;
  auto& out = arena.vec<E>();
  for (const auto& e : range) {
    E b{.prefix = prefix_builder<decltype(E{}.prefix)>(e.prefix())};
    // The UPDATE's own lists carry an ADD-PATH path identifier case.
    if constexpr (requires { e.as_WithPathId(); }) {
      if (auto id = e.as_WithPathId()) b.body = std::variant_alternative_t<1, decltype(b.body)>{.path_id = id->path_id()};
    }
    out.push_back(b);
  }
  return out;
}

template <class Span, class Range>
Span as2_segments(Arena& arena, const Range& range) {
  using E = element_of<Span>;
  auto& out = arena.vec<E>();
  for (const auto& e : range) {
    const auto& s = e.segment();
    using SegB = decltype(E{}.segment);
    auto& asns = arena.vec<element_of<decltype(SegB{}.asns)>>();
    for (const auto& a : s.asns()) asns.push_back({.asn = a.asn()});
    out.push_back(E{.segment = SegB{.segment_type = s.segment_type(), .asns = asns}});
  }
  return out;
}

inline bgp::bgp_attribute_value::builder attribute_value_builder(Arena& arena, const bgp::bgp_attribute_value::view& v) {
  namespace av = bgp::bgp_attribute_value;
  av::builder b{.as4 = v.as4(), .add_path_ipv4 = v.add_path_ipv4(), .add_path_ipv6 = v.add_path_ipv6(),
                .type_code = v.type_code(), .length = v.length()};
  if (auto c = v.as_Origin()) b.body = av::Origin{.origin = c->origin()};
  if (auto c = v.as_AsPath()) b.body = av::AsPath{.segments = as2_segments<decltype(av::AsPath{}.segments)>(arena, c->segments())};
  if (auto c = v.as_AsPath4()) b.body = av::AsPath4{.segments = as2_segments<decltype(av::AsPath4{}.segments)>(arena, c->segments())};
  if (auto c = v.as_As4Path()) b.body = av::As4Path{.segments = as2_segments<decltype(av::As4Path{}.segments)>(arena, c->segments())};
  if (auto c = v.as_NextHop()) b.body = av::NextHop{.next_hop = c->next_hop()};
  if (auto c = v.as_MultiExitDisc()) b.body = av::MultiExitDisc{.med = c->med()};
  if (auto c = v.as_LocalPref()) b.body = av::LocalPref{.local_pref = c->local_pref()};
  if (v.as_AtomicAggregate()) b.body = av::AtomicAggregate{};
  if (auto c = v.as_Aggregator()) b.body = av::Aggregator{.aggregator_as = c->aggregator_as(), .aggregator_address = c->aggregator_address()};
  if (auto c = v.as_Aggregator4()) b.body = av::Aggregator4{.aggregator_as = c->aggregator_as(), .aggregator_address = c->aggregator_address()};
  if (auto c = v.as_As4Aggregator()) b.body = av::As4Aggregator{.aggregator_as = c->aggregator_as(), .aggregator_address = c->aggregator_address()};
  if (auto c = v.as_Communities()) {
    auto& list = arena.vec<element_of<decltype(av::Communities{}.communities)>>();
    for (const auto& e : c->communities()) list.push_back({.community = e.community()});
    b.body = av::Communities{.communities = list};
  }
  if (auto c = v.as_ExtendedCommunities()) {
    auto& list = arena.vec<element_of<decltype(av::ExtendedCommunities{}.communities)>>();
    for (const auto& e : c->communities()) {
      list.push_back({.type_high = e.type_high(), .type_low = e.type_low(), .value = array_of<6>(e.value())});
    }
    b.body = av::ExtendedCommunities{.communities = list};
  }
  if (auto c = v.as_LargeCommunity()) {
    auto& list = arena.vec<element_of<decltype(av::LargeCommunity{}.communities)>>();
    for (const auto& e : c->communities()) {
      list.push_back({.global_administrator = e.global_administrator(), .local_data_1 = e.local_data_1(), .local_data_2 = e.local_data_2()});
    }
    b.body = av::LargeCommunity{.communities = list};
  }
  if (auto c = v.as_MpReachNlri()) {
    av::MpReachNlri m{.afi = c->afi(), .safi = c->safi(), .next_hop = c->next_hop(), .reserved = c->reserved()};
    if (auto f = c->as_Ipv4Unicast()) m.body = av::Ipv4Unicast{.nlri = prefixes<decltype(av::Ipv4Unicast{}.nlri)>(arena, f->nlri())};
    if (auto f = c->as_Ipv6Unicast()) m.body = av::Ipv6Unicast{.nlri = prefixes<decltype(av::Ipv6Unicast{}.nlri)>(arena, f->nlri())};
    if (auto f = c->as_OtherFamily()) m.body = av::OtherFamily{.nlri_data = f->nlri_data()};
    b.body = m;
  }
  if (auto c = v.as_MpUnreachNlri()) {
    av::MpUnreachNlri m{.afi = c->afi(), .safi = c->safi()};
    if (auto f = c->as_Ipv4Unicast()) m.body = av::classify4_Ipv4Unicast{.withdrawn = prefixes<decltype(av::classify4_Ipv4Unicast{}.withdrawn)>(arena, f->withdrawn())};
    if (auto f = c->as_Ipv6Unicast()) m.body = av::classify4_Ipv6Unicast{.withdrawn = prefixes<decltype(av::classify4_Ipv6Unicast{}.withdrawn)>(arena, f->withdrawn())};
    if (auto f = c->as_OtherFamily()) m.body = av::classify4_OtherFamily{.withdrawn_data = f->withdrawn_data()};
    b.body = m;
  }
  if (auto c = v.as_Unknown()) b.body = av::Unknown{.data = c->data()};
  return b;
}

inline bgp::bgp_capability::builder capability_builder(Arena& arena, const bgp::bgp_capability::view& v) {
  namespace cap = bgp::bgp_capability;
  cap::builder b{.code = v.code()};
  if (auto c = v.as_Multiprotocol()) b.body = cap::Multiprotocol{.afi = c->afi(), .reserved = c->reserved(), .safi = c->safi()};
  if (v.as_RouteRefresh()) b.body = cap::RouteRefresh{};
  if (v.as_ExtendedMessage()) b.body = cap::ExtendedMessage{};
  if (v.as_EnhancedRouteRefresh()) b.body = cap::EnhancedRouteRefresh{};
  if (auto c = v.as_GracefulRestart()) {
    auto& fams = arena.vec<element_of<decltype(cap::GracefulRestart{}.families)>>();
    for (const auto& f : c->families()) {
      fams.push_back({.afi = f.afi(), .safi = f.safi(), .forwarding_state = f.forwarding_state(), .flags_reserved = f.flags_reserved()});
    }
    b.body = cap::GracefulRestart{.restart_state = c->restart_state(), .notification = c->notification(),
                                  .restart_reserved = c->restart_reserved(), .restart_time = c->restart_time(), .families = fams};
  }
  if (auto c = v.as_FourOctetAs()) b.body = cap::FourOctetAs{.as_number = c->as_number()};
  if (auto c = v.as_AddPath()) {
    auto& fams = arena.vec<element_of<decltype(cap::AddPath{}.families)>>();
    for (const auto& f : c->families()) fams.push_back({.afi = f.afi(), .safi = f.safi(), .send_receive = f.send_receive()});
    b.body = cap::AddPath{.families = fams};
  }
  if (auto c = v.as_Fqdn()) b.body = cap::Fqdn{.hostname = c->hostname(), .domain_name = c->domain_name()};
  if (auto c = v.as_Unknown()) b.body = cap::Unknown{.value = c->value()};
  return b;
}

// `as4` and `add_path_ipv6` are what the session negotiated (ADD-PATH for
// IPv4 unicast is the message's own parameter); attribute values are
// rebuilt from their parsed form, which needs them.
inline bgp::bgp_message::builder message_builder(Arena& arena, const bgp::bgp_message::view& v, bool as4,
                                                 bool add_path_ipv6 = false) {
  namespace m = bgp::bgp_message;
  m::builder b{.add_path = v.add_path(), .type = v.type(), .trailing = v.trailing()};
  if (auto c = v.as_Open()) {
    auto& params = arena.vec<element_of<decltype(m::Open{}.optional_parameters)>>();
    for (const auto& e : c->optional_parameters()) {
      const auto& p = e.parameter();
      bgp::bgp_optional_parameter::builder pb{.parameter_type = p.parameter_type()};
      if (auto caps = p.as_Capabilities()) {
        auto& list = arena.vec<element_of<decltype(bgp::bgp_optional_parameter::Capabilities{}.capabilities)>>();
        for (const auto& ce : caps->capabilities()) list.push_back({.capability = capability_builder(arena, ce.capability())});
        pb.body = bgp::bgp_optional_parameter::Capabilities{.capabilities = list};
      }
      if (auto other = p.as_Other()) pb.body = bgp::bgp_optional_parameter::Other{.value = other->value()};
      params.push_back({.parameter = pb});
    }
    b.body = m::Open{.my_as = c->my_as(), .hold_time = c->hold_time(), .bgp_identifier = c->bgp_identifier(),
                     .optional_parameters = params};
  }
  if (auto c = v.as_Update()) {
    auto& attrs = arena.vec<element_of<decltype(m::Update{}.path_attributes)>>();
    for (const auto& e : c->path_attributes()) {
      const auto& a = e.attribute();
      bgp::bgp_path_attribute::builder ab{.optional = a.optional(), .transitive = a.transitive(), .partial = a.partial(),
                                          .flags_reserved = a.flags_reserved(), .type_code = a.type_code()};
      const mpl::bytes value = a.as_Short() ? a.as_Short()->value() : a.as_Extended()->value();
      auto parsed = bgp::bgp_attribute_value::parse(value, as4, v.add_path(), add_path_ipv6,
                                                    static_cast<std::uint64_t>(a.type_code()), value.size());
      if (!parsed.ok()) return b;  // the caller checks the attribute values first
      auto& nested = arena.one(attribute_value_builder(arena, *parsed));
      if (a.as_Short()) {
        ab.body = bgp::bgp_path_attribute::Short{.value = nested};
      } else {
        ab.body = bgp::bgp_path_attribute::Extended{.value = nested};
      }
      attrs.push_back({.attribute = ab});
    }
    b.body = m::Update{.withdrawn_routes = prefixes<decltype(m::Update{}.withdrawn_routes)>(arena, c->withdrawn_routes()),
                       .path_attributes = attrs,
                       .nlri = prefixes<decltype(m::Update{}.nlri)>(arena, c->nlri())};
  }
  if (auto c = v.as_Notification()) {
    m::Notification n{.error_code = c->error_code(), .data = c->data()};
    if (auto s = c->as_MessageHeader()) n.body = m::MessageHeader{.header_subcode = s->header_subcode()};
    if (auto s = c->as_OpenMessage()) n.body = m::OpenMessage{.open_subcode = s->open_subcode()};
    if (auto s = c->as_UpdateMessage()) n.body = m::UpdateMessage{.update_subcode = s->update_subcode()};
    if (auto s = c->as_Cease()) n.body = m::Cease{.cease_subcode = s->cease_subcode()};
    if (auto s = c->as_RouteRefreshMessage()) n.body = m::RouteRefreshMessage{.route_refresh_subcode = s->route_refresh_subcode()};
    if (auto s = c->as_OtherError()) n.body = m::OtherError{.subcode = s->subcode()};
    b.body = n;
  }
  if (v.as_Keepalive()) b.body = m::Keepalive{};
  if (auto c = v.as_RouteRefresh()) b.body = m::RouteRefresh{.afi = c->afi(), .subtype = c->subtype(), .safi = c->safi()};
  if (auto c = v.as_Unknown()) b.body = m::Unknown{.body = c->body()};
  return b;
}

}  // namespace ssh_bgp_test
