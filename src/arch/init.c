// SPDX-License-Identifier: MIT
/*
 * init.c - the kernel's own page table at boot (Linux arch/x86/mm/init.c
 * init_mem_mapping, init_64.c / init_32.c kernel_physical_mapping_init,
 * preallocate_vmalloc_pages, permanent_kmaps_init).
 *
 * swapper_pg_dir maps all RAM at PAGE_OFFSET (lowmem only on i386) with the
 * largest pages that fit, as split_mem_range does: 4K pages up to the
 * first 2M boundary, 2M pages (4M on i386) in between, 1G pages where a
 * whole aligned gigabyte is RAM (x86_64 with GBPAGES), 4K pages for the
 * tail.  The first megabyte (the ISA range) is mapped with 4K pages,
 * holes included.  On x86_64 the kernel image is also mapped at
 * __START_KERNEL_map, and the PGD slots of the vmalloc area and the fixmap
 * get their tables now, so the kernel half of the PGD never changes after
 * boot.  On i386 the pkmap and fixmap areas get their page tables.
 * Early tables come from memblock, as alloc_low_pages does.
 * The counts of each page size are meminfo's DirectMap lines.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "mmu.h"

#define SZ_1M (1ULL << 20)

/* Map [pa, pa_end) at PAGE_OFFSET + pa with pages of the entry at @level. */
static int map_range_level(struct machine *m, phys_addr_t pa, phys_addr_t pa_end,
			   int level, int size_idx)
{
	const struct mmu_format *f = m->arch->mmu;
	uint64_t size = pt_level_size(f, level);
	pte_t prot = level == f->levels - 1 ? __PAGE_KERNEL : __PAGE_KERNEL_LARGE;

	for (; pa < pa_end; pa += size) {
		if (pt_set(m, &m->init_mm, m->layout.page_offset + pa, pa, prot & ~_PAGE_PSE,
			   level))
			return -ENOMEM;
		m->direct_pages_count[size_idx]++;
	}
	return 0;
}

static uint64_t round_up_to(uint64_t x, uint64_t a) { return (x + a - 1) & ~(a - 1); }
static uint64_t round_down_to(uint64_t x, uint64_t a) { return x & ~(a - 1); }

/*
 * init_memory_mapping - the direct map of [start, end), split into 4K,
 * large and (x86_64) 1G pieces (split_mem_range).
 */
static int init_memory_mapping(struct machine *m, phys_addr_t start, phys_addr_t end)
{
	const struct mmu_format *f = m->arch->mmu;
	int pte_lvl = f->levels - 1, big_lvl = f->levels == 4 ? 2 : 0;
	uint64_t big = pt_level_size(f, big_lvl), gb = 1ULL << 30;
	uint64_t hs = round_up_to(start, big), te = round_down_to(end, big);

	if (hs >= te) {		/* no whole large page inside: all 4K */
		return map_range_level(m, start, end, pte_lvl, 0);
	}
	if (map_range_level(m, start, hs, pte_lvl, 0))
		return -ENOMEM;
	if (m->arch->gbpages && round_up_to(hs, gb) < round_down_to(te, gb)) {
		uint64_t gs = round_up_to(hs, gb), ge = round_down_to(te, gb);

		if (map_range_level(m, hs, gs, big_lvl, 1) ||
		    map_range_level(m, gs, ge, 1, 2) ||
		    map_range_level(m, ge, te, big_lvl, 1))
			return -ENOMEM;
	} else if (map_range_level(m, hs, te, big_lvl, 1)) {
		return -ENOMEM;
	}
	return map_range_level(m, te, end, pte_lvl, 0);
}

/* init_mem_mapping: the ISA range, then each RAM range (lowmem only). */
static int init_mem_mapping(struct machine *m)
{
	const struct memblock_type *mem = &m->memblock.memory;
	phys_addr_t lowmem_end = m->layout.high_memory - m->layout.page_offset;

	if (init_memory_mapping(m, 0, SZ_1M))
		return -ENOMEM;
	for (unsigned long i = 0; i < mem->cnt; i++) {
		phys_addr_t s = mem->regions[i].base, e = s + mem->regions[i].size;

		if (s < SZ_1M)
			s = SZ_1M;
		if (e > lowmem_end)
			e = lowmem_end;
		if (s < e && init_memory_mapping(m, s & PAGE_MASK, e & PAGE_MASK))
			return -ENOMEM;
	}
	return 0;
}

/* Allocate the tables down to @level for every slot of [start, end). */
static int prealloc_tables(struct machine *m, uint64_t start, uint64_t end, int level)
{
	uint64_t step = pt_level_size(m->arch->mmu, level - 1);

	start &= ~(step - 1);		/* a range need not start on a slot */
	for (uint64_t va = start; va < end && va >= start; va += step)
		if (!pt_entry(m, &m->init_mm, va, level, true))
			return -ENOMEM;
	return 0;
}

/* The kernel image at __START_KERNEL_map, in 2M pages (x86_64). */
static int map_kernel_image(struct machine *m)
{
	uint64_t big = 2 * SZ_1M;
	phys_addr_t s = round_down_to(m->image.start, big);
	phys_addr_t e = round_up_to(m->image.start + ((uint64_t)(m->image.text_kb +
			m->image.rodata_kb + m->image.rwdata_kb + m->image.init_kb +
			m->image.bss_kb) << 10), big);

	for (phys_addr_t pa = s; pa < e; pa += big)
		if (pt_set(m, &m->init_mm, m->layout.kernel_text_map + pa, pa,
			   __PAGE_KERNEL_EXEC, 2))
			return -ENOMEM;
	return 0;
}

/**
 * cost_model_default - cycle costs close to a recent x86 server at 3 GHz.
 */
void cost_model_default(struct cost_model *c)
{
	c->cpu_mhz = 3000;
	c->tlb_l1_hit = 1;
	c->tlb_stlb_hit = 7;
	c->walk_step = 2;
	c->cache_hit[CACHE_L1D] = 5;
	c->cache_hit[CACHE_L1I] = 5;
	c->cache_hit[CACHE_L2] = 15;
	c->cache_hit[CACHE_LLC] = 50;
	c->dram = 250;
	c->minor_fault = 3000;		/* ~1 us */
	c->major_fault = 300000;	/* ~100 us: an SSD read */
}

/* The machine config's hardware settings over the defaults. */
static void apply_hw_config(struct machine *m)
{
	const struct mms_hw_config *hw = &m->cfg.hw;
	struct cost_model *c = &m->cost;
	const struct { uint32_t v; uint32_t *dst; } costs[] = {
		{ hw->cpu_mhz, &c->cpu_mhz }, { hw->cost_tlb_hit, &c->tlb_l1_hit },
		{ hw->cost_stlb_hit, &c->tlb_stlb_hit }, { hw->cost_walk_step, &c->walk_step },
		{ hw->cost_l1, &c->cache_hit[CACHE_L1D] }, { hw->cost_l1, &c->cache_hit[CACHE_L1I] },
		{ hw->cost_l2, &c->cache_hit[CACHE_L2] }, { hw->cost_llc, &c->cache_hit[CACHE_LLC] },
		{ hw->cost_dram, &c->dram }, { hw->cost_minor_fault, &c->minor_fault },
		{ hw->cost_disk_io, &c->major_fault },
	};

	for (size_t i = 0; i < sizeof(costs) / sizeof(costs[0]); i++)
		if (costs[i].v)
			*costs[i].dst = costs[i].v;
	tlb_default_geometry(&m->tlb_cfg);
	if (m->arch->mmu->levels == 2)		/* i386: no 1G pages at all */
		for (int l = 0; l < TLB_NR_LEVELS; l++)
			m->tlb_cfg.g[l][TLB_1G].ways = 0;
	for (int l = 0; l < TLB_NR_LEVELS; l++)
		for (int z = 0; z < TLB_NR_SIZES; z++)
			if (hw->tlb_set[l][z]) {
				m->tlb_cfg.g[l][z].sets = hw->tlb_sets[l][z];
				m->tlb_cfg.g[l][z].ways = hw->tlb_ways[l][z];
			}
	cache_default_config(&m->cache_cfg);
	for (int l = 0; l < CACHE_NR_LEVELS; l++)
		if (hw->cache_set[l]) {
			m->cache_cfg.g[l].size = hw->cache_size[l];
			m->cache_cfg.g[l].ways = hw->cache_ways[l];
		}
}

/**
 * paging_init - build swapper_pg_dir and switch every CPU to it.
 */
int paging_init(struct machine *m, char *err, size_t errlen)
{
	const struct kernel_layout *l = &m->layout;
	const struct mmu_format *f = m->arch->mmu;
	phys_addr_t pgd = memblock_phys_alloc(&m->memblock, PAGE_SIZE, PAGE_SIZE);
	int ret;

	if (!pgd) {
		snprintf(err, errlen, "out of boot memory for swapper_pg_dir");
		return -ENOMEM;
	}
	memset(m->ram + pgd, 0, PAGE_SIZE);
	INIT_LIST_HEAD(&m->pgd_list);
	m->init_mm.pgd = pgd;
	m->init_mm.is_init_mm = true;
	mm_init_context(m, &m->init_mm);
	m->tlb_shifts.shift[TLB_4K] = PAGE_SHIFT;
	m->tlb_shifts.shift[TLB_2M] = f->levels == 4 ? 21 : 22;
	m->tlb_shifts.shift[TLB_1G] = 30;
	m->tlb_single_page_flush_ceiling = 33;

	ret = init_mem_mapping(m);
	if (!ret && f->levels == 4) {
		ret = map_kernel_image(m);
		/* preallocate_vmalloc_pages: the vmalloc area's PUD tables */
		if (!ret)
			ret = prealloc_tables(m, l->vmalloc_start, l->vmalloc_end, 1);
		if (!ret)
			ret = prealloc_tables(m, l->fixaddr_start & ~((1ULL << 21) - 1),
					      l->fixaddr_top, f->levels - 1);
	} else if (!ret) {
		/* permanent_kmaps_init and the fixmap's page tables */
		ret = prealloc_tables(m, l->pkmap_base,
				      l->pkmap_base + (uint64_t)l->last_pkmap * PAGE_SIZE, 1);
		if (!ret)
			ret = prealloc_tables(m, l->fixaddr_start & ~((1ULL << 22) - 1),
					      l->fixaddr_top, 1);
	}
	if (ret) {
		snprintf(err, errlen, "out of boot memory for the kernel page tables");
		return ret;
	}
	cost_model_default(&m->cost);
	apply_hw_config(m);
	m->caches_enabled = m->cfg.caches;
	if (cache_init(&m->llc, &m->cache_cfg.g[CACHE_LLC])) {
		snprintf(err, errlen, "bad LLC geometry");
		return -EINVAL;
	}
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++)
		if (mmu_init_cpu(m, cpu)) {
			snprintf(err, errlen, "the TLB or cache geometry cannot be built (tlb.*, cache.* keys)");
			return -EINVAL;
		}
	m->init_mm.cpu_bitmap = (m->nr_cpu_ids >= 64) ? ~0ULL : (1ULL << m->nr_cpu_ids) - 1;
	return 0;
}
