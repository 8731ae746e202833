# SPDX-License-Identifier: MIT
# Shared look of every swarmsim plot, loaded by the other plot-*.gp scripts after they set
# fmt ('png' or 'svg'), outfile, width and height (pixels). Colours are the Okabe-Ito palette, which
# stays distinct for colour-blind readers; each colour keeps one meaning in every plot.

set encoding utf8
if (fmt eq 'svg') {
  set terminal svg size width, height dynamic font 'sans,11' background '#ffffff' noenhanced
} else {
  set terminal pngcairo size width, height font 'sans,11' background '#ffffff' noenhanced
}
set output outfile

# Okabe-Ito.
c_black  = '#000000'
c_orange = '#E69F00'   # pending tasks
c_sky    = '#56B4E9'   # launching nodes, histogram bars
c_green  = '#009E73'   # ready, recovered, p50
c_yellow = '#F0E442'   # unknown
c_blue   = '#0072B2'   # running replicas, CPU, the CDF
c_verm   = '#D55E00'   # failures, down nodes, p99
c_purple = '#CC79A7'   # detection, drained nodes, memory
c_grey   = '#999999'   # actions, stopped nodes

set style line 1 lc rgb c_blue lw 2.5
set style line 2 lc rgb c_black lw 1.5 dt (6, 4)
set style line 3 lc rgb c_orange lw 1.5
set style line 10 lc rgb c_verm lw 1.5                # failure
set style line 11 lc rgb c_purple lw 1.5 dt (4, 3)     # detected
set style line 12 lc rgb c_green lw 1.5 dt (2, 3)      # recovered
set style line 13 lc rgb c_grey lw 1 dt (8, 4)         # action
set style line 14 lc rgb c_orange lw 1.5 dt (8, 3, 2, 3) # quorum lost
set style line 15 lc rgb c_green lw 1.5 dt (8, 3, 2, 3)  # quorum restored
set style line 16 lc rgb c_black lw 1 dt (2, 2)         # leader elected

set grid xtics ytics lc rgb '#dddddd' lw 1 dt solid
set border 3 lc rgb '#444444'
set tics nomirror out
set key noautotitle

# The line style that marks an event of the given kind (events.csv `kind`), 0 when not drawn.
event_style(k) = (k eq 'failure' || k eq 'zone_outage') ? 10 : (k eq 'detected') ? 11 : \
                 (k eq 'recovered' || k eq 'zone_restored') ? 12 : (k eq 'action') ? 13 : \
                 (k eq 'quorum_lost') ? 14 : (k eq 'quorum_restored') ? 15 : (k eq 'leader') ? 16 : 0
event_title(k) = (k eq 'failure') ? 'failure' : (k eq 'zone_outage') ? 'zone outage' : \
                 (k eq 'detected') ? 'detected' : (k eq 'recovered') ? 'all replicas back' : \
                 (k eq 'zone_restored') ? 'zone back' : (k eq 'action') ? 'scenario action' : \
                 (k eq 'quorum_lost') ? 'raft quorum lost' : (k eq 'quorum_restored') ? 'quorum restored' : \
                 (k eq 'leader') ? 'leader elected' : k

# A logarithmic x axis for times in seconds: set logx_lo and logx_hi (the smallest and largest
# positive value) and logx_zero (where times of 0 s are drawn, left of logx_lo, or 0 for none), then
# `eval set_log_x`. The range gets a little room either side; the major tics, labelled, are 1 and
# 3 × 10^k s (and 0 at logx_zero), the minor ones the other integers × 10^k. logx_at(x) is where a
# time x is drawn.
logx_at(x) = (x > 0 || logx_zero <= 0) ? x : logx_zero
set_log_x = "logx_from = (logx_zero > 0 ? logx_zero : logx_lo) / 1.3; " . \
  "set logscale x 10; set xrange [logx_from:logx_hi * 1.3]; set format x '%g'; set xtics (); " . \
  "do for [k = floor(log10(logx_from)):ceil(log10(logx_hi * 1.3))] { " . \
  "set xtics add (sprintf(k < 0 ? '%g' : '%.0f', 10.0**k) 10.0**k, sprintf(k < 0 ? '%g' : '%.0f', 3 * 10.0**k) 3 * 10.0**k); " . \
  "do for [m in '2 4 5 6 7 8 9'] { set xtics add ('' m * 10.0**k 1) } }; " . \
  "if (logx_zero > 0) { set xtics add ('0' logx_zero) }"
