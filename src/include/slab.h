/* SPDX-License-Identifier: MIT */
/*
 * slab.h - the SLUB object allocator (include/linux/slab.h, mm/slab.h,
 * include/linux/slub_def.h, Linux 6.6).
 *
 * Objects live in simulated RAM: a slab is a block from alloc_pages (a
 * compound page when its order is above 0), objects are addressed by their
 * kernel virtual address in the direct map (page_address + offset), and the
 * free pointer of a free object is stored inside the object, in simulated
 * RAM, at cache->offset (8 bytes, little-endian, the raw kernel virtual
 * address of the next free object; 0 ends the list: no freelist hardening).
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
 *   page->lru       slab->slab_list: the node's partial list
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
#define SLAB_HWCACHE_ALIGN	0x00002000U	/* align objects on cache lines */
#define SLAB_RECLAIM_ACCOUNT	0x00020000U	/* objects are reclaimable */
#define SLAB_PANIC		0x00040000U	/* panic if kmem_cache_create fails */
/* mm/slab.h: the caches kmalloc uses (not mergeable, never destroyed) */
#define SLAB_KMALLOC		0x10000000U
#define SLAB_FLAGS_PERMITTED	(SLAB_HWCACHE_ALIGN | SLAB_RECLAIM_ACCOUNT | SLAB_PANIC)

/* The simulated kernel's pointer size: the free pointer's size. */
#define SLAB_PTR_SIZE		8U
#define ARCH_KMALLOC_MINALIGN	8U	/* __alignof__(unsigned long long) */
#define ARCH_SLAB_MINALIGN	8U
#define SLAB_CACHE_LINE_SIZE	64U	/* cache_line_size() on x86 */

/* kmalloc caches: kmalloc-8 (index 3) .. kmalloc-8k (index 13), plus 96 and 192. */
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
	struct page *partial;		/* per-CPU partial slabs: not used yet (NULL) */
};

/* Per-node: the partial slabs and the counts slabinfo shows. */
struct kmem_cache_node {
	struct list_head partial;
	unsigned long nr_partial;
	unsigned long nr_slabs;
	unsigned long total_objects;
};

typedef void (*kmem_ctor_t)(struct machine *m, uint64_t object);

struct kmem_cache {
	struct kmem_cache_cpu *cpu_slab;	/* [nr_cpu_ids] */
	slab_flags_t flags;
	unsigned long min_partial;
	unsigned int size;		/* object + metadata, aligned */
	unsigned int object_size;	/* what the caller asked for */
	unsigned int offset;		/* free pointer offset in the object */
	struct kmem_cache_order_objects oo;	/* preferred order and objects */
	struct kmem_cache_order_objects min;	/* fallback when oo fails */
	gfp_t allocflags;		/* __GFP_COMP, __GFP_RECLAIMABLE */
	int refcount;
	kmem_ctor_t ctor;
	unsigned int inuse;		/* offset to metadata */
	unsigned int align;
	char *name;
	struct list_head list;		/* on the machine's slab_caches */
	struct kmem_cache_node *node;	/* [nr_node_ids] */
};

#define KMALLOC_CACHES		(KMALLOC_SHIFT_HIGH + 1)

/* What a machine keeps for the slab allocator (m->slab). */
struct slab_state {
	struct list_head slab_caches;	/* newest first, as Linux's list_add */
	struct kmem_cache *kmalloc_caches[KMALLOC_CACHES];	/* by kmalloc index */
};

/* ---- slab_common.c ---- */
int kmem_cache_init(struct machine *m);
void kmem_cache_release_all(struct machine *m);
struct kmem_cache *kmem_cache_create(struct machine *m, const char *name,
				     unsigned int size, unsigned int align,
				     slab_flags_t flags, kmem_ctor_t ctor);
/* kmem_cache_destroy reports its caller (Linux's %pS of _RET_IP_). */
int __kmem_cache_destroy(struct machine *m, struct kmem_cache *s, const char *caller);
#define kmem_cache_destroy(m, s) __kmem_cache_destroy((m), (s), __func__)
uint64_t kmalloc(struct machine *m, size_t size, gfp_t gfp);
void kfree(struct machine *m, uint64_t addr);
size_t ksize(struct machine *m, uint64_t addr);
struct kmem_cache *kmalloc_slab(struct machine *m, size_t size);
unsigned int kmalloc_index(size_t size);
gfp_t kmalloc_fix_flags(struct machine *m, gfp_t flags);
unsigned int calculate_alignment(slab_flags_t flags, unsigned int align,
				 unsigned int size);
void show_slabinfo(struct machine *m, struct seq_file *s);

/* ---- slub.c ---- */
uint64_t kmem_cache_alloc(struct machine *m, struct kmem_cache *s, gfp_t gfp);
void kmem_cache_free(struct machine *m, struct kmem_cache *s, uint64_t addr);
int kmem_cache_shrink(struct machine *m, struct kmem_cache *s);
/* calculate_order - the slab order for objects of @size on @nr_cpus CPUs. */
int slub_calculate_order(unsigned int size, unsigned int nr_cpus);
/* The SLUB half of kmem_cache_create: sizes, order, per-CPU/per-node parts. */
int __kmem_cache_create(struct machine *m, struct kmem_cache *s);
/* Free the empty slabs; nonzero if objects remain (the cache stays). */
int __kmem_cache_shutdown(struct machine *m, struct kmem_cache *s);
void __kmem_cache_release(struct kmem_cache *s);
void __kmem_cache_free_slab_object(struct machine *m, struct kmem_cache *s,
				   struct page *slab, uint64_t addr);
struct page *virt_to_slab_page(struct machine *m, uint64_t addr);
/* What /proc/slabinfo shows of a cache. */
struct slabinfo {
	unsigned long active_objs, num_objs, active_slabs, num_slabs;
	unsigned int objects_per_slab, cache_order;
};
void get_slabinfo(struct machine *m, struct kmem_cache *s, struct slabinfo *si);

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

#endif /* MMSIM_SLAB_H */
