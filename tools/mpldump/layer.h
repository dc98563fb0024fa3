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

// A layer's fields in wire order, as the visitor reports them: values, and
// the begin/end marks of embedded packets, arrays and their elements, so
// the printers can rebuild the tree (JSON nesting, the -v indentation).
struct Field {
  enum class Kind : std::uint8_t {
    kValue,    // a field with a value
    kCase,     // the classify case taken: name "<subject>_case", text the label
    kPacket,   // an embedded packet begins: its fields follow until kEnd
    kArray,    // an array begins: kElement ... kEnd per element, then kEnd
    kElement,  // an array element begins: its fields follow until kEnd
    kEnd,
  };
  std::string path;  // "options.0.option.kind"; for marks, the path of the packet or array
  std::string json;  // kValue, kCase: the JSON value
  std::string text;  // kValue, kCase: the value as people read it (byte strings in full)
  bool top_level = false;
  Kind kind = Kind::kValue;
  std::uint32_t name_at = 0;  // where the last path component starts in `path`
  std::uint64_t number = 0;   // integers and variants: the value; byte strings: the length
  // A byte string that is not text: `text` is left empty and the value is
  // shown as the hex of `json` (not copied: payloads are most of a frame).
  bool hex = false;
  std::string_view name() const { return std::string_view(path).substr(name_at); }
  // The value as people read it (-v, summary lines).
  std::string_view shown() const {
    return hex ? std::string_view(json).substr(1, json.size() - 2) : std::string_view(text);
  }
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
  std::size_t size = 0;  // bytes of the message the layer decoded
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
// A byte string shown as text: every byte printable ASCII (and at least one).
bool printable(mpl::bytes b);
// `b` in double quotes, `"` and `\` escaped with a backslash.
std::string quoted_text(mpl::bytes b);
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
  // intN fields: shown with their sign (number holds the two's complement).
  void signed_integer(const char* name, std::int64_t value, unsigned bits);
  void variant(const char* name, std::uint64_t value, const char* label, unsigned bits);
  // Variants of intN fields: the value with its sign.
  void signed_variant(const char* name, std::int64_t value, const char* label, unsigned bits);
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
    mark(Field::Kind::kPacket, name);
    push(name);
  }
  void end_packet() { end(); }
  void begin_array(const char* name) {
    mark(Field::Kind::kArray, name);
    push(name);
  }
  void begin_element(std::size_t index) {
    const std::string i = std::to_string(index);
    mark(Field::Kind::kElement, i.c_str());
    push(i);
  }
  void end_element() { end(); }
  void end_array() { end(); }
  void begin_case(const char* subject, const char* label);
  void end_case() {}

 private:
  void push(std::string_view part);
  void pop();
  void mark(Field::Kind kind, const char* name);
  void end();
  std::string path(const char* name) const;
  void add(const char* name, std::string json, std::string text);
  // A variant's value (its decimal text) and label; `pattern` its 64 bits.
  void labelled(const char* name, const std::string& number, const char* label, std::uint64_t pattern);
  void text_field(const char* name, std::string_view text);

  Layer& layer_;
  std::vector<std::size_t> marks_;
  std::string prefix_;  // "a.0." while inside a and element 0
};

}  // namespace mpldump
