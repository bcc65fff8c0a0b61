// SPDX-License-Identifier: MIT
/*
 * pgtable.c - page tables in simulated frames (Linux arch/x86/mm/pgtable.c,
 * mm/memory.c's __pte_alloc and friends, generic over the levels of the
 * architecture's struct mmu_format).
 *
 * Every table is a frame: from memblock while booting (the kernel's early
 * tables), from the buddy allocator afterwards (GFP_PGTABLE_KERNEL for the
 * kernel's, GFP_PGTABLE_USER for a process's).  A process's PTE and PMD
 * pages count in NR_PAGETABLE ("PageTables:" in meminfo), its PUD pages
 * only in its mm (pgtables_bytes); the kernel's do not, except its PMD
 * pages: NR_PAGETABLE is what Linux 6.6's pagetable_pte/pmd_ctor count.
 *
 * A process's PGD is a fresh frame whose kernel half is copied from
 * swapper_pg_dir (pgd_alloc), so every address space shares the kernel
 * mappings.  On x86_64 the kernel's PGD-level entries are all made at
 * boot, so the copies never go stale; on i386 a new kernel PGD entry is
 * copied into every PGD (arch_sync_kernel_mappings).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "mmu.h"

#define GFP_PGTABLE_KERNEL (GFP_KERNEL | __GFP_ZERO)
#define GFP_PGTABLE_USER (GFP_KERNEL_ACCOUNT | __GFP_ZERO)

/*
 * Does Linux count a page-table page of @level (0 = PGD) in NR_PAGETABLE?
 * Only the pages with a ctor (6.6): a process's PTE pages
 * (pagetable_pte_ctor) and every PMD page (pagetable_pmd_ctor); PGD and
 * PUD pages (__pud_alloc_one) and the kernel's PTE pages have none.
 */
static bool pgtable_accounted(const struct mmu_format *f, const struct mm_struct *mm,
			      int level)
{
	bool is_pmd = f->levels == 4 && level == 2;

	if (level == 0)
		return false;		/* pgd_alloc has no ctor */
	if (level == f->levels - 1)
		return !mm->is_init_mm;	/* PTE pages */
	return is_pmd;
}

/* mm->pgtables_bytes: mm_inc_nr_ptes / _pmds / _puds (every level but the PGD). */
static void pgtables_bytes_add(struct mm_struct *mm, int level, long delta)
{
	if (level > 0 && !mm->is_init_mm)
		mm->pgtables_bytes += (unsigned long)delta;
}

/*
 * pgtable_alloc - a zeroed frame for a table at @level of @mm; 0 if none.
 * Before the buddy allocator exists, the kernel's tables come from memblock.
 */
static phys_addr_t pgtable_alloc(struct machine *m, struct mm_struct *mm, int level)
{
	struct page *page;

	if (!m->booted && mm->is_init_mm) {
		phys_addr_t pa = memblock_phys_alloc(&m->memblock, PAGE_SIZE, PAGE_SIZE);

		if (pa)
			memset(m->ram + pa, 0, PAGE_SIZE);
		return pa;
	}
	page = alloc_pages(m, mm->is_init_mm ? GFP_PGTABLE_KERNEL : GFP_PGTABLE_USER, 0);
	if (!page)
		return 0;
	if (pgtable_accounted(m->arch->mmu, mm, level))
		__mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_PAGETABLE, 1);
	pgtables_bytes_add(mm, level, (long)PAGE_SIZE);
	return PFN_PHYS(page_to_pfn(m, page));
}

static void pgtable_free(struct machine *m, struct mm_struct *mm, phys_addr_t pa,
			 int level)
{
	struct page *page = pfn_to_page(m, PFN_DOWN(pa));

	if (PageReserved(page))
		return;			/* a boot-time table from memblock */
	if (pgtable_accounted(m->arch->mmu, mm, level))
		__mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_PAGETABLE, -1);
	pgtables_bytes_add(mm, level, -(long)PAGE_SIZE);
	__free_pages(m, page, 0);
}

/*
 * Copy a new kernel PGD entry into every other PGD (i386 only; see above):
 * arch_sync_kernel_mappings walking pgd_list.
 */
static void sync_kernel_pgd(struct machine *m, unsigned int idx, pte_t e)
{
	const struct mmu_format *f = m->arch->mmu;
	struct mm_struct *mm;

	list_for_each_entry(mm, &m->pgd_list, struct mm_struct, pgd_list)
		pt_write(m, mm->pgd + (phys_addr_t)idx * f->entry_size, e);
}

/**
 * pt_entry - the physical address of the entry for @va at @level of @mm's
 * table, allocating missing tables when @alloc.  Returns 0 when a table is
 * missing (and !@alloc), when a large page above @level maps @va, or when
 * no frame could be had.
 */
phys_addr_t pt_entry(struct machine *m, struct mm_struct *mm, uint64_t va, int level,
		     bool alloc)
{
	const struct mmu_format *f = m->arch->mmu;
	phys_addr_t table = mm->pgd;

	for (int lvl = 0;; lvl++) {
		phys_addr_t epa = table + (phys_addr_t)pt_index(f, lvl, va) * f->entry_size;
		pte_t e;

		if (lvl == level)
			return epa;
		e = pt_read(m, epa);
		if (pte_present(e) && f->level[lvl].huge && pte_huge(e))
			return 0;
		if (!pte_present(e)) {
			phys_addr_t t;

			if (!alloc || !(t = pgtable_alloc(m, mm, lvl + 1)))
				return 0;
			e = pfn_pte_fmt(f, PFN_DOWN(t), mm->is_init_mm ? _KERNPG_TABLE : _PAGE_TABLE);
			pt_write(m, epa, e);
			if (mm->is_init_mm && lvl == 0 && f->levels == 2)
				sync_kernel_pgd(m, pt_index(f, 0, va), e);
		}
		table = (phys_addr_t)pte_pfn_fmt(f, e) << PAGE_SHIFT;
	}
}

/**
 * pt_set - make @va map @pa with @prot through an entry at @level (the last
 * level for a 4K page, a higher one with PS for a large page).  A large
 * mapping must be aligned to its size: otherwise a WARNING and -EINVAL.
 */
int pt_set(struct machine *m, struct mm_struct *mm, uint64_t va, phys_addr_t pa,
	   pte_t prot, int level)
{
	const struct mmu_format *f = m->arch->mmu;
	uint64_t size;
	phys_addr_t epa;

	if (level < 0 || level >= f->levels ||
	    (level != f->levels - 1 && !f->level[level].huge)) {
		printk(m, "WARNING: CPU: %d PID: %d at mm/pgtable.c: pt_set: level %d cannot map a page",
		       m->cpu, this_cpu(m)->pid, level);
		return -EINVAL;
	}
	size = pt_level_size(f, level);
	if ((va | pa) & (size - 1) || !va_canonical(f, va)) {
		printk(m, "WARNING: CPU: %d PID: %d at mm/pgtable.c: pt_set: unaligned or non-canonical %s mapping %#llx -> %#llx",
		       m->cpu, this_cpu(m)->pid, f->level[level].name,
		       (unsigned long long)va, (unsigned long long)pa);
		return -EINVAL;
	}
	epa = pt_entry(m, mm, va, level, true);
	if (!epa)
		return -ENOMEM;
	if (level != f->levels - 1)
		prot |= _PAGE_PSE;
	pt_write(m, epa, pfn_pte_fmt(f, PFN_DOWN(pa), prot));
	return 0;
}

/**
 * pt_lookup - the entry that maps @va in @mm and its level, or 0 (no
 * mapping; *level is the level where the walk stopped).
 */
pte_t pt_lookup(struct machine *m, struct mm_struct *mm, uint64_t va, int *level,
		phys_addr_t *entry_pa)
{
	const struct mmu_format *f = m->arch->mmu;
	phys_addr_t table = mm->pgd;

	for (int lvl = 0; lvl < f->levels; lvl++) {
		phys_addr_t epa = table + (phys_addr_t)pt_index(f, lvl, va) * f->entry_size;
		pte_t e = pt_read(m, epa);

		*level = lvl;
		if (entry_pa)
			*entry_pa = epa;
		if (!pte_present(e))
			return lvl == f->levels - 1 ? e : 0;
		if (lvl == f->levels - 1 || (f->level[lvl].huge && pte_huge(e)))
			return e;
		table = (phys_addr_t)pte_pfn_fmt(f, e) << PAGE_SHIFT;
	}
	return 0;
}

/**
 * pt_clear - remove the mapping of @va (whatever its page size).  The
 * caller flushes the TLB.  Returns the old entry (0 if none).
 */
pte_t pt_clear(struct machine *m, struct mm_struct *mm, uint64_t va)
{
	phys_addr_t epa = 0;
	int level;
	pte_t e = pt_lookup(m, mm, va, &level, &epa);

	if (e)
		pt_write(m, epa, 0);
	return e;
}

/**
 * pt_modify - replace the protection bits of the mapping of @va, keeping
 * its frame and page size.  -ENOENT if @va is not mapped.
 */
int pt_modify(struct machine *m, struct mm_struct *mm, uint64_t va, pte_t prot)
{
	const struct mmu_format *f = m->arch->mmu;
	phys_addr_t epa = 0;
	int level;
	pte_t e = pt_lookup(m, mm, va, &level, &epa);

	if (!pte_present(e))
		return -ENOENT;
	prot |= e & _PAGE_PSE;
	pt_write(m, epa, pfn_pte_fmt(f, pte_pfn_fmt(f, e), prot));
	return 0;
}

/* Free the tables below the entry at @epa (a table pointer of level @lvl). */
static void free_table_tree(struct machine *m, struct mm_struct *mm,
			    phys_addr_t table, int lvl)
{
	const struct mmu_format *f = m->arch->mmu;
	unsigned int n = 1U << f->level[lvl].bits;

	if (lvl < f->levels - 1) {
		for (unsigned int i = 0; i < n; i++) {
			pte_t e = pt_read(m, table + (phys_addr_t)i * f->entry_size);

			if (pte_present(e) && !(f->level[lvl].huge && pte_huge(e)))
				free_table_tree(m, mm,
						(phys_addr_t)pte_pfn_fmt(f, e) << PAGE_SHIFT,
						lvl + 1);
		}
	}
	pgtable_free(m, mm, table, lvl);
}

/**
 * pgd_alloc - a new address space's PGD: zeroed user half, the kernel half
 * copied from swapper_pg_dir.  0 on failure.
 */
phys_addr_t pgd_alloc(struct machine *m, struct mm_struct *mm)
{
	const struct mmu_format *f = m->arch->mmu;
	unsigned int n = 1U << f->level[0].bits;
	phys_addr_t pgd = pgtable_alloc(m, mm, 0);

	if (!pgd)
		return 0;
	for (unsigned int i = f->kernel_pgd_index; i < n; i++)
		pt_write(m, pgd + (phys_addr_t)i * f->entry_size,
			 pt_read(m, m->init_mm.pgd + (phys_addr_t)i * f->entry_size));
	mm->pgd = pgd;
	list_add_tail(&mm->pgd_list, &m->pgd_list);	/* pgd_list_add */
	return pgd;
}

/**
 * pgd_free - free a user address space's page tables (the user half) and
 * its PGD.
 */
void pgd_free(struct machine *m, struct mm_struct *mm)
{
	const struct mmu_format *f = m->arch->mmu;

	for (unsigned int i = 0; i < f->kernel_pgd_index; i++) {
		pte_t e = pt_read(m, mm->pgd + (phys_addr_t)i * f->entry_size);

		if (pte_present(e) && !(f->level[0].huge && pte_huge(e)))
			free_table_tree(m, mm, (phys_addr_t)pte_pfn_fmt(f, e) << PAGE_SHIFT, 1);
	}
	list_del(&mm->pgd_list);
	pgtable_free(m, mm, mm->pgd, 0);
	mm->pgd = 0;
}

/**
 * mm_init_context - a fresh TLB context for @mm (init_new_context).
 */
void mm_init_context(struct machine *m, struct mm_struct *mm)
{
	mm->ctx_id = ++m->next_ctx_id;
	mm->tlb_gen = 1;
	mm->cpu_bitmap = 0;
	mm->machine = m;
}

/**
 * pt_free_table - free one page-table page of @mm at @level (0: the PGD),
 * its entry already cleared by the caller (free_pgd_range).
 */
void pt_free_table(struct machine *m, struct mm_struct *mm, phys_addr_t pa, int level)
{
	pgtable_free(m, mm, pa, level);
}
