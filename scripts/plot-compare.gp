# SPDX-License-Identifier: MIT
# A comparison side by side: one bar per variant, in compare.csv's order and colours, for the total
# cost, the availability of each service, the blast radius (replicas lost per failure) and the
# time without a leader per run (means with their 95 % confidence intervals from compare.csv), and
# the p95 recovery time (with a distribution-free 95 % interval from the order statistics of the
# variant's recovery.csv). Panels whose metric compare.csv lacks are left out. Run by scripts/plot as
#   gnuplot -c plot-compare.gp DATA_DIR png|svg OUTFILE
# where DATA_DIR holds compare.gp and bars_{cost,avail,rec,blast,cp}.dat (x value low high variant
# label).

data = ARG1; fmt = ARG2; outfile = ARG3
load data.'/compare.gp'

npanel = has_cost + has_avail + has_rec + has_blast + has_cp
rows = (npanel > 3) ? 2 : 1
cols = (npanel > 3) ? 3 : npanel
width = 1000
height = (rows == 2) ? 820 : 560
i = strlen(ARG0); while (i > 0 && ARG0[i:i] ne '/') { i = i - 1 }
load (i > 0 ? ARG0[1:i] : '').'plot-common.gp'
set datafile separator '\t'

title = (var_stem eq '' ? 'Comparison of the variants' : sprintf('%s: comparison of the variants', var_stem)). \
        "\n(bars: mean or p95; whiskers: 95 % confidence interval)"
set multiplot layout rows, cols title title \
    font ',14' margins 0.07, 0.99, (rows == 2 ? 0.1 : 0.16), (rows == 2 ? 0.88 : 0.82) spacing 0.09, (rows == 2 ? 0.12 : 0)
set style fill solid 0.85 noborder
set boxwidth 0.8 / nvar * 0.9 absolute
set grid noxtics
set xtics scale 0
set key at screen 0.5, screen 0.01 center bottom horizontal reverse Left samplen 1.5

# Each panel: bars coloured by variant, black whiskers, the value written above. Single bars are
# named on the x axis by the short names (var_short: what sets each variant apart); the
# availability panel, grouped by service, has a key of the full variant names below it, or the
# first panel has it when there is no availability panel.
bars(f) = sprintf('%s/%s', data, f)
key_on = 1
vtitle(v) = key_on ? var_name[v] : ''

if (has_cost) {
  set title (strstrt(cost_metric, 'per_hour') ? 'cost per hour' : 'total cost of the run')
  set ylabel (strstrt(cost_metric, 'per_hour') ? 'USD per hour' : 'USD')
  set xrange [0.5:1.5]
  set yrange [0:cost_hi * 1.2]
  set xtics ()
  do for [v = 1:nvar] { set xtics add (var_short[v] 1 + (v - (nvar + 1) / 2.0) * 0.8 / nvar) }
  set format y '%.3g'
  plot for [v = 1:nvar] bars('bars_cost.dat') using ($5 == v ? $1 : NaN):2 with boxes lc rgb var_colour[v] title vtitle(v), \
       bars('bars_cost.dat') using 1:3:(0):($4 - $3) with vectors heads size screen 0.008, 90 lc rgb c_black lw 1.5 notitle, \
       bars('bars_cost.dat') using 1:4:6 with labels offset 0, 0.8 notitle
  key_on = 0
}

if (has_avail) {
  span = avail_hi - avail_lo
  pad = (span > 0 ? span : 0.01) * 0.6   # room below the lowest whisker and above for the labels
  set title sprintf('availability (axis starts at %.3g %%)', avail_lo - pad)
  set ylabel 'share of replica-time running (%)'
  set xrange [0.5:navail + 0.5]
  set yrange [avail_lo - pad:(avail_hi <= 100 && avail_hi + pad > 100) ? 100 : avail_hi + pad]
  set xtics ()
  do for [g = 1:navail] { set xtics add (avail_group[g] g) }
  set format y '%.2f'
  plot for [v = 1:nvar] bars('bars_avail.dat') using ($5 == v ? $1 : NaN):2 with boxes lc rgb var_colour[v] title vtitle(v), \
       bars('bars_avail.dat') using 1:3:(0):($4 - $3) with vectors heads size screen 0.008, 90 lc rgb c_black lw 1.5 notitle, \
       bars('bars_avail.dat') using 1:4:6 with labels offset 0, 0.8 notitle
  key_on = 0
}

if (has_rec) {
  set title 'p95 recovery time'
  set ylabel 'seconds from failure to all replicas running'
  set xrange [0.5:1.5]
  set yrange [0:rec_hi * 1.2]
  set xtics ()
  do for [v = 1:nvar] { set xtics add (var_short[v] 1 + (v - (nvar + 1) / 2.0) * 0.8 / nvar) }
  set format y '%g'
  plot for [v = 1:nvar] bars('bars_rec.dat') using ($5 == v ? $1 : NaN):2 with boxes lc rgb var_colour[v] title vtitle(v), \
       bars('bars_rec.dat') using 1:3:(0):($4 - $3) with vectors heads size screen 0.008, 90 lc rgb c_black lw 1.5 notitle, \
       bars('bars_rec.dat') using 1:4:6 with labels offset 0, 0.8 notitle
  key_on = 0
}

if (has_blast) {
  set title 'blast radius'
  set ylabel 'replicas lost per failure'
  set xrange [0.5:1.5]
  set yrange [0:blast_hi * 1.2]
  set xtics ()
  do for [v = 1:nvar] { set xtics add (var_short[v] 1 + (v - (nvar + 1) / 2.0) * 0.8 / nvar) }
  set format y '%g'
  plot for [v = 1:nvar] bars('bars_blast.dat') using ($5 == v ? $1 : NaN):2 with boxes lc rgb var_colour[v] title vtitle(v), \
       bars('bars_blast.dat') using 1:3:(0):($4 - $3) with vectors heads size screen 0.008, 90 lc rgb c_black lw 1.5 notitle, \
       bars('bars_blast.dat') using 1:4:6 with labels offset 0, 0.8 notitle
  key_on = 0
}

if (has_cp) {
  set title 'control plane down'
  set ylabel 'seconds without a leader per run'
  set xrange [0.5:1.5]
  set yrange [0:(cp_hi > 0 ? cp_hi : 1) * 1.2]
  set xtics ()
  do for [v = 1:nvar] { set xtics add (var_short[v] 1 + (v - (nvar + 1) / 2.0) * 0.8 / nvar) }
  set format y '%g'
  plot for [v = 1:nvar] bars('bars_cp.dat') using ($5 == v ? $1 : NaN):2 with boxes lc rgb var_colour[v] title vtitle(v), \
       bars('bars_cp.dat') using 1:3:(0):($4 - $3) with vectors heads size screen 0.008, 90 lc rgb c_black lw 1.5 notitle, \
       bars('bars_cp.dat') using 1:4:6 with labels offset 0, 0.8 notitle
  key_on = 0
}
unset multiplot
