#!/usr/bin/env bash
# Regenerates docs/conformance.md: mpldump against tshark over the whole
# capture corpus, plus mpldump's frames per second (tests/conformance/README.md).
#
#   scripts/conformance.sh BUILD_DIR [CORPUS_DIR]
#
# Builds mpldump in BUILD_DIR first. Exit status 1 if any disagreement is
# unexplained (the report is written anyway, listing them).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:?usage: scripts/conformance.sh BUILD_DIR [CORPUS_DIR]}"
corpus="${2:-$(cmake -L -N "$build" 2>/dev/null | sed -n 's/^MPL_CORPUS_DIR:PATH=//p')}"
corpus="${corpus:-$root/../shared/corpus}"

cmake --build "$build" --target mpldump
exec /usr/bin/python3 "$root/tests/conformance/conformance.py" \
  --mpldump "$build/tools/mpldump/mpldump" --corpus "$corpus" \
  --cache "$build/tshark-cache" --jobs 2 --speed --report "$root/docs/conformance.md"
