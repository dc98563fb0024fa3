// Tests of the whole front end: imports, the diagnostics catalogue under
// tests/diagnostics/, the bundled specs, and survival on hostile spec text.
#include "driver/front_end.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace mplc {
namespace {

namespace fs = std::filesystem;

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Runs the front end with the repository root as the working directory, so
// paths in diagnostics read as they do for a user in a checkout.
struct FrontEndRun {
  SourceManager sources;
  Diagnostics diagnostics{sources};
  FrontEndResult result;
  std::string rendered;

  explicit FrontEndRun(const std::string& path, FrontEndOptions options = {}) {
    fs::current_path(MPL_SOURCE_DIR);
    result = run_front_end(path, options, sources, diagnostics);
    rendered = diagnostics.render_all();
  }
};

// A scratch directory of spec files for import tests, removed afterwards.
class ScratchSpecs : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mplc-front-end-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "lib");
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }

  fs::path dir_;
};

TEST_F(ScratchSpecs, ImportedPacketsResolveAndFilesComeInDependencyOrder) {
  write("lib/inner.mpl", "packet inner { x: uint16; }\n");
  write("middle.mpl", "import \"lib/inner.mpl\";\npacket middle { i: packet inner(); }\n");
  std::string root = write("root.mpl",
                           "import \"middle.mpl\";\nimport \"lib/inner.mpl\";\n"
                           "packet root { m: packet middle(); n: packet inner(); }\n");
  FrontEndRun run(root);
  EXPECT_EQ(run.rendered, "");
  ASSERT_NE(run.result.model, nullptr);
  ASSERT_EQ(run.result.files.size(), 3u);
  // inner before middle before root, and inner loaded only once.
  EXPECT_EQ(run.sources.path(run.result.files[0]->file), (dir_ / "lib/inner.mpl").string());
  EXPECT_EQ(run.sources.path(run.result.files[1]->file), (dir_ / "middle.mpl").string());
  EXPECT_EQ(run.result.files[2]->file, run.result.root);
  EXPECT_EQ(run.result.dependencies.size(), 3u);
  EXPECT_EQ(run.result.dependencies.front(), root);
}

TEST_F(ScratchSpecs, ImportDirsAreSearchedAfterTheImportersDirectory) {
  write("lib/shared.mpl", "packet shared { x: byte; }\n");
  std::string root = write("root.mpl", "import \"shared.mpl\";\npacket root { s: packet shared(); }\n");
  FrontEndRun without(root);
  EXPECT_NE(without.rendered.find("error: cannot find imported spec 'shared.mpl'"), std::string::npos)
      << without.rendered;
  // Names where it looked, and how to make it look elsewhere.
  EXPECT_NE(without.rendered.find((dir_ / "shared.mpl").string()), std::string::npos) << without.rendered;
  EXPECT_NE(without.rendered.find("add its directory with -I DIR (IMPORT_DIRS in add_mpl_spec())"),
            std::string::npos)
      << without.rendered;
  EXPECT_EQ(without.result.model, nullptr);

  FrontEndRun with(root, FrontEndOptions{{(dir_ / "lib").string()}});
  EXPECT_EQ(with.rendered, "");
  EXPECT_NE(with.result.model, nullptr);
}

TEST_F(ScratchSpecs, ImportCycleIsReportedAtTheImport) {
  write("a.mpl", "import \"b.mpl\";\npacket a { x: byte; }\n");
  write("b.mpl", "import \"a.mpl\";\npacket b { y: byte; }\n");
  FrontEndRun run((dir_ / "a.mpl").string());
  EXPECT_EQ(run.rendered, fmt::format("{}:1:1: error: import cycle: '{}' imports itself ('a.mpl' -> "
                                      "'b.mpl' -> 'a.mpl')\nimport \"a.mpl\";\n^~~~~~~~~~~~~~~\n",
                                      (dir_ / "b.mpl").string(), (dir_ / "a.mpl").string()));
  EXPECT_EQ(run.result.model, nullptr);
}

TEST(FrontEnd, UnreadableRootSpecIsAnErrorWithoutLocation) {
  FrontEndRun run("tests/no-such-spec.mpl");
  EXPECT_EQ(run.rendered, "mplc: error: cannot read spec 'tests/no-such-spec.mpl'\n");
  EXPECT_EQ(run.result.model, nullptr);
}

TEST(FrontEnd, SyntaxErrorsStopBeforeAnalysis) {
  // The misspelt type would be a semantic error; after a syntax error it must
  // not be reported, since the tree is incomplete.
  fs::path path = fs::temp_directory_path() / "mplc-syntax-stops.mpl";
  std::ofstream(path) << "packet p { a: uint1; b uint8; }\n";
  FrontEndRun run(path.string());
  fs::remove(path);
  EXPECT_EQ(run.diagnostics.error_count(), 1u) << run.rendered;
  EXPECT_EQ(run.rendered.find("uint1'"), std::string::npos) << run.rendered;
}

// ------------------------------------------------------------- bundled specs

std::vector<std::string> bundled_specs() {
  std::vector<std::string> specs;
  for (const auto& entry : fs::directory_iterator(fs::path(MPL_SOURCE_DIR) / "specs")) {
    if (entry.path().extension() == ".mpl") specs.push_back("specs/" + entry.path().filename().string());
  }
  std::sort(specs.begin(), specs.end());
  return specs;
}

TEST(BundledSpecs, ThereAreSpecsToCheck) { EXPECT_GE(bundled_specs().size(), 3u); }

class BundledSpec : public ::testing::TestWithParam<std::string> {};

TEST_P(BundledSpec, ChecksCleanWithoutWarnings) {
  FrontEndRun run(GetParam());
  EXPECT_EQ(run.rendered, "");
  EXPECT_NE(run.result.model, nullptr);
}

INSTANTIATE_TEST_SUITE_P(Specs, BundledSpec, ::testing::ValuesIn(bundled_specs()),
                         [](const auto& test_info) {
                           std::string name = fs::path(test_info.param).stem().string();
                           std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
                           return name;
                         });

// ------------------------------------------------------ diagnostics catalogue
//
// Every tests/diagnostics/**/NAME.mpl is a spec with one deliberate problem;
// NAME.expected holds mplc's exact output for it. Set MPL_UPDATE_GOLDEN=1 to
// rewrite the expected files from the current output (then review the diff).

std::vector<std::string> catalogue_cases() {
  std::vector<std::string> cases;
  fs::path root = fs::path(MPL_SOURCE_DIR) / "tests" / "diagnostics";
  if (!fs::exists(root)) return cases;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() == ".mpl") {
      cases.push_back(fs::relative(entry.path(), MPL_SOURCE_DIR).string());
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

TEST(DiagnosticCatalogue, HasACaseForEveryDiagnosticKind) {
  // One case per distinct diagnostic; the count guards against a catalogue
  // folder going missing unnoticed.
  EXPECT_GE(catalogue_cases().size(), 35u);
}

class DiagnosticCase : public ::testing::TestWithParam<std::string> {};

TEST_P(DiagnosticCase, ProducesExactlyTheExpectedDiagnostics) {
  // A case may import helpers from its own folder or from tests/diagnostics/lib.
  FrontEndRun run(GetParam(), FrontEndOptions{{"tests/diagnostics/lib"}});
  fs::path expected_path = fs::path(MPL_SOURCE_DIR) / fs::path(GetParam()).replace_extension(".expected");
  if (std::getenv("MPL_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(expected_path, std::ios::binary) << run.rendered;
  }
  ASSERT_TRUE(fs::exists(expected_path)) << "missing " << expected_path << "; output was:\n" << run.rendered;
  EXPECT_EQ(run.rendered, read_text(expected_path));
  // Every case exists to show a located problem.
  EXPECT_TRUE(run.diagnostics.has_errors() ||
              run.rendered.find(": warning: ") != std::string::npos)
      << run.rendered;
  if (run.diagnostics.has_errors()) {
    EXPECT_EQ(run.result.model, nullptr);
  }
}

INSTANTIATE_TEST_SUITE_P(Catalogue, DiagnosticCase, ::testing::ValuesIn(catalogue_cases()),
                         [](const auto& test_info) {
                           std::string name = fs::path(test_info.param).parent_path().filename().string() +
                                              "_" + fs::path(test_info.param).stem().string();
                           std::replace_if(name.begin(), name.end(), [](char c) { return !std::isalnum(static_cast<unsigned char>(c)); }, '_');
                           return name;
                         });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(DiagnosticCase);

// ----------------------------------------------------------- hostile input

// The front end must end with success or diagnostics on any text: truncated
// real specs, and real specs with random bytes overwritten. Fixed seed, so a
// failure reproduces.
TEST(FrontEndRobustness, TruncatedAndCorruptedSpecsNeverCrash) {
  std::mt19937 random(20261122);
  fs::path scratch = fs::temp_directory_path() / "mplc-robustness.mpl";
  std::size_t runs = 0;
  for (const std::string& spec : bundled_specs()) {
    std::string text = read_text(fs::path(MPL_SOURCE_DIR) / spec);
    std::vector<std::string> variants;
    for (std::size_t cut = 0; cut < text.size(); cut += 1 + text.size() / 97) variants.push_back(text.substr(0, cut));
    for (int i = 0; i < 60; ++i) {
      std::string corrupt = text;
      for (int flips = 0; flips < 4 && !corrupt.empty(); ++flips) {
        corrupt[random() % corrupt.size()] = static_cast<char>(random() % 256);
      }
      variants.push_back(corrupt);
    }
    for (const std::string& variant : variants) {
      std::ofstream(scratch, std::ios::binary | std::ios::trunc) << variant;
      FrontEndRun run(scratch.string());
      // Either it analysed cleanly, or it said why not.
      EXPECT_TRUE(run.result.model != nullptr || run.diagnostics.has_errors());
      ++runs;
    }
  }
  fs::remove(scratch);
  EXPECT_GT(runs, 100u);
}

}  // namespace
}  // namespace mplc
