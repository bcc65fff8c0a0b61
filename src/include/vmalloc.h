/* SPDX-License-Identifier: MIT */
/*
 * vmalloc.h - virtually contiguous kernel memory (include/linux/vmalloc.h).
 */
#ifndef MMSIM_VMALLOC_H
#define MMSIM_VMALLOC_H

#include <stddef.h>
#include "list.h"
#include "rbtree.h"
#include "gfp.h"
#include "mm_types.h"

/* vm_struct flags (include/linux/vmalloc.h) */
#define VM_IOREMAP	0x00000001
#define VM_ALLOC	0x00000002
#define VM_MAP		0x00000004
#define VM_USERMAP	0x00000008
#define VM_NO_GUARD	0x00000040

struct machine;

struct vm_struct {
	uint64_t addr;
	size_t size;			/* with the guard page */
	unsigned long flags;
	struct page **pages;
	unsigned int nr_pages;
	phys_addr_t phys_addr;
	const char *caller;
	uint64_t kobj;			/* its kzalloc'd twin in simulated RAM (kmalloc-64) */
	uint64_t pages_kobj;		/* the pages array's kmalloc twin, 0 above a page */
};

struct vmap_area {
	uint64_t va_start, va_end;	/* [start, end) */
	struct rb_node rb_node;		/* in the busy tree, by address */
	struct list_head list;		/* busy, free or purge list, by address */
	struct vm_struct *vm;
	uint64_t kobj;			/* its object in the vmap_area cache (0: none) */
};

struct kmem_cache;

struct vmalloc_state {
	struct machine *machine;
	struct kmem_cache *vmap_area_cachep;	/* KMEM_CACHE(vmap_area, SLAB_PANIC) */
	struct rb_root busy_root;
	struct list_head busy_list;	/* sorted by address (vmallocinfo) */
	struct list_head free_list;	/* free space, sorted, coalesced */
	struct list_head purge_list;	/* freed, TLB not yet flushed */
	unsigned long vmap_lazy_nr;	/* pages waiting on the purge list */
	unsigned long nr_vmalloc_pages;
	unsigned long nr_purges;
};

int vmalloc_init(struct machine *m);
struct vmap_area *find_vmap_area(struct vmalloc_state *vs, uint64_t addr);
void vmalloc_release(struct machine *m);
uint64_t __vmalloc_node(struct machine *m, size_t size, gfp_t gfp, int node,
			const char *caller);
uint64_t vmalloc(struct machine *m, size_t size);
uint64_t vzalloc(struct machine *m, size_t size);
uint64_t vmalloc_node(struct machine *m, size_t size, int node);
void vfree(struct machine *m, uint64_t addr);
uint64_t vmap(struct machine *m, struct page **pages, unsigned int count,
	      unsigned long flags);
void vunmap(struct machine *m, uint64_t addr);
uint64_t ioremap(struct machine *m, phys_addr_t phys, size_t size);
void iounmap(struct machine *m, uint64_t addr);
struct page *vmalloc_to_page(struct machine *m, uint64_t addr);
bool is_vmalloc_addr(struct machine *m, uint64_t addr);
void purge_vmap_area_lazy(struct machine *m);
unsigned long vmalloc_nr_pages(struct machine *m);
unsigned long lazy_max_pages(struct machine *m);

struct vm_struct **pcpu_get_vm_areas(struct machine *m, const unsigned long *offsets,
				     const size_t *sizes, int nr_vms, size_t align);
void pcpu_free_vm_areas(struct machine *m, struct vm_struct **vms, int nr_vms);

struct seq_file;
void show_vmallocinfo(struct machine *m, struct seq_file *s);

#endif /* MMSIM_VMALLOC_H */
