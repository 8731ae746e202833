#!/bin/sh
# SPDX-License-Identifier: MIT
# Regenerates the example pictures of the README under docs/images/: runs build/swarmsim (after
# scripts/setup.sh) with the README's own commands (same scenarios, same options, the comparison's
# variants in the README's order, which sets their order and colours in every picture), draws
# them with scripts/plot and copies a few PNGs. Only the README uses these images; a run's own
# plots go to its results folder.
#
#   scripts/make-doc-images.sh                 from real runs (needs build/swarmsim and gnuplot)
#   scripts/make-doc-images.sh --from-fixtures from the hand-made tests/data/plot-* folders, until
#                                              the simulator can produce the runs
#
# Set SWARMSIM to use another binary. A scenario that is not shipped is skipped with a note; a run or
# a plot that fails stops the script (exit 1). Images above ~60 KB are reported: keep them small.
set -eu
LC_ALL=C
export LC_ALL

me=scripts/make-doc-images.sh
root=$(cd "$(dirname "$0")/.." && pwd)
images="$root/docs/images"
swarmsim=${SWARMSIM:-$root/build/swarmsim}
max_bytes=61440

die() { printf '%s: %s\n' "$me" "$1" >&2; exit "${2:-1}"; }

from_fixtures=0
case ${1:-} in
  "") ;;
  --from-fixtures) from_fixtures=1 ;;
  *) die "unknown option '$1'; usage: $me [--from-fixtures]" 2 ;;
esac
command -v "${GNUPLOT:-gnuplot}" >/dev/null 2>&1 || die "gnuplot is not installed; run scripts/setup.sh"

work=$(mktemp -d "${TMPDIR:-/tmp}/swarmsim-doc-images.XXXXXX") || die "cannot make a temporary folder"
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM
mkdir -p "$images"

# keep RESULTS PLOT NAME: copies RESULTS/plots/PLOT.png to docs/images/NAME.png.
keep() {
  [ -f "$1/plots/$2.png" ] || die "$1/plots/$2.png was not drawn"
  cp "$1/plots/$2.png" "$images/$3.png"
  size=$(wc -c < "$images/$3.png")
  if [ "$size" -gt $max_bytes ]; then
    echo "$me: note: docs/images/$3.png is $size bytes, more than ~60 KB" >&2
  fi
  echo "docs/images/$3.png"
}

# draw RESULTS: the PNG plots of one results folder.
draw() {
  "$root/scripts/plot" "$1" --format png --quiet || die "scripts/plot failed on $1"
}

if [ $from_fixtures = 1 ]; then
  cp -R "$root/tests/data/plot-run" "$work/4node-failover"
  cp -R "$root/tests/data/plot-compare" "$work/scale-up-vs-scale-out"
  draw "$work/4node-failover"
  draw "$work/scale-up-vs-scale-out"
  keep "$work/4node-failover" replicas 4node-failover-replicas
  keep "$work/4node-failover" nodes 4node-failover-nodes
  keep "$work/scale-up-vs-scale-out" compare scale-up-vs-scale-out
  keep "$work/scale-up-vs-scale-out" compare-cdf scale-up-vs-scale-out-cdf
  keep "$work/scale-up-vs-scale-out" compare-paired scale-up-vs-scale-out-paired
  exit 0
fi

[ -x "$swarmsim" ] || die "$swarmsim is not built; run scripts/setup.sh first (or use --from-fixtures)"

# run NAME: one run of scenarios/NAME.ini, drawn; returns 1 when the scenario is not shipped.
run() {
  if [ ! -f "$root/scenarios/$1.ini" ]; then
    echo "$me: scenarios/$1.ini is not shipped; skipped" >&2
    return 1
  fi
  "$swarmsim" --quiet --out "$work/$1" "$root/scenarios/$1.ini" || die "swarmsim failed on scenarios/$1.ini"
  draw "$work/$1"
}

if run 4node-failover; then
  keep "$work/4node-failover" replicas 4node-failover-replicas
  keep "$work/4node-failover" nodes 4node-failover-nodes
fi
if run three-managers; then
  keep "$work/three-managers" nodes three-managers-nodes
  keep "$work/three-managers" replicas three-managers-replicas
fi

# The comparison, as the README runs it:
#   build/swarmsim compare scenarios/scale-up-vs-scale-out-up.ini \
#       scenarios/scale-up-vs-scale-out-out.ini -n 1000 --plot
# The order of the files is the order (and the colours) of the variants in the pictures.
up="$root/scenarios/scale-up-vs-scale-out-up.ini"
out="$root/scenarios/scale-up-vs-scale-out-out.ini"
if [ ! -f "$up" ] || [ ! -f "$out" ]; then
  echo "$me: scenarios/scale-up-vs-scale-out-{up,out}.ini are not shipped; comparison skipped" >&2
else
  "$swarmsim" compare --quiet -n 1000 --out "$work/scale-up-vs-scale-out" "$up" "$out" ||
    die "swarmsim compare failed on $up $out"
  draw "$work/scale-up-vs-scale-out"
  keep "$work/scale-up-vs-scale-out" compare scale-up-vs-scale-out
  keep "$work/scale-up-vs-scale-out" compare-cdf scale-up-vs-scale-out-cdf
  if [ -f "$work/scale-up-vs-scale-out/plots/compare-paired.png" ]; then
    keep "$work/scale-up-vs-scale-out" compare-paired scale-up-vs-scale-out-paired
  else
    echo "$me: the comparison wrote no compare_paired.csv; no paired-differences image" >&2
  fi
fi
