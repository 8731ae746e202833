#!/bin/sh
# SPDX-License-Identifier: MIT
# Writes the hand-made results folders that tests/scripts/test_plot.c feeds to scripts/plot:
# plot-run/ (one run of the 4-node failover story), plot-replications/ (200 replications) and
# plot-compare/ (scale-up vs scale-out). They follow docs/results-format.md; they are not simulator
# output. Run from anywhere: `sh tests/data/make-plot-fixtures.sh`; the output is deterministic.
set -eu

here=$(cd "$(dirname "$0")" && pwd)

# A Park-Miller generator written in awk, so the numbers do not depend on the awk's rand().
LCG='function rnd() { seed = (seed * 16807) % 2147483647; return seed / 2147483647 }
function unif(a, b) { return a + (b - a) * rnd() }'

# ---------------------------------------------------------------- single run
# 4 × m5.large (2 vCPU, 8 GiB, 0.096 USD/h): manager-1 and worker-1..3. web: 6 replicas of
# 0.5 vCPU / 0.5 GiB; db: 1 replica of 1 vCPU / 2 GiB on worker-1. worker-2 (web.2, web.5) crashes
# at 60 s, is marked DOWN at 74.7 s, the replacements run at 81.3 s; it reboots at 300 s.
run="$here/plot-run"
mkdir -p "$run"

awk 'BEGIN {
  print "t_s,service,desired,running,pending"
  for (t = 0; t <= 600; t++) {
    d = (t >= 35) ? 6 : 0
    if (t < 38) r = 0; else if (t < 39) r = 2; else if (t < 41) r = 4
    else if (t < 60) r = 6; else if (t < 82) r = 4; else r = 6
    p = 0
    if (t >= 35 && t < 36) p = 6     # created, not yet assigned
    if (t == 75) p = 2               # replacements created at 74.7, assigned at 75.012
    printf "%.3f,web,%d,%d,%d\n", t, d, r, p
    d = (t >= 35) ? 1 : 0
    r = (t >= 47) ? 1 : 0
    p = (t >= 35 && t < 36) ? 1 : 0
    printf "%.3f,db,%d,%d,%d\n", t, d, r, p
  }
}' > "$run/timeline.csv"

awk 'BEGIN {
  print "t_s,nodes_ready,cpu_capacity_cores,cpu_reserved_cores,mem_capacity_gib,mem_reserved_gib,usd_per_hour,usd_total"
  split("27.9 31.6 33.2 30.8", ready, " ")
  for (t = 0; t <= 600; t++) {
    n = 0
    for (i = 1; i <= 4; i++) {
      up = (t >= ready[i])
      if (i == 3 && t >= 74.7 && t < 316.4) up = 0   # worker-2 DOWN until it rejoins
      n += up
    }
    cpu = 0; mem = 0
    if (t >= 36) { cpu = 4; mem = 5 }
    if (t >= 74.7 && t < 75.012) { cpu = 3; mem = 4 }
    usd_h = 4 * 0.096
    usd = (t < 60 ? 60 : t) * usd_h / 3600   # billed per second, 60 s minimum
    printf "%.3f,%d,%.3f,%.3f,%.3f,%.3f,%.4f,%.6f\n", t, n, 2 * n, cpu, 8 * n, mem, usd_h, usd
  }
}' > "$run/cluster.csv"

cat > "$run/nodes.csv" <<'EOF'
t_s,node,role,status,availability,leader
27.900,manager-1,manager,ready,active,true
30.800,worker-3,worker,ready,active,false
31.600,worker-1,worker,ready,active,false
33.200,worker-2,worker,ready,active,false
74.700,worker-2,worker,down,active,false
316.400,worker-2,worker,ready,active,false
EOF

cat > "$run/node_intervals.csv" <<'EOF'
node,row,start_s,end_s,state
manager-1,0,0.000,27.900,launching
manager-1,0,27.900,600.000,ready
worker-1,1,0.000,31.600,launching
worker-1,1,31.600,600.000,ready
worker-2,2,0.000,33.200,launching
worker-2,2,33.200,74.700,ready
worker-2,2,74.700,300.000,down
worker-2,2,300.000,316.400,launching
worker-2,2,316.400,600.000,ready
worker-3,3,0.000,30.800,launching
worker-3,3,30.800,600.000,ready
EOF

cat > "$run/events.csv" <<'EOF'
t_s,kind,target,text
27.900,leader,manager-1,manager-1 becomes the raft leader
35.000,action,,deploy web (6 replicas) and db (1 replica)
60.000,failure,worker-2,"worker-2 crashes (tasks web.2, web.5 lost)"
74.700,detected,worker-2,manager marks worker-2 DOWN (no heartbeat for 14.7 s)
81.300,recovered,web,web back to 6/6 replicas: recovered in 21.3 s
300.000,action,worker-2,worker-2 restarts
EOF

cat > "$run/recovery.csv" <<'EOF'
failure,kind,target,t_failure_s,t_detected_s,t_first_scheduled_s,t_all_running_s,recovery_s,replicas_lost,replica_seconds_lost
1,crash,worker-2,60.000,74.700,75.012,81.300,21.300,2,42.600
EOF

# ---------------------------------------------------------------- replications
# One worker crash per replication with the derived timeline of the calibration notes: DOWN (3 - u) p
# after the crash (p ∈ [4.5, 5.5] s), then the 5 s restart delay and a 0.6-1.2 s container start.
# About 4 % of the draws hit the only manager, and nothing is ever rescheduled (empty fields).
rep="$here/plot-replications"
mkdir -p "$rep"
awk "$LCG"'
BEGIN {
  seed = 20261126
  print "replication,failure,kind,target,t_failure_s,t_detected_s,t_first_scheduled_s,t_all_running_s,recovery_s,replicas_lost,replica_seconds_lost"
  for (r = 1; r <= 200; r++) {
    tf = unif(60, 300)
    if (rnd() < 0.04) {
      printf "%d,1,crash,manager-1,%.3f,,,,,2,\n", r, tf
      continue
    }
    node = "worker-" (1 + int(3 * rnd()))
    p = unif(4.5, 5.5)
    td = tf + (3 - rnd()) * p + unif(0, 0.1)
    ts = td + unif(0.05, 1)
    ta = td + 5 + unif(0.6, 1.2)
    lost = (node == "worker-1") ? 3 : 2
    printf "%d,1,crash,%s,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%.3f\n", r, node, tf, td, ts, ta, ta - tf, lost, lost * (ta - tf)
  }
}' > "$rep/recovery.csv"

# ---------------------------------------------------------------- comparison
# Same crash process; scale-up loses its single node (every replica) and waits for the instance to
# come back (≈21 s start, Docker and rejoin, then all containers); scale-out loses one small node.
cmp="$here/plot-compare"
mkdir -p "$cmp/scale-up" "$cmp/scale-out"
for variant in scale-up scale-out; do
  awk -v variant="$variant" "$LCG"'
  BEGIN {
    seed = (variant == "scale-up") ? 7 : 11
    seed = 20261126 + seed
    print "replication,failure,kind,target,t_failure_s,t_detected_s,t_first_scheduled_s,t_all_running_s,recovery_s,replicas_lost,replica_seconds_lost"
    for (r = 1; r <= 200; r++) {
      tf = unif(600, 80000)
      p = unif(4.5, 5.5)
      if (variant == "scale-up") {
        node = "big-1"; lost = 7
        td = tf + (3 - rnd()) * p
        ta = tf + unif(21, 26) + unif(6, 12) + unif(2, 4) + unif(8, 30)
        ts = ta - unif(5, 20)
      } else {
        node = "worker-" (1 + int(4 * rnd())); lost = 1 + int(2 * rnd())
        td = tf + (3 - rnd()) * p + unif(0, 0.1)
        ts = td + unif(0.05, 1)
        ta = td + 5 + unif(0.6, 1.2)
      }
      printf "%d,1,crash,%s,%.3f,%.3f,%.3f,%.3f,%.3f,%d,%.3f\n", r, node, tf, td, ts, ta, ta - tf, lost, lost * (ta - tf)
    }
  }' > "$cmp/$variant/recovery.csv"
done

cat > "$cmp/scale-up/summary.csv" <<'EOF'
replication,metric,value,unit
EOF
cp "$cmp/scale-up/summary.csv" "$cmp/scale-out/summary.csv"

# The recovery_s row is filled in from the sub-folders (type-7 percentiles); the other rows are
# plausible values for a 24 h run with 200 replications.
{
  echo "variant,metric,mean,ci95_low,ci95_high,p50,p95,p99,n"
  cat <<'EOF'
scale-up,usd_total,9.3120,9.2871,9.3369,9.3090,9.4130,9.4700,200
scale-up,usd_per_hour,0.3880,0.3870,0.3890,0.3879,0.3922,0.3946,200
scale-up,availability_web,0.99942,0.99935,0.99949,0.99945,0.99918,0.99901,200
scale-up,availability_db,0.99936,0.99929,0.99943,0.99940,0.99910,0.99893,200
scale-up,replicas_lost,7.000,7.000,7.000,7.000,7.000,7.000,200
scale-out,usd_total,9.6480,9.6110,9.6850,9.6400,9.7920,9.8610,200
scale-out,usd_per_hour,0.4020,0.4005,0.4035,0.4017,0.4080,0.4109,200
scale-out,availability_web,0.99991,0.99989,0.99993,0.99992,0.99985,0.99980,200
scale-out,availability_db,0.99978,0.99972,0.99984,1.00000,0.99930,0.99921,200
scale-out,replicas_lost,1.505,1.435,1.575,2.000,2.000,2.000,200
EOF
  for variant in scale-up scale-out; do
    awk -F, 'NR > 1 && $9 != "" { print $9 }' "$cmp/$variant/recovery.csv" | sort -g |
      awk -v variant="$variant" '
      { x[++n] = $1; s += $1; ss += $1 * $1 }
      function q(p,  h, lo) { h = (n - 1) * p + 1; lo = int(h); return (lo >= n) ? x[n] : x[lo] + (h - lo) * (x[lo + 1] - x[lo]) }
      END {
        m = s / n; sd = sqrt((ss - n * m * m) / (n - 1)); half = 1.972 * sd / sqrt(n)   # t(0.975, 199)
        printf "%s,recovery_s,%.3f,%.3f,%.3f,%.3f,%.3f,%.3f,%d\n", variant, m, m - half, m + half, q(0.5), q(0.95), q(0.99), n
      }'
  done
} > "$cmp/compare.csv"
