// Applies the summary rules of summaries.h to a frame's layers. Nothing here
// knows a protocol: the rules name fields by their JSON paths. The line is
// rendered straight into the output buffer; a piece or group that turns out
// to be missing a field is cut off again.
#include "summary.h"

#include <array>
#include <cstring>
#include <string_view>

#include "summaries.h"

namespace mpldump {

namespace {

// `pattern` and `path` are dotted; a `*` component of the pattern matches
// any one component of the path.
bool path_matches(std::string_view pattern, std::string_view path) {
  for (;;) {
    const std::size_t p = pattern.find('.'), q = path.find('.');
    const std::string_view a = pattern.substr(0, p), b = path.substr(0, q);
    if (a != "*" && a != b) return false;
    if (p == std::string_view::npos || q == std::string_view::npos) return p == q;
    pattern.remove_prefix(p + 1);
    path.remove_prefix(q + 1);
  }
}

// Lengths first: most names differ in length, and memcmp is a call.
bool same(std::string_view a, std::string_view b) { return a.size() == b.size() && a == b; }

const Field* find(const Layer& layer, std::string_view pattern) {
  if (pattern.empty()) return nullptr;  // no field has an empty path
  const bool wild = pattern.find('*') != std::string_view::npos;
  for (const Field& f : layer.fields) {
    if (f.kind != Field::Kind::kValue && f.kind != Field::Kind::kCase) continue;
    const std::string_view path = layer.path(f);
    if (wild) {
      if (path_matches(pattern, path)) return &f;
    } else if (path.size() == pattern.size() && path[0] == pattern[0] && path == pattern) {
      return &f;  // the first byte, compared first, rules out most fields without a call to memcmp
    }
  }
  return nullptr;
}

struct Context {
  const std::vector<Layer>& layers;
  std::size_t index;
  const Layer& layer() const { return layers[index]; }
};

bool holds(std::string_view condition, const Context& c) {
  if (condition.empty()) return true;
  if (condition.starts_with("after=")) return c.index > 0 && same(c.layers[c.index - 1].protocol, condition.substr(6));
  if (condition.starts_with("!")) return find(c.layer(), condition.substr(1)) == nullptr;
  const std::size_t eq = condition.find('=');
  if (eq == std::string_view::npos) return find(c.layer(), condition) != nullptr;
  const bool negated = eq > 0 && condition[eq - 1] == '!';
  const Field* f = find(c.layer(), condition.substr(0, negated ? eq - 1 : eq));
  if (f == nullptr) return false;
  const std::string_view want = condition.substr(eq + 1);
  OutputBuffer value;
  append_display(value, c.layer(), *f);
  bool equal = std::string_view(value.data(), value.size()) == want;
  if (!equal) {
    value.clear();
    append_shown(value, c.layer(), *f);
    equal = std::string_view(value.data(), value.size()) == want;
  }
  return equal != negated;
}

bool all_hold(std::string_view when, const Context& c) {
  while (!when.empty()) {
    const std::size_t space = when.find(' ');
    if (!holds(when.substr(0, space), c)) return false;
    if (space == std::string_view::npos) break;
    when.remove_prefix(space + 1);
  }
  return true;
}

// Appends the placeholder's value; false when it is missing.
bool placeholder(OutputBuffer& out, std::string_view name, const Context& c) {
  if (name == "$size") {
    append_unsigned(out, c.layer().size);
    return true;
  }
  if (name.starts_with("#")) {
    const std::string_view array = name.substr(1);
    std::size_t count = 0;
    bool seen = false;
    const Layer& layer = c.layer();
    for (const Field& f : layer.fields) {
      if (f.kind == Field::Kind::kArray && layer.path(f) == array) seen = true;
      if (f.kind == Field::Kind::kElement && f.name_at == array.size() + 1 && layer.path(f).starts_with(array)) ++count;
    }
    if (!seen) return false;
    append_unsigned(out, count);
    return true;
  }
  const Layer* layer = &c.layer();
  const std::size_t colon = name.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view protocol = name.substr(0, colon);
    layer = nullptr;
    for (std::size_t i = c.index; i-- > 0;) {
      if (same(c.layers[i].protocol, protocol)) {
        layer = &c.layers[i];
        break;
      }
    }
    if (layer == nullptr) return false;
    name.remove_prefix(colon + 1);
  }
  const Field* f = find(*layer, name);
  if (f == nullptr) return false;
  append_display(out, *layer, *f);
  return true;
}

// Appends `format` rendered; false when a placeholder outside an optional
// group is missing (what was appended is then the caller's to cut off).
bool render(OutputBuffer& out, std::string_view format, const Context& c) {
  for (std::size_t i = 0; i < format.size(); ++i) {
    const char ch = format[i];
    if (ch == '\\' && i + 1 < format.size()) {
      out.push_back(format[++i]);
    } else if (ch == '{') {
      const std::size_t close = format.find('}', i);
      if (close == std::string_view::npos) return false;
      if (!placeholder(out, format.substr(i + 1, close - i - 1), c)) return false;
      i = close;
    } else if (ch == '[') {
      const std::size_t close = format.find(']', i);
      if (close == std::string_view::npos) return false;
      std::string_view group = format.substr(i + 1, close - i - 1);
      i = close;
      const std::size_t bar = group.find('|');
      if (bar != std::string_view::npos && group.substr(0, bar).find('{') == std::string_view::npos) {
        if (!holds(group.substr(0, bar), c)) continue;
        group.remove_prefix(bar + 1);
      }
      const std::size_t group_at = out.size();
      if (!render(out, group, c)) out.resize(group_at);
    } else {
      out.push_back(ch);
    }
  }
  return true;
}

// The rules' protocols as string_views, measured once.
struct RuleProtocols {
  std::array<std::string_view, std::size(kSummaryRules)> names;
  RuleProtocols() {
    for (std::size_t i = 0; i < names.size(); ++i) names[i] = kSummaryRules[i].protocol;
  }
};

}  // namespace

void append_summary_line(OutputBuffer& out, const std::vector<Layer>& layers) {
  static const RuleProtocols rule_protocols;
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
    for (std::size_t r = 0; r < std::size(kSummaryRules); ++r) {
      const SummaryRule& rule = kSummaryRules[r];
      if (!same(layer.protocol, rule_protocols.names[r]) || !all_hold(rule.when, c)) continue;
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
