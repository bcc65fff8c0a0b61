/* SPDX-License-Identifier: MIT */
/*
 * slab.h - the kernel's object allocators (include/linux/slab.h, mm/slab.h,
 * include/linux/slub_def.h, include/linux/slab_def.h, Linux 6.6).
 *
 * Three allocators sit behind one API, chosen at boot with `slab=`, as the
 * old Kconfig choice did: SLUB (slub.c, the default), SLAB (slab.c, as it
 * was before its removal in 6.8) and SLOB (slob.c, as before 6.4).
 * slab_common.c owns the API (kmem_cache_create, kmalloc, kfree, ...)
 * and calls the chosen allocator through struct slab_allocator_ops.
 * struct kmem_cache and struct kmem_cache_node carry a part for SLUB and
 * a part for SLAB, as mm/slab.h's #ifdef CONFIG_SLAB / CONFIG_SLUB do;
 * SLOB needs only the common fields.
 *
 * What follows describes SLUB; slab.c and slob.c describe their own use
 * of struct page in their headers.
 *
 * Objects live in simulated RAM: a slab is a block from alloc_pages (a
 * compound page when its order is above 0), objects are addressed by their
 * kernel virtual address in the direct map (page_address + offset), and the
 * free pointer of a free object is stored inside the object, in simulated
 * RAM, at cache->offset (8 bytes, little-endian).  With freelist
 * hardening (CONFIG_SLAB_FREELIST_HARDENED, on: slub.c) the stored value
 * is next ^ s->random ^ swab(address of the pointer); next is the kernel
 * virtual address of the next free object, 0 ending the list.
 *
 * The bookkeeping (struct kmem_cache, its per-CPU and per-node parts) is
 * host memory, created by kmem_cache_create without allocating a page:
 * slabs are allocated on the first kmem_cache_alloc.
 *
 * struct slab over struct page.  Linux overlays struct slab on struct
 * page; mmsim keeps struct page at 64 bytes and uses its fields on the
 * head page of the slab:
 *
 *   page->flags     PG_slab (set on the head page only, as Linux's folio)
 *   page->lru       slab->slab_list: the node's partial (or, for
 *                   SLAB_STORE_USER caches, full) list; on a CPU's
 *                   partial list instead slab->next (lru.next, a struct
 *                   page *) and slab->slabs (lru.prev, a count), as
 *                   Linux's union in struct slab
 *   page->mapping   slab->slab_cache (struct kmem_cache *); cleared before
 *                   the pages go back to the page allocator, which
 *                   insists on a NULL mapping
 *   page->index     slab->freelist: kernel virtual address of the first
 *                   free object, 0 if none (a frozen CPU slab keeps its
 *                   free objects on the CPU's freelist instead)
 *   page->private   slab->counters: inuse (bits 0..15), objects (bits
 *                   16..30), frozen (bit 31)
 *
 * Tail pages keep compound_head, so virt_to_slab of any object address
 * finds the head page.
 */
#ifndef MMSIM_SLAB_H
#define MMSIM_SLAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "gfp.h"
#include "list.h"
#include "mm_types.h"
#include "seq_file.h"

struct machine;

typedef unsigned int slab_flags_t;

/* Flags of kmem_cache_create, Linux 6.6's values (include/linux/slab.h). */
#define SLAB_CONSISTENCY_CHECKS	0x00000100U	/* DEBUG: checks on alloc/free */
#define SLAB_RED_ZONE		0x00000400U	/* DEBUG: red zones around objects */
#define SLAB_POISON		0x00000800U	/* DEBUG: poison free objects */
#define SLAB_KMALLOC		0x00001000U	/* a kmalloc cache */
#define SLAB_HWCACHE_ALIGN	0x00002000U	/* align objects on cache lines */
#define SLAB_CACHE_DMA		0x00004000U	/* GFP_DMA memory */
#define SLAB_CACHE_DMA32	0x00008000U	/* GFP_DMA32 memory */
#define SLAB_STORE_USER		0x00010000U	/* DEBUG: store the last owner */
#define SLAB_RECLAIM_ACCOUNT	0x00020000U	/* objects are reclaimable */
#define SLAB_PANIC		0x00040000U	/* panic if kmem_cache_create fails */
#define SLAB_TYPESAFE_BY_RCU	0x00080000U	/* defer freeing slabs to RCU */
#define SLAB_MEM_SPREAD		0x00100000U
#define SLAB_TRACE		0x00200000U	/* trace allocations and frees */
#define SLAB_NOLEAKTRACE	0x00800000U
#define SLAB_NO_MERGE		0x01000000U	/* never merge (6.5) */
#define SLAB_ACCOUNT		0x04000000U	/* account to memcg */
#define SLAB_NO_USER_FLAGS	0x10000000U	/* ignore slub_debug= */

#define SLAB_DEBUG_FLAGS	(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | \
				 SLAB_TRACE | SLAB_CONSISTENCY_CHECKS)
/* mm/slab.h CACHE_CREATE_MASK (what a caller may pass, SLUB's list) */
#define SLAB_FLAGS_PERMITTED	(SLAB_CORE_FLAGS | SLAB_DEBUG_FLAGS | SLAB_NOLEAKTRACE | \
				 SLAB_ACCOUNT | SLAB_NO_USER_FLAGS | SLAB_KMALLOC | \
				 SLAB_NO_MERGE)
#define SLAB_CORE_FLAGS		(SLAB_HWCACHE_ALIGN | SLAB_CACHE_DMA | SLAB_CACHE_DMA32 | \
				 SLAB_PANIC | SLAB_TYPESAFE_BY_RCU | SLAB_RECLAIM_ACCOUNT | \
				 SLAB_MEM_SPREAD)
/* mm/slab_common.c: never merged; merged only with the same of these */
#define SLAB_NEVER_MERGE	(SLAB_RED_ZONE | SLAB_POISON | SLAB_STORE_USER | \
				 SLAB_TRACE | SLAB_TYPESAFE_BY_RCU | SLAB_NOLEAKTRACE | \
				 SLAB_NO_MERGE)
#define SLAB_MERGE_SAME		(SLAB_RECLAIM_ACCOUNT | SLAB_CACHE_DMA | \
				 SLAB_CACHE_DMA32 | SLAB_ACCOUNT)

/* The simulated kernel's pointer size: the free pointer's size. */
#define SLAB_PTR_SIZE		8U
#define ARCH_KMALLOC_MINALIGN	8U	/* __alignof__(unsigned long long) */
#define ARCH_SLAB_MINALIGN	8U
#define SLAB_CACHE_LINE_SIZE	64U	/* cache_line_size() on x86 */

/*
 * kmalloc caches: kmalloc-8 (index 3) .. kmalloc-8k (index 13), plus 96
 * and 192.  SLAB's smallest is kmalloc-32 (its KMALLOC_SHIFT_LOW is 5):
 * slab_state.kmalloc_shift_low says which.
 */
#define KMALLOC_SHIFT_LOW	3
#define KMALLOC_SHIFT_HIGH	(PAGE_SHIFT + 1)
#define KMALLOC_MAX_CACHE_SIZE	(1UL << KMALLOC_SHIFT_HIGH)
#define KMALLOC_MAX_SIZE	(1UL << (MAX_PAGE_ORDER + PAGE_SHIFT))
#define ZERO_SIZE_PTR		((uint64_t)16)
#define ZERO_OR_NULL_PTR(x)	((uint64_t)(x) <= ZERO_SIZE_PTR)

/* gfp bits a slab page must not have (no highmem: objects are addressed) */
#define GFP_SLAB_BUG_MASK	(__GFP_DMA32 | __GFP_HIGHMEM)

#define MIN_PARTIAL		5
#define MAX_PARTIAL		10
#define MAX_OBJS_PER_PAGE	32767
#define OO_SHIFT		16
#define OO_MASK			((1U << OO_SHIFT) - 1)

/* kmem_cache_order_objects: order in the high 16 bits, objects below. */
struct kmem_cache_order_objects {
	unsigned int x;
};

static inline unsigned int oo_order(struct kmem_cache_order_objects x)
{
	return x.x >> OO_SHIFT;
}
static inline unsigned int oo_objects(struct kmem_cache_order_objects x)
{
	return x.x & OO_MASK;
}

/* Per-CPU: the CPU slab and the free objects taken from it (lockless in Linux). */
struct kmem_cache_cpu {
	uint64_t freelist;		/* next object to hand out, 0: none */
	struct page *slab;		/* the slab being allocated from (frozen) */
	struct page *partial;		/* per-CPU partial slabs (slab->next), or NULL */
};

/*
 * SLAB's per-CPU and per-node object arrays (mm/slab.c struct
 * array_cache): a LIFO stack of free objects (kernel virtual addresses),
 * host memory.  The shared array of a node uses the same structure
 * (batchcount unused there: 0xbaadf00d, as Linux).
 */
struct array_cache {
	unsigned int avail;		/* objects in entry[] */
	unsigned int limit;		/* capacity of entry[] */
	unsigned int batchcount;	/* objects moved per refill / flush */
	unsigned int touched;		/* allocated from since the last reap */
	uint64_t entry[];
};

/* Per-node: the slab lists and the counts slabinfo shows. */
struct kmem_cache_node {
	/* SLUB */
	struct list_head partial;
	unsigned long nr_partial;
	unsigned long nr_slabs;
	unsigned long total_objects;
	struct list_head full;		/* SLAB_STORE_USER: the full slabs */
	/* SLAB (mm/slab.h, CONFIG_SLAB) */
	struct list_head slabs_partial;
	struct list_head slabs_full;
	struct list_head slabs_free;
	unsigned long total_slabs;	/* length of all slab lists */
	unsigned long free_slabs;	/* length of slabs_free */
	unsigned long free_objects;
	unsigned int free_limit;
	unsigned int colour_next;	/* per-node cache colouring */
	struct array_cache *shared;	/* shared per node */
	unsigned long next_reap;
	int free_touched;
};

typedef void (*kmem_ctor_t)(struct machine *m, uint64_t object);

struct kmem_cache {
	/* SLUB (include/linux/slub_def.h) */
	struct kmem_cache_cpu *cpu_slab;	/* [nr_cpu_ids] */
	slab_flags_t flags;
	unsigned long min_partial;
	unsigned int size;		/* object + metadata, aligned */
	unsigned int object_size;	/* what the caller asked for */
	unsigned int offset;		/* free pointer offset in the object */
	struct kmem_cache_order_objects oo;	/* preferred order and objects */
	struct kmem_cache_order_objects min;	/* fallback when oo fails */
	gfp_t allocflags;		/* __GFP_COMP, __GFP_RECLAIMABLE */
	int refcount;			/* users: 1 + aliases; 0: destroyed */
	kmem_ctor_t ctor;
	unsigned int inuse;		/* offset to metadata */
	unsigned int align;
	unsigned int useroffset;	/* usercopy region (hardened usercopy) */
	unsigned int usersize;
	char *name;
	struct list_head list;		/* on the machine's slab_caches */
	struct kmem_cache_node *node;	/* [nr_node_ids] */
	unsigned long random;		/* CONFIG_SLAB_FREELIST_HARDENED key */
	unsigned int red_left_pad;	/* SLAB_RED_ZONE: red zone before the object */
	unsigned int cpu_partial;	/* objects kept on per-CPU partial slabs */
	unsigned int cpu_partial_slabs;	/* ... as a number of slabs */

	/* SLAB (include/linux/slab_def.h) */
	struct array_cache **cpu_cache;	/* [nr_cpu_ids] */
	unsigned int batchcount;
	unsigned int limit;
	unsigned int shared;
	unsigned int num;		/* objects per slab */
	unsigned int gfporder;
	unsigned int colour;		/* colour range */
	unsigned int colour_off;	/* colour offset */
	unsigned int freelist_size;
	struct kmem_cache *freelist_cache;	/* off-slab freelists */
	unsigned int reciprocal_buffer_size;
	/*
	 * ceil(2^64 / size): off is a multiple of size iff (u32)off * it
	 * <= it - 1 (Lemire, Kaser, Kurz 2019: a multiply instead of a
	 * division on the fast paths; Linux's reciprocal_size plays the
	 * same role in obj_to_index).
	 */
	uint64_t reciprocal_size;
};

/* What /proc/slabinfo shows of a cache. */
struct slabinfo {
	unsigned long active_objs, num_objs, active_slabs, num_slabs;
	unsigned long shared_avail;
	unsigned int limit, batchcount, shared;
	unsigned int objects_per_slab, cache_order;
};

/*
 * One slab allocator (SLUB, SLAB or SLOB): what slab_common.c calls.
 * Every hook takes a valid cache; slab_common.c has checked the
 * arguments that are the API's to check.
 */
struct slab_allocator_ops {
	const char *name;		/* "SLUB", "SLAB", "SLOB" */
	/* kmem_cache_init's tail: boot line, allocator-wide state */
	int (*init)(struct machine *m);
	void (*release)(struct machine *m);	/* machine teardown */
	/* __kmem_cache_create: sizes, order, per-CPU/per-node parts */
	int (*cache_create)(struct machine *m, struct kmem_cache *s);
	/* host memory of a cache (its slabs are already gone or go with RAM) */
	void (*cache_release)(struct machine *m, struct kmem_cache *s);
	/* free the empty slabs; nonzero (reported) if objects remain */
	int (*cache_shutdown)(struct machine *m, struct kmem_cache *s);
	int (*cache_shrink)(struct machine *m, struct kmem_cache *s);
	/* an object of @s, on @node if not NUMA_NO_NODE; 0 if no memory */
	uint64_t (*alloc)(struct machine *m, struct kmem_cache *s, gfp_t gfp, int node);
	/* give back @addr: validates and reports it in the allocator's words */
	void (*free)(struct machine *m, struct kmem_cache *s, uint64_t addr);
	/*
	 * optional: the same once kfree has found @addr's slab (PageSlab,
	 * the cache), so the lookup is not done twice; NULL: free
	 */
	void (*free_slab)(struct machine *m, struct kmem_cache *s, struct page *slab,
			  uint64_t addr);
	void (*get_slabinfo)(struct machine *m, struct kmem_cache *s, struct slabinfo *si);
	/*
	 * SLOB serves kmalloc itself (size-prefixed blocks); NULL means
	 * slab_common's kmalloc caches.
	 */
	uint64_t (*kmalloc)(struct machine *m, size_t size, gfp_t gfp, int node);
	void (*kfree)(struct machine *m, uint64_t addr);
	size_t (*ksize)(struct machine *m, uint64_t addr);
	/*
	 * optional: kmem_cache_flags (slub_debug=) for find_mergeable; the
	 * allocator's cache_create applies it to the cache itself, as
	 * kmem_cache_open does (honouring SLAB_NO_USER_FLAGS).  NULL:
	 * flags unchanged.
	 */
	slab_flags_t (*cache_flags)(struct machine *m, unsigned int size, slab_flags_t flags,
				    const char *name);
	/* optional: __kmem_cache_alias's allocator half (SLUB: inuse) */
	void (*cache_alias)(struct machine *m, struct kmem_cache *s, unsigned int size);
	/* optional: a faster kmem_cache_alloc_bulk; NULL: one at a time */
	int (*alloc_bulk)(struct machine *m, struct kmem_cache *s, gfp_t gfp, size_t nr,
			  uint64_t *p);
	/* SLAB prints its tunables in slabinfo; SLUB and SLOB zeros */
	bool slabinfo_tunables;
	/* can this allocator merge caches (SLOB: no) */
	bool mergeable;
};

extern const struct slab_allocator_ops slub_allocator;
extern const struct slab_allocator_ops slab_allocator;
extern const struct slab_allocator_ops slob_allocator;

#define KMALLOC_CACHES		(KMALLOC_SHIFT_HIGH + 1)

/*
 * include/linux/slab.h kmalloc_cache_type, with CONFIG_ZONE_DMA and
 * without CONFIG_MEMCG_KMEM (no memory cgroups yet: KMALLOC_CGROUP is
 * KMALLOC_NORMAL, as Linux makes it when memcg kmem is off).
 */
enum kmalloc_cache_type {
	KMALLOC_NORMAL = 0,
	KMALLOC_CGROUP = KMALLOC_NORMAL,
	KMALLOC_RECLAIM,
	KMALLOC_DMA,
	NR_KMALLOC_TYPES
};

struct slob_state;
struct slub_state;

/* An alias: a name kmem_cache_create merged into an existing cache. */
struct slab_alias {
	struct list_head list;
	struct kmem_cache *target;
	char name[];
};

/* What a machine keeps for the slab allocator (m->slab). */
struct slab_state {
	const struct slab_allocator_ops *ops;	/* the allocator booted */
	struct slob_state *slob;	/* SLOB's free lists (slob.c) */
	struct list_head slab_caches;	/* newest first, as Linux's list_add */
	/* by type and kmalloc index */
	struct kmem_cache *kmalloc_caches[NR_KMALLOC_TYPES][KMALLOC_CACHES];
	unsigned int kmalloc_shift_low;	/* 3 (SLUB, SLOB) or 5 (SLAB) */
	uint8_t size_index[24];		/* kmalloc index of sizes 1..192 */
	bool slab_nomerge;		/* slab_nomerge on the command line */
	struct list_head dead_caches;	/* destroyed: kept to catch a 2nd destroy */
	struct list_head aliases;	/* names merged into other caches */
	struct slub_state *slub;	/* SLUB's slub_debug= state (slub.c) */
	unsigned int slab_max_order;	/* SLAB: kmem_cache_init's slab_max_order */
};

/* ---- slab_common.c ---- */
int kmem_cache_init(struct machine *m);
void kmem_cache_release_all(struct machine *m);
struct kmem_cache *kmem_cache_create(struct machine *m, const char *name,
				     unsigned int size, unsigned int align,
				     slab_flags_t flags, kmem_ctor_t ctor);
/* with a usercopy region: never merged (kmem_cache_create_usercopy) */
struct kmem_cache *kmem_cache_create_usercopy(struct machine *m, const char *name,
					      unsigned int size, unsigned int align,
					      slab_flags_t flags, unsigned int useroffset,
					      unsigned int usersize, kmem_ctor_t ctor);
/* KMEM_CACHE: a cache named after a struct, aligned as it is. */
#define KMEM_CACHE(m, name, size, align, flags) \
	kmem_cache_create((m), (name), (size), (align), (flags), NULL)
/* kmem_cache_destroy reports its caller (Linux's %pS of _RET_IP_). */
int __kmem_cache_destroy(struct machine *m, struct kmem_cache *s, const char *caller);
#define kmem_cache_destroy(m, s) __kmem_cache_destroy((m), (s), __func__)
int kmem_cache_destroy_name(struct machine *m, const char *name);
uint64_t kmalloc(struct machine *m, size_t size, gfp_t gfp);
uint64_t kmalloc_node(struct machine *m, size_t size, gfp_t gfp, int node);
uint64_t kzalloc(struct machine *m, size_t size, gfp_t gfp);
uint64_t kmalloc_array(struct machine *m, size_t n, size_t size, gfp_t gfp);
uint64_t kcalloc(struct machine *m, size_t n, size_t size, gfp_t gfp);
uint64_t krealloc(struct machine *m, uint64_t p, size_t new_size, gfp_t gfp);
void kfree(struct machine *m, uint64_t addr);
size_t ksize(struct machine *m, uint64_t addr);
uint64_t kmem_cache_zalloc(struct machine *m, struct kmem_cache *s, gfp_t gfp);
int kmem_cache_alloc_bulk(struct machine *m, struct kmem_cache *s, gfp_t gfp,
			  size_t nr, uint64_t *p);
void kmem_cache_free_bulk(struct machine *m, struct kmem_cache *s, size_t nr, uint64_t *p);
/* kmalloc_type - which kmalloc caches serve @gfp (DMA, reclaimable, normal). */
enum kmalloc_cache_type kmalloc_type(gfp_t gfp);
/* kmem_cache_by_name - a cache (or the cache an alias was merged into). */
struct kmem_cache *kmem_cache_by_name(struct machine *m, const char *name);
/* slab_ksize - the usable size of an object of @s (mm/slab.h). */
unsigned int slab_ksize(const struct kmem_cache *s);
/* __kmalloc_large_node / free_large_kmalloc: compound pages above 8K. */
uint64_t kmalloc_large_node(struct machine *m, size_t size, gfp_t gfp, int node);
void free_large_kmalloc(struct machine *m, struct page *page, uint64_t addr);
struct kmem_cache *kmalloc_slab(struct machine *m, size_t size, gfp_t gfp);
unsigned int kmalloc_index(struct machine *m, size_t size);
gfp_t kmalloc_fix_flags(struct machine *m, gfp_t flags);
unsigned int calculate_alignment(slab_flags_t flags, unsigned int align,
				 unsigned int size);
void show_slabinfo(struct machine *m, struct seq_file *s);

uint64_t kmem_cache_alloc_node(struct machine *m, struct kmem_cache *s, gfp_t gfp, int node);
void __kmem_cache_free(struct machine *m, struct kmem_cache *s, uint64_t addr);
int kmem_cache_shrink(struct machine *m, struct kmem_cache *s);
void get_slabinfo(struct machine *m, struct kmem_cache *s, struct slabinfo *si);
/* The head page of the block holding @addr (virt_to_folio). */
struct page *virt_to_slab_page(struct machine *m, uint64_t addr);
/* cache_from_obj's slow half: the report of a bad free (returns NULL). */
struct kmem_cache *cache_from_obj_report(struct machine *m, struct kmem_cache *s,
					 uint64_t addr, const char *fn);

const struct slab_alias *slab_first_alias(struct machine *m);
const struct slab_alias *slab_next_alias(struct machine *m, const struct slab_alias *a);
/* ---- slab.c ---- */
/* slab_cache_reap - one pass of SLAB's periodic cache_reap on every CPU. */
void slab_cache_reap(struct machine *m);
/* check_slab_caches - SLAB's lists, counters and arrays cross-checked. */
int check_slab_caches(struct machine *m);

/* ---- slub.c ---- */
/* The per-CPU partial slabs of @cpu, and the cache's cpu_partial (objects). */
unsigned long slub_cpu_partial_slabs(struct machine *m, struct kmem_cache *s, int cpu);
unsigned int slub_cpu_partial(const struct kmem_cache *s);

/* slub_check - SLUB's invariants, for check_machine (0 unless SLUB). */
int slub_check(struct machine *m);

/* ---- slub_sysfs.c ---- */
int slab_sysfs_show(struct machine *m, const char *path, struct seq_file *sf);

/* calculate_order - the slab order for objects of @size on @nr_cpus CPUs. */
int slub_calculate_order(unsigned int size, unsigned int nr_cpus);
/* validate_slab_cache - check every object of every listed slab; the errors. */
int slub_validate_cache(struct machine *m, struct kmem_cache *s);
/* kmem_cache_flags - @flags with what slub_debug= gives cache @name. */
slab_flags_t kmem_cache_flags(struct machine *m, unsigned int object_size,
			      slab_flags_t flags, const char *name);

/* include/linux/poison.h: what SLUB debugging writes into objects. */
#define POISON_INUSE		0x5a	/* padding, and objects before use */
#define POISON_FREE		0x6b	/* a free object */
#define POISON_END		0xa5	/* the last byte of a free object */
#define SLUB_RED_INACTIVE	0xbb	/* red zone of a free object */
#define SLUB_RED_ACTIVE		0xcc	/* red zone of an allocated object */

static inline unsigned int slab_inuse(const struct page *slab)
{
	return (unsigned int)(slab->private & 0xffff);
}
static inline unsigned int slab_objects(const struct page *slab)
{
	return (unsigned int)((slab->private >> 16) & 0x7fff);
}
static inline bool slab_frozen(const struct page *slab)
{
	return (slab->private >> 31) & 1;
}
static inline struct kmem_cache *slab_cache(const struct page *slab)
{
	return (struct kmem_cache *)slab->mapping;
}

/* ---- slob.c ---- */
/* slob_check - SLOB's free lists against its pages: violations (dmesg). */
int slob_check(struct machine *m);
/* slob_page_list - 0 small, 1 medium, 2 large: the free list @sp is on; -1 none. */
int slob_page_list(struct machine *m, const struct page *sp);

/* ---- the fast helpers every allocator's hot path uses ---- */
#include "machine.h"

/**
 * slab_obj_host - the host address of the kernel direct-map address @addr.
 */
static inline void *slab_obj_host(struct machine *m, uint64_t addr)
{
	return m->ram + (addr - m->layout.page_offset);
}

/**
 * slab_address - the kernel virtual address of a slab's first byte (slab
 * pages are never highmem: GFP_SLAB_BUG_MASK).
 */
static inline uint64_t slab_address(struct machine *m, const struct page *slab)
{
	return m->layout.page_offset + PFN_PHYS(page_to_pfn(m, slab));
}

/**
 * cache_from_obj - the cache @addr belongs to, checked against @s as
 * SLUB and SLAB do on a free: NULL (reported) when @addr is not in a slab
 * of @s ("Wrong slab cache") or not a direct-map address.
 */
static inline struct kmem_cache *cache_from_obj(struct machine *m, struct kmem_cache *s,
						uint64_t addr, const char *fn)
{
	if (__builtin_expect(virt_addr_valid(m, addr), 1)) {
		struct page *slab = compound_head(virt_to_page(m, addr));

		if (__builtin_expect(PageSlab(slab) && slab_cache(slab) == s, 1))
			return s;
	}
	return cache_from_obj_report(m, s, addr, fn);
}

/* @off / size for @off < 2^32, exact (Lemire's fastdiv: mulhi by ceil(2^64/size)). */
static inline uint32_t slab_size_index(const struct kmem_cache *s, uint32_t off)
{
	return (uint32_t)(((unsigned __int128)s->reciprocal_size * off) >> 64);
}

/* A multiple of the object size (see kmem_cache.reciprocal_size)? */
static inline bool slab_size_divides(const struct kmem_cache *s, uint32_t off)
{
	return (uint64_t)off * s->reciprocal_size <= s->reciprocal_size - 1;
}

/**
 * kmem_cache_alloc - an object of @s: its kernel virtual address, 0 if no
 * memory.  __GFP_ZERO clears object_size bytes.  Inline: a live cache goes
 * straight to the allocator (a destroyed one is refused, reported).
 */
static inline uint64_t kmem_cache_alloc(struct machine *m, struct kmem_cache *s, gfp_t gfp)
{
	if (__builtin_expect(!s || s->refcount <= 0, 0))
		return kmem_cache_alloc_node(m, s, gfp, NUMA_NO_NODE);
	return m->slab->ops->alloc(m, s, gfp, NUMA_NO_NODE);
}

/**
 * kmem_cache_free - give back an object of @s.  The allocator checks
 * that @addr is one of its objects and reports it in its own words.
 */
static inline void kmem_cache_free(struct machine *m, struct kmem_cache *s, uint64_t addr)
{
	if (__builtin_expect(!addr || !s || s->refcount <= 0, 0))
		return __kmem_cache_free(m, s, addr);
	m->slab->ops->free(m, s, addr);
}

#endif /* MMSIM_SLAB_H */
