// SPDX-License-Identifier: MIT
/*
 * mmap.c - an address space's VMAs and the calls that change them: mmap,
 * munmap, brk, and the layout choices under them (mm/mmap.c and
 * arch/x86/mm/mmap.c, Linux 6.6).
 *
 * VMAs live in two structures, as the seeds describe (pre-6.1 kernels):
 * a red-black tree keyed by address (find_vma) and a list in address
 * order (walks).  Linux 6.6 keeps a maple tree instead; the answers of
 * find_vma, get_unmapped_area and the merge rules are the same.
 *
 * Merging follows is_mergeable_vma / is_mergeable_anon_vma /
 * can_vma_merge_before/after: same flags (VM_SOFTDIRTY aside), same file,
 * contiguous offsets, compatible anon_vmas.  Where Linux's vma_merge
 * modifies part of a VMA in place, mmsim splits it at the range, changes
 * the part and merges it with its neighbours when the rules allow: the
 * resulting VMAs are the same.
 *
 * Simplified: no RLIMIT_AS / RLIMIT_DATA (unlimited, the default), no
 * userfaultfd, no mempolicy.  File mappings take a struct file
 * (do_mmap_file, vm_mmap_file; mmap(fd) takes the task's descriptor,
 * mmap_fd); MAP_SHARED|MAP_ANONYMOUS gets a shmem file.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include "fdtable.h"
#include "internal.h"
#include "mm.h"
#include "mmu.h"
#include "pagemap.h"
#include "pgalloc.h"
#include "slab.h"

#define VM_STACK	VM_GROWSDOWN

/* ---- vm_area_struct objects (kernel/fork.c vm_area_alloc / vm_area_dup) ---- */

/**
 * vm_area_alloc - a new, unlinked VMA of @mm with its object from the
 * vm_area_struct cache.
 */
struct vm_area_struct *vm_area_alloc(struct machine *m, struct mm_struct *mm)
{
	struct vm_area_struct *vma = calloc(1, sizeof(*vma));

	if (!vma)
		abort();
	vma->vm_mm = mm;
	INIT_LIST_HEAD(&vma->vm_list);
	INIT_LIST_HEAD(&vma->anon_vma_chain);
	INIT_LIST_HEAD(&vma->shared);
	RB_CLEAR_NODE(&vma->vm_rb);
	if (m->kcaches.vm_area_struct)
		vma->kobj = kmem_cache_alloc(m, m->kcaches.vm_area_struct,
					     GFP_KERNEL | __GFP_NOWARN);
	return vma;
}

/**
 * vm_area_dup - a copy of @orig (not linked, no anon_vma chain).
 */
struct vm_area_struct *vm_area_dup(struct machine *m, struct vm_area_struct *orig)
{
	struct vm_area_struct *vma = vm_area_alloc(m, orig->vm_mm);
	uint64_t kobj = vma->kobj;

	*vma = *orig;
	vma->kobj = kobj;
	INIT_LIST_HEAD(&vma->vm_list);
	INIT_LIST_HEAD(&vma->anon_vma_chain);
	RB_CLEAR_NODE(&vma->vm_rb);
	INIT_LIST_HEAD(&vma->shared);
	if (vma->vm_file)
		get_file(vma->vm_file);
	return vma;
}

/**
 * vm_area_free - free an unlinked VMA (its anon_vma chain already gone),
 * dropping its file's reference (remove_vma's fput).
 */
void vm_area_free(struct machine *m, struct vm_area_struct *vma)
{
	if (vma->vm_file)
		fput(m, vma->vm_file);
	if (vma->kobj)
		kmem_cache_free(m, m->kcaches.vm_area_struct, vma->kobj);
	free(vma);
}

/* ---- the tree and the list ---- */

/**
 * vma_link - insert @vma into @mm's tree and list (it overlaps nothing).
 */
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct rb_node **link = &mm->mm_rb.rb_node, *parent = NULL;
	struct vm_area_struct *next = NULL;

	while (*link) {
		struct vm_area_struct *v = rb_entry(*link, struct vm_area_struct, vm_rb);

		parent = *link;
		if (vma->vm_start < v->vm_start) {
			next = v;
			link = &(*link)->rb_left;
		} else {
			link = &(*link)->rb_right;
		}
	}
	rb_link_node(&vma->vm_rb, parent, link);
	rb_insert_color(&vma->vm_rb, &mm->mm_rb);
	if (next)
		list_add_tail(&vma->vm_list, &next->vm_list);
	else
		list_add_tail(&vma->vm_list, &mm->mmap);
	mm->map_count++;
	if (vma->vm_file)	/* __vma_link_file: on the mapping's i_mmap */
		list_add_tail(&vma->shared, &vma->vm_file->f_mapping->i_mmap);
}

/**
 * vma_unlink - take @vma out of @mm's tree and list.
 */
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma)
{
	rb_erase(&vma->vm_rb, &mm->mm_rb);
	RB_CLEAR_NODE(&vma->vm_rb);
	list_del(&vma->vm_list);
	INIT_LIST_HEAD(&vma->vm_list);
	mm->map_count--;
	if (mm->vmacache == vma)
		mm->vmacache = NULL;
	if (!list_empty(&vma->shared)) {
		list_del(&vma->shared);
		INIT_LIST_HEAD(&vma->shared);
	}
}

struct vm_area_struct *vma_next(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	return vma->vm_list.next == &mm->mmap ? NULL :
		list_entry(vma->vm_list.next, struct vm_area_struct, vm_list);
}

struct vm_area_struct *vma_prev(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	return vma->vm_list.prev == &mm->mmap ? NULL :
		list_entry(vma->vm_list.prev, struct vm_area_struct, vm_list);
}

/**
 * find_vma - the first VMA with vm_end > @addr, or NULL.
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *c = mm->vmacache, *vma = NULL;
	struct rb_node *n;

	if (c && c->vm_start <= addr && addr < c->vm_end)
		return c;
	n = mm->mm_rb.rb_node;
	while (n) {
		struct vm_area_struct *v = rb_entry(n, struct vm_area_struct, vm_rb);

		if (v->vm_end > addr) {
			vma = v;
			if (v->vm_start <= addr)
				break;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	if (vma)
		mm->vmacache = vma;
	return vma;
}

/**
 * find_vma_prev - find_vma, and the VMA before it in *@pprev.
 */
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (vma)
		*pprev = vma_prev(vma);
	else
		*pprev = list_empty(&mm->mmap) ? NULL :
			list_entry(mm->mmap.prev, struct vm_area_struct, vm_list);
	return vma;
}

/**
 * find_vma_intersection - the first VMA overlapping [@start, @end), or NULL.
 */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	return vma && vma->vm_start < end ? vma : NULL;
}

/**
 * vma_lookup - the VMA containing @addr, or NULL.
 */
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	return vma && vma->vm_start <= addr ? vma : NULL;
}

/**
 * vm_start_gap - vm_start less the stack guard gap of a VM_GROWSDOWN VMA.
 */
unsigned long vm_start_gap(struct machine *m, const struct vm_area_struct *vma)
{
	unsigned long start = vma->vm_start;

	if (vma->vm_flags & VM_GROWSDOWN) {
		start -= m->vm->stack_guard_gap;
		if (start > vma->vm_start)
			start = 0;
	}
	return start;
}

/**
 * vm_get_page_prot - the pte protection of @vm_flags (x86 protection_map:
 * private writable mappings start read-only, for copy-on-write).
 */
pte_t vm_get_page_prot(struct machine *m, unsigned long vm_flags)
{
	bool shared = vm_flags & VM_SHARED;
	pte_t p;

	(void)m;
	if (!(vm_flags & VM_ACCESS_FLAGS))
		return PAGE_NONE;
	if ((vm_flags & VM_WRITE) && shared)
		p = (vm_flags & VM_EXEC) ? PAGE_SHARED_EXEC : PAGE_SHARED;
	else
		p = (vm_flags & VM_EXEC) ? PAGE_READONLY_EXEC : PAGE_READONLY;
	return p;
}

/*
 * vma_wants_writenotify - a shared writable mapping of a file whose dirty
 * pages are accounted (mapping_can_writeback: not shmem) starts with
 * read-only ptes, so that the first write faults and dirties the page.
 */
static bool vma_wants_writenotify(const struct vm_area_struct *vma)
{
	return (vma->vm_flags & (VM_WRITE | VM_SHARED)) == (VM_WRITE | VM_SHARED) &&
	       vma->vm_file && vma->vm_file->f_mapping->a_ops->writeback;
}

/**
 * vma_set_page_prot - @vma's vm_page_prot from its flags, write-protected
 * when it wants write notification (mm/mmap.c vma_set_page_prot).
 */
void vma_set_page_prot(struct machine *m, struct vm_area_struct *vma)
{
	vma->vm_page_prot = vm_get_page_prot(m, vma->vm_flags);
	if (vma_wants_writenotify(vma))
		vma->vm_page_prot = vm_get_page_prot(m, vma->vm_flags & ~VM_SHARED);
}

/**
 * vm_stat_account - total_vm and the exec / stack / data split (mm/mmap.c).
 */
void vm_stat_account(struct mm_struct *mm, unsigned long flags, long npages)
{
	mm->total_vm += (unsigned long)npages;
	if ((flags & (VM_EXEC | VM_WRITE | VM_STACK)) == VM_EXEC)
		mm->exec_vm += (unsigned long)npages;
	else if ((flags & VM_STACK) == VM_STACK)
		mm->stack_vm += (unsigned long)npages;
	else if ((flags & (VM_WRITE | VM_SHARED | VM_STACK)) == VM_WRITE)
		mm->data_vm += (unsigned long)npages;
}

/* ---- merge and split ---- */

static bool is_mergeable_vma(const struct vm_area_struct *vma, const struct file *file,
			     unsigned long vm_flags)
{
	if ((vma->vm_flags ^ vm_flags) & ~VM_SOFTDIRTY)
		return false;
	if (vma->vm_file != file || vma->special_name)
		return false;
	return true;
}

/* is_mergeable_anon_vma: equal, or one is NULL and @vma's chain has no fork history. */
static bool is_mergeable_anon_vma(const struct anon_vma *a1, const struct anon_vma *a2,
				  const struct vm_area_struct *vma)
{
	if ((!a1 || !a2) && (!vma || list_is_singular(&vma->anon_vma_chain) ||
			     list_empty(&vma->anon_vma_chain)))
		return true;
	return a1 == a2;
}

/*
 * Can @a (below) and @b (right above it) become one VMA?  The rules of
 * can_vma_merge_after(@a) / can_vma_merge_before(@b).
 */
static bool vmas_mergeable(const struct vm_area_struct *a, const struct vm_area_struct *b)
{
	const struct vm_area_struct *with = a->anon_vma ? a : b;

	if (a->vm_end != b->vm_start || !is_mergeable_vma(a, b->vm_file, b->vm_flags))
		return false;
	if (a->vm_flags & VM_SPECIAL)
		return false;
	if (!is_mergeable_anon_vma(a->anon_vma, b->anon_vma, with))
		return false;
	return a->vm_pgoff + vma_pages(a) == b->vm_pgoff;
}

/* Fold @b into @a (adjacent, mergeable): @b goes. */
static void vma_fold(struct machine *m, struct vm_area_struct *a, struct vm_area_struct *b)
{
	struct mm_struct *mm = a->vm_mm;

	if (!a->anon_vma && b->anon_vma) {	/* dup_anon_vma */
		anon_vma_clone(m, a, b);
		a->anon_vma = b->anon_vma;
	}
	a->vm_flags |= b->vm_flags & VM_SOFTDIRTY;
	vma_unlink(mm, b);
	a->vm_end = b->vm_end;
	unlink_anon_vmas(m, b);
	vm_area_free(m, b);
}

/**
 * vma_try_merge_neighbours - merge @vma with the VMA below and the one
 * above when the merge rules allow; returns the VMA that now holds its range.
 */
struct vm_area_struct *vma_try_merge_neighbours(struct machine *m, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev = vma_prev(vma), *next = vma_next(vma);

	if (next && vmas_mergeable(vma, next))
		vma_fold(m, vma, next);
	if (prev && vmas_mergeable(prev, vma)) {
		vma_fold(m, prev, vma);
		vma = prev;
	}
	return vma;
}

/**
 * split_vma - cut @vma at @addr (page aligned, inside it): the new VMA
 * takes the part below @addr if @new_below, else the part above.
 * -ENOMEM when the map count is at max_map_count (__split_vma's check is
 * the caller's in Linux; here both callers want it).
 */
int split_vma(struct machine *m, struct vm_area_struct *vma, unsigned long addr, int new_below)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *n;

	if (mm->map_count >= m->vm->max_map_count)
		return -ENOMEM;
	n = vm_area_dup(m, vma);
	if (new_below) {
		n->vm_end = addr;
		vma_unlink(mm, vma);
		vma->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
		vma->vm_start = addr;
		vma_link(mm, vma);
	} else {
		n->vm_start = addr;
		n->vm_pgoff += (addr - vma->vm_start) >> PAGE_SHIFT;
		vma->vm_end = addr;
	}
	if (vma->anon_vma)
		anon_vma_clone(m, n, vma);
	vma_link(mm, n);
	return 0;
}

/**
 * vma_modify_flags - give [@start, @end) of @vma the flags @new_flags,
 * splitting it and merging the result with its neighbours (vma_merge's
 * outcome).  Returns the VMA holding the range, or NULL (-ENOMEM: the
 * map count).
 */
struct vm_area_struct *vma_modify_flags(struct machine *m, struct vm_area_struct *prev,
					struct vm_area_struct *vma, unsigned long start,
					unsigned long end, unsigned long new_flags)
{
	(void)prev;
	if (new_flags == vma->vm_flags)
		return vma;
	if (start > vma->vm_start) {
		if (split_vma(m, vma, start, 1))
			return NULL;
	}
	if (end < vma->vm_end) {
		if (split_vma(m, vma, end, 0))
			return NULL;
	}
	vma->vm_flags = new_flags;
	vma_set_page_prot(m, vma);
	return vma_try_merge_neighbours(m, vma);
}

/* ---- layout (arch/x86/mm/mmap.c) ---- */

/**
 * mmap_task_size - TASK_SIZE: 47-bit user space on x86_64, PAGE_OFFSET on i386.
 */
unsigned long mmap_task_size(struct machine *m)
{
	if (m->arch->bits == 64)
		return 0x7ffffffff000UL;	/* (1 << 47) - PAGE_SIZE */
	return (unsigned long)m->arch->page_offset;
}

/* stack_maxrandom_size - the stack's random range (STACK_RND_MASK pages). */
static unsigned long stack_maxrandom_size(struct machine *m, bool randomize)
{
	unsigned long max = 0;

	if (randomize)
		max = (m->arch->bits == 64 ? 0x3fffffUL : 0x7ffUL) << PAGE_SHIFT;
	return max;
}

/* arch_rnd - arch_mmap_rnd: mmap_rnd_bits (28 on x86_64, 8 on i386) of pages. */
static unsigned long arch_rnd(struct machine *m)
{
	unsigned int bits = m->arch->bits == 64 ? 28 : 8;

	return (unsigned long)(prandom_u64_state(&m->vm->rnd) & ((1UL << bits) - 1)) << PAGE_SHIFT;
}

/* mmap_base - below the stack: its rlimit, its random range, the guard gap. */
static unsigned long mmap_base(struct machine *m, unsigned long rnd, unsigned long task_size,
			       bool randomize)
{
	unsigned long gap = RLIMIT_STACK_DEFAULT;
	unsigned long pad = stack_maxrandom_size(m, randomize) + m->vm->stack_guard_gap;
	unsigned long gap_min = 128UL << 20, gap_max = (task_size / 6) * 5;

	if (gap + pad > gap)
		gap += pad;
	if (gap < gap_min)
		gap = gap_min;
	else if (gap > gap_max)
		gap = gap_max;
	return PAGE_ALIGN(task_size - gap - rnd);
}

/**
 * arch_pick_mmap_layout - top-down layout: mmap_base under the stack gap;
 * the legacy (bottom-up) base at TASK_UNMAPPED_BASE (task_size / 3).
 */
void arch_pick_mmap_layout(struct machine *m, struct mm_struct *mm, bool randomize)
{
	unsigned long rnd = randomize ? arch_rnd(m) : 0;
	unsigned long ts = mmap_task_size(m);

	mm->task_size = ts;
	mm->mmap_legacy_base = PAGE_ALIGN(ts / 3) + rnd;
	mm->mmap_base = mmap_base(m, rnd, ts, randomize);
}

/*
 * unmapped_area_topdown - the highest gap of @len bytes in [low, high)
 * (vm_unmapped_area with VM_UNMAPPED_AREA_TOPDOWN): each gap ends at the
 * next VMA's vm_start_gap.
 */
static unsigned long unmapped_area_topdown(struct machine *m, struct mm_struct *mm,
					   unsigned long len, unsigned long low,
					   unsigned long high)
{
	struct vm_area_struct *vma;
	unsigned long gap_end = high;

	if (high < len || high - len < low)
		return (unsigned long)-ENOMEM;
	/* the VMAs from the top down, starting at the first at or above high */
	vma = find_vma(mm, high);
	for (struct list_head *p = vma ? vma->vm_list.prev : mm->mmap.prev;;) {
		struct vm_area_struct *below = p == &mm->mmap ? NULL :
			list_entry(p, struct vm_area_struct, vm_list);
		unsigned long gap_start = below ? below->vm_end : low;
		unsigned long end = gap_end;

		if (vma) {
			unsigned long g = vm_start_gap(m, vma);

			if (g < end)
				end = g;
		}
		if (end > high)
			end = high;
		if (gap_start < low)
			gap_start = low;
		if (end >= gap_start && end - gap_start >= len)
			return end - len;
		if (!below || below->vm_end <= low)
			break;
		vma = below;
		gap_end = below->vm_start;
		p = p->prev;
	}
	return (unsigned long)-ENOMEM;
}

/* unmapped_area - the lowest gap of @len in [low, high) (bottom-up). */
static unsigned long unmapped_area(struct machine *m, struct mm_struct *mm, unsigned long len,
				   unsigned long low, unsigned long high)
{
	unsigned long start = low;
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mm->mmap, struct vm_area_struct, vm_list) {
		unsigned long end = vm_start_gap(m, vma);

		if (vma->vm_end <= start)
			continue;
		if (end > start && end - start >= len && start + len <= high)
			return start;
		if (vma->vm_end > start)
			start = vma->vm_end;
	}
	if (start + len <= high && start + len >= start)
		return start;
	return (unsigned long)-ENOMEM;
}

/**
 * get_unmapped_area - where a mapping of @len goes: @addr itself with
 * MAP_FIXED, the hint if it is free, else the highest gap below
 * mmap_base, else bottom-up from the legacy base
 * (arch_get_unmapped_area_topdown and __get_unmapped_area).
 */
long get_unmapped_area(struct machine *m, unsigned long addr, unsigned long len,
		       unsigned long pgoff, unsigned long flags)
{
	struct task_struct *t = vm_current(m);
	struct mm_struct *mm = t->mm;
	unsigned long ts = mm->task_size, low;
	struct vm_area_struct *vma, *prev;
	unsigned long r;

	(void)pgoff;
	if (len > ts)
		return -ENOMEM;
	if (flags & MAP_FIXED) {
		r = addr;
		goto check;
	}
	if (addr) {
		addr = PAGE_ALIGN(addr);
		vma = find_vma_prev(mm, addr, &prev);
		if (ts - len >= addr && addr >= m->vm->mmap_min_addr &&
		    (!vma || addr + len <= vm_start_gap(m, vma)) &&
		    (!prev || addr >= prev->vm_end))
			return (long)addr;
	}
	low = PAGE_SIZE > m->vm->mmap_min_addr ? PAGE_SIZE : m->vm->mmap_min_addr;
	r = unmapped_area_topdown(m, mm, len, low, mm->mmap_base);
	if (r & ~PAGE_MASK)	/* fall back to bottom-up (arch_get_unmapped_area) */
		r = unmapped_area(m, mm, len, mm->mmap_legacy_base, ts);
	if (r & ~PAGE_MASK)
		return -ENOMEM;
check:
	if (r > ts - len)
		return -ENOMEM;
	if (r & ~PAGE_MASK)
		return -EINVAL;
	return (long)r;
}

/* ---- mmap ---- */

/**
 * insert_vm_struct - link a new VMA (exec's segments and stack), accounted.
 */
int insert_vm_struct(struct machine *m, struct mm_struct *mm, struct vm_area_struct *vma)
{
	if (find_vma_intersection(mm, vma->vm_start, vma->vm_end))
		return -ENOMEM;
	if ((vma->vm_flags & VM_ACCOUNT) &&
	    security_vm_enough_memory_mm(m, mm, (long)vma_pages(vma)))
		return -ENOMEM;
	vma_link(mm, vma);
	vm_stat_account(mm, vma->vm_flags, (long)vma_pages(vma));
	return 0;
}

/* Unaccount and free a VMA already unlinked and unmapped. */
static void remove_vma(struct machine *m, struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;

	if (vma->vm_flags & VM_ACCOUNT)
		vm_unacct_memory(m, (long)vma_pages(vma));
	vm_stat_account(mm, vma->vm_flags, -(long)vma_pages(vma));
	if (vma->vm_flags & VM_LOCKED)
		mm->locked_vm -= vma_pages(vma);
	unlink_anon_vmas(m, vma);
	vm_area_free(m, vma);
}

/**
 * do_munmap - unmap [@start, @start + @len) of @mm: split the VMAs at the
 * ends, zap their pages, free the page tables no VMA needs, unaccount
 * (do_vmi_munmap / do_vmi_align_munmap).  -EINVAL for a bad range,
 * -ENOMEM when a split would pass max_map_count.
 */
int do_munmap(struct machine *m, struct mm_struct *mm, unsigned long start, unsigned long len)
{
	struct vm_area_struct *vma, *prev, *next;
	unsigned long end, floor, ceiling;

	if ((start & ~PAGE_MASK) || start > mm->task_size || len > mm->task_size - start)
		return -EINVAL;
	end = start + PAGE_ALIGN(len);
	if (end == start)
		return -EINVAL;
	vma = find_vma(mm, start);
	if (!vma || vma->vm_start >= end)
		return 0;
	if (start > vma->vm_start) {
		/* splitting in the middle needs two more: check before anything changes */
		if (end < vma->vm_end && mm->map_count >= m->vm->max_map_count)
			return -ENOMEM;
		if (split_vma(m, vma, start, 0))
			return -ENOMEM;
		vma = vma_next(vma);
	}
	{
		struct vm_area_struct *last = find_vma(mm, end - 1);

		if (last && last->vm_start < end && last->vm_end > end &&
		    split_vma(m, last, end, 1))
			return -ENOMEM;
	}
	vma = find_vma(mm, start);	/* the first VMA of the range, after the splits */
	update_hiwater_vm(mm);
	update_hiwater_rss(mm);
	prev = vma_prev(vma);
	while (vma && vma->vm_start < end) {
		next = vma_next(vma);
		zap_page_range(m, vma, vma->vm_start, vma->vm_end);
		vma_unlink(mm, vma);
		remove_vma(m, vma);
		vma = next;
	}
	floor = prev ? prev->vm_end : 0;
	ceiling = vma ? vma->vm_start : 0;
	free_pgd_range(m, mm, start, end, floor, ceiling);
	flush_tlb_mm_range(m, mm, start, end);
	return 0;
}

/**
 * sys_munmap - munmap(2).
 */
long sys_munmap(struct machine *m, unsigned long addr, unsigned long len)
{
	return do_munmap(m, vm_current(m)->mm, addr, len);
}

/* accountable_mapping: private writable memory is charged unless MAP_NORESERVE. */
static bool accountable_mapping(unsigned long vm_flags)
{
	return (vm_flags & (VM_NORESERVE | VM_SHARED | VM_WRITE)) == VM_WRITE;
}

/*
 * mmap_region - make the VMA for [addr, addr + len): anonymous, of @file
 * (generic_file_mmap / shmem_mmap: the VMA takes a reference), or shared
 * anonymous (shmem_zero_setup: an unlinked shm_mnt file "dev/zero").
 */
static long mmap_region(struct machine *m, struct file *file, unsigned long addr,
			unsigned long len, unsigned long vm_flags, unsigned long pgoff)
{
	struct mm_struct *mm = vm_current(m)->mm;
	struct vm_area_struct *vma;
	unsigned long charged = 0, pages = len >> PAGE_SHIFT;

	/* MAP_FIXED over existing mappings: those go first (after the checks) */
	if (accountable_mapping(vm_flags)) {
		charged = pages;
		if (security_vm_enough_memory_mm(m, mm, (long)charged))
			return -ENOMEM;
		vm_flags |= VM_ACCOUNT;
	}
	if (find_vma_intersection(mm, addr, addr + len)) {
		int err = do_munmap(m, mm, addr, len);

		if (err) {
			vm_unacct_memory(m, (long)charged);
			return err;
		}
	}
	vma = vm_area_alloc(m, mm);
	vma->vm_start = addr;
	vma->vm_end = addr + len;
	vma->vm_flags = vm_flags | VM_SOFTDIRTY;
	vma->vm_page_prot = vm_get_page_prot(m, vm_flags);
	vma->vm_pgoff = pgoff;
	if (file) {
		vma->vm_file = get_file(file);
	} else if (vm_flags & VM_SHARED) {	/* shmem_zero_setup: "/dev/zero (deleted)" */
		int err;

		vma->vm_file = shmem_kernel_file_setup(m, "dev/zero", len, vm_flags & VM_NORESERVE,
						       &err);
		if (!vma->vm_file) {
			vm_area_free(m, vma);
			return err;
		}
	}
	vma_set_page_prot(m, vma);
	vma_link(mm, vma);
	vm_stat_account(mm, vm_flags, (long)pages);
	if (vm_flags & VM_LOCKED)
		mm->locked_vm += pages;
	vma_try_merge_neighbours(m, vma);
	return (long)addr;
}

/**
 * do_mmap - do_mmap_file for anonymous memory (@file NULL).
 */
long do_mmap(struct machine *m, unsigned long addr, unsigned long len, unsigned long prot,
	     unsigned long flags, unsigned long pgoff, unsigned long *populate)
{
	return do_mmap_file(m, NULL, addr, len, prot, flags, pgoff, populate);
}

/**
 * do_mmap_file - the checks and flag computation of Linux's do_mmap, for
 * @file (NULL: anonymous memory) at page offset @pgoff: what mmap(fd)
 * calls with the descriptor's file (the VMA takes its own reference).
 * *@populate is the length to fault in (MAP_POPULATE, VM_LOCKED).
 * Returns the address or -errno (-EOVERFLOW for an offset past the
 * end of the offset space, -ENODEV for a block device).
 */
long do_mmap_file(struct machine *m, struct file *file, unsigned long addr, unsigned long len,
		  unsigned long prot, unsigned long flags, unsigned long pgoff,
		  unsigned long *populate)
{
	struct task_struct *t = vm_current(m);
	struct mm_struct *mm = t->mm;
	unsigned long vm_flags;
	long r;

	*populate = 0;
	if (!len)
		return -EINVAL;
	if (!(flags & MAP_FIXED) && addr && (addr & PAGE_MASK) < m->vm->mmap_min_addr)
		addr = PAGE_ALIGN(m->vm->mmap_min_addr);	/* round_hint_to_min */
	len = PAGE_ALIGN(len);
	if (!len)
		return -ENOMEM;
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EOVERFLOW;
	if (mm->map_count > m->vm->max_map_count)
		return -ENOMEM;
	if (flags & MAP_FIXED_NOREPLACE)
		flags |= MAP_FIXED;
	r = get_unmapped_area(m, addr, len, pgoff, flags);
	if (r < 0)
		return r;
	if ((flags & MAP_FIXED) && (unsigned long)r < m->vm->mmap_min_addr && !t->privileged)
		return -EPERM;		/* cap_mmap_addr */
	addr = (unsigned long)r;
	if ((flags & MAP_FIXED_NOREPLACE) && find_vma_intersection(mm, addr, addr + len))
		return -EEXIST;
	vm_flags = (prot & PROT_READ ? VM_READ : 0) | (prot & PROT_WRITE ? VM_WRITE : 0) |
		   (prot & PROT_EXEC ? VM_EXEC : 0) |
		   (flags & MAP_GROWSDOWN ? VM_GROWSDOWN : 0) | (flags & MAP_LOCKED ? VM_LOCKED : 0) |
		   mm->def_flags | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (flags & MAP_LOCKED) {	/* mlock_future_ok */
		unsigned long locked = mm->locked_vm + (len >> PAGE_SHIFT);

		if (!t->privileged && locked > MLOCK_LIMIT >> PAGE_SHIFT)
			return -EAGAIN;
	}
	if (file) {
		if (file->f_inode->kind == INODE_BDEV)
			return -ENODEV;		/* no mmap of the block device modelled */
		switch (flags & MAP_TYPE) {
		case MAP_SHARED:
		case MAP_SHARED_VALIDATE:
			vm_flags |= VM_SHARED | VM_MAYSHARE;
			break;
		case MAP_PRIVATE:
			break;
		default:
			return -EINVAL;
		}
	} else {
		switch (flags & MAP_TYPE) {
		case MAP_SHARED:
			if (vm_flags & VM_GROWSDOWN)
				return -EINVAL;
			pgoff = 0;
			vm_flags |= VM_SHARED | VM_MAYSHARE;
			break;
		case MAP_PRIVATE:
			pgoff = addr >> PAGE_SHIFT;
			break;
		default:
			return -EINVAL;
		}
	}
	if ((flags & MAP_NORESERVE) && m->vm->overcommit_memory != OVERCOMMIT_NEVER)
		vm_flags |= VM_NORESERVE;
	r = mmap_region(m, file, addr, len, vm_flags, pgoff);
	if (r >= 0 && ((vm_flags & VM_LOCKED) ||
		       (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE))
		*populate = len;
	return r;
}

/**
 * vm_mmap_file - vm_mmap_pgoff of @file at byte offset @off (x86's
 * page-alignment check: -EINVAL), then the populate: the entry mmap(fd)
 * calls with the descriptor's file.
 */
long vm_mmap_file(struct machine *m, struct file *file, unsigned long addr, unsigned long len,
		  unsigned long prot, unsigned long flags, unsigned long off)
{
	unsigned long populate;
	long r;

	if (off & ~PAGE_MASK)
		return -EINVAL;
	if (flags & MAP_HUGETLB)
		return -EINVAL;		/* a file not on hugetlbfs */
	r = do_mmap_file(m, file, addr, len, prot, flags & ~MAP_ANONYMOUS, off >> PAGE_SHIFT,
			 &populate);
	if (r >= 0 && populate)
		mm_populate(m, (unsigned long)r, populate);
	return r;
}

/**
 * mmap_file_by_name - map the file @name (the scenario commands' way to
 * name one): an open file of it for the call, the VMA keeping its own
 * reference.  -ENOENT if there is no such file.
 */
long mmap_file_by_name(struct machine *m, const char *name, unsigned long addr,
		       unsigned long len, unsigned long prot, unsigned long flags,
		       unsigned long off)
{
	struct inode *inode = inode_lookup(m, name);
	struct file *file;
	long r;

	if (!inode)
		return -ENOENT;
	file = filp_open(m, inode);
	r = vm_mmap_file(m, file, addr, len, prot, flags, off);
	fput(m, file);
	return r;
}

/*
 * mmap_fd - mmap of the task's descriptor @fd: -EBADF if it is not open;
 * do_mmap's -EACCES when the file was not opened for reading, or for a
 * shared writable mapping without write access.
 */
static long mmap_fd(struct machine *m, unsigned long addr, unsigned long len,
		    unsigned long prot, unsigned long flags, long fd, unsigned long off)
{
	struct file *file;
	long r;

	if (fd < 0 || fd > INT_MAX)
		return -EBADF;
	file = fget(m, NULL, (unsigned int)fd);
	if (!file)
		return -EBADF;
	if (!(file->f_mode & FMODE_READ) ||
	    ((flags & MAP_TYPE) == MAP_SHARED && (prot & PROT_WRITE) &&
	     !(file->f_mode & FMODE_WRITE)))
		r = -EACCES;
	else
		r = vm_mmap_file(m, file, addr, len, prot, flags, off);
	fput(m, file);
	return r;
}

/**
 * ksys_mmap - mmap(2) (ksys_mmap_pgoff with x86's offset check): anonymous
 * memory, or the file of descriptor @fd (mmap_fd).
 */
long ksys_mmap(struct machine *m, unsigned long addr, unsigned long len, unsigned long prot,
	       unsigned long flags, long fd, unsigned long off)
{
	unsigned long populate;
	long r;

	if (off & ~PAGE_MASK)
		return -EINVAL;
	if (!(flags & MAP_ANONYMOUS))
		return mmap_fd(m, addr, len, prot, flags, fd, off);
	if (flags & MAP_HUGETLB)
		return -ENOMEM;		/* no huge pages reserved (nr_hugepages 0) */
	r = do_mmap(m, addr, len, prot, flags, off >> PAGE_SHIFT, &populate);
	if (r >= 0 && populate)
		mm_populate(m, (unsigned long)r, populate);
	return r;
}

/* ---- brk ---- */

/**
 * do_brk_flags - grow the heap by [@addr, @addr + @len): extend @brkvma if
 * it ends at @addr and its flags agree, else a new VMA.
 */
int do_brk_flags(struct machine *m, struct vm_area_struct *brkvma, unsigned long addr,
		 unsigned long len, unsigned long flags)
{
	struct mm_struct *mm = vm_current(m)->mm;
	struct vm_area_struct *vma;
	unsigned long pages = len >> PAGE_SHIFT;

	flags |= VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT | mm->def_flags;
	if (mm->map_count > m->vm->max_map_count)
		return -ENOMEM;
	if (security_vm_enough_memory_mm(m, mm, (long)pages))
		return -ENOMEM;
	if (brkvma && brkvma->vm_end == addr && !brkvma->vm_file &&
	    (brkvma->vm_flags & ~VM_SOFTDIRTY) == flags) {
		struct vm_area_struct *next = vma_next(brkvma);

		brkvma->vm_end = addr + len;
		brkvma->vm_flags |= VM_SOFTDIRTY;
		if (next && vmas_mergeable(brkvma, next))
			vma_fold(m, brkvma, next);
	} else {
		vma = vm_area_alloc(m, mm);
		vma->vm_start = addr;
		vma->vm_end = addr + len;
		vma->vm_pgoff = addr >> PAGE_SHIFT;
		vma->vm_flags = flags | VM_SOFTDIRTY;
		vma->vm_page_prot = vm_get_page_prot(m, flags);
		vma_link(mm, vma);
		vma_try_merge_neighbours(m, vma);
	}
	vm_stat_account(mm, flags, (long)pages);
	if (flags & VM_LOCKED)
		mm->locked_vm += pages;
	return 0;
}

/**
 * sys_brk - brk(2): the new break, or the old one when refused (below
 * start_brk, into another mapping or its guard gap, no memory).
 */
long sys_brk(struct machine *m, unsigned long brk)
{
	struct mm_struct *mm = vm_current(m)->mm;
	unsigned long origbrk = mm->brk, newbrk, oldbrk;
	struct vm_area_struct *next, *brkvma;
	bool populate = false;

	if (brk < mm->start_brk)
		return (long)origbrk;
	newbrk = PAGE_ALIGN(brk);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (oldbrk == newbrk) {
		mm->brk = brk;
		return (long)brk;
	}
	if (brk <= mm->brk) {		/* always allow shrinking */
		mm->brk = brk;
		if (do_munmap(m, mm, newbrk, oldbrk - newbrk)) {
			mm->brk = origbrk;
			return (long)origbrk;
		}
		return (long)brk;
	}
	/*
	 * check_brk_limits: get_unmapped_area(NULL, oldbrk, len, 0, MAP_FIXED)
	 * refuses a heap that would end above TASK_SIZE (or whose PAGE_ALIGN
	 * wrapped) - without it nothing stops a heap running into the kernel's
	 * half once nothing is mapped above it.  (Its mlock_future_ok half is
	 * not modelled.)
	 */
	if (get_unmapped_area(m, oldbrk, newbrk - oldbrk, 0, MAP_FIXED) < 0)
		return (long)origbrk;
	next = find_vma(mm, oldbrk);	/* vma_find(oldbrk .. newbrk + PAGE_SIZE + gap) */
	if (next && newbrk + PAGE_SIZE > vm_start_gap(m, next))
		return (long)origbrk;
	brkvma = NULL;
	{
		struct vm_area_struct *v = find_vma(mm, oldbrk - 1);

		if (v && v->vm_start >= mm->start_brk && v->vm_start < oldbrk && v->vm_end == oldbrk)
			brkvma = v;
	}
	if (do_brk_flags(m, brkvma, oldbrk, newbrk - oldbrk, 0) < 0)
		return (long)origbrk;
	mm->brk = brk;
	if (mm->def_flags & VM_LOCKED)
		populate = true;
	if (populate)
		mm_populate(m, oldbrk, newbrk - oldbrk);
	return (long)brk;
}

/* ---- populate and exit ---- */

/**
 * mm_populate - fault in [@start, @start + @len) as get_user_pages does
 * for mlock and MAP_POPULATE: writes for private writable VMAs, reads
 * otherwise; PROT_NONE and VM_LOCKONFAULT VMAs are skipped.  The faults
 * count as the task's (mm_account_fault without regs).
 */
int mm_populate(struct machine *m, unsigned long start, unsigned long len)
{
	struct mm_struct *mm = vm_current(m)->mm;
	unsigned long end = start + len, addr = start;
	while (addr < end) {
		struct vm_area_struct *vma = find_vma(mm, addr);
		unsigned int fl;
		bool write;

		if (!vma || vma->vm_start >= end)
			break;
		if (addr < vma->vm_start)
			addr = vma->vm_start;
		if (!(vma->vm_flags & VM_ACCESS_FLAGS) || (vma->vm_flags & VM_LOCKONFAULT) ||
		    (vma->vm_flags & (VM_IO | VM_PFNMAP))) {
			addr = vma->vm_end;
			continue;
		}
		write = (vma->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;
		fl = write ? FAULT_FLAG_WRITE : 0;
		for (; addr < vma->vm_end && addr < end; addr += PAGE_SIZE) {
			phys_addr_t ptep = pte_offset(m, mm, addr);
			pte_t pte = ptep ? pt_read(m, ptep) : 0;
			unsigned int ret;

			if ((pte & _PAGE_PRESENT) && (!write || (pte & _PAGE_RW)))
				continue;
			ret = handle_mm_fault(m, vma, addr, fl | FAULT_FLAG_REMOTE);
			mm_account_fault(m, ret);
			if (ret & VM_FAULT_ERROR)
				return -ENOMEM;
			vma = find_vma(mm, addr);	/* a fault never changes VMAs, but be safe */
			if (!vma)
				return 0;
		}
	}
	return 0;
}

/**
 * exit_mmap - tear down every mapping of @mm and its page tables.
 */
void exit_mmap(struct machine *m, struct mm_struct *mm)
{
	struct vm_area_struct *vma, *tmp;

	update_hiwater_rss(mm);
	list_for_each_entry(vma, &mm->mmap, struct vm_area_struct, vm_list)
		zap_page_range(m, vma, vma->vm_start, vma->vm_end);
	free_pgd_range(m, mm, 0, mm->task_size, 0, 0);
	list_for_each_entry_safe(vma, tmp, &mm->mmap, struct vm_area_struct, vm_list) {
		vma_unlink(mm, vma);
		remove_vma(m, vma);
	}
}
