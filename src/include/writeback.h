/* SPDX-License-Identifier: MIT */
/*
 * writeback.h - dirty page accounting and writeback (mm/page-writeback.c,
 * fs/fs-writeback.c, include/linux/writeback.h of Linux 6.6).
 */
#ifndef MMSIM_WRITEBACK_H
#define MMSIM_WRITEBACK_H

#include "blkdev.h"

enum writeback_sync_modes { WB_SYNC_NONE, WB_SYNC_ALL };

enum wb_reason { WB_REASON_BACKGROUND, WB_REASON_VMSCAN, WB_REASON_SYNC,
		 WB_REASON_PERIODIC, WB_REASON_FSYNC };

struct writeback_control {
	long nr_to_write;		/* pages left to write */
	long pages_skipped;
	uint64_t range_start, range_end;	/* bytes, inclusive end */
	enum writeback_sync_modes sync_mode;
	bool for_kupdate, for_background, range_cyclic;
};

/* The 6.6 defaults (mm/page-writeback.c). */
#define DEFAULT_DIRTY_RATIO			20
#define DEFAULT_DIRTY_BACKGROUND_RATIO		10
#define DEFAULT_DIRTY_WRITEBACK_INTERVAL	500	/* 5 s */
#define DEFAULT_DIRTY_EXPIRE_INTERVAL		3000	/* 30 s */
#define MAX_WRITEBACK_PAGES			1024	/* fs/fs-writeback.c */

/* global_dirtyable_memory - free pages above the reserves + the file LRU. */
unsigned long global_dirtyable_memory(struct machine *m);
/* global_dirty_limits - the background and the hard dirty thresholds (pages). */
void global_dirty_limits(struct machine *m, unsigned long *pbackground, unsigned long *pdirty);
/* dirty_freerun_ceiling - where throttling starts: (thresh + bg_thresh) / 2. */
static inline unsigned long dirty_freerun_ceiling(unsigned long thresh, unsigned long bg_thresh)
{
	return (thresh + bg_thresh) / 2;
}
void writeback_set_ratelimit(struct machine *m);
void balance_dirty_pages_ratelimited(struct machine *m, struct address_space *mapping);
void __mark_inode_dirty(struct machine *m, struct inode *inode, unsigned long flags);
int do_writepages(struct machine *m, struct address_space *mapping,
		  struct writeback_control *wbc);
void folio_start_writeback(struct machine *m, struct page *page);
void folio_end_writeback(struct machine *m, struct page *page);
bool folio_clear_dirty_for_io(struct machine *m, struct page *page);
void folio_account_cleaned(struct machine *m, struct page *page);
/* wb_workfn - one run of the flusher thread (fs/fs-writeback.c). */
long wb_do_writeback(struct machine *m);
/* wb_background_flush - write until below the background threshold. */
long wb_writeback_background(struct machine *m);
/* wakeup_flusher_timer - run the flusher for every period the clock passed. */
void writeback_run_timers(struct machine *m);
/* writeback_idle - the machine idles for @ns: completions and flusher runs. */
void writeback_idle(struct machine *m, uint64_t ns);
/* the sysctls of this file: 0 or -EINVAL with a message */
int writeback_sysctl_write(struct machine *m, const char *name, const char *value,
			   char *err, size_t n);
/* the value of vm.NAME (for /proc/sys/vm views); -1 if not ours */
long writeback_sysctl_read(struct machine *m, const char *name);

/* the /proc/sys/vm views of these sysctls (api_file.c) */
struct seq_file;
void show_vm_dirty_ratio(struct machine *m, struct seq_file *s);
void show_vm_dirty_background_ratio(struct machine *m, struct seq_file *s);
void show_vm_dirty_bytes(struct machine *m, struct seq_file *s);
void show_vm_dirty_background_bytes(struct machine *m, struct seq_file *s);
void show_vm_dirty_expire_centisecs(struct machine *m, struct seq_file *s);
void show_vm_dirty_writeback_centisecs(struct machine *m, struct seq_file *s);
void show_vm_drop_caches(struct machine *m, struct seq_file *s);

#endif /* MMSIM_WRITEBACK_H */
