// SPDX-License-Identifier: MIT
/*
 * mm_init.c - from memblock to a running page allocator (Linux
 * mm/mm_init.c, with memblock_free_all from mm/memblock.c).
 *
 * free_area_init works out, for every node, where each zone starts and ends
 * and how many of its pages exist (spanned, present), prints the "Zone
 * ranges" part of the boot log, and initialises every struct page
 * (memmap_init): pages of RAM get their zone and node, the pageblocks
 * their initial MIGRATE_MOVABLE type, and the holes are marked reserved
 * ("On node 0, zone DMA: 96 pages in unavailable ranges").
 *
 * memblock_free_all then hands every page memblock did not reserve to the
 * buddy allocator in the largest aligned blocks, and that count becomes
 * each zone's managed_pages.  mem_init_print_info prints the "Memory:"
 * line, free_initmem releases the kernel's init sections at the end of
 * boot.
 *
 * mem_map lives in a host array playing the part of x86_64's vmemmap
 * (virtually contiguous over all nodes); the simulated frames that back
 * it on Linux are reserved through memblock on each node, so the
 * accounting is Linux's.  Sections are 128 MiB (x86_64) or 64 MiB (i386),
 * so the memory map reaches to the end of the last section.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cma.h"
#include "internal.h"

const char *const zone_names[MAX_NR_ZONES] = {
	"DMA", "DMA32", "Normal", "HighMem", "Movable", "Device",
};

#define K(pages) ((pages) << (PAGE_SHIFT - 10))

static unsigned long pages_per_section(struct machine *m)
{
	return m->arch->bits == 64 ? 1UL << (27 - PAGE_SHIFT) : 1UL << (26 - PAGE_SHIFT);
}

/* Pages of node @nid's memory (memblock.memory) inside [start, end). */
static unsigned long memory_pages_in_range(struct machine *m, int nid,
					   unsigned long start, unsigned long end)
{
	const struct memblock_type *mem = &m->memblock.memory;
	unsigned long nr = 0;

	for (unsigned long i = 0; i < mem->cnt; i++) {
		const struct memblock_region *r = &mem->regions[i];
		unsigned long rs = PFN_UP(r->base), re = PFN_DOWN(r->base + r->size);

		if (nid != NUMA_NO_NODE && r->nid != nid)
			continue;
		if (rs < start)
			rs = start;
		if (re > end)
			re = end;
		if (rs < re)
			nr += re - rs;
	}
	return nr;
}

/* The first and last+1 pfn of node @nid's memory (get_pfn_range_for_nid). */
static void get_pfn_range_for_nid(struct machine *m, int nid,
				  unsigned long *start, unsigned long *end)
{
	const struct memblock_type *mem = &m->memblock.memory;

	*start = ~0UL;
	*end = 0;
	for (unsigned long i = 0; i < mem->cnt; i++) {
		const struct memblock_region *r = &mem->regions[i];

		if (r->nid != nid)
			continue;
		if (PFN_UP(r->base) < *start)
			*start = PFN_UP(r->base);
		if (PFN_DOWN(r->base + r->size) > *end)
			*end = PFN_DOWN(r->base + r->size);
	}
	if (*start > *end)
		*start = *end = 0;
}

/* __init_single_page: a page of @zone on @nid, one reference, unmapped. */
static inline void __init_single_page(struct page *page, unsigned long zone, int nid)
{
	memset(page, 0, sizeof(*page));
	set_page_links(page, (unsigned int)zone, nid);
	set_page_count(page, 1);
	page_mapcount_reset(page);
	INIT_LIST_HEAD(&page->lru);
}

/*
 * Does @pfn's memory section hold any memory?  SPARSEMEM only has struct
 * pages (pfn_valid) for such "present" sections (memblocks_present).
 */
static bool section_present(struct machine *m, unsigned long pfn)
{
	unsigned long s = pfn & ~(pages_per_section(m) - 1);

	return memory_pages_in_range(m, NUMA_NO_NODE, s, s + pages_per_section(m)) != 0;
}

/*
 * init_unavailable_range - struct pages for a hole: reserved, never
 * handed out; reported as Linux does, which counts only the pfns of
 * present sections (the !pfn_valid(pageblock_start_pfn(pfn)) skip): a
 * hole of whole sections, as a PCI hole below 4G, has no struct pages
 * there and is not reported.  mmsim's memory map covers every pfn, so
 * those struct pages are still initialised, reserved.
 */
static void init_unavailable_range(struct machine *m, unsigned long spfn,
				   unsigned long epfn, int zone, int nid)
{
	unsigned long pgcnt = 0;
	bool present = false;

	for (unsigned long pfn = spfn; pfn < epfn && pfn < m->memmap_pfns; pfn++) {
		struct page *page = pfn_to_page(m, pfn);

		if (pfn == spfn || (pfn & (pages_per_section(m) - 1)) == 0)
			present = section_present(m, pfn);
		__init_single_page(page, (unsigned long)zone, nid);
		SetPageReserved(page);
		if (present)
			pgcnt++;
	}
	if (pgcnt)
		pr_info(m, "On node %d, zone %s: %lu pages in unavailable ranges",
			nid, zone_names[zone], pgcnt);
}

/* memmap_init_range - struct pages for RAM; pageblocks start MOVABLE. */
static void memmap_init_range(struct machine *m, struct zone *zone,
			      unsigned long start_pfn, unsigned long end_pfn)
{
	int nid = zone->zone_pgdat->node_id;

	for (unsigned long pfn = start_pfn; pfn < end_pfn; pfn++) {
		struct page *page = pfn_to_page(m, pfn);

		__init_single_page(page, zone->type, nid);
		if ((pfn & (m->pageblock_nr_pages - 1)) == 0)
			set_pageblock_migratetype(m, page, MIGRATE_MOVABLE);
	}
}

static void memmap_init_zone_range(struct machine *m, struct zone *zone,
				   unsigned long start_pfn, unsigned long end_pfn,
				   unsigned long *hole_pfn)
{
	unsigned long zs = zone->zone_start_pfn, ze = zone_end_pfn(zone);

	if (start_pfn < zs)
		start_pfn = zs;
	if (end_pfn > ze)
		end_pfn = ze;
	if (start_pfn >= end_pfn)
		return;
	memmap_init_range(m, zone, start_pfn, end_pfn);
	if (*hole_pfn < start_pfn)
		init_unavailable_range(m, *hole_pfn, start_pfn, zone->type,
				       zone->zone_pgdat->node_id);
	*hole_pfn = end_pfn;
}

/* memmap_init - every struct page, memory range by memory range. */
static void memmap_init(struct machine *m)
{
	const struct memblock_type *mem = &m->memblock.memory;
	unsigned long hole_pfn = 0, end_pfn = 0;
	int zone_id = 0, nid = 0;

	for (unsigned long i = 0; i < mem->cnt; i++) {
		const struct memblock_region *r = &mem->regions[i];
		pg_data_t *node = NODE_DATA(m, r->nid);

		nid = r->nid;
		end_pfn = PFN_DOWN(r->base + r->size);
		for (int j = 0; j < MAX_NR_ZONES; j++) {
			struct zone *zone = &node->node_zones[j];

			if (!populated_zone(zone))
				continue;
			memmap_init_zone_range(m, zone, PFN_UP(r->base), end_pfn,
					       &hole_pfn);
			zone_id = j;
		}
	}
	/* The hole from the end of memory to the end of its section. */
	end_pfn = (end_pfn + pages_per_section(m) - 1) & ~(pages_per_section(m) - 1);
	if (hole_pfn < end_pfn)
		init_unavailable_range(m, hole_pfn, end_pfn, zone_id, nid);
}

/* calc_memmap_size - pages of struct page a zone costs (for the estimate). */
static unsigned long calc_memmap_size(unsigned long spanned, unsigned long present)
{
	unsigned long pages = spanned;

	if (spanned > present + (present >> 4))
		pages = present;
	return (pages * sizeof(struct page) + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

/* Allocate boot memory on @nid from memblock, as a host pointer into RAM. */
static void *memblock_alloc_node_host(struct machine *m, size_t size, int nid)
{
	phys_addr_t pa = memblock_phys_alloc_node(&m->memblock, size, 64, nid);

	if (!pa)
		return NULL;
	memset(phys_to_virt_host(m, pa), 0, size);
	return phys_to_virt_host(m, pa);
}

/*
 * free_area_init_core - set up a node's zones: free lists, pageblock
 * flags, and an estimate of managed pages (present minus the memmap) that
 * build_all_zonelists reports before memblock_free_all makes it exact.
 */
static int free_area_init_core(struct machine *m, pg_data_t *pgdat)
{
	for (int j = 0; j < MAX_NR_ZONES; j++) {
		struct zone *zone = &pgdat->node_zones[j];
		unsigned long freesize = zone->present_pages;
		unsigned long memmap_pages = calc_memmap_size(zone->spanned_pages,
							      zone->present_pages);
		unsigned long blocks;

		zone->name = zone_names[j];
		zone->type = (enum zone_type)j;
		zone->zone_pgdat = pgdat;
		for (int o = 0; o < NR_PAGE_ORDERS; o++) {
			for (int t = 0; t < MIGRATE_TYPES; t++)
				INIT_LIST_HEAD(&zone->free_area[o].free_list[t]);
			zone->free_area[o].nr_free = 0;
		}
		if (!is_highmem(zone) && freesize >= memmap_pages)
			freesize -= memmap_pages;
		zone->managed_pages = freesize;
		if (!zone->spanned_pages)
			continue;
		/* setup_usemap: one byte per pageblock the zone touches */
		blocks = (zone->zone_start_pfn - pageblock_start_pfn(m, zone->zone_start_pfn) +
			  zone->spanned_pages + m->pageblock_nr_pages - 1) >> m->pageblock_order;
		zone->pageblock_flags = memblock_alloc_node_host(m, blocks, pgdat->node_id);
		if (!zone->pageblock_flags)
			return -ENOMEM;
	}
	return 0;
}

/*
 * free_area_init - size every node's zones from the architecture's zone
 * limits and memblock, print the boot log's zone and node ranges, and
 * initialise the memory map.
 */
int free_area_init(struct machine *m, const unsigned long *max_zone_pfn)
{
	unsigned long lowest[MAX_NR_ZONES] = { 0 }, highest[MAX_NR_ZONES] = { 0 };
	unsigned long start_pfn = PFN_DOWN(memblock_start_of_DRAM(&m->memblock));
	const struct memblock_type *mem = &m->memblock.memory;
	int nid;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		unsigned long end_pfn;

		if (!m->arch->has_zone[i] || i == ZONE_MOVABLE)
			continue;
		end_pfn = max_zone_pfn[i] > start_pfn ? max_zone_pfn[i] : start_pfn;
		lowest[i] = start_pfn;
		highest[i] = end_pfn;
		start_pfn = end_pfn;
	}

	pr_info(m, "Zone ranges:");
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		if (!m->arch->has_zone[i] || i == ZONE_MOVABLE)
			continue;
		if (lowest[i] == highest[i])
			pr_info(m, "  %-8s empty", zone_names[i]);
		else
			pr_info(m, "  %-8s [mem 0x%016llx-0x%016llx]", zone_names[i],
				(unsigned long long)PFN_PHYS(lowest[i]),
				(unsigned long long)PFN_PHYS(highest[i]) - 1);
	}
	pr_info(m, "Movable zone start for each node");
	pr_info(m, "Early memory node ranges");
	for (unsigned long i = 0; i < mem->cnt; i++) {
		const struct memblock_region *r = &mem->regions[i];

		pr_info(m, "  node %3d: [mem 0x%016llx-0x%016llx]", r->nid,
			(unsigned long long)r->base,
			(unsigned long long)(r->base + r->size - 1));
	}

	for_each_online_node(m, nid) {
		pg_data_t *pgdat = NODE_DATA(m, nid);
		unsigned long node_start, node_end;

		get_pfn_range_for_nid(m, nid, &node_start, &node_end);
		pgdat->node_start_pfn = node_start;
		pgdat->node_spanned_pages = node_end - node_start;
		pgdat->node_present_pages = 0;
		pr_info(m, "Initmem setup node %d [mem 0x%016llx-0x%016llx]", nid,
			(unsigned long long)PFN_PHYS(node_start),
			node_end ? (unsigned long long)PFN_PHYS(node_end) - 1 : 0ULL);
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			struct zone *zone = &pgdat->node_zones[i];
			unsigned long zs = lowest[i], ze = highest[i];

			if (zs < node_start) zs = node_start;
			if (zs > node_end) zs = node_end;
			if (ze < node_start) ze = node_start;
			if (ze > node_end) ze = node_end;
			zone->zone_start_pfn = ze > zs ? zs : 0;
			zone->spanned_pages = ze > zs ? ze - zs : 0;
			zone->present_pages = ze > zs ?
				memory_pages_in_range(m, nid, zs, ze) : 0;
			pgdat->node_present_pages += zone->present_pages;
			if (zone->present_pages)
				pgdat->nr_zones = i + 1;
		}
		if (free_area_init_core(m, pgdat))
			return -ENOMEM;
	}
	memmap_init(m);
	return 0;
}

/* __free_pages_memory - free [start, end) in the largest aligned blocks. */
static void __free_pages_memory(struct machine *m, unsigned long start,
				unsigned long end)
{
	while (start < end) {
		unsigned int order = start ? (unsigned int)__builtin_ctzl(start) : MAX_PAGE_ORDER;

		if (order > MAX_PAGE_ORDER)
			order = MAX_PAGE_ORDER;
		while (start + (1UL << order) > end)
			order--;
		__free_pages_core(m, pfn_to_page(m, start), order);
		start += 1UL << order;
	}
}

/* Free [start, end), cut at zone boundaries so no block spans two zones. */
static void free_range_by_zone(struct machine *m, unsigned long start,
			       unsigned long end)
{
	struct zone *zone;

	for_each_populated_zone(m, zone) {
		unsigned long s = start > zone->zone_start_pfn ? start : zone->zone_start_pfn;
		unsigned long e = end < zone_end_pfn(zone) ? end : zone_end_pfn(zone);

		if (s < e)
			__free_pages_memory(m, s, e);
	}
}

/**
 * memblock_free_all - release every page memblock has not reserved to the
 * buddy allocator; reserved pages are marked PageReserved.  Returns the
 * number of pages freed.
 */
unsigned long memblock_free_all(struct machine *m)
{
	const struct memblock_type *rsv = &m->memblock.reserved;
	unsigned long idx = 0, before = m->totalram_pages;
	phys_addr_t start, end;
	struct zone *zone;
	int nid;

	for_each_zone(m, zone)
		zone->managed_pages = 0;		/* reset_all_zones_managed_pages */
	for (unsigned long i = 0; i < rsv->cnt; i++) {	/* memmap_init_reserved_pages */
		unsigned long s = PFN_DOWN(rsv->regions[i].base);
		unsigned long e = PFN_UP(rsv->regions[i].base + rsv->regions[i].size);

		for (unsigned long pfn = s; pfn < e && pfn < m->memmap_pfns; pfn++)
			SetPageReserved(pfn_to_page(m, pfn));
	}
	while (memblock_next_free_range(&m->memblock, &idx, &start, &end, &nid)) {
		unsigned long s = PFN_UP(start), e = PFN_DOWN(end);

		if (s < e)
			free_range_by_zone(m, s, e);
	}
	return m->totalram_pages - before;
}

/**
 * mem_init_print_info - "Memory: availK/totalK available (…K kernel code,
 * …K rwdata, …K rodata, …K init, …K bss, …K reserved, …K cma-reserved[,
 * …K highmem])" (mm/mm_init.c).
 */
void mem_init_print_info(struct machine *m)
{
	unsigned long physpages = 0;
	int nid;
	char high[48] = "";

	for_each_online_node(m, nid)
		physpages += NODE_DATA(m, nid)->node_present_pages;
	m->physpages = physpages;
	if (m->arch->has_zone[ZONE_HIGHMEM])
		snprintf(high, sizeof(high), ", %luK highmem", K(m->totalhigh_pages));
	pr_info(m, "Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK init, %luK bss, %luK reserved, %luK cma-reserved%s)",
		K(nr_free_pages(m)), K(physpages), m->image.text_kb,
		m->image.rwdata_kb, m->image.rodata_kb, m->image.init_kb,
		m->image.bss_kb, K(physpages - m->totalram_pages - m->totalcma_pages),
		K(m->totalcma_pages), high);
}

/**
 * free_initmem - the init sections of the kernel image are no longer
 * needed once boot is over: free them (free_reserved_area).
 */
void free_initmem(struct machine *m)
{
	unsigned long s = PFN_DOWN(m->image.init_start);
	unsigned long e = s + (m->image.init_kb >> (PAGE_SHIFT - 10));

	for (unsigned long pfn = s; pfn < e; pfn++)
		free_reserved_page(m, pfn_to_page(m, pfn));
	memblock_free(&m->memblock, m->image.init_start, PFN_PHYS(e - s));
	pr_info(m, "Freeing unused kernel image (initmem) memory: %luK", m->image.init_kb);
}

/**
 * init_cma_reserved_pageblock - give one pageblock of a CMA area, which
 * memblock kept reserved through boot, to the buddy allocator as
 * MIGRATE_CMA; its pages become managed (mm/mm_init.c).
 */
void init_cma_reserved_pageblock(struct machine *m, struct page *page)
{
	unsigned long i = m->pageblock_nr_pages;
	struct page *p = page;

	do {
		ClearPageReserved(p);
		set_page_count(p, 0);
	} while (++p, --i);
	set_pageblock_migratetype(m, page, MIGRATE_CMA);
	set_page_count(page, 1);		/* set_page_refcounted */
	__free_pages(m, page, m->pageblock_order);
	adjust_managed_page_count(m, page, (long)m->pageblock_nr_pages);
	page_zone(m, page)->cma_pages += m->pageblock_nr_pages;
}
