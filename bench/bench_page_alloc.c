// SPDX-License-Identifier: MIT
/*
 * bench_page_alloc.c - the page allocator's speed and the host cost of a
 * machine, in one run:
 *
 *   boot      mms_machine_boot wall time and peak host RSS at ram=1G, 16G
 *             and 64G, each in a forked child (ru_maxrss from wait4).
 *   pcp       an order-0 GFP_KERNEL alloc+free pair on one CPU (the
 *             per-CPU list fast path), next to its floor: a bare LIFO
 *             pop+push of a struct page on a list_head list.
 *   bulk      1M order-0 allocations, then 1M frees (ram=8G): pcp
 *             refill/drain, buddy split/merge, migratetype fallback.
 *   order-3   order-3 alloc+free pairs (pcp lists).
 *   mixed     alloc+free pairs of orders 0..10 from a fixed pre-generated
 *             pseudo-random sequence (pcp and buddy paths).
 *
 * Every timed loop is repeated; the best repetition is reported with the
 * median beside it.  No timing assertions: exit 0 unless the allocator
 * fails or misbehaves (pages lost, bad_page reports).
 *
 * Usage: bench_page_alloc [--quick] [--only=boot|pcp|bulk|order3|mixed]
 *   --quick divides the iteration counts by 20 and boots 1G only (for
 *   running under valgrind --tool=callgrind).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include "bench_common.h"

#define MAX_REPS 16

static bool quick;
static const char *only;

static bool want(const char *section)
{
	return !only || strcmp(only, section) == 0;
}

static unsigned long scaled(unsigned long n)
{
	return quick ? (n / 20 ? n / 20 : 1) : n;
}


static struct page *alloc_or_die(struct machine *m, gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(m, gfp, order);

	if (!page)
		bench_die("alloc_pages(order %u) failed", order);
	return page;
}

/* ------------------------------------------------------------------------
 * Boot time and host memory, one forked child per size.
 */

struct boot_result {
	double boot_ns;
	long hwm_kb;		/* the child's VmHWM after boot */
};

static long proc_status_kb(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	size_t len = strlen(field);
	long kb = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (strncmp(line, field, len) == 0 && line[len] == ':') {
			kb = strtol(line + len + 1, NULL, 10);
			break;
		}
	fclose(f);
	return kb;
}

static void bench_boot_one(const char *ram, const char *target_time,
			   const char *target_rss)
{
	char spec[64], name[64], note[160];
	struct boot_result r = { 0 };
	struct rusage ru;
	int fds[2], status;
	long parent_rss = proc_status_kb("VmRSS");
	pid_t pid;

	snprintf(spec, sizeof(spec), "ram=%s", ram);
	if (pipe(fds))
		bench_die("pipe failed");
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		bench_die("fork failed");
	if (pid == 0) {
		struct mms_config cfg;
		char err[512] = "";
		struct machine *m;
		uint64_t t0, t1;

		close(fds[0]);
		bench_config(&cfg, spec);
		t0 = bench_now_ns();
		m = mms_machine_boot(&cfg, err, sizeof(err));
		t1 = bench_now_ns();
		if (!m) {
			fprintf(stderr, "bench: boot '%s' failed: %s\n", spec, err);
			_exit(1);
		}
		r.boot_ns = (double)(t1 - t0);
		r.hwm_kb = proc_status_kb("VmHWM");
		if (write(fds[1], &r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(1);
		mms_machine_free(m);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], &r, sizeof(r)) != (ssize_t)sizeof(r))
		r.boot_ns = -1;
	close(fds[0]);
	if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0 || r.boot_ns < 0)
		bench_die("boot child for %s failed", spec);

	snprintf(name, sizeof(name), "boot ram=%s wall time", ram);
	snprintf(note, sizeof(note), "target %s", target_time);
	bench_report(name, r.boot_ns / 1e6, "ms", target_time ? note : NULL);
	snprintf(name, sizeof(name), "boot ram=%s host peak RSS", ram);
	snprintf(note, sizeof(note), "ru_maxrss; VmHWM after boot %.1f MiB; "
		 "%.1f MiB inherited at fork%s%s", r.hwm_kb / 1024.0,
		 parent_rss / 1024.0, target_rss ? "; target " : "",
		 target_rss ? target_rss : "");
	bench_report(name, ru.ru_maxrss / 1024.0, "MiB", note);
}

static void bench_boot_section(void)
{
	bench_boot_one("1G", NULL, NULL);
	if (quick)
		return;
	bench_boot_one("16G", NULL, NULL);
	bench_boot_one("64G", "<= 1000 ms", "<= 1229 MiB (1.2 GiB)");
}

/* ------------------------------------------------------------------------
 * Order-0 pcp pair and its floor.
 */

static double pcp_pair_ns(struct machine *m, unsigned long iters)
{
	uint64_t t0 = bench_now_ns();

	for (unsigned long i = 0; i < iters; i++) {
		struct page *page = alloc_pages(m, GFP_KERNEL, 0);

		if (__builtin_expect(!page, 0))
			bench_die("order-0 allocation failed");
		__free_pages(m, page, 0);
	}
	return (double)(bench_now_ns() - t0) / (double)iters;
}

static double list_pair_ns(struct list_head *head, unsigned long iters)
{
	uint64_t t0 = bench_now_ns();

	for (unsigned long i = 0; i < iters; i++) {
		struct page *page = list_first_entry(head, struct page, lru);

		list_del(&page->lru);
		bench_keep(page);
		list_add(&page->lru, head);
	}
	return (double)(bench_now_ns() - t0) / (double)iters;
}

static void bench_pcp_section(struct machine *m)
{
	enum { REPS = 7, NPAGES = 1024 };
	unsigned long iters = scaled(2000000);
	unsigned long free_before = drained_free_pages(m);
	double pair[REPS], floor_ns[REPS], best_pair, best_floor;
	struct list_head head = LIST_HEAD_INIT(head);
	struct page *page, *next;
	char note[128];

	/* Warm up: caches, branch predictors, the pcp list filled once. */
	pcp_pair_ns(m, scaled(200000));

	/* The floor: pages we own, on a local list, popped and pushed. */
	for (int i = 0; i < NPAGES; i++)
		list_add(&alloc_or_die(m, GFP_KERNEL, 0)->lru, &head);
	list_pair_ns(&head, scaled(200000));

	/* Interleave the two so that host noise hits both alike. */
	for (int r = 0; r < REPS; r++) {
		pair[r] = pcp_pair_ns(m, iters);
		floor_ns[r] = list_pair_ns(&head, iters);
	}
	list_for_each_entry_safe(page, next, &head, struct page, lru) {
		list_del(&page->lru);
		__free_pages(m, page, 0);
	}
	check_machine_intact(m, free_before, "pcp pair");

	report_reps("pcp order-0 alloc+free pair", pair, REPS, "<= 25 ns");
	report_reps("floor: list_del+list_add of a page", floor_ns, REPS, NULL);
	best_pair = bench_best(pair, REPS);
	best_floor = bench_best(floor_ns, REPS);
	snprintf(note, sizeof(note), "best pair / best floor");
	bench_report("pcp pair / floor ratio", best_pair / best_floor, "x", note);
}

/* ------------------------------------------------------------------------
 * 1M allocations then 1M frees.
 */

static void bench_bulk_section(void)
{
	enum { REPS = 3 };
	unsigned long n = scaled(1UL << 20);
	struct machine *m = bench_boot(quick ? "ram=1G" : "ram=8G");
	unsigned long free_before = drained_free_pages(m);
	double alloc_ns[REPS], free_ns[REPS];
	struct page **pages = malloc(n * sizeof(*pages));
	char note[128], what[64], count[32];

	if (!pages)
		bench_die("out of host memory");
	if (n % (1UL << 20) == 0)
		snprintf(count, sizeof(count), "%luM", n >> 20);
	else
		snprintf(count, sizeof(count), "%luK", n >> 10);
	memset(pages, 0, n * sizeof(*pages));
	for (int r = 0; r < REPS; r++) {
		uint64_t t0, t1, t2;

		t0 = bench_now_ns();
		for (unsigned long i = 0; i < n; i++) {
			pages[i] = alloc_pages(m, GFP_KERNEL, 0);
			if (__builtin_expect(!pages[i], 0))
				bench_die("bulk: allocation %lu of %lu failed", i, n);
		}
		t1 = bench_now_ns();
		for (unsigned long i = 0; i < n; i++)
			__free_pages(m, pages[i], 0);
		t2 = bench_now_ns();
		alloc_ns[r] = (double)(t1 - t0) / (double)n;
		free_ns[r] = (double)(t2 - t1) / (double)n;
	}
	check_machine_intact(m, free_before, "bulk");
	free(pages);
	mms_machine_free(m);

	/* The first pass also steals pageblocks for unmovable; later ones reuse them. */
	snprintf(note, sizeof(note), "first of %d passes, %lu pages, %s", REPS, n,
		 quick ? "ram=1G" : "ram=8G");
	snprintf(what, sizeof(what), "bulk %s order-0 allocs, 1st pass", count);
	bench_report(what, alloc_ns[0], "ns/op", note);
	snprintf(what, sizeof(what), "bulk %s order-0 frees, 1st pass", count);
	bench_report(what, free_ns[0], "ns/op", note);
	snprintf(what, sizeof(what), "bulk %s order-0 allocs, best pass", count);
	report_reps(what, alloc_ns, REPS, NULL);
	snprintf(what, sizeof(what), "bulk %s order-0 frees, best pass", count);
	report_reps(what, free_ns, REPS, NULL);
}

/* ------------------------------------------------------------------------
 * Order-3 pairs and mixed-order pairs.
 */

static double order_pairs_ns(struct machine *m, const uint8_t *orders,
			     unsigned long n, unsigned long iters)
{
	uint64_t t0 = bench_now_ns();

	for (unsigned long i = 0; i < iters; i++) {
		unsigned int order = orders[i % n];
		struct page *page = alloc_pages(m, GFP_KERNEL, order);

		if (__builtin_expect(!page, 0))
			bench_die("order-%u allocation failed", order);
		__free_pages(m, page, order);
	}
	return (double)(bench_now_ns() - t0) / (double)iters;
}

static void bench_order3_section(struct machine *m)
{
	enum { REPS = 5 };
	const uint8_t order3 = 3;
	unsigned long free_before = drained_free_pages(m);
	double ns[REPS];

	order_pairs_ns(m, &order3, 1, scaled(100000));
	for (int r = 0; r < REPS; r++)
		ns[r] = order_pairs_ns(m, &order3, 1, scaled(1000000));
	check_machine_intact(m, free_before, "order-3 pairs");
	report_reps("pcp order-3 alloc+free pair", ns, REPS, NULL);
}

static void bench_mixed_section(struct machine *m)
{
	enum { REPS = 5, NSEQ = 1 << 16 };
	static uint8_t orders[NSEQ];
	unsigned long free_before = drained_free_pages(m);
	uint64_t x = 0x9e3779b97f4a7c15ULL;	/* xorshift64, fixed seed */
	double ns[REPS];
	char name[64];

	for (int i = 0; i < NSEQ; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		orders[i] = (uint8_t)(x % NR_PAGE_ORDERS);
	}
	order_pairs_ns(m, orders, NSEQ, scaled(NSEQ));
	for (int r = 0; r < REPS; r++)
		ns[r] = order_pairs_ns(m, orders, NSEQ, scaled(4 * NSEQ));
	check_machine_intact(m, free_before, "mixed-order pairs");
	snprintf(name, sizeof(name), "mixed order 0..%d alloc+free pair", MAX_PAGE_ORDER);
	report_reps(name, ns, REPS, NULL);
}

int main(int argc, char **argv)
{
	struct machine *m;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0)
			quick = true;
		else if (strncmp(argv[i], "--only=", 7) == 0)
			only = argv[i] + 7;
		else
			bench_die("usage: %s [--quick] [--only=boot|pcp|bulk|order3|mixed]",
				  argv[0]);
	}
	printf("# bench_page_alloc: best of N repetitions (median beside it), "
	       "CLOCK_MONOTONIC; host load %.2f, ~%.2f GHz%s\n", bench_loadavg(),
	       bench_host_ghz(), quick ? "; --quick" : "");

	/* First, while this process is still small: its RSS is inherited by the children. */
	if (want("boot"))
		bench_boot_section();

	m = bench_boot("ram=1G");
	if (want("pcp"))
		bench_pcp_section(m);
	if (want("order3"))
		bench_order3_section(m);
	if (want("mixed"))
		bench_mixed_section(m);
	mms_machine_free(m);

	if (want("bulk"))
		bench_bulk_section();
	return 0;
}
