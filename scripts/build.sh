#!/usr/bin/env bash
# Configures and builds the project in ${MPL_BUILD_DIR:-build} after making
# sure the Debian packages it needs are installed. Extra arguments go to the
# CMake configure step (e.g. -DMPL_SANITIZE=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
build_dir=${MPL_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -G Ninja "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
