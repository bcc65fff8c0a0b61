// SPDX-License-Identifier: MIT
/*
 * test_readahead.c - ondemand readahead (src/mm/readahead.c, Linux 6.6
 * mm/readahead.c): the windows a sequential reader gets, as Linux
 * computes them, with ra_pages = VM_READAHEAD_PAGES = 128K / 4K = 32.
 *
 * Sequential 4K reads from offset 0 (each row: the read that triggers
 * the window, and why):
 *   read  index  start size async  from
 *   #1    0      0     4    3      initial: get_init_ra_size(1, 32): 1 <= 32/32 -> x4;
 *                                  async = 4 - 1; PG_readahead on 0 + 4 - 3 = 1
 *   #2    1      4     8    8      hit the mark at the expected index (0 + 4 - 3):
 *                                  get_next_ra_size(4): 4 < 32/16? no; <= 16 -> x2
 *   #5    4      12    16   16     mark at 4: 8 <= 16 -> x2
 *   #13   12     28    32   32     16 <= 16 -> x2
 *   #29   28     60    32   32     32 > 16 -> max
 * A first read of 128K (32 pages): get_init_ra_size(32, 32) = 32 =
 * the request, so async = size = 32; then "will this read hit its own
 * marker": size + get_next_ra_size = 64 > 32 -> size 32, async 16: the
 * mark on page 16, which the same read reaches: the next window 32..63.
 */
#include "helpers.h"
#include "blkdev.h"
#include "pagemap.h"

static struct file *open_new(struct machine *m, const char *name, uint64_t size)
{
	struct inode *inode;

	assert_int_equal(inode_create(m, name, size, false, &inode), 0);
	return inode_default_file(m, inode);
}

static void test_window_growth(void **state)
{
	static const struct { int read; unsigned long start, size, async, cached; } rows[] = {
		{ 0, 0, 4, 3, 4 }, { 1, 4, 8, 8, 12 }, { 4, 12, 16, 16, 28 },
		{ 12, 28, 32, 32, 60 }, { 28, 60, 32, 32, 92 }, { 60, 92, 32, 32, 124 },
	};
	struct machine *m = boot_spec("ram=256M");
	struct file *f = open_new(m, "seq", 1 << 20);
	uint8_t buf[4096];
	size_t r = 0;

	(void)state;
	assert_int_equal(f->f_ra.ra_pages, 32);
	for (int i = 0; i < 100; i++) {
		assert_int_equal(mms_file_read(m, "seq", (uint64_t)i * 4096, buf, 4096), 4096);
		if (r < sizeof(rows) / sizeof(rows[0]) && rows[r].read == i) {
			assert_int_equal(f->f_ra.start, rows[r].start);
			assert_int_equal(f->f_ra.size, rows[r].size);
			assert_int_equal(f->f_ra.async_size, rows[r].async);
			assert_int_equal(f->f_mapping->nrpages, rows[r].cached);
			/* the marker: the first page of the lookahead */
			assert_true(PageReadahead((struct page *)xa_load(&f->f_mapping->i_pages,
				rows[r].start + rows[r].size - rows[r].async)));
			r++;
		}
	}
	assert_int_equal(r, sizeof(rows) / sizeof(rows[0]));
	assert_int_equal(f->f_ra.prev_pos, 100 * 4096);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_large_first_read(void **state)
{
	struct machine *m = boot_spec("ram=256M");
	struct file *f = open_new(m, "big", 1 << 20);
	static uint8_t buf[131072];

	(void)state;
	assert_int_equal(mms_file_read(m, "big", 0, buf, sizeof(buf)), sizeof(buf));
	/*
	 * the sync window was 0..31 with the mark at 16; this same read
	 * reached page 16, whose mark started the next window (the expected
	 * index 0 + 32 - 16): start 32, get_next_ra_size(32) = 32, all async
	 */
	assert_int_equal(f->f_ra.start, 32);
	assert_int_equal(f->f_ra.size, 32);
	assert_int_equal(f->f_ra.async_size, 32);
	assert_int_equal(f->f_mapping->nrpages, 64);
	assert_false(PageReadahead((struct page *)xa_load(&f->f_mapping->i_pages, 16)));
	assert_true(PageReadahead((struct page *)xa_load(&f->f_mapping->i_pages, 32)));
	mms_machine_free(m);
}

static void test_formulas(void **state)
{
	struct file_ra_state ra = { 0 };

	(void)state;
	/* get_init_ra_size: rounded up to a power of two, x4 up to max/32, x2 up to max/4 */
	assert_int_equal(get_init_ra_size(1, 32), 4);
	assert_int_equal(get_init_ra_size(2, 32), 4);		/* 2 > 1: x2 */
	assert_int_equal(get_init_ra_size(3, 32), 8);		/* 4 <= 8: x2 */
	assert_int_equal(get_init_ra_size(9, 32), 32);		/* 16 > 8: max */
	assert_int_equal(get_init_ra_size(1, 128), 4);
	assert_int_equal(get_init_ra_size(4, 128), 16);		/* 4 <= 128/32 */
	/* get_next_ra_size: x4 below max/16, x2 up to max/2 */
	ra.size = 1;
	assert_int_equal(get_next_ra_size(&ra, 32), 4);
	ra.size = 2;
	assert_int_equal(get_next_ra_size(&ra, 32), 4);
	ra.size = 16;
	assert_int_equal(get_next_ra_size(&ra, 32), 32);
	ra.size = 17;
	assert_int_equal(get_next_ra_size(&ra, 32), 32);
	ra.size = 4;
	assert_int_equal(get_next_ra_size(&ra, 128), 16);
}

/* A random read far from the last one reads only what it asks. */
static void test_random_read(void **state)
{
	struct machine *m = boot_spec("ram=256M");
	struct file *f = open_new(m, "r", 4 << 20);
	uint8_t buf[8192];

	(void)state;
	mms_file_read(m, "r", 0, buf, 10);		/* 4 pages at 0 */
	mms_file_read(m, "r", 200 * 4096, buf, 8192);	/* 2 pages at 200: no window */
	assert_int_equal(f->f_mapping->nrpages, 4 + 2);
	assert_int_equal(f->f_ra.start, 0);		/* the state left alone */
	assert_int_equal(f->f_ra.size, 4);
	/* FMODE_RANDOM (POSIX_FADV_RANDOM): force_page_cache_ra, just the pages asked */
	f->f_mode |= FMODE_RANDOM;
	mms_file_read(m, "r", 0x80000, buf, 8192);
	assert_int_equal(f->f_mapping->nrpages, 4 + 2 + 2);
	/* ra_pages 0: page by page */
	f->f_mode &= ~FMODE_RANDOM;
	f->f_ra.ra_pages = 0;
	mms_file_read(m, "r", 0x100000, buf, 8192);
	assert_int_equal(f->f_mapping->nrpages, 4 + 2 + 2 + 2);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* Reads stop at the end of the file: no page past it. */
static void test_eof(void **state)
{
	struct machine *m = boot_spec("ram=256M");
	struct file *f = open_new(m, "small", 3 * 4096 + 1);
	uint8_t buf[4096];

	(void)state;
	assert_int_equal(mms_file_read(m, "small", 0, buf, 4096), 4096);
	assert_int_equal(f->f_mapping->nrpages, 4);	/* 4 pages: the last holds 1 byte */
	assert_int_equal(mms_file_read(m, "small", 3 * 4096, buf, 4096), 1);
	assert_int_equal(f->f_mapping->nrpages, 4);
	mms_machine_free(m);
}

/* Two readers of one file: each its own file_ra_state. */
static void test_two_files(void **state)
{
	struct machine *m = boot_spec("ram=256M");
	struct file *f = open_new(m, "two", 1 << 20);
	struct file *g = filp_open(m, f->f_inode);
	struct iov_iter it;
	uint8_t buf[4096];

	(void)state;
	mms_file_read(m, "two", 0, buf, 4096);
	iov_iter_kvec(&it, buf, 4096);
	assert_int_equal(kernel_read(m, g, 0, &it), 4096);
	/* the second reader found the pages cached: its state is still fresh */
	assert_int_equal(g->f_ra.size, 0);
	assert_int_equal(f->f_ra.size, 4);
	assert_int_equal(g->f_ra.prev_pos, 4096);
	fput(m, g);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window_growth),
		cmocka_unit_test(test_large_first_read),
		cmocka_unit_test(test_formulas),
		cmocka_unit_test(test_random_read),
		cmocka_unit_test(test_eof),
		cmocka_unit_test(test_two_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
