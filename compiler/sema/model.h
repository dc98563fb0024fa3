// The analysed model: what a spec means, with every name resolved.
//
// Semantic analysis builds this from the syntax trees of a root file and its
// imports; layout analysis and code generation read only this (never ast::).
// Nodes are owned by std::unique_ptr in their parent, so their addresses are
// stable and every cross reference (a field named in an expression, the
// packet an embedded field instantiates, an item's parent block) is a plain
// pointer into the same Model. Source ranges are kept so later phases can
// still report diagnostics against the spec.
//
// Shape:
//   Model -> Packet* -> Block (body) -> Item* (Field | Array | Embedded | Classify)
//   Array -> Block (element body);  Classify -> ClassifyCase* -> Block
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/source.h"

namespace mplc::sema {

struct Packet;
struct Block;
struct Item;
struct Field;
struct Array;
struct Classify;
struct ClassifyCase;

enum class Endian { kBig, kLittle };

// ---------------------------------------------------------------- expressions

// The type an expression evaluates to. kError marks an expression that
// contained an unresolved name or ill-typed part; it was reported once and
// later checks stay silent about it.
enum class ExprType { kInt, kBool, kString, kError };

enum class UnaryOp { kNegate, kNot, kComplement };

enum class BinaryOp {
  kAdd, kSubtract, kMultiply, kDivide, kRemainder,
  kShiftLeft, kShiftRight, kBitAnd, kBitOr, kBitXor,
  kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual,
  kAnd, kOr,
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  enum class Kind {
    kInteger,      // integer
    kBoolean,      // boolean
    kString,       // string (decoded bytes)
    kFieldRef,     // field: an integer field (or bit[1] used as a boolean)
    kParamRef,     // param_index into packet->parameters
    kUnary,        // unary_op, operands[0]
    kBinary,       // binary_op, operands[0], operands[1]
    kOffset,       // offset(target): bytes from the packet start to just after target
    kSizeof,       // sizeof(target): size in bytes of target
    kArrayLength,  // array_length(target): target is an Array
    kRemaining,    // remaining(): bytes left in the innermost enclosing region
    kError,        // something unresolved (already reported)
  };

  Kind kind = Kind::kError;
  ExprType type = ExprType::kError;
  SourceRange range;

  std::uint64_t integer = 0;
  bool boolean = false;
  std::string string;              // kString: the bytes; kParamRef: the parameter's name
  const Field* field = nullptr;   // kFieldRef
  const Item* target = nullptr;   // kOffset, kSizeof, kArrayLength (then an Array)
  std::size_t param_index = 0;    // kParamRef
  UnaryOp unary_op = UnaryOp::kNot;
  BinaryOp binary_op = BinaryOp::kAdd;
  std::vector<ExprPtr> operands;

  // If the expression is a compile-time integer constant (no field, param or
  // function references): its value, computed exactly (an intermediate
  // result outside kLowestConstant..kHighestConstant is an error), stored
  // modulo 2^64; `negative` tells a negative value from a large one.
  std::optional<std::uint64_t> constant;
  bool negative = false;
  // kInt only: whether generated code evaluates it as a signed 64-bit
  // integer (C's usual arithmetic conversions): a signed field, a constant
  // that fits int64, and an operation whose operands are all signed are
  // signed; anything involving an unsigned field, a parameter, offset(),
  // sizeof(), array_length() or remaining() is unsigned. Only comparisons,
  // division, remainder and right shift behave differently.
  bool is_signed = false;
  // The signed value of a negative constant, for messages.
  std::int64_t signed_constant() const { return static_cast<std::int64_t>(constant.value_or(0)); }
};

// The range of constant expressions: every uint64 value and every int64 one.
inline constexpr std::int64_t kLowestConstant = INT64_MIN;
inline constexpr std::uint64_t kHighestConstant = UINT64_MAX;
// The largest constant size of a byte string and constant count or byte
// length of an array: larger ones cannot describe a packet and would
// overflow the offsets computed from them.
inline constexpr std::uint64_t kMaxConstantSize = 0xffffffffu;

// ---------------------------------------------------------------- types

struct CustomType {
  std::string name;      // as used in specs
  std::string cpp_type;  // qualified C++ name implementing the wire concept
  std::string header;    // the C++ header that defines cpp_type (generated code includes it); may be empty
  FileId file = 0;
  SourceRange range;
};

struct Type {
  enum class Kind {
    kBits,    // bit[width], 1..64 bits, packed MSB-first in a bit run
    kUint,    // byte / uint8..uint64 / int8..int64 (is_signed): width 8/16/32/64
    kBytes,   // byte[size]: a byte string of `size` bytes
    kLabel,   // zero-width position marker
    kCustom,  // custom wire type (custom != nullptr)
    kError,   // unknown or malformed type (already reported; never reaches codegen)
  };
  Kind kind = Kind::kUint;
  std::uint32_t width = 0;           // kBits, kUint: width in bits
  ExprPtr size;                      // kBytes: number of bytes (type int)
  const CustomType* custom = nullptr;
  std::string spelling;              // as written: "bit[4]", "byte", "uint16", "byte[...]", custom name
  bool is_signed = false;            // kUint: int8..int64, two's complement on the wire

  bool is_integer() const { return kind == Kind::kBits || kind == Kind::kUint; }
};

// ---------------------------------------------------------------- attributes

// Values of signed fields (variant cases, min/max/const/default, classify
// matches) are stored as their two's complement in a std::uint64_t; these
// order and print them.
inline std::uint64_t value_order(std::uint64_t v, bool is_signed) {
  return is_signed ? v ^ (std::uint64_t{1} << 63) : v;
}
inline bool value_less(std::uint64_t a, std::uint64_t b, bool is_signed) {
  return value_order(a, is_signed) < value_order(b, is_signed);
}
std::string value_text(std::uint64_t v, bool is_signed);

struct VariantCase {
  std::uint64_t low = 0;   // single value: low == high
  std::uint64_t high = 0;  // a range low..high (both inclusive)
  std::string name;
  bool is_default = false;  // written with `=>`
  SourceRange range;
};

struct Variant {
  std::vector<VariantCase> cases;
  std::optional<std::size_t> default_case;  // index into cases
  SourceRange range;
};

struct Checksum {
  enum class Algorithm {
    kInternet,        // RFC 1071 over the whole packet
    kInternetRange,   // from the packet start up to end_label
    kInternetPseudo,  // whole packet plus the enclosing layer's pseudo-header
  };
  Algorithm algorithm = Algorithm::kInternet;
  const Field* end_label = nullptr;  // kInternetRange: a label field of the same packet
  // checksum(udp): kInternetPseudo, where a computed 0 is sent as 0xFFFF and
  // a 0 on the wire means "no checksum" (RFC 768).
  bool zero_means_none = false;
  SourceRange range;
};

// On the payload of an IP layer: the fields a nested checksum(internet_pseudo)
// layer folds into its checksum.
struct PseudoHeader {
  const Field* source = nullptr;       // uint32 or byte[4] / byte[16]
  const Field* destination = nullptr;  // same kinds as source
  const Field* protocol = nullptr;     // an integer field
  SourceRange range;
};

// ---------------------------------------------------------------- items

struct Item {
  enum class Kind { kField, kArray, kEmbedded, kClassify };

  explicit Item(Kind k) : kind(k) {}
  virtual ~Item() = default;
  Item(const Item&) = delete;
  Item& operator=(const Item&) = delete;

  const Kind kind;
  std::string name;      // empty for kClassify
  SourceRange range;     // the name (or the classify keyword's statement)
  Block* parent = nullptr;
  std::size_t index = 0;  // position in parent->items
  std::optional<std::uint32_t> align;  // align(bits): bits, a positive multiple of 8

  // The packet this item belongs to (through parent blocks).
  const Packet& packet() const;

  bool is_field() const { return kind == Kind::kField; }
  const Field* as_field() const;
  const Array* as_array() const;
  const struct Embedded* as_embedded() const;
  const Classify* as_classify() const;
};

struct Field final : Item {
  Field() : Item(Kind::kField) {}

  // The name the generated view exposes: `name`, or `name_2`, `name_3` for
  // repeated const padding fields of the same name in one scope.
  std::string accessor;
  Type type;
  Endian endian = Endian::kBig;  // effective (field, else packet, else file)
  bool endian_explicit = false;

  ExprPtr value;          // value(e): computed by the builder
  ExprPtr const_value;    // const(e): integer constant
  std::optional<std::string> const_bytes;  // const("..") on byte[n]: exactly n bytes
  ExprPtr default_value;  // default(e)
  ExprPtr min;            // min(e)
  ExprPtr max;            // max(e)
  // The evaluated constants of the above (when they are constants).
  std::optional<std::uint64_t> const_int, default_int, min_int, max_int;

  std::optional<Variant> variant;
  // The classifies whose subject is this field, in source order, so that a
  // later phase finds them without scanning the block for each field.
  std::vector<const Classify*> classified_by;
  std::optional<Checksum> checksum;
  std::optional<PseudoHeader> pseudo_header;

  // Bit fields only: position within the run of adjacent bit fields.
  std::uint32_t bit_offset = 0;  // bits before this field in its run (MSB-first)
  std::uint32_t run_bits = 0;    // total bits of the run (a multiple of 8)
  bool run_start = false;        // first field of its run

  // Items whose size or bound this field gives (byte[f], array (f), ...).
  std::vector<const Item*> sizes;
};

struct Block {
  enum class Kind { kPacketBody, kArrayElement, kClassifyCase };
  Kind kind = Kind::kPacketBody;
  std::vector<std::unique_ptr<Item>> items;
  Block* parent = nullptr;         // enclosing block; null for a packet body
  Packet* packet = nullptr;        // the packet this block belongs to
  Array* array = nullptr;          // kArrayElement: the array
  ClassifyCase* classify_case = nullptr;  // kClassifyCase: the case
};

struct Array final : Item {
  Array() : Item(Kind::kArray) {}
  enum class Bound {
    kCount,  // bound: number of elements (int)
    kBytes,  // bound: bytes the elements fill exactly (int); a region for remaining()
    kUntil,  // bound: bool over the element just read; the first true one is the last
  };
  Bound bound_kind = Bound::kCount;
  ExprPtr bound;
  Block element;
};

struct Embedded final : Item {
  Embedded() : Item(Kind::kEmbedded) {}
  const Packet* target = nullptr;  // null only if unresolved (after an error)
  std::vector<ExprPtr> args;       // one per target parameter, typed to match
  std::optional<PseudoHeader> pseudo_header;
  // size(n): the packet is parsed in a region of exactly n bytes (an int
  // over earlier fields and parameters); null when it ends where its own
  // statements end.
  ExprPtr size;
};

struct ClassifyCase {
  enum class Match {
    kInteger,   // low == high
    kRange,     // low..high
    kBoolean,   // boolean
    kString,    // string
    kWildcard,  // `_`: always matches; only the last case
  };
  Match match = Match::kWildcard;
  std::uint64_t low = 0, high = 0;
  bool boolean = false;
  std::string string;
  std::string label;   // an identifier
  SourceRange label_range;
  ExprPtr guard;       // `when (...)`, a bool expression; null if absent
  Block body;
  Classify* classify = nullptr;
  SourceRange range;
};

struct Classify final : Item {
  Classify() : Item(Kind::kClassify) {}
  enum class SubjectKind { kInteger, kBoolean, kString };
  ExprPtr subject;
  SubjectKind subject_kind = SubjectKind::kInteger;
  // The subject's width in bits when it is an integer field (64 for params or
  // computed expressions).
  std::uint32_t subject_width = 64;
  // Whether the matches are signed values (a signed field or expression).
  bool subject_signed = false;
  std::vector<std::unique_ptr<ClassifyCase>> cases;
  bool has_wildcard() const {
    return !cases.empty() && cases.back()->match == ClassifyCase::Match::kWildcard;
  }
};

// ---------------------------------------------------------------- top level

struct Parameter {
  enum class Type { kInt, kBool };
  Type type = Type::kInt;
  std::string name;
  SourceRange range;
};

struct Packet {
  std::string name;
  FileId file = 0;             // the file that defines it
  bool in_root = false;        // defined in the root file (generated there)
  std::vector<Parameter> parameters;
  Endian endian = Endian::kBig;  // effective default for its fields
  Block body;
  SourceRange range;           // the name
};

struct Model {
  FileId root = 0;
  std::vector<std::unique_ptr<Packet>> packets;          // imports first, file order
  std::vector<std::unique_ptr<CustomType>> custom_types;  // all files

  const Packet* find_packet(std::string_view name) const;
  const CustomType* find_custom(std::string_view name) const;
};

// ---------------------------------------------------------------- inline helpers

inline const Field* Item::as_field() const {
  return kind == Kind::kField ? static_cast<const Field*>(this) : nullptr;
}
inline const Array* Item::as_array() const {
  return kind == Kind::kArray ? static_cast<const Array*>(this) : nullptr;
}
inline const Embedded* Item::as_embedded() const {
  return kind == Kind::kEmbedded ? static_cast<const Embedded*>(this) : nullptr;
}
inline const Classify* Item::as_classify() const {
  return kind == Kind::kClassify ? static_cast<const Classify*>(this) : nullptr;
}
inline const Packet& Item::packet() const { return *parent->packet; }

inline const Packet* Model::find_packet(std::string_view name) const {
  for (const auto& p : packets) {
    if (p->name == name) return p.get();
  }
  return nullptr;
}
inline const CustomType* Model::find_custom(std::string_view name) const {
  for (const auto& c : custom_types) {
    if (c->name == name) return c.get();
  }
  return nullptr;
}

// An expression as the dumps show it: "(length - 4)".
std::string expr_text(const Expr& e);

// The name visit() (and so mpldump) and the Wireshark dissectors give a
// classify's subject, from the spec's own names: the field or parameter it
// classifies on, or the fields and parameters its expression reads joined
// by "_" in the order they first appear (`afi * 256 + safi`: "afi_safi");
// empty when the expression reads none.
std::string classify_subject_name(const Classify& classify);

// Prints the model in the indented form `mplc --dump=sema` shows.
std::string dump_model(const Model& model);

}  // namespace mplc::sema
