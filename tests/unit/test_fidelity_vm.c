// SPDX-License-Identifier: MIT
/*
 * test_fidelity_vm.c - sequences whose outcome on Linux 6.x (THP off:
 * transparent_hugepage=never) is known, run in mmsim on each architecture
 * profile: x86_64 (4-level) and i386 (2-level non-PAE, 3G/1G split,
 * HIGHMEM4G; the only 32-bit profile mmsim has).  Each test runs once per
 * profile with the profile's expected numbers (struct vm_arch below);
 * the i386 machine has 1G of RAM so that it has a HighMem zone (lowmem
 * ends at 883M).
 *
 * Where the numbers come from:
 *  - faults: mm/memory.c do_anonymous_page maps the zero page on a read
 *    and a fresh page on a write, one fault per page; a write to the zero
 *    page or to a COW-shared page is a second fault (do_wp_page); every
 *    fault is a minor fault counted in task->min_flt (mm_account_fault);
 *    measurable on Linux with getrusage(RUSAGE_SELF).ru_minflt around a
 *    loop touching each page of an mmap'd buffer once;
 *  - RSS: the zero page is not counted (vm_normal_page is NULL for it);
 *  - populate: mmap(MAP_POPULATE) and mlock fault every page in before
 *    returning (__mm_populate via get_user_pages; the faults count for
 *    the task), so touching afterwards costs no fault;
 *  - maps lines: mm/mmap.c vma_merge / __split_vma, as /proc/self/maps
 *    shows after the same calls; the columns are show_vma_header_prefix's
 *    (at least 8 hex digits, the name padded to 25 + sizeof(void *) * 6 - 1:
 *    72 on x86_64, 48 on i386);
 *  - the SIGSEGV line: arch/x86/mm/fault.c show_signal_msg, "segfault at
 *    %lx ip %px sp %px error %lx": the address unpadded, ip and sp as %px
 *    (zero-padded to the pointer's width: 16 digits on x86_64, 8 on
 *    i386), the x86 error code: 4 = user read of a not-present page, 5 =
 *    user read of a present (kernel) page, 6 = user|write on a not-present
 *    page, 7 = user|write|present;
 *  - errnos: the man pages mmap(2), munmap(2), mprotect(2), mremap(2),
 *    brk(2) and the 6.6 sources (do_mmap, __get_unmapped_area's TASK_SIZE
 *    checks, mmap_address_hint_valid, do_vmi_munmap, do_mprotect_pkey,
 *    mremap_to, vma_expandable, brk's check_brk_limits);
 *  - where the pages come from: do_anonymous_page and the COW copy
 *    allocate GFP_HIGHUSER_MOVABLE, whose zonelist starts at ZONE_HIGHMEM
 *    on i386; page tables are GFP_PGTABLE_USER (no __GFP_HIGHMEM: mmsim
 *    models a kernel without CONFIG_HIGHPTE, so PTE pages are lowmem).
 * Machines boot with norandmaps, so the layout is Linux's with
 * randomize_va_space 0 (setarch -R): mmap_base is TASK_SIZE less the
 * 128M minimum gap (arch/x86/mm/mmap.c mmap_base: 8M stack rlimit + 1M
 * guard gap is below gap_min): 0x7ffff7fff000 on x86_64, 0xb8000000 on
 * i386; the stack is 132K under STACK_TOP = TASK_SIZE: 0x7ffffffde000-
 * 0x7ffffffff000, 0xbffdf000-0xc0000000.  The program is a PIE at
 * ELF_ET_DYN_BASE: 0x555555554000 on x86_64 ((TASK_SIZE / 3) * 2 of the
 * 47-bit space), 0x400000 on i386 (mmap_is_ia32).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "highmem.h"
#include "mm.h"
#include "mmu.h"
#include "random.h"

#define PG 4096UL
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

/* What differs between the profiles, as Linux 6.6 has it. */
struct vm_arch {
	const char *spec;		/* the boot spec of the fidelity tests */
	const char *stress_spec;	/* the randomized test's (layout randomized) */
	unsigned long task_size;	/* TASK_SIZE, also STACK_TOP */
	unsigned long mmap_base;	/* TASK_SIZE - 128M */
	unsigned long mmap_top;		/* the first mmap's end: below [vvar] and [vdso] */
	unsigned long text;		/* ELF_ET_DYN_BASE: the PIE's text */
	unsigned long kernel_addr;	/* PAGE_OFFSET: a present kernel page */
	unsigned long stress_base;	/* where the randomized test works */
	int ptr_width;			/* %px: hex digits of a pointer */
	int maps_pad;			/* maps: the name's column - 1 */
	bool highmem;			/* user pages from ZONE_HIGHMEM */
};

static const struct vm_arch x86_64_arch = {
	.spec = "arch=x86_64 ram=256M cpus=2 norandmaps=1",
	.stress_spec = "arch=x86_64 ram=128M cpus=2 seed=7",
	.task_size = 0x7ffffffff000UL,
	.mmap_base = 0x7ffff7fff000UL,
	.mmap_top = 0x7ffff7ff9000UL,	/* vdso_addr's choice collides: get_unmapped_area */
	.text = 0x555555554000UL,
	.kernel_addr = 0xffff888000000000UL,
	.stress_base = 0x7f0000000000UL,
	.ptr_width = 16,
	.maps_pad = 72,
	.highmem = false,
};

static const struct vm_arch i386_arch = {
	.spec = "arch=i386 ram=1G cpus=2 norandmaps=1",
	.stress_spec = "arch=i386 ram=1G cpus=2 seed=7",
	.task_size = 0xc0000000UL,
	.mmap_base = 0xb8000000UL,
	.mmap_top = 0xb7ffa000UL,	/* i386's map_vdso asks for no address */
	.text = 0x400000UL,
	.kernel_addr = 0xc0000000UL,
	.stress_base = 0x70000000UL,
	.ptr_width = 8,
	.maps_pad = 48,
	.highmem = true,
};

static struct machine *boot_vm(const struct vm_arch *A, int *pid)
{
	struct machine *m = boot_spec(A->spec);

	spawn_static(m, "web", pid);	/* test_exec.c has the dynamically linked one */
	return m;
}

static bool maps_has(struct machine *m, const char *name, const char *line)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%s/maps", name);
	return view_has(m, path, line);
}

/*
 * One maps line as show_map_vma prints it: "%08lx-%08lx PERMS OFFSET
 * DEV INO " and, with a name, spaces up to the profile's column and the
 * name.  Returns a static buffer (one line at a time).
 */
static const char *vma_line(const struct vm_arch *A, unsigned long start, unsigned long end,
			    const char *perms, const char *name)
{
	static char buf[160];
	int n = snprintf(buf, sizeof(buf), "%08lx-%08lx %s 00000000 00:00 0 ", start, end, perms);

	if (name) {
		while (n < A->maps_pad)
			buf[n++] = ' ';
		n += snprintf(buf + n, sizeof(buf) - (size_t)n, " %s", name);
	}
	snprintf(buf + n, sizeof(buf) - (size_t)n, "\n");
	return buf;
}

static bool maps_has_vma(struct machine *m, const struct vm_arch *A, const char *task,
			 unsigned long start, unsigned long end, const char *perms,
			 const char *name)
{
	return maps_has(m, task, vma_line(A, start, end, perms, name));
}

/* The page @pid maps at @addr and, in *@ptepage, the PTE table page mapping it. */
static struct page *mapped_page(struct machine *m, int pid, unsigned long addr,
				struct page **ptepage)
{
	struct task_struct *t = find_live_task(m, pid);
	phys_addr_t ptep = 0;
	struct page *page;

	assert_non_null(t);
	page = user_page_at(m, t->mm, addr, NULL, &ptep);
	if (ptepage)
		*ptepage = page ? pfn_to_page(m, (unsigned long)(ptep >> PAGE_SHIFT)) : NULL;
	return page;
}

/*
 * The free pages of ZONE_HIGHMEM, counting the per-CPU lists as free
 * (meminfo's HighFree counts only the buddy's; pcp refills move pages in
 * batches, so only the sum moves by exactly the pages allocated).
 */
static unsigned long highmem_free_pages(struct machine *m)
{
	struct zone *zone;
	unsigned long n = 0;

	for_each_zone(m, zone) {
		if (zone->type != ZONE_HIGHMEM || !zone->per_cpu_pageset)
			continue;
		n += (unsigned long)zone->vm_stat[NR_FREE_PAGES];
		for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++)
			n += (unsigned long)zone->per_cpu_pageset[cpu].count;
	}
	return n;
}

/* Each of the @n pages at @a is a highmem page on i386 (a lowmem one on x86_64), its PTE table lowmem. */
static void assert_user_pages_zone(struct machine *m, const struct vm_arch *A, int pid,
				   unsigned long a, unsigned long n)
{
	for (unsigned long i = 0; i < n; i++) {
		struct page *pt, *p = mapped_page(m, pid, a + i * PG, &pt);

		assert_non_null(p);
		assert_int_equal(page_zonenum(p) == ZONE_HIGHMEM, A->highmem);
		assert_int_not_equal(page_zonenum(pt), ZONE_HIGHMEM);	/* no CONFIG_HIGHPTE */
	}
}

static void test_write_fresh_pages(void **state)
{
	const struct vm_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	unsigned long anon0 = meminfo_kb(m, "AnonPages:"), hfree0 = highmem_free_pages(m);
	unsigned long lowfree0 = A->highmem ? meminfo_kb(m, "LowFree:") : 0;
	unsigned long pt0 = meminfo_kb(m, "PageTables:");
	int64_t a = mms_mmap(m, pid, 0, 100 * PG, RW, ANON, -1, 0);
	uint64_t f0 = task_val(m, pid, "minflt"), r0 = task_val(m, pid, "rss_anon");

	assert_int_equal(a, A->mmap_top - 100 * PG);	/* right below [vvar] */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 100 * PG, 1, NULL, 0x5a, 1), 0);
	assert_int_equal(task_val(m, pid, "minflt") - f0, 100);
	assert_int_equal(task_val(m, pid, "rss_anon") - r0, 100);
	assert_int_equal(meminfo_kb(m, "AnonPages:") - anon0, 400);
	/* GFP_HIGHUSER_MOVABLE: the 100 pages from HighMem on i386, the new PTE table from lowmem */
	assert_user_pages_zone(m, A, pid, (unsigned long)a, 100);
	assert_int_equal(hfree0 - highmem_free_pages(m), A->highmem ? 100 : 0);
	assert_int_equal(meminfo_kb(m, "PageTables:") - pt0, 4);
	if (A->highmem)		/* lowmem paid only for the page table (and pcp refills, none here) */
		assert_true(lowfree0 - meminfo_kb(m, "LowFree:") < 400);
	/* a second pass costs nothing */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 100 * PG, 1, NULL, 0x5b, 1), 0);
	assert_int_equal(task_val(m, pid, "minflt") - f0, 100);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_read_then_write(void **state)
{
	const struct vm_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	int64_t a = mms_mmap(m, pid, 0, 50 * PG, RW, ANON, -1, 0);
	uint64_t f0 = task_val(m, pid, "minflt"), r0 = task_val(m, pid, "rss"), pm[50];
	uint8_t buf[PG];

	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 50 * PG, 0, NULL, 0, 1), 0);
	assert_int_equal(task_val(m, pid, "minflt") - f0, 50);
	assert_int_equal(task_val(m, pid, "rss"), r0);		/* the zero page is not RSS */
	assert_int_equal(mms_pagemap(m, pid, (uint64_t)a, 50, pm), 0);
	for (int i = 0; i < 50; i++)	/* present, not exclusive, not file */
		assert_int_equal(pm[i] >> 56, 0x80 | 0x0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, PG, 0, buf, 0, 0), 0);
	for (unsigned long i = 0; i < PG; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 50 * PG, 1, NULL, 1, 1), 0);
	assert_int_equal(task_val(m, pid, "minflt") - f0, 100);
	assert_int_equal(task_val(m, pid, "rss") - r0, 50);
	/* the zero page was replaced by fresh zeroed pages (highmem on i386) */
	assert_user_pages_zone(m, A, pid, (unsigned long)a, 50);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_fork_cow(void **state)
{
	const struct vm_arch *A = *state;
	int pid, child;
	struct machine *m = boot_vm(A, &pid);
	int64_t a = mms_mmap(m, pid, 0, 20 * PG, RW, ANON, -1, 0);
	uint64_t pf0, cf0, pr0;
	uint8_t buf[20 * PG];

	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 20 * PG, 1, NULL, 0x11, 0), 0);
	assert_int_equal(mms_fork(m, pid, "child", 0, &child), 0);
	/* after fork the child maps the same pages: RSS copied, counts raised */
	assert_int_equal(task_val(m, child, "rss_anon"), task_val(m, pid, "rss_anon"));
	assert_ptr_equal(mapped_page(m, child, (unsigned long)a, NULL),
			 mapped_page(m, pid, (unsigned long)a, NULL));
	assert_int_equal(check_machine(m), 0);
	pf0 = task_val(m, pid, "minflt");
	cf0 = task_val(m, child, "minflt");
	pr0 = task_val(m, pid, "rss");
	assert_int_equal(mms_task_access(m, child, (uint64_t)a, 20 * PG, 1, NULL, 0x22, 1), 0);
	assert_int_equal(task_val(m, child, "minflt") - cf0, 20);	/* one COW fault a page */
	assert_int_equal(task_val(m, pid, "minflt"), pf0);
	assert_int_equal(task_val(m, pid, "rss"), pr0);
	/* the copies (copy_user_highpage) are GFP_HIGHUSER_MOVABLE pages too */
	assert_user_pages_zone(m, A, child, (unsigned long)a, 20);
	assert_ptr_not_equal(mapped_page(m, child, (unsigned long)a, NULL),
			     mapped_page(m, pid, (unsigned long)a, NULL));
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 20 * PG, 0, buf, 0, 0), 0);
	for (unsigned long i = 0; i < 20 * PG; i++)
		assert_int_equal(buf[i], 0x11);			/* the parent's stay */
	assert_int_equal(mms_task_access(m, child, (uint64_t)a, 20 * PG, 0, buf, 0, 0), 0);
	for (unsigned long i = 0; i < 20 * PG; i++)	/* one byte a page written, the rest copied */
		assert_int_equal(buf[i], i % PG ? 0x11 : 0x22);
	/* the parent's pages are its own again: writing them costs a fault each (reuse) */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 20 * PG, 1, NULL, 0x33, 1), 0);
	assert_int_equal(task_val(m, pid, "minflt") - pf0, 20);
	assert_int_equal(check_machine(m), 0);
	assert_int_equal(mms_exit(m, child, 0), 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_populate_and_mlock(void **state)
{
	const struct vm_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	uint64_t f0 = task_val(m, pid, "minflt");
	int64_t a = mms_mmap(m, pid, 0, 32 * PG, RW, ANON | MAP_POPULATE, -1, 0), b;

	assert_int_equal(a, A->mmap_top - 32 * PG);
	assert_int_equal(task_val(m, pid, "minflt") - f0, 32);
	assert_user_pages_zone(m, A, pid, (unsigned long)a, 32);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 32 * PG, 1, NULL, 1, 1), 0);
	assert_int_equal(task_val(m, pid, "minflt") - f0, 32);
	b = mms_mmap(m, pid, 0, 16 * PG, RW, ANON, -1, 0);
	f0 = task_val(m, pid, "minflt");
	assert_int_equal(mms_mlock2(m, pid, (uint64_t)b, 16 * PG, 0), 0);
	assert_int_equal(task_val(m, pid, "minflt") - f0, 16);
	assert_int_equal(task_val(m, pid, "locked_vm"), 16);
	assert_int_equal(meminfo_kb(m, "Mlocked:"), 64);
	assert_int_equal(meminfo_kb(m, "Unevictable:"), 64);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)b, 16 * PG, 1, NULL, 1, 1), 0);
	assert_int_equal(task_val(m, pid, "minflt") - f0, 16);
	assert_int_equal(mms_munlock(m, pid, (uint64_t)b, 16 * PG), 0);
	assert_int_equal(meminfo_kb(m, "Mlocked:"), 0);
	assert_int_equal(task_val(m, pid, "locked_vm"), 0);
	/* RLIMIT_MEMLOCK (8M) for an unprivileged task */
	b = mms_mmap(m, pid, 0, 16UL << 20, RW, ANON, -1, 0);
	assert_int_equal(mms_mlock2(m, pid, (uint64_t)b, 16UL << 20, 0), -ENOMEM);
	assert_int_equal(mms_mlock2(m, pid, (uint64_t)b, PG, 2), -EINVAL);
	/* mlock of a range beyond TASK_SIZE: no VMA there, -ENOMEM */
	assert_int_equal(mms_mlock2(m, pid, A->task_size, PG, 0), -ENOMEM);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_maps_split_merge(void **state)
{
	const struct vm_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	int base = maps_lines(m, pid);
	int64_t a = mms_mmap(m, pid, 0, 10 * PG, RW, ANON, -1, 0), b;
	unsigned long top = A->mmap_top;

	assert_int_equal(a, top - 10 * PG);
	assert_int_equal(maps_lines(m, pid), base + 1);
	/* munmap of a middle part: two lines */
	assert_int_equal(mms_munmap(m, pid, (uint64_t)a + 4 * PG, 2 * PG), 0);
	assert_int_equal(maps_lines(m, pid), base + 2);
	assert_true(maps_has_vma(m, A, "web", top - 10 * PG, top - 6 * PG, "rw-p", NULL));
	assert_true(maps_has_vma(m, A, "web", top - 4 * PG, top, "rw-p", NULL));
	assert_int_equal(mms_munmap(m, pid, (uint64_t)a, 10 * PG), 0);
	assert_int_equal(maps_lines(m, pid), base);
	/* two adjacent anonymous mappings with the same protection: one line */
	a = mms_mmap(m, pid, 0, 4 * PG, RW, ANON, -1, 0);
	b = mms_mmap(m, pid, 0, 4 * PG, RW, ANON, -1, 0);
	assert_int_equal(b + 4 * PG, a);
	assert_int_equal(maps_lines(m, pid), base + 1);
	assert_true(maps_has_vma(m, A, "web", top - 8 * PG, top, "rw-p", NULL));
	/* mprotect of one page in the middle: three lines, and back to one */
	assert_int_equal(mms_mprotect(m, pid, (uint64_t)b + 3 * PG, PG, PROT_READ), 0);
	assert_int_equal(maps_lines(m, pid), base + 3);
	assert_true(maps_has_vma(m, A, "web", top - 5 * PG, top - 4 * PG, "r--p", NULL));
	assert_int_equal(mms_mprotect(m, pid, (uint64_t)b + 3 * PG, PG, RW), 0);
	assert_int_equal(maps_lines(m, pid), base + 1);
	/* different protection: no merge */
	mms_mmap(m, pid, 0, 4 * PG, PROT_READ, ANON, -1, 0);
	assert_int_equal(maps_lines(m, pid), base + 2);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_dontneed(void **state)
{
	const struct vm_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	int64_t a = mms_mmap(m, pid, 0, 8 * PG, RW, ANON, -1, 0);
	uint8_t buf[8 * PG];
	uint64_t f0;

	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 8 * PG, 1, NULL, 0x77, 0), 0);
	assert_int_equal(task_val(m, pid, "rss_anon") >= 8, 1);
	f0 = task_val(m, pid, "minflt");
	assert_int_equal(mms_madvise(m, pid, (uint64_t)a, 8 * PG, MADV_DONTNEED), 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 8 * PG, 0, buf, 0, 0), 0);
	for (unsigned long i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(task_val(m, pid, "minflt") - f0, 8);
	/* advice recorded in vm_flags (smaps VmFlags: hg, mg) */
	assert_int_equal(mms_madvise(m, pid, (uint64_t)a, 8 * PG, MADV_HUGEPAGE), 0);
	assert_int_equal(mms_madvise(m, pid, (uint64_t)a, 8 * PG, MADV_MERGEABLE), 0);
	{
		char *t = view_text(m, "/proc/web/smaps");

		assert_non_null(strstr(t, "VmFlags: rd wr mr mw me ac sd hg mg \n"));
		free(t);
	}
	assert_int_equal(mms_madvise(m, pid, (uint64_t)a, 8 * PG, 99), -EINVAL);
	assert_int_equal(mms_madvise(m, pid, (uint64_t)a + 1, PG, MADV_DONTNEED), -EINVAL);
	assert_int_equal(mms_madvise(m, pid, (uint64_t)a, 8 * PG, MADV_REMOVE), -EINVAL);
	assert_int_equal(mms_madvise(m, pid, 0x100000, PG, MADV_DONTNEED), -ENOMEM);
	assert_int_equal(mms_madvise(m, pid, A->task_size, PG, MADV_DONTNEED), -ENOMEM);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_brk(void **state)
{
	const struct vm_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	uint64_t start = task_val(m, pid, "start_brk"), f0;
	unsigned long bss = A->text + 0x10000 + 0x4000;	/* text 64K, data 16K */

	/*
	 * PIE 64K text + 16K data + 16K bss at ELF_ET_DYN_BASE: the break after
	 * the bss; the heap merges with the bss VMA (both anonymous rw-p, as
	 * do_brk_flags extends the VMA before start_brk), and maps names the
	 * whole VMA [heap] (it overlaps [start_brk, brk)).
	 */
	assert_int_equal(start, bss + 0x4000);		/* 0x55555556c000, 0x418000 */
	assert_int_equal(mms_brk(m, pid, 0), (int64_t)start);		/* brk(0): the break */
	assert_int_equal(mms_brk(m, pid, start + 33 * PG), (int64_t)(start + 33 * PG));
	assert_true(maps_has_vma(m, A, "web", bss, start + 33 * PG, "rw-p", "[heap]"));
	f0 = task_val(m, pid, "minflt");
	assert_int_equal(mms_task_access(m, pid, start, 33 * PG, 1, NULL, 1, 1), 0);
	assert_int_equal(task_val(m, pid, "minflt") - f0, 33);
	assert_user_pages_zone(m, A, pid, start, 33);
	assert_int_equal(mms_brk(m, pid, start + 3 * PG), (int64_t)(start + 3 * PG));	/* shrink */
	assert_true(maps_has_vma(m, A, "web", bss, start + 3 * PG, "rw-p", "[heap]"));
	assert_int_equal(task_val(m, pid, "rss_anon"), 3 + 1);	/* the heap's 3 and the stack's 1 */
	/* below start_brk: refused, the old break returned */
	assert_int_equal(mms_brk(m, pid, start - PG), (int64_t)(start + 3 * PG));
	/* into another mapping: refused */
	assert_true(mms_mmap(m, pid, start + 64 * PG, PG, RW, ANON | MAP_FIXED, -1, 0) > 0);
	assert_int_equal(mms_brk(m, pid, start + 100 * PG), (int64_t)(start + 3 * PG));
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/*
 * brk beyond TASK_SIZE: brk's check_brk_limits asks get_unmapped_area for
 * [oldbrk, newbrk) with MAP_FIXED, whose "addr > TASK_SIZE - len" gives
 * -ENOMEM, so the break stays - even with nothing mapped above the heap
 * (the stack unmapped) and overcommit off.  Without that check mmsim made a
 * heap VMA running into the kernel's half of the address space.
 */
static void test_brk_task_size(void **state)
{
	const struct vm_arch *A = *state;
	int pid, pid2;
	struct machine *m = boot_vm(A, &pid);
	char err[128];
	uint64_t start = task_val(m, pid, "start_brk");
	unsigned long stack = A->task_size - 0x21000;

	assert_int_equal(mms_sysctl_write(m, "vm.overcommit_memory", "1", err, sizeof(err)), 0);
	assert_int_equal(mms_munmap(m, pid, stack, 0x21000), 0);
	/* [vvar] and [vdso] too (munmap of them is allowed): nothing above the heap now */
	assert_int_equal(mms_munmap(m, pid, A->mmap_top, 6 * PG), 0);
	assert_int_equal(mms_brk(m, pid, A->task_size + 256 * PG), (int64_t)start);
	assert_int_equal(mms_brk(m, pid, ~0UL - 15), (int64_t)start);	/* PAGE_ALIGN wraps */
	/* up to TASK_SIZE itself is fine */
	assert_int_equal(mms_brk(m, pid, A->task_size), (int64_t)A->task_size);
	assert_int_equal(task_val(m, pid, "total_vm") * PG, A->task_size - A->text);
	assert_int_equal(mms_brk(m, pid, start + PG), (int64_t)(start + PG));
	assert_int_equal(check_machine(m), 0);
	/* with the stack in place the stack's guard gap stops it first */
	assert_int_equal(mms_spawn(m, "app", NULL, &pid2), 0);
	start = task_val(m, pid2, "start_brk");
	assert_int_equal(mms_brk(m, pid2, A->task_size + PG), (int64_t)start);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_segv_error_codes(void **state)
{
	const struct vm_arch *A = *state;
	int pid, pid2;
	struct machine *m = boot_vm(A, &pid);
	int64_t a = mms_mmap(m, pid, 0, 2 * PG, PROT_READ, ANON, -1, 0);
	char line[160];

	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 8, 1, NULL, 1, 0), -EFAULT);
	/* "segfault at %lx ip %px sp %px error %lx" + print_vma_addr's " in %s[%lx+%lx]" */
	snprintf(line, sizeof(line), "web[1]: segfault at %lx ip %0*lx sp ", A->mmap_top - 2 * PG,
		 A->ptr_width, A->text);
	assert_true(dmesg_has(m, line));
	snprintf(line, sizeof(line), " error 6 in web[%lx+10000] likely on CPU 0 (core 0, socket 0)",
		 A->text);
	assert_true(dmesg_has(m, line));
	assert_int_equal(task_val(m, pid, "alive"), 0);
	assert_int_equal(task_val(m, pid, "exit_code"), SIGSEGV);
	assert_int_equal(check_machine(m), 0);
	/* a read maps the zero page first: the write is then a protection fault */
	spawn_static(m, "app", &pid2);
	a = mms_mmap(m, pid2, 0, PG, PROT_READ, ANON, -1, 0);
	assert_int_equal(mms_task_access(m, pid2, (uint64_t)a, 8, 0, NULL, 0, 0), 0);
	assert_int_equal(mms_task_access(m, pid2, (uint64_t)a, 8, 1, NULL, 1, 0), -EFAULT);
	snprintf(line, sizeof(line), "app[2]: segfault at %lx ip %0*lx sp ", A->mmap_top - PG,
		 A->ptr_width, A->text);
	assert_true(dmesg_has(m, line));
	assert_true(dmesg_has(m, " error 7 in app["));
	/* an access outside every VMA; PROT_NONE */
	assert_int_equal(mms_reap(m, pid2), 0);
	spawn_static(m, "app", &pid2);
	assert_int_equal(mms_task_access(m, pid2, 0x1000, 1, 0, NULL, 0, 0), -EFAULT);
	assert_true(dmesg_has(m, "app[3]: segfault at 1000 ip "));
	assert_true(dmesg_has(m, " error 4 in app["));
	spawn_static(m, "app2", &pid2);
	a = mms_mmap(m, pid2, 0, PG, PROT_NONE, ANON, -1, 0);
	assert_int_equal(mms_task_access(m, pid2, (uint64_t)a, 1, 0, NULL, 0, 0), -EFAULT);
	snprintf(line, sizeof(line), "app2[4]: segfault at %lx ip ", A->mmap_top - PG);
	assert_true(dmesg_has(m, line));
	/*
	 * a user read of the kernel's direct map (PAGE_OFFSET: present, not
	 * _PAGE_USER): do_kern_addr_fault's bad_area_nosemaphore, error 5
	 */
	spawn_static(m, "app3", &pid2);
	assert_int_equal(mms_task_access(m, pid2, A->kernel_addr, 4, 0, NULL, 0, 0), -EFAULT);
	snprintf(line, sizeof(line), "app3[5]: segfault at %lx ip %0*lx sp ", A->kernel_addr,
		 A->ptr_width, A->text);
	assert_true(dmesg_has(m, line));
	assert_true(dmesg_has(m, " error 5 in app3["));
	/* killed tasks freed everything */
	mms_reap(m, pid);
	assert_int_equal(meminfo_kb(m, "AnonPages:"), 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_errnos(void **state)
{
	const struct vm_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	/* without [vvar] and [vdso] the mmap area's top borders the gap above mmap_base */
	int64_t u = mms_munmap(m, pid, A->mmap_top, 6 * PG);
	int64_t a = mms_mmap(m, pid, 0, 4 * PG, RW, ANON, -1, 0);
	unsigned long ts = A->task_size, top = A->mmap_base;

	assert_int_equal(u, 0);
	assert_int_equal(a, top - 4 * PG);

	/* mmap */
	assert_int_equal(mms_mmap(m, pid, 0, 0, RW, ANON, -1, 0), -EINVAL);
	assert_int_equal(mms_mmap(m, pid, 0x10001000 + 1, PG, RW, ANON | MAP_FIXED, -1, 0), -EINVAL);
	assert_int_equal(mms_mmap(m, pid, (uint64_t)a, PG, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0), -EEXIST);
	assert_int_equal(mms_mmap(m, pid, 0, PG, RW, MAP_ANONYMOUS, -1, 0), -EINVAL);	/* no type */
	assert_int_equal(mms_mmap(m, pid, 0, PG, RW, MAP_ANONYMOUS | MAP_SHARED_VALIDATE, -1, 0), -EINVAL);
	assert_int_equal(mms_mmap(m, pid, 0, PG, RW, MAP_PRIVATE, -1, 0), -EBADF);
	assert_int_equal(mms_mmap(m, pid, 0, PG, RW, ANON, -1, 123), -EINVAL);
	assert_int_equal(mms_mmap(m, pid, 0, 1UL << 48, RW, ANON, -1, 0), -ENOMEM);
	assert_int_equal(mms_mmap(m, pid, 0, ~0UL - 10, RW, ANON, -1, 0), -ENOMEM);
	assert_int_equal(mms_mmap(m, pid, 0x1000, PG, RW, ANON | MAP_FIXED, -1, 0), -EPERM);
	assert_int_equal(mms_mmap(m, pid, 0, PG, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0),
			 -EINVAL);
	/* a hint below mmap_min_addr is rounded up to it */
	assert_int_equal(mms_mmap(m, pid, 0x1000, PG, RW, ANON, -1, 0), 0x10000);
	/*
	 * TASK_SIZE (__get_unmapped_area, mmap_address_hint_valid): a length
	 * above it is -ENOMEM; MAP_FIXED at or across it -ENOMEM; a hint at
	 * or across it is ignored (the mapping goes below mmap_base)
	 */
	assert_int_equal(mms_mmap(m, pid, 0, ts + PG, RW, ANON, -1, 0), -ENOMEM);
	assert_int_equal(mms_mmap(m, pid, ts, PG, RW, ANON | MAP_FIXED, -1, 0), -ENOMEM);
	assert_int_equal(mms_mmap(m, pid, ts - PG, 2 * PG, RW, ANON | MAP_FIXED, -1, 0), -ENOMEM);
	assert_int_equal(mms_mmap(m, pid, ts - PG, 2 * PG, RW, ANON | MAP_FIXED_NOREPLACE, -1, 0),
			 -ENOMEM);
	{
		int64_t h = mms_mmap(m, pid, ts, PG, RW, ANON, -1, 0);

		assert_int_equal(h, top - 5 * PG);	/* below a */
		assert_int_equal(mms_munmap(m, pid, (uint64_t)h, PG), 0);
		h = mms_mmap(m, pid, ts - PG, 2 * PG, RW, ANON, -1, 0);
		assert_int_equal(h, top - 6 * PG);
		assert_int_equal(mms_munmap(m, pid, (uint64_t)h, 2 * PG), 0);
	}
	/* munmap */
	assert_int_equal(mms_munmap(m, pid, (uint64_t)a + 1, PG), -EINVAL);
	assert_int_equal(mms_munmap(m, pid, (uint64_t)a, 0), -EINVAL);
	assert_int_equal(mms_munmap(m, pid, ts, 2 * PG), -EINVAL);	/* do_vmi_munmap */
	assert_int_equal(mms_munmap(m, pid, ts - PG, 2 * PG), -EINVAL);
	assert_int_equal(mms_munmap(m, pid, 0x200000, PG), 0);	/* nothing there: fine */
	/* mprotect */
	assert_int_equal(mms_mprotect(m, pid, (uint64_t)a + 1, PG, PROT_READ), -EINVAL);
	assert_int_equal(mms_mprotect(m, pid, (uint64_t)a, PG, 0x40), -EINVAL);
	assert_int_equal(mms_mprotect(m, pid, (uint64_t)a, 0, PROT_READ), 0);
	assert_int_equal(mms_mprotect(m, pid, 0x200000, PG, PROT_READ), -ENOMEM);
	assert_int_equal(mms_mprotect(m, pid, ts, PG, PROT_READ), -ENOMEM);	/* no VMA there */
	/* a hole: -ENOMEM, the part before it changed (as Linux leaves it) */
	assert_int_equal(mms_mprotect(m, pid, (uint64_t)a, 8 * PG, PROT_READ), -ENOMEM);
	assert_true(maps_has_vma(m, A, "web", top - 4 * PG, top, "r--p", NULL));
	assert_int_equal(mms_mprotect(m, pid, (uint64_t)a, 4 * PG, RW), 0);
	assert_int_equal(mms_mprotect(m, pid, (uint64_t)a, PG, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP),
			 -EINVAL);
	/* mremap */
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a + 1, PG, 2 * PG, 0, 0), -EINVAL);
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, PG, 0, 0, 0), -EINVAL);
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, PG, 2 * PG, 8, 0), -EINVAL);
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, PG, 2 * PG, MREMAP_FIXED, 0x300000), -EINVAL);
	assert_int_equal(mms_mremap(m, pid, 0x200000, PG, 2 * PG, 0, 0), -EFAULT);
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, 8 * PG, 16 * PG, 0, 0), -EFAULT);
	/* mremap_to beyond TASK_SIZE: -EINVAL (new_addr > TASK_SIZE - new_len) */
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, ts),
			 -EINVAL);
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
				    ts - PG), -EINVAL);
	/* the top of the area cannot grow (mmap_base's neighbour is the gap) unless moved */
	{
		int64_t b = mms_mmap(m, pid, 0, PG, RW, ANON, -1, 0);	/* right below a */
		int64_t r;

		assert_int_equal(b + PG, a);
		assert_int_equal(mms_mprotect(m, pid, (uint64_t)b, PG, PROT_READ), 0);
		assert_int_equal(mms_mremap(m, pid, (uint64_t)b, PG, 2 * PG, 0, 0), -ENOMEM);
		r = mms_mremap(m, pid, (uint64_t)b, PG, 2 * PG, MREMAP_MAYMOVE, 0);
		assert_true(r > 0 && r != b);
		assert_int_equal(mms_mremap(m, pid, (uint64_t)r, 2 * PG, PG, 0, 0), r);	/* shrink */
		r = mms_mremap(m, pid, (uint64_t)r, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, 0x40000000);
		assert_int_equal(r, 0x40000000);
		assert_true(maps_has_vma(m, A, "web", 0x40000000, 0x40001000, "r--p", NULL));
		/* at TASK_SIZE - PG, growing in place would cross TASK_SIZE (vma_expandable) */
		r = mms_mremap(m, pid, (uint64_t)r, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, ts - 0x22000);
		assert_int_equal(r, (int64_t)(ts - 0x22000));	/* just below the stack */
		assert_int_equal(mms_mremap(m, pid, (uint64_t)r, PG, 2 * PG, 0, 0), -ENOMEM);
	}
	/* msync, mincore */
	assert_int_equal(mms_msync(m, pid, (uint64_t)a, PG, 8), -EINVAL);
	assert_int_equal(mms_msync(m, pid, (uint64_t)a, PG, MS_ASYNC | MS_SYNC), -EINVAL);
	assert_int_equal(mms_msync(m, pid, 0x200000, PG, MS_SYNC), -ENOMEM);
	assert_int_equal(mms_msync(m, pid, (uint64_t)a, PG, MS_SYNC), 0);
	{
		unsigned char vec[4];

		assert_int_equal(mms_mincore(m, pid, (uint64_t)a + 1, PG, vec), -EINVAL);
		assert_int_equal(mms_mincore(m, pid, 0x200000, PG, vec), -ENOMEM);
		/* access_ok: the range must end at or below TASK_SIZE_MAX */
		assert_int_equal(mms_mincore(m, pid, ts, PG, vec), -ENOMEM);
		assert_int_equal(mms_task_access(m, pid, (uint64_t)a + PG, 1, 1, NULL, 1, 0), 0);
		assert_int_equal(mms_mincore(m, pid, (uint64_t)a, 4 * PG, vec), 0);
		assert_int_equal(vec[0], 0);
		assert_int_equal(vec[1], 1);
	}
	/* mlockall */
	assert_int_equal(mms_mlockall(m, pid, MCL_ONFAULT), -EINVAL);
	assert_int_equal(mms_mlockall(m, pid, 8), -EINVAL);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_max_map_count(void **state)
{
	const struct vm_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	char err[128];
	int64_t a, r = 0;
	int i;

	assert_int_equal(mms_sysctl_write(m, "vm.max_map_count", "20", err, sizeof(err)), 0);
	a = mms_mmap(m, pid, 0, 64 * PG, RW, ANON, -1, 0);
	/* every other page read-only: each mprotect splits off a new VMA */
	for (i = 0; i < 32; i++) {
		r = mms_mprotect(m, pid, (uint64_t)a + (uint64_t)i * 2 * PG, PG, PROT_READ);
		if (r)
			break;
	}
	assert_int_equal(r, -ENOMEM);
	assert_true(task_val(m, pid, "map_count") <= 20);
	assert_int_equal(mms_munmap(m, pid, (uint64_t)a + 41 * PG, PG), -ENOMEM);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_overcommit_never(void **state)
{
	const struct vm_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	char err[128];
	unsigned long limit = meminfo_kb(m, "CommitLimit:"), c0 = meminfo_kb(m, "Committed_AS:");
	int64_t a;

	/* vm_commit_limit: totalram * overcommit_ratio / 100 (highmem included on i386) */
	assert_int_equal(limit, (m->totalram_pages * 50 / 100) * 4);
	a = mms_mmap(m, pid, 0, 64 * PG, RW, ANON, -1, 0);
	assert_int_equal(meminfo_kb(m, "Committed_AS:") - c0, 256);
	mms_mmap(m, pid, 0, 64 * PG, RW, ANON | MAP_NORESERVE, -1, 0);
	assert_int_equal(meminfo_kb(m, "Committed_AS:") - c0, 256);	/* not charged */
	assert_int_equal(mms_sysctl_write(m, "vm.overcommit_memory", "2", err, sizeof(err)), 0);
	assert_int_equal(mms_mmap(m, pid, 0, (uint64_t)limit << 10, RW, ANON, -1, 0), -ENOMEM);
	assert_true(dmesg_has(m, "__vm_enough_memory: pid: 1, comm: web, not enough memory for the allocation"));
	assert_int_equal(mms_munmap(m, pid, (uint64_t)a, 64 * PG), 0);
	assert_int_equal(meminfo_kb(m, "Committed_AS:"), c0);
	assert_int_equal(mms_sysctl_write(m, "vm.overcommit_memory", "3", err, sizeof(err)), -EINVAL);
	/* the heuristic: a single request above RAM fails (1G > 256M of x86_64's, 1G of i386's less the kernel's) */
	assert_int_equal(mms_sysctl_write(m, "vm.overcommit_memory", "0", err, sizeof(err)), 0);
	assert_int_equal(mms_mmap(m, pid, 0, 1UL << 30, RW, ANON, -1, 0), -ENOMEM);
	assert_true(mms_mmap(m, pid, 0, 100UL << 20, RW, ANON, -1, 0) > 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_stack_growth_and_threads(void **state)
{
	const struct vm_arch *A = *state;
	int pid, thr;
	struct machine *m = boot_vm(A, &pid);
	uint64_t f0 = task_val(m, pid, "minflt");
	unsigned long top = A->task_size;

	/* [stack] is 132K under STACK_TOP: the argument page and setup_arg_pages' 128K */
	assert_true(maps_has_vma(m, A, "web", top - 0x21000, top, "rw-p", "[stack]"));
	assert_int_equal(task_val(m, pid, "start_stack") < top, 1);
	assert_int_equal(mms_task_access(m, pid, top - 0x21000 - 16 * PG, 1, 1, NULL, 1, 0), 0);
	assert_true(maps_has_vma(m, A, "web", top - 0x31000, top, "rw-p", "[stack]"));
	assert_int_equal(task_val(m, pid, "minflt") - f0, 1);
	/* beyond RLIMIT_STACK (8M): SIGSEGV */
	assert_int_equal(mms_fork(m, pid, "worker", 1, &thr), 0);
	assert_int_equal(task_val(m, pid, "threads"), 2);
	assert_int_equal(mms_task_access(m, thr, top - (9UL << 20), 1, 1, NULL, 1, 0), -EFAULT);
	assert_int_equal(task_val(m, pid, "threads"), 1);
	assert_int_equal(task_val(m, pid, "alive"), 1);	/* the thread died alone here */
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_shared_anon(void **state)
{
	const struct vm_arch *A = *state;
	int pid, child;
	struct machine *m = boot_vm(A, &pid);
	int64_t a = mms_mmap(m, pid, 0, 4 * PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	uint8_t b = 0;

	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 4 * PG, 1, NULL, 0x42, 1), 0);
	assert_int_equal(task_val(m, pid, "rss_shmem"), 4);
	assert_int_equal(meminfo_kb(m, "Shmem:"), 16);
	/* shmem pages are mapping_gfp_mask's GFP_HIGHUSER_MOVABLE too */
	assert_user_pages_zone(m, A, pid, (unsigned long)a, 4);
	assert_int_equal(mms_fork(m, pid, "child", 0, &child), 0);
	assert_int_equal(mms_task_access(m, child, (uint64_t)a, 1, 1, NULL, 0x43, 0), 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0x43);		/* shared, not copied */
	assert_true(maps_has(m, "web", "rw-s 00000000 00:01 "));
	assert_true(maps_has(m, "web", "/dev/zero (deleted)\n"));
	assert_int_equal(check_machine(m), 0);
	mms_exit(m, child, 0);
	mms_exit(m, pid, 0);
	assert_int_equal(meminfo_kb(m, "Shmem:"), 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/*
 * Zeroing and copying user pages reach a highmem page through a
 * kmap_local_page slot of this CPU's fixmap (post_alloc_hook's
 * kernel_init_pages -> clear_highpage for __GFP_ZERO; wp_page_copy's
 * copy_user_highpage maps the old page, then the new one).  On x86
 * mapping a slot costs nothing and unmapping it is one invlpg
 * (arch_kmap_local_post_unmap = flush_tlb_one_kernel): so on i386 a write
 * fault on a fresh page is one flush_one on the faulting CPU's TLB, a COW
 * copy two; on x86_64 (no highmem: the direct map) none.  The slots nest:
 * a kmap_local the kernel holds (as copy_page_to_iter does around
 * copy_to_user) survives a fault that zeroes a page in the slot above it.
 */
static void test_highmem_kmap_local(void **state)
{
	const struct vm_arch *A = *state;
	int pid, child;
	struct machine *m = boot_vm(A, &pid);
	int64_t a = mms_mmap(m, pid, 0, 10 * PG, RW, ANON, -1, 0);
	struct tlb_stats *st;
	uint64_t f0, held;
	struct page *hp;
	uint8_t b = 0xff;
	int cpu;

	assert_int_equal(mms_task_set_cpu(m, pid, 0), 0);
	st = &m->cpus[0].tlb.stats;
	f0 = st->flush_one;
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 8 * PG, 1, NULL, 0x5a, 0), 0);
	assert_int_equal(st->flush_one - f0, A->highmem ? 8 : 0);
	assert_int_equal(m->cpus[0].kmap_ctrl_idx, 0);		/* every slot given back */
	/* COW: two kmap_locals a page, and the old pte's flush (ptep_clear_flush) */
	assert_int_equal(mms_fork(m, pid, "child", 0, &child), 0);
	assert_int_equal(mms_task_set_cpu(m, child, 0), 0);
	assert_int_equal(mms_task_access(m, child, (uint64_t)a, PG, 1, NULL, 0x22, 1), 0);	/* warm */
	f0 = st->flush_one;
	assert_int_equal(mms_task_access(m, child, (uint64_t)a + PG, 4 * PG, 1, NULL, 0x22, 1), 0);
	assert_int_equal(st->flush_one - f0, (A->highmem ? 2 * 4 : 0) + 4);
	assert_int_equal(mms_task_access(m, child, (uint64_t)a + 2 * PG + 1, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0x5a);					/* copied through the slots */
	/* nesting: the kernel holds a slot on CPU 0 while the task faults there */
	hp = alloc_pages(m, GFP_HIGHUSER, 0);
	assert_non_null(hp);
	assert_int_equal(page_zonenum(hp) == ZONE_HIGHMEM, A->highmem);
	cpu = m->cpu;
	m->cpu = 0;
	held = kmap_local_page(m, hp);
	m->cpu = cpu;
	assert_int_equal(m->cpus[0].kmap_ctrl_idx, A->highmem ? 1 : 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 8 * PG, 2 * PG, 1, NULL, 0x77, 1), 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 9 * PG + 5, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0);						/* zeroed */
	m->cpu = 0;
	assert_int_equal(m->cpus[0].kmap_ctrl_idx, A->highmem ? 1 : 0);
	kunmap_local(m, held);
	m->cpu = cpu;
	assert_int_equal(m->cpus[0].kmap_ctrl_idx, 0);
	assert_false(dmesg_has(m, "kunmap_local"));			/* no out-of-order WARNING */
	__free_pages(m, hp, 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* Randomized: mmap/munmap/mprotect/madvise/touch/fork/exit, check_machine after each step. */
static void test_vm_stress(void **state)
{
	const struct vm_arch *A = *state;
	struct machine *m = boot_spec(A->stress_spec);
	struct rnd_state r;
	int pids[8], n = 0;
	unsigned long hfree0 = highmem_free_pages(m), hfree_min = hfree0;

	prandom_seed_state(&r, 12345);
	assert_int_equal(mms_spawn(m, "t", NULL, &pids[n++]), 0);
	for (int step = 0; step < 400; step++) {
		int pid = pids[prandom_below(&r, (uint64_t)n)];
		uint64_t op = prandom_below(&r, 100), base, len;

		base = A->stress_base + prandom_below(&r, 256) * PG;
		len = (1 + prandom_below(&r, 32)) * PG;
		if (op < 20) {
			mms_mmap(m, pid, base, len, (int)prandom_below(&r, 8),
				 (prandom_below(&r, 4) ? ANON : MAP_SHARED | MAP_ANONYMOUS) |
				 (prandom_below(&r, 3) ? MAP_FIXED : 0), -1, 0);
		} else if (op < 30) {
			mms_munmap(m, pid, base, len);
		} else if (op < 42) {
			mms_mprotect(m, pid, base, len, (int)prandom_below(&r, 8));
		} else if (op < 47) {
			mms_madvise(m, pid, base, len, prandom_below(&r, 2) ? MADV_DONTNEED : MADV_FREE);
		} else if (op < 50) {
			mms_mremap(m, pid, base, len, len * 2, MREMAP_MAYMOVE, 0);
		} else if (op < 85) {
			uint64_t v;

			mms_task_access(m, pid, base, len, (int)prandom_below(&r, 2), NULL, 3, 1);
			if (mms_task_value(m, pid, "alive", &v) == 0 && !v) {
				mms_reap(m, pid);
				for (int i = 0; i < n; i++)
					if (pids[i] == pid)
						pids[i] = pids[--n];
				if (!n)
					assert_int_equal(mms_spawn(m, "t", NULL, &pids[n++]), 0);
			}
		} else if (op < 93 && n < 8) {
			int c;

			if (mms_fork(m, pid, "c", (int)prandom_below(&r, 4) == 0, &c) == 0)
				pids[n++] = c;
		} else if (n > 1) {
			mms_exit(m, pid, 0);
			mms_reap(m, pid);
			for (int i = 0; i < n; i++)
				if (pids[i] == pid)
					pids[i] = pids[--n];
		} else {
			mms_task_set_cpu(m, pid, (int)prandom_below(&r, 2));
		}
		if (highmem_free_pages(m) < hfree_min)
			hfree_min = highmem_free_pages(m);
		if (check_machine(m)) {
			char *t = view_text(m, "dmesg");

			fprintf(stderr, "step %d op %llu\n%s\n", step, (unsigned long long)op,
				t + (strlen(t) > 3000 ? strlen(t) - 3000 : 0));
			free(t);
			fail();
		}
	}
	/* on i386 the user pages came from HighMem (and went back there) */
	assert_int_equal(hfree_min < hfree0, A->highmem);
	mms_machine_free(m);
}

#define VM_TEST(f) \
	{ #f "/x86_64", f, NULL, NULL, (void *)&x86_64_arch }, \
	{ #f "/i386", f, NULL, NULL, (void *)&i386_arch }

int main(void)
{
	const struct CMUnitTest tests[] = {
		VM_TEST(test_write_fresh_pages),
		VM_TEST(test_read_then_write),
		VM_TEST(test_fork_cow),
		VM_TEST(test_populate_and_mlock),
		VM_TEST(test_maps_split_merge),
		VM_TEST(test_dontneed),
		VM_TEST(test_brk),
		VM_TEST(test_brk_task_size),
		VM_TEST(test_segv_error_codes),
		VM_TEST(test_errnos),
		VM_TEST(test_max_map_count),
		VM_TEST(test_overcommit_never),
		VM_TEST(test_stack_growth_and_threads),
		VM_TEST(test_shared_anon),
		VM_TEST(test_highmem_kmap_local),
		VM_TEST(test_vm_stress),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
