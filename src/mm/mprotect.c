// SPDX-License-Identifier: MIT
/*
 * mprotect.c - mprotect(2) (mm/mprotect.c do_mprotect_pkey,
 * mprotect_fixup, change_protection, Linux 6.6): the range split off,
 * its flags changed, merged with neighbours that now agree, and its ptes
 * rewritten (private writable memory stays write-protected where it must
 * copy on write; PROT_NONE ptes become non-present _PAGE_PROTNONE).
 * Making private memory writable charges it (VM_ACCOUNT).
 */
#include <errno.h>
#include "internal.h"
#include "mm.h"
#include "mmu.h"
#include "pgalloc.h"

/**
 * change_protection - rewrite the ptes of [@start, @end) of @vma for
 * @newflags (its vm_page_prot already set).
 */
void change_protection(struct machine *m, struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, unsigned long newflags)
{
	const struct mmu_format *f = m->arch->mmu;
	pte_t prot = vma->vm_page_prot;
	bool changed = false;

	for (unsigned long a = start; a < end; a += PAGE_SIZE) {
		phys_addr_t ptep = pte_offset(m, vma->vm_mm, a);
		pte_t pte, npte;
		struct page *page;

		if (!ptep) {
			a |= (unsigned long)pt_level_size(f, f->levels - 2) - 1;
			a &= PAGE_MASK;
			continue;
		}
		pte = ptep_get(m, ptep);
		if (!upte_present(pte))
			continue;
		if (!(newflags & VM_ACCESS_FLAGS)) {
			npte = (pte & ~(_PAGE_PRESENT | _PAGE_RW)) | _PAGE_PROTNONE;
		} else {
			npte = pfn_pte_fmt(f, pte_pfn_fmt(f, pte), prot) |
			       (pte & (_PAGE_DIRTY | _PAGE_ACCESSED));
			/* may_change_pte_writable: shared, or an anonymous page only we map */
			page = vm_normal_page(m, pte);
			if ((newflags & VM_WRITE) && pte_dirty(pte) &&
			    ((newflags & VM_SHARED) ||
			     (page && PageAnon(page) && page_ref_count(page) == 1)))
				npte |= _PAGE_RW;
		}
		if (npte != pte) {
			set_pte(m, ptep, npte);
			changed = true;
		}
	}
	if (changed)
		flush_tlb_mm_range(m, vma->vm_mm, start, end);
}

/* mprotect_fixup - one VMA's part of the range. */
static int mprotect_fixup(struct machine *m, struct vm_area_struct **pvma, unsigned long start,
			  unsigned long end, unsigned long newflags)
{
	struct vm_area_struct *vma = *pvma;
	struct mm_struct *mm = vma->vm_mm;
	unsigned long oldflags = vma->vm_flags;
	long nrpages = (long)((end - start) >> PAGE_SHIFT);
	unsigned long charged = 0;

	if (newflags == oldflags)
		return 0;
	if ((newflags & VM_WRITE) && !(oldflags & (VM_ACCOUNT | VM_WRITE | VM_HUGETLB |
						  VM_SHARED | VM_NORESERVE))) {
		charged = (unsigned long)nrpages;
		if (security_vm_enough_memory_mm(m, mm, (long)charged))
			return -ENOMEM;
		newflags |= VM_ACCOUNT;
	}
	vma = vma_modify_flags(m, NULL, vma, start, end, newflags);
	if (!vma) {
		vm_unacct_memory(m, (long)charged);
		return -ENOMEM;
	}
	vm_stat_account(mm, oldflags, -nrpages);
	vm_stat_account(mm, newflags, nrpages);
	change_protection(m, vma, start, end, newflags);
	*pvma = vma;
	return 0;
}

/**
 * sys_mprotect - mprotect(2): -EINVAL (unaligned start, unknown bits),
 * -ENOMEM (overflow, a hole, no memory), -EACCES (beyond VM_MAY*).
 */
long sys_mprotect(struct machine *m, unsigned long start, unsigned long len, unsigned long prot)
{
	struct mm_struct *mm = vm_current(m)->mm;
	unsigned long end, nstart, tmp;
	struct vm_area_struct *vma;
	int grows = (int)(prot & (PROT_GROWSDOWN | PROT_GROWSUP));
	int error;

	prot &= ~(unsigned long)(PROT_GROWSDOWN | PROT_GROWSUP);
	if (grows == (PROT_GROWSDOWN | PROT_GROWSUP))
		return -EINVAL;
	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!len)
		return 0;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(unsigned long)(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM))
		return -EINVAL;
	vma = find_vma(mm, start);
	if (!vma)
		return -ENOMEM;
	if (grows & PROT_GROWSDOWN) {
		if (vma->vm_start >= end)
			return -ENOMEM;
		start = vma->vm_start;
		if (!(vma->vm_flags & VM_GROWSDOWN))
			return -EINVAL;
	} else if (vma->vm_start > start) {
		return -ENOMEM;
	}
	for (nstart = start;;) {
		unsigned long newflags = (prot & PROT_READ ? VM_READ : 0) |
			(prot & PROT_WRITE ? VM_WRITE : 0) | (prot & PROT_EXEC ? VM_EXEC : 0);
		struct vm_area_struct *next;

		newflags |= vma->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC);
		if ((newflags & ~(newflags >> 4)) & VM_ACCESS_FLAGS)
			return -EACCES;
		tmp = vma->vm_end < end ? vma->vm_end : end;
		error = mprotect_fixup(m, &vma, nstart, tmp, newflags);
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
