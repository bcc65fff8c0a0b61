// SPDX-License-Identifier: MIT
/*
 * api_kmem.c - the public mms_* entry points of the kernel's other
 * allocators: the contiguous memory allocator and the per-CPU allocator.
 */
#include <errno.h>
#include "cma.h"
#include "internal.h"
#include "percpu.h"

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

/** mms_alloc_percpu - see mmsim.h. */
int mms_alloc_percpu(mms_machine *m, size_t size, size_t align, int reserved, uint64_t *ptr)
{
	unsigned long lines = m->log.lines;

	*ptr = reserved ? __alloc_reserved_percpu(m, size, align) : __alloc_percpu(m, size, align);
	if (*ptr)
		return 0;
	return m->log.lines != lines && (!size || (align & (align - 1))) ? -EINVAL : -ENOMEM;
}

/** mms_free_percpu - see mmsim.h. */
int mms_free_percpu(mms_machine *m, uint64_t ptr)
{
	unsigned long lines = m->log.lines;

	free_percpu(m, ptr);
	return m->log.lines == lines ? 0 : -EINVAL;
}

/** mms_per_cpu_ptr - see mmsim.h. */
int mms_per_cpu_ptr(mms_machine *m, uint64_t ptr, int cpu, uint64_t *addr)
{
	if (cpu < 0 || cpu >= m->nr_cpu_ids || !ptr)
		return -EINVAL;
	*addr = per_cpu_ptr(m, ptr, cpu);
	return 0;
}
