// SPDX-License-Identifier: MIT
/*
 * madvise.c - madvise(2) (mm/madvise.c, Linux 6.6): advice that changes
 * flags (NORMAL/SEQUENTIAL/RANDOM, DONTFORK/DOFORK, DONTDUMP/DODUMP,
 * WIPEONFORK/KEEPONFORK, MERGEABLE/UNMERGEABLE (ksm_madvise),
 * HUGEPAGE/NOHUGEPAGE (hugepage_madvise): recorded in vm_flags, the VMA
 * split and merged), DONTNEED (zap: the next touch faults a fresh page),
 * FREE (anonymous pages made clean and lazily freeable: LazyFree,
 * pglazyfree; reclaim frees them later), REMOVE (shared memory: the hole
 * punched), WILLNEED (nothing to read for anonymous memory),
 * POPULATE_READ/WRITE.  COLD and PAGEOUT are accepted and do nothing
 * until reclaim exists.  Holes give -ENOMEM after the rest is done.
 */
#include <errno.h>
#include "internal.h"
#include "mm.h"
#include "pagemap.h"
#include "mmu.h"
#include "pgalloc.h"

static bool madvise_behavior_valid(int behavior)
{
	switch (behavior) {
	case MADV_DOFORK: case MADV_DONTFORK: case MADV_NORMAL: case MADV_SEQUENTIAL:
	case MADV_RANDOM: case MADV_REMOVE: case MADV_WILLNEED: case MADV_DONTNEED:
	case MADV_FREE: case MADV_COLD: case MADV_PAGEOUT: case MADV_POPULATE_READ:
	case MADV_POPULATE_WRITE: case MADV_MERGEABLE: case MADV_UNMERGEABLE:
	case MADV_HUGEPAGE: case MADV_NOHUGEPAGE: case MADV_DONTDUMP: case MADV_DODUMP:
	case MADV_WIPEONFORK: case MADV_KEEPONFORK:
		return true;
	default:
		return false;
	}
}

/* The new flags for a flag-changing advice; -1 if @behavior is not one. */
static long madvise_new_flags(const struct vm_area_struct *vma, int behavior)
{
	unsigned long f = vma->vm_flags;

	switch (behavior) {
	case MADV_NORMAL: return (long)(f & ~(VM_RAND_READ | VM_SEQ_READ));
	case MADV_SEQUENTIAL: return (long)((f & ~VM_RAND_READ) | VM_SEQ_READ);
	case MADV_RANDOM: return (long)((f & ~VM_SEQ_READ) | VM_RAND_READ);
	case MADV_DONTFORK: return (long)(f | VM_DONTCOPY);
	case MADV_DOFORK:
		if (f & VM_IO)
			return -EINVAL;
		return (long)(f & ~VM_DONTCOPY);
	case MADV_WIPEONFORK:
		if (vma->vm_file || (f & VM_SHARED))
			return -EINVAL;
		return (long)(f | VM_WIPEONFORK);
	case MADV_KEEPONFORK: return (long)(f & ~VM_WIPEONFORK);
	case MADV_DONTDUMP: return (long)(f | VM_DONTDUMP);
	case MADV_DODUMP:
		if (vma->special_name)
			return -EINVAL;
		return (long)(f & ~VM_DONTDUMP);
	case MADV_MERGEABLE:	/* ksm_madvise */
		if (f & (VM_MERGEABLE | VM_SHARED | VM_MAYSHARE | VM_PFNMAP | VM_IO |
			 VM_DONTEXPAND | VM_HUGETLB | VM_MIXEDMAP))
			return (long)f;
		return (long)(f | VM_MERGEABLE);
	case MADV_UNMERGEABLE: return (long)(f & ~VM_MERGEABLE);
	case MADV_HUGEPAGE: return (long)((f & ~VM_NOHUGEPAGE) | VM_HUGEPAGE);
	case MADV_NOHUGEPAGE: return (long)((f & ~VM_HUGEPAGE) | VM_NOHUGEPAGE);
	default: return -1 - 0x10000;
	}
}

/* MADV_FREE: clean anonymous ptes; their pages become lazily freeable. */
static void madvise_free_range(struct machine *m, struct vm_area_struct *vma,
			       unsigned long start, unsigned long end)
{
	for (unsigned long a = start; a < end; a += PAGE_SIZE) {
		phys_addr_t ptep;
		pte_t pte;
		struct page *page = user_page_at(m, vma->vm_mm, a, &pte, &ptep);

		if (!page || !PageAnon(page))
			continue;
		if (page_mapcount(page) != 1)
			continue;	/* shared with a fork: left alone */
		if (test_page_flag(page, PG_swapbacked)) {
			/* lru_lazyfree: off the anon list, onto the inactive file list */
			bool on_lru = PageLRU(page);

			if (on_lru)
				lruvec_del_folio(m, page);
			clear_page_flag(page, PG_swapbacked);
			ClearPageActive(page);
			if (on_lru)
				folio_add_lru(m, page);
			__count_vm_events(m, PGLAZYFREE, 1);
		}
		ClearPageDirty(page);
		set_pte(m, ptep, pte_mkold(pte_mkclean(pte)));
	}
	flush_tlb_mm_range(m, vma->vm_mm, start, end);
}

static int madvise_vma(struct machine *m, struct vm_area_struct **pvma, unsigned long start,
		       unsigned long end, int behavior)
{
	struct vm_area_struct *vma = *pvma;
	long nf;

	switch (behavior) {
	case MADV_DONTNEED:
		if (vma->vm_flags & (VM_LOCKED | VM_PFNMAP | VM_HUGETLB))
			return -EINVAL;
		zap_page_range(m, vma, start, end);
		flush_tlb_mm_range(m, vma->vm_mm, start, end);
		return 0;
	case MADV_FREE:
		if (!vma_is_anonymous(vma) || (vma->vm_flags & (VM_LOCKED | VM_PFNMAP | VM_HUGETLB)))
			return -EINVAL;
		madvise_free_range(m, vma, start, end);
		return 0;
	case MADV_REMOVE:
		if (vma->vm_flags & VM_LOCKED)
			return -EINVAL;
		/* madvise_remove: vfs_fallocate(PUNCH_HOLE), which only tmpfs has here */
		if (!vma->vm_file || vma->vm_file->f_inode->kind != INODE_SHMEM)
			return vma->vm_file ? -EOPNOTSUPP : -EINVAL;
		if ((vma->vm_flags & (VM_SHARED | VM_WRITE)) != (VM_SHARED | VM_WRITE))
			return -EACCES;
		shmem_punch_hole(m, vma->vm_file->f_inode, linear_page_index(vma, start),
				 (end - start) >> PAGE_SHIFT);
		return 0;
	case MADV_WILLNEED: case MADV_COLD: case MADV_PAGEOUT:
		return 0;
	case MADV_POPULATE_READ: case MADV_POPULATE_WRITE:
		if (!(vma->vm_flags & VM_ACCESS_FLAGS))
			return -ENOMEM;
		if (behavior == MADV_POPULATE_WRITE && !(vma->vm_flags & VM_WRITE))
			return -ENOMEM;
		for (unsigned long a = start; a < end; a += PAGE_SIZE) {
			unsigned int ret = handle_mm_fault(m, vma, a, behavior == MADV_POPULATE_WRITE ?
							   FAULT_FLAG_WRITE : 0);

			mm_account_fault(m, ret);
			if (ret & VM_FAULT_ERROR)
				return -ENOMEM;
		}
		return 0;
	}
	nf = madvise_new_flags(vma, behavior);
	if (nf < 0)
		return (int)nf;
	if ((unsigned long)nf == vma->vm_flags)
		return 0;
	vma = vma_modify_flags(m, NULL, vma, start, end, (unsigned long)nf);
	if (!vma)
		return -ENOMEM;
	*pvma = vma;
	return 0;
}

/**
 * sys_madvise - madvise(2): -EINVAL (unknown advice, unaligned start,
 * wrapping range, advice the VMA refuses), -ENOMEM (a hole in the range:
 * after the mapped parts are done), -EACCES (MADV_REMOVE of a mapping
 * not shared-writable).
 */
long sys_madvise(struct machine *m, unsigned long start, unsigned long len_in, int behavior)
{
	struct mm_struct *mm = vm_current(m)->mm;
	unsigned long len, end;
	int unmapped_error = 0;

	if (!madvise_behavior_valid(behavior))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	len = PAGE_ALIGN(len_in);
	if (len_in && !len)
		return -EINVAL;
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	for (;;) {
		struct vm_area_struct *vma = find_vma(mm, start);
		unsigned long tmp;
		int error;

		if (!vma || vma->vm_start >= end)
			return vma || unmapped_error ? -ENOMEM : -ENOMEM;
		if (start < vma->vm_start) {
			unmapped_error = -ENOMEM;
			start = vma->vm_start;
		}
		tmp = vma->vm_end < end ? vma->vm_end : end;
		error = madvise_vma(m, &vma, start, tmp, behavior);
		if (error)
			return error;
		start = tmp;
		if (start >= end)
			break;
	}
	return unmapped_error;
}
