/* SPDX-License-Identifier: MIT
 * Internal to models/ec2: the text of instances.csv, compiled in by CMake (catalog_builtin.c.in).
 */
#pragma once

extern const char ec2__builtin_csv[];
