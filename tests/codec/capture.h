// Test helper: the frames of a classic pcap capture, read with the pcap
// codec mplc generates from specs/pcap.mpl (so reading the corpus exercises
// that codec too).
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "corpus.h"
#include "pcap.h"

namespace codec_test {

using Frame = std::vector<std::uint8_t>;

inline std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Every frame of the capture; empty if it is not a classic pcap file.
inline std::vector<Frame> read_frames(const std::string& path, std::uint32_t* linktype = nullptr) {
  const std::vector<std::uint8_t> file = read_file(path);
  std::vector<Frame> frames;
  auto header = pcap::pcap_file_header::parse(mpl::bytes{file.data(), file.size()});
  if (!header.ok()) return frames;
  using kind = pcap::pcap_file_header::magic_case_t;
  const kind k = header->magic_case();
  const bool little = k == kind::LittleMicroseconds || k == kind::LittleNanoseconds;
  const bool nano = k == kind::LittleNanoseconds || k == kind::BigNanoseconds;
  if (linktype != nullptr) {
    if (little) {
      auto h = k == kind::LittleMicroseconds ? header->as_LittleMicroseconds()->rest() : header->as_LittleNanoseconds()->rest();
      *linktype = static_cast<std::uint32_t>(h.linktype());
    } else {
      auto h = k == kind::BigMicroseconds ? header->as_BigMicroseconds()->rest() : header->as_BigNanoseconds()->rest();
      *linktype = static_cast<std::uint32_t>(h.linktype());
    }
  }
  std::size_t at = header->size();
  while (at < file.size()) {
    const mpl::bytes rest{file.data() + at, file.size() - at};
    if (little) {
      auto record = pcap::pcap_record_le::parse(rest, nano);
      if (!record.ok()) break;
      frames.emplace_back(record->data().begin(), record->data().end());
      at += record->size();
    } else {
      auto record = pcap::pcap_record_be::parse(rest, nano);
      if (!record.ok()) break;
      frames.emplace_back(record->data().begin(), record->data().end());
      at += record->size();
    }
  }
  return frames;
}

// pcapng (draft-ietf-opsawg-pcapng): blocks of type, total length, body,
// total length. Only Enhanced and Simple Packet Blocks carry frames. A
// little-endian section is all the corpus needs; anything else gives no frames.
inline std::vector<Frame> read_pcapng_frames(const std::vector<std::uint8_t>& file) {
  auto u32 = [&](std::size_t at) {
    std::uint32_t v = 0;
    std::memcpy(&v, file.data() + at, 4);
    return v;
  };
  std::vector<Frame> frames;
  if (file.size() < 12 || u32(0) != 0x0a0d0d0a || u32(8) != 0x1a2b3c4d) return frames;
  std::size_t at = 0;
  while (at + 12 <= file.size()) {
    const std::uint32_t type = u32(at);
    const std::uint32_t length = u32(at + 4);
    if (length < 12 || length % 4 != 0 || length > file.size() - at) break;
    if (type == 6 && length >= 32) {  // enhanced packet block
      const std::uint32_t caplen = u32(at + 20);
      if (caplen <= length - 32) frames.emplace_back(file.begin() + static_cast<std::ptrdiff_t>(at + 28),
                                                     file.begin() + static_cast<std::ptrdiff_t>(at + 28 + caplen));
    } else if (type == 3 && length >= 16) {  // simple packet block
      const std::uint32_t original = u32(at + 8);
      const std::uint32_t caplen = original < length - 16 ? original : length - 16;
      frames.emplace_back(file.begin() + static_cast<std::ptrdiff_t>(at + 12),
                          file.begin() + static_cast<std::ptrdiff_t>(at + 12 + caplen));
    }
    at += length;
  }
  return frames;
}

inline Frame from_hex(const std::string& hex) {
  Frame out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

inline mpl::bytes bytes_of(const Frame& f) { return {f.data(), f.size()}; }

}  // namespace codec_test
