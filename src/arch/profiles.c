// SPDX-License-Identifier: MIT
/*
 * profiles.c - the architecture profiles as data.
 *
 * x86_64 (arch/x86, CONFIG_ZONE_DMA, CONFIG_ZONE_DMA32, CONFIG_ZONE_DEVICE,
 * as distribution kernels build it): ZONE_DMA below 16 MiB, ZONE_DMA32
 * below 4 GiB, ZONE_NORMAL above; pageblock order 9 (a 2 MiB PMD page).
 *
 * i386 (non-PAE, CONFIG_HIGHMEM4G): ZONE_DMA below 16 MiB, ZONE_NORMAL up
 * to MAXMEM (the end of lowmem, under 896 MiB: computed from the kernel's
 * virtual layout in arch/layout.c, as pgtable_32_areas.h does), ZONE_HIGHMEM
 * above, at most 4 GiB of RAM; pageblock order 10 (a 4 MiB PSE page).
 */
#include <string.h>
#include "arch.h"

#define SZ_1M (1ULL << 20)
#define SZ_1G (1ULL << 30)

static const struct arch_profile x86_64_profile = {
	.name = "x86_64",
	.bits = 64,
	.max_phys = 1ULL << 46,		/* MAX_PHYSMEM_BITS */
	.pageblock_order = 9,
	.has_zone = {
		[ZONE_DMA] = true, [ZONE_DMA32] = true, [ZONE_NORMAL] = true,
		[ZONE_MOVABLE] = true, [ZONE_DEVICE] = true,
	},
	.zone_limit = { [ZONE_DMA] = 16 * SZ_1M, [ZONE_DMA32] = 4 * SZ_1G },
	.lowmem_reserve_ratio = {
		[ZONE_DMA] = 256, [ZONE_DMA32] = 256, [ZONE_NORMAL] = 32,
	},
	.physical_start = 0x1000000,
	.page_offset = 0xffff888000000000ULL,
	.mmu = &x86_64_4level_format,
	.pcid = true,
	.gbpages = true,
	.opt_zone_highmem = ZONE_NORMAL,
	.opt_zone_dma32 = ZONE_DMA32,
	.task_size_max = (1ULL << 47) - 4096,	/* (1UL << __VIRTUAL_MASK_SHIFT) - PAGE_SIZE */
};

static const struct arch_profile i386_profile = {
	.name = "i386",
	.bits = 32,
	.max_phys = 4 * SZ_1G,		/* MAX_NONPAE_PFN */
	.max_phys_warning =
		"Warning: only 4GB will be used. Use a HIGHMEM64G enabled kernel!",
	.pageblock_order = 10,
	.has_zone = {
		[ZONE_DMA] = true, [ZONE_NORMAL] = true, [ZONE_HIGHMEM] = true,
		[ZONE_MOVABLE] = true,
	},
	.zone_limit = { [ZONE_DMA] = 16 * SZ_1M },	/* Normal: MAXMEM, arch/layout.c */
	.lowmem_reserve_ratio = {
		[ZONE_DMA] = 256, [ZONE_NORMAL] = 32, [ZONE_HIGHMEM] = 0,
	},
	.physical_start = 0x1000000,
	.page_offset = 0xc0000000ULL,
	.mmu = &i386_2level_format,
	.pcid = false,
	.gbpages = false,
	.opt_zone_highmem = ZONE_HIGHMEM,
	.opt_zone_dma32 = ZONE_NORMAL,
	.task_size_max = 0xc0000000ULL,		/* TASK_SIZE = PAGE_OFFSET */
};

static const struct arch_profile *const profiles[] = {
	&x86_64_profile,
	&i386_profile,
};

/**
 * arch_lookup - the profile called @name ("x86_64", "i386"), or NULL.
 */
const struct arch_profile *arch_lookup(const char *name)
{
	for (size_t i = 0; i < sizeof(profiles) / sizeof(profiles[0]); i++)
		if (!strcmp(profiles[i]->name, name))
			return profiles[i];
	return NULL;
}
