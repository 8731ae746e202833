# SPDX-License-Identifier: MIT
# Recovery (or detection) times across replications: a histogram and the empirical CDF over every
# failure, with p50, p95 and p99 marked in both (the numbers of statistics.csv's recovery_s or
# detection_s row). The CDF counts the failures never recovered (or detected): it ends below 1 by
# their share, which its key gives. When recovery.gp sets logx
# (the times span more than a factor 50) both panels have a logarithmic x axis, so the head of quick
# recoveries and the long tail are both visible; recoveries of 0 s are then drawn at xzero, tic 0. Run by scripts/plot as
#   gnuplot -c plot-recovery.gp DATA_DIR png|svg OUTFILE
# where DATA_DIR holds recovery.gp, hist.dat (bin centre, count, low edge, high edge) and ecdf.dat
# (x, F(x)).

data = ARG1; fmt = ARG2; outfile = ARG3
load data.'/recovery.gp'

width = 1000
height = 600
i = strlen(ARG0); while (i > 0 && ARG0[i:i] ne '/') { i = i - 1 }
load (i > 0 ? ARG0[1:i] : '').'plot-common.gp'

stats data.'/hist.dat' using 2 nooutput
count_max = STATS_max
logx_zero = 0
if (logx) {
  logx_lo = xpos; logx_hi = xhi; logx_zero = xzero
  eval set_log_x
  xunit = 's, log scale'
} else {
  pad = (xmax - xmin) * 0.08 + binw
  set xrange [(xmin - pad > 0 ? xmin - pad : 0):xmax + pad]
  xunit = 's'
}

set style line 20 lc rgb c_green lw 2 dt (6, 3)
set style line 21 lc rgb c_orange lw 2 dt (6, 3)
set style line 22 lc rgb c_verm lw 2 dt (6, 3)
do for [q in 'p50 p95 p99'] {
  set arrow from logx_at(value(q)), graph 0 to logx_at(value(q)), graph 1 nohead ls (q eq 'p50' ? 20 : q eq 'p95' ? 21 : 22) back
}

title = sprintf("%s, across %d replications\n%d of %d failures; %d %s", what_title, nrep, nrec, nfail, never, what_never)
set multiplot layout 1, 2 title title font ',14' margins 0.08, 0.98, 0.12, 0.84 spacing 0.08, 0
set xlabel sprintf('%s (%s)', what_axis, xunit)

set ylabel 'failures'
set yrange [0:count_max * 1.35 + 1]
set style fill solid 0.6 border lc rgb c_blue
set key top right reverse Left samplen 2
if (logx) {
  set title sprintf('histogram (%d bin%s per decade)', bpd, bpd == 1 ? '' : 's')
} else {
  set title sprintf('histogram (bins of %g s)', binw)
}
# Boxes from the low to the high edge of each bin (equal widths on either axis), a hair narrower.
plot data.'/hist.dat' using 1:(0):($3 + ($4 - $3) * 0.01):($4 - ($4 - $3) * 0.01):(0):2 with boxxyerror lc rgb c_sky title 'failures per bin', \
     NaN with lines ls 20 title sprintf('p50 = %.1f s', p50), \
     NaN with lines ls 21 title sprintf('p95 = %.1f s', p95), \
     NaN with lines ls 22 title sprintf('p99 = %.1f s', p99)

set ylabel 'share of all failures'
set yrange [0:1.02]
set ytics 0, 0.1, 1
set title sprintf('cumulative distribution (mean %.1f s)', mean)
set key bottom right reverse Left samplen 2
set arrow from graph 0, first 1 to graph 1, first 1 nohead lc rgb c_grey lw 1 dt (2, 3) back
plot data.'/ecdf.dat' using (logx_at($1)):2 with steps lc rgb c_blue lw 2.5 title (what_never eq 'never detected' ? 'share detected within x' : 'share recovered within x'), \
     NaN with lines lc rgb c_grey lw 1 dt (2, 3) title sprintf('%.1f %% %s', 100.0 * never / nfail, what_never), \
     NaN with lines ls 20 title sprintf('p50 = %.1f s', p50), \
     NaN with lines ls 21 title sprintf('p95 = %.1f s', p95), \
     NaN with lines ls 22 title sprintf('p99 = %.1f s', p99)
unset multiplot
