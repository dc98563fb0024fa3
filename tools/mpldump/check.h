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
      check.differing = differing_fields(decoded.fields, rebuilt.fields);
      check.rebuild = check.differing.empty() ? "equivalent" : "differs";
    }
  }

  TouchVisitor touch;
  for (std::size_t n = 0; n < message.size(); ++n) {
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
  check.touched = touch.sum();
  return check;
}

}  // namespace mpldump
