#!/usr/bin/env bash
# Builds the project and runs the whole test suite with ctest. Exits non-zero
# if any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
build_dir=${MPL_BUILD_DIR:-build}
ctest --test-dir "$build_dir" --output-on-failure -j "$(nproc)" --timeout 600
