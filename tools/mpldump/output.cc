#include "output.h"

#include <cstring>
#include <string>

#include "summary.h"

namespace mpldump {

namespace {

void append_time(OutputBuffer& out, const CaptureFrame& frame) {
  append_unsigned(out, frame.seconds);
  if (frame.fraction_digits == 0) return;
  // The nanoseconds as nine digits, cut to the file's resolution.
  char fraction[9];
  std::uint32_t n = frame.nanoseconds;
  for (int i = 8; i >= 0; --i) {
    fraction[i] = static_cast<char>('0' + n % 10);
    n /= 10;
  }
  out.push_back('.');
  append(out, std::string_view(fraction, std::min<std::size_t>(frame.fraction_digits, 9)));
}

void append_strings(OutputBuffer& out, const std::vector<std::string>& items) {
  out.push_back('[');
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) append(out, ", ");
    append_json_string(out, items[i]);
  }
  out.push_back(']');
}

void append_check(OutputBuffer& out, const LayerCheck& c) {
  auto it = std::back_inserter(out);
  append(out, "{\"rebuild\": ");
  append_json_string(out, c.rebuild);
  if (!c.differing.empty()) {
    append(out, ", \"differing\": ");
    append_strings(out, c.differing);
  }
  if (!c.note.empty()) {
    append(out, ", \"note\": ");
    append_json_string(out, c.note);
  }
  fmt::format_to(it, ", \"size\": {}, \"truncations\": {}, \"truncations_rejected\": {}, \"truncations_parsed\": {}",
                 c.size, c.truncations, c.truncations_rejected, c.truncations_parsed);
  if (c.truncations_skipped != 0) fmt::format_to(it, ", \"truncations_skipped\": {}", c.truncations_skipped);
  if (!c.truncation_problems.empty()) {
    append(out, ", \"truncation_problems\": ");
    append_strings(out, c.truncation_problems);
  }
  out.push_back('}');
}

// The fields of a layer as nested JSON: embedded packets and array
// elements are objects, arrays are arrays (docs/mpldump.md).
void append_fields(OutputBuffer& out, const Layer& layer, HexCache& cache) {
  out.push_back('{');
  std::string closers;  // per open container, the character that closes it
  bool first = true;    // nothing written yet in the innermost open container
  for (const Field& f : layer.fields) {
    if (f.kind == Field::Kind::kEnd) {
      if (closers.empty()) continue;
      out.push_back(closers.back());
      closers.pop_back();
      first = false;  // the container just closed was written in its parent
      continue;
    }
    if (f.kind != Field::Kind::kElement) {  // array elements have no key
      append_key(out, first, layer.name(f));
    } else if (!first) {
      append(out, ", ");
    }
    first = false;
    switch (f.kind) {
      case Field::Kind::kValue:
      case Field::Kind::kCase:
        append_json_value(out, layer, f, &cache);
        break;
      case Field::Kind::kPacket:
      case Field::Kind::kElement:
        out.push_back('{');
        closers.push_back('}');
        first = true;
        break;
      case Field::Kind::kArray:
        out.push_back('[');
        closers.push_back(']');
        first = true;
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

// " [rebuild R, truncations N/M clean(, K skipped)]"
void append_check_text(OutputBuffer& out, const LayerCheck& c, bool leading_bracket) {
  if (leading_bracket) append(out, " [");
  fmt::format_to(std::back_inserter(out), "rebuild {}, truncations {}/{} clean", c.rebuild,
                 c.truncations_rejected + c.truncations_parsed, c.truncations);
  if (c.truncations_skipped != 0) fmt::format_to(std::back_inserter(out), ", {} skipped", c.truncations_skipped);
  out.push_back(']');
}

// `indent` spaces, then `before`, `name` and `after`, sized once.
void append_line_head(OutputBuffer& out, std::size_t indent, std::string_view before, std::string_view name,
                      std::string_view after) {
  const std::size_t at = out.size();
  out.resize(at + indent + before.size() + name.size() + after.size());
  char* to = out.data() + at;
  std::memset(to, ' ', indent);
  to += indent;
  std::memcpy(to, before.data(), before.size());
  to += before.size();
  std::memcpy(to, name.data(), name.size());
  std::memcpy(to + name.size(), after.data(), after.size());
}

// -v: every field of the layer, one per line, indented by nesting.
void append_tree(OutputBuffer& out, const Layer& layer, HexCache& cache) {
  std::size_t depth = 0;
  for (const Field& f : layer.fields) {
    if (f.kind == Field::Kind::kEnd) {
      if (depth > 0) --depth;
      continue;
    }
    const std::size_t indent = 4 + 2 * depth;
    switch (f.kind) {
      case Field::Kind::kValue:
      case Field::Kind::kCase:
        append_line_head(out, indent, "", layer.name(f), ": ");
        append_shown(out, layer, f, &cache);
        out.push_back('\n');
        break;
      case Field::Kind::kPacket:
      case Field::Kind::kArray:
        append_line_head(out, indent, "", layer.name(f), ":\n");
        ++depth;
        break;
      case Field::Kind::kElement:
        append_line_head(out, indent, "[", layer.name(f), "]\n");
        ++depth;
        break;
      case Field::Kind::kEnd:
        break;
    }
  }
}

void write(std::FILE* out, const OutputBuffer& text) { std::fwrite(text.data(), 1, text.size(), out); }

}  // namespace

void append_json(OutputBuffer& out, const CaptureFrame& frame, const std::vector<Layer>& layers) {
  append(out, "{\"frame\": ");
  append_unsigned(out, frame.number);
  append(out, ", \"time\": \"");
  append_time(out, frame);
  append(out, "\", \"captured_length\": ");
  append_unsigned(out, frame.data.size());
  append(out, ", \"original_length\": ");
  append_unsigned(out, frame.original_length);
  append(out, ", \"layers\": [");
  HexCache cache;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Layer& layer = layers[i];
    if (i != 0) append(out, ", ");
    append(out, "{\"protocol\": ");
    append_json_string(out, layer.protocol);
    append(out, ", \"fields\": ");
    append_fields(out, layer, cache);
    if (layer.error) {
      append(out, ", \"error\": {\"kind\": ");
      append_json_string(out, layer.error->kind);
      append(out, ", \"field\": ");
      append_json_string(out, layer.error->field);
      append(out, ", \"offset\": ");
      append_unsigned(out, layer.error->offset);
      append(out, ", \"message\": ");
      append_json_string(out, layer.error->message);
      out.push_back('}');
    }
    if (layer.check) {
      append(out, ", \"check\": ");
      append_check(out, *layer.check);
    }
    out.push_back('}');
  }
  append(out, "]}\n");
}

void append_text(OutputBuffer& out, const CaptureFrame& frame, const std::vector<Layer>& layers, bool verbose) {
  if (!verbose) {
    append_time(out, frame);
    out.push_back(' ');
    append_summary_line(out, layers);
    for (const Layer& layer : layers) {
      if (!layer.check) continue;
      append(out, " [");
      append(out, layer.protocol);
      append(out, ": ");
      append_check_text(out, *layer.check, false);
    }
    out.push_back('\n');
    return;
  }
  append(out, "frame ");
  append_unsigned(out, frame.number);
  append(out, " at ");
  append_time(out, frame);
  append(out, ", ");
  append_unsigned(out, frame.data.size());
  append(out, " bytes: ");
  append_summary_line(out, layers);
  out.push_back('\n');
  HexCache cache;
  for (const Layer& layer : layers) {
    append(out, "  ");
    append(out, layer.protocol);
    out.push_back(':');
    if (layer.error) {
      append(out, " ERROR ");
      append(out, layer.error->message);
    }
    if (layer.check) append_check_text(out, *layer.check, true);
    out.push_back('\n');
    append_tree(out, layer, cache);
  }
}

void print_json(std::FILE* out, const CaptureFrame& frame, const std::vector<Layer>& layers) {
  OutputBuffer text;
  append_json(text, frame, layers);
  write(out, text);
}

void print_text(std::FILE* out, const CaptureFrame& frame, const std::vector<Layer>& layers, bool verbose) {
  OutputBuffer text;
  append_text(text, frame, layers, verbose);
  write(out, text);
}

}  // namespace mpldump
