// The hand-written DNS baseline: what a careful engineer writes without a
// code generator (see handwritten.h for the link layers, which it reuses).
//
// Parsing enforces the rules the generated dns_message parse enforces
// (specs/dns.mpl, runtime/include/mpl/dns.h), over the whole message, so
// neither side is faster merely by checking less:
//
//   * a 12-byte header; every question (name, type, class) and every record
//     of the three sections, as many as the counts say, inside the message;
//     bytes after the last record are left alone;
//   * names: labels of at most 63 bytes (length bytes 0x40-0xBF refused),
//     at most 255 bytes expanded; a compression pointer must point past the
//     header to a name lying wholly before the pointer (so no loop can
//     form), and at most 64 pointers are followed for one name
//     (mpl::limits::max_name_pointer_hops);
//   * records: RDLENGTH bytes inside the message; an OPT record's options
//     (code, length, data) fill its RDATA exactly; any type may have empty
//     RDATA (RFC 2136); otherwise the RDATA must hold its type's layout for
//     every type the spec types: A and AAAA addresses, the names of NS,
//     CNAME, PTR, MX, SOA, SRV, NAPTR, RRSIG and NSEC (inside the RDATA),
//     the character-strings of HINFO, NAPTR and CAA's tag, TXT/SPF strings
//     filling the RDATA exactly, and the fixed parts of SOA, MX, SRV, NAPTR,
//     DS, RRSIG, DNSKEY and CAA. Bytes after the layout are allowed (the
//     generated view keeps them as `extra`). Other types are raw bytes.
//
// Only A, CNAME, NS and OPT occur in the benchmark's messages; the other
// types' rules are checked by the self-check that mutates every byte of the
// inputs (type bytes included) and requires this parser to accept exactly
// what the generated one accepts.
//
// The writer compresses names the way a careful server does: a table of
// the suffixes already written (each entry a label at some offset followed
// by an earlier entry), searched from a new name's last label, so each name
// is written as its longest already-written suffix replaced by a pointer.
// Labels compare byte for byte, as the generated builder's do, so both
// produce identical bytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include <mpl/bytes.h>
#include <mpl/limits.h>

#include "dns_fields.h"
#include "fields.h"
#include "handwritten.h"

namespace bench::hand_dns {

using hand::read_u16;
using hand::read_u32;
using hand::read_u8;

inline constexpr std::size_t kHeaderBytes = 12;
inline constexpr std::size_t kMaxPointerHops = mpl::limits::max_name_pointer_hops;

// Checks the name at `at` of `m`, whose bytes in place must end by `limit`,
// and sets `next` to the byte after them. When `out` is not null the name is
// also copied there, decompressed.
inline bool read_name(mpl::bytes m, std::size_t at, std::size_t limit, std::size_t& next, WireName* out) noexcept {
  std::size_t pos = at;
  std::size_t end = limit < m.size() ? limit : m.size();
  std::size_t length = 1;  // the final zero
  std::size_t hops = 0;
  if (out != nullptr) out->size = 0;
  for (;;) {
    // Past the region, or (after a jump) back at the pointer: refused.
    if (pos >= end) return false;
    const std::uint8_t b = m[pos];
    if (b == 0) {
      if (hops == 0) next = pos + 1;
      if (out != nullptr) out->finish();
      return true;
    }
    if ((b & 0xC0) == 0xC0) {
      if (end - pos < 2 || hops == kMaxPointerHops) return false;
      const std::size_t target = (std::size_t{b & 0x3Fu} << 8) | m[pos + 1];
      if (target < kHeaderBytes || target >= pos) return false;
      if (hops == 0) next = pos + 2;
      ++hops;
      end = pos;  // the name pointed at must end before this pointer
      pos = target;
      continue;
    }
    if ((b & 0xC0) != 0) return false;  // over 63 bytes, or a reserved label type
    if (b > end - pos - 1) return false;
    length += 1u + b;
    if (length > kMaxWireName) return false;
    if (out != nullptr && !out->push_label(m.data() + pos + 1, b)) return false;
    pos += 1u + b;
  }
}

// A character-string (length byte, bytes) inside [at, end).
inline bool skip_string(mpl::bytes m, std::size_t& at, std::size_t end) noexcept {
  std::uint8_t n = 0;
  if (at >= end || !read_u8(m, at, n) || n > end - at - 1) return false;
  at += 1u + n;
  return true;
}

// A name that must lie inside [at, end).
inline bool skip_name(mpl::bytes m, std::size_t& at, std::size_t end, WireName* out = nullptr) noexcept {
  return read_name(m, at, end, at, out);
}

// The RDATA of a record of `type` in [at, end), end inside the message. For
// A/AAAA/NS/CNAME/PTR, fills `out`'s address or target when `out` is set.
inline bool check_rdata(mpl::bytes m, std::uint16_t type, std::size_t at, std::size_t end, DnsAnswer* out) noexcept {
  if (at == end) return true;  // RFC 2136: empty RDATA of any type
  const std::size_t n = end - at;
  switch (type) {
    case kTypeA:
    case kTypeAAAA: {
      const std::size_t size = type == kTypeA ? 4 : 16;
      if (n < size) return false;
      if (out != nullptr) {
        std::memcpy(out->address.data(), m.data() + at, size);
        out->address_size = static_cast<std::uint8_t>(size);
      }
      return true;
    }
    case kTypeNS:
    case kTypeCNAME:
    case kTypePTR:
      return skip_name(m, at, end, out != nullptr ? &out->target : nullptr);
    case 6:  // SOA: two names, five 32-bit numbers
      return skip_name(m, at, end) && skip_name(m, at, end) && end - at >= 20;
    case 13:  // HINFO: cpu, os
      return skip_string(m, at, end) && skip_string(m, at, end);
    case 15:  // MX: preference, exchange
      at += 2;
      return n >= 2 && skip_name(m, at, end);
    case 16:  // TXT
    case 99:  // SPF: character-strings filling the RDATA
      while (at < end) {
        if (!skip_string(m, at, end)) return false;
      }
      return true;
    case 33:  // SRV: priority, weight, port, target
      at += 6;
      return n >= 6 && skip_name(m, at, end);
    case 35:  // NAPTR: order, preference, flags, services, regexp, replacement
      at += 4;
      return n >= 4 && skip_string(m, at, end) && skip_string(m, at, end) && skip_string(m, at, end) &&
             skip_name(m, at, end);
    case 43:  // DS: key tag, algorithm, digest type, digest
    case 48:  // DNSKEY: flags, protocol, algorithm, key
      return n >= 4;
    case 46:  // RRSIG: 18 fixed bytes, signer's name, signature
      at += 18;
      return n >= 18 && skip_name(m, at, end);
    case 47:  // NSEC: next name, type bitmaps
      return skip_name(m, at, end);
    case 257:  // CAA: flags, tag, value
      at += 1;
      return n >= 1 && skip_string(m, at, end);
    default:
      return true;
  }
}

// EDNS options (code, length, data) filling [at, end) exactly.
inline bool check_options(mpl::bytes m, std::size_t at, std::size_t end) noexcept {
  while (at < end) {
    std::uint16_t length = 0;
    if (end - at < 4 || !read_u16(m, at + 2, length) || length > end - at - 4) return false;
    at += 4u + length;
  }
  return true;
}

// What every record yields, whether or not it is collected.
struct RecordHead {
  std::uint16_t type = 0;
  std::uint16_t rclass = 0;  // OPT: UDP payload size
};

// Checks the record at `at` and moves `at` past it; fills `out` when set.
inline bool read_record(mpl::bytes m, std::size_t& at, RecordHead& head, DnsAnswer* out) noexcept {
  std::size_t pos = 0;
  if (!read_name(m, at, m.size(), pos, out != nullptr ? &out->owner : nullptr)) return false;
  std::uint32_t ttl = 0;
  std::uint16_t rdlength = 0;
  if (!read_u16(m, pos, head.type) || !read_u16(m, pos + 2, head.rclass) || !read_u32(m, pos + 4, ttl) ||
      !read_u16(m, pos + 8, rdlength)) {
    return false;
  }
  const std::size_t rdata = pos + 10;  // inside the message: the load above succeeded
  if (rdlength > m.size() - rdata) return false;
  const std::size_t end = rdata + rdlength;
  if (out != nullptr) {
    out->type = head.type;
    out->rclass = head.rclass;
    out->ttl = ttl;
    out->address_size = 0;
    out->target.size = 0;
  }
  if (head.type == kTypeOPT) {
    if (!check_options(m, rdata, end)) return false;
  } else if (!check_rdata(m, head.type, rdata, end, out)) {
    return false;
  }
  at = end;
  return true;
}

struct Header {
  std::uint16_t id = 0;
  std::uint16_t flags = 0;
  std::uint16_t qdcount = 0;
  std::uint16_t ancount = 0;
  std::uint16_t nscount = 0;
  std::uint16_t arcount = 0;
};

inline bool read_header(mpl::bytes m, Header& h) noexcept {
  return read_u16(m, 0, h.id) && read_u16(m, 2, h.flags) && read_u16(m, 4, h.qdcount) &&
         read_u16(m, 6, h.ancount) && read_u16(m, 8, h.nscount) && read_u16(m, 10, h.arcount);
}

// Checks every question from offset 12; copies the first one's name, type
// and class when `name` is set. Leaves `at` after the questions.
inline bool read_questions(mpl::bytes m, const Header& h, std::size_t& at, WireName* name, std::uint16_t& qtype,
                           std::uint16_t& qclass) noexcept {
  at = kHeaderBytes;
  for (std::size_t i = 0; i < h.qdcount; ++i) {
    std::uint16_t type = 0, rclass = 0;
    if (!read_name(m, at, m.size(), at, i == 0 ? name : nullptr)) return false;
    if (!read_u16(m, at, type) || !read_u16(m, at + 2, rclass)) return false;
    at += 4;
    if (i == 0) {
      qtype = type;
      qclass = rclass;
    }
  }
  return true;
}

// The DNS part of parse/eth_ipv4_udp_dns_query, on the UDP payload.
inline bool parse_query_message(mpl::bytes m, DnsQueryFields& f) noexcept {
  Header h;
  if (!read_header(m, h)) return false;
  f.id = h.id;
  f.qr = static_cast<std::uint8_t>(h.flags >> 15);
  f.opcode = static_cast<std::uint8_t>((h.flags >> 11) & 0xf);
  f.aa = static_cast<std::uint8_t>((h.flags >> 10) & 1);
  f.tc = static_cast<std::uint8_t>((h.flags >> 9) & 1);
  f.rd = static_cast<std::uint8_t>((h.flags >> 8) & 1);
  f.ra = static_cast<std::uint8_t>((h.flags >> 7) & 1);
  f.ad = static_cast<std::uint8_t>((h.flags >> 5) & 1);
  f.cd = static_cast<std::uint8_t>((h.flags >> 4) & 1);
  f.rcode = static_cast<std::uint8_t>(h.flags & 0xf);
  f.question_count = h.qdcount;
  std::size_t at = 0;
  if (!read_questions(m, h, at, &f.qname, f.qtype, f.qclass)) return false;
  RecordHead head;
  for (std::size_t i = 0; i < std::size_t{h.ancount} + h.nscount; ++i) {
    if (!read_record(m, at, head, nullptr)) return false;
  }
  bool edns = false;
  for (std::size_t i = 0; i < h.arcount; ++i) {
    if (!read_record(m, at, head, nullptr)) return false;
    if (head.type == kTypeOPT && !edns) {
      f.edns_udp_size = head.rclass;
      edns = true;
    }
  }
  return true;
}

// parse/eth_ipv4_udp_dns_query: the link layers by handwritten.h's parsers
// (the same rules as link_cases' hand-written path), then the message.
inline bool udp_payload_of(mpl::bytes frame, DnsQueryFields& f, mpl::bytes& payload) noexcept {
  HeaderFields h;
  if (!hand::parse_udp_frame(frame, h)) return false;
  f.src = h.src;
  f.dst = h.dst;
  f.source_port = h.source_port;
  f.destination_port = h.destination_port;
  // parse_udp_frame proved these bytes are in the frame.
  payload = frame.subspan(14 + std::size_t{h.ihl} * 4 + 8, h.payload_size);
  return true;
}

inline bool parse_query_frame(mpl::bytes frame, DnsQueryFields& f) noexcept {
  mpl::bytes payload;
  return udp_payload_of(frame, f, payload) && parse_query_message(payload, f);
}

// parse/dns_response: every answer collected, every other
// question and record checked.
inline bool parse_response(mpl::bytes m, DnsResponseFields& f) noexcept {
  Header h;
  if (!read_header(m, h)) return false;
  if (h.ancount > kMaxAnswers) return false;
  f.id = h.id;
  f.qr = static_cast<std::uint8_t>(h.flags >> 15);
  f.rcode = static_cast<std::uint8_t>(h.flags & 0xf);
  std::size_t at = 0;
  std::uint16_t qtype = 0, qclass = 0;
  if (!read_questions(m, h, at, nullptr, qtype, qclass)) return false;
  RecordHead head;
  for (std::size_t i = 0; i < h.ancount; ++i) {
    if (!read_record(m, at, head, &f.answers[i])) return false;
  }
  f.answer_count = h.ancount;
  for (std::size_t i = 0; i < std::size_t{h.nscount} + h.arcount; ++i) {
    if (!read_record(m, at, head, nullptr)) return false;
  }
  return true;
}

// ---------------------------------------------------------------- writing

// Appends to a caller's buffer, checking the room before every write (the
// size of a compressed message is only known once it is written). After a
// failure nothing more is written and size() is 0.
class Writer {
 public:
  explicit Writer(mpl::mutable_bytes out) noexcept : out_(out) {}

  std::size_t size() const noexcept { return ok_ ? len_ : 0; }
  std::size_t offset() const noexcept { return len_; }
  bool ok() const noexcept { return ok_; }

  bool room(std::size_t n) noexcept {
    if (ok_ && out_.size() - len_ >= n) return true;
    ok_ = false;
    return false;
  }
  void u8(std::uint8_t v) noexcept {
    if (room(1)) out_[len_++] = v;
  }
  void u16(std::uint16_t v) noexcept {
    if (!room(2)) return;
    hand::put_u16(out_.data() + len_, v);
    len_ += 2;
  }
  void u32(std::uint32_t v) noexcept {
    if (!room(4)) return;
    hand::put_u32(out_.data() + len_, v);
    len_ += 4;
  }
  void raw(const std::uint8_t* p, std::size_t n) noexcept {
    if (!room(n)) return;
    std::memcpy(out_.data() + len_, p, n);
    len_ += n;
  }
  void patch_u16(std::size_t at, std::uint16_t v) noexcept {
    if (ok_) hand::put_u16(out_.data() + at, v);
  }
  void fail() noexcept { ok_ = false; }

  // Writes `text` (dotted, no escapes) compressed against the names written
  // so far, and records its new suffixes.
  void name(std::string_view text) noexcept;

 private:
  // Suffix table: entry i is the label written at `offset`, followed by the
  // suffix of entry `parent` (-1: the root). At most 256 entries; names
  // after that are still compressed against them, and a pointer reaches
  // offsets past the header and below 0x4000 only.
  struct Suffix {
    std::uint16_t offset;
    std::int16_t parent;
  };
  static constexpr std::size_t kTableSize = 256;
  static constexpr std::size_t kMaxLabels = 127;

  int find(std::string_view label, int parent) const noexcept {
    for (std::size_t i = 0; i < count_; ++i) {
      const Suffix& s = table_[i];
      if (s.parent != parent || out_[s.offset] != label.size()) continue;
      if (std::memcmp(out_.data() + s.offset + 1, label.data(), label.size()) == 0) return static_cast<int>(i);
    }
    return -1;
  }

  mpl::mutable_bytes out_;
  std::size_t len_ = 0;
  bool ok_ = true;
  std::size_t count_ = 0;
  std::array<Suffix, kTableSize> table_;
};

inline void Writer::name(std::string_view text) noexcept {
  if (!ok_) return;
  // Split into labels: no empty label except a final dot (or "." alone for
  // the root), labels of at most 63 bytes, the name at most 255 bytes.
  std::array<std::string_view, kMaxLabels> labels;
  std::size_t n = 0;
  std::size_t total = 1;
  if (text == ".") text = {};
  while (!text.empty()) {
    const std::size_t dot = text.find('.');
    const std::string_view label = text.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.find('\\') != std::string_view::npos || n == kMaxLabels) {
      return fail();
    }
    total += 1 + label.size();
    if (total > kMaxWireName) return fail();
    labels[n++] = label;
    text = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  }
  // The longest suffix already written: match labels from the last.
  std::size_t matched = n;
  int parent = -1;
  while (matched > 0) {
    const int e = find(labels[matched - 1], parent);
    if (e < 0) break;
    parent = e;
    --matched;
  }
  std::array<std::size_t, kMaxLabels> offsets;
  for (std::size_t i = 0; i < matched; ++i) {
    offsets[i] = len_;
    u8(static_cast<std::uint8_t>(labels[i].size()));
    raw(reinterpret_cast<const std::uint8_t*>(labels[i].data()), labels[i].size());
  }
  if (matched < n) {
    u16(static_cast<std::uint16_t>(0xC000 | table_[static_cast<std::size_t>(parent)].offset));
  } else {
    u8(0);
  }
  if (!ok_) return;
  // The new suffixes, shortest first, each pointing at the one after it.
  for (std::size_t i = matched; i-- > 0;) {
    if (count_ == kTableSize || offsets[i] < kHeaderBytes || offsets[i] > 0x3FFF) break;
    table_[count_] = Suffix{static_cast<std::uint16_t>(offsets[i]), static_cast<std::int16_t>(parent)};
    parent = static_cast<int>(count_++);
  }
}

inline void write_record(Writer& w, const DnsRecordSpec& r) noexcept {
  w.name(r.name);
  w.u16(r.type);
  w.u16(r.rclass);
  w.u32(r.ttl);
  const std::size_t rdlength_at = w.offset();
  w.u16(0);
  const std::size_t start = w.offset();
  switch (r.type) {
    case kTypeA:
    case kTypeAAAA:
      if (r.address_size != (r.type == kTypeA ? 4 : 16)) return w.fail();
      w.raw(r.address.data(), r.address_size);
      break;
    case kTypeNS:
    case kTypeCNAME:
    case kTypePTR:
      w.name(r.target);
      break;
    case kTypeOPT:  // no options
      break;
    default:
      return w.fail();
  }
  w.patch_u16(rdlength_at, static_cast<std::uint16_t>(w.offset() - start));
}

// build/dns_response_compressed; returns the message size, 0 on error
// (out too small, a bad name or type, a flag out of range).
inline std::size_t build_response(const DnsResponseSpec& s, mpl::mutable_bytes out) noexcept {
  if (s.qr > 1 || s.opcode > 15 || s.aa > 1 || s.tc > 1 || s.rd > 1 || s.ra > 1 || s.z > 1 || s.ad > 1 ||
      s.cd > 1 || s.rcode > 15) {
    return 0;
  }
  if (s.answers.size() > kMaxBuildAnswers || s.authority.size() > kMaxBuildAuthority ||
      s.additional.size() > kMaxBuildAdditional) {
    return 0;
  }
  Writer w(out);
  w.u16(s.id);
  w.u16(static_cast<std::uint16_t>(s.qr << 15 | s.opcode << 11 | s.aa << 10 | s.tc << 9 | s.rd << 8 | s.ra << 7 |
                                   s.z << 6 | s.ad << 5 | s.cd << 4 | s.rcode));
  w.u16(1);
  w.u16(static_cast<std::uint16_t>(s.answers.size()));
  w.u16(static_cast<std::uint16_t>(s.authority.size()));
  w.u16(static_cast<std::uint16_t>(s.additional.size()));
  w.name(s.qname);
  w.u16(s.qtype);
  w.u16(s.qclass);
  for (const DnsRecordSpec& r : s.answers) write_record(w, r);
  for (const DnsRecordSpec& r : s.authority) write_record(w, r);
  for (const DnsRecordSpec& r : s.additional) write_record(w, r);
  return w.size();
}

}  // namespace bench::hand_dns
