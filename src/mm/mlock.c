// SPDX-License-Identifier: MIT
/*
 * mlock.c - mlock(2), mlock2(2), munlock(2), mlockall(2), munlockall(2)
 * (mm/mlock.c, Linux 6.6): VM_LOCKED (and VM_LOCKONFAULT) on the range
 * with split and merge, locked_vm, the pages present mlocked (PG_mlocked,
 * NR_MLOCK, the unevictable list), the rest faulted in (unless
 * on-fault).  RLIMIT_MEMLOCK is 8 MiB for unprivileged tasks.
 */
#include <errno.h>
#include "internal.h"
#include "mm.h"
#include "mmu.h"
#include "pgalloc.h"

/**
 * mlock_vma_pages - mlock (or munlock) the pages already mapped in
 * [@start, @end) of @vma.
 */
void mlock_vma_pages(struct machine *m, struct vm_area_struct *vma, unsigned long start,
		     unsigned long end, bool lock)
{
	for (unsigned long a = start; a < end; a += PAGE_SIZE) {
		struct page *page = user_page_at(m, vma->vm_mm, a, NULL, NULL);

		if (!page)
			continue;
		if (lock)
			mlock_page(m, page);
		else
			munlock_page(m, page);
	}
}

/* mlock_fixup - one VMA's part: new flags, locked_vm, the pages. */
static int mlock_fixup(struct machine *m, struct vm_area_struct **pvma, unsigned long start,
		       unsigned long end, unsigned long newflags)
{
	struct vm_area_struct *vma = *pvma;
	struct mm_struct *mm = vma->vm_mm;
	unsigned long oldflags = vma->vm_flags;
	long nr_pages;

	if (newflags == oldflags || (oldflags & VM_SPECIAL))
		return 0;
	vma = vma_modify_flags(m, NULL, vma, start, end, newflags);
	if (!vma)
		return -ENOMEM;
	nr_pages = (long)((end - start) >> PAGE_SHIFT);
	if (!(newflags & VM_LOCKED))
		nr_pages = -nr_pages;
	else if (oldflags & VM_LOCKED)
		nr_pages = 0;
	mm->locked_vm += (unsigned long)nr_pages;
	if ((newflags & VM_LOCKED) && !(oldflags & VM_LOCKED))
		mlock_vma_pages(m, vma, start, end, true);
	else if (!(newflags & VM_LOCKED) && (oldflags & VM_LOCKED))
		mlock_vma_pages(m, vma, start, end, false);
	*pvma = vma;
	return 0;
}

static int apply_vma_lock_flags(struct machine *m, unsigned long start, unsigned long len,
				unsigned long flags)
{
	struct mm_struct *mm = vm_current(m)->mm;
	unsigned long end = start + len, nstart, tmp;
	struct vm_area_struct *vma;

	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start > start)
		return -ENOMEM;
	for (nstart = start;;) {
		unsigned long newflags = (vma->vm_flags & ~VM_LOCKED_MASK) | flags;
		struct vm_area_struct *next;
		int error;

		tmp = vma->vm_end < end ? vma->vm_end : end;
		error = mlock_fixup(m, &vma, nstart, tmp, newflags);
		if (error)
			return error;
		nstart = tmp;
		if (nstart >= end)
			return 0;
		next = find_vma(mm, nstart);
		if (!next || next->vm_start != nstart)
			return -ENOMEM;
		vma = next;
	}
}

/* count_mm_mlocked_page_nr - pages of [start, start + len) already locked. */
static unsigned long count_mm_mlocked_page_nr(struct mm_struct *mm, unsigned long start,
					      unsigned long len)
{
	unsigned long count = 0, end = start + len;
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mm->mmap, struct vm_area_struct, vm_list) {
		unsigned long s = vma->vm_start > start ? vma->vm_start : start;
		unsigned long e = vma->vm_end < end ? vma->vm_end : end;

		if ((vma->vm_flags & VM_LOCKED) && s < e)
			count += (e - s) >> PAGE_SHIFT;
	}
	return count;
}

static long do_mlock(struct machine *m, unsigned long start, unsigned long len,
		     unsigned long flags)
{
	struct task_struct *t = vm_current(m);
	unsigned long locked, lock_limit = MLOCK_LIMIT >> PAGE_SHIFT;
	int error;

	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	locked = (len >> PAGE_SHIFT) + t->mm->locked_vm;
	if (locked > lock_limit && !t->privileged)
		locked -= count_mm_mlocked_page_nr(t->mm, start, len);
	if (locked > lock_limit && !t->privileged)
		return -ENOMEM;
	error = apply_vma_lock_flags(m, start, len, flags);
	if (error)
		return error;
	if (mm_populate(m, start, len))
		return -EAGAIN;		/* __mlock_posix_error_return: -ENOMEM -> -EAGAIN */
	return 0;
}

/**
 * sys_mlock2 - mlock2(2) (mlock(2) with @flags 0): -EINVAL for unknown flags.
 */
long sys_mlock2(struct machine *m, unsigned long start, unsigned long len, unsigned long flags)
{
	unsigned long vm_flags = VM_LOCKED;

	if (flags & ~(unsigned long)MLOCK_ONFAULT)
		return -EINVAL;
	if (flags & MLOCK_ONFAULT)
		vm_flags |= VM_LOCKONFAULT;
	return do_mlock(m, start, len, vm_flags);
}

/**
 * sys_munlock - munlock(2).
 */
long sys_munlock(struct machine *m, unsigned long start, unsigned long len)
{
	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	return apply_vma_lock_flags(m, start, len, 0);
}

static int apply_mlockall_flags(struct machine *m, int flags)
{
	struct mm_struct *mm = vm_current(m)->mm;
	struct vm_area_struct *vma;
	unsigned long to_add = 0;

	mm->def_flags &= ~VM_LOCKED_MASK;
	if (flags & MCL_FUTURE) {
		mm->def_flags |= VM_LOCKED;
		if (flags & MCL_ONFAULT)
			mm->def_flags |= VM_LOCKONFAULT;
		if (!(flags & MCL_CURRENT))
			return 0;
	}
	if (flags & MCL_CURRENT) {
		to_add |= VM_LOCKED;
		if (flags & MCL_ONFAULT)
			to_add |= VM_LOCKONFAULT;
	}
	for (unsigned long addr = 0; (vma = find_vma(mm, addr)) != NULL;) {
		unsigned long newflags = (vma->vm_flags & ~VM_LOCKED_MASK) | to_add;
		unsigned long end = vma->vm_end;

		mlock_fixup(m, &vma, vma->vm_start, end, newflags);
		addr = end;
	}
	return 0;
}

/**
 * sys_mlockall - mlockall(2): -EINVAL for bad flags, -ENOMEM over the
 * limit (MCL_CURRENT with total_vm above RLIMIT_MEMLOCK).
 */
long sys_mlockall(struct machine *m, int flags)
{
	struct task_struct *t = vm_current(m);

	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	if ((flags & MCL_CURRENT) && t->mm->total_vm > MLOCK_LIMIT >> PAGE_SHIFT && !t->privileged)
		return -ENOMEM;
	apply_mlockall_flags(m, flags);
	if (flags & MCL_CURRENT)
		mm_populate(m, 0, t->mm->task_size);
	return 0;
}

/**
 * sys_munlockall - munlockall(2).
 */
long sys_munlockall(struct machine *m)
{
	return apply_mlockall_flags(m, 0);
}
