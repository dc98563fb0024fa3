// libpcap for what mpldump does not decode itself: BPF filter expressions
// (pcap_compile, tcpdump's syntax) over frames of any source, and live
// capture from an interface.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "capture.h"

namespace mpldump {

// A filter expression compiled once per link type it meets (a pcapng file
// may have several). An empty expression matches everything.
class Filter {
 public:
  explicit Filter(std::string expression);
  ~Filter();
  Filter(const Filter&) = delete;
  Filter& operator=(const Filter&) = delete;
  // Checks the expression's syntax for Ethernet, so that a bad filter is
  // reported before any input is read. Returns why it does not compile.
  std::string validate();
  // Whether the frame passes; `problem` is set when the expression does not
  // compile for the frame's link type.
  bool matches(const CaptureFrame& frame, std::string& problem);

 private:
  struct Compiled;
  std::string expression_;
  std::map<std::uint32_t, std::unique_ptr<Compiled>> compiled_;  // by link type
};

struct LiveResult {
  std::string error;  // empty unless the interface could not be opened or read
  std::uint64_t captured = 0;
  unsigned received = 0, dropped = 0;  // libpcap's counters (pcap_stats)
};

// Captures on `interface` until `count` frames (0: no limit) were passed to
// `on_frame`, or SIGINT or SIGTERM arrives. The filter runs in the kernel.
LiveResult capture_live(const std::string& interface, const std::string& filter, std::uint64_t count,
                        const std::function<void(const CaptureFrame&)>& on_frame);

}  // namespace mpldump
