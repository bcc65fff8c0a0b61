// SPDX-License-Identifier: MIT
/*
 * bench_slab.c - the object allocators' speed and memory overhead, SLUB,
 * SLAB and SLOB on the same workloads, with glibc's malloc as the
 * baseline measured in the same run:
 *
 *   pair      kmem_cache_alloc + kmem_cache_free of one 64-byte object of
 *             a private cache, on one CPU: the hot path (SLUB: the CPU
 *             slab's freelist).  Target for SLUB: <= 15 ns.
 *   kmalloc   kmalloc + kfree pairs of sizes 16..79 from a fixed
 *             pseudo-random sequence; baseline: malloc + free pairs of the
 *             same sizes (about 6 ns on this kind of machine).
 *   batch     kmalloc of 4096 objects of sizes 8..2048 (the sequence), then
 *             kfree of all in a shuffled order: slow paths, new slabs.
 *             Baseline: malloc/free of the same sequence.
 *   overhead  a fixed mixed workload (20000 objects, sizes 8..4096 skewed
 *             small, as kernel objects are) kept allocated: slab memory
 *             (meminfo Slab) per byte requested.
 *
 * Every timed loop is repeated; the best repetition is reported with the
 * median beside it.  No timing assertions: exit 0 unless an allocator
 * fails or leaks pages.
 *
 * Usage: bench_slab [--quick]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_common.h"
#include "slab.h"

#define REPS 7
#define NSEQ 4096

static bool quick;

static unsigned long scaled(unsigned long n)
{
	return quick ? (n / 20 ? n / 20 : 1) : n;
}

/* xorshift64: the fixed sequences (the same in every run). */
static uint64_t seq_state;

static uint64_t seq_next(void)
{
	seq_state ^= seq_state << 13;
	seq_state ^= seq_state >> 7;
	seq_state ^= seq_state << 17;
	return seq_state;
}

static uint32_t small_sizes[NSEQ];	/* 16..79 */
static uint32_t batch_sizes[NSEQ];	/* 8..2048 */
static uint32_t shuffle[NSEQ];

static void make_sequences(void)
{
	seq_state = 0x2545f4914f6cdd1dULL;
	for (int i = 0; i < NSEQ; i++) {
		small_sizes[i] = 16 + (uint32_t)(seq_next() % 64);
		batch_sizes[i] = 8 + (uint32_t)(seq_next() % 2041);
		shuffle[i] = (uint32_t)i;
	}
	for (int i = NSEQ - 1; i > 0; i--) {
		uint32_t j = (uint32_t)(seq_next() % (uint64_t)(i + 1)), t = shuffle[i];

		shuffle[i] = shuffle[j];
		shuffle[j] = t;
	}
}

static struct machine *boot_allocator(const char *name)
{
	struct mms_config cfg;
	char spec[64], err[512] = "";
	struct machine *m;

	snprintf(spec, sizeof(spec), "ram=1G cpus=2 slab=%s", name);
	bench_config(&cfg, spec);
	m = mms_machine_boot(&cfg, err, sizeof(err));
	if (!m)
		printf("%-40s (not available: %s)\n", name, err);
	return m;
}

static double pair_ns(struct machine *m, struct kmem_cache *s, unsigned long iters)
{
	uint64_t t0 = bench_now_ns();

	for (unsigned long i = 0; i < iters; i++) {
		uint64_t obj = kmem_cache_alloc(m, s, GFP_KERNEL);

		bench_keep(&obj);
		kmem_cache_free(m, s, obj);
	}
	return (double)(bench_now_ns() - t0) / (double)iters;
}

static double kmalloc_pairs_ns(struct machine *m, unsigned long iters)
{
	uint64_t t0 = bench_now_ns();

	for (unsigned long i = 0; i < iters; i++) {
		uint64_t obj = kmalloc(m, small_sizes[i % NSEQ], GFP_KERNEL);

		bench_keep(&obj);
		kfree(m, obj);
	}
	return (double)(bench_now_ns() - t0) / (double)iters;
}

static double malloc_pairs_ns(unsigned long iters)
{
	uint64_t t0 = bench_now_ns();

	for (unsigned long i = 0; i < iters; i++) {
		void *p = malloc(small_sizes[i % NSEQ]);

		bench_keep(p);
		free(p);
	}
	return (double)(bench_now_ns() - t0) / (double)iters;
}

static double kmalloc_batch_ns(struct machine *m, uint64_t *objs)
{
	uint64_t t0 = bench_now_ns();

	for (int i = 0; i < NSEQ; i++) {
		objs[i] = kmalloc(m, batch_sizes[i], GFP_KERNEL);
		if (!objs[i])
			bench_die("kmalloc(%u) failed", batch_sizes[i]);
	}
	for (int i = 0; i < NSEQ; i++)
		kfree(m, objs[shuffle[i]]);
	return (double)(bench_now_ns() - t0) / (2.0 * NSEQ);
}

static double malloc_batch_ns(void **ptrs)
{
	uint64_t t0 = bench_now_ns();

	for (int i = 0; i < NSEQ; i++) {
		ptrs[i] = malloc(batch_sizes[i]);
		bench_keep(ptrs[i]);
	}
	for (int i = 0; i < NSEQ; i++)
		free(ptrs[shuffle[i]]);
	return (double)(bench_now_ns() - t0) / (2.0 * NSEQ);
}

/* The overhead workload's sizes: mostly small, some pages' worth. */
static uint32_t overhead_size(uint64_t r)
{
	static const uint32_t base[] = { 8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512, 1024, 4096 };
	uint32_t b = base[r % (sizeof(base) / sizeof(base[0]))];

	return b > 16 ? b - (uint32_t)((r >> 8) % (b / 4)) : b;
}

static void bench_overhead(struct machine *m, const char *name)
{
	enum { NOBJ = 20000 };
	static uint64_t objs[NOBJ];
	unsigned long requested = 0, slab_kb;
	char what[96], note[96];

	seq_state = 0x9e3779b97f4a7c15ULL;
	for (int i = 0; i < NOBJ; i++) {
		uint32_t size = overhead_size(seq_next());

		objs[i] = kmalloc(m, size, GFP_KERNEL);
		if (!objs[i])
			bench_die("%s: kmalloc(%u) failed", name, size);
		requested += size;
	}
	slab_kb = (unsigned long)((global_node_page_state(m, NR_SLAB_RECLAIMABLE_B) +
				   global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B)) >> 10);
	snprintf(what, sizeof(what), "%s overhead: slab bytes per byte", name);
	snprintf(note, sizeof(note), "%lu KiB of slab for %lu KiB requested", slab_kb,
		 requested >> 10);
	bench_report(what, (double)slab_kb * 1024.0 / (double)requested, "B/B", note);
	for (int i = 0; i < NOBJ; i++)
		kfree(m, objs[i]);
}

/* Give every empty slab back (before counting pages). */
static void shrink_all_caches(struct machine *m)
{
	struct kmem_cache *c;

	list_for_each_entry(c, &m->slab->slab_caches, struct kmem_cache, list)
		kmem_cache_shrink(m, c);
}

static void bench_allocator(const char *name)
{
	static uint64_t objs[NSEQ];
	struct machine *m = boot_allocator(name);
	struct kmem_cache *s;
	unsigned long free0;
	double ns[REPS];
	char what[96];

	if (!m)
		return;
	s = kmem_cache_create(m, "bench64", 64, 0, SLAB_NO_MERGE, NULL);
	if (!s)
		bench_die("%s: kmem_cache_create failed", name);
	free0 = drained_free_pages(m);

	for (int r = 0; r < REPS; r++)
		ns[r] = pair_ns(m, s, scaled(20000000));
	snprintf(what, sizeof(what), "%s kmem_cache_alloc+free pair", name);
	report_reps(what, ns, REPS, !strcmp(name, "slub") ? "<= 15 ns" : NULL);

	for (int r = 0; r < REPS; r++)
		ns[r] = kmalloc_pairs_ns(m, scaled(10000000));
	snprintf(what, sizeof(what), "%s kmalloc+kfree 16..79 B", name);
	report_reps(what, ns, REPS, NULL);

	for (int r = 0; r < REPS; r++)
		ns[r] = kmalloc_batch_ns(m, objs);
	snprintf(what, sizeof(what), "%s kmalloc batch 8..2048 B, per op", name);
	report_reps(what, ns, REPS, NULL);

	bench_overhead(m, name);

	kmem_cache_destroy(m, s);
	shrink_all_caches(m);
	if (drained_free_pages(m) != free0)
		bench_die("%s: %lu pages free before, %lu after", name, free0,
			  drained_free_pages(m));
	mms_machine_free(m);
}

static void bench_glibc(void)
{
	static void *ptrs[NSEQ];
	double ns[REPS];

	for (int r = 0; r < REPS; r++)
		ns[r] = malloc_pairs_ns(scaled(10000000));
	report_reps("baseline: glibc malloc+free 16..79 B", ns, REPS, "anchor ~6 ns");
	for (int r = 0; r < REPS; r++)
		ns[r] = malloc_batch_ns(ptrs);
	report_reps("baseline: glibc batch 8..2048 B, per op", ns, REPS, NULL);
}

int main(int argc, char **argv)
{
	static const char *const allocators[] = { "slub", "slab", "slob" };

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0)
			quick = true;
		else
			bench_die("usage: %s [--quick]", argv[0]);
	}
	printf("# bench_slab: best of %d repetitions (median beside it), CLOCK_MONOTONIC; "
	       "host load %.2f, ~%.2f GHz%s\n", REPS, bench_loadavg(), bench_host_ghz(),
	       quick ? "; --quick" : "");
	make_sequences();
	bench_glibc();
	for (size_t i = 0; i < sizeof(allocators) / sizeof(allocators[0]); i++)
		bench_allocator(allocators[i]);
	return 0;
}
