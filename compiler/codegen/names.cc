// C++ spellings the generators share (types, qualified names, paths); the
// names of generated entities are decided once, in plan/names.cc.
#include <fmt/format.h>

#include "codegen/emitter.h"

namespace mplc::codegen {

std::string Emitter::member(const sema::Item& item) { return plan::member_name(item); }

std::string Emitter::param_name(const sema::Parameter& p) { return plan::param_name(p); }

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

std::uint64_t signed_min_pattern(std::uint32_t bits) {
  return bits >= 64 ? std::uint64_t{1} << 63 : ~std::uint64_t{0} << (bits - 1);
}

std::uint64_t signed_max_pattern(std::uint32_t bits) { return ~signed_min_pattern(bits); }

std::string signed_literal(std::uint64_t v, bool is_signed) {
  if (!is_signed) return std::to_string(v);
  if (v == std::uint64_t{1} << 63) return "(-9223372036854775807 - 1)";
  return std::to_string(static_cast<std::int64_t>(v));
}

std::string Emitter::int_type(std::uint32_t bits) {
  return "std::int" + uint_type(bits).substr(9);
}

std::string Emitter::value_type(const sema::Field& field) const {
  if (field.variant) return names_.variant_enum.at(&field);
  if (field.type.is_signed) return int_type(field.type.width);
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
