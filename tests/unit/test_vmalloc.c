// SPDX-License-Identifier: MIT
/*
 * test_vmalloc.c - unit tests for src/mm/vmalloc.c (Linux mm/vmalloc.c):
 * where areas go, guard pages, the data path through the MMU, meminfo's
 * VmallocUsed and /proc/vmallocinfo, vmap and ioremap, lazy freeing and
 * the purge, and bad input.
 *
 * The machines start with an empty vmalloc space, so the first area is at
 * VMALLOC_START: 0xffffc90000000000 on x86_64 (Documentation/arch/x86/
 * x86_64/mm.rst), high_memory + 8M = 0xf7bfe000 on i386 with 2G of RAM
 * (see test_highmem.c for the derivation).  Areas are placed first-fit at
 * the lowest address and each is followed by a 4K guard page, so an area
 * of N bytes occupies PAGE_ALIGN(N) + 4K of address space.
 *
 * lazy_max_pages() = fls(num_online_cpus()) * (32M / 4K): 8192 pages per
 * bit of the CPU count, 16384 with 2 CPUs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "mmu.h"
#include "vmalloc.h"

#define SZ_4K 0x1000ULL
#define SZ_1M 0x100000ULL

#define X64_VMALLOC_START 0xffffc90000000000ULL
#define I386_VMALLOC_START 0xf7bfe000ULL	/* ram=2G */

/* ------------------------------------------------------------------ helpers */


static char *vmallocinfo(struct machine *m)
{
	return view_text(m, "/proc/vmallocinfo");
}

static void assert_vmallocinfo(struct machine *m, const char *expected)
{
	char *t = vmallocinfo(m);

	if (strcmp(t, expected))
		fail_msg("/proc/vmallocinfo is\n%s\nexpected\n%s", t, expected);
	free(t);
}

static int count_substr(const char *s, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

static int kread_on(struct machine *m, int cpu, uint64_t va, void *buf, size_t len)
{
	int self = m->cpu, ret;

	m->cpu = cpu;
	ret = mmu_read(m, va, buf, len, MODE_KERNEL);
	m->cpu = self;
	return ret;
}

static int kwrite_on(struct machine *m, int cpu, uint64_t va, const void *buf, size_t len)
{
	int self = m->cpu, ret;

	m->cpu = cpu;
	ret = mmu_write(m, va, buf, len, MODE_KERNEL);
	m->cpu = self;
	return ret;
}

/* ------------------------------------------------------ placement, guards */

/* Areas come first-fit from VMALLOC_START, each followed by a 4K guard page (area 2 = area 1 + size + 4K); a kernel access to a guard page is a not-present #PF. */
static void test_vmalloc_placement_and_guard(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	uint64_t a, b, c;
	struct mmu_walk w;
	phys_addr_t pa;
	uint8_t byte = 0x11;

	(void)state;
	assert_int_equal(m->layout.vmalloc_start, X64_VMALLOC_START);
	assert_int_equal(m->layout.vmalloc_end, X64_VMALLOC_START + (32ULL << 40));
	a = vmalloc(m, 8192);
	b = vmalloc(m, 16384);
	c = vmalloc(m, 100);		/* rounded up to a page */
	assert_int_equal(a, X64_VMALLOC_START);
	assert_int_equal(b, a + 8192 + SZ_4K);
	assert_int_equal(c, b + 16384 + SZ_4K);
	assert_true(is_vmalloc_addr(m, a));
	assert_true(is_vmalloc_addr(m, c + SZ_4K - 1));
	assert_false(is_vmalloc_addr(m, m->layout.page_offset));
	assert_false(is_vmalloc_addr(m, m->layout.vmalloc_end));
	assert_true(c + SZ_4K <= m->layout.vmalloc_end);

	/* the last byte of a is mapped, the next one is the guard page */
	assert_int_equal(mmu_write(m, a + 8191, &byte, 1, MODE_KERNEL), 0);
	assert_int_equal(mmu_read(m, a + 8192, &byte, 1, MODE_KERNEL), -EFAULT);
	assert_int_equal(mmu_translate(m, a + 8192, ACCESS_READ, MODE_KERNEL, &pa, &w), -EFAULT);
	assert_int_equal(w.error_code, 0);			/* kernel read, not present */
	assert_int_equal(mmu_translate(m, a + 8192, ACCESS_WRITE, MODE_KERNEL, &pa, &w), -EFAULT);
	assert_int_equal(w.error_code, X86_PF_WRITE);
	assert_null(vmalloc_to_page(m, a + 8192));
	assert_int_equal(mmu_read(m, b + 16384, &byte, 1, MODE_KERNEL), -EFAULT);
	assert_int_equal(mmu_read(m, c + SZ_4K, &byte, 1, MODE_KERNEL), -EFAULT);
	/* a write that runs off the end faults at the guard page */
	{
		uint8_t buf[64] = { 0 };

		assert_int_equal(mmu_write(m, c + SZ_4K - 32, buf, sizeof(buf), MODE_KERNEL), -EFAULT);
	}
	/* vmalloc memory is PAGE_KERNEL: global, writable, NX, supervisor */
	assert_int_equal(mmu_translate(m, b, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
	assert_true(w.flags & TLBF_GLOBAL);
	assert_true(w.flags & TLBF_NX);
	assert_false(w.flags & TLBF_USER);
	assert_int_equal(mmu_translate(m, b, ACCESS_FETCH, MODE_KERNEL, &pa, &w), -EFAULT);
	assert_int_equal(w.error_code, X86_PF_PROT | X86_PF_INSTR);
	assert_int_equal(mmu_translate(m, b, ACCESS_READ, MODE_USER, &pa, &w), -EFAULT);
	assert_int_equal(w.error_code, X86_PF_PROT | X86_PF_USER);

	/* VmallocUsed counts the pages (2 + 4 + 1), not the guards */
	assert_int_equal(meminfo_kb(m, "VmallocUsed:"), 28);
	assert_int_equal(vmalloc_nr_pages(m), 7);
	assert_vmallocinfo(m,
		"0xffffc90000000000-0xffffc90000003000   12288 vmalloc pages=2 vmalloc N0=2\n"
		"0xffffc90000003000-0xffffc90000008000   20480 vmalloc pages=4 vmalloc N0=4\n"
		"0xffffc90000008000-0xffffc9000000a000    8192 vmalloc pages=1 vmalloc N0=1\n");
	vfree(m, a);
	vfree(m, b);
	vfree(m, c);
	assert_int_equal(meminfo_kb(m, "VmallocUsed:"), 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* vmalloc_node's pages come from the node asked for: vmallocinfo's N<nid>= counts pages per node. */
static void test_vmallocinfo_numa(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=2G cpus=2 nodes=2");
	uint64_t a, b;

	(void)state;
	a = vmalloc_node(m, 3 * SZ_4K, 1);
	b = vzalloc(m, SZ_4K);
	assert_int_equal(a, X64_VMALLOC_START);
	assert_int_equal(b, a + 4 * SZ_4K);
	for (int i = 0; i < 3; i++)
		assert_int_equal(page_to_nid(vmalloc_to_page(m, a + i * SZ_4K)), 1);
	assert_vmallocinfo(m,
		"0xffffc90000000000-0xffffc90000004000   16384 vmalloc_node pages=3 vmalloc N1=3\n"
		"0xffffc90000004000-0xffffc90000006000    8192 vzalloc pages=1 vmalloc N0=1\n");
	vfree(m, a);
	vfree(m, b);
	mms_machine_free(m);
}

/* The i386 /proc/vmallocinfo prints 32-bit addresses with 8 hex digits; VMALLOC_START is high_memory + 8M. */
static void test_vmallocinfo_i386(void **state)
{
	struct machine *m = boot_spec("arch=i386 ram=2G cpus=2");
	uint64_t a, b;

	(void)state;
	assert_int_equal(m->layout.vmalloc_start, I386_VMALLOC_START);
	a = vmalloc(m, 8192);
	b = vmalloc(m, 5000);
	assert_int_equal(a, I386_VMALLOC_START);
	assert_int_equal(b, a + 3 * SZ_4K);
	assert_vmallocinfo(m,
		"0xf7bfe000-0xf7c01000   12288 vmalloc pages=2 vmalloc N0=2\n"
		"0xf7c01000-0xf7c04000   12288 vmalloc pages=2 vmalloc N0=2\n");
	assert_int_equal(meminfo_kb(m, "VmallocUsed:"), 16);
	/* VmallocTotal on i386: VMALLOC_END - VMALLOC_START = 0xff3fe000 - 0xf7bfe000 = 120M */
	assert_int_equal(meminfo_kb(m, "VmallocTotal:"), 120 * 1024);
	vfree(m, a);
	vfree(m, b);
	mms_machine_free(m);
}

/* ------------------------------------------------------------- data path */

static void data_path_on(const char *spec, bool expect_highmem)
{
	struct machine *m = boot_spec(spec);
	const size_t len = 5 * SZ_4K;
	uint8_t *pat = malloc(len), *back = malloc(len);
	uint64_t a;

	assert_non_null(pat);
	assert_non_null(back);
	for (size_t i = 0; i < len; i++)
		pat[i] = (uint8_t)(i * 7 + (i >> 12));
	a = vmalloc(m, len);
	assert_int_not_equal(a, 0);
	/* one store through the MMU, crossing every page boundary */
	assert_int_equal(mmu_write(m, a, pat, len, MODE_KERNEL), 0);
	for (int i = 0; i < 5; i++) {
		struct page *pg = vmalloc_to_page(m, a + (uint64_t)i * SZ_4K + 123);
		phys_addr_t pa;

		assert_non_null(pg);
		/* the bytes are in the frame vmalloc_to_page reports */
		assert_memory_equal(page_address_host(m, pg), pat + (size_t)i * SZ_4K, SZ_4K);
		/* and the MMU translates to that frame */
		assert_int_equal(mmu_translate(m, a + (uint64_t)i * SZ_4K + 9, ACCESS_READ,
					       MODE_KERNEL, &pa, NULL), 0);
		assert_int_equal(pa, PFN_PHYS(page_to_pfn(m, pg)) + 9);
		assert_int_equal(page_zonenum(pg) == ZONE_HIGHMEM, expect_highmem);
		for (int j = 0; j < i; j++)	/* five different frames */
			assert_ptr_not_equal(vmalloc_to_page(m, a + (uint64_t)j * SZ_4K), pg);
	}
	assert_int_equal(mmu_read(m, a, back, len, MODE_KERNEL), 0);
	assert_memory_equal(back, pat, len);
	vfree(m, a);
	free(pat);
	free(back);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* vmalloc memory is virtually contiguous only: data stored through the MMU lands in the separate frames vmalloc_to_page reports; on i386 those frames come from ZONE_HIGHMEM (__GFP_HIGHMEM). */
static void test_vmalloc_data_path(void **state)
{
	(void)state;
	data_path_on("arch=x86_64 ram=1G cpus=2", false);
	data_path_on("arch=i386 ram=2G cpus=2", true);
}

/* vzalloc returns zeroed memory even when its frames held data before (__GFP_ZERO). */
static void test_vzalloc_reads_zero(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	const size_t len = 16 * SZ_4K;
	uint8_t *buf = malloc(len), *zero = calloc(1, len);
	unsigned long old[16];
	int reused = 0;
	uint64_t a, z;

	(void)state;
	assert_non_null(buf);
	assert_non_null(zero);
	memset(buf, 0xa5, len);
	a = vmalloc(m, len);
	assert_int_equal(mmu_write(m, a, buf, len, MODE_KERNEL), 0);
	for (int i = 0; i < 16; i++)
		old[i] = page_to_pfn(m, vmalloc_to_page(m, a + (uint64_t)i * SZ_4K));
	vfree(m, a);
	purge_vmap_area_lazy(m);
	z = vzalloc(m, len);
	assert_int_equal(z, a);		/* purged: the same range again */
	for (int i = 0; i < 16; i++) {
		unsigned long pfn = page_to_pfn(m, vmalloc_to_page(m, z + (uint64_t)i * SZ_4K));

		for (int j = 0; j < 16; j++)
			reused += pfn == old[j];
	}
	assert_true(reused > 0);	/* the freed frames came back (pcp lists are LIFO) */
	assert_int_equal(mmu_read(m, z, buf, len, MODE_KERNEL), 0);
	assert_memory_equal(buf, zero, len);
	vfree(m, z);
	free(buf);
	free(zero);
	mms_machine_free(m);
}

/* ------------------------------------------------------------ vmap, ioremap */

/* vmap maps pages the caller owns: the data path goes to them, VmallocUsed does not count them, vmallocinfo shows a "vmap" area without pages= (Linux records the pages only for VM_MAP_PUT_PAGES), vunmap leaves the pages allocated. */
static void test_vmap_existing_pages(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	struct page *pages[3];
	uint64_t v, a;
	char buf[16];

	(void)state;
	for (int i = 0; i < 3; i++) {
		pages[i] = alloc_pages(m, GFP_KERNEL | __GFP_ZERO, 0);
		assert_non_null(pages[i]);
	}
	a = vmalloc(m, SZ_4K);
	v = vmap(m, pages, 3, 0);
	assert_int_equal(a, X64_VMALLOC_START);
	assert_int_equal(v, a + 2 * SZ_4K);
	for (int i = 0; i < 3; i++)
		assert_ptr_equal(vmalloc_to_page(m, v + (uint64_t)i * SZ_4K + 5), pages[i]);
	assert_int_equal(mmu_write(m, v + SZ_4K + 100, "through vmap", 13, MODE_KERNEL), 0);
	assert_memory_equal((char *)page_address_host(m, pages[1]) + 100, "through vmap", 13);
	/* the same page through the direct map */
	assert_int_equal(mmu_read(m, page_address(m, pages[1]) + 100, buf, 13, MODE_KERNEL), 0);
	assert_string_equal(buf, "through vmap");
	/* a guard page follows a vmap area too */
	assert_int_equal(mmu_read(m, v + 3 * SZ_4K, buf, 1, MODE_KERNEL), -EFAULT);
	assert_int_equal(meminfo_kb(m, "VmallocUsed:"), 4);	/* a's page only */
	assert_vmallocinfo(m,
		"0xffffc90000000000-0xffffc90000002000    8192 vmalloc pages=1 vmalloc N0=1\n"
		"0xffffc90000002000-0xffffc90000006000   16384 vmap vmap\n");

	vunmap(m, v);
	assert_int_equal(mmu_read(m, v + SZ_4K + 100, buf, 13, MODE_KERNEL), 0);	/* CPU 0's TLB still has it */
	purge_vmap_area_lazy(m);
	assert_int_equal(mmu_read(m, v + SZ_4K + 100, buf, 13, MODE_KERNEL), -EFAULT);
	/* the pages are still the caller's, with their data */
	for (int i = 0; i < 3; i++)
		assert_int_equal(page_ref_count(pages[i]), 1);
	assert_memory_equal((char *)page_address_host(m, pages[1]) + 100, "through vmap", 13);
	assert_vmallocinfo(m,
		"0xffffc90000000000-0xffffc90000002000    8192 vmalloc pages=1 vmalloc N0=1\n");
	vfree(m, a);
	for (int i = 0; i < 3; i++)
		__free_pages(m, pages[i], 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* ioremap maps device memory uncached (PCD|PWT) at the offset within the page it was asked for; vmallocinfo shows "phys=0x... ioremap" with the page-aligned physical address. */
static void test_ioremap(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	struct mmu_walk w;
	uint64_t r, r2;
	phys_addr_t pa;
	pte_t e;
	int lvl;

	(void)state;
	r = ioremap(m, 0xfed00000, 0x400);	/* the HPET */
	assert_int_equal(r, X64_VMALLOC_START);
	r2 = ioremap(m, 0xfec00020, 0x20);	/* an IO-APIC register, not page aligned */
	assert_int_equal(r2, X64_VMALLOC_START + 2 * SZ_4K + 0x20);
	assert_int_equal(mmu_translate(m, r + 0xf0, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
	assert_int_equal(pa, 0xfed000f0);
	assert_true(w.flags & TLBF_GLOBAL);
	assert_int_equal(mmu_translate(m, r2, ACCESS_WRITE, MODE_KERNEL, &pa, &w), 0);
	assert_int_equal(pa, 0xfec00020);
	e = pt_lookup(m, &m->init_mm, r, &lvl, NULL);
	assert_int_equal(lvl, 3);
	assert_int_equal(e & (_PAGE_PCD | _PAGE_PWT), _PAGE_PCD | _PAGE_PWT);
	assert_int_equal(pte_pfn_fmt(m->arch->mmu, e), 0xfed00);
	/* not memory vmalloc owns */
	assert_int_equal(meminfo_kb(m, "VmallocUsed:"), 0);
	assert_vmallocinfo(m,
		"0xffffc90000000000-0xffffc90000002000    8192 ioremap phys=0x00000000fed00000 ioremap\n"
		"0xffffc90000002000-0xffffc90000004000    8192 ioremap phys=0x00000000fec00000 ioremap\n");
	iounmap(m, r);
	assert_vmallocinfo(m,
		"0xffffc90000002000-0xffffc90000004000    8192 ioremap phys=0x00000000fec00000 ioremap\n"
		"0xffffc90000000000-0xffffc90000002000    8192 unpurged vm_area\n");
	iounmap(m, r2 + 8);	/* anywhere in the first page: the area's start is what counts */
	assert_false(dmesg_has(m, "Trying to iounmap() nonexistent vm area"));
	assert_int_equal(m->vmalloc->vmap_lazy_nr, 4);
	mms_machine_free(m);

	/* i386: phys_addr_t is 32 bits, 8 digits */
	m = boot_spec("arch=i386 ram=2G cpus=2");
	r = ioremap(m, 0xfebf0000, 0x2000);
	assert_int_equal(r, I386_VMALLOC_START);
	assert_vmallocinfo(m, "0xf7bfe000-0xf7c01000   12288 ioremap phys=0xfebf0000 ioremap\n");
	assert_int_equal(mmu_translate(m, r + 0x1004, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
	assert_int_equal(pa, 0xfebf1004);
	iounmap(m, r);
	mms_machine_free(m);
}

/* ------------------------------------------------------------ lazy freeing */

/* vfree unmaps at once but the range waits on the purge list ("unpurged vm_area"), not reusable, until purge_vmap_area_lazy flushes the TLBs; then the next vmalloc of the same size gets the same address. */
static void test_lazy_free_and_purge(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	uint64_t a, b, c, d, e;
	char *t;

	(void)state;
	a = vmalloc(m, 16384);
	b = vmalloc(m, 8192);
	assert_int_equal(b, a + 20 * 1024);
	vfree(m, a);
	/* the pages are gone at once ... */
	assert_int_equal(meminfo_kb(m, "VmallocUsed:"), 8);
	assert_null(vmalloc_to_page(m, a));
	/* ... the range is not */
	assert_vmallocinfo(m,
		"0xffffc90000005000-0xffffc90000008000   12288 vmalloc pages=2 vmalloc N0=2\n"
		"0xffffc90000000000-0xffffc90000005000   20480 unpurged vm_area\n");
	assert_int_equal(m->vmalloc->vmap_lazy_nr, 5);		/* 4 pages + the guard */
	assert_int_equal(m->vmalloc->nr_purges, 0);
	c = vmalloc(m, 16384);
	assert_int_equal(c, b + 12 * 1024);			/* after b, not a's range */
	vfree(m, c);
	t = vmallocinfo(m);
	assert_int_equal(count_substr(t, "unpurged vm_area"), 2);
	free(t);
	assert_int_equal(m->vmalloc->vmap_lazy_nr, 10);
	/* lazily freed neighbours merge in the (address-sorted) purge list */
	e = vmalloc(m, 4096);
	assert_int_equal(e, c + 20 * 1024);
	vfree(m, e);
	assert_vmallocinfo(m,
		"0xffffc90000005000-0xffffc90000008000   12288 vmalloc pages=2 vmalloc N0=2\n"
		"0xffffc90000000000-0xffffc90000005000   20480 unpurged vm_area\n"
		"0xffffc90000008000-0xffffc9000000f000   28672 unpurged vm_area\n");
	assert_int_equal(m->vmalloc->vmap_lazy_nr, 12);

	purge_vmap_area_lazy(m);
	assert_int_equal(m->vmalloc->nr_purges, 1);
	assert_int_equal(m->vmalloc->vmap_lazy_nr, 0);
	assert_vmallocinfo(m,
		"0xffffc90000005000-0xffffc90000008000   12288 vmalloc pages=2 vmalloc N0=2\n");
	d = vmalloc(m, 16384);
	assert_int_equal(d, a);
	/* a purge with nothing to purge does nothing */
	purge_vmap_area_lazy(m);
	assert_int_equal(m->vmalloc->nr_purges, 1);
	/* the coalesced free space after b: c's range is reusable too */
	assert_int_equal(vmalloc(m, 16384), c);
	vfree(m, b);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static unsigned long lazy_max_on(const char *spec)
{
	struct machine *m = boot_spec(spec);
	unsigned long n = lazy_max_pages(m);

	mms_machine_free(m);
	return n;
}

/* lazy_max_pages = fls(num_online_cpus()) * 32M worth of pages; once more than that wait, the vfree that passes it purges them all. */
static void test_lazy_max_pages_purge(void **state)
{
	struct machine *m;
	uint64_t a, b;

	(void)state;
	assert_int_equal(lazy_max_on("ram=256M cpus=1"), 8192);	/* fls(1) = 1 */
	assert_int_equal(lazy_max_on("ram=256M cpus=3"), 16384);	/* fls(3) = 2 */
	assert_int_equal(lazy_max_on("ram=256M cpus=4"), 24576);	/* fls(4) = 3 */
	assert_int_equal(lazy_max_on("ram=256M cpus=8"), 32768);	/* fls(8) = 4 */

	m = boot_spec("arch=x86_64 ram=1G cpus=2");
	assert_int_equal(lazy_max_pages(m), 16384);
	a = vmalloc(m, 32 * SZ_1M);
	b = vmalloc(m, 32 * SZ_1M);
	assert_int_equal(b, a + 32 * SZ_1M + SZ_4K);
	assert_int_equal(meminfo_kb(m, "VmallocUsed:"), 65536);
	vfree(m, a);
	assert_int_equal(m->vmalloc->vmap_lazy_nr, 8193);	/* 8192 + guard: below the limit */
	assert_int_equal(m->vmalloc->nr_purges, 0);
	vfree(m, b);			/* 16386 > 16384: purge now */
	assert_int_equal(m->vmalloc->nr_purges, 1);
	assert_int_equal(m->vmalloc->vmap_lazy_nr, 0);
	assert_vmallocinfo(m, "");
	assert_int_equal(vmalloc(m, 32 * SZ_1M), a);
	assert_int_equal(vmalloc(m, 32 * SZ_1M), b);
	vfree(m, a);
	vfree(m, b);
	assert_int_equal(meminfo_kb(m, "VmallocUsed:"), 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* alloc_vmap_area: when no free range fits, purge the lazily freed ones and retry; if still nothing fits, "vmap allocation for size N failed" and vmalloc's "vmalloc error"; more than all of RAM is refused first ("exceeds total pages"). */
static void test_purge_when_out_of_space(void **state)
{
	/* 8 CPUs: lazy_max_pages 32768 pages = 128M, more than i386's 120M space */
	struct machine *m = boot_spec("arch=i386 ram=2G cpus=8");
	const size_t big = 100 * SZ_1M;
	uint64_t a, b;

	(void)state;
	assert_int_equal(m->layout.vmalloc_end - m->layout.vmalloc_start, 120 * SZ_1M);
	assert_int_equal(lazy_max_pages(m), 32768);
	a = vmalloc(m, big);
	assert_int_equal(a, I386_VMALLOC_START);
	vfree(m, a);
	assert_int_equal(m->vmalloc->nr_purges, 0);
	assert_int_equal(m->vmalloc->vmap_lazy_nr, 25601);
	/* 20M - 4K free after a's range: not enough, so purge and take a's range */
	b = vmalloc(m, big);
	assert_int_equal(b, a);
	assert_int_equal(m->vmalloc->nr_purges, 1);
	assert_false(dmesg_has(m, "vmap allocation"));
	/* 30M does not fit beside it even after a purge */
	assert_int_equal(vmalloc(m, 30 * SZ_1M), 0);
	assert_int_equal(m->vmalloc->nr_purges, 1);	/* nothing was waiting */
	assert_true(dmesg_has(m, "vmap allocation for size 31461376 failed: use vmalloc=<size> to increase size"));
	assert_true(dmesg_has(m, "vmalloc error: size 31457280"));
	assert_int_equal(meminfo_kb(m, "VmallocUsed:"), 100 * 1024);
	/* bigger than the whole vmalloc space: the same path, the same warnings */
	assert_int_equal(vmalloc(m, 200 * SZ_1M), 0);
	assert_true(dmesg_has(m, "vmap allocation for size 209719296 failed: use vmalloc=<size> to increase size"));
	assert_true(dmesg_has(m, "vmalloc error: size 209715200, vm_struct allocation failed"));
	/* bigger than RAM: refused before any search */
	assert_int_equal(vmalloc(m, 4ULL << 30), 0);
	assert_true(dmesg_has(m, "vmalloc error: size 4294967296, exceeds total pages"));
	assert_false(dmesg_has(m, "vmap allocation for size 4294971392"));
	/* __GFP_NOWARN: quietly */
	{
		size_t len = m->log.len;

		assert_int_equal(__vmalloc_node(m, 200 * SZ_1M, GFP_KERNEL | __GFP_NOWARN,
						NUMA_NO_NODE, "vmalloc"), 0);
		assert_int_equal(m->log.len, len);
	}
	assert_int_equal(meminfo_kb(m, "VmallocUsed:"), 100 * 1024);
	vfree(m, b);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* The stale-TLB window that the purge closes: after vfree, a CPU that has the address in its TLB still reads the freed frame (tlb_verify flags it); after the purge's flush_tlb_kernel_range it faults; a freed area no CPU touched faults at once. */
static void test_stale_tlb_window(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	char buf[16] = "";
	uint64_t a, b;

	(void)state;
	a = vmalloc(m, 2 * SZ_4K);
	/* only CPU 1 touches a */
	assert_int_equal(kwrite_on(m, 1, a + 40, "secret", 7), 0);
	assert_int_equal(kread_on(m, 1, a + 40, buf, 7), 0);
	assert_string_equal(buf, "secret");
	vfree(m, a);
	assert_int_equal(m->vmalloc->nr_purges, 0);

	/* CPU 1 still translates through its TLB: the freed page, read */
	memset(buf, 0, sizeof(buf));
	assert_int_equal(kread_on(m, 1, a + 40, buf, 7), 0);
	assert_string_equal(buf, "secret");
	/* CPU 0 never cached it: the walk finds the PTE gone */
	assert_int_equal(kread_on(m, 0, a + 40, buf, 7), -EFAULT);
	/* the check sees the hit disagree with the page table */
	m->tlb_verify = true;
	assert_int_equal(kread_on(m, 1, a + 40, buf, 7), 0);
	assert_int_equal(m->tlb_stale_hits, 1);
	assert_true(dmesg_has(m, "stale entry"));

	purge_vmap_area_lazy(m);
	assert_int_equal(kread_on(m, 1, a + 40, buf, 7), -EFAULT);
	assert_int_equal(kread_on(m, 1, a, buf, 1), -EFAULT);
	assert_int_equal(m->tlb_stale_hits, 1);

	/* never touched: nothing to be stale, faults before any purge */
	b = vmalloc(m, 2 * SZ_4K);
	assert_int_equal(b, a);
	vfree(m, b);
	assert_int_equal(kread_on(m, 0, b, buf, 1), -EFAULT);
	assert_int_equal(kread_on(m, 1, b + SZ_4K, buf, 1), -EFAULT);
	assert_int_equal(m->tlb_stale_hits, 1);
	assert_int_equal(m->vmalloc->nr_purges, 1);
	m->tlb_verify = false;
	mms_machine_free(m);
}

/* ------------------------------------------------------ every mm sees it */

static void visible_in_mm(const char *spec)
{
	struct machine *m = boot_spec(spec);
	const struct mmu_format *f = m->arch->mmu;
	struct mm_struct mm;
	unsigned int slot;
	char buf[8] = "";
	uint64_t a;

	memset(&mm, 0, sizeof(mm));
	mm_init_context(m, &mm);
	assert_int_not_equal(pgd_alloc(m, &mm), 0);	/* copied before the area exists */
	slot = pt_index(f, 0, m->layout.vmalloc_start + 4 * 1024 * 1024 - 1);
	/* i386: no table there yet; x86_64: preallocated at boot */
	assert_int_equal(pt_read(m, mm.pgd + (phys_addr_t)slot * f->entry_size) == 0,
			 m->arch->bits == 32);
	a = vmalloc(m, 4 * 1024 * 1024);		/* needs page tables of its own */
	assert_int_equal(a, m->layout.vmalloc_start);
	assert_int_equal(pt_read(m, mm.pgd + (phys_addr_t)slot * f->entry_size),
			 pt_read(m, m->init_mm.pgd + (phys_addr_t)slot * f->entry_size));
	assert_int_equal(mmu_write(m, a + 4 * 1024 * 1024 - 8, "shared", 7, MODE_KERNEL), 0);
	switch_mm(m, &mm);
	assert_int_equal(mmu_read(m, a + 4 * 1024 * 1024 - 8, buf, 7, MODE_KERNEL), 0);
	assert_string_equal(buf, "shared");
	switch_mm(m, &m->init_mm);
	vfree(m, a);
	pgd_free(m, &mm);
	mms_machine_free(m);
}

/* The kernel half is shared by every address space: on x86_64 the vmalloc area's PGD entries exist from boot (preallocate_vmalloc_pages); on i386 a new kernel PGD entry is copied into every PGD (arch_sync_kernel_mappings), so an area mapped after pgd_alloc is visible from that mm. */
static void test_vmalloc_visible_in_every_mm(void **state)
{
	(void)state;
	visible_in_mm("arch=x86_64 ram=1G cpus=2");
	visible_in_mm("arch=i386 ram=2G cpus=2");
}

/* ---------------------------------------------------------------- bad input */

/* vfree of an address vmalloc never returned (inside an area, outside any, freed twice) is Linux's WARNING "Trying to vfree() nonexistent vm area" and changes nothing; vfree(NULL) is a no-op; vmalloc(0) returns NULL. */
static void test_bad_vfree(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	unsigned long used;
	uint64_t a;
	char *before;
	size_t loglen;

	(void)state;
	a = vmalloc(m, 2 * SZ_4K);
	used = meminfo_kb(m, "VmallocUsed:");
	before = vmallocinfo(m);

	vfree(m, a + SZ_4K);
	assert_true(dmesg_has(m, "Trying to vfree() nonexistent vm area (ffffc90000001000)"));
	vfree(m, 0xffffc90000123000ULL);
	assert_true(dmesg_has(m, "Trying to vfree() nonexistent vm area (ffffc90000123000)"));
	vfree(m, m->layout.page_offset);
	assert_true(dmesg_has(m, "Trying to vfree() nonexistent vm area (ffff888000000000)"));
	assert_true(dmesg_has(m, "WARNING: CPU: 0 PID: 0 at mm/vmalloc.c: vfree"));
	assert_int_equal(meminfo_kb(m, "VmallocUsed:"), used);
	{
		char *after = vmallocinfo(m);

		assert_string_equal(after, before);
		free(after);
	}
	assert_int_equal(m->vmalloc->vmap_lazy_nr, 0);
	assert_int_equal(check_machine(m), 0);
	/* the area itself is intact */
	assert_int_equal(mmu_write(m, a + SZ_4K, "ok", 3, MODE_KERNEL), 0);

	loglen = m->log.len;
	vfree(m, 0);
	assert_int_equal(m->log.len, loglen);
	assert_int_equal(vmalloc(m, 0), 0);
	assert_int_equal(vzalloc(m, 0), 0);
	{
		char *after = vmallocinfo(m);

		assert_string_equal(after, before);
		free(after);
	}

	/* a double vfree: the second one warns */
	vfree(m, a);
	assert_int_equal(meminfo_kb(m, "VmallocUsed:"), 0);
	loglen = m->log.len;
	vfree(m, a);
	assert_true(m->log.len > loglen);
	assert_non_null(strstr(m->log.buf + loglen, "Trying to vfree() nonexistent vm area (ffffc90000000000)"));
	assert_int_equal(m->vmalloc->vmap_lazy_nr, 3);	/* once */
	assert_int_equal(check_machine(m), 0);
	free(before);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmalloc_placement_and_guard),
		cmocka_unit_test(test_vmallocinfo_numa),
		cmocka_unit_test(test_vmallocinfo_i386),
		cmocka_unit_test(test_vmalloc_data_path),
		cmocka_unit_test(test_vzalloc_reads_zero),
		cmocka_unit_test(test_vmap_existing_pages),
		cmocka_unit_test(test_ioremap),
		cmocka_unit_test(test_lazy_free_and_purge),
		cmocka_unit_test(test_lazy_max_pages_purge),
		cmocka_unit_test(test_purge_when_out_of_space),
		cmocka_unit_test(test_stale_tlb_window),
		cmocka_unit_test(test_vmalloc_visible_in_every_mm),
		cmocka_unit_test(test_bad_vfree),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
