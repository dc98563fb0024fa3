// The BGP UPDATE the bgp_update cases parse and build, taken from
// tests/captures/bgp.pcap, which this project made itself
// (tests/captures/make_bgp_capture.sh: two BIRD 2 daemons, AS 65001 and AS
// 65002, between two network namespaces; see tests/captures/README.md).
// Carried as an array so the benchmark needs no file at run time;
// bench/capture_packets.py prints it from the capture and --check compares
// (ctest bench.packets_from_captures). bgp_cases.cc checks at start-up that
// every parser reads from it the values tshark shows and that every builder
// reproduces it exactly.
#pragma once

#include <cstdint>

namespace bench {

// bgp.pcap, frame 13: the TCP payload, one BGP message from A (10.53.0.1, AS
// 65001) to B: an UPDATE with no withdrawn routes; path attributes ORIGIN
// (IGP), AS_PATH (one AS_SEQUENCE of AS 65001, four-octet AS numbers, one-byte
// length), NEXT_HOP 10.53.0.1, MULTI_EXIT_DISC 50 and COMMUNITIES (65001:100);
// one NLRI prefix, 198.51.100.0/24. Both OPENs of the session advertise the
// four-octet AS capability (65), hence 4-byte AS numbers.
inline constexpr std::uint8_t kBgpUpdate[61] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0x00, 0x3d, 0x02, 0x00, 0x00, 0x00, 0x22, 0x40,
    0x01, 0x01, 0x00, 0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9,
    0x40, 0x03, 0x04, 0x0a, 0x35, 0x00, 0x01, 0x80, 0x04, 0x04, 0x00, 0x00,
    0x00, 0x32, 0xc0, 0x08, 0x04, 0xfd, 0xe9, 0x00, 0x64, 0x18, 0xc6, 0x33,
    0x64,
};

}  // namespace bench
