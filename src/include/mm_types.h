/* SPDX-License-Identifier: MIT */
/*
 * mm_types.h - struct page and the page flags (include/linux/mm_types.h,
 * include/linux/page-flags.h).
 *
 * Every page frame of simulated RAM has one struct page, 64 bytes like
 * Linux's, kept in the vmemmap array (see mm_init.c).  The layout follows
 * Linux: flags (with the zone and node numbers in the top bits), a union
 * whose first word doubles as compound_head on tail pages, the map and
 * reference counts.
 *
 * Simplification: Linux marks free buddy pages with a page *type* stored
 * over _mapcount; mmsim uses a flag bit (PG_buddy) so that _mapcount keeps
 * its meaning and "freeing a mapped page" stays detectable.
 */
#ifndef MMSIM_MM_TYPES_H
#define MMSIM_MM_TYPES_H

#include <stdint.h>
#include "list.h"
#include "rbtree.h"

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define PAGE_MASK	(~(PAGE_SIZE - 1))
#define MAX_PAGE_ORDER	10
#define NR_PAGE_ORDERS	(MAX_PAGE_ORDER + 1)
#define MAX_ORDER_NR_PAGES (1UL << MAX_PAGE_ORDER)
#define PAGE_ALLOC_COSTLY_ORDER 3

#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)
#define PFN_PHYS(x)	((uint64_t)(x) << PAGE_SHIFT)
#define PHYS_PFN(x)	((unsigned long)((x) >> PAGE_SHIFT))

typedef uint64_t phys_addr_t;

/* Page flags, in Linux 6.6's bit order (enum pageflags). */
enum pageflags {
	PG_locked,
	PG_writeback,
	PG_referenced,
	PG_uptodate,
	PG_dirty,
	PG_lru,
	PG_head,
	PG_waiters,
	PG_active,
	PG_workingset,
	PG_error,
	PG_slab,
	PG_owner_priv_1,
	PG_arch_1,
	PG_reserved,
	PG_private,
	PG_private_2,
	PG_mappedtodisk,
	PG_reclaim,
	PG_swapbacked,
	PG_unevictable,
	PG_mlocked,
	/* mmsim: Linux keeps this as a page type over _mapcount. */
	PG_buddy,
	__NR_PAGEFLAGS,
};

/*
 * The top of page->flags holds the node and the zone, as Linux's
 * NODES_PGSHIFT / ZONES_PGSHIFT layout does, so page_zone() needs no table.
 * Bits 48..51 keep the order a block was allocated with (what page_owner
 * would record), so that freeing with the wrong order is caught.
 */
#define NODES_SHIFT	4
#define ZONES_SHIFT	3
#define NODES_PGSHIFT	(64 - NODES_SHIFT)
#define ZONES_PGSHIFT	(NODES_PGSHIFT - ZONES_SHIFT)
#define ALLOC_ORDER_PGSHIFT 48
#define ALLOC_ORDER_MASK 0xfUL

struct page {
	unsigned long flags;
	union {
		struct {
			/* buddy_list / pcp_list / lru: whoever owns the page */
			struct list_head lru;
			void *mapping;
			unsigned long index;	/* pcp: migratetype */
			unsigned long private;	/* buddy: order */
		};
		struct {	/* tail pages of a compound page */
			unsigned long compound_head;	/* head | 1 */
			unsigned long compound_order;	/* in the first tail */
		};
	};
	int _mapcount;		/* -1: not mapped */
	int _refcount;		/* 0: free */
	unsigned long memcg_data;
};

_Static_assert(sizeof(struct page) == 64, "struct page is 64 bytes, as Linux's");

#define PAGE_FLAGS_CHECK_AT_FREE                                              \
	(1UL << PG_lru | 1UL << PG_locked | 1UL << PG_private |               \
	 1UL << PG_private_2 | 1UL << PG_writeback | 1UL << PG_reserved |     \
	 1UL << PG_slab | 1UL << PG_active | 1UL << PG_unevictable |          \
	 1UL << PG_mlocked)
#define PAGE_FLAGS_CHECK_AT_PREP                                              \
	(((1UL << __NR_PAGEFLAGS) - 1) & ~(1UL << PG_buddy))

static inline bool test_page_flag(const struct page *p, int bit)
{
	return (p->flags >> bit) & 1;
}
static inline void set_page_flag(struct page *p, int bit)
{
	p->flags |= 1UL << bit;
}
static inline void clear_page_flag(struct page *p, int bit)
{
	p->flags &= ~(1UL << bit);
}

#define PAGEFLAG(Name, bit)                                                   \
	static inline bool Page##Name(const struct page *p)                  \
	{ return test_page_flag(p, bit); }                                    \
	static inline void SetPage##Name(struct page *p)                      \
	{ set_page_flag(p, bit); }                                            \
	static inline void ClearPage##Name(struct page *p)                    \
	{ clear_page_flag(p, bit); }

PAGEFLAG(Reserved, PG_reserved)
PAGEFLAG(Buddy, PG_buddy)
PAGEFLAG(Head, PG_head)
PAGEFLAG(Slab, PG_slab)
PAGEFLAG(LRU, PG_lru)
PAGEFLAG(Dirty, PG_dirty)
/* the page cache's flags (page-flags.h); PG_readahead is PG_reclaim */
#define PG_readahead PG_reclaim
PAGEFLAG(Locked, PG_locked)
PAGEFLAG(Uptodate, PG_uptodate)
PAGEFLAG(Writeback, PG_writeback)
PAGEFLAG(Readahead, PG_readahead)
PAGEFLAG(SwapBacked, PG_swapbacked)
PAGEFLAG(Referenced, PG_referenced)
PAGEFLAG(Active, PG_active)
PAGEFLAG(Workingset, PG_workingset)

static inline bool PageTail(const struct page *p)
{
	return p->compound_head & 1;
}

static inline struct page *compound_head(struct page *p)
{
	if (PageTail(p))
		return (struct page *)(p->compound_head - 1);
	return p;
}

static inline unsigned int compound_order(const struct page *head)
{
	return PageHead(head) ? (unsigned int)head[1].compound_order : 0;
}

static inline int page_ref_count(const struct page *p) { return p->_refcount; }
static inline void set_page_count(struct page *p, int v) { p->_refcount = v; }
static inline void page_mapcount_reset(struct page *p) { p->_mapcount = -1; }

static inline unsigned int page_zonenum(const struct page *p)
{
	return (p->flags >> ZONES_PGSHIFT) & ((1UL << ZONES_SHIFT) - 1);
}
static inline int page_to_nid(const struct page *p)
{
	return (int)(p->flags >> NODES_PGSHIFT);
}
static inline void set_page_links(struct page *p, unsigned int zone, int nid)
{
	p->flags &= ~((~0UL) << ZONES_PGSHIFT);
	p->flags |= (unsigned long)zone << ZONES_PGSHIFT;
	p->flags |= (unsigned long)nid << NODES_PGSHIFT;
}

/* buddy order of a free page (set_buddy_order / buddy_order) */
static inline unsigned int buddy_order(const struct page *p)
{
	return (unsigned int)p->private;
}
static inline void set_buddy_order(struct page *p, unsigned int order)
{
	p->private = order;
	SetPageBuddy(p);
}

/*
 * struct mm_struct - an address space.  This issue needs only its page
 * table and its TLB context; the processes issue adds the VMAs and the
 * counters.
 */
struct machine;
struct file;

/* The RSS counters of an mm (enum in include/linux/mm_types_task.h, 6.6). */
enum { MM_FILEPAGES, MM_ANONPAGES, MM_SWAPENTS, MM_SHMEMPAGES, NR_MM_COUNTERS };

struct mm_struct {
	phys_addr_t pgd;		/* the PGD frame (what CR3 points to) */
	uint64_t ctx_id;		/* mm->context.ctx_id: never reused */
	uint64_t tlb_gen;		/* bumped by every flush of this mm */
	uint64_t cpu_bitmap;		/* mm_cpumask: CPUs that ran it */
	unsigned long pgtables_bytes;	/* page-table pages, in bytes */
	bool is_init_mm;		/* the kernel's own (swapper_pg_dir) */
	struct list_head pgd_list;	/* on the machine's pgd_list (i386 sync) */
	struct machine *machine;
	/*
	 * The processes issue (include/linux/mm_types.h, 6.6): the VMAs, in a
	 * red-black tree by address (6.6 keeps a maple tree; the seeds
	 * describe the rbtree of earlier kernels) and a list in address
	 * order, and the counters /proc/<pid>/status shows.
	 */
	struct rb_root mm_rb;
	struct list_head mmap;		/* VMAs in address order (vm_list) */
	int map_count;
	int mm_users;			/* tasks using the address space */
	int mm_count;			/* references to the struct (mmgrab) */
	unsigned long total_vm, locked_vm, pinned_vm, data_vm, exec_vm, stack_vm;
	unsigned long hiwater_rss, hiwater_vm;
	unsigned long def_flags;	/* VM_LOCKED after mlockall(MCL_FUTURE) */
	long rss_stat[NR_MM_COUNTERS];
	unsigned long mmap_base, mmap_legacy_base, task_size;
	unsigned long start_code, end_code, start_data, end_data;
	unsigned long start_brk, brk, start_stack;
	unsigned long arg_start, arg_end, env_start, env_end;
	struct file *exe_file;		/* the program's file (a reference) */
	struct vm_area_struct *vmacache;	/* the last find_vma hit */
	uint64_t kobj;			/* its object in the mm_struct cache */
	unsigned long vdso;		/* mm->context.vdso: [vdso]'s start, 0 if none */
};

/*
 * struct vm_area_struct - one virtual memory area (mm_types.h): a range
 * [vm_start, vm_end) of an address space with one protection, one
 * backing and one set of flags.  vm_file is the mapped file, with a
 * reference (get_file); shared links the VMA on its mapping's i_mmap.
 * kobj is its twin object in the vm_area_struct cache.
 */
struct anon_vma;
struct vm_area_struct {
	unsigned long vm_start, vm_end;
	struct mm_struct *vm_mm;
	uint64_t vm_page_prot;		/* a pte_t */
	unsigned long vm_flags;
	struct rb_node vm_rb;
	struct list_head vm_list;	/* mm->mmap */
	unsigned long vm_pgoff;		/* in pages: file offset or addr >> PAGE_SHIFT */
	struct file *vm_file;
	struct anon_vma *anon_vma;
	struct list_head anon_vma_chain;	/* its anon_vma_chains (same_vma) */
	struct list_head shared;	/* on vm_file->f_mapping->i_mmap */
	const char *special_name;	/* "[vdso]"-style special mappings */
	uint64_t kobj;
};

#endif /* MMSIM_MM_TYPES_H */
