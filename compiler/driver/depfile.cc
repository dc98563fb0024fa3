#include "driver/depfile.h"

namespace mplc {
namespace {

std::string escape(const std::string& path) {
  std::string out;
  for (char c : path) {
    if (c == ' ' || c == '#') out += '\\';
    if (c == '$') out += '$';
    out += c;
  }
  return out;
}

}  // namespace

std::string make_depfile(const std::vector<std::string>& targets,
                         const std::vector<std::string>& dependencies) {
  std::string out;
  for (std::size_t i = 0; i < targets.size(); ++i) out += (i == 0 ? "" : " ") + escape(targets[i]);
  out += ':';
  for (const std::string& dependency : dependencies) out += " \\\n  " + escape(dependency);
  out += '\n';
  return out;
}

}  // namespace mplc
