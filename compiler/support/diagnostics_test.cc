#include "support/diagnostics.h"

#include <gtest/gtest.h>

namespace mplc {
namespace {

TEST(Diagnostics, RendersLocationSourceLineAndCaretUnderTheRange) {
  SourceManager sources;
  FileId id = sources.add("spec.mpl", "packet p {\n  x: uint17;\n}\n");
  Diagnostics diagnostics(sources);
  diagnostics.error({id, 16, 22}, "unknown type 'uint17'");
  diagnostics.note({id, 0, 6}, "in this packet");
  EXPECT_EQ(diagnostics.render_all(),
            "spec.mpl:2:6: error: unknown type 'uint17'\n"
            "  x: uint17;\n"
            "     ^~~~~~\n"
            "spec.mpl:1:1: note: in this packet\n"
            "packet p {\n"
            "^~~~~~\n");
  EXPECT_EQ(diagnostics.error_count(), 1u);
}

TEST(Diagnostics, CaretStaysUnderItsCharacterAfterTabsAndStopsAtTheLineEnd) {
  SourceManager sources;
  FileId id = sources.add("t.mpl", "\tab cd\nnext\n");
  Diagnostics diagnostics(sources);
  diagnostics.warning({id, 4, 12}, "spans lines");
  EXPECT_EQ(diagnostics.render_all(), "t.mpl:1:5: warning: spans lines\n\tab cd\n\t   ^~\n");
  EXPECT_FALSE(diagnostics.has_errors());
}

TEST(Diagnostics, ErrorAtEndOfFileWithoutNewline) {
  SourceManager sources;
  FileId id = sources.add("e.mpl", "packet p {");
  Diagnostics diagnostics(sources);
  diagnostics.error({id, 10, 10}, "unexpected end of file");
  EXPECT_EQ(diagnostics.render_all(), "e.mpl:1:11: error: unexpected end of file\npacket p {\n          ^\n");
}

TEST(Diagnostics, ErrorWithoutLocation) {
  SourceManager sources;
  Diagnostics diagnostics(sources);
  diagnostics.error_without_location("cannot read spec 'x.mpl'");
  EXPECT_EQ(diagnostics.render_all(), "mplc: error: cannot read spec 'x.mpl'\n");
  EXPECT_TRUE(diagnostics.has_errors());
}

TEST(Diagnostics, ErrorsPastTheCapAreCountedAndSummarised) {
  SourceManager sources;
  FileId id = sources.add("c.mpl", "x\n");
  Diagnostics diagnostics(sources);
  for (std::size_t i = 0; i < kMaxShownDiagnostics + 50; ++i) {
    EXPECT_EQ(diagnostics.will_show_error(), i < kMaxShownDiagnostics);
    diagnostics.error({id, 0, 1}, "bad");
    diagnostics.note({id, 0, 1}, "here");
  }
  EXPECT_EQ(diagnostics.error_count(), kMaxShownDiagnostics + 50);
  EXPECT_EQ(diagnostics.hidden_errors(), 50u);
  // Each shown error keeps its note; the hidden ones lose theirs too.
  EXPECT_EQ(diagnostics.all().size(), 2 * kMaxShownDiagnostics);
  std::string text = diagnostics.render_all();
  EXPECT_TRUE(text.ends_with("\nmplc: note: 50 more errors not shown (at most 100 are printed per spec)\n"));
}

TEST(Diagnostics, ALongLineIsShownAsAWindowAroundTheCaret) {
  SourceManager sources;
  std::string line(1000, 'a');
  line[500] = 'X';
  FileId id = sources.add("l.mpl", line + "\n");
  Diagnostics diagnostics(sources);
  diagnostics.error({id, 500, 501}, "here");
  std::string text = diagnostics.render_all();
  std::string shown = "..." + line.substr(500 - kMaxShownColumns / 3, kMaxShownColumns) + "...";
  std::string caret = std::string(3 + kMaxShownColumns / 3, ' ') + "^";
  EXPECT_EQ(text, "l.mpl:1:501: error: here\n" + shown + "\n" + caret + "\n");
}

TEST(NearestName, SuggestsCloseNamesIncludingSwappedLetters) {
  std::vector<std::string> names{"value", "const", "default", "checksum", "length"};
  EXPECT_EQ(nearest_name("vaule", names), "value");
  EXPECT_EQ(nearest_name("lenght", names), "length");
  EXPECT_EQ(nearest_name("checksun", names), "checksum");
  EXPECT_EQ(nearest_name("zzz", names), "");
  EXPECT_EQ(nearest_name("value", names), "");  // the name itself is no suggestion
}

TEST(SourceManager, LineColumnAndLineTextHandleCrLf) {
  SourceManager sources;
  FileId id = sources.add("w.mpl", "a\r\nbc\r\n");
  EXPECT_EQ(sources.line_column(id, 4).line, 2u);
  EXPECT_EQ(sources.line_column(id, 4).column, 2u);
  EXPECT_EQ(sources.line_text(id, 2), "bc");
}

}  // namespace
}  // namespace mplc
