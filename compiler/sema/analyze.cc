// Semantic analysis: packets, statements, scopes and classify.
//
// Each packet is analysed in two walks. The first builds its items (names,
// kinds of types, blocks) so that a name can be told apart as "defined later"
// or "hidden in a classify branch" rather than merely unknown; the second
// resolves every expression and attribute in source order, with `scopes_`
// recording which blocks enclose the point being analysed and how far into
// each the analysis has come.
#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <set>

#include "sema/analyzer.h"
#include "sema/hints.h"

namespace mplc::sema {

namespace {

const std::vector<std::string> kBuiltinTypes = {"bit",  "byte",  "uint8", "uint16", "uint24", "uint32", "uint64",
                                                "int8", "int16", "int32", "int64",  "label"};

bool is_identifier(std::string_view text) {
  if (text.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!alpha(text[0])) return false;
  return std::all_of(text.begin(), text.end(), [&](char c) { return alpha(c) || digit(c); });
}

// A C++ type name such as `mpl::DnsName` or `::app::Blob`.
bool is_qualified_cpp_name(std::string_view text) {
  if (text.starts_with("::")) text.remove_prefix(2);
  while (true) {
    std::size_t sep = text.find("::");
    if (!is_identifier(text.substr(0, sep))) return false;
    if (sep == std::string_view::npos) return true;
    text.remove_prefix(sep + 2);
  }
}

bool has_const(const std::vector<ast::Attribute>& attributes) {
  return std::any_of(attributes.begin(), attributes.end(),
                     [](const ast::Attribute& a) { return a.kind == ast::Attribute::Kind::kConst; });
}

std::string_view subject_kind_name(Classify::SubjectKind kind) {
  switch (kind) {
    case Classify::SubjectKind::kInteger: return "an integer";
    case Classify::SubjectKind::kBoolean: return "a boolean";
    case Classify::SubjectKind::kString: return "a byte string";
  }
  return "an integer";
}

std::string_view match_kind_name(ClassifyCase::Match kind) {
  switch (kind) {
    case ClassifyCase::Match::kInteger: return "an integer";
    case ClassifyCase::Match::kRange: return "a range";
    case ClassifyCase::Match::kBoolean: return "a boolean";
    case ClassifyCase::Match::kString: return "a string";
    case ClassifyCase::Match::kWildcard: return "anything";
  }
  return "anything";
}

}  // namespace

std::unique_ptr<Model> analyze(const std::vector<const ast::File*>& files, FileId root,
                               Diagnostics& diagnostics) {
  Analyzer analyzer(diagnostics, root);
  return analyzer.run(files);
}

std::unique_ptr<Model> Analyzer::run(const std::vector<const ast::File*>& files) {
  for (const ast::File* file : files) register_custom_types(*file);
  for (const ast::File* file : files) register_packets(*file);
  for (std::size_t i = 0; i < model_->packets.size(); ++i) {
    packet_ = model_->packets[i].get();
    const ast::Packet& syntax = *order_[i];
    names_.clear();
    unknown_reported_.clear();
    scopes_.clear();
    lengths_.clear();
    value_fields_.clear();
    build_block(packet_->body, syntax.body);
    resolve_block(packet_->body, syntax.body);
    check_value_cycles(*packet_);
    check_cpp_names(*packet_);
    warn_unfilled_lengths();
  }
  packet_ = nullptr;
  check_embedding_cycles();
  return std::move(model_);
}

// ---------------------------------------------------------------- top level

void Analyzer::register_custom_types(const ast::File& file) {
  for (const ast::CustomType& syntax : file.custom_types) {
    if (std::find(kBuiltinTypes.begin(), kBuiltinTypes.end(), syntax.name) != kBuiltinTypes.end()) {
      diags_.error(syntax.range,
                   fmt::format("custom type '{}' clashes with the built-in type of that name", syntax.name));
      continue;
    }
    if (!is_qualified_cpp_name(syntax.cpp_type)) {
      diags_.error(syntax.range, fmt::format("custom type '{}' must name a C++ type such as \"ns::Type\", not \"{}\"",
                                             syntax.name, syntax.cpp_type));
      continue;
    }
    auto found = customs_.find(syntax.name);
    if (found != customs_.end()) {
      diags_.error(syntax.range, fmt::format("duplicate custom type '{}'", syntax.name));
      diags_.note(found->second->range, fmt::format("'{}' first defined here", syntax.name));
      continue;
    }
    auto custom = std::make_unique<CustomType>();
    custom->name = syntax.name;
    custom->cpp_type = syntax.cpp_type;
    custom->header = syntax.header;
    custom->file = file.file;
    custom->range = syntax.range;
    customs_[syntax.name] = custom.get();
    model_->custom_types.push_back(std::move(custom));
  }
}

// The six types the original Melange compiler built in, so that its specs
// compile unchanged. Each is an ordinary custom type of the runtime,
// declared on first use; every file's own `custom` declarations were
// registered before any type is resolved, so a spec declaring one of these
// names itself keeps its own type.
const CustomType* Analyzer::melange_builtin(const std::string& name) {
  struct Builtin {
    const char* name;
    const char* cpp_type;
    const char* header;
  };
  static constexpr Builtin kMelange[] = {
      {"dns_label", "mpl::dns_name_uncompressed", "mpl/dns.h"},
      {"dns_label_comp", "mpl::dns_name", "mpl/dns.h"},
      {"mpint", "mpl::ssh::mpint", "mpl/ssh.h"},
      {"string8", "mpl::melange::string8", "mpl/melange.h"},
      {"string32", "mpl::melange::string32", "mpl/melange.h"},
      {"boolean", "mpl::melange::boolean", "mpl/melange.h"},
  };
  for (const Builtin& b : kMelange) {
    if (name != b.name) continue;
    auto custom = std::make_unique<CustomType>();
    custom->name = b.name;
    custom->cpp_type = b.cpp_type;
    custom->header = b.header;
    custom->file = model_->root;
    const CustomType* result = custom.get();
    customs_[name] = custom.get();
    model_->custom_types.push_back(std::move(custom));
    return result;
  }
  return nullptr;
}

void Analyzer::register_packets(const ast::File& file) {
  for (const ast::Packet& syntax : file.packets) {
    auto packet = std::make_unique<Packet>();
    packet->name = syntax.name;
    packet->file = file.file;
    packet->in_root = file.file == model_->root;
    packet->range = syntax.name_range;
    packet->body.kind = Block::Kind::kPacketBody;
    packet->body.packet = packet.get();
    packet->endian = file.endian == ast::Endian::kLittle ? Endian::kLittle : Endian::kBig;
    for (const ast::Attribute& attribute : syntax.attributes) {
      if (attribute.kind != ast::Attribute::Kind::kEndian) {
        diags_.error(attribute.range, fmt::format("attribute '{}' is not allowed on a packet; only endian(...) is",
                                                  attribute_name(attribute.kind)));
        continue;
      }
      if (std::optional<Endian> endian = endian_argument(attribute)) packet->endian = *endian;
    }
    for (const ast::Parameter& p : syntax.parameters) {
      auto previous = std::find_if(packet->parameters.begin(), packet->parameters.end(),
                                   [&](const Parameter& q) { return q.name == p.name; });
      if (previous != packet->parameters.end()) {
        diags_.error(p.range, fmt::format("duplicate parameter '{}'", p.name));
        diags_.note(previous->range, fmt::format("'{}' first defined here", p.name));
        continue;
      }
      packet->parameters.push_back(
          {p.type == ast::Parameter::Type::kInt ? Parameter::Type::kInt : Parameter::Type::kBool, p.name, p.range});
    }
    auto found = packets_.find(syntax.name);
    if (found != packets_.end()) {
      diags_.error(syntax.name_range, fmt::format("duplicate packet '{}'", syntax.name));
      diags_.note(found->second->range, fmt::format("'{}' first defined here", syntax.name));
    } else {
      packets_[syntax.name] = packet.get();
    }
    order_.push_back(&syntax);
    model_->packets.push_back(std::move(packet));
  }
}

// ---------------------------------------------------------------- first walk

void Analyzer::build_block(Block& block, const ast::StatementList& statements) {
  // Per name, the items of this block and whether each is a const field.
  std::map<std::string, std::vector<std::pair<Item*, bool>>> local;
  std::vector<std::string> order;
  auto add = [&](std::unique_ptr<Item> item, bool is_const) {
    item->parent = &block;
    item->index = block.items.size();
    Item* raw = item.get();
    block.items.push_back(std::move(item));
    if (raw->kind == Item::Kind::kClassify) return;
    names_[raw->name].push_back(raw);
    auto& same = local[raw->name];
    if (same.empty()) order.push_back(raw->name);
    same.emplace_back(raw, is_const);
  };
  for (const ast::Statement& statement : statements) {
    if (const auto* syntax = std::get_if<ast::Field>(&statement.node)) {
      auto field = std::make_unique<Field>();
      field->name = syntax->name;
      field->accessor = syntax->name;
      field->range = syntax->name_range;
      resolve_type(*field, syntax->type, /*size_pass=*/false);
      add(std::move(field), has_const(syntax->attributes));
    } else if (const auto* array_syntax = std::get_if<ast::ArrayField>(&statement.node)) {
      auto array = std::make_unique<Array>();
      array->name = array_syntax->name;
      array->range = array_syntax->name_range;
      array->bound_kind = array_syntax->bound_kind == ast::ArrayField::Bound::kCount   ? Array::Bound::kCount
                          : array_syntax->bound_kind == ast::ArrayField::Bound::kBytes ? Array::Bound::kBytes
                                                                                 : Array::Bound::kUntil;
      array->element.kind = Block::Kind::kArrayElement;
      array->element.parent = &block;
      array->element.packet = block.packet;
      array->element.array = array.get();
      build_block(array->element, array_syntax->body);
      add(std::move(array), false);
    } else if (const auto* embedded_syntax = std::get_if<ast::EmbeddedPacket>(&statement.node)) {
      auto embedded = std::make_unique<Embedded>();
      embedded->name = embedded_syntax->name;
      embedded->range = embedded_syntax->name_range;
      add(std::move(embedded), false);
    } else if (const auto* classify_syntax = std::get_if<ast::Classify>(&statement.node)) {
      auto classify = std::make_unique<Classify>();
      classify->range = classify_syntax->range;
      for (const ast::ClassifyCase& case_syntax : classify_syntax->cases) {
        auto kase = std::make_unique<ClassifyCase>();
        kase->label = case_syntax.label;
        kase->label_range = case_syntax.label_range;
        kase->range = case_syntax.range;
        kase->classify = classify.get();
        kase->body.kind = Block::Kind::kClassifyCase;
        kase->body.parent = &block;
        kase->body.packet = block.packet;
        kase->body.classify_case = kase.get();
        build_block(kase->body, case_syntax.body);
        classify->cases.push_back(std::move(kase));
      }
      add(std::move(classify), false);
    }
  }

  for (const std::string& name : order) {
    const auto& same = local[name];
    for (const Parameter& p : packet_->parameters) {
      if (p.name != name) continue;
      diags_.error(same[0].first->range, fmt::format("field '{}' has the same name as a parameter", name));
      diags_.note(p.range, fmt::format("parameter '{}' defined here", name));
    }
    if (same.size() < 2) continue;
    bool padding = std::all_of(same.begin(), same.end(), [](const auto& s) { return s.second; });
    for (std::size_t i = 1; i < same.size(); ++i) {
      if (padding) {
        static_cast<Field*>(same[i].first)->accessor = fmt::format("{}_{}", name, i + 1);
        continue;
      }
      diags_.error(same[i].first->range, fmt::format("duplicate field '{}'", name));
      diags_.note(same[0].first->range, fmt::format("'{}' first defined here", name));
    }
  }
}

// Both walks call this: the first decides the kind of type, the second (with
// scopes in place) resolves the [size] expression.
void Analyzer::resolve_type(Field& field, const ast::TypeRef& syntax, bool size_pass) {
  Type& type = field.type;
  const std::string& name = syntax.name;
  if (!size_pass) {
    type.spelling = name;
    if (name == "bit") {
      type.kind = Type::Kind::kBits;
    } else if (name == "byte") {
      type.kind = syntax.size ? Type::Kind::kBytes : Type::Kind::kUint;
      type.width = 8;
    } else if (name == "uint8" || name == "uint16" || name == "uint32" || name == "uint64") {
      type.kind = Type::Kind::kUint;
      type.width = static_cast<std::uint32_t>(std::stoul(name.substr(4)));
    } else if (name == "int8" || name == "int16" || name == "int32" || name == "int64") {
      type.kind = Type::Kind::kUint;
      type.is_signed = true;
      type.width = static_cast<std::uint32_t>(std::stoul(name.substr(3)));
    } else if (name == "uint24") {
      // TLS's length type: a 24-bit big-endian integer, which is bit[24].
      type.kind = Type::Kind::kBits;
      type.width = 24;
    } else if (name == "label") {
      type.kind = Type::Kind::kLabel;
    } else if (auto custom = customs_.find(name); custom != customs_.end()) {
      type.kind = Type::Kind::kCustom;
      type.custom = custom->second;
    } else if (const CustomType* builtin = melange_builtin(name)) {
      type.kind = Type::Kind::kCustom;
      type.custom = builtin;
    } else {
      type.kind = Type::Kind::kError;
      std::string hint = unknown_type_hint(name);
      if (hint.empty() && diags_.will_show_error()) {
        // A suggestion costs a pass over every type: only for errors still shown.
        std::vector<std::string> candidates = kBuiltinTypes;
        candidates.insert(candidates.end(), {"dns_label", "dns_label_comp", "mpint", "string8", "string32", "boolean"});
        for (const auto& [custom_name, custom_type] : customs_) candidates.push_back(custom_name);
        const std::string suggestion = nearest_name(name, candidates);
        if (!suggestion.empty()) hint = fmt::format("; did you mean '{}'?", suggestion);
      }
      diags_.error(syntax.range, fmt::format("unknown type '{}'{}", name, hint));
    }
    return;
  }

  ExprContext context;
  context.owner = &field;
  switch (type.kind) {
    case Type::Kind::kBits: {
      if (syntax.name == "uint24") {
        if (syntax.size) diags_.error(syntax.size->range, "type 'uint24' takes no size");
        return;
      }
      if (!syntax.size) {
        diags_.error(syntax.range, "'bit' needs a width, e.g. bit[4]");
        type.kind = Type::Kind::kError;
        return;
      }
      ExprPtr width = resolve(*syntax.size, context);
      if (width->type == ExprType::kError) {
        type.kind = Type::Kind::kError;
        return;
      }
      if (!width->constant || *width->constant < 1 || *width->constant > 64) {
        diags_.error(syntax.size->range, "the width of a bit field must be a constant from 1 to 64");
        type.kind = Type::Kind::kError;
        return;
      }
      type.width = static_cast<std::uint32_t>(*width->constant);
      type.spelling = fmt::format("bit[{}]", type.width);
      return;
    }
    case Type::Kind::kBytes: {
      ExprPtr size = resolve(*syntax.size, context);
      if (size->type != ExprType::kInt && size->type != ExprType::kError) {
        diags_.error(size->range, fmt::format("the size of byte string '{}' must be an integer expression", field.name));
        size->type = ExprType::kError;
      }
      if (size->type == ExprType::kInt) note_lengths(*size, field);
      if (size->type == ExprType::kInt &&
          !constant_size_ok(*size, fmt::format("the size of byte string '{}'", field.name), "bytes")) {
        size->type = ExprType::kError;
      }
      type.spelling = fmt::format("byte[{}]", render(*size));
      type.size = std::move(size);
      return;
    }
    case Type::Kind::kError: return;
    default:
      if (syntax.size) {
        diags_.error(syntax.size->range, fmt::format("type '{}' takes no size", syntax.name));
      }
      return;
  }
}

// ---------------------------------------------------------------- second walk

void Analyzer::resolve_block(Block& block, const ast::StatementList& statements) {
  scopes_.push_back({&block, 0});
  std::size_t index = 0;
  for (const ast::Statement& statement : statements) {
    if (std::holds_alternative<ast::Empty>(statement.node)) continue;
    Item& item = *block.items[index];
    scopes_.back().position = index;
    if (const auto* syntax = std::get_if<ast::Field>(&statement.node)) {
      auto& field = static_cast<Field&>(item);
      field.endian = packet_->endian;
      resolve_type(field, syntax->type, /*size_pass=*/true);
      analyze_field_attributes(field, *syntax);
    } else if (const auto* array_syntax = std::get_if<ast::ArrayField>(&statement.node)) {
      resolve_array(static_cast<Array&>(item), *array_syntax);
    } else if (const auto* embedded_syntax = std::get_if<ast::EmbeddedPacket>(&statement.node)) {
      resolve_embedded(static_cast<Embedded&>(item), *embedded_syntax);
    } else if (const auto* classify_syntax = std::get_if<ast::Classify>(&statement.node)) {
      resolve_classify(static_cast<Classify&>(item), *classify_syntax);
    }
    ++index;
  }
  check_bit_runs(block);
  scopes_.pop_back();
}

void Analyzer::resolve_array(Array& array, const ast::ArrayField& syntax) {
  ExprContext context;
  context.owner = &array;
  if (array.bound_kind != Array::Bound::kUntil && syntax.bound) {
    array.bound = resolve(*syntax.bound, context);
    if (array.bound->type == ExprType::kInt) {
      note_lengths(*array.bound, array);
      bool count = array.bound_kind == Array::Bound::kCount;
      constant_size_ok(*array.bound, fmt::format("the {} of array '{}'", count ? "count" : "byte length", array.name),
                       count ? "elements" : "bytes");
    } else if (array.bound->type != ExprType::kError) {
      diags_.error(array.bound->range,
                   fmt::format("the {} of array '{}' must be an integer expression",
                               array.bound_kind == Array::Bound::kCount ? "count" : "byte length", array.name));
    }
  }
  resolve_block(array.element, syntax.body);
  if (array.bound_kind == Array::Bound::kUntil && syntax.bound) {
    // The condition reads the element just parsed: all its fields are visible.
    scopes_.push_back({&array.element, array.element.items.size()});
    array.bound = resolve(*syntax.bound, context);
    scopes_.pop_back();
    if (array.bound->type != ExprType::kError && !is_boolean(*array.bound)) {
      diags_.error(array.bound->range,
                   fmt::format("the condition of array '{}' must be a boolean expression", array.name));
    }
  }
  analyze_item_attributes(array, syntax.attributes);
}

void Analyzer::resolve_embedded(Embedded& embedded, const ast::EmbeddedPacket& syntax) {
  ExprContext context;
  context.owner = &embedded;
  for (const ast::ExprPtr& arg : syntax.args) embedded.args.push_back(resolve(*arg, context));
  auto found = packets_.find(syntax.packet);
  if (found == packets_.end()) {
    std::string suggestion;
    if (diags_.will_show_error()) {
      std::vector<std::string> candidates;
      for (const auto& [name, packet] : packets_) candidates.push_back(name);
      suggestion = nearest_name(syntax.packet, candidates);
    }
    diags_.error(syntax.packet_range,
                 suggestion.empty()
                     ? fmt::format("unknown packet '{}'", syntax.packet)
                     : fmt::format("unknown packet '{}'; did you mean '{}'?", syntax.packet, suggestion));
  } else {
    const Packet& target = *found->second;
    embedded.target = &target;
    if (embedded.args.size() != target.parameters.size()) {
      diags_.error(syntax.packet_range,
                   fmt::format("packet '{}' takes {} argument{}, {} given", target.name, target.parameters.size(),
                               target.parameters.size() == 1 ? "" : "s", embedded.args.size()));
      diags_.note(target.range, fmt::format("'{}' defined here", target.name));
    } else {
      for (std::size_t i = 0; i < embedded.args.size(); ++i) {
        const Expr& arg = *embedded.args[i];
        const Parameter& p = target.parameters[i];
        if (arg.type == ExprType::kError) continue;
        bool ok = p.type == Parameter::Type::kInt ? arg.type == ExprType::kInt : is_boolean(arg);
        if (!ok) {
          diags_.error(arg.range, fmt::format("argument {} of packet '{}' must be {} (parameter '{}')", i + 1,
                                              target.name,
                                              p.type == Parameter::Type::kInt ? "an integer" : "a boolean", p.name));
        }
      }
    }
  }
  analyze_item_attributes(embedded, syntax.attributes);
}

void Analyzer::resolve_classify(Classify& classify, const ast::Classify& syntax) {
  ExprContext context;
  context.owner = &classify;
  bool subject_ok = false;
  const ast::Expr& subject = *syntax.subject;
  if (subject.kind == ast::Expr::Kind::kName && names_.count(subject.text) != 0) {
    Item* item = lookup_item(subject.text, subject.range, context);
    const Field* field = item ? item->as_field() : nullptr;
    auto e = std::make_unique<Expr>();
    e->range = subject.range;
    e->kind = Expr::Kind::kError;
    e->type = ExprType::kError;
    if (item != nullptr && (field == nullptr || field->type.kind == Type::Kind::kLabel)) {
      diags_.error(subject.range, fmt::format("cannot classify on '{}': it is not a value field", subject.text));
    } else if (field != nullptr && field->type.kind != Type::Kind::kError) {
      e->kind = Expr::Kind::kFieldRef;
      e->field = field;
      static_cast<Field*>(item)->classified_by.push_back(&classify);
      subject_ok = true;
      if (field->type.is_integer()) {
        e->type = ExprType::kInt;
        classify.subject_kind = Classify::SubjectKind::kInteger;
        classify.subject_width = field->type.width;
        classify.subject_signed = field->type.is_signed;
      } else {
        e->type = ExprType::kString;
        classify.subject_kind = Classify::SubjectKind::kString;
      }
    }
    classify.subject = std::move(e);
  } else {
    classify.subject = resolve(subject, context);
    if (classify.subject->type == ExprType::kInt) {
      subject_ok = true;
      classify.subject_kind = Classify::SubjectKind::kInteger;
      classify.subject_signed = classify.subject->is_signed;
    } else if (classify.subject->type == ExprType::kBool) {
      subject_ok = true;
      classify.subject_kind = Classify::SubjectKind::kBoolean;
    } else if (classify.subject->type == ExprType::kString) {
      diags_.error(subject.range, "a classify subject must be a field, a parameter or an expression over them");
    }
  }

  if (classify.cases.empty()) {
    diags_.error(syntax.range, fmt::format("classify on '{}' has no cases; give it at least one, e.g. "
                                           "|_:\"Other\" -> ();",
                                           render(*classify.subject)));
  }
  std::map<std::string, const ClassifyCase*> labels;
  const ClassifyCase* wildcard = nullptr;
  bool reported_after_wildcard = false;
  std::vector<const ClassifyCase*> unguarded;
  for (std::size_t i = 0; i < classify.cases.size(); ++i) {
    ClassifyCase& kase = *classify.cases[i];
    const ast::ClassifyCase& case_syntax = syntax.cases[i];
    if (!is_identifier(kase.label)) {
      diags_.error(case_syntax.label_range, fmt::format("classify label \"{}\" is not an identifier", kase.label));
    } else if (auto found = labels.find(kase.label); found != labels.end()) {
      diags_.error(case_syntax.label_range, fmt::format("duplicate classify label '{}'", kase.label));
      diags_.note(found->second->label_range, fmt::format("'{}' first used here", kase.label));
    } else {
      labels[kase.label] = &kase;
    }
    if (wildcard != nullptr && !reported_after_wildcard) {
      reported_after_wildcard = true;
      diags_.error(kase.range, fmt::format("case '{}' comes after the '_' case and can never be taken", kase.label));
      diags_.note(wildcard->range, "the '_' case is here");
    }
    bool match_ok = true;
    if (!case_syntax.match) {
      kase.match = ClassifyCase::Match::kWildcard;
      if (wildcard == nullptr) wildcard = &kase;
    } else if (subject_ok) {
      std::size_t errors = diags_.error_count();
      resolve_case_match(classify, kase, case_syntax);
      match_ok = diags_.error_count() == errors;
    } else {
      match_ok = false;
    }
    if (case_syntax.guard) {
      kase.guard = resolve(*case_syntax.guard, context);
      if (kase.guard->type != ExprType::kError && !is_boolean(*kase.guard)) {
        diags_.error(kase.guard->range, fmt::format("the guard of case '{}' must be a boolean expression, not {}",
                                                    kase.label,
                                                    kase.guard->type == ExprType::kInt ? "an integer" : "a string"));
      }
    }
    if (match_ok && !kase.guard && kase.match != ClassifyCase::Match::kWildcard) {
      for (const ClassifyCase* earlier : unguarded) {
        bool overlap = false;
        switch (kase.match) {
          case ClassifyCase::Match::kInteger:
          case ClassifyCase::Match::kRange:
            overlap = (earlier->match == ClassifyCase::Match::kInteger ||
                       earlier->match == ClassifyCase::Match::kRange) &&
                      !value_less(earlier->high, kase.low, classify.subject_signed) &&
                      !value_less(kase.high, earlier->low, classify.subject_signed);
            break;
          case ClassifyCase::Match::kBoolean:
            overlap = earlier->match == ClassifyCase::Match::kBoolean && earlier->boolean == kase.boolean;
            break;
          case ClassifyCase::Match::kString:
            overlap = earlier->match == ClassifyCase::Match::kString && earlier->string == kase.string;
            break;
          case ClassifyCase::Match::kWildcard: break;
        }
        if (overlap) {
          diags_.error(kase.range, fmt::format("case '{}' overlaps the earlier case '{}' and is never taken for "
                                               "the values they share",
                                               kase.label, earlier->label));
          diags_.note(earlier->range, fmt::format("'{}' is here", earlier->label));
          break;
        }
      }
      unguarded.push_back(&kase);
    }
    resolve_block(kase.body, case_syntax.body);
  }
}

void Analyzer::resolve_case_match(Classify& classify, ClassifyCase& kase, const ast::ClassifyCase& syntax) {
  ExprContext context;
  context.owner = &classify;
  const ast::Expr& match = *syntax.match;
  if (match.kind == ast::Expr::Kind::kBinary && match.binary_op == ast::BinaryOp::kRange) {
    ExprPtr low = resolve(*match.operands[0], context);
    ExprPtr high = resolve(*match.operands[1], context);
    if (low->type == ExprType::kError || high->type == ExprType::kError) return;
    if (!low->constant || !high->constant) {
      diags_.error(match.range, "the bounds of a range match must be integer constants");
      return;
    }
    for (const Expr* bound : {low.get(), high.get()}) {
      if (!bound->negative || classify.subject_signed) continue;
      diags_.error(bound->range, fmt::format("the match of case '{}' is negative ({}); the subject is unsigned",
                                             kase.label, bound->signed_constant()));
      return;
    }
    kase.match = ClassifyCase::Match::kRange;
    kase.low = *low->constant;
    kase.high = *high->constant;
    if (!fits_match(classify, kase, *low) || !fits_match(classify, kase, *high)) return;
    if (value_less(kase.high, kase.low, classify.subject_signed)) {
      const std::string lo = value_text(kase.low, classify.subject_signed);
      const std::string hi = value_text(kase.high, classify.subject_signed);
      diags_.error(match.range, fmt::format("range {}..{} is empty: {} is greater than {}", lo, hi, lo, hi));
      return;
    }
  } else {
    ExprPtr e = resolve(match, context);
    if (e->type == ExprType::kError) return;
    if (e->kind == Expr::Kind::kString) {
      kase.match = ClassifyCase::Match::kString;
      kase.string = e->string;
    } else if (e->kind == Expr::Kind::kBoolean) {
      kase.match = ClassifyCase::Match::kBoolean;
      kase.boolean = e->boolean;
    } else if (e->constant && e->negative && !classify.subject_signed) {
      diags_.error(match.range, fmt::format("the match of case '{}' is negative ({}); the subject is unsigned",
                                            kase.label, e->signed_constant()));
      return;
    } else if (e->constant) {
      kase.match = ClassifyCase::Match::kInteger;
      kase.low = kase.high = *e->constant;
      if (!fits_match(classify, kase, *e)) return;
    } else {
      diags_.error(match.range, fmt::format("the match of case '{}' must be a constant", kase.label));
      return;
    }
  }
  bool fits_kind = false;
  switch (classify.subject_kind) {
    case Classify::SubjectKind::kInteger:
      // A bit[1] field may be matched with true/false as well as 0/1.
      fits_kind = kase.match == ClassifyCase::Match::kInteger || kase.match == ClassifyCase::Match::kRange ||
                  (kase.match == ClassifyCase::Match::kBoolean && classify.subject_width == 1);
      break;
    case Classify::SubjectKind::kBoolean: fits_kind = kase.match == ClassifyCase::Match::kBoolean; break;
    case Classify::SubjectKind::kString: fits_kind = kase.match == ClassifyCase::Match::kString; break;
  }
  if (!fits_kind) {
    diags_.error(match.range, fmt::format("case '{}' matches {}, but the subject '{}' is {}", kase.label,
                                          match_kind_name(kase.match), render(*classify.subject),
                                          subject_kind_name(classify.subject_kind)));
    return;
  }
  if ((kase.match == ClassifyCase::Match::kInteger || kase.match == ClassifyCase::Match::kRange) &&
      !classify.subject_signed && !fits(kase.high, classify.subject_width)) {
    diags_.error(match.range, fmt::format("match value {} of case '{}' does not fit the {}-bit subject '{}'",
                                          kase.high, kase.label, classify.subject_width, render(*classify.subject)));
  }
}

// A match on a signed subject must be a value of its type (the unsigned
// case is checked once the match kind is known).
bool Analyzer::fits_match(const Classify& classify, const ClassifyCase& kase, const Expr& bound) {
  if (!classify.subject_signed || fits_constant(bound, classify.subject_width, true)) return true;
  diags_.error(bound.range, fmt::format("match value {} of case '{}' does not fit the {}-bit signed subject '{}' ({})",
                                        value_text(*bound.constant, bound.negative), kase.label,
                                        classify.subject_width, render(*classify.subject),
                                        range_text(classify.subject_width, true)));
  return false;
}

std::string Analyzer::range_text(std::uint32_t bits, bool is_signed) {
  if (is_signed) {
    const std::int64_t half_minus_one = bits >= 64 ? INT64_MAX : (std::int64_t{1} << (bits - 1)) - 1;
    return fmt::format("{}..{}", -half_minus_one - 1, half_minus_one);
  }
  return fmt::format("0..{}", bits >= 64 ? UINT64_MAX : (std::uint64_t{1} << bits) - 1);
}

// A constant size or count must be neither negative nor absurdly large: a
// wrapped -1 would otherwise reach the generated code as 2^64 - 1.
bool Analyzer::constant_size_ok(const Expr& e, const std::string& what, std::string_view unit) {
  if (!e.constant) return true;
  if (e.negative) {
    diags_.error(e.range, fmt::format("{} is negative ({})", what, e.signed_constant()));
    return false;
  }
  if (*e.constant > kMaxConstantSize) {
    diags_.error(e.range, fmt::format("{} is {} {}, more than the limit of {}", what, *e.constant, unit,
                                      kMaxConstantSize));
    return false;
  }
  return true;
}

// ---------------------------------------------------------------- whole-block checks

void Analyzer::check_bit_runs(Block& block) {
  std::vector<Field*> run;
  bool poisoned = false;
  auto close = [&]() {
    std::uint32_t bits = 0;
    for (Field* f : run) bits += f->type.width;
    std::uint32_t offset = 0;
    for (Field* f : run) {
      f->bit_offset = offset;
      f->run_bits = bits;
      f->run_start = f == run.front();
      offset += f->type.width;
    }
    if (!run.empty() && bits % 8 != 0 && !poisoned) {
      SourceRange range = run.front()->range;
      if (run.back()->range.file == range.file) range.end = run.back()->range.end;
      diags_.error(range, run.size() == 1
                              ? fmt::format("bit field '{}' ({} bits) does not complete a byte; add bit fields to "
                                            "make a multiple of 8",
                                            run.front()->name, bits)
                              : fmt::format("bit fields '{}' to '{}' ({} bits) do not complete a byte; add bit "
                                            "fields to make a multiple of 8",
                                            run.front()->name, run.back()->name, bits));
    }
    run.clear();
    poisoned = false;
  };
  for (auto& item : block.items) {
    const Field* field = item->as_field();
    if (field != nullptr && field->type.kind == Type::Kind::kBits) {
      run.push_back(static_cast<Field*>(item.get()));
    } else if (field != nullptr && field->type.kind == Type::Kind::kError) {
      poisoned = true;
    } else {
      close();
    }
  }
  close();
}

void Analyzer::check_value_cycles(Packet& packet) {
  (void)packet;
  // Depth-first search over "value of A reads B" where B also has a value.
  std::map<const Field*, int> state;  // 0 new, 1 on the stack, 2 done
  std::vector<const Field*> stack;
  std::set<const Field*> reported;
  std::function<void(const Field*)> visit = [&](const Field* field) {
    state[field] = 1;
    stack.push_back(field);
    std::vector<const Field*> deps;
    std::function<void(const Expr&)> collect = [&](const Expr& e) {
      if (e.kind == Expr::Kind::kFieldRef && e.field->value) deps.push_back(e.field);
      for (const auto& op : e.operands) collect(*op);
    };
    collect(*field->value);
    for (const Field* dep : deps) {
      if (state[dep] == 1) {
        auto start = std::find(stack.begin(), stack.end(), dep);
        if (reported.count(dep) != 0) continue;
        std::string path;
        for (auto it = start; it != stack.end(); ++it) {
          path += (*it)->name + " -> ";
          reported.insert(*it);
        }
        path += dep->name;
        diags_.error(dep->value->range, fmt::format("value(...) of '{}' cannot be computed by the builder: it "
                                                    "depends on itself ({})",
                                                    dep->name, path));
      } else if (state[dep] == 0) {
        visit(dep);
      }
    }
    stack.pop_back();
    state[field] = 2;
  };
  for (const Field* field : value_fields_) {
    if (state[field] == 0) visit(field);
  }
}

void Analyzer::note_lengths(const Expr& bound, const Item& sized) {
  if (bound.kind == Expr::Kind::kFieldRef) {
    lengths_.push_back({const_cast<Field*>(bound.field), &sized});
    return;
  }
  if (bound.kind != Expr::Kind::kUnary && bound.kind != Expr::Kind::kBinary) return;
  for (const auto& op : bound.operands) note_lengths(*op, sized);
}

void Analyzer::warn_unfilled_lengths() {
  std::set<const Field*> warned;
  for (auto [field, sized] : lengths_) {
    field->sizes.push_back(sized);
    if (field->value || field->const_value || warned.count(field) != 0) continue;
    warned.insert(field);
    const Array* array = sized->as_array();
    std::string fix = array != nullptr && array->bound_kind == Array::Bound::kCount
                          ? fmt::format("value(array_length({}))", sized->name)
                          : fmt::format("value(sizeof({}))", sized->name);
    diags_.warning(field->range, fmt::format("length field '{}' has no value(...): the builder cannot fill it; "
                                             "consider {}",
                                             field->name, fix));
  }
}

}  // namespace mplc::sema
