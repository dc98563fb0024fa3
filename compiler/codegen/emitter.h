// Internal to code generation: the state shared by the per-entity generators
// (views and validation: view_gen.cc, validate_gen.cc; builders:
// builder_gen.cc, builder_walk_gen.cc, builder_checks_gen.cc,
// builder_from_gen.cc; mutable views: mutable_gen.cc; names and expressions:
// names.cc, expr_gen.cc). generate.cc drives them packet by packet.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "codegen/generate.h"
#include "codegen/printer.h"
#include "layout/layout.h"
#include "plan/plan.h"
#include "sema/model.h"
#include "support/diagnostics.h"

namespace mplc::codegen {

// Decided by the plan (plan/names.cc, plan/captures.cc).
using PacketNames = plan::PacketNames;
using Capture = plan::Capture;

// How expressions reach the values they name, in one generated context.
struct ExprEnv {
  std::function<std::string(const sema::Field&)> field;
  std::function<std::string(std::size_t)> param;
  std::function<std::string(const sema::Item&)> offset;        // end of item, from the packet start
  std::function<std::string(const sema::Item&)> size_of;
  std::function<std::string(const sema::Item&)> array_length;
  std::function<std::string()> remaining;
};

class Emitter {
 public:
  Emitter(const plan::Plan& plan, const CodegenOptions& options, Diagnostics& diagnostics)
      : model_(plan.model()), plan_(plan), layout_(plan.layout()), options_(options), diags_(diagnostics) {}

  std::string run();

  // ---- names.cc
  const PacketNames& names() const { return names_; }
  static std::string uint_type(std::uint32_t bits);
  static std::string int_type(std::uint32_t bits);  // std::int8_t..std::int64_t
  std::string value_type(const sema::Field& field) const;  // accessor type of an integer field
  std::string namespace_of(const sema::Packet& packet) const;
  std::string qualified_packet(const sema::Packet& packet) const;  // "::icmp::icmp"
  std::string field_path(const sema::Item& item) const;            // "ipv4.options"
  bool in_element(const sema::Item& item) const;

  // ---- expr_gen.cc
  std::string expr(const sema::Expr& e, const ExprEnv& env);
  // For validation: one check per divisor in `e` that is not a constant, so
  // a size or bound divided by a zero field is an error, not a size of 0.
  void divisor_checks(const sema::Expr& e, const ExprEnv& env, const std::string& at, const std::string& path);
  // For validation: a negative size or count `n` from a signed expression is a bad_length.
  void negative_size_check(const sema::Expr& size, const std::string& at, const std::string& path);
  // The load of an integer field's raw value, as its value_type.
  std::string load(const sema::Field& field, const std::string& prefix) const;
  std::string field_start(const sema::Field& field, const std::string& prefix) const;
  std::string load_raw(const sema::Field& field, const std::string& prefix) const;  // as uint of the width
  // As a std::uint64_t, the way expressions see it: sign-extended if signed.
  std::string load_wide(const sema::Field& field, const std::string& prefix) const;
  std::string pos(const layout::Position& p, const std::string& prefix) const {
    return layout::position_text(p, prefix);
  }
  ExprEnv view_env(const layout::Frame& frame, const std::string& prefix);
  // The value of capture `c` (plan.h) as code of frame `from`
  // reached through `prefix`: a load of the frame's own field, else the
  // copy `from` carries itself.
  std::string capture_value(const Capture& c, const layout::Frame& from, const std::string& prefix) const;
  void unsupported(const sema::Item& item, const std::string& what);

  // ---- view_gen.cc
  void emit_enums(const sema::Packet& packet);
  void emit_frame_view(const layout::Frame& frame);
  void emit_block_accessors(const layout::Frame& frame, const sema::Block& block, const std::string& prefix);
  void emit_branch_views(const layout::Frame& frame, const sema::Block& block);
  void emit_range(const sema::Array& array);
  void emit_element_context(const layout::Frame& frame);
  void emit_offset_constants(const layout::Frame& frame);

  // ---- validate_gen.cc
  void emit_validate(const layout::Frame& frame);
  // The steps of a validation program (plan.h, Check), in order.
  void emit_validate_program(const layout::Frame& frame, const std::vector<plan::Check>& program);
  void emit_const_check(const sema::Field& field, const std::string& start, const std::string& path);
  void emit_range_check(const sema::Field& field, const std::string& start, const std::string& path);
  void emit_custom_check(const sema::Field& field, const std::string& start, const std::string& path);
  void emit_classify_check(const layout::Frame& frame, const plan::Check& check, const ExprEnv& env);
  void emit_sized_embedded_check(const plan::Check& check, const ExprEnv& env);
  void emit_check(const layout::Frame& frame, const sema::Item& item, const layout::Position& at,
                  std::uint64_t bytes);
  // An array's validation loop, as the out-of-line member array_validator(item) of `cls`.
  void emit_validate_array(const layout::Frame& frame, const std::string& cls, const sema::Item& item);
  std::string array_validator(const sema::Item& item) const;

  // ---- parse_as_gen.cc: P::parse_as<Case>(), validate_'s AsSlot/AsCase checks.
  void emit_parse_as(const sema::Packet& packet);
  // Whether `block` of `frame` is a packet's own block, whose classifies parse_as can force.
  bool parse_as_target(const layout::Frame& frame, const sema::Block& block) const;
  // In validate_, after the subject `sv` of `classify` is computed.
  void emit_parse_as_checks(const layout::Frame& frame, const sema::Classify& classify, const std::string& sv);

  // ---- builder_gen.cc
  void emit_builders(const sema::Packet& packet);
  void emit_frame_builder(const layout::Frame& frame);
  void emit_builder_params(const sema::Packet& packet);
  void emit_takes_rest(const layout::Frame& frame);  // builder_checks_gen.cc

  // ---- fuzz_gen.cc: `mplc --emit=fuzz`; `header` is what the harness includes.
  std::string run_fuzz(const std::string& header);
  void emit_walks(const sema::Packet& packet, bool define);
  // `packet_exact`: C++ constant, whether `block`'s packet rebuilds byte for byte.
  void emit_walk_block(const sema::Block& block, const std::string& packet_exact);

  // ---- property_gen.cc (with property_writer.h, property_fill_gen.cc):
  // `mplc --emit=property`; `header` is what the test includes.
  std::string run_property(const std::string& header);

  // ---- mutable_gen.cc
  void emit_mutable_view(const sema::Packet& packet);
  void emit_field_setters(const sema::Field& f, const std::string& p);
  void emit_mutable_cases(const sema::Block& block);
  void emit_mutable_case_accessors(const sema::Block& block, const std::string& p, const std::string& self);
  void emit_recompute(const sema::Field& checksum, const std::string& p);

  // The accessor / builder member name of an item: its name, or name + "_field"
  // when that would collide with a member every view or builder has.
  static std::string member(const sema::Item& item);
  // A packet parameter in C++: its name (mangled as member() mangles field
  // names, with "_param" for a generated member's name), its type, and the
  // ", type name..." / ", name..." lists parse() and validate_() take.
  static std::string param_name(const sema::Parameter& p);
  static const char* param_type(const sema::Parameter& p);
  static std::string param_list(const sema::Packet& packet);
  static std::string param_args(const sema::Packet& packet);
  // The member of a frame view holding an embedded packet's view.
  std::string embedded_member(const sema::Item& item) const;
  // The start position a remaining() in the expression being rendered counts from.
  std::string remaining_at_ = "0";

  Printer& out() { return out_; }
  const plan::Plan& plan() const { return plan_; }
  const layout::Layout& layout() const { return layout_; }
  const CodegenOptions& options() const { return options_; }
  bool per_field() const { return options_.bounds_checks == CodegenOptions::BoundsChecks::kPerField; }

 private:
  void emit_banner();
  void emit_packet(const sema::Packet& packet);
  void emit_builder_block_members(const layout::Frame& frame, const sema::Block& block);
  void emit_builder_branch_structs(const layout::Frame& frame, const sema::Block& block);
  void emit_from(const std::string& cls, const std::string& view_cls, const sema::Block& block,
                 const sema::Packet* parameters_of = nullptr);
  void emit_from_fill(const sema::Block& block);
  void emit_builder_size(const layout::Frame& frame);
  void emit_builder_write(const layout::Frame& frame);

  const sema::Model& model_;
  const plan::Plan& plan_;
  const layout::Layout& layout_;
  const CodegenOptions& options_;
  Diagnostics& diags_;
  Printer out_;
  PacketNames names_;
  const sema::Packet* packet_ = nullptr;
  // Arrays met by emit_validate_program, whose loops emit_validate writes after validate_.
  std::vector<const sema::Item*> pending_arrays_;
  // Lines of validate_ written by emit_parse_as_checks, which the inlining
  // decision leaves out.
  std::size_t parse_as_lines_ = 0;
  // Whether the current packet's validate_ is always inlined (then so is parse()).
  bool inline_validate_ = false;
};

// ---- names.cc: signed values (stored as two's complement patterns).
// The patterns of the smallest and largest `bits`-bit signed value.
std::uint64_t signed_min_pattern(std::uint32_t bits);
std::uint64_t signed_max_pattern(std::uint32_t bits);
// `v` as a C++ integer literal: signed if `is_signed` (INT64_MIN spelled so
// that it is one), else with no suffix.
std::string signed_literal(std::uint64_t v, bool is_signed);

// ---- validate_gen.cc: C++ for "case `kase` matches `subject`".
std::string case_condition(const sema::ClassifyCase& kase, const std::string& subject);

// ---- parse_as_gen.cc: the classifies of a packet's own block (parse_as<Case>() can force them).
std::vector<const sema::Classify*> top_level_classifies(const sema::Packet& packet);

// ---- generate.cc: the plan options that CodegenOptions imply.
plan::PlanOptions plan_options(const CodegenOptions& options);
// A program that includes the spec's generated header (the fuzz harness,
// the property test): plans the model and runs `run` with the header's
// name; "" when planning fails.
std::string emit_companion(const sema::Model& model, const CodegenOptions& options, Diagnostics& diagnostics,
                           std::string (Emitter::*run)(const std::string& header));

// ---- visit_gen.cc: P::visit(), when CodegenOptions::emit_visitor is set.
void emit_visitor(Emitter& emitter, const sema::Packet& packet);

// ---- frame_gen.cc: P::frame(), for packets whose length field gives their size.
void emit_frame(Emitter& emitter, const sema::Packet& packet);

}  // namespace mplc::codegen
