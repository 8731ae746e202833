#!/bin/sh
# SPDX-License-Identifier: MIT
# Regenerates the golden results, tests/golden/NAME/, from tests/data/NAME.ini for every golden
# scenario (tests/data/cli-*.ini), with the swarmsim program of a build folder. Review the diff
# before committing: every changed number is a change in behaviour.
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

cd "$src"
for scenario in tests/data/cli-*.ini; do
  name=$(basename "$scenario" .ini)
  # The golden folders carry swarmsim's marker, so swarmsim replaces them itself, atomically.
  "$program" --quiet --out "tests/golden/$name" "$scenario"
  echo "updated tests/golden/$name/"
done
