/* SPDX-License-Identifier: MIT */
/*
 * page_isolation.h - isolating pageblocks and allocating physically
 * contiguous ranges (include/linux/page-isolation.h, the contig-range part
 * of include/linux/gfp.h and mm/internal.h), Linux 6.6.
 */
#ifndef MMSIM_PAGE_ISOLATION_H
#define MMSIM_PAGE_ISOLATION_H

#include "internal.h"

/* isol_flags of start_isolate_page_range / test_pages_isolated */
#define MEMORY_OFFLINE	0x1
#define REPORT_FAILURE	0x2

static inline bool is_migrate_isolate_page(struct machine *m, const struct page *page)
{
	return get_pageblock_migratetype(m, page) == MIGRATE_ISOLATE;
}

/* ---- page_isolation.c ---- */
int start_isolate_page_range(struct machine *m, unsigned long start_pfn,
			     unsigned long end_pfn, int migratetype, int flags,
			     gfp_t gfp_flags);
void undo_isolate_page_range(struct machine *m, unsigned long start_pfn,
			     unsigned long end_pfn, int migratetype);
int test_pages_isolated(struct machine *m, unsigned long start_pfn,
			unsigned long end_pfn, int isol_flags);

/* ---- page_alloc.c ---- */
unsigned long move_freepages_block(struct machine *m, struct zone *zone,
				   struct page *page, int migratetype,
				   unsigned long *num_movable);
int split_free_page(struct machine *m, struct page *free_page, unsigned int order,
		    unsigned long split_pfn_offset);
int __isolate_free_page(struct machine *m, struct page *page, unsigned int order);
void __putback_isolated_page(struct machine *m, struct page *page,
			     unsigned int order, int mt);
int alloc_contig_range(struct machine *m, unsigned long start, unsigned long end,
		       unsigned int migratetype, gfp_t gfp_mask);
void free_contig_range(struct machine *m, unsigned long pfn, unsigned long nr_pages);

#endif /* MMSIM_PAGE_ISOLATION_H */
