// 9P2000.L: parse an Rread from a real diod server and read its header, its
// count and its data span, through the generated code (specs/9p.mpl) and the
// hand-written baseline (p9_handwritten.h). libtins has no 9P.
//
// Case names are <operation>/<input>/<implementation>; scripts/bench.sh
// pairs them up by that last part to compute ratios.
#include <benchmark/benchmark.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "elided/9p.h"
#include "p9_fields.h"
#include "p9_handwritten.h"
#include "p9_packets.h"
#include "registry.h"
#include "timed_loops.h"

namespace bench {
namespace {

namespace generated {

// What a user does: parse the message with the dialect the session
// negotiated (9P2000.L: dotu = true, though Rread does not depend on it),
// then take the Rread case of the type classify.
bool parse_9p_rread(mpl::bytes m, RreadFields& f) noexcept {
  const auto v = ::spec_9p::p9_message::parse(m, /*dotu=*/true);
  if (!v) return false;
  const auto rread = v->as_Rread();
  if (!rread) return false;
  f.size = v->message_size();
  f.type = static_cast<std::uint8_t>(v->type());
  f.tag = v->tag();
  f.count = rread->count();
  const mpl::bytes data = rread->data();
  f.data_size = static_cast<std::uint32_t>(data.size());
  f.data_first = data.empty() ? 0 : data[0];
  return true;
}

// What a client awaiting the reply to its Tread does: parse the message
// as the Rread case only (parse_as, no 71-way dispatch); as_Rread() then
// holds a value (and the compiler sees the case it just stored).
bool parse_as_9p_rread(mpl::bytes m, RreadFields& f) noexcept {
  using ::spec_9p::p9_message::type_case_t;
  const auto v = ::spec_9p::p9_message::parse_as<type_case_t::Rread>(m, /*dotu=*/true);
  if (!v) return false;
  const auto rread = *v->as_Rread();
  f.size = v->message_size();
  f.type = static_cast<std::uint8_t>(v->type());
  f.tag = v->tag();
  f.count = rread.count();
  const mpl::bytes data = rread.data();
  f.data_size = static_cast<std::uint32_t>(data.size());
  f.data_first = data.empty() ? 0 : data[0];
  return true;
}

}  // namespace generated

using ParseFn = bool (*)(mpl::bytes, RreadFields&) noexcept;

// op/9p_rread/name: "parse" is the generic parse() then as_Rread();
// "parse_as" the entry point for one expected case. The hand-written
// parser checks the one type either way, so it is the baseline of both.
struct Impl {
  const char* op;
  const char* name;
  ParseFn parse_rread;
};

const std::vector<Impl>& impls() {
  static const std::vector<Impl> all = {
      {"parse", "generated", generated::parse_9p_rread},
      {"parse", "handwritten", hand::parse_9p_rread},
      {"parse_as", "generated", generated::parse_as_9p_rread},
      {"parse_as", "handwritten", hand::parse_9p_rread},
  };
  return all;
}

bool is_generated(const Impl& impl) { return impl.parse_rread != hand::parse_9p_rread; }

mpl::bytes rread() { return mpl::bytes{kP9Rread, sizeof kP9Rread}; }

// ---------------------------------------------------------------- cases

void parse_case(benchmark::State& state, ParseFn parse) { time_parse<RreadFields>(state, rread(), parse); }

const bool registered = [] {
  for (const Impl& impl : impls()) {
    benchmark::RegisterBenchmark((std::string(impl.op) + "/9p_rread/" + impl.name).c_str(), parse_case,
                                 impl.parse_rread);
  }
  return true;
}();

// ---------------------------------------------------------------- self-checks

std::string differs(const char* what, const Impl& impl) {
  return std::string(what) + ": " + impl.op + "/" + impl.name;
}

const bool checked = [] {
  add_self_check("9P Rread parse agrees with tshark", [] {
    // tshark -d tcp.port==5640,9p, frame 141: Msg length 41, Rread (117),
    // Tag 0, Count 30, data "a second file, ...".
    const RreadFields expected{.size = 41, .type = 117, .tag = 0, .count = 30, .data_size = 30, .data_first = 'a'};
    for (const Impl& impl : impls()) {
      RreadFields f;
      if (!impl.parse_rread(rread(), f)) return differs("refused the Rread", impl);
      if (!(f == expected)) return differs("Rread fields differ from tshark's", impl);
    }
    return std::string();
  });
  add_self_check("truncated 9P messages are refused", [] {
    for (const Impl& impl : impls()) {
      for (std::size_t n = 0; n < rread().size(); ++n) {
        RreadFields f;
        if (impl.parse_rread(rread().first(n), f)) return differs("accepted a truncated Rread", impl);
      }
    }
    return std::string();
  });
  // Evidence that the hand-written parser enforces the generated parser's
  // rules and no others: every one-byte change of the message (to values
  // that move size and count across their limits, the neighbours of the
  // original and a few types), with the buffer as captured and with bytes
  // after it (the next message on the stream), is accepted or refused by
  // both alike, with the same fields when accepted.
  add_self_check("generated and hand-written 9P parsers judge alike", [] {
    const std::array<std::uint8_t, 12> values = {0, 1, 6, 7, 10, 11, 29, 30, 31, 41, 116, 255};
    Verdicts counts;
    // parse() + as_Rread() and parse_as<Rread>(), each against the baseline.
    for (const Impl& impl : impls()) {
      if (!is_generated(impl)) continue;
      for (std::size_t extra : {std::size_t{0}, std::size_t{5}}) {
        std::vector<std::uint8_t> m(rread().begin(), rread().end());
        m.resize(m.size() + extra, 0x55);
        for (std::size_t at = 0; at < rread().size(); ++at) {
          const std::uint8_t original = m[at];
          std::vector<std::uint8_t> tried(values.begin(), values.end());
          tried.push_back(static_cast<std::uint8_t>(original + 1));
          tried.push_back(static_cast<std::uint8_t>(original - 1));
          for (std::uint8_t value : tried) {
            m[at] = value;
            const std::string problem = judge_alike<RreadFields>(
                mpl::bytes{m.data(), m.size()}, impl.parse_rread, hand::parse_9p_rread, counts,
                [&] { return std::string(impl.op) + ": byte " + std::to_string(at) + " = " + std::to_string(value); });
            if (!problem.empty()) return problem;
          }
          m[at] = original;
        }
      }
    }
    if (counts.accepted == 0 || counts.refused == 0) {
      return std::string("the mutations did not exercise both outcomes");
    }
    return std::string();
  });
  return true;
}();

}  // namespace
}  // namespace bench
