#include "driver/depfile.h"

#include <gtest/gtest.h>

namespace mplc {
namespace {

TEST(Depfile, ListsEveryDependencyOfTheTarget) {
  EXPECT_EQ(make_depfile({"out/ipv4.h"}, {"specs/ipv4.mpl", "specs/common.mpl"}),
            "out/ipv4.h: \\\n  specs/ipv4.mpl \\\n  specs/common.mpl\n");
}

TEST(Depfile, EscapesSpacesHashesAndDollars) {
  EXPECT_EQ(make_depfile({"my out/a.h"}, {"a b#c$d.mpl"}), "my\\ out/a.h: \\\n  a\\ b\\#c$$d.mpl\n");
}

}  // namespace
}  // namespace mplc
