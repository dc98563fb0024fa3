// Frames of a capture file, classic pcap or pcapng, read with the codecs
// generated from specs/pcap.mpl and specs/pcapng.mpl.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
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

// The largest pcap record or pcapng block mpldump reads (far above
// libpcap's largest snapshot length, 262,144): a larger length is an error,
// so a corrupt or hostile length never makes mpldump buffer without bound.
inline constexpr std::size_t kMaxRecord = std::size_t{64} << 20;

// Where the capture's bytes come from: a whole file in memory, or a
// descriptor (a file, a pipe) read as the records are needed.
class CaptureSource {
 public:
  virtual ~CaptureSource() = default;
  // The bytes from `offset` on: at least `n` of them unless the input ends
  // first. Offsets never go back: the bytes before `offset` may be released,
  // and a view returned earlier is invalid after the next call.
  mpl::bytes at(std::size_t offset, std::size_t n) { return finished_ ? mpl::bytes{} : fetch(offset, n); }
  // Ends the input here (mpldump -c): the reader stops after this frame.
  void finish() { finished_ = true; }

 private:
  virtual mpl::bytes fetch(std::size_t offset, std::size_t n) = 0;
  bool finished_ = false;
};

class MemorySource final : public CaptureSource {
 public:
  explicit MemorySource(mpl::bytes file) : file_(file) {}

 private:
  mpl::bytes fetch(std::size_t offset, std::size_t) override {
    return offset < file_.size() ? file_.subspan(offset) : mpl::bytes{};
  }

  mpl::bytes file_;
};

// Reads a descriptor with read(2) as records are needed, so that frames
// from a pipe are decoded as they arrive; holds at most one record plus
// one read's worth of bytes. A read error ends the input, as the end of
// the file does; `error()` then says why.
class StreamSource final : public CaptureSource {
 public:
  // `before_read` runs before every read(2), which may block: mpldump
  // flushes its output there, so what a pipe delivered is printed before
  // waiting for more, at the cost of one write per 64 KiB read.
  explicit StreamSource(int fd, std::function<void()> before_read = {})
      : fd_(fd), before_read_(std::move(before_read)) {}
  const std::string& error() const { return error_; }

 private:
  mpl::bytes fetch(std::size_t offset, std::size_t n) override;
  int fd_;
  std::function<void()> before_read_;
  std::vector<std::uint8_t> buffer_;
  std::size_t base_ = 0;   // the file offset of buffer_[0]
  bool ended_ = false;
  std::string error_;
};

// Calls `on_frame` for every frame. Returns an empty string, or what makes
// the file unreadable (not a capture, a record cut short, a corrupt length).
// Frames before the problem have been delivered.
std::string read_capture(CaptureSource& source, const std::function<void(const CaptureFrame&)>& on_frame);
std::string read_capture(const std::vector<std::uint8_t>& file,
                         const std::function<void(const CaptureFrame&)>& on_frame);

}  // namespace mpldump
