/* SPDX-License-Identifier: MIT
 * EC2 cost accounting. Each instance run (launch or start to stop or termination) is a ledger
 * entry; totals are summed in run order so that the result never depends on hash order. */
#include "models/ec2/billing.h"

#include <math.h>

typedef struct {
  double usd_per_hour;
  gint64 start_us;
  gint64 stop_us; /* -1 while running */
} Run;

struct _Ec2Ledger {
  GArray *runs;        /* (element-type Run); run handle = index + 1 */
  double usd_per_hour; /* the sum over running entries, kept up to date */
};

double
ec2_billing_cost_usd (double usd_per_hour, gint64 run_us)
{
  g_return_val_if_fail (run_us >= 0, 0.0);
  /* Linux on-demand: per second, rounded up, at least 60 s per run (docs/calibration.md, EC2
   * nodes). */
  gint64 seconds = (run_us + 999999) / 1000000;
  if (seconds < EC2_BILLING_MINIMUM_US / 1000000)
    seconds = EC2_BILLING_MINIMUM_US / 1000000;
  return usd_per_hour * (double)seconds / 3600.0;
}

Ec2Ledger *
ec2_ledger_new (void)
{
  Ec2Ledger *ledger = g_new0 (Ec2Ledger, 1);
  ledger->runs = g_array_new (FALSE, FALSE, sizeof (Run));
  return ledger;
}

void
ec2_ledger_free (Ec2Ledger *ledger)
{
  if (ledger == NULL)
    return;
  g_array_unref (ledger->runs);
  g_free (ledger);
}

guint
ec2_ledger_start (Ec2Ledger *ledger, double usd_per_hour, gint64 now_us)
{
  g_return_val_if_fail (ledger != NULL, 0);
  g_return_val_if_fail (usd_per_hour >= 0.0 && now_us >= 0, 0);
  Run run = { usd_per_hour, now_us, -1 };
  g_array_append_val (ledger->runs, run);
  ledger->usd_per_hour += usd_per_hour;
  return ledger->runs->len;
}

void
ec2_ledger_stop (Ec2Ledger *ledger, guint run, gint64 now_us)
{
  g_return_if_fail (ledger != NULL);
  g_return_if_fail (run >= 1 && run <= ledger->runs->len);
  Run *r = &g_array_index (ledger->runs, Run, run - 1);
  g_return_if_fail (r->stop_us < 0);
  g_return_if_fail (now_us >= r->start_us);
  r->stop_us = now_us;
  ledger->usd_per_hour -= r->usd_per_hour;
  /* Floating-point drift must not leave a tiny negative rate once every run has stopped. */
  if (fabs (ledger->usd_per_hour) < 1e-9)
    ledger->usd_per_hour = 0.0;
}

double
ec2_ledger_get_usd_per_hour (const Ec2Ledger *ledger)
{
  g_return_val_if_fail (ledger != NULL, 0.0);
  return ledger->usd_per_hour;
}

double
ec2_ledger_get_total_usd (const Ec2Ledger *ledger, gint64 now_us)
{
  g_return_val_if_fail (ledger != NULL, 0.0);
  double total = 0.0;
  /* O(runs) per call; the recorder calls it once per step, fine for thousands of runs. */
  for (guint i = 0; i < ledger->runs->len; i++) {
    const Run *r = &g_array_index (ledger->runs, Run, i);
    gint64 end = r->stop_us >= 0 ? r->stop_us : now_us;
    if (end < r->start_us)
      continue; /* asked about a time before this run began */
    total += ec2_billing_cost_usd (r->usd_per_hour, end - r->start_us);
  }
  return total;
}
