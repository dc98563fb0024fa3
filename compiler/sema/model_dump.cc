// `mplc --dump=sema`: the analysed model as indented text, one line per
// item, deterministic (model order only, no addresses).
#include <algorithm>

#include <fmt/format.h>

#include "sema/analyzer.h"
#include "sema/model.h"

namespace mplc::sema {

namespace {

class Dumper {
 public:
  std::string out;

  void model(const Model& m) {
    for (const auto& custom : m.custom_types) {
      out += fmt::format("custom {} = \"{}\"{}\n", custom->name, custom->cpp_type,
                         custom->header.empty() ? "" : fmt::format(" header \"{}\"", custom->header));
    }
    for (const auto& packet : m.packets) this->packet(*packet);
  }

 private:
  static std::string expr(const Expr& e) { return Analyzer::render(e); }

  void line(int depth, const std::string& text) {
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
    out += text;
    out += '\n';
  }

  void packet(const Packet& p) {
    std::string params;
    for (const Parameter& param : p.parameters) {
      if (!params.empty()) params += ", ";
      params += fmt::format("{} {}", param.type == Parameter::Type::kInt ? "int" : "bool", param.name);
    }
    line(0, fmt::format("packet {}({}) endian {}{}", p.name, params, p.endian == Endian::kBig ? "big" : "little",
                        p.in_root ? "" : " imported"));
    block(p.body, 1);
  }

  void block(const Block& b, int depth) {
    for (const auto& item : b.items) {
      switch (item->kind) {
        case Item::Kind::kField: field(*item->as_field(), depth); break;
        case Item::Kind::kArray: array(*item->as_array(), depth); break;
        case Item::Kind::kEmbedded: embedded(*item->as_embedded(), depth); break;
        case Item::Kind::kClassify: classify(*item->as_classify(), depth); break;
      }
    }
  }

  static std::string align(const Item& item) {
    return item.align ? fmt::format(" align({})", *item.align) : std::string();
  }

  static std::string pseudo(const std::optional<PseudoHeader>& h) {
    if (!h) return "";
    return fmt::format(" pseudo_header({}, {}, {})", h->source->name, h->destination->name, h->protocol->name);
  }

  void field(const Field& f, int depth) {
    const bool sg = f.type.is_signed;
    std::string text = fmt::format("field {}", f.name);
    if (f.accessor != f.name) text += fmt::format(" (as {})", f.accessor);
    text += fmt::format(": {}", f.type.spelling);
    if (f.type.kind == Type::Kind::kBits) {
      text += fmt::format(" bits {}..{} of {}", f.bit_offset, f.bit_offset + f.type.width - 1, f.run_bits);
    }
    if (f.type.kind == Type::Kind::kUint && f.type.width >= 16) {
      text += f.endian == Endian::kBig ? " big" : " little";
    }
    if (f.type.kind == Type::Kind::kCustom) text += fmt::format(" = {}", f.type.custom->cpp_type);
    if (f.value) text += fmt::format(" value({})", expr(*f.value));
    if (f.const_bytes) {
      text += fmt::format(" const({})", expr(*f.const_value));
    } else if (f.const_int) {
      text += fmt::format(" const({})", value_text(*f.const_int, sg));
    }
    if (f.default_int) text += fmt::format(" default({})", value_text(*f.default_int, sg));
    if (f.min_int) text += fmt::format(" min({})", value_text(*f.min_int, sg));
    if (f.max_int) text += fmt::format(" max({})", value_text(*f.max_int, sg));
    text += align(f);
    if (f.checksum) {
      switch (f.checksum->algorithm) {
        case Checksum::Algorithm::kInternet: text += " checksum(internet)"; break;
        case Checksum::Algorithm::kInternetRange:
          text += fmt::format(" checksum(internet, {})", f.checksum->end_label->name);
          break;
        case Checksum::Algorithm::kInternetPseudo:
          text += f.checksum->zero_means_none ? " checksum(udp)" : " checksum(internet_pseudo)";
          break;
      }
    }
    text += pseudo(f.pseudo_header);
    if (!f.sizes.empty()) {
      text += " sizes(";
      for (std::size_t i = 0; i < f.sizes.size(); ++i) text += (i ? ", " : "") + f.sizes[i]->name;
      text += ")";
    }
    line(depth, text);
    if (f.variant) {
      for (const VariantCase& c : f.variant->cases) {
        std::string values = c.low == c.high ? value_text(c.low, sg)
                                             : fmt::format("{}..{}", value_text(c.low, sg), value_text(c.high, sg));
        line(depth + 1, fmt::format("| {} {} {}", values, c.is_default ? "=>" : "->", c.name));
      }
    }
  }

  void array(const Array& a, int depth) {
    std::string_view kind = a.bound_kind == Array::Bound::kCount   ? "count"
                            : a.bound_kind == Array::Bound::kBytes ? "bytes"
                                                                   : "until";
    line(depth, fmt::format("array {}: {}({}){}", a.name, kind, a.bound ? expr(*a.bound) : "?", align(a)));
    block(a.element, depth + 1);
  }

  void embedded(const Embedded& e, int depth) {
    std::string args;
    for (const auto& arg : e.args) {
      if (!args.empty()) args += ", ";
      args += expr(*arg);
    }
    line(depth, fmt::format("embedded {}: packet {}({}){}{}{}", e.name, e.target ? e.target->name : "?", args,
                            e.size ? " size(" + expr(*e.size) + ")" : "", align(e), pseudo(e.pseudo_header)));
  }

  void classify(const Classify& c, int depth) {
    std::string_view kind = c.subject_kind == Classify::SubjectKind::kInteger   ? "integer"
                            : c.subject_kind == Classify::SubjectKind::kBoolean ? "boolean"
                                                                                : "string";
    std::string width = c.subject_kind == Classify::SubjectKind::kInteger ? fmt::format("/{}", c.subject_width) : "";
    line(depth, fmt::format("classify ({}) {}{}", c.subject ? expr(*c.subject) : "?", kind, width));
    for (const auto& kase : c.cases) {
      std::string match;
      switch (kase->match) {
        case ClassifyCase::Match::kInteger: match = value_text(kase->low, c.subject_signed); break;
        case ClassifyCase::Match::kRange:
          match = fmt::format("{}..{}", value_text(kase->low, c.subject_signed), value_text(kase->high, c.subject_signed));
          break;
        case ClassifyCase::Match::kBoolean: match = kase->boolean ? "true" : "false"; break;
        case ClassifyCase::Match::kString: {
          Expr s;
          s.kind = Expr::Kind::kString;
          s.string = kase->string;
          match = expr(s);
          break;
        }
        case ClassifyCase::Match::kWildcard: match = "_"; break;
      }
      std::string guard = kase->guard ? fmt::format(" when {}", expr(*kase->guard)) : "";
      line(depth + 1, fmt::format("case {} {}{}", match, kase->label, guard));
      block(kase->body, depth + 2);
    }
  }
};

}  // namespace

std::string value_text(std::uint64_t v, bool is_signed) {
  return is_signed ? std::to_string(static_cast<std::int64_t>(v)) : std::to_string(v);
}

std::string expr_text(const Expr& e) { return Analyzer::render(e); }

std::string classify_subject_name(const Classify& classify) {
  if (!classify.subject) return "";
  std::vector<std::string> names;
  auto collect = [&names](const Expr& e, auto& self) -> void {
    std::string name;
    if (e.kind == Expr::Kind::kFieldRef && e.field != nullptr) name = e.field->accessor;
    if (e.kind == Expr::Kind::kParamRef) name = e.string;
    if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    for (const auto& operand : e.operands) self(*operand, self);
  };
  collect(*classify.subject, collect);
  std::string joined;
  for (const std::string& n : names) joined += (joined.empty() ? "" : "_") + n;
  return joined;
}

std::string dump_model(const Model& model) {
  Dumper dumper;
  dumper.model(model);
  return dumper.out;
}

}  // namespace mplc::sema
