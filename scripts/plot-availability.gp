# SPDX-License-Identifier: MIT
# Availability of each service across replications: statistics.csv's mean of availability.SERVICE
# as a bar, its 95 % confidence interval as a whisker, the mean written above. Run by scripts/plot as
#   gnuplot -c plot-availability.gp DATA_DIR png|svg OUTFILE
# where DATA_DIR holds avail.gp and avail.dat (index mean_pct low_pct high_pct service mean_ratio).

data = ARG1; fmt = ARG2; outfile = ARG3
load data.'/avail.gp'

width = 1000
height = 500
i = strlen(ARG0); while (i > 0 && ARG0[i:i] ne '/') { i = i - 1 }
load (i > 0 ? ARG0[1:i] : '').'plot-common.gp'
set datafile separator '\t'

f = data.'/avail.dat'
span = 100 - avail_min
pad = (span > 0 ? span : 0.01) * 0.5
set title sprintf("Availability per service across %s replications\n(bar: mean; whisker: 95 %% confidence interval; axis starts at %.3g %%)", avail_n, avail_min - pad) font ',14'
set ylabel 'share of replica-time running (%)'
set xrange [0.4:navail + 0.6]
set yrange [avail_min - pad:100 + pad * 0.35]
set xtics () scale 0
set grid noxtics
set style fill solid 0.85 noborder
set boxwidth 0.5
set format y '%.2f'
plot f using 1:2 with boxes lc rgb c_blue, \
     f using 1:3:(0):($4 - $3) with vectors heads size screen 0.008, 90 lc rgb c_black lw 1.5, \
     f using 1:4:(sprintf('%.3f %%', $2)) with labels offset 0, 0.9, \
     f using 1:(avail_min - pad):xtic(5) with points ps 0
