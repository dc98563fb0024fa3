// write() refuses what parse() would read otherwise where parse() finds an
// array's end from the elements' content, or decides from the arguments an
// enclosing packet computes (issue 14, "Soundness"; found by the property
// tests, tests/property; docs/robustness.md, "Known disagreements"):
//   * an `array until (cond)` whose last element, and only it, must satisfy
//     the condition (gaps.mpl hop_list, as DHCP's options up to End);
//   * an element reading remaining() that is not the last (IPv4's End of
//     Option List, whose padding takes every byte after it);
//   * an element that writes no bytes (gaps.mpl optional_items);
//   * an embedded packet's case, guard and sizes over the arguments the
//     enclosing packet computes while writing (gaps.mpl tagged, as DNS's
//     rdata; tests/dns has DNS's own).
// And what align(32) on IPv4's options reads back (docs/language.md).
#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "gaps.h"
#include "ipv4.h"

namespace {

using Bytes = std::vector<std::uint8_t>;

template <typename Builder>
mpl::result<std::size_t> write(const Builder& b, Bytes& out) {
  out.assign(b.size(), 0);
  return b.write(mpl::mutable_bytes{out.data(), out.size()});
}

namespace hl = gaps::hop_list;

TEST(BuilderSoundness, AnUntilArrayEndsWithItsOnlyElementSatisfyingTheCondition) {
  Bytes out;
  std::vector<hl::hops_element_builder> hops{{.hop = 7, .last = 0}, {.hop = 8, .last = 0}, {.hop = 9, .last = 1}};
  ASSERT_TRUE(write(hl::builder{.hops = hops}, out).ok());
  auto v = hl::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->hops().size(), 3u);
  EXPECT_EQ(v->size(), out.size());

  // An earlier element ends the array: parse() would stop there.
  hops[1].last = 1;
  auto early = write(hl::builder{.hops = hops}, out);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().kind, mpl::error_kind::guard_failed);
  EXPECT_STREQ(early.error().field, "hop_list.hops");
  EXPECT_EQ(early.error().found, 1u);  // the element's index
  EXPECT_NE(early.error().describe().find("before the last"), std::string::npos) << early.error().describe();

  // The last does not end it: parse() would read on past the array.
  hops[1].last = 0;
  hops[2].last = 0;
  auto open = write(hl::builder{.hops = hops}, out);
  ASSERT_FALSE(open.ok());
  EXPECT_EQ(open.error().kind, mpl::error_kind::guard_failed);
  EXPECT_EQ(open.error().found, 3u);  // the count: none ends it

  // No element at all is the same.
  auto none = write(hl::builder{}, out);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().kind, mpl::error_kind::guard_failed);
  EXPECT_STREQ(none.error().field, "hop_list.hops");
}

TEST(BuilderSoundness, AnArrayElementOfNoBytesIsRefused) {
  namespace oi = gaps::optional_items;
  Bytes out;
  std::vector<oi::items_element_builder> items{{.body = oi::None{}}};
  auto w = write(oi::builder{.present = 0, .items = items}, out);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::bad_length);
  EXPECT_STREQ(w.error().field, "optional_items.items");
  EXPECT_EQ(w.error().found, 0u);  // the element's index
  EXPECT_NE(w.error().describe().find("no bytes"), std::string::npos) << w.error().describe();

  items[0].body = oi::Item{.item = 7};
  ASSERT_TRUE(write(oi::builder{.present = 1, .items = items}, out).ok());
  auto v = oi::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->items().size(), 1u);
}

namespace opt = ipv4::ipv4_option;

ipv4::ipv4::builder datagram(const std::vector<ipv4::ipv4::options_element_builder>& options) {
  return ipv4::ipv4::builder{.protocol = ipv4::ipv4::protocol_t::UDP, .src = 0x0A000001, .dst = 0x0A000002,
                             .options = options};
}

TEST(BuilderSoundness, AnEndOfOptionListMustBeTheLastOption) {
  // Its padding is byte[remaining()]: parse() would read the Router Alert
  // after it as padding.
  const std::vector<ipv4::ipv4::options_element_builder> options{
      {.option = {.body = opt::EndOfOptionList{}}},
      {.option = {.body = opt::RouterAlert{}}},
  };
  Bytes out;
  auto w = write(datagram(options), out);
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::bad_length);
  EXPECT_STREQ(w.error().field, "ipv4.options");
  EXPECT_EQ(w.error().found, 0u);  // the element's index
  EXPECT_NE(w.error().describe().find("remaining()"), std::string::npos) << w.error().describe();

  const std::vector<ipv4::ipv4::options_element_builder> last{
      {.option = {.body = opt::RouterAlert{}}},
      {.option = {.body = opt::EndOfOptionList{}}},
  };
  ASSERT_TRUE(write(datagram(last), out).ok());
  auto v = ipv4::ipv4::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->options().size(), 2u);
}

TEST(BuilderSoundness, AlignedOptionsReadTheirZeroPadAsEndOfOptionList) {
  // align(32) pads the options with zeros, and a zero is End of Option
  // List (RFC 791): one No Operation written reads back as No Operation
  // and an End of Option List whose padding is the two other pad bytes.
  const std::vector<ipv4::ipv4::options_element_builder> nop{{.option = {.body = opt::NoOperation{}}}};
  Bytes out;
  ASSERT_TRUE(write(datagram(nop), out).ok());
  ASSERT_EQ(out.size(), 24u);
  auto v = ipv4::ipv4::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  std::vector<ipv4::ipv4::options_element> options;
  for (const auto& e : v->options()) options.push_back(e);
  ASSERT_EQ(options.size(), 2u);
  EXPECT_TRUE(options[0].option().as_NoOperation());
  ASSERT_TRUE(options[1].option().as_EndOfOptionList());
  EXPECT_EQ(options[1].option().as_EndOfOptionList()->padding().size(), 2u);
  // A last End of Option List takes the pad into its padding.
  const std::vector<ipv4::ipv4::options_element_builder> end{{.option = {.body = opt::EndOfOptionList{}}}};
  ASSERT_TRUE(write(datagram(end), out).ok());
  v = ipv4::ipv4::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  ASSERT_EQ(v->options().size(), 1u);
  EXPECT_EQ(v->options().begin()->option().as_EndOfOptionList()->padding().size(), 3u);
}

namespace tg = gaps::tagged;
namespace tv = gaps::tagged_value;

TEST(BuilderSoundness, AnEmbeddedPacketIsCheckedAgainstTheArgumentsItWillBeParsedWith) {
  const std::array<std::uint8_t, 2> two{1, 2};
  const std::array<std::uint8_t, 3> three{1, 2, 3};
  Bytes out;
  // kind 1 with a 2-byte value: Word, and only Word.
  ASSERT_TRUE(write(tg::builder{.kind = 1, .value = {.body = tv::Word{.word = 0x1234}}}, out).ok());
  auto v = tg::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  ASSERT_TRUE(v->value().as_Word());

  // Text is kind 2's case: parse() would not take it for kind 1.
  auto text = write(tg::builder{.kind = 1, .value = {.body = tv::Text{.text = mpl::bytes{three}}}}, out);
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().kind, mpl::error_kind::no_branch_matched);
  EXPECT_STREQ(text.error().field, "tagged_value.classify");
  EXPECT_EQ(text.error().found, 1u);  // the kind

  // A Blob of two bytes with kind 1: length == 2 makes parse() take Word.
  auto blob = write(tg::builder{.kind = 1, .value = {.body = tv::Blob{.blob = mpl::bytes{two}}}}, out);
  ASSERT_FALSE(blob.ok());
  EXPECT_EQ(blob.error().kind, mpl::error_kind::no_branch_matched);
  // Three bytes do not satisfy Word's guard: Blob is what parse() takes.
  ASSERT_TRUE(write(tg::builder{.kind = 1, .value = {.body = tv::Blob{.blob = mpl::bytes{three}}}}, out).ok());
  v = tg::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  ASSERT_TRUE(v->value().as_Blob());
  EXPECT_EQ(v->value().as_Blob()->blob().size(), 3u);

  // The members of the embedded builder are not what is checked: the
  // enclosing builder hands it the kind and length it writes.
  ASSERT_TRUE(write(tg::builder{.kind = 2, .value = {.kind = 9, .length = 0, .body = tv::Text{.text = mpl::bytes{two}}}}, out)
                  .ok());

  // Written alone, a tagged_value is checked against its own members.
  auto alone = write(tv::builder{.kind = 1, .length = 3, .body = tv::Word{.word = 1}}, out);
  ASSERT_FALSE(alone.ok());
  EXPECT_EQ(alone.error().kind, mpl::error_kind::guard_failed);
}

}  // namespace
