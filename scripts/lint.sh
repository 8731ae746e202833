#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Project rules the compiler cannot check (style guide §1, §2 and §10): no clock and no global
# randomness in the simulation, no files or CSV in the kernel, layers include only downwards, and
# every C file follows .clang-format.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
fail() { echo "lint: $*" >&2; status=1; }

forbidden='\b(time|clock_gettime|gettimeofday|rand|srand|random|drand48|g_get_real_time|g_get_monotonic_time)[[:space:]]*\(|g_random_'
hits=$(grep -rnE "$forbidden" sim models --include='*.c' --include='*.h' | grep -vE '^\S+:[0-9]+:\s*(/?\*|//)' || true)
[ -n "$hits" ] && fail "wall clock or global randomness in sim/ or models/:
$hits"

hits=$(grep -rnE '#\s*include\s*"(models|cli)/' sim || true)
[ -n "$hits" ] && fail "sim/ includes models/ or cli/:
$hits"
# The kernel reads no files and knows no CSV (style guide §1): callers read, sim/ parses text.
hits=$(grep -rnE '#\s*include\s*<csv\.h>|\b(fopen|g_fopen|freopen|g_file_get_contents|g_file_[a-z_]+)[[:space:]]*\(' sim --include='*.c' --include='*.h' | grep -vE '^\S+:[0-9]+:\s*(/?\*|//)' || true)
[ -n "$hits" ] && fail "sim/ reads files or includes csv.h:
$hits"
hits=$(grep -rnE '#\s*include\s*"(sim|cli)/' models/orchestrator || true)
[ -n "$hits" ] && fail "models/orchestrator/ includes sim/ or cli/:
$hits"
hits=$(grep -rnE '#\s*include\s*"cli/' models || true)
[ -n "$hits" ] && fail "models/ includes cli/:
$hits"
# The decision library does no I/O: no stdio streams, no files.
hits=$(grep -rnE '\b(printf|fprintf|fopen|g_print|g_printerr|g_file_|open|write)[[:space:]]*\(' models/orchestrator --include='*.c' | grep -vE '^\S+:[0-9]+:\s*(/?\*|//)' || true)
[ -n "$hits" ] && fail "models/orchestrator/ does I/O:
$hits"

# scripts/setup.sh installs clang-format, so a missing one is a failure, not a reason to skip.
if ! command -v clang-format >/dev/null; then
  fail "clang-format is not installed, so the format check cannot run; expected it (scripts/setup.sh installs it)"
else
  files=$(git ls-files '*.c' '*.h')
  if [ -n "$files" ] && ! clang-format --dry-run -Werror $files 2>/dev/null; then
    fail "files differ from .clang-format (run: clang-format -i \$(git ls-files '*.c' '*.h'))"
  fi
fi
[ $status -eq 0 ] && echo "lint: ok"
exit $status
