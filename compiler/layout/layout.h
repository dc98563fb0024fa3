// Layout analysis: where every item of a packet sits, and what validation
// must check to prove every later access in bounds.
//
// A *frame* is a region the generated code validates as one unit and keeps
// one offset table for: a packet body, or the body of one array element
// (elements are validated one at a time and viewed through their own view
// class). Classify branches are not frames: their items live in the frame of
// the enclosing block, so a branch's fields are read through the same offset
// table.
//
// Every item gets a start and an end Position. A Position is "slot + delta":
// slot -1 means the frame start, slot -2 the end of the frame's region
// (region_: where a byte[remaining()] ends, so it needs no slot), slot k
// means off_[k] of the frame's offset table, filled during validation just
// after the variable-length item that created it. The branches of a
// classify exclude each other, so they share slots (and array counts): the
// table is as large as the largest branch, not the sum of all of them. Items of fixed size whose start is known relative to a slot
// need no slot of their own, so accessors are a load at `off_[k] + delta`
// (or a constant offset) with no checks.
//
// Bounds checks are grouped into *runs*: maximal sequences of consecutive
// fixed-size items in one block. Validation checks each run once, at its
// first item, for the run's total byte count; the items after it in the run
// are then in bounds by construction. A variable-length item, a classify, or
// an align(...) ends a run.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sema/model.h"
#include "support/diagnostics.h"

namespace mplc::layout {

struct Position {
  static constexpr int kFrameStart = -1;
  static constexpr int kRegionEnd = -2;
  int slot = kFrameStart;   // kFrameStart, kRegionEnd, or k: off_[k]
  std::uint64_t delta = 0;  // bytes after the slot
  bool operator==(const Position& o) const { return slot == o.slot && delta == o.delta; }
};

struct ItemLayout {
  Position start;
  Position end;       // where the next item starts (after any align padding)
  Position data_end;  // where the item's own bytes end (before align padding)
  bool fixed_size = false;  // size known at compile time
  std::uint64_t size = 0;   // when fixed_size: bytes the item adds (a bit run's bytes on its first field)
  std::uint64_t run_bytes = 0;  // > 0: a bounds-check run of this many bytes starts here
  int end_slot = -1;        // the slot this item's data_end fills, or -1
  int align_slot = -1;      // the slot its aligned end fills (align on a variable position), or -1
  int count_index = -1;     // arrays: index into the frame's element counts
  int case_index = -1;      // classify: index into the frame's chosen-case table
};

struct Frame {
  const sema::Packet* packet = nullptr;
  const sema::Block* block = nullptr;  // packet body or array element body
  const sema::Array* array = nullptr;  // set for element frames
  int slots = 0;
  int counts = 0;
  int classifies = 0;
  // Every item of the frame (classify branch items included, array element
  // items excluded), in source order.
  std::vector<const sema::Item*> items;
};

class Layout {
 public:
  const ItemLayout& item(const sema::Item& item) const { return items_.at(&item); }
  // The frame an item belongs to (branch items belong to the enclosing frame).
  const Frame& frame_of(const sema::Item& item) const { return *frame_of_block_.at(item.parent); }
  const Frame& packet_frame(const sema::Packet& packet) const { return *frame_of_block_.at(&packet.body); }
  const Frame& element_frame(const sema::Array& array) const { return *frame_of_block_.at(&array.element); }
  const std::vector<std::unique_ptr<Frame>>& frames() const { return frames_; }

 private:
  friend class LayoutBuilder;
  std::map<const sema::Item*, ItemLayout> items_;
  std::map<const sema::Block*, Frame*> frame_of_block_;
  std::vector<std::unique_ptr<Frame>> frames_;
};

// Lays out every packet of the model (imported ones too: the generator
// needs to know their interfaces). Reports constructs layout cannot handle.
std::unique_ptr<Layout> compute_layout(const sema::Model& model, Diagnostics& diagnostics);

// `mplc --dump=layout`: every frame with each item's position, size and runs.
std::string dump_layout(const sema::Model& model, const Layout& layout);

// "off_[2] + 4", "6": a Position as text (for dumps and generated code);
// `prefix` is put before `off_` (e.g. "f_->").
std::string position_text(const Position& position, const std::string& prefix = "");

}  // namespace mplc::layout
