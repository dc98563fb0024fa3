// The 9P message the 9P benchmark cases parse, copied byte for byte from a
// capture of the project's own, so the benchmark needs no file at run time.
#pragma once

#include <cstdint>

namespace bench {

// tests/app_protocols/diod_9p2000L.pcap (made by make_9p_capture.sh: diod
// serving a fresh directory to diodcat over loopback, port 5640), frame 141:
// the TCP payload, one 9P2000.L Rread of 41 bytes, tag 0, count 30, the whole
// of docs/readme ("a second file, in a directory\n"). Every Rread of the
// capture is this small (16, 0, 30 and 0 data bytes): the files are tiny.
inline constexpr std::uint8_t kP9Rread[41] = {
    0x29, 0x00, 0x00, 0x00, 0x75, 0x00, 0x00, 0x1e, 0x00, 0x00, 0x00, 0x61,
    0x20, 0x73, 0x65, 0x63, 0x6f, 0x6e, 0x64, 0x20, 0x66, 0x69, 0x6c, 0x65,
    0x2c, 0x20, 0x69, 0x6e, 0x20, 0x61, 0x20, 0x64, 0x69, 0x72, 0x65, 0x63,
    0x74, 0x6f, 0x72, 0x79, 0x0a,
};

}  // namespace bench
