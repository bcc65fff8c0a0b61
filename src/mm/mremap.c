// SPDX-License-Identifier: MIT
/*
 * mremap.c - mremap(2) (mm/mremap.c, Linux 6.6): shrink (unmap the
 * tail), grow in place when the VMA can expand into the gap above it,
 * else move (MREMAP_MAYMOVE) to a new place or to MREMAP_FIXED's
 * address: a new VMA with the same flags and offset, the page-table
 * entries moved (pages keep their index), the old range gone.
 * MREMAP_DONTUNMAP is refused (-EINVAL) for now.
 */
#include <errno.h>
#include "internal.h"
#include "mm.h"
#include "mmu.h"

/* vma_to_resize - the VMA at @addr may become @new_len long? */
static struct vm_area_struct *vma_to_resize(struct machine *m, unsigned long addr,
					    unsigned long old_len, unsigned long new_len,
					    long *err)
{
	struct task_struct *t = vm_current(m);
	struct vm_area_struct *vma = vma_lookup(t->mm, addr);

	*err = 0;
	if (!vma) {
		*err = -EFAULT;
		return NULL;
	}
	if (!old_len && !(vma->vm_flags & (VM_SHARED | VM_MAYSHARE))) {
		*err = -EINVAL;
		return NULL;
	}
	if (old_len > vma->vm_end - addr) {
		*err = -EFAULT;
		return NULL;
	}
	if (new_len == old_len)
		return vma;
	if (vma->vm_flags & (VM_DONTEXPAND | VM_PFNMAP)) {
		*err = -EFAULT;
		return NULL;
	}
	if ((vma->vm_flags & VM_LOCKED) && !t->privileged &&
	    t->mm->locked_vm + ((new_len - old_len) >> PAGE_SHIFT) > MLOCK_LIMIT >> PAGE_SHIFT) {
		*err = -EAGAIN;
		return NULL;
	}
	return vma;
}

/* move_vma - the mapping [old_addr, +old_len) of @vma becomes [new_addr, +new_len). */
static long move_vma(struct machine *m, struct vm_area_struct *vma, unsigned long old_addr,
		     unsigned long old_len, unsigned long new_len, unsigned long new_addr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *nv;
	unsigned long pgoff, grow = (new_len - old_len) >> PAGE_SHIFT;
	bool accounted = vma->vm_flags & VM_ACCOUNT;

	if (mm->map_count >= m->vm->max_map_count - 3)
		return -ENOMEM;
	if (vma->special_name && special_mapping_mremap(vma, new_len, 0))
		return -EINVAL;		/* vdso_mremap / vvar_mremap refuse it */
	if (accounted && new_len > old_len &&
	    security_vm_enough_memory_mm(m, mm, (long)grow))
		return -ENOMEM;
	pgoff = vma->vm_pgoff + ((old_addr - vma->vm_start) >> PAGE_SHIFT);
	nv = vm_area_dup(m, vma);
	nv->vm_start = new_addr;
	nv->vm_end = new_addr + new_len;
	nv->vm_pgoff = pgoff;
	if (vma->anon_vma)
		anon_vma_clone(m, nv, vma);
	vma_link(mm, nv);
	vm_stat_account(mm, nv->vm_flags, (long)(new_len >> PAGE_SHIFT));
	if (nv->vm_flags & VM_LOCKED)
		mm->locked_vm += new_len >> PAGE_SHIFT;
	move_page_range(m, vma, old_addr, nv, new_addr, old_len);
	/* the old range goes without unaccounting: its charge moved */
	if (accounted) {
		vm_unacct_memory(m, -(long)(old_len >> PAGE_SHIFT));
	}
	do_munmap(m, mm, old_addr, old_len);
	if (nv->special_name)
		special_mapping_mremap(nv, new_len, new_addr);	/* mm->context.vdso */
	vma_try_merge_neighbours(m, nv);
	return (long)new_addr;
}

/**
 * sys_mremap - mremap(2): -EINVAL (bad flags, unaligned address, zero new
 * length, overlapping fixed move), -EFAULT (no mapping there, or the
 * range crosses VMAs), -ENOMEM (cannot grow in place and may not move,
 * or no room).
 */
long sys_mremap(struct machine *m, unsigned long addr, unsigned long old_len,
		unsigned long new_len, unsigned long flags, unsigned long new_addr)
{
	struct mm_struct *mm = vm_current(m)->mm;
	struct vm_area_struct *vma;
	long err, r;

	if (flags & ~(unsigned long)(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (flags & MREMAP_DONTUNMAP)
		return -EINVAL;		/* not modelled */
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len)
		return -EINVAL;
	if (!vma_lookup(mm, addr))
		return -EFAULT;
	if (flags & MREMAP_FIXED) {	/* mremap_to */
		if (new_addr & ~PAGE_MASK)
			return -EINVAL;
		if (new_len > mm->task_size || new_addr > mm->task_size - new_len)
			return -EINVAL;
		if (addr + old_len > new_addr && new_addr + new_len > addr)
			return -EINVAL;
		err = do_munmap(m, mm, new_addr, new_len);
		if (err)
			return err;
		if (old_len > new_len) {
			err = do_munmap(m, mm, addr + new_len, old_len - new_len);
			if (err)
				return err;
			old_len = new_len;
		}
		vma = vma_to_resize(m, addr, old_len, new_len, &err);
		if (!vma)
			return err;
		if (mm->map_count >= m->vm->max_map_count - 3)
			return -ENOMEM;
		return move_vma(m, vma, addr, old_len, new_len, new_addr);
	}
	if (old_len >= new_len) {	/* shrinking is always allowed */
		if (old_len == new_len)
			return (long)addr;
		err = do_munmap(m, mm, addr + new_len, old_len - new_len);
		return err ? err : (long)addr;
	}
	vma = vma_to_resize(m, addr, old_len, new_len, &err);
	if (!vma)
		return err;
	if (old_len == vma->vm_end - addr) {	/* can it just expand? */
		unsigned long end = vma->vm_end + (new_len - old_len);
		struct vm_area_struct *next = vma_next(vma);
		bool fits = end > vma->vm_end && end <= mm->task_size &&
			    (!next || next->vm_start >= end);

		if (fits) {
			long pages = (long)((new_len - old_len) >> PAGE_SHIFT);

			if ((vma->vm_flags & VM_ACCOUNT) &&
			    security_vm_enough_memory_mm(m, mm, pages))
				return -ENOMEM;
			vma->vm_end = end;
			vm_stat_account(mm, vma->vm_flags, pages);
			if (vma->vm_flags & VM_LOCKED) {
				mm->locked_vm += (unsigned long)pages;
				mm_populate(m, addr + old_len, new_len - old_len);
			}
			vma_try_merge_neighbours(m, vma);
			return (long)addr;
		}
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	r = get_unmapped_area(m, 0, new_len, vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT),
			      (vma->vm_flags & VM_MAYSHARE) ? MAP_SHARED : 0);
	if (r < 0)
		return r;
	return move_vma(m, vma, addr, old_len, new_len, (unsigned long)r);
}
