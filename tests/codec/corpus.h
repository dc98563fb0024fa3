// The shared capture corpus: public captures from other projects, kept
// outside the repository (they are not ours to redistribute). Tests over it
// run when the environment variable MPL_CORPUS_DIR names its folder (CI
// always sets it) and are reported by ctest as skipped otherwise, with the
// reason. Tests that must run everywhere use packets the repository carries
// (tests/captures/, hand-assembled byte arrays).
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

namespace codec_test {

// The corpus folder, or nullptr when MPL_CORPUS_DIR is unset or empty.
inline const char* corpus_dir() {
  const char* dir = std::getenv("MPL_CORPUS_DIR");
  return dir != nullptr && *dir != '\0' ? dir : nullptr;
}

// A file of the corpus. Only for tests that began with MPL_NEEDS_CORPUS();
// without the corpus the path names the missing variable, so a test that
// forgot it fails saying why.
inline std::string corpus(const std::string& relative) {
  const char* dir = corpus_dir();
  return std::string(dir != nullptr ? dir : "<MPL_CORPUS_DIR is not set>") + "/" + relative;
}

}  // namespace codec_test

// First statement of a test (or of a fixture's SetUp) that reads the corpus.
#define MPL_NEEDS_CORPUS()                                                                         \
  if (::codec_test::corpus_dir() == nullptr)                                                       \
  GTEST_SKIP() << "needs the shared capture corpus: set MPL_CORPUS_DIR to its folder "             \
                  "(README.md, \"Tests\")"
