// SPDX-License-Identifier: MIT
/*
 * test_slub_debug.c - SLUB debugging, freelist hardening and per-CPU
 * partial slabs (src/mm/slub.c, Linux 6.6 mm/slub.c).
 *
 * The layout numbers are derived in comments from 6.6's calculate_sizes:
 *   size = ALIGN(object_size, 8); SLAB_RED_ZONE with size == object_size
 *   adds a word (the right red zone); inuse = size; the free pointer goes
 *   after the object (offset = size, size += 8) with SLAB_POISON, RCU, a
 *   ctor or kmalloc's orig_size, else offset = ALIGN_DOWN(object_size / 2,
 *   8); SLAB_STORE_USER adds 2 * sizeof(struct track) = 2 * 32, and 4 for
 *   kmalloc's orig_size; SLAB_RED_ZONE adds a word and red_left_pad =
 *   ALIGN(8, align); size = ALIGN(size, align).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "slab.h"

static uint8_t *host(struct machine *m, uint64_t addr)
{
	return (uint8_t *)slab_obj_host(m, addr);
}

static struct kmem_cache *find_cache(struct machine *m, const char *name)
{
	struct kmem_cache *s;

	list_for_each_entry(s, &m->slab->slab_caches, struct kmem_cache, list)
		if (!strcmp(s->name, name))
			return s;
	return NULL;
}

static bool dmesg_hasf(struct machine *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool dmesg_hasf(struct machine *m, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return dmesg_has(m, buf);
}

static unsigned long count_in_log(struct machine *m, const char *needle)
{
	unsigned long n = 0;

	for (const char *p = m->log.buf; p && (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* Many allocations and frees on @s, every pattern intact, then validated clean. */
static void churn_and_validate(struct machine *m, struct kmem_cache *s, int n)
{
	uint64_t *a = calloc((size_t)n, sizeof(*a));
	unsigned long bugs = count_in_log(m, "BUG ");

	assert_non_null(a);
	for (int i = 0; i < n; i++) {
		a[i] = kmem_cache_alloc(m, s, GFP_KERNEL);
		assert_true(a[i] != 0);
		memset(host(m, a[i]), (int)(i & 0x7f), s->object_size);
	}
	for (int i = 0; i < n; i += 2)
		kmem_cache_free(m, s, a[i]);
	for (int i = 1; i < n; i += 2) {
		for (unsigned int b = 0; b < s->object_size; b++)
			assert_int_equal(host(m, a[i])[b], i & 0x7f);
		kmem_cache_free(m, s, a[i]);
	}
	assert_int_equal(count_in_log(m, "BUG "), bugs);	/* no new report */
	assert_int_equal(slub_validate_cache(m, s), 0);
	assert_int_equal(mms_check(m), 0);
	free(a);
}

/* ------------------------------------------------------------ slub_debug= */

static void test_parse_slub_debug(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2 slub_debug=FZPU,kmalloc-64");
	struct kmem_cache *s = find_cache(m, "kmalloc-64"), *t;
	uint64_t a;

	(void)state;
	/* "FZPU,kmalloc-64": DEBUG_DEFAULT_FLAGS for that cache only */
	assert_int_equal(s->flags & SLAB_DEBUG_FLAGS,
			 SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER);
	assert_int_equal(find_cache(m, "kmalloc-128")->flags & SLAB_DEBUG_FLAGS, 0);
	assert_int_equal(find_cache(m, "kmalloc-rcl-64")->flags & SLAB_DEBUG_FLAGS, 0);
	/*
	 * kmalloc-64, align 64 (natural alignment of power-of-two kmalloc):
	 * 64 == object_size: +8 right red zone = 72 = inuse; poison: free
	 * pointer at 72, 80; tracks 80 + 64 = 144, orig_size 148; red zone
	 * word 156, red_left_pad = ALIGN(8, 64) = 64: 220; ALIGN(220, 64) = 256.
	 * calculate_order(256) on 2 CPUs: order 0, 4096 / 256 = 16 objects.
	 */
	assert_int_equal(s->object_size, 64);
	assert_int_equal(s->inuse, 72);
	assert_int_equal(s->offset, 72);
	assert_int_equal(s->red_left_pad, 64);
	assert_int_equal(s->size, 256);
	assert_int_equal(oo_order(s->oo), 0);
	assert_int_equal(oo_objects(s->oo), 16);
	assert_int_equal(s->min_partial, 5);	/* ilog2(256) / 2 = 4 -> 5 */
	/* no per-CPU partials for debug caches; ksize is object_size */
	assert_int_equal(s->cpu_partial, 0);
	assert_int_equal(s->cpu_partial_slabs, 0);
	a = kmalloc(m, 64, GFP_KERNEL);
	assert_int_equal(a % 64, 0);
	assert_int_equal(a - page_address(m, virt_to_slab_page(m, a)), 64);	/* after red_left_pad */
	assert_int_equal(ksize(m, a), 64);
	/* debug caches never get a CPU slab: the slab is on the node partial list */
	assert_null(s->cpu_slab[0].slab);
	assert_int_equal(s->cpu_slab[0].freelist, 0);
	assert_int_equal(s->node[0].nr_partial, 1);
	kfree(m, a);

	/* a cache created later: only named ones get the flags */
	t = kmem_cache_create(m, "plain", 100, 0, 0, NULL);
	assert_int_equal(t->flags & SLAB_DEBUG_FLAGS, 0);
	assert_int_equal(kmem_cache_flags(m, 64, 0, "kmalloc-64") & SLAB_DEBUG_FLAGS,
			 SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER);
	assert_int_equal(kmem_cache_flags(m, 64, SLAB_NO_USER_FLAGS, "kmalloc-64"),
			 SLAB_NO_USER_FLAGS);
	assert_int_equal(kmem_cache_flags(m, 64, 0, "kmalloc-640"), 0);
	assert_int_equal(kmem_cache_flags(m, 64, 0, "kmalloc-6"), 0);
	mms_machine_free(m);
}

static void test_parse_blocks(void **state)
{
	struct machine *m;
	struct kmem_cache *s;

	(void)state;
	/* ";" blocks: Z for every cache, P for kmalloc-1* (its own flags only) */
	m = boot_spec("ram=64M slub_debug=Z;P,kmalloc-1*,foo");
	assert_int_equal(find_cache(m, "kmalloc-8")->flags & SLAB_DEBUG_FLAGS, SLAB_RED_ZONE);
	assert_int_equal(find_cache(m, "kmalloc-128")->flags & SLAB_DEBUG_FLAGS, SLAB_POISON);
	assert_int_equal(find_cache(m, "kmalloc-16")->flags & SLAB_DEBUG_FLAGS, SLAB_POISON);
	assert_int_equal(find_cache(m, "kmalloc-1k")->flags & SLAB_DEBUG_FLAGS, SLAB_POISON);
	assert_int_equal(find_cache(m, "kmalloc-256")->flags & SLAB_DEBUG_FLAGS, SLAB_RED_ZONE);
	assert_int_equal(kmem_cache_flags(m, 8, 0, "foo"), SLAB_POISON);
	/* SLAB_NO_USER_FLAGS is exempt from the global flags too */
	s = kmem_cache_create(m, "mine", 40, 0, SLAB_NO_USER_FLAGS, NULL);
	assert_int_equal(s->flags & SLAB_DEBUG_FLAGS, 0);
	assert_true(s->flags & SLAB_NO_USER_FLAGS);
	/*
	 * kmalloc-8 with Z only: 8 == object_size: +8 = 16 = inuse; the
	 * pointer stays inside (offset ALIGN_DOWN(4, 8) = 0); +8 red zone word
	 * and red_left_pad ALIGN(8, 8) = 8: 32.
	 */
	s = find_cache(m, "kmalloc-8");
	assert_int_equal(s->inuse, 16);
	assert_int_equal(s->offset, 0);
	assert_int_equal(s->red_left_pad, 8);
	assert_int_equal(s->size, 32);
	mms_machine_free(m);

	/* "slub_debug" alone (an empty value): full debugging of every cache */
	m = boot_spec("ram=64M slub_debug=");
	assert_int_equal(find_cache(m, "kmalloc-512")->flags & SLAB_DEBUG_FLAGS,
			 SLAB_CONSISTENCY_CHECKS | SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER);
	/* debugged caches are never merged (SLAB_NEVER_MERGE via kmem_cache_flags) */
	s = kmem_cache_create(m, "would_merge", 64, 0, 0, NULL);
	assert_string_equal(s->name, "would_merge");
	mms_machine_free(m);

	/* "-" switches everything off; an unknown letter is reported */
	m = boot_spec("ram=64M slub_debug=-");
	assert_int_equal(find_cache(m, "kmalloc-64")->flags & SLAB_DEBUG_FLAGS, 0);
	s = kmem_cache_create(m, "merged", 64, 0, 0, NULL);
	assert_ptr_equal(s, find_cache(m, "kmalloc-64"));	/* merged, as without debugging */
	mms_machine_free(m);
	m = boot_spec("ram=64M slub_debug=Ux,kmalloc-32");
	assert_true(dmesg_has(m, "slub_debug option 'x' unknown. skipped"));
	assert_int_equal(find_cache(m, "kmalloc-32")->flags & SLAB_DEBUG_FLAGS, SLAB_STORE_USER);
	/*
	 * kmalloc-32 with U only: 32 = inuse; orig_size puts the pointer
	 * after it: offset 32, 40; + 64 + 4 = 108; ALIGN(108, 32) = 128.
	 */
	s = find_cache(m, "kmalloc-32");
	assert_int_equal(s->offset, 32);
	assert_int_equal(s->size, 128);
	assert_int_equal(ksize(m, kmalloc(m, 32, GFP_KERNEL)), 32);	/* s->inuse */
	mms_machine_free(m);
}

/* ------------------------------------------------------------- detections */

static struct machine *debug_machine(struct kmem_cache **s)
{
	struct machine *m = boot_spec("ram=64M cpus=2 slub_debug=FZPU,kmalloc-64");

	*s = find_cache(m, "kmalloc-64");
	return m;
}

static void test_redzone_overwritten(void **state)
{
	struct kmem_cache *s;
	struct machine *m = debug_machine(&s);
	uint64_t a = kmalloc(m, 64, GFP_KERNEL), base;

	(void)state;
	base = page_address(m, virt_to_slab_page(m, a));
	/* a fresh object: left and right red zones active, the object poisoned */
	assert_int_equal(host(m, a)[-1], SLUB_RED_ACTIVE);
	assert_int_equal(host(m, a)[0], POISON_FREE);
	assert_int_equal(host(m, a)[63], POISON_END);
	assert_int_equal(host(m, a)[64], SLUB_RED_ACTIVE);
	memcpy(host(m, a), "hello", 5);
	host(m, a)[64] = 0x41;		/* one byte past the end */
	kfree(m, a);
	assert_true(dmesg_has(m, "] =============================================================================\n"));
	assert_true(dmesg_has(m, "BUG kmalloc-64 (Not tainted): Right Redzone overwritten"));
	assert_true(dmesg_hasf(m, "0x%016llx-0x%016llx @offset=%llu. First byte 0x41 instead of 0xcc",
			       (unsigned long long)(a + 64), (unsigned long long)(a + 64),
			       (unsigned long long)(a + 64 - base)));
	assert_true(dmesg_has(m, "Allocated in kmalloc+0x0/0x0 age=0 cpu=0 pid=0"));
	assert_true(dmesg_hasf(m, "Object 0x%016llx @offset=%llu fp=0x", (unsigned long long)a,
			       (unsigned long long)(a - base)));
	assert_true(dmesg_hasf(m, "Redzone  %016llx: cc cc cc cc cc cc cc cc", (unsigned long long)(a - 64)));
	assert_true(dmesg_hasf(m, "Object   %016llx: 68 65 6c 6c 6f 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b  hellokkkkkkkkkkk",
			       (unsigned long long)a));
	assert_true(dmesg_hasf(m, "Object   %016llx: 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b 6b a5  kkkkkkkkkkkkkkk.",
			       (unsigned long long)(a + 48)));
	assert_true(dmesg_hasf(m, "Redzone  %016llx: 41 cc cc cc cc cc cc cc                          A.......",
			       (unsigned long long)(a + 64)));
	/* padding: 148 .. 192 (size_from_object = 256 - 64): 44 bytes of 0x5a */
	assert_true(dmesg_hasf(m, "Padding  %016llx: 5a 5a", (unsigned long long)(a + 148)));
	assert_true(dmesg_hasf(m, "FIX kmalloc-64: Restoring Right Redzone 0x%016llx-0x%016llx=0xcc",
			       (unsigned long long)(a + 64), (unsigned long long)(a + 64)));
	assert_true(dmesg_hasf(m, "FIX kmalloc-64: Object at 0x%016llx not freed", (unsigned long long)a));
	assert_true(m->taint & (1UL << TAINT_BAD_PAGE));
	/* restored and still allocated: freeing it again now works */
	assert_int_equal(host(m, a)[64], SLUB_RED_ACTIVE);
	assert_int_equal(virt_to_slab_page(m, a)->private & 0xffff, 1);
	kfree(m, a);
	assert_int_equal(virt_to_slab_page(m, a)->private & 0xffff, 0);
	assert_int_equal(host(m, a)[64], SLUB_RED_INACTIVE);
	churn_and_validate(m, s, 300);
	/* and a report after the taint says so */
	a = kmalloc(m, 64, GFP_KERNEL);
	host(m, a)[-3] = 0;
	kfree(m, a);
	assert_true(dmesg_has(m, "BUG kmalloc-64 (Tainted: G    B"));
	assert_true(dmesg_has(m, "): Left Redzone overwritten"));
	mms_machine_free(m);
}

static void test_double_free(void **state)
{
	struct kmem_cache *s;
	struct machine *m = debug_machine(&s);
	uint64_t a = kmalloc(m, 64, GFP_KERNEL);
	uint64_t b = kmalloc(m, 64, GFP_KERNEL);
	struct page *slab = virt_to_slab_page(m, a);

	(void)state;
	kfree(m, a);
	kfree(m, a);		/* b keeps the slab in use: on_freelist finds a */
	assert_true(dmesg_has(m, "BUG kmalloc-64 (Not tainted): Object already free"));
	assert_true(dmesg_has(m, "Allocated in kmalloc+0x0/0x0 age=0 cpu=0 pid=0"));
	assert_true(dmesg_has(m, "Freed in kfree+0x0/0x0 age=0 cpu=0 pid=0"));
	assert_true(dmesg_hasf(m, "Object   %016llx: 6b 6b 6b", (unsigned long long)a));
	assert_true(dmesg_hasf(m, "FIX kmalloc-64: Object at 0x%016llx not freed", (unsigned long long)a));
	assert_int_equal(slab_inuse(slab), 1);		/* counted once */
	kfree(m, b);
	/* a second free with nothing in use: free_debug_processing's count check */
	kfree(m, b);
	assert_true(dmesg_has(m, "Slab has 0 allocated objects but 1 are to be freed"));
	assert_true(dmesg_hasf(m, "FIX kmalloc-64: Object at 0x%016llx not freed", (unsigned long long)b));
	assert_int_equal(slab_inuse(slab), 0);
	churn_and_validate(m, s, 300);
	mms_machine_free(m);
}

static void test_use_after_free(void **state)
{
	struct kmem_cache *s;
	struct machine *m = debug_machine(&s);
	uint64_t a = kmalloc(m, 64, GFP_KERNEL);
	uint64_t b = kmalloc(m, 64, GFP_KERNEL);
	uint64_t c;

	(void)state;
	kfree(m, a);
	host(m, a)[10] = 'X';		/* a write after the free */
	/* validation finds it: one report, the poison restored */
	assert_int_equal(slub_validate_cache(m, s), 1);
	assert_true(dmesg_has(m, "BUG kmalloc-64 (Not tainted): Poison overwritten"));
	assert_true(dmesg_hasf(m, "0x%016llx-0x%016llx @offset=%llu. First byte 0x58 instead of 0x6b",
			       (unsigned long long)(a + 10), (unsigned long long)(a + 10),
			       (unsigned long long)(a + 10 - page_address(m, virt_to_slab_page(m, a)))));
	assert_true(dmesg_hasf(m, "FIX kmalloc-64: Restoring Poison 0x%016llx-0x%016llx=0x6b",
			       (unsigned long long)(a + 10), (unsigned long long)(a + 10)));
	assert_int_equal(host(m, a)[10], POISON_FREE);
	assert_int_equal(slub_validate_cache(m, s), 0);
	/* LIFO: the repaired object comes back without a report */
	assert_int_equal(kmalloc(m, 64, GFP_KERNEL), a);
	assert_int_equal(count_in_log(m, "BUG "), 1);

	/* the next allocation finds it (alloc_consistency_checks) */
	kfree(m, a);
	memset(host(m, a) + 20, 0, 4);
	c = kmalloc(m, 64, GFP_KERNEL);
	assert_true(dmesg_has(m, "): Poison overwritten"));
	assert_true(dmesg_hasf(m, "0x%016llx-0x%016llx @offset=", (unsigned long long)(a + 20),
			       (unsigned long long)(a + 23)));
	assert_true(dmesg_has(m, "First byte 0x0 instead of 0x6b"));
	assert_true(dmesg_has(m, "FIX kmalloc-64: Marking all objects used"));
	/*
	 * alloc_debug_processing failed: the slab is isolated (off the
	 * partial list, every object counted in use) and the object comes
	 * from a new slab.
	 */
	assert_true(c != a && c != 0);
	assert_true(virt_to_slab_page(m, c) != virt_to_slab_page(m, a));
	assert_int_equal(slab_inuse(virt_to_slab_page(m, a)), 16);
	assert_int_equal(s->node[0].nr_partial, 1);
	assert_int_equal(s->node[0].nr_slabs, 2);
	/*
	 * 6.6 leaves the isolated slab on no list, so validation (which walks
	 * the partial and, with SLAB_STORE_USER, full lists) counts 1 slab of
	 * 2: validate_slab_node's "slabs counted but counter" error.
	 */
	assert_int_equal(slub_validate_cache(m, s), 1);
	assert_true(dmesg_has(m, "SLUB: kmalloc-64 1 slabs counted but counter=2"));
	kfree(m, b);	/* an object of the isolated slab: still freed with checks */
	kfree(m, c);
	/* the cache keeps working */
	{
		uint64_t x[100];

		for (int i = 0; i < 100; i++)
			x[i] = kmalloc(m, 64, GFP_KERNEL);
		for (int i = 0; i < 100; i++)
			kfree(m, x[i]);
	}
	assert_int_equal(mms_check(m), 0);
	mms_machine_free(m);
}

static void test_invalid_pointer(void **state)
{
	struct kmem_cache *s;
	struct machine *m = debug_machine(&s);
	uint64_t a = kmalloc(m, 64, GFP_KERNEL);

	(void)state;
	kfree(m, a + 8);
	assert_true(dmesg_hasf(m, "BUG kmalloc-64 (Not tainted): Invalid object pointer 0x%016llx",
			       (unsigned long long)(a + 8)));
	assert_true(dmesg_hasf(m, "FIX kmalloc-64: Object at 0x%016llx not freed",
			       (unsigned long long)(a + 8)));
	assert_true(dmesg_has(m, "Slab 0xffffea"));
	assert_true(dmesg_has(m, " objects=16 used=1 fp=0x"));
	assert_true(dmesg_has(m, "(slab|node=0|zone="));
	kfree(m, a);
	churn_and_validate(m, s, 300);
	mms_machine_free(m);
}

/* A cache created with debug flags, a ctor, and random use over CPUs. */
static unsigned long ctor_calls;

static void ctor_fn(struct machine *m, uint64_t obj)
{
	memset(host(m, obj), 0x11, 24);
	ctor_calls++;
}

static void test_debug_cache_random(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=4 seed=7");
	struct kmem_cache *s = kmem_cache_create(m, "dbg", 24, 0,
						 SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER |
						 SLAB_CONSISTENCY_CHECKS, ctor_fn);
	enum { N = 400, STEPS = 3000 };
	uint64_t live[N];
	size_t nlive = 0;
	struct rnd_state r;

	(void)state;
	/*
	 * 24 bytes with a ctor: no object poisoning (__OBJECT_POISON needs no
	 * ctor); 24 == object_size: +8 = 32 = inuse; the ctor puts the pointer
	 * at 32, 40; tracks 104; red zone word 112 and red_left_pad 8: 120.
	 */
	assert_int_equal(s->inuse, 32);
	assert_int_equal(s->offset, 32);
	assert_int_equal(s->size, 120);
	assert_false(s->flags & 0x80000000U);
	prandom_seed_state(&r, 42);
	for (int step = 0; step < STEPS; step++) {
		m->cpu = (int)prandom_below(&r, 4);
		if (nlive < N && (nlive < 8 || prandom_below(&r, 3))) {
			uint64_t o = kmem_cache_alloc(m, s, GFP_KERNEL);

			assert_true(o != 0);
			for (int i = 0; i < 24; i++)
				assert_int_equal(host(m, o)[i], 0x11);	/* constructed, kept */
			live[nlive++] = o;
		} else {
			size_t i = prandom_below(&r, nlive);

			kmem_cache_free(m, s, live[i]);
			live[i] = live[--nlive];
		}
		if (step % 250 == 0) {
			assert_int_equal(mms_check(m), 0);
			assert_int_equal(slub_validate_cache(m, s), 0);
		}
	}
	assert_int_equal(count_in_log(m, "BUG "), 0);
	while (nlive)
		kmem_cache_free(m, s, live[--nlive]);
	assert_int_equal(slub_validate_cache(m, s), 0);
	assert_int_equal(kmem_cache_destroy(m, s), 0);
	assert_int_equal(mms_check(m), 0);
	assert_true(ctor_calls > 0);
	mms_machine_free(m);
}

/* ---------------------------------------------------------------- hardening */

static void test_freelist_hardening(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2");
	struct machine *m2 = boot_spec("ram=64M cpus=2");
	struct kmem_cache *s = kmem_cache_create(m, "hard", 128, 0, SLAB_NO_MERGE, NULL);
	struct kmem_cache *s2 = kmem_cache_create(m2, "hard", 128, 0, SLAB_NO_MERGE, NULL);
	uint64_t a[4], raw, next;

	(void)state;
	/* the key comes from the machine's seeded PRNG: the same seed, the same key */
	assert_true(s->random != 0);
	assert_int_equal(s->random, s2->random);
	assert_true(s->random != find_cache(m, "kmalloc-128")->random);
	mms_machine_free(m2);
	for (int i = 0; i < 4; i++)
		a[i] = kmem_cache_alloc(m, s, GFP_KERNEL);
	/* a fresh slab: the 5th object is next; its pointer in RAM is encoded */
	memcpy(&raw, host(m, a[3] + s->offset), sizeof(raw));
	next = a[3] + 128;
	assert_true(raw != next);
	assert_int_equal(raw, next ^ s->random ^ __builtin_bswap64(a[3] + s->offset));
	assert_int_equal(s->cpu_slab[0].freelist, next);
	kmem_cache_free(m, s, a[1]);
	kmem_cache_free(m, s, a[2]);
	/* a[2] -> a[1] -> a[4]...: decoded, not plain */
	memcpy(&raw, host(m, a[2] + s->offset), sizeof(raw));
	assert_true(raw != a[1]);
	assert_int_equal(raw ^ s->random ^ __builtin_bswap64(a[2] + s->offset), a[1]);
	/* the end of the list (0) is encoded too */
	memcpy(&raw, host(m, a[0] + 31 * 128 + s->offset), sizeof(raw));
	assert_int_equal(raw, s->random ^ __builtin_bswap64(a[0] + 31 * 128 + s->offset));

	/* a naive double free (the object is its own next): BUG, refused */
	kmem_cache_free(m, s, a[2]);
	assert_true(dmesg_has(m, "kernel BUG at mm/slub.c"));
	assert_int_equal(s->cpu_slab[0].freelist, a[2]);

	/* a corrupted free pointer: caught before it is followed, chain cut */
	memset(host(m, a[2] + s->offset), 0x41, 8);
	assert_int_equal(kmem_cache_alloc(m, s, GFP_KERNEL), a[2]);
	assert_true(dmesg_has(m, "): Freechain corrupt"));
	assert_true(dmesg_has(m, "FIX hard: Isolate corrupted freechain"));
	assert_int_equal(s->cpu_slab[0].freelist, 0);
	/* the rest of the slab is lost (counted in use); the cache goes on */
	next = kmem_cache_alloc(m, s, GFP_KERNEL);
	assert_true(next != 0);
	assert_true(virt_to_slab_page(m, next) != virt_to_slab_page(m, a[0]));
	assert_int_equal(mms_check(m), 0);
	assert_int_equal(slub_validate_cache(m, s), 0);
	mms_machine_free(m);
}

/* ------------------------------------------------------ per-CPU partials */

static void test_cpu_partial(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2");
	struct kmem_cache *s = kmem_cache_create(m, "pcp", 256, 0, SLAB_NO_MERGE, NULL);
	struct kmem_cache_cpu *c1 = &s->cpu_slab[1];
	uint64_t a[160];
	struct page *slab[10], *p;
	char want[200];
	int i;

	(void)state;
	/* 256 bytes: 52 objects (set_cpu_partial), DIV_ROUND_UP(52 * 2, 16) = 7 slabs */
	assert_int_equal(s->cpu_partial, 52);
	assert_int_equal(s->cpu_partial_slabs, 7);
	assert_int_equal(find_cache(m, "kmalloc-64")->cpu_partial_slabs, 4);	/* 240 / 64 */
	assert_int_equal(find_cache(m, "kmalloc-1k")->cpu_partial_slabs, 3);	/* 48 / 16 */
	assert_int_equal(find_cache(m, "kmalloc-4k")->cpu_partial_slabs, 2);	/* 12 / 8 */
	/* CPU 0 fills 10 slabs: 1..9 full (on no list), 10 its cpu slab */
	for (i = 0; i < 160; i++)
		a[i] = kmem_cache_alloc(m, s, GFP_KERNEL);
	for (i = 0; i < 10; i++)
		slab[i] = virt_to_slab_page(m, a[i * 16]);
	/*
	 * CPU 1 frees one object of each full slab: the first free of a full
	 * slab freezes it onto CPU 1's partial list.  Slabs 1..7 make 7;
	 * slab 8 finds slabs >= cpu_partial_slabs and drains the 7 to the
	 * node (__unfreeze_partials, newest first, to the tail: 7, 6, .., 1),
	 * then starts a new list: slab 8 (slabs 1), slab 9 (slabs 2).
	 */
	m->cpu = 1;
	for (i = 0; i < 9; i++)
		kmem_cache_free(m, s, a[i * 16 + 5]);
	assert_ptr_equal(c1->partial, slab[8]);
	assert_int_equal((uintptr_t)slab[8]->lru.prev, 2);	/* slab->slabs */
	assert_ptr_equal((struct page *)(void *)slab[8]->lru.next, slab[7]);
	assert_true(slab_frozen(slab[8]) && slab_frozen(slab[7]));
	assert_int_equal(s->node[0].nr_partial, 7);
	i = 6;
	list_for_each_entry(p, &s->node[0].partial, struct page, lru) {
		assert_ptr_equal(p, slab[i--]);
		assert_false(slab_frozen(p));
	}
	/* slabinfo counts only the node partials' free objects: 160 - 7 */
	snprintf(want, sizeof(want), "pcp                  153    160    256   16    1 : tunables    0    0    0 : slabdata     10     10      0");
	{
		char *t = view_text(m, "/proc/slabinfo");

		assert_non_null(strstr(t, want));
		free(t);
	}
	/*
	 * CPU 1 allocates: no cpu slab, so the CPU partial list first (slab 9,
	 * then slab 8: get_freelist of an emptied one unfreezes it), then the
	 * node: get_partial_node takes slab 7 as the cpu slab and puts 6, 5,
	 * 4, 3 on the CPU partial list, stopping when partial_slabs (4) >
	 * cpu_partial_slabs / 2 (3); slabs 2 and 1 stay on the node.
	 */
	assert_int_equal(kmem_cache_alloc(m, s, GFP_KERNEL), a[8 * 16 + 5]);
	assert_ptr_equal(c1->slab, slab[8]);
	assert_int_equal(kmem_cache_alloc(m, s, GFP_KERNEL), a[7 * 16 + 5]);
	assert_false(slab_frozen(slab[8]));
	assert_int_equal(kmem_cache_alloc(m, s, GFP_KERNEL), a[6 * 16 + 5]);
	assert_ptr_equal(c1->slab, slab[6]);
	assert_ptr_equal(c1->partial, slab[2]);
	assert_int_equal((uintptr_t)slab[2]->lru.prev, 4);
	assert_int_equal(s->node[0].nr_partial, 2);
	assert_ptr_equal(list_first_entry(&s->node[0].partial, struct page, lru), slab[1]);
	/* flush_all (kmem_cache_shrink) unfreezes CPU 1's partial slabs too */
	kmem_cache_shrink(m, s);
	assert_null(c1->partial);
	assert_null(c1->slab);
	/*
	 * slab 7 (the cpu slab) is full now: on no list; slabs 3..6 join 2
	 * and 1 on the node, one free object each.
	 */
	assert_int_equal(s->node[0].nr_partial, 6);
	assert_int_equal(mms_check(m), 0);
	assert_int_equal(slub_validate_cache(m, s), 0);
	mms_machine_free(m);
}

static void test_alloc_bulk(void **state)
{
	struct machine *m = boot_spec("ram=64M cpus=2");
	struct kmem_cache *s = kmem_cache_create(m, "bulk", 512, 0, SLAB_NO_MERGE, NULL);
	uint64_t p[40];

	(void)state;
	/* 512 bytes: order 1, 16 a slab; 40 objects: slabs of 16, 16 and 8 */
	assert_int_equal(kmem_cache_alloc_bulk(m, s, GFP_KERNEL | __GFP_ZERO, 40, p), 40);
	for (int i = 1; i < 16; i++)
		assert_int_equal(p[i], p[0] + 512 * (uint64_t)i);
	for (int i = 0; i < 40; i++)
		assert_int_equal(host(m, p[i])[100], 0);
	assert_int_equal(s->node[0].nr_slabs, 3);
	kmem_cache_free_bulk(m, s, 40, p);
	assert_int_equal(slub_validate_cache(m, s), 0);
	assert_int_equal(kmem_cache_destroy(m, s), 0);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_slub_debug),
		cmocka_unit_test(test_parse_blocks),
		cmocka_unit_test(test_redzone_overwritten),
		cmocka_unit_test(test_double_free),
		cmocka_unit_test(test_use_after_free),
		cmocka_unit_test(test_invalid_pointer),
		cmocka_unit_test(test_debug_cache_random),
		cmocka_unit_test(test_freelist_hardening),
		cmocka_unit_test(test_cpu_partial),
		cmocka_unit_test(test_alloc_bulk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
