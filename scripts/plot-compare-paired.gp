# SPDX-License-Identifier: MIT
# Paired differences of a comparison: for each metric, each variant less the baseline over the
# replications they share (same seeds, so the same failures), the mean difference as a dot and its
# 95 % confidence interval as a whisker, against a line at 0; the numbers are compare_paired.csv's.
# An interval that does not cross 0 is a difference that is not luck. One row per metric, each
# with its own axis (the units differ). Run by scripts/plot as
#   gnuplot -c plot-compare-paired.gp DATA_DIR png|svg OUTFILE
# where DATA_DIR holds compare.gp (variant names and colours) and paired.gp.

data = ARG1; fmt = ARG2; outfile = ARG3
load data.'/compare.gp'
load data.'/paired.gp'

width = 1000
height = 120 + 78 * npd
i = strlen(ARG0); while (i > 0 && ARG0[i:i] ne '/') { i = i - 1 }
load (i > 0 ? ARG0[1:i] : '').'plot-common.gp'
sy(p) = 1 - p * 1.0 / height

set multiplot title sprintf("Paired differences from %s, replication by replication (same seeds)\nmean and 95 %% confidence interval; one that does not cross the line at 0 is a real difference", pd_base) font ',14'
set lmargin at screen 0.25
set rmargin at screen 0.70
set border 1
unset ytics
set yrange [-1:1]
set grid noytics
set format x '%g'
do for [k = 1:npd] {
  set tmargin at screen sy(70 + 78 * (k - 1))
  set bmargin at screen sy(70 + 78 * (k - 1) + 48)
  m = abs(pd_lo[k]) > abs(pd_hi[k]) ? abs(pd_lo[k]) : abs(pd_hi[k])
  m = (m > 0 ? m : 1) * 1.25
  set xrange [-m:m]
  unset label
  set label pd_name[k] at screen 0.23, screen sy(70 + 78 * (k - 1) + 14) right
  set label sprintf('%s less %s', var_short[pd_v[k]], var_short[pd_b[k]]) at screen 0.23, screen sy(70 + 78 * (k - 1) + 30) right font ',10' textcolor rgb '#555555'
  set label pd_text[k] at screen 0.72, screen sy(70 + 78 * (k - 1) + 20) left textcolor rgb var_colour[pd_v[k]]
  set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb c_black lw 1 dt (6, 4) back
  plot '+' using (pd_m[k]):(0):(pd_lo[k]):(pd_hi[k]) every ::0::0 with xerrorbars pt 7 ps 1.5 lw 2 lc rgb var_colour[pd_v[k]] notitle
}
unset multiplot
