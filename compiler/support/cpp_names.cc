#include "support/cpp_names.h"

#include <set>

namespace mplc {

bool is_cpp_reserved(std::string_view name) {
  static const std::set<std::string_view> reserved{
      "alignas", "alignof", "and", "and_eq", "asm", "auto", "bitand", "bitor", "bool", "break", "case",
      "catch", "char", "char8_t", "char16_t", "char32_t", "class", "compl", "concept", "const",
      "consteval", "constexpr", "constinit", "const_cast", "continue", "co_await", "co_return",
      "co_yield", "decltype", "default", "delete", "do", "double", "dynamic_cast", "else", "enum",
      "explicit", "export", "extern", "false", "float", "for", "friend", "goto", "if", "inline", "int",
      "long", "mutable", "namespace", "new", "noexcept", "not", "not_eq", "nullptr", "operator", "or",
      "or_eq", "private", "protected", "public", "register", "reinterpret_cast", "requires", "return",
      "short", "signed", "sizeof", "static", "static_assert", "static_cast", "struct", "switch",
      "template", "this", "thread_local", "throw", "true", "try", "typedef", "typeid", "typename",
      "union", "unsigned", "using", "virtual", "void", "volatile", "wchar_t", "while", "xor", "xor_eq",
      "errno", "assert", "major", "minor", "makedev", "NULL", "EOF", "stdin", "stdout", "stderr",
      "offsetof", "setjmp", "va_arg", "va_start", "va_end", "linux", "unix"};
  return reserved.count(name) != 0;
}

bool is_used_namespace(std::string_view name) { return name == "std" || name == "mpl"; }

}  // namespace mplc
