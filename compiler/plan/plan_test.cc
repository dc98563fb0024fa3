// The plan's decisions, pinned on small specs: the validation program, the
// value order, where builders take values, what setters update, and the
// verdicts that make --check refuse what generation cannot do.
#include "plan/plan.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "driver/front_end.h"

namespace mplc::plan {
namespace {

namespace fs = std::filesystem;

struct Planned {
  SourceManager sources;
  Diagnostics diagnostics{sources};
  FrontEndResult result;
  const Plan& plan() const { return *result.plan; }
  const sema::Packet& packet(const std::string& name) const { return *result.model->find_packet(name); }
};

std::unique_ptr<Planned> plan_text(const std::string& text) {
  auto p = std::make_unique<Planned>();
  const fs::path file = fs::temp_directory_path() / ("mplc-plan-test-" + std::to_string(::getpid()) + ".mpl");
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
  p->result = run_front_end(file.string(), {}, p->sources, p->diagnostics);
  fs::remove(file);
  return p;
}

const sema::Item& item_named(const sema::Block& block, const std::string& name) {
  for (const auto& item : block.items) {
    if (item->name == name) return *item;
  }
  ADD_FAILURE() << "no item " << name;
  return *block.items.front();
}

std::vector<Check::Kind> kinds(const std::vector<Check>& program) {
  std::vector<Check::Kind> out;
  for (const Check& c : program) out.push_back(c.kind);
  return out;
}

using K = Check::Kind;

TEST(Plan, ValidationProgramChecksEachRunOnceThenEachConstraintInOrder) {
  auto p = plan_text(R"(
packet msg {
  version: uint8 const(2);
  kind: uint8 max(3);
  length: uint16 value(sizeof(body));
  body: byte[length];
  classify (kind) {
    |0:"Empty" -> ();
    |1:"Word" -> word: uint32 min(1);
    |_:"Other" -> rest: byte[remaining()];
  };
}
)");
  ASSERT_TRUE(p->result.plan) << p->diagnostics.render_all();
  const auto& frame = p->plan().layout().packet_frame(p->packet("msg"));
  const auto& program = p->plan().frame(frame).validation;
  // One bounds check covers version..length (4 bytes); the byte string is
  // measured; the classify then runs one program per case.
  ASSERT_EQ(kinds(program), (std::vector<K>{K::kBounds, K::kConst, K::kRange, K::kLength, K::kClassify}));
  EXPECT_EQ(program[0].bytes, 4u);
  EXPECT_EQ(program[1].item->name, "version");
  EXPECT_EQ(program[2].item->name, "kind");
  ASSERT_EQ(program[4].cases.size(), 3u);
  EXPECT_TRUE(program[4].cases[0].empty());
  EXPECT_EQ(kinds(program[4].cases[1]), (std::vector<K>{K::kBounds, K::kRange}));
  EXPECT_EQ(program[4].cases[1][0].bytes, 4u);
  // byte[remaining()] ends at the region's end: nothing to check.
  EXPECT_TRUE(program[4].cases[2].empty());
}

TEST(Plan, SizedEmbeddedPacketCarriesItsSizeInTheProgramAndTheDump) {
  auto p = plan_text(R"(
packet inner { a: uint16; }
packet outer {
  length: uint8 value(sizeof(body) + 1);
  body: packet inner() size(length - 1);
  plain: packet inner();
}
)");
  ASSERT_TRUE(p->result.plan) << p->diagnostics.render_all();
  const auto& frame = p->plan().layout().packet_frame(p->packet("outer"));
  const auto& program = p->plan().frame(frame).validation;
  ASSERT_EQ(kinds(program), (std::vector<K>{K::kBounds, K::kEmbedded, K::kEmbedded}));
  ASSERT_NE(program[1].region_size, nullptr);
  EXPECT_EQ(program[1].region_size->kind, sema::Expr::Kind::kBinary);
  EXPECT_EQ(program[2].region_size, nullptr);
  const std::string dump = dump_plan(p->plan());
  EXPECT_NE(dump.find("embedded body at 1 in size((length - 1)) -> off_[0]"), std::string::npos) << dump;
  EXPECT_NE(dump.find("embedded plain at off_[0] -> off_[1]"), std::string::npos) << dump;
}

TEST(Plan, PerFieldBoundsModeChecksEveryFixedField) {
  auto p = plan_text("packet two { a: uint16; b: uint32; }\n");
  ASSERT_TRUE(p->result.plan) << p->diagnostics.render_all();
  const auto& frame = p->plan().layout().packet_frame(p->packet("two"));
  EXPECT_EQ(kinds(p->plan().frame(frame).validation), (std::vector<K>{K::kBounds}));
  Diagnostics diagnostics(p->sources);
  auto per_field = make_plan(*p->result.model, PlanOptions{true}, diagnostics);
  ASSERT_TRUE(per_field);
  const auto& program = per_field->frame(per_field->layout().packet_frame(p->packet("two"))).validation;
  ASSERT_EQ(kinds(program), (std::vector<K>{K::kBounds, K::kBounds}));
  EXPECT_EQ(program[0].bytes, 2u);
  EXPECT_EQ(program[1].bytes, 4u);
}

TEST(Plan, ValueFieldsComeAfterTheValueFieldsTheyRead) {
  // `total` is declared first but reads `header_length`, another value field.
  auto p = plan_text(R"(
packet framed {
  total: uint16 value(header_length + sizeof(data));
  header_length: uint8 value(offset(data));
  data_length: uint8 value(sizeof(data));
  data: byte[data_length];
}
)");
  ASSERT_TRUE(p->result.plan) << p->diagnostics.render_all();
  const auto& values = p->plan().frame(p->plan().layout().packet_frame(p->packet("framed"))).values;
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(values[0]->name, "header_length");
  EXPECT_EQ(values[1]->name, "total");
  EXPECT_EQ(values[2]->name, "data_length");
}

TEST(Plan, BuilderSourcesSayWhereEachFieldComesFrom) {
  auto p = plan_text(R"(
packet m {
  magic: uint8 const(7);
  kind: uint8;
  flavour: uint8;
  n: uint8 value(sizeof(rest));
  sum: uint16 checksum(internet);
  free: uint32;
  classify (kind) { |1:"A" -> (); |2:"B" -> (); };
  classify (flavour) { |1:"X" -> (); |2..9:"Range" -> (); };
  rest: byte[n];
}
)");
  ASSERT_TRUE(p->result.plan) << p->diagnostics.render_all();
  const sema::Packet& m = p->packet("m");
  const auto source = [&](const std::string& name) {
    return p->plan().source(*item_named(m.body, name).as_field()).kind;
  };
  using S = FieldSource::Kind;
  EXPECT_EQ(source("magic"), S::kConst);
  EXPECT_EQ(source("kind"), S::kCase);           // every case matches one value
  EXPECT_EQ(source("flavour"), S::kCaseOrUser);  // a range case leaves it to the user
  EXPECT_EQ(source("n"), S::kValue);
  EXPECT_EQ(source("sum"), S::kChecksum);
  EXPECT_EQ(source("free"), S::kUser);
  EXPECT_EQ(source("rest"), S::kUser);
}

TEST(Plan, SettersUpdateTheChecksumsThatCoverTheirField) {
  auto p = plan_text(R"(
packet h {
  ttl: uint8;
  kind: uint8;
  sum: uint16 checksum(internet, end);
  end: label;
  after: uint16;
  classify (kind) {
    |1:"Summed" -> inner: uint16; inner_sum: uint16 checksum(internet);
    |2:"Plain" -> other: uint16;
  };
}
)");
  ASSERT_TRUE(p->result.plan) << p->diagnostics.render_all();
  const sema::Packet& h = p->packet("h");
  const auto& updates = p->plan().packet(h).updates;
  const auto* ttl = item_named(h.body, "ttl").as_field();
  ASSERT_EQ(updates.count(ttl), 1u);
  // ttl shares the word at 0 with kind; both sums cover it, inner_sum only
  // when the Summed case was taken.
  const FieldUpdate& u = updates.at(ttl);
  EXPECT_EQ(u.word_at, 0u);
  EXPECT_EQ(u.word_bytes, 2u);
  ASSERT_EQ(u.covering.size(), 2u);
  EXPECT_EQ(u.covering[0].checksum->name, "sum");
  EXPECT_TRUE(u.covering[0].present_when.empty());
  EXPECT_EQ(u.covering[1].checksum->name, "inner_sum");
  ASSERT_EQ(u.covering[1].present_when.size(), 1u);
  EXPECT_EQ(u.covering[1].present_when[0].second, 0u);
  // `after` lies past the label: only inner_sum covers it.
  const auto* after = item_named(h.body, "after").as_field();
  ASSERT_EQ(updates.count(after), 1u);
  ASSERT_EQ(updates.at(after).covering.size(), 1u);
  EXPECT_EQ(updates.at(after).covering[0].checksum->name, "inner_sum");
  // A field of the other case is in no packet that holds inner_sum.
  const auto& plain = *item_named(h.body, "").as_classify()->cases[1];
  const auto* other = item_named(plain.body, "other").as_field();
  EXPECT_EQ(updates.count(other), 0u);
}

TEST(Plan, CheckRefusesWhatGenerationCannotDo) {
  // An element's value(...) reading the enclosing packet: the plan's verdict
  // is an error of the spec at the expression, so --check refuses it too.
  auto p = plan_text(R"(
packet list {
  tag: uint8;
  count: uint8 value(array_length(items));
  items: array (count) {
    copy: uint8 value(tag);
  };
}
)");
  EXPECT_FALSE(p->result.plan);
  EXPECT_FALSE(p->result.model);
  EXPECT_NE(p->diagnostics.render_all().find(":6:23: error: value(...) of 'copy' reads field 'tag' from outside"), std::string::npos)
      << p->diagnostics.render_all();
}

TEST(Plan, DumpNamesEveryPart) {
  auto p = plan_text(R"(
packet d {
  kind: uint8 variant { |1 -> One };
  n: uint8 value(array_length(xs));
  xs: array (n) { v: byte[kind]; };
  classify (kind) { |1:"One" -> (); };
}
)");
  ASSERT_TRUE(p->result.plan) << p->diagnostics.render_all();
  const std::string dump = dump_plan(p->plan());
  for (const char* expected : {"packet d\n", "  frame body of d", "  frame element of xs", "    validate:\n",
                               "      array xs at 2 -> count_[0], off_[0]", "captures: o_kind_ (field kind)",
                               "values, in computation order: n", "variant kind: kind_t",
                               "case One: as_One, view One_view, builder One (write() local case_One)",
                               "      n: [1, 2) fixed 1 bytes, built from value, write() locals *_n\n",
                               "array xs: element xs_element, builder xs_element_builder, range xs_range"}) {
    EXPECT_NE(dump.find(expected), std::string::npos) << "missing '" << expected << "' in:\n" << dump;
  }
}

// `start_length` is a member write() reads bare, so the locals of `length`
// may not be start_length: its stem is numbered. `x` is in two cases of one
// frame; an element is a frame of its own.
const char kLocalNames[] = R"(
packet m {
  length: uint8;
  start_length: uint8;
  _hidden: uint8;
  class: uint8;
  kind: uint8;
  sub: uint8;
  classify (kind) { |1:"A" -> x: uint8; |2:"B" -> x: uint8; };
  classify (kind + sub) { |1:"C" -> (); |_:"D" -> (); };
  n: uint8 value(array_length(items));
  items: array (n) { length: uint8; x: uint8; };
}
)";

// Every local stem of `block` and the frames inside it, in source order.
void collect_locals(const PacketNames& names, const sema::Block& block, std::vector<std::string>& out) {
  for (const auto& item : block.items) {
    out.push_back(names.local.at(item.get()));
    if (const auto* array = item->as_array()) collect_locals(names, array->element, out);
    if (const auto* classify = item->as_classify()) {
      for (const auto& kase : classify->cases) {
        out.push_back(names.case_local.at(kase.get()));
        collect_locals(names, kase->body, out);
      }
    }
  }
}

TEST(Plan, BuilderLocalsAreNamedAfterTheirItemsAndNeverClash) {
  auto p = plan_text(kLocalNames);
  ASSERT_TRUE(p->result.plan) << p->diagnostics.render_all();
  const sema::Packet& m = p->packet("m");
  const PacketNames& names = p->plan().packet(m).names;
  const auto local = [&](const sema::Block& block, const std::string& name) {
    return names.local.at(&item_named(block, name));
  };
  EXPECT_EQ(local(m.body, "length"), "length_2");
  EXPECT_EQ(local(m.body, "start_length"), "start_length");
  EXPECT_EQ(local(m.body, "_hidden"), "hidden");  // start__hidden would be a name C++ reserves
  EXPECT_EQ(local(m.body, "class"), "class");     // value_class is no keyword
  const sema::Classify& by_kind = *m.body.items[6]->as_classify();
  const sema::Classify& by_sum = *m.body.items[7]->as_classify();
  EXPECT_EQ(names.local.at(&by_kind), "kind_case");
  EXPECT_EQ(names.local.at(&by_sum), "kind_sub_case");  // after what it reads, as visit() names it
  EXPECT_EQ(names.case_local.at(by_kind.cases[0].get()), "A");
  EXPECT_EQ(local(by_kind.cases[0]->body, "x"), "x");
  EXPECT_EQ(local(by_kind.cases[1]->body, "x"), "B_x");  // qualified by its case
  const sema::Array& items = *item_named(m.body, "items").as_array();
  EXPECT_EQ(local(m.body, "items"), "items");
  EXPECT_EQ(local(items.element, "length"), "items_length");  // qualified by its array
  EXPECT_EQ(local(items.element, "x"), "x");  // another frame, another function

  // The same spec, the same names.
  auto again = plan_text(kLocalNames);
  ASSERT_TRUE(again->result.plan) << again->diagnostics.render_all();
  std::vector<std::string> first, second;
  collect_locals(names, m.body, first);
  collect_locals(again->plan().packet(again->packet("m")).names, again->packet("m").body, second);
  EXPECT_EQ(first, second);
  EXPECT_EQ(first.size(), 18u);
}

}  // namespace
}  // namespace mplc::plan
