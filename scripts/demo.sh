#!/usr/bin/env bash
# The main job: build mplc and compile every bundled spec with it.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/build.sh
build_dir=${MPL_BUILD_DIR:-build}
echo "== mplc --check specs/*.mpl"
"$build_dir/compiler/mplc" --check specs/*.mpl
echo "all $(ls specs/*.mpl | wc -l) bundled specs check clean"
