// SPDX-License-Identifier: MIT
/*
 * test_filemap.c - unit tests for the page cache (src/mm/filemap.c,
 * src/lib/xarray.c, src/fs/inode.c, src/fs/blkdev.c, src/mm/shmem.c,
 * src/mm/swap.c): hits and misses, the content read back, the counters
 * (NR_FILE_PAGES, meminfo Cached / Buffers / Shmem, the LRU lists), the
 * references and flags of cached pages, drop_caches, tmpfs, the fault
 * entry, bad input, and a randomized workload checked by check_machine
 * after every step against a host model of every file's bytes.
 *
 * Timing comes from the cost model's defaults: a disk request costs
 * cost.disk_io = 300000 cycles at 3000 MHz = 100000 ns, plus 2048 ns per
 * page (BLK_XFER_NS_PER_PAGE).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "blkdev.h"
#include "pagemap.h"
#include "random.h"
#include "writeback.h"

static struct inode *mkfile(struct machine *m, const char *name, uint64_t size, bool tmpfs)
{
	struct inode *inode;

	assert_int_equal(inode_create(m, name, size, tmpfs, &inode), 0);
	return inode;
}

static long rd(struct machine *m, const char *name, uint64_t off, void *buf, size_t len)
{
	return mms_file_read(m, name, off, buf, len);
}

/* A miss reads from disk (readahead: 4 pages for a first 4K read); a hit does not. */
static void test_hit_and_miss(void **state)
{
	struct machine *m = boot_spec("ram=256M cpus=2");
	struct inode *inode = mkfile(m, "f", 1 << 20, false);
	unsigned long cached0 = meminfo_kb(m, "Cached:");
	uint8_t buf[4096];
	uint64_t t0;

	(void)state;
	assert_int_equal(cached0, 0);
	t0 = m->clock_ns;
	assert_int_equal(rd(m, "f", 0, buf, sizeof(buf)), 4096);
	for (int i = 0; i < 4096; i++)
		assert_int_equal(buf[i], disk_file_byte("f", (uint64_t)i));
	/* get_init_ra_size(1, 32) = 4 pages in one request: 100 us + 4 x 2.048 us */
	assert_int_equal(inode->i_mapping->nrpages, 4);
	assert_int_equal(m->vm_events[PGPGIN], 4 * 8);	/* sectors */
	assert_true(m->clock_ns - t0 >= 100000 + 4 * 2048);
	assert_int_equal(meminfo_kb(m, "Cached:"), 16);
	assert_int_equal(meminfo_kb(m, "Inactive(file):"), 16);
	assert_int_equal(global_node_page_state(m, NR_FILE_PAGES), 4);
	/* a hit: page 2 is cached and has no PG_readahead; no I/O, no time */
	t0 = m->clock_ns;
	assert_int_equal(rd(m, "f", 2 * 4096 + 10, buf, 100), 100);
	assert_int_equal(buf[0], disk_file_byte("f", 2 * 4096 + 10));
	assert_int_equal(m->vm_events[PGPGIN], 4 * 8);
	assert_int_equal(m->clock_ns, t0);
	/* each page: the cache's one reference, mapping and index, uptodate, on the LRU */
	for (pgoff_t i = 0; i < 4; i++) {
		struct page *p = xa_load(&inode->i_mapping->i_pages, i);

		assert_non_null(p);
		assert_ptr_equal(p->mapping, inode->i_mapping);
		assert_int_equal(p->index, i);
		assert_int_equal(page_ref_count(p), 1);
		assert_true(PageUptodate(p) && PageLRU(p) && !PageLocked(p) && !PageDirty(p));
		assert_int_equal(page_zonenum(p), ZONE_DMA32);	/* GFP_HIGHUSER_MOVABLE, 256M */
	}
	/* page 1 carried PG_readahead (4 - async_size 3); page 2 was read twice: referenced */
	assert_true(PageReferenced((struct page *)xa_load(&inode->i_mapping->i_pages, 2)));
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* The second access (another read call) activates a referenced page. */
static void test_activation(void **state)
{
	struct machine *m = boot_spec("ram=256M");
	uint8_t buf[16];

	(void)state;
	mkfile(m, "f", 16384, false);
	rd(m, "f", 0, buf, 16);		/* page 0: referenced */
	assert_int_equal(meminfo_kb(m, "Active(file):"), 0);
	rd(m, "f", 8192, buf, 16);	/* another page: prev_pos differs */
	rd(m, "f", 0, buf, 16);		/* page 0 again: active */
	assert_int_equal(meminfo_kb(m, "Active(file):"), 4);
	assert_int_equal(meminfo_kb(m, "Inactive(file):"), 12);
	assert_int_equal(m->vm_events[PGACTIVATE], 1);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* Written data reads back, survives fsync + drop_caches (from the disk's copy). */
static void test_write_read_back(void **state)
{
	struct machine *m = boot_spec("ram=256M");
	uint8_t buf[10000], out[10000];

	(void)state;
	mkfile(m, "w", 65536, false);
	for (int i = 0; i < (int)sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7);
	/* a partial first page is read before it is written (write_begin) */
	assert_int_equal(mms_file_write(m, "w", 100, buf, sizeof(buf)), sizeof(buf));
	assert_int_equal(rd(m, "w", 100, out, sizeof(out)), sizeof(out));
	assert_memory_equal(buf, out, sizeof(buf));
	assert_int_equal(rd(m, "w", 0, out, 100), 100);
	for (int i = 0; i < 100; i++)
		assert_int_equal(out[i], disk_file_byte("w", (uint64_t)i));
	/* pages 0, 1, 2 dirty: 12K */
	assert_int_equal(meminfo_kb(m, "Dirty:"), 12);
	assert_int_equal(mms_file_fsync(m, "w"), 0);
	assert_int_equal(meminfo_kb(m, "Dirty:"), 0);
	assert_int_equal(meminfo_kb(m, "Writeback:"), 0);
	assert_int_equal(m->vm_events[PGPGOUT], 3 * 8);
	assert_int_equal(global_node_page_state(m, NR_WRITTEN), 3);
	assert_int_equal(mms_sysctl_write(m, "vm.drop_caches", "1", (char[64]){ 0 }, 64), 0);
	assert_int_equal(meminfo_kb(m, "Cached:"), 0);
	assert_int_equal(m->vm_events[DROP_PAGECACHE], 1);
	assert_true(dmesg_has(m, "drop_caches: 1"));
	memset(out, 0, sizeof(out));
	assert_int_equal(rd(m, "w", 100, out, sizeof(out)), sizeof(out));
	assert_memory_equal(buf, out, sizeof(buf));
	/* extending the file: i_size follows, the bytes past the old end read back */
	assert_int_equal(mms_file_write(m, "w", 65536 + 5000, buf, 10), 10);
	assert_int_equal(mms_file_read(m, "w", 65536, out, 6000), 5010);
	for (int i = 0; i < 5000; i++)
		assert_int_equal(out[i], 0);
	assert_memory_equal(out + 5000, buf, 10);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* drop_caches keeps dirty pages, and pages someone holds. */
static void test_drop_caches_keeps_dirty(void **state)
{
	struct machine *m = boot_spec("ram=256M");
	struct inode *inode = mkfile(m, "d", 65536, false);
	uint8_t buf[4096] = { 1 };
	struct page *held;
	char err[64];

	(void)state;
	rd(m, "d", 0, buf, 4096);			/* pages 0..3 */
	mms_file_write(m, "d", 4096, buf, 4096);	/* page 1 dirty */
	held = filemap_get_folio(m, inode->i_mapping, 2);	/* a reference on page 2 */
	assert_non_null(held);
	assert_int_equal(mms_sysctl_write(m, "vm.drop_caches", "3", err, sizeof(err)), 0);
	assert_int_equal(inode->i_mapping->nrpages, 2);
	assert_non_null(xa_load(&inode->i_mapping->i_pages, 1));
	assert_non_null(xa_load(&inode->i_mapping->i_pages, 2));
	assert_int_equal(m->vm_events[DROP_SLAB], 1);
	put_page(m, held);
	assert_int_equal(mms_sysctl_write(m, "vm.drop_caches", "0", err, sizeof(err)), -EINVAL);
	assert_int_equal(mms_sysctl_write(m, "vm.drop_caches", "5", err, sizeof(err)), -EINVAL);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* The block device's own pages are Buffers, not Cached. */
static void test_buffers(void **state)
{
	struct machine *m = boot_spec("ram=256M");
	uint8_t buf[4096], fb[4096];
	struct inode *inode = mkfile(m, "b", 8192, false);

	(void)state;
	/* the file's first block, read through the raw device */
	assert_int_equal(rd(m, "/dev/sda", inode->start_block * 4096, buf, 4096), 4096);
	assert_int_equal(rd(m, "b", 0, fb, 4096), 4096);
	assert_memory_equal(buf, fb, 4096);
	/*
	 * the device: a first read not at index 0 with no history is a
	 * "small random read" (ondemand_readahead): 1 page; the file's first
	 * read: 4 pages cut at its end, 2
	 */
	assert_int_equal(meminfo_kb(m, "Buffers:"), 4);
	assert_int_equal(meminfo_kb(m, "Cached:"), 8);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* tmpfs: holes read as zeros without pages; writes allocate swap-backed pages. */
static void test_shmem(void **state)
{
	struct machine *m = boot_spec("ram=256M");
	struct inode *inode = mkfile(m, "t", 1 << 20, true);
	uint8_t buf[8192];
	struct page *p;

	(void)state;
	memset(buf, 0xff, sizeof(buf));
	assert_int_equal(rd(m, "t", 0, buf, sizeof(buf)), 8192);
	for (int i = 0; i < 8192; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(inode->i_mapping->nrpages, 0);
	assert_int_equal(m->vm_events[PGPGIN], 0);
	assert_int_equal(mms_file_write(m, "t", 4000, "hello", 5), 5);
	/* one page (4000..4004 is in page 0), zeroed, Shmem and Cached, anon LRU, not Dirty */
	assert_int_equal(meminfo_kb(m, "Shmem:"), 4);
	assert_int_equal(meminfo_kb(m, "Cached:"), 4);
	assert_int_equal(meminfo_kb(m, "Inactive(anon):"), 4);
	assert_int_equal(meminfo_kb(m, "Dirty:"), 0);
	p = xa_load(&inode->i_mapping->i_pages, 0);
	assert_true(PageSwapBacked(p) && PageDirty(p) && PageUptodate(p));
	assert_int_equal(rd(m, "t", 3998, buf, 9), 9);
	assert_memory_equal(buf, "\0\0hello\0\0", 9);
	/* fsync and drop_caches change nothing */
	assert_int_equal(mms_file_fsync(m, "t"), 0);
	assert_int_equal(mms_sysctl_write(m, "vm.drop_caches", "1", (char[64]){ 0 }, 64), 0);
	assert_int_equal(meminfo_kb(m, "Shmem:"), 4);
	assert_int_equal(m->vm_events[PGPGOUT], 0);
	/* the fault entry allocates a hole's page (SGP_CACHE), minor */
	assert_int_equal(filemap_fault_page(m, inode_default_file(m, inode), 7, 0, &p), 0);
	assert_non_null(p);
	assert_int_equal(p->index, 7);
	put_page(m, p);
	assert_int_equal(meminfo_kb(m, "Shmem:"), 8);
	/* unlink frees the pages and uncharges the tmpfs */
	assert_int_equal(mms_file_unlink(m, "t"), 0);
	assert_int_equal(meminfo_kb(m, "Shmem:"), 0);
	assert_int_equal(meminfo_kb(m, "Cached:"), 0);
	assert_int_equal(m->pagecache->tmpfs_used, 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* tmpfs is full at half of RAM: -ENOSPC (shmem_default_max_blocks). */
static void test_shmem_enospc(void **state)
{
	struct machine *m = boot_spec("ram=64M");
	unsigned long max = shmem_max_blocks(m);
	uint8_t *buf = calloc(1, (max + 1) * 4096);
	long ret;

	(void)state;
	assert_int_equal(max, m->totalram_pages / 2);
	mkfile(m, "big", 0, true);
	ret = mms_file_write(m, "big", 0, buf, (max + 1) * 4096);
	assert_int_equal(ret, (long)max * 4096);	/* short: what fitted */
	assert_int_equal(mms_file_write(m, "big", max * 4096, buf, 1), -ENOSPC);
	assert_int_equal(meminfo_kb(m, "Shmem:"), max * 4);
	assert_int_equal(check_machine(m), 0);
	free(buf);
	mms_machine_free(m);
}

/* The fault entry: a miss is major (PGMAJFAULT) with read-around; a hit is minor. */
static void test_fault_entry(void **state)
{
	struct machine *m = boot_spec("ram=256M");
	struct inode *inode = mkfile(m, "x", 1 << 20, false);
	struct file *f = inode_default_file(m, inode);
	struct page *p;

	(void)state;
	assert_int_equal(filemap_fault_page(m, f, 100, 0, &p), 1);
	assert_int_equal(m->vm_events[PGMAJFAULT], 1);
	/* do_sync_mmap_readahead: start 100 - 32/2 = 84, 32 pages, async 8: mark at 84 + 24 */
	assert_int_equal(f->f_ra.start, 84);
	assert_int_equal(f->f_ra.size, 32);
	assert_int_equal(f->f_ra.async_size, 8);
	assert_int_equal(inode->i_mapping->nrpages, 32);
	assert_true(PageReadahead((struct page *)xa_load(&inode->i_mapping->i_pages, 108)));
	assert_int_equal(page_ref_count(p), 2);		/* the cache's and ours */
	assert_true(PageUptodate(p) && !PageLocked(p));
	assert_int_equal(((uint8_t *)page_address_host(m, p))[0], disk_file_byte("x", 100 * 4096));
	put_page(m, p);
	assert_int_equal(filemap_fault_page(m, f, 101, 0, &p), 0);
	put_page(m, p);
	assert_int_equal(m->vm_events[PGMAJFAULT], 1);
	assert_int_equal(filemap_fault_page(m, f, 256, 0, &p), -ENXIO);	/* past EOF: SIGBUS */
	assert_null(p);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_bad_input(void **state)
{
	struct machine *m = boot_spec("ram=64M");
	struct inode *inode;
	uint8_t b;

	(void)state;
	assert_int_equal(mms_file_read(m, "nope", 0, &b, 1), -ENOENT);
	assert_int_equal(mms_file_write(m, "nope", 0, &b, 1), -ENOENT);
	assert_int_equal(mms_file_fsync(m, "nope"), -ENOENT);
	assert_int_equal(mms_file_unlink(m, "nope"), -ENOENT);
	assert_int_equal(inode_create(m, "", 1, false, &inode), -EINVAL);
	assert_int_equal(inode_create(m, "a/b", 1, false, &inode), -EINVAL);
	assert_int_equal(inode_create(m, "big", 5ULL << 30, false, &inode), -EFBIG);
	mkfile(m, "a", 10, false);
	assert_int_equal(inode_create(m, "a", 1, false, &inode), -EEXIST);
	assert_int_equal(mms_file_read(m, "a", 10, &b, 1), 0);		/* at EOF */
	assert_int_equal(mms_file_read(m, "a", 1 << 20, &b, 1), 0);	/* past it */
	assert_int_equal(mms_file_write(m, "a", 4ULL << 30, &b, 1), -EFBIG);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* The xarray alone: growth, shrinking to the head, marks, node counts. */
static void test_xarray(void **state)
{
	struct machine *m = boot_spec("ram=64M");
	struct xarray xa;
	int dummy[3];
	unsigned long idx;

	(void)state;
	xa_init(&xa, m->pagecache->radix_tree_node);
	xa_store(m, &xa, 0, &dummy[0]);
	assert_int_equal(xa.nr_nodes, 0);		/* index 0 alone: in the head */
	xa_store(m, &xa, 63, &dummy[1]);
	assert_int_equal(xa.nr_nodes, 1);		/* one 64-slot node */
	xa_store(m, &xa, 64, &dummy[2]);
	assert_int_equal(xa.nr_nodes, 3);		/* a root of shift 6 and two leaves */
	xa_set_mark(&xa, 64, XA_MARK_0);
	assert_true(xa_marked(&xa, XA_MARK_0));
	idx = 0;
	assert_ptr_equal(xa_find(&xa, &idx, ~0UL, XA_MARK_0), &dummy[2]);
	assert_int_equal(idx, 64);
	idx = 1;
	assert_ptr_equal(xa_find(&xa, &idx, ~0UL, XA_PRESENT), &dummy[1]);
	assert_int_equal(idx, 63);
	assert_int_equal(xa_check(m, &xa, "t"), 0);
	assert_ptr_equal(xa_erase(m, &xa, 64), &dummy[2]);
	assert_false(xa_marked(&xa, XA_MARK_0));
	assert_int_equal(xa.nr_nodes, 1);		/* xas_shrink: the leaf is the root again */
	xa_erase(m, &xa, 63);
	assert_int_equal(xa.nr_nodes, 0);		/* and slot 0 went back to the head */
	assert_ptr_equal(xa_load(&xa, 0), &dummy[0]);
	xa_store(m, &xa, 1UL << 40, &dummy[1]);
	assert_ptr_equal(xa_load(&xa, 1UL << 40), &dummy[1]);
	assert_int_equal(xa_check(m, &xa, "t"), 0);
	xa_destroy(m, &xa);
	mms_machine_free(m);
}

/*
 * Randomized: reads, writes, fsyncs, drop_caches, idle time, unlink and
 * re-create on disk and tmpfs files, on a small machine (the dirty limits
 * and the throttle are reached); every read checked against the model,
 * check_machine after every step.
 */
#define NF 4
#define FSIZE (192 * 1024)
static void test_random(void **state)
{
	struct machine *m = boot_spec("ram=32M cpus=2");
	static uint8_t model[NF][FSIZE];
	static uint8_t buf[FSIZE];
	const char *names[NF] = { "r0", "r1", "t0", "t1" };
	struct rnd_state rnd;

	(void)state;
	prandom_seed_state(&rnd, 42);
	for (int f = 0; f < NF; f++) {
		mkfile(m, names[f], FSIZE, f >= 2);
		for (int i = 0; i < FSIZE; i++)
			model[f][i] = f < 2 ? disk_file_byte(names[f], (uint64_t)i) : 0;
	}
	for (int step = 0; step < 1500; step++) {
		int f = (int)prandom_below(&rnd, NF), op = (int)prandom_below(&rnd, 100);
		uint64_t off = prandom_below(&rnd, FSIZE);
		size_t len = (size_t)prandom_below(&rnd, FSIZE - off) % 40000 + 1;

		if (off + len > FSIZE)
			len = FSIZE - off;
		if (op < 40) {
			assert_int_equal(mms_file_read(m, names[f], off, buf, len), (long)len);
			assert_memory_equal(buf, model[f] + off, len);
		} else if (op < 80) {
			for (size_t i = 0; i < len; i++)
				buf[i] = (uint8_t)prandom_u64_state(&rnd);
			assert_int_equal(mms_file_write(m, names[f], off, buf, len), (long)len);
			memcpy(model[f] + off, buf, len);
		} else if (op < 85) {
			assert_int_equal(mms_file_fsync(m, names[f]), 0);
		} else if (op < 90) {
			mms_idle(m, prandom_below(&rnd, 10000000000ULL));
		} else if (op < 93) {
			assert_int_equal(mms_sysctl_write(m, "vm.drop_caches", "1",
							  (char[64]){ 0 }, 64), 0);
		} else if (op < 95) {
			/* unlink and create again: pristine (disk) or empty (tmpfs) */
			assert_int_equal(mms_file_unlink(m, names[f]), 0);
			mkfile(m, names[f], FSIZE, f >= 2);
			for (int i = 0; i < FSIZE; i++)
				model[f][i] = f < 2 ? disk_file_byte(names[f], (uint64_t)i) : 0;
		} else {
			mms_sync(m);
			assert_int_equal(global_node_page_state(m, NR_FILE_DIRTY), 0);
			assert_int_equal(global_node_page_state(m, NR_WRITEBACK), 0);
		}
		assert_int_equal(check_machine(m), 0);
	}
	/* everything written reads back after it all went to disk and out of the cache */
	mms_sync(m);
	mms_sysctl_write(m, "vm.drop_caches", "1", (char[64]){ 0 }, 64);
	for (int f = 0; f < NF; f++) {
		assert_int_equal(mms_file_read(m, names[f], 0, buf, FSIZE), FSIZE);
		assert_memory_equal(buf, model[f], FSIZE);
	}
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* A negative control: the checker sees a page whose index is wrong. */
static void test_checker_catches(void **state)
{
	struct machine *m = boot_spec("ram=64M");
	struct inode *inode = mkfile(m, "c", 16384, false);
	uint8_t b;
	struct page *p;

	(void)state;
	rd(m, "c", 0, &b, 1);
	p = xa_load(&inode->i_mapping->i_pages, 1);
	p->index = 7;
	assert_true(check_machine(m) > 0);
	assert_true(dmesg_has(m, "page cache: c index 1"));
	p->index = 1;
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_and_miss),
		cmocka_unit_test(test_activation),
		cmocka_unit_test(test_write_read_back),
		cmocka_unit_test(test_drop_caches_keeps_dirty),
		cmocka_unit_test(test_buffers),
		cmocka_unit_test(test_shmem),
		cmocka_unit_test(test_shmem_enospc),
		cmocka_unit_test(test_fault_entry),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_xarray),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_checker_catches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
