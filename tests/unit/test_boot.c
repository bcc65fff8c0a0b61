// SPDX-License-Identifier: MIT
/*
 * test_boot.c - bad input and the views.
 *
 *   - config values out of range are refused by mms_config_set with
 *     -EINVAL and a message naming the value, and by mms_machine_boot for
 *     a config built in C;
 *   - bad memory maps fail mms_machine_boot with a clear message (and,
 *     under the sanitizer build, without a leak);
 *   - GFP flags: parsing names the bad word; printing follows %pGg;
 *   - /proc/meminfo, /proc/buddyinfo, /proc/pagetypeinfo, /proc/vmstat in
 *     Linux 6.6's exact layout (fs/proc/meminfo.c, mm/vmstat.c);
 *   - machines are independent of each other, and deterministic.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "vmalloc.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- config ------------------------------------------------------------------ */

static void test_config_out_of_range(void **state)
{
	/* The ranges of include/mmsim/mmsim.h and the sysctl's 1..3000. */
	static const struct {
		const char *key, *value, *msg;
	} bad[] = {
		{ "ram", "8M", "ram=8M: must be a size from 16M to 64G" },
		{ "ram", "65G", "ram=65G: must be a size from 16M to 64G" },
		{ "ram", "lots", "ram=lots: must be a size from 16M to 64G" },
		{ "cpus", "0", "cpus=0: must be a number from 1 to 64" },
		{ "cpus", "65", "cpus=65: must be a number from 1 to 64" },
		{ "nodes", "9", "nodes=9: must be a number from 1 to 8" },
		{ "nodes", "0", "nodes=0: must be a number from 1 to 8" },
		{ "watermark_scale_factor", "0",
		  "watermark_scale_factor=0: must be a number from 1 to 3000" },
		{ "watermark_scale_factor", "3001",
		  "watermark_scale_factor=3001: must be a number from 1 to 3000" },
		{ "min_free_kbytes", "-1",
		  "min_free_kbytes=-1: must be a number from 0 to 2147483647" },
		{ "arch", "arm", "arch=arm: unknown architecture (x86_64 or i386)" },
		{ "seed", "x1", "seed=x1: must be a whole number" },
		{ "colour", "blue", "unknown machine key 'colour'" },
		{ "e820", "", "e820: the memory map is empty" },
		{ "e820", "0-0x9ffff", "e820: '0-0x9ffff': expected START-END:TYPE" },
		{ "e820", "0-0x9ffff:ram",
		  "e820: unknown type 'ram' (usable, reserved, acpi, nvs, unusable)" },
		{ "e820", "0x2000-0x1000:usable", "e820: '0x2000-0x1000': bad range" },
	};
	struct mms_config cfg, orig;
	char err[256];

	(void)state;
	mms_config_init(&cfg);
	orig = cfg;
	for (size_t i = 0; i < N(bad); i++) {
		snprintf(err, sizeof(err), "(unset)");
		assert_int_equal(mms_config_set(&cfg, bad[i].key, bad[i].value, err, sizeof(err)),
				 -EINVAL);
		assert_string_equal(err, bad[i].msg);
		/* the config is left as it was */
		assert_memory_equal(&cfg, &orig, sizeof(cfg));
	}
	/* the edges are accepted */
	assert_int_equal(mms_config_set(&cfg, "ram", "16M", err, sizeof(err)), 0);
	assert_int_equal(cfg.ram, 16ULL << 20);
	assert_int_equal(mms_config_set(&cfg, "ram", "64G", err, sizeof(err)), 0);
	assert_int_equal(cfg.ram, 64ULL << 30);
	assert_int_equal(mms_config_set(&cfg, "cpus", "64", err, sizeof(err)), 0);
	assert_int_equal(mms_config_set(&cfg, "nodes", "8", err, sizeof(err)), 0);
	assert_int_equal(mms_config_set(&cfg, "watermark_scale_factor", "3000", err,
					sizeof(err)), 0);
	assert_int_equal(mms_config_set(&cfg, "arch", "i386", err, sizeof(err)), 0);
	assert_string_equal(cfg.arch, "i386");
}

/* A config built in C, not through mms_config_set, is checked at boot. */
static void test_config_checked_at_boot(void **state)
{
	struct mms_config cfg;
	char err[256];

	(void)state;
	mms_config_init(&cfg);
	cfg.ram = 8ULL << 20;
	assert_null(mms_machine_boot(&cfg, err, sizeof(err)));
	assert_string_equal(err, "ram=8388608: must be a size from 16M to 64G");

	mms_config_init(&cfg);
	cfg.cpus = 0;
	assert_null(mms_machine_boot(&cfg, err, sizeof(err)));
	assert_string_equal(err, "cpus=0: must be a number from 1 to 64");

	mms_config_init(&cfg);
	cfg.nodes = 9;
	assert_null(mms_machine_boot(&cfg, err, sizeof(err)));
	assert_string_equal(err, "nodes=9: must be a number from 1 to 8");

	mms_config_init(&cfg);
	cfg.watermark_scale_factor = 0;
	assert_null(mms_machine_boot(&cfg, err, sizeof(err)));
	assert_string_equal(err, "watermark_scale_factor=0: must be a number from 1 to 3000");

	mms_config_init(&cfg);
	snprintf(cfg.arch, sizeof(cfg.arch), "arm");
	assert_null(mms_machine_boot(&cfg, err, sizeof(err)));
	assert_string_equal(err, "arch=arm: unknown architecture (x86_64 or i386)");

	/* an empty map cannot be written in a config: nr_e820 0 is the PC map */
	mms_config_init(&cfg);
	cfg.nr_e820 = -1;
	assert_null(mms_machine_boot(&cfg, err, sizeof(err)));
	assert_string_equal(err, "e820: -1 entries (at most 128)");

	/* a map whose only entry is empty */
	mms_config_init(&cfg);
	cfg.nr_e820 = 1;
	cfg.e820[0] = (struct mms_e820_entry){ 0x100000, 0, MMS_E820_USABLE };
	assert_null(mms_machine_boot(&cfg, err, sizeof(err)));
	assert_string_equal(err, "e820: entry at 0x100000 has a bad size 0");
}

/* ---- bad memory maps ------------------------------------------------------------ */

static void boot_fails(const char *spec, const char *msg)
{
	char err[512] = "";

	assert_null(boot_spec_err(spec, err, sizeof(err)));
	if (strcmp(err, msg))
		fail_msg("boot '%s': got '%s', expected '%s'", spec, err, msg);
}

/*
 * The sanitizer build's allocator keeps freed blocks mapped for a while
 * (its quarantine, up to 256M, to catch use after free); since a boot
 * also allocates the TLB and cache models on the host, 16 failed boots
 * would grow VmSize by that quarantine alone.  __sanitizer_purge_allocator
 * drains it and unmaps what it held.  A weak reference: NULL in the plain
 * build, where free() gives large blocks back at once.
 */
extern void __sanitizer_purge_allocator(void) __attribute__((weak));

/* The process's virtual size (VmSize of /proc/self/status), in kB. */
static unsigned long vm_size_kb(void)
{
	FILE *f;
	char line[256];
	unsigned long kb = 0;

	if (__sanitizer_purge_allocator)
		__sanitizer_purge_allocator();
	f = fopen("/proc/self/status", "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmSize: %lu kB", &kb) == 1)
			break;
	fclose(f);
	assert_true(kb > 0);
	return kb;
}

static void test_bad_e820(void **state)
{
	unsigned long before, after;

	(void)state;
	/* e820_validate: sorted, then each entry against the one before */
	boot_fails("e820=0-0x9ffff:usable,0x90000-0x3ffffff:usable",
		   "e820: entries [mem 0x0000000000000000-0x000000000009ffff] and "
		   "[mem 0x0000000000090000-0x0000000003ffffff] overlap");
	/* the order given does not matter: the map is sorted first */
	boot_fails("e820=0x100000-0x3ffffff:usable,0-0x1fffff:reserved",
		   "e820: entries [mem 0x0000000000000000-0x00000000001fffff] and "
		   "[mem 0x0000000000100000-0x0000000003ffffff] overlap");
	boot_fails("e820=0-0xfffff:reserved,0x100000-0x3ffffff:acpi",
		   "e820: the memory map has no usable RAM");
	/* usable, but less than a page */
	boot_fails("e820=0-0x7ff:usable,0x100000-0x3ffffff:nvs",
		   "e820: the memory map has no usable RAM");
	/*
	 * 640K + 3M of RAM: the 4608K image (2048 + 1024 + 512 + 512 + 512)
	 * fits neither at CONFIG_PHYSICAL_START (16M) nor at 1M.
	 */
	boot_fails("e820=0-0x9ffff:usable,0x100000-0x3fffff:usable",
		   "RAM too small: no usable range holds the 4608K kernel image at "
		   "0x1000000 or 0x100000");
	/*
	 * 640K + 7M: the image fits at 1M, but the per-CPU first chunk, one
	 * 2M block aligned to 2M (x86_64's atom_size, PMD_SIZE), does not:
	 * [4M, 6M) holds the image's end, [6M, 8M) paging_init's tables and
	 * the memory map.  (Linux would fall back to the page-by-page first
	 * chunk; mmsim does not model it.)
	 */
	boot_fails("e820=0-0x9ffff:usable,0x100000-0x7fffff:usable",
		   "cannot initialize percpu area (err=-12): RAM too small");
	/*
	 * 640K + 8M: the first chunk fits at [6M, 8M), but what is left for
	 * the buddy allocator is less than 1024 pages; this fails late,
	 * after the per-CPU pagesets exist (mm_core_init), so the sanitizer
	 * build also checks they are freed.  By hand: RAM is pfn [1, 0xa0) +
	 * [0x100, 0x900) = 159 + 2048 = 2207 pages; reserved in it: the first
	 * 64K (pfn 1..15) 15, the image at 1M 1152, NODE_DATA 3, the memory
	 * map (0x900 - 1) * 64 bytes = 36 pages, the per-CPU first chunk's
	 * 2 units of 64 pages (the rest of the 2M given back) 128, and 74 for
	 * paging_init's tables (the PGD; the direct map's PUD, PMD and the PTE
	 * tables of its first and last 2M, [2M, 8M) in 2M pages; the image's
	 * PUD and PMD; the 64 vmalloc PUDs; the fixmap's PMD and PTE table:
	 * 73) and the per-CPU metadata (1): 1408.  2207 - 1408 = 799 pages =
	 * 3196K.
	 */
	boot_fails("e820=0-0x9ffff:usable,0x100000-0x8fffff:usable",
		   "RAM too small: only 3196K left after the kernel (at least 4096K needed)");
	/*
	 * The host mappings of a failed boot (8M of RAM, its memory map) are
	 * released too: LeakSanitizer does not see mmap, so count VmSize over
	 * 16 failures, each of which would otherwise keep >= 8M mapped.
	 */
	before = vm_size_kb();
	for (int i = 0; i < 16; i++)
		boot_fails("e820=0-0x9ffff:usable,0x100000-0x8fffff:usable",
			   "RAM too small: only 3196K left after the kernel (at least 4096K needed)");
	after = vm_size_kb();
	if (after > before + 8192)
		fail_msg("VmSize grew from %lukB to %lukB over 16 failed boots", before, after);
	/*
	 * A node without memory is refused (Linux would bring it up
	 * memoryless): max_pfn 0x4000 split 8 ways is 2048 pfns (8M) a node;
	 * node 1, [8M, 16M), falls in the hole between 6M and 48M.
	 */
	boot_fails("nodes=8 e820=0-0x9ffff:usable,0x100000-0x5fffff:usable,"
		   "0x3000000-0x3ffffff:usable",
		   "nodes=8: node 1 [mem 0x0000000000800000-0x0000000000ffffff] has no usable RAM");
}

/* ---- GFP -------------------------------------------------------------------------- */

static void test_gfp_parse(void **state)
{
	unsigned int gfp = 0x1234;
	char err[128];

	(void)state;
	assert_int_equal(mms_gfp_parse("GFP_KERNEL", &gfp, err, sizeof(err)), 0);
	assert_int_equal(gfp, 0xcc0);		/* __GFP_RECLAIM | __GFP_IO | __GFP_FS */
	assert_int_equal(mms_gfp_parse("GFP_KERNEL|__GFP_ZERO", &gfp, err, sizeof(err)), 0);
	assert_int_equal(gfp, 0xdc0);		/* 0xcc0 | 0x100 */
	assert_int_equal(mms_gfp_parse("0x2800", &gfp, err, sizeof(err)), 0);
	assert_int_equal(gfp, 0x2800);
	assert_int_equal(mms_gfp_parse("GFP_ATOMIC|__GFP_DMA32", &gfp, err, sizeof(err)), 0);
	assert_int_equal(gfp, 0x824);		/* __GFP_HIGH | __GFP_KSWAPD_RECLAIM | __GFP_DMA32 */

	gfp = 0x1234;
	assert_int_equal(mms_gfp_parse("GFP_KERNEL|__GFP_BOGUS", &gfp, err, sizeof(err)),
			 -EINVAL);
	assert_string_equal(err, "unknown GFP flag '__GFP_BOGUS'");
	assert_int_equal(gfp, 0x1234);		/* untouched on error */
	assert_int_equal(mms_gfp_parse("gfp_kernel", &gfp, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "unknown GFP flag 'gfp_kernel'");
	assert_int_equal(mms_gfp_parse("GFP_KERNEL|", &gfp, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "unknown GFP flag ''");
	assert_int_equal(mms_gfp_parse("0x100000000", &gfp, err, sizeof(err)), -EINVAL);
	assert_string_equal(err, "unknown GFP flag '0x100000000'");
}

static void test_gfp_format(void **state)
{
	/*
	 * %pGg (lib/vsprintf.c format_flags over __def_gfpflag_names):
	 * composite names first, greedily, then the single bits, leftover
	 * bits as 0x%x; the examples of the notes' section 4.
	 */
	static const struct {
		unsigned int gfp;
		const char *text;
	} cases[] = {
		{ 0xcc0, "GFP_KERNEL" },
		{ 0x820, "GFP_ATOMIC" },
		{ 0xdc0, "GFP_KERNEL|__GFP_ZERO" },
		{ 0x100cca, "GFP_HIGHUSER_MOVABLE" },
		{ 0x140cca, "GFP_HIGHUSER_MOVABLE|__GFP_COMP" },
		{ 0x2800, "GFP_NOWAIT|__GFP_NOWARN" },
		{ 0x42dc0, "GFP_KERNEL|__GFP_NOWARN|__GFP_COMP|__GFP_ZERO" },
		{ 0x400cc0, "GFP_KERNEL_ACCOUNT" },
		{ 0xcc1, "GFP_KERNEL|GFP_DMA" },
		{ 0x4000cc0, "GFP_KERNEL|0x4000000" },	/* a bit with no name */
		{ 0x200, "0x200" },			/* ___GFP_ATOMIC's old bit, unused in 6.6 */
		{ 0x0, "" },
	};
	char buf[256];

	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		assert_string_equal(gfp_format(cases[i].gfp, buf, sizeof(buf)), cases[i].text);
}

/* ---- /proc/meminfo --------------------------------------------------------------------- */

/* The labels of Linux 6.6's /proc/meminfo for mmsim's kernel config, in order. */
static const char *const meminfo_head[] = {
	"MemTotal", "MemFree", "MemAvailable", "Buffers", "Cached", "SwapCached",
	"Active", "Inactive", "Active(anon)", "Inactive(anon)", "Active(file)",
	"Inactive(file)", "Unevictable", "Mlocked",
};
static const char *const meminfo_highmem[] = {	/* CONFIG_HIGHMEM only */
	"HighTotal", "HighFree", "LowTotal", "LowFree",
};
static const char *const meminfo_tail[] = {
	"SwapTotal", "SwapFree", "Zswap", "Zswapped", "Dirty", "Writeback", "AnonPages",
	"Mapped", "Shmem", "KReclaimable", "Slab", "SReclaimable", "SUnreclaim",
	"KernelStack", "PageTables", "SecPageTables", "NFS_Unstable", "Bounce",
	"WritebackTmp", "CommitLimit", "Committed_AS", "VmallocTotal", "VmallocUsed",
	"VmallocChunk", "Percpu", "HardwareCorrupted", "AnonHugePages", "ShmemHugePages",
	"ShmemPmdMapped", "FileHugePages", "FilePmdMapped", "CmaTotal", "CmaFree",
	/* hugetlb_report_meminfo */
	"HugePages_Total", "HugePages_Free", "HugePages_Rsvd", "HugePages_Surp",
	"Hugepagesize", "Hugetlb",
	/* arch_report_meminfo (x86) */
	"DirectMap4k",
};

struct meminfo_line {
	char label[32];
	unsigned long value;
};

/*
 * parse_meminfo - split /proc/meminfo into labels and values, checking each
 * line's exact layout: show_val_kb's "%-16s%8lu kB" (label with its ':'
 * padded to 16 columns, value right-aligned in 8), or the seq_printf
 * lines' own: "HardwareCorrupted: %5lu kB", "HugePages_*:%*s%5lu" (19
 * columns, no unit).
 */
static size_t parse_meminfo(const char *text, struct meminfo_line *out, size_t max)
{
	size_t n = 0;

	for (const char *p = text; *p; n++) {
		const char *eol = strchr(p, '\n'), *colon = strchr(p, ':');
		char line[128], want[128], label[40];
		size_t len;

		assert_non_null(eol);
		assert_true(n < max);
		assert_true(colon && colon < eol);
		len = (size_t)(eol - p);
		assert_true(len < sizeof(line));
		memcpy(line, p, len);
		line[len] = '\0';
		snprintf(out[n].label, sizeof(out[n].label), "%.*s", (int)(colon - p), p);
		out[n].value = strtoul(colon + 1, NULL, 10);
		snprintf(label, sizeof(label), "%.30s:", out[n].label);
		if (!strcmp(label, "HardwareCorrupted:"))
			snprintf(want, sizeof(want), "HardwareCorrupted: %5lu kB", out[n].value);
		else if (!strncmp(label, "HugePages_", 10))
			snprintf(want, sizeof(want), "%-19s%5lu", label, out[n].value);
		else
			snprintf(want, sizeof(want), "%-16s%8lu kB", label, out[n].value);
		if (strcmp(line, want))
			fail_msg("meminfo line '%s', expected layout '%s'", line, want);
		p = eol + 1;
	}
	return n;
}

static unsigned long meminfo_get(const struct meminfo_line *l, size_t n, const char *label)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(l[i].label, label))
			return l[i].value;
	fail_msg("no meminfo line '%s'", label);
	return 0;
}

/* si_mem_available (mm/show_mem.c), from the counters, in pages. */
static unsigned long expected_mem_available(struct machine *m)
{
	unsigned long wmark_low = 0, totalreserve = 0, pagecache, reclaimable;
	long available;
	struct zone *zone;

	/* for_each_zone: every zone of every node, populated or not */
	for_each_zone(m, zone) {
		long max = 0;

		wmark_low += zone->_watermark[WMARK_LOW] + zone->watermark_boost;
		/* calculate_totalreserve_pages */
		for (int j = zone->type; j < MAX_NR_ZONES; j++)
			if (zone->lowmem_reserve[j] > max)
				max = zone->lowmem_reserve[j];
		max += (long)(zone->_watermark[WMARK_HIGH] + zone->watermark_boost);
		totalreserve += (unsigned long)max < zone->managed_pages ?
				(unsigned long)max : zone->managed_pages;
	}
	assert_int_equal(totalreserve, m->totalreserve_pages);
	available = (long)m->vm_zone_stat[NR_FREE_PAGES] - (long)totalreserve;
	pagecache = (unsigned long)(m->vm_node_stat[NR_ACTIVE_FILE] +
				    m->vm_node_stat[NR_INACTIVE_FILE]);
	pagecache -= pagecache / 2 < wmark_low ? pagecache / 2 : wmark_low;
	available += (long)pagecache;
	reclaimable = (unsigned long)m->vm_node_stat[NR_SLAB_RECLAIMABLE_B] / PAGE_SIZE +
		      (unsigned long)m->vm_node_stat[NR_KERNEL_MISC_RECLAIMABLE];
	reclaimable -= reclaimable / 2 < wmark_low ? reclaimable / 2 : wmark_low;
	available += (long)reclaimable;
	return available < 0 ? 0 : (unsigned long)available;
}

static void check_meminfo(struct machine *m, bool i386)
{
	char *text = view_text(m, "/proc/meminfo");
	struct meminfo_line l[96];
	size_t n = parse_meminfo(text, l, N(l)), k = 0;
	unsigned long freehigh = 0;
	struct zone *zone;

	/* every line, in order */
	for (size_t i = 0; i < N(meminfo_head); i++, k++)
		assert_string_equal(l[k].label, meminfo_head[i]);
	if (i386)
		for (size_t i = 0; i < N(meminfo_highmem); i++, k++)
			assert_string_equal(l[k].label, meminfo_highmem[i]);
	for (size_t i = 0; i < N(meminfo_tail); i++, k++)
		assert_string_equal(l[k].label, meminfo_tail[i]);
	/* x86_64: 2M and 1G direct-map pages; 32-bit non-PAE: 4M */
	if (i386) {
		assert_string_equal(l[k++].label, "DirectMap4M");
	} else {
		assert_string_equal(l[k++].label, "DirectMap2M");
		assert_string_equal(l[k++].label, "DirectMap1G");
	}
	assert_int_equal(k, n);
	assert_null(strstr(text, i386 ? "DirectMap2M" : "HighTotal"));

	/* the values */
	assert_int_equal(meminfo_get(l, n, "MemTotal"), m->totalram_pages * 4);
	assert_int_equal(meminfo_get(l, n, "MemFree"), nr_free_pages(m) * 4);
	assert_int_equal(meminfo_get(l, n, "MemAvailable"), expected_mem_available(m) * 4);
	/* vm_commit_limit: totalram * overcommit_ratio (50) / 100, no swap */
	assert_int_equal(meminfo_get(l, n, "CommitLimit"), m->totalram_pages * 50 / 100 * 4);
	/* HPAGE_SIZE: 2M (PMD) on x86_64, 4M (PSE) on non-PAE i386 */
	assert_int_equal(meminfo_get(l, n, "Hugepagesize"), i386 ? 4096 : 2048);
	/* VmallocUsed: vmalloc_nr_pages() in kB */
	assert_int_equal(meminfo_get(l, n, "VmallocUsed"), vmalloc_nr_pages(m) * 4);
	/* arch_report_meminfo: direct_pages_count[] << 2, << 11 (or 12), << 20 */
	assert_int_equal(meminfo_get(l, n, "DirectMap4k"), m->direct_pages_count[0] << 2);
	if (i386) {
		assert_int_equal(meminfo_get(l, n, "DirectMap4M"), m->direct_pages_count[1] << 12);
		/* lowmem only, all of it: 4K + 4M pages cover [0, high_memory) */
		assert_int_equal((m->direct_pages_count[0] << 12) +
				 (m->direct_pages_count[1] << 22),
				 m->layout.high_memory - m->layout.page_offset);
	} else {
		assert_int_equal(meminfo_get(l, n, "DirectMap2M"), m->direct_pages_count[1] << 11);
		assert_int_equal(meminfo_get(l, n, "DirectMap1G"), m->direct_pages_count[2] << 20);
	}
	if (i386) {
		for_each_populated_zone(m, zone)
			if (zone->type == ZONE_HIGHMEM)
				freehigh += zone->vm_stat[NR_FREE_PAGES];
		assert_int_equal(meminfo_get(l, n, "HighTotal"), m->totalhigh_pages * 4);
		assert_int_equal(meminfo_get(l, n, "HighFree"), freehigh * 4);
		assert_int_equal(meminfo_get(l, n, "LowTotal"),
				 (m->totalram_pages - m->totalhigh_pages) * 4);
		assert_int_equal(meminfo_get(l, n, "LowFree"), (nr_free_pages(m) - freehigh) * 4);
	}
	free(text);
}

static void test_meminfo_x86_64(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G");
	unsigned long pfn[8];
	char *text;

	(void)state;
	check_meminfo(m, false);
	text = view_text(m, "/proc/meminfo");
	/*
	 * By hand: MemTotal = totalram * 4 = (3984 + 252724) * 4 = 1026832
	 * (ZONE_DMA 3999 present - 15 reserved; ZONE_DMA32 258048 - 5324
	 * still reserved: the image less its freed init part 1024, the
	 * kernel page tables 72, NODE_DATA 3, the memory map 4096, the
	 * per-CPU first chunk 129: 2 units of 64 pages and a page of
	 * metadata, from memblock as on Linux); MemFree = 1026832 - 512 =
	 * 1026320 (the 128 freed init pages sit on CPU 0's pcp list, not
	 * counted in NR_FREE_PAGES).  Percpu = 64 pages * 2 units = 512 kB.
	 */
	assert_non_null(strstr(text, "MemTotal:        1026832 kB\n"));
	assert_non_null(strstr(text, "MemFree:         1026320 kB\n"));
	assert_non_null(strstr(text, "Percpu:              512 kB\n"));
	assert_non_null(strstr(text, "HardwareCorrupted:     0 kB\n"));
	assert_non_null(strstr(text, "HugePages_Total:       0\n"));
	/*
	 * VMALLOC_TOTAL = VMALLOC_END - VMALLOC_START, VMALLOC_END =
	 * VMALLOC_START + 32T - 1: (2^45 - 1) >> 10 = 34359738367, wider
	 * than 8 columns.  Nothing is vmalloc'ed at boot.
	 */
	assert_non_null(strstr(text, "VmallocTotal:   34359738367 kB\n"));
	assert_non_null(strstr(text, "VmallocUsed:           0 kB\n"));
	/*
	 * The direct map of 1G (test_zones' test_kernel_page_tables): [0, 2M)
	 * in 4K pages, 512 * 4 = 2048 kB; [2M, 1G) in 2M pages, 511 * 2048 =
	 * 1046528 kB; no 1G page.
	 */
	assert_non_null(strstr(text, "DirectMap4k:        2048 kB\n"));
	assert_non_null(strstr(text, "DirectMap2M:     1046528 kB\n"));
	assert_non_null(strstr(text, "DirectMap1G:           0 kB\n"));
	assert_int_equal(strncmp(text, "MemTotal:", 9), 0);
	free(text);
	/* VmallocUsed counts vmalloc's pages: 3, then none after vfree */
	{
		uint64_t va = vmalloc(m, 3 * PAGE_SIZE);

		assert_true(va != 0);
		text = view_text(m, "/proc/meminfo");
		assert_non_null(strstr(text, "VmallocUsed:          12 kB\n"));
		free(text);
		check_meminfo(m, false);
		vfree(m, va);
		text = view_text(m, "/proc/meminfo");
		assert_non_null(strstr(text, "VmallocUsed:           0 kB\n"));
		free(text);
	}
	/* after allocations the numbers still follow the counters */
	for (unsigned int i = 0; i < N(pfn); i++)
		assert_int_equal(mms_alloc_pages(m, i & 1 ? GFP_KERNEL : GFP_HIGHUSER_MOVABLE,
						 i % 4, NUMA_NO_NODE, &pfn[i]), 0);
	check_meminfo(m, false);
	for (unsigned int i = 0; i < N(pfn); i++)
		assert_int_equal(mms_free_pages(m, pfn[i], i % 4), 0);
	check_meminfo(m, false);
	mms_machine_free(m);
}

static void test_meminfo_i386(void **state)
{
	struct machine *m = boot_spec("arch=i386 ram=2G cpus=2");
	unsigned long pfn;
	char *text;

	(void)state;
	check_meminfo(m, true);
	assert_int_equal(mms_alloc_pages(m, GFP_HIGHUSER, 2, NUMA_NO_NODE, &pfn), 0);
	check_meminfo(m, true);
	text = view_text(m, "/proc/meminfo");
	/*
	 * HighTotal = K(HighMem managed) = 297986 * 4 (HighMem is [MAXMEM_PFN
	 * 0x373fe, 0x80000) with cpus=2, see test_zones.c's top comment;
	 * nothing reserved there).
	 */
	assert_non_null(strstr(text, "\nHighTotal:       1191944 kB\n"));
	/*
	 * VMALLOC_TOTAL = VMALLOC_END - VMALLOC_START = 0xff3fe000 -
	 * (high_memory 0xf73fe000 + 8M) = 0x7800000: 122880 kB.
	 */
	assert_non_null(strstr(text, "\nVmallocTotal:     122880 kB\n"));
	/*
	 * The direct map of lowmem [0, 0x373fe000): [0, 4M) in 4K pages
	 * (1024), [4M, 0x37000000) in 219 4M pages, the tail in 4K pages
	 * (1022): 2046 * 4 = 8184 kB and 219 * 4096 = 897024 kB.
	 */
	assert_non_null(strstr(text, "\nDirectMap4k:        8184 kB\n"));
	assert_non_null(strstr(text, "\nDirectMap4M:      897024 kB\n"));
	free(text);
	assert_int_equal(mms_free_pages(m, pfn, 2), 0);
	mms_machine_free(m);
}

/* ---- buddyinfo, pagetypeinfo, vmstat ---------------------------------------------------------- */

static void test_buddyinfo(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=2G nodes=2");
	char *text = view_text(m, "/proc/buddyinfo"), want[4096];
	size_t pos = 0;
	struct zone *zone;

	(void)state;
	/* frag_show_print: "Node %d, zone %8s " then "%6lu " per order 0..10 */
	for_each_populated_zone(m, zone) {
		pos += (size_t)snprintf(want + pos, sizeof(want) - pos, "Node %d, zone %8s ",
					zone->zone_pgdat->node_id, zone->name);
		for (int o = 0; o < 11; o++)
			pos += (size_t)snprintf(want + pos, sizeof(want) - pos, "%6lu ",
						zone->free_area[o].nr_free);
		pos += (size_t)snprintf(want + pos, sizeof(want) - pos, "\n");
	}
	assert_string_equal(text, want);
	/* populated zones only, node by node */
	assert_int_equal(strncmp(text, "Node 0, zone      DMA ", 22), 0);
	assert_non_null(strstr(text, "\nNode 0, zone    DMA32 "));
	assert_non_null(strstr(text, "\nNode 1, zone    DMA32 "));
	assert_null(strstr(text, "Normal"));
	assert_null(strstr(text, "Node 1, zone      DMA"));
	/* 3 lines of 22 + 11 * 7 characters and a newline */
	assert_int_equal(strlen(text), 3 * (22 + 77 + 1));
	free(text);
	mms_machine_free(m);
}

static const char *const mt_names[] = {
	"Unmovable", "Movable", "Reclaimable", "HighAtomic", "CMA", "Isolate",
};

static void test_pagetypeinfo(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G");
	char *text = view_text(m, "/proc/pagetypeinfo"), *want = malloc(16384);
	size_t pos = 0, cap = 16384;
	struct zone *zone;

	(void)state;
	assert_non_null(want);
	/* pagetypeinfo_show; pageblock_order 9 (HUGETLB_PAGE_ORDER) on x86_64 */
	pos += (size_t)snprintf(want + pos, cap - pos,
		"Page block order: 9\n"
		"Pages per block:  512\n"
		"\n"
		/* "%-43s " of a 42-character title, then "%6d " per order */
		"Free pages count per migrate type at order  "
		"     0      1      2      3      4      5      6      7      8      9     10 \n");
	/* pagetypeinfo_showfree_print: free-list lengths per migratetype */
	for_each_populated_zone(m, zone) {
		for (int mt = 0; mt < MIGRATE_TYPES; mt++) {
			pos += (size_t)snprintf(want + pos, cap - pos, "Node %4d, zone %8s, type %12s ",
						0, zone->name, mt_names[mt]);
			for (int o = 0; o < 11; o++) {
				unsigned long cnt = 0;
				struct list_head *it;

				list_for_each(it, &zone->free_area[o].free_list[mt])
					cnt++;
				pos += (size_t)snprintf(want + pos, cap - pos, "%6lu ", cnt);
			}
			pos += (size_t)snprintf(want + pos, cap - pos, "\n");
		}
	}
	/*
	 * pagetypeinfo_showblockcount_print, by hand: ZONE_DMA's pageblocks
	 * are counted from zone_start_pfn 1 in steps of 512: 8 of them; the
	 * first (pfn 0..511) never had its type set by memmap_init_range
	 * (pfn 0 is a hole, only pageblock-aligned pfns set it), so it stays
	 * 0, Unmovable; the other 7 are Movable.  DMA32: 258048 / 512 = 504,
	 * all Movable.
	 */
	pos += (size_t)snprintf(want + pos, cap - pos,
		"\nNumber of blocks type     Unmovable      Movable  Reclaimable"
		"   HighAtomic          CMA      Isolate \n"
		"Node 0, zone      DMA            1            7            0"
		"            0            0            0 \n"
		"Node 0, zone    DMA32            0          504            0"
		"            0            0            0 \n");
	assert_true(pos < cap);
	assert_string_equal(text, want);

	/* the per-type counts add up to buddyinfo's */
	for_each_populated_zone(m, zone)
		for (int o = 0; o < 11; o++) {
			unsigned long sum = 0;
			struct list_head *it;

			for (int mt = 0; mt < MIGRATE_TYPES; mt++)
				list_for_each(it, &zone->free_area[o].free_list[mt])
					sum++;
			assert_int_equal(sum, zone->free_area[o].nr_free);
		}
	free(want);
	free(text);
	mms_machine_free(m);
}

static void test_vmstat(void **state)
{
	struct machine *x = boot_spec("arch=x86_64 ram=1G");
	struct machine *i = boot_spec("arch=i386 ram=2G");
	char *tx = view_text(x, "/proc/vmstat"), *ti = view_text(i, "/proc/vmstat");
	char want[64];

	(void)state;
	/* vmstat_text[0] is NR_FREE_PAGES's "nr_free_pages" */
	snprintf(want, sizeof(want), "nr_free_pages %lu\n", nr_free_pages(x));
	assert_int_equal(strncmp(tx, want, strlen(want)), 0);
	snprintf(want, sizeof(want), "nr_free_pages %lu\n", nr_free_pages(i));
	assert_int_equal(strncmp(ti, want, strlen(want)), 0);
	/*
	 * TEXTS_FOR_ZONES: a name per configured zone.  x86_64: dma, dma32,
	 * normal, movable, device; i386: dma, normal, high, movable.
	 */
	assert_non_null(strstr(tx, "\npgalloc_dma "));
	assert_non_null(strstr(tx, "\npgalloc_dma32 "));
	assert_non_null(strstr(tx, "\npgalloc_normal "));
	assert_non_null(strstr(tx, "\npgalloc_movable "));
	assert_non_null(strstr(tx, "\npgalloc_device "));
	assert_null(strstr(tx, "pgalloc_high"));
	assert_non_null(strstr(tx, "\nallocstall_dma32 "));
	assert_non_null(strstr(ti, "\npgalloc_dma "));
	assert_non_null(strstr(ti, "\npgalloc_normal "));
	assert_non_null(strstr(ti, "\npgalloc_high "));
	assert_non_null(strstr(ti, "\npgalloc_movable "));
	assert_null(strstr(ti, "pgalloc_dma32"));
	assert_null(strstr(ti, "pgalloc_device"));
	assert_null(strstr(ti, "allocstall_dma32"));
	assert_non_null(strstr(ti, "\npgskip_high "));
	/* the order around the per-zone block */
	assert_true(strstr(tx, "\npgalloc_dma ") < strstr(tx, "\npgalloc_dma32 "));
	assert_true(strstr(tx, "\npgalloc_dma32 ") < strstr(tx, "\npgalloc_normal "));
	assert_true(strstr(ti, "\npgalloc_normal ") < strstr(ti, "\npgalloc_high "));
	/* every line is "name value" */
	for (const char *p = tx; *p; p = strchr(p, '\n') + 1) {
		const char *sp = strchr(p, ' '), *nl = strchr(p, '\n');

		assert_true(sp && nl && sp < nl);
		assert_int_equal(strspn(sp + 1, "0123456789"), (size_t)(nl - sp - 1));
	}
	free(tx);
	free(ti);
	mms_machine_free(x);
	mms_machine_free(i);
}

static void test_unknown_view(void **state)
{
	/* The views of src/kernel/api.c, in order. */
	static const char *const expect[] = {
		"/proc/meminfo", "/proc/vmstat", "/proc/zoneinfo", "/proc/buddyinfo",
		"/proc/pagetypeinfo", "/proc/sys/vm/min_free_kbytes",
		"/proc/sys/vm/watermark_scale_factor", "/proc/sys/vm/lowmem_reserve_ratio",
		"/proc/vmallocinfo", "/proc/slabinfo", "tlb", "caches", "clock", "dmesg",
		"/sys/kernel/mm/cma/reserved/alloc_pages_success",
		"/sys/kernel/mm/cma/reserved/alloc_pages_fail",
		/* the page cache's sysctls (page-writeback.c) */
		"/proc/sys/vm/dirty_ratio", "/proc/sys/vm/dirty_background_ratio",
		"/proc/sys/vm/dirty_bytes", "/proc/sys/vm/dirty_background_bytes",
		"/proc/sys/vm/dirty_expire_centisecs", "/proc/sys/vm/dirty_writeback_centisecs",
		"/proc/sys/vm/drop_caches",
		"/sys/kernel/slab",
	};
	struct machine *m = boot_spec("ram=64M");
	const char *const *paths = mms_view_paths();
	size_t n = 0;

	(void)state;
	assert_null(mms_view(m, "/proc/kpageflags"));
	assert_null(mms_view(m, "meminfo"));
	for (; paths[n]; n++) {
		char *t = mms_view(m, paths[n]);

		assert_true(n < N(expect));
		assert_string_equal(paths[n], expect[n]);
		assert_non_null(t);
		/*
		 * Every view has text right after boot but /proc/vmallocinfo:
		 * one line per vmap area, and nothing is vmalloc'ed yet; and
		 * the CMA area's sysfs files, which need cma= (test_cma.c).
		 */
		if (!strcmp(paths[n], "/proc/vmallocinfo") ||
		    !strncmp(paths[n], "/sys/kernel/mm/cma/", 19))
			assert_string_equal(t, "");
		else
			assert_true(strlen(t) > 0);
		free(t);
	}
	assert_int_equal(n, N(expect));
	mms_machine_free(m);
}

/* ---- independence and determinism ------------------------------------------------------------ */

static char *all_views(struct machine *m)
{
	const char *const *paths = mms_view_paths();
	size_t len = 0, cap = 1 << 16;
	char *out = malloc(cap);

	assert_non_null(out);
	out[0] = '\0';
	for (size_t i = 0; paths[i]; i++) {
		char *t = view_text(m, paths[i]);
		size_t need = strlen(paths[i]) + strlen(t) + 8;

		if (len + need >= cap) {
			while (len + need >= cap)
				cap *= 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		len += (size_t)sprintf(out + len, "== %s\n%s", paths[i], t);
		free(t);
	}
	return out;
}

static void test_two_machines(void **state)
{
	struct machine *a = boot_spec("arch=x86_64 ram=1G cpus=2");
	struct machine *b = boot_spec("arch=x86_64 ram=1G cpus=2");
	char *b_before = all_views(b), *a_before = all_views(a), *b_after, *a_after;
	unsigned long pfn[64], b_free = nr_free_pages(b);

	(void)state;
	/* the same config: the same machine */
	assert_string_equal(a_before, b_before);
	for (unsigned int i = 0; i < N(pfn); i++) {
		assert_int_equal(mms_set_cpu(a, (int)(i % 2)), 0);
		assert_int_equal(mms_alloc_pages(a, GFP_KERNEL, i % 5, NUMA_NO_NODE, &pfn[i]), 0);
	}
	mms_drain_all_pages(a);
	/* a's counters moved ... */
	a_after = all_views(a);
	assert_string_not_equal(a_after, a_before);
	assert_true(a->vm_events[PGALLOC_DMA32] + a->vm_events[PGALLOC_DMA] > 0);
	/* ... b's did not */
	b_after = all_views(b);
	assert_string_equal(b_after, b_before);
	assert_int_equal(nr_free_pages(b), b_free);
	assert_int_equal(b->vm_events[PGALLOC_DMA32] + b->vm_events[PGALLOC_DMA], 0);
	assert_int_equal(b->cpu, 0);
	free(b_after);
	/* frees go back to a only */
	for (unsigned int i = 0; i < N(pfn); i++)
		assert_int_equal(mms_free_pages(a, pfn[i], i % 5), 0);
	b_after = all_views(b);
	assert_string_equal(b_after, b_before);
	assert_int_equal(check_machine(a), 0);
	assert_int_equal(check_machine(b), 0);
	free(a_before);
	free(a_after);
	free(b_before);
	free(b_after);
	mms_machine_free(a);
	mms_machine_free(b);
}

/* Boot @spec, run a fixed sequence, return every view (dmesg included). */
static char *run_sequence(const char *spec)
{
	struct machine *m = boot_spec(spec);
	unsigned long pfn[200];
	char *out;

	for (unsigned int i = 0; i < N(pfn); i++) {
		unsigned int gfp = i % 3 == 0 ? GFP_KERNEL :
				   i % 3 == 1 ? GFP_HIGHUSER_MOVABLE : GFP_ATOMIC;

		assert_int_equal(mms_set_cpu(m, (int)(i % (unsigned int)m->nr_cpu_ids)), 0);
		assert_int_equal(mms_alloc_pages(m, gfp, i % 4, NUMA_NO_NODE, &pfn[i]), 0);
	}
	for (unsigned int i = 0; i < N(pfn); i += 2)
		assert_int_equal(mms_free_pages(m, pfn[i], i % 4), 0);
	out = all_views(m);
	mms_machine_free(m);
	return out;
}

static void test_determinism(void **state)
{
	static const char *const specs[] = {
		"arch=x86_64 ram=512M cpus=4 nodes=2 seed=7",
		"arch=i386 ram=1G cpus=3 seed=7",
	};

	(void)state;
	for (size_t i = 0; i < N(specs); i++) {
		char *one = run_sequence(specs[i]), *two = run_sequence(specs[i]);

		/* byte for byte, dmesg included */
		assert_string_equal(one, two);
		assert_non_null(strstr(one, "== dmesg\n"));
		free(one);
		free(two);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_out_of_range),
		cmocka_unit_test(test_config_checked_at_boot),
		cmocka_unit_test(test_bad_e820),
		cmocka_unit_test(test_gfp_parse),
		cmocka_unit_test(test_gfp_format),
		cmocka_unit_test(test_meminfo_x86_64),
		cmocka_unit_test(test_meminfo_i386),
		cmocka_unit_test(test_buddyinfo),
		cmocka_unit_test(test_pagetypeinfo),
		cmocka_unit_test(test_vmstat),
		cmocka_unit_test(test_unknown_view),
		cmocka_unit_test(test_two_machines),
		cmocka_unit_test(test_determinism),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
