// mpldump --check: for one decoded message, what the generated builders and
// parsers make of it (docs/mpldump.md, "--check"):
//   * rebuilt from its view with ops.from(view) and written again,
//     is it byte-identical to the wire? If not, does the rebuilt message
//     parse back to the same decoded fields ("equivalent", e.g. DNS names
//     recompressed), and if not, which field paths differ;
//   * cut at every length shorter than it, does every prefix give a clean
//     error (or parse as a shorter valid message) instead of crashing.
// Everything goes through the generated code; nothing here knows a field.
#pragma once

#include <cstddef>
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <mpl/bytes.h>
#include <mpl/error.h>

#include "layer.h"

namespace mpldump {

// What the checks need of a generated packet P (its code is in namespace
// P): P::visit and P::builder::from, as generic callables.
template <class Visit, class From>
struct PacketOps {
  Visit visit;
  From from;
};
template <class Visit, class From>
PacketOps(Visit, From) -> PacketOps<Visit, From>;

// How a builder is written when no pseudo-header is involved.
struct WriteBuilder {
  template <class B>
  auto operator()(const B& builder, mpl::mutable_bytes out) const {
    return builder.write(out);
  }
};

// A visitor that touches every value a parsed view reports and keeps
// nothing, so accessors of views of truncated prefixes are exercised
// without the cost of rendering them.
class TouchVisitor {
 public:
  void integer(const char*, std::uint64_t value, unsigned) { sum_ += value; }
  void variant(const char*, std::uint64_t value, const char*, unsigned) { sum_ += value; }
  void bytes(const char*, mpl::bytes value) { sum_ += value.size() + (value.empty() ? 0 : value.back()); }
  template <class T>
  void custom(const char*, const T&) {
    ++sum_;
  }
  void begin_packet(const char*, const char*) {}
  void end_packet() {}
  void begin_array(const char*) {}
  void begin_element(std::size_t index) { sum_ += index; }
  void end_element() {}
  void end_array() {}
  void begin_case(const char*, const char*) {}
  void end_case() {}
  std::uint64_t sum() const { return sum_; }

 private:
  std::uint64_t sum_ = 0;
};

// Bytes of prefixes --check parses per message. Parsing a prefix costs
// about its length, so cutting a message at every length costs half its
// size squared: below this budget (messages up to about 2,900 bytes, every
// Ethernet frame) every length is tried; above it, the lengths that matter
// (issue 18: a 40 KB DNS message took 13 s, a 64 KB 9P Twalk 9.5 s).
inline constexpr std::size_t kTruncationBudget = std::size_t{1} << 22;
// Always tried: cuts inside the first bytes, where the fixed headers are.
inline constexpr std::size_t kTruncationHead = 64;

// Records where each byte string a view reports ends in `message`: the
// ends of fields, and so of most array elements (a DNS record ends with
// its rdata, a 9P name with its bytes).
class BoundaryVisitor {
 public:
  explicit BoundaryVisitor(mpl::bytes message) : message_(message) {}

  void integer(const char*, std::uint64_t, unsigned) {}
  void variant(const char*, std::uint64_t, const char*, unsigned) {}
  void bytes(const char*, mpl::bytes value) { add(value); }
  template <class T>
  void custom(const char*, const T& value) {
    if constexpr (requires { mpl::bytes(value.wire()); }) add(value.wire());
  }
  void begin_packet(const char*, const char*) {}
  void end_packet() {}
  void begin_array(const char*) {}
  void begin_element(std::size_t) {}
  void end_element() {}
  void end_array() {}
  void begin_case(const char*, const char*) {}
  void end_case() {}
  std::vector<std::size_t>& ends() { return ends_; }

 private:
  void add(mpl::bytes value) {
    // Compare addresses as integers: `value` may lie outside the message.
    const auto at = reinterpret_cast<std::uintptr_t>(value.data());
    const auto begin = reinterpret_cast<std::uintptr_t>(message_.data());
    if (at < begin || at - begin > message_.size() || value.size() > message_.size() - (at - begin)) return;
    ends_.push_back(at - begin + value.size());
  }

  mpl::bytes message_;
  std::vector<std::size_t> ends_;
};

// The lengths `message` is cut at: every one below its size while that
// fits kTruncationBudget; otherwise the first kTruncationHead, and one
// byte short of, at and one past every field end the view reports,
// thinned evenly (keeping the order) until their bytes fit the budget.
template <class Ops, class View>
std::vector<std::size_t> truncation_lengths(mpl::bytes message, const View& view, const Ops& ops) {
  const std::size_t size = message.size();
  std::vector<std::size_t> lengths;
  if (size <= 1 || (size - 1) <= kTruncationBudget / size * 2) {
    lengths.resize(size);
    for (std::size_t n = 0; n < size; ++n) lengths[n] = n;
    return lengths;
  }
  BoundaryVisitor boundaries(message);
  ops.visit(view, boundaries);
  for (std::size_t n = 0; n < kTruncationHead && n < size; ++n) lengths.push_back(n);
  for (std::size_t end : boundaries.ends()) {
    for (std::size_t n : {end - 1, end, end + 1}) {
      if (end > 0 && n < size) lengths.push_back(n);
    }
  }
  lengths.push_back(size - 1);
  std::sort(lengths.begin(), lengths.end());
  lengths.erase(std::unique(lengths.begin(), lengths.end()), lengths.end());
  std::size_t total = 0;
  for (std::size_t n : lengths) total += n;
  if (total <= kTruncationBudget) return lengths;
  // Keep every stride-th length (and the longest), so the kept bytes are
  // about total / stride.
  const std::size_t stride = (total + kTruncationBudget - 1) / kTruncationBudget;
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < lengths.size(); i += stride) kept.push_back(lengths[i]);
  if (kept.back() != lengths.back()) kept.push_back(lengths.back());
  return kept;
}

// `parse(bytes)` parses the message (with its packet arguments bound);
// `write(builder, out)` writes a builder (UDP and TCP pass their
// pseudo-header); `decoded` is the layer already collected from `view`.
template <class Ops, class View, class Parse, class Write>
LayerCheck check_message(const Layer& decoded, const View& view, const Ops& ops, Parse parse, Write write) {
  LayerCheck check;
  const mpl::bytes message = view.bytes().first(view.size());
  check.size = message.size();

  const auto builder = ops.from(view);
  const std::size_t size = builder.size();
  std::vector<std::uint8_t> out(size);
  const auto written = write(builder, mpl::mutable_bytes{out.data(), size});
  if (!written) {
    check.rebuild = "unbuildable";
    check.note = written.error().describe();
  } else {
    out.resize(*written);
    if (out.size() == message.size() && std::equal(out.begin(), out.end(), message.begin())) {
      check.rebuild = "identical";
    } else if (auto again = parse(mpl::bytes{out.data(), out.size()}); !again) {
      check.rebuild = "differs";
      check.note = "the rebuilt bytes do not parse: " + again.error().describe();
    } else {
      Layer rebuilt;
      rebuilt.protocol = decoded.protocol;
      FieldCollector collector(rebuilt);
      ops.visit(*again, collector);
      check.differing = differing_fields(decoded, rebuilt);
      check.rebuild = check.differing.empty() ? "equivalent" : "differs";
    }
  }

  TouchVisitor touch;
  for (std::size_t n : truncation_lengths(message, view, ops)) {
    ++check.truncations;
    auto prefix = parse(message.first(n));
    if (prefix) {
      ops.visit(*prefix, touch);
      ++check.truncations_parsed;
    } else if (prefix.error().offset <= n) {
      ++check.truncations_rejected;
    } else {
      // An error that points past the bytes it was given is not clean.
      check.truncation_problems.push_back(std::to_string(n) + ": " + prefix.error().describe());
    }
  }
  check.truncations_skipped = message.size() - check.truncations;
  check.touched = touch.sum();
  return check;
}

}  // namespace mpldump
