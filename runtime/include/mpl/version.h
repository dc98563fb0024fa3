// Runtime version and ABI level.
//
// Generated headers name the runtime ABI they were written for and
// static_assert against mpl::runtime_abi, so a spec compiled by one mplc and
// built against an incompatible runtime fails at compile time with a clear
// message instead of misbehaving. The ABI number changes only when a change
// to the runtime would break code that an older mplc generated; the version
// numbers track releases.
#ifndef MPL_VERSION_H_
#define MPL_VERSION_H_

#define MPL_RUNTIME_VERSION_MAJOR 0
#define MPL_RUNTIME_VERSION_MINOR 1
#define MPL_RUNTIME_VERSION_PATCH 0

namespace mpl {

inline constexpr int runtime_abi = 1;

inline constexpr int runtime_version_major = MPL_RUNTIME_VERSION_MAJOR;
inline constexpr int runtime_version_minor = MPL_RUNTIME_VERSION_MINOR;
inline constexpr int runtime_version_patch = MPL_RUNTIME_VERSION_PATCH;

}  // namespace mpl

#endif  // MPL_VERSION_H_
