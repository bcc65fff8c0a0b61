// SPDX-License-Identifier: MIT
/*
 * slub.c - the SLUB allocator's core (mm/slub.c, Linux 6.6), first slice:
 * slab sizing (calculate_sizes, calculate_order), the per-CPU slab with
 * its freelist (fast paths), the node partial lists (slow paths), and
 * slab pages from the page allocator, counted in NR_SLAB_*_B.
 *
 * Reached through slub_allocator (slab.h) from slab_common.c, which owns
 * the API and checks the caller's arguments.
 *
 * Not modelled (yet): per-CPU partial lists, debugging (red zones,
 * poisoning, tracking), freelist hardening and randomisation, bulk
 * allocation, cache merging.  Without per-CPU partials, a full slab that
 * gets a free object goes straight to its node's partial list (as Linux
 * with CONFIG_SLUB_CPU_PARTIAL=n).
 *
 * See slab.h for how a slab's fields sit in struct page.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "slab.h"

#define SLAB_FROZEN_BIT	(1UL << 31)

static unsigned int fls_u(unsigned int x)
{
	return x ? 32 - (unsigned int)__builtin_clz(x) : 0;
}

static unsigned int ilog2_u(unsigned int x)
{
	return fls_u(x) - 1;
}

#define ALIGN_UP(x, a)		(((x) + (a) - 1) & ~((a) - 1))
#define ALIGN_DOWN(x, a)	((x) & ~((a) - 1))

static inline unsigned int order_objects(unsigned int order, unsigned int size)
{
	return (unsigned int)((PAGE_SIZE << order) / size);
}

static inline struct kmem_cache_order_objects oo_make(unsigned int order,
						      unsigned int size)
{
	struct kmem_cache_order_objects x = {
		(order << OO_SHIFT) + order_objects(order, size)
	};
	return x;
}

/* ------------------------------------------------------------ slab layout */

/* calc_slab_order: the smallest order wasting at most 1/fract_leftover. */
static unsigned int calc_slab_order(unsigned int size, unsigned int min_objects,
				    unsigned int max_order, unsigned int fract_leftover)
{
	unsigned int min_order = 0;	/* slub_min_order */
	unsigned int order;

	if (order_objects(min_order, size) > MAX_OBJS_PER_PAGE)
		return get_order((unsigned long)size * MAX_OBJS_PER_PAGE) - 1;

	order = get_order((unsigned long)min_objects * size);
	if (order < min_order)
		order = min_order;
	for (; order <= max_order; order++) {
		unsigned int slab_size = (unsigned int)PAGE_SIZE << order;
		unsigned int rem = slab_size % size;

		if (rem <= slab_size / fract_leftover)
			break;
	}
	return order;
}

/**
 * slub_calculate_order - calculate_order of Linux 6.6 with slub_min_order 0,
 * slub_max_order PAGE_ALLOC_COSTLY_ORDER and slub_min_objects 0, so
 * min_objects = 4 * (fls(nr_cpus) + 1).
 */
int slub_calculate_order(unsigned int size, unsigned int nr_cpus)
{
	unsigned int slub_max_order = PAGE_ALLOC_COSTLY_ORDER;
	unsigned int order, min_objects, max_objects;

	min_objects = 4 * (fls_u(nr_cpus) + 1);
	max_objects = order_objects(slub_max_order, size);
	if (min_objects > max_objects)
		min_objects = max_objects;

	while (min_objects > 1) {
		unsigned int fraction = 16;

		while (fraction >= 4) {
			order = calc_slab_order(size, min_objects, slub_max_order, fraction);
			if (order <= slub_max_order)
				return (int)order;
			fraction /= 2;
		}
		min_objects--;
	}
	order = calc_slab_order(size, 1, slub_max_order, 1);
	if (order <= slub_max_order)
		return (int)order;
	order = calc_slab_order(size, 1, MAX_PAGE_ORDER, 1);
	if (order <= MAX_PAGE_ORDER)
		return (int)order;
	return -ENOSYS;
}

/* calculate_sizes (no debug flags): free pointer, size, order. */
static int calculate_sizes(struct machine *m, struct kmem_cache *s)
{
	unsigned int size = s->object_size;
	int order;

	size = ALIGN_UP(size, SLAB_PTR_SIZE);
	s->inuse = size;
	if (s->ctor) {
		/* the constructed state must survive: pointer after the object */
		s->offset = size;
		size += SLAB_PTR_SIZE;
	} else {
		/* near the middle, away from small over/underflows */
		s->offset = ALIGN_DOWN(s->object_size / 2, SLAB_PTR_SIZE);
	}
	size = ALIGN_UP(size, s->align);
	s->size = size;
	order = slub_calculate_order(size, (unsigned int)m->nr_cpu_ids);
	if (order < 0)
		return 0;
	s->allocflags = 0;
	if (order)
		s->allocflags |= __GFP_COMP;
	if (s->flags & SLAB_CACHE_DMA)
		s->allocflags |= GFP_DMA;
	if (s->flags & SLAB_CACHE_DMA32)
		s->allocflags |= GFP_DMA32;
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	s->oo = oo_make((unsigned int)order, size);
	s->min = oo_make(get_order(size), size);
	return !!oo_objects(s->oo);
}

static void slub_cache_release(struct machine *m, struct kmem_cache *s);

/* __kmem_cache_create - kmem_cache_open: sizes, min_partial, the per-CPU
 * and per-node structures (host memory; no slab yet). */
static int slub_cache_create(struct machine *m, struct kmem_cache *s)
{
	unsigned long min;

	if (!calculate_sizes(m, s))
		return -EINVAL;
	min = ilog2_u(s->size) / 2;
	s->min_partial = min < MIN_PARTIAL ? MIN_PARTIAL :
			 min > MAX_PARTIAL ? MAX_PARTIAL : min;
	s->cpu_slab = calloc((size_t)m->nr_cpu_ids, sizeof(*s->cpu_slab));
	s->node = calloc((size_t)m->nr_node_ids, sizeof(*s->node));
	if (!s->cpu_slab || !s->node) {
		slub_cache_release(m, s);
		return -ENOMEM;
	}
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		INIT_LIST_HEAD(&s->node[nid].partial);
	return 0;
}

static void slub_cache_release(struct machine *m, struct kmem_cache *s)
{
	(void)m;
	free(s->cpu_slab);
	free(s->node);
	s->cpu_slab = NULL;
	s->node = NULL;
}

/* ------------------------------------------------------ objects in RAM */

#define obj_host slab_obj_host

static uint64_t get_freepointer(struct machine *m, struct kmem_cache *s, uint64_t obj)
{
	uint64_t fp;

	memcpy(&fp, obj_host(m, obj + s->offset), sizeof(fp));
	return fp;
}

static void set_freepointer(struct machine *m, struct kmem_cache *s, uint64_t obj,
			    uint64_t fp)
{
	memcpy(obj_host(m, obj + s->offset), &fp, sizeof(fp));
}

/* ------------------------------------------------------ slab counters */

static void slab_set_counters(struct page *slab, unsigned int inuse,
			      unsigned int objects, bool frozen)
{
	slab->private = (unsigned long)inuse | (unsigned long)objects << 16 |
			(frozen ? SLAB_FROZEN_BIT : 0);
}

static void slab_set_inuse(struct page *slab, unsigned int inuse)
{
	slab_set_counters(slab, inuse, slab_objects(slab), slab_frozen(slab));
}

static void slab_set_frozen(struct page *slab, bool frozen)
{
	slab_set_counters(slab, slab_inuse(slab), slab_objects(slab), frozen);
}

static struct kmem_cache_node *get_node(struct kmem_cache *s, int nid)
{
	return &s->node[nid];
}

static int cache_vmstat_idx(const struct kmem_cache *s)
{
	return (s->flags & SLAB_RECLAIM_ACCOUNT) ? NR_SLAB_RECLAIMABLE_B
						 : NR_SLAB_UNRECLAIMABLE_B;
}

static void account_slab(struct machine *m, struct kmem_cache *s,
			 struct page *slab, unsigned int order, int sign)
{
	__mod_node_page_state(NODE_DATA(m, page_to_nid(slab)),
			      (enum node_stat_item)cache_vmstat_idx(s),
			      sign * (long)(PAGE_SIZE << order));
}

/* ------------------------------------------------- slabs from the buddy */

#define GFP_RECLAIM_MASK (__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS |  \
			  __GFP_NOWARN | __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | \
			  __GFP_NORETRY | __GFP_MEMALLOC | __GFP_NOMEMALLOC)
#define GFP_CONSTRAINT_MASK (__GFP_HARDWALL | __GFP_THISNODE)

static struct page *alloc_slab_page(struct machine *m, gfp_t flags, int node,
				    struct kmem_cache_order_objects oo)
{
	return alloc_pages_node(m, node, flags, oo_order(oo));
}

/* allocate_slab: a new slab with every object on its freelist, in order. */
static struct page *allocate_slab(struct machine *m, struct kmem_cache *s, gfp_t flags,
				  int node)
{
	struct kmem_cache_order_objects oo = s->oo;
	gfp_t alloc_gfp;
	struct page *slab;
	uint64_t start, p;
	unsigned int objects;

	flags &= GFP_RECLAIM_MASK | GFP_CONSTRAINT_MASK;
	flags |= s->allocflags;
	/* first try the preferred order without reclaim and warnings */
	alloc_gfp = (flags | __GFP_NOWARN) & ~__GFP_NOFAIL;
	if ((alloc_gfp & __GFP_DIRECT_RECLAIM) && oo_order(oo) > oo_order(s->min))
		alloc_gfp = (alloc_gfp | __GFP_NOMEMALLOC) & ~__GFP_RECLAIM;
	slab = alloc_slab_page(m, alloc_gfp, node, oo);
	if (!slab) {
		oo = s->min;
		alloc_gfp = flags;
		if (!oo_order(oo))
			alloc_gfp &= ~__GFP_COMP;
		slab = alloc_slab_page(m, alloc_gfp, node, oo);
		if (!slab)
			return NULL;
	}
	objects = oo_objects(oo);
	SetPageSlab(slab);
	slab->mapping = s;
	INIT_LIST_HEAD(&slab->lru);
	account_slab(m, s, slab, oo_order(oo), 1);

	start = page_address(m, slab);
	for (unsigned int i = 0; i < objects; i++) {
		p = start + (uint64_t)i * s->size;
		if (s->ctor)
			s->ctor(m, p);
		set_freepointer(m, s, p, i + 1 < objects ? p + s->size : 0);
	}
	slab->index = start;			/* slab->freelist */
	slab_set_counters(slab, objects, objects, true);	/* new_slab: frozen, all in use */
	return slab;
}

static struct page *new_slab(struct machine *m, struct kmem_cache *s, gfp_t flags, int node)
{
	struct page *slab;

	if (flags & GFP_SLAB_BUG_MASK)
		flags = kmalloc_fix_flags(m, flags);
	slab = allocate_slab(m, s, flags, node);
	if (slab) {
		struct kmem_cache_node *n = get_node(s, page_to_nid(slab));

		n->nr_slabs++;
		n->total_objects += slab_objects(slab);
	}
	return slab;
}

static unsigned int slab_order(const struct page *slab)
{
	return compound_order(slab);
}

/* discard_slab: the empty slab goes back to the page allocator. */
static void discard_slab(struct machine *m, struct kmem_cache *s, struct page *slab)
{
	struct kmem_cache_node *n = get_node(s, page_to_nid(slab));
	unsigned int order = slab_order(slab);

	n->nr_slabs--;
	n->total_objects -= slab_objects(slab);
	account_slab(m, s, slab, order, -1);
	ClearPageSlab(slab);
	slab->mapping = NULL;
	slab->index = 0;
	slab->private = 0;
	INIT_LIST_HEAD(&slab->lru);
	slab->lru.next = slab->lru.prev = NULL;
	__free_pages(m, slab, order);
}

static void add_partial(struct kmem_cache_node *n, struct page *slab, bool tail)
{
	n->nr_partial++;
	if (tail)
		list_add_tail(&slab->lru, &n->partial);
	else
		list_add(&slab->lru, &n->partial);
}

static void remove_partial(struct kmem_cache_node *n, struct page *slab)
{
	list_del(&slab->lru);
	INIT_LIST_HEAD(&slab->lru);
	n->nr_partial--;
}

/* ------------------------------------------------------------ allocation */

/*
 * get_partial_node: take the first partial slab of node @nid, frozen,
 * its free objects moving to the CPU.  Returns its freelist or 0.
 */
static uint64_t get_partial_node(struct kmem_cache *s, int nid, struct page **slabp)
{
	struct kmem_cache_node *n = get_node(s, nid);
	struct page *slab;
	uint64_t freelist;

	if (!n->nr_partial)
		return 0;
	slab = list_first_entry(&n->partial, struct page, lru);
	remove_partial(n, slab);
	freelist = slab->index;
	slab->index = 0;
	slab_set_counters(slab, slab_objects(slab), slab_objects(slab), true);
	*slabp = slab;
	return freelist;
}

/* deactivate_slab: the CPU slab's free objects back to it, unfrozen. */
static void deactivate_slab(struct machine *m, struct kmem_cache *s,
			    struct page *slab, uint64_t freelist)
{
	struct kmem_cache_node *n = get_node(s, page_to_nid(slab));
	unsigned int inuse = slab_inuse(slab);

	while (freelist) {
		uint64_t next = get_freepointer(m, s, freelist);

		set_freepointer(m, s, freelist, slab->index);
		slab->index = freelist;
		inuse--;
		freelist = next;
	}
	slab_set_counters(slab, inuse, slab_objects(slab), false);
	if (!inuse && n->nr_partial >= s->min_partial)
		discard_slab(m, s, slab);
	else if (slab->index)
		add_partial(n, slab, true);	/* DEACTIVATE_TO_TAIL */
	/* else full: on no list (no SLUB debug full list) */
}

static void flush_slab(struct machine *m, struct kmem_cache *s, struct kmem_cache_cpu *c)
{
	struct page *slab = c->slab;
	uint64_t freelist = c->freelist;

	c->slab = NULL;
	c->freelist = 0;
	if (slab)
		deactivate_slab(m, s, slab, freelist);
}

/* node_match: may the CPU slab serve a request for @node? */
static inline bool node_match(struct machine *m, struct page *slab, int node)
{
	(void)m;
	return node == NUMA_NO_NODE || page_to_nid(slab) == node;
}

/* ___slab_alloc: the slow path. */
static uint64_t slab_alloc_slow(struct machine *m, struct kmem_cache *s,
				struct kmem_cache_cpu *c, gfp_t gfp, int node)
{
	struct page *slab = c->slab;
	uint64_t freelist;

	if (slab && !node_match(m, slab, node)) {
		/* the CPU slab is on another node: give it back (deactivate) */
		flush_slab(m, s, c);
		slab = NULL;
	}
	if (slab) {
		/* get_freelist: objects freed to the CPU slab from elsewhere */
		freelist = slab->index;
		slab->index = 0;
		slab_set_inuse(slab, slab_objects(slab));
		if (freelist)
			goto load_freelist;
		/* full: unfrozen, on no list */
		slab_set_frozen(slab, false);
		c->slab = NULL;
	}
	slab = NULL;
	freelist = get_partial_node(s, node == NUMA_NO_NODE ? this_cpu(m)->node : node, &slab);
	if (!freelist) {
		/* get_any_partial (remote nodes, defrag ratio) is not modelled */
		slab = new_slab(m, s, gfp, node);
		if (!slab)
			return 0;
		freelist = slab->index;
		slab->index = 0;
	}
	c->slab = slab;
load_freelist:
	c->freelist = get_freepointer(m, s, freelist);
	return freelist;
}

/*
 * slab_alloc_node - an object of @s: its kernel virtual address, 0 if no
 * memory.  __GFP_ZERO clears object_size bytes.
 */
static uint64_t slub_alloc(struct machine *m, struct kmem_cache *s, gfp_t gfp, int node)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[m->cpu];
	uint64_t object = c->freelist;

	if (object && c->slab && node_match(m, c->slab, node))
		c->freelist = get_freepointer(m, s, object);	/* fast path */
	else
		object = slab_alloc_slow(m, s, c, gfp, node);
	if (object && (gfp & __GFP_ZERO))
		memset(obj_host(m, object), 0, s->object_size);
	return object;
}

/* __slab_free: the object back to its slab's own freelist. */
static void slab_free(struct machine *m, struct kmem_cache *s,
		      struct page *slab, uint64_t addr)
{
	struct kmem_cache_cpu *c = &s->cpu_slab[m->cpu];
	struct kmem_cache_node *n;
	uint64_t prior;
	unsigned int inuse;

	if (slab == c->slab) {
		/* do_slab_free fast path: onto the CPU freelist */
		set_freepointer(m, s, addr, c->freelist);
		c->freelist = addr;
		return;
	}
	prior = slab->index;
	set_freepointer(m, s, addr, prior);
	slab->index = addr;
	inuse = slab_inuse(slab) - 1;
	slab_set_inuse(slab, inuse);
	if (slab_frozen(slab))
		return;		/* another CPU's slab: it finds the object later */
	n = get_node(s, page_to_nid(slab));
	if (!inuse && n->nr_partial >= s->min_partial) {
		if (prior)
			remove_partial(n, slab);
		discard_slab(m, s, slab);
		return;
	}
	if (!prior)
		add_partial(n, slab, true);	/* was full */
}

static bool object_in_slab(struct machine *m, struct kmem_cache *s,
			   struct page *slab, uint64_t addr)
{
	uint64_t start = page_address(m, slab);

	return addr >= start &&
	       addr < start + (uint64_t)slab_objects(slab) * s->size &&
	       (addr - start) % s->size == 0;
}

/*
 * slub_free - kmem_cache_free: cache_from_obj checks that @addr is in a
 * slab of @s; an address between objects is SLUB's "Invalid object
 * pointer".
 */
static void slub_free(struct machine *m, struct kmem_cache *s, uint64_t addr)
{
	struct page *slab;

	if (!cache_from_obj(m, s, addr, "kmem_cache_free"))
		return;
	slab = virt_to_slab_page(m, addr);
	if (!object_in_slab(m, s, slab, addr)) {
		pr_err(m, "BUG %s (Not tainted): Invalid object pointer 0x%llx",
		       s->name, (unsigned long long)addr);
		return;
	}
	slab_free(m, s, slab, addr);
}

/* ------------------------------------------------------- shrink, shutdown */

static void flush_all(struct machine *m, struct kmem_cache *s)
{
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++)
		flush_slab(m, s, &s->cpu_slab[cpu]);
}

/*
 * free_partial - flush the CPU slabs, then free every empty slab on the
 * node partial lists; with @report, say which slabs still hold objects.
 * Returns 1 if any slab remains in use.
 */
static int free_partial(struct machine *m, struct kmem_cache *s, bool report)
{
	int busy = 0;

	flush_all(m, s);
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct kmem_cache_node *n = get_node(s, nid);
		struct page *slab, *t;

		list_for_each_entry_safe(slab, t, &n->partial, struct page, lru) {
			if (!slab_inuse(slab)) {
				remove_partial(n, slab);
				discard_slab(m, s, slab);
			} else if (report) {
				pr_err(m, "BUG %s (Not tainted): Objects remaining in %s on __kmem_cache_shutdown()",
				       s->name, s->name);
			}
		}
		if (n->nr_partial || n->nr_slabs)
			busy = 1;
	}
	return busy;
}

/* __kmem_cache_shrink - flush the CPU slabs and free every empty slab.
 * Returns 0, or 1 if some slab still has objects. */
static int slub_cache_shrink(struct machine *m, struct kmem_cache *s)
{
	return free_partial(m, s, false);
}

/* __kmem_cache_shutdown - free_partial on every node: empty slabs go,
 * slabs with objects are reported ("Objects remaining") and stay. */
static int slub_cache_shutdown(struct machine *m, struct kmem_cache *s)
{
	return free_partial(m, s, true);
}

/* get_slabinfo: free objects are counted on the partial slabs only. */
static void slub_get_slabinfo(struct machine *m, struct kmem_cache *s, struct slabinfo *si)
{
	unsigned long nr_slabs = 0, nr_objs = 0, nr_free = 0;

	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct kmem_cache_node *n = get_node(s, nid);
		struct page *slab;

		nr_slabs += n->nr_slabs;
		nr_objs += n->total_objects;
		list_for_each_entry(slab, &n->partial, struct page, lru)
			nr_free += slab_objects(slab) - slab_inuse(slab);
	}
	memset(si, 0, sizeof(*si));
	si->active_objs = nr_objs - nr_free;
	si->num_objs = nr_objs;
	si->active_slabs = nr_slabs;
	si->num_slabs = nr_slabs;
	si->objects_per_slab = oo_objects(s->oo);
	si->cache_order = oo_order(s->oo);
}

/**
 * slub_cpu_partial_slabs - how many slabs sit on @cpu's partial list of @s
 * (none until per-CPU partial slabs are modelled).
 */
unsigned long slub_cpu_partial_slabs(struct machine *m, struct kmem_cache *s, int cpu)
{
	(void)m;
	(void)s;
	(void)cpu;
	return 0;
}

/** slub_cpu_partial - the cache's cpu_partial (objects kept per CPU). */
unsigned int slub_cpu_partial(const struct kmem_cache *s)
{
	(void)s;
	return 0;
}

/* kmem_cache_init's SLUB line (mm/slub.c kmem_cache_init). */
static int slub_init(struct machine *m)
{
	pr_info(m, "SLUB: HWalign=%u, Order=%u-%u, MinObjects=%u, CPUs=%d, Nodes=%d",
		SLAB_CACHE_LINE_SIZE, 0U, (unsigned int)PAGE_ALLOC_COSTLY_ORDER, 0U,
		m->nr_cpu_ids, m->nr_node_ids);
	return 0;
}

const struct slab_allocator_ops slub_allocator = {
	.name = "SLUB",
	.init = slub_init,
	.cache_create = slub_cache_create,
	.cache_release = slub_cache_release,
	.cache_shutdown = slub_cache_shutdown,
	.cache_shrink = slub_cache_shrink,
	.alloc = slub_alloc,
	.free = slub_free,
	.get_slabinfo = slub_get_slabinfo,
	.mergeable = true,
};
