// Applies the summary rules of summaries.h to a frame's layers. Nothing here
// knows a protocol: the rules name fields by their JSON paths.
#include "summary.h"

#include <optional>
#include <string_view>

#include "summaries.h"

namespace mpldump {

namespace {

// Byte strings longer than this are shown by their length on the line.
constexpr std::size_t kLongText = 40;

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

const Field* find(const Layer& layer, std::string_view pattern) {
  const bool wild = pattern.find('*') != std::string_view::npos;
  for (const Field& f : layer.fields) {
    if (f.kind != Field::Kind::kValue && f.kind != Field::Kind::kCase) continue;
    if (wild ? path_matches(pattern, f.path) : f.path == pattern) return &f;
  }
  return nullptr;
}

// A field as the line shows it: a variant by its label, a long byte string
// by its length, anything else as in the -v tree.
std::string display(const Field& f) {
  const bool variant = !f.json.empty() && f.json[0] == '{';
  if (variant && !f.text.empty() && f.text.back() == ')') return f.text.substr(0, f.text.rfind('('));
  const bool byte_string = !f.json.empty() && f.json[0] == '"' && f.number != 0;
  if (byte_string && f.shown().size() > kLongText) return "<" + std::to_string(f.number) + " bytes>";
  return std::string(f.shown());
}

struct Context {
  const std::vector<Layer>& layers;
  std::size_t index;
  const Layer& layer() const { return layers[index]; }
};

bool holds(std::string_view condition, const Context& c) {
  if (condition.empty()) return true;
  if (condition.starts_with("after=")) return c.index > 0 && c.layers[c.index - 1].protocol == condition.substr(6);
  if (condition.starts_with("!")) return find(c.layer(), condition.substr(1)) == nullptr;
  const std::size_t eq = condition.find('=');
  if (eq == std::string_view::npos) return find(c.layer(), condition) != nullptr;
  const bool negated = eq > 0 && condition[eq - 1] == '!';
  const Field* f = find(c.layer(), condition.substr(0, negated ? eq - 1 : eq));
  if (f == nullptr) return false;
  const std::string_view want = condition.substr(eq + 1);
  const bool equal = display(*f) == want || f->shown() == want;
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

std::optional<std::string> placeholder(std::string_view name, const Context& c) {
  if (name == "$size") return std::to_string(c.layer().size);
  if (name.starts_with("#")) {
    const std::string_view array = name.substr(1);
    std::size_t count = 0;
    bool seen = false;
    for (const Field& f : c.layer().fields) {
      if (f.kind == Field::Kind::kArray && f.path == array) seen = true;
      if (f.kind == Field::Kind::kElement && f.name_at == array.size() + 1 && f.path.starts_with(array)) ++count;
    }
    if (!seen) return std::nullopt;
    return std::to_string(count);
  }
  const Layer* layer = &c.layer();
  const std::size_t colon = name.find(':');
  if (colon != std::string_view::npos) {
    const std::string_view protocol = name.substr(0, colon);
    layer = nullptr;
    for (std::size_t i = c.index; i-- > 0;) {
      if (c.layers[i].protocol == protocol) {
        layer = &c.layers[i];
        break;
      }
    }
    if (layer == nullptr) return std::nullopt;
    name.remove_prefix(colon + 1);
  }
  const Field* f = find(*layer, name);
  if (f == nullptr) return std::nullopt;
  return display(*f);
}

// Renders `format`; nullopt when a placeholder outside an optional group
// is missing.
std::optional<std::string> render(std::string_view format, const Context& c) {
  std::string out;
  for (std::size_t i = 0; i < format.size(); ++i) {
    const char ch = format[i];
    if (ch == '\\' && i + 1 < format.size()) {
      out += format[++i];
    } else if (ch == '{') {
      const std::size_t close = format.find('}', i);
      if (close == std::string_view::npos) return std::nullopt;
      auto value = placeholder(format.substr(i + 1, close - i - 1), c);
      if (!value) return std::nullopt;
      out += *value;
      i = close;
    } else if (ch == '[') {
      const std::size_t close = format.find(']', i);
      if (close == std::string_view::npos) return std::nullopt;
      std::string_view group = format.substr(i + 1, close - i - 1);
      i = close;
      const std::size_t bar = group.find('|');
      if (bar != std::string_view::npos && group.substr(0, bar).find('{') == std::string_view::npos) {
        if (!holds(group.substr(0, bar), c)) continue;
        group.remove_prefix(bar + 1);
      }
      if (auto value = render(group, c)) out += *value;
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace

std::string summary_line(const std::vector<Layer>& layers) {
  std::vector<std::string> pieces;
  std::vector<std::size_t> owners;  // the layer of each piece
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Layer& layer = layers[i];
    if (layer.error) {
      pieces.push_back(layer.protocol + " error: " + layer.error->message);
      owners.push_back(i);
      continue;
    }
    const Context c{layers, i};
    for (const SummaryRule& rule : kSummaryRules) {
      if (layer.protocol != rule.protocol || !all_hold(rule.when, c)) continue;
      auto piece = render(rule.format, c);
      if (!piece) continue;
      if (rule.replace && !owners.empty() && owners.back() + 1 == i) {
        pieces.pop_back();
        owners.pop_back();
      }
      pieces.push_back(std::move(*piece));
      owners.push_back(i);
      break;
    }
  }
  if (pieces.empty()) return layers.empty() ? std::string("(nothing decoded)") : layers.back().protocol;
  std::string line = pieces[0];
  for (std::size_t i = 1; i < pieces.size(); ++i) line += ": " + pieces[i];
  return line;
}

}  // namespace mpldump
