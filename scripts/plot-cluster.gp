# SPDX-License-Identifier: MIT
# Cluster utilisation and cost over time: the reserved CPU and memory as a share of what READY nodes
# offer (with the number of READY nodes, which explains the jumps), then the money spent so far and
# the hourly rate. Failures and detections are marked as in the replicas plot. Run by scripts/plot as
#   gnuplot -c plot-cluster.gp DATA_DIR png|svg OUTFILE
# where DATA_DIR holds run.gp and cluster.dat (t cpu_pct mem_pct usd_total usd_per_hour nodes_ready).

data = ARG1; fmt = ARG2; outfile = ARG3
load data.'/run.gp'
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
do for [e = 1:nev] {
  if ((ev_kind[e] eq 'failure' || ev_kind[e] eq 'detected') && strstrt(kinds, ' '.ev_kind[e].' ') == 0) { kinds = kinds.' '.ev_kind[e].' ' }
}

set multiplot layout 2, 1 title 'Cluster utilisation and cost' font ',14' \
    margins 0.08, 0.92, 60.0 / height, 1 - 60.0 / height spacing 0, 60.0 / height
set xrange [0:tmax]
do for [e = 1:nev] {
  if (ev_kind[e] eq 'failure' || ev_kind[e] eq 'detected') {
    set arrow from ev_t[e], graph 0 to ev_t[e], graph 1 nohead ls event_style(ev_kind[e]) back
  }
}

# Top: reservations against capacity.
set key top right horizontal reverse Left samplen 2 opaque box lc rgb '#ffffff'
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
set key top left horizontal reverse Left samplen 2 opaque box lc rgb '#ffffff'
set format x '%g'
set xlabel sprintf('simulated time (%s)', tunit)
set ylabel 'spent so far (USD)'
set yrange [0:(usd_max > 0 ? usd_max : 1) * 1.25]
set ytics autofreq nomirror
set format y '%.3g'
set y2label 'rate (USD/h)'
set y2range [0:(rate_max > 0 ? rate_max : 1) * 1.25]
set y2tics autofreq nomirror
set format y2 '%.3g'
plot f using 1:4 with lines lc rgb c_black lw 2.5 title 'total cost', \
     f using 1:5 axes x1y2 with steps lc rgb c_orange lw 2 title 'hourly rate (right axis)'
unset multiplot
