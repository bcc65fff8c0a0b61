// SPDX-License-Identifier: MIT
/*
 * test_truncate - shrinking a mapped file, against Linux 6.6
 * (mm/truncate.c truncate_setsize / truncate_pagecache /
 * truncate_inode_pages_range / truncate_inode_partial_folio, mm/memory.c
 * unmap_mapping_range with even_cows, mm/filemap.c filemap_fault's
 * VM_FAULT_SIGBUS and filemap_read's i_size check, arch/x86/mm/fault.c
 * do_sigbus):
 *  - ftruncate unmaps every page from round_up(size) on from every
 *    mapping, shared or private, the private COW copies too; the VMAs
 *    stay (maps unchanged); RSS, Mapped and Cached drop by those pages;
 *  - the page the new size falls in stays mapped, zeroed past EOF, as
 *    another mapping of it reads back;
 *  - a later touch of a mapped page wholly past EOF kills the task with
 *    SIGBUS (exit code 7), with no "segfault" line in dmesg; a read(2)
 *    into one gets -EFAULT (the kernel's fixup, no signal); a read past
 *    EOF returns 0 bytes and caches nothing;
 *  - growing the file again makes the pages within the new size
 *    mappable again (reading zeros where the blocks went);
 *  - tmpfs files alike (Shmem drops), and fault-around never maps past
 *    EOF (filemap_map_pages's end_pgoff clamp);
 *  - a randomized run (the seeded PRNG) of accesses, truncations,
 *    MREMAP_DONTUNMAP moves, forks and exits: the only deaths are SIGBUS.
 * check_machine after every step.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "mm.h"
#include "fdtable.h"
#include "pagemap.h"
#include "random.h"

#define PG 4096UL
#define RW (PROT_READ | PROT_WRITE)

/*
 * What differs between the profiles (Linux 6.6): x86_64, and i386 with 1G
 * of RAM so that it has HighMem (the files' pages come from there, and
 * the partial page is zeroed through kmap_local_page).
 */
struct trunc_arch {
	const char *spec;
	const char *random_spec;	/* the randomized test's (layout randomized) */
	unsigned long random_base;	/* where the randomized test maps */
	bool highmem;
};

static const struct trunc_arch x86_64_arch = {
	.spec = "arch=x86_64 ram=256M cpus=2 norandmaps=1",
	.random_spec = "arch=x86_64 ram=128M cpus=2 seed=3",
	.random_base = 0x7f0000000000UL,
	.highmem = false,
};

static const struct trunc_arch i386_arch = {
	.spec = "arch=i386 ram=1G cpus=2 norandmaps=1",
	.random_spec = "arch=i386 ram=1G cpus=2 seed=3",
	.random_base = 0x70000000UL,
	.highmem = true,
};

static struct machine *boot_vm(const struct trunc_arch *A, int *pid)
{
	struct machine *m = boot_spec(A->spec);

	assert_int_equal(mms_spawn(m, "web", NULL, pid), 0);
	return m;
}

static struct inode *mkfile(struct machine *m, const char *name, unsigned long pages, bool tmpfs)
{
	struct inode *inode;
	uint8_t *buf = malloc(pages * PG);
	struct iov_iter it;

	assert_int_equal(inode_create(m, name, tmpfs ? 0 : pages * PG, tmpfs, &inode), 0);
	iov_iter_kvec(&it, buf, pages * PG);
	if (tmpfs) {		/* filled with 0x11 */
		memset(buf, 0x11, pages * PG);
		assert_int_equal(kernel_write(m, inode_default_file(m, inode), 0, &it),
				 (long)(pages * PG));
	} else {		/* read whole: every page cached */
		assert_int_equal(kernel_read(m, inode_default_file(m, inode), 0, &it),
				 (long)(pages * PG));
	}
	free(buf);
	return inode;
}

/* present bit of the pagemap entry of @addr */
static bool present(struct machine *m, int pid, uint64_t addr)
{
	uint64_t e = 0;

	assert_int_equal(mms_pagemap(m, pid, addr, 1, &e), 0);
	return e >> 63;
}

/* @index of @inode is cached, in ZONE_HIGHMEM exactly on i386 (GFP_HIGHUSER_MOVABLE) */
static void assert_cached_zone(struct machine *m, const struct trunc_arch *A, struct inode *inode,
			       pgoff_t index)
{
	struct page *p = filemap_get_folio(m, inode->i_mapping, index);

	assert_non_null(p);
	assert_int_equal(page_zonenum(p) == ZONE_HIGHMEM, A->highmem);
	put_page(m, p);
}

static void test_truncate_mapped_disk_file(void **state)
{
	const struct trunc_arch *A = *state;
	int pid, kid;
	struct machine *m = boot_vm(A, &pid);
	struct inode *f = mkfile(m, "data", 16, false);
	int64_t sh = mms_mmap_file(m, pid, "data", 0, 16 * PG, RW, MAP_SHARED | MAP_POPULATE, 0);
	int64_t pr = mms_mmap_file(m, pid, "data", 0, 16 * PG, RW, MAP_PRIVATE, 0);
	int64_t fd = mms_open(m, pid, "data", 2, 0);
	uint64_t rf, ra, buf;
	unsigned long cached, mapped;
	int lines;
	uint8_t b, orig = disk_file_byte("data", 5 * PG + 99);

	assert_true(sh > 0 && pr > 0 && fd >= 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)pr, 16 * PG, 0, NULL, 0, 1), 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)pr + 2 * PG, 1, 1, NULL, 0x22, 0), 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)pr + 10 * PG, 1, 1, NULL, 0xaa, 0), 0);
	assert_int_equal(mms_fork(m, pid, "kid", 0, &kid), 0);
	assert_int_equal(check_machine(m), 0);
	rf = task_val(m, pid, "rss_file");
	ra = task_val(m, pid, "rss_anon");
	cached = meminfo_kb(m, "Cached:");
	mapped = meminfo_kb(m, "Mapped:");
	lines = maps_lines(m, pid);
	/* fork copied only the private VMA's ptes (it has an anon_vma): 14 file pages */
	assert_int_equal(task_val(m, kid, "rss_file"), 14);
	/* shared: 16 file pages; private: 14 file pages and 2 copies (2, 10) */
	assert_true(present(m, pid, (uint64_t)pr + 10 * PG));
	assert_int_equal(mms_ftruncate(m, pid, (int)fd, 5 * PG + 100), 0);
	assert_int_equal(f->i_size, 5 * PG + 100);
	assert_int_equal(check_machine(m), 0);
	/* pages 6..15 gone from both mappings (and the child's): 10 + 9 file, 1 copy;
	 * the child keeps its private pages 0, 1, 3, 4, 5 */
	assert_int_equal(maps_lines(m, pid), lines);
	assert_int_equal(task_val(m, pid, "rss_file"), rf - 19);
	assert_int_equal(task_val(m, pid, "rss_anon"), ra - 1);
	assert_int_equal(task_val(m, kid, "rss_file"), 5);
	assert_false(present(m, pid, (uint64_t)pr + 10 * PG));	/* the COW copy too */
	assert_true(present(m, pid, (uint64_t)pr + 2 * PG));	/* below EOF: stays */
	assert_true(present(m, pid, (uint64_t)sh + 5 * PG));	/* the partial page stays */
	assert_false(present(m, pid, (uint64_t)sh + 6 * PG));
	assert_int_equal(f->i_mapping->nrpages, 6);
	assert_cached_zone(m, A, f, 5);		/* zeroed through a kmap_local on i386 */
	assert_int_equal(cached - meminfo_kb(m, "Cached:"), 40);
	assert_int_equal(mapped - meminfo_kb(m, "Mapped:"), 40);
	/* the partial page: zeroed past EOF, seen through the private mapping too */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)sh + 5 * PG + 99, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, orig);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)sh + 5 * PG + 100, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)pr + 6 * PG - 1, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)pr + 2 * PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0x22);				/* a copy below EOF is kept */
	/* read / pread past EOF: 0 bytes, nothing cached */
	buf = (uint64_t)sh;
	assert_int_equal(mms_pread(m, pid, (int)fd, buf, 100, 8 * PG), 0);
	assert_int_equal(mms_lseek(m, pid, (int)fd, 6 * PG, 0), 6 * PG);
	assert_int_equal(mms_read(m, pid, (int)fd, buf, 100), 0);
	assert_int_equal(mms_pread(m, pid, (int)fd, buf + 200, 200, 5 * PG), 100);	/* short */
	assert_int_equal(f->i_mapping->nrpages, 6);
	/* a kernel-mode copy into the mapping past EOF: -EFAULT, no signal */
	assert_int_equal(mms_pread(m, pid, (int)fd, buf + 8 * PG, 100, 0), -EFAULT);
	assert_int_equal(task_val(m, pid, "alive"), 1);
	assert_int_equal(check_machine(m), 0);
	/* the child touches its private copy's page 10: SIGBUS, no dmesg line */
	assert_int_equal(mms_task_access(m, kid, (uint64_t)pr + 10 * PG, 1, 0, &b, 0, 0), -EFAULT);
	assert_int_equal(task_val(m, kid, "alive"), 0);
	assert_int_equal(task_val(m, kid, "exit_code"), SIGBUS);
	assert_false(dmesg_has(m, "segfault"));
	assert_int_equal(mms_reap(m, kid), 0);
	assert_int_equal(check_machine(m), 0);
	/* grow it back: the pages within the size map again, zero past the old end */
	assert_int_equal(mms_ftruncate(m, pid, (int)fd, 16 * PG), 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)sh + 8 * PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)sh + 12 * PG, 1, 1, NULL, 0x5c, 0), 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)pr + 12 * PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0x5c);
	assert_int_equal(task_val(m, pid, "alive"), 1);
	assert_int_equal(check_machine(m), 0);
	/* shrink again, then the parent touches the shared mapping past EOF */
	assert_int_equal(mms_ftruncate(m, pid, (int)fd, 4 * PG), 0);
	assert_int_equal(check_machine(m), 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)sh + 4 * PG, 1, 1, NULL, 1, 0), -EFAULT);
	assert_int_equal(task_val(m, pid, "exit_code"), SIGBUS);
	assert_false(dmesg_has(m, "segfault"));
	assert_int_equal(mms_reap(m, pid), 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_truncate_tmpfs_and_fault_around(void **state)
{
	const struct trunc_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	struct inode *t = mkfile(m, "shm", 8, true);
	struct inode *d = mkfile(m, "small", 3, false);
	unsigned long shmem = meminfo_kb(m, "Shmem:");
	int64_t a = mms_mmap_file(m, pid, "shm", 0, 8 * PG, RW, MAP_SHARED | MAP_POPULATE, 0);
	int64_t s = mms_mmap_file(m, pid, "small", 0, 16 * PG, PROT_READ, MAP_PRIVATE, 0);
	int64_t fd = mms_open(m, pid, "shm", 2, 0);
	uint64_t rf, rs = task_val(m, pid, "rss_shmem");
	uint8_t b;

	assert_true(a > 0 && s > 0 && fd >= 0);
	assert_int_equal(rs, 8);
	/* fault-around over a 3-page file: only the 3 pages are mapped */
	rf = task_val(m, pid, "rss_file");
	assert_int_equal(mms_task_access(m, pid, (uint64_t)s, 1, 0, &b, 0, 0), 0);
	assert_int_equal(task_val(m, pid, "rss_file") - rf, 3);
	assert_int_equal(d->i_mapping->nrpages, 3);
	assert_int_equal(check_machine(m), 0);
	/* tmpfs: shrink to 3 pages + 1 byte */
	assert_int_equal(mms_ftruncate(m, pid, (int)fd, 3 * PG + 1), 0);
	assert_int_equal(check_machine(m), 0);
	assert_int_equal(task_val(m, pid, "rss_shmem"), 4);
	assert_int_equal(t->i_mapping->nrpages, 4);
	assert_cached_zone(m, A, t, 3);
	assert_int_equal(shmem - meminfo_kb(m, "Shmem:"), 16);	/* pages 4..7 freed */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 3 * PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0x11);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 3 * PG + 1, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0);
	/* the 3-page disk file's mapping past EOF: SIGBUS */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)s + 3 * PG, 1, 0, &b, 0, 0), -EFAULT);
	assert_int_equal(task_val(m, pid, "exit_code"), SIGBUS);
	assert_int_equal(mms_reap(m, pid), 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/*
 * Random steps over one disk file and one tmpfs file mapped shared and
 * private by a few tasks: accesses (a task touching past EOF dies of
 * SIGBUS and is replaced), ftruncate to random sizes, MREMAP_DONTUNMAP
 * moves, forks; check_machine after every step, and a SIGBUS never
 * writes a "segfault" line.
 */
static void test_truncate_random(void **state)
{
	const struct trunc_arch *A = *state;
	struct machine *m = boot_spec(A->random_spec);
	const char *names[2] = { "rfile", "rshm" };
	struct rnd_state r;
	int pids[6], n = 0, sigbus = 0;

	prandom_seed_state(&r, 777);
	mkfile(m, names[0], 32, false);
	mkfile(m, names[1], 32, true);
	for (int step = 0; step < 300; step++) {
		uint64_t op = prandom_below(&r, 100), v;
		int pid, i;

		if (!n) {
			assert_int_equal(mms_spawn(m, "t", NULL, &pids[n]), 0);
			for (int f = 0; f < 2; f++) {
				mms_mmap_file(m, pids[n], names[f], A->random_base + f * 0x100000UL,
					      32 * PG, RW, MAP_SHARED | MAP_FIXED, 0);
				mms_mmap_file(m, pids[n], names[f], A->random_base + 0x200000UL + f * 0x100000UL,
					      32 * PG, RW, MAP_PRIVATE | MAP_FIXED, 0);
			}
			n++;
		}
		pid = pids[prandom_below(&r, (uint64_t)n)];
		if (op < 60) {
			uint64_t len = 1 + prandom_below(&r, 4);	/* pages, within the VMA */
			uint64_t a = A->random_base + prandom_below(&r, 4) * 0x100000UL +
				     prandom_below(&r, 33 - len) * PG;

			mms_task_access(m, pid, a, len * PG, (int)prandom_below(&r, 2), NULL, 5, 1);
		} else if (op < 80) {
			int64_t fd = mms_open(m, pid, names[prandom_below(&r, 2)], O_RDWR, 0);

			assert_true(fd >= 0);
			assert_int_equal(mms_ftruncate(m, pid, (int)fd,
						       (int64_t)prandom_below(&r, 40 * PG)), 0);
			assert_int_equal(mms_close(m, pid, (int)fd), 0);
		} else if (op < 88) {
			uint64_t a = A->random_base + prandom_below(&r, 4) * 0x100000UL +
				     prandom_below(&r, 16) * PG;

			mms_mremap(m, pid, a, 4 * PG, 4 * PG, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
		} else if (op < 95 && n < 6) {
			int c;

			if (mms_fork(m, pid, "c", 0, &c) == 0)
				pids[n++] = c;
		} else if (n > 1) {
			mms_exit(m, pid, 0);
			mms_reap(m, pid);
			for (i = 0; i < n; i++)
				if (pids[i] == pid)
					pids[i] = pids[--n];
		}
		for (i = 0; i < n; i++) {	/* the dead: SIGBUS only */
			if (mms_task_value(m, pids[i], "alive", &v) || v)
				continue;
			assert_int_equal(task_val(m, pids[i], "exit_code"), SIGBUS);
			sigbus++;
			mms_reap(m, pids[i]);
			pids[i--] = pids[--n];
		}
		if (check_machine(m)) {
			char *t = view_text(m, "dmesg");

			fprintf(stderr, "step %d op %llu\n%s\n", step, (unsigned long long)op, t);
			free(t);
			fail();
		}
	}
	assert_true(sigbus > 0);
	assert_false(dmesg_has(m, "segfault"));
	mms_machine_free(m);
}

#define TRUNC_TEST(f) \
	{ #f "/x86_64", f, NULL, NULL, (void *)&x86_64_arch }, \
	{ #f "/i386", f, NULL, NULL, (void *)&i386_arch }

int main(void)
{
	const struct CMUnitTest tests[] = {
		TRUNC_TEST(test_truncate_mapped_disk_file),
		TRUNC_TEST(test_truncate_tmpfs_and_fault_around),
		TRUNC_TEST(test_truncate_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
