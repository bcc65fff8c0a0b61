// SPDX-License-Identifier: MIT
/*
 * test_slab_stress.c - the same randomized workload on SLUB, SLAB and
 * SLOB, with the invariant checker (check_machine: the page allocator's
 * checks and the allocator's own, slub_check / check_slab_caches /
 * slob_check) after every step.
 *
 * Each step, on a random CPU of a 2-node machine, kmallocs an object of
 * a random size (biased small, sometimes above 8K, sometimes GFP_DMA or
 * __GFP_RECLAIMABLE), allocates from one of four caches of our own
 * (plain, cache-line aligned, with a constructor, reclaimable), or frees
 * a random live object after checking its fill pattern.  At the end no
 * two objects overlap, every pattern is intact, and once all is freed and
 * the caches shrunk, the machine has every page it started with.
 */
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "random.h"
#include "slab.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

struct obj {
	uint64_t addr;
	size_t len;
	struct kmem_cache *cache;	/* NULL: kmalloc */
	uint8_t pat;
};

static void ctor_fill(struct machine *m, uint64_t object)
{
	memset(slab_obj_host(m, object), 0xc7, 16);
}

static void fill(struct machine *m, struct obj *o)
{
	memset(slab_obj_host(m, o->addr), o->pat, o->len);
}

static void check_fill(struct machine *m, const struct obj *o)
{
	const uint8_t *p = slab_obj_host(m, o->addr);

	for (size_t i = 0; i < o->len; i++)
		if (p[i] != o->pat)
			fail_msg("object %#llx (%zu bytes) byte %zu is %#x, not %#x",
				 (unsigned long long)o->addr, o->len, i, p[i], o->pat);
}

static int cmp_obj(const void *a, const void *b)
{
	const struct obj *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void run_stress(const char *spec, int steps)
{
	enum { NOBJ = 600 };
	struct machine *m = boot_spec(spec);
	struct rnd_state rnd;
	struct kmem_cache *caches[4];
	struct obj *o = calloc(NOBJ, sizeof(*o));
	unsigned long free0;
	size_t live = 0;

	assert_non_null(o);
	prandom_seed_state(&rnd, 12345);
	caches[0] = kmem_cache_create(m, "st_plain", 72, 0, SLAB_NO_MERGE, NULL);
	caches[1] = kmem_cache_create(m, "st_hwalign", 200, 0, SLAB_HWCACHE_ALIGN, NULL);
	caches[2] = kmem_cache_create(m, "st_ctor", 40, 0, 0, ctor_fill);
	caches[3] = kmem_cache_create(m, "st_recl", 500, 0, SLAB_RECLAIM_ACCOUNT, NULL);
	for (size_t i = 0; i < N(caches); i++)
		assert_non_null(caches[i]);
	free0 = free_pages_now(m);
	for (int step = 0; step < steps; step++) {
		uint64_t r = prandom_u64_state(&rnd);

		m->cpu = (int)(r % (uint64_t)m->nr_cpu_ids);
		if (live < NOBJ && (live < 8 || (r >> 8) % 3)) {
			struct obj *n = &o[live];

			memset(n, 0, sizeof(*n));
			if ((r >> 12) % 3) {
				gfp_t gfp = GFP_KERNEL;
				unsigned int sel = (unsigned int)((r >> 16) % 16);

				n->len = sel == 0 ? 8193 + (r >> 24) % 20000 :
					 sel < 4 ? 1 + (r >> 24) % 4096 : 1 + (r >> 24) % 256;
				if (sel == 5)
					gfp |= GFP_DMA;
				if (sel == 6)
					gfp |= __GFP_RECLAIMABLE;
				n->addr = kmalloc(m, n->len, gfp);
			} else {
				n->cache = caches[(r >> 16) % N(caches)];
				n->len = n->cache->object_size;
				n->addr = kmem_cache_alloc(m, n->cache, GFP_KERNEL);
			}
			assert_true(n->addr != 0);
			if (n->cache)
				assert_int_equal(n->addr % n->cache->align, 0);
			else
				assert_int_equal(n->addr % 8, 0);
			n->pat = (uint8_t)((r >> 40) | 1);
			fill(m, n);
			live++;
		} else {
			size_t i = (size_t)((r >> 8) % live);

			check_fill(m, &o[i]);
			if (o[i].cache)
				kmem_cache_free(m, o[i].cache, o[i].addr);
			else
				kfree(m, o[i].addr);
			o[i] = o[--live];
		}
		if (check_machine(m))
			fail_msg("%s: invariants broken at step %d (see dmesg)", spec, step);
	}
	qsort(o, live, sizeof(*o), cmp_obj);
	for (size_t i = 0; i < live; i++) {
		check_fill(m, &o[i]);
		if (i)
			assert_true(o[i - 1].addr + o[i - 1].len <= o[i].addr);
	}
	for (size_t i = 0; i < live; i++) {
		if (o[i].cache)
			kmem_cache_free(m, o[i].cache, o[i].addr);
		else
			kfree(m, o[i].addr);
	}
	for (size_t i = 0; i < N(caches); i++)
		assert_int_equal(kmem_cache_destroy(m, caches[i]), 0);
	{
		struct kmem_cache *s;

		list_for_each_entry(s, &m->slab->slab_caches, struct kmem_cache, list)
			kmem_cache_shrink(m, s);
	}
	assert_int_equal(meminfo_kb(m, "Slab:"), 0);
	assert_int_equal(free_pages_now(m), free0);
	assert_int_equal(check_machine(m), 0);
	assert_int_equal(m->nr_bad_pages, 0);
	assert_false(dmesg_has(m, "BUG "));
	free(o);
	mms_machine_free(m);
}

static void test_stress_slub(void **state)
{
	(void)state;
	run_stress("ram=128M cpus=3 nodes=2 slab=slub", 4000);
}

static void test_stress_slab(void **state)
{
	(void)state;
	run_stress("ram=128M cpus=3 nodes=2 slab=slab", 4000);
}

static void test_stress_slob(void **state)
{
	(void)state;
	run_stress("ram=128M cpus=3 nodes=2 slab=slob", 4000);
}

static void test_stress_slub_debug(void **state)
{
	(void)state;
	run_stress("ram=128M cpus=2 slab=slub slub_debug=FZPU", 2000);
}

/*
 * Three machines in one process, one per allocator, used in turn: no
 * state leaks from one to another (no globals), each ends as it began.
 */
static void test_three_machines(void **state)
{
	static const char *const specs[] = {
		"ram=64M cpus=2 slab=slub", "ram=64M cpus=2 slab=slab", "ram=64M cpus=2 slab=slob",
	};
	struct machine *m[3];
	unsigned long free0[3];
	uint64_t objs[3][64];

	(void)state;
	for (int i = 0; i < 3; i++) {
		m[i] = boot_spec(specs[i]);
		free0[i] = free_pages_now(m[i]);
	}
	for (int k = 0; k < 64; k++)
		for (int i = 0; i < 3; i++) {
			objs[i][k] = kmalloc(m[i], 24 + 8 * (unsigned int)k, GFP_KERNEL);
			assert_true(objs[i][k] != 0);
			memset(slab_obj_host(m[i], objs[i][k]), i + 1, 24);
		}
	assert_string_equal(mms_slab_allocator(m[0]), "SLUB");
	assert_string_equal(mms_slab_allocator(m[1]), "SLAB");
	assert_string_equal(mms_slab_allocator(m[2]), "SLOB");
	for (int k = 0; k < 64; k++)
		for (int i = 0; i < 3; i++) {
			assert_int_equal(*(uint8_t *)slab_obj_host(m[i], objs[i][k]), i + 1);
			kfree(m[i], objs[i][k]);
		}
	for (int i = 0; i < 3; i++) {
		shrink_all(m[i]);
		assert_int_equal(meminfo_kb(m[i], "Slab:"), 0);
		assert_int_equal(free_pages_now(m[i]), free0[i]);
		assert_int_equal(check_machine(m[i]), 0);
		mms_machine_free(m[i]);
	}
}

/* Negative control: the checkers do catch a broken allocator. */
static void test_checkers_catch(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2");
	struct kmem_cache *s = kmem_cache_create(m, "victim", 64, 0, SLAB_NO_MERGE, NULL);
	uint64_t a = kmem_cache_alloc(m, s, GFP_KERNEL), next;
	uint64_t *fp;

	(void)state;
	assert_int_equal(check_machine(m), 0);
	/* a node count that disagrees with the list */
	s->node[0].nr_partial++;
	assert_true(check_machine(m) > 0);
	assert_true(dmesg_has(m, "mmsim: DEBUG_VM: SLUB: victim: node 0: 0 partial slabs listed, nr_partial 1"));
	s->node[0].nr_partial--;
	/* a free pointer on the CPU freelist scribbled over */
	next = s->cpu_slab[0].freelist;
	fp = slab_obj_host(m, next + s->offset);
	*fp ^= 0x10;
	assert_true(check_machine(m) > 0);
	assert_true(dmesg_has(m, "victim: CPU freelist of slab pfn"));
	*fp ^= 0x10;
	assert_int_equal(check_machine(m), 0);
	kmem_cache_free(m, s, a);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stress_slub),
		cmocka_unit_test(test_stress_slab),
		cmocka_unit_test(test_stress_slob),
		cmocka_unit_test(test_stress_slub_debug),
		cmocka_unit_test(test_three_machines),
		cmocka_unit_test(test_checkers_catch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
