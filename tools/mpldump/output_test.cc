// The JSON writer of mpldump on layers built by hand: string escaping
// (control characters, quotes, bytes that are not UTF-8) and the nesting of
// packets, arrays and cases. The output is checked by its structure, not
// against a stored copy.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>
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

// The escaping rule, written out byte by byte, against the escaper's fast
// path (8 bytes at a time): every byte value alone, and each byte that needs
// escaping at every position of a longer string.
std::string escaped_by_rule(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c > 0x7e) {
      out += fmt::format("\\u{:04x}", c);
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

TEST(JsonString, EveryByteAtEveryPositionOfAWord) {
  for (int c = 0; c < 256; ++c) {
    const std::string one(1, static_cast<char>(c));
    EXPECT_EQ(json_string(one), escaped_by_rule(one)) << c;
  }
  for (const int special : {0x00, 0x1f, 0x20, int{'"'}, int{'\\'}, 0x7e, 0x7f, 0x80, 0xfe, 0xff}) {
    for (std::size_t at = 0; at < 20; ++at) {
      std::string s = "abcdefghijklmnopqrst";
      s[at] = static_cast<char>(special);
      EXPECT_EQ(json_string(s), escaped_by_rule(s)) << special << " at " << at;
    }
  }
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

std::string text_of(const Layer& layer) {
  OutputBuffer out;
  append_text(out, CaptureFrame{}, {layer}, true);
  return fmt::to_string(out);
}

// Collects one demo message into `layer`: a payload and a part of it, as
// IP and TCP payloads are parts of the Ethernet payload.
void collect_demo(Layer& layer, mpl::bytes frame) {
  FieldCollector v(layer);
  v.integer("id", 7, 16);
  v.begin_array("items");
  v.begin_element(0);
  v.variant("kind", 2, "Two", 8);
  v.end_element();
  v.end_array();
  v.bytes("payload", frame.subspan(2));
  v.bytes("inner", frame.subspan(4, 3));
  v.bytes("printable", frame.first(2));
}

// Byte values inside Layer::frame are pointed at instead of copied; a layer
// reset for another message keeps no trace of the one before. Either way the
// output is the same as for a fresh layer that copied everything.
TEST(Layer, FrameBytesAndReuseChangeNothingInTheOutput) {
  const std::uint8_t wire[] = {'o', 'k', 0x00, 0x01, 0xfe, 0xff, 0x10, 0x20, 0x30};
  const mpl::bytes frame(wire, sizeof wire);
  Layer copied;
  copied.protocol = "demo";
  collect_demo(copied, frame);
  EXPECT_FALSE(copied.fields.back().in_frame);

  Layer reused;
  reused.reset("other", frame);
  FieldCollector(reused).text("leftover", "from an earlier frame");
  reused.error = LayerError{"truncated", "x", 1, "earlier"};
  reused.reset("demo", frame);
  collect_demo(reused, frame);
  EXPECT_TRUE(reused.fields.back().in_frame);
  EXPECT_EQ(reused.arena.view().find(std::string_view(reinterpret_cast<const char*>(wire) + 2, 4)), std::string::npos)
      << "payload bytes were copied";

  EXPECT_EQ(json_of(reused), json_of(copied));
  EXPECT_EQ(text_of(reused), text_of(copied));
  EXPECT_NE(json_of(copied).find("\"payload\": \"0001feff102030\", \"inner\": \"feff10\", \"printable\": \"6f6b\""),
            std::string::npos)
      << json_of(copied);
  EXPECT_NE(text_of(copied).find("    payload: 0001feff102030\n    inner: feff10\n    printable: \"ok\"\n"),
            std::string::npos)
      << text_of(copied);
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
