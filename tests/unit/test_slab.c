// SPDX-License-Identifier: MIT
/*
 * test_slab.c - unit tests for src/mm/slab.c, the SLAB allocator of Linux
 * 6.6/6.7 (mm/slab.c before its removal in 6.8), booted with slab=slab.
 *
 * Expected numbers are derived in comments from Linux's code:
 *   enable_cpucache: limit 1 (size > 128K), 8 (> PAGE_SIZE), 24 (> 1024),
 *     54 (> 256), else 120; shared 8 when size <= PAGE_SIZE and more than
 *     one CPU; batchcount (limit + 1) / 2.
 *   init_cache_node: free_limit = (1 + CPUs of the node) * batchcount + num.
 *   calculate_slab_order: from order 0 up, the first order with objects
 *     that is >= slab_max_order (1 above 32 MB of RAM, else 0) or wastes
 *     left_over * 8 <= PAGE_SIZE << order; SLAB_RECLAIM_ACCOUNT stops at
 *     the first order with objects; at most 255 objects (one-byte index).
 *     Objects per slab: slab / size (freelist inside an object or
 *     off-slab), slab / (size + 1) (on-slab index array).
 *   __kmem_cache_create: OBJFREELIST when there is no constructor and num
 *     bytes fit in an object; else OFF_SLAB when its kmalloc freelist is at
 *     most half an object and the slab has not num bytes left over; else
 *     on-slab.  colour_off = 64 (cache line), colour = left_over / 64.
 *   kmalloc caches: ARCH_KMALLOC_FLAGS = SLAB_HWCACHE_ALIGN, so kmalloc-96
 *     is 128 bytes a slot; ksize is object_size (mm/slab.h slab_ksize).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "random.h"
#include "slab.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define BOOT "ram=64M cpus=2 slab=slab"

/* ------------------------------------------------------------------ helpers */

static uint8_t *host(struct machine *m, uint64_t addr)
{
	return slab_obj_host(m, addr);
}

static unsigned long slab_bytes(struct machine *m)
{
	return global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B) +
	       global_node_page_state(m, NR_SLAB_RECLAIMABLE_B);
}

static struct slabinfo info(struct machine *m, struct kmem_cache *s)
{
	struct slabinfo si;

	get_slabinfo(m, s, &si);
	return si;
}

static void set_cpu(struct machine *m, int cpu)
{
	assert_int_equal(mms_set_cpu(m, cpu), 0);
}

static void assert_intact(struct machine *m)
{
	assert_int_equal(mms_check(m), 0);
	assert_int_equal(check_slab_caches(m), 0);
}

/* How many times @needle occurs in the kernel log. */
static int dmesg_count(struct machine *m, const char *needle)
{
	char *t = view_text(m, "dmesg");
	int n = 0;

	for (char *p = strstr(t, needle); p; p = strstr(p + 1, needle))
		n++;
	free(t);
	return n;
}

#define OFF_SLAB_FLAG		0x80000000U	/* slab.c CFLGS_OFF_SLAB */
#define OBJFREELIST_FLAG	0x40000000U	/* slab.c CFLGS_OBJFREELIST_SLAB */

/* Constructors: mark the object, count the calls. */
static unsigned long ctor_calls;

static void ctor_mark(struct machine *m, uint64_t obj)
{
	memset(host(m, obj), 0xc7, 16);
	ctor_calls++;
}

/* ------------------------------------------------------------------- boot */

static void test_boot(void **state)
{
	struct machine *m = boot_spec(BOOT);

	(void)state;
	assert_string_equal(m->slab->ops->name, "SLAB");
	/* SLAB's kmem_cache_init printed no line (SLUB prints "SLUB: HWalign=...") */
	assert_false(dmesg_has(m, "SLUB:"));
	assert_false(dmesg_has(m, "SLAB"));
	/* KMALLOC_SHIFT_LOW 5: no kmalloc-8 / kmalloc-16; small sizes go to kmalloc-32 */
	assert_null(kmem_cache_by_name(m, "kmalloc-8"));
	assert_null(kmem_cache_by_name(m, "kmalloc-16"));
	assert_string_equal(kmalloc_slab(m, 1, GFP_KERNEL)->name, "kmalloc-32");
	assert_string_equal(kmalloc_slab(m, 16, GFP_KERNEL)->name, "kmalloc-32");
	/* caches are created without a page: no slab memory after boot */
	assert_int_equal(meminfo_kb(m, "Slab:"), 0);
	/* 64 MB > 32 MB: slab_max_order = SLAB_MAX_ORDER_HI */
	assert_int_equal(m->slab->slab_max_order, 1);
	assert_intact(m);
	mms_machine_free(m);

	m = boot_spec("ram=32M cpus=1 slab=slab");
	assert_int_equal(m->slab->slab_max_order, 0);	/* not more than 32 MB */
	mms_machine_free(m);
}

/* ------------------------------------------------------- enable_cpucache */

struct tune_row {
	const char *name;
	unsigned int size, limit, batchcount, shared, free_limit;
};

/*
 * cpus=2, one node: free_limit = (1 + 2) * batchcount + num.
 *   kmalloc-32:  32 <= 256: 120, 60, shared 8; num 124:  3 * 60 + 124 = 304
 *   kmalloc-256: 256 is not > 256: 120, 60, 8; num 16:   180 + 16 = 196
 *   kmalloc-512: > 256: 54, 27, 8; num 8:                81 + 8 = 89
 *   kmalloc-1k:  1024 is not > 1024: 54, 27, 8; num 4:   81 + 4 = 85
 *   kmalloc-2k:  > 1024: 24, 12, 8; num 2:               36 + 2 = 38
 *   kmalloc-4k:  4096 is not > PAGE_SIZE: 24, 12, 8; 1:  36 + 1 = 37
 *   kmalloc-8k:  > PAGE_SIZE: 8, 4, shared 0; num 1:     12 + 1 = 13
 *   big200k:     200000 > 131072: 1, 1, 0; num 1 (order 6):  3 + 1 = 4
 */
static const struct tune_row tune_2cpus[] = {
	{ "kmalloc-32", 32, 120, 60, 8, 304 },
	{ "kmalloc-256", 256, 120, 60, 8, 196 },
	{ "kmalloc-512", 512, 54, 27, 8, 89 },
	{ "kmalloc-1k", 1024, 54, 27, 8, 85 },
	{ "kmalloc-2k", 2048, 24, 12, 8, 38 },
	{ "kmalloc-4k", 4096, 24, 12, 8, 37 },
	{ "kmalloc-8k", 8192, 8, 4, 0, 13 },
	{ "big200k", 200000, 1, 1, 0, 4 },
};

/*
 * cpus=1: never a shared array; free_limit = 2 * batchcount + num.
 *   kmalloc-64: 120, 60, 0; num 64: 120 + 64 = 184
 *   kmalloc-2k: 24, 12, 0; num 2:   24 + 2 = 26
 */
static const struct tune_row tune_1cpu[] = {
	{ "kmalloc-64", 64, 120, 60, 0, 184 },
	{ "kmalloc-2k", 2048, 24, 12, 0, 26 },
	{ "kmalloc-8k", 8192, 8, 4, 0, 9 },	/* 2 * 4 + 1 */
};

static void check_tunables(const char *spec, const struct tune_row *rows, size_t n)
{
	struct machine *m = boot_spec(spec);

	for (size_t i = 0; i < n; i++) {
		struct kmem_cache *s = kmem_cache_by_name(m, rows[i].name);
		struct slabinfo si;

		if (!s)
			s = kmem_cache_create(m, rows[i].name, rows[i].size, 0, SLAB_NO_MERGE, NULL);
		assert_non_null(s);
		assert_int_equal(s->limit, rows[i].limit);
		assert_int_equal(s->batchcount, rows[i].batchcount);
		assert_int_equal(s->shared, rows[i].shared);
		assert_int_equal(s->node[0].free_limit, rows[i].free_limit);
		for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
			assert_int_equal(s->cpu_cache[cpu]->limit, rows[i].limit);
			assert_int_equal(s->cpu_cache[cpu]->batchcount, rows[i].batchcount);
			assert_int_equal(s->cpu_cache[cpu]->avail, 0);
		}
		if (rows[i].shared)
			assert_int_equal(s->node[0].shared->limit, rows[i].shared * rows[i].batchcount);
		else
			assert_null(s->node[0].shared);
		si = info(m, s);
		assert_int_equal(si.limit, rows[i].limit);
		assert_int_equal(si.batchcount, rows[i].batchcount);
		assert_int_equal(si.shared, rows[i].shared);
	}
	mms_machine_free(m);
}

static void test_tunables(void **state)
{
	(void)state;
	check_tunables(BOOT, tune_2cpus, N(tune_2cpus));
	check_tunables("ram=64M cpus=1 slab=slab", tune_1cpu, N(tune_1cpu));
}

/* ----------------------------------------- calculate_slab_order, colour */

enum mgmt { ON_SLAB, OFF_SLAB, OBJFREELIST };

struct layout_row {
	const char *name;
	unsigned int size;		/* kmem_cache_create's (0: an existing cache) */
	slab_flags_t flags;
	bool ctor;
	unsigned int objsize, gfporder, num, colour;
	enum mgmt mgmt;
};

/*
 * ram=64M (slab_max_order 1), cpus=2.
 *   kmalloc-32:  align 32.  OBJFREELIST: order 0 has 128 objects, 128
 *                index bytes > 32: no.  OFF_SLAB: order 0 wants a 128-byte
 *                freelist from kmalloc-128 (not created yet), order 1 has
 *                256 > 255 objects: no.  On-slab: 4096 / 33 = 124, left 4:
 *                4 * 8 <= 4096; colour 4 / 64 = 0.
 *   kmalloc-64:  4096 / 64 = 64, left 0; 64 bytes fit in an object: OBJFREELIST.
 *   kmalloc-96:  SLAB_HWCACHE_ALIGN: align 64, size ALIGN(96, 64) = 128: 32.
 *   kmalloc-192: 192 is 3 * 64: 4096 / 192 = 21, left 64: 512 <= 4096;
 *                colour 64 / 64 = 1.
 *   kmalloc-8k:  order 0 holds none; order 1: 1 object, left 0; colour_off
 *                is the alignment, 8192.
 *   c1000:       4096 / 1000 = 4, left 96 (768 <= 4096); colour 1.
 *   c3000:       order 0: 1 object, left 1096: 8768 > 4096 and 0 < 1; order
 *                1: 2 objects, left 2192, order 1 >= slab_max_order; colour
 *                2192 / 64 = 34.
 *   rcl3000:     SLAB_RECLAIM_ACCOUNT stops at order 0: 1, left 1096: 17.
 *   ctor1024:    a constructor: no OBJFREELIST.  OFF_SLAB: order 0 has 4,
 *                freelist 4 bytes from kmalloc-32 (32 <= 1024 / 2), left 0
 *                < 4: off-slab, colour 0.
 *   ctor2048:    off-slab likewise: 2 objects, left 0.
 *   ctor4000:    OFF_SLAB: 1 object, left 96 >= 1 index byte: on-slab
 *                instead: 4096 / 4001 = 1, left 95: colour 1.
 *   ctor100:     size 104.  OFF_SLAB: 4096 / 104 = 39, left 40 >= 39: no.
 *                On-slab: 4096 / 105 = 39, left 1: colour 0.
 */
static const struct layout_row layout_64m[] = {
	{ "kmalloc-32", 0, 0, false, 32, 0, 124, 0, ON_SLAB },
	{ "kmalloc-64", 0, 0, false, 64, 0, 64, 0, OBJFREELIST },
	{ "kmalloc-96", 0, 0, false, 128, 0, 32, 0, OBJFREELIST },
	{ "kmalloc-192", 0, 0, false, 192, 0, 21, 1, OBJFREELIST },
	{ "kmalloc-8k", 0, 0, false, 8192, 1, 1, 0, OBJFREELIST },
	{ "c1000", 1000, 0, false, 1000, 0, 4, 1, OBJFREELIST },
	{ "c3000", 3000, 0, false, 3000, 1, 2, 34, OBJFREELIST },
	{ "rcl3000", 3000, SLAB_RECLAIM_ACCOUNT, false, 3000, 0, 1, 17, OBJFREELIST },
	{ "ctor1024", 1024, 0, true, 1024, 0, 4, 0, OFF_SLAB },
	{ "ctor2048", 2048, 0, true, 2048, 0, 2, 0, OFF_SLAB },
	{ "ctor4000", 4000, 0, true, 4000, 0, 1, 1, ON_SLAB },
	{ "ctor100", 100, 0, true, 104, 0, 39, 0, ON_SLAB },
};

/*
 * ram=32M (slab_max_order 0): the first order with objects wins.
 *   c3000:      order 0: 1 object, left 1096: colour 17.
 *   kmalloc-8k: order 1 still (order 0 holds none).
 */
static const struct layout_row layout_32m[] = {
	{ "c3000", 3000, 0, false, 3000, 0, 1, 17, OBJFREELIST },
	{ "kmalloc-8k", 0, 0, false, 8192, 1, 1, 0, OBJFREELIST },
	{ "kmalloc-32", 0, 0, false, 32, 0, 124, 0, ON_SLAB },
};

static void check_layout(const char *spec, const struct layout_row *rows, size_t n)
{
	struct machine *m = boot_spec(spec);

	for (size_t i = 0; i < n; i++) {
		const struct layout_row *r = &rows[i];
		struct kmem_cache *s = r->size ?
			kmem_cache_create(m, r->name, r->size, 0, r->flags | SLAB_NO_MERGE,
					  r->ctor ? ctor_mark : NULL) :
			kmem_cache_by_name(m, r->name);
		char want[64];

		assert_non_null(s);
		assert_int_equal(s->size, r->objsize);
		assert_int_equal(s->gfporder, r->gfporder);
		assert_int_equal(s->num, r->num);
		/* a cache line, or the alignment when larger (kmalloc-8k: 8192) */
		assert_int_equal(s->colour_off, s->align > 64 ? s->align : 64);
		assert_int_equal(s->colour, r->colour);
		assert_int_equal(!!(s->flags & OFF_SLAB_FLAG), r->mgmt == OFF_SLAB);
		assert_int_equal(!!(s->flags & OBJFREELIST_FLAG), r->mgmt == OBJFREELIST);
		assert_int_equal(s->freelist_size, r->num);	/* one byte per object */
		assert_int_equal(s->allocflags & __GFP_COMP, r->gfporder ? __GFP_COMP : 0);
		/* slabinfo: <objsize> <objperslab> <pagesperslab> */
		snprintf(want, sizeof(want), " %6u %4u %4u : tunables", r->objsize, r->num,
			 1U << r->gfporder);
		assert_non_null(strstr(slabinfo_line(m, r->name), want));
	}
	mms_machine_free(m);
}

static void test_slab_layout(void **state)
{
	(void)state;
	check_layout(BOOT, layout_64m, N(layout_64m));
	check_layout("ram=32M cpus=2 slab=slab", layout_32m, N(layout_32m));
}

/*
 * Colouring: c3000 has colour 34, colour_off 64.  cache_grow_begin bumps
 * the node's colour_next before using it, so the k-th slab (from 1) starts
 * its objects at (k % 34) * 64: 64, 128, .., 33 * 64, then 0, 64, ...
 */
static void test_colouring(void **state)
{
	struct machine *m = boot_spec(BOOT);
	struct kmem_cache *s = kmem_cache_create(m, "c3000", 3000, 0, 0, NULL);
	uint64_t obj[80];
	uint64_t slabs[40];
	unsigned int nslabs = 0;

	(void)state;
	assert_int_equal(s->colour, 34);
	for (int i = 0; i < 80; i++) {
		struct page *slab;
		uint64_t start;

		obj[i] = kmem_cache_alloc(m, s, GFP_KERNEL);
		assert_true(obj[i] != 0);
		slab = virt_to_slab_page(m, obj[i]);
		start = page_address(m, slab);
		if (!nslabs || slabs[nslabs - 1] != start) {
			assert_true(nslabs < 40);
			slabs[nslabs++] = start;
		}
		/* objects at colour + index * 3000: the colour is the remainder */
		assert_int_equal((obj[i] - start) % 3000, (nslabs % 34) * 64);
	}
	assert_int_equal(nslabs, 40);		/* two objects a slab */
	assert_int_equal(info(m, s).num_slabs, 40);
	for (int i = 0; i < 80; i++)
		kmem_cache_free(m, s, obj[i]);
	assert_intact(m);
	assert_int_equal(kmem_cache_destroy(m, s), 0);
	assert_int_equal(slab_bytes(m), 0);
	mms_machine_free(m);
}

/* ---------------------------------------- freelist placement, constructors */

static void test_freelist_placement(void **state)
{
	struct machine *m = boot_spec(BOOT);
	struct kmem_cache *off = kmem_cache_create(m, "ctor1024", 1024, 0, 0, ctor_mark);
	struct kmem_cache *on = kmem_cache_create(m, "ctor4000", 4000, 0, 0, ctor_mark);
	struct kmem_cache *objfl = kmem_cache_create(m, "c1000", 1000, 0, 0, NULL);
	struct kmem_cache *k32 = kmem_cache_by_name(m, "kmalloc-32");
	unsigned long free0 = free_pages_now(m);
	uint64_t a, b, c[4], fl;
	struct page *slab;

	(void)state;
	/* a large object with a constructor: the index array is a kmalloc-32 object */
	assert_true(off->flags & OFF_SLAB_FLAG);
	ctor_calls = 0;
	a = kmem_cache_alloc(m, off, GFP_KERNEL);
	slab = virt_to_slab_page(m, a);
	assert_int_equal(ctor_calls, 4);	/* cache_init_objs: every object of the slab */
	for (int i = 0; i < 4; i++)
		assert_int_equal(host(m, page_address(m, slab) + 1024 * i)[15], 0xc7);
	fl = slab->index;			/* slab->freelist */
	assert_ptr_equal(slab_cache(virt_to_slab_page(m, fl)), k32);
	assert_true(fl < page_address(m, slab) || fl >= page_address(m, slab) + PAGE_SIZE);
	/* kmalloc-32's first refill (untouched: 16 objects) grew one slab */
	assert_int_equal(info(m, k32).active_objs, 16);
	assert_int_equal(k32->cpu_cache[0]->avail, 15);
	/* the slab's freelist indexes: objects 0..3, three left after the array took them */
	assert_int_equal(info(m, off).active_objs, 4);
	kmem_cache_free(m, off, a);
	assert_int_equal(kmem_cache_destroy(m, off), 0);
	/* the freelist went back to kmalloc-32 (on CPU 0's array) */
	assert_int_equal(k32->cpu_cache[0]->avail, 16);
	assert_int_equal(k32->cpu_cache[0]->entry[15], fl);

	/* 96 bytes left over: the index array at the end of the slab */
	assert_false(on->flags & (OFF_SLAB_FLAG | OBJFREELIST_FLAG));
	b = kmem_cache_alloc(m, on, GFP_KERNEL);
	slab = virt_to_slab_page(m, b);
	assert_int_equal(slab->index, page_address(m, slab) + PAGE_SIZE - 1);
	assert_int_equal(host(m, b)[0], 0xc7);
	kmem_cache_free(m, on, b);

	/* no constructor: the index array lives in the slab's last object */
	for (int i = 0; i < 4; i++)
		c[i] = kmem_cache_alloc(m, objfl, GFP_KERNEL);
	slab = virt_to_slab_page(m, c[0]);
	/* a refill took all 4 objects at once; full slab: no freelist */
	assert_int_equal(slab->index, 0);
	kmem_cache_free(m, objfl, c[2]);
	kmem_cache_shrink(m, objfl);		/* c[2] back to the slab: it holds the freelist */
	assert_int_equal(slab->index, c[2]);
	assert_int_equal(info(m, objfl).active_objs, 3);
	for (int i = 0; i < 4; i++)
		if (i != 2)
			kmem_cache_free(m, objfl, c[i]);
	assert_intact(m);
	shrink_all(m);
	assert_int_equal(slab_bytes(m), 0);
	assert_int_equal(free_pages_now(m), free0);
	mms_machine_free(m);
}

/* ---------------------------------------------------- every kmalloc size */

static void test_kmalloc_sizes(void **state)
{
	static const struct { size_t size; const char *cache; unsigned int align; } t[] = {
		{ 1, "kmalloc-32", 32 }, { 24, "kmalloc-32", 32 }, { 32, "kmalloc-32", 32 },
		{ 33, "kmalloc-64", 64 }, { 64, "kmalloc-64", 64 },
		{ 65, "kmalloc-96", 64 }, { 96, "kmalloc-96", 64 },	/* HWCACHE_ALIGN */
		{ 97, "kmalloc-128", 128 }, { 129, "kmalloc-192", 64 },
		{ 192, "kmalloc-192", 64 }, { 193, "kmalloc-256", 256 },
		{ 257, "kmalloc-512", 512 }, { 1000, "kmalloc-1k", 1024 },
		{ 1025, "kmalloc-2k", 2048 }, { 4096, "kmalloc-4k", 4096 },
		{ 4097, "kmalloc-8k", 8192 }, { 8192, "kmalloc-8k", 8192 },
	};
	static const size_t large[] = { 8193, 16384, 100000, 1 << 20 };
	struct machine *m = boot_spec(BOOT);
	unsigned long free0 = free_pages_now(m);
	uint64_t p[N(t)];

	(void)state;
	for (size_t i = 0; i < N(t); i++) {
		struct kmem_cache *s = kmalloc_slab(m, t[i].size, GFP_KERNEL);

		assert_string_equal(s->name, t[i].cache);
		assert_int_equal(s->align, t[i].align);
		p[i] = kmalloc(m, t[i].size, GFP_KERNEL);
		assert_true(p[i] != 0);
		assert_int_equal(p[i] % t[i].align, 0);
		/* SLAB's ksize is object_size: 96 for kmalloc-96's 128-byte slots */
		assert_int_equal(ksize(m, p[i]), s->object_size);
		assert_ptr_equal(slab_cache(virt_to_slab_page(m, p[i])), s);
	}
	assert_int_equal(kmem_cache_by_name(m, "kmalloc-96")->size, 128);
	assert_int_equal(ksize(m, p[6]), 96);
	for (size_t i = 0; i < N(t); i++)
		kfree(m, p[i]);
	/* every size from 1 to 8192 */
	for (size_t size = 1; size <= 8192; size++) {
		uint64_t a = kmalloc(m, size, GFP_KERNEL);

		assert_true(a != 0);
		assert_true(ksize(m, a) >= size);
		assert_int_equal(a % 8, 0);
		memset(host(m, a), 0x5a, size);
		kfree(m, a);
	}
	/* above 8K: compound pages from the page allocator, counted as slab */
	for (size_t i = 0; i < N(large); i++) {
		unsigned long before = global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B);
		unsigned int order = get_order(large[i]);
		uint64_t a = kmalloc(m, large[i], GFP_KERNEL);
		struct page *page;

		assert_true(a != 0);
		page = virt_to_slab_page(m, a);
		assert_false(PageSlab(page));
		assert_int_equal(compound_order(page), order);
		assert_int_equal(a, page_address(m, page));
		assert_int_equal(ksize(m, a), PAGE_SIZE << order);
		assert_int_equal(global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B),
				 before + (PAGE_SIZE << order));
		kfree(m, a);
		assert_int_equal(global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B), before);
	}
	assert_int_equal(kmalloc(m, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	assert_intact(m);
	shrink_all(m);
	assert_int_equal(meminfo_kb(m, "Slab:"), 0);
	assert_int_equal(free_pages_now(m), free0);
	mms_machine_free(m);
}

/* __GFP_ZERO clears object_size bytes, not the whole slot. */
static void test_gfp_zero(void **state)
{
	struct machine *m = boot_spec(BOOT);
	uint64_t a = kmalloc(m, 96, GFP_KERNEL);

	(void)state;
	memset(host(m, a), 0xaa, 128);		/* the whole 128-byte slot */
	kfree(m, a);
	/* LIFO array: the same object again, 96 bytes zeroed */
	assert_int_equal(kzalloc(m, 96, GFP_KERNEL), a);
	for (int i = 0; i < 96; i++)
		assert_int_equal(host(m, a)[i], 0);
	for (int i = 96; i < 128; i++)
		assert_int_equal(host(m, a)[i], 0xaa);
	kfree(m, a);
	/* __GFP_HIGHMEM: fixed up in cache_grow_begin, with Linux's complaint */
	a = kmalloc(m, 3000, GFP_KERNEL | __GFP_HIGHMEM);
	assert_true(a != 0);
	assert_true(dmesg_has(m, "Unexpected gfp: 0x2 (__GFP_HIGHMEM). Fixing up to gfp:"));
	kfree(m, a);
	mms_machine_free(m);
}

/* ------------------------------------------- random sequence, no overlap */

struct obj {
	uint64_t addr;
	size_t len;
	struct kmem_cache *s;	/* NULL: kmalloc */
	uint8_t pat;
};

static int cmp_obj(const void *a, const void *b)
{
	const struct obj *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void check_fill(struct machine *m, const struct obj *o)
{
	const uint8_t *p = host(m, o->addr);

	for (size_t i = 0; i < o->len; i++)
		if (p[i] != o->pat)
			fail_msg("object %#llx (%zu bytes) byte %zu is %#x, not %#x",
				 (unsigned long long)o->addr, o->len, i, p[i], o->pat);
}

static void obj_free(struct machine *m, struct obj *o)
{
	check_fill(m, o);
	if (o->s)
		kmem_cache_free(m, o->s, o->addr);
	else
		kfree(m, o->addr);
}

static void run_random(const char *spec, uint64_t seed)
{
	enum { NOBJ = 3000, STEPS = 20000 };
	struct machine *m = boot_spec(spec);
	struct obj *o = calloc(NOBJ, sizeof(*o));
	unsigned long free0 = free_pages_now(m);
	struct rnd_state rs;
	size_t live = 0;

	assert_non_null(o);
	prandom_seed_state(&rs, seed);
	for (int step = 0; step < STEPS; step++) {
		if (live < NOBJ && (live < 16 || prandom_below(&rs, 3))) {
			size_t size = prandom_below(&rs, 4) ? 1 + prandom_below(&rs, 512)
							    : 1 + prandom_below(&rs, 8192);
			struct kmem_cache *s = kmalloc_slab(m, size, GFP_KERNEL);
			struct obj *n = &o[live++];

			n->addr = kmalloc(m, size, GFP_KERNEL);
			assert_true(n->addr != 0);
			/* aligned as the cache says, in a slab of that cache */
			assert_int_equal(n->addr % s->align, 0);
			assert_ptr_equal(slab_cache(virt_to_slab_page(m, n->addr)), s);
			n->len = size;
			n->s = NULL;
			n->pat = (uint8_t)(prandom_u64_state(&rs) | 1);
			memset(host(m, n->addr), n->pat, size);
		} else {
			size_t i = prandom_below(&rs, live);

			obj_free(m, &o[i]);
			o[i] = o[--live];
		}
		if (step % 7 == 0)
			set_cpu(m, (int)prandom_below(&rs, (uint64_t)m->nr_cpu_ids));
	}
	/* no two live objects overlap (slot sizes), every pattern survived */
	qsort(o, live, sizeof(*o), cmp_obj);
	for (size_t i = 0; i < live; i++) {
		check_fill(m, &o[i]);
		if (i)
			assert_true(o[i - 1].addr +
				    slab_cache(virt_to_slab_page(m, o[i - 1].addr))->size <= o[i].addr);
	}
	assert_intact(m);
	assert_true(slab_bytes(m) > 0);
	for (size_t i = 0; i < live; i++)
		obj_free(m, &o[i]);
	shrink_all(m);
	assert_int_equal(slab_bytes(m), 0);
	assert_int_equal(meminfo_kb(m, "Slab:"), 0);
	assert_int_equal(free_pages_now(m), free0);
	assert_intact(m);
	free(o);
	mms_machine_free(m);
}

static void test_random_x86_64(void **state)
{
	(void)state;
	run_random("ram=128M cpus=4 slab=slab", 1);
}

static void test_random_i386(void **state)
{
	(void)state;
	run_random("arch=i386 ram=256M cpus=2 slab=slab", 2);
}

/* --------------------------------------------- shrink, destroy, free_limit */

static void test_shrink_to_zero(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=1 slab=slab");
	struct kmem_cache *s = kmem_cache_create(m, "c1000", 1000, 0, 0, NULL);
	unsigned long free0 = free_pages_now(m);
	uint64_t obj[400];
	struct slabinfo si;

	(void)state;
	/* cpus=1: limit 54, batchcount 27, no shared array; free_limit 2 * 27 + 4 = 58 */
	assert_int_equal(s->node[0].free_limit, 58);
	for (int i = 0; i < 400; i++)
		obj[i] = kmem_cache_alloc(m, s, GFP_KERNEL);
	/* each refill grew one slab of 4 objects: 100 slabs, all full */
	si = info(m, s);
	assert_int_equal(si.num_slabs, 100);
	assert_int_equal(si.active_objs, 400);
	assert_int_equal(meminfo_kb(m, "Slab:"), 400);
	for (int i = 0; i < 400; i++)
		kmem_cache_free(m, s, obj[i]);
	/*
	 * Frees go to the array (54), then 27 at a time to the slabs;
	 * free_block gives slabs back while more than free_limit objects are
	 * free in the slabs.  So at most 58 free objects stay on the node.
	 */
	si = info(m, s);
	assert_true(si.num_objs - si.active_objs <= 58);
	assert_true(si.num_slabs < 100);
	assert_int_equal(s->cpu_cache[0]->avail, si.active_objs);	/* all in the array */
	assert_intact(m);
	/* shrink: the array drained, every free slab freed */
	assert_int_equal(kmem_cache_shrink(m, s), 0);
	si = info(m, s);
	assert_int_equal(si.num_slabs, 0);
	assert_int_equal(si.active_objs, 0);
	assert_int_equal(s->cpu_cache[0]->avail, 0);
	assert_int_equal(meminfo_kb(m, "Slab:"), 0);
	assert_int_equal(meminfo_kb(m, "SUnreclaim:"), 0);
	assert_int_equal(free_pages_now(m), free0);
	assert_intact(m);
	mms_machine_free(m);
}

static void test_destroy_busy(void **state)
{
	struct machine *m = boot_spec(BOOT);
	struct kmem_cache *s = kmem_cache_create(m, "busy", 500, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	uint64_t a = kmem_cache_alloc(m, s, GFP_KERNEL), b = kmem_cache_alloc(m, s, GFP_KERNEL);

	(void)state;
	assert_int_equal(meminfo_kb(m, "SReclaimable:"), 4);
	kmem_cache_free(m, s, b);
	assert_int_equal(kmem_cache_destroy(m, s), -EBUSY);
	assert_true(dmesg_has(m, "kmem_cache_destroy busy: Slab cache still has objects"));
	/* the shutdown shrank it: only a's slab is left, b went back to it */
	assert_int_equal(info(m, s).num_slabs, 1);
	assert_int_equal(info(m, s).active_objs, 1);
	kmem_cache_free(m, s, a);
	assert_int_equal(kmem_cache_destroy(m, s), 0);
	assert_int_equal(meminfo_kb(m, "SReclaimable:"), 0);
	assert_int_equal(meminfo_kb(m, "Slab:"), 0);
	mms_machine_free(m);
}

/* ---------------------------------------------- exact slabinfo and reaping */

/*
 * A 1000-byte cache on 2 CPUs: 4 objects a slab, limit 54, batchcount 27,
 * shared 8 (a shared array of 8 * 27 = 216), free_limit 3 * 27 + 4 = 85.
 * obj[4k..4k+3] are slab k's objects (each refill grows one slab: the
 * node has no free object, so it goes straight to cache_grow_begin).
 */
static void test_slabinfo_sequence(void **state)
{
	struct machine *m = boot_spec(BOOT);
	struct kmem_cache *s = kmem_cache_create(m, "test_slab", 1000, 0, 0, NULL);
	uint64_t obj[60];

	(void)state;
	assert_string_equal(s->name, "test_slab");	/* not merged */
	assert_string_equal(slabinfo_line(m, "test_slab"),
		"test_slab              0      0   1000    4    1 : tunables   54   27    8 : slabdata      0      0      0");
	/* 60 objects on CPU 0: 15 slabs, all full, the array empty */
	for (int i = 0; i < 60; i++)
		obj[i] = kmem_cache_alloc(m, s, GFP_KERNEL);
	for (int k = 0; k < 15; k++)
		for (int j = 1; j < 4; j++)
			assert_ptr_equal(virt_to_slab_page(m, obj[4 * k + j]),
					 virt_to_slab_page(m, obj[4 * k]));
	assert_int_equal(s->cpu_cache[0]->avail, 0);
	assert_string_equal(slabinfo_line(m, "test_slab"),
		"test_slab             60     60   1000    4    1 : tunables   54   27    8 : slabdata     15     15      0");
	/*
	 * Free them all on CPU 1: 54 fill its array; the 55th flushes 27
	 * (obj[0..26]) to the shared array; 33 stay (obj[27..59]).  Objects
	 * in arrays count as active: the slabs are all still full.
	 */
	set_cpu(m, 1);
	for (int i = 0; i < 60; i++)
		kmem_cache_free(m, s, obj[i]);
	assert_int_equal(s->cpu_cache[1]->avail, 33);
	assert_int_equal(s->node[0].shared->avail, 27);
	assert_string_equal(slabinfo_line(m, "test_slab"),
		"test_slab             60     60   1000    4    1 : tunables   54   27    8 : slabdata     15     15     27");
	/*
	 * Reap 1.  CPU 0 (node 0's part): the shared array, untouched, frees
	 * (216 + 4) / 5 = 44 > 27, so (27 + 1) / 2 = 14: obj[0..13] -> slabs
	 * 0..2 free, slab 3 partial; 14 free objects.  free_touched is 0:
	 * drain_freelist((85 + 20 - 1) / 20 = 5) frees the 3 free slabs: 12
	 * slabs, 2 free objects.  CPU 1: its untouched array frees (54 + 4) /
	 * 5 = 11: obj[27..37] -> slabs 7, 8 free, slabs 6 and 9 partial: 13
	 * free objects.  active_objs 48 - 13 = 35 (22 + 13 in arrays).
	 */
	slab_cache_reap(m);
	assert_int_equal(m->cpu, 1);		/* the caller's CPU is kept */
	assert_int_equal(s->cpu_cache[1]->avail, 22);
	assert_string_equal(slabinfo_line(m, "test_slab"),
		"test_slab             35     48   1000    4    1 : tunables   54   27    8 : slabdata     10     12     13");
	/*
	 * Reap 2.  Shared: (13 + 1) / 2 = 7: obj[14..20] -> slabs 3, 4 free,
	 * slab 5 partial; 20 free objects; 4 free slabs freed: 8 slabs, 4 free
	 * objects.  CPU 1: 11 more, obj[38..48] -> slabs 9, 10, 11 free, slab
	 * 12 partial: 15 free objects, 3 free slabs.  active 32 - 15 = 17.
	 */
	slab_cache_reap(m);
	assert_string_equal(slabinfo_line(m, "test_slab"),
		"test_slab             17     32   1000    4    1 : tunables   54   27    8 : slabdata      5      8      6");
	assert_intact(m);
	/* shrink: arrays drained, free slabs freed: nothing left */
	assert_int_equal(kmem_cache_shrink(m, s), 0);
	assert_string_equal(slabinfo_line(m, "test_slab"),
		"test_slab              0      0   1000    4    1 : tunables   54   27    8 : slabdata      0      0      0");
	assert_int_equal(meminfo_kb(m, "Slab:"), 0);
	mms_machine_free(m);
}

/*
 * cache_reap and touched: an array allocated from since the last pass is
 * only marked untouched; an untouched one frees a fifth of its limit, or
 * half of what it holds (rounded up) when it holds less.
 */
static void test_reap_touched(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=1 slab=slab");
	struct kmem_cache *s = kmem_cache_create(m, "c1000", 1000, 0, 0, NULL);
	struct array_cache *ac = s->cpu_cache[0];
	uint64_t a[40];

	(void)state;
	/* the first refill of an untouched array takes at most BATCHREFILL_LIMIT
	 * (16) objects, but a slab has 4: one slab, 3 left in the array */
	a[0] = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_int_equal(ac->avail, 3);
	assert_int_equal(ac->touched, 1);
	slab_cache_reap(m);			/* touched: only cleared */
	assert_int_equal(ac->avail, 3);
	assert_int_equal(ac->touched, 0);
	slab_cache_reap(m);			/* (54 + 4) / 5 = 11 > 3: (3 + 1) / 2 = 2 */
	assert_int_equal(ac->avail, 1);
	slab_cache_reap(m);			/* (1 + 1) / 2 = 1 */
	assert_int_equal(ac->avail, 0);
	/* the slab keeps a[0]: partial, 3 free objects */
	assert_int_equal(info(m, s).active_objs, 1);
	assert_int_equal(info(m, s).num_slabs, 1);
	/*
	 * 39 more: the untouched refill takes slab 0's 3 free objects (and
	 * finds no free slab: free_touched), then each refill grows a slab:
	 * 10 full slabs.  40 frees fill the array (limit 54).
	 */
	for (int i = 1; i < 40; i++)
		a[i] = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_int_equal(info(m, s).num_slabs, 10);
	assert_int_equal(s->node[0].free_touched, 1);
	for (int i = 0; i < 40; i++)
		kmem_cache_free(m, s, a[i]);
	assert_int_equal(ac->avail, 40);
	slab_cache_reap(m);			/* array and free list touched: cleared */
	assert_int_equal(ac->avail, 40);
	assert_int_equal(s->node[0].free_touched, 0);
	assert_int_equal(info(m, s).num_slabs, 10);
	/*
	 * 11 leave the array: a[0..10] -> slabs 0 and 1 free, slab 2 partial;
	 * then drain_freelist((58 + 20 - 1) / 20 = 3) frees the 2 free slabs.
	 */
	slab_cache_reap(m);
	assert_int_equal(ac->avail, 29);
	assert_int_equal(info(m, s).num_slabs, 8);
	/* 29 -> 18 -> 7 -> 3 -> 1 -> 0, and up to 3 free slabs freed a pass */
	for (int i = 0; i < 10; i++)
		slab_cache_reap(m);
	assert_int_equal(ac->avail, 0);
	assert_int_equal(info(m, s).num_slabs, 0);
	assert_int_equal(meminfo_kb(m, "Slab:"), 0);
	assert_intact(m);
	/* on SLUB there is nothing to reap */
	mms_machine_free(m);
	m = boot_spec("ram=64M cpus=2");
	slab_cache_reap(m);
	assert_int_equal(check_slab_caches(m), 0);
	mms_machine_free(m);
}

/* ------------------------------------------------------------------ NUMA */

static void test_node_alloc(void **state)
{
	/* cpus=2 nodes=2: CPU 0 on node 0, CPU 1 on node 1 */
	struct machine *m = boot_spec("ram=64M cpus=2 nodes=2 slab=slab");
	struct kmem_cache *s = kmem_cache_create(m, "numa", 512, 0, 0, NULL);
	uint64_t a, b;

	(void)state;
	assert_int_equal(m->cpus[1].node, 1);
	/* free_limit per node: (1 + 1 CPU) * 27 + 8 = 62 */
	assert_int_equal(s->node[0].free_limit, 62);
	assert_int_equal(s->node[1].free_limit, 62);
	/* from CPU 0, an object of node 1: ____cache_alloc_node, no array */
	a = kmem_cache_alloc_node(m, s, GFP_KERNEL, 1);
	assert_int_equal(page_to_nid(virt_to_slab_page(m, a)), 1);
	assert_int_equal(s->cpu_cache[0]->avail, 0);
	assert_int_equal(s->node[1].total_slabs, 1);
	assert_int_equal(s->node[1].free_objects, 7);	/* 8 a slab, one taken */
	assert_int_equal(s->node[0].total_slabs, 0);
	/* node 0 from CPU 0: the array (a refill of one 8-object slab) */
	b = kmem_cache_alloc_node(m, s, GFP_KERNEL, 0);
	assert_int_equal(page_to_nid(virt_to_slab_page(m, b)), 0);
	assert_int_equal(s->cpu_cache[0]->avail, 7);
	/* NUMA_NO_NODE on CPU 1: its node */
	set_cpu(m, 1);
	kmem_cache_free(m, s, kmem_cache_alloc(m, s, GFP_KERNEL));
	assert_int_equal(s->node[1].total_slabs, 1);	/* refilled from node 1's partial slab */
	assert_int_equal(s->cpu_cache[1]->avail, 7);
	/* kmalloc_node on node 1 */
	kfree(m, kmalloc_node(m, 100, GFP_KERNEL, 1));
	/* a node-1 object freed on CPU 0 goes straight back to node 1 (no alien cache) */
	set_cpu(m, 0);
	kmem_cache_free(m, s, a);
	assert_int_equal(s->cpu_cache[0]->avail, 7);
	assert_int_equal(s->node[1].free_objects, 1);	/* 7 of 8 sit in CPU 1's array */
	kmem_cache_free(m, s, b);
	assert_int_equal(s->cpu_cache[0]->avail, 8);
	assert_intact(m);
	shrink_all(m);
	assert_int_equal(slab_bytes(m), 0);
	mms_machine_free(m);
}

/*
 * Memory runs out: node 1 is filled through kmem_cache_alloc_node; with
 * __GFP_THISNODE the allocation then fails (fallback_alloc refuses), without
 * it fallback_alloc takes node 0's memory; at the end every allocation
 * fails cleanly (0), and everything freed gives every page back.
 */
static void test_out_of_memory(void **state)
{
	enum { MAX = 20000 };
	struct machine *m = boot_spec("ram=32M cpus=2 nodes=2 slab=slab");
	struct kmem_cache *s = kmem_cache_create(m, "oom", 2000, 0, 0, NULL);
	const gfp_t gfp = GFP_NOWAIT | __GFP_NOWARN;
	uint64_t *obj = calloc(MAX, sizeof(*obj));
	unsigned long free0 = free_pages_now(m);
	size_t n = 0, on_node0 = 0;

	(void)state;
	assert_non_null(obj);
	while (n < MAX && (obj[n] = kmem_cache_alloc_node(m, s, gfp | __GFP_THISNODE, 1)))
		assert_int_equal(page_to_nid(virt_to_slab_page(m, obj[n++])), 1);
	assert_true(n > 1000);			/* most of node 1's 16 MB */
	assert_true(n < MAX);
	assert_intact(m);
	/* without __GFP_THISNODE: fallback_alloc finds node 0 */
	while (n < MAX && (obj[n] = kmem_cache_alloc_node(m, s, gfp, 1))) {
		on_node0 += page_to_nid(virt_to_slab_page(m, obj[n])) == 0;
		n++;
	}
	assert_true(on_node0 > 1000);
	assert_true(n < MAX);
	/* nothing left anywhere: kmalloc and kmem_cache_alloc fail with 0 */
	assert_int_equal(kmem_cache_alloc(m, s, gfp), 0);
	assert_int_equal(s->cpu_cache[0]->avail, 0);
	assert_intact(m);
	for (size_t i = 0; i < n; i++)
		kmem_cache_free(m, s, obj[i]);
	assert_int_equal(kmem_cache_destroy(m, s), 0);
	shrink_all(m);
	assert_int_equal(slab_bytes(m), 0);
	assert_int_equal(free_pages_now(m), free0);
	assert_intact(m);
	free(obj);
	mms_machine_free(m);
}

/* -------------------------------------------------------------- bad input */

static void test_bad_frees(void **state)
{
	struct machine *m = boot_spec(BOOT);
	struct kmem_cache *s = kmem_cache_create(m, "df", 256, 0, SLAB_NO_MERGE, NULL);
	struct kmem_cache *t = kmem_cache_create(m, "df2k", 2000, 0, SLAB_NO_MERGE, NULL);
	struct obj o[100];
	size_t n = 0;
	uint64_t x, y, k, bad;
	unsigned long active_s, active_t;

	(void)state;
	assert_true(s->flags & OBJFREELIST_FLAG);	/* a double free would hit the freelist */
	for (int i = 0; i < 20; i++, n++) {	/* o[0..19]: df */
		o[n] = (struct obj){ kmem_cache_alloc(m, s, GFP_KERNEL), 256, s, (uint8_t)(0x10 + n) };
		memset(host(m, o[n].addr), o[n].pat, o[n].len);
	}
	for (int i = 0; i < 30; i++, n++) {	/* o[20..49]: df2k */
		o[n] = (struct obj){ kmem_cache_alloc(m, t, GFP_KERNEL), 2000, t, (uint8_t)(0x10 + n) };
		memset(host(m, o[n].addr), o[n].pat, o[n].len);
	}

	/* a double free while the object is in this CPU's array: reported, ignored */
	x = o[0].addr;
	o[0].addr = 0;
	kmem_cache_free(m, s, x);
	assert_int_equal(s->cpu_cache[0]->avail, 13);	/* 2 refills of 16, 20 taken, 1 back */
	kmem_cache_free(m, s, x);
	assert_int_equal(dmesg_count(m, "slab error in kmem_cache_free(): cache `df': double free detected"), 1);
	assert_int_equal(dmesg_count(m, "already free, in the array cache of CPU 0"), 1);
	assert_int_equal(s->cpu_cache[0]->avail, 13);
	/* the same from the other CPU (kfree) */
	set_cpu(m, 1);
	kfree(m, x);
	assert_int_equal(dmesg_count(m, "already free, in the array cache of CPU 0"), 2);
	assert_int_equal(s->cpu_cache[1]->avail, 0);
	set_cpu(m, 0);
	/* once the object is back in its (partial) slab */
	kmem_cache_shrink(m, s);
	assert_int_equal(info(m, s).num_slabs, 2);
	kmem_cache_free(m, s, x);
	assert_int_equal(dmesg_count(m, "already free, on its slab's freelist"), 1);
	assert_int_equal(s->cpu_cache[0]->avail, 0);

	/* in the shared array: df2k's CPU 1 array (limit 24) overflows into it */
	set_cpu(m, 1);
	for (int i = 20; i < 45; i++) {
		kmem_cache_free(m, t, o[i].addr);
		o[i].addr = 0;
	}
	/* 24 fill the array, the 25th flushes batchcount 12 to the shared array */
	assert_int_equal(t->node[0].shared->avail, 12);
	assert_int_equal(t->cpu_cache[1]->avail, 13);
	y = t->node[0].shared->entry[0];
	kmem_cache_free(m, t, y);
	assert_int_equal(dmesg_count(m, "already free, in the shared array of node 0"), 1);
	assert_int_equal(t->node[0].shared->avail, 12);
	assert_int_equal(t->cpu_cache[1]->avail, 13);
	set_cpu(m, 0);
	active_s = info(m, s).active_objs;
	active_t = info(m, t).active_objs;

	/* not an object boundary, and past the last object of a slab */
	kfree(m, o[1].addr + 8);
	assert_int_equal(dmesg_count(m, "slab error in kmem_cache_free(): cache `df': invalid object pointer"), 1);
	bad = page_address(m, virt_to_slab_page(m, o[49].addr)) + 4000;	/* df2k: 2 x 2000 */
	kmem_cache_free(m, t, bad);
	assert_int_equal(dmesg_count(m, "cache `df2k': invalid object pointer"), 1);
	/* the wrong cache, a non-direct-map address */
	kmem_cache_free(m, s, o[49].addr);
	assert_true(dmesg_has(m, "kmem_cache_free: Wrong slab cache. df but object is from df2k"));
	k = kmalloc(m, 64, GFP_KERNEL);
	kmem_cache_free(m, s, k);
	assert_true(dmesg_has(m, "kmem_cache_free: Wrong slab cache. df but object is from kmalloc-64"));
	kfree(m, k);
	kfree(m, 0x1000);
	assert_true(dmesg_has(m, "kfree: 0x1000 is not a kernel direct-map address"));
	assert_true(dmesg_has(m, "Tainted: G    B"));	/* slab_error taints (TAINT_BAD_PAGE) */
	assert_int_equal(info(m, s).active_objs, active_s);
	assert_int_equal(info(m, t).active_objs, active_t);

	/* nothing corrupted: patterns intact, lists consistent, no object twice */
	for (size_t i = 0; i < n; i++)
		if (o[i].addr)
			check_fill(m, &o[i]);
	assert_intact(m);
	for (int i = 0; i < 40; i++) {
		struct kmem_cache *c = (i & 1) ? t : s;

		o[n] = (struct obj){ kmem_cache_alloc(m, c, GFP_KERNEL), c->object_size, c, 0xee };
		for (size_t j = 0; j < n; j++)
			assert_true(o[j].addr != o[n].addr);
		memset(host(m, o[n].addr), 0xee, o[n].len);
		n++;
	}
	for (size_t i = 0; i < n; i++)
		if (o[i].addr)
			obj_free(m, &o[i]);
	assert_intact(m);
	assert_int_equal(kmem_cache_destroy(m, s), 0);
	assert_int_equal(kmem_cache_destroy(m, t), 0);
	mms_machine_free(m);
}

/* ---------------------------------------------------------------- stress */

/*
 * A seeded workload from 4 CPUs on 2 nodes: kmalloc of random sizes,
 * objects of caches with every freelist placement (off-slab with a
 * constructor, on-slab, inside an object, reclaimable), node-directed
 * allocations, frees from any CPU, now and then a reap pass or a shrink;
 * check_machine and check_slab_caches after every step.
 */
static void test_stress(void **state)
{
	enum { NOBJ = 1500, STEPS = 30000 };
	struct machine *m = boot_spec("ram=64M cpus=4 nodes=2 slab=slab");
	struct kmem_cache *caches[] = {
		kmem_cache_create(m, "ctor1024", 1024, 0, 0, ctor_mark),
		kmem_cache_create(m, "ctor100", 100, 0, 0, ctor_mark),
		kmem_cache_create(m, "c3000", 3000, 0, 0, NULL),
		kmem_cache_create(m, "rcl700", 700, 0, SLAB_RECLAIM_ACCOUNT, NULL),
		NULL,	/* kmalloc */
	};
	unsigned long free0 = free_pages_now(m);
	struct obj *o = calloc(NOBJ, sizeof(*o));
	struct rnd_state rs;
	size_t live = 0;

	(void)state;
	assert_non_null(o);
	prandom_seed_state(&rs, 42);
	for (int step = 0; step < STEPS; step++) {
		uint64_t r = prandom_below(&rs, 100);

		set_cpu(m, (int)prandom_below(&rs, 4));
		if (r < 55 && live < NOBJ) {
			struct kmem_cache *s = caches[prandom_below(&rs, N(caches))];
			int node = prandom_below(&rs, 4) ? NUMA_NO_NODE : (int)prandom_below(&rs, 2);
			struct obj *n = &o[live];

			if (s) {
				n->addr = kmem_cache_alloc_node(m, s, GFP_KERNEL, node);
				n->len = s->object_size;
			} else {
				n->len = 1 + prandom_below(&rs, prandom_below(&rs, 4) ? 256 : 8192);
				n->addr = kmalloc_node(m, n->len, GFP_KERNEL, node);
			}
			assert_true(n->addr != 0);
			if (node != NUMA_NO_NODE)
				assert_int_equal(page_to_nid(virt_to_slab_page(m, n->addr)), node);
			n->s = s;
			n->pat = (uint8_t)(prandom_u64_state(&rs) | 1);
			memset(host(m, n->addr), n->pat, n->len);
			live++;
		} else if (r < 97 && live) {
			size_t i = prandom_below(&rs, live);

			obj_free(m, &o[i]);
			o[i] = o[--live];
		} else if (r < 99) {
			slab_cache_reap(m);
		} else {
			struct kmem_cache *s = caches[prandom_below(&rs, N(caches) - 1)];

			kmem_cache_shrink(m, s);
		}
		if (mms_check(m) || check_slab_caches(m))
			fail_msg("step %d: invariants broken (see dmesg)", step);
	}
	for (size_t i = 0; i < live; i++)
		obj_free(m, &o[i]);
	for (size_t i = 0; i + 1 < N(caches); i++)
		assert_int_equal(kmem_cache_destroy(m, caches[i]), 0);
	shrink_all(m);
	assert_int_equal(slab_bytes(m), 0);
	assert_int_equal(free_pages_now(m), free0);
	assert_intact(m);
	free(o);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot),
		cmocka_unit_test(test_tunables),
		cmocka_unit_test(test_slab_layout),
		cmocka_unit_test(test_colouring),
		cmocka_unit_test(test_freelist_placement),
		cmocka_unit_test(test_kmalloc_sizes),
		cmocka_unit_test(test_gfp_zero),
		cmocka_unit_test(test_random_x86_64),
		cmocka_unit_test(test_random_i386),
		cmocka_unit_test(test_shrink_to_zero),
		cmocka_unit_test(test_destroy_busy),
		cmocka_unit_test(test_slabinfo_sequence),
		cmocka_unit_test(test_reap_touched),
		cmocka_unit_test(test_node_alloc),
		cmocka_unit_test(test_out_of_memory),
		cmocka_unit_test(test_bad_frees),
		cmocka_unit_test(test_stress),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
