// SSH wire types for specs/ssh.mpl (RFC 4251 §5) and the version exchange
// line (RFC 4253 §4.2).
//
// mpl::ssh::mpint and mpl::ssh::name_list implement the custom-type concept
// generated code uses (docs/language.md §5.5):
//
//   static result<std::size_t> validate(bytes from_value_to_region_end);
//   static <view type>         view(bytes exactly_the_value);
//   using value_type = ...;    // what a builder member holds
//   static std::size_t         size(const value_type&);
//   static result<std::size_t> write(const value_type&, mutable_bytes out);
//
// The bytes a custom type sees include the uint32 length in front of the
// value. Nothing here allocates or throws. Errors carry offsets relative to
// the first byte of the value (its length field).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <optional>
#include <span>
#include <string_view>

#include "mpl/bytes.h"
#include "mpl/custom.h"
#include "mpl/endian.h"
#include "mpl/error.h"

namespace mpl::ssh {

// Values of the `kex` parameter of ssh_message: which key exchange method
// is in progress decides what messages 30..34 are.
namespace kex_method {
inline constexpr std::uint64_t dh = 0;              // diffie-hellman-group1/14/16/18-*
inline constexpr std::uint64_t ecdh = 1;            // ecdh-sha2-*, curve25519-sha256
inline constexpr std::uint64_t group_exchange = 2;  // diffie-hellman-group-exchange-*
}  // namespace kex_method

// Values of the `auth_method` parameter of ssh_message: the user
// authentication method in progress decides what message 60 is.
namespace auth_method {
inline constexpr std::uint64_t none = 0;
inline constexpr std::uint64_t publickey = 1;
inline constexpr std::uint64_t password = 2;
inline constexpr std::uint64_t keyboard_interactive = 3;
}  // namespace auth_method

// RFC 4253 §6: the padding a binary packet needs so that
// 4 + 1 + payload + padding is a multiple of the block size (at least 8),
// with at least 4 bytes of padding.
constexpr std::size_t padding_length(std::size_t payload_size, std::size_t block_size = 8) noexcept {
  if (block_size < 8) block_size = 8;
  const std::size_t unpadded = 4 + 1 + payload_size;
  std::size_t pad = block_size - unpadded % block_size;
  if (pad < 4) pad += block_size;
  return pad;
}

namespace detail {

// Errors of the custom types below leave the field path empty, for the
// generated parser to fill in (mpl::custom_error), and say what was wrong
// in the reason ("ssh.mpint: not minimally encoded").
constexpr error type_error(error_kind kind, std::size_t offset, const char* reason, std::uint64_t found = 0,
                           std::uint64_t lo = 0) noexcept {
  return with_reason(make_error(kind, offset, "", found, lo), reason);
}

// The uint32 length prefix of a string-shaped value; the total it occupies.
constexpr result<std::size_t> string_extent(bytes in, const char* what) noexcept {
  if (in.size() < 4) return type_error(error_kind::truncated, 0, what, in.size(), 4);
  const std::uint32_t n = load_u32_be(in.data());
  if (n > in.size() - 4) return type_error(error_kind::truncated, 4, what, in.size() - 4, n);
  return std::size_t{4} + n;
}

// The same total for bytes string_extent() accepted before (a second walk
// over a validated packet): no check.
constexpr std::size_t validated_string_extent(bytes in) noexcept { return 4 + std::size_t{load_u32_be(in.data())}; }

inline constexpr const char* bad_name_list = "ssh.name_list: an empty name or a byte that is not printable ASCII";

// A validate(bytes) result with its error offset moved from the value's
// first byte to the packet's, where generated code reports offsets.
constexpr result<std::size_t> at_packet_offset(result<std::size_t> r, const custom_context& ctx) noexcept {
  if (r.ok()) return r;
  error e = r.error();
  e.offset += ctx.offset();
  return e;
}

}  // namespace detail

// ------------------------------------------------------------------ mpint

// A parsed mpint: the two's-complement bytes after the length, most
// significant first (RFC 4251 §5). Zero has no bytes.
class mpint_view {
 public:
  constexpr mpint_view() = default;
  constexpr explicit mpint_view(bytes twos_complement) noexcept : value_(twos_complement) {}

  constexpr bytes twos_complement() const noexcept { return value_; }
  constexpr bool is_zero() const noexcept { return value_.empty(); }
  constexpr bool negative() const noexcept { return !value_.empty() && (value_[0] & 0x80) != 0; }
  // The unsigned big-endian magnitude of a non-negative value (the sign
  // byte 0x00 dropped); empty for zero and for negative values, whose
  // magnitude is not stored anywhere.
  constexpr bytes magnitude() const noexcept {
    if (negative()) return {};
    if (!value_.empty() && value_[0] == 0) return value_.subspan(1);
    return value_;
  }
  // Number of significant bits of a non-negative value (0 for zero).
  constexpr std::size_t bit_length() const noexcept {
    const bytes m = magnitude();
    if (m.empty()) return 0;
    std::size_t bits = (m.size() - 1) * 8;
    for (std::uint8_t top = m[0]; top != 0; top = static_cast<std::uint8_t>(top >> 1)) ++bits;
    return bits;
  }
  // The value, when it is non-negative and fits in 64 bits.
  constexpr std::optional<std::uint64_t> to_uint64() const noexcept {
    const bytes m = magnitude();
    if (negative() || m.size() > 8) return std::nullopt;
    std::uint64_t v = 0;
    for (std::uint8_t b : m) v = (v << 8) | b;
    return v;
  }

 private:
  bytes value_{};
};

struct mpint {
  // What a builder writes. The bytes are referred to, not copied: they must
  // outlive the write. Whatever form they come in, the encoding written is
  // the minimal one RFC 4251 requires.
  struct value_type {
    bytes digits{};
    bool negative = false;         // for a magnitude: the value is -digits
    bool twos_complement = false;  // digits are already two's complement

    // An unsigned big-endian magnitude (leading zero bytes allowed) and a sign.
    static constexpr value_type from_magnitude(bytes magnitude, bool is_negative = false) noexcept {
      return value_type{magnitude, is_negative, false};
    }
    // Two's-complement bytes, possibly with redundant sign bytes.
    static constexpr value_type from_twos_complement(bytes value) noexcept { return value_type{value, false, true}; }
    // The value of a parsed mpint, to write it back.
    static constexpr value_type of(const mpint_view& v) noexcept { return from_twos_complement(v.twos_complement()); }
  };

  // A value validate() accepted: the uint32 length and the bytes it counts.
  static constexpr std::size_t extent(bytes in) noexcept { return detail::validated_string_extent(in); }

  static constexpr result<std::size_t> validate(bytes in) noexcept {
    auto n = detail::string_extent(in, "ssh.mpint length");
    if (!n.ok()) return n;
    const bytes v = in.subspan(4, *n - 4);
    // RFC 4251 §5: "Unnecessary leading bytes with the value 0 or 255 MUST
    // NOT be included", and zero is the empty string.
    if (!v.empty()) {
      const bool redundant_zero = v[0] == 0x00 && (v.size() == 1 || (v[1] & 0x80) == 0);
      const bool redundant_ones = v[0] == 0xff && v.size() > 1 && (v[1] & 0x80) != 0;
      if (redundant_zero || redundant_ones) {
        return detail::type_error(error_kind::custom_invalid, 4, "ssh.mpint: not minimally encoded", v[0]);
      }
    }
    return n;
  }
  static constexpr result<std::size_t> validate(const custom_context& ctx, bytes in) noexcept {
    return detail::at_packet_offset(validate(in), ctx);
  }

  static constexpr mpint_view view(bytes value) noexcept { return mpint_view{value.subspan(4)}; }

  static constexpr std::size_t size(const value_type& v) noexcept { return 4 + encoded(v).length; }

  static constexpr result<std::size_t> write(const value_type& v, mutable_bytes out) noexcept {
    const encoding e = encoded(v);
    if (out.size() < 4 + e.length) {
      return detail::type_error(error_kind::buffer_too_small, 0, "ssh.mpint", out.size(), 4 + e.length);
    }
    if (e.length > 0xffffffffu) {
      return detail::type_error(error_kind::limit_exceeded, 0, "ssh.mpint", e.length, 0xffffffffu);
    }
    store_u32_be(out.data(), static_cast<std::uint32_t>(e.length));
    std::uint8_t* d = out.data() + 4;
    if (e.prefix_byte >= 0) *d++ = static_cast<std::uint8_t>(e.prefix_byte);
    if (!e.negate) {
      for (std::size_t i = 0; i < e.body.size(); ++i) d[i] = e.body[i];
    } else {
      // Two's complement of the magnitude over its own width: invert and
      // add one, from the least significant byte up.
      unsigned carry = 1;
      for (std::size_t i = e.body.size(); i-- > 0;) {
        const unsigned b = static_cast<std::uint8_t>(~e.body[i]) + carry;
        d[i] = static_cast<std::uint8_t>(b);
        carry = b >> 8;
      }
    }
    return 4 + e.length;
  }

 private:
  // How a value is written: an optional sign byte, then `body` as it is or
  // negated.
  struct encoding {
    bytes body{};
    int prefix_byte = -1;
    bool negate = false;
    std::size_t length = 0;
  };

  static constexpr encoding encoded(const value_type& v) noexcept {
    encoding e;
    bytes d = v.digits;
    if (v.twos_complement) {
      while (d.size() >= 2 && ((d[0] == 0x00 && (d[1] & 0x80) == 0) || (d[0] == 0xff && (d[1] & 0x80) != 0))) {
        d = d.subspan(1);
      }
      if (d.size() == 1 && d[0] == 0) d = {};
      e.body = d;
      e.length = d.size();
      return e;
    }
    while (!d.empty() && d[0] == 0) d = d.subspan(1);
    e.body = d;
    if (d.empty()) return e;  // zero, whatever the sign
    if (!v.negative) {
      if ((d[0] & 0x80) != 0) e.prefix_byte = 0x00;
    } else {
      e.negate = true;
      // -M fits in d.size() bytes when M <= 2^(8k-1): a top byte below 0x80,
      // or exactly 0x80 followed by zeros.
      bool fits = d[0] < 0x80;
      if (d[0] == 0x80) {
        fits = true;
        for (std::size_t i = 1; i < d.size(); ++i) fits = fits && d[i] == 0;
      }
      if (!fits) e.prefix_byte = 0xff;
    }
    e.length = d.size() + (e.prefix_byte >= 0 ? 1 : 0);
    return e;
  }
};

// -------------------------------------------------------------- name-list

namespace detail {

// RFC 4251 §5 and §6: names are US-ASCII and printable, without whitespace:
// 1 for a byte outside 0x21..0x7e (the subtraction wraps below 0x21).
constexpr unsigned unprintable(char c) noexcept {
  return static_cast<unsigned char>(static_cast<unsigned char>(c) - 0x21) > 0x7e - 0x21 ? 1u : 0u;
}

// A name-list's text: names that are non-empty and printable, separated by
// single commas.
//
// One loop with no exit and no state carried between bytes: each byte's
// test is independent of the others', so the compiler checks 16 or 32 bytes
// per step (a KEXINIT's lists are a few hundred bytes, all valid in
// practice); the byte-at-a-time loop with early exits took two branches per
// byte.
constexpr bool valid_name_list_text(std::string_view text) noexcept {
  const std::size_t n = text.size();
  if (n == 0) return true;
  if (text.front() == ',' || text.back() == ',') return false;
  unsigned bad = unprintable(text[n - 1]);
  for (std::size_t i = 0; i + 1 < n; ++i) {
    bad |= unprintable(text[i]);
    bad |= static_cast<unsigned>(text[i] == ',') & static_cast<unsigned>(text[i + 1] == ',');  // an empty name
  }
  return bad == 0;
}

// The commas in `text`, counted in byte-wide sums of up to 255 bytes, which
// the compiler adds 16 or 32 at a time (a sum as wide as std::size_t costs
// a widening step per byte).
constexpr std::size_t count_commas(std::string_view text) noexcept {
  std::size_t total = 0;
  for (std::size_t at = 0; at < text.size(); at += 255) {
    const std::size_t end = text.size() - at < 255 ? text.size() : at + 255;
    std::uint8_t block = 0;
    for (std::size_t i = at; i < end; ++i) block = static_cast<std::uint8_t>(block + (text[i] == ',' ? 1 : 0));
    total += block;
  }
  return total;
}

constexpr bool valid_name(std::string_view name) noexcept {
  if (name.empty()) return false;
  for (char c : name) {
    if (unprintable(c) != 0 || c == ',') return false;
  }
  return true;
}

}  // namespace detail

// A parsed name-list: iterate it for the names, as string_views into the
// packet.
class name_list_view {
 public:
  class iterator {
   public:
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    constexpr iterator() = default;
    constexpr explicit iterator(std::string_view text) noexcept : rest_(text), done_(text.empty()) {}
    constexpr std::string_view operator*() const noexcept { return rest_.substr(0, rest_.find(',')); }
    constexpr iterator& operator++() noexcept {
      const std::size_t comma = rest_.find(',');
      if (comma == std::string_view::npos) {
        rest_ = {};
        done_ = true;
      } else {
        rest_ = rest_.substr(comma + 1);
      }
      return *this;
    }
    constexpr iterator operator++(int) noexcept {
      iterator old = *this;
      ++*this;
      return old;
    }
    friend constexpr bool operator==(const iterator& a, const iterator& b) noexcept {
      return a.done_ == b.done_ && (a.done_ || a.rest_.data() == b.rest_.data());
    }

   private:
    std::string_view rest_{};
    bool done_ = true;
  };

  constexpr name_list_view() = default;
  constexpr explicit name_list_view(std::string_view text) noexcept : text_(text) {}

  constexpr iterator begin() const noexcept { return iterator(text_); }
  constexpr iterator end() const noexcept { return iterator(); }
  // The names joined by commas, as on the wire.
  constexpr std::string_view text() const noexcept { return text_; }
  constexpr bool empty() const noexcept { return text_.empty(); }
  // Number of names.
  constexpr std::size_t size() const noexcept {
    return text_.empty() ? 0 : 1 + detail::count_commas(text_);
  }
  constexpr bool contains(std::string_view name) const noexcept {
    for (std::string_view n : *this) {
      if (n == name) return true;
    }
    return false;
  }
  // The first of our names that the peer also lists (RFC 4253 §7.1: the
  // client's list is `*this`, the server's `server`); empty if none.
  constexpr std::string_view first_common(const name_list_view& server) const noexcept {
    for (std::string_view n : *this) {
      if (server.contains(n)) return n;
    }
    return {};
  }

 private:
  std::string_view text_{};
};

struct name_list {
  // What a builder writes: the names, or text already joined by commas.
  // Either way it is referred to, not copied, and checked when written.
  class value_type {
   public:
    constexpr value_type() = default;
    constexpr value_type(std::span<const std::string_view> names) noexcept : names_(names) {}
    constexpr value_type(std::string_view joined) noexcept : joined_(joined), use_joined_(true) {}
    constexpr value_type(const name_list_view& v) noexcept : joined_(v.text()), use_joined_(true) {}

    // Bytes of the comma-joined text.
    constexpr std::size_t text_size() const noexcept {
      if (use_joined_) return joined_.size();
      std::size_t n = names_.empty() ? 0 : names_.size() - 1;
      for (std::string_view s : names_) n += s.size();
      return n;
    }
    constexpr bool valid() const noexcept {
      if (use_joined_) return detail::valid_name_list_text(joined_);
      for (std::string_view s : names_) {
        if (!detail::valid_name(s)) return false;
      }
      return true;
    }
    constexpr void copy_text(std::uint8_t* d) const noexcept {
      if (use_joined_) {
        for (char c : joined_) *d++ = static_cast<std::uint8_t>(c);
        return;
      }
      bool first = true;
      for (std::string_view s : names_) {
        if (!first) *d++ = ',';
        first = false;
        for (char c : s) *d++ = static_cast<std::uint8_t>(c);
      }
    }

   private:
    std::span<const std::string_view> names_{};
    std::string_view joined_{};
    bool use_joined_ = false;
  };

  // A value validate() accepted: the uint32 length and the bytes it counts.
  static constexpr std::size_t extent(bytes in) noexcept { return detail::validated_string_extent(in); }

  static result<std::size_t> validate(bytes in) noexcept {
    auto n = detail::string_extent(in, "ssh.name_list length");
    if (!n.ok()) return n;
    if (!detail::valid_name_list_text(as_string_view(in.subspan(4, *n - 4)))) {
      return detail::type_error(error_kind::custom_invalid, 4, detail::bad_name_list);
    }
    return n;
  }
  static result<std::size_t> validate(const custom_context& ctx, bytes in) noexcept {
    return detail::at_packet_offset(validate(in), ctx);
  }

  static name_list_view view(bytes value) noexcept { return name_list_view{as_string_view(value.subspan(4))}; }

  static constexpr std::size_t size(const value_type& v) noexcept { return 4 + v.text_size(); }

  static constexpr result<std::size_t> write(const value_type& v, mutable_bytes out) noexcept {
    const std::size_t n = v.text_size();
    if (out.size() < 4 + n) {
      return detail::type_error(error_kind::buffer_too_small, 0, "ssh.name_list", out.size(), 4 + n);
    }
    if (!v.valid()) return detail::type_error(error_kind::custom_invalid, 4, detail::bad_name_list);
    if (n > 0xffffffffu) return detail::type_error(error_kind::limit_exceeded, 0, "ssh.name_list", n, 0xffffffffu);
    store_u32_be(out.data(), static_cast<std::uint32_t>(n));
    v.copy_text(out.data() + 4);
    return 4 + n;
  }
};

}  // namespace mpl::ssh

namespace mpl {

// RFC 4253 §4.2: the identification string each side sends first,
//   SSH-protoversion-softwareversion SP comments CR LF
// at most 255 characters including CR LF, printable US-ASCII; the protocol
// and software versions contain no whitespace and no '-'. The protocol
// version ends at the first '-'. A '-' inside the software version breaks
// the RFC but is accepted (parsed and written), as OpenSSH and Wireshark
// accept it: deployed servers send it (HPN-SSH: "OpenSSH_6.6p1-hpn14v4").
// A server may send other lines first; those do not start with "SSH-"
// (parse reports const_mismatch for them and `line_end` finds where they
// stop).
struct ssh_version_line {
  static constexpr std::size_t max_length = 255;

  std::string_view proto_version{};     // "2.0" (or "1.99" from an SSH-1 compatible server)
  std::string_view software_version{};  // e.g. "OpenSSH_9.6"
  std::string_view comments{};          // after the first space; empty if none
  bool has_comments = false;
  // Set by parse(): bytes the line occupied, terminator included.
  std::size_t parsed_size = 0;

  // The identification without CR LF: what the exchange hash takes as V_C / V_S.
  std::size_t identification_size() const noexcept {
    return 4 + proto_version.size() + 1 + software_version.size() + (has_comments ? 1 + comments.size() : 0);
  }
  std::size_t size() const noexcept { return identification_size() + 2; }

  // Reads a line at the start of `in`. `accept_bare_lf` allows a line ended
  // by LF alone, which RFC 4253 §4.2 asks clients to tolerate from old
  // servers. Errors: truncated (no line end yet: read more), limit_exceeded
  // (255 bytes without one), const_mismatch (not "SSH-"), custom_invalid
  // (a forbidden character, a missing version).
  static result<ssh_version_line> parse(bytes in, bool accept_bare_lf = false) noexcept {
    constexpr const char* what = "ssh_version_line";
    std::size_t prefix = in.size() < 4 ? in.size() : 4;
    if (!equal(in.first(prefix), std::string_view("SSH-").substr(0, prefix))) {
      return make_error(error_kind::const_mismatch, 0, what);
    }
    std::size_t lf = 0;
    while (lf < in.size() && lf < max_length && in[lf] != '\n') ++lf;
    if (lf == in.size() || (lf == max_length && in[lf - 1] != '\n')) {
      if (lf >= max_length) return make_error(error_kind::limit_exceeded, 0, what, lf + 1, max_length);
      return make_error(error_kind::truncated, 0, what, in.size(), in.size() + 1);
    }
    std::size_t end = lf;  // end of the identification
    if (end > 0 && in[end - 1] == '\r') {
      --end;
    } else if (!accept_bare_lf) {
      return with_reason(make_error(error_kind::custom_invalid, lf, what), "line not ended by CR LF");
    }
    if (lf + 1 > max_length) return make_error(error_kind::limit_exceeded, 0, what, lf + 1, max_length);
    const std::string_view line = as_string_view(in.first(end));
    for (std::size_t i = 0; i < line.size(); ++i) {
      const auto c = static_cast<unsigned char>(line[i]);
      if (c < 0x20 || c > 0x7e) {
        return with_reason(make_error(error_kind::custom_invalid, i, what, c), "not printable US-ASCII");
      }
    }
    ssh_version_line v;
    const std::string_view rest = line.substr(4);
    const std::size_t dash = rest.find('-');
    if (dash == std::string_view::npos || dash == 0) {
      return with_reason(make_error(error_kind::custom_invalid, 4, what), "no protocol version");
    }
    v.proto_version = rest.substr(0, dash);
    std::string_view software = rest.substr(dash + 1);
    const std::size_t space = software.find(' ');
    if (space != std::string_view::npos) {
      v.comments = software.substr(space + 1);
      v.has_comments = true;
      software = software.substr(0, space);
    }
    if (software.empty() || !token_ok(v.proto_version) || !token_ok(software, true)) {
      return with_reason(make_error(error_kind::custom_invalid, 4, what), "bad protocol or software version");
    }
    v.software_version = software;
    v.parsed_size = lf + 1;
    return v;
  }

  // Writes the line with CR LF; refuses what parse() would refuse.
  result<std::size_t> write(mutable_bytes out) const noexcept {
    constexpr const char* what = "ssh_version_line";
    const std::size_t n = size();
    if (n > max_length) return make_error(error_kind::limit_exceeded, 0, what, n, max_length);
    if (proto_version.empty() || software_version.empty() || !token_ok(proto_version) ||
        !token_ok(software_version, true)) {
      return with_reason(make_error(error_kind::custom_invalid, 4, what), "bad protocol or software version");
    }
    for (char ch : comments) {
      const auto c = static_cast<unsigned char>(ch);
      if (c < 0x20 || c > 0x7e) {
        return with_reason(make_error(error_kind::custom_invalid, 0, what, c), "comments not printable US-ASCII");
      }
    }
    if (out.size() < n) return make_error(error_kind::buffer_too_small, 0, what, out.size(), n);
    std::size_t at = 0;
    auto put = [&](std::string_view s) {
      for (char c : s) out[at++] = static_cast<std::uint8_t>(c);
    };
    put("SSH-");
    put(proto_version);
    put("-");
    put(software_version);
    if (has_comments) {
      put(" ");
      put(comments);
    }
    put("\r\n");
    return at;
  }

 private:
  // Versions: printable US-ASCII without whitespace, and without '-' unless `dash_ok`.
  static constexpr bool token_ok(std::string_view s, bool dash_ok = false) noexcept {
    for (char ch : s) {
      const auto c = static_cast<unsigned char>(ch);
      if (c <= 0x20 || c > 0x7e || (c == '-' && !dash_ok)) return false;
    }
    return !s.empty();
  }
};

}  // namespace mpl
