#include "support/diagnostics.h"

#include <algorithm>

#include <fmt/format.h>

namespace mplc {

void Diagnostics::error(SourceRange range, std::string message) {
  diagnostics_.push_back({Severity::kError, range, std::move(message)});
  ++error_count_;
}

void Diagnostics::error_without_location(std::string message) {
  diagnostics_.push_back({Severity::kError, SourceRange{}, std::move(message), false});
  ++error_count_;
}

void Diagnostics::warning(SourceRange range, std::string message) {
  diagnostics_.push_back({Severity::kWarning, range, std::move(message)});
}

void Diagnostics::note(SourceRange range, std::string message) {
  diagnostics_.push_back({Severity::kNote, range, std::move(message)});
}

namespace {

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

}  // namespace

std::string Diagnostics::render(const Diagnostic& d) const {
  if (!d.has_location) return fmt::format("mplc: {}: {}\n", severity_name(d.severity), d.message);
  LineColumn begin = sources_.line_column(d.range.file, d.range.begin);
  std::string out = fmt::format("{}:{}:{}: {}: {}\n", sources_.path(d.range.file), begin.line,
                                begin.column, severity_name(d.severity), d.message);
  std::string_view line = sources_.line_text(d.range.file, begin.line);
  // Tabs are kept in the caret line so the caret stays under its character.
  std::string caret;
  for (std::uint32_t i = 0; i + 1 < begin.column && i < line.size(); ++i) {
    caret += line[i] == '\t' ? '\t' : ' ';
  }
  caret += '^';
  // Underline the rest of the range, but never past the end of this line.
  std::uint32_t width = d.range.end > d.range.begin ? d.range.end - d.range.begin : 1;
  std::uint32_t room = line.size() >= begin.column ? static_cast<std::uint32_t>(line.size()) - begin.column + 1 : 1;
  caret.append(std::min(width, room) - 1, '~');
  out += fmt::format("{}\n{}\n", line, caret);
  return out;
}

std::string Diagnostics::render_all() const {
  std::string out;
  for (const Diagnostic& d : diagnostics_) out += render(d);
  return out;
}

namespace {

// Edit distance where swapping two adjacent characters counts as one edit
// (optimal string alignment), since "vaule" for "value" is the typo people
// make most.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

}  // namespace

std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates) {
  // A third of the name's length (at least one edit) is the most a typo is
  // allowed to differ by; further than that the suggestion would mislead.
  std::size_t limit = std::max<std::size_t>(1, name.size() / 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const std::string& candidate : candidates) {
    if (candidate == name) continue;
    std::size_t d = edit_distance(name, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

}  // namespace mplc
