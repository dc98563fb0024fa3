#include "capture.h"

#include <map>

#include "pcap.h"
#include "pcapng.h"

namespace mpldump {

namespace {

std::string at(std::size_t offset, const std::string& what) {
  return "at byte " + std::to_string(offset) + ": " + what;
}

// The upper 6 bits of classic pcap's link type field say whether frames end
// with an FCS and how long it is (the pcap format, "LinkType and additional
// information"); the link type proper is the rest.
template <class Header>
std::uint32_t linktype_of(const Header& h) {
  return static_cast<std::uint32_t>(h.linktype()) & 0x03ffffffu;
}

// Classic pcap: a file header, then records until the end of the file.
std::string read_pcap(mpl::bytes file, const std::function<void(const CaptureFrame&)>& on_frame) {
  auto header = pcap::pcap_file_header::parse(file);
  if (!header) return "not a pcap file: " + header.error().describe();
  using kind = pcap::pcap_file_header::magic_case_t;
  const kind k = header->magic_case();
  const bool little = k == kind::LittleMicroseconds || k == kind::LittleNanoseconds;
  const bool nano = k == kind::LittleNanoseconds || k == kind::BigNanoseconds;
  std::uint32_t linktype = 0;
  if (auto h = header->as_LittleMicroseconds()) linktype = linktype_of(h->rest());
  if (auto h = header->as_LittleNanoseconds()) linktype = linktype_of(h->rest());
  if (auto h = header->as_BigMicroseconds()) linktype = linktype_of(h->rest());
  if (auto h = header->as_BigNanoseconds()) linktype = linktype_of(h->rest());

  CaptureFrame frame;
  frame.linktype = linktype;
  frame.fraction_digits = nano ? 9 : 6;
  std::size_t offset = header->size();
  while (offset < file.size()) {
    const mpl::bytes rest = file.subspan(offset);
    auto fill = [&](const auto& record) {
      // A fraction of a second or more (a damaged record) carries into the seconds.
      std::uint64_t fraction_ns = 0;
      if (auto n = record.as_Nanoseconds()) fraction_ns = n->ts_nsec();
      if (auto u = record.as_Microseconds()) fraction_ns = std::uint64_t{u->ts_usec()} * 1000u;
      frame.seconds = record.ts_sec() + fraction_ns / 1000000000u;
      frame.nanoseconds = static_cast<std::uint32_t>(fraction_ns % 1000000000u);
      frame.original_length = record.len();
      frame.data = record.data();
      offset += record.size();
    };
    if (little) {
      auto record = pcap::pcap_record_le::parse(rest, nano);
      if (!record) return at(offset, "bad pcap record: " + record.error().describe());
      fill(*record);
    } else {
      auto record = pcap::pcap_record_be::parse(rest, nano);
      if (!record) return at(offset, "bad pcap record: " + record.error().describe());
      fill(*record);
    }
    ++frame.number;
    on_frame(frame);
  }
  return {};
}

struct Interface {
  std::uint32_t linktype = 0;
  // Timestamp units per second and how many decimal digits to print.
  std::uint64_t units = 1000000;
  unsigned digits = 6;
};

// if_tsresol (option 9): 10^-n or, with the high bit set, 2^-n seconds.
template <class Options>
void read_tsresol(const Options& options, Interface& itf) {
  for (const auto& element : options) {
    const auto& option = element.option();
    if (option.code() != 9 || option.value().size() != 1) continue;
    const std::uint8_t v = option.value()[0];
    const unsigned n = v & 0x7fu;
    if (n > 19 || ((v & 0x80u) != 0 && n > 63)) continue;
    itf.units = 1;
    for (unsigned i = 0; i < n; ++i) itf.units *= (v & 0x80u) != 0 ? 2 : 10;
    itf.digits = (v & 0x80u) != 0 ? 9 : n;
  }
}

template <class Parse>
std::string read_pcapng_blocks(Parse parse, mpl::bytes file, std::size_t& offset, std::vector<Interface>& interfaces,
                               CaptureFrame& frame, const std::function<void(const CaptureFrame&)>& on_frame) {
  const mpl::bytes rest = file.subspan(offset);
  auto block = parse(rest);
  if (!block) return at(offset, "bad pcapng block: " + block.error().describe());
  if (block->trailing_length() != block->block_total_length()) {
    return at(offset, "bad pcapng block: trailing length " + std::to_string(block->trailing_length()) +
                          " differs from block_total_length " + std::to_string(block->block_total_length()));
  }
  if (auto shb = block->as_SectionHeader()) {
    (void)shb;
    interfaces.clear();  // interface ids restart in every section
  } else if (auto idb = block->as_InterfaceDescription()) {
    Interface itf;
    itf.linktype = idb->linktype();
    read_tsresol(idb->options(), itf);
    interfaces.push_back(itf);
  } else if (auto epb = block->as_EnhancedPacket()) {
    if (epb->interface_id() >= interfaces.size()) {
      return at(offset, "enhanced packet block names interface " + std::to_string(epb->interface_id()) +
                            ", which no interface description block declared");
    }
    const Interface& itf = interfaces[epb->interface_id()];
    const std::uint64_t t = std::uint64_t{epb->timestamp_high()} << 32 | epb->timestamp_low();
    frame.linktype = itf.linktype;
    frame.seconds = t / itf.units;
    const std::uint64_t rem = t % itf.units;
    // rem < units <= 10^19 fits; scale to nanoseconds without overflow.
    frame.nanoseconds = static_cast<std::uint32_t>(
        itf.units >= 1000000000 ? rem / (itf.units / 1000000000) : rem * (1000000000 / itf.units));
    frame.fraction_digits = itf.digits > 9 ? 9 : itf.digits;
    frame.original_length = epb->original_length();
    frame.data = epb->data();
    ++frame.number;
    on_frame(frame);
  } else if (auto spb = block->as_SimplePacket()) {
    if (interfaces.empty()) return at(offset, "simple packet block before any interface description block");
    frame.linktype = interfaces[0].linktype;
    frame.seconds = 0;
    frame.nanoseconds = 0;
    frame.original_length = spb->original_length();
    mpl::bytes data = spb->data();
    if (data.size() > spb->original_length()) data = data.first(spb->original_length());
    frame.data = data;
    ++frame.number;
    on_frame(frame);
  }
  offset += block->size();
  return {};
}

std::string read_pcapng(mpl::bytes file, const std::function<void(const CaptureFrame&)>& on_frame) {
  std::vector<Interface> interfaces;
  CaptureFrame frame;
  std::size_t offset = 0;
  bool little = true;
  while (offset < file.size()) {
    // Every section starts with a header block that fixes its byte order.
    if (auto start = pcapng::pcapng_section_start::parse(file.subspan(offset))) {
      little = start->as_Little().has_value();
    } else if (offset == 0) {
      return "not a pcapng file: " + start.error().describe();
    }
    std::string problem =
        little ? read_pcapng_blocks([](mpl::bytes b) { return pcapng::pcapng_block_le::parse(b); }, file, offset,
                                    interfaces, frame, on_frame)
               : read_pcapng_blocks([](mpl::bytes b) { return pcapng::pcapng_block_be::parse(b); }, file, offset,
                                    interfaces, frame, on_frame);
    if (!problem.empty()) return problem;
  }
  return {};
}

}  // namespace

std::string read_capture(const std::vector<std::uint8_t>& file,
                         const std::function<void(const CaptureFrame&)>& on_frame) {
  const mpl::bytes bytes{file.data(), file.size()};
  if (bytes.size() >= 4 && bytes[0] == 0x0a && bytes[1] == 0x0d && bytes[2] == 0x0d && bytes[3] == 0x0a) {
    return read_pcapng(bytes, on_frame);
  }
  if (bytes.size() < 4) return "not a capture file: only " + std::to_string(bytes.size()) + " bytes";
  return read_pcap(bytes, on_frame);
}

}  // namespace mpldump
