// SPDX-License-Identifier: MIT
/*
 * test_stress.c - a seeded random workload against the page allocator,
 * with the invariant checker (check_machine, mmsim's CONFIG_DEBUG_VM) after
 * every single step.
 *
 * Two runs share 1,000,000 operations: a 16 MiB single-node machine with 4
 * CPUs, and a 32 MiB two-node machine with 4 CPUs.  Each operation, on a
 * random CPU, either allocates a block of a random order (biased toward low
 * orders) with a random GFP type, or frees a random block held.  Phases
 * alternate between mostly allocating (memory runs out: watermarks, the
 * slow path, fallback stealing, highatomic reserves) and mostly freeing
 * (merging).  Besides check_machine, every step checks that no page is
 * lost or handed out twice: free pages + pcp pages + pages held == the
 * pages the buddy allocator manages.  At the end every block is freed, the
 * pcp lists drained, and the free lists must be as right after boot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"

#define TOTAL_OPS	1000000UL
#define PHASE_OPS	20000UL

struct blk {
	struct page *page;
	unsigned int order;
};

/* The GFP types of the workload; __GFP_NOWARN is added to each. */
static const gfp_t gfp_types[] = {
	GFP_KERNEL,
	GFP_ATOMIC,
	GFP_NOWAIT,
	GFP_HIGHUSER_MOVABLE,
	GFP_KERNEL | __GFP_RECLAIMABLE,
	GFP_DMA,
	GFP_DMA32,
};
#define NR_GFP_TYPES (sizeof(gfp_types) / sizeof(gfp_types[0]))

struct stress_stats {
	unsigned long allocs, alloc_failures, frees, max_held_pages;
	unsigned long order_allocs[NR_PAGE_ORDERS];
};

/* Orders 0..MAX_PAGE_ORDER, most of them small. */
static unsigned int random_order(struct rnd_state *rnd)
{
	uint64_t r = prandom_below(rnd, 100);

	if (r < 40)
		return 0;
	if (r < 60)
		return 1;
	if (r < 72)
		return 2;
	if (r < 80)
		return 3;
	return 4 + (unsigned int)prandom_below(rnd, MAX_PAGE_ORDER - 3);
}

static unsigned long pcp_pages(struct machine *m)
{
	unsigned long n = 0;
	struct zone *z;

	for_each_populated_zone(m, z)
		for (int c = 0; c < m->nr_cpu_ids; c++)
			n += (unsigned long)z->per_cpu_pageset[c].count;
	return n;
}

/*
 * After every step: the checker finds nothing; every managed page is
 * free, on a pcp list or held by the workload - exactly once; and each
 * zone's nr_reserved_highatomic counts its MIGRATE_HIGHATOMIC pageblocks.
 */
static void check_step(struct machine *m, unsigned long op, unsigned long held_pages)
{
	int errs = check_machine(m);
	struct zone *z;

	if (errs)
		fail_msg("op %lu: check_machine found %d violation(s):\n%s", op, errs,
			 m->log.len > 3000 ? m->log.buf + m->log.len - 3000 : m->log.buf);
	if (nr_free_pages(m) + pcp_pages(m) + held_pages != m->totalram_pages)
		fail_msg("op %lu: free %lu + pcp %lu + held %lu != managed %lu", op,
			 nr_free_pages(m), pcp_pages(m), held_pages, m->totalram_pages);
	for_each_populated_zone(m, z) {
		unsigned long ha = 0;

		for (unsigned long p = pageblock_start_pfn(m, z->zone_start_pfn);
		     p < zone_end_pfn(z); p += m->pageblock_nr_pages) {
			unsigned long q = p < z->zone_start_pfn ? z->zone_start_pfn : p;

			ha += get_pageblock_migratetype(m, pfn_to_page(m, q)) == MIGRATE_HIGHATOMIC;
		}
		if (ha * m->pageblock_nr_pages != z->nr_reserved_highatomic)
			fail_msg("op %lu: zone %s has %lu highatomic pageblocks but nr_reserved_highatomic %lu",
				 op, z->name, ha, z->nr_reserved_highatomic);
	}
}

/*
 * Free blocks the end state may legitimately leave unmerged: two free
 * pageblock-order buddies that __free_one_page refuses to merge because
 * one is highatomic (a type that may not merge with others) and the other
 * is not.  Counted per pair; each pair must really be such a pair.
 */
static unsigned long unmergeable_pairs(struct machine *m, struct zone *z)
{
	unsigned int o = m->pageblock_order;
	unsigned long n = 0;
	struct page *p;

	for (int mt = 0; mt < MIGRATE_TYPES; mt++)
		list_for_each_entry(p, &z->free_area[o].free_list[mt], struct page, lru) {
			unsigned long pfn = page_to_pfn(m, p), bpfn = pfn ^ (1UL << o);
			struct page *b = pfn_to_page(m, bpfn);
			int t1, t2;

			if ((pfn & (1UL << o)) || bpfn >= m->max_pfn || !PageBuddy(b) ||
			    buddy_order(b) != o || page_zone(m, b) != z)
				continue;
			t1 = get_pageblock_migratetype(m, p);
			t2 = get_pageblock_migratetype(m, b);
			if ((t1 == MIGRATE_HIGHATOMIC) == (t2 == MIGRATE_HIGHATOMIC))
				fail_msg("pfn %#lx and %#lx (types %d, %d) should have merged",
					 pfn, bpfn, t1, t2);
			n++;
		}
	return n;
}

static void stress_run(const char *spec, uint64_t seed, unsigned long ops,
		       struct stress_stats *st)
{
	struct machine *m = boot_spec(spec);
	struct rnd_state rnd;
	struct blk *held;
	unsigned long nheld = 0, held_pages = 0, free_boot;
	unsigned long boot_nr_free[MAX_NUMNODES][MAX_NR_ZONES][NR_PAGE_ORDERS];
	char *snap, *after;
	struct zone *z;

	/* The reference state: right after boot, with the pcp lists drained. */
	drain_all_pages(m, NULL);
	snap = buddyinfo_snapshot(m);
	free_boot = nr_free_pages(m);
	for_each_populated_zone(m, z)
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			boot_nr_free[z->zone_pgdat->node_id][zone_idx(z)][o] = free_blocks(z, o);
	assert_int_equal(free_boot, m->totalram_pages);
	check_step(m, 0, 0);

	held = calloc(m->totalram_pages, sizeof(*held));
	assert_non_null(held);
	prandom_seed_state(&rnd, seed);
	for (unsigned long op = 1; op <= ops; op++) {
		/* Even phases mostly allocate, odd phases mostly free. */
		unsigned int alloc_pct = (op / PHASE_OPS) % 2 ? 35 : 65;

		assert_int_equal(mms_set_cpu(m, (int)prandom_below(&rnd, (uint64_t)m->nr_cpu_ids)), 0);
		if (nheld == 0 || prandom_below(&rnd, 100) < alloc_pct) {
			unsigned int order = random_order(&rnd);
			gfp_t gfp = gfp_types[prandom_below(&rnd, NR_GFP_TYPES)] | __GFP_NOWARN;
			struct page *page;

			if (order && prandom_below(&rnd, 4) == 0)
				gfp |= __GFP_COMP;
			page = alloc_pages(m, gfp, order);
			st->allocs++;
			if (!page) {
				st->alloc_failures++;
			} else {
				unsigned long pfn = page_to_pfn(m, page);

				/* Aligned, referenced once, in a zone the flags allow. */
				if ((pfn & ((1UL << order) - 1)) || page_ref_count(page) != 1 ||
				    (int)page_zonenum(page) > (int)gfp_zone(m, gfp) ||
				    ((gfp & __GFP_DMA) && page_zonenum(page) != ZONE_DMA))
					fail_msg("op %lu: order-%u gfp %#x got pfn %#lx zone %u refcount %d",
						 op, order, gfp, pfn, page_zonenum(page),
						 page_ref_count(page));
				held[nheld].page = page;
				held[nheld].order = order;
				nheld++;
				held_pages += 1UL << order;
				st->order_allocs[order]++;
				if (held_pages > st->max_held_pages)
					st->max_held_pages = held_pages;
			}
		} else {
			unsigned long i = (unsigned long)prandom_below(&rnd, nheld);
			struct blk b = held[i];

			held[i] = held[--nheld];
			held_pages -= 1UL << b.order;
			__free_pages(m, b.page, b.order);
			st->frees++;
		}
		check_step(m, op, held_pages);
	}

	/* Everything back: the free lists as right after boot. */
	while (nheld) {
		nheld--;
		__free_pages(m, held[nheld].page, held[nheld].order);
	}
	drain_all_pages(m, NULL);
	check_step(m, ops + 1, 0);
	assert_int_equal(m->nr_bad_pages, 0);
	assert_int_equal(pcp_pages(m), 0);
	assert_int_equal(nr_free_pages(m), free_boot);
	after = buddyinfo_snapshot(m);
	if (strcmp(after, snap)) {
		/*
		 * Only highatomic pageblocks (still reserved: nothing in the
		 * simulator unreserves them yet) may keep two order-9 buddies
		 * apart.  Then each zone must differ from boot by exactly those
		 * pairs: one order-10 block fewer, two order-9 blocks more.
		 */
		print_message("%s: buddyinfo after the run\n%s  boot\n%s", spec, after, snap);
		for_each_populated_zone(m, z) {
			unsigned long *boot = boot_nr_free[z->zone_pgdat->node_id][zone_idx(z)];
			unsigned long pairs = unmergeable_pairs(m, z);
			unsigned int pbo = m->pageblock_order;

			print_message("  node %d %s: nr_reserved_highatomic %lu, %lu unmerged pageblock pair(s)\n",
				      z->zone_pgdat->node_id, z->name,
				      z->nr_reserved_highatomic, pairs);
			if (pairs)
				assert_true(z->nr_reserved_highatomic > 0);
			for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
				unsigned long want = boot[o];

				if (o == pbo)
					want += 2 * pairs;
				if (o == pbo + 1)
					want -= pairs;
				assert_int_equal(free_blocks(z, o), want);
			}
		}
	}
	free(after);
	free(snap);
	free(held);
	mms_machine_free(m);
}

/* __alloc_pages / __free_pages: 1M random ops, check_machine after each. */
static void test_stress_random_workload(void **state)
{
	/* Two machines, 500,000 operations each; everything freed at the end. */
	struct stress_stats a = { 0 }, b = { 0 };

	(void)state;
	stress_run("ram=16M cpus=4", 0x5eed0001, TOTAL_OPS / 2, &a);
	stress_run("nodes=2 cpus=4 ram=32M", 0x5eed0002, TOTAL_OPS / 2, &b);
	print_message("16M/4cpu: %lu allocs (%lu failed), %lu frees, peak %lu pages held\n",
		      a.allocs, a.alloc_failures, a.frees, a.max_held_pages);
	print_message("32M/2node/4cpu: %lu allocs (%lu failed), %lu frees, peak %lu pages held\n",
		      b.allocs, b.alloc_failures, b.frees, b.max_held_pages);
	assert_int_equal(a.allocs + a.frees + b.allocs + b.frees, TOTAL_OPS);
	/*
	 * The workload did exercise what it is for: failures, and blocks of
	 * every order.  On 16M the zone's only order-10 block is split by the
	 * first fallback steal (__rmqueue_fallback takes the largest block)
	 * and, with pages held all over the 2893-page zone, is never whole
	 * again, so order 10 is only required of the 32M machine.
	 */
	assert_true(a.alloc_failures > 0 && b.alloc_failures > 0);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		assert_true((o == MAX_PAGE_ORDER || a.order_allocs[o] > 0) && b.order_allocs[o] > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stress_random_workload),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
