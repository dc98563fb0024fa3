#include "support/source.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace mplc {

FileId SourceManager::add(std::string path, std::string text) {
  File file{std::move(path), std::move(text), {0}};
  for (std::uint32_t i = 0; i < file.text.size(); ++i) {
    if (file.text[i] == '\n') file.line_starts.push_back(i + 1);
  }
  files_.push_back(std::move(file));
  return static_cast<FileId>(files_.size() - 1);
}

std::optional<FileId> SourceManager::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return add(path, contents.str());
}

LineColumn SourceManager::line_column(FileId id, std::uint32_t offset) const {
  const File& file = files_[id];
  offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(file.text.size()));
  // The last line start that is <= offset.
  auto it = std::upper_bound(file.line_starts.begin(), file.line_starts.end(), offset);
  auto line = static_cast<std::uint32_t>(it - file.line_starts.begin());
  return {line, offset - file.line_starts[line - 1] + 1};
}

std::string_view SourceManager::line_text(FileId id, std::uint32_t line) const {
  const File& file = files_[id];
  if (line == 0 || line > file.line_starts.size()) return {};
  std::uint32_t begin = file.line_starts[line - 1];
  std::uint32_t end = line < file.line_starts.size() ? file.line_starts[line] - 1
                                                     : static_cast<std::uint32_t>(file.text.size());
  std::string_view text(file.text);
  text = text.substr(begin, end - begin);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text;
}

}  // namespace mplc
