/* SPDX-License-Identifier: MIT
 * Tests of sim/time.h: the unit macros and the report conversions. */

#include "sim/time.h"

/* Test that the unit macros agree with each other in microseconds. */
static void
test_time_unit_macros_are_microseconds (void)
{
  g_assert_cmpint (SIM_MSEC (1), ==, 1000);
  g_assert_cmpint (SIM_SEC (1), ==, 1000000);
  g_assert_cmpint (SIM_MIN (1), ==, SIM_SEC (60));
  g_assert_cmpint (SIM_HOUR (1), ==, SIM_MIN (60));
  g_assert_cmpint (SIM_HOUR (24 * 365 * 1000), >, 0); /* a millennium fits without overflow */
}

/* Test that a time converts to seconds as a double. */
static void
test_time_to_seconds (void)
{
  g_assert_cmpfloat (sim_time_to_seconds (SIM_MSEC (1500)), ==, 1.5);
  g_assert_cmpfloat (sim_time_to_seconds (0), ==, 0.0);
}

/* Test that the clock format pads every field and lets hours grow past 99. */
static void
test_time_format_clock_pads_fields (void)
{
  static const struct {
    SimTime t;
    const char *text;
  } vectors[] = {
    { 0, "00:00:00.000" },
    { SIM_HOUR (1) + SIM_MIN (2) + SIM_SEC (3) + SIM_MSEC (4), "01:02:03.004" },
    { SIM_SEC (60) - 1, "00:00:59.999" },
    { SIM_HOUR (123), "123:00:00.000" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (vectors); i++) {
    g_autofree char *text = sim_time_format_clock (vectors[i].t);
    g_assert_cmpstr (text, ==, vectors[i].text);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sim/time/unit-macros-are-microseconds",
                   test_time_unit_macros_are_microseconds);
  g_test_add_func ("/sim/time/to-seconds-divides-by-a-million", test_time_to_seconds);
  g_test_add_func ("/sim/time/format-clock-pads-fields", test_time_format_clock_pads_fields);

  return g_test_run ();
}
