// The text keys the Decoder files IP packets and TCP streams under:
// "src>dst" (IPv4 addresses as 32-bit decimal numbers, IPv6 as hex), and
// "src>dst:sport>dport" for a stream, with the other direction's key. They
// are built for every packet, into strings that keep their capacity, so
// building them allocates nothing once a capture is under way.
#pragma once

#include <array>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include <mpl/bytes.h>

namespace mpldump {

inline void append_key_hex(std::string& out, mpl::bytes b) {
  static constexpr char digits[] = "0123456789abcdef";
  for (std::uint8_t c : b) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
}

inline void append_key_decimal(std::string& out, std::uint64_t n) {
  std::array<char, 20> digits{};
  const auto end = std::to_chars(digits.data(), digits.data() + digits.size(), n).ptr;
  out.append(digits.data(), end);
}

// `addresses` "src>dst": the stream's key, and the other direction's.
inline void stream_keys(std::string_view addresses, std::uint16_t source_port, std::uint16_t destination_port,
                        std::string& key, std::string& reverse) {
  key.assign(addresses);
  key += ':';
  append_key_decimal(key, source_port);
  key += '>';
  append_key_decimal(key, destination_port);
  const std::size_t gt = addresses.find('>');
  reverse.assign(addresses.substr(gt + 1));
  reverse += '>';
  reverse += addresses.substr(0, gt);
  reverse += ':';
  append_key_decimal(reverse, destination_port);
  reverse += '>';
  append_key_decimal(reverse, source_port);
}

}  // namespace mpldump
