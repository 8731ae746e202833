/* SPDX-License-Identifier: MIT
 * Failure streams: alternating renewal processes drawn from named random streams. */
#include "models/failure/process.h"

#include <string.h>

#include "sim/rng.h"
#include "sim/units.h"

G_DEFINE_QUARK (swarmsim - failure - error - quark, fail_error)

static const char *const kind_names[] = { "crash", "reboot", "az-outage", "spot" };

const char *
fail_kind_to_string (FailKind kind)
{
  g_return_val_if_fail ((guint)kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
fail_kind_from_string (const char *text, FailKind *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0) {
      *out = (FailKind)i;
      return TRUE;
    }
  return FALSE;
}

static void
outage_clear (gpointer data)
{
  FailOutage *outage = data;

  g_free (outage->zone);
}

void
fail_spec_init (FailSpec *spec)
{
  memset (spec, 0, sizeof *spec);
  spec->node_kind = FAIL_KIND_CRASH;
  spec->spot_warning_us = FAIL_SPOT_WARNING_DEFAULT;
  spec->outages = g_array_new (FALSE, FALSE, sizeof (FailOutage));
  g_array_set_clear_func (spec->outages, outage_clear);
}

void
fail_spec_clear (FailSpec *spec)
{
  g_clear_pointer (&spec->node_ttf, sim_dist_free);
  g_clear_pointer (&spec->node_ttr, sim_dist_free);
  g_clear_pointer (&spec->zone_ttf, sim_dist_free);
  g_clear_pointer (&spec->zone_duration, sim_dist_free);
  g_clear_pointer (&spec->spot_ttf, sim_dist_free);
  g_clear_pointer (&spec->outages, g_array_unref);
  /* Zeroed rather than re-initialised: a cleared spec owns nothing, as g_auto() expects. */
  memset (spec, 0, sizeof *spec);
}

gboolean
fail_spec_add_outage (FailSpec *spec, const char *text, GError **error)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  FailOutage outage = { NULL, 0, SIM_TIME_NEVER };
  char *at = strchr (copy, '@');
  char *plus;

  g_return_val_if_fail (spec != NULL && spec->outages != NULL && text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (at == NULL || at == copy)
    goto out;
  *at++ = '\0';
  plus = strchr (at, '+');
  if (plus != NULL)
    *plus++ = '\0';
  if (!sim_parse_duration (at, &outage.at_us, NULL) ||
      (plus != NULL && !sim_parse_duration (plus, &outage.duration_us, NULL)))
    goto out;
  outage.zone = g_strdup (copy);
  g_array_append_val (spec->outages, outage);
  return TRUE;

out:
  g_set_error (error, FAIL_ERROR, FAIL_ERROR_INVALID,
               "outage \"%s\" is not understood; expected ZONE@AT or ZONE@AT+DURATION, e.g. "
               "us-east-1b@2h+30m",
               text);
  return FALSE;
}

struct _FailStream {
  FailKind kind;
  const SimDist *up;   /* unowned: the spec's */
  const SimDist *down; /* unowned; NULL for spot */
  SimTime warning_us;
  SimRng *rng; /* owned */
  SimTime next_start_us;
  gboolean done;
};

static FailStream *
stream_new (FailKind kind, const SimDist *up, const SimDist *down, guint64 seed, const char *name,
            SimTime start_us)
{
  FailStream *stream = g_new0 (FailStream, 1);

  stream->kind = kind;
  stream->up = up;
  stream->down = down;
  stream->rng = sim_rng_new (seed, name);
  stream->next_start_us = start_us;
  return stream;
}

FailStream *
fail_stream_new_node (const FailSpec *spec, guint64 seed, const char *node, SimTime start_us)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (spec != NULL && node != NULL, NULL);
  if (spec->node_ttf == NULL)
    return NULL;
  g_return_val_if_fail (spec->node_ttr != NULL, NULL);
  name = g_strdup_printf ("failure/%s", node);
  return stream_new (spec->node_kind, spec->node_ttf, spec->node_ttr, seed, name, start_us);
}

FailStream *
fail_stream_new_zone (const FailSpec *spec, guint64 seed, const char *zone)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (spec != NULL && zone != NULL, NULL);
  if (spec->zone_ttf == NULL)
    return NULL;
  g_return_val_if_fail (spec->zone_duration != NULL, NULL);
  name = g_strdup_printf ("failure/az/%s", zone);
  return stream_new (FAIL_KIND_AZ_OUTAGE, spec->zone_ttf, spec->zone_duration, seed, name, 0);
}

FailStream *
fail_stream_new_spot (const FailSpec *spec, guint64 seed, const char *node, SimTime start_us)
{
  g_autofree char *name = NULL;
  FailStream *stream;

  g_return_val_if_fail (spec != NULL && node != NULL, NULL);
  if (spec->spot_ttf == NULL)
    return NULL;
  name = g_strdup_printf ("spot/%s", node);
  stream = stream_new (FAIL_KIND_SPOT, spec->spot_ttf, NULL, seed, name, start_us);
  stream->warning_us = spec->spot_warning_us;
  return stream;
}

void
fail_stream_free (FailStream *stream)
{
  if (stream == NULL)
    return;
  sim_rng_free (stream->rng);
  g_free (stream);
}

/* Adds without overflowing: a huge draw means "never" rather than a wrapped negative time. */
static SimTime
add_saturated (SimTime a, SimTime b)
{
  return a > SIM_TIME_NEVER - b ? SIM_TIME_NEVER : a + b;
}

gboolean
fail_stream_next (FailStream *stream, FailEvent *event_out)
{
  SimTime up_us;

  g_return_val_if_fail (stream != NULL && event_out != NULL, FALSE);
  if (stream->done || stream->next_start_us == SIM_TIME_NEVER)
    return FALSE;
  /* Up time first, then down time, always two draws per cycle in this order, so that the n-th
   * failure of a node is the same in every configuration that has that node. */
  up_us = sim_dist_sample (stream->up, stream->rng);
  event_out->kind = stream->kind;
  event_out->t_warning_us = add_saturated (stream->next_start_us, up_us);
  event_out->t_fail_us = add_saturated (event_out->t_warning_us, stream->warning_us);
  if (stream->kind == FAIL_KIND_SPOT) {
    event_out->t_repair_us = SIM_TIME_NEVER;
    stream->done = TRUE;
    return event_out->t_fail_us != SIM_TIME_NEVER;
  }
  event_out->t_repair_us =
      add_saturated (event_out->t_fail_us, sim_dist_sample (stream->down, stream->rng));
  stream->next_start_us = event_out->t_repair_us;
  return event_out->t_fail_us != SIM_TIME_NEVER;
}
