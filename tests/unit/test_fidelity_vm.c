// SPDX-License-Identifier: MIT
/*
 * test_fidelity_vm.c - sequences whose outcome on Linux 6.x (x86_64,
 * THP off: transparent_hugepage=never) is known, run in mmsim.
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
 *    shows after the same calls;
 *  - the SIGSEGV line: arch/x86/mm/fault.c show_signal_msg with the x86
 *    error code: 6 = user|write on a not-present page, 7 = user|write|
 *    present;
 *  - errnos: the man pages mmap(2), munmap(2), mprotect(2), mremap(2),
 *    brk(2) and the 6.6 sources (do_mmap, do_vmi_munmap,
 *    do_mprotect_pkey, mremap, brk).
 * Machines boot with norandmaps, so the layout is Linux's with
 * randomize_va_space 0 (setarch -R): mmap_base 0x7ffff7fff000 (TASK_SIZE
 * less the 128M minimum gap), the stack at 0x7ffffffde000-0x7ffffffff000.
 * The default program is dynamically linked (docs/vm.md "exec"): below
 * mmap_base sit ld.so, [vdso], [vvar], ld.so's 8K malloc arena at
 * 0x7ffff7fbb000, a 76K hole (the unmapped /etc/ld.so.cache) down to
 * libc's bss end 0x7ffff7fa8000, libc, and the TLS block whose start
 * 0x7ffff7d7d000 is the top of the free space below: the addresses here
 * are those of such a program under setarch -R (they moved when spawn
 * started mapping the libraries).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "mm.h"
#include "mmu.h"
#include "random.h"

#define PG 4096UL
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static struct machine *boot_vm(int *pid)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=2 norandmaps=1");

	assert_int_equal(mms_spawn(m, "web", NULL, pid), 0);
	return m;
}

static uint64_t val(struct machine *m, int pid, const char *f)
{
	uint64_t v = 0;

	assert_int_equal(mms_task_value(m, pid, f, &v), 0);
	return v;
}

static int maps_lines(struct machine *m, int pid)
{
	char path[64], *t;
	int n = 0;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	t = view_text(m, path);
	for (char *p = t; *p; p++)
		n += *p == '\n';
	free(t);
	return n;
}

static bool maps_has(struct machine *m, const char *name, const char *line)
{
	char path[64], *t;
	bool r;

	snprintf(path, sizeof(path), "/proc/%s/maps", name);
	t = view_text(m, path);
	r = strstr(t, line) != NULL;
	if (!r)
		fprintf(stderr, "maps:\n%s\nwanted: %s\n", t, line);
	free(t);
	return r;
}

static void test_write_fresh_pages(void **state)
{
	int pid;
	struct machine *m = boot_vm(&pid);
	unsigned long anon0 = meminfo_kb(m, "AnonPages:");
	int64_t a = mms_mmap(m, pid, 0, 100 * PG, RW, ANON, -1, 0);
	uint64_t f0 = val(m, pid, "minflt"), r0 = val(m, pid, "rss_anon");

	(void)state;
	assert_int_equal(a, 0x7ffff7d7d000 - 100 * PG);	/* right below libc's TLS block */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 100 * PG, 1, NULL, 0x5a, 1), 0);
	assert_int_equal(val(m, pid, "minflt") - f0, 100);
	assert_int_equal(val(m, pid, "rss_anon") - r0, 100);
	assert_int_equal(meminfo_kb(m, "AnonPages:") - anon0, 400);
	/* a second pass costs nothing */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 100 * PG, 1, NULL, 0x5b, 1), 0);
	assert_int_equal(val(m, pid, "minflt") - f0, 100);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_read_then_write(void **state)
{
	int pid;
	struct machine *m = boot_vm(&pid);
	int64_t a = mms_mmap(m, pid, 0, 50 * PG, RW, ANON, -1, 0);
	uint64_t f0 = val(m, pid, "minflt"), r0 = val(m, pid, "rss"), pm[50];
	uint8_t buf[PG];

	(void)state;
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 50 * PG, 0, NULL, 0, 1), 0);
	assert_int_equal(val(m, pid, "minflt") - f0, 50);
	assert_int_equal(val(m, pid, "rss"), r0);		/* the zero page is not RSS */
	assert_int_equal(mms_pagemap(m, pid, (uint64_t)a, 50, pm), 0);
	for (int i = 0; i < 50; i++)	/* present, not exclusive, not file */
		assert_int_equal(pm[i] >> 56, 0x80 | 0x0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, PG, 0, buf, 0, 0), 0);
	for (unsigned long i = 0; i < PG; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 50 * PG, 1, NULL, 1, 1), 0);
	assert_int_equal(val(m, pid, "minflt") - f0, 100);
	assert_int_equal(val(m, pid, "rss") - r0, 50);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_fork_cow(void **state)
{
	int pid, child;
	struct machine *m = boot_vm(&pid);
	int64_t a = mms_mmap(m, pid, 0, 20 * PG, RW, ANON, -1, 0);
	uint64_t pf0, cf0, pr0;
	uint8_t buf[20 * PG];

	(void)state;
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 20 * PG, 1, NULL, 0x11, 0), 0);
	assert_int_equal(mms_fork(m, pid, "child", 0, &child), 0);
	/* after fork the child maps the same pages: RSS copied, counts raised */
	assert_int_equal(val(m, child, "rss_anon"), val(m, pid, "rss_anon"));
	assert_int_equal(check_machine(m), 0);
	pf0 = val(m, pid, "minflt");
	cf0 = val(m, child, "minflt");
	pr0 = val(m, pid, "rss");
	assert_int_equal(mms_task_access(m, child, (uint64_t)a, 20 * PG, 1, NULL, 0x22, 1), 0);
	assert_int_equal(val(m, child, "minflt") - cf0, 20);	/* one COW fault a page */
	assert_int_equal(val(m, pid, "minflt"), pf0);
	assert_int_equal(val(m, pid, "rss"), pr0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 20 * PG, 0, buf, 0, 0), 0);
	for (unsigned long i = 0; i < 20 * PG; i++)
		assert_int_equal(buf[i], 0x11);			/* the parent's stay */
	/* the parent's pages are its own again: writing them costs a fault each (reuse) */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 20 * PG, 1, NULL, 0x33, 1), 0);
	assert_int_equal(val(m, pid, "minflt") - pf0, 20);
	assert_int_equal(check_machine(m), 0);
	assert_int_equal(mms_exit(m, child, 0), 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_populate_and_mlock(void **state)
{
	int pid;
	struct machine *m = boot_vm(&pid);
	uint64_t f0 = val(m, pid, "minflt");
	int64_t a = mms_mmap(m, pid, 0, 32 * PG, RW, ANON | MAP_POPULATE, -1, 0), b;

	(void)state;
	assert_true(a > 0);
	assert_int_equal(val(m, pid, "minflt") - f0, 32);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 32 * PG, 1, NULL, 1, 1), 0);
	assert_int_equal(val(m, pid, "minflt") - f0, 32);
	b = mms_mmap(m, pid, 0, 16 * PG, RW, ANON, -1, 0);
	f0 = val(m, pid, "minflt");
	assert_int_equal(mms_mlock2(m, pid, (uint64_t)b, 16 * PG, 0), 0);
	assert_int_equal(val(m, pid, "minflt") - f0, 16);
	assert_int_equal(val(m, pid, "locked_vm"), 16);
	assert_int_equal(meminfo_kb(m, "Mlocked:"), 64);
	assert_int_equal(meminfo_kb(m, "Unevictable:"), 64);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)b, 16 * PG, 1, NULL, 1, 1), 0);
	assert_int_equal(val(m, pid, "minflt") - f0, 16);
	assert_int_equal(mms_munlock(m, pid, (uint64_t)b, 16 * PG), 0);
	assert_int_equal(meminfo_kb(m, "Mlocked:"), 0);
	assert_int_equal(val(m, pid, "locked_vm"), 0);
	/* RLIMIT_MEMLOCK (8M) for an unprivileged task */
	b = mms_mmap(m, pid, 0, 16UL << 20, RW, ANON, -1, 0);
	assert_int_equal(mms_mlock2(m, pid, (uint64_t)b, 16UL << 20, 0), -ENOMEM);
	assert_int_equal(mms_mlock2(m, pid, (uint64_t)b, PG, 2), -EINVAL);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_maps_split_merge(void **state)
{
	int pid;
	struct machine *m = boot_vm(&pid);
	int base = maps_lines(m, pid);
	int64_t a = mms_mmap(m, pid, 0, 10 * PG, RW, ANON, -1, 0), b;

	(void)state;
	/*
	 * 10 pages fit the ld.so.cache hole, right below ld.so's malloc arena
	 * (anonymous rw-p too): they merge with it, no new line
	 */
	assert_int_equal(a, 0x7ffff7fb1000);
	assert_int_equal(maps_lines(m, pid), base);
	/* munmap of a middle part: two lines */
	assert_int_equal(mms_munmap(m, pid, (uint64_t)a + 4 * PG, 2 * PG), 0);
	assert_int_equal(maps_lines(m, pid), base + 1);
	assert_true(maps_has(m, "web", "7ffff7fb1000-7ffff7fb5000 rw-p 00000000 00:00 0 \n"
				    "7ffff7fb7000-7ffff7fbd000 rw-p 00000000 00:00 0 \n"));
	assert_int_equal(mms_munmap(m, pid, (uint64_t)a, 10 * PG), 0);
	assert_int_equal(maps_lines(m, pid), base);
	/* two adjacent anonymous mappings with the same protection: one line */
	a = mms_mmap(m, pid, 0, 4 * PG, RW, ANON, -1, 0);
	b = mms_mmap(m, pid, 0, 4 * PG, RW, ANON, -1, 0);
	assert_int_equal(b + 4 * PG, a);
	assert_int_equal(maps_lines(m, pid), base);	/* both merged into the arena's line */
	assert_true(maps_has(m, "web", "7ffff7fb3000-7ffff7fbd000 rw-p 00000000 00:00 0 \n"));
	/* mprotect of one page in the middle: three lines, and back to one */
	assert_int_equal(mms_mprotect(m, pid, (uint64_t)b + 3 * PG, PG, PROT_READ), 0);
	assert_int_equal(maps_lines(m, pid), base + 2);
	assert_true(maps_has(m, "web", "7ffff7fb6000-7ffff7fb7000 r--p 00000000 00:00 0 \n"));
	assert_int_equal(mms_mprotect(m, pid, (uint64_t)b + 3 * PG, PG, RW), 0);
	assert_int_equal(maps_lines(m, pid), base);
	/* different protection: no merge */
	mms_mmap(m, pid, 0, 4 * PG, PROT_READ, ANON, -1, 0);
	assert_int_equal(maps_lines(m, pid), base + 1);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_dontneed(void **state)
{
	int pid;
	struct machine *m = boot_vm(&pid);
	int64_t a = mms_mmap(m, pid, 0, 8 * PG, RW, ANON, -1, 0);
	uint8_t buf[8 * PG];
	uint64_t f0;

	(void)state;
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 8 * PG, 1, NULL, 0x77, 0), 0);
	assert_int_equal(val(m, pid, "rss_anon") >= 8, 1);
	f0 = val(m, pid, "minflt");
	assert_int_equal(mms_madvise(m, pid, (uint64_t)a, 8 * PG, MADV_DONTNEED), 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 8 * PG, 0, buf, 0, 0), 0);
	for (unsigned long i = 0; i < sizeof(buf); i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(val(m, pid, "minflt") - f0, 8);
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
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_brk(void **state)
{
	int pid;
	struct machine *m = boot_vm(&pid);
	uint64_t start = val(m, pid, "start_brk"), f0;

	(void)state;
	/*
	 * PIE 64K text + 16K data + 16K bss at 0x555555554000: the break after
	 * the bss; the heap merges with the bss VMA (both anonymous rw-p, as
	 * do_brk_flags extends the VMA before start_brk), and maps names the
	 * whole VMA [heap] (it overlaps [start_brk, brk)).
	 */
	assert_int_equal(start, 0x55555556c000);
	assert_int_equal(mms_brk(m, pid, 0), (int64_t)start);		/* brk(0): the break */
	assert_int_equal(mms_brk(m, pid, start + 33 * PG), (int64_t)(start + 33 * PG));
	assert_true(maps_has(m, "web", "555555568000-55555558d000 rw-p 00000000 00:00 0                          [heap]\n"));
	f0 = val(m, pid, "minflt");
	assert_int_equal(mms_task_access(m, pid, start, 33 * PG, 1, NULL, 1, 1), 0);
	assert_int_equal(val(m, pid, "minflt") - f0, 33);
	assert_int_equal(mms_brk(m, pid, start + 3 * PG), (int64_t)(start + 3 * PG));	/* shrink */
	assert_true(maps_has(m, "web", "555555568000-55555556f000 rw-p 00000000 00:00 0                          [heap]\n"));
	assert_int_equal(val(m, pid, "rss_anon"), 3 + 1);	/* the heap's 3 and the stack's 1 */
	/* below start_brk: refused, the old break returned */
	assert_int_equal(mms_brk(m, pid, start - PG), (int64_t)(start + 3 * PG));
	/* into another mapping: refused */
	assert_true(mms_mmap(m, pid, start + 64 * PG, PG, RW, ANON | MAP_FIXED, -1, 0) > 0);
	assert_int_equal(mms_brk(m, pid, start + 100 * PG), (int64_t)(start + 3 * PG));
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_segv_error_codes(void **state)
{
	int pid, pid2;
	struct machine *m = boot_vm(&pid);
	int64_t a = mms_mmap(m, pid, 0, 2 * PG, PROT_READ, ANON, -1, 0);
	unsigned long free0;

	(void)state;
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 8, 1, NULL, 1, 0), -EFAULT);
	assert_true(dmesg_has(m, "web[1]: segfault at 7ffff7fb9000 ip 0000555555554000 sp "));
	assert_true(dmesg_has(m, " error 6 in web[555555554000+10000] likely on CPU 0 (core 0, socket 0)"));
	assert_int_equal(val(m, pid, "alive"), 0);
	assert_int_equal(val(m, pid, "exit_code"), SIGSEGV);
	assert_int_equal(check_machine(m), 0);
	/* a read maps the zero page first: the write is then a protection fault */
	assert_int_equal(mms_spawn(m, "app", NULL, &pid2), 0);
	a = mms_mmap(m, pid2, 0, PG, PROT_READ, ANON, -1, 0);
	assert_int_equal(mms_task_access(m, pid2, (uint64_t)a, 8, 0, NULL, 0, 0), 0);
	assert_int_equal(mms_task_access(m, pid2, (uint64_t)a, 8, 1, NULL, 1, 0), -EFAULT);
	assert_true(dmesg_has(m, "app[2]: segfault at 7ffff7fba000 ip "));
	assert_true(dmesg_has(m, " error 7 in app["));
	/* an access outside every VMA; PROT_NONE */
	assert_int_equal(mms_reap(m, pid2), 0);
	assert_int_equal(mms_spawn(m, "app", NULL, &pid2), 0);
	assert_int_equal(mms_task_access(m, pid2, 0x1000, 1, 0, NULL, 0, 0), -EFAULT);
	assert_true(dmesg_has(m, "app[3]: segfault at 1000 ip "));
	assert_true(dmesg_has(m, " error 4 in app["));
	assert_int_equal(mms_spawn(m, "app2", NULL, &pid2), 0);
	a = mms_mmap(m, pid2, 0, PG, PROT_NONE, ANON, -1, 0);
	assert_int_equal(mms_task_access(m, pid2, (uint64_t)a, 1, 0, NULL, 0, 0), -EFAULT);
	assert_true(dmesg_has(m, "app2[4]: segfault at 7ffff7fba000 ip "));
	/* killed tasks freed everything */
	mms_reap(m, pid);
	free0 = meminfo_kb(m, "AnonPages:");
	assert_int_equal(free0, 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_errnos(void **state)
{
	int pid;
	struct machine *m = boot_vm(&pid);
	int64_t a = mms_mmap(m, pid, 0x600000000000, 4 * PG, RW, ANON, -1, 0);
	/* (a hint: away from ld.so's arena, which a top-down mapping merges with: a hole follows) */

	(void)state;
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
	/* munmap */
	assert_int_equal(mms_munmap(m, pid, (uint64_t)a + 1, PG), -EINVAL);
	assert_int_equal(mms_munmap(m, pid, (uint64_t)a, 0), -EINVAL);
	assert_int_equal(mms_munmap(m, pid, 0x7ffffffff000, 2 * PG), -EINVAL);
	assert_int_equal(mms_munmap(m, pid, 0x200000, PG), 0);	/* nothing there: fine */
	/* mprotect */
	assert_int_equal(mms_mprotect(m, pid, (uint64_t)a + 1, PG, PROT_READ), -EINVAL);
	assert_int_equal(mms_mprotect(m, pid, (uint64_t)a, PG, 0x40), -EINVAL);
	assert_int_equal(mms_mprotect(m, pid, (uint64_t)a, 0, PROT_READ), 0);
	assert_int_equal(mms_mprotect(m, pid, 0x200000, PG, PROT_READ), -ENOMEM);
	/* a hole: -ENOMEM, the part before it changed (as Linux leaves it) */
	assert_int_equal(mms_mprotect(m, pid, (uint64_t)a, 8 * PG, PROT_READ), -ENOMEM);
	assert_true(maps_has(m, "web", "600000000000-600000004000 r--p 00000000 00:00 0 \n"));
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
	/* a mapping right below another cannot grow in place unless moved */
	{
		int64_t b = mms_mmap(m, pid, (uint64_t)a - PG, PG, RW, ANON, -1, 0);	/* right below a */
		int64_t r;

		assert_int_equal(b + PG, a);
		assert_int_equal(mms_mprotect(m, pid, (uint64_t)b, PG, PROT_READ), 0);
		assert_int_equal(mms_mremap(m, pid, (uint64_t)b, PG, 2 * PG, 0, 0), -ENOMEM);
		r = mms_mremap(m, pid, (uint64_t)b, PG, 2 * PG, MREMAP_MAYMOVE, 0);
		assert_true(r > 0 && r != b);
		assert_int_equal(mms_mremap(m, pid, (uint64_t)r, 2 * PG, PG, 0, 0), r);	/* shrink */
		r = mms_mremap(m, pid, (uint64_t)r, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, 0x40000000);
		assert_int_equal(r, 0x40000000);
		assert_true(maps_has(m, "web", "40000000-40001000 r--p 00000000 00:00 0 \n"));
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
	int pid;
	struct machine *m = boot_vm(&pid);
	char err[128];
	int64_t a, r = 0;
	int i;

	(void)state;
	assert_int_equal(mms_sysctl_write(m, "vm.max_map_count", "20", err, sizeof(err)), 0);
	a = mms_mmap(m, pid, 0, 64 * PG, RW, ANON, -1, 0);
	/* every other page read-only: each mprotect splits off a new VMA */
	for (i = 0; i < 32; i++) {
		r = mms_mprotect(m, pid, (uint64_t)a + (uint64_t)i * 2 * PG, PG, PROT_READ);
		if (r)
			break;
	}
	assert_int_equal(r, -ENOMEM);
	assert_true(val(m, pid, "map_count") <= 20);
	assert_int_equal(mms_munmap(m, pid, (uint64_t)a + 41 * PG, PG), -ENOMEM);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_overcommit_never(void **state)
{
	int pid;
	struct machine *m = boot_vm(&pid);
	char err[128];
	unsigned long limit = meminfo_kb(m, "CommitLimit:"), c0 = meminfo_kb(m, "Committed_AS:");
	int64_t a;

	(void)state;
	/* vm_commit_limit: totalram * overcommit_ratio / 100 */
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
	/* the heuristic: a single request above RAM fails */
	assert_int_equal(mms_sysctl_write(m, "vm.overcommit_memory", "0", err, sizeof(err)), 0);
	assert_int_equal(mms_mmap(m, pid, 0, 1UL << 30, RW, ANON, -1, 0), -ENOMEM);
	assert_true(mms_mmap(m, pid, 0, 100UL << 20, RW, ANON, -1, 0) > 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_stack_growth_and_threads(void **state)
{
	int pid, thr;
	struct machine *m = boot_vm(&pid);
	uint64_t f0 = val(m, pid, "minflt");

	(void)state;
	/* [stack] is 132K: the argument page and setup_arg_pages' 128K */
	assert_true(maps_has(m, "web", "7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]\n"));
	assert_int_equal(mms_task_access(m, pid, 0x7ffffffde000 - 16 * PG, 1, 1, NULL, 1, 0), 0);
	assert_true(maps_has(m, "web", "7ffffffce000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]\n"));
	assert_int_equal(val(m, pid, "minflt") - f0, 1);
	/* beyond RLIMIT_STACK (8M): SIGSEGV */
	assert_int_equal(mms_fork(m, pid, "worker", 1, &thr), 0);
	assert_int_equal(val(m, pid, "threads"), 2);
	assert_int_equal(mms_task_access(m, thr, 0x7ffffffff000 - (9UL << 20), 1, 1, NULL, 1, 0), -EFAULT);
	assert_int_equal(val(m, pid, "threads"), 1);
	assert_int_equal(val(m, pid, "alive"), 1);	/* the thread died alone here */
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_shared_anon(void **state)
{
	int pid, child;
	struct machine *m = boot_vm(&pid);
	int64_t a = mms_mmap(m, pid, 0, 4 * PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	uint8_t b = 0;

	(void)state;
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 4 * PG, 1, NULL, 0x42, 1), 0);
	assert_int_equal(val(m, pid, "rss_shmem"), 4);
	assert_int_equal(meminfo_kb(m, "Shmem:"), 16);
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

/* Randomized: mmap/munmap/mprotect/madvise/touch/fork/exit, check_machine after each step. */
static void test_vm_stress(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=128M cpus=2 seed=7");
	struct rnd_state r;
	int pids[8], n = 0;

	(void)state;
	prandom_seed_state(&r, 12345);
	assert_int_equal(mms_spawn(m, "t", NULL, &pids[n++]), 0);
	for (int step = 0; step < 400; step++) {
		int pid = pids[prandom_below(&r, (uint64_t)n)];
		uint64_t op = prandom_below(&r, 100), base, len;

		base = 0x7f0000000000 + prandom_below(&r, 256) * PG;
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
		if (check_machine(m)) {
			char *t = view_text(m, "dmesg");

			fprintf(stderr, "step %d op %llu\n%s\n", step, (unsigned long long)op,
				t + (strlen(t) > 3000 ? strlen(t) - 3000 : 0));
			free(t);
			fail();
		}
	}
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_fresh_pages),
		cmocka_unit_test(test_read_then_write),
		cmocka_unit_test(test_fork_cow),
		cmocka_unit_test(test_populate_and_mlock),
		cmocka_unit_test(test_maps_split_merge),
		cmocka_unit_test(test_dontneed),
		cmocka_unit_test(test_brk),
		cmocka_unit_test(test_segv_error_codes),
		cmocka_unit_test(test_errnos),
		cmocka_unit_test(test_max_map_count),
		cmocka_unit_test(test_overcommit_never),
		cmocka_unit_test(test_stack_growth_and_threads),
		cmocka_unit_test(test_shared_anon),
		cmocka_unit_test(test_vm_stress),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
