// Errors and results of parsing and building, without exceptions or heap
// allocation.
//
// An mpl::error is a small trivially copyable value: what went wrong, the
// byte offset where it was found, the field path as a pointer to a string
// literal the generated code owns (e.g. "ipv4.options"), up to three
// numbers that make the message precise (the value found, the expected value
// or bounds) and, where the kind alone does not say why, a reason (another
// static string: "compression pointer loop"). Text is produced only when
// asked for, by format() into a caller's buffer or describe() into a
// std::string.
#ifndef MPL_ERROR_H_
#define MPL_ERROR_H_

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "mpl/endian.h"  // MPL_ALWAYS_INLINE

// Error paths of generated code: out of line, so each error site is one
// call and the success path stays small enough for the inliner. Not
// [[gnu::cold]]: GCC then treats callers of a parse() as cold and refuses
// to inline it into them (measured: 2-3x slower parses in bench/).
#if defined(__GNUC__) || defined(__clang__)
#define MPL_ERROR_PATH [[gnu::noinline]]
#else
#define MPL_ERROR_PATH
#endif

namespace mpl {

enum class error_kind : std::uint8_t {
  truncated,          // the buffer ends before the field: lo = bytes needed, found = bytes available
  const_mismatch,     // a const(...) field holds another value: lo = expected, found = actual;
                      // for a byte string, hi != 0 (const_bytes_mismatch() below)
  out_of_range,       // outside min(...)/max(...): lo = min, hi = max, found = actual
  no_branch_matched,  // no classify case matched and there is no `_` case: found = subject (integer subjects)
  guard_failed,       // a `when` guard or until-condition could not be satisfied
  bad_alignment,      // an align(...) field does not end on its boundary: lo = alignment in bytes
  bad_length,         // a size expression is negative or larger than the region: found = computed size
  trailing_bytes,     // bytes left after the packet where none may be: found = how many
  custom_invalid,     // a custom wire type rejected its bytes: reason says why
  buffer_too_small,   // a builder's output buffer is too small: lo = bytes needed, found = capacity
  limit_exceeded,     // an implementation limit (nesting, pointer hops, element count): found, lo = limit
  checksum_mismatch,  // a checksum does not verify: found = stored, lo = expected
  size_mismatch,      // a size(...) region's content does not end at its bound: lo = the size; found = where
                      // the content ends, or hi = 1 when it runs past the bound (reason: the field that does)
};

constexpr std::string_view to_string(error_kind k) noexcept {
  switch (k) {
    case error_kind::truncated: return "truncated";
    case error_kind::const_mismatch: return "const_mismatch";
    case error_kind::out_of_range: return "out_of_range";
    case error_kind::no_branch_matched: return "no_branch_matched";
    case error_kind::guard_failed: return "guard_failed";
    case error_kind::bad_alignment: return "bad_alignment";
    case error_kind::bad_length: return "bad_length";
    case error_kind::trailing_bytes: return "trailing_bytes";
    case error_kind::custom_invalid: return "custom_invalid";
    case error_kind::buffer_too_small: return "buffer_too_small";
    case error_kind::limit_exceeded: return "limit_exceeded";
    case error_kind::checksum_mismatch: return "checksum_mismatch";
    case error_kind::size_mismatch: return "size_mismatch";
  }
  return "unknown";
}

namespace detail {

// Appends to a fixed buffer, always leaving it NUL-terminated, and counts
// what the full text would need (snprintf's contract, without a format
// string to get wrong).
class text_sink {
 public:
  text_sink(char* buf, std::size_t cap) noexcept : buf_(buf), cap_(cap) {}

  void put(std::string_view s) noexcept {
    for (char c : s) {
      if (len_ + 1 < cap_) buf_[len_] = c;
      ++len_;
    }
    terminate();
  }

  void put_dec(std::uint64_t v) noexcept {
    char tmp[24];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v);
    put(std::string_view(tmp, static_cast<std::size_t>(r.ptr - tmp)));
  }

  // A signed value passed as its int64 two's complement pattern (a size
  // that generated code computed as a signed value, a signed field's
  // value): negative ones print as such.
  void put_signed(std::uint64_t v) noexcept {
    if (v >> 63 == 0) return put_dec(v);
    put("-");
    put_dec(~v + 1);
  }

  // `n` bytes packed big-endian in `v`, as hex pairs.
  void put_hex_bytes(std::uint64_t v, unsigned n) noexcept {
    static constexpr char digits[] = "0123456789abcdef";
    for (unsigned i = n; i-- > 0;) {
      const auto b = static_cast<unsigned>(v >> (8 * i)) & 0xffu;
      const char pair[2] = {digits[b >> 4], digits[b & 15]};
      put(std::string_view(pair, 2));
    }
  }

  void put_hex16(std::uint64_t v) noexcept {
    char tmp[20];
    auto r = std::to_chars(tmp, tmp + sizeof tmp, v, 16);
    put("0x");
    for (auto n = r.ptr - tmp; n < 4; ++n) put("0");
    put(std::string_view(tmp, static_cast<std::size_t>(r.ptr - tmp)));
  }

  std::size_t length() const noexcept { return len_; }

 private:
  void terminate() noexcept {
    if (cap_ > 0) buf_[len_ < cap_ ? len_ : cap_ - 1] = '\0';
  }

  char* buf_;
  std::size_t cap_;
  std::size_t len_ = 0;
};

}  // namespace detail

struct error {
  error_kind kind = error_kind::truncated;
  // found, lo and hi of a const_mismatch or out_of_range on a field of a
  // signed type (int8..int64) are int64 two's complement patterns, and are
  // shown with their sign. (Placed here it costs no space: padding.)
  bool signed_values = false;
  std::size_t offset = 0;  // byte offset from the start of the outermost buffer
  const char* field = "";  // static field path, never null, e.g. "ipv4.options"
  std::uint64_t found = 0;
  std::uint64_t lo = 0;
  std::uint64_t hi = 0;
  const char* reason = "";  // static text saying why, never null; "" when the kind says it all

  // Writes a one-line description such as
  //   "ipv4.ihl at byte 0: value 3 out of range [5, 15]"
  // into buf (always NUL-terminated when cap > 0, truncated to fit) and
  // returns the length of the full text, as snprintf does.
  std::size_t format(char* buf, std::size_t cap) const noexcept {
    detail::text_sink out(buf, cap);
    if (field != nullptr && field[0] != '\0') {
      out.put(field);
      out.put(" ");
    }
    out.put("at byte ");
    out.put_dec(offset);
    out.put(": ");
    switch (kind) {
      case error_kind::truncated:
        out.put("truncated: needs ");
        out.put_signed(lo);
        out.put(" bytes, ");
        out.put_dec(found);
        out.put(" available");
        break;
      case error_kind::const_mismatch:
        if (hi != 0) {
          format_bytes_mismatch(out);
          break;
        }
        out.put("expected ");
        put_value(out, lo);
        out.put(", found ");
        put_value(out, found);
        break;
      case error_kind::out_of_range:
        out.put("value ");
        put_value(out, found);
        out.put(" out of range [");
        put_value(out, lo);
        out.put(", ");
        put_value(out, hi);
        out.put("]");
        break;
      case error_kind::no_branch_matched: out.put("no classify case matched"); break;
      case error_kind::guard_failed: out.put("guard condition not satisfied"); break;
      case error_kind::bad_alignment:
        out.put("not aligned to ");
        out.put_dec(lo);
        out.put(" bytes");
        break;
      case error_kind::bad_length:
        out.put("bad length ");
        out.put_signed(found);
        break;
      case error_kind::trailing_bytes:
        out.put_dec(found);
        out.put(" trailing bytes");
        break;
      case error_kind::custom_invalid:
        out.put("invalid value");
        if (has_reason()) {
          out.put(": ");
          out.put(reason);
        }
        break;
      case error_kind::buffer_too_small:
        out.put("buffer too small: needs ");
        out.put_dec(lo);
        out.put(" bytes, has ");
        out.put_dec(found);
        break;
      case error_kind::limit_exceeded:
        out.put("limit exceeded: ");
        out.put_dec(found);
        out.put(" > ");
        out.put_dec(lo);
        break;
      case error_kind::checksum_mismatch:
        out.put("checksum mismatch: found ");
        out.put_hex16(found);
        out.put(", expected ");
        out.put_hex16(lo);
        break;
      case error_kind::size_mismatch:
        if (hi == 0) {
          out.put("content ends at ");
          out.put_dec(found);
          out.put(" of ");
        } else {
          out.put("content runs past its ");
        }
        out.put_dec(lo);
        out.put(" bytes");
        if (has_reason()) {
          out.put(" at ");
          out.put(reason);
        }
        break;
    }
    if (kind != error_kind::custom_invalid && kind != error_kind::size_mismatch && has_reason()) {
      out.put(" (");
      out.put(reason);
      out.put(")");
    }
    return out.length();
  }

  // The same text as format(), for logs and tests; allocates.
  std::string describe() const {
    char small[128];
    std::size_t n = format(small, sizeof small);
    if (n < sizeof small) return std::string(small, n);
    std::string s(n + 1, '\0');
    format(s.data(), s.size());
    s.resize(n);
    return s;
  }

  friend constexpr bool operator==(const error& a, const error& b) noexcept {
    return a.kind == b.kind && a.offset == b.offset && std::string_view(a.field) == std::string_view(b.field) &&
           a.found == b.found && a.lo == b.lo && a.hi == b.hi &&
           std::string_view(a.reason != nullptr ? a.reason : "") ==
               std::string_view(b.reason != nullptr ? b.reason : "");
  }

 private:
  constexpr bool has_reason() const noexcept { return reason != nullptr && reason[0] != '\0'; }

  // A byte-string constant (const_bytes_mismatch()): up to 8 bytes from
  // the first that differs, expected and found, and where they stand.
  void put_value(detail::text_sink& out, std::uint64_t v) const noexcept {
    if (signed_values) {
      out.put_signed(v);
    } else {
      out.put_dec(v);
    }
  }

  void format_bytes_mismatch(detail::text_sink& out) const noexcept {
    const auto shown = static_cast<unsigned>(hi & 0xff);
    out.put("constant bytes differ from byte ");
    out.put_dec((hi >> 8) & 0xffffff);
    out.put(" of ");
    out.put_dec(hi >> 32);
    out.put(": expected ");
    out.put_hex_bytes(lo, shown);
    out.put(", found ");
    out.put_hex_bytes(found, shown);
  }
};

static_assert(std::is_trivially_copyable_v<error>);

constexpr error make_error(error_kind kind, std::size_t offset, const char* field, std::uint64_t found = 0,
                           std::uint64_t lo = 0, std::uint64_t hi = 0) noexcept {
  return error{kind, false, offset, field != nullptr ? field : "", found, lo, hi, ""};
}

// The same for a field of a signed type: found, lo and hi are the values'
// int64 two's complement patterns.
constexpr error make_signed_error(error_kind kind, std::size_t offset, const char* field, std::uint64_t found = 0,
                                  std::uint64_t lo = 0, std::uint64_t hi = 0) noexcept {
  error e = make_error(kind, offset, field, found, lo, hi);
  e.signed_values = true;
  return e;
}

// `e` with a reason (a string literal or other static text).
constexpr error with_reason(error e, const char* reason) noexcept {
  e.reason = reason != nullptr ? reason : "";
  return e;
}

// A const("...") byte string that holds other bytes: the error shows up to
// 8 bytes from the first that differs. found and lo hold them packed
// big-endian; hi holds how many (bits 0-7, at least 1), the index of the
// first (bits 8-31) and the constant's length (bits 32-63).
// `found` points at the field's bytes, as many as `expected` holds.
MPL_ERROR_PATH constexpr error const_bytes_mismatch(std::size_t offset, const char* field, const std::uint8_t* found,
                                                   std::string_view expected) noexcept {
  std::size_t first = 0;
  while (first < expected.size() && found[first] == static_cast<std::uint8_t>(expected[first])) ++first;
  if (first == expected.size()) first = 0;  // not a mismatch after all: show the start
  std::uint64_t want = 0, got = 0;
  std::uint64_t shown = 0;
  for (std::size_t i = first; i < expected.size() && shown < 8; ++i, ++shown) {
    want = want << 8 | static_cast<std::uint8_t>(expected[i]);
    got = got << 8 | found[i];
  }
  const std::uint64_t where = (std::uint64_t{expected.size()} & 0xffffffffu) << 32 |
                              (std::uint64_t{first} & 0xffffffu) << 8 | (shown == 0 ? 1 : shown);
  return make_error(error_kind::const_mismatch, offset, field, got, want, where);
}

namespace detail {

// Called on value() of a failed result: a programming error, not bad
// input, so it stops the program rather than reading a value that is not
// there.
[[noreturn]] inline void bad_result_access() noexcept { std::abort(); }

// Storage for result<T>. The trivial version keeps result<T> trivially
// copyable (so it is returned in registers) when T is; the other manages
// T's lifetime by hand. Chosen by a base class rather than constrained
// special members because clang 14 does not implement the latter.
//
// The in_place constructors default-initialise T (no `value_()`): generated
// parse() fills the view where it lies, and value-initialising it first
// zero-filled every view (GCC's rep stos, ~11 ns each).
//
// The filled_by constructors are mpl::fail's: the error is written where it
// lies by an out-of-line call, and ok_ = false is stored inline (even at
// -O1), so the compiler sees that an error return is never ok: it drops the
// caller's re-test, and sees that a view's size is written on every path
// that returns ok (-Wmaybe-uninitialized).
struct filled_by_t {
  explicit filled_by_t() = default;
};
inline constexpr filled_by_t filled_by{};

template <class T, bool Trivial = std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>>
struct result_storage {
  explicit result_storage(std::in_place_t) noexcept(std::is_nothrow_default_constructible_v<T>) : ok_(true) {
    ::new (static_cast<void*>(&value_)) T;
  }
  template <class Fill>
  MPL_ALWAYS_INLINE result_storage(filled_by_t, Fill fill) noexcept : ok_(false) {
    fill(&error_);
  }
  constexpr result_storage(const T& v) noexcept(std::is_nothrow_copy_constructible_v<T>) : value_(v), ok_(true) {}
  constexpr result_storage(T&& v) noexcept(std::is_nothrow_move_constructible_v<T>)
      : value_(std::move(v)), ok_(true) {}
  constexpr result_storage(const error& e) noexcept : error_(e), ok_(false) {}

  union {
    T value_;
    error error_;
  };
  bool ok_;
};

template <class T>
struct result_storage<T, false> {
  explicit result_storage(std::in_place_t) : ok_(true) { ::new (static_cast<void*>(&value_)) T; }
  template <class Fill>
  MPL_ALWAYS_INLINE result_storage(filled_by_t, Fill fill) noexcept : ok_(false) {
    fill(&error_);
  }
  constexpr result_storage(const T& v) : value_(v), ok_(true) {}
  constexpr result_storage(T&& v) : value_(std::move(v)), ok_(true) {}
  constexpr result_storage(const error& e) noexcept : error_(e), ok_(false) {}

  result_storage(const result_storage& o) : ok_(o.ok_) {
    if (ok_) {
      ::new (static_cast<void*>(&value_)) T(o.value_);
    } else {
      ::new (static_cast<void*>(&error_)) error(o.error_);
    }
  }
  result_storage(result_storage&& o) noexcept(std::is_nothrow_move_constructible_v<T>) : ok_(o.ok_) {
    if (ok_) {
      ::new (static_cast<void*>(&value_)) T(std::move(o.value_));
    } else {
      ::new (static_cast<void*>(&error_)) error(o.error_);
    }
  }
  result_storage& operator=(const result_storage& o) {
    if (this != &o) assign(o.ok_, o.value_, o.error_);
    return *this;
  }
  result_storage& operator=(result_storage&& o) noexcept(std::is_nothrow_move_constructible_v<T> &&
                                                        std::is_nothrow_move_assignable_v<T>) {
    if (this != &o) assign(o.ok_, std::move(o.value_), o.error_);
    return *this;
  }
  ~result_storage() {
    if (ok_) value_.~T();
  }

  union {
    T value_;
    error error_;
  };
  bool ok_;

 private:
  // `v` is only touched when `ok` says it holds a T.
  template <class V>
  void assign(bool ok, V&& v, const error& e) {
    if (ok_ && ok) {
      value_ = std::forward<V>(v);
    } else if (ok_) {
      value_.~T();
      ::new (static_cast<void*>(&error_)) error(e);
      ok_ = false;
    } else if (ok) {
      ::new (static_cast<void*>(&value_)) T(std::forward<V>(v));
      ok_ = true;
    } else {
      error_ = e;
    }
  }
};

}  // namespace detail

// Either a T or an mpl::error; a small std::expected without exceptions.
// Both constructors are implicit so a function returning result<T> can
// `return view;` or `return make_error(...);`.
template <class T>
class result : private detail::result_storage<T> {
  using base = detail::result_storage<T>;
  static_assert(!std::is_reference_v<T>, "result<T&> is not supported; return a pointer or a view");
  static_assert(!std::is_same_v<std::remove_cv_t<T>, mpl::error>, "result<error> is ambiguous");

 public:
  using value_type = T;

  // A default-initialised T, for code that fills the value where it lies
  // (generated parse() validates its view inside the result: no copy).
  explicit result(std::in_place_t) noexcept(std::is_nothrow_default_constructible_v<T>) : base(std::in_place) {}
  constexpr result(const T& v) noexcept(std::is_nothrow_copy_constructible_v<T>) : base(v) {}
  constexpr result(T&& v) noexcept(std::is_nothrow_move_constructible_v<T>) : base(std::move(v)) {}
  constexpr result(const mpl::error& e) noexcept : base(e) {}
  // mpl::fail's: `fill` constructs the error at the pointer it is given.
  template <class Fill>
  MPL_ALWAYS_INLINE result(detail::filled_by_t, Fill fill) noexcept : base(detail::filled_by, fill) {}

  constexpr bool ok() const noexcept { return this->ok_; }
  constexpr explicit operator bool() const noexcept { return this->ok_; }

  // Turns a result built in place into an error where it lies. Assigning
  // a temporary result(error) would copy the whole union, including the
  // bytes of a larger T the error never wrote.
  void set_error(const mpl::error& e) noexcept {
    if (this->ok_) this->value_.~T();
    ::new (static_cast<void*>(&this->error_)) mpl::error(e);
    this->ok_ = false;
  }

  // Checked: aborts if the result holds an error.
  constexpr T& value() & noexcept {
    if (!this->ok_) detail::bad_result_access();
    return this->value_;
  }
  constexpr const T& value() const& noexcept {
    if (!this->ok_) detail::bad_result_access();
    return this->value_;
  }
  constexpr T&& value() && noexcept {
    if (!this->ok_) detail::bad_result_access();
    return std::move(this->value_);
  }

  // Unchecked, like std::optional: only after testing ok().
  constexpr T& operator*() & noexcept { return this->value_; }
  constexpr const T& operator*() const& noexcept { return this->value_; }
  constexpr T* operator->() noexcept { return &this->value_; }
  constexpr const T* operator->() const noexcept { return &this->value_; }

  template <class U>
  constexpr T value_or(U&& fallback) const& {
    return this->ok_ ? this->value_ : static_cast<T>(std::forward<U>(fallback));
  }

  // The error; aborts if the result holds a value.
  constexpr const mpl::error& error() const noexcept {
    if (this->ok_) detail::bad_result_access();
    return this->error_;
  }
};

// Success carries nothing: the return type of validation and of writes.
template <>
class result<void> {
 public:
  // Success leaves the error unconstructed: a zeroed mpl::error on every
  // successful validation and write was a store of 56 bytes per call.
  constexpr result() noexcept : ok_(true) {}
  constexpr result(const mpl::error& e) noexcept : error_(e), ok_(false) {}
  // mpl::fail's: `fill` constructs the error at the pointer it is given.
  template <class Fill>
  MPL_ALWAYS_INLINE result(detail::filled_by_t, Fill fill) noexcept : ok_(false) {
    fill(&error_);
  }

  constexpr bool ok() const noexcept { return ok_; }
  constexpr explicit operator bool() const noexcept { return ok_; }
  constexpr void value() const noexcept {
    if (!ok_) detail::bad_result_access();
  }
  constexpr const mpl::error& error() const noexcept {
    if (ok_) detail::bad_result_access();
    return error_;
  }

 private:
  union {
    mpl::error error_;  // active only when !ok_
  };
  bool ok_;
};

namespace detail {

// The out-of-line parts of the error returns below: each builds the error
// at `out` (seven arguments, as many as the result-returning calls these
// replace, so an error site is no larger).
MPL_ERROR_PATH inline void fill_error(error* out, error_kind kind, std::size_t offset, const char* field,
                                      std::uint64_t found, std::uint64_t lo, std::uint64_t hi) noexcept {
  ::new (static_cast<void*>(out)) error(make_error(kind, offset, field, found, lo, hi));
}

MPL_ERROR_PATH inline void fill_signed_error(error* out, error_kind kind, std::size_t offset, const char* field,
                                             std::uint64_t found, std::uint64_t lo, std::uint64_t hi) noexcept {
  ::new (static_cast<void*>(out)) error(make_signed_error(kind, offset, field, found, lo, hi));
}

MPL_ERROR_PATH inline void fill_error_because(error* out, const char* reason, error_kind kind, std::size_t offset,
                                              const char* field, std::uint64_t found, std::uint64_t lo,
                                              std::uint64_t hi) noexcept {
  ::new (static_cast<void*>(out)) error(with_reason(make_error(kind, offset, field, found, lo, hi), reason));
}

MPL_ERROR_PATH inline void fill_signed_error_because(error* out, const char* reason, error_kind kind,
                                                     std::size_t offset, const char* field, std::uint64_t found,
                                                     std::uint64_t lo, std::uint64_t hi) noexcept {
  ::new (static_cast<void*>(out)) error(with_reason(make_signed_error(kind, offset, field, found, lo, hi), reason));
}

}  // namespace detail

// The error returns of generated code: `return mpl::fail(...)` (or
// mpl::fail<T> in a function returning result<T>), one call per error site.
// Inline around that call: the result's ok flag is stored where the
// compiler sees it (detail::filled_by_t).
template <class T = void>
MPL_ALWAYS_INLINE result<T> fail(error_kind kind, std::size_t offset, const char* field, std::uint64_t found = 0,
                                 std::uint64_t lo = 0, std::uint64_t hi = 0) noexcept {
  return result<T>(detail::filled_by, [=](error* out) noexcept {
    detail::fill_error(out, kind, offset, field, found, lo, hi);
  });
}

template <class T = void>
MPL_ALWAYS_INLINE result<T> fail_signed(error_kind kind, std::size_t offset, const char* field,
                                        std::uint64_t found = 0, std::uint64_t lo = 0,
                                        std::uint64_t hi = 0) noexcept {
  return result<T>(detail::filled_by, [=](error* out) noexcept {
    detail::fill_signed_error(out, kind, offset, field, found, lo, hi);
  });
}

// As fail(), with a reason: generated parse_as<Case>() names the case the
// caller asked for ("parsing as case Rread").
template <class T = void>
MPL_ALWAYS_INLINE result<T> fail_because(const char* reason, error_kind kind, std::size_t offset, const char* field,
                                         std::uint64_t found = 0, std::uint64_t lo = 0,
                                         std::uint64_t hi = 0) noexcept {
  return result<T>(detail::filled_by, [=](error* out) noexcept {
    detail::fill_error_because(out, reason, kind, offset, field, found, lo, hi);
  });
}

// As fail_because(), for a subject of a signed type (signed_values).
template <class T = void>
MPL_ALWAYS_INLINE result<T> fail_signed_because(const char* reason, error_kind kind, std::size_t offset,
                                                const char* field, std::uint64_t found = 0, std::uint64_t lo = 0,
                                                std::uint64_t hi = 0) noexcept {
  return result<T>(detail::filled_by, [=](error* out) noexcept {
    detail::fill_signed_error_because(out, reason, kind, offset, field, found, lo, hi);
  });
}

}  // namespace mpl

#endif  // MPL_ERROR_H_
