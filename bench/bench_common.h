/* SPDX-License-Identifier: MIT */
/*
 * bench_common.h - small helpers shared by the bench/bench_*.c programs.
 *
 * Every bench is a standalone executable linked with libmmsim and the
 * internal headers (see CMakeLists.txt).  Benches print one line per
 * measurement and exit 0 unless something breaks: there are no timing
 * assertions, the targets are printed for a human to compare.
 *
 * Timing is CLOCK_MONOTONIC.  A measurement is repeated and the best
 * (lowest) repetition is reported, which filters out the noise of other
 * processes on a shared host; the median is printed alongside.
 */
#ifndef MMSIM_BENCH_COMMON_H
#define MMSIM_BENCH_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "internal.h"

/* Nanoseconds of CLOCK_MONOTONIC. */
static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

/* Keep @p alive and the loop around it from being folded away. */
static inline void bench_keep(const void *p)
{
	__asm__ volatile("" : : "r"(p) : "memory");
}

/* Die with a message: the bench is broken, not slow. */
#define bench_die(...)                                                        \
	do {                                                                  \
		fprintf(stderr, "bench: " __VA_ARGS__);                       \
		fputc('\n', stderr);                                          \
		exit(1);                                                      \
	} while (0)

/*
 * bench_config - a config from a spec of "key=value" words ("ram=8G
 * cpus=2"), as tests/unit/helpers.c builds one.
 */
static inline void bench_config(struct mms_config *cfg, const char *spec)
{
	char buf[512], err[512] = "", *save = NULL, *tok;

	mms_config_init(cfg);
	snprintf(buf, sizeof(buf), "%s", spec ? spec : "");
	for (tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
		char *eq = strchr(tok, '=');

		if (!eq)
			bench_die("bad spec word '%s'", tok);
		*eq = '\0';
		if (mms_config_set(cfg, tok, eq + 1, err, sizeof(err)))
			bench_die("spec '%s': %s", spec, err);
	}
}

/* bench_boot - boot a machine from a spec, or die. */
static inline struct machine *bench_boot(const char *spec)
{
	struct mms_config cfg;
	char err[512] = "";
	struct machine *m;

	bench_config(&cfg, spec);
	m = mms_machine_boot(&cfg, err, sizeof(err));
	if (!m)
		bench_die("boot '%s' failed: %s", spec, err);
	return m;
}

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Best and median of @n samples (sorts @v). */
static inline double bench_best(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), bench_cmp_double);
	return v[0];
}
static inline double bench_median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), bench_cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * bench_report - one line: "name  value unit  (note)".  @note may be NULL.
 */
static inline void bench_report(const char *name, double value, const char *unit,
				const char *note)
{
	if (note && *note)
		printf("%-40s %9.1f %-6s  (%s)\n", name, value, unit, note);
	else
		printf("%-40s %9.1f %s\n", name, value, unit);
	fflush(stdout);
}

/*
 * bench_host_ghz - the clock the host runs this process at now, from a
 * chain of dependent adds (one per cycle): printed with the results so
 * that a slow run on a throttled or shared CPU can be told apart.
 */
static inline double bench_host_ghz(void)
{
	double best = 0;

	for (int r = 0; r < 5; r++) {
		unsigned long x = 0, n = 20000000;
		uint64_t t0 = bench_now_ns(), t1;

		for (unsigned long i = 0; i < n; i++) {
			x++;
			__asm__ volatile("" : "+r"(x));	/* one add per iteration, chained */
		}
		t1 = bench_now_ns();
		if ((double)n / (double)(t1 - t0) > best)
			best = (double)n / (double)(t1 - t0);
	}
	return best;
}

/* The host's 1-minute load average, to flag noisy numbers (-1 if unknown). */
static inline double bench_loadavg(void)
{
	FILE *f = fopen("/proc/loadavg", "r");
	double l = -1;

	if (f) {
		if (fscanf(f, "%lf", &l) != 1)
			l = -1;
		fclose(f);
	}
	return l;
}

/* Pages free on the machine with every pcp list drained. */
static inline unsigned long drained_free_pages(struct machine *m)
{
	drain_all_pages(m, NULL);
	return nr_free_pages(m);
}

/* The machine must end as it began: nothing lost, nothing reported. */
static inline void check_machine_intact(struct machine *m, unsigned long free_before,
				 const char *what)
{
	unsigned long free_after = drained_free_pages(m);

	if (free_after != free_before)
		bench_die("%s: %lu pages free before, %lu after", what,
			  free_before, free_after);
	if (m->nr_bad_pages)
		bench_die("%s: %lu bad_page reports", what, m->nr_bad_pages);
}

/* report_reps - the best of @reps timings, with the median and @target beside it. */
static inline void report_reps(const char *name, double *ns, int reps, const char *target)
{
	char note[160];
	double median = bench_median(ns, reps), best = bench_best(ns, reps);

	if (target)
		snprintf(note, sizeof(note), "median %.1f; target %s", median, target);
	else
		snprintf(note, sizeof(note), "median %.1f", median);
	bench_report(name, best, "ns/op", note);
}

#endif /* MMSIM_BENCH_COMMON_H */
