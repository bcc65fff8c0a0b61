// SPDX-License-Identifier: MIT
/*
 * test_fidelity_file - file mappings through the page cache, against what
 * Linux 6.6 (x86_64, THP off, 4K pages, fault_around_bytes 65536, the
 * default 128K readahead) does:
 *  - a read fault on a cached file maps the 16 pages of the 64K-aligned
 *    window around it in one minor fault (mm/memory.c do_fault_around,
 *    mm/filemap.c filemap_map_pages): RSS +16;
 *  - the first read of an uncached file is a major fault (filemap_fault:
 *    PGMAJFAULT, maj_flt) and mmap read-around brings ra_pages (32) pages
 *    from index - 16 (do_sync_mmap_readahead), mapping one;
 *  - a private write copies the page (do_cow_fault): an anonymous page,
 *    the file and its cache page unchanged;
 *  - a shared write dirties the cache page (do_shared_fault, and
 *    wp_page_shared after a read); msync(MS_SYNC) writes it back
 *    (vfs_fsync_range), page_mkclean write-protects the pte again;
 *  - munmap and exit drop Mapped and RSS, the page cache keeps the pages
 *    (Cached unchanged); MAP_SHARED|MAP_ANONYMOUS is "/dev/zero (deleted)"
 *    on 00:01, Shmem in meminfo, MADV_REMOVE empties it for every mapper;
 *  - exec maps the program's text r-xp from /usr/bin/NAME on sda (08:00).
 * check_machine (the VM's and the page cache's invariants, the strict
 * NR_FILE_PAGES = pages in the cache) after every step.
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

static bool maps_has(struct machine *m, int pid, const char *line)
{
	char path[64], *t;
	bool r;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	t = view_text(m, path);
	r = strstr(t, line) != NULL;
	if (!r)
		fprintf(stderr, "maps:\n%s\nwanted: %s\n", t, line);
	free(t);
	return r;
}

static struct inode *mkfile(struct machine *m, const char *name, unsigned long pages, bool cache)
{
	struct inode *inode;

	assert_int_equal(inode_create(m, name, pages * PG, false, &inode), 0);
	if (cache) {		/* read it whole: every page cached and uptodate */
		uint8_t *buf = malloc(pages * PG);
		struct iov_iter it;

		iov_iter_kvec(&it, buf, pages * PG);
		assert_int_equal(kernel_read(m, inode_default_file(m, inode), 0, &it),
				 (long)(pages * PG));
		free(buf);
	}
	return inode;
}

/* byte @pos of @inode read back through the page cache (kernel_read) */
static uint8_t file_byte(struct machine *m, struct inode *inode, uint64_t pos)
{
	uint8_t b = 0;
	struct iov_iter it;

	iov_iter_kvec(&it, &b, 1);
	assert_int_equal(kernel_read(m, inode_default_file(m, inode), pos, &it), 1);
	return b;
}

static struct page *cache_page(struct machine *m, struct inode *inode, pgoff_t index)
{
	struct page *page = filemap_get_folio(m, inode->i_mapping, index);

	if (page)
		put_page(m, page);	/* a look only: the cache keeps its reference */
	return page;
}

static void test_fault_around_cached(void **state)
{
	int pid;
	struct machine *m = boot_vm(&pid);
	struct inode *f = mkfile(m, "data", 64, true);
	unsigned long cached = meminfo_kb(m, "Cached:"), mapped = meminfo_kb(m, "Mapped:");
	/*
	 * at 0x60000000f000 (a hint): page 20's 64K window is pages 17-32, as
	 * when this mapping sat right below mmap_base (before spawn mapped the
	 * libraries there)
	 */
	int64_t a = mms_mmap_file(m, pid, "data", 0x60000000f000, 64 * PG, PROT_READ, MAP_PRIVATE, 0);
	uint64_t mi = val(m, pid, "minflt"), ma = val(m, pid, "majflt"), rss = val(m, pid, "rss_file");
	uint8_t b;

	(void)state;
	assert_int_equal(a, 0x60000000f000);
	assert_int_equal(check_machine(m), 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 20 * PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, disk_file_byte("data", 20 * PG));
	/* one minor fault, 16 pages mapped: the window of 16 around page 20 */
	assert_int_equal(val(m, pid, "minflt") - mi, 1);
	assert_int_equal(val(m, pid, "majflt") - ma, 0);
	assert_int_equal(val(m, pid, "rss_file") - rss, 16);
	assert_int_equal(meminfo_kb(m, "Mapped:") - mapped, 64);
	assert_int_equal(meminfo_kb(m, "Cached:"), cached);
	assert_int_equal(page_mapcount(cache_page(m, f, 20)), 1);
	assert_int_equal(page_ref_count(cache_page(m, f, 20)), 2);	/* the cache + the pte */
	assert_int_equal(check_machine(m), 0);
	/* the other pages of the window cost no fault */
	mi = val(m, pid, "minflt");
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 17 * PG, 15 * PG, 0, NULL, 0, 1), 0);
	assert_int_equal(val(m, pid, "minflt") - mi, 0);
	/* maps: the file's device (sda's filesystem 08:00), inode and path */
	{
		char line[128];

		snprintf(line, sizeof(line), "r--p 00000000 08:00 %lu", f->i_ino);
		assert_true(maps_has(m, pid, line));
		assert_true(maps_has(m, pid, "/data\n"));
	}
	/* munmap: Mapped and RSS drop, the cache keeps every page */
	assert_int_equal(mms_munmap(m, pid, (uint64_t)a, 64 * PG), 0);
	assert_int_equal(val(m, pid, "rss_file"), rss);
	assert_int_equal(meminfo_kb(m, "Mapped:"), mapped);
	assert_int_equal(meminfo_kb(m, "Cached:"), cached);
	assert_int_equal(page_ref_count(cache_page(m, f, 20)), 1);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_major_fault_readahead(void **state)
{
	int pid;
	struct machine *m = boot_vm(&pid);
	struct inode *f = mkfile(m, "big", 256, false);
	int64_t a = mms_mmap_file(m, pid, "big", 0, 256 * PG, PROT_READ, MAP_SHARED, 0);
	uint64_t mi = val(m, pid, "minflt"), ma = val(m, pid, "majflt"), rss = val(m, pid, "rss_file");
	unsigned long pgmaj = m->vm_events[PGMAJFAULT];
	uint8_t b;

	(void)state;
	assert_true(a > 0);
	assert_int_equal(f->i_mapping->nrpages, 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 100 * PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, disk_file_byte("big", 100 * PG));
	/* major: read-around of ra_pages 32 from 100 - 16; only the page itself mapped */
	assert_int_equal(val(m, pid, "majflt") - ma, 1);
	assert_int_equal(val(m, pid, "minflt") - mi, 0);
	assert_int_equal(m->vm_events[PGMAJFAULT] - pgmaj, 1);
	assert_int_equal(f->i_mapping->nrpages, 32);
	assert_non_null(cache_page(m, f, 84));
	assert_non_null(cache_page(m, f, 115));
	assert_null(cache_page(m, f, 83));
	assert_int_equal(val(m, pid, "rss_file") - rss, 1);
	assert_int_equal(check_machine(m), 0);
	/* the next page: minor, and fault-around maps the cached rest of its window */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 101 * PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(val(m, pid, "minflt") - mi, 1);
	assert_int_equal(val(m, pid, "majflt") - ma, 1);
	assert_true(val(m, pid, "rss_file") - rss > 2);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_private_write_cow(void **state)
{
	int pid;
	struct machine *m = boot_vm(&pid);
	struct inode *f = mkfile(m, "lib", 16, true);
	int64_t a = mms_mmap_file(m, pid, "lib", 0, 16 * PG, RW, MAP_PRIVATE, 0);
	uint64_t anon = val(m, pid, "rss_anon");
	uint8_t orig = disk_file_byte("lib", 3 * PG + 5), b;

	(void)state;
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 3 * PG + 5, 1, 1, NULL, orig ^ 0xff, 0), 0);
	assert_int_equal(val(m, pid, "rss_anon") - anon, 1);		/* do_cow_fault: a copy */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 3 * PG + 5, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, (uint8_t)(orig ^ 0xff));
	/* the copy has the rest of the file's page */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 3 * PG + 6, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, disk_file_byte("lib", 3 * PG + 6));
	/* the file and its cache page unchanged */
	assert_int_equal(file_byte(m, f, 3 * PG + 5), orig);
	assert_false(PageDirty(cache_page(m, f, 3)));
	assert_int_equal(meminfo_kb(m, "Dirty:"), 0);
	assert_int_equal(check_machine(m), 0);
	/* read first, then write: wp_page_copy of the cache page */
	anon = val(m, pid, "rss_anon");
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 9 * PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 9 * PG, 1, 1, NULL, 0x11, 0), 0);
	assert_int_equal(val(m, pid, "rss_anon") - anon, 1);
	assert_int_equal(file_byte(m, f, 9 * PG), disk_file_byte("lib", 9 * PG));
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_shared_write_msync(void **state)
{
	int pid;
	struct machine *m = boot_vm(&pid);
	struct inode *f = mkfile(m, "db", 16, true);
	int64_t a = mms_mmap_file(m, pid, "db", 0, 16 * PG, RW, MAP_SHARED, 0);
	uint64_t mi, anon = val(m, pid, "rss_anon");
	uint8_t b;

	(void)state;
	assert_true(maps_has(m, pid, "rw-s 00000000 08:00 "));
	/* a write fault: the cache page mapped writable and dirty */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 2 * PG, 1, 1, NULL, 0x77, 0), 0);
	assert_true(PageDirty(cache_page(m, f, 2)));
	assert_int_equal(meminfo_kb(m, "Dirty:"), 4);
	assert_int_equal(val(m, pid, "rss_anon"), anon);
	assert_int_equal(file_byte(m, f, 2 * PG), 0x77);	/* the same page */
	assert_int_equal(check_machine(m), 0);
	/* msync(MS_SYNC): written back, clean, on the disk */
	assert_int_equal(mms_msync(m, pid, (uint64_t)a, 16 * PG, MS_SYNC), 0);
	assert_false(PageDirty(cache_page(m, f, 2)));
	assert_int_equal(meminfo_kb(m, "Dirty:"), 0);
	assert_int_equal(check_machine(m), 0);
	/* the pte was cleaned (page_mkclean): the next write faults and dirties again */
	mi = val(m, pid, "minflt");
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 2 * PG, 1, 1, NULL, 0x78, 0), 0);
	assert_int_equal(val(m, pid, "minflt") - mi, 1);
	assert_true(PageDirty(cache_page(m, f, 2)));
	/* read then write (wp_page_shared): one fault each, the page dirtied */
	mi = val(m, pid, "minflt");
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 12 * PG, 1, 0, &b, 0, 0), 0);
	assert_false(PageDirty(cache_page(m, f, 12)));
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 12 * PG, 1, 1, NULL, 0x12, 0), 0);
	assert_int_equal(val(m, pid, "minflt") - mi, 2);
	assert_true(PageDirty(cache_page(m, f, 12)));
	assert_int_equal(meminfo_kb(m, "Dirty:"), 8);
	assert_int_equal(mms_msync(m, pid, (uint64_t)a, 16 * PG, MS_SYNC), 0);
	/* the disk has it: dropped from the cache and read again */
	assert_int_equal(mms_munmap(m, pid, (uint64_t)a, 16 * PG), 0);
	assert_int_equal(mms_sysctl_write(m, "vm.drop_caches", "1", NULL, 0), 0);
	assert_int_equal(f->i_mapping->nrpages, 0);
	assert_int_equal(file_byte(m, f, 2 * PG), 0x78);
	assert_int_equal(file_byte(m, f, 12 * PG), 0x12);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_madvise_dontneed_and_exit(void **state)
{
	int pid;
	struct machine *m = boot_vm(&pid);
	struct inode *f = mkfile(m, "log", 32, true);
	unsigned long cached = meminfo_kb(m, "Cached:"), mapped = meminfo_kb(m, "Mapped:");
	int64_t a = mms_mmap_file(m, pid, "log", 0, 32 * PG, PROT_READ, MAP_PRIVATE | MAP_POPULATE, 0);
	uint64_t rss = val(m, pid, "rss_file");

	(void)state;
	assert_int_equal(meminfo_kb(m, "Mapped:") - mapped, 128);	/* populated: all 32 */
	assert_int_equal(mms_madvise(m, pid, (uint64_t)a, 32 * PG, MADV_DONTNEED), 0);
	assert_int_equal(val(m, pid, "rss_file"), rss - 32);
	assert_int_equal(meminfo_kb(m, "Mapped:"), mapped);
	assert_int_equal(f->i_mapping->nrpages, 32);		/* only the ptes went */
	assert_int_equal(check_machine(m), 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 32 * PG, 0, NULL, 0, 1), 0);
	assert_int_equal(check_machine(m), 0);
	assert_int_equal(mms_exit(m, pid, 0), 0);
	assert_int_equal(mms_reap(m, pid), 0);
	assert_int_equal(page_ref_count(cache_page(m, f, 0)), 1);
	assert_int_equal(meminfo_kb(m, "Cached:") >= cached, 1);	/* the program's pages too */
	assert_true(meminfo_kb(m, "Mapped:") <= mapped);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_shared_anon_shmem(void **state)
{
	int pid, child;
	struct machine *m = boot_vm(&pid);
	unsigned long shmem = meminfo_kb(m, "Shmem:");
	int64_t a = mms_mmap(m, pid, 0, 8 * PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	uint8_t b;

	(void)state;
	assert_true(maps_has(m, pid, "rw-s 00000000 00:01 "));
	assert_true(maps_has(m, pid, "/dev/zero (deleted)\n"));
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 8 * PG, 1, NULL, 0x42, 1), 0);
	assert_int_equal(meminfo_kb(m, "Shmem:") - shmem, 32);
	assert_int_equal(val(m, pid, "rss_shmem"), 8);
	assert_int_equal(mms_fork(m, pid, "kid", 0, &child), 0);
	assert_int_equal(mms_task_access(m, child, (uint64_t)a + PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0x42);
	assert_int_equal(check_machine(m), 0);
	/* MADV_REMOVE in the parent: the hole is seen by the child too */
	assert_int_equal(mms_madvise(m, pid, (uint64_t)a, 4 * PG, MADV_REMOVE), 0);
	assert_int_equal(meminfo_kb(m, "Shmem:") - shmem, 16);
	assert_int_equal(check_machine(m), 0);
	assert_int_equal(mms_task_access(m, child, (uint64_t)a + PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0);
	assert_int_equal(mms_task_access(m, child, (uint64_t)a + 5 * PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0x42);
	assert_int_equal(check_machine(m), 0);
	/* the last mapper gone, the file and its pages go (and its charge) */
	assert_int_equal(mms_exit(m, child, 0), 0);
	assert_int_equal(mms_reap(m, child), 0);
	assert_int_equal(mms_munmap(m, pid, (uint64_t)a, 8 * PG), 0);
	assert_int_equal(meminfo_kb(m, "Shmem:"), shmem);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_exec_text_in_page_cache(void **state)
{
	int pid;
	struct machine *m = boot_vm(&pid);
	struct inode *exe = inode_lookup(m, "usr/bin/web");
	unsigned long cached = meminfo_kb(m, "Cached:");
	char line[128];

	(void)state;
	assert_non_null(exe);
	assert_int_equal(exe->i_size, 64 * 1024 + 16 * 1024);	/* text + data */
	snprintf(line, sizeof(line), "r-xp 00000000 08:00 %lu", exe->i_ino);
	assert_true(maps_has(m, pid, line));
	assert_true(maps_has(m, pid, "/usr/bin/web\n"));
	snprintf(line, sizeof(line), "rw-p 00010000 08:00 %lu", exe->i_ino);
	assert_true(maps_has(m, pid, line));
	/* a fetch from the text: a page-cache page, RssFile */
	assert_int_equal(mms_task_access(m, pid, 0x555555554000UL, 1, 2, NULL, 0, 0), 0);
	assert_true(val(m, pid, "rss_file") >= 1);
	assert_true(meminfo_kb(m, "Cached:") > cached);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fault_around_cached),
		cmocka_unit_test(test_major_fault_readahead),
		cmocka_unit_test(test_private_write_cow),
		cmocka_unit_test(test_shared_write_msync),
		cmocka_unit_test(test_madvise_dontneed_and_exit),
		cmocka_unit_test(test_shared_anon_shmem),
		cmocka_unit_test(test_exec_text_in_page_cache),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
