// SPDX-License-Identifier: MIT
/*
 * memblock.c - the boot-time memory allocator (mm/memblock.c).
 *
 * What it models: Linux describes physical memory before the buddy
 * allocator exists with two arrays of regions, memblock.memory (what RAM
 * the firmware reported) and memblock.reserved (what of it is taken: the
 * kernel image, firmware tables, early allocations).  Each array is kept
 * sorted by base address with no two regions overlapping.  Adding a range
 * inserts only the parts not already covered and then merges neighbours
 * that touch and carry the same node and flags (memblock_add_range,
 * memblock_insert_region, memblock_merge_regions).  Removing or
 * re-labelling a range first splits the regions straddling its edges
 * (memblock_isolate_range) and then drops or re-labels the regions wholly
 * inside it (memblock_remove_region).  When an array is full it doubles
 * (memblock_double_array).  Allocation walks memory minus reserved, as
 * for_each_free_mem_range does, top-down by default or bottom-up, inside
 * [start, end) with the first page never handed out
 * (memblock_find_in_range_node), and reserves what it found
 * (memblock_alloc_range_nid).
 *
 * What it simplifies:
 *  - The arrays live in host memory: memblock_init callocs
 *    INIT_MEMBLOCK_REGIONS entries and memblock_double_array reallocs.
 *    Linux starts from static arrays and allocates the doubled array from
 *    memblock itself, avoiding the range being added; none of that (nor
 *    memblock_allow_resize) is needed here.  A host allocation failure is
 *    reported as -ENOMEM and leaves the arrays as they were.
 *  - An empty array has cnt == 0; Linux keeps one zero-sized dummy entry.
 *  - Regions always carry a node id (CONFIG_NUMA).  memblock_add and
 *    memblock_reserve label their regions MAX_NUMNODES_MEMBLOCK ("no node
 *    yet"), as Linux does with MAX_NUMNODES; memblock_set_node assigns one.
 *  - Free-range walks skip MEMBLOCK_NOMAP memory, as should_skip_region does
 *    for MEMBLOCK_NONE requests.  Not modelled: movable_node (hotplug)
 *    skipping, the MEMBLOCK_MIRROR retry, kmemleak, memblock_dbg tracing,
 *    the physmem type, KHO scratch areas, virtual-address allocators
 *    (memblock_alloc*), and the hand-off to the buddy allocator.
 *  - A zero-sized allocation fails (returns 0) instead of returning an
 *    unreserved address.
 *
 * All state lives in the struct memblock passed in; there are no globals.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "memblock.h"

#ifndef SMP_CACHE_BYTES
#define SMP_CACHE_BYTES 64
#endif

#define PHYS_ADDR_MAX (~(phys_addr_t)0)

/* The free-range cursor keeps the memory index in the low half of the
 * unsigned long and the reserved-gap index in the high half, as Linux's
 * __next_mem_range does with a u64. */
#define MB_IDX_SHIFT (sizeof(unsigned long) * CHAR_BIT / 2)
#define MB_IDX_MASK ((1UL << MB_IDX_SHIFT) - 1)
#define MB_IDX_END ULONG_MAX

static inline phys_addr_t mb_min(phys_addr_t a, phys_addr_t b)
{
	return a < b ? a : b;
}

static inline phys_addr_t mb_max(phys_addr_t a, phys_addr_t b)
{
	return a > b ? a : b;
}

static inline phys_addr_t mb_clamp(phys_addr_t v, phys_addr_t lo,
				   phys_addr_t hi)
{
	return mb_min(mb_max(v, lo), hi);
}

/* round_down() for any non-zero @align (equal to Linux's for powers of 2). */
static inline phys_addr_t mb_round_down(phys_addr_t x, phys_addr_t align)
{
	return x - x % align;
}

/* round_up() that reports overflow instead of wrapping to a low address. */
static inline bool mb_round_up(phys_addr_t x, phys_addr_t align,
			       phys_addr_t *out)
{
	phys_addr_t rem = x % align;

	if (!rem) {
		*out = x;
		return true;
	}
	if (x > PHYS_ADDR_MAX - (align - rem))
		return false;
	*out = x + (align - rem);
	return true;
}

/* numa_valid_node(): a real node id rather than "any"/"none". */
static inline bool numa_valid_node(int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES_MEMBLOCK;
}

/* adjust *@size so that (@base + *@size) doesn't overflow, return new size */
static inline phys_addr_t memblock_cap_size(phys_addr_t base,
					    phys_addr_t *size)
{
	return *size = mb_min(*size, PHYS_ADDR_MAX - base);
}

static inline phys_addr_t rgn_end(const struct memblock_region *r)
{
	return r->base + r->size;
}

static int memblock_type_init(struct memblock_type *type, const char *name)
{
	type->regions = calloc(INIT_MEMBLOCK_REGIONS, sizeof(*type->regions));
	if (!type->regions)
		return -ENOMEM;
	type->cnt = 0;
	type->max = INIT_MEMBLOCK_REGIONS;
	type->total_size = 0;
	type->name = name;
	return 0;
}

/**
 * memblock_init - set up an empty memblock
 * @mb: the memblock to initialise
 *
 * Both region arrays start empty with room for INIT_MEMBLOCK_REGIONS
 * entries, named "memory" and "reserved"; allocation is top-down and
 * unlimited (current_limit = MEMBLOCK_ALLOC_ANYWHERE).
 *
 * Return: 0 on success, -ENOMEM if the host arrays cannot be allocated
 * (then nothing is left allocated).
 */
int memblock_init(struct memblock *mb)
{
	memset(mb, 0, sizeof(*mb));
	mb->bottom_up = false;
	mb->current_limit = MEMBLOCK_ALLOC_ANYWHERE;
	if (memblock_type_init(&mb->memory, "memory"))
		return -ENOMEM;
	if (memblock_type_init(&mb->reserved, "reserved")) {
		free(mb->memory.regions);
		mb->memory.regions = NULL;
		mb->memory.max = 0;
		return -ENOMEM;
	}
	return 0;
}

/**
 * memblock_release - free the host arrays of a memblock
 * @mb: the memblock; left empty, with no arrays
 *
 * Safe to call twice.  Any later add re-allocates an array.
 */
void memblock_release(struct memblock *mb)
{
	free(mb->memory.regions);
	free(mb->reserved.regions);
	mb->memory.regions = NULL;
	mb->reserved.regions = NULL;
	mb->memory.cnt = mb->memory.max = 0;
	mb->reserved.cnt = mb->reserved.max = 0;
	mb->memory.total_size = mb->reserved.total_size = 0;
}

/*
 * memblock_double_array - double the size of a region array.  Linux takes
 * the range being added so that the new array avoids it; a host array has
 * nothing to avoid.  The array is untouched on failure.
 */
static int memblock_double_array(struct memblock_type *type)
{
	unsigned long new_max = type->max ? type->max * 2 : INIT_MEMBLOCK_REGIONS;
	struct memblock_region *new_array;

	if (new_max <= type->max ||
	    new_max > SIZE_MAX / sizeof(struct memblock_region))
		return -ENOMEM;
	new_array = realloc(type->regions, new_max * sizeof(*new_array));
	if (!new_array)
		return -ENOMEM;
	memset(new_array + type->max, 0,
	       (new_max - type->max) * sizeof(*new_array));
	type->regions = new_array;
	type->max = new_max;
	return 0;
}

/*
 * memblock_merge_regions - merge neighbouring compatible regions of @type
 * between @start_rgn - 1 and @end_rgn (the only places a change can have
 * made two regions touch).
 */
static void memblock_merge_regions(struct memblock_type *type,
				   unsigned long start_rgn,
				   unsigned long end_rgn)
{
	unsigned long i = 0;

	if (type->cnt < 2)
		return;
	if (start_rgn)
		i = start_rgn - 1;
	if (end_rgn > type->cnt - 1)
		end_rgn = type->cnt - 1;

	while (i < end_rgn) {
		struct memblock_region *this = &type->regions[i];
		struct memblock_region *next = &type->regions[i + 1];

		if (rgn_end(this) != next->base || this->nid != next->nid ||
		    this->flags != next->flags) {
			i++;
			continue;
		}

		this->size += next->size;
		/* move forward from next + 1, index of which is i + 2 */
		memmove(next, next + 1, (type->cnt - (i + 2)) * sizeof(*next));
		type->cnt--;
		end_rgn--;
	}
}

/*
 * memblock_insert_region - insert a region at @idx, shifting the tail up.
 * The caller guarantees there is room and that the result stays sorted and
 * non-overlapping.
 */
static void memblock_insert_region(struct memblock_type *type,
				   unsigned long idx, phys_addr_t base,
				   phys_addr_t size, int nid,
				   enum memblock_flags flags)
{
	struct memblock_region *rgn = &type->regions[idx];

	memmove(rgn + 1, rgn, (type->cnt - idx) * sizeof(*rgn));
	rgn->base = base;
	rgn->size = size;
	rgn->flags = flags;
	rgn->nid = nid;
	type->cnt++;
	type->total_size += size;
}

/*
 * memblock_add_range - add [@base, @base + @size) to @type.  Parts already
 * covered keep their node and flags; the uncovered parts are inserted with
 * @nid and @flags and then compatible neighbours are merged.  Like Linux,
 * the first pass only counts how many regions are needed (so that the
 * array can be grown before anything changes) unless the array obviously
 * has room for the worst case.
 */
static int memblock_add_range(struct memblock_type *type, phys_addr_t base,
			      phys_addr_t size, int nid,
			      enum memblock_flags flags)
{
	bool insert = false;
	phys_addr_t obase = base;
	phys_addr_t end = base + memblock_cap_size(base, &size);
	unsigned long idx, nr_new, start_rgn = 0, end_rgn = 0;
	bool have_start;

	if (!size)
		return 0;

	/*
	 * The worst case is a new range spanning every existing region, which
	 * needs cnt + 1 new entries: if that fits, insert directly.
	 */
	if (type->regions && type->cnt * 2 + 1 <= type->max)
		insert = true;

repeat:
	base = obase;
	nr_new = 0;
	have_start = false;

	for (idx = 0; idx < type->cnt; idx++) {
		struct memblock_region *rgn = &type->regions[idx];
		phys_addr_t rbase = rgn->base;
		phys_addr_t rend = rgn_end(rgn);

		if (rbase >= end)
			break;
		if (rend <= base)
			continue;
		/* @rgn overlaps: if it leaves a gap below it, insert that. */
		if (rbase > base) {
			nr_new++;
			if (insert) {
				if (!have_start) {
					start_rgn = idx;
					have_start = true;
				}
				end_rgn = idx + 1;
				memblock_insert_region(type, idx++, base,
						       rbase - base, nid, flags);
			}
		}
		/* area below @rend is dealt with, forget about it */
		base = mb_min(rend, end);
	}

	/* insert the remaining portion */
	if (base < end) {
		nr_new++;
		if (insert) {
			if (!have_start)
				start_rgn = idx;
			end_rgn = idx + 1;
			memblock_insert_region(type, idx, base, end - base, nid,
					       flags);
		}
	}

	if (!nr_new)
		return 0;

	/* First round: make room, then do the insertions for real. */
	if (!insert) {
		while (type->cnt + nr_new > type->max)
			if (memblock_double_array(type) < 0)
				return -ENOMEM;
		insert = true;
		goto repeat;
	}

	memblock_merge_regions(type, start_rgn, end_rgn);
	return 0;
}

/*
 * memblock_isolate_range - split the regions of @type straddling the edges
 * of [@base, @base + @size) so that the range is covered by whole regions,
 * which are [*@start_rgn, *@end_rgn) afterwards (both 0 if none).
 */
static int memblock_isolate_range(struct memblock_type *type,
				  phys_addr_t base, phys_addr_t size,
				  unsigned long *start_rgn,
				  unsigned long *end_rgn)
{
	phys_addr_t end = base + memblock_cap_size(base, &size);
	unsigned long idx;

	*start_rgn = *end_rgn = 0;

	if (!size)
		return 0;

	/* we'll create at most two more regions */
	while (type->cnt + 2 > type->max)
		if (memblock_double_array(type) < 0)
			return -ENOMEM;

	for (idx = 0; idx < type->cnt;) {
		struct memblock_region *rgn = &type->regions[idx];
		phys_addr_t rbase = rgn->base;
		phys_addr_t rend = rgn_end(rgn);

		if (rbase >= end)
			break;
		if (rend <= base) {
			idx++;
			continue;
		}

		if (rbase < base) {
			/*
			 * @rgn intersects from below.  Split and continue
			 * with the next region - the new top half.
			 */
			rgn->base = base;
			rgn->size -= base - rbase;
			type->total_size -= base - rbase;
			memblock_insert_region(type, idx, rbase, base - rbase,
					       rgn->nid, rgn->flags);
			idx++;
		} else if (rend > end) {
			/*
			 * @rgn intersects from above.  Split and redo the
			 * current index - the new bottom half.
			 */
			rgn->base = end;
			rgn->size -= end - rbase;
			type->total_size -= end - rbase;
			memblock_insert_region(type, idx, rbase, end - rbase,
					       rgn->nid, rgn->flags);
		} else {
			/* @rgn is fully contained, record it */
			if (!*end_rgn)
				*start_rgn = idx;
			*end_rgn = idx + 1;
			idx++;
		}
	}

	return 0;
}

/* memblock_remove_region - drop entry @r of @type. */
static void memblock_remove_region(struct memblock_type *type,
				   unsigned long r)
{
	type->total_size -= type->regions[r].size;
	memmove(&type->regions[r], &type->regions[r + 1],
		(type->cnt - (r + 1)) * sizeof(type->regions[r]));
	type->cnt--;
}

static int memblock_remove_range(struct memblock_type *type,
				 phys_addr_t base, phys_addr_t size)
{
	unsigned long start_rgn, end_rgn, i;
	int ret;

	ret = memblock_isolate_range(type, base, size, &start_rgn, &end_rgn);
	if (ret)
		return ret;

	for (i = end_rgn; i > start_rgn; i--)
		memblock_remove_region(type, i - 1);
	return 0;
}

/**
 * memblock_add_node - add new memblock region within a NUMA node
 * @mb: the memblock
 * @base: base address of the new region
 * @size: size of the new region
 * @nid: nid of the new region
 * @flags: flags of the new region
 *
 * Add [@base, @base + @size) to mb->memory.  Parts already present keep
 * their node and flags.  A zero size is a no-op.
 *
 * Return: 0 on success, -ENOMEM if the region array could not grow.
 */
int memblock_add_node(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		      int nid, enum memblock_flags flags)
{
	return memblock_add_range(&mb->memory, base, size, nid, flags);
}

/**
 * memblock_add - add new memblock region
 * @mb: the memblock
 * @base: base address of the new region
 * @size: size of the new region
 *
 * Add [@base, @base + @size) to mb->memory with no node assigned yet
 * (MAX_NUMNODES_MEMBLOCK, Linux's MAX_NUMNODES) and no flags.
 *
 * Return: 0 on success, -ENOMEM if the region array could not grow.
 */
int memblock_add(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&mb->memory, base, size,
				  MAX_NUMNODES_MEMBLOCK, MEMBLOCK_NONE);
}

/**
 * memblock_remove - remove a range from the available memory
 * @mb: the memblock
 * @base: base address of the range
 * @size: size of the range
 *
 * Regions straddling an edge of the range are split and their outside
 * parts kept.
 *
 * Return: 0 on success, -ENOMEM if the region array could not grow.
 */
int memblock_remove(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return memblock_remove_range(&mb->memory, base, size);
}

/**
 * memblock_reserve - mark a range as reserved
 * @mb: the memblock
 * @base: base address of the range
 * @size: size of the range
 *
 * Add [@base, @base + @size) to mb->reserved (node MAX_NUMNODES_MEMBLOCK,
 * no flags); overlapping and touching reservations coalesce.
 *
 * Return: 0 on success, -ENOMEM if the region array could not grow.
 */
int memblock_reserve(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return memblock_add_range(&mb->reserved, base, size,
				  MAX_NUMNODES_MEMBLOCK, MEMBLOCK_NONE);
}

/**
 * memblock_free - free a reserved range (Linux's memblock_phys_free)
 * @mb: the memblock
 * @base: base address of the range
 * @size: size of the range
 *
 * Remove [@base, @base + @size) from mb->reserved, splitting reservations
 * that straddle its edges.
 *
 * Return: 0 on success, -ENOMEM if the region array could not grow.
 */
int memblock_free(struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	return memblock_remove_range(&mb->reserved, base, size);
}

/**
 * memblock_set_node - set the node ID of memory regions
 * @mb: the memblock
 * @base: base of the area
 * @size: size of the area
 * @nid: node ID to set
 *
 * Isolate [@base, @base + @size) in mb->memory, label every region inside
 * it @nid, and merge what became compatible.  Holes stay holes.
 *
 * Return: 0 on success, -ENOMEM if the region array could not grow.
 */
int memblock_set_node(struct memblock *mb, phys_addr_t base, phys_addr_t size,
		      int nid)
{
	struct memblock_type *type = &mb->memory;
	unsigned long start_rgn, end_rgn, i;
	int ret;

	ret = memblock_isolate_range(type, base, size, &start_rgn, &end_rgn);
	if (ret)
		return ret;

	for (i = start_rgn; i < end_rgn; i++)
		type->regions[i].nid = nid;

	memblock_merge_regions(type, start_rgn, end_rgn);
	return 0;
}

/*
 * should_skip_region - does a walk for @nid pass over memory region @m?
 * Only MEMBLOCK_NONE walks exist here: NOMAP memory is never free memory.
 */
static bool should_skip_region(const struct memblock_region *m, int nid)
{
	if (numa_valid_node(nid) && nid != m->nid)
		return true;
	if (m->flags & MEMBLOCK_NOMAP)
		return true;
	return false;
}

/* Gap @idx_b of @type: between region idx_b - 1 and region idx_b. */
static void reserved_gap(const struct memblock_type *type,
			 unsigned long idx_b, phys_addr_t *r_start,
			 phys_addr_t *r_end)
{
	*r_start = idx_b ? rgn_end(&type->regions[idx_b - 1]) : 0;
	*r_end = idx_b < type->cnt ? type->regions[idx_b].base : PHYS_ADDR_MAX;
}

/*
 * __next_mem_range - next range of memory (for @nid) not covered by
 * reserved, ascending.  *@idx_a indexes memory, *@idx_b the gaps of
 * reserved (0 .. reserved.cnt).  Returns false at the end.
 */
static bool __next_mem_range(const struct memblock *mb, int nid,
			     unsigned long *idx_a, unsigned long *idx_b,
			     phys_addr_t *out_start, phys_addr_t *out_end,
			     int *out_nid)
{
	const struct memblock_type *type_a = &mb->memory;
	const struct memblock_type *type_b = &mb->reserved;

	for (; *idx_a < type_a->cnt; (*idx_a)++) {
		const struct memblock_region *m = &type_a->regions[*idx_a];
		phys_addr_t m_start = m->base;
		phys_addr_t m_end = rgn_end(m);

		if (should_skip_region(m, nid))
			continue;

		for (; *idx_b < type_b->cnt + 1; (*idx_b)++) {
			phys_addr_t r_start, r_end;

			reserved_gap(type_b, *idx_b, &r_start, &r_end);

			/* the gap is past this memory region: next one */
			if (r_start >= m_end)
				break;
			if (m_start < r_end) {
				*out_start = mb_max(m_start, r_start);
				*out_end = mb_min(m_end, r_end);
				if (out_nid)
					*out_nid = m->nid;
				/* advance whichever ends first */
				if (m_end <= r_end)
					(*idx_a)++;
				else
					(*idx_b)++;
				return true;
			}
		}
	}
	return false;
}

/*
 * __next_mem_range_rev - the same walk, descending.  *@idx_a and *@idx_b
 * count down and are one past the entry to look at next (so 0 means done);
 * start them at memory.cnt and reserved.cnt + 1.
 */
static bool __next_mem_range_rev(const struct memblock *mb, int nid,
				 unsigned long *idx_a, unsigned long *idx_b,
				 phys_addr_t *out_start, phys_addr_t *out_end)
{
	const struct memblock_type *type_a = &mb->memory;
	const struct memblock_type *type_b = &mb->reserved;

	for (; *idx_a > 0; (*idx_a)--) {
		const struct memblock_region *m = &type_a->regions[*idx_a - 1];
		phys_addr_t m_start = m->base;
		phys_addr_t m_end = rgn_end(m);

		if (should_skip_region(m, nid))
			continue;

		for (; *idx_b > 0; (*idx_b)--) {
			phys_addr_t r_start, r_end;

			reserved_gap(type_b, *idx_b - 1, &r_start, &r_end);

			/* the gap is below this memory region: next one */
			if (r_end <= m_start)
				break;
			if (m_end > r_start) {
				*out_start = mb_max(m_start, r_start);
				*out_end = mb_min(m_end, r_end);
				/* step back whichever starts last */
				if (m_start >= r_start)
					(*idx_a)--;
				else
					(*idx_b)--;
				return true;
			}
		}
	}
	return false;
}

/**
 * memblock_next_free_range - step a for_each_free_mem_range walk
 * @mb: the memblock
 * @idx: opaque cursor, 0 to start
 * @start: where to store the start of the next free range
 * @end: where to store its end (exclusive)
 * @nid: where to store its node (may be NULL)
 *
 * Walk, ascending, the parts of mb->memory (any node, NOMAP excluded) not
 * covered by mb->reserved.  The arrays must not change during the walk.
 *
 * Return: true with the next range filled in, false at the end.
 */
bool memblock_next_free_range(const struct memblock *mb, unsigned long *idx,
			      phys_addr_t *start, phys_addr_t *end, int *nid)
{
	unsigned long idx_a, idx_b;

	if (*idx == MB_IDX_END)
		return false;
	idx_a = *idx & MB_IDX_MASK;
	idx_b = *idx >> MB_IDX_SHIFT;

	if (!__next_mem_range(mb, NUMA_NO_NODE, &idx_a, &idx_b, start, end,
			      nid)) {
		*idx = MB_IDX_END;
		return false;
	}
	/* indices that do not fit half a word (never on LP64) end the walk */
	if (idx_a >= MB_IDX_MASK || idx_b >= MB_IDX_MASK) {
		*idx = MB_IDX_END;
		return true;
	}
	*idx = idx_a | idx_b << MB_IDX_SHIFT;
	return true;
}

/*
 * __memblock_find_range_bottom_up - lowest @align-aligned @size bytes of
 * free memory on @nid inside [@start, @end); 0 if none.
 */
static phys_addr_t __memblock_find_range_bottom_up(const struct memblock *mb,
						   phys_addr_t start,
						   phys_addr_t end,
						   phys_addr_t size,
						   phys_addr_t align, int nid)
{
	unsigned long idx_a = 0, idx_b = 0;
	phys_addr_t this_start, this_end, cand;

	while (__next_mem_range(mb, nid, &idx_a, &idx_b, &this_start,
				&this_end, NULL)) {
		this_start = mb_clamp(this_start, start, end);
		this_end = mb_clamp(this_end, start, end);

		if (!mb_round_up(this_start, align, &cand))
			continue;
		if (cand < this_end && this_end - cand >= size)
			return cand;
	}
	return 0;
}

/*
 * __memblock_find_range_top_down - highest @align-aligned @size bytes of
 * free memory on @nid inside [@start, @end); 0 if none.
 */
static phys_addr_t __memblock_find_range_top_down(const struct memblock *mb,
						  phys_addr_t start,
						  phys_addr_t end,
						  phys_addr_t size,
						  phys_addr_t align, int nid)
{
	unsigned long idx_a = mb->memory.cnt, idx_b = mb->reserved.cnt + 1;
	phys_addr_t this_start, this_end, cand;

	while (__next_mem_range_rev(mb, nid, &idx_a, &idx_b, &this_start,
				    &this_end)) {
		this_start = mb_clamp(this_start, start, end);
		this_end = mb_clamp(this_end, start, end);

		if (this_end < size)
			continue;

		cand = mb_round_down(this_end - size, align);
		if (cand >= this_start)
			return cand;
	}
	return 0;
}

/*
 * memblock_find_in_range_node - find free area in given range and node.
 * @end MEMBLOCK_ALLOC_ACCESSIBLE means mb->current_limit; the first page
 * is never returned.
 */
static phys_addr_t memblock_find_in_range_node(const struct memblock *mb,
					       phys_addr_t size,
					       phys_addr_t align,
					       phys_addr_t start,
					       phys_addr_t end, int nid)
{
	/* pump up @end */
	if (end == MEMBLOCK_ALLOC_ACCESSIBLE)
		end = mb->current_limit;

	/* avoid allocating the first page */
	start = mb_max(start, PAGE_SIZE);
	end = mb_max(start, end);

	if (mb->bottom_up)
		return __memblock_find_range_bottom_up(mb, start, end, size,
						       align, nid);
	return __memblock_find_range_top_down(mb, start, end, size, align,
					      nid);
}

/*
 * memblock_alloc_range_nid - find and reserve; unless @exact_nid, retry on
 * any node when @nid has nothing.
 */
static phys_addr_t memblock_alloc_range_nid(struct memblock *mb,
					    phys_addr_t size,
					    phys_addr_t align,
					    phys_addr_t start, phys_addr_t end,
					    int nid, bool exact_nid)
{
	phys_addr_t found;

	if (!size)
		return 0;
	if (!align)
		align = SMP_CACHE_BYTES;

	found = memblock_find_in_range_node(mb, size, align, start, end, nid);
	if (found && !memblock_reserve(mb, found, size))
		return found;

	if (numa_valid_node(nid) && !exact_nid) {
		found = memblock_find_in_range_node(mb, size, align, start,
						    end, NUMA_NO_NODE);
		if (found && !memblock_reserve(mb, found, size))
			return found;
	}
	return 0;
}

/**
 * memblock_phys_alloc_range - allocate a memory block inside specified range
 * @mb: the memblock
 * @size: size of memory block to be allocated in bytes
 * @align: alignment of the region and block's size (0: SMP_CACHE_BYTES)
 * @start: the lower bound of the memory region to allocate (physical address)
 * @end: the upper bound (exclusive); MEMBLOCK_ALLOC_ACCESSIBLE means
 *	 mb->current_limit, MEMBLOCK_ALLOC_ANYWHERE means no limit
 * @nid: node to allocate from, NUMA_NO_NODE for any; no fallback
 *
 * Find free memory (memory minus reserved), highest fit first unless
 * mb->bottom_up, never in the first page, and reserve it.
 *
 * Return: physical address of the allocated block, 0 on failure.
 */
phys_addr_t memblock_phys_alloc_range(struct memblock *mb, phys_addr_t size,
				      phys_addr_t align, phys_addr_t start,
				      phys_addr_t end, int nid)
{
	return memblock_alloc_range_nid(mb, size, align, start, end, nid, true);
}

/**
 * memblock_phys_alloc - allocate accessible memory on any node
 * @mb: the memblock
 * @size: size in bytes
 * @align: alignment (0: SMP_CACHE_BYTES)
 *
 * Same as memblock_phys_alloc_range(@mb, @size, @align, 0,
 * MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE).
 *
 * Return: physical address of the allocated block, 0 on failure.
 */
phys_addr_t memblock_phys_alloc(struct memblock *mb, phys_addr_t size,
				phys_addr_t align)
{
	return memblock_alloc_range_nid(mb, size, align, 0,
					MEMBLOCK_ALLOC_ACCESSIBLE,
					NUMA_NO_NODE, true);
}

/**
 * memblock_phys_alloc_node - allocate accessible memory, preferably on a node
 * @mb: the memblock
 * @size: size in bytes
 * @align: alignment (0: SMP_CACHE_BYTES)
 * @nid: preferred node; if it has no fit, any node is tried
 *
 * Linux's memblock_phys_alloc_try_nid: memblock_alloc_range_nid over
 * [0, MEMBLOCK_ALLOC_ACCESSIBLE) with the NUMA_NO_NODE fallback.
 *
 * Return: physical address of the allocated block, 0 on failure.
 */
phys_addr_t memblock_phys_alloc_node(struct memblock *mb, phys_addr_t size,
				     phys_addr_t align, int nid)
{
	return memblock_alloc_range_nid(mb, size, align, 0,
					MEMBLOCK_ALLOC_ACCESSIBLE, nid, false);
}

/* memblock_search - index of the region of @type containing @addr, or -1. */
static long memblock_search(const struct memblock_type *type, phys_addr_t addr)
{
	unsigned long left = 0, right = type->cnt;

	while (left < right) {
		unsigned long mid = left + (right - left) / 2;
		const struct memblock_region *r = &type->regions[mid];

		if (addr < r->base)
			right = mid;
		else if (addr >= rgn_end(r))
			left = mid + 1;
		else
			return (long)mid;
	}
	return -1;
}

/**
 * memblock_is_memory - is an address inside memblock.memory?
 * @mb: the memblock
 * @addr: physical address
 *
 * Return: true if some memory region contains @addr.
 */
bool memblock_is_memory(const struct memblock *mb, phys_addr_t addr)
{
	return memblock_search(&mb->memory, addr) != -1;
}

/**
 * memblock_is_region_memory - does one memory region hold all of
 * [@base, @base + @size)?
 * @mb: the memblock
 * @base: physical address of the range
 * @size: its size
 *
 * Return: true if some memory region contains the whole range.
 */
bool memblock_is_region_memory(const struct memblock *mb, phys_addr_t base, phys_addr_t size)
{
	const struct memblock_type *mem = &mb->memory;

	for (unsigned long i = 0; i < mem->cnt; i++) {
		const struct memblock_region *r = &mem->regions[i];

		if (r->base <= base && base + size <= r->base + r->size)
			return true;
	}
	return false;
}

/**
 * memblock_is_reserved - is an address inside memblock.reserved?
 * @mb: the memblock
 * @addr: physical address
 *
 * Return: true if some reserved region contains @addr.
 */
bool memblock_is_reserved(const struct memblock *mb, phys_addr_t addr)
{
	return memblock_search(&mb->reserved, addr) != -1;
}

/**
 * memblock_is_region_reserved - check if a region intersects reserved memory
 * @mb: the memblock
 * @base: base of region to check
 * @size: size of region to check
 *
 * Linux's memblock_overlaps_region(&memblock.reserved, ...), with the size
 * capped so that the end does not overflow.
 *
 * Return: true if [@base, @base + @size) intersects a reserved region.
 */
bool memblock_is_region_reserved(const struct memblock *mb, phys_addr_t base,
				 phys_addr_t size)
{
	const struct memblock_type *type = &mb->reserved;
	unsigned long i;

	memblock_cap_size(base, &size);
	for (i = 0; i < type->cnt; i++) {
		const struct memblock_region *r = &type->regions[i];

		if (base < rgn_end(r) && r->base < base + size)
			return true;
	}
	return false;
}

/**
 * memblock_phys_mem_size - total size of memblock.memory
 * @mb: the memblock
 *
 * Return: memory.total_size.
 */
phys_addr_t memblock_phys_mem_size(const struct memblock *mb)
{
	return mb->memory.total_size;
}

/**
 * memblock_reserved_size - total size of memblock.reserved
 * @mb: the memblock
 *
 * Return: reserved.total_size.
 */
phys_addr_t memblock_reserved_size(const struct memblock *mb)
{
	return mb->reserved.total_size;
}

/**
 * memblock_start_of_DRAM - lowest address of memblock.memory
 * @mb: the memblock
 *
 * Return: base of the first memory region, 0 if there is none.
 */
phys_addr_t memblock_start_of_DRAM(const struct memblock *mb)
{
	return mb->memory.cnt ? mb->memory.regions[0].base : 0;
}

/**
 * memblock_end_of_DRAM - end of memblock.memory
 * @mb: the memblock
 *
 * Return: base + size of the last memory region, 0 if there is none.
 */
phys_addr_t memblock_end_of_DRAM(const struct memblock *mb)
{
	if (!mb->memory.cnt)
		return 0;
	return rgn_end(&mb->memory.regions[mb->memory.cnt - 1]);
}
