// SPDX-License-Identifier: MIT
/*
 * slob.c - the SLOB allocator, "Simple List Of Blocks" (mm/slob.c as it
 * was in Linux 6.3, the last release before its removal in 6.4).
 *
 * A K&R-style heap over whole pages: each slob page (order 0, from the
 * page allocator) holds a singly-linked, address-ordered list of free
 * blocks, and the pages with free space sit on one of three lists by the
 * size of the request that last put them there: free_slob_small (< 256
 * bytes, SLOB_BREAK1), free_slob_medium (< 1024, SLOB_BREAK2) and
 * free_slob_large.  slob_alloc is a next-fit over the pages of a list
 * (the page that served the request is rotated to the front) and a
 * first fit inside the page; slob_free puts the block back in address
 * order, merging it with its neighbours, and gives the page back to the
 * page allocator when all of it is free.
 *
 * There are no kmalloc caches: kmalloc(size) below PAGE_SIZE - 8 is a
 * slob block of size + 8 whose first 4 bytes hold size (the object is
 * the block + 8, aligned to 8, power-of-two sizes to their size); larger
 * requests are pages (compound above order 0).  A cache of size < PAGE_SIZE
 * is slob blocks of c->size with the cache's alignment; a bigger one is
 * pages of get_order(size).  Objects have no header, so SLOB cannot tell
 * which cache an object came from, nor count a cache's objects:
 * kmem_cache_destroy finds nothing to complain about and kmem_cache_shrink
 * has nothing to do, as in Linux.
 *
 * The free-block encoding (set_slob, slob_units, slob_next, slob_last)
 * lives in the free memory itself, in simulated RAM: SLOB_UNIT is 2 bytes
 * (slobidx_t is s16, as for PAGE_SIZE <= 32767 * 2); a free block of one
 * unit holds -(offset of the next free block), a larger one holds its
 * size and then the offset, both in units from the start of the page; the
 * last block's next is the end of the page (offset 2048).
 *
 * struct slab over struct page, as 6.3's mm/slab.h CONFIG_SLOB variant
 * (slab_list, __unused_1, freelist, units) overlays Linux's struct page;
 * on mmsim's 64-byte struct page:
 *
 *   page->flags     PG_slab (a slob page) and PG_slob_free (Linux's alias
 *                   of PG_private: the page is on one of the free lists)
 *   page->lru       slab_list: the free_slob_{small,medium,large} link
 *   page->mapping   NULL (SLOB has no slab_cache)
 *   page->index     freelist: kernel virtual address of the first free
 *                   block (meaningless while units is 0)
 *   page->private   units: free units in the page
 *
 * Pages of a large kmalloc are not PageSlab (kfree tells them apart by
 * that, as Linux does) and keep the kmalloc size in page->private, as
 * SLOB did before 5.x; pages of a big cache object keep private 0.
 *
 * Accounting: every page SLOB takes is NR_SLAB_UNRECLAIMABLE_B, whatever
 * the cache's flags (slob_new_pages in 6.3: a slob page mixes the objects
 * of all caches, so SLAB_RECLAIM_ACCOUNT has nowhere to go).
 *
 * Differences from Linux, all on bad input or absent machinery:
 *  - kfree/kmem_cache_free/ksize check the address before use: a block
 *    that lies outside its page, overlaps a free block (a double free is
 *    the common case) or has an impossible size header is reported
 *    ("WARNING ... at mm/slob.c") and ignored; Linux would corrupt its
 *    lists.  The free-list accessors stay inside the page whatever RAM
 *    holds, so a scribbled free block cannot crash the host.
 *  - SLAB_TYPESAFE_BY_RCU objects get the slob_rcu footer (24 bytes) but
 *    are freed at once: mmsim has no RCU grace periods yet.
 *  - no boot line (Linux's SLOB printed none) and no /proc/slabinfo
 *    (CONFIG_SLABINFO needed SLAB or SLUB): slab_common prints the
 *    header only.
 * The one slob_lock of Linux is not needed: mmsim has one host thread.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "slab.h"

typedef int16_t slobidx_t;	/* PAGE_SIZE <= 32767 * 2 */

#define SLOB_UNIT		((unsigned int)sizeof(slobidx_t))
#define SLOB_UNITS(size)	(((size) + SLOB_UNIT - 1) / SLOB_UNIT)
#define SLOB_PAGE_UNITS		((long)SLOB_UNITS(PAGE_SIZE))
#define SLOB_BREAK1		256
#define SLOB_BREAK2		1024

/* 6.3's slob_rcu footer: struct rcu_head (two pointers) and an int. */
#define SLOB_RCU_SIZE		24U

#define PG_slob_free		PG_private

#define ALIGN_UP(x, a)		(((x) + (a) - 1) & ~((uint64_t)(a) - 1))

/* SLOB's lists (m->slab->slob). */
struct slob_state {
	struct list_head free_slob_small;
	struct list_head free_slob_medium;
	struct list_head free_slob_large;
	bool warned_zero_ctor;		/* WARN_ON_ONCE in slob_alloc_node */
};

/* ------------------------------------------------------- struct page use */

static inline bool slob_page_free(const struct page *sp)
{
	return test_page_flag(sp, PG_slob_free);
}

static void set_slob_page_free(struct page *sp, struct list_head *list)
{
	list_add(&sp->lru, list);
	set_page_flag(sp, PG_slob_free);
}

static void clear_slob_page_free(struct page *sp)
{
	list_del(&sp->lru);
	clear_page_flag(sp, PG_slob_free);
}

static inline long sp_units(const struct page *sp)
{
	return (long)sp->private;
}

static inline void sp_set_units(struct page *sp, long units)
{
	sp->private = (unsigned long)units;
}

/* slob_alloc / slob_free: the list for a request of @size bytes. */
static struct list_head *slob_list_for(struct slob_state *st, size_t size)
{
	if (size < SLOB_BREAK1)
		return &st->free_slob_small;
	if (size < SLOB_BREAK2)
		return &st->free_slob_medium;
	return &st->free_slob_large;
}

/* ------------------------------------------- free blocks in simulated RAM */

/* Unit @i of the block at @s; 0 (no block) past the end of the page. */
static slobidx_t slob_get(struct machine *m, uint64_t s, unsigned int i)
{
	slobidx_t v;

	if ((s & ~PAGE_MASK) + (i + 1) * SLOB_UNIT > PAGE_SIZE)
		return 0;
	memcpy(&v, slab_obj_host(m, s + i * SLOB_UNIT), sizeof(v));
	return v;
}

static void slob_put(struct machine *m, uint64_t s, unsigned int i, slobidx_t v)
{
	if ((s & ~PAGE_MASK) + (i + 1) * SLOB_UNIT > PAGE_SIZE)
		return;
	memcpy(slab_obj_host(m, s + i * SLOB_UNIT), &v, sizeof(v));
}

/* set_slob - encode @size and the next free block @next into block @s. */
static void set_slob(struct machine *m, uint64_t s, long size, uint64_t next)
{
	uint64_t base = s & PAGE_MASK;
	slobidx_t offset = (slobidx_t)((next - base) / SLOB_UNIT);

	if (size > 1) {
		slob_put(m, s, 0, (slobidx_t)size);
		slob_put(m, s, 1, offset);
	} else {
		slob_put(m, s, 0, (slobidx_t)-offset);
	}
}

/* slob_units - the size of block @s in units (never past its page). */
static long slob_units(struct machine *m, uint64_t s)
{
	long room = (long)((PAGE_SIZE - (s & ~PAGE_MASK)) / SLOB_UNIT);
	long units = slob_get(m, s, 0);

	if (units <= 0)
		units = 1;
	return units < room ? units : room;
}

/*
 * slob_next - the free block after @s.  An offset that does not point
 * forward inside the page (RAM scribbled over) ends the list, so that no
 * walk leaves the page or loops.
 */
static uint64_t slob_next(struct machine *m, uint64_t s)
{
	uint64_t base = s & PAGE_MASK;
	long v = slob_get(m, s, 0);
	long next = v < 0 ? -v : slob_get(m, s, 1);

	if (next <= 0 || next > SLOB_PAGE_UNITS || base + (uint64_t)next * SLOB_UNIT <= s)
		next = SLOB_PAGE_UNITS;
	return base + (uint64_t)next * SLOB_UNIT;
}

/* slob_last - is @s the last free block of its page? */
static bool slob_last(struct machine *m, uint64_t s)
{
	return !(slob_next(m, s) & ~PAGE_MASK);
}

/* ------------------------------------------------ pages from the buddy */

/* slob_new_pages - 2^@order pages, counted as unreclaimable slab. */
static struct page *slob_new_pages(struct machine *m, gfp_t gfp, unsigned int order, int node)
{
	struct page *page;

	if (gfp & GFP_SLAB_BUG_MASK)
		gfp = kmalloc_fix_flags(m, gfp);
	page = alloc_pages_node(m, node, gfp, order);
	if (!page)
		return NULL;
	__mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_SLAB_UNRECLAIMABLE_B,
			      (long)(PAGE_SIZE << order));
	return page;
}

static void slob_free_pages(struct machine *m, struct page *sp, unsigned int order)
{
	__mod_node_page_state(NODE_DATA(m, page_to_nid(sp)), NR_SLAB_UNRECLAIMABLE_B,
			      -(long)(PAGE_SIZE << order));
	__free_pages(m, sp, order);
}

/* ------------------------------------------------------- the slob heap */

/*
 * slob_page_alloc - first fit of @size bytes in @sp, placed so that the
 * block + @align_offset is aligned to @align (kmalloc aligns the object
 * after its size header).  A block bigger than needed is split; an
 * alignment gap stays a free block of its own.  *@removed says the page
 * filled up and left its list.  0 if nothing fits.
 */
static uint64_t slob_page_alloc(struct machine *m, struct page *sp, size_t size,
				unsigned int align, unsigned int align_offset, bool *removed)
{
	uint64_t prev = 0, cur, aligned = 0;
	long delta = 0, units = (long)SLOB_UNITS(size);

	*removed = false;
	for (cur = sp->index; ; prev = cur, cur = slob_next(m, cur)) {
		long avail = slob_units(m, cur);

		if (align) {
			aligned = ALIGN_UP(cur + align_offset, align) - align_offset;
			delta = (long)((aligned - cur) / SLOB_UNIT);
		}
		if (avail >= units + delta) {	/* room enough? */
			uint64_t next;

			if (delta) {	/* fragment the head to align */
				next = slob_next(m, cur);
				set_slob(m, aligned, avail - delta, next);
				set_slob(m, cur, delta, aligned);
				prev = cur;
				cur = aligned;
				avail = slob_units(m, cur);
			}
			next = slob_next(m, cur);
			if (avail == units) {	/* exact fit: unlink */
				if (prev)
					set_slob(m, prev, slob_units(m, prev), next);
				else
					sp->index = next;
			} else {		/* fragment */
				uint64_t rest = cur + (uint64_t)units * SLOB_UNIT;

				if (prev)
					set_slob(m, prev, slob_units(m, prev), rest);
				else
					sp->index = rest;
				set_slob(m, rest, avail - units, next);
			}
			sp_set_units(sp, sp_units(sp) - units);
			if (!sp_units(sp)) {
				clear_slob_page_free(sp);
				*removed = true;
			}
			return cur;
		}
		if (slob_last(m, cur))
			return 0;
	}
}

/*
 * slob_alloc - @size bytes aligned as slob_page_alloc does: the first page
 * of the size's list (on @node, unless NUMA_NO_NODE) with room, which is
 * then rotated to the list's front ("improve fragment distribution and
 * reduce our average search time", Knuth vol 1 2.5); else a new page.
 */
static uint64_t slob_alloc(struct machine *m, size_t size, gfp_t gfp, unsigned int align,
			   int node, unsigned int align_offset)
{
	struct list_head *slob_list = slob_list_for(m->slab->slob, size);
	struct page *sp;
	uint64_t b = 0, base;
	bool removed;

	list_for_each_entry(sp, slob_list, struct page, lru) {
		if (node != NUMA_NO_NODE && page_to_nid(sp) != node)
			continue;
		if (sp_units(sp) < (long)SLOB_UNITS(size))
			continue;	/* not enough room on this page */
		b = slob_page_alloc(m, sp, size, align, align_offset, &removed);
		if (!b)
			continue;
		/* list_rotate_to_front: a full page has left the list already */
		if (!removed && slob_list->next != &sp->lru)
			list_move_tail(slob_list, &sp->lru);
		break;
	}
	if (!b) {
		/* not enough space: a new page */
		sp = slob_new_pages(m, gfp & ~__GFP_ZERO, 0, node);
		if (!sp)
			return 0;
		SetPageSlab(sp);
		base = page_address(m, sp);
		sp_set_units(sp, SLOB_PAGE_UNITS);
		sp->index = base;
		INIT_LIST_HEAD(&sp->lru);
		set_slob(m, base, SLOB_PAGE_UNITS, base + PAGE_SIZE);
		set_slob_page_free(sp, slob_list);
		b = slob_page_alloc(m, sp, size, align, align_offset, &removed);
		if (!b) {
			/* Linux's BUG_ON(!b): only an alignment above PAGE_SIZE */
			pr_warn(m, "WARNING: CPU: %d PID: %d at mm/slob.c: slob_alloc: %zu bytes aligned to %u do not fit a page",
				m->cpu, this_cpu(m)->pid, size, align);
			clear_slob_page_free(sp);
			ClearPageSlab(sp);
			sp->index = sp->private = 0;
			slob_free_pages(m, sp, 0);
			return 0;
		}
	}
	if (gfp & __GFP_ZERO)
		memset(slab_obj_host(m, b), 0, size);
	return b;
}

/*
 * slob_free - give back the block @block of @size bytes (checked by the
 * caller): the page goes back to the page allocator when it is all free,
 * joins a list when it gets its first free block, else the block is put
 * in address order and merged with the free blocks around it.
 */
static void slob_free(struct machine *m, uint64_t block, size_t size)
{
	struct page *sp = virt_to_page(m, block);
	uint64_t prev, next, b = block;
	long units = (long)SLOB_UNITS(size);

	if (sp_units(sp) + units == SLOB_PAGE_UNITS) {
		/* go directly to the page allocator: do not pass slob */
		if (slob_page_free(sp))
			clear_slob_page_free(sp);
		ClearPageSlab(sp);
		sp->index = sp->private = 0;
		sp->lru.next = sp->lru.prev = NULL;
		slob_free_pages(m, sp, 0);
		return;
	}
	if (!slob_page_free(sp)) {
		/* this slob page is about to become partially free */
		sp_set_units(sp, units);
		sp->index = b;
		set_slob(m, b, units, (b + PAGE_SIZE) & PAGE_MASK);
		set_slob_page_free(sp, slob_list_for(m->slab->slob, size));
		return;
	}
	/* the page is partially free already: find the reinsertion point */
	sp_set_units(sp, sp_units(sp) + units);
	if (b < sp->index) {
		if (b + (uint64_t)units * SLOB_UNIT == sp->index) {
			units += slob_units(m, sp->index);
			sp->index = slob_next(m, sp->index);
		}
		set_slob(m, b, units, sp->index);
		sp->index = b;
	} else {
		prev = sp->index;
		next = slob_next(m, prev);
		while (b > next) {
			prev = next;
			next = slob_next(m, prev);
		}
		if (!slob_last(m, prev) && b + (uint64_t)units * SLOB_UNIT == next) {
			units += slob_units(m, next);
			set_slob(m, b, units, slob_next(m, next));
		} else {
			set_slob(m, b, units, next);
		}
		if (prev + (uint64_t)slob_units(m, prev) * SLOB_UNIT == b) {
			units = slob_units(m, b) + slob_units(m, prev);
			set_slob(m, prev, units, slob_next(m, b));
		} else {
			set_slob(m, prev, slob_units(m, prev), b);
		}
	}
}

/* ------------------------------------------------- checking an address */

/* The report of a free (or ksize) SLOB refuses. */
static void slob_bad(struct machine *m, const char *fn, uint64_t addr, const char *why)
{
	pr_warn(m, "WARNING: CPU: %d PID: %d at mm/slob.c: %s", m->cpu, this_cpu(m)->pid, fn);
	pr_warn(m, "object pointer: 0x%016llx (%s)", (unsigned long long)addr, why);
	dump_stack(m);
}

/*
 * slob_block_check - may the block [@b, @b + @units) of slob page @sp be
 * freed?  NULL if so, else why not: outside the page, more free units
 * than the page, overlapping a free block (already freed), or a free
 * list that does not hold together.
 */
static const char *slob_block_check(struct machine *m, struct page *sp, uint64_t b, long units)
{
	uint64_t base = page_address(m, sp), end = b + (uint64_t)units * SLOB_UNIT;
	uint64_t cur, last_end = base;
	long free = 0;

	if (b < base || (b & (SLOB_UNIT - 1)) || end > base + PAGE_SIZE || units <= 0)
		return "not a block of its page";
	if (!slob_page_free(sp))
		return sp_units(sp) ? "slob page off its list with free units" : NULL;
	if (sp_units(sp) <= 0 || sp_units(sp) + units > SLOB_PAGE_UNITS)
		return "more free units than the page holds";
	for (cur = sp->index; cur != base + PAGE_SIZE; ) {
		long v = 0, n = 0, next;

		if (cur < last_end || cur >= base + PAGE_SIZE || (cur & (SLOB_UNIT - 1)))
			return "slob free list corrupted";
		v = slob_get(m, cur, 0);
		n = v > 0 ? v : 1;
		next = v < 0 ? -v : slob_get(m, cur, 1);
		if (cur + (uint64_t)n * SLOB_UNIT > base + PAGE_SIZE || next > SLOB_PAGE_UNITS)
			return "slob free list corrupted";
		if (b < cur + (uint64_t)n * SLOB_UNIT && cur < end)
			return "overlaps a free block: double free?";
		free += n;
		last_end = cur + (uint64_t)n * SLOB_UNIT;
		cur = base + (uint64_t)next * SLOB_UNIT;
	}
	if (free != sp_units(sp))
		return "slob free list corrupted";
	return NULL;
}

/* The slob page holding @addr, or NULL (reported as @fn's). */
static struct page *slob_page_of(struct machine *m, uint64_t addr, const char *fn)
{
	struct page *page;

	if (!virt_addr_valid(m, addr)) {
		slob_bad(m, fn, addr, "not a kernel direct-map address");
		return NULL;
	}
	page = virt_to_page(m, addr);
	return page;
}

/*
 * kmalloc_block - the slob block behind a kmalloc'd @addr on slob page
 * @sp, its size header in *@size; 0 (reported) if it cannot be one.
 */
static uint64_t kmalloc_block(struct machine *m, struct page *sp, uint64_t addr,
			      const char *fn, uint32_t *size)
{
	const unsigned int minalign = ARCH_KMALLOC_MINALIGN;
	uint64_t blk = addr - minalign;
	const char *why;

	if ((addr & (minalign - 1)) || (addr & ~PAGE_MASK) < minalign) {
		slob_bad(m, fn, addr, "not a kmalloc object");
		return 0;
	}
	/* a freed block's header holds the free-block encoding: look first */
	why = slob_block_check(m, sp, blk, 1);
	if (why) {
		slob_bad(m, fn, addr, why);
		return 0;
	}
	memcpy(size, slab_obj_host(m, blk), sizeof(*size));
	if (!*size || *size >= PAGE_SIZE - minalign ||
	    (blk & ~PAGE_MASK) + *size + minalign > PAGE_SIZE) {
		slob_bad(m, fn, addr, "not a kmalloc object: bad size header");
		return 0;
	}
	why = slob_block_check(m, sp, blk, (long)SLOB_UNITS(*size + minalign));
	if (why) {
		slob_bad(m, fn, addr, why);
		return 0;
	}
	return blk;
}

/*
 * large_kmalloc_check - is @page (the head of @addr's folio) a large
 * kmalloc's?  Reported if not.
 */
static bool large_kmalloc_check(struct machine *m, struct page *page, uint64_t addr,
				const char *fn)
{
	if (page_address(m, page) != addr || page_ref_count(page) <= 0 ||
	    PageBuddy(page) || !page->private ||
	    get_order(page->private) != compound_order(page)) {
		slob_bad(m, fn, addr, "neither a slob object nor a large kmalloc");
		return false;
	}
	return true;
}

/* ------------------------------------------------------------- kmalloc */

/*
 * __do_kmalloc_node - below PAGE_SIZE - 8, a slob block of size + 8 with
 * the size in its first 4 bytes and the object 8 bytes in, aligned to 8
 * (power-of-two sizes to their size); above, pages from the page
 * allocator (__kmalloc_large_node: compound above order 0, counted as
 * unreclaimable slab).  0 gives ZERO_SIZE_PTR.
 */
static uint64_t slob_kmalloc(struct machine *m, size_t size, gfp_t gfp, int node)
{
	const unsigned int minalign = ARCH_KMALLOC_MINALIGN > ARCH_SLAB_MINALIGN ?
				      ARCH_KMALLOC_MINALIGN : ARCH_SLAB_MINALIGN;
	uint64_t blk, ret;

	if (node != NUMA_NO_NODE && (node < 0 || node >= m->nr_node_ids))
		node = NUMA_NO_NODE;
	if (size < PAGE_SIZE - minalign) {
		unsigned int align = minalign;
		uint32_t header = (uint32_t)size;

		/* power-of-two sizes: natural alignment for kmalloc objects */
		if (size && !(size & (size - 1)) && size > align)
			align = (unsigned int)size;
		if (!size)
			return ZERO_SIZE_PTR;
		blk = slob_alloc(m, size + minalign, gfp, align, node, minalign);
		if (!blk)
			return 0;
		memcpy(slab_obj_host(m, blk), &header, sizeof(header));
		return blk + minalign;
	}
	ret = kmalloc_large_node(m, size, gfp, node);
	if (ret)
		virt_to_page(m, ret)->private = size;	/* kfree's proof of a large kmalloc */
	return ret;
}

/*
 * kfree - PageSlab: the slob block before the object (its size from the
 * header); else the large kmalloc's pages go back.
 */
static void slob_kfree(struct machine *m, uint64_t addr)
{
	struct page *sp = slob_page_of(m, addr, "kfree");
	uint32_t size;
	uint64_t blk;

	if (!sp)
		return;
	if (PageSlab(sp)) {
		blk = kmalloc_block(m, sp, addr, "kfree", &size);
		if (blk)
			slob_free(m, blk, size + ARCH_KMALLOC_MINALIGN);
		return;
	}
	sp = compound_head(sp);
	if (!large_kmalloc_check(m, sp, addr, "kfree"))
		return;
	sp->private = 0;
	slob_free_pages(m, sp, compound_order(sp));
}

/*
 * __ksize - the header's size rounded up to whole units, or the whole
 * folio of a large kmalloc; 0 (reported) for anything else.
 */
static size_t slob_ksize(struct machine *m, uint64_t addr)
{
	struct page *sp = slob_page_of(m, addr, "ksize");
	uint32_t size;

	if (!sp)
		return 0;
	if (PageSlab(sp))
		return kmalloc_block(m, sp, addr, "ksize", &size) ?
		       SLOB_UNITS(size) * SLOB_UNIT : 0;
	sp = compound_head(sp);
	if (!large_kmalloc_check(m, sp, addr, "ksize"))
		return 0;
	return PAGE_SIZE << compound_order(sp);
}

/* ------------------------------------------------------------- caches */

/* __kmem_cache_create - room for the RCU footer; nothing else to set up. */
static int slob_cache_create(struct machine *m, struct kmem_cache *c)
{
	(void)m;
	if (c->flags & SLAB_TYPESAFE_BY_RCU)
		c->size += SLOB_RCU_SIZE;
	return 0;
}

static void slob_cache_release(struct machine *m, struct kmem_cache *c)
{
	(void)m;
	(void)c;
}

/* __kmem_cache_shutdown - "No way to check for remaining objects". */
static int slob_cache_shutdown(struct machine *m, struct kmem_cache *c)
{
	(void)m;
	(void)c;
	return 0;
}

/* __kmem_cache_shrink - nothing is cached per cache. */
static int slob_cache_shrink(struct machine *m, struct kmem_cache *c)
{
	(void)m;
	(void)c;
	return 0;
}

/*
 * slob_alloc_node - a slob block of c->size with the cache's alignment
 * below PAGE_SIZE, else get_order(size) plain pages; the constructor
 * runs on every allocation (SLOB keeps no constructed objects).
 */
static uint64_t slob_alloc_node(struct machine *m, struct kmem_cache *c, gfp_t gfp, int node)
{
	struct page *page;
	uint64_t b = 0;

	if (c->size < PAGE_SIZE) {
		b = slob_alloc(m, c->size, gfp, c->align, node, 0);
	} else {
		page = slob_new_pages(m, gfp & ~__GFP_COMP, get_order(c->size), node);
		if (page)
			b = page_address(m, page);
	}
	if (b && c->ctor) {
		if ((gfp & __GFP_ZERO) && !m->slab->slob->warned_zero_ctor) {
			m->slab->slob->warned_zero_ctor = true;
			pr_warn(m, "WARNING: CPU: %d PID: %d at mm/slob.c: slob_alloc_node: __GFP_ZERO with a constructor (%s)",
				m->cpu, this_cpu(m)->pid, c->name);
		}
		c->ctor(m, b);
	}
	return b;
}

/*
 * kmem_cache_free - __kmem_cache_free: the block back to slob, or the
 * pages back to the page allocator, once the address is checked.
 */
static void slob_cache_free(struct machine *m, struct kmem_cache *c, uint64_t b)
{
	struct page *sp = slob_page_of(m, b, "kmem_cache_free");
	const char *why;

	if (!sp)
		return;
	if (c->size < PAGE_SIZE) {
		why = !PageSlab(sp) ? "not in a slob page" :
		      (b & (c->align - 1)) ? "not aligned as the cache's objects" :
		      slob_block_check(m, sp, b, (long)SLOB_UNITS(c->size));
		if (why) {
			slob_bad(m, "kmem_cache_free", b, why);
			return;
		}
		slob_free(m, b, c->size);
		return;
	}
	if ((b & ~PAGE_MASK) || PageSlab(sp) || PageTail(sp) || PageHead(sp) ||
	    PageBuddy(sp) || page_ref_count(sp) <= 0 || sp->private) {
		slob_bad(m, "kmem_cache_free", b, "not the pages of a big object");
		return;
	}
	slob_free_pages(m, sp, get_order(c->size));
}

/* ------------------------------------------------------ boot, teardown */

/* kmem_cache_init: SLOB's lists; Linux's SLOB printed no line. */
static int slob_init(struct machine *m)
{
	struct slob_state *st = calloc(1, sizeof(*st));

	if (!st)
		return -ENOMEM;
	INIT_LIST_HEAD(&st->free_slob_small);
	INIT_LIST_HEAD(&st->free_slob_medium);
	INIT_LIST_HEAD(&st->free_slob_large);
	m->slab->slob = st;
	return 0;
}

static void slob_release(struct machine *m)
{
	free(m->slab->slob);
	m->slab->slob = NULL;
}

/* ------------------------------------------------------- for the tests */

/**
 * slob_page_list - which list slob page @sp is on: 0 free_slob_small,
 * 1 free_slob_medium, 2 free_slob_large, -1 none (or not SLOB).
 */
int slob_page_list(struct machine *m, const struct page *sp)
{
	struct slob_state *st = m->slab ? m->slab->slob : NULL;
	struct list_head *lists[3];
	struct page *p;

	if (!st)
		return -1;
	lists[0] = &st->free_slob_small;
	lists[1] = &st->free_slob_medium;
	lists[2] = &st->free_slob_large;
	for (int i = 0; i < 3; i++)
		list_for_each_entry(p, lists[i], struct page, lru)
			if (p == sp)
				return i;
	return -1;
}

#define SLOB_REPORT(m, n, ...) do {                                   \
	if ((n)++ < 20)                                               \
		printk((m), "mmsim: DEBUG_VM: SLOB: " __VA_ARGS__);   \
} while (0)

/**
 * slob_check - SLOB's invariants: every page on a list is a slob page
 * marked PG_slob_free and on no other list, with free units between 1 and
 * a page less one; its free blocks lie in the page in address order,
 * none touching the next (they would have merged), their units adding
 * up to page->units; a slob page on no list has no free unit.  Returns
 * the number of violations (reported in dmesg); 0 when not SLOB.
 */
int slob_check(struct machine *m)
{
	struct slob_state *st = m->slab ? m->slab->slob : NULL;
	struct list_head *lists[3];
	uint8_t *seen;
	int errors = 0;

	if (!st)
		return 0;
	seen = calloc(m->memmap_pfns, 1);
	if (!seen)
		abort();
	lists[0] = &st->free_slob_small;
	lists[1] = &st->free_slob_medium;
	lists[2] = &st->free_slob_large;
	for (int i = 0; i < 3; i++) {
		struct page *sp;

		list_for_each_entry(sp, lists[i], struct page, lru) {
			unsigned long pfn = page_to_pfn(m, sp);
			uint64_t base = page_address(m, sp), cur, prev_end = 0;
			long free = 0;

			if (seen[pfn]++)
				SLOB_REPORT(m, errors, "pfn %#lx on two lists", pfn);
			if (!PageSlab(sp) || !slob_page_free(sp) || PageHead(sp))
				SLOB_REPORT(m, errors, "pfn %#lx on list %d: slab=%d slob_free=%d",
					    pfn, i, PageSlab(sp), slob_page_free(sp));
			if (sp_units(sp) < 1 || sp_units(sp) >= SLOB_PAGE_UNITS)
				SLOB_REPORT(m, errors, "pfn %#lx: %ld free units", pfn, sp_units(sp));
			for (cur = sp->index; cur != base + PAGE_SIZE; ) {
				long v, n, next;

				if (cur < base || cur >= base + PAGE_SIZE || (cur & 1) ||
				    (prev_end && cur <= prev_end)) {
					SLOB_REPORT(m, errors, "pfn %#lx: free block %#llx out of order (after %#llx)",
						    pfn, (unsigned long long)cur,
						    (unsigned long long)prev_end);
					break;
				}
				v = slob_get(m, cur, 0);
				n = v > 0 ? v : 1;
				next = v < 0 ? -v : slob_get(m, cur, 1);
				if (cur + (uint64_t)n * SLOB_UNIT > base + PAGE_SIZE ||
				    next > SLOB_PAGE_UNITS) {
					SLOB_REPORT(m, errors, "pfn %#lx: free block %#llx of %ld units, next %ld",
						    pfn, (unsigned long long)cur, n, next);
					break;
				}
				free += n;
				prev_end = cur + (uint64_t)n * SLOB_UNIT;
				cur = base + (uint64_t)next * SLOB_UNIT;
			}
			if (free != sp_units(sp))
				SLOB_REPORT(m, errors, "pfn %#lx: units %ld but %ld units in free blocks",
					    pfn, sp_units(sp), free);
		}
	}
	for (unsigned long pfn = 0; pfn < m->max_pfn; pfn++) {
		struct page *sp = pfn_to_page(m, pfn);

		if (!PageSlab(sp) || seen[pfn])
			continue;
		if (slob_page_free(sp) || sp_units(sp))
			SLOB_REPORT(m, errors, "pfn %#lx: slob page on no list: slob_free=%d units %ld",
				    pfn, slob_page_free(sp), sp_units(sp));
	}
	free(seen);
	return errors;
}

const struct slab_allocator_ops slob_allocator = {
	.name = "SLOB",
	.init = slob_init,
	.release = slob_release,
	.cache_create = slob_cache_create,
	.cache_release = slob_cache_release,
	.cache_shutdown = slob_cache_shutdown,
	.cache_shrink = slob_cache_shrink,
	.alloc = slob_alloc_node,
	.free = slob_cache_free,
	.get_slabinfo = NULL,	/* no /proc/slabinfo under SLOB */
	.kmalloc = slob_kmalloc,
	.kfree = slob_kfree,
	.ksize = slob_ksize,
	.slabinfo_tunables = false,
	.mergeable = false,
};
