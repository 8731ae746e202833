# SPDX-License-Identifier: MIT
# Replicas over time for one replication, one panel per service: desired, running and pending
# tasks and the replication's marked moments as vertical lines, numbered in a strip above the
# panels and listed under the plot; below the panels one lane per failure (a bar from the failure
# to all replicas running again, a tick at its detection, the recovery time above it) and, when the
# recoveries are short against the run, a panel zoomed on them. Every text is placed by
# scripts/plot in pixels (lab_replicas.gp), so none overlaps another or a curve. Run as
#   gnuplot -c plot-replicas.gp DATA_DIR png|svg OUTFILE
# where DATA_DIR holds run.gp, replicas.gp, lab_replicas.gp, svc_N.dat (t desired running
# pending), lanes.dat (t0 lane length recovered) and detected.dat (t lane).

data = ARG1; fmt = ARG2; outfile = ARG3
load data.'/run.gp'
load data.'/replicas.gp'
load data.'/lines.gp'

width = W
height = H
i = strlen(ARG0); while (i > 0 && ARG0[i:i] ne '/') { i = i - 1 }
load (i > 0 ? ARG0[1:i] : '').'plot-common.gp'
sx(p) = p * 1.0 / W
sy(p) = 1 - p * 1.0 / H

# The event kinds present, for the key.
kinds = ''
do for [e = 1:nline] {
  if (event_style(line_kind[e]) > 0 && strstrt(kinds, ' '.line_kind[e].' ') == 0) { kinds = kinds.' '.line_kind[e].' ' }
}
title = (nsvc > nshow) ? sprintf('Replicas of each service over time%s, first %d of %d services', rep_note, nshow, nsvc) : sprintf('Replicas %sover time%s', nsvc > 1 ? 'of each service ' : '', rep_note)

set multiplot
set lmargin at screen sx(L)
set rmargin at screen sx(R)
set style fill transparent solid 0.35 noborder

do for [s = 1:nshow] {
  unset arrow; unset label
  set tmargin at screen sy(ptop[s])
  set bmargin at screen sy(pbot[s])
  set xrange [0:tmax]
  top = svc_ymax[s] * 1.15 + 0.3
  set yrange [0:top]
  if (svc_ymax[s] <= 12) { set ytics 0, (svc_ymax[s] > 6 ? 2 : 1) } else { set ytics autofreq }
  set ylabel (nshow > 2 ? svc_name[s] : sprintf('%s (replicas)', svc_name[s]))
  if (s == nshow) { set xlabel sprintf('simulated time (%s)', tunit); set format x '%g' } else { unset xlabel; set format x '' }
  do for [e = 1:nline] {
    st = event_style(line_kind[e])
    if (st > 0) { set arrow from line_t[e], graph 0 to line_t[e], graph 1 nohead ls st back }
  }
  f = sprintf('%s/svc_%d.dat', data, s)
  if (s == 1) {
    set key at screen 0.5, screen sy(34) center top horizontal maxcols 4 reverse Left samplen 2.5 width 1
    set label title at screen 0.5, screen sy(16) center font ',14'
    plot f using 1:4 with fillsteps lc rgb c_orange title 'pending', \
         f using 1:2 with steps ls 2 title 'desired', \
         f using 1:3 with steps ls 1 title 'running', \
         for [k = 1:words(kinds)] NaN with lines ls event_style(word(kinds, k)) title event_title(word(kinds, k))
    unset key
  } else {
    plot f using 1:4 with fillsteps lc rgb c_orange, f using 1:2 with steps ls 2, f using 1:3 with steps ls 1
  }
}

if (nfail > 0) {
  unset arrow; unset label
  set tmargin at screen sy(ltop)
  set bmargin at screen sy(lbot)
  set xrange [0:tmax]
  set yrange [nfail:0]
  set ytics () scale 0
  do for [j = 1:nfail] { set ytics add (lane_name[j] j - 0.28) }
  set grid noytics
  unset ylabel
  set xlabel sprintf('simulated time (%s)', tunit)
  set format x '%g'
  do for [e = 1:nline] {
    st = event_style(line_kind[e])
    if (st > 0) { set arrow from line_t[e], graph 0 to line_t[e], graph 1 nohead ls st back }
  }
  plot data.'/lanes.dat' using 1:2:3:(0) with vectors heads size screen 0.005, 90 lc rgb c_black lw 2, \
       data.'/detected.dat' using 1:2 with points pt 9 ps 1.3 lc rgb c_purple
  set grid ytics
}

if (zoom) {
  unset arrow; unset label
  set tmargin at screen sy(ztop)
  set bmargin at screen sy(zbot)
  set xrange [za:zb]
  set yrange [0:zymax * 1.15 + 0.3]
  if (zymax <= 12) { set ytics 0, (zymax > 6 ? 2 : 1) } else { set ytics autofreq }
  set ylabel sprintf('%s (replicas)', svc_name[zsvc])
  set xlabel sprintf('simulated time (%s)', zdiv == 1 ? 's' : 'min')
  set format x '%g'
  do for [e = 1:nline] {
    st = event_style(line_kind[e])
    if (st > 0 && line_t[e] * tdiv / zdiv >= za && line_t[e] * tdiv / zdiv <= zb) {
      set arrow from line_t[e] * tdiv / zdiv, graph 0 to line_t[e] * tdiv / zdiv, graph 1 nohead ls st back
    }
  }
  f = sprintf('%s/svc_%d.dat', data, zsvc)
  plot f using ($1 * tdiv / zdiv):4 with fillsteps lc rgb c_orange, \
       f using ($1 * tdiv / zdiv):2 with steps ls 2, f using ($1 * tdiv / zdiv):3 with steps ls 1
}

# Last, an empty frame over the whole image carries the texts placed in pixels.
unset arrow; unset label
unset border; unset tics; unset xlabel; unset ylabel; unset grid
set lmargin at screen 0; set rmargin at screen 1; set tmargin at screen 1; set bmargin at screen 0
set xrange [0:1]; set yrange [0:1]
load data.'/lab_replicas.gp'
plot 2 notitle
unset multiplot
