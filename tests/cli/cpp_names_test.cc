// Compiled against the header generated from cpp_names.mpl, after the
// headers that define errno and major()/minor() as macros.
#include <sys/sysmacros.h>

#include <cerrno>
#include <cstdint>

#include "cpp_names.h"

int main() {
  const std::uint8_t wire[] = {0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 5, 6};
  auto v = cpp_names::cpp_names::parse(wire);
  if (!v) return 1;
  // Keywords and macros get a trailing '_'; names the view itself uses get '_field'.
  if (!(v->class_() == 1 && v->errno_() == 2 && v->major_() == 3 && v->minor_() == 4 && v->new_() == 5 &&
        v->size_field() == 6 && v->size() == sizeof wire)) {
    return 1;
  }
  // Parameters likewise, with '_param' for the view's own member names.
  namespace pn = cpp_names::cpp_param_names;
  const std::uint8_t params_wire[] = {1, 2, 0x12, 0x34, 9};
  auto p = pn::parse(params_wire, 2, true, 1);
  if (!p || p->class_() != 2 || !p->size_param() || p->major_() != 1 || p->size() != sizeof params_wire) return 2;
  const pn::builder b = pn::builder::from(*p);
  std::uint8_t out[8] = {};
  auto n = b.write(out);
  if (!n || *n != sizeof params_wire || b.class_ != 2 || !b.size_param || b.major_ != 1) return 3;
  for (std::size_t i = 0; i < sizeof params_wire; ++i) {
    if (out[i] != params_wire[i]) return 4;
  }
  // Names a builder's write() declares for itself: the members get
  // '_field', and write() writes their values (not its own position,
  // buffer or element flags), which parse() reads back.
  namespace ln = cpp_names::builder_local_names;
  const ln::list_element_builder list[] = {{.body = ln::One{.base_field = 5}}, {.body = ln::One{.base_field = 6}}};
  const ln::builder local{.pos_field = 2, .cap_field = 0x1234, .d_field = {7, 8}, .outer_field = 1, .list = list};
  std::uint8_t local_out[16] = {};
  auto m = local.write(local_out);
  if (!m) return 5;
  auto lv = ln::parse(mpl::bytes{local_out, *m});
  if (!lv || lv->pos_field() != 2 || lv->cap_field() != 0x1234 || lv->outer_field() != 1 || lv->list().size() != 2) return 6;
  namespace lu = cpp_names::builder_local_until;
  const lu::hops_element_builder hops[] = {{.ends_field = 0}, {.ends_field = 1}};
  m = lu::builder{.hops = hops}.write(local_out);
  if (!m) return 7;
  auto uv = lu::parse(mpl::bytes{local_out, *m});
  if (!uv || uv->hops().size() != 2 || uv->size() != *m) return 8;
  return 0;
}
