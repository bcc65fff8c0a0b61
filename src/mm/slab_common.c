// SPDX-License-Identifier: MIT
/*
 * slab_common.c - what every slab allocator shares (mm/slab_common.c,
 * Linux 6.6): kmem_cache_create/destroy with cache merging, the kmalloc
 * caches and their size selection, the kmalloc family, /proc/slabinfo.
 *
 * The allocator itself (SLUB, SLAB or SLOB, `slab=` at boot) sits behind
 * struct slab_allocator_ops; this file checks the caller's arguments and
 * then calls it.  kmalloc caches exist in three of Linux's types:
 * kmalloc-N, kmalloc-rcl-N (__GFP_RECLAIMABLE) and dma-kmalloc-N
 * (__GFP_DMA); kmalloc-cg-N needs memory cgroups (a later issue) and is
 * kmalloc-N until then, as in a kernel without memcg kmem accounting.
 *
 * A cache's bookkeeping (struct kmem_cache) is host memory, so creating
 * caches at boot allocates no page; the objects and their slabs are in
 * simulated RAM.  Linux's "kmem_cache" and "kmem_cache_node" boot caches
 * are therefore absent from slabinfo.  A destroyed cache's host memory is
 * kept until the machine goes, so a second kmem_cache_destroy (a
 * use-after-free in Linux, caught by KASAN) is reported, not a host crash.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "slab.h"

/* INIT_KMALLOC_INFO: each index's size and its name per type. */
static const struct {
	const char *name[NR_KMALLOC_TYPES];
	unsigned int size;
} kmalloc_info[KMALLOC_CACHES] = {
#define KI(sz, s) { { "kmalloc-" s, "kmalloc-rcl-" s, "dma-kmalloc-" s }, sz }
	{ { NULL, NULL, NULL }, 0 },
	KI(96, "96"), KI(192, "192"),
	KI(8, "8"), KI(16, "16"), KI(32, "32"), KI(64, "64"), KI(128, "128"),
	KI(256, "256"), KI(512, "512"), KI(1024, "1k"), KI(2048, "2k"),
	KI(4096, "4k"), KI(8192, "8k"),
#undef KI
};

/*
 * Conversion table for small kmalloc sizes to the cache index, for sizes
 * up to 192 ((size - 1) / 8): 96 and 192 fill the gaps between powers.
 * setup_kmalloc_cache_index_table raises the entries below the smallest
 * cache (SLAB's kmalloc-32).
 */
static const uint8_t size_index_init[24] = {
	3,	/* 8 */
	4,	/* 16 */
	5,	/* 24 */
	5,	/* 32 */
	6,	/* 40 */
	6,	/* 48 */
	6,	/* 56 */
	6,	/* 64 */
	1,	/* 72 */
	1,	/* 80 */
	1,	/* 88 */
	1,	/* 96 */
	7,	/* 104 */
	7,	/* 112 */
	7,	/* 120 */
	7,	/* 128 */
	2,	/* 136 */
	2,	/* 144 */
	2,	/* 152 */
	2,	/* 160 */
	2,	/* 168 */
	2,	/* 176 */
	2,	/* 184 */
	2	/* 192 */
};

static const struct slab_allocator_ops *const allocators[] = {
	&slub_allocator, &slab_allocator, &slob_allocator,
};

static unsigned int fls_ul(unsigned long x)
{
	return x ? 64 - (unsigned int)__builtin_clzl(x) : 0;
}

#define ALIGN_UP(x, a)	(((x) + (a) - 1) & ~((a) - 1))

/**
 * kmalloc_index - the kmalloc cache index for @size (1..192 via
 * size_index, larger fls(size - 1)); 0 for size 0, -1u above 8192.
 */
unsigned int kmalloc_index(struct machine *m, size_t size)
{
	if (!size)
		return 0;
	if (size <= 192)
		return m->slab->size_index[(size - 1) / 8];
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return ~0U;
	return fls_ul(size - 1);
}

/**
 * kmalloc_type - the kmalloc cache type for @gfp: __GFP_DMA first, then
 * __GFP_RECLAIMABLE, else normal (include/linux/slab.h kmalloc_type).
 */
enum kmalloc_cache_type kmalloc_type(gfp_t gfp)
{
	if (!(gfp & (__GFP_RECLAIMABLE | __GFP_DMA)))
		return KMALLOC_NORMAL;
	if (gfp & __GFP_DMA)
		return KMALLOC_DMA;
	return KMALLOC_RECLAIM;
}

/**
 * kmalloc_slab - the kmalloc cache for @size and @gfp; NULL for 0 or
 * above 8192.
 */
struct kmem_cache *kmalloc_slab(struct machine *m, size_t size, gfp_t gfp)
{
	unsigned int index;

	if (!m->slab)
		return NULL;
	index = kmalloc_index(m, size);
	if (!index || index >= KMALLOC_CACHES)
		return NULL;
	return m->slab->kmalloc_caches[kmalloc_type(gfp)][index];
}

/**
 * calculate_alignment - the object alignment from the flags, the wanted
 * alignment and the size: cache-line alignment halves while two objects
 * still fit in a line; at least ARCH_SLAB_MINALIGN, a multiple of a pointer.
 */
unsigned int calculate_alignment(slab_flags_t flags, unsigned int align,
				 unsigned int size)
{
	if (flags & SLAB_HWCACHE_ALIGN) {
		unsigned int ralign = SLAB_CACHE_LINE_SIZE;

		while (size <= ralign / 2)
			ralign /= 2;
		if (align < ralign)
			align = ralign;
	}
	if (align < ARCH_SLAB_MINALIGN)
		align = ARCH_SLAB_MINALIGN;
	return (align + SLAB_PTR_SIZE - 1) & ~(SLAB_PTR_SIZE - 1);
}

/**
 * slab_ksize - what ksize reports for an object of @s (mm/slab.h): the
 * object size when red zones or poison sit right after it, the metadata
 * offset with owner tracking or an RCU cache's free pointer, else the
 * whole slot.
 */
unsigned int slab_ksize(const struct kmem_cache *s)
{
	if (s->flags & (SLAB_RED_ZONE | SLAB_POISON))
		return s->object_size;
	if (s->flags & (SLAB_TYPESAFE_BY_RCU | SLAB_STORE_USER))
		return s->inuse;	/* the free pointer or tracking follows */
	return s->size;
}

/* ------------------------------------------------------ cache merging */

/* slab_unmergeable: may another kmem_cache_create alias @s? */
static bool slab_unmergeable(struct machine *m, const struct kmem_cache *s)
{
	return m->slab->slab_nomerge || (s->flags & SLAB_NEVER_MERGE) || s->ctor ||
	       s->usersize || s->refcount <= 0;
}

/*
 * find_mergeable - an existing cache whose objects fit @size with the
 * same alignment, wasting less than a pointer, with the same
 * SLAB_MERGE_SAME flags; oldest first (list_for_each_entry_reverse).
 */
static struct kmem_cache *find_mergeable(struct machine *m, unsigned int size,
					 unsigned int align, slab_flags_t flags,
					 const char *name, kmem_ctor_t ctor)
{
	struct kmem_cache *s;

	if (m->slab->slab_nomerge || ctor || !m->slab->ops->mergeable)
		return NULL;
	size = ALIGN_UP(size, SLAB_PTR_SIZE);
	align = calculate_alignment(flags, align, size);
	size = ALIGN_UP(size, align);
	/* kmem_cache_flags: slub_debug= may make this cache unmergeable */
	if (m->slab->ops->cache_flags)
		flags = m->slab->ops->cache_flags(m, size, flags, name);
	if (flags & SLAB_NEVER_MERGE)
		return NULL;
	list_for_each_entry_reverse(s, &m->slab->slab_caches, struct kmem_cache, list) {
		if (slab_unmergeable(m, s))
			continue;
		if (size > s->size)
			continue;
		if ((flags & SLAB_MERGE_SAME) != (s->flags & SLAB_MERGE_SAME))
			continue;
		if ((s->size & ~(align - 1)) != s->size)
			continue;	/* alignment not compatible */
		if (s->size - size >= SLAB_PTR_SIZE)
			continue;
		if (m->slab->ops == &slab_allocator &&
		    (align > s->align || s->align % align))
			continue;
		return s;
	}
	return NULL;
}


/* __kmem_cache_alias: one more user of @s, objects at least @size. */
static struct kmem_cache *cache_alias(struct machine *m, struct kmem_cache *s,
				      const char *name, unsigned int size)
{
	struct slab_alias *a = malloc(sizeof(*a) + strlen(name) + 1);

	if (!a)
		return NULL;
	strcpy(a->name, name);
	a->target = s;
	list_add_tail(&a->list, &m->slab->aliases);
	s->refcount++;
	if (s->object_size < size)
		s->object_size = size;
	if (m->slab->ops->cache_alias)
		m->slab->ops->cache_alias(m, s, size);
	return s;
}

/* The aliases of @s (NULL: all) go. */
static void drop_aliases(struct machine *m, struct kmem_cache *s)
{
	struct slab_alias *a, *t;

	list_for_each_entry_safe(a, t, &m->slab->aliases, struct slab_alias, list) {
		if (!s || a->target == s) {
			list_del(&a->list);
			free(a);
		}
	}
}

/**
 * slab_first_alias - the first alias (oldest), NULL if none; with
 * slab_next_alias, a walk over every name merged into another cache.
 */
const struct slab_alias *slab_first_alias(struct machine *m)
{
	if (list_empty(&m->slab->aliases))
		return NULL;
	return list_first_entry(&m->slab->aliases, struct slab_alias, list);
}

/** slab_next_alias - the alias after @a, NULL at the end. */
const struct slab_alias *slab_next_alias(struct machine *m, const struct slab_alias *a)
{
	if (a->list.next == &m->slab->aliases)
		return NULL;
	return list_entry(a->list.next, struct slab_alias, list);
}

/**
 * kmem_cache_by_name - the cache called @name, or the one the alias
 * @name was merged into; NULL if none.
 */
struct kmem_cache *kmem_cache_by_name(struct machine *m, const char *name)
{
	struct kmem_cache *s;
	struct slab_alias *a;

	if (!m->slab)
		return NULL;
	list_for_each_entry(s, &m->slab->slab_caches, struct kmem_cache, list)
		if (!strcmp(s->name, name))
			return s;
	list_for_each_entry(a, &m->slab->aliases, struct slab_alias, list)
		if (!strcmp(a->name, name))
			return a->target;
	return NULL;
}

/* ------------------------------------------------- create and destroy */

static struct kmem_cache *create_cache(struct machine *m, const char *name,
				       unsigned int size, unsigned int align,
				       slab_flags_t flags, kmem_ctor_t ctor, int *err)
{
	struct kmem_cache *s = calloc(1, sizeof(*s));

	*err = -ENOMEM;
	if (!s)
		return NULL;
	s->name = strdup(name);
	if (!s->name) {
		free(s);
		return NULL;
	}
	s->object_size = s->size = size;
	s->align = align;
	s->flags = flags;
	s->ctor = ctor;
	s->refcount = 1;
	*err = m->slab->ops->cache_create(m, s);
	if (*err) {
		free(s->name);
		free(s);
		return NULL;
	}
	list_add(&s->list, &m->slab->slab_caches);
	return s;
}

/**
 * kmem_cache_create_usercopy - a cache of @size-byte objects whose bytes
 * [@useroffset, +@usersize) may be copied to user space; or, without such
 * a region, an existing compatible cache under a new name (merging,
 * unless slab_nomerge).  Failures are reported as Linux does
 * ("kmem_cache_create(NAME) failed with error -22") and return NULL
 * (SLAB_PANIC: the panic message, then NULL: the machine goes on, which
 * Linux's would not).
 */
struct kmem_cache *kmem_cache_create_usercopy(struct machine *m, const char *name,
					      unsigned int size, unsigned int align,
					      slab_flags_t flags, unsigned int useroffset,
					      unsigned int usersize, kmem_ctor_t ctor)
{
	struct kmem_cache *s = NULL;
	int err = -EINVAL;

	if (!m->slab || !name || !size || size > KMALLOC_MAX_SIZE ||
	    (flags & ~SLAB_FLAGS_PERMITTED) || (align & (align - 1)))
		goto out;
	/* a usercopy region must lie inside the object (WARN_ON in Linux) */
	if (useroffset > size || usersize > size - useroffset)
		usersize = useroffset = 0;
	s = usersize ? NULL : find_mergeable(m, size, align, flags, name, ctor);
	if (s) {
		s = cache_alias(m, s, name, size);
		err = -ENOMEM;
	} else {
		/* SLAB_NO_USER_FLAGS stays: kmem_cache_open's kmem_cache_flags reads it */
		s = create_cache(m, name, size, calculate_alignment(flags, align, size),
				 flags, ctor, &err);
		if (s) {
			s->useroffset = useroffset;
			s->usersize = usersize;
		}
	}
out:
	if (!s) {
		if (flags & SLAB_PANIC)
			pr_err(m, "Kernel panic - not syncing: kmem_cache_create: Failed to create slab '%s'. Error %d",
			       name ? name : "(null)", err);
		else {
			pr_warn(m, "kmem_cache_create(%s) failed with error %d",
				name ? name : "(null)", err);
			dump_stack(m);
		}
	}
	return s;
}

/**
 * kmem_cache_create - kmem_cache_create_usercopy without a usercopy region.
 */
struct kmem_cache *kmem_cache_create(struct machine *m, const char *name,
				     unsigned int size, unsigned int align,
				     slab_flags_t flags, kmem_ctor_t ctor)
{
	return kmem_cache_create_usercopy(m, name, size, align, flags, 0, 0, ctor);
}

static void kmem_cache_free_host(struct machine *m, struct kmem_cache *s)
{
	m->slab->ops->cache_release(m, s);
	free(s->name);
	free(s);
}

/* Is @s a cache of this machine (live or destroyed)? */
static bool cache_known(struct machine *m, const struct kmem_cache *s)
{
	const struct kmem_cache *t;

	list_for_each_entry(t, &m->slab->slab_caches, struct kmem_cache, list)
		if (t == s)
			return true;
	list_for_each_entry(t, &m->slab->dead_caches, struct kmem_cache, list)
		if (t == s)
			return true;
	return false;
}

/**
 * __kmem_cache_destroy - kmem_cache_destroy: drop a reference; the last
 * one shuts the cache down.  With objects still allocated the WARN is
 * printed, the empty slabs are freed, and the cache stays (returns
 * -EBUSY).  A destroyed cache destroyed again is reported as KASAN
 * reports the double free (-EINVAL); so is a pointer that is no cache.
 */
int __kmem_cache_destroy(struct machine *m, struct kmem_cache *s, const char *caller)
{
	if (!s || !m->slab)
		return 0;
	if (!cache_known(m, s) || s->refcount <= 0) {
		pr_err(m, "==================================================================");
		pr_err(m, "BUG: KASAN: double-free in kmem_cache_destroy+0x0/0x0");
		pr_err(m, "Free of addr %016llx by task %s/%d",
		       (unsigned long long)(uintptr_t)s, this_cpu(m)->comm, this_cpu(m)->pid);
		pr_err(m, "==================================================================");
		return -EINVAL;
	}
	if (s->refcount == 1 && (s->flags & SLAB_KMALLOC)) {
		/* create_kmalloc_cache's caches are for good: kmalloc needs them */
		pr_warn(m, "WARNING: CPU: %d PID: %d at mm/slab_common.c: kmem_cache_destroy: %s is a kmalloc cache",
			m->cpu, this_cpu(m)->pid, s->name);
		return -EPERM;
	}
	if (--s->refcount)
		return 0;
	if (m->slab->ops->cache_shutdown(m, s)) {
		s->refcount = 1;
		pr_warn(m, "------------[ cut here ]------------");
		pr_warn(m, "kmem_cache_destroy %s: Slab cache still has objects when called from %s+0x0/0x0",
			s->name, caller ? caller : "?");
		pr_warn(m, "WARNING: CPU: %d PID: %d at mm/slab_common.c: kmem_cache_destroy",
			m->cpu, this_cpu(m)->pid);
		pr_warn(m, "---[ end trace 0000000000000000 ]---");
		return -EBUSY;
	}
	list_del(&s->list);
	drop_aliases(m, s);
	for (int t = 0; t < NR_KMALLOC_TYPES; t++)
		for (unsigned int i = 0; i < KMALLOC_CACHES; i++)
			if (m->slab->kmalloc_caches[t][i] == s)
				m->slab->kmalloc_caches[t][i] = NULL;
	list_add(&s->list, &m->slab->dead_caches);
	return 0;
}

/**
 * kmem_cache_destroy_name - kmem_cache_destroy by name: an alias drops
 * its own name and a reference of its target; a cache is destroyed.
 */
int kmem_cache_destroy_name(struct machine *m, const char *name)
{
	struct slab_alias *a;
	struct kmem_cache *s;

	list_for_each_entry(a, &m->slab->aliases, struct slab_alias, list) {
		if (!strcmp(a->name, name)) {
			s = a->target;
			list_del(&a->list);
			free(a);
			return kmem_cache_destroy(m, s);
		}
	}
	s = kmem_cache_by_name(m, name);
	if (!s)
		return -ENOENT;
	/* with aliases left, the cache lives on under its name, as in Linux */
	return kmem_cache_destroy(m, s);
}

/* setup_kmalloc_cache_index_table: nothing below the smallest cache. */
static void setup_kmalloc_cache_index_table(struct slab_state *st)
{
	memcpy(st->size_index, size_index_init, sizeof(st->size_index));
	for (unsigned int i = 8; i < (1U << st->kmalloc_shift_low); i += 8)
		st->size_index[(i - 1) / 8] = (uint8_t)st->kmalloc_shift_low;
}

/* new_kmalloc_cache: one kmalloc cache of @type at @idx. */
static int new_kmalloc_cache(struct machine *m, unsigned int idx,
			     enum kmalloc_cache_type type)
{
	unsigned int size = kmalloc_info[idx].size;
	unsigned int align = ARCH_KMALLOC_MINALIGN;
	slab_flags_t flags = SLAB_KMALLOC;
	struct kmem_cache *s;
	int err;

	if (type == KMALLOC_RECLAIM)
		flags |= SLAB_RECLAIM_ACCOUNT;
	else if (type == KMALLOC_DMA)
		flags |= SLAB_CACHE_DMA;
	/* SLAB's kmem_cache_init passes ARCH_KMALLOC_FLAGS (SLAB_HWCACHE_ALIGN) */
	if (m->slab->ops == &slab_allocator)
		flags |= SLAB_HWCACHE_ALIGN;
	/* power-of-two kmalloc objects are naturally aligned */
	if (!(size & (size - 1)) && align < size)
		align = size;
	s = create_cache(m, kmalloc_info[idx].name[type], size,
			 calculate_alignment(flags, align, size), flags, NULL, &err);
	if (!s)
		return err;
	/* create_kmalloc_cache leaves them mergeable (refcount 1) */
	m->slab->kmalloc_caches[type][idx] = s;
	return 0;
}

/*
 * create_kmalloc_caches - every type's caches in Linux's order: sizes
 * 8 (or 32), 16, 32, 64, 96, 128, 192, 256 .. 8k, normal first, then
 * reclaimable, then DMA.
 */
static int create_kmalloc_caches(struct machine *m)
{
	for (int type = KMALLOC_NORMAL; type < NR_KMALLOC_TYPES; type++) {
		for (unsigned int i = m->slab->kmalloc_shift_low; i <= KMALLOC_SHIFT_HIGH; i++) {
			int err = new_kmalloc_cache(m, i, (enum kmalloc_cache_type)type);

			if (!err && i == 6)
				err = new_kmalloc_cache(m, 1, (enum kmalloc_cache_type)type);
			if (!err && i == 7)
				err = new_kmalloc_cache(m, 2, (enum kmalloc_cache_type)type);
			if (err)
				return err;
		}
	}
	return 0;
}

static const struct slab_allocator_ops *allocator_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(allocators) / sizeof(allocators[0]); i++)
		if (!strcasecmp(allocators[i]->name, name))
			return allocators[i];
	return NULL;
}

/**
 * kmem_cache_init - the slab state, the allocator chosen by `slab=` and
 * the kmalloc caches.  No page is allocated: slabs come with the first
 * allocation (SLOB has no kmalloc caches at all).
 */
int kmem_cache_init(struct machine *m)
{
	const struct slab_allocator_ops *ops = allocator_by_name(m->cfg.slab[0] ? m->cfg.slab : "slub");
	int err;

	if (!ops)
		return -EINVAL;
	m->slab = calloc(1, sizeof(*m->slab));
	if (!m->slab)
		return -ENOMEM;
	m->slab->ops = ops;
	m->slab->slab_nomerge = m->cfg.slab_nomerge;
	m->slab->kmalloc_shift_low = ops == &slab_allocator ? 5 : KMALLOC_SHIFT_LOW;
	setup_kmalloc_cache_index_table(m->slab);
	INIT_LIST_HEAD(&m->slab->slab_caches);
	INIT_LIST_HEAD(&m->slab->dead_caches);
	INIT_LIST_HEAD(&m->slab->aliases);
	err = ops->init ? ops->init(m) : 0;
	if (!err && !ops->kmalloc)
		err = create_kmalloc_caches(m);
	return err;
}

/**
 * kmem_cache_release_all - free the host memory of every cache (machine
 * teardown; the slab pages go with simulated RAM).
 */
void kmem_cache_release_all(struct machine *m)
{
	struct kmem_cache *s, *t;

	if (!m->slab)
		return;
	list_for_each_entry_safe(s, t, &m->slab->slab_caches, struct kmem_cache, list)
		kmem_cache_free_host(m, s);
	list_for_each_entry_safe(s, t, &m->slab->dead_caches, struct kmem_cache, list)
		kmem_cache_free_host(m, s);
	drop_aliases(m, NULL);
	if (m->slab->ops->release)
		m->slab->ops->release(m);
	free(m->slab);
	m->slab = NULL;
}

/* -------------------------------------------------- objects of a cache */

/* A destroyed cache used again: reported, refused. */
static bool cache_dead(struct machine *m, struct kmem_cache *s, const char *fn)
{
	if (s->refcount > 0)
		return false;
	pr_err(m, "BUG: KASAN: slab-use-after-free in %s+0x0/0x0: cache %s was destroyed",
	       fn, s->name);
	return true;
}

/**
 * kmem_cache_alloc_node - an object of @s on @node (NUMA_NO_NODE: any):
 * its kernel virtual address, 0 if no memory.
 */
uint64_t kmem_cache_alloc_node(struct machine *m, struct kmem_cache *s, gfp_t gfp, int node)
{
	if (!s || cache_dead(m, s, "kmem_cache_alloc"))
		return 0;
	if (node != NUMA_NO_NODE && (node < 0 || node >= m->nr_node_ids))
		node = NUMA_NO_NODE;
	return m->slab->ops->alloc(m, s, gfp, node);
}


/**
 * kmem_cache_zalloc - kmem_cache_alloc with __GFP_ZERO.
 */
uint64_t kmem_cache_zalloc(struct machine *m, struct kmem_cache *s, gfp_t gfp)
{
	return kmem_cache_alloc(m, s, gfp | __GFP_ZERO);
}

/**
 * cache_from_obj_report - cache_from_obj found @addr is not an object of
 * @s: say why, in Linux's words, and return NULL.
 */
struct kmem_cache *cache_from_obj_report(struct machine *m, struct kmem_cache *s,
					 uint64_t addr, const char *fn)
{
	struct page *slab;

	if (!virt_addr_valid(m, addr)) {
		pr_warn(m, "WARNING: CPU: %d PID: %d at mm/slab.h: %s: %#llx is not a kernel direct-map address",
			m->cpu, this_cpu(m)->pid, fn, (unsigned long long)addr);
		return NULL;
	}
	slab = virt_to_slab_page(m, addr);
	if (!PageSlab(slab) || slab_cache(slab) != s) {
		pr_warn(m, "%s: Wrong slab cache. %s but object is from %s", fn,
			s->name, PageSlab(slab) ? slab_cache(slab)->name : "(not a slab)");
		pr_warn(m, "WARNING: CPU: %d PID: %d at mm/slab.h: cache_from_obj",
			m->cpu, this_cpu(m)->pid);
		return NULL;
	}
	return s;
}

/**
 * __kmem_cache_free - kmem_cache_free's checked path: NULL, no cache or a
 * destroyed one (reported).
 */
void __kmem_cache_free(struct machine *m, struct kmem_cache *s, uint64_t addr)
{
	if (!addr || !s || cache_dead(m, s, "kmem_cache_free"))
		return;
	m->slab->ops->free(m, s, addr);
}

/**
 * kmem_cache_alloc_bulk - @nr objects into @p: @nr, or 0 with none
 * allocated (Linux's all-or-nothing contract).
 */
int kmem_cache_alloc_bulk(struct machine *m, struct kmem_cache *s, gfp_t gfp,
			  size_t nr, uint64_t *p)
{
	size_t i;

	if (!s || cache_dead(m, s, "kmem_cache_alloc_bulk"))
		return 0;
	if (m->slab->ops->alloc_bulk)
		return m->slab->ops->alloc_bulk(m, s, gfp, nr, p);
	for (i = 0; i < nr; i++) {
		p[i] = m->slab->ops->alloc(m, s, gfp, NUMA_NO_NODE);
		if (!p[i]) {
			kmem_cache_free_bulk(m, s, i, p);
			return 0;
		}
	}
	return (int)i;
}

/**
 * kmem_cache_free_bulk - free @nr objects of @p; @s NULL frees kmalloc'd
 * objects (kfree_bulk).
 */
void kmem_cache_free_bulk(struct machine *m, struct kmem_cache *s, size_t nr, uint64_t *p)
{
	for (size_t i = 0; i < nr; i++) {
		if (s)
			kmem_cache_free(m, s, p[i]);
		else
			kfree(m, p[i]);
	}
}

/**
 * kmem_cache_shrink - give the empty slabs back.  Returns 0, or 1 if some
 * slab still has objects.
 */
int kmem_cache_shrink(struct machine *m, struct kmem_cache *s)
{
	if (!s || cache_dead(m, s, "kmem_cache_shrink"))
		return 0;
	return m->slab->ops->cache_shrink(m, s);
}

/**
 * get_slabinfo - what /proc/slabinfo shows of @s.
 */
void get_slabinfo(struct machine *m, struct kmem_cache *s, struct slabinfo *si)
{
	memset(si, 0, sizeof(*si));
	if (m->slab->ops->get_slabinfo)	/* SLOB: none, all zeros */
		m->slab->ops->get_slabinfo(m, s, si);
}

/**
 * virt_to_slab_page - the head page of the block holding @addr (the folio).
 */
struct page *virt_to_slab_page(struct machine *m, uint64_t addr)
{
	return compound_head(virt_to_page(m, addr));
}

/* ------------------------------------------------------------- kmalloc */

/**
 * kmalloc_fix_flags - strip GFP_SLAB_BUG_MASK from @flags, complaining as
 * Linux does.
 */
gfp_t kmalloc_fix_flags(struct machine *m, gfp_t flags)
{
	gfp_t invalid = flags & GFP_SLAB_BUG_MASK;
	char a[128], b[128];

	flags &= ~GFP_SLAB_BUG_MASK;
	pr_warn(m, "Unexpected gfp: %#x (%s). Fixing up to gfp: %#x (%s). Fix your code!",
		invalid, gfp_format(invalid, a, sizeof(a)), flags, gfp_format(flags, b, sizeof(b)));
	dump_stack(m);
	return flags;
}

/**
 * kmalloc_large_node - __kmalloc_large_node: a compound page, counted as
 * unreclaimable slab (NR_SLAB_UNRECLAIMABLE_B).
 */
uint64_t kmalloc_large_node(struct machine *m, size_t size, gfp_t gfp, int node)
{
	unsigned int order = get_order(size);
	struct page *page;

	if (size > KMALLOC_MAX_SIZE || order > MAX_PAGE_ORDER) {
		if (!(gfp & __GFP_NOWARN)) {
			pr_warn(m, "WARNING: CPU: %d PID: %d at mm/page_alloc.c: __alloc_pages: order %u > MAX_ORDER",
				m->cpu, this_cpu(m)->pid, order);
			dump_stack(m);
		}
		return 0;
	}
	if (gfp & GFP_SLAB_BUG_MASK)
		gfp = kmalloc_fix_flags(m, gfp);
	if (order)
		gfp |= __GFP_COMP;
	page = alloc_pages_node(m, node, gfp, order);
	if (!page)
		return 0;
	__mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_SLAB_UNRECLAIMABLE_B,
			      (long)(PAGE_SIZE << order));
	if (gfp & __GFP_ZERO)
		memset(page_address_host(m, page), 0, PAGE_SIZE << order);
	return page_address(m, page);
}

/**
 * kmalloc_node - @size bytes on @node: from a kmalloc cache up to 8192
 * (of the type @gfp asks for), from the page allocator above.  0 on
 * failure; a zero size gives ZERO_SIZE_PTR.
 */
uint64_t kmalloc_node(struct machine *m, size_t size, gfp_t gfp, int node)
{
	struct kmem_cache *s;

	if (m->slab->ops->kmalloc)
		return m->slab->ops->kmalloc(m, size, gfp, node);
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large_node(m, size, gfp, node);
	if (!size)
		return ZERO_SIZE_PTR;
	s = kmalloc_slab(m, size, gfp);
	if (!s)
		return 0;
	return kmem_cache_alloc_node(m, s, gfp, node);
}

/**
 * kmalloc - kmalloc_node on any node.
 */
uint64_t kmalloc(struct machine *m, size_t size, gfp_t gfp)
{
	return kmalloc_node(m, size, gfp, NUMA_NO_NODE);
}

/**
 * kzalloc - kmalloc with __GFP_ZERO.
 */
uint64_t kzalloc(struct machine *m, size_t size, gfp_t gfp)
{
	return kmalloc(m, size, gfp | __GFP_ZERO);
}

/**
 * kmalloc_array - @n elements of @size bytes; 0 if n * size overflows
 * (check_mul_overflow).
 */
uint64_t kmalloc_array(struct machine *m, size_t n, size_t size, gfp_t gfp)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		return 0;
	return kmalloc(m, bytes, gfp);
}

/**
 * kcalloc - kmalloc_array, zeroed.
 */
uint64_t kcalloc(struct machine *m, size_t n, size_t size, gfp_t gfp)
{
	return kmalloc_array(m, n, size, gfp | __GFP_ZERO);
}

/**
 * free_large_kmalloc - give back a large kmalloc's compound page; a
 * pointer that is not the start of one is Linux's WARN and is left.
 */
void free_large_kmalloc(struct machine *m, struct page *page, uint64_t addr)
{
	unsigned int order = compound_order(page);

	if (page_address(m, page) != addr || page_ref_count(page) <= 0 || !order) {
		pr_warn(m, "WARNING: CPU: %d PID: %d at mm/slab_common.c: free_large_kmalloc",
			m->cpu, this_cpu(m)->pid);
		pr_warn(m, "object pointer: 0x%016llx", (unsigned long long)addr);
		return;
	}
	__mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_SLAB_UNRECLAIMABLE_B,
			      -(long)(PAGE_SIZE << order));
	__free_pages(m, page, order);
}

/* The head page of a kmalloc'd address, reported if it is none. */
static struct page *kmalloc_head(struct machine *m, uint64_t addr, const char *fn)
{
	if (!virt_addr_valid(m, addr)) {
		pr_warn(m, "WARNING: CPU: %d PID: %d at mm/slab_common.c: %s: %#llx is not a kernel direct-map address",
			m->cpu, this_cpu(m)->pid, fn, (unsigned long long)addr);
		return NULL;
	}
	return virt_to_slab_page(m, addr);
}

/**
 * kfree - free what kmalloc returned: PageSlab on the head page says a
 * slab object, else a large kmalloc (the compound page goes back).
 */
void kfree(struct machine *m, uint64_t addr)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(addr))
		return;
	if (m->slab->ops->kfree) {
		m->slab->ops->kfree(m, addr);
		return;
	}
	page = kmalloc_head(m, addr, "kfree");
	if (!page)
		return;
	if (!PageSlab(page)) {
		free_large_kmalloc(m, page, addr);
		return;
	}
	if (m->slab->ops->free_slab)
		m->slab->ops->free_slab(m, slab_cache(page), page, addr);
	else
		m->slab->ops->free(m, slab_cache(page), addr);
}

/**
 * ksize - the usable size of a kmalloc'd object (slab_ksize), or the
 * whole compound page of a large one.
 */
size_t ksize(struct machine *m, uint64_t addr)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(addr))
		return 0;
	if (m->slab->ops->ksize)
		return m->slab->ops->ksize(m, addr);
	page = kmalloc_head(m, addr, "ksize");
	if (!page)
		return 0;
	if (!PageSlab(page)) {
		size_t size = PAGE_SIZE << compound_order(page);

		/* __ksize: no large kmalloc is this small, or starts elsewhere */
		if (size <= KMALLOC_MAX_CACHE_SIZE || page_ref_count(page) <= 0) {
			pr_warn(m, "WARNING: CPU: %d PID: %d at mm/slab_common.c: __ksize: %#llx is no kmalloc'd object",
				m->cpu, this_cpu(m)->pid, (unsigned long long)addr);
			return 0;
		}
		return size;
	}
	return slab_ksize(slab_cache(page));
}

/**
 * krealloc - resize @p to @new_size (__do_krealloc): kept in place when
 * ksize already covers it, else a new object with the old bytes copied
 * and @p freed.  krealloc(0, n) is kmalloc; a zero size frees @p and
 * gives ZERO_SIZE_PTR.  On failure @p is untouched and 0 returned.
 */
uint64_t krealloc(struct machine *m, uint64_t p, size_t new_size, gfp_t gfp)
{
	size_t ks = 0;
	uint64_t ret;

	if (!new_size) {
		kfree(m, p);
		return ZERO_SIZE_PTR;
	}
	if (!ZERO_OR_NULL_PTR(p)) {
		ks = ksize(m, p);
		if (!ks)
			return 0;	/* not a kmalloc'd object: reported */
	}
	if (ks >= new_size)
		return p;
	ret = kmalloc(m, new_size, gfp);
	if (ret && ks) {
		memmove(slab_obj_host(m, ret), slab_obj_host(m, p), ks);
		kfree(m, p);
	}
	return ret;
}

/* -------------------------------------------------------- /proc/slabinfo */

/**
 * show_slabinfo - /proc/slabinfo, version 2.1 (mm/slab_common.c
 * cache_show): SLAB fills the tunables and sharedavail, SLUB and SLOB
 * print zeros there.
 */
void show_slabinfo(struct machine *m, struct seq_file *sf)
{
	struct kmem_cache *s;

	seq_puts(sf, "slabinfo - version: 2.1\n");
	seq_puts(sf, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>");
	seq_puts(sf, " : tunables <limit> <batchcount> <sharedfactor>");
	seq_puts(sf, " : slabdata <active_slabs> <num_slabs> <sharedavail>");
	seq_putc(sf, '\n');
	/* SLOB: Linux had no /proc/slabinfo (CONFIG_SLABINFO needs SLAB or SLUB) */
	if (!m->slab || !m->slab->ops->get_slabinfo)
		return;
	list_for_each_entry(s, &m->slab->slab_caches, struct kmem_cache, list) {
		struct slabinfo si;

		get_slabinfo(m, s, &si);
		seq_printf(sf, "%-17s %6lu %6lu %6u %4u %4d", s->name, si.active_objs,
			   si.num_objs, s->size, si.objects_per_slab, 1 << si.cache_order);
		seq_printf(sf, " : tunables %4u %4u %4u", si.limit, si.batchcount, si.shared);
		seq_printf(sf, " : slabdata %6lu %6lu %6lu", si.active_slabs,
			   si.num_slabs, si.shared_avail);
		seq_putc(sf, '\n');
	}
}
