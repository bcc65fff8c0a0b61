// SPDX-License-Identifier: MIT
/*
 * test_fidelity_file - file mappings through the page cache, against what
 * Linux 6.6 (x86_64, and i386 with HighMem: struct file_arch; THP off,
 * 4K pages, fault_around_bytes 65536, the default 128K readahead) does:
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
#include "fdtable.h"
#include "mm.h"
#include "pagemap.h"

#define PG 4096UL
#define RW (PROT_READ | PROT_WRITE)

/*
 * What differs between the profiles (Linux 6.6): x86_64, and i386 with
 * 1G of RAM so that it has HighMem (lowmem ends at 883M), where the
 * page cache's pages come from (GFP_HIGHUSER_MOVABLE, inode_init_always's
 * mapping gfp) and the kernel reaches them through kmap_local_page.
 */
struct file_arch {
	const char *spec;
	unsigned long text;		/* ELF_ET_DYN_BASE: the PIE's text */
	unsigned long hint;		/* a free address 15 pages into a page table */
	bool highmem;			/* page-cache and user pages from ZONE_HIGHMEM */
};

static const struct file_arch x86_64_arch = {
	.spec = "arch=x86_64 ram=256M cpus=2 norandmaps=1",
	.text = 0x555555554000UL,
	.hint = 0x60000000f000UL,
	.highmem = false,
};

static const struct file_arch i386_arch = {
	.spec = "arch=i386 ram=1G cpus=2 norandmaps=1",
	.text = 0x400000UL,
	.hint = 0x6000f000UL,
	.highmem = true,
};

static struct machine *boot_vm(const struct file_arch *A, int *pid)
{
	struct machine *m = boot_spec(A->spec);

	assert_int_equal(mms_spawn(m, "web", NULL, pid), 0);
	return m;
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
	const struct file_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	struct inode *f = mkfile(m, "data", 64, true);
	unsigned long cached = meminfo_kb(m, "Cached:"), mapped = meminfo_kb(m, "Mapped:");
	/*
	 * at the hint (15 pages into a page table): page 20's 64K window is pages 17-32, as
	 * when this mapping sat right below mmap_base (before spawn mapped the
	 * libraries there)
	 */
	int64_t a = mms_mmap_file(m, pid, "data", A->hint, 64 * PG, PROT_READ, MAP_PRIVATE, 0);
	uint64_t mi = task_val(m, pid, "minflt"), ma = task_val(m, pid, "majflt"), rss = task_val(m, pid, "rss_file");
	uint8_t b;

	assert_int_equal(a, A->hint);
	assert_int_equal(check_machine(m), 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 20 * PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, disk_file_byte("data", 20 * PG));
	/* one minor fault, 16 pages mapped: the window of 16 around page 20 */
	assert_int_equal(task_val(m, pid, "minflt") - mi, 1);
	assert_int_equal(task_val(m, pid, "majflt") - ma, 0);
	assert_int_equal(task_val(m, pid, "rss_file") - rss, 16);
	assert_int_equal(meminfo_kb(m, "Mapped:") - mapped, 64);
	assert_int_equal(meminfo_kb(m, "Cached:"), cached);
	assert_int_equal(page_mapcount(cache_page(m, f, 20)), 1);
	assert_int_equal(page_ref_count(cache_page(m, f, 20)), 2);	/* the cache + the pte */
	assert_int_equal(check_machine(m), 0);
	/* the other pages of the window cost no fault */
	mi = task_val(m, pid, "minflt");
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 17 * PG, 15 * PG, 0, NULL, 0, 1), 0);
	assert_int_equal(task_val(m, pid, "minflt") - mi, 0);
	/* maps: the file's device (sda's filesystem 08:00), inode and path */
	{
		char line[128];

		snprintf(line, sizeof(line), "r--p 00000000 08:00 %lu", f->i_ino);
		assert_true(pid_maps_has(m, pid, line));
		assert_true(pid_maps_has(m, pid, "/data\n"));
	}
	/* munmap: Mapped and RSS drop, the cache keeps every page */
	assert_int_equal(mms_munmap(m, pid, (uint64_t)a, 64 * PG), 0);
	assert_int_equal(task_val(m, pid, "rss_file"), rss);
	assert_int_equal(meminfo_kb(m, "Mapped:"), mapped);
	assert_int_equal(meminfo_kb(m, "Cached:"), cached);
	assert_int_equal(page_ref_count(cache_page(m, f, 20)), 1);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_major_fault_readahead(void **state)
{
	const struct file_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	struct inode *f = mkfile(m, "big", 256, false);
	int64_t a = mms_mmap_file(m, pid, "big", 0, 256 * PG, PROT_READ, MAP_SHARED, 0);
	uint64_t mi = task_val(m, pid, "minflt"), ma = task_val(m, pid, "majflt"), rss = task_val(m, pid, "rss_file");
	unsigned long pgmaj = m->vm_events[PGMAJFAULT];
	uint8_t b;

	assert_true(a > 0);
	assert_int_equal(f->i_mapping->nrpages, 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 100 * PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, disk_file_byte("big", 100 * PG));
	/* major: read-around of ra_pages 32 from 100 - 16; only the page itself mapped */
	assert_int_equal(task_val(m, pid, "majflt") - ma, 1);
	assert_int_equal(task_val(m, pid, "minflt") - mi, 0);
	assert_int_equal(m->vm_events[PGMAJFAULT] - pgmaj, 1);
	assert_int_equal(f->i_mapping->nrpages, 32);
	assert_non_null(cache_page(m, f, 84));
	assert_non_null(cache_page(m, f, 115));
	assert_null(cache_page(m, f, 83));
	assert_int_equal(task_val(m, pid, "rss_file") - rss, 1);
	assert_int_equal(check_machine(m), 0);
	/* the next page: minor, and fault-around maps the cached rest of its window */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 101 * PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(task_val(m, pid, "minflt") - mi, 1);
	assert_int_equal(task_val(m, pid, "majflt") - ma, 1);
	assert_true(task_val(m, pid, "rss_file") - rss > 2);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_private_write_cow(void **state)
{
	const struct file_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	struct inode *f = mkfile(m, "lib", 16, true);
	int64_t a = mms_mmap_file(m, pid, "lib", 0, 16 * PG, RW, MAP_PRIVATE, 0);
	uint64_t anon = task_val(m, pid, "rss_anon");
	uint8_t orig = disk_file_byte("lib", 3 * PG + 5), b;

	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 3 * PG + 5, 1, 1, NULL, orig ^ 0xff, 0), 0);
	assert_int_equal(task_val(m, pid, "rss_anon") - anon, 1);		/* do_cow_fault: a copy */
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
	anon = task_val(m, pid, "rss_anon");
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 9 * PG, 1, 0, &b, 0, 0), 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 9 * PG, 1, 1, NULL, 0x11, 0), 0);
	assert_int_equal(task_val(m, pid, "rss_anon") - anon, 1);
	assert_int_equal(file_byte(m, f, 9 * PG), disk_file_byte("lib", 9 * PG));
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_shared_write_msync(void **state)
{
	const struct file_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	struct inode *f = mkfile(m, "db", 16, true);
	int64_t a = mms_mmap_file(m, pid, "db", 0, 16 * PG, RW, MAP_SHARED, 0);
	uint64_t mi, anon = task_val(m, pid, "rss_anon");
	uint8_t b;

	assert_true(pid_maps_has(m, pid, "rw-s 00000000 08:00 "));
	/* a write fault: the cache page mapped writable and dirty */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 2 * PG, 1, 1, NULL, 0x77, 0), 0);
	assert_true(PageDirty(cache_page(m, f, 2)));
	assert_int_equal(meminfo_kb(m, "Dirty:"), 4);
	assert_int_equal(task_val(m, pid, "rss_anon"), anon);
	assert_int_equal(file_byte(m, f, 2 * PG), 0x77);	/* the same page */
	assert_int_equal(check_machine(m), 0);
	/* msync(MS_SYNC): written back, clean, on the disk */
	assert_int_equal(mms_msync(m, pid, (uint64_t)a, 16 * PG, MS_SYNC), 0);
	assert_false(PageDirty(cache_page(m, f, 2)));
	assert_int_equal(meminfo_kb(m, "Dirty:"), 0);
	assert_int_equal(check_machine(m), 0);
	/* the pte was cleaned (page_mkclean): the next write faults and dirties again */
	mi = task_val(m, pid, "minflt");
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 2 * PG, 1, 1, NULL, 0x78, 0), 0);
	assert_int_equal(task_val(m, pid, "minflt") - mi, 1);
	assert_true(PageDirty(cache_page(m, f, 2)));
	/* read then write (wp_page_shared): one fault each, the page dirtied */
	mi = task_val(m, pid, "minflt");
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 12 * PG, 1, 0, &b, 0, 0), 0);
	assert_false(PageDirty(cache_page(m, f, 12)));
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 12 * PG, 1, 1, NULL, 0x12, 0), 0);
	assert_int_equal(task_val(m, pid, "minflt") - mi, 2);
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
	const struct file_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	struct inode *f = mkfile(m, "log", 32, true);
	unsigned long cached = meminfo_kb(m, "Cached:"), mapped = meminfo_kb(m, "Mapped:");
	int64_t a = mms_mmap_file(m, pid, "log", 0, 32 * PG, PROT_READ, MAP_PRIVATE | MAP_POPULATE, 0);
	uint64_t rss = task_val(m, pid, "rss_file");

	assert_int_equal(meminfo_kb(m, "Mapped:") - mapped, 128);	/* populated: all 32 */
	assert_int_equal(mms_madvise(m, pid, (uint64_t)a, 32 * PG, MADV_DONTNEED), 0);
	assert_int_equal(task_val(m, pid, "rss_file"), rss - 32);
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
	const struct file_arch *A = *state;
	int pid, child;
	struct machine *m = boot_vm(A, &pid);
	unsigned long shmem = meminfo_kb(m, "Shmem:");
	int64_t a = mms_mmap(m, pid, 0, 8 * PG, RW, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	uint8_t b;

	assert_true(pid_maps_has(m, pid, "rw-s 00000000 00:01 "));
	assert_true(pid_maps_has(m, pid, "/dev/zero (deleted)\n"));
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a, 8 * PG, 1, NULL, 0x42, 1), 0);
	assert_int_equal(meminfo_kb(m, "Shmem:") - shmem, 32);
	assert_int_equal(task_val(m, pid, "rss_shmem"), 8);
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
	const struct file_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	struct inode *exe = inode_lookup(m, "usr/bin/web");
	unsigned long cached = meminfo_kb(m, "Cached:");
	char line[128];

	assert_non_null(exe);
	assert_int_equal(exe->i_size, 64 * 1024 + 16 * 1024);	/* text + data */
	snprintf(line, sizeof(line), "r-xp 00000000 08:00 %lu", exe->i_ino);
	assert_true(pid_maps_has(m, pid, line));
	assert_true(pid_maps_has(m, pid, "/usr/bin/web\n"));
	snprintf(line, sizeof(line), "rw-p 00010000 08:00 %lu", exe->i_ino);
	assert_true(pid_maps_has(m, pid, line));
	/* a fetch from the text: a page-cache page, RssFile */
	assert_int_equal(mms_task_access(m, pid, A->text, 1, 2, NULL, 0, 0), 0);
	assert_true(task_val(m, pid, "rss_file") >= 1);
	assert_true(meminfo_kb(m, "Cached:") > cached);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* this CPU's invlpg count: a kmap_local's unmap is one (arch_kmap_local_post_unmap) */
static uint64_t flushes(struct machine *m)
{
	return this_cpu(m)->tlb.stats.flush_one;
}

static long kread(struct machine *m, struct inode *inode, uint64_t pos, void *buf, size_t n)
{
	struct iov_iter it;

	iov_iter_kvec(&it, buf, n);
	return kernel_read(m, inode_default_file(m, inode), pos, &it);
}

static long kwrite(struct machine *m, struct inode *inode, uint64_t pos, void *buf, size_t n)
{
	struct iov_iter it;

	iov_iter_kvec(&it, buf, n);
	return kernel_write(m, inode_default_file(m, inode), pos, &it);
}

/*
 * Where page-cache pages live and how the kernel reaches them (6.6): a
 * regular file's mapping allocates GFP_HIGHUSER_MOVABLE
 * (inode_init_always), tmpfs's too, so on i386 their pages are HighMem;
 * the block device's mapping is GFP_USER (bdev_alloc): lowmem, the
 * Buffers.  The CPU copies through kmap_local_page, one slot a page:
 * filemap_read's copy_page_to_iter, generic_perform_write's
 * copy_page_from_iter_atomic, simple_write_begin's folio_zero_segments
 * for a new page past EOF, truncate_inode_partial_folio's
 * folio_zero_range, shmem_write_end's zeroing around a partial write of a
 * new page, shmem's clear_highpage for a faulted hole; each unmap is one
 * invlpg on this CPU.  The disk's DMA (readahead, writeback) needs no
 * mapping.  On x86_64 everything is in the direct map: no flush.
 */
static void test_page_cache_highmem(void **state)
{
	const struct file_arch *A = *state;
	int pid;
	struct machine *m = boot_vm(A, &pid);
	struct inode *f = mkfile(m, "data", 8, false), *t, *sda = inode_lookup(m, "/dev/sda");
	const uint64_t k = A->highmem ? 1 : 0;
	uint8_t *buf = malloc(8 * PG);
	uint64_t f0;
	int64_t a;
	uint8_t b;

	assert_non_null(buf);
	/* a cold read of 8 pages: readahead's DMA, then 8 copies */
	f0 = flushes(m);
	assert_int_equal(kread(m, f, 0, buf, 8 * PG), 8 * PG);
	assert_int_equal(flushes(m) - f0, 8 * k);
	for (pgoff_t i = 0; i < 8; i++)
		assert_int_equal(page_zonenum(cache_page(m, f, i)) == ZONE_HIGHMEM, A->highmem);
	assert_int_equal(buf[5 * PG + 7], disk_file_byte("data", 5 * PG + 7));
	assert_int_equal(this_cpu(m)->kmap_ctrl_idx, 0);
	/* an unaligned read of 2 pages spans 3: three mappings */
	f0 = flushes(m);
	assert_int_equal(kread(m, f, 100, buf, 2 * PG), 2 * PG);
	assert_int_equal(flushes(m) - f0, 3 * k);
	/* writes over cached pages: one mapping a page */
	memset(buf, 0x3c, 2 * PG);
	f0 = flushes(m);
	assert_int_equal(kwrite(m, f, PG, buf, 2 * PG), 2 * PG);
	assert_int_equal(flushes(m) - f0, 2 * k);
	/* a partial write of a new page past EOF: zeroed around it, then the copy */
	f0 = flushes(m);
	assert_int_equal(kwrite(m, f, 8 * PG + 10, buf, 100), 100);
	assert_int_equal(flushes(m) - f0, 2 * k);
	assert_int_equal(page_zonenum(cache_page(m, f, 8)) == ZONE_HIGHMEM, A->highmem);
	assert_int_equal(kread(m, f, 8 * PG, buf, 120), 110);	/* to EOF */
	assert_int_equal(buf[9], 0);
	assert_int_equal(buf[10], 0x3c);
	assert_int_equal(buf[109], 0x3c);
	/* truncation into a cached page zeroes its tail under one mapping */
	f0 = flushes(m);
	assert_int_equal(do_truncate(m, f, 8 * PG + 50), 0);
	assert_int_equal(flushes(m) - f0, k);
	assert_int_equal(check_machine(m), 0);
	/* writeback is the disk's DMA: no mapping */
	f0 = flushes(m);
	assert_int_equal(filemap_write_and_wait_range(m, f->i_mapping, 0, ~0ULL), 0);
	assert_int_equal(flushes(m) - f0, 0);
	/* tmpfs: a full-page write copies only; a partial one of a new page zeroes around it */
	assert_int_equal(inode_create(m, "shm", 0, true, &t), 0);
	memset(buf, 0x5e, PG);
	f0 = flushes(m);
	assert_int_equal(kwrite(m, t, 0, buf, PG), PG);
	assert_int_equal(flushes(m) - f0, k);
	f0 = flushes(m);
	assert_int_equal(kwrite(m, t, PG + 5, buf, 10), 10);
	assert_int_equal(flushes(m) - f0, 2 * k);
	assert_int_equal(page_zonenum(cache_page(m, t, 1)) == ZONE_HIGHMEM, A->highmem);
	f0 = flushes(m);
	assert_int_equal(kread(m, t, 0, buf, PG + 20), PG + 15);	/* to EOF */
	assert_int_equal(flushes(m) - f0, 2 * k);
	assert_int_equal(buf[PG - 1], 0x5e);
	assert_int_equal(buf[PG + 4], 0);
	assert_int_equal(buf[PG + 5], 0x5e);
	assert_int_equal(buf[PG + 14], 0x5e);
	/* a shared mapping faulting a tmpfs hole: clear_highpage */
	assert_int_equal(do_truncate(m, t, 4 * PG), 0);
	a = mms_mmap_file(m, pid, "shm", 0, 4 * PG, RW, MAP_SHARED, 0);
	assert_true(a > 0);
	assert_int_equal(mms_task_set_cpu(m, pid, 0), 0);
	f0 = m->cpus[0].tlb.stats.flush_one;
	assert_int_equal(mms_task_access(m, pid, (uint64_t)a + 3 * PG + 9, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0);
	assert_int_equal(m->cpus[0].tlb.stats.flush_one - f0, k);
	assert_int_equal(page_zonenum(cache_page(m, t, 3)) == ZONE_HIGHMEM, A->highmem);
	/* the block device's pages are lowmem (GFP_USER), so no mapping on i386 either */
	assert_non_null(sda);
	f0 = flushes(m);
	assert_int_equal(kread(m, sda, 0, buf, 2 * PG), 2 * PG);
	assert_int_equal(flushes(m) - f0, 0);
	assert_int_not_equal(page_zonenum(cache_page(m, sda, 0)), ZONE_HIGHMEM);
	assert_int_not_equal(page_zonenum(cache_page(m, sda, 1)), ZONE_HIGHMEM);
	assert_int_equal(this_cpu(m)->kmap_ctrl_idx, 0);
	assert_false(dmesg_has(m, "kunmap_local"));
	assert_false(dmesg_has(m, "kmap_local:"));
	assert_int_equal(check_machine(m), 0);
	free(buf);
	mms_machine_free(m);
}

#define FILE_TEST(f) \
	{ #f "/x86_64", f, NULL, NULL, (void *)&x86_64_arch }, \
	{ #f "/i386", f, NULL, NULL, (void *)&i386_arch }

int main(void)
{
	const struct CMUnitTest tests[] = {
		FILE_TEST(test_fault_around_cached),
		FILE_TEST(test_major_fault_readahead),
		FILE_TEST(test_private_write_cow),
		FILE_TEST(test_shared_write_msync),
		FILE_TEST(test_madvise_dontneed_and_exit),
		FILE_TEST(test_shared_anon_shmem),
		FILE_TEST(test_exec_text_in_page_cache),
		FILE_TEST(test_page_cache_highmem),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
