#!/bin/sh
# SPDX-License-Identifier: MIT
# Regenerates the golden results under tests/golden/ with the swarmsim program of a build folder:
#   - tests/golden/NAME/ from tests/data/NAME.ini, for every tests/data/cli-*.ini;
#   - tests/golden/scenarios/NAME/ from every shipped scenario, scenarios/NAME.ini;
#   - tests/golden/compare-scale-up-vs-scale-out/ from a 20-replication comparison of the
#     scale-up and scale-out scenarios.
# Each run uses the scenario's own seed and replications. tests/cli/test_golden.c runs the same
# commands; change both together. Review the diff before committing: every changed number is a
# change in behaviour.
#
# Usage: scripts/update-golden.sh [BUILD_DIR]   (default: build)
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
case "$build" in
  /*) ;;
  *) build="$src/$build" ;;
esac
program="$build/swarmsim"
if [ ! -x "$program" ]; then
  echo "update-golden.sh: $program is not built; expected a build folder holding swarmsim" >&2
  exit 2
fi

# The golden folders carry swarmsim's marker, so swarmsim replaces them itself, atomically.
cd "$src"
for scenario in tests/data/cli-*.ini; do
  name=$(basename "$scenario" .ini)
  "$program" --quiet --out "tests/golden/$name" "$scenario"
  echo "updated tests/golden/$name/"
done
mkdir -p tests/golden/scenarios
for scenario in scenarios/*.ini; do
  name=$(basename "$scenario" .ini)
  "$program" --quiet --out "tests/golden/scenarios/$name" "$scenario"
  echo "updated tests/golden/scenarios/$name/"
done
"$program" compare --replications 20 --quiet --out tests/golden/compare-scale-up-vs-scale-out \
  scenarios/scale-up-vs-scale-out-up.ini scenarios/scale-up-vs-scale-out-out.ini
echo "updated tests/golden/compare-scale-up-vs-scale-out/"
