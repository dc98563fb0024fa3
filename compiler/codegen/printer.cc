#include "codegen/printer.h"

namespace mplc::codegen {

void Printer::put_char(char c) {
  if (c == '\n') {
    out_ += '\n';
    at_line_start_ = true;
    return;
  }
  if (at_line_start_) {
    out_.append(static_cast<std::size_t>(level_) * 2, ' ');
    at_line_start_ = false;
  }
  out_ += c;
}

void Printer::print(std::string_view text, Vars vars) {
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c != '$') {
      put_char(c);
      ++i;
      continue;
    }
    const std::size_t close = text.find('$', i + 1);
    if (close == std::string_view::npos) {
      put_char('$');
      ++i;
      continue;
    }
    const std::string_view name = text.substr(i + 1, close - i - 1);
    i = close + 1;
    if (name.empty()) {
      put_char('$');
      continue;
    }
    bool found = false;
    for (const auto& [key, value] : vars) {
      if (key == name) {
        for (char v : value) put_char(v);
        found = true;
        break;
      }
    }
    // An unbound variable is a generator bug; leave it visible in the output
    // so the golden tests catch it rather than silently dropping text.
    if (!found) {
      put_char('$');
      for (char v : name) put_char(v);
      put_char('$');
    }
  }
}

void Printer::line(std::string_view text, Vars vars) {
  print(text, vars);
  put_char('\n');
}

void Printer::blank() {
  out_ += '\n';
  at_line_start_ = true;
}

}  // namespace mplc::codegen
