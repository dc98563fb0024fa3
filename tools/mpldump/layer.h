// What mpldump knows about one decoded layer: its protocol, every field with
// its dotted path and its value as the wire gave it, and the error that
// stopped it, if any. Filled by FieldCollector from a generated P::visit(),
// so no protocol needs hand-written field code.
//
// Values are kept raw (a number, a label, the bytes) and rendered only by
// the printer that needs them (values.h): most frames print a summary line
// that reads a handful of fields, so rendering every field as JSON and as
// text while collecting was most of mpldump's time (issue 19). A layer's
// names, texts and byte values live in one string (`arena`) that keeps its
// capacity when the Decoder reuses the layer for the next frame, so
// collecting a field allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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
  // How the value is held, which decides how it is rendered (values.h).
  enum class Form : std::uint8_t {
    kNone,           // marks
    kUnsigned,       // `number`
    kSigned,         // `number` is the two's complement of the value
    kVariant,        // `number`; the label is the data, when `labelled`
    kSignedVariant,  // as kVariant, the value signed
    kText,           // the data is text (addresses, names, labels)
    kBytes,          // the data is the wire bytes; `number` is their count
  };
  static constexpr std::uint32_t kNoParent = UINT32_MAX;

  Kind kind = Kind::kValue;
  Form form = Form::kNone;
  bool labelled = false;  // kVariant, kSignedVariant: the spec lists the value
  // kBytes that are not text (some byte is not printable ASCII): shown as hex.
  bool hex = false;
  // kBytes: the data is Layer::frame[data_at, +data_size), not in the arena.
  bool in_frame = false;
  // The name ("kind", an element's index "0") is arena[name_at, +name_size);
  // the path ("options.0.option.kind") is the names of the enclosing marks
  // (`parent`) and this one, joined by dots: Layer::path() builds it when
  // asked. Copying every enclosing path into the arena for every field was
  // a seventh of mpldump's time, and only --check reads paths.
  std::uint32_t name_at = 0;
  std::uint32_t name_size = 0;
  std::uint32_t data_at = 0;    // the label, text or bytes: arena[data_at, +data_size)
  std::uint32_t data_size = 0;
  std::uint32_t parent = kNoParent;  // the index of the enclosing mark
  // Marks: the index of their kEnd (kNoParent while, or if, never closed),
  // so a search can step over a packet or array it does not look into.
  std::uint32_t close = kNoParent;
  std::uint64_t number = 0;  // integers and variants: the value; byte strings: the length
};

// The bytes of a layer's names and values: appended to, cleared for the
// next message, never moved under a reader. A std::string zeroed every
// byte it was about to overwrite (a twentieth of mpldump's time).
class Arena {
 public:
  Arena() = default;
  Arena(const Arena& other) { append(other.view()); }
  Arena& operator=(const Arena& other) {
    if (this != &other) {
      clear();
      append(other.view());
    }
    return *this;
  }
  Arena(Arena&& other) noexcept { swap(other); }
  Arena& operator=(Arena&& other) noexcept {
    swap(other);
    return *this;
  }
  ~Arena() = default;

  std::size_t size() const { return size_; }
  const char* data() const { return bytes_.get(); }
  char* data() { return bytes_.get(); }
  std::string_view view() const { return {bytes_.get(), size_}; }
  char back() const { return bytes_[size_ - 1]; }
  void clear() { size_ = 0; }
  // `n` more bytes at the end, for the caller to write: where they begin.
  char* extend(std::size_t n) {
    if (n > capacity_ - size_) grow(size_ + n);
    char* at = bytes_.get() + size_;
    size_ += n;
    return at;
  }
  void append(std::string_view s) {
    if (!s.empty()) std::memcpy(extend(s.size()), s.data(), s.size());
  }
  void push_back(char c) { *extend(1) = c; }

 private:
  void grow(std::size_t at_least);
  void swap(Arena& other) noexcept {
    std::swap(bytes_, other.bytes_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

  std::unique_ptr<char[]> bytes_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
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
  Arena arena;  // the paths and data of `fields`
  // The captured frame the layer was decoded from, when its bytes stay in
  // place until the layer is printed (Decoder::decode): byte values inside
  // it are not copied, only pointed at (payloads are most of a frame, and
  // each layer has one). Empty: every value is copied into the arena.
  mpl::bytes frame;
  std::optional<LayerError> error;
  std::optional<LayerCheck> check;

  std::string_view name(const Field& f) const { return {arena.data() + f.name_at, f.name_size}; }
  // The dotted path of `f` ("answers.0.rr.type").
  std::string path(const Field& f) const;
  std::string_view data(const Field& f) const {
    const char* base = f.in_frame ? reinterpret_cast<const char*>(frame.data()) : arena.data();
    return {base + f.data_at, f.data_size};
  }
  // Empties the layer for another message, keeping what it has allocated.
  void reset(std::string_view new_protocol, mpl::bytes new_frame = {});
};

LayerError layer_error(const mpl::error& e);

// Paths whose JSON values differ between two decodings of one message
// (a path present on one side only counts as differing).
std::vector<std::string> differing_fields(const Layer& before, const Layer& after);

// How a field is shown when its spec type is only bytes or an integer but
// it holds an address; decided by protocol and field name (docs/mpldump.md).
enum class AddressKind { kNone, kIpv4, kMac, kIpAny };
AddressKind address_kind(std::string_view protocol, std::string_view field_name);
struct AddressField;  // an entry of address_kind()'s table

// The visitor P::visit() drives (docs/generated-api.md, "Visiting").
//
// Field names become JSON keys written without escaping, so they must be
// identifiers or array indices (values.h, field_name()): visit() reports
// spec names, which MPL's lexer only reads as identifiers, and indices;
// mpldump's own names are identifiers too. add() asserts it, and the test
// mpldump_keys checks every name the generated visit() functions pass.
class FieldCollector {
 public:
  explicit FieldCollector(Layer& layer);

  // The names visit() passes are string literals: these inline wrappers
  // let the compiler measure them where it inlines them, instead of a
  // strlen() per field at run time.
  void integer(const char* name, std::uint64_t value, unsigned bits) { integer_named(name, value, bits); }
  // intN fields: shown with their sign (number holds the two's complement).
  void signed_integer(const char* name, std::int64_t value, unsigned bits) {
    (void)bits;
    add(Field::Kind::kValue, Field::Form::kSigned, name).number = static_cast<std::uint64_t>(value);
  }
  void variant(const char* name, std::uint64_t value, const char* label, unsigned bits) {
    (void)bits;
    labelled(name, Field::Form::kVariant, value, label);
  }
  // Variants of intN fields: the value with its sign.
  void signed_variant(const char* name, std::int64_t value, const char* label, unsigned bits) {
    (void)bits;
    labelled(name, Field::Form::kSignedVariant, static_cast<std::uint64_t>(value), label);
  }
  void bytes(const char* name, mpl::bytes value) { bytes_named(name, value); }
  // A field whose value is text (not from a generated visit(): the SSH
  // version line, notes).
  void text(const char* name, std::string_view value) { text_named(name, value); }
  template <class T>
  void custom(const char* name, const T& value) {
    if constexpr (requires { value.to_string(); }) {
      text(name, value.to_string());
    } else if constexpr (requires { value.twos_complement(); }) {
      bytes(name, value.twos_complement());
    } else if constexpr (requires { value.begin(); std::string_view(*value.begin()); }) {
      Field& f = add(Field::Kind::kValue, Field::Form::kText, name);
      for (std::string_view part : value) {
        if (layer_.arena.size() != f.data_at) layer_.arena.push_back(',');
        layer_.arena.append(part);
      }
      end_data(f);
    } else {
      text(name, "?");
    }
  }
  void begin_packet(const char* name, const char* packet) {
    (void)packet;
    open(Field::Kind::kPacket, name);
  }
  void end_packet() { end(); }
  void begin_array(const char* name) { open(Field::Kind::kArray, name); }
  void begin_element(std::size_t index);
  void end_element() { end(); }
  void end_array() { end(); }
  void begin_case(const char* subject, const char* label) { case_named(subject, label); }
  void end_case() {}

 private:
  // Appends a field named `name` (`suffix` added) under the open container;
  // its data, if any, is appended to the arena right after.
  Field& add(Field::Kind kind, Field::Form form, std::string_view name, std::string_view suffix = {});
  // The data of `f` is what was appended to the arena since add().
  void end_data(Field& f);
  void open(Field::Kind kind, std::string_view name);
  void end();
  void integer_named(std::string_view name, std::uint64_t value, unsigned bits);
  void bytes_named(std::string_view name, mpl::bytes value);
  void text_named(std::string_view name, std::string_view value);
  void case_named(std::string_view subject, std::string_view label);
  void labelled(std::string_view name, Field::Form form, std::uint64_t pattern, const char* label);
  void ipv4(std::string_view name, std::uint32_t address);
  AddressKind address_of(std::string_view name) const;

  Layer& layer_;
  std::uint32_t open_ = Field::kNoParent;  // the innermost open packet, array or element
  // The address fields of layer_.protocol (address_kind()'s table), found once per layer.
  const AddressField* addresses_begin_ = nullptr;
  const AddressField* addresses_end_ = nullptr;
};

}  // namespace mpldump
