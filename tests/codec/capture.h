// Test helper: the frames of a classic pcap capture, read with the pcap
// codec mplc generates from specs/pcap.mpl (so reading the corpus exercises
// that codec too).
#pragma once

#include <cstdint>
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

inline Frame from_hex(const std::string& hex) {
  Frame out;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<std::uint8_t>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

inline mpl::bytes bytes_of(const Frame& f) { return {f.data(), f.size()}; }

}  // namespace codec_test
