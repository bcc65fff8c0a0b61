/* SPDX-License-Identifier: MIT */
/*
 * pgalloc.h - Linux's names for the page-table operations (asm/pgalloc.h,
 * linux/pgtable.h), as thin wrappers over the level-generic pt_* helpers
 * of src/mm/pgtable.c, so code can be read beside the kernel's.
 *
 * A "ptep" here is the physical address of the entry in simulated RAM.
 */
#ifndef MMSIM_PGALLOC_H
#define MMSIM_PGALLOC_H

#include "mmu.h"

/* pte_alloc - the PTE slot for @va, allocating the tables above it. */
static inline phys_addr_t pte_alloc(struct machine *m, struct mm_struct *mm, uint64_t va)
{
	return pt_entry(m, mm, va, m->arch->mmu->levels - 1, true);
}

/* pte_offset - the PTE slot for @va if its tables exist, else 0. */
static inline phys_addr_t pte_offset(struct machine *m, struct mm_struct *mm, uint64_t va)
{
	return pt_entry(m, mm, va, m->arch->mmu->levels - 1, false);
}

/* ptep_get / set_pte: read and write an entry. */
static inline pte_t ptep_get(struct machine *m, phys_addr_t ptep)
{
	return pt_read(m, ptep);
}

static inline void set_pte(struct machine *m, phys_addr_t ptep, pte_t pte)
{
	pt_write(m, ptep, pte);
}

/* set_pte_at - map @va to frame @pfn with @prot in @mm (a 4K page). */
static inline int set_pte_at(struct machine *m, struct mm_struct *mm, uint64_t va,
			     unsigned long pfn, pte_t prot)
{
	return pt_set(m, mm, va, PFN_PHYS(pfn), prot, m->arch->mmu->levels - 1);
}

/* pte_clear - remove @va's mapping (the caller flushes the TLB). */
static inline void pte_clear(struct machine *m, struct mm_struct *mm, uint64_t va)
{
	pt_clear(m, mm, va);
}

/* mk_pte - an entry for @page with @prot. */
static inline pte_t mk_pte(struct machine *m, const struct page *page, pte_t prot)
{
	return pfn_pte_fmt(m->arch->mmu, page_to_pfn(m, page), prot);
}

#endif /* MMSIM_PGALLOC_H */
