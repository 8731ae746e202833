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
scale-up,replicas_lost_per_failure,7.000,7.000,7.000,7.000,7.000,7.000,200
scale-out,replicas_lost_per_failure,1.505,1.435,1.575,2.000,2.000,2.000,200
scale-up,control_plane_unavailable_s,41.200,35.800,46.600,38.000,80.300,95.100,200
scale-out,control_plane_unavailable_s,41.200,35.800,46.600,38.000,80.300,95.100,200
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

# Paired differences, scale-out less scale-up over the shared seeds: plausible values (the same
# manager fails at the same moments in both, hence no difference in the control plane).
cat > "$cmp/compare_paired.csv" <<'EOF'
variant,baseline,metric,n,mean_diff,ci95_low,ci95_high,unit
scale-out,scale-up,usd_total,200,0.3360,0.3010,0.3710,usd
scale-out,scale-up,availability_web,200,0.000490,0.000420,0.000560,ratio
scale-out,scale-up,recovery_s,200,-31.402,-33.118,-29.686,s
scale-out,scale-up,replicas_lost_per_failure,200,-5.495,-5.565,-5.425,count
scale-out,scale-up,control_plane_unavailable_s,200,0.000,0.000,0.000,s
EOF

# ---------------------------------------------------------------- zones, quorum, replications
# Three managers and three workers over three zones (one of each per zone), web with one replica
# per node, 3 replications; replication 1 (the only one with per-time-step files): zone us-east-1b
# goes down at 120 s (one outage event; its two crashes are not told again), the leader manager-a-1
# crashes at 300 s and leaves 1 of 3 managers (quorum lost, so worker-c-1's crash at 330 s goes
# unnoticed), the zone comes back at 420 s and restores the quorum, manager-c-1 is elected at
# 425 s and manager-a-1 reboots at 450 s. Replications 2 and 3 differ in their times only.
zones="$here/plot-zones"
mkdir -p "$zones"
cat > "$zones/run.ini" <<'EOT'
[run]
scenario=plot-zones
seed=1
replications=3
version=0.1.0
EOT
cat > "$zones/events.csv" <<'EOT'
t_s,kind,target,text
0.000,leader,manager-a-1,elected leader
10.000,action,web,deploy web (6 replicas)
120.000,zone_outage,us-east-1b,"zone us-east-1b down: manager-b-1, worker-b-1"
120.000,failure,manager-b-1,crash
120.000,failure,worker-b-1,crash
132.500,detected,worker-b-1,node marked down
135.100,detected,manager-b-1,node marked down
138.200,recovered,worker-b-1,web back to 5/6
139.000,recovered,manager-b-1,web back to 6/6
300.000,failure,manager-a-1,crash
300.000,quorum_lost,raft,"1 of 3 managers reachable, quorum 2"
300.000,detected,manager-a-1,quorum lost
300.000,action,manager-a-1,crash
330.000,failure,worker-c-1,crash
330.000,action,worker-c-1,crash
420.000,zone_restored,us-east-1b,"zone us-east-1b back: manager-b-1, worker-b-1"
420.000,quorum_restored,raft,"manager-b-1 back: 2 of 3 managers reachable, quorum 2"
425.000,leader,manager-c-1,elected leader
440.200,detected,worker-c-1,node marked down
446.300,recovered,worker-c-1,web back to 6/6
450.000,action,manager-a-1,recover
EOT
cat > "$zones/recovery.csv" <<'EOT'
replication,failure,kind,target,t_failure_s,t_detected_s,t_first_scheduled_s,t_all_running_s,recovery_s,replicas_lost,leader_lost,replica_seconds_lost
1,1,crash,manager-b-1,120.000,135.100,135.150,139.000,19.000,1,0,19.000
1,2,crash,worker-b-1,120.000,132.500,132.550,138.200,18.200,1,0,18.200
1,3,crash,manager-a-1,300.000,300.000,,425.000,125.000,1,1,125.000
1,4,crash,worker-c-1,330.000,440.200,440.250,446.300,116.300,1,0,116.300
2,1,crash,manager-b-1,120.000,134.000,134.050,140.100,20.100,1,0,20.100
2,2,crash,worker-b-1,120.000,131.900,131.950,137.700,17.700,1,0,17.700
2,3,crash,manager-a-1,300.000,300.000,,427.000,127.000,1,1,127.000
2,4,crash,worker-c-1,330.000,,,,,1,0,270.000
3,1,crash,manager-b-1,120.000,133.300,133.350,139.400,19.400,1,0,19.400
3,2,crash,worker-b-1,120.000,132.800,132.850,138.900,18.900,1,0,18.900
3,3,crash,manager-a-1,300.000,300.000,,424.000,124.000,1,1,124.000
3,4,crash,worker-c-1,330.000,439.000,439.050,445.200,115.200,1,0,115.200
EOT
cat > "$zones/control_plane.csv" <<'EOT'
replication,outage,kind,cause,t_start_s,t_end_s,duration_s
1,1,no_leader,"manager-a-1 crash (1 of 3 managers reachable, quorum 2)",300.000,425.000,125.000
1,2,quorum_lost,"manager-a-1 crash (1 of 3 managers reachable, quorum 2)",300.000,420.000,120.000
2,1,no_leader,"manager-a-1 crash (1 of 3 managers reachable, quorum 2)",300.000,427.000,127.000
2,2,quorum_lost,"manager-a-1 crash (1 of 3 managers reachable, quorum 2)",300.000,420.000,120.000
3,1,no_leader,"manager-a-1 crash (1 of 3 managers reachable, quorum 2)",300.000,424.000,124.000
3,2,quorum_lost,"manager-a-1 crash (1 of 3 managers reachable, quorum 2)",300.000,420.000,120.000
EOT
cat > "$zones/statistics.csv" <<'EOT'
metric,n,mean,ci95_low,ci95_high,p50,p95,p99,unit
recovery_s,11,56.436,21.113,91.759,20.100,126.000,126.800,s
detection_s,11,49.708,-6.447,105.863,133.300,436.420,438.484,s
replicas_lost_per_failure,12,1.000,1.000,1.000,1.000,1.000,1.000,count
control_plane_outage_s,3,125.333,121.538,129.128,125.000,126.800,126.960,s
availability.web,3,0.925000,0.878000,0.972000,0.938000,0.941000,0.941000,ratio
EOT
awk 'BEGIN {
  print "t_s,service,desired,running,pending"
  for (t = 0; t <= 600; t++) {
    d = (t >= 10) ? 6 : 0; r = (t >= 12) ? 6 : 0
    if (t >= 120 && t < 138.2) r = 4; else if (t >= 138.2 && t < 139) r = 5
    if (t >= 300 && t < 425) r -= 1        # manager-a-1 ran one
    if (t >= 330 && t < 446.3) r -= 1
    if (t >= 425 && t < 446.3) r = 5
    printf "%.3f,web,%d,%d,%d\n", t, d, r, (t >= 10 && t < 11) ? 6 : 0
  }
}' > "$zones/timeline.csv"
awk 'BEGIN {
  print "t_s,nodes_ready,cpu_capacity_cores,cpu_reserved_cores,mem_capacity_gib,mem_reserved_gib,usd_per_hour,usd_total,managers_reachable,quorum_needed"
  for (t = 0; t <= 600; t++) {
    m = 3; if (t >= 120) m = 2; if (t >= 300) m = 1; if (t >= 420) m = 2; if (t >= 450) m = 3
    n = 6; if (t >= 132.5) n = 5; if (t >= 135.1) n = 4; if (t >= 425) n = 5; if (t >= 434) n = 6
    if (t >= 440.2) n = 5
    usd = (t < 60 ? 60 : t) * 6 * 0.096 / 3600
    printf "%.3f,%d,%.3f,%.3f,%.3f,%.3f,%.4f,%.6f,%d,2\n", t, n, 2 * n, 1.5, 8 * n, 1.5, 0.576, usd, m
  }
}' > "$zones/cluster.csv"
cat > "$zones/nodes.csv" <<'EOT'
t_s,node,role,status,availability,leader,zone,instance_type
0.000,manager-a-1,manager,ready,active,1,us-east-1a,m5.large
0.000,manager-b-1,manager,ready,active,0,us-east-1b,m5.large
0.000,manager-c-1,manager,ready,active,0,us-east-1c,m5.large
0.000,worker-a-1,worker,ready,active,0,us-east-1a,m5.large
0.000,worker-b-1,worker,ready,active,0,us-east-1b,m5.large
0.000,worker-c-1,worker,ready,active,0,us-east-1c,m5.large
132.500,worker-b-1,worker,down,active,0,us-east-1b,m5.large
135.100,manager-b-1,manager,down,active,0,us-east-1b,m5.large
300.000,manager-a-1,manager,ready,active,0,us-east-1a,m5.large
425.000,manager-c-1,manager,ready,active,1,us-east-1c,m5.large
425.000,manager-a-1,manager,down,active,0,us-east-1a,m5.large
434.000,worker-b-1,worker,ready,active,0,us-east-1b,m5.large
436.000,manager-b-1,manager,ready,active,0,us-east-1b,m5.large
440.200,worker-c-1,worker,down,active,0,us-east-1c,m5.large
465.000,manager-a-1,manager,ready,active,0,us-east-1a,m5.large
EOT
cat > "$zones/node_intervals.csv" <<'EOT'
node,row,start_s,end_s,state,zone,role
manager-a-1,0,0.000,425.000,ready,us-east-1a,manager
manager-a-1,0,425.000,450.000,down,us-east-1a,manager
manager-a-1,0,450.000,465.000,launching,us-east-1a,manager
manager-a-1,0,465.000,600.000,ready,us-east-1a,manager
manager-b-1,1,0.000,135.100,ready,us-east-1b,manager
manager-b-1,1,135.100,420.000,down,us-east-1b,manager
manager-b-1,1,420.000,436.000,launching,us-east-1b,manager
manager-b-1,1,436.000,600.000,ready,us-east-1b,manager
manager-c-1,2,0.000,600.000,ready,us-east-1c,manager
worker-a-1,3,0.000,600.000,ready,us-east-1a,worker
worker-b-1,4,0.000,132.500,ready,us-east-1b,worker
worker-b-1,4,132.500,420.000,down,us-east-1b,worker
worker-b-1,4,420.000,434.000,launching,us-east-1b,worker
worker-b-1,4,434.000,600.000,ready,us-east-1b,worker
worker-c-1,5,0.000,440.200,ready,us-east-1c,worker
worker-c-1,5,440.200,600.000,down,us-east-1c,worker
EOT
# Tasks: web.N starts on the N-th node; each lost one is replaced on a node of another zone.
cat > "$zones/tasks.csv" <<'EOT'
t_s,task,service,slot,node,state,desired,err,zone,instance_type
10.000,1,web,1,manager-a-1,running,running,,us-east-1a,m5.large
10.000,2,web,2,manager-b-1,running,running,,us-east-1b,m5.large
10.000,3,web,3,manager-c-1,running,running,,us-east-1c,m5.large
10.000,4,web,4,worker-a-1,running,running,,us-east-1a,m5.large
10.000,5,web,5,worker-b-1,running,running,,us-east-1b,m5.large
10.000,6,web,6,worker-c-1,running,running,,us-east-1c,m5.large
120.000,2,web,2,manager-b-1,orphaned,shutdown,,us-east-1b,m5.large
120.000,5,web,5,worker-b-1,orphaned,shutdown,,us-east-1b,m5.large
138.200,7,web,5,worker-a-1,running,running,,us-east-1a,m5.large
139.000,8,web,2,manager-c-1,running,running,,us-east-1c,m5.large
300.000,1,web,1,manager-a-1,orphaned,shutdown,,us-east-1a,m5.large
330.000,6,web,6,worker-c-1,orphaned,shutdown,,us-east-1c,m5.large
425.000,9,web,1,worker-b-1,running,running,,us-east-1b,m5.large
446.300,10,web,6,manager-b-1,running,running,,us-east-1b,m5.large
EOT
