// The JSON writer of mpldump on layers built by hand: string escaping
// (control characters, quotes, bytes that are not UTF-8) and the nesting of
// packets, arrays and cases. The output is checked by its structure, not
// against a stored copy.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "layer.h"
#include "output.h"

namespace mpldump {
namespace {

TEST(JsonString, EscapesControlQuotesAndNonAscii) {
  EXPECT_EQ(json_string("plain"), "\"plain\"");
  EXPECT_EQ(json_string("q\"b\\s"), "\"q\\\"b\\\\s\"");
  EXPECT_EQ(json_string(std::string("\x01\x1f\n", 3)), "\"\\u0001\\u001f\\u000a\"");
  EXPECT_EQ(json_string(std::string("\0", 1)), "\"\\u0000\"");
  // Bytes 0x7f and above, UTF-8 or not, become \u00XX: the output is ASCII
  // and the bytes come back by reading each code point as one byte.
  EXPECT_EQ(json_string("\xff\xc3\xa9\x7f"), "\"\\u00ff\\u00c3\\u00a9\\u007f\"");
}

std::string json_of(const Layer& layer) {
  CaptureFrame frame{};
  frame.number = 7;
  frame.fraction_digits = 6;
  std::FILE* f = std::tmpfile();
  print_json(f, frame, {layer});
  std::rewind(f);
  std::string out;
  for (int c; (c = std::fgetc(f)) != EOF;) out += static_cast<char>(c);
  std::fclose(f);
  return out;
}

TEST(PrintJson, NestsPacketsArraysAndCases) {
  Layer layer;
  layer.protocol = "demo";
  FieldCollector v(layer);
  v.integer("id", 5, 16);
  v.variant("type", 1, "A", 16);
  v.begin_case("type", "A");
  v.begin_array("items");
  for (std::size_t i = 0; i < 2; ++i) {
    v.begin_element(i);
    v.begin_packet("inner", "inner_packet");
    const std::uint8_t b[] = {0x01, static_cast<std::uint8_t>(i)};
    v.bytes("data", mpl::bytes(b, 2));
    v.end_packet();
    v.end_element();
  }
  v.end_array();
  v.begin_array("none");
  v.end_array();
  v.end_case();
  const std::string json = json_of(layer);
  EXPECT_NE(json.find("\"fields\": {\"id\": 5, \"type\": {\"value\": 1, \"label\": \"A\"}, \"type_case\": \"A\", "
                      "\"items\": [{\"inner\": {\"data\": \"0100\"}}, {\"inner\": {\"data\": \"0101\"}}], "
                      "\"none\": []}"),
            std::string::npos)
      << json;
}

// intN fields (generated visit() calls signed_integer): printed with their sign.
TEST(PrintJson, SignedIntegersKeepTheirSign) {
  Layer layer;
  layer.protocol = "demo";
  FieldCollector v(layer);
  v.signed_integer("offset", -32768, 16);
  v.signed_integer("lowest", INT64_MIN, 64);
  v.signed_integer("up", 7, 8);
  EXPECT_EQ(layer.fields.at(0).number, static_cast<std::uint64_t>(-32768));
  const std::string json = json_of(layer);
  EXPECT_NE(json.find("\"fields\": {\"offset\": -32768, \"lowest\": -9223372036854775808, \"up\": 7}"),
            std::string::npos)
      << json;
}

// Variants of intN fields (generated visit() calls signed_variant).
TEST(PrintJson, SignedVariantsKeepTheirSign) {
  Layer layer;
  layer.protocol = "demo";
  FieldCollector v(layer);
  v.signed_variant("level", -1, "Low", 8);
  v.signed_variant("other", -7, nullptr, 8);
  EXPECT_EQ(layer.fields.at(0).number, static_cast<std::uint64_t>(-1));
  const std::string json = json_of(layer);
  EXPECT_NE(json.find("\"fields\": {\"level\": {\"value\": -1, \"label\": \"Low\"}, "
                      "\"other\": {\"value\": -7, \"label\": null}}"),
            std::string::npos)
      << json;
}

TEST(PrintText, VerboseTreeShowsElementsLabelsAndText) {
  Layer layer;
  layer.protocol = "demo";
  FieldCollector v(layer);
  v.variant("type", 1, "A", 16);
  v.begin_array("names");
  v.begin_element(0);
  const std::uint8_t text[] = {'h', 'i', '"'};
  v.bytes("name", mpl::bytes(text, 3));
  v.end_element();
  v.end_array();
  const std::uint8_t binary[] = {0x00, 0xff};
  v.bytes("raw", mpl::bytes(binary, 2));
  CaptureFrame frame{};
  std::FILE* f = std::tmpfile();
  print_text(f, frame, {layer}, true);
  std::rewind(f);
  std::string out;
  for (int c; (c = std::fgetc(f)) != EOF;) out += static_cast<char>(c);
  std::fclose(f);
  EXPECT_NE(out.find("\n    type: A(1)\n    names:\n      [0]\n        name: \"hi\\\"\"\n    raw: 00ff\n"),
            std::string::npos)
      << out;
}

}  // namespace
}  // namespace mpldump
