#include "codegen/printer.h"

#include <gtest/gtest.h>

namespace mplc::codegen {
namespace {

TEST(Printer, SubstitutesVariablesAndIndents) {
  Printer p;
  p.line("struct $name$ {", {{"name", "view"}});
  p.indent();
  p.line("int $field$;", {{"field", "ttl"}});
  p.outdent();
  p.line("};");
  EXPECT_EQ(p.text(), "struct view {\n  int ttl;\n};\n");
}

TEST(Printer, ValuesAreNeverTemplates) {
  Printer p;
  p.line("// $text$", {{"text", "$name$ costs $$5"}, {"name", "x"}});
  EXPECT_EQ(p.text(), "// $name$ costs $$5\n");
}

TEST(Printer, DoubleDollarIsALiteralAndUnboundStaysVisible) {
  Printer p;
  p.line("a $$ b $missing$");
  EXPECT_EQ(p.text(), "a $ b $missing$\n");
}

TEST(Printer, BlankLinesCarryNoIndentation) {
  Printer p;
  {
    Indent in(p);
    p.line("x");
    p.blank();
    p.print("y\nz\n");
  }
  EXPECT_EQ(p.text(), "  x\n\n  y\n  z\n");
}

}  // namespace
}  // namespace mplc::codegen
