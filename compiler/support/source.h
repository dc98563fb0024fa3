// Source files and positions.
//
// Every phase records positions as byte offsets into a file owned by the
// SourceManager (a SourceRange is three integers, cheap to copy into every
// syntax node). Offsets become line:column only when a diagnostic is printed,
// so the lexer never has to track lines for the parser's sake.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mplc {

using FileId = std::uint32_t;

struct SourceRange {
  FileId file = 0;
  std::uint32_t begin = 0;  // byte offset of the first character
  std::uint32_t end = 0;    // byte offset one past the last character
};

struct LineColumn {
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // 1-based, counted in bytes
};

class SourceManager {
 public:
  // Registers a file's text under a display path; returns its id.
  FileId add(std::string path, std::string text);

  // Reads a file from disk and registers it; nullopt if it cannot be read.
  std::optional<FileId> load(const std::string& path);

  const std::string& path(FileId id) const { return files_[id].path; }
  const std::string& text(FileId id) const { return files_[id].text; }
  std::size_t file_count() const { return files_.size(); }

  LineColumn line_column(FileId id, std::uint32_t offset) const;

  // The text of 1-based line `line`, without its line terminator.
  std::string_view line_text(FileId id, std::uint32_t line) const;

 private:
  struct File {
    std::string path;
    std::string text;
    std::vector<std::uint32_t> line_starts;  // offset of each line's first byte
  };
  std::vector<File> files_;
};

}  // namespace mplc
