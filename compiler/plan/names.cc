// Generated names: one place decides them so every generator agrees.
#include <fmt/format.h>

#include <set>

#include "plan/plan.h"
#include "support/cpp_names.h"

namespace mplc::plan {

namespace {

// Names visible in the packet namespace, so that entity names from
// different scopes of one packet (a label used by two classifies, a field
// name repeated in two branches) stay distinct.
class NameTable {
 public:
  NameTable() = default;
  explicit NameTable(std::set<std::string> taken) : taken_(std::move(taken)) {}

  // `base` if free; otherwise `qualifier_base`, then numbered.
  std::string claim(const std::string& base, const std::string& qualifier) {
    std::string name = base;
    if (taken_.count(name) != 0 && !qualifier.empty()) name = qualifier + "_" + base;
    for (int n = 2; taken_.count(name) != 0; ++n) name = fmt::format("{}_{}", base, n);
    taken_.insert(name);
    return name;
  }
  // A name already used by something not decided here (a field's accessor).
  void reserve(const std::string& name) { taken_.insert(name); }

 private:
  std::set<std::string> taken_{"view", "mutable_view", "builder", "parse", "parse_as", "parse_mutable", "frame"};
};

// The member name of every item of the packet but its classifies (branch
// and element items included).
std::vector<std::string> member_names(const sema::Packet& packet) {
  std::vector<std::string> members;
  std::vector<const sema::Block*> open{&packet.body};
  while (!open.empty()) {
    const sema::Block* block = open.back();
    open.pop_back();
    for (const auto& item : block->items) {
      if (const auto* classify = item->as_classify()) {
        for (const auto& kase : classify->cases) open.push_back(&kase->body);
        continue;
      }
      members.push_back(member_name(*item));
      if (const auto* array = item->as_array()) open.push_back(&array->element);
    }
  }
  return members;
}

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

// How many classifies of `block` have a case labelled with each label:
// a label in two of them needs the subject in its as_ name. Counted once
// per block, so a block of many classifies stays linear.
std::map<std::string, int> classifies_per_label(const sema::Block& block) {
  std::map<std::string, int> count;
  for (const auto& item : block.items) {
    const auto* c = item->as_classify();
    if (c == nullptr) continue;
    std::set<std::string> labels;
    for (const auto& k : c->cases) labels.insert(k->label);
    for (const std::string& label : labels) ++count[label];
  }
  return count;
}

struct Walker {
  PacketNames& names;
  NameTable table;
  int classify_count = 0;

  // The offset constants of one frame (a packet body or an array element,
  // with the cases of its classifies) share one struct.
  void walk_frame(const sema::Block& block) {
    NameTable constants;
    walk(block, constants);
  }

  void walk(const sema::Block& block, NameTable& constants) {
    int in_block = 0;
    for (const auto& item : block.items) in_block += item->as_classify() != nullptr ? 1 : 0;
    const std::map<std::string, int> label_count = in_block > 1 ? classifies_per_label(block) : std::map<std::string, int>{};
    // Members of this block's class (its view or builder) must differ
    // between sibling classifies, even two over the same subject.
    NameTable members;
    for (const auto& owned : block.items) {
      if (const auto* field = owned->as_field()) {
        names.offset_constant[field] = constants.claim(member_name(*field), scope_of(block));
        if (field->variant) names.variant_enum[field] = table.claim(member_name(*field) + "_t", scope_of(block));
      } else if (const auto* array = owned->as_array()) {
        names.element_view[array] = table.claim(array->name + "_element", scope_of(block));
        names.element_builder[array] = table.claim(array->name + "_element_builder", scope_of(block));
        names.range[array] = table.claim(array->name + "_range", scope_of(block));
        walk_frame(array->element);
      } else if (const auto* classify = owned->as_classify()) {
        const std::string subject = subject_name(*classify, classify_count++);
        names.case_accessor[classify] = table.claim(subject + "_case", scope_of(block));
        names.case_enum[classify] = names.case_accessor[classify] + "_t";
        names.builder_member[classify] = members.claim(in_block == 1 ? "body" : subject + "_body", "");
        for (const auto& kase : classify->cases) {
          names.branch_view[kase.get()] = table.claim(kase->label + "_view", subject);
          names.branch_builder[kase.get()] = table.claim(kase->label, subject);
          const auto labelled = label_count.find(kase->label);
          const bool shared = labelled != label_count.end() && labelled->second > 1;
          names.case_as[kase.get()] = members.claim(shared ? "as_" + subject + "_" + kase->label : "as_" + kase->label, "");
        }
        for (const auto& kase : classify->cases) walk(kase->body, constants);
      }
    }
  }
};

// ---- the locals of a builder's write() (PacketNames::local)

// Every name a builder's write() may read bare besides its own locals: its
// parameters and the locals around its walk, the builder's members, the
// packet's parameters and generated names.
std::set<std::string> bare_names(const sema::Packet& packet, const PacketNames& names) {
  std::set<std::string> bare{"d", "pos", "cap", "out", "pseudo", "ctx", "base", "arguments", "ends", "outer", "given",
                             "have_args", "arg", "w", "ph", "sum", "pad", "size", "need", "params_", "outer_"};
  for (const auto& p : packet.parameters) bare.insert(param_name(p));
  for (const std::string& member : member_names(packet)) bare.insert(member);
  const auto add = [&bare](const auto& decided) {
    for (const auto& entry : decided) bare.insert(entry.second);
  };
  add(names.variant_enum), add(names.case_enum), add(names.case_accessor), add(names.builder_member);
  add(names.branch_view), add(names.branch_builder), add(names.case_as), add(names.element_view);
  add(names.element_builder), add(names.range), add(names.offset_constant);
  return bare;
}

// A stem from an item's name: no leading '_', which would make a local with
// two underscores in a row (a name C++ reserves).
std::string stem_of(const std::string& name) {
  const std::size_t first = name.find_first_not_of('_');
  return first == std::string::npos ? "item" : name.substr(first);
}

// The stems of one frame's items (a packet body or an array element, with
// the cases of its classifies), claimed in `stems`; an array's element is a
// frame of its own, starting from `reserved`.
void claim_locals(const sema::Block& block, NameTable& stems, const NameTable& reserved, PacketNames& names) {
  // The qualifier on a clash: the case label or array name, as a stem too.
  const std::string scope = scope_of(block).empty() ? "" : stem_of(scope_of(block));
  for (const auto& owned : block.items) {
    if (const auto* field = owned->as_field()) {
      names.local[field] = stems.claim(stem_of(field->accessor), scope);
    } else if (const auto* classify = owned->as_classify()) {
      // After what it classifies on, as visit() names it (afi_safi_case),
      // rather than the accessor's classifyN_case of an expression.
      const std::string subject = sema::classify_subject_name(*classify);
      const std::string base = subject.empty() ? names.case_accessor.at(classify) : subject + "_case";
      names.local[classify] = stems.claim(stem_of(base), scope);
      for (const auto& kase : classify->cases) {
        names.case_local[kase.get()] = stems.claim(stem_of(names.branch_builder.at(kase.get())), scope);
      }
      for (const auto& kase : classify->cases) claim_locals(kase->body, stems, reserved, names);
    } else {
      names.local[owned.get()] = stems.claim(stem_of(owned->name), scope);
      if (const auto* array = owned->as_array()) {
        NameTable element = reserved;
        claim_locals(array->element, element, reserved, names);
      }
    }
  }
}

void decide_builder_locals(const sema::Packet& packet, PacketNames& names) {
  // <role>_<stem> must not be a bare name: the stem left after the role's
  // prefix is taken from the start.
  std::set<std::string> taken;
  for (const std::string& name : bare_names(packet, names)) {
    for (const std::string role : kBuilderLocalRoles) {
      if (name.size() > role.size() && name.compare(0, role.size(), role) == 0) taken.insert(name.substr(role.size()));
    }
  }
  const NameTable reserved(std::move(taken));
  NameTable stems = reserved;
  claim_locals(packet.body, stems, reserved, names);
}

}  // namespace

PacketNames decide_names(const sema::Packet& packet) {
  PacketNames names;
  Walker walker{names, {}, 0};
  // Field accessors share the view with the case accessors and hide the
  // packet's types of their name inside it: generated names avoid them.
  for (const std::string& member : member_names(packet)) walker.table.reserve(member);
  walker.walk_frame(packet.body);
  decide_builder_locals(packet, names);
  return names;
}

namespace {

// Names the generated views and builders use for members of their own.
bool is_generated_member(const std::string& name) {
  static const std::set<std::string> generated{
      "size", "bytes", "write", "wire", "from", "data_", "size_", "region_", "pkt_off_", "off_", "count_",
      "case_", "origin_", "validate_", "offsets",
      // The classes a field's accessor would sit in (a member named like its
      // class is a constructor), the packet's entry points, and what the
      // element ranges and builders declare.
      "view", "builder", "mutable_view", "parse", "parse_mutable", "frame", "load", "mutable_bytes", "begin",
      "end", "empty", "iterator", "at_", "size_at_", "write_at_", "write_nested_", "write_into_",
      // What a builder's write declares around its walk, which names its
      // members bare: a field named so would read the local instead.
      "d", "pos", "cap", "ctx", "base", "out", "pseudo", "ends", "outer", "arguments"};
  return generated.count(name) != 0;
}

}  // namespace

std::string member_name(const sema::Item& item) {
  const auto* field = item.as_field();
  const std::string& name = field != nullptr ? field->accessor : item.name;
  if (is_generated_member(name)) return name + "_field";
  if (is_cpp_reserved(name)) return name + "_";
  return name;
}

std::string param_name(const sema::Parameter& p) {
  if (is_generated_member(p.name)) return p.name + "_param";
  if (is_cpp_reserved(p.name)) return p.name + "_";
  return p.name;
}

}  // namespace mplc::plan
