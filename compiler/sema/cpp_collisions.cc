// Spec names that would collide in the generated C++.
//
// Field and parameter names are mangled by code generation (a field `class`
// gets the accessor `class_()`), since a reader finds them by the spec name
// anyway. The names below are the ones a user writes in C++ code as they are
// in the spec (a packet's struct, a case's as_X() and enumerator, a variant's
// enumerator), so a collision is refused here, located, with the C++ name
// that collides and a rename to make.
#include <fmt/format.h>

#include <set>

#include "sema/analyzer.h"
#include "support/cpp_names.h"

namespace mplc::sema {

void Analyzer::check_cpp_names(const Packet& packet) {
  if (is_cpp_reserved(packet.name)) {
    diags_.error(packet.range, fmt::format("packet name '{}' is reserved in C++ (a keyword or standard macro) and "
                                           "cannot name the generated struct; rename the packet, e.g. '{}_packet'",
                                           packet.name, packet.name));
  } else if (is_used_namespace(packet.name)) {
    diags_.error(packet.range, fmt::format("packet name '{}' would hide the C++ namespace '{}' that the generated "
                                           "code uses; rename the packet, e.g. '{}_packet'",
                                           packet.name, packet.name, packet.name));
  }

  // Every case label of the packet (each gets a view member as_<label>()),
  // and every named item, found with an explicit stack of blocks.
  std::set<std::string> labels;
  std::vector<const Item*> items;
  std::vector<const Block*> open{&packet.body};
  while (!open.empty()) {
    const Block* block = open.back();
    open.pop_back();
    for (const auto& item : block->items) {
      if (const Classify* classify = item->as_classify()) {
        for (const auto& kase : classify->cases) {
          if (is_cpp_reserved(kase->label)) {
            diags_.error(kase->label_range,
                         fmt::format("classify case '{}' is reserved in C++ (a keyword or standard macro) and "
                                     "cannot name the generated enumerator and view; rename the case, e.g. '{}_'",
                                     kase->label, kase->label));
          }
          labels.insert(kase->label);
          open.push_back(&kase->body);
        }
        continue;
      }
      items.push_back(item.get());
      if (const Array* array = item->as_array()) open.push_back(&array->element);
      const Field* field = item->as_field();
      if (field == nullptr || !field->variant) continue;
      for (const VariantCase& vc : field->variant->cases) {
        if (!is_cpp_reserved(vc.name)) continue;
        diags_.error(vc.range, fmt::format("variant name '{}' of '{}' is reserved in C++ (a keyword or standard "
                                           "macro) and cannot name the generated enumerator; rename it, e.g. '{}_'",
                                           vc.name, field->name, vc.name));
      }
    }
  }
  for (const Item* item : items) {
    if (!item->name.starts_with("as_") || labels.count(item->name.substr(3)) == 0) continue;
    diags_.error(item->range, fmt::format("field '{}' collides with the C++ accessor {}() generated for classify "
                                          "case '{}'; rename the field or the case",
                                          item->name, item->name, item->name.substr(3)));
  }
}

}  // namespace mplc::sema
