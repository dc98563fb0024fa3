#!/usr/bin/env bash
# Proves the README's Quick start on a pristine Debian 12 system: builds a
# minimal Debian 12 root (mmdebstrap --variant=minbase: apt, dpkg and bash,
# nothing of ours), puts a clean clone of this repository's HEAD in it, and
# runs the README's two commands there as written, as root in a chroot:
#
#   ./scripts/demo.sh
#   ./scripts/test.sh
#
# Whatever they need must come from scripts/install-deps.sh, so a package
# that was only ever installed by hand on this machine fails here.
#
#   scripts/fresh-machine-test.sh [options]
#     --tests full|quick|none  what the second command runs (default full):
#                       full  = ./scripts/test.sh as written (ctest, then ASan+UBSan tests and fuzz in one clang build);
#                       quick = the same script with MPL_SKIP_ASAN=1 MPL_SKIP_FUZZ=1
#                               MPL_CTEST_ARGS="-L unit" (the build is the demo's);
#                       none  = only the first command.
#     --corpus DIR      also run the corpus tests: DIR is bound read-only into the
#                       root and MPL_CORPUS_DIR points at it for the second command;
#                       afterwards the codec tests run once more without it, and
#                       must report the corpus tests as skipped, not failed.
#     --keep            keep the root (its path is printed) instead of removing it
#     --work DIR        where the root is made (default: a new directory in /var/tmp)
#
# Needs root (mmdebstrap, chroot, mounts) and installs mmdebstrap if missing.
# The root runs in its own mount and PID namespaces: every process started
# inside ends with it, and its mounts vanish with it. It shares this
# machine's network (apt needs the archive); the tests inside use loopback
# and namespaces of their own, as they do anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

tests=full
corpus=
keep=0
work=
while [ $# -gt 0 ]; do
  case "$1" in
    --tests) tests=$2; shift 2 ;;
    --corpus) corpus=$(realpath "$2"); shift 2 ;;
    --keep) keep=1; shift ;;
    --work) work=$2; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "fresh-machine-test: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$tests" in full|quick|none) ;; *) echo "fresh-machine-test: --tests takes full, quick or none" >&2; exit 2 ;; esac
if [ "$(id -u)" -ne 0 ]; then
  echo "fresh-machine-test: needs root (mmdebstrap --mode=root, chroot and mounts)" >&2
  exit 2
fi
if [ -n "$corpus" ] && [ ! -d "$corpus" ]; then
  echo "fresh-machine-test: --corpus $corpus is not a directory" >&2
  exit 2
fi

step() { printf '\n== fresh-machine-test: %s (%s)\n' "$1" "$(date +%T)"; }
started=$(date +%s)

if ! command -v mmdebstrap > /dev/null; then
  step "installing mmdebstrap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends mmdebstrap > /dev/null
fi

if [ -z "$work" ]; then
  work=$(mktemp -d /var/tmp/mpl-fresh-machine.XXXXXX)
fi
mkdir -p "$work"
root=$work/root
cleanup() {
  if [ "$keep" = 1 ]; then
    echo "fresh-machine-test: the root is kept in $root"
  else
    rm -rf --one-file-system "$work"
  fi
}
trap cleanup EXIT

# The same archive this machine's apt uses (its sources), so the root
# reaches whatever mirror or snapshot the machine is set up for.
sources=()
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [ -s "$f" ] && sources+=("$f")
done
if [ ${#sources[@]} -eq 0 ]; then
  echo "fresh-machine-test: this machine has no apt sources to give the new root" >&2
  exit 1
fi

step "building a minimal Debian 12 root in $root"
# Check-Valid-Until off: a snapshot archive's Release files are past their
# validity date by design.
mmdebstrap --quiet --variant=minbase --mode=root \
  --aptopt='Acquire::Check-Valid-Until "false"' \
  bookworm "$root" "${sources[@]}"

step "cloning $(git -C "$repo" rev-parse --short HEAD) into the root"
git clone --quiet --no-local "$repo" "$root/root/mpl"
# A chroot is not a booted machine: no init system runs there, so package
# scripts must not try to start services (nsd, sshd, bird...) in it.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
cp /etc/resolv.conf "$root/etc/resolv.conf"

# What runs inside, as root, from the clone: the README's commands.
inside=$root/root/fresh-machine-steps.sh
{
  echo 'set -euo pipefail'
  echo 'cd /root/mpl'
  echo 'echo "== ./scripts/demo.sh ($(date +%T))"'
  echo './scripts/demo.sh'
  case "$tests" in
    full) test_env=() ;;
    quick) test_env=(MPL_SKIP_ASAN=1 MPL_SKIP_FUZZ=1 "MPL_CTEST_ARGS=-L unit") ;;
    none) test_env=() ;;
  esac
  if [ "$tests" != none ]; then
    [ -n "$corpus" ] && test_env+=(MPL_CORPUS_DIR=/mnt/corpus)
    if [ ${#test_env[@]} -eq 0 ]; then
      echo 'echo "== ./scripts/test.sh ($(date +%T))"'
      echo './scripts/test.sh'
    else
      printf 'echo "== %s ./scripts/test.sh ($(date +%%T))"\n' "${test_env[*]}"
      printf 'env %s ./scripts/test.sh\n' "$(printf '%q ' "${test_env[@]}")"
    fi
  fi
  if [ -n "$corpus" ] && [ "$tests" != none ]; then
    # The same build without the corpus: the tests that need it must say
    # they were skipped (with the reason), and none may fail.
    cat <<'EOF'
echo "== without MPL_CORPUS_DIR: the corpus tests must be skipped ($(date +%T))"
log=$(mktemp)
env -u MPL_CORPUS_DIR ctest --test-dir build -L 'codec|corpus' -j "$(nproc)" --output-on-failure > "$log" 2>&1 || { cat "$log"; exit 1; }
grep -E 'tests passed|Skipped' "$log" | tail -n 5
skipped=$(grep -c '\*\*\*Skipped' "$log" || true)
if [ "$skipped" -eq 0 ]; then echo "no corpus test reported itself skipped" >&2; cat "$log"; exit 1; fi
echo "$skipped corpus tests skipped without MPL_CORPUS_DIR"
EOF
  fi
} > "$inside"

# The root bound onto itself first: inside the chroot "/" is then a mount
# point, as on a real machine (`ip netns exec` remounts it, and fails when
# it is not one).
mounts="mount --bind '$root' '$root' && mount -t proc proc '$root/proc'"
mounts+=" && mount --rbind /dev '$root/dev' && mount --rbind /sys '$root/sys'"
mounts+=" && mount -t tmpfs tmpfs '$root/tmp' && mount -t tmpfs tmpfs '$root/run'"
if [ -n "$corpus" ]; then
  mkdir -p "$root/mnt/corpus"
  mounts+=" && mount --bind '$corpus' '$root/mnt/corpus' && mount -o remount,bind,ro '$root/mnt/corpus'"
fi
step "running the README's commands in the new root"
# A clean environment, as a new login would have; no variable of this
# machine's (PATH with other toolchains, compilers, Python) leaks in.
unshare --mount --pid --fork --propagation private -- bash -c "$mounts && exec chroot '$root' \
  /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  bash /root/fresh-machine-steps.sh"

step "passed in $(( ($(date +%s) - started) / 60 )) min $(( ($(date +%s) - started) % 60 )) s"
