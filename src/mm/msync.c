// SPDX-License-Identifier: MIT
/*
 * msync.c - msync(2) (mm/msync.c, Linux 6.6): the argument checks, holes
 * (-ENOMEM, at once for MS_SYNC, at the end otherwise), MS_INVALIDATE of
 * locked memory (-EBUSY).  MS_SYNC of a shared file mapping writes the
 * range's dirty pages back and waits (vfs_fsync_range); MS_ASYNC does
 * nothing (6.6: dirty pages are already tracked).
 */
#include <errno.h>
#include "internal.h"
#include "mm.h"
#include "pagemap.h"

/**
 * sys_msync - msync(2).
 */
long sys_msync(struct machine *m, unsigned long start, unsigned long len, int flags)
{
	struct mm_struct *mm = vm_current(m)->mm;
	unsigned long end;
	int unmapped_error = 0;

	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	len = (len + ~PAGE_MASK) & PAGE_MASK;
	end = start + len;
	if (end < start)
		return -ENOMEM;
	if (end == start)
		return 0;
	for (;;) {
		struct vm_area_struct *vma = find_vma(mm, start);

		if (!vma)
			return -ENOMEM;
		if (start < vma->vm_start) {
			if (flags == MS_SYNC)
				return -ENOMEM;
			start = vma->vm_start;
			if (start >= end)
				return -ENOMEM;
			unmapped_error = -ENOMEM;
		}
		if ((flags & MS_INVALIDATE) && (vma->vm_flags & VM_LOCKED))
			return -EBUSY;
		if ((flags & MS_SYNC) && vma->vm_file && (vma->vm_flags & VM_SHARED)) {
			uint64_t fstart = ((uint64_t)(start - vma->vm_start) +
					   ((uint64_t)vma->vm_pgoff << PAGE_SHIFT));
			uint64_t fend = fstart + ((end < vma->vm_end ? end : vma->vm_end) - start) - 1;
			int err = vfs_fsync_range(m, vma->vm_file, fstart, fend, 1);

			if (err)
				return err;
		}
		start = vma->vm_end;
		if (start >= end)
			return unmapped_error;
	}
}
