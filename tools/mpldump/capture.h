// Frames of a capture file, classic pcap or pcapng, read with the codecs
// generated from specs/pcap.mpl and specs/pcapng.mpl.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <mpl/bytes.h>

namespace mpldump {

struct CaptureFrame {
  std::uint64_t number = 0;       // 1-based, in file order
  std::uint64_t seconds = 0;      // since 1970-01-01 UTC
  std::uint32_t nanoseconds = 0;  // within the second
  unsigned fraction_digits = 6;   // the resolution the file records (6 or 9)
  std::uint32_t linktype = 0;
  std::uint32_t original_length = 0;
  mpl::bytes data;
};

// Calls `on_frame` for every frame. Returns an empty string, or what makes
// the file unreadable (not a capture, a record cut short, a corrupt length).
// Frames before the problem have been delivered.
std::string read_capture(const std::vector<std::uint8_t>& file,
                         const std::function<void(const CaptureFrame&)>& on_frame);

}  // namespace mpldump
