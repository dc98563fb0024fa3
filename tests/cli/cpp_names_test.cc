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
  return v->class_() == 1 && v->errno_() == 2 && v->major_() == 3 && v->minor_() == 4 && v->new_() == 5 &&
                 v->size_field() == 6 && v->size() == sizeof wire
             ? 0
             : 1;
}
