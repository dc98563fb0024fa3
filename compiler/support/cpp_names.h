// Names a spec may not hand to C++ unchanged.
//
// Code generation mangles the ones that can be mangled without a reader
// noticing (a field `class` becomes the accessor `class_()`); semantic
// analysis refuses the ones that name things a user spells in C++ (packets,
// classify cases, variants), so the name in the spec is the name in the API.
#pragma once

#include <string_view>

namespace mplc {

// C++ keywords and alternative tokens, and the standard macros a generated
// header may meet in a user's translation unit (errno, and glibc's
// major()/minor() from <sys/sysmacros.h>, both real 9P field names).
bool is_cpp_reserved(std::string_view name);

// Namespaces the generated code names unqualified inside the spec's own
// namespace (std::uint8_t, mpl::bytes): a packet of that name would hide them.
bool is_used_namespace(std::string_view name);

}  // namespace mplc
