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
