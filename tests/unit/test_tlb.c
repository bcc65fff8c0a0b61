// SPDX-License-Identifier: MIT
/*
 * test_tlb.c - unit tests for src/hw/tlb.c, the per-CPU TLBs.
 *
 * Each test gets a TLB of the default geometry (setup/teardown) and drives
 * it through tlb_lookup / tlb_insert / the flushes, checking what hits,
 * at which level (through the exact stats), and which arrays hold what
 * (by reading the arrays, which does not disturb LRU order).
 *
 * Default geometry, the numbers the tests rely on: L1 dTLB 4K 16 sets x 4
 * ways, 2M 8x4, 1G 1x4; L1 iTLB 4K 16x8, 2M 1x8, no 1G; STLB 4K 128x12,
 * 2M 128x12, 1G 4x4.
 */
#include "helpers.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tlb.h"

#define SZ_4K	0x1000ULL
#define SZ_2M	0x200000ULL
#define SZ_4M	0x400000ULL
#define SZ_1G	0x40000000ULL

static const struct tlb_shifts sh64 = { { 12, 21, 30 } };	/* x86_64 */
static const struct tlb_shifts sh32 = { { 12, 22, 0 } };	/* i386 non-PAE: 4M */

#define RW_USER (TLBF_WRITE | TLBF_USER)

/* ---------------------------------------------------------------- fixture */

static int setup(void **state)
{
	struct tlb_config cfg;
	struct tlb *tlb = calloc(1, sizeof(*tlb));

	if (!tlb)
		return -1;
	tlb_default_geometry(&cfg);
	if (tlb_init(tlb, &cfg)) {
		free(tlb);
		return -1;
	}
	*state = tlb;
	return 0;
}

static int teardown(void **state)
{
	struct tlb *tlb = *state;

	tlb_release(tlb);
	free(tlb);
	return 0;
}

/* How many valid entries of array [@lvl][@size] hold page @vpn for @pcid. */
static int held(const struct tlb *tlb, int lvl, int size, uint64_t vpn, uint16_t pcid)
{
	const struct tlb_array *a = &tlb->a[lvl][size];
	int n = 0;

	for (size_t i = 0; i < (size_t)a->g.sets * a->g.ways; i++) {
		const struct tlb_entry *e = &a->e[i];

		if ((e->flags & TLBF_VALID) && e->vpn == vpn &&
		    (e->pcid == pcid || (e->flags & TLBF_GLOBAL)))
			n++;
	}
	return n;
}

/* Valid entries in array [@lvl][@size]. */
static int population(const struct tlb *tlb, int lvl, int size)
{
	const struct tlb_array *a = &tlb->a[lvl][size];
	int n = 0;

	for (size_t i = 0; i < (size_t)a->g.sets * a->g.ways; i++)
		n += !!(a->e[i].flags & TLBF_VALID);
	/* the count that lets lookups skip an empty array agrees */
	assert_int_equal(a->nr_valid, n);
	return n;
}

static void ins4k(struct tlb *tlb, uint64_t va, uint16_t pcid, uint64_t pfn,
		  uint8_t flags, bool instr)
{
	tlb_insert(tlb, &sh64, va, pcid, TLB_4K, pfn, flags, instr);
}

static struct tlb_entry *dlook(struct tlb *tlb, uint64_t va, uint16_t pcid)
{
	return tlb_lookup(tlb, &sh64, va, pcid, false);
}

static struct tlb_entry *ilook(struct tlb *tlb, uint64_t va, uint16_t pcid)
{
	return tlb_lookup(tlb, &sh64, va, pcid, true);
}

/* ------------------------------------------------------------ the basics */

static void test_default_geometry(void **state)
{
	struct tlb_config cfg;
	struct tlb *tlb = *state;

	tlb_default_geometry(&cfg);
	assert_int_equal(cfg.g[TLB_L1D][TLB_4K].sets, 16);
	assert_int_equal(cfg.g[TLB_L1D][TLB_4K].ways, 4);
	assert_int_equal(cfg.g[TLB_L1D][TLB_2M].sets * cfg.g[TLB_L1D][TLB_2M].ways, 32);
	assert_int_equal(cfg.g[TLB_L1D][TLB_1G].sets, 1);
	assert_int_equal(cfg.g[TLB_L1D][TLB_1G].ways, 4);
	assert_int_equal(cfg.g[TLB_L1I][TLB_4K].sets * cfg.g[TLB_L1I][TLB_4K].ways, 128);
	assert_int_equal(cfg.g[TLB_L1I][TLB_2M].sets, 1);
	assert_int_equal(cfg.g[TLB_L1I][TLB_2M].ways, 8);
	assert_int_equal(cfg.g[TLB_L1I][TLB_1G].ways, 0);
	assert_int_equal(cfg.g[TLB_STLB][TLB_4K].sets, 128);
	assert_int_equal(cfg.g[TLB_STLB][TLB_4K].ways, 12);
	assert_int_equal(cfg.g[TLB_STLB][TLB_2M].sets * cfg.g[TLB_STLB][TLB_2M].ways, 1536);
	assert_int_equal(cfg.g[TLB_STLB][TLB_1G].sets * cfg.g[TLB_STLB][TLB_1G].ways, 16);

	/* tlb_init copied it and starts empty */
	assert_int_equal(tlb->a[TLB_STLB][TLB_4K].g.sets, 128);
	assert_null(tlb->a[TLB_L1I][TLB_1G].e);
	for (int l = 0; l < TLB_NR_LEVELS; l++)
		for (int s = 0; s < TLB_NR_SIZES; s++)
			assert_int_equal(population(tlb, l, s), 0);
}

static void test_miss_then_hit(void **state)
{
	struct tlb *tlb = *state;
	uint64_t va = 0x7f0000001234ULL;
	struct tlb_entry *e;

	assert_null(dlook(tlb, va, 1));
	assert_int_equal(tlb->stats.misses[TLB_L1D], 1);
	assert_int_equal(tlb->stats.misses[TLB_STLB], 1);

	ins4k(tlb, va, 1, 0x42, RW_USER, false);
	e = dlook(tlb, va, 1);
	assert_non_null(e);
	assert_int_equal(e->vpn, va >> 12);
	assert_int_equal(e->pfn, 0x42);
	assert_int_equal(e->pcid, 1);
	assert_int_equal(e->size, TLB_4K);
	assert_int_equal(e->flags, TLBF_VALID | RW_USER);	/* insert sets VALID */
	assert_int_equal(tlb->stats.hits[TLB_L1D], 1);

	/* anywhere in the page, not in the next one */
	assert_non_null(dlook(tlb, va & ~0xfffULL, 1));
	assert_non_null(dlook(tlb, va | 0xfff, 1));
	assert_null(dlook(tlb, (va | 0xfff) + 1, 1));
	assert_null(dlook(tlb, (va & ~0xfffULL) - 1, 1));
	assert_int_equal(tlb->stats.hits[TLB_L1D], 3);
	assert_int_equal(tlb->stats.misses[TLB_L1D], 3);
	assert_int_equal(tlb->stats.hits[TLB_STLB], 0);
	assert_int_equal(tlb->stats.misses[TLB_STLB], 3);

	/* the walk's result went to the L1 dTLB and the STLB, not the iTLB */
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, va >> 12, 1), 1);
	assert_int_equal(held(tlb, TLB_STLB, TLB_4K, va >> 12, 1), 1);
	assert_int_equal(held(tlb, TLB_L1I, TLB_4K, va >> 12, 1), 0);
}

/* A second insert of the same page (say, after the walk set D) replaces it. */
static void test_insert_replaces(void **state)
{
	struct tlb *tlb = *state;
	uint64_t va = 0x5000;
	struct tlb_entry *e;

	ins4k(tlb, va, 3, 0x100, TLBF_USER, false);
	ins4k(tlb, va, 3, 0x100, TLBF_USER | TLBF_WRITE | TLBF_DIRTY, false);
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, va >> 12, 3), 1);
	assert_int_equal(held(tlb, TLB_STLB, TLB_4K, va >> 12, 3), 1);
	e = dlook(tlb, va, 3);
	assert_non_null(e);
	assert_true(e->flags & TLBF_DIRTY);
	assert_int_equal(population(tlb, TLB_L1D, TLB_4K), 1);
	assert_int_equal(population(tlb, TLB_STLB, TLB_4K), 1);
}

/* ------------------------------------------------- associativity and LRU */

/* Page k of the pages that share L1 dTLB 4K set 0 (and distinct STLB sets). */
static uint64_t l1set0(int k)
{
	return (uint64_t)k * 16 * SZ_4K;
}

static void test_lru_eviction(void **state)
{
	struct tlb *tlb = *state;
	struct tlb_entry *e;

	for (int k = 0; k < 5; k++)
		ins4k(tlb, l1set0(k), 1, 0x1000 + k, 0, false);

	/* 4 ways: the first one (least recently used) left L1 ... */
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, l1set0(0) >> 12, 1), 0);
	for (int k = 1; k < 5; k++)
		assert_int_equal(held(tlb, TLB_L1D, TLB_4K, l1set0(k) >> 12, 1), 1);
	assert_int_equal(population(tlb, TLB_L1D, TLB_4K), 4);
	/* ... but not the STLB */
	assert_int_equal(population(tlb, TLB_STLB, TLB_4K), 5);

	/* an L1 miss, an STLB hit, which refills L1 over the next LRU (k=1) */
	e = dlook(tlb, l1set0(0), 1);
	assert_non_null(e);
	assert_int_equal(e->pfn, 0x1000);
	assert_int_equal(tlb->stats.misses[TLB_L1D], 1);
	assert_int_equal(tlb->stats.hits[TLB_STLB], 1);
	assert_int_equal(tlb->stats.hits[TLB_L1D], 0);
	/* the entry returned is L1's copy */
	assert_true(e >= tlb->a[TLB_L1D][TLB_4K].e &&
		    e < tlb->a[TLB_L1D][TLB_4K].e + 64);
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, l1set0(0) >> 12, 1), 1);
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, l1set0(1) >> 12, 1), 0);

	/* now an L1 hit */
	assert_non_null(dlook(tlb, l1set0(0), 1));
	assert_int_equal(tlb->stats.hits[TLB_L1D], 1);
	assert_int_equal(tlb->stats.hits[TLB_STLB], 1);

	/* k=2 still in L1, k=1 only in the STLB */
	assert_non_null(dlook(tlb, l1set0(2), 1));
	assert_int_equal(tlb->stats.hits[TLB_L1D], 2);
	assert_non_null(dlook(tlb, l1set0(1), 1));
	assert_int_equal(tlb->stats.misses[TLB_L1D], 2);
	assert_int_equal(tlb->stats.hits[TLB_STLB], 2);
	/* that refill evicted k=3, the LRU after k=2 was used */
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, l1set0(3) >> 12, 1), 0);
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, l1set0(2) >> 12, 1), 1);
}

/* A hit makes an entry most recently used: the next LRU goes instead. */
static void test_lru_hit_reorders(void **state)
{
	struct tlb *tlb = *state;

	for (int k = 0; k < 4; k++)
		ins4k(tlb, l1set0(k), 1, k, 0, false);
	assert_non_null(dlook(tlb, l1set0(0), 1));
	assert_non_null(dlook(tlb, l1set0(1), 1));
	ins4k(tlb, l1set0(4), 1, 4, 0, false);
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, l1set0(2) >> 12, 1), 0);
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, l1set0(0) >> 12, 1), 1);
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, l1set0(1) >> 12, 1), 1);
	ins4k(tlb, l1set0(5), 1, 5, 0, false);
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, l1set0(3) >> 12, 1), 0);
}

/* An invalidated way is refilled before any valid one is evicted. */
static void test_invalid_way_first(void **state)
{
	struct tlb *tlb = *state;

	for (int k = 0; k < 4; k++)
		ins4k(tlb, l1set0(k), 1, k, 0, false);
	tlb_flush_one(tlb, &sh64, l1set0(2));
	ins4k(tlb, l1set0(4), 1, 4, 0, false);
	for (int k = 0; k < 5; k++)
		assert_int_equal(held(tlb, TLB_L1D, TLB_4K, l1set0(k) >> 12, 1), k != 2);
}

/* 13 pages in one 12-way STLB set: the first is gone from every level. */
static void test_stlb_eviction(void **state)
{
	struct tlb *tlb = *state;

	for (int k = 0; k < 13; k++)
		ins4k(tlb, (uint64_t)k * 128 * SZ_4K, 0, k, 0, false);
	assert_int_equal(population(tlb, TLB_STLB, TLB_4K), 12);
	assert_int_equal(held(tlb, TLB_STLB, TLB_4K, 0, 0), 0);
	assert_null(dlook(tlb, 0, 0));
	assert_int_equal(tlb->stats.misses[TLB_L1D], 1);
	assert_int_equal(tlb->stats.misses[TLB_STLB], 1);
	/* k=1 left L1 (set 0 of 4 ways) but is in the STLB */
	assert_non_null(dlook(tlb, 128 * SZ_4K, 0));
	assert_int_equal(tlb->stats.hits[TLB_STLB], 1);
	/* k=12 is in L1 */
	assert_non_null(dlook(tlb, 12 * 128 * SZ_4K, 0));
	assert_int_equal(tlb->stats.hits[TLB_L1D], 1);
}

/* The 32-bit LRU clock wraps; the order of the set must survive it. */
static void test_lru_clock_wrap(void **state)
{
	struct tlb *tlb = *state;
	struct tlb_array *a = &tlb->a[TLB_L1D][TLB_4K];

	a->clock = UINT32_MAX - 5;
	for (int k = 0; k < 4; k++)			/* stamps MAX-4 .. MAX-1 */
		ins4k(tlb, l1set0(k), 1, k, 0, false);
	assert_non_null(dlook(tlb, l1set0(0), 1));	/* MAX */
	assert_non_null(dlook(tlb, l1set0(1), 1));	/* wraps */
	assert_true(a->clock <= 64 + 1);		/* renumbered: small again */
	/* order, oldest first: 2, 3, 0, 1 */
	ins4k(tlb, l1set0(4), 1, 4, 0, false);
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, l1set0(2) >> 12, 1), 0);
	ins4k(tlb, l1set0(5), 1, 5, 0, false);
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, l1set0(3) >> 12, 1), 0);
	ins4k(tlb, l1set0(6), 1, 6, 0, false);
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, l1set0(0) >> 12, 1), 0);
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, l1set0(1) >> 12, 1), 1);
	assert_int_equal(population(tlb, TLB_L1D, TLB_4K), 4);
}

/* ------------------------------------------------------------ page sizes */

static void test_2m_entry_covers_512_pages(void **state)
{
	struct tlb *tlb = *state;
	uint64_t base = 5 * SZ_1G + 3 * SZ_2M;

	tlb_insert(tlb, &sh64, base + 0x1234, 1, TLB_2M, 0x80200, RW_USER, false);
	assert_int_equal(population(tlb, TLB_L1D, TLB_2M), 1);
	assert_int_equal(population(tlb, TLB_STLB, TLB_2M), 1);
	assert_int_equal(population(tlb, TLB_L1D, TLB_4K), 0);
	for (int i = 0; i < 512; i++) {
		struct tlb_entry *e = dlook(tlb, base + (uint64_t)i * SZ_4K + 7, 1);

		assert_non_null(e);
		assert_int_equal(e->size, TLB_2M);
		assert_int_equal(e->vpn, base >> 21);
		assert_int_equal(e->pfn, 0x80200);
	}
	assert_int_equal(tlb->stats.hits[TLB_L1D], 512);
	assert_int_equal(tlb->stats.misses[TLB_L1D], 0);
	assert_null(dlook(tlb, base + SZ_2M, 1));
	assert_null(dlook(tlb, base - 1, 1));
	/* the 4K arrays were not touched */
	assert_int_equal(population(tlb, TLB_L1D, TLB_4K), 0);
	assert_int_equal(population(tlb, TLB_STLB, TLB_4K), 0);
}

/* i386 without PAE: the TLB_2M arrays hold 4M pages (shift 22). */
static void test_4m_entry(void **state)
{
	struct tlb *tlb = *state;
	struct tlb_entry *e;

	tlb_insert(tlb, &sh32, 3 * SZ_4M, 0, TLB_2M, 3 * 1024, TLBF_WRITE, false);
	e = tlb_lookup(tlb, &sh32, 3 * SZ_4M + SZ_4M - 1, 0, false);
	assert_non_null(e);
	assert_int_equal(e->size, TLB_2M);
	assert_int_equal(e->vpn, 3);
	assert_non_null(tlb_lookup(tlb, &sh32, 3 * SZ_4M + SZ_2M, 0, false));
	assert_null(tlb_lookup(tlb, &sh32, 4 * SZ_4M, 0, false));
}

static void test_1g_entry(void **state)
{
	struct tlb *tlb = *state;
	struct tlb_entry *e;

	tlb_insert(tlb, &sh64, 3 * SZ_1G, 1, TLB_1G, 0xc0000, RW_USER | TLBF_GLOBAL, false);
	assert_int_equal(population(tlb, TLB_L1D, TLB_1G), 1);
	assert_int_equal(population(tlb, TLB_STLB, TLB_1G), 1);
	e = dlook(tlb, 3 * SZ_1G, 1);
	assert_non_null(e);
	assert_int_equal(e->size, TLB_1G);
	e = dlook(tlb, 4 * SZ_1G - 1, 9);	/* global: any pcid */
	assert_non_null(e);
	assert_int_equal(e->pfn, 0xc0000);
	assert_null(dlook(tlb, 4 * SZ_1G, 1));
	assert_int_equal(tlb->stats.hits[TLB_L1D], 2);

	/* a 4K and a 2M entry elsewhere do not disturb it */
	ins4k(tlb, 0x1000, 1, 1, 0, false);
	tlb_insert(tlb, &sh64, SZ_2M, 1, TLB_2M, 0x200, 0, false);
	assert_int_equal(dlook(tlb, 3 * SZ_1G + 12345, 1)->size, TLB_1G);
	assert_int_equal(dlook(tlb, SZ_2M + 12345, 1)->size, TLB_2M);
	assert_int_equal(dlook(tlb, 0x1fff, 1)->size, TLB_4K);
}

/* ---------------------------------------------------------------- PCIDs */

static void test_pcid_tagging(void **state)
{
	struct tlb *tlb = *state;
	uint64_t va = 0x400000, kva = 0xffffffff81000000ULL;

	ins4k(tlb, va, 1, 0x10, RW_USER, false);
	assert_null(dlook(tlb, va, 2));
	assert_non_null(dlook(tlb, va, 1));

	/* the same page for pcid 2 is a separate entry */
	ins4k(tlb, va, 2, 0x20, RW_USER, false);
	assert_int_equal(dlook(tlb, va, 1)->pfn, 0x10);
	assert_int_equal(dlook(tlb, va, 2)->pfn, 0x20);
	assert_int_equal(population(tlb, TLB_L1D, TLB_4K), 2);

	/* a global entry hits for any pcid */
	ins4k(tlb, kva, 1, 0x1000, TLBF_WRITE | TLBF_GLOBAL, false);
	for (int pcid = 0; pcid < 4096; pcid += 511)
		assert_int_equal(dlook(tlb, kva, (uint16_t)pcid)->pfn, 0x1000);
}

/* ---------------------------------------------------------------- flushes */

struct flush_fixture {
	uint64_t va, va2, kva, hva;
};

/*
 * pcid 1 and pcid 2 both map va; pcid 1 maps va2; a global kernel page;
 * pcid 2 maps a 2M page at hva.  Data and instruction sides.
 */
static struct flush_fixture populate(struct tlb *tlb)
{
	struct flush_fixture f = { 0x400000, 0x401000, 0xffffffff81000000ULL,
				   0x7f0000200000ULL };

	ins4k(tlb, f.va, 1, 0x10, RW_USER, false);
	ins4k(tlb, f.va, 2, 0x20, RW_USER, false);
	ins4k(tlb, f.va2, 1, 0x11, RW_USER, true);
	ins4k(tlb, f.kva, 1, 0x1000, TLBF_GLOBAL, false);
	ins4k(tlb, f.kva, 1, 0x1000, TLBF_GLOBAL, true);
	tlb_insert(tlb, &sh64, f.hva, 2, TLB_2M, 0x800, RW_USER, false);
	return f;
}

static int total_population(const struct tlb *tlb)
{
	int n = 0;

	for (int l = 0; l < TLB_NR_LEVELS; l++)
		for (int s = 0; s < TLB_NR_SIZES; s++)
			n += population(tlb, l, s);
	return n;
}

static void test_flush_one(void **state)
{
	struct tlb *tlb = *state;
	struct flush_fixture f = populate(tlb);

	/* invlpg drops the page for every pcid, at every level */
	tlb_flush_one(tlb, &sh64, f.va + 0x123);
	assert_null(dlook(tlb, f.va, 1));
	assert_null(dlook(tlb, f.va, 2));
	assert_int_equal(held(tlb, TLB_STLB, TLB_4K, f.va >> 12, 1), 0);
	assert_int_equal(held(tlb, TLB_STLB, TLB_4K, f.va >> 12, 2), 0);
	assert_non_null(ilook(tlb, f.va2, 1));
	assert_non_null(dlook(tlb, f.kva, 1));

	/* global ones too, from the iTLB and the dTLB */
	tlb_flush_one(tlb, &sh64, f.kva);
	assert_null(dlook(tlb, f.kva, 1));
	assert_null(ilook(tlb, f.kva, 1));

	/* an address inside a 2M page drops the 2M entry */
	assert_non_null(dlook(tlb, f.hva + 0x1ff000, 2));
	tlb_flush_one(tlb, &sh64, f.hva + 0x1ff000);
	assert_null(dlook(tlb, f.hva, 2));

	assert_int_equal(total_population(tlb), 2);	/* va2: iTLB + STLB */
	assert_int_equal(tlb->stats.flush_one, 3);
	assert_int_equal(tlb->stats.flush_pcid + tlb->stats.flush_all +
			 tlb->stats.flush_global, 0);
}

static void test_flush_pcid(void **state)
{
	struct tlb *tlb = *state;
	struct flush_fixture f = populate(tlb);

	tlb_flush_pcid(tlb, 1);
	assert_null(dlook(tlb, f.va, 1));
	assert_null(ilook(tlb, f.va2, 1));
	assert_non_null(dlook(tlb, f.va, 2));
	assert_non_null(dlook(tlb, f.hva, 2));
	assert_non_null(dlook(tlb, f.kva, 1));		/* global, though pcid 1's */
	assert_non_null(ilook(tlb, f.kva, 3));
	assert_int_equal(held(tlb, TLB_STLB, TLB_4K, f.va >> 12, 1), 0);
	assert_int_equal(tlb->stats.flush_pcid, 1);
	assert_int_equal(tlb->stats.flush_all, 0);
}

static void test_flush_nonglobal(void **state)
{
	struct tlb *tlb = *state;
	struct flush_fixture f = populate(tlb);

	tlb_flush_nonglobal(tlb);
	assert_null(dlook(tlb, f.va, 1));
	assert_null(dlook(tlb, f.va, 2));
	assert_null(ilook(tlb, f.va2, 1));
	assert_null(dlook(tlb, f.hva, 2));
	assert_non_null(dlook(tlb, f.kva, 7));
	assert_non_null(ilook(tlb, f.kva, 7));
	/* only the global page is left: L1D, L1I, STLB */
	assert_int_equal(total_population(tlb), 3);
	assert_int_equal(tlb->stats.flush_all, 1);
	assert_int_equal(tlb->stats.flush_global, 0);
}

static void test_flush_all(void **state)
{
	struct tlb *tlb = *state;
	struct flush_fixture f = populate(tlb);

	tlb_flush_all(tlb);
	assert_int_equal(total_population(tlb), 0);
	assert_null(dlook(tlb, f.kva, 1));
	assert_null(dlook(tlb, f.va, 1));
	assert_int_equal(tlb->stats.flush_global, 1);
	assert_int_equal(tlb->stats.flush_all, 0);

	/* and it still works afterwards */
	ins4k(tlb, f.va, 1, 0x10, 0, false);
	assert_int_equal(dlook(tlb, f.va, 1)->pfn, 0x10);
}

/* ---------------------------------------------------- iTLB, dTLB, STLB */

static void test_itlb_dtlb_separate_stlb_shared(void **state)
{
	struct tlb *tlb = *state;
	uint64_t code = 0x401000, data = 0x601000;
	struct tlb_entry *e;

	ins4k(tlb, code, 1, 0x401, TLBF_USER, true);
	assert_int_equal(held(tlb, TLB_L1I, TLB_4K, code >> 12, 1), 1);
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, code >> 12, 1), 0);
	assert_int_equal(held(tlb, TLB_STLB, TLB_4K, code >> 12, 1), 1);
	assert_non_null(ilook(tlb, code, 1));
	assert_int_equal(tlb->stats.hits[TLB_L1I], 1);

	/* reading the code page as data: dTLB miss, STLB hit, dTLB refill */
	e = dlook(tlb, code, 1);
	assert_non_null(e);
	assert_int_equal(e->pfn, 0x401);
	assert_int_equal(tlb->stats.misses[TLB_L1D], 1);
	assert_int_equal(tlb->stats.hits[TLB_STLB], 1);
	assert_int_equal(held(tlb, TLB_L1D, TLB_4K, code >> 12, 1), 1);
	assert_non_null(dlook(tlb, code, 1));
	assert_int_equal(tlb->stats.hits[TLB_L1D], 1);

	/* and the other way round */
	ins4k(tlb, data, 1, 0x601, RW_USER, false);
	assert_int_equal(held(tlb, TLB_L1I, TLB_4K, data >> 12, 1), 0);
	assert_non_null(ilook(tlb, data, 1));
	assert_int_equal(tlb->stats.misses[TLB_L1I], 1);
	assert_int_equal(tlb->stats.hits[TLB_STLB], 2);
	assert_int_equal(held(tlb, TLB_L1I, TLB_4K, data >> 12, 1), 1);

	/* the iTLB has no 1G array: 1G code pages live in the STLB only */
	tlb_insert(tlb, &sh64, 2 * SZ_1G, 1, TLB_1G, 0x80000, TLBF_USER, true);
	assert_int_equal(population(tlb, TLB_STLB, TLB_1G), 1);
	assert_int_equal(population(tlb, TLB_L1D, TLB_1G), 0);
	for (int i = 0; i < 3; i++) {
		e = ilook(tlb, 2 * SZ_1G + 0x12345, 1);
		assert_non_null(e);
		assert_int_equal(e->size, TLB_1G);
	}
	assert_int_equal(tlb->stats.misses[TLB_L1I], 4);
	assert_int_equal(tlb->stats.hits[TLB_STLB], 5);
	/* a data access to it fills the dTLB's 1G array */
	assert_non_null(dlook(tlb, 2 * SZ_1G, 1));
	assert_int_equal(population(tlb, TLB_L1D, TLB_1G), 1);
}

/* ------------------------------------------------------------------ stats */

static void test_stats_exact(void **state)
{
	struct tlb *tlb = *state;
	struct tlb_stats want;
	uint64_t va = 0x10000;

	memset(&want, 0, sizeof(want));
	assert_memory_equal(&tlb->stats, &want, sizeof(want));

	assert_null(dlook(tlb, va, 1));			/* L1D miss, STLB miss */
	want.misses[TLB_L1D]++;
	want.misses[TLB_STLB]++;
	ins4k(tlb, va, 1, 0x10, 0, false);		/* inserts count nothing */
	assert_non_null(dlook(tlb, va, 1));		/* L1D hit */
	assert_non_null(dlook(tlb, va, 1));		/* L1D hit */
	want.hits[TLB_L1D] += 2;
	assert_non_null(ilook(tlb, va, 1));		/* L1I miss, STLB hit */
	want.misses[TLB_L1I]++;
	want.hits[TLB_STLB]++;
	assert_non_null(ilook(tlb, va, 1));		/* L1I hit */
	want.hits[TLB_L1I]++;
	assert_null(ilook(tlb, va, 2));			/* L1I miss, STLB miss */
	want.misses[TLB_L1I]++;
	want.misses[TLB_STLB]++;
	tlb_flush_one(tlb, &sh64, va);
	tlb_flush_one(tlb, &sh64, va);
	want.flush_one += 2;
	tlb_flush_pcid(tlb, 1);
	want.flush_pcid++;
	tlb_flush_nonglobal(tlb);
	want.flush_all++;
	tlb_flush_all(tlb);
	want.flush_global++;
	assert_null(dlook(tlb, va, 1));
	want.misses[TLB_L1D]++;
	want.misses[TLB_STLB]++;

	assert_int_equal(tlb->stats.hits[TLB_L1D], want.hits[TLB_L1D]);
	assert_int_equal(tlb->stats.misses[TLB_L1D], want.misses[TLB_L1D]);
	assert_int_equal(tlb->stats.hits[TLB_L1I], want.hits[TLB_L1I]);
	assert_int_equal(tlb->stats.misses[TLB_L1I], want.misses[TLB_L1I]);
	assert_int_equal(tlb->stats.hits[TLB_STLB], want.hits[TLB_STLB]);
	assert_int_equal(tlb->stats.misses[TLB_STLB], want.misses[TLB_STLB]);
	assert_memory_equal(&tlb->stats, &want, sizeof(want));
}

/* --------------------------------------------------------------- geometry */

static void test_geometry_validation(void **state)
{
	struct tlb_config cfg;
	struct tlb t;

	(void)state;
	tlb_default_geometry(&cfg);
	cfg.g[TLB_STLB][TLB_4K].sets = 96;		/* not a power of two */
	assert_int_equal(tlb_init(&t, &cfg), -EINVAL);

	tlb_default_geometry(&cfg);
	cfg.g[TLB_L1D][TLB_2M].sets = 0;		/* ways but no sets */
	assert_int_equal(tlb_init(&t, &cfg), -EINVAL);

	tlb_default_geometry(&cfg);
	cfg.g[TLB_L1I][TLB_1G].sets = 3;		/* 0 ways: absent, sets ignored */
	assert_int_equal(tlb_init(&t, &cfg), 0);
	assert_null(t.a[TLB_L1I][TLB_1G].e);
	tlb_release(&t);
	tlb_release(&t);				/* idempotent */

	/* a tiny TLB: L1D 4K 1 set x 2 ways, no STLB at all */
	memset(&cfg, 0, sizeof(cfg));
	cfg.g[TLB_L1D][TLB_4K] = (struct tlb_geometry){ 1, 2 };
	assert_int_equal(tlb_init(&t, &cfg), 0);
	assert_null(tlb_lookup(&t, &sh64, 0x1000, 0, false));
	assert_null(tlb_lookup(&t, &sh64, 0x1000, 0, true));
	tlb_insert(&t, &sh64, 0x1000, 0, TLB_4K, 1, 0, false);
	tlb_insert(&t, &sh64, 0x2000, 0, TLB_4K, 2, 0, false);
	tlb_insert(&t, &sh64, 0x3000, 0, TLB_4K, 3, 0, false);
	tlb_insert(&t, &sh64, 0x3000, 0, TLB_2M, 3, 0, false);	/* nowhere to go */
	tlb_insert(&t, &sh64, 0x3000, 0, TLB_4K, 3, 0, true);	/* nowhere to go */
	assert_null(tlb_lookup(&t, &sh64, 0x1000, 0, false));
	assert_int_equal(tlb_lookup(&t, &sh64, 0x2000, 0, false)->pfn, 2);
	assert_int_equal(tlb_lookup(&t, &sh64, 0x3000, 0, false)->pfn, 3);
	tlb_flush_one(&t, &sh64, 0x2000);
	tlb_flush_pcid(&t, 0);
	tlb_flush_nonglobal(&t);
	tlb_flush_all(&t);
	assert_null(tlb_lookup(&t, &sh64, 0x3000, 0, false));
	tlb_release(&t);

	/* the largest sets/ways fit the types */
	memset(&cfg, 0, sizeof(cfg));
	cfg.g[TLB_STLB][TLB_4K] = (struct tlb_geometry){ 32768, 1 };
	assert_int_equal(tlb_init(&t, &cfg), 0);
	tlb_insert(&t, &sh64, 0x7fff000, 0, TLB_4K, 9, 0, false);
	assert_int_equal(tlb_lookup(&t, &sh64, 0x7fff000, 0, false)->pfn, 9);
	tlb_release(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_default_geometry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_miss_then_hit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_insert_replaces, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lru_eviction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lru_hit_reorders, setup, teardown),
		cmocka_unit_test_setup_teardown(test_invalid_way_first, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stlb_eviction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lru_clock_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_2m_entry_covers_512_pages, setup, teardown),
		cmocka_unit_test_setup_teardown(test_4m_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_1g_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pcid_tagging, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush_one, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush_pcid, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush_nonglobal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_itlb_dtlb_separate_stlb_shared, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_exact, setup, teardown),
		cmocka_unit_test(test_geometry_validation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
