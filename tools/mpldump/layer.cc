#include "layer.h"

#include <array>
#include <cstdio>
#include <map>

#include <fmt/format.h>

namespace mpldump {

LayerError layer_error(const mpl::error& e) {
  return LayerError{std::string(mpl::to_string(e.kind)), e.field, e.offset, e.describe()};
}

Layer failed_layer(std::string protocol, const mpl::error& e) {
  Layer layer;
  layer.protocol = std::move(protocol);
  layer.error = layer_error(e);
  return layer;
}

namespace {

// Appends the lowercase hex of `b`, sized once and filled in place.
void append_hex(std::string& out, mpl::bytes b) {
  static constexpr char digits[] = "0123456789abcdef";
  std::size_t at = out.size();
  out.resize(at + b.size() * 2);
  for (std::uint8_t c : b) {
    out[at++] = digits[c >> 4];
    out[at++] = digits[c & 15];
  }
}

}  // namespace

std::string hex(mpl::bytes b) {
  std::string out;
  append_hex(out, b);
  return out;
}

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c >= 0x7f) {
      // Spec text and labels are ASCII; anything else is escaped byte-wise
      // so the output is always valid UTF-8.
      std::array<char, 8> buf{};
      std::snprintf(buf.data(), buf.size(), "\\u%04x", c);
      out += buf.data();
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

namespace {

std::string ipv4_text(std::uint32_t a) {
  return std::to_string(a >> 24) + "." + std::to_string((a >> 16) & 255) + "." + std::to_string((a >> 8) & 255) +
         "." + std::to_string(a & 255);
}

// RFC 5952: lowercase, leading zeros dropped, the longest run (of two or
// more) of zero groups shown as "::".
std::string ipv6_text(mpl::bytes b) {
  std::array<unsigned, 8> g{};
  for (std::size_t i = 0; i < 8; ++i) g[i] = static_cast<unsigned>(b[2 * i] << 8 | b[2 * i + 1]);
  std::size_t best = 8, best_len = 0;
  for (std::size_t i = 0; i < 8;) {
    std::size_t j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len && j - i >= 2) {
      best = i;
      best_len = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  std::string out;
  std::array<char, 8> buf{};
  for (std::size_t i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf.data(), buf.size(), "%x", g[i]);
    out += buf.data();
  }
  return out;
}

std::string mac_text(mpl::bytes b) {
  std::string out;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i != 0) out += ':';
    out += hex(b.subspan(i, 1));
  }
  return out;
}

}  // namespace

AddressKind address_kind(std::string_view protocol, std::string_view name) {
  struct Entry {
    std::string_view protocol, name;
    AddressKind kind;
  };
  static constexpr Entry table[] = {
      {"ethernet", "destination", AddressKind::kMac},
      {"ethernet", "source", AddressKind::kMac},
      {"sll", "address", AddressKind::kMac},
      {"sll2", "address", AddressKind::kMac},
      {"arp", "sender_hardware_address", AddressKind::kMac},
      {"arp", "target_hardware_address", AddressKind::kMac},
      {"arp", "sender_protocol_address", AddressKind::kIpAny},
      {"arp", "target_protocol_address", AddressKind::kIpAny},
      {"ipv4", "src", AddressKind::kIpv4},
      {"ipv4", "dst", AddressKind::kIpv4},
      {"ipv4", "address", AddressKind::kIpv4},
      {"ipv6", "src", AddressKind::kIpAny},
      {"ipv6", "dst", AddressKind::kIpAny},
      {"dns", "address", AddressKind::kIpAny},
      {"dhcp", "ciaddr", AddressKind::kIpv4},
      {"dhcp", "yiaddr", AddressKind::kIpv4},
      {"dhcp", "siaddr", AddressKind::kIpv4},
      {"dhcp", "giaddr", AddressKind::kIpv4},
      {"dhcp", "subnet_mask", AddressKind::kIpv4},
      {"dhcp", "address", AddressKind::kIpv4},
      {"dhcp", "broadcast_address", AddressKind::kIpv4},
      {"dhcp", "requested_address", AddressKind::kIpv4},
      {"dhcp", "server_address", AddressKind::kIpv4},
      {"bgp", "bgp_identifier", AddressKind::kIpv4},
  };
  for (const Entry& e : table) {
    if (e.protocol == protocol && e.name == name) return e.kind;
  }
  return AddressKind::kNone;
}

std::vector<std::string> differing_fields(const std::vector<Field>& before, const std::vector<Field>& after) {
  std::map<std::string_view, std::string_view> values;
  auto valued = [](const Field& f) { return f.kind == Field::Kind::kValue || f.kind == Field::Kind::kCase; };
  for (const Field& f : after) {
    if (valued(f)) values.emplace(f.path, f.json);
  }
  std::vector<std::string> out;
  for (const Field& f : before) {
    if (!valued(f)) continue;
    auto it = values.find(f.path);
    if (it == values.end() || it->second != f.json) out.push_back(f.path);
    if (it != values.end()) values.erase(it);
  }
  for (const auto& [path, json] : values) out.emplace_back(path);
  return out;
}

void FieldCollector::push(std::string_view part) {
  marks_.push_back(prefix_.size());
  prefix_ += part;
  prefix_ += '.';
}

void FieldCollector::pop() {
  if (marks_.empty()) return;
  prefix_.resize(marks_.back());
  marks_.pop_back();
}

std::string FieldCollector::path(const char* name) const { return prefix_ + name; }

void FieldCollector::add(const char* name, std::string json, std::string text) {
  layer_.fields.push_back(Field{path(name), std::move(json), std::move(text), prefix_.empty(), Field::Kind::kValue,
                                static_cast<std::uint32_t>(prefix_.size())});
}

void FieldCollector::mark(Field::Kind kind, const char* name) {
  layer_.fields.push_back(
      Field{path(name), {}, {}, prefix_.empty(), kind, static_cast<std::uint32_t>(prefix_.size())});
}

void FieldCollector::end() {
  pop();
  layer_.fields.push_back(Field{{}, {}, {}, prefix_.empty(), Field::Kind::kEnd});
}

void FieldCollector::text_field(const char* name, std::string_view text) {
  add(name, json_string(text), std::string(text));
}

void FieldCollector::integer(const char* name, std::uint64_t value, unsigned bits) {
  if (bits == 32 && address_kind(layer_.protocol, name) != AddressKind::kNone) {
    text_field(name, ipv4_text(static_cast<std::uint32_t>(value)));
    return;
  }
  std::string n = std::to_string(value);
  add(name, n, n);
  layer_.fields.back().number = value;
}

void FieldCollector::signed_integer(const char* name, std::int64_t value, unsigned bits) {
  (void)bits;
  std::string n = std::to_string(value);
  add(name, n, n);
  layer_.fields.back().number = static_cast<std::uint64_t>(value);
}

void FieldCollector::variant(const char* name, std::uint64_t value, const char* label, unsigned bits) {
  (void)bits;
  labelled(name, std::to_string(value), label, value);
}

void FieldCollector::signed_variant(const char* name, std::int64_t value, const char* label, unsigned bits) {
  (void)bits;
  labelled(name, std::to_string(value), label, static_cast<std::uint64_t>(value));
}

void FieldCollector::labelled(const char* name, const std::string& number, const char* label, std::uint64_t pattern) {
  if (label == nullptr) {
    add(name, fmt::format("{{\"value\": {}, \"label\": null}}", number), number);
  } else {
    add(name, fmt::format("{{\"value\": {}, \"label\": {}}}", number, json_string(label)),
        fmt::format("{}({})", label, number));
  }
  layer_.fields.back().number = pattern;
}

void FieldCollector::bytes(const char* name, mpl::bytes value) {
  switch (address_kind(layer_.protocol, name)) {
    case AddressKind::kMac:
      if (value.size() == 6) return text_field(name, mac_text(value));
      break;
    case AddressKind::kIpv4:
    case AddressKind::kIpAny:
      if (value.size() == 4) {
        return text_field(name, ipv4_text(static_cast<std::uint32_t>(value[0]) << 24 |
                                          static_cast<std::uint32_t>(value[1]) << 16 |
                                          static_cast<std::uint32_t>(value[2]) << 8 | value[3]));
      }
      if (value.size() == 16) return text_field(name, ipv6_text(value));
      break;
    case AddressKind::kNone:
      break;
  }
  const bool text = printable(value) || value.empty();
  // Hex digits need no escaping: the JSON string is the hex in quotes
  // (json_string() over it was a fifth of mpldump's time).
  std::string json;
  json.reserve(value.size() * 2 + 2);
  json += '"';
  append_hex(json, value);
  json += '"';
  add(name, std::move(json), text ? quoted_text(value) : std::string());
  layer_.fields.back().number = value.size();
  layer_.fields.back().hex = !text;
}

void FieldCollector::begin_case(const char* subject, const char* label) {
  // visit() names the subject as the spec does (`type`, a parameter
  // `rtype`); a field may have that name too, so the case is "<subject>_case".
  std::string name = subject;
  if (!name.ends_with("_case")) name += "_case";
  text_field(name.c_str(), label);
  layer_.fields.back().kind = Field::Kind::kCase;
}

bool printable(mpl::bytes b) {
  if (b.empty()) return false;
  for (std::uint8_t c : b) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

std::string quoted_text(mpl::bytes b) {
  std::string out = "\"";
  for (std::uint8_t c : b) {
    if (c == '"' || c == '\\') out += '\\';
    out += static_cast<char>(c);
  }
  return out + "\"";
}

}  // namespace mpldump
