#include "live.h"

#include <csignal>

#include <pcap/pcap.h>

namespace mpldump {

namespace {

// Capture files record LINKTYPE_ values, libpcap's handles DLT_ values; they
// agree for every link type mpldump decodes but raw IP (LINKTYPE_RAW 101,
// DLT_RAW 12 on Linux, 14 on some BSDs).
constexpr std::uint32_t kLinktypeRaw = 101;
int dlt_of(std::uint32_t linktype) { return linktype == kLinktypeRaw ? DLT_RAW : static_cast<int>(linktype); }
std::uint32_t linktype_of(int dlt) {
  return dlt == 12 || dlt == 14 ? kLinktypeRaw : static_cast<std::uint32_t>(dlt);
}

constexpr int kSnaplen = 262144;  // libpcap's largest, as tcpdump's default

}  // namespace

struct Filter::Compiled {
  bpf_program program{};
  bool ok = false;
  std::string error;
  ~Compiled() {
    if (ok) pcap_freecode(&program);
  }
};

Filter::Filter(std::string expression) : expression_(std::move(expression)) {}
Filter::~Filter() = default;

std::string Filter::validate() {
  CaptureFrame ethernet;
  ethernet.linktype = 1;
  std::string problem;
  (void)matches(ethernet, problem);
  return problem;
}

bool Filter::matches(const CaptureFrame& frame, std::string& problem) {
  if (expression_.empty()) return true;
  auto& slot = compiled_[frame.linktype];
  if (!slot) {
    slot = std::make_unique<Compiled>();
    pcap_t* dead = pcap_open_dead(dlt_of(frame.linktype), kSnaplen);
    if (dead == nullptr) {
      slot->error = "libpcap cannot open a handle for link type " + std::to_string(frame.linktype);
    } else if (pcap_compile(dead, &slot->program, expression_.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      slot->error = "bad filter '" + expression_ + "': " + pcap_geterr(dead);
    } else {
      slot->ok = true;
    }
    if (dead != nullptr) pcap_close(dead);
  }
  if (!slot->ok) {
    problem = slot->error;
    return false;
  }
  pcap_pkthdr header{};
  header.caplen = static_cast<bpf_u_int32>(frame.data.size());
  header.len = frame.original_length;
  return frame.data.empty() || pcap_offline_filter(&slot->program, &header, frame.data.data()) != 0;
}

namespace {

// The handle the signal handler breaks; pcap_breakloop only sets a flag
// the capture loop reads, which is what a handler may do.
pcap_t* volatile g_live = nullptr;
volatile std::sig_atomic_t g_stop = 0;

extern "C" void on_signal(int) {
  g_stop = 1;
  if (g_live != nullptr) pcap_breakloop(g_live);
}

struct Loop {
  pcap_t* handle;
  std::uint32_t linktype;
  std::uint64_t count;
  std::uint64_t captured = 0;
  const std::function<void(const CaptureFrame&)>* on_frame;
};

extern "C" void on_packet(u_char* user, const pcap_pkthdr* h, const u_char* bytes) {
  auto* loop = reinterpret_cast<Loop*>(user);
  if (loop->count != 0 && loop->captured >= loop->count) return;
  CaptureFrame frame;
  frame.number = ++loop->captured;
  frame.seconds = static_cast<std::uint64_t>(h->ts.tv_sec);
  frame.nanoseconds = static_cast<std::uint32_t>(h->ts.tv_usec) * 1000u;
  frame.fraction_digits = 6;
  frame.linktype = loop->linktype;
  frame.original_length = h->len;
  frame.data = mpl::bytes{bytes, h->caplen};
  (*loop->on_frame)(frame);
  if (loop->count != 0 && loop->captured >= loop->count) pcap_breakloop(loop->handle);
}

std::string fail(pcap_t* handle, const std::string& what) {
  return what + ": " + (handle != nullptr ? pcap_geterr(handle) : "");
}

}  // namespace

LiveResult capture_live(const std::string& interface, const std::string& filter, std::uint64_t count,
                        const std::function<void(const CaptureFrame&)>& on_frame) {
  LiveResult result;
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  pcap_t* handle = pcap_create(interface.c_str(), errbuf);
  if (handle == nullptr) {
    result.error = "cannot open interface '" + interface + "': " + errbuf;
    return result;
  }
  // Immediate mode: frames are handed over as they arrive, not when a
  // kernel buffer fills; the timeout bounds each wait, so a signal's flag
  // is seen even on a silent interface.
  pcap_set_snaplen(handle, kSnaplen);
  pcap_set_immediate_mode(handle, 1);
  pcap_set_timeout(handle, 200);
  const int activated = pcap_activate(handle);
  if (activated < 0) {
    result.error = "cannot capture on '" + interface + "': " + pcap_statustostr(activated) + " " + pcap_geterr(handle);
    pcap_close(handle);
    return result;
  }
  if (!filter.empty()) {
    bpf_program program{};
    if (pcap_compile(handle, &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      result.error = fail(handle, "bad filter '" + filter + "'");
      pcap_close(handle);
      return result;
    }
    const int set = pcap_setfilter(handle, &program);
    pcap_freecode(&program);
    if (set != 0) {
      result.error = fail(handle, "cannot set the filter");
      pcap_close(handle);
      return result;
    }
  }
  Loop loop{handle, linktype_of(pcap_datalink(handle)), count, 0, &on_frame};
  g_stop = 0;
  g_live = handle;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  struct sigaction old_int {}, old_term {};
  sigaction(SIGINT, &action, &old_int);
  sigaction(SIGTERM, &action, &old_term);
  while (g_stop == 0 && (count == 0 || loop.captured < count)) {
    const int r = pcap_dispatch(handle, -1, on_packet, reinterpret_cast<u_char*>(&loop));
    if (r == PCAP_ERROR) {
      result.error = fail(handle, "capture on '" + interface + "' failed");
      break;
    }
  }
  sigaction(SIGINT, &old_int, nullptr);
  sigaction(SIGTERM, &old_term, nullptr);
  g_live = nullptr;
  pcap_stat stats{};
  if (pcap_stats(handle, &stats) == 0) {
    result.received = stats.ps_recv;
    result.dropped = stats.ps_drop;
  }
  result.captured = loop.captured;
  pcap_close(handle);
  return result;
}

}  // namespace mpldump
