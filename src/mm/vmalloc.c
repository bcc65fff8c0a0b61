// SPDX-License-Identifier: MIT
/*
 * vmalloc.c - virtually contiguous kernel memory (Linux mm/vmalloc.c).
 *
 * vmalloc(size) finds a free range of kernel virtual addresses in
 * [VMALLOC_START, VMALLOC_END), allocates the pages one by one from the
 * buddy allocator (any zone: highmem too on i386), and maps them there in
 * the kernel page table.  The memory is contiguous only virtually.
 *
 * Each allocation is a vmap_area: busy ones sit in a red-black tree keyed
 * by address (find_vmap_area) and in an address-ordered list; free space
 * is a sorted, coalesced list of areas (Linux keeps an augmented rb-tree
 * for it; the first-fit-lowest-address policy is the same).  Every area
 * but VM_NO_GUARD ones ends with an unmapped guard page, so running off
 * the end faults.
 *
 * Freeing is lazy, as Linux's: vfree unmaps the pages and returns them to
 * the buddy allocator at once, but the address range waits on a purge
 * list, and the TLBs are not flushed, until lazy_max_pages() pages have
 * accumulated (32 MiB times log2 of the CPUs) or an allocation finds no
 * space; then one flush_tlb_kernel_range covers them all and the ranges
 * return to the free list.  Until then a CPU may still hold a stale TLB
 * entry for a freed address - the reason the flush is needed at all.
 *
 * Simplified: no per-CPU vmap blocks (vm_map_ram), no huge vmalloc
 * mappings, no KASAN shadow.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "mmu.h"
#include "pgalloc.h"
#include "slab.h"
#include "vmalloc.h"

/* sizeof(struct vmap_area) and sizeof(struct vm_struct) on 6.6 x86_64 */
#define VMAP_AREA_SIZE	72
#define VM_STRUCT_SIZE	64
/* the nested allocations take the caller's reclaim bits (GFP_RECLAIM_MASK) */
#define GFP_RECLAIM_MASK_VM (__GFP_RECLAIM | __GFP_HIGH | __GFP_IO | __GFP_FS | \
			     __GFP_NOWARN | __GFP_RETRY_MAYFAIL | __GFP_NOFAIL | __GFP_NORETRY)

/*
 * va_new / va_free - a vmap_area: the host struct the lists and the tree
 * link, and its twin object in the vmap_area cache (simulated RAM), so the
 * kernel's slab usage is what Linux's is.  Should the twin not be had (no
 * memory), the area goes on without one: only the count in slabinfo is
 * short, as it would be after Linux's preload fallback.
 */
static struct vmap_area *va_new(struct vmalloc_state *vs, uint64_t start, uint64_t end)
{
	struct vmap_area *va = calloc(1, sizeof(*va));

	if (!va)
		abort();
	va->va_start = start;
	va->va_end = end;
	INIT_LIST_HEAD(&va->list);
	RB_CLEAR_NODE(&va->rb_node);
	if (vs->vmap_area_cachep)
		va->kobj = kmem_cache_zalloc(vs->machine, vs->vmap_area_cachep,
					     GFP_KERNEL | __GFP_NOWARN);
	return va;
}

static void va_free(struct vmalloc_state *vs, struct vmap_area *va)
{
	if (va->kobj)
		kmem_cache_free(vs->machine, vs->vmap_area_cachep, va->kobj);
	free(va);
}

/* vm_new / vm_free - a vm_struct and its kzalloc'd twin (kmalloc-64). */
static struct vm_struct *vm_new(struct vmalloc_state *vs)
{
	struct vm_struct *vm = calloc(1, sizeof(*vm));

	if (!vm)
		abort();
	vm->kobj = kzalloc(vs->machine, VM_STRUCT_SIZE, GFP_KERNEL | __GFP_NOWARN);
	return vm;
}

static void vm_free(struct vmalloc_state *vs, struct vm_struct *vm)
{
	if (!vm)
		return;
	kfree(vs->machine, vm->kobj);
	kfree(vs->machine, vm->pages_kobj);
	free(vm->pages);
	free(vm);
}

/* Insert @va into the address-sorted @head. */
static void list_insert_sorted(struct vmap_area *va, struct list_head *head)
{
	struct vmap_area *pos;

	list_for_each_entry(pos, head, struct vmap_area, list)
		if (pos->va_start > va->va_start) {
			list_add_tail(&va->list, &pos->list);
			return;
		}
	list_add_tail(&va->list, head);
}

/*
 * Put [start, end) on the address-sorted @head, merging with its neighbours
 * (merge_or_add_vmap_area: the free list and the purge list both do this).
 */
static void merge_or_add_range(struct vmalloc_state *vs, struct list_head *head,
			       uint64_t start, uint64_t end)
{
	struct vmap_area *pos, *prev = NULL, *next = NULL;

	list_for_each_entry(pos, head, struct vmap_area, list) {
		if (pos->va_start >= end) {
			next = pos;
			break;
		}
		prev = pos;
	}
	if (prev && prev->va_end == start) {
		prev->va_end = end;
		if (next && next->va_start == end) {
			prev->va_end = next->va_end;
			list_del(&next->list);
			va_free(vs, next);
		}
		return;
	}
	if (next && next->va_start == end) {
		next->va_start = start;
		return;
	}
	list_insert_sorted(va_new(vs, start, end), head);
}

/* Give [start, end) back to the free list, merging with its neighbours. */
static void free_space_insert(struct vmalloc_state *vs, uint64_t start, uint64_t end)
{
	merge_or_add_range(vs, &vs->free_list, start, end);
}

/*
 * va_clip - take [start, end) out of the free area @va that holds it
 * (va_clip in Linux): all of it, its head, its tail, or its middle (the
 * area splits in two).
 */
static void va_clip(struct vmalloc_state *vs, struct vmap_area *va, uint64_t start,
		    uint64_t end)
{
	bool head = start > va->va_start, tail = end < va->va_end;

	if (!head && !tail) {
		list_del(&va->list);
		va_free(vs, va);
	} else if (!head) {
		va->va_start = end;
	} else if (!tail) {
		va->va_end = start;
	} else {
		struct vmap_area *rest = va_new(vs, end, va->va_end);

		va->va_end = start;
		list_add(&rest->list, &va->list);
	}
}

/* First fit, lowest address, @align a power of two. */
static bool free_space_take(struct vmalloc_state *vs, size_t size, uint64_t align,
			    uint64_t *out)
{
	struct vmap_area *va;

	list_for_each_entry(va, &vs->free_list, struct vmap_area, list) {
		uint64_t start = (va->va_start + align - 1) & ~(align - 1);
		uint64_t end = start + size;

		if (start < va->va_start || end > va->va_end || end < start)
			continue;
		va_clip(vs, va, start, end);
		*out = start;
		return true;
	}
	return false;
}

static int va_cmp(const void *key, const struct rb_node *node)
{
	uint64_t addr = *(const uint64_t *)key;
	const struct vmap_area *va = rb_entry(node, struct vmap_area, rb_node);

	if (addr < va->va_start)
		return -1;
	return addr >= va->va_end ? 1 : 0;
}

static bool va_less(struct rb_node *a, const struct rb_node *b)
{
	return rb_entry(a, struct vmap_area, rb_node)->va_start <
	       rb_entry(b, struct vmap_area, rb_node)->va_start;
}

/**
 * find_vmap_area - the busy area containing @addr, or NULL.
 */
struct vmap_area *find_vmap_area(struct vmalloc_state *vs, uint64_t addr)
{
	struct rb_node *n = rb_find(&addr, &vs->busy_root, va_cmp);

	return n ? rb_entry(n, struct vmap_area, rb_node) : NULL;
}

/**
 * lazy_max_pages - how many lazily freed pages may wait before a purge:
 * fls(num_online_cpus()) * 32 MiB worth.
 */
unsigned long lazy_max_pages(struct machine *m)
{
	unsigned long log = (unsigned long)(32 - __builtin_clz((unsigned int)m->nr_cpu_ids));

	return log * ((32UL << 20) / PAGE_SIZE);
}

/**
 * purge_vmap_area_lazy - flush the TLBs for every lazily freed range at
 * once and make the ranges free again (__purge_vmap_area_lazy).
 */
void purge_vmap_area_lazy(struct machine *m)
{
	struct vmalloc_state *vs = m->vmalloc;
	struct vmap_area *va, *n;
	uint64_t start = ~0ULL, end = 0;

	if (list_empty(&vs->purge_list))
		return;
	list_for_each_entry(va, &vs->purge_list, struct vmap_area, list) {
		if (va->va_start < start)
			start = va->va_start;
		if (va->va_end > end)
			end = va->va_end;
	}
	flush_tlb_kernel_range(m, start, end);
	list_for_each_entry_safe(va, n, &vs->purge_list, struct vmap_area, list) {
		list_del(&va->list);
		free_space_insert(vs, va->va_start, va->va_end);
		va_free(vs, va);
	}
	vs->vmap_lazy_nr = 0;
	vs->nr_purges++;
}

/*
 * alloc_vmap_area - reserve @size bytes (guard included) of vmalloc space;
 * on failure purge the lazy list and try once more, then warn as Linux does.
 */
static struct vmap_area *alloc_vmap_area(struct machine *m, size_t size, uint64_t align,
					 gfp_t gfp)
{
	struct vmalloc_state *vs = m->vmalloc;
	struct vmap_area *va;
	uint64_t addr;

	if (!free_space_take(vs, size, align, &addr)) {
		purge_vmap_area_lazy(m);
		if (!free_space_take(vs, size, align, &addr)) {
			if (!(gfp & __GFP_NOWARN))
				pr_warn(m, "vmap allocation for size %zu failed: use vmalloc=<size> to increase size",
					size);
			return NULL;
		}
	}
	va = va_new(vs, addr, addr + size);
	rb_add(&va->rb_node, &vs->busy_root, va_less);
	list_insert_sorted(va, &vs->busy_list);
	return va;
}

/* The area leaves the busy tree and waits for the next purge. */
static void free_vmap_area_noflush(struct machine *m, struct vmap_area *va)
{
	struct vmalloc_state *vs = m->vmalloc;

	rb_erase(&va->rb_node, &vs->busy_root);
	list_del(&va->list);
	vm_free(vs, va->vm);
	va->vm = NULL;
	vs->vmap_lazy_nr += (va->va_end - va->va_start) >> PAGE_SHIFT;
	/* merged into the address-sorted purge list, as Linux's purge tree */
	merge_or_add_range(vs, &vs->purge_list, va->va_start, va->va_end);
	va_free(vs, va);
	if (vs->vmap_lazy_nr > lazy_max_pages(m))
		purge_vmap_area_lazy(m);
}

/* Map @nr pages at @addr in the kernel page table (vmap_pages_range). */
static int vmap_pages_range(struct machine *m, uint64_t addr, struct page **pages,
			    unsigned int nr, pte_t prot)
{
	for (unsigned int i = 0; i < nr; i++)
		if (set_pte_at(m, &m->init_mm, addr + (uint64_t)i * PAGE_SIZE,
			       page_to_pfn(m, pages[i]), prot))
			return -ENOMEM;
	return 0;
}

/* Clear the PTEs of [addr, addr + size) without flushing the TLBs. */
static void vunmap_range_noflush(struct machine *m, uint64_t addr, size_t size)
{
	for (uint64_t va = addr; va < addr + size; va += PAGE_SIZE)
		pte_clear(m, &m->init_mm, va);
}

static struct vmap_area *get_vm_area(struct machine *m, size_t size, unsigned long flags,
				     gfp_t gfp, const char *caller)
{
	size_t full = ((size + PAGE_SIZE - 1) & PAGE_MASK) +
		      ((flags & VM_NO_GUARD) ? 0 : PAGE_SIZE);
	struct vmap_area *va = alloc_vmap_area(m, full, PAGE_SIZE, gfp);
	struct vm_struct *vm;

	if (!va)
		return NULL;
	vm = vm_new(m->vmalloc);
	vm->addr = va->va_start;
	vm->size = full;
	vm->flags = flags;
	vm->caller = caller;
	va->vm = vm;
	return va;
}

/**
 * __vmalloc_node - @size bytes of virtually contiguous memory from pages
 * of any zone (preferring @node), mapped PAGE_KERNEL.  Returns the address,
 * or 0 (with Linux's "vmalloc error: size …" warning) on failure.
 */
uint64_t __vmalloc_node(struct machine *m, size_t size, gfp_t gfp, int node,
			const char *caller)
{
	struct vmap_area *va;
	struct vm_struct *vm;
	unsigned int nr;

	if (size == 0)
		return 0;
	if ((size >> PAGE_SHIFT) > m->totalram_pages) {
		if (!(gfp & __GFP_NOWARN))
			pr_warn(m, "%s: vmalloc error: size %zu, exceeds total pages, mode:0x%x, nodemask=(null),cpuset=/,mems_allowed=0",
				this_cpu(m)->comm, size, gfp);
		return 0;
	}
	va = get_vm_area(m, size, VM_ALLOC, gfp, caller);
	if (!va)
		goto fail;
	vm = va->vm;
	nr = (unsigned int)(((size + PAGE_SIZE - 1) & PAGE_MASK) >> PAGE_SHIFT);
	vm->pages = calloc(nr, sizeof(*vm->pages));
	if (!vm->pages)
		abort();
	/*
	 * __vmalloc_area_node: the page array is kmalloc'd up to a page
	 * (larger ones are vmalloc'd in Linux; mmsim keeps those host-only)
	 */
	if ((size_t)nr * sizeof(uint64_t) <= PAGE_SIZE)
		vm->pages_kobj = kmalloc_node(m, (size_t)nr * sizeof(uint64_t),
					      (gfp & GFP_RECLAIM_MASK_VM) | __GFP_NOWARN, node);
	for (unsigned int i = 0; i < nr; i++) {
		struct page *page = alloc_pages_node(m, node, gfp | __GFP_HIGHMEM, 0);

		if (!page) {
			vm->nr_pages = i;
			vfree(m, vm->addr);
			goto fail;
		}
		vm->pages[i] = page;
		vm->nr_pages = i + 1;
	}
	if (vmap_pages_range(m, vm->addr, vm->pages, nr, __PAGE_KERNEL)) {
		vfree(m, vm->addr);
		goto fail;
	}
	m->vmalloc->nr_vmalloc_pages += nr;
	return vm->addr;
fail:
	if (!(gfp & __GFP_NOWARN))
		pr_warn(m, "%s: vmalloc error: size %zu, vm_struct allocation failed, mode:0x%x, nodemask=(null),cpuset=/,mems_allowed=0",
			this_cpu(m)->comm, size, gfp);
	return 0;
}

/** vmalloc - __vmalloc_node(GFP_KERNEL) on any node. */
uint64_t vmalloc(struct machine *m, size_t size)
{
	return __vmalloc_node(m, size, GFP_KERNEL, NUMA_NO_NODE, "vmalloc");
}

/** vzalloc - zeroed vmalloc. */
uint64_t vzalloc(struct machine *m, size_t size)
{
	return __vmalloc_node(m, size, GFP_KERNEL | __GFP_ZERO, NUMA_NO_NODE, "vzalloc");
}

/** vmalloc_node - vmalloc with pages preferably from @node. */
uint64_t vmalloc_node(struct machine *m, size_t size, int node)
{
	return __vmalloc_node(m, size, GFP_KERNEL, node, "vmalloc_node");
}

/* Undo any area: unmap, maybe free its pages, queue it for the purge. */
static void remove_vm_area(struct machine *m, struct vmap_area *va, bool free_pages_too)
{
	struct vm_struct *vm = va->vm;

	vunmap_range_noflush(m, va->va_start, vm->size);
	if (free_pages_too) {
		for (unsigned int i = 0; i < vm->nr_pages; i++)
			__free_pages(m, vm->pages[i], 0);
		if (vm->flags & VM_ALLOC)
			m->vmalloc->nr_vmalloc_pages -= vm->nr_pages;
	}
	free_vmap_area_noflush(m, va);
}

static struct vmap_area *find_start(struct machine *m, uint64_t addr, const char *fn)
{
	struct vmap_area *va = find_vmap_area(m->vmalloc, addr);

	if (!va || va->va_start != addr) {
		printk(m, "WARNING: CPU: %d PID: %d at mm/vmalloc.c: %s\n"
		       "Trying to %s() nonexistent vm area (%016llx)",
		       m->cpu, this_cpu(m)->pid, fn, fn, (unsigned long long)addr);
		return NULL;
	}
	return va;
}

/**
 * vfree - free what vmalloc returned (0 is ignored); an address vmalloc
 * never returned gets Linux's WARNING and nothing else happens.
 */
void vfree(struct machine *m, uint64_t addr)
{
	struct vmap_area *va;

	if (!addr)
		return;
	va = find_start(m, addr, "vfree");
	if (!va)
		return;
	if (!(va->vm->flags & VM_ALLOC)) {
		printk(m, "WARNING: CPU: %d PID: %d at mm/vmalloc.c: vfree of a non-vmalloc area %016llx",
		       m->cpu, this_cpu(m)->pid, (unsigned long long)addr);
		return;
	}
	remove_vm_area(m, va, true);
}

/**
 * vmap - map @count existing pages contiguously in the vmalloc space.
 */
uint64_t vmap(struct machine *m, struct page **pages, unsigned int count,
	      unsigned long flags)
{
	struct vmap_area *va = get_vm_area(m, (size_t)count << PAGE_SHIFT,
					   (flags & ~VM_ALLOC) | VM_MAP, GFP_KERNEL, "vmap");

	if (!va)
		return 0;
	/*
	 * The pages stay the caller's: Linux records them in the vm_struct
	 * only for VM_MAP_PUT_PAGES, so vmallocinfo shows no pages= here.
	 */
	if (vmap_pages_range(m, va->va_start, pages, count, __PAGE_KERNEL)) {
		remove_vm_area(m, va, false);
		return 0;
	}
	return va->va_start;
}

/**
 * vunmap - undo vmap; the pages stay the caller's.
 */
void vunmap(struct machine *m, uint64_t addr)
{
	struct vmap_area *va = addr ? find_start(m, addr, "vunmap") : NULL;

	if (va)
		remove_vm_area(m, va, false);
}

/**
 * ioremap - map device memory at physical [@phys, @phys + @size) uncached.
 */
uint64_t ioremap(struct machine *m, phys_addr_t phys, size_t size)
{
	phys_addr_t base = phys & PAGE_MASK;
	size_t len = ((phys + size + PAGE_SIZE - 1) & PAGE_MASK) - base;
	struct vmap_area *va = get_vm_area(m, len, VM_IOREMAP, GFP_KERNEL, "ioremap");
	int lvl = m->arch->mmu->levels - 1;

	if (!va)
		return 0;
	va->vm->phys_addr = base;
	for (size_t off = 0; off < len; off += PAGE_SIZE)
		if (pt_set(m, &m->init_mm, va->va_start + off, base + off,
			   __PAGE_KERNEL | _PAGE_PCD | _PAGE_PWT, lvl)) {
			remove_vm_area(m, va, false);
			return 0;
		}
	return va->va_start + (phys & ~PAGE_MASK);
}

/** iounmap - undo ioremap. */
void iounmap(struct machine *m, uint64_t addr)
{
	struct vmap_area *va = addr ? find_start(m, addr & PAGE_MASK, "iounmap") : NULL;

	if (va)
		remove_vm_area(m, va, false);
}

/**
 * is_vmalloc_addr - is @addr inside [VMALLOC_START, VMALLOC_END)?
 */
bool is_vmalloc_addr(struct machine *m, uint64_t addr)
{
	return addr >= m->layout.vmalloc_start && addr < m->layout.vmalloc_end;
}

/**
 * vmalloc_to_page - the page mapped at vmalloc address @addr, or NULL.
 */
struct page *vmalloc_to_page(struct machine *m, uint64_t addr)
{
	int level;
	pte_t e;

	if (!is_vmalloc_addr(m, addr))
		return NULL;
	e = pt_lookup(m, &m->init_mm, addr, &level, NULL);
	if (!pte_present(e))
		return NULL;
	return pfn_to_page(m, pte_pfn_fmt(m->arch->mmu, e) +
			   ((addr & (pt_level_size(m->arch->mmu, level) - 1)) >> PAGE_SHIFT));
}

/** vmalloc_nr_pages - pages vmalloc holds (meminfo's VmallocUsed). */
unsigned long vmalloc_nr_pages(struct machine *m)
{
	return m->vmalloc ? m->vmalloc->nr_vmalloc_pages : 0;
}

/**
 * show_vmallocinfo - /proc/vmallocinfo: one line per area, by address.
 */
void show_vmallocinfo(struct machine *m, struct seq_file *s)
{
	struct vmalloc_state *vs = m->vmalloc;
	int w = m->arch->bits == 64 ? 16 : 8;
	struct vmap_area *va;

	list_for_each_entry(va, &vs->busy_list, struct vmap_area, list) {
		struct vm_struct *v = va->vm;
		unsigned int per_node[MAX_NUMNODES] = { 0 };

		seq_printf(s, "0x%0*llx-0x%0*llx %7zu", w, (unsigned long long)v->addr, w,
			   (unsigned long long)(v->addr + v->size), v->size);
		if (v->caller)
			seq_printf(s, " %s", v->caller);
		if (v->nr_pages)
			seq_printf(s, " pages=%u", v->nr_pages);
		if (v->phys_addr)
			seq_printf(s, " phys=0x%0*llx", w, (unsigned long long)v->phys_addr);
		if (v->flags & VM_IOREMAP)
			seq_puts(s, " ioremap");
		if (v->flags & VM_ALLOC)
			seq_puts(s, " vmalloc");
		if (v->flags & VM_MAP)
			seq_puts(s, " vmap");
		for (unsigned int i = 0; i < v->nr_pages; i++)
			per_node[page_to_nid(v->pages[i])]++;
		for (int nid = 0; nid < m->nr_node_ids && v->nr_pages; nid++)
			if (per_node[nid])
				seq_printf(s, " N%d=%u", nid, per_node[nid]);
		seq_putc(s, '\n');
	}
	list_for_each_entry(va, &vs->purge_list, struct vmap_area, list)
		seq_printf(s, "0x%0*llx-0x%0*llx %7llu unpurged vm_area\n", w,
			   (unsigned long long)va->va_start, w, (unsigned long long)va->va_end,
			   (unsigned long long)(va->va_end - va->va_start));
}

/**
 * vmalloc_init - the whole [VMALLOC_START, VMALLOC_END) is free.
 */
int vmalloc_init(struct machine *m)
{
	struct vmalloc_state *vs = calloc(1, sizeof(*vs));

	if (!vs)
		return -ENOMEM;
	vs->machine = m;
	vs->busy_root = RB_ROOT;
	INIT_LIST_HEAD(&vs->busy_list);
	INIT_LIST_HEAD(&vs->free_list);
	INIT_LIST_HEAD(&vs->purge_list);
	m->vmalloc = vs;
	/*
	 * vmap_init_free_space: the one free area covering it all is boot
	 * bookkeeping, host memory only, as mmsim keeps boot-time structures
	 * (so booting allocates no slab page); vmap_area_cachep =
	 * KMEM_CACHE(vmap_area, SLAB_PANIC) serves every area made after.
	 */
	free_space_insert(vs, m->layout.vmalloc_start, m->layout.vmalloc_end);
	vs->vmap_area_cachep = KMEM_CACHE(m, "vmap_area", VMAP_AREA_SIZE, 8, SLAB_PANIC);
	return 0;
}

/** vmalloc_release - host memory of the bookkeeping (machine teardown). */
void vmalloc_release(struct machine *m)
{
	struct vmalloc_state *vs = m->vmalloc;
	struct vmap_area *va, *n;

	if (!vs)
		return;
	struct list_head *lists[] = { &vs->busy_list, &vs->free_list, &vs->purge_list };

	for (int i = 0; i < 3; i++)
		list_for_each_entry_safe(va, n, lists[i], struct vmap_area, list) {
			if (va->vm)
				free(va->vm->pages);
			free(va->vm);
			free(va);
		}
	free(vs);
	m->vmalloc = NULL;
}

/* Carve exactly [start, end) out of the free region that holds it. */
static bool free_space_take_exact(struct vmalloc_state *vs, uint64_t start, uint64_t end)
{
	struct vmap_area *va;

	list_for_each_entry(va, &vs->free_list, struct vmap_area, list) {
		if (va->va_start > start || va->va_end < end)
			continue;
		va_clip(vs, va, start, end);
		return true;
	}
	return false;
}

/* Does a free region hold [start, end)?  If not, the highest end <= @end
 * at which an area of @size could end (0: none). */
static uint64_t free_space_fit_below(struct vmalloc_state *vs, uint64_t start, uint64_t end,
				     uint64_t size, bool *fits)
{
	struct vmap_area *va;
	uint64_t best = 0;

	*fits = false;
	list_for_each_entry(va, &vs->free_list, struct vmap_area, list) {
		uint64_t e = va->va_end < end ? va->va_end : end;

		if (va->va_start <= start && end <= va->va_end) {
			*fits = true;
			return end;
		}
		if (va->va_start < e && e - va->va_start >= size && e > best)
			best = e;
	}
	return best;
}

/* One search from the top of the vmalloc space (pcpu_get_vm_areas). */
static bool pcpu_find_vm_base(struct machine *m, const unsigned long *offsets,
			      const size_t *sizes, int nr_vms, size_t align, uint64_t *out)
{
	struct vmalloc_state *vs = m->vmalloc;
	uint64_t last_end = 0, first_off = ~0ULL, base;

	for (int i = 0; i < nr_vms; i++) {
		if (offsets[i] + sizes[i] > last_end)
			last_end = offsets[i] + sizes[i];
		if (offsets[i] < first_off)
			first_off = offsets[i];
	}
	if (m->layout.vmalloc_end - m->layout.vmalloc_start < last_end)
		return false;
	base = (m->layout.vmalloc_end - last_end) & ~((uint64_t)align - 1);
	for (;;) {
		bool all = true;

		if (base + first_off < m->layout.vmalloc_start || base + first_off < base)
			return false;
		for (int i = 0; i < nr_vms; i++) {
			uint64_t s = base + offsets[i], e = s + sizes[i];
			bool fits;
			uint64_t below = free_space_fit_below(vs, s, e, sizes[i], &fits);

			if (fits)
				continue;
			all = false;
			if (below < sizes[i] + offsets[i])
				return false;
			base = (below - sizes[i] - offsets[i]) & ~((uint64_t)align - 1);
			break;
		}
		if (all) {
			*out = base;
			return true;
		}
	}
}

/**
 * pcpu_get_vm_areas - congruent vm areas for a per-CPU chunk: area i at
 * base + @offsets[i], @sizes[i] long, for one base aligned to @align,
 * searched downwards from VMALLOC_END as Linux does to keep them away
 * from ordinary vmallocs.  VM_ALLOC areas without guard pages and without
 * pages of their own (the per-CPU allocator maps its pages itself), shown
 * in /proc/vmallocinfo with "pcpu_get_vm_areas" as the caller.  Returns a
 * malloc'd array of @nr_vms areas, or NULL (a lazy purge is tried first).
 */
struct vm_struct **pcpu_get_vm_areas(struct machine *m, const unsigned long *offsets,
				     const size_t *sizes, int nr_vms, size_t align)
{
	struct vmalloc_state *vs = m->vmalloc;
	struct vm_struct **vms;
	uint64_t base;

	if (!vs || nr_vms <= 0)
		return NULL;
	if (!pcpu_find_vm_base(m, offsets, sizes, nr_vms, align, &base)) {
		purge_vmap_area_lazy(m);
		if (!pcpu_find_vm_base(m, offsets, sizes, nr_vms, align, &base))
			return NULL;
	}
	vms = calloc((size_t)nr_vms, sizeof(*vms));
	if (!vms)
		abort();
	for (int i = 0; i < nr_vms; i++) {
		uint64_t s = base + offsets[i];
		struct vmap_area *va = va_new(vs, s, s + sizes[i]);
		struct vm_struct *vm = vm_new(vs);

		if (!free_space_take_exact(vs, s, s + sizes[i]))
			abort();
		vm->addr = s;
		vm->size = sizes[i];
		vm->flags = VM_ALLOC;
		vm->caller = "pcpu_get_vm_areas";
		va->vm = vm;
		rb_add(&va->rb_node, &vs->busy_root, va_less);
		list_insert_sorted(va, &vs->busy_list);
		vms[i] = vm;
	}
	return vms;
}

/**
 * pcpu_free_vm_areas - give back what pcpu_get_vm_areas returned (the
 * caller has unmapped and freed the pages); the ranges wait for the lazy
 * purge like any vfree'd area.
 */
void pcpu_free_vm_areas(struct machine *m, struct vm_struct **vms, int nr_vms)
{
	for (int i = 0; i < nr_vms; i++) {
		struct vmap_area *va = find_vmap_area(m->vmalloc, vms[i]->addr);

		if (va && va->vm == vms[i])
			free_vmap_area_noflush(m, va);
	}
	free(vms);
}
