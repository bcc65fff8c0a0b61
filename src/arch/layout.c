// SPDX-License-Identifier: MIT
/*
 * layout.c - the kernel's virtual memory layout on each profile.
 *
 * x86_64 (4-level paging, no KASLR; Documentation/arch/x86/x86_64/mm.rst):
 *   ffff888000000000  direct map of all RAM (PAGE_OFFSET), 64 TB
 *   ffffc90000000000  vmalloc/ioremap space, 32 TB (VMALLOC_SIZE_TB)
 *   ffffea0000000000  virtual memory map (vmemmap), 1 TB
 *   ffffffff80000000  kernel text mapping (__START_KERNEL_map), 512 MB
 *   ffffffffa0000000  module mapping space
 *   ffffffffff5xx000  fixmap, ending at FIXADDR_TOP ffffffffff7ff000
 *
 * i386 (2-level, 3G/1G split; arch/x86/include/asm/pgtable_32_areas.h),
 * from the top down:
 *   FIXADDR_TOP 0xfffff000, the fixmap below it (its size depends on the
 *   CPUs: KM_MAX_IDX kmap_local slots per CPU), the boot-time fixmap
 *   (FIX_BTMAP, 512 slots), the cpu_entry_area (aligned down to a 4M PMD),
 *   the LDT remap (one PMD), the persistent kmap area PKMAP_BASE
 *   (LAST_PKMAP 1024 pages, PMD aligned), a 2-page gap, VMALLOC_END; lowmem
 *   ends at MAXMEM = VMALLOC_END - PAGE_OFFSET - __VMALLOC_RESERVE (128M),
 *   and VMALLOC_START is high_memory + VMALLOC_OFFSET (8M).
 * Simplified: the fixmap holds the slots mmsim uses (hole, earlycon, the
 * local APIC, 64 IO-APICs, the kmap_local slots, two text-poke pages) and
 * the cpu_entry_area is 39 pages per CPU.
 */
#include <stdio.h>
#include "internal.h"

#define SZ_1M (1ULL << 20)
#define CPU_ENTRY_AREA_PAGES_PER_CPU 39
#define FIX_BTMAPS_TOTAL 512		/* NR_FIX_BTMAPS * FIX_BTMAPS_SLOTS */
#define MAX_IO_APICS 64

/* The permanent fixmap slots (enum fixed_addresses, simplified). */
static void fixmap_slots(struct machine *m, struct kernel_layout *l)
{
	unsigned int idx = 0;

	idx += 1;			/* FIX_HOLE */
	idx += 1;			/* FIX_EARLYCON_MEM_BASE */
	idx += 1;			/* FIX_APIC_BASE */
	idx += MAX_IO_APICS;		/* FIX_IO_APIC_BASE_0 .. END */
	l->fix_kmap_begin = idx;	/* FIX_KMAP_BEGIN */
	if (m->arch->has_zone[ZONE_HIGHMEM])
		idx += KM_MAX_IDX * (unsigned int)m->nr_cpu_ids;
	idx += 2;			/* FIX_TEXT_POKE1, FIX_TEXT_POKE0 */
	l->nr_fixmap = idx;
}

/*
 * kernel_randomize_memory (arch/x86/mm/kaslr.c): with kaslr=on, the direct
 * map, vmalloc and vmemmap regions each move up by a random number of 1G
 * steps, the free space between vaddr_start and vaddr_end shared out so the
 * regions keep their order and never overlap.  The seed decides.
 */
static void kernel_randomize_memory(struct machine *m, struct kernel_layout *l)
{
	const uint64_t pud = 1ULL << 30, tb = 1ULL << 40;
	const uint64_t vaddr_start = 0xffff888000000000ULL, vaddr_end = 0xfffffe0000000000ULL;
	/* the direct map's size: RAM rounded up to a TB, plus 10 TB (CONFIG_RANDOMIZE_MEMORY_PHYSICAL_PADDING) */
	uint64_t direct = ((PFN_PHYS(m->max_pfn) + tb - 1) & ~(tb - 1)) + 10 * tb;
	uint64_t sizes[3] = { direct, 32 * tb, 1 * tb };
	uint64_t *bases[3] = { &l->page_offset, &l->vmalloc_start, &l->vmemmap_start };
	uint64_t remain = vaddr_end - vaddr_start - sizes[0] - sizes[1] - sizes[2];
	uint64_t vaddr = vaddr_start;

	for (int i = 0; i < 3; i++) {
		uint64_t entropy = remain / (uint64_t)(3 - i);
		uint64_t step = prandom_below(&m->rnd, entropy / pud) * pud;

		vaddr += step;
		*bases[i] = vaddr;
		vaddr += sizes[i];
		vaddr = (vaddr + pud - 1) & ~(pud - 1);
		remain -= entropy;
	}
	l->vmalloc_end = l->vmalloc_start + sizes[1];
	pr_info(m, "KASLR enabled");
}

static void layout_x86_64(struct machine *m, struct kernel_layout *l)
{
	l->page_offset = 0xffff888000000000ULL;
	l->vmalloc_start = 0xffffc90000000000ULL;
	l->vmalloc_end = l->vmalloc_start + (32ULL << 40) - 1 + 1;	/* VMALLOC_SIZE_TB 32 */
	l->vmemmap_start = 0xffffea0000000000ULL;
	l->kernel_text_map = 0xffffffff80000000ULL;
	l->modules_vaddr = 0xffffffffa0000000ULL;
	l->modules_end = 0xffffffffff000000ULL;
	l->fixaddr_top = 0xffffffffff7ff000ULL;
	l->fixaddr_start = l->fixaddr_top - (uint64_t)l->nr_fixmap * PAGE_SIZE;
	if (m->cfg.kaslr)
		kernel_randomize_memory(m, l);
	l->high_memory = l->page_offset + PFN_PHYS(m->max_pfn);
	l->maxmem_pfn = m->max_pfn;
}

static void layout_i386(struct machine *m, struct kernel_layout *l)
{
	const uint64_t pmd_mask = ~((1ULL << 22) - 1);	/* a 4M PGD entry */
	uint64_t fixaddr_tot_start, cea_pages, maxmem;
	unsigned long max_low_pfn;

	l->page_offset = 0xc0000000ULL;
	l->fixaddr_top = 0xfffff000ULL;
	l->fixaddr_start = l->fixaddr_top - (uint64_t)l->nr_fixmap * PAGE_SIZE;
	fixaddr_tot_start = l->fixaddr_start - (uint64_t)FIX_BTMAPS_TOTAL * PAGE_SIZE;
	cea_pages = (uint64_t)CPU_ENTRY_AREA_PAGES_PER_CPU * (uint64_t)m->nr_cpu_ids;
	l->cpu_entry_area_base = (fixaddr_tot_start - PAGE_SIZE * (cea_pages + 1)) & pmd_mask;
	l->cpu_entry_area_size = cea_pages * PAGE_SIZE;
	l->ldt_base = (l->cpu_entry_area_base - PAGE_SIZE) & pmd_mask;
	l->pkmap_base = (l->ldt_base - PAGE_SIZE) & pmd_mask;
	l->last_pkmap = 1024;
	l->vmalloc_end = l->pkmap_base - 2 * PAGE_SIZE;
	maxmem = l->vmalloc_end - l->page_offset - 128 * SZ_1M;	/* __VMALLOC_RESERVE */
	l->maxmem_pfn = (unsigned long)(maxmem >> PAGE_SHIFT);
	max_low_pfn = m->max_pfn < l->maxmem_pfn ? m->max_pfn : l->maxmem_pfn;
	l->high_memory = l->page_offset + PFN_PHYS(max_low_pfn);
	l->vmalloc_start = l->high_memory + 8 * SZ_1M;		/* VMALLOC_OFFSET */
}

/**
 * setup_kernel_layout - work out the kernel's virtual layout for this
 * machine (before the zones: on i386 it decides where lowmem ends).
 */
void setup_kernel_layout(struct machine *m)
{
	struct kernel_layout *l = &m->layout;

	fixmap_slots(m, l);
	if (m->arch->bits == 64)
		layout_x86_64(m, l);
	else
		layout_i386(m, l);
}

/**
 * print_kernel_layout - the 32-bit kernel's "virtual kernel memory layout"
 * report (arch/x86/mm/init_32.c mem_init, as printed up to Linux 5.6).
 */
void print_kernel_layout(struct machine *m)
{
	const struct kernel_layout *l = &m->layout;
	uint64_t text = l->page_offset + m->image.start;
	uint64_t etext = text + ((uint64_t)m->image.text_kb << 10);
	uint64_t edata = etext + ((uint64_t)(m->image.rodata_kb + m->image.rwdata_kb) << 10);
	uint64_t init = l->page_offset + m->image.init_start;
	uint64_t einit = init + ((uint64_t)m->image.init_kb << 10);

	if (m->arch->bits != 32)
		return;
	pr_info(m, "virtual kernel memory layout:\n"
		"    fixmap  : 0x%08llx - 0x%08llx   (%4llu kB)\n"
		"  cpu_entry : 0x%08llx - 0x%08llx   (%4llu kB)\n"
		"    pkmap   : 0x%08llx - 0x%08llx   (%4llu kB)\n"
		"    vmalloc : 0x%08llx - 0x%08llx   (%4llu MB)\n"
		"    lowmem  : 0x%08llx - 0x%08llx   (%4llu MB)\n"
		"      .init : 0x%08llx - 0x%08llx   (%4llu kB)\n"
		"      .data : 0x%08llx - 0x%08llx   (%4llu kB)\n"
		"      .text : 0x%08llx - 0x%08llx   (%4llu kB)",
		(unsigned long long)l->fixaddr_start, (unsigned long long)l->fixaddr_top,
		(unsigned long long)((l->fixaddr_top - l->fixaddr_start) >> 10),
		(unsigned long long)l->cpu_entry_area_base,
		(unsigned long long)(l->cpu_entry_area_base + l->cpu_entry_area_size),
		(unsigned long long)(l->cpu_entry_area_size >> 10),
		(unsigned long long)l->pkmap_base,
		(unsigned long long)(l->pkmap_base + (uint64_t)l->last_pkmap * PAGE_SIZE),
		(unsigned long long)(((uint64_t)l->last_pkmap * PAGE_SIZE) >> 10),
		(unsigned long long)l->vmalloc_start, (unsigned long long)l->vmalloc_end,
		(unsigned long long)((l->vmalloc_end - l->vmalloc_start) >> 20),
		(unsigned long long)l->page_offset, (unsigned long long)l->high_memory,
		(unsigned long long)((l->high_memory - l->page_offset) >> 20),
		(unsigned long long)init, (unsigned long long)einit,
		(unsigned long long)((einit - init) >> 10),
		(unsigned long long)etext, (unsigned long long)edata,
		(unsigned long long)((edata - etext) >> 10),
		(unsigned long long)text, (unsigned long long)etext,
		(unsigned long long)((etext - text) >> 10));
}
