// What mpldump knows about one decoded layer: its protocol, every field as
// a dotted path with its value already rendered (JSON and text), and the
// error that stopped it, if any. Filled by FieldCollector from a generated
// P::visit(), so no protocol needs hand-written field code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <mpl/bytes.h>
#include <mpl/error.h>

namespace mpldump {

struct Field {
  std::string path;  // "options.0.option.kind"
  std::string json;  // the JSON value
  std::string text;  // the value for the one-line summary
  bool top_level = false;
};

struct LayerError {
  std::string kind;
  std::string field;
  std::size_t offset = 0;
  std::string message;
};

// What mpldump --check found for one decoded message (check.h).
struct LayerCheck {
  std::string rebuild;                 // identical, equivalent, differs, unbuildable
  std::vector<std::string> differing;  // "differs": field paths whose values changed
  std::string note;                    // why it is unbuildable or does not parse back
  std::size_t size = 0;                // bytes of the message
  std::size_t truncations = 0;         // prefixes tried: every length 0..size-1, or a selection (check.h)
  std::size_t truncations_skipped = 0;   // lengths below size not tried (a large message)
  std::size_t truncations_rejected = 0;  // ... that gave an error within their bytes
  std::size_t truncations_parsed = 0;    // ... that parsed as a shorter valid message
  std::vector<std::string> truncation_problems;  // the others, with the error
  std::uint64_t touched = 0;           // keeps the visits of parsed prefixes observable
};

struct Layer {
  std::string protocol;
  std::vector<Field> fields;
  std::optional<LayerError> error;
  std::optional<LayerCheck> check;
};

LayerError layer_error(const mpl::error& e);
// A layer that could not be parsed at all.
Layer failed_layer(std::string protocol, const mpl::error& e);

// Paths whose JSON values differ between two decodings of one message
// (a path present on one side only counts as differing).
std::vector<std::string> differing_fields(const std::vector<Field>& before, const std::vector<Field>& after);

std::string hex(mpl::bytes b);
std::string json_string(std::string_view s);

// How a field is shown when its spec type is only bytes or an integer but
// it holds an address; decided by protocol and field name (docs/mpldump.md).
enum class AddressKind { kNone, kIpv4, kMac, kIpAny };
AddressKind address_kind(std::string_view protocol, std::string_view field_name);

// The visitor P::visit() drives (docs/generated-api.md, "Visiting").
class FieldCollector {
 public:
  explicit FieldCollector(Layer& layer) : layer_(layer) {}

  void integer(const char* name, std::uint64_t value, unsigned bits);
  void variant(const char* name, std::uint64_t value, const char* label, unsigned bits);
  void bytes(const char* name, mpl::bytes value);
  template <class T>
  void custom(const char* name, const T& value) {
    if constexpr (requires { value.to_string(); }) {
      text_field(name, value.to_string());
    } else if constexpr (requires { value.twos_complement(); }) {
      bytes(name, value.twos_complement());
    } else if constexpr (requires { value.begin(); std::string_view(*value.begin()); }) {
      std::string joined;
      for (std::string_view part : value) {
        if (!joined.empty()) joined += ',';
        joined += part;
      }
      text_field(name, joined);
    } else {
      text_field(name, "?");
    }
  }
  void begin_packet(const char* name, const char* packet) {
    (void)packet;
    push(name);
  }
  void end_packet() { pop(); }
  void begin_array(const char* name) { push(name); }
  void begin_element(std::size_t index) { push(std::to_string(index)); }
  void end_element() { pop(); }
  void end_array() { pop(); }
  void begin_case(const char* subject, const char* label);
  void end_case() {}

 private:
  void push(std::string_view part);
  void pop();
  std::string path(const char* name) const;
  void add(const char* name, std::string json, std::string text);
  void text_field(const char* name, std::string_view text);

  Layer& layer_;
  std::vector<std::size_t> marks_;
  std::string prefix_;  // "a.0." while inside a and element 0
};

}  // namespace mpldump
