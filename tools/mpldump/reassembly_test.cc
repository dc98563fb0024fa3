// TcpReassembly on segments made by hand: order, retransmission, overlap,
// gaps given up (by the caller, by an acknowledgment, by the bounds, at the
// end) and late segments, with sequence numbers that wrap.
#include "reassembly.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace mpldump {
namespace {

using Kind = TcpReassembly::Chunk::Kind;

mpl::bytes b(const std::string& s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

// The chunks as text: "+abc" continues, "!abc" restarts, "~abc" late.
std::string shown(const std::vector<TcpReassembly::Chunk>& chunks) {
  std::string out;
  for (const auto& c : chunks) {
    out += c.kind == Kind::kContinue ? "+" : c.kind == Kind::kRestart ? "!" : "~";
    out.append(c.bytes.begin(), c.bytes.end());
  }
  return out;
}

struct Fixture {
  TcpReassembly r;
  explicit Fixture(TcpReassembly::Limits limits = {}) : r(limits) {}
  std::string seg(std::uint32_t seq, const std::string& data) {
    std::vector<TcpReassembly::Chunk> out;
    r.segment(seq, b(data), out);
    return shown(out);
  }
  std::string ack(std::uint32_t n) {
    std::vector<TcpReassembly::Chunk> out;
    r.acknowledged(n, out);
    return shown(out);
  }
  std::string skip() {
    std::vector<TcpReassembly::Chunk> out;
    r.skip_gap(out);
    return shown(out);
  }
  std::string flush() {
    std::vector<TcpReassembly::Chunk> out;
    r.flush(out);
    return shown(out);
  }
};

TEST(TcpReassembly, InOrderSegmentsAreDeliveredAtOnce) {
  Fixture f;
  f.r.syn(99);
  EXPECT_EQ(f.seg(100, "abc"), "+abc");
  EXPECT_EQ(f.seg(103, "de"), "+de");
  EXPECT_FALSE(f.r.waiting());
}

TEST(TcpReassembly, TheFirstSegmentSeenStartsTheStreamWithoutASyn) {
  Fixture f;
  EXPECT_EQ(f.seg(5000, "abc"), "+abc");
  EXPECT_EQ(f.seg(5003, "d"), "+d");
}

TEST(TcpReassembly, ReorderedSegmentsWaitForTheGapThenComeOutInOrder) {
  Fixture f;
  f.r.syn(0);
  EXPECT_EQ(f.seg(1, "ab"), "+ab");
  EXPECT_EQ(f.seg(7, "gh"), "");
  EXPECT_EQ(f.seg(5, "ef"), "");
  EXPECT_TRUE(f.r.waiting());
  EXPECT_EQ(f.r.waiting_bytes(), 4u);
  EXPECT_EQ(f.seg(3, "cd"), "+cdefgh");
  EXPECT_FALSE(f.r.waiting());
  EXPECT_EQ(f.r.waiting_bytes(), 0u);
}

TEST(TcpReassembly, RetransmissionsAndOverlapsDeliverEachByteOnce) {
  Fixture f;
  f.r.syn(0);
  EXPECT_EQ(f.seg(1, "abcd"), "+abcd");
  EXPECT_EQ(f.seg(1, "abcd"), "");     // the same segment again
  EXPECT_EQ(f.seg(3, "cdef"), "+ef");  // overlaps the end of what was delivered
  EXPECT_EQ(f.seg(9, "ij"), "");
  EXPECT_EQ(f.seg(9, "ijk"), "");      // a longer copy of a waiting segment
  EXPECT_EQ(f.seg(8, "hi"), "");       // overlaps a waiting one
  EXPECT_EQ(f.seg(7, "g"), "+ghijk");
}

TEST(TcpReassembly, AnOverlapWithOtherBytesRestartsTheStreamAtIt) {
  Fixture f;
  f.r.syn(0);
  EXPECT_EQ(f.seg(1, "abcd"), "+abcd");
  EXPECT_EQ(f.seg(3, "cdef"), "+ef");    // the same bytes where they overlap: trimmed
  EXPECT_EQ(f.seg(5, "XfgH"), "!XfgH");  // other bytes there: rewritten from 5 on
  EXPECT_EQ(f.seg(9, "i"), "+i");
  EXPECT_EQ(f.seg(1, "abcdef"), "");     // entirely old: dropped whatever its bytes
}

TEST(TcpReassembly, SkippingAGapRestartsAndALateSegmentFillsTheHoleOnItsOwn) {
  Fixture f;
  f.r.syn(0);
  EXPECT_EQ(f.seg(1, "ab"), "+ab");
  EXPECT_EQ(f.seg(5, "ef"), "");
  EXPECT_EQ(f.skip(), "!ef");
  EXPECT_EQ(f.seg(7, "g"), "+g");
  EXPECT_EQ(f.seg(3, "cd"), "~cd");  // the hole [3, 5)
  EXPECT_EQ(f.seg(3, "cd"), "");     // filled already: a retransmission now
  EXPECT_EQ(f.skip(), "");           // nothing waits
}

TEST(TcpReassembly, ALateSegmentDeliversOnlyTheBytesOfTheHole) {
  Fixture f;
  f.r.syn(0);
  EXPECT_EQ(f.seg(1, "a"), "+a");
  EXPECT_EQ(f.seg(6, "fg"), "");
  EXPECT_EQ(f.skip(), "!fg");
  EXPECT_EQ(f.seg(3, "c"), "~c");     // the middle of the hole [2, 6)
  EXPECT_EQ(f.seg(1, "abcdefg"), "~b~de");  // both pieces left, not c again
  EXPECT_EQ(f.seg(1, "abcdefgh"), "+h");
}

TEST(TcpReassembly, AnAcknowledgmentBeyondTheGapGivesItUp) {
  Fixture f;
  f.r.syn(0);
  EXPECT_EQ(f.seg(1, "ab"), "+ab");
  EXPECT_EQ(f.seg(5, "ef"), "");
  EXPECT_EQ(f.ack(3), "");      // the receiver has only up to the gap
  EXPECT_EQ(f.ack(7), "!ef");  // it had the gap's bytes: the capture lost them
  EXPECT_EQ(f.ack(5), "");      // acknowledgments never go back
  EXPECT_EQ(f.ack(10), "");          // nothing waits
  EXPECT_EQ(f.seg(11, "k"), "!k");   // beyond an acknowledgment seen already: given up at once
  EXPECT_EQ(f.seg(7, "ghij"), "~ghij");
  EXPECT_EQ(f.flush(), "");
}

TEST(TcpReassembly, BeyondTheBoundsTheOldestGapIsGivenUp) {
  Fixture segments(TcpReassembly::Limits{3, 1000, 16});
  segments.r.syn(0);
  EXPECT_EQ(segments.seg(3, "c"), "");
  EXPECT_EQ(segments.seg(5, "e"), "");
  EXPECT_EQ(segments.seg(7, "g"), "");
  EXPECT_EQ(segments.seg(9, "i"), "!c");  // four waiting: the first gap goes
  EXPECT_EQ(segments.flush(), "!e!g!i");

  Fixture bytes(TcpReassembly::Limits{64, 4, 16});
  bytes.r.syn(0);
  EXPECT_EQ(bytes.seg(3, "cd"), "");
  EXPECT_EQ(bytes.seg(6, "fgh"), "!cd");  // five bytes waiting, four allowed
  EXPECT_EQ(bytes.r.waiting_bytes(), 3u);
}

TEST(TcpReassembly, HolesAreForgottenBeyondTheirBound) {
  Fixture f(TcpReassembly::Limits{64, 1000, 1});
  f.r.syn(0);
  EXPECT_EQ(f.seg(2, "b"), "");
  EXPECT_EQ(f.skip(), "!b");
  EXPECT_EQ(f.seg(4, "d"), "");
  EXPECT_EQ(f.skip(), "!d");
  EXPECT_EQ(f.seg(1, "a"), "");   // the hole [1, 2) is forgotten
  EXPECT_EQ(f.seg(3, "c"), "~c");
}

TEST(TcpReassembly, SequenceNumbersWrap) {
  Fixture f;
  f.r.syn(0xfffffffe);
  EXPECT_EQ(f.seg(0xffffffff, "a"), "+a");
  EXPECT_EQ(f.seg(2, "d"), "");
  EXPECT_EQ(f.seg(0, "bc"), "+bcd");
}

TEST(TcpReassembly, ASynForgetsTheEarlierConnection) {
  Fixture f;
  f.r.syn(0);
  EXPECT_EQ(f.seg(5, "x"), "");
  f.r.syn(1000);
  EXPECT_FALSE(f.r.waiting());
  EXPECT_EQ(f.seg(1001, "a"), "+a");
  EXPECT_EQ(f.flush(), "");
}

}  // namespace
}  // namespace mpldump
