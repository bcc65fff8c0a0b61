// SPDX-License-Identifier: MIT
/*
 * cma.c - the Contiguous Memory Allocator, CMA 连续内存分配器 (Linux
 * mm/cma.c, 6.6).
 *
 * Devices that cannot scatter-gather need large physically contiguous
 * buffers, which a fragmented buddy allocator cannot promise.  CMA sets a
 * range aside at boot (cma_declare_contiguous_nid, through memblock) and,
 * once the page allocator runs, lends it to the buddy allocator as
 * MIGRATE_CMA pageblocks (cma_activate_area): only movable allocations
 * may use them, so that cma_alloc can always get them back by moving
 * those pages elsewhere.  cma_alloc finds a free run in the area's bitmap
 * (one bit per 2^order_per_bit pages, aligned as asked) and takes the
 * pages with alloc_contig_range; cma_release gives them back.
 *
 * Where it differs from Linux:
 *  - No page migration yet (a later issue): when the chosen run holds
 *    pages in use, alloc_contig_range fails with -EBUSY, cma_alloc tries
 *    the next aligned position as Linux's loop does and gives up at the
 *    end of the area ("alloc failed ... ret: -16").
 *  - A fixed region (cma=SIZE@BASE) that is not all RAM is refused; Linux
 *    would reserve the hole and hand its nonexistent pages out.
 *  - cma_release of a range that runs past the area's end is refused with
 *    the VM_BUG_ON's report; Linux (without DEBUG_VM) would free whatever
 *    lies beyond.
 *  - CONFIG_CMA_DEBUG is off (a distribution kernel), so a failure does
 *    not print the area's free runs (cma_debug_show_areas).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bitmap.h"
#include "cma.h"
#include "internal.h"
#include "page_isolation.h"
#include "slab.h"

#define SZ_1M (1ULL << 20)
#define SZ_4G (1ULL << 32)

/* CMA_MIN_ALIGNMENT_PAGES / _BYTES: a pageblock (include/linux/cma.h) */
static inline unsigned long cma_min_alignment_pages(struct machine *m)
{
	return m->pageblock_nr_pages;
}
static inline phys_addr_t cma_min_alignment_bytes(struct machine *m)
{
	return (phys_addr_t)m->pageblock_nr_pages * PAGE_SIZE;
}

static struct cma_state *cma_state(struct machine *m)
{
	if (!m->cma) {
		m->cma = calloc(1, sizeof(*m->cma));
		if (!m->cma)
			abort();
	}
	return m->cma;
}

/*
 * %pa: a phys_addr_t with all its hex digits - 16 on x86_64, 8 on i386
 * without PAE, where phys_addr_t is 32 bits.
 */
static const char *fmt_pa(struct machine *m, phys_addr_t a, char *buf, size_t n)
{
	if (m->arch->bits == 64)
		snprintf(buf, n, "0x%016llx", (unsigned long long)a);
	else
		snprintf(buf, n, "0x%08llx", (unsigned long long)a);
	return buf;
}

/** cma_get_base - the area's first physical address. */
phys_addr_t cma_get_base(const struct cma *cma)
{
	return PFN_PHYS(cma->base_pfn);
}

/** cma_get_size - the area's size in bytes. */
unsigned long cma_get_size(const struct cma *cma)
{
	return cma->count << PAGE_SHIFT;
}

/** cma_get_name - the area's name ("reserved" for the default area). */
const char *cma_get_name(const struct cma *cma)
{
	return cma->name;
}

static unsigned long cma_bitmap_aligned_mask(const struct cma *cma,
					     unsigned int align_order)
{
	if (align_order <= cma->order_per_bit)
		return 0;
	/* mmsim: an order past the word width asks for more than any area */
	if (align_order - cma->order_per_bit >= (unsigned int)BITS_PER_LONG)
		return ~0UL;
	return (1UL << (align_order - cma->order_per_bit)) - 1;
}

/* The offset of base_pfn from an @align_order boundary, in bits. */
static unsigned long cma_bitmap_aligned_offset(const struct cma *cma,
					       unsigned int align_order)
{
	unsigned long mask = align_order >= (unsigned int)BITS_PER_LONG ?
			     ~0UL : (1UL << align_order) - 1;

	return (cma->base_pfn & mask) >> cma->order_per_bit;
}

static unsigned long cma_bitmap_pages_to_bits(const struct cma *cma,
					      unsigned long pages)
{
	unsigned long per_bit = 1UL << cma->order_per_bit;

	return ((pages + per_bit - 1) & ~(per_bit - 1)) >> cma->order_per_bit;
}

static void cma_clear_bitmap(struct cma *cma, unsigned long pfn,
			     unsigned long count)
{
	unsigned long bitmap_no = (pfn - cma->base_pfn) >> cma->order_per_bit;

	bitmap_clear(cma->bitmap, bitmap_no, cma_bitmap_pages_to_bits(cma, count));
}

/*
 * cma_activate_area - the area's bitmap (kmalloc'd, as bitmap_zalloc
 * does), then each pageblock to the buddy allocator as MIGRATE_CMA.  An
 * area that spans two zones cannot be used by alloc_contig_range; its
 * pages go to the buddy allocator as ordinary ones.
 */
static void cma_activate_area(struct machine *m, struct cma *cma)
{
	unsigned long base_pfn = cma->base_pfn, pfn;
	size_t bytes = (size_t)BITS_TO_LONGS(cma_bitmap_maxno(cma)) * sizeof(long);
	struct zone *zone;

	cma->bitmap_kaddr = kmalloc(m, bytes, GFP_KERNEL | __GFP_ZERO);
	if (!cma->bitmap_kaddr)
		goto out_error;
	cma->bitmap = phys_to_virt_host(m, cma->bitmap_kaddr - m->layout.page_offset);

	zone = page_zone(m, pfn_to_page(m, base_pfn));
	for (pfn = base_pfn + 1; pfn < base_pfn + cma->count; pfn++)
		if (!pfn_valid(m, pfn) || page_zone(m, pfn_to_page(m, pfn)) != zone)
			goto not_in_zone;

	for (pfn = base_pfn; pfn < base_pfn + cma->count; pfn += m->pageblock_nr_pages)
		init_cma_reserved_pageblock(m, pfn_to_page(m, pfn));
	return;

not_in_zone:
	kfree(m, cma->bitmap_kaddr);
	cma->bitmap_kaddr = 0;
	cma->bitmap = NULL;
out_error:
	/* Expose all pages to the buddy, they are useless for CMA. */
	if (!cma->reserve_pages_on_error)
		for (pfn = base_pfn; pfn < base_pfn + cma->count; pfn++)
			free_reserved_page(m, pfn_to_page(m, pfn));
	m->totalcma_pages -= cma->count;
	cma->count = 0;
	pr_err(m, "CMA area %s could not be activated", cma->name);
}

/**
 * cma_init_reserved_areas - the core_initcall that activates every area
 * declared at boot.
 */
void cma_init_reserved_areas(struct machine *m)
{
	if (!m->cma)
		return;
	for (unsigned int i = 0; i < m->cma->cma_area_count; i++)
		cma_activate_area(m, &m->cma->cma_areas[i]);
}

/**
 * cma_init_reserved_mem - make an area of memory memblock has reserved
 * already: [@base, @base + @size), pageblock-aligned.  -EINVAL for bad
 * arguments, -ENOSPC when all MAX_CMA_AREAS slots are taken.
 */
int cma_init_reserved_mem(struct machine *m, phys_addr_t base, phys_addr_t size,
			  unsigned int order_per_bit, const char *name,
			  struct cma **res_cma)
{
	struct cma_state *st = cma_state(m);
	struct cma *cma;

	if (st->cma_area_count == MAX_CMA_AREAS) {
		pr_err(m, "cma: Not enough slots for CMA reserved regions!");
		return -ENOSPC;
	}
	if (!size || !memblock_is_region_reserved(&m->memblock, base, size))
		return -EINVAL;
	if (order_per_bit >= (unsigned int)BITS_PER_LONG ||
	    cma_min_alignment_pages(m) & ((1UL << order_per_bit) - 1))
		return -EINVAL;
	if ((base | size) & (cma_min_alignment_bytes(m) - 1))
		return -EINVAL;

	cma = &st->cma_areas[st->cma_area_count];
	if (name)
		snprintf(cma->name, CMA_MAX_NAME, "%s", name);
	else
		snprintf(cma->name, CMA_MAX_NAME, "cma%u", st->cma_area_count);
	cma->base_pfn = PFN_DOWN(base);
	cma->count = (unsigned long)(size >> PAGE_SHIFT);
	cma->order_per_bit = order_per_bit;
	cma->machine = m;
	*res_cma = cma;
	st->cma_area_count++;
	m->totalcma_pages += (unsigned long)(size / PAGE_SIZE);
	return 0;
}

/**
 * cma_declare_contiguous_nid - reserve an area through memblock during
 * boot: at exactly @base if @fixed, else anywhere in [@base, @limit) -
 * bottom-up from 4G when there is enough memory above it (so that the
 * constrained DMA/DMA32 zones are left alone), else top-down, in highmem
 * first if the range crosses lowmem's end.  Size and base are rounded to
 * @alignment, at least a pageblock.  Prints "cma: Reserved N MiB at …".
 */
int cma_declare_contiguous_nid(struct machine *m, phys_addr_t base,
			       phys_addr_t size, phys_addr_t limit,
			       phys_addr_t alignment, unsigned int order_per_bit,
			       bool fixed, const char *name, struct cma **res_cma,
			       int nid)
{
	phys_addr_t memblock_end = memblock_end_of_DRAM(&m->memblock);
	phys_addr_t highmem_start = m->layout.high_memory - m->layout.page_offset;
	char b1[24], b2[24], b3[24];
	int ret = 0;

	if (m->cma && m->cma->cma_area_count == MAX_CMA_AREAS) {
		pr_err(m, "cma: Not enough slots for CMA reserved regions!");
		return -ENOSPC;
	}
	if (!size)
		return -EINVAL;
	if (alignment && (alignment & (alignment - 1)))
		return -EINVAL;
	if (m->arch->bits != 64)	/* !IS_ENABLED(CONFIG_NUMA): i386 */
		nid = NUMA_NO_NODE;

	/* Sanitise input arguments. */
	if (alignment < cma_min_alignment_bytes(m))
		alignment = cma_min_alignment_bytes(m);
	if (fixed && (base & (alignment - 1))) {
		ret = -EINVAL;
		pr_err(m, "cma: Region at %s must be aligned to %s bytes",
		       fmt_pa(m, base, b1, sizeof(b1)), fmt_pa(m, alignment, b2, sizeof(b2)));
		goto err;
	}
	base = (base + alignment - 1) & ~(alignment - 1);
	size = (size + alignment - 1) & ~(alignment - 1);
	limit &= ~(alignment - 1);
	if (!base)
		fixed = false;
	if ((size >> PAGE_SHIFT) & ((1ULL << order_per_bit) - 1))
		return -EINVAL;

	/* A fixed region must not cross the low/high memory boundary. */
	if (fixed && base < highmem_start && base + size > highmem_start) {
		ret = -EINVAL;
		pr_err(m, "cma: Region at %s defined on low/high memory boundary (%s)",
		       fmt_pa(m, base, b1, sizeof(b1)), fmt_pa(m, highmem_start, b2, sizeof(b2)));
		goto err;
	}
	if (limit == 0 || limit > memblock_end)
		limit = memblock_end;
	if (base + size > limit) {
		ret = -EINVAL;
		pr_err(m, "cma: Size (%s) of region at %s exceeds limit (%s)",
		       fmt_pa(m, size, b1, sizeof(b1)), fmt_pa(m, base, b2, sizeof(b2)),
		       fmt_pa(m, limit, b3, sizeof(b3)));
		goto err;
	}

	if (fixed) {
		if (!memblock_is_region_memory(&m->memblock, base, size)) {
			ret = -EINVAL;
			pr_err(m, "cma: mmsim: Region at %s is not all RAM; Linux would hand out its holes",
			       fmt_pa(m, base, b1, sizeof(b1)));
			goto err;
		}
		if (memblock_is_region_reserved(&m->memblock, base, size) ||
		    memblock_reserve(&m->memblock, base, size) < 0) {
			ret = -EBUSY;
			goto err;
		}
	} else {
		phys_addr_t addr = 0;

		/*
		 * With enough memory above 4G, allocate bottom-up from there:
		 * close to the node's start, away from DMA/DMA32, so that
		 * compaction moves pages out of the area rather than into it
		 * (CONFIG_PHYS_ADDR_T_64BIT only).
		 */
		if (m->arch->bits == 64 && !m->memblock.bottom_up &&
		    memblock_end >= SZ_4G + size) {
			m->memblock.bottom_up = true;
			addr = memblock_phys_alloc_range(&m->memblock, size, alignment,
							 SZ_4G, limit, nid);
			m->memblock.bottom_up = false;
		}
		/* One zone only: try highmem first if the range crosses into it. */
		if (!addr && base < highmem_start && limit > highmem_start) {
			addr = memblock_phys_alloc_range(&m->memblock, size, alignment,
							 highmem_start, limit, nid);
			limit = highmem_start;
		}
		if (!addr) {
			addr = memblock_phys_alloc_range(&m->memblock, size, alignment,
							 base, limit, nid);
			if (!addr) {
				ret = -ENOMEM;
				goto err;
			}
		}
		base = addr;
	}

	ret = cma_init_reserved_mem(m, base, size, order_per_bit, name, res_cma);
	if (ret)
		goto free_mem;
	pr_info(m, "cma: Reserved %ld MiB at %s on node %d", (long)(size / SZ_1M),
		fmt_pa(m, base, b1, sizeof(b1)), nid);
	return 0;

free_mem:
	memblock_free(&m->memblock, base, size);
err:
	pr_err(m, "cma: Failed to reserve %ld MiB on node %d", (long)(size / SZ_1M), nid);
	return ret;
}

/**
 * cma_alloc - @count contiguous pages from @cma, the first at a pfn that
 * is a multiple of 2^@align: each an order-0 page with refcount 1.  NULL
 * on failure, with "cma: cma_alloc: NAME: alloc failed, req-size: N
 * pages, ret: -E" (rate-limited) unless @no_warn.  Counts
 * cma_alloc_success / cma_alloc_fail and the area's sysfs counters.
 */
struct page *cma_alloc(struct machine *m, struct cma *cma, unsigned long count,
		       unsigned int align, bool no_warn)
{
	unsigned long mask, offset, start = 0;
	unsigned long bitmap_maxno, bitmap_no, bitmap_count;
	unsigned long pfn = ~0UL;
	struct page *page = NULL;
	int ret = -ENOMEM;

	if (!cma || !cma->count || !cma->bitmap)
		goto out;
	if (!count)
		goto out;

	mask = cma_bitmap_aligned_mask(cma, align);
	offset = cma_bitmap_aligned_offset(cma, align);
	bitmap_maxno = cma_bitmap_maxno(cma);
	bitmap_count = cma_bitmap_pages_to_bits(cma, count);
	if (bitmap_count > bitmap_maxno)
		goto out;

	for (;;) {
		bitmap_no = bitmap_find_next_zero_area_off(cma->bitmap, bitmap_maxno,
							   start, bitmap_count, mask,
							   offset);
		if (bitmap_no >= bitmap_maxno)
			break;
		/* Ours while alloc_contig_range runs; cleared again if it fails. */
		bitmap_set(cma->bitmap, bitmap_no, bitmap_count);

		pfn = cma->base_pfn + (bitmap_no << cma->order_per_bit);
		ret = alloc_contig_range(m, pfn, pfn + count, MIGRATE_CMA,
					 GFP_KERNEL | (no_warn ? __GFP_NOWARN : 0));
		if (ret == 0) {
			page = pfn_to_page(m, pfn);
			break;
		}
		cma_clear_bitmap(cma, pfn, count);
		if (ret != -EBUSY)
			break;
		/* try again with a bit different memory target */
		start = bitmap_no + mask + 1;
		if (start < bitmap_no)		/* mmsim: the mask wrapped */
			break;
	}

	if (ret && !no_warn &&
	    ___ratelimit(m, &m->cma->alloc_failed_rs, "cma_alloc"))
		pr_err(m, "cma: %s: %s: alloc failed, req-size: %lu pages, ret: %d",
		       "cma_alloc", cma->name, count, ret);
out:
	if (page) {
		__count_vm_events(m, CMA_ALLOC_SUCCESS, 1);
		cma_sysfs_account_success_pages(cma, count);
	} else {
		__count_vm_events(m, CMA_ALLOC_FAIL, 1);
		if (cma)
			cma_sysfs_account_fail_pages(cma, count);
	}
	return page;
}

/**
 * cma_pages_valid - does @pages lie in @cma?
 */
bool cma_pages_valid(struct machine *m, struct cma *cma, const struct page *pages,
		     unsigned long count)
{
	unsigned long pfn;

	(void)count;
	if (!cma || !pages)
		return false;
	if (pages < m->vmemmap || pages >= m->vmemmap + m->memmap_pfns)
		return false;
	pfn = page_to_pfn(m, pages);
	return pfn >= cma->base_pfn && pfn < cma->base_pfn + cma->count;
}

/**
 * cma_release - give back @count pages from @pages that cma_alloc handed
 * out.  false (and nothing done) if @pages is not in @cma; true otherwise,
 * as Linux, even when some pages were not in use (free_contig_range
 * reports those).
 */
bool cma_release(struct machine *m, struct cma *cma, const struct page *pages,
		 unsigned long count)
{
	unsigned long pfn;

	if (!cma_pages_valid(m, cma, pages, count))
		return false;
	pfn = page_to_pfn(m, pages);
	/* VM_BUG_ON(pfn + count > cma->base_pfn + cma->count) */
	if (count > cma->base_pfn + cma->count - pfn) {
		printk(m, "kernel BUG at mm/cma.c: cma_release: VM_BUG_ON(pfn + count > cma->base_pfn + cma->count): pfn %#lx count %lu, area %s ends at pfn %#lx",
		       pfn, count, cma->name, cma->base_pfn + cma->count);
		return false;
	}
	free_contig_range(m, pfn, count);
	cma_clear_bitmap(cma, pfn, count);
	return true;
}

/**
 * cma_state_release - free the host memory of @m's CMA bookkeeping (the
 * bitmaps live in simulated RAM and go with it).
 */
void cma_state_release(struct machine *m)
{
	free(m->cma);
	m->cma = NULL;
}
