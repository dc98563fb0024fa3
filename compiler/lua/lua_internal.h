// Internal to the Wireshark back end: what the field declarations
// (wireshark_lua.cc) decide and the packet functions (lua_packet.cc) use.
#pragma once

#include <map>
#include <set>
#include <string>

#include "sema/model.h"

namespace mplc::lua {

extern const char* const kLuaRuntime;

// Generated text, line by line with indentation.
class LuaOut {
 public:
  void line(const std::string& text) {
    if (!text.empty()) text_.append(static_cast<std::size_t>(depth_) * 2, ' ');
    text_ += text;
    text_ += '\n';
  }
  void indent() { ++depth_; }
  void dedent() { --depth_; }
  const std::string& text() const { return text_; }

 private:
  std::string text_;
  int depth_ = 0;
};

// The numbering of one generated file.
struct LuaNames {
  std::map<const sema::Item*, int> proto_field;        // F[k] of a field, array or embedded packet
  std::map<const sema::Classify*, int> case_field;     // F[k] of the "<subject>_case" string
  std::map<const sema::Field*, int> value_string;      // VS[k] of a variant's single values
  std::map<const sema::Item*, int> id;                 // v[id], s[id], e[id], n[id] in its packet function
  std::set<const sema::Item*> measured;                // items offset()/sizeof() name: record s[] and e[]
};

// A Lua string literal holding exactly `bytes` (any byte escaped as \ddd).
std::string lua_string(const std::string& bytes);

// The Lua function of one packet: `function P.<name>(c, t, a)`.
void emit_packet_function(LuaOut& out, const sema::Packet& packet, const LuaNames& names);

}  // namespace mplc::lua

namespace mplc::lua {

// Bytes of the integer a field's ProtoField holds: the field's own width,
// or a bit field's whole run (shown through a bitmask).
inline std::uint32_t display_bytes(const sema::Field& f) {
  return f.type.kind == sema::Type::Kind::kBits ? f.run_bits / 8 : f.type.width / 8;
}

// A variant's single values become a value string when the ProtoField is
// at most 32 bits wide (Wireshark's Lua API has no 64-bit value strings);
// ranges, and every value of wider fields, are appended to the item's text.
inline bool uses_value_string(const sema::Field& f) { return f.variant && display_bytes(f) <= 4; }

// A bit field whose mask a Lua number cannot hold exactly (above 2^53) is
// added with its value instead of through a mask.
inline bool bit_mask_exact(const sema::Field& f) {
  return f.type.kind != sema::Type::Kind::kBits || f.run_bits - f.bit_offset <= 53;
}

}  // namespace mplc::lua
