// What every parser of the 9P Rread case must produce, as plain values, so
// the benchmark can check the implementations agree and hand the result to
// benchmark::DoNotOptimize.
#pragma once

#include <cstdint>

namespace bench {

struct RreadFields {
  std::uint32_t size = 0;  // size[4]: the whole message
  std::uint8_t type = 0;   // 117
  std::uint16_t tag = 0;
  std::uint32_t count = 0;
  // The data span: how many bytes, and the first one (0 when empty).
  std::uint32_t data_size = 0;
  std::uint8_t data_first = 0;

  bool operator==(const RreadFields&) const = default;
};

}  // namespace bench
