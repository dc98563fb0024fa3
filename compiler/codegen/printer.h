// An indenting text sink for generated code.
//
// Templates are always string literals from the generator; `$name$` in a
// template is replaced by the value bound to `name`. Values (which may hold
// user text such as field names) are inserted verbatim and never scanned
// for further `$` markers, so a spec can never inject template syntax.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mplc::codegen {

class Printer {
 public:
  using Vars = std::initializer_list<std::pair<std::string_view, std::string_view>>;

  // Emits `text` (a template) with `$var$` substituted; each '\n' in the
  // template starts a new line at the current indentation. "$$" is a
  // literal '$'.
  void print(std::string_view text, Vars vars = {});
  // Emits one line (template + newline).
  void line(std::string_view text, Vars vars = {});
  void blank();
  // Appends text another Printer produced (whole lines, already indented).
  void append(const std::string& lines) {
    out_ += lines;
    at_line_start_ = lines.empty() || lines.back() == '\n';
  }

  // What is printed between begin_capture() and end_capture() is returned
  // by end_capture() instead of being kept (to print it only when there is
  // some: Printer::append). Captures nest.
  void begin_capture() {
    saved_.push_back(std::move(out_));
    out_.clear();
  }
  std::string end_capture() {
    std::string text = std::move(out_);
    out_ = std::move(saved_.back());
    saved_.pop_back();
    return text;
  }

  void indent() { ++level_; }
  void outdent() {
    if (level_ > 0) --level_;
  }

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void put_char(char c);

  std::string out_;
  std::vector<std::string> saved_;  // what begin_capture() set aside
  int level_ = 0;
  bool at_line_start_ = true;
};

// Indents for the lifetime of the object.
class Indent {
 public:
  explicit Indent(Printer& p) : p_(p) { p_.indent(); }
  ~Indent() { p_.outdent(); }
  Indent(const Indent&) = delete;
  Indent& operator=(const Indent&) = delete;

 private:
  Printer& p_;
};

}  // namespace mplc::codegen
