/* SPDX-License-Identifier: MIT */
/*
 * scenario.h - the scenario language of the mmsim tool (docs/scenario.md).
 */
#ifndef MMSIM_SCENARIO_H
#define MMSIM_SCENARIO_H

#include <stdio.h>

/* Run the scenario in @path ("-": stdin).  Returns the exit status. */
int scenario_run_file(const char *path, FILE *out, FILE *err);
/* Run scenario text; @name is used in error messages. */
int scenario_run_text(const char *name, const char *text, FILE *out, FILE *err);
/* The commands, for --help. */
void scenario_help(FILE *f);
/* The built-in annotated tour. */
int tour_run(FILE *out, FILE *err);

#endif /* MMSIM_SCENARIO_H */
