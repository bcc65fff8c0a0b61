// SPDX-License-Identifier: MIT
/*
 * bench_mmu.c - the hardware layer's speed, in one run:
 *
 *   hit       mmu_translate (kernel read) of a 32-address working set
 *             of the direct map, every address in its own 4K page and
 *             every translation resident in the L1 dTLB (every way of the
 *             sets used holds one of them): where the direct map uses 4K
 *             pages (its first 2M), where it uses 2M pages and where it
 *             uses 1G pages.  Beside it the floor: a plain host-array read
 *             of the same offsets in the same loop shape, one byte per
 *             address.  Both again in a fixed pseudo-random order of the
 *             32 addresses (too long for the host's branch predictor to
 *             learn).  Then mmu_read of 8 bytes (translate + copy) over
 *             the 4K and the 2M set.
 *   miss      mmu_translate of a 64 MiB vmalloc area (16384 4K pages, a
 *             4-level walk each) visited in order, round and round: far
 *             larger than the STLB (1536 4K entries), so every access
 *             misses both TLB levels, walks and fills; mmu_walk alone over
 *             the same addresses; and invlpg + translate of one address
 *             of a 32-page set, next to invlpg alone.
 *   vmalloc   vmalloc(16 KiB) + vfree pairs (4 pages + a guard page each;
 *             the lazy purge and its TLB flush amortised in).
 *   kmap      on arch=i386 ram=2G: kmap + kunmap of one highmem page (its
 *             pkmap slot found again each time), of 2048 highmem pages
 *             in turn (a new slot each time, flush_all_zero_pkmaps every
 *             1024), and kmap_local_page + kunmap_local (fixmap set, clear
 *             and invlpg); kmap_local_page + an 8-byte mmu_read +
 *             kunmap_local (the read walks: the invlpg dropped the entry).
 *
 * Every timed loop is repeated; the best repetition is reported with the
 * median beside it.  No timing assertions: exit 0 unless the simulator
 * misbehaves (a translation that is wrong, a TLB that misses where it
 * must hit or hits where it must miss, pages lost).
 *
 * Usage: bench_mmu [--quick] [--only=hit|miss|vmalloc|kmap]
 *   --quick divides the iteration counts by 20 (for valgrind --tool=callgrind).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench_common.h"
#include "highmem.h"
#include "mmu.h"
#include "vmalloc.h"

#define NADDR 32		/* the hit working set (a power of two) */
#define NSEQ (1 << 20)	/* the random visiting order: too long to be learnt */

/* A fixed pseudo-random order of the NADDR addresses (xorshift64, fixed seed). */
static uint8_t rnd_seq[NSEQ];

static void rnd_seq_init(void)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL;

	for (int i = 0; i < NSEQ; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		rnd_seq[i] = (uint8_t)(x % NADDR);
	}
}

static bool quick;
static const char *only;

/* Keep a result alive without making it live in memory (bench_keep takes an address). */
static inline void keep_u64(uint64_t v)
{
	__asm__ volatile("" : : "r"(v));
}

static bool want(const char *section)
{
	return !only || strcmp(only, section) == 0;
}

static unsigned long scaled(unsigned long n)
{
	return quick ? (n / 20 ? n / 20 : 1) : n;
}

/* The page size the kernel page table maps @va with (a walk, no side effects). */
static int mapped_size(struct machine *m, uint64_t va, phys_addr_t *pa)
{
	struct mmu_walk w;
	uint64_t cycles = this_cpu(m)->cycles;
	struct tlb_stats st = this_cpu(m)->tlb.stats;
	int ret = mmu_walk(m, m->init_mm.pgd, va, ACCESS_READ, MODE_KERNEL, false, &w);

	this_cpu(m)->cycles = cycles;
	this_cpu(m)->tlb.stats = st;
	if (pa)
		*pa = w.pa;
	return ret ? -1 : (int)w.size;
}

static uint64_t tlb_l1d_misses(struct machine *m)
{
	return this_cpu(m)->tlb.stats.misses[TLB_L1D];
}

/* ------------------------------------------------------------------------
 * TLB hits.
 */

struct hit_set {
	const char *name;		/* "4K", "2M", "1G" */
	uint64_t va[NADDR];
	size_t off[NADDR];		/* va - the set's base: the floor's index */
	size_t span;
	uint8_t *host;			/* the floor's host array, span bytes */
};

/*
 * A working set in the direct map where it is mapped with @size pages, at
 * or above @from: NADDR addresses, each in its own 4K page, @per_big of
 * them in each large page used, the pages used @step pages apart (every
 * other one fills every way of half the sets: the hit way varies).
 * Returns false if the machine has no such part of the direct map.
 */
static bool hit_set_init(struct machine *m, struct hit_set *hs, const char *name,
			 enum tlb_page_size size, uint64_t from, unsigned int per_big,
			 unsigned int step)
{
	uint64_t big = 1ULL << m->tlb_shifts.shift[size];
	uint64_t po = m->arch->page_offset;
	uint64_t end = m->layout.high_memory;
	uint64_t nbig = (NADDR / per_big - 1) * step + 1;	/* large pages spanned */
	uint64_t stride = size == TLB_4K ? 0 : (big / per_big) & PAGE_MASK;
	uint64_t base;

	hs->name = name;
	for (base = po + from; base + nbig * big <= end; base += big) {
		bool ok = true;

		for (uint64_t j = 0; j < nbig && ok; j++)
			ok = mapped_size(m, base + j * big, NULL) == (int)size &&
			     mapped_size(m, base + j * big + big - 1, NULL) == (int)size;
		if (ok)
			break;
	}
	if (base + nbig * big > end)
		return false;
	for (unsigned int i = 0; i < NADDR; i++) {
		/* 4K page (i % per_big) of large page (i / per_big) * step, 8-aligned offset */
		uint64_t off = (uint64_t)(i / per_big) * step * big + (i % per_big) * stride +
			       ((i * 136u) & (PAGE_SIZE - 8));
		phys_addr_t pa;

		hs->va[i] = base + off;
		hs->off[i] = (size_t)off;
		if (mapped_size(m, hs->va[i], &pa) != (int)size || pa != hs->va[i] - po)
			bench_die("%s set: %#llx is not in the direct map", name,
				  (unsigned long long)hs->va[i]);
	}
	hs->span = hs->off[NADDR - 1] + 8;
	hs->host = calloc(1, hs->span);
	if (!hs->host)
		bench_die("out of host memory");
	for (unsigned int i = 0; i < NADDR; i++)
		hs->host[hs->off[i]] = (uint8_t)i;
	return true;
}

__attribute__((noinline))
static double translate_ns(struct machine *m, const uint64_t *va, unsigned long iters)
{
	uint64_t sum = 0, t0 = bench_now_ns();

	for (unsigned long i = 0; i < iters; i++) {
		phys_addr_t pa;

		if (__builtin_expect(mmu_translate(m, va[i & (NADDR - 1)], ACCESS_READ,
						   MODE_KERNEL, &pa, NULL), 0))
			bench_die("translation of %#llx failed",
				  (unsigned long long)va[i & (NADDR - 1)]);
		sum += pa;
	}
	keep_u64(sum);
	return (double)(bench_now_ns() - t0) / (double)iters;
}

__attribute__((noinline))
static double translate_rnd_ns(struct machine *m, const uint64_t *va, unsigned long iters)
{
	uint64_t sum = 0, t0 = bench_now_ns();

	for (unsigned long i = 0; i < iters; i++) {
		phys_addr_t pa;

		if (__builtin_expect(mmu_translate(m, va[rnd_seq[i & (NSEQ - 1)]], ACCESS_READ,
						   MODE_KERNEL, &pa, NULL), 0))
			bench_die("translation of %#llx failed",
				  (unsigned long long)va[rnd_seq[i & (NSEQ - 1)]]);
		sum += pa;
	}
	keep_u64(sum);
	return (double)(bench_now_ns() - t0) / (double)iters;
}

__attribute__((noinline))
static double floor_rnd_ns(const uint8_t *host, const size_t *off, unsigned long iters)
{
	uint64_t sum = 0, t0 = bench_now_ns();

	for (unsigned long i = 0; i < iters; i++) {
		sum += host[off[rnd_seq[i & (NSEQ - 1)]]];
		__asm__ volatile("" : "+r"(sum));	/* one read per iteration */
	}
	keep_u64(sum);
	return (double)(bench_now_ns() - t0) / (double)iters;
}

__attribute__((noinline))
static double floor_ns(const uint8_t *host, const size_t *off, unsigned long iters)
{
	uint64_t sum = 0, t0 = bench_now_ns();

	for (unsigned long i = 0; i < iters; i++) {
		sum += host[off[i & (NADDR - 1)]];
		__asm__ volatile("" : "+r"(sum));	/* one read per iteration */
	}
	keep_u64(sum);
	return (double)(bench_now_ns() - t0) / (double)iters;
}

__attribute__((noinline))
static double read8_ns(struct machine *m, const uint64_t *va, unsigned long iters)
{
	uint64_t sum = 0, t0 = bench_now_ns();

	for (unsigned long i = 0; i < iters; i++) {
		uint64_t v;

		if (__builtin_expect(mmu_read(m, va[i & (NADDR - 1)], &v, sizeof(v),
					      MODE_KERNEL), 0))
			bench_die("mmu_read of %#llx failed",
				  (unsigned long long)va[i & (NADDR - 1)]);
		sum += v;
	}
	keep_u64(sum);
	return (double)(bench_now_ns() - t0) / (double)iters;
}

static void bench_hit_one(struct machine *m, struct hit_set *hs, bool with_read)
{
	enum { REPS = 7 };
	unsigned long iters = scaled(10000000);
	double tr[REPS], fl[REPS], rd[REPS], trr[REPS], flr[REPS], best_tr, best_fl;
	uint64_t miss0;
	char name[64], note[160];

	/* Warm up: fill the TLB, then check every address hits with the right pa. */
	translate_ns(m, hs->va, scaled(100000));
	floor_ns(hs->host, hs->off, scaled(100000));
	if (with_read)
		read8_ns(m, hs->va, scaled(100000));
	for (unsigned int i = 0; i < NADDR; i++) {
		struct mmu_walk w;
		phys_addr_t pa;

		if (mmu_translate(m, hs->va[i], ACCESS_READ, MODE_KERNEL, &pa, &w) ||
		    !w.tlb_hit || pa != hs->va[i] - m->arch->page_offset)
			bench_die("%s set: %#llx does not hit the TLB with the right pa",
				  hs->name, (unsigned long long)hs->va[i]);
	}

	miss0 = tlb_l1d_misses(m);
	for (int r = 0; r < REPS; r++) {
		tr[r] = translate_ns(m, hs->va, iters);
		fl[r] = floor_ns(hs->host, hs->off, iters);
		trr[r] = translate_rnd_ns(m, hs->va, iters);
		flr[r] = floor_rnd_ns(hs->host, hs->off, iters);
		if (with_read)
			rd[r] = read8_ns(m, hs->va, iters);
	}
	if (tlb_l1d_misses(m) != miss0)
		bench_die("%s set: %llu L1 dTLB misses in the timed loops", hs->name,
			  (unsigned long long)(tlb_l1d_misses(m) - miss0));

	snprintf(name, sizeof(name), "translate hit, %s-mapped direct map", hs->name);
	report_reps(name, tr, REPS, "<= 5 ns, >= 200 M/s");
	snprintf(name, sizeof(name), "floor: host array read, %s set", hs->name);
	report_reps(name, fl, REPS, NULL);
	best_tr = bench_best(tr, REPS);
	best_fl = bench_best(fl, REPS);
	snprintf(name, sizeof(name), "translate hit %s: M translations/s", hs->name);
	bench_report(name, 1e3 / best_tr, "M/s", "from the best repetition");
	snprintf(name, sizeof(name), "translate hit %s / floor ratio", hs->name);
	snprintf(note, sizeof(note), "best translate / best floor");
	bench_report(name, best_tr / best_fl, "x", note);
	snprintf(name, sizeof(name), "translate hit %s, random order", hs->name);
	report_reps(name, trr, REPS, NULL);
	snprintf(name, sizeof(name), "floor: host array read, %s, random", hs->name);
	report_reps(name, flr, REPS, NULL);
	if (with_read) {
		snprintf(name, sizeof(name), "mmu_read 8 bytes, %s set (TLB hit)", hs->name);
		report_reps(name, rd, REPS, NULL);
	}
}

static void bench_hit_section(struct machine *m)
{
	struct hit_set hs4k, hs2m, hs1g;

	/*
	 * The direct map's head is 4K-mapped up to the first 2M: every other
	 * page of [1M, 1M + 256K), 4 pages in each of 8 of the L1 dTLB's 16
	 * sets (4 ways).
	 */
	if (!hit_set_init(m, &hs4k, "4K", TLB_4K, 1ULL << 20, 1, 2))
		bench_die("no 4K-mapped direct map");
	bench_hit_one(m, &hs4k, true);
	/* Every other 2M page of 32, 2 addresses in each: 4 in each of 4 of 8 sets. */
	if (!hit_set_init(m, &hs2m, "2M", TLB_2M, 64ULL << 20, 2, 2))
		bench_die("no 2M-mapped direct map");
	bench_hit_one(m, &hs2m, true);
	/* 2 1G pages, 16 addresses in each (L1 dTLB 1G: 4 entries). */
	if (hit_set_init(m, &hs1g, "1G", TLB_1G, 0, 16, 1)) {
		bench_hit_one(m, &hs1g, false);
		free(hs1g.host);
	} else {
		printf("# no 1G-mapped direct map on this machine: 1G hits not measured\n");
	}
	free(hs4k.host);
	free(hs2m.host);
}

/* ------------------------------------------------------------------------
 * TLB misses: full walks.
 */

__attribute__((noinline))
static double translate_range_ns(struct machine *m, uint64_t base, unsigned long npages,
				 unsigned long iters)
{
	uint64_t sum = 0, t0 = bench_now_ns();
	unsigned long p = 0;

	for (unsigned long i = 0; i < iters; i++) {
		phys_addr_t pa;

		if (__builtin_expect(mmu_translate(m, base + (p << PAGE_SHIFT) + 8,
						   ACCESS_READ, MODE_KERNEL, &pa, NULL), 0))
			bench_die("translation of vmalloc page %lu failed", p);
		sum += pa;
		if (++p == npages)
			p = 0;
	}
	keep_u64(sum);
	return (double)(bench_now_ns() - t0) / (double)iters;
}

__attribute__((noinline))
static double walk_range_ns(struct machine *m, uint64_t base, unsigned long npages,
			    unsigned long iters)
{
	uint64_t sum = 0, t0 = bench_now_ns();
	phys_addr_t cr3 = this_cpu(m)->cr3;
	unsigned long p = 0;

	for (unsigned long i = 0; i < iters; i++) {
		struct mmu_walk w;

		if (__builtin_expect(mmu_walk(m, cr3, base + (p << PAGE_SHIFT) + 8,
					      ACCESS_READ, MODE_KERNEL, true, &w), 0))
			bench_die("walk of vmalloc page %lu failed", p);
		sum += w.pa;
		if (++p == npages)
			p = 0;
	}
	keep_u64(sum);
	return (double)(bench_now_ns() - t0) / (double)iters;
}

__attribute__((noinline))
static double invlpg_translate_ns(struct machine *m, uint64_t base, unsigned long iters,
				  bool translate)
{
	struct tlb *tlb = &this_cpu(m)->tlb;
	uint64_t sum = 0, t0 = bench_now_ns();

	for (unsigned long i = 0; i < iters; i++) {
		uint64_t va = base + ((i & (NADDR - 1)) << PAGE_SHIFT) + 8;
		phys_addr_t pa = 0;

		tlb_flush_one(tlb, &m->tlb_shifts, va);
		if (translate &&
		    __builtin_expect(mmu_translate(m, va, ACCESS_READ, MODE_KERNEL, &pa,
						   NULL), 0))
			bench_die("translation of %#llx failed", (unsigned long long)va);
		sum += pa;
	}
	keep_u64(sum);
	return (double)(bench_now_ns() - t0) / (double)iters;
}

static void bench_miss_section(struct machine *m)
{
	enum { REPS = 5 };
	const unsigned long npages = 16384;	/* 64 MiB: >10x the STLB */
	unsigned long iters = scaled(16 * npages);
	unsigned long free_before;
	struct tlb_stats *st = &this_cpu(m)->tlb.stats;
	double tr[REPS], wk[REPS], fi[REPS], fo[REPS];
	uint64_t base, walks0, stlb0, hits0;
	char note[160];

	/*
	 * The kernel page table keeps the tables a vmalloc allocates (as
	 * Linux does): allocate and free the area once first, so that the
	 * free-page count is taken with them in place.
	 */
	vfree(m, vmalloc(m, npages << PAGE_SHIFT));
	purge_vmap_area_lazy(m);
	free_before = drained_free_pages(m);
	base = vmalloc(m, npages << PAGE_SHIFT);
	if (!base)
		bench_die("vmalloc of %lu pages failed", npages);
	if (mapped_size(m, base, NULL) != TLB_4K)
		bench_die("the vmalloc area is not 4K-mapped");

	/* Warm up, then check: every translation a walk, none a hit. */
	translate_range_ns(m, base, npages, npages);
	walk_range_ns(m, base, npages, npages);
	walks0 = st->walks;
	stlb0 = st->misses[TLB_STLB];
	hits0 = st->hits[TLB_L1D] + st->hits[TLB_STLB];
	translate_range_ns(m, base, npages, iters);
	if (st->walks - walks0 != iters || st->misses[TLB_STLB] - stlb0 != iters ||
	    st->hits[TLB_L1D] + st->hits[TLB_STLB] != hits0)
		bench_die("miss loop: %llu walks, %llu STLB misses, %llu hits for %lu translations",
			  (unsigned long long)(st->walks - walks0),
			  (unsigned long long)(st->misses[TLB_STLB] - stlb0),
			  (unsigned long long)(st->hits[TLB_L1D] + st->hits[TLB_STLB] - hits0),
			  iters);
	invlpg_translate_ns(m, base, scaled(100000), true);
	invlpg_translate_ns(m, base, scaled(100000), false);

	for (int r = 0; r < REPS; r++) {
		tr[r] = translate_range_ns(m, base, npages, iters);
		wk[r] = walk_range_ns(m, base, npages, iters);
		fi[r] = invlpg_translate_ns(m, base, iters, true);
		fo[r] = invlpg_translate_ns(m, base, iters, false);
	}
	vfree(m, base);
	purge_vmap_area_lazy(m);
	check_machine_intact(m, free_before, "miss section");

	snprintf(note, sizeof(note), "%lu 4K pages in turn, x86_64 4-level", npages);
	bench_report("# translate miss working set", (double)npages * PAGE_SIZE / (1 << 20),
		     "MiB", note);
	report_reps("translate miss: STLB miss + walk + fill", tr, REPS, NULL);
	report_reps("mmu_walk alone (4 levels, A bits set)", wk, REPS, NULL);
	report_reps("invlpg + translate (walk + fill)", fi, REPS, NULL);
	report_reps("invlpg alone", fo, REPS, NULL);
	snprintf(note, sizeof(note), "best invlpg+translate - best invlpg");
	bench_report("translate miss after invlpg, net",
		     bench_best(fi, REPS) - bench_best(fo, REPS), "ns/op", note);
}

/* ------------------------------------------------------------------------
 * vmalloc + vfree.
 */

__attribute__((noinline))
static double vmalloc_pairs_ns(struct machine *m, size_t size, unsigned long iters)
{
	uint64_t t0 = bench_now_ns();

	for (unsigned long i = 0; i < iters; i++) {
		uint64_t va = vmalloc(m, size);

		if (__builtin_expect(!va, 0))
			bench_die("vmalloc(%zu) failed", size);
		vfree(m, va);
	}
	return (double)(bench_now_ns() - t0) / (double)iters;
}

static void bench_vmalloc_section(struct machine *m)
{
	enum { REPS = 5 };
	const size_t size = 16 << 10;
	/* a whole number of lazy purges: 5 pages (4 + guard) per pair */
	unsigned long per_purge = lazy_max_pages(m) / 5 + 1;
	unsigned long iters = quick ? per_purge : 8 * per_purge;
	unsigned long free_before, purges0;
	double ns[REPS];
	char note[160];

	/* Warm up: a purge cycle, its page tables allocated (they stay). */
	vmalloc_pairs_ns(m, size, per_purge);
	purge_vmap_area_lazy(m);
	free_before = drained_free_pages(m);
	purges0 = m->vmalloc->nr_purges;
	for (int r = 0; r < REPS; r++)
		ns[r] = vmalloc_pairs_ns(m, size, iters);
	snprintf(note, sizeof(note), "%lu lazy purges in %lu pairs",
		 m->vmalloc->nr_purges - purges0, REPS * iters);
	purge_vmap_area_lazy(m);
	check_machine_intact(m, free_before, "vmalloc pairs");
	report_reps("vmalloc(16 KiB) + vfree pair", ns, REPS, NULL);
	printf("#   %s\n", note);
}

/* ------------------------------------------------------------------------
 * kmap on i386.
 */

__attribute__((noinline))
static double kmap_pairs_ns(struct machine *m, struct page **pages, unsigned long n,
			    unsigned long iters)
{
	uint64_t t0 = bench_now_ns();
	unsigned long p = 0;

	for (unsigned long i = 0; i < iters; i++) {
		uint64_t va = kmap(m, pages[p]);

		if (__builtin_expect(!va, 0))
			bench_die("kmap failed");
		kunmap(m, pages[p]);
		if (++p == n)
			p = 0;
	}
	return (double)(bench_now_ns() - t0) / (double)iters;
}

__attribute__((noinline))
static double kmap_local_pairs_ns(struct machine *m, struct page *page, unsigned long iters,
				  bool read)
{
	uint64_t sum = 0, t0 = bench_now_ns();

	for (unsigned long i = 0; i < iters; i++) {
		uint64_t va = kmap_local_page(m, page), v = 0;

		if (__builtin_expect(!va, 0))
			bench_die("kmap_local_page failed");
		if (read && __builtin_expect(mmu_read(m, va + 8, &v, sizeof(v), MODE_KERNEL), 0))
			bench_die("mmu_read through kmap_local failed");
		sum += v;
		kunmap_local(m, va);
	}
	keep_u64(sum);
	return (double)(bench_now_ns() - t0) / (double)iters;
}

static void bench_kmap_section(void)
{
	enum { REPS = 5, NPAGES = 2048 };
	struct machine *m = bench_boot("arch=i386 ram=2G");
	unsigned long free_before = drained_free_pages(m);
	unsigned long iters = scaled(2000000), iters_rot = scaled(40 * 1024);
	double one[REPS], rot[REPS], loc[REPS], locr[REPS];
	struct page **pages = calloc(NPAGES, sizeof(*pages));
	unsigned long flushes0;
	char note[160];

	if (!pages)
		bench_die("out of host memory");
	for (int i = 0; i < NPAGES; i++) {
		pages[i] = alloc_pages(m, GFP_HIGHUSER, 0);
		if (!pages[i] || page_zonenum(pages[i]) != ZONE_HIGHMEM)
			bench_die("no highmem page %d", i);
	}
	/* Warm up; a kmap_local address must read the page's own bytes. */
	memset(page_address_host(m, pages[0]), 0x5a, PAGE_SIZE);
	kmap_pairs_ns(m, pages, 1, scaled(10000));
	kmap_pairs_ns(m, pages, NPAGES, scaled(4096));
	kmap_local_pairs_ns(m, pages[0], scaled(10000), false);
	{
		uint64_t va = kmap_local_page(m, pages[0]), v = 0;

		if (mmu_read(m, va, &v, sizeof(v), MODE_KERNEL) || v != 0x5a5a5a5a5a5a5a5aULL)
			bench_die("kmap_local_page: wrong bytes through %#llx",
				  (unsigned long long)va);
		kunmap_local(m, va);
	}
	flushes0 = m->pkmap->flushes;
	for (int r = 0; r < REPS; r++) {
		one[r] = kmap_pairs_ns(m, pages, 1, iters);
		rot[r] = kmap_pairs_ns(m, pages, NPAGES, iters_rot);
		loc[r] = kmap_local_pairs_ns(m, pages[0], iters, false);
		locr[r] = kmap_local_pairs_ns(m, pages[0], iters, true);
	}
	snprintf(note, sizeof(note), "%lu flush_all_zero_pkmaps in %lu rotating pairs",
		 m->pkmap->flushes - flushes0, REPS * iters_rot);
	if (m->pkmap->waits)
		bench_die("kmap: %lu waits for a free pkmap slot", m->pkmap->waits);
	for (int i = 0; i < NPAGES; i++)
		__free_pages(m, pages[i], 0);
	free(pages);
	check_machine_intact(m, free_before, "kmap");
	mms_machine_free(m);

	report_reps("i386 kmap + kunmap, same page", one, REPS, NULL);
	report_reps("i386 kmap + kunmap, 2048 pages in turn", rot, REPS, NULL);
	printf("#   %s\n", note);
	report_reps("i386 kmap_local_page + kunmap_local", loc, REPS, NULL);
	report_reps("i386 kmap_local + 8-byte read + kunmap", locr, REPS, NULL);
}

int main(int argc, char **argv)
{
	struct machine *m;

	rnd_seq_init();
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--quick") == 0)
			quick = true;
		else if (strncmp(argv[i], "--only=", 7) == 0)
			only = argv[i] + 7;
		else
			bench_die("usage: %s [--quick] [--only=hit|miss|vmalloc|kmap]", argv[0]);
	}
	printf("# bench_mmu: best of N repetitions (median beside it), CLOCK_MONOTONIC; "
	       "host load %.2f, ~%.2f GHz%s\n", bench_loadavg(), bench_host_ghz(),
	       quick ? "; --quick" : "");

	m = bench_boot("ram=4G");
	printf("# x86_64 ram=4G: direct map %lu x 4K, %lu x 2M, %lu x 1G; caches %s\n",
	       m->direct_pages_count[0], m->direct_pages_count[1], m->direct_pages_count[2],
	       m->caches_enabled ? "on" : "off");
	if (want("hit"))
		bench_hit_section(m);
	if (want("miss"))
		bench_miss_section(m);
	if (want("vmalloc"))
		bench_vmalloc_section(m);
	if (m->tlb_stale_hits)
		bench_die("%lu stale TLB hits", m->tlb_stale_hits);
	mms_machine_free(m);

	if (want("kmap"))
		bench_kmap_section();
	return 0;
}
