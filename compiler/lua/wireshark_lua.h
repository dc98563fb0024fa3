// The Wireshark back end: the analysed model in, one Lua dissector out
// (`mplc --emit=wireshark-lua`, docs/wireshark.md). It stands beside the C++
// back end (compiler/codegen) and shares nothing with it but the model.
#pragma once

#include <string>
#include <vector>

#include "sema/model.h"
#include "support/diagnostics.h"

namespace mplc::lua {

struct WiresharkOptions {
  // How the banner names the spec (e.g. "specs/dns.mpl").
  std::string spec_display_path;
  // The protocol's filter name: "mpl_<stem>" when empty (Wireshark's own
  // dissectors already own the plain names: dns, bgp, 9p ...).
  std::string proto_name;
  // The packet a frame (or a TCP stream) is dissected as; empty means the
  // first packet of the root file that no other root packet embeds.
  std::string top_packet;
  // Registrations: "udp:5353", "tcp:179" (a port of that dissector table;
  // TCP streams are reassembled into whole messages), or "TABLE:VALUE" for
  // any other integer dissector table ("ethertype:0x88b5").
  std::vector<std::string> registrations;
  // Printed in the banner; MPLC_VERSION when empty.
  std::string compiler_version;
};

// The dissector for the root file's spec (the packets of imported files are
// generated into the same file, so the output needs nothing else). Reports
// bad options (an unknown packet, a malformed registration) as errors.
std::string generate_wireshark_lua(const sema::Model& model, const WiresharkOptions& options,
                                   Diagnostics& diagnostics);

}  // namespace mplc::lua
