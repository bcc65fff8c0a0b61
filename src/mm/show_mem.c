// SPDX-License-Identifier: MIT
/*
 * show_mem.c - the "Mem-Info:" report the kernel writes to the log when an
 * allocation fails or the OOM killer runs (Linux 6.6 mm/show_mem.c
 * __show_free_areas and __show_mem), line for line.
 */
#include <stdio.h>
#include "internal.h"

#define K(x) ((unsigned long)(x) << (PAGE_SHIFT - 10))

static unsigned long node_state(pg_data_t *pgdat, enum node_stat_item i)
{
	return pgdat->vm_stat[i] < 0 ? 0 : (unsigned long)pgdat->vm_stat[i];
}

/* show_migration_types - "(UME) ": the types with free blocks of an order. */
static void show_migration_types(struct machine *m, unsigned int type)
{
	static const char types[MIGRATE_TYPES] = {
		[MIGRATE_UNMOVABLE] = 'U', [MIGRATE_RECLAIMABLE] = 'E',
		[MIGRATE_MOVABLE] = 'M', [MIGRATE_HIGHATOMIC] = 'H',
		[MIGRATE_CMA] = 'C', [MIGRATE_ISOLATE] = 'I',
	};
	char tmp[MIGRATE_TYPES + 1], *p = tmp;

	for (int i = 0; i < MIGRATE_TYPES; i++)
		if (type & (1U << i))
			*p++ = types[i];
	*p = '\0';
	pr_cont(m, "(%s) ", tmp);
}

static void show_free_areas(struct machine *m, int max_zone_idx)
{
	unsigned long free_pcp = 0;
	struct zone *zone;
	int nid, cpu;

	for_each_populated_zone(m, zone) {
		if (zone_idx(zone) > max_zone_idx)
			continue;
		for_each_online_cpu(m, cpu)
			free_pcp += (unsigned long)zone->per_cpu_pageset[cpu].count;
	}
	printk(m, "active_anon:%lu inactive_anon:%lu isolated_anon:%lu\n"
		  " active_file:%lu inactive_file:%lu isolated_file:%lu\n"
		  " unevictable:%lu dirty:%lu writeback:%lu\n"
		  " slab_reclaimable:%lu slab_unreclaimable:%lu\n"
		  " mapped:%lu shmem:%lu pagetables:%lu\n"
		  " sec_pagetables:%lu bounce:%lu\n"
		  " kernel_misc_reclaimable:%lu\n"
		  " free:%lu free_pcp:%lu free_cma:%lu",
	       global_node_page_state(m, NR_ACTIVE_ANON),
	       global_node_page_state(m, NR_INACTIVE_ANON),
	       global_node_page_state(m, NR_ISOLATED_ANON),
	       global_node_page_state(m, NR_ACTIVE_FILE),
	       global_node_page_state(m, NR_INACTIVE_FILE),
	       global_node_page_state(m, NR_ISOLATED_FILE),
	       global_node_page_state(m, NR_UNEVICTABLE),
	       global_node_page_state(m, NR_FILE_DIRTY),
	       global_node_page_state(m, NR_WRITEBACK),
	       global_node_page_state(m, NR_SLAB_RECLAIMABLE_B) / PAGE_SIZE,
	       global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B) / PAGE_SIZE,
	       global_node_page_state(m, NR_FILE_MAPPED),
	       global_node_page_state(m, NR_SHMEM),
	       global_node_page_state(m, NR_PAGETABLE),
	       global_node_page_state(m, NR_SECONDARY_PAGETABLE),
	       global_zone_page_state(m, NR_BOUNCE),
	       global_node_page_state(m, NR_KERNEL_MISC_RECLAIMABLE),
	       global_zone_page_state(m, NR_FREE_PAGES), free_pcp,
	       global_zone_page_state(m, NR_FREE_CMA_PAGES));

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);

		printk(m, "Node %d active_anon:%lukB inactive_anon:%lukB active_file:%lukB inactive_file:%lukB unevictable:%lukB isolated(anon):%lukB isolated(file):%lukB mapped:%lukB dirty:%lukB writeback:%lukB shmem:%lukB shmem_thp:%lukB shmem_pmdmapped:%lukB anon_thp:%lukB writeback_tmp:%lukB kernel_stack:%lukB pagetables:%lukB sec_pagetables:%lukB all_unreclaimable? %s",
		       nid,
		       K(node_state(pgdat, NR_ACTIVE_ANON)),
		       K(node_state(pgdat, NR_INACTIVE_ANON)),
		       K(node_state(pgdat, NR_ACTIVE_FILE)),
		       K(node_state(pgdat, NR_INACTIVE_FILE)),
		       K(node_state(pgdat, NR_UNEVICTABLE)),
		       K(node_state(pgdat, NR_ISOLATED_ANON)),
		       K(node_state(pgdat, NR_ISOLATED_FILE)),
		       K(node_state(pgdat, NR_FILE_MAPPED)),
		       K(node_state(pgdat, NR_FILE_DIRTY)),
		       K(node_state(pgdat, NR_WRITEBACK)),
		       K(node_state(pgdat, NR_SHMEM)),
		       K(node_state(pgdat, NR_SHMEM_THPS) * 512),
		       K(node_state(pgdat, NR_SHMEM_PMDMAPPED) * 512),
		       K(node_state(pgdat, NR_ANON_THPS) * 512),
		       K(node_state(pgdat, NR_WRITEBACK_TEMP)),
		       node_state(pgdat, NR_KERNEL_STACK_KB),
		       K(node_state(pgdat, NR_PAGETABLE)),
		       K(node_state(pgdat, NR_SECONDARY_PAGETABLE)),
		       pgdat->kswapd_failures >= 16 ? "yes" : "no");
	}

	for_each_populated_zone(m, zone) {
		unsigned long zone_pcp = 0;
		bool first = true;

		if (zone_idx(zone) > max_zone_idx)
			continue;
		for_each_online_cpu(m, cpu)
			zone_pcp += (unsigned long)zone->per_cpu_pageset[cpu].count;
		printk(m, "Node %d %s free:%lukB boost:%lukB min:%lukB low:%lukB high:%lukB reserved_highatomic:%luKB active_anon:%lukB inactive_anon:%lukB active_file:%lukB inactive_file:%lukB unevictable:%lukB writepending:%lukB present:%lukB managed:%lukB mlocked:%lukB bounce:%lukB free_pcp:%lukB local_pcp:%ukB free_cma:%lukB",
		       zone->zone_pgdat->node_id, zone->name,
		       K(zone_page_state(zone, NR_FREE_PAGES)),
		       K(zone->watermark_boost), K(min_wmark_pages(zone)),
		       K(low_wmark_pages(zone)), K(high_wmark_pages(zone)),
		       K(zone->nr_reserved_highatomic),
		       K(zone_page_state(zone, NR_ZONE_ACTIVE_ANON)),
		       K(zone_page_state(zone, NR_ZONE_INACTIVE_ANON)),
		       K(zone_page_state(zone, NR_ZONE_ACTIVE_FILE)),
		       K(zone_page_state(zone, NR_ZONE_INACTIVE_FILE)),
		       K(zone_page_state(zone, NR_ZONE_UNEVICTABLE)),
		       K(zone_page_state(zone, NR_ZONE_WRITE_PENDING)),
		       K(zone->present_pages), K(zone->managed_pages),
		       K(zone_page_state(zone, NR_MLOCK)),
		       K(zone_page_state(zone, NR_BOUNCE)), K(zone_pcp),
		       (unsigned int)K(zone->per_cpu_pageset[m->cpu].count),
		       K(zone_page_state(zone, NR_FREE_CMA_PAGES)));
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			if (!m->arch->has_zone[i])
				continue;
			if (first)
				printk(m, "lowmem_reserve[]: %ld", zone->lowmem_reserve[i]);
			else
				pr_cont(m, " %ld", zone->lowmem_reserve[i]);
			first = false;
		}
	}

	for_each_populated_zone(m, zone) {
		unsigned long total = 0;

		if (zone_idx(zone) > max_zone_idx)
			continue;
		printk(m, "Node %d %s: ", zone->zone_pgdat->node_id, zone->name);
		for (int order = 0; order < NR_PAGE_ORDERS; order++) {
			struct free_area *area = &zone->free_area[order];
			unsigned int types = 0;

			total += area->nr_free << order;
			for (int t = 0; t < MIGRATE_TYPES; t++)
				if (!list_empty(&area->free_list[t]))
					types |= 1U << t;
			pr_cont(m, "%lu*%lukB ", area->nr_free, K(1UL) << order);
			if (area->nr_free)
				show_migration_types(m, types);
		}
		pr_cont(m, "= %lukB", K(total));
	}

	for_each_online_node(m, nid) {
		if (m->arch->bits == 64)
			printk(m, "Node %d hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=1048576kB",
			       nid);
		printk(m, "Node %d hugepages_total=0 hugepages_free=0 hugepages_surp=0 hugepages_size=%lukB",
		       nid, m->arch->bits == 64 ? 2048UL : 4096UL);
	}
	printk(m, "%lu total pagecache pages", global_node_page_state(m, NR_FILE_PAGES));
	printk(m, "%lu pages in swap cache", 0UL);
	printk(m, "Free swap  = %lukB", 0UL);
	printk(m, "Total swap = %lukB", 0UL);
}

/**
 * __show_mem - "Mem-Info:", the free areas of zones up to @max_zone_idx,
 * and the RAM / reserved page totals.
 */
void __show_mem_zones(struct machine *m, int max_zone_idx)
{
	unsigned long total = 0, reserved = 0, highmem = 0;
	struct zone *zone;

	printk(m, "Mem-Info:");
	show_free_areas(m, max_zone_idx);
	for_each_populated_zone(m, zone) {
		total += zone->present_pages;
		reserved += zone->present_pages - zone->managed_pages;
		if (is_highmem(zone))
			highmem += zone->present_pages;
	}
	printk(m, "%lu pages RAM", total);
	printk(m, "%lu pages HighMem/MovableOnly", highmem);
	printk(m, "%lu pages reserved", reserved);
	printk(m, "%lu pages cma reserved", m->totalcma_pages);
	printk(m, "%lu pages hwpoisoned", 0UL);
}

/**
 * __show_mem - the whole report, every zone.
 */
void __show_mem(struct machine *m)
{
	__show_mem_zones(m, MAX_NR_ZONES - 1);
}
