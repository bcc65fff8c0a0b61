// SPDX-License-Identifier: MIT
/*
 * test_watermark.c - min_free_kbytes, the zone watermarks and the per-CPU
 * list sizes that follow them, against Linux 6.6's formulas
 * (mm/page_alloc.c), written out again here:
 *
 *   calculate_min_free_kbytes:
 *     lowmem_kbytes    = nr_free_buffer_pages() * 4
 *                      = sum over zones <= ZONE_NORMAL (gfp_zone(GFP_USER))
 *                        of max(0, managed - high_wmark); high_wmark is 0
 *                        at the initcall, so: managed lowmem * 4
 *     min_free_kbytes  = clamp(int_sqrt(lowmem_kbytes * 16), 128, 262144)
 *
 *   __setup_per_zone_wmarks (for every zone, populated or not):
 *     pages_min    = min_free_kbytes / 4
 *     lowmem_pages = sum of managed over zones not HighMem, not Movable
 *     tmp          = pages_min * managed / lowmem_pages
 *     min          = tmp, or for HighMem/Movable clamp(managed / 1024, 32, 128)
 *     gap          = max(tmp / 4, managed * watermark_scale_factor / 10000)
 *                    (tmp here is the proportional share, also for HighMem)
 *     low = min + gap, high = low + gap
 *
 *   zone_pcp_update (after every watermark change):
 *     batch = max(1, rounddown_pow_of_two(b + b/2) - 1),
 *             b = max(1, min(managed >> 10, 256) / 4)     (zone_batchsize)
 *     high  = max(low_wmark / CPUs of the zone's node, batch * 4)
 *                                                        (zone_highsize)
 *
 * "managed" is what the zone had when the formula ran.  The initcall
 * (init_per_zone_wmark_min) runs before free_initmem, which afterwards
 * gives the kernel's init sections (image.init_kb, in the zone holding the
 * image) to the buddy allocator: at boot the formulas saw managed minus
 * those pages.  A sysctl written after boot sees today's managed pages.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"

/* int_sqrt: the largest r with r * r <= x (lib/math/int_sqrt.c). */
static unsigned long isqrt(unsigned long x)
{
	unsigned long lo = 0, hi = 1UL << 32;

	while (hi - lo > 1) {
		unsigned long mid = lo + (hi - lo) / 2;

		if (mid * mid <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}


/* The zone's managed pages when the formulas ran (see the top comment). */
static unsigned long managed_then(struct machine *m, struct zone *zone, bool at_boot)
{
	return zone->managed_pages - (at_boot ? init_pages_in(m, zone) : 0);
}

static bool highmem_or_movable(const struct zone *zone)
{
	return zone->type == ZONE_HIGHMEM || zone->type == ZONE_MOVABLE;
}

/* calculate_min_free_kbytes, as the initcall computed it. */
static unsigned long expected_min_free_kbytes(struct machine *m)
{
	unsigned long lowmem_pages = 0, v;
	struct zone *zone;

	for_each_zone(m, zone)
		if (zone->type <= ZONE_NORMAL)	/* gfp_zone(GFP_USER) */
			lowmem_pages += managed_then(m, zone, true);
	v = isqrt(lowmem_pages * 4 * 16);
	return v < 128 ? 128 : v > 262144 ? 262144 : v;
}

/* zone_batchsize (CONFIG_MMU), then max(1, ...) as zone_set_pageset_high_and_batch. */
static int expected_batch(unsigned long managed)
{
	unsigned long b = managed >> 10, v;

	if (b > 256)		/* SZ_1M / PAGE_SIZE */
		b = 256;
	b /= 4;
	if (b < 1)
		b = 1;
	v = b + b / 2;
	while (v & (v - 1))	/* rounddown_pow_of_two */
		v &= v - 1;
	return v - 1 < 1 ? 1 : (int)(v - 1);
}

struct wmarks {
	unsigned long min, low, high;
};

/* __setup_per_zone_wmarks for one zone. */
static struct wmarks expected_wmarks(struct machine *m, struct zone *zone,
				     unsigned long min_free_kbytes, int wsf, bool at_boot)
{
	unsigned long pages_min = min_free_kbytes >> 2, lowmem_pages = 0;
	unsigned long managed = managed_then(m, zone, at_boot), tmp, gap, scaled;
	struct wmarks w;
	struct zone *z;

	for_each_zone(m, z)
		if (!highmem_or_movable(z))
			lowmem_pages += managed_then(m, z, at_boot);
	tmp = pages_min * managed / lowmem_pages;
	if (highmem_or_movable(zone)) {
		w.min = managed / 1024;
		w.min = w.min < 32 ? 32 : w.min > 128 ? 128 : w.min;	/* SWAP_CLUSTER_MAX..128 */
	} else {
		w.min = tmp;
	}
	scaled = managed * (unsigned long)wsf / 10000;		/* mult_frac */
	gap = (tmp >> 2) > scaled ? (tmp >> 2) : scaled;
	w.low = w.min + gap;
	w.high = w.low + gap;
	return w;
}

/* The "min/low/high" lines of node @nid's zone @name in /proc/zoneinfo. */
static void assert_zoneinfo_wmarks(struct machine *m, int nid, const char *name,
				   const struct wmarks *w)
{
	char *zi = view_text(m, "/proc/zoneinfo"), head[64], want[160];
	const char *p;

	snprintf(head, sizeof(head), "Node %d, zone %8s\n", nid, name);
	p = strstr(zi, head);
	assert_non_null(p);
	snprintf(want, sizeof(want),
		 "\n        min      %lu\n        low      %lu\n        high     %lu\n",
		 w->min, w->low, w->high);
	p = strstr(p, "\n        min ");
	assert_non_null(p);
	if (strncmp(p, want, strlen(want)))
		fail_msg("zoneinfo %s: expected%s got%.*s", name, want, (int)strlen(want), p);
	free(zi);
}

/*
 * check_wmarks - every zone's watermarks, the pcp batch/high of every
 * populated zone and totalreserve_pages follow the formulas for
 * @min_free_kbytes and @wsf, with the managed pages of boot or of now.
 */
static void check_wmarks(struct machine *m, unsigned long min_free_kbytes, int wsf,
			 bool at_boot)
{
	unsigned long totalreserve = 0;
	struct zone *zone;
	char want[32], *v;

	assert_int_equal(m->min_free_kbytes, min_free_kbytes);
	assert_int_equal(m->watermark_scale_factor, wsf);
	snprintf(want, sizeof(want), "%lu\n", min_free_kbytes);
	v = view_text(m, "/proc/sys/vm/min_free_kbytes");
	assert_string_equal(v, want);
	free(v);
	snprintf(want, sizeof(want), "%d\n", wsf);
	v = view_text(m, "/proc/sys/vm/watermark_scale_factor");
	assert_string_equal(v, want);
	free(v);

	for_each_zone(m, zone) {
		struct wmarks w = expected_wmarks(m, zone, min_free_kbytes, wsf, at_boot);
		int nid = zone->zone_pgdat->node_id, cpus = 0, cpu, batch, high;
		unsigned long managed = managed_then(m, zone, at_boot);
		long max = 0;

		if (zone->_watermark[WMARK_MIN] != w.min || zone->_watermark[WMARK_LOW] != w.low ||
		    zone->_watermark[WMARK_HIGH] != w.high)
			fail_msg("node %d zone %s: min/low/high %lu/%lu/%lu, expected %lu/%lu/%lu",
				 nid, zone->name, zone->_watermark[WMARK_MIN],
				 zone->_watermark[WMARK_LOW], zone->_watermark[WMARK_HIGH],
				 w.min, w.low, w.high);
		assert_int_equal(zone->watermark_boost, 0);
		assert_zoneinfo_wmarks(m, nid, zone->name, &w);

		/* calculate_totalreserve_pages: max lowmem_reserve + high, capped at managed */
		for (int j = zone->type; j < MAX_NR_ZONES; j++)
			if (zone->lowmem_reserve[j] > max)
				max = zone->lowmem_reserve[j];
		max += (long)w.high;
		totalreserve += (unsigned long)max > zone->managed_pages ?
				zone->managed_pages : (unsigned long)max;

		if (!populated_zone(zone))
			continue;
		for (cpu = 0; cpu < m->nr_cpu_ids; cpu++)
			if (m->cpus[cpu].node == nid)
				cpus++;
		if (!cpus)
			cpus = m->nr_cpu_ids;
		batch = expected_batch(managed);
		high = (int)(w.low / (unsigned long)cpus);
		if (high < batch * 4)
			high = batch * 4;
		for (cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
			const struct per_cpu_pages *pcp = &zone->per_cpu_pageset[cpu];

			if (pcp->batch != batch || pcp->high != high)
				fail_msg("node %d zone %s cpu %d: pcp batch/high %d/%d, expected %d/%d",
					 nid, zone->name, cpu, pcp->batch, pcp->high, batch, high);
		}
	}
	/*
	 * calculate_totalreserve_pages caps with the managed pages it saw;
	 * after boot, the zone that got the init pages may differ by them
	 * only if the cap applied, which it does not for these sizes.
	 */
	assert_int_equal(m->totalreserve_pages, totalreserve);
}

/* The X of "Memory: X/YK available". */
static unsigned long memory_available_k(struct machine *m)
{
	const char *p = strstr(m->log.buf, "Memory: ");
	unsigned long x = 0;

	assert_non_null(p);
	assert_int_equal(sscanf(p, "Memory: %luK/", &x), 1);
	return x;
}

static void check_boot(const char *spec, unsigned long literal_mfk, unsigned long memory_k)
{
	struct machine *m = boot_spec(spec);
	unsigned long mfk = expected_min_free_kbytes(m);

	assert_int_equal(memory_available_k(m), memory_k);
	assert_int_equal(mfk, literal_mfk);
	check_wmarks(m, mfk, 10, true);
	assert_false(dmesg_has(m, "min_free_kbytes is not updated"));
	mms_machine_free(m);
}

static void test_x86_64_sizes(void **state)
{
	(void)state;
	/*
	 * The literal values, by hand: lowmem_kbytes is the "Memory: X"
	 * available figure of the boot log on x86_64 (all managed pages free,
	 * the init pages not yet managed); min_free_kbytes = int_sqrt(X * 16).
	 * X = 4 * (DMA 3984 + P - R): P the present pages of DMA32 (and
	 * Normal) = max_pfn - 4096, R what setup_arch reserved there:
	 *   the kernel image at 16M, init included          1152
	 *   the kernel page tables of paging_init             72 (test_zones'
	 *     test_kernel_page_tables: PGD 1, PUD 66, PMD 3, PTE 2; the same
	 *     for every size here: RAM below 1G, or whole GiBs mapped with 1G
	 *     pages past the first, needs one direct-map PMD and PTE table)
	 *   NODE_DATA, sizeof(pg_data_t) = 10704 bytes below
	 *     them, 64-byte aligned at 0x...5600: 3 pages      3
	 *   the memory map: (max_pfn - 1) * 64 bytes          max_pfn / 64
	 *   pageblock bitmaps, a byte per 512-page pageblock, that do not fit
	 *     the 1472 bytes left below NODE_DATA in its first page (the
	 *     1536 of [0x...5000, 0x...5600) less DMA's 8 at 0x...55c0):
	 *     DMA32's 2040 from 4G on, Normal's too     U pages
	 *   the per-CPU first chunk (setup_per_cpu_areas; Linux takes it from
	 *     memblock too): 2 CPUs' units of 64 pages each, and one page
	 *     of the chunks' metadata                          129
	 *
	 *   64M:  P 12288,   memmap 256,    U 0: X = 4 * (3984 + 10676)
	 *         = 58640    -> int_sqrt(938240)    = 968
	 *   512M: P 126976,  memmap 2048,   U 0: X = 4 * (3984 + 123572)
	 *         = 510224   -> int_sqrt(8163584)   = 2857
	 *   1G:   P 258048,  memmap 4096,   U 0: X = 4 * (3984 + 252596)
	 *         = 1026320  -> int_sqrt(16421120)  = 4052
	 *   4G:   P 1044480, memmap 16384,  U 1 (2040 bytes):
	 *         X = 4 * (3984 + 1026739) = 4122892
	 *                    -> int_sqrt(65966272)  = 8121
	 *   16G:  P 4190208, memmap 65536,  U 2 (2040 + 6144 bytes, one
	 *         range): X = 4 * (3984 + 4123314) = 16509192
	 *                    -> int_sqrt(264147072) = 16252
	 * (close to the table in calculate_min_free_kbytes' comment, made for
	 * the whole of RAM: 64MB 1024k, 512MB 2896k, 1024MB 4096k, 4096MB
	 * 8192k, 16384MB 16384k.)
	 */
	check_boot("arch=x86_64 ram=64M", 968, 58640);
	check_boot("arch=x86_64 ram=512M", 2857, 510224);
	check_boot("arch=x86_64 ram=1G", 4052, 1026320);
	check_boot("arch=x86_64 ram=4G", 8121, 4122892);
	check_boot("arch=x86_64 ram=16G", 16252, 16509192);
}

static void test_x86_64_64G(void **state)
{
	/*
	 * 64G: 16M pages, 1 GiB of struct pages.  One boot only.  By hand
	 * (see test_x86_64_sizes): P = 16777216 - 4096 = 16773120; R = 1152
	 * + 72 + 3 + 262144 (memmap) + 8 (bitmaps of DMA32 and Normal, 2040 +
	 * 30720 bytes) + 257 (the per-CPU first chunk: 4 CPUs' units of 64
	 * pages and a page of metadata) = 263636; X = 4 * (3984 + 16509484) =
	 * 66053872 -> int_sqrt(1056861952) = 32509 (the table: 65536MB 32768k), far below
	 * the 262144 cap (reached at 4 TiB of lowmem).
	 */
	struct machine *m = boot_spec("arch=x86_64 ram=64G cpus=4");
	unsigned long mfk = expected_min_free_kbytes(m);

	(void)state;
	assert_int_equal(memory_available_k(m), 66053872);
	assert_int_equal(mfk, 32509);
	check_wmarks(m, mfk, 10, true);
	/* ZONE_NORMAL = [4G, 64G) */
	assert_int_equal(zone_of(m, 0, ZONE_NORMAL)->spanned_pages, (64UL - 4) << 18);
	mms_machine_free(m);
}

static void test_i386_2G_highmem(void **state)
{
	struct machine *m = boot_spec("arch=i386 ram=2G cpus=2");
	struct zone *high = zone_of(m, 0, ZONE_HIGHMEM), *normal = zone_of(m, 0, ZONE_NORMAL);
	unsigned long mfk = expected_min_free_kbytes(m);
	unsigned long lowmem = zone_of(m, 0, ZONE_DMA)->managed_pages +
			       normal->managed_pages - init_pages_in(m, normal);

	(void)state;
	/*
	 * HighMem is not lowmem: min_free_kbytes counts DMA + Normal only.
	 * By hand: Normal = [0x1000, MAXMEM_PFN 0x373fe) = 222206 pages less,
	 * at the initcall, the image (1152), paging_init's tables (5: the PGD
	 * and PTE tables for [0, 4M), the lowmem tail, pkmap and the fixmap;
	 * test_zones' test_kernel_page_tables), NODE_DATA (3 pages) and the
	 * memory map of all 2G in 32-byte struct pages ((0x80000 - 1) * 32
	 * bytes: 4096 pages; the three pageblock bitmaps, 4 + 217 + 292
	 * bytes, fit below NODE_DATA) and the per-CPU first chunk (2 units of
	 * 32 pages, a page of metadata: 65): 222206 - 1152 - 5 - 3 - 4096 -
	 * 65 = 216885.  lowmem = 3984 + 216885 = 220869 -> int_sqrt(220869 *
	 * 4 * 16 = 14135616) = 3759.
	 */
	assert_int_equal(lowmem, 220869);
	assert_int_equal(mfk, isqrt(lowmem * 4 * 16));
	assert_int_equal(mfk, 3759);
	check_wmarks(m, mfk, 10, true);
	/*
	 * HighMem = [MAXMEM_PFN 0x373fe, 0x80000) = 524288 - 226302 = 297986
	 * pages, all managed (MAXMEM with cpus=2: see test_zones.c's top
	 * comment); min = clamp(297986 / 1024 = 291, 32, 128) = 128; the gap
	 * still uses the proportional share tmp = pages_min * 297986 / lowmem
	 * when tmp / 4 is the larger.
	 */
	assert_int_equal(high->managed_pages, 297986);
	assert_int_equal(high->_watermark[WMARK_MIN], 128);
	{
		unsigned long tmp = (mfk / 4) * 297986 / lowmem;
		unsigned long gap = tmp / 4 > 297986 * 10 / 10000 ? tmp / 4 : 297986 * 10 / 10000;

		assert_int_equal(high->_watermark[WMARK_LOW], 128 + gap);
		assert_int_equal(high->_watermark[WMARK_HIGH], 128 + 2 * gap);
	}
	mms_machine_free(m);
}

static void test_i386_highmem_clamp(void **state)
{
	(void)state;
	/*
	 * The HighMem min of clamp(managed / 1024, 32, 128) inside and at
	 * both ends: HighMem is [MAXMEM_PFN 0x373fe, max_pfn) (cpus=2), all
	 * of it managed.
	 *   960M:  0x3c000 - 0x373fe = 245760 - 226302 = 19458 pages -> 19 -> 32
	 *   1100M: 0x44c00 - 0x373fe = 281600 - 226302 = 55298 pages -> 54
	 *   2G:    297986 pages -> 291 -> 128 (test_i386_2G_highmem)
	 */
	static const struct {
		const char *spec;
		unsigned long managed, min;
	} cases[] = {
		{ "arch=i386 ram=960M cpus=2", 19458, 32 },
		{ "arch=i386 ram=1100M cpus=2", 55298, 54 },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct machine *m = boot_spec(cases[i].spec);
		struct zone *high = zone_of(m, 0, ZONE_HIGHMEM);

		assert_int_equal(high->managed_pages, cases[i].managed);
		assert_int_equal(high->_watermark[WMARK_MIN], cases[i].min);
		check_wmarks(m, expected_min_free_kbytes(m), 10, true);
		mms_machine_free(m);
	}
}

static void test_two_nodes(void **state)
{
	/* Watermarks are machine-wide shares; pcp high splits per node's CPUs. */
	struct machine *m = boot_spec("arch=x86_64 ram=2G nodes=2 cpus=4");

	(void)state;
	check_wmarks(m, expected_min_free_kbytes(m), 10, true);
	mms_machine_free(m);
}

static void test_config_min_free_kbytes(void **state)
{
	/*
	 * machine min_free_kbytes=8192: the computed value is replaced after
	 * the initcall's calculation (as sysctl.vm.min_free_kbytes= on the
	 * command line, applied before free_initmem): the watermarks follow
	 * 8192 with the boot-time managed pages.
	 */
	struct machine *m = boot_spec("arch=x86_64 ram=1G min_free_kbytes=8192");
	struct zone *dma32 = zone_of(m, 0, ZONE_DMA32);

	(void)state;
	assert_int_equal(m->user_min_free_kbytes, 8192);
	check_wmarks(m, 8192, 10, true);
	/*
	 * By hand: pages_min = 2048; lowmem at boot 3984 + 252596 = 256580
	 * (DMA32 258048 present - 1152 image - 72 page tables - 3 NODE_DATA
	 * - 4096 memmap - 129 per-CPU first chunk: test_x86_64_sizes); DMA32
	 * min = 2048 * 252596 / 256580 = 2016 (2016.2); gap = max(2016 / 4 =
	 * 504, 252596 * 10 / 10000 = 252) = 504.
	 */
	assert_int_equal(dma32->_watermark[WMARK_MIN], 2016);
	assert_int_equal(dma32->_watermark[WMARK_LOW], 2016 + 504);
	assert_int_equal(dma32->_watermark[WMARK_HIGH], 2016 + 2 * 504);
	mms_machine_free(m);
}

static void test_watermark_scale_factor_200(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G watermark_scale_factor=200");
	struct machine *d = boot_spec("arch=x86_64 ram=1G");
	struct zone *z = zone_of(m, 0, ZONE_DMA32), *zd = zone_of(d, 0, ZONE_DMA32);

	(void)state;
	check_wmarks(m, expected_min_free_kbytes(m), 200, true);
	/*
	 * By hand, DMA32 of 1G (252596 managed at boot, lowmem 256580: see
	 * test_config_min_free_kbytes): min = (4052 / 4 = 1013) * 252596 /
	 * 256580 = 997 (997.3) either way; the gap is 252596 * 200 / 10000 =
	 * 5051 (5051.9) instead of max(997 / 4, 252596 * 10 / 10000) = 252.
	 */
	assert_int_equal(z->_watermark[WMARK_MIN], 997);
	assert_int_equal(zd->_watermark[WMARK_MIN], 997);
	assert_int_equal(z->_watermark[WMARK_LOW] - z->_watermark[WMARK_MIN], 5051);
	assert_int_equal(z->_watermark[WMARK_HIGH] - z->_watermark[WMARK_LOW], 5051);
	assert_int_equal(zd->_watermark[WMARK_LOW] - zd->_watermark[WMARK_MIN], 252);
	assert_int_equal(zd->_watermark[WMARK_HIGH] - zd->_watermark[WMARK_LOW], 252);
	mms_machine_free(m);
	mms_machine_free(d);
}

static void test_sysctl(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	struct zone *dma32 = zone_of(m, 0, ZONE_DMA32);
	int high_before = dma32->per_cpu_pageset[0].high;
	char err[256] = "";
	char *v;

	(void)state;
	/* min_free_kbytes_sysctl_handler: user value, then setup_per_zone_wmarks */
	assert_int_equal(mms_sysctl_write(m, "vm.min_free_kbytes", "65536", err, sizeof(err)), 0);
	assert_int_equal(m->user_min_free_kbytes, 65536);
	/* after boot: today's managed pages (init pages included) */
	check_wmarks(m, 65536, 10, false);
	/* zone_pcp_update: the pcp high follows the larger low watermark */
	assert_true(dma32->per_cpu_pageset[0].high > high_before);
	/*
	 * By hand: pages_min = 16384; lowmem now 3984 + 252724 = 256708
	 * (DMA32's 252596 at boot + the 128 init pages free_initmem gave
	 * back); DMA32 min = 16384 * 252724 / 256708 = 16129 (16129.7); gap
	 * = 16129 / 4 = 4032; low = 20161; pcp high = 20161 / 2 CPUs = 10080.
	 */
	assert_int_equal(dma32->_watermark[WMARK_MIN], 16129);
	assert_int_equal(dma32->_watermark[WMARK_LOW], 20161);
	assert_int_equal(dma32->per_cpu_pageset[0].high, 10080);
	assert_int_equal(dma32->per_cpu_pageset[1].high, 10080);

	assert_int_equal(mms_sysctl_write(m, "vm.watermark_scale_factor", "1000", err,
					  sizeof(err)), 0);
	check_wmarks(m, 65536, 1000, false);
	/* gap = max(4032, 252724 * 1000 / 10000 = 25272) = 25272 */
	assert_int_equal(dma32->_watermark[WMARK_LOW], 16129 + 25272);

	/* Bad writes: -EINVAL naming the value, nothing changes. */
	assert_int_equal(mms_sysctl_write(m, "vm.min_free_kbytes", "-5", err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "-5"));
	assert_int_equal(mms_sysctl_write(m, "vm.min_free_kbytes", "lots", err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "lots"));
	assert_int_equal(mms_sysctl_write(m, "vm.watermark_scale_factor", "0", err,
					  sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "vm.watermark_scale_factor=0"));
	assert_int_equal(mms_sysctl_write(m, "vm.watermark_scale_factor", "3001", err,
					  sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "3001"));
	assert_int_equal(mms_sysctl_write(m, "vm.no_such_knob", "1", err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "vm.no_such_knob"));
	check_wmarks(m, 65536, 1000, false);

	/* Back to the boot values: the same numbers as a fresh boot's now-managed. */
	assert_int_equal(mms_sysctl_write(m, "vm.watermark_scale_factor", "10", err,
					  sizeof(err)), 0);
	assert_int_equal(mms_sysctl_write(m, "vm.min_free_kbytes", "4053", err, sizeof(err)), 0);
	check_wmarks(m, 4053, 10, false);
	v = view_text(m, "/proc/sys/vm/min_free_kbytes");
	assert_string_equal(v, "4053\n");
	free(v);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_x86_64_sizes),
		cmocka_unit_test(test_x86_64_64G),
		cmocka_unit_test(test_i386_2G_highmem),
		cmocka_unit_test(test_i386_highmem_clamp),
		cmocka_unit_test(test_two_nodes),
		cmocka_unit_test(test_config_min_free_kbytes),
		cmocka_unit_test(test_watermark_scale_factor_200),
		cmocka_unit_test(test_sysctl),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
