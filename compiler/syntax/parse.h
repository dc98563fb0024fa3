// Entry point of the syntax phase: MPL text in, syntax tree out.
#pragma once

#include <optional>
#include <string>

#include "support/diagnostics.h"
#include "support/source.h"
#include "syntax/ast.h"

namespace mplc {

// Parses one registered file. Syntax errors are reported to `diagnostics`
// (with bison's detailed "unexpected X, expecting Y" text and a location);
// the parser recovers at statement boundaries so one mistake does not hide
// the next. Returns the tree even when errors were reported (the parts that
// parsed), so later phases can still check them; callers that must not go on
// after a syntax error check diagnostics.has_errors().
ast::File parse_file(FileId file, const SourceManager& sources, Diagnostics& diagnostics);

// Prints the tree in the indented form `mplc --dump=ast` shows.
std::string dump_ast(const ast::File& file);

}  // namespace mplc
