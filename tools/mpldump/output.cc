#include "output.h"

#include <string>

namespace mpldump {

namespace {

std::string time_text(const CaptureFrame& frame) {
  std::string fraction = std::to_string(frame.nanoseconds);
  fraction.insert(0, 9 - fraction.size(), '0');
  fraction.resize(frame.fraction_digits);
  std::string out = std::to_string(frame.seconds);
  if (!fraction.empty()) out += "." + fraction;
  return out;
}

std::string json_strings(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i == 0 ? "" : ", ") + json_string(items[i]);
  return out + "]";
}

std::string check_json(const LayerCheck& c) {
  std::string out = "{\"rebuild\": " + json_string(c.rebuild);
  if (!c.differing.empty()) out += ", \"differing\": " + json_strings(c.differing);
  if (!c.note.empty()) out += ", \"note\": " + json_string(c.note);
  out += ", \"size\": " + std::to_string(c.size) + ", \"truncations\": " + std::to_string(c.truncations) +
         ", \"truncations_rejected\": " + std::to_string(c.truncations_rejected) +
         ", \"truncations_parsed\": " + std::to_string(c.truncations_parsed);
  if (c.truncations_skipped != 0) out += ", \"truncations_skipped\": " + std::to_string(c.truncations_skipped);
  if (!c.truncation_problems.empty()) out += ", \"truncation_problems\": " + json_strings(c.truncation_problems);
  return out + "}";
}

std::string check_text(const LayerCheck& c) {
  return " [rebuild " + c.rebuild + ", truncations " +
         std::to_string(c.truncations_rejected + c.truncations_parsed) + "/" + std::to_string(c.truncations) +
         " clean" + (c.truncations_skipped != 0 ? ", " + std::to_string(c.truncations_skipped) + " skipped" : "") +
         "]";
}

}  // namespace

void print_json(std::FILE* out, const CaptureFrame& frame, const std::vector<Layer>& layers) {
  std::string line = "{\"frame\": " + std::to_string(frame.number) + ", \"time\": \"" + time_text(frame) +
                     "\", \"captured_length\": " + std::to_string(frame.data.size()) +
                     ", \"original_length\": " + std::to_string(frame.original_length) + ", \"layers\": [";
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Layer& layer = layers[i];
    if (i != 0) line += ", ";
    line += "{\"protocol\": " + json_string(layer.protocol) + ", \"fields\": {";
    for (std::size_t f = 0; f < layer.fields.size(); ++f) {
      if (f != 0) line += ", ";
      line += json_string(layer.fields[f].path) + ": " + layer.fields[f].json;
    }
    line += "}";
    if (layer.error) {
      line += ", \"error\": {\"kind\": " + json_string(layer.error->kind) +
              ", \"field\": " + json_string(layer.error->field) +
              ", \"offset\": " + std::to_string(layer.error->offset) +
              ", \"message\": " + json_string(layer.error->message) + "}";
    }
    if (layer.check) line += ", \"check\": " + check_json(*layer.check);
    line += "}";
  }
  line += "]}\n";
  std::fputs(line.c_str(), out);
}

void print_text(std::FILE* out, const CaptureFrame& frame, const std::vector<Layer>& layers) {
  std::string text = "frame " + std::to_string(frame.number) + " at " + time_text(frame) + ", " +
                     std::to_string(frame.data.size()) + " bytes\n";
  for (const Layer& layer : layers) {
    text += "  " + layer.protocol + ":";
    for (const Field& field : layer.fields) {
      if (field.top_level) text += " " + field.path + "=" + field.text;
    }
    if (layer.error) text += " ERROR " + layer.error->message;
    if (layer.check) text += check_text(*layer.check);
    text += "\n";
  }
  std::fputs(text.c_str(), out);
}

}  // namespace mpldump
