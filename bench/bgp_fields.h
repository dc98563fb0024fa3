// What every parser of the bgp_update cases produces from a BGP UPDATE, and
// what the builders are given. Plain values in fixed-capacity arrays: the
// timed loop allocates nothing, the self-checks compare results with ==, and
// benchmark::DoNotOptimize on the result forces every value to be computed.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace bench {

// Room for the lists of one result. A parser counts every element but keeps
// only the first kBgpKeep of each list (the captured UPDATE has five
// attributes, the longest of its lists), so a longer message is read in full
// and still accepted.
inline constexpr std::size_t kBgpKeep = 8;

// The element types are plain aggregates without default member
// initialisers, so that a result's lists are not cleared element by element
// before every parse (clearing all of BgpUpdateFields costs a third of a
// hand-written parse): only their first `count` elements are ever set or
// compared. Value-initialise one (`BgpPrefix p{}`) to get zeros.

// An IPv4 prefix of the withdrawn routes or the NLRI: its length in bits
// and the bytes the message carries for it, left-aligned in a 32-bit
// address (the missing low bytes zero, as tshark prints them).
struct BgpPrefix {
  std::uint8_t length;
  std::uint32_t address;

  bool operator==(const BgpPrefix&) const = default;
};

// Each path attribute's header: the four flag bits, the unused low four
// bits, the type code and the value's length.
struct BgpAttributeHeader {
  std::uint8_t optional;
  std::uint8_t transitive;
  std::uint8_t partial;
  std::uint8_t extended_length;
  std::uint8_t flags_reserved;
  std::uint8_t type_code;
  std::uint16_t length;

  bool operator==(const BgpAttributeHeader&) const = default;
};

// One AS_PATH segment: its type (AS_SET, AS_SEQUENCE, ...) and how many AS
// numbers it holds; the numbers themselves go, in order, to `asns`.
struct BgpAsSegment {
  std::uint8_t type;
  std::uint8_t count;

  bool operator==(const BgpAsSegment&) const = default;
};

// A list as the message has it: how many elements, and the first kBgpKeep
// of them (the rest of `kept` is left unset).
template <class T>
struct BgpList {
  std::uint32_t count = 0;
  std::array<T, kBgpKeep> kept;

  void push(const T& v) noexcept {
    if (count < kBgpKeep) kept[count] = v;
    ++count;
  }
  bool operator==(const BgpList& other) const noexcept {
    if (count != other.count) return false;
    const std::size_t n = count < kBgpKeep ? count : kBgpKeep;
    for (std::size_t i = 0; i < n; ++i) {
      if (!(kept[i] == other.kept[i])) return false;
    }
    return true;
  }
};

// The UPDATE's header and every value the cases read. Attributes of other
// types than the decoded ones appear in `attributes` only; a decoded value
// is left at 0 when its attribute is absent.
struct BgpUpdateFields {
  std::uint16_t length = 0;
  std::uint16_t withdrawn_routes_length = 0;
  std::uint16_t total_path_attribute_length = 0;
  BgpList<BgpPrefix> withdrawn;
  BgpList<BgpAttributeHeader> attributes;
  std::uint8_t origin = 0;                 // ORIGIN (1)
  BgpList<BgpAsSegment> as_path_segments;  // AS_PATH (2)
  BgpList<std::uint32_t> as_path_asns;
  std::uint32_t next_hop = 0;          // NEXT_HOP (3)
  std::uint32_t med = 0;               // MULTI_EXIT_DISC (4)
  std::uint32_t local_pref = 0;        // LOCAL_PREF (5)
  BgpList<std::uint32_t> communities;  // COMMUNITIES (8)
  BgpList<BgpPrefix> nlri;

  bool operator==(const BgpUpdateFields&) const = default;
};

// The route a speaker announces, as its routing table has it: what the
// build cases write as an UPDATE laid out like the captured one (see
// bgp_handwritten.h, build_bgp_update).
struct BgpUpdateArgs {
  std::span<const BgpPrefix> withdrawn{};
  std::uint8_t origin = 0;
  std::span<const std::uint32_t> as_sequence{};  // one AS_SEQUENCE, four-octet AS numbers
  std::uint32_t next_hop = 0;
  std::uint32_t med = 0;
  std::span<const std::uint32_t> communities{};  // COMMUNITIES (RFC 1997); none: no attribute
  std::span<const BgpPrefix> nlri{};
};

// Path attribute type codes (RFC 4271 §5.1, RFC 1997) and
// the AS_SEQUENCE segment type (RFC 4271 §4.3).
inline constexpr std::uint8_t kBgpTypeOrigin = 1;
inline constexpr std::uint8_t kBgpTypeAsPath = 2;
inline constexpr std::uint8_t kBgpTypeNextHop = 3;
inline constexpr std::uint8_t kBgpTypeMed = 4;
inline constexpr std::uint8_t kBgpTypeLocalPref = 5;
inline constexpr std::uint8_t kBgpTypeCommunities = 8;
inline constexpr std::uint8_t kBgpAsSequence = 2;

}  // namespace bench
