// Hints for names a newcomer writes that MPL spells otherwise, added to the
// "unknown type" error (docs/language.md, §15).
#pragma once

#include <string>

namespace mplc::sema {

// "; ..." to append to `unknown type '<name>'`, or "" when there is no hint.
std::string unknown_type_hint(const std::string& name);

}  // namespace mplc::sema
