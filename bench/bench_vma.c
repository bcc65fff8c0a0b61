// SPDX-License-Identifier: MIT
/*
 * bench_vma.c - the address-space operations' speed:
 *
 *   find_vma  lookups at random addresses of a process with 10 000 VMAs
 *             (alternating protections, so none merge): the rb-tree walk
 *             (plus the one-entry cache Linux's vmacache no longer has;
 *             random addresses defeat it).
 *   fork      fork of a process with 1 GiB of anonymous memory resident
 *             (262 144 pages): dup_mm copies the VMAs and the page tables
 *             write-protecting every page; then the child exits (its
 *             teardown timed separately).
 *
 * Best of N repetitions, median beside it.  No timing assertions.
 * Usage: bench_vma [--quick]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_common.h"
#include "mm.h"

#define REPS 5

static uint64_t xs = 0x9e3779b97f4a7c15ULL;

static uint64_t next_rand(void)
{
	xs ^= xs << 13;
	xs ^= xs >> 7;
	xs ^= xs << 17;
	return xs;
}

static void bench_find_vma(bool quick)
{
	struct machine *m = bench_boot("ram=1G cpus=2 norandmaps=1");
	enum { NVMA = 10000 };
	unsigned long lookups = quick ? 200000 : 4000000;
	struct task_struct *t;
	uint64_t lo = 0, hi = 0;
	double ns[REPS];
	int pid;

	if (mms_spawn(m, "many", NULL, &pid))
		bench_die("spawn failed");
	for (int i = 0; i < NVMA; i++) {
		int64_t a = mms_mmap(m, pid, 0, 4096, (i & 1) ? 1 : 3, 0x22, -1, 0);

		if (a < 0)
			bench_die("mmap %d: %lld", i, (long long)a);
		if (!lo || (uint64_t)a < lo)
			lo = (uint64_t)a;
		if ((uint64_t)a > hi)
			hi = (uint64_t)a;
	}
	t = find_task_by_pid(m, pid);
	if (!t || t->mm->map_count < NVMA)
		bench_die("%d VMAs expected", NVMA);
	for (int r = 0; r < REPS; r++) {
		uint64_t t0 = bench_now_ns(), found = 0;

		for (unsigned long i = 0; i < lookups; i++) {
			uint64_t addr = lo + next_rand() % (hi - lo + 4096);

			found += find_vma(t->mm, addr) != NULL;
		}
		ns[r] = (double)(bench_now_ns() - t0) / (double)lookups;
		bench_keep(&found);
	}
	report_reps("find_vma, 10000 VMAs, random addresses", ns, REPS, NULL);
	mms_machine_free(m);
}

static void bench_fork(bool quick)
{
	struct machine *m = bench_boot("ram=2G cpus=2 norandmaps=1");
	uint64_t len = quick ? (64ULL << 20) : (1ULL << 30);
	double fork_ns[REPS], exit_ns[REPS];
	int64_t a;
	int pid, child;
	char what[96];

	if (mms_spawn(m, "big", NULL, &pid))
		bench_die("spawn failed");
	a = mms_mmap(m, pid, 0, len, 3, 0x22, -1, 0);
	if (a < 0 || mms_task_access(m, pid, (uint64_t)a, len, 1, NULL, 1, 1))
		bench_die("could not fill %llu bytes", (unsigned long long)len);
	for (int r = 0; r < REPS; r++) {
		uint64_t t0 = bench_now_ns(), t1;

		if (mms_fork(m, pid, "child", 0, &child))
			bench_die("fork failed");
		t1 = bench_now_ns();
		mms_exit(m, child, 0);
		mms_reap(m, child);
		exit_ns[r] = (double)(bench_now_ns() - t1) / 1e6;
		fork_ns[r] = (double)(t1 - t0) / 1e6;
	}
	snprintf(what, sizeof(what), "fork, %llu MiB resident", (unsigned long long)(len >> 20));
	bench_report(what, bench_best(fork_ns, REPS), "ms", NULL);
	snprintf(what, sizeof(what), "child exit + reap, %llu MiB shared", (unsigned long long)(len >> 20));
	bench_report(what, bench_best(exit_ns, REPS), "ms", NULL);
	mms_machine_free(m);
}

int main(int argc, char **argv)
{
	bool quick = argc > 1 && !strcmp(argv[1], "--quick");

	printf("# bench_vma: best of %d repetitions, CLOCK_MONOTONIC; host load %.2f, ~%.2f GHz%s\n",
	       REPS, bench_loadavg(), bench_host_ghz(), quick ? "; --quick" : "");
	bench_find_vma(quick);
	bench_fork(quick);
	return 0;
}
