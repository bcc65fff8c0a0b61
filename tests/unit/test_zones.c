// SPDX-License-Identifier: MIT
/*
 * test_zones.c - zone sizing at boot (mm/mm_init.c free_area_init,
 * arch/x86/mm/init.c zone_sizes_init, arch/x86/mm/init_32.c), the boot log
 * lines that report it, managed pages after memblock_free_all, NUMA node
 * split and zonelists, and lowmem_reserve (setup_per_zone_lowmem_reserve).
 *
 * Every expected zone geometry is derived by hand from the default PC e820
 * map of src/arch/e820.c:
 *
 *   BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable
 *   BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved
 *   BIOS-e820: [mem 0x0000000000100000-RAM-1             ] usable
 *
 * after trim_bios_range (page 0 usable ==> reserved; 640K-1M removed), so
 * memblock.memory is pfn [1, 0xa0) + [0x100, RAM/4K):
 *
 *   - every zone range starts at memblock_start_of_DRAM = pfn 1;
 *   - ZONE_DMA  = pfn [1, 0x1000): spanned 4095; present = (0xa0 - 1) +
 *     (0x1000 - 0x100) = 159 + 3840 = 3999 (the 96 pfns 0xa0..0xff are the
 *     640K-1M hole);
 *   - x86_64: ZONE_DMA32 = [0x1000, min(max_pfn, 0x100000)) (4 GiB,
 *     MAX_DMA32_PFN), ZONE_NORMAL = [0x100000, max_pfn);
 *   - i386: ZONE_NORMAL = [0x1000, min(max_pfn, MAXMEM_PFN)),
 *     ZONE_HIGHMEM = [MAXMEM_PFN, max_pfn), and max_pfn is at most 0x100000
 *     (MAX_NONPAE_PFN, 4 GiB).  MAXMEM comes from the kernel's virtual
 *     layout (src/arch/layout.c, pgtable_32_areas.h); with cpus=2, as every
 *     i386 test here boots but test_i386_maxmem_cpus:
 *       fixmap slots: FIX_HOLE, FIX_EARLYCON_MEM_BASE, FIX_APIC_BASE (3), 64
 *         IO-APICs, KM_MAX_IDX 16 kmap_local slots x 2 CPUs (32), 2 text-poke
 *         slots = 101; FIXADDR_START = 0xfffff000 - 101 * 4K = 0xfff9a000;
 *       FIXADDR_TOT_START = FIXADDR_START - 512 FIX_BTMAP pages (2M)
 *         = 0xffd9a000;
 *       CPU_ENTRY_AREA_BASE = (0xffd9a000 - 4K * (2 * 39 + 1)) & PMD_MASK(4M)
 *         = 0xffd4b000 & ~0x3fffff = 0xffc00000;
 *       LDT_BASE_ADDR = (0xffc00000 - 4K) & PMD_MASK = 0xff800000;
 *       PKMAP_BASE = (0xff800000 - 4K) & PMD_MASK = 0xff400000;
 *       VMALLOC_END = PKMAP_BASE - 2 * 4K = 0xff3fe000;
 *       MAXMEM = VMALLOC_END - PAGE_OFFSET (0xc0000000) - 128M = 0x373fe000,
 *       MAXMEM_PFN = 0x373fe = 226302 ("883MB LOWMEM": 226302 >> 8 = 883).
 *     So ZONE_NORMAL spans [0x1000, 0x373fe) = 226302 - 4096 = 222206 pages
 *     whenever RAM reaches MAXMEM.
 *
 * A zone with no pages has zone_start_pfn 0 and spanned 0 (as Linux's
 * zone_spanned_pages_in_node leaves them).
 *
 * Managed pages are checked against memblock.reserved for every zone,
 * and by hand where that is simple: ZONE_DMA (see DMA_GEOM) and i386's
 * ZONE_HIGHMEM, all of it managed (boot allocations stay in lowmem,
 * below memblock.current_limit).  Those boot allocations include the
 * kernel's own page tables (paging_init, from memblock): counted table by
 * table in test_kernel_page_tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "mmu.h"

/* ---- helpers --------------------------------------------------------- */

/*
 * The tables of the kernel's page table (swapper_pg_dir) under the table
 * at @pa of level @lvl, that one included, counted per level in @n[]:
 * every present entry of a non-last level that is not a large page points
 * to a table.  Each must be a boot table: reserved in memblock (paging_init
 * takes them from it) and PageReserved in the memory map.
 */
static void count_tables(struct machine *m, phys_addr_t pa, int lvl, unsigned long *n)
{
	const struct mmu_format *f = m->arch->mmu;

	n[lvl]++;
	if (!memblock_is_reserved(&m->memblock, pa) ||
	    !PageReserved(pfn_to_page(m, PFN_DOWN(pa))))
		fail_msg("%s table at %#llx is not a reserved boot page", f->level[lvl].name,
			 (unsigned long long)pa);
	if (lvl == f->levels - 1)
		return;
	for (unsigned long i = 0; i < 1UL << f->level[lvl].bits; i++) {
		pte_t e = pt_read(m, pa + i * f->entry_size);

		if (!pte_present(e) || (f->level[lvl].huge && pte_huge(e)))
			continue;
		count_tables(m, PFN_PHYS(pte_pfn_fmt(f, e)), lvl + 1, n);
	}
}

/* Is all of [base, base + size) inside one region of memblock.reserved? */
static bool range_reserved(struct machine *m, phys_addr_t base, phys_addr_t size)
{
	const struct memblock_type *rsv = &m->memblock.reserved;

	for (unsigned long i = 0; i < rsv->cnt; i++)
		if (rsv->regions[i].base <= base &&
		    base + size <= rsv->regions[i].base + rsv->regions[i].size)
			return true;
	return false;
}

/* Page-table pages of swapper_pg_dir, per level (PGD first); the total. */
static unsigned long kernel_pgtable_pages(struct machine *m, unsigned long n[PT_MAX_LEVELS])
{
	unsigned long total = 0;

	memset(n, 0, PT_MAX_LEVELS * sizeof(n[0]));
	count_tables(m, m->init_mm.pgd, 0, n);
	for (int i = 0; i < PT_MAX_LEVELS; i++)
		total += n[i];
	return total;
}

/*
 * The text of dmesg line @line (without the "[    0.000000] " stamp) at or
 * after @from, or NULL; *next is set past it.
 */
static const char *find_line(const char *from, const char *line, const char **next)
{
	size_t n = strlen(line);

	for (const char *p = from; p && *p;) {
		const char *eol = strchr(p, '\n');
		const char *text = p;
		size_t len = eol ? (size_t)(eol - p) : strlen(p);

		if (*p == '[') {
			const char *close = memchr(p, ']', len);

			if (close && close[1] == ' ')
				text = close + 2;
		}
		if ((size_t)(p + len - text) == n && !memcmp(text, line, n)) {
			if (next)
				*next = eol ? eol + 1 : p + len;
			return p;
		}
		p = eol ? eol + 1 : NULL;
	}
	return NULL;
}

/*
 * assert_dmesg_block - @lines appear in dmesg in this order, each a whole
 * line; with @contiguous, one right after the other.
 */
static void assert_dmesg_block(struct machine *m, const char *const *lines, size_t n,
			       bool contiguous)
{
	const char *from = m->log.buf, *next = NULL;

	assert_non_null(from);
	for (size_t i = 0; i < n; i++) {
		const char *at = find_line(from, lines[i], &next);

		if (!at)
			fail_msg("dmesg line %zu not found (in order): '%s'\n%s", i, lines[i],
				 m->log.buf);
		if (contiguous && i > 0 && at != from)
			fail_msg("dmesg line '%s' does not follow '%s' directly", lines[i],
				 lines[i - 1]);
		from = next;
	}
}

/*
 * Pages memblock still has reserved among node @nid's memory pfns in
 * [spfn, epfn): a page is reserved if any byte of it is (memblock_free_all
 * frees [PFN_UP(start), PFN_DOWN(end)) of every free range), and memory
 * is whole pages [PFN_UP(base), PFN_DOWN(end)) of memblock.memory.
 */
static unsigned long reserved_pages_in(struct machine *m, int nid, unsigned long spfn,
				       unsigned long epfn)
{
	const struct memblock_type *mem = &m->memblock.memory;
	const struct memblock_type *rsv = &m->memblock.reserved;
	unsigned long total = 0;

	for (unsigned long i = 0; i < mem->cnt; i++) {
		unsigned long ms = PFN_UP(mem->regions[i].base);
		unsigned long me = PFN_DOWN(mem->regions[i].base + mem->regions[i].size);
		unsigned long covered;

		if (mem->regions[i].nid != nid)
			continue;
		ms = ms > spfn ? ms : spfn;
		me = me < epfn ? me : epfn;
		covered = ms;		/* pages below this are counted */
		for (unsigned long j = 0; j < rsv->cnt; j++) {
			unsigned long rs = PFN_DOWN(rsv->regions[j].base);
			unsigned long re = PFN_UP(rsv->regions[j].base + rsv->regions[j].size);

			rs = rs > covered ? rs : covered;
			re = re < me ? re : me;
			if (rs < re) {
				total += re - rs;
				covered = re;
			}
		}
	}
	return total;
}


/* The numbers of "Memory: %luK/%luK available (... %luK reserved ...". */
static void memory_line(struct machine *m, unsigned long *avail_k,
			unsigned long *total_k, unsigned long *reserved_k)
{
	const char *p = strstr(m->log.buf, "Memory: ");
	const char *r;

	assert_non_null(p);
	assert_int_equal(sscanf(p, "Memory: %luK/%luK available", avail_k, total_k), 2);
	r = strstr(p, "K bss, ");
	assert_non_null(r);
	assert_int_equal(sscanf(r, "K bss, %luK reserved", reserved_k), 1);
}

struct zone_geom {
	enum zone_type zt;
	unsigned long start, spanned, present;
	unsigned long managed;		/* 0: checked against memblock only */
};

/*
 * check_zones - node 0's zones are exactly @exp (the others empty), the
 * managed pages are present minus memblock's reserved pages, they add up
 * to totalram_pages, and the "Memory:" line agrees.
 */
static void check_zones(struct machine *m, const struct zone_geom *exp, size_t n)
{
	unsigned long managed_sum = 0, present_sum = 0, init_pages = 0, pcp = 0;
	unsigned long avail_k, total_k, reserved_k;
	struct zone *zone;

	for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
		const struct zone_geom *g = NULL;

		zone = zone_of(m, 0, (enum zone_type)zt);
		for (size_t i = 0; i < n; i++)
			if (exp[i].zt == (enum zone_type)zt)
				g = &exp[i];
		if (!g) {
			if (zone->spanned_pages || zone->present_pages || zone->managed_pages)
				fail_msg("zone %s should be empty: start %lu spanned %lu present %lu",
					 zone_names[zt], zone->zone_start_pfn,
					 zone->spanned_pages, zone->present_pages);
			continue;
		}
		if (zone->zone_start_pfn != g->start || zone->spanned_pages != g->spanned ||
		    zone->present_pages != g->present)
			fail_msg("zone %s: start %lu spanned %lu present %lu, expected %lu %lu %lu",
				 zone_names[zt], zone->zone_start_pfn, zone->spanned_pages,
				 zone->present_pages, g->start, g->spanned, g->present);
		if (g->managed && zone->managed_pages != g->managed)
			fail_msg("zone %s: managed %lu, expected %lu", zone_names[zt],
				 zone->managed_pages, g->managed);
	}

	for_each_zone(m, zone) {
		int nid = zone->zone_pgdat->node_id;
		unsigned long rsv = reserved_pages_in(m, nid, zone->zone_start_pfn,
						      zone_end_pfn(zone));

		/* memblock_free_all: managed = present - still-reserved pages */
		if (zone->managed_pages != zone->present_pages - rsv)
			fail_msg("node %d zone %s: managed %lu != present %lu - reserved %lu",
				 nid, zone->name, zone->managed_pages, zone->present_pages, rsv);
		managed_sum += zone->managed_pages;
		init_pages += init_pages_in(m, zone);
		if (populated_zone(zone))
			for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++)
				pcp += (unsigned long)zone->per_cpu_pageset[cpu].count;
	}
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		present_sum += NODE_DATA(m, nid)->node_present_pages;

	/* totalram_pages is the sum of the zones' managed pages */
	assert_int_equal(managed_sum, m->totalram_pages);
	/* free_initmem freed image.init_kb of the image */
	assert_int_equal(init_pages, m->image.init_kb / 4);

	memory_line(m, &avail_k, &total_k, &reserved_k);
	/* K(physpages): physpages = sum of node_present_pages */
	assert_int_equal(total_k, present_sum * 4);
	/*
	 * K(nr_free_pages()) at mem_init time: every managed page was free
	 * then, and the init pages were not yet managed.  Nothing has been
	 * allocated since, so every managed page is free now, in the buddy
	 * lists (NR_FREE_PAGES) or on a per-CPU list (not counted there):
	 * nr_free_pages then = nr_free_pages now + pcp pages - init pages.
	 */
	assert_int_equal(avail_k, (m->totalram_pages - init_pages) * 4);
	assert_int_equal(nr_free_pages(m) + pcp, m->totalram_pages);
	assert_int_equal(avail_k, (nr_free_pages(m) + pcp - init_pages) * 4);
	/* K(physpages - totalram_pages()) at mem_init time */
	assert_int_equal(reserved_k, (present_sum - (m->totalram_pages - init_pages)) * 4);
	assert_int_equal(check_machine(m), 0);
}

static void boot_and_check(const char *spec, const struct zone_geom *exp, size_t n)
{
	struct machine *m = boot_spec(spec);

	check_zones(m, exp, n);
	mms_machine_free(m);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * ZONE_DMA on every config: pfn [1, 0x1000), less the 96-page hole.  Its
 * managed pages: 3999 less the first 64K trim_low_memory_range reserves
 * (pfn 0..15, of which pfn 0 is not RAM): 3984.  Nothing else is
 * allocated there: the image sits at 16M and boot allocations are
 * top-down.
 */
#define DMA_GEOM { ZONE_DMA, 1, 4095, 3999, 3984 }

/* ---- x86_64 ------------------------------------------------------------ */

static void test_x86_64_64M(void **state)
{
	/*
	 * max_pfn = 64M/4K = 0x4000 = 16384.
	 * DMA32 = [0x1000, 0x4000): 16384 - 4096 = 12288 pages, no holes.
	 * Normal: max_zone_pfn = max_low_pfn = 0x4000 = start -> empty.
	 */
	static const struct zone_geom exp[] = {
		DMA_GEOM, { ZONE_DMA32, 4096, 12288, 12288, 0 },
	};
	(void)state;
	boot_and_check("arch=x86_64 ram=64M", exp, N(exp));
}

static void test_x86_64_1G(void **state)
{
	/* max_pfn = 0x40000 = 262144; DMA32 = 262144 - 4096 = 258048. */
	static const struct zone_geom exp[] = {
		DMA_GEOM, { ZONE_DMA32, 4096, 258048, 258048, 0 },
	};
	(void)state;
	boot_and_check("arch=x86_64 ram=1G", exp, N(exp));
}

static void test_x86_64_3G(void **state)
{
	/* max_pfn = 0xc0000 = 786432 (< 4G); DMA32 = 786432 - 4096 = 782336. */
	static const struct zone_geom exp[] = {
		DMA_GEOM, { ZONE_DMA32, 4096, 782336, 782336, 0 },
	};
	(void)state;
	boot_and_check("arch=x86_64 ram=3G", exp, N(exp));
}

static void test_x86_64_6G(void **state)
{
	/*
	 * max_pfn = 0x180000 = 1572864.
	 * DMA32 = [0x1000, 0x100000): 1048576 - 4096 = 1044480.
	 * Normal = [0x100000, 0x180000): 524288 pages.
	 */
	static const struct zone_geom exp[] = {
		DMA_GEOM, { ZONE_DMA32, 4096, 1044480, 1044480, 0 },
		{ ZONE_NORMAL, 1048576, 524288, 524288, 0 },
	};
	(void)state;
	boot_and_check("arch=x86_64 ram=6G", exp, N(exp));
}

/* ---- i386 -------------------------------------------------------------- */

static void test_i386_64M(void **state)
{
	/*
	 * max_pfn = 0x4000 <= MAXMEM_PFN 0x373fe: all lowmem.
	 * Normal = [0x1000, 0x4000) = 12288; HighMem: max_pfn = start -> empty.
	 */
	static const struct zone_geom exp[] = {
		DMA_GEOM, { ZONE_NORMAL, 4096, 12288, 12288, 0 },
	};
	/* initmem_init prints both lines with CONFIG_HIGHMEM: 0 highmem pages. */
	static const char *const lines[] = {
		"0MB HIGHMEM available.",
		"64MB LOWMEM available.",	/* 0x4000 pages >> 8 */
		"  HighMem  empty",
	};
	struct machine *m = boot_spec("arch=i386 ram=64M cpus=2");

	(void)state;
	check_zones(m, exp, N(exp));
	assert_dmesg_block(m, lines, N(lines), false);
	assert_int_equal(m->totalhigh_pages, 0);
	mms_machine_free(m);
}

static void test_i386_1G(void **state)
{
	/*
	 * max_pfn = 0x40000 > MAXMEM_PFN 0x373fe: Normal = [0x1000, 0x373fe) =
	 * 226302 - 4096 = 222206; HighMem = [0x373fe, 0x40000) =
	 * 262144 - 226302 = 35842.
	 */
	static const struct zone_geom exp[] = {
		DMA_GEOM, { ZONE_NORMAL, 4096, 222206, 222206, 0 },
		{ ZONE_HIGHMEM, 226302, 35842, 35842, 35842 },
	};
	(void)state;
	boot_and_check("arch=i386 ram=1G cpus=2", exp, N(exp));
}

static void test_i386_3G(void **state)
{
	/* HighMem = [0x373fe, 0xc0000) = 786432 - 226302 = 560130. */
	static const struct zone_geom exp[] = {
		DMA_GEOM, { ZONE_NORMAL, 4096, 222206, 222206, 0 },
		{ ZONE_HIGHMEM, 226302, 560130, 560130, 560130 },
	};
	(void)state;
	boot_and_check("arch=i386 ram=3G cpus=2", exp, N(exp));
}

static void test_i386_6G_trimmed_to_4G(void **state)
{
	/*
	 * A non-PAE kernel addresses 4 GiB: max_pfn = MAX_NONPAE_PFN =
	 * 0x100000, HighMem = [0x373fe, 0x100000) = 1048576 - 226302 = 822274.
	 */
	static const struct zone_geom exp[] = {
		DMA_GEOM, { ZONE_NORMAL, 4096, 222206, 222206, 0 },
		{ ZONE_HIGHMEM, 226302, 822274, 822274, 822274 },
	};
	static const char *const lines[] = {
		"BIOS-e820: [mem 0x0000000000100000-0x000000017fffffff] usable",
		"last_pfn = 0x100000 max_arch_pfn = 0x100000",
		/* pages_to_mb(0x100000 - 0x373fe) = 822274 >> 8 = 3212 */
		"3212MB HIGHMEM available.",
		/* pages_to_mb(0x373fe) = 226302 >> 8 = 883 */
		"883MB LOWMEM available.",
		"  HighMem  [mem 0x00000000373fe000-0x00000000ffffffff]",
		"  node   0: [mem 0x0000000000100000-0x00000000ffffffff]",
	};
	/* MSG_HIGHMEM_TRIMMED of arch/x86/mm/init_32.c, a whole line */
	static const char *const warning[] = {
		"Warning: only 4GB will be used. Use a HIGHMEM64G enabled kernel!",
	};
	struct machine *m = boot_spec("arch=i386 ram=6G cpus=2");

	(void)state;
	check_zones(m, exp, N(exp));
	assert_int_equal(m->max_pfn, 0x100000);
	assert_dmesg_block(m, lines, N(lines), false);
	assert_dmesg_block(m, warning, N(warning), false);
	/* Nothing of the RAM above 4G reaches memblock. */
	assert_int_equal(memblock_end_of_DRAM(&m->memblock), 0x100000000ULL);
	/* totalhigh_pages: all of HighMem is managed (nothing reserved there) */
	assert_int_equal(m->totalhigh_pages, zone_of(m, 0, ZONE_HIGHMEM)->managed_pages);
	assert_int_equal(m->totalhigh_pages, 822274);
	mms_machine_free(m);
}

static void test_x86_64_pci_hole(void **state)
{
	/*
	 * A PC with 4G of RAM and the PCI hole: RAM up to 0xbff00000, then
	 * reserved to 4G, and the last 1G above 4G.
	 * DMA32 = [0x1000, 0x100000): spanned 1044480, present 0xbff00 -
	 * 0x1000 = 786176 - 4096 = 782080.
	 * Normal = [0x100000, 0x140000): 262144, no holes.
	 * memmap_init reports the hole before Normal's first range in zone
	 * Normal, counting only pfns of sections with memory
	 * (pfn_valid(pageblock_start_pfn(pfn))): 0xbff00..0xc0000 of 128M
	 * section 23 = 256 pages; sections 24..31 (3G..4G) have none.
	 */
	static const struct zone_geom exp[] = {
		DMA_GEOM, { ZONE_DMA32, 4096, 1044480, 782080, 0 },
		{ ZONE_NORMAL, 1048576, 262144, 262144, 0 },
	};
	static const char *const lines[] = {
		"BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable",
		"BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved",
		"BIOS-e820: [mem 0x0000000000100000-0x00000000bfefffff] usable",
		"BIOS-e820: [mem 0x00000000bff00000-0x00000000ffffffff] reserved",
		"BIOS-e820: [mem 0x0000000100000000-0x000000013fffffff] usable",
	};
	static const char *const holes[] = {
		"  node   0: [mem 0x0000000000100000-0x00000000bfefffff]",
		"  node   0: [mem 0x0000000100000000-0x000000013fffffff]",
		"Initmem setup node 0 [mem 0x0000000000001000-0x000000013fffffff]",
		"On node 0, zone DMA: 1 pages in unavailable ranges",
		"On node 0, zone DMA: 96 pages in unavailable ranges",
		"On node 0, zone Normal: 256 pages in unavailable ranges",
		/*
		 * setup_per_cpu_areas comes next, as in start_kernel (2 CPUs:
		 * see test_percpu.c for where the numbers come from)
		 */
		"setup_percpu: NR_CPUS:8192 nr_cpumask_bits:2 nr_cpu_ids:2 nr_node_ids:1",
		"percpu: Embedded 64 pages/cpu s225280 r8192 d28672 u1048576",
		"pcpu-alloc: s225280 r8192 d28672 u1048576 alloc=1*2097152",
		"pcpu-alloc: [0] 0 1 ",
		/*
		 * free_area_init_core's estimate, present - memmap pages
		 * (calc_memmap_size: present, not spanned, when the zone has
		 * holes over 1/16 of present): DMA 3999 - 64 = 3935; DMA32
		 * 782080 - 782080 * 64 / 4096 (12220) = 769860; Normal 262144 -
		 * 4096 = 258048; total 1031843.
		 */
		"Built 1 zonelists, mobility grouping on.  Total pages: 1031843",
	};
	struct machine *m = boot_spec("e820=0-0x9ffff:usable,0xf0000-0xfffff:reserved,"
				      "0x100000-0xbfefffff:usable,0xbff00000-0xffffffff:reserved,"
				      "0x100000000-0x13fffffff:usable");

	(void)state;
	check_zones(m, exp, N(exp));
	assert_dmesg_block(m, lines, N(lines), true);
	assert_dmesg_block(m, holes, N(holes), true);
	assert_int_equal(m->max_pfn, 0x140000);
	mms_machine_free(m);
}

/* ---- boot log ------------------------------------------------------------ */

static void test_boot_log_x86_64_1G(void **state)
{
	static const char *const e820[] = {
		"BIOS-provided physical RAM map:",
		"BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable",
		"BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved",
		"BIOS-e820: [mem 0x0000000000100000-0x000000003fffffff] usable",
		/* trim_bios_range */
		"e820: update [mem 0x00000000-0x00000fff] usable ==> reserved",
		"e820: remove [mem 0x000a0000-0x000fffff] usable",
		/* e820_end_pfn: 1G >> 12; MAX_ARCH_PFN = 1 << (46 - 12) */
		"last_pfn = 0x40000 max_arch_pfn = 0x400000000",
	};
	/* free_area_init: arch_zone_{lowest,highest}_possible_pfn */
	static const char *const zones[] = {
		"Zone ranges:",
		"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]",
		"  DMA32    [mem 0x0000000001000000-0x000000003fffffff]",
		"  Normal   empty",
		"  Device   empty",
		"Movable zone start for each node",
		"Early memory node ranges",
		"  node   0: [mem 0x0000000000001000-0x000000000009ffff]",
		"  node   0: [mem 0x0000000000100000-0x000000003fffffff]",
		"Initmem setup node 0 [mem 0x0000000000001000-0x000000003fffffff]",
		/* memmap_init: pfn 0, then pfn 0xa0..0xff */
		"On node 0, zone DMA: 1 pages in unavailable ranges",
		"On node 0, zone DMA: 96 pages in unavailable ranges",
		/*
		 * setup_per_cpu_areas comes next, as in start_kernel (2 CPUs:
		 * see test_percpu.c for where the numbers come from)
		 */
		"setup_percpu: NR_CPUS:8192 nr_cpumask_bits:2 nr_cpu_ids:2 nr_node_ids:1",
		"percpu: Embedded 64 pages/cpu s225280 r8192 d28672 u1048576",
		"pcpu-alloc: s225280 r8192 d28672 u1048576 alloc=1*2097152",
		"pcpu-alloc: [0] 0 1 ",
		"Built 1 zonelists, mobility grouping on.  Total pages: 257951",
		"Policy zone: DMA32",
	};
	struct machine *m = boot_spec("arch=x86_64 ram=1G");
	struct zone *dma = zone_of(m, 0, ZONE_DMA), *dma32 = zone_of(m, 0, ZONE_DMA32);
	unsigned long pt[PT_MAX_LEVELS];
	unsigned long long nd;
	char nd_line[96];
	const char *node_data[3];

	(void)state;
	assert_dmesg_block(m, e820, N(e820), true);
	/*
	 * NODE_DATA(0) comes right after last_pfn (a NUMA kernel's line),
	 * right before the zone ranges.  paging_init ran first: its 72
	 * page-table pages (test_kernel_page_tables) are the first memblock
	 * allocations, top-down from the end of RAM: [1G - 72 * 4K, 1G) =
	 * [0x3ffb8000, 0x40000000).  alloc_node_data then takes
	 * sizeof(pg_data_t) bytes, 64-byte aligned, right below them.
	 */
	assert_int_equal(kernel_pgtable_pages(m, pt), 72);
	assert_true(range_reserved(m, 0x3ffb8000, 72 * PAGE_SIZE));
	nd = (0x3ffb8000ULL - sizeof(pg_data_t)) & ~63ULL;
	snprintf(nd_line, sizeof(nd_line), "NODE_DATA(0) allocated [mem 0x%08llx-0x%08llx]", nd,
		 nd + sizeof(pg_data_t) - 1);
	node_data[0] = e820[N(e820) - 1];
	node_data[1] = nd_line;
	node_data[2] = zones[0];
	assert_dmesg_block(m, node_data, 3, true);
	assert_dmesg_block(m, zones, N(zones), true);
	/*
	 * "Total pages" is nr_free_zone_pages(gfp_zone(GFP_HIGHUSER_MOVABLE))
	 * before the watermarks exist: the managed estimate of
	 * free_area_init_core, present - memmap pages, per zone:
	 * DMA 3999 - (4095 * 64 / 4096 rounded up = 64) = 3935,
	 * DMA32 258048 - (258048 * 64 / 4096 = 4032) = 254016;
	 * 3935 + 254016 = 257951.  (The page tables do not enter the
	 * estimate: it counts struct pages only.)
	 */
	assert_int_equal(sizeof(struct page), 64);
	assert_true(dma->present_pages == 3999 && dma32->present_pages == 258048);
	/* i386-only lines are absent */
	assert_false(dmesg_has(m, "HIGHMEM available"));
	assert_false(dmesg_has(m, "LOWMEM available"));
	assert_false(dmesg_has(m, "Warning: only 4GB"));
	assert_false(dmesg_has(m, "virtual kernel memory layout:"));
	mms_machine_free(m);
}

static void test_boot_log_i386_2G(void **state)
{
	/*
	 * From the e820 map to the zones, one line after the other; no
	 * NODE_DATA line (i386 is a !NUMA kernel).
	 */
	static const char *const lines[] = {
		"BIOS-e820: [mem 0x0000000000000000-0x000000000009ffff] usable",
		"BIOS-e820: [mem 0x00000000000f0000-0x00000000000fffff] reserved",
		"BIOS-e820: [mem 0x0000000000100000-0x000000007fffffff] usable",
		"e820: update [mem 0x00000000-0x00000fff] usable ==> reserved",
		"e820: remove [mem 0x000a0000-0x000fffff] usable",
		/* MAX_ARCH_PFN for non-PAE: 1 << (32 - 12) */
		"last_pfn = 0x80000 max_arch_pfn = 0x100000",
		/* initmem_init: pages_to_mb(0x80000 - 0x373fe) = 297986 >> 8 = 1164 */
		"1164MB HIGHMEM available.",
		/* pages_to_mb(MAXMEM_PFN 0x373fe) = 226302 >> 8 = 883 */
		"883MB LOWMEM available.",
		"Zone ranges:",
		"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]",
		/* Normal ends at MAXMEM - 1 = 0x373fe000 - 1 */
		"  Normal   [mem 0x0000000001000000-0x00000000373fdfff]",
		"  HighMem  [mem 0x00000000373fe000-0x000000007fffffff]",
		"Movable zone start for each node",
		"Early memory node ranges",
		"  node   0: [mem 0x0000000000001000-0x000000000009ffff]",
		"  node   0: [mem 0x0000000000100000-0x000000007fffffff]",
		"Initmem setup node 0 [mem 0x0000000000001000-0x000000007fffffff]",
		"On node 0, zone DMA: 1 pages in unavailable ranges",
		"On node 0, zone DMA: 96 pages in unavailable ranges",
	};
	/*
	 * mem_init's virtual kernel memory layout (init_32.c, up to Linux
	 * 5.6), right after the "Memory:" line, from the layout in the top
	 * comment (cpus=2):
	 *   fixmap: [FIXADDR_START, FIXADDR_TOP) = 101 slots * 4K = 404 kB;
	 *   cpu_entry: CPU_ENTRY_AREA_BASE + 2 CPUs * 39 pages (0x4e000) = 312 kB;
	 *   pkmap: PKMAP_BASE + LAST_PKMAP 1024 pages = 4096 kB;
	 *   vmalloc: VMALLOC_START = high_memory + VMALLOC_OFFSET (8M) =
	 *     0xf73fe000 + 0x800000 = 0xf7bfe000, to VMALLOC_END 0xff3fe000:
	 *     0x7800000 = 120 MB;
	 *   lowmem: PAGE_OFFSET to high_memory = PAGE_OFFSET + MAXMEM
	 *     (0x373fe000 >> 20 = 883 MB);
	 *   the image at PAGE_OFFSET + 16M: .text 2048K, then .data = rodata
	 *     1024K + rwdata 512K = 1536K, then .init 512K.
	 */
	static const char *const layout[] = {
		"virtual kernel memory layout:",
		"    fixmap  : 0xfff9a000 - 0xfffff000   ( 404 kB)",
		"  cpu_entry : 0xffc00000 - 0xffc4e000   ( 312 kB)",
		"    pkmap   : 0xff400000 - 0xff800000   (4096 kB)",
		"    vmalloc : 0xf7bfe000 - 0xff3fe000   ( 120 MB)",
		"    lowmem  : 0xc0000000 - 0xf73fe000   ( 883 MB)",
		"      .init : 0xc1380000 - 0xc1400000   ( 512 kB)",
		"      .data : 0xc1200000 - 0xc1380000   (1536 kB)",
		"      .text : 0xc1000000 - 0xc1200000   (2048 kB)",
		/* kmem_cache_init follows mem_init: cpus=2, one node */
		"SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=2, Nodes=1",
		"Freeing unused kernel image (initmem) memory: 512K",
	};
	static const struct zone_geom exp[] = {
		DMA_GEOM, { ZONE_NORMAL, 4096, 222206, 222206, 0 },
		/* [0x373fe, 0x80000) = 524288 - 226302 = 297986 */
		{ ZONE_HIGHMEM, 226302, 297986, 297986, 297986 },
	};
	struct machine *m = boot_spec("arch=i386 ram=2G cpus=2");
	const struct kernel_layout *l = &m->layout;
	unsigned long high_k = 0;
	const char *p, *eol;

	(void)state;
	assert_dmesg_block(m, lines, N(lines), true);
	check_zones(m, exp, N(exp));
	/* the layout, as the top comment derives it */
	assert_int_equal(l->nr_fixmap, 101);
	assert_int_equal(l->fixaddr_start, 0xfff9a000);
	assert_int_equal(l->cpu_entry_area_base, 0xffc00000);
	assert_int_equal(l->ldt_base, 0xff800000);
	assert_int_equal(l->pkmap_base, 0xff400000);
	assert_int_equal(l->vmalloc_end, 0xff3fe000);
	assert_int_equal(l->maxmem_pfn, 0x373fe);
	assert_int_equal(l->high_memory, 0xf73fe000);
	/* the layout block directly follows the "Memory:" line */
	p = strstr(m->log.buf, "Memory: ");
	assert_non_null(p);
	eol = strchr(p, '\n');
	assert_non_null(eol);
	assert_non_null(find_line(eol + 1, layout[0], NULL));
	assert_ptr_equal(find_line(eol + 1, layout[0], NULL), eol + 1);
	assert_dmesg_block(m, layout, N(layout), true);
	/* no DMA32 or Device zone on i386; no NUMA line; nothing trimmed */
	assert_false(dmesg_has(m, "  DMA32 "));
	assert_false(dmesg_has(m, "  Device "));
	assert_false(dmesg_has(m, "NODE_DATA("));
	assert_false(dmesg_has(m, "Warning: only 4GB"));
	/* "..., %luK highmem)" = K(totalhigh_pages) = 297986 * 4 */
	p = strstr(m->log.buf, "K cma-reserved, ");
	assert_non_null(p);
	assert_int_equal(sscanf(p, "K cma-reserved, %luK highmem)", &high_k), 1);
	assert_int_equal(high_k, 297986 * 4);
	assert_int_equal(m->totalhigh_pages, 297986);
	mms_machine_free(m);
}

static void test_i386_maxmem_cpus(void **state)
{
	/*
	 * MAXMEM moves with the CPU count only when the fixmap and the
	 * cpu_entry_area cross a 4M boundary.  cpus=16:
	 *   fixmap: 3 + 64 + 16 * 16 + 2 = 325 slots; FIXADDR_START =
	 *     0xfffff000 - 325 * 4K (0x145000) = 0xffeba000;
	 *   FIXADDR_TOT_START = 0xffeba000 - 2M = 0xffcba000;
	 *   CPU_ENTRY_AREA_BASE = (0xffcba000 - 4K * (16 * 39 + 1)) & PMD_MASK =
	 *     (0xffcba000 - 0x271000 = 0xffa49000) & ~0x3fffff = 0xff800000;
	 *   LDT 0xff400000, PKMAP_BASE 0xff000000, VMALLOC_END 0xfeffe000;
	 *   MAXMEM = 0xfeffe000 - 0xc0000000 - 128M = 0x36ffe000:
	 *   MAXMEM_PFN 0x36ffe = 225278 ("879MB LOWMEM": 225278 >> 8 = 879).
	 * Normal = [0x1000, 0x36ffe) = 221182; HighMem = [0x36ffe, 0x40000) =
	 * 262144 - 225278 = 36866 (">> 8" = 144MB).
	 */
	static const struct zone_geom exp[] = {
		DMA_GEOM, { ZONE_NORMAL, 4096, 221182, 221182, 0 },
		{ ZONE_HIGHMEM, 225278, 36866, 36866, 36866 },
	};
	static const char *const lines[] = {
		"144MB HIGHMEM available.",
		"879MB LOWMEM available.",
	};
	struct machine *m = boot_spec("arch=i386 ram=1G cpus=16");

	(void)state;
	check_zones(m, exp, N(exp));
	assert_dmesg_block(m, lines, N(lines), true);
	assert_int_equal(m->layout.nr_fixmap, 325);
	assert_int_equal(m->layout.fixaddr_start, 0xffeba000);
	assert_int_equal(m->layout.cpu_entry_area_base, 0xff800000);
	assert_int_equal(m->layout.pkmap_base, 0xff000000);
	assert_int_equal(m->layout.vmalloc_end, 0xfeffe000);
	assert_int_equal(m->layout.maxmem_pfn, 0x36ffe);
	mms_machine_free(m);
}

/*
 * swapper_pg_dir after boot, table by table, and the direct map's pages
 * of each size (meminfo's DirectMap lines): all the tables come from
 * memblock (reserved), and they are what the zones' managed pages and
 * the "Memory:" line lose to paging_init.
 */
static void test_kernel_page_tables(void **state)
{
	struct machine *m;
	unsigned long pt[PT_MAX_LEVELS];

	(void)state;
	/*
	 * x86_64, 1G.  The direct map (init_mem_mapping): the ISA range
	 * [0, 1M) in 4K pages, then RAM from 1M: [1M, 2M) in 4K pages (up to
	 * the first 2M boundary), [2M, 1G) in 2M pages; no whole GiB for a 1G
	 * page.  4K: 256 + 256 = 512 pages (2048K); 2M: 511.
	 * Tables:
	 *   PGD: swapper_pg_dir                                           1
	 *   PUD: the direct map's (PGD slot 273, 0xffff888000000000), the
	 *        kernel image's (slot 511), and preallocate_vmalloc_pages's
	 *        64 (VMALLOC_SIZE_TB 32 / 512G per PGD slot)        1 + 1 + 64
	 *   PMD: the direct map's first GiB; the image's, [16M, 16M + 4608K)
	 *        rounded out to 2M = 3 PMD entries in PUD slot 510; the
	 *        fixmap's, PUD slot 511                             1 + 1 + 1
	 *   PTE: one for [0, 2M) (the ISA range and [1M, 2M) share it);
	 *        the fixmap's 69 slots (3 + 64 IO-APICs + 2 text-poke),
	 *        [0xffffffffff7ba000, 0xffffffffff7ff000), one PMD entry  1 + 1
	 *   = 1 + 66 + 3 + 2 = 72 pages.
	 */
	m = boot_spec("arch=x86_64 ram=1G");
	assert_int_equal(kernel_pgtable_pages(m, pt), 72);
	assert_int_equal(pt[0], 1);
	assert_int_equal(pt[1], 66);
	assert_int_equal(pt[2], 3);
	assert_int_equal(pt[3], 2);
	assert_int_equal(m->direct_pages_count[0], 512);
	assert_int_equal(m->direct_pages_count[1], 511);
	assert_int_equal(m->direct_pages_count[2], 0);
	mms_machine_free(m);

	/*
	 * x86_64, 6G: [2M, 1G) in 2M pages, [1G, 6G) in 1G pages (PUD
	 * entries, no table under them): the same 72 tables; 4K 512, 2M 511,
	 * 1G 5.
	 */
	m = boot_spec("arch=x86_64 ram=6G");
	assert_int_equal(kernel_pgtable_pages(m, pt), 72);
	assert_int_equal(pt[2], 3);
	assert_int_equal(pt[3], 2);
	assert_int_equal(m->direct_pages_count[0], 512);
	assert_int_equal(m->direct_pages_count[1], 511);
	assert_int_equal(m->direct_pages_count[2], 5);
	mms_machine_free(m);

	/*
	 * x86_64 with the PCI hole (test_x86_64_pci_hole's map): RAM [1M,
	 * 0xbff00000) is [1M, 2M) 4K, [2M, 1G) 2M, [1G, 2G) 1G, [2G,
	 * 0xbfe00000) 2M (511 pages), [0xbfe00000, 0xbff00000) 4K (256
	 * pages); [4G, 5G) one 1G page.  4K: 512 + 256 = 768; 2M: 511 + 511 =
	 * 1022; 1G: 2.  Tables: one more PMD (GiB 2) and one more PTE (the
	 * tail at 0xbfe00000) than the 1G machine: 1 + 66 + 4 + 3 = 74.
	 */
	m = boot_spec("e820=0-0x9ffff:usable,0xf0000-0xfffff:reserved,"
		      "0x100000-0xbfefffff:usable,0xbff00000-0xffffffff:reserved,"
		      "0x100000000-0x13fffffff:usable");
	assert_int_equal(kernel_pgtable_pages(m, pt), 74);
	assert_int_equal(pt[2], 4);
	assert_int_equal(pt[3], 3);
	assert_int_equal(m->direct_pages_count[0], 768);
	assert_int_equal(m->direct_pages_count[1], 1022);
	assert_int_equal(m->direct_pages_count[2], 2);
	mms_machine_free(m);

	/*
	 * i386, 2G, cpus=2: lowmem [0, MAXMEM 0x373fe000).  The ISA range
	 * [0, 1M) and [1M, 4M) in 4K pages (split_mem_range never puts a
	 * large page on the first 4M), [4M, 0x37000000) in 4M pages (219),
	 * the tail [0x37000000, 0x373fe000) in 4K pages (1022).  4K: 1024 +
	 * 1022 = 2046 (8184K); 4M: 219.
	 * Tables: the PGD; PTE tables for [0, 4M), for the lowmem tail, for
	 * the pkmap area (PKMAP_BASE 0xff400000, one PGD entry) and for the
	 * fixmap (its 4M slot 0xffc00000 also holds the cpu_entry_area):
	 * 1 + 4 = 5 pages.
	 */
	m = boot_spec("arch=i386 ram=2G cpus=2");
	assert_int_equal(kernel_pgtable_pages(m, pt), 5);
	assert_int_equal(pt[0], 1);
	assert_int_equal(pt[1], 4);
	assert_int_equal(m->direct_pages_count[0], 2046);
	assert_int_equal(m->direct_pages_count[1], 219);
	assert_int_equal(m->direct_pages_count[2], 0);
	mms_machine_free(m);
}

/* ---- NUMA ------------------------------------------------------------------ */

static void test_two_nodes(void **state)
{
	/*
	 * ram=2G: max_pfn = 0x80000; per node (0x80000 / 2) & ~511 =
	 * 0x40000 (a pageblock multiple).  Node 0: memory pfn [1, 0xa0) +
	 * [0x100, 0x40000); node 1: [0x40000, 0x80000).
	 */
	static const struct zone_geom exp0[] = {
		DMA_GEOM, { ZONE_DMA32, 4096, 258048, 258048, 0 },	/* 0x40000 - 0x1000 */
	};
	static const char *const lines[] = {
		"Early memory node ranges",
		"  node   0: [mem 0x0000000000001000-0x000000000009ffff]",
		"  node   0: [mem 0x0000000000100000-0x000000003fffffff]",
		"  node   1: [mem 0x0000000040000000-0x000000007fffffff]",
		"Initmem setup node 0 [mem 0x0000000000001000-0x000000003fffffff]",
		"Initmem setup node 1 [mem 0x0000000040000000-0x000000007fffffff]",
	};
	struct machine *m = boot_spec("arch=x86_64 ram=2G nodes=2 cpus=2");
	pg_data_t *n0 = NODE_DATA(m, 0), *n1 = NODE_DATA(m, 1);
	struct zone *d0 = zone_of(m, 0, ZONE_DMA), *d32_0 = zone_of(m, 0, ZONE_DMA32);
	struct zone *d32_1 = zone_of(m, 1, ZONE_DMA32);
	const struct zoneref *zr;

	(void)state;
	check_zones(m, exp0, N(exp0));
	assert_dmesg_block(m, lines, N(lines), true);
	assert_true(dmesg_has(m, "Built 2 zonelists, mobility grouping on."));
	/*
	 * alloc_node_data: each node's pglist_data in its own memory, top-down,
	 * 64-byte aligned.  paging_init's 72 page-table pages (no node
	 * asked) came first, from the top of RAM: [2G - 72 * 4K, 2G), in node
	 * 1, so NODE_DATA(1) ends below 0x7ffb8000 and NODE_DATA(0) below
	 * node 0's end, 1G.
	 */
	{
		unsigned long pt[PT_MAX_LEVELS];
		unsigned long long nd[2] = {
			(0x40000000ULL - sizeof(pg_data_t)) & ~63ULL,
			(0x80000000ULL - 72 * PAGE_SIZE - sizeof(pg_data_t)) & ~63ULL,
		};
		char want[96];

		assert_int_equal(kernel_pgtable_pages(m, pt), 72);
		assert_true(range_reserved(m, 0x80000000ULL - 72 * PAGE_SIZE, 72 * PAGE_SIZE));
		for (int nid = 0; nid < 2; nid++) {
			const char *const one[] = { want };

			snprintf(want, sizeof(want), "NODE_DATA(%d) allocated [mem 0x%08llx-0x%08llx]",
				 nid, nd[nid], nd[nid] + sizeof(pg_data_t) - 1);
			assert_dmesg_block(m, one, 1, false);
			assert_ptr_equal(NODE_DATA(m, nid), phys_to_virt_host(m, nd[nid]));
		}
	}

	/* nodes */
	assert_int_equal(n0->node_start_pfn, 1);
	assert_int_equal(n0->node_spanned_pages, 0x40000 - 1);
	assert_int_equal(n0->node_present_pages, 3999 + 258048);
	assert_int_equal(n1->node_start_pfn, 0x40000);
	assert_int_equal(n1->node_start_pfn % m->pageblock_nr_pages, 0);
	assert_int_equal(n1->node_spanned_pages, 0x40000);
	assert_int_equal(n1->node_present_pages, 0x40000);

	/* node 1 has a DMA32 zone only: all of it below 4G, above 16M */
	for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
		struct zone *z = zone_of(m, 1, (enum zone_type)zt);

		if (zt == ZONE_DMA32) {
			assert_int_equal(z->zone_start_pfn, 0x40000);
			assert_int_equal(z->spanned_pages, 0x40000);
			assert_int_equal(z->present_pages, 0x40000);
		} else {
			assert_int_equal(z->spanned_pages, 0);
			assert_int_equal(z->present_pages, 0);
			assert_int_equal(z->managed_pages, 0);
		}
	}
	assert_int_equal(n0->nr_zones, ZONE_DMA32 + 1);
	assert_int_equal(n1->nr_zones, ZONE_DMA32 + 1);

	/* CPUs to nodes in order: cpu * nodes / cpus */
	assert_int_equal(m->cpus[0].node, 0);
	assert_int_equal(m->cpus[1].node, 1);

	/*
	 * build_zonelists (node order): the local node's zones, highest
	 * first, then the next node's.
	 */
	zr = n0->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	assert_ptr_equal(zr[0].zone, d32_0);
	assert_int_equal(zr[0].zone_idx, ZONE_DMA32);
	assert_ptr_equal(zr[1].zone, d0);
	assert_int_equal(zr[1].zone_idx, ZONE_DMA);
	assert_ptr_equal(zr[2].zone, d32_1);
	assert_int_equal(zr[2].zone_idx, ZONE_DMA32);
	assert_null(zr[3].zone);
	zr = n1->node_zonelists[ZONELIST_FALLBACK]._zonerefs;
	assert_ptr_equal(zr[0].zone, d32_1);
	assert_ptr_equal(zr[1].zone, d32_0);
	assert_ptr_equal(zr[2].zone, d0);
	assert_null(zr[3].zone);
	/* __GFP_THISNODE lists: the local node only */
	zr = n0->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
	assert_ptr_equal(zr[0].zone, d32_0);
	assert_ptr_equal(zr[1].zone, d0);
	assert_null(zr[2].zone);
	zr = n1->node_zonelists[ZONELIST_NOFALLBACK]._zonerefs;
	assert_ptr_equal(zr[0].zone, d32_1);
	assert_null(zr[1].zone);

	/*
	 * setup_per_zone_lowmem_reserve, per node: lowmem_reserve[j] of zone
	 * i = managed pages of the node's zones i+1..j / ratio[i] (256 for
	 * DMA and DMA32), with managed as at the initcall, before
	 * free_initmem gave the init pages to the zone holding them.
	 */
	{
		unsigned long d32_0_calc = d32_0->managed_pages - init_pages_in(m, d32_0);

		for (int j = ZONE_DMA32; j < MAX_NR_ZONES; j++) {
			assert_int_equal(d0->lowmem_reserve[j], d32_0_calc / 256);
			assert_int_equal(d32_0->lowmem_reserve[j], 0);	/* nothing above */
			assert_int_equal(d32_1->lowmem_reserve[j], 0);
		}
		/* node 1's empty DMA zone: managed 0 -> cleared */
		for (int j = 0; j < MAX_NR_ZONES; j++)
			assert_int_equal(zone_of(m, 1, ZONE_DMA)->lowmem_reserve[j], 0);
		/* each node's boot memory (NODE_DATA, memmap) is its own */
		assert_true(d32_1->managed_pages < d32_1->present_pages);
	}
	mms_machine_free(m);
}

/* ---- lowmem_reserve in /proc/zoneinfo ---------------------------------------- */

/* The "protection: (...)" text of node @nid's zone @name in zoneinfo. */
static void zoneinfo_protection(const char *zi, int nid, const char *name, char *out,
				size_t len)
{
	char head[64];
	const char *p, *q, *e;

	snprintf(head, sizeof(head), "Node %d, zone %8s\n", nid, name);
	p = strstr(zi, head);
	assert_non_null(p);
	q = strstr(p, "        protection: (");
	assert_non_null(q);
	e = strchr(q, ')');
	assert_non_null(e);
	snprintf(out, len, "%.*s", (int)(e + 1 - q), q);
}

static void test_lowmem_reserve_6G(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=6G");
	/* The ratios of sysctl_lowmem_reserve_ratio: DMA 256, DMA32 256, Normal 32, 0 above. */
	static const int ratio[MAX_NR_ZONES] = { 256, 256, 32, 0, 0, 0 };
	static const enum zone_type x86_64_zones[] = {
		ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, ZONE_MOVABLE, ZONE_DEVICE,
	};
	unsigned long managed[MAX_NR_ZONES];
	char *zi = view_text(m, "/proc/zoneinfo");

	(void)state;
	/*
	 * Managed pages as setup_per_zone_lowmem_reserve saw them (the
	 * initcall runs before free_initmem returns the 128 init pages).
	 */
	for (int zt = 0; zt < MAX_NR_ZONES; zt++) {
		struct zone *z = zone_of(m, 0, (enum zone_type)zt);

		managed[zt] = z->managed_pages - init_pages_in(m, z);
	}
	assert_int_equal(managed[ZONE_MOVABLE] + managed[ZONE_DEVICE], 0);

	for (size_t k = 0; k < N(x86_64_zones); k++) {
		enum zone_type i = x86_64_zones[k];
		struct zone *z = zone_of(m, 0, i);
		long expect[MAX_NR_ZONES] = { 0 };
		unsigned long sum = 0;
		char want[256], got[256];
		size_t pos;

		/*
		 * setup_per_zone_lowmem_reserve: lowmem_reserve[j] =
		 * sum(managed[i+1..j]) / ratio[i]; 0 if ratio or managed is 0;
		 * lowmem_reserve[j <= i] stays 0.
		 */
		for (int j = i + 1; j < MAX_NR_ZONES; j++) {
			sum += managed[j];
			expect[j] = (!ratio[i] || !managed[i]) ? 0 : (long)(sum / (unsigned long)ratio[i]);
		}
		for (int j = 0; j < MAX_NR_ZONES; j++)
			if (z->lowmem_reserve[j] != expect[j])
				fail_msg("zone %s lowmem_reserve[%d] = %ld, expected %ld",
					 zone_names[i], j, z->lowmem_reserve[j], expect[j]);
		/* zoneinfo: "protection: (%ld, %ld, ...)" over the 5 x86_64 zones */
		pos = (size_t)snprintf(want, sizeof(want), "        protection: (");
		for (size_t jj = 0; jj < N(x86_64_zones); jj++)
			pos += (size_t)snprintf(want + pos, sizeof(want) - pos, "%s%ld",
						jj ? ", " : "", expect[x86_64_zones[jj]]);
		snprintf(want + pos, sizeof(want) - pos, ")");
		zoneinfo_protection(zi, 0, zone_names[i], got, sizeof(got));
		assert_string_equal(got, want);
	}
	/*
	 * The same by hand.  At the initcall DMA32 had 1044480 present pages
	 * less the 1152 pages (4608K) of the kernel image at 16M, init part
	 * included: 1043328.  Normal had 524288 less what setup_arch took
	 * from memblock, top-down from 6G, all of it there:
	 *   the kernel page tables (test_kernel_page_tables)         72
	 *   NODE_DATA, sizeof(pg_data_t) below them, on 3 pages        3
	 *   the memory map, pfn 1 .. 0x180000 of 64-byte struct pages
	 *     ((0x180000 - 1) * 64 rounded up to pages)            24576
	 *   the pageblock bitmaps (a byte per pageblock): DMA's 8 and
	 *     Normal's 1024 fit below NODE_DATA in its first page;
	 *     DMA32's 2040 do not and take a page below the memory map  1
	 *   the per-CPU first chunk (setup_per_cpu_areas, after setup_arch):
	 *     2 CPUs' units of 64 pages and a page of metadata        129
	 * 524288 - 72 - 3 - 24576 - 1 - 129 = 499507.
	 * DMA:   1043328 / 256 = 4075, (1043328 + 499507) / 256 = 6026;
	 * DMA32: 499507 / 256 = 1951.
	 */
	{
		unsigned long pt[PT_MAX_LEVELS];

		assert_int_equal(kernel_pgtable_pages(m, pt), 72);
	}
	assert_int_equal(managed[ZONE_DMA32], 1043328);
	assert_int_equal(managed[ZONE_NORMAL], 499507);
	{
		char got[128];

		zoneinfo_protection(zi, 0, "DMA", got, sizeof(got));
		assert_string_equal(got, "        protection: (0, 4075, 6026, 6026, 6026)");
		zoneinfo_protection(zi, 0, "DMA32", got, sizeof(got));
		assert_string_equal(got, "        protection: (0, 0, 1951, 1951, 1951)");
		zoneinfo_protection(zi, 0, "Normal", got, sizeof(got));
		assert_string_equal(got, "        protection: (0, 0, 0, 0, 0)");
	}
	/* /proc/sys/vm/lowmem_reserve_ratio: the ratios of the 5 zones */
	{
		char *r = view_text(m, "/proc/sys/vm/lowmem_reserve_ratio");

		assert_string_equal(r, "256\t256\t32\t0\t0\n");
		free(r);
	}
	free(zi);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_x86_64_64M),
		cmocka_unit_test(test_x86_64_1G),
		cmocka_unit_test(test_x86_64_3G),
		cmocka_unit_test(test_x86_64_6G),
		cmocka_unit_test(test_x86_64_pci_hole),
		cmocka_unit_test(test_i386_64M),
		cmocka_unit_test(test_i386_1G),
		cmocka_unit_test(test_i386_3G),
		cmocka_unit_test(test_i386_6G_trimmed_to_4G),
		cmocka_unit_test(test_boot_log_x86_64_1G),
		cmocka_unit_test(test_boot_log_i386_2G),
		cmocka_unit_test(test_i386_maxmem_cpus),
		cmocka_unit_test(test_kernel_page_tables),
		cmocka_unit_test(test_two_nodes),
		cmocka_unit_test(test_lowmem_reserve_6G),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
