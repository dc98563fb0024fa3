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
    text += "\n";
  }
  std::fputs(text.c_str(), out);
}

}  // namespace mpldump
