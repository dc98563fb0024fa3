// DNS domain names (RFC 1035 §3.1, §4.1.4) as custom wire types:
//
//   custom dns_name = "mpl::dns_name";                          // compressed when built
//   custom dns_name_uncompressed = "mpl::dns_name_uncompressed"; // never compressed when built
//
// Parsing follows compression pointers; both types accept them (RFC 3597
// §4: receivers decompress every name). A pointer is an offset from the
// start of the DNS message, which is the outermost packet of the parse
// (mpl/custom.h). The rules, each failure with its own error:
//
//   * a pointer must point past the 12-byte header (pointer_into_header) to
//     a name that lies wholly before the pointer (pointer_forward), as a
//     compressor's pointers do;
//   * following pointers must not reach a pointer already followed
//     (pointer_loop), nor follow more than max_hops pointers (too_many_hops);
//   * the name, expanded, is at most 255 bytes counting every length byte
//     and the final zero (name_too_long);
//   * a length byte 0x40-0x7F (a label longer than 63 bytes, or the retired
//     extended label type of RFC 6891 §5) is label_too_long; 0x80-0xBF is
//     reserved_label_type;
//   * running out of bytes is error_kind::truncated.
//
// The view (name_view) reads labels in place, following pointers: no copy,
// no allocation. Names compare case-insensitively (RFC 4343) and print as
// dotted text with RFC 1035 §5.1 escapes.
//
// Building: a builder member is a name_value, made from dotted text or from
// a parsed name_view. dns_name writes each name as its longest suffix
// already written in the same message replaced by a pointer (the minimal
// compressed encoding; labels compare byte for byte, so case is kept), using
// a table of the message's suffixes kept in the write context's scratch area
// (compression_table::capacity entries; no heap). dns_name_uncompressed
// writes every label, and later names may still point into it.
#ifndef MPL_DNS_H_
#define MPL_DNS_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "mpl/bytes.h"
#include "mpl/custom.h"
#include "mpl/error.h"
#include "mpl/limits.h"

namespace mpl {
namespace dns {

inline constexpr std::size_t header_bytes = 12;    // a pointer below this points into the header
inline constexpr std::size_t max_name_bytes = 255;  // RFC 1035 §2.3.4, length bytes and final zero included
inline constexpr std::size_t max_label_bytes = 63;
inline constexpr std::size_t max_labels = 127;      // 127 one-byte labels and the zero make 255
inline constexpr std::size_t max_hops = limits::max_name_pointer_hops;  // pointers followed for one name
inline constexpr std::size_t max_pointer_offset = 0x3FFF;

// Why a name was rejected. The error carries it: truncated and
// too_many_hops as error_kind::truncated and ::limit_exceeded (found = hops,
// lo = max_hops), the others as error_kind::custom_invalid with found = the
// code and lo = a detail (the pointer target, the length byte, the size);
// each with to_string() of the code as its reason.
enum class name_error : std::uint8_t {
  none = 0,
  truncated = 1,
  pointer_loop = 2,
  pointer_forward = 3,
  pointer_into_header = 4,
  name_too_long = 5,
  label_too_long = 6,
  reserved_label_type = 7,
  too_many_hops = 8,
  empty_label = 9,  // building: "a..b"
  bad_escape = 10,  // building: "\" at the end, or "\DDD" above 255 or with fewer than three digits
};

constexpr std::string_view to_string(name_error e) noexcept {
  switch (e) {
    case name_error::none: return "none";
    case name_error::truncated: return "truncated";
    case name_error::pointer_loop: return "compression pointer loop";
    case name_error::pointer_forward: return "compression pointer does not point to a name before it";
    case name_error::pointer_into_header: return "compression pointer into the header";
    case name_error::name_too_long: return "name longer than 255 bytes";
    case name_error::label_too_long: return "label longer than 63 bytes";
    case name_error::reserved_label_type: return "reserved label type";
    case name_error::too_many_hops: return "too many compression pointers";
    case name_error::empty_label: return "empty label";
    case name_error::bad_escape: return "bad escape";
  }
  return "?";
}

// The error for `e`, with to_string(e) as its reason (error.reason), so a
// message says which attack a name made, not only that it was invalid.
constexpr error make_name_error(name_error e, std::size_t offset, std::uint64_t detail = 0) noexcept {
  if (e == name_error::truncated) return make_error(error_kind::truncated, offset, "", 0, detail);
  const char* why = to_string(e).data();  // every to_string() text is a literal: NUL-terminated
  if (e == name_error::too_many_hops) {
    return with_reason(make_error(error_kind::limit_exceeded, offset, "", detail, max_hops), why);
  }
  return with_reason(make_error(error_kind::custom_invalid, offset, "", static_cast<std::uint64_t>(e), detail), why);
}

// The name_error an error from dns_name stands for (none for other errors).
constexpr name_error name_error_of(const error& e) noexcept {
  switch (e.kind) {
    case error_kind::truncated: return name_error::truncated;
    case error_kind::limit_exceeded: return name_error::too_many_hops;
    case error_kind::custom_invalid:
      return e.found >= 2 && e.found <= 10 ? static_cast<name_error>(e.found) : name_error::none;
    default: return name_error::none;
  }
}

namespace detail {

constexpr std::uint8_t lower(std::uint8_t c) noexcept {
  return c >= 'A' && c <= 'Z' ? static_cast<std::uint8_t>(c + ('a' - 'A')) : c;
}

constexpr std::size_t target_of(bytes message, std::size_t pointer) noexcept {
  return static_cast<std::size_t>((message[pointer] & 0x3F) << 8 | message[pointer + 1]);
}

// Checks the name at `offset` of `message`, whose bytes in place must end
// before `region_end`; returns how many bytes it occupies in place.
constexpr result<std::size_t> check_name(bytes message, std::size_t offset, std::size_t region_end) noexcept {
  std::size_t pos = offset;
  std::size_t end = region_end < message.size() ? region_end : message.size();
  std::size_t in_place = 0;  // set when the in-place part ends
  std::size_t length = 1;    // the final zero
  std::size_t hops = 0;
  // After a jump, the name read must lie wholly before the last pointer
  // followed (end = that pointer): a compressor only points at names it has
  // already written, and a name running on past the pointer could reach
  // bytes after the message that a rebuilt copy would not have.
  const auto overrun = [&](std::size_t at, std::uint64_t need) {
    return hops == 0 ? make_name_error(name_error::truncated, at, need)
                     : make_name_error(name_error::pointer_forward, end, target_of(message, end));
  };
  for (;;) {
    if (pos >= end) {
      // Back at the pointer just followed: the name contains itself.
      if (hops > 0 && pos == end) return make_name_error(name_error::pointer_loop, pos, target_of(message, pos));
      return overrun(pos, 1);
    }
    const std::uint8_t b = message[pos];
    if (b == 0) {
      if (in_place == 0) in_place = pos + 1 - offset;
      return in_place;
    }
    switch (b & 0xC0) {
      case 0xC0: {
        if (end - pos < 2) return overrun(pos, 2);
        const std::size_t target = target_of(message, pos);
        if (in_place == 0) in_place = pos + 2 - offset;
        if (hops == max_hops) return make_name_error(name_error::too_many_hops, pos, hops + 1);
        ++hops;
        if (target < header_bytes) return make_name_error(name_error::pointer_into_header, pos, target);
        if (target >= pos) return make_name_error(name_error::pointer_forward, pos, target);
        end = pos;
        pos = target;
        continue;
      }
      case 0x40: return make_name_error(name_error::label_too_long, pos, b);
      case 0x80: return make_name_error(name_error::reserved_label_type, pos, b);
      default: break;
    }
    if (b > end - pos - 1) return overrun(pos + 1, b);
    length += 1u + b;
    if (length > max_name_bytes) return make_name_error(name_error::name_too_long, pos, length);
    pos += 1u + b;
  }
}

}  // namespace detail

// A parsed name: where it starts in its message. Reading it follows the
// pointers again; it never reads outside the message, even if made from
// unchecked bytes (it then stops early).
class name_view {
 public:
  // The labels in order, without the root's empty label.
  class iterator {
   public:
    using value_type = bytes;
    using difference_type = std::ptrdiff_t;
    constexpr iterator() = default;
    constexpr iterator(bytes message, std::size_t pos) noexcept : message_(message), pos_(pos) { settle(); }
    constexpr bytes operator*() const noexcept { return message_.subspan(pos_ + 1, message_[pos_]); }
    constexpr iterator& operator++() noexcept {
      pos_ += 1u + message_[pos_];
      settle();
      return *this;
    }
    constexpr iterator operator++(int) noexcept {
      iterator old = *this;
      ++*this;
      return old;
    }
    friend constexpr bool operator==(const iterator& a, const iterator& b) noexcept {
      return a.done() == b.done() && (a.done() || a.pos_ == b.pos_);
    }

   private:
    constexpr bool done() const noexcept { return pos_ == npos; }
    // Moves to the next label's length byte, following pointers, or to the end.
    constexpr void settle() noexcept {
      for (;;) {
        if (pos_ >= message_.size() || hops_ > max_hops) break;
        const std::uint8_t b = message_[pos_];
        if ((b & 0xC0) == 0xC0) {
          if (message_.size() - pos_ < 2) break;
          pos_ = static_cast<std::size_t>((b & 0x3F) << 8 | message_[pos_ + 1]);
          ++hops_;
          continue;
        }
        if (b == 0 || (b & 0xC0) != 0 || b > message_.size() - pos_ - 1) break;
        return;
      }
      pos_ = npos;
    }
    static constexpr std::size_t npos = ~std::size_t{0};
    bytes message_;
    std::size_t pos_ = npos;
    std::size_t hops_ = 0;
  };

  constexpr name_view() = default;
  // The name at `offset` of `message`, occupying `in_place` bytes there.
  constexpr name_view(bytes message, std::size_t offset, std::size_t in_place) noexcept
      : message_(message), offset_(offset), in_place_(in_place) {}

  constexpr iterator begin() const noexcept {
    return message_.empty() ? iterator() : iterator(message_, offset_);
  }
  constexpr iterator end() const noexcept { return iterator(); }

  // The bytes of the name where it stands (pointer included, not followed).
  constexpr bytes wire() const noexcept { return message_.subspan(offset_, in_place_); }
  // The message the name was parsed from, and where in it the name starts.
  constexpr bytes message() const noexcept { return message_; }
  constexpr std::size_t offset() const noexcept { return offset_; }

  constexpr bool is_root() const noexcept { return begin() == end(); }
  constexpr std::size_t label_count() const noexcept {
    std::size_t n = 0;
    for (auto it = begin(); it != end(); ++it) ++n;
    return n;
  }
  // Bytes of the name uncompressed: length bytes, labels and the final zero.
  constexpr std::size_t wire_length() const noexcept {
    std::size_t n = 1;
    for (bytes label : *this) n += 1 + label.size();
    return n;
  }

  // Writes the dotted text ("www.example.com", "." for the root; '.', '\\'
  // and bytes outside 0x21-0x7E escaped as "\." "\\" "\DDD") into buf,
  // NUL-terminated when cap > 0, and returns the full text's length, like
  // snprintf. No allocation.
  std::size_t to_chars(char* buf, std::size_t cap) const noexcept {
    mpl::detail::text_sink out(buf, cap);
    if (cap > 0) buf[0] = '\0';
    bool first = true;
    for (bytes label : *this) {
      if (!first) out.put(".");
      first = false;
      for (std::uint8_t c : label) {
        if (c == '.' || c == '\\') {
          const char esc[2] = {'\\', static_cast<char>(c)};
          out.put(std::string_view(esc, 2));
        } else if (c < 0x21 || c > 0x7E) {
          const char esc[4] = {'\\', static_cast<char>('0' + c / 100), static_cast<char>('0' + c / 10 % 10),
                               static_cast<char>('0' + c % 10)};
          out.put(std::string_view(esc, 4));
        } else {
          const char ch = static_cast<char>(c);
          out.put(std::string_view(&ch, 1));
        }
      }
    }
    if (first) out.put(".");
    return out.length();
  }
  // The same text; allocates.
  std::string to_string() const {
    char small[256];
    const std::size_t n = to_chars(small, sizeof small);
    if (n < sizeof small) return std::string(small, n);
    std::string s(n + 1, '\0');
    to_chars(s.data(), s.size());
    s.resize(n);
    return s;
  }

  // Case-insensitive (ASCII) comparison with dotted text in the format
  // to_chars writes ("." or "" for the root; a trailing dot is allowed).
  constexpr bool equals(std::string_view text) const noexcept;

  friend constexpr bool operator==(const name_view& a, const name_view& b) noexcept {
    auto i = a.begin();
    auto j = b.begin();
    for (; i != a.end() && j != b.end(); ++i, ++j) {
      const bytes x = *i;
      const bytes y = *j;
      if (x.size() != y.size()) return false;
      for (std::size_t k = 0; k < x.size(); ++k) {
        if (detail::lower(x[k]) != detail::lower(y[k])) return false;
      }
    }
    return i == a.end() && j == b.end();
  }
  friend constexpr bool operator==(const name_view& a, std::string_view text) noexcept { return a.equals(text); }

 private:
  bytes message_;
  std::size_t offset_ = 0;
  std::size_t in_place_ = 0;
};

namespace detail {

// One label of a name being built: raw bytes (from a parsed name) or text
// that may hold escapes (decoded length `len`).
// No default member initialisers: the encoders keep arrays of max_labels of
// these on the stack and fill only the first n, and zero-filling 2 KB on
// every name written was a third of the encoder's time (bench/, DNS build).
struct label_ref {
  const std::uint8_t* p;
  std::uint16_t raw;
  std::uint8_t len;
  bool escaped;
};

// Decodes an escaped text label into out (at least max_label_bytes + 1 bytes).
constexpr void decode_label(const label_ref& l, std::uint8_t* out) noexcept {
  if (!l.escaped) {
    for (std::size_t i = 0; i < l.len; ++i) out[i] = l.p[i];
    return;
  }
  std::size_t o = 0;
  for (std::size_t i = 0; i < l.raw && o < l.len; ++i) {
    std::uint8_t c = l.p[i];
    if (c == '\\') {
      if (l.p[i + 1] >= '0' && l.p[i + 1] <= '9') {
        c = static_cast<std::uint8_t>((l.p[i + 1] - '0') * 100 + (l.p[i + 2] - '0') * 10 + (l.p[i + 3] - '0'));
        i += 3;
      } else {
        c = l.p[++i];
      }
    }
    out[o++] = c;
  }
}

constexpr bool same_label(const label_ref& a, const label_ref& b) noexcept {
  if (a.len != b.len) return false;
  if (!a.escaped && !b.escaped) {
    for (std::size_t i = 0; i < a.len; ++i) {
      if (a.p[i] != b.p[i]) return false;
    }
    return true;
  }
  std::uint8_t x[max_label_bytes + 1] = {};
  std::uint8_t y[max_label_bytes + 1] = {};
  decode_label(a, x);
  decode_label(b, y);
  for (std::size_t i = 0; i < a.len; ++i) {
    if (x[i] != y[i]) return false;
  }
  return true;
}

// Splits dotted text into labels. On failure returns the error and the
// text position (as a byte index) in `at`.
constexpr name_error split_text(std::string_view text, label_ref* labels, std::size_t& n, std::size_t& at) noexcept {
  n = 0;
  at = 0;
  if (text == "." || text.empty()) return name_error::none;
  const auto* p = reinterpret_cast<const std::uint8_t*>(text.data());
  std::size_t i = 0;
  std::size_t total = 1;
  while (i < text.size()) {
    const std::size_t start = i;
    std::size_t len = 0;
    bool escaped = false;
    while (i < text.size() && text[i] != '.') {
      if (text[i] == '\\') {
        escaped = true;
        if (i + 1 >= text.size()) {
          at = i;
          return name_error::bad_escape;
        }
        if (text[i + 1] >= '0' && text[i + 1] <= '9') {
          if (i + 3 >= text.size() + 0 || !(text[i + 2] >= '0' && text[i + 2] <= '9') ||
              !(text[i + 3] >= '0' && text[i + 3] <= '9')) {
            at = i;
            return name_error::bad_escape;
          }
          const int v = (text[i + 1] - '0') * 100 + (text[i + 2] - '0') * 10 + (text[i + 3] - '0');
          if (v > 255) {
            at = i;
            return name_error::bad_escape;
          }
          i += 4;
        } else {
          i += 2;
        }
      } else {
        ++i;
      }
      ++len;
    }
    if (len == 0) {
      at = start;
      return name_error::empty_label;
    }
    if (len > max_label_bytes) {
      at = start;
      return name_error::label_too_long;
    }
    total += 1 + len;
    if (total > max_name_bytes || n == max_labels) {
      at = start;
      return name_error::name_too_long;
    }
    labels[n++] = label_ref{p + start, static_cast<std::uint16_t>(i - start), static_cast<std::uint8_t>(len), escaped};
    if (i < text.size()) {
      ++i;  // the dot; a final dot ends the name
    }
  }
  return name_error::none;
}

}  // namespace detail

constexpr bool name_view::equals(std::string_view text) const noexcept {
  detail::label_ref labels[max_labels];
  std::size_t n = 0;
  std::size_t at = 0;
  if (detail::split_text(text, labels, n, at) != name_error::none) return false;
  std::size_t k = 0;
  for (bytes label : *this) {
    if (k == n || labels[k].len != label.size()) return false;
    std::uint8_t decoded[max_label_bytes + 1] = {};
    detail::decode_label(labels[k], decoded);
    for (std::size_t i = 0; i < label.size(); ++i) {
      if (detail::lower(decoded[i]) != detail::lower(label[i])) return false;
    }
    ++k;
  }
  return k == n;
}

// What a builder holds for a name: dotted text (escapes as to_chars writes
// them) or a parsed name. It refers to the text or message; they must
// outlive the write.
class name_value {
 public:
  constexpr name_value() = default;  // the root
  constexpr name_value(const char* text) noexcept : text_(text) {}
  constexpr name_value(std::string_view text) noexcept : text_(text) {}
  name_value(const std::string& text) noexcept : text_(text) {}
  name_value(std::string&&) = delete;  // the string would be gone before write()
  constexpr name_value(const name_view& parsed) noexcept : parsed_(parsed), is_parsed_(true) {}

  constexpr bool is_parsed() const noexcept { return is_parsed_; }
  constexpr std::string_view text() const noexcept { return text_; }
  constexpr const name_view& parsed() const noexcept { return parsed_; }

  // The labels; name_error::none or why the text is not a name (`at` is
  // then the text position).
  constexpr name_error labels(detail::label_ref* out, std::size_t& n, std::size_t& at) const noexcept {
    if (!is_parsed_) return detail::split_text(text_, out, n, at);
    n = 0;
    at = 0;
    std::size_t total = 1;
    for (bytes label : parsed_) {
      total += 1 + label.size();
      if (total > max_name_bytes || n == max_labels) return name_error::name_too_long;
      out[n++] = detail::label_ref{label.data(), static_cast<std::uint16_t>(label.size()),
                                   static_cast<std::uint8_t>(label.size()), false};
    }
    return name_error::none;
  }

 private:
  std::string_view text_;
  name_view parsed_;
  bool is_parsed_ = false;
};

// The suffixes of the names written so far in one message: entry i is a
// label at `offset` followed by the suffix of entry `rest` (-1: the root).
// Matching walks a new name from its last label, so a lookup is a search
// for (label, rest) pairs.
struct compression_table {
  struct entry {
    const std::uint8_t* label;
    std::uint16_t raw;
    std::uint8_t len;
    bool escaped;
    std::uint16_t offset;
    std::int16_t rest;
  };
  static constexpr std::size_t capacity = 256;
  std::size_t count = 0;
  entry entries[capacity];

  int find(const detail::label_ref& l, int rest) const noexcept {
    for (std::size_t i = 0; i < count; ++i) {
      const entry& e = entries[i];
      if (e.rest == rest && detail::same_label(detail::label_ref{e.label, e.raw, e.len, e.escaped}, l)) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }
  int add(const detail::label_ref& l, std::size_t offset, int rest) noexcept {
    // A pointer can only reach past the header (parsing rejects the rest)
    // and no further than 14 bits.
    if (count == capacity || offset < header_bytes || offset > max_pointer_offset) return -1;
    entries[count] = entry{l.p, l.raw, l.len, l.escaped, static_cast<std::uint16_t>(offset), static_cast<std::int16_t>(rest)};
    return static_cast<int>(count++);
  }
};
static_assert(sizeof(compression_table) <= write_context::scratch_bytes);

namespace detail {

// Sizes (out empty) or writes one name at ctx.offset(), compressing when
// `compress`; records its suffixes in the message's table either way.
inline result<std::size_t> encode_name(const name_value& v, write_context& ctx, mutable_bytes out, bool writing,
                                       bool compress) noexcept {
  label_ref labels[max_labels];
  std::size_t n = 0;
  std::size_t at = 0;
  if (const name_error e = v.labels(labels, n, at); e != name_error::none) {
    return make_name_error(e, ctx.offset(), at);
  }
  compression_table* table = ctx.state<compression_table>();
  // labels[matched, n) are the suffix found in the table, as entry `rest`.
  std::size_t matched = n;
  int rest = -1;
  if (compress && table != nullptr) {
    while (matched > 0) {
      const int e = table->find(labels[matched - 1], rest);
      if (e < 0) break;
      rest = e;
      --matched;
    }
  }
  std::size_t size = matched < n ? 2 : 1;
  for (std::size_t i = 0; i < matched; ++i) size += 1u + labels[i].len;
  if (writing) {
    if (out.size() < size) return make_error(error_kind::buffer_too_small, ctx.offset(), "", out.size(), size);
    std::size_t o = 0;
    for (std::size_t i = 0; i < matched; ++i) {
      out[o] = labels[i].len;
      decode_label(labels[i], out.data() + o + 1);
      o += 1u + labels[i].len;
    }
    if (matched < n) {
      const auto target = table->entries[rest].offset;
      out[o] = static_cast<std::uint8_t>(0xC0 | target >> 8);
      out[o + 1] = static_cast<std::uint8_t>(target & 0xFF);
    } else {
      out[o] = 0;
    }
  }
  if (table != nullptr) {
    // Offsets of the labels written here, then their suffixes, last first.
    std::size_t offsets[max_labels];
    std::size_t o = ctx.offset();
    for (std::size_t i = 0; i < matched; ++i) {
      offsets[i] = o;
      o += 1u + labels[i].len;
    }
    for (std::size_t i = matched; i-- > 0;) {
      if (!compress) {
        if (const int e = table->find(labels[i], rest); e >= 0) {
          rest = e;
          continue;
        }
      }
      rest = table->add(labels[i], offsets[i], rest);
      if (rest < 0) break;
    }
  }
  return size;
}

}  // namespace detail

// The custom type for names that may be compressed when built.
struct dns_name_type {
  using value_type = dns::name_value;

  static constexpr result<std::size_t> validate(const custom_context& ctx, bytes at) noexcept {
    return detail::check_name(ctx.packet(), ctx.offset(), ctx.offset() + at.size());
  }
  // The bytes of a name validate() accepted: labels up to the root label or
  // a compression pointer (two bytes), whose target is not visited again.
  // Stops at the end of `at` whatever the bytes say.
  static constexpr std::size_t extent(bytes at) noexcept {
    std::size_t i = 0;
    while (i < at.size()) {
      const std::uint8_t b = at[i];
      if (b == 0) return i + 1;
      if ((b & 0xC0) == 0xC0) return i + 2 <= at.size() ? i + 2 : at.size();
      i += 1 + std::size_t{b};
    }
    return at.size();
  }
  static constexpr name_view view(const custom_context& ctx, bytes value) noexcept {
    return name_view(ctx.packet(), ctx.offset(), value.size());
  }
};

// Parses one name at `offset` of `message` (for code outside a generated
// parser; the message's first byte is where pointers count from).
constexpr result<name_view> parse_name(bytes message, std::size_t offset) noexcept {
  auto n = detail::check_name(message, offset, message.size());
  if (!n.ok()) return n.error();
  return name_view(message, offset, *n);
}

}  // namespace dns

// custom dns_name = "mpl::dns_name";
struct dns_name : dns::dns_name_type {
  static constexpr bool exact_rebuild = false;  // compressed anew when rebuilt
  static std::size_t size(const value_type& v, write_context& ctx) noexcept {
    auto r = dns::detail::encode_name(v, ctx, {}, false, true);
    return r.ok() ? *r : 0;
  }
  static result<std::size_t> write(const value_type& v, write_context& ctx, mutable_bytes out) noexcept {
    return dns::detail::encode_name(v, ctx, out, true, true);
  }
};

// custom dns_name_uncompressed = "mpl::dns_name_uncompressed";
struct dns_name_uncompressed : dns::dns_name_type {
  static constexpr bool exact_rebuild = false;  // a parsed pointer is written out in full
  static std::size_t size(const value_type& v, write_context& ctx) noexcept {
    auto r = dns::detail::encode_name(v, ctx, {}, false, false);
    return r.ok() ? *r : 0;
  }
  static result<std::size_t> write(const value_type& v, write_context& ctx, mutable_bytes out) noexcept {
    return dns::detail::encode_name(v, ctx, out, true, false);
  }
};

}  // namespace mpl

#endif  // MPL_DNS_H_
