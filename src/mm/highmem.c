// SPDX-License-Identifier: MIT
/*
 * highmem.c - reaching high memory from the kernel (Linux mm/highmem.c,
 * arch/x86/mm/highmem_32.c), and the fixmap.
 *
 * On i386 the kernel maps only lowmem permanently (the direct map ends at
 * high_memory, just under 896 MiB).  A ZONE_HIGHMEM page has no kernel
 * address until it is mapped:
 *
 *  - kmap(): a slot of the persistent kmap area (PKMAP_BASE, LAST_PKMAP =
 *    1024 pages, one page table).  pkmap_count[] is 0 for a free slot, 1
 *    for a slot unmapped by kunmap but not yet flushed, n+1 while n users
 *    hold it.  Slots are handed out round-robin; when the search wraps to
 *    slot 0, every count-1 slot is cleared and the TLBs flushed once
 *    (flush_all_zero_pkmaps).  A full pool makes the caller sleep until
 *    someone kunmaps; mmsim cannot block, so it reports the wait in dmesg
 *    and kmap returns 0.
 *  - kmap_local_page() / kmap_atomic(): a per-CPU slot of the fixmap
 *    (FIX_KMAP_BEGIN + KM_MAX_IDX * cpu + idx), used as a stack: the last
 *    mapped is the first unmapped; unmapping flushes this CPU's entry only.
 *
 * The fixmap is a set of compile-time virtual addresses counting down from
 * FIXADDR_TOP: fix_to_virt(idx) = FIXADDR_TOP - idx * PAGE_SIZE.
 * On x86_64 every page is in the direct map, so kmap is page_address.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "highmem.h"
#include "mmu.h"
#include "pgalloc.h"

static inline bool PageHighMem(struct machine *m, const struct page *page)
{
	return page_zonenum(page) == ZONE_HIGHMEM && m->pkmap;
}

static inline uint64_t PKMAP_ADDR(struct machine *m, unsigned int nr)
{
	return m->layout.pkmap_base + (uint64_t)nr * PAGE_SIZE;
}

/**
 * fix_to_virt - the virtual address of fixmap slot @idx.
 */
uint64_t fix_to_virt(struct machine *m, unsigned int idx)
{
	return m->layout.fixaddr_top - ((uint64_t)idx << PAGE_SHIFT);
}

/**
 * set_fixmap - map physical @phys at fixmap slot @idx (kernel, RW), and
 * flush the slot's entry on this CPU (set_pte_vaddr).
 */
void set_fixmap(struct machine *m, unsigned int idx, phys_addr_t phys)
{
	pt_set(m, &m->init_mm, fix_to_virt(m, idx), phys & PAGE_MASK, __PAGE_KERNEL,
	       m->arch->mmu->levels - 1);
	flush_tlb_one_kernel(m, fix_to_virt(m, idx));
}

/**
 * clear_fixmap - unmap fixmap slot @idx and flush this CPU's entry.
 */
void clear_fixmap(struct machine *m, unsigned int idx)
{
	pt_clear(m, &m->init_mm, fix_to_virt(m, idx));
	flush_tlb_one_kernel(m, fix_to_virt(m, idx));
}

/**
 * highmem_page_address - the kmap address of a highmem page, or 0.
 */
uint64_t highmem_page_address(struct machine *m, const struct page *page)
{
	struct pkmap_state *pk = m->pkmap;

	if (!pk)
		return 0;
	for (unsigned int i = 0; i < LAST_PKMAP; i++)
		if (pk->page[i] == page && pk->count[i] > 0)
			return PKMAP_ADDR(m, i);
	return 0;
}

/* flush_all_zero_pkmaps - free every slot nobody uses, one TLB flush. */
static void flush_all_zero_pkmaps(struct machine *m)
{
	struct pkmap_state *pk = m->pkmap;
	bool need_flush = false;

	for (unsigned int i = 0; i < LAST_PKMAP; i++) {
		if (pk->count[i] != 1)
			continue;
		pk->count[i] = 0;
		pte_clear(m, &m->init_mm, PKMAP_ADDR(m, i));
		pk->page[i] = NULL;
		need_flush = true;
	}
	if (need_flush) {
		flush_tlb_kernel_range(m, PKMAP_ADDR(m, 0), PKMAP_ADDR(m, LAST_PKMAP));
		pk->flushes++;
	}
}

/* map_new_virtual - find a free slot (flushing when the search wraps). */
static uint64_t map_new_virtual(struct machine *m, struct page *page)
{
	struct pkmap_state *pk = m->pkmap;
	unsigned int count = LAST_PKMAP;

	for (;;) {
		pk->last_pkmap_nr = (pk->last_pkmap_nr + 1) & (LAST_PKMAP - 1);
		if (pk->last_pkmap_nr == 0) {
			flush_all_zero_pkmaps(m);
			count = LAST_PKMAP;
		}
		if (!pk->count[pk->last_pkmap_nr])
			break;
		if (--count)
			continue;
		/* Linux sleeps on pkmap_map_wait until a kunmap; we cannot. */
		pk->waits++;
		printk(m, "kmap: all %d pkmap entries in use: %s would sleep until a kunmap()",
		       LAST_PKMAP, this_cpu(m)->comm);
		return 0;
	}
	set_pte_at(m, &m->init_mm, PKMAP_ADDR(m, pk->last_pkmap_nr), page_to_pfn(m, page),
		   __PAGE_KERNEL);
	pk->count[pk->last_pkmap_nr] = 1;
	pk->page[pk->last_pkmap_nr] = page;
	return PKMAP_ADDR(m, pk->last_pkmap_nr);
}

/**
 * kmap - a kernel address for @page that stays valid until kunmap; lowmem
 * pages are simply in the direct map.  0 when the pool is exhausted.
 */
uint64_t kmap(struct machine *m, struct page *page)
{
	uint64_t vaddr;

	if (!PageHighMem(m, page))
		return page_address(m, page);
	vaddr = highmem_page_address(m, page);
	if (!vaddr)
		vaddr = map_new_virtual(m, page);
	if (vaddr)
		m->pkmap->count[(vaddr - m->layout.pkmap_base) >> PAGE_SHIFT]++;
	return vaddr;
}

/**
 * kunmap - drop a kmap of @page.  Unmapping a page that is not kmapped is
 * a kernel BUG, reported as Linux's "kernel BUG at mm/highmem.c".
 */
void kunmap(struct machine *m, struct page *page)
{
	uint64_t vaddr;
	unsigned int nr;

	if (!PageHighMem(m, page))
		return;
	vaddr = highmem_page_address(m, page);
	if (!vaddr) {
		printk(m, "kernel BUG at mm/highmem.c:%d!\n"
		       "invalid opcode: 0000 [#1] PREEMPT SMP\n"
		       "kunmap of a page that is not kmapped (pfn %#lx)",
		       350, page_to_pfn(m, page));
		return;
	}
	nr = (unsigned int)((vaddr - m->layout.pkmap_base) >> PAGE_SHIFT);
	if (m->pkmap->count[nr] <= 1) {
		printk(m, "kernel BUG at mm/highmem.c:%d!\n"
		       "invalid opcode: 0000 [#1] PREEMPT SMP\n"
		       "kunmap with pkmap_count %d (pfn %#lx)",
		       366, m->pkmap->count[nr], page_to_pfn(m, page));
		return;
	}
	m->pkmap->count[nr]--;
}

/**
 * kmap_local_page - a short-lived, CPU-local mapping of @page in this
 * CPU's fixmap slots; unmap in reverse order with kunmap_local.
 */
uint64_t kmap_local_page(struct machine *m, struct page *page)
{
	struct cpu_state *c = this_cpu(m);
	unsigned int idx;
	uint64_t vaddr;

	if (!PageHighMem(m, page))
		return page_address(m, page);
	if (c->kmap_ctrl_idx >= KM_MAX_IDX) {
		printk(m, "kernel BUG at mm/highmem.c:%d!\n"
		       "kmap_local: more than %d nested mappings on CPU %d",
		       520, KM_MAX_IDX, m->cpu);
		return 0;
	}
	idx = m->layout.fix_kmap_begin + (unsigned int)(KM_MAX_IDX * m->cpu + c->kmap_ctrl_idx);
	c->kmap_ctrl_idx++;
	vaddr = fix_to_virt(m, idx);
	/*
	 * __kmap_local_pfn_prot: set the pte, no flush - x86 defines only
	 * arch_kmap_local_post_unmap (flush_tlb_one_kernel), and the slot's
	 * entry was flushed when it was last unmapped.
	 */
	pt_set(m, &m->init_mm, vaddr, PFN_PHYS(page_to_pfn(m, page)), __PAGE_KERNEL,
	       m->arch->mmu->levels - 1);
	return vaddr;
}

/**
 * kunmap_local - undo the most recent kmap_local_page on this CPU.
 */
void kunmap_local(struct machine *m, uint64_t vaddr)
{
	struct cpu_state *c = this_cpu(m);
	unsigned int idx;

	if (vaddr < m->layout.fixaddr_start || vaddr >= m->layout.fixaddr_top + PAGE_SIZE)
		return;		/* a lowmem address: nothing was mapped */
	idx = m->layout.fix_kmap_begin + (unsigned int)(KM_MAX_IDX * m->cpu + c->kmap_ctrl_idx - 1);
	if (c->kmap_ctrl_idx <= 0 || (vaddr & PAGE_MASK) != fix_to_virt(m, idx)) {
		printk(m, "WARNING: CPU: %d PID: %d at mm/highmem.c:%d kunmap_local_indexed\n"
		       "kunmap_local of %#llx is not the last kmap_local on this CPU",
		       m->cpu, this_cpu(m)->pid, 583, (unsigned long long)vaddr);
		return;
	}
	clear_fixmap(m, idx);
	c->kmap_ctrl_idx--;
}

/** kmap_atomic - kmap_local_page (preemption and page faults off on Linux). */
uint64_t kmap_atomic(struct machine *m, struct page *page)
{
	return kmap_local_page(m, page);
}

/** kunmap_atomic - kunmap_local. */
void kunmap_atomic(struct machine *m, uint64_t vaddr)
{
	kunmap_local(m, vaddr);
}

/**
 * kmap_host - the host bytes behind the kernel address @vaddr of a kmap
 * (the direct map, or the pte a pkmap / kmap_local slot holds), so that
 * the copies below, and copy_page_to_iter's (filemap.c), reach the frame
 * through the mapping they made.
 */
uint8_t *kmap_host(struct machine *m, uint64_t vaddr)
{
	int level = 0;
	pte_t pte;

	if (vaddr >= m->layout.page_offset && vaddr < m->layout.high_memory)
		return (uint8_t *)m->ram + (vaddr - m->layout.page_offset);
	pte = pt_lookup(m, &m->init_mm, vaddr, &level, NULL);
	return (uint8_t *)m->ram + (pte & m->arch->mmu->addr_mask) + (vaddr & ~PAGE_MASK);
}

/**
 * clear_highpage - zero @page through a kmap_local_page mapping
 * (include/linux/highmem.h clear_highpage; what kernel_init_pages does
 * for __GFP_ZERO): on i386 a highmem page is mapped at this CPU's next
 * fixmap slot and unmapped again (one invlpg); lowmem is in the direct map.
 */
void clear_highpage(struct machine *m, struct page *page)
{
	uint64_t kaddr = kmap_local_page(m, page);

	if (!kaddr)		/* the kmap_local stack overflowed (reported): no mapping */
		return;
	memset(kmap_host(m, kaddr), 0, PAGE_SIZE);
	kunmap_local(m, kaddr);
}

/**
 * clear_user_highpage - zero @page, which user address @vaddr will map
 * (include/linux/highmem.h): as clear_highpage, with the host's
 * streaming zeroing of a user page (clear_user_page).
 */
void clear_user_highpage(struct machine *m, struct page *page, unsigned long vaddr)
{
	uint64_t kaddr;

	if (!PageHighMem(m, page)) {	/* the direct map: what kmap_local_page would give */
		clear_user_page(page_address_host(m, page), vaddr);
		return;
	}
	kaddr = kmap_local_page(m, page);

	if (!kaddr)
		return;
	clear_user_page(kmap_host(m, kaddr), vaddr);
	kunmap_local(m, kaddr);
}

/**
 * copy_user_highpage - copy @from to @to, both through kmap_local_page
 * (include/linux/highmem.h copy_user_highpage: map from, then to; unmap
 * in reverse order), as a copy-on-write fault copies.
 */
void copy_user_highpage(struct machine *m, struct page *to, struct page *from)
{
	uint64_t vfrom = kmap_local_page(m, from), vto;

	if (!vfrom)
		return;
	vto = kmap_local_page(m, to);
	if (vto) {
		memcpy(kmap_host(m, vto), kmap_host(m, vfrom), PAGE_SIZE);
		kunmap_local(m, vto);
	}
	kunmap_local(m, vfrom);
}

/**
 * memcpy_from_page - copy @len bytes at @offset of @page to @to through a
 * kmap_local_page mapping (include/linux/highmem.h memcpy_from_page).
 */
void memcpy_from_page(struct machine *m, void *to, struct page *page, size_t offset, size_t len)
{
	uint64_t kaddr = kmap_local_page(m, page);

	if (!kaddr)
		return;
	memcpy(to, kmap_host(m, kaddr) + offset, len);
	kunmap_local(m, kaddr);
}

/**
 * memcpy_to_page - copy @len bytes from @from to @offset of @page through
 * a kmap_local_page mapping (include/linux/highmem.h memcpy_to_page).
 */
void memcpy_to_page(struct machine *m, struct page *page, size_t offset, const void *from,
		    size_t len)
{
	uint64_t kaddr = kmap_local_page(m, page);

	if (!kaddr)
		return;
	memcpy(kmap_host(m, kaddr) + offset, from, len);
	kunmap_local(m, kaddr);
}

/**
 * zero_user_segments - zero [@start1, @end1) and [@start2, @end2) of
 * @page under one kmap_local_page (include/linux/highmem.h
 * zero_user_segments: what folio_zero_range / folio_zero_segments do for
 * an order-0 folio).  Nothing is mapped when both segments are empty.
 */
void zero_user_segments(struct machine *m, struct page *page, size_t start1, size_t end1,
			size_t start2, size_t end2)
{
	uint64_t kaddr;
	uint8_t *p;

	if (end1 <= start1 && end2 <= start2)
		return;
	kaddr = kmap_local_page(m, page);
	if (!kaddr)
		return;
	p = kmap_host(m, kaddr);
	if (end1 > start1)
		memset(p + start1, 0, end1 - start1);
	if (end2 > start2)
		memset(p + start2, 0, end2 - start2);
	kunmap_local(m, kaddr);
}

/**
 * memzero_page - zero @len bytes at @offset of @page through a
 * kmap_local_page mapping (include/linux/highmem.h memzero_page).
 */
void memzero_page(struct machine *m, struct page *page, size_t offset, size_t len)
{
	zero_user_segments(m, page, offset, offset + len, 0, 0);
}

/**
 * kmap_init - the pkmap pool (i386 only; x86_64 needs none).
 */
int kmap_init(struct machine *m)
{
	if (!m->arch->has_zone[ZONE_HIGHMEM])
		return 0;
	m->pkmap = calloc(1, sizeof(*m->pkmap));
	return m->pkmap ? 0 : -1;
}

/** kmap_release - free the pool's bookkeeping. */
void kmap_release(struct machine *m)
{
	free(m->pkmap);
	m->pkmap = NULL;
}
