// SPDX-License-Identifier: MIT
/*
 * debug_vm.c - the invariant checker, mmsim's CONFIG_DEBUG_VM.
 *
 * check_machine walks every free list, every per-CPU list and every
 * struct page and cross-checks them against the counters:
 *  - a page on free_area[o].free_list[t] is PageBuddy with order o, records
 *    type t, lies in its zone, is aligned to 2^o, has refcount 0 and no
 *    mapping; its buddy is not also free at order o (or they would have
 *    merged, unless a pageblock boundary between unmergeable types
 *    forbids it);
 *  - nr_free of each order matches its lists; NR_FREE_PAGES and
 *    NR_FREE_CMA_PAGES match the pages on the lists; the machine-wide
 *    counters are the sum of the zones';
 *  - pcp pages are not PageBuddy, have refcount 0 and the list's order;
 *    pcp->count matches;
 *  - every PageBuddy page is the head of a block on a free list;
 *  - managed pages add up to totalram_pages.
 * Each violation is reported in dmesg as "mmsim: DEBUG_VM: …" and counted.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "slab.h"
#include "percpu.h"
#include "pagemap.h"
#include "mm.h"
#include "fdtable.h"

struct checker {
	struct machine *m;
	uint8_t *seen;		/* one byte per pfn: on a free or pcp list */
	int errors;
};

#define REPORT(c, ...) do {                                   \
	if ((c)->errors < 20)                                 \
		printk((c)->m, "mmsim: DEBUG_VM: " __VA_ARGS__); \
	(c)->errors++;                                        \
} while (0)

static void check_free_page(struct checker *c, struct zone *zone,
			    struct page *page, unsigned int order, int mt)
{
	struct machine *m = c->m;
	unsigned long pfn = page_to_pfn(m, page);

	if (!PageBuddy(page) || buddy_order(page) != order || (int)page->index != mt)
		REPORT(c, "pfn %#lx on %s order-%u list: buddy=%d order=%lu type=%lu",
		       pfn, migratetype_names[mt], order, PageBuddy(page),
		       page->private, page->index);
	if (page_zone(m, page) != zone || !zone_spans_pfn(zone, pfn) ||
	    !zone_spans_pfn(zone, pfn + (1UL << order) - 1))
		REPORT(c, "pfn %#lx order %u on zone %s's list lies outside it",
		       pfn, order, zone->name);
	if (pfn & ((1UL << order) - 1))
		REPORT(c, "pfn %#lx on the order-%u list is misaligned", pfn, order);
	if (page_ref_count(page) != 0 || page->_mapcount != -1 || page->mapping)
		REPORT(c, "free pfn %#lx: refcount %d mapcount %d mapping %p",
		       pfn, page_ref_count(page), page->_mapcount, page->mapping);
	if (order < MAX_PAGE_ORDER) {
		unsigned long bpfn = pfn ^ (1UL << order);

		if (bpfn < m->max_pfn) {
			struct page *buddy = pfn_to_page(m, bpfn);
			bool blocked = order >= m->pageblock_order &&
				get_pageblock_migratetype(m, buddy) !=
					get_pageblock_migratetype(m, page);

			if (PageBuddy(buddy) && buddy_order(buddy) == order &&
			    page_zone(m, buddy) == zone && !blocked)
				REPORT(c, "pfn %#lx and its buddy %#lx are both free at order %u",
				       pfn, bpfn, order);
		}
	}
	for (unsigned long i = 0; i < (1UL << order); i++) {
		if (c->seen[pfn + i])
			REPORT(c, "pfn %#lx is on two lists", pfn + i);
		c->seen[pfn + i] = (uint8_t)(i == 0 ? 1 : 2);
	}
}

static void check_zone_free_lists(struct checker *c, struct zone *zone)
{
	unsigned long free = 0, cma = 0;

	for (unsigned int order = 0; order < NR_PAGE_ORDERS; order++) {
		struct free_area *area = &zone->free_area[order];
		unsigned long n = 0;

		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			struct page *page;

			list_for_each_entry(page, &area->free_list[mt], struct page, lru) {
				check_free_page(c, zone, page, order, mt);
				n++;
				if (mt != MIGRATE_ISOLATE)
					free += 1UL << order;
				if (mt == MIGRATE_CMA)
					cma += 1UL << order;
			}
		}
		if (n != area->nr_free)
			REPORT(c, "zone %s order %u: nr_free %lu but %lu blocks on the lists",
			       zone->name, order, area->nr_free, n);
	}
	if (free != zone_page_state(zone, NR_FREE_PAGES))
		REPORT(c, "zone %s: NR_FREE_PAGES %lu but %lu pages on the free lists",
		       zone->name, zone_page_state(zone, NR_FREE_PAGES), free);
	if (cma != zone_page_state(zone, NR_FREE_CMA_PAGES))
		REPORT(c, "zone %s: NR_FREE_CMA_PAGES %lu but %lu CMA pages free",
		       zone->name, zone_page_state(zone, NR_FREE_CMA_PAGES), cma);
}

static void check_zone_pcp(struct checker *c, struct zone *zone)
{
	struct machine *m = c->m;

	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];
		int count = 0;

		for (unsigned int pindex = 0; pindex < NR_PCP_LISTS; pindex++) {
			unsigned int order = pindex == NR_LOWORDER_PCP_LISTS ?
				m->pageblock_order : pindex / MIGRATE_PCPTYPES;
			struct page *page;

			list_for_each_entry(page, &pcp->lists[pindex], struct page, lru) {
				unsigned long pfn = page_to_pfn(m, page);

				if (PageBuddy(page) || page_ref_count(page) != 0 ||
				    page_zone(m, page) != zone)
					REPORT(c, "cpu %d pcp pfn %#lx: buddy=%d refcount=%d zone=%s",
					       cpu, pfn, PageBuddy(page), page_ref_count(page),
					       page_zone(m, page)->name);
				for (unsigned long i = 0; i < (1UL << order); i++) {
					if (c->seen[pfn + i])
						REPORT(c, "pfn %#lx is on two lists", pfn + i);
					c->seen[pfn + i] = 3;
				}
				count += 1 << order;
			}
		}
		if (count != pcp->count)
			REPORT(c, "zone %s cpu %d: pcp count %d but %d pages on its lists",
			       zone->name, cpu, pcp->count, count);
		if (count < 0 || pcp->high < 0 || pcp->batch < 1)
			REPORT(c, "zone %s cpu %d: bad pcp sizes high %d batch %d",
			       zone->name, cpu, pcp->high, pcp->batch);
	}
}

/* Every PageBuddy page must head a block the list walk found. */
static void check_struct_pages(struct checker *c, struct zone *zone)
{
	struct machine *m = c->m;

	for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone); pfn++) {
		struct page *page = pfn_to_page(m, pfn);

		if (PageBuddy(page) && c->seen[pfn] != 1)
			REPORT(c, "pfn %#lx is PageBuddy but on no free list", pfn);
		if (c->seen[pfn] && page_ref_count(page) != 0 &&
		    page_zone(m, page) == zone)
			REPORT(c, "pfn %#lx is free but has refcount %d", pfn,
			       page_ref_count(page));
	}
}

/* Each TLB array's count of valid entries (which lets lookups skip it) is right. */
static void check_tlb_counts(struct checker *c)
{
	int cpu;

	for_each_online_cpu(c->m, cpu) {
		struct tlb *tlb = &c->m->cpus[cpu].tlb;
		int errors = c->errors;

		if (tlb->changes == tlb->checked_changes && tlb->changes)
			continue;	/* nothing filled or dropped since a clean count */

		for (int l = 0; l < TLB_NR_LEVELS; l++)
			for (int s = 0; s < TLB_NR_SIZES; s++) {
				const struct tlb_array *a = &tlb->a[l][s];
				uint32_t n = 0;

				for (size_t i = 0; i < (size_t)a->g.sets * a->g.ways; i++)
					n += (a->e[i].flags & TLBF_VALID) != 0;
				if (n != a->nr_valid)
					REPORT(c, "CPU %d TLB array %d/%d: %u valid entries, count %u",
					       cpu, l, s, n, a->nr_valid);
			}
		if (c->errors == errors)
			tlb->checked_changes = tlb->changes;
	}
}

/**
 * check_machine - run every check; the number of violations (0: sound).
 */
int check_machine(struct machine *m)
{
	struct checker c = { .m = m };
	unsigned long managed = 0, nr_free = 0;
	struct zone *zone;

	c.seen = calloc(m->memmap_pfns, 1);
	if (!c.seen)
		abort();
	for_each_populated_zone(m, zone) {
		check_zone_free_lists(&c, zone);
		check_zone_pcp(&c, zone);
	}
	for_each_zone(m, zone) {
		check_struct_pages(&c, zone);
		managed += zone->managed_pages;
		nr_free += zone_page_state(zone, NR_FREE_PAGES);
	}
	if (managed != m->totalram_pages)
		REPORT(&c, "managed pages %lu != totalram_pages %lu", managed,
		       m->totalram_pages);
	if (nr_free != global_zone_page_state(m, NR_FREE_PAGES))
		REPORT(&c, "zones' NR_FREE_PAGES sum %lu != global %lu", nr_free,
		       global_zone_page_state(m, NR_FREE_PAGES));
	free(c.seen);
	/* the object allocator's own invariants (each is 0 when not booted) */
	c.errors += slub_check(m) + check_slab_caches(m) + slob_check(m);
	/* the page cache's pages, tags and LRU lists (filemap.c) */
	c.errors += filemap_check(m);
	c.errors += check_vm_state(m);		/* processes (debug_vm_mm.c) */
	c.errors += files_check(m);		/* descriptor tables (fs/file.c) */
	c.errors += pcpu_verify(m);		/* per-CPU chunks (percpu.c) */
	check_tlb_counts(&c);
	return c.errors;
}
