// The one diagnostics sink every phase reports through.
//
// A phase never prints: it calls error()/warning()/note() with a SourceRange
// and a message. The driver renders the collected diagnostics at the end as
//
//   file:line:col: error: message
//   <the source line>
//       ^~~~
//
// Notes attach to the diagnostic reported just before them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "support/source.h"

namespace mplc {

enum class Severity { kError, kWarning, kNote };

struct Diagnostic {
  Severity severity;
  SourceRange range;
  std::string message;
  bool has_location = true;  // false for problems with no place in a spec (an unreadable file)
};

// At most this many errors, and as many warnings, are kept per spec (with
// their notes); the rest are counted and summarised in one line, so a spec
// with 10,000 mistakes prints a screenful rather than megabytes.
inline constexpr std::size_t kMaxShownDiagnostics = 100;
// A source line longer than this is shown as a window around the caret.
inline constexpr std::size_t kMaxShownColumns = 160;

class Diagnostics {
 public:
  explicit Diagnostics(const SourceManager& sources) : sources_(sources) {}

  void error(SourceRange range, std::string message);
  void warning(SourceRange range, std::string message);
  void note(SourceRange range, std::string message);
  // An error that belongs to no spec text, rendered as `mplc: error: ...`.
  void error_without_location(std::string message);

  // Every error reported, shown or not.
  std::size_t error_count() const { return error_count_; }
  std::size_t hidden_errors() const { return hidden_errors_; }
  // Whether the next error will be shown: work that only improves its
  // message (a "did you mean" search) can be skipped when it will not.
  bool will_show_error() const { return shown_errors_ < kMaxShownDiagnostics; }
  bool has_errors() const { return error_count_ > 0; }
  const std::vector<Diagnostic>& all() const { return diagnostics_; }
  const SourceManager& sources() const { return sources_; }

  // One diagnostic in the format above, ending with a newline.
  std::string render(const Diagnostic& diagnostic) const;
  // All diagnostics in the order reported.
  std::string render_all() const;

 private:
  const SourceManager& sources_;
  void keep(Diagnostic diagnostic);

  std::vector<Diagnostic> diagnostics_;
  std::size_t error_count_ = 0;
  std::size_t shown_errors_ = 0, shown_warnings_ = 0;
  std::size_t hidden_errors_ = 0, hidden_warnings_ = 0;
  bool dropping_ = false;  // the last error or warning was not kept (nor are its notes)
};

// Among `candidates`, the one closest to `name` by edit distance, if it is
// close enough to be a plausible misspelling; empty otherwise. Used for
// "did you mean 'x'?" suggestions.
std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace mplc
