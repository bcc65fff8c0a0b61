/* SPDX-License-Identifier: MIT */
/*
 * highmem.h - temporary kernel mappings of high memory (include/linux/
 * highmem.h) and the fixmap (arch/x86/include/asm/fixmap.h).
 */
#ifndef MMSIM_HIGHMEM_H
#define MMSIM_HIGHMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "mm_types.h"

#define LAST_PKMAP 1024

struct machine;

struct pkmap_state {
	int count[LAST_PKMAP];		/* pkmap_count: 0 free, 1 unused, n>1 in use */
	struct page *page[LAST_PKMAP];	/* what each slot maps */
	unsigned int last_pkmap_nr;
	unsigned long waits;		/* kmaps that would have slept */
	unsigned long flushes;		/* flush_all_zero_pkmaps runs */
};

int kmap_init(struct machine *m);
void kmap_release(struct machine *m);
uint64_t kmap(struct machine *m, struct page *page);
void kunmap(struct machine *m, struct page *page);
uint64_t kmap_local_page(struct machine *m, struct page *page);
void kunmap_local(struct machine *m, uint64_t vaddr);
uint64_t kmap_atomic(struct machine *m, struct page *page);
void kunmap_atomic(struct machine *m, uint64_t vaddr);
void clear_highpage(struct machine *m, struct page *page);
void copy_user_highpage(struct machine *m, struct page *to, struct page *from);
/* page_address for a highmem page: its kmap address, or 0. */
uint64_t highmem_page_address(struct machine *m, const struct page *page);

void clear_user_highpage(struct machine *m, struct page *page, unsigned long vaddr);
/* clear_user_page - zero the host bytes of a page user @vaddr will map (src/arch/clear_page.c). */
void clear_user_page(void *addr, unsigned long vaddr);

/* The host bytes behind a kernel address a kmap returned (src/mm/highmem.c). */
uint8_t *kmap_host(struct machine *m, uint64_t vaddr);
void memcpy_from_page(struct machine *m, void *to, struct page *page, size_t offset, size_t len);
void memcpy_to_page(struct machine *m, struct page *page, size_t offset, const void *from,
		    size_t len);
void zero_user_segments(struct machine *m, struct page *page, size_t start1, size_t end1,
			size_t start2, size_t end2);
void memzero_page(struct machine *m, struct page *page, size_t offset, size_t len);

uint64_t fix_to_virt(struct machine *m, unsigned int idx);
void set_fixmap(struct machine *m, unsigned int idx, phys_addr_t phys);
void clear_fixmap(struct machine *m, unsigned int idx);

#endif /* MMSIM_HIGHMEM_H */
