// The elements of an array field, in wire order: what every generated
// `<array>_range` is (`using records_range = mpl::element_range<records_element>;`).
//
// Validation (parse()) already proved every element well formed, so an
// iterator only re-reads each element's extent, offsets and cases where it
// stands. *it is the element by value: an element a caller keeps stays
// valid while the packet's bytes do, not only while the iterator is
// unchanged; it-> reaches the iterator's own element, without a copy.
//
// Element is a generated element view. It provides:
//   struct context_;   what the element reads from outside it (the parse's
//                      origin for custom fields, values of enclosing fields
//                      or parameters); an empty struct when nothing
//   void load_(const std::uint8_t* at, std::size_t left, std::size_t pkt_off,
//              const context_&) noexcept;
//                      places the element at `at`, with `left` bytes of the
//                      array from there, and reads its extent into size()
//   std::size_t size() const noexcept;
#ifndef MPL_ELEMENTS_H_
#define MPL_ELEMENTS_H_

#include <cstddef>
#include <cstdint>
#include <iterator>

#include "mpl/bytes.h"

namespace mpl {

template <class Element>
class element_range {
 public:
  using context = typename Element::context_;

  class iterator {
   public:
    using value_type = Element;
    using reference = Element;
    using difference_type = std::ptrdiff_t;
    // A forward iterator (C++20) whose *it is a value, so an input
    // iterator to code that asks the C++17 categories (as std::ranges views).
    using iterator_concept = std::forward_iterator_tag;
    using iterator_category = std::input_iterator_tag;

    iterator() = default;
    iterator(const std::uint8_t* at, std::size_t left, std::size_t pkt_off, const context& from) noexcept
        : at_(at), left_(left), pkt_off_(pkt_off), context_(from) {
      load();
    }

    Element operator*() const noexcept { return element_; }
    const Element* operator->() const noexcept { return &element_; }
    iterator& operator++() noexcept {
      const std::size_t n = element_.size();
      at_ += n;
      left_ -= n;
      pkt_off_ += n;
      load();
      return *this;
    }
    iterator operator++(int) noexcept {
      iterator old = *this;
      ++*this;
      return old;
    }
    // Iterators of one range differ in the bytes left after them.
    friend bool operator==(const iterator& a, const iterator& b) noexcept { return a.left_ == b.left_; }

   private:
    void load() noexcept {
      if (left_ != 0) element_.load_(at_, left_, pkt_off_, context_);
    }

    const std::uint8_t* at_ = nullptr;
    std::size_t left_ = 0;
    std::size_t pkt_off_ = 0;
    [[no_unique_address]] context context_{};
    // Not value-initialised (that zero-filled it on every begin() and
    // end()): load_() writes what is read; end()'s element is never read.
    Element element_;
  };

  element_range() = default;
  element_range(const std::uint8_t* data, std::size_t bytes, std::size_t count, std::size_t pkt_off,
                const context& from) noexcept
      : data_(data), bytes_(bytes), count_(count), pkt_off_(pkt_off), context_(from) {}

  iterator begin() const noexcept { return iterator(data_, bytes_, pkt_off_, context_); }
  iterator end() const noexcept { return iterator(data_ + bytes_, 0, pkt_off_ + bytes_, context_); }
  // Number of elements.
  std::size_t size() const noexcept { return count_; }
  bool empty() const noexcept { return count_ == 0; }
  // The bytes of all elements.
  mpl::bytes bytes() const noexcept { return {data_, bytes_}; }

 private:
  const std::uint8_t* data_ = nullptr;
  std::size_t bytes_ = 0;
  std::size_t count_ = 0;
  std::size_t pkt_off_ = 0;
  [[no_unique_address]] context context_{};
};

}  // namespace mpl

#endif  // MPL_ELEMENTS_H_
