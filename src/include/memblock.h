/* SPDX-License-Identifier: MIT */
/*
 * memblock.h - the boot-time memory allocator (include/linux/memblock.h).
 *
 * Two sorted arrays of non-overlapping regions: what memory exists
 * (memblock.memory) and what of it is taken (memblock.reserved).  See
 * mm/memblock.c for the algorithm.
 */
#ifndef MMSIM_MEMBLOCK_H
#define MMSIM_MEMBLOCK_H

#include <stdbool.h>
#include <stdint.h>
#include "mm_types.h"

#define INIT_MEMBLOCK_REGIONS 128
#define NUMA_NO_NODE (-1)
#define MAX_NUMNODES_MEMBLOCK 8

enum memblock_flags {
	MEMBLOCK_NONE = 0x0,
	MEMBLOCK_HOTPLUG = 0x1,
	MEMBLOCK_MIRROR = 0x2,
	MEMBLOCK_NOMAP = 0x4,
};

struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	enum memblock_flags flags;
	int nid;
};

struct memblock_type {
	unsigned long cnt;
	unsigned long max;
	phys_addr_t total_size;
	struct memblock_region *regions;
	const char *name;
};

struct memblock {
	bool bottom_up;
	phys_addr_t current_limit;
	struct memblock_type memory;
	struct memblock_type reserved;
};

#define MEMBLOCK_ALLOC_ANYWHERE (~(phys_addr_t)0)
#define MEMBLOCK_ALLOC_ACCESSIBLE 0

int memblock_init(struct memblock *mb);
void memblock_release(struct memblock *mb);

int memblock_add(struct memblock *mb, phys_addr_t base, phys_addr_t size);
int memblock_add_node(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		      int nid, enum memblock_flags flags);
int memblock_remove(struct memblock *mb, phys_addr_t base, phys_addr_t size);
int memblock_reserve(struct memblock *mb, phys_addr_t base, phys_addr_t size);
int memblock_free(struct memblock *mb, phys_addr_t base, phys_addr_t size);
int memblock_set_node(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		      int nid);

/*
 * memblock_phys_alloc_range - find, reserve and return @size bytes aligned
 * to @align inside [@start, @end) on node @nid (NUMA_NO_NODE: any), top-down
 * unless bottom_up is set.  Returns 0 when nothing fits.
 */
phys_addr_t memblock_phys_alloc_range(struct memblock *mb, phys_addr_t size,
				      phys_addr_t align, phys_addr_t start,
				      phys_addr_t end, int nid);
phys_addr_t memblock_phys_alloc(struct memblock *mb, phys_addr_t size,
				phys_addr_t align);
phys_addr_t memblock_phys_alloc_node(struct memblock *mb, phys_addr_t size,
				     phys_addr_t align, int nid);

bool memblock_is_memory(const struct memblock *mb, phys_addr_t addr);
bool memblock_is_region_memory(const struct memblock *mb, phys_addr_t base, phys_addr_t size);
bool memblock_is_reserved(const struct memblock *mb, phys_addr_t addr);
bool memblock_is_region_reserved(const struct memblock *mb, phys_addr_t base,
				 phys_addr_t size);
phys_addr_t memblock_phys_mem_size(const struct memblock *mb);
phys_addr_t memblock_reserved_size(const struct memblock *mb);
phys_addr_t memblock_start_of_DRAM(const struct memblock *mb);
phys_addr_t memblock_end_of_DRAM(const struct memblock *mb);

/*
 * Iterate the free ranges (memory minus reserved), ascending, as
 * for_each_free_mem_range does; *idx starts at 0; returns false at the end.
 */
bool memblock_next_free_range(const struct memblock *mb, unsigned long *idx,
			      phys_addr_t *start, phys_addr_t *end, int *nid);

#endif /* MMSIM_MEMBLOCK_H */
