// SPDX-License-Identifier: MIT
/*
 * mremap.c - mremap(2) (mm/mremap.c, Linux 6.6): shrink (unmap the
 * tail), grow in place when the VMA can expand into the gap above it,
 * else move (MREMAP_MAYMOVE) to a new place or to MREMAP_FIXED's
 * address: a new VMA with the same flags and offset, the page-table
 * entries moved (pages keep their index), the old range gone.
 * MREMAP_DONTUNMAP (mremap_to, move_vma): the ptes move to the new VMA
 * and the old range stays mapped but empty; the next touch of it faults
 * afresh (a private anonymous range gets zero-filled pages, a file or
 * shmem range the file's pages again).  The old VMA keeps its charge
 * (VM_ACCOUNT) and the new one is charged its whole length; the old VMA
 * loses VM_LOCKED / VM_LOCKONFAULT while locked_vm stays as it was, all
 * as 6.6 does (even when the old VMA is larger than the moved range).
 *
 * Simplified: no RLIMIT_AS / RLIMIT_DATA (may_expand_vm always agrees),
 * no hugetlb, no userfaultfd, no vm_ops->may_split / ->mremap, no KSM
 * unmerge; the new VMA is merged with its neighbours after the move
 * (copy_vma merges it before).
 */
#include <errno.h>
#include "internal.h"
#include "mm.h"
#include "mmu.h"

/* vma_to_resize - the VMA at @addr may become @new_len long? */
static struct vm_area_struct *vma_to_resize(struct machine *m, unsigned long addr,
					    unsigned long old_len, unsigned long new_len,
					    unsigned long flags, long *err)
{
	struct task_struct *t = vm_current(m);
	struct vm_area_struct *vma = vma_lookup(t->mm, addr);
	unsigned long pgoff;

	*err = 0;
	if (!vma) {
		*err = -EFAULT;
		return NULL;
	}
	if (!old_len && !(vma->vm_flags & (VM_SHARED | VM_MAYSHARE))) {
		*err = -EINVAL;
		return NULL;
	}
	if ((flags & MREMAP_DONTUNMAP) && (vma->vm_flags & (VM_DONTEXPAND | VM_PFNMAP))) {
		*err = -EINVAL;
		return NULL;
	}
	if (old_len > vma->vm_end - addr) {
		*err = -EFAULT;
		return NULL;
	}
	if (new_len == old_len)
		return vma;
	pgoff = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	if (pgoff + (new_len >> PAGE_SHIFT) < pgoff) {
		*err = -EINVAL;
		return NULL;
	}
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

/*
 * move_vma - the mapping [old_addr, +old_len) of @vma becomes [new_addr,
 * +new_len); with MREMAP_DONTUNMAP in @flags the old range stays, empty.
 * Sets *@locked when the new VMA is VM_LOCKED and locked_vm grew.
 */
static long move_vma(struct machine *m, struct vm_area_struct *vma, unsigned long old_addr,
		     unsigned long old_len, unsigned long new_len, unsigned long new_addr,
		     unsigned long flags, bool *locked)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *nv;
	unsigned long pgoff, hiwater_vm;
	unsigned long vm_flags = vma->vm_flags;
	long to_account = (long)(new_len - old_len) >> PAGE_SHIFT;

	if (mm->map_count >= m->vm->max_map_count - 3)
		return -ENOMEM;
	if (vma->special_name && special_mapping_mremap(vma, new_len, 0))
		return -EINVAL;		/* vdso_mremap / vvar_mremap refuse it */
	if (flags & MREMAP_DONTUNMAP)
		to_account = (long)(new_len >> PAGE_SHIFT);
	if ((vm_flags & VM_ACCOUNT) && to_account > 0 &&
	    security_vm_enough_memory_mm(m, mm, to_account))
		return -ENOMEM;
	/* copy_vma */
	pgoff = vma->vm_pgoff + ((old_addr - vma->vm_start) >> PAGE_SHIFT);
	nv = vm_area_dup(m, vma);
	nv->vm_start = new_addr;
	nv->vm_end = new_addr + new_len;
	nv->vm_pgoff = pgoff;
	if (vma->anon_vma)
		anon_vma_clone(m, nv, vma);
	vma_link(mm, nv);
	move_page_range(m, vma, old_addr, nv, new_addr, old_len);	/* move_page_tables */
	hiwater_vm = mm->hiwater_vm;
	vm_stat_account(mm, vma->vm_flags, (long)(new_len >> PAGE_SHIFT));
	if (flags & MREMAP_DONTUNMAP) {
		/* We always clear VM_LOCKED[ONFAULT] on the old vma (6.6 move_vma) */
		vma->vm_flags &= ~VM_LOCKED_MASK;
		/* the old VMA's anon_vma links are no longer needed */
		if (vma->vm_start == old_addr && vma->vm_end == old_addr + old_len)
			unlink_anon_vmas(m, vma);
		/* no unmap, so locked_vm is left alone; hiwater_vm not restored */
		vma_try_merge_neighbours(m, nv);
		return (long)new_addr;
	}
	/*
	 * Conceal VM_ACCOUNT so the old reservation is not undone: the old
	 * range goes without unaccounting, its charge moved.
	 */
	if (vm_flags & VM_ACCOUNT)
		vm_unacct_memory(m, -(long)(old_len >> PAGE_SHIFT));
	do_munmap(m, mm, old_addr, old_len);
	if (vm_flags & VM_LOCKED) {
		mm->locked_vm += new_len >> PAGE_SHIFT;
		*locked = true;
	}
	mm->hiwater_vm = hiwater_vm;
	if (nv->special_name)
		special_mapping_mremap(nv, new_len, new_addr);	/* mm->context.vdso */
	vma_try_merge_neighbours(m, nv);
	return (long)new_addr;
}

/*
 * mremap_to - MREMAP_FIXED and MREMAP_DONTUNMAP: the move to @new_addr
 * (MREMAP_FIXED: exactly there, whatever is there unmapped first;
 * otherwise a hint).  -EINVAL: unaligned @new_addr, beyond TASK_SIZE,
 * the ranges overlap; -ENOMEM: the map count.
 */
static long mremap_to(struct machine *m, unsigned long addr, unsigned long old_len,
		      unsigned long new_addr, unsigned long new_len, unsigned long flags,
		      bool *locked)
{
	struct mm_struct *mm = vm_current(m)->mm;
	struct vm_area_struct *vma;
	unsigned long map_flags = 0;
	long err, r;

	if (new_addr & ~PAGE_MASK)
		return -EINVAL;
	if (new_len > mm->task_size || new_addr > mm->task_size - new_len)
		return -EINVAL;
	if (addr + old_len > new_addr && new_addr + new_len > addr)
		return -EINVAL;
	/* both VMAs may be split in three before the unmaps */
	if (mm->map_count + 2 >= m->vm->max_map_count - 3)
		return -ENOMEM;
	if (flags & MREMAP_FIXED) {
		err = do_munmap(m, mm, new_addr, new_len);
		if (err)
			return err;
	}
	if (old_len > new_len) {
		err = do_munmap(m, mm, addr + new_len, old_len - new_len);
		if (err)
			return err;
		old_len = new_len;
	}
	vma = vma_to_resize(m, addr, old_len, new_len, flags, &err);
	if (!vma)
		return err;
	if (flags & MREMAP_FIXED)
		map_flags |= MAP_FIXED;
	if (vma->vm_flags & VM_MAYSHARE)
		map_flags |= MAP_SHARED;
	r = get_unmapped_area(m, new_addr, new_len,
			      vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT), map_flags);
	if (r < 0)
		return r;
	if (!(flags & MREMAP_FIXED))
		new_addr = (unsigned long)r;
	return move_vma(m, vma, addr, old_len, new_len, new_addr, flags, locked);
}

/**
 * sys_mremap - mremap(2): -EINVAL (bad flags, unaligned address, zero new
 * length, overlapping fixed move, MREMAP_DONTUNMAP without MREMAP_MAYMOVE
 * or with a resize, or of a VM_DONTEXPAND / VM_PFNMAP mapping), -EFAULT
 * (no mapping there, or the range crosses VMAs), -ENOMEM (cannot grow in
 * place and may not move, or no room).  A VM_LOCKED mapping that grew is
 * populated (mm_populate of the new part).
 */
long sys_mremap(struct machine *m, unsigned long addr, unsigned long old_len,
		unsigned long new_len, unsigned long flags, unsigned long new_addr)
{
	struct mm_struct *mm = vm_current(m)->mm;
	struct vm_area_struct *vma;
	bool locked = false;
	long err, r;

	if (flags & ~(unsigned long)(MREMAP_FIXED | MREMAP_MAYMOVE | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	/* MREMAP_DONTUNMAP is always a move, and no resize (the lengths as given) */
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!new_len)
		return -EINVAL;
	if (!vma_lookup(mm, addr))
		return -EFAULT;
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) {
		r = mremap_to(m, addr, old_len, new_addr, new_len, flags, &locked);
		goto out;
	}
	if (old_len >= new_len) {	/* shrinking is always allowed */
		if (old_len == new_len)
			return (long)addr;
		err = do_munmap(m, mm, addr + new_len, old_len - new_len);
		return err ? err : (long)addr;
	}
	vma = vma_to_resize(m, addr, old_len, new_len, flags, &err);
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
	r = move_vma(m, vma, addr, old_len, new_len, (unsigned long)r, flags, &locked);
out:
	/* do_mremap: a locked mapping that grew is populated */
	if (r >= 0 && locked && new_len > old_len)
		mm_populate(m, (unsigned long)r + old_len, new_len - old_len);
	return r;
}
