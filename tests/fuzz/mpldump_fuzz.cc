// libFuzzer target for mpldump on arbitrary capture files: the capture
// readers (pcap, pcapng), every link type and protocol decoder below them,
// TCP reassembly across frames, and the JSON and text printers. Each input
// is one whole file. The first byte picks --check (rebuild and truncate
// every decoded message), which is slow, for one input in eight.
#include <cstdint>
#include <cstdio>
#include <vector>

#include "capture.h"
#include "decode.h"
#include "output.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static std::FILE* sink = std::fopen("/dev/null", "w");
  if (sink == nullptr || size == 0) return 0;
  const bool check = (data[0] & 7) == 0;
  const bool verbose = (data[0] & 8) != 0;  // the -v tree as well as the summary lines
  const std::vector<std::uint8_t> file(data + 1, data + size);
  mpldump::Decoder decoder({{mpldump::Transport::kTcp, 5640, mpldump::AppProtocol::k9p}}, check);
  (void)mpldump::read_capture(file, [&](const mpldump::CaptureFrame& frame) {
    const auto& layers = decoder.decode(frame);
    mpldump::print_json(sink, frame, layers);
    mpldump::print_text(sink, frame, layers, verbose);
  });
  // What waited behind TCP gaps is decoded at the end (mpldump's last record).
  const mpldump::CaptureFrame end;
  const auto& layers = decoder.finish();
  mpldump::print_json(sink, end, layers);
  mpldump::print_text(sink, end, layers, verbose);
  return 0;
}
