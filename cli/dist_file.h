/* SPDX-License-Identifier: MIT
 * Distributions as a scenario writes them: sim_dist_parse() with a reader for "empirical(FILE.csv)"
 * that opens the file relative to the scenario's folder and reads it with libcsv. The text syntax
 * itself is sim/dist.h's; this file only knows files. */
#pragma once

#include <glib.h>

#include "sim/dist.h"

#include "models/io/file.h"

/* The largest empirical file read, in bytes (64 MiB, a few million rows): a larger file is
 * refused before it is read, and so is anything but a regular file (a device, FIFO or folder). */
#define CLI_DIST_FILE_MAX_BYTES IO_FILE_MAX_DIST_BYTES

/**
 * cli_dist_parse:
 * @text: a distribution in the syntax of sim/dist.h
 * @base_dir: (nullable): the folder a relative empirical file name is resolved against (the
 *   scenario's folder); NULL resolves it against the working folder
 * @error: SIM_PARSE_ERROR_INVALID or _RANGE for the text, as sim_dist_parse(); SIM_PARSE_ERROR_FILE
 *   for the file, the message starting with its path: "PATH: cannot open: ...", "PATH: not a
 * regular file ...", "PATH: N bytes, larger than the limit of 64 MiB; ...", or "PATH:LINE: ..." for
 * a bad value, malformed CSV or a file without values
 *
 * The file has one duration per row in the first column; a header row (its first field starting
 * with a letter) and blank lines are skipped; a bare number is seconds; other columns are ignored.
 * sim_dist_to_string() writes the file name back as the scenario wrote it, not resolved.
 *
 * Returns: (transfer full) (nullable): the distribution, or NULL with @error set.
 */
SimDist *cli_dist_parse (const char *text, const char *base_dir, GError **error);
