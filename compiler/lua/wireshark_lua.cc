// The dissector file: banner, runtime, one ProtoField per field (named by
// its path in the spec), value strings, preferences for the top packet's
// parameters, the packet functions (lua_packet.cc), and the entry point
// with its registrations. Output depends only on the model and options.
#include "lua/wireshark_lua.h"

#include <cctype>
#include <filesystem>
#include <functional>

#include <fmt/format.h>

#include "lua/lua_internal.h"

namespace mplc::lua {

namespace {

std::string spec_name(const sema::Item& item) {
  const auto* field = item.as_field();
  return field != nullptr ? field->accessor : item.name;
}

// Every expression the packet functions evaluate names its offset()/sizeof()
// targets here, so only those items record where they start and end.
void collect_measured(const sema::Expr* e, std::set<const sema::Item*>& out) {
  if (e == nullptr) return;
  if ((e->kind == sema::Expr::Kind::kOffset || e->kind == sema::Expr::Kind::kSizeof) && e->target != nullptr) {
    out.insert(e->target);
  }
  for (const auto& operand : e->operands) collect_measured(operand.get(), out);
}

// Walks every packet once: numbers items, declares their ProtoFields and
// value strings in source order.
class FieldDeclarer {
 public:
  FieldDeclarer(LuaOut& out, LuaNames& names, std::string proto) : out_(out), names_(names), proto_(std::move(proto)) {}

  void packet(const sema::Packet& packet) {
    next_id_ = 1;
    classify_count_ = 0;
    block(packet.body, proto_ + "." + packet.name);
  }

 private:
  std::string claim(const std::string& abbr) {
    std::string unique = abbr;
    for (int i = 2; !abbrs_.insert(unique).second; ++i) unique = fmt::format("{}_{}", abbr, i);
    return unique;
  }

  int declare(const std::string& constructor, const std::string& abbr, const std::string& name,
              const std::string& extra) {
    const int k = ++field_count_;
    out_.line(fmt::format("F[{}] = ProtoField.{}({}, {}{})", k, constructor, lua_string(claim(abbr)), lua_string(name),
                          extra));
    return k;
  }

  void block(const sema::Block& block, const std::string& prefix) {
    for (const auto& owned : block.items) {
      const sema::Item& item = *owned;
      names_.id[&item] = next_id_++;
      const std::string abbr = prefix + "." + spec_name(item);
      if (const auto* f = item.as_field()) {
        field(*f, abbr);
        collect_measured(f->type.size.get(), names_.measured);
        collect_measured(f->const_value.get(), names_.measured);
        collect_measured(f->min.get(), names_.measured);
        collect_measured(f->max.get(), names_.measured);
      } else if (const auto* a = item.as_array()) {
        names_.proto_field[&item] = declare("none", abbr, a->name, "");
        collect_measured(a->bound.get(), names_.measured);
        this->block(a->element, abbr);
      } else if (const auto* m = item.as_embedded()) {
        names_.proto_field[&item] = declare("none", abbr, m->name, "");
        for (const auto& arg : m->args) collect_measured(arg.get(), names_.measured);
        collect_measured(m->size.get(), names_.measured);
      } else if (const auto* k = item.as_classify()) {
        // The name visit() and so mpldump give the chosen case: the
        // subject's names in the spec (sema::classify_subject_name),
        // "classifyN" for an expression that reads none.
        std::string subject = sema::classify_subject_name(*k);
        if (subject.empty()) subject = fmt::format("classify{}", classify_count_);
        ++classify_count_;
        names_.case_field[k] = declare("string", prefix + "." + subject + "_case", subject + "_case", "");
        collect_measured(k->subject.get(), names_.measured);
        for (const auto& kase : k->cases) {
          collect_measured(kase->guard.get(), names_.measured);
          this->block(kase->body, prefix + "." + kase->label);
        }
      }
    }
  }

  void field(const sema::Field& f, const std::string& abbr) {
    switch (f.type.kind) {
      case sema::Type::Kind::kUint:
      case sema::Type::Kind::kBits: {
        const std::uint32_t bytes = display_bytes(f);
        // intN maps to ProtoField.intN (ftypes.INT8..INT64).
        const std::string constructor = f.type.is_signed ? fmt::format("int{}", f.type.width)
                                        : bytes <= 4     ? fmt::format("uint{}", bytes * 8)
                                                         : "uint64";
        std::string vs = "nil";
        if (uses_value_string(f)) {
          const int k = ++value_string_count_;
          std::string entries;
          for (const auto& vc : f.variant->cases) {
            if (vc.low != vc.high) continue;
            entries += fmt::format("{}[{}] = {}", entries.empty() ? "" : ", ", sema::value_text(vc.low, f.type.is_signed),
                                   lua_string(vc.name));
          }
          out_.line(fmt::format("VS[{}] = {{{}}}", k, entries));
          names_.value_string[&f] = k;
          vs = fmt::format("VS[{}]", k);
        }
        std::string mask;
        if (f.type.kind == sema::Type::Kind::kBits && bit_mask_exact(f)) {
          const std::uint32_t shift = f.run_bits - f.bit_offset - f.type.width;
          mask = fmt::format(", 0x{:x}", ((std::uint64_t{1} << f.type.width) - 1) << shift);
        }
        names_.proto_field[&f] = declare(constructor, abbr, f.accessor, fmt::format(", base.DEC, {}{}", vs, mask));
        break;
      }
      case sema::Type::Kind::kBytes:
        names_.proto_field[&f] = declare("bytes", abbr, f.accessor, "");
        break;
      case sema::Type::Kind::kCustom:
        names_.proto_field[&f] = declare("string", abbr, f.accessor, "");
        break;
      case sema::Type::Kind::kLabel:
      case sema::Type::Kind::kError:
        break;
    }
  }

  LuaOut& out_;
  LuaNames& names_;
  std::string proto_;
  std::set<std::string> abbrs_;
  int next_id_ = 1;
  int classify_count_ = 0;
  int field_count_ = 0;
  int value_string_count_ = 0;
};

// The top packet by default: the first root packet no root packet embeds.
const sema::Packet* default_top(const sema::Model& model) {
  std::set<const sema::Packet*> embedded;
  std::function<void(const sema::Block&)> walk = [&](const sema::Block& block) {
    for (const auto& item : block.items) {
      if (const auto* m = item->as_embedded()) embedded.insert(m->target);
      if (const auto* a = item->as_array()) walk(a->element);
      if (const auto* k = item->as_classify()) {
        for (const auto& kase : k->cases) walk(kase->body);
      }
    }
  };
  for (const auto& p : model.packets) walk(p->body);
  for (const auto& p : model.packets) {
    if (p->in_root && embedded.count(p.get()) == 0) return p.get();
  }
  for (const auto& p : model.packets) {
    if (p->in_root) return p.get();
  }
  return nullptr;
}

// Wireshark's preference names are lower case.
std::string pref_name(const sema::Parameter& param) {
  std::string name;
  for (char ch : param.name) name += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return name;
}

struct Registration {
  std::string table;
  std::uint64_t value = 0;
};

// "udp:5353", "tcp:179", "ethertype:0x88b5": a dissector table and an
// integer key of it.
bool parse_registration(const std::string& text, Registration& out) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return false;
  std::string table = text.substr(0, colon);
  for (char ch : table) {
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-')) return false;
  }
  if (table == "udp" || table == "tcp" || table == "sctp") table += ".port";
  const std::string number = text.substr(colon + 1);
  try {
    std::size_t used = 0;
    out.value = std::stoull(number, &used, 0);
    if (used != number.size()) return false;
  } catch (const std::exception&) {
    return false;
  }
  out.table = table;
  return true;
}

void emit_entry(LuaOut& out, const sema::Packet& top, const std::vector<Registration>& registrations) {
  out.line("-- ---------------------------------------------------------------- entry point");
  out.line("local function arguments()");
  out.indent();
  out.line("local a = {}");
  for (const auto& param : top.parameters) {
    out.line(fmt::format("a[{}] = proto.prefs[{}]", lua_string(param.name), lua_string(pref_name(param))));
  }
  out.line("return a");
  out.dedent();
  out.line("end");
  out.line("");
  out.line("-- One message from off; limit ends its region. Returns ok, the error");
  out.line("-- (when not ok), where the message ended and its first case label.");
  out.line("local function message(tvb, tree, off, limit)");
  out.indent();
  out.line("local c = { tvb = tvb, off = off, limit = limit, base0 = off, depth = 0 }");
  out.line("local item = nil");
  out.line("if tree ~= nil then item = tree:add(proto, tvb:range(off, 0)) end");
  out.line(fmt::format("local ok, err = pcall(P[{}], c, item, arguments())", lua_string(top.name)));
  out.line("if item ~= nil then");
  out.indent();
  out.line("item:set_len(c.off - off)");
  out.line("if not ok and type(err) == \"table\" and err.mpl then");
  out.line("  local text = string.format(\"%s: %s at byte %d: %s\", err.kind, err.field, err.offset, err.message)");
  out.line("  item:add_proto_expert_info(err.kind == \"unsupported\" and E.unsupported or E.malformed, text)");
  out.line("elseif not ok then");
  out.line("  item:add_proto_expert_info(E.malformed, tostring(err))");
  out.line("end");
  out.dedent();
  out.line("end");
  out.line("return ok, err, c.off, c.info");
  out.dedent();
  out.line("end");
  out.line("");
  out.line("-- Over TCP (when reassembly is possible) a segment may hold several");
  out.line("-- messages or part of one: each is measured first without a tree, and a");
  out.line("-- message that runs past the data asks TCP for more. Anywhere else the");
  out.line("-- data is one message.");
  out.line("function proto.dissector(tvb, pinfo, tree)");
  out.indent();
  out.line("pinfo.cols.protocol = proto.name");
  out.line("local len = tvb:len()");
  out.line("local labels = {}");
  out.line("local function show(info)");
  out.line("  if info ~= nil then labels[#labels + 1] = info end");
  out.line("  if #labels > 0 then pinfo.cols.info = table.concat(labels, \", \") end");
  out.line("end");
  out.line("if pinfo.can_desegment == 0 then");
  out.line("  local _, _, _, info = message(tvb, tree, 0, len)");
  out.line("  show(info)");
  out.line("  return len");
  out.line("end");
  out.line("local off = 0");
  out.line("while off < len do");
  out.indent();
  out.line("local ok, err, stop = message(tvb, nil, off, len)");
  out.line("if not ok and type(err) == \"table\" and err.kind == \"truncated\" then");
  out.line("  pinfo.desegment_offset = off");
  out.line("  pinfo.desegment_len = DESEGMENT_ONE_MORE_SEGMENT");
  out.line("  return len");
  out.line("end");
  out.line("if not ok then stop = len end");
  out.line("local _, _, _, info = message(tvb, tree, off, stop)");
  out.line("show(info)");
  out.line("if stop <= off then break end");
  out.line("off = stop");
  out.dedent();
  out.line("end");
  out.line("return len");
  out.dedent();
  out.line("end");
  out.line("");
  for (const auto& r : registrations) {
    out.line(fmt::format("DissectorTable.get({}):add({}, proto)", lua_string(r.table), r.value));
  }
}

}  // namespace

std::string generate_wireshark_lua(const sema::Model& model, const WiresharkOptions& options,
                                   Diagnostics& diagnostics) {
  const sema::Packet* top = options.top_packet.empty() ? default_top(model) : model.find_packet(options.top_packet);
  if (top == nullptr) {
    diagnostics.error_without_location(options.top_packet.empty()
                                           ? "the spec has no packet to dissect"
                                           : fmt::format("--wireshark-packet: no packet named '{}'", options.top_packet));
    return "";
  }
  std::vector<Registration> registrations;
  for (const auto& text : options.registrations) {
    Registration r;
    if (!parse_registration(text, r)) {
      diagnostics.error_without_location(fmt::format(
          "--wireshark-register '{}': expected TABLE:NUMBER, e.g. udp:5353, tcp:179 or ethertype:0x88b5", text));
      return "";
    }
    registrations.push_back(r);
  }
  const std::string display = options.spec_display_path;
  std::string proto = options.proto_name;
  if (proto.empty()) {
    proto = "mpl_";
    for (char ch : std::filesystem::path(display).stem().string()) {
      proto += std::isalnum(static_cast<unsigned char>(ch)) ? static_cast<char>(std::tolower(ch)) : '_';
    }
  }

  LuaOut out;
  out.line(fmt::format("-- Generated by mplc {} from {}: a Wireshark dissector (docs/wireshark.md).",
                       options.compiler_version.empty() ? MPLC_VERSION : options.compiler_version, display));
  out.line(fmt::format("-- Load it with: tshark -X lua_script:{}.lua ...   Do not edit.", proto));
  out.line("");
  std::string text = out.text() + kLuaRuntime;

  LuaOut body;
  body.line("");
  body.line("-- ---------------------------------------------------------------- fields");
  body.line(fmt::format("local proto = Proto({}, {})", lua_string(proto),
                        lua_string(fmt::format("{} (MPL spec {})", top->name, display))));
  body.line("local F, VS, P = {}, {}, {}");
  LuaNames names;
  FieldDeclarer declarer(body, names, proto);
  for (const auto& p : model.packets) declarer.packet(*p);
  body.line("proto.fields = F");
  body.line("local E = {");
  body.line(fmt::format("  malformed = ProtoExpert.new({}, \"Malformed message\", expert.group.MALFORMED, expert.severity.ERROR),",
                        lua_string(proto + ".malformed")));
  body.line(fmt::format("  unsupported = ProtoExpert.new({}, \"Not shown by the dissector\", expert.group.UNDECODED, expert.severity.NOTE),",
                        lua_string(proto + ".unsupported")));
  body.line("}");
  body.line("proto.experts = { E.malformed, E.unsupported }");
  for (const auto& param : top->parameters) {
    const bool is_bool = param.type == sema::Parameter::Type::kBool;
    body.line(fmt::format("proto.prefs[{}] = Pref.{}({}, {}, {})", lua_string(pref_name(param)), is_bool ? "bool" : "uint",
                          lua_string(param.name), is_bool ? "false" : "0",
                          lua_string(fmt::format("Parameter {} of packet {}", param.name, top->name))));
  }
  body.line("");
  body.line("-- ---------------------------------------------------------------- packets");
  for (const auto& p : model.packets) emit_packet_function(body, *p, names);
  emit_entry(body, *top, registrations);
  return text + body.text();
}

}  // namespace mplc::lua
