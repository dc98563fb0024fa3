#include "mpl/version.h"

#include <gtest/gtest.h>

namespace {

// Generated headers do exactly this; it must compile.
static_assert(mpl::runtime_abi == 1, "generated code targets runtime ABI 1");

TEST(Version, MacrosMatchConstants) {
  EXPECT_EQ(MPL_RUNTIME_VERSION_MAJOR, 0);
  EXPECT_EQ(MPL_RUNTIME_VERSION_MINOR, 1);
  EXPECT_EQ(MPL_RUNTIME_VERSION_PATCH, 0);
  EXPECT_EQ(mpl::runtime_version_major, MPL_RUNTIME_VERSION_MAJOR);
  EXPECT_EQ(mpl::runtime_version_minor, MPL_RUNTIME_VERSION_MINOR);
  EXPECT_EQ(mpl::runtime_version_patch, MPL_RUNTIME_VERSION_PATCH);
}

}  // namespace
