// An extension whose body is parsed in exactly `length` bytes
// (tests/codec/sized.mpl): the builder fills the length, parse() stops the
// body at it, and a length that disagrees with the body is an error naming
// the field.
#include <array>
#include <cstdio>

#include "sized.h"

int main() {
  const std::uint8_t name[] = {'m', 'p', 'l'};
  const sized::extension::builder ext{
      .type = 2,
      .body = sized::ext_body::builder{.type = 2, .body = sized::ext_body::Name{.name = name}},
  };
  std::array<std::uint8_t, 16> buffer{};
  mpl::result<std::size_t> n = ext.write(buffer);
  if (!n || buffer[3] != 3) return 1;  // length = sizeof(body) = 3

  // Two bytes more than the name: the body's remaining() stops at the bound.
  auto view = sized::extension::parse(mpl::bytes{buffer.data(), *n + 2});
  if (!view || view->body().as_Name()->name().size() != 3 || view->size() != 7) return 1;

  // A 2-byte number under a length of 4: parse() refuses it.
  const std::uint8_t number[] = {0x00, 0x01, 0x00, 0x04, 0x12, 0x34, 0x00, 0x00};
  auto bad = sized::extension::parse(number);
  if (bad || bad.error().kind != mpl::error_kind::size_mismatch) return 1;
  std::printf("%s\n", bad.error().describe().c_str());  // extension.body at byte 4: content ends at 2 of 4 bytes
  return 0;
}
