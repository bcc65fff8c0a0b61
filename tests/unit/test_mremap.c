// SPDX-License-Identifier: MIT
/*
 * test_mremap - mremap(2)'s MREMAP_DONTUNMAP against Linux 6.6
 * (mm/mremap.c do_mremap / mremap_to / vma_to_resize / move_vma; the
 * man page mremap(2), "MREMAP_DONTUNMAP (since Linux 5.7)"):
 *  - the pages move to the new range (same contents, no fault there),
 *    the old range stays mapped and empty: a touch of a private
 *    anonymous one faults a fresh zero-filled page (a new minor fault);
 *  - maps: one more line (both VMAs), total_vm + the length, RSS
 *    unchanged by the move;
 *  - accounting: an accounted VMA keeps its charge and the new one is
 *    charged its whole length (move_vma's to_account = new_len), so
 *    Committed_AS grows by the length;
 *  - VM_LOCKED: the old VMA loses VM_LOCKED/VM_LOCKONFAULT, the new one
 *    keeps it and the moved pages stay mlocked; locked_vm unchanged;
 *  - since 5.13 any mapping: a shared or file mapping's old range faults
 *    the file's pages back;
 *  - errnos: -EINVAL without MREMAP_MAYMOVE, with old_len != new_len
 *    (compared before PAGE_ALIGN), an unaligned hint, overlapping ranges,
 *    a VM_DONTEXPAND / VM_PFNMAP VMA; -EFAULT for no VMA or a range
 *    crossing VMAs; MREMAP_FIXED|MREMAP_DONTUNMAP replaces what is there.
 * check_machine after every step.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "mm.h"
#include "pagemap.h"

#define PG 4096UL
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)
#define MAYMOVE_DU (MREMAP_MAYMOVE | MREMAP_DONTUNMAP)

/*
 * What differs between the profiles (Linux 6.6): x86_64, and i386 with 1G
 * of RAM so that it has HighMem (the moved pages are HighMem pages there).
 */
struct mremap_arch {
	const char *spec;
	unsigned long task_size;	/* TASK_SIZE: mremap_to refuses a hint at it */
	bool highmem;
};

static const struct mremap_arch x86_64_arch = {
	.spec = "arch=x86_64 ram=256M cpus=2 norandmaps=1",
	.task_size = 0x7ffffffff000UL,
	.highmem = false,
};

static const struct mremap_arch i386_arch = {
	.spec = "arch=i386 ram=1G cpus=2 norandmaps=1",
	.task_size = 0xc0000000UL,
	.highmem = true,
};

static struct machine *boot_vm(const struct mremap_arch *A, int *pid)
{
	struct machine *m = boot_spec(A->spec);

	spawn_static(m, "web", pid);	/* no ld.so mappings for moved ranges to merge with */
	return m;
}

static struct vm_area_struct *vma_at(struct machine *m, int pid, uint64_t addr)
{
	return vma_lookup(find_task_by_pid(m, pid)->mm, (unsigned long)addr);
}

static void test_dontunmap_anon(void **state)
{
	const struct mremap_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	int64_t a = mms_mmap(m, pid, 0, 8 * PG, RW, ANON, -1, 0), r;
	uint64_t mi, rss, tvm;
	unsigned long committed;
	int lines;
	uint8_t buf[8 * PG];
	char line[96];

	assert_true(a > 0);
	for (unsigned long i = 0; i < 8; i++)
		assert_int_equal(mms_task_access(m, pid, (uint64_t)a + i * PG, PG, 1, NULL,
						 (int)(0x30 + i), 0), 0);
	rss = task_val(m, pid, "rss_anon");
	tvm = task_val(m, pid, "total_vm");
	lines = maps_lines(m, pid);
	committed = meminfo_kb(m, "Committed_AS:");
	r = mms_mremap(m, pid, (uint64_t)a, 8 * PG, 8 * PG, MAYMOVE_DU, 0);
	assert_true(r > 0 && r != a);
	/* top-down placement: right below the old range */
	assert_int_equal(r, a - 8 * PG);
	assert_int_equal(check_machine(m), 0);
	/* two VMAs now (not merged: the moved one keeps its page offset) */
	assert_int_equal(maps_lines(m, pid), lines + 1);
	snprintf(line, sizeof(line), "%lx-%lx rw-p 00000000 00:00 0 \n", (unsigned long)a,
		 (unsigned long)a + 8 * PG);
	assert_true(pid_maps_has(m, pid, line));
	assert_int_equal(task_val(m, pid, "total_vm"), tvm + 8);
	assert_int_equal(task_val(m, pid, "rss_anon"), rss);		/* the pages moved, none freed */
	/* the new VMA is charged whole, the old keeps its charge */
	assert_int_equal(meminfo_kb(m, "Committed_AS:") - committed, 32);
	/* the contents moved: no fault to read them */
	mi = task_val(m, pid, "minflt");
	assert_int_equal(mms_task_access(m, pid, (uint64_t)r, 8 * PG, 0, buf, 0, 0), 0);
	assert_int_equal(task_val(m, pid, "minflt"), mi);
	for (unsigned long i = 0; i < 8; i++) {
		struct page *p = user_page_at(m, find_task_by_pid(m, pid)->mm, (unsigned long)r + i * PG,
					      NULL, NULL);

		assert_int_equal(buf[i * PG], 0x30 + i);
		assert_int_equal(buf[i * PG + PG - 1], 0x30 + i);
		assert_non_null(p);		/* the same pages: HighMem ones on i386 */
		assert_int_equal(page_zonenum(p) == ZONE_HIGHMEM, A->highmem);
	}
	/* the old range is empty: a read faults the zero page, a write a fresh page */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, PG, 0, buf, 0, 0), 0);
	assert_int_equal(task_val(m, pid, "minflt") - mi, 1);
	for (unsigned long i = 0; i < PG; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(task_val(m, pid, "rss_anon"), rss);		/* the zero page */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 3 * PG, 1, 1, NULL, 0x77, 0), 0);
	assert_int_equal(task_val(m, pid, "minflt") - mi, 2);
	assert_int_equal(task_val(m, pid, "rss_anon"), rss + 1);
	/* the old VMA got a new anon_vma (its links were dropped: it moved whole) */
	assert_non_null(vma_at(m, pid, (uint64_t)a)->anon_vma);
	assert_int_equal(check_machine(m), 0);
	/* unmapping both gives the charges back */
	assert_int_equal(mms_munmap(m, pid, (uint64_t)r, 8 * PG), 0);
	assert_int_equal(mms_munmap(m, pid, (uint64_t)a, 8 * PG), 0);
	assert_int_equal(meminfo_kb(m, "Committed_AS:"), committed - 32);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* Part of a VMA, to a fixed address: the old VMA is not split. */
static void test_dontunmap_part_fixed(void **state)
{
	const struct mremap_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	int64_t a = mms_mmap(m, pid, 0, 8 * PG, RW, ANON, -1, 0), r;
	int64_t old = mms_mmap(m, pid, 0x40000000, 4 * PG, RW, ANON | MAP_FIXED, -1, 0);
	uint64_t rss;
	uint8_t b;

	assert_int_equal(old, 0x40000000);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 8 * PG, 1, NULL, 0x5a, 1), 0);
	assert_int_equal(mms_task_access(m, pid, 0x40000000, 4 * PG, 1, NULL, 0x11, 1), 0);
	rss = task_val(m, pid, "rss_anon");
	/* pages 2..3 to 0x40000000: what was there is unmapped first (MREMAP_FIXED) */
	r = mms_mremap(m, pid, (uint64_t)a + 2 * PG, 2 * PG, 2 * PG,
		       MAYMOVE_DU | MREMAP_FIXED, 0x40000000);
	assert_int_equal(r, 0x40000000);
	assert_int_equal(task_val(m, pid, "rss_anon"), rss - 2);	/* two of the four replaced */
	assert_true(pid_maps_has(m, pid, "40000000-40002000 rw-p "));
	assert_true(pid_maps_has(m, pid, "40002000-40004000 rw-p "));
	assert_int_equal(check_machine(m), 0);
	assert_int_equal(mms_task_access(m, pid, 0x40001000, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0x5a);
	/* the hole in the old VMA reads zero, its neighbours kept their pages */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 2 * PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 4 * PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0x5a);
	assert_non_null(vma_at(m, pid, (uint64_t)a)->anon_vma);	/* partial: links kept */
	assert_int_equal(vma_at(m, pid, (uint64_t)a)->vm_end, (uint64_t)a + 8 * PG);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_dontunmap_locked(void **state)
{
	const struct mremap_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	int64_t a = mms_mmap(m, pid, 0, 4 * PG, RW, ANON | MAP_LOCKED, -1, 0), r;
	unsigned long mlocked = meminfo_kb(m, "Mlocked:");
	uint64_t locked = task_val(m, pid, "locked_vm");

	assert_int_equal(locked, 4);
	assert_int_equal(mlocked, 16);			/* MAP_LOCKED populated */
	r = mms_mremap(m, pid, (uint64_t)a, 4 * PG, 4 * PG, MAYMOVE_DU, 0);
	assert_true(r > 0);
	assert_int_equal(vma_at(m, pid, (uint64_t)a)->vm_flags & VM_LOCKED_MASK, 0);
	assert_true(vma_at(m, pid, (uint64_t)r)->vm_flags & VM_LOCKED);
	assert_int_equal(task_val(m, pid, "locked_vm"), locked);	/* not touched */
	assert_int_equal(meminfo_kb(m, "Mlocked:"), mlocked);	/* the pages stay locked */
	assert_int_equal(check_machine(m), 0);
	/* the old range is no longer locked: touching it locks nothing */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 4 * PG, 1, NULL, 1, 1), 0);
	assert_int_equal(meminfo_kb(m, "Mlocked:"), mlocked);
	assert_int_equal(mms_munmap(m, pid, (uint64_t)r, 4 * PG), 0);
	assert_int_equal(meminfo_kb(m, "Mlocked:"), 0);
	assert_int_equal(task_val(m, pid, "locked_vm"), 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_dontunmap_shared_and_file(void **state)
{
	const struct mremap_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	int64_t s = mms_mmap(m, pid, 0, 2 * PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0), r;
	struct inode *inode;
	uint64_t mj, rf;
	uint8_t b;

	/* shared anonymous (shmem): the old range faults the same page back */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)s, 2 * PG, 1, NULL, 0x42, 1), 0);
	r = mms_mremap(m, pid, (uint64_t)s, 2 * PG, 2 * PG, MAYMOVE_DU, 0);
	assert_true(r > 0);
	assert_int_equal(check_machine(m), 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)s + PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0x42);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)r + PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0x42);
	assert_int_equal(check_machine(m), 0);
	/* a private file mapping: the old range reads the file again */
	assert_int_equal(inode_create(m, "lib", 4 * PG, false, &inode), 0);
	s = mms_mmap_file(m, pid, "lib", 0, 4 * PG, RW, MAP_PRIVATE, 0);
	assert_true(s > 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)s, 1, 1, NULL, 0x99, 0), 0);	/* COW */
	r = mms_mremap(m, pid, (uint64_t)s, 4 * PG, 4 * PG, MAYMOVE_DU, 0);
	assert_true(r > 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)r, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0x99);				/* the copy moved */
	mj = task_val(m, pid, "majflt");
	rf = task_val(m, pid, "rss_file");
	assert_int_equal(mms_task_access(m, pid, (uint64_t)s, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, disk_file_byte("lib", 0));		/* the file's byte */
	assert_int_equal(task_val(m, pid, "majflt"), mj);		/* cached already */
	assert_true(task_val(m, pid, "rss_file") > rf);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_dontunmap_errnos(void **state)
{
	const struct mremap_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	int64_t a = mms_mmap(m, pid, 0, 4 * PG, RW, ANON, -1, 0);
	int64_t b = mms_mmap(m, pid, 0, 4 * PG, PROT_READ, ANON, -1, 0);
	struct vm_area_struct *vma;

	assert_int_equal(b + 4 * PG, a);
	/* do_mremap's flag checks */
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, PG, PG, MREMAP_DONTUNMAP, 0), -EINVAL);
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, PG, 2 * PG, MAYMOVE_DU, 0), -EINVAL);
	/* the lengths are compared as given, before PAGE_ALIGN */
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, PG, PG - 1, MAYMOVE_DU, 0), -EINVAL);
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, 0, 0, MAYMOVE_DU, 0), -EINVAL);
	/* mremap_to: an unaligned hint, a hint past TASK_SIZE, overlapping ranges */
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, PG, PG, MAYMOVE_DU, 0x300001), -EINVAL);
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, PG, PG, MAYMOVE_DU, A->task_size), -EINVAL);
	/* mremap_to: new_addr > TASK_SIZE - new_len */
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, 2 * PG, 2 * PG, MAYMOVE_DU,
				    A->task_size - PG), -EINVAL);
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, 2 * PG, 2 * PG, MAYMOVE_DU,
				    (uint64_t)a + PG), -EINVAL);
	/* no VMA, or the range crosses into the next */
	assert_int_equal(mms_mremap(m, pid, 0x200000, PG, PG, MAYMOVE_DU, 0), -EFAULT);
	assert_int_equal(mms_mremap(m, pid, (uint64_t)b, 8 * PG, 8 * PG, MAYMOVE_DU, 0), -EFAULT);
	/* vma_to_resize: VM_DONTEXPAND or VM_PFNMAP (a driver's mapping) */
	vma = vma_at(m, pid, (uint64_t)a);
	vma->vm_flags |= VM_DONTEXPAND;
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, PG, PG, MAYMOVE_DU, 0), -EINVAL);
	vma->vm_flags ^= VM_DONTEXPAND | VM_PFNMAP;
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, PG, PG, MAYMOVE_DU, 0), -EINVAL);
	vma->vm_flags &= ~VM_PFNMAP;
	assert_int_equal(check_machine(m), 0);
	/* a usable hint is honoured */
	assert_int_equal(mms_mremap(m, pid, (uint64_t)a, PG, PG, MAYMOVE_DU, 0x50000000), 0x50000000);
	assert_true(pid_maps_has(m, pid, "50000000-50001000 rw-p "));
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

#define MREMAP_TEST(f) \
	{ #f "/x86_64", f, NULL, NULL, (void *)&x86_64_arch }, \
	{ #f "/i386", f, NULL, NULL, (void *)&i386_arch }

int main(void)
{
	const struct CMUnitTest tests[] = {
		MREMAP_TEST(test_dontunmap_anon),
		MREMAP_TEST(test_dontunmap_part_fixed),
		MREMAP_TEST(test_dontunmap_locked),
		MREMAP_TEST(test_dontunmap_shared_and_file),
		MREMAP_TEST(test_dontunmap_errnos),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
