/* SPDX-License-Identifier: MIT */
/*
 * mmzone.h - nodes, zones, free areas and per-CPU page lists
 * (include/linux/mmzone.h).
 *
 * A machine has 1..8 nodes (struct pglist_data); each node has the zones
 * its architecture configures (x86_64: DMA, DMA32, Normal, Movable, Device;
 * i386: DMA, Normal, HighMem, Movable).  Zone numbers are the fixed enum
 * below; an architecture that lacks a zone simply never populates it and
 * never prints it (Linux compiles such zones out instead).
 */
#ifndef MMSIM_MMZONE_H
#define MMSIM_MMZONE_H

#include <stdbool.h>
#include "list.h"
#include "mm_types.h"
#include "vmstat.h"

#define MAX_NUMNODES	8
#define MAX_CPUS	64

enum migratetype {
	MIGRATE_UNMOVABLE,
	MIGRATE_MOVABLE,
	MIGRATE_RECLAIMABLE,
	MIGRATE_PCPTYPES,	/* the number of types on the pcp lists */
	MIGRATE_HIGHATOMIC = MIGRATE_PCPTYPES,
	MIGRATE_CMA,
	MIGRATE_ISOLATE,
	MIGRATE_TYPES
};

extern const char *const migratetype_names[MIGRATE_TYPES];

enum zone_type {
	ZONE_DMA,
	ZONE_DMA32,
	ZONE_NORMAL,
	ZONE_HIGHMEM,
	ZONE_MOVABLE,
	ZONE_DEVICE,
	MAX_NR_ZONES
};

enum zone_watermarks {
	WMARK_MIN,
	WMARK_LOW,
	WMARK_HIGH,
	WMARK_PROMO,
	NR_WMARK
};

struct free_area {
	struct list_head free_list[MIGRATE_TYPES];
	unsigned long nr_free;
};

/*
 * Per-CPU page lists: orders 0..PAGE_ALLOC_COSTLY_ORDER for each pcp
 * migratetype, plus one list for pageblock-order (THP) pages, as 6.6.
 */
#define NR_PCP_THP 1
#define NR_LOWORDER_PCP_LISTS (MIGRATE_PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1))
#define NR_PCP_LISTS (NR_LOWORDER_PCP_LISTS + NR_PCP_THP)

struct per_cpu_pages {
	int count;		/* pages on the lists */
	int high;		/* free to the buddy above this */
	int batch;		/* chunk size for refill and drain */
	short free_factor;	/* batch scaling while freeing without allocs */
	short stat_threshold;	/* vmstat's per-cpu threshold, shown in zoneinfo */
	struct list_head lists[NR_PCP_LISTS];
};

struct pglist_data;

struct zone {
	unsigned long _watermark[NR_WMARK];
	unsigned long watermark_boost;
	unsigned long nr_reserved_highatomic;
	long lowmem_reserve[MAX_NR_ZONES];
	struct pglist_data *zone_pgdat;
	struct per_cpu_pages *per_cpu_pageset;	/* [nr_cpus] */
	uint8_t *pageblock_flags;		/* migratetype per pageblock */
	unsigned long zone_start_pfn;
	unsigned long spanned_pages;
	unsigned long present_pages;
	unsigned long managed_pages;
	unsigned long cma_pages;
	const char *name;
	enum zone_type type;
	struct free_area free_area[NR_PAGE_ORDERS];
	long vm_stat[NR_VM_ZONE_STAT_ITEMS];
	unsigned long vm_numa_event[NR_VM_NUMA_EVENT_ITEMS];
};

/* A zonelist: zones to try, best first, NULL-terminated. */
#define MAX_ZONES_PER_ZONELIST (MAX_NUMNODES * MAX_NR_ZONES)
struct zoneref {
	struct zone *zone;
	int zone_idx;
};
struct zonelist {
	struct zoneref _zonerefs[MAX_ZONES_PER_ZONELIST + 1];
};
enum { ZONELIST_FALLBACK, ZONELIST_NOFALLBACK, MAX_ZONELISTS };

struct machine;

/* The LRU lists (include/linux/mmzone.h enum lru_list, struct lruvec). */
enum lru_list { LRU_INACTIVE_ANON, LRU_ACTIVE_ANON, LRU_INACTIVE_FILE, LRU_ACTIVE_FILE,
		LRU_UNEVICTABLE, NR_LRU_LISTS };
struct lruvec {
	struct list_head lists[NR_LRU_LISTS];
};

typedef struct pglist_data {
	struct zone node_zones[MAX_NR_ZONES];
	struct zonelist node_zonelists[MAX_ZONELISTS];
	int nr_zones;			/* highest populated zone + 1 */
	int node_id;
	unsigned long node_start_pfn;
	unsigned long node_present_pages;
	unsigned long node_spanned_pages;
	unsigned long totalreserve_pages;
	int kswapd_failures;
	long vm_stat[NR_VM_NODE_STAT_ITEMS];
	struct machine *machine;
	struct lruvec __lruvec;		/* initialised by pagecache_init (swap.c) */
} pg_data_t;

static inline unsigned long zone_end_pfn(const struct zone *z)
{
	return z->zone_start_pfn + z->spanned_pages;
}
static inline bool zone_spans_pfn(const struct zone *z, unsigned long pfn)
{
	return z->zone_start_pfn <= pfn && pfn < zone_end_pfn(z);
}
static inline bool populated_zone(const struct zone *z)
{
	return z->present_pages != 0;
}
static inline bool managed_zone(const struct zone *z)
{
	return z->managed_pages != 0;
}
static inline int zone_idx(const struct zone *z)
{
	return (int)z->type;
}
static inline bool is_highmem(const struct zone *z)
{
	return z->type == ZONE_HIGHMEM;
}
static inline struct machine *zone_machine(const struct zone *z);
static inline unsigned long min_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_MIN] + z->watermark_boost;
}
static inline unsigned long low_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_LOW] + z->watermark_boost;
}
static inline unsigned long high_wmark_pages(const struct zone *z)
{
	return z->_watermark[WMARK_HIGH] + z->watermark_boost;
}
static inline unsigned long wmark_pages(const struct zone *z, int w)
{
	return z->_watermark[w] + z->watermark_boost;
}
static inline struct machine *zone_machine(const struct zone *z)
{
	return z->zone_pgdat->machine;
}

#endif /* MMSIM_MMZONE_H */
