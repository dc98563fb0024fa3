// Must not compile (tests/codec/CMakeLists.txt checks the message): a custom
// type whose view type does not convert to its value_type and that has no
// value_type::of(). builder::from() reaches mpl::custom_value_of, which
// names the missing hook instead of failing deep in a conversion.
#include <mpl/rebuild.h>

namespace {

struct parsed {
  int a = 0;
  int b = 0;
};

struct pair_type {
  struct value_type {
    int sum = 0;
  };
};

}  // namespace

int main() {
  const auto v = mpl::custom_value_of<pair_type>(parsed{1, 2});
  return v.sum;
}
