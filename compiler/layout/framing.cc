#include "layout/framing.h"

#include <algorithm>
#include <limits>

namespace mplc::layout {
namespace {

using sema::Expr;

// A constant the length does not count: `c`, or offset(Y) with Y ending at
// a fixed offset of the packet.
std::optional<std::uint64_t> fixed_amount(const Expr& e, const sema::Packet& packet, const Layout& layout) {
  if (e.constant) return e.constant;
  if (e.kind == Expr::Kind::kOffset && e.target != nullptr && e.target->parent == &packet.body) {
    const ItemLayout& at = layout.item(*e.target);
    if (at.end.slot == Position::kFrameStart) return at.end.delta;
  }
  return std::nullopt;
}

// offset(X) where the packet ends right after X: X is a top-level item
// without align, and whatever follows it adds no bytes (SSH's block-size
// check, a classify whose branches are all empty).
bool is_packet_end(const Expr& e, const sema::Packet& packet, const Layout& layout) {
  if (e.kind != Expr::Kind::kOffset || e.target == nullptr || e.target->parent != &packet.body) return false;
  const sema::Item& x = *e.target;
  if (x.align) return false;
  const Position end = layout.item(x).end;
  for (std::size_t i = x.index + 1; i < packet.body.items.size(); ++i) {
    if (!(layout.item(*packet.body.items[i]).end == end)) return false;
  }
  return true;
}

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return a > std::numeric_limits<std::uint64_t>::max() - b ? std::numeric_limits<std::uint64_t>::max() : a + b;
}

}  // namespace

std::optional<StreamFraming> stream_framing(const sema::Packet& packet, const Layout& layout) {
  const auto& items = packet.body.items;
  // The fixed prefix every message has: the furthest fixed end among the
  // top-level items (what precedes the first variable-length one).
  std::uint64_t prefix = 0;
  for (const auto& item : items) {
    const ItemLayout& at = layout.item(*item);
    if (at.end.slot != Position::kFrameStart) break;
    prefix = at.end.delta;
  }
  for (const auto& item : items) {
    const sema::Field* f = item->as_field();
    if (f == nullptr || f->type.kind != sema::Type::Kind::kUint || !f->value) continue;
    const ItemLayout& at = layout.item(*f);
    if (at.start.slot != Position::kFrameStart) continue;
    const Expr& v = *f->value;
    std::optional<std::uint64_t> adjust;
    if (is_packet_end(v, packet, layout)) {
      adjust = 0;
    } else if (v.kind == Expr::Kind::kBinary && v.binary_op == sema::BinaryOp::kSubtract &&
               is_packet_end(*v.operands[0], packet, layout)) {
      adjust = fixed_amount(*v.operands[1], packet, layout);
    }
    if (!adjust) continue;
    StreamFraming framing;
    framing.length = f;
    framing.offset = at.start.delta;
    framing.width = f->type.width / 8;
    framing.endian = f->endian;
    framing.adjust = *adjust;
    const std::uint64_t header = at.start.delta + framing.width;
    framing.min_size = std::max(prefix, header);
    if (f->min_int) framing.min_size = std::max(framing.min_size, saturating_add(*f->min_int, *adjust));
    const std::uint64_t field_max = std::numeric_limits<std::uint64_t>::max() >> (64 - f->type.width);
    framing.max_size = saturating_add(f->max_int ? std::min(*f->max_int, field_max) : field_max, *adjust);
    return framing;
  }
  return std::nullopt;
}

}  // namespace mplc::layout
