#include "layout/layout.h"

#include <fmt/format.h>

#include <algorithm>

namespace mplc::layout {

using sema::Item;

class LayoutBuilder {
 public:
  explicit LayoutBuilder(Layout& layout) : layout_(layout) {}

  void lay_packet(const sema::Packet& packet) {
    lay_frame(packet, packet.body, nullptr);
  }

 private:
  Frame& lay_frame(const sema::Packet& packet, const sema::Block& block, const sema::Array* array) {
    auto frame = std::make_unique<Frame>();
    frame->packet = &packet;
    frame->block = &block;
    frame->array = array;
    Frame& f = *frame;
    layout_.frames_.push_back(std::move(frame));
    layout_.frame_of_block_[&block] = &f;
    lay_block(f, block, Position{});
    return f;
  }

  // A new slot for a position only validation can compute.
  static Position new_slot(Frame& frame, ItemLayout& info) {
    info.end_slot = frame.slots++;
    return Position{info.end_slot, 0};
  }

  Position lay_block(Frame& frame, const sema::Block& block, Position pos) {
    Position run_start;  // start of the current bit run
    for (const auto& owned : block.items) {
      const Item& item = *owned;
      layout_.frame_of_block_[item.parent] = &frame;
      frame.items.push_back(&item);
      ItemLayout info;
      info.start = pos;
      if (const auto* field = item.as_field()) {
        const sema::Type& type = field->type;
        switch (type.kind) {
          case sema::Type::Kind::kBits:
            if (field->run_start) {
              run_start = pos;
              info.fixed_size = true;
              info.size = field->run_bits / 8;
              info.end = Position{pos.slot, pos.delta + info.size};
            } else {
              info.start = run_start;
              info.fixed_size = true;
              info.size = 0;
              info.end = pos;
            }
            break;
          case sema::Type::Kind::kUint:
            info.fixed_size = true;
            info.size = type.width / 8;
            info.end = Position{pos.slot, pos.delta + info.size};
            break;
          case sema::Type::Kind::kLabel:
            info.fixed_size = true;
            info.end = pos;
            break;
          case sema::Type::Kind::kBytes:
            if (type.size && type.size->constant) {
              info.fixed_size = true;
              info.size = *type.size->constant;
              info.end = Position{pos.slot, pos.delta + info.size};
            } else if (type.size && type.size->kind == sema::Expr::Kind::kRemaining) {
              info.end = Position{Position::kRegionEnd, 0};
            } else {
              info.end = new_slot(frame, info);
            }
            break;
          case sema::Type::Kind::kCustom:
          case sema::Type::Kind::kError:
            info.end = new_slot(frame, info);
            break;
        }
      } else if (const auto* array = item.as_array()) {
        info.count_index = frame.counts++;
        info.end = new_slot(frame, info);
        lay_frame(*frame.packet, array->element, array);
        layout_.frame_of_block_[item.parent] = &frame;
      } else if (item.as_embedded() != nullptr) {
        info.end = new_slot(frame, info);
      } else if (const auto* classify = item.as_classify()) {
        info.case_index = frame.classifies++;
        std::vector<Position> ends;
        // Only one branch is ever validated: each starts from the same free
        // slot and count, and the classify keeps the largest extent.
        const int slots = frame.slots;
        const int counts = frame.counts;
        int max_slots = slots;
        int max_counts = counts;
        for (const auto& kase : classify->cases) {
          frame.slots = slots;
          frame.counts = counts;
          ends.push_back(lay_block(frame, kase->body, pos));
          max_slots = std::max(max_slots, frame.slots);
          max_counts = std::max(max_counts, frame.counts);
        }
        frame.slots = max_slots;
        frame.counts = max_counts;
        bool same = !ends.empty();
        for (const auto& e : ends) same = same && e == ends.front();
        if (same) {
          info.end = ends.front();
        } else {
          info.end = new_slot(frame, info);
        }
      }
      info.data_end = info.end;
      if (item.align && *item.align >= 8) {
        const std::uint64_t a = *item.align / 8;
        if (info.end.slot == Position::kFrameStart && frame.array == nullptr) {
          info.end.delta = (info.end.delta + a - 1) / a * a;
        } else {
          info.align_slot = frame.slots++;
          info.end = Position{info.align_slot, 0};
        }
      }
      pos = info.end;
      layout_.items_[&item] = info;
    }
    compute_runs(block);
    return pos;
  }

  // A run's byte count spans from its first item's start to its last
  // item's end, so static align padding inside it is checked too.
  void compute_runs(const sema::Block& block) {
    ItemLayout* run = nullptr;
    for (const auto& owned : block.items) {
      ItemLayout& info = layout_.items_.at(owned.get());
      if (!info.fixed_size) {
        run = nullptr;
        continue;
      }
      if (run == nullptr) run = &info;
      const Position& last = info.align_slot >= 0 ? info.data_end : info.end;
      run->run_bytes = last.delta - run->start.delta;
      // Padding up to a dynamic alignment is checked where it is computed.
      if (info.align_slot >= 0) run = nullptr;
    }
  }

  Layout& layout_;
};

std::unique_ptr<Layout> compute_layout(const sema::Model& model, Diagnostics& diagnostics) {
  (void)diagnostics;
  auto layout = std::make_unique<Layout>();
  LayoutBuilder builder(*layout);
  for (const auto& packet : model.packets) builder.lay_packet(*packet);
  return layout;
}

std::string position_text(const Position& position, const std::string& prefix) {
  if (position.slot == Position::kFrameStart) return fmt::format("{}", position.delta);
  if (position.slot == Position::kRegionEnd) {
    if (position.delta == 0) return fmt::format("{}region_", prefix);
    return fmt::format("{}region_ + {}", prefix, position.delta);
  }
  if (position.delta == 0) return fmt::format("{}off_[{}]", prefix, position.slot);
  return fmt::format("{}off_[{}] + {}", prefix, position.slot, position.delta);
}

namespace {

void dump_block(const Layout& layout, const sema::Block& block, int depth, std::string& out) {
  const std::string pad(static_cast<std::size_t>(depth) * 2, ' ');
  for (const auto& owned : block.items) {
    const Item& item = *owned;
    const ItemLayout& info = layout.item(item);
    std::string name = item.name.empty() ? "classify" : item.name;
    out += fmt::format("{}{}: [{}, {})", pad, name, position_text(info.start), position_text(info.end));
    if (info.fixed_size) out += fmt::format(" size {}", info.size);
    if (info.run_bytes > 0) out += fmt::format(" check {}", info.run_bytes);
    out += "\n";
    if (const auto* classify = item.as_classify()) {
      for (const auto& kase : classify->cases) {
        out += fmt::format("{}  | {}\n", pad, kase->label);
        dump_block(layout, kase->body, depth + 2, out);
      }
    }
  }
}

}  // namespace

std::string dump_layout(const sema::Model& model, const Layout& layout) {
  (void)model;
  std::string out;
  for (const auto& frame : layout.frames()) {
    out += fmt::format("frame {}{}{} (slots {}, counts {}, classifies {})\n", frame->packet->name,
                       frame->array != nullptr ? "." : "", frame->array != nullptr ? frame->array->name : "",
                       frame->slots, frame->counts, frame->classifies);
    dump_block(layout, *frame->block, 1, out);
  }
  return out;
}

}  // namespace mplc::layout
