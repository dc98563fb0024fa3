// The syntax tree: what the spec says, with names unresolved.
//
// The grammar's actions build these nodes and nothing else; every question of
// meaning (does this name exist, does this constant fit, can the builder
// compute this value) belongs to semantic analysis, which reads this tree and
// produces the analysed model. Code generation never sees syntax.
//
// Ownership is a plain tree: each node owns its children through
// std::unique_ptr or by value in std::vector.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "support/source.h"

namespace mplc::ast {

// ---------------------------------------------------------------- expressions

enum class UnaryOp { kNegate, kNot, kComplement };

enum class BinaryOp {
  kAdd, kSubtract, kMultiply, kDivide, kRemainder,
  kShiftLeft, kShiftRight, kBitAnd, kBitOr, kBitXor,
  kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual,
  kAnd, kOr,
  kRange,  // a..b: only meaningful as a classify/variant match
};

struct Expr;
using ExprPtr = std::unique_ptr<Expr>;

struct Expr {
  enum class Kind {
    kInteger,  // integer_value
    kBoolean,  // boolean_value
    kString,   // text holds the decoded string
    kName,     // text holds the identifier (a field or packet parameter)
    kUnary,    // unary_op, operands[0]
    kBinary,   // binary_op, operands[0] and operands[1]
    kCall,     // text holds the function (offset, sizeof, array_length,
               // remaining, ...), operands hold the arguments
  };

  Kind kind = Kind::kInteger;
  SourceRange range;
  std::uint64_t integer_value = 0;
  bool boolean_value = false;
  std::string text;
  UnaryOp unary_op = UnaryOp::kNot;
  BinaryOp binary_op = BinaryOp::kAdd;
  std::vector<ExprPtr> operands;
  // Nodes on the longest path from here to a leaf. The parser keeps it at
  // most kMaxExpressionDepth, so that walking or destroying a tree built from
  // hostile text never exhausts the stack.
  std::uint32_t depth = 1;
  // Stands for an expression that was nested too deeply (already reported).
  bool too_deep = false;
};

inline constexpr std::uint32_t kMaxExpressionDepth = 256;

// ---------------------------------------------------------------- attributes

// One case of `variant { |1 -> Name |2 => DefaultName }`.
struct VariantCase {
  ExprPtr match;           // an integer or a range a..b
  std::string label;
  bool is_default = false;  // written with `=>`
  SourceRange range;
};

struct Attribute {
  enum class Kind {
    kValue,         // value(expr): computed by the builder
    kConst,         // const(expr): fixed on the wire, checked by the parser
    kDefault,       // default(expr): optional for the builder
    kMin,           // min(expr)
    kMax,           // max(expr)
    kAlign,         // align(bits)
    kVariant,       // variant { ... }
    kEndian,        // endian(little) / endian(big)
    kChecksum,      // checksum(algorithm [, end_label])
    kPseudoHeader,  // pseudo_header(src, dst, protocol)
    kSize,          // size(expr): an embedded packet parsed in exactly that many bytes
  };

  Kind kind = Kind::kValue;
  SourceRange range;
  // value/const/default/min/max/align: one expression. endian: one kName
  // (little|big). checksum: a kName naming the algorithm, optionally a kName
  // naming the end label. pseudo_header: three expressions. size: one expression.
  std::vector<ExprPtr> args;
  std::vector<VariantCase> cases;  // variant only
};

// ---------------------------------------------------------------- types

// `bit[4]`, `byte`, `byte[len]`, `uint16`, `label`, a custom type name, ...
struct TypeRef {
  std::string name;
  ExprPtr size;  // the [expr] suffix, if written
  SourceRange range;
};

// ---------------------------------------------------------------- statements

struct Statement;
using StatementList = std::vector<Statement>;

// `name: type attrs;`
struct Field {
  std::string name;
  SourceRange name_range;
  TypeRef type;
  std::vector<Attribute> attributes;
};

// `name: array (count) { ... };`, `name: array bytes (len) { ... };`,
// `name: array until (cond) { ... };`
struct ArrayField {
  enum class Bound {
    kCount,  // bound is the number of elements
    kBytes,  // bound is the number of bytes the elements fill exactly
    kUntil,  // bound is a condition over the element just read; the first
             // element for which it holds is the last one (the sentinel)
  };
  std::string name;
  SourceRange name_range;
  Bound bound_kind = Bound::kCount;
  ExprPtr bound;
  StatementList body;
  std::vector<Attribute> attributes;
};

// `name: packet other(args);`
struct EmbeddedPacket {
  std::string name;
  SourceRange name_range;
  std::string packet;
  SourceRange packet_range;
  std::vector<ExprPtr> args;
  std::vector<Attribute> attributes;
};

// `|match:"Label" when (guard) -> statements`
struct ClassifyCase {
  ExprPtr match;  // integer, range, boolean or string; null for the wildcard `_`
  std::string label;
  SourceRange label_range;
  ExprPtr guard;  // null when there is no `when`
  StatementList body;
  SourceRange range;
};

// `classify (subject) { cases };`
struct Classify {
  ExprPtr subject;
  std::vector<ClassifyCase> cases;
  SourceRange range;
};

// `();`
struct Empty {
  SourceRange range;
};

struct Statement {
  std::variant<Field, ArrayField, EmbeddedPacket, Classify, Empty> node;
  // Blocks on the longest path from here down (0 for a field). The parser
  // keeps it at most kMaxNestingDepth, so that no later phase, walking or
  // destroying the tree, recurses deeper than that whatever the input.
  std::uint32_t depth = 0;
  // Stands for a statement nested too deeply (already reported).
  bool too_deep = false;
};

// Arrays and classify cases nested inside one another.
inline constexpr std::uint32_t kMaxNestingDepth = 64;
// Statements in one block (a packet body, an array element, a case) and cases
// in one classify. Past them the parser reports once and keeps no more, so
// the work of every later phase stays bounded.
inline constexpr std::size_t kMaxItemsPerBlock = 65536;
inline constexpr std::size_t kMaxCasesPerClassify = 4096;

// ---------------------------------------------------------------- top level

struct Parameter {
  enum class Type { kInt, kBool };
  Type type = Type::kInt;
  std::string name;
  SourceRange range;
};

// `packet name (params) attrs { body }`
struct Packet {
  std::string name;
  SourceRange name_range;
  std::vector<Parameter> parameters;
  std::vector<Attribute> attributes;  // endian(...) only
  StatementList body;
  SourceRange range;
};

// `import "other.mpl";`
struct Import {
  std::string path;
  SourceRange range;
};

// `custom name = "cpp::Type";` or `custom name = "cpp::Type" header "x/y.h";`
struct CustomType {
  std::string name;
  std::string cpp_type;
  SourceRange range;
  std::string header;  // the C++ header defining cpp_type; empty if not given
};

enum class Endian { kBig, kLittle };

struct File {
  FileId file = 0;
  std::optional<Endian> endian;  // `endian little;` at the top
  SourceRange endian_range;
  std::vector<Import> imports;
  std::vector<CustomType> custom_types;
  std::vector<Packet> packets;
};

}  // namespace mplc::ast
