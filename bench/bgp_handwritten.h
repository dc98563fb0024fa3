// The hand-written BGP UPDATE reader and writer of the bgp_update cases:
// what a careful engineer writes without a code generator. Every load goes
// through a helper that checks the bytes are there first (bench::hand's
// read_u8/u16/u32, and read_prefix below, which checks a prefix's bytes as
// one run), and the reader enforces the rules the generated code enforces
// when used as bgp_generated.h uses it, so neither wins by checking less:
//
// * the message (specs/bgp.mpl, bgp_message::parse): the 16-byte marker is
//   all ones; 19 <= length <= the bytes given; type 2 (UPDATE); the
//   withdrawn routes, the path attributes and the NLRI each fill their
//   byte count exactly (the first two by their length fields, the NLRI up to
//   `length`), and the first two end within `length`;
// * each prefix (bgp_ipv4_prefix): a length of at most 32 bits, followed by
//   the (length + 7) / 8 bytes that hold it;
// * each path attribute (bgp_path_attribute): flags, type, a one-byte
//   length or, with the Extended Length flag, a two-byte one, and the value
//   inside the attribute list; no flag or type is refused (the spec leaves
//   that to the caller: RFC 7606 error handling);
// * the values read (bgp_attribute_value::parse with the session's as4):
//   ORIGIN exactly 1 byte, NEXT_HOP, MULTI_EXIT_DISC and LOCAL_PREF exactly
//   4 (the generated code keeps another length raw, as case Unknown, which
//   both readers refuse since they promise the value); AS_PATH a list of
//   segments that fills the value, each a type, a count and that many 2- or
//   4-byte AS numbers; COMMUNITIES whole 4-byte values. Other attribute
//   types are not decoded by either reader.
//
// mpl::limits::max_array_elements (65536) never binds: a BGP message has
// at most 65535 bytes and every element takes at least one.
#pragma once

#include <mpl/bytes.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "bgp_fields.h"
#include "handwritten.h"

namespace bench::hand_bgp {

using hand::read_u16;
using hand::read_u32;
using hand::read_u8;

inline constexpr std::uint8_t kMarkerByte = 0xff;
inline constexpr std::size_t kHeaderSize = 19;  // marker, length, type
inline constexpr std::uint8_t kTypeUpdate = 2;
inline constexpr std::uint8_t kFlagOptional = 0x80;
inline constexpr std::uint8_t kFlagTransitive = 0x40;
inline constexpr std::uint8_t kFlagPartial = 0x20;
inline constexpr std::uint8_t kFlagExtendedLength = 0x10;

// One prefix at `at` of `list`: its length byte, then the bytes holding that
// many bits, checked once as a run. Advances `at` past it.
inline bool read_prefix(mpl::bytes list, std::size_t& at, BgpPrefix& p) noexcept {
  std::uint8_t bits = 0;
  if (!read_u8(list, at, bits) || bits > 32) return false;
  const std::size_t n = (bits + 7u) / 8u;
  if (n > list.size() - at - 1) return false;  // read_u8 proved at < size
  std::uint32_t address = 0;
  for (std::size_t i = 0; i < n; ++i) address |= std::uint32_t{list[at + 1 + i]} << (24 - 8 * i);
  p.length = bits;
  p.address = address;
  at += 1 + n;
  return true;
}

// A list of prefixes that must fill `list` exactly.
inline bool read_prefixes(mpl::bytes list, BgpList<BgpPrefix>& out) noexcept {
  for (std::size_t at = 0; at < list.size();) {
    BgpPrefix p{};
    if (!read_prefix(list, at, p)) return false;
    out.push(p);
  }
  return true;
}

// AS_PATH: segments filling the value, with 4-byte AS numbers when both
// speakers advertised the capability (`as4`, RFC 6793), else 2-byte ones.
inline bool read_as_path(mpl::bytes value, bool as4, BgpUpdateFields& f) noexcept {
  for (std::size_t at = 0; at < value.size();) {
    BgpAsSegment segment{};
    if (!read_u8(value, at, segment.type) || !read_u8(value, at + 1, segment.count)) return false;
    f.as_path_segments.push(segment);
    at += 2;
    for (std::size_t i = 0; i < segment.count; ++i) {
      if (as4) {
        std::uint32_t asn = 0;
        if (!read_u32(value, at, asn)) return false;
        f.as_path_asns.push(asn);
        at += 4;
      } else {
        std::uint16_t asn = 0;
        if (!read_u16(value, at, asn)) return false;
        f.as_path_asns.push(asn);
        at += 2;
      }
    }
  }
  return true;
}

// The value of an attribute of a type the reader decodes; others are
// accepted as they are.
inline bool read_attribute_value(std::uint8_t type, mpl::bytes value, bool as4,
                                 BgpUpdateFields& f) noexcept {
  switch (type) {
    case kBgpTypeOrigin:
      return value.size() == 1 && read_u8(value, 0, f.origin);
    case kBgpTypeAsPath:
      return read_as_path(value, as4, f);
    case kBgpTypeNextHop:
      return value.size() == 4 && read_u32(value, 0, f.next_hop);
    case kBgpTypeMed:
      return value.size() == 4 && read_u32(value, 0, f.med);
    case kBgpTypeLocalPref:
      return value.size() == 4 && read_u32(value, 0, f.local_pref);
    case kBgpTypeCommunities:
      for (std::size_t at = 0; at < value.size(); at += 4) {
        std::uint32_t community = 0;
        if (!read_u32(value, at, community)) return false;
        f.communities.push(community);
      }
      return true;
    default:
      return true;
  }
}

// The path attribute list, which must be filled exactly by attributes.
inline bool read_attributes(mpl::bytes list, bool as4, BgpUpdateFields& f) noexcept {
  for (std::size_t at = 0; at < list.size();) {
    std::uint8_t flags = 0;
    BgpAttributeHeader h{};
    if (!read_u8(list, at, flags) || !read_u8(list, at + 1, h.type_code)) return false;
    h.optional = (flags & kFlagOptional) != 0 ? 1 : 0;
    h.transitive = (flags & kFlagTransitive) != 0 ? 1 : 0;
    h.partial = (flags & kFlagPartial) != 0 ? 1 : 0;
    h.extended_length = (flags & kFlagExtendedLength) != 0 ? 1 : 0;
    h.flags_reserved = static_cast<std::uint8_t>(flags & 0x0f);
    at += 2;
    if (h.extended_length != 0) {
      if (!read_u16(list, at, h.length)) return false;
      at += 2;
    } else {
      std::uint8_t length = 0;
      if (!read_u8(list, at, length)) return false;
      h.length = length;
      at += 1;
    }
    if (h.length > list.size() - at) return false;  // the reads above proved at <= size
    f.attributes.push(h);
    if (!read_attribute_value(h.type_code, list.subspan(at, h.length), as4, f)) return false;
    at += h.length;
  }
  return true;
}

// One UPDATE at the start of `in` (bytes after `length` are left alone, as
// bgp_message::parse leaves them). `as4`: the session's AS number size.
inline bool parse_bgp_update(mpl::bytes in, bool as4, BgpUpdateFields& f) noexcept {
  std::uint8_t type = 0;
  if (!read_u16(in, 16, f.length) || !read_u8(in, 18, type)) return false;
  for (std::size_t i = 0; i < 16; ++i) {
    if (in[i] != kMarkerByte) return false;  // read_u8 at 18 proved 19 bytes
  }
  if (f.length < kHeaderSize || f.length > in.size() || type != kTypeUpdate) return false;
  const mpl::bytes message = in.first(f.length);
  if (!read_u16(message, 19, f.withdrawn_routes_length)) return false;
  const std::size_t withdrawn_at = 21;
  if (f.withdrawn_routes_length > message.size() - withdrawn_at) return false;
  if (!read_prefixes(message.subspan(withdrawn_at, f.withdrawn_routes_length), f.withdrawn))
    return false;
  const std::size_t attributes_length_at = withdrawn_at + f.withdrawn_routes_length;
  if (!read_u16(message, attributes_length_at, f.total_path_attribute_length)) return false;
  const std::size_t attributes_at = attributes_length_at + 2;
  if (f.total_path_attribute_length > message.size() - attributes_at) return false;
  if (!read_attributes(message.subspan(attributes_at, f.total_path_attribute_length), as4, f))
    return false;
  return read_prefixes(message.subspan(attributes_at + f.total_path_attribute_length), f.nlri);
}

// ---------------------------------------------------------------- writer

// Big-endian stores; the writer checks the whole size once before any.
using hand::put_u16;
using hand::put_u32;

inline std::size_t prefix_size(const BgpPrefix& p) noexcept {
  return 1 + (p.length + 7u) / 8u;
}

inline std::uint8_t* put_prefix(std::uint8_t* d, const BgpPrefix& p) noexcept {
  *d++ = p.length;
  for (std::size_t i = 0; i < (p.length + 7u) / 8u; ++i)
    *d++ = static_cast<std::uint8_t>(p.address >> (24 - 8 * i));
  return d;
}

// An attribute header: flags, type and a one-byte length, or a two-byte one
// when the flags carry Extended Length.
inline std::uint8_t* put_attribute_header(std::uint8_t* d, std::uint8_t flags, std::uint8_t type,
                                          std::size_t length) noexcept {
  *d++ = flags;
  *d++ = type;
  if ((flags & kFlagExtendedLength) != 0) {
    put_u16(d, static_cast<std::uint16_t>(length));
    return d + 2;
  }
  *d++ = static_cast<std::uint8_t>(length);
  return d;
}

// An UPDATE laid out as BIRD sends it (the captured kBgpUpdate): ORIGIN,
// AS_PATH (one-byte length) with one AS_SEQUENCE of 4-byte AS numbers (none:
// an empty AS_PATH), NEXT_HOP, MULTI_EXIT_DISC, COMMUNITIES (left out when
// there are none), then the NLRI. Returns the message size, or 0 when `out`
// is too small or the route cannot be encoded (a prefix longer than 32 bits,
// an AS_PATH or COMMUNITIES value over 255 bytes, a message over 65535
// bytes), which is what the generated builder refuses too.
inline std::size_t build_bgp_update(const BgpUpdateArgs& a, mpl::mutable_bytes out) noexcept {
  std::size_t withdrawn = 0, nlri = 0;
  for (const BgpPrefix& p : a.withdrawn) {
    if (p.length > 32) return 0;
    withdrawn += prefix_size(p);
  }
  for (const BgpPrefix& p : a.nlri) {
    if (p.length > 32) return 0;
    nlri += prefix_size(p);
  }
  const std::size_t as_path = a.as_sequence.empty() ? 0 : 2 + 4 * a.as_sequence.size();
  const std::size_t communities = 4 * a.communities.size();
  if (as_path > 255 || communities > 255) return 0;
  const std::size_t attributes =
      (3 + 1) + (3 + as_path) + (3 + 4) + (3 + 4) + (communities == 0 ? 0 : 3 + communities);
  const std::size_t size = kHeaderSize + 2 + withdrawn + 2 + attributes + nlri;
  if (size > 0xffff || out.size() < size) return 0;

  std::uint8_t* d = out.data();
  std::memset(d, kMarkerByte, 16);
  put_u16(d + 16, static_cast<std::uint16_t>(size));
  d[18] = kTypeUpdate;
  d += kHeaderSize;
  put_u16(d, static_cast<std::uint16_t>(withdrawn));
  d += 2;
  for (const BgpPrefix& p : a.withdrawn) d = put_prefix(d, p);
  put_u16(d, static_cast<std::uint16_t>(attributes));
  d += 2;
  d = put_attribute_header(d, kFlagTransitive, kBgpTypeOrigin, 1);
  *d++ = a.origin;
  d = put_attribute_header(d, kFlagTransitive, kBgpTypeAsPath, as_path);
  if (!a.as_sequence.empty()) {
    *d++ = kBgpAsSequence;
    *d++ = static_cast<std::uint8_t>(a.as_sequence.size());
    for (std::uint32_t asn : a.as_sequence) {
      put_u32(d, asn);
      d += 4;
    }
  }
  d = put_attribute_header(d, kFlagTransitive, kBgpTypeNextHop, 4);
  put_u32(d, a.next_hop);
  d += 4;
  d = put_attribute_header(d, kFlagOptional, kBgpTypeMed, 4);
  put_u32(d, a.med);
  d += 4;
  if (communities != 0) {
    d = put_attribute_header(d, kFlagOptional | kFlagTransitive, kBgpTypeCommunities, communities);
    for (std::uint32_t c : a.communities) {
      put_u32(d, c);
      d += 4;
    }
  }
  for (const BgpPrefix& p : a.nlri) d = put_prefix(d, p);
  return size;
}

}  // namespace bench::hand_bgp
