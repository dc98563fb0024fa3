// Which checksums each setter of a mutable view keeps right, and how
// (plan.h: FieldUpdate). codegen/mutable_gen.cc prints update_<field>().
#include <optional>

#include "plan/plan.h"

namespace mplc::plan {

namespace {

// The item of the packet body that `item` lies in (itself at top level).
const sema::Item& top_level_item(const sema::Item& item) {
  const sema::Item* at = &item;
  while (at->parent != nullptr && at->parent->kind == sema::Block::Kind::kClassifyCase) {
    at = at->parent->classify_case->classify;
  }
  return *at;
}

// Whether `item` lies in the body of `kase` (at any depth).
bool inside(const sema::Item& item, const sema::ClassifyCase& kase) {
  for (const sema::Block* b = item.parent; b != nullptr; b = b->parent) {
    if (b->classify_case == &kase) return true;
  }
  return false;
}

// The cases that must have been taken for the packet to hold checksum `c`
// when it holds field `f`: every classify case around `c` that does not
// also hold `f`. nullopt when `f` and `c` sit in different cases of one
// classify, so that no packet holds both.
std::optional<std::vector<std::pair<const sema::Classify*, std::size_t>>> checksum_present(const sema::Field& c,
                                                                                          const sema::Field& f) {
  std::vector<std::pair<const sema::Classify*, std::size_t>> when;
  for (const sema::Block* b = c.parent; b != nullptr && b->kind == sema::Block::Kind::kClassifyCase; b = b->parent) {
    const sema::ClassifyCase& kase = *b->classify_case;
    if (inside(f, kase)) continue;
    for (const auto& other : kase.classify->cases) {
      if (other.get() != &kase && inside(f, *other)) return std::nullopt;
    }
    std::size_t index = 0;
    while (kase.classify->cases[index].get() != &kase) ++index;
    when.emplace_back(kase.classify, index);
  }
  return when;
}

}  // namespace

std::map<const sema::Field*, FieldUpdate> checksum_updates(const layout::Layout& layout, const sema::Packet& packet,
                                                           const std::vector<const sema::Field*>& checksums) {
  std::map<const sema::Field*, FieldUpdate> updates;
  for (const sema::Item* item : layout.packet_frame(packet).items) {
    const auto* f = item->as_field();
    if (f == nullptr || !f->type.is_integer()) continue;
    FieldUpdate u;
    u.field = f;
    for (const sema::Field* c : checksums) {
      if (c == f) continue;
      // A checksum up to a label covers only the fields before it.
      if (c->checksum->algorithm == sema::Checksum::Algorithm::kInternetRange &&
          top_level_item(*f).index >= c->checksum->end_label->index) {
        continue;
      }
      auto present = checksum_present(*c, *f);
      if (!present) continue;
      u.covering.push_back({c, std::move(*present)});
    }
    if (u.covering.empty()) continue;
    // A field at a fixed position inside one 16-bit word, or two, counted
    // from the packet start (where every checksum region begins) and
    // holding no checksum: the update uses the old and new words, a few
    // additions instead of summing byte spans.
    const layout::ItemLayout& info = layout.item(*f);
    const std::uint64_t bytes = f->type.kind == sema::Type::Kind::kBits ? f->run_bits / 8 : f->type.width / 8;
    if (info.start.slot == layout::Position::kFrameStart) {
      const std::uint64_t first = info.start.delta & ~std::uint64_t{1};
      const std::uint64_t last = (info.start.delta + bytes + 1) & ~std::uint64_t{1};
      u.word_at = first;
      u.word_bytes = last - first;
      if (u.word_bytes != 2 && u.word_bytes != 4) u.word_bytes = 0;
      for (const Covering& c : u.covering) {
        // A checksum at a position not known here might share the word.
        const auto& cstart = layout.item(*c.checksum).start;
        if (cstart.slot != layout::Position::kFrameStart) u.word_bytes = 0;
        if (cstart.slot == layout::Position::kFrameStart && cstart.delta + 2 > first &&
            cstart.delta < first + u.word_bytes) {
          u.word_bytes = 0;
        }
      }
    }
    if (u.word_bytes == 0) u.word_at = 0;
    updates[f] = std::move(u);
  }
  return updates;
}

}  // namespace mplc::plan
