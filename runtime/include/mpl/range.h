// What the generated array ranges share: an element iterator yields each
// element view by value, so the element a user holds (and the branch views
// and embedded views it hands out) stays valid while the packet's bytes do,
// not only while the iterator that produced it lives.
#pragma once

namespace mpl {

// The result of an element iterator's operator->: the element, kept alive
// for the full expression (`range.begin()->field()`).
template <class Element>
struct arrow_proxy {
  Element element;
  constexpr const Element* operator->() const noexcept { return &element; }
};

}  // namespace mpl
