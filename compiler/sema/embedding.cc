// Packets embedding packets: no cycles, and chains of bounded depth.
//
// A generated view holds each embedded packet's view by value, so a packet
// that contains itself, whether always or only through an array or a
// classify branch, gives C++ that cannot compile: every cycle is refused.
// Chains are walked with explicit stacks rather than recursion, because a
// spec of 50,000 packets each embedding the next is only 2 MB of text; the
// longest chain is then held to kMaxEmbeddingDepth so that the later phases,
// which follow embedded packets recursively, stay within their stack.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "sema/analyzer.h"

namespace mplc::sema {

namespace {

// One `name: packet target(...)` anywhere in a packet's body, with the
// array or classify case that makes it conditional (null when it is always
// there).
struct Edge {
  const Embedded* item;
  const Array* array;
  const ClassifyCase* kase;
};

std::vector<Edge> edges_of(const Packet& packet) {
  std::vector<Edge> edges;
  struct Open {
    const Block* block;
    const Array* array;
    const ClassifyCase* kase;
  };
  std::vector<Open> open{{&packet.body, nullptr, nullptr}};
  while (!open.empty()) {
    Open at = open.back();
    open.pop_back();
    for (const auto& item : at.block->items) {
      if (const Embedded* embedded = item->as_embedded()) {
        if (embedded->target != nullptr) edges.push_back({embedded, at.array, at.kase});
      } else if (const Array* array = item->as_array()) {
        bool outermost = at.array == nullptr && at.kase == nullptr;
        open.push_back({&array->element, outermost ? array : at.array, at.kase});
      } else if (const Classify* classify = item->as_classify()) {
        for (const auto& kase : classify->cases) {
          bool outermost = at.array == nullptr && at.kase == nullptr;
          open.push_back({&kase->body, at.array, outermost ? kase.get() : at.kase});
        }
      }
    }
  }
  return edges;
}

}  // namespace

void Analyzer::check_embedding_cycles() {
  std::map<const Packet*, std::vector<Edge>> edges;
  for (const auto& packet : model_->packets) edges[packet.get()] = edges_of(*packet);

  enum class State { kNew, kOpen, kDone };
  std::map<const Packet*, State> state;
  // Packets in the longest chain that starts at a packet, itself included;
  // kMaxEmbeddingDepth + 1 once the chain is over the limit (reported once).
  std::map<const Packet*, std::uint32_t> height;
  struct Frame {
    const Packet* packet;
    std::size_t next = 0;  // the next edge to follow
  };
  std::vector<Frame> stack;

  auto report_cycle = [&](const Edge& closing) {
    const Packet* target = closing.item->target;
    auto start = std::find_if(stack.begin(), stack.end(), [&](const Frame& f) { return f.packet == target; });
    std::string path;
    const Edge* conditional = closing.array != nullptr || closing.kase != nullptr ? &closing : nullptr;
    for (auto it = start; it != stack.end(); ++it) {
      path += it->packet->name + " -> ";
      if (it + 1 != stack.end()) {
        const Edge& taken = edges[it->packet][it->next - 1];
        if (conditional == nullptr && (taken.array != nullptr || taken.kase != nullptr)) conditional = &taken;
      }
    }
    path += target->name;
    if (conditional == nullptr) {
      diags_.error(closing.item->range,
                   fmt::format("packet '{}' always contains itself ({}), so it has no end", target->name, path));
      return;
    }
    std::string through = conditional->array != nullptr
                              ? fmt::format("array '{}'", conditional->array->name)
                              : fmt::format("classify case '{}'", conditional->kase->label);
    diags_.error(closing.item->range,
                 fmt::format("packet '{}' contains itself ({}) through {}; a view holds an embedded packet by "
                             "value, so recursive packets are not supported",
                             target->name, path, through));
  };

  for (const auto& root : model_->packets) {
    if (state[root.get()] != State::kNew) continue;
    state[root.get()] = State::kOpen;
    stack.push_back({root.get()});
    while (!stack.empty()) {
      Frame& frame = stack.back();
      const std::vector<Edge>& out = edges[frame.packet];
      if (frame.next < out.size()) {
        const Edge& edge = out[frame.next++];
        const Packet* target = edge.item->target;
        if (state[target] == State::kOpen) {
          report_cycle(edge);
        } else if (state[target] == State::kNew) {
          state[target] = State::kOpen;
          stack.push_back({target});
        }
        continue;
      }
      // Every edge followed: the packet's chain height is known.
      std::uint32_t own = 1;
      for (const Edge& edge : out) {
        const Packet* target = edge.item->target;
        if (state[target] != State::kDone) continue;  // a cycle, reported above
        std::uint32_t below = height[target];
        if (below > kMaxEmbeddingDepth) {
          own = kMaxEmbeddingDepth + 1;
        } else if (below + 1 > kMaxEmbeddingDepth && own <= kMaxEmbeddingDepth) {
          diags_.error(edge.item->range,
                       fmt::format("packets embedded more than {} deep: '{}' embeds '{}', which holds a chain of "
                                   "{} embedded packets",
                                   kMaxEmbeddingDepth, frame.packet->name, target->name, below));
          own = kMaxEmbeddingDepth + 1;
        } else {
          own = std::max(own, below + 1);
        }
      }
      height[frame.packet] = own;
      state[frame.packet] = State::kDone;
      stack.pop_back();
    }
  }
}

}  // namespace mplc::sema
