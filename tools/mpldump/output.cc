#include "output.h"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "summary.h"

namespace mpldump {

namespace {

using Buffer = fmt::memory_buffer;

std::string time_text(const CaptureFrame& frame) {
  std::string fraction = std::to_string(frame.nanoseconds);
  fraction.insert(0, 9 - fraction.size(), '0');
  fraction.resize(frame.fraction_digits);
  std::string out = std::to_string(frame.seconds);
  if (!fraction.empty()) out += "." + fraction;
  return out;
}

void put(Buffer& out, std::string_view s) { out.append(s.data(), s.data() + s.size()); }

// JSON strings go through json_string() (layer.cc), the one escaper, unless
// nothing in them needs escaping (field names, most values): then they are
// copied as they are, which keeps --json as fast as it was (issue 19).
void put_string(Buffer& out, std::string_view s) {
  const bool plain = std::all_of(s.begin(), s.end(), [](char ch) {
    const auto c = static_cast<unsigned char>(ch);
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) return put(out, json_string(s));
  out.push_back('"');
  put(out, s);
  out.push_back('"');
}

void put_strings(Buffer& out, const std::vector<std::string>& items) {
  out.push_back('[');
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) fmt::format_to(std::back_inserter(out), ", ");
    put_string(out, items[i]);
  }
  out.push_back(']');
}

void put_check(Buffer& out, const LayerCheck& c) {
  auto it = std::back_inserter(out);
  fmt::format_to(it, "{{\"rebuild\": ");
  put_string(out, c.rebuild);
  if (!c.differing.empty()) {
    fmt::format_to(it, ", \"differing\": ");
    put_strings(out, c.differing);
  }
  if (!c.note.empty()) {
    fmt::format_to(it, ", \"note\": ");
    put_string(out, c.note);
  }
  fmt::format_to(it, ", \"size\": {}, \"truncations\": {}, \"truncations_rejected\": {}, \"truncations_parsed\": {}",
                 c.size, c.truncations, c.truncations_rejected, c.truncations_parsed);
  if (c.truncations_skipped != 0) fmt::format_to(it, ", \"truncations_skipped\": {}", c.truncations_skipped);
  if (!c.truncation_problems.empty()) {
    fmt::format_to(it, ", \"truncation_problems\": ");
    put_strings(out, c.truncation_problems);
  }
  out.push_back('}');
}

// The fields of a layer as nested JSON: embedded packets and array
// elements are objects, arrays are arrays (docs/mpldump.md).
void put_fields(Buffer& out, const std::vector<Field>& fields) {
  out.push_back('{');
  std::vector<bool> first{true};  // per open container: nothing written in it yet
  std::vector<char> closers;
  for (const Field& f : fields) {
    if (f.kind == Field::Kind::kEnd) {
      if (closers.empty()) continue;
      out.push_back(closers.back());
      closers.pop_back();
      first.pop_back();
      continue;
    }
    if (!first.back()) put(out, ", ");
    first.back() = false;
    if (f.kind != Field::Kind::kElement) {  // array elements have no key
      put_string(out, f.name());
      put(out, ": ");
    }
    switch (f.kind) {
      case Field::Kind::kValue:
      case Field::Kind::kCase:
        put(out, f.json);
        break;
      case Field::Kind::kPacket:
      case Field::Kind::kElement:
        out.push_back('{');
        closers.push_back('}');
        first.push_back(true);
        break;
      case Field::Kind::kArray:
        out.push_back('[');
        closers.push_back(']');
        first.push_back(true);
        break;
      case Field::Kind::kEnd:
        break;
    }
  }
  while (!closers.empty()) {  // a visit cut short cannot leave the JSON open
    out.push_back(closers.back());
    closers.pop_back();
  }
  out.push_back('}');
}

std::string check_text(const LayerCheck& c) {
  return fmt::format(" [rebuild {}, truncations {}/{} clean{}]", c.rebuild, c.truncations_rejected + c.truncations_parsed,
                     c.truncations, c.truncations_skipped != 0 ? fmt::format(", {} skipped", c.truncations_skipped) : "");
}

// -v: every field of the layer, one per line, indented by nesting.
void put_tree(Buffer& out, const Layer& layer) {
  auto it = std::back_inserter(out);
  std::size_t depth = 0;
  for (const Field& f : layer.fields) {
    if (f.kind == Field::Kind::kEnd) {
      if (depth > 0) --depth;
      continue;
    }
    const std::size_t indent = 4 + 2 * depth;
    switch (f.kind) {
      case Field::Kind::kValue:
        fmt::format_to(it, "{:{}}{}: {}\n", "", indent, f.name(), f.shown());
        break;
      case Field::Kind::kCase:
        fmt::format_to(it, "{:{}}{}: {}\n", "", indent, f.name(), f.shown());
        break;
      case Field::Kind::kPacket:
      case Field::Kind::kArray:
        fmt::format_to(it, "{:{}}{}:\n", "", indent, f.name());
        ++depth;
        break;
      case Field::Kind::kElement:
        fmt::format_to(it, "{:{}}[{}]\n", "", indent, f.name());
        ++depth;
        break;
      case Field::Kind::kEnd:
        break;
    }
  }
}

}  // namespace

void print_json(std::FILE* out, const CaptureFrame& frame, const std::vector<Layer>& layers) {
  Buffer line;
  auto it = std::back_inserter(line);
  fmt::format_to(it, "{{\"frame\": {}, \"time\": \"{}\", \"captured_length\": {}, \"original_length\": {}, \"layers\": [",
                 frame.number, time_text(frame), frame.data.size(), frame.original_length);
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Layer& layer = layers[i];
    if (i != 0) fmt::format_to(it, ", ");
    fmt::format_to(it, "{{\"protocol\": ");
    put_string(line, layer.protocol);
    fmt::format_to(it, ", \"fields\": ");
    put_fields(line, layer.fields);
    if (layer.error) {
      fmt::format_to(it, ", \"error\": {{\"kind\": ");
      put_string(line, layer.error->kind);
      fmt::format_to(it, ", \"field\": ");
      put_string(line, layer.error->field);
      fmt::format_to(it, ", \"offset\": {}, \"message\": ", layer.error->offset);
      put_string(line, layer.error->message);
      line.push_back('}');
    }
    if (layer.check) {
      fmt::format_to(it, ", \"check\": ");
      put_check(line, *layer.check);
    }
    line.push_back('}');
  }
  fmt::format_to(it, "]}}\n");
  std::fwrite(line.data(), 1, line.size(), out);
}

void print_text(std::FILE* out, const CaptureFrame& frame, const std::vector<Layer>& layers, bool verbose) {
  Buffer text;
  auto it = std::back_inserter(text);
  if (!verbose) {
    fmt::format_to(it, "{} {}", time_text(frame), summary_line(layers));
    for (const Layer& layer : layers) {
      if (layer.check) fmt::format_to(it, " [{}: {}", layer.protocol, check_text(*layer.check).substr(2));
    }
    text.push_back('\n');
  } else {
    fmt::format_to(it, "frame {} at {}, {} bytes: {}\n", frame.number, time_text(frame), frame.data.size(),
                   summary_line(layers));
    for (const Layer& layer : layers) {
      fmt::format_to(it, "  {}:", layer.protocol);
      if (layer.error) fmt::format_to(it, " ERROR {}", layer.error->message);
      if (layer.check) fmt::format_to(it, "{}", check_text(*layer.check));
      text.push_back('\n');
      put_tree(text, layer);
    }
  }
  std::fwrite(text.data(), 1, text.size(), out);
}

}  // namespace mpldump
