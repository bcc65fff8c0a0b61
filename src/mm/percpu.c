// SPDX-License-Identifier: MIT
/*
 * percpu.c - the per-CPU allocator, 每CPU分配器 (Linux 6.6 mm/percpu.c,
 * mm/percpu-vm.c, arch/x86/kernel/setup_percpu.c, the congruent-area half
 * of mm/vmalloc.c pcpu_get_vm_areas).
 *
 * A per-CPU allocation is one offset that names a copy of the object on
 * every CPU.  Memory comes in chunks; a chunk has one unit per possible
 * CPU (units are grouped by NUMA node) and an allocation takes the same
 * offset in every unit.  per_cpu_ptr(ptr, cpu) = ptr + pcpu_base_addr +
 * that CPU's unit offset.
 *
 * The first chunk is set up at boot (setup_per_cpu_areas ->
 * pcpu_embed_first_chunk -> pcpu_build_alloc_info) in memory from
 * memblock, reached through the direct map.  Each unit holds the kernel's
 * static per-CPU section, then the reserved region (modules' static
 * per-CPU variables, __alloc_reserved_percpu) and the dynamic region; the
 * unused tail of every unit goes back to memblock (pcpu_fc_free).  The
 * reserved and dynamic regions are two chunks over the same memory
 * (pcpu_reserved_chunk, pcpu_first_chunk).
 *
 * Later chunks live in the vmalloc space (pcpu_create_chunk ->
 * pcpu_get_vm_areas: one area per group, congruent, from the top), their
 * pages allocated and mapped on demand, for every unit at once
 * (pcpu_populate_chunk).  Inside a chunk, an allocation map has one bit
 * per PCPU_MIN_ALLOC_SIZE (4 bytes) and a boundary map marks where
 * allocations start and end; each PCPU_BITMAP_BLOCK_SIZE (a page) block
 * has hints (pcpu_block_md: contig_hint, left_free, right_free,
 * first_free), and so has the chunk.  Chunks sit on slots by their
 * largest free area; allocation tries the fullest slot first.
 *
 * The balance work (pcpu_balance_workfn) keeps PCPU_EMPTY_POP_PAGES_LOW..
 * HIGH empty populated pages for atomic allocations and at most one fully
 * free chunk.  mmsim runs it deterministically: when Linux would schedule
 * it (pcpu_schedule_balance_work), it runs right as the call that
 * scheduled it returns, after boot (pcpu_async_enabled).
 *
 * Simplified: the hints are recomputed exactly for the blocks an
 * operation touches and then for the chunk (Linux updates them
 * incrementally, with scan hints, and lets the chunk's hint lag by up to
 * a page); no memcg accounting; no page first chunk (a
 * machine whose memblock cannot hold the embedded chunk does not boot);
 * the later chunks' own metadata lives in host memory, not kmalloc; the
 * chunk of an address is found by a list walk, not page->private.
 * Freeing a pointer that was never returned is a WARN here (Linux would
 * corrupt memory); nothing changes.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "memblock.h"
#include "mmu.h"
#include "percpu.h"
#include "pgalloc.h"
#include "vmalloc.h"

#define BITS_PER_LONG_HOST	(8 * (int)sizeof(unsigned long))
#define BITS_TO_LONGS(n)	(((n) + BITS_PER_LONG_HOST - 1) / BITS_PER_LONG_HOST)
#define SMP_CACHE_BYTES		64
#define LOCAL_DISTANCE		10
#define REMOTE_DISTANCE		20
/* MAX_DMA_ADDRESS: pcpu_fc_alloc's goal, above ZONE_DMA */
#define MAX_DMA_PHYS		(16UL << 20)

/* ---- bitmaps ---- */

static bool test_bit(int nr, const unsigned long *map)
{
	return (map[nr / BITS_PER_LONG_HOST] >> (nr % BITS_PER_LONG_HOST)) & 1;
}

static void set_bit(int nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG_HOST] |= 1UL << (nr % BITS_PER_LONG_HOST);
}

static void clear_bit(int nr, unsigned long *map)
{
	map[nr / BITS_PER_LONG_HOST] &= ~(1UL << (nr % BITS_PER_LONG_HOST));
}

static void bitmap_set(unsigned long *map, int start, int n)
{
	for (int i = start; i < start + n; i++)
		set_bit(i, map);
}

static void bitmap_clear(unsigned long *map, int start, int n)
{
	for (int i = start; i < start + n; i++)
		clear_bit(i, map);
}

static int find_next_bit(const unsigned long *map, int size, int start)
{
	while (start < size && !test_bit(start, map))
		start++;
	return start < size ? start : size;
}

static int find_next_zero_bit(const unsigned long *map, int size, int start)
{
	while (start < size && test_bit(start, map))
		start++;
	return start < size ? start : size;
}

static int bitmap_weight(const unsigned long *map, int size)
{
	int n = 0;

	for (int i = 0; i < size; i++)
		n += test_bit(i, map);
	return n;
}

static int fls_int(unsigned int x)
{
	return x ? 32 - __builtin_clz(x) : 0;
}

static int ffs_low(int x)	/* __ffs */
{
	return __builtin_ctz((unsigned int)x);
}

/* ---- chunk geometry ---- */

static int pcpu_chunk_map_bits(const struct pcpu_chunk *chunk)
{
	return chunk->nr_pages * PCPU_BITMAP_BLOCK_BITS;
}

static int pcpu_chunk_nr_blocks(const struct pcpu_chunk *chunk)
{
	return chunk->nr_pages;		/* PCPU_BITMAP_BLOCK_SIZE == PAGE_SIZE */
}

static unsigned long *pcpu_index_alloc_map(struct pcpu_chunk *chunk, int index)
{
	return chunk->alloc_map + index * PCPU_BITMAP_BLOCK_BITS / BITS_PER_LONG_HOST;
}

/* __pcpu_size_to_slot: 1-31 bytes share slot 1 */
static int __pcpu_size_to_slot(int size)
{
	int highbit = fls_int((unsigned int)size);
	int slot = highbit - PCPU_SLOT_BASE_SHIFT + 2;

	return slot > 1 ? slot : 1;
}

static int pcpu_size_to_slot(struct pcpu_state *pc, int size)
{
	if (size == pc->unit_size)
		return pc->free_slot;
	return __pcpu_size_to_slot(size);
}

static int pcpu_chunk_slot(struct pcpu_state *pc, const struct pcpu_chunk *chunk)
{
	if (chunk->free_bytes < PCPU_MIN_ALLOC_SIZE || chunk->chunk_md.contig_hint == 0)
		return 0;
	return pcpu_size_to_slot(pc, chunk->chunk_md.contig_hint * PCPU_MIN_ALLOC_SIZE);
}

static uint64_t pcpu_chunk_addr(struct pcpu_state *pc, const struct pcpu_chunk *chunk,
				int cpu, int page_idx)
{
	return chunk->base_addr + pc->unit_off[cpu] + ((uint64_t)page_idx << PAGE_SHIFT);
}

static void pcpu_chunk_relocate(struct pcpu_state *pc, struct pcpu_chunk *chunk, int oslot)
{
	int nslot = pcpu_chunk_slot(pc, chunk);

	if (chunk == pc->reserved_chunk || chunk->isolated || oslot == nslot)
		return;
	if (oslot < nslot)
		list_move(&chunk->list, &pc->chunk_lists[nslot]);
	else
		list_move_tail(&chunk->list, &pc->chunk_lists[nslot]);
}

static void pcpu_update_empty_pages(struct pcpu_state *pc, struct pcpu_chunk *chunk, int nr)
{
	chunk->nr_empty_pop_pages += nr;
	if (chunk != pc->reserved_chunk && !chunk->isolated)
		pc->nr_empty_pop_pages += nr;
}

/* pcpu_isolate_chunk - off the active slots, onto to_depopulate. */
static void pcpu_isolate_chunk(struct pcpu_state *pc, struct pcpu_chunk *chunk)
{
	if (!chunk->isolated) {
		chunk->isolated = true;
		pc->nr_empty_pop_pages -= chunk->nr_empty_pop_pages;
	}
	list_move(&chunk->list, &pc->chunk_lists[pc->to_depopulate_slot]);
}

/* pcpu_reintegrate_chunk - back on the slot its free space says. */
static void pcpu_reintegrate_chunk(struct pcpu_state *pc, struct pcpu_chunk *chunk)
{
	if (chunk->isolated) {
		chunk->isolated = false;
		pc->nr_empty_pop_pages += chunk->nr_empty_pop_pages;
		pcpu_chunk_relocate(pc, chunk, -1);
	}
}

/* ---- hints ---- */

static void pcpu_init_md_block(struct pcpu_block_md *block, int nr_bits)
{
	block->contig_hint = nr_bits;
	block->contig_hint_start = 0;
	block->left_free = nr_bits;
	block->right_free = nr_bits;
	block->first_free = 0;
	block->nr_bits = nr_bits;
}

/*
 * pcpu_block_update - account the free area [start, end) in @block: the
 * largest wins; of equal ones the better aligned start (Linux's rule,
 * without the scan hint).
 */
static void pcpu_block_update(struct pcpu_block_md *block, int start, int end)
{
	int contig = end - start;

	if (start < block->first_free)
		block->first_free = start;
	if (start == 0)
		block->left_free = contig;
	if (end == block->nr_bits)
		block->right_free = contig;
	if (contig > block->contig_hint) {
		block->contig_hint_start = start;
		block->contig_hint = contig;
	} else if (contig == block->contig_hint && block->contig_hint_start &&
		   (!start || ffs_low(start) > ffs_low(block->contig_hint_start))) {
		block->contig_hint_start = start;
	}
}

/* pcpu_block_refresh_hint - rescan block @index's bits. */
static void pcpu_block_refresh_hint(struct pcpu_chunk *chunk, int index)
{
	struct pcpu_block_md *block = chunk->md_blocks + index;
	unsigned long *map = pcpu_index_alloc_map(chunk, index);
	int start = 0;

	block->contig_hint = 0;
	block->contig_hint_start = 0;
	block->left_free = 0;
	block->right_free = 0;
	block->first_free = PCPU_BITMAP_BLOCK_BITS;
	for (;;) {
		int end;

		start = find_next_zero_bit(map, PCPU_BITMAP_BLOCK_BITS, start);
		if (start >= PCPU_BITMAP_BLOCK_BITS)
			break;
		end = find_next_bit(map, PCPU_BITMAP_BLOCK_BITS, start + 1);
		pcpu_block_update(block, start, end);
		start = end + 1;
	}
}

/*
 * pcpu_chunk_refresh_hint - the chunk's hints from its blocks': free
 * areas that run across block boundaries are joined (right_free of one
 * block + left_free of the next), as pcpu_for_each_md_free_region does.
 */
static void pcpu_chunk_refresh_hint(struct pcpu_chunk *chunk)
{
	struct pcpu_block_md *md = &chunk->chunk_md;
	int nr = pcpu_chunk_nr_blocks(chunk), run_start = -1, run = 0;

	md->contig_hint = 0;
	md->contig_hint_start = 0;
	md->left_free = 0;
	md->right_free = 0;
	md->first_free = pcpu_chunk_map_bits(chunk);
	for (int i = 0; i < nr; i++) {
		const struct pcpu_block_md *b = chunk->md_blocks + i;
		int base = i * PCPU_BITMAP_BLOCK_BITS;

		if (run) {
			run += b->left_free;
			if (b->left_free == PCPU_BITMAP_BLOCK_BITS)
				continue;
			pcpu_block_update(md, run_start, run_start + run);
			run = 0;
		}
		/* a free area wholly inside the block (not touching its end) */
		if (b->contig_hint && b->contig_hint_start + b->contig_hint < PCPU_BITMAP_BLOCK_BITS &&
		    !(b->contig_hint_start == 0 && i > 0 &&
		      chunk->md_blocks[i - 1].right_free))
			pcpu_block_update(md, base + b->contig_hint_start,
					  base + b->contig_hint_start + b->contig_hint);
		if (b->right_free) {
			run_start = base + PCPU_BITMAP_BLOCK_BITS - b->right_free;
			run = b->right_free;
		}
	}
	if (run)
		pcpu_block_update(md, run_start, run_start + run);
	md->first_free = find_next_zero_bit(chunk->alloc_map, pcpu_chunk_map_bits(chunk), 0);
}

/*
 * The hints of blocks [s, e] after their bits changed, the empty-page
 * counts they imply, and the chunk's hints.
 */
static void pcpu_refresh_range(struct pcpu_state *pc, struct pcpu_chunk *chunk,
			       int bit_off, int bits)
{
	int s = bit_off / PCPU_BITMAP_BLOCK_BITS;
	int e = (bit_off + bits - 1) / PCPU_BITMAP_BLOCK_BITS;
	int delta = 0;

	for (int i = s; i <= e; i++) {
		struct pcpu_block_md *b = chunk->md_blocks + i;
		bool was_empty = b->contig_hint == PCPU_BITMAP_BLOCK_BITS;

		pcpu_block_refresh_hint(chunk, i);
		/* a fully free block is an empty page, once populated (Linux
		 * counts it at once and adds it back in pcpu_chunk_populated) */
		if (was_empty && b->contig_hint != PCPU_BITMAP_BLOCK_BITS)
			delta--;
		else if (!was_empty && b->contig_hint == PCPU_BITMAP_BLOCK_BITS)
			delta++;
	}
	if (delta)
		pcpu_update_empty_pages(pc, chunk, delta);
	pcpu_chunk_refresh_hint(chunk);
}

/* ---- area allocation inside a chunk ---- */

static bool pcpu_check_block_hint(const struct pcpu_block_md *block, int bits, size_t align)
{
	int bit_off = (int)(((size_t)block->contig_hint_start + align - 1) & ~(align - 1)) -
		      block->contig_hint_start;

	return bit_off + bits <= block->contig_hint;
}

/*
 * pcpu_next_fit_region - from *bit_off, the next free area (possibly
 * spanning blocks) that can hold @alloc_bits at @align; *bit_off is the
 * map size when there is none.
 */
static void pcpu_next_fit_region(struct pcpu_chunk *chunk, int alloc_bits, int align,
				 int *bit_off, int *bits)
{
	int i = *bit_off / PCPU_BITMAP_BLOCK_BITS;
	int block_off = *bit_off % PCPU_BITMAP_BLOCK_BITS;

	*bits = 0;
	for (; i < pcpu_chunk_nr_blocks(chunk); i++) {
		const struct pcpu_block_md *block = chunk->md_blocks + i;

		if (*bits) {	/* an area running on from the previous block */
			*bits += block->left_free;
			if (*bits >= alloc_bits)
				return;
			if (block->left_free == PCPU_BITMAP_BLOCK_BITS)
				continue;
		}
		*bits = ((block->contig_hint_start + align - 1) & ~(align - 1)) -
			block->contig_hint_start;
		if (block->contig_hint && block->contig_hint_start >= block_off &&
		    block->contig_hint >= *bits + alloc_bits) {
			int start = block->first_free;

			*bits += alloc_bits + block->contig_hint_start - start;
			*bit_off = i * PCPU_BITMAP_BLOCK_BITS + start;
			return;
		}
		block_off = 0;
		*bit_off = ((PCPU_BITMAP_BLOCK_BITS - block->right_free) + align - 1) & ~(align - 1);
		*bits = PCPU_BITMAP_BLOCK_BITS - *bit_off;
		*bit_off += i * PCPU_BITMAP_BLOCK_BITS;
		if (*bits >= alloc_bits)
			return;
	}
	*bit_off = pcpu_chunk_map_bits(chunk);
}

/* pcpu_is_populated - are the pages under [bit_off, +bits) all there? */
static bool pcpu_is_populated(struct pcpu_chunk *chunk, int bit_off, int bits, int *next_off)
{
	int start = (int)PFN_DOWN((unsigned long)bit_off * PCPU_MIN_ALLOC_SIZE);
	int end = (int)PFN_UP((unsigned long)(bit_off + bits) * PCPU_MIN_ALLOC_SIZE);

	start = find_next_zero_bit(chunk->populated, end, start);
	if (start >= end)
		return true;
	end = find_next_bit(chunk->populated, end, start + 1);
	*next_off = end * PCPU_BITMAP_BLOCK_BITS;
	return false;
}

/* pcpu_find_block_fit - the bit offset to start the search at, or -1. */
static int pcpu_find_block_fit(struct pcpu_chunk *chunk, int alloc_bits, size_t align,
			       bool pop_only)
{
	int bit_off, bits = 0, next_off;

	if (!pcpu_check_block_hint(&chunk->chunk_md, alloc_bits, align))
		return -1;
	bit_off = chunk->chunk_md.first_free;
	for (pcpu_next_fit_region(chunk, alloc_bits, (int)align, &bit_off, &bits);
	     bit_off < pcpu_chunk_map_bits(chunk);
	     bit_off += bits, pcpu_next_fit_region(chunk, alloc_bits, (int)align, &bit_off, &bits)) {
		if (!pop_only || pcpu_is_populated(chunk, bit_off, bits, &next_off))
			break;
		bit_off = next_off;
		bits = 0;
	}
	if (bit_off >= pcpu_chunk_map_bits(chunk))
		return -1;
	return bit_off;
}

/* pcpu_find_zero_area - first aligned run of @nr clear bits from @start. */
static int pcpu_find_zero_area(const unsigned long *map, int size, int start, int nr,
			       int align_mask)
{
	for (;;) {
		int index = find_next_zero_bit(map, size, start), i;

		index = (index + align_mask) & ~align_mask;
		if (index + nr > size)
			return index + nr;
		i = find_next_bit(map, index + nr, index);
		if (i >= index + nr)
			return index;
		start = i + 1;
	}
}

/*
 * pcpu_alloc_area - take @alloc_bits at @align bits from @chunk, searching
 * from @start; returns the byte offset or -1.
 */
static int pcpu_alloc_area(struct pcpu_state *pc, struct pcpu_chunk *chunk, int alloc_bits,
			   size_t align, int start)
{
	int oslot = pcpu_chunk_slot(pc, chunk), bit_off, end;

	end = start + alloc_bits + PCPU_BITMAP_BLOCK_BITS;
	if (end > pcpu_chunk_map_bits(chunk))
		end = pcpu_chunk_map_bits(chunk);
	bit_off = pcpu_find_zero_area(chunk->alloc_map, end, start, alloc_bits, (int)align - 1);
	if (bit_off >= end)
		return -1;
	bitmap_set(chunk->alloc_map, bit_off, alloc_bits);
	set_bit(bit_off, chunk->bound_map);
	bitmap_clear(chunk->bound_map, bit_off + 1, alloc_bits - 1);
	set_bit(bit_off + alloc_bits, chunk->bound_map);
	chunk->free_bytes -= alloc_bits * PCPU_MIN_ALLOC_SIZE;
	pcpu_refresh_range(pc, chunk, bit_off, alloc_bits);
	pcpu_chunk_relocate(pc, chunk, oslot);
	return bit_off * PCPU_MIN_ALLOC_SIZE;
}

/* pcpu_free_area - free the allocation at byte @off; returns its size. */
static int pcpu_free_area(struct pcpu_state *pc, struct pcpu_chunk *chunk, int off)
{
	int oslot = pcpu_chunk_slot(pc, chunk);
	int bit_off = off / PCPU_MIN_ALLOC_SIZE, end, bits;

	end = find_next_bit(chunk->bound_map, pcpu_chunk_map_bits(chunk), bit_off + 1);
	bits = end - bit_off;
	bitmap_clear(chunk->alloc_map, bit_off, bits);
	chunk->free_bytes += bits * PCPU_MIN_ALLOC_SIZE;
	pcpu_refresh_range(pc, chunk, bit_off, bits);
	pcpu_chunk_relocate(pc, chunk, oslot);
	return bits * PCPU_MIN_ALLOC_SIZE;
}

/* ---- chunks ---- */

static struct pcpu_chunk *pcpu_alloc_chunk_host(int nr_pages)
{
	struct pcpu_chunk *chunk = calloc(1, sizeof(*chunk));
	int bits = nr_pages * PCPU_BITMAP_BLOCK_BITS;

	if (!chunk)
		abort();
	INIT_LIST_HEAD(&chunk->list);
	INIT_LIST_HEAD(&chunk->all);
	chunk->nr_pages = nr_pages;
	chunk->alloc_map = calloc((size_t)BITS_TO_LONGS(bits), sizeof(unsigned long));
	chunk->bound_map = calloc((size_t)BITS_TO_LONGS(bits + 1), sizeof(unsigned long));
	chunk->md_blocks = calloc((size_t)nr_pages, sizeof(*chunk->md_blocks));
	chunk->populated = calloc((size_t)BITS_TO_LONGS(nr_pages), sizeof(unsigned long));
	if (!chunk->alloc_map || !chunk->bound_map || !chunk->md_blocks || !chunk->populated)
		abort();
	pcpu_init_md_block(&chunk->chunk_md, bits);
	for (int i = 0; i < nr_pages; i++)
		pcpu_init_md_block(chunk->md_blocks + i, PCPU_BITMAP_BLOCK_BITS);
	return chunk;
}

static void pcpu_free_chunk_host(struct pcpu_chunk *chunk)
{
	if (!chunk)
		return;
	list_del(&chunk->all);
	free(chunk->alloc_map);
	free(chunk->bound_map);
	free(chunk->md_blocks);
	free(chunk->populated);
	free(chunk);
}

/*
 * The memblock allocations Linux makes for a first chunk's metadata
 * (pcpu_alloc_first_chunk), so "Memory: ... reserved" counts them; the
 * structures themselves are kept on the host.
 */
static void pcpu_reserve_first_chunk_md(struct machine *m, int nr_pages)
{
	int bits = nr_pages * PCPU_BITMAP_BLOCK_BITS;
	size_t lsz = m->arch->bits == 64 ? 8 : 4, lbits = lsz * 8;
	/* sizeof(struct pcpu_chunk) in 6.6 with CONFIG_MEMCG_KMEM, cacheline aligned */
	size_t chunk_size = (m->arch->bits == 64 ? 192 : 128) +
			    ((size_t)nr_pages + lbits - 1) / lbits * lsz;

	memblock_phys_alloc(&m->memblock, chunk_size, SMP_CACHE_BYTES);
	memblock_phys_alloc(&m->memblock, ((size_t)bits + lbits - 1) / lbits * lsz,
			    SMP_CACHE_BYTES);
	memblock_phys_alloc(&m->memblock, ((size_t)bits + 1 + lbits - 1) / lbits * lsz,
			    SMP_CACHE_BYTES);
	memblock_phys_alloc(&m->memblock, (size_t)nr_pages * 32, SMP_CACHE_BYTES);
}

/*
 * pcpu_alloc_first_chunk - a chunk over [tmp_addr, tmp_addr + map_size)
 * of the first chunk: page aligned around it, the parts outside hidden as
 * allocated.
 */
static struct pcpu_chunk *pcpu_alloc_first_chunk(struct machine *m, uint64_t tmp_addr,
						 int map_size)
{
	struct pcpu_state *pc = m->percpu;
	uint64_t aligned_addr = tmp_addr & PAGE_MASK;
	int start_offset = (int)(tmp_addr - aligned_addr);
	int region_size = (int)(((uint64_t)start_offset + (uint64_t)map_size + PAGE_SIZE - 1) &
				PAGE_MASK);
	struct pcpu_chunk *chunk;

	pcpu_reserve_first_chunk_md(m, region_size >> PAGE_SHIFT);
	chunk = pcpu_alloc_chunk_host(region_size >> PAGE_SHIFT);
	list_add_tail(&chunk->all, &pc->all_chunks);
	chunk->base_addr = aligned_addr;
	chunk->start_offset = start_offset;
	chunk->end_offset = region_size - start_offset - map_size;
	chunk->immutable = true;
	bitmap_set(chunk->populated, 0, chunk->nr_pages);
	chunk->nr_populated = chunk->nr_pages;
	chunk->nr_empty_pop_pages = chunk->nr_pages;
	chunk->free_bytes = map_size;
	if (chunk->start_offset) {
		int offset_bits = chunk->start_offset / PCPU_MIN_ALLOC_SIZE;

		bitmap_set(chunk->alloc_map, 0, offset_bits);
		set_bit(0, chunk->bound_map);
		set_bit(offset_bits, chunk->bound_map);
		pcpu_refresh_range(pc, chunk, 0, offset_bits);
	}
	if (chunk->end_offset) {
		int offset_bits = chunk->end_offset / PCPU_MIN_ALLOC_SIZE;
		int bits = pcpu_chunk_map_bits(chunk);

		bitmap_set(chunk->alloc_map, bits - offset_bits, offset_bits);
		set_bit((start_offset + map_size) / PCPU_MIN_ALLOC_SIZE, chunk->bound_map);
		set_bit(bits, chunk->bound_map);
		pcpu_refresh_range(pc, chunk, bits - offset_bits, offset_bits);
	}
	return chunk;
}

/* pcpu_create_chunk (percpu-vm.c) - a new, empty, unpopulated chunk. */
static struct pcpu_chunk *pcpu_create_chunk(struct machine *m)
{
	struct pcpu_state *pc = m->percpu;
	struct vm_struct **vms;
	struct pcpu_chunk *chunk;

	vms = pcpu_get_vm_areas(m, pc->group_offsets, pc->group_sizes, pc->nr_groups,
				(size_t)pc->atom_size);
	if (!vms)
		return NULL;
	chunk = pcpu_alloc_chunk_host(pc->unit_pages);
	chunk->free_bytes = chunk->nr_pages * (int)PAGE_SIZE;
	chunk->data = vms;
	chunk->base_addr = vms[0]->addr - pc->group_offsets[0];
	list_add_tail(&chunk->all, &pc->all_chunks);
	pc->nr_chunks_created++;
	return chunk;
}

/* pcpu_destroy_chunk - its vm areas go back; the chunk is depopulated. */
static void pcpu_destroy_chunk(struct machine *m, struct pcpu_chunk *chunk)
{
	pcpu_free_vm_areas(m, chunk->data, m->percpu->nr_groups);
	m->percpu->nr_chunks_destroyed++;
	pcpu_free_chunk_host(chunk);
}

/*
 * pcpu_depopulate_chunk - unmap and free pages [page_start, page_end) of
 * every unit (pcpu_unmap_pages, pcpu_free_pages).  As Linux, the TLB
 * flush waits: the vm area's lazy purge or pcpu_post_unmap_tlb_flush.
 */
static void pcpu_depopulate_chunk(struct machine *m, struct pcpu_chunk *chunk,
				  int page_start, int page_end)
{
	struct pcpu_state *pc = m->percpu;

	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++)
		for (int i = page_start; i < page_end; i++) {
			uint64_t addr = pcpu_chunk_addr(pc, chunk, cpu, i);
			struct page *page = vmalloc_to_page(m, addr);

			pte_clear(m, &m->init_mm, addr);
			if (page)
				__free_pages(m, page, 0);
		}
}

/*
 * pcpu_populate_chunk - a page for every unit's pages [page_start,
 * page_end), on the CPU's node (highmem allowed), mapped PAGE_KERNEL.
 */
static int pcpu_populate_chunk(struct machine *m, struct pcpu_chunk *chunk,
			       int page_start, int page_end, gfp_t gfp)
{
	struct pcpu_state *pc = m->percpu;

	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++)
		for (int i = page_start; i < page_end; i++) {
			struct page *page = alloc_pages_node(m, m->cpus[cpu].node,
							     gfp | __GFP_HIGHMEM, 0);
			uint64_t addr = pcpu_chunk_addr(pc, chunk, cpu, i);

			if (!page || set_pte_at(m, &m->init_mm, addr, page_to_pfn(m, page),
						__PAGE_KERNEL)) {
				if (page)
					__free_pages(m, page, 0);
				/* undo this CPU's pages so far, then the earlier CPUs' */
				for (int j = page_start; j < i; j++) {
					uint64_t a = pcpu_chunk_addr(pc, chunk, cpu, j);

					__free_pages(m, vmalloc_to_page(m, a), 0);
					pte_clear(m, &m->init_mm, a);
				}
				for (int c = 0; c < cpu; c++)
					for (int j = page_start; j < page_end; j++) {
						uint64_t a = pcpu_chunk_addr(pc, chunk, c, j);

						__free_pages(m, vmalloc_to_page(m, a), 0);
						pte_clear(m, &m->init_mm, a);
					}
				flush_tlb_kernel_range(m, pcpu_chunk_addr(pc, chunk, 0, page_start),
						       pcpu_chunk_addr(pc, chunk, m->nr_cpu_ids - 1,
								       page_end));
				return -ENOMEM;
			}
		}
	return 0;
}

static void pcpu_chunk_populated(struct pcpu_state *pc, struct pcpu_chunk *chunk,
				 int page_start, int page_end)
{
	int nr = page_end - page_start;

	bitmap_set(chunk->populated, page_start, nr);
	chunk->nr_populated += nr;
	pc->nr_populated += (unsigned long)nr;
	pcpu_update_empty_pages(pc, chunk, nr);
}

static void pcpu_chunk_depopulated(struct pcpu_state *pc, struct pcpu_chunk *chunk,
				   int page_start, int page_end)
{
	int nr = page_end - page_start;

	bitmap_clear(chunk->populated, page_start, nr);
	chunk->nr_populated -= nr;
	pc->nr_populated -= (unsigned long)nr;
	pcpu_update_empty_pages(pc, chunk, -nr);
}

/* ---- the balance work ---- */

/* pcpu_balance_free - destroy fully free chunks but the first on the slot. */
static void pcpu_balance_free(struct machine *m, bool empty_only)
{
	struct pcpu_state *pc = m->percpu;
	struct list_head *free_head = &pc->chunk_lists[pc->free_slot];
	struct pcpu_chunk *chunk, *next;
	struct list_head to_free;

	INIT_LIST_HEAD(&to_free);
	list_for_each_entry_safe(chunk, next, free_head, struct pcpu_chunk, list) {
		if (chunk == list_first_entry(free_head, struct pcpu_chunk, list))
			continue;
		if (!empty_only || chunk->nr_empty_pop_pages == 0)
			list_move(&chunk->list, &to_free);
	}
	list_for_each_entry_safe(chunk, next, &to_free, struct pcpu_chunk, list) {
		for (int rs = 0; rs < chunk->nr_pages;) {
			int re;

			rs = find_next_bit(chunk->populated, chunk->nr_pages, rs);
			if (rs >= chunk->nr_pages)
				break;
			re = find_next_zero_bit(chunk->populated, chunk->nr_pages, rs + 1);
			pcpu_depopulate_chunk(m, chunk, rs, re);
			pcpu_chunk_depopulated(pc, chunk, rs, re);
			rs = re;
		}
		list_del(&chunk->list);
		pcpu_destroy_chunk(m, chunk);
	}
}

/*
 * pcpu_balance_populated - keep PCPU_EMPTY_POP_PAGES_HIGH empty populated
 * pages: populate the fullest chunks that have unpopulated pages, and
 * create a chunk when none has.
 */
static void pcpu_balance_populated(struct machine *m)
{
	const gfp_t gfp = GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN;
	struct pcpu_state *pc = m->percpu;
	struct pcpu_chunk *chunk;
	int nr_to_pop;

retry_pop:
	if (pc->atomic_alloc_failed) {
		nr_to_pop = PCPU_EMPTY_POP_PAGES_HIGH;
		pc->atomic_alloc_failed = false;
	} else {
		nr_to_pop = PCPU_EMPTY_POP_PAGES_HIGH - pc->nr_empty_pop_pages;
		if (nr_to_pop < 0)
			nr_to_pop = 0;
	}
	for (int slot = pcpu_size_to_slot(pc, (int)PAGE_SIZE); slot <= pc->free_slot; slot++) {
		int nr_unpop = 0;

		if (!nr_to_pop)
			break;
		list_for_each_entry(chunk, &pc->chunk_lists[slot], struct pcpu_chunk, list) {
			nr_unpop = chunk->nr_pages - chunk->nr_populated;
			if (nr_unpop)
				break;
		}
		if (!nr_unpop)
			continue;
		for (int rs = 0; rs < chunk->nr_pages && nr_to_pop;) {
			int re, nr;

			rs = find_next_zero_bit(chunk->populated, chunk->nr_pages, rs);
			if (rs >= chunk->nr_pages)
				break;
			re = find_next_bit(chunk->populated, chunk->nr_pages, rs + 1);
			nr = re - rs < nr_to_pop ? re - rs : nr_to_pop;
			if (!pcpu_populate_chunk(m, chunk, rs, rs + nr, gfp)) {
				nr_to_pop -= nr;
				pcpu_chunk_populated(pc, chunk, rs, rs + nr);
			} else {
				nr_to_pop = 0;
			}
			rs = re;
		}
	}
	if (nr_to_pop) {
		chunk = pcpu_create_chunk(m);
		if (chunk) {
			pcpu_chunk_relocate(pc, chunk, -1);
			goto retry_pop;
		}
	}
}

/* pcpu_post_unmap_tlb_flush - one flush over every unit's unmapped range. */
static void pcpu_post_unmap_tlb_flush(struct machine *m, struct pcpu_chunk *chunk,
				      int page_start, int page_end)
{
	struct pcpu_state *pc = m->percpu;
	uint64_t start = ~0ULL, end = 0;

	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		uint64_t s = pcpu_chunk_addr(pc, chunk, cpu, page_start);
		uint64_t e = pcpu_chunk_addr(pc, chunk, cpu, page_end);

		start = s < start ? s : start;
		end = e > end ? e : end;
	}
	flush_tlb_kernel_range(m, start, end);
}

/*
 * pcpu_reclaim_populated - give back the empty populated pages of the
 * isolated chunks, scanning each from its end; a chunk left with used
 * pages is sidelined, a fully free one reintegrated (and so freed by
 * pcpu_balance_free unless it is the spare); stop and reintegrate when
 * the system runs short of empty pages.
 */
static void pcpu_reclaim_populated(struct machine *m)
{
	struct pcpu_state *pc = m->percpu;
	struct list_head *head = &pc->chunk_lists[pc->to_depopulate_slot];

	while (!list_empty(head)) {
		struct pcpu_chunk *chunk = list_first_entry(head, struct pcpu_chunk, list);
		int freed_start = chunk->nr_pages, freed_end = 0, i, end = -1;
		bool reintegrate = false;

		for (i = chunk->nr_pages - 1; i >= 0; i--) {
			if (chunk->nr_empty_pop_pages == 0)
				break;
			if (pc->nr_empty_pop_pages < PCPU_EMPTY_POP_PAGES_HIGH) {
				reintegrate = true;
				break;
			}
			if (chunk->md_blocks[i].contig_hint == PCPU_BITMAP_BLOCK_BITS &&
			    test_bit(i, chunk->populated)) {
				if (end == -1)
					end = i;
				if (i > 0)
					continue;
				i--;
			}
			if (end == -1)
				continue;
			pcpu_depopulate_chunk(m, chunk, i + 1, end + 1);
			pcpu_chunk_depopulated(pc, chunk, i + 1, end + 1);
			freed_start = i + 1 < freed_start ? i + 1 : freed_start;
			freed_end = end + 1 > freed_end ? end + 1 : freed_end;
			end = -1;
		}
		if (freed_start < freed_end)
			pcpu_post_unmap_tlb_flush(m, chunk, freed_start, freed_end);
		if (reintegrate || chunk->free_bytes == pc->unit_size)
			pcpu_reintegrate_chunk(pc, chunk);
		else
			list_move_tail(&chunk->list, &pc->chunk_lists[pc->sidelined_slot]);
	}
}

/*
 * pcpu_should_reclaim_chunk - neither the first nor the reserved chunk;
 * an isolated chunk with empty pages, or one a quarter empty while the
 * system has more than enough empty pages without it.
 */
static bool pcpu_should_reclaim_chunk(struct pcpu_state *pc, const struct pcpu_chunk *chunk)
{
	if (chunk == pc->first_chunk || chunk == pc->reserved_chunk)
		return false;
	return (chunk->isolated && chunk->nr_empty_pop_pages) ||
	       (pc->nr_empty_pop_pages > PCPU_EMPTY_POP_PAGES_HIGH + chunk->nr_empty_pop_pages &&
		chunk->nr_empty_pop_pages >= chunk->nr_pages / 4);
}

/* pcpu_balance_workfn - mmsim runs it when it is scheduled (see above). */
static void pcpu_balance_workfn(struct machine *m)
{
	m->percpu->verified = false;
	m->percpu->balance_pending = false;
	pcpu_balance_free(m, false);
	pcpu_reclaim_populated(m);
	pcpu_balance_populated(m);
	pcpu_balance_free(m, true);
}

static void pcpu_schedule_balance_work(struct machine *m)
{
	if (m->booted && m->vmalloc)	/* pcpu_async_enabled */
		m->percpu->balance_pending = true;
}

static void pcpu_run_pending_work(struct machine *m)
{
	if (m->percpu->balance_pending)
		pcpu_balance_workfn(m);
}

/* ---- the API ---- */

/* Host bytes of CPU @cpu's copy at byte @off of @chunk (one page at most). */
static void *pcpu_host_addr(struct machine *m, struct pcpu_chunk *chunk, int cpu, int off)
{
	uint64_t va = chunk->base_addr + m->percpu->unit_off[cpu] + (uint64_t)off;
	struct page *page;

	if (!chunk->data)	/* the first chunk: in the direct map */
		return m->ram + (va - m->layout.page_offset);
	page = vmalloc_to_page(m, va);
	return page ? (uint8_t *)page_address_host(m, page) + (va & ~PAGE_MASK) : NULL;
}

static void pcpu_clear_area(struct machine *m, struct pcpu_chunk *chunk, int off, size_t size)
{
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++)
		for (size_t done = 0; done < size;) {
			int o = off + (int)done;
			size_t n = PAGE_SIZE - ((size_t)o & ~PAGE_MASK);
			void *p = pcpu_host_addr(m, chunk, cpu, o);

			if (n > size - done)
				n = size - done;
			if (p)
				memset(p, 0, n);
			done += n;
		}
}

static void pcpu_warn(struct machine *m, const char *func, const char *msg)
{
	pr_warn(m, "------------[ cut here ]------------\n%s\n"
		"WARNING: CPU: %d PID: %d at mm/percpu.c: %s",
		msg, m->cpu, this_cpu(m)->pid, func);
}

/**
 * pcpu_alloc - the per-CPU allocator: @size bytes at @align (at most
 * PAGE_SIZE) on every CPU, zeroed, from the reserved chunk if @reserved.
 * A @gfp that cannot block only takes populated pages (an atomic
 * allocation).  Returns the per-CPU pointer, or 0 with Linux's warnings.
 */
uint64_t pcpu_alloc(struct machine *m, size_t size, size_t align, bool reserved, gfp_t gfp)
{
	struct pcpu_state *pc = m->percpu;
	bool is_atomic = !gfpflags_allow_blocking(gfp), do_warn = !(gfp & __GFP_NOWARN);
	gfp_t pcpu_gfp = gfp & (GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN);
	struct pcpu_chunk *chunk = NULL, *next;
	const char *err;
	int off = -1, bits, bit_align;
	char msg[96];

	pc->verified = false;	/* pcpu_verify: the maps will change */

	if (!pc)
		return 0;
	if (align < PCPU_MIN_ALLOC_SIZE)
		align = PCPU_MIN_ALLOC_SIZE;
	size = (size + PCPU_MIN_ALLOC_SIZE - 1) & ~(size_t)(PCPU_MIN_ALLOC_SIZE - 1);
	if (!size || size > PCPU_MIN_UNIT_SIZE || align > PAGE_SIZE || (align & (align - 1))) {
		if (do_warn) {
			snprintf(msg, sizeof(msg),
				 "illegal size (%zu) or align (%zu) for percpu allocation", size, align);
			pcpu_warn(m, "pcpu_alloc", msg);
		}
		return 0;
	}
	bits = (int)(size >> PCPU_MIN_ALLOC_SHIFT);
	bit_align = (int)(align >> PCPU_MIN_ALLOC_SHIFT);

	if (reserved && pc->reserved_chunk) {
		chunk = pc->reserved_chunk;
		off = pcpu_find_block_fit(chunk, bits, (size_t)bit_align, is_atomic);
		if (off >= 0)
			off = pcpu_alloc_area(pc, chunk, bits, (size_t)bit_align, off);
		if (off >= 0)
			goto area_found;
		err = "alloc from reserved chunk failed";
		goto fail;
	}
restart:
	for (int slot = pcpu_size_to_slot(pc, (int)size); slot <= pc->free_slot; slot++) {
		list_for_each_entry_safe(chunk, next, &pc->chunk_lists[slot], struct pcpu_chunk,
					 list) {
			off = pcpu_find_block_fit(chunk, bits, (size_t)bit_align, is_atomic);
			if (off < 0) {
				if (slot < PCPU_SLOT_FAIL_THRESHOLD)
					list_move(&chunk->list, &pc->chunk_lists[0]);
				continue;
			}
			off = pcpu_alloc_area(pc, chunk, bits, (size_t)bit_align, off);
			if (off >= 0) {
				pcpu_reintegrate_chunk(pc, chunk);
				goto area_found;
			}
		}
	}
	if (is_atomic) {
		err = "atomic alloc failed, no space left";
		goto fail;
	}
	/* No space left.  Create a new chunk. */
	if (list_empty(&pc->chunk_lists[pc->free_slot])) {
		chunk = pcpu_create_chunk(m);
		if (!chunk) {
			err = "failed to allocate new chunk";
			goto fail;
		}
		pcpu_chunk_relocate(pc, chunk, -1);
	}
	goto restart;

area_found:
	if (pc->nr_empty_pop_pages < PCPU_EMPTY_POP_PAGES_LOW)
		pcpu_schedule_balance_work(m);
	if (!is_atomic) {
		int page_end = (int)PFN_UP((unsigned long)off + size);

		for (int rs = (int)PFN_DOWN((unsigned long)off); rs < page_end;) {
			int re;

			rs = find_next_zero_bit(chunk->populated, page_end, rs);
			if (rs >= page_end)
				break;
			re = find_next_bit(chunk->populated, page_end, rs + 1);
			if (pcpu_populate_chunk(m, chunk, rs, re, pcpu_gfp)) {
				pcpu_free_area(pc, chunk, off);
				err = "failed to populate";
				goto fail;
			}
			pcpu_chunk_populated(pc, chunk, rs, re);
			rs = re;
		}
	}
	pcpu_clear_area(m, chunk, off, size);
	pcpu_run_pending_work(m);
	return (chunk->base_addr + (uint64_t)off - pc->base_addr + pc->per_cpu_start) &
	       pc->ptr_mask;

fail:
	if (do_warn && pc->warn_limit) {
		pr_warn(m, "percpu: allocation failed, size=%zu align=%zu atomic=%d, %s",
			size, align, is_atomic, err);
		if (!is_atomic)
			dump_stack(m);
		if (!--pc->warn_limit)
			pr_info(m, "percpu: limit reached, disable warning");
	}
	if (is_atomic) {
		pc->atomic_alloc_failed = true;
		pcpu_schedule_balance_work(m);
	}
	pcpu_run_pending_work(m);
	return 0;
}

/** __alloc_percpu_gfp - pcpu_alloc(@size, @align, not reserved, @gfp). */
uint64_t __alloc_percpu_gfp(struct machine *m, size_t size, size_t align, gfp_t gfp)
{
	return pcpu_alloc(m, size, align, false, gfp);
}

/** __alloc_percpu - alloc_percpu(type): GFP_KERNEL. */
uint64_t __alloc_percpu(struct machine *m, size_t size, size_t align)
{
	return pcpu_alloc(m, size, align, false, GFP_KERNEL);
}

/** __alloc_reserved_percpu - from the first chunk's reserved region (modules). */
uint64_t __alloc_reserved_percpu(struct machine *m, size_t size, size_t align)
{
	return pcpu_alloc(m, size, align, true, GFP_KERNEL);
}

static bool pcpu_addr_in_chunk(const struct pcpu_chunk *chunk, uint64_t addr)
{
	uint64_t start, end;

	if (!chunk)
		return false;
	start = chunk->base_addr + (uint64_t)chunk->start_offset;
	end = chunk->base_addr + ((uint64_t)chunk->nr_pages << PAGE_SHIFT) -
	      (uint64_t)chunk->end_offset;
	return addr >= start && addr < end;
}

/* pcpu_chunk_addr_search - the chunk serving unit-0 address @addr, or NULL. */
static struct pcpu_chunk *pcpu_chunk_addr_search(struct pcpu_state *pc, uint64_t addr)
{
	struct pcpu_chunk *chunk;

	if (pcpu_addr_in_chunk(pc->first_chunk, addr))
		return pc->first_chunk;
	if (pcpu_addr_in_chunk(pc->reserved_chunk, addr))
		return pc->reserved_chunk;
	list_for_each_entry(chunk, &pc->all_chunks, struct pcpu_chunk, all)
		if (chunk->data && pcpu_addr_in_chunk(chunk, addr))
			return chunk;
	return NULL;
}

/* The chunk and offset of a live allocation @ptr, or NULL. */
static struct pcpu_chunk *pcpu_lookup(struct pcpu_state *pc, uint64_t ptr, int *offp)
{
	uint64_t addr = (ptr - pc->per_cpu_start + pc->base_addr);
	struct pcpu_chunk *chunk;
	int off, bit;

	if (pc->ptr_mask != ~0ULL)
		addr &= pc->ptr_mask;
	chunk = pcpu_chunk_addr_search(pc, addr);
	if (!chunk)
		return NULL;
	off = (int)(addr - chunk->base_addr);
	if (off % PCPU_MIN_ALLOC_SIZE)
		return NULL;
	bit = off / PCPU_MIN_ALLOC_SIZE;
	if (!test_bit(bit, chunk->alloc_map) || !test_bit(bit, chunk->bound_map))
		return NULL;
	*offp = off;
	return chunk;
}

/**
 * free_percpu - free what pcpu_alloc returned (0 is ignored).  A pointer
 * that names no live allocation gets a WARNING and changes nothing.
 */
void free_percpu(struct machine *m, uint64_t ptr)
{
	struct pcpu_state *pc = m->percpu;
	struct pcpu_chunk *chunk;
	bool need_balance = false;
	int off;

	pc->verified = false;
	if (!ptr || !pc)
		return;
	chunk = pcpu_lookup(pc, ptr, &off);
	if (!chunk) {
		char msg[96];

		snprintf(msg, sizeof(msg), "Trying to free_percpu() nonexistent percpu area (%016llx)",
			 (unsigned long long)ptr);
		pcpu_warn(m, "free_percpu", msg);
		return;
	}
	pcpu_free_area(pc, chunk, off);
	/* If there are more than one fully free chunks, wake up grim reaper. */
	if (!chunk->isolated && chunk->free_bytes == pc->unit_size) {
		struct pcpu_chunk *pos;

		list_for_each_entry(pos, &pc->chunk_lists[pc->free_slot], struct pcpu_chunk, list)
			if (pos != chunk) {
				need_balance = true;
				break;
			}
	} else if (pcpu_should_reclaim_chunk(pc, chunk)) {
		pcpu_isolate_chunk(pc, chunk);
		need_balance = true;
	}
	if (need_balance)
		pcpu_schedule_balance_work(m);
	pcpu_run_pending_work(m);
}

/**
 * per_cpu_ptr - the kernel virtual address of CPU @cpu's copy of @ptr:
 * @ptr + __per_cpu_offset[cpu] (0 for a NULL @ptr or a bad CPU).
 */
uint64_t per_cpu_ptr(struct machine *m, uint64_t ptr, int cpu)
{
	struct pcpu_state *pc = m->percpu;

	if (!ptr || !pc || cpu < 0 || cpu >= m->nr_cpu_ids)
		return 0;
	return (ptr - pc->per_cpu_start + pc->base_addr + pc->unit_off[cpu]) & pc->ptr_mask;
}

/**
 * per_cpu_ptr_host - where CPU @cpu's copy of the live allocation @ptr is
 * in host memory (its first page), or NULL; for tests and the checker.
 */
void *per_cpu_ptr_host(struct machine *m, uint64_t ptr, int cpu)
{
	struct pcpu_state *pc = m->percpu;
	struct pcpu_chunk *chunk;
	int off;

	if (!pc || cpu < 0 || cpu >= m->nr_cpu_ids)
		return NULL;
	chunk = pcpu_lookup(pc, ptr, &off);
	return chunk ? pcpu_host_addr(m, chunk, cpu, off) : NULL;
}

/**
 * pcpu_nr_pages - pages the allocator holds (meminfo's Percpu): the
 * populated pages of a unit times the units.
 */
unsigned long pcpu_nr_pages(struct machine *m)
{
	struct pcpu_state *pc = m->percpu;

	return pc ? pc->nr_populated * (unsigned long)pc->nr_units : 0;
}

/* ---- the first chunk ---- */

static int pcpu_cpu_distance(struct machine *m, int from, int to)
{
	if (m->arch->bits == 32)	/* i386 kernels are !NUMA */
		return LOCAL_DISTANCE;
	return m->cpus[from].node == m->cpus[to].node ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

/*
 * pcpu_build_alloc_info - group the CPUs by node, and choose the units
 * per allocation (upa) and the unit size as Linux does: the largest upa
 * that divides the atom-rounded allocation into page-aligned units,
 * wastes at most a third of the CPUs' worth of units, and takes no more
 * allocations than a larger upa.
 */
static int pcpu_build_alloc_info(struct machine *m, struct pcpu_alloc_info *ai,
				 size_t reserved_size, size_t dyn_size, size_t atom_size)
{
	int group_map[MAX_CPUS] = { 0 }, group_cnt[MAX_CPUS] = { 0 };
	bool in_mask[MAX_CPUS];
	size_t static_size = m->percpu->static_size, size_sum, min_unit_size, alloc_size;
	int nr_groups, nr_units = 0, upa, max_upa, best_upa, last_allocs, group, unit;
	int possible = m->nr_cpu_ids;
	unsigned int *cpu_map;

	memset(ai, 0, sizeof(*ai));
	size_sum = (static_size + reserved_size +
		    (dyn_size > PERCPU_DYNAMIC_EARLY_SIZE ? dyn_size : PERCPU_DYNAMIC_EARLY_SIZE) +
		    PAGE_SIZE - 1) & PAGE_MASK;
	dyn_size = size_sum - static_size - reserved_size;
	min_unit_size = size_sum > PCPU_MIN_UNIT_SIZE ? size_sum : PCPU_MIN_UNIT_SIZE;
	alloc_size = (min_unit_size + atom_size - 1) / atom_size * atom_size;
	upa = (int)(alloc_size / min_unit_size);
	while (alloc_size % (size_t)upa || ((alloc_size / (size_t)upa) & ~PAGE_MASK))
		upa--;
	max_upa = upa;

	for (int c = 0; c < possible; c++)
		in_mask[c] = true;
	for (group = 0;; group++) {
		int cpu = -1;

		for (int c = 0; c < possible && cpu < 0; c++)
			if (in_mask[c])
				cpu = c;
		if (cpu < 0)
			break;
		group_map[cpu] = group;
		group_cnt[group]++;
		in_mask[cpu] = false;
		for (int t = 0; t < possible; t++)
			if (in_mask[t] && pcpu_cpu_distance(m, cpu, t) == LOCAL_DISTANCE &&
			    pcpu_cpu_distance(m, t, cpu) == LOCAL_DISTANCE) {
				group_map[t] = group;
				group_cnt[group]++;
				in_mask[t] = false;
			}
	}
	nr_groups = group;

	last_allocs = INT_MAX;
	best_upa = 0;
	for (upa = max_upa; upa; upa--) {
		int allocs = 0, wasted = 0;

		if (alloc_size % (size_t)upa || ((alloc_size / (size_t)upa) & ~PAGE_MASK))
			continue;
		for (group = 0; group < nr_groups; group++) {
			int this_allocs = (group_cnt[group] + upa - 1) / upa;

			allocs += this_allocs;
			wasted += this_allocs * upa - group_cnt[group];
		}
		/* Don't accept if wastage is over 1/3 (upa == 1 always passes). */
		if (wasted > possible / 3)
			continue;
		/* and then don't consume more memory */
		if (allocs > last_allocs)
			break;
		last_allocs = allocs;
		best_upa = upa;
	}
	upa = best_upa;
	for (group = 0; group < nr_groups; group++)
		nr_units += (group_cnt[group] + upa - 1) / upa * upa;
	if (nr_groups > MAX_NUMNODES || nr_units > (int)(sizeof(ai->cpu_map_store) /
							 sizeof(ai->cpu_map_store[0])))
		return -EINVAL;
	/* pcpu_alloc_alloc_info: the info in memblock (pcpu_free_alloc_info frees it) */
	ai->__ai_size = ((m->arch->bits == 64 ? 48 + 24 * (size_t)nr_groups :
			  28 + 12 * (size_t)nr_groups) + 4 * (size_t)nr_units + PAGE_SIZE - 1) &
			PAGE_MASK;
	ai->__ai_pa = memblock_phys_alloc(&m->memblock, ai->__ai_size, PAGE_SIZE);
	if (!ai->__ai_pa)
		return -ENOMEM;
	ai->nr_groups = nr_groups;
	for (int i = 0; i < nr_units; i++)
		ai->cpu_map_store[i] = m->percpu->nr_cpus;
	cpu_map = ai->cpu_map_store;
	for (group = 0; group < nr_groups; group++) {
		ai->groups[group].cpu_map = cpu_map;
		cpu_map += (group_cnt[group] + upa - 1) / upa * upa;
	}
	ai->static_size = static_size;
	ai->reserved_size = reserved_size;
	ai->dyn_size = dyn_size;
	ai->unit_size = alloc_size / (size_t)upa;
	ai->atom_size = atom_size;
	ai->alloc_size = alloc_size;
	for (group = 0, unit = 0; group < nr_groups; group++) {
		struct pcpu_group_info *gi = &ai->groups[group];

		/* as if the groups were back to back; the caller fixes it */
		gi->base_offset = (unsigned long)unit * ai->unit_size;
		for (int c = 0; c < possible; c++)
			if (group_map[c] == group)
				gi->cpu_map[gi->nr_units++] = (unsigned int)c;
		gi->nr_units = (gi->nr_units + upa - 1) / upa * upa;
		unit += gi->nr_units;
	}
	return 0;
}

/* rounddown_pow_of_two */
static int rounddown_pow_of_two(int n)
{
	int p = 1;

	while (p * 2 <= n)
		p *= 2;
	return p;
}

/*
 * pcpu_dump_alloc_info - "pcpu-alloc: s… r… d… u… alloc=N*atom" and the
 * group lines, allocations per line as Linux packs them into 60 columns.
 */
static void pcpu_dump_alloc_info(struct machine *m, const struct pcpu_alloc_info *ai)
{
	int group_width = 1, cpu_width = 1, width, alloc = 0, alloc_end = 0, upa, apl, v;
	char empty_str[] = "--------";

	for (v = ai->nr_groups; v /= 10;)
		group_width++;
	for (v = m->nr_cpu_ids; v /= 10;)
		cpu_width++;
	empty_str[cpu_width < (int)sizeof(empty_str) - 1 ? cpu_width :
		  (int)sizeof(empty_str) - 1] = '\0';
	upa = (int)(ai->alloc_size / ai->unit_size);
	width = upa * (cpu_width + 1) + group_width + 3;
	apl = rounddown_pow_of_two(60 / width > 1 ? 60 / width : 1);

	printk(m, "pcpu-alloc: s%zu r%zu d%zu u%zu alloc=%zu*%zu", ai->static_size,
	       ai->reserved_size, ai->dyn_size, ai->unit_size, ai->alloc_size / ai->atom_size,
	       ai->atom_size);
	for (int group = 0; group < ai->nr_groups; group++) {
		const struct pcpu_group_info *gi = &ai->groups[group];
		int unit = 0, unit_end = 0;

		for (alloc_end += gi->nr_units / upa; alloc < alloc_end; alloc++) {
			if (!(alloc % apl))
				printk(m, "pcpu-alloc: ");
			pr_cont(m, "[%0*d] ", group_width, group);
			for (unit_end += upa; unit < unit_end; unit++)
				if (gi->cpu_map[unit] != m->percpu->nr_cpus)
					pr_cont(m, "%0*u ", cpu_width, gi->cpu_map[unit]);
				else
					pr_cont(m, "%s ", empty_str);
		}
	}
}

/*
 * pcpu_setup_first_chunk - the unit map and offsets, the slots, and the
 * reserved and dynamic chunks over the first chunk at @base_addr.
 */
static void pcpu_setup_first_chunk(struct machine *m, const struct pcpu_alloc_info *ai,
				   uint64_t base_addr)
{
	struct pcpu_state *pc = m->percpu;
	size_t size_sum = ai->static_size + ai->reserved_size + ai->dyn_size;
	size_t static_size, dyn_size, lsz = m->arch->bits == 64 ? 8 : 4;
	int unit = 0, i;
	uint64_t tmp_addr;

	/* group_offsets, group_sizes, unit_map, unit_off: memblock, kept */
	memblock_phys_alloc(&m->memblock, (size_t)ai->nr_groups * lsz, SMP_CACHE_BYTES);
	memblock_phys_alloc(&m->memblock, (size_t)ai->nr_groups * lsz, SMP_CACHE_BYTES);
	memblock_phys_alloc(&m->memblock, (size_t)m->nr_cpu_ids * 4, SMP_CACHE_BYTES);
	memblock_phys_alloc(&m->memblock, (size_t)m->nr_cpu_ids * lsz, SMP_CACHE_BYTES);
	for (int group = 0; group < ai->nr_groups; group++, unit += i) {
		const struct pcpu_group_info *gi = &ai->groups[group];

		pc->group_offsets[group] = gi->base_offset;
		pc->group_sizes[group] = (size_t)gi->nr_units * ai->unit_size;
		for (i = 0; i < gi->nr_units; i++) {
			unsigned int cpu = gi->cpu_map[i];

			if (cpu == pc->nr_cpus)
				continue;
			pc->unit_map[cpu] = unit + i;
			pc->unit_off[cpu] = gi->base_offset + (unsigned long)i * ai->unit_size;
		}
	}
	pc->nr_units = unit;
	pcpu_dump_alloc_info(m, ai);

	pc->nr_groups = ai->nr_groups;
	pc->unit_pages = (int)(ai->unit_size >> PAGE_SHIFT);
	pc->unit_size = pc->unit_pages << PAGE_SHIFT;
	pc->atom_size = (int)ai->atom_size;
	/* the slots after the active ones: sidelined, free, to_depopulate */
	pc->sidelined_slot = __pcpu_size_to_slot(pc->unit_size) + 1;
	pc->free_slot = pc->sidelined_slot + 1;
	pc->to_depopulate_slot = pc->free_slot + 1;
	pc->nr_slots = pc->to_depopulate_slot + 1;
	memblock_phys_alloc(&m->memblock, (size_t)pc->nr_slots * 2 * lsz, SMP_CACHE_BYTES);
	pc->chunk_lists = calloc((size_t)pc->nr_slots, sizeof(*pc->chunk_lists));
	if (!pc->chunk_lists)
		abort();
	for (i = 0; i < pc->nr_slots; i++)
		INIT_LIST_HEAD(&pc->chunk_lists[i]);

	/* the static end aligned to PCPU_MIN_ALLOC_SIZE, the dynamic region shrunk */
	static_size = (ai->static_size + PCPU_MIN_ALLOC_SIZE - 1) &
		      ~(size_t)(PCPU_MIN_ALLOC_SIZE - 1);
	dyn_size = ai->dyn_size - (static_size - ai->static_size);
	tmp_addr = base_addr + static_size;
	if (ai->reserved_size)
		pc->reserved_chunk = pcpu_alloc_first_chunk(m, tmp_addr, (int)ai->reserved_size);
	tmp_addr = base_addr + static_size + ai->reserved_size;
	pc->first_chunk = pcpu_alloc_first_chunk(m, tmp_addr, (int)dyn_size);
	pc->nr_empty_pop_pages = pc->first_chunk->nr_empty_pop_pages;
	pcpu_chunk_relocate(pc, pc->first_chunk, -1);
	/* include all regions of the first chunk */
	pc->nr_populated += PFN_DOWN(size_sum);
	pc->size_sum = size_sum;
	pc->base_addr = base_addr;
}

/*
 * pcpu_fc_alloc - memblock_alloc_try_nid(size, align, __pa(MAX_DMA_ADDRESS),
 * MEMBLOCK_ALLOC_ACCESSIBLE, node): the node first, then any node, then
 * the same without the lower limit.
 */
static phys_addr_t pcpu_fc_alloc(struct machine *m, int cpu, size_t size, size_t align)
{
	int nid = m->arch->bits == 64 ? m->cpus[cpu].node : NUMA_NO_NODE;
	phys_addr_t goals[2] = { MAX_DMA_PHYS, 0 }, pa;

	for (int g = 0; g < 2; g++) {
		pa = memblock_phys_alloc_range(&m->memblock, size, align, goals[g],
					       MEMBLOCK_ALLOC_ACCESSIBLE, nid);
		if (!pa && nid != NUMA_NO_NODE)
			pa = memblock_phys_alloc_range(&m->memblock, size, align, goals[g],
						       MEMBLOCK_ALLOC_ACCESSIBLE, NUMA_NO_NODE);
		if (pa)
			return pa;
	}
	return 0;
}

/*
 * pcpu_embed_first_chunk - one memblock allocation per group, aligned to
 * @atom_size, used through the direct map; each unit keeps size_sum
 * bytes and gives the rest back (pcpu_fc_free), an unused unit all of it.
 */
static int pcpu_embed_first_chunk(struct machine *m, size_t reserved_size, size_t dyn_size,
				  size_t atom_size)
{
	struct pcpu_alloc_info ai;
	phys_addr_t areas[MAX_NUMNODES] = { 0 }, areas_pa, base = ~(phys_addr_t)0;
	size_t size_sum, areas_size;
	int rc;

	rc = pcpu_build_alloc_info(m, &ai, reserved_size, dyn_size, atom_size);
	if (rc)
		return rc;
	size_sum = ai.static_size + ai.reserved_size + ai.dyn_size;
	areas_size = ((size_t)ai.nr_groups * (m->arch->bits == 64 ? 8 : 4) + PAGE_SIZE - 1) &
		     PAGE_MASK;
	areas_pa = memblock_phys_alloc(&m->memblock, areas_size, SMP_CACHE_BYTES);
	if (!areas_pa) {
		rc = -ENOMEM;
		goto out_free;
	}
	for (int group = 0; group < ai.nr_groups; group++) {
		struct pcpu_group_info *gi = &ai.groups[group];

		areas[group] = pcpu_fc_alloc(m, (int)gi->cpu_map[0],
					     (size_t)gi->nr_units * ai.unit_size, atom_size);
		if (!areas[group]) {
			rc = -ENOMEM;
			goto out_free_areas;
		}
		if (areas[group] < base)
			base = areas[group];
	}
	/* copy the static data (none is simulated) and free the unused parts */
	for (int group = 0; group < ai.nr_groups; group++) {
		struct pcpu_group_info *gi = &ai.groups[group];
		phys_addr_t ptr = areas[group];

		for (int i = 0; i < gi->nr_units; i++, ptr += ai.unit_size) {
			if (gi->cpu_map[i] == m->percpu->nr_cpus) {
				memblock_free(&m->memblock, ptr, ai.unit_size);
				continue;
			}
			memset(m->ram + ptr, 0, size_sum);
			memblock_free(&m->memblock, ptr + size_sum, ai.unit_size - size_sum);
		}
	}
	for (int group = 0; group < ai.nr_groups; group++)
		ai.groups[group].base_offset = (unsigned long)(areas[group] - base);
	pr_info(m, "percpu: Embedded %zu pages/cpu s%zu r%zu d%zu u%zu", PFN_DOWN(size_sum),
		ai.static_size, ai.reserved_size, ai.dyn_size, ai.unit_size);
	pcpu_setup_first_chunk(m, &ai, m->layout.page_offset + base);
	goto out_free;

out_free_areas:
	for (int group = 0; group < ai.nr_groups; group++)
		if (areas[group])
			memblock_free(&m->memblock, areas[group],
				      (size_t)ai.groups[group].nr_units * ai.unit_size);
out_free:
	memblock_free(&m->memblock, ai.__ai_pa, ai.__ai_size);
	if (areas_pa)
		memblock_free(&m->memblock, areas_pa, areas_size);
	return rc;
}

/**
 * setup_per_cpu_areas - x86's: print the CPU counts, embed the first chunk
 * (PERCPU_MODULE_RESERVE reserved, PERCPU_DYNAMIC_RESERVE dynamic, atoms
 * of PMD_SIZE on x86_64 and PAGE_SIZE on i386).  Called from start_kernel
 * after setup_arch; -ENOMEM and a message in @err if memblock cannot hold
 * it (Linux would fall back to the page first chunk, or panic).
 */
int setup_per_cpu_areas(struct machine *m, char *err, size_t errlen)
{
	bool is64 = m->arch->bits == 64;
	size_t dyn_size = PERCPU_MODULE_RESERVE +
			  (is64 ? PERCPU_DYNAMIC_RESERVE_64 : PERCPU_DYNAMIC_RESERVE_32) -
			  PERCPU_FIRST_CHUNK_RESERVE;
	struct pcpu_state *pc = calloc(1, sizeof(*pc));
	int rc;

	if (!pc) {
		snprintf(err, errlen, "out of host memory for the per-CPU allocator");
		return -ENOMEM;
	}
	m->percpu = pc;
	INIT_LIST_HEAD(&pc->all_chunks);
	pc->nr_cpus = is64 ? NR_CPUS_X86_64 : NR_CPUS_I386;
	pc->static_size = is64 ? PERCPU_STATIC_SIZE_X86_64 : PERCPU_STATIC_SIZE_I386;
	/* x86_64's per-CPU section is linked at 0; i386's where it is loaded */
	pc->per_cpu_start = is64 ? 0 : m->layout.page_offset + m->image.init_start;
	pc->ptr_mask = is64 ? ~0ULL : 0xffffffffULL;
	pc->warn_limit = 10;
	/* nr_cpumask_bits is nr_cpu_ids since 6.2 */
	pr_info(m, "setup_percpu: NR_CPUS:%u nr_cpumask_bits:%d nr_cpu_ids:%d nr_node_ids:%d",
		pc->nr_cpus, m->nr_cpu_ids, m->nr_cpu_ids, m->nr_node_ids);
	rc = pcpu_embed_first_chunk(m, PERCPU_FIRST_CHUNK_RESERVE, dyn_size,
				    is64 ? (2UL << 20) : PAGE_SIZE);
	if (rc) {
		snprintf(err, errlen, "cannot initialize percpu area (err=%d): RAM too small",
			 rc);
		return rc;
	}
	return 0;
}

/** percpu_release - host memory of the allocator (machine teardown). */
void percpu_release(struct machine *m)
{
	struct pcpu_state *pc = m->percpu;
	struct pcpu_chunk *chunk, *next;

	if (!pc)
		return;
	list_for_each_entry_safe(chunk, next, &pc->all_chunks, struct pcpu_chunk, all) {
		free(chunk->data);
		pcpu_free_chunk_host(chunk);
	}
	free(pc->chunk_lists);
	free(pc);
	m->percpu = NULL;
}

/* ---- the invariant checker's part ---- */

#define PCPU_REPORT(n, m, ...) do {                                   \
	if ((n) < 20)                                                 \
		printk((m), "mmsim: DEBUG_VM: percpu: " __VA_ARGS__); \
	(n)++;                                                        \
} while (0)

/**
 * pcpu_verify - check every chunk: free_bytes against the allocation map,
 * the block and chunk hints against a rescan, the populated and empty
 * page counts, the slot each chunk is on, and that exactly the populated
 * pages of every unit of a vmalloc chunk are mapped.  Returns the number
 * of violations (each reported in dmesg).
 */
/*
 * The vmalloc'd chunks' pages are mapped exactly where the populated
 * bitmap says (the page tables are not the allocator's own: checked
 * every time).
 */
static int pcpu_verify_mappings(struct machine *m)
{
	struct pcpu_state *pc = m->percpu;
	struct pcpu_chunk *chunk;
	int errors = 0;

	list_for_each_entry(chunk, &pc->all_chunks, struct pcpu_chunk, all) {
		if (!chunk->data)
			continue;
		for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++)
			for (int i = 0; i < chunk->nr_pages; i++) {
				bool mapped = vmalloc_to_page(m, pcpu_chunk_addr(pc, chunk, cpu, i));

				if (mapped != test_bit(i, chunk->populated))
					PCPU_REPORT(errors, m, "chunk %#llx cpu %d page %d %smapped",
						    (unsigned long long)chunk->base_addr, cpu, i,
						    mapped ? "" : "not ");
			}
	}
	return errors;
}

int pcpu_verify(struct machine *m)
{
	struct pcpu_state *pc = m->percpu;
	struct pcpu_chunk *chunk;
	unsigned long populated = 0;
	int errors = 0, empty = 0;

	if (!pc)
		return 0;
	/*
	 * The maps, hints and lists change only through this file's entry
	 * points, which clear pc->verified: a clean pass need not be
	 * repeated until then (check_machine runs after every step of the
	 * stress tests, and the full pass rescans every block's bitmap).
	 */
	if (pc->verified)
		return pcpu_verify_mappings(m);
	list_for_each_entry(chunk, &pc->all_chunks, struct pcpu_chunk, all) {
		int bits = pcpu_chunk_map_bits(chunk), used = bitmap_weight(chunk->alloc_map, bits);
		int chunk_empty = 0;
		struct pcpu_block_md saved = chunk->chunk_md;

		if (chunk->free_bytes != (bits - used) * PCPU_MIN_ALLOC_SIZE)
			PCPU_REPORT(errors, m, "chunk %#llx free_bytes %d, map says %d",
				    (unsigned long long)chunk->base_addr, chunk->free_bytes,
				    (bits - used) * PCPU_MIN_ALLOC_SIZE);
		for (int i = 0; i < chunk->nr_pages; i++) {
			struct pcpu_block_md b = chunk->md_blocks[i];

			pcpu_block_refresh_hint(chunk, i);
			if (memcmp(&b, &chunk->md_blocks[i], sizeof(b))) {
				PCPU_REPORT(errors, m, "chunk %#llx block %d hints are stale",
					    (unsigned long long)chunk->base_addr, i);
				chunk->md_blocks[i] = b;
			}
			if (test_bit(i, chunk->populated) && b.contig_hint == PCPU_BITMAP_BLOCK_BITS)
				chunk_empty++;
		}
		pcpu_chunk_refresh_hint(chunk);
		if (memcmp(&saved, &chunk->chunk_md, sizeof(saved)))
			PCPU_REPORT(errors, m, "chunk %#llx contig_hint %d/%d, rescan %d/%d",
				    (unsigned long long)chunk->base_addr, saved.contig_hint,
				    saved.contig_hint_start, chunk->chunk_md.contig_hint,
				    chunk->chunk_md.contig_hint_start);
		chunk->chunk_md = saved;
		if (chunk->nr_populated != bitmap_weight(chunk->populated, chunk->nr_pages))
			PCPU_REPORT(errors, m, "chunk %#llx nr_populated %d != bitmap",
				    (unsigned long long)chunk->base_addr, chunk->nr_populated);
		if (chunk->nr_empty_pop_pages != chunk_empty)
			PCPU_REPORT(errors, m, "chunk %#llx nr_empty_pop_pages %d != %d",
				    (unsigned long long)chunk->base_addr, chunk->nr_empty_pop_pages,
				    chunk_empty);
		if (chunk->isolated) {
			struct pcpu_chunk *pos;
			bool found = false;

			list_for_each_entry(pos, &pc->chunk_lists[pc->sidelined_slot],
					    struct pcpu_chunk, list)
				found |= pos == chunk;
			list_for_each_entry(pos, &pc->chunk_lists[pc->to_depopulate_slot],
					    struct pcpu_chunk, list)
				found |= pos == chunk;
			if (!found)
				PCPU_REPORT(errors, m, "isolated chunk %#llx is not sidelined",
					    (unsigned long long)chunk->base_addr);
		} else if (chunk != pc->reserved_chunk) {
			struct pcpu_chunk *pos;
			bool found = false;

			empty += chunk->nr_empty_pop_pages;
			list_for_each_entry(pos, &pc->chunk_lists[pcpu_chunk_slot(pc, chunk)],
					    struct pcpu_chunk, list)
				found |= pos == chunk;
			list_for_each_entry(pos, &pc->chunk_lists[0], struct pcpu_chunk, list)
				found |= pos == chunk;	/* sidelined to slot 0 by a failed fit */
			if (!found)
				PCPU_REPORT(errors, m, "chunk %#llx is not on slot %d",
					    (unsigned long long)chunk->base_addr,
					    pcpu_chunk_slot(pc, chunk));
		}
		if (chunk->data)
			populated += (unsigned long)chunk->nr_populated;
	}
	errors += pcpu_verify_mappings(m);
	if (empty != pc->nr_empty_pop_pages)
		PCPU_REPORT(errors, m, "pcpu_nr_empty_pop_pages %d != %d", pc->nr_empty_pop_pages,
			    empty);
	populated += PFN_DOWN(pc->size_sum);
	if (populated != pc->nr_populated)
		PCPU_REPORT(errors, m, "pcpu_nr_populated %lu != %lu", pc->nr_populated, populated);
	pc->verified = !errors;
	return errors;
}
