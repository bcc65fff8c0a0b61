// SPDX-License-Identifier: MIT
/*
 * main.c - the mmsim command: run a scenario, the tour, help, version.
 */
#include <stdio.h>
#include <string.h>
#include "scenario.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mmsim run FILE      run a scenario (FILE '-' reads stdin)\n"
		"       mmsim tour          the annotated tour of what mmsim implements\n"
		"       mmsim --help        this text and the scenario commands\n"
		"       mmsim --version\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		scenario_help(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("mmsim %s\n", MMSIM_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "run") && argc == 3)
		return scenario_run_file(argv[2], stdout, stderr);
	if (!strcmp(argv[1], "tour") && argc == 2)
		return tour_run(stdout, stderr);
	usage(stderr);
	return 2;
}
