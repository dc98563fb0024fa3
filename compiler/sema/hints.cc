// Hints for names a newcomer writes that MPL spells otherwise (hints.h).
#include "sema/hints.h"

#include <fmt/format.h>

#include <cctype>

namespace mplc::sema {

namespace {

// The width in "uint24" / "int16" after `prefix`, or 0.
unsigned width_after(const std::string& name, const std::string& prefix) {
  if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return 0;
  unsigned bits = 0;
  for (std::size_t i = prefix.size(); i < name.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(name[i])) == 0 || bits > 64) return 0;
    bits = bits * 10 + static_cast<unsigned>(name[i] - '0');
  }
  return bits >= 1 && bits <= 64 ? bits : 0;
}

}  // namespace

std::string unknown_type_hint(const std::string& name) {
  if (const unsigned bits = width_after(name, "uint")) {
    return fmt::format("; integers of other widths than 8, 16, 24, 32 and 64 bits are bit fields: write bit[{}]", bits);
  }
  if (const unsigned bits = width_after(name, "int")) {
    return fmt::format("; the signed integers are int8, int16, int32 and int64: read a {}-bit one as bit[{}] "
                       "and sign-extend it in C++",
                       bits, bits);
  }
  return "";
}

}  // namespace mplc::sema
