#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the hold-model benchmark of the event kernel in Release and runs it (issue #2): events per
# second of sim/engine.c, a bare binary heap and a GTree queue at N = 1000, 100000 and 1000000.
#
#   scripts/bench-engine.sh [bench_engine options, e.g. --runs 3 --holds 2000000 --gtree-max-n 100000]
#
# Run it on an otherwise idle machine. Environment: BUILD_DIR (default: build-bench). Exit status 1
# when the kernel misses its target, 2 on bad options.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-build-bench}
case "$build_dir" in /*) ;; *) build_dir="$top/$build_dir" ;; esac

cmake -S "$top" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" --target bench_engine -j "${SWARMSIM_JOBS:-$(nproc)}" >/dev/null
exec "$build_dir/tests/sim/bench_engine" "$@"
