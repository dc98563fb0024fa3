// Applies the summary rules of summaries.h to a frame's layers. Nothing here
// knows a protocol: the rules name fields by their JSON paths. The rules are
// parsed once into conditions and parts (CompiledRule), since every frame
// applies them; the line is rendered straight into the output buffer, and
// a piece or group that turns out to be missing a field is cut off again.
#include "summary.h"

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "summaries.h"

namespace mpldump {

namespace {

// A field path split at its dots once, for find().
using Path = std::vector<std::string_view>;

Path split_path(std::string_view path) {
  Path components;
  for (;;) {
    const std::size_t dot = path.find('.');
    components.push_back(path.substr(0, dot));
    if (dot == std::string_view::npos) return components;
    path.remove_prefix(dot + 1);
  }
}

// One condition of a rule's `when`, or of a group `[CONDITION|...]`.
struct Condition {
  enum class Kind { kAlways, kAfter, kAbsent, kPresent, kEquals, kDiffers };
  Kind kind = Kind::kAlways;
  std::string_view subject;  // kAfter: a protocol; else a field path
  Path field;                // the field path, split
  std::string_view want;     // kEquals, kDiffers
};

// A piece of a format: literal text, a placeholder, or an optional group.
struct Part {
  enum class Kind { kText, kField, kSize, kCount, kGroup, kBroken };
  Kind kind = Kind::kText;
  std::string text;           // kText, escapes resolved
  std::string_view protocol;  // kField: empty, or the earlier layer's protocol
  std::string_view path;      // kField; kCount: the array
  Path field;                 // kField: `path`, split
  std::optional<Condition> condition;  // kGroup: shown only when it holds
  std::vector<Part> parts;             // kGroup
};

struct CompiledRule {
  std::string_view protocol;
  std::vector<Condition> when;
  std::vector<Part> format;
  bool replace = false;
};

Condition parse_condition(std::string_view condition) {
  Condition parsed;
  if (condition.empty()) return parsed;
  if (condition.starts_with("after=")) {
    parsed.kind = Condition::Kind::kAfter;
    parsed.subject = condition.substr(6);
    return parsed;
  }
  const std::size_t eq = condition.find('=');
  if (condition.starts_with("!")) {
    parsed.kind = Condition::Kind::kAbsent;
    parsed.subject = condition.substr(1);
  } else if (eq == std::string_view::npos) {
    parsed.kind = Condition::Kind::kPresent;
    parsed.subject = condition;
  } else {
    const bool negated = eq > 0 && condition[eq - 1] == '!';
    parsed.kind = negated ? Condition::Kind::kDiffers : Condition::Kind::kEquals;
    parsed.subject = condition.substr(0, negated ? eq - 1 : eq);
    parsed.want = condition.substr(eq + 1);
  }
  parsed.field = split_path(parsed.subject);
  return parsed;
}

Part placeholder_part(std::string_view name) {
  Part part;
  if (name == "$size") {
    part.kind = Part::Kind::kSize;
  } else if (name.starts_with("#")) {
    part.kind = Part::Kind::kCount;
    part.path = name.substr(1);
    part.field = split_path(part.path);
  } else {
    part.kind = Part::Kind::kField;
    const std::size_t colon = name.find(':');
    if (colon != std::string_view::npos) {
      part.protocol = name.substr(0, colon);
      name.remove_prefix(colon + 1);
    }
    part.path = name;
    part.field = split_path(name);
  }
  return part;
}

std::vector<Part> parse_format(std::string_view format) {
  std::vector<Part> parts;
  auto literal = [&](char ch) {
    if (parts.empty() || parts.back().kind != Part::Kind::kText) parts.emplace_back();
    parts.back().text += ch;
  };
  for (std::size_t i = 0; i < format.size(); ++i) {
    const char ch = format[i];
    if (ch == '\\' && i + 1 < format.size()) {
      literal(format[++i]);
    } else if (ch == '{' || ch == '[') {
      const std::size_t close = format.find(ch == '{' ? '}' : ']', i);
      if (close == std::string_view::npos) {  // the whole format fails when it gets here
        parts.emplace_back().kind = Part::Kind::kBroken;
        return parts;
      }
      std::string_view inner = format.substr(i + 1, close - i - 1);
      i = close;
      if (ch == '{') {
        parts.push_back(placeholder_part(inner));
        continue;
      }
      Part group;
      group.kind = Part::Kind::kGroup;
      const std::size_t bar = inner.find('|');
      if (bar != std::string_view::npos && inner.substr(0, bar).find('{') == std::string_view::npos) {
        group.condition = parse_condition(inner.substr(0, bar));
        inner.remove_prefix(bar + 1);
      }
      group.parts = parse_format(inner);
      parts.push_back(std::move(group));
    } else {
      literal(ch);
    }
  }
  return parts;
}

std::vector<CompiledRule> compile_rules() {
  std::vector<CompiledRule> rules;
  for (const SummaryRule& rule : kSummaryRules) {
    CompiledRule& compiled = rules.emplace_back();
    compiled.protocol = rule.protocol;
    compiled.replace = rule.replace;
    for (std::string_view when = rule.when; !when.empty();) {
      const std::size_t space = when.find(' ');
      compiled.when.push_back(parse_condition(when.substr(0, space)));
      if (space == std::string_view::npos) break;
      when.remove_prefix(space + 1);
    }
    compiled.format = parse_format(rule.format);
  }
  return rules;
}

// Names and protocols are short: compared here, lengths first, rather
// than by a call to memcmp per pair (they were a tenth of mpldump's time).
bool same(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

bool container(const Field& f) {
  return f.kind == Field::Kind::kPacket || f.kind == Field::Kind::kArray || f.kind == Field::Kind::kElement;
}

// The first value in wire order, among fields[from, to), whose path below
// them is `path` (a `*` component matches any one name); with `array`, the
// first array instead. A depth-first walk that steps over the packets and
// arrays whose names do not match: a DNS answer's records, a DHCP option
// list are not read field by field for every placeholder of a summary
// line. A fifth of mpldump's time went here: names are compared by length,
// then in place.
const Field* find_in(const Layer& layer, std::size_t from, std::size_t to, const std::string_view* path,
                     std::size_t depth, bool array = false) {
  const std::string_view component = path[0];
  const bool last = depth == 1;
  const bool any = component == "*";
  const char* arena = layer.arena.data();
  for (std::size_t i = from; i < to;) {
    const Field& f = layer.fields[i];
    bool named = any;
    if (!named && f.name_size == component.size()) {
      const char* name = arena + f.name_at;
      named = same(component, std::string_view(name, component.size()));
    }
    if (container(f)) {
      const std::size_t end = f.close == Field::kNoParent ? to : std::min<std::size_t>(f.close, to);
      if (named && last && array && f.kind == Field::Kind::kArray) return &f;
      if (named && !last) {
        if (const Field* found = find_in(layer, i + 1, end, path + 1, depth - 1, array)) return found;
      }
      i = end + 1;
      continue;
    }
    if (named && last && !array && (f.kind == Field::Kind::kValue || f.kind == Field::Kind::kCase)) return &f;
    ++i;
  }
  return nullptr;
}

const Field* find(const Layer& layer, const Path& path, bool array = false) {
  if (path.size() == 1 && path[0].empty()) return nullptr;  // no field has an empty path
  return find_in(layer, 0, layer.fields.size(), path.data(), path.size(), array);
}

// Whether the field reads `want` as the line shows it (a variant's label)
// or as -v shows it (Label(N)); numbers and text are compared without
// rendering them.
bool reads(const Layer& layer, const Field& f, std::string_view want) {
  switch (f.form) {
    case Field::Form::kUnsigned: {
      const fmt::format_int text(f.number);
      return same(std::string_view(text.data(), text.size()), want);
    }
    case Field::Form::kText:
      return same(layer.data(f), want);
    default:
      break;
  }
  OutputBuffer value;
  append_display(value, layer, f);
  if (std::string_view(value.data(), value.size()) == want) return true;
  value.clear();
  append_shown(value, layer, f);
  return std::string_view(value.data(), value.size()) == want;
}

struct Context {
  const std::vector<Layer>& layers;
  std::size_t index;
  const Layer& layer() const { return layers[index]; }
};

bool holds(const Condition& condition, const Context& c) {
  switch (condition.kind) {
    case Condition::Kind::kAlways:
      return true;
    case Condition::Kind::kAfter:
      return c.index > 0 && same(c.layers[c.index - 1].protocol, condition.subject);
    case Condition::Kind::kAbsent:
      return find(c.layer(), condition.field) == nullptr;
    case Condition::Kind::kPresent:
      return find(c.layer(), condition.field) != nullptr;
    case Condition::Kind::kEquals:
    case Condition::Kind::kDiffers: {
      const Field* f = find(c.layer(), condition.field);
      if (f == nullptr) return false;
      return reads(c.layer(), *f, condition.want) == (condition.kind == Condition::Kind::kEquals);
    }
  }
  return false;
}

// Appends the placeholder's value; false when it is missing.
bool placeholder(OutputBuffer& out, const Part& part, const Context& c) {
  const Layer& here = c.layer();
  if (part.kind == Part::Kind::kSize) {
    append_unsigned(out, here.size);
    return true;
  }
  if (part.kind == Part::Kind::kCount) {
    const Field* array = find(here, part.field, true);
    if (array == nullptr) return false;
    // Its elements, stepping over what each holds.
    std::size_t count = 0;
    const std::size_t end = array->close == Field::kNoParent ? here.fields.size() : array->close;
    for (std::size_t i = static_cast<std::size_t>(array - here.fields.data()) + 1; i < end;) {
      const Field& f = here.fields[i];
      if (f.kind == Field::Kind::kElement) ++count;
      if (!container(f) || f.close == Field::kNoParent) {
        ++i;
      } else {
        i = f.close + 1;
      }
    }
    append_unsigned(out, count);
    return true;
  }
  const Layer* layer = &here;
  if (!part.protocol.empty()) {
    layer = nullptr;
    for (std::size_t i = c.index; i-- > 0;) {
      if (same(c.layers[i].protocol, part.protocol)) {
        layer = &c.layers[i];
        break;
      }
    }
    if (layer == nullptr) return false;
  }
  const Field* f = find(*layer, part.field);
  if (f == nullptr) return false;
  append_display(out, *layer, *f);
  return true;
}

// Appends the parts rendered; false when a placeholder outside an optional
// group is missing (what was appended is then the caller's to cut off).
bool render(OutputBuffer& out, const std::vector<Part>& parts, const Context& c) {
  for (const Part& part : parts) {
    switch (part.kind) {
      case Part::Kind::kText:
        append(out, part.text);
        break;
      case Part::Kind::kField:
      case Part::Kind::kSize:
      case Part::Kind::kCount:
        if (!placeholder(out, part, c)) return false;
        break;
      case Part::Kind::kGroup: {
        if (part.condition && !holds(*part.condition, c)) break;
        const std::size_t group_at = out.size();
        if (!render(out, part.parts, c)) out.resize(group_at);
        break;
      }
      case Part::Kind::kBroken:
        return false;
    }
  }
  return true;
}

bool all_hold(const std::vector<Condition>& when, const Context& c) {
  for (const Condition& condition : when) {
    if (!holds(condition, c)) return false;
  }
  return true;
}

}  // namespace

void append_summary_line(OutputBuffer& out, const std::vector<Layer>& layers) {
  static const std::vector<CompiledRule> rules = compile_rules();
  const std::size_t line_at = out.size();
  std::size_t pieces = 0;
  std::size_t last_at = 0;     // where the last piece (with its ": ") begins
  std::size_t last_owner = 0;  // the layer of the last piece
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Layer& layer = layers[i];
    const std::size_t piece_at = out.size();
    if (layer.error) {
      if (pieces != 0) append(out, ": ");
      append(out, layer.protocol);
      append(out, " error: ");
      append(out, layer.error->message);
      ++pieces;
      last_at = piece_at;
      last_owner = i;
      continue;
    }
    const Context c{layers, i};
    for (const CompiledRule& rule : rules) {
      if (!same(layer.protocol, rule.protocol) || !all_hold(rule.when, c)) continue;
      if (pieces != 0) append(out, ": ");
      const std::size_t text_at = out.size();
      if (!render(out, rule.format, c)) {
        out.resize(piece_at);
        continue;
      }
      if (rule.replace && pieces != 0 && last_owner + 1 == i) {
        // The piece takes the place of the previous layer's, which keeps
        // its ": " when it had one.
        const std::size_t to = last_at + (pieces > 1 ? 2 : 0);
        const std::size_t n = out.size() - text_at;
        std::memmove(out.data() + to, out.data() + text_at, n);
        out.resize(to + n);
        --pieces;  // last_at stays: the new piece begins where the old one did
      } else {
        last_at = piece_at;
      }
      ++pieces;
      last_owner = i;
      break;
    }
  }
  if (pieces == 0) {
    out.resize(line_at);
    append(out, layers.empty() ? std::string_view("(nothing decoded)") : std::string_view(layers.back().protocol));
  }
}

}  // namespace mpldump
