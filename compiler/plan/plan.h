// The plan: every decision the C++ back end needs, made once between
// analysis and emission (the "lowering" stage).
//
//   sema (what the spec means) -> layout (where items sit) -> plan -> codegen
//
// The code generators read the plan and print; they do not work out again,
// while printing, which checks a frame runs, in what order value fields are
// computed, what an array element carries in, which checksums a setter must
// update, or what the generated names are. `mplc --check` runs through this
// stage too, so a spec that checks clean generates, and `mplc --dump=plan`
// prints it (dump_plan()).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "layout/layout.h"
#include "sema/model.h"
#include "support/diagnostics.h"

namespace mplc::plan {

struct PlanOptions {
  // A bounds check before every fixed-size item instead of one per run
  // (kept only so benchmarks can measure what the runs save).
  bool per_field_bounds = false;
};

// The generated names of one packet's entities, decided once so that every
// generator agrees and collisions are resolved in one place (names.cc).
struct PacketNames {
  std::map<const sema::Field*, std::string> variant_enum;        // "protocol_t"
  std::map<const sema::Classify*, std::string> case_enum;        // "type_case_t"
  std::map<const sema::Classify*, std::string> case_accessor;    // "type_case" (view member function)
  std::map<const sema::Classify*, std::string> builder_member;   // "body"
  std::map<const sema::ClassifyCase*, std::string> branch_view;  // "EchoRequest_view"
  std::map<const sema::ClassifyCase*, std::string> branch_builder;  // "EchoRequest"
  // The view member returning a case: "as_EchoRequest", or "as_<subject>_<Label>"
  // when a sibling classify of the same block has a case of the same label.
  std::map<const sema::ClassifyCase*, std::string> case_as;
  std::map<const sema::Array*, std::string> element_view;        // "options_element"
  std::map<const sema::Array*, std::string> element_builder;     // "options_element_builder"
  std::map<const sema::Array*, std::string> range;               // "options_range"
  // The constant naming a field's byte offset in its frame's `offsets`
  // (view::offsets::ttl): its member name, with the case label before it
  // when a field of another case of the frame has that name.
  std::map<const sema::Field*, std::string> offset_constant;
  // A builder's write() names the locals it keeps for an item of its frame
  // <role>_<stem>, the stem being the item's name: start_length / end_length
  // (where it was written), value_length (an integer field's value),
  // chosen_type_case (the case index a classify took), count_options (an
  // array's elements), run_version (the word of a bit run, after its first
  // field), outer_options (what an array's elements receive); and
  // case_<stem> points at a classify case's builder (case_echo). A stem is
  // unique in its frame (a field of a case that another field of the frame
  // names too gets the case label first, then a number), and no
  // <role>_<stem> is a name the function reads bare: a member, a parameter,
  // a type of the packet or a name of the generated code (names.cc).
  std::map<const sema::Item*, std::string> local;
  std::map<const sema::ClassifyCase*, std::string> case_local;
};

// The role prefixes of a builder's locals (PacketNames::local).
inline constexpr const char* kBuilderLocalRoles[] = {"start_", "end_", "value_", "chosen_",
                                                     "count_", "run_", "outer_", "case_"};

// The accessor / builder member name of an item: its name, or name + "_field"
// when that would collide with a member every view or builder has, or
// name + "_" for a C++ keyword.
std::string member_name(const sema::Item& item);
// A packet parameter in C++, mangled the same way ("_param" for a generated member's name).
std::string param_name(const sema::Parameter& p);

// One value an array element carries in from outside itself. An element's
// body may read the packet's parameters and integer fields of enclosing
// frames (a length, a guard, a classify subject); its view holds a copy of
// each as a member, copied in by validation and handed on by the range.
struct Capture {
  const sema::Parameter* param = nullptr;  // a packet parameter, or
  const sema::Field* field = nullptr;      // an integer field of an enclosing frame
  std::string member;                      // the element view's member: p_<name>_ or o_<name>_
  std::string type;                        // its C++ type
};

// One step of a frame's validation program, in the order validation runs
// them. Every step concerns one item and starts where the item starts.
struct Check {
  enum class Kind {
    kBounds,       // `bytes` bytes from `at` must lie in the region (a run of fixed-size items)
    kConst,        // an integer field equals its const(...)
    kRange,        // an integer field lies within min(...)/max(...)
    kLength,       // a byte string's computed length fits; records its end
    kConstBytes,   // a byte string equals its const("...")
    kCustom,       // a custom type's validator measures it; records its end
    kArray,        // the elements, one by one (an out-of-line loop); records count and end
    kEmbedded,     // the embedded packet's own program; records its end
    kClassify,     // the first matching case, then that case's program
    kAlign,        // padding up to the item's alignment; records the aligned end
  };
  Kind kind = Kind::kBounds;
  const sema::Item* item = nullptr;
  layout::Position at;
  std::uint64_t bytes = 0;  // kBounds
  // kClassify: the program of each case, in the order the cases are tried.
  std::vector<std::vector<Check>> cases;
  // kEmbedded with size(n): the item is validated in a region of exactly n
  // bytes (a truncation if the enclosing region has fewer, an error unless
  // its content ends exactly there); null when it ends where its content does.
  const sema::Expr* region_size = nullptr;
};

// Where a builder takes the value of a field (an integer, or a fixed-size
// byte string that a classify matches).
struct FieldSource {
  enum class Kind {
    kUser,        // a member the user sets
    kConst,       // its const(...)
    kValue,       // its value(...), computed after the walk (FramePlan::values)
    kChecksum,    // computed last, over the written bytes
    kCase,        // from the classify case the user chose (every case matches one value)
    kCaseOrUser,  // from the chosen case when it matches one value, else the user's member
  };
  Kind kind = Kind::kUser;
  // The classify of the field's block over this field with a case that
  // matches one value, whatever the kind (null if none).
  const sema::Classify* classify = nullptr;
};

// Whether a classify case matches exactly one value (an integer, a boolean,
// a string), so a builder can write the subject from the case alone.
bool matches_one_value(const sema::ClassifyCase& kase);

// A checksum a setter of `field` must update, and when the packet holds it.
struct Covering {
  const sema::Field* checksum = nullptr;
  // The classify cases that must have been taken for the packet to hold the
  // checksum (the cases around it that do not also hold the field); empty: always.
  std::vector<std::pair<const sema::Classify*, std::size_t>> present_when;
};

// The update_<field>() of a mutable view: which checksums it keeps right,
// and how. With word_bytes 2 or 4 the field lies at a fixed position inside
// the 16-bit word(s) at word_at that hold no checksum, and the update uses
// the old and new words (RFC 1624); with 0 it sums the changed bytes.
struct FieldUpdate {
  const sema::Field* field = nullptr;
  std::vector<Covering> covering;
  std::uint64_t word_at = 0;
  std::uint64_t word_bytes = 0;
};

// One frame: a packet's body or an array element's body.
struct FramePlan {
  const layout::Frame* frame = nullptr;
  std::vector<Check> validation;
  // The value(...) fields, each after the value fields its expression reads.
  std::vector<const sema::Field*> values;
  // Every field of the frame (branch fields included) and where its builder takes its value.
  std::map<const sema::Field*, FieldSource> sources;
  std::vector<Capture> captures;  // element frames: what the element carries in
  // Element frames: > 0 when every element is this many bytes and only its
  // bounds are checked, so a count- or byte-bounded array of them is
  // validated all at once (n elements fit), not element by element.
  std::uint64_t plain_element_size = 0;
};

struct PacketPlan {
  const sema::Packet* packet = nullptr;
  PacketNames names;
  // The checksum fields of the packet frame, in order.
  std::vector<const sema::Field*> checksums;
  // Integer fields of the packet frame (classify cases included) that a
  // checksum covers, with their update plans.
  std::map<const sema::Field*, FieldUpdate> updates;
};

class Plan {
 public:
  const sema::Model& model() const { return *model_; }
  const layout::Layout& layout() const { return *layout_; }
  const PlanOptions& options() const { return options_; }
  const PacketPlan& packet(const sema::Packet& packet) const { return packets_.at(&packet); }
  const FramePlan& frame(const layout::Frame& frame) const { return frames_.at(&frame); }
  const std::vector<Capture>& captures(const sema::Array& array) const {
    return frame(layout_->element_frame(array)).captures;
  }
  const FieldSource& source(const sema::Field& field) const {
    return frame(layout_->frame_of(field)).sources.at(&field);
  }

 private:
  friend std::unique_ptr<Plan> make_plan(const sema::Model&, const PlanOptions&, Diagnostics&);
  const sema::Model* model_ = nullptr;
  PlanOptions options_;
  std::unique_ptr<layout::Layout> layout_;
  std::map<const sema::Packet*, PacketPlan> packets_;
  std::map<const layout::Frame*, FramePlan> frames_;
};

// Plans every packet of the model. Reports, as located errors, every
// construct the back end cannot generate (supported.cc) and every one layout
// cannot place; returns null if there were any.
std::unique_ptr<Plan> make_plan(const sema::Model& model, const PlanOptions& options, Diagnostics& diagnostics);

// `mplc --dump=plan`: per packet and frame, the offsets, the validation
// program, the value order, the builder's sources, the captures, the
// checksums and their updates, and the names.
std::string dump_plan(const Plan& plan);

// ---- the parts of make_plan, each in its own file
PacketNames decide_names(const sema::Packet& packet);                                            // names.cc
std::vector<Capture> element_captures(const layout::Layout& layout, const sema::Array& array);  // captures.cc
std::vector<Check> validation_program(const layout::Layout& layout, const layout::Frame& frame,
                                      const PlanOptions& options);                              // validation.cc
std::uint64_t plain_element_size(const layout::Layout& layout, const layout::Frame& frame,
                                 const std::vector<Check>& program);                            // validation.cc
std::vector<const sema::Field*> value_order(const layout::Frame& frame);                        // builder.cc
std::map<const sema::Field*, FieldSource> builder_sources(const layout::Frame& frame);          // builder.cc
std::map<const sema::Field*, FieldUpdate> checksum_updates(const layout::Layout& layout, const sema::Packet& packet,
                                                           const std::vector<const sema::Field*>& checksums);  // updates.cc
void check_supported(const sema::Model& model, Diagnostics& diagnostics);                       // supported.cc

}  // namespace mplc::plan
