// SPDX-License-Identifier: MIT
/*
 * tour.c - `mmsim tour`: the built-in annotated tour of what mmsim
 * implements, itself a scenario (so every number it shows is checked by
 * its `expect` lines each time it runs; the test suite runs it too).
 */
#include "scenario.h"

static const char tour_text[] =
#include "tour.inc"
	;

/**
 * tour_run - run the tour scenario.
 */
int tour_run(FILE *out, FILE *err)
{
	return scenario_run_text("tour", tour_text, out, err);
}
