// SPDX-License-Identifier: MIT
/*
 * debug_vm_mm.c - check_machine's part for processes (mmsim's
 * CONFIG_DEBUG_VM_MAPLE_TREE / validate_mm and the rss checks of
 * check_mm): for every address space, the VMA tree and list hold the
 * same VMAs in order, sorted, non-overlapping, page aligned, map_count
 * and total_vm agree; the RSS counters equal the present ptes by type;
 * every mapped page's _mapcount equals the ptes that map it, its
 * refcount covers them; NR_ANON_MAPPED equals the anonymous pages
 * mapped; Committed_AS equals the charged VMAs and objects.
 */
#include <stdlib.h>
#include "internal.h"
#include "mm.h"
#include "blkdev.h"
#include "mmu.h"
#include "pagemap.h"
#include "pgalloc.h"

#define REPORT(m, n, ...) do {                                        \
	if ((n)++ < 20)                                               \
		printk(m, "mmsim: DEBUG_VM: " __VA_ARGS__);           \
} while (0)

static int check_mm(struct machine *m, struct mm_struct *mm, int *maps, long *charged)
{
	struct vm_area_struct *vma, *prev = NULL;
	struct rb_node *rb = rb_first(&mm->mm_rb);
	long rss[NR_MM_COUNTERS] = { 0 };
	unsigned long total = 0;
	int n = 0, errors = 0;

	list_for_each_entry(vma, &mm->mmap, struct vm_area_struct, vm_list) {
		struct vm_area_struct *tv = rb ? rb_entry(rb, struct vm_area_struct, vm_rb) : NULL;

		if (tv != vma)
			REPORT(m, errors, "mm %p: VMA tree and list disagree at %#lx", (void *)mm,
			       vma->vm_start);
		rb = rb ? rb_next(rb) : NULL;
		if (vma->vm_start >= vma->vm_end || (vma->vm_start | vma->vm_end) & ~PAGE_MASK ||
		    vma->vm_end > mm->task_size)
			REPORT(m, errors, "bad VMA %#lx-%#lx", vma->vm_start, vma->vm_end);
		if (prev && prev->vm_end > vma->vm_start)
			REPORT(m, errors, "VMAs %#lx-%#lx and %#lx-%#lx overlap or are out of order",
			       prev->vm_start, prev->vm_end, vma->vm_start, vma->vm_end);
		if (vma->vm_mm != mm)
			REPORT(m, errors, "VMA %#lx in the wrong mm", vma->vm_start);
		total += vma_pages(vma);
		if (vma->vm_flags & VM_ACCOUNT)
			*charged += (long)vma_pages(vma);
		for (unsigned long a = vma->vm_start; a < vma->vm_end; a += PAGE_SIZE) {
			pte_t pte;
			struct page *page = user_page_at(m, mm, a, &pte, NULL);

			if (!page)
				continue;
			rss[PageAnon(page) ? MM_ANONPAGES :
			    test_page_flag(page, PG_swapbacked) ? MM_SHMEMPAGES : MM_FILEPAGES]++;
			maps[page_to_pfn(m, page)]++;
			if (PageAnon(page) && (pte & _PAGE_RW) && page_mapcount(page) > 1)
				REPORT(m, errors, "pfn %#lx: writable pte of a shared anonymous page",
				       page_to_pfn(m, page));
		}
		prev = vma;
		n++;
	}
	if (rb)
		REPORT(m, errors, "mm %p: VMA tree has more nodes than the list", (void *)mm);
	if (n != mm->map_count)
		REPORT(m, errors, "mm %p: map_count %d, %d VMAs", (void *)mm, mm->map_count, n);
	if (total != mm->total_vm)
		REPORT(m, errors, "mm %p: total_vm %lu, VMAs hold %lu pages", (void *)mm,
		       mm->total_vm, total);
	for (int i = 0; i < NR_MM_COUNTERS; i++)
		if (rss[i] != mm->rss_stat[i])
			REPORT(m, errors, "mm %p: rss_stat[%d] %ld, ptes map %ld", (void *)mm, i,
			       mm->rss_stat[i], rss[i]);
	return errors;
}

/**
 * check_vm_state - the invariants above; the number of violations.
 */
int check_vm_state(struct machine *m)
{
	struct vm_state *vm = m->vm;
	struct task_struct *t;
	int errors = 0, *maps;
	long charged = 0, anon = 0, file = 0;

	if (!vm)
		return 0;
	maps = calloc(m->memmap_pfns, sizeof(*maps));
	if (!maps)
		abort();
	list_for_each_entry(t, &vm->tasks, struct task_struct, tasks) {
		struct task_struct *o;
		bool first = true;

		if (!t->mm)
			continue;
		list_for_each_entry(o, &vm->tasks, struct task_struct, tasks) {
			if (o == t)
				break;
			if (o->mm == t->mm)
				first = false;
		}
		if (!first)
			continue;
		errors += check_mm(m, t->mm, maps, &charged);
	}
	for (unsigned long pfn = 0; pfn < m->memmap_pfns; pfn++) {
		struct page *page = pfn_to_page(m, pfn);

		if (!maps[pfn]) {
			if (PageAnon(page) && page->_mapcount >= 0)
				REPORT(m, errors, "pfn %#lx: anonymous, mapcount %d, no pte maps it",
				       pfn, page_mapcount(page));
			continue;
		}
		if (page_mapcount(page) != maps[pfn])
			REPORT(m, errors, "pfn %#lx: mapcount %d, %d ptes map it", pfn,
			       page_mapcount(page), maps[pfn]);
		if (page_ref_count(page) < maps[pfn])
			REPORT(m, errors, "pfn %#lx: refcount %d below its %d mappings", pfn,
			       page_ref_count(page), maps[pfn]);
		if (PageBuddy(page))
			REPORT(m, errors, "pfn %#lx: mapped by a process but free", pfn);
		if (PageAnon(page))
			anon++;
		else
			file++;
		if (!PageAnon(page) && !is_vdso_page(m, page) &&	/* the vDSO's: kernel pages */
		    (!page->mapping || page_ref_count(page) < 1 + maps[pfn]))
			REPORT(m, errors, "pfn %#lx: mapped file page, mapping %p, refcount %d, %d ptes",
			       pfn, (void *)page->mapping, page_ref_count(page), maps[pfn]);
	}
	if (m->pagecache) {	/* shmem files' charges (shmem_acct_size) */
		struct inode *inode;

		list_for_each_entry(inode, &m->pagecache->inodes, struct inode, i_sb_list)
			charged += (long)inode->shmem_charged;
	}
	if (file != (long)global_node_page_state(m, NR_FILE_MAPPED))
		REPORT(m, errors, "NR_FILE_MAPPED %lu, %ld file pages mapped",
		       global_node_page_state(m, NR_FILE_MAPPED), file);
	if (anon != (long)global_node_page_state(m, NR_ANON_MAPPED))
		REPORT(m, errors, "NR_ANON_MAPPED %lu, %ld anonymous pages mapped",
		       global_node_page_state(m, NR_ANON_MAPPED), anon);
	if (charged != vm->committed_as)
		REPORT(m, errors, "Committed_AS %ld pages, the charged VMAs hold %ld",
		       vm->committed_as, charged);
	free(maps);
	return errors;
}
