// SPDX-License-Identifier: MIT
/*
 * fs-writeback.c - the flusher thread of the disk (fs/fs-writeback.c,
 * Linux 6.6): dirty inodes on the bdi_writeback's b_dirty list, oldest
 * first (__mark_inode_dirty stamps dirtied_when and arms the delayed
 * work dirty_writeback_centisecs later: wb_wakeup_delayed), and the
 * periodic run (wb_workfn -> wb_do_writeback): wb_check_old_data_flush
 * every dirty_writeback_interval writes the inodes dirtied more than
 * dirty_expire_interval ago (kupdate), wb_check_background_flush writes
 * while NR_FILE_DIRTY is above the background threshold; the work rearms
 * itself while dirty inodes remain.
 *
 * The thread runs as a deterministic step of the simulated clock:
 * writeback_run_timers runs it for each expiry the clock has passed (at
 * the entry of every file operation), writeback_idle advances the clock
 * expiry by expiry.  Simplified: one writeback domain, no b_io /
 * b_more_io split (an inode written partly goes to the tail of b_dirty),
 * write chunks of MAX_WRITEBACK_PAGES instead of the bandwidth estimate,
 * no I_SYNC waits (one thread of control).
 */
#include <errno.h>
#include <stdio.h>
#include "blkdev.h"
#include "internal.h"
#include "pagemap.h"
#include "writeback.h"

#define CS_NS 10000000ULL	/* a centisecond */

/* wb_wakeup_delayed - arm the periodic work if it is not. */
static void wb_wakeup_delayed(struct machine *m)
{
	struct pagecache_state *pc = m->pagecache;

	if (!pc->wb.next_wakeup && pc->dirty_writeback_interval)
		pc->wb.next_wakeup = m->clock_ns + pc->dirty_writeback_interval * CS_NS;
}

/**
 * __mark_inode_dirty - @inode has dirty pages: the first time, stamp
 * dirtied_when and queue it at the tail of b_dirty.
 */
void __mark_inode_dirty(struct machine *m, struct inode *inode, unsigned long flags)
{
	struct pagecache_state *pc = m->pagecache;

	if ((inode->i_state & flags) == flags)
		return;
	if (!(inode->i_state & I_DIRTY_PAGES)) {
		inode->dirtied_when = m->clock_ns;
		list_del(&inode->i_io_list);
		list_add_tail(&inode->i_io_list, &pc->wb.b_dirty);
		wb_wakeup_delayed(m);
	}
	inode->i_state |= flags;
}

/*
 * writeback_single_inode - write @inode's pages as @wbc says; clean once
 * no page is tagged dirty (requeue_inode), else to the tail of b_dirty
 * when written partly (requeue_io).
 */
static long writeback_single_inode(struct machine *m, struct inode *inode,
				   struct writeback_control *wbc)
{
	struct address_space *mapping = inode->i_mapping;
	long before = wbc->nr_to_write;

	inode->i_state |= I_SYNC;
	do_writepages(m, mapping, wbc);
	inode->i_state &= ~I_SYNC;
	list_del(&inode->i_io_list);
	INIT_LIST_HEAD(&inode->i_io_list);
	if (!xa_marked(&mapping->i_pages, PAGECACHE_TAG_DIRTY))
		inode->i_state &= ~I_DIRTY_PAGES;
	else
		list_add_tail(&inode->i_io_list, &m->pagecache->wb.b_dirty);
	return before - wbc->nr_to_write;
}

/* wb_over_bg_thresh - NR_FILE_DIRTY above the background threshold? */
static bool wb_over_bg_thresh(struct machine *m)
{
	unsigned long bg, thresh;

	global_dirty_limits(m, &bg, &thresh);
	return global_node_page_state(m, NR_FILE_DIRTY) > bg;
}

/** wb_writeback_background - see writeback.h: the pages written. */
long wb_writeback_background(struct machine *m)
{
	struct bdi_writeback *wb = &m->pagecache->wb;
	long wrote = 0;
	int idle_passes = 0;

	while (wb_over_bg_thresh(m) && !list_empty(&wb->b_dirty)) {
		struct inode *inode = list_first_entry(&wb->b_dirty, struct inode, i_io_list);
		struct writeback_control wbc = { .nr_to_write = MAX_WRITEBACK_PAGES,
						 .sync_mode = WB_SYNC_NONE, .for_background = true,
						 .range_cyclic = true };
		long n = writeback_single_inode(m, inode, &wbc);

		wrote += n;
		idle_passes = n ? 0 : idle_passes + 1;
		if (idle_passes > 64)
			break;		/* only pages under writeback remain */
	}
	return wrote;
}

/* wb_check_old_data_flush - kupdate: the inodes that expired, written whole. */
static long wb_check_old_data_flush(struct machine *m)
{
	struct pagecache_state *pc = m->pagecache;
	struct bdi_writeback *wb = &pc->wb;
	uint64_t expire = pc->dirty_expire_interval * CS_NS;
	struct inode *inode, *next;
	struct list_head expired;
	long wrote = 0;

	if (!pc->dirty_writeback_interval ||
	    m->clock_ns < wb->last_old_flush + pc->dirty_writeback_interval * CS_NS)
		return 0;
	wb->last_old_flush = m->clock_ns;
	/* queue_io / move_expired_inodes: dirtied_when no later than now - expire */
	INIT_LIST_HEAD(&expired);
	list_for_each_entry_safe(inode, next, &wb->b_dirty, struct inode, i_io_list) {
		if (inode->dirtied_when + expire > m->clock_ns)
			break;
		list_del(&inode->i_io_list);
		list_add_tail(&inode->i_io_list, &expired);
	}
	while (!list_empty(&expired)) {
		struct writeback_control wbc = { .nr_to_write = 0x7fffffffffffffffL,
						 .sync_mode = WB_SYNC_NONE, .for_kupdate = true,
						 .range_cyclic = true };

		inode = list_first_entry(&expired, struct inode, i_io_list);
		wrote += writeback_single_inode(m, inode, &wbc);
	}
	return wrote;
}

/** wb_do_writeback - one run of the flusher: kupdate, then background. */
long wb_do_writeback(struct machine *m)
{
	long wrote = wb_check_old_data_flush(m);

	if (wb_over_bg_thresh(m))
		wrote += wb_writeback_background(m);
	m->pagecache->wb.flusher_runs++;
	return wrote;
}

/** writeback_run_timers - see writeback.h. */
void writeback_run_timers(struct machine *m)
{
	struct bdi_writeback *wb;

	if (!m->pagecache)
		return;
	wb = &m->pagecache->wb;
	blk_complete(m);
	while (wb->next_wakeup && wb->next_wakeup <= m->clock_ns) {
		wb->next_wakeup = 0;
		wb_do_writeback(m);
		blk_complete(m);
		if (!list_empty(&wb->b_dirty))	/* wb_has_dirty_io: rearm */
			wb_wakeup_delayed(m);
	}
}

/** writeback_idle - see writeback.h. */
void writeback_idle(struct machine *m, uint64_t ns)
{
	struct pagecache_state *pc = m->pagecache;
	uint64_t target = m->clock_ns + ns;

	for (;;) {
		uint64_t event = target;

		if (pc->wb.next_wakeup && pc->wb.next_wakeup < event)
			event = pc->wb.next_wakeup;
		if (!list_empty(&pc->bdev.queue)) {
			uint64_t done = list_first_entry(&pc->bdev.queue, struct blk_request,
							 list)->done_ns;

			if (done < event)
				event = done;
		}
		cpu_wait_until(m, event);
		writeback_run_timers(m);
		if (event >= target)
			return;
	}
}
