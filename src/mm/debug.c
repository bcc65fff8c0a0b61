// SPDX-License-Identifier: MIT
/*
 * debug.c - dump_page, the description of a struct page in reports
 * (Linux 6.6 mm/debug.c __dump_page):
 *
 *   page:00000000c0ffee12 refcount:0 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x1234
 *   flags: 0x4000(reserved|node=0|zone=1)
 *   page_type: 0xffffffff()
 *   raw: 0000000000004000 ffffea000048d008 ffffea000048d008 0000000000000000
 *   raw: 0000000000000000 0000000000000000 00000000ffffffff 0000000000000000
 *   page dumped because: nonzero mapcount
 *
 * %p values are hashed as Linux hashes them, with the machine's seed so
 * the output is reproducible.  Host pointers in the raw words are shown
 * as the kernel addresses they stand for (vmemmap, direct map), so the
 * dump is the same on every run.
 */
#include <stdio.h>
#include "internal.h"

#define VMEMMAP_START 0xffffea0000000000UL

static const char *const pageflag_names[__NR_PAGEFLAGS] = {
	"locked", "writeback", "referenced", "uptodate", "dirty", "lru",
	"head", "waiters", "active", "workingset", "error", "slab",
	"owner_priv_1", "arch_1", "reserved", "private", "private_2",
	"mappedtodisk", "reclaim", "swapbacked", "unevictable", "mlocked",
	NULL,	/* PG_buddy is shown as the page type */
};

/* The kernel address a host pointer into this machine stands for. */
static unsigned long kaddr(struct machine *m, const void *p)
{
	const char *c = p;

	if (!p)
		return 0;
	if (c >= (const char *)m->vmemmap && c < (const char *)m->vmemmap + m->vmemmap_len)
		return VMEMMAP_START + (unsigned long)(c - (const char *)m->vmemmap);
	if (c >= (const char *)m->ram && c < (const char *)m->ram + m->ram_len)
		return (unsigned long)m->layout.page_offset +
		       (unsigned long)(c - (const char *)m->ram);
	return 0xdead000000000000UL;	/* host memory outside the machine */
}

/* %p: a 32-bit keyed hash of the address, zero-extended (ptr_to_id). */
static unsigned long hashed_ptr(struct machine *m, unsigned long addr)
{
	uint64_t z = addr ^ m->cfg.seed ^ 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (unsigned long)((z ^ (z >> 31)) & 0xffffffffUL);
}

/**
 * dump_page - describe @page in the log, with @reason.
 */
void dump_page(struct machine *m, struct page *page, const char *reason)
{
	unsigned long pfn = page_to_pfn(m, page);
	unsigned long va = VMEMMAP_START + pfn * sizeof(struct page);
	unsigned long words[8];
	char flags[256];
	size_t n = 0;
	unsigned long main_flags = page->flags & ((1UL << __NR_PAGEFLAGS) - 1);

	printk(m, "page:%016lx refcount:%d mapcount:%d mapping:%016lx index:0x%lx pfn:0x%lx",
	       hashed_ptr(m, va), page_ref_count(page),
	       PageBuddy(page) ? 0 : page->_mapcount + 1,
	       page->mapping ? hashed_ptr(m, (unsigned long)page->mapping) : 0UL,
	       PageTail(page) ? 0UL : page->index, pfn);
	for (int i = 0; i < __NR_PAGEFLAGS; i++) {
		if (!pageflag_names[i] || !(main_flags & (1UL << i)))
			continue;
		n += (size_t)snprintf(flags + n, sizeof(flags) - n, "%s%s",
				      n ? "|" : "", pageflag_names[i]);
	}
	snprintf(flags + n, sizeof(flags) - n, "%snode=%d|zone=%u", n ? "|" : "",
		 page_to_nid(page), page_zonenum(page));
	printk(m, "flags: 0x%lx(%s)", page->flags, flags);
	printk(m, "page_type: %s", PageBuddy(page) ? "0xffffff7f(buddy)" : "0xffffffff()");

	words[0] = page->flags;
	if (PageTail(page)) {
		words[1] = kaddr(m, (void *)(page->compound_head - 1)) | 1;
		words[2] = page->compound_order;
	} else {
		words[1] = kaddr(m, page->lru.next);
		words[2] = kaddr(m, page->lru.prev);
	}
	words[3] = page->mapping ? hashed_ptr(m, (unsigned long)page->mapping) : 0;
	words[4] = page->index;
	words[5] = page->private;
	words[6] = ((unsigned long)(unsigned int)page->_refcount << 32) |
		   (unsigned int)page->_mapcount;
	words[7] = page->memcg_data;
	printk(m, "raw: %016lx %016lx %016lx %016lx", words[0], words[1], words[2], words[3]);
	printk(m, "raw: %016lx %016lx %016lx %016lx", words[4], words[5], words[6], words[7]);
	if (reason)
		printk(m, "page dumped because: %s", reason);
}
