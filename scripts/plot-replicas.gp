# SPDX-License-Identifier: MIT
# Replicas over time, one panel per service: desired, running and pending tasks, the run's marked
# events as vertical lines, and for every failure that cost a service replicas a bar from the failure
# to "all running again" with the recovery time. Run by scripts/plot as
#   gnuplot -c plot-replicas.gp DATA_DIR png|svg OUTFILE
# where DATA_DIR holds run.gp, replicas.gp and svc_N.dat (t desired running pending) from scripts/plot.

data = ARG1; fmt = ARG2; outfile = ARG3
load data.'/run.gp'
load data.'/replicas.gp'

nshow = (nsvc > 8) ? 8 : nsvc
width = 1000
height = 150 + 225 * nshow
i = strlen(ARG0); while (i > 0 && ARG0[i:i] ne '/') { i = i - 1 }
load (i > 0 ? ARG0[1:i] : '').'plot-common.gp'

# The event kinds present, for the key.
kinds = ''
do for [e = 1:nev] {
  if (event_style(ev_kind[e]) > 0 && strstrt(kinds, ' '.ev_kind[e].' ') == 0) { kinds = kinds.' '.ev_kind[e].' ' }
}
event_colour(k) = (k eq 'failure') ? c_verm : (k eq 'detected') ? c_purple : (k eq 'recovered') ? c_green : \
                  (k eq 'quorum_lost') ? c_orange : (k eq 'quorum_restored') ? c_green : '#555555'

title = (nsvc > nshow) ? sprintf('Replicas over time (first %d of %d services)', nshow, nsvc) : 'Replicas over time'
set multiplot layout nshow, 1 title title font ',14' \
    margins 0.08, 0.97, 60.0 / height, 1 - 95.0 / height spacing 0, 45.0 / height
set xrange [0:tmax]
set style textbox opaque noborder margins 2, 2
set style fill transparent solid 0.35 noborder
set key at screen 0.5, screen 1 - 34.0 / height center top horizontal reverse Left samplen 2.5 width -1

do for [s = 1:nshow] {
  unset arrow; unset label
  top = (s == 1) ? svc_ymax[s] / 0.68 : svc_ymax[s] * 1.25 + 0.3
  set yrange [0:top]
  if (svc_ymax[s] <= 12) { set ytics 0, 1 } else { set ytics autofreq }
  set ylabel sprintf('%s (replicas)', svc_name[s])
  if (s == nshow) { set xlabel sprintf('simulated time (%s)', tunit); set format x '%g' } else { unset xlabel; set format x '' }

  do for [e = 1:nev] {
    st = event_style(ev_kind[e])
    if (st > 0) {
      set arrow from ev_t[e], graph 0 to ev_t[e], graph 1 nohead ls st back
      # "All replicas back" is already said by the recovery bar.
      if (s == 1 && ev_kind[e] ne 'recovered') {
        set label ev_label[e] at ev_t[e], graph 0.955 - 0.085 * ev_level[e] left offset 0.5, 0 \
            textcolor rgb event_colour(ev_kind[e]) front
      }
    }
  }
  # The recovery bar sits in the gap between running and desired that the failure opened.
  do for [j = 1:nrec] {
    if (rec_svc[j] == s) {
      t1 = (rec_t1[j] >= 0) ? rec_t1[j] : tmax
      set arrow from rec_t0[j], rec_y[j] to t1, rec_y[j] heads size screen 0.006, 90 lc rgb c_black lw 1.5 front
      if (t1 < 0.78 * tmax) {
        set label rec_label[j] at t1, rec_y[j] left offset 0.6, 0 boxed front font ',11'
      } else {
        set label rec_label[j] at rec_t0[j], rec_y[j] right offset -0.6, 0 boxed front font ',11'
      }
    }
  }

  f = sprintf('%s/svc_%d.dat', data, s)
  if (s == 1) {
    plot f using 1:4 with fillsteps lc rgb c_orange title 'pending', \
         f using 1:2 with steps ls 2 title 'desired', \
         f using 1:3 with steps ls 1 title 'running', \
         for [k = 1:words(kinds)] NaN with lines ls event_style(word(kinds, k)) title event_title(word(kinds, k))
  } else {
    plot f using 1:4 with fillsteps lc rgb c_orange, f using 1:2 with steps ls 2, f using 1:3 with steps ls 1
  }
}
unset multiplot
