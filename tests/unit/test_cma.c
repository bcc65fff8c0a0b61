// SPDX-License-Identifier: MIT
/*
 * test_cma.c - unit tests for the Contiguous Memory Allocator
 * (src/mm/cma.c, src/mm/page_isolation.c, alloc_contig_range in
 * src/mm/page_alloc.c, src/kernel/dma/contiguous.c; Linux 6.6 mm/cma.c,
 * mm/page_isolation.c, kernel/dma/contiguous.c).
 *
 * Where the numbers come from:
 *  - The default x86_64 machine (ram=1G) has RAM up to 0x40000000.  x86
 *    calls dma_contiguous_reserve(max_pfn_mapped << PAGE_SHIFT) after
 *    initmem_init, so the area is allocated top-down below the end of RAM,
 *    under NODE_DATA(0) (0x3ffb5600, see test_boot.c) and aligned to a
 *    pageblock (CMA_MIN_ALIGNMENT_BYTES, 2 MiB): 0x3fe00000 - 64M =
 *    0x3be00000.  With 5G of RAM (memblock_end >= 4G + size) it goes
 *    bottom-up from 4G instead: 0x100000000, in ZONE_NORMAL.
 *  - mem_init runs before the core_initcall that activates the area, so
 *    the "Memory:" line counts the area as cma-reserved, not as reserved
 *    and not as available: against the same machine without cma=, the
 *    available figure is 65536K lower and the reserved one is the same.
 *    Afterwards the area's pages are managed, so MemTotal and the
 *    watermarks equal the machine without cma=.
 *  - 0x3be00000 is 2M- but not 4M-aligned: the area's 32 pageblocks free
 *    as 2 order-9 blocks (the ends) and 15 order-10 blocks (pagetypeinfo).
 *  - Without page migration (a later issue), a movable page in use inside
 *    the requested run makes alloc_contig_range fail with -EBUSY; this is
 *    what Linux does too for pages that are not on the LRU (a kernel's
 *    alloc_pages(GFP_HIGHUSER_MOVABLE) page is not).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "bitmap.h"
#include "cma.h"
#include "page_isolation.h"

#define CMA64 "ram=1G cma=64M"
#define CMA_BASE_1G 0x3be00000ULL

static int count_substr(const char *s, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static void assert_sound(struct machine *m)
{
	int errors = check_machine(m);

	if (errors)
		fail_msg("check_machine: %d violations\n%s", errors, m->log.buf);
}

static struct cma *default_area(struct machine *m)
{
	struct cma *cma = dev_get_cma_area(m);

	assert_non_null(cma);
	return cma;
}

static bool pfn_in_area(const struct cma *cma, unsigned long pfn)
{
	return pfn >= cma->base_pfn && pfn < cma->base_pfn + cma->count;
}

/* The "Memory: …" numbers: available, reserved, cma-reserved (K). */
static void memory_line(struct machine *m, unsigned long *avail,
			unsigned long *reserved, unsigned long *cma)
{
	const char *p = strstr(m->log.buf, "Memory: ");
	unsigned long total, code, rw, ro, init, bss;

	assert_non_null(p);
	assert_int_equal(sscanf(p, "Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK init, %luK bss, %luK reserved, %luK cma-reserved",
				avail, &total, &code, &rw, &ro, &init, &bss, reserved, cma), 9);
}

static char *sysfs(struct machine *m, const char *file)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/kernel/mm/cma/reserved/%s", file);
	return view_text(m, path);
}

static void assert_sysfs(struct machine *m, const char *file, const char *want)
{
	char *t = sysfs(m, file);

	assert_string_equal(t, want);
	free(t);
}

/* Count the area's pageblocks of type @mt. */
static unsigned long area_blocks_of(struct machine *m, const struct cma *cma, int mt)
{
	unsigned long n = 0;

	for (unsigned long pfn = cma->base_pfn; pfn < cma->base_pfn + cma->count;
	     pfn += m->pageblock_nr_pages)
		n += get_pageblock_migratetype(m, pfn_to_page(m, pfn)) == mt;
	return n;
}

/* Every page of the area is free in the buddy lists (heads PageBuddy, CMA list). */
static void assert_area_free_in_buddy(struct machine *m, const struct cma *cma)
{
	unsigned long pfn = cma->base_pfn;

	while (pfn < cma->base_pfn + cma->count) {
		struct page *page = pfn_to_page(m, pfn);

		assert_true(PageBuddy(page));
		assert_int_equal(page->index, MIGRATE_CMA);
		pfn += 1UL << buddy_order(page);
	}
	assert_int_equal(pfn, cma->base_pfn + cma->count);
}

/* ---- reservation at boot --------------------------------------------------------------------- */

static void test_reservation(void **state)
{
	struct machine *m = boot_spec(CMA64);
	struct machine *plain = boot_spec("ram=1G");
	struct zone *dma32 = zone_of(m, 0, ZONE_DMA32);
	unsigned long a1, r1, c1, a0, r0, c0;
	struct cma *cma = default_area(m);
	char *pti;

	(void)state;
	assert_true(dmesg_has(m, "cma: Reserved 64 MiB at 0x000000003be00000 on node -1\n"));
	assert_string_equal(cma_get_name(cma), "reserved");
	assert_int_equal(cma_get_base(cma), CMA_BASE_1G);
	assert_int_equal(cma_get_size(cma), 64UL << 20);
	assert_int_equal(cma_get_base(cma) % (2UL << 20), 0);	/* CMA_MIN_ALIGNMENT_BYTES */
	assert_int_equal(cma->count, 16384);
	assert_int_equal(cma->order_per_bit, 0);
	assert_int_equal(m->totalcma_pages, 16384);

	/* Memory: the area is cma-reserved, neither available nor reserved. */
	memory_line(m, &a1, &r1, &c1);
	memory_line(plain, &a0, &r0, &c0);
	assert_int_equal(c1, 65536);
	assert_int_equal(c0, 0);
	assert_int_equal(a1, a0 - 65536);
	assert_int_equal(r1, r0);
	/* Then the pages are managed: MemTotal and watermarks as without cma=. */
	assert_int_equal(meminfo_kb(m, "MemTotal:"), meminfo_kb(plain, "MemTotal:"));
	assert_int_equal(m->min_free_kbytes, plain->min_free_kbytes);
	assert_int_equal(min_wmark_pages(dma32), min_wmark_pages(zone_of(plain, 0, ZONE_DMA32)));
	assert_int_equal(meminfo_kb(m, "CmaTotal:"), 65536);
	assert_int_equal(meminfo_kb(m, "CmaFree:"), 65536);
	assert_int_equal(meminfo_kb(plain, "CmaTotal:"), 0);

	/* Its pageblocks are MIGRATE_CMA, its pages free in the buddy as CMA. */
	assert_int_equal(area_blocks_of(m, cma, MIGRATE_CMA), 32);
	assert_int_equal(dma32->cma_pages, 16384);
	assert_int_equal(zone_page_state(dma32, NR_FREE_CMA_PAGES), 16384);
	assert_area_free_in_buddy(m, cma);
	pti = view_text(m, "/proc/pagetypeinfo");
	assert_non_null(strstr(pti, "Node    0, zone    DMA32, type          CMA      0      0      0      0      0      0      0      0      0      2     15 \n"));
	assert_non_null(strstr(pti, "Node 0, zone    DMA32            2          470            0            0           32            0 \n"));
	free(pti);
	/* The bitmap: one bit per page, all clear, kmalloc'd (2048 bytes). */
	assert_int_equal(bitmap_weight(cma->bitmap, cma_bitmap_maxno(cma)), 0);
	assert_sysfs(m, "alloc_pages_success", "0\n");
	assert_sysfs(m, "alloc_pages_fail", "0\n");
	assert_sound(m);
	mms_machine_free(m);
	mms_machine_free(plain);
}

static void test_no_cma_unchanged(void **state)
{
	struct machine *m = boot_spec("ram=1G");
	char *t;

	(void)state;
	assert_null(m->cma);
	assert_null(dev_get_cma_area(m));
	assert_false(dmesg_has(m, "cma:"));
	assert_true(dmesg_has(m, "K reserved, 0K cma-reserved)"));
	assert_int_equal(m->totalcma_pages, 0);
	t = sysfs(m, "alloc_pages_success");
	assert_string_equal(t, "");	/* no such directory on Linux */
	free(t);
	/* DMA allocations from the default area fail, counted as Linux counts them. */
	assert_null(dma_alloc_from_contiguous(m, 1, 0, false));
	assert_int_equal(m->vm_events[CMA_ALLOC_FAIL], 1);
	assert_false(dma_release_from_contiguous(m, pfn_to_page(m, 0x1000), 1));
	assert_sound(m);
	mms_machine_free(m);
}

static void test_placement(void **state)
{
	struct machine *m;
	struct cma *cma;
	char err[256];

	(void)state;
	/* Enough memory above 4G: bottom-up from 4G, in ZONE_NORMAL. */
	m = boot_spec("ram=5G cma=256M");
	cma = default_area(m);
	assert_true(dmesg_has(m, "cma: Reserved 256 MiB at 0x0000000100000000 on node -1\n"));
	assert_int_equal(page_zonenum(pfn_to_page(m, cma->base_pfn)), ZONE_NORMAL);
	assert_int_equal(zone_of(m, 0, ZONE_NORMAL)->cma_pages, 65536);
	assert_sound(m);
	mms_machine_free(m);

	/* SIZE@BASE: exactly there. */
	m = boot_spec("ram=1G cma=32M@0x20000000");
	cma = default_area(m);
	assert_true(dmesg_has(m, "cma: Reserved 32 MiB at 0x0000000020000000 on node -1\n"));
	assert_int_equal(cma->base_pfn, 0x20000);
	mms_machine_free(m);

	/* SIZE@BASE-LIMIT: anywhere in [BASE, LIMIT), top-down. */
	m = boot_spec("ram=1G cma=32M@0x10000000-0x20000000");
	assert_true(dmesg_has(m, "cma: Reserved 32 MiB at 0x000000001e000000 on node -1\n"));
	mms_machine_free(m);

	/* A size is rounded up to a pageblock. */
	m = boot_spec("ram=1G cma=3M");
	assert_int_equal(default_area(m)->count, 1024);
	assert_true(dmesg_has(m, "cma: Reserved 4 MiB at "));
	mms_machine_free(m);

	/* i386: below the end of lowmem, 4M pageblocks, a 32-bit %pa. */
	m = boot_spec("arch=i386 ram=2G cma=32M");
	cma = default_area(m);
	assert_true(PFN_PHYS(cma->base_pfn + cma->count) <=
		    m->layout.high_memory - m->layout.page_offset);
	assert_int_equal(cma->base_pfn % 1024, 0);
	assert_int_equal(page_zonenum(pfn_to_page(m, cma->base_pfn)), ZONE_NORMAL);
	snprintf(err, sizeof(err), "cma: Reserved 32 MiB at 0x%08llx on node -1\n",
		 (unsigned long long)cma_get_base(cma));
	assert_true(dmesg_has(m, err));
	assert_int_equal(area_blocks_of(m, cma, MIGRATE_CMA), 8);
	assert_sound(m);
	mms_machine_free(m);
}

static void test_bad_config(void **state)
{
	struct machine *m;
	char err[256];

	(void)state;
	assert_null(boot_spec_err("cma=lots", err, sizeof(err)));
	assert_non_null(strstr(err, "cma=lots: expected SIZE[@BASE[-LIMIT]]"));
	assert_null(boot_spec_err("cma=64M@0x30000000-0x20000000", err, sizeof(err)));
	assert_non_null(strstr(err, "cma=64M@0x30000000-0x20000000:"));
	assert_null(boot_spec_err("cma=65G", err, sizeof(err)));
	assert_non_null(strstr(err, "cma=65G:"));

	/* Linux boots on without the area and says why. */
	m = boot_spec("ram=1G cma=64M@0x20100000");
	assert_true(dmesg_has(m, "cma: Region at 0x0000000020100000 must be aligned to 0x0000000000200000 bytes\n"));
	assert_true(dmesg_has(m, "cma: Failed to reserve 64 MiB on node -1\n"));
	assert_null(dev_get_cma_area(m));
	assert_int_equal(meminfo_kb(m, "CmaTotal:"), 0);
	assert_sound(m);
	mms_machine_free(m);

	m = boot_spec("ram=1G cma=16M@0x1000000");	/* the kernel image is there */
	assert_true(dmesg_has(m, "cma: Failed to reserve 16 MiB on node -1\n"));
	assert_null(dev_get_cma_area(m));
	mms_machine_free(m);

	m = boot_spec("ram=1G cma=2G");
	assert_true(dmesg_has(m, "cma: Failed to reserve 2048 MiB on node -1\n"));
	assert_int_equal(m->totalcma_pages, 0);
	mms_machine_free(m);

	/* Past the end of RAM, which on x86_64 is high_memory: that check comes first. */
	m = boot_spec("ram=1G cma=64M@0x3e000000");
	assert_true(dmesg_has(m, "cma: Region at 0x000000003e000000 defined on low/high memory boundary (0x0000000040000000)\n"));
	mms_machine_free(m);
	m = boot_spec("ram=1G cma=64M@0x3e000000-0x50000000");
	assert_true(dmesg_has(m, "cma: Size (0x0000000004000000) of region at 0x000000003e000000 exceeds limit (0x0000000040000000)\n"));
	mms_machine_free(m);

	m = boot_spec("ram=1G cma=0");
	assert_null(m->cma);
	mms_machine_free(m);
}

/* ---- the page allocator and CMA pageblocks --------------------------------------------------- */

static void test_unmovable_never_cma(void **state)
{
	struct machine *m = boot_spec("ram=256M cma=64M");
	struct cma *cma = default_area(m);
	unsigned long cap = 70000, n = 0, *pfns = malloc(cap * sizeof(*pfns));
	struct page *page;

	(void)state;
	assert_non_null(pfns);
	/* GFP_KERNEL until the allocator gives up: never a CMA page. */
	while ((page = alloc_pages(m, GFP_KERNEL | __GFP_NOWARN, 0))) {
		assert_false(pfn_in_area(cma, page_to_pfn(m, page)));
		assert_true(n < cap);
		pfns[n++] = page_to_pfn(m, page);
	}
	assert_true(n > 30000);
	/* The area is still entirely free (in the buddy or on a pcp list). */
	drain_all_pages(m, NULL);
	assert_int_equal(global_zone_page_state(m, NR_FREE_CMA_PAGES), 16384);
	assert_sound(m);
	/* A movable request may use it. */
	page = alloc_pages(m, GFP_HIGHUSER_MOVABLE | __GFP_NOWARN, 0);
	assert_non_null(page);
	assert_true(pfn_in_area(cma, page_to_pfn(m, page)));
	__free_pages(m, page, 0);
	for (unsigned long i = 0; i < n; i++)
		__free_pages(m, pfn_to_page(m, pfns[i]), 0);
	drain_all_pages(m, NULL);
	assert_int_equal(global_zone_page_state(m, NR_FREE_CMA_PAGES), 16384);
	assert_sound(m);
	free(pfns);
	mms_machine_free(m);
}

/* __rmqueue: a movable request goes to CMA first when CMA holds over half the zone's free memory. */
static void test_movable_prefers_cma_when_over_half(void **state)
{
	struct machine *small = boot_spec(CMA64);	/* 16384 CMA of ~257000 free */
	struct machine *big = boot_spec("ram=256M cma=160M");	/* 40960 of ~60000 */
	struct page *a, *b;

	(void)state;
	/* The pcp lists hold the freed init memory (movable): empty them first. */
	drain_all_pages(small, NULL);
	drain_all_pages(big, NULL);
	a = alloc_pages(small, GFP_HIGHUSER_MOVABLE, 0);
	assert_false(pfn_in_area(default_area(small), page_to_pfn(small, a)));
	b = alloc_pages(big, GFP_HIGHUSER_MOVABLE, 0);
	assert_true(pfn_in_area(default_area(big), page_to_pfn(big, b)));
	/* Unmovable requests still stay out. */
	a = alloc_pages(big, GFP_KERNEL, 0);
	assert_false(pfn_in_area(default_area(big), page_to_pfn(big, a)));
	assert_sound(small);
	assert_sound(big);
	mms_machine_free(small);
	mms_machine_free(big);
}

/* ---- cma_alloc / cma_release ----------------------------------------------------------------- */

static void test_alloc_release(void **state)
{
	struct machine *m = boot_spec(CMA64);
	struct cma *cma = default_area(m);
	unsigned long base = cma->base_pfn, free_before;
	struct page *p1, *p2, *p3;
	char *before, *after;

	(void)state;
	drain_all_pages(m, NULL);
	before = buddyinfo_snapshot(m);
	free_before = global_zone_page_state(m, NR_FREE_PAGES);

	/* 100 pages aligned to 16: the first fit, at the area's start. */
	p1 = cma_alloc(m, cma, 100, 4, false);
	assert_non_null(p1);
	assert_int_equal(page_to_pfn(m, p1), base);
	assert_int_equal(page_to_pfn(m, p1) % 16, 0);
	for (unsigned long i = 0; i < 100; i++) {
		assert_int_equal(page_ref_count(p1 + i), 1);
		assert_false(PageBuddy(p1 + i));
	}
	assert_int_equal(meminfo_kb(m, "CmaFree:"), (16384 - 100) * 4);
	assert_int_equal(global_zone_page_state(m, NR_FREE_PAGES), free_before - 100);
	assert_int_equal(area_blocks_of(m, cma, MIGRATE_CMA), 32);	/* isolation undone */
	assert_int_equal(bitmap_weight(cma->bitmap, cma_bitmap_maxno(cma)), 100);
	assert_sysfs(m, "alloc_pages_success", "100\n");
	assert_int_equal(m->vm_events[CMA_ALLOC_SUCCESS], 1);
	assert_sound(m);

	/* The next 100 at the next multiple of 16 after them: 112. */
	p2 = cma_alloc(m, cma, 100, 4, false);
	assert_int_equal(page_to_pfn(m, p2), base + 112);
	/* Order-10 alignment: base is 512 past a 1024 boundary. */
	p3 = cma_alloc(m, cma, 1, 10, false);
	assert_int_equal(page_to_pfn(m, p3), base + 512);
	assert_int_equal(page_to_pfn(m, p3) % 1024, 0);
	assert_sysfs(m, "alloc_pages_success", "201\n");
	assert_int_equal(meminfo_kb(m, "CmaFree:"), (16384 - 201) * 4);
	assert_sound(m);

	/* Released, the pages merge back: buddyinfo as before. */
	assert_true(cma_release(m, cma, p2, 100));
	assert_true(cma_release(m, cma, p1, 100));
	assert_true(dma_release_from_contiguous(m, p3, 1));
	drain_all_pages(m, NULL);
	after = buddyinfo_snapshot(m);
	assert_string_equal(after, before);
	assert_int_equal(meminfo_kb(m, "CmaFree:"), 65536);
	assert_int_equal(bitmap_weight(cma->bitmap, cma_bitmap_maxno(cma)), 0);
	assert_area_free_in_buddy(m, cma);
	assert_sysfs(m, "alloc_pages_fail", "0\n");
	assert_false(dmesg_has(m, "alloc failed"));
	assert_sound(m);

	/* The whole area at once, then back. */
	p1 = dma_alloc_from_contiguous(m, 16384, 20, false);	/* align capped at 8 */
	assert_non_null(p1);
	assert_int_equal(page_to_pfn(m, p1), base);
	assert_int_equal(meminfo_kb(m, "CmaFree:"), 0);
	assert_sound(m);
	assert_true(cma_release(m, cma, p1, 16384));
	drain_all_pages(m, NULL);
	free(after);
	after = buddyinfo_snapshot(m);
	assert_string_equal(after, before);
	assert_sound(m);
	free(before);
	free(after);
	mms_machine_free(m);
}

/*
 * Fill all memory with movable pages, then keep only one inside the area's
 * first pageblock: cma_alloc must skip that pageblock (-EBUSY, retry at the
 * next aligned position) and cannot have the whole area.
 */
static void test_alloc_busy(void **state)
{
	struct machine *m = boot_spec("ram=256M cma=64M");
	struct cma *cma = default_area(m);
	unsigned long base = cma->base_pfn, busy = base + 5, cap = 70000, n = 0;
	unsigned long *pfns = malloc(cap * sizeof(*pfns));
	struct page *page, *busy_page = NULL;
	char line[128];

	(void)state;
	assert_non_null(pfns);
	while ((page = alloc_pages(m, GFP_HIGHUSER_MOVABLE | __GFP_NOWARN, 0))) {
		assert_true(n < cap);
		pfns[n++] = page_to_pfn(m, page);
	}
	assert_int_equal(global_zone_page_state(m, NR_FREE_CMA_PAGES), 0);
	for (unsigned long i = 0; i < n; i++) {
		if (pfns[i] == busy)
			busy_page = pfn_to_page(m, pfns[i]);
		else
			__free_pages(m, pfn_to_page(m, pfns[i]), 0);
	}
	assert_non_null(busy_page);
	drain_all_pages(m, NULL);
	assert_int_equal(global_zone_page_state(m, NR_FREE_CMA_PAGES), 16383);
	assert_sound(m);

	/* 512 pages aligned to 512: [base, base+512) is busy, the next block is not. */
	page = cma_alloc(m, cma, 512, 9, false);
	assert_non_null(page);
	assert_int_equal(page_to_pfn(m, page), base + 512);
	snprintf(line, sizeof(line), "alloc_contig_range: [%lx, %lx) PFNs busy\n",
		 base, base + 512);
	assert_true(dmesg_has(m, line));
	assert_false(dmesg_has(m, "alloc failed"));
	assert_int_equal(area_blocks_of(m, cma, MIGRATE_CMA), 32);
	assert_int_equal(area_blocks_of(m, cma, MIGRATE_ISOLATE), 0);
	assert_true(cma_release(m, cma, page, 512));
	assert_sound(m);

	/* The whole area: no position avoids the busy page. */
	assert_null(cma_alloc(m, cma, 16384, 0, false));
	assert_true(dmesg_has(m, "cma: cma_alloc: reserved: alloc failed, req-size: 16384 pages, ret: -16\n"));
	assert_sysfs(m, "alloc_pages_fail", "16384\n");
	assert_int_equal(m->vm_events[CMA_ALLOC_FAIL], 1);
	assert_int_equal(area_blocks_of(m, cma, MIGRATE_CMA), 32);
	drain_all_pages(m, NULL);
	assert_int_equal(global_zone_page_state(m, NR_FREE_CMA_PAGES), 16383);
	assert_int_equal(bitmap_weight(cma->bitmap, cma_bitmap_maxno(cma)), 0);
	assert_sound(m);

	/* With no_warn, no message. */
	assert_int_equal(count_substr(m->log.buf, "alloc failed"), 1);
	assert_null(cma_alloc(m, cma, 16384, 0, true));
	assert_int_equal(count_substr(m->log.buf, "alloc failed"), 1);

	/* The page gone, the whole area is free to take; then it is exhausted. */
	__free_pages(m, busy_page, 0);
	page = cma_alloc(m, cma, 16384, 0, false);
	assert_non_null(page);
	assert_null(cma_alloc(m, cma, 1, 0, false));
	assert_true(dmesg_has(m, "cma: cma_alloc: reserved: alloc failed, req-size: 1 pages, ret: -12\n"));
	assert_sysfs(m, "alloc_pages_success", "16896\n");	/* 512 + 16384 */
	assert_sysfs(m, "alloc_pages_fail", "32769\n");	/* 16384 twice + 1 */
	assert_true(cma_release(m, cma, page, 16384));
	assert_sound(m);
	free(pfns);
	mms_machine_free(m);
}

/* A compound page straddling the range's first pageblock boundary cannot be isolated around. */
static void test_alloc_compound_straddle(void **state)
{
	struct machine *m = boot_spec("ram=256M cma=160M");
	struct cma *cma = default_area(m);
	struct page *comp = NULL, *got;
	unsigned long cpfn;

	(void)state;
	/* An order-10 movable compound page from the area (CMA is over half the free memory). */
	comp = alloc_pages(m, GFP_HIGHUSER_MOVABLE | __GFP_COMP, 10);
	assert_non_null(comp);
	cpfn = page_to_pfn(m, comp);
	assert_true(pfn_in_area(cma, cpfn));
	assert_int_equal(cpfn % 1024, 0);
	/* Ask for exactly the second half of it: its pageblock cannot be isolated. */
	assert_int_equal(alloc_contig_range(m, cpfn + 512, cpfn + 1024, MIGRATE_CMA,
					    GFP_KERNEL), -EBUSY);
	assert_int_equal(get_pageblock_migratetype(m, pfn_to_page(m, cpfn + 512)), MIGRATE_CMA);
	assert_sound(m);
	__free_pages(m, comp, 10);
	/* Free again, the same range works. */
	assert_int_equal(alloc_contig_range(m, cpfn + 512, cpfn + 1024, MIGRATE_CMA,
					    GFP_KERNEL), 0);
	got = pfn_to_page(m, cpfn + 512);
	assert_int_equal(page_ref_count(got), 1);
	assert_sound(m);
	free_contig_range(m, cpfn + 512, 512);
	assert_sound(m);
	mms_machine_free(m);
}

/* ---- bad input ------------------------------------------------------------------------------- */

static void test_bad_input(void **state)
{
	struct machine *m = boot_spec(CMA64);
	struct cma *cma = default_area(m);
	unsigned long base = cma->base_pfn;
	struct page *p;

	(void)state;
	/* count 0: NULL, counted as a failure of 0 pages, no message. */
	assert_null(cma_alloc(m, cma, 0, 0, false));
	assert_int_equal(m->vm_events[CMA_ALLOC_FAIL], 1);
	assert_sysfs(m, "alloc_pages_fail", "0\n");
	/* More than the area: NULL without a message (Linux returns early). */
	assert_null(cma_alloc(m, cma, 16385, 0, false));
	assert_sysfs(m, "alloc_pages_fail", "16385\n");
	assert_false(dmesg_has(m, "alloc failed"));
	/* An alignment no run can meet, and one past the word width. */
	assert_null(cma_alloc(m, cma, 1, 20, false));
	assert_true(dmesg_has(m, "cma: cma_alloc: reserved: alloc failed, req-size: 1 pages, ret: -12\n"));
	assert_null(cma_alloc(m, cma, 1, 200, true));
	assert_null(cma_alloc(m, NULL, 1, 0, false));
	assert_int_equal(m->vm_events[CMA_ALLOC_FAIL], 5);
	assert_sound(m);

	p = cma_alloc(m, cma, 4, 0, false);
	assert_non_null(p);
	/* Pages not from the area, or no pages: false, nothing freed. */
	assert_false(cma_release(m, cma, pfn_to_page(m, base - 1), 1));
	assert_false(cma_release(m, cma, pfn_to_page(m, base + 16384), 1));
	assert_false(cma_release(m, cma, NULL, 4));
	assert_false(cma_release(m, NULL, p, 4));
	assert_false(cma_release(m, cma, m->vmemmap + m->memmap_pfns + 10, 1));
	/* Running past the area's end: the VM_BUG_ON's report, refused. */
	assert_false(cma_release(m, cma, pfn_to_page(m, base + 16380), 8));
	assert_true(dmesg_has(m, "kernel BUG at mm/cma.c: cma_release: VM_BUG_ON(pfn + count > cma->base_pfn + cma->count)"));
	assert_int_equal(page_ref_count(p), 1);
	assert_sound(m);

	/* Released twice: the second time the pages are free - reported, nothing changes. */
	assert_true(cma_release(m, cma, p, 4));
	assert_int_equal(m->nr_bad_pages, 0);
	assert_true(cma_release(m, cma, p, 4));
	assert_int_equal(m->nr_bad_pages, 4);
	assert_true(dmesg_has(m, "BUG: Bad page state in process swapper/0"));
	assert_true(dmesg_has(m, "4 pages are still in use!\n"));
	drain_all_pages(m, NULL);
	assert_int_equal(meminfo_kb(m, "CmaFree:"), 65536);
	assert_sound(m);
	mms_machine_free(m);
}

/* ---- randomized ------------------------------------------------------------------------------ */

static void test_random_cma(void **state)
{
	struct machine *m = boot_spec("ram=128M cma=32M seed=7");
	struct cma *cma = default_area(m);
	struct held { struct page *page; unsigned long count; bool cma; } held[64];
	int nheld = 0;

	(void)state;
	memset(held, 0, sizeof(held));
	for (int step = 0; step < 400; step++) {
		uint64_t r = prandom_below(&m->rnd, 4);

		if (nheld < 64 && r == 0) {
			unsigned long count = 1 + (unsigned long)prandom_below(&m->rnd, 700);
			unsigned int align = (unsigned int)prandom_below(&m->rnd, 10);
			struct page *p = cma_alloc(m, cma, count, align, true);

			if (p) {
				assert_int_equal(page_to_pfn(m, p) % (1UL << align),
						 0);
				assert_true(pfn_in_area(cma, page_to_pfn(m, p) + count - 1));
				held[nheld++] = (struct held){ p, count, true };
			}
		} else if (nheld < 64 && r == 1) {
			unsigned int order = (unsigned int)prandom_below(&m->rnd, 4);
			struct page *p = alloc_pages(m, GFP_HIGHUSER_MOVABLE | __GFP_NOWARN, order);

			if (p)
				held[nheld++] = (struct held){ p, order, false };
		} else if (nheld) {
			int i = (int)prandom_below(&m->rnd, (uint64_t)nheld);

			if (held[i].cma)
				assert_true(cma_release(m, cma, held[i].page, held[i].count));
			else
				__free_pages(m, held[i].page, (unsigned int)held[i].count);
			held[i] = held[--nheld];
		}
		if (check_machine(m))
			fail_msg("step %d: invariants broken\n%s", step, m->log.buf);
		assert_int_equal(area_blocks_of(m, cma, MIGRATE_ISOLATE), 0);
	}
	while (nheld--) {
		if (held[nheld].cma)
			assert_true(cma_release(m, cma, held[nheld].page, held[nheld].count));
		else
			__free_pages(m, held[nheld].page, (unsigned int)held[nheld].count);
	}
	drain_all_pages(m, NULL);
	assert_int_equal(meminfo_kb(m, "CmaFree:"), 32768);
	assert_int_equal(bitmap_weight(cma->bitmap, cma_bitmap_maxno(cma)), 0);
	assert_sound(m);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reservation),
		cmocka_unit_test(test_no_cma_unchanged),
		cmocka_unit_test(test_placement),
		cmocka_unit_test(test_bad_config),
		cmocka_unit_test(test_unmovable_never_cma),
		cmocka_unit_test(test_movable_prefers_cma_when_over_half),
		cmocka_unit_test(test_alloc_release),
		cmocka_unit_test(test_alloc_busy),
		cmocka_unit_test(test_alloc_compound_straddle),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_random_cma),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
