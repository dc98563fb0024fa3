// Resource limits a hostile packet cannot exceed in generated parsers. Each
// is enforced with error_kind::limit_exceeded (found = what was reached,
// lo = the limit). docs/robustness.md lists every limit and why it holds.
#pragma once

#include <cstddef>

namespace mpl::limits {

// Elements of one array in one packet. Every element consumes at least one
// byte, so the element count is already bounded by the buffer; this limit
// bounds the work of one validation pass (and of iterating the range) for a
// caller that hands in a large buffer. A build may lower or raise it by
// defining MPL_MAX_ARRAY_ELEMENTS before including any generated header
// (consistently in every translation unit).
#ifdef MPL_MAX_ARRAY_ELEMENTS
inline constexpr std::size_t max_array_elements = MPL_MAX_ARRAY_ELEMENTS;
#else
inline constexpr std::size_t max_array_elements = 65536;
#endif

// Compression pointers followed while reading one DNS name (mpl/dns.h).
// Every pointer must lead to a name wholly before it, so a name cannot loop;
// the bound caps the work a hostile message can ask for per name.
inline constexpr std::size_t max_name_pointer_hops = 64;

}  // namespace mpl::limits
