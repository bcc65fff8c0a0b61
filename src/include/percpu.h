/* SPDX-License-Identifier: MIT */
/*
 * percpu.h - the per-CPU allocator (include/linux/percpu.h,
 * mm/percpu-internal.h, Linux 6.6).
 *
 * A per-CPU "pointer" (Linux's __percpu address) is an offset from the
 * first chunk's base, not an address anyone may dereference: per_cpu_ptr
 * turns it into the kernel virtual address of one CPU's copy.  0 is NULL.
 */
#ifndef MMSIM_PERCPU_H
#define MMSIM_PERCPU_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "gfp.h"
#include "list.h"
#include "mmzone.h"

/* include/linux/percpu.h (6.6, !CONFIG_RANDOM_KMALLOC_CACHES) */
#define PCPU_MIN_ALLOC_SHIFT		2
#define PCPU_MIN_ALLOC_SIZE		(1 << PCPU_MIN_ALLOC_SHIFT)
#define PCPU_BITMAP_BLOCK_SIZE		PAGE_SIZE
#define PCPU_BITMAP_BLOCK_BITS		((int)(PCPU_BITMAP_BLOCK_SIZE >> PCPU_MIN_ALLOC_SHIFT))
#define PERCPU_DYNAMIC_SIZE_SHIFT	10
#define PERCPU_DYNAMIC_EARLY_SIZE	(20 << PERCPU_DYNAMIC_SIZE_SHIFT)
#define PERCPU_MODULE_RESERVE		(8 << 10)
/* PERCPU_DYNAMIC_RESERVE: BITS_PER_LONG > 32 ? 28 : 20 << SIZE_SHIFT */
#define PERCPU_DYNAMIC_RESERVE_64	(28 << PERCPU_DYNAMIC_SIZE_SHIFT)
#define PERCPU_DYNAMIC_RESERVE_32	(20 << PERCPU_DYNAMIC_SIZE_SHIFT)
#define PERCPU_FIRST_CHUNK_RESERVE	PERCPU_MODULE_RESERVE
#define PCPU_MIN_UNIT_SIZE		(32 << 10)	/* PFN_ALIGN(32 << 10) */

/* mm/percpu.c */
#define PCPU_SLOT_BASE_SHIFT		5
#define PCPU_SLOT_FAIL_THRESHOLD	3
#define PCPU_EMPTY_POP_PAGES_LOW	2
#define PCPU_EMPTY_POP_PAGES_HIGH	4

/*
 * NR_CPUS the simulated kernels are built with: a distribution x86_64
 * kernel's CONFIG_MAXSMP 8192; i386 CONFIG_X86_BIGSMP's limit, 64 (the
 * most cpus= accepts).
 */
#define NR_CPUS_X86_64	8192
#define NR_CPUS_I386	64

/*
 * The size of the simulated kernel's .data..percpu section
 * (__per_cpu_end - __per_cpu_start).  x86_64: 225280 bytes, what 6.x
 * distribution x86_64 kernels with Fedora's configuration print
 * ("percpu: Embedded 64 pages/cpu s225280 r8192 d28672 u262144" on 8
 * CPUs).  i386: 98840 bytes, chosen (no reference log); deliberately not
 * page aligned, so the reserved and dynamic regions start inside a page.
 */
#define PERCPU_STATIC_SIZE_X86_64	225280
#define PERCPU_STATIC_SIZE_I386		98840

/* A block's (or, for chunk_md, the whole chunk's) free-space hints, in bits. */
struct pcpu_block_md {
	int contig_hint;	/* size of the largest free area */
	int contig_hint_start;	/* where it starts */
	int left_free;		/* free bits at the start */
	int right_free;		/* free bits at the end */
	int first_free;		/* the first free bit */
	int nr_bits;		/* bits this md covers */
};

struct vm_struct;
struct machine;

struct pcpu_chunk {
	struct list_head list;		/* on a pcpu_chunk_lists slot */
	struct list_head all;		/* mmsim: every chunk, for lookups and checks */
	int free_bytes;
	struct pcpu_block_md chunk_md;
	uint64_t base_addr;		/* unit 0's address (may be unmapped) */
	unsigned long *alloc_map;	/* one bit per PCPU_MIN_ALLOC_SIZE */
	unsigned long *bound_map;	/* allocation starts and ends */
	struct pcpu_block_md *md_blocks;	/* one per PCPU_BITMAP_BLOCK_SIZE */
	struct vm_struct **data;	/* the vm areas, one per group (NULL: first chunk) */
	bool immutable;			/* the first chunk: no [de]population */
	bool isolated;
	int start_offset, end_offset;	/* hidden head and tail of the first chunk */
	int nr_pages;
	int nr_populated;
	int nr_empty_pop_pages;
	unsigned long *populated;
};

struct pcpu_group_info {
	int nr_units;
	unsigned long base_offset;
	unsigned int *cpu_map;		/* NR_CPUS for an unused unit */
};

struct pcpu_alloc_info {
	size_t static_size, reserved_size, dyn_size;
	size_t unit_size, atom_size, alloc_size;
	int nr_groups;
	struct pcpu_group_info groups[MAX_NUMNODES];	/* at most one per node */
	unsigned int cpu_map_store[2 * MAX_CPUS];
	uint64_t __ai_pa;		/* where memblock put it */
	size_t __ai_size;
};

/* Everything mm/percpu.c keeps in its static variables, per machine. */
struct pcpu_state {
	int unit_pages, unit_size, nr_units, atom_size;
	int nr_slots, free_slot, sidelined_slot, to_depopulate_slot;
	unsigned int nr_cpus;		/* NR_CPUS */
	uint64_t base_addr;		/* pcpu_base_addr */
	uint64_t per_cpu_start;		/* __per_cpu_start (0 on x86_64) */
	uint64_t ptr_mask;		/* the address width */
	size_t static_size;
	size_t size_sum;			/* the first chunk's static + reserved + dynamic */
	int unit_map[MAX_CPUS];		/* cpu -> unit */
	unsigned long unit_off[MAX_CPUS];	/* cpu -> unit offset */
	int nr_groups;
	unsigned long group_offsets[MAX_NUMNODES];
	size_t group_sizes[MAX_NUMNODES];
	struct pcpu_chunk *first_chunk, *reserved_chunk;
	struct list_head *chunk_lists;	/* nr_slots slots */
	struct list_head all_chunks;
	int nr_empty_pop_pages;
	unsigned long nr_populated;
	bool atomic_alloc_failed;
	bool balance_pending;
	int warn_limit;
	unsigned long nr_chunks_created, nr_chunks_destroyed;
	bool verified;			/* pcpu_verify passed and nothing changed since */
};

int setup_per_cpu_areas(struct machine *m, char *err, size_t errlen);
void percpu_release(struct machine *m);
uint64_t pcpu_alloc(struct machine *m, size_t size, size_t align, bool reserved,
		    gfp_t gfp);
uint64_t __alloc_percpu(struct machine *m, size_t size, size_t align);
uint64_t __alloc_percpu_gfp(struct machine *m, size_t size, size_t align, gfp_t gfp);
uint64_t __alloc_reserved_percpu(struct machine *m, size_t size, size_t align);
void free_percpu(struct machine *m, uint64_t ptr);
uint64_t per_cpu_ptr(struct machine *m, uint64_t ptr, int cpu);
void *per_cpu_ptr_host(struct machine *m, uint64_t ptr, int cpu);
unsigned long pcpu_nr_pages(struct machine *m);
int pcpu_verify(struct machine *m);

#endif /* MMSIM_PERCPU_H */
