// 9P (specs/9p.mpl): one hand-assembled vector per message type of 9P2000,
// 9P2000.u and 9P2000.L, its bytes written here from the layouts of the
// Plan 9 manual (section 5) and the 9P2000.u / 9P2000.L descriptions, every
// field asserted; the generated builder must write the same bytes, and every
// shorter prefix must be rejected.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "9p.h"

namespace {

namespace p9 = ::spec_9p;
namespace msg = ::spec_9p::p9_message;
using kind = msg::type_case_t;
using type = msg::type_t;
using Bytes = std::vector<std::uint8_t>;

// Little-endian assembler for the expected bytes.
class Wire {
 public:
  Wire& u8(std::uint64_t v) { return put(v, 1); }
  Wire& u16(std::uint64_t v) { return put(v, 2); }
  Wire& u32(std::uint64_t v) { return put(v, 4); }
  Wire& u64(std::uint64_t v) { return put(v, 8); }
  Wire& str(std::string_view s) {
    u16(s.size());
    bytes_.insert(bytes_.end(), s.begin(), s.end());
    return *this;
  }
  Wire& qid(std::uint8_t type_bits, std::uint32_t version, std::uint64_t path) {
    return u8(type_bits).u32(version).u64(path);
  }
  Wire& raw(const Bytes& b) {
    bytes_.insert(bytes_.end(), b.begin(), b.end());
    return *this;
  }
  const Bytes& bytes() const { return bytes_; }

  // size[4] type[1] tag[2] and this body.
  Bytes message(std::uint8_t type_code, std::uint16_t tag) const {
    Wire m;
    m.u32(bytes_.size() + 7).u8(type_code).u16(tag).raw(bytes_);
    return m.bytes_;
  }

 private:
  Wire& put(std::uint64_t v, int n) {
    for (int i = 0; i < n; ++i) bytes_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    return *this;
  }
  Bytes bytes_;
};

mpl::bytes bs(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }
std::string text(mpl::bytes b) { return std::string(b.begin(), b.end()); }

// The qid used throughout: a directory, version 7, path 0x0102030405060708.
constexpr std::uint8_t kQidType = 0x80;
constexpr std::uint32_t kQidVersion = 7;
constexpr std::uint64_t kQidPath = 0x0102030405060708ull;
const p9::p9_qid::builder kQid{.dir = 1, .version = kQidVersion, .path = kQidPath};

void expect_qid(const p9::p9_qid::view& q) {
  EXPECT_EQ(q.dir(), 1);
  EXPECT_EQ(q.append(), 0);
  EXPECT_EQ(q.exclusive(), 0);
  EXPECT_EQ(q.mount(), 0);
  EXPECT_EQ(q.auth(), 0);
  EXPECT_EQ(q.temporary(), 0);
  EXPECT_EQ(q.symlink(), 0);
  EXPECT_EQ(q.link(), 0);
  EXPECT_EQ(q.version(), kQidVersion);
  EXPECT_EQ(q.path(), kQidPath);
}

// Parses `bytes` as one message, checks the common header, that the builder
// writes exactly these bytes, that parse(build) agrees, and that every
// shorter prefix is an error. The returned view points into a copy of
// `bytes` kept until the end of the test program, so callers may pass a
// temporary.
msg::view check(const Bytes& given, bool dotu, const msg::builder& b, kind k, type t, std::uint16_t tag) {
  static std::deque<Bytes> kept;
  const Bytes& bytes = kept.emplace_back(given);
  auto v = msg::parse(mpl::bytes{bytes.data(), bytes.size()}, dotu);
  EXPECT_TRUE(v.ok()) << v.error().describe();
  if (!v.ok()) return {};
  EXPECT_EQ(v->size(), bytes.size());
  EXPECT_EQ(v->message_size(), bytes.size());
  EXPECT_EQ(v->type(), t);
  EXPECT_EQ(v->type_case(), k);
  EXPECT_EQ(v->tag(), tag);
  EXPECT_TRUE(v->trailing().empty());

  EXPECT_EQ(b.size(), bytes.size());
  Bytes out(b.size());
  auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});
  EXPECT_TRUE(w.ok()) << w.error().describe();
  EXPECT_EQ(out, bytes);
  auto again = msg::parse(mpl::bytes{out.data(), out.size()}, dotu);
  EXPECT_TRUE(again.ok());
  if (again.ok()) {
    EXPECT_EQ(again->type_case(), k);
  }

  for (std::size_t len = 0; len < bytes.size(); ++len) {
    const Bytes prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(len));
    auto p = msg::parse(mpl::bytes{prefix.data(), prefix.size()}, dotu);
    EXPECT_FALSE(p.ok()) << "prefix of " << len << " bytes parsed";
    if (!p.ok()) {
      EXPECT_LE(p.error().offset, len);
    }
  }
  return *v;
}

// ============================================================ 9P2000

TEST(P9Message, Version) {
  const Bytes t = Wire().u32(8192).str("9P2000.L").message(100, 0xffff);
  auto v = check(t, false, {.type = type::Tversion, .tag = 0xffff, .body = msg::Tversion{.msize = 8192, .version = bs("9P2000.L")}},
                 kind::Tversion, type::Tversion, 0xffff);
  ASSERT_TRUE(v.as_Tversion());
  EXPECT_EQ(v.as_Tversion()->msize(), 8192u);
  EXPECT_EQ(v.as_Tversion()->version_length(), 8);
  EXPECT_EQ(text(v.as_Tversion()->version()), "9P2000.L");
  EXPECT_EQ(t.size(), 4u + 1 + 2 + 4 + 2 + 8);

  const Bytes r = Wire().u32(4096).str("unknown").message(101, 0xffff);
  auto rv = check(r, false, {.type = type::Rversion, .tag = 0xffff, .body = msg::Rversion{.msize = 4096, .version = bs("unknown")}},
                  kind::Rversion, type::Rversion, 0xffff);
  EXPECT_EQ(rv.as_Rversion()->msize(), 4096u);
  EXPECT_EQ(text(rv.as_Rversion()->version()), "unknown");
}

TEST(P9Message, Auth) {
  const Bytes t = Wire().u32(5).str("glenda").str("/").message(102, 1);
  auto v = check(t, false,
                 {.type = type::Tauth, .tag = 1, .body = msg::Tauth{.afid = 5, .uname = bs("glenda"), .aname = bs("/")}},
                 kind::Tauth, type::Tauth, 1);
  EXPECT_EQ(v.as_Tauth()->afid(), 5u);
  EXPECT_EQ(text(v.as_Tauth()->uname()), "glenda");
  EXPECT_EQ(text(v.as_Tauth()->aname()), "/");

  const Bytes tu = Wire().u32(5).str("glenda").str("").u32(1000).message(102, 1);
  auto vu = check(tu, true,
                  {.dotu = true, .type = type::Tauth, .tag = 1,
                   .body = msg::TauthDotu{.afid = 5, .uname = bs("glenda"), .aname = {}, .n_uname = 1000}},
                  kind::TauthDotu, type::Tauth, 1);
  EXPECT_EQ(vu.as_TauthDotu()->afid(), 5u);
  EXPECT_EQ(text(vu.as_TauthDotu()->uname()), "glenda");
  EXPECT_TRUE(vu.as_TauthDotu()->aname().empty());
  EXPECT_EQ(vu.as_TauthDotu()->n_uname(), 1000u);

  const Bytes r = Wire().qid(0x08, 0, 42).message(103, 1);
  auto rv = check(r, false, {.type = type::Rauth, .tag = 1, .body = msg::Rauth{.aqid = {.auth = 1, .path = 42}}},
                  kind::Rauth, type::Rauth, 1);
  EXPECT_EQ(rv.as_Rauth()->aqid().auth(), 1);
  EXPECT_EQ(rv.as_Rauth()->aqid().dir(), 0);
  EXPECT_EQ(rv.as_Rauth()->aqid().path(), 42u);
}

TEST(P9Message, Attach) {
  const Bytes t = Wire().u32(0).u32(0xffffffff).str("glenda").str("main").message(104, 2);
  auto v = check(t, false,
                 {.type = type::Tattach, .tag = 2,
                  .body = msg::Tattach{.fid = 0, .afid = 0xffffffff, .uname = bs("glenda"), .aname = bs("main")}},
                 kind::Tattach, type::Tattach, 2);
  EXPECT_EQ(v.as_Tattach()->fid(), 0u);
  EXPECT_EQ(v.as_Tattach()->afid(), 0xffffffffu);
  EXPECT_EQ(text(v.as_Tattach()->uname()), "glenda");
  EXPECT_EQ(text(v.as_Tattach()->aname()), "main");

  const Bytes tu = Wire().u32(1).u32(0xffffffff).str("root").str("/tmp").u32(0).message(104, 2);
  auto vu = check(tu, true,
                  {.dotu = true, .type = type::Tattach, .tag = 2,
                   .body = msg::TattachDotu{.fid = 1, .afid = 0xffffffff, .uname = bs("root"), .aname = bs("/tmp"), .n_uname = 0}},
                  kind::TattachDotu, type::Tattach, 2);
  EXPECT_EQ(vu.as_TattachDotu()->fid(), 1u);
  EXPECT_EQ(text(vu.as_TattachDotu()->aname()), "/tmp");
  EXPECT_EQ(vu.as_TattachDotu()->n_uname(), 0u);

  const Bytes r = Wire().qid(kQidType, kQidVersion, kQidPath).message(105, 2);
  auto rv = check(r, false, {.type = type::Rattach, .tag = 2, .body = msg::Rattach{.qid = kQid}}, kind::Rattach,
                  type::Rattach, 2);
  expect_qid(rv.as_Rattach()->qid());
}

TEST(P9Message, Error) {
  const Bytes r = Wire().str("file does not exist").message(107, 3);
  auto v = check(r, false, {.type = type::Rerror, .tag = 3, .body = msg::Rerror{.ename = bs("file does not exist")}},
                 kind::Rerror, type::Rerror, 3);
  EXPECT_EQ(text(v.as_Rerror()->ename()), "file does not exist");

  const Bytes ru = Wire().str("No such file or directory").u32(2).message(107, 3);
  auto vu = check(ru, true,
                  {.dotu = true, .type = type::Rerror, .tag = 3,
                   .body = msg::RerrorDotu{.ename = bs("No such file or directory"), .unix_errno = 2}},
                  kind::RerrorDotu, type::Rerror, 3);
  EXPECT_EQ(text(vu.as_RerrorDotu()->ename()), "No such file or directory");
  EXPECT_EQ(vu.as_RerrorDotu()->unix_errno(), 2u);

  // The same 9P2000.u reply read as plain 9P2000: the errno is left over
  // inside size, kept as trailing bytes.
  auto plain = msg::parse(mpl::bytes{ru.data(), ru.size()}, false);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->type_case(), kind::Rerror);
  EXPECT_EQ(plain->trailing().size(), 4u);
}

TEST(P9Message, Flush) {
  const Bytes t = Wire().u16(3).message(108, 4);
  auto v = check(t, false, {.type = type::Tflush, .tag = 4, .body = msg::Tflush{.oldtag = 3}}, kind::Tflush,
                 type::Tflush, 4);
  EXPECT_EQ(v.as_Tflush()->oldtag(), 3);
  const Bytes r = Wire().message(109, 4);
  EXPECT_EQ(r.size(), 7u);
  check(r, false, {.type = type::Rflush, .tag = 4, .body = msg::Rflush{}}, kind::Rflush, type::Rflush, 4);
}

TEST(P9Message, Walk) {
  const Bytes t = Wire().u32(0).u32(1).u16(3).str("usr").str("glenda").str("lib").message(110, 5);
  const std::array<msg::wnames_element_builder, 3> names{{{.wname = bs("usr")}, {.wname = bs("glenda")}, {.wname = bs("lib")}}};
  auto v = check(t, false, {.type = type::Twalk, .tag = 5, .body = msg::Twalk{.fid = 0, .newfid = 1, .wnames = names}},
                 kind::Twalk, type::Twalk, 5);
  auto walk = v.as_Twalk();
  EXPECT_EQ(walk->fid(), 0u);
  EXPECT_EQ(walk->newfid(), 1u);
  EXPECT_EQ(walk->nwname(), 3);
  std::vector<std::string> got;
  for (const auto& e : walk->wnames()) got.push_back(text(e.wname()));
  EXPECT_EQ(got, (std::vector<std::string>{"usr", "glenda", "lib"}));

  // nwname 0 clones the fid.
  const Bytes clone = Wire().u32(0).u32(9).u16(0).message(110, 5);
  auto c = check(clone, false, {.type = type::Twalk, .tag = 5, .body = msg::Twalk{.fid = 0, .newfid = 9}}, kind::Twalk,
                 type::Twalk, 5);
  EXPECT_TRUE(c.as_Twalk()->wnames().empty());

  const Bytes r = Wire().u16(2).qid(kQidType, kQidVersion, kQidPath).qid(0, 1, 99).message(111, 5);
  const std::array<msg::wqids_element_builder, 2> qids{{{.wqid = kQid}, {.wqid = {.version = 1, .path = 99}}}};
  auto rv = check(r, false, {.type = type::Rwalk, .tag = 5, .body = msg::Rwalk{.wqids = qids}}, kind::Rwalk,
                  type::Rwalk, 5);
  EXPECT_EQ(rv.as_Rwalk()->nwqid(), 2);
  std::vector<std::uint64_t> paths;
  for (const auto& e : rv.as_Rwalk()->wqids()) paths.push_back(e.wqid().path());
  EXPECT_EQ(paths, (std::vector<std::uint64_t>{kQidPath, 99}));
  expect_qid(rv.as_Rwalk()->wqids().begin()->wqid());
}

TEST(P9Message, Open) {
  const Bytes t = Wire().u32(1).u8(0x12).message(112, 6);  // ORDWR | OTRUNC
  auto v = check(t, false, {.type = type::Topen, .tag = 6, .body = msg::Topen{.fid = 1, .mode = 0x12}}, kind::Topen,
                 type::Topen, 6);
  EXPECT_EQ(v.as_Topen()->fid(), 1u);
  EXPECT_EQ(v.as_Topen()->mode(), 0x12);
  const Bytes r = Wire().qid(kQidType, kQidVersion, kQidPath).u32(8168).message(113, 6);
  auto rv = check(r, false, {.type = type::Ropen, .tag = 6, .body = msg::Ropen{.qid = kQid, .iounit = 8168}},
                  kind::Ropen, type::Ropen, 6);
  expect_qid(rv.as_Ropen()->qid());
  EXPECT_EQ(rv.as_Ropen()->iounit(), 8168u);
}

TEST(P9Message, Create) {
  const Bytes t = Wire().u32(1).str("notes").u32(0644).u8(1).message(114, 7);
  auto v = check(t, false,
                 {.type = type::Tcreate, .tag = 7, .body = msg::Tcreate{.fid = 1, .name = bs("notes"), .perm = 0644, .mode = 1}},
                 kind::Tcreate, type::Tcreate, 7);
  EXPECT_EQ(v.as_Tcreate()->fid(), 1u);
  EXPECT_EQ(text(v.as_Tcreate()->name()), "notes");
  EXPECT_EQ(v.as_Tcreate()->perm(), 0644u);
  EXPECT_EQ(v.as_Tcreate()->mode(), 1);

  // 9P2000.u: a symbolic link (DMSYMLINK 0x02000000) with its target.
  const Bytes tu = Wire().u32(1).str("link").u32(0x02000000 | 0777).u8(0).str("/etc/motd").message(114, 7);
  auto vu = check(tu, true,
                  {.dotu = true, .type = type::Tcreate, .tag = 7,
                   .body = msg::TcreateDotu{.fid = 1, .name = bs("link"), .perm = 0x02000000 | 0777, .mode = 0,
                                            .extension = bs("/etc/motd")}},
                  kind::TcreateDotu, type::Tcreate, 7);
  EXPECT_EQ(text(vu.as_TcreateDotu()->name()), "link");
  EXPECT_EQ(vu.as_TcreateDotu()->perm(), 0x020001ffu);
  EXPECT_EQ(text(vu.as_TcreateDotu()->extension()), "/etc/motd");

  const Bytes r = Wire().qid(kQidType, kQidVersion, kQidPath).u32(0).message(115, 7);
  auto rv = check(r, false, {.type = type::Rcreate, .tag = 7, .body = msg::Rcreate{.qid = kQid, .iounit = 0}},
                  kind::Rcreate, type::Rcreate, 7);
  expect_qid(rv.as_Rcreate()->qid());
  EXPECT_EQ(rv.as_Rcreate()->iounit(), 0u);
}

TEST(P9Message, ReadAndWrite) {
  const Bytes t = Wire().u32(1).u64(0x100000000ull).u32(512).message(116, 8);
  auto v = check(t, false, {.type = type::Tread, .tag = 8, .body = msg::Tread{.fid = 1, .offset = 0x100000000ull, .count = 512}},
                 kind::Tread, type::Tread, 8);
  EXPECT_EQ(v.as_Tread()->fid(), 1u);
  EXPECT_EQ(v.as_Tread()->offset(), 0x100000000ull);
  EXPECT_EQ(v.as_Tread()->count(), 512u);

  const Bytes r = Wire().u32(5).raw({'h', 'e', 'l', 'l', 'o'}).message(117, 8);
  auto rv = check(r, false, {.type = type::Rread, .tag = 8, .body = msg::Rread{.data = bs("hello")}}, kind::Rread,
                  type::Rread, 8);
  EXPECT_EQ(rv.as_Rread()->count(), 5u);
  EXPECT_EQ(text(rv.as_Rread()->data()), "hello");

  const Bytes w = Wire().u32(2).u64(10).u32(3).raw({'a', 'b', 'c'}).message(118, 9);
  auto wv = check(w, false, {.type = type::Twrite, .tag = 9, .body = msg::Twrite{.fid = 2, .offset = 10, .data = bs("abc")}},
                  kind::Twrite, type::Twrite, 9);
  EXPECT_EQ(wv.as_Twrite()->fid(), 2u);
  EXPECT_EQ(wv.as_Twrite()->offset(), 10u);
  EXPECT_EQ(wv.as_Twrite()->count(), 3u);
  EXPECT_EQ(text(wv.as_Twrite()->data()), "abc");

  const Bytes wr = Wire().u32(3).message(119, 9);
  auto wrv = check(wr, false, {.type = type::Rwrite, .tag = 9, .body = msg::Rwrite{.count = 3}}, kind::Rwrite,
                   type::Rwrite, 9);
  EXPECT_EQ(wrv.as_Rwrite()->count(), 3u);
}

TEST(P9Message, ClunkAndRemove) {
  auto c = check(Wire().u32(4).message(120, 10), false, {.type = type::Tclunk, .tag = 10, .body = msg::Tclunk{.fid = 4}},
                 kind::Tclunk, type::Tclunk, 10);
  EXPECT_EQ(c.as_Tclunk()->fid(), 4u);
  check(Wire().message(121, 10), false, {.type = type::Rclunk, .tag = 10, .body = msg::Rclunk{}}, kind::Rclunk,
        type::Rclunk, 10);
  auto r = check(Wire().u32(5).message(122, 11), false, {.type = type::Tremove, .tag = 11, .body = msg::Tremove{.fid = 5}},
                 kind::Tremove, type::Tremove, 11);
  EXPECT_EQ(r.as_Tremove()->fid(), 5u);
  check(Wire().message(123, 11), false, {.type = type::Rremove, .tag = 11, .body = msg::Rremove{}}, kind::Rremove,
        type::Rremove, 11);
}

// The stat entry of stat(5): size[2] type[2] dev[4] qid[13] mode[4]
// atime[4] mtime[4] length[8] name[s] uid[s] gid[s] muid[s], and with
// 9P2000.u extension[s] n_uid[4] n_gid[4] n_muid[4].
Bytes stat_bytes(bool dotu) {
  Wire body;
  body.u16(0).u32(0).qid(kQidType, kQidVersion, kQidPath).u32(0x80000000u | 0755).u32(1700000000).u32(1700000001);
  body.u64(0).str("lib").str("glenda").str("sys").str("glenda");
  if (dotu) body.str("").u32(1000).u32(1000).u32(1000);
  Wire stat;
  stat.u16(body.bytes().size()).raw(body.bytes());
  return stat.bytes();
}

p9::p9_stat::builder stat_builder(bool dotu) {
  return {.dotu = dotu, .qid = kQid, .mode = 0x80000000u | 0755, .atime = 1700000000, .mtime = 1700000001,
          .length = 0, .name = bs("lib"), .uid = bs("glenda"), .gid = bs("sys"), .muid = bs("glenda"),
          .body = dotu ? decltype(p9::p9_stat::builder{}.body){p9::p9_stat::Unix{.extension = {}, .n_uid = 1000, .n_gid = 1000, .n_muid = 1000}}
                       : decltype(p9::p9_stat::builder{}.body){p9::p9_stat::Plain{}}};
}

void expect_stat(const p9::p9_stat::view& s, bool dotu) {
  EXPECT_EQ(s.stat_size(), s.size() - 2);
  EXPECT_EQ(s.type(), 0);
  EXPECT_EQ(s.dev(), 0u);
  expect_qid(s.qid());
  EXPECT_EQ(s.mode(), 0x800001edu);
  EXPECT_EQ(s.atime(), 1700000000u);
  EXPECT_EQ(s.mtime(), 1700000001u);
  EXPECT_EQ(s.length(), 0u);
  EXPECT_EQ(text(s.name()), "lib");
  EXPECT_EQ(text(s.uid()), "glenda");
  EXPECT_EQ(text(s.gid()), "sys");
  EXPECT_EQ(text(s.muid()), "glenda");
  if (dotu) {
    auto u = s.as_Unix();
    ASSERT_TRUE(u);
    EXPECT_TRUE(u->extension().empty());
    EXPECT_EQ(u->n_uid(), 1000u);
    EXPECT_EQ(u->n_gid(), 1000u);
    EXPECT_EQ(u->n_muid(), 1000u);
  } else {
    EXPECT_TRUE(s.as_Plain());
  }
}

TEST(P9Message, Stat) {
  auto t = check(Wire().u32(1).message(124, 12), false, {.type = type::Tstat, .tag = 12, .body = msg::Tstat{.fid = 1}},
                 kind::Tstat, type::Tstat, 12);
  EXPECT_EQ(t.as_Tstat()->fid(), 1u);
  for (bool dotu : {false, true}) {
    SCOPED_TRACE(dotu ? "9P2000.u" : "9P2000");
    const Bytes stat = stat_bytes(dotu);
    const Bytes r = Wire().u16(stat.size()).raw(stat).message(125, 12);
    auto rv = check(r, dotu, {.dotu = dotu, .type = type::Rstat, .tag = 12, .body = msg::Rstat{.stat = stat_builder(dotu)}},
                    kind::Rstat, type::Rstat, 12);
    ASSERT_TRUE(rv.as_Rstat());
    EXPECT_EQ(rv.as_Rstat()->stat_length(), stat.size());
    expect_stat(rv.as_Rstat()->stat(), dotu);
    // 2 + 39 fixed bytes, four strings of 2 + 3, 6, 3, 6 bytes; with .u 2 + 0 + 12 more.
    EXPECT_EQ(rv.as_Rstat()->stat().size(), dotu ? 81u : 67u);

    const Bytes w = Wire().u32(3).u16(stat.size()).raw(stat).message(126, 13);
    auto wv = check(w, dotu,
                    {.dotu = dotu, .type = type::Twstat, .tag = 13, .body = msg::Twstat{.fid = 3, .stat = stat_builder(dotu)}},
                    kind::Twstat, type::Twstat, 13);
    EXPECT_EQ(wv.as_Twstat()->fid(), 3u);
    expect_stat(wv.as_Twstat()->stat(), dotu);
  }
  check(Wire().message(127, 13), false, {.type = type::Rwstat, .tag = 13, .body = msg::Rwstat{}}, kind::Rwstat,
        type::Rwstat, 13);
}

// ============================================================ 9P2000.L

TEST(P9Message, Lerror) {
  auto v = check(Wire().u32(13).message(7, 20), true, {.dotu = true, .type = type::Rlerror, .tag = 20, .body = msg::Rlerror{.ecode = 13}},
                 kind::Rlerror, type::Rlerror, 20);
  EXPECT_EQ(v.as_Rlerror()->ecode(), 13u);  // EACCES
}

TEST(P9Message, Statfs) {
  auto t = check(Wire().u32(1).message(8, 21), true, {.dotu = true, .type = type::Tstatfs, .tag = 21, .body = msg::Tstatfs{.fid = 1}},
                 kind::Tstatfs, type::Tstatfs, 21);
  EXPECT_EQ(t.as_Tstatfs()->fid(), 1u);
  const Bytes r = Wire().u32(0xef53).u32(4096).u64(1000).u64(500).u64(400).u64(64).u64(32).u64(0xabcdef).u32(255).message(9, 21);
  auto v = check(r, true,
                 {.dotu = true, .type = type::Rstatfs, .tag = 21,
                  .body = msg::Rstatfs{.fs_type = 0xef53, .bsize = 4096, .blocks = 1000, .bfree = 500, .bavail = 400,
                                       .files = 64, .ffree = 32, .fsid = 0xabcdef, .namelen = 255}},
                 kind::Rstatfs, type::Rstatfs, 21);
  auto s = v.as_Rstatfs();
  EXPECT_EQ(s->fs_type(), 0xef53u);
  EXPECT_EQ(s->bsize(), 4096u);
  EXPECT_EQ(s->blocks(), 1000u);
  EXPECT_EQ(s->bfree(), 500u);
  EXPECT_EQ(s->bavail(), 400u);
  EXPECT_EQ(s->files(), 64u);
  EXPECT_EQ(s->ffree(), 32u);
  EXPECT_EQ(s->fsid(), 0xabcdefu);
  EXPECT_EQ(s->namelen(), 255u);
}

TEST(P9Message, LopenAndLcreate) {
  auto t = check(Wire().u32(2).u32(0100002).message(12, 22), true,
                 {.dotu = true, .type = type::Tlopen, .tag = 22, .body = msg::Tlopen{.fid = 2, .flags = 0100002}},
                 kind::Tlopen, type::Tlopen, 22);
  EXPECT_EQ(t.as_Tlopen()->fid(), 2u);
  EXPECT_EQ(t.as_Tlopen()->flags(), 0100002u);
  auto r = check(Wire().qid(kQidType, kQidVersion, kQidPath).u32(4096).message(13, 22), true,
                 {.dotu = true, .type = type::Rlopen, .tag = 22, .body = msg::Rlopen{.qid = kQid, .iounit = 4096}},
                 kind::Rlopen, type::Rlopen, 22);
  expect_qid(r.as_Rlopen()->qid());
  EXPECT_EQ(r.as_Rlopen()->iounit(), 4096u);

  auto c = check(Wire().u32(2).str("new.txt").u32(0101).u32(0644).u32(100).message(14, 23), true,
                 {.dotu = true, .type = type::Tlcreate, .tag = 23,
                  .body = msg::Tlcreate{.fid = 2, .name = bs("new.txt"), .flags = 0101, .mode = 0644, .gid = 100}},
                 kind::Tlcreate, type::Tlcreate, 23);
  EXPECT_EQ(c.as_Tlcreate()->fid(), 2u);
  EXPECT_EQ(text(c.as_Tlcreate()->name()), "new.txt");
  EXPECT_EQ(c.as_Tlcreate()->flags(), 0101u);
  EXPECT_EQ(c.as_Tlcreate()->mode(), 0644u);
  EXPECT_EQ(c.as_Tlcreate()->gid(), 100u);
  auto cr = check(Wire().qid(kQidType, kQidVersion, kQidPath).u32(0).message(15, 23), true,
                  {.dotu = true, .type = type::Rlcreate, .tag = 23, .body = msg::Rlcreate{.qid = kQid, .iounit = 0}},
                  kind::Rlcreate, type::Rlcreate, 23);
  expect_qid(cr.as_Rlcreate()->qid());
  EXPECT_EQ(cr.as_Rlcreate()->iounit(), 0u);
}

TEST(P9Message, SymlinkMknodRenameReadlink) {
  auto s = check(Wire().u32(3).str("ln").str("../target").u32(100).message(16, 24), true,
                 {.dotu = true, .type = type::Tsymlink, .tag = 24,
                  .body = msg::Tsymlink{.fid = 3, .name = bs("ln"), .symtgt = bs("../target"), .gid = 100}},
                 kind::Tsymlink, type::Tsymlink, 24);
  EXPECT_EQ(s.as_Tsymlink()->fid(), 3u);
  EXPECT_EQ(text(s.as_Tsymlink()->name()), "ln");
  EXPECT_EQ(text(s.as_Tsymlink()->symtgt()), "../target");
  EXPECT_EQ(s.as_Tsymlink()->gid(), 100u);
  auto sr = check(Wire().qid(kQidType, kQidVersion, kQidPath).message(17, 24), true,
                  {.dotu = true, .type = type::Rsymlink, .tag = 24, .body = msg::Rsymlink{.qid = kQid}}, kind::Rsymlink,
                  type::Rsymlink, 24);
  expect_qid(sr.as_Rsymlink()->qid());

  auto m = check(Wire().u32(3).str("null").u32(020666).u32(1).u32(3).u32(0).message(18, 25), true,
                 {.dotu = true, .type = type::Tmknod, .tag = 25,
                  .body = msg::Tmknod{.dfid = 3, .name = bs("null"), .mode = 020666, .major_ = 1, .minor_ = 3, .gid = 0}},
                 kind::Tmknod, type::Tmknod, 25);
  EXPECT_EQ(m.as_Tmknod()->dfid(), 3u);
  EXPECT_EQ(text(m.as_Tmknod()->name()), "null");
  EXPECT_EQ(m.as_Tmknod()->mode(), 020666u);
  EXPECT_EQ(m.as_Tmknod()->major_(), 1u);
  EXPECT_EQ(m.as_Tmknod()->minor_(), 3u);
  EXPECT_EQ(m.as_Tmknod()->gid(), 0u);
  auto mr = check(Wire().qid(kQidType, kQidVersion, kQidPath).message(19, 25), true,
                  {.dotu = true, .type = type::Rmknod, .tag = 25, .body = msg::Rmknod{.qid = kQid}}, kind::Rmknod,
                  type::Rmknod, 25);
  expect_qid(mr.as_Rmknod()->qid());

  auto r = check(Wire().u32(4).u32(3).str("b").message(20, 26), true,
                 {.dotu = true, .type = type::Trename, .tag = 26, .body = msg::Trename{.fid = 4, .dfid = 3, .name = bs("b")}},
                 kind::Trename, type::Trename, 26);
  EXPECT_EQ(r.as_Trename()->fid(), 4u);
  EXPECT_EQ(r.as_Trename()->dfid(), 3u);
  EXPECT_EQ(text(r.as_Trename()->name()), "b");
  check(Wire().message(21, 26), true, {.dotu = true, .type = type::Rrename, .tag = 26, .body = msg::Rrename{}},
        kind::Rrename, type::Rrename, 26);

  auto l = check(Wire().u32(5).message(22, 27), true, {.dotu = true, .type = type::Treadlink, .tag = 27, .body = msg::Treadlink{.fid = 5}},
                 kind::Treadlink, type::Treadlink, 27);
  EXPECT_EQ(l.as_Treadlink()->fid(), 5u);
  auto lr = check(Wire().str("/usr/bin/env").message(23, 27), true,
                  {.dotu = true, .type = type::Rreadlink, .tag = 27, .body = msg::Rreadlink{.target = bs("/usr/bin/env")}},
                  kind::Rreadlink, type::Rreadlink, 27);
  EXPECT_EQ(text(lr.as_Rreadlink()->target()), "/usr/bin/env");
}

TEST(P9Message, GetattrAndSetattr) {
  auto t = check(Wire().u32(6).u64(0x3fff).message(24, 28), true,
                 {.dotu = true, .type = type::Tgetattr, .tag = 28, .body = msg::Tgetattr{.fid = 6, .request_mask = 0x3fff}},
                 kind::Tgetattr, type::Tgetattr, 28);
  EXPECT_EQ(t.as_Tgetattr()->fid(), 6u);
  EXPECT_EQ(t.as_Tgetattr()->request_mask(), 0x3fffu);

  Wire rw;
  rw.u64(0x7ff).qid(kQidType, kQidVersion, kQidPath).u32(040755).u32(1000).u32(1001).u64(2).u64(0).u64(4096).u64(4096).u64(8);
  for (std::uint64_t i = 1; i <= 8; ++i) rw.u64(1700000000 + i);
  rw.u64(77).u64(78);
  auto r = check(rw.message(25, 28), true,
                 {.dotu = true, .type = type::Rgetattr, .tag = 28,
                  .body = msg::Rgetattr{.valid = 0x7ff, .qid = kQid, .mode = 040755, .uid = 1000, .gid = 1001, .nlink = 2,
                                        .rdev = 0, .file_size = 4096, .blksize = 4096, .blocks = 8,
                                        .atime_sec = 1700000001, .atime_nsec = 1700000002, .mtime_sec = 1700000003,
                                        .mtime_nsec = 1700000004, .ctime_sec = 1700000005, .ctime_nsec = 1700000006,
                                        .btime_sec = 1700000007, .btime_nsec = 1700000008, .gen = 77, .data_version = 78}},
                 kind::Rgetattr, type::Rgetattr, 28);
  auto a = r.as_Rgetattr();
  EXPECT_EQ(a->valid(), 0x7ffu);
  expect_qid(a->qid());
  EXPECT_EQ(a->mode(), 040755u);
  EXPECT_EQ(a->uid(), 1000u);
  EXPECT_EQ(a->gid(), 1001u);
  EXPECT_EQ(a->nlink(), 2u);
  EXPECT_EQ(a->rdev(), 0u);
  EXPECT_EQ(a->file_size(), 4096u);
  EXPECT_EQ(a->blksize(), 4096u);
  EXPECT_EQ(a->blocks(), 8u);
  EXPECT_EQ(a->atime_sec(), 1700000001u);
  EXPECT_EQ(a->atime_nsec(), 1700000002u);
  EXPECT_EQ(a->mtime_sec(), 1700000003u);
  EXPECT_EQ(a->mtime_nsec(), 1700000004u);
  EXPECT_EQ(a->ctime_sec(), 1700000005u);
  EXPECT_EQ(a->ctime_nsec(), 1700000006u);
  EXPECT_EQ(a->btime_sec(), 1700000007u);
  EXPECT_EQ(a->btime_nsec(), 1700000008u);
  EXPECT_EQ(a->gen(), 77u);
  EXPECT_EQ(a->data_version(), 78u);
  EXPECT_EQ(r.size(), 7u + 8 + 13 + 12 + 8 * 15);  // valid, qid, three ids, 15 more 64-bit words

  auto s = check(Wire().u32(6).u32(0x8 | 0x1).u32(0600).u32(1).u32(2).u64(12345).u64(11).u64(12).u64(13).u64(14).message(26, 29), true,
                 {.dotu = true, .type = type::Tsetattr, .tag = 29,
                  .body = msg::Tsetattr{.fid = 6, .valid = 0x9, .mode = 0600, .uid = 1, .gid = 2, .file_size = 12345,
                                        .atime_sec = 11, .atime_nsec = 12, .mtime_sec = 13, .mtime_nsec = 14}},
                 kind::Tsetattr, type::Tsetattr, 29);
  auto sa = s.as_Tsetattr();
  EXPECT_EQ(sa->fid(), 6u);
  EXPECT_EQ(sa->valid(), 9u);
  EXPECT_EQ(sa->mode(), 0600u);
  EXPECT_EQ(sa->uid(), 1u);
  EXPECT_EQ(sa->gid(), 2u);
  EXPECT_EQ(sa->file_size(), 12345u);
  EXPECT_EQ(sa->atime_sec(), 11u);
  EXPECT_EQ(sa->atime_nsec(), 12u);
  EXPECT_EQ(sa->mtime_sec(), 13u);
  EXPECT_EQ(sa->mtime_nsec(), 14u);
  check(Wire().message(27, 29), true, {.dotu = true, .type = type::Rsetattr, .tag = 29, .body = msg::Rsetattr{}},
        kind::Rsetattr, type::Rsetattr, 29);
}

TEST(P9Message, Xattr) {
  auto w = check(Wire().u32(6).u32(7).str("user.mime").message(30, 30), true,
                 {.dotu = true, .type = type::Txattrwalk, .tag = 30,
                  .body = msg::Txattrwalk{.fid = 6, .newfid = 7, .name = bs("user.mime")}},
                 kind::Txattrwalk, type::Txattrwalk, 30);
  EXPECT_EQ(w.as_Txattrwalk()->fid(), 6u);
  EXPECT_EQ(w.as_Txattrwalk()->newfid(), 7u);
  EXPECT_EQ(text(w.as_Txattrwalk()->name()), "user.mime");
  auto wr = check(Wire().u64(10).message(31, 30), true,
                  {.dotu = true, .type = type::Rxattrwalk, .tag = 30, .body = msg::Rxattrwalk{.attr_size = 10}},
                  kind::Rxattrwalk, type::Rxattrwalk, 30);
  EXPECT_EQ(wr.as_Rxattrwalk()->attr_size(), 10u);

  auto c = check(Wire().u32(7).str("user.mime").u64(10).u32(1).message(32, 31), true,
                 {.dotu = true, .type = type::Txattrcreate, .tag = 31,
                  .body = msg::Txattrcreate{.fid = 7, .name = bs("user.mime"), .attr_size = 10, .flags = 1}},
                 kind::Txattrcreate, type::Txattrcreate, 31);
  EXPECT_EQ(c.as_Txattrcreate()->fid(), 7u);
  EXPECT_EQ(text(c.as_Txattrcreate()->name()), "user.mime");
  EXPECT_EQ(c.as_Txattrcreate()->attr_size(), 10u);
  EXPECT_EQ(c.as_Txattrcreate()->flags(), 1u);
  check(Wire().message(33, 31), true, {.dotu = true, .type = type::Rxattrcreate, .tag = 31, .body = msg::Rxattrcreate{}},
        kind::Rxattrcreate, type::Rxattrcreate, 31);
}

TEST(P9Message, Readdir) {
  auto t = check(Wire().u32(8).u64(0).u32(4096).message(40, 32), true,
                 {.dotu = true, .type = type::Treaddir, .tag = 32, .body = msg::Treaddir{.fid = 8, .offset = 0, .count = 4096}},
                 kind::Treaddir, type::Treaddir, 32);
  EXPECT_EQ(t.as_Treaddir()->fid(), 8u);
  EXPECT_EQ(t.as_Treaddir()->offset(), 0u);
  EXPECT_EQ(t.as_Treaddir()->count(), 4096u);

  Wire entries;
  entries.qid(kQidType, kQidVersion, kQidPath).u64(1).u8(4).str(".");
  entries.qid(0, 0, 1234).u64(2).u8(8).str("file.txt");
  const Bytes r = Wire().u32(entries.bytes().size()).raw(entries.bytes()).message(41, 32);
  const std::array<msg::entries_element_builder, 2> list{{
      {.qid = kQid, .offset = 1, .dirent_type = 4, .name = bs(".")},
      {.qid = {.path = 1234}, .offset = 2, .dirent_type = 8, .name = bs("file.txt")},
  }};
  auto v = check(r, true, {.dotu = true, .type = type::Rreaddir, .tag = 32, .body = msg::Rreaddir{.entries = list}},
                 kind::Rreaddir, type::Rreaddir, 32);
  auto d = v.as_Rreaddir();
  EXPECT_EQ(d->count(), entries.bytes().size());
  std::vector<msg::entries_element> got;
  for (const auto& e : d->entries()) got.push_back(e);
  ASSERT_EQ(got.size(), 2u);
  expect_qid(got[0].qid());
  EXPECT_EQ(got[0].offset(), 1u);
  EXPECT_EQ(got[0].dirent_type(), 4);  // DT_DIR
  EXPECT_EQ(text(got[0].name()), ".");
  EXPECT_EQ(got[1].qid().path(), 1234u);
  EXPECT_EQ(got[1].qid().dir(), 0);
  EXPECT_EQ(got[1].offset(), 2u);
  EXPECT_EQ(got[1].dirent_type(), 8);  // DT_REG
  EXPECT_EQ(text(got[1].name()), "file.txt");

  // An entry that does not fit in count is an error, not a short read.
  Bytes bad = r;
  bad[7] = static_cast<std::uint8_t>(bad[7] - 1);
  EXPECT_FALSE(msg::parse(mpl::bytes{bad.data(), bad.size()}, true).ok());
}

TEST(P9Message, FsyncAndLocks) {
  auto f = check(Wire().u32(9).u32(1).message(50, 33), true,
                 {.dotu = true, .type = type::Tfsync, .tag = 33, .body = msg::Tfsync{.fid = 9, .datasync = 1}},
                 kind::Tfsync, type::Tfsync, 33);
  EXPECT_EQ(f.as_Tfsync()->fid(), 9u);
  EXPECT_EQ(f.as_Tfsync()->datasync(), 1u);
  check(Wire().message(51, 33), true, {.dotu = true, .type = type::Rfsync, .tag = 33, .body = msg::Rfsync{}},
        kind::Rfsync, type::Rfsync, 33);

  auto l = check(Wire().u32(9).u8(1).u32(1).u64(0).u64(100).u32(4242).str("host").message(52, 34), true,
                 {.dotu = true, .type = type::Tlock, .tag = 34,
                  .body = msg::Tlock{.fid = 9, .lock_type = 1, .flags = 1, .start = 0, .length = 100, .proc_id = 4242,
                                     .client_id = bs("host")}},
                 kind::Tlock, type::Tlock, 34);
  auto lv = l.as_Tlock();
  EXPECT_EQ(lv->fid(), 9u);
  EXPECT_EQ(lv->lock_type(), 1);
  EXPECT_EQ(lv->flags(), 1u);
  EXPECT_EQ(lv->start(), 0u);
  EXPECT_EQ(lv->length(), 100u);
  EXPECT_EQ(lv->proc_id(), 4242u);
  EXPECT_EQ(text(lv->client_id()), "host");
  auto lr = check(Wire().u8(0).message(53, 34), true, {.dotu = true, .type = type::Rlock, .tag = 34, .body = msg::Rlock{.status = 0}},
                  kind::Rlock, type::Rlock, 34);
  EXPECT_EQ(lr.as_Rlock()->status(), 0);

  auto g = check(Wire().u32(9).u8(0).u64(5).u64(6).u32(7).str("me").message(54, 35), true,
                 {.dotu = true, .type = type::Tgetlock, .tag = 35,
                  .body = msg::Tgetlock{.fid = 9, .lock_type = 0, .start = 5, .length = 6, .proc_id = 7, .client_id = bs("me")}},
                 kind::Tgetlock, type::Tgetlock, 35);
  auto gv = g.as_Tgetlock();
  EXPECT_EQ(gv->fid(), 9u);
  EXPECT_EQ(gv->lock_type(), 0);
  EXPECT_EQ(gv->start(), 5u);
  EXPECT_EQ(gv->length(), 6u);
  EXPECT_EQ(gv->proc_id(), 7u);
  EXPECT_EQ(text(gv->client_id()), "me");
  auto gr = check(Wire().u8(2).u64(5).u64(6).u32(8).str("other").message(55, 35), true,
                  {.dotu = true, .type = type::Rgetlock, .tag = 35,
                   .body = msg::Rgetlock{.lock_type = 2, .start = 5, .length = 6, .proc_id = 8, .client_id = bs("other")}},
                  kind::Rgetlock, type::Rgetlock, 35);
  auto grv = gr.as_Rgetlock();
  EXPECT_EQ(grv->lock_type(), 2);
  EXPECT_EQ(grv->start(), 5u);
  EXPECT_EQ(grv->length(), 6u);
  EXPECT_EQ(grv->proc_id(), 8u);
  EXPECT_EQ(text(grv->client_id()), "other");
}

TEST(P9Message, LinkMkdirRenameatUnlinkat) {
  auto l = check(Wire().u32(3).u32(9).str("hard").message(70, 36), true,
                 {.dotu = true, .type = type::Tlink, .tag = 36, .body = msg::Tlink{.dfid = 3, .fid = 9, .name = bs("hard")}},
                 kind::Tlink, type::Tlink, 36);
  EXPECT_EQ(l.as_Tlink()->dfid(), 3u);
  EXPECT_EQ(l.as_Tlink()->fid(), 9u);
  EXPECT_EQ(text(l.as_Tlink()->name()), "hard");
  check(Wire().message(71, 36), true, {.dotu = true, .type = type::Rlink, .tag = 36, .body = msg::Rlink{}}, kind::Rlink,
        type::Rlink, 36);

  auto m = check(Wire().u32(3).str("dir").u32(0755).u32(100).message(72, 37), true,
                 {.dotu = true, .type = type::Tmkdir, .tag = 37,
                  .body = msg::Tmkdir{.dfid = 3, .name = bs("dir"), .mode = 0755, .gid = 100}},
                 kind::Tmkdir, type::Tmkdir, 37);
  EXPECT_EQ(m.as_Tmkdir()->dfid(), 3u);
  EXPECT_EQ(text(m.as_Tmkdir()->name()), "dir");
  EXPECT_EQ(m.as_Tmkdir()->mode(), 0755u);
  EXPECT_EQ(m.as_Tmkdir()->gid(), 100u);
  auto mr = check(Wire().qid(kQidType, kQidVersion, kQidPath).message(73, 37), true,
                  {.dotu = true, .type = type::Rmkdir, .tag = 37, .body = msg::Rmkdir{.qid = kQid}}, kind::Rmkdir,
                  type::Rmkdir, 37);
  expect_qid(mr.as_Rmkdir()->qid());

  auto r = check(Wire().u32(3).str("a").u32(4).str("b").message(74, 38), true,
                 {.dotu = true, .type = type::Trenameat, .tag = 38,
                  .body = msg::Trenameat{.olddirfid = 3, .oldname = bs("a"), .newdirfid = 4, .newname = bs("b")}},
                 kind::Trenameat, type::Trenameat, 38);
  EXPECT_EQ(r.as_Trenameat()->olddirfid(), 3u);
  EXPECT_EQ(text(r.as_Trenameat()->oldname()), "a");
  EXPECT_EQ(r.as_Trenameat()->newdirfid(), 4u);
  EXPECT_EQ(text(r.as_Trenameat()->newname()), "b");
  check(Wire().message(75, 38), true, {.dotu = true, .type = type::Rrenameat, .tag = 38, .body = msg::Rrenameat{}},
        kind::Rrenameat, type::Rrenameat, 38);

  auto u = check(Wire().u32(3).str("dir").u32(0x200).message(76, 39), true,
                 {.dotu = true, .type = type::Tunlinkat, .tag = 39,
                  .body = msg::Tunlinkat{.dirfid = 3, .name = bs("dir"), .flags = 0x200}},
                 kind::Tunlinkat, type::Tunlinkat, 39);
  EXPECT_EQ(u.as_Tunlinkat()->dirfid(), 3u);
  EXPECT_EQ(text(u.as_Tunlinkat()->name()), "dir");
  EXPECT_EQ(u.as_Tunlinkat()->flags(), 0x200u);
  check(Wire().message(77, 39), true, {.dotu = true, .type = type::Runlinkat, .tag = 39, .body = msg::Runlinkat{}},
        kind::Runlinkat, type::Runlinkat, 39);
}

// ============================================================ errors

TEST(P9Message, UnknownTypeKeepsTheBody) {
  // 106 would be Terror, which 9P2000 forbids; 9P2000.L's Tlerror (6) is
  // never sent either.
  const Bytes m = Wire().u32(0xdeadbeef).message(106, 40);
  auto v = check(m, false,
                 {.type = static_cast<type>(106), .tag = 40, .body = msg::Unknown{.body = mpl::bytes{m.data() + 7, 4}}},
                 kind::Unknown, static_cast<type>(106), 40);
  EXPECT_EQ(v.as_Unknown()->body().size(), 4u);
}

TEST(P9Message, SizeSmallerThanTheFieldsIsAnError) {
  Bytes m = Wire().u32(1).u64(0).u32(512).message(116, 8);
  m[0] = static_cast<std::uint8_t>(m[0] - 1);
  auto v = msg::parse(mpl::bytes{m.data(), m.size()}, false);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(std::string(v.error().field), "p9_message.trailing");

  Bytes tiny = Wire().message(121, 1);
  tiny[0] = 6;  // below the seven header bytes
  auto t = msg::parse(mpl::bytes{tiny.data(), tiny.size()}, false);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind, mpl::error_kind::out_of_range);
}

TEST(P9Message, StringLengthPastTheEndIsAnError) {
  Bytes m = Wire().u32(8192).str("9P2000").message(100, 0xffff);
  m[11] = 0xff;  // version length 255
  auto v = msg::parse(mpl::bytes{m.data(), m.size()}, false);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind, mpl::error_kind::truncated);
}

// A buffer holding several messages (a TCP stream): each parse takes one.
TEST(P9Message, ConsecutiveMessagesInOneBuffer) {
  Bytes stream = Wire().u32(8192).str("9P2000.L").message(100, 0xffff);
  const Bytes second = Wire().u32(4).message(120, 1);
  stream.insert(stream.end(), second.begin(), second.end());
  std::size_t at = 0;
  std::vector<kind> kinds;
  while (at < stream.size()) {
    auto v = msg::parse(mpl::bytes{stream.data() + at, stream.size() - at}, true);
    ASSERT_TRUE(v.ok());
    kinds.push_back(v->type_case());
    at += v->size();
  }
  EXPECT_EQ(kinds, (std::vector<kind>{kind::Tversion, kind::Tclunk}));
}

}  // namespace
