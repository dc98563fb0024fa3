#include "codegen/custom_context.h"

#include <functional>
#include <set>

namespace mplc::codegen {

namespace {

bool block_needs(const sema::Block& block, std::set<const sema::Packet*>& visiting) {
  std::function<bool(const sema::Packet&)> packet_needs = [&](const sema::Packet& p) {
    if (!visiting.insert(&p).second) return false;  // a cycle: sema reports it
    const bool r = block_needs(p.body, visiting);
    visiting.erase(&p);
    return r;
  };
  for (const auto& owned : block.items) {
    if (const auto* f = owned->as_field(); f != nullptr && f->type.kind == sema::Type::Kind::kCustom) return true;
    if (const auto* a = owned->as_array(); a != nullptr && block_needs(a->element, visiting)) return true;
    if (const auto* c = owned->as_classify()) {
      for (const auto& k : c->cases) {
        if (block_needs(k->body, visiting)) return true;
      }
    }
    if (const auto* e = owned->as_embedded(); e != nullptr && e->target != nullptr && packet_needs(*e->target)) {
      return true;
    }
  }
  return false;
}

}  // namespace

bool needs_custom_context(const sema::Packet& packet) {
  std::set<const sema::Packet*> visiting{&packet};
  return block_needs(packet.body, visiting);
}

bool model_needs_custom_context(const sema::Model& model) {
  for (const auto& p : model.packets) {
    if (needs_custom_context(*p)) return true;
  }
  return false;
}

}  // namespace mplc::codegen
