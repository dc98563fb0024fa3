// `mplc --dump=plan`: the plan as text, for people reading what the back end
// will do with a spec (and for tests that pin a decision down).
#include <fmt/format.h>

#include "plan/plan.h"

namespace mplc::plan {

namespace {

std::string item_name(const sema::Item& item) {
  if (const auto* c = item.as_classify()) {
    if (c->subject && c->subject->kind == sema::Expr::Kind::kFieldRef) return "classify(" + c->subject->field->name + ")";
    return "classify";
  }
  return item.name;
}

const char* kind_name(Check::Kind kind) {
  switch (kind) {
    case Check::Kind::kBounds: return "bounds";
    case Check::Kind::kConst: return "const";
    case Check::Kind::kRange: return "range";
    case Check::Kind::kLength: return "length";
    case Check::Kind::kConstBytes: return "const-bytes";
    case Check::Kind::kCustom: return "custom";
    case Check::Kind::kArray: return "array";
    case Check::Kind::kEmbedded: return "embedded";
    case Check::Kind::kClassify: return "classify";
    case Check::Kind::kAlign: return "align";
  }
  return "?";
}

const char* source_name(FieldSource::Kind kind) {
  switch (kind) {
    case FieldSource::Kind::kUser: return "user";
    case FieldSource::Kind::kConst: return "const";
    case FieldSource::Kind::kValue: return "value";
    case FieldSource::Kind::kChecksum: return "checksum";
    case FieldSource::Kind::kCase: return "case";
    case FieldSource::Kind::kCaseOrUser: return "case-or-user";
  }
  return "?";
}

void dump_program(const Plan& plan, const std::vector<Check>& program, int depth, std::string& out) {
  const std::string pad(static_cast<std::size_t>(depth) * 2, ' ');
  for (const Check& check : program) {
    out += fmt::format("{}{} {} at {}", pad, kind_name(check.kind), item_name(*check.item),
                       layout::position_text(check.at));
    const layout::ItemLayout& info = plan.layout().item(*check.item);
    switch (check.kind) {
      case Check::Kind::kBounds: out += fmt::format(": {} bytes", check.bytes); break;
      case Check::Kind::kLength:
      case Check::Kind::kCustom:
      case Check::Kind::kEmbedded:
        if (check.region_size != nullptr) out += fmt::format(" in size({})", sema::expr_text(*check.region_size));
        out += fmt::format(" -> off_[{}]", info.end_slot);
        break;
      case Check::Kind::kArray:
        out += fmt::format(" -> count_[{}], off_[{}]", info.count_index, info.end_slot);
        break;
      case Check::Kind::kAlign: out += fmt::format(" -> off_[{}]", info.align_slot); break;
      case Check::Kind::kClassify: out += fmt::format(" -> case_[{}]", info.case_index); break;
      default: break;
    }
    out += "\n";
    if (check.kind == Check::Kind::kClassify) {
      const auto& cases = check.item->as_classify()->cases;
      for (std::size_t i = 0; i < cases.size(); ++i) {
        out += fmt::format("{}  | {}\n", pad, cases[i]->label);
        dump_program(plan, check.cases[i], depth + 2, out);
      }
    }
  }
}

void dump_frame(const Plan& plan, const PacketNames& names, const FramePlan& f, std::string& out) {
  const layout::Frame& frame = *f.frame;
  out += fmt::format("  frame {}{} (offset slots {}, array counts {}, classify cases {})\n",
                     frame.array != nullptr ? "element of " : "body of ",
                     frame.array != nullptr ? frame.array->name : frame.packet->name, frame.slots, frame.counts,
                     frame.classifies);
  out += "    items:\n";
  for (const sema::Item* item : frame.items) {
    const layout::ItemLayout& info = plan.layout().item(*item);
    out += fmt::format("      {}: [{}, {})", item_name(*item), layout::position_text(info.start),
                       layout::position_text(info.end));
    if (info.fixed_size) out += fmt::format(" fixed {} bytes", info.size);
    if (const auto* field = item->as_field()) {
      const auto source = f.sources.find(field);
      if (source != f.sources.end()) out += fmt::format(", built from {}", source_name(source->second.kind));
    }
    // write()'s locals for the item: start_<stem>, value_<stem>, count_<stem>, ...
    const auto local = names.local.find(item);
    if (local != names.local.end()) out += fmt::format(", write() locals *_{}", local->second);
    out += "\n";
  }
  out += "    validate:\n";
  dump_program(plan, f.validation, 3, out);
  if (f.plain_element_size > 0) {
    out += fmt::format("    elements of {} bytes, only bounds checked: the array is validated at once\n",
                       f.plain_element_size);
  }
  if (!f.values.empty()) {
    out += "    values, in computation order:";
    for (const sema::Field* v : f.values) out += " " + v->name;
    out += "\n";
  }
  if (!f.captures.empty()) {
    out += "    captures:";
    for (const Capture& c : f.captures) {
      out += fmt::format(" {} ({} {})", c.member, c.param != nullptr ? "parameter" : "field",
                         c.param != nullptr ? c.param->name : c.field->name);
    }
    out += "\n";
  }
}

// In source order (the maps are keyed by pointer, whose order is not).
void dump_names(const PacketNames& names, const sema::Block& block, std::string& out) {
  for (const auto& owned : block.items) {
    if (const auto* field = owned->as_field(); field != nullptr && field->variant) {
      out += fmt::format("    variant {}: {}\n", field->name, names.variant_enum.at(field));
    } else if (const auto* array = owned->as_array()) {
      out += fmt::format("    array {}: element {}, builder {}, range {}\n", array->name,
                         names.element_view.at(array), names.element_builder.at(array), names.range.at(array));
      dump_names(names, array->element, out);
    } else if (const auto* classify = owned->as_classify()) {
      out += fmt::format("    {}: accessor {}, enum {}, builder member {}\n", item_name(*classify),
                         names.case_accessor.at(classify), names.case_enum.at(classify),
                         names.builder_member.at(classify));
      for (const auto& kase : classify->cases) {
        out += fmt::format("      case {}: {}, view {}, builder {} (write() local case_{})\n", kase->label,
                           names.case_as.at(kase.get()), names.branch_view.at(kase.get()),
                           names.branch_builder.at(kase.get()), names.case_local.at(kase.get()));
      }
      for (const auto& kase : classify->cases) dump_names(names, kase->body, out);
    }
  }
}

}  // namespace

std::string dump_plan(const Plan& plan) {
  std::string out;
  for (const auto& packet : plan.model().packets) {
    if (!packet->in_root) continue;
    const PacketPlan& p = plan.packet(*packet);
    out += fmt::format("packet {}\n", packet->name);
    for (const auto& frame : plan.layout().frames()) {
      if (frame->packet == packet.get()) dump_frame(plan, p.names, plan.frame(*frame), out);
    }
    if (!p.checksums.empty()) {
      out += "  checksums:";
      for (const sema::Field* c : p.checksums) out += " " + c->name;
      out += "\n";
    }
    for (const sema::Item* item : plan.layout().packet_frame(*packet).items) {
      const auto found = p.updates.find(item->as_field());
      if (found == p.updates.end()) continue;
      const FieldUpdate& update = found->second;
      out += fmt::format("  update_{} keeps", item->name);
      for (const Covering& c : update.covering) {
        out += " " + c.checksum->name;
        for (const auto& [classify, index] : c.present_when) {
          out += fmt::format(" (when {} is {})", item_name(*classify), classify->cases[index]->label);
        }
      }
      if (update.word_bytes != 0) {
        out += fmt::format(": from the {}-byte word at {}\n", update.word_bytes, update.word_at);
      } else {
        out += ": from the changed bytes\n";
      }
    }
    out += "  names:\n";
    dump_names(p.names, packet->body, out);
  }
  return out;
}

}  // namespace mplc::plan
