// SPDX-License-Identifier: MIT
/*
 * test_page_alloc.c - unit tests for src/mm/page_alloc.c, the buddy
 * allocator modelled on Linux 6.6 mm/page_alloc.c.
 *
 * Every test boots its own machine and asserts what Linux would show:
 * free_area[].nr_free and the pfns of the blocks on each list, pageblock
 * migratetypes, pcp counts, NR_FREE_PAGES, the text in dmesg.  Expected
 * numbers are derived in the test from the zone's own state with the
 * kernel's formula written out; where a number is hard-coded, the comment
 * says which configuration produces it and how.
 *
 * Machines with ram=32M have a pcp batch of 1 in both zones
 * (zone_batchsize: (managed >> 10) / 4 == 0 -> 1 -> rounddown_pow_of_two(1)
 * - 1 == 0 -> max(1, 0)), so every pcp refill takes exactly one block from
 * the buddy lists; the tests that need exact buddy-list arithmetic use them
 * and assert that precondition.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"

#define MT_U MIGRATE_UNMOVABLE
#define MT_M MIGRATE_MOVABLE
#define MT_R MIGRATE_RECLAIMABLE
#define MT_H MIGRATE_HIGHATOMIC

#define GFP_RECL (GFP_KERNEL | __GFP_RECLAIMABLE)

/* ------------------------------------------------------------------ helpers */

/* A growable set of allocated blocks, freed at the end of a test. */
struct held {
	struct page **page;
	unsigned int *order;
	size_t n, cap;
};

static void hold(struct held *h, struct page *page, unsigned int order)
{
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 256;
		h->page = realloc(h->page, h->cap * sizeof(*h->page));
		h->order = realloc(h->order, h->cap * sizeof(*h->order));
		assert_non_null(h->page);
		assert_non_null(h->order);
	}
	h->page[h->n] = page;
	h->order[h->n] = order;
	h->n++;
}

static void release_all(struct machine *m, struct held *h)
{
	for (size_t i = 0; i < h->n; i++)
		if (h->page[i])		/* NULL: freed already */
			__free_pages(m, h->page[i], h->order[i]);
	free(h->page);
	free(h->order);
	memset(h, 0, sizeof(*h));
}

static unsigned long zfree(const struct zone *z)
{
	return zone_page_state(z, NR_FREE_PAGES);
}

static unsigned long pfn(struct machine *m, const struct page *p)
{
	return page_to_pfn(m, p);
}

static unsigned long list_len(const struct list_head *head)
{
	unsigned long n = 0;
	const struct list_head *pos;

	for (pos = head->next; pos != head; pos = pos->next)
		n++;
	return n;
}

static struct list_head *flist(struct zone *z, unsigned int order, int mt)
{
	return &z->free_area[order].free_list[mt];
}

static struct page *first_free(struct zone *z, unsigned int order, int mt)
{
	if (list_empty(flist(z, order, mt)))
		return NULL;
	return list_first_entry(flist(z, order, mt), struct page, lru);
}

static struct page *last_free(struct zone *z, unsigned int order, int mt)
{
	if (list_empty(flist(z, order, mt)))
		return NULL;
	return list_last_entry(flist(z, order, mt), struct page, lru);
}

/* Free pages of migratetype @mt on @z's buddy lists. */
static unsigned long free_of_type(struct zone *z, int mt)
{
	unsigned long n = 0;

	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		n += list_len(flist(z, o, mt)) << o;
	return n;
}

/* Pageblocks of @z whose migratetype is @mt. */
static unsigned long nr_pageblocks(struct machine *m, struct zone *z, int mt)
{
	unsigned long n = 0;

	for (unsigned long p = pageblock_start_pfn(m, z->zone_start_pfn);
	     p < zone_end_pfn(z); p += m->pageblock_nr_pages) {
		unsigned long q = p < z->zone_start_pfn ? z->zone_start_pfn : p;

		if (get_pageblock_migratetype(m, pfn_to_page(m, q)) == mt)
			n++;
	}
	return n;
}

static int block_mt(struct machine *m, unsigned long p)
{
	return get_pageblock_migratetype(m, pfn_to_page(m, p));
}

/* The free buddy block that contains @p, or NULL. */
static struct page *free_block_of(struct machine *m, unsigned long p)
{
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {
		struct page *head = pfn_to_page(m, p & ~((1UL << o) - 1));

		if (PageBuddy(head) && buddy_order(head) >= o)
			return head;
	}
	return NULL;
}

static int pcp_count(struct zone *z, int cpu)
{
	return z->per_cpu_pageset[cpu].count;
}

/* Pages on every CPU's lists of every zone. */
static unsigned long pcp_total(struct machine *m)
{
	unsigned long n = 0;
	struct zone *z;

	for_each_populated_zone(m, z)
		for (int c = 0; c < m->nr_cpu_ids; c++)
			n += (unsigned long)pcp_count(z, c);
	return n;
}

/* The pcp list index of (migratetype, order), as order_to_pindex(). */
static unsigned int pindex(int mt, unsigned int order)
{
	return MIGRATE_PCPTYPES * order + (unsigned int)mt;
}

static unsigned long count_str(const char *hay, const char *needle)
{
	unsigned long n = 0;
	size_t len = strlen(needle);

	for (const char *p = hay ? strstr(hay, needle) : NULL; p; p = strstr(p + len, needle))
		n++;
	return n;
}

static unsigned long dmesg_count(struct machine *m, const char *needle)
{
	return count_str(m->log.buf, needle);
}

static void assert_checker_clean(struct machine *m)
{
	int errs = check_machine(m);

	if (errs)
		fail_msg("check_machine: %d violation(s); dmesg tail:\n%s", errs,
			 m->log.len > 2000 ? m->log.buf + m->log.len - 2000 : m->log.buf);
}

/* Boot, drain every pcp list and check the invariants. */
static struct machine *boot_drained(const char *spec)
{
	struct machine *m = boot_spec(spec);

	drain_all_pages(m, NULL);
	assert_checker_clean(m);
	return m;
}

/* rounddown_pow_of_two */
static unsigned long rounddown_pow2(unsigned long v)
{
	while (v & (v - 1))
		v &= v - 1;
	return v;
}

/* ------------------------------------------------------- buddy split/merge */

/* expand (__rmqueue_smallest): smallest block splits, halves at pfn + 2^i. */
static void test_expand_splits_smallest_block(void **state)
{
	/*
	 * expand() via __rmqueue_smallest: order-0 from a zone whose smallest free
	 * block is order k takes the lowest page of that block and leaves one free
	 * block at each order 0..k-1, at pfn + 2^i, at the head of its list; the
	 * free then merges all the way back (__free_one_page).
	 */
	(void)state;
	for (unsigned int k = 1; k <= MAX_PAGE_ORDER; k++) {
		struct machine *m = boot_drained("ram=32M cpus=1");
		struct zone *z = zone_of(m, 0, ZONE_DMA32);
		unsigned long before[NR_PAGE_ORDERS], free_before, b;
		struct held h = { 0 };
		struct page *blk, *p;
		char *snap = buddyinfo_snapshot(m);

		assert_int_equal(z->per_cpu_pageset[0].batch, 1);
		/* Take every movable block below order k, one block per call. */
		for (unsigned int o = 0; o < k; o++) {
			while (!list_empty(flist(z, o, MT_M))) {
				struct page *want = first_free(z, o, MT_M);

				p = alloc_pages(m, GFP_HIGHUSER_MOVABLE, o);
				assert_ptr_equal(p, want);
				hold(&h, p, o);
			}
		}
		for (unsigned int o = 0; o < k; o++)
			for (int mt = 0; mt < MIGRATE_TYPES; mt++)
				assert_true(list_empty(flist(z, o, mt)));
		/* No order-k block? Splitting a larger one for order k leaves one. */
		if (list_empty(flist(z, k, MT_M))) {
			p = alloc_pages(m, GFP_HIGHUSER_MOVABLE, k);
			assert_ptr_equal(page_zone(m, p), z);
			hold(&h, p, k);
		}
		blk = first_free(z, k, MT_M);
		assert_non_null(blk);
		b = pfn(m, blk);
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			before[o] = free_blocks(z, o);
		free_before = zfree(z);

		p = alloc_pages(m, GFP_HIGHUSER_MOVABLE, 0);
		assert_ptr_equal(p, blk);		/* the lowest page of the block */
		assert_int_equal(pfn(m, p), b);
		assert_int_equal(zfree(z), free_before - 1);
		assert_int_equal(free_blocks(z, k), before[k] - 1);
		for (unsigned int i = 0; i < k; i++) {
			struct page *half = pfn_to_page(m, b + (1UL << i));

			assert_int_equal(free_blocks(z, i), before[i] + 1);
			assert_true(PageBuddy(half));
			assert_int_equal(buddy_order(half), i);
			assert_int_equal(half->index, MT_M);
			assert_ptr_equal(first_free(z, i, MT_M), half);
		}
		for (unsigned int o = k + 1; o < NR_PAGE_ORDERS; o++)
			assert_int_equal(free_blocks(z, o), before[o]);
		assert_false(PageBuddy(p));
		assert_int_equal(page_ref_count(p), 1);
		assert_checker_clean(m);

		/* Freeing it merges with each half in turn, back to order k. */
		__free_pages(m, p, 0);
		drain_all_pages(m, NULL);
		assert_true(PageBuddy(blk));
		assert_int_equal(buddy_order(blk), k);
		for (unsigned int i = 0; i < k; i++)
			assert_false(PageBuddy(pfn_to_page(m, b + (1UL << i))));
		for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
			assert_int_equal(free_blocks(z, o), before[o]);
		assert_int_equal(zfree(z), free_before);

		release_all(m, &h);
		drain_all_pages(m, NULL);
		char *after = buddyinfo_snapshot(m);
		assert_string_equal(after, snap);
		assert_checker_clean(m);
		free(after);
		free(snap);
		mms_machine_free(m);
	}
}

/* __free_one_page: a freed block merges with its buddy at pfn ^ (1 << o). */
static void test_free_merges_with_pfn_xor_buddy(void **state)
{
	/*
	 * __free_one_page / find_buddy_page_pfn: a freed block merges with the
	 * block at pfn ^ (1 << order) while that one is free at the same order.
	 * The halves are made with __free_pages on a block someone else still
	 * holds a reference to, which frees all but its first page (Linux's
	 * __free_pages comment); the first page is then an order-0 page.
	 */
	struct machine *m = boot_drained("ram=32M cpus=1");
	struct zone *z = zone_of(m, 0, ZONE_DMA32);
	unsigned long before[NR_PAGE_ORDERS], b, free_before;
	struct page *p;

	(void)state;
	p = alloc_pages(m, GFP_HIGHUSER_MOVABLE, 4);
	assert_non_null(p);
	b = pfn(m, p);
	assert_int_equal(b & 15, 0);
	for (unsigned int o = 0; o < NR_PAGE_ORDERS; o++)
		before[o] = free_blocks(z, o);
	free_before = zfree(z);

	/* get_page(): a second reference to the head. */
	p->_refcount++;
	__free_pages(m, p, 4);
	drain_all_pages(m, NULL);
	assert_int_equal(page_ref_count(p), 1);
	assert_int_equal(m->nr_bad_pages, 0);
	/* p+8 (order 3), p+4 (2), p+2 (1), p+1 (0) are free; none can merge. */
	for (unsigned int o = 0; o < 4; o++) {
		struct page *q = pfn_to_page(m, b + (1UL << o));

		assert_true(PageBuddy(q));
		assert_int_equal(buddy_order(q), o);
		assert_int_equal(free_blocks(z, o), before[o] + 1);
	}
	assert_int_equal(zfree(z), free_before + 15);
	assert_false(PageBuddy(p));
	assert_checker_clean(m);

	/*
	 * The last reference: p merges with p^1, then (p..p+1) with p^2,
	 * (p..p+3) with p^4 and (p..p+7) with p^8 - back to order 4 at least.
	 */
	__free_pages(m, p, 0);
	assert_int_equal(m->nr_bad_pages, 0);
	drain_all_pages(m, NULL);
	assert_true(PageBuddy(p));
	assert_true(buddy_order(p) >= 4);
	for (unsigned int o = 0; o < 4; o++) {
		assert_false(PageBuddy(pfn_to_page(m, b + (1UL << o))));
		assert_int_equal(free_blocks(z, o), before[o]);
	}
	assert_int_equal(zfree(z), free_before + 16);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* buddy_merge_likely: list tail when the next-higher buddy is free. */
static void test_buddy_merge_likely_adds_to_tail(void **state)
{
	/*
	 * buddy_merge_likely: a freed block whose buddy is busy goes to the TAIL
	 * of its list when the next-higher buddy is free (so the merge may still
	 * happen), to the head otherwise.
	 */
	struct machine *m = boot_drained("ram=32M cpus=1");
	struct zone *z = zone_of(m, 0, ZONE_DMA32);
	unsigned long bv, cv, dv;
	struct page *b, *c, *d;
	int mt;

	(void)state;
	assert_int_equal(z->per_cpu_pageset[0].batch, 1);
	/* Three order-2 blocks, each split into four order-0 pages. */
	cv = (unsigned long)alloc_pages_exact(m, 4 * PAGE_SIZE, GFP_KERNEL);
	bv = (unsigned long)alloc_pages_exact(m, 4 * PAGE_SIZE, GFP_KERNEL);
	dv = (unsigned long)alloc_pages_exact(m, 4 * PAGE_SIZE, GFP_KERNEL);
	assert_true(bv && cv && dv);
	b = virt_to_page(m, bv);
	c = virt_to_page(m, cv);
	d = virt_to_page(m, dv);
	assert_int_equal(pfn(m, b) & 3, 0);
	assert_int_equal(pfn(m, c) & 3, 0);
	assert_int_equal(pfn(m, d) & 3, 0);
	mt = get_pageblock_migratetype(m, b);
	assert_int_equal(get_pageblock_migratetype(m, c), mt);
	assert_int_equal(get_pageblock_migratetype(m, d), mt);
	assert_true(list_empty(flist(z, 0, mt)));

	/* C+1: buddy C busy, and (C, C+1)'s buddy C+2 busy too. */
	free_pages(m, cv + PAGE_SIZE, 0);
	drain_all_pages(m, NULL);
	assert_ptr_equal(first_free(z, 0, mt), c + 1);

	/* B+2 and B+3 merge into an order-1 block: (B, B+1)'s buddy. */
	free_pages(m, bv + 2 * PAGE_SIZE, 0);
	free_pages(m, bv + 3 * PAGE_SIZE, 0);
	drain_all_pages(m, NULL);
	assert_true(PageBuddy(b + 2));
	assert_int_equal(buddy_order(b + 2), 1);

	/* B+1: its buddy B is busy, but the next-higher buddy is free: tail. */
	free_pages(m, bv + PAGE_SIZE, 0);
	drain_all_pages(m, NULL);
	assert_true(PageBuddy(b + 1));
	assert_int_equal(buddy_order(b + 1), 0);
	assert_int_equal(list_len(flist(z, 0, mt)), 2);
	assert_ptr_equal(first_free(z, 0, mt), c + 1);
	assert_ptr_equal(last_free(z, 0, mt), b + 1);

	/* D+1, no merge in sight: the head. */
	free_pages(m, dv + PAGE_SIZE, 0);
	drain_all_pages(m, NULL);
	assert_int_equal(list_len(flist(z, 0, mt)), 3);
	assert_ptr_equal(first_free(z, 0, mt), d + 1);
	assert_ptr_equal(last_free(z, 0, mt), b + 1);
	assert_checker_clean(m);

	/* Freeing B completes B..B+3 (and more): B+1 leaves the list. */
	free_pages(m, bv, 0);
	drain_all_pages(m, NULL);
	assert_true(PageBuddy(b));
	assert_true(buddy_order(b) >= 2);
	assert_false(PageBuddy(b + 1));
	free_pages(m, cv, 0);
	free_pages(m, cv + 2 * PAGE_SIZE, 0);
	free_pages(m, cv + 3 * PAGE_SIZE, 0);
	free_pages(m, dv, 0);
	free_pages(m, dv + 2 * PAGE_SIZE, 0);
	free_pages(m, dv + 3 * PAGE_SIZE, 0);
	drain_all_pages(m, NULL);
	assert_int_equal(m->nr_bad_pages, 0);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* ------------------------------------------------ migratetypes, stealing */

/* fallbacks[] (__rmqueue_fallback): UNMOVABLE/RECLAIMABLE before MOVABLE. */
static void test_fallback_order_unmovable_reclaimable(void **state)
{
	/*
	 * fallbacks[] in __rmqueue_fallback: UNMOVABLE falls back to MOVABLE when
	 * nothing else is free, RECLAIMABLE tries UNMOVABLE before MOVABLE, and
	 * UNMOVABLE tries RECLAIMABLE before MOVABLE (all at order 10 here, where
	 * both kinds of block exist side by side).
	 */
	struct machine *m = boot_drained("ram=1G cpus=1");
	struct zone *z = zone_of(m, 0, ZONE_DMA32);
	unsigned long nmov = nr_pageblocks(m, z, MT_M), u, r;
	struct page *p, *want;

	(void)state;
	assert_int_equal(free_of_type(z, MT_U), 0);
	assert_int_equal(free_of_type(z, MT_R), 0);

	/* UNMOVABLE with only MOVABLE free: the first order-10 movable block. */
	want = first_free(z, MAX_PAGE_ORDER, MT_M);
	p = alloc_pages(m, GFP_KERNEL, 0);
	assert_ptr_equal(p, want);
	u = pfn(m, p);
	assert_int_equal(block_mt(m, u), MT_U);
	assert_int_equal(block_mt(m, u + m->pageblock_nr_pages), MT_U);
	assert_int_equal(nr_pageblocks(m, z, MT_M), nmov - 2);
	__free_pages(m, p, 0);
	drain_all_pages(m, NULL);
	assert_ptr_equal(first_free(z, MAX_PAGE_ORDER, MT_U), p);
	assert_int_equal(list_len(flist(z, MAX_PAGE_ORDER, MT_U)), 1);

	/* RECLAIMABLE: fallbacks[] says UNMOVABLE first, though MOVABLE abounds. */
	assert_true(list_len(flist(z, MAX_PAGE_ORDER, MT_M)) > 100);
	p = alloc_pages(m, GFP_RECL, 0);
	assert_int_equal(pfn(m, p), u);
	assert_int_equal(block_mt(m, u), MT_R);
	assert_int_equal(block_mt(m, u + m->pageblock_nr_pages), MT_R);
	assert_int_equal(nr_pageblocks(m, z, MT_M), nmov - 2);
	__free_pages(m, p, 0);
	drain_all_pages(m, NULL);
	assert_ptr_equal(first_free(z, MAX_PAGE_ORDER, MT_R), p);
	assert_int_equal(free_of_type(z, MT_U), 0);

	/* UNMOVABLE again: RECLAIMABLE before MOVABLE. */
	p = alloc_pages(m, GFP_KERNEL, 0);
	r = pfn(m, p);
	assert_int_equal(r, u);
	assert_int_equal(block_mt(m, r), MT_U);
	assert_int_equal(nr_pageblocks(m, z, MT_R), 0);
	assert_int_equal(nr_pageblocks(m, z, MT_M), nmov - 2);
	__free_pages(m, p, 0);
	drain_all_pages(m, NULL);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* fallbacks[MIGRATE_MOVABLE] (__rmqueue_fallback): RECLAIMABLE, UNMOVABLE. */
static void test_fallback_order_movable(void **state)
{
	/*
	 * fallbacks[MIGRATE_MOVABLE] = { RECLAIMABLE, UNMOVABLE }: with no movable
	 * order-10 block left, a movable order-10 request takes the reclaimable
	 * block first, then the unmovable one; a whole order-10 steal retypes both
	 * pageblocks (change_pageblock_range).
	 */
	struct machine *m = boot_drained("ram=1G cpus=1");
	struct zone *z = zone_of(m, 0, ZONE_DMA32);
	struct held h = { 0 };
	struct page *u, *r, *p;
	char *snap = buddyinfo_snapshot(m);
	unsigned long pb = m->pageblock_nr_pages;

	(void)state;
	u = alloc_pages(m, GFP_KERNEL, MAX_PAGE_ORDER);
	r = alloc_pages(m, GFP_RECL, MAX_PAGE_ORDER);
	assert_non_null(u);
	assert_non_null(r);
	assert_int_equal(block_mt(m, pfn(m, u)), MT_U);
	assert_int_equal(block_mt(m, pfn(m, u) + pb), MT_U);
	assert_int_equal(block_mt(m, pfn(m, r)), MT_R);
	assert_int_equal(block_mt(m, pfn(m, r) + pb), MT_R);
	__free_pages(m, u, MAX_PAGE_ORDER);
	__free_pages(m, r, MAX_PAGE_ORDER);
	assert_ptr_equal(first_free(z, MAX_PAGE_ORDER, MT_U), u);
	assert_ptr_equal(first_free(z, MAX_PAGE_ORDER, MT_R), r);

	/* Use up every movable order-10 block of the zone. */
	while (!list_empty(flist(z, MAX_PAGE_ORDER, MT_M))) {
		struct page *want = first_free(z, MAX_PAGE_ORDER, MT_M);

		p = alloc_pages(m, GFP_HIGHUSER_MOVABLE, MAX_PAGE_ORDER);
		assert_ptr_equal(p, want);
		hold(&h, p, MAX_PAGE_ORDER);
	}
	assert_true(h.n > 200);

	p = alloc_pages(m, GFP_HIGHUSER_MOVABLE, MAX_PAGE_ORDER);
	assert_ptr_equal(p, r);			/* RECLAIMABLE first */
	assert_int_equal(block_mt(m, pfn(m, r)), MT_M);
	assert_int_equal(block_mt(m, pfn(m, r) + pb), MT_M);
	assert_int_equal(block_mt(m, pfn(m, u)), MT_U);
	hold(&h, p, MAX_PAGE_ORDER);
	p = alloc_pages(m, GFP_HIGHUSER_MOVABLE, MAX_PAGE_ORDER);
	assert_ptr_equal(p, u);			/* then UNMOVABLE */
	assert_int_equal(block_mt(m, pfn(m, u)), MT_M);
	assert_int_equal(block_mt(m, pfn(m, u) + pb), MT_M);
	hold(&h, p, MAX_PAGE_ORDER);
	assert_int_equal(nr_pageblocks(m, z, MT_U), 0);
	assert_int_equal(nr_pageblocks(m, z, MT_R), 0);
	assert_checker_clean(m);

	release_all(m, &h);
	drain_all_pages(m, NULL);
	char *after = buddyinfo_snapshot(m);
	assert_string_equal(after, snap);
	free(after);
	free(snap);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* change_pageblock_range (steal_suitable_fallback): big steals retype all. */
static void test_steal_large_block_retypes_range(void **state)
{
	/*
	 * change_pageblock_range via steal_suitable_fallback: a steal of a free
	 * block of order >= pageblock_order retypes every pageblock it covers -
	 * two for an order-10 block, one for an order-9 block.
	 */
	struct machine *m = boot_drained("ram=32M cpus=1");
	struct zone *z = zone_of(m, 0, ZONE_DMA32);
	unsigned long nmov = nr_pageblocks(m, z, MT_M), b;
	struct held h = { 0 };
	struct page *p, *want;

	(void)state;
	assert_int_equal(nr_pageblocks(m, z, MT_U), 0);
	/* An order-10 request takes the order-10 movable block: 2 pageblocks. */
	want = first_free(z, MAX_PAGE_ORDER, MT_M);
	assert_non_null(want);
	p = alloc_pages(m, GFP_KERNEL, MAX_PAGE_ORDER);
	assert_ptr_equal(p, want);
	b = pfn(m, p);
	assert_int_equal(block_mt(m, b), MT_U);
	assert_int_equal(block_mt(m, b + m->pageblock_nr_pages), MT_U);
	assert_int_equal(nr_pageblocks(m, z, MT_U), 1UL << (MAX_PAGE_ORDER - m->pageblock_order));
	assert_int_equal(nr_pageblocks(m, z, MT_M), nmov - 2);
	hold(&h, p, MAX_PAGE_ORDER);

	/* No order-10 block left: an order-9 request retypes exactly one. */
	assert_true(list_empty(flist(z, MAX_PAGE_ORDER, MT_M)));
	want = first_free(z, m->pageblock_order, MT_M);
	assert_non_null(want);
	p = alloc_pages(m, GFP_RECL, m->pageblock_order);
	assert_ptr_equal(p, want);
	assert_int_equal(block_mt(m, pfn(m, p)), MT_R);
	assert_int_equal(nr_pageblocks(m, z, MT_R), 1);
	assert_int_equal(nr_pageblocks(m, z, MT_M), nmov - 3);
	hold(&h, p, m->pageblock_order);
	assert_checker_clean(m);
	release_all(m, &h);
	drain_all_pages(m, NULL);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* steal_suitable_fallback / move_freepages_block: claiming a pageblock. */
static void test_steal_claims_whole_pageblock(void **state)
{
	/*
	 * steal_suitable_fallback -> move_freepages_block: an UNMOVABLE order-0
	 * request that falls back into a MOVABLE pageblock (the largest movable
	 * block being below pageblock order) moves every free page of that block
	 * to its own lists and claims the block: free + "alike" (allocated pages
	 * that are not on the LRU) >= half a pageblock.
	 */
	struct machine *m = boot_drained("ram=32M cpus=1");
	struct zone *z = zone_of(m, 0, ZONE_DMA32);
	unsigned long nmov, blk, free_in_block = 0, mov_before;
	struct held h = { 0 };
	struct page *p, *largest;

	(void)state;
	assert_int_equal(z->per_cpu_pageset[0].batch, 1);
	for (unsigned int o = MAX_PAGE_ORDER; o >= m->pageblock_order; o--)
		while (!list_empty(flist(z, o, MT_M))) {
			p = alloc_pages(m, GFP_HIGHUSER_MOVABLE, o);
			assert_ptr_equal(page_zone(m, p), z);
			hold(&h, p, o);
		}
	largest = first_free(z, m->pageblock_order - 1, MT_M);
	assert_non_null(largest);
	blk = pageblock_start_pfn(m, pfn(m, largest));
	for (unsigned long q = blk; q < blk + m->pageblock_nr_pages; q++)
		if (PageBuddy(pfn_to_page(m, q)))
			free_in_block += 1UL << buddy_order(pfn_to_page(m, q));
	nmov = nr_pageblocks(m, z, MT_M);
	mov_before = free_of_type(z, MT_M);
	assert_int_equal(nr_pageblocks(m, z, MT_U), 0);

	p = alloc_pages(m, GFP_KERNEL, 0);
	assert_ptr_equal(page_zone(m, p), z);
	assert_true(pfn(m, p) >= blk && pfn(m, p) < blk + m->pageblock_nr_pages);
	assert_int_equal(block_mt(m, blk), MT_U);
	assert_int_equal(nr_pageblocks(m, z, MT_U), 1);
	assert_int_equal(nr_pageblocks(m, z, MT_M), nmov - 1);
	/* Every free page of the block moved to the unmovable lists. */
	assert_int_equal(free_of_type(z, MT_U), free_in_block - 1);
	assert_int_equal(free_of_type(z, MT_M), mov_before - free_in_block);
	hold(&h, p, 0);
	assert_checker_clean(m);
	release_all(m, &h);
	drain_all_pages(m, NULL);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* __rmqueue_fallback find_smallest: a movable request that may not steal. */
static void test_movable_fallback_takes_single_page(void **state)
{
	/*
	 * __rmqueue_fallback's find_smallest path: a MOVABLE order-0 request may
	 * not steal a whole pageblock (can_steal_fallback: order < pageblock_order
	 * / 2), so instead of the largest unmovable block it takes the smallest -
	 * a single page - and the pageblock keeps its type.
	 */
	struct machine *m = boot_drained("ram=32M cpus=1");
	struct zone *z = zone_of(m, 0, ZONE_DMA32);
	struct page *blk[1024], *p, *want;
	unsigned long a, nunmov, n0, n3;
	struct held h = { 0 };
	char *snap = buddyinfo_snapshot(m);

	(void)state;
	assert_int_equal(z->per_cpu_pageset[0].batch, 1);
	/* The zone's order-10 block becomes two unmovable pageblocks ... */
	blk[0] = alloc_pages(m, GFP_KERNEL, 0);
	a = pfn(m, blk[0]);
	assert_int_equal(a & 1023, 0);
	assert_int_equal(free_of_type(z, MT_U), 1023);
	/* ... all of which we allocate ... */
	for (unsigned int i = 1; i < 1024; i++) {
		blk[i] = alloc_pages(m, GFP_KERNEL, 0);
		assert_int_equal(pfn(m, blk[i]), a + i);
	}
	assert_int_equal(free_of_type(z, MT_U), 0);
	/* ... and give back every odd page, plus all of [a+8, a+16). */
	for (unsigned int i = 0; i < 1024; i++) {
		if ((i & 1) || (i >= 8 && i < 16))
			__free_pages(m, blk[i], 0);
		else
			hold(&h, blk[i], 0);
	}
	drain_all_pages(m, NULL);
	assert_true(PageBuddy(blk[8]));
	assert_int_equal(buddy_order(blk[8]), 3);
	assert_int_equal(list_len(flist(z, 0, MT_U)), 512 - 4);
	assert_int_equal(list_len(flist(z, 3, MT_U)), 1);
	assert_int_equal(free_of_type(z, MT_U), 516);

	/* Use up every movable block of the zone. */
	for (int o = MAX_PAGE_ORDER; o >= 0; o--)
		while (!list_empty(flist(z, (unsigned int)o, MT_M))) {
			p = alloc_pages(m, GFP_HIGHUSER_MOVABLE, (unsigned int)o);
			assert_ptr_equal(page_zone(m, p), z);
			hold(&h, p, (unsigned int)o);
		}
	assert_int_equal(free_of_type(z, MT_M), 0);
	nunmov = nr_pageblocks(m, z, MT_U);
	n0 = list_len(flist(z, 0, MT_U));
	n3 = list_len(flist(z, 3, MT_U));
	want = first_free(z, 0, MT_U);

	p = alloc_pages(m, GFP_HIGHUSER_MOVABLE, 0);
	assert_ptr_equal(p, want);		/* the smallest block, not the order-3 one */
	assert_int_equal(block_mt(m, a), MT_U);
	assert_int_equal(block_mt(m, a + m->pageblock_nr_pages), MT_U);
	assert_int_equal(nr_pageblocks(m, z, MT_U), nunmov);
	assert_int_equal(list_len(flist(z, 0, MT_U)), n0 - 1);
	assert_int_equal(list_len(flist(z, 3, MT_U)), n3);
	assert_ptr_equal(first_free(z, 3, MT_U), blk[8]);
	assert_int_equal(free_of_type(z, MT_M), 0);
	hold(&h, p, 0);
	assert_checker_clean(m);

	release_all(m, &h);
	drain_all_pages(m, NULL);
	char *after = buddyinfo_snapshot(m);
	assert_string_equal(after, snap);
	free(after);
	free(snap);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* ------------------------------------------------------------ per-CPU lists */

/* zone_batchsize and zone_highsize (Linux 6.6), written out. */
static int expected_batch(const struct zone *z)
{
	unsigned long b = z->managed_pages >> 10;

	if (b > (1UL << 20) / PAGE_SIZE)	/* SZ_1M / PAGE_SIZE */
		b = (1UL << 20) / PAGE_SIZE;
	b /= 4;
	if (b < 1)
		b = 1;
	b = rounddown_pow2(b + b / 2) - 1;
	return b < 1 ? 1 : (int)b;		/* max(1, zone_batchsize()) */
}

static int expected_high(struct machine *m, const struct zone *z, int batch)
{
	int cpus = 0, high;

	for (int c = 0; c < m->nr_cpu_ids; c++)
		if (m->cpus[c].node == z->zone_pgdat->node_id)
			cpus++;
	if (!cpus)
		cpus = m->nr_cpu_ids;
	high = (int)(low_wmark_pages(z) / (unsigned long)cpus);
	return high < batch * 4 ? batch * 4 : high;
}

/* zone_batchsize / zone_highsize / zone_pcp_update: pcp batch and high. */
static void test_pcp_batch_and_high(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	struct zone *z;
	char *zi;

	(void)state;
	for_each_populated_zone(m, z) {
		int batch = expected_batch(z);
		int high = expected_high(m, z, batch);

		for (int c = 0; c < m->nr_cpu_ids; c++) {
			assert_int_equal(z->per_cpu_pageset[c].batch, batch);
			assert_int_equal(z->per_cpu_pageset[c].high, high);
		}
	}
	/*
	 * The known numbers for x86_64 ram=1G cpus=2:
	 *  DMA32: managed 252925 -> 252925 >> 10 = 246 (< 256) -> / 4 = 61 ->
	 *         61 + 30 = 91 -> rounddown_pow_of_two = 64 -> batch 63;
	 *         high = low watermark 1249 / 2 CPUs = 624 (> 4 * 63).
	 *  DMA:   managed 3984 -> 3 -> 0 -> 1 -> rounddown_pow_of_two(1) - 1 = 0
	 *         -> batch max(1, 0) = 1; high = low 18 / 2 = 9 (> 4 * 1).
	 */
	z = zone_of(m, 0, ZONE_DMA32);
	assert_int_equal(z->per_cpu_pageset[1].batch, 63);
	assert_int_equal(z->per_cpu_pageset[1].high, 624);
	z = zone_of(m, 0, ZONE_DMA);
	assert_int_equal(z->per_cpu_pageset[1].batch, 1);
	assert_int_equal(z->per_cpu_pageset[1].high, 9);
	zi = view_text(m, "/proc/zoneinfo");
	assert_non_null(strstr(zi, "high:  624\n              batch: 63\n"));
	free(zi);
	mms_machine_free(m);
}

/* rmqueue_pcplist / rmqueue_bulk: a refill moves `batch` pages to the pcp. */
static void test_pcp_refill_takes_batch(void **state)
{
	/*
	 * rmqueue_pcplist / rmqueue_bulk: the first order-0 allocation on a CPU
	 * with an empty list takes `batch` pages from the buddy lists, in physical
	 * order (expand hands out the lowest page first), returns the first and
	 * keeps batch - 1.
	 */
	struct machine *m = boot_drained("ram=1G cpus=2");
	struct zone *z = zone_of(m, 0, ZONE_DMA32);
	int batch = z->per_cpu_pageset[1].batch;
	unsigned long free_before = zfree(z), b, i = 1;
	struct list_head *list = &z->per_cpu_pageset[1].lists[pindex(MT_U, 0)];
	struct page *p, *q;

	(void)state;
	assert_int_equal(batch, 63);
	assert_int_equal(mms_set_cpu(m, 1), 0);
	p = alloc_pages(m, GFP_KERNEL, 0);
	assert_non_null(p);
	assert_ptr_equal(page_zone(m, p), z);
	assert_int_equal(pcp_count(z, 1), batch - 1);
	assert_int_equal(pcp_count(z, 0), 0);
	assert_int_equal(zfree(z), free_before - (unsigned long)batch);
	b = pfn(m, p);
	list_for_each_entry(q, list, struct page, lru)
		assert_int_equal(pfn(m, q), b + i++);
	assert_int_equal(i, (unsigned long)batch);

	/* The next batch - 1 come from the list without touching the zone. */
	for (int k = 1; k < batch; k++) {
		q = alloc_pages(m, GFP_KERNEL, 0);
		assert_int_equal(pfn(m, q), b + (unsigned long)k);
		assert_int_equal(zfree(z), free_before - (unsigned long)batch);
	}
	assert_int_equal(pcp_count(z, 1), 0);
	q = alloc_pages(m, GFP_KERNEL, 0);	/* refill again */
	assert_int_equal(pcp_count(z, 1), batch - 1);
	assert_int_equal(zfree(z), free_before - 2UL * (unsigned long)batch);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* free_unref_page_commit: a page is freed to the CURRENT CPU's list head. */
static void test_pcp_free_to_current_cpu(void **state)
{
	struct machine *m = boot_drained("ram=1G cpus=2");
	struct zone *z = zone_of(m, 0, ZONE_DMA32);
	unsigned long free_before;
	struct page *p;
	int c0, c1;

	(void)state;
	assert_int_equal(mms_set_cpu(m, 0), 0);
	p = alloc_pages(m, GFP_KERNEL, 0);
	c0 = pcp_count(z, 0);
	c1 = pcp_count(z, 1);
	free_before = zfree(z);
	assert_int_equal(mms_set_cpu(m, 1), 0);
	assert_int_equal(m->cpu, 1);
	__free_pages(m, p, 0);
	assert_int_equal(pcp_count(z, 0), c0);
	assert_int_equal(pcp_count(z, 1), c1 + 1);
	assert_ptr_equal(list_first_entry(&z->per_cpu_pageset[1].lists[pindex(MT_U, 0)],
					  struct page, lru), p);
	assert_false(PageBuddy(p));
	assert_int_equal(page_ref_count(p), 0);
	assert_int_equal(zfree(z), free_before);	/* not back in the buddy */
	/* An order-2 free goes to the order-2 list of that CPU. */
	p = alloc_pages(m, GFP_HIGHUSER_MOVABLE, 2);
	assert_int_equal(mms_set_cpu(m, 0), 0);
	c0 = pcp_count(z, 0);
	__free_pages(m, p, 2);
	assert_int_equal(pcp_count(z, 0), c0 + 4);
	assert_ptr_equal(list_first_entry(&z->per_cpu_pageset[0].lists[pindex(MT_M, 2)],
					  struct page, lru), p);
	assert_int_equal(mms_set_cpu(m, 2), -EINVAL);
	assert_int_equal(m->cpu, 0);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* free_unref_page_commit / nr_pcp_free / free_pcppages_bulk at high. */
static void test_pcp_high_frees_in_growing_batches(void **state)
{
	/*
	 * free_unref_page_commit -> nr_pcp_free -> free_pcppages_bulk: once
	 * pcp->count reaches pcp->high, a batch goes back to the buddy lists,
	 * doubling (free_factor) while the CPU only frees, clamped to
	 * [batch, high - batch].
	 */
	struct machine *m = boot_drained("ram=1G cpus=2");
	struct zone *z = zone_of(m, 0, ZONE_DMA32);
	struct per_cpu_pages *pcp = &z->per_cpu_pageset[1];
	int high = pcp->high, batch = pcp->batch, count, ff;
	unsigned long drops[16], ndrops = 0;
	struct held h = { 0 };

	(void)state;
	assert_int_equal(mms_set_cpu(m, 1), 0);
	for (int i = 0; i < 1500; i++) {
		struct page *p = alloc_pages(m, GFP_KERNEL, 0);

		assert_non_null(p);
		hold(&h, p, 0);
	}
	assert_int_equal(pcp->free_factor, 0);	/* each allocation halves it */
	count = pcp->count;
	ff = pcp->free_factor;
	for (size_t i = 0; i < h.n; i++) {
		unsigned long free_before = zfree(z);

		__free_pages(m, h.page[i], 0);
		count++;
		if (count >= high) {
			/* nr_pcp_free (6.6) */
			int min_nr = batch, max_nr = high - batch, n = batch << ff;

			if (n < max_nr)
				ff++;
			if (n < min_nr)
				n = min_nr;
			if (n > max_nr)
				n = max_nr;
			if (n > count)
				n = count;
			count -= n;
			assert_int_equal(zfree(z), free_before + (unsigned long)n);
			if (ndrops < 16)
				drops[ndrops++] = (unsigned long)n;
		} else {
			assert_int_equal(zfree(z), free_before);
		}
		assert_int_equal(pcp->count, count);
		assert_int_equal(pcp->free_factor, ff);
	}
	/* For batch 63, high 624: 63, 126, 252, 504, then high - batch = 561. */
	assert_true(ndrops >= 4);
	assert_int_equal(drops[0], 63);
	assert_int_equal(drops[1], 126);
	assert_int_equal(drops[2], 252);
	assert_int_equal(drops[3], 504);
	free(h.page);
	free(h.order);
	/* An allocation halves free_factor again. */
	ff = pcp->free_factor;
	struct page *p = alloc_pages(m, GFP_KERNEL, 0);
	assert_int_equal(pcp->free_factor, ff >> 1);
	__free_pages(m, p, 0);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* drain_all_pages: every CPU's lists empty, the buddy lists as before. */
static void test_drain_all_pages_restores_buddy(void **state)
{
	struct machine *m = boot_drained("ram=1G cpus=2");
	char *snap = buddyinfo_snapshot(m), *after;
	unsigned long free_before = nr_free_pages(m);
	struct held h0 = { 0 }, h1 = { 0 };
	static const gfp_t gfps[] = { GFP_KERNEL, GFP_HIGHUSER_MOVABLE, GFP_RECL };
	struct zone *z;

	(void)state;
	for (int i = 0; i < 600; i++) {
		unsigned int order = i % 5 == 4 ? m->pageblock_order : (unsigned int)(i % 4);
		struct page *p;

		assert_int_equal(mms_set_cpu(m, i & 1), 0);
		p = alloc_pages(m, gfps[i % 3], order);
		assert_non_null(p);
		hold(i & 1 ? &h1 : &h0, p, order);
	}
	/* Free each CPU's blocks on the other CPU. */
	assert_int_equal(mms_set_cpu(m, 1), 0);
	release_all(m, &h0);
	assert_int_equal(mms_set_cpu(m, 0), 0);
	release_all(m, &h1);
	/* What is not back in the buddy lists sits on pcp lists. */
	assert_true(nr_free_pages(m) < free_before);
	assert_int_equal(nr_free_pages(m) + pcp_total(m), free_before);

	drain_all_pages(m, NULL);
	for_each_populated_zone(m, z)
		for (int c = 0; c < m->nr_cpu_ids; c++) {
			assert_int_equal(pcp_count(z, c), 0);
			for (int i = 0; i < NR_PCP_LISTS; i++)
				assert_true(list_empty(&z->per_cpu_pageset[c].lists[i]));
		}
	assert_int_equal(m->cpu, 0);
	assert_int_equal(nr_free_pages(m), free_before);
	after = buddyinfo_snapshot(m);
	assert_string_equal(after, snap);
	free(after);
	free(snap);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* ------------------------------------------------------- GFP zone choice */

/* gfp_zone: GFP_DMA -> ZONE_DMA; GFP_DMA32 -> DMA32 or below. */
static void test_gfp_dma_and_dma32(void **state)
{
	struct machine *m = boot_drained("ram=32M cpus=1");
	struct held h = { 0 };
	unsigned long in_dma = 0, in_dma32 = 0;
	struct page *p;

	(void)state;
	while ((p = alloc_pages(m, GFP_DMA | __GFP_NOWARN, 0))) {
		assert_int_equal(page_zonenum(p), ZONE_DMA);
		assert_true(pfn(m, p) < (16UL << 20) / PAGE_SIZE);
		hold(&h, p, 0);
	}
	assert_true(h.n > 3000);
	/* DMA is spent: GFP_DMA32 still works, from DMA32. */
	while ((p = alloc_pages(m, GFP_DMA32 | __GFP_NOWARN, 0))) {
		assert_true(page_zonenum(p) == ZONE_DMA32 || page_zonenum(p) == ZONE_DMA);
		in_dma += page_zonenum(p) == ZONE_DMA;
		in_dma32 += page_zonenum(p) == ZONE_DMA32;
		hold(&h, p, 0);
	}
	assert_true(in_dma32 > 2000);
	release_all(m, &h);
	drain_all_pages(m, NULL);

	/* Fresh machine: GFP_DMA32 prefers DMA32 and then falls to DMA. */
	mms_machine_free(m);
	m = boot_drained("ram=32M cpus=1");
	in_dma = in_dma32 = 0;
	while ((p = alloc_pages(m, GFP_DMA32 | __GFP_NOWARN, 0))) {
		assert_true(page_zonenum(p) == ZONE_DMA32 || page_zonenum(p) == ZONE_DMA);
		/* DMA only once DMA32 is below its low watermark. */
		if (page_zonenum(p) == ZONE_DMA && !in_dma) {
			struct zone *d32 = zone_of(m, 0, ZONE_DMA32);

			assert_false(zone_watermark_ok(d32, 0, low_wmark_pages(d32),
						       ZONE_DMA32, ALLOC_WMARK_LOW));
		}
		in_dma += page_zonenum(p) == ZONE_DMA;
		in_dma32 += page_zonenum(p) == ZONE_DMA32;
		hold(&h, p, 0);
	}
	assert_true(in_dma > 3000);
	assert_true(in_dma32 > 2000);
	release_all(m, &h);
	drain_all_pages(m, NULL);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* gfp_zone on a 6G x86_64: GFP_KERNEL in Normal, GFP_DMA32 below 4G. */
static void test_gfp_zones_6g(void **state)
{
	struct machine *m = boot_drained("ram=6G cpus=2");
	const unsigned long pfn_4g = (4UL << 30) / PAGE_SIZE;
	struct held h = { 0 };
	struct page *p;

	(void)state;
	assert_true(populated_zone(zone_of(m, 0, ZONE_NORMAL)));
	for (int i = 0; i < 1000; i++) {
		p = alloc_pages(m, GFP_KERNEL, (unsigned int)(i % 4));
		assert_int_equal(page_zonenum(p), ZONE_NORMAL);
		assert_true(pfn(m, p) >= pfn_4g);
		hold(&h, p, (unsigned int)(i % 4));
		p = alloc_pages(m, GFP_DMA32, (unsigned int)(i % 4));
		assert_int_equal(page_zonenum(p), ZONE_DMA32);
		assert_true(pfn(m, p) < pfn_4g);
		hold(&h, p, (unsigned int)(i % 4));
		p = alloc_pages(m, GFP_DMA, 0);
		assert_int_equal(page_zonenum(p), ZONE_DMA);
		hold(&h, p, 0);
	}
	p = alloc_pages(m, GFP_HIGHUSER_MOVABLE, 0);	/* no ZONE_MOVABLE: Normal */
	assert_int_equal(page_zonenum(p), ZONE_NORMAL);
	hold(&h, p, 0);
	assert_int_equal(gfp_zone(m, GFP_KERNEL), ZONE_NORMAL);
	assert_int_equal(gfp_zone(m, GFP_DMA32), ZONE_DMA32);
	assert_int_equal(gfp_zone(m, GFP_HIGHUSER), ZONE_NORMAL);	/* OPT_ZONE_HIGHMEM */
	assert_int_equal(gfp_zone(m, GFP_HIGHUSER_MOVABLE), ZONE_MOVABLE);
	release_all(m, &h);
	drain_all_pages(m, NULL);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* gfp_zone on i386: __GFP_HIGHMEM may use HighMem; GFP_KERNEL never does. */
static void test_gfp_i386_highmem(void **state)
{
	struct machine *m = boot_drained("arch=i386 ram=2G cpus=1");
	struct zone *high = zone_of(m, 0, ZONE_HIGHMEM);
	unsigned long high_free;
	struct held h = { 0 };
	struct page *p;
	unsigned long addr;

	(void)state;
	assert_true(populated_zone(high));
	p = alloc_pages(m, GFP_HIGHUSER, 0);
	assert_int_equal(page_zonenum(p), ZONE_HIGHMEM);
	__free_pages(m, p, 0);
	p = alloc_pages(m, GFP_HIGHUSER_MOVABLE, 0);
	assert_int_equal(page_zonenum(p), ZONE_HIGHMEM);
	__free_pages(m, p, 0);
	/* __get_free_pages drops __GFP_HIGHMEM: a direct-map address. */
	addr = __get_free_pages(m, GFP_HIGHUSER, 0);
	assert_true(addr >= m->arch->page_offset);
	assert_int_not_equal(page_zonenum(virt_to_page(m, addr)), ZONE_HIGHMEM);
	free_pages(m, addr, 0);
	drain_all_pages(m, NULL);

	high_free = zfree(high);
	while ((p = alloc_pages(m, GFP_KERNEL | __GFP_NOWARN, 0))) {
		assert_int_not_equal(page_zonenum(p), ZONE_HIGHMEM);
		hold(&h, p, 0);
	}
	assert_true(h.n > 200000);
	assert_int_equal(zfree(high), high_free);	/* untouched */
	assert_true(high_free > 250000);
	release_all(m, &h);
	drain_all_pages(m, NULL);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* __GFP_THISNODE: ZONELIST_NOFALLBACK, only the requested node's zones. */
static void test_gfp_thisnode(void **state)
{
	struct machine *m = boot_drained("nodes=2 cpus=4 ram=32M");
	unsigned long node0_free, miss;
	struct held h = { 0 };
	struct page *p;

	(void)state;
	assert_int_equal(m->cpus[0].node, 0);
	assert_int_equal(mms_set_cpu(m, 0), 0);
	node0_free = zfree(zone_of(m, 0, ZONE_DMA));
	while ((p = alloc_pages_node(m, 1, GFP_KERNEL | __GFP_THISNODE | __GFP_NOWARN, 0))) {
		assert_int_equal(page_to_nid(p), 1);
		hold(&h, p, 0);
	}
	assert_true(h.n > 2500);
	assert_int_equal(zfree(zone_of(m, 0, ZONE_DMA)), node0_free);
	/* Without __GFP_THISNODE the same request falls back to node 0. */
	miss = m->vm_numa_event[NUMA_MISS];
	p = alloc_pages_node(m, 1, GFP_KERNEL | __GFP_NOWARN, 0);
	assert_non_null(p);
	assert_int_equal(page_to_nid(p), 0);
	assert_int_equal(m->vm_numa_event[NUMA_MISS], miss + 1);
	hold(&h, p, 0);
	release_all(m, &h);
	drain_all_pages(m, NULL);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* prep_new_page: __GFP_ZERO clears the block; without it, no clearing. */
static void test_gfp_zero(void **state)
{
	struct machine *m = boot_drained("ram=1G cpus=1");
	struct page *p, *q;
	unsigned char *mem;

	(void)state;
	p = alloc_pages(m, GFP_KERNEL, 0);
	memset(page_address_host(m, p), 0xa5, PAGE_SIZE);
	__free_pages(m, p, 0);
	q = alloc_pages(m, GFP_KERNEL, 0);	/* pcp is LIFO: the same page */
	assert_ptr_equal(q, p);
	mem = page_address_host(m, q);
	assert_int_equal(mem[0], 0xa5);		/* not cleared */
	assert_int_equal(mem[PAGE_SIZE - 1], 0xa5);
	__free_pages(m, q, 0);
	q = alloc_pages(m, GFP_KERNEL | __GFP_ZERO, 0);
	assert_ptr_equal(q, p);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		if (mem[i])
			fail_msg("byte %zu of the __GFP_ZERO page is %#x", i, mem[i]);
	__free_pages(m, q, 0);

	/* Order 2: all four pages. */
	p = alloc_pages(m, GFP_KERNEL, 2);
	memset(page_address_host(m, p), 0x5a, 4 * PAGE_SIZE);
	__free_pages(m, p, 2);
	q = alloc_pages(m, GFP_KERNEL | __GFP_ZERO, 2);
	assert_ptr_equal(q, p);
	mem = page_address_host(m, q);
	for (size_t i = 0; i < 4 * PAGE_SIZE; i++)
		if (mem[i])
			fail_msg("byte %zu of the order-2 __GFP_ZERO block is %#x", i, mem[i]);
	__free_pages(m, q, 2);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* prep_compound_page: __GFP_COMP makes a head, tails and compound_order. */
static void test_gfp_comp(void **state)
{
	struct machine *m = boot_drained("ram=1G cpus=1");
	struct page *p;

	(void)state;
	p = alloc_pages(m, GFP_KERNEL | __GFP_COMP, 3);
	assert_true(PageHead(p));
	assert_false(PageTail(p));
	assert_int_equal(compound_order(p), 3);
	assert_ptr_equal(compound_head(p), p);
	for (int i = 1; i < 8; i++) {
		assert_true(PageTail(p + i));
		assert_false(PageHead(p + i));
		assert_ptr_equal(compound_head(p + i), p);
	}
	assert_false(PageTail(p + 8));
	__free_pages(m, p, 3);
	assert_false(PageHead(p));
	for (int i = 1; i < 8; i++)
		assert_false(PageTail(p + i));
	assert_int_equal(m->nr_bad_pages, 0);

	/* Without __GFP_COMP a block is not compound; order 0 never is. */
	p = alloc_pages(m, GFP_KERNEL, 3);
	assert_false(PageHead(p));
	assert_false(PageTail(p + 1));
	__free_pages(m, p, 3);
	p = alloc_pages(m, GFP_KERNEL | __GFP_COMP, 0);
	assert_false(PageHead(p));
	__free_pages(m, p, 0);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* ------------------------------------------------------------------- API */

/* alloc_pages_node: the node asked for; NUMA_NO_NODE: the CPU's node. */
static void test_alloc_pages_node(void **state)
{
	struct machine *m = boot_drained("nodes=2 cpus=4 ram=32M");
	struct page *p;

	(void)state;
	for (int nid = 0; nid < 2; nid++) {
		p = alloc_pages_node(m, nid, GFP_KERNEL, 1);
		assert_int_equal(page_to_nid(p), nid);
		__free_pages(m, p, 1);
	}
	for (int cpu = 0; cpu < 4; cpu++) {
		assert_int_equal(mms_set_cpu(m, cpu), 0);
		p = alloc_pages_node(m, NUMA_NO_NODE, GFP_KERNEL, 0);
		assert_int_equal(page_to_nid(p), m->cpus[cpu].node);
		__free_pages(m, p, 0);
		p = alloc_pages(m, GFP_KERNEL, 0);
		assert_int_equal(page_to_nid(p), m->cpus[cpu].node);
		__free_pages(m, p, 0);
	}
	assert_int_equal(m->cpus[3].node, 1);
	drain_all_pages(m, NULL);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* __get_free_pages / get_zeroed_page: PAGE_OFFSET + physical address. */
static void test_get_free_pages(void **state)
{
	struct machine *m = boot_drained("ram=1G cpus=1");
	unsigned long addr, z;
	struct page *p;

	(void)state;
	addr = __get_free_pages(m, GFP_KERNEL, 2);
	assert_true(addr != 0);
	p = virt_to_page(m, addr);
	assert_int_equal(addr, m->arch->page_offset + PFN_PHYS(pfn(m, p)));
	assert_int_equal(addr, page_address(m, p));
	assert_int_equal(pfn(m, p) & 3, 0);
	assert_int_equal(page_ref_count(p), 1);
	memset(page_address_host(m, p), 0xee, PAGE_SIZE);
	free_pages(m, addr, 2);
	assert_int_equal(page_ref_count(p), 0);

	/* get_zeroed_page hands out a cleared page even after garbage. */
	addr = __get_free_pages(m, GFP_KERNEL, 0);
	p = virt_to_page(m, addr);
	memset(page_address_host(m, p), 0xee, PAGE_SIZE);
	free_pages(m, addr, 0);
	z = get_zeroed_page(m, GFP_KERNEL);
	assert_int_equal(z, addr);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(((unsigned char *)page_address_host(m, p))[i], 0);
	free_pages(m, z, 0);
	assert_checker_clean(m);
	mms_machine_free(m);

	m = boot_drained("arch=i386 ram=256M cpus=1");
	addr = __get_free_pages(m, GFP_KERNEL, 0);
	assert_int_equal(addr, 0xc0000000UL + PFN_PHYS(pfn(m, virt_to_page(m, addr))));
	free_pages(m, addr, 0);
	mms_machine_free(m);
}

/* alloc_pages_exact / free_pages_exact: 5 pages out of an 8-page block. */
static void test_alloc_pages_exact(void **state)
{
	/*
	 * alloc_pages_exact / free_pages_exact: 5 pages come from an order-3
	 * block split into order-0 pages; the 3 past the end go back at once.
	 */
	struct machine *m = boot_drained("ram=32M cpus=1");
	struct zone *z = zone_of(m, 0, ZONE_DMA32);
	unsigned long free_before = zfree(z), addr;
	char *snap = buddyinfo_snapshot(m), *after;
	struct page *p;
	void *v;

	(void)state;
	assert_int_equal(z->per_cpu_pageset[0].batch, 1);
	v = alloc_pages_exact(m, 5 * PAGE_SIZE, GFP_KERNEL);
	assert_non_null(v);
	addr = (unsigned long)v;
	p = virt_to_page(m, addr);
	assert_ptr_equal(page_zone(m, p), z);
	assert_int_equal(pfn(m, p) & 7, 0);		/* an order-3 block */
	assert_int_equal(zfree(z), free_before - 8);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(page_ref_count(p + i), 1);
		assert_false(PageHead(p + i));
	}
	for (int i = 5; i < 8; i++) {
		assert_int_equal(page_ref_count(p + i), 0);
		assert_false(PageBuddy(p + i));		/* on the pcp list */
	}
	assert_int_equal(pcp_count(z, 0), 3);
	drain_all_pages(m, NULL);
	assert_int_equal(zfree(z), free_before - 5);
	assert_true(PageBuddy(p + 5));
	assert_int_equal(buddy_order(p + 5), 0);
	assert_true(PageBuddy(p + 6));
	assert_int_equal(buddy_order(p + 6), 1);

	free_pages_exact(m, v, 5 * PAGE_SIZE);
	assert_int_equal(m->nr_bad_pages, 0);
	assert_int_equal(pcp_count(z, 0), 5);
	drain_all_pages(m, NULL);
	assert_int_equal(zfree(z), free_before);
	after = buddyinfo_snapshot(m);
	assert_string_equal(after, snap);
	free(after);
	free(snap);
	assert_null(alloc_pages_exact(m, 0, GFP_KERNEL));
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* free_pages: by kernel virtual address; 0 is ignored; junk warns. */
static void test_free_pages_by_address(void **state)
{
	struct machine *m = boot_drained("ram=32M cpus=1");
	struct zone *z = zone_of(m, 0, ZONE_DMA32);
	unsigned long addr, free_before, total = nr_free_pages(m) + pcp_total(m);

	(void)state;
	addr = __get_free_pages(m, GFP_KERNEL, 2);
	assert_ptr_equal(page_zone(m, virt_to_page(m, addr)), z);
	assert_int_equal(nr_free_pages(m) + pcp_total(m), total - 4);
	free_pages(m, addr, 2);
	assert_int_equal(nr_free_pages(m) + pcp_total(m), total);
	for (int i = 0; i < 4; i++)
		assert_int_equal(page_ref_count(virt_to_page(m, addr) + i), 0);
	drain_all_pages(m, NULL);
	assert_non_null(free_block_of(m, pfn(m, virt_to_page(m, addr))));
	free_before = nr_free_pages(m);
	free_pages(m, 0, 0);
	assert_int_equal(nr_free_pages(m), free_before);
	assert_false(dmesg_has(m, "free_pages: bad address"));
	free_pages(m, 0x1234, 0);
	assert_true(dmesg_has(m, "WARNING: CPU: 0 PID: 0 at mm/page_alloc.c: free_pages: bad address 0x1234"));
	assert_int_equal(nr_free_pages(m), free_before);
	assert_int_equal(m->nr_bad_pages, 0);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* ------------------------------------------------ watermarks and failure */

/* What the slow path's zone_watermark_ok says for an order-0 request. */
static bool any_zone_ok(struct machine *m, gfp_t gfp, unsigned int alloc_flags)
{
	struct zone *z;
	int highest = (int)gfp_zone(m, gfp);

	for_each_populated_zone(m, z)
		if (zone_idx(z) <= highest &&
		    zone_watermark_ok(z, 0, min_wmark_pages(z), highest, alloc_flags))
			return true;
	return false;
}

/* The min mark a GFP_ATOMIC request sees (__zone_watermark_ok, 6.6). */
static long atomic_min(const struct zone *z)
{
	long min = (long)min_wmark_pages(z);

	min -= min / 2;		/* ALLOC_MIN_RESERVE (__GFP_HIGH) */
	min -= min / 4;		/* ALLOC_NON_BLOCK */
	return min;
}

/* __zone_watermark_ok / warn_alloc: where GFP_KERNEL and GFP_ATOMIC stop. */
static void test_alloc_until_watermark(void **state)
{
	/*
	 * get_page_from_freelist / __zone_watermark_ok: order-0 GFP_KERNEL
	 * allocations succeed exactly while some zone is above its min watermark
	 * plus the lowmem reserve; the failure is reported by warn_alloc (unless
	 * __GFP_NOWARN); GFP_ATOMIC then gets further (ALLOC_MIN_RESERVE |
	 * ALLOC_NON_BLOCK).
	 */
	struct machine *m = boot_drained("ram=32M cpus=1");
	struct zone *zones[2] = { zone_of(m, 0, ZONE_DMA32), zone_of(m, 0, ZONE_DMA) };
	const unsigned int kflags = ALLOC_WMARK_MIN;
	const unsigned int aflags = ALLOC_WMARK_MIN | ALLOC_MIN_RESERVE | ALLOC_NON_BLOCK;
	unsigned long expect_kernel = 0, expect_atomic = 0, n_atomic = 0, warns;
	struct held h = { 0 };
	struct page *p;

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct zone *z = zones[i];
		unsigned long stop = min_wmark_pages(z) + (unsigned long)z->lowmem_reserve[ZONE_NORMAL];

		assert_int_equal(z->per_cpu_pageset[0].batch, 1);
		assert_true(zfree(z) > stop);
		expect_kernel += zfree(z) - stop;
	}
	/* GFP_KERNEL | __GFP_NOWARN first: fails without a word. */
	for (;;) {
		bool ok = any_zone_ok(m, GFP_KERNEL, kflags);

		p = alloc_pages(m, GFP_KERNEL | __GFP_NOWARN, 0);
		assert_int_equal(p != NULL, ok);
		if (!p)
			break;
		hold(&h, p, 0);
	}
	assert_int_equal(h.n, expect_kernel);
	for (int i = 0; i < 2; i++) {
		struct zone *z = zones[i];

		assert_false(zone_watermark_ok(z, 0, min_wmark_pages(z), ZONE_NORMAL, kflags));
		assert_true(zone_watermark_ok(z, 0, min_wmark_pages(z) - 1, ZONE_NORMAL, kflags));
		assert_int_equal(zfree(z), min_wmark_pages(z) + (unsigned long)z->lowmem_reserve[ZONE_NORMAL]);
	}
	assert_false(dmesg_has(m, "page allocation failure"));

	/* The same request without __GFP_NOWARN: the kernel's report. */
	assert_null(alloc_pages(m, GFP_KERNEL, 0));
	assert_true(dmesg_has(m, "swapper/0: page allocation failure: order:0, mode:0xcc0(GFP_KERNEL), nodemask=(null),cpuset=/,mems_allowed=0"));
	assert_true(dmesg_has(m, "Call Trace:"));
	assert_true(dmesg_has(m, "Mem-Info:"));
	assert_true(dmesg_has(m, "lowmem_reserve[]:"));
	warns = dmesg_count(m, "page allocation failure");
	assert_int_equal(warns, 1);
	assert_null(alloc_pages(m, GFP_KERNEL | __GFP_NOWARN, 3));
	assert_int_equal(dmesg_count(m, "page allocation failure"), warns);

	/* GFP_ATOMIC dips below min: down to min/2 - (min/2)/4 (+ reserve). */
	for (int i = 0; i < 2; i++) {
		struct zone *z = zones[i];
		long stop = atomic_min(z) + z->lowmem_reserve[ZONE_NORMAL];

		assert_true((long)zfree(z) > stop);
		expect_atomic += zfree(z) - (unsigned long)stop;
	}
	for (;;) {
		bool ok = any_zone_ok(m, GFP_ATOMIC, aflags);

		p = alloc_pages(m, GFP_ATOMIC | __GFP_NOWARN, 0);
		assert_int_equal(p != NULL, ok);
		if (!p)
			break;
		hold(&h, p, 0);
		n_atomic++;
	}
	/* ram=32M: DMA32 min 67 -> 26, DMA min 96 -> 36 (+10 reserve): 41 + 60. */
	assert_int_equal(n_atomic, expect_atomic);
	assert_true(n_atomic > 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(zfree(zones[i]), (unsigned long)(atomic_min(zones[i]) +
				 zones[i]->lowmem_reserve[ZONE_NORMAL]));
	assert_true(zfree(zones[0]) < min_wmark_pages(zones[0]));
	assert_checker_clean(m);

	release_all(m, &h);
	drain_all_pages(m, NULL);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* __alloc_pages: WARN_ON_ONCE_GFP(order > MAX_PAGE_ORDER) and NULL. */
static void test_order_above_max(void **state)
{
	struct machine *m = boot_drained("ram=32M cpus=1");
	unsigned long free_before = nr_free_pages(m), pfnv = 0;

	(void)state;
	assert_null(alloc_pages(m, GFP_KERNEL | __GFP_NOWARN, MAX_PAGE_ORDER + 1));
	assert_false(dmesg_has(m, "MAX_PAGE_ORDER"));
	assert_null(alloc_pages(m, GFP_KERNEL, MAX_PAGE_ORDER + 1));
	assert_true(dmesg_has(m, "WARNING: CPU: 0 PID: 0 at mm/page_alloc.c: __alloc_pages: order 11 > MAX_PAGE_ORDER (10)"));
	assert_false(dmesg_has(m, "page allocation failure"));
	assert_int_equal(mms_alloc_pages(m, GFP_KERNEL, MAX_PAGE_ORDER + 1, NUMA_NO_NODE, &pfnv), -EINVAL);
	assert_int_equal(nr_free_pages(m), free_before);
	/* MAX_PAGE_ORDER itself is fine. */
	struct page *p = alloc_pages(m, GFP_KERNEL, MAX_PAGE_ORDER);
	assert_non_null(p);
	assert_int_equal(pfn(m, p) & (MAX_ORDER_NR_PAGES - 1), 0);
	__free_pages(m, p, MAX_PAGE_ORDER);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* reserve_highatomic_pageblock: MIGRATE_HIGHATOMIC reserves, capped. */
static void test_highatomic_reserve(void **state)
{
	/*
	 * reserve_highatomic_pageblock: a high-order GFP_ATOMIC allocation that
	 * needed the slow path sets its pageblock aside as MIGRATE_HIGHATOMIC
	 * (nr_reserved_highatomic += pageblock_nr_pages), up to managed / 100 +
	 * one pageblock per zone; pages freed there go back to the highatomic
	 * lists.
	 */
	struct machine *m = boot_drained("ram=32M cpus=1");
	const unsigned long pb = m->pageblock_nr_pages;
	struct held h = { 0 };
	struct page *p, *first;
	struct zone *z, *fz;
	unsigned long blk, cap_hit = 0;

	(void)state;
	/* Bring every zone down to its min watermark: the fast path fails. */
	while ((p = alloc_pages(m, GFP_KERNEL | __GFP_NOWARN, 0)))
		hold(&h, p, 0);
	for_each_populated_zone(m, z)
		assert_int_equal(z->nr_reserved_highatomic, 0);
	/*
	 * The free pages left sit in one pageblock per zone; give back an
	 * order-1 pair in each of three other DMA32 pageblocks, so that
	 * there is more than one block to reserve (6 pages: still below the
	 * low watermark, so the fast path still fails).
	 */
	struct zone *d32 = zone_of(m, 0, ZONE_DMA32);
	unsigned long last_blk = ~0UL, pairs = 0;

	for (size_t i = 0; i + 1 < h.n && pairs < 3; i++) {
		unsigned long q;

		if (!h.page[i] || !h.page[i + 1])
			continue;
		q = pfn(m, h.page[i]);
		if (page_zone(m, h.page[i]) != d32 || (q & 1) || h.page[i + 1] != h.page[i] + 1 ||
		    pageblock_start_pfn(m, q) == last_blk ||
		    pageblock_start_pfn(m, q) == pageblock_start_pfn(m, pfn(m, h.page[h.n - 1])))
			continue;
		last_blk = pageblock_start_pfn(m, q);
		__free_pages(m, h.page[i], 0);
		__free_pages(m, h.page[i + 1], 0);
		h.page[i] = h.page[i + 1] = NULL;
		pairs++;
	}
	assert_int_equal(pairs, 3);
	drain_all_pages(m, NULL);
	assert_true(zfree(d32) < low_wmark_pages(d32));

	first = alloc_pages(m, GFP_ATOMIC | __GFP_NOWARN, 1);
	assert_non_null(first);
	fz = page_zone(m, first);
	blk = pageblock_start_pfn(m, pfn(m, first));
	assert_int_equal(fz->nr_reserved_highatomic, pb);
	assert_int_equal(block_mt(m, blk), MT_H);
	/* Every free block inside it is now on a highatomic list. */
	for (unsigned long q = blk; q < blk + pb; q++) {
		struct page *qp = pfn_to_page(m, q);

		if (PageBuddy(qp)) {
			assert_int_equal(qp->index, MT_H);
			q += (1UL << buddy_order(qp)) - 1;
		}
	}
	assert_checker_clean(m);

	/* More: each reservation is one pageblock, never past the cap. */
	for (int i = 0; i < 500; i++) {
		unsigned long before[MAX_NR_ZONES];

		for_each_populated_zone(m, z)
			before[zone_idx(z)] = z->nr_reserved_highatomic;
		p = alloc_pages(m, GFP_ATOMIC | __GFP_NOWARN, 1);
		if (!p)
			break;
		hold(&h, p, 1);
		for_each_populated_zone(m, z) {
			unsigned long cap = z->managed_pages / 100 + pb;
			unsigned long now = z->nr_reserved_highatomic;

			if (now != before[zone_idx(z)]) {
				assert_int_equal(now, before[zone_idx(z)] + pb);
				assert_true(before[zone_idx(z)] < cap);
			}
			if (now >= cap)
				cap_hit++;
		}
	}
	for_each_populated_zone(m, z) {
		unsigned long cap = z->managed_pages / 100 + pb;

		assert_int_equal(z->nr_reserved_highatomic % pb, 0);
		assert_true(z->nr_reserved_highatomic < cap + pb);
		assert_int_equal(nr_pageblocks(m, z, MT_H) * pb, z->nr_reserved_highatomic);
	}
	assert_true(cap_hit > 0);
	/* ram=32M DMA32: managed 2941 -> cap 29 + 512 = 541 -> 2 pageblocks. */
	assert_int_equal(zone_of(m, 0, ZONE_DMA32)->nr_reserved_highatomic, 2 * pb);
	assert_checker_clean(m);

	/* A page freed in a highatomic block returns to the highatomic list. */
	__free_pages(m, first, 1);
	drain_all_pages(m, NULL);
	assert_non_null(free_block_of(m, pfn(m, first)));
	assert_int_equal(free_block_of(m, pfn(m, first))->index, MT_H);
	assert_int_equal(block_mt(m, blk), MT_H);
	assert_checker_clean(m);
	release_all(m, &h);
	drain_all_pages(m, NULL);
	assert_checker_clean(m);

	/*
	 * __free_one_page: a free highatomic pageblock never merges with a
	 * free buddy pageblock of an ordinary type (nothing unreserves the
	 * blocks before OOM in 6.6, so they are still reserved here).
	 */
	unsigned long apart = 0;

	for_each_populated_zone(m, z) {
		for (unsigned long q = pageblock_start_pfn(m, z->zone_start_pfn);
		     q < zone_end_pfn(z); q += pb) {
			unsigned long bud = q ^ pb;
			struct page *f1, *f2;

			if (q < z->zone_start_pfn || bud < z->zone_start_pfn ||
			    bud + pb > zone_end_pfn(z) || block_mt(m, q) != MT_H ||
			    block_mt(m, bud) == MT_H)
				continue;
			f1 = free_block_of(m, q);
			f2 = free_block_of(m, bud);
			if (!f1 || !f2 || buddy_order(f1) < m->pageblock_order ||
			    buddy_order(f2) < m->pageblock_order)
				continue;	/* not both wholly free */
			assert_int_equal(pfn(m, f1), q);
			assert_int_equal(buddy_order(f1), m->pageblock_order);
			assert_int_equal(f1->index, MT_H);
			assert_int_equal(pfn(m, f2), bud);
			assert_int_equal(buddy_order(f2), m->pageblock_order);
			apart++;
		}
	}
	assert_true(apart > 0);
	mms_machine_free(m);
}

/* ------------------------------------------------------------- bad pages */

struct page_snap {
	struct page pages[8];
	unsigned long n, free, pcp, bad;
};

static void snap_pages(struct machine *m, struct page *p, unsigned long n,
		       struct page_snap *s)
{
	struct zone *z;

	assert_true(n <= 8);
	memcpy(s->pages, p, n * sizeof(*p));
	s->n = n;
	s->free = nr_free_pages(m);
	s->pcp = 0;
	for_each_populated_zone(m, z)
		for (int c = 0; c < m->nr_cpu_ids; c++)
			s->pcp += (unsigned long)pcp_count(z, c);
	s->bad = m->nr_bad_pages;
}

/*
 * One bad free: exactly one more "BUG: Bad page state" report naming the
 * pfn and @reason, taint B, and nothing changed - the struct pages, the
 * free and pcp counts - and the checker still passes.
 */
static void assert_bad_free(struct machine *m, struct page *p, unsigned long n,
			    const struct page_snap *s, const char *reason)
{
	struct page_snap now;
	char line[128];

	snap_pages(m, p, n, &now);
	assert_int_equal(now.bad, s->bad + 1);
	assert_memory_equal(now.pages, s->pages, n * sizeof(struct page));
	assert_int_equal(now.free, s->free);
	assert_int_equal(now.pcp, s->pcp);
	snprintf(line, sizeof(line), "BUG: Bad page state in process %s  pfn:%05lx\n",
		 this_cpu(m)->comm, pfn(m, p));
	assert_true(dmesg_has(m, line));
	snprintf(line, sizeof(line), "page dumped because: %s\n", reason);
	assert_true(dmesg_has(m, line));
	assert_true(m->taint & (1UL << TAINT_BAD_PAGE));
	assert_checker_clean(m);
}

/* __free_pages / free_pages_check: freeing a free page (double free). */
static void test_bad_double_free(void **state)
{
	struct machine *m = boot_drained("ram=32M cpus=1");
	struct page_snap s;
	struct page *p;

	(void)state;
	p = alloc_pages(m, GFP_KERNEL, 0);
	__free_pages(m, p, 0);			/* now on the pcp list */
	snap_pages(m, p, 1, &s);
	__free_pages(m, p, 0);
	assert_bad_free(m, p, 1, &s, "VM_BUG_ON_PAGE(page_ref_count(page) == 0)");
	assert_false(m->log.buf && strstr(m->log.buf, "(double free)"));

	drain_all_pages(m, NULL);		/* now in the buddy lists */
	assert_true(PageBuddy(free_block_of(m, pfn(m, p))));
	snap_pages(m, p, 1, &s);
	__free_pages(m, p, 0);
	assert_bad_free(m, p, 1, &s, "VM_BUG_ON_PAGE(page_ref_count(page) == 0) (double free)");
	assert_int_equal(m->nr_bad_pages, 2);
	mms_machine_free(m);
}

/* free_pages_check: PAGE_FLAGS_CHECK_AT_FREE includes PG_reserved. */
static void test_bad_free_reserved(void **state)
{
	struct machine *m = boot_drained("ram=32M cpus=1");
	unsigned long pfns[2] = { 0, PFN_DOWN(m->image.start) };
	struct page_snap s;

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct page *p = pfn_to_page(m, pfns[i]);

		assert_true(PageReserved(p));
		assert_int_equal(page_ref_count(p), 1);
		snap_pages(m, p, 1, &s);
		__free_pages(m, p, 0);
		assert_bad_free(m, p, 1, &s, "PAGE_FLAGS_CHECK_AT_FREE flag(s) set");
		assert_true(PageReserved(p));
		assert_int_equal(page_ref_count(p), 1);
	}
	assert_true(dmesg_has(m, "flags: 0x4000(reserved|node=0|zone=0)"));
	mms_machine_free(m);
}

/* free_pages_check with the recorded allocation order (page_owner-like). */
static void test_bad_free_wrong_order(void **state)
{
	struct machine *m = boot_drained("ram=32M cpus=1");
	struct page_snap s;
	struct page *p;
	unsigned long free_before;

	(void)state;
	p = alloc_pages(m, GFP_KERNEL, 2);
	/* The order-3 free reaches four pages past the block: snapshot 8. */
	snap_pages(m, p, 8, &s);
	__free_pages(m, p, 0);
	assert_bad_free(m, p, 8, &s, "freed with order 0, allocated with order 2");
	snap_pages(m, p, 8, &s);
	__free_pages(m, p, 3);
	assert_bad_free(m, p, 8, &s, "freed with order 3, allocated with order 2");
	assert_int_equal(page_ref_count(p), 1);

	/* The right order still works afterwards. */
	free_before = nr_free_pages(m);
	__free_pages(m, p, 2);
	drain_all_pages(m, NULL);
	assert_int_equal(nr_free_pages(m), free_before + 4);
	assert_int_equal(m->nr_bad_pages, 2);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* free_pages_check -> page_bad_reason: a page still mapped (_mapcount 0). */
static void test_bad_free_mapped(void **state)
{
	struct machine *m = boot_drained("ram=32M cpus=1");
	struct page_snap s;
	struct page *p;

	(void)state;
	p = alloc_pages(m, GFP_HIGHUSER_MOVABLE, 0);
	p->_mapcount = 0;			/* mapped once */
	snap_pages(m, p, 1, &s);
	__free_pages(m, p, 0);
	assert_bad_free(m, p, 1, &s, "nonzero mapcount");
	assert_true(dmesg_has(m, "mapcount:1 "));
	assert_int_equal(p->_mapcount, 0);
	p->_mapcount = -1;			/* unmapped: now it may go */
	__free_pages(m, p, 0);
	assert_int_equal(m->nr_bad_pages, 1);
	drain_all_pages(m, NULL);
	assert_checker_clean(m);
	mms_machine_free(m);
}

/* __free_pages on a page the allocator never handed out (a free page). */
static void test_bad_free_never_allocated(void **state)
{
	struct machine *m = boot_drained("ram=32M cpus=1");
	struct zone *z = zone_of(m, 0, ZONE_DMA32);
	struct page_snap s;
	struct page *p = first_free(z, 4, MT_M);

	(void)state;
	assert_non_null(p);
	snap_pages(m, p, 8, &s);
	__free_pages(m, p, 4);
	assert_bad_free(m, p, 8, &s, "VM_BUG_ON_PAGE(page_ref_count(page) == 0) (double free)");
	/* A page inside a free block, not its head. */
	snap_pages(m, p + 3, 1, &s);
	__free_pages(m, p + 3, 0);
	assert_bad_free(m, p + 3, 1, &s, "VM_BUG_ON_PAGE(page_ref_count(page) == 0)");
	assert_true(PageBuddy(p));
	assert_int_equal(buddy_order(p), 4);
	mms_machine_free(m);
}

/* mms_free_pages: -EINVAL for every bad free; a pfn with no struct page. */
static void test_bad_free_public_api(void **state)
{
	struct machine *m = boot_drained("ram=32M cpus=1");
	unsigned long p = 0, free_before;
	struct page_snap s;

	(void)state;
	assert_int_equal(mms_alloc_pages(m, GFP_KERNEL, 1, NUMA_NO_NODE, &p), 0);
	assert_int_equal(mms_free_pages(m, p, 0), -EINVAL);	/* wrong order */
	assert_true(dmesg_has(m, "page dumped because: freed with order 0, allocated with order 1"));
	assert_int_equal(mms_free_pages(m, p, 1), 0);
	drain_all_pages(m, NULL);
	snap_pages(m, pfn_to_page(m, p), 2, &s);
	assert_int_equal(mms_free_pages(m, p, 1), -EINVAL);	/* double free */
	assert_bad_free(m, pfn_to_page(m, p), 2, &s,
			"VM_BUG_ON_PAGE(page_ref_count(page) == 0) (double free)");
	assert_int_equal(mms_free_pages(m, 0, 0), -EINVAL);	/* reserved */
	assert_int_equal(m->nr_bad_pages, 3);

	free_before = nr_free_pages(m);
	assert_int_equal(mms_free_pages(m, m->memmap_pfns, 0), -EINVAL);
	assert_int_equal(m->nr_bad_pages, 3);			/* not a bad page */
	char line[160];
	snprintf(line, sizeof(line), "WARNING: CPU: 0 PID: 0 at mm/page_alloc.c: __free_pages: pfn %#lx has no struct page",
		 m->memmap_pfns);
	assert_true(dmesg_has(m, line));
	assert_int_equal(mms_free_pages(m, m->memmap_pfns + 12345, 0), -EINVAL);
	assert_int_equal(mms_free_pages(m, p, MAX_PAGE_ORDER + 1), -EINVAL);
	assert_true(dmesg_has(m, "__free_pages: order 11 > MAX_PAGE_ORDER"));
	assert_int_equal(nr_free_pages(m), free_before);
	drain_all_pages(m, NULL);
	assert_checker_clean(m);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expand_splits_smallest_block),
		cmocka_unit_test(test_free_merges_with_pfn_xor_buddy),
		cmocka_unit_test(test_buddy_merge_likely_adds_to_tail),
		cmocka_unit_test(test_fallback_order_unmovable_reclaimable),
		cmocka_unit_test(test_fallback_order_movable),
		cmocka_unit_test(test_steal_large_block_retypes_range),
		cmocka_unit_test(test_steal_claims_whole_pageblock),
		cmocka_unit_test(test_movable_fallback_takes_single_page),
		cmocka_unit_test(test_pcp_batch_and_high),
		cmocka_unit_test(test_pcp_refill_takes_batch),
		cmocka_unit_test(test_pcp_free_to_current_cpu),
		cmocka_unit_test(test_pcp_high_frees_in_growing_batches),
		cmocka_unit_test(test_drain_all_pages_restores_buddy),
		cmocka_unit_test(test_gfp_dma_and_dma32),
		cmocka_unit_test(test_gfp_zones_6g),
		cmocka_unit_test(test_gfp_i386_highmem),
		cmocka_unit_test(test_gfp_thisnode),
		cmocka_unit_test(test_gfp_zero),
		cmocka_unit_test(test_gfp_comp),
		cmocka_unit_test(test_alloc_pages_node),
		cmocka_unit_test(test_get_free_pages),
		cmocka_unit_test(test_alloc_pages_exact),
		cmocka_unit_test(test_free_pages_by_address),
		cmocka_unit_test(test_alloc_until_watermark),
		cmocka_unit_test(test_order_above_max),
		cmocka_unit_test(test_highatomic_reserve),
		cmocka_unit_test(test_bad_double_free),
		cmocka_unit_test(test_bad_free_reserved),
		cmocka_unit_test(test_bad_free_wrong_order),
		cmocka_unit_test(test_bad_free_mapped),
		cmocka_unit_test(test_bad_free_never_allocated),
		cmocka_unit_test(test_bad_free_public_api),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
