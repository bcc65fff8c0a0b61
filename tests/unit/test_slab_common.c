// SPDX-License-Identifier: MIT
/*
 * test_slab_common.c - the allocator-independent layer (src/mm/
 * slab_common.c, Linux 6.6 mm/slab_common.c): cache merging and aliases,
 * the kmalloc types, the kmalloc family, bulk and node allocation, cache
 * destruction, /sys/kernel/slab, the kernel's own caches, bad input.
 *
 * Merging follows find_mergeable: the size is aligned to a pointer, then
 * to calculate_alignment(flags, align, size); a cache merges into the
 * oldest existing cache with size >= it, fewer than 8 bytes to spare,
 * compatible alignment and the same SLAB_MERGE_SAME flags, unless it has
 * a constructor, a usercopy region, a SLAB_NEVER_MERGE flag, or the
 * machine boots with slab_nomerge.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "slab.h"
#include "vmalloc.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void noop_ctor(struct machine *m, uint64_t obj)
{
	(void)m;
	(void)obj;
}

/* The text of a view, compared and freed. */
static void assert_view(struct machine *m, const char *path, const char *want)
{
	char *t = view_text(m, path);

	assert_string_equal(t, want);
	free(t);
}

/* ---------------------------------------------------------------- merging */

static void test_merge_rules(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2");
	static const struct {
		const char *name;
		unsigned int size, align;
		slab_flags_t flags;
		const char *into;	/* the cache that serves it; NULL: its own */
	} rows[] = {
		/* 100 -> 104, HWCACHE align 64 -> 128: kmalloc-128 (128 - 128 < 8) */
		{ "hw100", 100, 0, SLAB_HWCACHE_ALIGN, "kmalloc-128" },
		/* 124 -> 128: kmalloc-128, the oldest fitting cache */
		{ "plain124", 124, 0, 0, "kmalloc-128" },
		/* 120: kmalloc-128 would waste 8 (>= a pointer): its own cache */
		{ "plain120", 120, 0, 0, NULL },
		/* 60 aligned to 128: size 128, kmalloc-128 is 128-aligned */
		{ "aligned60", 60, 128, 0, "kmalloc-128" },
		/* reclaimable objects merge only with reclaimable caches */
		{ "recl64", 64, 0, SLAB_RECLAIM_ACCOUNT, "kmalloc-rcl-64" },
		/* DMA with DMA */
		{ "dma32b", 32, 0, SLAB_CACHE_DMA, "dma-kmalloc-32" },
		/* never merged */
		{ "nomerge", 64, 0, SLAB_NO_MERGE, NULL },
		{ "rcu", 64, 0, SLAB_TYPESAFE_BY_RCU, NULL },
		{ "redzone", 64, 0, SLAB_RED_ZONE, NULL },
		/* 116 -> 120 merges into the plain120 cache made above; 112 would not (8 spare) */
		{ "plain116", 116, 0, 0, "plain120" },
		{ "plain112", 112, 0, 0, NULL },
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		struct kmem_cache *s = kmem_cache_create(m, rows[i].name, rows[i].size,
							 rows[i].align, rows[i].flags, NULL);

		assert_non_null(s);
		assert_string_equal(s->name, rows[i].into ? rows[i].into : rows[i].name);
		assert_ptr_equal(kmem_cache_by_name(m, rows[i].name), s);
	}
	/* kmalloc-128 has three aliases; the merged object size grew to 124 */
	assert_int_equal(kmem_cache_by_name(m, "kmalloc-128")->refcount, 4);
	assert_int_equal(kmem_cache_by_name(m, "kmalloc-128")->object_size, 128);
	assert_int_equal(kmem_cache_by_name(m, "plain120")->object_size, 120);
	/* a constructor or a usercopy region keeps a cache apart */
	assert_string_equal(kmem_cache_create(m, "ctor64", 64, 0, 0, noop_ctor)->name, "ctor64");
	assert_string_equal(kmem_cache_create_usercopy(m, "ucopy64", 64, 0, 0, 0, 16, NULL)->name,
			    "ucopy64");
	/* ... and nothing merges into them */
	assert_string_equal(kmem_cache_create(m, "after_ctor", 64, 0, 0, NULL)->name, "kmalloc-64");
	/* aliases are not in slabinfo */
	{
		char *t = view_text(m, "/proc/slabinfo");

		assert_null(strstr(t, "hw100"));
		assert_non_null(strstr(t, "\nplain120 "));
		free(t);
	}
	mms_machine_free(m);
}

static void test_slab_nomerge(void **state)
{
	struct machine *m = boot_spec("ram=64M slab_nomerge=1");

	(void)state;
	assert_string_equal(kmem_cache_create(m, "hw100", 100, 0, SLAB_HWCACHE_ALIGN, NULL)->name,
			    "hw100");
	assert_view(m, "/sys/kernel/slab/hw100/aliases", "0\n");
	mms_machine_free(m);
}

static void test_alias_destroy(void **state)
{
	struct machine *m = boot_spec("ram=64M");
	struct kmem_cache *k128 = kmem_cache_by_name(m, "kmalloc-128");
	uint64_t obj;

	(void)state;
	assert_ptr_equal(kmem_cache_create(m, "a", 128, 0, 0, NULL), k128);
	assert_ptr_equal(kmem_cache_create(m, "b", 128, 0, 0, NULL), k128);
	assert_view(m, "/sys/kernel/slab/kmalloc-128/aliases", "2\n");
	/* an object of alias "a" is an object of kmalloc-128: kfree takes it */
	obj = kmem_cache_alloc(m, kmem_cache_by_name(m, "a"), GFP_KERNEL);
	kfree(m, obj);
	assert_int_equal(kmem_cache_destroy_name(m, "a"), 0);
	assert_null(kmem_cache_by_name(m, "a"));
	assert_ptr_equal(kmem_cache_by_name(m, "b"), k128);
	assert_view(m, "/sys/kernel/slab/kmalloc-128/aliases", "1\n");
	assert_int_equal(kmem_cache_destroy_name(m, "b"), 0);
	assert_int_equal(k128->refcount, 1);
	assert_int_equal(kmem_cache_destroy_name(m, "b"), -ENOENT);
	mms_machine_free(m);
}

/* ------------------------------------------------------- destroy, misuse */

static void test_destroy_twice(void **state)
{
	struct machine *m = boot_spec("ram=64M");
	struct kmem_cache *s = kmem_cache_create(m, "once", 200, 0, SLAB_NO_MERGE, NULL);
	uint64_t a = kmalloc(m, 64, GFP_KERNEL);

	(void)state;
	assert_int_equal(kmem_cache_destroy(m, s), 0);
	assert_null(kmem_cache_by_name(m, "once"));
	/* Linux: a use-after-free that KASAN reports; mmsim reports it, no crash */
	assert_int_equal(kmem_cache_destroy(m, s), -EINVAL);
	assert_true(dmesg_has(m, "BUG: KASAN: double-free in kmem_cache_destroy"));
	/* allocating from it is refused and reported */
	assert_int_equal(kmem_cache_alloc(m, s, GFP_KERNEL), 0);
	assert_true(dmesg_has(m, "BUG: KASAN: slab-use-after-free in kmem_cache_alloc"));
	/* a pointer that was never a cache */
	assert_int_equal(kmem_cache_destroy(m, (struct kmem_cache *)&m->slab), -EINVAL);
	/* nothing else damaged */
	assert_int_equal(ksize(m, a), 64);
	kfree(m, a);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_create_bad_input(void **state)
{
	struct machine *m = boot_spec("ram=64M");

	(void)state;
	assert_null(kmem_cache_create(m, "align3", 64, 3, 0, NULL));
	assert_true(dmesg_has(m, "kmem_cache_create(align3) failed with error -22"));
	assert_null(kmem_cache_create(m, "huge", (unsigned int)KMALLOC_MAX_SIZE + 1, 0, 0, NULL));
	assert_null(kmem_cache_create(m, NULL, 64, 0, 0, NULL));
	assert_true(dmesg_has(m, "kmem_cache_create((null)) failed with error -22"));
	assert_null(kmem_cache_create(m, "badflag", 64, 0, 0x80000000U, NULL));
	/* a bad usercopy region is dropped, the cache still made */
	assert_non_null(kmem_cache_create_usercopy(m, "ucbad", 64, 0, 0, 60, 16, NULL));
	assert_int_equal(kmem_cache_by_name(m, "ucbad")->usersize, 0);
	mms_machine_free(m);
}

static void test_bad_frees(void **state)
{
	struct machine *m = boot_spec("ram=64M");
	uint64_t keep = kmalloc(m, 32, GFP_KERNEL), page_addr, v;
	struct page *page;

	(void)state;
	memset(slab_obj_host(m, keep), 0x5a, 32);
	/* not a direct-map address (a vmalloc address) */
	v = vmalloc(m, 4096);
	kfree(m, v);
	assert_true(dmesg_has(m, "kfree: 0x"));
	vfree(m, v);
	/* an order-0 page that kmalloc never returned: free_large_kmalloc's WARN */
	page = alloc_pages(m, GFP_KERNEL, 0);
	page_addr = page_address(m, page);
	kfree(m, page_addr);
	assert_true(dmesg_has(m, "at mm/slab_common.c: free_large_kmalloc"));
	assert_int_equal(page_ref_count(page), 1);	/* still ours */
	__free_pages(m, page, 0);
	/* the middle of a large kmalloc */
	v = kmalloc(m, 20000, GFP_KERNEL);
	kfree(m, v + 4096);
	assert_int_equal(ksize(m, v), 32768);
	kfree(m, v);
	/* kfree(NULL) and kfree(ZERO_SIZE_PTR) do nothing */
	kfree(m, 0);
	kfree(m, ZERO_SIZE_PTR);
	for (int i = 0; i < 32; i++)
		assert_int_equal(((uint8_t *)slab_obj_host(m, keep))[i], 0x5a);
	kfree(m, keep);
	assert_int_equal(m->nr_bad_pages, 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* ------------------------------------------------------------ kmalloc */

static void test_kmalloc_types(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2");
	uint64_t n, r, d;

	(void)state;
	assert_int_equal(kmalloc_type(GFP_KERNEL), KMALLOC_NORMAL);
	assert_int_equal(kmalloc_type(GFP_KERNEL | __GFP_RECLAIMABLE), KMALLOC_RECLAIM);
	assert_int_equal(kmalloc_type(GFP_DMA | __GFP_RECLAIMABLE), KMALLOC_DMA);	/* DMA first */
	n = kmalloc(m, 100, GFP_KERNEL);
	r = kmalloc(m, 100, GFP_KERNEL | __GFP_RECLAIMABLE);
	d = kmalloc(m, 100, GFP_KERNEL | GFP_DMA);
	assert_string_equal(slab_cache(virt_to_slab_page(m, n))->name, "kmalloc-128");
	assert_string_equal(slab_cache(virt_to_slab_page(m, r))->name, "kmalloc-rcl-128");
	assert_string_equal(slab_cache(virt_to_slab_page(m, d))->name, "dma-kmalloc-128");
	/* the DMA cache's slabs come from ZONE_DMA, the reclaimable ones count as such */
	assert_int_equal(page_zonenum(virt_to_page(m, d)), ZONE_DMA);
	assert_int_equal(page_zonenum(virt_to_page(m, n)), ZONE_DMA32);
	assert_int_equal(meminfo_kb(m, "SReclaimable:"), 4);
	assert_int_equal(meminfo_kb(m, "SUnreclaim:"), 8);
	kfree(m, n);
	kfree(m, r);
	kfree(m, d);
	mms_machine_free(m);
}

static void test_kmalloc_family(void **state)
{
	struct machine *m = boot_spec("ram=64M");
	uint64_t a, b, c;
	uint8_t *p;

	(void)state;
	/* kmalloc(0) is ZERO_SIZE_PTR, ksize 0 */
	assert_int_equal(kmalloc(m, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	assert_int_equal(ksize(m, ZERO_SIZE_PTR), 0);
	/* kmalloc_array: n * size overflowing is NULL, no allocation */
	assert_int_equal(kmalloc_array(m, SIZE_MAX / 2, 4, GFP_KERNEL), 0);
	assert_int_equal(kcalloc(m, (SIZE_MAX >> 3) + 2, 8, GFP_KERNEL), 0);
	/* kcalloc and kzalloc clear */
	a = kmalloc(m, 96, GFP_KERNEL);
	memset(slab_obj_host(m, a), 0xee, 96);
	kfree(m, a);
	b = kcalloc(m, 12, 8, GFP_KERNEL);	/* 96 bytes: the object just freed */
	assert_int_equal(b, a);
	p = slab_obj_host(m, b);
	for (int i = 0; i < 96; i++)
		assert_int_equal(p[i], 0);
	kfree(m, b);
	c = kzalloc(m, 20000, GFP_KERNEL);	/* a large kmalloc, zeroed too */
	p = slab_obj_host(m, c);
	for (int i = 0; i < 20000; i++)
		assert_int_equal(p[i], 0);
	kfree(m, c);
	mms_machine_free(m);
}

static void test_krealloc(void **state)
{
	struct machine *m = boot_spec("ram=64M");
	uint64_t a, b, c;

	(void)state;
	a = kmalloc(m, 40, GFP_KERNEL);		/* kmalloc-64 */
	memcpy(slab_obj_host(m, a), "0123456789", 10);
	/* within ksize: the same object */
	assert_int_equal(krealloc(m, a, 64, GFP_KERNEL), a);
	/* beyond: a new object, the old bytes copied, the old one freed */
	b = krealloc(m, a, 300, GFP_KERNEL);
	assert_true(b != a);
	assert_int_equal(ksize(m, b), 512);
	assert_memory_equal(slab_obj_host(m, b), "0123456789", 10);
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), a);	/* a was freed: reused */
	kfree(m, a);
	/* into a large kmalloc and back */
	c = krealloc(m, b, 10000, GFP_KERNEL);
	assert_int_equal(ksize(m, c), 16384);
	assert_memory_equal(slab_obj_host(m, c), "0123456789", 10);
	/* krealloc(NULL) allocates; size 0 frees and gives ZERO_SIZE_PTR */
	a = krealloc(m, 0, 8, GFP_KERNEL);
	assert_int_equal(ksize(m, a), 8);
	assert_int_equal(krealloc(m, a, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	assert_int_equal(krealloc(m, c, 0, GFP_KERNEL), ZERO_SIZE_PTR);
	assert_int_equal(global_node_page_state(m, NR_SLAB_UNRECLAIMABLE_B) % 4096, 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_bulk(void **state)
{
	struct machine *m = boot_spec("ram=64M");
	struct kmem_cache *s = kmem_cache_create(m, "bulk", 48, 0, SLAB_NO_MERGE, NULL);
	unsigned long free0 = free_pages_now(m);
	uint64_t p[200];

	(void)state;
	assert_int_equal(kmem_cache_alloc_bulk(m, s, GFP_KERNEL, N(p), p), (int)N(p));
	for (size_t i = 0; i < N(p); i++) {
		assert_true(p[i] != 0);
		for (size_t j = 0; j < i; j++)
			assert_true(p[i] != p[j]);
	}
	kmem_cache_free_bulk(m, s, N(p), p);
	kmem_cache_shrink(m, s);
	assert_int_equal(free_pages_now(m), free0);
	/* kfree_bulk: kmem_cache_free_bulk with no cache */
	for (int i = 0; i < 10; i++)
		p[i] = kmalloc(m, 100, GFP_KERNEL);
	kmem_cache_free_bulk(m, NULL, 10, p);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_node_alloc(void **state)
{
	struct machine *m = boot_spec("ram=256M cpus=2 nodes=2");
	struct kmem_cache *s = kmem_cache_create(m, "nodes", 256, 0, SLAB_NO_MERGE, NULL);
	uint64_t a, b, c;

	(void)state;
	a = kmem_cache_alloc_node(m, s, GFP_KERNEL, 1);
	assert_int_equal(page_to_nid(virt_to_page(m, a)), 1);
	b = kmem_cache_alloc_node(m, s, GFP_KERNEL, 0);
	assert_int_equal(page_to_nid(virt_to_page(m, b)), 0);
	c = kmalloc_node(m, 20000, GFP_KERNEL, 1);
	assert_int_equal(page_to_nid(virt_to_page(m, c)), 1);
	/* a node that does not exist means any node */
	assert_true(kmem_cache_alloc_node(m, s, GFP_KERNEL, 7) != 0);
	kmem_cache_free(m, s, a);
	kmem_cache_free(m, s, b);
	kfree(m, c);
	mms_machine_free(m);
}

/* --------------------------------------------------------- /sys/kernel/slab */

static void test_sysfs(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2");
	struct kmem_cache *s = kmem_cache_create(m, "sys256", 256, 0, SLAB_NO_MERGE, NULL);
	uint64_t a[32];
	char *t;

	(void)state;
	/*
	 * 256 bytes on 2 CPUs: min_objects 12, get_order(3072) = 0: 16 per
	 * order-0 slab, no waste.  32 objects fill two slabs: the second is
	 * the CPU slab (its freelist is empty), the first is full, on no list.
	 */
	for (int i = 0; i < 32; i++)
		a[i] = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_view(m, "/sys/kernel/slab/sys256/objs_per_slab", "16\n");
	assert_view(m, "/sys/kernel/slab/sys256/order", "0\n");
	assert_view(m, "/sys/kernel/slab/sys256/slab_size", "256\n");
	assert_view(m, "/sys/kernel/slab/sys256/object_size", "256\n");
	assert_view(m, "/sys/kernel/slab/sys256/align", "8\n");
	assert_view(m, "/sys/kernel/slab/sys256/slabs", "2 N0=2\n");
	assert_view(m, "/sys/kernel/slab/sys256/objects", "32 N0=32\n");
	assert_view(m, "/sys/kernel/slab/sys256/total_objects", "32 N0=32\n");
	assert_view(m, "/sys/kernel/slab/sys256/partial", "0\n");
	assert_view(m, "/sys/kernel/slab/sys256/cpu_slabs", "1 N0=1\n");
	assert_view(m, "/sys/kernel/slab/sys256/min_partial", "5\n");	/* ilog2(256)/2 = 4 -> 5 */
	assert_view(m, "/sys/kernel/slab/sys256/hwcache_align", "0\n");
	assert_view(m, "/sys/kernel/slab/sys256/ctor", "");
	/*
	 * set_cpu_partial: 256 bytes keep 52 objects per CPU, so
	 * cpu_partial_slabs = DIV_ROUND_UP(52 * 2, 16) = 7.  Freeing one object
	 * of the full first slab puts it on this CPU's partial list
	 * (put_cpu_partial); sysfs counts it as a CPU slab, and
	 * slabs_cpu_partial estimates half-full slabs: 1 * 16 / 2 = 8.
	 */
	assert_view(m, "/sys/kernel/slab/sys256/cpu_partial", "52\n");
	assert_view(m, "/sys/kernel/slab/sys256/slabs_cpu_partial", "0(0)\n");
	kmem_cache_free(m, s, a[0]);
	assert_view(m, "/sys/kernel/slab/sys256/slabs_cpu_partial", "8(1) C0=8(1)\n");
	assert_view(m, "/sys/kernel/slab/sys256/cpu_slabs", "2 N0=2\n");
	assert_view(m, "/sys/kernel/slab/sys256/partial", "0\n");	/* not on the node list */
	a[0] = kmem_cache_alloc(m, s, GFP_KERNEL);
	for (int i = 0; i < 32; i++)
		kmem_cache_free(m, s, a[i]);
	kmem_cache_shrink(m, s);
	assert_view(m, "/sys/kernel/slab/sys256/slabs", "0\n");
	/* the whole directory of a cache, as grep . prints it */
	t = view_text(m, "/sys/kernel/slab/sys256");
	assert_non_null(strstr(t, "/sys/kernel/slab/sys256/order:0\n"));
	assert_non_null(strstr(t, "/sys/kernel/slab/sys256/aliases:0\n"));
	assert_null(strstr(t, "/ctor:"));	/* empty files print nothing */
	free(t);
	/* unique ids: mergeable caches are links, unmergeable ones plain names */
	t = view_text(m, "/sys/kernel/slab");
	assert_non_null(strstr(t, "\nkmalloc-64 -> :0000064\n"));
	assert_non_null(strstr(t, "\nkmalloc-rcl-64 -> :a-0000064\n"));
	assert_non_null(strstr(t, "\ndma-kmalloc-64 -> :d-0000064\n"));
	assert_non_null(strstr(t, "\nfs_cache -> :A-0000064\n"));	/* an alias */
	assert_non_null(strstr(t, "\nsys256\n"));
	assert_non_null(strstr(t, "\ntask_struct\n"));	/* usercopy: unmergeable */
	free(t);
	assert_view(m, "/sys/kernel/slab/:a-0000064/reclaim_account", "1\n");
	/* what does not exist */
	assert_null(mms_view(m, "/sys/kernel/slab/nosuch"));
	assert_null(mms_view(m, "/sys/kernel/slab/sys256/nosuch"));
	mms_machine_free(m);
}

/* ------------------------------------------------- the kernel's own caches */

static void test_kernel_caches(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2");
	static const struct {
		const char *name;
		unsigned int size;
	} rows[] = {
		/* 9792, 64-aligned */
		{ "task_struct", 9792 },
		/* 1152 + 2 cpumasks of 8 bytes = 1168, HWCACHE: 1216 */
		{ "mm_struct", 1216 },
		{ "vm_area_struct", 176 },
		/* 120 + the free pointer after the object (a ctor): 128 */
		{ "anon_vma", 128 },
		{ "anon_vma_chain", 64 },
		/* 2088 HWCACHE: 2112 */
		{ "sighand_cache", 2112 },
		{ "files_cache", 704 },
	};

	(void)state;
	for (size_t i = 0; i < N(rows); i++) {
		struct kmem_cache *s = kmem_cache_by_name(m, rows[i].name);

		assert_non_null(s);
		assert_string_equal(s->name, rows[i].name);
		assert_int_equal(s->size, rows[i].size);
	}
	assert_ptr_equal(m->kcaches.mm_struct, kmem_cache_by_name(m, "mm_struct"));
	assert_true(m->kcaches.task_struct->usersize > 0);
	assert_true(m->kcaches.anon_vma->flags & SLAB_TYPESAFE_BY_RCU);
	/* created without a page */
	assert_int_equal(meminfo_kb(m, "Slab:"), 0);
	mms_machine_free(m);
}

/* vmalloc's own objects come from the slab: vmap_area, vm_struct, the page array. */
static unsigned long cache_objs(struct machine *m, const char *name)
{
	struct slabinfo si;

	get_slabinfo(m, kmem_cache_by_name(m, name), &si);
	return si.num_objs;
}

static void test_vmalloc_objects(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2 slab=slab");
	uint64_t v;

	(void)state;
	/*
	 * SLAB counts objects in its arrays as active, so active_objs is what
	 * the slabs hand out: one vmap_area (the busy area; the boot-time
	 * free area is host bookkeeping), one vm_struct in kmalloc-64, and
	 * the 4-page array (32 bytes) in kmalloc-32.
	 */
	assert_int_equal(cache_objs(m, "vmap_area"), 0);
	v = vmalloc(m, 16384);
	assert_true(v != 0);
	assert_true(cache_objs(m, "vmap_area") > 0);
	assert_true(cache_objs(m, "kmalloc-64") > 0);
	assert_true(cache_objs(m, "kmalloc-32") > 0);
	assert_true(meminfo_kb(m, "SUnreclaim:") >= 12);
	{
		struct vmap_area *va = find_vmap_area(m->vmalloc, v);

		assert_non_null(va);
		assert_true(va->kobj != 0);
		assert_ptr_equal(slab_cache(virt_to_slab_page(m, va->kobj)),
				 kmem_cache_by_name(m, "vmap_area"));
		assert_string_equal(slab_cache(virt_to_slab_page(m, va->vm->kobj))->name, "kmalloc-64");
		assert_int_equal(ksize(m, va->vm->pages_kobj), 32);
	}
	vfree(m, v);
	purge_vmap_area_lazy(m);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merge_rules),
		cmocka_unit_test(test_slab_nomerge),
		cmocka_unit_test(test_alias_destroy),
		cmocka_unit_test(test_destroy_twice),
		cmocka_unit_test(test_create_bad_input),
		cmocka_unit_test(test_bad_frees),
		cmocka_unit_test(test_kmalloc_types),
		cmocka_unit_test(test_kmalloc_family),
		cmocka_unit_test(test_krealloc),
		cmocka_unit_test(test_bulk),
		cmocka_unit_test(test_node_alloc),
		cmocka_unit_test(test_sysfs),
		cmocka_unit_test(test_kernel_caches),
		cmocka_unit_test(test_vmalloc_objects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
