// Arrays: a TCP SYN with options built from a span of element builders,
// then read back by iterating the options range.
#include <array>
#include <cstdio>

#include "tcp.h"

int main() {
  const std::array<tcp::tcp::options_element_builder, 3> options{{
      {.option = {.body = tcp::tcp_option::MaximumSegmentSize{.mss = 1460}}},
      {.option = {.body = tcp::tcp_option::NoOperation{}}},
      {.option = {.body = tcp::tcp_option::WindowScale{.shift = 7}}},
  }};
  const tcp::tcp::builder syn{
      .source_port = 40000, .destination_port = 80, .sequence_number = 1, .syn = 1, .window = 65535,
      .options = options,
  };
  // A pseudo-header checksum needs the IP layer's addresses when built alone.
  const auto pseudo = mpl::ipv4_pseudo_header(0x0a000001, 0x0a000002, 6, static_cast<std::uint16_t>(syn.size()));
  std::array<std::uint8_t, 64> buffer{};
  auto n = syn.write(buffer, pseudo);
  if (!n) return 1;

  auto segment = tcp::tcp::parse(mpl::bytes{buffer.data(), *n});
  if (!segment || segment->data_offset() != 7) return 1;  // 20 + 4 + 1 + 3 bytes, padded to 28
  unsigned seen = 0;
  for (const auto& element : segment->options()) {
    if (auto mss = element.option().as_MaximumSegmentSize()) seen += mss->mss() == 1460 ? 1 : 0;
    if (auto ws = element.option().as_WindowScale()) seen += ws->shift() == 7 ? 1 : 0;
  }
  std::printf("%zu options, %u checked\n", segment->options().size(), seen);
  return seen == 2 ? 0 : 1;
}
