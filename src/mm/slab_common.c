// SPDX-License-Identifier: MIT
/*
 * slab_common.c - what every slab allocator shares (mm/slab_common.c,
 * Linux 6.6): kmem_cache_create/destroy, the kmalloc caches and their
 * size selection, kmalloc/kfree/ksize, /proc/slabinfo.
 *
 * Only the KMALLOC_NORMAL caches exist (no kmalloc-rcl-*, dma-kmalloc-*,
 * kmalloc-cg-*), and no "kmem_cache" / "kmem_cache_node" boot caches: a
 * cache's bookkeeping is host memory, so creating the kmalloc caches at
 * boot allocates no page.  Names are Linux's: kmalloc-8 .. kmalloc-512,
 * kmalloc-1k .. kmalloc-8k, kmalloc-96 and kmalloc-192.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "slab.h"

static const struct {
	const char *name;
	unsigned int size;
} kmalloc_info[KMALLOC_CACHES] = {
	{ NULL, 0 },
	{ "kmalloc-96", 96 },
	{ "kmalloc-192", 192 },
	{ "kmalloc-8", 8 },
	{ "kmalloc-16", 16 },
	{ "kmalloc-32", 32 },
	{ "kmalloc-64", 64 },
	{ "kmalloc-128", 128 },
	{ "kmalloc-256", 256 },
	{ "kmalloc-512", 512 },
	{ "kmalloc-1k", 1024 },
	{ "kmalloc-2k", 2048 },
	{ "kmalloc-4k", 4096 },
	{ "kmalloc-8k", 8192 },
};

/*
 * Conversion table for small kmalloc sizes to the cache index, for sizes
 * up to 192 ((size - 1) / 8): 96 and 192 fill the gaps between powers.
 */
static const uint8_t size_index[24] = {
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

static unsigned int fls_ul(unsigned long x)
{
	return x ? 64 - (unsigned int)__builtin_clzl(x) : 0;
}

/**
 * kmalloc_index - the kmalloc cache index for @size (1..192 via
 * size_index, larger fls(size - 1)); 0 for size 0, -1u above 8192.
 */
unsigned int kmalloc_index(size_t size)
{
	if (!size)
		return 0;
	if (size <= 192)
		return size_index[(size - 1) / 8];
	if (size > KMALLOC_MAX_CACHE_SIZE)
		return ~0U;
	return fls_ul(size - 1);
}

/**
 * kmalloc_slab - the kmalloc cache for @size; NULL for 0 or above 8192.
 */
struct kmem_cache *kmalloc_slab(struct machine *m, size_t size)
{
	unsigned int index = kmalloc_index(size);

	if (!m->slab || !index || index >= KMALLOC_CACHES)
		return NULL;
	return m->slab->kmalloc_caches[index];
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
	*err = __kmem_cache_create(m, s);
	if (*err) {
		free(s->name);
		free(s);
		return NULL;
	}
	list_add(&s->list, &m->slab->slab_caches);
	return s;
}

/**
 * kmem_cache_create - a cache of @size-byte objects.  Failures are
 * reported as Linux does ("kmem_cache_create(NAME) failed with error -22")
 * and return NULL (SLAB_PANIC: the panic message, then NULL).
 */
struct kmem_cache *kmem_cache_create(struct machine *m, const char *name,
				     unsigned int size, unsigned int align,
				     slab_flags_t flags, kmem_ctor_t ctor)
{
	struct kmem_cache *s = NULL;
	int err = -EINVAL;

	if (!m->slab || !name || !size || size > KMALLOC_MAX_SIZE ||
	    (flags & ~SLAB_FLAGS_PERMITTED) || (align & (align - 1)))
		goto out;
	s = create_cache(m, name, size, calculate_alignment(flags, align, size),
			 flags, ctor, &err);
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

static void kmem_cache_free_host(struct kmem_cache *s)
{
	__kmem_cache_release(s);
	free(s->name);
	free(s);
}

/**
 * __kmem_cache_destroy - kmem_cache_destroy: drop a reference; the last
 * one shuts the cache down.  With objects still allocated the WARN is
 * printed, the empty slabs are freed, and the cache stays (returns -EBUSY).
 */
int __kmem_cache_destroy(struct machine *m, struct kmem_cache *s, const char *caller)
{
	if (!s)
		return 0;
	if (--s->refcount)
		return 0;
	if (__kmem_cache_shutdown(m, s)) {
		pr_warn(m, "------------[ cut here ]------------");
		pr_warn(m, "kmem_cache_destroy %s: Slab cache still has objects when called from %s+0x0/0x0",
			s->name, caller ? caller : "?");
		pr_warn(m, "WARNING: CPU: %d PID: %d at mm/slab_common.c: kmem_cache_destroy",
			m->cpu, this_cpu(m)->pid);
		pr_warn(m, "---[ end trace 0000000000000000 ]---");
		return -EBUSY;
	}
	list_del(&s->list);
	for (unsigned int i = 0; i < KMALLOC_CACHES; i++)
		if (m->slab->kmalloc_caches[i] == s)
			m->slab->kmalloc_caches[i] = NULL;
	kmem_cache_free_host(s);
	return 0;
}

/**
 * kmem_cache_init - the slab state and the kmalloc caches, in Linux's
 * creation order (8, 16, 32, 64, 96, 128, 192, 256 .. 8k).  No page is
 * allocated: slabs come with the first allocation.
 */
int kmem_cache_init(struct machine *m)
{
	m->slab = calloc(1, sizeof(*m->slab));
	if (!m->slab)
		return -ENOMEM;
	INIT_LIST_HEAD(&m->slab->slab_caches);
	for (unsigned int i = KMALLOC_SHIFT_LOW; i <= KMALLOC_SHIFT_HIGH; i++) {
		unsigned int idx[3] = { i, 0, 0 };

		if (i == 6)
			idx[1] = 1;	/* kmalloc-96 after kmalloc-64 */
		if (i == 7)
			idx[1] = 2;	/* kmalloc-192 after kmalloc-128 */
		for (int k = 0; k < 3 && idx[k]; k++) {
			unsigned int size = kmalloc_info[idx[k]].size;
			unsigned int align = ARCH_KMALLOC_MINALIGN;
			struct kmem_cache *s;
			int err;

			/* power-of-two kmalloc objects are naturally aligned */
			if (!(size & (size - 1)) && align < size)
				align = size;
			s = create_cache(m, kmalloc_info[idx[k]].name, size,
					 calculate_alignment(0, align, size),
					 SLAB_KMALLOC, NULL, &err);
			if (!s)
				return err;
			m->slab->kmalloc_caches[idx[k]] = s;
		}
	}
	pr_info(m, "SLUB: HWalign=%u, Order=%u-%u, MinObjects=%u, CPUs=%d, Nodes=%d",
		SLAB_CACHE_LINE_SIZE, 0U, (unsigned int)PAGE_ALLOC_COSTLY_ORDER, 0U,
		m->nr_cpu_ids, m->nr_node_ids);
	return 0;
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
		kmem_cache_free_host(s);
	free(m->slab);
	m->slab = NULL;
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

/* __kmalloc_large_node: a compound page, counted as unreclaimable slab. */
static uint64_t kmalloc_large(struct machine *m, size_t size, gfp_t gfp)
{
	unsigned int order = get_order(size);
	struct page *page;

	if (order > MAX_PAGE_ORDER)
		return 0;
	if (gfp & GFP_SLAB_BUG_MASK)
		gfp = kmalloc_fix_flags(m, gfp);
	if (order)
		gfp |= __GFP_COMP;
	page = alloc_pages(m, gfp, order);
	if (!page)
		return 0;
	__mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_SLAB_UNRECLAIMABLE_B,
			      (long)(PAGE_SIZE << order));
	return page_address(m, page);
}

/**
 * kmalloc - @size bytes: from a kmalloc cache up to 8192, from the page
 * allocator above.  0 on failure; kmalloc(0) is ZERO_SIZE_PTR.
 */
uint64_t kmalloc(struct machine *m, size_t size, gfp_t gfp)
{
	struct kmem_cache *s;

	if (size > KMALLOC_MAX_CACHE_SIZE)
		return kmalloc_large(m, size, gfp);
	if (!size)
		return ZERO_SIZE_PTR;
	s = kmalloc_slab(m, size);
	if (!s)
		return 0;
	return kmem_cache_alloc(m, s, gfp);
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
	page = kmalloc_head(m, addr, "kfree");
	if (!page)
		return;
	if (!PageSlab(page)) {
		unsigned int order = compound_order(page);

		if (page_address(m, page) != addr || page_ref_count(page) <= 0) {
			pr_warn(m, "WARNING: CPU: %d PID: %d at mm/slab_common.c: free_large_kmalloc: %#llx is not a large kmalloc",
				m->cpu, this_cpu(m)->pid, (unsigned long long)addr);
			return;
		}
		__mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_SLAB_UNRECLAIMABLE_B,
				      -(long)(PAGE_SIZE << order));
		__free_pages(m, page, order);
		return;
	}
	kmem_cache_free(m, slab_cache(page), addr);
}

/**
 * ksize - the usable size of a kmalloc'd object: the cache's object size
 * with padding (s->size), or the whole compound page.
 */
size_t ksize(struct machine *m, uint64_t addr)
{
	struct page *page;

	if (ZERO_OR_NULL_PTR(addr))
		return 0;
	page = kmalloc_head(m, addr, "ksize");
	if (!page)
		return 0;
	if (!PageSlab(page))
		return PAGE_SIZE << compound_order(page);
	return slab_cache(page)->size;
}

/* -------------------------------------------------------- /proc/slabinfo */

/**
 * show_slabinfo - /proc/slabinfo, version 2.1, as SLUB prints it (the
 * SLAB tunables are zero).
 */
void show_slabinfo(struct machine *m, struct seq_file *sf)
{
	struct kmem_cache *s;

	seq_puts(sf, "slabinfo - version: 2.1\n");
	seq_puts(sf, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>");
	seq_puts(sf, " : tunables <limit> <batchcount> <sharedfactor>");
	seq_puts(sf, " : slabdata <active_slabs> <num_slabs> <sharedavail>");
	seq_putc(sf, '\n');
	if (!m->slab)
		return;
	list_for_each_entry(s, &m->slab->slab_caches, struct kmem_cache, list) {
		struct slabinfo si;

		get_slabinfo(m, s, &si);
		seq_printf(sf, "%-17s %6lu %6lu %6u %4u %4d", s->name, si.active_objs,
			   si.num_objs, s->size, si.objects_per_slab, 1 << si.cache_order);
		seq_printf(sf, " : tunables %4u %4u %4u", 0U, 0U, 0U);
		seq_printf(sf, " : slabdata %6lu %6lu %6lu", si.active_slabs,
			   si.num_slabs, 0UL);
		seq_putc(sf, '\n');
	}
}
