# SPDX-License-Identifier: MIT
# Node timeline: one row per node, coloured by the display state of node_intervals.csv, a black
# stripe while the node is the raft leader, and each failure as a cross followed by a hatched span
# for the time the swarm still took the node for healthy. Run by scripts/plot as
#   gnuplot -c plot-nodes.gp DATA_DIR png|svg OUTFILE
# where DATA_DIR holds run.gp, nodes.gp, state_STATE.dat, leader.dat, undetected.dat and crash.dat.

data = ARG1; fmt = ARG2; outfile = ARG3
load data.'/run.gp'
load data.'/nodes.gp'

width = 1000
height = (nnode > 4) ? 220 + 45 * nnode : 400
i = strlen(ARG0); while (i > 0 && ARG0[i:i] ne '/') { i = i - 1 }
load (i > 0 ? ARG0[1:i] : '').'plot-common.gp'

set title 'Node states over time (black stripe: raft leader)' font ',14'
set xlabel sprintf('simulated time (%s)', tunit)
set xrange [0:tmax]
set yrange [nnode - 0.5:-0.5]
set ytics () scale 0
do for [r = 1:nnode] { set ytics add (node_name[r] r - 1) }
set grid noytics
set border 1
set key outside bottom center horizontal reverse Left samplen 1.5 width 0
set lmargin 12

# Quorum moments cut across every row; kinds lists those present, for the key.
kinds = ''
do for [e = 1:nev] {
  if (ev_kind[e] eq 'quorum_lost' || ev_kind[e] eq 'quorum_restored') {
    set arrow from ev_t[e], graph 0 to ev_t[e], graph 1 nohead ls event_style(ev_kind[e]) front
    if (strstrt(kinds, ' '.ev_kind[e].' ') == 0) { kinds = kinds.' '.ev_kind[e].' ' }
  }
}

plot for [s = 1:nstate] sprintf('%s/state_%s.dat', data, state_name[s]) using 1:2:3:(0.33) \
       with boxxyerror fs solid 1.0 noborder lc rgb state_colour[s] title state_name[s], \
     for [k = 1:has_leader] data.'/leader.dat' using 1:2:3:(0.06) \
       with boxxyerror fs solid 1.0 noborder lc rgb c_black title 'raft leader', \
     for [k = 1:has_failure] data.'/undetected.dat' using 1:2:3:(0.33) \
       with boxxyerror fs transparent pattern 4 border lc rgb c_black lc rgb c_black title 'failed, not yet detected', \
     for [k = 1:has_failure] data.'/crash.dat' using 1:2 \
       with points pt 2 ps 2.2 lw 2.5 lc rgb c_black title 'failure', \
     for [k = 1:words(kinds)] NaN with lines ls event_style(word(kinds, k)) title event_title(word(kinds, k))
