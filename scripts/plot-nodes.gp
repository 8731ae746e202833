# SPDX-License-Identifier: MIT
# Node timeline of one replication: the control-plane lanes on top (no leader, quorum lost, the
# elections) and, when cluster.csv has them, the managers reachable against the quorum needed;
# below, one row per node grouped by zone, coloured by the display state of node_intervals.csv, a
# black stripe while the node is the raft leader, and each failure as a cross, a hatched span while
# the swarm still took the node for healthy and a dashed line under the row while it was down.
# Run by scripts/plot as
#   gnuplot -c plot-nodes.gp DATA_DIR png|svg OUTFILE
# where DATA_DIR holds run.gp, nodes.gp and the .dat files it names (x, y, x half-width,
# y half-height boxes).

data = ARG1; fmt = ARG2; outfile = ARG3
load data.'/run.gp'
load data.'/nodes.gp'

width = 1000
mpx = has_managers ? 150 : 0
nkey = 12
height = 130 + mpx + 34 * (ymaxrow + 1)
i = strlen(ARG0); while (i > 0 && ARG0[i:i] ne '/') { i = i - 1 }
load (i > 0 ? ARG0[1:i] : '').'plot-common.gp'
sy(p) = 1 - p * 1.0 / height

set multiplot title sprintf('Nodes and control plane over time%s (black stripe: raft leader)', rep_note) font ',14'
set lmargin at screen 0.13
set rmargin at screen 0.74
set xrange [0:tmax]

if (has_managers) {
  set tmargin at screen sy(50)
  set bmargin at screen sy(50 + mpx - 30)
  set yrange [0:managers_max + 0.8]
  set ytics 0, 1 nomirror
  set ylabel 'managers'
  set format x ''
  set key top right horizontal reverse Left samplen 2 width 1
  set border 3
  plot data.'/managers.dat' using 1:2 with steps lc rgb c_blue lw 2.5 title 'managers reachable', \
       data.'/managers.dat' using 1:3 with steps lc rgb c_black lw 1.5 dt (6, 4) title 'needed for the quorum'
  unset ylabel
  unset key
}

set tmargin at screen sy(50 + mpx)
set bmargin at screen 60.0 / height
set xlabel sprintf('simulated time (%s)', tunit)
set format x '%g'
set yrange [ymaxrow:-0.6]
set ytics () scale 0
set ytics add ('no leader' 0, 'quorum lost' 1)
do for [r = 1:ntic] { set ytics add (tic_name[r] tic_y[r]) }
set grid noytics
set border 1
set key at screen 0.755, graph 1 left top vertical reverse Left samplen 1.5 width 1
set arrow from graph 0, first 1.7 to graph 1, first 1.7 nohead lc rgb '#bbbbbb' lw 1 back
do for [r = 1:ntic] {
  if (strstrt(tic_name[r], 'zone ') == 1) { set arrow from graph 0, first tic_y[r] - 0.4 to graph 1, first tic_y[r] - 0.4 nohead lc rgb '#dddddd' lw 1 back }
}

plot for [s = 1:nstate] sprintf('%s/state_%s.dat', data, state_name[s]) using 1:2:3:4 \
       with boxxyerror fs solid 1.0 noborder lc rgb state_colour[s] title state_name[s], \
     for [k = 1:has_leader] data.'/leader.dat' using 1:2:3:4 \
       with boxxyerror fs solid 1.0 noborder lc rgb c_black title 'raft leader', \
     for [k = 1:has_noleader] data.'/cp_leader.dat' using 1:2:3:4 \
       with boxxyerror fs solid 1.0 noborder lc rgb c_verm title 'no leader', \
     for [k = 1:has_quorum] data.'/cp_quorum.dat' using 1:2:3:4 \
       with boxxyerror fs solid 1.0 noborder lc rgb c_orange title 'quorum lost', \
     for [k = 1:has_elections] data.'/elections.dat' using 1:2 \
       with points pt 9 ps 1.6 lc rgb c_black title 'leader elected', \
     for [k = 1:has_failure] data.'/undetected.dat' using 1:2:3:4 \
       with boxxyerror fs transparent pattern 4 border lc rgb c_black lc rgb c_black title 'failed, not yet detected', \
     for [k = 1:has_failure] data.'/down.dat' using ($1 - $3):2:(2 * $3):(0) \
       with vectors nohead lc rgb c_black lw 2 dt (4, 2) title 'failed (until back)', \
     for [k = 1:has_failure] data.'/crash.dat' using 1:2 \
       with points pt 2 ps 2.2 lw 2.5 lc rgb c_black title 'failure'
unset multiplot
