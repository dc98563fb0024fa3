// What the DNS cases of codec_bench read and build, as plain values. Every
// implementation (generated, hand-written, libtins, ldns) fills the same
// structs, so the self-checks can compare them with each other and with
// what tshark shows, and the benchmark hands them to DoNotOptimize.
//
// Names are kept in one form for all: uncompressed wire form (length-
// prefixed labels and the final zero, RFC 1035 section 3.1), as bytes in a
// fixed buffer. It is what a decompressing parser naturally produces, needs
// no escaping rules (dotted text would need RFC 1035 section 5.1 escapes,
// which the libraries apply differently), and costs no allocation.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include <mpl/bytes.h>

namespace bench {

inline constexpr std::size_t kMaxWireName = 255;  // RFC 1035 section 2.3.4, every length byte counted

// A name in wire form. Only bytes[0, size) are meaningful: the struct is
// left uninitialised in the hot loops, so a parse pays for what it writes.
struct WireName {
  std::uint8_t size = 0;
  std::array<std::uint8_t, kMaxWireName> bytes;

  // Appends one label (false when the label is over 63 bytes or the name
  // would outgrow 255 bytes with its final zero); finish() writes the final
  // zero, for which push_label() always leaves room.
  bool push_label(const std::uint8_t* label, std::size_t n) noexcept {
    if (n > 63 || std::size_t{size} + 1 + n + 1 > kMaxWireName) return false;
    bytes[size] = static_cast<std::uint8_t>(n);
    std::memcpy(bytes.data() + size + 1, label, n);
    size = static_cast<std::uint8_t>(size + 1 + n);
    return true;
  }
  void finish() noexcept { bytes[size++] = 0; }

  mpl::bytes view() const noexcept { return {bytes.data(), size}; }
  bool operator==(const WireName& o) const noexcept {
    return size == o.size && std::memcmp(bytes.data(), o.bytes.data(), size) == 0;
  }
};

// parse/eth_ipv4_udp_dns_query: what a DNS server reads from a query before
// answering it. The DNS header's Z bit is not read: ldns has no accessor for
// it. Counts other than the questions' are not read either: ldns takes the
// OPT record out of the additional section and lowers ARCOUNT.
struct DnsQueryFields {
  // IPv4 and UDP: where the answer goes.
  std::uint32_t src = 0;
  std::uint32_t dst = 0;
  std::uint16_t source_port = 0;
  std::uint16_t destination_port = 0;
  // DNS header.
  std::uint16_t id = 0;
  std::uint8_t qr = 0;
  std::uint8_t opcode = 0;
  std::uint8_t aa = 0;
  std::uint8_t tc = 0;
  std::uint8_t rd = 0;
  std::uint8_t ra = 0;
  std::uint8_t ad = 0;
  std::uint8_t cd = 0;
  std::uint8_t rcode = 0;
  std::uint16_t question_count = 0;
  // The first question (a query has one).
  WireName qname;
  std::uint16_t qtype = 0;
  std::uint16_t qclass = 0;
  // The UDP payload size of the first OPT record (RFC 6891), 0 without one:
  // how large the response may be.
  std::uint16_t edns_udp_size = 0;

  bool operator==(const DnsQueryFields&) const noexcept = default;
};

// One answer record of parse/dns_response. For an OPT record
// (RFC 6891) `rclass` is the UDP payload size and `ttl` the extended RCODE,
// version and flags, as they are on the wire.
struct DnsAnswer {
  WireName owner;
  std::uint16_t type = 0;
  std::uint16_t rclass = 0;
  std::uint32_t ttl = 0;
  // RDATA of A (4 bytes) and AAAA (16): the address; of NS, CNAME and PTR:
  // the target name, decompressed. Other types (and empty RDATA) leave both
  // empty.
  std::uint8_t address_size = 0;
  std::array<std::uint8_t, 16> address;
  WireName target;

  bool operator==(const DnsAnswer& o) const noexcept {
    return owner == o.owner && type == o.type && rclass == o.rclass && ttl == o.ttl &&
           address_size == o.address_size && std::memcmp(address.data(), o.address.data(), address_size) == 0 &&
           target == o.target;
  }
};

// Answers beyond this are refused by every implementation alike: the result
// lives on the stack, with no allocation in the generated and hand-written
// paths.
inline constexpr std::size_t kMaxAnswers = 16;

struct DnsResponseFields {
  std::uint16_t id = 0;
  std::uint8_t qr = 0;
  std::uint8_t rcode = 0;
  std::uint16_t answer_count = 0;
  std::array<DnsAnswer, kMaxAnswers> answers;

  bool operator==(const DnsResponseFields& o) const noexcept {
    if (id != o.id || qr != o.qr || rcode != o.rcode || answer_count != o.answer_count) return false;
    for (std::size_t i = 0; i < answer_count; ++i) {
      if (!(answers[i] == o.answers[i])) return false;
    }
    return true;
  }
};

// ---------------------------------------------------------------- building

// One record a server puts in a response, names as dotted text (no
// escapes). Types: A, AAAA (address), NS, CNAME, PTR (target) and OPT, whose
// `rclass` is the UDP payload size and `ttl` the extended RCODE, version and
// flags, with no options. Builders refuse other types.
struct DnsRecordSpec {
  std::string_view name;
  std::uint16_t type = 0;
  std::uint16_t rclass = 0;
  std::uint32_t ttl = 0;
  std::array<std::uint8_t, 16> address{};
  std::uint8_t address_size = 0;
  std::string_view target;
};

// A whole response: header, one question, the three record sections.
struct DnsResponseSpec {
  std::uint16_t id = 0;
  std::uint8_t qr = 0;
  std::uint8_t opcode = 0;
  std::uint8_t aa = 0;
  std::uint8_t tc = 0;
  std::uint8_t rd = 0;
  std::uint8_t ra = 0;
  std::uint8_t z = 0;
  std::uint8_t ad = 0;
  std::uint8_t cd = 0;
  std::uint8_t rcode = 0;
  std::string_view qname;
  std::uint16_t qtype = 0;
  std::uint16_t qclass = 0;
  std::span<const DnsRecordSpec> answers;
  std::span<const DnsRecordSpec> authority;
  std::span<const DnsRecordSpec> additional;
};

// Builders hold their element builders in fixed arrays of these sizes (no
// heap); a larger response is refused by every builder alike.
inline constexpr std::size_t kMaxBuildAnswers = kMaxAnswers;
inline constexpr std::size_t kMaxBuildAuthority = 8;
inline constexpr std::size_t kMaxBuildAdditional = 4;

inline constexpr std::uint16_t kTypeA = 1;
inline constexpr std::uint16_t kTypeNS = 2;
inline constexpr std::uint16_t kTypeCNAME = 5;
inline constexpr std::uint16_t kTypePTR = 12;
inline constexpr std::uint16_t kTypeAAAA = 28;
inline constexpr std::uint16_t kTypeOPT = 41;

}  // namespace bench
