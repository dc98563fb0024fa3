// Stream framing: how many bytes the next message of a TCP byte stream
// needs before it can be parsed.
//
// A framer is any callable `frame_status(mpl::bytes prefix)`: given the
// bytes received so far (the start of the next message, possibly more than
// one message), it answers one of
//
//   need_more(n)   at least n bytes in total are needed before it can say
//                  more (n > prefix.size()); n is a lower bound while the
//                  length field itself has not arrived, exact after;
//   complete(size) the next message is the first `size` bytes (size >= 1,
//                  size <= prefix.size());
//   error(msg)     the length is invalid (below the header, above the
//                  bound): the stream cannot be resynchronised.
//
// Generated packet classes whose total size is given by an integer length
// field at a fixed offset have a static `frame()` built on
// frame_length_field() (docs/generated-api.md). Protocols whose length sits
// outside the message (DNS over TCP's 2-byte prefix) or is encrypted after
// key exchange (SSH) use length_prefix_framer directly.
//
// Framers never read past prefix.size() and never overflow: a hostile
// length is compared against the bound before anything is added to it.
#ifndef MPL_FRAME_H_
#define MPL_FRAME_H_

#include <bit>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>

#include "mpl/bytes.h"

namespace mpl {

class frame_status {
 public:
  enum class kind : std::uint8_t { need_more, complete, error };

  static constexpr frame_status need_more(std::size_t total) noexcept { return {kind::need_more, total, nullptr, 0}; }
  static constexpr frame_status complete(std::size_t size) noexcept { return {kind::complete, size, nullptr, 0}; }
  // `message` must outlive the status (a string literal); `found` is the
  // offending length as read, for the text a server logs.
  static constexpr frame_status error(const char* message, std::uint64_t found = 0) noexcept {
    return {kind::error, 0, message, found};
  }

  constexpr kind state() const noexcept { return kind_; }
  constexpr bool is_need_more() const noexcept { return kind_ == kind::need_more; }
  constexpr bool is_complete() const noexcept { return kind_ == kind::complete; }
  constexpr bool is_error() const noexcept { return kind_ == kind::error; }
  // need_more: the total bytes needed; complete: the message size; error: 0.
  constexpr std::size_t size() const noexcept { return size_; }
  constexpr const char* message() const noexcept { return message_ ? message_ : ""; }
  constexpr std::uint64_t found() const noexcept { return found_; }

  friend constexpr bool operator==(const frame_status&, const frame_status&) noexcept = default;

 private:
  constexpr frame_status(kind k, std::size_t size, const char* message, std::uint64_t found) noexcept
      : kind_(k), size_(size), message_(message), found_(found) {}

  kind kind_;
  std::size_t size_;
  const char* message_;
  std::uint64_t found_;
};

// What a stream reader accepts as a framer.
template <class F>
concept framer = requires(const F& f, bytes prefix) {
  { f(prefix) } -> std::same_as<frame_status>;
};

// An unsigned length field at a fixed offset of the message.
//   total = value + adjust
// adjust is the number of bytes the length does not count: 0 when it covers
// the whole message (BGP, 9P), the field's own width and offset when it
// counts only what follows it (DNS over TCP: 2, SSH's packet_length: 4).
// A total below min_size or above max_size is an error.
// (64-bit bounds, so a generated bound for a uint64 length is exact on any host.)
struct length_field {
  std::size_t offset = 0;
  unsigned width = 2;  // 1, 2, 4 or 8 bytes
  std::endian order = std::endian::big;
  std::uint64_t adjust = 0;
  std::uint64_t min_size = 1;
  std::uint64_t max_size = 65535;
};

namespace detail {

constexpr std::size_t clamp_to_size(std::uint64_t n) noexcept {
  if constexpr (sizeof(std::size_t) < sizeof(std::uint64_t)) {
    if (n > std::numeric_limits<std::size_t>::max()) return std::numeric_limits<std::size_t>::max();
  }
  return static_cast<std::size_t>(n);
}

}  // namespace detail

constexpr frame_status frame_length_field(bytes prefix, const length_field& f) noexcept {
  const std::size_t header = f.offset + f.width;
  if (prefix.size() < header) {
    // The whole header is the least a message can be; min_size may say more.
    return frame_status::need_more(header > f.min_size ? header : detail::clamp_to_size(f.min_size));
  }
  std::uint64_t value = 0;
  for (unsigned i = 0; i < f.width; ++i) {
    const unsigned at = f.order == std::endian::big ? i : f.width - 1 - i;
    value = (value << 8) | prefix[f.offset + at];
  }
  // Compare before adding: value + adjust must not wrap.
  if (value > f.max_size || f.max_size - value < f.adjust) return frame_status::error("length above the bound", value);
  const std::uint64_t total = value + f.adjust;
  // A length this host cannot address is above any bound.
  if (detail::clamp_to_size(total) != total) return frame_status::error("length above the bound", value);
  if (total < f.min_size || total < header) return frame_status::error("length below the header size", value);
  if (prefix.size() < total) return frame_status::need_more(static_cast<std::size_t>(total));
  return frame_status::complete(static_cast<std::size_t>(total));
}

// A plain length prefix at the start of the message: Width bytes in Order,
// not counting Adjust bytes (by default the prefix itself). DNS over TCP is
// length_prefix_framer<2>{}; SSH's unencrypted packets are
// length_prefix_framer<4>{.min_size = 16, .max_size = 35000} (RFC 4253
// §6.1), plus the MAC once one is negotiated, which the server adds.
template <unsigned Width, std::endian Order = std::endian::big, std::size_t Adjust = Width>
struct length_prefix_framer {
  static_assert(Width == 1 || Width == 2 || Width == 4 || Width == 8, "length prefix of 1, 2, 4 or 8 bytes");
  static constexpr std::uint64_t field_max = std::numeric_limits<std::uint64_t>::max() >> (64 - 8 * Width);

  // A message no shorter than the prefix plus one byte of body by default:
  // an empty message (DNS over TCP length 0) is a protocol error.
  std::size_t min_size = Adjust + 1;
  std::size_t max_size = field_max - Adjust < 65535 ? static_cast<std::size_t>(field_max) + Adjust : 65535 + Adjust;

  constexpr frame_status operator()(bytes prefix) const noexcept {
    return frame_length_field(prefix, length_field{.offset = 0,
                                                   .width = Width,
                                                   .order = Order,
                                                   .adjust = Adjust,
                                                   .min_size = min_size,
                                                   .max_size = max_size});
  }
};

// A text line ending in LF (the LF included), at most max_line bytes: SSH's
// version exchange (RFC 4253 §4.2: 255 bytes with CR LF), line-based
// handshakes before a binary protocol starts. Until the LF arrives the
// answer is need_more(one byte more than buffered).
struct line_framer {
  std::size_t max_line = 255;

  constexpr frame_status operator()(bytes prefix) const noexcept {
    const std::size_t look = prefix.size() < max_line ? prefix.size() : max_line;
    for (std::size_t i = 0; i < look; ++i) {
      if (prefix[i] == '\n') return frame_status::complete(i + 1);
    }
    if (prefix.size() >= max_line) return frame_status::error("line longer than the limit", max_line);
    return frame_status::need_more(prefix.size() + 1);
  }
};

}  // namespace mpl

#endif  // MPL_FRAME_H_
