// make_plan(): runs layout, the back end's verdicts and every planning step
// over each packet and frame (plan.h).
#include "plan/plan.h"

namespace mplc::plan {

std::unique_ptr<Plan> make_plan(const sema::Model& model, const PlanOptions& options, Diagnostics& diagnostics) {
  check_supported(model, diagnostics);
  if (diagnostics.has_errors()) return nullptr;
  auto layout = layout::compute_layout(model, diagnostics);
  if (layout == nullptr || diagnostics.has_errors()) return nullptr;

  auto plan = std::make_unique<Plan>();
  plan->model_ = &model;
  plan->options_ = options;
  for (const auto& frame : layout->frames()) {
    FramePlan& f = plan->frames_[frame.get()];
    f.frame = frame.get();
    f.validation = validation_program(*layout, *frame, options);
    f.values = value_order(*frame);
    f.sources = builder_sources(*frame);
    if (frame->array != nullptr) f.captures = element_captures(*layout, *frame->array);
    f.plain_element_size = plain_element_size(*layout, *frame, f.validation);
  }
  for (const auto& packet : model.packets) {
    PacketPlan& p = plan->packets_[packet.get()];
    p.packet = packet.get();
    p.names = decide_names(*packet);
    for (const sema::Item* item : layout->packet_frame(*packet).items) {
      if (const auto* f = item->as_field(); f != nullptr && f->checksum) p.checksums.push_back(f);
    }
    p.updates = checksum_updates(*layout, *packet, p.checksums);
  }
  plan->layout_ = std::move(layout);
  return plan;
}

}  // namespace mplc::plan
