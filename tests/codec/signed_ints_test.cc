// Signed integers int8..int64 in generated code (issue 14,
// tests/codec/signed_ints.mpl): every boundary value round-trips through
// builder and parser, big- and little-endian; negative min/max/const/
// default/variant values; classify on negative matches and guards over
// signed fields; setters; and a negative size or count on the wire is a
// bad_length naming the item, not a huge read.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "signed_ints.h"

namespace {

namespace temps = signed_ints::temps;
namespace sized = signed_ints::sized;
namespace trend = signed_ints::trend;
using Bytes = std::vector<std::uint8_t>;

template <class T>
using lim = std::numeric_limits<T>;

Bytes write(const temps::builder& b) {
  Bytes out(b.size(), 0);
  auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});
  EXPECT_TRUE(w.ok()) << w.error().describe();
  return out;
}

temps::builder sample() {
  temps::builder b;
  b.delta = 0;
  b.body = temps::Steady{};
  return b;
}

TEST(SignedInts, EveryBoundaryValueRoundTrips) {
  struct Values {
    std::int8_t i8;
    std::int16_t i16;
    std::int32_t i32;
    std::int64_t i64;
  };
  const Values cases[] = {
      {lim<std::int8_t>::min(), lim<std::int16_t>::min(), lim<std::int32_t>::min(), lim<std::int64_t>::min()},
      {lim<std::int8_t>::max(), lim<std::int16_t>::max(), lim<std::int32_t>::max(), lim<std::int64_t>::max()},
      {-1, -1, -1, -1},
      {0, 0, 0, 0},
      {1, 1, 1, 1},
  };
  for (const Values& c : cases) {
    SCOPED_TRACE(testing::Message() << "i64 " << c.i64);
    temps::builder b = sample();
    b.i8 = c.i8;
    b.i16 = c.i16;
    b.i32 = c.i32;
    b.i64 = c.i64;
    b.le16 = c.i16;
    const Bytes out = write(b);
    auto v = temps::parse(mpl::bytes{out.data(), out.size()});
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->i8(), c.i8);
    EXPECT_EQ(v->i16(), c.i16);
    EXPECT_EQ(v->i32(), c.i32);
    EXPECT_EQ(v->i64(), c.i64);
    EXPECT_EQ(v->le16(), c.i16);
    // Two's complement, big-endian on the wire (and little for le16).
    const auto u16 = static_cast<std::uint16_t>(c.i16);
    EXPECT_EQ(out[0], static_cast<std::uint8_t>(c.i8));
    EXPECT_EQ(out[1], u16 >> 8);
    EXPECT_EQ(out[2], u16 & 0xff);
    EXPECT_EQ(out[15], u16 & 0xff);
    EXPECT_EQ(out[16], u16 >> 8);
    EXPECT_EQ(out[7], static_cast<std::uint64_t>(c.i64) >> 56);
    // Rebuilding from the view gives the same bytes.
    EXPECT_EQ(write(temps::builder::from(*v)), out);
  }
}

TEST(SignedInts, NegativeConstDefaultAndVariant) {
  const Bytes out = write(sample());
  auto v = temps::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->fixed(), -2);
  EXPECT_EQ(out[18], 0xff);
  EXPECT_EQ(out[19], 0xfe);
  EXPECT_EQ(v->offset(), -5);
  EXPECT_EQ(v->level(), temps::level_t::Zero);

  temps::builder b = sample();
  b.level = temps::level_t::Low;
  const Bytes low = write(b);
  auto lv = temps::parse(mpl::bytes{low.data(), low.size()});
  ASSERT_TRUE(lv.ok());
  EXPECT_EQ(lv->level(), temps::level_t::Low);
  EXPECT_EQ(static_cast<std::int8_t>(lv->level()), -1);
  EXPECT_EQ(low[24], 0xff);

  // A const mismatch on the wire is refused.
  Bytes bad = out;
  bad[19] = 0xfd;
  auto r = temps::parse(mpl::bytes{bad.data(), bad.size()});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, mpl::error_kind::const_mismatch);
  // The constant and the value found are shown with their signs.
  EXPECT_TRUE(r.error().signed_values);
  EXPECT_NE(r.error().describe().find("expected -2, found -3"), std::string::npos) << r.error().describe();
}

TEST(SignedInts, NegativeMinAndMaxAreEnforcedBothWays) {
  for (int value : {-100, -1, 0, 100}) {
    temps::builder b = sample();
    b.bounded = static_cast<std::int8_t>(value);
    const Bytes out = write(b);
    auto v = temps::parse(mpl::bytes{out.data(), out.size()});
    ASSERT_TRUE(v.ok()) << value << ": " << v.error().describe();
    EXPECT_EQ(v->bounded(), value);
  }
  for (int value : {-128, -101, 101, 127}) {
    SCOPED_TRACE(value);
    temps::builder b = sample();
    b.bounded = static_cast<std::int8_t>(value);
    Bytes out(b.size(), 0);
    auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(w.error().kind, mpl::error_kind::out_of_range);
    const std::string range = "value " + std::to_string(value) + " out of range [-100, 100]";
    EXPECT_NE(w.error().describe().find(range), std::string::npos) << w.error().describe();
    // The same value on the wire: the parser refuses it too.
    Bytes wire = write(sample());
    wire[17] = static_cast<std::uint8_t>(value);
    auto r = temps::parse(mpl::bytes{wire.data(), wire.size()});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, mpl::error_kind::out_of_range);
    EXPECT_STREQ(r.error().field, "temps.bounded");
    EXPECT_NE(r.error().describe().find(range), std::string::npos) << r.error().describe();
  }
}

TEST(SignedInts, ClassifyOnNegativeMatchesAndSignedGuards) {
  // Falling: delta in -32768..-1 and (delta > -1000 or i8 < 0).
  {
    temps::builder b = sample();
    b.delta = -1;
    b.body = temps::Falling{.drop = lim<std::int32_t>::min()};
    const Bytes out = write(b);
    auto v = temps::parse(mpl::bytes{out.data(), out.size()});
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->delta_case(), temps::delta_case_t::Falling);
    ASSERT_TRUE(v->as_Falling());
    EXPECT_EQ(v->as_Falling()->drop(), lim<std::int32_t>::min());
  }
  {
    temps::builder b = sample();
    b.delta = lim<std::int16_t>::min();
    b.i8 = -1;  // the guard holds through i8 < 0
    b.body = temps::Falling{.drop = 7};
    const Bytes out = write(b);
    auto v = temps::parse(mpl::bytes{out.data(), out.size()});
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->delta_case(), temps::delta_case_t::Falling);
  }
  {
    // Neither half of the guard: the builder refuses, and on the wire no case matches.
    temps::builder b = sample();
    b.delta = -1000;
    b.i8 = 0;
    b.body = temps::Falling{.drop = 7};
    Bytes out(b.size(), 0);
    auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(w.error().kind, mpl::error_kind::guard_failed);
  }
  {
    temps::builder b = sample();
    b.delta = lim<std::int16_t>::max();
    b.body = temps::Rising{.rise = lim<std::int64_t>::min()};
    const Bytes out = write(b);
    auto v = temps::parse(mpl::bytes{out.data(), out.size()});
    ASSERT_TRUE(v.ok()) << v.error().describe();
    EXPECT_EQ(v->delta_case(), temps::delta_case_t::Rising);
    EXPECT_EQ(v->as_Rising()->rise(), lim<std::int64_t>::min());
  }
  {
    // A Rising builder with a negative subject would parse as Falling: refused.
    temps::builder b = sample();
    b.delta = -5;
    b.body = temps::Rising{.rise = 1};
    Bytes out(b.size(), 0);
    EXPECT_FALSE(b.write(mpl::mutable_bytes{out.data(), out.size()}).ok());
  }
}

// parse_as on a signed subject: the case errors show the values with
// their signs, a range case's as out_of_range.
TEST(SignedInts, ParseAsCaseErrorsOnASignedSubjectKeepTheSign) {
  temps::builder b = sample();
  b.delta = -5;
  b.body = temps::Falling{.drop = 7};
  const Bytes out = write(b);
  const mpl::bytes wire{out.data(), out.size()};
  ASSERT_TRUE(temps::parse_as<temps::delta_case_t::Falling>(wire).ok());
  auto rising = temps::parse_as<temps::delta_case_t::Rising>(wire);
  ASSERT_FALSE(rising.ok());
  EXPECT_EQ(rising.error().kind, mpl::error_kind::out_of_range);
  EXPECT_NE(rising.error().describe().find("value -5 out of range [1, 32767] (parsing as case Rising)"),
            std::string::npos)
      << rising.error().describe();
  auto steady = temps::parse_as<temps::delta_case_t::Steady>(wire);
  ASSERT_FALSE(steady.ok());
  EXPECT_EQ(steady.error().kind, mpl::error_kind::const_mismatch);
  EXPECT_NE(steady.error().describe().find("expected 0, found -5"), std::string::npos) << steady.error().describe();
}

TEST(SignedInts, SettersTakeSignedValues) {
  Bytes out = write(sample());
  auto v = temps::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok());
  temps::mutable_view m(*v, out.data());
  m.set_i16(-300);
  m.set_le16(lim<std::int16_t>::min());
  m.set_i64(lim<std::int64_t>::min());
  auto again = temps::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->i16(), -300);
  EXPECT_EQ(again->le16(), lim<std::int16_t>::min());
  EXPECT_EQ(again->i64(), lim<std::int64_t>::min());
}

TEST(SignedInts, SignedCountRoundTripsAndNegativeCountIsABadLength) {
  temps::builder b = sample();
  std::vector<temps::samples_element_builder> samples = {{.s = -1}, {.s = lim<std::int16_t>::min()}, {.s = 9}};
  b.samples = samples;
  const Bytes out = write(b);
  auto v = temps::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->count(), 3);
  std::vector<std::int16_t> got;
  for (const auto& e : v->samples()) got.push_back(e.s());
  EXPECT_EQ(got, (std::vector<std::int16_t>{-1, lim<std::int16_t>::min(), 9}));

  // Hostile: the count byte says -1 (0xff) or -128, with a large buffer
  // behind it that a count of 255 would read from.
  for (std::uint8_t count : {std::uint8_t{0xff}, std::uint8_t{0x80}}) {
    Bytes wire = out;
    wire.resize(4096, 0);
    wire[27] = count;
    auto r = temps::parse(mpl::bytes{wire.data(), wire.size()});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().kind, mpl::error_kind::bad_length);
    EXPECT_STREQ(r.error().field, "temps.samples");
    EXPECT_EQ(static_cast<std::int64_t>(r.error().found), static_cast<std::int8_t>(count));
    EXPECT_NE(r.error().describe().find("bad length -"), std::string::npos) << r.error().describe();
  }
}

TEST(SignedInts, NegativeByteLengthIsABadLengthNamingTheField) {
  const Bytes data = {1, 2, 3};
  sized::builder b;
  b.data = mpl::bytes{data.data(), data.size()};
  Bytes out(b.size(), 0);
  auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});
  ASSERT_TRUE(w.ok()) << w.error().describe();
  auto v = sized::parse(mpl::bytes{out.data(), out.size()});
  ASSERT_TRUE(v.ok()) << v.error().describe();
  EXPECT_EQ(v->len(), 5);
  EXPECT_EQ(v->computed(), -97);  // value(sizeof(data) - 100), negative

  // len 1, 0, -1 and -128 give the sizes -1, -2, -3 and -130.
  for (std::uint8_t len : {std::uint8_t{1}, std::uint8_t{0}, std::uint8_t{0xff}, std::uint8_t{0x80}}) {
    Bytes wire(1024, 0);
    wire[0] = len;
    auto r = sized::parse(mpl::bytes{wire.data(), wire.size()});
    ASSERT_FALSE(r.ok()) << int{len};
    EXPECT_EQ(r.error().kind, mpl::error_kind::bad_length);
    EXPECT_STREQ(r.error().field, "sized.data");
    EXPECT_EQ(static_cast<std::int64_t>(r.error().found), static_cast<std::int8_t>(len) - 2);
  }
}

TEST(SignedInts, ComputedSignedValueOutsideItsBoundsIsRefusedByTheBuilder) {
  // computed = sizeof(data) - 100 must lie in -100..27: 128 bytes give 28.
  const Bytes data(128, 0);
  sized::builder b;
  b.data = mpl::bytes{data.data(), 126};  // len = 128 does not fit int8 either
  Bytes out(b.size(), 0);
  auto w = b.write(mpl::mutable_bytes{out.data(), out.size()});
  ASSERT_FALSE(w.ok());
  EXPECT_EQ(w.error().kind, mpl::error_kind::out_of_range);
  EXPECT_STREQ(w.error().field, "sized.len");
  EXPECT_NE(w.error().describe().find("value 128 out of range [-128, 127]"), std::string::npos)
      << w.error().describe();
  b.data = mpl::bytes{data.data(), 125};  // len 127 fits; computed = 25
  out.assign(b.size(), 0);
  ASSERT_TRUE(b.write(mpl::mutable_bytes{out.data(), out.size()}).ok());
}

// visit() of a signed variant: ranges over negative values compare as
// int64, signed_variant() gets the value with its sign, and a visitor
// without that hook gets its 64-bit two's complement through variant().
template <class Int>
struct VariantRecorder {
  Int value = 0;
  std::string label;
  void record(Int v, const char* l) {
    value = v;
    label = l != nullptr ? l : "(none)";
  }
};

struct SignedVariantVisitor : VariantRecorder<std::int64_t> {
  void signed_variant(const char*, std::int64_t v, const char* l, unsigned) { record(v, l); }
  void variant(const char*, std::uint64_t, const char*, unsigned) { ADD_FAILURE() << "variant() for an int8"; }
};

struct PlainVariantVisitor : VariantRecorder<std::uint64_t> {
  void variant(const char*, std::uint64_t v, const char* l, unsigned) { record(v, l); }
};

TEST(SignedInts, VisitReportsSignedVariantsAndTheirRanges) {
  const struct {
    std::int8_t value;
    const char* label;
  } expected[] = {{-128, "Lowest"}, {-127, "(none)"}, {-101, "(none)"}, {-100, "Falling"}, {-2, "Falling"},
                  {-1, "Flat"},     {0, "Flat"},      {1, "Flat"},      {2, "Rising"},     {100, "Rising"},
                  {101, "(none)"},  {127, "(none)"}};
  for (const auto& e : expected) {
    SCOPED_TRACE(int{e.value});
    const std::uint8_t wire[] = {static_cast<std::uint8_t>(e.value)};
    auto v = trend::parse(mpl::bytes{wire, 1});
    ASSERT_TRUE(v.ok()) << v.error().describe();
    SignedVariantVisitor with_sign;
    trend::visit(*v, with_sign);
    EXPECT_EQ(with_sign.value, e.value);
    EXPECT_EQ(with_sign.label, e.label);
    PlainVariantVisitor plain;
    trend::visit(*v, plain);
    EXPECT_EQ(plain.value, static_cast<std::uint64_t>(std::int64_t{e.value}));
    EXPECT_EQ(plain.label, e.label);
  }
}

}  // namespace
