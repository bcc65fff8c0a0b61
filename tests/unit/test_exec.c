// SPDX-License-Identifier: MIT
/*
 * test_exec.c - exec of dynamically linked programs (docs/vm.md "exec,
 * shared libraries, the vDSO").
 *
 * Where the numbers come from:
 *  - the maps lines: /proc/self/maps of a dynamically linked PIE under
 *    setarch -R on Ubuntu 22.04 (glibc 2.35, Linux 6.x): cat's libc at
 *    7ffff7d80000 (r--p 0, r-xp 28000, r--p 1bd000, the relro r--p, rw-p
 *    data, rw-p bss), the 12K TLS block below it, ld.so's 8K arena at
 *    7ffff7fbb000, [vvar] 7ffff7fbd000-7ffff7fc1000 (16K: 6.6's four vvar
 *    pages), [vdso] 7ffff7fc1000-7ffff7fc3000 (8K), ld-linux-x86-64.so.2
 *    at 7ffff7fc3000 up to mmap_base 7ffff7fff000, every line as on
 *    Ubuntu: the RW PT_LOADs a page beyond their file offsets (libc's
 *    relro 7ffff7f95000 from 00214000, rw-p 00218000; ld.so's relro
 *    7ffff7ffb000 from 00037000 after its one-page hole, rw-p 00039000);
 *  - libm (exec.mms): r--p 0, r-xp 0000e000, r--p 0008a000, relro
 *    000e4000, rw-p 000e5000, as Ubuntu 22.04's maps show;
 *  - i386: mmap_base 0xb8000000 (TASK_SIZE 3G less the 128M gap), vdso
 *    by load_vdso32 (no hint: below ld.so); ld.so's relro a page beyond
 *    its file offset (b7ffd000 from 0002d000) and libc's contiguous, as
 *    real i386 maps of glibc show them (the page counts are mmsim's);
 *  - holes: glibc 2.35 _dl_map_segments mprotects a hole PROT_NONE in its
 *    reservation (a ---p line at the hole's address offset, as Linux shows
 *    for libstdc++), the kernel's load_elf_interp unmaps it (no line);
 *  - sharing: two tasks mapping the same libc pages: each page's mapcount
 *    is 2, so smaps' Pss is half of Rss and the pages are Shared_Clean
 *    (smaps_account); the page cache holds them once (Cached);
 *  - exec: fs/exec.c de_thread (other threads die, the pid stays),
 *    exec_mmap (the old mm freed with its last user); min_flt / maj_flt
 *    live in task_struct and exec does not reset them;
 *  - errors: execve(2): ESRCH from our API for a dead pid, ENOENT for an
 *    empty name, load_elf_binary's ENOEXEC for a PT_INTERP shorter than
 *    2 bytes, E2BIG / EINVAL for descriptions mmsim refuses.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "mm.h"
#include "pagemap.h"

#define PG 4096UL

static const char maps_x86_64[] =
	"555555554000-555555564000 r-xp 00000000 08:00 2                          /usr/bin/cat\n"
	"555555564000-555555568000 rw-p 00010000 08:00 2                          /usr/bin/cat\n"
	"555555568000-55555556c000 rw-p 00000000 00:00 0 \n"
	"7ffff7d7d000-7ffff7d80000 rw-p 00000000 00:00 0 \n"
	"7ffff7d80000-7ffff7da8000 r--p 00000000 08:00 5                          /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"7ffff7da8000-7ffff7f3d000 r-xp 00028000 08:00 5                          /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"7ffff7f3d000-7ffff7f95000 r--p 001bd000 08:00 5                          /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"7ffff7f95000-7ffff7f99000 r--p 00214000 08:00 5                          /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"7ffff7f99000-7ffff7f9b000 rw-p 00218000 08:00 5                          /usr/lib/x86_64-linux-gnu/libc.so.6\n"
	"7ffff7f9b000-7ffff7fa8000 rw-p 00000000 00:00 0 \n"
	"7ffff7fbb000-7ffff7fbd000 rw-p 00000000 00:00 0 \n"
	"7ffff7fbd000-7ffff7fc1000 r--p 00000000 00:00 0                          [vvar]\n"
	"7ffff7fc1000-7ffff7fc3000 r-xp 00000000 00:00 0                          [vdso]\n"
	"7ffff7fc3000-7ffff7fc5000 r--p 00000000 08:00 3                          /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n"
	"7ffff7fc5000-7ffff7fef000 r-xp 00002000 08:00 3                          /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n"
	"7ffff7fef000-7ffff7ffa000 r--p 0002c000 08:00 3                          /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n"
	"7ffff7ffb000-7ffff7ffd000 r--p 00037000 08:00 3                          /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n"
	"7ffff7ffd000-7ffff7fff000 rw-p 00039000 08:00 3                          /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2\n"
	"7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]\n";

static const char maps_i386[] =
	"08048000-08058000 r-xp 00000000 08:00 2          /usr/bin/cat\n"
	"08058000-0805c000 rw-p 00010000 08:00 2          /usr/bin/cat\n"
	"0805c000-08060000 rw-p 00000000 00:00 0 \n"
	"b7d7e000-b7d81000 rw-p 00000000 00:00 0 \n"
	"b7d81000-b7da3000 r--p 00000000 08:00 5          /usr/lib/i386-linux-gnu/libc.so.6\n"
	"b7da3000-b7f22000 r-xp 00022000 08:00 5          /usr/lib/i386-linux-gnu/libc.so.6\n"
	"b7f22000-b7fa7000 r--p 001a1000 08:00 5          /usr/lib/i386-linux-gnu/libc.so.6\n"
	"b7fa7000-b7fa9000 r--p 00226000 08:00 5          /usr/lib/i386-linux-gnu/libc.so.6\n"
	"b7fa9000-b7faa000 rw-p 00228000 08:00 5          /usr/lib/i386-linux-gnu/libc.so.6\n"
	"b7faa000-b7fb4000 rw-p 00000000 00:00 0 \n"
	"b7fc7000-b7fc9000 rw-p 00000000 00:00 0 \n"
	"b7fc9000-b7fcd000 r--p 00000000 00:00 0          [vvar]\n"
	"b7fcd000-b7fcf000 r-xp 00000000 00:00 0          [vdso]\n"
	"b7fcf000-b7fd0000 r--p 00000000 08:00 3          /usr/lib/i386-linux-gnu/ld-linux.so.2\n"
	"b7fd0000-b7ff3000 r-xp 00001000 08:00 3          /usr/lib/i386-linux-gnu/ld-linux.so.2\n"
	"b7ff3000-b7ffd000 r--p 00024000 08:00 3          /usr/lib/i386-linux-gnu/ld-linux.so.2\n"
	"b7ffd000-b7fff000 r--p 0002d000 08:00 3          /usr/lib/i386-linux-gnu/ld-linux.so.2\n"
	"b7fff000-b8000000 rw-p 0002f000 08:00 3          /usr/lib/i386-linux-gnu/ld-linux.so.2\n"
	"bffdf000-c0000000 rw-p 00000000 00:00 0          [stack]\n";

static void assert_view_equal(struct machine *m, const char *path, const char *want)
{
	char *t = view_text(m, path);

	if (strcmp(t, want))
		fprintf(stderr, "%s:\n%s\nwanted:\n%s\n", path, t, want);
	assert_string_equal(t, want);
	free(t);
}

/* The smaps block of the VMA whose line starts with @start; its @field in kB. */
static unsigned long smaps_kb(struct machine *m, int pid, const char *start, const char *field)
{
	char path[64], *t, *p, *q;
	unsigned long v = ~0UL;

	snprintf(path, sizeof(path), "/proc/%d/smaps", pid);
	t = view_text(m, path);
	p = strstr(t, start);
	assert_non_null(p);
	q = strstr(p, field);
	assert_non_null(q);
	v = strtoul(q + strlen(field), NULL, 10);
	free(t);
	return v;
}

static void test_maps_x86_64(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=2 norandmaps=1");
	int pid;
	char *t;

	(void)state;
	assert_int_equal(mms_spawn(m, "cat", NULL, &pid), 0);
	assert_view_equal(m, "/proc/cat/maps", maps_x86_64);
	assert_int_equal(task_val(m, pid, "map_count"), 19);
	/* the special mappings' flags: smaps' VmFlags as Linux shows them */
	t = view_text(m, "/proc/cat/smaps");
	assert_non_null(strstr(t, "[vvar]\nSize:                 16 kB\n"));
	assert_non_null(strstr(t, "[vdso]\nSize:                  8 kB\n"));
	assert_non_null(strstr(t, "VmFlags: rd mr pf io de dd sd \n"));	/* [vvar] */
	assert_non_null(strstr(t, "VmFlags: rd ex mr mw me de sd \n"));	/* [vdso] */
	assert_non_null(strstr(t, "VmFlags: rd mr mw me ac sd \n"));	/* a relro: still accounted */
	free(t);
	/* status: VmLib counts the libraries' text, ld.so's and the vDSO's */
	assert_int_equal(task_val(m, pid, "exec_vm") * 4, 64 + 1620 + 168 + 8);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_maps_i386(void **state)
{
	struct machine *m = boot_spec("arch=i386 ram=256M cpus=1 norandmaps=1");
	int pid;
	struct mms_exec e = { .pie = 0, .text = 64 << 10, .data = 16 << 10, .bss = 16 << 10 };

	(void)state;
	assert_int_equal(mms_spawn(m, "cat", &e, &pid), 0);
	assert_view_equal(m, "/proc/cat/maps", maps_i386);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* Named libraries in DT_NEEDED order, one with its own sizes; a static program. */
static void test_named_libs_and_static(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=1 norandmaps=1");
	struct mms_lib libs[] = {
		{ .name = "libc.so.6" },
		{ .name = "libfoo.so.1", .hdr = PG, .text = 16 * PG, .rodata = 2 * PG, .relro = PG,
		  .data = PG, .bss = 3 * PG },
	};
	struct mms_exec e = { .pie = 1, .text = 64 << 10, .nr_libs = 2, .libs = libs };
	struct mms_exec st = { .pie = 0, .text = 64 << 10, .is_static = 1 };
	int pid, pid2;

	(void)state;
	assert_int_equal(mms_spawn(m, "app", &e, &pid), 0);
	/* libfoo is mapped after libc: right below it (its bss touching libc), the TLS block below */
	{
		char *t = view_text(m, "/proc/app/maps");

		assert_non_null(strstr(t,
			"7ffff7d65000-7ffff7d68000 rw-p 00000000 00:00 0 \n"
			"7ffff7d68000-7ffff7d69000 r--p 00000000 08:00 6                          /usr/lib/x86_64-linux-gnu/libfoo.so.1\n"
			"7ffff7d69000-7ffff7d79000 r-xp 00001000 08:00 6                          /usr/lib/x86_64-linux-gnu/libfoo.so.1\n"
			"7ffff7d79000-7ffff7d7b000 r--p 00011000 08:00 6                          /usr/lib/x86_64-linux-gnu/libfoo.so.1\n"
			"7ffff7d7b000-7ffff7d7c000 r--p 00013000 08:00 6                          /usr/lib/x86_64-linux-gnu/libfoo.so.1\n"
			"7ffff7d7c000-7ffff7d7d000 rw-p 00014000 08:00 6                          /usr/lib/x86_64-linux-gnu/libfoo.so.1\n"
			"7ffff7d7d000-7ffff7d80000 rw-p 00000000 00:00 0 \n"
			"7ffff7d80000-7ffff7da8000 r--p 00000000 08:00 5                          /usr/lib/x86_64-linux-gnu/libc.so.6\n"));
		free(t);
	}
	/* a static program: no interpreter, no library; the vDSO right below mmap_base */
	assert_int_equal(mms_spawn(m, "st", &st, &pid2), 0);
	assert_view_equal(m, "/proc/st/maps",
		"00400000-00410000 r-xp 00000000 08:00 7                                  /usr/bin/st\n"
		"7ffff7ff9000-7ffff7ffd000 r--p 00000000 00:00 0                          [vvar]\n"
		"7ffff7ffd000-7ffff7fff000 r-xp 00000000 00:00 0                          [vdso]\n"
		"7ffffffde000-7ffffffff000 rw-p 00000000 00:00 0                          [stack]\n");
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/*
 * The RW PT_LOAD's placement of libraries ld.so maps: one given with a
 * hole (p_vaddr a page beyond the read-only data's end, p_offset right
 * after it, as ld.so's own) gets glibc's has_holes treatment: the hole
 * mprotected PROT_NONE in the reservation, ---p at its address offset;
 * a library of an unknown name and no sizes gets GNU ld's layout, its RW
 * segment a page beyond its file offset (0x6000 at 0x7000).  An RW
 * segment below the rodata's end is refused.
 */
static void test_lib_rw_placement(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=1 norandmaps=1");
	struct mms_lib libs[] = {
		{ .name = "libc.so.6" },
		{ .name = "libhole.so.1", .hdr = PG, .text = 4 * PG, .rodata = 2 * PG, .relro = PG,
		  .data = PG, .bss = 2 * PG, .rw_offset = 7 * PG, .rw_vaddr = 8 * PG + 0x620 },
		{ .name = "libsmall.so.1" },
	};
	struct mms_lib bad = { .name = "libbad.so", .text = 4 * PG, .rw_vaddr = 2 * PG };
	struct mms_exec e = { .pie = 1, .text = 64 << 10, .nr_libs = 3, .libs = libs };
	int pid;

	(void)state;
	assert_int_equal(mms_spawn(m, "app", &e, &pid), 0);
	/* libhole 7ffff7d74000-7ffff7d80000, below libc; libsmall below it, the TLS block below */
	assert_true(view_has(m, "/proc/app/maps",
		"7ffff7d68000-7ffff7d6b000 rw-p 00000000 00:00 0 \n"
		"7ffff7d6b000-7ffff7d6c000 r--p 00000000 08:00 7                          /usr/lib/x86_64-linux-gnu/libsmall.so.1\n"
		"7ffff7d6c000-7ffff7d70000 r-xp 00001000 08:00 7                          /usr/lib/x86_64-linux-gnu/libsmall.so.1\n"
		"7ffff7d70000-7ffff7d72000 r--p 00005000 08:00 7                          /usr/lib/x86_64-linux-gnu/libsmall.so.1\n"
		"7ffff7d72000-7ffff7d73000 r--p 00006000 08:00 7                          /usr/lib/x86_64-linux-gnu/libsmall.so.1\n"
		"7ffff7d73000-7ffff7d74000 rw-p 00007000 08:00 7                          /usr/lib/x86_64-linux-gnu/libsmall.so.1\n"
		"7ffff7d74000-7ffff7d75000 r--p 00000000 08:00 6                          /usr/lib/x86_64-linux-gnu/libhole.so.1\n"
		"7ffff7d75000-7ffff7d79000 r-xp 00001000 08:00 6                          /usr/lib/x86_64-linux-gnu/libhole.so.1\n"
		"7ffff7d79000-7ffff7d7b000 r--p 00005000 08:00 6                          /usr/lib/x86_64-linux-gnu/libhole.so.1\n"
		"7ffff7d7b000-7ffff7d7c000 ---p 00007000 08:00 6                          /usr/lib/x86_64-linux-gnu/libhole.so.1\n"
		"7ffff7d7c000-7ffff7d7d000 r--p 00007000 08:00 6                          /usr/lib/x86_64-linux-gnu/libhole.so.1\n"
		"7ffff7d7d000-7ffff7d7e000 rw-p 00008000 08:00 6                          /usr/lib/x86_64-linux-gnu/libhole.so.1\n"
		"7ffff7d7e000-7ffff7d80000 rw-p 00000000 00:00 0 \n"
		"7ffff7d80000-7ffff7da8000 r--p 00000000 08:00 5                          /usr/lib/x86_64-linux-gnu/libc.so.6\n"));
	/*
	 * the ---p hole is a VMA of its own: the program 1, TLS 1, libsmall 5,
	 * libhole 7, libc 6, the arena 1, [vvar] and [vdso] 2, ld.so 5 (its
	 * hole, the kernel's, unmapped), the stack 1
	 */
	assert_int_equal(task_val(m, pid, "map_count"), 29);
	assert_int_equal(check_machine(m), 0);
	/* the disk files end with the RW segment's file part: 0x9000 and 0x8000 bytes */
	assert_int_equal(inode_lookup(m, "usr/lib/x86_64-linux-gnu/libhole.so.1")->i_size, 9 * PG);
	assert_int_equal(inode_lookup(m, "usr/lib/x86_64-linux-gnu/libsmall.so.1")->i_size, 8 * PG);
	assert_int_equal(inode_lookup(m, "usr/lib/x86_64-linux-gnu/libc.so.6")->i_size, 0x21a000);
	e.libs = &bad;
	e.nr_libs = 1;
	assert_int_equal(mms_execve(m, pid, "cat", &e), -EINVAL);
	bad.rw_vaddr = 0;
	bad.rw_offset = 2UL << 30;
	assert_int_equal(mms_execve(m, pid, "cat", &e), -E2BIG);
	assert_int_equal(task_val(m, pid, "alive"), 1);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/*
 * The vDSO's pages are mapped on a touch, shared by every task (kernel
 * pages: RssFile, Pss divided); the vvar page is a pfn mapping (no RSS).
 * munmap of [vdso] is allowed; mremap moves it (same size only) and
 * updates mm->context.vdso; it cannot grow.
 */
static void test_vdso(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=1 norandmaps=1");
	const uint64_t vdso = 0x7ffff7fc1000, vvar = 0x7ffff7fbd000;
	int a, b;
	uint64_t rf;

	(void)state;
	assert_int_equal(mms_spawn(m, "a", NULL, &a), 0);
	assert_int_equal(mms_spawn(m, "b", NULL, &b), 0);
	rf = task_val(m, a, "rss_file");
	assert_int_equal(mms_task_access(m, a, vdso, 2 * PG, 2, NULL, 0, 1), 0);	/* fetches */
	assert_int_equal(mms_task_access(m, a, vvar, 8, 0, NULL, 0, 0), 0);
	assert_int_equal(task_val(m, a, "rss_file") - rf, 2);
	assert_int_equal(smaps_kb(m, a, "7ffff7fc1000-7ffff7fc3000", "Rss:"), 8);
	assert_int_equal(smaps_kb(m, a, "7ffff7fc1000-7ffff7fc3000", "Pss:"), 8);
	assert_int_equal(smaps_kb(m, a, "7ffff7fbd000-7ffff7fc1000", "Rss:"), 0);
	assert_int_equal(mms_task_access(m, b, vdso, 2 * PG, 0, NULL, 0, 1), 0);
	assert_int_equal(smaps_kb(m, a, "7ffff7fc1000-7ffff7fc3000", "Pss:"), 4);
	assert_int_equal(smaps_kb(m, b, "7ffff7fc1000-7ffff7fc3000", "Shared_Clean:"), 8);
	assert_int_equal(check_machine(m), 0);
	/* no growth; a move of part of it is refused; a whole move updates context.vdso */
	assert_int_equal(mms_mremap(m, b, vdso, 2 * PG, 3 * PG, 0, 0), -EFAULT);
	assert_int_equal(mms_mremap(m, b, vdso, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, 0x500000000000),
			 -EINVAL);
	assert_int_equal(mms_mremap(m, b, vdso, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
				    0x500000000000), 0x500000000000);
	assert_int_equal(find_task_by_pid(m, b)->mm->vdso, 0x500000000000);
	assert_int_equal(mms_task_access(m, b, 0x500000000000, PG, 0, NULL, 0, 1), 0);
	/* mlock skips it (VM_SPECIAL); munmap is allowed */
	assert_int_equal(mms_mlock2(m, a, vdso, 2 * PG, 0), 0);
	assert_int_equal(task_val(m, a, "locked_vm"), 0);
	assert_int_equal(mms_munmap(m, a, vdso, 2 * PG), 0);
	assert_int_equal(smaps_kb(m, b, "500000000000-500000002000", "Pss:"), 8);
	assert_int_equal(check_machine(m), 0);
	/* a read of the pvclock page: SIGBUS, the task dies */
	assert_int_equal(mms_task_access(m, b, vvar + PG, 8, 0, NULL, 0, 0), -EFAULT);
	assert_int_equal(task_val(m, b, "exit_code"), SIGBUS);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* Two tasks running libc share its page-cache pages: Pss halves, Cached grows once. */
static void test_library_sharing(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=2 norandmaps=1");
	const uint64_t text = 0x7ffff7da8000;	/* libc's r-xp */
	const char *line = "7ffff7da8000-7ffff7f3d000 r-xp";
	unsigned long cached0, cached1;
	int a, b;

	(void)state;
	assert_int_equal(mms_spawn(m, "a", NULL, &a), 0);
	assert_int_equal(mms_spawn(m, "b", NULL, &b), 0);
	assert_int_equal(mms_task_set_cpu(m, b, 1), 0);
	cached0 = meminfo_kb(m, "Cached:");
	/*
	 * a runs 64 pages of libc's text: major faults, read from the disk;
	 * fault-around of the last fault (its 64K window 0x7ffff7de0000-
	 * 0x7ffff7df0000) maps 8 cached pages more: 72 pages, 288K
	 */
	assert_int_equal(mms_task_access(m, a, text, 64 * PG, 2, NULL, 0, 1), 0);
	assert_true(task_val(m, a, "majflt") > 0);
	cached1 = meminfo_kb(m, "Cached:");
	assert_true(cached1 - cached0 >= 256);
	assert_int_equal(smaps_kb(m, a, line, "Rss:"), 288);
	assert_int_equal(smaps_kb(m, a, line, "Pss:"), 288);
	assert_int_equal(smaps_kb(m, a, line, "Private_Clean:"), 288);
	/* b runs the same pages: no I/O, the cache does not grow */
	assert_int_equal(mms_task_access(m, b, text, 64 * PG, 2, NULL, 0, 1), 0);
	assert_int_equal(task_val(m, b, "majflt"), 0);
	assert_int_equal(meminfo_kb(m, "Cached:"), cached1);
	assert_int_equal(smaps_kb(m, a, line, "Rss:"), 288);
	assert_int_equal(smaps_kb(m, a, line, "Pss:"), 144);
	assert_int_equal(smaps_kb(m, a, line, "Shared_Clean:"), 288);
	assert_int_equal(smaps_kb(m, a, line, "Private_Clean:"), 0);
	assert_int_equal(smaps_kb(m, b, line, "Pss:"), 144);
	assert_int_equal(task_val(m, a, "rss_file"), 72);
	/* a exits: b's pages are its own again, the cache keeps them */
	assert_int_equal(mms_exit(m, a, 0), 0);
	assert_int_equal(smaps_kb(m, b, line, "Pss:"), 288);
	assert_int_equal(meminfo_kb(m, "Cached:"), cached1);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* The page-cache page a user address of @pid maps (NULL if none). */
static struct page *user_page(struct machine *m, int pid, uint64_t addr)
{
	struct mm_struct *mm = find_task_by_pid(m, pid)->mm;
	phys_addr_t ptep = pte_offset(m, mm, addr);
	pte_t pte = ptep ? ptep_get(m, ptep) : 0;

	return (pte & _PAGE_PRESENT) ? pfn_to_page(m, pte_pfn_fmt(m->arch->mmu, pte)) : NULL;
}

/*
 * libc's file page 0x214 holds the end of its rodata and the start of its
 * relro (p_offset 0x214170 of the RW PT_LOAD): rodata's last page
 * (7ffff7f94000) and the relro's first (7ffff7f95000) map it both, as on
 * Linux.  A read of each: one page-cache page, mapcount 2 (smaps counts it
 * shared, Pss half of it in each VMA), Cached counting it once.
 */
static void test_shared_file_page(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=1 norandmaps=1");
	const uint64_t ro_last = 0x7ffff7f94000, relro = 0x7ffff7f95000;
	struct page *page;
	unsigned long cached;
	int pid;

	(void)state;
	assert_int_equal(mms_spawn(m, "cat", NULL, &pid), 0);
	assert_int_equal(mms_task_access(m, pid, ro_last, 8, 0, NULL, 0, 0), 0);
	cached = meminfo_kb(m, "Cached:");
	page = user_page(m, pid, ro_last);
	assert_non_null(page);
	assert_int_equal(page->index, 0x214);
	assert_int_equal(page_mapcount(page), 1);
	assert_int_equal(mms_task_access(m, pid, relro, 8, 0, NULL, 0, 0), 0);
	assert_ptr_equal(user_page(m, pid, relro), page);	/* the same file page */
	assert_int_equal(page_mapcount(page), 2);
	assert_int_equal(meminfo_kb(m, "Cached:"), cached);	/* cached once */
	/*
	 * the first fault found nothing cached to map around it (do_fault_around
	 * maps only cached pages): one page, read from the disk with readahead
	 * (file pages 0x204-0x219: 32 around 0x214, cut at the file's end
	 * 0x21a).  The second maps around it those of its 64K window
	 * 7ffff7f90000-7ffff7fa0000 inside the relro VMA: 0x214-0x217.  Page
	 * 0x214 alone is mapped twice: 4K shared, Pss 2K in each VMA
	 */
	assert_int_equal(smaps_kb(m, pid, "7ffff7f95000-7ffff7f99000", "Rss:"), 16);
	assert_int_equal(smaps_kb(m, pid, "7ffff7f95000-7ffff7f99000", "Shared_Clean:"), 4);
	assert_int_equal(smaps_kb(m, pid, "7ffff7f95000-7ffff7f99000", "Private_Clean:"), 12);
	assert_int_equal(smaps_kb(m, pid, "7ffff7f95000-7ffff7f99000", "Pss:"), 12 + 2);
	assert_int_equal(smaps_kb(m, pid, "7ffff7f3d000-7ffff7f95000", "Rss:"), 4);
	assert_int_equal(smaps_kb(m, pid, "7ffff7f3d000-7ffff7f95000", "Shared_Clean:"), 4);
	assert_int_equal(smaps_kb(m, pid, "7ffff7f3d000-7ffff7f95000", "Pss:"), 2);
	assert_int_equal(task_val(m, pid, "rss_file"), 1 + 4);	/* RSS counts each mapping */
	assert_int_equal(check_machine(m), 0);
	/* exit: both mappings go, the page stays cached */
	assert_int_equal(mms_exit(m, pid, 0), 0);
	assert_int_equal(page_mapcount(page), 0);
	assert_int_equal(meminfo_kb(m, "Cached:"), cached);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/*
 * exec of a running task with a thread and 1M of anonymous memory: same
 * pid, the thread gone, the comm changed, fault counts kept, open files
 * kept, and every page of the old address space back: free pages and
 * AnonPages equal those of the moment the program was first spawned.
 */
static void test_exec_running_task(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=2 norandmaps=1");
	int pid, thr, fd;
	unsigned long free0, anon0, free_exec;
	uint64_t minflt;
	int64_t buf;
	char *t;

	(void)state;
	/* warm up: the program's files, the vDSO image and the slabs exist */
	assert_int_equal(mms_spawn(m, "web", NULL, &pid), 0);
	assert_int_equal(mms_execve(m, pid, "web", NULL), 0);
	free0 = free_pages_now(m);
	anon0 = meminfo_kb(m, "AnonPages:");
	assert_int_equal(check_machine(m), 0);
	fd = (int)mms_open(m, pid, "notes", 0100 | 02, 0644);
	assert_int_equal(fd, 0);
	assert_int_equal(mms_fork(m, pid, NULL, 1, &thr), 0);
	assert_int_equal(mms_task_set_cpu(m, thr, 1), 0);
	buf = mms_mmap(m, pid, 0, 256 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(buf > 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)buf, 128 * PG, 1, NULL, 1, 1), 0);
	assert_int_equal(mms_task_access(m, thr, (uint64_t)buf + 128 * PG, 128 * PG, 1, NULL, 1, 1), 0);
	assert_int_equal(meminfo_kb(m, "AnonPages:") - anon0, 1024);
	assert_int_equal(task_val(m, pid, "threads"), 2);
	minflt = task_val(m, pid, "minflt");
	/* exec */
	assert_int_equal(mms_execve(m, pid, "cat", NULL), 0);
	assert_int_equal(mms_task_pid(m, "cat"), pid);
	assert_int_equal(task_val(m, pid, "alive"), 1);
	assert_int_equal(task_val(m, pid, "threads"), 1);
	assert_null(find_task_by_pid(m, thr));		/* killed and reaped (de_thread) */
	assert_true(task_val(m, pid, "minflt") >= minflt);	/* not reset by exec */
	assert_int_equal(task_val(m, pid, "rss_anon"), 1);	/* the new stack's page */
	assert_int_equal(meminfo_kb(m, "AnonPages:"), anon0);
	assert_int_equal(mms_fd_stat(m, pid, fd, &(struct mms_fd_stat){ 0 }), 0);
	t = view_text(m, "/proc/cat/status");
	assert_non_null(strstr(t, "Name:\tcat\n"));
	assert_non_null(strstr(t, "Threads:\t1\n"));
	free(t);
	assert_int_equal(check_machine(m), 0);
	/* back to the first program: every page of the old space is back */
	free_exec = free_pages_now(m);
	assert_int_equal(mms_execve(m, pid, "web", NULL), 0);
	assert_int_equal(free_pages_now(m), free0);
	assert_true(free_exec <= free0 + 64);	/* cat's own program file only differs */
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* exec from a thread: it takes the group's pid, the leader goes. */
static void test_exec_from_thread(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=2 norandmaps=1");
	int pid, thr, thr2;

	(void)state;
	assert_int_equal(mms_spawn(m, "web", NULL, &pid), 0);
	assert_int_equal(mms_fork(m, pid, "w1", 1, &thr), 0);
	assert_int_equal(mms_fork(m, pid, "w2", 1, &thr2), 0);
	assert_int_equal(mms_execve(m, thr, "cat", NULL), 0);
	assert_int_equal(mms_task_pid(m, "cat"), pid);
	assert_null(find_task_by_pid(m, thr));
	assert_null(find_task_by_pid(m, thr2));
	assert_int_equal(task_val(m, pid, "threads"), 1);
	assert_int_equal(check_machine(m), 0);
	assert_int_equal(mms_exit(m, pid, 0), 0);
	assert_int_equal(meminfo_kb(m, "AnonPages:"), 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* A process sharing the mm without being a thread keeps it over the exec. */
static void test_exec_clone_vm_sibling(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=1 norandmaps=1");
	struct task_struct *t;
	int pid, err;

	(void)state;
	assert_int_equal(mms_spawn(m, "web", NULL, &pid), 0);
	t = copy_process(m, find_task_by_pid(m, pid), CLONE_VM, "vm", &err);
	assert_non_null(t);
	assert_int_equal(mms_execve(m, pid, "cat", NULL), 0);
	assert_int_equal(t->exit_state, 0);
	assert_int_equal(t->mm->mm_users, 1);
	assert_int_not_equal(t->mm, find_task_by_pid(m, pid)->mm);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_bad_input(void **state)
{
	struct machine *m = boot_spec("arch=x86_64 ram=256M cpus=1 norandmaps=1");
	struct mms_lib noname = { .name = "" }, big = { .name = "libbig.so", .text = 2UL << 30 };
	struct mms_exec e = { .pie = 1, .text = 64 << 10 };
	unsigned long free0;
	int pid, dead;
	char *before, *after;

	(void)state;
	assert_int_equal(mms_spawn(m, "web", NULL, &pid), 0);
	assert_int_equal(mms_spawn(m, "dead", NULL, &dead), 0);
	assert_int_equal(mms_exit(m, dead, 0), 0);
	assert_int_equal(mms_execve(m, dead, "cat", NULL), -ESRCH);	/* a zombie */
	assert_int_equal(mms_reap(m, dead), 0);
	assert_int_equal(mms_execve(m, dead, "cat", NULL), -ESRCH);	/* gone */
	assert_int_equal(mms_execve(m, 4242, "cat", NULL), -ESRCH);
	before = view_text(m, "/proc/web/maps");
	free0 = free_pages_now(m);
	assert_int_equal(mms_execve(m, pid, "", NULL), -ENOENT);
	assert_int_equal(mms_execve(m, pid, NULL, NULL), -ENOENT);
	e.interp = "/";				/* PT_INTERP shorter than 2 */
	assert_int_equal(mms_execve(m, pid, "cat", &e), -ENOEXEC);
	assert_int_equal(mms_spawn(m, "cat", &e, &dead), -ENOEXEC);
	e.interp = NULL;
	e.nr_libs = 1;
	e.libs = &noname;
	assert_int_equal(mms_execve(m, pid, "cat", &e), -EINVAL);
	e.libs = NULL;
	assert_int_equal(mms_execve(m, pid, "cat", &e), -EINVAL);
	e.nr_libs = 17;
	e.libs = &noname;
	assert_int_equal(mms_execve(m, pid, "cat", &e), -EINVAL);
	e.nr_libs = 1;
	e.libs = &big;
	assert_int_equal(mms_execve(m, pid, "cat", &e), -E2BIG);
	e.nr_libs = 0;
	e.text = 3UL << 30;
	assert_int_equal(mms_execve(m, pid, "cat", &e), -E2BIG);
	/* a refused exec leaves the task as it was */
	after = view_text(m, "/proc/web/maps");
	assert_string_equal(before, after);
	free(before);
	free(after);
	assert_int_equal(free_pages_now(m), free0);
	assert_int_equal(task_val(m, pid, "alive"), 1);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_maps_x86_64),
		cmocka_unit_test(test_maps_i386),
		cmocka_unit_test(test_named_libs_and_static),
		cmocka_unit_test(test_lib_rw_placement),
		cmocka_unit_test(test_vdso),
		cmocka_unit_test(test_library_sharing),
		cmocka_unit_test(test_shared_file_page),
		cmocka_unit_test(test_exec_running_task),
		cmocka_unit_test(test_exec_from_thread),
		cmocka_unit_test(test_exec_clone_vm_sibling),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
