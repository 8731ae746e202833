# SPDX-License-Identifier: MIT
# Recovery times across replications: a histogram and the empirical CDF of recovery_s over every
# recovered failure, with p50, p95 and p99 (type-7, computed by scripts/plot) marked in both.
# Failures never recovered are counted in the title, not in the curves. Run by scripts/plot as
#   gnuplot -c plot-recovery.gp DATA_DIR png|svg OUTFILE
# where DATA_DIR holds recovery.gp, hist.dat (bin centre, count) and ecdf.dat (x, F(x)).

data = ARG1; fmt = ARG2; outfile = ARG3
load data.'/recovery.gp'

width = 1000
height = 600
i = strlen(ARG0); while (i > 0 && ARG0[i:i] ne '/') { i = i - 1 }
load (i > 0 ? ARG0[1:i] : '').'plot-common.gp'

stats data.'/hist.dat' using 2 nooutput
count_max = STATS_max
pad = (xmax - xmin) * 0.08 + binw
set xrange [(xmin - pad > 0 ? xmin - pad : 0):xmax + pad]

set style line 20 lc rgb c_green lw 2 dt (6, 3)
set style line 21 lc rgb c_orange lw 2 dt (6, 3)
set style line 22 lc rgb c_verm lw 2 dt (6, 3)
do for [q in 'p50 p95 p99'] {
  set arrow from value(q), graph 0 to value(q), graph 1 nohead ls (q eq 'p50' ? 20 : q eq 'p95' ? 21 : 22) back
}

title = sprintf("Recovery time after a failure, across %d replications\n%d of %d failures recovered", nrep, nrec, nfail)
if (never > 0) { title = title.sprintf('; %d never recovered and are left out of the curves', never) }
set multiplot layout 1, 2 title title font ',14' margins 0.07, 0.98, 0.12, 0.84 spacing 0.08, 0
set xlabel 'recovery time: failure to all replicas running (s)'

set ylabel 'failures'
set yrange [0:count_max * 1.35 + 1]
set style fill solid 0.6 border lc rgb c_blue
set key top left reverse Left samplen 2
set title sprintf('histogram (bins of %g s)', binw)
plot data.'/hist.dat' using 1:2:(binw * 0.98) with boxes lc rgb c_sky title 'failures per bin', \
     NaN with lines ls 20 title sprintf('p50 = %.1f s', p50), \
     NaN with lines ls 21 title sprintf('p95 = %.1f s', p95), \
     NaN with lines ls 22 title sprintf('p99 = %.1f s', p99)

set ylabel 'fraction of recovered failures'
set yrange [0:1.02]
set ytics 0, 0.1, 1
set title sprintf('cumulative distribution (mean %.1f s)', mean)
set key top left reverse Left samplen 2 opaque
plot data.'/ecdf.dat' using 1:2 with steps lc rgb c_blue lw 2.5 title 'share recovered within x', \
     NaN with lines ls 20 title sprintf('p50 = %.1f s', p50), \
     NaN with lines ls 21 title sprintf('p95 = %.1f s', p95), \
     NaN with lines ls 22 title sprintf('p99 = %.1f s', p99)
unset multiplot
