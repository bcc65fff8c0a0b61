// SPDX-License-Identifier: MIT
/*
 * cma_sysfs.c - /sys/kernel/mm/cma/<name>/ (Linux mm/cma_sysfs.c, 6.6):
 * alloc_pages_success and alloc_pages_fail, the pages cma_alloc handed
 * out and the pages it was asked for and could not give.  (6.6 has no
 * release_pages_success; later kernels add it.)
 *
 * mmsim's views are fixed paths, so the files are those of the default
 * area, "reserved" (the one cma= makes); on a machine without it they are
 * empty where Linux has no such directory.
 */
#include <inttypes.h>
#include "cma.h"
#include "internal.h"

/** cma_sysfs_account_success_pages - @nr_pages were allocated from @cma. */
void cma_sysfs_account_success_pages(struct cma *cma, unsigned long nr_pages)
{
	cma->nr_pages_succeeded += nr_pages;
}

/** cma_sysfs_account_fail_pages - @nr_pages could not be allocated from @cma. */
void cma_sysfs_account_fail_pages(struct cma *cma, unsigned long nr_pages)
{
	cma->nr_pages_failed += nr_pages;
}

/**
 * show_cma_default_alloc_pages_success - alloc_pages_success of "reserved".
 */
void show_cma_default_alloc_pages_success(struct machine *m, struct seq_file *s)
{
	struct cma *cma = dev_get_cma_area(m);

	if (cma)
		seq_printf(s, "%" PRIu64 "\n", cma->nr_pages_succeeded);
}

/**
 * show_cma_default_alloc_pages_fail - alloc_pages_fail of "reserved".
 */
void show_cma_default_alloc_pages_fail(struct machine *m, struct seq_file *s)
{
	struct cma *cma = dev_get_cma_area(m);

	if (cma)
		seq_printf(s, "%" PRIu64 "\n", cma->nr_pages_failed);
}
