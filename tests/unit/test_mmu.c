// SPDX-License-Identifier: MIT
/*
 * test_mmu.c - unit tests for the hardware layer: page tables in simulated
 * frames (src/mm/pgtable.c), the MMU (src/hw/mmu.c), the kernel's TLB
 * maintenance (src/arch/tlbflush.c) and the kernel page table built at boot
 * (src/arch/init.c).
 *
 * Every test boots its own machine.  User address spaces are a struct
 * mm_struct on the stack: mm_init_context, pgd_alloc, pt_set at the level
 * of the page size wanted, switch_mm; at the end every CPU goes back to
 * init_mm and pgd_free returns the tables.  Page-table levels are indexes
 * into the format's table: x86_64 PGD 0 / PUD 1 (1G pages) / PMD 2 (2M) /
 * PTE 3; i386 PGD 0 (4M pages with PSE) / PTE 1.
 *
 * The numbers asserted are x86's: the page-fault error code bits
 * P=1 W=2 U=4 I=0x10 (arch/x86/include/asm/trap_pf.h), the index of an
 * address at each level (bits 47..39, 38..30, 29..21, 20..12; i386
 * 31..22, 21..12), and Linux's vm_event counters of arch/x86/mm/tlb.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "pgalloc.h"
#include "mmu.h"

#define SZ_4K 0x1000ULL
#define SZ_2M 0x200000ULL
#define SZ_4M 0x400000ULL
#define SZ_1G 0x40000000ULL

#define X64_PGD 0
#define X64_PUD 1
#define X64_PMD 2
#define X64_PTE 3
#define I386_PGD 0
#define I386_PTE 1

/* A user RW page with A and D clear: what the MMU has to set. */
#define PROT_USER_RW_CLEAN (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER)
/* Supervisor pages in a user address space (no G: they are per-mm). */
#define PROT_KERN_RW_EXEC (_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)
#define PROT_KERN_RO_NX (_PAGE_PRESENT | _PAGE_ACCESSED | _PAGE_NX)

/* ------------------------------------------------------------------ helpers */

static phys_addr_t frame_alloc(struct machine *m)
{
	struct page *p = alloc_pages(m, GFP_KERNEL | __GFP_ZERO, 0);

	assert_non_null(p);
	return PFN_PHYS(page_to_pfn(m, p));
}

static void frame_free(struct machine *m, phys_addr_t pa)
{
	__free_pages(m, pfn_to_page(m, PFN_DOWN(pa)), 0);
}

static void mm_create(struct machine *m, struct mm_struct *mm)
{
	memset(mm, 0, sizeof(*mm));
	mm_init_context(m, mm);
	assert_int_not_equal(pgd_alloc(m, mm), 0);
}

/* Every CPU that runs @mm goes back to init_mm, then the tables are freed. */
static void mm_destroy(struct machine *m, struct mm_struct *mm)
{
	int self = m->cpu;

	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++)
		if (m->cpus[cpu].loaded_mm == mm) {
			m->cpu = cpu;
			switch_mm(m, &m->init_mm);
		}
	m->cpu = self;
	pgd_free(m, mm);
	assert_int_equal(mm->pgd, 0);
}

static void switch_on(struct machine *m, int cpu, struct mm_struct *mm)
{
	int self = m->cpu;

	m->cpu = cpu;
	switch_mm(m, mm);
	m->cpu = self;
}

static int xlate_on(struct machine *m, int cpu, uint64_t va, enum mmu_access acc,
		    enum mmu_mode mode, phys_addr_t *pa, struct mmu_walk *w)
{
	int self = m->cpu, ret;

	m->cpu = cpu;
	ret = mmu_translate(m, va, acc, mode, pa, w);
	m->cpu = self;
	return ret;
}

static unsigned long pagetables(struct machine *m)
{
	return global_node_page_state(m, NR_PAGETABLE);
}


/* The fault handler the tests install: records, and optionally maps. */
static struct {
	int calls;
	uint64_t va;
	unsigned int code;
	struct mm_struct *mm;	/* fix_fault maps into this mm */
	phys_addr_t frame;
} fr;

static int record_fault(struct machine *m, uint64_t va, unsigned int code)
{
	(void)m;
	fr.calls++;
	fr.va = va;
	fr.code = code;
	return -EFAULT;
}

static int fix_fault(struct machine *m, uint64_t va, unsigned int code)
{
	fr.calls++;
	fr.va = va;
	fr.code = code;
	if (pt_set(m, fr.mm, va & PAGE_MASK, fr.frame, PAGE_SHARED, m->arch->mmu->levels - 1))
		return -ENOMEM;
	return 0;	/* a not-present entry is never cached: no flush needed */
}

/* ------------------------------------------------------- walks, page sizes */

/* x86_64 4-level paging: a 4K page takes 4 entries, a 2M page (PS in the PMD) 3, a 1G page (PS in the PUD) 2; PageTables counts the PMD and PTE pages, pgtables_bytes every table but the PGD. */
static void test_walk_x86_64_page_sizes(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=2G cpus=2");
	const struct mmu_format *f = m->arch->mmu;
	unsigned long before = pagetables(m);
	struct mm_struct mm;
	struct mmu_walk w;
	phys_addr_t pa, f4k;

	(void)state;
	mm_create(m, &mm);
	/* pgd_alloc: the PGD is not a PageTables page; the kernel half is swapper's */
	assert_int_equal(pagetables(m), before);
	assert_int_equal(pt_read(m, mm.pgd + 273 * 8), pt_read(m, m->init_mm.pgd + 273 * 8));
	assert_int_not_equal(pt_read(m, mm.pgd + 273 * 8), 0);	/* PAGE_OFFSET's slot */
	assert_int_equal(pt_read(m, mm.pgd + 0), 0);		/* user half empty */
	switch_mm(m, &mm);
	assert_int_equal(this_cpu(m)->cr3, mm.pgd);
	assert_int_not_equal(this_cpu(m)->pcid, 0);		/* PCID = ASID + 1 */

	f4k = frame_alloc(m);
	/* 4K at 0x400000: PGD[0] -> new PUD, PUD[0] -> new PMD, PMD[2] -> new PTE table */
	assert_int_equal(pt_set(m, &mm, 0x400000, f4k, PAGE_SHARED, X64_PTE), 0);
	/* 2M at 1G: PUD[1] -> new PMD table, PMD[0] has PS */
	assert_int_equal(pt_set(m, &mm, 0x40000000, 0x40000000, PAGE_SHARED, X64_PMD), 0);
	/* 1G at 512G: PGD[1] -> new PUD table, PUD[0] has PS */
	assert_int_equal(pt_set(m, &mm, 0x8000000000ULL, 0x40000000, PAGE_SHARED, X64_PUD), 0);
	/*
	 * PageTables counts the pages with a ctor: the 2 PMD pages and the PTE
	 * page, not the 2 PUD pages (6.6's __pud_alloc_one has no ctor);
	 * mm->pgtables_bytes counts all 5 (mm_inc_nr_puds/pmds/ptes).
	 */
	assert_int_equal(pagetables(m), before + 3);
	assert_int_equal(mm.pgtables_bytes, 5 * PAGE_SIZE);

	/* 4K: PGD, PUD, PMD, PTE */
	assert_int_equal(mmu_translate(m, 0x400123, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_false(w.tlb_hit);
	assert_int_equal(pa, f4k + 0x123);
	assert_int_equal(w.nsteps, 4);
	assert_int_equal(w.leaf_level, X64_PTE);
	assert_int_equal(w.size, TLB_4K);
	assert_int_equal(w.step[0].table, mm.pgd);
	assert_int_equal(w.step[0].index, 0);
	assert_int_equal(w.step[1].index, 0);
	assert_int_equal(w.step[2].index, 2);
	assert_int_equal(w.step[3].index, 0);
	assert_int_equal(w.step[3].entry_pa, w.step[3].table);	/* slot 0 */
	assert_true(w.flags & TLBF_USER);
	assert_true(w.flags & TLBF_WRITE);
	assert_true(w.flags & TLBF_NX);
	assert_false(w.flags & TLBF_GLOBAL);

	/* 2M: PGD, PUD, PMD(PS) */
	assert_int_equal(mmu_translate(m, 0x40012345, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_false(w.tlb_hit);
	assert_int_equal(pa, 0x40012345);
	assert_int_equal(w.nsteps, 3);
	assert_int_equal(w.leaf_level, X64_PMD);
	assert_int_equal(w.size, TLB_2M);
	assert_int_equal(w.step[1].index, 1);
	assert_true(pte_huge(w.step[2].entry));
	/* the same 2M TLB entry serves the last 4K of the page */
	assert_int_equal(mmu_translate(m, 0x401ff008, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_true(w.tlb_hit);
	assert_int_equal(pa, 0x401ff008);

	/* 1G: PGD, PUD(PS) */
	assert_int_equal(mmu_translate(m, 0x8003456789ULL, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_false(w.tlb_hit);
	assert_int_equal(pa, 0x43456789);
	assert_int_equal(w.nsteps, 2);
	assert_int_equal(w.leaf_level, X64_PUD);
	assert_int_equal(w.size, TLB_1G);
	assert_int_equal(w.step[0].index, 1);
	assert_int_equal(mmu_translate(m, 0x803ffff000ULL, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_true(w.tlb_hit);
	assert_int_equal(pa, 0x7ffff000);

	/* an unmapped 4K slot next to the mapped one: the walk stops at the PMD */
	assert_int_equal(mmu_translate(m, 0x200000, ACCESS_READ, MODE_USER, &pa, &w), -EFAULT);
	assert_int_equal(w.nsteps, 3);
	assert_int_equal(w.error_code, X86_PF_USER);

	/* pt_lookup reports the level of each mapping */
	{
		int lvl;

		assert_true(pte_present(pt_lookup(m, &mm, 0x400000, &lvl, NULL)));
		assert_int_equal(lvl, X64_PTE);
		assert_true(pte_huge(pt_lookup(m, &mm, 0x40000000, &lvl, NULL)));
		assert_int_equal(lvl, X64_PMD);
		assert_true(pte_huge(pt_lookup(m, &mm, 0x8000000000ULL, &lvl, NULL)));
		assert_int_equal(lvl, X64_PUD);
		assert_int_equal(pte_pfn_fmt(f, pt_lookup(m, &mm, 0x400000, &lvl, NULL)),
				 PFN_DOWN(f4k));
	}

	/* a 2M mapping of an address that is not 2M aligned is refused */
	assert_int_equal(pt_set(m, &mm, 0x40001000, 0x40000000, PAGE_SHARED, X64_PMD), -EINVAL);
	assert_true(dmesg_has(m, "unaligned or non-canonical PMD mapping 0x40001000 -> 0x40000000"));

	mm_destroy(m, &mm);
	assert_int_equal(pagetables(m), before);
	assert_int_equal(mm.pgtables_bytes, 0);
	frame_free(m, f4k);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* i386 2-level paging: a 4K page takes PGD + PTE, a 4M page (PS in the PGD) one entry; only the PTE table is a PageTables page. */
static void test_walk_i386_page_sizes(void **state)
{
	struct machine *m = boot_spec("arch=i386 ram=2G cpus=2");
	unsigned long before = pagetables(m);
	struct mm_struct mm;
	struct mmu_walk w;
	phys_addr_t pa, f4k;

	(void)state;
	assert_int_equal(m->tlb_shifts.shift[TLB_2M], 22);	/* the large TLB holds 4M pages */
	mm_create(m, &mm);
	assert_int_equal(pagetables(m), before);
	/* KERNEL_PGD_BOUNDARY 768: 0xc0000000 >> 22 */
	assert_int_equal(pt_read(m, mm.pgd + 768 * 4), pt_read(m, m->init_mm.pgd + 768 * 4));
	assert_int_not_equal(pt_read(m, mm.pgd + 768 * 4), 0);
	switch_mm(m, &mm);
	assert_int_equal(this_cpu(m)->cr3, mm.pgd);
	assert_int_equal(this_cpu(m)->pcid, 0);			/* no PCID on i386 */

	f4k = frame_alloc(m);
	assert_int_equal(pt_set(m, &mm, 0x400000, f4k, PAGE_SHARED, I386_PTE), 0);
	assert_int_equal(pt_set(m, &mm, 0x800000, 0x1000000, PAGE_SHARED, I386_PGD), 0);
	assert_int_equal(pagetables(m), before + 1);
	assert_int_equal(mm.pgtables_bytes, PAGE_SIZE);
	/* the entries are 4 bytes and NX does not exist */
	assert_int_equal(pt_read(m, mm.pgd + 2 * 4), 0x1000000 | (PAGE_SHARED & ~_PAGE_NX) | _PAGE_PSE);

	assert_int_equal(mmu_translate(m, 0x400abc, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_false(w.tlb_hit);
	assert_int_equal(pa, f4k + 0xabc);
	assert_int_equal(w.nsteps, 2);
	assert_int_equal(w.leaf_level, I386_PTE);
	assert_int_equal(w.size, TLB_4K);
	assert_int_equal(w.step[0].index, 1);
	assert_int_equal(w.step[1].index, 0);
	assert_false(w.flags & TLBF_NX);

	assert_int_equal(mmu_translate(m, 0xbabcde, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_false(w.tlb_hit);
	assert_int_equal(pa, 0x13abcde);
	assert_int_equal(w.nsteps, 1);
	assert_int_equal(w.leaf_level, I386_PGD);
	assert_int_equal(w.size, TLB_2M);
	assert_int_equal(w.step[0].index, 2);
	/* one 4M TLB entry covers the whole page */
	assert_int_equal(mmu_translate(m, 0xbff000, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_true(w.tlb_hit);
	assert_int_equal(pa, 0x13ff000);

	/* a PGD slot with no table: one step, not present */
	assert_int_equal(mmu_translate(m, 0x1000000, ACCESS_WRITE, MODE_USER, &pa, &w), -EFAULT);
	assert_int_equal(w.nsteps, 1);
	assert_int_equal(w.error_code, X86_PF_USER | X86_PF_WRITE);

	mm_destroy(m, &mm);
	assert_int_equal(pagetables(m), before);
	frame_free(m, f4k);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* ------------------------------------------------------- entries, indexes */

/* pgtable_types.h: the flag accessors and modifiers act on the x86 bits P RW US A D PS G NX. */
static void test_pte_flag_helpers(void **state)
{
	pte_t p = pfn_pte_fmt(&x86_64_4level_format, 0x12345, PAGE_SHARED);

	(void)state;
	assert_int_equal(p, 0x12345000ULL | _PAGE_PRESENT | _PAGE_RW | _PAGE_USER |
			 _PAGE_ACCESSED | _PAGE_NX);
	assert_true(pte_present(p));
	assert_true(pte_write(p));
	assert_true(pte_user(p));
	assert_true(pte_young(p));
	assert_false(pte_dirty(p));
	assert_false(pte_huge(p));
	assert_false(pte_global(p));
	assert_false(pte_exec(p));
	assert_false(pte_none(p));
	assert_true(pte_none(0));
	assert_int_equal(pte_pfn_fmt(&x86_64_4level_format, p), 0x12345);

	assert_int_equal(pte_wrprotect(p), p & ~_PAGE_RW);
	assert_false(pte_write(pte_wrprotect(p)));
	assert_true(pte_write(pte_mkwrite(pte_wrprotect(p))));
	assert_true(pte_dirty(pte_mkdirty(p)));
	assert_false(pte_dirty(pte_mkclean(pte_mkdirty(p))));
	assert_false(pte_young(pte_mkold(p)));
	assert_true(pte_young(pte_mkyoung(pte_mkold(p))));
	assert_true(pte_huge(pte_mkhuge(p)));
	assert_true(pte_exec(pte_mkexec(p)));
	assert_int_equal(pte_mkexec(p), p & ~_PAGE_NX);
	/* the modifiers touch their bit only */
	assert_int_equal(pte_mkdirty(p) ^ p, _PAGE_DIRTY);
	assert_int_equal(pte_mkold(p) ^ p, _PAGE_ACCESSED);

	/* __PAGE_KERNEL: P RW A D G NX = 0x8000000000000163 */
	assert_int_equal(__PAGE_KERNEL, 0x8000000000000163ULL);
	assert_true(pte_global(__PAGE_KERNEL));
	assert_false(pte_user(__PAGE_KERNEL));
	assert_int_equal(_PAGE_TABLE, 0x67);
	assert_int_equal(_KERNPG_TABLE, 0x63);

	/* i386 has no bit 63: pfn_pte drops NX, and the frame mask is 32 bits */
	p = pfn_pte_fmt(&i386_2level_format, 0x12345, PAGE_SHARED);
	assert_int_equal(p, 0x12345000ULL | _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED);
	assert_true(pte_exec(p));
	assert_int_equal(pfn_pte_fmt(&i386_2level_format, 1, __PAGE_KERNEL), 0x1163);
	assert_int_equal(pte_pfn_fmt(&i386_2level_format, 0xfffff163ULL), 0xfffff);
	/* x86_64 keeps NX and masks the frame to bits 51..12 */
	assert_int_equal(pfn_pte_fmt(&x86_64_4level_format, 1, __PAGE_KERNEL), 0x8000000000001163ULL);
	assert_int_equal(pte_pfn_fmt(&x86_64_4level_format, 0xfff0000123456163ULL), 0x123456);
	assert_int_equal(pte_pfn_fmt(&x86_64_4level_format, 0x800fffffffff1163ULL),
			 0xfffffffff1ULL);
}

/* The index of an address at each level: PAGE_OFFSET is PGD slot 273, VMALLOC_START 402, __START_KERNEL_map PGD 511 PUD 510; i386 PAGE_OFFSET is PGD 768. */
static void test_pt_index_and_canonical(void **state)
{
	const struct mmu_format *f64 = &x86_64_4level_format, *f32 = &i386_2level_format;

	(void)state;
	assert_int_equal(pt_index(f64, 0, 0xffff888000000000ULL), 273);
	assert_int_equal(pt_index(f64, 1, 0xffff888000000000ULL), 0);
	assert_int_equal(pt_index(f64, 0, 0xffffc90000000000ULL), 402);
	assert_int_equal(pt_index(f64, 0, 0xffffea0000000000ULL), 468);
	assert_int_equal(pt_index(f64, 0, 0xffffffff81000000ULL), 511);
	assert_int_equal(pt_index(f64, 1, 0xffffffff81000000ULL), 510);
	assert_int_equal(pt_index(f64, 2, 0xffffffff81000000ULL), 8);
	assert_int_equal(pt_index(f64, 3, 0xffffffff81000000ULL), 0);
	/* 0x7fffffffe000: the top of a user stack */
	assert_int_equal(pt_index(f64, 0, 0x7fffffffe000ULL), 255);
	assert_int_equal(pt_index(f64, 1, 0x7fffffffe000ULL), 511);
	assert_int_equal(pt_index(f64, 2, 0x7fffffffe000ULL), 511);
	assert_int_equal(pt_index(f64, 3, 0x7fffffffe000ULL), 510);
	assert_int_equal(pt_level_size(f64, 1), SZ_1G);
	assert_int_equal(pt_level_size(f64, 2), SZ_2M);
	assert_int_equal(pt_level_size(f64, 3), SZ_4K);

	assert_int_equal(pt_index(f32, 0, 0xc0000000ULL), 768);
	assert_int_equal(pt_index(f32, 1, 0xc0000000ULL), 0);
	assert_int_equal(pt_index(f32, 0, 0xfffff000ULL), 1023);
	assert_int_equal(pt_index(f32, 1, 0xfffff000ULL), 1023);
	assert_int_equal(pt_index(f32, 0, 0x08048000ULL), 32);
	assert_int_equal(pt_index(f32, 1, 0x08048000ULL), 0x48);
	assert_int_equal(pt_level_size(f32, 0), SZ_4M);

	/* 48-bit canonical form: bits 63..47 all equal */
	assert_true(va_canonical(f64, 0));
	assert_true(va_canonical(f64, 0x00007fffffffffffULL));
	assert_false(va_canonical(f64, 0x0000800000000000ULL));
	assert_false(va_canonical(f64, 0xffff7fffffffffffULL));
	assert_true(va_canonical(f64, 0xffff800000000000ULL));
	assert_true(va_canonical(f64, 0xffffffffffffffffULL));
	assert_false(va_canonical(f64, 0x8000000000000000ULL));
	/* i386: every 32-bit address, nothing above */
	assert_true(va_canonical(f32, 0xffffffffULL));
	assert_false(va_canonical(f32, 0x100000000ULL));
}

/* ------------------------------------------------------------ fault codes */

struct fault_case {
	uint64_t va;
	enum mmu_access acc;
	enum mmu_mode mode;
	int ret;
	unsigned int code;
	const char *what;
};

static void run_fault_cases(struct machine *m, const struct fault_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct mmu_walk w;
		phys_addr_t pa = 0;
		int ret;

		fr.calls = 0;
		fr.code = 0xdead;
		ret = mmu_translate(m, c[i].va, c[i].acc, c[i].mode, &pa, &w);
		if (ret != c[i].ret)
			fail_msg("%s: returned %d, expected %d", c[i].what, ret, c[i].ret);
		if (ret) {
			if (w.error_code != c[i].code)
				fail_msg("%s: error code %#x, expected %#x", c[i].what,
					 w.error_code, c[i].code);
			/* the handler is called once, with the hardware's code */
			assert_int_equal(fr.calls, 1);
			assert_int_equal(fr.code, c[i].code);
			assert_int_equal(fr.va, c[i].va);
			assert_true(w.fault);
			assert_false(w.noncanonical);
		} else {
			assert_int_equal(fr.calls, 0);
		}
	}
}

#define R ACCESS_READ
#define W ACCESS_WRITE
#define F ACCESS_FETCH
#define K MODE_KERNEL
#define U MODE_USER

/* x86_64 #PF error codes: not present 0/2/4/6 (+0x10 for fetches), protection 5 (user read of a supervisor page), 7 (user write to a RO page), 3 (kernel write to a RO page: CR0.WP), 0x15/0x11 (fetch from NX); the handler gets the same code. */
static void test_fault_codes_x86_64(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	struct mm_struct mm;
	phys_addr_t fpg[5];
	const uint64_t RWNX = 0x400000, RO = 0x401000, SUP = 0x402000, SUPRO = 0x403000,
		       ROX = 0x404000, NONE = 0x405000;
	const struct fault_case cases[] = {
		/* not present */
		{ NONE, R, K, -EFAULT, 0x00, "kernel read, not present" },
		{ NONE, W, K, -EFAULT, 0x02, "kernel write, not present" },
		{ NONE, R, U, -EFAULT, 0x04, "user read, not present" },
		{ NONE, W, U, -EFAULT, 0x06, "user write, not present" },
		{ NONE, F, K, -EFAULT, 0x10, "kernel fetch, not present" },
		{ NONE, F, U, -EFAULT, 0x14, "user fetch, not present" },
		{ 0x7fffffffe000ULL, R, U, -EFAULT, 0x04, "user read, no PUD table" },
		/* protection */
		{ SUP, R, U, -EFAULT, 0x05, "user read of a supervisor page" },
		{ SUP, W, U, -EFAULT, 0x07, "user write to a supervisor page" },
		{ SUP, F, U, -EFAULT, 0x15, "user fetch from a supervisor page" },
		{ RO, W, U, -EFAULT, 0x07, "user write to a read-only user page" },
		{ RO, W, K, -EFAULT, 0x03, "kernel write to a read-only page (CR0.WP)" },
		{ SUPRO, W, K, -EFAULT, 0x03, "kernel write to a read-only supervisor page" },
		{ RWNX, F, U, -EFAULT, 0x15, "user fetch from an NX page" },
		{ RWNX, F, K, -EFAULT, 0x11, "kernel fetch from an NX page" },
		{ SUPRO, F, K, -EFAULT, 0x11, "kernel fetch from an NX supervisor page" },
		/* allowed */
		{ RWNX, R, U, 0, 0, "user read" },
		{ RWNX, W, U, 0, 0, "user write" },
		{ RO, R, U, 0, 0, "user read of a read-only page" },
		{ ROX, F, U, 0, 0, "user fetch from an executable page" },
		{ SUP, W, K, 0, 0, "kernel write to a supervisor page" },
		{ SUP, F, K, 0, 0, "kernel fetch from a supervisor exec page" },
		{ RWNX, W, K, 0, 0, "kernel write to a user page (no SMAP)" },
		{ ROX, F, K, 0, 0, "kernel fetch from a user page (no SMEP)" },
	};

	(void)state;
	mm_create(m, &mm);
	switch_mm(m, &mm);
	for (int i = 0; i < 5; i++)
		fpg[i] = frame_alloc(m);
	assert_int_equal(pt_set(m, &mm, RWNX, fpg[0], PAGE_SHARED, X64_PTE), 0);
	assert_int_equal(pt_set(m, &mm, RO, fpg[1], PAGE_READONLY, X64_PTE), 0);
	assert_int_equal(pt_set(m, &mm, SUP, fpg[2], PROT_KERN_RW_EXEC, X64_PTE), 0);
	assert_int_equal(pt_set(m, &mm, SUPRO, fpg[3], PROT_KERN_RO_NX, X64_PTE), 0);
	assert_int_equal(pt_set(m, &mm, ROX, fpg[4], PAGE_READONLY_EXEC, X64_PTE), 0);
	m->fault_handler = record_fault;
	run_fault_cases(m, cases, sizeof(cases) / sizeof(cases[0]));
	/* run again: now the allowed ones hit the TLB, the faults still fault */
	run_fault_cases(m, cases, sizeof(cases) / sizeof(cases[0]));

	/* the rights are the AND over the levels: RW clear in the PMD entry ... */
	{
		phys_addr_t pmd_e = pt_entry(m, &mm, RWNX, X64_PMD, false);
		pte_t old = pt_read(m, pmd_e);
		const struct fault_case c[] = {
			{ RWNX, W, U, -EFAULT, 0x07, "user write under a read-only PMD entry" },
			{ RWNX, R, U, 0, 0, "user read under a read-only PMD entry" },
		};
		const struct fault_case c2[] = {
			{ ROX, F, U, -EFAULT, 0x15, "user fetch under an NX PMD entry" },
			{ ROX, F, K, -EFAULT, 0x11, "kernel fetch under an NX PMD entry" },
		};
		const struct fault_case c3[] = {
			{ ROX, R, U, -EFAULT, 0x05, "user read under a supervisor PMD entry" },
		};

		assert_int_not_equal(pmd_e, 0);
		pt_write(m, pmd_e, old & ~_PAGE_RW);
		flush_tlb_mm_range(m, &mm, 0x400000, 0x600000);
		run_fault_cases(m, c, 2);
		/* ... NX in any level's entry forbids fetches ... */
		pt_write(m, pmd_e, old | _PAGE_NX);
		flush_tlb_mm_range(m, &mm, 0x400000, 0x600000);
		run_fault_cases(m, c2, 2);
		/* ... US clear anywhere makes the page supervisor-only */
		pt_write(m, pmd_e, old & ~_PAGE_USER);
		flush_tlb_mm_range(m, &mm, 0x400000, 0x600000);
		run_fault_cases(m, c3, 1);
		pt_write(m, pmd_e, old);
		flush_tlb_mm_range(m, &mm, 0x400000, 0x600000);
	}

	/* mmu_read / mmu_write / mmu_fetch report the same faults */
	{
		uint8_t b = 0x5a;

		fr.calls = 0;
		assert_int_equal(mmu_write(m, RO, &b, 1, MODE_USER), -EFAULT);
		assert_int_equal(fr.code, 0x07);
		assert_int_equal(mmu_read(m, SUP + 8, &b, 1, MODE_USER), -EFAULT);
		assert_int_equal(fr.code, 0x05);
		assert_int_equal(fr.va, SUP + 8);
		assert_int_equal(mmu_fetch(m, RWNX, MODE_USER), -EFAULT);
		assert_int_equal(fr.code, 0x15);
		assert_int_equal(fr.calls, 3);
	}

	m->fault_handler = NULL;
	mm_destroy(m, &mm);
	for (int i = 0; i < 5; i++)
		frame_free(m, fpg[i]);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* i386 without PAE has no NX, so there is no I bit: a fetch faults like a read (0 / 4) and any present page is executable; P, W, U as on x86_64. */
static void test_fault_codes_i386(void **state)
{
	struct machine *m = boot_spec("arch=i386 ram=1G cpus=2");
	struct mm_struct mm;
	phys_addr_t fpg[3];
	const uint64_t RWNX = 0x400000, RO = 0x401000, SUP = 0x402000, NONE = 0x405000;
	const struct fault_case cases[] = {
		{ NONE, R, K, -EFAULT, 0x00, "kernel read, not present" },
		{ NONE, W, K, -EFAULT, 0x02, "kernel write, not present" },
		{ NONE, R, U, -EFAULT, 0x04, "user read, not present" },
		{ NONE, W, U, -EFAULT, 0x06, "user write, not present" },
		{ NONE, F, K, -EFAULT, 0x00, "kernel fetch, not present (no I bit)" },
		{ NONE, F, U, -EFAULT, 0x04, "user fetch, not present (no I bit)" },
		{ 0x40000000, F, U, -EFAULT, 0x04, "user fetch, no page table" },
		{ SUP, R, U, -EFAULT, 0x05, "user read of a supervisor page" },
		{ SUP, F, U, -EFAULT, 0x05, "user fetch from a supervisor page" },
		{ RO, W, U, -EFAULT, 0x07, "user write to a read-only page" },
		{ RO, W, K, -EFAULT, 0x03, "kernel write to a read-only page (CR0.WP)" },
		/* PAGE_SHARED's NX was dropped: the page is executable */
		{ RWNX, F, U, 0, 0, "user fetch from a PAGE_SHARED page" },
		{ RWNX, F, K, 0, 0, "kernel fetch from a PAGE_SHARED page" },
		{ RO, R, U, 0, 0, "user read of a read-only page" },
		{ SUP, W, K, 0, 0, "kernel write to a supervisor page" },
	};

	(void)state;
	mm_create(m, &mm);
	switch_mm(m, &mm);
	for (int i = 0; i < 3; i++)
		fpg[i] = frame_alloc(m);
	assert_int_equal(pt_set(m, &mm, RWNX, fpg[0], PAGE_SHARED, I386_PTE), 0);
	assert_int_equal(pt_set(m, &mm, RO, fpg[1], PAGE_READONLY, I386_PTE), 0);
	assert_int_equal(pt_set(m, &mm, SUP, fpg[2], PROT_KERN_RW_EXEC, I386_PTE), 0);
	m->fault_handler = record_fault;
	run_fault_cases(m, cases, sizeof(cases) / sizeof(cases[0]));
	run_fault_cases(m, cases, sizeof(cases) / sizeof(cases[0]));
	m->fault_handler = NULL;
	mm_destroy(m, &mm);
	for (int i = 0; i < 3; i++)
		frame_free(m, fpg[i]);
	mms_machine_free(m);
}

/* do_page_fault: a handler that installs the missing PTE and returns 0 makes the faulting access succeed on retry (demand paging); a handler that fails makes it fail. */
static void test_fault_handler_fixes_mapping(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	struct mm_struct mm;
	struct mmu_walk w;
	phys_addr_t pa;
	uint32_t v = 0xfeedf00d, r = 0;

	(void)state;
	mm_create(m, &mm);
	switch_mm(m, &mm);
	memset(&fr, 0, sizeof(fr));
	fr.mm = &mm;
	fr.frame = frame_alloc(m);

	/* no handler: the fault stands */
	assert_int_equal(mmu_write(m, 0x7000000010ULL, &v, sizeof(v), MODE_USER), -EFAULT);
	/* the fixing handler: called once with "user write, not present", then the write lands */
	m->fault_handler = fix_fault;
	assert_int_equal(mmu_write(m, 0x7000000010ULL, &v, sizeof(v), MODE_USER), 0);
	assert_int_equal(fr.calls, 1);
	assert_int_equal(fr.code, X86_PF_WRITE | X86_PF_USER);
	assert_int_equal(fr.va, 0x7000000010ULL);
	assert_memory_equal(m->ram + fr.frame + 0x10, &v, sizeof(v));
	/* now mapped: no more faults, and the TLB has it */
	assert_int_equal(mmu_read(m, 0x7000000010ULL, &r, sizeof(r), MODE_USER), 0);
	assert_int_equal(r, v);
	assert_int_equal(fr.calls, 1);
	assert_int_equal(mmu_translate(m, 0x7000000010ULL, ACCESS_WRITE, MODE_USER, &pa, &w), 0);
	assert_true(w.tlb_hit);
	assert_int_equal(pa, fr.frame + 0x10);
	/* a protection fault (fetch from an NX page) that the handler declines stands */
	m->fault_handler = record_fault;
	fr.calls = 0;
	assert_int_equal(mmu_fetch(m, 0x7000000010ULL, MODE_USER), -EFAULT);
	assert_int_equal(fr.code, X86_PF_PROT | X86_PF_USER | X86_PF_INSTR);
	assert_int_equal(fr.calls, 1);

	m->fault_handler = NULL;
	mm_destroy(m, &mm);
	frame_free(m, fr.frame);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* --------------------------------------------------------------- A and D */

static void check_ad(struct machine *m, const struct mmu_walk *w, bool leaf_dirty)
{
	for (int i = 0; i < w->nsteps; i++) {
		pte_t e = pt_read(m, w->step[i].entry_pa);

		if (!pte_young(e))
			fail_msg("level %d entry %#llx: A not set", w->step[i].level,
				 (unsigned long long)e);
		if (i == w->nsteps - 1 && pte_dirty(e) != leaf_dirty)
			fail_msg("leaf entry %#llx: D %s", (unsigned long long)e,
				 leaf_dirty ? "not set" : "set");
		if (i < w->nsteps - 1 && pte_dirty(e))
			fail_msg("level %d entry %#llx: D set on a non-leaf entry",
				 w->step[i].level, (unsigned long long)e);
	}
}

/* Clear A and D in every entry the walk of @va uses. */
static void clear_ad(struct machine *m, uint64_t va, struct mmu_walk *w)
{
	assert_int_equal(mmu_walk(m, this_cpu(m)->cr3, va, ACCESS_READ, MODE_USER, false, w), 0);
	for (int i = 0; i < w->nsteps; i++)
		pt_write(m, w->step[i].entry_pa,
			 w->step[i].entry & ~(_PAGE_ACCESSED | _PAGE_DIRTY));
}

static void ad_bits_on(const char *spec, int pte_lvl, int big_lvl, uint64_t big)
{
	struct machine *m = boot_spec(spec);
	struct mm_struct mm;
	struct mmu_walk w, w0;
	phys_addr_t pa, f = 0;
	uint64_t va4k = 0x400000, vabig = 4 * big;
	uint8_t b = 1;

	mm_create(m, &mm);
	switch_mm(m, &mm);
	f = frame_alloc(m);
	assert_int_equal(pt_set(m, &mm, va4k, f, PROT_USER_RW_CLEAN, pte_lvl), 0);
	assert_int_equal(pt_set(m, &mm, vabig, big, PROT_USER_RW_CLEAN, big_lvl), 0);

	for (int pass = 0; pass < 2; pass++) {
		uint64_t va = pass ? vabig + 0x3000 : va4k + 0x10;

		clear_ad(m, va, &w0);
		/* a read walks and sets A in every entry used, D nowhere */
		assert_int_equal(mmu_translate(m, va, ACCESS_READ, MODE_USER, &pa, &w), 0);
		assert_false(w.tlb_hit);
		assert_int_equal(w.nsteps, w0.nsteps);
		check_ad(m, &w, false);
		/* a second read hits the TLB and changes nothing */
		clear_ad(m, va, &w0);
		assert_int_equal(mmu_translate(m, va, ACCESS_READ, MODE_USER, &pa, &w), 0);
		assert_true(w.tlb_hit);
		for (int i = 0; i < w0.nsteps; i++)
			assert_false(pte_young(pt_read(m, w0.step[i].entry_pa)));
		/* a write through the clean TLB entry re-walks to set D on the leaf */
		assert_int_equal(mmu_translate(m, va, ACCESS_WRITE, MODE_USER, &pa, &w), 0);
		assert_false(w.tlb_hit);
		check_ad(m, &w, true);
		assert_int_equal(w.leaf_level, pass ? big_lvl : pte_lvl);
		/* now the entry is cached dirty: the next write hits */
		assert_int_equal(mmu_translate(m, va, ACCESS_WRITE, MODE_USER, &pa, &w), 0);
		assert_true(w.tlb_hit);
		assert_true(w.flags & TLBF_DIRTY);
		/* mmu_write: the same through the store path */
		assert_int_equal(mmu_write(m, va, &b, 1, MODE_USER), 0);
	}
	/* a write as the first access sets A and D together */
	assert_int_equal(pt_set(m, &mm, va4k + SZ_4K, f, PROT_USER_RW_CLEAN, pte_lvl), 0);
	assert_int_equal(mmu_translate(m, va4k + SZ_4K, ACCESS_WRITE, MODE_USER, &pa, &w), 0);
	assert_true(pte_young(w.step[w.nsteps - 1].entry) == false);	/* the value before */
	assert_true(pte_dirty(pt_read(m, w.step[w.nsteps - 1].entry_pa)));
	assert_true(pte_young(pt_read(m, w.step[w.nsteps - 1].entry_pa)));
	/* a write that faults (read-only page) does not set D */
	assert_int_equal(pt_modify(m, &mm, va4k + SZ_4K, PAGE_READONLY & ~_PAGE_ACCESSED), 0);
	flush_tlb_mm_range(m, &mm, va4k + SZ_4K, va4k + 2 * SZ_4K);
	assert_int_equal(mmu_translate(m, va4k + SZ_4K, ACCESS_WRITE, MODE_USER, &pa, &w), -EFAULT);
	assert_false(pte_dirty(pt_read(m, w.step[w.nsteps - 1].entry_pa)));

	mm_destroy(m, &mm);
	frame_free(m, f);
	mms_machine_free(m);
}

/* The MMU sets A in every paging-structure entry a successful walk uses and D only in the leaf of a write; a write through a TLB entry cached clean re-walks to set D; a TLB hit sets nothing. */
static void test_accessed_dirty_bits(void **state)
{
	(void)state;
	ad_bits_on("arch=x86_64 ram=1G cpus=2", X64_PTE, X64_PMD, SZ_2M);
	ad_bits_on("arch=i386 ram=1G cpus=2", I386_PTE, I386_PGD, SZ_4M);
}

/* ----------------------------------------------------------- non-canonical */

/* x86_64: an access to a non-canonical address is a #GP, not a #PF: no walk, no page-fault handler, "general protection fault" in the log; i386 has no address above 4G. */
static void test_noncanonical(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	struct mmu_walk w;
	phys_addr_t pa = 0;
	uint64_t walks;
	uint8_t b;

	(void)state;
	m->fault_handler = record_fault;
	fr.calls = 0;
	walks = this_cpu(m)->tlb.stats.walks;
	assert_int_equal(mmu_translate(m, 0x0000800000000000ULL, ACCESS_READ, MODE_KERNEL, &pa, &w),
			 -EFAULT);
	assert_true(w.fault);
	assert_true(w.noncanonical);
	assert_int_equal(w.nsteps, 0);
	assert_int_equal(fr.calls, 0);
	assert_int_equal(this_cpu(m)->tlb.stats.walks, walks);
	assert_true(dmesg_has(m, "general protection fault, probably for non-canonical address 0x800000000000"));
	assert_int_equal(mmu_read(m, 0xffff7ffffffff000ULL, &b, 1, MODE_USER), -EFAULT);
	assert_true(dmesg_has(m, "general protection fault, probably for non-canonical address 0xffff7ffffffff000"));
	assert_int_equal(fr.calls, 0);
	/* the highest canonical kernel address is a #PF (the fixmap's top is unmapped) */
	assert_int_equal(mmu_translate(m, 0xfffffffffffff000ULL, ACCESS_READ, MODE_KERNEL, &pa, &w),
			 -EFAULT);
	assert_false(w.noncanonical);
	assert_int_equal(fr.calls, 1);
	m->fault_handler = NULL;
	mms_machine_free(m);

	m = boot_spec("arch=i386 ram=1G cpus=2");
	assert_int_equal(mmu_translate(m, 0x100000000ULL, ACCESS_READ, MODE_KERNEL, &pa, &w), -EFAULT);
	assert_true(w.fault);
	assert_true(w.noncanonical);
	assert_int_equal(mmu_read(m, 0x1c0000000ULL, &b, 1, MODE_KERNEL), -EFAULT);
	/* while 0xc0000000 itself is the direct map */
	assert_int_equal(mmu_translate(m, 0xc0000000ULL, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
	assert_int_equal(pa, 0);
	mms_machine_free(m);
}

/* ----------------------------------------------- TLB coherence property */

#define PROP_NPAGES 96
#define PROP_BASE (0x1000000ULL - 48 * SZ_4K)	/* straddles a 2M/4M table boundary */
#define PROP_NFRAMES 24
#define PROP_NHUGE 4				/* large-page slots (2M / 4M) */
#define PROP_NSLOTS (PROP_NPAGES + PROP_NHUGE)

struct shadow_pte {
	bool present;
	phys_addr_t pa;
	pte_t prot;
};

static const pte_t prop_prots[] = {
	PAGE_SHARED, PAGE_READONLY, PAGE_READONLY_EXEC, PAGE_SHARED_EXEC,
	PROT_KERN_RW_EXEC, PROT_KERN_RO_NX,
};
#define PROP_NPROTS (sizeof(prop_prots) / sizeof(prop_prots[0]))

/* What x86 does for an access to a page mapped (or not) as @s says. */
static unsigned int model_access(const struct machine *m, const struct shadow_pte *s,
				 enum mmu_access acc, enum mmu_mode mode, bool *ok)
{
	bool nx = m->arch->mmu->nx;
	unsigned int code = (acc == ACCESS_WRITE ? X86_PF_WRITE : 0) |
			    (mode == MODE_USER ? X86_PF_USER : 0) |
			    (acc == ACCESS_FETCH && nx ? X86_PF_INSTR : 0);

	*ok = false;
	if (!s->present)
		return code;
	if ((mode == MODE_USER && !(s->prot & _PAGE_USER)) ||
	    (acc == ACCESS_WRITE && !(s->prot & _PAGE_RW)) ||
	    (acc == ACCESS_FETCH && nx && (s->prot & _PAGE_NX)))
		return code | X86_PF_PROT;
	*ok = true;
	return 0;
}

struct prop {
	struct machine *m;
	struct mm_struct a, b;		/* a changes; b is a fixed second mm */
	struct shadow_pte sa[PROP_NSLOTS];
	phys_addr_t frames[PROP_NFRAMES];
	phys_addr_t bframes[4];
	int pte_lvl, big_lvl;
	uint64_t big, huge_base;
	unsigned long checks, oks, hits;
};

/* Slot @i: a 4K page of the small region, or a large page of the huge one. */
static uint64_t slot_va(const struct prop *p, int i)
{
	if (i < PROP_NPAGES)
		return PROP_BASE + (uint64_t)i * SZ_4K;
	return p->huge_base + (uint64_t)(i - PROP_NPAGES) * p->big;
}

static uint64_t slot_size(const struct prop *p, int i)
{
	return i < PROP_NPAGES ? SZ_4K : p->big;
}

static void prop_setup(struct prop *p, const char *spec)
{
	struct machine *m;

	memset(p, 0, sizeof(*p));
	p->m = m = boot_spec(spec);
	p->pte_lvl = m->arch->mmu->levels - 1;
	p->big_lvl = m->arch->mmu->levels == 4 ? X64_PMD : I386_PGD;
	p->big = pt_level_size(m->arch->mmu, p->big_lvl);
	p->huge_base = 64 * p->big;
	mm_create(m, &p->a);
	mm_create(m, &p->b);
	for (int i = 0; i < PROP_NFRAMES; i++)
		p->frames[i] = frame_alloc(m);
	for (int i = 0; i < 4; i++)
		p->bframes[i] = frame_alloc(m);
	for (int i = 0; i < PROP_NPAGES; i++)
		assert_int_equal(pt_set(m, &p->b, PROP_BASE + (uint64_t)i * SZ_4K,
					p->bframes[i % 4], PAGE_SHARED, p->pte_lvl), 0);
	switch_on(m, 0, &p->a);
	switch_on(m, 1, &p->a);
}

static void prop_teardown(struct prop *p)
{
	struct machine *m = p->m;

	m->cpu = 0;
	mm_destroy(m, &p->a);
	mm_destroy(m, &p->b);
	for (int i = 0; i < PROP_NFRAMES; i++)
		frame_free(m, p->frames[i]);
	for (int i = 0; i < 4; i++)
		frame_free(m, p->bframes[i]);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* One random access on @cpu to slot @idx, checked against the model. */
static void prop_check(struct prop *p, struct rnd_state *r, int cpu, int idx, long step)
{
	struct machine *m = p->m;
	uint64_t size = slot_size(p, idx);
	uint64_t va = slot_va(p, idx) + prandom_below(r, size);
	enum mmu_access acc = (enum mmu_access)prandom_below(r, 3);
	enum mmu_mode mode = (enum mmu_mode)prandom_below(r, 2);
	/* mm b maps the small region only */
	struct shadow_pte sb = { idx < PROP_NPAGES, p->bframes[idx % 4], PAGE_SHARED };
	const struct shadow_pte *s = m->cpus[cpu].loaded_mm == &p->a ? &p->sa[idx] : &sb;
	struct mmu_walk w;
	phys_addr_t pa = 0, want = s->pa + (va & (size - 1));
	bool ok;
	unsigned int code = model_access(m, s, acc, mode, &ok);
	int ret = xlate_on(m, cpu, va, acc, mode, &pa, &w);

	p->checks++;
	p->oks += ok;
	p->hits += w.tlb_hit;
	if (ok && (ret || pa != want))
		fail_msg("step %ld: CPU %d %s %#llx: ret %d pa %#llx, expected pa %#llx", step, cpu,
			 m->cpus[cpu].loaded_mm == &p->a ? "mm a" : "mm b",
			 (unsigned long long)va, ret, (unsigned long long)pa,
			 (unsigned long long)want);
	if (!ok && (ret != -EFAULT || w.error_code != code))
		fail_msg("step %ld: CPU %d %#llx acc %d mode %d: ret %d code %#x, expected a fault %#x",
			 step, cpu, (unsigned long long)va, acc, mode, ret, w.error_code, code);
	if (m->tlb_stale_hits)
		fail_msg("step %ld: a stale TLB hit on CPU %d at %#llx", step, cpu,
			 (unsigned long long)va);
}

/* One random change to slot @i of mm a (and its shadow); no flush. */
static void prop_mutate(struct prop *p, struct rnd_state *r, int i)
{
	struct machine *m = p->m;
	uint64_t va = slot_va(p, i);
	bool huge = i >= PROP_NPAGES;
	struct shadow_pte *s = &p->sa[i];
	pte_t prot = prop_prots[prandom_below(r, PROP_NPROTS)];

	switch (prandom_below(r, 3)) {
	case 0:		/* map, or remap to another frame */
		s->pa = huge ? p->big * (1 + prandom_below(r, 8))
			     : p->frames[prandom_below(r, PROP_NFRAMES)];
		s->prot = prot;
		s->present = true;
		assert_int_equal(pt_set(m, &p->a, va, s->pa, prot,
					huge ? p->big_lvl : p->pte_lvl), 0);
		break;
	case 1:		/* unmap */
		pt_clear(m, &p->a, va);
		s->present = false;
		break;
	default:	/* mprotect */
		if (!s->present) {
			assert_int_equal(pt_modify(m, &p->a, va, prot), -ENOENT);
			break;
		}
		assert_int_equal(pt_modify(m, &p->a, va, prot), 0);
		s->prot = prot;
		break;
	}
}

static void tlb_property(const char *spec, uint64_t seed, long steps)
{
	struct prop *p = malloc(sizeof(*p));
	struct rnd_state r;
	struct machine *m;
	unsigned long switches = 0, full_flushes0;

	assert_non_null(p);
	prop_setup(p, spec);
	m = p->m;
	m->tlb_verify = true;
	prandom_seed_state(&r, seed);
	full_flushes0 = m->vm_events[NR_TLB_LOCAL_FLUSH_ALL];
	for (long step = 0; step < steps; step++) {
		unsigned int op = (unsigned int)prandom_below(&r, 100);
		int first = (int)prandom_below(&r, PROP_NSLOTS), n = 1;

		if (op < 6) {
			/* a CPU switches between the two address spaces */
			int cpu = (int)prandom_below(&r, 2);

			switch_on(m, cpu, m->cpus[cpu].loaded_mm == &p->a ? &p->b : &p->a);
			switches++;
		} else {
			uint64_t start = slot_va(p, first), end;

			if (first >= PROP_NPAGES) {
				/* a large page: one invlpg at its start (a 2M/4M stride) or the whole range */
				n = 1;
				end = start + (prandom_below(&r, 2) ? SZ_4K : p->big);
			} else {
				if (op < 25)	/* a batch, flushed once (munmap/mprotect of a range) */
					n = 1 + (int)prandom_below(&r, 48);
				if (first + n > PROP_NPAGES)
					n = PROP_NPAGES - first;
				end = start + (uint64_t)n * SZ_4K;
			}
			m->cpu = (int)prandom_below(&r, 2);	/* the CPU that changes it */
			for (int i = first; i < first + n; i++)
				prop_mutate(p, &r, i);
			flush_tlb_mm_range(m, &p->a, start, end);
			m->cpu = 0;
		}
		for (int q = 0; q < 6; q++) {
			int idx = q & 1 ? first + (int)prandom_below(&r, (uint64_t)n)
					: (int)prandom_below(&r, PROP_NSLOTS);

			prop_check(p, &r, (int)prandom_below(&r, 2), idx, step);
		}
	}
	assert_int_equal(m->tlb_stale_hits, 0);
	/* the run exercised what it claims: TLB hits, full flushes, mm switches */
	if (p->hits < p->oks / 4)
		fail_msg("only %lu TLB hits in %lu successful accesses", p->hits, p->oks);
	print_message("%s: %lu accesses, %lu allowed, %lu TLB hits\n", spec, p->checks, p->oks,
		      p->hits);
	assert_true(m->vm_events[NR_TLB_LOCAL_FLUSH_ALL] > full_flushes0);
	assert_true(switches > 0);
	prop_teardown(p);
	free(p);
}

/* Linux's rule: change a PTE, then flush_tlb_mm_range on every CPU that runs the mm (or bump tlb_gen for those that will switch back); with it, every TLB hit of every CPU agrees with a fresh page-table walk. */
static void test_tlb_coherence_property(void **state)
{
	(void)state;
	tlb_property("arch=x86_64 ram=1G cpus=2", 0x5eed0001, 6000);
	tlb_property("arch=i386 ram=1G cpus=2", 0x5eed0002, 5000);
}

/* Negative control: a PTE change without the flush leaves stale TLB entries on both CPUs, which tlb_verify catches (and without tlb_verify the CPU really uses the old frame). */
static void test_tlb_verify_catches_missing_flush(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	struct mm_struct mm;
	struct mmu_walk w;
	phys_addr_t f1, f2, pa;
	const uint64_t va = 0x400000;

	(void)state;
	mm_create(m, &mm);
	f1 = frame_alloc(m);
	f2 = frame_alloc(m);
	switch_on(m, 0, &mm);
	switch_on(m, 1, &mm);
	assert_int_equal(pt_set(m, &mm, va, f1, PAGE_SHARED, X64_PTE), 0);
	m->tlb_verify = true;
	assert_int_equal(xlate_on(m, 0, va, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_int_equal(xlate_on(m, 1, va, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_int_equal(m->tlb_stale_hits, 0);

	/* remap to f2 and "forget" flush_tlb_mm_range */
	assert_int_equal(pt_set(m, &mm, va, f2, PAGE_SHARED, X64_PTE), 0);
	assert_int_equal(xlate_on(m, 1, va + 8, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_true(w.tlb_hit);
	assert_int_equal(pa, f1 + 8);		/* the old frame */
	assert_int_equal(m->tlb_stale_hits, 1);
	assert_true(dmesg_has(m, "stale entry"));
	assert_true(dmesg_has(m, "mmsim: TLB: stale entry used for 0x400008 on CPU 1"));
	/* without tlb_verify the stale hit goes unnoticed */
	m->tlb_verify = false;
	assert_int_equal(xlate_on(m, 0, va, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_int_equal(pa, f1);
	assert_int_equal(m->tlb_stale_hits, 1);
	m->tlb_verify = true;

	/* an unmap without a flush: the walk faults, the TLB still translates */
	pt_clear(m, &mm, va);
	assert_int_equal(xlate_on(m, 0, va, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_int_equal(m->tlb_stale_hits, 2);
	assert_true(dmesg_has(m, "walk faults, error 0x4"));

	/* the flush repairs both CPUs: no more stale hits, the access faults */
	flush_tlb_mm_range(m, &mm, va, va + SZ_4K);
	assert_int_equal(xlate_on(m, 0, va, ACCESS_READ, MODE_USER, &pa, &w), -EFAULT);
	assert_int_equal(xlate_on(m, 1, va, ACCESS_READ, MODE_USER, &pa, &w), -EFAULT);
	assert_int_equal(w.error_code, X86_PF_USER);
	assert_int_equal(m->tlb_stale_hits, 2);

	/* a write-protect without a flush: the write hits a dirty RW entry */
	assert_int_equal(pt_set(m, &mm, va, f1, PAGE_SHARED, X64_PTE), 0);
	assert_int_equal(xlate_on(m, 1, va, ACCESS_WRITE, MODE_USER, &pa, &w), 0);
	assert_int_equal(pt_modify(m, &mm, va, PAGE_READONLY), 0);
	assert_int_equal(xlate_on(m, 1, va, ACCESS_WRITE, MODE_USER, &pa, &w), 0);
	assert_true(w.tlb_hit);
	assert_int_equal(m->tlb_stale_hits, 3);
	flush_tlb_mm_range(m, &mm, va, va + SZ_4K);
	assert_int_equal(xlate_on(m, 1, va, ACCESS_WRITE, MODE_USER, &pa, &w), -EFAULT);
	assert_int_equal(w.error_code, X86_PF_PROT | X86_PF_WRITE | X86_PF_USER);
	assert_int_equal(m->tlb_stale_hits, 3);

	m->tlb_verify = false;
	mm_destroy(m, &mm);
	frame_free(m, f1);
	frame_free(m, f2);
	mms_machine_free(m);
}

/* ----------------------------------------------------- PCID, CR3 switches */

/* x86_64 with PCID: CR3 switches keep each mm's entries tagged by PCID (switch back: still cached, no flush); the 7th mm on a CPU reuses the oldest of the 6 ASID slots (TLB_NR_DYN_ASIDS) and flushes it; global kernel entries survive every switch. */
/*
 * check_machine counts each CPU's TLB entries against the arrays'
 * nr_valid (which lets lookups skip an empty array): a wrong count is
 * reported once the TLB has changed since the last clean count.
 */
static void test_tlb_counts_checked(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	struct mm_struct mm;
	struct mmu_walk w;
	phys_addr_t f1, pa;
	struct tlb_array *a;

	(void)state;
	mm_create(m, &mm);
	f1 = frame_alloc(m);
	switch_on(m, 0, &mm);
	assert_int_equal(pt_set(m, &mm, 0x400000, f1, PAGE_SHARED, X64_PTE), 0);
	assert_int_equal(xlate_on(m, 0, 0x400000, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_int_equal(check_machine(m), 0);
	a = &m->cpus[0].tlb.a[TLB_L1D][TLB_4K];
	assert_true(a->nr_valid >= 1);
	a->nr_valid--;				/* as a fill that forgot to count would leave it */
	assert_int_equal(pt_set(m, &mm, 0x401000, f1, PAGE_SHARED, X64_PTE), 0);
	assert_int_equal(xlate_on(m, 0, 0x401000, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_true(check_machine(m) > 0);
	assert_true(dmesg_has(m, "mmsim: DEBUG_VM: CPU 0 TLB array 0/0:"));
	a->nr_valid++;
	assert_int_equal(check_machine(m), 0);
	mm_destroy(m, &mm);
	frame_free(m, f1);
	mms_machine_free(m);
}

static void test_pcid_switches(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	const uint64_t uva = 0x400000, kva = m->layout.page_offset + 0x1000000;
	struct mm_struct mms[7];
	phys_addr_t f[7], pa;
	struct mmu_walk w;
	uint16_t pcid0;

	(void)state;
	for (int i = 0; i < 7; i++) {
		mm_create(m, &mms[i]);
		f[i] = frame_alloc(m);
		assert_int_equal(pt_set(m, &mms[i], uva, f[i], PAGE_SHARED, X64_PTE), 0);
	}
	/* A = mms[0], B = mms[1]: the same address, different frames */
	switch_mm(m, &mms[0]);
	pcid0 = this_cpu(m)->pcid;
	assert_int_equal(mmu_translate(m, uva, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_false(w.tlb_hit);
	assert_int_equal(pa, f[0]);
	assert_int_equal(mmu_translate(m, kva, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
	assert_int_equal(pa, 0x1000000);
	assert_true(w.flags & TLBF_GLOBAL);
	assert_int_equal(mmu_translate(m, uva, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_true(w.tlb_hit);

	switch_mm(m, &mms[1]);
	assert_int_not_equal(this_cpu(m)->pcid, pcid0);
	assert_int_equal(this_cpu(m)->cr3, mms[1].pgd);
	/* A's entry for uva is not B's: a miss, B's frame */
	assert_int_equal(mmu_translate(m, uva, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_false(w.tlb_hit);
	assert_int_equal(pa, f[1]);
	assert_int_equal(mmu_translate(m, kva, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
	assert_true(w.tlb_hit);

	/* back to A: its PCID's entries are still there */
	switch_mm(m, &mms[0]);
	assert_int_equal(this_cpu(m)->pcid, pcid0);
	assert_int_equal(mmu_translate(m, uva, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_true(w.tlb_hit);
	assert_int_equal(pa, f[0]);

	/* six mms fit the six ASID slots: A's entries survive mms 1..5 */
	for (int i = 1; i < 6; i++) {
		switch_mm(m, &mms[i]);
		assert_int_equal(mmu_translate(m, uva, ACCESS_READ, MODE_USER, &pa, &w), 0);
		assert_int_equal(pa, f[i]);
		assert_int_equal(mmu_translate(m, kva, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
		assert_true(w.tlb_hit);
	}
	switch_mm(m, &mms[0]);
	assert_int_equal(mmu_translate(m, uva, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_true(w.tlb_hit);
	assert_int_equal(pa, f[0]);
	for (int i = 1; i < 6; i++) {	/* and so do the others' */
		switch_mm(m, &mms[i]);
		assert_int_equal(mmu_translate(m, uva, ACCESS_READ, MODE_USER, &pa, &w), 0);
		assert_true(w.tlb_hit);
		assert_int_equal(pa, f[i]);
	}
	/* the 7th mm takes the least recently assigned slot: A's, flushed */
	switch_mm(m, &mms[6]);
	assert_int_equal(this_cpu(m)->pcid, pcid0);
	assert_int_equal(mmu_translate(m, uva, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_false(w.tlb_hit);
	assert_int_equal(pa, f[6]);
	switch_mm(m, &mms[0]);
	assert_int_equal(mmu_translate(m, uva, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_false(w.tlb_hit);
	assert_int_equal(pa, f[0]);
	/* the kernel's global entry survived all of it */
	assert_int_equal(mmu_translate(m, kva, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
	assert_true(w.tlb_hit);
	assert_int_equal(pa, 0x1000000);
	/* switch_mm to the mm already loaded does nothing */
	switch_mm(m, &mms[0]);
	assert_int_equal(mmu_translate(m, uva, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_true(w.tlb_hit);

	for (int i = 0; i < 7; i++) {
		mm_destroy(m, &mms[i]);
		frame_free(m, f[i]);
	}
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* initialize_tlbstate_and_flush: each CPU boots running init_mm in ASID 0 (PCID 1), so the first new mm gets ASID 1 (PCID 2); switching to init_mm (a kernel thread) and back reuses both slots without a flush. */
static void test_boot_asid_state(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	struct mm_struct a;
	struct mmu_walk w;
	phys_addr_t f, pa;
	uint64_t flushes;

	(void)state;
	for (int cpu = 0; cpu < 2; cpu++) {
		assert_ptr_equal(m->cpus[cpu].loaded_mm, &m->init_mm);
		assert_int_equal(m->cpus[cpu].cr3, m->init_mm.pgd);
		assert_int_equal(m->cpus[cpu].loaded_mm_asid, 0);
		assert_int_equal(m->cpus[cpu].pcid, 1);
	}
	mm_create(m, &a);
	f = frame_alloc(m);
	assert_int_equal(pt_set(m, &a, 0x400000, f, PAGE_SHARED, X64_PTE), 0);
	switch_mm(m, &a);
	assert_int_equal(this_cpu(m)->loaded_mm_asid, 1);
	assert_int_equal(this_cpu(m)->pcid, 2);
	assert_int_equal(mmu_translate(m, 0x400000, ACCESS_READ, MODE_USER, &pa, &w), 0);
	flushes = this_cpu(m)->tlb.stats.flush_pcid;
	switch_mm(m, &m->init_mm);
	assert_int_equal(this_cpu(m)->loaded_mm_asid, 0);
	assert_int_equal(this_cpu(m)->pcid, 1);
	switch_mm(m, &a);
	assert_int_equal(this_cpu(m)->pcid, 2);
	assert_int_equal(this_cpu(m)->tlb.stats.flush_pcid, flushes);
	assert_int_equal(mmu_translate(m, 0x400000, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_true(w.tlb_hit);
	mm_destroy(m, &a);
	frame_free(m, f);
	mms_machine_free(m);

	/* i386: no PCID, CR3 carries none */
	m = boot_spec("arch=i386 ram=1G cpus=2");
	assert_int_equal(this_cpu(m)->pcid, 0);
	assert_ptr_equal(this_cpu(m)->loaded_mm, &m->init_mm);
	mms_machine_free(m);
}

/* i386 has no PCID: every CR3 load drops the non-global entries, so switching back to an mm misses; the kernel's global entries survive (CR4.PGE). */
static void test_i386_cr3_switch(void **state)
{
	struct machine *m = boot_spec("arch=i386 ram=1G cpus=2");
	const uint64_t uva = 0x400000, kva = 0xc1000000;
	struct mm_struct a, b;
	phys_addr_t fa, fb, pa;
	struct mmu_walk w;

	(void)state;
	mm_create(m, &a);
	mm_create(m, &b);
	fa = frame_alloc(m);
	fb = frame_alloc(m);
	assert_int_equal(pt_set(m, &a, uva, fa, PAGE_SHARED, I386_PTE), 0);
	assert_int_equal(pt_set(m, &b, uva, fb, PAGE_SHARED, I386_PTE), 0);
	switch_mm(m, &a);
	assert_int_equal(mmu_translate(m, uva, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_int_equal(mmu_translate(m, kva, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
	assert_int_equal(pa, 0x1000000);
	assert_true(w.flags & TLBF_GLOBAL);
	switch_mm(m, &b);
	assert_int_equal(this_cpu(m)->pcid, 0);
	assert_int_equal(mmu_translate(m, uva, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_false(w.tlb_hit);
	assert_int_equal(pa, fb);
	assert_int_equal(mmu_translate(m, kva, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
	assert_true(w.tlb_hit);
	switch_mm(m, &a);
	assert_int_equal(mmu_translate(m, uva, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_false(w.tlb_hit);
	assert_int_equal(pa, fa);
	assert_int_equal(mmu_translate(m, kva, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
	assert_true(w.tlb_hit);
	/* flush_tlb_all (CR4.PGE toggle) drops the global ones too */
	flush_tlb_all(m);
	assert_int_equal(mmu_translate(m, kva, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
	assert_false(w.tlb_hit);

	mm_destroy(m, &a);
	mm_destroy(m, &b);
	frame_free(m, fa);
	frame_free(m, fb);
	mms_machine_free(m);
}

struct tlb_counts {
	unsigned long one, all, remote, received;
};

static struct tlb_counts tlb_counts(struct machine *m)
{
	return (struct tlb_counts){ m->vm_events[NR_TLB_LOCAL_FLUSH_ONE],
				    m->vm_events[NR_TLB_LOCAL_FLUSH_ALL],
				    m->vm_events[NR_TLB_REMOTE_FLUSH],
				    m->vm_events[NR_TLB_REMOTE_FLUSH_RECEIVED] };
}

static void assert_counts_delta(struct machine *m, struct tlb_counts *base, unsigned long one,
				unsigned long all, unsigned long remote, unsigned long received)
{
	struct tlb_counts now = tlb_counts(m);

	assert_int_equal(now.one - base->one, one);
	assert_int_equal(now.all - base->all, all);
	assert_int_equal(now.remote - base->remote, remote);
	assert_int_equal(now.received - base->received, received);
	*base = now;
}

/* arch/x86/mm/tlb.c: up to tlb_single_page_flush_ceiling (33) pages are flushed one invlpg each (nr_tlb_local_flush_one counts pages), more with one full flush (nr_tlb_local_flush_all); other CPUs running the mm get one shootdown (nr_tlb_remote_flush) and count it received; CPUs not running it catch up via tlb_gen at switch_mm. */
static void test_flush_counters(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	const uint64_t base = 0x10000000;
	struct mm_struct a, b;
	struct tlb_counts c;
	struct mmu_walk w;
	phys_addr_t f, f2, pa;

	(void)state;
	assert_int_equal(m->tlb_single_page_flush_ceiling, 33);
	mm_create(m, &a);
	mm_create(m, &b);
	f = frame_alloc(m);
	f2 = frame_alloc(m);
	for (int i = 0; i < 64; i++)
		assert_int_equal(pt_set(m, &a, base + (uint64_t)i * SZ_4K, f, PAGE_SHARED, X64_PTE), 0);
	switch_on(m, 0, &a);
	c = tlb_counts(m);

	/* only CPU 0 runs a */
	flush_tlb_mm_range(m, &a, base, base + SZ_4K);
	assert_counts_delta(m, &c, 1, 0, 0, 0);
	flush_tlb_mm_range(m, &a, base, base + 40 * SZ_4K);
	assert_counts_delta(m, &c, 0, 1, 0, 0);
	flush_tlb_mm_range(m, &a, base, base + 33 * SZ_4K);	/* the ceiling itself: invlpg */
	assert_counts_delta(m, &c, 33, 0, 0, 0);
	flush_tlb_mm_range(m, &a, base, base + 34 * SZ_4K);
	assert_counts_delta(m, &c, 0, 1, 0, 0);
	flush_tlb_mm(m, &a);
	assert_counts_delta(m, &c, 0, 1, 0, 0);
	/* a flush of an mm no CPU runs counts nothing */
	flush_tlb_mm_range(m, &b, base, base + SZ_4K);
	assert_counts_delta(m, &c, 0, 0, 0, 0);

	/* both CPUs run a: one shootdown, received once */
	switch_on(m, 1, &a);
	for (int i = 0; i < 64; i++) {
		assert_int_equal(xlate_on(m, 1, base + (uint64_t)i * SZ_4K, ACCESS_READ, MODE_USER,
					  &pa, &w), 0);
		assert_int_equal(pa, f);
	}
	assert_int_equal(xlate_on(m, 1, m->layout.page_offset, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
	flush_tlb_mm_range(m, &a, base, base + SZ_4K);
	assert_counts_delta(m, &c, 1, 0, 1, 1);
	/* CPU 1 lost exactly that page */
	assert_int_equal(xlate_on(m, 1, base, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_false(w.tlb_hit);
	assert_int_equal(xlate_on(m, 1, base + SZ_4K, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_true(w.tlb_hit);
	flush_tlb_mm_range(m, &a, base, base + 40 * SZ_4K);
	assert_counts_delta(m, &c, 0, 1, 1, 1);
	/* CPU 1's full flush dropped all of a's entries, not the global kernel ones */
	assert_int_equal(xlate_on(m, 1, base + 50 * SZ_4K, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_false(w.tlb_hit);
	assert_int_equal(xlate_on(m, 1, m->layout.page_offset, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
	assert_true(w.tlb_hit);
	/* initiated from CPU 1: the local counts are CPU 1's, CPU 0 receives */
	m->cpu = 1;
	flush_tlb_mm_range(m, &a, base, base + 2 * SZ_4K);
	m->cpu = 0;
	assert_counts_delta(m, &c, 2, 0, 1, 1);

	/* CPU 1 switches away: no shootdown for it; switching back flushes (tlb_gen) */
	assert_int_equal(xlate_on(m, 1, base + 3 * SZ_4K, ACCESS_READ, MODE_USER, &pa, &w), 0);
	switch_on(m, 1, &b);
	assert_int_equal(pt_set(m, &a, base + 3 * SZ_4K, f2, PAGE_SHARED, X64_PTE), 0);
	flush_tlb_mm_range(m, &a, base + 3 * SZ_4K, base + 4 * SZ_4K);
	assert_counts_delta(m, &c, 1, 0, 0, 0);
	m->tlb_verify = true;
	switch_on(m, 1, &a);
	assert_int_equal(xlate_on(m, 1, base + 3 * SZ_4K, ACCESS_READ, MODE_USER, &pa, &w), 0);
	assert_false(w.tlb_hit);
	assert_int_equal(pa, f2);
	assert_int_equal(m->tlb_stale_hits, 0);
	m->tlb_verify = false;

	mm_destroy(m, &a);
	mm_destroy(m, &b);
	frame_free(m, f);
	frame_free(m, f2);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* flush_tlb_all counts one nr_tlb_remote_flush and, on every CPU (the caller too), nr_tlb_remote_flush_received (do_flush_tlb_all); flush_tlb_kernel_range past the ceiling does the same IPI without the remote_flush count, up to the ceiling it is invlpg on every CPU, uncounted; both drop global entries everywhere. */
static void test_kernel_flush_counters(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	const uint64_t k = m->layout.page_offset + 0x1000000;
	struct tlb_counts c;
	struct mmu_walk w;
	phys_addr_t pa;

	(void)state;
	c = tlb_counts(m);
	for (int cpu = 0; cpu < 2; cpu++) {
		assert_int_equal(xlate_on(m, cpu, k, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
		assert_int_equal(xlate_on(m, cpu, k + 0x300000, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
	}
	/* one page: invlpg on both CPUs, no counters */
	flush_tlb_kernel_range(m, k, k + SZ_4K);
	assert_counts_delta(m, &c, 0, 0, 0, 0);
	for (int cpu = 0; cpu < 2; cpu++) {
		assert_int_equal(xlate_on(m, cpu, k, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
		assert_false(w.tlb_hit);
		assert_int_equal(xlate_on(m, cpu, k + 0x300000, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
		assert_true(w.tlb_hit);		/* another 2M page: kept */
	}
	/* 34 pages: do_flush_tlb_all on each CPU */
	flush_tlb_kernel_range(m, k, k + 34 * SZ_4K);
	assert_counts_delta(m, &c, 0, 0, 0, 2);
	for (int cpu = 0; cpu < 2; cpu++) {
		assert_int_equal(xlate_on(m, cpu, k + 0x300000, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
		assert_false(w.tlb_hit);
	}
	flush_tlb_all(m);
	assert_counts_delta(m, &c, 0, 0, 1, 2);
	for (int cpu = 0; cpu < 2; cpu++) {
		assert_int_equal(xlate_on(m, cpu, k + 0x300000, ACCESS_READ, MODE_KERNEL, &pa, &w), 0);
		assert_false(w.tlb_hit);
	}
	mms_machine_free(m);
}

/* ---------------------------------------------------------- the direct map */

struct dm_case {
	uint64_t x;
	enum tlb_page_size size;
};

static void check_direct_map(struct machine *m, const struct dm_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t va = m->layout.page_offset + c[i].x;
		struct mmu_walk w;
		phys_addr_t pa;

		/* mmu_walk: no TLB, so every case shows its own page size */
		if (mmu_walk(m, this_cpu(m)->cr3, va, ACCESS_READ, MODE_KERNEL, false, &w))
			fail_msg("PAGE_OFFSET + %#llx faults (code %#x)",
				 (unsigned long long)c[i].x, w.error_code);
		if (w.pa != c[i].x || w.size != c[i].size)
			fail_msg("PAGE_OFFSET + %#llx: pa %#llx size %d, expected size %d",
				 (unsigned long long)c[i].x, (unsigned long long)w.pa, w.size,
				 c[i].size);
		/* PAGE_KERNEL: global, writable, supervisor, NX where NX exists */
		assert_true(w.flags & TLBF_GLOBAL);
		assert_true(w.flags & TLBF_WRITE);
		assert_false(w.flags & TLBF_USER);
		assert_int_equal(!!(w.flags & TLBF_NX), m->arch->mmu->nx);
		assert_int_equal(mmu_translate(m, va, ACCESS_WRITE, MODE_KERNEL, &pa, NULL), 0);
		assert_int_equal(pa, c[i].x);
	}
}

/* x86_64 init_memory_mapping on 1G of RAM: the first 2M in 4K pages (the ISA range and up to the first 2M boundary), the rest in 2M pages, no 1G page (no whole aligned gigabyte); meminfo's DirectMap lines count them. */
static void test_direct_map_x86_64_1g(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=1G cpus=2");
	const struct dm_case cases[] = {
		{ 0x0, TLB_4K }, { 0x1000, TLB_4K }, { 0x9f000, TLB_4K },
		{ 0xa0000, TLB_4K },		/* the ISA hole is mapped too */
		{ 0x100000, TLB_4K }, { 0x1ff123, TLB_4K },
		{ 0x200000, TLB_2M }, { 0x12345678, TLB_2M }, { 0x3fffffff, TLB_2M },
	};
	struct mmu_walk w;
	phys_addr_t pa;
	uint8_t buf[8];

	(void)state;
	check_direct_map(m, cases, sizeof(cases) / sizeof(cases[0]));
	/* 2M / 4K = 512 small pages, (1G - 2M) / 2M = 511 large ones */
	assert_int_equal(m->direct_pages_count[0], 512);
	assert_int_equal(m->direct_pages_count[1], 511);
	assert_int_equal(m->direct_pages_count[2], 0);
	assert_int_equal(meminfo_kb(m, "DirectMap4k:"), 2048);
	assert_int_equal(meminfo_kb(m, "DirectMap2M:"), 1046528);
	assert_int_equal(meminfo_kb(m, "DirectMap1G:"), 0);
	/* nothing past the end of RAM */
	assert_int_equal(mmu_translate(m, m->layout.page_offset + SZ_1G, ACCESS_READ, MODE_KERNEL,
				       &pa, &w), -EFAULT);
	assert_int_equal(w.error_code, 0);
	assert_int_equal(m->layout.high_memory, m->layout.page_offset + SZ_1G);
	/* data written at PAGE_OFFSET + x is at physical x */
	memcpy(buf, "mmsim!!", 8);
	assert_int_equal(mmu_write(m, m->layout.page_offset + 0x2345678, buf, 8, MODE_KERNEL), 0);
	assert_memory_equal(m->ram + 0x2345678, "mmsim!!", 8);
	/* the kernel image at __START_KERNEL_map: 2M pages, executable, while the direct map is NX */
	assert_int_equal(mmu_translate(m, 0xffffffff81000000ULL, ACCESS_FETCH, MODE_KERNEL, &pa, &w), 0);
	assert_int_equal(pa, 0x1000000);
	assert_int_equal(w.size, TLB_2M);
	assert_int_equal(mmu_translate(m, m->layout.page_offset + 0x1000000, ACCESS_FETCH,
				       MODE_KERNEL, &pa, &w), -EFAULT);
	assert_int_equal(w.error_code, X86_PF_PROT | X86_PF_INSTR);
	/* user mode cannot touch the kernel's mappings */
	assert_int_equal(mmu_translate(m, m->layout.page_offset, ACCESS_READ, MODE_USER, &pa, &w),
			 -EFAULT);
	assert_int_equal(w.error_code, X86_PF_PROT | X86_PF_USER);
	mms_machine_free(m);
}

/* x86_64 with GBPAGES on a machine with more than 4G: 1G pages wherever a whole aligned gigabyte is RAM, 2M pages for the partial gigabytes, 4K below 2M; the PCI hole 3G-4G is not mapped. */
static void test_direct_map_x86_64_gbpages(void **state)
{
	/* RAM: 640K, 1M-3G, 4G-5.5G */
	struct machine *m = boot_spec("arch=x86_64 cpus=2 e820=0-0x9ffff:usable,"
				      "0xf0000-0xfffff:reserved,0x100000-0xbfffffff:usable,"
				      "0xc0000000-0xffffffff:reserved,0x100000000-0x15fffffff:usable");
	const struct dm_case cases[] = {
		{ 0x0, TLB_4K }, { 0x1ff000, TLB_4K },
		{ 0x200000, TLB_2M }, { 0x3fe00000, TLB_2M },
		{ 0x40000000, TLB_1G }, { 0x7fffffff, TLB_1G }, { 0xbffff000, TLB_1G },
		{ 0x100000000ULL, TLB_1G }, { 0x13fffffffULL, TLB_1G },
		{ 0x140000000ULL, TLB_2M }, { 0x15ffff000ULL, TLB_2M },
	};
	struct mmu_walk w;
	phys_addr_t pa;

	(void)state;
	check_direct_map(m, cases, sizeof(cases) / sizeof(cases[0]));
	/*
	 * 4K: 0-2M = 512; 2M: 2M-1G = 511, 5G-5.5G = 256 -> 767;
	 * 1G: 1G-3G = 2, 4G-5G = 1 -> 3.
	 */
	assert_int_equal(m->direct_pages_count[0], 512);
	assert_int_equal(m->direct_pages_count[1], 767);
	assert_int_equal(m->direct_pages_count[2], 3);
	assert_int_equal(meminfo_kb(m, "DirectMap4k:"), 2048);
	assert_int_equal(meminfo_kb(m, "DirectMap2M:"), 767 * 2048);
	assert_int_equal(meminfo_kb(m, "DirectMap1G:"), 3 * 1048576);
	/* the hole is not in the direct map: the walk stops at the PUD */
	assert_int_equal(mmu_translate(m, m->layout.page_offset + 0xc0000000, ACCESS_READ,
				       MODE_KERNEL, &pa, &w), -EFAULT);
	assert_int_equal(w.nsteps, 2);
	assert_int_equal(w.error_code, 0);
	/* a 1G translation: one TLB entry for the whole gigabyte */
	flush_tlb_all(m);
	assert_int_equal(mmu_translate(m, m->layout.page_offset + 0x100000000ULL, ACCESS_READ,
				       MODE_KERNEL, &pa, &w), 0);
	assert_int_equal(w.nsteps, 2);
	assert_int_equal(mmu_translate(m, m->layout.page_offset + 0x13ffff000ULL, ACCESS_READ,
				       MODE_KERNEL, &pa, &w), 0);
	assert_true(w.tlb_hit);
	assert_int_equal(pa, 0x13ffff000ULL);
	mms_machine_free(m);
}

/* i386: the direct map covers lowmem only, 4K pages for the ISA range up to the first 4M boundary and the tail, 4M pages (PSE) between; it ends at high_memory, so a kernel access just past it faults (highmem needs kmap). */
static void test_direct_map_i386(void **state)
{
	struct machine *m = boot_spec("arch=i386 ram=2G cpus=2");
	const uint64_t lowmem = 0x373fe000;	/* MAXMEM, see test_highmem.c */
	const struct dm_case cases[] = {
		{ 0x0, TLB_4K }, { 0xa0000, TLB_4K }, { 0x3ff000, TLB_4K },
		{ 0x400000, TLB_2M }, { 0x1000000, TLB_2M }, { 0x36fff000, TLB_2M },
		{ 0x37000000, TLB_4K }, { lowmem - 1, TLB_4K },
	};
	struct mmu_walk w;
	phys_addr_t pa;
	uint8_t b;

	(void)state;
	assert_int_equal(m->layout.high_memory, 0xc0000000ULL + lowmem);
	check_direct_map(m, cases, sizeof(cases) / sizeof(cases[0]));
	/*
	 * 4K: 0-4M = 1024 and 0x37000000-0x373fe000 = 1022 -> 2046;
	 * 4M: 4M-0x37000000 = 219.
	 */
	assert_int_equal(m->direct_pages_count[0], 2046);
	assert_int_equal(m->direct_pages_count[1], 219);
	assert_int_equal(meminfo_kb(m, "DirectMap4k:"), 2046 * 4);
	assert_int_equal(meminfo_kb(m, "DirectMap4M:"), 219 * 4096);
	/* high_memory itself is not mapped: "kernel read, not present" */
	assert_int_equal(mmu_translate(m, m->layout.high_memory, ACCESS_READ, MODE_KERNEL, &pa, &w),
			 -EFAULT);
	assert_int_equal(w.error_code, 0);
	assert_int_equal(w.nsteps, 2);
	assert_int_equal(mmu_read(m, m->layout.high_memory - 1, &b, 1, MODE_KERNEL), 0);
	assert_int_equal(mmu_read(m, m->layout.high_memory, &b, 1, MODE_KERNEL), -EFAULT);
	/* nor is the gap up to VMALLOC_START */
	assert_int_equal(mmu_read(m, m->layout.vmalloc_start - 1, &b, 1, MODE_KERNEL), -EFAULT);
	mms_machine_free(m);
}

/* Linux's names over the generic helpers (asm/pgalloc.h): pte_alloc builds
 * the tables, set_pte/ptep_get write and read the slot, mk_pte encodes. */
static void test_pgalloc_names(void **state)
{
	struct machine *m = boot_spec("ram=256M cpus=1");
	struct mm_struct mm;
	struct page *page = alloc_pages(m, GFP_KERNEL, 0);
	uint64_t va = 0x400000;
	phys_addr_t ptep, pa;
	int level;

	(void)state;
	mm_create(m, &mm);
	assert_int_equal(pte_offset(m, &mm, va), 0);		/* no tables yet */
	ptep = pte_alloc(m, &mm, va);
	assert_int_not_equal(ptep, 0);
	assert_int_equal(pte_offset(m, &mm, va), ptep);
	set_pte(m, ptep, mk_pte(m, page, PAGE_SHARED));
	assert_int_equal(pte_pfn_fmt(m->arch->mmu, ptep_get(m, ptep)), page_to_pfn(m, page));
	assert_int_equal(pt_lookup(m, &mm, va, &level, NULL), ptep_get(m, ptep));
	switch_mm(m, &mm);
	assert_int_equal(mmu_translate(m, va + 8, ACCESS_WRITE, MODE_USER, &pa, NULL), 0);
	assert_int_equal(pa, PFN_PHYS(page_to_pfn(m, page)) + 8);
	pte_clear(m, &mm, va);
	flush_tlb_mm_range(m, &mm, va, va + PAGE_SIZE);
	assert_int_equal(mmu_translate(m, va, ACCESS_READ, MODE_USER, &pa, NULL), -EFAULT);
	assert_int_equal(set_pte_at(m, &mm, va, page_to_pfn(m, page), PAGE_READONLY), 0);
	assert_int_equal(mmu_translate(m, va, ACCESS_READ, MODE_USER, &pa, NULL), 0);
	mm_destroy(m, &mm);
	__free_pages(m, page, 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pgalloc_names),
		cmocka_unit_test(test_walk_x86_64_page_sizes),
		cmocka_unit_test(test_walk_i386_page_sizes),
		cmocka_unit_test(test_pte_flag_helpers),
		cmocka_unit_test(test_pt_index_and_canonical),
		cmocka_unit_test(test_fault_codes_x86_64),
		cmocka_unit_test(test_fault_codes_i386),
		cmocka_unit_test(test_fault_handler_fixes_mapping),
		cmocka_unit_test(test_accessed_dirty_bits),
		cmocka_unit_test(test_noncanonical),
		cmocka_unit_test(test_tlb_counts_checked),
		cmocka_unit_test(test_tlb_coherence_property),
		cmocka_unit_test(test_tlb_verify_catches_missing_flush),
		cmocka_unit_test(test_pcid_switches),
		cmocka_unit_test(test_boot_asid_state),
		cmocka_unit_test(test_i386_cr3_switch),
		cmocka_unit_test(test_flush_counters),
		cmocka_unit_test(test_kernel_flush_counters),
		cmocka_unit_test(test_direct_map_x86_64_1g),
		cmocka_unit_test(test_direct_map_x86_64_gbpages),
		cmocka_unit_test(test_direct_map_i386),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
