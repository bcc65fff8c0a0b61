// SPDX-License-Identifier: MIT
/*
 * vmstat.c - the counters' names and the views built on them: /proc/vmstat,
 * /proc/zoneinfo, /proc/buddyinfo and /proc/pagetypeinfo, in the exact
 * layout of Linux 6.6 mm/vmstat.c.
 *
 * Per-zone events (pgalloc_*, allocstall_*, pgskip_*) are printed for the
 * zones the architecture configures only, as Linux's TEXTS_FOR_ZONES does
 * at compile time.
 */
#include <stdio.h>
#include "internal.h"
#include "writeback.h"

#define X_NAME(e, s) s,
const char *const zone_stat_names[NR_VM_ZONE_STAT_ITEMS] = { ZONE_STAT_ITEMS(X_NAME) };
const char *const numa_stat_names[NR_VM_NUMA_EVENT_ITEMS] = { NUMA_EVENT_ITEMS(X_NAME) };
const char *const node_stat_names[NR_VM_NODE_STAT_ITEMS] = { NODE_STAT_ITEMS(X_NAME) };
const char *const vm_event_names[NR_VM_EVENT_ITEMS] = { VM_EVENT_ITEMS(X_NAME) };
#undef X_NAME

/* The first event of each per-zone group. */
static const enum vm_event_item per_zone_events[] = {
	PGALLOC_DMA, ALLOCSTALL_DMA, PGSCAN_SKIP_DMA,
};

/* Is event @i a per-zone counter of a zone this machine does not have? */
static bool event_not_configured(struct machine *m, int i)
{
	for (size_t k = 0; k < sizeof(per_zone_events) / sizeof(per_zone_events[0]); k++) {
		int base = (int)per_zone_events[k];

		if (i >= base && i < base + MAX_NR_ZONES)
			return !m->arch->has_zone[i - base];
	}
	return false;
}

/* nr_dirty_threshold / nr_dirty_background_threshold: global_dirty_limits (page-writeback.c) */

/**
 * show_vmstat - /proc/vmstat.
 */
void show_vmstat(struct machine *m, struct seq_file *s)
{
	unsigned long bg, thresh;

	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		seq_printf(s, "%s %lu\n", zone_stat_names[i],
			   global_zone_page_state(m, (enum zone_stat_item)i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		seq_printf(s, "%s %lu\n", numa_stat_names[i], m->vm_numa_event[i]);
	for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++) {
		unsigned long v = global_node_page_state(m, (enum node_stat_item)i);

		if (i == NR_SLAB_RECLAIMABLE_B || i == NR_SLAB_UNRECLAIMABLE_B)
			v /= PAGE_SIZE;		/* kept in bytes, shown in pages */
		seq_printf(s, "%s %lu\n", node_stat_names[i], v);
	}
	global_dirty_limits(m, &bg, &thresh);
	seq_printf(s, "nr_dirty_threshold %lu\n", thresh);
	seq_printf(s, "nr_dirty_background_threshold %lu\n", bg);
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++) {
		unsigned long v = m->vm_events[i];

		if (event_not_configured(m, i))
			continue;
		if (i == PGPGIN || i == PGPGOUT)
			v /= 2;		/* sectors -> kbytes */
		seq_printf(s, "%s %lu\n", vm_event_names[i], v);
	}
	seq_puts(s, "nr_unstable 0\n");
}

static bool is_zone_first_populated(struct machine *m, pg_data_t *pgdat,
				    struct zone *zone)
{
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		struct zone *z = &pgdat->node_zones[i];

		if (!m->arch->has_zone[i])
			continue;
		if (populated_zone(z))
			return z == zone;
	}
	return false;
}

static void zoneinfo_show_print(struct machine *m, struct seq_file *s,
				pg_data_t *pgdat, struct zone *zone)
{
	bool first = true;
	int cpu;

	seq_printf(s, "Node %d, zone %8s", pgdat->node_id, zone->name);
	if (is_zone_first_populated(m, pgdat, zone)) {
		seq_puts(s, "\n  per-node stats");
		for (int i = 0; i < NR_VM_NODE_STAT_ITEMS; i++) {
			long v = pgdat->vm_stat[i];

			if (i == NR_SLAB_RECLAIMABLE_B || i == NR_SLAB_UNRECLAIMABLE_B)
				v /= (long)PAGE_SIZE;
			seq_printf(s, "\n      %-12s %lu", node_stat_names[i],
				   v < 0 ? 0UL : (unsigned long)v);
		}
	}
	seq_printf(s,
		   "\n  pages free     %lu"
		   "\n        boost    %lu"
		   "\n        min      %lu"
		   "\n        low      %lu"
		   "\n        high     %lu"
		   "\n        spanned  %lu"
		   "\n        present  %lu"
		   "\n        managed  %lu"
		   "\n        cma      %lu",
		   zone_page_state(zone, NR_FREE_PAGES), zone->watermark_boost,
		   min_wmark_pages(zone), low_wmark_pages(zone),
		   high_wmark_pages(zone), zone->spanned_pages,
		   zone->present_pages, zone->managed_pages, zone->cma_pages);
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		if (!m->arch->has_zone[i])
			continue;
		seq_printf(s, first ? "\n        protection: (%ld" : ", %ld",
			   zone->lowmem_reserve[i]);
		first = false;
	}
	seq_putc(s, ')');
	if (!populated_zone(zone)) {
		seq_putc(s, '\n');
		return;
	}
	for (int i = 0; i < NR_VM_ZONE_STAT_ITEMS; i++)
		seq_printf(s, "\n      %-12s %lu", zone_stat_names[i],
			   zone_page_state(zone, (enum zone_stat_item)i));
	for (int i = 0; i < NR_VM_NUMA_EVENT_ITEMS; i++)
		seq_printf(s, "\n      %-12s %lu", numa_stat_names[i],
			   zone->vm_numa_event[i]);
	seq_puts(s, "\n  pagesets");
	for_each_online_cpu(m, cpu) {
		const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

		seq_printf(s,
			   "\n    cpu: %i"
			   "\n              count: %i"
			   "\n              high:  %i"
			   "\n              batch: %i"
			   "\n  vm stats threshold: %d",
			   cpu, pcp->count, pcp->high, pcp->batch, pcp->stat_threshold);
	}
	seq_printf(s,
		   "\n  node_unreclaimable:  %u"
		   "\n  start_pfn:           %lu",
		   pgdat->kswapd_failures >= 16, zone->zone_start_pfn);
	seq_putc(s, '\n');
}

/**
 * show_zoneinfo - /proc/zoneinfo: every configured zone of every node.
 */
void show_zoneinfo(struct machine *m, struct seq_file *s)
{
	struct zone *zone;

	for_each_zone(m, zone)
		zoneinfo_show_print(m, s, zone->zone_pgdat, zone);
}

/**
 * show_buddyinfo - /proc/buddyinfo: free blocks per order, populated zones.
 */
void show_buddyinfo(struct machine *m, struct seq_file *s)
{
	struct zone *zone;

	for_each_populated_zone(m, zone) {
		seq_printf(s, "Node %d, zone %8s ", zone->zone_pgdat->node_id, zone->name);
		for (int order = 0; order < NR_PAGE_ORDERS; order++)
			seq_printf(s, "%6lu ", zone->free_area[order].nr_free);
		seq_putc(s, '\n');
	}
}

/**
 * show_pagetypeinfo - /proc/pagetypeinfo: free blocks per order and
 * migratetype, then pageblocks per migratetype, for each node.
 */
void show_pagetypeinfo(struct machine *m, struct seq_file *s)
{
	int nid;

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		seq_printf(s, "Page block order: %u\n", m->pageblock_order);
		seq_printf(s, "Pages per block:  %lu\n", m->pageblock_nr_pages);
		seq_putc(s, '\n');
		seq_printf(s, "%-43s ", "Free pages count per migrate type at order");
		for (int order = 0; order < NR_PAGE_ORDERS; order++)
			seq_printf(s, "%6d ", order);
		seq_putc(s, '\n');
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];

			if (!m->arch->has_zone[z] || !populated_zone(zone))
				continue;
			for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
				seq_printf(s, "Node %4d, zone %8s, type %12s ", nid,
					   zone->name, migratetype_names[mt]);
				for (int order = 0; order < NR_PAGE_ORDERS; order++) {
					unsigned long freecount = 0;
					bool overflow = false;
					struct list_head *pos;

					list_for_each(pos, &zone->free_area[order].free_list[mt]) {
						if (++freecount >= 100000) {
							overflow = true;
							break;
						}
					}
					seq_printf(s, "%s%6lu ", overflow ? ">" : "", freecount);
				}
				seq_putc(s, '\n');
			}
		}
		seq_printf(s, "\n%-23s", "Number of blocks type ");
		for (int mt = 0; mt < MIGRATE_TYPES; mt++)
			seq_printf(s, "%12s ", migratetype_names[mt]);
		seq_putc(s, '\n');
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pgdat->node_zones[z];
			unsigned long count[MIGRATE_TYPES] = { 0 };

			if (!m->arch->has_zone[z] || !populated_zone(zone))
				continue;
			for (unsigned long pfn = zone->zone_start_pfn; pfn < zone_end_pfn(zone);
			     pfn += m->pageblock_nr_pages) {
				struct page *page = pfn_to_page(m, pfn);

				if (page_zone(m, page) != zone)
					continue;
				count[get_pageblock_migratetype(m, page)]++;
			}
			seq_printf(s, "Node %d, zone %8s ", nid, zone->name);
			for (int mt = 0; mt < MIGRATE_TYPES; mt++)
				seq_printf(s, "%12lu ", count[mt]);
			seq_putc(s, '\n');
		}
	}
}
