// SPDX-License-Identifier: MIT
/*
 * test_slob.c - unit tests for src/mm/slob.c, the SLOB allocator of
 * Linux 6.3 (slab=slob), through slab_common.c's API.
 *
 * The numbers come from 6.3's algorithm, derived in the comments:
 *   SLOB_UNIT = 2 bytes; a page is SLOB_UNITS(4096) = 2048 units.
 *   kmalloc(n), n < 4088: slob_alloc(n + 8, align, align_offset 8), with
 *     align 8, or n for a power of two; the object is the block + 8 and
 *     the block's first 4 bytes hold n.  n >= 4088: pages of get_order(n).
 *   slob_page_alloc: first fit; the block starts at
 *     aligned = ALIGN(cur + align_offset, align) - align_offset, the gap
 *     delta = (aligned - cur) / 2 units stays free; a free block of one
 *     unit holds -next, a larger one (size, next), offsets in units from
 *     the page start, the last block's next being 2048.
 *   lists: request size < 256 small, < 1024 medium, else large.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "random.h"
#include "slab.h"

#define SPEC "ram=64M cpus=2 slab=slob"
#define N(a) (sizeof(a) / sizeof((a)[0]))

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

static void sound(struct machine *m)
{
	assert_int_equal(check_machine(m), 0);
	assert_int_equal(slob_check(m), 0);
	assert_int_equal(m->nr_bad_pages, 0);
}

/* The 16-bit unit @i of the (free) block at @addr. */
static int unit_at(struct machine *m, uint64_t addr, unsigned int i)
{
	int16_t v;

	memcpy(&v, host(m, addr + 2 * i), sizeof(v));
	return v;
}

static uint32_t header_of(struct machine *m, uint64_t obj)
{
	uint32_t v;

	memcpy(&v, host(m, obj - 8), sizeof(v));
	return v;
}

static void fill(struct machine *m, uint64_t a, size_t n, uint8_t v)
{
	memset(host(m, a), v, n);
}

static bool filled(struct machine *m, uint64_t a, size_t n, uint8_t v)
{
	const uint8_t *p = host(m, a);

	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

static unsigned long nr_slab_pages(struct machine *m)
{
	unsigned long n = 0;

	for (unsigned long pfn = 0; pfn < m->max_pfn; pfn++)
		n += PageSlab(pfn_to_page(m, pfn));
	return n;
}

/* ------------------------------------------------------------------- boot */

static void test_boot(void **state)
{
	struct machine *m = boot_spec(SPEC);
	struct kmem_cache *c;
	struct slabinfo si;
	char *t;

	(void)state;
	assert_ptr_equal(m->slab->ops, &slob_allocator);
	assert_non_null(m->slab->slob);
	/*
	 * no kmalloc caches, only the kernel's own caches made at boot
	 * (task_struct, mm_struct ... and vmalloc's vmap_area; SLOB never
	 * merges: fs_cache too), the page cache's radix_tree_node, dentry,
	 * inode_cache, filp and shmem_inode_cache (pagecache_init, as Linux's
	 * radix_tree_init / vfs_caches_init (files_init: filp) / shmem_init),
	 * nothing allocated
	 */
	{
		int n = 0;

		list_for_each_entry(c, &m->slab->slab_caches, struct kmem_cache, list)
			n++;
		assert_int_equal(n, 11 + 5);
		assert_non_null(kmem_cache_by_name(m, "task_struct"));
		assert_string_equal(kmem_cache_by_name(m, "fs_cache")->name, "fs_cache");
	}
	assert_null(kmalloc_slab(m, 64, GFP_KERNEL));
	assert_false(dmesg_has(m, "SLUB:"));
	assert_false(dmesg_has(m, "SLOB"));
	assert_int_equal(meminfo_kb(m, "Slab:"), 0);
	assert_int_equal(nr_slab_pages(m), 0);
	/* Linux had no /proc/slabinfo under SLOB: the header alone */
	c = kmem_cache_create(m, "some_cache", 100, 0, 0, NULL);
	(void)kmem_cache_alloc(m, c, GFP_KERNEL);
	/* get_slabinfo stays harmless: all zeros */
	memset(&si, 0xff, sizeof(si));
	get_slabinfo(m, c, &si);
	assert_int_equal(si.num_objs + si.active_objs + si.num_slabs + si.objects_per_slab, 0);
	t = view_text(m, "/proc/slabinfo");
	assert_string_equal(t,
		"slabinfo - version: 2.1\n"
		"# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>"
		" : tunables <limit> <batchcount> <sharedfactor>"
		" : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	free(t);
	sound(m);
	mms_machine_free(m);
}

/* --------------------------------------------------- every kmalloc size */

static void test_kmalloc_every_size(void **state)
{
	static const size_t sizes[] = { 8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048,
					4096, 8192, 8193, 65536, 1UL << 20 };
	struct machine *m = boot_spec(SPEC);
	unsigned long free0 = free_pages_now(m);

	(void)state;
	for (size_t i = 0; i < N(sizes); i++) {
		size_t n = sizes[i];
		uint64_t p = kmalloc(m, n, GFP_KERNEL);
		struct page *page;

		assert_true(p != 0);
		page = virt_to_page(m, p);
		if (n < 4088) {
			/* a slob block: natural alignment, size header, ksize */
			assert_true(PageSlab(page));
			assert_int_equal(p % ((n & (n - 1)) ? 8 : n), 0);
			assert_int_equal(header_of(m, p), n);
			assert_int_equal(ksize(m, p), n);
			assert_int_equal(slab_bytes(m), PAGE_SIZE);
		} else {
			/* pages: compound above order 0, size kept in private */
			unsigned int order = get_order(n);

			assert_false(PageSlab(page));
			assert_int_equal(p & ~PAGE_MASK, 0);
			assert_int_equal(PageHead(page), order > 0);
			assert_int_equal(compound_order(page), order);
			assert_int_equal(page->private, n);
			assert_int_equal(ksize(m, p), PAGE_SIZE << order);
			assert_int_equal(slab_bytes(m), PAGE_SIZE << order);
		}
		fill(m, p, n, 0x5a);
		sound(m);
		kfree(m, p);
		assert_int_equal(slab_bytes(m), 0);
		assert_int_equal(free_pages_now(m), free0);
		sound(m);
	}
	/* kmalloc(2048): block at 2040 (ALIGN(0 + 8, 2048) - 8), object at 2048 */
	{
		uint64_t a = kmalloc(m, 2048, GFP_KERNEL);
		uint64_t b = kmalloc(m, 2048, GFP_KERNEL);
		struct page *pa = virt_to_page(m, a);

		assert_int_equal(a & ~PAGE_MASK, 2048);
		/* 2048 - SLOB_UNITS(2056) = 1020 units left: the 2040-byte gap */
		assert_int_equal(pa->private, 1020);
		assert_int_equal(pa->index, a - 2048);
		assert_int_equal(unit_at(m, a - 2048, 0), 1020);
		/* the gap cannot hold another: a second page */
		assert_ptr_not_equal(virt_to_page(m, b), pa);
		kfree(m, a);
		kfree(m, b);
	}
	/* every size from 1 to 4200: header n, ksize n rounded to units */
	for (size_t n = 1; n <= 4200; n++) {
		uint64_t p = kmalloc(m, n, GFP_KERNEL);

		assert_true(p != 0);
		assert_int_equal(p % 8, 0);
		if (n < 4088) {
			assert_int_equal(header_of(m, p), n);
			assert_int_equal(ksize(m, p), (n + 1) & ~1UL);
		} else {
			assert_int_equal(ksize(m, p), PAGE_SIZE << get_order(n));
		}
		kfree(m, p);
	}
	assert_int_equal(kmalloc(m, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	assert_int_equal(ksize(m, ZERO_SIZE_PTR), 0);
	kfree(m, ZERO_SIZE_PTR);
	assert_int_equal(kmalloc(m, KMALLOC_MAX_SIZE + 1, GFP_KERNEL | __GFP_NOWARN), 0);
	assert_int_equal(slab_bytes(m), 0);
	assert_int_equal(free_pages_now(m), free0);
	sound(m);
	mms_machine_free(m);
}

/* kzalloc clears the object; first fit hands the same block back. */
static void test_gfp_zero(void **state)
{
	struct machine *m = boot_spec(SPEC);
	uint64_t keep = kmalloc(m, 40, GFP_KERNEL);
	uint64_t a = kmalloc(m, 100, GFP_KERNEL), b;

	(void)state;
	fill(m, a, 100, 0xee);
	kfree(m, a);
	b = kzalloc(m, 100, GFP_KERNEL);
	assert_int_equal(b, a);
	assert_true(filled(m, b, 100, 0));
	assert_int_equal(header_of(m, b), 100);
	kfree(m, b);
	kfree(m, keep);
	sound(m);
	mms_machine_free(m);
}

/* -------------------------------------------- random sizes, no overlap */

struct obj {
	uint64_t addr;
	size_t size;
	struct kmem_cache *cache;	/* NULL: kmalloc */
	uint8_t pat;
};

static size_t random_size(struct rnd_state *rs)
{
	uint64_t r = prandom_below(rs, 100);

	if (r < 60)
		return 1 + prandom_below(rs, 255);
	if (r < 85)
		return 256 + prandom_below(rs, 768);
	if (r < 97)
		return 1024 + prandom_below(rs, 3500);
	return 4500 + prandom_below(rs, 30000);
}

static void check_objects(struct machine *m, const struct obj *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		assert_true(filled(m, o[i].addr, o[i].size, o[i].pat));
		if (!o[i].cache && o[i].size < 4088)
			assert_int_equal(header_of(m, o[i].addr), o[i].size);
	}
}

static void check_no_overlap(const struct obj *o, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			assert_true(o[i].addr + o[i].size <= o[j].addr ||
				    o[j].addr + o[j].size <= o[i].addr);
}

static void run_random(const char *spec, uint64_t seed)
{
	struct machine *m = boot_spec(spec);
	unsigned long free0 = free_pages_now(m);
	struct obj o[300];
	struct rnd_state rs;
	size_t n = 0;

	prandom_seed_state(&rs, seed);
	for (int step = 0; step < 2000; step++) {
		if (n < N(o) && (n == 0 || prandom_below(&rs, 100) < 55)) {
			int node = (int)prandom_below(&rs, (uint64_t)m->nr_node_ids + 1) - 1;

			o[n].size = random_size(&rs);
			o[n].addr = kmalloc_node(m, o[n].size, GFP_KERNEL, node);
			/* a slob block asked on a node is on a page of that node */
			if (node >= 0 && o[n].addr)
				assert_int_equal(page_to_nid(virt_to_page(m, o[n].addr)), node);
			assert_int_not_equal(page_zonenum(virt_to_page(m, o[n].addr)), ZONE_HIGHMEM);
			o[n].cache = NULL;
			o[n].pat = (uint8_t)(step * 7 + 1);
			assert_true(o[n].addr != 0);
			assert_int_equal(o[n].addr % 8, 0);
			fill(m, o[n].addr, o[n].size, o[n].pat);
			n++;
		} else {
			size_t i = (size_t)prandom_below(&rs, n);

			kfree(m, o[i].addr);
			o[i] = o[--n];
		}
		if (step % 50 == 0) {
			check_objects(m, o, n);
			check_no_overlap(o, n);
			sound(m);
		}
	}
	check_objects(m, o, n);
	check_no_overlap(o, n);
	while (n)
		kfree(m, o[--n].addr);
	assert_int_equal(slab_bytes(m), 0);
	assert_int_equal(meminfo_kb(m, "Slab:"), 0);
	assert_int_equal(nr_slab_pages(m), 0);
	assert_int_equal(free_pages_now(m), free0);
	sound(m);
	mms_machine_free(m);
}

static void test_kmalloc_random(void **state)
{
	(void)state;
	run_random(SPEC, 42);
}

/* two nodes: kmalloc_node's pages come from the node asked for */
static void test_kmalloc_random_numa(void **state)
{
	(void)state;
	run_random("ram=128M cpus=2 nodes=2 slab=slob", 7);
}

/* i386 with highmem: lowmem pages only (the objects need the direct map) */
static void test_kmalloc_random_i386(void **state)
{
	(void)state;
	run_random("arch=i386 ram=1G cpus=2 slab=slob", 99);
}

/* ------------------------------------------------------------- caches */

static int ctor_calls;

static void count_ctor(struct machine *m, uint64_t obj)
{
	ctor_calls++;
	fill(m, obj, 8, 0xc7);
}

static void test_cache_objects(void **state)
{
	struct machine *m = boot_spec(SPEC);
	unsigned long free0 = free_pages_now(m);
	struct kmem_cache *c24, *c100, *c500, *c5000, *cctor;
	struct obj o[200];
	size_t n = 0;

	(void)state;
	c24 = kmem_cache_create(m, "c24", 24, 0, 0, NULL);
	c100 = kmem_cache_create(m, "c100", 100, 0, SLAB_HWCACHE_ALIGN, NULL);
	c500 = kmem_cache_create(m, "c500", 500, 256, 0, NULL);
	c5000 = kmem_cache_create(m, "c5000", 5000, 0, 0, NULL);
	cctor = kmem_cache_create(m, "cctor", 64, 0, 0, count_ctor);
	/* calculate_alignment: 8; 64 (100 > 32); as asked */
	assert_int_equal(c24->align, 8);
	assert_int_equal(c100->align, 64);
	assert_int_equal(c500->align, 256);
	/* SLOB never merges: a second identical cache is its own */
	assert_ptr_not_equal(kmem_cache_create(m, "c24b", 24, 0, 0, NULL), c24);
	for (int i = 0; i < 30; i++) {
		struct kmem_cache *cs[] = { c24, c100, c500, c5000 };

		for (size_t k = 0; k < N(cs); k++) {
			o[n].cache = cs[k];
			o[n].size = cs[k]->size;
			o[n].addr = kmem_cache_alloc(m, cs[k], GFP_KERNEL);
			o[n].pat = (uint8_t)(n + 1);
			assert_true(o[n].addr != 0);
			assert_int_equal(o[n].addr % (cs[k] == c5000 ? PAGE_SIZE : cs[k]->align), 0);
			fill(m, o[n].addr, o[n].size, o[n].pat);
			n++;
		}
	}
	check_objects(m, o, n);
	check_no_overlap(o, n);
	/* a 5000-byte object: two plain pages of its own (get_order(5000) = 1) */
	{
		struct page *p = virt_to_page(m, o[3].addr);

		assert_false(PageSlab(p));
		assert_false(PageHead(p));
		assert_int_equal(p->private, 0);
	}
	sound(m);
	/* the constructor runs on every allocation, even of a reused block */
	ctor_calls = 0;
	{
		uint64_t a = kmem_cache_alloc(m, cctor, GFP_KERNEL), b;

		assert_true(filled(m, a, 8, 0xc7));
		fill(m, a, 64, 0);
		kmem_cache_free(m, cctor, a);
		b = kmem_cache_alloc(m, cctor, GFP_KERNEL);
		assert_int_equal(b, a);
		assert_true(filled(m, b, 8, 0xc7));
		assert_int_equal(ctor_calls, 2);
		kmem_cache_free(m, cctor, b);
	}
	/* __GFP_ZERO clears the object (a block, and the big object's pages) */
	{
		uint64_t a = kmem_cache_zalloc(m, c500, GFP_KERNEL);
		uint64_t b = kmem_cache_zalloc(m, c5000, GFP_KERNEL);

		assert_true(filled(m, a, 500, 0));
		assert_true(filled(m, b, 5000, 0));
		kmem_cache_free(m, c500, a);
		kmem_cache_free(m, c5000, b);
	}
	while (n) {
		n--;
		kmem_cache_free(m, o[n].cache, o[n].addr);
	}
	assert_int_equal(slab_bytes(m), 0);
	assert_int_equal(free_pages_now(m), free0);
	/* SLOB cannot see a cache's objects: destroy finds nothing to say */
	{
		uint64_t a = kmem_cache_alloc(m, c24, GFP_KERNEL);

		assert_int_equal(kmem_cache_destroy(m, c24), 0);
		assert_false(dmesg_has(m, "still has objects"));
		assert_int_equal(slab_bytes(m), PAGE_SIZE);	/* leaked, as in Linux */
		(void)a;
	}
	assert_int_equal(kmem_cache_shrink(m, c100), 0);
	sound(m);
	mms_machine_free(m);
}

/* --------------------------------------------------------- meminfo Slab */

static void test_meminfo(void **state)
{
	struct machine *m = boot_spec(SPEC);
	struct kmem_cache *r = kmem_cache_create(m, "rcl", 64, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	struct kmem_cache *big = kmem_cache_create(m, "big", 5000, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	uint64_t a, b, c, d, e;

	(void)state;
	a = kmalloc(m, 100, GFP_KERNEL);	/* one slob page */
	assert_int_equal(meminfo_kb(m, "Slab:"), 4);
	b = kmem_cache_alloc(m, r, GFP_KERNEL);	/* same small list, same page */
	assert_ptr_equal(virt_to_page(m, b), virt_to_page(m, a));
	assert_int_equal(meminfo_kb(m, "Slab:"), 4);
	c = kmalloc(m, 20000, GFP_KERNEL);	/* order 3: 32K */
	assert_int_equal(meminfo_kb(m, "Slab:"), 36);
	d = kmem_cache_alloc(m, big, GFP_KERNEL);	/* order 1: 8K */
	assert_int_equal(meminfo_kb(m, "Slab:"), 44);
	e = kmalloc(m, 2000, GFP_KERNEL);	/* 2008 bytes: the large list, a page */
	assert_int_equal(meminfo_kb(m, "Slab:"), 48);
	/*
	 * 6.3's slob_new_pages counts every page NR_SLAB_UNRECLAIMABLE_B: a
	 * slob page mixes all caches' objects, SLAB_RECLAIM_ACCOUNT included.
	 */
	assert_int_equal(meminfo_kb(m, "SUnreclaim:"), 48);
	assert_int_equal(meminfo_kb(m, "SReclaimable:"), 0);
	kfree(m, a);
	kmem_cache_free(m, r, b);
	kfree(m, c);
	kmem_cache_free(m, big, d);
	kfree(m, e);
	assert_int_equal(meminfo_kb(m, "Slab:"), 0);
	sound(m);
	mms_machine_free(m);
}

/* --------------------------------------------------------- list choice */

static void test_list_choice(void **state)
{
	struct machine *m = boot_spec(SPEC);
	/* kmalloc(n) asks slob for n + 8 bytes: 247 -> 255, 248 -> 256 ... */
	static const struct { size_t kmalloc, cache; int list; } rows[] = {
		{ 247, 255, 0 },	/* < SLOB_BREAK1 */
		{ 248, 256, 1 },
		{ 1015, 1023, 1 },	/* < SLOB_BREAK2 */
		{ 1016, 1024, 2 },
		{ 3000, 3000, 2 },
	};
	struct page *seen[3] = { NULL, NULL, NULL };

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		uint64_t p = kmalloc(m, rows[i].kmalloc, GFP_KERNEL);
		struct kmem_cache *c = kmem_cache_create(m, "sized", (unsigned int)rows[i].cache,
							 0, 0, NULL);
		uint64_t q = kmem_cache_alloc(m, c, GFP_KERNEL);
		struct page *pp = virt_to_page(m, p), *qp = virt_to_page(m, q);

		assert_int_equal(slob_page_list(m, pp), rows[i].list);
		assert_int_equal(slob_page_list(m, qp), rows[i].list);
		/* each list has its own pages */
		for (int l = 0; l < 3; l++)
			if (l != rows[i].list && seen[l])
				assert_ptr_not_equal(pp, seen[l]);
		if (!seen[rows[i].list])
			seen[rows[i].list] = pp;
	}
	sound(m);
	mms_machine_free(m);
}

/* --------------------------------------------------- first-fit placement */

static void test_first_fit_offsets(void **state)
{
	struct machine *m = boot_spec(SPEC);
	uint64_t a, b, c, d, B;
	struct page *sp;

	(void)state;
	/*
	 * kmalloc(20): block of 28 bytes = 14 units at offset 0 (ALIGN(0 + 8, 8)
	 * - 8 = 0: no gap); the rest [28, 4096) is 2034 units.  Object at 8.
	 */
	a = kmalloc(m, 20, GFP_KERNEL);
	B = a - 8;
	assert_int_equal(B & ~PAGE_MASK, 0);
	sp = virt_to_page(m, a);
	assert_int_equal(sp->private, 2034);
	assert_int_equal(sp->index, B + 28);
	assert_int_equal(unit_at(m, B + 28, 0), 2034);
	assert_int_equal(unit_at(m, B + 28, 1), 2048);		/* next: the page end */
	/*
	 * kmalloc(30): 38 bytes = 19 units.  cur = 28: aligned = ALIGN(36, 8)
	 * - 8 = 32, delta 2 units: [28, 32) stays free (2 units, next 32 ->
	 * then 70), the block is [32, 70), the rest [70, 4096) = 2013 units.
	 * Object at 40; page units 2034 - 19 = 2015.
	 */
	b = kmalloc(m, 30, GFP_KERNEL);
	assert_int_equal(b, B + 40);
	assert_int_equal(sp->private, 2015);
	assert_int_equal(sp->index, B + 28);
	assert_int_equal(unit_at(m, B + 28, 0), 2);
	assert_int_equal(unit_at(m, B + 28, 1), 35);		/* 70 / 2 */
	assert_int_equal(unit_at(m, B + 70, 0), 2013);
	/*
	 * kmalloc(8): 16 bytes = 8 units.  [28, 32): aligned 32, 2 >= 8 + 2?
	 * no.  [70, ...): aligned = ALIGN(78, 8) - 8 = 72, delta 1: [70, 72)
	 * becomes a one-unit block holding -(88 / 2) = -44, the block is
	 * [72, 88), the rest [88, 4096) = 2004 units.  Object at 80.
	 */
	c = kmalloc(m, 8, GFP_KERNEL);
	assert_int_equal(c, B + 80);
	assert_int_equal(sp->private, 2007);
	assert_int_equal(unit_at(m, B + 28, 1), 35);
	assert_int_equal(unit_at(m, B + 70, 0), -44);
	assert_int_equal(unit_at(m, B + 88, 0), 2004);
	assert_int_equal(unit_at(m, B + 88, 1), 2048);
	/*
	 * kmalloc(1): 9 bytes = 5 units.  [28, 32): delta 2, 2 < 7; [70, 72):
	 * aligned 72, delta 1, 1 < 6; [88, ...): aligned = ALIGN(96, 8) - 8 =
	 * 88, no gap: block [88, 98), object at 96, rest [98, 4096) 1999 units.
	 */
	d = kmalloc(m, 1, GFP_KERNEL);
	assert_int_equal(d, B + 96);
	assert_int_equal(sp->private, 2002);
	assert_int_equal(unit_at(m, B + 70, 0), -49);		/* 98 / 2 */
	assert_int_equal(unit_at(m, B + 98, 0), 1999);
	/* the headers */
	assert_int_equal(header_of(m, a), 20);
	assert_int_equal(header_of(m, b), 30);
	assert_int_equal(header_of(m, c), 8);
	assert_int_equal(header_of(m, d), 1);
	sound(m);
	/*
	 * kfree(b): block [32, 70) of SLOB_UNITS(38) = 19 units goes between
	 * [28, 32) and [70, 72): it touches both, all three merge into
	 * [28, 72) = 22 units, next 98.
	 */
	kfree(m, b);
	assert_int_equal(sp->private, 2021);
	assert_int_equal(sp->index, B + 28);
	assert_int_equal(unit_at(m, B + 28, 0), 22);
	assert_int_equal(unit_at(m, B + 28, 1), 49);
	/* kfree(a): [0, 28) before the first free block and touching it: [0, 72) */
	kfree(m, a);
	assert_int_equal(sp->index, B);
	assert_int_equal(unit_at(m, B, 0), 36);
	assert_int_equal(unit_at(m, B, 1), 49);
	kfree(m, c);	/* [72, 88) joins [0, 72): 44 units, next still 98 */
	assert_int_equal(unit_at(m, B, 0), 44);
	assert_int_equal(unit_at(m, B, 1), 49);
	sound(m);
	/* the last: units 2002 + ... = 2048, the page goes back */
	kfree(m, d);
	assert_false(PageSlab(sp));
	assert_int_equal(slab_bytes(m), 0);
	sound(m);
	mms_machine_free(m);
}

/* -------------------------------------------- merging, lists, page life */

static void test_merge_and_page_life(void **state)
{
	struct machine *m = boot_spec(SPEC);
	unsigned long free0 = free_pages_now(m);
	struct kmem_cache *c = kmem_cache_create(m, "c200", 200, 0, 0, NULL);
	struct kmem_cache *h = kmem_cache_create(m, "c2048", 2048, 0, 0, NULL);
	uint64_t o[5], B, x, y;
	struct page *sp;

	(void)state;
	/* five 100-unit blocks at 0, 200, .. 800; free [1000, 4096) = 1548 units */
	for (int i = 0; i < 5; i++)
		o[i] = kmem_cache_alloc(m, c, GFP_KERNEL);
	B = o[0];
	sp = virt_to_page(m, B);
	for (int i = 0; i < 5; i++)
		assert_int_equal(o[i], B + 200 * (uint64_t)i);
	assert_int_equal(sp->private, 1548);
	kmem_cache_free(m, c, o[1]);	/* [200, 400) before [1000, ...): no touch */
	assert_int_equal(sp->index, B + 200);
	assert_int_equal(unit_at(m, B + 200, 0), 100);
	assert_int_equal(unit_at(m, B + 200, 1), 500);
	kmem_cache_free(m, c, o[3]);	/* [600, 800) between them */
	assert_int_equal(unit_at(m, B + 200, 1), 300);
	assert_int_equal(unit_at(m, B + 600, 0), 100);
	assert_int_equal(unit_at(m, B + 600, 1), 500);
	kmem_cache_free(m, c, o[2]);	/* [400, 600) touches both: [200, 800) */
	assert_int_equal(unit_at(m, B + 200, 0), 300);
	assert_int_equal(unit_at(m, B + 200, 1), 500);
	kmem_cache_free(m, c, o[4]);	/* [800, 1000): all of [200, 4096) */
	assert_int_equal(unit_at(m, B + 200, 0), 1948);
	assert_int_equal(unit_at(m, B + 200, 1), 2048);
	assert_int_equal(sp->private, 1948);
	sound(m);
	kmem_cache_free(m, c, o[0]);	/* 1948 + 100 = 2048: back to the buddy */
	assert_false(PageSlab(sp));
	assert_int_equal(slob_page_list(m, sp), -1);
	assert_int_equal(free_pages_now(m), free0);

	/* a page filled up leaves its list; its first free puts it back */
	x = kmem_cache_alloc(m, h, GFP_KERNEL);
	y = kmem_cache_alloc(m, h, GFP_KERNEL);
	sp = virt_to_page(m, x);
	assert_ptr_equal(virt_to_page(m, y), sp);
	assert_int_equal(y, x + 2048);
	assert_int_equal(sp->private, 0);
	assert_int_equal(slob_page_list(m, sp), -1);
	assert_false(test_page_flag(sp, PG_private));	/* PG_slob_free */
	sound(m);
	kmem_cache_free(m, h, y);
	assert_int_equal(slob_page_list(m, sp), 2);	/* 2048 >= SLOB_BREAK2 */
	assert_true(test_page_flag(sp, PG_private));
	assert_int_equal(sp->index, y);
	assert_int_equal(unit_at(m, y, 0), 1024);
	assert_int_equal(unit_at(m, y, 1), 2048);
	kmem_cache_free(m, h, x);
	assert_false(PageSlab(sp));
	assert_int_equal(free_pages_now(m), free0);
	sound(m);
	mms_machine_free(m);
}

/*
 * The next-fit rotation: 200-byte objects (100 units), 20 per page with
 * 48 units left.  40 allocations fill page A then page B; B, newest, is
 * first on the small list.  A hole in A: the next allocation skips B
 * (48 < 100) and takes the hole, and A moves to the list's front.
 */
static void test_list_rotation(void **state)
{
	struct machine *m = boot_spec(SPEC);
	struct kmem_cache *c = kmem_cache_create(m, "c200", 200, 0, 0, NULL);
	uint64_t o[40], hole;
	struct page *A, *Bp;

	(void)state;
	for (int i = 0; i < 40; i++)
		o[i] = kmem_cache_alloc(m, c, GFP_KERNEL);
	A = virt_to_page(m, o[0]);
	Bp = virt_to_page(m, o[20]);
	assert_ptr_equal(virt_to_page(m, o[19]), A);
	assert_ptr_not_equal(A, Bp);
	assert_int_equal(A->private, 48);
	assert_int_equal(Bp->private, 48);
	/* B first, A second */
	assert_ptr_equal(Bp->lru.next, &A->lru);
	assert_int_equal(slob_page_list(m, A), 0);
	hole = o[3];
	kmem_cache_free(m, c, hole);
	assert_ptr_equal(Bp->lru.next, &A->lru);	/* a free does not reorder */
	assert_int_equal(kmem_cache_alloc(m, c, GFP_KERNEL), hole);
	/* A rotated to the front: A, then B */
	assert_ptr_equal(A->lru.next, &Bp->lru);
	assert_ptr_equal(Bp->lru.next, A->lru.prev);	/* the head between them */
	sound(m);
	mms_machine_free(m);
}

/* -------------------------------------------------------------- stress */

static void test_stress(void **state)
{
	struct machine *m = boot_spec(SPEC);
	unsigned long free0 = free_pages_now(m);
	struct kmem_cache *cs[3];
	struct obj o[250];
	struct rnd_state rs;
	size_t n = 0;

	(void)state;
	cs[0] = kmem_cache_create(m, "s24", 24, 0, 0, NULL);
	cs[1] = kmem_cache_create(m, "s100", 100, 0, SLAB_HWCACHE_ALIGN, NULL);
	cs[2] = kmem_cache_create(m, "s700", 700, 256, 0, NULL);
	prandom_seed_state(&rs, 2023);
	for (int step = 0; step < 3000; step++) {
		if (n < N(o) && (n == 0 || prandom_below(&rs, 100) < 52)) {
			uint64_t r = prandom_below(&rs, 4);

			o[n].cache = r < 3 ? cs[r] : NULL;
			o[n].size = o[n].cache ? o[n].cache->size : random_size(&rs);
			o[n].addr = o[n].cache ? kmem_cache_alloc(m, o[n].cache, GFP_KERNEL) :
						 kmalloc(m, o[n].size, GFP_KERNEL);
			o[n].pat = (uint8_t)(step * 13 + 5);
			assert_true(o[n].addr != 0);
			assert_int_equal(o[n].addr % (o[n].cache ? o[n].cache->align : 8), 0);
			fill(m, o[n].addr, o[n].size, o[n].pat);
			n++;
		} else {
			size_t i = (size_t)prandom_below(&rs, n);

			if (o[i].cache)
				kmem_cache_free(m, o[i].cache, o[i].addr);
			else
				kfree(m, o[i].addr);
			o[i] = o[--n];
		}
		sound(m);
		if (step % 100 == 0) {
			check_objects(m, o, n);
			check_no_overlap(o, n);
		}
	}
	check_objects(m, o, n);
	while (n) {
		n--;
		if (o[n].cache)
			kmem_cache_free(m, o[n].cache, o[n].addr);
		else
			kfree(m, o[n].addr);
	}
	assert_int_equal(slab_bytes(m), 0);
	assert_int_equal(nr_slab_pages(m), 0);
	assert_int_equal(free_pages_now(m), free0);
	assert_false(dmesg_has(m, "WARNING"));
	sound(m);
	mms_machine_free(m);
}

/* ----------------------------------------------------------- bad input */

static void test_bad_input(void **state)
{
	struct machine *m = boot_spec(SPEC);
	unsigned long free0 = free_pages_now(m);
	struct kmem_cache *c = kmem_cache_create(m, "c64", 64, 0, 0, NULL);
	struct kmem_cache *big = kmem_cache_create(m, "big", 5000, 0, 0, NULL);
	uint64_t p, q, r, o, l, bo;
	struct page *page;
	char line[128];

	(void)state;
	p = kmalloc(m, 64, GFP_KERNEL);
	q = kmalloc(m, 100, GFP_KERNEL);
	o = kmem_cache_alloc(m, c, GFP_KERNEL);
	l = kmalloc(m, 10000, GFP_KERNEL);
	bo = kmem_cache_alloc(m, big, GFP_KERNEL);
	fill(m, p, 64, 0xab);
	fill(m, q, 100, 0x11);
	fill(m, o, 64, 0x22);

	/* inside an object: the "header" is object bytes (0xabababab) */
	kfree(m, p + 16);
	snprintf(line, sizeof(line), "object pointer: 0x%016llx (not a kmalloc object: bad size header)",
		 (unsigned long long)(p + 16));
	assert_true(dmesg_has(m, line));
	assert_true(dmesg_has(m, "WARNING: CPU: 0 PID: 0 at mm/slob.c: kfree"));
	/* misaligned */
	kfree(m, q + 3);
	assert_true(dmesg_has(m, "(not a kmalloc object)"));
	/* not a direct-map address */
	kfree(m, 0x1234);
	assert_true(dmesg_has(m, "object pointer: 0x0000000000001234 (not a kernel direct-map address)"));
	/*
	 * a double free: the block overlaps a free block of its page (its
	 * header now holds the free-block encoding, looked at first)
	 */
	r = kmalloc(m, 30, GFP_KERNEL);
	kfree(m, r);
	kfree(m, r);
	snprintf(line, sizeof(line), "object pointer: 0x%016llx (overlaps a free block: double free?)",
		 (unsigned long long)r);
	assert_true(dmesg_has(m, line));
	assert_int_equal(ksize(m, r), 0);	/* a freed object has no size */
	sound(m);
	/* a page from the page allocator is not a large kmalloc */
	page = alloc_pages(m, GFP_KERNEL, 0);
	kfree(m, page_address(m, page));
	assert_true(dmesg_has(m, "(neither a slob object nor a large kmalloc)"));
	assert_int_equal(page_ref_count(page), 1);
	__free_pages(m, page, 0);
	/* inside a large kmalloc, and a large kmalloc freed twice */
	kfree(m, l + 4096);
	assert_int_equal(ksize(m, l), 16384);
	kfree(m, l);
	kfree(m, l);
	snprintf(line, sizeof(line), "object pointer: 0x%016llx (neither a slob object nor a large kmalloc)",
		 (unsigned long long)l);
	assert_true(dmesg_has(m, line));
	/* kmem_cache_free: misaligned, twice, the big object's neighbour */
	kmem_cache_free(m, c, o + 4);
	assert_true(dmesg_has(m, "(not aligned as the cache's objects)"));
	kmem_cache_free(m, c, o);
	kmem_cache_free(m, c, o);
	snprintf(line, sizeof(line), "object pointer: 0x%016llx (overlaps a free block: double free?)",
		 (unsigned long long)o);
	assert_true(dmesg_has(m, line));
	kmem_cache_free(m, big, bo + 8);
	kmem_cache_free(m, big, p);	/* a slob block is not a big object */
	assert_true(dmesg_has(m, "(not the pages of a big object)"));
	kmem_cache_free(m, c, bo);	/* a big object is not in a slob page */
	assert_true(dmesg_has(m, "(not in a slob page)"));
	assert_int_equal(m->nr_bad_pages, 0);
	sound(m);
	/* the other objects are intact and free normally */
	assert_true(filled(m, p, 64, 0xab));
	assert_true(filled(m, q, 100, 0x11));
	assert_int_equal(ksize(m, p), 64);
	assert_int_equal(ksize(m, q), 100);
	kfree(m, p);
	kfree(m, q);
	kmem_cache_free(m, big, bo);
	assert_int_equal(slab_bytes(m), 0);
	assert_int_equal(free_pages_now(m), free0);
	sound(m);
	mms_machine_free(m);
}

/* A free block scribbled over: the walks stay in the page, the free is refused. */
static void test_corrupt_free_list(void **state)
{
	struct machine *m = boot_spec(SPEC);
	uint64_t a = kmalloc(m, 20, GFP_KERNEL), b = kmalloc(m, 20, GFP_KERNEL), c;
	uint64_t B = a - 8;
	int16_t junk[2] = { 30000, -5 };

	(void)state;
	/*
	 * a: block [0, 28); b: gap [28, 32) (ALIGN(36, 8) - 8 = 32), block
	 * [32, 60); the free block [60, 4096) gets a huge size and a
	 * backward next.
	 */
	memcpy(host(m, B + 60), junk, sizeof(junk));
	assert_true(slob_check(m) > 0);
	kfree(m, a);
	assert_true(dmesg_has(m, "(slob free list corrupted)"));
	/*
	 * allocation walks the clamped list (size clamped to the page, the
	 * next offset to the page end) and stays inside the page: [28, 32)
	 * is too small, [60, ...) gives aligned = ALIGN(68, 8) - 8 = 64.
	 */
	c = kmalloc(m, 20, GFP_KERNEL);
	assert_int_equal(c, B + 72);
	assert_int_equal(header_of(m, c), 20);
	assert_int_equal(header_of(m, b), 20);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_boot),
		cmocka_unit_test(test_kmalloc_every_size),
		cmocka_unit_test(test_gfp_zero),
		cmocka_unit_test(test_kmalloc_random),
		cmocka_unit_test(test_kmalloc_random_numa),
		cmocka_unit_test(test_kmalloc_random_i386),
		cmocka_unit_test(test_cache_objects),
		cmocka_unit_test(test_meminfo),
		cmocka_unit_test(test_list_choice),
		cmocka_unit_test(test_first_fit_offsets),
		cmocka_unit_test(test_merge_and_page_life),
		cmocka_unit_test(test_list_rotation),
		cmocka_unit_test(test_stress),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_corrupt_free_list),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
