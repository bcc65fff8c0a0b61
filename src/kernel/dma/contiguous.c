// SPDX-License-Identifier: MIT
/*
 * contiguous.c - the DMA layer's default CMA area (Linux
 * kernel/dma/contiguous.c, 6.6).
 *
 * cma=SIZE[@BASE[-LIMIT]] on the kernel command line (here the machine
 * key cma=, parsed into the config as early_cma does) asks for one global
 * area, "reserved", which dma_contiguous_reserve declares from setup_arch
 * with x86's limit, max_pfn_mapped: all of RAM on x86_64, lowmem on i386.
 * "SIZE@BASE" alone is a fixed placement (base + size == limit).  x86's
 * CONFIG_CMA_SIZE_MBYTES is 0: without cma= there is no area.
 *
 * Devices do not exist in mmsim: dma_alloc_from_contiguous and
 * dma_release_from_contiguous work on the default area (what
 * dev_get_cma_area returns for a device without its own).
 */
#include "cma.h"
#include "internal.h"

/**
 * dma_contiguous_reserve - reserve the default area the config asks for,
 * below @limit (0: anywhere), during setup_arch.
 */
void dma_contiguous_reserve(struct machine *m, phys_addr_t limit)
{
	phys_addr_t selected_size, selected_base, selected_limit;
	bool fixed = false;
	struct cma *cma = NULL;

	selected_size = m->cfg.cma_size;
	selected_base = m->cfg.cma_base;
	/* min_not_zero(limit_cmdline, limit) */
	selected_limit = m->cfg.cma_limit && (m->cfg.cma_limit < limit || !limit) ?
			 m->cfg.cma_limit : limit;
	if (m->cfg.cma_base + m->cfg.cma_size == m->cfg.cma_limit)
		fixed = true;
	if (!selected_size || (m->cma && m->cma->dma_contiguous_default_area))
		return;
	/* dma_contiguous_reserve_area: the area named "reserved" */
	if (cma_declare_contiguous_nid(m, selected_base, selected_size, selected_limit,
				       0, 0, fixed, "reserved", &cma, NUMA_NO_NODE))
		return;
	m->cma->dma_contiguous_default_area = cma;
}

/**
 * dev_get_cma_area - the default area, or NULL without cma=.
 */
struct cma *dev_get_cma_area(struct machine *m)
{
	return m->cma ? m->cma->dma_contiguous_default_area : NULL;
}

/**
 * dma_alloc_from_contiguous - @count pages from the default area aligned
 * to 2^@align pages (at most CONFIG_CMA_ALIGNMENT); NULL on failure.
 */
struct page *dma_alloc_from_contiguous(struct machine *m, unsigned long count,
				       unsigned int align, bool no_warn)
{
	if (align > CONFIG_CMA_ALIGNMENT)
		align = CONFIG_CMA_ALIGNMENT;
	return cma_alloc(m, dev_get_cma_area(m), count, align, no_warn);
}

/**
 * dma_release_from_contiguous - give back what dma_alloc_from_contiguous
 * returned; false if @pages is not from the default area.
 */
bool dma_release_from_contiguous(struct machine *m, struct page *pages,
				 unsigned long count)
{
	return cma_release(m, dev_get_cma_area(m), pages, count);
}
