// SPDX-License-Identifier: MIT
/*
 * api_kmem.c - the public mms_* entry points of the kernel's other
 * allocators: the contiguous memory allocator (and, with it, the per-CPU
 * allocator's entry points when they exist).
 */
#include <errno.h>
#include "cma.h"
#include "internal.h"

/** mms_cma_alloc - see mmsim.h. */
int mms_cma_alloc(mms_machine *m, unsigned long count, unsigned int align, unsigned long *pfn)
{
	struct cma *cma = dev_get_cma_area(m);
	struct page *page;

	if (!cma)
		return -ENODEV;
	page = cma_alloc(m, cma, count, align, false);
	if (!page)
		return -ENOMEM;
	*pfn = page_to_pfn(m, page);
	return 0;
}

/** mms_cma_release - see mmsim.h. */
int mms_cma_release(mms_machine *m, unsigned long pfn, unsigned long count)
{
	struct cma *cma = dev_get_cma_area(m);

	if (!cma)
		return -ENODEV;
	if (!pfn_valid(m, pfn))
		return -EINVAL;
	return cma_release(m, cma, pfn_to_page(m, pfn), count) ? 0 : -EINVAL;
}
