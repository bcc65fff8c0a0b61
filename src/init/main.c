// SPDX-License-Identifier: MIT
/*
 * main.c - booting a machine (init/main.c start_kernel, with the memory
 * half of arch/x86/kernel/setup.c setup_arch).
 *
 * The order is Linux's:
 *   setup_arch      firmware map, trim, max_pfn, memblock, kernel image,
 *                   NUMA nodes, NODE_DATA, the CMA area (cma=), the memory
 *                   map, free_area_init
 *   setup_per_cpu_areas  the first per-CPU chunk ("percpu: Embedded ...")
 *   build_all_zonelists                    ("Built 1 zonelists ...")
 *   mm_core_init    memblock_free_all, per-CPU pagesets, "Memory: ..."
 *   initcalls       cma_init_reserved_areas (MIGRATE_CMA pageblocks to the
 *                   buddy), init_per_zone_wmark_min (watermarks, lowmem reserve)
 *   free_initmem    "Freeing unused kernel image (initmem) memory"
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "cma.h"
#include "e820.h"
#include "highmem.h"
#include "internal.h"
#include "sched.h"
#include "mmu.h"
#include "pagemap.h"
#include "percpu.h"
#include "slab.h"
#include "vmalloc.h"

void vm_release(struct machine *m);	/* mm/util.c (mm.h clashes with <sys/mman.h>) */

/* The simulated kernel image: a small configuration so 16 MiB boots. */
static const struct kernel_image default_image = {
	.text_kb = 2048, .rodata_kb = 1024, .rwdata_kb = 512,
	.init_kb = 512, .bss_kb = 512,
};

#define BOOT_ERR(...) do { snprintf(err, errlen, __VA_ARGS__); return -EINVAL; } while (0)

static unsigned long image_kb(const struct kernel_image *img)
{
	return img->text_kb + img->rodata_kb + img->rwdata_kb + img->init_kb + img->bss_kb;
}

/*
 * reserve_kernel_image - load the image at CONFIG_PHYSICAL_START, or at
 * 1 MiB where RAM ends below that (the relocatable kernel's choice), and
 * reserve it.
 */
static int reserve_kernel_image(struct machine *m, char *err, size_t errlen)
{
	phys_addr_t size = (phys_addr_t)image_kb(&m->image) << 10;
	phys_addr_t candidates[] = { m->arch->physical_start, 0x100000 };

	for (size_t i = 0; i < 2; i++) {
		phys_addr_t base = candidates[i];

		if (!memblock_is_region_memory(&m->memblock, base, size))
			continue;
		m->image.start = base;
		m->image.init_start = base + ((phys_addr_t)(m->image.text_kb +
				m->image.rodata_kb + m->image.rwdata_kb) << 10);
		memblock_reserve(&m->memblock, base, size);
		return 0;
	}
	BOOT_ERR("RAM too small: no usable range holds the %luK kernel image at %#llx or %#llx",
		 image_kb(&m->image), (unsigned long long)candidates[0],
		 (unsigned long long)candidates[1]);
}

/*
 * numa_init - split RAM evenly into nodes (as numa=fake=N does), each
 * boundary on a pageblock, and give the CPUs to the nodes in order.
 */
static int numa_init(struct machine *m, char *err, size_t errlen)
{
	unsigned long per_node = (m->max_pfn / (unsigned long)m->nr_node_ids) &
				 ~(m->pageblock_nr_pages - 1);

	if (per_node == 0)
		BOOT_ERR("nodes=%d: RAM too small for %d nodes of at least one %luK pageblock",
			 m->nr_node_ids, m->nr_node_ids, m->pageblock_nr_pages << 2);
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		phys_addr_t base = PFN_PHYS(per_node * (unsigned long)nid);
		phys_addr_t end = nid == m->nr_node_ids - 1 ? ~(phys_addr_t)0 - 1 :
				  PFN_PHYS(per_node * (unsigned long)(nid + 1));

		memblock_set_node(&m->memblock, base, end - base, nid);
	}
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		unsigned long s = per_node * (unsigned long)nid;
		unsigned long e = nid == m->nr_node_ids - 1 ? m->max_pfn : s + per_node;
		const struct memblock_type *mem = &m->memblock.memory;
		bool has = false;

		for (unsigned long i = 0; i < mem->cnt; i++)
			if (mem->regions[i].nid == nid)
				has = true;
		if (!has)
			BOOT_ERR("nodes=%d: node %d [mem 0x%016llx-0x%016llx] has no usable RAM",
				 m->nr_node_ids, nid, (unsigned long long)PFN_PHYS(s),
				 (unsigned long long)PFN_PHYS(e) - 1);
	}
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++)
		m->cpus[cpu].node = cpu * m->nr_node_ids / m->nr_cpu_ids;
	return 0;
}

/* alloc_node_data - each node's pglist_data, in its own RAM via memblock. */
static int alloc_node_data(struct machine *m, char *err, size_t errlen)
{
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		size_t size = sizeof(pg_data_t);
		phys_addr_t pa = memblock_phys_alloc_node(&m->memblock, size, 64, nid);

		if (!pa)
			BOOT_ERR("out of boot memory for NODE_DATA(%d)", nid);
		m->node_data[nid] = phys_to_virt_host(m, pa);
		memset(m->node_data[nid], 0, size);
		m->node_data[nid]->node_id = nid;
		m->node_data[nid]->machine = m;
		if (m->arch->bits == 64)	/* a NUMA kernel's line (i386: !NUMA) */
			pr_info(m, "NODE_DATA(%d) allocated [mem 0x%08llx-0x%08llx]", nid,
				(unsigned long long)pa, (unsigned long long)(pa + size - 1));
	}
	return 0;
}

/*
 * alloc_memmap - the struct page array: one host array (the vmemmap), and
 * on each node the frames that hold that node's part, reserved.
 */
static int alloc_memmap(struct machine *m, char *err, size_t errlen)
{
	unsigned long sect = m->arch->bits == 64 ? 1UL << 15 : 1UL << 14;
	const struct memblock_type *mem = &m->memblock.memory;

	m->memmap_pfns = (m->max_pfn + sect - 1) & ~(sect - 1);
	m->vmemmap_len = m->memmap_pfns * sizeof(struct page);
	/*
	 * memmap_init writes every struct page, so fault the array in at
	 * once (one host fault per page would make a 64G boot take seconds).
	 */
	m->vmemmap = mmap(NULL, m->vmemmap_len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_POPULATE, -1, 0);
	if (m->vmemmap == MAP_FAILED) {
		m->vmemmap = NULL;
		BOOT_ERR("cannot reserve %zu bytes of host memory for the memory map",
			 m->vmemmap_len);
	}
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		unsigned long s = ~0UL, e = 0;
		size_t size;

		for (unsigned long i = 0; i < mem->cnt; i++) {
			if (mem->regions[i].nid != nid)
				continue;
			if (PFN_DOWN(mem->regions[i].base) < s)
				s = PFN_DOWN(mem->regions[i].base);
			if (PFN_UP(mem->regions[i].base + mem->regions[i].size) > e)
				e = PFN_UP(mem->regions[i].base + mem->regions[i].size);
		}
		/* Linux's struct page is 64 bytes on x86_64, 32 on i386. */
		size = ((e - s) * (m->arch->bits == 64 ? 64 : 32) + PAGE_SIZE - 1) & PAGE_MASK;
		if (!memblock_phys_alloc_node(&m->memblock, size, PAGE_SIZE, nid))
			BOOT_ERR("out of boot memory for node %d's memory map (%zuK)",
				 nid, size >> 10);
	}
	return 0;
}

static int setup_ram(struct machine *m, char *err, size_t errlen)
{
	uint64_t end = e820_end_of_ram(&m->e820);
	uint64_t max_arch_pfn = m->arch->max_phys >> PAGE_SHIFT;

	m->max_pfn = PFN_DOWN(end);
	if (m->max_pfn > max_arch_pfn) {
		m->max_pfn = max_arch_pfn;
		if (m->arch->max_phys_warning)
			pr_warn(m, "%s", m->arch->max_phys_warning);
	}
	pr_info(m, "last_pfn = %#lx max_arch_pfn = %#llx", m->max_pfn,
		(unsigned long long)max_arch_pfn);
	m->ram_len = PFN_PHYS(m->max_pfn);
	m->ram = mmap(NULL, m->ram_len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m->ram == MAP_FAILED) {
		m->ram = NULL;
		BOOT_ERR("cannot reserve %zu bytes of host memory for RAM", m->ram_len);
	}
	madvise(m->ram, m->ram_len, MADV_HUGEPAGE);
	return 0;
}

/*
 * The i386 kernel's lowmem/highmem report (arch/x86/mm/init_32.c
 * initmem_init): a CONFIG_HIGHMEM kernel prints both lines, "0MB HIGHMEM
 * available." too when all RAM is lowmem.
 */
static void print_lowmem_highmem(struct machine *m, unsigned long max_low_pfn)
{
	if (!m->arch->has_zone[ZONE_HIGHMEM])
		return;
	pr_notice(m, "%luMB HIGHMEM available.", (m->max_pfn - max_low_pfn) >> 8);
	pr_notice(m, "%luMB LOWMEM available.", max_low_pfn >> 8);
}

/* zone_sizes_init - each zone's highest pfn, then free_area_init. */
static int zone_sizes_init(struct machine *m, char *err, size_t errlen)
{
	unsigned long max_zone_pfn[MAX_NR_ZONES] = { 0 };
	/* Lowmem ends at MAXMEM on i386 (see arch/layout.c). */
	unsigned long max_low_pfn = PFN_DOWN(m->layout.high_memory - m->layout.page_offset);
	print_lowmem_highmem(m, max_low_pfn);
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		uint64_t limit = m->arch->zone_limit[i] >> PAGE_SHIFT;

		if (!m->arch->has_zone[i] || i == ZONE_DEVICE || i == ZONE_MOVABLE)
			continue;
		if (i == ZONE_HIGHMEM)
			max_zone_pfn[i] = m->max_pfn;
		else if (i == ZONE_NORMAL)
			max_zone_pfn[i] = max_low_pfn;
		else
			max_zone_pfn[i] = limit && limit < max_low_pfn ? limit : max_low_pfn;
	}
	if (free_area_init(m, max_zone_pfn))
		BOOT_ERR("out of boot memory for the pageblock flags");
	return 0;
}

static int setup_arch(struct machine *m, char *err, size_t errlen)
{
	int ret;

	pr_info(m, "BIOS-provided physical RAM map:");
	e820_print_table(m, "BIOS-e820");
	e820_trim_bios_range(m);
	ret = setup_ram(m, err, errlen);
	if (ret)
		return ret;
	if (memblock_init(&m->memblock) || e820_memblock_setup(m))
		BOOT_ERR("out of host memory for memblock");
	/*
	 * Boot allocations must be reachable through the kernel's direct
	 * map: on i386 that is lowmem only (memblock_set_current_limit).
	 */
	setup_kernel_layout(m);
	if (m->arch->bits == 32)
		m->memblock.current_limit = m->layout.high_memory - m->layout.page_offset;
	/* trim_low_memory_range: the BIOS may scribble on the first 64K. */
	memblock_reserve(&m->memblock, 0, 64 << 10);
	ret = reserve_kernel_image(m, err, errlen);
	if (!ret)
		ret = numa_init(m, err, errlen);
	if (!ret)
		ret = paging_init(m, err, errlen);
	if (!ret)
		ret = alloc_node_data(m, err, errlen);
	/* x86: dma_contiguous_reserve(max_pfn_mapped << PAGE_SHIFT) after initmem_init */
	if (!ret)
		dma_contiguous_reserve(m, m->layout.high_memory - m->layout.page_offset);
	if (!ret)
		ret = alloc_memmap(m, err, errlen);
	if (!ret)
		ret = zone_sizes_init(m, err, errlen);
	return ret;
}

/*
 * init_per_zone_wmark_min - the core_initcall that sizes min_free_kbytes,
 * the watermarks and the lowmem reserves; a configured min_free_kbytes
 * is then applied as writing the sysctl would.
 */
static void init_per_zone_wmark_min(struct machine *m)
{
	calculate_min_free_kbytes(m);
	setup_per_zone_wmarks(m);
	setup_per_zone_lowmem_reserve(m);
	if (m->cfg.min_free_kbytes >= 0) {
		m->min_free_kbytes = (unsigned long)m->cfg.min_free_kbytes;
		m->user_min_free_kbytes = m->min_free_kbytes;
		setup_per_zone_wmarks(m);
	}
}

static int mm_core_init(struct machine *m, char *err, size_t errlen)
{
	struct zone *zone;

	memblock_free_all(m);
	for_each_populated_zone(m, zone)
		setup_zone_pageset(m, zone);
	mem_init_print_info(m);
	print_kernel_layout(m);
	if (kmem_cache_init(m))
		BOOT_ERR("out of host memory for the slab caches");
	if (vmalloc_init(m) || kmap_init(m))
		BOOT_ERR("out of host memory for vmalloc");
	/* start_kernel: anon_vma_init, fork_init, proc_caches_init */
	if (anon_vma_init(m) || fork_init(m) || proc_caches_init(m))
		BOOT_ERR("out of host memory for the kernel's caches");
	/* radix_tree_init, vfs_caches_init, shmem_init, page_writeback_init */
	if (pagecache_init(m))
		BOOT_ERR("out of host memory for the page cache");
	if (m->totalram_pages < 1024)
		BOOT_ERR("RAM too small: only %luK left after the kernel (at least 4096K needed)",
			 m->totalram_pages << 2);
	return 0;
}

static void init_cpus(struct machine *m)
{
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		m->cpus[cpu].id = cpu;
		snprintf(m->cpus[cpu].comm, sizeof(m->cpus[cpu].comm), "swapper/%u",
			 (unsigned char)cpu);
		m->cpus[cpu].pid = 0;
	}
	m->cpu = 0;
}

/**
 * mms_machine_boot - build a machine from @cfg and boot it to the point
 * where the page allocator runs.  NULL and a message in @err on failure.
 */
mms_machine *mms_machine_boot(const struct mms_config *cfg, char *err, size_t errlen)
{
	struct machine *m;
	int ret;

	if (config_validate(cfg, err, errlen))
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m) {
		snprintf(err, errlen, "out of host memory");
		return NULL;
	}
	m->cfg = *cfg;
	m->arch = arch_lookup(cfg->arch);
	m->nr_node_ids = cfg->nodes;
	m->nr_cpu_ids = cfg->cpus;
	m->pageblock_order = m->arch->pageblock_order;
	m->pageblock_nr_pages = 1UL << m->pageblock_order;
	m->watermark_scale_factor = cfg->watermark_scale_factor;
	m->image = default_image;
	prandom_seed_state(&m->rnd, cfg->seed);
	printk_init(&m->log);
	init_cpus(m);

	if (cfg->nr_e820) {
		m->e820.nr_entries = cfg->nr_e820;
		memcpy(m->e820.entries, cfg->e820, sizeof(cfg->e820[0]) * (size_t)cfg->nr_e820);
	} else {
		e820_default_table(&m->e820, cfg->ram);
	}
	if (e820_validate(&m->e820, err, errlen))
		goto fail;

	pr_info(m, "Linux version 6.6.0-mmsim (mmsim %s) #1 SMP PREEMPT_DYNAMIC",
		mms_version());
	ret = setup_arch(m, err, errlen);
	if (!ret)
		ret = setup_per_cpu_areas(m, err, errlen);
	if (ret)
		goto fail;
	build_all_zonelists(m);
	ret = mm_core_init(m, err, errlen);
	if (ret)
		goto fail;
	cma_init_reserved_areas(m);	/* core_initcall, before the watermarks */
	init_per_zone_wmark_min(m);
	free_initmem(m);
	m->booted = true;
	return m;
fail:
	mms_machine_free(m);
	return NULL;
}

/**
 * mms_machine_free - release everything a machine holds on the host.
 */
void mms_machine_free(mms_machine *m)
{
	if (!m)
		return;
	vm_release(m);		/* tasks and address spaces, before their caches */
	pagecache_release(m);
	kmem_cache_release_all(m);
	percpu_release(m);
	vmalloc_release(m);
	kmap_release(m);
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		struct cpu_state *c = &m->cpus[cpu];

		tlb_release(&c->tlb);
		cache_release(&c->caches.l1d);
		cache_release(&c->caches.l1i);
		cache_release(&c->caches.l2);
	}
	cache_release(&m->llc);
	if (m->ram) {
		for (int nid = 0; nid < m->nr_node_ids; nid++) {
			pg_data_t *pgdat = m->node_data[nid];

			if (!pgdat)
				continue;
			for (int z = 0; z < MAX_NR_ZONES; z++)
				free(pgdat->node_zones[z].per_cpu_pageset);
		}
		munmap(m->ram, m->ram_len);
	}
	if (m->vmemmap)
		munmap(m->vmemmap, m->vmemmap_len);
	memblock_release(&m->memblock);
	cma_state_release(m);
	printk_release(&m->log);
	free(m);
}

/**
 * mms_version - the version of libmmsim.
 */
const char *mms_version(void)
{
	return MMSIM_VERSION;
}
