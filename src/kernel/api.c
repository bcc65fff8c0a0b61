// SPDX-License-Identifier: MIT
/*
 * api.c - the public mms_* entry points over the simulated kernel: views
 * by path (the /proc of the machine), kernel-level page allocator
 * experiments, the invariant checker.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cma.h"
#include "highmem.h"
#include "internal.h"
#include "mm.h"
#include "mmu.h"
#include "slab.h"
#include "vmalloc.h"
#include "writeback.h"

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
	{ "/proc/vmallocinfo", show_vmallocinfo },
	{ "/proc/slabinfo", show_slabinfo },
	{ "tlb", show_tlb },
	{ "caches", show_caches },
	{ "clock", show_clock },
	{ "dmesg", show_dmesg },
	{ "/sys/kernel/mm/cma/reserved/alloc_pages_success", show_cma_default_alloc_pages_success },
	{ "/sys/kernel/mm/cma/reserved/alloc_pages_fail", show_cma_default_alloc_pages_fail },
	{ "/proc/sys/vm/dirty_ratio", show_vm_dirty_ratio },
	{ "/proc/sys/vm/dirty_background_ratio", show_vm_dirty_background_ratio },
	{ "/proc/sys/vm/dirty_bytes", show_vm_dirty_bytes },
	{ "/proc/sys/vm/dirty_background_bytes", show_vm_dirty_background_bytes },
	{ "/proc/sys/vm/dirty_expire_centisecs", show_vm_dirty_expire_centisecs },
	{ "/proc/sys/vm/dirty_writeback_centisecs", show_vm_dirty_writeback_centisecs },
	{ "/proc/sys/vm/drop_caches", show_vm_drop_caches },
};
#define NR_VIEWS (sizeof(views) / sizeof(views[0]))

/**
 * mms_view - the text of the view at @path, malloc'd; NULL if unknown.
 */
/* Views with a variable part: a directory tree under a prefix. */
static const struct {
	const char *prefix;
	int (*show)(struct machine *m, const char *rest, struct seq_file *s);
} dir_views[] = {
	{ "/sys/kernel/slab", slab_sysfs_show },
	{ "/proc", proc_pid_show },		/* /proc/PID/maps, /proc/NAME/smaps ... */
};

char *mms_view(mms_machine *m, const char *path)
{
	for (size_t i = 0; i < sizeof(dir_views) / sizeof(dir_views[0]); i++) {
		size_t n = strlen(dir_views[i].prefix);

		if (!strncmp(path, dir_views[i].prefix, n) && (!path[n] || path[n] == '/')) {
			struct seq_file s;

			seq_init(&s);
			if (dir_views[i].show(m, path + n, &s)) {
				seq_release(&s);
				continue;	/* maybe a fixed view (/proc/meminfo) */
			}
			return seq_detach(&s);
		}
	}
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
	static const char *paths[NR_VIEWS + 2];

	for (size_t i = 0; i < NR_VIEWS; i++)
		paths[i] = views[i].path;
	paths[NR_VIEWS] = "/sys/kernel/slab";	/* and /CACHE, /CACHE/ATTR */
	paths[NR_VIEWS + 1] = NULL;
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

/* The process sysctls (mm/util.c, mm/mmap.c, kernel/sysctl.c): integer ranges. */
static int sysctl_vm_int(struct machine *m, const char *name, const char *v, long lo, long hi,
			 char *err, size_t n, long *out)
{
	long x;

	if (parse_long(v, &x) || x < lo || x > hi) {
		snprintf(err, n, "%s=%s: must be a number from %ld to %ld", name, v, lo, hi);
		return -EINVAL;
	}
	vm_state_get(m);
	*out = x;
	return 0;
}

static int sysctl_overcommit_memory(struct machine *m, const char *v, char *err, size_t n)
{
	long x;
	int r = sysctl_vm_int(m, "vm.overcommit_memory", v, 0, 2, err, n, &x);

	if (!r)
		m->vm->overcommit_memory = (int)x;
	return r;
}

static int sysctl_overcommit_ratio(struct machine *m, const char *v, char *err, size_t n)
{
	long x;
	int r = sysctl_vm_int(m, "vm.overcommit_ratio", v, 0, 0x7fffffffL, err, n, &x);

	if (!r) {	/* overcommit_ratio_handler: a ratio clears the kbytes */
		m->vm->overcommit_ratio = (int)x;
		m->vm->overcommit_kbytes = 0;
	}
	return r;
}

static int sysctl_overcommit_kbytes(struct machine *m, const char *v, char *err, size_t n)
{
	long x;
	int r = sysctl_vm_int(m, "vm.overcommit_kbytes", v, 0, 0x7fffffffffffL, err, n, &x);

	if (!r)		/* overcommit_kbytes_handler: kbytes win over the ratio */
		m->vm->overcommit_kbytes = (unsigned long)x;
	return r;
}

static int sysctl_max_map_count(struct machine *m, const char *v, char *err, size_t n)
{
	long x;
	int r = sysctl_vm_int(m, "vm.max_map_count", v, 0, 0x7fffffffL, err, n, &x);

	if (!r)
		m->vm->max_map_count = (int)x;
	return r;
}

static int sysctl_randomize_va_space(struct machine *m, const char *v, char *err, size_t n)
{
	long x;
	int r = sysctl_vm_int(m, "kernel.randomize_va_space", v, 0, 2, err, n, &x);

	if (!r)
		m->vm->randomize_va_space = (int)x;
	return r;
}

static const struct {
	const char *name;
	int (*write)(struct machine *m, const char *v, char *err, size_t n);
} sysctls[] = {
	{ "vm.min_free_kbytes", sysctl_min_free_kbytes },
	{ "vm.watermark_scale_factor", sysctl_watermark_scale_factor },
	{ "vm.overcommit_memory", sysctl_overcommit_memory },
	{ "vm.overcommit_ratio", sysctl_overcommit_ratio },
	{ "vm.overcommit_kbytes", sysctl_overcommit_kbytes },
	{ "vm.max_map_count", sysctl_max_map_count },
	{ "kernel.randomize_va_space", sysctl_randomize_va_space },
};

/**
 * mms_sysctl_write - write a sysctl; see mmsim.h.
 */
int mms_sysctl_write(mms_machine *m, const char *name, const char *value,
		     char *err, size_t errlen)
{
	int ret;

	for (size_t i = 0; i < sizeof(sysctls) / sizeof(sysctls[0]); i++)
		if (!strcmp(sysctls[i].name, name))
			return sysctls[i].write(m, value, err, errlen);
	/* the writeback sysctls and drop_caches (page-writeback.c) */
	ret = writeback_sysctl_write(m, name, value, err, errlen);
	if (ret <= 0)
		return ret;
	snprintf(err, errlen, "unknown sysctl '%s'", name);
	return -EINVAL;
}

/* ---- the hardware layer ---- */

static int parse_access(const char *a, enum mmu_access *out)
{
	static const char *const names[] = { "read", "write", "fetch" };

	for (int i = 0; i < 3; i++)
		if (!strcmp(a, names[i])) {
			*out = (enum mmu_access)i;
			return 0;
		}
	return -EINVAL;
}

/**
 * mms_translate_text - see mmsim.h.
 */
char *mms_translate_text(mms_machine *m, uint64_t va, const char *access,
			 const char *mode, int *err)
{
	enum mmu_access acc = ACCESS_READ;
	enum mmu_mode md = MODE_KERNEL;
	struct seq_file s;

	if ((access && parse_access(access, &acc)) ||
	    (mode && strcmp(mode, "kernel") && strcmp(mode, "user"))) {
		*err = -EINVAL;
		return NULL;
	}
	if (mode && !strcmp(mode, "user"))
		md = MODE_USER;
	seq_init(&s);
	show_walk(m, &s, va, acc, md);
	*err = 0;
	return seq_detach(&s);
}

/**
 * mms_pagetable_text - see mmsim.h.
 */
char *mms_pagetable_text(mms_machine *m, uint64_t start, uint64_t end)
{
	struct seq_file s;

	seq_init(&s);
	show_pagetable(m, &s, &m->init_mm, start, end);
	return seq_detach(&s);
}

/* A kernel access that faults: Linux's oops line for a bad kernel access. */
static int kernel_access(struct machine *m, uint64_t va, void *buf, size_t len,
			 bool write)
{
	int ret = write ? mmu_write(m, va, buf, len, MODE_KERNEL) :
			  mmu_read(m, va, buf, len, MODE_KERNEL);

	if (ret)
		printk(m, "BUG: unable to handle page fault for address: %016llx\n"
		       "#PF: supervisor %s access in kernel mode",
		       (unsigned long long)va, write ? "write" : "read");
	return ret;
}

/** mms_kernel_read - see mmsim.h. */
int mms_kernel_read(mms_machine *m, uint64_t va, void *buf, size_t len)
{
	return kernel_access(m, va, buf, len, false);
}

/** mms_kernel_write - see mmsim.h. */
int mms_kernel_write(mms_machine *m, uint64_t va, const void *buf, size_t len)
{
	return kernel_access(m, va, (void *)buf, len, true);
}

/** mms_vmalloc - see mmsim.h. */
int mms_vmalloc(mms_machine *m, size_t size, int zero, int nid, uint64_t *addr)
{
	if (nid != NUMA_NO_NODE && (nid < 0 || nid >= m->nr_node_ids))
		return -EINVAL;
	*addr = __vmalloc_node(m, size, GFP_KERNEL | (zero ? __GFP_ZERO : 0), nid,
			       zero ? "vzalloc" : "vmalloc");
	return *addr ? 0 : -ENOMEM;
}

/** mms_vfree - see mmsim.h; -EINVAL (and a WARNING) for a bad address. */
int mms_vfree(mms_machine *m, uint64_t addr)
{
	unsigned long lines = m->log.lines;

	vfree(m, addr);
	return m->log.lines != lines ? -EINVAL : 0;
}

/** mms_vmap - see mmsim.h. */
int mms_vmap(mms_machine *m, const unsigned long *pfns, unsigned int count, uint64_t *addr)
{
	struct page **pages;

	if (!count)
		return -EINVAL;
	pages = calloc(count, sizeof(*pages));
	if (!pages)
		return -ENOMEM;
	for (unsigned int i = 0; i < count; i++) {
		if (!pfn_valid(m, pfns[i])) {
			free(pages);
			return -EINVAL;
		}
		pages[i] = pfn_to_page(m, pfns[i]);
	}
	*addr = vmap(m, pages, count, VM_MAP);
	free(pages);
	return *addr ? 0 : -ENOMEM;
}

/** mms_vunmap - see mmsim.h. */
int mms_vunmap(mms_machine *m, uint64_t addr)
{
	unsigned long lines = m->log.lines;

	vunmap(m, addr);
	return m->log.lines != lines ? -EINVAL : 0;
}

/** mms_kmap - see mmsim.h; -EAGAIN when the pool is full. */
int mms_kmap(mms_machine *m, unsigned long pfn, uint64_t *addr)
{
	if (!pfn_valid(m, pfn))
		return -EINVAL;
	*addr = kmap(m, pfn_to_page(m, pfn));
	return *addr ? 0 : -EAGAIN;
}

/** mms_kunmap - see mmsim.h; -EINVAL (and a BUG report) if not kmapped. */
int mms_kunmap(mms_machine *m, unsigned long pfn)
{
	unsigned long lines = m->log.lines;

	if (!pfn_valid(m, pfn))
		return -EINVAL;
	kunmap(m, pfn_to_page(m, pfn));
	return m->log.lines != lines ? -EINVAL : 0;
}

/** mms_kmap_local - see mmsim.h. */
int mms_kmap_local(mms_machine *m, unsigned long pfn, uint64_t *addr)
{
	if (!pfn_valid(m, pfn))
		return -EINVAL;
	*addr = kmap_local_page(m, pfn_to_page(m, pfn));
	return *addr ? 0 : -EINVAL;
}

/** mms_kunmap_local - see mmsim.h. */
int mms_kunmap_local(mms_machine *m, uint64_t addr)
{
	unsigned long lines = m->log.lines;

	kunmap_local(m, addr);
	return m->log.lines != lines ? -EINVAL : 0;
}

/** mms_flush_tlb_all - see mmsim.h. */
void mms_flush_tlb_all(mms_machine *m)
{
	flush_tlb_all(m);
}
