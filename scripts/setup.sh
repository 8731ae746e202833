#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what swarmsim needs on Debian 12 (only the packages that are missing), then configures and
# builds it. Used by both commands of the README and by CI.
#
#   scripts/setup.sh [--werror] [--sanitize LIST] [--build-dir DIR] [--release] [--cc COMPILER]
#
# --cc COMPILER configures with that C compiler, gcc or clang; a build folder configured with the
# other one is configured afresh. Without it, a new build folder gets CMake's default (gcc on Debian).
# Environment: BUILD_DIR (default: build), SWARMSIM_JOBS (default: number of CPUs).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-build}
werror=OFF
sanitize=""
build_type=RelWithDebInfo
cc=""

while [ $# -gt 0 ]; do
  case "$1" in
    --werror) werror=ON ;;
    --sanitize) sanitize=$2; shift ;;
    --build-dir) build_dir=$2; shift ;;
    --release) build_type=Release ;;
    --cc) [ $# -ge 2 ] || { echo "setup.sh: --cc needs a value; expected gcc or clang" >&2; exit 2; }
          cc=$2; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option '$1'; expected --werror, --sanitize LIST, --build-dir DIR, --release or --cc COMPILER" >&2; exit 2 ;;
  esac
  shift
done
case "$cc" in
  ""|gcc|clang) ;;
  *) echo "setup.sh: --cc '$cc' is not known; expected gcc or clang" >&2; exit 2 ;;
esac

# clang-format is for scripts/lint.sh's format check, clang for the second compiler CI builds with,
# libclang-rt-14-dev for clang's libFuzzer and sanitizer runtimes (scripts/fuzz).
packages=(build-essential cmake pkg-config libglib2.0-dev libcsv-dev libgsl-dev gnuplot-nox
  clang clang-format libclang-rt-14-dev)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup.sh: installing ${missing[*]}" >&2
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

case "$build_dir" in /*) ;; *) build_dir="$top/$build_dir" ;; esac
cc_args=()
if [ -n "$cc" ]; then
  cc_args=(-DCMAKE_C_COMPILER="$cc")
  # CMake answers a changed compiler by dropping the cache and the other -D options with it
  # (-DSWARMSIM_WERROR among them), so start from a fresh cache ourselves instead.
  old_cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$build_dir/CMakeCache.txt" 2>/dev/null || true)
  [ -z "$old_cc" ] || [ "$(basename "$old_cc")" = "$cc" ] || cc_args+=(--fresh)
fi
cmake -S "$top" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" \
  -DSWARMSIM_WERROR="$werror" -DSWARMSIM_SANITIZE="$sanitize" "${cc_args[@]}" >/dev/null
cmake --build "$build_dir" -j "${SWARMSIM_JOBS:-$(nproc)}"
