#include "support/diagnostics.h"

#include <algorithm>

#include <fmt/format.h>

namespace mplc {

void Diagnostics::error(SourceRange range, std::string message) {
  ++error_count_;
  keep({Severity::kError, range, std::move(message)});
}

void Diagnostics::error_without_location(std::string message) {
  ++error_count_;
  keep({Severity::kError, SourceRange{}, std::move(message), false});
}

void Diagnostics::warning(SourceRange range, std::string message) {
  keep({Severity::kWarning, range, std::move(message)});
}

void Diagnostics::note(SourceRange range, std::string message) {
  // A note belongs to the diagnostic before it, and goes where that went.
  if (!dropping_) diagnostics_.push_back({Severity::kNote, range, std::move(message)});
}

void Diagnostics::keep(Diagnostic diagnostic) {
  std::size_t& shown = diagnostic.severity == Severity::kError ? shown_errors_ : shown_warnings_;
  dropping_ = shown >= kMaxShownDiagnostics;
  if (dropping_) {
    ++(diagnostic.severity == Severity::kError ? hidden_errors_ : hidden_warnings_);
    return;
  }
  ++shown;
  diagnostics_.push_back(std::move(diagnostic));
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
  std::uint32_t column = begin.column;
  // A line longer than a screen (generated or hostile text can put a whole
  // spec on one line) is shown as a window around the caret, marked "...".
  std::string_view before, after;
  if (line.size() > kMaxShownColumns) {
    std::size_t start = column - 1 > kMaxShownColumns / 3 ? column - 1 - kMaxShownColumns / 3 : 0;
    start = std::min<std::size_t>(start, line.size());
    if (start > 0) before = "...";
    if (start + kMaxShownColumns < line.size()) after = "...";
    line = line.substr(start, kMaxShownColumns);
    column = static_cast<std::uint32_t>(column - start + before.size());
  }
  std::string shown = fmt::format("{}{}{}", before, line, after);
  // Tabs are kept in the caret line so the caret stays under its character.
  std::string caret;
  for (std::uint32_t i = 0; i + 1 < column && i < shown.size(); ++i) {
    caret += shown[i] == '\t' ? '\t' : ' ';
  }
  caret += '^';
  // Underline the rest of the range, but never past the end of this line.
  std::uint32_t width = d.range.end > d.range.begin ? d.range.end - d.range.begin : 1;
  std::size_t line_end = before.size() + line.size();
  std::uint32_t room = line_end >= column ? static_cast<std::uint32_t>(line_end) - column + 1 : 1;
  caret.append(std::min(width, room) - 1, '~');
  out += fmt::format("{}\n{}\n", shown, caret);
  return out;
}

std::string Diagnostics::render_all() const {
  std::string out;
  for (const Diagnostic& d : diagnostics_) out += render(d);
  if (hidden_errors_ > 0) {
    out += fmt::format("mplc: note: {} more error{} not shown (at most {} are printed per spec)\n", hidden_errors_,
                       hidden_errors_ == 1 ? "" : "s", kMaxShownDiagnostics);
  }
  if (hidden_warnings_ > 0) {
    out += fmt::format("mplc: note: {} more warning{} not shown (at most {} are printed per spec)\n",
                       hidden_warnings_, hidden_warnings_ == 1 ? "" : "s", kMaxShownDiagnostics);
  }
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
    // The distance is at least the difference in length.
    std::size_t longer = std::max(candidate.size(), name.size());
    if (longer - std::min(candidate.size(), name.size()) >= best_distance) continue;
    std::size_t d = edit_distance(name, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

}  // namespace mplc
