// SPDX-License-Identifier: MIT
/*
 * test_memblock.c - unit tests for src/mm/memblock.c.
 *
 * The groups follow Linux's tools/testing/memblock/tests: basic_api.c
 * (memblock_add / reserve / remove / free), alloc_api.c (memblock_alloc,
 * top-down and bottom-up), alloc_nid_api.c and alloc_exact_nid_api.c
 * (range- and node-restricted allocation).  Each test starts from an empty
 * memblock of its own (setup/teardown), so nothing leaks between tests.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "memblock.h"

#define SZ_2		0x2ULL
#define SZ_8		0x8ULL
#define SZ_16		0x10ULL
#define SZ_64		0x40ULL
#define SZ_128		0x80ULL
#define SZ_256		0x100ULL
#define SZ_512		0x200ULL
#define SZ_1K		0x400ULL
#define SZ_2K		0x800ULL
#define SZ_4K		0x1000ULL
#define SZ_8K		0x2000ULL
#define SZ_16K		0x4000ULL
#define SZ_64K		0x10000ULL
#define SZ_128K		0x20000ULL
#define SZ_512K		0x80000ULL
#define SZ_1M		0x100000ULL
#define SZ_2M		0x200000ULL
#define SZ_4M		0x400000ULL
#define SZ_8M		0x800000ULL
#define SZ_16M		0x1000000ULL
#define SZ_32M		0x2000000ULL
#define SZ_64M		0x4000000ULL
#define SZ_128M		0x8000000ULL
#define SZ_256M		0x10000000ULL
#define SZ_512M		0x20000000ULL
#define SZ_1G		0x40000000ULL
#define SZ_2G		0x80000000ULL

#define CACHE_BYTES	64	/* SMP_CACHE_BYTES, the default alignment */
#define PHYS_MAX	(~(phys_addr_t)0)

/* The DRAM of the allocation tests (Linux's setup_memblock()). */
#define MEM_BASE	SZ_16M
#define MEM_SIZE	SZ_16M
#define MEM_END		(MEM_BASE + MEM_SIZE)

/* ---------------------------------------------------------------- fixture */

static int setup(void **state)
{
	struct memblock *mb = test_malloc(sizeof(*mb));

	if (!mb || memblock_init(mb))
		return -1;
	*state = mb;
	return 0;
}

static int teardown(void **state)
{
	struct memblock *mb = *state;

	memblock_release(mb);
	test_free(mb);
	return 0;
}

/* One memory region of MEM_SIZE at MEM_BASE, nothing reserved. */
static struct memblock *setup_memblock(void **state)
{
	struct memblock *mb = *state;

	assert_int_equal(memblock_add(mb, MEM_BASE, MEM_SIZE), 0);
	return mb;
}

#define assert_rgn(type, i, b, s)                                           \
	do {                                                                \
		assert_true((unsigned long)(i) < (type)->cnt);              \
		assert_int_equal((type)->regions[i].base, (b));             \
		assert_int_equal((type)->regions[i].size, (s));             \
	} while (0)

/* Sorted, non-overlapping, total_size equal to the sum of the sizes. */
static void assert_type_sane(const struct memblock_type *t)
{
	phys_addr_t sum = 0;

	assert_true(t->cnt <= t->max);
	for (unsigned long i = 0; i < t->cnt; i++) {
		assert_true(t->regions[i].size > 0);
		if (i)
			assert_true(t->regions[i - 1].base +
				    t->regions[i - 1].size <= t->regions[i].base);
		sum += t->regions[i].size;
	}
	assert_int_equal(sum, t->total_size);
}

/* ------------------------------------------ basic_api.c: initialisation */

/* memblock_initialization_check (mmsim's arrays start empty: cnt 0). */
static void test_init(void **state)
{
	struct memblock *mb = *state;

	assert_non_null(mb->memory.regions);
	assert_int_equal(mb->memory.cnt, 0);
	assert_int_equal(mb->memory.max, INIT_MEMBLOCK_REGIONS);
	assert_int_equal(mb->memory.total_size, 0);
	assert_string_equal(mb->memory.name, "memory");

	assert_non_null(mb->reserved.regions);
	assert_int_equal(mb->reserved.cnt, 0);
	assert_int_equal(mb->reserved.max, INIT_MEMBLOCK_REGIONS);
	assert_int_equal(mb->reserved.total_size, 0);
	assert_string_equal(mb->reserved.name, "reserved");

	assert_false(mb->bottom_up);
	assert_int_equal(mb->current_limit, MEMBLOCK_ALLOC_ANYWHERE);

	assert_int_equal(memblock_start_of_DRAM(mb), 0);
	assert_int_equal(memblock_end_of_DRAM(mb), 0);
	assert_int_equal(memblock_phys_mem_size(mb), 0);
	assert_int_equal(memblock_reserved_size(mb), 0);
}

/* memblock_release twice is harmless; the memblock can be used again. */
static void test_release_reuse(void **state)
{
	struct memblock *mb = *state;

	assert_int_equal(memblock_add(mb, SZ_1G, SZ_4M), 0);
	memblock_release(mb);
	memblock_release(mb);
	assert_null(mb->memory.regions);
	assert_int_equal(mb->memory.cnt, 0);
	assert_int_equal(mb->memory.total_size, 0);

	assert_int_equal(memblock_add(mb, SZ_1G, SZ_4M), 0);
	assert_int_equal(memblock_reserve(mb, SZ_1G, SZ_4K), 0);
	assert_rgn(&mb->memory, 0, SZ_1G, SZ_4M);
	assert_rgn(&mb->reserved, 0, SZ_1G, SZ_4K);
	assert_true(mb->memory.max >= 1);
}

/* ---------------------------------------------- basic_api.c: memblock_add */

/* memblock_add_simple_check */
static void test_add_simple(void **state)
{
	struct memblock *mb = *state;

	assert_int_equal(memblock_add(mb, SZ_1G, SZ_4M), 0);

	assert_rgn(&mb->memory, 0, SZ_1G, SZ_4M);
	assert_int_equal(mb->memory.regions[0].nid, MAX_NUMNODES_MEMBLOCK);
	assert_int_equal(mb->memory.regions[0].flags, MEMBLOCK_NONE);
	assert_int_equal(mb->memory.cnt, 1);
	assert_int_equal(mb->memory.total_size, SZ_4M);
	assert_int_equal(mb->reserved.cnt, 0);
}

/* memblock_add_node_simple_check */
static void test_add_node_simple(void **state)
{
	struct memblock *mb = *state;

	assert_int_equal(memblock_add_node(mb, SZ_1M, SZ_16M, 1,
					   MEMBLOCK_HOTPLUG), 0);

	assert_rgn(&mb->memory, 0, SZ_1M, SZ_16M);
	assert_int_equal(mb->memory.regions[0].nid, 1);
	assert_int_equal(mb->memory.regions[0].flags, MEMBLOCK_HOTPLUG);
	assert_int_equal(mb->memory.cnt, 1);
	assert_int_equal(mb->memory.total_size, SZ_16M);
}

/* memblock_add_disjoint_check */
static void test_add_disjoint(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, SZ_1G, SZ_8K);
	memblock_add(mb, SZ_1G + SZ_16K, SZ_8K);

	assert_rgn(&mb->memory, 0, SZ_1G, SZ_8K);
	assert_rgn(&mb->memory, 1, SZ_1G + SZ_16K, SZ_8K);
	assert_int_equal(mb->memory.cnt, 2);
	assert_int_equal(mb->memory.total_size, 2 * SZ_8K);
}

/* memblock_add_disjoint_check, second region added first: kept sorted. */
static void test_add_disjoint_reverse_order(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, SZ_2G, SZ_1M);
	memblock_add(mb, SZ_1G, SZ_2M);

	assert_rgn(&mb->memory, 0, SZ_1G, SZ_2M);
	assert_rgn(&mb->memory, 1, SZ_2G, SZ_1M);
	assert_int_equal(mb->memory.cnt, 2);
	assert_int_equal(mb->memory.total_size, SZ_2M + SZ_1M);
	assert_int_equal(memblock_start_of_DRAM(mb), SZ_1G);
	assert_int_equal(memblock_end_of_DRAM(mb), SZ_2G + SZ_1M);
}

/* memblock_add_overlap_top_check: r2 overlaps the beginning of r1. */
static void test_add_overlap_top(void **state)
{
	struct memblock *mb = *state;
	phys_addr_t total = (SZ_512M - SZ_256M) + SZ_1G;

	memblock_add(mb, SZ_512M, SZ_1G);
	memblock_add(mb, SZ_256M, SZ_512M);

	assert_rgn(&mb->memory, 0, SZ_256M, total);
	assert_int_equal(mb->memory.cnt, 1);
	assert_int_equal(mb->memory.total_size, total);
}

/* memblock_add_overlap_bottom_check: r2 overlaps the end of r1. */
static void test_add_overlap_bottom(void **state)
{
	struct memblock *mb = *state;
	phys_addr_t total = (SZ_256M - SZ_128M) + SZ_1G;

	memblock_add(mb, SZ_128M, SZ_512M);
	memblock_add(mb, SZ_256M, SZ_1G);

	assert_rgn(&mb->memory, 0, SZ_128M, total);
	assert_int_equal(mb->memory.cnt, 1);
	assert_int_equal(mb->memory.total_size, total);
}

/* memblock_add_within_check */
static void test_add_within(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, SZ_8M, SZ_32M);
	memblock_add(mb, SZ_16M, SZ_1M);

	assert_rgn(&mb->memory, 0, SZ_8M, SZ_32M);
	assert_int_equal(mb->memory.cnt, 1);
	assert_int_equal(mb->memory.total_size, SZ_32M);
}

/* memblock_add_twice_check */
static void test_add_twice(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, SZ_16K, SZ_2M);
	memblock_add(mb, SZ_16K, SZ_2M);

	assert_rgn(&mb->memory, 0, SZ_16K, SZ_2M);
	assert_int_equal(mb->memory.cnt, 1);
	assert_int_equal(mb->memory.total_size, SZ_2M);
}

/* memblock_add_between_check: r3 fills the gap between r1 and r2 exactly. */
static void test_add_between(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, SZ_1G, SZ_8K);
	memblock_add(mb, SZ_1G + SZ_16K, SZ_8K);
	memblock_add(mb, SZ_1G + SZ_8K, SZ_8K);

	assert_rgn(&mb->memory, 0, SZ_1G, 3 * SZ_8K);
	assert_int_equal(mb->memory.cnt, 1);
	assert_int_equal(mb->memory.total_size, 3 * SZ_8K);
}

/* Adjacent (touching) regions of the same node and flags merge. */
static void test_add_adjacent_merge(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, SZ_1M, SZ_1M);
	memblock_add(mb, SZ_2M, SZ_2M);		/* touches the top */
	memblock_add(mb, SZ_512K, SZ_512K);	/* touches the bottom */

	assert_rgn(&mb->memory, 0, SZ_512K, SZ_512K + SZ_1M + SZ_2M);
	assert_int_equal(mb->memory.cnt, 1);
	assert_int_equal(mb->memory.total_size, SZ_512K + SZ_1M + SZ_2M);
}

/* A range covering several regions and the holes between becomes one. */
static void test_add_spanning(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, SZ_1M, SZ_1M);
	memblock_add(mb, SZ_4M, SZ_1M);
	memblock_add(mb, SZ_8M, SZ_1M);
	assert_int_equal(mb->memory.cnt, 3);

	memblock_add(mb, SZ_2M, SZ_8M);		/* 2M .. 10M */

	assert_rgn(&mb->memory, 0, SZ_1M, SZ_8M + SZ_1M);
	assert_int_equal(mb->memory.cnt, 1);
	assert_int_equal(mb->memory.total_size, SZ_8M + SZ_1M);
}

/* Touching regions of different nodes or flags stay separate. */
static void test_add_different_nid_no_merge(void **state)
{
	struct memblock *mb = *state;

	memblock_add_node(mb, SZ_1G, SZ_1G, 0, MEMBLOCK_NONE);
	memblock_add_node(mb, SZ_2G, SZ_1G, 1, MEMBLOCK_NONE);
	memblock_add_node(mb, SZ_2G + SZ_1G, SZ_1G, 1, MEMBLOCK_HOTPLUG);

	assert_int_equal(mb->memory.cnt, 3);
	assert_rgn(&mb->memory, 0, SZ_1G, SZ_1G);
	assert_int_equal(mb->memory.regions[0].nid, 0);
	assert_rgn(&mb->memory, 1, SZ_2G, SZ_1G);
	assert_int_equal(mb->memory.regions[1].nid, 1);
	assert_rgn(&mb->memory, 2, SZ_2G + SZ_1G, SZ_1G);
	assert_int_equal(mb->memory.regions[2].nid, 1);
	assert_int_equal(mb->memory.regions[2].flags, MEMBLOCK_HOTPLUG);
	assert_int_equal(mb->memory.total_size, 3 * SZ_1G);
}

/*
 * Overlap with a region of another node: the covered part keeps its node,
 * only the uncovered parts are inserted with the new one (Linux WARNs).
 */
static void test_add_overlap_different_nid(void **state)
{
	struct memblock *mb = *state;

	memblock_add_node(mb, SZ_4M, SZ_4M, 0, MEMBLOCK_NONE);
	memblock_add_node(mb, SZ_2M, SZ_16M, 1, MEMBLOCK_NONE); /* 2M..18M */

	assert_int_equal(mb->memory.cnt, 3);
	assert_rgn(&mb->memory, 0, SZ_2M, SZ_2M);
	assert_int_equal(mb->memory.regions[0].nid, 1);
	assert_rgn(&mb->memory, 1, SZ_4M, SZ_4M);
	assert_int_equal(mb->memory.regions[1].nid, 0);
	assert_rgn(&mb->memory, 2, SZ_8M, SZ_16M + SZ_2M - SZ_8M);
	assert_int_equal(mb->memory.regions[2].nid, 1);
	assert_int_equal(mb->memory.total_size, SZ_16M);
}

/* Size 0 is a no-op. */
static void test_add_zero_size(void **state)
{
	struct memblock *mb = *state;

	assert_int_equal(memblock_add(mb, SZ_1G, 0), 0);
	assert_int_equal(mb->memory.cnt, 0);
	assert_int_equal(mb->memory.total_size, 0);
}

/* memblock_add_near_max_check: the size is capped so the end fits. */
static void test_add_near_max(void **state)
{
	struct memblock *mb = *state;
	phys_addr_t base = PHYS_MAX - SZ_1M;

	assert_int_equal(memblock_add(mb, base, SZ_4M), 0);

	assert_rgn(&mb->memory, 0, base, PHYS_MAX - base);
	assert_int_equal(mb->memory.cnt, 1);
	assert_int_equal(mb->memory.total_size, SZ_1M);
	assert_int_equal(memblock_end_of_DRAM(mb), PHYS_MAX);
}

/*
 * memblock_add_many_check: 200 non-adjacent regions, added in a scrambled
 * order, double the array past INIT_MEMBLOCK_REGIONS and stay sorted.
 */
static void test_add_many(void **state)
{
	struct memblock *mb = *state;
	const unsigned long n = 200;

	for (unsigned long k = 0; k < n; k++) {
		unsigned long i = (k * 7) % n;	/* 7 and 200 are coprime */

		assert_int_equal(memblock_add(mb, SZ_1G + i * SZ_2M, SZ_1M), 0);
		assert_int_equal(mb->memory.cnt, k + 1);
	}

	assert_int_equal(mb->memory.cnt, n);
	assert_int_equal(mb->memory.max, 2 * INIT_MEMBLOCK_REGIONS);
	assert_int_equal(mb->memory.total_size, n * SZ_1M);
	for (unsigned long i = 0; i < n; i++)
		assert_rgn(&mb->memory, i, SZ_1G + i * SZ_2M, SZ_1M);
	assert_type_sane(&mb->memory);

	/*
	 * One range over all of them needs n + 1 new pieces (the holes and
	 * the tail): the counting pass grows the array again first.
	 */
	assert_int_equal(memblock_add(mb, SZ_1G, n * SZ_2M + SZ_1M), 0);
	assert_int_equal(mb->memory.cnt, 1);
	assert_int_equal(mb->memory.max, 4 * INIT_MEMBLOCK_REGIONS);
	assert_rgn(&mb->memory, 0, SZ_1G, n * SZ_2M + SZ_1M);
	assert_int_equal(mb->memory.total_size, n * SZ_2M + SZ_1M);
}

/* ------------------------------------------ basic_api.c: memblock_reserve */

/* memblock_reserve_simple_check */
static void test_reserve_simple(void **state)
{
	struct memblock *mb = *state;

	memblock_reserve(mb, SZ_2G, SZ_128M);

	assert_rgn(&mb->reserved, 0, SZ_2G, SZ_128M);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, SZ_128M);
	assert_int_equal(memblock_reserved_size(mb), SZ_128M);
	assert_int_equal(mb->memory.cnt, 0);
}

/* memblock_reserve_disjoint_check */
static void test_reserve_disjoint(void **state)
{
	struct memblock *mb = *state;

	memblock_reserve(mb, SZ_256M, SZ_16M);
	memblock_reserve(mb, SZ_512M, SZ_512M);

	assert_rgn(&mb->reserved, 0, SZ_256M, SZ_16M);
	assert_rgn(&mb->reserved, 1, SZ_512M, SZ_512M);
	assert_int_equal(mb->reserved.cnt, 2);
	assert_int_equal(mb->reserved.total_size, SZ_16M + SZ_512M);
}

/* memblock_reserve_overlap_top_check */
static void test_reserve_overlap_top(void **state)
{
	struct memblock *mb = *state;
	phys_addr_t total = (SZ_1G - SZ_128M) + SZ_1G;

	memblock_reserve(mb, SZ_1G, SZ_1G);
	memblock_reserve(mb, SZ_128M, SZ_1G);

	assert_rgn(&mb->reserved, 0, SZ_128M, total);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, total);
}

/* memblock_reserve_overlap_bottom_check */
static void test_reserve_overlap_bottom(void **state)
{
	struct memblock *mb = *state;
	phys_addr_t total = (SZ_128K - SZ_2K) + SZ_128K;

	memblock_reserve(mb, SZ_2K, SZ_128K);
	memblock_reserve(mb, SZ_128K, SZ_128K);

	assert_rgn(&mb->reserved, 0, SZ_2K, total);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, total);
}

/* memblock_reserve_within_check */
static void test_reserve_within(void **state)
{
	struct memblock *mb = *state;

	memblock_reserve(mb, SZ_1M, SZ_8M);
	memblock_reserve(mb, SZ_2M, SZ_64K);

	assert_rgn(&mb->reserved, 0, SZ_1M, SZ_8M);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, SZ_8M);
}

/* memblock_reserve_twice_check */
static void test_reserve_twice(void **state)
{
	struct memblock *mb = *state;

	memblock_reserve(mb, SZ_16K, SZ_2M);
	memblock_reserve(mb, SZ_16K, SZ_2M);

	assert_rgn(&mb->reserved, 0, SZ_16K, SZ_2M);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, SZ_2M);
}

/* memblock_reserve_between_check */
static void test_reserve_between(void **state)
{
	struct memblock *mb = *state;

	memblock_reserve(mb, SZ_1G, SZ_8K);
	memblock_reserve(mb, SZ_1G + SZ_16K, SZ_8K);
	memblock_reserve(mb, SZ_1G + SZ_8K, SZ_8K);

	assert_rgn(&mb->reserved, 0, SZ_1G, 3 * SZ_8K);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, 3 * SZ_8K);
}

/* Overlapping reservations over several existing ones coalesce into one. */
static void test_reserve_overlapping_coalesce(void **state)
{
	struct memblock *mb = *state;

	memblock_reserve(mb, SZ_1M, SZ_64K);
	memblock_reserve(mb, SZ_2M, SZ_64K);
	memblock_reserve(mb, SZ_4M, SZ_64K);
	assert_int_equal(mb->reserved.cnt, 3);
	assert_int_equal(mb->reserved.total_size, 3 * SZ_64K);

	/* from the middle of the first to the middle of the third */
	memblock_reserve(mb, SZ_1M + SZ_16K, SZ_4M - SZ_1M);

	assert_rgn(&mb->reserved, 0, SZ_1M, SZ_4M + SZ_64K - SZ_1M);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, SZ_4M + SZ_64K - SZ_1M);
}

/* memblock_reserve_many_check: reserved doubles like memory does. */
static void test_reserve_many(void **state)
{
	struct memblock *mb = *state;

	for (unsigned long i = 0; i < INIT_MEMBLOCK_REGIONS + 1; i++)
		assert_int_equal(memblock_reserve(mb, SZ_1M + i * SZ_16K,
						  SZ_4K), 0);

	assert_int_equal(mb->reserved.cnt, INIT_MEMBLOCK_REGIONS + 1);
	assert_int_equal(mb->reserved.max, 2 * INIT_MEMBLOCK_REGIONS);
	assert_int_equal(mb->reserved.total_size,
			 (INIT_MEMBLOCK_REGIONS + 1) * SZ_4K);
	assert_rgn(&mb->reserved, INIT_MEMBLOCK_REGIONS,
		   SZ_1M + INIT_MEMBLOCK_REGIONS * SZ_16K, SZ_4K);
	assert_type_sane(&mb->reserved);
	assert_int_equal(mb->memory.max, INIT_MEMBLOCK_REGIONS);
}

/* ------------------------------------------- basic_api.c: memblock_remove */

/* memblock_remove_simple_check */
static void test_remove_simple(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, SZ_2K, SZ_4K);
	memblock_add(mb, SZ_128K, SZ_4M);
	assert_int_equal(memblock_remove(mb, SZ_2K, SZ_4K), 0);

	assert_rgn(&mb->memory, 0, SZ_128K, SZ_4M);
	assert_int_equal(mb->memory.cnt, 1);
	assert_int_equal(mb->memory.total_size, SZ_4M);
}

/* memblock_remove_absent_check */
static void test_remove_absent(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, SZ_512K, SZ_4M);
	assert_int_equal(memblock_remove(mb, SZ_64M, SZ_1G), 0);

	assert_rgn(&mb->memory, 0, SZ_512K, SZ_4M);
	assert_int_equal(mb->memory.cnt, 1);
	assert_int_equal(mb->memory.total_size, SZ_4M);
}

/* memblock_remove_overlap_top_check: removal covers the start of r1. */
static void test_remove_overlap_top(void **state)
{
	struct memblock *mb = *state;
	phys_addr_t r1_base = SZ_32M, r1_size = SZ_32M;
	phys_addr_t r2_base = SZ_16M, r2_size = SZ_32M;
	phys_addr_t r1_end = r1_base + r1_size, r2_end = r2_base + r2_size;

	memblock_add(mb, r1_base, r1_size);
	memblock_remove(mb, r2_base, r2_size);

	assert_rgn(&mb->memory, 0, r2_end, r1_end - r2_end);
	assert_int_equal(mb->memory.cnt, 1);
	assert_int_equal(mb->memory.total_size, r1_end - r2_end);
}

/* memblock_remove_overlap_bottom_check: removal covers the end of r1. */
static void test_remove_overlap_bottom(void **state)
{
	struct memblock *mb = *state;
	phys_addr_t r1_base = SZ_2M, r1_size = SZ_64M;
	phys_addr_t r2_base = SZ_32M, r2_size = SZ_256M;

	memblock_add(mb, r1_base, r1_size);
	memblock_remove(mb, r2_base, r2_size);

	assert_rgn(&mb->memory, 0, r1_base, r2_base - r1_base);
	assert_int_equal(mb->memory.cnt, 1);
	assert_int_equal(mb->memory.total_size, r2_base - r1_base);
}

/*
 * memblock_remove_within_check: removing the middle of a region splits it
 * in two.
 */
static void test_remove_within(void **state)
{
	struct memblock *mb = *state;
	phys_addr_t r1_base = SZ_1M, r1_size = SZ_32M;
	phys_addr_t r2_base = SZ_16M, r2_size = SZ_1M;
	phys_addr_t r1_end = r1_base + r1_size, r2_end = r2_base + r2_size;

	memblock_add(mb, r1_base, r1_size);
	assert_int_equal(memblock_remove(mb, r2_base, r2_size), 0);

	assert_int_equal(mb->memory.cnt, 2);
	assert_rgn(&mb->memory, 0, r1_base, r2_base - r1_base);
	assert_rgn(&mb->memory, 1, r2_end, r1_end - r2_end);
	assert_int_equal(mb->memory.total_size, r1_size - r2_size);
	assert_int_equal(mb->memory.regions[0].nid, MAX_NUMNODES_MEMBLOCK);
	assert_int_equal(mb->memory.regions[1].nid, MAX_NUMNODES_MEMBLOCK);
	assert_false(memblock_is_memory(mb, r2_base));
	assert_false(memblock_is_memory(mb, r2_end - 1));
	assert_true(memblock_is_memory(mb, r2_base - 1));
	assert_true(memblock_is_memory(mb, r2_end));
}

/* memblock_remove_only_region_check */
static void test_remove_only_region(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, SZ_2K, SZ_4K);
	memblock_remove(mb, SZ_2K, SZ_4K);

	assert_int_equal(mb->memory.cnt, 0);
	assert_int_equal(mb->memory.total_size, 0);
	assert_int_equal(memblock_start_of_DRAM(mb), 0);
	assert_int_equal(memblock_end_of_DRAM(mb), 0);
}

/* memblock_remove_overlap_two_check: one removal clips two regions. */
static void test_remove_overlap_two(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, SZ_16M, SZ_32M);		/* 16M .. 48M */
	memblock_add(mb, SZ_64M, SZ_64M);		/* 64M .. 128M */
	memblock_add(mb, SZ_256M, SZ_1M);		/* untouched */
	memblock_remove(mb, SZ_32M, SZ_64M);		/* 32M .. 96M */

	assert_int_equal(mb->memory.cnt, 3);
	assert_rgn(&mb->memory, 0, SZ_16M, SZ_16M);
	assert_rgn(&mb->memory, 1, SZ_32M + SZ_64M, SZ_32M);
	assert_rgn(&mb->memory, 2, SZ_256M, SZ_1M);
	assert_int_equal(mb->memory.total_size, SZ_16M + SZ_32M + SZ_1M);
}

/* Removal up to the top of the address space (size capped), and size 0. */
static void test_remove_near_max_and_zero(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, SZ_1M, SZ_1M);
	memblock_add(mb, SZ_1G, SZ_1G);

	assert_int_equal(memblock_remove(mb, SZ_1G, 0), 0);
	assert_int_equal(mb->memory.cnt, 2);
	assert_int_equal(mb->memory.total_size, SZ_1M + SZ_1G);

	assert_int_equal(memblock_remove(mb, SZ_1G + SZ_512M, PHYS_MAX), 0);
	assert_int_equal(mb->memory.cnt, 2);
	assert_rgn(&mb->memory, 0, SZ_1M, SZ_1M);
	assert_rgn(&mb->memory, 1, SZ_1G, SZ_512M);
	assert_int_equal(mb->memory.total_size, SZ_1M + SZ_512M);
}

/* --------------------------------------------- basic_api.c: memblock_free */

/* memblock_free_simple_check */
static void test_free_simple(void **state)
{
	struct memblock *mb = *state;

	memblock_reserve(mb, SZ_4M, SZ_1M);
	memblock_reserve(mb, SZ_8M, SZ_1M);
	assert_int_equal(memblock_free(mb, SZ_4M, SZ_1M), 0);

	assert_rgn(&mb->reserved, 0, SZ_8M, SZ_1M);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, SZ_1M);
}

/* memblock_free_absent_check */
static void test_free_absent(void **state)
{
	struct memblock *mb = *state;

	memblock_reserve(mb, SZ_2M, SZ_8K);
	memblock_free(mb, SZ_16M, SZ_128M);

	assert_rgn(&mb->reserved, 0, SZ_2M, SZ_8K);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, SZ_8K);
}

/* memblock_free_overlap_top_check */
static void test_free_overlap_top(void **state)
{
	struct memblock *mb = *state;
	phys_addr_t r1_base = SZ_8M, r1_size = SZ_1M;
	phys_addr_t r2_base = SZ_8M - SZ_1M + SZ_512K, r2_size = SZ_1M;
	phys_addr_t r2_end = r2_base + r2_size;

	memblock_reserve(mb, r1_base, r1_size);
	memblock_free(mb, r2_base, r2_size);

	assert_rgn(&mb->reserved, 0, r2_end, r1_base + r1_size - r2_end);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, SZ_512K);
}

/* memblock_free_overlap_bottom_check */
static void test_free_overlap_bottom(void **state)
{
	struct memblock *mb = *state;

	memblock_reserve(mb, SZ_8M, SZ_32M);
	memblock_free(mb, SZ_32M, SZ_32M);

	assert_rgn(&mb->reserved, 0, SZ_8M, SZ_32M - SZ_8M);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, SZ_32M - SZ_8M);
}

/* memblock_free_within_check: the reservation is split in two. */
static void test_free_within(void **state)
{
	struct memblock *mb = *state;

	memblock_reserve(mb, SZ_1M, SZ_8M);		/* 1M .. 9M */
	assert_int_equal(memblock_free(mb, SZ_4M, SZ_1M), 0);

	assert_int_equal(mb->reserved.cnt, 2);
	assert_rgn(&mb->reserved, 0, SZ_1M, SZ_4M - SZ_1M);
	assert_rgn(&mb->reserved, 1, SZ_4M + SZ_1M, SZ_8M + SZ_1M - SZ_4M - SZ_1M);
	assert_int_equal(mb->reserved.total_size, SZ_8M - SZ_1M);
	assert_false(memblock_is_reserved(mb, SZ_4M));
	assert_true(memblock_is_reserved(mb, SZ_4M - 1));
	assert_true(memblock_is_reserved(mb, SZ_4M + SZ_1M));
}

/* memblock_free_only_region_check; memory is untouched by free. */
static void test_free_only_region(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, SZ_2K, SZ_4K);
	memblock_reserve(mb, SZ_2K, SZ_4K);
	memblock_free(mb, SZ_2K, SZ_4K);

	assert_int_equal(mb->reserved.cnt, 0);
	assert_int_equal(mb->reserved.total_size, 0);
	assert_rgn(&mb->memory, 0, SZ_2K, SZ_4K);
	assert_int_equal(mb->memory.total_size, SZ_4K);
}

/* ----------------------------------------- memblock_set_node (NUMA init) */

/* Labelling the middle of a region isolates it: three regions. */
static void test_set_node_split(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, SZ_1G, SZ_1G);
	assert_int_equal(memblock_set_node(mb, SZ_1G + SZ_256M, SZ_256M, 2), 0);

	assert_int_equal(mb->memory.cnt, 3);
	assert_rgn(&mb->memory, 0, SZ_1G, SZ_256M);
	assert_int_equal(mb->memory.regions[0].nid, MAX_NUMNODES_MEMBLOCK);
	assert_rgn(&mb->memory, 1, SZ_1G + SZ_256M, SZ_256M);
	assert_int_equal(mb->memory.regions[1].nid, 2);
	assert_rgn(&mb->memory, 2, SZ_1G + SZ_512M, SZ_512M);
	assert_int_equal(mb->memory.regions[2].nid, MAX_NUMNODES_MEMBLOCK);
	assert_int_equal(mb->memory.total_size, SZ_1G);
}

/* Labelling everything one node merges the touching regions back. */
static void test_set_node_merge(void **state)
{
	struct memblock *mb = *state;

	memblock_add_node(mb, SZ_1G, SZ_1G, 0, MEMBLOCK_NONE);
	memblock_add_node(mb, SZ_2G, SZ_1G, 1, MEMBLOCK_NONE);
	memblock_add_node(mb, SZ_4M, SZ_1M, 1, MEMBLOCK_NONE);	/* apart */
	assert_int_equal(mb->memory.cnt, 3);

	assert_int_equal(memblock_set_node(mb, 0, PHYS_MAX, 0), 0);

	assert_int_equal(mb->memory.cnt, 2);
	assert_rgn(&mb->memory, 0, SZ_4M, SZ_1M);
	assert_int_equal(mb->memory.regions[0].nid, 0);
	assert_rgn(&mb->memory, 1, SZ_1G, SZ_2G);
	assert_int_equal(mb->memory.regions[1].nid, 0);
	assert_int_equal(mb->memory.total_size, SZ_2G + SZ_1M);

	/* a range over a hole only changes nothing */
	assert_int_equal(memblock_set_node(mb, SZ_8M, SZ_8M, 3), 0);
	assert_int_equal(mb->memory.cnt, 2);
}

/* ------------------------------------------------ alloc_api.c: top-down */

/* alloc_top_down_simple_check */
static void test_alloc_top_down_simple(void **state)
{
	struct memblock *mb = setup_memblock(state);

	phys_addr_t p = memblock_phys_alloc(mb, SZ_2, CACHE_BYTES);

	assert_int_equal(p, MEM_END - CACHE_BYTES);
	assert_rgn(&mb->reserved, 0, MEM_END - CACHE_BYTES, SZ_2);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, SZ_2);
	assert_true(memblock_is_reserved(mb, p));
	assert_int_equal(mb->memory.total_size, MEM_SIZE);
}

/* alloc_top_down_disjoint_check: aligned below a misaligned reservation. */
static void test_alloc_top_down_disjoint(void **state)
{
	struct memblock *mb = setup_memblock(state);
	phys_addr_t align = CACHE_BYTES * 2;

	memblock_reserve(mb, MEM_END - SZ_2, SZ_2);
	phys_addr_t p = memblock_phys_alloc(mb, SZ_16, align);

	assert_int_equal(p, MEM_END - align);
	assert_int_equal(mb->reserved.cnt, 2);
	assert_rgn(&mb->reserved, 0, MEM_END - align, SZ_16);
	assert_rgn(&mb->reserved, 1, MEM_END - SZ_2, SZ_2);
	assert_int_equal(mb->reserved.total_size, SZ_16 + SZ_2);
}

/* alloc_top_down_before_check: first fit right below r1; they merge. */
static void test_alloc_top_down_before(void **state)
{
	struct memblock *mb = setup_memblock(state);
	phys_addr_t total = CACHE_BYTES + SZ_512;

	memblock_reserve(mb, MEM_END - total, CACHE_BYTES);
	phys_addr_t p = memblock_phys_alloc(mb, SZ_512, CACHE_BYTES);

	assert_int_equal(p, MEM_END - SZ_512);
	assert_rgn(&mb->reserved, 0, MEM_END - total, total);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, total);
}

/* alloc_top_down_after_check: no room above r1, so right below it. */
static void test_alloc_top_down_after(void **state)
{
	struct memblock *mb = setup_memblock(state);
	phys_addr_t r1_base = MEM_END - CACHE_BYTES;

	memblock_reserve(mb, r1_base, SZ_8);
	phys_addr_t p = memblock_phys_alloc(mb, SZ_512, CACHE_BYTES);

	assert_int_equal(p, r1_base - SZ_512);
	assert_rgn(&mb->reserved, 0, r1_base - SZ_512, SZ_512 + SZ_8);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, SZ_512 + SZ_8);
}

/* alloc_top_down_second_fit_check: the gap is too small; go below r2. */
static void test_alloc_top_down_second_fit(void **state)
{
	struct memblock *mb = setup_memblock(state);
	phys_addr_t r1_base = MEM_END - SZ_512;
	phys_addr_t r2_base = r1_base - SZ_512;

	memblock_reserve(mb, r1_base, SZ_512);
	memblock_reserve(mb, r2_base, SZ_256);
	phys_addr_t p = memblock_phys_alloc(mb, SZ_1K, CACHE_BYTES);

	assert_int_equal(p, r2_base - SZ_1K);
	assert_int_equal(mb->reserved.cnt, 2);
	assert_rgn(&mb->reserved, 0, r2_base - SZ_1K, SZ_256 + SZ_1K);
	assert_rgn(&mb->reserved, 1, r1_base, SZ_512);
	assert_int_equal(mb->reserved.total_size, SZ_512 + SZ_256 + SZ_1K);
}

/*
 * alloc_in_between_generic_check (top-down and bottom-up): the only gap big
 * enough is the one between r2 and r1, exactly the requested size; the
 * 64-byte gaps at either end of memory are too small.
 */
static void check_alloc_in_between(struct memblock *mb)
{
	phys_addr_t gap = CACHE_BYTES;
	phys_addr_t r3_size = SZ_128;
	phys_addr_t rgn_size = (MEM_SIZE - (2 * gap + r3_size)) / 2;
	phys_addr_t r1_base = MEM_END - (gap + rgn_size);
	phys_addr_t r2_base = MEM_BASE + gap;
	phys_addr_t total = 2 * rgn_size + r3_size;

	memblock_reserve(mb, r1_base, rgn_size);
	memblock_reserve(mb, r2_base, rgn_size);
	assert_int_equal(mb->reserved.cnt, 2);
	phys_addr_t p = memblock_phys_alloc(mb, r3_size, CACHE_BYTES);

	assert_int_equal(p, r2_base + rgn_size);
	assert_int_equal(p, r1_base - r3_size);
	assert_rgn(&mb->reserved, 0, r2_base, total);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, total);
}

static void test_alloc_in_between_top_down(void **state)
{
	check_alloc_in_between(setup_memblock(state));
}

static void test_alloc_in_between_bottom_up(void **state)
{
	struct memblock *mb = setup_memblock(state);

	mb->bottom_up = true;
	check_alloc_in_between(mb);
}

/* alloc_small_gaps_generic_check: every gap is too small; nothing moves. */
static void test_alloc_small_gaps(void **state)
{
	struct memblock *mb = setup_memblock(state);
	phys_addr_t region_end = MEM_BASE;
	unsigned long cnt;
	phys_addr_t total;

	while (region_end < MEM_END) {
		memblock_reserve(mb, region_end + SZ_256, SZ_1K);
		region_end += SZ_256 + SZ_1K;
	}
	cnt = mb->reserved.cnt;
	total = mb->reserved.total_size;
	assert_true(cnt > INIT_MEMBLOCK_REGIONS);	/* the array grew */

	assert_int_equal(memblock_phys_alloc(mb, SZ_1K, CACHE_BYTES), 0);
	mb->bottom_up = true;
	assert_int_equal(memblock_phys_alloc(mb, SZ_1K, CACHE_BYTES), 0);

	assert_int_equal(mb->reserved.cnt, cnt);
	assert_int_equal(mb->reserved.total_size, total);
	assert_type_sane(&mb->reserved);
}

/* alloc_all_reserved_generic_check */
static void test_alloc_all_reserved(void **state)
{
	struct memblock *mb = setup_memblock(state);

	memblock_reserve(mb, MEM_BASE, MEM_SIZE);

	assert_int_equal(memblock_phys_alloc(mb, SZ_256, CACHE_BYTES), 0);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, MEM_SIZE);
}

/* alloc_no_space_generic_check */
static void test_alloc_no_space(void **state)
{
	struct memblock *mb = setup_memblock(state);

	memblock_reserve(mb, MEM_BASE, MEM_SIZE - SZ_256);

	assert_int_equal(memblock_phys_alloc(mb, SZ_1K, CACHE_BYTES), 0);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, MEM_SIZE - SZ_256);
}

/* alloc_limited_space_generic_check: exactly the space that is left. */
static void test_alloc_limited_space(void **state)
{
	struct memblock *mb = setup_memblock(state);

	memblock_reserve(mb, MEM_BASE, MEM_SIZE - SZ_256);
	phys_addr_t p = memblock_phys_alloc(mb, SZ_256, CACHE_BYTES);

	assert_int_equal(p, MEM_END - SZ_256);
	assert_rgn(&mb->reserved, 0, MEM_BASE, MEM_SIZE);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, MEM_SIZE);
}

/* alloc_no_memory_generic_check */
static void test_alloc_no_memory(void **state)
{
	struct memblock *mb = *state;

	assert_int_equal(memblock_phys_alloc(mb, SZ_1K, CACHE_BYTES), 0);
	assert_int_equal(mb->reserved.cnt, 0);
	assert_int_equal(mb->reserved.total_size, 0);
}

/* alloc_too_large_generic_check; a zero-sized request fails too. */
static void test_alloc_too_large_and_zero(void **state)
{
	struct memblock *mb = setup_memblock(state);

	assert_int_equal(memblock_phys_alloc(mb, MEM_SIZE + 1, CACHE_BYTES), 0);
	assert_int_equal(memblock_phys_alloc(mb, 0, CACHE_BYTES), 0);
	assert_int_equal(mb->reserved.cnt, 0);
	assert_int_equal(mb->reserved.total_size, 0);
}

/* Alignment: 0 means SMP_CACHE_BYTES; a large alignment rounds down. */
static void test_alloc_top_down_alignment(void **state)
{
	struct memblock *mb = setup_memblock(state);

	memblock_reserve(mb, MEM_END - SZ_1M, SZ_1M);

	/* below the reservation, rounded down to 64 bytes */
	phys_addr_t p = memblock_phys_alloc(mb, SZ_16 + 1, 0);
	assert_int_equal(p, MEM_END - SZ_1M - CACHE_BYTES);

	/* 4M alignment: the highest 4M boundary with 1M free above it */
	p = memblock_phys_alloc(mb, SZ_1M, SZ_4M);
	assert_int_equal(p, MEM_END - SZ_4M);
	assert_int_equal(p % SZ_4M, 0);

	assert_int_equal(mb->reserved.cnt, 3);
	assert_rgn(&mb->reserved, 0, MEM_END - SZ_4M, SZ_1M);
	assert_rgn(&mb->reserved, 1, MEM_END - SZ_1M - CACHE_BYTES, SZ_16 + 1);
	assert_rgn(&mb->reserved, 2, MEM_END - SZ_1M, SZ_1M);
	assert_int_equal(mb->reserved.total_size, 2 * SZ_1M + SZ_16 + 1);
}

/* Holes in memory (not just reserved ones) are skipped, as are NOMAP ones. */
static void test_alloc_top_down_memory_holes(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, SZ_1M, SZ_1M);
	memblock_add(mb, SZ_4M, SZ_64K);
	memblock_add_node(mb, SZ_8M, SZ_1M, MAX_NUMNODES_MEMBLOCK,
			  MEMBLOCK_NOMAP);

	/* does not fit in the 64K at 4M, NOMAP is never allocated */
	assert_int_equal(memblock_phys_alloc(mb, SZ_128K, SZ_4K),
			 SZ_2M - SZ_128K);
	assert_int_equal(memblock_phys_alloc(mb, SZ_16K, SZ_4K),
			 SZ_4M + SZ_64K - SZ_16K);
	assert_int_equal(mb->reserved.cnt, 2);
	assert_int_equal(mb->reserved.total_size, SZ_128K + SZ_16K);
	assert_false(memblock_is_region_reserved(mb, SZ_8M, SZ_1M));
}

/* ------------------------------------------------ alloc_api.c: bottom-up */

/* alloc_bottom_up_simple_check */
static void test_alloc_bottom_up_simple(void **state)
{
	struct memblock *mb = setup_memblock(state);

	mb->bottom_up = true;
	phys_addr_t p = memblock_phys_alloc(mb, SZ_2, CACHE_BYTES);

	assert_int_equal(p, MEM_BASE);
	assert_rgn(&mb->reserved, 0, MEM_BASE, SZ_2);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, SZ_2);
}

/* alloc_bottom_up_disjoint_check */
static void test_alloc_bottom_up_disjoint(void **state)
{
	struct memblock *mb = setup_memblock(state);
	phys_addr_t align = CACHE_BYTES * 2;

	mb->bottom_up = true;
	memblock_reserve(mb, MEM_BASE + SZ_2, SZ_2);
	phys_addr_t p = memblock_phys_alloc(mb, SZ_16, align);

	assert_int_equal(p, MEM_BASE + align);
	assert_int_equal(mb->reserved.cnt, 2);
	assert_rgn(&mb->reserved, 0, MEM_BASE + SZ_2, SZ_2);
	assert_rgn(&mb->reserved, 1, MEM_BASE + align, SZ_16);
	assert_int_equal(mb->reserved.total_size, SZ_2 + SZ_16);
}

/* alloc_bottom_up_before_check */
static void test_alloc_bottom_up_before(void **state)
{
	struct memblock *mb = setup_memblock(state);

	mb->bottom_up = true;
	memblock_reserve(mb, MEM_BASE + SZ_512, SZ_128);
	phys_addr_t p = memblock_phys_alloc(mb, SZ_512, CACHE_BYTES);

	assert_int_equal(p, MEM_BASE);
	assert_rgn(&mb->reserved, 0, MEM_BASE, SZ_512 + SZ_128);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, SZ_512 + SZ_128);
}

/* alloc_bottom_up_after_check */
static void test_alloc_bottom_up_after(void **state)
{
	struct memblock *mb = setup_memblock(state);
	phys_addr_t r1_base = MEM_BASE + CACHE_BYTES;

	mb->bottom_up = true;
	memblock_reserve(mb, r1_base, SZ_64);
	phys_addr_t p = memblock_phys_alloc(mb, SZ_512, CACHE_BYTES);

	assert_int_equal(p, r1_base + SZ_64);
	assert_rgn(&mb->reserved, 0, r1_base, SZ_64 + SZ_512);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, SZ_64 + SZ_512);
}

/* alloc_bottom_up_second_fit_check */
static void test_alloc_bottom_up_second_fit(void **state)
{
	struct memblock *mb = setup_memblock(state);
	phys_addr_t r2_base = MEM_BASE + SZ_512 + SZ_512;

	mb->bottom_up = true;
	memblock_reserve(mb, MEM_BASE, SZ_512);
	memblock_reserve(mb, r2_base, SZ_256);
	phys_addr_t p = memblock_phys_alloc(mb, SZ_1K, CACHE_BYTES);

	assert_int_equal(p, r2_base + SZ_256);
	assert_int_equal(mb->reserved.cnt, 2);
	assert_rgn(&mb->reserved, 0, MEM_BASE, SZ_512);
	assert_rgn(&mb->reserved, 1, r2_base, SZ_256 + SZ_1K);
	assert_int_equal(mb->reserved.total_size, SZ_512 + SZ_256 + SZ_1K);
}

/* The first page is never handed out, whatever the direction. */
static void test_alloc_avoids_first_page(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, 0, 3 * PAGE_SIZE);
	mb->bottom_up = true;

	assert_int_equal(memblock_phys_alloc(mb, PAGE_SIZE, PAGE_SIZE),
			 PAGE_SIZE);
	assert_int_equal(memblock_phys_alloc(mb, PAGE_SIZE, PAGE_SIZE),
			 2 * PAGE_SIZE);
	/* only page 0 is left */
	assert_int_equal(memblock_phys_alloc(mb, SZ_64, SZ_64), 0);
	mb->bottom_up = false;
	assert_int_equal(memblock_phys_alloc(mb, SZ_64, SZ_64), 0);

	assert_rgn(&mb->reserved, 0, PAGE_SIZE, 2 * PAGE_SIZE);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, 2 * PAGE_SIZE);
}

/* ----------------------------- alloc_nid_api.c: range-limited allocation */

/* alloc_nid_top_down_simple_check: highest fit below max_addr. */
static void test_alloc_range_top_down(void **state)
{
	struct memblock *mb = setup_memblock(state);
	phys_addr_t min_addr = MEM_BASE + SZ_1M;
	phys_addr_t max_addr = MEM_BASE + SZ_4M + SZ_16;

	phys_addr_t p = memblock_phys_alloc_range(mb, SZ_128, SZ_128, min_addr,
						  max_addr, NUMA_NO_NODE);

	assert_int_equal(p, MEM_BASE + SZ_4M - SZ_128);
	assert_rgn(&mb->reserved, 0, p, SZ_128);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, SZ_128);
}

/* alloc_nid_bottom_up_simple_check: lowest aligned fit above min_addr. */
static void test_alloc_range_bottom_up(void **state)
{
	struct memblock *mb = setup_memblock(state);
	phys_addr_t min_addr = MEM_BASE + SZ_1M + SZ_16;
	phys_addr_t max_addr = MEM_BASE + SZ_4M;

	mb->bottom_up = true;
	phys_addr_t p = memblock_phys_alloc_range(mb, SZ_128, SZ_128, min_addr,
						  max_addr, NUMA_NO_NODE);

	assert_int_equal(p, MEM_BASE + SZ_1M + SZ_128);
	assert_rgn(&mb->reserved, 0, p, SZ_128);
	assert_int_equal(mb->reserved.total_size, SZ_128);
}

/* alloc_nid_top_down_narrow_range_check / _range_too_small: no fit -> 0. */
static void test_alloc_range_too_narrow(void **state)
{
	struct memblock *mb = setup_memblock(state);

	assert_int_equal(memblock_phys_alloc_range(mb, SZ_256, CACHE_BYTES,
						   MEM_BASE + SZ_512,
						   MEM_BASE + SZ_512 + SZ_128,
						   NUMA_NO_NODE), 0);
	/* the range is entirely outside memory */
	assert_int_equal(memblock_phys_alloc_range(mb, SZ_256, CACHE_BYTES,
						   MEM_END, MEM_END + SZ_16M,
						   NUMA_NO_NODE), 0);
	assert_int_equal(mb->reserved.cnt, 0);
}

/*
 * alloc_nid_top_down_cap_max_check / current_limit: end ACCESSIBLE means
 * current_limit, ANYWHERE ignores it.
 */
static void test_alloc_current_limit(void **state)
{
	struct memblock *mb = setup_memblock(state);

	mb->current_limit = MEM_BASE + SZ_8M;

	assert_int_equal(memblock_phys_alloc(mb, SZ_4K, SZ_4K),
			 MEM_BASE + SZ_8M - SZ_4K);
	assert_int_equal(memblock_phys_alloc_range(mb, SZ_4K, SZ_4K, 0,
						   MEMBLOCK_ALLOC_ACCESSIBLE,
						   NUMA_NO_NODE),
			 MEM_BASE + SZ_8M - 2 * SZ_4K);
	assert_int_equal(memblock_phys_alloc_range(mb, SZ_4K, SZ_4K, 0,
						   MEMBLOCK_ALLOC_ANYWHERE,
						   NUMA_NO_NODE),
			 MEM_END - SZ_4K);

	assert_int_equal(mb->reserved.cnt, 2);
	assert_rgn(&mb->reserved, 0, MEM_BASE + SZ_8M - 2 * SZ_4K, 2 * SZ_4K);
	assert_rgn(&mb->reserved, 1, MEM_END - SZ_4K, SZ_4K);
	assert_int_equal(mb->reserved.total_size, 3 * SZ_4K);

	/* a limit below all memory: nothing is accessible */
	mb->current_limit = MEM_BASE;
	assert_int_equal(memblock_phys_alloc(mb, SZ_4K, SZ_4K), 0);
	assert_int_equal(mb->reserved.total_size, 3 * SZ_4K);
}

/* ------------------- alloc_nid_api.c / alloc_exact_nid_api.c: NUMA nodes */

#define NODE0_BASE	SZ_16M
#define NODE1_BASE	SZ_32M
#define NODE_SIZE	SZ_16M

static struct memblock *setup_numa(void **state)
{
	struct memblock *mb = *state;

	assert_int_equal(memblock_add_node(mb, NODE0_BASE, NODE_SIZE, 0,
					   MEMBLOCK_NONE), 0);
	assert_int_equal(memblock_add_node(mb, NODE1_BASE, NODE_SIZE, 1,
					   MEMBLOCK_NONE), 0);
	assert_int_equal(mb->memory.cnt, 2);	/* touching, but nodes differ */
	return mb;
}

/* alloc_exact_nid_top_down_numa_simple_check (and bottom-up). */
static void test_alloc_node_restricted(void **state)
{
	struct memblock *mb = setup_numa(state);

	assert_int_equal(memblock_phys_alloc_range(mb, SZ_4K, SZ_4K, 0,
						   MEMBLOCK_ALLOC_ACCESSIBLE, 0),
			 NODE0_BASE + NODE_SIZE - SZ_4K);
	assert_int_equal(memblock_phys_alloc_range(mb, SZ_4K, SZ_4K, 0,
						   MEMBLOCK_ALLOC_ACCESSIBLE, 1),
			 NODE1_BASE + NODE_SIZE - SZ_4K);
	mb->bottom_up = true;
	assert_int_equal(memblock_phys_alloc_range(mb, SZ_4K, SZ_4K, 0,
						   MEMBLOCK_ALLOC_ACCESSIBLE, 1),
			 NODE1_BASE);
	assert_int_equal(memblock_phys_alloc_range(mb, SZ_4K, SZ_4K, 0,
						   MEMBLOCK_ALLOC_ACCESSIBLE, 0),
			 NODE0_BASE);

	assert_int_equal(mb->reserved.cnt, 3);
	assert_rgn(&mb->reserved, 0, NODE0_BASE, SZ_4K);
	/* the top of node 0 and the bottom of node 1 touch: one region */
	assert_rgn(&mb->reserved, 1, NODE1_BASE - SZ_4K, 2 * SZ_4K);
	assert_rgn(&mb->reserved, 2, NODE1_BASE + NODE_SIZE - SZ_4K, SZ_4K);
	assert_int_equal(mb->reserved.total_size, 4 * SZ_4K);
}

/*
 * alloc_exact_nid_top_down_numa_node_reserved_check: the node is full, so
 * the exact-node allocation fails; alloc_nid_top_down_numa_node_reserved_
 * check: memblock_phys_alloc_node falls back to any node.
 */
static void test_alloc_node_full_fallback(void **state)
{
	struct memblock *mb = setup_numa(state);

	memblock_reserve(mb, NODE0_BASE, NODE_SIZE - SZ_1K);

	/* not enough left on node 0, and no fallback */
	assert_int_equal(memblock_phys_alloc_range(mb, SZ_4K, SZ_4K, 0,
						   MEMBLOCK_ALLOC_ACCESSIBLE, 0),
			 0);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, NODE_SIZE - SZ_1K);

	/* what does fit on node 0 still comes from node 0 */
	assert_int_equal(memblock_phys_alloc_node(mb, SZ_512, SZ_512, 0),
			 NODE0_BASE + NODE_SIZE - SZ_512);

	/* too big for node 0: the highest fit of any node (node 1's top) */
	assert_int_equal(memblock_phys_alloc_node(mb, SZ_4K, SZ_4K, 0),
			 NODE1_BASE + NODE_SIZE - SZ_4K);

	assert_int_equal(mb->reserved.cnt, 3);
	assert_rgn(&mb->reserved, 0, NODE0_BASE, NODE_SIZE - SZ_1K);
	assert_rgn(&mb->reserved, 1, NODE0_BASE + NODE_SIZE - SZ_512, SZ_512);
	assert_rgn(&mb->reserved, 2, NODE1_BASE + NODE_SIZE - SZ_4K, SZ_4K);
	assert_int_equal(mb->reserved.total_size,
			 NODE_SIZE - SZ_1K + SZ_512 + SZ_4K);

	/* nothing fits anywhere: the fallback fails too */
	assert_int_equal(memblock_phys_alloc_node(mb, SZ_32M, SZ_4K, 0), 0);
	assert_int_equal(mb->reserved.cnt, 3);
}

/* Memory with no node yet (memblock_add) only serves "any node" requests. */
static void test_alloc_node_unassigned(void **state)
{
	struct memblock *mb = setup_memblock(state);

	assert_int_equal(memblock_phys_alloc_range(mb, SZ_4K, SZ_4K, 0,
						   MEMBLOCK_ALLOC_ACCESSIBLE, 0),
			 0);
	assert_int_equal(memblock_phys_alloc_node(mb, SZ_4K, SZ_4K, 0),
			 MEM_END - SZ_4K);
	assert_int_equal(memblock_phys_alloc_node(mb, SZ_4K, SZ_4K,
						  NUMA_NO_NODE),
			 MEM_END - 2 * SZ_4K);
	assert_int_equal(mb->reserved.cnt, 1);
	assert_int_equal(mb->reserved.total_size, 2 * SZ_4K);
}

/* ------------------------- for_each_free_mem_range (__next_mem_range) */

/* Nothing at all, or everything reserved: the walk ends at once. */
static void test_free_range_empty(void **state)
{
	struct memblock *mb = *state;
	unsigned long idx = 0;
	phys_addr_t start = 1, end = 1;
	int nid = 7;

	assert_false(memblock_next_free_range(mb, &idx, &start, &end, &nid));
	assert_false(memblock_next_free_range(mb, &idx, &start, &end, &nid));

	memblock_add(mb, SZ_1M, SZ_1M);
	memblock_reserve(mb, 0, SZ_4M);
	idx = 0;
	assert_false(memblock_next_free_range(mb, &idx, &start, &end, &nid));
}

/*
 * Memory minus reserved, ascending: reservations that clip a region's
 * start, split it, span a hole between regions and cover a whole region;
 * NOMAP memory is left out.
 */
static void test_free_range_iteration(void **state)
{
	struct memblock *mb = *state;
	static const struct { phys_addr_t start, end; int nid; } want[] = {
		{ SZ_1M + SZ_64K, SZ_1M + SZ_512K, 0 },
		{ SZ_1M + SZ_512K + SZ_64K, SZ_2M - SZ_64K, 0 },
		{ SZ_4M + SZ_512K, SZ_4M + SZ_1M, 1 },
		{ SZ_8M + SZ_1M, SZ_8M + SZ_2M, 1 },
		{ SZ_64M, SZ_64M + SZ_1M, 2 },
	};
	unsigned long idx = 0, n = 0;
	phys_addr_t start, end, free_total = 0;
	int nid;

	memblock_add_node(mb, SZ_1M, SZ_1M, 0, MEMBLOCK_NONE);	/* 1M..2M */
	memblock_add_node(mb, SZ_4M, SZ_1M, 1, MEMBLOCK_NONE);	/* 4M..5M */
	memblock_add_node(mb, SZ_8M, SZ_2M, 1, MEMBLOCK_NONE);	/* 8M..10M */
	memblock_add_node(mb, SZ_16M, SZ_1M, 1, MEMBLOCK_NONE);
	memblock_add_node(mb, SZ_32M, SZ_1M, 2, MEMBLOCK_NOMAP);
	memblock_add_node(mb, SZ_64M, SZ_1M, 2, MEMBLOCK_NONE);

	memblock_reserve(mb, SZ_1M, SZ_64K);			/* clip start */
	memblock_reserve(mb, SZ_1M + SZ_512K, SZ_64K);		/* split */
	memblock_reserve(mb, SZ_2M - SZ_64K, SZ_4M + SZ_512K - (SZ_2M - SZ_64K));
	memblock_reserve(mb, SZ_8M - SZ_4K, SZ_1M + SZ_4K);	/* clip 8M */
	memblock_reserve(mb, SZ_16M, SZ_1M);			/* whole */

	while (memblock_next_free_range(mb, &idx, &start, &end, &nid)) {
		assert_true(n < sizeof(want) / sizeof(want[0]));
		assert_int_equal(start, want[n].start);
		assert_int_equal(end, want[n].end);
		assert_int_equal(nid, want[n].nid);
		assert_false(memblock_is_region_reserved(mb, start, end - start));
		free_total += end - start;
		n++;
	}
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	/* the walk stays finished */
	assert_false(memblock_next_free_range(mb, &idx, &start, &end, NULL));

	/* free = memory - NOMAP - reserved parts of memory */
	assert_int_equal(free_total,
			 memblock_phys_mem_size(mb) - SZ_1M /* NOMAP */ -
			 (SZ_64K + SZ_64K + SZ_64K + SZ_512K + SZ_1M + SZ_1M));
}

/* Without reservations the walk returns exactly the (mapped) regions. */
static void test_free_range_no_reserved(void **state)
{
	struct memblock *mb = *state;
	unsigned long idx = 0;
	phys_addr_t start, end;
	int nid;

	memblock_add(mb, SZ_1M, SZ_1M);
	memblock_add(mb, SZ_1G, SZ_1G);

	assert_true(memblock_next_free_range(mb, &idx, &start, &end, &nid));
	assert_int_equal(start, SZ_1M);
	assert_int_equal(end, SZ_2M);
	assert_int_equal(nid, MAX_NUMNODES_MEMBLOCK);
	assert_true(memblock_next_free_range(mb, &idx, &start, &end, NULL));
	assert_int_equal(start, SZ_1G);
	assert_int_equal(end, SZ_2G);
	assert_false(memblock_next_free_range(mb, &idx, &start, &end, &nid));
}

/* -------------------------------------------------------------- queries */

static void test_queries(void **state)
{
	struct memblock *mb = *state;

	memblock_add(mb, SZ_1M, SZ_1M);
	memblock_add(mb, SZ_16M, SZ_16M);
	memblock_reserve(mb, SZ_16M + SZ_4K, SZ_4K);

	assert_int_equal(memblock_start_of_DRAM(mb), SZ_1M);
	assert_int_equal(memblock_end_of_DRAM(mb), SZ_32M);
	assert_int_equal(memblock_phys_mem_size(mb), SZ_1M + SZ_16M);
	assert_int_equal(memblock_reserved_size(mb), SZ_4K);

	assert_false(memblock_is_memory(mb, SZ_1M - 1));
	assert_true(memblock_is_memory(mb, SZ_1M));
	assert_true(memblock_is_memory(mb, SZ_2M - 1));
	assert_false(memblock_is_memory(mb, SZ_2M));
	assert_false(memblock_is_memory(mb, SZ_16M - 1));
	assert_true(memblock_is_memory(mb, SZ_32M - 1));
	assert_false(memblock_is_memory(mb, SZ_32M));

	assert_false(memblock_is_reserved(mb, SZ_16M + SZ_4K - 1));
	assert_true(memblock_is_reserved(mb, SZ_16M + SZ_4K));
	assert_true(memblock_is_reserved(mb, SZ_16M + SZ_8K - 1));
	assert_false(memblock_is_reserved(mb, SZ_16M + SZ_8K));

	assert_false(memblock_is_region_reserved(mb, SZ_16M, SZ_4K));
	assert_true(memblock_is_region_reserved(mb, SZ_16M, SZ_4K + 1));
	assert_true(memblock_is_region_reserved(mb, SZ_16M + SZ_8K - 1, SZ_1M));
	assert_false(memblock_is_region_reserved(mb, SZ_16M + SZ_8K, SZ_1M));
	assert_true(memblock_is_region_reserved(mb, 0, PHYS_MAX));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
		T(test_init),
		T(test_release_reuse),
		T(test_add_simple),
		T(test_add_node_simple),
		T(test_add_disjoint),
		T(test_add_disjoint_reverse_order),
		T(test_add_overlap_top),
		T(test_add_overlap_bottom),
		T(test_add_within),
		T(test_add_twice),
		T(test_add_between),
		T(test_add_adjacent_merge),
		T(test_add_spanning),
		T(test_add_different_nid_no_merge),
		T(test_add_overlap_different_nid),
		T(test_add_zero_size),
		T(test_add_near_max),
		T(test_add_many),
		T(test_reserve_simple),
		T(test_reserve_disjoint),
		T(test_reserve_overlap_top),
		T(test_reserve_overlap_bottom),
		T(test_reserve_within),
		T(test_reserve_twice),
		T(test_reserve_between),
		T(test_reserve_overlapping_coalesce),
		T(test_reserve_many),
		T(test_remove_simple),
		T(test_remove_absent),
		T(test_remove_overlap_top),
		T(test_remove_overlap_bottom),
		T(test_remove_within),
		T(test_remove_only_region),
		T(test_remove_overlap_two),
		T(test_remove_near_max_and_zero),
		T(test_free_simple),
		T(test_free_absent),
		T(test_free_overlap_top),
		T(test_free_overlap_bottom),
		T(test_free_within),
		T(test_free_only_region),
		T(test_set_node_split),
		T(test_set_node_merge),
		T(test_alloc_top_down_simple),
		T(test_alloc_top_down_disjoint),
		T(test_alloc_top_down_before),
		T(test_alloc_top_down_after),
		T(test_alloc_top_down_second_fit),
		T(test_alloc_in_between_top_down),
		T(test_alloc_in_between_bottom_up),
		T(test_alloc_small_gaps),
		T(test_alloc_all_reserved),
		T(test_alloc_no_space),
		T(test_alloc_limited_space),
		T(test_alloc_no_memory),
		T(test_alloc_too_large_and_zero),
		T(test_alloc_top_down_alignment),
		T(test_alloc_top_down_memory_holes),
		T(test_alloc_bottom_up_simple),
		T(test_alloc_bottom_up_disjoint),
		T(test_alloc_bottom_up_before),
		T(test_alloc_bottom_up_after),
		T(test_alloc_bottom_up_second_fit),
		T(test_alloc_avoids_first_page),
		T(test_alloc_range_top_down),
		T(test_alloc_range_bottom_up),
		T(test_alloc_range_too_narrow),
		T(test_alloc_current_limit),
		T(test_alloc_node_restricted),
		T(test_alloc_node_full_fallback),
		T(test_alloc_node_unassigned),
		T(test_free_range_empty),
		T(test_free_range_iteration),
		T(test_free_range_no_reserved),
		T(test_queries),
#undef T
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
