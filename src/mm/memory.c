// SPDX-License-Identifier: MIT
/*
 * memory.c - demand paging and copy-on-write (mm/memory.c, Linux 6.6,
 * THP off): handle_mm_fault and its cases, unmapping (zap), freeing page
 * tables (free_pgd_range), fork's copy of the page tables and mremap's
 * move of them.
 *
 *   pte none, anonymous VMA   do_anonymous_page: a read maps the shared
 *                             zero page read-only, a write a zeroed page
 *                             (GFP_HIGHUSER_MOVABLE) on the VMA's anon_vma
 *   pte none, file VMA        the page cache (filemap_fault_page; shmem
 *                             files, MAP_SHARED|MAP_ANONYMOUS's too, through
 *                             shmem_get_page): do_read_fault maps the cached
 *                             pages around the address first (fault-around,
 *                             fault_around_bytes), then the page itself
 *                             (a major fault when it had to be read);
 *                             do_cow_fault copies it into an anonymous
 *                             page for a private write; do_shared_fault maps
 *                             it writable and dirties it
 *   write to a read-only pte  do_wp_page: the zero page is always copied,
 *                             an anonymous page whose only reference is
 *                             this mapping is reused, anything else copied;
 *                             in a shared VMA the page is dirtied and the
 *                             pte made writable (wp_page_shared)
 *
 * Page state is Linux's: _mapcount (-1 unmapped), _refcount (one per
 * mapping, one for the page cache), page->mapping = anon_vma |
 * PAGE_MAPPING_ANON with index the linear page index, PG_swapbacked on
 * anonymous and shmem pages, on the node's LRU lists (mm/swap.c:
 * added to the inactive lists, mlocked ones to the unevictable list;
 * reclaim, which scans them, comes with a later issue).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "highmem.h"
#include "mm.h"
#include "pagemap.h"
#include "mmu.h"
#include "pgalloc.h"
#include "writeback.h"
#include "highmem.h"

#define PageSwapBacked(p)	test_page_flag(p, PG_swapbacked)
#define PageUnevictable(p)	test_page_flag(p, PG_unevictable)

/* ---- the LRU lists (mm/swap.c: folio_add_lru, lruvec_del_folio) ---- */

static void lru_cache_add(struct machine *m, struct page *page)
{
	folio_add_lru(m, page);
}

static void lru_cache_del(struct machine *m, struct page *page)
{
	lruvec_del_folio(m, page);
}

/**
 * mlock_page - mlock_folio: PG_mlocked, NR_MLOCK, onto the unevictable
 * list; page->private counts the locks (folio->mlock_count).
 */
void mlock_page(struct machine *m, struct page *page)
{
	page->private++;
	if (test_page_flag(page, PG_mlocked))
		return;
	set_page_flag(page, PG_mlocked);
	__mod_zone_page_state(page_zone(m, page), NR_MLOCK, 1);
	__count_vm_events(m, UNEVICTABLE_PGMLOCKED, 1);
	if (PageLRU(page)) {
		lru_cache_del(m, page);
		set_page_flag(page, PG_unevictable);
		lru_cache_add(m, page);
	} else {
		set_page_flag(page, PG_unevictable);
	}
}

/**
 * munlock_page - one lock fewer; the last one puts the page back on an
 * evictable list.
 */
void munlock_page(struct machine *m, struct page *page)
{
	if (!test_page_flag(page, PG_mlocked))
		return;
	if (page->private > 1) {
		page->private--;
		return;
	}
	page->private = 0;
	clear_page_flag(page, PG_mlocked);
	__mod_zone_page_state(page_zone(m, page), NR_MLOCK, -1);
	__count_vm_events(m, UNEVICTABLE_PGMUNLOCKED, 1);
	if (PageLRU(page)) {
		lru_cache_del(m, page);
		clear_page_flag(page, PG_unevictable);
		lru_cache_add(m, page);
	} else {
		clear_page_flag(page, PG_unevictable);
	}
}

/**
 * put_user_page - drop a reference to a user page; the last one takes an
 * anonymous page off the LRU and frees it.  A page-cache page goes to
 * put_page (the cache holds its own reference while the page is in it).
 */
void put_user_page(struct machine *m, struct page *page)
{
	if (!PageAnon(page)) {		/* a page-cache page: the cache's own put_page */
		put_page(m, page);
		return;
	}
	if (page_ref_count(page) > 1) {
		page->_refcount--;
		return;
	}
	lru_cache_del(m, page);
	if (test_page_flag(page, PG_mlocked)) {	/* __page_cache_release: locked still */
		__mod_zone_page_state(page_zone(m, page), NR_MLOCK, -1);
		__count_vm_events(m, UNEVICTABLE_PGCLEARED, 1);
	}
	page->mapping = NULL;
	page->index = 0;
	page->private = 0;
	page->flags &= ~(1UL << PG_swapbacked | 1UL << PG_mlocked | 1UL << PG_unevictable |
			 1UL << PG_dirty | 1UL << PG_referenced | 1UL << PG_uptodate);
	__free_pages(m, page, 0);
}

/**
 * vm_normal_page - the struct page a user pte maps, NULL for the zero page.
 */
struct page *vm_normal_page(struct machine *m, pte_t pte)
{
	unsigned long pfn = pte_pfn_fmt(m->arch->mmu, pte);

	if (is_zero_pfn(m, pfn) || !pfn_valid(m, pfn))
		return NULL;
	if (m->vm->vvar_pfn && pfn == m->vm->vvar_pfn)
		return NULL;		/* vmf_insert_pfn's special pte ([vvar]) */
	return pfn_to_page(m, pfn);
}

/* mm_counter - which RSS counter a mapped page counts in. */
static int mm_counter(const struct page *page)
{
	if (PageAnon(page))
		return MM_ANONPAGES;
	return PageSwapBacked(page) ? MM_SHMEMPAGES : MM_FILEPAGES;
}

/**
 * mm_account_fault - PGFAULT for every fault, failed ones too; the task's
 * min_flt or maj_flt for the ones that succeeded (mm/memory.c).
 */
void mm_account_fault(struct machine *m, unsigned int ret)
{
	struct task_struct *t = vm_current(m);

	__count_vm_events(m, PGFAULT, 1);
	if (ret & VM_FAULT_ERROR)
		return;
	if (ret & VM_FAULT_MAJOR)
		t->maj_flt++;
	else
		t->min_flt++;
}

/* ---- the faults ---- */

/* Map @page at @addr: rss, mlock, the pte. */
static void map_new_page(struct machine *m, struct vm_area_struct *vma, phys_addr_t ptep,
			 struct page *page, pte_t entry)
{
	struct mm_struct *mm = vma->vm_mm;

	mm->rss_stat[mm_counter(page)]++;
	if (vma->vm_flags & VM_LOCKED)
		mlock_page(m, page);
	set_pte(m, ptep, entry);
}

/* do_anonymous_page - the first touch of an anonymous page. */
static unsigned int do_anonymous_page(struct machine *m, struct vm_area_struct *vma,
				      unsigned long address, phys_addr_t ptep, unsigned int flags)
{
	unsigned long addr = address & PAGE_MASK;
	const struct mmu_format *f = m->arch->mmu;
	struct page *page;
	pte_t entry;

	if (!(flags & FAULT_FLAG_WRITE)) {	/* the zero page, read-only */
		entry = pfn_pte_fmt(f, m->vm->zero_pfn, vma->vm_page_prot);
		set_pte(m, ptep, entry);
		return 0;
	}
	if (anon_vma_prepare(m, vma))
		return VM_FAULT_OOM;
	/* vma_alloc_zeroed_movable_folio: the page, then clear_user_highpage */
	page = alloc_pages(m, GFP_HIGHUSER_MOVABLE, 0);
	if (!page)
		return VM_FAULT_OOM;
	clear_user_highpage(m, page, address);
	page_add_new_anon_rmap(m, page, vma, addr);
	lru_cache_add(m, page);
	entry = pfn_pte_fmt(f, page_to_pfn(m, page), vma->vm_page_prot);
	if (vma->vm_flags & VM_WRITE)
		entry |= _PAGE_RW | _PAGE_DIRTY;
	map_new_page(m, vma, ptep, page, entry);
	return 0;
}

/**
 * do_set_pte - map page-cache @page at @addr of @vma (mm/memory.c
 * do_set_pte / set_pte_range): the VMA's protection, writable and dirty
 * for a @write fault (maybe_mkwrite(pte_mkdirty)); rss, the file rmap,
 * mlock.  The caller gave the mapping its reference.
 */
void do_set_pte(struct machine *m, struct vm_area_struct *vma, unsigned long addr,
		phys_addr_t ptep, struct page *page, bool write)
{
	pte_t entry = pfn_pte_fmt(m->arch->mmu, page_to_pfn(m, page), vma->vm_page_prot);

	(void)addr;
	if (write)
		entry |= _PAGE_DIRTY | ((vma->vm_flags & VM_WRITE) ? _PAGE_RW : 0);
	page_add_file_rmap(m, page);
	map_new_page(m, vma, ptep, page, entry);
}

/* vmf_error: the page cache's errno as a fault result */
static unsigned int vmf_error(int err)
{
	return err == -ENOMEM ? VM_FAULT_OOM : VM_FAULT_SIGBUS;
}

/* __do_fault - the page of @addr from the file (filemap_fault, shmem_fault). */
static unsigned int __do_fault(struct machine *m, struct vm_area_struct *vma, unsigned long addr,
			       struct page **pagep)
{
	unsigned int hints = (vma->vm_flags & VM_RAND_READ ? FAULT_RA_RANDOM : 0) |
			     (vma->vm_flags & VM_SEQ_READ ? FAULT_RA_SEQ : 0);
	int r = filemap_fault_page(m, vma->vm_file, linear_page_index(vma, addr), hints, pagep);

	if (r < 0)
		return vmf_error(r);
	return r ? VM_FAULT_MAJOR : 0;
}

/*
 * do_fault_around - map the cached pages of the fault_around_bytes-aligned
 * window around @addr, clamped to the VMA and to the PTE table
 * (mm/memory.c do_fault_around, 6.6's from_pte / to_pte).
 */
static unsigned int do_fault_around(struct machine *m, struct vm_area_struct *vma,
				    unsigned long addr)
{
	const struct mmu_format *f = m->arch->mmu;
	unsigned long nr_pages = m->vm->fault_around_bytes >> PAGE_SHIFT;
	unsigned long ptrs = (unsigned long)(pt_level_size(f, f->levels - 2) >> PAGE_SHIFT);
	unsigned long pte_off = (addr >> PAGE_SHIFT) & (ptrs - 1);
	unsigned long pgoff = linear_page_index(vma, addr);
	unsigned long vma_off = pgoff - vma->vm_pgoff;
	unsigned long from_pte, to_pte, lim;

	from_pte = pte_off & ~(nr_pages - 1);
	if (pte_off - (pte_off < vma_off ? pte_off : vma_off) > from_pte)
		from_pte = pte_off - (pte_off < vma_off ? pte_off : vma_off);
	to_pte = from_pte + nr_pages;
	if (to_pte > ptrs)
		to_pte = ptrs;
	lim = pte_off + vma_pages(vma) - vma_off;
	if (to_pte > lim)
		to_pte = lim;
	to_pte--;
	return filemap_map_pages(m, vma, addr, pgoff + from_pte - pte_off, pgoff + to_pte - pte_off);
}

/* do_read_fault - a read of a file page: fault-around, then the page itself. */
static unsigned int do_read_fault(struct machine *m, struct vm_area_struct *vma,
				  unsigned long addr, phys_addr_t ptep)
{
	struct page *page;
	unsigned int ret;

	if ((m->vm->fault_around_bytes >> PAGE_SHIFT) > 1) {	/* should_fault_around */
		ret = do_fault_around(m, vma, addr);
		if (ret)
			return ret;
	}
	ret = __do_fault(m, vma, addr, &page);
	if (ret & VM_FAULT_ERROR)
		return ret;
	do_set_pte(m, vma, addr, ptep, page, false);	/* finish_fault */
	return ret;
}

/* do_cow_fault - a private write: the file's page copied into a new anonymous page. */
static unsigned int do_cow_fault(struct machine *m, struct vm_area_struct *vma,
				 unsigned long addr, phys_addr_t ptep)
{
	const struct mmu_format *f = m->arch->mmu;
	struct page *page, *cow;
	unsigned int ret;

	if (anon_vma_prepare(m, vma))
		return VM_FAULT_OOM;
	cow = alloc_pages(m, GFP_HIGHUSER_MOVABLE, 0);
	if (!cow)
		return VM_FAULT_OOM;
	ret = __do_fault(m, vma, addr, &page);
	if (ret & VM_FAULT_ERROR) {
		__free_pages(m, cow, 0);
		return ret;
	}
	copy_user_highpage(m, cow, page);	/* kmap_local of both on i386 highmem */
	put_page(m, page);
	page_add_new_anon_rmap(m, cow, vma, addr);
	lru_cache_add(m, cow);
	map_new_page(m, vma, ptep, cow,
		     pfn_pte_fmt(f, page_to_pfn(m, cow), vma->vm_page_prot) | _PAGE_RW | _PAGE_DIRTY);
	return ret;
}

/*
 * fault_dirty_shared_page - a shared mapping wrote @page: dirty it (the
 * mapping's dirty_folio: accounted for a disk file, the flag for shmem)
 * and let the writer be throttled (balance_dirty_pages_ratelimited).
 */
static void fault_dirty_shared_page(struct machine *m, struct page *page)
{
	struct address_space *mapping = page->mapping;

	folio_mark_dirty(m, page);
	if (mapping)
		balance_dirty_pages_ratelimited(m, mapping);
}

/* do_shared_fault - a write to a shared file mapping: the cache page, writable and dirty. */
static unsigned int do_shared_fault(struct machine *m, struct vm_area_struct *vma,
				    unsigned long addr, phys_addr_t ptep)
{
	struct page *page;
	unsigned int ret = __do_fault(m, vma, addr, &page);

	if (ret & VM_FAULT_ERROR)
		return ret;
	do_set_pte(m, vma, addr, ptep, page, true);	/* finish_fault */
	fault_dirty_shared_page(m, page);
	return ret;
}

/* do_fault - a file VMA's pte is none: read, private write or shared write. */
static unsigned int do_fault(struct machine *m, struct vm_area_struct *vma, unsigned long addr,
			     phys_addr_t ptep, unsigned int flags)
{
	if (!(flags & FAULT_FLAG_WRITE))
		return do_read_fault(m, vma, addr, ptep);
	if (!(vma->vm_flags & VM_SHARED))
		return do_cow_fault(m, vma, addr, ptep);
	return do_shared_fault(m, vma, addr, ptep);
}

/* do_wp_page - a write to a present, read-only pte of a writable VMA. */
static unsigned int do_wp_page(struct machine *m, struct vm_area_struct *vma,
			       unsigned long addr, phys_addr_t ptep, pte_t orig)
{
	const struct mmu_format *f = m->arch->mmu;
	struct mm_struct *mm = vma->vm_mm;
	struct page *old = vm_normal_page(m, orig), *page;
	pte_t entry;

	if (vma->vm_flags & VM_SHARED) {	/* wp_page_shared: page_mkwrite, reuse, dirty */
		set_pte(m, ptep, orig | _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED);
		flush_tlb_mm_range(m, mm, addr, addr + PAGE_SIZE);
		if (old)
			fault_dirty_shared_page(m, old);
		return 0;
	}
	if (old && PageAnon(old) && page_ref_count(old) == 1) {	/* wp_page_reuse */
		set_pte(m, ptep, orig | _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED);
		__count_vm_events(m, PGREUSE, 1);
		return 0;
	}
	/* wp_page_copy */
	if (anon_vma_prepare(m, vma))
		return VM_FAULT_OOM;
	if (!old) {
		page = alloc_pages(m, GFP_HIGHUSER_MOVABLE | __GFP_ZERO, 0);
	} else {
		page = alloc_pages(m, GFP_HIGHUSER_MOVABLE, 0);
		if (page)	/* __wp_page_copy_user */
			copy_user_highpage(m, page, old);
	}
	if (!page)
		return VM_FAULT_OOM;
	page_add_new_anon_rmap(m, page, vma, addr);
	lru_cache_add(m, page);
	if (old)
		mm->rss_stat[mm_counter(old)]--;
	entry = pfn_pte_fmt(f, page_to_pfn(m, page), vma->vm_page_prot) | _PAGE_RW | _PAGE_DIRTY;
	set_pte(m, ptep, 0);
	flush_tlb_mm_range(m, mm, addr, addr + PAGE_SIZE);	/* ptep_clear_flush */
	map_new_page(m, vma, ptep, page, entry);
	if (old) {
		page_remove_rmap(m, old, vma);
		put_user_page(m, old);
	}
	return 0;
}

/**
 * handle_mm_fault - resolve a fault at @address in @vma (access already
 * checked): allocate the page tables on the way down, then the cases
 * above.  Returns 0 or VM_FAULT_* bits (VM_FAULT_OOM when no page could
 * be had).  The caller accounts it (mm_account_fault).
 */
unsigned int handle_mm_fault(struct machine *m, struct vm_area_struct *vma,
			     unsigned long address, unsigned int flags)
{
	unsigned long addr = address & PAGE_MASK;
	phys_addr_t ptep = pte_alloc(m, vma->vm_mm, addr);
	pte_t pte;

	if (!ptep)
		return VM_FAULT_OOM;
	pte = ptep_get(m, ptep);
	if (!upte_present(pte)) {
		if (vma->special_name && !vma->vm_file)	/* vm_ops->fault of a special mapping */
			return special_mapping_fault(m, vma, addr, ptep);
		if (vma_is_anonymous(vma))
			return do_anonymous_page(m, vma, address, ptep, flags);
		return do_fault(m, vma, addr, ptep, flags);
	}
	if (!(pte & _PAGE_PRESENT)) {	/* PROT_NONE pte in an accessible VMA */
		pte = (pte & ~(_PAGE_PROTNONE | _PAGE_RW)) | _PAGE_PRESENT;
		set_pte(m, ptep, pfn_pte_fmt(m->arch->mmu, pte_pfn_fmt(m->arch->mmu, pte),
					     vma->vm_page_prot) | (pte & _PAGE_DIRTY));
		pte = ptep_get(m, ptep);
	}
	if ((flags & FAULT_FLAG_WRITE) && !pte_write(pte))
		return do_wp_page(m, vma, addr, ptep, pte);
	/* spurious: the pte allows it (a stale TLB entry) */
	set_pte(m, ptep, pte | _PAGE_ACCESSED | ((flags & FAULT_FLAG_WRITE) ? _PAGE_DIRTY : 0));
	flush_tlb_mm_range(m, vma->vm_mm, addr, addr + PAGE_SIZE);
	return 0;
}

/* ---- walking a range's ptes ---- */

typedef void (*pte_fn)(struct machine *m, struct vm_area_struct *vma, unsigned long addr,
		       phys_addr_t ptep, pte_t pte, void *arg);

/* Call @fn for each pte of [start, end) that maps something; tables looked up once each. */
static void walk_ptes(struct machine *m, struct vm_area_struct *vma, unsigned long start,
		      unsigned long end, pte_fn fn, void *arg)
{
	const struct mmu_format *f = m->arch->mmu;
	uint64_t span = pt_level_size(f, f->levels - 2);
	unsigned long addr = start;

	while (addr < end) {
		unsigned long tend = (unsigned long)((addr & ~(span - 1)) + span);
		phys_addr_t ptep = pte_offset(m, vma->vm_mm, addr);

		if (tend > end || tend < addr)
			tend = end;
		if (!ptep) {
			addr = tend;
			continue;
		}
		for (; addr < tend; addr += PAGE_SIZE, ptep += f->entry_size) {
			pte_t pte = pt_read(m, ptep);

			if (upte_present(pte))
				fn(m, vma, addr, ptep, pte, arg);
		}
	}
}

static void zap_one(struct machine *m, struct vm_area_struct *vma, unsigned long addr,
		    phys_addr_t ptep, pte_t pte, void *arg)
{
	struct page *page = vm_normal_page(m, pte);

	(void)addr;
	(void)arg;
	pt_write(m, ptep, 0);
	if (!page)
		return;
	vma->vm_mm->rss_stat[mm_counter(page)]--;
	if (pte_dirty(pte) && !PageAnon(page))
		folio_mark_dirty(m, page);
	page_remove_rmap(m, page, vma);
	put_user_page(m, page);
}

/*
 * zap_file_one - unmap_mapping_pages's zap without even_cows: the file's
 * own pages and ptes with no normal page; a private COW copy (an
 * anonymous page) stays (should_zap_page).
 */
static void zap_file_one(struct machine *m, struct vm_area_struct *vma, unsigned long addr,
			 phys_addr_t ptep, pte_t pte, void *arg)
{
	struct page *page = vm_normal_page(m, pte);

	if (!page || !PageAnon(page))
		zap_one(m, vma, addr, ptep, pte, arg);
}

/**
 * zap_page_range - unmap every page of [@start, @end) in @vma (the page
 * tables stay; the caller flushes the TLB).
 */
void zap_page_range(struct machine *m, struct vm_area_struct *vma, unsigned long start,
		    unsigned long end)
{
	walk_ptes(m, vma, start, end, zap_one, NULL);
}

/**
 * unmap_mapping_pages - zap the ptes of file pages [@start, @start + @nr)
 * of @mapping in every VMA on its i_mmap (mm/memory.c unmap_mapping_pages
 * / unmap_mapping_range_tree); @nr 0 means to the end of the file.  With
 * @even_cows the private COW copies (anonymous pages) of that range go
 * too, as truncation wants; without, only the file's own pages.
 */
void unmap_mapping_pages(struct machine *m, struct address_space *mapping, unsigned long start,
			 unsigned long nr, bool even_cows)
{
	pgoff_t last = (!nr || nr - 1 > ~0UL - start) ? ~0UL : start + nr - 1;
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mapping->i_mmap, struct vm_area_struct, shared) {
		pgoff_t vstart = vma->vm_pgoff, vlast = vma->vm_pgoff + vma_pages(vma) - 1;
		pgoff_t s = start > vstart ? start : vstart;
		pgoff_t e = last < vlast ? last : vlast;
		unsigned long from, to;

		if (s > e)
			continue;
		from = vma->vm_start + ((s - vstart) << PAGE_SHIFT);
		to = vma->vm_start + ((e - vstart + 1) << PAGE_SHIFT);
		walk_ptes(m, vma, from, to, even_cows ? zap_one : zap_file_one, NULL);
		flush_tlb_mm_range(m, vma->vm_mm, from, to);
	}
}

/**
 * unmap_mapping_range - unmap_mapping_pages of pages [@first, @first +
 * @nr) without even_cows: the private COW copies stay (shmem's hole punch).
 */
void unmap_mapping_range(struct machine *m, struct address_space *mapping, unsigned long first,
			 unsigned long nr)
{
	if (nr)
		unmap_mapping_pages(m, mapping, first, nr, false);
}

/* free_level - free_p?d_range at level @lvl (see free_pgd_range). */
static void free_level(struct machine *m, struct mm_struct *mm, phys_addr_t table, int lvl,
		       unsigned long addr, unsigned long end, unsigned long floor,
		       unsigned long ceiling)
{
	const struct mmu_format *f = m->arch->mmu;
	uint64_t span = pt_level_size(f, lvl);

	while (addr < end) {
		unsigned long es = (unsigned long)(addr & ~(span - 1));
		unsigned long ee = (unsigned long)(es + span);
		unsigned long rend = ee < end && ee > es ? ee : end;
		phys_addr_t epa = table + (phys_addr_t)pt_index(f, lvl, addr) * f->entry_size;
		pte_t e = pt_read(m, epa);

		if (pte_present(e) && !(f->level[lvl].huge && pte_huge(e))) {
			phys_addr_t child = (phys_addr_t)pte_pfn_fmt(f, e) << PAGE_SHIFT;

			if (lvl + 1 == f->levels - 1) {
				pt_write(m, epa, 0);
				pt_free_table(m, mm, child, lvl + 1);
			} else {
				unsigned long c = ceiling;
				bool ok = true;

				free_level(m, mm, child, lvl + 1, addr, rend, floor, ceiling);
				if (es < floor)
					ok = false;
				if (ok && c) {
					c &= ~(unsigned long)(span - 1);
					if (!c)
						ok = false;
				}
				if (ok && rend - 1 > c - 1)
					ok = false;
				if (ok) {
					pt_write(m, epa, 0);
					pt_free_table(m, mm, child, lvl + 1);
				}
			}
		}
		if (ee <= es)
			break;
		addr = ee;
	}
}

/**
 * free_pgd_range - free the page tables of [@addr, @end) that no VMA
 * outside [@floor, @ceiling) can need (mm/memory.c free_pgd_range: PTE
 * tables whose whole span lies in the range, upper tables likewise).
 * @ceiling 0 means the top of the address space.
 */
void free_pgd_range(struct machine *m, struct mm_struct *mm, unsigned long addr,
		    unsigned long end, unsigned long floor, unsigned long ceiling)
{
	const struct mmu_format *f = m->arch->mmu;
	unsigned long pmd_size = (unsigned long)pt_level_size(f, f->levels - 2);
	unsigned long pmd_mask = ~(pmd_size - 1);

	addr &= pmd_mask;
	if (addr < floor) {
		addr += pmd_size;
		if (!addr)
			return;
	}
	if (ceiling) {
		ceiling &= pmd_mask;
		if (!ceiling)
			return;
	}
	if (end - 1 > ceiling - 1)
		end -= pmd_size;
	if (addr > end - 1)
		return;
	free_level(m, mm, mm->pgd, 0, addr, end, floor, ceiling);
}

struct copy_arg {
	struct vm_area_struct *dst;
	int err;
	bool wrprotected;
};

static void copy_one(struct machine *m, struct vm_area_struct *src, unsigned long addr,
		     phys_addr_t ptep, pte_t pte, void *arg)
{
	struct copy_arg *a = arg;
	struct page *page = vm_normal_page(m, pte);
	phys_addr_t dptep;

	if (a->err)
		return;
	dptep = pte_alloc(m, a->dst->vm_mm, addr);
	if (!dptep) {
		a->err = -ENOMEM;
		return;
	}
	if (page) {
		page->_refcount++;
		page_dup_rmap(page);
		a->dst->vm_mm->rss_stat[mm_counter(page)]++;
	}
	if (is_cow_mapping(src->vm_flags) && pte_write(pte)) {
		pte = pte_wrprotect(pte);
		pt_write(m, ptep, pte);
		a->wrprotected = true;
	}
	if (src->vm_flags & VM_SHARED)
		pte = pte_mkclean(pte);
	pt_write(m, dptep, pte_mkold(pte));
}

/**
 * copy_page_range - fork's copy of @src's ptes into @dst: pages shared,
 * their map and reference counts raised, private writable ones
 * write-protected in both (copy_present_pte).  -ENOMEM if a table could
 * not be allocated.
 */
int copy_page_range(struct machine *m, struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct copy_arg a = { .dst = dst };

	walk_ptes(m, src, src->vm_start, src->vm_end, copy_one, &a);
	return a.err;
}

struct move_arg {
	struct vm_area_struct *new_vma;
	unsigned long delta;	/* new - old, modulo 2^64 */
	int err;
};

static void move_one(struct machine *m, struct vm_area_struct *vma, unsigned long addr,
		     phys_addr_t ptep, pte_t pte, void *arg)
{
	struct move_arg *a = arg;
	phys_addr_t nptep = pte_alloc(m, a->new_vma->vm_mm, addr + a->delta);

	(void)vma;
	if (!nptep) {
		a->err = -ENOMEM;
		return;
	}
	pt_write(m, ptep, 0);
	pt_write(m, nptep, pte);
}

/**
 * move_page_range - mremap's move_page_tables: the ptes of [@old_addr,
 * @old_addr + @len) go to @new_addr unchanged (pages keep their index).
 */
void move_page_range(struct machine *m, struct vm_area_struct *vma, unsigned long old_addr,
		     struct vm_area_struct *new_vma, unsigned long new_addr, unsigned long len)
{
	struct move_arg a = { .new_vma = new_vma, .delta = new_addr - old_addr };

	walk_ptes(m, vma, old_addr, old_addr + len, move_one, &a);
	flush_tlb_mm_range(m, vma->vm_mm, old_addr, old_addr + len);
}
