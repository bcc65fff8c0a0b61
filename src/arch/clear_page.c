// SPDX-License-Identifier: MIT
/*
 * clear_page.c - zeroing a page that user space is about to get
 * (arch/x86/include/asm/page.h clear_user_page, arch/x86/lib/
 * clear_page_64.S), beneath clear_user_highpage (src/mm/highmem.c),
 * which the generic vma_alloc_zeroed_movable_folio of 6.6 calls after
 * allocating.
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
 */
#include <string.h>
#include "internal.h"
#include "highmem.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define HOST_LINE 64

/**
 * clear_user_page - zero the page at host address @addr, which will map
 * user address @vaddr: streaming stores, but the line of @vaddr ordinary
 * ones (it is touched next).
 */
void clear_user_page(void *addr, unsigned long vaddr)
{
#if defined(__SSE2__)
	__m128i zero = _mm_setzero_si128();
	char *p = addr;
	unsigned long hot_off = vaddr & (PAGE_SIZE - 1) & ~(unsigned long)(HOST_LINE - 1);

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
	(void)vaddr;
	memset(addr, 0, PAGE_SIZE);
#endif
}
