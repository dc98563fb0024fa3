// The writer of a property test's fill() and check() functions, one pair
// per builder struct of a packet (property_gen.cc: what the test checks and
// how it runs; property_fill_gen.cc: the builder values it draws). Internal
// to codegen: included by those two files only.
#pragma once

#include <functional>
#include <string>

#include "codegen/emitter.h"

namespace mplc::codegen {

class PropertyWriter {
 public:
  explicit PropertyWriter(Emitter& e) : e_(e), out_(e.out()), plan_(e.plan()) {}

  // The fill() and check() of every builder struct of `packet`: their
  // declarations, then their definitions.
  void declare(const sema::Packet& packet);
  void define(const sema::Packet& packet);

 private:
  using Kind = plan::FieldSource::Kind;

  // Every builder struct of a packet besides its builder: classify cases and
  // array elements, with their views.
  void for_each_struct(const sema::Block& block,
                       const std::function<void(const std::string&, const std::string&, const sema::Block&)>& f);

  // Whether the builder struct of `block` has a member for integer field `f`.
  bool integer_member(const sema::Field& f) const;

  // ---- property_fill_gen.cc: fill(), the builder values drawn from the random source

  // Whether `e` can be computed while filling `block` (before `before`):
  // constants, the packet's parameters (root.<p>) and, when `fields`, the
  // integer members of `block` filled already and the lengths of its
  // strings filled already (string_length_of()).
  bool computable(const sema::Expr& e, const sema::Block& block, const sema::Item* before, bool fields) const;

  // `e` in the test's C++: fields as the builder members filled (b.<m>, root.<m>).
  std::string render(const sema::Expr& e);
  const sema::Packet& e_packet_of(const sema::Expr&) const { return *current_packet_; }

  // The C++ type of an integer member, qualified (the test is outside the packet's namespace).
  std::string member_type(const sema::Field& f) const;

  void fill_integer(const sema::Field& f, const std::string& lhs);
  void fill_block(const sema::Block& block);

  // The byte string of `block` (filled before `before`, unless null) whose
  // size the field `length` holds (length: value(sizeof(string))), or null.
  const sema::Field* string_length_of(const sema::Field& length, const sema::Block& block,
                                      const sema::Item* before) const;
  // The earlier byte-string member of `block` whose size gives `f`'s, when
  // `f` is sized by a field computed as value(sizeof(that string)).
  const sema::Item* sized_like(const sema::Field& f, const sema::Block& block) const;

  void fill_field(const sema::Field& f, const sema::Block& block, const std::string& name);

  // A random case; in a tame round, a subject computed from parameters
  // picks the case parse() will take, and a subject member of this struct
  // is given a value of the case chosen.
  void fill_classify(const sema::Classify& classify, const sema::Block& block);

  // ---- property_gen.cc: check(), the values read back against the builder's

  // Every member of `block` against what the view `v` read.
  void check_block(const sema::Block& block);

  // An array with align(N): write() pads it with zero bytes to the boundary,
  // inside the array's region, and parse() reads the pad as more elements
  // (IPv4 and TCP: zero is End of Option List), or as part of a last
  // element that reads remaining(). docs/language.md, "Alignment": the
  // elements built must come back first, and whatever parse() read past
  // them must be fewer than N/8 bytes, all zero.
  void check_aligned_array(const sema::Array& array, const std::string& m, const std::string& path);

  void check_field(const sema::Field& f, const std::string& m, const std::string& path);

  Emitter& e_;
  Printer& out_;
  const plan::Plan& plan_;
  const PacketNames* names_ = nullptr;
  const sema::Packet* current_packet_ = nullptr;
  const sema::Block* current_block_ = nullptr;
};

}  // namespace mplc::codegen
