// The write walk of a builder (builder_gen.cc has the structs around it):
// size() and write() walk the frame's items in order, writing each; then
// write() fills the value(...) fields (which may depend on offsets only
// known after the walk) and finally the checksums. write() does not size
// the packet first: it checks the room left before each run of fixed-size
// items, and what writes a variable size (a nested builder, a payload, a
// custom value, an array) checks its own, so a message is walked once.
//
// Inside write() every position is counted from the start of the packet, so
// offset(f) is simply the recorded end of f. Locals are named after the
// items they are kept for (plan.h, PacketNames::local): start_length /
// end_length, value_length, chosen_type_case, count_options, run_version.
#include <fmt/format.h>

#include "codegen/builder_writer.h"

namespace mplc::codegen {

std::string cpp_string_literal(const std::string& bytes);

Bounds bounds_check(const sema::Field& f, const std::string& v, bool type_holds_value) {
  Bounds b;
  if (f.type.is_signed) {
    const std::uint64_t lo = f.min_int.value_or(signed_min_pattern(f.type.width));
    const std::uint64_t hi = f.max_int.value_or(signed_max_pattern(f.type.width));
    if (f.min_int || !type_holds_value) b.cond = fmt::format("mpl::sless({}, {}u)", v, lo);
    if (f.max_int || !type_holds_value) {
      b.cond += fmt::format("{}mpl::sless({}u, {})", b.cond.empty() ? "" : " || ", hi, v);
    }
    b.lo = std::to_string(lo) + "u";
    b.hi = std::to_string(hi) + "u";
    return b;
  }
  const std::uint64_t width_max = f.type.width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << f.type.width) - 1;
  const std::uint64_t lo = f.min_int.value_or(0);
  const std::uint64_t hi = f.max_int ? std::min(*f.max_int, width_max) : width_max;
  if (lo > 0) b.cond = fmt::format("{} < {}u", v, lo);
  if (type_holds_value ? hi < width_max : hi < ~std::uint64_t{0}) {
    b.cond += fmt::format("{}{} > {}u", b.cond.empty() ? "" : " || ", v, hi);
  }
  b.lo = std::to_string(lo) + "u";
  b.hi = std::to_string(hi) + "u";
  return b;
}

ExprEnv BuilderWriter::env() {
  ExprEnv env;
  env.field = [this](const sema::Field& f) -> std::string {
    if (id_.count(&f) == 0) {
      e_.unsupported(f, "a value(...) naming a field of another frame");
      return "std::uint64_t{0}";
    }
    return "value_" + local(f);
  };
  env.param = [this](std::size_t i) -> std::string {
    const auto& p = frame_.packet->parameters[i];
    // An element builder has no parameters of its own: the enclosing
    // builder's are set by the user and not handed down.
    if (frame_.array != nullptr) {
      e_.unsupported(*frame_.array, "the builder of an array element reading packet parameter '" + p.name + "'");
      return "std::uint64_t{0}";
    }
    if (p.type == sema::Parameter::Type::kBool) return "this->" + Emitter::param_name(p);
    return "std::uint64_t{this->" + Emitter::param_name(p) + "}";
  };
  env.offset = [this](const sema::Item& item) -> std::string {
    if (id_.count(&item) == 0) return "std::uint64_t{0}";
    return "std::uint64_t{end_" + local(item) + "}";
  };
  env.size_of = [this](const sema::Item& item) -> std::string {
    if (id_.count(&item) == 0) return "std::uint64_t{0}";
    return fmt::format("std::uint64_t{{end_{0} - start_{0}}}", local(item));
  };
  env.array_length = [this](const sema::Item& item) -> std::string {
    if (id_.count(&item) == 0) return "std::uint64_t{0}";
    return "std::uint64_t{count_" + local(item) + "}";
  };
  env.remaining = []() -> std::string { return "std::uint64_t{0}"; };
  return env;
}

void BuilderWriter::declare_locals() {
  for (const sema::Item* item : frame_.items) {
    const std::string n = local(*item);
    out_.line("[[maybe_unused]] std::size_t start_$n$ = 0, end_$n$ = 0;", {{"n", n}});
    if (const auto* f = item->as_field(); f != nullptr && f->type.is_integer()) {
      out_.line("[[maybe_unused]] std::uint64_t value_$n$ = 0;", {{"n", n}});
    }
    if (item->as_classify() != nullptr) out_.line("[[maybe_unused]] std::size_t chosen_$n$ = SIZE_MAX;", {{"n", n}});
    if (item->as_array() != nullptr) out_.line("[[maybe_unused]] std::size_t count_$n$ = 0;", {{"n", n}});
  }
}

void BuilderWriter::store(const sema::Field& f, const std::string& at, const std::string& value) {
  const std::string type = Emitter::uint_type(f.type.width);
  if (f.type.kind == sema::Type::Kind::kBits) {
    out_.line("mpl::set_bits<$off$, $w$>(d + $at$, $v$);",
              {{"at", at}, {"off", std::to_string(f.bit_offset)}, {"w", std::to_string(f.type.width)}, {"v", value}});
  } else if (f.type.width == 8) {
    out_.line("d[$at$] = static_cast<std::uint8_t>($v$);", {{"at", at}, {"v", value}});
  } else {
    out_.line("mpl::$fn$<$t$>(d + $at$, static_cast<$t$>($v$));",
              {{"fn", f.endian == sema::Endian::kLittle ? "store_le" : "store_be"}, {"t", type}, {"at", at}, {"v", value}});
  }
}

std::string BuilderWriter::pseudo_for(const std::optional<sema::PseudoHeader>& ph, const std::string& what) {
  if (!ph || ph->source == nullptr || ph->destination == nullptr || ph->protocol == nullptr) return "nullptr";
  const bool v6 = ph->source->type.kind == sema::Type::Kind::kBytes && ph->source->type.size &&
                  ph->source->type.size->constant && *ph->source->type.size->constant == 16;
  const std::string length = what + ".size()";
  const std::string sum =
      v6 ? fmt::format("mpl::ipv6_pseudo_header(d + start_{}, d + start_{}, static_cast<std::uint32_t>({}), "
                       "static_cast<std::uint8_t>(value_{}))",
                       local(*ph->source), local(*ph->destination), length, local(*ph->protocol))
         : fmt::format("mpl::ipv4_pseudo_header(d + start_{}, d + start_{}, static_cast<std::uint8_t>(value_{}), "
                       "static_cast<std::uint16_t>({}))",
                       local(*ph->source), local(*ph->destination), local(*ph->protocol), length);
  // Only for a nested packet that reads it: sizing the payload again and
  // summing the pseudo-header is wasted on, say, ICMP inside IPv4.
  out_.line("const mpl::checksum_accumulator ph = mpl::wants_pseudo_header($what$) ? $sum$ : mpl::checksum_accumulator{};",
            {{"what", what}, {"sum", sum}});
  return "&ph";
}

std::optional<std::size_t> BuilderWriter::fixed_write(const sema::Item& item) const {
  const auto* f = item.as_field();
  if (f == nullptr) return std::nullopt;
  switch (f->type.kind) {
    case sema::Type::Kind::kUint:
      return f->type.width / 8;
    case sema::Type::Kind::kBits:
      return f->run_start ? f->run_bits / 8 : 0;
    case sema::Type::Kind::kLabel:
      return 0;
    case sema::Type::Kind::kBytes: {
      const auto& info = e_.layout().item(item);
      if (info.fixed_size) return info.size;
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

void BuilderWriter::room_for(const sema::Block& block, std::size_t at, std::size_t& room) {
  const std::size_t n = *fixed_write(*block.items[at]);
  if (n <= room) {
    room -= n;
    return;
  }
  // One check for the run of fixed-size items from here (up to one that
  // aligns what follows it, whose padding is checked on its own).
  std::size_t run = 0;
  for (std::size_t i = at; i < block.items.size(); ++i) {
    const auto k = fixed_write(*block.items[i]);
    if (!k) break;
    run += *k;
    if (block.items[i]->align && *block.items[i]->align >= 8) break;
  }
  out_.line("if (cap - pos < $k$) return mpl::fail<std::size_t>(mpl::error_kind::buffer_too_small, pos, \"$p$\", cap - pos, $k$);",
            {{"k", std::to_string(run)}, {"p", frame_.packet->name}});
  room = run - n;
}

void BuilderWriter::walk(const sema::Block& block, const std::string& mp) {
  std::string run_id;
  std::uint32_t run_bytes = 0;
  // Bytes the last room check covers that the items since have not used.
  std::size_t room = 0;
  for (std::size_t at = 0; at < block.items.size(); ++at) {
    const sema::Item& item = *block.items[at];
    const std::string n = local(item);
    const std::string name = Emitter::member(item);
    if (!size_only_) {
      out_.line("start_$n$ = pos;", {{"n", n}});
      if (fixed_write(item)) {
        room_for(block, at, room);
      } else {
        room = 0;
      }
    }
    if (const auto* f = item.as_field()) {
      const auto& type = f->type;
      if (type.is_integer()) {
        if (type.kind == sema::Type::Kind::kBits) {
          if (f->run_start) {
            run_id = n;
            run_bytes = f->run_bits / 8;
            if (!size_only_) {
              // Runs of up to 8 bytes are built in a register (mpl::put_bits); longer
              // ones field by field in memory.
              if (run_bytes <= 8) {
                out_.line("std::uint64_t run_$n$ = 0;", {{"n", n}});
              } else {
                out_.line("std::memset(d + pos, 0, $b$);", {{"b", std::to_string(run_bytes)}});
              }
            }
            out_.line("pos += $b$;", {{"b", std::to_string(run_bytes)}});
          } else if (!size_only_) {
            out_.line("start_$n$ = start_$r$;", {{"n", n}, {"r", run_id}});
          }
        }
        if (!size_only_) {
          std::string value;
          if (f->const_int) {
            value = std::to_string(*f->const_int) + "u";
          } else if (f->value || f->checksum) {
            value = "0";
          } else if (const auto* c = e_.plan().source(*f).classify) {
            const std::string member = e_.names().builder_member.at(c);
            value.clear();
            const std::string user = fmt::format("static_cast<std::uint64_t>({}{})", mp, name);
            const bool needs_user = e_.plan().source(*f).kind == plan::FieldSource::Kind::kCaseOrUser;
            for (std::size_t i = 0; i < c->cases.size(); ++i) {
              const auto& k = *c->cases[i];
              std::string v = k.match == sema::ClassifyCase::Match::kBoolean ? (k.boolean ? "1u" : "0u")
                                                                            : std::to_string(k.low) + "u";
              if (!plan::matches_one_value(k)) v = user;
              if (i + 1 == c->cases.size() && !needs_user) {
                value += v;
              } else if (plan::matches_one_value(k)) {
                value += fmt::format("{}{}.index() == {} ? {} : ", mp, member, i, v);
              }
            }
            if (needs_user) value += user;
            value = "(" + value + ")";
          } else {
            value = fmt::format("static_cast<std::uint64_t>({}{})", mp, name);
          }
          out_.line("value_$n$ = $v$;", {{"n", n}, {"v", value}});
          if (type.kind == sema::Type::Kind::kBits && run_bytes <= 8) {
            out_.line("mpl::put_bits<$off$, $w$, $b$>(run_$r$, value_$n$);",
                      {{"off", std::to_string(f->bit_offset)}, {"w", std::to_string(type.width)},
                       {"b", std::to_string(run_bytes)}, {"r", run_id}, {"n", n}});
            if (f->bit_offset + type.width == run_bytes * 8) {
              out_.line("mpl::store_bits_run<$b$>(d + start_$r$, run_$r$);", {{"b", std::to_string(run_bytes)}, {"r", run_id}});
            }
          } else if (type.kind == sema::Type::Kind::kBits) {
            store(*f, "start_" + n, "value_" + n);
          } else {
            store(*f, "pos", "value_" + n);
          }
        }
        if (type.kind == sema::Type::Kind::kUint) out_.line("pos += $w$;", {{"w", std::to_string(type.width / 8)}});
      } else if (type.kind == sema::Type::Kind::kBytes) {
        const auto& info = e_.layout().item(item);
        if (info.fixed_size) {
          if (!size_only_) {
            if (f->const_bytes) {
              out_.line("std::memcpy(d + pos, $lit$.data(), $k$);",
                        {{"lit", cpp_string_literal(*f->const_bytes)}, {"k", std::to_string(info.size)}});
            } else if (const auto* c = e_.plan().source(*f).classify) {
              // A string subject: the chosen case's string (or the member,
              // for a `_` case).
              const std::string member = e_.names().builder_member.at(c);
              const bool needs_user = e_.plan().source(*f).kind == plan::FieldSource::Kind::kCaseOrUser;
              std::string chain;
              for (std::size_t i = 0; i < c->cases.size(); ++i) {
                const auto& k = *c->cases[i];
                if (!plan::matches_one_value(k)) continue;
                out_.line("$else$if ($mp$$member$.index() == $i$) {",
                          {{"else", chain.empty() ? "" : "} else "}, {"mp", mp}, {"member", member}, {"i", std::to_string(i)}});
                out_.line("  std::memcpy(d + pos, $lit$.data(), $k$);",
                          {{"lit", cpp_string_literal(k.string)}, {"k", std::to_string(info.size)}});
                chain = "x";
              }
              if (needs_user) {
                out_.line("} else {");
                out_.line("  std::memcpy(d + pos, $mp$$name$.data(), $k$);",
                          {{"mp", mp}, {"name", name}, {"k", std::to_string(info.size)}});
              }
              out_.line("}");
            } else if (info.size > 0) {
              out_.line("std::memcpy(d + pos, $mp$$name$.data(), $k$);",
                        {{"mp", mp}, {"name", name}, {"k", std::to_string(info.size)}});
            }
          }
          out_.line("pos += $k$;", {{"k", std::to_string(info.size)}});
        } else if (size_only_) {
          out_.line("pos += $mp$$name$.size();", {{"mp", mp}, {"name", name}});
        } else {
          write_nested(mp + name, f->pseudo_header);
        }
      } else if (type.kind == sema::Type::Kind::kCustom) {
        if (size_only_) {
          out_.line("pos += mpl::custom_size<$t$>($mp$$name$, ctx.at(base + pos));",
                    {{"t", type.custom->cpp_type}, {"mp", mp}, {"name", name}});
        } else {
          out_.line("{");
          out_.line("  auto w = mpl::custom_write<$t$>($mp$$name$, ctx.at(base + pos), mpl::mutable_bytes{d + pos, cap - pos});",
                    {{"t", type.custom->cpp_type}, {"mp", mp}, {"name", name}});
          out_.line("  if (!w.ok()) return mpl::custom_error(w.error(), \"$path$\");", {{"path", e_.field_path(*f)}});
          out_.line("  pos += *w;");
          out_.line("}");
        }
      }
    } else if (const auto* array = item.as_array()) {
      // An mpl::array_payload: element builders, or a parsed array's bytes.
      if (size_only_) {
        out_.line("pos = $mp$$name$.size_at_(pos$ctx$);", {{"mp", mp}, {"name", name}, {"ctx", ctx_ ? ", ctx, base" : ""}});
      } else {
        out_.line("{");
        // What the elements read from this frame (and the ones around it).
        out_.indent();
        const std::string outer = outer_for(*array);
        out_.outdent();
        const std::string context = (ctx_ ? std::string(", ctx, base") : std::string()) + (outer.empty() ? "" : ", " + outer);
        const bool until = until_checked(e_.layout(), *array);
        if (until || !rest_condition(PacketNames{}, array->element, "").empty() ||
            !always_writes(e_.layout(), array->element)) {
          // parse() finds the end from the elements: write_checked_at_ refuses what it would read otherwise.
          out_.line("  auto w = $mp$$name$.write_checked_at_<$u$>(d, pos, cap, \"$path$\"$ctx$);",
                    {{"mp", mp}, {"name", name}, {"u", until ? "true" : "false"}, {"path", e_.field_path(*array)},
                     {"ctx", context}});
        } else {
          out_.line("  auto w = $mp$$name$.write_at_(d, pos, cap$ctx$);", {{"mp", mp}, {"name", name}, {"ctx", context}});
        }
        out_.line("  if (!w.ok()) return w.error();");
        out_.line("  pos = *w;");
        out_.line("}");
        out_.line("count_$n$ = $mp$$name$.size();", {{"n", n}, {"mp", mp}, {"name", name}});
      }
    } else if (const auto* embedded = item.as_embedded()) {
      const bool nested_ctx = embedded->target != nullptr && needs_custom_context(*embedded->target);
      if (size_only_) {
        out_.line(nested_ctx ? "pos += $mp$$name$.size_in_(ctx, base + pos);" : "pos += $mp$$name$.size();",
                  {{"mp", mp}, {"name", name}});
      } else {
        const bool with_args = embedded->target != nullptr && !embedded->target->parameters.empty();
        write_nested(mp + name, embedded->pseudo_header, nested_ctx, with_args ? arguments_for(*embedded) : "");
      }
    } else if (const auto* classify = item.as_classify()) {
      const std::string member = e_.names().builder_member.at(classify);
      for (std::size_t i = 0; i < classify->cases.size(); ++i) {
        const auto& kase = *classify->cases[i];
        const std::string b = "case_" + e_.names().case_local.at(&kase);
        out_.line("$else$if ([[maybe_unused]] const auto* $b$ = std::get_if<$i$>(&$mp$$member$)) {",
                  {{"else", i == 0 ? "" : "} else "}, {"b", b}, {"i", std::to_string(i)}, {"mp", mp}, {"member", member}});
        Indent in(out_);
        if (!size_only_) out_.line("chosen_$n$ = $i$;", {{"n", n}, {"i", std::to_string(i)}});
        walk(kase.body, b + "->");
      }
      out_.line("}");
    }
    if (item.align && *item.align >= 8) {
      const std::string a = std::to_string(*item.align / 8);
      out_.line("{");
      out_.line("  const std::size_t pad = ($a$ - pos % $a$) % $a$;", {{"a", a}});
      if (!size_only_) {
        out_.line("  if (cap - pos < pad) return mpl::fail<std::size_t>(mpl::error_kind::buffer_too_small, pos, \"$p$\", cap - pos, pad);",
                  {{"p", frame_.packet->name}});
        out_.line("  std::memset(d + pos, 0, pad);");
        room = 0;
      }
      out_.line("  pos += pad;");
      out_.line("}");
    }
    if (!size_only_) out_.line("end_$n$ = pos;", {{"n", n}});
  }
}

void BuilderWriter::write_nested(const std::string& what, const std::optional<sema::PseudoHeader>& ph, bool in_context,
                                 const std::string& arguments) {
  out_.line("{");
  {
    Indent in(out_);
    const std::string pseudo = pseudo_for(ph, what);
    const std::string more = arguments.empty() ? "" : ",\n" + std::string(in_context ? 28 : 31, ' ') + arguments;
    if (in_context) {
      out_.line("auto w = $what$.write_in_(mpl::mutable_bytes{d + pos, cap - pos}, $ph$, ctx, base + pos$more$);",
                {{"what", what}, {"ph", pseudo}, {"more", more}});
    } else {
      // The nested builder checks its room as it writes (no sizing first).
      out_.line("auto w = $what$.write_into_(mpl::mutable_bytes{d + pos, cap - pos}, $ph$$more$);",
                {{"what", what}, {"ph", pseudo}, {"more", more}});
    }
    out_.line("if (!w.ok()) return w.error();");
    out_.line("pos += *w;");
  }
  out_.line("}");
}

std::string BuilderWriter::taken(const sema::Item& item) {
  std::string cond;
  for (const sema::Block* b = item.parent; b != nullptr && b->kind == sema::Block::Kind::kClassifyCase; b = b->parent) {
    const sema::ClassifyCase* kase = b->classify_case;
    std::size_t index = 0;
    for (std::size_t i = 0; i < kase->classify->cases.size(); ++i) {
      if (kase->classify->cases[i].get() == kase) index = i;
    }
    if (!cond.empty()) cond += " && ";
    cond += fmt::format("chosen_{} == {}", local(*kase->classify), index);
  }
  return cond;
}

void BuilderWriter::values() {
  // Value fields in an order where each comes after the value fields it uses.
  const std::vector<const sema::Field*>& order = e_.plan().frame(frame_).values;
  ExprEnv environment = env();
  for (const sema::Field* f : order) {
    const std::string n = local(*f);
    const std::string cond = taken(*f);
    if (!cond.empty()) {
      out_.line("if ($c$) {", {{"c", cond}});
      out_.indent();
    }
    out_.line("value_$n$ = $e$;", {{"n", n}, {"e", e_.expr(*f->value, environment)}});
    // A value the field cannot hold (a length past its width) would be
    // written truncated, giving a packet that parses differently; one
    // outside min()/max() would be written and then refused by parse().
    const Bounds bad = bounds_check(*f, "value_" + n, false);
    if (!bad.cond.empty()) {
      out_.line("if ($bad$) {", {{"bad", bad.cond}});
      // (An unsigned min stays unsuffixed, as it always was: goldens.)
      const std::string lo = f->type.is_signed ? bad.lo : bad.lo.substr(0, bad.lo.size() - 1);
      out_.line("  return mpl::$make$(mpl::error_kind::out_of_range, start_$n$, \"$path$\", value_$n$, $lo$, $hi$);",
                {{"make", f->type.is_signed ? "make_signed_error" : "make_error"},
                 {"n", n},
                 {"path", e_.field_path(*f)},
                 {"lo", lo},
                 {"hi", bad.hi}});
      out_.line("}");
    }
    store(*f, "start_" + n, "value_" + n);
    if (!cond.empty()) {
      out_.outdent();
      out_.line("}");
    }
  }
}

std::optional<std::size_t> BuilderWriter::usual_length(const sema::Item& label) const {
  const sema::Block* block = label.parent;
  if (block == nullptr || block != frame_.block) return std::nullopt;
  std::size_t k = 0;
  bool varies = false;
  for (const auto& owned : block->items) {
    if (owned.get() == &label) break;
    if (const auto n = fixed_write(*owned)) {
      k += *n;
    } else {
      // Only what is often empty (an array, a byte string) makes a usual case.
      const auto* f = owned->as_field();
      if (owned->as_array() == nullptr && (f == nullptr || f->type.kind != sema::Type::Kind::kBytes)) return std::nullopt;
      varies = true;
    }
    if (owned->align && *owned->align >= 8) {
      const std::size_t a = *owned->align / 8;
      k += (a - k % a) % a;
    }
  }
  if (!varies || k == 0 || k > 64) return std::nullopt;
  return k;
}

void BuilderWriter::checksums() {
  for (int pass = 0; pass < 2; ++pass) {
    for (const sema::Item* item : frame_.items) {
      const auto* f = item->as_field();
      if (f == nullptr || !f->checksum) continue;
      const bool range = f->checksum->algorithm == sema::Checksum::Algorithm::kInternetRange;
      if (range != (pass == 0)) continue;
      if (frame_.array != nullptr) {
        e_.unsupported(*f, "checksums inside array elements");
        continue;
      }
      const std::string n = local(*f);
      const std::string cond = taken(*f);
      if (!cond.empty()) {
        out_.line("if ($c$) {", {{"c", cond}});
        out_.indent();
      }
      switch (f->checksum->algorithm) {
        case sema::Checksum::Algorithm::kInternet:
          out_.line("value_$n$ = mpl::internet_checksum(mpl::bytes{d, pos});", {{"n", n}});
          break;
        case sema::Checksum::Algorithm::kInternetRange: {
          const std::string l = local(*f->checksum->end_label);
          if (const auto k = usual_length(*f->checksum->end_label)) {
            // The usual length (a header without options) summed with a
            // length the compiler knows: unrolled, no call.
            out_.line("value_$n$ = start_$l$ == $k$ ? mpl::internet_checksum_fixed<$k$>(d)", {{"n", n}, {"l", l}, {"k", std::to_string(*k)}});
            out_.line("                          : mpl::internet_checksum(mpl::bytes{d, start_$l$});", {{"l", l}});
          } else {
            out_.line("value_$n$ = mpl::internet_checksum(mpl::bytes{d, start_$l$});", {{"n", n}, {"l", l}});
          }
          break;
        }
        case sema::Checksum::Algorithm::kInternetPseudo:
          out_.line("{");
          out_.line("  mpl::checksum_accumulator sum = pseudo != nullptr ? *pseudo : mpl::checksum_accumulator{};");
          out_.line("  sum.add(mpl::bytes{d, pos});");
          out_.line("  value_$n$ = sum.finish();", {{"n", n}});
          // RFC 768: a computed 0 is sent as its other form, 0xFFFF; 0 means none.
          if (f->checksum->zero_means_none) out_.line("  if (value_$n$ == 0) value_$n$ = 0xFFFF;", {{"n", n}});
          out_.line("}");
          break;
      }
      store(*f, "start_" + n, "value_" + n);
      if (!cond.empty()) {
        out_.outdent();
        out_.line("}");
      }
    }
  }
}

}  // namespace mplc::codegen
