// Stream framing: for a packet whose total size is given by a length field
// at a fixed offset (layout/framing.h has the rule), P::frame(prefix) says
// how many bytes the next message of a TCP stream needs, through the
// runtime's mpl::frame_length_field() (mpl/frame.h). Packets the rule does
// not cover get no frame().
#include <fmt/format.h>

#include "codegen/emitter.h"
#include "layout/framing.h"

namespace mplc::codegen {

void emit_frame(Emitter& emitter, const sema::Packet& packet) {
  const auto framing = layout::stream_framing(packet, emitter.layout());
  if (!framing) return;
  Printer& out = emitter.out();
  const std::string adjust =
      framing->adjust == 0 ? "" : fmt::format(" + {}", framing->adjust);
  out.line("// Stream framing: a $name$ message is `$length$`$adjust$ bytes long ($min$..$max$).",
           {{"name", packet.name}, {"length", framing->length->accessor}, {"adjust", adjust},
            {"min", std::to_string(framing->min_size)}, {"max", std::to_string(framing->max_size)}});
  out.line("// How many bytes the message at the start of `prefix` needs (mpl/frame.h).");
  out.line("constexpr mpl::frame_status frame(mpl::bytes prefix) noexcept {");
  out.line("  constexpr mpl::length_field length{.offset = $offset$, .width = $width$, .order = std::endian::$order$,",
           {{"offset", std::to_string(framing->offset)}, {"width", std::to_string(framing->width)},
            {"order", framing->endian == sema::Endian::kBig ? "big" : "little"}});
  out.line("                                     .adjust = $adjust$, .min_size = $min$, .max_size = $max$u};",
           {{"adjust", std::to_string(framing->adjust)}, {"min", std::to_string(framing->min_size)},
            {"max", std::to_string(framing->max_size)}});
  out.line("  return mpl::frame_length_field(prefix, length);");
  out.line("}");
  out.blank();
}

}  // namespace mplc::codegen
