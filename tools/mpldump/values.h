// How a field's value reads, rendered straight into an output buffer: as
// JSON, as the -v tree shows it, as a summary line shows it. The one place
// that knows the text of a value (layer.h keeps them raw).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <mpl/bytes.h>

#include "layer.h"

namespace mpldump {

using OutputBuffer = fmt::memory_buffer;

// Most appends are a few bytes (a key, ", "): sized and copied here, inline,
// rather than through fmt's general append.
inline void append(OutputBuffer& out, std::string_view s) {
  const std::size_t at = out.size();
  out.resize(at + s.size());
  std::memcpy(out.data() + at, s.data(), s.size());
}
void append_unsigned(OutputBuffer& out, std::uint64_t n);
void append_signed(OutputBuffer& out, std::int64_t n);
// Lowercase hex of every byte.
void append_hex(OutputBuffer& out, mpl::bytes b);
// Where the longest byte string of the frame being printed went in hex
// (the Ethernet payload): a payload inside it (IP's, TCP's) is then copied
// from there instead of converted again. Good for one frame's printing,
// while `out` is not emptied.
struct HexCache {
  std::uintptr_t from = 0;  // the address of the bytes
  std::size_t size = 0;
  std::size_t out_at = 0;  // where their hex begins in `out`
};
void append_hex(OutputBuffer& out, mpl::bytes b, HexCache* cache);
// A JSON string: `"` and `\` escaped, control characters and bytes above
// 0x7e as \u00XX (the output is ASCII, so valid UTF-8, whatever the input).
void append_json_string(OutputBuffer& out, std::string_view s);
std::string json_string(std::string_view s);
// `, "name": ` (no comma when `first`). The name is written as it is: field
// names are identifiers or array indices (field_name(); layer.h).
void append_key(OutputBuffer& out, bool first, std::string_view name);
// An identifier ([A-Za-z_][A-Za-z0-9_]*, as MPL's lexer reads names) or an
// array index (digits): what FieldCollector accepts as a field name.
bool field_name(std::string_view name);

// The field's value as JSON (a number, a string, or for a variant
// {"value": N, "label": L}).
void append_json_value(OutputBuffer& out, const Layer& layer, const Field& f, HexCache* cache = nullptr);
// The value as people read it (-v): a variant as Label(N), text as it is,
// a byte string as "text" when every byte is printable, else hex.
void append_shown(OutputBuffer& out, const Layer& layer, const Field& f, HexCache* cache = nullptr);
// As a summary line shows it: a variant by its label, a byte string longer
// than kLongText by its length (<N bytes>), anything else as shown.
void append_display(OutputBuffer& out, const Layer& layer, const Field& f);
inline constexpr std::size_t kLongText = 40;

std::string shown(const Layer& layer, const Field& f);
std::string json_value(const Layer& layer, const Field& f);

}  // namespace mpldump
