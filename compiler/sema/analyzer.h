// Internal to semantic analysis: the analyser's state, shared by the files
// that implement its parts (analyze.cc: packets, statements and scopes;
// expr.cc: expressions and name lookup; attributes.cc: field attributes).
#pragma once

#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

#include "sema/analyze.h"
#include "sema/model.h"
#include "support/diagnostics.h"
#include "syntax/ast.h"

namespace mplc::sema {

// Where an expression is being resolved; decides which names it may use.
struct ExprContext {
  // value(...) and checksum end labels may name fields defined later.
  bool allow_later = false;
  // value(...) may not use remaining(): the builder has no region end yet.
  bool in_value = false;
  // size(...) may not use remaining(): a sized region ends where its size says.
  bool in_size = false;
  // The item whose attribute or bound is being resolved (for messages).
  const Item* owner = nullptr;
};

// The name an attribute is written with (for messages).
std::string_view attribute_name(ast::Attribute::Kind kind);

class Analyzer {
 public:
  Analyzer(Diagnostics& diagnostics, FileId root) : diags_(diagnostics) {
    model_ = std::make_unique<Model>();
    model_->root = root;
  }

  std::unique_ptr<Model> run(const std::vector<const ast::File*>& files);

  // ---- expr.cc
  ExprPtr resolve(const ast::Expr& expr, const ExprContext& context);
  // Resolves a name to a visible item of the current packet, reporting
  // unknown / not yet defined / not visible names. Null after an error.
  Item* lookup_item(const std::string& name, SourceRange range, const ExprContext& context);
  // Whether `expr` may be used where a boolean is expected (bool, or a bit[1] field).
  static bool is_boolean(const Expr& expr);
  static std::string render(const Expr& expr);

  // ---- attributes.cc
  void analyze_field_attributes(Field& field, const ast::Field& syntax);
  void check_fixed_values_within_bounds(const Field& field);
  void analyze_item_attributes(Item& item, const std::vector<ast::Attribute>& attributes);
  // endian(big|little)'s argument; nullopt (after an error) if malformed.
  std::optional<Endian> endian_argument(const ast::Attribute& attribute);
  std::optional<std::uint32_t> align_argument(const ast::Attribute& attribute, const Item& item);
  std::optional<PseudoHeader> pseudo_header(const ast::Attribute& attribute);
  // size(n) of `item`, typed and checked; null (after an error) if malformed.
  ExprPtr size_argument(const ast::Attribute& attribute, const Item& item, const std::string& what);

  // Whether `value` fits in `bits` unsigned bits.
  static bool fits(std::uint64_t value, std::uint32_t bits) {
    return bits >= 64 || value < (std::uint64_t{1} << bits);
  }
  // Whether constant `e` (value modulo 2^64 and its sign) fits an integer of
  // `bits` bits, two's complement when `is_signed`.
  static bool fits_constant(const Expr& e, std::uint32_t bits, bool is_signed) {
    if (!is_signed) return !e.negative && fits(*e.constant, bits);
    const auto v = static_cast<std::int64_t>(*e.constant);
    if (!e.negative && *e.constant > static_cast<std::uint64_t>(INT64_MAX)) return false;
    if (bits >= 64) return true;
    const std::int64_t half = std::int64_t{1} << (bits - 1);
    return v >= -half && v < half;
  }
  // "-128..127" / "0..255": the values an integer of `bits` bits holds.
  static std::string range_text(std::uint32_t bits, bool is_signed);
  bool fits_match(const Classify& classify, const ClassifyCase& kase, const Expr& bound);

 private:
  friend class ExprResolver;

  // ---- analyze.cc
  void register_custom_types(const ast::File& file);
  void register_packets(const ast::File& file);
  const CustomType* melange_builtin(const std::string& name);
  void build_block(Block& block, const ast::StatementList& statements);
  void resolve_block(Block& block, const ast::StatementList& statements);
  void resolve_type(Field& field, const ast::TypeRef& type, bool size_pass);
  void resolve_array(Array& array, const ast::ArrayField& syntax);
  void resolve_embedded(Embedded& embedded, const ast::EmbeddedPacket& syntax);
  void resolve_classify(Classify& classify, const ast::Classify& syntax);
  void resolve_case_match(Classify& classify, ClassifyCase& kase, const ast::ClassifyCase& syntax);
  bool constant_size_ok(const Expr& e, const std::string& what, std::string_view unit);
  void check_duplicates(Block& block);
  void check_bit_runs(Block& block);
  void check_value_cycles(Packet& packet);
  void note_lengths(const Expr& bound, const Item& sized);
  void warn_unfilled_lengths();
  void check_embedding_cycles();  // embedding.cc
  void check_cpp_names(const Packet& packet);  // cpp_collisions.cc

 public:
  Diagnostics& diags_;
  std::unique_ptr<Model> model_;
  std::map<std::string, Packet*> packets_;
  std::map<std::string, const ast::Packet*> packet_syntax_;
  std::map<std::string, CustomType*> customs_;
  // The syntax of model_->packets[i].
  std::vector<const ast::Packet*> order_;

  // The packet being analysed and every named item in it, by name.
  Packet* packet_ = nullptr;
  std::map<std::string, std::vector<Item*>> names_;
  // The blocks enclosing the point being analysed, outermost first, each with
  // the index of the item being analysed in it.
  struct Scope {
    Block* block;
    std::size_t position;
  };
  std::vector<Scope> scopes_;
  std::set<std::string> unknown_reported_;
  // Length fields whose size/bound uses need a value(); in report order.
  std::vector<std::pair<Field*, const Item*>> lengths_;
  std::vector<Field*> value_fields_;
};

}  // namespace mplc::sema
