// add_mpl_spec(NAMESPACE wire) over a spec and the spec it imports: the
// importing header names the imported packet in the same namespace, and a
// message nests and round-trips through both.
#include <cstdint>
#include <vector>

#include "ns_outer.h"

int main() {
  const std::uint8_t payload[] = {7, 8, 9};
  const wire::ns_inner::builder inner{.kind = 5, .data = mpl::bytes{payload}};
  const wire::ns_outer::builder outer{.inner = inner};
  std::vector<std::uint8_t> out(outer.size());
  if (!outer.write(mpl::mutable_bytes{out.data(), out.size()}).ok()) return 1;
  const std::vector<std::uint8_t> expected = {1, 5, 3, 7, 8, 9};
  if (out != expected) return 2;
  auto v = wire::ns_outer::parse(mpl::bytes{out.data(), out.size()});
  if (!v) return 3;
  return v->inner().kind() == 5 && v->inner().data().size() == 3 ? 0 : 4;
}
