// SPDX-License-Identifier: MIT
/*
 * clear_page.c - zeroing a page that user space is about to get
 * (include/linux/highmem.h clear_user_highpage, arch/x86/lib/
 * clear_page_64.S; the generic vma_alloc_zeroed_movable_folio of 6.6
 * allocates and then calls it).
 *
 * What the simulated machine sees is Linux's: the page reads as zeros
 * before its first PTE is set.  How the host does it is this file's
 * concern, because it is the largest cost of an anonymous fault: a page
 * that comes off the free lists is rarely in the host's caches, and an
 * ordinary memset must first read every line it overwrites (a
 * read-for-ownership from DRAM, ~580 ns a 4K page on the development
 * host).  Streaming (non-temporal) stores write whole lines without
 * reading them (~210 ns), and leave the caches to what is in use - the
 * page tables, struct pages, the per-CPU lists.
 *
 * One line is written the ordinary way: the one holding the address that
 * faulted, which the retried access touches next (it would otherwise
 * miss to DRAM).  No fence: the simulation's later loads are on the same
 * host thread, which sees its own streaming stores in program order; a
 * lock handing the machine to another thread orders them too.
 *
 * Simplified: a highmem page is zeroed through the host's view of RAM,
 * with no kmap_local_page (Linux's clear_user_highpage maps it).
 */
#include <string.h>
#include "internal.h"
#include "highmem.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define HOST_LINE 64

/*
 * clear_page_stream - zero the PAGE_SIZE bytes at @dst with streaming
 * stores, but the line at @hot_off with ordinary ones.
 */
static void clear_page_stream(void *dst, unsigned long hot_off)
{
#if defined(__SSE2__)
	__m128i zero = _mm_setzero_si128();
	char *p = dst;

	hot_off &= (PAGE_SIZE - 1) & ~(unsigned long)(HOST_LINE - 1);
	for (unsigned long off = 0; off < PAGE_SIZE; off += HOST_LINE) {
		__m128i *l = (__m128i *)(void *)(p + off);

		if (off == hot_off) {
			memset(l, 0, HOST_LINE);
			continue;
		}
		_mm_stream_si128(l, zero);
		_mm_stream_si128(l + 1, zero);
		_mm_stream_si128(l + 2, zero);
		_mm_stream_si128(l + 3, zero);
	}
#else
	(void)hot_off;
	memset(dst, 0, PAGE_SIZE);
#endif
}

/**
 * clear_user_highpage - zero @page, which will map user address @vaddr
 * (include/linux/highmem.h): the line of @vaddr stays in the host's cache.
 */
void clear_user_highpage(struct machine *m, struct page *page, unsigned long vaddr)
{
	clear_page_stream(page_address_host(m, page), vaddr);
}
