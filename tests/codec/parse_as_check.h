// Test helper: generated P::parse_as<Case>() against parse() + the case
// accessor, over every case of a classify. The contract (docs/generated-api.md,
// "Parsing as one case"): parse_as<C> accepts exactly the inputs parse()
// accepts with C as the case taken, then with the same size and bytes; on
// everything else it fails, with parse()'s own error where parse() failed
// before reaching the classify or inside case C, else with the case error
// (a reason "parsing as case ...").
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <mpl/bytes.h>
#include <mpl/error.h>

namespace codec_test {

// How many (input, case) pairs parse_as accepted and refused: a check
// whose pairs all went one way proves little, so callers require both.
struct ParseAsTally {
  std::size_t accepted = 0;
  std::size_t refused = 0;
  std::size_t refused_by_case = 0;  // refused with the case error
};

// A check whose pairs all went one way proves little: both outcomes, and
// refusals of both kinds, must have occurred. Prints the tally.
inline void expect_both_outcomes(const ParseAsTally& tally, std::size_t inputs) {
  EXPECT_GT(tally.accepted, 0u);
  EXPECT_GT(tally.refused_by_case, 0u);
  EXPECT_GT(tally.refused, tally.refused_by_case);  // some refusals are parse()'s own errors
  std::printf("parse_as: %zu inputs, %zu accepted, %zu refused (%zu by the case check)\n", inputs, tally.accepted,
              tally.refused, tally.refused_by_case);
}

inline bool is_case_error(const mpl::error& e) {
  return std::string_view(e.reason).starts_with("parsing as case ");
}

// Empty when parse_as<C>(input) agrees with parse(input) for every one of
// the N cases of the enum Case; else what differs. `parse(bytes)` and
// `parse_as.template operator()<C>(bytes)` return mpl::result<view>;
// `case_of(view)` is the view's case accessor.
template <class Case, std::size_t N, class Parse, class ParseAs, class CaseOf>
std::string parse_as_disagreement(mpl::bytes input, Parse parse, ParseAs parse_as, CaseOf case_of,
                                  ParseAsTally& tally) {
  const auto whole = parse(input);
  if (whole.ok() && static_cast<std::size_t>(case_of(*whole)) >= N) {
    return "parse() took case " + std::to_string(static_cast<std::size_t>(case_of(*whole))) +
           ", beyond the N the test was given";
  }
  std::string problem;
  auto one = [&]<std::size_t I>() {
    if (!problem.empty()) return;
    constexpr Case c = static_cast<Case>(I);
    const auto as = parse_as.template operator()<c>(input);
    const bool expect = whole.ok() && case_of(*whole) == c;
    const std::string which = "case " + std::to_string(I) + ": ";
    if (expect) {
      if (!as.ok()) {
        problem = which + "parse() took it, parse_as refused: " + as.error().describe();
      } else if (case_of(*as) != c || as->size() != whole->size() || as->bytes().data() != whole->bytes().data()) {
        problem = which + "parse_as accepted a different packet than parse()";
      } else {
        ++tally.accepted;
      }
      return;
    }
    if (as.ok()) {
      problem = which + "parse_as accepted what parse() " +
                (whole.ok() ? "took as case " + std::to_string(static_cast<std::size_t>(case_of(*whole)))
                            : "refused: " + whole.error().describe());
      return;
    }
    ++tally.refused;
    if (is_case_error(as.error())) {
      ++tally.refused_by_case;
      if (as.error().field[0] == '\0') problem = which + "the case error names no field";
    } else if (whole.ok() || !(as.error() == whole.error())) {
      // Not the case error: it must be parse()'s own (met before the
      // classify, or inside the case's body).
      problem = which + "parse_as refused with " + as.error().describe() + ", parse() " +
                (whole.ok() ? std::string("accepted") : "refused with " + whole.error().describe());
    }
  };
  [&]<std::size_t... I>(std::index_sequence<I...>) { (one.template operator()<I>(), ...); }
  (std::make_index_sequence<N>{});
  return problem;
}

// The inputs the checks run on, from one message: the message, its
// truncations and one-byte changes to a few values (at every length and
// position in the first `dense` bytes, every `stride`-th after: a KEXINIT
// has a thousand bytes, and parse() alone has its own truncation tests); at `subject_at`
// (the classify subject's offset, or npos) every value 0..255, which sends
// the message through every case's match. `visit(bytes, description)`.
template <class Visit>
void for_each_variant(const std::vector<std::uint8_t>& message, std::size_t subject_at, Visit visit,
                      std::size_t dense = 48, std::size_t stride = 7) {
  visit(mpl::bytes{message.data(), message.size()}, std::string("the message"));
  for (std::size_t n = 0; n < message.size(); n += n < dense ? 1 : stride) {
    visit(mpl::bytes{message.data(), n}, "the first " + std::to_string(n) + " bytes");
  }
  std::vector<std::uint8_t> m = message;
  for (std::size_t at = 0; at < m.size(); at += at < dense ? 1 : stride) {
    const std::uint8_t original = m[at];
    std::vector<std::uint8_t> values = {0, 1, 0x7f, 0xff, static_cast<std::uint8_t>(original + 1),
                                        static_cast<std::uint8_t>(original - 1)};
    if (at == subject_at) {
      values.clear();
      for (int v = 0; v < 256; ++v) values.push_back(static_cast<std::uint8_t>(v));
    }
    for (std::uint8_t v : values) {
      m[at] = v;
      visit(mpl::bytes{m.data(), m.size()}, "byte " + std::to_string(at) + " = " + std::to_string(v));
    }
    m[at] = original;
  }
}

}  // namespace codec_test
