#include "layer.h"

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <cstring>
#include <map>

#include "values.h"

namespace mpldump {

LayerError layer_error(const mpl::error& e) {
  return LayerError{std::string(mpl::to_string(e.kind)), e.field, e.offset, e.describe()};
}

void Arena::grow(std::size_t at_least) {
  const std::size_t capacity = std::max({at_least, 2 * capacity_, std::size_t{256}});
  auto bytes = std::make_unique_for_overwrite<char[]>(capacity);
  if (size_ != 0) std::memcpy(bytes.get(), bytes_.get(), size_);
  bytes_ = std::move(bytes);
  capacity_ = capacity;
}

void Layer::reset(std::string_view new_protocol, mpl::bytes new_frame) {
  protocol = new_protocol;
  frame = new_frame;
  size = 0;
  fields.clear();
  arena.clear();
  error.reset();
  check.reset();
}

std::string Layer::path(const Field& f) const {
  std::string out(name(f));
  for (std::uint32_t at = f.parent; at != Field::kNoParent; at = fields[at].parent) {
    out.insert(0, std::string(name(fields[at])) + '.');
  }
  return out;
}

std::vector<std::string> differing_fields(const Layer& before, const Layer& after) {
  std::map<std::string, std::string> values;
  auto valued = [](const Field& f) { return f.kind == Field::Kind::kValue || f.kind == Field::Kind::kCase; };
  for (const Field& f : after.fields) {
    if (valued(f)) values.emplace(after.path(f), json_value(after, f));
  }
  std::vector<std::string> out;
  for (const Field& f : before.fields) {
    if (!valued(f)) continue;
    auto it = values.find(before.path(f));
    if (it == values.end() || it->second != json_value(before, f)) out.emplace_back(before.path(f));
    if (it != values.end()) values.erase(it);
  }
  for (const auto& [path, json] : values) out.emplace_back(path);
  return out;
}

struct AddressField {
  std::string_view protocol, name;
  AddressKind kind;
};

namespace {

// Grouped by protocol: a FieldCollector looks at its protocol's run only.
constexpr AddressField kAddressFields[] = {
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

constexpr char kDigits[] = "0123456789abcdef";

void append_decimal(Arena& out, unsigned n) {
  std::array<char, 20> digits{};
  const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), n).ptr;
  out.append(std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data())));
}

void append_ipv4(Arena& out, std::uint32_t a) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    append_decimal(out, (a >> shift) & 255);
    if (shift != 0) out.push_back('.');
  }
}

// RFC 5952: lowercase, leading zeros dropped, the longest run (of two or
// more) of zero groups shown as "::".
void append_ipv6(Arena& out, mpl::bytes b) {
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
  const std::size_t start = out.size();
  std::array<char, 8> digits{};
  for (std::size_t i = 0; i < 8; ++i) {
    if (i == best) {
      out.append("::");
      i += best_len - 1;
      continue;
    }
    if (out.size() != start && out.back() != ':') out.push_back(':');
    const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), g[i], 16).ptr;
    out.append(std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data())));
  }
}

void append_mac(Arena& out, mpl::bytes b) {
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i != 0) out.push_back(':');
    out.push_back(kDigits[b[i] >> 4]);
    out.push_back(kDigits[b[i] & 15]);
  }
}

bool printable(mpl::bytes b) {
  if (b.empty()) return false;
  for (std::uint8_t c : b) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

}  // namespace

AddressKind address_kind(std::string_view protocol, std::string_view name) {
  for (const AddressField& e : kAddressFields) {
    if (e.protocol == protocol && e.name == name) return e.kind;
  }
  return AddressKind::kNone;
}

FieldCollector::FieldCollector(Layer& layer) : layer_(layer) {
  const AddressField* e = std::begin(kAddressFields);
  while (e != std::end(kAddressFields) && e->protocol != layer.protocol) ++e;
  addresses_begin_ = e;
  while (e != std::end(kAddressFields) && e->protocol == layer.protocol) ++e;
  addresses_end_ = e;
}

AddressKind FieldCollector::address_of(std::string_view name) const {
  for (const AddressField* e = addresses_begin_; e != addresses_end_; ++e) {
    if (e->name == name) return e->kind;
  }
  return AddressKind::kNone;
}

Field& FieldCollector::add(Field::Kind kind, Field::Form form, std::string_view name, std::string_view suffix) {
  assert(field_name(name) && (suffix.empty() || field_name(suffix)));
  Arena& arena = layer_.arena;
  Field f;
  f.kind = kind;
  f.form = form;
  f.parent = open_;
  f.name_at = static_cast<std::uint32_t>(arena.size());
  f.name_size = static_cast<std::uint32_t>(name.size() + suffix.size());
  char* to = arena.extend(f.name_size);
  std::memcpy(to, name.data(), name.size());
  if (!suffix.empty()) std::memcpy(to + name.size(), suffix.data(), suffix.size());
  f.data_at = static_cast<std::uint32_t>(arena.size());
  layer_.fields.push_back(f);
  return layer_.fields.back();
}

void FieldCollector::end_data(Field& f) {
  f.data_size = static_cast<std::uint32_t>(layer_.arena.size() - f.data_at);
}

void FieldCollector::open(Field::Kind kind, std::string_view name) {
  add(kind, Field::Form::kNone, name);
  open_ = static_cast<std::uint32_t>(layer_.fields.size() - 1);
}

void FieldCollector::begin_element(std::size_t index) {
  std::array<char, 24> digits{};
  const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), index).ptr;
  open(Field::Kind::kElement, std::string_view(digits.data(), static_cast<std::size_t>(end - digits.data())));
}

void FieldCollector::end() {
  if (open_ != Field::kNoParent) {
    layer_.fields[open_].close = static_cast<std::uint32_t>(layer_.fields.size());
    open_ = layer_.fields[open_].parent;
  }
  Field f;
  f.kind = Field::Kind::kEnd;
  f.parent = open_;
  f.name_at = f.data_at = static_cast<std::uint32_t>(layer_.arena.size());
  layer_.fields.push_back(f);
}

void FieldCollector::text_named(std::string_view name, std::string_view value) {
  Field& f = add(Field::Kind::kValue, Field::Form::kText, name);
  layer_.arena.append(value);
  end_data(f);
}

void FieldCollector::ipv4(std::string_view name, std::uint32_t address) {
  Field& f = add(Field::Kind::kValue, Field::Form::kText, name);
  append_ipv4(layer_.arena, address);
  end_data(f);
}

void FieldCollector::integer_named(std::string_view name, std::uint64_t value, unsigned bits) {
  if (bits == 32 && addresses_begin_ != addresses_end_ && address_of(name) != AddressKind::kNone) {
    return ipv4(name, static_cast<std::uint32_t>(value));
  }
  add(Field::Kind::kValue, Field::Form::kUnsigned, name).number = value;
}

void FieldCollector::labelled(std::string_view name, Field::Form form, std::uint64_t pattern, const char* label) {
  Field& f = add(Field::Kind::kValue, form, name);
  f.number = pattern;
  if (label == nullptr) return;
  f.labelled = true;
  layer_.arena.append(label);
  end_data(f);
}

void FieldCollector::bytes_named(std::string_view name, mpl::bytes value) {
  if (addresses_begin_ != addresses_end_) {
    switch (address_of(name)) {
      case AddressKind::kMac:
        if (value.size() == 6) {
          Field& f = add(Field::Kind::kValue, Field::Form::kText, name);
          append_mac(layer_.arena, value);
          return end_data(f);
        }
        break;
      case AddressKind::kIpv4:
      case AddressKind::kIpAny:
        if (value.size() == 4) {
          return ipv4(name, static_cast<std::uint32_t>(value[0]) << 24 | static_cast<std::uint32_t>(value[1]) << 16 |
                                static_cast<std::uint32_t>(value[2]) << 8 | value[3]);
        }
        if (value.size() == 16) {
          Field& f = add(Field::Kind::kValue, Field::Form::kText, name);
          append_ipv6(layer_.arena, value);
          return end_data(f);
        }
        break;
      case AddressKind::kNone:
        break;
    }
  }
  Field& f = add(Field::Kind::kValue, Field::Form::kBytes, name);
  f.number = value.size();
  // Empty or printable ASCII: shown as quoted text; anything else as hex.
  f.hex = !value.empty() && !printable(value);
  // Compared as integers: `value` may lie outside the frame.
  const auto at = reinterpret_cast<std::uintptr_t>(value.data());
  const auto frame = reinterpret_cast<std::uintptr_t>(layer_.frame.data());
  if (!value.empty() && at >= frame && at - frame <= layer_.frame.size() &&
      value.size() <= layer_.frame.size() - (at - frame)) {
    f.in_frame = true;
    f.data_at = static_cast<std::uint32_t>(at - frame);
    f.data_size = static_cast<std::uint32_t>(value.size());
    return;
  }
  layer_.arena.append(std::string_view(reinterpret_cast<const char*>(value.data()), value.size()));
  end_data(f);
}

void FieldCollector::case_named(std::string_view subject, std::string_view label) {
  // visit() names the subject as the spec does (`type`, a parameter
  // `rtype`); a field may have that name too, so the case is "<subject>_case".
  Field& f = add(Field::Kind::kCase, Field::Form::kText, subject, subject.ends_with("_case") ? "" : "_case");
  layer_.arena.append(label);
  end_data(f);
}

}  // namespace mpldump
