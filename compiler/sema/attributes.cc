// Field attributes: placement, conflicts, constant ranges, variants,
// checksums and pseudo-headers.
#include <fmt/format.h>

#include <array>

#include "sema/analyzer.h"

namespace mplc::sema {

std::string_view attribute_name(ast::Attribute::Kind kind) {
  switch (kind) {
    case ast::Attribute::Kind::kValue: return "value";
    case ast::Attribute::Kind::kConst: return "const";
    case ast::Attribute::Kind::kDefault: return "default";
    case ast::Attribute::Kind::kMin: return "min";
    case ast::Attribute::Kind::kMax: return "max";
    case ast::Attribute::Kind::kAlign: return "align";
    case ast::Attribute::Kind::kVariant: return "variant";
    case ast::Attribute::Kind::kEndian: return "endian";
    case ast::Attribute::Kind::kChecksum: return "checksum";
    case ast::Attribute::Kind::kPseudoHeader: return "pseudo_header";
    case ast::Attribute::Kind::kSize: return "size";
  }
  return "?";
}

namespace {

constexpr std::size_t kAttributeKinds = 11;

std::string describe_type(const Field& field) {
  switch (field.type.kind) {
    case Type::Kind::kBits: return fmt::format("bit field '{}'", field.name);
    case Type::Kind::kUint: return fmt::format("integer field '{}'", field.name);
    case Type::Kind::kBytes: return fmt::format("byte string '{}'", field.name);
    case Type::Kind::kLabel: return fmt::format("label '{}'", field.name);
    case Type::Kind::kCustom: return fmt::format("custom-type field '{}'", field.name);
    case Type::Kind::kError: break;
  }
  return fmt::format("field '{}'", field.name);
}

}  // namespace

std::optional<Endian> Analyzer::endian_argument(const ast::Attribute& attribute) {
  if (attribute.args.size() == 1 && attribute.args[0]->kind == ast::Expr::Kind::kName) {
    if (attribute.args[0]->text == "big") return Endian::kBig;
    if (attribute.args[0]->text == "little") return Endian::kLittle;
  }
  diags_.error(attribute.range, "endian(...) takes 'big' or 'little'");
  return std::nullopt;
}

void Analyzer::analyze_field_attributes(Field& field, const ast::Field& syntax) {
  std::array<const ast::Attribute*, kAttributeKinds> seen{};
  using Kind = ast::Attribute::Kind;
  auto conflict = [&](const ast::Attribute& attribute, Kind other) {
    const ast::Attribute* earlier = seen[static_cast<std::size_t>(other)];
    if (earlier == nullptr) return false;
    diags_.error(attribute.range, fmt::format("field '{}' cannot have both {}(...) and {}(...)", field.name,
                                              attribute_name(other), attribute_name(attribute.kind)));
    return true;
  };
  bool error_type = field.type.kind == Type::Kind::kError;

  // A constant attribute value that must fit the field's width.
  auto constant = [&](const ast::Attribute& attribute) -> std::pair<ExprPtr, std::optional<std::uint64_t>> {
    ExprContext context;
    context.owner = &field;
    if (attribute.args.size() != 1) {
      diags_.error(attribute.range, fmt::format("{}(...) takes one value", attribute_name(attribute.kind)));
      return {nullptr, std::nullopt};
    }
    ExprPtr e = resolve(*attribute.args[0], context);
    if (e->type == ExprType::kError || error_type) return {std::move(e), std::nullopt};
    if (!field.type.is_integer()) {
      diags_.error(attribute.range, fmt::format("{}(...) needs an integer field, but {} is not one",
                                                attribute_name(attribute.kind), describe_type(field)));
      return {std::move(e), std::nullopt};
    }
    if (!e->constant) {
      diags_.error(e->range, fmt::format("{}(...) of '{}' must be an integer constant",
                                         attribute_name(attribute.kind), field.name));
      return {std::move(e), std::nullopt};
    }
    const bool sg = field.type.is_signed;
    if (e->negative && !sg) {
      diags_.error(e->range, fmt::format("{} value {} is negative; '{}' is unsigned", attribute_name(attribute.kind),
                                         e->signed_constant(), field.name));
      return {std::move(e), std::nullopt};
    }
    if (!fits_constant(*e, field.type.width, sg)) {
      diags_.error(e->range,
                   sg ? fmt::format("{} value {} does not fit in {} '{}' ({})", attribute_name(attribute.kind),
                                    e->negative ? std::to_string(e->signed_constant()) : std::to_string(*e->constant),
                                    field.type.spelling, field.name, range_text(field.type.width, true))
                      : fmt::format("{} value {} does not fit in the {} bits of '{}'", attribute_name(attribute.kind),
                                    *e->constant, field.type.width, field.name));
      return {std::move(e), std::nullopt};
    }
    std::optional<std::uint64_t> v = e->constant;
    return {std::move(e), v};
  };

  for (const ast::Attribute& attribute : syntax.attributes) {
    auto slot = static_cast<std::size_t>(attribute.kind);
    if (seen[slot] != nullptr) {
      diags_.error(attribute.range, fmt::format("duplicate attribute '{}'", attribute_name(attribute.kind)));
      diags_.note(seen[slot]->range, "first given here");
      continue;
    }
    bool conflicting = false;
    switch (attribute.kind) {
      case Kind::kValue: conflicting = conflict(attribute, Kind::kConst) || conflict(attribute, Kind::kDefault); break;
      case Kind::kConst: conflicting = conflict(attribute, Kind::kValue) || conflict(attribute, Kind::kDefault); break;
      case Kind::kDefault: conflicting = conflict(attribute, Kind::kValue) || conflict(attribute, Kind::kConst); break;
      default: break;
    }
    seen[slot] = &attribute;
    if (conflicting) continue;

    switch (attribute.kind) {
      case Kind::kValue: {
        if (!error_type && !field.type.is_integer()) {
          diags_.error(attribute.range, fmt::format("value(...) is not allowed on {}: only integer fields are "
                                                    "computed by the builder",
                                                    describe_type(field)));
          break;
        }
        if (attribute.args.size() != 1) {
          diags_.error(attribute.range, "value(...) takes one expression");
          break;
        }
        ExprContext context;
        context.owner = &field;
        context.allow_later = true;
        context.in_value = true;
        field.value = resolve(*attribute.args[0], context);
        if (field.value->type != ExprType::kInt && field.value->type != ExprType::kError) {
          diags_.error(field.value->range,
                       fmt::format("value(...) of '{}' must be an integer expression, not {}", field.name,
                                   field.value->type == ExprType::kBool ? "a boolean" : "a string"));
          field.value->type = ExprType::kError;
        }
        if (field.value->type == ExprType::kInt) value_fields_.push_back(&field);
        break;
      }
      case Kind::kConst: {
        if (field.type.kind == Type::Kind::kBytes && attribute.args.size() == 1) {
          ExprContext context;
          context.owner = &field;
          field.const_value = resolve(*attribute.args[0], context);
          const Expr& e = *field.const_value;
          if (e.type == ExprType::kError) break;
          if (e.kind != Expr::Kind::kString) {
            diags_.error(e.range, fmt::format("const(...) of byte string '{}' must be a string literal", field.name));
            break;
          }
          if (!field.type.size || field.type.size->type == ExprType::kError) break;
          if (!field.type.size->constant) {
            diags_.error(attribute.range, fmt::format("const(...) needs byte string '{}' to have a constant size",
                                                      field.name));
            break;
          }
          if (e.string.size() != *field.type.size->constant) {
            diags_.error(e.range, fmt::format("const string of '{}' has {} bytes, but the field has {}", field.name,
                                              e.string.size(), *field.type.size->constant));
            break;
          }
          field.const_bytes = e.string;
          break;
        }
        auto [e, v] = constant(attribute);
        field.const_value = std::move(e);
        field.const_int = v;
        break;
      }
      case Kind::kDefault: {
        auto [e, v] = constant(attribute);
        field.default_value = std::move(e);
        field.default_int = v;
        break;
      }
      case Kind::kMin: {
        auto [e, v] = constant(attribute);
        field.min = std::move(e);
        field.min_int = v;
        break;
      }
      case Kind::kMax: {
        auto [e, v] = constant(attribute);
        field.max = std::move(e);
        field.max_int = v;
        if (field.min_int && field.max_int && value_less(*field.max_int, *field.min_int, field.type.is_signed)) {
          diags_.error(attribute.range, fmt::format("min {} is greater than max {} for '{}'",
                                                    value_text(*field.min_int, field.type.is_signed),
                                                    value_text(*field.max_int, field.type.is_signed), field.name));
        }
        break;
      }
      case Kind::kVariant: {
        if (error_type) break;
        if (!field.type.is_integer()) {
          diags_.error(attribute.range, fmt::format("variant is not allowed on {}: only integer fields have variants",
                                                    describe_type(field)));
          break;
        }
        Variant variant;
        variant.range = attribute.range;
        ExprContext context;
        context.owner = &field;
        for (const ast::VariantCase& syntax_case : attribute.cases) {
          VariantCase vc;
          vc.name = syntax_case.label;
          vc.is_default = syntax_case.is_default;
          vc.range = syntax_case.range;
          const ast::Expr& match = *syntax_case.match;
          bool ok = true;
          bool high_fits = true, high_negative = false;
          if (match.kind == ast::Expr::Kind::kBinary && match.binary_op == ast::BinaryOp::kRange) {
            ExprPtr low = resolve(*match.operands[0], context);
            ExprPtr high = resolve(*match.operands[1], context);
            if (low->type == ExprType::kError || high->type == ExprType::kError) {
              ok = false;
            } else if (!low->constant || !high->constant) {
              diags_.error(match.range, "variant values must be integer constants");
              ok = false;
            } else if (!field.type.is_signed && (low->negative || high->negative)) {
              const Expr& bad = low->negative ? *low : *high;
              diags_.error(bad.range, fmt::format("variant value {} of '{}' is negative; '{}' is unsigned",
                                                  bad.signed_constant(), vc.name, field.name));
              ok = false;
            } else {
              vc.low = *low->constant;
              vc.high = *high->constant;
              high_fits = fits_constant(*high, field.type.width, field.type.is_signed);
              high_negative = high->negative;
              if (!fits_constant(*low, field.type.width, field.type.is_signed)) {
                diags_.error(match.range, fmt::format("variant value {} of '{}' does not fit in {} '{}' ({})",
                                                      value_text(vc.low, low->negative), vc.name, field.type.spelling,
                                                      field.name, range_text(field.type.width, field.type.is_signed)));
                ok = false;
              } else if (value_less(vc.high, vc.low, field.type.is_signed)) {
                const std::string lo = value_text(vc.low, field.type.is_signed);
                const std::string hi = value_text(vc.high, field.type.is_signed);
                diags_.error(match.range, fmt::format("range {}..{} is empty: {} is greater than {}", lo, hi, lo, hi));
                ok = false;
              }
            }
          } else {
            ExprPtr e = resolve(match, context);
            if (e->type == ExprType::kError) {
              ok = false;
            } else if (!e->constant) {
              diags_.error(match.range, "variant values must be integer constants");
              ok = false;
            } else if (e->negative && !field.type.is_signed) {
              diags_.error(match.range, fmt::format("variant value {} of '{}' is negative; '{}' is unsigned",
                                                    e->signed_constant(), vc.name, field.name));
              ok = false;
            } else {
              vc.low = vc.high = *e->constant;
              high_fits = fits_constant(*e, field.type.width, field.type.is_signed);
              high_negative = e->negative;
            }
          }
          if (ok && !high_fits) {
            diags_.error(match.range,
                         field.type.is_signed
                             ? fmt::format("variant value {} of '{}' does not fit in {} '{}' ({})",
                                           value_text(vc.high, high_negative), vc.name, field.type.spelling, field.name,
                                           range_text(field.type.width, true))
                             : fmt::format("variant value {} of '{}' does not fit in the {} bits of '{}'", vc.high,
                                           vc.name, field.type.width, field.name));
            ok = false;
          }
          for (const VariantCase& earlier : variant.cases) {
            if (earlier.name == vc.name) {
              diags_.error(vc.range, fmt::format("duplicate variant name '{}'", vc.name));
              diags_.note(earlier.range, fmt::format("'{}' first defined here", vc.name));
              ok = false;
              break;
            }
            if (ok && !value_less(earlier.high, vc.low, field.type.is_signed) &&
                !value_less(vc.high, earlier.low, field.type.is_signed)) {
              diags_.error(match.range, fmt::format("variant value of '{}' is already used by '{}'", vc.name,
                                                    earlier.name));
              diags_.note(earlier.range, fmt::format("'{}' is here", earlier.name));
              ok = false;
              break;
            }
          }
          if (vc.is_default && variant.default_case) {
            const VariantCase& first = variant.cases[*variant.default_case];
            diags_.error(vc.range, fmt::format("variant of '{}' has more than one default ('=>')", field.name));
            diags_.note(first.range, fmt::format("'{}' is already the default", first.name));
            ok = false;
          }
          if (!ok) continue;
          if (vc.is_default) variant.default_case = variant.cases.size();
          variant.cases.push_back(std::move(vc));
        }
        field.variant = std::move(variant);
        break;
      }
      case Kind::kEndian: {
        std::optional<Endian> endian = endian_argument(attribute);
        if (!endian || error_type) break;
        if (field.type.kind == Type::Kind::kBits) {
          diags_.error(attribute.range, fmt::format("endian(...) is not allowed on {}: bit fields are packed "
                                                    "most significant bit first",
                                                    describe_type(field)));
          break;
        }
        if (field.type.kind != Type::Kind::kUint || field.type.width < 16) {
          diags_.error(attribute.range, fmt::format("endian(...) is not allowed on {}: only fields of 16 bits or "
                                                    "more have a byte order",
                                                    describe_type(field)));
          break;
        }
        field.endian = *endian;
        field.endian_explicit = true;
        break;
      }
      case Kind::kChecksum: {
        Checksum checksum;
        checksum.range = attribute.range;
        if (!error_type && !(field.type.kind == Type::Kind::kUint && field.type.width == 16)) {
          diags_.error(attribute.range, fmt::format("checksum(...) needs a uint16 field, but '{}' is {}", field.name,
                                                    field.type.spelling));
          break;
        }
        if (attribute.args.empty() || attribute.args.size() > 2 ||
            attribute.args[0]->kind != ast::Expr::Kind::kName) {
          diags_.error(attribute.range, "checksum(...) takes an algorithm (internet, internet_pseudo or udp) and, "
                                        "for internet, an optional end label");
          break;
        }
        const ast::Expr& algorithm = *attribute.args[0];
        if (algorithm.text == "internet") {
          checksum.algorithm = Checksum::Algorithm::kInternet;
        } else if (algorithm.text == "internet_pseudo") {
          checksum.algorithm = Checksum::Algorithm::kInternetPseudo;
        } else if (algorithm.text == "udp") {
          checksum.algorithm = Checksum::Algorithm::kInternetPseudo;
          checksum.zero_means_none = true;
        } else {
          std::string suggestion = nearest_name(algorithm.text, {"internet", "internet_pseudo", "udp"});
          diags_.error(algorithm.range,
                       suggestion.empty()
                           ? fmt::format("unknown checksum algorithm '{}'; the algorithms are internet, "
                                         "internet_pseudo and udp",
                                         algorithm.text)
                           : fmt::format("unknown checksum algorithm '{}'; did you mean '{}'?", algorithm.text,
                                         suggestion));
          break;
        }
        if (attribute.args.size() == 2) {
          const ast::Expr& end = *attribute.args[1];
          if (checksum.algorithm != Checksum::Algorithm::kInternet) {
            diags_.error(end.range, fmt::format("checksum({}) covers the whole packet and takes no end label",
                                                checksum.zero_means_none ? "udp" : "internet_pseudo"));
            break;
          }
          if (end.kind != ast::Expr::Kind::kName) {
            diags_.error(end.range, "the end of a checksum must name a label field");
            break;
          }
          ExprContext context;
          context.owner = &field;
          context.allow_later = true;
          Item* item = lookup_item(end.text, end.range, context);
          if (item == nullptr) break;
          const Field* label = item->as_field();
          if (label == nullptr || label->type.kind != Type::Kind::kLabel) {
            diags_.error(end.range, fmt::format("the end of a checksum must name a label field, but '{}' is not a "
                                                "label",
                                                end.text));
            break;
          }
          checksum.algorithm = Checksum::Algorithm::kInternetRange;
          checksum.end_label = label;
        }
        field.checksum = checksum;
        break;
      }
      case Kind::kPseudoHeader: {
        if (!error_type && field.type.kind != Type::Kind::kBytes) {
          diags_.error(attribute.range, fmt::format("pseudo_header(...) belongs on the payload (a byte string or "
                                                    "embedded packet), not on {}",
                                                    describe_type(field)));
          break;
        }
        std::optional<PseudoHeader> header = pseudo_header(attribute);
        if (header) field.pseudo_header = *header;
        break;
      }
      case Kind::kAlign:
        field.align = align_argument(attribute, field);
        break;
      case Kind::kSize:
        diags_.error(attribute.range,
                     fmt::format("size(...) bounds an embedded packet ('x: packet p() size(n);'), not {}{}",
                                 describe_type(field),
                                 field.type.kind == Type::Kind::kBytes ? "; a byte string's size goes in its brackets"
                                                                       : ""));
        break;
    }
  }
  check_fixed_values_within_bounds(field);
}

// A default or const the parser's own min/max would reject can never
// round-trip: the builder would write a packet that does not parse.
void Analyzer::check_fixed_values_within_bounds(const Field& field) {
  auto check = [&](const std::optional<std::uint64_t>& v, const ExprPtr& e, const char* what) {
    if (!v || !e) return;
    const bool sg = field.type.is_signed;
    if (field.min_int && value_less(*v, *field.min_int, sg)) {
      diags_.error(e->range, fmt::format("{} {} of '{}' is below its min {}", what, value_text(*v, sg), field.name,
                                         value_text(*field.min_int, sg)));
    } else if (field.max_int && value_less(*field.max_int, *v, sg)) {
      diags_.error(e->range, fmt::format("{} {} of '{}' is above its max {}", what, value_text(*v, sg), field.name,
                                         value_text(*field.max_int, sg)));
    }
  };
  check(field.default_int, field.default_value, "default");
  check(field.const_int, field.const_value, "const");
}

std::optional<std::uint32_t> Analyzer::align_argument(const ast::Attribute& attribute, const Item& item) {
  ExprContext context;
  context.owner = &item;
  if (attribute.args.size() != 1) {
    diags_.error(attribute.range, "align(...) takes a number of bits");
    return std::nullopt;
  }
  ExprPtr e = resolve(*attribute.args[0], context);
  if (e->type == ExprType::kError) return std::nullopt;
  if (!e->constant || *e->constant == 0 || *e->constant % 8 != 0 || *e->constant > 0xffffffffu) {
    diags_.error(attribute.range, "align(...) takes a positive multiple of 8 bits");
    return std::nullopt;
  }
  return static_cast<std::uint32_t>(*e->constant);
}

ExprPtr Analyzer::size_argument(const ast::Attribute& attribute, const Item& item, const std::string& what) {
  if (attribute.args.size() != 1) {
    diags_.error(attribute.range, "size(...) takes one expression: the number of bytes");
    return nullptr;
  }
  ExprContext context;
  context.owner = &item;
  context.in_size = true;
  ExprPtr e = resolve(*attribute.args[0], context);
  if (e->type == ExprType::kError) return nullptr;
  if (e->type != ExprType::kInt) {
    diags_.error(e->range, fmt::format("size(...) of {} must be an integer expression, not {}", what,
                                       e->type == ExprType::kBool ? "a boolean" : "a string"));
    return nullptr;
  }
  note_lengths(*e, item);
  if (!constant_size_ok(*e, "the size of " + what, "bytes")) return nullptr;
  return e;
}

std::optional<PseudoHeader> Analyzer::pseudo_header(const ast::Attribute& attribute) {
  if (attribute.args.size() != 3) {
    diags_.error(attribute.range, "pseudo_header(...) takes three fields: source, destination and protocol");
    return std::nullopt;
  }
  ExprContext context;
  PseudoHeader header;
  header.range = attribute.range;
  const Field* parts[3] = {};
  static constexpr std::string_view kRoles[3] = {"source", "destination", "protocol"};
  bool ok = true;
  for (std::size_t i = 0; i < 3; ++i) {
    const ast::Expr& arg = *attribute.args[i];
    if (arg.kind != ast::Expr::Kind::kName) {
      diags_.error(arg.range, fmt::format("the pseudo-header {} must name a field", kRoles[i]));
      ok = false;
      continue;
    }
    Item* item = lookup_item(arg.text, arg.range, context);
    if (item == nullptr) {
      ok = false;
      continue;
    }
    const Field* field = item->as_field();
    bool fits_role = false;
    if (field != nullptr && i < 2) {
      fits_role = (field->type.kind == Type::Kind::kUint && field->type.width == 32) ||
                  (field->type.kind == Type::Kind::kBytes && field->type.size && field->type.size->constant &&
                   (*field->type.size->constant == 4 || *field->type.size->constant == 16));
    } else if (field != nullptr) {
      fits_role = field->type.is_integer();
    }
    if (!fits_role) {
      diags_.error(arg.range, i < 2 ? fmt::format("the pseudo-header {} '{}' must be a uint32, byte[4] or byte[16] "
                                                  "field",
                                                  kRoles[i], arg.text)
                                    : fmt::format("the pseudo-header protocol '{}' must be an integer field",
                                                  arg.text));
      ok = false;
      continue;
    }
    parts[i] = field;
  }
  if (!ok) return std::nullopt;
  header.source = parts[0];
  header.destination = parts[1];
  header.protocol = parts[2];
  return header;
}

void Analyzer::analyze_item_attributes(Item& item, const std::vector<ast::Attribute>& attributes) {
  std::array<const ast::Attribute*, kAttributeKinds> seen{};
  for (const ast::Attribute& attribute : attributes) {
    auto slot = static_cast<std::size_t>(attribute.kind);
    if (seen[slot] != nullptr) {
      diags_.error(attribute.range, fmt::format("duplicate attribute '{}'", attribute_name(attribute.kind)));
      diags_.note(seen[slot]->range, "first given here");
      continue;
    }
    seen[slot] = &attribute;
    if (attribute.kind == ast::Attribute::Kind::kAlign) {
      item.align = align_argument(attribute, item);
    } else if (attribute.kind == ast::Attribute::Kind::kPseudoHeader && item.kind == Item::Kind::kEmbedded) {
      std::optional<PseudoHeader> header = pseudo_header(attribute);
      if (header) static_cast<Embedded&>(item).pseudo_header = *header;
    } else if (attribute.kind == ast::Attribute::Kind::kSize && item.kind == Item::Kind::kEmbedded) {
      static_cast<Embedded&>(item).size =
          size_argument(attribute, item, fmt::format("embedded packet '{}'", item.name));
    } else {
      diags_.error(attribute.range, fmt::format("attribute '{}' is not allowed on {} '{}'", attribute_name(attribute.kind),
                                                item.kind == Item::Kind::kArray ? "array" : "embedded packet",
                                                item.name));
    }
  }
}

}  // namespace mplc::sema
