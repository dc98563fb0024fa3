// What an array element carries from outside itself. An element's body (or
// a nested element's body) may read the packet's parameters and fields of
// the enclosing blocks (a length, a guard, a classify subject, an embedded
// packet's argument); the element view then holds a copy of each such value
// as a member: validation copies them in from the enclosing frame for every
// element, and the array's range hands them to the elements it yields.
// Elements that read nothing from outside keep their small layout.
#pragma once

#include <string>
#include <vector>

#include "layout/layout.h"
#include "sema/model.h"

namespace mplc::codegen {

struct Capture {
  const sema::Parameter* param = nullptr;  // a packet parameter, or
  const sema::Field* field = nullptr;      // an integer field of an enclosing frame
  std::string member;                      // the element view's member: p_<name>_ or o_<name>_
  std::string type;                        // its C++ type
};

// In a stable order: the parameters first (as declared), then the fields
// (in the order the element's subtree first names them).
std::vector<Capture> element_captures(const layout::Layout& layout, const sema::Array& array);

}  // namespace mplc::codegen
