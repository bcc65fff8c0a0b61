// SPDX-License-Identifier: MIT
/*
 * slab.c - the SLAB allocator (mm/slab.c and include/linux/slab_def.h as
 * in Linux 6.6/6.7, before SLAB's removal in 6.8), booted with `slab=slab`.
 *
 * A cache keeps its slabs on three lists per node (slabs_full,
 * slabs_partial, slabs_free) and its free objects in front of them in
 * LIFO arrays (struct array_cache): one per CPU (limit and batchcount from
 * enable_cpucache) and one shared per node (shared * batchcount entries).
 * kmem_cache_alloc pops from the CPU array; an empty array is refilled
 * with batchcount objects (cache_alloc_refill: shared array first, then
 * partial and free slabs, then a new slab).  kmem_cache_free pushes onto
 * the CPU array; a full array gives batchcount objects to the shared
 * array or back to their slabs (cache_flusharray, free_block), and
 * free_block gives empty slabs back to the page allocator once the node
 * keeps more than free_limit free objects.  slab_cache_reap is one pass of
 * the periodic cache_reap.
 *
 * A slab is 2^gfporder pages (calculate_slab_order) starting with a colour
 * offset (a multiple of colour_off, cycling per node through colour
 * values).  Its freelist is an array of freelist_idx_t (one byte with 4K
 * pages), the indexes of its free objects from position `active` on.  The
 * array lives at the end of the slab (on-slab), in a kmalloc object
 * (OFF_SLAB), or inside the slab's last free object (OBJFREELIST_SLAB), as
 * __kmem_cache_create chooses.  Objects and freelists are in simulated
 * RAM, addressed by kernel virtual addresses in the direct map.
 *
 * struct slab over struct page (head page of the slab):
 *   page->flags     PG_slab
 *   page->lru       slab->slab_list (slabs_full / slabs_partial / slabs_free)
 *   page->mapping   slab->slab_cache
 *   page->index     slab->freelist: kernel virtual address of the index
 *                   array, 0 when an OBJFREELIST slab is full
 *   page->private   slab->s_mem as the colour offset from the slab's first
 *                   byte (bits 0..31), slab->active (bits 32..63)
 *   page->memcg_data mmsim's own: a host bitmap of the objects the caller
 *                   holds (where Linux keeps a slab's obj_cgroup vector),
 *                   so a double free is caught with one bit test
 *
 * Simplified, and said where it matters: no CONFIG_DEBUG_SLAB (red zones,
 * poisoning, STATS), no freelist randomisation, no pfmemalloc slabs, no
 * alien caches (a free of another node's object goes straight to that
 * node's lists, as with `noaliencache`), no memory policies or cpusets,
 * SLAB_TYPESAFE_BY_RCU slabs freed at once (no RCU yet), no
 * /proc/slabinfo writes, no slab_max_order= parameter.  The array caches
 * and the kmem_cache_node structures are host memory (mmsim keeps cache
 * bookkeeping off simulated RAM, see slab_common.c); off-slab freelists
 * are real kmalloc objects.  There is no timer: slab_cache_reap runs a
 * reap pass when called.  kmalloc-128 is not created first (Linux creates
 * the kmalloc cache of struct kmem_cache_node before the others), so it
 * keeps its place in /proc/slabinfo's order.  reciprocal_divide is a
 * multiply by kmem_cache.reciprocal_size (the same quotient).
 *
 * Bad frees never crash the host: slab_common's cache_from_obj checks the
 * cache; here an address between objects and a double free (an object
 * already in an array cache or on its slab's freelist) are reported as
 * SLAB's debug code words them ("slab error in kmem_cache_free(): cache
 * `NAME': double free detected") and ignored.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "slab.h"

#define BYTES_PER_WORD		8U
/* SLAB_OBJ_MIN_SIZE: KMALLOC_MIN_SIZE (32) < 16 ? KMALLOC_MIN_SIZE : 16 */
#define SLAB_OBJ_MIN_SIZE	16U
/* FREELIST_BYTE_INDEX: (PAGE_SIZE >> BITS_PER_BYTE) <= SLAB_OBJ_MIN_SIZE */
typedef uint8_t freelist_idx_t;
#define SLAB_OBJ_MAX_NUM	((1U << (sizeof(freelist_idx_t) * 8)) - 1)

#define CFLGS_OBJFREELIST_SLAB	0x40000000U
#define CFLGS_OFF_SLAB		0x80000000U
#define OBJFREELIST_SLAB(x)	((x)->flags & CFLGS_OBJFREELIST_SLAB)
#define OFF_SLAB(x)		((x)->flags & CFLGS_OFF_SLAB)

#define BATCHREFILL_LIMIT	16
#define SLAB_MAX_ORDER_HI	1
#define SLAB_MAX_ORDER_LO	0
#define KMALLOC_MAX_ORDER	MAX_PAGE_ORDER	/* KMALLOC_SHIFT_MAX - PAGE_SHIFT */
#define SHARED_BATCH_UNUSED	0xbaadf00dU

/* mm/internal.h */
#define GFP_RECLAIM_MASK (__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS |  \
			  __GFP_NOWARN | __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | \
			  __GFP_NORETRY | __GFP_MEMALLOC | __GFP_NOMEMALLOC)
#define GFP_CONSTRAINT_MASK (__GFP_HARDWALL | __GFP_THISNODE)

#define ALIGN_UP(x, a)	(((x) + (a) - 1) & ~((a) - 1))

/* ---------------------------------------------------- struct slab fields */

static inline uint64_t slab_freelist(const struct page *slab)
{
	return slab->index;
}
static inline void set_slab_freelist(struct page *slab, uint64_t freelist)
{
	slab->index = freelist;
}
static inline unsigned int slab_active(const struct page *slab)
{
	return (unsigned int)(slab->private >> 32);
}
static inline void set_slab_active(struct page *slab, unsigned int active)
{
	slab->private = (slab->private & 0xffffffffUL) | (unsigned long)active << 32;
}
static inline uint64_t slab_s_mem(struct machine *m, const struct page *slab)
{
	return page_address(m, slab) + (slab->private & 0xffffffffUL);
}

static inline uint64_t index_to_obj(struct machine *m, const struct kmem_cache *s,
				    const struct page *slab, unsigned int idx)
{
	return slab_s_mem(m, slab) + (uint64_t)s->size * idx;
}
static inline unsigned int obj_to_index(struct machine *m, const struct kmem_cache *s,
					const struct page *slab, uint64_t obj)
{
	return slab_size_index(s, (uint32_t)(obj - slab_s_mem(m, slab)));
}

/*
 * obj_set_held / obj_held - the slab's bitmap of objects the caller holds
 * (page->memcg_data): set when an object leaves the allocator, cleared
 * when it comes back, so a double free costs a bit test, not a search.
 */
static inline uint64_t *held_bitmap(const struct page *slab)
{
	return (uint64_t *)(uintptr_t)slab->memcg_data;
}

static inline unsigned int held_index(struct machine *m, struct kmem_cache *s,
				      const struct page *slab, uint64_t objp)
{
	return obj_to_index(m, s, slab, objp);
}

static void obj_set_held(struct machine *m, struct kmem_cache *s, uint64_t objp, bool held)
{
	struct page *slab = virt_to_slab_page(m, objp);
	unsigned int i = held_index(m, s, slab, objp);

	if (held)
		held_bitmap(slab)[i / 64] |= 1ULL << (i % 64);
	else
		held_bitmap(slab)[i / 64] &= ~(1ULL << (i % 64));
}

static bool obj_held(struct machine *m, struct kmem_cache *s, struct page *slab, uint64_t objp)
{
	unsigned int i = held_index(m, s, slab, objp);

	return held_bitmap(slab)[i / 64] >> (i % 64) & 1;
}

static inline freelist_idx_t get_free_obj(struct machine *m, const struct page *slab,
					  unsigned int idx)
{
	return *(freelist_idx_t *)slab_obj_host(m, slab_freelist(slab) + idx);
}
static inline void set_free_obj(struct machine *m, const struct page *slab,
				unsigned int idx, freelist_idx_t val)
{
	*(freelist_idx_t *)slab_obj_host(m, slab_freelist(slab) + idx) = val;
}

static inline struct kmem_cache_node *get_node(struct kmem_cache *s, int nid)
{
	return &s->node[nid];
}
static inline struct array_cache *cpu_cache_get(struct machine *m, struct kmem_cache *s)
{
	return s->cpu_cache[m->cpu];
}
static inline int numa_mem_id(struct machine *m)
{
	return this_cpu(m)->node;
}
static int nr_cpus_node(struct machine *m, int node)
{
	int cpu, nr = 0;

	for_each_online_cpu(m, cpu)
		nr += m->cpus[cpu].node == node;
	return nr;
}

/* slab_error (CONFIG_DEBUG_SLAB's): the line, a stack dump, TAINT_BAD_PAGE. */
static void slab_error(struct machine *m, const char *fn, const struct kmem_cache *s,
		       const char *msg)
{
	static const char *const trace[] = {
		"dump_stack_lvl", "__slab_error", "__cache_free", "kmem_cache_free", NULL
	};

	pr_err(m, "slab error in %s(): cache `%s': %s", fn, s->name, msg);
	m->dump_stack_trace = trace;
	dump_stack(m);
	m->taint |= 1UL << TAINT_BAD_PAGE;
}

/* ------------------------------------------------------------ slab layout */

/* cache_estimate - objects and left-over bytes of a 2^@gfporder slab. */
static unsigned int cache_estimate(unsigned int gfporder, size_t buffer_size,
				   slab_flags_t flags, size_t *left_over)
{
	size_t slab_size = PAGE_SIZE << gfporder;
	unsigned int num;

	if (flags & (CFLGS_OBJFREELIST_SLAB | CFLGS_OFF_SLAB)) {
		num = (unsigned int)(slab_size / buffer_size);
		*left_over = slab_size % buffer_size;
	} else {
		num = (unsigned int)(slab_size / (buffer_size + sizeof(freelist_idx_t)));
		*left_over = slab_size % (buffer_size + sizeof(freelist_idx_t));
	}
	return num;
}

/*
 * calculate_slab_order - the smallest order with objects that is at least
 * slab_max_order or wastes at most 1/8 (SLAB_RECLAIM_ACCOUNT: the first
 * order with objects); sets num and gfporder, returns the left-over bytes.
 * An off-slab freelist must come from an on-slab kmalloc cache no larger
 * than half an object.
 */
static size_t calculate_slab_order(struct machine *m, struct kmem_cache *s,
				   size_t size, slab_flags_t flags)
{
	size_t left_over = 0;

	for (unsigned int gfporder = 0; gfporder <= KMALLOC_MAX_ORDER; gfporder++) {
		size_t remainder;
		unsigned int num = cache_estimate(gfporder, size, flags, &remainder);

		if (!num)
			continue;
		/* can't handle more objects than SLAB_OBJ_MAX_NUM */
		if (num > SLAB_OBJ_MAX_NUM)
			break;
		if (flags & CFLGS_OFF_SLAB) {
			size_t freelist_size = num * sizeof(freelist_idx_t);
			size_t freelist_cache_size;

			if (freelist_size > KMALLOC_MAX_CACHE_SIZE) {
				freelist_cache_size = PAGE_SIZE << get_order(freelist_size);
			} else {
				struct kmem_cache *fc = kmalloc_slab(m, freelist_size, 0);

				if (!fc)
					continue;
				freelist_cache_size = fc->size;
				/* avoid looping in cache_grow_begin */
				if (OFF_SLAB(fc))
					continue;
			}
			/* off-slab only when it pays */
			if (freelist_cache_size > s->size / 2)
				continue;
		}
		s->num = num;
		s->gfporder = gfporder;
		left_over = remainder;
		if (flags & SLAB_RECLAIM_ACCOUNT)
			break;		/* no higher orders for VFS-reclaimable slabs */
		if (gfporder >= m->slab->slab_max_order)
			break;
		if (left_over * 8 <= (PAGE_SIZE << gfporder))
			break;		/* acceptable internal fragmentation */
	}
	return left_over;
}

/* set_objfreelist_slab_cache: the freelist inside a free object. */
static bool set_objfreelist_slab_cache(struct machine *m, struct kmem_cache *s,
				       size_t size, slab_flags_t flags)
{
	size_t left;

	s->num = 0;
	if (s->ctor || (flags & SLAB_TYPESAFE_BY_RCU))
		return false;	/* the object's contents must survive */
	left = calculate_slab_order(m, s, size, flags | CFLGS_OBJFREELIST_SLAB);
	if (!s->num)
		return false;
	if (s->num * sizeof(freelist_idx_t) > s->object_size)
		return false;
	s->colour = (unsigned int)(left / s->colour_off);
	return true;
}

/* set_off_slab_cache: the freelist from kmalloc, unless it fits on-slab. */
static bool set_off_slab_cache(struct machine *m, struct kmem_cache *s,
			       size_t size, slab_flags_t flags)
{
	size_t left;

	s->num = 0;
	if (flags & SLAB_NOLEAKTRACE)
		return false;
	left = calculate_slab_order(m, s, size, flags | CFLGS_OFF_SLAB);
	if (!s->num)
		return false;
	/* room enough in the slab: on-slab, at the expense of colouring */
	if (left >= s->num * sizeof(freelist_idx_t))
		return false;
	s->colour = (unsigned int)(left / s->colour_off);
	return true;
}

static bool set_on_slab_cache(struct machine *m, struct kmem_cache *s,
			      size_t size, slab_flags_t flags)
{
	size_t left;

	s->num = 0;
	left = calculate_slab_order(m, s, size, flags);
	if (!s->num)
		return false;
	s->colour = (unsigned int)(left / s->colour_off);
	return true;
}

/* --------------------------------------------------------- array caches */

static struct array_cache *alloc_arraycache(unsigned int entries, unsigned int batchcount)
{
	struct array_cache *ac = calloc(1, sizeof(*ac) + entries * sizeof(uint64_t));

	if (ac) {
		ac->limit = entries;
		ac->batchcount = batchcount;
	}
	return ac;
}

/* transfer_objects: up to @max objects from the top of @from onto @to. */
static unsigned int transfer_objects(struct array_cache *to, struct array_cache *from,
				     unsigned int max)
{
	unsigned int nr = from->avail;

	if (nr > max)
		nr = max;
	if (nr > to->limit - to->avail)
		nr = to->limit - to->avail;
	if (!nr)
		return 0;
	memcpy(to->entry + to->avail, from->entry + from->avail - nr, nr * sizeof(uint64_t));
	from->avail -= nr;
	to->avail += nr;
	return nr;
}

/* ------------------------------------------------- slabs from the buddy */

static int cache_vmstat_idx(const struct kmem_cache *s)
{
	return (s->flags & SLAB_RECLAIM_ACCOUNT) ? NR_SLAB_RECLAIMABLE_B
						 : NR_SLAB_UNRECLAIMABLE_B;
}

/* kmem_getpages: 2^gfporder pages, PG_slab, counted in NR_SLAB_*_B. */
static void kmem_freepages(struct machine *m, struct kmem_cache *s, struct page *slab);

static struct page *kmem_getpages(struct machine *m, struct kmem_cache *s, gfp_t flags,
				  int nodeid)
{
	struct page *slab;

	flags |= s->allocflags;
	slab = alloc_pages_node(m, nodeid, flags, s->gfporder);
	if (!slab)
		return NULL;	/* slab_out_of_memory prints only with DEBUG */
	__mod_node_page_state(NODE_DATA(m, page_to_nid(slab)),
			      (enum node_stat_item)cache_vmstat_idx(s),
			      (long)(PAGE_SIZE << s->gfporder));
	SetPageSlab(slab);
	slab->mapping = s;
	slab->index = 0;
	slab->private = 0;
	INIT_LIST_HEAD(&slab->lru);
	slab->memcg_data = (unsigned long)(uintptr_t)calloc((s->num + 63) / 64 ? (s->num + 63) / 64 : 1,
							     sizeof(uint64_t));
	if (!slab->memcg_data) {
		kmem_freepages(m, s, slab);
		return NULL;
	}
	return slab;
}

/* kmem_freepages: back to the page allocator, uncounted. */
static void kmem_freepages(struct machine *m, struct kmem_cache *s, struct page *slab)
{
	unsigned int order = s->gfporder;

	free((void *)(uintptr_t)slab->memcg_data);
	slab->memcg_data = 0;
	page_mapcount_reset(slab);
	slab->mapping = NULL;
	ClearPageSlab(slab);
	slab->index = 0;
	slab->private = 0;
	slab->lru.next = slab->lru.prev = NULL;
	__mod_node_page_state(NODE_DATA(m, page_to_nid(slab)),
			      (enum node_stat_item)cache_vmstat_idx(s),
			      -(long)(PAGE_SIZE << order));
	__free_pages(m, slab, order);
}

/* slab_destroy: the pages go (RCU caches too: no RCU yet), then an off-slab freelist. */
static void slab_destroy(struct machine *m, struct kmem_cache *s, struct page *slab)
{
	uint64_t freelist = slab_freelist(slab);

	kmem_freepages(m, s, slab);
	if (OFF_SLAB(s))
		kfree(m, freelist);
}

static void slabs_destroy(struct machine *m, struct kmem_cache *s, struct list_head *list)
{
	struct page *slab, *t;

	list_for_each_entry_safe(slab, t, list, struct page, lru) {
		list_del(&slab->lru);
		slab_destroy(m, s, slab);
	}
}

/* alloc_slabmgmt: s_mem after the colour, and where the freelist goes. */
static uint64_t alloc_slabmgmt(struct machine *m, struct kmem_cache *s, struct page *slab,
			       size_t colour_off, gfp_t local_flags, int nodeid)
{
	uint64_t addr = page_address(m, slab);

	slab->private = colour_off;		/* s_mem, active = 0 */
	if (OBJFREELIST_SLAB(s))
		return 0;			/* set by cache_init_objs */
	if (OFF_SLAB(s))
		return kmalloc_node(m, s->freelist_size, local_flags, nodeid);
	/* the last bytes of the slab */
	return addr + (PAGE_SIZE << s->gfporder) - s->freelist_size;
}

/* cache_init_objs: the constructor on every object, freelist 0..num-1. */
static void cache_init_objs(struct machine *m, struct kmem_cache *s, struct page *slab)
{
	if (OBJFREELIST_SLAB(s))
		set_slab_freelist(slab, index_to_obj(m, s, slab, s->num - 1));
	for (unsigned int i = 0; i < s->num; i++) {
		if (s->ctor)
			s->ctor(m, index_to_obj(m, s, slab, i));
		set_free_obj(m, slab, i, (freelist_idx_t)i);
	}
}

static uint64_t slab_get_obj(struct machine *m, struct kmem_cache *s, struct page *slab)
{
	unsigned int active = slab_active(slab);
	uint64_t objp = index_to_obj(m, s, slab, get_free_obj(m, slab, active));

	set_slab_active(slab, active + 1);
	return objp;
}

static void slab_put_obj(struct machine *m, struct kmem_cache *s, struct page *slab,
			 uint64_t objp)
{
	unsigned int objnr = obj_to_index(m, s, slab, objp);
	unsigned int active = slab_active(slab) - 1;

	set_slab_active(slab, active);
	if (!slab_freelist(slab))
		set_slab_freelist(slab, objp);	/* OBJFREELIST: this object holds it */
	set_free_obj(m, slab, active, (freelist_idx_t)objnr);
}

/*
 * cache_grow_begin - a new slab on @nodeid with its colour, freelist and
 * constructed objects; on no list yet (cache_grow_end puts it on one).
 */
static struct page *cache_grow_begin(struct machine *m, struct kmem_cache *s, gfp_t flags,
				     int nodeid)
{
	struct kmem_cache_node *n;
	struct page *slab;
	uint64_t freelist;
	size_t offset;
	gfp_t local_flags;

	/* checked only here, off the fast path */
	if (flags & GFP_SLAB_BUG_MASK)
		flags = kmalloc_fix_flags(m, flags);
	local_flags = flags & (GFP_CONSTRAINT_MASK | GFP_RECLAIM_MASK);
	slab = kmem_getpages(m, s, local_flags, nodeid);
	if (!slab)
		return NULL;
	n = get_node(s, page_to_nid(slab));
	/* the colour for this slab, and the next one's */
	n->colour_next++;
	if (n->colour_next >= s->colour)
		n->colour_next = 0;
	offset = n->colour_next;
	if (offset >= s->colour)
		offset = 0;
	offset *= s->colour_off;
	freelist = alloc_slabmgmt(m, s, slab, offset, local_flags & ~GFP_CONSTRAINT_MASK,
				  page_to_nid(slab));
	if (OFF_SLAB(s) && !freelist) {
		kmem_freepages(m, s, slab);
		return NULL;
	}
	set_slab_freelist(slab, freelist);
	cache_init_objs(m, s, slab);
	return slab;
}

/* fixup_slab_list: a slab whose active count changed onto the right list. */
static void fixup_slab_list(struct kmem_cache *s, struct kmem_cache_node *n,
			    struct page *slab)
{
	list_del(&slab->lru);
	if (slab_active(slab) == s->num) {
		list_add(&slab->lru, &n->slabs_full);
		if (OBJFREELIST_SLAB(s))
			set_slab_freelist(slab, 0);	/* the holder was handed out */
	} else {
		list_add(&slab->lru, &n->slabs_partial);
	}
}

static void cache_grow_end(struct machine *m, struct kmem_cache *s, struct page *slab)
{
	struct kmem_cache_node *n;

	(void)m;
	if (!slab)
		return;
	INIT_LIST_HEAD(&slab->lru);
	n = get_node(s, page_to_nid(slab));
	n->total_slabs++;
	if (!slab_active(slab)) {
		list_add_tail(&slab->lru, &n->slabs_free);
		n->free_slabs++;
	} else {
		fixup_slab_list(s, n, slab);
	}
	n->free_objects += s->num - slab_active(slab);
}

/* ------------------------------------------------------------ allocation */

/* get_first_slab: a partial slab, else a free one (free_touched). */
static struct page *get_first_slab(struct kmem_cache_node *n)
{
	struct page *slab = NULL;

	if (!list_empty(&n->slabs_partial)) {
		slab = list_first_entry(&n->slabs_partial, struct page, lru);
	} else {
		n->free_touched = 1;
		if (!list_empty(&n->slabs_free)) {
			slab = list_first_entry(&n->slabs_free, struct page, lru);
			n->free_slabs--;
		}
	}
	return slab;
}

/* alloc_block: up to @batchcount objects of @slab onto @ac; what is left to take. */
static int alloc_block(struct machine *m, struct kmem_cache *s, struct array_cache *ac,
		       struct page *slab, int batchcount)
{
	while (slab_active(slab) < s->num && batchcount--)
		ac->entry[ac->avail++] = slab_get_obj(m, s, slab);
	return batchcount;
}

/* gfp_exact_node (CONFIG_NUMA): this node only, no reclaim, no warning. */
static inline gfp_t gfp_exact_node(gfp_t flags)
{
	return (flags | __GFP_THISNODE | __GFP_NOWARN) & ~(__GFP_RECLAIM | __GFP_NOFAIL);
}

/*
 * cache_alloc_refill - the CPU array is empty: batchcount objects (16 when
 * the array was not touched since the last reap) from the shared array,
 * else from the node's partial and free slabs, else from a new slab.
 */
static uint64_t cache_alloc_refill(struct machine *m, struct kmem_cache *s, gfp_t flags)
{
	int node = numa_mem_id(m);
	struct array_cache *ac = cpu_cache_get(m, s);
	struct kmem_cache_node *n = get_node(s, node);
	struct array_cache *shared = n->shared;
	int batchcount = (int)ac->batchcount;
	struct page *slab;

	if (!ac->touched && batchcount > BATCHREFILL_LIMIT)
		batchcount = BATCHREFILL_LIMIT;	/* little recent activity: partial refill */
	if (!n->free_objects && (!shared || !shared->avail))
		goto direct_grow;
	if (shared && transfer_objects(ac, shared, (unsigned int)batchcount)) {
		shared->touched = 1;
		goto direct_grow;
	}
	while (batchcount > 0) {
		slab = get_first_slab(n);
		if (!slab)
			break;
		batchcount = alloc_block(m, s, ac, slab, batchcount);
		fixup_slab_list(s, n, slab);
	}
	n->free_objects -= ac->avail;
direct_grow:
	if (!ac->avail) {
		slab = cache_grow_begin(m, s, gfp_exact_node(flags), node);
		if (slab)
			alloc_block(m, s, ac, slab, batchcount);
		cache_grow_end(m, s, slab);
		if (!ac->avail)
			return 0;
	}
	ac->touched = 1;
	return ac->entry[--ac->avail];
}

static uint64_t ____cache_alloc(struct machine *m, struct kmem_cache *s, gfp_t flags)
{
	struct array_cache *ac = cpu_cache_get(m, s);

	if (ac->avail) {
		ac->touched = 1;
		return ac->entry[--ac->avail];
	}
	return cache_alloc_refill(m, s, flags);
}

static uint64_t ____cache_alloc_node(struct machine *m, struct kmem_cache *s, gfp_t flags,
				     int nodeid);

/*
 * fallback_alloc - no object and no memory on the node asked for: any
 * node (in the local node's zonelist order) with free objects, else a
 * slab wherever the page allocator finds one.
 */
static uint64_t fallback_alloc(struct machine *m, struct kmem_cache *s, gfp_t flags)
{
	struct zonelist *zl;
	int highest = (int)gfp_zone(m, flags);
	uint64_t obj = 0;
	struct page *slab;

	if (flags & __GFP_THISNODE)
		return 0;
	zl = &NODE_DATA(m, numa_mem_id(m))->node_zonelists[ZONELIST_FALLBACK];
	for (;;) {
		for (struct zoneref *z = zl->_zonerefs; z->zone && !obj; z++) {
			int nid = z->zone->zone_pgdat->node_id;

			if (z->zone_idx <= highest && get_node(s, nid)->free_objects)
				obj = ____cache_alloc_node(m, s, gfp_exact_node(flags), nid);
		}
		if (obj)
			return obj;
		/* within the constraints of the request: reclaim, any node */
		slab = cache_grow_begin(m, s, flags, numa_mem_id(m));
		cache_grow_end(m, s, slab);
		if (!slab)
			return 0;
		obj = ____cache_alloc_node(m, s, gfp_exact_node(flags), page_to_nid(slab));
		if (obj)
			return obj;
	}
}

/* ____cache_alloc_node - one object straight from node @nodeid's slabs. */
static uint64_t ____cache_alloc_node(struct machine *m, struct kmem_cache *s, gfp_t flags,
				     int nodeid)
{
	struct kmem_cache_node *n = get_node(s, nodeid);
	struct page *slab = get_first_slab(n);
	uint64_t obj = 0;

	if (slab) {
		obj = slab_get_obj(m, s, slab);
		n->free_objects--;
		fixup_slab_list(s, n, slab);
		return obj;
	}
	slab = cache_grow_begin(m, s, gfp_exact_node(flags), nodeid);
	if (slab)
		obj = slab_get_obj(m, s, slab);	/* not counted in free_objects yet */
	cache_grow_end(m, s, slab);
	return obj ? obj : fallback_alloc(m, s, flags);
}

/* __do_cache_alloc (CONFIG_NUMA): the CPU array serves the local node only. */
static uint64_t __do_cache_alloc(struct machine *m, struct kmem_cache *s, gfp_t flags,
				 int nodeid)
{
	int slab_node = numa_mem_id(m);
	uint64_t objp = 0;

	if (nodeid == NUMA_NO_NODE) {
		objp = ____cache_alloc(m, s, flags);
		nodeid = slab_node;
	} else if (nodeid == slab_node) {
		objp = ____cache_alloc(m, s, flags);
	}
	if (!objp)
		objp = ____cache_alloc_node(m, s, flags, nodeid);
	return objp;
}

/*
 * slab_alloc_node - kmem_cache_alloc(_node): an object of @s, 0 if no
 * memory; __GFP_ZERO clears object_size bytes (slab_post_alloc_hook).
 */
static uint64_t slab_alloc_node(struct machine *m, struct kmem_cache *s, gfp_t flags,
				int nodeid)
{
	uint64_t objp = __do_cache_alloc(m, s, flags, nodeid);

	if (objp)
		obj_set_held(m, s, objp, true);
	if (objp && (flags & __GFP_ZERO))
		memset(slab_obj_host(m, objp), 0, s->object_size);
	return objp;
}

/* ------------------------------------------------------------------ free */

/*
 * free_block - @nr objects back to their slabs on @node, slabs moved to
 * the partial (at the tail) or free list; free slabs beyond free_limit
 * free objects go to @list for slabs_destroy.
 */
static void free_block(struct machine *m, struct kmem_cache *s, const uint64_t *objpp,
		       unsigned int nr, int node, struct list_head *list)
{
	struct kmem_cache_node *n = get_node(s, node);
	struct page *slab;

	n->free_objects += nr;
	for (unsigned int i = 0; i < nr; i++) {
		slab = virt_to_slab_page(m, objpp[i]);
		list_del(&slab->lru);
		slab_put_obj(m, s, slab, objpp[i]);
		if (!slab_active(slab)) {
			list_add(&slab->lru, &n->slabs_free);
			n->free_slabs++;
		} else {
			/* the tail: the most time for its other objects to come back */
			list_add_tail(&slab->lru, &n->slabs_partial);
		}
	}
	while (n->free_objects > n->free_limit && !list_empty(&n->slabs_free)) {
		n->free_objects -= s->num;
		slab = list_last_entry(&n->slabs_free, struct page, lru);
		list_move(&slab->lru, list);
		n->free_slabs--;
		n->total_slabs--;
	}
}

/* cache_flusharray - the CPU array is full: batchcount objects leave it. */
static void cache_flusharray(struct machine *m, struct kmem_cache *s, struct array_cache *ac)
{
	unsigned int batchcount = ac->batchcount;
	int node = numa_mem_id(m);
	struct kmem_cache_node *n = get_node(s, node);
	struct list_head list;

	INIT_LIST_HEAD(&list);
	if (n->shared && n->shared->limit > n->shared->avail) {
		struct array_cache *shared = n->shared;
		unsigned int max = shared->limit - shared->avail;

		if (batchcount > max)
			batchcount = max;
		memcpy(shared->entry + shared->avail, ac->entry, batchcount * sizeof(uint64_t));
		shared->avail += batchcount;
	} else {
		free_block(m, s, ac->entry, batchcount, node, &list);
	}
	ac->avail -= batchcount;
	memmove(ac->entry, ac->entry + batchcount, ac->avail * sizeof(uint64_t));
	slabs_destroy(m, s, &list);
}

/*
 * ___cache_free - onto the CPU array (flushed first when full).  Another
 * node's object goes straight back to its node (no alien caches).
 */
static void ___cache_free(struct machine *m, struct kmem_cache *s, uint64_t objp)
{
	struct array_cache *ac = cpu_cache_get(m, s);
	int slab_node = page_to_nid(virt_to_slab_page(m, objp));

	if (m->nr_node_ids > 1 && slab_node != numa_mem_id(m)) {
		struct list_head list;

		INIT_LIST_HEAD(&list);
		free_block(m, s, &objp, 1, slab_node, &list);
		slabs_destroy(m, s, &list);
		return;
	}
	if (ac->avail >= ac->limit)
		cache_flusharray(m, s, ac);
	ac->entry[ac->avail++] = objp;
}

/* Is @objp in @ac?  Its position, or -1. */
static int array_find(const struct array_cache *ac, uint64_t objp)
{
	if (ac)
		for (unsigned int i = 0; i < ac->avail; i++)
			if (ac->entry[i] == objp)
				return (int)i;
	return -1;
}

/*
 * obj_already_free - where the object @objp of @slab is free already: on
 * the slab's freelist, in a CPU's array or in a node's shared array (the
 * description goes to @buf); NULL if it is allocated.
 */
static const char *obj_already_free(struct machine *m, struct kmem_cache *s,
				    struct page *slab, uint64_t objp, char *buf, size_t len)
{
	unsigned int objnr = obj_to_index(m, s, slab, objp);
	int cpu, nid;

	if (slab_freelist(slab))
		for (unsigned int i = slab_active(slab); i < s->num; i++)
			if (get_free_obj(m, slab, i) == objnr)
				return "on its slab's freelist";
	for_each_online_cpu(m, cpu)
		if (array_find(s->cpu_cache[cpu], objp) >= 0) {
			snprintf(buf, len, "in the array cache of CPU %d", cpu);
			return buf;
		}
	for_each_online_node(m, nid)
		if (array_find(get_node(s, nid)->shared, objp) >= 0) {
			snprintf(buf, len, "in the shared array of node %d", nid);
			return buf;
		}
	return NULL;
}

/*
 * slab_free - kmem_cache_free / kfree: cache_from_obj checks the cache;
 * an address that is no object of its slab, and an object already free,
 * are reported (slab_error) and the free is ignored.
 */
static void slab_free(struct machine *m, struct kmem_cache *s, uint64_t objp)
{
	struct page *slab;
	uint64_t s_mem;
	const char *where;
	char buf[64], msg[160];

	if (!cache_from_obj(m, s, objp, "kmem_cache_free"))
		return;
	slab = virt_to_slab_page(m, objp);
	s_mem = slab_s_mem(m, slab);
	if (objp < s_mem || objp - s_mem >= (uint64_t)s->num * s->size ||
	    !slab_size_divides(s, (uint32_t)(objp - s_mem))) {
		slab_error(m, "kmem_cache_free", s, "invalid object pointer");
		snprintf(msg, sizeof(msg), "%016llx: not an object (slab %016llx, objects at %016llx, size %u, %u per slab)",
			 (unsigned long long)objp, (unsigned long long)page_address(m, slab),
			 (unsigned long long)s_mem, s->size, s->num);
		pr_err(m, "%s", msg);
		return;
	}
	if (!obj_held(m, s, slab, objp)) {
		/* already free: say where (the search runs only for the report) */
		where = obj_already_free(m, s, slab, objp, buf, sizeof(buf));
		slab_error(m, "kmem_cache_free", s, "double free detected");
		pr_err(m, "%016llx: already free, %s", (unsigned long long)objp,
		       where ? where : "not held by anyone");
		return;
	}
	obj_set_held(m, s, objp, false);
	___cache_free(m, s, objp);
}

/* ----------------------------------------------------- draining, reaping */

/*
 * drain_array_locked - @free_all: every object of @ac back to the slabs;
 * else a fifth of its limit (at most half of what it holds, rounded up).
 */
static void drain_array_locked(struct machine *m, struct kmem_cache *s, struct array_cache *ac,
			       int node, bool free_all, struct list_head *list)
{
	unsigned int tofree;

	if (!ac || !ac->avail)
		return;
	tofree = free_all ? ac->avail : (ac->limit + 4) / 5;
	if (tofree > ac->avail)
		tofree = (ac->avail + 1) / 2;
	free_block(m, s, ac->entry, tofree, node, list);
	ac->avail -= tofree;
	memmove(ac->entry, ac->entry + tofree, ac->avail * sizeof(uint64_t));
}

/* drain_cpu_caches: every CPU's array (do_drain), then every shared array. */
static void drain_cpu_caches(struct machine *m, struct kmem_cache *s)
{
	struct list_head list;
	int cpu, node;

	INIT_LIST_HEAD(&list);
	for_each_online_cpu(m, cpu) {
		struct array_cache *ac = s->cpu_cache[cpu];

		free_block(m, s, ac->entry, ac->avail, m->cpus[cpu].node, &list);
		ac->avail = 0;
		slabs_destroy(m, s, &list);
	}
	for_each_online_node(m, node) {
		drain_array_locked(m, s, get_node(s, node)->shared, node, true, &list);
		slabs_destroy(m, s, &list);
	}
}

/* drain_freelist - up to @tofree slabs of slabs_free (from its tail) freed. */
static int drain_freelist(struct machine *m, struct kmem_cache *s, struct kmem_cache_node *n,
			  int tofree)
{
	int nr_freed = 0;

	while (nr_freed < tofree && !list_empty(&n->slabs_free)) {
		struct page *slab = list_last_entry(&n->slabs_free, struct page, lru);

		list_del(&slab->lru);
		n->free_slabs--;
		n->total_slabs--;
		n->free_objects -= s->num;
		slab_destroy(m, s, slab);
		nr_freed++;
	}
	return nr_freed;
}

/* drain_array - cache_reap's: a touched array is only marked untouched. */
static void drain_array(struct machine *m, struct kmem_cache *s, struct array_cache *ac,
			int node)
{
	struct list_head list;

	if (!ac || !ac->avail)
		return;
	if (ac->touched) {
		ac->touched = 0;
		return;
	}
	INIT_LIST_HEAD(&list);
	drain_array_locked(m, s, ac, node, false, &list);
	slabs_destroy(m, s, &list);
}

/**
 * slab_cache_reap - one pass of SLAB's cache_reap, as if every CPU's reap
 * work (every REAPTIMEOUT_AC = 2 s in Linux) ran once, CPU 0 first: for
 * every cache, the CPU's array loses a fifth of its limit unless it was
 * touched since the last pass (then it is only marked untouched); the
 * first CPU of each node also does the node's part (its next_reap is
 * taken as due): the shared array likewise, then (free_limit + 5 * num -
 * 1) / (5 * num) slabs of slabs_free are freed unless a refill took a
 * free slab since the last pass (free_touched).  mmsim has no timer yet:
 * nothing calls this periodically; tests and callers do.  Does nothing
 * unless the machine runs SLAB.
 */
void slab_cache_reap(struct machine *m)
{
	bool node_done[MAX_NUMNODES] = { false };
	int saved_cpu, cpu;
	struct kmem_cache *s;

	if (!m->slab || m->slab->ops != &slab_allocator)
		return;
	saved_cpu = m->cpu;
	for_each_online_cpu(m, cpu) {
		int node = m->cpus[cpu].node;

		m->cpu = cpu;		/* the work runs on that CPU */
		list_for_each_entry(s, &m->slab->slab_caches, struct kmem_cache, list) {
			struct kmem_cache_node *n = get_node(s, node);

			drain_array(m, s, s->cpu_cache[cpu], node);
			if (node_done[node])
				continue;	/* time_after(n->next_reap, jiffies) */
			drain_array(m, s, n->shared, node);
			if (n->free_touched)
				n->free_touched = 0;
			else
				drain_freelist(m, s, n, (int)((n->free_limit + 5 * s->num - 1) /
							       (5 * s->num)));
		}
		node_done[node] = true;
	}
	m->cpu = saved_cpu;
}

/* __kmem_cache_shrink - drain every array, free every free slab; 1 if slabs stay. */
static int slab_cache_shrink(struct machine *m, struct kmem_cache *s)
{
	int node, ret = 0;

	drain_cpu_caches(m, s);
	for_each_online_node(m, node) {
		struct kmem_cache_node *n = get_node(s, node);

		drain_freelist(m, s, n, INT_MAX);
		ret += !list_empty(&n->slabs_full) || !list_empty(&n->slabs_partial);
	}
	return ret ? 1 : 0;
}

/* __kmem_cache_shutdown is __kmem_cache_shrink (slab_common warns if objects stay). */
static int slab_cache_shutdown(struct machine *m, struct kmem_cache *s)
{
	return slab_cache_shrink(m, s);
}

/* ---------------------------------------------------------- cpu caches */

/* setup_kmem_cache_node: the node's shared array and free_limit. */
static int setup_kmem_cache_node(struct machine *m, struct kmem_cache *s, int node,
				 bool force_change)
{
	struct kmem_cache_node *n = get_node(s, node);
	struct array_cache *new_shared = NULL;

	if (s->shared) {
		new_shared = alloc_arraycache(s->shared * s->batchcount, SHARED_BATCH_UNUSED);
		if (!new_shared)
			return -ENOMEM;
	}
	/* init_cache_node */
	n->free_limit = (unsigned int)(1 + nr_cpus_node(m, node)) * s->batchcount + s->num;
	if (n->shared && force_change) {
		struct list_head list;

		INIT_LIST_HEAD(&list);
		free_block(m, s, n->shared->entry, n->shared->avail, node, &list);
		n->shared->avail = 0;
		slabs_destroy(m, s, &list);
	}
	if (!n->shared || force_change) {
		free(n->shared);
		n->shared = new_shared;
	} else {
		free(new_shared);
	}
	return 0;
}

/* do_tune_cpucache: new CPU arrays (the old ones drained), then the nodes. */
static int do_tune_cpucache(struct machine *m, struct kmem_cache *s, unsigned int limit,
			    unsigned int batchcount, unsigned int shared)
{
	struct array_cache **prev = s->cpu_cache;
	struct array_cache **cpu_cache = calloc((size_t)m->nr_cpu_ids, sizeof(*cpu_cache));
	int cpu, node;

	if (!cpu_cache)
		return -ENOMEM;
	for_each_online_cpu(m, cpu) {
		cpu_cache[cpu] = alloc_arraycache(limit, batchcount);
		if (!cpu_cache[cpu]) {
			while (cpu--)
				free(cpu_cache[cpu]);
			free(cpu_cache);
			return -ENOMEM;
		}
	}
	s->cpu_cache = cpu_cache;
	s->batchcount = batchcount;
	s->limit = limit;
	s->shared = shared;
	if (prev) {
		for_each_online_cpu(m, cpu) {
			struct list_head list;

			INIT_LIST_HEAD(&list);
			free_block(m, s, prev[cpu]->entry, prev[cpu]->avail, m->cpus[cpu].node, &list);
			slabs_destroy(m, s, &list);
			free(prev[cpu]);
		}
		free(prev);
	}
	for_each_online_node(m, node)
		if (setup_kmem_cache_node(m, s, node, true))
			return -ENOMEM;
	return 0;
}

/*
 * enable_cpucache - Linux's guesses: limit 1 above 128K, 8 above a page,
 * 24 above 1K, 54 above 256, else 120; a shared array of 8 batches for
 * objects up to a page when there is more than one CPU; batchcount half
 * the limit, rounded up.
 */
static int enable_cpucache(struct machine *m, struct kmem_cache *s)
{
	unsigned int limit, shared = 0;
	int err;

	if (s->size > 131072)
		limit = 1;
	else if (s->size > PAGE_SIZE)
		limit = 8;
	else if (s->size > 1024)
		limit = 24;
	else if (s->size > 256)
		limit = 54;
	else
		limit = 120;
	if (s->size <= PAGE_SIZE && m->nr_cpu_ids > 1)
		shared = 8;
	err = do_tune_cpucache(m, s, limit, (limit + 1) / 2, shared);
	if (err)
		pr_err(m, "enable_cpucache failed for %s, error %d", s->name, -err);
	return err;
}

/* ------------------------------------------------------- create, release */

static void slab_cache_release(struct machine *m, struct kmem_cache *s)
{
	if (s->cpu_cache) {
		for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++)
			free(s->cpu_cache[cpu]);
		free(s->cpu_cache);
		s->cpu_cache = NULL;
	}
	if (s->node) {
		for (int nid = 0; nid < m->nr_node_ids; nid++) {
			struct kmem_cache_node *n = &s->node[nid];
			struct list_head *lists[] = { &n->slabs_full, &n->slabs_partial,
						      &n->slabs_free };
			struct page *slab;

			free(n->shared);
			/* slabs still in use at teardown: their host bitmaps */
			for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
				if (!lists[l]->next)
					continue;	/* lists never initialised */
				list_for_each_entry(slab, lists[l], struct page, lru) {
					free(held_bitmap(slab));
					slab->memcg_data = 0;
				}
			}
		}
		free(s->node);
		s->node = NULL;
	}
}

/*
 * __kmem_cache_create - word-aligned size, at least SLAB_OBJ_MIN_SIZE,
 * colour_off a cache line (or the alignment), then the freelist's place:
 * inside an object (no constructor, and the index array fits in one), else
 * off-slab (when it pays and the slab has no room for it), else on-slab.
 * Debug flags are dropped (CACHE_CREATE_MASK without CONFIG_DEBUG_SLAB).
 */
static int slab_cache_create(struct machine *m, struct kmem_cache *s)
{
	unsigned int size = ALIGN_UP(s->size, BYTES_PER_WORD);
	unsigned int ralign = BYTES_PER_WORD;
	slab_flags_t flags = s->flags & ~SLAB_DEBUG_FLAGS;
	int err;

	if (ralign < s->align)
		ralign = s->align;	/* caller mandated alignment */
	s->align = ralign;
	s->colour_off = SLAB_CACHE_LINE_SIZE;	/* cache_line_size() */
	if (s->colour_off < s->align)
		s->colour_off = s->align;
	size = ALIGN_UP(size, s->align);
	/* a byte-sized index needs objects of SLAB_OBJ_MIN_SIZE at least */
	if (size < SLAB_OBJ_MIN_SIZE)
		size = ALIGN_UP(SLAB_OBJ_MIN_SIZE, s->align);
	/* calculate_slab_order compares against the final size */
	s->size = size;
	s->reciprocal_size = UINT64_MAX / size + 1;	/* reciprocal_value(size) */
	if (set_objfreelist_slab_cache(m, s, size, flags))
		flags |= CFLGS_OBJFREELIST_SLAB;
	else if (set_off_slab_cache(m, s, size, flags))
		flags |= CFLGS_OFF_SLAB;
	else if (!set_on_slab_cache(m, s, size, flags))
		return -E2BIG;
	s->freelist_size = s->num * (unsigned int)sizeof(freelist_idx_t);
	s->flags = flags;
	s->allocflags = s->gfporder ? __GFP_COMP : 0;	/* order 0 needs no compound */
	if (flags & SLAB_CACHE_DMA)
		s->allocflags |= GFP_DMA;
	if (flags & SLAB_CACHE_DMA32)
		s->allocflags |= GFP_DMA32;
	if (flags & SLAB_RECLAIM_ACCOUNT)
		s->allocflags |= __GFP_RECLAIMABLE;
	s->inuse = s->size;
	s->node = calloc((size_t)m->nr_node_ids, sizeof(*s->node));
	if (!s->node)
		return -ENOMEM;
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct kmem_cache_node *n = get_node(s, nid);

		/* kmem_cache_node_init */
		INIT_LIST_HEAD(&n->slabs_full);
		INIT_LIST_HEAD(&n->slabs_partial);
		INIT_LIST_HEAD(&n->slabs_free);
		INIT_LIST_HEAD(&n->partial);	/* SLUB's, unused */
	}
	err = enable_cpucache(m, s);	/* setup_cpu_cache once slab_state is FULL */
	if (err) {
		slab_cache_release(m, s);
		return err;
	}
	return 0;
}

static uint64_t slab_alloc(struct machine *m, struct kmem_cache *s, gfp_t gfp, int node)
{
	return slab_alloc_node(m, s, gfp, node);
}

/* get_slabinfo - objects in the arrays count as active, as in Linux. */
static void slab_get_slabinfo(struct machine *m, struct kmem_cache *s, struct slabinfo *si)
{
	unsigned long total_slabs = 0, free_slabs = 0, free_objs = 0, shared_avail = 0;
	int node;

	for_each_online_node(m, node) {
		struct kmem_cache_node *n = get_node(s, node);

		total_slabs += n->total_slabs;
		free_slabs += n->free_slabs;
		free_objs += n->free_objects;
		if (n->shared)
			shared_avail += n->shared->avail;
	}
	si->num_objs = total_slabs * s->num;
	si->active_slabs = total_slabs - free_slabs;
	si->active_objs = si->num_objs - free_objs;
	si->num_slabs = total_slabs;
	si->shared_avail = shared_avail;
	si->limit = s->limit;
	si->batchcount = s->batchcount;
	si->shared = s->shared;
	si->objects_per_slab = s->num;
	si->cache_order = s->gfporder;
}

/* __ksize: SLAB's slab_ksize is the object size (mm/slab.h, !CONFIG_SLUB). */
static size_t slab_ksize_fn(struct machine *m, uint64_t addr)
{
	struct page *page;

	if (!virt_addr_valid(m, addr)) {
		pr_warn(m, "WARNING: CPU: %d PID: %d at mm/slab_common.c: ksize: %#llx is not a kernel direct-map address",
			m->cpu, this_cpu(m)->pid, (unsigned long long)addr);
		return 0;
	}
	page = virt_to_slab_page(m, addr);
	if (!PageSlab(page))
		return PAGE_SIZE << compound_order(page);
	return slab_cache(page)->object_size;
}

/*
 * kmem_cache_init's SLAB part: slab_max_order 1 with more than 32 MB of
 * RAM, else 0.  SLAB prints no boot line (SLUB's "SLUB: HWalign=..." has
 * no SLAB counterpart).
 */
static int slab_init(struct machine *m)
{
	m->slab->slab_max_order = m->totalram_pages > ((32UL << 20) >> PAGE_SHIFT) ?
				  SLAB_MAX_ORDER_HI : SLAB_MAX_ORDER_LO;
	return 0;
}

/* ------------------------------------------------------ invariant check */

#define CHECK(cond, ...) do {                                              \
	if (!(cond)) {                                                     \
		if (errors < 20)                                           \
			printk(m, "mmsim: DEBUG_VM: SLAB " __VA_ARGS__);   \
		errors++;                                                  \
	}                                                                  \
} while (0)

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Every slab of one list of @n: its page, count and freelist. */
static int check_slab_list(struct machine *m, struct kmem_cache *s, int nid,
			   struct list_head *head, const char *what, unsigned long *nr_slabs,
			   unsigned long *nr_free, uint64_t **freeobjs, size_t *nfree,
			   size_t *cap)
{
	struct page *slab;
	int errors = 0;

	list_for_each_entry(slab, head, struct page, lru) {
		unsigned int active = slab_active(slab);
		uint8_t seen[SLAB_OBJ_MAX_NUM + 1] = { 0 };

		(*nr_slabs)++;
		CHECK(PageSlab(slab) && slab->mapping == s && page_to_nid(slab) == nid,
		      "%s: slab %#lx on node %d's %s is not its slab", s->name,
		      page_to_pfn(m, slab), nid, what);
		CHECK(active <= s->num, "%s: slab %#lx active %u > num %u", s->name,
		      page_to_pfn(m, slab), active, s->num);
		if (active > s->num)
			continue;
		CHECK(!strcmp(what, "slabs_full") ? active == s->num :
		      !strcmp(what, "slabs_free") ? active == 0 : active && active < s->num,
		      "%s: slab %#lx with %u of %u objects active is on %s", s->name,
		      page_to_pfn(m, slab), active, s->num, what);
		CHECK((slab->private & 0xffffffffUL) <= (unsigned long)s->colour * s->colour_off,
		      "%s: slab %#lx colour offset %lu beyond %u * %u", s->name,
		      page_to_pfn(m, slab), slab->private & 0xffffffffUL, s->colour, s->colour_off);
		*nr_free += s->num - active;
		if (active == s->num)
			continue;
		CHECK(slab_freelist(slab) != 0, "%s: slab %#lx has free objects and no freelist",
		      s->name, page_to_pfn(m, slab));
		if (!slab_freelist(slab))
			continue;
		for (unsigned int i = active; i < s->num; i++) {
			unsigned int idx = get_free_obj(m, slab, i);

			CHECK(idx < s->num && !seen[idx], "%s: slab %#lx freelist[%u] = %u bad or repeated",
			      s->name, page_to_pfn(m, slab), i, idx);
			if (idx >= s->num || seen[idx])
				continue;
			seen[idx] = 1;
			if (*nfree == *cap) {
				*cap = *cap ? *cap * 2 : 1024;
				*freeobjs = realloc(*freeobjs, *cap * sizeof(uint64_t));
			}
			(*freeobjs)[(*nfree)++] = index_to_obj(m, s, slab, idx);
		}
	}
	return errors;
}

/* The objects of one array: objects of @s on node @nid, out of their slabs. */
static int check_array(struct machine *m, struct kmem_cache *s, struct array_cache *ac,
		       int nid, const char *what, int id, uint64_t **objs, size_t *nobj,
		       size_t *cap)
{
	int errors = 0;

	if (!ac)
		return 0;
	CHECK(ac->avail <= ac->limit, "%s: %s %d holds %u > limit %u", s->name, what, id,
	      ac->avail, ac->limit);
	for (unsigned int i = 0; i < ac->avail && i < ac->limit; i++) {
		uint64_t objp = ac->entry[i];
		struct page *slab;

		if (!virt_addr_valid(m, objp)) {
			CHECK(0, "%s: %s %d entry %u %#llx is no address", s->name, what, id, i,
			      (unsigned long long)objp);
			continue;
		}
		slab = virt_to_slab_page(m, objp);
		CHECK(PageSlab(slab) && slab->mapping == s && page_to_nid(slab) == nid &&
		      objp >= slab_s_mem(m, slab) && (objp - slab_s_mem(m, slab)) % s->size == 0,
		      "%s: %s %d entry %u %#llx is not an object of node %d", s->name, what, id,
		      i, (unsigned long long)objp, nid);
		if (*nobj == *cap) {
			*cap = *cap ? *cap * 2 : 1024;
			*objs = realloc(*objs, *cap * sizeof(uint64_t));
		}
		(*objs)[(*nobj)++] = objp;
	}
	return errors;
}

/**
 * check_slab_caches - SLAB's invariants, for tests (a CONFIG_DEBUG_VM-like
 * check of what SLAB keeps): every slab on its node's list of the right
 * kind with a consistent freelist, total_slabs, free_slabs and
 * free_objects equal to what the lists hold, the array caches within
 * their limits holding objects of their node, and no object both in an
 * array and on a freelist or twice in arrays.  Violations are reported as
 * "mmsim: DEBUG_VM: SLAB ..." lines; returns their number (0 unless the
 * machine runs SLAB).
 */
int check_slab_caches(struct machine *m)
{
	struct kmem_cache *s;
	int errors = 0;

	if (!m->slab || m->slab->ops != &slab_allocator)
		return 0;
	list_for_each_entry(s, &m->slab->slab_caches, struct kmem_cache, list) {
		uint64_t *objs = NULL;
		size_t nobj = 0, cap = 0;
		int cpu, nid;

		for_each_online_node(m, nid) {
			struct kmem_cache_node *n = get_node(s, nid);
			unsigned long full = 0, partial = 0, nfree = 0, free_objs = 0;

			errors += check_slab_list(m, s, nid, &n->slabs_full, "slabs_full", &full,
						  &free_objs, &objs, &nobj, &cap);
			errors += check_slab_list(m, s, nid, &n->slabs_partial, "slabs_partial",
						  &partial, &free_objs, &objs, &nobj, &cap);
			errors += check_slab_list(m, s, nid, &n->slabs_free, "slabs_free", &nfree,
						  &free_objs, &objs, &nobj, &cap);
			CHECK(n->total_slabs == full + partial + nfree && n->free_slabs == nfree &&
			      n->free_objects == free_objs,
			      "%s: node %d counts slabs %lu free %lu free_objects %lu, lists %lu %lu %lu",
			      s->name, nid, n->total_slabs, n->free_slabs, n->free_objects,
			      full + partial + nfree, nfree, free_objs);
			CHECK(!n->shared || n->shared->limit == s->shared * s->batchcount,
			      "%s: node %d shared limit %u", s->name, nid, n->shared->limit);
			errors += check_array(m, s, n->shared, nid, "shared array of node", nid,
					      &objs, &nobj, &cap);
		}
		for_each_online_cpu(m, cpu)
			errors += check_array(m, s, s->cpu_cache[cpu], m->cpus[cpu].node,
					      "array of CPU", cpu, &objs, &nobj, &cap);
		if (nobj) {
			qsort(objs, nobj, sizeof(*objs), cmp_u64);
			for (size_t i = 1; i < nobj; i++)
				CHECK(objs[i] != objs[i - 1], "%s: object %#llx is free twice",
				      s->name, (unsigned long long)objs[i]);
		}
		free(objs);
	}
	return errors;
}

const struct slab_allocator_ops slab_allocator = {
	.name = "SLAB",
	.init = slab_init,
	.cache_create = slab_cache_create,
	.cache_release = slab_cache_release,
	.cache_shutdown = slab_cache_shutdown,
	.cache_shrink = slab_cache_shrink,
	.alloc = slab_alloc,
	.free = slab_free,
	.get_slabinfo = slab_get_slabinfo,
	.ksize = slab_ksize_fn,
	.slabinfo_tunables = true,
	.mergeable = true,
};
