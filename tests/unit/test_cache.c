// SPDX-License-Identifier: MIT
/*
 * test_cache.c - unit tests for src/hw/cache.c, the CPU caches.
 *
 * Each test gets two CPUs' caches of the default geometry sharing one LLC
 * (setup/teardown), as a machine has them, and checks where accesses are
 * served from, what each level holds afterwards (read from the tag arrays,
 * which does not disturb LRU) and the hit/miss counters.
 *
 * Default geometry, the numbers the tests rely on (64-byte lines): L1d
 * 48K 12-way = 64 sets, L1i 32K 8-way = 64 sets, L2 2M 16-way = 2048 sets,
 * LLC 32M 16-way = 32768 sets.  Lines 4K apart share an L1 set; lines 128K
 * apart share an L1 and an L2 set (and 2M apart, an LLC set).
 */
#include "helpers.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"

#define NCPUS 2

struct caches {
	struct cache llc;
	struct cpu_caches cpu[NCPUS];
};

/* ---------------------------------------------------------------- fixture */

static int setup(void **state)
{
	struct cache_config cfg;
	struct caches *c = calloc(1, sizeof(*c));

	if (!c)
		return -1;
	cache_default_config(&cfg);
	if (cache_init(&c->llc, &cfg.g[CACHE_LLC]))
		return -1;
	for (int i = 0; i < NCPUS; i++) {
		if (cache_init(&c->cpu[i].l1d, &cfg.g[CACHE_L1D]) ||
		    cache_init(&c->cpu[i].l1i, &cfg.g[CACHE_L1I]) ||
		    cache_init(&c->cpu[i].l2, &cfg.g[CACHE_L2]))
			return -1;
		c->cpu[i].llc = &c->llc;
	}
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	struct caches *c = *state;

	for (int i = 0; i < NCPUS; i++) {
		cache_release(&c->cpu[i].l1d);
		cache_release(&c->cpu[i].l1i);
		cache_release(&c->cpu[i].l2);
	}
	cache_release(&c->llc);
	free(c);
	return 0;
}

/* Does @c hold the line of @pa?  (No LRU side effect.) */
static bool has(const struct cache *c, uint64_t pa)
{
	uint64_t line = pa >> CACHE_LINE_SHIFT;
	size_t base;

	if (!c->sets)
		return false;
	base = (size_t)(line & (c->sets - 1)) * c->g.ways;
	for (unsigned int w = 0; w < c->g.ways; w++)
		if (c->tag[base + w] == line + 1)
			return true;
	return false;
}

static int lines_in(const struct cache *c)
{
	int n = 0;

	for (size_t i = 0; i < (size_t)c->sets * c->g.ways; i++)
		n += c->tag[i] != 0;
	return n;
}

/* The k-th line of L1 set 0 (each in its own L2 and LLC set for k < 32). */
static uint64_t l1set0(int k)
{
	return (uint64_t)k * 4096;
}

/* The k-th line of L1 set 0 and L2 set 0 (own LLC set for k < 16). */
static uint64_t l2set0(int k)
{
	return (uint64_t)k * 128 * 1024;
}

#define D false
#define I true

/* ------------------------------------------------------------ the basics */

static void test_default_config(void **state)
{
	struct caches *c = *state;
	struct cache_config cfg;

	cache_default_config(&cfg);
	assert_int_equal(cfg.g[CACHE_L1D].size, 48 * 1024);
	assert_int_equal(cfg.g[CACHE_L1D].ways, 12);
	assert_int_equal(cfg.g[CACHE_L1I].size, 32 * 1024);
	assert_int_equal(cfg.g[CACHE_L1I].ways, 8);
	assert_int_equal(cfg.g[CACHE_L2].size, 2 * 1024 * 1024);
	assert_int_equal(cfg.g[CACHE_L2].ways, 16);
	assert_int_equal(cfg.g[CACHE_LLC].size, 32 * 1024 * 1024);
	assert_int_equal(cfg.g[CACHE_LLC].ways, 16);

	assert_int_equal(c->cpu[0].l1d.sets, 64);
	assert_int_equal(c->cpu[0].l1i.sets, 64);
	assert_int_equal(c->cpu[0].l2.sets, 2048);
	assert_int_equal(c->llc.sets, 32768);
	assert_int_equal(lines_in(&c->llc), 0);
}

static void test_miss_then_l1_hit(void **state)
{
	struct caches *c = *state;
	struct cpu_caches *cc = &c->cpu[0];
	uint64_t pa = 0x12345;

	assert_int_equal(cache_access(cc, pa, D), CACHE_DRAM);
	assert_int_equal(cc->l1d.misses, 1);
	assert_int_equal(cc->l2.misses, 1);
	assert_int_equal(c->llc.misses, 1);
	/* filled everywhere it missed */
	assert_true(has(&cc->l1d, pa));
	assert_true(has(&cc->l2, pa));
	assert_true(has(&c->llc, pa));
	assert_false(has(&cc->l1i, pa));

	/* the whole 64-byte line, and only it */
	assert_int_equal(cache_access(cc, 0x12340, D), CACHE_L1D);
	assert_int_equal(cache_access(cc, 0x1237f, D), CACHE_L1D);
	assert_int_equal(cc->l1d.hits, 2);
	assert_int_equal(cc->l2.hits + cc->l2.misses, 1);	/* L2 not asked */
	assert_int_equal(cache_access(cc, 0x12380, D), CACHE_DRAM);
	assert_int_equal(cache_access(cc, 0x1233f, D), CACHE_DRAM);
	assert_int_equal(lines_in(&cc->l1d), 3);
}

/* --------------------------------------------------- associativity, LRU */

static void test_lru_within_set(void **state)
{
	struct caches *c = *state;
	struct cpu_caches *cc = &c->cpu[0];

	for (int k = 0; k < 13; k++)
		assert_int_equal(cache_access(cc, l1set0(k), D), CACHE_DRAM);
	/* 12 ways: the least recently used line, the first, left L1 */
	assert_false(has(&cc->l1d, l1set0(0)));
	for (int k = 1; k < 13; k++)
		assert_true(has(&cc->l1d, l1set0(k)));
	assert_int_equal(lines_in(&cc->l1d), 12);

	/* touching k=1 makes k=2 the LRU one */
	assert_int_equal(cache_access(cc, l1set0(1), D), CACHE_L1D);
	assert_int_equal(cache_access(cc, l1set0(13), D), CACHE_DRAM);
	assert_false(has(&cc->l1d, l1set0(2)));
	assert_true(has(&cc->l1d, l1set0(1)));
	assert_int_equal(cache_access(cc, l1set0(14), D), CACHE_DRAM);
	assert_false(has(&cc->l1d, l1set0(3)));

	/* other sets were not disturbed */
	for (unsigned int s = 1; s < cc->l1d.sets; s++)
		for (unsigned int w = 0; w < cc->l1d.g.ways; w++)
			assert_int_equal(cc->l1d.tag[s * cc->l1d.g.ways + w], 0);
}

static void test_l2_hit_after_l1_eviction(void **state)
{
	struct caches *c = *state;
	struct cpu_caches *cc = &c->cpu[0];

	for (int k = 0; k < 13; k++)
		cache_access(cc, l1set0(k), D);
	assert_int_equal(cache_access(cc, l1set0(0), D), CACHE_L2);
	assert_int_equal(cc->l2.hits, 1);
	assert_int_equal(c->llc.hits, 0);
	assert_int_equal(c->llc.misses, 13);		/* the LLC was not asked */
	/* refilled into L1 over the LRU line, k=1 */
	assert_true(has(&cc->l1d, l1set0(0)));
	assert_false(has(&cc->l1d, l1set0(1)));
	assert_int_equal(cache_access(cc, l1set0(0), D), CACHE_L1D);
	assert_int_equal(cache_access(cc, l1set0(1), D), CACHE_L2);
}

static void test_llc_hit_after_l2_eviction(void **state)
{
	struct caches *c = *state;
	struct cpu_caches *cc = &c->cpu[0];

	for (int k = 0; k < 17; k++)
		assert_int_equal(cache_access(cc, l2set0(k), D), CACHE_DRAM);
	/* 16-way L2 set: the first line left L1 and L2, not the LLC */
	assert_false(has(&cc->l1d, l2set0(0)));
	assert_false(has(&cc->l2, l2set0(0)));
	assert_true(has(&c->llc, l2set0(0)));
	assert_int_equal(cache_access(cc, l2set0(0), D), CACHE_LLC);
	assert_int_equal(c->llc.hits, 1);
	assert_int_equal(cc->l2.misses, 18);
	/* filled back into L2 and L1 */
	assert_true(has(&cc->l2, l2set0(0)));
	assert_int_equal(cache_access(cc, l2set0(0), D), CACHE_L1D);
	/* k=4 left L1 (12 ways) but is in L2 (16) */
	assert_int_equal(cache_access(cc, l2set0(4), D), CACHE_L2);
}

/* The 32-bit LRU clock wraps; a set's order must survive it. */
static void test_lru_clock_wrap(void **state)
{
	struct caches *c = *state;
	struct cpu_caches *cc = &c->cpu[0];

	cc->l1d.clock = UINT32_MAX - 13;
	for (int k = 0; k < 12; k++)				/* MAX-12 .. MAX-1 */
		cache_access(cc, l1set0(k), D);
	assert_int_equal(cache_access(cc, l1set0(0), D), CACHE_L1D);	/* MAX */
	assert_int_equal(cache_access(cc, l1set0(1), D), CACHE_L1D);	/* wraps */
	assert_true(cc->l1d.clock <= 13);
	/* oldest first: 2, 3, ... 11, 0, 1 */
	for (int k = 2; k < 12; k++) {
		cache_access(cc, l1set0(100 + k), D);
		assert_false(has(&cc->l1d, l1set0(k)));
		assert_true(has(&cc->l1d, l1set0(0)));
		assert_true(has(&cc->l1d, l1set0(1)));
	}
	cache_access(cc, l1set0(200), D);
	assert_false(has(&cc->l1d, l1set0(0)));
	assert_true(has(&cc->l1d, l1set0(1)));
}

/* ------------------------------------------------- instruction vs data */

static void test_instr_vs_data(void **state)
{
	struct caches *c = *state;
	struct cpu_caches *cc = &c->cpu[0];
	uint64_t pa = 0x401000;

	assert_int_equal(cache_access(cc, pa, I), CACHE_DRAM);
	assert_int_equal(cc->l1i.misses, 1);
	assert_int_equal(cc->l1d.misses, 0);
	assert_true(has(&cc->l1i, pa));
	assert_false(has(&cc->l1d, pa));
	assert_int_equal(cache_access(cc, pa, I), CACHE_L1I);
	assert_int_equal(cc->l1i.hits, 1);

	/* the same line as data: L1d miss, unified L2 hit */
	assert_int_equal(cache_access(cc, pa, D), CACHE_L2);
	assert_int_equal(cc->l1d.misses, 1);
	assert_int_equal(cache_access(cc, pa, D), CACHE_L1D);

	/* the 8-way L1i evicts on its own: 9 code lines in one set */
	for (int k = 1; k < 9; k++)
		cache_access(cc, pa + l1set0(k), I);
	assert_false(has(&cc->l1i, pa));
	assert_true(has(&cc->l1d, pa));
	assert_int_equal(cache_access(cc, pa, I), CACHE_L2);
}

/* ------------------------------------------------------------ shared LLC */

static void test_shared_llc(void **state)
{
	struct caches *c = *state;
	struct cpu_caches *c0 = &c->cpu[0], *c1 = &c->cpu[1];
	uint64_t pa = 0x7654321;

	assert_int_equal(cache_access(c0, pa, D), CACHE_DRAM);
	assert_int_equal(cache_access(c1, pa, D), CACHE_LLC);
	assert_int_equal(c1->l1d.misses, 1);
	assert_int_equal(c1->l2.misses, 1);
	assert_int_equal(c->llc.misses, 1);
	assert_int_equal(c->llc.hits, 1);
	assert_int_equal(cache_access(c1, pa, D), CACHE_L1D);
	assert_int_equal(cache_access(c0, pa, D), CACHE_L1D);
	/* CPU 1's misses did not reach CPU 0's private caches */
	assert_int_equal(c0->l2.hits + c0->l2.misses, 1);
	assert_int_equal(lines_in(&c0->l1d), 1);

	/* an instruction fetch on CPU 1 of a line CPU 0 read as data */
	assert_int_equal(cache_access(c0, pa + 64, D), CACHE_DRAM);
	assert_int_equal(cache_access(c1, pa + 64, I), CACHE_LLC);
}

/* ------------------------------------------------------------------ stats */

static void test_stats_exact(void **state)
{
	struct caches *c = *state;
	struct cpu_caches *cc = &c->cpu[0];

	cache_access(cc, 0, D);				/* D:m  L2:m LLC:m */
	cache_access(cc, 0, D);				/* D:h */
	cache_access(cc, 32, D);			/* D:h */
	cache_access(cc, 0, I);				/* I:m  L2:h */
	cache_access(cc, 0, I);				/* I:h */
	cache_access(&c->cpu[1], 0, I);			/* I1:m L2':m LLC:h */
	cache_access(cc, 64, I);			/* I:m  L2:m LLC:m */
	cache_flush(&cc->l1d);
	cache_access(cc, 0, D);				/* D:m  L2:h */

	assert_int_equal(cc->l1d.hits, 2);
	assert_int_equal(cc->l1d.misses, 2);
	assert_int_equal(cc->l1i.hits, 1);
	assert_int_equal(cc->l1i.misses, 2);
	assert_int_equal(cc->l2.hits, 2);
	assert_int_equal(cc->l2.misses, 2);
	assert_int_equal(c->cpu[1].l1i.hits, 0);
	assert_int_equal(c->cpu[1].l1i.misses, 1);
	assert_int_equal(c->cpu[1].l2.hits, 0);
	assert_int_equal(c->cpu[1].l2.misses, 1);
	assert_int_equal(c->cpu[1].l1d.hits + c->cpu[1].l1d.misses, 0);
	assert_int_equal(c->llc.hits, 1);
	assert_int_equal(c->llc.misses, 2);
}

/* ------------------------------------------------------------------ flush */

static void test_flush(void **state)
{
	struct caches *c = *state;
	struct cpu_caches *cc = &c->cpu[0];

	for (int k = 0; k < 100; k++)
		cache_access(cc, (uint64_t)k * 64, D);
	cache_flush(&cc->l1d);
	assert_int_equal(lines_in(&cc->l1d), 0);
	assert_int_equal(cc->l1d.misses, 100);		/* counters survive */
	assert_int_equal(cache_access(cc, 0, D), CACHE_L2);
	cache_flush(&cc->l1d);
	cache_flush(&cc->l2);
	assert_int_equal(cache_access(cc, 64, D), CACHE_LLC);
	cache_flush(&cc->l1d);
	cache_flush(&cc->l2);
	cache_flush(&c->llc);
	assert_int_equal(lines_in(&c->llc), 0);
	assert_int_equal(cache_access(cc, 64, D), CACHE_DRAM);
	assert_int_equal(cache_access(cc, 64, D), CACHE_L1D);
}

/* ------------------------------------------------------- absent levels */

static void test_absent_levels(void **state)
{
	struct caches *c = *state;
	struct cpu_caches *cc = &c->cpu[0];
	struct cache_geometry none = { 0, 0 }, none8 = { 0, 8 };
	struct cache empty;

	/* no LLC pointer: an L2 miss goes to DRAM */
	cc->llc = NULL;
	assert_int_equal(cache_access(cc, 0x1000, D), CACHE_DRAM);
	assert_int_equal(c->llc.misses, 0);
	assert_int_equal(cache_access(cc, 0x1000, D), CACHE_L1D);

	/* an LLC of size 0 likewise */
	assert_int_equal(cache_init(&empty, &none8), 0);
	assert_int_equal(empty.g.size, 0);
	assert_null(empty.tag);
	cc->llc = &empty;
	assert_int_equal(cache_access(cc, 0x2000, D), CACHE_DRAM);
	assert_int_equal(empty.misses, 0);
	cache_flush(&empty);

	/* no L2: an L1 miss goes to the LLC */
	cc->llc = &c->llc;
	cache_release(&cc->l2);
	assert_int_equal(cache_init(&cc->l2, &none), 0);
	assert_int_equal(cache_access(cc, 0x3000, D), CACHE_DRAM);
	assert_int_equal(cache_access(&c->cpu[1], 0x3000, D), CACHE_LLC);
	cache_flush(&cc->l1d);
	assert_int_equal(cache_access(cc, 0x3000, D), CACHE_LLC);
	assert_int_equal(cc->l2.hits + cc->l2.misses, 0);

	/* no L1i: fetches start at L2 (here: the LLC) and count no L1 miss */
	cache_release(&cc->l1i);
	assert_int_equal(cache_init(&cc->l1i, &none), 0);
	assert_int_equal(cache_access(cc, 0x3000, I), CACHE_LLC);
	assert_int_equal(cc->l1i.hits + cc->l1i.misses, 0);
	cache_release(&empty);
}

/* --------------------------------------------------------------- geometry */

static void test_geometry_validation(void **state)
{
	struct cache c;
	struct cache_geometry g;

	(void)state;
	g = (struct cache_geometry){ 48 * 1024, 16 };	/* 48 sets */
	assert_int_equal(cache_init(&c, &g), -EINVAL);
	g = (struct cache_geometry){ 3 * 64 * 4, 4 };	/* 3 sets */
	assert_int_equal(cache_init(&c, &g), -EINVAL);
	g = (struct cache_geometry){ 1000, 1 };		/* not whole lines */
	assert_int_equal(cache_init(&c, &g), -EINVAL);
	g = (struct cache_geometry){ 64 * 8, 16 };	/* less than a set */
	assert_int_equal(cache_init(&c, &g), -EINVAL);
	g = (struct cache_geometry){ 4096, 0 };		/* no ways */
	assert_int_equal(cache_init(&c, &g), -EINVAL);

	/* a fully associative 4-line cache: 1 set */
	g = (struct cache_geometry){ 256, 4 };
	assert_int_equal(cache_init(&c, &g), 0);
	assert_int_equal(c.sets, 1);
	cache_release(&c);
	cache_release(&c);				/* idempotent */

	/* direct-mapped */
	g = (struct cache_geometry){ 64 * 1024, 1 };
	assert_int_equal(cache_init(&c, &g), 0);
	assert_int_equal(c.sets, 1024);
	cache_release(&c);
}

/* A tiny hierarchy, all in one set, to check the fill at every level. */
static void test_tiny_hierarchy(void **state)
{
	struct cache_geometry g1 = { 2 * 64, 2 }, g2 = { 4 * 64, 4 }, g3 = { 8 * 64, 8 };
	struct cache llc;
	struct cpu_caches cc;

	(void)state;
	memset(&cc, 0, sizeof(cc));
	assert_int_equal(cache_init(&cc.l1d, &g1), 0);
	assert_int_equal(cache_init(&cc.l1i, &g1), 0);
	assert_int_equal(cache_init(&cc.l2, &g2), 0);
	assert_int_equal(cache_init(&llc, &g3), 0);
	cc.llc = &llc;

	/* lines 0..8 */
	for (int k = 0; k < 9; k++)
		assert_int_equal(cache_access(&cc, (uint64_t)k * 64, D), CACHE_DRAM);
	/* L1 holds 7, 8; L2 5..8; LLC 1..8 */
	assert_int_equal(cache_access(&cc, 8 * 64, D), CACHE_L1D);
	assert_int_equal(cache_access(&cc, 7 * 64, D), CACHE_L1D);
	assert_int_equal(cache_access(&cc, 5 * 64, D), CACHE_L2);
	assert_int_equal(cache_access(&cc, 1 * 64, D), CACHE_LLC);
	assert_int_equal(cache_access(&cc, 0 * 64, D), CACHE_DRAM);
	/* the LLC evicted line 2 (its LRU) for line 0 */
	assert_int_equal(cache_access(&cc, 2 * 64, D), CACHE_DRAM);
	assert_int_equal(cache_access(&cc, 3 * 64, D), CACHE_DRAM);
	assert_int_equal(llc.hits, 1);

	cache_release(&cc.l1d);
	cache_release(&cc.l1i);
	cache_release(&cc.l2);
	cache_release(&llc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_default_config, setup, teardown),
		cmocka_unit_test_setup_teardown(test_miss_then_l1_hit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lru_within_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_l2_hit_after_l1_eviction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_llc_hit_after_l2_eviction, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lru_clock_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_instr_vs_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_llc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_flush, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absent_levels, setup, teardown),
		cmocka_unit_test(test_geometry_validation),
		cmocka_unit_test(test_tiny_hierarchy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
