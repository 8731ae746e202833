# SPDX-License-Identifier: MIT
# Replicas running per availability zone over time, for one replication of a cluster that spans
# zones: one step line per zone (zones in name order, each its own colour and width), with the
# failures and zone outages marked as in the replicas plot. Run by scripts/plot as
#   gnuplot -c plot-zones.gp DATA_DIR png|svg OUTFILE
# where DATA_DIR holds run.gp, lines.gp, zones.gp and zone_N.dat (t running).

data = ARG1; fmt = ARG2; outfile = ARG3
load data.'/run.gp'
load data.'/lines.gp'
load data.'/zones.gp'

width = 1000
height = 450
i = strlen(ARG0); while (i > 0 && ARG0[i:i] ne '/') { i = i - 1 }
load (i > 0 ? ARG0[1:i] : '').'plot-common.gp'

zone_colour(k) = word('#0072B2 #E69F00 #009E73 #CC79A7 #56B4E9 #D55E00 #000000', (k - 1) % 7 + 1)
marked(k) = (k eq 'failure' || k eq 'zone_outage' || k eq 'zone_restored' || k eq 'detected')
kinds = ''
do for [e = 1:nline] {
  if (marked(line_kind[e])) {
    set arrow from line_t[e], graph 0 to line_t[e], graph 1 nohead ls event_style(line_kind[e]) back
    if (strstrt(kinds, ' '.line_kind[e].' ') == 0) { kinds = kinds.' '.line_kind[e].' ' }
  }
}
set title sprintf('Replicas running per zone%s', rep_note) font ',14'
set xlabel sprintf('simulated time (%s)', tunit)
set ylabel 'replicas running'
set xrange [0:tmax]
set yrange [0:zone_ymax * 1.35 + 0.5]
if (zone_ymax <= 12) { set ytics 0, 1 } else { set ytics autofreq }
set key top center horizontal reverse Left samplen 2.5 width 1
# Each zone's count holds until its next row; the last row holds to the end of the run.
# Zones with equal counts overlap: the earlier a zone, the wider its line, so each stays visible.
plot for [k = 1:nzone] sprintf('%s/zone_%d.dat', data, k) using 1:2 with steps lc rgb zone_colour(k) lw (1.5 + 2.0 * (nzone - k)) title zone_name[k], \
     for [k = 1:words(kinds)] NaN with lines ls event_style(word(kinds, k)) title event_title(word(kinds, k))
