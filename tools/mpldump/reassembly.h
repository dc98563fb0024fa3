// Puts the segments of one direction of a TCP connection back in sequence
// order (docs/mpldump.md, "Stateful decoding"). Knows nothing of the
// protocol on top: it hands back runs of bytes (chunks), each saying how it
// relates to what came before, and the caller frames messages in them.
//
// * In order: delivered at once.
// * Retransmitted or overlapping: the bytes already delivered are dropped,
//   the new ones kept (the first copy of a byte wins, as a receiver does).
//   Except when a segment overlapping the last bytes delivered (up to
//   kRecent of them are kept) has other bytes there and new ones after:
//   no retransmission, but a rewritten stream (crafted captures do it);
//   the segment then restarts the stream at its first byte (Chunk::kRestart).
// * Ahead of a gap: kept, sorted, until the gap fills, then delivered with
//   it. Bounded: at most Limits::segments segments and Limits::bytes bytes
//   wait; one more and the gap is given up (skip_gap()).
// * A gap that will not fill: skip_gap() delivers what waits after it as a
//   restart. The caller decides when (BGP at once, when the marker can
//   resync it); acknowledged() does it when the peer acknowledges bytes
//   beyond the gap (the receiver had them, the capture lost them); flush()
//   at the end of the capture delivers everything.
// * A segment that arrives after its gap was skipped (late, reordered) is
//   delivered on its own (Chunk::kLate): the bytes of the hole it fills,
//   once; the hole list is bounded too (Limits::holes, oldest forgotten).
//
// Sequence numbers wrap (RFC 9293 §3.4): every comparison is of the signed
// 32-bit distance between two numbers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <mpl/bytes.h>

namespace mpldump {

class TcpReassembly {
 public:
  static constexpr std::size_t kRecent = 4096;  // delivered bytes kept to check overlaps
  struct Limits {
    std::size_t segments = 64;       // waiting out of order
    std::size_t bytes = 1u << 20;    // waiting out of order
    std::size_t holes = 16;          // skipped ranges remembered for late segments
  };
  struct Chunk {
    enum class Kind {
      kContinue,  // continues the bytes delivered before
      kRestart,   // after a skipped gap: what was being framed is incomplete
      kLate,      // bytes of an earlier skipped gap: frame them on their own
    } kind = Kind::kContinue;
    std::vector<std::uint8_t> bytes;
  };

  TcpReassembly() = default;
  explicit TcpReassembly(Limits limits) : limits_(limits) {}

  // A SYN with sequence number `seq`: the stream starts at seq + 1, and
  // whatever waited from an earlier connection on the same ports is gone.
  void syn(std::uint32_t seq);
  // One segment's payload. Appends what it makes deliverable to `out`.
  void segment(std::uint32_t seq, mpl::bytes payload, std::vector<Chunk>& out);
  // The peer acknowledged everything before `ack`: a gap below it will not
  // fill from this capture, so it is skipped.
  void acknowledged(std::uint32_t ack, std::vector<Chunk>& out);
  // Gives up the current gap: the segments after it are delivered as a
  // restart. Nothing happens when nothing waits.
  void skip_gap(std::vector<Chunk>& out);
  // End of the capture: every waiting segment, gaps skipped.
  void flush(std::vector<Chunk>& out);

  bool waiting() const { return !waiting_.empty(); }
  std::size_t waiting_bytes() const { return waiting_bytes_; }
  // The payload of the first segment after the gap (empty when none waits).
  mpl::bytes first_waiting() const;

 private:
  struct Segment {
    std::uint32_t seq = 0;
    std::vector<std::uint8_t> bytes;
  };
  struct Hole {
    std::uint32_t begin = 0, end = 0;
  };

  // Delivers `payload`, whose first byte is next_'s (callers trim it so).
  void deliver(mpl::bytes payload, Chunk::Kind kind, std::vector<Chunk>& out);
  void drain_waiting(std::vector<Chunk>& out);
  void late(std::uint32_t seq, mpl::bytes payload, std::vector<Chunk>& out);

  Limits limits_;
  bool synced_ = false;
  std::uint32_t next_ = 0;  // the sequence number of the next byte to deliver
  bool acked_known_ = false;
  std::uint32_t acked_ = 0;  // the highest acknowledgment the peer sent
  std::vector<Segment> waiting_;  // sorted by distance from next_, all beyond it
  std::size_t waiting_bytes_ = 0;
  std::vector<Hole> holes_;  // oldest first
  std::vector<std::uint8_t> recent_;  // the last bytes delivered, up to kRecent, ending at next_
};

}  // namespace mpldump
