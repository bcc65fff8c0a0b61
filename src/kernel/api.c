// SPDX-License-Identifier: MIT
/*
 * api.c - the public mms_* entry points over the simulated kernel: views
 * by path (the /proc of the machine), kernel-level page allocator
 * experiments, the invariant checker.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

static void show_dmesg(struct machine *m, struct seq_file *s)
{
	if (m->log.buf)
		seq_puts(s, m->log.buf);
}

static void show_min_free_kbytes(struct machine *m, struct seq_file *s)
{
	seq_printf(s, "%lu\n", m->min_free_kbytes);
}

static void show_watermark_scale_factor(struct machine *m, struct seq_file *s)
{
	seq_printf(s, "%d\n", m->watermark_scale_factor);
}

/* lowmem_reserve_ratio: one number per configured zone, tab separated. */
static void show_lowmem_reserve_ratio(struct machine *m, struct seq_file *s)
{
	bool first = true;

	for (int i = 0; i < MAX_NR_ZONES; i++) {
		if (!m->arch->has_zone[i])
			continue;
		seq_printf(s, "%s%d", first ? "" : "\t", m->arch->lowmem_reserve_ratio[i]);
		first = false;
	}
	seq_putc(s, '\n');
}

static const struct {
	const char *path;
	void (*show)(struct machine *m, struct seq_file *s);
} views[] = {
	{ "/proc/meminfo", show_meminfo },
	{ "/proc/vmstat", show_vmstat },
	{ "/proc/zoneinfo", show_zoneinfo },
	{ "/proc/buddyinfo", show_buddyinfo },
	{ "/proc/pagetypeinfo", show_pagetypeinfo },
	{ "/proc/sys/vm/min_free_kbytes", show_min_free_kbytes },
	{ "/proc/sys/vm/watermark_scale_factor", show_watermark_scale_factor },
	{ "/proc/sys/vm/lowmem_reserve_ratio", show_lowmem_reserve_ratio },
	{ "dmesg", show_dmesg },
};
#define NR_VIEWS (sizeof(views) / sizeof(views[0]))

/**
 * mms_view - the text of the view at @path, malloc'd; NULL if unknown.
 */
char *mms_view(mms_machine *m, const char *path)
{
	for (size_t i = 0; i < NR_VIEWS; i++) {
		if (!strcmp(views[i].path, path)) {
			struct seq_file s;

			seq_init(&s);
			views[i].show(m, &s);
			return seq_detach(&s);
		}
	}
	return NULL;
}

/**
 * mms_view_paths - the paths mms_view knows, NULL-terminated.
 */
const char *const *mms_view_paths(void)
{
	static const char *paths[NR_VIEWS + 1];

	for (size_t i = 0; i < NR_VIEWS; i++)
		paths[i] = views[i].path;
	paths[NR_VIEWS] = NULL;
	return paths;
}

/**
 * mms_set_cpu - run later calls on simulated CPU @cpu.
 */
int mms_set_cpu(mms_machine *m, int cpu)
{
	if (cpu < 0 || cpu >= m->nr_cpu_ids)
		return -EINVAL;
	m->cpu = cpu;
	return 0;
}

/**
 * mms_gfp_parse - GFP flags from text, naming the bad word in @err.
 */
int mms_gfp_parse(const char *text, unsigned int *gfp, char *err, size_t errlen)
{
	char bad[64];

	if (gfp_parse(text, gfp, bad, sizeof(bad))) {
		snprintf(err, errlen, "unknown GFP flag '%s'", bad);
		return -EINVAL;
	}
	return 0;
}

/**
 * mms_alloc_pages - alloc_pages_node from outside the kernel.
 */
int mms_alloc_pages(mms_machine *m, unsigned int gfp, unsigned int order, int nid,
		    unsigned long *pfn)
{
	struct page *page;

	if (order > MAX_PAGE_ORDER)
		return -EINVAL;
	if (nid != NUMA_NO_NODE && (nid < 0 || nid >= m->nr_node_ids))
		return -EINVAL;
	page = alloc_pages_node(m, nid, gfp, order);
	if (!page)
		return -ENOMEM;
	*pfn = page_to_pfn(m, page);
	return 0;
}

/**
 * mms_free_pages - __free_pages of the block at @pfn.  A free the kernel
 * would complain about is reported in dmesg and returns -EINVAL.
 */
int mms_free_pages(mms_machine *m, unsigned long pfn, unsigned int order)
{
	unsigned long bad = m->nr_bad_pages;

	if (!pfn_valid(m, pfn)) {
		printk(m, "WARNING: CPU: %d PID: %d at mm/page_alloc.c: __free_pages: pfn %#lx has no struct page",
		       m->cpu, this_cpu(m)->pid, pfn);
		return -EINVAL;
	}
	if (order > MAX_PAGE_ORDER) {
		printk(m, "WARNING: CPU: %d PID: %d at mm/page_alloc.c: __free_pages: order %u > MAX_PAGE_ORDER",
		       m->cpu, this_cpu(m)->pid, order);
		return -EINVAL;
	}
	__free_pages(m, pfn_to_page(m, pfn), order);
	return m->nr_bad_pages != bad ? -EINVAL : 0;
}

/**
 * mms_drain_all_pages - drain every CPU's pcp lists.
 */
void mms_drain_all_pages(mms_machine *m)
{
	drain_all_pages(m, NULL);
}

/**
 * mms_check - the invariant checker.
 */
int mms_check(mms_machine *m)
{
	return check_machine(m);
}

/**
 * mms_page_zone - which node and zone the frame @pfn belongs to.
 */
int mms_page_zone(mms_machine *m, unsigned long pfn, int *nid, const char **zone)
{
	struct page *page;

	if (!pfn_valid(m, pfn))
		return -EINVAL;
	page = pfn_to_page(m, pfn);
	*nid = page_to_nid(page);
	*zone = zone_names[page_zonenum(page)];
	return 0;
}

/* vm.min_free_kbytes: min_free_kbytes_sysctl_handler (range 0 .. INT_MAX). */
static int sysctl_min_free_kbytes(struct machine *m, const char *v, char *err, size_t n)
{
	long x;

	if (parse_long(v, &x) || x < 0 || x > 0x7fffffffL) {
		snprintf(err, n, "vm.min_free_kbytes=%s: must be a number from 0 to 2147483647", v);
		return -EINVAL;
	}
	m->min_free_kbytes = (unsigned long)x;
	m->user_min_free_kbytes = (unsigned long)x;
	setup_per_zone_wmarks(m);
	return 0;
}

/* vm.watermark_scale_factor: watermark_scale_factor_sysctl_handler (1 .. 3000). */
static int sysctl_watermark_scale_factor(struct machine *m, const char *v, char *err,
					 size_t n)
{
	long x;

	if (parse_long(v, &x) || x < 1 || x > 3000) {
		snprintf(err, n, "vm.watermark_scale_factor=%s: must be a number from 1 to 3000", v);
		return -EINVAL;
	}
	m->watermark_scale_factor = (int)x;
	setup_per_zone_wmarks(m);
	return 0;
}

static const struct {
	const char *name;
	int (*write)(struct machine *m, const char *v, char *err, size_t n);
} sysctls[] = {
	{ "vm.min_free_kbytes", sysctl_min_free_kbytes },
	{ "vm.watermark_scale_factor", sysctl_watermark_scale_factor },
};

/**
 * mms_sysctl_write - write a sysctl; see mmsim.h.
 */
int mms_sysctl_write(mms_machine *m, const char *name, const char *value,
		     char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof(sysctls) / sizeof(sysctls[0]); i++)
		if (!strcmp(sysctls[i].name, name))
			return sysctls[i].write(m, value, err, errlen);
	snprintf(err, errlen, "unknown sysctl '%s'", name);
	return -EINVAL;
}
