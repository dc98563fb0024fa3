// Semantic analysis: MPL text -> parse_file -> analyze -> exact diagnostics.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "driver/front_end.h"
#include "sema/analyze.h"
#include "sema/model.h"
#include "syntax/parse.h"

namespace mplc::sema {
namespace {

namespace fs = std::filesystem;

// Parses and analyses one or more files (imports first, root last), keeping
// everything alive so tests can look at the model.
struct Analysis {
  SourceManager sources;
  Diagnostics diagnostics{sources};
  std::vector<std::unique_ptr<ast::File>> files;
  std::unique_ptr<Model> model;

  explicit Analysis(const std::vector<std::pair<std::string, std::string>>& texts) {
    std::vector<const ast::File*> pointers;
    FileId root = 0;
    for (const auto& [path, text] : texts) {
      root = sources.add(path, text);
      files.push_back(std::make_unique<ast::File>(parse_file(root, sources, diagnostics)));
      pointers.push_back(files.back().get());
    }
    model = analyze(pointers, root, diagnostics);
  }
  explicit Analysis(const std::string& text) : Analysis({{"test.mpl", text}}) {}

  std::string rendered() const { return diagnostics.render_all(); }
};

std::string diagnose(const std::string& text) { return Analysis(text).rendered(); }

// ---------------------------------------------------------------- clean specs

// Specs in these tests that must analyse without any diagnostic.
const char* const kCleanSpecs[] = {
    R"(packet ipv4 {
  version: bit[4] const(4);
  ihl: bit[4] value(offset(options) / 4);
  tos: byte;
  length: uint16 value(offset(end));
  id: uint16;
  flags: bit[3];
  fragment: bit[13];
  ttl: byte default(64);
  protocol: byte variant { |1 -> Icmp |6 -> Tcp |17 -> Udp |0..0 => Unknown };
  checksum: uint16 checksum(internet, options_end);
  source: uint32;
  destination: uint32;
  options: byte[ihl * 4 - 20];
  options_end: label;
  data: byte[length - ihl * 4] pseudo_header(source, destination, protocol);
  end: label;
}
)",
    R"(custom dns_name = "mpl::DnsName";
endian little;
packet rr (bool compressed, int depth) {
  name: dns_name;
  type: uint16 endian(big);
  rdlength: uint16 value(sizeof(rdata));
  rdata: byte[rdlength];
  classify (compressed) {
    |true:"Yes" -> ();
    |false:"No" when (depth > 2) -> extra: byte;
  };
}
packet msg {
  count: uint16 value(array_length(answers));
  answers: array (count) { rr: packet rr(true, count); };
  padding: byte const(0);
  padding: byte const(0);
  magic: byte[4] const("MPL1");
  opts: array bytes (remaining()) {
    kind: byte;
    classify (kind) {
      |0:"End" -> ();
      |1..5:"Small" -> small: byte[2];
      |_:"Other" -> len: byte value(sizeof(body)); body: byte[len];
    };
  };
}
)",
    R"(packet tlvs {
  items: array until (kind == 0) {
    kind: byte;
    more: bit[1];
    rest: bit[7] min(1) max(100);
  } align(32);
  tail: byte[remaining()];
}
)",
};

TEST(SemaCleanSpecs, AnalyseWithoutDiagnostics) {
  for (const char* spec : kCleanSpecs) {
    EXPECT_EQ(diagnose(spec), "") << spec;
  }
}

TEST(SemaCleanSpecs, ShippedSpecsAnalyseWithoutErrors) {
  fs::path dir = fs::path(MPL_SOURCE_DIR) / "specs";
  ASSERT_TRUE(fs::exists(dir));
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".mpl") continue;
    SourceManager sources;
    Diagnostics diagnostics(sources);
    FrontEndResult result = run_front_end(entry.path().string(), {}, sources, diagnostics);
    EXPECT_EQ(diagnostics.error_count(), 0u) << entry.path() << "\n" << diagnostics.render_all();
    EXPECT_NE(result.model, nullptr) << entry.path();
  }
}

// ---------------------------------------------------------------- the model

TEST(SemaModel, ResolvesFieldsTypesAndReferences) {
  Analysis a(kCleanSpecs[0]);
  ASSERT_EQ(a.rendered(), "");
  ASSERT_EQ(a.model->packets.size(), 1u);
  const Packet& ip = *a.model->packets[0];
  EXPECT_TRUE(ip.in_root);
  const auto& items = ip.body.items;
  const Field& version = *items[0]->as_field();
  EXPECT_EQ(version.type.kind, Type::Kind::kBits);
  EXPECT_EQ(version.type.width, 4u);
  EXPECT_EQ(version.const_int, 4u);
  EXPECT_TRUE(version.run_start);
  EXPECT_EQ(version.run_bits, 8u);
  const Field& ihl = *items[1]->as_field();
  EXPECT_EQ(ihl.bit_offset, 4u);
  ASSERT_TRUE(ihl.value);
  EXPECT_EQ(ihl.value->kind, Expr::Kind::kBinary);
  EXPECT_EQ(ihl.value->operands[0]->kind, Expr::Kind::kOffset);
  EXPECT_EQ(ihl.value->operands[0]->target, items[12].get());  // options
  const Field& fragment = *items[6]->as_field();
  EXPECT_EQ(fragment.bit_offset, 3u);
  EXPECT_EQ(fragment.run_bits, 16u);
  const Field& protocol = *items[8]->as_field();
  ASSERT_TRUE(protocol.variant);
  EXPECT_EQ(protocol.variant->cases.size(), 4u);
  EXPECT_EQ(protocol.variant->default_case, 3u);
  const Field& checksum = *items[9]->as_field();
  ASSERT_TRUE(checksum.checksum);
  EXPECT_EQ(checksum.checksum->algorithm, Checksum::Algorithm::kInternetRange);
  EXPECT_EQ(checksum.checksum->end_label, items[13]->as_field());
  const Field& data = *items[14]->as_field();
  ASSERT_TRUE(data.pseudo_header);
  EXPECT_EQ(data.pseudo_header->protocol, &protocol);
  EXPECT_EQ(data.type.kind, Type::Kind::kBytes);
  EXPECT_EQ(items[12]->as_field()->type.size->type, ExprType::kInt);
  // ihl sizes options (ihl * 4 - 20) and data.
  EXPECT_EQ(ihl.sizes.size(), 2u);
  EXPECT_EQ(&data.packet(), &ip);
}

TEST(SemaModel, PaddingAccessorsScopesAndEmbedded) {
  Analysis a(kCleanSpecs[1]);
  ASSERT_EQ(a.rendered(), "");
  ASSERT_EQ(a.model->custom_types.size(), 1u);
  EXPECT_EQ(a.model->custom_types[0]->cpp_type, "mpl::DnsName");
  const Packet& rr = *a.model->packets[0];
  EXPECT_EQ(rr.endian, Endian::kLittle);
  EXPECT_EQ(rr.body.items[0]->as_field()->type.custom, a.model->custom_types[0].get());
  EXPECT_EQ(rr.body.items[1]->as_field()->endian, Endian::kBig);
  EXPECT_EQ(rr.body.items[2]->as_field()->endian, Endian::kLittle);
  const Classify& c = *rr.body.items[4]->as_classify();
  EXPECT_EQ(c.subject_kind, Classify::SubjectKind::kBoolean);
  EXPECT_EQ(c.subject->kind, Expr::Kind::kParamRef);
  ASSERT_EQ(c.cases.size(), 2u);
  EXPECT_EQ(c.cases[1]->guard->type, ExprType::kBool);
  EXPECT_EQ(c.cases[1]->body.items[0]->parent, &c.cases[1]->body);
  EXPECT_EQ(c.cases[1]->body.parent, &rr.body);

  const Packet& msg = *a.model->packets[1];
  const Array& answers = *msg.body.items[1]->as_array();
  const Embedded& embedded = *answers.element.items[0]->as_embedded();
  EXPECT_EQ(embedded.target, &rr);
  EXPECT_EQ(embedded.args[1]->field, msg.body.items[0]->as_field());
  EXPECT_EQ(msg.body.items[2]->as_field()->accessor, "padding");
  EXPECT_EQ(msg.body.items[3]->as_field()->accessor, "padding_2");
  EXPECT_EQ(msg.body.items[4]->as_field()->const_bytes, "MPL1");
  const Array& opts = *msg.body.items[5]->as_array();
  EXPECT_EQ(opts.bound->kind, Expr::Kind::kRemaining);
  const Classify& kinds = *opts.element.items[1]->as_classify();
  EXPECT_EQ(kinds.subject_width, 8u);
  EXPECT_EQ(kinds.cases[1]->match, ClassifyCase::Match::kRange);
  EXPECT_TRUE(kinds.has_wildcard());
}

TEST(SemaModel, DumpIsDeterministicAndShowsStructure) {
  Analysis a(kCleanSpecs[1]);
  std::string dump = dump_model(*a.model);
  EXPECT_EQ(dump, dump_model(*Analysis(kCleanSpecs[1]).model));
  EXPECT_EQ(dump,
            "custom dns_name = \"mpl::DnsName\"\n"
            "packet rr(bool compressed, int depth) endian little\n"
            "  field name: dns_name = mpl::DnsName\n"
            "  field type: uint16 big\n"
            "  field rdlength: uint16 little value(sizeof(rdata)) sizes(rdata)\n"
            "  field rdata: byte[rdlength]\n"
            "  classify (compressed) boolean\n"
            "    case true Yes\n"
            "    case false No when (depth > 2)\n"
            "      field extra: byte\n"
            "packet msg() endian little\n"
            "  field count: uint16 little value(array_length(answers)) sizes(answers)\n"
            "  array answers: count(count)\n"
            "    embedded rr: packet rr(true, count)\n"
            "  field padding: byte const(0)\n"
            "  field padding (as padding_2): byte const(0)\n"
            "  field magic: byte[4] const(\"MPL1\")\n"
            "  array opts: bytes(remaining())\n"
            "    field kind: byte\n"
            "    classify (kind) integer/8\n"
            "      case 0 End\n"
            "      case 1..5 Small\n"
            "        field small: byte[2]\n"
            "      case _ Other\n"
            "        field len: byte value(sizeof(body)) sizes(body)\n"
            "        field body: byte[len]\n");
}

// ---------------------------------------------------------------- robustness

TEST(SemaRobustness, NeverCrashesOnTruncatedOrMangledInput) {
  std::string spec = std::string(kCleanSpecs[0]) + kCleanSpecs[1] + kCleanSpecs[2];
  for (std::size_t cut = 0; cut <= spec.size(); cut += 3) {
    Analysis a(spec.substr(0, cut));
    (void)dump_model(*a.model);
  }
  std::mt19937 random(12345);
  const std::string pieces[] = {"{", "}", ";", "(", ")", "x", "classify", "|", "..", ":", "packet", "1", "\"s\"",
                                "value", "array", "->", "_", "remaining()", "sizeof(", "bit[0]"};
  for (int round = 0; round < 300; ++round) {
    std::string mangled = spec;
    for (int edit = 0; edit < 4; ++edit) {
      std::size_t at = random() % mangled.size();
      if (random() % 2 == 0) {
        mangled.erase(at, random() % 8);
      } else {
        mangled.insert(at, pieces[random() % std::size(pieces)]);
      }
    }
    Analysis a(mangled);
    (void)dump_model(*a.model);
  }
}

// ---------------------------------------------------------------- imports

TEST(SemaImports, PacketsFromImportedFilesResolve) {
  Analysis a({{"inner.mpl", "packet inner (int n) { data: byte[n]; }\n"},
              {"outer.mpl", "packet outer { n: byte; body: packet inner(n); }\n"}});
  EXPECT_EQ(a.rendered(), "");
  EXPECT_FALSE(a.model->packets[0]->in_root);
  EXPECT_TRUE(a.model->packets[1]->in_root);
  EXPECT_EQ(a.model->packets[1]->body.items[1]->as_embedded()->target, a.model->packets[0].get());
}

TEST(SemaImports, DuplicatePacketAcrossFiles) {
  Analysis a({{"a.mpl", "packet p { x: byte; }\n"}, {"b.mpl", "packet p { y: byte; }\n"}});
  EXPECT_EQ(a.rendered(),
            "b.mpl:1:8: error: duplicate packet 'p'\n"
            "packet p { y: byte; }\n"
            "       ^\n"
            "a.mpl:1:8: note: 'p' first defined here\n"
            "packet p { x: byte; }\n"
            "       ^\n");
}

// ---------------------------------------------------------------- selected diagnostics

TEST(SemaDiagnostics, UnknownFieldSuggestsAndDoesNotCascade) {
  EXPECT_EQ(diagnose("packet p {\n  length: uint16;\n  data: byte[lenght * 2 + 1];\n}\n"),
            "test.mpl:3:14: error: unknown field 'lenght'; did you mean 'length'?\n"
            "  data: byte[lenght * 2 + 1];\n"
            "             ^~~~~~\n");
}

TEST(SemaModel, UdpChecksumIsThePseudoHeaderSumWithZeroMeaningNone) {
  Analysis a("packet u {\n  a: uint16;\n  c: uint16 checksum(udp);\n  d: uint16 checksum(internet_pseudo);\n}\n");
  ASSERT_EQ(a.rendered(), "");
  const auto& items = a.model->packets[0]->body.items;
  const Field& udp = *items[1]->as_field();
  const Field& plain = *items[2]->as_field();
  EXPECT_EQ(udp.checksum->algorithm, Checksum::Algorithm::kInternetPseudo);
  EXPECT_TRUE(udp.checksum->zero_means_none);
  EXPECT_FALSE(plain.checksum->zero_means_none);
  EXPECT_NE(diagnose("packet u { c: uint16 checksum(upd); }").find("did you mean 'udp'?"), std::string::npos);
  EXPECT_NE(diagnose("packet u { c: uint16 checksum(udp, x); x: label; }").find("checksum(udp) covers the whole packet"),
            std::string::npos);
}

TEST(SemaDiagnostics, ValueMayNameLaterFieldsButOthersMayNot) {
  EXPECT_EQ(diagnose("packet p {\n  a: byte value(sizeof(b));\n  b: byte[4];\n}\n"), "");
  EXPECT_EQ(diagnose("packet p {\n  a: byte[b];\n  b: byte;\n}\n"),
            "test.mpl:2:11: error: field 'b' is used before it is defined\n"
            "  a: byte[b];\n"
            "          ^\n"
            "test.mpl:3:3: note: 'b' is defined here\n"
            "  b: byte;\n"
            "  ^\n");
}

}  // namespace
}  // namespace mplc::sema
