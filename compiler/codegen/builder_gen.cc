// Builders: the write side. A builder is a plain aggregate holding the
// fields a user supplies; size() walks the layout it would write, and
// write() writes it in one pass, then fills the value(...) fields (which may
// depend on offsets only known after the walk) and finally the checksums.
//
// Inside write() every position is counted from the start of the packet, so
// offset(f) is simply the recorded end of f. Locals: s_N / e_N (start and
// end of item N of the frame), v_N (value of integer field N), c_N (the case
// taken by classify N), n_N (elements of array N).
#include <fmt/format.h>

#include <functional>

#include "codegen/builder_writer.h"

namespace mplc::codegen {

std::string cpp_string_literal(const std::string& bytes);

bool is_user_integer(const plan::Plan& plan, const sema::Field& f) {
  using Kind = plan::FieldSource::Kind;
  if (!f.type.is_integer()) return false;
  const Kind kind = plan.source(f).kind;
  return kind == Kind::kUser || kind == Kind::kCase || kind == Kind::kCaseOrUser;
}

bool filled_from_case(const plan::Plan& plan, const sema::Field& f) {
  return plan.source(f).kind == plan::FieldSource::Kind::kCase;
}

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
    return "v_" + id(f);
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
    return "std::uint64_t{e_" + id(item) + "}";
  };
  env.size_of = [this](const sema::Item& item) -> std::string {
    if (id_.count(&item) == 0) return "std::uint64_t{0}";
    return fmt::format("std::uint64_t{{e_{0} - s_{0}}}", id(item));
  };
  env.array_length = [this](const sema::Item& item) -> std::string {
    if (id_.count(&item) == 0) return "std::uint64_t{0}";
    return "std::uint64_t{n_" + id(item) + "}";
  };
  env.remaining = []() -> std::string { return "std::uint64_t{0}"; };
  return env;
}

void BuilderWriter::declare_locals() {
  for (const sema::Item* item : frame_.items) {
    const std::string n = id(*item);
    out_.line("[[maybe_unused]] std::size_t s_$n$ = 0, e_$n$ = 0;", {{"n", n}});
    if (const auto* f = item->as_field(); f != nullptr && f->type.is_integer()) {
      out_.line("[[maybe_unused]] std::uint64_t v_$n$ = 0;", {{"n", n}});
    }
    if (item->as_classify() != nullptr) out_.line("[[maybe_unused]] std::size_t c_$n$ = SIZE_MAX;", {{"n", n}});
    if (item->as_array() != nullptr) out_.line("[[maybe_unused]] std::size_t n_$n$ = 0;", {{"n", n}});
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
      v6 ? fmt::format("mpl::ipv6_pseudo_header(d + s_{}, d + s_{}, static_cast<std::uint32_t>({}), "
                       "static_cast<std::uint8_t>(v_{}))",
                       id(*ph->source), id(*ph->destination), length, id(*ph->protocol))
         : fmt::format("mpl::ipv4_pseudo_header(d + s_{}, d + s_{}, static_cast<std::uint8_t>(v_{}), "
                       "static_cast<std::uint16_t>({}))",
                       id(*ph->source), id(*ph->destination), id(*ph->protocol), length);
  // Only for a nested packet that reads it: sizing the payload again and
  // summing the pseudo-header is wasted on, say, ICMP inside IPv4.
  out_.line("const mpl::checksum_accumulator ph = mpl::wants_pseudo_header($what$) ? $sum$ : mpl::checksum_accumulator{};",
            {{"what", what}, {"sum", sum}});
  return "&ph";
}

void BuilderWriter::walk(const sema::Block& block, const std::string& mp) {
  std::string run_id;
  std::uint32_t run_bytes = 0;
  for (const auto& owned : block.items) {
    const sema::Item& item = *owned;
    const std::string n = id(item);
    const std::string name = Emitter::member(item);
    if (!size_only_) out_.line("s_$n$ = pos;", {{"n", n}});
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
                out_.line("std::uint64_t w_$n$ = 0;", {{"n", n}});
              } else {
                out_.line("std::memset(d + pos, 0, $b$);", {{"b", std::to_string(run_bytes)}});
              }
            }
            out_.line("pos += $b$;", {{"b", std::to_string(run_bytes)}});
          } else if (!size_only_) {
            out_.line("s_$n$ = s_$r$;", {{"n", n}, {"r", run_id}});
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
          out_.line("v_$n$ = $v$;", {{"n", n}, {"v", value}});
          if (type.kind == sema::Type::Kind::kBits && run_bytes <= 8) {
            out_.line("mpl::put_bits<$off$, $w$, $b$>(w_$r$, v_$n$);",
                      {{"off", std::to_string(f->bit_offset)}, {"w", std::to_string(type.width)},
                       {"b", std::to_string(run_bytes)}, {"r", run_id}, {"n", n}});
            if (f->bit_offset + type.width == run_bytes * 8) {
              out_.line("mpl::store_bits_run<$b$>(d + s_$r$, w_$r$);", {{"b", std::to_string(run_bytes)}, {"r", run_id}});
            }
          } else if (type.kind == sema::Type::Kind::kBits) {
            store(*f, "s_" + n, "v_" + n);
          } else {
            store(*f, "pos", "v_" + n);
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
        out_.line("n_$n$ = $mp$$name$.size();", {{"n", n}, {"mp", mp}, {"name", name}});
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
        const std::string b = fmt::format("b{}_{}", n, i);
        out_.line("$else$if ([[maybe_unused]] const auto* $b$ = std::get_if<$i$>(&$mp$$member$)) {",
                  {{"else", i == 0 ? "" : "} else "}, {"b", b}, {"i", std::to_string(i)}, {"mp", mp}, {"member", member}});
        Indent in(out_);
        if (!size_only_) out_.line("c_$n$ = $i$;", {{"n", n}, {"i", std::to_string(i)}});
        walk(kase.body, b + "->");
      }
      out_.line("}");
    }
    if (item.align && *item.align >= 8) {
      const std::string a = std::to_string(*item.align / 8);
      out_.line("{");
      out_.line("  const std::size_t pad = ($a$ - pos % $a$) % $a$;", {{"a", a}});
      if (!size_only_) out_.line("  std::memset(d + pos, 0, pad);");
      out_.line("  pos += pad;");
      out_.line("}");
    }
    if (!size_only_) out_.line("e_$n$ = pos;", {{"n", n}});
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
      // This write checked its whole size up front, which includes the
      // nested one's: the nested builder need not size itself again.
      out_.line("auto w = $what$.write_fitted_(mpl::mutable_bytes{d + pos, cap - pos}, $ph$$more$);",
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
    cond += fmt::format("c_{} == {}", id(*kase->classify), index);
  }
  return cond;
}

void BuilderWriter::values() {
  // Value fields in an order where each comes after the value fields it uses.
  const std::vector<const sema::Field*>& order = e_.plan().frame(frame_).values;
  ExprEnv environment = env();
  for (const sema::Field* f : order) {
    const std::string n = id(*f);
    const std::string cond = taken(*f);
    if (!cond.empty()) {
      out_.line("if ($c$) {", {{"c", cond}});
      out_.indent();
    }
    out_.line("v_$n$ = $e$;", {{"n", n}, {"e", e_.expr(*f->value, environment)}});
    // A value the field cannot hold (a length past its width) would be
    // written truncated, giving a packet that parses differently; one
    // outside min()/max() would be written and then refused by parse().
    const Bounds bad = bounds_check(*f, "v_" + n, false);
    if (!bad.cond.empty()) {
      out_.line("if ($bad$) {", {{"bad", bad.cond}});
      // (An unsigned min stays unsuffixed, as it always was: goldens.)
      const std::string lo = f->type.is_signed ? bad.lo : bad.lo.substr(0, bad.lo.size() - 1);
      out_.line("  return mpl::$make$(mpl::error_kind::out_of_range, s_$n$, \"$path$\", v_$n$, $lo$, $hi$);",
                {{"make", f->type.is_signed ? "make_signed_error" : "make_error"},
                 {"n", n},
                 {"path", e_.field_path(*f)},
                 {"lo", lo},
                 {"hi", bad.hi}});
      out_.line("}");
    }
    store(*f, "s_" + n, "v_" + n);
    if (!cond.empty()) {
      out_.outdent();
      out_.line("}");
    }
  }
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
      const std::string n = id(*f);
      const std::string cond = taken(*f);
      if (!cond.empty()) {
        out_.line("if ($c$) {", {{"c", cond}});
        out_.indent();
      }
      switch (f->checksum->algorithm) {
        case sema::Checksum::Algorithm::kInternet:
          out_.line("v_$n$ = mpl::internet_checksum(mpl::bytes{d, pos});", {{"n", n}});
          break;
        case sema::Checksum::Algorithm::kInternetRange:
          out_.line("v_$n$ = mpl::internet_checksum(mpl::bytes{d, s_$l$});", {{"n", n}, {"l", id(*f->checksum->end_label)}});
          break;
        case sema::Checksum::Algorithm::kInternetPseudo:
          out_.line("{");
          out_.line("  mpl::checksum_accumulator sum = pseudo != nullptr ? *pseudo : mpl::checksum_accumulator{};");
          out_.line("  sum.add(mpl::bytes{d, pos});");
          out_.line("  v_$n$ = sum.finish();", {{"n", n}});
          // RFC 768: a computed 0 is sent as its other form, 0xFFFF; 0 means none.
          if (f->checksum->zero_means_none) out_.line("  if (v_$n$ == 0) v_$n$ = 0xFFFF;", {{"n", n}});
          out_.line("}");
          break;
      }
      store(*f, "s_" + n, "v_" + n);
      if (!cond.empty()) {
        out_.outdent();
        out_.line("}");
      }
    }
  }
}

void Emitter::emit_builder_block_members([[maybe_unused]] const layout::Frame& frame, const sema::Block& block) {
  for (const auto& owned : block.items) {
    const sema::Item& item = *owned;
    const std::string name = member(item);
    if (const auto* f = item.as_field()) {
      const auto& type = f->type;
      if (type.is_integer()) {
        if (!is_user_integer(plan_, *f)) continue;
        if (filled_from_case(plan_, *f)) continue;
        std::string init;
        std::optional<std::uint64_t> initial = f->default_int;
        if (!initial && f->variant && f->variant->default_case) initial = f->variant->cases[*f->variant->default_case].low;
        if (initial) {
          const std::string literal = signed_literal(*initial, f->type.is_signed);
          init = f->variant ? fmt::format(" = static_cast<{}>({})", value_type(*f), literal)
                            : fmt::format(" = {}", literal);
        } else {
          init = "{}";
        }
        out_.line("$type$ $name$$init$;", {{"type", value_type(*f)}, {"name", name}, {"init", init}});
      } else if (type.kind == sema::Type::Kind::kBytes) {
        if (f->const_bytes) continue;
        const auto& info = layout_.item(item);
        // A fixed-size string subject is written from the chosen case.
        if (info.fixed_size && filled_from_case(plan_, *f)) continue;
        if (info.fixed_size) {
          out_.line("std::array<std::uint8_t, $n$> $name${};", {{"n", std::to_string(info.size)}, {"name", name}});
        } else {
          out_.line("mpl::payload $name${};", {{"name", name}});
        }
      } else if (type.kind == sema::Type::Kind::kCustom) {
        out_.line("$type$::value_type $name${};", {{"type", type.custom->cpp_type}, {"name", name}});
      }
    } else if (const auto* array = item.as_array()) {
      out_.line("mpl::array_payload<$el$> $name${};", {{"el", names_.element_builder.at(array)}, {"name", name}});
    } else if (const auto* embedded = item.as_embedded()) {
      if (embedded->target == nullptr) continue;
      out_.line("$type$::builder $name${};", {{"type", qualified_packet(*embedded->target)}, {"name", name}});
    } else if (const auto* classify = item.as_classify()) {
      std::string alternatives;
      for (const auto& kase : classify->cases) {
        if (!alternatives.empty()) alternatives += ", ";
        alternatives += names_.branch_builder.at(kase.get());
      }
      out_.line("std::variant<$alts$> $name${};", {{"alts", alternatives}, {"name", names_.builder_member.at(classify)}});
    }
  }
}

void Emitter::emit_builder_branch_structs(const layout::Frame& frame, const sema::Block& block) {
  for (const auto& owned : block.items) {
    const auto* classify = owned->as_classify();
    if (classify == nullptr) continue;
    for (const auto& kase : classify->cases) emit_builder_branch_structs(frame, kase->body);
    for (const auto& kase : classify->cases) {
      out_.line("// Builder of case \"$label$\" of $path$.", {{"label", kase->label}, {"path", field_path(*classify)}});
      out_.line("struct $name$ {", {{"name", names_.branch_builder.at(kase.get())}});
      {
        Indent in(out_);
        emit_builder_block_members(frame, kase->body);
        out_.blank();
        emit_from(names_.branch_builder.at(kase.get()), names_.branch_view.at(kase.get()), kase->body);
      }
      out_.line("};");
      out_.blank();
    }
  }
}

void Emitter::emit_frame_builder(const layout::Frame& frame) {
  for (const sema::Item* item : frame.items) {
    if (const auto* array = item->as_array()) emit_frame_builder(layout_.element_frame(*array));
  }
  emit_builder_branch_structs(frame, *frame.block);
  const bool is_packet = frame.array == nullptr;
  const std::string cls = is_packet ? std::string("builder") : names_.element_builder.at(frame.array);
  if (is_packet) {
    out_.line("// Builds one $name$ packet. Computed fields (value, const, checksums) are", {{"name", frame.packet->name}});
    out_.line("// not members: write() fills them.");
  } else {
    out_.line("// Builds one element of $path$.", {{"path", field_path(*frame.array)}});
  }
  out_.line("struct $cls$ {", {{"cls", cls}});
  {
    Indent in(out_);
    if (is_packet) {
      for (const auto& p : frame.packet->parameters) {
        out_.line("$type$ $name${};", {{"type", param_type(p)}, {"name", param_name(p)}});
      }
      if (!frame.packet->parameters.empty()) emit_builder_params(*frame.packet);
    }
    emit_builder_block_members(frame, *frame.block);
    if (is_packet) {
      // Whether write() reads the pseudo-header it is handed: an enclosing
      // builder computes one only for a payload that does (mpl::wants_pseudo_header).
      bool uses_pseudo = false;
      for (const sema::Item* item : frame.items) {
        const auto* f = item->as_field();
        if (f != nullptr && f->checksum && f->checksum->algorithm == sema::Checksum::Algorithm::kInternetPseudo) {
          uses_pseudo = true;
        }
      }
      out_.line("static constexpr bool uses_pseudo_header_ = $v$;", {{"v", uses_pseudo ? "true" : "false"}});
    }
    out_.blank();
    emit_from(cls, is_packet ? std::string("view") : names_.element_view.at(frame.array), *frame.block,
              is_packet ? frame.packet : nullptr);
    out_.blank();
    emit_takes_rest(frame);
    if (!is_packet) {
      std::string members;
      for (const plan::Capture* c : builder_captures(plan_, *frame.array)) members += " std::uint64_t " + c->member + "{};";
      if (!members.empty()) {
        out_.line("// The fields of the frames around the element that its checks read.");
        out_.line("struct outer_ {$m$ };", {{"m", members}});
      }
    }
    // A packet with custom fields sizes and writes with an mpl::write_context
    // `ctx` shared by its embedded packets and elements; `base` is where the
    // frame's packet starts in the outermost packet.
    const bool ctx = needs_custom_context(*frame.packet);
    if (is_packet && ctx) {
      out_.line("// Exact number of bytes write() produces.");
      out_.line("std::size_t size() const noexcept {");
      out_.line("  mpl::write_context ctx;");
      out_.line("  return size_in_(ctx, 0);");
      out_.line("}");
      out_.line("std::size_t size_in_([[maybe_unused]] mpl::write_context& ctx, [[maybe_unused]] std::size_t base) const noexcept {");
      out_.line("  std::size_t pos = 0;");
    } else if (is_packet) {
      out_.line("// Exact number of bytes write() produces.");
      out_.line("std::size_t size() const noexcept {");
      out_.line("  std::size_t pos = 0;");
    } else if (ctx) {
      out_.line("std::size_t size_at_(std::size_t pos, [[maybe_unused]] mpl::write_context& ctx,");
      out_.line("                     [[maybe_unused]] std::size_t base) const noexcept {");
    } else {
      out_.line("std::size_t size_at_(std::size_t pos) const noexcept {");
    }
    {
      Indent in2(out_);
      BuilderWriter sizer(*this, frame, true);
      sizer.walk(*frame.block, "");
      out_.line("return pos;");
    }
    out_.line("}");
    out_.blank();
    if (is_packet) {
      out_.line("// Writes the packet at the start of `out`; returns its size, or");
      out_.line("// buffer_too_small (writing nothing) when `out` is shorter than size().");
      out_.line("mpl::result<std::size_t> write(mpl::mutable_bytes out) const noexcept { return write_nested_(out, nullptr); }");
      out_.line("// The same, for a packet whose checksum covers a pseudo-header: `pseudo`");
      out_.line("// holds it (e.g. mpl::ipv4_pseudo_header(src, dst, protocol, size())).");
      out_.line("mpl::result<std::size_t> write(mpl::mutable_bytes out, const mpl::checksum_accumulator& pseudo) const noexcept {");
      out_.line("  return write_nested_(out, &pseudo);");
      out_.line("}");
      out_.blank();
      out_.line("mpl::result<std::size_t> write_nested_(mpl::mutable_bytes out,");
      out_.line("                                       [[maybe_unused]] const mpl::checksum_accumulator* pseudo) const noexcept {");
      out_.line("  const std::size_t need = size();");
      out_.line("  if (out.size() < need) {");
      out_.line("    return mpl::fail<std::size_t>(mpl::error_kind::buffer_too_small, 0, \"$name$\", out.size(), need);",
                {{"name", frame.packet->name}});
      out_.line("  }");
      const bool params = !frame.packet->parameters.empty();
      // With parameters, the write takes `arguments` (emit_builder_params()).
      const std::string more = params ? ",\n" + std::string(35, ' ') + "const Arguments& arguments" : "";
      if (ctx) {
        out_.line("  mpl::write_context ctx(out.data());");
        out_.line("  return write_in_(out, pseudo, ctx, 0);");
        out_.line("}");
        out_.blank();
        out_.line("// Writes at the start of `out`, `base` bytes into the outermost packet `ctx` is writing.");
        if (params) {
          out_.line("mpl::result<std::size_t> write_in_(mpl::mutable_bytes out, const mpl::checksum_accumulator* pseudo,");
          out_.line("                                   mpl::write_context& ctx, std::size_t base) const noexcept {");
          out_.line("  return write_in_(out, pseudo, ctx, base, own_arguments_());");
          out_.line("}");
          out_.line("template <class Arguments>");
        }
        out_.line("mpl::result<std::size_t> write_in_(mpl::mutable_bytes out, [[maybe_unused]] const mpl::checksum_accumulator* pseudo,");
        out_.line("                                   [[maybe_unused]] mpl::write_context& ctx,");
        out_.line("                                   [[maybe_unused]] std::size_t base$more$) const noexcept {", {{"more", more}});
      } else {
        out_.line("  return write_fitted_(out, pseudo);");
        out_.line("}");
        out_.blank();
        out_.line("// write() into `out` known to hold size() bytes (an enclosing builder");
        out_.line("// checked its own size, which includes this one's).");
        if (params) {
          out_.line("mpl::result<std::size_t> write_fitted_(mpl::mutable_bytes out, const mpl::checksum_accumulator* pseudo) const noexcept {");
          out_.line("  return write_fitted_(out, pseudo, own_arguments_());");
          out_.line("}");
          out_.line("template <class Arguments>");
        }
        out_.line("mpl::result<std::size_t> write_fitted_(mpl::mutable_bytes out,");
        out_.line("                                       [[maybe_unused]] const mpl::checksum_accumulator* pseudo$more$) const noexcept {",
                  {{"more", params ? ",\n" + std::string(39, ' ') + "const Arguments& arguments" : ""}});
      }
      out_.line("  std::uint8_t* d = out.data();");
      out_.line("  [[maybe_unused]] const std::size_t cap = out.size();");
      out_.line("  std::size_t pos = 0;");
    } else {
      // An until-array's element reports whether it satisfies the condition
      // (`ends`); an element reading the frames around it receives their
      // fields (`outer`).
      const std::string ends = until_checked(layout_, *frame.array) ? ", bool& ends" : "";
      const bool outer = !builder_captures(plan_, *frame.array).empty();
      if (ctx) {
        out_.line("mpl::result<std::size_t> write_at_(std::uint8_t* d, std::size_t pos, [[maybe_unused]] std::size_t cap$e$,",
                  {{"e", ends}});
        out_.line("                                   [[maybe_unused]] mpl::write_context& ctx,");
        out_.line("                                   [[maybe_unused]] std::size_t base$o$) const noexcept {",
                  {{"o", outer ? ", [[maybe_unused]] const outer_& outer" : ""}});
      } else {
        out_.line("mpl::result<std::size_t> write_at_(std::uint8_t* d, std::size_t pos, [[maybe_unused]] std::size_t cap$e$$o$) const noexcept {",
                  {{"e", ends}, {"o", outer ? ", [[maybe_unused]] const outer_& outer" : ""}});
      }
    }
    {
      Indent in2(out_);
      BuilderWriter writer(*this, frame, false);
      writer.declare_locals();
      writer.walk(*frame.block, "");
      writer.arguments_known();
      writer.values();
      writer.checks();
      writer.checksums();
      if (!is_packet && until_checked(layout_, *frame.array)) {
        out_.line("ends = $c$;", {{"c", expr(*frame.array->bound, writer.env())}});
      }
      out_.line("return pos;");
    }
    out_.line("}");
  }
  out_.line("};");
  out_.blank();
}

// A packet with parameters: `params_`, the arguments parse() is given, and
// own_arguments_(), the callable a write alone uses (its own members). An
// enclosing builder hands its write the arguments it computes instead
// (BuilderWriter::arguments_for()), so write() checks the cases, guards and
// sizes over parameters against what parse() will see.
void Emitter::emit_builder_params(const sema::Packet& packet) {
  std::string members;
  std::string own;
  for (const auto& p : packet.parameters) {
    members += fmt::format(" {} {}{{}};", param_type(p), param_name(p));
    own += fmt::format("{}{}", own.empty() ? "" : ", ", param_name(p));
  }
  out_.line("// The arguments parse() is given (write() checks what it decides from them).");
  out_.line("struct params_ {$m$ };", {{"m", members}});
  out_.line("auto own_arguments_() const noexcept {");
  out_.line("  return [this](std::size_t) { return std::optional<params_>(params_{$own$}); };", {{"own", own}});
  out_.line("}");
}

void Emitter::emit_builders(const sema::Packet& packet) { emit_frame_builder(layout_.packet_frame(packet)); }

}  // namespace mplc::codegen
