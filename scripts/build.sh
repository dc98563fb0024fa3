#!/usr/bin/env bash
# Configures and builds the project in ${MPL_BUILD_DIR:-build} after making
# sure the Debian packages it needs are installed. Extra arguments go to the
# CMake configure step (e.g. -DMPL_SANITIZE=ON).
#
# Warnings are errors here (MPL_WERROR), as in CI. A Release build (-O3,
# the build a C++ user reaches for first, and where GCC's optimiser-driven
# warnings appear) with line tables only (-g1): stack traces keep file:line,
# and the debug information that dominates compile time for the generated
# headers goes. Our test programs are compiled at -O1 within it
# (cmake/MplTestProgram.cmake: they are half of the compile time, and the
# generated code at -O3 is still compiled by the benchmarks, the servers and
# mpldump). demo.sh and test.sh build with the same settings, so the second
# reuses the first one's build.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
build_dir=${MPL_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja -DMPL_WERROR=ON -DCMAKE_BUILD_TYPE=Release \
      -DCMAKE_CXX_FLAGS_RELEASE="-O3 -g1 -DNDEBUG" "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
