// Generated names: one place decides them so every generator agrees.
#include <fmt/format.h>

#include "codegen/emitter.h"

namespace mplc::codegen {

namespace {

// Names visible in the packet namespace, so that entity names from
// different scopes of one packet (a label used by two classifies, a field
// name repeated in two branches) stay distinct.
class NameTable {
 public:
  // `base` if free; otherwise `qualifier_base`, then numbered.
  std::string claim(const std::string& base, const std::string& qualifier) {
    std::string name = base;
    if (taken_.count(name) != 0 && !qualifier.empty()) name = qualifier + "_" + base;
    for (int n = 2; taken_.count(name) != 0; ++n) name = fmt::format("{}_{}", base, n);
    taken_.insert(name);
    return name;
  }

 private:
  std::set<std::string> taken_{"view", "mutable_view", "builder", "parse", "parse_mutable", "frame"};
};

// A qualifier naming the scope of a block: the array or branch label it sits in.
std::string scope_of(const sema::Block& block) {
  if (block.kind == sema::Block::Kind::kArrayElement) return block.array->name;
  if (block.kind == sema::Block::Kind::kClassifyCase) return block.classify_case->label;
  return "";
}

std::string subject_name(const sema::Classify& classify, int index) {
  if (classify.subject && classify.subject->kind == sema::Expr::Kind::kFieldRef) {
    return classify.subject->field->accessor;
  }
  return fmt::format("classify{}", index);
}

// Whether another classify of `block` has a case labelled `label`.
bool label_in_sibling(const sema::Block& block, const sema::Classify& classify, const std::string& label) {
  for (const auto& other : block.items) {
    const auto* c = other->as_classify();
    if (c == nullptr || c == &classify) continue;
    for (const auto& k : c->cases) {
      if (k->label == label) return true;
    }
  }
  return false;
}

struct Walker {
  PacketNames& names;
  NameTable table;
  int classify_count = 0;
  std::map<const sema::Block*, NameTable> block_members;

  void walk(const sema::Block& block) {
    for (const auto& owned : block.items) {
      if (const auto* field = owned->as_field()) {
        if (field->variant) names.variant_enum[field] = table.claim(Emitter::member(*field) + "_t", scope_of(block));
      } else if (const auto* array = owned->as_array()) {
        names.element_view[array] = table.claim(array->name + "_element", scope_of(block));
        names.element_builder[array] = table.claim(array->name + "_element_builder", scope_of(block));
        names.range[array] = table.claim(array->name + "_range", scope_of(block));
        walk(array->element);
      } else if (const auto* classify = owned->as_classify()) {
        const std::string subject = subject_name(*classify, classify_count++);
        names.case_accessor[classify] = table.claim(subject + "_case", scope_of(block));
        names.case_enum[classify] = names.case_accessor[classify] + "_t";
        int in_block = 0;
        for (const auto& other : block.items) in_block += other->as_classify() != nullptr ? 1 : 0;
        // Members of one class (the block's view or builder) must differ
        // between sibling classifies, even two over the same subject.
        NameTable& members = block_members[&block];
        names.builder_member[classify] = members.claim(in_block == 1 ? "body" : subject + "_body", "");
        for (const auto& kase : classify->cases) {
          names.branch_view[kase.get()] = table.claim(kase->label + "_view", subject);
          names.branch_builder[kase.get()] = table.claim(kase->label, subject);
          const bool shared = label_in_sibling(block, *classify, kase->label);
          names.case_as[kase.get()] = members.claim(shared ? "as_" + subject + "_" + kase->label : "as_" + kase->label, "");
        }
        for (const auto& kase : classify->cases) walk(kase->body);
      }
    }
  }
};

}  // namespace

void Emitter::decide_names(const sema::Packet& packet) {
  names_ = PacketNames{};
  Walker walker{names_, {}, 0, {}};
  walker.walk(packet.body);
}

// Spec names that would not compile as C++ member names: the language's
// keywords, and the standard macros a generated header may meet in a user's
// translation unit (errno, and glibc's major()/minor() from
// <sys/sysmacros.h>, both real 9P field names). They get a trailing '_'.
bool is_cpp_reserved(const std::string& name) {
  static const std::set<std::string> reserved{
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case",
      "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const",
      "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await", "co_return",
      "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum",
      "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int",
      "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or",
      "or_eq", "private", "protected", "public", "register", "reinterpret_cast", "requires", "return",
      "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct", "switch",
      "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
      "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
      "errno", "assert", "major", "minor", "makedev", "NULL", "EOF", "stdin", "stdout", "stderr",
      "offsetof", "setjmp", "va_arg", "va_start", "va_end", "linux", "unix"};
  return reserved.count(name) != 0;
}

namespace {

// Names the generated views and builders use for members of their own.
bool is_generated_member(const std::string& name) {
  static const std::set<std::string> generated{"size",    "bytes", "write",  "wire",   "from",  "data_",
                                               "size_",   "region_", "pkt_off_", "off_", "count_", "case_",
                                               "origin_", "validate_"};
  return generated.count(name) != 0;
}

}  // namespace

std::string Emitter::member(const sema::Item& item) {
  const auto* field = item.as_field();
  const std::string& name = field != nullptr ? field->accessor : item.name;
  if (is_generated_member(name)) return name + "_field";
  if (is_cpp_reserved(name)) return name + "_";
  return name;
}

std::string Emitter::param_name(const sema::Parameter& p) {
  if (is_generated_member(p.name)) return p.name + "_param";
  if (is_cpp_reserved(p.name)) return p.name + "_";
  return p.name;
}

const char* Emitter::param_type(const sema::Parameter& p) {
  return p.type == sema::Parameter::Type::kBool ? "bool" : "std::uint64_t";
}

std::string Emitter::param_list(const sema::Packet& packet) {
  std::string list;
  for (const auto& p : packet.parameters) list += fmt::format(", {} {}", param_type(p), param_name(p));
  return list;
}

std::string Emitter::param_args(const sema::Packet& packet) {
  std::string list;
  for (const auto& p : packet.parameters) list += ", " + param_name(p);
  return list;
}

std::string Emitter::embedded_member(const sema::Item& item) const {
  const auto& items = layout_.frame_of(item).items;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i] == &item) return fmt::format("e{}_", i);
  }
  return "e_";
}

std::string Emitter::uint_type(std::uint32_t bits) {
  if (bits <= 8) return "std::uint8_t";
  if (bits <= 16) return "std::uint16_t";
  if (bits <= 32) return "std::uint32_t";
  return "std::uint64_t";
}

std::string Emitter::value_type(const sema::Field& field) const {
  if (field.variant) return names_.variant_enum.at(&field);
  return uint_type(field.type.width);
}

// --namespace names the namespace of the spec and of the specs it imports
// alike: add_mpl_spec(NAMESPACE) compiles every spec of a target with it, so
// an imported packet lives in the same namespace as the importing one.
std::string Emitter::namespace_of(const sema::Packet& packet) const {
  if (!options_.cpp_namespace.empty()) return options_.cpp_namespace;
  return default_namespace(diags_.sources().path(packet.file));
}

std::string Emitter::qualified_packet(const sema::Packet& packet) const {
  return fmt::format("::{}::{}", namespace_of(packet), packet.name);
}

bool Emitter::in_element(const sema::Item& item) const {
  return layout_.frame_of(item).array != nullptr;
}

std::string Emitter::field_path(const sema::Item& item) const {
  std::string path = item.name;
  if (const auto* c = item.as_classify()) {
    path = c->subject && c->subject->kind == sema::Expr::Kind::kFieldRef ? c->subject->field->name : "classify";
  }
  for (const sema::Block* b = item.parent; b != nullptr; b = b->parent) {
    if (b->kind == sema::Block::Kind::kArrayElement) path = b->array->name + "." + path;
  }
  return item.packet().name + "." + path;
}

void Emitter::unsupported(const sema::Item& item, const std::string& what) {
  diags_.error(item.range, "code generation does not support " + what);
}

}  // namespace mplc::codegen
