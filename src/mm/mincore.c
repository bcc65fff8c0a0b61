// SPDX-License-Identifier: MIT
/*
 * mincore.c - mincore(2) (mm/mincore.c, Linux 6.6): one byte per page,
 * bit 0 set when the page is resident (a present pte, the zero page
 * included; for a file mapping without a pte, the page cache's page:
 * mincore_page).  -EINVAL for an
 * unaligned start, -ENOMEM for a range beyond TASK_SIZE or with a hole.
 */
#include <errno.h>
#include "internal.h"
#include "mm.h"
#include "pagemap.h"
#include "mmu.h"
#include "pgalloc.h"

/**
 * sys_mincore - mincore(2) into @vec (the caller's buffer of one byte a page).
 */
long sys_mincore(struct machine *m, unsigned long start, unsigned long len, unsigned char *vec)
{
	struct mm_struct *mm = vm_current(m)->mm;
	unsigned long pages, i = 0;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (len > mm->task_size || start > mm->task_size - len)	/* access_ok */
		return -ENOMEM;
	pages = (len >> PAGE_SHIFT) + ((len & ~PAGE_MASK) != 0);
	while (i < pages) {
		unsigned long addr = start + (i << PAGE_SHIFT);
		struct vm_area_struct *vma = vma_lookup(mm, addr);

		if (!vma)
			return -ENOMEM;
		for (; i < pages && addr < vma->vm_end; i++, addr += PAGE_SIZE) {
			phys_addr_t ptep = pte_offset(m, mm, addr);
			pte_t pte = ptep ? ptep_get(m, ptep) : 0;
			unsigned char v = upte_present(pte) ? 1 : 0;

			if (!v && vma->vm_file && !(pte & _PAGE_PRESENT)) {	/* mincore_page */
				struct address_space *mapping = vma->vm_file->f_mapping;
				unsigned long idx = linear_page_index(vma, addr);
				struct page *page = xa_load(&mapping->i_pages, idx);

				v = page && PageUptodate(page);
			}
			vec[i] = v;
		}
	}
	return 0;
}
