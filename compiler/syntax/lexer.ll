/* The MPL scanner (docs/grammar.md, "Lexical rules").
 *
 * Positions are byte offsets: every match advances one counter, and a token's
 * location is the byte range it covers. Lexical errors are reported here and
 * the parser still gets a sensible token (a bad integer becomes 0, an
 * unterminated string is closed at the end of its line, a stray character is
 * skipped), so one typo yields one diagnostic.
 */

%{
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "parser.hh"

// %option yyclass below makes flex define yylex as a Scanner member that
// returns int; the parser wants bison symbols, so the scanner function is
// renamed (flex still emits the yyFlexLexer::yylex stub the base class needs).
#undef YY_DECL
#define YY_DECL mplc::syntax::Parser::symbol_type mplc::syntax::Scanner::next_token()
#define YY_USER_ACTION advance(static_cast<int>(yyleng));

using Parser = mplc::syntax::Parser;
%}

%option c++
%option yyclass="mplc::syntax::Scanner"
%option noyywrap nounput noinput batch 8bit nodefault warn

%x COMMENT STR

IDENT     [A-Za-z_][A-Za-z0-9_]*

%%

[ \t\r\n\f\v]+          { /* whitespace */ }
"//"[^\n]*              { /* line comment */ }
"/*"                    { open_begin_ = token_begin_; BEGIN(COMMENT); }
<COMMENT>"*/"           { BEGIN(INITIAL); }
<COMMENT>[^*]+          { }
<COMMENT>"*"            { }
<COMMENT><<EOF>>        {
                          diagnostics_.error(range(open_begin_, open_begin_ + 2), "unterminated comment");
                          reported_unterminated_ = true;
                          BEGIN(INITIAL);
                          return Parser::make_END(Location{offset_, offset_});
                        }

\"                      { open_begin_ = token_begin_; string_.clear(); BEGIN(STR); }
<STR>\"                 {
                          BEGIN(INITIAL);
                          return Parser::make_STRING(string_, Location{open_begin_, offset_});
                        }
<STR>[^"\\\n]+          { string_.append(yytext, static_cast<std::size_t>(yyleng)); }
<STR>\\x[0-9A-Fa-f]{2}  |
<STR>\\.                { escape(yytext); }
<STR>\\                 { /* a backslash that ends the line: the newline reports it */ }
<STR>\n                 { BEGIN(INITIAL); return unterminated_string(token_begin_); }
<STR><<EOF>>            { BEGIN(INITIAL); return unterminated_string(offset_); }

0[xX][0-9A-Fa-f]+       { return integer(yytext + 2, 16); }
0[oO][0-7]+             { return integer(yytext + 2, 8); }
0[bB][01]+              { return integer(yytext + 2, 2); }
0[0-7]+                 { return integer(yytext + 1, 8); }
0|[1-9][0-9]*           { return integer(yytext, 10); }
[0-9][0-9A-Za-z_]*      {
                          diagnostics_.error(range(token_begin_, offset_),
                                             fmt::format("invalid integer literal '{}'", yytext));
                          return Parser::make_INTEGER(0, here());
                        }

{IDENT}                 { return identifier(); }

"{"                     { return Parser::make_LBRACE(here()); }
"}"                     { return Parser::make_RBRACE(here()); }
"("                     { return Parser::make_LPAREN(here()); }
")"                     { return Parser::make_RPAREN(here()); }
"["                     { return Parser::make_LBRACKET(here()); }
"]"                     { return Parser::make_RBRACKET(here()); }
";"                     { return Parser::make_SEMI(here()); }
":"                     { return Parser::make_COLON(here()); }
","                     { return Parser::make_COMMA(here()); }
"|"                     { return Parser::make_PIPE(here()); }
"->"                    { return Parser::make_ARROW(here()); }
"=>"                    { return Parser::make_FATARROW(here()); }
".."                    { return Parser::make_DOTDOT(here()); }
"=="                    { return Parser::make_EQEQ(here()); }
"="                     { return Parser::make_ASSIGN(here()); }
"!="                    { return Parser::make_NE(here()); }
"<<"                    { return Parser::make_SHL(here()); }
">>"                    { return Parser::make_SHR(here()); }
"<"                     { return Parser::make_LT(here()); }
"<="                    { return Parser::make_LE(here()); }
">"                     { return Parser::make_GT(here()); }
">="                    { return Parser::make_GE(here()); }
"+"                     { return Parser::make_PLUS(here()); }
"-"                     { return Parser::make_MINUS(here()); }
"*"                     { return Parser::make_STAR(here()); }
"/"                     { return Parser::make_SLASH(here()); }
"!"                     { return Parser::make_BANG(here()); }
"&&"                    { return Parser::make_ANDAND(here()); }
"||"                    { return Parser::make_OROR(here()); }
"&"                     { return Parser::make_AMP(here()); }
"^"                     { return Parser::make_CARET(here()); }
"%"                     { return Parser::make_PERCENT(here()); }
"~"                     { return Parser::make_TILDE(here()); }
.                       { stray_character(static_cast<unsigned char>(yytext[0])); }

<<EOF>>                 { return Parser::make_END(Location{offset_, offset_}); }

%%

namespace mplc::syntax {

Scanner::Scanner(std::istream& in, FileId file, Diagnostics& diagnostics)
    : yyFlexLexer(&in, nullptr), file_(file), diagnostics_(diagnostics) {}

void Scanner::advance(int length) {
  token_begin_ = offset_;
  offset_ += static_cast<std::uint32_t>(length);
}

Parser::symbol_type Scanner::integer(const char* digits, unsigned base) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t value = 0;
  for (const char* p = digits; *p != '\0'; ++p) {
    char c = *p;
    unsigned digit = c >= '0' && c <= '9' ? static_cast<unsigned>(c - '0')
                     : c >= 'a' && c <= 'f' ? static_cast<unsigned>(c - 'a' + 10)
                                            : static_cast<unsigned>(c - 'A' + 10);
    if (value > (kMax - digit) / base) {
      diagnostics_.error(range(token_begin_, offset_), "integer literal does not fit in 64 bits");
      return Parser::make_INTEGER(0, here());
    }
    value = value * base + digit;
  }
  return Parser::make_INTEGER(value, here());
}

Parser::symbol_type Scanner::identifier() {
  std::string_view text(yytext, static_cast<std::size_t>(yyleng));
  Location location = here();
  if (text == "packet") return Parser::make_PACKET(location);
  if (text == "classify") return Parser::make_CLASSIFY(location);
  if (text == "array") return Parser::make_ARRAY(location);
  if (text == "when") return Parser::make_WHEN(location);
  if (text == "import") return Parser::make_IMPORT(location);
  if (text == "custom") return Parser::make_CUSTOM(location);
  if (text == "int") return Parser::make_INT(location);
  if (text == "bool") return Parser::make_BOOL(location);
  if (text == "true") return Parser::make_TRUE(location);
  if (text == "false") return Parser::make_FALSE(location);
  if (text == "and") return Parser::make_AND(location);
  if (text == "or") return Parser::make_OR(location);
  if (text == "not") return Parser::make_NOT(location);
  if (text == "_") return Parser::make_WILDCARD(location);
  return Parser::make_IDENT(std::string(text), location);
}

// `text` is one escape sequence: a backslash and what follows it.
void Scanner::escape(const char* text) {
  switch (text[1]) {
    case '"': string_ += '"'; return;
    case '\\': string_ += '\\'; return;
    case 'n': string_ += '\n'; return;
    case 'r': string_ += '\r'; return;
    case 't': string_ += '\t'; return;
    case '0': string_ += '\0'; return;
    case 'x':
      if (text[2] != '\0') {
        auto nibble = [](char c) {
          return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
        };
        string_ += static_cast<char>(nibble(text[2]) * 16 + nibble(text[3]));
        return;
      }
      diagnostics_.error(range(token_begin_, offset_),
                         "'\\x' must be followed by two hexadecimal digits");
      return;
    default: {
      auto c = static_cast<unsigned char>(text[1]);
      std::string shown = c >= 0x20 && c < 0x7f ? std::string(1, static_cast<char>(c))
                                                : fmt::format("\\x{:02x}", c);
      diagnostics_.error(range(token_begin_, offset_),
                         fmt::format("unknown escape sequence '\\{}'", shown));
      return;
    }
  }
}

// The string is closed where its line ends, so the rest of the file is not
// read as string contents.
Parser::symbol_type Scanner::unterminated_string(std::uint32_t end) {
  diagnostics_.error(range(open_begin_, open_begin_ + 1), "unterminated string");
  reported_unterminated_ = true;
  return Parser::make_STRING(string_, Location{open_begin_, end});
}

void Scanner::stray_character(unsigned char c) {
  std::string shown = c >= 0x20 && c < 0x7f ? std::string(1, static_cast<char>(c))
                                            : fmt::format("\\x{:02x}", c);
  diagnostics_.error(range(token_begin_, offset_), fmt::format("unexpected character '{}'", shown));
}

}  // namespace mplc::syntax
