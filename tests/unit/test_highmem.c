// SPDX-License-Identifier: MIT
/*
 * test_highmem.c - unit tests for the i386 kernel's virtual layout
 * (src/arch/layout.c, Linux arch/x86/include/asm/pgtable_32_areas.h and
 * fixmap.h) and for the temporary mappings of high memory
 * (src/mm/highmem.c, Linux mm/highmem.c): kmap with its pool of
 * LAST_PKMAP = 1024 slots at PKMAP_BASE, kmap_local_page with its per-CPU
 * fixmap slots, and kmap on x86_64 (the direct map, nothing to do).
 *
 * The i386 layout, from the top (layout.c), for N CPUs:
 *   FIXADDR_TOP      = 0xfffff000
 *   __end_of_permanent_fixed_addresses = 1 hole + 1 earlycon + 1 APIC
 *                      + 64 IO-APICs (= FIX_KMAP_BEGIN, 67) + 16 * N kmap_local
 *                      + 2 text-poke slots = 69 + 16N
 *   FIXADDR_START    = FIXADDR_TOP - (69 + 16N) * 4K
 *   FIXADDR_TOT_START = FIXADDR_START - 512 * 4K (the boot-time fixmap)
 *   CPU_ENTRY_AREA_BASE = (FIXADDR_TOT_START - 4K * (39N + 1)) & PMD_MASK (4M)
 *   LDT_BASE_ADDR    = (CPU_ENTRY_AREA_BASE - 4K) & PMD_MASK
 *   PKMAP_BASE       = (LDT_BASE_ADDR - 4K) & PMD_MASK
 *   VMALLOC_END      = PKMAP_BASE - 2 * 4K
 *   MAXMEM           = VMALLOC_END - PAGE_OFFSET (0xc0000000) - 128M
 *   high_memory      = PAGE_OFFSET + min(RAM, MAXMEM)
 *   VMALLOC_START    = high_memory + 8M (VMALLOC_OFFSET)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "highmem.h"
#include "mmu.h"

#define SZ_4K 0x1000ULL

/* ------------------------------------------------------------------ layout */

struct layout_case {
	const char *spec;
	unsigned int nr_fixmap;
	uint64_t fixaddr_start, cea_base, cea_size, ldt_base, pkmap_base;
	uint64_t vmalloc_end, maxmem, high_memory, vmalloc_start;
	const char *lines[7];	/* dmesg lines that must appear */
};

static const struct layout_case layouts[] = {
	{
		/*
		 * N = 2: 69 + 32 = 101 fixmap slots, FIXADDR_START =
		 * 0xfffff000 - 0x65000 = 0xfff9a000; FIXADDR_TOT_START =
		 * 0xffd9a000; 79 pages below it is 0xffd4b000, down to 4M:
		 * CPU_ENTRY_AREA_BASE 0xffc00000 (78 pages, 0x4e000);
		 * LDT 0xff800000; PKMAP_BASE 0xff400000; VMALLOC_END
		 * 0xff3fe000; MAXMEM = 0xff3fe000 - 0xc0000000 - 0x8000000 =
		 * 0x373fe000 (883M) < 1G of RAM, so high_memory = 0xf73fe000
		 * and VMALLOC_START = 0xf7bfe000.  Highmem = 0x40000 - 0x373fe
		 * = 0x8c02 pages = 140M.
		 */
		"arch=i386 ram=1G cpus=2", 101, 0xfff9a000, 0xffc00000, 0x4e000, 0xff800000,
		0xff400000, 0xff3fe000, 0x373fe000, 0xf73fe000, 0xf7bfe000,
		{ "    fixmap  : 0xfff9a000 - 0xfffff000   ( 404 kB)",
		  "  cpu_entry : 0xffc00000 - 0xffc4e000   ( 312 kB)",
		  "    pkmap   : 0xff400000 - 0xff800000   (4096 kB)",
		  "    vmalloc : 0xf7bfe000 - 0xff3fe000   ( 120 MB)",
		  "    lowmem  : 0xc0000000 - 0xf73fe000   ( 883 MB)",
		  "140MB HIGHMEM available.", "883MB LOWMEM available." },
	},
	{
		/* the same layout; highmem 0x80000 - 0x373fe = 0x48c02 pages = 1164M */
		"arch=i386 ram=2G cpus=2", 101, 0xfff9a000, 0xffc00000, 0x4e000, 0xff800000,
		0xff400000, 0xff3fe000, 0x373fe000, 0xf73fe000, 0xf7bfe000,
		{ "    fixmap  : 0xfff9a000 - 0xfffff000   ( 404 kB)",
		  "  cpu_entry : 0xffc00000 - 0xffc4e000   ( 312 kB)",
		  "    pkmap   : 0xff400000 - 0xff800000   (4096 kB)",
		  "    vmalloc : 0xf7bfe000 - 0xff3fe000   ( 120 MB)",
		  "    lowmem  : 0xc0000000 - 0xf73fe000   ( 883 MB)",
		  "1164MB HIGHMEM available.", "883MB LOWMEM available." },
	},
	{
		/* 4G, the most non-PAE i386 addresses: highmem 0xc8c02 pages = 3212M */
		"arch=i386 ram=4G cpus=2", 101, 0xfff9a000, 0xffc00000, 0x4e000, 0xff800000,
		0xff400000, 0xff3fe000, 0x373fe000, 0xf73fe000, 0xf7bfe000,
		{ "    fixmap  : 0xfff9a000 - 0xfffff000   ( 404 kB)",
		  "  cpu_entry : 0xffc00000 - 0xffc4e000   ( 312 kB)",
		  "    pkmap   : 0xff400000 - 0xff800000   (4096 kB)",
		  "    vmalloc : 0xf7bfe000 - 0xff3fe000   ( 120 MB)",
		  "    lowmem  : 0xc0000000 - 0xf73fe000   ( 883 MB)",
		  "3212MB HIGHMEM available.", "883MB LOWMEM available." },
	},
	{
		/*
		 * 512M is below MAXMEM: all lowmem, high_memory = 0xe0000000,
		 * VMALLOC_START = 0xe0800000, vmalloc 0x1ebfe000 = 491M.
		 */
		"arch=i386 ram=512M cpus=2", 101, 0xfff9a000, 0xffc00000, 0x4e000, 0xff800000,
		0xff400000, 0xff3fe000, 0x373fe000, 0xe0000000, 0xe0800000,
		{ "    vmalloc : 0xe0800000 - 0xff3fe000   ( 491 MB)",
		  "    lowmem  : 0xc0000000 - 0xe0000000   ( 512 MB)",
		  "0MB HIGHMEM available.", "512MB LOWMEM available." },
	},
	{
		/*
		 * N = 8: 69 + 128 = 197 slots, FIXADDR_START = 0xfff3a000;
		 * TOT_START 0xffd3a000; 313 pages below: 0xffc01000, down to
		 * 4M: still 0xffc00000 (312 pages, 0x138000), so PKMAP_BASE
		 * and everything below it stay where they were for N = 2.
		 */
		"arch=i386 ram=2G cpus=8", 197, 0xfff3a000, 0xffc00000, 0x138000, 0xff800000,
		0xff400000, 0xff3fe000, 0x373fe000, 0xf73fe000, 0xf7bfe000,
		{ "    fixmap  : 0xfff3a000 - 0xfffff000   ( 788 kB)",
		  "  cpu_entry : 0xffc00000 - 0xffd38000   (1248 kB)",
		  "    pkmap   : 0xff400000 - 0xff800000   (4096 kB)",
		  "    vmalloc : 0xf7bfe000 - 0xff3fe000   ( 120 MB)" },
	},
	{
		/*
		 * N = 16: 69 + 256 = 325 slots, FIXADDR_START = 0xffeba000;
		 * TOT_START 0xffcba000; 625 pages below: 0xffa49000 -> 4M:
		 * CPU_ENTRY_AREA_BASE 0xff800000 (624 pages, 0x270000); LDT
		 * 0xff400000; PKMAP_BASE 0xff000000; VMALLOC_END 0xfeffe000;
		 * MAXMEM 0x36ffe000 (879M); high_memory 0xf6ffe000;
		 * VMALLOC_START 0xf77fe000: every area moved down by 4M.
		 */
		"arch=i386 ram=2G cpus=16", 325, 0xffeba000, 0xff800000, 0x270000, 0xff400000,
		0xff000000, 0xfeffe000, 0x36ffe000, 0xf6ffe000, 0xf77fe000,
		{ "    fixmap  : 0xffeba000 - 0xfffff000   (1300 kB)",
		  "  cpu_entry : 0xff800000 - 0xffa70000   (2496 kB)",
		  "    pkmap   : 0xff000000 - 0xff400000   (4096 kB)",
		  "    vmalloc : 0xf77fe000 - 0xfeffe000   ( 120 MB)",
		  "    lowmem  : 0xc0000000 - 0xf6ffe000   ( 879 MB)",
		  "879MB LOWMEM available." },
	},
};

/* pgtable_32_areas.h: FIXADDR_TOP, the fixmap, cpu_entry_area, LDT, PKMAP_BASE, VMALLOC_END = PKMAP_BASE - 8K, MAXMEM = VMALLOC_END - PAGE_OFFSET - 128M, VMALLOC_START = high_memory + 8M, and mem_init's "virtual kernel memory layout" report. */
static void test_i386_layout(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		const struct layout_case *c = &layouts[i];
		struct machine *m = boot_spec(c->spec);
		const struct kernel_layout *l = &m->layout;

		print_message("%s\n", c->spec);
		assert_int_equal(l->page_offset, 0xc0000000);
		assert_int_equal(l->fixaddr_top, 0xfffff000);
		assert_int_equal(l->fix_kmap_begin, 67);
		assert_int_equal(l->nr_fixmap, c->nr_fixmap);
		assert_int_equal(l->nr_fixmap, 69 + 16 * m->nr_cpu_ids);
		assert_int_equal(l->fixaddr_start, c->fixaddr_start);
		assert_int_equal(l->cpu_entry_area_base, c->cea_base);
		assert_int_equal(l->cpu_entry_area_size, c->cea_size);
		assert_int_equal(l->ldt_base, c->ldt_base);
		assert_int_equal(l->pkmap_base, c->pkmap_base);
		assert_int_equal(l->last_pkmap, 1024);
		assert_int_equal(l->vmalloc_end, c->vmalloc_end);
		assert_int_equal(l->vmalloc_end, l->pkmap_base - 2 * SZ_4K);
		assert_int_equal(l->maxmem_pfn, c->maxmem >> 12);
		assert_int_equal(c->maxmem, l->vmalloc_end - 0xc0000000 - (128 << 20));
		assert_int_equal(l->high_memory, c->high_memory);
		assert_int_equal(l->vmalloc_start, c->vmalloc_start);
		assert_int_equal(l->vmalloc_start, l->high_memory + (8 << 20));
		/* the areas do not overlap, top down */
		assert_true(l->fixaddr_start >= l->cpu_entry_area_base + l->cpu_entry_area_size);
		assert_true(l->pkmap_base + 1024 * SZ_4K <= l->ldt_base);
		assert_true(l->vmalloc_start < l->vmalloc_end);
		/* fix_to_virt counts down from FIXADDR_TOP */
		assert_int_equal(fix_to_virt(m, 0), 0xfffff000);
		assert_int_equal(fix_to_virt(m, l->nr_fixmap), l->fixaddr_start);
		/* the report */
		assert_true(dmesg_has(m, "virtual kernel memory layout:"));
		for (int j = 0; j < 7 && c->lines[j]; j++)
			if (!dmesg_has(m, c->lines[j]))
				fail_msg("%s: no '%s' in dmesg", c->spec, c->lines[j]);
		/* the kernel image: text at 16M (CONFIG_PHYSICAL_START), 2M text, 1.5M data, .init */
		assert_true(dmesg_has(m, "      .text : 0xc1000000 - 0xc1200000   (2048 kB)"));
		assert_true(dmesg_has(m, "      .data : 0xc1200000 - 0xc1380000   (1536 kB)"));
		assert_true(dmesg_has(m, "      .init : 0xc1380000 - 0xc1400000   ( 512 kB)"));
		mms_machine_free(m);
	}
}

/* x86_64 (mm.rst) has fixed areas and no pkmap, no report; lowmem is all of RAM. */
static void test_x86_64_layout(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	const struct kernel_layout *l = &m->layout;

	(void)state;
	assert_int_equal(l->page_offset, 0xffff888000000000ULL);
	assert_int_equal(l->vmalloc_start, 0xffffc90000000000ULL);
	assert_int_equal(l->vmemmap_start, 0xffffea0000000000ULL);
	assert_int_equal(l->kernel_text_map, 0xffffffff80000000ULL);
	assert_int_equal(l->fixaddr_top, 0xffffffffff7ff000ULL);
	assert_int_equal(l->nr_fixmap, 69);	/* no kmap_local slots */
	assert_int_equal(l->high_memory, l->page_offset + (1ULL << 30));
	assert_false(dmesg_has(m, "virtual kernel memory layout:"));
	assert_null(m->pkmap);
	mms_machine_free(m);
}

/* ------------------------------------------------------------------- kmap */

static struct page *highpage(struct machine *m)
{
	struct page *p = alloc_pages(m, GFP_HIGHUSER, 0);

	assert_non_null(p);
	assert_int_equal(page_zonenum(p), ZONE_HIGHMEM);
	return p;
}

static unsigned int pkmap_slot(struct machine *m, uint64_t vaddr)
{
	return (unsigned int)((vaddr - m->layout.pkmap_base) >> 12);
}

/* kmap of a highmem page takes a pkmap slot in [PKMAP_BASE, PKMAP_BASE + 4M) (slot 1 first: the search starts after last_pkmap_nr 0), a second kmap shares it (pkmap_count 3), kunmap drops the count; kmap of a lowmem page is its direct-map address. */
static void test_kmap_basics(void **state)
{
	struct machine *m = boot_spec("arch=i386 ram=2G cpus=2");
	struct pkmap_state *pk = m->pkmap;
	struct page *hp = highpage(m), *lp;
	uint64_t k, k2, lk, pb = m->layout.pkmap_base;
	char buf[16] = "";
	int lvl;
	pte_t e;

	(void)state;
	assert_non_null(pk);
	assert_int_equal(page_address(m, hp), 0);	/* no kernel address yet */
	k = kmap(m, hp);
	assert_int_equal(k, pb + SZ_4K);
	assert_true(k >= pb && k < pb + 1024 * SZ_4K);
	assert_int_equal(pk->count[1], 2);		/* 1 (mapped) + 1 user */
	assert_ptr_equal(pk->page[1], hp);
	assert_int_equal(page_address(m, hp), k);
	e = pt_lookup(m, &m->init_mm, k, &lvl, NULL);
	assert_int_equal(lvl, 1);
	assert_int_equal(pte_pfn_fmt(m->arch->mmu, e), page_to_pfn(m, hp));
	assert_true(pte_global(e));
	k2 = kmap(m, hp);
	assert_int_equal(k2, k);
	assert_int_equal(pk->count[1], 3);

	assert_int_equal(mmu_write(m, k + 100, "highmem!", 9, MODE_KERNEL), 0);
	assert_memory_equal((char *)page_address_host(m, hp) + 100, "highmem!", 9);
	kunmap(m, hp);
	assert_int_equal(pk->count[1], 2);
	kunmap(m, hp);
	/* unused but still mapped until the next flush_all_zero_pkmaps */
	assert_int_equal(pk->count[1], 1);
	assert_int_equal(page_address(m, hp), k);
	assert_int_equal(mmu_read(m, k + 100, buf, 9, MODE_KERNEL), 0);
	assert_string_equal(buf, "highmem!");
	/* kmap again: the same slot, no new mapping */
	assert_int_equal(kmap(m, hp), k);
	assert_int_equal(pk->count[1], 2);
	kunmap(m, hp);

	/* lowmem: page_address, the pool untouched */
	lp = alloc_pages(m, GFP_KERNEL, 0);
	assert_non_null(lp);
	assert_int_not_equal(page_zonenum(lp), ZONE_HIGHMEM);
	lk = kmap(m, lp);
	assert_int_equal(lk, 0xc0000000ULL + PFN_PHYS(page_to_pfn(m, lp)));
	assert_int_equal(lk, page_address(m, lp));
	assert_int_equal(pk->count[2], 0);
	assert_int_equal(pk->last_pkmap_nr, 1);
	kunmap(m, lp);
	assert_false(dmesg_has(m, "kernel BUG"));

	/* another page takes the next slot; the first page's data is still there */
	{
		struct page *hp2 = highpage(m);
		uint64_t k3 = kmap(m, hp2);

		assert_int_equal(k3, pb + 2 * SZ_4K);
		assert_int_equal(mmu_write(m, k3, "second", 7, MODE_KERNEL), 0);
		assert_int_equal(mmu_read(m, k + 100, buf, 9, MODE_KERNEL), 0);
		assert_string_equal(buf, "highmem!");
		kunmap(m, hp2);
		__free_pages(m, hp2, 0);
	}
	__free_pages(m, lp, 0);
	__free_pages(m, hp, 0);
	mms_machine_free(m);
}

#define NPAGES 1030

/* The pool: 1024 kmaps of distinct pages succeed (slots 1..1023, then the search wraps to slot 0, where flush_all_zero_pkmaps finds nothing to free); the 1025th would sleep (0, "would sleep"); after kunmaps the next kmap wraps, flushes the unused slots once (pkmap->flushes) and reuses them, and no CPU sees the old page through its TLB. */
static void test_kmap_pool_exhaustion(void **state)
{
	struct machine *m = boot_spec("arch=i386 ram=2G cpus=2");
	struct pkmap_state *pk = m->pkmap;
	const uint64_t pb = m->layout.pkmap_base;
	struct page **pages = calloc(NPAGES, sizeof(*pages));
	uint64_t *addr = calloc(NPAGES, sizeof(*addr));
	int ok = 0;
	uint32_t v;

	(void)state;
	assert_non_null(pages);
	assert_non_null(addr);
	for (int i = 0; i < NPAGES; i++)
		pages[i] = highpage(m);
	m->tlb_verify = true;

	for (int i = 0; i < 1024; i++) {
		addr[i] = kmap(m, pages[i]);
		if (addr[i])
			ok++;
	}
	assert_int_equal(ok, 1024);
	for (int i = 0; i < 1023; i++)
		assert_int_equal(addr[i], pb + (uint64_t)(i + 1) * SZ_4K);
	assert_int_equal(addr[1023], pb);		/* slot 0, after the wrap */
	assert_int_equal(pk->flushes, 0);		/* nothing was unused */
	assert_int_equal(pk->waits, 0);
	/* data written through each kmap lands in its page; CPU 1 reads them too */
	for (uint32_t i = 0; i < 1024; i++) {
		uint32_t r = 0;

		assert_int_equal(mmu_write(m, addr[i], &i, 4, MODE_KERNEL), 0);
		m->cpu = 1;
		assert_int_equal(mmu_read(m, addr[i], &r, 4, MODE_KERNEL), 0);
		m->cpu = 0;
		assert_int_equal(r, i);
		assert_memory_equal(page_address_host(m, pages[i]), &i, 4);
	}
	for (uint32_t i = 1024; i < NPAGES; i++)	/* the rest, written directly */
		memcpy(page_address_host(m, pages[i]), &i, 4);

	/* the 1025th page: every slot is in use */
	assert_int_equal(kmap(m, pages[1024]), 0);
	assert_int_equal(pk->waits, 1);
	assert_true(dmesg_has(m, "kmap: all 1024 pkmap entries in use: swapper/0 would sleep until a kunmap()"));

	/* two users let go: the slots are unused, not yet free */
	kunmap(m, pages[4]);			/* slot 5 */
	kunmap(m, pages[9]);			/* slot 10 */
	assert_int_equal(pk->count[5], 1);
	assert_int_equal(pk->count[10], 1);
	addr[1024] = kmap(m, pages[1024]);
	assert_int_equal(addr[1024], pb + 5 * SZ_4K);
	assert_int_equal(pkmap_slot(m, addr[1024]), 5);
	assert_ptr_equal(pk->page[5], pages[1024]);
	assert_int_equal(pk->count[5], 2);
	assert_int_equal(pk->flushes, 1);	/* one flush freed both */
	assert_int_equal(pk->count[10], 0);
	assert_int_equal(page_address(m, pages[4]), 0);
	assert_int_equal(page_address(m, pages[9]), 0);
	/* both CPUs read the new page at the old address: the flush reached them */
	for (int cpu = 0; cpu < 2; cpu++) {
		m->cpu = cpu;
		assert_int_equal(mmu_read(m, addr[1024], &v, 4, MODE_KERNEL), 0);
		assert_int_equal(v, 1024);
	}
	m->cpu = 0;
	addr[1025] = kmap(m, pages[1025]);
	assert_int_equal(addr[1025], pb + 10 * SZ_4K);	/* no flush needed: it was freed */
	assert_int_equal(pk->flushes, 1);
	assert_int_equal(mmu_read(m, addr[1025], &v, 4, MODE_KERNEL), 0);
	assert_int_equal(v, 1025);

	/* page 4 again, later, in another slot: what was written through slot 5 is there */
	kunmap(m, pages[20]);			/* slot 21 */
	addr[4] = kmap(m, pages[4]);
	assert_int_equal(addr[4], pb + 21 * SZ_4K);
	assert_int_equal(pk->flushes, 2);
	m->cpu = 1;
	assert_int_equal(mmu_read(m, addr[4], &v, 4, MODE_KERNEL), 0);
	m->cpu = 0;
	assert_int_equal(v, 4);
	addr[20] = 0;
	addr[9] = 0;
	assert_int_equal(m->tlb_stale_hits, 0);

	/* kunmap of a page that is not kmapped is a kernel BUG */
	kunmap(m, pages[1029]);
	assert_true(dmesg_has(m, "kernel BUG at mm/highmem.c"));
	assert_true(dmesg_has(m, "invalid opcode: 0000 [#1] PREEMPT SMP"));

	for (int i = 0; i < NPAGES; i++) {
		if (addr[i])
			kunmap(m, pages[i]);
		__free_pages(m, pages[i], 0);
	}
	m->tlb_verify = false;
	assert_int_equal(check_machine(m), 0);
	free(pages);
	free(addr);
	mms_machine_free(m);
}

/* kunmap more often than kmap: the count would reach 0, Linux's BUG() in kunmap_high. */
static void test_kunmap_unbalanced(void **state)
{
	struct machine *m = boot_spec("arch=i386 ram=1G cpus=2");
	struct page *hp = highpage(m);
	size_t len;

	(void)state;
	kunmap(m, hp);
	assert_true(dmesg_has(m, "kernel BUG at mm/highmem.c"));
	assert_true(dmesg_has(m, "kunmap of a page that is not kmapped"));
	assert_int_not_equal(kmap(m, hp), 0);
	kunmap(m, hp);
	len = m->log.len;
	kunmap(m, hp);		/* count 1: mapped, nobody holds it */
	assert_true(m->log.len > len);
	assert_non_null(strstr(m->log.buf + len, "kernel BUG at mm/highmem.c"));
	assert_int_equal(m->pkmap->count[1], 1);
	__free_pages(m, hp, 0);
	mms_machine_free(m);
}

/* -------------------------------------------------------------- kmap_local */

/* kmap_local_page uses this CPU's fixmap slots fix_to_virt(FIX_KMAP_BEGIN + KM_MAX_IDX * cpu + idx) as a stack; unmapping out of order is a WARNING; more than KM_MAX_IDX (16) nested mappings is a BUG. */
static void test_kmap_local(void **state)
{
	struct machine *m = boot_spec("arch=i386 ram=2G cpus=2");
	const unsigned int B = m->layout.fix_kmap_begin;
	struct page *h[3], *lp, *many[KM_MAX_IDX + 1];
	uint64_t a[3], b0, la, mv[KM_MAX_IDX + 1];
	char buf[16] = "";
	size_t len;

	(void)state;
	for (int i = 0; i < 3; i++)
		h[i] = highpage(m);
	assert_int_equal(B, 67);
	/* CPU 0: slots 67, 68, 69, addresses going down */
	for (int i = 0; i < 3; i++) {
		a[i] = kmap_local_page(m, h[i]);
		assert_int_equal(a[i], fix_to_virt(m, B + (unsigned int)i));
	}
	assert_int_equal(a[0], 0xfffff000ULL - 67 * SZ_4K);	/* 0xfffbc000 */
	assert_int_equal(a[0], 0xfffbc000ULL);
	assert_int_equal(a[1], 0xfffbb000ULL);
	assert_int_equal(a[2], 0xfffba000ULL);
	assert_int_equal(m->cpus[0].kmap_ctrl_idx, 3);
	assert_int_equal(page_address(m, h[0]), 0);		/* not a kmap: no page_address */
	/* CPU 1: its own block of KM_MAX_IDX slots */
	m->cpu = 1;
	b0 = kmap_local_page(m, h[0]);
	m->cpu = 0;
	assert_int_equal(b0, fix_to_virt(m, B + KM_MAX_IDX * 1 + 0));
	assert_int_equal(b0, 0xfffac000ULL);
	assert_int_equal(m->cpus[1].kmap_ctrl_idx, 1);
	/* the same page through two CPUs' slots */
	assert_int_equal(mmu_write(m, a[0] + 8, "local", 6, MODE_KERNEL), 0);
	m->cpu = 1;
	assert_int_equal(mmu_read(m, b0 + 8, buf, 6, MODE_KERNEL), 0);
	m->cpu = 0;
	assert_string_equal(buf, "local");
	assert_memory_equal((char *)page_address_host(m, h[0]) + 8, "local", 6);

	/* out of order: a[1] is not the top of the stack */
	len = m->log.len;
	kunmap_local(m, a[1]);
	assert_non_null(strstr(m->log.buf + len, "WARNING: CPU: 0 PID: 0 at mm/highmem.c"));
	assert_non_null(strstr(m->log.buf + len, "kunmap_local_indexed"));
	assert_int_equal(m->cpus[0].kmap_ctrl_idx, 3);
	/* in order */
	kunmap_local(m, a[2] + 0x123);		/* any address in the page */
	assert_int_equal(m->cpus[0].kmap_ctrl_idx, 2);
	assert_int_equal(mmu_read(m, a[2], buf, 1, MODE_KERNEL), -EFAULT);
	kunmap_local(m, a[1]);
	kunmap_local(m, a[0]);
	assert_int_equal(m->cpus[0].kmap_ctrl_idx, 0);
	assert_int_equal(mmu_read(m, a[0] + 8, buf, 1, MODE_KERNEL), -EFAULT);
	/* CPU 1's mapping is separate and still there */
	m->cpu = 1;
	assert_int_equal(mmu_read(m, b0 + 8, buf, 6, MODE_KERNEL), 0);
	kunmap_local(m, b0);
	assert_int_equal(m->cpus[1].kmap_ctrl_idx, 0);
	m->cpu = 0;
	/* the next one reuses slot 67 */
	a[0] = kmap_local_page(m, h[2]);
	assert_int_equal(a[0], fix_to_virt(m, B));
	kunmap_atomic(m, a[0]);
	assert_int_equal(kmap_atomic(m, h[1]), fix_to_virt(m, B));	/* kmap_atomic is kmap_local */
	kunmap_atomic(m, fix_to_virt(m, B));

	/* a lowmem page needs no slot */
	lp = alloc_pages(m, GFP_KERNEL, 0);
	la = kmap_local_page(m, lp);
	assert_int_equal(la, page_address(m, lp));
	assert_int_equal(m->cpus[0].kmap_ctrl_idx, 0);
	kunmap_local(m, la);
	assert_int_equal(m->cpus[0].kmap_ctrl_idx, 0);

	/* KM_MAX_IDX nested mappings fit, one more is a BUG */
	len = m->log.len;
	for (int i = 0; i < KM_MAX_IDX; i++) {
		many[i] = h[i % 3];
		mv[i] = kmap_local_page(m, many[i]);
		assert_int_equal(mv[i], fix_to_virt(m, B + (unsigned int)i));
	}
	assert_int_equal(m->log.len, len);
	assert_int_equal(kmap_local_page(m, h[0]), 0);
	assert_non_null(strstr(m->log.buf + len, "kernel BUG at mm/highmem.c"));
	assert_int_equal(m->cpus[0].kmap_ctrl_idx, KM_MAX_IDX);
	len = m->log.len;
	for (int i = KM_MAX_IDX - 1; i >= 0; i--)
		kunmap_local(m, mv[i]);
	assert_int_equal(m->log.len, len);		/* in order: no warnings */
	assert_int_equal(m->cpus[0].kmap_ctrl_idx, 0);

	__free_pages(m, lp, 0);
	for (int i = 0; i < 3; i++)
		__free_pages(m, h[i], 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* ------------------------------------------------------------------ fixmap */

static void fixmap_on(const char *spec)
{
	struct machine *m = boot_spec(spec);
	struct page *a = alloc_pages(m, GFP_KERNEL, 0), *b = alloc_pages(m, GFP_KERNEL, 0);
	const unsigned int idx = 1;	/* FIX_EARLYCON_MEM_BASE */
	uint64_t va = fix_to_virt(m, idx);
	uint32_t v;

	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(va, m->layout.fixaddr_top - SZ_4K);
	memcpy(page_address_host(m, a), "AAAA", 4);
	memcpy(page_address_host(m, b), "BBBB", 4);
	m->tlb_verify = true;
	set_fixmap(m, idx, PFN_PHYS(page_to_pfn(m, a)));
	assert_int_equal(mmu_read(m, va, &v, 4, MODE_KERNEL), 0);
	assert_memory_equal(&v, "AAAA", 4);
	/* remapping a live slot: set_pte_vaddr flushes this CPU's entry */
	set_fixmap(m, idx, PFN_PHYS(page_to_pfn(m, b)));
	assert_int_equal(mmu_read(m, va, &v, 4, MODE_KERNEL), 0);
	assert_memory_equal(&v, "BBBB", 4);
	assert_int_equal(m->tlb_stale_hits, 0);
	clear_fixmap(m, idx);
	assert_int_equal(mmu_read(m, va, &v, 4, MODE_KERNEL), -EFAULT);
	assert_int_equal(m->tlb_stale_hits, 0);
	m->tlb_verify = false;
	__free_pages(m, a, 0);
	__free_pages(m, b, 0);
	mms_machine_free(m);
}

/* The fixmap: fix_to_virt(idx) = FIXADDR_TOP - idx * 4K; __set_fixmap (set_pte_vaddr) flushes the slot's TLB entry on this CPU, so remapping a slot is seen at once; clear_fixmap unmaps it. */
static void test_fixmap(void **state)
{
	(void)state;
	fixmap_on("arch=i386 ram=1G cpus=2");
	fixmap_on("arch=x86_64 ram=1G cpus=2");
}

/* x86_64 has no highmem: kmap and kmap_local_page are page_address, kunmap does nothing. */
static void test_kmap_x86_64(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	struct page *p = alloc_pages(m, GFP_HIGHUSER, 0);
	size_t len;
	uint64_t k;

	(void)state;
	assert_non_null(p);
	assert_int_not_equal(page_zonenum(p), ZONE_HIGHMEM);
	k = kmap(m, p);
	assert_int_equal(k, page_address(m, p));
	assert_int_equal(k, 0xffff888000000000ULL + PFN_PHYS(page_to_pfn(m, p)));
	assert_int_equal(kmap_local_page(m, p), k);
	assert_int_equal(m->cpus[0].kmap_ctrl_idx, 0);
	assert_int_equal(mmu_write(m, k, "x86_64", 7, MODE_KERNEL), 0);
	assert_memory_equal(page_address_host(m, p), "x86_64", 7);
	len = m->log.len;
	kunmap_local(m, k);
	kunmap(m, p);
	kunmap(m, p);		/* nothing to unbalance */
	assert_int_equal(m->log.len, len);
	__free_pages(m, p, 0);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_i386_layout),
		cmocka_unit_test(test_x86_64_layout),
		cmocka_unit_test(test_kmap_basics),
		cmocka_unit_test(test_kmap_pool_exhaustion),
		cmocka_unit_test(test_kunmap_unbalanced),
		cmocka_unit_test(test_kmap_local),
		cmocka_unit_test(test_kmap_x86_64),
		cmocka_unit_test(test_fixmap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
