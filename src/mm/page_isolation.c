// SPDX-License-Identifier: MIT
/*
 * page_isolation.c - taking pageblocks out of the allocator's reach
 * (Linux mm/page_isolation.c, 6.6).
 *
 * An isolated pageblock has the migratetype MIGRATE_ISOLATE: its free
 * pages sit on the Isolate free lists, which no allocation looks at and
 * which do not count as free (NR_FREE_PAGES), and pages freed into it stay
 * there.  alloc_contig_range isolates the pageblocks of the range it
 * wants, so that pages freed meanwhile cannot be handed out again, checks
 * that everything in the range is free (test_pages_isolated), takes it,
 * and gives the pageblocks their type back (undo_isolate_page_range).
 *
 * The first and the last pageblock of a range get special care
 * (isolate_single_pageblock): a free buddy block that straddles the
 * range's boundary is split at it, so that only the pageblocks inside go
 * to the Isolate lists.  A compound page straddling the boundary would be
 * migrated away by Linux; mmsim has no page migration yet, so such a range
 * cannot be isolated (-EBUSY), as Linux's own fallback for unmovable
 * compound pages.
 *
 * Simplified: no zone->nr_isolate_pageblock (mmsim's free paths look at
 * every page's pageblock instead of asking whether a zone has isolated
 * blocks); no memory hotplug (MEMORY_OFFLINE has nothing to skip).
 */
#include <errno.h>
#include "page_isolation.h"

static inline bool is_migrate_cma_page(struct machine *m, const struct page *page)
{
	return get_pageblock_migratetype(m, page) == MIGRATE_CMA;
}

/* __first_valid_page - every pfn below memmap_pfns has a struct page here. */
static struct page *__first_valid_page(struct machine *m, unsigned long pfn,
				       unsigned long nr_pages)
{
	for (unsigned long i = 0; i < nr_pages; i++)
		if (pfn_valid(m, pfn + i))
			return pfn_to_page(m, pfn + i);
	return NULL;
}

/*
 * has_unmovable_pages - the first page of [start_pfn, end_pfn) (one
 * pageblock) that could not be moved out of the way, or NULL.  A CMA
 * pageblock counts as movable for a MIGRATE_CMA isolation, whatever it
 * holds (alloc_contig_range finds out later), and as unmovable for any
 * other.
 */
static struct page *has_unmovable_pages(struct machine *m, unsigned long start_pfn,
					unsigned long end_pfn, int migratetype,
					int flags)
{
	struct page *page = pfn_to_page(m, start_pfn);
	struct zone *zone = page_zone(m, page);

	(void)flags;
	if (is_migrate_cma_page(m, page))
		return migratetype == MIGRATE_CMA ? NULL : page;
	for (unsigned long pfn = start_pfn; pfn < end_pfn; pfn++) {
		page = pfn_to_page(m, pfn);
		if (PageReserved(page))
			return page;
		if (zone_idx(zone) == ZONE_MOVABLE)
			continue;
		if (PageHead(page) || PageTail(page)) {
			struct page *head = compound_head(page);

			/* a THP on the LRU could migrate; nothing else can */
			if (!PageLRU(head))
				return page;
			pfn = page_to_pfn(m, head) + (1UL << compound_order(head)) - 1;
			continue;
		}
		if (!page_ref_count(page)) {
			if (PageBuddy(page))
				pfn += (1UL << buddy_order(page)) - 1;
			continue;
		}
		if (PageLRU(page))
			continue;
		return page;
	}
	return NULL;
}

/*
 * set_migratetype_isolate - make @page's pageblock MIGRATE_ISOLATE and
 * move its free pages to the Isolate lists; -EBUSY if it is isolated
 * already or holds a page that cannot move (reported with REPORT_FAILURE).
 */
static int set_migratetype_isolate(struct machine *m, struct page *page,
				   int migratetype, int isol_flags,
				   unsigned long start_pfn, unsigned long end_pfn)
{
	struct zone *zone = page_zone(m, page);
	unsigned long pfn = page_to_pfn(m, page);
	unsigned long check_start, check_end, block_end;
	struct page *unmovable;

	if (is_migrate_isolate_page(m, page))
		return -EBUSY;
	block_end = pageblock_start_pfn(m, pfn) + m->pageblock_nr_pages;
	check_start = pfn > start_pfn ? pfn : start_pfn;
	check_end = block_end < end_pfn ? block_end : end_pfn;
	unmovable = has_unmovable_pages(m, check_start, check_end, migratetype,
					isol_flags);
	if (!unmovable) {
		set_pageblock_migratetype(m, page, MIGRATE_ISOLATE);
		move_freepages_block(m, zone, page, MIGRATE_ISOLATE, NULL);
		return 0;
	}
	if (isol_flags & REPORT_FAILURE)
		dump_page(m, unmovable, "unmovable page");
	return -EBUSY;
}

/*
 * unset_migratetype_isolate - give @page's pageblock @migratetype back.  A
 * free block of pageblock order or more could not merge with its buddy
 * while isolated; it is taken out and freed again so that it does.
 */
static void unset_migratetype_isolate(struct machine *m, struct page *page,
				      int migratetype)
{
	struct zone *zone = page_zone(m, page);
	bool isolated_page = false;
	unsigned int order = 0;

	if (!is_migrate_isolate_page(m, page))
		return;
	if (PageBuddy(page)) {
		order = buddy_order(page);
		if (order >= m->pageblock_order && order < MAX_PAGE_ORDER) {
			unsigned long pfn = page_to_pfn(m, page);
			unsigned long buddy_pfn = pfn ^ (1UL << order);
			struct page *buddy = pfn_to_page(m, buddy_pfn);

			/* find_buddy_page_pfn: free, same order, same zone */
			if (buddy_pfn < m->max_pfn && PageBuddy(buddy) &&
			    buddy_order(buddy) == order && page_zone(m, buddy) == zone &&
			    !is_migrate_isolate_page(m, buddy))
				isolated_page = __isolate_free_page(m, page, order) != 0;
		}
	}
	if (!isolated_page)
		move_freepages_block(m, zone, page, migratetype, NULL);
	set_pageblock_migratetype(m, page, migratetype);
	if (isolated_page)
		__putback_isolated_page(m, page, order, migratetype);
}

/*
 * isolate_single_pageblock - isolate the pageblock at (or, with
 * @isolate_before, just below) @boundary_pfn, and split any free block
 * that reaches across @boundary_pfn so that its outer part stays outside.
 * The scan starts at the MAX_ORDER-aligned pfn below, where the head of
 * any block across the boundary must be.
 */
static int isolate_single_pageblock(struct machine *m, unsigned long boundary_pfn,
				    int flags, bool isolate_before,
				    bool skip_isolation, int migratetype)
{
	unsigned long isolate_pageblock, start_pfn, pfn;
	struct zone *zone;
	int ret;

	isolate_pageblock = isolate_before ? boundary_pfn - m->pageblock_nr_pages :
					     boundary_pfn;
	zone = page_zone(m, pfn_to_page(m, isolate_pageblock));
	start_pfn = isolate_pageblock & ~(MAX_ORDER_NR_PAGES - 1);
	if (start_pfn < zone->zone_start_pfn)
		start_pfn = zone->zone_start_pfn;

	if (!skip_isolation) {
		ret = set_migratetype_isolate(m, pfn_to_page(m, isolate_pageblock),
					      migratetype, flags, isolate_pageblock,
					      isolate_pageblock + m->pageblock_nr_pages);
		if (ret)
			return ret;
	}
	/* Nothing can straddle a boundary with no memory on its other side. */
	if (isolate_before ? !pfn_valid(m, boundary_pfn) :
			     (boundary_pfn == 0 || !pfn_valid(m, boundary_pfn - 1)))
		return 0;

	for (pfn = start_pfn; pfn < boundary_pfn;) {
		struct page *page = pfn_to_page(m, pfn);

		if (PageBuddy(page)) {
			unsigned int order = buddy_order(page);

			if (pfn + (1UL << order) > boundary_pfn &&
			    split_free_page(m, page, order, boundary_pfn - pfn))
				continue;	/* changed under us: look again */
			pfn += 1UL << order;
			continue;
		}
		if (PageHead(page) || PageTail(page)) {
			struct page *head = compound_head(page);
			unsigned long head_pfn = page_to_pfn(m, head);
			unsigned long nr_pages = 1UL << compound_order(head);

			if (head_pfn + nr_pages <= boundary_pfn) {
				pfn = head_pfn + nr_pages;
				continue;
			}
			/* Linux would migrate it (hugetlb, THP); no migration yet. */
			goto failed;
		}
		pfn++;
	}
	return 0;
failed:
	if (!skip_isolation)
		unset_migratetype_isolate(m, pfn_to_page(m, isolate_pageblock), migratetype);
	return -EBUSY;
}

/**
 * start_isolate_page_range - make every pageblock that [@start_pfn,
 * @end_pfn) touches MIGRATE_ISOLATE.  Returns 0, or -EBUSY (and nothing
 * isolated) if one of them cannot be.  @migratetype is what the blocks
 * are given back on failure.
 */
int start_isolate_page_range(struct machine *m, unsigned long start_pfn,
			     unsigned long end_pfn, int migratetype, int flags,
			     gfp_t gfp_flags)
{
	unsigned long isolate_start = pageblock_start_pfn(m, start_pfn);
	unsigned long isolate_end = pageblock_start_pfn(m, end_pfn + m->pageblock_nr_pages - 1);
	bool skip_isolation = false;
	unsigned long pfn;
	int ret;

	(void)gfp_flags;
	ret = isolate_single_pageblock(m, isolate_start, flags, false,
				       skip_isolation, migratetype);
	if (ret)
		return ret;
	if (isolate_start == isolate_end - m->pageblock_nr_pages)
		skip_isolation = true;
	ret = isolate_single_pageblock(m, isolate_end, flags, true,
				       skip_isolation, migratetype);
	if (ret) {
		unset_migratetype_isolate(m, pfn_to_page(m, isolate_start), migratetype);
		return ret;
	}
	for (pfn = isolate_start + m->pageblock_nr_pages;
	     pfn < isolate_end - m->pageblock_nr_pages;
	     pfn += m->pageblock_nr_pages) {
		struct page *page = __first_valid_page(m, pfn, m->pageblock_nr_pages);

		if (page && set_migratetype_isolate(m, page, migratetype, flags,
						    start_pfn, end_pfn)) {
			undo_isolate_page_range(m, isolate_start, pfn, migratetype);
			unset_migratetype_isolate(m, pfn_to_page(m, isolate_end - m->pageblock_nr_pages),
						  migratetype);
			return -EBUSY;
		}
	}
	return 0;
}

/**
 * undo_isolate_page_range - give every isolated pageblock of the range
 * @migratetype again, its free pages back on @migratetype's lists.
 */
void undo_isolate_page_range(struct machine *m, unsigned long start_pfn,
			     unsigned long end_pfn, int migratetype)
{
	unsigned long isolate_start = pageblock_start_pfn(m, start_pfn);
	unsigned long isolate_end = pageblock_start_pfn(m, end_pfn + m->pageblock_nr_pages - 1);

	for (unsigned long pfn = isolate_start; pfn < isolate_end;
	     pfn += m->pageblock_nr_pages) {
		struct page *page = __first_valid_page(m, pfn, m->pageblock_nr_pages);

		if (!page || !is_migrate_isolate_page(m, page))
			continue;
		unset_migratetype_isolate(m, page, migratetype);
	}
}

/* The first pfn of [pfn, end_pfn) that is neither free nor skippable. */
static unsigned long __test_page_isolated_in_pageblock(struct machine *m,
							unsigned long pfn,
							unsigned long end_pfn,
							int flags)
{
	(void)flags;
	while (pfn < end_pfn) {
		struct page *page = pfn_to_page(m, pfn);

		if (PageBuddy(page))
			pfn += 1UL << buddy_order(page);
		else
			break;
	}
	return pfn;
}

/**
 * test_pages_isolated - is every pageblock of [@start_pfn, @end_pfn)
 * isolated and every page in it free?  0 if so, else -EBUSY.  (Linux
 * reports the first busy pfn through the test_pages_isolated tracepoint.)
 */
int test_pages_isolated(struct machine *m, unsigned long start_pfn,
			unsigned long end_pfn, int isol_flags)
{
	unsigned long pfn;
	struct page *page;

	for (pfn = start_pfn; pfn < end_pfn; pfn += m->pageblock_nr_pages) {
		page = __first_valid_page(m, pfn, m->pageblock_nr_pages);
		if (page && !is_migrate_isolate_page(m, page))
			break;
	}
	page = __first_valid_page(m, start_pfn, end_pfn - start_pfn);
	if (pfn < end_pfn || !page)
		return -EBUSY;
	pfn = __test_page_isolated_in_pageblock(m, start_pfn, end_pfn, isol_flags);
	return pfn < end_pfn ? -EBUSY : 0;
}
