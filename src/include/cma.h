/* SPDX-License-Identifier: MIT */
/*
 * cma.h - the Contiguous Memory Allocator (include/linux/cma.h, mm/cma.h,
 * include/linux/dma-map-ops.h's contiguous part), Linux 6.6.
 *
 * A CMA area is a physically contiguous range reserved through memblock at
 * boot (cma=SIZE[@BASE[-LIMIT]], dma_contiguous_reserve) whose pageblocks
 * are then given to the buddy allocator as MIGRATE_CMA: movable
 * allocations may borrow them, and cma_alloc takes a run of them back with
 * alloc_contig_range.  A bitmap, one bit per 2^order_per_bit pages, says
 * which pages cma_alloc has handed out.
 */
#ifndef MMSIM_CMA_H
#define MMSIM_CMA_H

#include <stdbool.h>
#include <stdint.h>
#include "mm_types.h"
#include "ratelimit.h"

struct machine;

#define CMA_MAX_NAME 64
/* 1 + CONFIG_CMA_AREAS (19 on a NUMA kernel: the x86_64 distribution config) */
#define MAX_CMA_AREAS (1 + 19)

struct cma {
	unsigned long base_pfn;
	unsigned long count;		/* pages */
	unsigned long *bitmap;		/* host view of the kmalloc'd bitmap */
	uint64_t bitmap_kaddr;		/* its kernel virtual address (kfree) */
	unsigned int order_per_bit;	/* pages per bit: 2^order_per_bit */
	char name[CMA_MAX_NAME];
	/* CONFIG_CMA_SYSFS: /sys/kernel/mm/cma/<name>/ */
	uint64_t nr_pages_succeeded;
	uint64_t nr_pages_failed;
	bool reserve_pages_on_error;
	struct machine *machine;
};

/* What hangs off struct machine: Linux's cma_areas[] and friends. */
struct cma_state {
	struct cma cma_areas[MAX_CMA_AREAS];
	unsigned int cma_area_count;
	struct cma *dma_contiguous_default_area;	/* kernel/dma/contiguous.c */
	struct ratelimit_state alloc_failed_rs;		/* cma_alloc's pr_err_ratelimited */
	struct ratelimit_state contig_busy_rs;		/* alloc_contig_range "PFNs busy" */
};

/* ---- mm/cma.c ---- */
phys_addr_t cma_get_base(const struct cma *cma);
unsigned long cma_get_size(const struct cma *cma);
const char *cma_get_name(const struct cma *cma);
static inline unsigned long cma_bitmap_maxno(const struct cma *cma)
{
	return cma->count >> cma->order_per_bit;
}
int cma_init_reserved_mem(struct machine *m, phys_addr_t base, phys_addr_t size,
			  unsigned int order_per_bit, const char *name,
			  struct cma **res_cma);
int cma_declare_contiguous_nid(struct machine *m, phys_addr_t base,
			       phys_addr_t size, phys_addr_t limit,
			       phys_addr_t alignment, unsigned int order_per_bit,
			       bool fixed, const char *name, struct cma **res_cma,
			       int nid);
void cma_init_reserved_areas(struct machine *m);
struct page *cma_alloc(struct machine *m, struct cma *cma, unsigned long count,
		       unsigned int align, bool no_warn);
bool cma_pages_valid(struct machine *m, struct cma *cma, const struct page *pages,
		     unsigned long count);
bool cma_release(struct machine *m, struct cma *cma, const struct page *pages,
		 unsigned long count);
/* cma_state_release - the host memory of the machine's CMA state. */
void cma_state_release(struct machine *m);

/* ---- mm/cma_sysfs.c ---- */
void cma_sysfs_account_success_pages(struct cma *cma, unsigned long nr_pages);
void cma_sysfs_account_fail_pages(struct cma *cma, unsigned long nr_pages);
struct seq_file;
void show_cma_default_alloc_pages_success(struct machine *m, struct seq_file *s);
void show_cma_default_alloc_pages_fail(struct machine *m, struct seq_file *s);

/* ---- kernel/dma/contiguous.c ---- */
void dma_contiguous_reserve(struct machine *m, phys_addr_t limit);
struct cma *dev_get_cma_area(struct machine *m);
/* CONFIG_CMA_ALIGNMENT: the largest alignment order a DMA request gets */
#define CONFIG_CMA_ALIGNMENT 8
struct page *dma_alloc_from_contiguous(struct machine *m, unsigned long count,
				       unsigned int align, bool no_warn);
bool dma_release_from_contiguous(struct machine *m, struct page *pages,
				 unsigned long count);

/* ---- mm_init.c ---- */
void init_cma_reserved_pageblock(struct machine *m, struct page *page);

#endif /* MMSIM_CMA_H */
