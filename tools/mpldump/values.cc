#include "values.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace mpldump {

namespace {

constexpr char kDigits[] = "0123456789abcdef";

// The two hex digits of every byte value, so a byte is one 2-byte copy.
constexpr std::array<char, 512> kHexPairs = [] {
  std::array<char, 512> pairs{};
  for (std::size_t i = 0; i < 256; ++i) {
    pairs[2 * i] = kDigits[i >> 4];
    pairs[2 * i + 1] = kDigits[i & 15];
  }
  return pairs;
}();

// The bytes a JSON string holds as they are (printable ASCII but `"` and `\`).
constexpr std::array<bool, 256> kJsonPlain = [] {
  std::array<bool, 256> plain{};
  for (std::size_t c = 0x20; c < 0x7f; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

bool json_plain(unsigned char c) { return kJsonPlain[c]; }

mpl::bytes bytes_of(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

void append_number(OutputBuffer& out, const Field& f) {
  if (f.form == Field::Form::kSigned || f.form == Field::Form::kSignedVariant) {
    append_signed(out, static_cast<std::int64_t>(f.number));
  } else {
    append_unsigned(out, f.number);
  }
}

// A printable byte string in double quotes, `"` and `\` escaped with a backslash.
void append_quoted(OutputBuffer& out, std::string_view s) {
  out.push_back('"');
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

std::size_t shown_size(const Field& f, std::string_view data) {
  if (f.hex) return 2 * data.size();
  std::size_t size = data.size() + 2;
  for (char c : data) size += c == '"' || c == '\\' ? 1 : 0;
  return size;
}

}  // namespace

namespace {

// Written in place: room for the longest, then cut to what was written.
template <class Integer>
void append_integer(OutputBuffer& out, Integer n) {
  constexpr std::size_t kLongest = 20;  // 18446744073709551615, -9223372036854775808
  const std::size_t at = out.size();
  out.resize(at + kLongest);
  char* end = std::to_chars(out.data() + at, out.data() + at + kLongest, n).ptr;
  out.resize(static_cast<std::size_t>(end - out.data()));
}

}  // namespace

void append_unsigned(OutputBuffer& out, std::uint64_t n) { append_integer(out, n); }

void append_signed(OutputBuffer& out, std::int64_t n) { append_integer(out, n); }

void append_key(OutputBuffer& out, bool first, std::string_view name) {
  // `, "name": ` sized once; the name needs no escaping (layer.h).
  const std::size_t at = out.size();
  out.resize(at + (first ? 0 : 2) + name.size() + 4);
  char* to = out.data() + at;
  if (!first) {
    std::memcpy(to, ", ", 2);
    to += 2;
  }
  *to++ = '"';
  std::memcpy(to, name.data(), name.size());
  std::memcpy(to + name.size(), "\": ", 3);
}

bool field_name(std::string_view name) {
  if (name.empty()) return false;
  const bool index = std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
  const bool identifier = (name[0] < '0' || name[0] > '9') && std::all_of(name.begin(), name.end(), [](char c) {
                            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
                          });
  return index || identifier;
}

void append_hex(OutputBuffer& out, mpl::bytes b) {
  const std::size_t at = out.size();
  out.resize(at + 2 * b.size());
  char* to = out.data() + at;
  std::size_t i = 0;
#ifdef __SSE2__
  // 16 bytes at a time (SSE2 is part of x86-64): each nibble n becomes
  // '0' + n, plus 'a' - '0' - 10 where n > 9, and the high and low nibbles
  // are interleaved into digit pairs. Payloads are printed in hex by -v
  // and the JSON, and a byte at a time this was a twelfth of -v's work.
  const __m128i low_nibbles = _mm_set1_epi8(0x0f);
  const __m128i zero = _mm_set1_epi8('0');
  const __m128i nine = _mm_set1_epi8(9);
  const __m128i past_nine = _mm_set1_epi8('a' - '0' - 10);
  auto digits = [&](__m128i nibbles) {
    const __m128i letters = _mm_and_si128(_mm_cmpgt_epi8(nibbles, nine), past_nine);
    return _mm_add_epi8(_mm_add_epi8(nibbles, zero), letters);
  };
  for (; i + 16 <= b.size(); i += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(b.data() + i));
    const __m128i high = digits(_mm_and_si128(_mm_srli_epi16(bytes, 4), low_nibbles));
    const __m128i low = digits(_mm_and_si128(bytes, low_nibbles));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(to), _mm_unpacklo_epi8(high, low));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(to + 16), _mm_unpackhi_epi8(high, low));
    to += 32;
  }
#endif
  for (; i < b.size(); ++i) {
    std::memcpy(to, &kHexPairs[2 * std::size_t{b[i]}], 2);
    to += 2;
  }
}

void append_hex(OutputBuffer& out, mpl::bytes b, HexCache* cache) {
  if (cache == nullptr || b.empty()) return append_hex(out, b);
  // Compared as integers: `b` may lie outside the cached bytes.
  const auto from = reinterpret_cast<std::uintptr_t>(b.data());
  if (from >= cache->from && from - cache->from <= cache->size && b.size() <= cache->size - (from - cache->from)) {
    const std::size_t at = out.size();
    out.resize(at + 2 * b.size());
    std::memcpy(out.data() + at, out.data() + cache->out_at + 2 * (from - cache->from), 2 * b.size());
    return;
  }
  if (b.size() > cache->size) *cache = HexCache{from, b.size(), out.size()};
  append_hex(out, b);
}

namespace {

// Whether none of the 8 bytes of `word` needs escaping in a JSON string:
// no byte below 0x20 or above 0x7e, no `"` and no `\` (bit tricks after
// "Bit Twiddling Hacks", "determine if a word has a byte less than n").
bool plain_word(std::uint64_t word) {
  constexpr std::uint64_t ones = 0x0101010101010101, highs = 0x8080808080808080;
  auto has_zero = [&](std::uint64_t x) { return ((x - ones) & ~x & highs) != 0; };
  const bool below_space = ((word - 0x20 * ones) & ~word & highs) != 0;
  const bool high = ((word | (word + ones)) & highs) != 0;  // 0x7f becomes 0x80; carries only follow a hit
  return !below_space && !high && !has_zero(word ^ ('"' * ones)) && !has_zero(word ^ ('\\' * ones));
}

// Whether `s` goes into a JSON string as it is (nothing to escape).
bool plain_json(std::string_view s) {
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, s.data() + i, 8);
    if (!plain_word(word)) return false;
  }
  for (; i < s.size(); ++i) {
    if (!json_plain(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

}  // namespace

void append_json_string(OutputBuffer& out, std::string_view s) {
  if (plain_json(s)) {  // most strings: keys, names, addresses
    const std::size_t at = out.size();
    out.resize(at + s.size() + 2);
    char* to = out.data() + at;
    to[0] = '"';
    std::memcpy(to + 1, s.data(), s.size());
    to[s.size() + 1] = '"';
    return;
  }
  out.push_back('"');
  std::size_t plain_from = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (json_plain(c)) continue;
    append(out, s.substr(plain_from, i - plain_from));
    plain_from = i + 1;
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else {
      // Spec text and labels are ASCII; anything else is escaped byte-wise
      // so the output is always valid UTF-8.
      const char escape[] = {'\\', 'u', '0', '0', kDigits[c >> 4], kDigits[c & 15]};
      append(out, std::string_view(escape, sizeof escape));
    }
  }
  append(out, s.substr(plain_from));
  out.push_back('"');
}

std::string json_string(std::string_view s) {
  OutputBuffer out;
  append_json_string(out, s);
  return fmt::to_string(out);
}

void append_json_value(OutputBuffer& out, const Layer& layer, const Field& f, HexCache* cache) {
  switch (f.form) {
    case Field::Form::kNone:
      return;
    case Field::Form::kUnsigned:
    case Field::Form::kSigned:
      return append_number(out, f);
    case Field::Form::kVariant:
    case Field::Form::kSignedVariant:
      append(out, "{\"value\": ");
      append_number(out, f);
      append(out, ", \"label\": ");
      if (f.labelled) {
        append_json_string(out, layer.data(f));
      } else {
        append(out, "null");
      }
      out.push_back('}');
      return;
    case Field::Form::kText:
      return append_json_string(out, layer.data(f));
    case Field::Form::kBytes:
      // Hex digits need no escaping.
      out.push_back('"');
      append_hex(out, bytes_of(layer.data(f)), cache);
      out.push_back('"');
      return;
  }
}

void append_shown(OutputBuffer& out, const Layer& layer, const Field& f, HexCache* cache) {
  switch (f.form) {
    case Field::Form::kNone:
      return;
    case Field::Form::kUnsigned:
    case Field::Form::kSigned:
      return append_number(out, f);
    case Field::Form::kVariant:
    case Field::Form::kSignedVariant:
      if (!f.labelled) return append_number(out, f);
      append(out, layer.data(f));
      out.push_back('(');
      append_number(out, f);
      out.push_back(')');
      return;
    case Field::Form::kText:
      return append(out, layer.data(f));
    case Field::Form::kBytes:
      if (f.hex) return append_hex(out, bytes_of(layer.data(f)), cache);
      return append_quoted(out, layer.data(f));
  }
}

void append_display(OutputBuffer& out, const Layer& layer, const Field& f) {
  const bool variant = f.form == Field::Form::kVariant || f.form == Field::Form::kSignedVariant;
  if (variant && f.labelled) return append(out, layer.data(f));
  if (f.form == Field::Form::kBytes && f.number != 0 && shown_size(f, layer.data(f)) > kLongText) {
    out.push_back('<');
    append_unsigned(out, f.number);
    append(out, " bytes>");
    return;
  }
  append_shown(out, layer, f);
}

std::string shown(const Layer& layer, const Field& f) {
  OutputBuffer out;
  append_shown(out, layer, f);
  return fmt::to_string(out);
}

std::string json_value(const Layer& layer, const Field& f) {
  OutputBuffer out;
  append_json_value(out, layer, f);
  return fmt::to_string(out);
}

}  // namespace mpldump
