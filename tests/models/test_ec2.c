/* SPDX-License-Identifier: MIT
 * Tests of models/ec2: the built-in catalog, CSV errors with their location, and billing. */
#include <glib.h>

#include "models/ec2/billing.h"
#include "models/ec2/catalog.h"

/* Test that the built-in catalog holds the reference types with their vCPUs, memory and price. */
static void
test_catalog_builtin_has_reference_types (void)
{
  g_autoptr (Ec2Catalog) catalog = ec2_catalog_new_builtin ();
  g_assert_cmpuint (ec2_catalog_get_size (catalog), ==, 26);
  const Ec2InstanceType *m5 = ec2_catalog_lookup (catalog, "m5.large");
  g_assert_nonnull (m5);
  g_assert_cmpuint (m5->vcpus, ==, 2);
  g_assert_cmpint (m5->memory_bytes, ==, G_GINT64_CONSTANT (8) << 30);
  g_assert_cmpfloat_with_epsilon (m5->usd_per_hour, 0.096, 1e-12);
  g_assert_false (m5->burstable);
  g_assert_true (ec2_catalog_lookup (catalog, "t3.micro")->burstable);
  /* Types are listed in name order, whatever the file order. */
  for (guint i = 1; i < ec2_catalog_get_size (catalog); i++)
    g_assert_cmpstr (ec2_catalog_get_nth (catalog, i - 1)->name, <,
                     ec2_catalog_get_nth (catalog, i)->name);
}

/* Test that a bad row is reported with the file name and its physical line, quoted newlines
 * counted. */
static void
test_catalog_bad_row_names_its_line (void)
{
  g_autoptr (Ec2Catalog) catalog = ec2_catalog_new ();
  g_autoptr (GError) error = NULL;
  const char *text = "type,vcpu,memory_gib,usd_per_hour,family,burstable\n"
                     "x1,2,4,0.1,\"fam\nily\",no\n"
                     "x2,zero,4,0.1,f,no\n";
  g_assert_false (ec2_catalog_parse (catalog, text, -1, "extra.csv", &error));
  g_assert_error (error, EC2_ERROR, EC2_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "extra.csv:4: "));
  g_assert_cmpuint (ec2_catalog_get_size (catalog), ==, 0);
}

/* Test that a wrong header is refused on line 1. */
static void
test_catalog_bad_header_is_refused (void)
{
  g_autoptr (Ec2Catalog) catalog = ec2_catalog_new ();
  g_autoptr (GError) error = NULL;
  g_assert_false (ec2_catalog_parse (catalog, "name,cpus\nx,1\n", -1, "c.csv", &error));
  g_assert_error (error, EC2_ERROR, EC2_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "c.csv:1: "));
}

/* Test that an unknown type gives EC2_ERROR_UNKNOWN_TYPE and that a user type replaces one of the
 * same name. */
static void
test_catalog_user_types_replace_and_unknown_fails (void)
{
  g_autoptr (Ec2Catalog) catalog = ec2_catalog_new_builtin ();
  g_autoptr (GError) error = NULL;
  g_assert_null (ec2_catalog_get (catalog, "m9.huge", &error));
  g_assert_error (error, EC2_ERROR, EC2_ERROR_UNKNOWN_TYPE);
  char name[] = "m5.large";
  Ec2InstanceType t = { name, 2, G_GINT64_CONSTANT (8) << 30, 0.5, NULL, FALSE };
  g_assert_true (ec2_catalog_add (catalog, &t, NULL));
  g_assert_cmpfloat_with_epsilon (ec2_catalog_lookup (catalog, "m5.large")->usd_per_hour, 0.5,
                                  1e-12);
  g_assert_cmpuint (ec2_catalog_get_size (catalog), ==, 26);
}

/* Test that billing rounds up to whole seconds with a 60 s minimum. */
static void
test_billing_per_second_with_minute_minimum (void)
{
  g_assert_cmpfloat_with_epsilon (ec2_billing_cost_usd (3.6, 1), 0.06, 1e-12);
  g_assert_cmpfloat_with_epsilon (ec2_billing_cost_usd (3.6, 59999999), 0.06, 1e-12);
  g_assert_cmpfloat_with_epsilon (ec2_billing_cost_usd (3.6, 60000001), 0.061, 1e-12);
  g_assert_cmpfloat_with_epsilon (ec2_billing_cost_usd (3.6, 3600000000), 3.6, 1e-12);
}

/* Test that the ledger bills stopped runs once and running runs up to now. */
static void
test_billing_ledger_sums_runs (void)
{
  g_autoptr (Ec2Ledger) ledger = ec2_ledger_new ();
  guint a = ec2_ledger_start (ledger, 3.6, 0);
  guint b = ec2_ledger_start (ledger, 0.36, 10000000);
  g_assert_cmpfloat_with_epsilon (ec2_ledger_get_usd_per_hour (ledger), 3.96, 1e-12);
  ec2_ledger_stop (ledger, a, 30000000); /* 30 s: billed as 60 s = 0.06 */
  g_assert_cmpfloat_with_epsilon (ec2_ledger_get_usd_per_hour (ledger), 0.36, 1e-12);
  /* b has run 110 s at 120 s: 0.011. */
  g_assert_cmpfloat_with_epsilon (ec2_ledger_get_total_usd (ledger, 120000000), 0.071, 1e-12);
  ec2_ledger_stop (ledger, b, 120000000);
  g_assert_cmpfloat_with_epsilon (ec2_ledger_get_usd_per_hour (ledger), 0.0, 1e-12);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/models/ec2/catalog-builtin-has-reference-types",
                   test_catalog_builtin_has_reference_types);
  g_test_add_func ("/models/ec2/catalog-bad-row-names-its-line",
                   test_catalog_bad_row_names_its_line);
  g_test_add_func ("/models/ec2/catalog-bad-header-is-refused", test_catalog_bad_header_is_refused);
  g_test_add_func ("/models/ec2/catalog-user-types-replace-and-unknown-fails",
                   test_catalog_user_types_replace_and_unknown_fails);
  g_test_add_func ("/models/ec2/billing-per-second-with-minute-minimum",
                   test_billing_per_second_with_minute_minimum);
  g_test_add_func ("/models/ec2/billing-ledger-sums-runs", test_billing_ledger_sums_runs);
  return g_test_run ();
}
