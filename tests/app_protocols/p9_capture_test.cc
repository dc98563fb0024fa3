// 9P2000.L from a real server: diod_9p2000L.pcap, made by
// make_9p_capture.sh (diod serving a fresh directory on loopback to its own
// diodls and diodcat; run_live_9p.sh makes a fresh one and runs these tests
// on it). Every message of both TCP directions parses with the
// 9P2000.L layouts, known fields match what the script set up (and what
// tshark's 9P dissector shows), every message rebuilds to the same bytes,
// and every truncation is rejected.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "9p.h"
#include "app_capture.h"
#include "parse_as_check.h"

namespace {

namespace p9 = ::spec_9p;
namespace msg = ::spec_9p::p9_message;
using kind = msg::type_case_t;
using Bytes = std::vector<std::uint8_t>;

constexpr std::uint16_t kPort = 5640;

std::string text(mpl::bytes b) { return std::string(b.begin(), b.end()); }

struct Message {
  bool from_client = false;
  Bytes bytes;
};

// The 9P messages of the capture, in capture order within each direction.
// Loopback does not lose or reorder segments, so a direction's stream is
// its TCP payloads in order; p9_message::frame() splits it into messages.
const std::vector<Message>& messages() {
  static const std::vector<Message> all = [] {
    std::map<std::pair<std::uint16_t, std::uint16_t>, Bytes> streams;
    std::vector<Message> out;
    // run_live_9p.sh points this at a capture it has just made.
    const char* live = std::getenv("MPL_9P_CAPTURE");
    const std::string path = live != nullptr ? live : std::string(APP_PROTOCOLS_DIR) + "/diod_9p2000L.pcap";
    const auto frames = app_test::ethernet_frames(path);
    for (const auto& frame : frames) {
      auto seg = app_test::tcp_segment(frame);
      if (!seg || seg->payload.empty()) continue;
      if (seg->source_port != kPort && seg->destination_port != kPort) continue;
      Bytes& stream = streams[{seg->source_port, seg->destination_port}];
      stream.insert(stream.end(), seg->payload.begin(), seg->payload.end());
      // Take every complete message off the front of the stream; the
      // generated frame() reads the size field (need more, or a size no
      // 9P message has, stops).
      for (;;) {
        const mpl::frame_status next = msg::frame(mpl::bytes(stream.data(), stream.size()));
        if (!next.is_complete()) break;
        const auto size = static_cast<std::ptrdiff_t>(next.size());
        out.push_back({seg->destination_port == kPort, Bytes(stream.begin(), stream.begin() + size)});
        stream.erase(stream.begin(), stream.begin() + size);
      }
    }
    return out;
  }();
  return all;
}

// Builders refer to spans of element builders; this keeps them alive.
struct Storage {
  std::deque<std::vector<msg::wnames_element_builder>> names;
  std::deque<std::vector<msg::wqids_element_builder>> qids;
  std::deque<std::vector<msg::entries_element_builder>> entries;
};

p9::p9_qid::builder qid_builder(const p9::p9_qid::view& q) {
  return {.dir = q.dir(), .append = q.append(), .exclusive = q.exclusive(), .mount = q.mount(), .auth = q.auth(),
          .temporary = q.temporary(), .symlink = q.symlink(), .link = q.link(), .version = q.version(), .path = q.path()};
}

// A builder for the message types diod and its tools exchange; nullopt for others.
std::optional<msg::builder> rebuild(const msg::view& v, Storage& s) {
  msg::builder b{.dotu = v.dotu(), .type = v.type(), .tag = v.tag(), .trailing = v.trailing()};
  switch (v.type_case()) {
    case kind::Tversion: b.body = msg::Tversion{.msize = v.as_Tversion()->msize(), .version = v.as_Tversion()->version()}; break;
    case kind::Rversion: b.body = msg::Rversion{.msize = v.as_Rversion()->msize(), .version = v.as_Rversion()->version()}; break;
    case kind::TauthDotu: {
      auto a = *v.as_TauthDotu();
      b.body = msg::TauthDotu{.afid = a.afid(), .uname = a.uname(), .aname = a.aname(), .n_uname = a.n_uname()};
      break;
    }
    case kind::Rlerror: b.body = msg::Rlerror{.ecode = v.as_Rlerror()->ecode()}; break;
    case kind::TattachDotu: {
      auto a = *v.as_TattachDotu();
      b.body = msg::TattachDotu{.fid = a.fid(), .afid = a.afid(), .uname = a.uname(), .aname = a.aname(), .n_uname = a.n_uname()};
      break;
    }
    case kind::Rattach: b.body = msg::Rattach{.qid = qid_builder(v.as_Rattach()->qid())}; break;
    case kind::Twalk: {
      auto& names = s.names.emplace_back();
      for (const auto& e : v.as_Twalk()->wnames()) names.push_back({.wname = e.wname()});
      b.body = msg::Twalk{.fid = v.as_Twalk()->fid(), .newfid = v.as_Twalk()->newfid(), .wnames = names};
      break;
    }
    case kind::Rwalk: {
      auto& qids = s.qids.emplace_back();
      for (const auto& e : v.as_Rwalk()->wqids()) qids.push_back({.wqid = qid_builder(e.wqid())});
      b.body = msg::Rwalk{.wqids = qids};
      break;
    }
    case kind::Tlopen: b.body = msg::Tlopen{.fid = v.as_Tlopen()->fid(), .flags = v.as_Tlopen()->flags()}; break;
    case kind::Rlopen: b.body = msg::Rlopen{.qid = qid_builder(v.as_Rlopen()->qid()), .iounit = v.as_Rlopen()->iounit()}; break;
    case kind::Tgetattr:
      b.body = msg::Tgetattr{.fid = v.as_Tgetattr()->fid(), .request_mask = v.as_Tgetattr()->request_mask()};
      break;
    case kind::Rgetattr: {
      auto a = *v.as_Rgetattr();
      b.body = msg::Rgetattr{.valid = a.valid(), .qid = qid_builder(a.qid()), .mode = a.mode(), .uid = a.uid(), .gid = a.gid(),
                             .nlink = a.nlink(), .rdev = a.rdev(), .file_size = a.file_size(), .blksize = a.blksize(),
                             .blocks = a.blocks(), .atime_sec = a.atime_sec(), .atime_nsec = a.atime_nsec(),
                             .mtime_sec = a.mtime_sec(), .mtime_nsec = a.mtime_nsec(), .ctime_sec = a.ctime_sec(),
                             .ctime_nsec = a.ctime_nsec(), .btime_sec = a.btime_sec(), .btime_nsec = a.btime_nsec(),
                             .gen = a.gen(), .data_version = a.data_version()};
      break;
    }
    case kind::Treaddir: {
      auto r = *v.as_Treaddir();
      b.body = msg::Treaddir{.fid = r.fid(), .offset = r.offset(), .count = r.count()};
      break;
    }
    case kind::Rreaddir: {
      auto& entries = s.entries.emplace_back();
      for (const auto& e : v.as_Rreaddir()->entries()) {
        entries.push_back({.qid = qid_builder(e.qid()), .offset = e.offset(), .dirent_type = e.dirent_type(), .name = e.name()});
      }
      b.body = msg::Rreaddir{.entries = entries};
      break;
    }
    case kind::Tread: {
      auto r = *v.as_Tread();
      b.body = msg::Tread{.fid = r.fid(), .offset = r.offset(), .count = r.count()};
      break;
    }
    case kind::Rread: b.body = msg::Rread{.data = v.as_Rread()->data()}; break;
    case kind::Tclunk: b.body = msg::Tclunk{.fid = v.as_Tclunk()->fid()}; break;
    case kind::Rclunk: b.body = msg::Rclunk{}; break;
    default: return std::nullopt;
  }
  return b;
}

TEST(P9Capture, EveryMessageParsesAsNineP2000L) {
  const auto& all = messages();
  // tshark counts 118 9P messages in the capture.
  ASSERT_EQ(all.size(), 118u);
  std::map<kind, std::size_t> seen;
  for (const auto& m : all) {
    auto v = msg::parse(mpl::bytes{m.bytes.data(), m.bytes.size()}, true);
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->size(), m.bytes.size());
    EXPECT_TRUE(v->trailing().empty());
    EXPECT_NE(v->type_case(), kind::Unknown);
    // T-messages have even type numbers and come from the client.
    EXPECT_EQ(static_cast<unsigned>(v->type()) % 2 == 0, m.from_client);
    ++seen[v->type_case()];
  }
  EXPECT_EQ(seen[kind::Tversion], 4u);
  EXPECT_EQ(seen[kind::Rversion], 4u);
  EXPECT_EQ(seen[kind::TauthDotu], 4u);
  EXPECT_EQ(seen[kind::Rlerror], 4u);
  EXPECT_EQ(seen[kind::TattachDotu], 4u);
  EXPECT_EQ(seen[kind::Rattach], 4u);
  EXPECT_EQ(seen[kind::Twalk], 10u);
  EXPECT_EQ(seen[kind::Rwalk], 10u);
  EXPECT_EQ(seen[kind::Tlopen], 5u);
  EXPECT_EQ(seen[kind::Rlopen], 5u);
  EXPECT_EQ(seen[kind::Tgetattr], 8u);
  EXPECT_EQ(seen[kind::Rgetattr], 8u);
  EXPECT_EQ(seen[kind::Treaddir], 6u);
  EXPECT_EQ(seen[kind::Rreaddir], 6u);
  EXPECT_EQ(seen[kind::Tread], 4u);
  EXPECT_EQ(seen[kind::Rread], 4u);
  EXPECT_EQ(seen[kind::Tclunk], 14u);
  EXPECT_EQ(seen[kind::Rclunk], 14u);
}

TEST(P9Capture, KnownFields) {
  std::vector<std::string> read_data;
  std::vector<std::string> names;
  for (const auto& m : messages()) {
    auto v = msg::parse(mpl::bytes{m.bytes.data(), m.bytes.size()}, true);
    ASSERT_TRUE(v.ok());
    if (auto t = v->as_Tversion()) {
      EXPECT_EQ(v->tag(), 0xffff);  // NOTAG
      EXPECT_EQ(t->msize(), 65536u);
      EXPECT_EQ(text(t->version()), "9P2000.L");
    } else if (auto r = v->as_Rversion()) {
      EXPECT_EQ(r->msize(), 65536u);
      EXPECT_EQ(text(r->version()), "9P2000.L");
    } else if (auto a = v->as_TattachDotu()) {
      EXPECT_EQ(a->fid(), 0u);
      EXPECT_EQ(a->afid(), 0xffffffffu);  // NOFID: no authentication
      EXPECT_EQ(a->n_uname(), 0u);         // the script runs as root
      EXPECT_EQ(text(a->aname()).rfind("/tmp/", 0), 0u);
      EXPECT_EQ(text(a->aname()).substr(text(a->aname()).size() - 7), "/export");
    } else if (auto ra = v->as_Rattach()) {
      EXPECT_EQ(ra->qid().dir(), 1);  // the root of the export is a directory
    } else if (auto e = v->as_Rlerror()) {
      EXPECT_GT(e->ecode(), 0u);  // diod -n refuses Tauth: there is nothing to authenticate
    } else if (auto d = v->as_Rreaddir()) {
      std::size_t total = 0;
      for (const auto& entry : d->entries()) {
        names.push_back(text(entry.name()));
        total += entry.size();
        if (text(entry.name()) == "docs") {
          EXPECT_EQ(entry.dirent_type(), 4);  // DT_DIR
          EXPECT_EQ(entry.qid().dir(), 1);
        }
        if (text(entry.name()) == "hello.txt") {
          EXPECT_EQ(entry.dirent_type(), 8);  // DT_REG
          EXPECT_EQ(entry.qid().dir(), 0);
        }
        if (text(entry.name()) == "link") {
          EXPECT_EQ(entry.dirent_type(), 10);  // DT_LNK
          EXPECT_EQ(entry.qid().symlink(), 1);
        }
      }
      EXPECT_EQ(total, d->count());
    } else if (auto rd = v->as_Rread()) {
      if (rd->count() > 0) read_data.push_back(text(rd->data()));
    } else if (auto g = v->as_Rgetattr()) {
      EXPECT_EQ(g->valid() & 0x7ff, 0x7ffu);  // P9_GETATTR_BASIC
      if (g->qid().dir() == 0 && g->qid().symlink() == 0 && g->file_size() == 16) {
        EXPECT_EQ(g->mtime_sec(), 1704164645u);  // 2024-01-02 03:04:05 UTC, set by the script
      }
    }
  }
  EXPECT_EQ(read_data, (std::vector<std::string>{"hello from diod\n", "a second file, in a directory\n"}));
  for (const char* name : {".", "..", "hello.txt", "docs", "link", "readme"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
  }
}

TEST(P9Capture, EveryMessageRebuildsByteIdentically) {
  std::size_t rebuilt = 0;
  for (const auto& m : messages()) {
    auto v = msg::parse(mpl::bytes{m.bytes.data(), m.bytes.size()}, true);
    ASSERT_TRUE(v.ok());
    Storage storage;
    auto b = rebuild(*v, storage);
    ASSERT_TRUE(b.has_value()) << "no rebuild for type " << static_cast<unsigned>(v->type());
    ASSERT_EQ(b->size(), m.bytes.size());
    Bytes out(b->size());
    auto w = b->write(mpl::mutable_bytes{out.data(), out.size()});
    ASSERT_TRUE(w.ok()) << w.error().describe();
    EXPECT_EQ(out, m.bytes) << "type " << static_cast<unsigned>(v->type());
    ++rebuilt;
  }
  EXPECT_EQ(rebuilt, 118u);
}

TEST(P9Capture, TruncationAtEveryLength) {
  std::size_t checked = 0;
  for (const auto& m : messages()) {
    for (std::size_t len = 0; len < m.bytes.size(); ++len) {
      const Bytes prefix(m.bytes.begin(), m.bytes.begin() + static_cast<std::ptrdiff_t>(len));
      auto v = msg::parse(mpl::bytes{prefix.data(), prefix.size()}, true);
      ASSERT_FALSE(v.ok()) << "type " << static_cast<unsigned>(m.bytes[4]) << " prefix " << len;
      EXPECT_LE(v.error().offset, len);
      ++checked;
    }
  }
  EXPECT_GT(checked, 3000u);
}

// parse_as<Case>() (docs/generated-api.md) judges every message of the
// capture, every truncation and one-byte change of it (the type byte to
// every value), under both dialects, exactly as parse() + type_case() do,
// for each of the 71 cases.
TEST(P9Capture, ParseAsAgreesWithParseForEveryCase) {
  ASSERT_FALSE(messages().empty());
  codec_test::ParseAsTally tally;
  std::size_t inputs = 0;
  for (const bool dotu : {true, false}) {
    const auto parse = [dotu](mpl::bytes b) { return msg::parse(b, dotu); };
    const auto parse_as = [dotu]<kind C>(mpl::bytes b) { return msg::parse_as<C>(b, dotu); };
    const auto case_of = [](const msg::view& v) { return v.type_case(); };
    for (std::size_t i = 0; i < messages().size(); ++i) {
      codec_test::for_each_variant(messages()[i].bytes, /*subject_at=*/4, [&](mpl::bytes input, const std::string& what) {
        if (::testing::Test::HasFatalFailure()) return;
        ++inputs;
        const std::string problem =
            codec_test::parse_as_disagreement<kind, 71>(input, parse, parse_as, case_of, tally);
        ASSERT_TRUE(problem.empty()) << "message " << i << ", " << what << ", dotu " << dotu << ": " << problem;
      });
    }
  }
  EXPECT_GT(tally.accepted, messages().size());
  EXPECT_GT(tally.refused_by_case, 0u);
  EXPECT_GT(tally.refused, tally.refused_by_case);  // some refusals are parse()'s own errors
  std::printf("parse_as: %zu inputs, %zu accepted, %zu refused (%zu by the case check)\n", inputs, tally.accepted,
              tally.refused, tally.refused_by_case);
}

// The errors name the subject field, where it is, and the case asked for.
TEST(P9Capture, ParseAsErrorNamesTheSubjectAndTheCase) {
  const Bytes rread = {11, 0, 0, 0, 117, 1, 0, 0, 0, 0, 0};  // Rread, tag 1, count 0
  ASSERT_TRUE(msg::parse_as<kind::Rread>(mpl::bytes(rread.data(), rread.size()), true).ok());
  const auto w = msg::parse_as<kind::Rwrite>(mpl::bytes(rread.data(), rread.size()), true);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::const_mismatch);
  EXPECT_EQ(w.error().describe(), "p9_message.type at byte 4: expected 119, found 117 (parsing as case Rwrite)");
  // Type 102 is TauthDotu under 9P2000.u (the earlier case, with a guard),
  // Tauth otherwise: parse_as follows parse()'s first match.
  Bytes tauth = {0, 0, 0, 0, 102, 1, 0, 9, 0, 0, 0, 1, 0, 'u', 1, 0, 'a'};
  tauth[0] = static_cast<std::uint8_t>(tauth.size());
  const mpl::bytes t(tauth.data(), tauth.size());
  ASSERT_TRUE(msg::parse_as<kind::Tauth>(t, false).ok());
  const auto dotu = msg::parse_as<kind::Tauth>(t, true);
  ASSERT_FALSE(dotu.ok());
  EXPECT_EQ(dotu.error().kind, mpl::error_kind::guard_failed);
  EXPECT_EQ(std::string(dotu.error().reason), "parsing as case Tauth; case TauthDotu matches first");
  const auto guard = msg::parse_as<kind::TauthDotu>(t, false);
  ASSERT_FALSE(guard.ok());
  EXPECT_EQ(guard.error().describe(), "p9_message.type at byte 4: guard condition not satisfied (parsing as case TauthDotu)");
  // Errors met before the classify are parse()'s own.
  const auto short_size = msg::parse_as<kind::Rread>(mpl::bytes(rread.data(), 3), true);
  ASSERT_FALSE(short_size.ok());
  EXPECT_EQ(short_size.error(), msg::parse(mpl::bytes(rread.data(), 3), true).error());
}

}  // namespace
