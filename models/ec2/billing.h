/* SPDX-License-Identifier: MIT
 * EC2 cost accounting: per-second billing with a 60 s minimum per instance run (Linux on-demand,
 * per docs/calibration.md "EC2 nodes"). Times are plain microsecond counts passed in by the caller.
 */
#pragma once

#include <glib.h>

/* The minimum billed span of one run, in microseconds (docs/calibration.md: 60 s). */
#define EC2_BILLING_MINIMUM_US (G_GINT64_CONSTANT (60) * 1000000)

/**
 * ec2_billing_cost_usd:
 * @usd_per_hour: the instance's price
 * @run_us: how long the instance ran (launch to termination or stop), ≥ 0
 *
 * Billing is per whole second, rounded up, with at least 60 s per run.
 *
 * Returns: the cost in US dollars.
 */
double ec2_billing_cost_usd (double usd_per_hour, gint64 run_us);

typedef struct _Ec2Ledger Ec2Ledger;

/* Returns: (transfer full): a ledger with no instances. */
Ec2Ledger *ec2_ledger_new (void);
void ec2_ledger_free (Ec2Ledger *ledger);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ec2Ledger, ec2_ledger_free)

/**
 * ec2_ledger_start:
 * @ledger: the ledger
 * @usd_per_hour: the price of the run
 * @now_us: when billing starts (RunInstances or StartInstances)
 *
 * Returns: a run handle (never 0) for ec2_ledger_stop().
 */
guint ec2_ledger_start (Ec2Ledger *ledger, double usd_per_hour, gint64 now_us);

/* Ends a run started with ec2_ledger_start() (stop or terminate). Stopping twice is an error. */
void ec2_ledger_stop (Ec2Ledger *ledger, guint run, gint64 now_us);

/* Returns: the summed price of the runs going on, in USD per hour. */
double ec2_ledger_get_usd_per_hour (const Ec2Ledger *ledger);

/* Returns: the cost of every run up to @now_us, a run still going on billed as if it stopped at
 *   @now_us (so at least its 60 s minimum). */
double ec2_ledger_get_total_usd (const Ec2Ledger *ledger, gint64 now_us);
