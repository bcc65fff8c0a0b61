/* SPDX-License-Identifier: MIT */
/*
 * internal.h - what the mm files share among themselves (mm/internal.h and
 * the page allocator's half of include/linux/gfp.h).
 */
#ifndef MMSIM_INTERNAL_H
#define MMSIM_INTERNAL_H

#include "gfp.h"
#include "machine.h"
#include "seq_file.h"

/* The alloc_flags of mm/internal.h (Linux 6.6). */
#define ALLOC_WMARK_MIN		WMARK_MIN
#define ALLOC_WMARK_LOW		WMARK_LOW
#define ALLOC_WMARK_HIGH	WMARK_HIGH
#define ALLOC_NO_WATERMARKS	0x04
#define ALLOC_WMARK_MASK	(ALLOC_NO_WATERMARKS - 1)
#define ALLOC_OOM		0x08
#define ALLOC_NON_BLOCK		0x10	/* caller cannot block: dip further */
#define ALLOC_MIN_RESERVE	0x20	/* __GFP_HIGH: half of the min reserve */
#define ALLOC_CPUSET		0x40
#define ALLOC_CMA		0x80
#define ALLOC_NOFRAGMENT	0x100
#define ALLOC_HIGHATOMIC	0x200
#define ALLOC_KSWAPD		0x800
#define ALLOC_RESERVES \
	(ALLOC_NON_BLOCK | ALLOC_MIN_RESERVE | ALLOC_HIGHATOMIC | ALLOC_OOM)

/* get_order - the smallest order whose block holds @size bytes (size > 0). */
static inline unsigned int get_order(unsigned long size)
{
	unsigned int order = 0;

	size = (size - 1) >> PAGE_SHIFT;
	while (size) {
		order++;
		size >>= 1;
	}
	return order;
}

/* ---- page_alloc.c ---- */
struct page *__alloc_pages(struct machine *m, gfp_t gfp, unsigned int order,
			   int preferred_nid);
struct page *alloc_pages(struct machine *m, gfp_t gfp, unsigned int order);
struct page *alloc_pages_node(struct machine *m, int nid, gfp_t gfp,
			      unsigned int order);
unsigned long __get_free_pages(struct machine *m, gfp_t gfp, unsigned int order);
unsigned long get_zeroed_page(struct machine *m, gfp_t gfp);
void *alloc_pages_exact(struct machine *m, size_t size, gfp_t gfp);
void __free_pages(struct machine *m, struct page *page, unsigned int order);
void free_pages(struct machine *m, unsigned long addr, unsigned int order);
void free_pages_exact(struct machine *m, void *virt, size_t size);
void drain_all_pages(struct machine *m, struct zone *zone);
void drain_local_pages(struct machine *m, struct zone *zone);

void __free_pages_core(struct machine *m, struct page *page, unsigned int order);
void free_reserved_page(struct machine *m, struct page *page);
void adjust_managed_page_count(struct machine *m, struct page *page, long count);
bool zone_watermark_ok(struct zone *z, unsigned int order, unsigned long mark,
		       int highest_zoneidx, unsigned int alloc_flags);
int gfp_migratetype(gfp_t gfp);
enum zone_type gfp_zone(struct machine *m, gfp_t gfp);
int get_pageblock_migratetype(struct machine *m, const struct page *page);
void set_pageblock_migratetype(struct machine *m, struct page *page, int mt);
void bad_page(struct machine *m, struct page *page, const char *reason);

void setup_per_zone_wmarks(struct machine *m);
void setup_per_zone_lowmem_reserve(struct machine *m);
void calculate_min_free_kbytes(struct machine *m);
void calculate_totalreserve_pages(struct machine *m);
void setup_zone_pageset(struct machine *m, struct zone *zone);
void zone_pcp_update(struct machine *m, struct zone *zone);
void build_all_zonelists(struct machine *m);
unsigned long nr_free_zone_pages(struct machine *m, enum zone_type offset);
unsigned long nr_free_buffer_pages(struct machine *m);
unsigned long nr_free_pages(struct machine *m);
unsigned long si_mem_available(struct machine *m);

/* Entry points of mechanisms that later issues fill in (see page_alloc.c). */
void wakeup_kswapd(struct zone *zone, gfp_t gfp, int order, int highest_zoneidx);
unsigned long try_to_free_pages(struct machine *m, gfp_t gfp, unsigned int order);
int try_to_compact_pages(struct machine *m, gfp_t gfp, unsigned int order);
bool out_of_memory(struct machine *m, gfp_t gfp, unsigned int order);

/* ---- vmstat.c ---- */
static inline void __mod_zone_page_state(struct zone *z, enum zone_stat_item i,
					 long delta)
{
	z->vm_stat[i] += delta;
	zone_machine(z)->vm_zone_stat[i] += delta;
}
static inline void __mod_node_page_state(pg_data_t *pgdat,
					 enum node_stat_item i, long delta)
{
	pgdat->vm_stat[i] += delta;
	pgdat->machine->vm_node_stat[i] += delta;
}
static inline unsigned long zone_page_state(const struct zone *z,
					    enum zone_stat_item i)
{
	return z->vm_stat[i] < 0 ? 0 : (unsigned long)z->vm_stat[i];
}
static inline unsigned long global_zone_page_state(struct machine *m,
						   enum zone_stat_item i)
{
	return m->vm_zone_stat[i] < 0 ? 0 : (unsigned long)m->vm_zone_stat[i];
}
static inline unsigned long global_node_page_state(struct machine *m,
						   enum node_stat_item i)
{
	return m->vm_node_stat[i] < 0 ? 0 : (unsigned long)m->vm_node_stat[i];
}
static inline void __count_vm_events(struct machine *m, enum vm_event_item i,
				     unsigned long n)
{
	m->vm_events[i] += n;
}
static inline void __count_zid_vm_events(struct machine *m,
					 enum vm_event_item base, int zid,
					 unsigned long n)
{
	m->vm_events[base + zid] += n;
}
int calculate_normal_threshold(struct machine *m, struct zone *zone);
void show_vmstat(struct machine *m, struct seq_file *s);
void show_zoneinfo(struct machine *m, struct seq_file *s);
void show_buddyinfo(struct machine *m, struct seq_file *s);
void show_pagetypeinfo(struct machine *m, struct seq_file *s);

/* ---- init/ ---- */
int config_validate(const struct mms_config *cfg, char *err, size_t n);

/* ---- lib/cmdline.c ---- */
/* memparse - "64M", "0x1000", "1G" to bytes; -EINVAL on junk or overflow. */
int memparse(const char *s, uint64_t *out);
int parse_u64(const char *s, uint64_t *out);
int parse_long(const char *s, long *out);

/* ---- show_mem.c, meminfo.c, debug.c ---- */
void __show_mem(struct machine *m);
void __show_mem_zones(struct machine *m, int max_zone_idx);
void show_meminfo(struct machine *m, struct seq_file *s);
void dump_page(struct machine *m, struct page *page, const char *reason);
void dump_stack(struct machine *m);
void print_tainted(struct machine *m, char *buf, size_t len);
int check_machine(struct machine *m);

/* ---- mm_init.c ---- */
int free_area_init(struct machine *m, const unsigned long *max_zone_pfn);
unsigned long memblock_free_all(struct machine *m);
void mem_init_print_info(struct machine *m);
void free_initmem(struct machine *m);
extern const char *const zone_names[MAX_NR_ZONES];

static inline unsigned long pageblock_start_pfn(struct machine *m,
						unsigned long pfn)
{
	return pfn & ~(m->pageblock_nr_pages - 1);
}

#endif /* MMSIM_INTERNAL_H */
