// A bounds-checked cursor over a caller's output buffer, used by builders.
//
// Builders compute their exact size first and check it once, so in generated
// code the checks here are a safety net that must never let a write land
// past the buffer. The writer is sticky: the first write that does not fit
// is refused, nothing is written for it, and every later write is refused
// too, so generated code can emit a straight sequence of puts and test
// ok()/finish() once at the end instead of after every field.
//
// Bit fields: put_bits() writes MSB-first at the current bit position and
// moves it; a byte-sized put (put_u8 ... put_bytes, reserve, skip, align)
// is only accepted at a byte boundary. MPL requires every run of bit fields
// to complete a byte, so generated code always satisfies this.
#ifndef MPL_WRITER_H_
#define MPL_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "mpl/bytes.h"
#include "mpl/endian.h"
#include "mpl/error.h"

namespace mpl {

class writer {
 public:
  constexpr explicit writer(mutable_bytes out) noexcept : out_(out) {}

  // Bytes written (or reserved/skipped) so far; the offset of the next write.
  constexpr std::size_t position() const noexcept { return pos_; }
  // Bits written into the byte at position(), 0..7.
  constexpr unsigned bit_position() const noexcept { return bit_; }
  constexpr std::size_t capacity() const noexcept { return out_.size(); }
  constexpr std::size_t remaining() const noexcept { return out_.size() - pos_; }
  constexpr bool ok() const noexcept { return !failed_; }

  // The bytes written so far, e.g. to compute a checksum over them.
  constexpr mutable_bytes written() const noexcept { return out_.first(pos_); }
  // The unwritten rest of the buffer: a nested builder writes its packet
  // here directly, then the outer one skip()s over it (no copy).
  constexpr mutable_bytes unwritten() const noexcept { return out_.subspan(pos_); }

  // The error of the first refused write (buffer_too_small with lo = bytes
  // the write needed in total, found = capacity, offset = where it was
  // refused), or bad_alignment for a byte write in the middle of a byte.
  constexpr const mpl::error& error() const noexcept { return error_; }

  // Bytes written, or the first error.
  constexpr result<std::size_t> finish() const noexcept {
    if (failed_) return error_;
    if (bit_ != 0) return make_error(error_kind::bad_alignment, pos_, "", bit_, 1);
    return pos_;
  }

  constexpr bool put_u8(std::uint8_t v) noexcept {
    if (!claim(1)) return false;
    out_[pos_ - 1] = v;
    return true;
  }

 private:
  // Defined before their callers: clang 14 cannot constant-evaluate a
  // member template whose definition comes later in the class.
  template <class T, bool Big>
  constexpr bool put(T v) noexcept {
    if (!claim(sizeof(T))) return false;
    std::uint8_t* p = out_.data() + (pos_ - sizeof(T));
    if constexpr (Big) {
      store_be(p, v);
    } else {
      store_le(p, v);
    }
    return true;
  }

  template <class T, bool Big>
  constexpr bool patch(std::size_t offset, T v) noexcept {
    if (!patchable(offset, sizeof(T))) return false;
    if constexpr (Big) {
      store_be(out_.data() + offset, v);
    } else {
      store_le(out_.data() + offset, v);
    }
    return true;
  }

 public:
  constexpr bool put_u16_be(std::uint16_t v) noexcept { return put<std::uint16_t, true>(v); }
  constexpr bool put_u32_be(std::uint32_t v) noexcept { return put<std::uint32_t, true>(v); }
  constexpr bool put_u64_be(std::uint64_t v) noexcept { return put<std::uint64_t, true>(v); }
  constexpr bool put_u16_le(std::uint16_t v) noexcept { return put<std::uint16_t, false>(v); }
  constexpr bool put_u32_le(std::uint32_t v) noexcept { return put<std::uint32_t, false>(v); }
  constexpr bool put_u64_le(std::uint64_t v) noexcept { return put<std::uint64_t, false>(v); }

  constexpr bool put_bytes(bytes b) noexcept {
    if (!claim(b.size())) return false;
    copy(out_.data() + (pos_ - b.size()), b.data(), b.size());
    return true;
  }

  // Writes the low `width` bits (1..64) of v MSB-first at the current bit
  // position. Bytes a bit run touches for the first time are cleared first,
  // so the output never depends on what the buffer held before.
  constexpr bool put_bits(std::uint64_t v, unsigned width) noexcept {
    if (failed_) return false;
    if (width == 0 || width > 64) {
      failed_ = true;
      error_ = make_error(error_kind::bad_length, pos_, "", width, 1, 64);
      return false;
    }
    const unsigned end = bit_ + width;
    const std::size_t touched = (end + 7) / 8;
    if (touched > remaining()) return refuse_size(pos_ + touched);
    std::uint8_t* p = out_.data() + pos_;
    for (std::size_t i = bit_ == 0 ? 0 : 1; i < touched; ++i) p[i] = 0;
    set_bits(p, bit_, width, v);
    pos_ += end / 8;
    bit_ = end % 8;
    return true;
  }

  // Zero-fills n bytes and returns their offset, for fields patched later
  // (lengths, checksums: a checksum is computed with its own field zero).
  // On refusal returns position() unchanged; the patch will be refused too.
  constexpr std::size_t reserve(std::size_t n) noexcept {
    const std::size_t at = pos_;
    if (!claim(n)) return at;
    for (std::size_t i = at; i < pos_; ++i) out_[i] = 0;
    return at;
  }

  // Advances over n bytes without touching them: they already hold what
  // a nested builder wrote through unwritten().
  constexpr std::size_t skip(std::size_t n) noexcept {
    const std::size_t at = pos_;
    claim(n);
    return at;
  }

  // Zero-pads up to the next multiple of `alignment` bytes (from the start
  // of the buffer), for align(...) fields.
  constexpr bool align(std::size_t alignment) noexcept {
    if (alignment == 0) return ok();
    const std::size_t pad = (alignment - pos_ % alignment) % alignment;
    const std::size_t at = pos_;
    if (!claim(pad)) return false;
    for (std::size_t i = at; i < pos_; ++i) out_[i] = 0;
    return true;
  }

  // Overwrite bytes already written (offsets below position()).
  constexpr bool patch_u8(std::size_t offset, std::uint8_t v) noexcept {
    if (!patchable(offset, 1)) return false;
    out_[offset] = v;
    return true;
  }
  constexpr bool patch_u16_be(std::size_t offset, std::uint16_t v) noexcept { return patch<std::uint16_t, true>(offset, v); }
  constexpr bool patch_u32_be(std::size_t offset, std::uint32_t v) noexcept { return patch<std::uint32_t, true>(offset, v); }
  constexpr bool patch_u64_be(std::size_t offset, std::uint64_t v) noexcept { return patch<std::uint64_t, true>(offset, v); }
  constexpr bool patch_u16_le(std::size_t offset, std::uint16_t v) noexcept { return patch<std::uint16_t, false>(offset, v); }
  constexpr bool patch_u32_le(std::size_t offset, std::uint32_t v) noexcept { return patch<std::uint32_t, false>(offset, v); }
  constexpr bool patch_u64_le(std::size_t offset, std::uint64_t v) noexcept { return patch<std::uint64_t, false>(offset, v); }

  // Rewrites a bit field inside bytes already written; bit_offset counts
  // MSB-first from byte `offset`.
  constexpr bool patch_bits(std::size_t offset, unsigned bit_offset, unsigned width, std::uint64_t v) noexcept {
    if (width == 0 || width > 64) return refuse_patch(offset);
    if (!patchable(offset, 0)) return false;
    if (!patchable(offset + bit_offset / 8, (bit_offset % 8 + width + 7) / 8)) return false;
    set_bits(out_.data() + offset, bit_offset, width, v);
    return true;
  }

 private:
  // Reserves n whole bytes at a byte boundary; false (and sticky) if they
  // do not fit. Written as `n > remaining()` so a huge n cannot overflow.
  constexpr bool claim(std::size_t n) noexcept {
    if (failed_) return false;
    if (bit_ != 0) {
      failed_ = true;
      error_ = make_error(error_kind::bad_alignment, pos_, "", bit_, 1);
      return false;
    }
    if (n > remaining()) {
      return refuse_size(n > SIZE_MAX - pos_ ? SIZE_MAX : pos_ + n);
    }
    pos_ += n;
    return true;
  }

  constexpr bool refuse_size(std::size_t needed) noexcept {
    failed_ = true;
    error_ = make_error(error_kind::buffer_too_small, pos_, "", out_.size(), needed);
    return false;
  }

  constexpr bool refuse_patch(std::size_t offset) noexcept {
    // A patch outside the written bytes is a builder bug, reported as a
    // bad length at the patch offset rather than silently ignored.
    failed_ = true;
    error_ = make_error(error_kind::bad_length, offset, "", offset, pos_);
    return false;
  }

  constexpr bool patchable(std::size_t offset, std::size_t n) noexcept {
    if (failed_) return false;
    const std::size_t written_bytes = pos_ + (bit_ != 0 ? 1 : 0);
    if (offset > written_bytes || n > written_bytes - offset) return refuse_patch(offset);
    return true;
  }

  static constexpr void copy(std::uint8_t* to, const std::uint8_t* from, std::size_t n) noexcept {
    if (std::is_constant_evaluated()) {
      for (std::size_t i = 0; i < n; ++i) to[i] = from[i];
    } else if (n != 0) {
      std::memcpy(to, from, n);
    }
  }

  mutable_bytes out_;
  std::size_t pos_ = 0;
  unsigned bit_ = 0;
  bool failed_ = false;
  mpl::error error_{};
};

}  // namespace mpl

#endif  // MPL_WRITER_H_
