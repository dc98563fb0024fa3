#include "capture.h"

#include <cerrno>
#include <cstring>
#include <map>

#include <unistd.h>

#include "pcap.h"
#include "pcapng.h"

namespace mpldump {

namespace {

std::string at(std::size_t offset, const std::string& what) {
  return "at byte " + std::to_string(offset) + ": " + what;
}

// The 32-bit length at `pos` of a record header, in the file's byte order:
// framing only, so that the source can be asked for the whole record
// before the generated parser reads it.
std::uint32_t length_at(mpl::bytes b, std::size_t pos, bool little) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v |= std::uint32_t{b[pos + i]} << (little ? 8 * i : 8 * (3 - i));
  return v;
}

std::string too_large(std::size_t offset, const char* what, std::uint32_t length) {
  return at(offset, std::string(what) + " of " + std::to_string(length) + " bytes is larger than mpldump's bound of " +
                        std::to_string(kMaxRecord) + " bytes");
}

// The upper 6 bits of classic pcap's link type field say whether frames end
// with an FCS and how long it is (the pcap format, "LinkType and additional
// information"); the link type proper is the rest.
template <class Header>
std::uint32_t linktype_of(const Header& h) {
  return static_cast<std::uint32_t>(h.linktype()) & 0x03ffffffu;
}

// Classic pcap: a file header, then records until the end of the file.
std::string read_pcap(CaptureSource& source, const std::function<void(const CaptureFrame&)>& on_frame) {
  auto header = pcap::pcap_file_header::parse(source.at(0, 24));
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
  constexpr std::size_t kRecordHeader = 16;
  for (mpl::bytes rest = source.at(offset, kRecordHeader); !rest.empty(); rest = source.at(offset, kRecordHeader)) {
    if (rest.size() >= kRecordHeader) {
      const std::uint32_t incl_len = length_at(rest, 8, little);
      if (incl_len > kMaxRecord) return too_large(offset, "pcap record", incl_len);
      rest = source.at(offset, kRecordHeader + incl_len);
    }
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
std::string read_pcapng_blocks(Parse parse, mpl::bytes rest, std::size_t& offset, std::vector<Interface>& interfaces,
                               CaptureFrame& frame, const std::function<void(const CaptureFrame&)>& on_frame) {
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

std::string read_pcapng(CaptureSource& source, const std::function<void(const CaptureFrame&)>& on_frame) {
  std::vector<Interface> interfaces;
  CaptureFrame frame;
  std::size_t offset = 0;
  bool little = true;
  // A block starts with its type and total length; a section header block's
  // byte-order magic follows them.
  constexpr std::size_t kBlockStart = 12;
  for (mpl::bytes rest = source.at(0, kBlockStart); !rest.empty(); rest = source.at(offset, kBlockStart)) {
    // Every section starts with a header block that fixes its byte order.
    if (auto start = pcapng::pcapng_section_start::parse(rest)) {
      little = start->as_Little().has_value();
    } else if (offset == 0) {
      return "not a pcapng file: " + start.error().describe();
    }
    if (rest.size() >= 8) {
      const std::uint32_t total = length_at(rest, 4, little);
      if (total > kMaxRecord) return too_large(offset, "pcapng block", total);
      rest = source.at(offset, total);
    }
    std::string problem =
        little ? read_pcapng_blocks([](mpl::bytes b) { return pcapng::pcapng_block_le::parse(b); }, rest, offset,
                                    interfaces, frame, on_frame)
               : read_pcapng_blocks([](mpl::bytes b) { return pcapng::pcapng_block_be::parse(b); }, rest, offset,
                                    interfaces, frame, on_frame);
    if (!problem.empty()) return problem;
  }
  return {};
}

}  // namespace

mpl::bytes StreamSource::fetch(std::size_t offset, std::size_t n) {
  // Release what the reader has passed; the bytes kept are fewer than one
  // record, so compaction costs at most the record, once per read.
  const std::size_t drop = offset - base_ < buffer_.size() ? offset - base_ : buffer_.size();
  constexpr std::size_t kChunk = 65536;
  while (!ended_ && buffer_.size() - drop < n) {
    if (drop > 0 && buffer_.size() + kChunk > buffer_.capacity()) {
      buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(drop));
      base_ += drop;
      return fetch(offset, n);
    }
    if (before_read_) before_read_();
    const std::size_t have = buffer_.size();
    buffer_.resize(have + kChunk);
    const ssize_t got = ::read(fd_, buffer_.data() + have, kChunk);
    buffer_.resize(have + (got > 0 ? static_cast<std::size_t>(got) : 0));
    if (got == 0) ended_ = true;
    if (got < 0 && errno != EINTR) {
      ended_ = true;
      error_ = std::strerror(errno);
    }
  }
  if (offset - base_ >= buffer_.size()) return {};
  return mpl::bytes{buffer_.data() + (offset - base_), buffer_.size() - (offset - base_)};
}

std::string read_capture(CaptureSource& source, const std::function<void(const CaptureFrame&)>& on_frame) {
  const mpl::bytes start = source.at(0, 4);
  if (start.size() >= 4 && start[0] == 0x0a && start[1] == 0x0d && start[2] == 0x0d && start[3] == 0x0a) {
    return read_pcapng(source, on_frame);
  }
  if (start.size() < 4) return "not a capture file: only " + std::to_string(start.size()) + " bytes";
  return read_pcap(source, on_frame);
}

std::string read_capture(const std::vector<std::uint8_t>& file,
                         const std::function<void(const CaptureFrame&)>& on_frame) {
  MemorySource source({file.data(), file.size()});
  return read_capture(source, on_frame);
}

}  // namespace mpldump
