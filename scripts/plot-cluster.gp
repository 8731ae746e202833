# SPDX-License-Identifier: MIT
# Cluster utilisation and cost over time: the reserved CPU and memory as a share of what READY nodes
# offer (with the number of READY nodes, which explains the jumps), then the money spent so far and
# the hourly rate: what was billed (EC2 bills each launch its first 60 s at once) against what the
# nodes used at their rate, the gap shaded. Failures and detections are marked as in the replicas
# plot. Run by scripts/plot as
#   gnuplot -c plot-cluster.gp DATA_DIR png|svg OUTFILE
# where DATA_DIR holds run.gp, lines.gp and cluster.dat (t cpu_pct mem_pct usd_total usd_per_hour
# nodes_ready usd_used).

data = ARG1; fmt = ARG2; outfile = ARG3
load data.'/run.gp'
load data.'/lines.gp'
f = data.'/cluster.dat'

width = 1000
height = 650
i = strlen(ARG0); while (i > 0 && ARG0[i:i] ne '/') { i = i - 1 }
load (i > 0 ? ARG0[1:i] : '').'plot-common.gp'
set datafile missing '?'

stats f using 6 nooutput
nodes_max = STATS_max
stats f using 4 nooutput
usd_max = STATS_max
stats f using 5 nooutput
rate_max = STATS_max

kinds = ''
marked(k) = (k eq 'failure' || k eq 'zone_outage' || k eq 'detected')
do for [e = 1:nline] {
  if (marked(line_kind[e]) && strstrt(kinds, ' '.line_kind[e].' ') == 0) { kinds = kinds.' '.line_kind[e].' ' }
}

set multiplot layout 2, 1 title sprintf('Cluster utilisation and cost%s', rep_note) font ',14' \
    margins 0.08, 0.92, 60.0 / height, 1 - 60.0 / height spacing 0, 60.0 / height
set xrange [0:tmax]
do for [e = 1:nline] {
  if (marked(line_kind[e])) {
    set arrow from line_t[e], graph 0 to line_t[e], graph 1 nohead ls event_style(line_kind[e]) back
  }
}

# Top: reservations against capacity.
set key top right horizontal reverse Left samplen 2
set ylabel 'reserved, % of READY capacity'
set yrange [0:139]
set ytics 0, 20, 100 nomirror
set y2label 'nodes READY'
set y2range [0:(nodes_max > 0 ? nodes_max : 1) * 1.39]
set y2tics 0, (nodes_max > 10 ? ceil(nodes_max / 5.0) : 1), (nodes_max > 0 ? nodes_max : 1) nomirror
set format x ''
plot f using 1:6 axes x1y2 with steps lc rgb c_grey lw 1.5 title 'nodes READY (right axis)', \
     f using 1:2 with lines lc rgb c_blue lw 2.5 title 'CPU reserved', \
     f using 1:3 with lines lc rgb c_purple lw 2.5 dt (8, 3) title 'memory reserved', \
     for [k = 1:words(kinds)] NaN with lines ls event_style(word(kinds, k)) title event_title(word(kinds, k))

# Bottom: the bill.
set key top left horizontal maxcols 2 reverse Left samplen 2
set format x '%g'
set xlabel sprintf('simulated time (%s)', tunit)
set ylabel 'spent so far (USD)'
set yrange [0:(usd_max > 0 ? usd_max : 1) * 1.7]
set ytics autofreq nomirror
set format y '%.3g'
set y2label 'rate (USD/h)'
set y2range [0:(rate_max > 0 ? rate_max : 1) * 2.2]
set y2tics autofreq nomirror
set format y2 '%.3g'
set style fill transparent solid 0.3 noborder
plot f using 1:7:4 with filledcurves lc rgb c_grey title 'billed ahead: the 60 s minimum of each launch', \
     f using 1:4 with steps lc rgb c_black lw 2.5 title 'billed so far', \
     f using 1:7 with lines lc rgb c_black lw 1.5 dt (6, 4) title 'used so far at the hourly rate', \
     f using 1:5 axes x1y2 with steps lc rgb c_orange lw 2 title 'hourly rate (right axis)'
unset multiplot
