#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the scheduler benchmark in Release and runs it (issue #3): the time of one pass placing
# 100 000 tasks of 100 services (100 groups of 1000) on 10 000 nodes, some of SwarmKit's benchmark
# shapes (one-off tasks, each its own group), and a scaling table for one group of N over M nodes.
#
#   scripts/bench-scheduler.sh [--quick]
#
# Run it on an otherwise idle machine. Environment: BUILD_DIR (default: build-bench). Exit status 1
# when some task was not placed.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${BUILD_DIR:-build-bench}
case "$build_dir" in /*) ;; *) build_dir="$top/$build_dir" ;; esac

cmake -S "$top" -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" --target bench_scheduler -j "${SWARMSIM_JOBS:-$(nproc)}" >/dev/null
exec "$build_dir/tests/orchestrator/bench_scheduler" "$@"
