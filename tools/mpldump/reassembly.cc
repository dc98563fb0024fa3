#include "reassembly.h"

#include <algorithm>
#include <utility>

namespace mpldump {

namespace {

// How far `a` is after `b` in sequence space (negative: before). Sequence
// numbers wrap, so only the signed 32-bit difference means anything.
std::int64_t after(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b); }

}  // namespace

void TcpReassembly::syn(std::uint32_t seq) {
  synced_ = true;
  next_ = seq + 1;
  acked_known_ = false;
  waiting_.clear();
  waiting_bytes_ = 0;
  holes_.clear();
  recent_.clear();
}

mpl::bytes TcpReassembly::first_waiting() const {
  if (waiting_.empty()) return {};
  return mpl::bytes{waiting_.front().bytes.data(), waiting_.front().bytes.size()};
}

void TcpReassembly::deliver(mpl::bytes payload, Chunk::Kind kind, std::vector<Chunk>& out) {
  if (payload.empty()) return;
  if (kind == Chunk::Kind::kContinue && !out.empty() && out.back().kind != Chunk::Kind::kLate) {
    out.back().bytes.insert(out.back().bytes.end(), payload.begin(), payload.end());
  } else {
    out.push_back(Chunk{kind, std::vector<std::uint8_t>(payload.begin(), payload.end())});
  }
  next_ += static_cast<std::uint32_t>(payload.size());
  if (kind != Chunk::Kind::kContinue) recent_.clear();
  if (payload.size() >= kRecent) {
    recent_.assign(payload.end() - static_cast<std::ptrdiff_t>(kRecent), payload.end());
  } else {
    const std::size_t keep = std::min(recent_.size(), kRecent - payload.size());
    recent_.erase(recent_.begin(), recent_.end() - static_cast<std::ptrdiff_t>(keep));
    recent_.insert(recent_.end(), payload.begin(), payload.end());
  }
}

void TcpReassembly::segment(std::uint32_t seq, mpl::bytes payload, std::vector<Chunk>& out) {
  if (payload.empty()) return;
  if (!synced_) {  // the first segment seen (the capture started mid-stream)
    synced_ = true;
    next_ = seq;
  }
  std::int64_t ahead = after(seq, next_);
  if (ahead < 0) {
    const auto behind = static_cast<std::size_t>(-ahead);
    if (behind >= payload.size()) return late(seq, payload, out);
    if (behind <= recent_.size() &&
        !std::equal(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(behind),
                    recent_.end() - static_cast<std::ptrdiff_t>(behind))) {
      next_ = seq;  // rewritten, not retransmitted: start again here
      deliver(payload, Chunk::Kind::kRestart, out);
      return drain_waiting(out);
    }
    late(seq, payload.first(behind), out);
    payload = payload.subspan(behind);  // now starts at next_
    ahead = 0;
  }
  if (ahead == 0) {
    deliver(payload, Chunk::Kind::kContinue, out);
    return drain_waiting(out);
  }
  // Beyond a gap: wait, sorted. A second copy of a waiting segment keeps
  // the longer of the two (their common bytes are the same in a sound
  // stream; when they are not, the first copy wins below anyway).
  const auto at = std::find_if(waiting_.begin(), waiting_.end(),
                               [&](const Segment& s) { return after(s.seq, next_) >= ahead; });
  if (at != waiting_.end() && at->seq == seq) {
    if (at->bytes.size() < payload.size()) {
      waiting_bytes_ += payload.size() - at->bytes.size();
      at->bytes.assign(payload.begin(), payload.end());
    }
  } else {
    waiting_.insert(at, Segment{seq, std::vector<std::uint8_t>(payload.begin(), payload.end())});
    waiting_bytes_ += payload.size();
  }
  if (acked_known_ && after(acked_, next_) > 0) return acknowledged(acked_, out);
  while (waiting_.size() > limits_.segments || waiting_bytes_ > limits_.bytes) skip_gap(out);
}

void TcpReassembly::drain_waiting(std::vector<Chunk>& out) {
  while (!waiting_.empty()) {
    const std::int64_t ahead = after(waiting_.front().seq, next_);
    if (ahead > 0) return;
    Segment s = std::move(waiting_.front());
    waiting_.erase(waiting_.begin());
    waiting_bytes_ -= s.bytes.size();
    const auto behind = static_cast<std::size_t>(-ahead);
    if (behind >= s.bytes.size()) continue;  // all delivered already
    deliver(mpl::bytes{s.bytes}.subspan(behind), Chunk::Kind::kContinue, out);
  }
}

void TcpReassembly::skip_gap(std::vector<Chunk>& out) {
  if (waiting_.empty()) return;
  Segment s = std::move(waiting_.front());
  waiting_.erase(waiting_.begin());
  waiting_bytes_ -= s.bytes.size();
  holes_.push_back(Hole{next_, s.seq});
  if (holes_.size() > limits_.holes) holes_.erase(holes_.begin());
  next_ = s.seq;
  deliver(s.bytes, Chunk::Kind::kRestart, out);
  drain_waiting(out);
}

void TcpReassembly::acknowledged(std::uint32_t ack, std::vector<Chunk>& out) {
  if (!acked_known_ || after(ack, acked_) > 0) acked_ = ack;
  acked_known_ = true;
  if (!synced_) return;
  while (!waiting_.empty() && after(acked_, next_) > 0) skip_gap(out);
}

void TcpReassembly::flush(std::vector<Chunk>& out) {
  while (!waiting_.empty()) skip_gap(out);
}

// Bytes before next_: a retransmission of delivered bytes (dropped), or
// bytes of a hole a skipped gap left (delivered once, on their own).
void TcpReassembly::late(std::uint32_t seq, mpl::bytes payload, std::vector<Chunk>& out) {
  if (holes_.empty()) return;  // the common case: a plain retransmission
  std::vector<Hole> kept;
  for (const Hole& h : holes_) {
    const std::int64_t length = after(h.end, h.begin);
    const std::int64_t start = after(seq, h.begin);  // the payload's first byte, from the hole's
    const std::int64_t from = std::max<std::int64_t>(0, start);
    const std::int64_t to = std::min<std::int64_t>(length, start + static_cast<std::int64_t>(payload.size()));
    if (from >= to) {
      kept.push_back(h);
      continue;
    }
    const mpl::bytes piece = payload.subspan(static_cast<std::size_t>(from - start), static_cast<std::size_t>(to - from));
    out.push_back(Chunk{Chunk::Kind::kLate, std::vector<std::uint8_t>(piece.begin(), piece.end())});
    if (from > 0) kept.push_back(Hole{h.begin, h.begin + static_cast<std::uint32_t>(from)});
    if (to < length) kept.push_back(Hole{h.begin + static_cast<std::uint32_t>(to), h.end});
  }
  while (kept.size() > limits_.holes) kept.erase(kept.begin());
  holes_ = std::move(kept);
}

}  // namespace mpldump
