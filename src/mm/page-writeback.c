// SPDX-License-Identifier: MIT
/*
 * page-writeback.c - dirty page accounting, the dirty limits and their
 * throttling, and writing a mapping's dirty pages (mm/page-writeback.c,
 * Linux 6.6).
 *
 * A page becomes dirty through folio_mark_dirty (filemap_dirty_folio:
 * NR_FILE_DIRTY, NR_ZONE_WRITE_PENDING, NR_DIRTIED, the DIRTY tag,
 * __mark_inode_dirty); write_cache_pages turns dirty pages into pages
 * under writeback (folio_clear_dirty_for_io, __folio_start_writeback:
 * NR_WRITEBACK, the WRITEBACK tag) submitted in runs of contiguous pages
 * (mpage_writepages' bios); the request's completion ends it
 * (__folio_end_writeback: NR_WRITTEN).  shmem pages are dirtied with
 * noop_dirty_folio: the flag only, no accounting, never written here.
 *
 * The limits: global_dirtyable_memory and domain_dirty_limits as 6.6
 * computes them (vm.dirty_ratio 20 / vm.dirty_background_ratio 10 of the
 * dirtyable memory, or the _bytes sysctls; bg at most half of thresh).
 * balance_dirty_pages_ratelimited calls balance_dirty_pages every
 * nr_dirtied_pause pages (32 at first; then dirty_poll_interval), or when
 * the CPU's bdp_ratelimits passes ratelimit_pages; balance_dirty_pages
 * wakes the flusher above the background threshold and, above the
 * freerun ceiling (thresh + bg) / 2, pauses the writer.  Simplified: the
 * pause is not 6.6's bandwidth-based one (no dirty_ratelimit estimation,
 * pos_ratio); the writer waits for the oldest write request in flight,
 * as often as needed to get below the ceiling, each wait counted.
 */
#include <errno.h>
#include <stdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "blkdev.h"
#include "internal.h"
#include "mm.h"
#include "pagemap.h"
#include "writeback.h"

/*
 * highmem_dirtyable_memory - the highmem part of the dirtyable memory
 * (vm_highmem_is_dirtyable is 0): free above the high watermark plus the
 * file LRU of every highmem zone, at most @total.
 */
static unsigned long highmem_dirtyable_memory(struct machine *m, unsigned long total)
{
	unsigned long x = 0;
	struct zone *zone;

	for_each_populated_zone(m, zone) {
		unsigned long nr;

		if (!is_highmem(zone))
			continue;
		nr = zone_page_state(zone, NR_FREE_PAGES);
		nr -= nr < high_wmark_pages(zone) ? nr : high_wmark_pages(zone);
		nr += zone_page_state(zone, NR_ZONE_INACTIVE_FILE) +
		      zone_page_state(zone, NR_ZONE_ACTIVE_FILE);
		x += nr;
	}
	return x < total ? x : total;
}

/** global_dirtyable_memory - see writeback.h; never 0. */
unsigned long global_dirtyable_memory(struct machine *m)
{
	unsigned long x = global_zone_page_state(m, NR_FREE_PAGES);

	x -= x < m->totalreserve_pages ? x : m->totalreserve_pages;
	x += global_node_page_state(m, NR_INACTIVE_FILE);
	x += global_node_page_state(m, NR_ACTIVE_FILE);
	x -= highmem_dirtyable_memory(m, x);
	return x + 1;
}

/*
 * domain_dirty_limits - the thresholds for @avail dirtyable pages: the
 * ratios converted per PAGE_SIZE for precision, or the _bytes settings;
 * bg_thresh at most thresh / 2.  No rt-task boost (no tasks yet).
 */
static void domain_dirty_limits(struct machine *m, unsigned long avail,
				unsigned long *pbg, unsigned long *pthresh)
{
	struct pagecache_state *pc = m->pagecache;
	int dirty_ratio = pc ? pc->vm_dirty_ratio : DEFAULT_DIRTY_RATIO;
	int bg_ratio_pct = pc ? pc->dirty_background_ratio : DEFAULT_DIRTY_BACKGROUND_RATIO;
	unsigned long bytes = pc ? pc->vm_dirty_bytes : 0;
	unsigned long bg_bytes = pc ? pc->dirty_background_bytes : 0;
	unsigned long ratio = ((unsigned long)dirty_ratio * PAGE_SIZE) / 100;
	unsigned long bg_ratio = ((unsigned long)bg_ratio_pct * PAGE_SIZE) / 100;
	unsigned long thresh, bg_thresh;

	if (bytes)
		thresh = (bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	else
		thresh = (ratio * avail) / PAGE_SIZE;
	if (bg_bytes)
		bg_thresh = (bg_bytes + PAGE_SIZE - 1) / PAGE_SIZE;
	else
		bg_thresh = (bg_ratio * avail) / PAGE_SIZE;
	if (bg_thresh >= thresh)
		bg_thresh = thresh / 2;
	*pbg = bg_thresh;
	*pthresh = thresh;
}

/** global_dirty_limits - see writeback.h. */
void global_dirty_limits(struct machine *m, unsigned long *pbackground, unsigned long *pdirty)
{
	domain_dirty_limits(m, global_dirtyable_memory(m), pbackground, pdirty);
}

/** writeback_set_ratelimit - ratelimit_pages = thresh / (CPUs * 32), at least 16. */
void writeback_set_ratelimit(struct machine *m)
{
	struct bdi_writeback *wb = &m->pagecache->wb;
	unsigned long bg, thresh;

	global_dirty_limits(m, &bg, &thresh);
	wb->ratelimit_pages = thresh / ((unsigned long)m->nr_cpu_ids * 32);
	if (wb->ratelimit_pages < 16)
		wb->ratelimit_pages = 16;
}

/* ilog2 */
static unsigned int ilog2_ul(unsigned long x)
{
	return x ? 63U - (unsigned int)__builtin_clzl(x) : 0;
}

/* dirty_poll_interval - how many pages a writer may dirty before looking again. */
static unsigned long dirty_poll_interval(unsigned long dirty, unsigned long thresh)
{
	if (thresh > dirty)
		return 1UL << (ilog2_ul(thresh - dirty) >> 1);
	return 1;
}

/*
 * balance_dirty_pages - kick background writeback above bg_thresh;
 * below the freerun ceiling let the writer go, above it make it wait for
 * write requests to complete.
 */
static void balance_dirty_pages(struct machine *m)
{
	struct pagecache_state *pc = m->pagecache;
	struct bdi_writeback *wb = &pc->wb;

	for (int loops = 0;; loops++) {
		unsigned long nr_reclaimable = global_node_page_state(m, NR_FILE_DIRTY);
		unsigned long dirty = nr_reclaimable + global_node_page_state(m, NR_WRITEBACK);
		unsigned long bg, thresh;
		uint64_t before;

		global_dirty_limits(m, &bg, &thresh);
		if (nr_reclaimable > bg)
			wb_writeback_background(m);	/* wb_start_background_writeback */
		if (dirty <= dirty_freerun_ceiling(thresh, bg)) {
			wb->nr_dirtied = 0;
			wb->nr_dirtied_pause = dirty_poll_interval(dirty, thresh);
			return;
		}
		if (list_empty(&pc->bdev.queue) || loops > 100000) {
			wb->nr_dirtied = 0;
			return;
		}
		/* the pause: until the oldest write request in flight is done */
		before = m->clock_ns;
		cpu_wait_until(m, list_first_entry(&pc->bdev.queue, struct blk_request,
						   list)->done_ns);
		blk_complete(m);
		wb->throttled++;
		wb->throttled_ns += m->clock_ns - before;
	}
}

/**
 * balance_dirty_pages_ratelimited - after dirtying pages of @mapping:
 * balance_dirty_pages every nr_dirtied_pause pages, or when this CPU's
 * count passes ratelimit_pages.
 */
void balance_dirty_pages_ratelimited(struct machine *m, struct address_space *mapping)
{
	struct bdi_writeback *wb = &m->pagecache->wb;
	unsigned long ratelimit = wb->nr_dirtied_pause;
	unsigned long *p = &wb->bdp_ratelimits[m->cpu];

	if (!mapping->a_ops->writeback)
		return;
	if (wb->nr_dirtied >= ratelimit) {
		*p = 0;
	} else if (*p >= wb->ratelimit_pages) {
		*p = 0;
		ratelimit = 0;
	}
	if (wb->nr_dirtied >= ratelimit)
		balance_dirty_pages(m);
}

/**
 * folio_mark_dirty - mark @page dirty: for a writeback mapping
 * filemap_dirty_folio (accounted, tagged, the inode dirtied), for shmem
 * noop_dirty_folio (the flag only).  True if it was clean.
 */
bool folio_mark_dirty(struct machine *m, struct page *page)
{
	struct address_space *mapping = page->mapping;

	if (PageDirty(page))
		return false;
	SetPageDirty(page);
	if (!mapping || !mapping->a_ops->writeback)
		return true;
	/* folio_account_dirtied */
	__mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_FILE_DIRTY, 1);
	__mod_zone_page_state(page_zone(m, page), NR_ZONE_WRITE_PENDING, 1);
	__mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_DIRTIED, 1);
	m->pagecache->wb.nr_dirtied++;
	m->pagecache->wb.bdp_ratelimits[m->cpu]++;
	xa_set_mark(&mapping->i_pages, page->index, PAGECACHE_TAG_DIRTY);
	__mark_inode_dirty(m, mapping->host, I_DIRTY_PAGES);
	return true;
}

/** folio_account_cleaned - a dirty page goes without being written (truncate). */
void folio_account_cleaned(struct machine *m, struct page *page)
{
	__mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_FILE_DIRTY, -1);
	__mod_zone_page_state(page_zone(m, page), NR_ZONE_WRITE_PENDING, -1);
}

/** folio_clear_dirty_for_io - before writing: the ptes cleaned (page_mkclean), PG_dirty cleared, unaccounted. */
bool folio_clear_dirty_for_io(struct machine *m, struct page *page)
{
	if (!PageDirty(page))
		return false;
	if (page->_mapcount >= 0)
		page_mkclean(m, page);	/* the mappers' ptes write-protected and clean */
	ClearPageDirty(page);
	folio_account_cleaned(m, page);
	return true;
}

/** folio_start_writeback - __folio_start_writeback: PG_writeback, tags, NR_WRITEBACK. */
void folio_start_writeback(struct machine *m, struct page *page)
{
	struct xarray *xa = &((struct address_space *)page->mapping)->i_pages;

	SetPageWriteback(page);
	xa_set_mark(xa, page->index, PAGECACHE_TAG_WRITEBACK);
	if (!PageDirty(page))
		xa_clear_mark(xa, page->index, PAGECACHE_TAG_DIRTY);
	xa_clear_mark(xa, page->index, PAGECACHE_TAG_TOWRITE);
	__mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_WRITEBACK, 1);
	__mod_zone_page_state(page_zone(m, page), NR_ZONE_WRITE_PENDING, 1);
}

/** folio_end_writeback - the write is done: PG_writeback off, NR_WRITTEN. */
void folio_end_writeback(struct machine *m, struct page *page)
{
	if (!PageWriteback(page))
		return;
	ClearPageReadahead(page);	/* PG_reclaim */
	ClearPageWriteback(page);
	if (page->mapping)
		xa_clear_mark(&((struct address_space *)page->mapping)->i_pages, page->index,
			      PAGECACHE_TAG_WRITEBACK);
	__mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_WRITEBACK, -1);
	__mod_zone_page_state(page_zone(m, page), NR_ZONE_WRITE_PENDING, -1);
	__mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_WRITTEN, 1);
}

/* A bio being built: contiguous pages of one mapping. */
struct wb_bio {
	struct address_space *mapping;
	pgoff_t index;
	unsigned int nr;
	struct page *pages[BIO_MAX_VECS];
};

static void wb_bio_submit(struct machine *m, struct wb_bio *bio)
{
	if (bio->nr)
		submit_bio(m, REQ_OP_WRITE, bio->mapping, bio->index, bio->pages, bio->nr);
	bio->nr = 0;
}

/*
 * write_cache_pages with mpage_writepages' bio building: the DIRTY (or,
 * for WB_SYNC_ALL, the TOWRITE-tagged) pages of the range written, up to
 * wbc->nr_to_write for WB_SYNC_NONE.
 */
static int write_cache_pages(struct machine *m, struct address_space *mapping,
			     struct writeback_control *wbc)
{
	pgoff_t index, end, done_index;
	xa_mark_t tag;
	struct wb_bio bio = { .mapping = mapping };
	struct page *page;
	bool done = false;

	if (wbc->range_cyclic) {
		index = mapping->writeback_index;
		end = ~0UL;
	} else {
		index = wbc->range_start >> PAGE_SHIFT;
		end = wbc->range_end >> PAGE_SHIFT;
	}
	if (wbc->sync_mode == WB_SYNC_ALL) {	/* tag_pages_for_writeback */
		pgoff_t i = index;

		tag = PAGECACHE_TAG_TOWRITE;
		while (xa_find(&mapping->i_pages, &i, end, PAGECACHE_TAG_DIRTY)) {
			xa_set_mark(&mapping->i_pages, i, PAGECACHE_TAG_TOWRITE);
			if (i++ == end)
				break;
		}
	} else {
		tag = PAGECACHE_TAG_DIRTY;
	}
	done_index = index;
	while (!done && (page = xa_find(&mapping->i_pages, &index, end, tag))) {
		done_index = page->index;
		if (PageWriteback(page)) {
			if (wbc->sync_mode == WB_SYNC_NONE)
				goto next;
			wb_bio_submit(m, &bio);
			folio_wait_writeback(m, page);
		}
		if (PageLocked(page))
			folio_wait_locked(m, page);
		if (!folio_clear_dirty_for_io(m, page)) {
			xa_clear_mark(&mapping->i_pages, page->index, PAGECACHE_TAG_TOWRITE);
			goto next;
		}
		folio_start_writeback(m, page);
		if (bio.nr && (bio.nr == BIO_MAX_VECS || bio.index + bio.nr != page->index))
			wb_bio_submit(m, &bio);
		if (!bio.nr)
			bio.index = page->index;
		bio.pages[bio.nr++] = page;
		m->pagecache->wb.pages_written++;
		if (--wbc->nr_to_write <= 0 && wbc->sync_mode == WB_SYNC_NONE) {
			done = true;
			done_index = page->index + 1;
		}
next:
		if (index++ == end)
			break;
	}
	wb_bio_submit(m, &bio);
	if (wbc->range_cyclic)
		mapping->writeback_index = done ? done_index : 0;
	return 0;
}

/** do_writepages - write @mapping's dirty pages as @wbc says. */
int do_writepages(struct machine *m, struct address_space *mapping,
		  struct writeback_control *wbc)
{
	if (!mapping->a_ops->writeback)
		return 0;
	return write_cache_pages(m, mapping, wbc);
}

/* vm.* sysctls of this file and the proc handlers' ranges. */
static int parse_sysctl_long(const char *v, long min, long max, long *out)
{
	return parse_long(v, out) || *out < min || *out > max ? -EINVAL : 0;
}

/** writeback_sysctl_write - see writeback.h. */
int writeback_sysctl_write(struct machine *m, const char *name, const char *value,
			   char *err, size_t n)
{
	struct pagecache_state *pc = m->pagecache;
	long x;

	if (!strcmp(name, "vm.dirty_ratio") || !strcmp(name, "vm.dirty_background_ratio")) {
		bool bg = name[9] == 'b';

		if (parse_sysctl_long(value, 0, 100, &x)) {	/* proc_dointvec_minmax 0..100 */
			snprintf(err, n, "%s=%s: must be a number from 0 to 100", name, value);
			return -EINVAL;
		}
		/* dirty_ratio_handler / dirty_background_ratio_handler clear the _bytes */
		if (bg) {
			pc->dirty_background_ratio = (int)x;
			pc->dirty_background_bytes = 0;
		} else {
			pc->vm_dirty_ratio = (int)x;
			pc->vm_dirty_bytes = 0;
		}
	} else if (!strcmp(name, "vm.dirty_bytes") || !strcmp(name, "vm.dirty_background_bytes")) {
		bool bg = strstr(name, "background") != NULL;

		/* dirty_bytes: at least 2 pages (dirty_bytes_min); background: >= 0 */
		if (parse_sysctl_long(value, bg ? 0 : 2 * (long)PAGE_SIZE, 0x7fffffffffffffffL, &x)) {
			snprintf(err, n, "%s=%s: must be a number of at least %lu", name, value,
				 bg ? 0UL : 2 * PAGE_SIZE);
			return -EINVAL;
		}
		if (bg) {
			pc->dirty_background_bytes = (unsigned long)x;
			pc->dirty_background_ratio = 0;
		} else {
			pc->vm_dirty_bytes = (unsigned long)x;
			pc->vm_dirty_ratio = 0;
		}
	} else if (!strcmp(name, "vm.dirty_expire_centisecs") ||
		   !strcmp(name, "vm.dirty_writeback_centisecs")) {
		if (parse_sysctl_long(value, 0, 0x7fffffffL, &x)) {
			snprintf(err, n, "%s=%s: must be a number from 0 to 2147483647", name, value);
			return -EINVAL;
		}
		if (name[9] == 'e') {
			pc->dirty_expire_interval = (unsigned int)x;
		} else {
			/* dirty_writeback_centisecs_handler: the flusher rearmed now */
			pc->dirty_writeback_interval = (unsigned int)x;
			pc->wb.next_wakeup = x && !list_empty(&pc->wb.b_dirty) ?
				m->clock_ns + (uint64_t)x * 10000000ULL : 0;
		}
	} else if (!strcmp(name, "vm.drop_caches")) {
		if (parse_sysctl_long(value, 1, 4, &x)) {
			snprintf(err, n, "%s=%s: must be a number from 1 to 4", name, value);
			return -EINVAL;
		}
		pc->sysctl_drop_caches = (int)x;
		/* drop_caches_sysctl_handler */
		if (x & 1) {
			drop_pagecache(m);
			__count_vm_events(m, DROP_PAGECACHE, 1);
		}
		if (x & 2)
			__count_vm_events(m, DROP_SLAB, 1);	/* no shrinkers yet */
		if (!(pc->stfu & 4))
			pr_info(m, "%s (%d): drop_caches: %ld", this_cpu(m)->comm, this_cpu(m)->pid,
				x);
		pc->stfu |= (unsigned int)x & 4;
		return 0;
	} else {
		return 1;
	}
	writeback_set_ratelimit(m);
	return 0;
}

/** writeback_sysctl_read - see writeback.h. */
long writeback_sysctl_read(struct machine *m, const char *name)
{
	struct pagecache_state *pc = m->pagecache;

	if (!strcmp(name, "dirty_ratio"))
		return pc->vm_dirty_ratio;
	if (!strcmp(name, "dirty_background_ratio"))
		return pc->dirty_background_ratio;
	if (!strcmp(name, "dirty_bytes"))
		return (long)pc->vm_dirty_bytes;
	if (!strcmp(name, "dirty_background_bytes"))
		return (long)pc->dirty_background_bytes;
	if (!strcmp(name, "dirty_expire_centisecs"))
		return pc->dirty_expire_interval;
	if (!strcmp(name, "dirty_writeback_centisecs"))
		return pc->dirty_writeback_interval;
	if (!strcmp(name, "drop_caches"))
		return pc->sysctl_drop_caches;
	return -1;
}
