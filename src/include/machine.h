/* SPDX-License-Identifier: MIT */
/*
 * machine.h - struct machine: everything one simulated computer is.
 *
 * There are no mutable globals in mmsim.  A machine owns its RAM (host
 * memory reserved lazily), its firmware memory map, memblock, the struct
 * page array, its nodes and zones, its CPUs, its counters and its kernel
 * log; every kernel function reaches state through the machine it is
 * given or through a handle that leads back to one (zone -> node ->
 * machine).
 */
#ifndef MMSIM_MACHINE_H
#define MMSIM_MACHINE_H

#include <stdbool.h>
#include <stdint.h>
#include "mmsim/mmsim.h"
#include "arch.h"
#include "memblock.h"
#include "mm_types.h"
#include "mmzone.h"
#include "printk.h"
#include "random.h"
#include "tlb.h"
#include "cache.h"
#include "sched.h"

struct vmalloc_state;
struct pkmap_state;
struct slab_state;
struct cma_state;
struct pcpu_state;
struct pagecache_state;
struct vm_state;

struct e820_table {
	int nr_entries;
	struct mms_e820_entry entries[MMS_E820_MAX];
};

/* The simulated kernel image, its sections placed from physical_start. */
struct kernel_image {
	phys_addr_t start;
	unsigned long text_kb, rodata_kb, rwdata_kb, init_kb, bss_kb;
	phys_addr_t init_start;		/* freed after boot */
};

/* Linux's per-CPU ASID slots (arch/x86/mm/tlb.c, TLB_NR_DYN_ASIDS). */
#define TLB_NR_DYN_ASIDS 6

struct tlb_context {
	uint64_t ctx_id;
	uint64_t tlb_gen;
};

struct cpu_state {
	int id;
	int node;
	char comm[16];			/* "current" on this CPU */
	int pid;
	/* The MMU's registers and caches. */
	phys_addr_t cr3;		/* the PGD frame in use */
	uint16_t pcid;			/* PCID of CR3 (asid + 1; 0 without PCID) */
	struct mm_struct *loaded_mm;
	uint16_t loaded_mm_asid;
	uint16_t next_asid;
	struct tlb_context ctxs[TLB_NR_DYN_ASIDS];
	struct tlb tlb;
	struct cpu_caches caches;
	uint64_t cycles;		/* simulated time spent on this CPU */
	int kmap_ctrl_idx;		/* kmap_local slots in use (a stack) */
	/*
	 * In a uaccess routine (src/arch/uaccess.c, between user_access_begin
	 * and user_access_end): its loads and stores have exception-table
	 * fixups, so fixup_exception (src/arch/extable.c) turns a fault the
	 * kernel cannot fix into the routine's error return, not an oops.
	 */
	bool uaccess;
};

/*
 * The kernel's virtual memory layout (arch/x86/include/asm/
 * pgtable_64_types.h, pgtable_32_areas.h, fixmap.h), computed at boot.
 */
struct kernel_layout {
	uint64_t page_offset;		/* the direct map of RAM */
	uint64_t high_memory;		/* end of the direct map (lowmem on i386) */
	uint64_t vmalloc_start, vmalloc_end;	/* [start, end) */
	uint64_t vmemmap_start;		/* x86_64: the struct page array */
	uint64_t pkmap_base;		/* i386: persistent kmaps */
	unsigned int last_pkmap;	/* LAST_PKMAP */
	uint64_t cpu_entry_area_base, cpu_entry_area_size;
	uint64_t ldt_base;
	uint64_t fixaddr_top, fixaddr_start;
	unsigned int nr_fixmap;		/* permanent fixmap slots */
	unsigned int fix_kmap_begin;	/* first kmap_local slot (per CPU KM_MAX_IDX) */
	uint64_t kernel_text_map;	/* x86_64 __START_KERNEL_map */
	uint64_t modules_vaddr, modules_end;
	unsigned long maxmem_pfn;	/* i386 MAXMEM >> PAGE_SHIFT */
};

#define KM_MAX_IDX 16

/* Kinds of memory access, and the privilege they are made with. */
enum mmu_access { ACCESS_READ, ACCESS_WRITE, ACCESS_FETCH };
enum mmu_mode { MODE_KERNEL, MODE_USER };

/*
 * The kernel's page-fault handler: called by the MMU with the faulting
 * address and x86 error code.  Returns 0 if it fixed the mapping (the
 * access is retried) or a negative errno (the access fails).
 */
typedef int (*page_fault_handler_t)(struct machine *m, uint64_t va,
				    unsigned int error_code);

/* Simulated-time costs, in CPU cycles (defaults: a recent x86 server). */
struct cost_model {
	uint32_t cpu_mhz;
	uint32_t tlb_l1_hit, tlb_stlb_hit;
	uint32_t walk_step;		/* per entry read, besides its memory cost */
	uint32_t cache_hit[CACHE_NR_LEVELS];
	uint32_t dram;
	uint32_t minor_fault, major_fault;	/* a page fault; a disk read */
};

struct machine {
	struct mms_config cfg;
	const struct arch_profile *arch;
	struct rnd_state rnd;

	/* Physical memory: host bytes of simulated RAM, and its frames. */
	uint8_t *ram;
	size_t ram_len;
	unsigned long max_pfn;		/* one past the last frame of RAM */
	unsigned long memmap_pfns;	/* struct pages: max_pfn up to a section */
	struct e820_table e820;
	struct memblock memblock;
	struct page *vmemmap;		/* struct page for pfn 0 .. max_pfn-1 */
	size_t vmemmap_len;
	struct kernel_image image;

	/* Topology. */
	int nr_node_ids;
	int nr_cpu_ids;
	pg_data_t *node_data[MAX_NUMNODES];
	struct cpu_state cpus[MAX_CPUS];
	int cpu;			/* the CPU calls run on now */
	unsigned int pageblock_order;
	unsigned long pageblock_nr_pages;

	/* Page allocator tunables and totals. */
	unsigned long min_free_kbytes;
	unsigned long user_min_free_kbytes;
	int watermark_scale_factor;
	unsigned long totalram_pages;
	unsigned long totalreserve_pages;
	unsigned long totalhigh_pages;
	unsigned long totalcma_pages;
	unsigned long physpages;		/* pages memblock.memory covered */
	bool page_group_by_mobility_disabled;

	/* Global counters (the per-zone/per-node ones live there). */
	long vm_zone_stat[NR_VM_ZONE_STAT_ITEMS];
	long vm_node_stat[NR_VM_NODE_STAT_ITEMS];
	unsigned long vm_numa_event[NR_VM_NUMA_EVENT_ITEMS];
	unsigned long vm_events[NR_VM_EVENT_ITEMS];

	/* Hardware: MMU, TLBs, caches, time. */
	struct kernel_layout layout;
	struct vmalloc_state *vmalloc;
	struct pkmap_state *pkmap;
	struct slab_state *slab;		/* the object allocator (slab.h) */
	struct kernel_caches kcaches;		/* task_struct, mm_struct ... (sched.h) */
	struct cma_state *cma;			/* CMA areas (cma.h); NULL without cma= */
	struct pcpu_state *percpu;		/* the per-CPU allocator (percpu.h) */
	struct pagecache_state *pagecache;	/* files, page cache, writeback (blkdev.h) */
	struct mm_struct init_mm;		/* the kernel's page table */
	struct list_head pgd_list;		/* every other PGD (pgd_list) */
	struct tlb_shifts tlb_shifts;
	struct tlb_config tlb_cfg;		/* every CPU's TLB geometry */
	struct cache_config cache_cfg;
	bool caches_enabled;
	struct cache llc;
	struct cost_model cost;
	page_fault_handler_t fault_handler;
	bool tlb_verify;			/* check every TLB hit against a walk */
	unsigned long tlb_stale_hits;		/* hits that disagreed with a walk */
	uint64_t next_ctx_id;
	unsigned long direct_pages_count[3];	/* 4K, 2M/4M, 1G pages of the direct map */
	int tlb_single_page_flush_ceiling;

	/* Kernel log and clock. */
	struct printk_log log;
	uint64_t nopage_rs_last;		/* warn_alloc's rate limit */
	bool nopage_rs_begun;
	unsigned long nopage_rs_missed;
	const char *const *dump_stack_trace;	/* frames the next dump_stack shows */
	uint64_t clock_ns;
	/*
	 * cpu_account's division by cost.cpu_mhz as a multiply (libdivide's
	 * branch-free unsigned 64-bit scheme, exact for every numerator):
	 * valid while clock_div_d == cost.cpu_mhz (0: not computed yet;
	 * cpu_account_div computes it, and divides when it cannot).
	 */
	uint64_t clock_div_magic;
	uint32_t clock_div_d;
	uint32_t clock_div_shift;
	unsigned long taint;
	unsigned long nr_bad_pages;		/* bad_page reports so far */
	bool booted;
	bool uaccess_gp_warned;			/* ex_handler_uaccess's WARN_ONCE */
	struct vm_state *vm;			/* processes and address spaces (mm.h); NULL until used */
};

#define TAINT_BAD_PAGE 5

static inline struct cpu_state *this_cpu(struct machine *m)
{
	return &m->cpus[m->cpu];
}

static inline pg_data_t *NODE_DATA(struct machine *m, int nid)
{
	return m->node_data[nid];
}

#define for_each_online_node(m, nid) \
	for ((nid) = 0; (nid) < (m)->nr_node_ids; (nid)++)
#define for_each_online_cpu(m, cpu) \
	for ((cpu) = 0; (cpu) < (m)->nr_cpu_ids; (cpu)++)
/* Every zone this architecture configures, of every node. */
#define for_each_zone(m, zone)                                              \
	for (int __nid = 0; __nid < (m)->nr_node_ids; __nid++)             \
		for (int __zi = 0; __zi < MAX_NR_ZONES; __zi++)            \
			if (!(m)->arch->has_zone[__zi]) {} else            \
			if (((zone) = &(m)->node_data[__nid]->node_zones[__zi]), 0) {} else
#define for_each_populated_zone(m, zone) \
	for_each_zone(m, zone) if (!populated_zone(zone)) {} else

/* Host address of simulated physical memory (no translation involved). */
static inline void *phys_to_virt_host(struct machine *m, phys_addr_t pa)
{
	return m->ram + pa;
}

static inline struct page *pfn_to_page(struct machine *m, unsigned long pfn)
{
	return m->vmemmap + pfn;
}
static inline unsigned long page_to_pfn(struct machine *m, const struct page *p)
{
	return (unsigned long)(p - m->vmemmap);
}
static inline bool pfn_valid(struct machine *m, unsigned long pfn)
{
	return pfn < m->memmap_pfns;
}
static inline struct zone *page_zone(struct machine *m, const struct page *p)
{
	return &m->node_data[page_to_nid(p)]->node_zones[page_zonenum(p)];
}
/*
 * The kernel virtual address of a lowmem page: its place in the direct map
 * at PAGE_OFFSET (page_address() for !HIGHMEM pages).
 */
uint64_t highmem_page_address(struct machine *m, const struct page *page);

static inline unsigned long page_address(struct machine *m, const struct page *p)
{
	if (page_zonenum(p) == ZONE_HIGHMEM)
		return (unsigned long)highmem_page_address(m, p);	/* kmapped, or 0 */
	return (unsigned long)(m->layout.page_offset + PFN_PHYS(page_to_pfn(m, p)));
}
static inline struct page *virt_to_page(struct machine *m, unsigned long addr)
{
	return pfn_to_page(m, (unsigned long)((addr - m->layout.page_offset) >> PAGE_SHIFT));
}
static inline bool virt_addr_valid(struct machine *m, unsigned long addr)
{
	return addr >= m->layout.page_offset &&
	       ((addr - m->layout.page_offset) >> PAGE_SHIFT) < m->max_pfn;
}

static inline void *page_address_host(struct machine *m, const struct page *p)
{
	return m->ram + PFN_PHYS(page_to_pfn(m, p));
}

#endif /* MMSIM_MACHINE_H */
