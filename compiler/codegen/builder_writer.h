// The writer of one frame's builder code (builder_walk_gen.cc: size() and
// the write walk, values and checksums; builder_checks_gen.cc: the checks
// write() runs so that parse() reads back what was written; builder_gen.cc
// runs it inside the builder structs). Internal to codegen: included by
// those files only.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "codegen/custom_context.h"
#include "codegen/emitter.h"

namespace mplc::codegen {

// Where the builder takes a field's value is the plan's decision (plan/builder.cc).
bool is_user_integer(const plan::Plan& plan, const sema::Field& f);
// Written from the chosen case alone: the builder has no member for it.
bool filled_from_case(const plan::Plan& plan, const sema::Field& f);

// The condition under which the std::uint64_t `v` holds a value
// field `f` may not have on the wire (outside min()/max(), or, unless
// `type_holds_value`, outside the field's width), with the bounds as C++
// literals for the error. Signed fields compare as int64 (mpl::sless).
struct Bounds {
  std::string cond, lo, hi;
};
Bounds bounds_check(const sema::Field& f, const std::string& v, bool type_holds_value);

// builder_checks_gen.cc: whether write() checks `array`'s until-condition
// (an `array until` whose condition reads only its element's fields), and
// the condition under which the builder of `block` (members reached through
// `mp`) writes something parse() sizes by remaining(): "" never, "true"
// always. With empty `names`, only whether it can.
bool until_checked(const layout::Layout& layout, const sema::Array& array);
// Whether what `block` writes is never empty (parse() refuses an array
// element of no bytes; write_checked_at_ refuses one too).
bool always_writes(const layout::Layout& layout, const sema::Block& block);
// The fields of enclosing frames that `array`'s element builder receives
// (its `outer_` struct; the view's captures that the enclosing builder has
// written before the array: integer fields the user sets, constants and
// fields filled from a case, or what the enclosing element received).
std::vector<const plan::Capture*> builder_captures(const plan::Plan& plan, const sema::Array& array);
std::string rest_condition(const PacketNames& names, const sema::Block& block, const std::string& mp);
// Whether the write of a packet frame with parameters asks for its arguments
// before its walk (`early_args`): its elements check against them, or an
// embedded packet's arguments read them.
bool needs_early_arguments(const plan::Plan& plan, const layout::Frame& frame);

class BuilderWriter {
 public:
  BuilderWriter(Emitter& e, const layout::Frame& frame, bool size_only)
      : e_(e),
        out_(e.out()),
        frame_(frame),
        size_only_(size_only),
        ctx_(needs_custom_context(*frame.packet)),
        has_params_(frame.array == nullptr && !frame.packet->parameters.empty()) {
    for (std::size_t i = 0; i < frame.items.size(); ++i) id_[frame.items[i]] = i;
    if (frame.array != nullptr) {
      for (const plan::Capture* c : builder_captures(e.plan(), *frame.array)) {
        if (c->param != nullptr) {
          outer_params_[static_cast<std::size_t>(c->param - frame.packet->parameters.data())] = c->member;
        } else {
          outer_[c->field] = c->member;
        }
      }
    }
    early_args_ = has_params_ && !size_only && needs_early_arguments(e.plan(), frame);
  }

  // The stem of the locals write() keeps for `item` (start_<stem>, end_<stem>,
  // value_<stem>...: plan.h, PacketNames::local).
  const std::string& local(const sema::Item& item) const { return e_.names().local.at(&item); }

  // Whether `e` reads what this frame's checks cannot know: a field outside
  // the frame that an element builder does not receive (a value(...) field
  // around it, computed after the walk). A packet frame checks conditions
  // over its parameters against the arguments parse() will be given, an
  // element against the copy it receives in `outer` (check_env(), when_known()).
  bool reads_outside(const sema::Expr& e) const;
  static bool reads_param(const sema::Expr& e);
  // `cond`, guarded by `have_args` when `e` reads a parameter: a check over
  // parameters runs only when the arguments are known.
  std::string when_known(const sema::Expr& e, const std::string& cond) const;
  // Whether the arguments are known: `have_args` in a packet frame (after
  // the walk), `outer.have_args` in an element (before the packet's walk).
  std::string args_known() const { return has_params_ ? "have_args" : "outer.have_args"; }
  // env() for the checks: a parameter is the argument parse() will be given
  // (`arg`; in an element, the copy it received in `outer`).
  ExprEnv check_env();
  // In a packet frame whose elements or embedded packets need them, before
  // the walk: `early_args`, the arguments if the caller knows them already
  // (mpl::arguments_before_walk).
  void early_arguments();
  // In a packet with parameters, after the walk: `given`, `have_args` and
  // `arg`, the arguments from the caller's `arguments(size)`: its own
  // members for a packet written alone, what an enclosing builder computed
  // for an embedded one (arguments_for()).
  void arguments_known();
  // The `arguments(size)` callable an enclosing frame hands the embedded
  // packet's write: its arguments from this frame's locals, given the
  // embedded packet's size; unknown (std::nullopt) when an argument reads
  // what is not known yet.
  std::string arguments_for(const sema::Embedded& embedded);
  ExprEnv env();
  void declare_locals();
  void store(const sema::Field& f, const std::string& at, const std::string& value);
  std::string pseudo_for(const std::optional<sema::PseudoHeader>& ph, const std::string& what);
  // The walk over `block`; `mp` reaches the builder struct holding its
  // members ("" for the frame builder, "bN->" for a branch builder).
  void walk(const sema::Block& block, const std::string& mp);
  // The bytes `item` writes when that is known before the walk (integers,
  // bit runs at their first field, fixed-size strings, labels); nullopt for
  // what checks its own room (variable strings, custom values, arrays,
  // embedded packets, classifies).
  std::optional<std::size_t> fixed_write(const sema::Item& item) const;
  // Before the fixed-size item block.items[at]: unless the last room check
  // covers it (`room`, bytes left of that check), one check for the run of
  // fixed-size items starting at it.
  void room_for(const sema::Block& block, std::size_t at, std::size_t& room);
  // `in_context`: an embedded packet that is part of this packet for its
  // custom types (a byte-string payload starts a packet of its own).
  // `arguments`: for a packet with parameters, the callable arguments_for() made.
  void write_nested(const std::string& what, const std::optional<sema::PseudoHeader>& ph, bool in_context = false,
                    const std::string& arguments = "");
  // The condition under which an item was written: every enclosing case taken.
  std::string taken(const sema::Item& item);
  void values();
  // What parse() enforces on values the user chose, checked before the
  // bytes are handed back, so write() never makes a packet that parse()
  // rejects or reads as another case: bit fields and min()/max() within
  // their bounds, a range case's subject inside its range, the chosen
  // case's `when` guard true, and no earlier case that parse() would take
  // instead (one with a guard on the same value, or a range over it).
  void checks();
  // The checks of what the current bucket (bucket_) holds.
  void checks_here();
  // The case of a classify of the frame's own block that holds `item`
  // (nullptr: the item is outside every case); whether the checks of
  // `item`, or of case `kase` of `classify`, belong to the current bucket.
  static const sema::ClassifyCase* bucket_of(const sema::Item& item);
  bool in_bucket(const sema::Item& item) const;
  bool case_in_bucket(const sema::Classify& classify, const sema::ClassifyCase& kase) const;
  // Whether `e` reads a field of this frame (or one it receives in `outer`).
  bool reads_frame_field(const sema::Expr& e) const;
  // In the walk of an enclosing frame: the `outer_` of `array`'s element
  // builder, declared as a local; "" when the element receives nothing.
  std::string outer_for(const sema::Array& array);
  // The divisors of `e` that are not constants (sema refused a constant 0).
  static void zero_divisors(const sema::Expr& e, std::vector<const sema::Expr*>& out);
  // Whether `size` is a field whose value(...) is exactly the size (or
  // count) of `item`: true by construction, so not checked again.
  static bool computed_from_item(const sema::Expr& size, const sema::Item& item);
  static bool reads_remaining(const sema::Expr& e);
  // A byte string or array whose size, byte length or count is an
  // expression over fields of the frame: parse() reads as many bytes or
  // elements as the expression gives, so write() refuses contents of
  // another size (bad_length: found = what the expression gives, lo = the
  // size written). A user-set length without value(...) (sema warns about
  // it), a second string sized by the same length (ARP's addresses), or an
  // expression that the written parts do not satisfy. A field whose
  // value(...) is exactly this item's size agrees by construction and is
  // not checked; sizes over parameters or remaining() are not checked.
  void size_checks(const ExprEnv& environment);
  // An embedded packet with size(n) must be exactly n bytes, as parse()
  // requires: a length the user set (or a value(...) that is not the
  // content's size) that disagrees with what was written is refused. A size
  // that reads a parameter or a field outside the frame is left alone, as
  // the other checks leave such conditions.
  void sized_regions(const ExprEnv& environment);
  // A classify over a byte string of this frame that the builder does not
  // write from the case (a variable-size string such as an SSH key type):
  // write() refuses a chosen case that parse() would not take from the
  // string written (no_branch_matched), or whose guard is false.
  void string_subject_checks(const ExprEnv& environment);
  static bool static_matches(const sema::ClassifyCase& k, std::uint64_t v);
  void checksums();
  // The length of the packet's bytes before `label` when its arrays and
  // variable byte strings are empty (IPv4's 20 bytes before header_end), if
  // that is the usual case worth a fast path: items of fixed size, arrays
  // and byte strings only, in the packet's own block, at most 64 bytes.
  std::optional<std::size_t> usual_length(const sema::Item& label) const;

 private:
  Emitter& e_;
  Printer& out_;
  const layout::Frame& frame_;
  bool size_only_;
  bool ctx_;  // the frame threads an mpl::write_context `ctx` and its packet's offset `base`
  bool has_params_;  // a packet frame with parameters: its write() takes `arguments`
  bool args_checked_ = false;  // printing inside `if (have_args)`
  bool early_args_ = false;  // a packet frame that declares `early_args` before its walk
  // checks(): printing one case's checks, or those outside every case (nullptr).
  const sema::ClassifyCase* bucket_ = nullptr;
  // An element frame: the captured fields it receives, as members of `outer`.
  std::map<const sema::Field*, std::string> outer_;
  // ... and the packet's parameters (by index), with `outer.have_args`.
  std::map<std::size_t, std::string> outer_params_;
  // The frame's items, with their place in it (what is written before what).
  std::map<const sema::Item*, std::size_t> id_;
};

}  // namespace mplc::codegen
