// SPDX-License-Identifier: MIT
/*
 * test_slub.c - unit tests for src/mm/slub.c and src/mm/slab_common.c,
 * the SLUB allocator modelled on Linux 6.6.
 *
 * Numbers are derived in comments from Linux's formulas:
 *   calculate_order: min_objects = 4 * (fls(nr_cpus) + 1), capped at the
 *     objects of an order-3 slab; for each min_objects (down to 2) and each
 *     fraction 16, 8, 4, calc_slab_order starts at get_order(min_objects *
 *     size) and takes the first order <= 3 whose leftover
 *     (PAGE_SIZE << order) % size is at most (PAGE_SIZE << order) / fraction.
 *   objects per slab = (PAGE_SIZE << order) / size.
 *   min_partial = clamp(ilog2(size) / 2, 5, 10).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "slab.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ helpers */

static uint64_t rnd_state = 0x9e3779b97f4a7c15ULL;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static uint8_t *host(struct machine *m, uint64_t addr)
{
	struct page *page = virt_to_page(m, addr);

	return (uint8_t *)page_address_host(m, page) + (addr & ~PAGE_MASK);
}

static struct kmem_cache *find_cache(struct machine *m, const char *name)
{
	struct kmem_cache *s;

	list_for_each_entry(s, &m->slab->slab_caches, struct kmem_cache, list)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

/* --------------------------------------------------------- calculate_order */

struct order_row {
	const char *name;
	unsigned int size, order, objects, min_partial;
};

/*
 * cpus=2: min_objects = 4 * (fls(2) + 1) = 12.  Every row is settled by the
 * first try (min_objects 12, fraction 16):
 *   8..256:  get_order(12 * size) = 0 (12 * 256 = 3072 <= 4096); leftover
 *            4096 % size = 0, or 64 for 96 and 192 (<= 4096/16 = 256): order 0.
 *   512:     get_order(6144) = 1, 8192 % 512 = 0: order 1, 16 objects.
 *   1024:    get_order(12288) = 2: order 2, 16 objects.
 *   2048:    get_order(24576) = 3: order 3, 16 objects.
 *   4096:    min_objects capped at 32768 / 4096 = 8; get_order(32768) = 3.
 *   8192:    capped at 4; get_order(32768) = 3: 4 objects.
 * min_partial: ilog2 8..1k .. 2k = 3..11, / 2 = 1..5 -> 5; 4k, 8k: 12/2, 13/2 = 6.
 */
static const struct order_row rows_2cpus[] = {
	{ "kmalloc-8", 8, 0, 512, 5 },
	{ "kmalloc-16", 16, 0, 256, 5 },
	{ "kmalloc-32", 32, 0, 128, 5 },
	{ "kmalloc-64", 64, 0, 64, 5 },
	{ "kmalloc-96", 96, 0, 42, 5 },		/* 4096 / 96 = 42 rem 64 */
	{ "kmalloc-128", 128, 0, 32, 5 },
	{ "kmalloc-192", 192, 0, 21, 5 },	/* 4096 / 192 = 21 rem 64 */
	{ "kmalloc-256", 256, 0, 16, 5 },
	{ "kmalloc-512", 512, 1, 16, 5 },
	{ "kmalloc-1k", 1024, 2, 16, 5 },
	{ "kmalloc-2k", 2048, 3, 16, 5 },
	{ "kmalloc-4k", 4096, 3, 8, 6 },
	{ "kmalloc-8k", 8192, 3, 4, 6 },
};

/*
 * cpus=8: min_objects = 4 * (fls(8) + 1) = 20, first try settles all:
 *   8..192:  20 * 192 = 3840 <= 4096: order 0 (same objects as above).
 *   256:     get_order(5120) = 1: 32 objects.
 *   512:     get_order(10240) = 2: 32 objects.
 *   1024:    get_order(20480) = 3: 32 objects.
 *   2048:    capped at 32768 / 2048 = 16: order 3, 16 objects.
 *   4096, 8192: capped at 8 and 4: order 3.
 */
static const struct order_row rows_8cpus[] = {
	{ "kmalloc-8", 8, 0, 512, 5 },
	{ "kmalloc-16", 16, 0, 256, 5 },
	{ "kmalloc-32", 32, 0, 128, 5 },
	{ "kmalloc-64", 64, 0, 64, 5 },
	{ "kmalloc-96", 96, 0, 42, 5 },
	{ "kmalloc-128", 128, 0, 32, 5 },
	{ "kmalloc-192", 192, 0, 21, 5 },
	{ "kmalloc-256", 256, 1, 32, 5 },
	{ "kmalloc-512", 512, 2, 32, 5 },
	{ "kmalloc-1k", 1024, 3, 32, 5 },
	{ "kmalloc-2k", 2048, 3, 16, 5 },
	{ "kmalloc-4k", 4096, 3, 8, 6 },
	{ "kmalloc-8k", 8192, 3, 4, 6 },
};

static void check_rows(const char *spec, unsigned int cpus, const struct order_row *rows,
		       size_t n)
{
	struct machine *m = boot_spec(spec);
	char line[160];

	snprintf(line, sizeof(line), "SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=%u, Nodes=1",
		 cpus);
	assert_true(dmesg_has(m, line));
	for (size_t i = 0; i < n; i++) {
		struct kmem_cache *s = find_cache(m, rows[i].name);

		assert_non_null(s);
		assert_int_equal(s->object_size, rows[i].size);
		assert_int_equal(s->size, rows[i].size);
		assert_int_equal(oo_order(s->oo), rows[i].order);
		assert_int_equal(oo_objects(s->oo), rows[i].objects);
		assert_int_equal(slub_calculate_order(rows[i].size, cpus), (int)rows[i].order);
		assert_int_equal(s->min_partial, rows[i].min_partial);
		/* the free pointer in the middle: ALIGN_DOWN(size / 2, 8) */
		assert_int_equal(s->offset, (rows[i].size / 2) & ~7U);
		/* power-of-two sizes naturally aligned, 96 and 192 to 8 */
		assert_int_equal(s->align, (rows[i].size & (rows[i].size - 1)) ? 8 : rows[i].size);
		assert_int_equal(s->allocflags & __GFP_COMP, rows[i].order ? __GFP_COMP : 0);
		assert_ptr_equal(kmalloc_slab(m, rows[i].size, GFP_KERNEL), s);
	}
	mms_machine_free(m);
}

static void test_calculate_order_2cpus(void **state)
{
	(void)state;
	check_rows("ram=64M cpus=2", 2, rows_2cpus, N(rows_2cpus));
}

static void test_calculate_order_8cpus(void **state)
{
	(void)state;
	check_rows("ram=64M cpus=8", 8, rows_8cpus, N(rows_8cpus));
}

/* The fraction loop backs off: sizes that fit badly. */
static void test_calculate_order_waste(void **state)
{
	(void)state;
	/*
	 * 1100 bytes, 2 CPUs: min_objects 12, get_order(13200) = 2: 16384 % 1100
	 * = 984 <= 1024 (1/16): order 2.
	 */
	assert_int_equal(slub_calculate_order(1100, 2), 2);
	/*
	 * 3000 bytes, 2 CPUs: max_objects = 32768 / 3000 = 10, min_objects 10:
	 * get_order(30000) = 3; fraction 16: 32768 % 3000 = 2768 > 2048, so
	 * the loop runs past order 3; fraction 8: 2768 <= 4096: order 3.
	 */
	assert_int_equal(slub_calculate_order(3000, 2), 3);
	/*
	 * 5000 bytes, 1 CPU: min_objects 4 * (1 + 1) = 8, max 32768 / 5000 = 6:
	 * get_order(30000) = 3, 32768 % 5000 = 2768 <= 4096 (1/8): order 3.
	 */
	assert_int_equal(slub_calculate_order(5000, 1), 3);
	/*
	 * 20000 bytes: max_objects = 1, the min_objects loop does not run;
	 * calc_slab_order(size, 1, 3, 1): get_order(20000) = 3: order 3.
	 */
	assert_int_equal(slub_calculate_order(20000, 2), 3);
	/* 40000 bytes: beyond order 3; get_order(40000) = 4 with MAX_ORDER */
	assert_int_equal(slub_calculate_order(40000, 2), 4);
}

/* ------------------------------------------------------ size selection */

static void test_kmalloc_index(void **state)
{
	struct machine *m = boot_spec("ram=64M");
	static const struct { size_t size; const char *cache; } t[] = {
		{ 1, "kmalloc-8" }, { 8, "kmalloc-8" }, { 9, "kmalloc-16" },
		{ 24, "kmalloc-32" }, { 33, "kmalloc-64" }, { 64, "kmalloc-64" },
		{ 65, "kmalloc-96" }, { 96, "kmalloc-96" }, { 97, "kmalloc-128" },
		{ 129, "kmalloc-192" }, { 192, "kmalloc-192" }, { 193, "kmalloc-256" },
		{ 257, "kmalloc-512" }, { 1000, "kmalloc-1k" }, { 1025, "kmalloc-2k" },
		{ 4096, "kmalloc-4k" }, { 4097, "kmalloc-8k" }, { 8192, "kmalloc-8k" },
	};

	(void)state;
	for (size_t i = 0; i < N(t); i++) {
		struct kmem_cache *s = kmalloc_slab(m, t[i].size, GFP_KERNEL);

		assert_non_null(s);
		assert_string_equal(s->name, t[i].cache);
	}
	assert_null(kmalloc_slab(m, 0, GFP_KERNEL));
	assert_null(kmalloc_slab(m, 8193, GFP_KERNEL));
	assert_int_equal(kmalloc_index(m, 200), 8);	/* fls(199) */
	/* calculate_alignment */
	assert_int_equal(calculate_alignment(SLAB_HWCACHE_ALIGN, 0, 100), 64);
	assert_int_equal(calculate_alignment(SLAB_HWCACHE_ALIGN, 0, 20), 32);	/* 20 <= 32 */
	assert_int_equal(calculate_alignment(SLAB_HWCACHE_ALIGN, 0, 8), 8);
	assert_int_equal(calculate_alignment(0, 0, 100), 8);
	assert_int_equal(calculate_alignment(0, 4, 100), 8);
	assert_int_equal(calculate_alignment(0, 128, 100), 128);
	mms_machine_free(m);
}

/* ------------------------------------------ every size, never overlapping */

struct obj {
	uint64_t addr;
	size_t len;
	uint8_t pat;
};

static int cmp_obj(const void *a, const void *b)
{
	const struct obj *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void fill(struct machine *m, const struct obj *o)
{
	memset(host(m, o->addr), o->pat, o->len);
}

static void check_fill(struct machine *m, const struct obj *o)
{
	const uint8_t *p = host(m, o->addr);

	for (size_t i = 0; i < o->len; i++)
		if (p[i] != o->pat)
			fail_msg("object %#llx (%zu bytes) byte %zu is %#x, not %#x",
				 (unsigned long long)o->addr, o->len, i, p[i], o->pat);
}

static void check_alloc(struct machine *m, struct obj *o, size_t size)
{
	struct kmem_cache *s = kmalloc_slab(m, size, GFP_KERNEL);
	struct page *slab;

	assert_non_null(s);
	o->addr = kmalloc(m, size, GFP_KERNEL);
	assert_true(o->addr != 0);
	o->len = size;
	o->pat = (uint8_t)(rnd() | 1);
	/* aligned as the cache says: power-of-two sizes naturally */
	assert_int_equal(o->addr % s->align, 0);
	assert_int_equal(ksize(m, o->addr), s->size);
	slab = compound_head(virt_to_page(m, o->addr));
	assert_true(PageSlab(slab));
	assert_ptr_equal(slab_cache(slab), s);
	fill(m, o);
}

static void run_random(const char *spec)
{
	static const size_t sizes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512,
					1024, 2048, 4096, 8192 };
	enum { NOBJ = 3000, STEPS = 20000 };
	struct machine *m = boot_spec(spec);
	struct obj *o = calloc(NOBJ, sizeof(*o));
	unsigned long free0 = free_pages_now(m);
	size_t live = 0;

	assert_non_null(o);
	/* every kmalloc size and its neighbours once */
	for (size_t i = 0; i < N(sizes); i++) {
		check_alloc(m, &o[live++], sizes[i]);
		check_alloc(m, &o[live++], sizes[i] - 1);
	}
	/* a random sequence of allocations (biased to small) and frees */
	for (int step = 0; step < STEPS; step++) {
		if (live < NOBJ && (live < 16 || rnd() % 3)) {
			size_t size = (rnd() % 4) ? 1 + rnd() % 512 : 1 + rnd() % 8192;

			check_alloc(m, &o[live++], size);
		} else {
			size_t i = rnd() % live;

			check_fill(m, &o[i]);
			kfree(m, o[i].addr);
			o[i] = o[--live];
		}
		if (step % 7 == 0)
			m->cpu = (int)(rnd() % (uint64_t)m->nr_cpu_ids);	/* frees from other CPUs */
	}
	/* no two live objects overlap, and every pattern survived */
	qsort(o, live, sizeof(*o), cmp_obj);
	for (size_t i = 0; i < live; i++) {
		check_fill(m, &o[i]);
		if (i)
			assert_true(o[i - 1].addr + ksize(m, o[i - 1].addr) <= o[i].addr);
	}
	assert_true(global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B) > 0);
	for (size_t i = 0; i < live; i++)
		kfree(m, o[i].addr);
	shrink_all(m);
	assert_int_equal(global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B), 0);
	assert_int_equal(free_pages_now(m), free0);
	assert_int_equal(mms_check(m), 0);
	assert_int_equal(m->nr_bad_pages, 0);
	free(o);
	mms_machine_free(m);
}

static void test_kmalloc_random_x86_64(void **state)
{
	(void)state;
	run_random("ram=128M cpus=4");
}

static void test_kmalloc_random_i386(void **state)
{
	(void)state;
	run_random("arch=i386 ram=256M cpus=2");
}

static void test_gfp_zero(void **state)
{
	struct machine *m = boot_spec("ram=64M");
	uint64_t a = kmalloc(m, 100, GFP_KERNEL);

	(void)state;
	memset(host(m, a), 0xaa, 100);
	kfree(m, a);
	/* the same object comes back (LIFO cpu freelist), zeroed */
	assert_int_equal(kmalloc(m, 100, GFP_KERNEL | __GFP_ZERO), a);
	for (int i = 0; i < 100; i++)
		assert_int_equal(host(m, a)[i], 0);
	kfree(m, a);
	/* kmalloc(0) is ZERO_SIZE_PTR, and kfree of it and of NULL do nothing */
	assert_int_equal(kmalloc(m, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	kfree(m, ZERO_SIZE_PTR);
	kfree(m, 0);
	/* __GFP_HIGHMEM is fixed up with Linux's complaint, the object lowmem */
	a = kmalloc(m, 32, GFP_KERNEL | __GFP_HIGHMEM);
	assert_true(a != 0);
	assert_true(dmesg_has(m, "Unexpected gfp: 0x2 (__GFP_HIGHMEM). Fixing up to gfp: 0xcc0 (GFP_KERNEL). Fix your code!"));
	kfree(m, a);
	mms_machine_free(m);
}

/* ------------------------------------------------------- fast/slow paths */

static void test_alloc_order_and_freelist(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2");
	struct kmem_cache *s = kmem_cache_create(m, "test_obj", 256, 0, SLAB_NO_MERGE, NULL);
	uint64_t a[17], fp;
	struct page *slab;

	(void)state;
	assert_non_null(s);
	assert_int_equal(oo_objects(s->oo), 16);	/* order 0: 4096 / 256 */
	for (int i = 0; i < 17; i++)
		a[i] = kmem_cache_alloc(m, s, GFP_KERNEL);
	/* a new slab hands its objects out in address order */
	for (int i = 1; i < 16; i++)
		assert_int_equal(a[i], a[0] + 256 * (uint64_t)i);
	slab = virt_to_page(m, a[0]);
	assert_int_equal(page_address(m, slab), a[0]);
	/* full and unfrozen: on no list; the 17th object started a new cpu slab */
	assert_int_equal(slab_inuse(slab), 16);
	assert_false(slab_frozen(slab));
	assert_ptr_equal(s->cpu_slab[0].slab, virt_to_page(m, a[16]));
	assert_int_equal(s->node[0].nr_slabs, 2);
	assert_int_equal(s->node[0].nr_partial, 0);
	/*
	 * slow free: the full slab gets its first free object, so __slab_free
	 * freezes it onto this CPU's partial list (put_cpu_partial), not the
	 * node's; the free pointer in RAM is hardened: a[3] ^ s->random ^
	 * swab(its address).
	 */
	kmem_cache_free(m, s, a[3]);
	assert_int_equal(s->node[0].nr_partial, 0);
	assert_ptr_equal(s->cpu_slab[0].partial, slab);
	assert_true(slab_frozen(slab));
	assert_int_equal(slab->index, a[3]);
	kmem_cache_free(m, s, a[5]);
	memcpy(&fp, host(m, a[5] + s->offset), sizeof(fp));
	assert_int_equal(s->offset, 128);
	assert_int_equal(fp, a[3] ^ s->random ^ __builtin_bswap64(a[5] + s->offset));
	assert_true(fp != a[3]);
	assert_int_equal(slab_inuse(slab), 14);
	/* fast free: into the cpu freelist, and back out first */
	kmem_cache_free(m, s, a[16]);
	assert_int_equal(s->cpu_slab[0].freelist, a[16]);
	assert_int_equal(kmem_cache_alloc(m, s, GFP_KERNEL), a[16]);
	/* the cpu slab runs out: the CPU's partial slab is taken next, LIFO order */
	for (int i = 0; i < 15; i++)
		(void)kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_int_equal(kmem_cache_alloc(m, s, GFP_KERNEL), a[5]);
	assert_int_equal(kmem_cache_alloc(m, s, GFP_KERNEL), a[3]);
	assert_int_equal(s->node[0].nr_partial, 0);
	assert_int_equal(s->node[0].nr_slabs, 2);
	mms_machine_free(m);
}

/* An object freed on another CPU goes to its frozen slab's freelist. */
static void test_remote_free(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2");
	struct kmem_cache *s = kmem_cache_create(m, "remote", 512, 0, SLAB_NO_MERGE, NULL);
	unsigned int n = oo_objects(s->oo);	/* 16, order 1 */
	uint64_t a[16];

	(void)state;
	assert_int_equal(n, 16);
	for (unsigned int i = 0; i < n; i++)
		a[i] = kmem_cache_alloc(m, s, GFP_KERNEL);
	m->cpu = 1;
	kmem_cache_free(m, s, a[7]);
	assert_int_equal(s->cpu_slab[1].freelist, 0);
	assert_int_equal(virt_to_page(m, a[0])->index, a[7]);
	m->cpu = 0;
	/* cpu 0's freelist is empty: get_freelist finds the remote free */
	assert_int_equal(kmem_cache_alloc(m, s, GFP_KERNEL), a[7]);
	assert_int_equal(s->node[0].nr_slabs, 1);
	for (unsigned int i = 0; i < n; i++)
		kmem_cache_free(m, s, a[i]);
	assert_int_equal(kmem_cache_destroy(m, s), 0);
	mms_machine_free(m);
}

static unsigned long ctor_calls;

static void test_ctor_fn(struct machine *m, uint64_t obj)
{
	memset(host(m, obj), 0x5a, 40);
	ctor_calls++;
}

static void test_ctor(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2");
	/* with a ctor the free pointer goes after the object: offset 40, size 48 */
	struct kmem_cache *s = kmem_cache_create(m, "ctor_obj", 40, 0, 0, test_ctor_fn);
	uint64_t a, b;

	(void)state;
	assert_int_equal(s->offset, 40);
	assert_int_equal(s->size, 48);
	ctor_calls = 0;
	a = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_int_equal(ctor_calls, oo_objects(s->oo));	/* 4096 / 48 = 85 */
	assert_int_equal(ctor_calls, 85);
	b = kmem_cache_alloc(m, s, GFP_KERNEL);
	kmem_cache_free(m, s, a);
	/* the constructed bytes survive a free */
	for (int i = 0; i < 40; i++)
		assert_int_equal(host(m, a)[i], 0x5a);
	kmem_cache_free(m, s, b);
	mms_machine_free(m);
}

/* --------------------------------------------- shrinking and destruction */

static void test_min_partial_and_destroy(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2");
	unsigned long free0 = free_pages_now(m);
	struct kmem_cache *s = kmem_cache_create(m, "shrinky", 256, 0, SLAB_NO_MERGE, NULL);
	enum { NSLABS = 40 };
	uint64_t *a = calloc(NSLABS * 16, sizeof(*a));
	struct page *slab;
	unsigned long empty = 0;

	(void)state;
	assert_int_equal(s->min_partial, 5);	/* ilog2(256) / 2 = 4 -> 5 */
	for (int i = 0; i < NSLABS * 16; i++)
		a[i] = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_int_equal(s->node[0].nr_slabs, NSLABS);
	assert_int_equal(free_pages_now(m), free0 - NSLABS);
	assert_int_equal(global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B),
			 NSLABS * PAGE_SIZE);
	for (int i = 0; i < NSLABS * 16; i++)
		kmem_cache_free(m, s, a[i]);
	/*
	 * Freed in order, with per-CPU partials (6.6): 256-byte objects give
	 * cpu_partial 52, cpu_partial_slabs = DIV_ROUND_UP(52 * 2, 16) = 7.
	 * Each full slab's first free freezes it onto CPU 0's partial list
	 * (put_cpu_partial with drain); the rest of its frees just refill it.
	 * Slabs 1..7 fill the list; slab 8's first free finds 7 >= 7 and
	 * unfreezes 7, 6, .., 1 (newest first), all empty: the first five go
	 * to the node's partial list (nr_partial 0..4 < min_partial 5), 2 and
	 * 1 are freed.  The same happens at slabs 15, 22, 29 and 36, but the
	 * node already has 5, so those 7-slab batches are freed.  Slabs 36..39
	 * end on the CPU partial list (4 slabs) and the cpu slab (the 40th)
	 * keeps its objects on the CPU freelist: 5 + 4 + 1 = 10 slabs.
	 */
	assert_true(s->node[0].nr_partial <= s->min_partial);
	assert_int_equal(s->node[0].nr_partial, 5);
	list_for_each_entry(slab, &s->node[0].partial, struct page, lru) {
		assert_int_equal(slab_inuse(slab), 0);
		assert_false(slab_frozen(slab));
		assert_int_equal(page_address(m, slab), a[(6 - empty) * 16]);	/* slabs 7, 6, .., 3 */
		empty++;
	}
	assert_int_equal(empty, 5);
	assert_int_equal(s->cpu_partial_slabs, 7);
	assert_non_null(s->cpu_slab[0].partial);
	assert_int_equal(page_address(m, s->cpu_slab[0].partial), a[38 * 16]);	/* slab 39 */
	assert_int_equal(s->node[0].nr_slabs, 10);
	assert_int_equal(free_pages_now(m), free0 - 10);
	/* destroying the empty cache gives every page back */
	assert_int_equal(kmem_cache_destroy(m, s), 0);
	assert_int_equal(free_pages_now(m), free0);
	assert_int_equal(global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B), 0);
	assert_null(find_cache(m, "shrinky"));
	assert_null(slabinfo_line(m, "shrinky"));
	assert_int_equal(m->nr_bad_pages, 0);
	free(a);
	mms_machine_free(m);
}

static void test_destroy_with_objects(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2");
	unsigned long free0 = free_pages_now(m);
	struct kmem_cache *s = kmem_cache_create(m, "leaky", 128, 0, SLAB_NO_MERGE, NULL);
	uint64_t a = kmem_cache_alloc(m, s, GFP_KERNEL);

	(void)state;
	assert_int_equal(kmem_cache_destroy(m, s), -EBUSY);
	assert_true(dmesg_has(m, "kmem_cache_destroy leaky: Slab cache still has objects when called from test_destroy_with_objects"));
	assert_true(dmesg_has(m, "Objects remaining in leaky on __kmem_cache_shutdown()"));
	/* not destroyed: still listed, the slab still there */
	assert_ptr_equal(find_cache(m, "leaky"), s);
	assert_string_equal(slabinfo_line(m, "leaky"),
			    "leaky                  1     32    128   32    1 : tunables    0    0    0 : slabdata      1      1      0");
	assert_int_equal(free_pages_now(m), free0 - 1);
	kmem_cache_free(m, s, a);
	assert_int_equal(kmem_cache_shrink(m, s), 0);
	assert_int_equal(free_pages_now(m), free0);
	mms_machine_free(m);
}

static void test_wrong_cache_free(void **state)
{
	struct machine *m = boot_spec("ram=64M");
	struct kmem_cache *s = kmem_cache_create(m, "one", 64, 0, SLAB_NO_MERGE, NULL);
	uint64_t a = kmalloc(m, 64, GFP_KERNEL);

	(void)state;
	kmem_cache_free(m, s, a);
	assert_true(dmesg_has(m, "kmem_cache_free: Wrong slab cache. one but object is from kmalloc-64"));
	kfree(m, a);
	mms_machine_free(m);
}

static void test_create_errors(void **state)
{
	struct machine *m = boot_spec("ram=64M");

	(void)state;
	assert_null(kmem_cache_create(m, "zero", 0, 0, 0, NULL));
	assert_true(dmesg_has(m, "kmem_cache_create(zero) failed with error -22"));
	assert_null(kmem_cache_create(m, "badflag", 64, 0, 0x1, NULL));
	assert_null(kmem_cache_create(m, "panicky", 0, 0, SLAB_PANIC, NULL));
	assert_true(dmesg_has(m, "kmem_cache_create: Failed to create slab 'panicky'. Error -22"));
	mms_machine_free(m);
}

/* ------------------------------------------------------------ large kmalloc */

static void test_kmalloc_large(void **state)
{
	struct machine *m = boot_spec("ram=64M");
	unsigned long free0 = free_pages_now(m);
	uint64_t a, b;
	struct page *page;

	(void)state;
	/* 8193 bytes: get_order = 2, a compound page, not a slab */
	a = kmalloc(m, 8193, GFP_KERNEL);
	assert_true(a != 0);
	page = virt_to_page(m, a);
	assert_int_equal(page_address(m, page), a);
	assert_false(PageSlab(page));
	assert_true(PageHead(page));
	assert_int_equal(compound_order(page), 2);
	assert_true(PageTail(page + 3));
	assert_int_equal(ksize(m, a), 16384);
	assert_int_equal(ksize(m, a + 5000), 16384);	/* a tail page leads to the head */
	assert_int_equal(global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B), 16384);
	assert_int_equal(free_pages_now(m), free0 - 4);
	b = kmalloc(m, 1UL << 20, GFP_KERNEL);		/* order 8 */
	assert_int_equal(compound_order(virt_to_page(m, b)), 8);
	kfree(m, a);
	kfree(m, b);
	assert_int_equal(global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B), 0);
	assert_int_equal(free_pages_now(m), free0);
	/* beyond MAX_PAGE_ORDER: no memory */
	assert_int_equal(kmalloc(m, KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN), 0);
	assert_int_equal(m->nr_bad_pages, 0);
	mms_machine_free(m);
}

/* ------------------------------------------------------------- slabinfo */

static void test_slabinfo(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2");
	char *t = view_text(m, "/proc/slabinfo");
	struct kmem_cache *s;
	uint64_t a[40];

	(void)state;
	assert_int_equal(strncmp(t,
		"slabinfo - version: 2.1\n"
		"# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
		" : tunables <limit> <batchcount> <sharedfactor>"
		" : slabdata <active_slabs> <num_slabs> <sharedavail>\n"
		/* newest first: dma-kmalloc-8k was created last */
		"dma-kmalloc-8k         0      0   8192    4    8 : tunables    0    0    0 : slabdata      0      0      0\n"
		"dma-kmalloc-4k         0      0   4096    8    8 : tunables    0    0    0 : slabdata      0      0      0\n",
		strlen("slabinfo - version: 2.1\n")), 0);
	assert_non_null(strstr(t,
		"kmalloc-8k             0      0   8192    4    8 : tunables    0    0    0 : slabdata      0      0      0\n"
		"kmalloc-4k             0      0   4096    8    8 : tunables    0    0    0 : slabdata      0      0      0\n"
		"kmalloc-2k             0      0   2048   16    8 : tunables    0    0    0 : slabdata      0      0      0\n"));
	/* creation order 8, 16, 32, 64, 96, 128, 192, 256: shown reversed */
	assert_true(strstr(t, "kmalloc-256 ") < strstr(t, "kmalloc-192 "));
	assert_true(strstr(t, "kmalloc-192 ") < strstr(t, "kmalloc-128 "));
	assert_true(strstr(t, "kmalloc-128 ") < strstr(t, "kmalloc-96 "));
	assert_true(strstr(t, "kmalloc-96 ") < strstr(t, "kmalloc-64 "));
	free(t);

	/*
	 * "test_cache": 100 bytes, SLAB_HWCACHE_ALIGN: align 64 (100 > 32),
	 * size ALIGN(ALIGN(100, 8), 64) = 128, 32 per order-0 slab.
	 */
	s = kmem_cache_create(m, "test_cache", 100, 0, SLAB_HWCACHE_ALIGN | SLAB_NO_MERGE, NULL);
	assert_int_equal(s->size, 128);
	assert_int_equal(s->offset, 48);	/* ALIGN_DOWN(100 / 2, 8) */
	t = view_text(m, "/proc/slabinfo");
	assert_non_null(strstr(t, "\n# name"));
	assert_true(strstr(t, "test_cache") < strstr(t, "kmalloc-8k"));
	free(t);
	assert_string_equal(slabinfo_line(m, "test_cache"),
			    "test_cache             0      0    128   32    1 : tunables    0    0    0 : slabdata      0      0      0");
	for (int i = 0; i < 40; i++)
		a[i] = kmem_cache_alloc(m, s, GFP_KERNEL);
	/* the cpu slab's free objects count as active, as SLUB shows them */
	assert_string_equal(slabinfo_line(m, "test_cache"),
			    "test_cache            64     64    128   32    1 : tunables    0    0    0 : slabdata      2      2      0");
	/*
	 * 5 frees to the first (full) slab: its first free puts it on CPU 0's
	 * partial list (put_cpu_partial), whose free objects slabinfo counts
	 * as active (count_partial walks the node lists only): still 64.
	 */
	for (int i = 0; i < 5; i++)
		kmem_cache_free(m, s, a[i]);
	assert_string_equal(slabinfo_line(m, "test_cache"),
			    "test_cache            64     64    128   32    1 : tunables    0    0    0 : slabdata      2      2      0");
	/*
	 * shrink: flush_all deactivates the cpu slab (8 used, 24 free) and
	 * unfreezes the CPU partial slab (27 used, 5 free) to the node list:
	 * 64 - 24 - 5 = 35 active.
	 */
	kmem_cache_shrink(m, s);
	assert_string_equal(slabinfo_line(m, "test_cache"),
			    "test_cache            35     64    128   32    1 : tunables    0    0    0 : slabdata      2      2      0");
	for (int i = 5; i < 40; i++)
		kmem_cache_free(m, s, a[i]);
	kmem_cache_shrink(m, s);
	assert_string_equal(slabinfo_line(m, "test_cache"),
			    "test_cache             0      0    128   32    1 : tunables    0    0    0 : slabdata      0      0      0");
	/* a kmalloc of 3000 bytes: one order-3 slab of kmalloc-4k (2 CPUs) */
	(void)kmalloc(m, 3000, GFP_KERNEL);
	assert_string_equal(slabinfo_line(m, "kmalloc-4k"),
			    "kmalloc-4k             8      8   4096    8    8 : tunables    0    0    0 : slabdata      1      1      0");
	mms_machine_free(m);
}

/* ------------------------------------------------------------- meminfo */

static void test_meminfo_slab(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2");
	unsigned long slab0 = meminfo_kb(m, "Slab:");
	unsigned long unrecl0 = meminfo_kb(m, "SUnreclaim:");
	unsigned long recl0 = meminfo_kb(m, "SReclaimable:");
	struct kmem_cache *r;
	uint64_t a, b, c;

	(void)state;
	/* the kmalloc caches are created at boot without a page */
	assert_int_equal(slab0, 0);
	a = kmalloc(m, 64, GFP_KERNEL);			/* one order-0 slab */
	assert_int_equal(meminfo_kb(m, "SUnreclaim:"), unrecl0 + 4);
	b = kmalloc(m, 2048, GFP_KERNEL);		/* an order-3 slab: 32K */
	assert_int_equal(meminfo_kb(m, "SUnreclaim:"), unrecl0 + 36);
	r = kmem_cache_create(m, "reclaimable", 64, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	assert_true(r->allocflags & __GFP_RECLAIMABLE);
	c = kmem_cache_alloc(m, r, GFP_KERNEL);
	assert_int_equal(meminfo_kb(m, "SReclaimable:"), recl0 + 4);
	assert_int_equal(meminfo_kb(m, "Slab:"), slab0 + 40);
	/* a reclaimable slab comes from a reclaimable pageblock */
	assert_int_equal(get_pageblock_migratetype(m, virt_to_page(m, c)),
			 MIGRATE_RECLAIMABLE);
	{
		char *v = view_text(m, "/proc/vmstat");

		assert_non_null(strstr(v, "\nnr_slab_reclaimable 1\n"));
		assert_non_null(strstr(v, "\nnr_slab_unreclaimable 9\n"));
		free(v);
	}
	kfree(m, a);
	kfree(m, b);
	kmem_cache_free(m, r, c);
	shrink_all(m);
	assert_int_equal(meminfo_kb(m, "Slab:"), 0);
	mms_machine_free(m);
}

/* Booting creates the caches without touching the page allocator. */
static void test_boot_allocates_nothing(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2");
	struct kmem_cache *s;
	int n = 0;

	(void)state;
	list_for_each_entry(s, &m->slab->slab_caches, struct kmem_cache, list) {
		assert_int_equal(s->node[0].nr_slabs, 0);
		n++;
	}
	/*
	 * 13 sizes of kmalloc-N, kmalloc-rcl-N and dma-kmalloc-N, and the
	 * kernel's object caches: anon_vma, anon_vma_chain, task_struct,
	 * sighand_cache, signal_cache, files_cache, mm_struct,
	 * vm_area_struct, vma_lock (fs_cache merges into anon_vma_chain:
	 * both 64 bytes, SLAB_ACCOUNT), and vmalloc's vmap_area; the page
	 * cache's radix_tree_node, dentry, inode_cache, shmem_inode_cache
	 * (none mergeable: ctors or a usercopy region) and filp (files_init:
	 * 232 bytes, HWCACHE_ALIGN | ACCOUNT, no other 256-byte accounted
	 * cache to merge with), as Linux creates them at boot - still
	 * without a slab.
	 */
	assert_int_equal(n, 39 + 9 + 1 + 5);
	assert_non_null(kmem_cache_by_name(m, "fs_cache"));
	assert_string_equal(kmem_cache_by_name(m, "fs_cache")->name, "anon_vma_chain");
	assert_int_equal(global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B), 0);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calculate_order_2cpus),
		cmocka_unit_test(test_calculate_order_8cpus),
		cmocka_unit_test(test_calculate_order_waste),
		cmocka_unit_test(test_kmalloc_index),
		cmocka_unit_test(test_kmalloc_random_x86_64),
		cmocka_unit_test(test_kmalloc_random_i386),
		cmocka_unit_test(test_gfp_zero),
		cmocka_unit_test(test_alloc_order_and_freelist),
		cmocka_unit_test(test_remote_free),
		cmocka_unit_test(test_ctor),
		cmocka_unit_test(test_min_partial_and_destroy),
		cmocka_unit_test(test_destroy_with_objects),
		cmocka_unit_test(test_wrong_cache_free),
		cmocka_unit_test(test_create_errors),
		cmocka_unit_test(test_kmalloc_large),
		cmocka_unit_test(test_slabinfo),
		cmocka_unit_test(test_meminfo_slab),
		cmocka_unit_test(test_boot_allocates_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
