// SPDX-License-Identifier: MIT
/*
 * swap.c - putting pages on the LRU lists (mm/swap.c, include/linux/
 * mm_inline.h, Linux 6.6): folio_add_lru, lruvec_add_folio /
 * lruvec_del_folio with update_lru_size's counters, folio_mark_accessed's
 * referenced -> active promotion, folio_activate.
 *
 * The lists are each node's lruvec (no memory cgroups).  Simplified: no
 * per-CPU folio batches (cpu_fbatches): a page is on its list, and
 * counted, as soon as it is added, as after lru_add_drain.  Reclaim (the
 * scanning of these lists) comes with a later issue.
 */
#include "internal.h"
#include "pagemap.h"

static struct lruvec *page_lruvec(struct machine *m, struct page *page)
{
	return &NODE_DATA(m, page_to_nid(page))->__lruvec;
}

/* folio_lru_list - which list @page belongs on. */
static enum lru_list folio_lru_list(const struct page *page)
{
	enum lru_list lru;

	if (test_page_flag(page, PG_unevictable))
		return LRU_UNEVICTABLE;
	lru = PageSwapBacked(page) ? LRU_INACTIVE_ANON : LRU_INACTIVE_FILE;
	if (PageActive(page))
		lru += LRU_ACTIVE_ANON;		/* the active list follows its inactive one */
	return lru;
}

/* update_lru_size - the node's NR_LRU_BASE + lru and the zone's NR_ZONE_LRU_BASE + lru. */
static void update_lru_size(struct machine *m, struct page *page, enum lru_list lru, long nr)
{
	__mod_node_page_state(NODE_DATA(m, page_to_nid(page)),
			      (enum node_stat_item)(NR_INACTIVE_ANON + lru), nr);
	__mod_zone_page_state(page_zone(m, page),
			      (enum zone_stat_item)(NR_ZONE_INACTIVE_ANON + lru), nr);
}

/** folio_add_lru - put @page on its LRU list (lru_add_fn), PG_lru set. */
void folio_add_lru(struct machine *m, struct page *page)
{
	enum lru_list lru = folio_lru_list(page);

	SetPageLRU(page);
	list_add(&page->lru, &page_lruvec(m, page)->lists[lru]);
	update_lru_size(m, page, lru, 1);
}

/** lruvec_del_folio - take @page off its LRU list, PG_lru cleared. */
void lruvec_del_folio(struct machine *m, struct page *page)
{
	if (!PageLRU(page))
		return;
	list_del(&page->lru);
	update_lru_size(m, page, folio_lru_list(page), -1);
	ClearPageLRU(page);
}

/** folio_activate - move @page to the active list of its kind (activate_fn). */
void folio_activate(struct machine *m, struct page *page)
{
	if (!PageLRU(page) || PageActive(page) || test_page_flag(page, PG_unevictable))
		return;
	lruvec_del_folio(m, page);
	SetPageActive(page);
	folio_add_lru(m, page);
	__count_vm_events(m, PGACTIVATE, 1);
}

/**
 * folio_mark_accessed - the second access of an inactive, referenced page
 * activates it; the first only sets PG_referenced (mm/swap.c).
 */
void folio_mark_accessed(struct machine *m, struct page *page)
{
	if (!PageReferenced(page)) {
		SetPageReferenced(page);
	} else if (test_page_flag(page, PG_unevictable)) {
		/* unevictable pages stay where they are */
	} else if (!PageActive(page)) {
		folio_activate(m, page);
		ClearPageReferenced(page);
	}
}
