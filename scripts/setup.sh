#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what swarmsim needs on Debian 12 (only the packages that are missing), then configures and
# builds it. Used by both commands of the README and by CI.
#
#   scripts/setup.sh [--werror] [--sanitize LIST] [--build-dir DIR] [--release]
#
# Environment: BUILD_DIR (default: build), SWARMSIM_JOBS (default: number of CPUs).
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-build}
werror=OFF
sanitize=""
build_type=RelWithDebInfo

while [ $# -gt 0 ]; do
  case "$1" in
    --werror) werror=ON ;;
    --sanitize) sanitize=$2; shift ;;
    --build-dir) build_dir=$2; shift ;;
    --release) build_type=Release ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option '$1'; expected --werror, --sanitize LIST, --build-dir DIR or --release" >&2; exit 2 ;;
  esac
  shift
done

packages=(build-essential cmake pkg-config libglib2.0-dev libcsv-dev libgsl-dev gnuplot-nox)
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
cmake -S "$top" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" \
  -DSWARMSIM_WERROR="$werror" -DSWARMSIM_SANITIZE="$sanitize" >/dev/null
cmake --build "$build_dir" -j "${SWARMSIM_JOBS:-$(nproc)}"
