// SPDX-License-Identifier: MIT
/*
 * page_alloc.c - the buddy page allocator (Linux mm/page_alloc.c, 6.6).
 *
 * Each zone keeps free blocks of 2^order pages, order 0..MAX_PAGE_ORDER, in
 * free_area[order].free_list[migratetype].  Allocation takes the smallest
 * block that fits and splits off the unused halves (expand); freeing
 * merges a block with its buddy - the block at pfn ^ (1 << order) - for as
 * long as the buddy is free and of the same order (__free_one_page).
 *
 * Above the buddy lists sit the per-CPU page lists (struct per_cpu_pages):
 * order-0..3 and pageblock-order pages are freed to and allocated from the
 * current CPU's lists without touching the zone, which are refilled and
 * drained in batches.  This is the fast path:
 *
 *   alloc_pages -> __alloc_pages -> get_page_from_freelist
 *        -> zone_watermark_fast -> rmqueue -> rmqueue_pcplist (fast)
 *                                         -> rmqueue_buddy   (slow)
 *   __free_pages -> free_unref_page -> free_unref_page_commit (fast)
 *                                   -> free_pcppages_bulk -> __free_one_page
 *
 * When the zones are below their low watermarks the slow path
 * (__alloc_pages_slowpath) wakes kswapd, dips into the min reserve, and
 * would reclaim, compact and OOM-kill; those mechanisms arrive in later
 * issues and are named entry points at the bottom of this file.
 *
 * Anti-fragmentation: every pageblock has a migratetype; a request first
 * looks at its own type's lists, then steals from others in the order of
 * the fallbacks[] table, taking the whole pageblock when the request is
 * large or the block is mostly free (steal_suitable_fallback).
 *
 * Differences from Linux, on purpose:
 *  - Free-page accounting (NR_FREE_PAGES, NR_FREE_CMA_PAGES) is done where
 *    pages enter and leave the free lists, as Linux 6.10 does; a free page
 *    remembers the list it is on in page->index.
 *  - A bad free (double free, reserved page, wrong order, still mapped) is
 *    reported as Linux does, but the page is left exactly as it was, so the
 *    machine stays consistent; Linux would leak or corrupt it.
 *  - The allocation order is recorded in page->flags (as page_owner would)
 *    so that freeing with the wrong order is caught.
 *  - One host thread: no locks; counters are exact.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cma.h"
#include "highmem.h"
#include "internal.h"
#include "page_isolation.h"

const char *const migratetype_names[MIGRATE_TYPES] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

/*
 * fallbacks - the order in which a migratetype steals from the others
 * when its own free lists are empty (mm/page_alloc.c fallbacks[]).
 */
static const int fallbacks[MIGRATE_PCPTYPES][MIGRATE_PCPTYPES - 1] = {
	[MIGRATE_UNMOVABLE]   = { MIGRATE_RECLAIMABLE, MIGRATE_MOVABLE },
	[MIGRATE_MOVABLE]     = { MIGRATE_RECLAIMABLE, MIGRATE_UNMOVABLE },
	[MIGRATE_RECLAIMABLE] = { MIGRATE_UNMOVABLE, MIGRATE_MOVABLE },
};

#define FPI_NONE	0
#define FPI_TO_TAIL	1

static inline bool is_migrate_cma(int mt) { return mt == MIGRATE_CMA; }
static inline bool is_migrate_isolate(int mt) { return mt == MIGRATE_ISOLATE; }
static inline bool is_migrate_highatomic(int mt) { return mt == MIGRATE_HIGHATOMIC; }
static inline bool migratetype_is_mergeable(int mt) { return mt < MIGRATE_PCPTYPES; }

/* ------------------------------------------------------------------------
 * Pageblock migratetypes
 */

static inline uint8_t *pageblock_byte(struct machine *m, struct zone *zone,
				      unsigned long pfn)
{
	unsigned long base = pageblock_start_pfn(m, zone->zone_start_pfn);

	return &zone->pageblock_flags[(pfn - base) >> m->pageblock_order];
}

static inline int get_pfnblock_migratetype(struct machine *m,
					   const struct page *page,
					   unsigned long pfn)
{
	return *pageblock_byte(m, page_zone(m, page), pfn) & 0x7;
}

/**
 * get_pageblock_migratetype - the migratetype of the pageblock holding @page.
 */
int get_pageblock_migratetype(struct machine *m, const struct page *page)
{
	return get_pfnblock_migratetype(m, page, page_to_pfn(m, page));
}

/**
 * set_pageblock_migratetype - set the migratetype of @page's pageblock.
 */
void set_pageblock_migratetype(struct machine *m, struct page *page, int mt)
{
	uint8_t *b = pageblock_byte(m, page_zone(m, page), page_to_pfn(m, page));

	*b = (uint8_t)((*b & ~0x7) | mt);
}

/* ------------------------------------------------------------------------
 * Free lists
 */

/* account_freepages (6.10): isolated pages are not free to allocate. */
static inline void account_freepages(struct zone *zone, long nr, int mt)
{
	if (is_migrate_isolate(mt))
		return;
	__mod_zone_page_state(zone, NR_FREE_PAGES, nr);
	if (is_migrate_cma(mt))
		__mod_zone_page_state(zone, NR_FREE_CMA_PAGES, nr);
}

static inline void __add_to_free_list(struct page *page, struct zone *zone,
				      unsigned int order, int mt, bool tail)
{
	struct free_area *area = &zone->free_area[order];

	if (tail)
		list_add_tail(&page->lru, &area->free_list[mt]);
	else
		list_add(&page->lru, &area->free_list[mt]);
	area->nr_free++;
	page->index = (unsigned long)mt;
	set_buddy_order(page, order);
	account_freepages(zone, 1L << order, mt);
}

static inline void del_page_from_free_list(struct page *page, struct zone *zone,
					   unsigned int order)
{
	list_del(&page->lru);
	ClearPageBuddy(page);
	page->private = 0;
	zone->free_area[order].nr_free--;
	account_freepages(zone, -(1L << order), (int)page->index);
}

/* Move a free block to another migratetype's list, at the tail. */
static inline void move_to_free_list(struct page *page, struct zone *zone,
				     unsigned int order, int mt)
{
	struct free_area *area = &zone->free_area[order];

	list_move_tail(&page->lru, &area->free_list[mt]);
	account_freepages(zone, -(1L << order), (int)page->index);
	account_freepages(zone, 1L << order, mt);
	page->index = (unsigned long)mt;
}

static inline struct page *get_page_from_free_area(struct free_area *area,
						   int mt)
{
	if (list_empty(&area->free_list[mt]))
		return NULL;
	return list_first_entry(&area->free_list[mt], struct page, lru);
}

static inline bool free_area_empty(const struct free_area *area, int mt)
{
	return list_empty(&area->free_list[mt]);
}

/* ------------------------------------------------------------------------
 * Buddy merging
 */

/*
 * page_is_buddy - @buddy is free, of the same @order and in the same zone
 * and node as @page, so the two can merge.
 */
static inline bool page_is_buddy(const struct page *page,
				 const struct page *buddy, unsigned int order)
{
	if (!PageBuddy(buddy) || buddy_order(buddy) != order)
		return false;
	return (page->flags >> ZONES_PGSHIFT) == (buddy->flags >> ZONES_PGSHIFT);
}

static inline struct page *find_buddy_page_pfn(struct machine *m,
					       struct page *page,
					       unsigned long pfn,
					       unsigned int order)
{
	unsigned long buddy_pfn = pfn ^ (1UL << order);
	struct page *buddy = page + ((long)buddy_pfn - (long)pfn);

	if (buddy_pfn >= m->max_pfn)
		return NULL;
	return page_is_buddy(page, buddy, order) ? buddy : NULL;
}

/*
 * buddy_merge_likely - if the block just freed would merge once its own
 * buddy's buddy is freed, put it at the tail so it is not handed out
 * again at once and the merge gets a chance (mm/page_alloc.c).
 */
static inline bool buddy_merge_likely(struct machine *m, unsigned long pfn,
				      struct page *page, unsigned int order)
{
	unsigned long buddy_pfn = pfn ^ (1UL << order);
	unsigned long higher_pfn = buddy_pfn & pfn;
	struct page *higher = page + ((long)higher_pfn - (long)pfn);

	if (order >= MAX_PAGE_ORDER - 1)
		return false;
	return find_buddy_page_pfn(m, higher, higher_pfn, order + 1) != NULL;
}

/*
 * __free_one_page - put a block of 2^order pages back, merging it with its
 * buddies as far as they are free.
 */
static void __free_one_page(struct machine *m, struct page *page,
			    unsigned long pfn, struct zone *zone,
			    unsigned int order, int migratetype, int fpi_flags)
{
	bool to_tail;

	while (order < MAX_PAGE_ORDER) {
		struct page *buddy = find_buddy_page_pfn(m, page, pfn, order);
		unsigned long buddy_pfn, combined_pfn;

		if (!buddy)
			break;
		buddy_pfn = pfn ^ (1UL << order);
		/*
		 * Never merge a pageblock that may not fall back (isolated,
		 * CMA, highatomic) with an ordinary one.
		 */
		if (order >= m->pageblock_order) {
			int buddy_mt = get_pfnblock_migratetype(m, buddy, buddy_pfn);

			if (migratetype != buddy_mt &&
			    (!migratetype_is_mergeable(migratetype) ||
			     !migratetype_is_mergeable(buddy_mt)))
				break;
		}
		del_page_from_free_list(buddy, zone, order);
		combined_pfn = buddy_pfn & pfn;
		page = page + ((long)combined_pfn - (long)pfn);
		pfn = combined_pfn;
		order++;
	}

	if (fpi_flags & FPI_TO_TAIL)
		to_tail = true;
	else
		to_tail = buddy_merge_likely(m, pfn, page, order);
	__add_to_free_list(page, zone, order, migratetype, to_tail);
}

/* ------------------------------------------------------------------------
 * Allocating from the buddy lists
 */

/*
 * expand - split a block of order @high down to order @low, putting the
 * upper halves on the free lists; the lowest 2^low pages are the caller's.
 */
static inline void expand(struct zone *zone, struct page *page, unsigned int low,
			  unsigned int high, int migratetype)
{
	unsigned long size = 1UL << high;

	while (high > low) {
		high--;
		size >>= 1;
		__add_to_free_list(&page[size], zone, high, migratetype, false);
	}
}

/* __rmqueue_smallest - the smallest free block of @migratetype, split. */
static struct page *__rmqueue_smallest(struct zone *zone, unsigned int order,
				       int migratetype)
{
	for (unsigned int cur = order; cur < NR_PAGE_ORDERS; cur++) {
		struct free_area *area = &zone->free_area[cur];
		struct page *page = get_page_from_free_area(area, migratetype);

		if (!page)
			continue;
		del_page_from_free_list(page, zone, cur);
		expand(zone, page, order, cur, migratetype);
		page->index = (unsigned long)migratetype;	/* pcp migratetype */
		return page;
	}
	return NULL;
}

static struct page *__rmqueue_cma_fallback(struct zone *zone, unsigned int order)
{
	return __rmqueue_smallest(zone, order, MIGRATE_CMA);
}

/**
 * move_freepages_block - move every free block of the pageblock holding
 * @page onto @migratetype's lists; count the free pages and the in-use
 * pages that look movable (PageLRU), as the stealing heuristic needs.
 */
unsigned long move_freepages_block(struct machine *m, struct zone *zone,
					  struct page *page, int migratetype,
					  unsigned long *num_movable)
{
	unsigned long start = pageblock_start_pfn(m, page_to_pfn(m, page));
	unsigned long end = start + m->pageblock_nr_pages;
	unsigned long pfn, pages_moved = 0;

	if (num_movable)
		*num_movable = 0;
	/* A block cut by the zone's start begins at the page; one cut by its end is left. */
	if (!zone_spans_pfn(zone, start))
		start = page_to_pfn(m, page);
	if (!zone_spans_pfn(zone, end - 1))
		return 0;
	pfn = start;
	while (pfn < end) {
		struct page *p = pfn_to_page(m, pfn);

		if (!PageBuddy(p)) {
			if (num_movable && PageLRU(p))
				(*num_movable)++;
			pfn++;
			continue;
		}
		unsigned int order = buddy_order(p);

		move_to_free_list(p, zone, order, migratetype);
		pfn += 1UL << order;
		pages_moved += 1UL << order;
	}
	return pages_moved;
}

static void change_pageblock_range(struct machine *m, struct page *page,
				   unsigned int start_order, int migratetype)
{
	long nr = 1L << (start_order - m->pageblock_order);

	while (nr-- > 0) {
		set_pageblock_migratetype(m, page, migratetype);
		page += m->pageblock_nr_pages;
	}
}

/*
 * can_steal_fallback - may a request of @order and @start_mt take over the
 * whole pageblock it falls back into?  Always for large requests;
 * unmovable and reclaimable requests are encouraged to, so as to pollute as
 * few blocks as possible.
 */
static bool can_steal_fallback(struct machine *m, unsigned int order,
			       int start_mt)
{
	if (order >= m->pageblock_order)
		return true;
	if (order >= m->pageblock_order / 2 ||
	    start_mt == MIGRATE_RECLAIMABLE || start_mt == MIGRATE_UNMOVABLE ||
	    m->page_group_by_mobility_disabled)
		return true;
	return false;
}

/*
 * steal_suitable_fallback - having found @page on another type's list,
 * move it (and, if allowed and worthwhile, its whole pageblock) to
 * @start_type.  The block changes type when at least half of it is free
 * or compatible with the new type.
 */
static void steal_suitable_fallback(struct machine *m, struct zone *zone,
				    struct page *page, int start_type,
				    bool whole_block)
{
	unsigned int current_order = buddy_order(page);
	unsigned long free_pages, movable_pages, alike_pages;
	int old_block_type = get_pageblock_migratetype(m, page);

	/* A highatomic block keeps its type (and its accounting). */
	if (is_migrate_highatomic(old_block_type))
		goto single_page;
	if (current_order >= m->pageblock_order) {
		change_pageblock_range(m, page, current_order, start_type);
		goto single_page;
	}
	if (!whole_block)
		goto single_page;

	free_pages = move_freepages_block(m, zone, page, start_type,
					  &movable_pages);
	if (free_pages == 0)
		goto single_page;
	if (start_type == MIGRATE_MOVABLE)
		alike_pages = movable_pages;
	else if (old_block_type == MIGRATE_MOVABLE)
		alike_pages = m->pageblock_nr_pages - (free_pages + movable_pages);
	else
		alike_pages = 0;
	if (free_pages + alike_pages >= (1UL << (m->pageblock_order - 1)) ||
	    m->page_group_by_mobility_disabled)
		set_pageblock_migratetype(m, page, start_type);
	return;

single_page:
	move_to_free_list(page, zone, current_order, start_type);
}

/*
 * find_suitable_fallback - the first type in fallbacks[@migratetype] with
 * a free block of @order; *can_steal says whether to take the pageblock.
 */
static int find_suitable_fallback(struct machine *m, struct free_area *area,
				  unsigned int order, int migratetype,
				  bool *can_steal)
{
	*can_steal = false;
	if (area->nr_free == 0)
		return -1;
	for (int i = 0; i < MIGRATE_PCPTYPES - 1; i++) {
		int fallback_mt = fallbacks[migratetype][i];

		if (free_area_empty(area, fallback_mt))
			continue;
		if (can_steal_fallback(m, order, migratetype))
			*can_steal = true;
		return fallback_mt;
	}
	return -1;
}

/*
 * __rmqueue_fallback - steal from another migratetype: the largest block
 * first (so as to take over a whole pageblock), except that a movable
 * request that may not steal takes the smallest block that fits.
 */
static bool __rmqueue_fallback(struct machine *m, struct zone *zone,
			       unsigned int order, int start_migratetype,
			       unsigned int alloc_flags)
{
	unsigned int min_order = order;
	int current_order, fallback_mt = -1;
	bool can_steal = false;
	struct page *page;

	/* Avoid fragmenting: only whole pageblocks while ALLOC_NOFRAGMENT. */
	if (order < m->pageblock_order && (alloc_flags & ALLOC_NOFRAGMENT))
		min_order = m->pageblock_order;

	for (current_order = MAX_PAGE_ORDER; current_order >= (int)min_order;
	     current_order--) {
		fallback_mt = find_suitable_fallback(m, &zone->free_area[current_order],
						     (unsigned int)current_order,
						     start_migratetype, &can_steal);
		if (fallback_mt == -1)
			continue;
		if (!can_steal && start_migratetype == MIGRATE_MOVABLE &&
		    current_order > (int)order)
			goto find_smallest;
		goto do_steal;
	}
	return false;

find_smallest:
	for (current_order = (int)order; current_order < NR_PAGE_ORDERS;
	     current_order++) {
		fallback_mt = find_suitable_fallback(m, &zone->free_area[current_order],
						     (unsigned int)current_order,
						     start_migratetype, &can_steal);
		if (fallback_mt != -1)
			break;
	}
	if (current_order >= NR_PAGE_ORDERS)
		return false;

do_steal:
	page = get_page_from_free_area(&zone->free_area[current_order], fallback_mt);
	steal_suitable_fallback(m, zone, page, start_migratetype, can_steal);
	return true;
}

/* __rmqueue - one block of @order for @migratetype, falling back as needed. */
static struct page *__rmqueue(struct machine *m, struct zone *zone,
			      unsigned int order, int migratetype,
			      unsigned int alloc_flags)
{
	struct page *page;

	/*
	 * Balance movable allocations between the regular and the CMA area:
	 * use CMA first when it holds over half of the zone's free memory.
	 */
	if ((alloc_flags & ALLOC_CMA) &&
	    zone_page_state(zone, NR_FREE_CMA_PAGES) >
		    zone_page_state(zone, NR_FREE_PAGES) / 2) {
		page = __rmqueue_cma_fallback(zone, order);
		if (page)
			return page;
	}
	for (;;) {
		page = __rmqueue_smallest(zone, order, migratetype);
		if (page)
			return page;
		if (alloc_flags & ALLOC_CMA) {
			page = __rmqueue_cma_fallback(zone, order);
			if (page)
				return page;
		}
		if (!__rmqueue_fallback(m, zone, order, migratetype, alloc_flags))
			return NULL;
	}
}

/* What one allocation asks for (struct alloc_context, mm/internal.h). */
struct alloc_context {
	struct zonelist *zonelist;
	struct zoneref *preferred_zoneref;
	int migratetype;
	enum zone_type highest_zoneidx;
	int preferred_nid;
};

/* ------------------------------------------------------------------------
 * Highatomic reserves
 */

/*
 * reserve_highatomic_pageblock - a high-order atomic allocation succeeded:
 * set its pageblock aside for future ones, up to 1% of the zone plus one
 * pageblock.
 */
static void reserve_highatomic_pageblock(struct machine *m, struct page *page,
					 struct zone *zone)
{
	unsigned long max_managed = zone->managed_pages / 100 + m->pageblock_nr_pages;
	int mt;

	if (zone->nr_reserved_highatomic >= max_managed)
		return;
	mt = get_pageblock_migratetype(m, page);
	/* Only ordinary blocks become highatomic. */
	if (!migratetype_is_mergeable(mt))
		return;
	zone->nr_reserved_highatomic += m->pageblock_nr_pages;
	set_pageblock_migratetype(m, page, MIGRATE_HIGHATOMIC);
	move_freepages_block(m, zone, page, MIGRATE_HIGHATOMIC, NULL);
}

/*
 * unreserve_highatomic_pageblock - give highatomic blocks back to the
 * requesting type before the allocator gives up.  With @force, even the
 * last one.
 */
static bool unreserve_highatomic_pageblock(struct machine *m,
					   const struct alloc_context *ac, bool force)
{
	int migratetype = ac->migratetype;
	struct zoneref *z;

	for (z = ac->zonelist->_zonerefs; z->zone; z++) {
		struct zone *zone = z->zone;

		if (z->zone_idx > (int)ac->highest_zoneidx)
			continue;

		if (!force && zone->nr_reserved_highatomic <= m->pageblock_nr_pages)
			continue;
		for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
			struct page *page = get_page_from_free_area(
				&zone->free_area[order], MIGRATE_HIGHATOMIC);

			if (!page)
				continue;
			if (is_migrate_highatomic(get_pageblock_migratetype(m, page))) {
				unsigned long sub = m->pageblock_nr_pages;

				zone->nr_reserved_highatomic -=
					zone->nr_reserved_highatomic < sub ?
					zone->nr_reserved_highatomic : sub;
			}
			set_pageblock_migratetype(m, page, migratetype);
			if (move_freepages_block(m, zone, page, migratetype, NULL))
				return true;
		}
	}
	return false;
}

/* ------------------------------------------------------------------------
 * Page state checks
 */

/*
 * page_bad_reason - why a page is not in the state expected, or NULL.  As
 * in Linux, each later test overrides the earlier ones: the last that
 * matches is the reason given.
 */
static const char *page_bad_reason(const struct page *page,
				   unsigned long flags_check)
{
	const char *bad_reason = NULL;

	if (page->_mapcount != -1)
		bad_reason = "nonzero mapcount";
	if (page->mapping != NULL)
		bad_reason = "non-NULL mapping";
	if (page_ref_count(page) != 0)
		bad_reason = "nonzero _refcount";
	if (page->flags & flags_check) {
		if (flags_check == PAGE_FLAGS_CHECK_AT_PREP)
			bad_reason = "PAGE_FLAGS_CHECK_AT_PREP flag(s) set";
		else
			bad_reason = "PAGE_FLAGS_CHECK_AT_FREE flag(s) set";
	}
	if (page->memcg_data)
		bad_reason = "page still charged to cgroup";
	return bad_reason;
}

/**
 * bad_page - report a page in a state the allocator did not expect, as
 * Linux does: "BUG: Bad page state in process …", the page dump, the stack.
 */
void bad_page(struct machine *m, struct page *page, const char *reason)
{
	pr_alert(m, "BUG: Bad page state in process %s  pfn:%05lx",
		 this_cpu(m)->comm, page_to_pfn(m, page));
	dump_page(m, page, reason);
	printk(m, "Modules linked in:");
	dump_stack(m);
	m->taint |= 1UL << TAINT_BAD_PAGE;
	m->nr_bad_pages++;
}

/* The order the block was allocated with, or -1 if not recorded. */
static inline int page_alloc_order(const struct page *page)
{
	return (int)((page->flags >> ALLOC_ORDER_PGSHIFT) & ALLOC_ORDER_MASK) - 1;
}

static inline void set_page_alloc_order(struct page *page, int order)
{
	page->flags &= ~(ALLOC_ORDER_MASK << ALLOC_ORDER_PGSHIFT);
	page->flags |= (unsigned long)(order + 1) << ALLOC_ORDER_PGSHIFT;
}

/*
 * free_pages_check - may these 2^order pages go back to the free lists?
 * The head has had its reference dropped already.  Reports and returns
 * false if not.
 */
static bool free_pages_check(struct machine *m, struct page *page,
			     unsigned int order)
{
	const char *reason;
	int recorded = page_alloc_order(page);

	if (recorded >= 0 && recorded != (int)order) {
		char why[96];

		snprintf(why, sizeof(why),
			 "freed with order %u, allocated with order %d",
			 order, recorded);
		bad_page(m, page, why);
		return false;
	}
	if (PageHead(page) && compound_order(page) != order) {
		bad_page(m, page, "VM_BUG_ON_PAGE(compound && compound_order(page) != order)");
		return false;
	}
	reason = page_bad_reason(page, PAGE_FLAGS_CHECK_AT_FREE);
	if (reason) {
		bad_page(m, page, reason);
		return false;
	}
	for (unsigned long i = 1; i < (1UL << order); i++) {
		struct page *p = page + i;

		if (PageHead(page)) {
			if (p->compound_head != (unsigned long)page + 1) {
				bad_page(m, p, "corrupted mapping in tail page");
				return false;
			}
			continue;
		}
		reason = PageBuddy(p) ? "page is already free (PageBuddy)" :
					page_bad_reason(p, PAGE_FLAGS_CHECK_AT_FREE);
		if (reason) {
			bad_page(m, p, reason);
			return false;
		}
	}
	return true;
}

/* free_pages_prepare - clear what the allocation set; the checks passed. */
static void free_pages_prepare(struct page *page, unsigned int order)
{
	if (PageHead(page)) {
		for (unsigned long i = 1; i < (1UL << order); i++) {
			page[i].compound_head = 0;
			page[i].compound_order = 0;
			page[i].mapping = NULL;
		}
		ClearPageHead(page);
	}
	set_page_alloc_order(page, -1);
	page->private = 0;
	page->flags &= ~(PAGE_FLAGS_CHECK_AT_PREP);
}

/* check_new_page - a page leaving the free lists must be pristine. */
static bool check_new_page(struct machine *m, struct page *page)
{
	const char *reason = page_bad_reason(page, PAGE_FLAGS_CHECK_AT_PREP);

	if (!reason)
		return false;
	bad_page(m, page, reason);
	return true;
}

static bool check_new_pages(struct machine *m, struct page *page,
			    unsigned int order)
{
	for (unsigned long i = 0; i < (1UL << order); i++)
		if (check_new_page(m, page + i))
			return true;
	return false;
}

static void prep_compound_page(struct page *page, unsigned int order)
{
	SetPageHead(page);
	for (unsigned long i = 1; i < (1UL << order); i++)
		page[i].compound_head = (unsigned long)page + 1;
	page[1].compound_order = order;
}

/* prep_new_page - make the block an allocation: refcount, zeroing, compound. */
static void prep_new_page(struct machine *m, struct page *page,
			  unsigned int order, gfp_t gfp)
{
	page->private = 0;
	set_page_count(page, 1);
	set_page_alloc_order(page, (int)order);
	if (gfp & __GFP_ZERO)	/* kernel_init_pages: clear_highpage, a kmap_local on highmem */
		for (unsigned long i = 0; i < (1UL << order); i++)
			clear_highpage(m, page + i);
	if (order && (gfp & __GFP_COMP))
		prep_compound_page(page, order);
}

/* ------------------------------------------------------------------------
 * Per-CPU page lists
 */

static inline bool pcp_allowed_order(struct machine *m, unsigned int order)
{
	return order <= PAGE_ALLOC_COSTLY_ORDER || order == m->pageblock_order;
}

static inline unsigned int order_to_pindex(struct machine *m, int mt,
					   unsigned int order)
{
	if (order > PAGE_ALLOC_COSTLY_ORDER) {
		(void)m;
		return NR_LOWORDER_PCP_LISTS;
	}
	return (MIGRATE_PCPTYPES * order) + (unsigned int)mt;
}

static inline unsigned int pindex_to_order(struct machine *m, unsigned int pindex)
{
	if (pindex == NR_LOWORDER_PCP_LISTS)
		return m->pageblock_order;
	return pindex / MIGRATE_PCPTYPES;
}

static inline struct per_cpu_pages *this_cpu_pcp(struct machine *m,
						 struct zone *zone)
{
	return &zone->per_cpu_pageset[m->cpu];
}

/*
 * free_pcppages_bulk - return @count pages from @pcp to the buddy lists,
 * taking from the lists round-robin, starting with @pindex, each from its
 * cold end.
 */
static void free_pcppages_bulk(struct machine *m, struct zone *zone, int count,
			       struct per_cpu_pages *pcp, int pindex)
{
	if (count > pcp->count)
		count = pcp->count;
	pindex = pindex - 1;
	while (count > 0) {
		struct list_head *list;
		unsigned int order;
		int nr_pages;

		do {
			if (++pindex > NR_PCP_LISTS - 1)
				pindex = 0;
			list = &pcp->lists[pindex];
		} while (list_empty(list));

		order = pindex_to_order(m, (unsigned int)pindex);
		nr_pages = 1 << order;
		do {
			struct page *page = list_last_entry(list, struct page, lru);
			int mt = (int)page->index;

			list_del(&page->lru);
			count -= nr_pages;
			pcp->count -= nr_pages;
			/* The pageblock may have been isolated meanwhile. */
			if (is_migrate_isolate(get_pageblock_migratetype(m, page)))
				mt = MIGRATE_ISOLATE;
			__free_one_page(m, page, page_to_pfn(m, page), zone, order,
					mt, FPI_NONE);
		} while (count > 0 && !list_empty(list));
	}
}

/* nr_pcp_free - how many pages to give back when the list passes high. */
static int nr_pcp_free(struct per_cpu_pages *pcp, int high, int batch,
		       bool free_high)
{
	int min_nr_free, max_nr_free;

	if (free_high)
		return pcp->count;
	if (high < batch)
		return 1;
	min_nr_free = batch;
	max_nr_free = high - batch;
	/* Free twice as much each time pages are freed without allocations. */
	batch <<= pcp->free_factor;
	if (batch < max_nr_free)
		pcp->free_factor++;
	if (batch < min_nr_free)
		batch = min_nr_free;
	if (batch > max_nr_free)
		batch = max_nr_free;
	return batch;
}

static int nr_pcp_high(struct per_cpu_pages *pcp, bool free_high)
{
	if (!pcp->high || free_high)
		return 0;
	return pcp->high;
}

/*
 * @migratetype picks the list; page->index keeps the pageblock's own type
 * (set_pcppage_migratetype in free_unref_page_prepare), so that a
 * highatomic or CMA page goes back to its own free list when drained.
 */
static void free_unref_page_commit(struct machine *m, struct zone *zone,
				   struct per_cpu_pages *pcp, struct page *page,
				   int migratetype, unsigned int order)
{
	unsigned int pindex = order_to_pindex(m, migratetype, order);
	bool free_high;
	int high;

	__count_vm_events(m, PGFREE, 1UL << order);
	list_add(&page->lru, &pcp->lists[pindex]);
	pcp->count += 1 << order;

	/*
	 * High-order pages other than THPs fragment memory when they sit on
	 * the lists of a CPU that only frees: send them all back then.
	 */
	free_high = pcp->free_factor && order && order <= PAGE_ALLOC_COSTLY_ORDER;
	high = nr_pcp_high(pcp, free_high);
	if (pcp->count >= high)
		free_pcppages_bulk(m, zone, nr_pcp_free(pcp, high, pcp->batch, free_high),
				   pcp, (int)pindex);
}

/* free_one_page - straight to the buddy lists, bypassing the pcp lists. */
static void free_one_page(struct machine *m, struct zone *zone, struct page *page,
			  unsigned long pfn, unsigned int order, int migratetype)
{
	__count_vm_events(m, PGFREE, 1UL << order);
	__free_one_page(m, page, pfn, zone, order, migratetype, FPI_NONE);
}

/*
 * free_the_page - the refcount of a block reached zero: check it, then
 * free it through the current CPU's lists when its order allows.
 */
static void free_the_page(struct machine *m, struct page *page, unsigned int order)
{
	unsigned long pfn = page_to_pfn(m, page);
	struct zone *zone = page_zone(m, page);
	int migratetype;

	if (!free_pages_check(m, page, order)) {
		set_page_count(page, 1);	/* leave it as the caller had it */
		return;
	}
	free_pages_prepare(page, order);
	migratetype = get_pfnblock_migratetype(m, page, pfn);
	page->index = (unsigned long)migratetype;	/* set_pcppage_migratetype */
	if (!pcp_allowed_order(m, order)) {
		free_one_page(m, zone, page, pfn, order, migratetype);
		return;
	}
	/*
	 * Highatomic and CMA pages go on the movable pcp list; isolated
	 * pages straight back to the buddy lists.
	 */
	if (migratetype >= MIGRATE_PCPTYPES) {
		if (is_migrate_isolate(migratetype)) {
			free_one_page(m, zone, page, pfn, order, migratetype);
			return;
		}
		migratetype = MIGRATE_MOVABLE;
	}
	free_unref_page_commit(m, zone, this_cpu_pcp(m, zone), page, migratetype,
			       order);
}

/**
 * __free_pages - drop a reference to a block of 2^@order pages; free it
 * when the last reference goes.  A non-compound block still referenced
 * by someone else keeps its first page and frees the rest, as Linux does.
 */
void __free_pages(struct machine *m, struct page *page, unsigned int order)
{
	bool head = PageHead(page);

	if (order > MAX_PAGE_ORDER) {
		printk(m, "WARNING: CPU: %d PID: %d at mm/page_alloc.c: __free_pages: order %u > MAX_PAGE_ORDER",
		       m->cpu, this_cpu(m)->pid, order);
		return;
	}
	if (page_ref_count(page) <= 0) {
		bad_page(m, page, PageBuddy(page) ?
			 "VM_BUG_ON_PAGE(page_ref_count(page) == 0) (double free)" :
			 "VM_BUG_ON_PAGE(page_ref_count(page) == 0)");
		return;
	}
	if (--page->_refcount == 0) {
		free_the_page(m, page, order);
	} else if (!head) {
		/* The holder of the last reference frees the first page alone. */
		set_page_alloc_order(page, 0);
		while (order-- > 0)
			free_the_page(m, page + (1UL << order), order);
	}
}

/**
 * free_pages - __free_pages by kernel virtual address (0 is ignored).
 */
void free_pages(struct machine *m, unsigned long addr, unsigned int order)
{
	if (addr == 0)
		return;
	if (!virt_addr_valid(m, addr)) {
		printk(m, "WARNING: CPU: %d PID: %d at mm/page_alloc.c: free_pages: bad address %#lx",
		       m->cpu, this_cpu(m)->pid, addr);
		return;
	}
	__free_pages(m, virt_to_page(m, addr), order);
}

/*
 * rmqueue_bulk - take @count blocks of @order from the buddy lists onto
 * @list, for a pcp refill.  Returns how many it got.
 */
static int rmqueue_bulk(struct machine *m, struct zone *zone, unsigned int order,
			int count, struct list_head *list, int migratetype,
			unsigned int alloc_flags)
{
	int i;

	for (i = 0; i < count; i++) {
		struct page *page = __rmqueue(m, zone, order, migratetype, alloc_flags);

		if (!page)
			break;
		list_add_tail(&page->lru, list);
	}
	return i;
}

static struct page *__rmqueue_pcplist(struct machine *m, struct zone *zone,
				      unsigned int order, int migratetype,
				      unsigned int alloc_flags,
				      struct per_cpu_pages *pcp,
				      struct list_head *list)
{
	struct page *page;

	do {
		if (list_empty(list)) {
			int batch = pcp->batch;
			int alloced;

			/* Scale the batch down for higher orders. */
			if (batch > 1) {
				batch = batch >> order;
				if (batch < 2)
					batch = 2;
			}
			alloced = rmqueue_bulk(m, zone, order, batch, list,
					       migratetype, alloc_flags);
			pcp->count += alloced << order;
			if (list_empty(list))
				return NULL;
		}
		page = list_first_entry(list, struct page, lru);
		list_del(&page->lru);
		pcp->count -= 1 << order;
	} while (check_new_pages(m, page, order));
	return page;
}

static void zone_statistics(struct machine *m, struct zone *preferred_zone,
			    struct zone *z)
{
	int nid = z->zone_pgdat->node_id;
	enum numa_stat_item local_stat =
		nid == this_cpu(m)->node ? NUMA_LOCAL : NUMA_OTHER;

	if (nid == preferred_zone->zone_pgdat->node_id) {
		z->vm_numa_event[NUMA_HIT]++;
		m->vm_numa_event[NUMA_HIT]++;
	} else {
		z->vm_numa_event[NUMA_MISS]++;
		m->vm_numa_event[NUMA_MISS]++;
		preferred_zone->vm_numa_event[NUMA_FOREIGN]++;
		m->vm_numa_event[NUMA_FOREIGN]++;
	}
	z->vm_numa_event[local_stat]++;
	m->vm_numa_event[local_stat]++;
}

static struct page *rmqueue_pcplist(struct machine *m, struct zone *preferred_zone,
				    struct zone *zone, unsigned int order,
				    int migratetype, unsigned int alloc_flags)
{
	struct per_cpu_pages *pcp = this_cpu_pcp(m, zone);
	struct list_head *list;
	struct page *page;

	/* An allocation: stop escalating the free batch. */
	pcp->free_factor >>= 1;
	list = &pcp->lists[order_to_pindex(m, migratetype, order)];
	page = __rmqueue_pcplist(m, zone, order, migratetype, alloc_flags, pcp, list);
	if (page) {
		__count_zid_vm_events(m, PGALLOC_DMA, zone_idx(zone), 1UL << order);
		zone_statistics(m, preferred_zone, zone);
	}
	return page;
}

static struct page *rmqueue_buddy(struct machine *m, struct zone *preferred_zone,
				  struct zone *zone, unsigned int order,
				  unsigned int alloc_flags, int migratetype)
{
	struct page *page;

	do {
		page = NULL;
		if (alloc_flags & ALLOC_HIGHATOMIC)
			page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
		if (!page) {
			page = __rmqueue(m, zone, order, migratetype, alloc_flags);
			/* OOM victims may use the highatomic reserve. */
			if (!page && (alloc_flags & ALLOC_OOM))
				page = __rmqueue_smallest(zone, order, MIGRATE_HIGHATOMIC);
			if (!page)
				return NULL;
		}
	} while (check_new_pages(m, page, order));
	__count_zid_vm_events(m, PGALLOC_DMA, zone_idx(zone), 1UL << order);
	zone_statistics(m, preferred_zone, zone);
	return page;
}

static struct page *rmqueue(struct machine *m, struct zone *preferred_zone,
			    struct zone *zone, unsigned int order,
			    unsigned int alloc_flags, int migratetype)
{
	if (pcp_allowed_order(m, order)) {
		struct page *page = rmqueue_pcplist(m, preferred_zone, zone, order,
						    migratetype, alloc_flags);
		if (page)
			return page;
	}
	return rmqueue_buddy(m, preferred_zone, zone, order, alloc_flags, migratetype);
}

/**
 * drain_local_pages - give the current CPU's pcp pages of @zone (all zones
 * when NULL) back to the buddy lists.
 */
void drain_local_pages(struct machine *m, struct zone *zone)
{
	struct zone *z;

	for_each_populated_zone(m, z) {
		struct per_cpu_pages *pcp;

		if (zone && z != zone)
			continue;
		pcp = this_cpu_pcp(m, z);
		if (pcp->count)
			free_pcppages_bulk(m, z, pcp->count, pcp, 0);
	}
}

/**
 * drain_all_pages - drain every CPU's pcp lists (of @zone, or of all zones).
 * Linux sends work to each CPU; here the loop switches the current CPU.
 */
void drain_all_pages(struct machine *m, struct zone *zone)
{
	int saved = m->cpu, cpu;

	for_each_online_cpu(m, cpu) {
		m->cpu = cpu;
		drain_local_pages(m, zone);
	}
	m->cpu = saved;
}

/* ------------------------------------------------------------------------
 * Watermarks
 */

static inline long __zone_watermark_unusable_free(struct zone *z,
						  unsigned int order,
						  unsigned int alloc_flags)
{
	long unusable_free = (1L << order) - 1;

	/* Only the reserves' users may count the highatomic pages. */
	if (!(alloc_flags & ALLOC_RESERVES))
		unusable_free += (long)z->nr_reserved_highatomic;
	if (!(alloc_flags & ALLOC_CMA))
		unusable_free += (long)zone_page_state(z, NR_FREE_CMA_PAGES);
	return unusable_free;
}

static bool __zone_watermark_ok(struct zone *z, unsigned int order,
				unsigned long mark, int highest_zoneidx,
				unsigned int alloc_flags, long free_pages)
{
	long min = (long)mark;

	free_pages -= __zone_watermark_unusable_free(z, order, alloc_flags);
	if (alloc_flags & ALLOC_RESERVES) {
		/* __GFP_HIGH may use half of the min reserve ... */
		if (alloc_flags & ALLOC_MIN_RESERVE) {
			min -= min / 2;
			/* ... and a caller that cannot block a quarter more. */
			if (alloc_flags & ALLOC_NON_BLOCK)
				min -= min / 4;
		}
		if (alloc_flags & ALLOC_OOM)
			min -= min / 2;
	}
	if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])
		return false;
	if (!order)
		return true;
	/* A high-order request also needs a free block big enough. */
	for (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {
		struct free_area *area = &z->free_area[o];

		if (!area->nr_free)
			continue;
		for (int mt = 0; mt < MIGRATE_PCPTYPES; mt++)
			if (!free_area_empty(area, mt))
				return true;
		if ((alloc_flags & ALLOC_CMA) && !free_area_empty(area, MIGRATE_CMA))
			return true;
		if ((alloc_flags & (ALLOC_HIGHATOMIC | ALLOC_OOM)) &&
		    !free_area_empty(area, MIGRATE_HIGHATOMIC))
			return true;
	}
	return false;
}

/**
 * zone_watermark_ok - would @z stay above @mark (plus the lowmem reserve
 * for a @highest_zoneidx request) after allocating 2^@order pages?
 */
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags)
{
	return __zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				   (long)zone_page_state(z, NR_FREE_PAGES));
}

static inline bool zone_watermark_fast(struct zone *z, unsigned int order,
				       unsigned long mark, int highest_zoneidx,
				       unsigned int alloc_flags)
{
	long free_pages = (long)zone_page_state(z, NR_FREE_PAGES);

	/* Fast check for order-0 only. */
	if (!order) {
		long usable = free_pages;
		long reserved = __zone_watermark_unusable_free(z, 0, alloc_flags);

		usable -= usable < reserved ? usable : reserved;
		if (usable > (long)mark + z->lowmem_reserve[highest_zoneidx])
			return true;
	}
	if (__zone_watermark_ok(z, order, mark, highest_zoneidx, alloc_flags,
				free_pages))
		return true;
	/* __GFP_HIGH order-0 requests ignore the boost at the min mark. */
	if (!order && (alloc_flags & ALLOC_MIN_RESERVE) && z->watermark_boost &&
	    (alloc_flags & ALLOC_WMARK_MASK) == WMARK_MIN)
		return __zone_watermark_ok(z, order, z->_watermark[WMARK_MIN],
					   highest_zoneidx, alloc_flags, free_pages);
	return false;
}

/* ------------------------------------------------------------------------
 * GFP to zone, migratetype and alloc_flags
 */

/**
 * gfp_zone - the highest zone a request with @gfp may use.
 */
enum zone_type gfp_zone(struct machine *m, gfp_t gfp)
{
	if (gfp & __GFP_DMA)
		return ZONE_DMA;
	if (gfp & __GFP_DMA32)
		return m->arch->opt_zone_dma32;
	if ((gfp & (__GFP_HIGHMEM | __GFP_MOVABLE)) == (__GFP_HIGHMEM | __GFP_MOVABLE))
		return ZONE_MOVABLE;
	if (gfp & __GFP_HIGHMEM)
		return m->arch->opt_zone_highmem;
	return ZONE_NORMAL;
}

/**
 * gfp_migratetype - the migratetype a request with @gfp allocates as.
 */
int gfp_migratetype(gfp_t gfp)
{
	return (int)((gfp & GFP_MOVABLE_MASK) >> GFP_MOVABLE_SHIFT);
}

static inline unsigned int gfp_to_alloc_flags_cma(gfp_t gfp, unsigned int alloc_flags)
{
	if (gfp_migratetype(gfp) == MIGRATE_MOVABLE)
		alloc_flags |= ALLOC_CMA;
	return alloc_flags;
}

/* The alloc_flags of the slow path (gfp_to_alloc_flags, 6.6). */
static unsigned int gfp_to_alloc_flags(gfp_t gfp, unsigned int order)
{
	unsigned int alloc_flags = ALLOC_WMARK_MIN | ALLOC_CPUSET;

	alloc_flags |= gfp & (__GFP_HIGH | __GFP_KSWAPD_RECLAIM);
	if (!(gfp & __GFP_DIRECT_RECLAIM)) {
		if (!(gfp & __GFP_NOMEMALLOC)) {
			alloc_flags |= ALLOC_NON_BLOCK;
			if (order > 0)
				alloc_flags |= ALLOC_HIGHATOMIC;
		}
		if (alloc_flags & ALLOC_MIN_RESERVE)
			alloc_flags &= ~ALLOC_CPUSET;
	}
	return gfp_to_alloc_flags_cma(gfp, alloc_flags);
}

/*
 * alloc_flags_nofragment - a ZONE_NORMAL request with DMA32 below it first
 * tries not to fragment (no stealing below pageblock order), because it can
 * fall back to DMA32 instead.
 */
static unsigned int alloc_flags_nofragment(struct machine *m, struct zone *zone,
					   gfp_t gfp)
{
	unsigned int alloc_flags = gfp & __GFP_KSWAPD_RECLAIM;

	if (!zone || !m->arch->has_zone[ZONE_DMA32])
		return alloc_flags;
	if (zone_idx(zone) != ZONE_NORMAL)
		return alloc_flags;
	if (m->nr_node_ids > 1 && !populated_zone(zone - 1))
		return alloc_flags;
	return alloc_flags | ALLOC_NOFRAGMENT;
}

static struct zoneref *first_zones_zonelist(struct zonelist *zl,
					    enum zone_type highest_zoneidx)
{
	struct zoneref *z = zl->_zonerefs;

	while (z->zone && z->zone_idx > (int)highest_zoneidx)
		z++;
	return z;
}

/* ------------------------------------------------------------------------
 * The allocation paths
 */

static struct page *get_page_from_freelist(struct machine *m, gfp_t gfp,
					   unsigned int order, unsigned int alloc_flags,
					   const struct alloc_context *ac)
{
	bool no_fallback;
	struct zoneref *z;

retry:
	no_fallback = alloc_flags & ALLOC_NOFRAGMENT;
	for (z = ac->preferred_zoneref; z->zone; z++) {
		struct zone *zone = z->zone;
		struct page *page;
		unsigned long mark;

		if (z->zone_idx > (int)ac->highest_zoneidx)
			continue;
		/* Moving to a remote node: locality beats fragmentation. */
		if (no_fallback && m->nr_node_ids > 1 &&
		    zone != ac->preferred_zoneref->zone &&
		    zone->zone_pgdat != ac->preferred_zoneref->zone->zone_pgdat) {
			alloc_flags &= ~ALLOC_NOFRAGMENT;
			goto retry;
		}
		mark = wmark_pages(zone, alloc_flags & ALLOC_WMARK_MASK);
		if (!zone_watermark_fast(zone, order, mark, (int)ac->highest_zoneidx,
					 alloc_flags) &&
		    !(alloc_flags & ALLOC_NO_WATERMARKS))
			continue;

		page = rmqueue(m, ac->preferred_zoneref->zone, zone, order,
			       alloc_flags, ac->migratetype);
		if (page) {
			prep_new_page(m, page, order, gfp);
			if (alloc_flags & ALLOC_HIGHATOMIC)
				reserve_highatomic_pageblock(m, page, zone);
			return page;
		}
	}
	/* Every zone was fragmented: try again, allowing fragmentation. */
	if (no_fallback) {
		alloc_flags &= ~ALLOC_NOFRAGMENT;
		goto retry;
	}
	return NULL;
}

/* The call chain dump_stack shows for an allocation failure. */
static const char *const alloc_fail_trace[] = {
	"dump_stack_lvl", "warn_alloc", "__alloc_pages_slowpath",
	"__alloc_pages", NULL,
};

/*
 * warn_alloc - "page allocation failure: order:N, mode:…", with the stack
 * and the Mem-Info summary; rate-limited to one every 10 s of simulated
 * time, as nopage_rs.
 */
static void warn_alloc(struct machine *m, gfp_t gfp, unsigned int order)
{
	char names[256];
	char mems[32];

	if (gfp & __GFP_NOWARN)
		return;
	/* __ratelimit(&nopage_rs): one message per 10 s interval */
	if (m->nopage_rs_begun && m->clock_ns - m->nopage_rs_last < 10ULL * 1000000000ULL) {
		m->nopage_rs_missed++;
		return;
	}
	if (m->nopage_rs_missed) {
		pr_warn(m, "warn_alloc: %lu callbacks suppressed", m->nopage_rs_missed);
		m->nopage_rs_missed = 0;
	}
	m->nopage_rs_begun = true;
	m->nopage_rs_last = m->clock_ns;
	if (m->nr_node_ids > 1)
		snprintf(mems, sizeof(mems), "0-%d", m->nr_node_ids - 1);
	else
		snprintf(mems, sizeof(mems), "0");
	pr_warn(m, "%s: page allocation failure: order:%u, mode:0x%x(%s), nodemask=(null),cpuset=/,mems_allowed=%s",
		this_cpu(m)->comm, order, gfp, gfp_format(gfp, names, sizeof(names)),
		mems);
	m->dump_stack_trace = alloc_fail_trace;
	dump_stack(m);
	__show_mem_zones(m, (int)gfp_zone(m, gfp));
}

static struct page *__alloc_pages_direct_reclaim(struct machine *m, gfp_t gfp,
						 unsigned int order,
						 unsigned int alloc_flags,
						 const struct alloc_context *ac,
						 unsigned long *did_some_progress)
{
	struct page *page;
	bool drained = false;

	__count_zid_vm_events(m, ALLOCSTALL_DMA, (int)ac->highest_zoneidx, 1);
	*did_some_progress = try_to_free_pages(m, gfp, order);
	if (!*did_some_progress)
		return NULL;
retry:
	page = get_page_from_freelist(m, gfp, order, alloc_flags, ac);
	/* Pages may sit on pcp lists or in the highatomic reserve. */
	if (!page && !drained) {
		unreserve_highatomic_pageblock(m, ac, false);
		drain_all_pages(m, NULL);
		drained = true;
		goto retry;
	}
	return page;
}

static struct page *__alloc_pages_direct_compact(struct machine *m, gfp_t gfp,
						 unsigned int order,
						 unsigned int alloc_flags,
						 const struct alloc_context *ac)
{
	if (!order)
		return NULL;
	if (!try_to_compact_pages(m, gfp, order))
		return NULL;
	return get_page_from_freelist(m, gfp, order, alloc_flags, ac);
}

#define MAX_RECLAIM_RETRIES 16

/*
 * should_reclaim_retry - is another round of reclaim worth it?  Yes while
 * some zone could meet its min watermark if all its reclaimable pages were
 * freed; after MAX_RECLAIM_RETRIES rounds without progress, only if the
 * highatomic reserve can be given back (mm/page_alloc.c).
 * zone_reclaimable_pages is 0 until the reclaim issue brings the LRU lists.
 */
static bool should_reclaim_retry(struct machine *m, gfp_t gfp, unsigned int order,
				 const struct alloc_context *ac, unsigned int alloc_flags,
				 bool did_some_progress, int *no_progress_loops)
{
	struct zoneref *z;

	(void)gfp;
	if (did_some_progress && order <= PAGE_ALLOC_COSTLY_ORDER)
		*no_progress_loops = 0;
	else
		(*no_progress_loops)++;
	if (*no_progress_loops > MAX_RECLAIM_RETRIES)
		return unreserve_highatomic_pageblock(m, ac, true);
	for (z = ac->preferred_zoneref; z->zone; z++) {
		unsigned long reclaimable = 0;	/* zone_reclaimable_pages(zone) */
		long available;

		if (z->zone_idx > (int)ac->highest_zoneidx)
			continue;
		available = (long)(reclaimable + zone_page_state(z->zone, NR_FREE_PAGES));
		if (__zone_watermark_ok(z->zone, order, min_wmark_pages(z->zone),
					(int)ac->highest_zoneidx, alloc_flags, available))
			return true;
	}
	return false;
}

/*
 * __alloc_pages_slowpath - the zones are below their low watermarks or
 * fragmented: wake kswapd, try the min watermark and the reserves this
 * request is entitled to, then reclaim, compact and finally OOM-kill,
 * retrying while any of them makes progress.
 */
static struct page *__alloc_pages_slowpath(struct machine *m, gfp_t gfp,
					   unsigned int order,
					   struct alloc_context *ac)
{
	bool can_direct_reclaim = gfpflags_allow_blocking(gfp);
	bool costly_order = order > PAGE_ALLOC_COSTLY_ORDER;
	unsigned long did_some_progress;
	unsigned int alloc_flags;
	int no_progress_loops = 0;
	struct page *page;
	struct zoneref *z;

	alloc_flags = gfp_to_alloc_flags(gfp, order);
	ac->preferred_zoneref = first_zones_zonelist(ac->zonelist, ac->highest_zoneidx);
	if (!ac->preferred_zoneref->zone)
		goto nopage;

	if (alloc_flags & ALLOC_KSWAPD)
		for (z = ac->preferred_zoneref; z->zone; z++)
			wakeup_kswapd(z->zone, gfp, (int)order, (int)ac->highest_zoneidx);

	page = get_page_from_freelist(m, gfp, order, alloc_flags, ac);
	if (page)
		return page;

	/* Costly or unmovable high-order requests try compaction first. */
	if (can_direct_reclaim &&
	    (costly_order || (order > 0 && ac->migratetype != MIGRATE_MOVABLE))) {
		page = __alloc_pages_direct_compact(m, gfp, order, alloc_flags, ac);
		if (page)
			return page;
		if (costly_order && (gfp & __GFP_NORETRY))
			goto nopage;
	}

retry:
	page = get_page_from_freelist(m, gfp, order, alloc_flags, ac);
	if (page)
		return page;
	if (!can_direct_reclaim)
		goto nopage;

	page = __alloc_pages_direct_reclaim(m, gfp, order, alloc_flags, ac,
					    &did_some_progress);
	if (page)
		return page;
	page = __alloc_pages_direct_compact(m, gfp, order, alloc_flags, ac);
	if (page)
		return page;
	if (gfp & __GFP_NORETRY)
		goto nopage;
	if (costly_order && !(gfp & __GFP_RETRY_MAYFAIL))
		goto nopage;
	if (should_reclaim_retry(m, gfp, order, ac, alloc_flags, did_some_progress > 0,
				 &no_progress_loops))
		goto retry;

	/* Reclaim failed: the OOM killer's turn (costly orders never). */
	if (!costly_order && !(gfp & __GFP_NORETRY) && out_of_memory(m, gfp, order))
		goto retry;

nopage:
	if (gfp & __GFP_NOFAIL) {
		/* Reserves, but not all of them; Linux would then loop forever. */
		page = get_page_from_freelist(m, gfp, order, ALLOC_MIN_RESERVE |
					      ALLOC_WMARK_MIN | ALLOC_CMA, ac);
		if (page)
			return page;
		printk(m, "WARNING: CPU: %d PID: %d at mm/page_alloc.c: __alloc_pages_slowpath: "
		       "__GFP_NOFAIL allocation of order %u cannot be satisfied; "
		       "mmsim fails it where Linux would retry forever",
		       m->cpu, this_cpu(m)->pid, order);
	}
	warn_alloc(m, gfp, order);
	return NULL;
}

/**
 * __alloc_pages - allocate 2^@order contiguous pages, preferring node
 * @preferred_nid; the heart of the zoned buddy allocator.
 *
 * Returns the first page, or NULL (with a warning in dmesg unless
 * __GFP_NOWARN).  Orders above MAX_PAGE_ORDER warn and fail, as Linux's
 * WARN_ON_ONCE_GFP does.
 */
struct page *__alloc_pages(struct machine *m, gfp_t gfp, unsigned int order,
			   int preferred_nid)
{
	unsigned int alloc_flags = ALLOC_WMARK_LOW;
	struct alloc_context ac;
	struct page *page;

	if (order > MAX_PAGE_ORDER) {
		if (!(gfp & __GFP_NOWARN))
			printk(m, "WARNING: CPU: %d PID: %d at mm/page_alloc.c: __alloc_pages: order %u > MAX_PAGE_ORDER (%d)",
			       m->cpu, this_cpu(m)->pid, order, MAX_PAGE_ORDER);
		return NULL;
	}
	if (preferred_nid < 0 || preferred_nid >= m->nr_node_ids)
		preferred_nid = this_cpu(m)->node;

	ac.highest_zoneidx = gfp_zone(m, gfp);
	ac.zonelist = &NODE_DATA(m, preferred_nid)->node_zonelists[
		(gfp & __GFP_THISNODE) ? ZONELIST_NOFALLBACK : ZONELIST_FALLBACK];
	ac.migratetype = gfp_migratetype(gfp);
	ac.preferred_nid = preferred_nid;
	ac.preferred_zoneref = first_zones_zonelist(ac.zonelist, ac.highest_zoneidx);
	alloc_flags = gfp_to_alloc_flags_cma(gfp, alloc_flags);
	alloc_flags |= alloc_flags_nofragment(m, ac.preferred_zoneref->zone, gfp);

	page = get_page_from_freelist(m, gfp, order, alloc_flags, &ac);
	if (page)
		return page;
	return __alloc_pages_slowpath(m, gfp, order, &ac);
}

/**
 * alloc_pages - allocate 2^@order pages on the current CPU's node.
 */
struct page *alloc_pages(struct machine *m, gfp_t gfp, unsigned int order)
{
	return __alloc_pages(m, gfp, order, this_cpu(m)->node);
}

/**
 * alloc_pages_node - allocate 2^@order pages, preferring node @nid
 * (NUMA_NO_NODE: the current CPU's node).
 */
struct page *alloc_pages_node(struct machine *m, int nid, gfp_t gfp,
			      unsigned int order)
{
	if (nid == NUMA_NO_NODE)
		nid = this_cpu(m)->node;
	return __alloc_pages(m, gfp, order, nid);
}

/**
 * __get_free_pages - allocate lowmem pages and return their kernel virtual
 * address in the direct map (0 on failure).  Highmem is never returned.
 */
unsigned long __get_free_pages(struct machine *m, gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(m, gfp & ~__GFP_HIGHMEM, order);

	return page ? page_address(m, page) : 0;
}

/**
 * get_zeroed_page - one zeroed lowmem page, by kernel virtual address.
 */
unsigned long get_zeroed_page(struct machine *m, gfp_t gfp)
{
	return __get_free_pages(m, gfp | __GFP_ZERO, 0);
}

/*
 * split_page - turn an order-N non-compound allocation into 2^N order-0
 * allocations, each with its own reference.
 */
static void split_page(struct page *page, unsigned int order)
{
	for (unsigned long i = 1; i < (1UL << order); i++) {
		set_page_count(page + i, 1);
		set_page_alloc_order(page + i, 0);
	}
	set_page_alloc_order(page, 0);
}

/**
 * alloc_pages_exact - @size bytes of physically contiguous lowmem, the
 * pages past @size freed at once (their order-0 remainders).
 */
void *alloc_pages_exact(struct machine *m, size_t size, gfp_t gfp)
{
	unsigned int order;
	unsigned long addr, used, alloc_end;

	if (size == 0)
		return NULL;
	order = get_order(size);
	if (order > MAX_PAGE_ORDER)
		return NULL;
	addr = __get_free_pages(m, gfp & ~__GFP_COMP, order);
	if (!addr)
		return NULL;
	split_page(virt_to_page(m, addr), order);
	alloc_end = addr + (PAGE_SIZE << order);
	used = addr + ((size + PAGE_SIZE - 1) & PAGE_MASK);
	while (used < alloc_end) {
		free_pages(m, used, 0);
		used += PAGE_SIZE;
	}
	return (void *)addr;
}

/**
 * free_pages_exact - free what alloc_pages_exact returned.
 */
void free_pages_exact(struct machine *m, void *virt, size_t size)
{
	unsigned long addr = (unsigned long)virt;
	unsigned long end = addr + ((size + PAGE_SIZE - 1) & PAGE_MASK);

	while (addr < end) {
		free_pages(m, addr, 0);
		addr += PAGE_SIZE;
	}
}

/**
 * __free_pages_core - hand boot memory to the buddy allocator: the pages
 * become managed by their zone and are freed at the list tail.
 */
void __free_pages_core(struct machine *m, struct page *page, unsigned int order)
{
	unsigned long nr = 1UL << order;
	struct zone *zone = page_zone(m, page);

	for (unsigned long i = 0; i < nr; i++) {
		ClearPageReserved(page + i);
		set_page_count(page + i, 0);
	}
	zone->managed_pages += nr;
	m->totalram_pages += nr;
	if (is_highmem(zone))
		m->totalhigh_pages += nr;
	__count_vm_events(m, PGFREE, nr);
	__free_one_page(m, page, page_to_pfn(m, page), zone, order,
			get_pageblock_migratetype(m, page), FPI_TO_TAIL);
}

/**
 * free_reserved_page - give a PageReserved page (freed init memory) to the
 * buddy allocator, counting it as managed (adjust_managed_page_count).
 */
void free_reserved_page(struct machine *m, struct page *page)
{
	struct zone *zone = page_zone(m, page);

	ClearPageReserved(page);
	set_page_count(page, 1);
	zone->managed_pages++;
	m->totalram_pages++;
	if (is_highmem(zone))
		m->totalhigh_pages++;
	__free_pages(m, page, 0);
}

/* ------------------------------------------------------------------------
 * Entry points of the mechanisms later issues bring.  Each does nothing
 * yet and says so; the slow path above already calls them where Linux
 * does, so filling them in changes no caller.
 */

/** wakeup_kswapd - wake the node's kswapd (the reclaim issue). Counts only. */
void wakeup_kswapd(struct zone *zone, gfp_t gfp, int order, int highest_zoneidx)
{
	(void)zone; (void)gfp; (void)order; (void)highest_zoneidx;
}

/** try_to_free_pages - direct reclaim (the reclaim issue). Frees nothing yet. */
unsigned long try_to_free_pages(struct machine *m, gfp_t gfp, unsigned int order)
{
	(void)m; (void)gfp; (void)order;
	return 0;
}

/** try_to_compact_pages - direct compaction (the compaction issue). Nothing yet. */
int try_to_compact_pages(struct machine *m, gfp_t gfp, unsigned int order)
{
	(void)m; (void)gfp; (void)order;
	return 0;
}

/** out_of_memory - the OOM killer (the OOM issue). Kills nothing yet. */
bool out_of_memory(struct machine *m, gfp_t gfp, unsigned int order)
{
	(void)m; (void)gfp; (void)order;
	return false;
}

/* ------------------------------------------------------------------------
 * Zone tuning: zonelists, watermarks, lowmem reserves, pcp sizes.
 */

/*
 * build_zonelists - for each node: its own zones from the highest down,
 * then every other node's in order of distance (all equal here, so by
 * node number starting after the local one), as build_zonelists does for
 * node ordering.  The NOFALLBACK list has the local node only.
 */
static void build_zonelists(struct machine *m, pg_data_t *pgdat)
{
	struct zoneref *zr = pgdat->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	struct zoneref *zr_local = pgdat->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;

	for (int n = 0; n < m->nr_node_ids; n++) {
		int nid = (pgdat->node_id + n) % m->nr_node_ids;
		pg_data_t *node = NODE_DATA(m, nid);

		for (int zid = MAX_NR_ZONES - 1; zid >= 0; zid--) {
			struct zone *zone = &node->node_zones[zid];

			if (!managed_zone(zone))
				continue;
			zr->zone = zone;
			zr->zone_idx = zid;
			zr++;
			if (nid == pgdat->node_id) {
				zr_local->zone = zone;
				zr_local->zone_idx = zid;
				zr_local++;
			}
		}
	}
	zr->zone = NULL;
	zr_local->zone = NULL;
}

/* policy_zone - the highest populated zone below Movable (check_highest_zone). */
static enum zone_type policy_zone(struct machine *m)
{
	enum zone_type best = ZONE_DMA;
	struct zone *zone;

	for_each_populated_zone(m, zone)
		if (zone->type > best && zone->type != ZONE_MOVABLE)
			best = zone->type;
	return best;
}

/**
 * nr_free_zone_pages - pages above the high watermark in the zones a
 * request limited to @offset may use (via node 0's zonelist, as the
 * kernel's numa_node_id() at boot).
 */
unsigned long nr_free_zone_pages(struct machine *m, enum zone_type offset)
{
	struct zonelist *zl = &NODE_DATA(m, 0)->node_zonelists[ZONELIST_FALLBACK];
	unsigned long sum = 0;

	for (struct zoneref *z = zl->_zonerefs; z->zone; z++) {
		unsigned long size = z->zone->managed_pages;
		unsigned long high = high_wmark_pages(z->zone);

		if (z->zone_idx > (int)offset)
			continue;
		if (size > high)
			sum += size - high;
	}
	return sum;
}

/**
 * nr_free_buffer_pages - nr_free_zone_pages for GFP_USER (lowmem).
 */
unsigned long nr_free_buffer_pages(struct machine *m)
{
	return nr_free_zone_pages(m, gfp_zone(m, GFP_USER));
}

/**
 * build_all_zonelists - build every node's zonelists and print Linux's
 * "Built N zonelists, mobility grouping on.  Total pages: N" line.
 * Mobility grouping is turned off on machines too small to use it.
 */
void build_all_zonelists(struct machine *m)
{
	unsigned long vm_total_pages;
	int nid;

	for_each_online_node(m, nid)
		build_zonelists(m, NODE_DATA(m, nid));
	vm_total_pages = nr_free_zone_pages(m, gfp_zone(m, GFP_HIGHUSER_MOVABLE));
	m->page_group_by_mobility_disabled =
		vm_total_pages < m->pageblock_nr_pages * MIGRATE_TYPES;
	pr_info(m, "Built %d zonelists, mobility grouping %s.  Total pages: %lu",
		m->nr_node_ids, m->page_group_by_mobility_disabled ? "off" : "on",
		vm_total_pages);
	pr_info(m, "Policy zone: %s", zone_names[policy_zone(m)]);
}

static unsigned long int_sqrt(unsigned long x)
{
	unsigned long r = 0, bit = 1UL << (sizeof(long) * 8 - 2);

	while (bit > x)
		bit >>= 2;
	while (bit) {
		if (x >= r + bit) {
			x -= r + bit;
			r = (r >> 1) + bit;
		} else {
			r >>= 1;
		}
		bit >>= 2;
	}
	return r;
}

/**
 * calculate_min_free_kbytes - min_free_kbytes = sqrt(lowmem_kbytes * 16),
 * clamped to [128, 262144], unless the user set a larger value
 * (mm/page_alloc.c calculate_min_free_kbytes).
 */
void calculate_min_free_kbytes(struct machine *m)
{
	unsigned long lowmem_kbytes = nr_free_buffer_pages(m) * (PAGE_SIZE >> 10);
	unsigned long new_min = int_sqrt(lowmem_kbytes * 16);

	if (new_min > m->user_min_free_kbytes) {
		if (new_min < 128)
			new_min = 128;
		if (new_min > 262144)
			new_min = 262144;
		m->min_free_kbytes = new_min;
	} else {
		pr_warn(m, "min_free_kbytes is not updated to %lu because user defined value %lu is preferred",
			new_min, m->user_min_free_kbytes);
	}
}

/*
 * __setup_per_zone_wmarks - split min_free_kbytes over the lowmem zones in
 * proportion to their size; low and high sit a further max(min/4,
 * managed * watermark_scale_factor / 10000) above.  Highmem zones get a
 * small fixed min (managed / 1024, clamped to [32, 128]).
 */
static void __setup_per_zone_wmarks(struct machine *m)
{
	unsigned long pages_min = m->min_free_kbytes >> (PAGE_SHIFT - 10);
	unsigned long lowmem_pages = 0;
	struct zone *zone;

	for_each_zone(m, zone)
		if (!is_highmem(zone) && zone_idx(zone) != ZONE_MOVABLE)
			lowmem_pages += zone->managed_pages;

	for_each_zone(m, zone) {
		uint64_t tmp = lowmem_pages ?
			(uint64_t)pages_min * zone->managed_pages / lowmem_pages : 0;
		uint64_t scaled;

		if (is_highmem(zone) || zone_idx(zone) == ZONE_MOVABLE) {
			unsigned long min_pages = zone->managed_pages / 1024;

			if (min_pages < 32)	/* SWAP_CLUSTER_MAX */
				min_pages = 32;
			if (min_pages > 128)
				min_pages = 128;
			zone->_watermark[WMARK_MIN] = min_pages;
		} else {
			zone->_watermark[WMARK_MIN] = (unsigned long)tmp;
		}
		scaled = (uint64_t)zone->managed_pages * (uint64_t)m->watermark_scale_factor / 10000;
		tmp = (tmp >> 2) > scaled ? (tmp >> 2) : scaled;
		zone->watermark_boost = 0;
		zone->_watermark[WMARK_LOW] = zone->_watermark[WMARK_MIN] + (unsigned long)tmp;
		zone->_watermark[WMARK_HIGH] = zone->_watermark[WMARK_LOW] + (unsigned long)tmp;
		zone->_watermark[WMARK_PROMO] = zone->_watermark[WMARK_HIGH] + (unsigned long)tmp;
	}
}

/**
 * calculate_totalreserve_pages - per zone, its largest lowmem reserve plus
 * its high watermark (capped at its size): the pages userspace cannot get.
 */
void calculate_totalreserve_pages(struct machine *m)
{
	unsigned long reserve_pages = 0;
	int nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		pgdat->totalreserve_pages = 0;
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			long max = 0;

			if (!m->arch->has_zone[i])
				continue;
			for (int j = i; j < MAX_NR_ZONES; j++)
				if (zone->lowmem_reserve[j] > max)
					max = zone->lowmem_reserve[j];
			max += (long)high_wmark_pages(zone);
			if (max > (long)zone->managed_pages)
				max = (long)zone->managed_pages;
			pgdat->totalreserve_pages += (unsigned long)max;
			reserve_pages += (unsigned long)max;
		}
	}
	m->totalreserve_pages = reserve_pages;
}

/**
 * setup_per_zone_lowmem_reserve - lowmem_reserve[j] of a zone is the
 * managed size of the zones above it up to j divided by its
 * sysctl_lowmem_reserve_ratio: what a request that could have used a
 * higher zone must leave free here.
 */
void setup_per_zone_lowmem_reserve(struct machine *m)
{
	int nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		for (int i = 0; i < MAX_NR_ZONES - 1; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			int ratio = m->arch->lowmem_reserve_ratio[i];
			bool clear = !ratio || !zone->managed_pages;
			unsigned long managed_pages = 0;

			if (!m->arch->has_zone[i])
				continue;
			for (int j = i + 1; j < MAX_NR_ZONES; j++) {
				managed_pages += pgdat->node_zones[j].managed_pages;
				zone->lowmem_reserve[j] =
					clear ? 0 : (long)(managed_pages / (unsigned long)ratio);
			}
		}
	}
	calculate_totalreserve_pages(m);
}

/*
 * zone_batchsize - pages moved per pcp refill/drain: about 0.1% of the
 * zone or 1 MiB, whichever is smaller, divided by 4, then rounded to
 * 2^n - 1 (to avoid cache-colour aliasing).
 */
static int zone_batchsize(const struct zone *zone)
{
	unsigned long batch = zone->managed_pages >> 10;
	unsigned long v;

	if (batch > (1UL << 20) / PAGE_SIZE)
		batch = (1UL << 20) / PAGE_SIZE;
	batch /= 4;
	if (batch < 1)
		batch = 1;
	v = batch + batch / 2;
	/* rounddown_pow_of_two(v) - 1 */
	while (v & (v - 1))
		v &= v - 1;
	return (int)v - 1;
}

/*
 * zone_highsize - the pcp high mark: the zone's low watermark shared among
 * the CPUs of its node, at least 4 batches (6.6, percpu_pagelist_high_fraction
 * unset), so that full pcp lists do not by themselves wake kswapd.
 */
static int zone_highsize(struct machine *m, const struct zone *zone, int batch)
{
	unsigned long total_pages = low_wmark_pages(zone);
	int nr_split_cpus = 0, cpu, high;

	for_each_online_cpu(m, cpu)
		if (m->cpus[cpu].node == zone->zone_pgdat->node_id)
			nr_split_cpus++;
	if (!nr_split_cpus)
		nr_split_cpus = m->nr_cpu_ids;
	high = (int)(total_pages / (unsigned long)nr_split_cpus);
	if (high < batch << 2)
		high = batch << 2;
	return high;
}

/**
 * calculate_normal_threshold - vmstat's per-CPU counter threshold, shown
 * in zoneinfo (mm/vmstat.c).
 */
int calculate_normal_threshold(struct machine *m, struct zone *zone)
{
	unsigned long mem = zone->managed_pages >> (27 - PAGE_SHIFT);
	int threshold;

	/* 2 * fls(cpus) * (1 + fls(mem)), at most 125 */
	threshold = 2 * (32 - __builtin_clz((unsigned int)m->nr_cpu_ids)) *
		    (1 + (mem ? 64 - __builtin_clzl(mem) : 0));
	return threshold < 125 ? threshold : 125;
}

/**
 * zone_pcp_update - recompute every CPU's pcp batch and high for @zone
 * (after the watermarks changed).
 */
void zone_pcp_update(struct machine *m, struct zone *zone)
{
	int batch = zone_batchsize(zone) > 1 ? zone_batchsize(zone) : 1;
	int high = zone_highsize(m, zone, batch);
	short threshold = (short)calculate_normal_threshold(m, zone);
	int cpu;

	for_each_online_cpu(m, cpu) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		pcp->batch = batch;
		pcp->high = high;
		pcp->stat_threshold = threshold;
	}
}

/**
 * setup_zone_pageset - give @zone its per-CPU page lists (empty; the
 * boot pageset's high 0 / batch 1 until zone_pcp_update sizes them).
 */
void setup_zone_pageset(struct machine *m, struct zone *zone)
{
	zone->per_cpu_pageset = calloc((size_t)m->nr_cpu_ids,
				       sizeof(*zone->per_cpu_pageset));
	if (!zone->per_cpu_pageset)
		abort();
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		for (int i = 0; i < NR_PCP_LISTS; i++)
			INIT_LIST_HEAD(&pcp->lists[i]);
		pcp->high = 0;
		pcp->batch = 1;
	}
}

/**
 * setup_per_zone_wmarks - recompute the watermarks (after min_free_kbytes
 * or watermark_scale_factor changed) and the pcp sizes that follow them.
 */
void setup_per_zone_wmarks(struct machine *m)
{
	struct zone *zone;

	__setup_per_zone_wmarks(m);
	for_each_populated_zone(m, zone)
		zone_pcp_update(m, zone);
	calculate_totalreserve_pages(m);
}

/**
 * nr_free_pages - NR_FREE_PAGES of the whole machine.
 */
unsigned long nr_free_pages(struct machine *m)
{
	return global_zone_page_state(m, NR_FREE_PAGES);
}

/**
 * si_mem_available - MemAvailable: free pages above the reserves, plus the
 * part of the page cache and of reclaimable kernel memory that could be
 * freed without trouble (mm/show_mem.c si_mem_available).
 */
unsigned long si_mem_available(struct machine *m)
{
	unsigned long wmark_low = 0, pagecache, reclaimable;
	long available;
	struct zone *zone;

	for_each_zone(m, zone)
		wmark_low += low_wmark_pages(zone);
	available = (long)global_zone_page_state(m, NR_FREE_PAGES) -
		    (long)m->totalreserve_pages;
	pagecache = global_node_page_state(m, NR_ACTIVE_FILE) +
		    global_node_page_state(m, NR_INACTIVE_FILE);
	pagecache -= pagecache / 2 < wmark_low ? pagecache / 2 : wmark_low;
	available += (long)pagecache;
	reclaimable = global_node_page_state(m, NR_SLAB_RECLAIMABLE_B) / PAGE_SIZE +
		      global_node_page_state(m, NR_KERNEL_MISC_RECLAIMABLE);
	reclaimable -= reclaimable / 2 < wmark_low ? reclaimable / 2 : wmark_low;
	available += (long)reclaimable;
	return available < 0 ? 0 : (unsigned long)available;
}

/* ------------------------------------------------------------------------
 * Physically contiguous ranges: alloc_contig_range and what it needs
 * (mm/page_alloc.c; isolate_freepages_range is mm/compaction.c's).  CMA
 * is the user (cma.c); page_isolation.c keeps the pageblocks out of reach
 * meanwhile.
 */

/**
 * adjust_managed_page_count - @count more (or, negative, fewer) pages
 * are managed by @page's zone and count in totalram_pages.
 */
void adjust_managed_page_count(struct machine *m, struct page *page, long count)
{
	struct zone *zone = page_zone(m, page);

	zone->managed_pages += (unsigned long)count;
	m->totalram_pages += (unsigned long)count;
	if (is_highmem(zone))
		m->totalhigh_pages += (unsigned long)count;
}

/**
 * split_free_page - split the free block @free_page of @order into two
 * parts at @split_pfn_offset pages, each freed again in the largest
 * aligned blocks, each into the list of its own pageblock's type (which
 * keeps an isolated pageblock's half apart).  -ENOENT if the block is no
 * longer free with that order.
 */
int split_free_page(struct machine *m, struct page *free_page, unsigned int order,
		    unsigned long split_pfn_offset)
{
	struct zone *zone = page_zone(m, free_page);
	unsigned long free_page_pfn = page_to_pfn(m, free_page);
	unsigned long pfn;

	if (split_pfn_offset == 0)
		return 0;
	if (!PageBuddy(free_page) || buddy_order(free_page) != order)
		return -ENOENT;
	del_page_from_free_list(free_page, zone, order);
	for (pfn = free_page_pfn; pfn < free_page_pfn + (1UL << order);) {
		int mt = get_pfnblock_migratetype(m, pfn_to_page(m, pfn), pfn);
		/* min(pfn ? __ffs(pfn) : order, __fls(split_pfn_offset)) */
		unsigned int o = pfn ? (unsigned int)__builtin_ctzl(pfn) : order;
		unsigned int fls = (unsigned int)(63 - __builtin_clzl(split_pfn_offset));

		if (o > fls)
			o = fls;
		__free_one_page(m, pfn_to_page(m, pfn), pfn, zone, o, mt, FPI_NONE);
		pfn += 1UL << o;
		split_pfn_offset -= 1UL << o;
		/* the first part is done: now the second */
		if (split_pfn_offset == 0)
			split_pfn_offset = (1UL << order) - (pfn - free_page_pfn);
	}
	return 0;
}

/**
 * __isolate_free_page - take the free block @page of @order off its list
 * (outside an isolated pageblock only while the zone stays above its min
 * watermark).  Returns the pages taken, 0 if refused.
 */
int __isolate_free_page(struct machine *m, struct page *page, unsigned int order)
{
	struct zone *zone = page_zone(m, page);
	int mt = get_pageblock_migratetype(m, page);

	if (!is_migrate_isolate(mt)) {
		unsigned long watermark = zone->_watermark[WMARK_MIN] + (1UL << order);

		if (!zone_watermark_ok(zone, 0, watermark, 0, ALLOC_CMA))
			return 0;
	}
	del_page_from_free_list(page, zone, order);
	/* At least half a pageblock: an ordinary block becomes movable. */
	if (order >= m->pageblock_order - 1) {
		struct page *endpage = page + (1UL << order) - 1;

		for (; page < endpage; page += m->pageblock_nr_pages) {
			int pmt = get_pageblock_migratetype(m, page);

			if (migratetype_is_mergeable(pmt))
				set_pageblock_migratetype(m, page, MIGRATE_MOVABLE);
		}
	}
	return 1 << order;
}

/**
 * __putback_isolated_page - give back a block __isolate_free_page took,
 * merging it with its buddies.
 */
void __putback_isolated_page(struct machine *m, struct page *page,
			     unsigned int order, int mt)
{
	__free_one_page(m, page, page_to_pfn(m, page), page_zone(m, page), order,
			mt, FPI_NONE);
}

/*
 * isolate_freepages_range - take every page of [start_pfn, end_pfn) off
 * the free lists and make each an order-0 allocation with refcount 1
 * (isolate_freepages_block in strict mode, then split_map_pages).  The
 * last block may reach past @end_pfn: returns where the taken pages end,
 * or 0 (and takes nothing) if a page in the range is not free.
 * Linux: mm/compaction.c; here until the compaction issue brings it.
 */
static unsigned long isolate_freepages_range(struct machine *m, struct zone *zone,
					     unsigned long start_pfn,
					     unsigned long end_pfn)
{
	struct list_head freelist;
	struct page *page, *next;
	unsigned long pfn = start_pfn;

	INIT_LIST_HEAD(&freelist);
	while (pfn < end_pfn) {
		unsigned int order;

		page = pfn_to_page(m, pfn);
		if (!PageBuddy(page) || page_zone(m, page) != zone)
			break;
		order = buddy_order(page);
		if (!__isolate_free_page(m, page, order))
			break;
		page->private = order;		/* set_page_private */
		list_add_tail(&page->lru, &freelist);
		pfn += 1UL << order;
	}
	/* split_map_pages: every page its own allocation */
	list_for_each_entry_safe(page, next, &freelist, struct page, lru) {
		unsigned int order = (unsigned int)page->private;

		list_del(&page->lru);
		page->index = 0;
		prep_new_page(m, page, order, __GFP_MOVABLE);
		split_page(page, order);
		set_page_alloc_order(page, 0);
	}
	if (pfn < end_pfn) {
		/* release_freepages: hand back what was taken */
		for (unsigned long p = start_pfn; p < pfn; p++)
			__free_pages(m, pfn_to_page(m, p), 0);
		return 0;
	}
	return pfn;
}

/*
 * __alloc_contig_migrate_range - move the pages in use in [start, end)
 * elsewhere.  Linux isolates the LRU and movable pages of the range and
 * migrates them (up to 5 tries, -EBUSY after).  mmsim has no page
 * migration yet (a later issue): a page Linux would migrate stays where it
 * is, and a page no one can migrate (a kernel allocation) stays there on
 * Linux too; either way test_pages_isolated then finds the range busy.
 */
static int __alloc_contig_migrate_range(struct machine *m, unsigned long start,
					unsigned long end)
{
	for (unsigned long pfn = start; pfn < end; pfn++)
		if (PageLRU(pfn_to_page(m, pfn)))
			return -EBUSY;		/* migrate_pages failed */
	return 0;
}

/**
 * alloc_contig_range - take the pages [@start, @end) of one zone for the
 * caller, each an order-0 page with refcount 1: isolate their pageblocks
 * (tagging them @migratetype again afterwards), drain the pcp lists, move
 * the pages in use away, check that everything is free, and take it off
 * the free lists; the parts of buddy blocks that stick out of the range
 * are freed again.  Returns 0, or -EBUSY when some page of the range is
 * in use and could not be moved.
 */
int alloc_contig_range(struct machine *m, unsigned long start, unsigned long end,
		       unsigned int migratetype, gfp_t gfp_mask)
{
	struct zone *zone = page_zone(m, pfn_to_page(m, start));
	unsigned long outer_start, outer_end;
	unsigned int order;
	int ret;

	ret = start_isolate_page_range(m, start, end, (int)migratetype, 0, gfp_mask);
	if (ret)
		goto done;
	drain_all_pages(m, zone);
	ret = __alloc_contig_migrate_range(m, start, end);
	if (ret && ret != -EBUSY)
		goto done;
	ret = 0;

	/* The free block holding @start may begin below it. */
	order = 0;
	outer_start = start;
	while (!PageBuddy(pfn_to_page(m, outer_start))) {
		if (++order > MAX_PAGE_ORDER) {
			outer_start = start;
			break;
		}
		outer_start &= ~0UL << order;
	}
	if (outer_start != start) {
		order = buddy_order(pfn_to_page(m, outer_start));
		if (outer_start + (1UL << order) <= start)
			outer_start = start;
	}
	if (test_pages_isolated(m, outer_start, end, 0)) {
		/*
		 * Linux 6.6 says this through the test_pages_isolated
		 * tracepoint only; mmsim has no tracepoints and prints the
		 * line Linux printed until 5.11 (pr_info_ratelimited).
		 */
		if (!m->cma || ___ratelimit(m, &m->cma->contig_busy_rs, "alloc_contig_range"))
			pr_info(m, "alloc_contig_range: [%lx, %lx) PFNs busy", outer_start, end);
		ret = -EBUSY;
		goto done;
	}
	outer_end = isolate_freepages_range(m, zone, outer_start, end);
	if (!outer_end) {
		ret = -EBUSY;
		goto done;
	}
	if (start != outer_start)
		free_contig_range(m, outer_start, start - outer_start);
	if (end != outer_end)
		free_contig_range(m, end, outer_end - end);
done:
	undo_isolate_page_range(m, start, end, (int)migratetype);
	return ret;
}

/**
 * free_contig_range - drop the reference of each of the @nr_pages order-0
 * pages from @pfn (what alloc_contig_range handed out); warns about those
 * that someone else still holds, as Linux does.
 */
void free_contig_range(struct machine *m, unsigned long pfn, unsigned long nr_pages)
{
	unsigned long count = 0;

	for (; nr_pages--; pfn++) {
		struct page *page = pfn_to_page(m, pfn);

		count += page_ref_count(page) != 1;
		__free_pages(m, page, 0);
	}
	if (count) {
		printk(m, "%lu pages are still in use!", count);
		printk(m, "WARNING: CPU: %d PID: %d at mm/page_alloc.c: free_contig_range",
		       m->cpu, this_cpu(m)->pid);
	}
}
