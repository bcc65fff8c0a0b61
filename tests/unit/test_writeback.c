// SPDX-License-Identifier: MIT
/*
 * test_writeback.c - dirty pages and their writeback (src/mm/page-
 * writeback.c, src/fs/fs-writeback.c; Linux 6.6 mm/page-writeback.c,
 * fs/fs-writeback.c): the dirty limits (global_dirtyable_memory,
 * domain_dirty_limits) on a few machines, the sysctls, the flusher's
 * timing (dirty_writeback_centisecs 500, dirty_expire_centisecs 3000),
 * fsync, and balance_dirty_pages' throttling.
 *
 * The thresholds: ratio per PAGE_SIZE = 20 * 4096 / 100 = 819 (dirty) and
 * 10 * 4096 / 100 = 409 (background), thresh = 819 * avail / 4096, where
 * avail = free - min(free, totalreserve_pages) + file LRU - highmem's
 * dirtyable part + 1.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "blkdev.h"
#include "pagemap.h"
#include "writeback.h"

#define SEC 1000000000ULL

/* avail computed here from the counters, independently of page-writeback.c */
static unsigned long avail_here(struct machine *m)
{
	unsigned long free = global_zone_page_state(m, NR_FREE_PAGES), hi = 0, x;
	struct zone *z;

	x = free - (free < m->totalreserve_pages ? free : m->totalreserve_pages);
	x += global_node_page_state(m, NR_INACTIVE_FILE) + global_node_page_state(m, NR_ACTIVE_FILE);
	for_each_populated_zone(m, z)
		if (is_highmem(z)) {
			unsigned long f = zone_page_state(z, NR_FREE_PAGES);

			hi += f - (f < high_wmark_pages(z) ? f : high_wmark_pages(z));
		}
	return x - (hi < x ? hi : x) + 1;
}

static unsigned long vmstat_line(struct machine *m, const char *name)
{
	char *t = view_text(m, "/proc/vmstat"), *p = strstr(t, name);
	unsigned long v;

	assert_non_null(p);
	v = strtoul(p + strlen(name) + 1, NULL, 10);
	free(t);
	return v;
}

static void test_thresholds(void **state)
{
	static const char *const specs[] = { "ram=64M", "ram=1G cpus=4", "ram=4G cpus=2",
					     "arch=i386 ram=2G" };

	(void)state;
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		struct machine *m = boot_spec(specs[i]);
		unsigned long bg, thresh, avail = avail_here(m);

		global_dirty_limits(m, &bg, &thresh);
		assert_int_equal(global_dirtyable_memory(m), avail);
		assert_int_equal(thresh, 819 * avail / 4096);
		assert_int_equal(bg, 409 * avail / 4096);
		assert_int_equal(vmstat_line(m, "nr_dirty_threshold"), thresh);
		assert_int_equal(vmstat_line(m, "nr_dirty_background_threshold"), bg);
		/*
		 * writeback_set_ratelimit: thresh / (CPUs * 32), at least 16
		 * (at boot it ran in pagecache_init, before free_initmem, as
		 * Linux's page_writeback_init: recomputed here)
		 */
		writeback_set_ratelimit(m);
		assert_int_equal(m->pagecache->wb.ratelimit_pages,
				 thresh / (m->nr_cpu_ids * 32) < 16 ? 16 : thresh / (m->nr_cpu_ids * 32));
		if (i == 3)	/* i386: highmem is not dirtyable */
			assert_true(avail < global_zone_page_state(m, NR_FREE_PAGES) / 2);
		mms_machine_free(m);
	}
}

static void test_sysctls(void **state)
{
	struct machine *m = boot_spec("ram=1G");
	unsigned long bg, thresh;
	char err[128], *t;

	(void)state;
	t = view_text(m, "/proc/sys/vm/dirty_ratio");
	assert_string_equal(t, "20\n");
	free(t);
	t = view_text(m, "/proc/sys/vm/dirty_expire_centisecs");
	assert_string_equal(t, "3000\n");
	free(t);
	t = view_text(m, "/proc/sys/vm/dirty_writeback_centisecs");
	assert_string_equal(t, "500\n");
	free(t);
	/* bg >= thresh: bg = thresh / 2 */
	assert_int_equal(mms_sysctl_write(m, "vm.dirty_background_ratio", "30", err, sizeof(err)), 0);
	global_dirty_limits(m, &bg, &thresh);
	assert_int_equal(bg, thresh / 2);
	/* dirty_bytes: DIV_ROUND_UP(bytes, PAGE_SIZE), and dirty_ratio shows 0 */
	assert_int_equal(mms_sysctl_write(m, "vm.dirty_bytes", "10000001", err, sizeof(err)), 0);
	global_dirty_limits(m, &bg, &thresh);
	assert_int_equal(thresh, 2442);
	t = view_text(m, "/proc/sys/vm/dirty_ratio");
	assert_string_equal(t, "0\n");
	free(t);
	assert_int_equal(mms_sysctl_write(m, "vm.dirty_ratio", "101", err, sizeof(err)), -EINVAL);
	assert_int_equal(mms_sysctl_write(m, "vm.dirty_ratio", "-1", err, sizeof(err)), -EINVAL);
	assert_int_equal(mms_sysctl_write(m, "vm.dirty_bytes", "4096", err, sizeof(err)), -EINVAL);
	assert_int_equal(mms_sysctl_write(m, "vm.dirty_expire_centisecs", "x", err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(mms_sysctl_write(m, "vm.dirty_ratio", "15", err, sizeof(err)), 0);
	t = view_text(m, "/proc/sys/vm/dirty_bytes");
	assert_string_equal(t, "0\n");
	free(t);
	mms_machine_free(m);
}

/* A page dirtied at t is written by the flusher run at t + 30 s, not before. */
static void test_expire_timing(void **state)
{
	struct machine *m = boot_spec("ram=256M");
	struct inode *inode;
	uint8_t buf[8192] = { 0 };

	(void)state;
	assert_int_equal(inode_create(m, "e", 65536, false, &inode), 0);
	assert_int_equal(mms_file_write(m, "e", 0, buf, sizeof(buf)), 8192);
	assert_int_equal(meminfo_kb(m, "Dirty:"), 8);
	assert_int_equal(inode->dirtied_when, m->clock_ns);
	assert_int_equal(m->pagecache->wb.next_wakeup, m->clock_ns + 5 * SEC);
	mms_idle(m, 30 * SEC - 1);
	/* five flusher runs (5 .. 25 s), nothing expired yet */
	assert_int_equal(m->pagecache->wb.flusher_runs, 5);
	assert_int_equal(meminfo_kb(m, "Dirty:"), 8);
	mms_idle(m, 1);
	/* the run at 30 s: both pages in one request, in flight */
	assert_int_equal(meminfo_kb(m, "Dirty:"), 0);
	assert_int_equal(meminfo_kb(m, "Writeback:"), 8);
	assert_int_equal(m->pagecache->bdev.ios[REQ_OP_WRITE], 1);
	/* done after 100 us + 2 x 2.048 us */
	mms_idle(m, 104095);
	assert_int_equal(meminfo_kb(m, "Writeback:"), 8);
	mms_idle(m, 1);
	assert_int_equal(meminfo_kb(m, "Writeback:"), 0);
	assert_int_equal(global_node_page_state(m, NR_WRITTEN), 2);
	assert_int_equal(check_machine(m), 0);
	/* the inode is clean: the timer is not rearmed after the next run */
	mms_idle(m, 10 * SEC);
	assert_int_equal(m->pagecache->wb.next_wakeup, 0);
	assert_int_equal(inode->i_state & I_DIRTY_PAGES, 0);
	mms_machine_free(m);
}

/* dirty_writeback_centisecs 0: no periodic writeback at all. */
static void test_periodic_off(void **state)
{
	struct machine *m = boot_spec("ram=256M");
	struct inode *inode;
	uint8_t b = 1;
	char err[64];

	(void)state;
	assert_int_equal(mms_sysctl_write(m, "vm.dirty_writeback_centisecs", "0", err, sizeof(err)), 0);
	assert_int_equal(inode_create(m, "p", 4096, false, &inode), 0);
	mms_file_write(m, "p", 0, &b, 1);
	mms_idle(m, 120 * SEC);
	assert_int_equal(meminfo_kb(m, "Dirty:"), 4);
	assert_int_equal(mms_file_fsync(m, "p"), 0);
	assert_int_equal(meminfo_kb(m, "Dirty:"), 0);
	mms_machine_free(m);
}

/* fsync writes the file's dirty pages, contiguous ones in one request, and waits. */
static void test_fsync(void **state)
{
	struct machine *m = boot_spec("ram=256M");
	struct inode *inode;
	static uint8_t buf[40960];
	uint64_t t0;

	(void)state;
	assert_int_equal(inode_create(m, "s", 1 << 20, false, &inode), 0);
	mms_file_write(m, "s", 0, buf, sizeof(buf));		/* pages 0..9 */
	mms_file_write(m, "s", 100 * 4096, buf, 4096);		/* page 100 */
	assert_int_equal(meminfo_kb(m, "Dirty:"), 44);
	assert_int_equal(global_node_page_state(m, NR_DIRTIED), 11);
	t0 = m->clock_ns;
	assert_int_equal(mms_file_fsync(m, "s"), 0);
	assert_int_equal(meminfo_kb(m, "Dirty:"), 0);
	assert_int_equal(meminfo_kb(m, "Writeback:"), 0);
	assert_int_equal(m->pagecache->bdev.ios[REQ_OP_WRITE], 2);
	/* two requests back to back: 100 us + 10 pages, then 100 us + 1 page */
	assert_int_equal(m->clock_ns - t0, 200000 + 11 * 2048);
	assert_int_equal(m->vm_events[PGPGOUT], 11 * 8);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/* balance_dirty_pages: a big writer is throttled, background writeback starts. */
static void test_throttle(void **state)
{
	struct machine *m = boot_spec("ram=64M");
	struct inode *inode;
	static uint8_t buf[4096];
	unsigned long bg, thresh, max_seen = 0;

	(void)state;
	assert_int_equal(inode_create(m, "big", 32 << 20, false, &inode), 0);
	global_dirty_limits(m, &bg, &thresh);
	for (int i = 0; i < 4096; i++) {
		unsigned long d;

		assert_int_equal(mms_file_write(m, "big", (uint64_t)i * 4096, buf, 4096), 4096);
		d = global_node_page_state(m, NR_FILE_DIRTY) + global_node_page_state(m, NR_WRITEBACK);
		if (d > max_seen)
			max_seen = d;
	}
	global_dirty_limits(m, &bg, &thresh);
	/* the writer was paused, the flusher wrote in the background before any fsync */
	assert_true(m->pagecache->wb.throttled > 0);
	assert_true(m->vm_events[PGPGOUT] > 0);
	/* dirty + writeback stayed near the freerun ceiling: at most a poll interval above */
	assert_true(max_seen <= dirty_freerun_ceiling(thresh, bg) + 32);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_thresholds),
		cmocka_unit_test(test_sysctls),
		cmocka_unit_test(test_expire_timing),
		cmocka_unit_test(test_periodic_off),
		cmocka_unit_test(test_fsync),
		cmocka_unit_test(test_throttle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
