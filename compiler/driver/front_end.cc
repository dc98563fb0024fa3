#include "driver/front_end.h"

#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "sema/analyze.h"
#include "syntax/parse.h"

namespace mplc {
namespace {

namespace fs = std::filesystem;

// Loads spec files depth-first so that every file lands in `files` after the
// files it imports. A file is identified by its canonical path, so reaching
// it twice through different relative spellings loads it once.
class Loader {
 public:
  Loader(const FrontEndOptions& options, SourceManager& sources, Diagnostics& diagnostics,
         FrontEndResult& result)
      : options_(options), sources_(sources), diagnostics_(diagnostics), result_(result) {}

  // Loads `path` as read by the user (root) or as resolved from an import.
  // `from` is the import that asked for it, for error locations; null for the
  // root. Returns false if the file could not be read.
  bool load(const std::string& path, const ast::Import* from) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(path, ec);
    std::string key = ec ? path : canonical.string();

    auto state = state_.find(key);
    if (state != state_.end()) {
      if (state->second == State::kLoading && from != nullptr) {
        diagnostics_.error(from->range, fmt::format("import cycle: '{}' imports itself{}", path,
                                                    cycle_description(key)));
      }
      return true;
    }

    std::optional<FileId> id = sources_.load(path);
    if (!id) {
      if (from == nullptr) {
        diagnostics_.error_without_location(fmt::format("cannot read spec '{}'", path));
      }
      return false;
    }
    state_[key] = State::kLoading;
    stack_.push_back(key);
    result_.dependencies.push_back(path);

    auto file = std::make_unique<ast::File>(parse_file(*id, sources_, diagnostics_));
    for (const ast::Import& import : file->imports) {
      resolve_and_load(import, fs::path(path).parent_path());
    }

    stack_.pop_back();
    state_[key] = State::kDone;
    if (from == nullptr) result_.root = *id;
    result_.files.push_back(std::move(file));
    return true;
  }

 private:
  enum class State { kLoading, kDone };

  void resolve_and_load(const ast::Import& import, const fs::path& importer_dir) {
    std::vector<fs::path> candidates;
    if (fs::path(import.path).is_absolute()) {
      candidates.emplace_back(import.path);
    } else {
      candidates.push_back(importer_dir / import.path);
      for (const std::string& dir : options_.import_dirs) candidates.push_back(fs::path(dir) / import.path);
    }
    for (const fs::path& candidate : candidates) {
      std::error_code ec;
      if (fs::is_regular_file(candidate, ec)) {
        if (!load(candidate.lexically_normal().string(), &import)) {
          diagnostics_.error(import.range,
                             fmt::format("cannot read imported spec '{}'", candidate.string()));
        }
        return;
      }
    }
    std::string searched;
    for (const fs::path& candidate : candidates) {
      searched += fmt::format("{}'{}'", searched.empty() ? "" : ", ", candidate.string());
    }
    // Name where else it could be: the import directories (-I on the
    // command line, IMPORT_DIRS of add_mpl_spec()).
    diagnostics_.error(import.range,
                       fmt::format("cannot find imported spec '{}' (searched {}); add its directory with "
                                   "-I DIR (IMPORT_DIRS in add_mpl_spec())",
                                   import.path, searched));
  }

  std::string cycle_description(const std::string& key) const {
    std::string chain;
    bool in_cycle = false;
    for (const std::string& entry : stack_) {
      if (entry == key) in_cycle = true;
      if (in_cycle) chain += fmt::format("'{}' -> ", fs::path(entry).filename().string());
    }
    return chain.empty() ? "" : fmt::format(" ({}'{}')", chain, fs::path(key).filename().string());
  }

  const FrontEndOptions& options_;
  SourceManager& sources_;
  Diagnostics& diagnostics_;
  FrontEndResult& result_;
  std::map<std::string, State> state_;
  std::vector<std::string> stack_;
};

}  // namespace

FrontEndResult run_front_end(const std::string& root_path, const FrontEndOptions& options,
                             SourceManager& sources, Diagnostics& diagnostics) {
  FrontEndResult result;
  Loader loader(options, sources, diagnostics, result);
  if (!loader.load(root_path, nullptr) || diagnostics.has_errors()) return result;

  std::vector<const ast::File*> files;
  for (const auto& file : result.files) files.push_back(file.get());
  auto model = sema::analyze(files, result.root, diagnostics);
  // What code generation would refuse is an error of the spec here, so that
  // --check, --dump and generation agree: they all run through the plan.
  if (diagnostics.has_errors()) return result;
  auto plan = plan::make_plan(*model, plan::PlanOptions{}, diagnostics);
  if (diagnostics.has_errors() || plan == nullptr) return result;
  result.model = std::move(model);
  result.plan = std::move(plan);
  return result;
}

}  // namespace mplc
