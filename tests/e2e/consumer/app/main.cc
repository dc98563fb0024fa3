// Builds a greeting packet with the generated builder, parses it back with
// the generated parser, and prints what it read. The e2e test checks the
// printed constant, which comes from the imported spec (tag.mpl).
#include <cstdio>
#include <cstring>
#include <string_view>

#include "greeting.h"

int main() {
  constexpr std::string_view kText = "hello";
  greeting::greeting::builder message{
      .text = mpl::bytes{reinterpret_cast<const std::uint8_t*>(kText.data()), kText.size()}};

  std::uint8_t buffer[64];
  mpl::result<std::size_t> written = message.write(buffer);
  if (!written) {
    std::fprintf(stderr, "build failed: %s\n", written.error().describe().c_str());
    return 1;
  }

  mpl::result<greeting::greeting::view> parsed = greeting::greeting::parse({buffer, *written});
  if (!parsed) {
    std::fprintf(stderr, "parse failed: %s\n", parsed.error().describe().c_str());
    return 1;
  }
  mpl::bytes text = parsed->text();
  if (parsed->length() != kText.size() || std::memcmp(text.data(), kText.data(), kText.size()) != 0) {
    std::fprintf(stderr, "the parsed text differs from the built one\n");
    return 1;
  }
  std::printf("magic=0x%04x length=%u text=%.*s size=%zu\n", parsed->header().magic(),
              static_cast<unsigned>(parsed->length()), static_cast<int>(text.size()),
              reinterpret_cast<const char*>(text.data()), parsed->size());
  return 0;
}
