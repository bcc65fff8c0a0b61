/* SPDX-License-Identifier: MIT */
/*
 * arch.h - architecture profiles (src/arch/).
 *
 * A profile is a table, not code: which zones exist and where they end,
 * where the kernel is loaded, the pageblock order, the lowmem reserve
 * ratios.  Adding a profile means adding a table.
 */
#ifndef MMSIM_ARCH_H
#define MMSIM_ARCH_H

#include <stdint.h>
#include "mmzone.h"
#include "pgtable.h"

struct arch_profile {
	const char *name;
	int bits;				/* 64 or 32 */
	uint64_t max_phys;			/* highest usable physical byte + 1 */
	const char *max_phys_warning;		/* printed when RAM is trimmed */
	unsigned int pageblock_order;
	/* Zones this kernel configures, in zone order. */
	bool has_zone[MAX_NR_ZONES];
	/*
	 * End (exclusive, in bytes) of each zone that has a fixed upper limit,
	 * 0 for "up to the end of memory": ZONE_DMA 16M; x86_64 ZONE_DMA32 4G;
	 * i386 ZONE_NORMAL at MAXMEM (lowmem).
	 */
	uint64_t zone_limit[MAX_NR_ZONES];
	/* sysctl_lowmem_reserve_ratio (mm/page_alloc.c) */
	int lowmem_reserve_ratio[MAX_NR_ZONES];
	uint64_t physical_start;		/* CONFIG_PHYSICAL_START */
	uint64_t page_offset;			/* PAGE_OFFSET: the direct map */
	const struct mmu_format *mmu;		/* page-table format */
	bool pcid;				/* X86_FEATURE_PCID used */
	bool gbpages;				/* 1G pages in the direct map */
	/* Which zone GFP_HIGHMEM and GFP_DMA32 resolve to (OPT_ZONE_*). */
	enum zone_type opt_zone_highmem;
	enum zone_type opt_zone_dma32;
	/*
	 * TASK_SIZE_MAX: the end of the user address space (x86_64
	 * (1 << 47) - PAGE_SIZE, page_64_types.h; i386 TASK_SIZE = PAGE_OFFSET,
	 * the 3G/1G split, processor.h).
	 */
	uint64_t task_size_max;
};

/* TASK_SIZE_MAX of @m's profile. */
#define TASK_SIZE_MAX(m) ((m)->arch->task_size_max)

const struct arch_profile *arch_lookup(const char *name);

#endif /* MMSIM_ARCH_H */
