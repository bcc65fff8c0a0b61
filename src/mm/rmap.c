// SPDX-License-Identifier: MIT
/*
 * rmap.c - reverse mapping (mm/rmap.c, Linux 6.6).  This issue brings
 * only its caches: anon_vma (SLAB_TYPESAFE_BY_RCU, with a constructor)
 * and anon_vma_chain; the reverse map itself comes with the processes.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"
#include "sched.h"
#include "slab.h"

#define ANON_VMA_SIZE		120
#define ANON_VMA_CHAIN_SIZE	64

/* anon_vma_ctor: the rwsem and the empty interval tree of an anon_vma. */
static void anon_vma_ctor(struct machine *m, uint64_t object)
{
	memset(slab_obj_host(m, object), 0, ANON_VMA_SIZE);
}

/**
 * anon_vma_init - create the anon_vma and anon_vma_chain caches.
 */
int anon_vma_init(struct machine *m)
{
	m->kcaches.anon_vma = kmem_cache_create(m, "anon_vma", ANON_VMA_SIZE, 0,
				SLAB_TYPESAFE_BY_RCU | SLAB_PANIC | SLAB_ACCOUNT, anon_vma_ctor);
	m->kcaches.anon_vma_chain = KMEM_CACHE(m, "anon_vma_chain", ANON_VMA_CHAIN_SIZE, 8,
					       SLAB_PANIC | SLAB_ACCOUNT);
	return m->kcaches.anon_vma && m->kcaches.anon_vma_chain ? 0 : -ENOMEM;
}

/* ------------------------------------------------------------------------
 * The reverse map of anonymous pages, minimal (processes issue): each VMA
 * that has anonymous pages has an anon_vma; fork gives the child's VMA its
 * own anon_vma whose parent is the parent's, and chains (anon_vma_chain)
 * the child's VMA to every anon_vma of the parent's; a page records the
 * anon_vma of the VMA that first faulted it (page->mapping with
 * PAGE_MAPPING_ANON) and its linear page index.  Objects come from the
 * anon_vma and anon_vma_chain caches.  No interval tree: the reverse walk
 * itself (try_to_unmap) comes with reclaim.
 */
#include <stdlib.h>
#include "mm.h"
#include "mmu.h"
#include "pagemap.h"
#include "pgalloc.h"

static struct anon_vma *anon_vma_alloc(struct machine *m)
{
	struct anon_vma *av = calloc(1, sizeof(*av));

	if (!av)
		abort();
	av->refcount = 1;
	av->root = av;
	av->kobj = kmem_cache_alloc(m, m->kcaches.anon_vma, GFP_KERNEL | __GFP_NOWARN);
	return av;
}

static void put_anon_vma(struct machine *m, struct anon_vma *av)
{
	while (av && --av->refcount == 0) {
		struct anon_vma *parent = av->parent;
		struct anon_vma *root = av->root;

		if (parent)
			parent->num_children--;
		if (av->kobj)
			kmem_cache_free(m, m->kcaches.anon_vma, av->kobj);
		free(av);
		if (root != av && root != parent)
			put_anon_vma(m, root);
		av = parent;
	}
}

static int anon_vma_chain_link(struct machine *m, struct vm_area_struct *vma,
			       struct anon_vma *av)
{
	struct anon_vma_chain *avc = calloc(1, sizeof(*avc));

	if (!avc)
		abort();
	avc->kobj = kmem_cache_alloc(m, m->kcaches.anon_vma_chain, GFP_KERNEL | __GFP_NOWARN);
	avc->vma = vma;
	avc->anon_vma = av;
	list_add(&avc->same_vma, &vma->anon_vma_chain);
	av->refcount++;
	av->num_active_vmas++;
	return 0;
}

/**
 * anon_vma_prepare - give @vma an anon_vma before its first anonymous
 * page: a mergeable neighbour's if it has no fork history, else a new one.
 */
int anon_vma_prepare(struct machine *m, struct vm_area_struct *vma)
{
	struct vm_area_struct *near[2];
	struct anon_vma *av = NULL;

	if (vma->anon_vma)
		return 0;
	near[0] = vma_prev(vma);
	near[1] = vma_next(vma);
	for (int i = 0; i < 2 && !av; i++) {	/* find_mergeable_anon_vma */
		struct vm_area_struct *n = near[i];

		if (n && n->anon_vma && list_is_singular(&n->anon_vma_chain) &&
		    (i ? n->vm_start == vma->vm_end : n->vm_end == vma->vm_start) &&
		    !((n->vm_flags ^ vma->vm_flags) & ~(VM_ACCESS_FLAGS | VM_SOFTDIRTY)) &&
		    n->vm_file == vma->vm_file)
			av = n->anon_vma;
	}
	if (!av) {
		av = anon_vma_alloc(m);
		anon_vma_chain_link(m, vma, av);
		av->refcount--;		/* the chain holds the first reference */
	} else {
		anon_vma_chain_link(m, vma, av);
	}
	vma->anon_vma = av;
	return 0;
}

/**
 * anon_vma_clone - chain @dst to every anon_vma @src is chained to.
 */
int anon_vma_clone(struct machine *m, struct vm_area_struct *dst, struct vm_area_struct *src)
{
	struct anon_vma_chain *avc;

	list_for_each_entry_reverse(avc, &src->anon_vma_chain, struct anon_vma_chain, same_vma)
		anon_vma_chain_link(m, dst, avc->anon_vma);
	return 0;
}

/**
 * anon_vma_fork - the child's VMA @vma of the parent's @pvma: chained to
 * the parent's anon_vmas, and a new anon_vma of its own (parent: @pvma's).
 */
int anon_vma_fork(struct machine *m, struct vm_area_struct *vma, struct vm_area_struct *pvma)
{
	struct anon_vma *av;

	vma->anon_vma = NULL;
	if (!pvma->anon_vma)
		return 0;
	anon_vma_clone(m, vma, pvma);
	av = anon_vma_alloc(m);
	av->root = pvma->anon_vma->root;
	av->parent = pvma->anon_vma;
	av->root->refcount++;
	if (av->root != av->parent)
		av->parent->refcount++;
	else
		av->parent->refcount += 0;
	av->parent->num_children++;
	anon_vma_chain_link(m, vma, av);
	av->refcount--;
	vma->anon_vma = av;
	return 0;
}

/**
 * unlink_anon_vmas - drop @vma's chains; an anon_vma goes with its last user.
 */
void unlink_anon_vmas(struct machine *m, struct vm_area_struct *vma)
{
	struct anon_vma_chain *avc, *n;

	list_for_each_entry_safe(avc, n, &vma->anon_vma_chain, struct anon_vma_chain, same_vma) {
		struct anon_vma *av = avc->anon_vma;

		list_del(&avc->same_vma);
		av->num_active_vmas--;
		if (avc->kobj)
			kmem_cache_free(m, m->kcaches.anon_vma_chain, avc->kobj);
		free(avc);
		put_anon_vma(m, av);
	}
	vma->anon_vma = NULL;
}

/**
 * page_add_new_anon_rmap - a freshly allocated anonymous page mapped once
 * at @address of @vma (folio_add_new_anon_rmap): mapcount 0, anon_vma and
 * index recorded, swap-backed, NR_ANON_MAPPED.
 */
void page_add_new_anon_rmap(struct machine *m, struct page *page, struct vm_area_struct *vma,
			    unsigned long address)
{
	page->_mapcount = 0;
	page->mapping = (void *)((unsigned long)vma->anon_vma | PAGE_MAPPING_ANON);
	page->index = linear_page_index(vma, address);
	set_page_flag(page, PG_swapbacked);
	__mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_ANON_MAPPED, 1);
}

/**
 * page_add_file_rmap - one more mapping of a file (or shmem) page;
 * NR_FILE_MAPPED counts it from its first.
 */
void page_add_file_rmap(struct machine *m, struct page *page)
{
	if (++page->_mapcount == 0)
		__mod_node_page_state(NODE_DATA(m, page_to_nid(page)), NR_FILE_MAPPED, 1);
}

/**
 * page_dup_rmap - fork's extra mapping of a page already mapped.
 */
void page_dup_rmap(struct page *page)
{
	page->_mapcount++;
}

/**
 * page_remove_rmap - one mapping of @page in @vma fewer; with the last,
 * NR_ANON_MAPPED or NR_FILE_MAPPED drops.  A mapping in a VM_LOCKED VMA
 * takes its lock with it (munlock_vma_folio).
 */
void page_remove_rmap(struct machine *m, struct page *page, struct vm_area_struct *vma)
{
	if (vma->vm_flags & VM_LOCKED)
		munlock_page(m, page);
	if (--page->_mapcount < 0)
		__mod_node_page_state(NODE_DATA(m, page_to_nid(page)),
				      PageAnon(page) ? NR_ANON_MAPPED : NR_FILE_MAPPED, -1);
}

/**
 * page_mkclean - before writeback: every shared mapping's pte of @page
 * made clean and read-only (page_mkclean_one over the mapping's i_mmap),
 * so the next write faults and dirties the page again.  The number of
 * ptes that were dirty or writable.
 */
int page_mkclean(struct machine *m, struct page *page)
{
	struct address_space *mapping = page->mapping;
	struct vm_area_struct *vma;
	int cleaned = 0;

	if (!mapping || PageAnon(page) || page->_mapcount < 0)
		return 0;
	list_for_each_entry(vma, &mapping->i_mmap, struct vm_area_struct, shared) {
		unsigned long addr;
		phys_addr_t ptep;
		pte_t pte;

		if (!(vma->vm_flags & VM_SHARED) || page->index < vma->vm_pgoff ||
		    page->index >= vma->vm_pgoff + vma_pages(vma))
			continue;
		addr = vma->vm_start + ((page->index - vma->vm_pgoff) << PAGE_SHIFT);
		ptep = pte_offset(m, vma->vm_mm, addr);
		if (!ptep)
			continue;
		pte = ptep_get(m, ptep);
		if (!(pte & _PAGE_PRESENT) || vm_normal_page(m, pte) != page ||
		    !(pte & (_PAGE_RW | _PAGE_DIRTY)))
			continue;
		set_pte(m, ptep, pte & ~(pte_t)(_PAGE_RW | _PAGE_DIRTY));
		flush_tlb_mm_range(m, vma->vm_mm, addr, addr + PAGE_SIZE);
		cleaned++;
	}
	return cleaned;
}
