# SPDX-License-Identifier: MIT
# A comparison's recovery times: the empirical CDF of each variant's failures overlaid, counting
# the failures never recovered (a curve ends below 1 by their share, given in the key), each with
# its p95 (compare.csv's) as a dashed vertical line of the same colour. When cdf.gp sets cdf_logx (the times span
# more than a factor 50) the x axis is logarithmic, so the quick head and the long tail both show;
# recoveries of 0 s are then drawn at cdf_zero, tic 0.
# Run by scripts/plot as
#   gnuplot -c plot-compare-cdf.gp DATA_DIR png|svg OUTFILE
# where DATA_DIR holds compare.gp, cdf.gp and cdf_N.dat (x, F(x)) for the variants that have data.

data = ARG1; fmt = ARG2; outfile = ARG3
load data.'/compare.gp'
load data.'/cdf.gp'

width = 1000
height = 600
i = strlen(ARG0); while (i > 0 && ARG0[i:i] ne '/') { i = i - 1 }
load (i > 0 ? ARG0[1:i] : '').'plot-common.gp'
set datafile separator '\t'

# cdf_list names the variants (by number) whose sub-folder gave recovered failures.
nc = words(cdf_list)
cv(k) = int(word(cdf_list, k))

set title "Recovery time by variant: share of all failures recovered within x\n(dashed vertical lines: each variant's p95 over its recovered failures)" font ',14'
set xlabel sprintf('recovery time: failure to all replicas running (%s)', cdf_logx ? 's, log scale' : 's')
set ylabel 'share of all failures'
set yrange [0:1.25]
set ytics 0, 0.1, 1
logx_zero = 0
if (cdf_logx) {
  logx_lo = cdf_lo; logx_hi = cdf_hi; logx_zero = cdf_zero
  eval set_log_x
} else {
  set xrange [0:*]
}
set key top left reverse Left samplen 2.5
set arrow from graph 0, first 1 to graph 1, first 1 nohead lc rgb c_grey lw 1 dt (2, 3) back

do for [k = 1:nc] {
  if (cdf_p95[cv(k)] == cdf_p95[cv(k)]) {
    set arrow from logx_at(cdf_p95[cv(k)]), graph 0 to logx_at(cdf_p95[cv(k)]), first 1 nohead lc rgb var_colour[cv(k)] lw 1.5 dt (12, 6) back
  }
}
plot for [k = 1:nc] sprintf('%s/cdf_%d.dat', data, cv(k)) using (logx_at($1)):2 with steps \
       lc rgb var_colour[cv(k)] lw 2.5 title sprintf('%s (p95 %.1f s; %.1f %% never recovered)', var_name[cv(k)], cdf_p95[cv(k)], cdf_never[cv(k)])
