// SPDX-License-Identifier: MIT
/*
 * bench_uaccess.c - the speed of the user/kernel copy API (the issue's
 * "copy_to_user of 4 KiB"):
 *
 *   copy_to_user / copy_from_user of 4 KiB, page-aligned, into one of 16
 *   mapped user pages in turn (every translation resident in the TLB:
 *   the loop measures access_ok, the uaccess region, one translation and
 *   the copy); 4 KiB straddling two pages (two translations); and beside
 *   them a host memcpy of 4 KiB, the floor.
 *
 * The best of the repetitions is reported with the median beside it.
 * No timing assertions: exit 0 unless a copy comes back short or wrong.
 *
 * Usage: bench_uaccess [--quick]   (--quick divides the iterations by 20)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_common.h"
#include "mmu.h"
#include "pgalloc.h"
#include "uaccess.h"

#define UBASE 0x400000ULL
#define NPAGES 16
#define REPS 7

enum op { OP_TO, OP_FROM, OP_TO_STRADDLE, OP_MEMCPY };

static double run(struct machine *m, enum op op, long iters, uint8_t *kbuf, uint8_t *host)
{
	double ns[REPS], note_median;
	char note[64];

	for (int r = 0; r < REPS; r++) {
		uint64_t t0 = bench_now_ns();

		for (long i = 0; i < iters; i++) {
			uint64_t va = UBASE + (uint64_t)(i & (NPAGES - 2)) * PAGE_SIZE;
			size_t left = 0;

			switch (op) {
			case OP_TO:
				left = copy_to_user(m, va, kbuf, PAGE_SIZE);
				break;
			case OP_FROM:
				left = copy_from_user(m, kbuf, va, PAGE_SIZE);
				break;
			case OP_TO_STRADDLE:
				left = copy_to_user(m, va + 2048, kbuf, PAGE_SIZE);
				break;
			case OP_MEMCPY:
				memcpy(host + (size_t)(i & (NPAGES - 2)) * PAGE_SIZE, kbuf, PAGE_SIZE);
				bench_keep(host);
				break;
			}
			if (left)
				bench_die("a copy left %zu bytes", left);
		}
		ns[r] = (double)(bench_now_ns() - t0) / (double)iters;
	}
	note_median = bench_median(ns, REPS);
	snprintf(note, sizeof(note), "median %.1f", note_median);
	bench_report(op == OP_TO ? "copy_to_user 4 KiB" :
		     op == OP_FROM ? "copy_from_user 4 KiB" :
		     op == OP_TO_STRADDLE ? "copy_to_user 4 KiB over 2 pages" :
		     "host memcpy 4 KiB (floor)", bench_best(ns, REPS), "ns", note);
	return bench_best(ns, REPS);
}

int main(int argc, char **argv)
{
	long iters = 200000;
	struct machine *m;
	struct mm_struct mm;
	struct page *pages[NPAGES];
	uint8_t *kbuf = malloc(PAGE_SIZE), *host = malloc(NPAGES * PAGE_SIZE);

	if (argc > 1 && !strcmp(argv[1], "--quick"))
		iters /= 20;
	if (!kbuf || !host)
		bench_die("out of host memory");
	m = bench_boot("ram=1G cpus=1");
	memset(&mm, 0, sizeof(mm));
	mm_init_context(m, &mm);
	if (!pgd_alloc(m, &mm))
		bench_die("pgd_alloc");
	for (int i = 0; i < NPAGES; i++) {
		pages[i] = alloc_pages(m, GFP_KERNEL | __GFP_ZERO, 0);
		if (!pages[i] || set_pte_at(m, &mm, UBASE + (uint64_t)i * PAGE_SIZE,
					    page_to_pfn(m, pages[i]), PAGE_SHARED))
			bench_die("mapping the user pages");
	}
	switch_mm(m, &mm);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		kbuf[i] = (uint8_t)i;
	memset(host, 0, NPAGES * PAGE_SIZE);

	run(m, OP_TO, iters, kbuf, host);
	run(m, OP_FROM, iters, kbuf, host);
	run(m, OP_TO_STRADDLE, iters, kbuf, host);
	run(m, OP_MEMCPY, iters, kbuf, host);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		if (kbuf[i] != (uint8_t)i)
			bench_die("copy_from_user brought back byte %zu wrong", i);

	switch_mm(m, &m->init_mm);
	pgd_free(m, &mm);
	for (int i = 0; i < NPAGES; i++)
		__free_pages(m, pages[i], 0);
	mms_machine_free(m);
	free(kbuf);
	free(host);
	return 0;
}
