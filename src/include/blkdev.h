/* SPDX-License-Identifier: MIT */
/*
 * blkdev.h - the simulated disk (block/, include/linux/blkdev.h): one
 * block device ("sda", 4K blocks) with a request queue whose latency
 * comes from the cost model, and the page cache state it backs (files,
 * their inodes, the writeback state).  See src/fs/blkdev.c.
 */
#ifndef MMSIM_BLKDEV_H
#define MMSIM_BLKDEV_H

#include <stdbool.h>
#include <stdint.h>
#include "list.h"
#include "mmzone.h"
#include "pagemap.h"

#define BLK_SECTOR_SHIFT	9
#define BIO_MAX_VECS		256	/* pages in one request, at most */
/* the transfer time of one 4K page: a 2 GB/s device (bytes / (bytes per ns)) */
#define BLK_XFER_NS_PER_PAGE	2048ULL
/* BLK_DEF_MAX_SECTORS (6.6): 1280K requests; bdi->io_pages */
#define BLK_DEF_MAX_SECTORS	2560U

enum req_op { REQ_OP_READ, REQ_OP_WRITE };

/* One request in flight (a bio of contiguous pages). */
struct blk_request {
	struct list_head list;		/* on the queue, by completion time */
	enum req_op op;
	struct address_space *mapping;
	pgoff_t index;			/* first page */
	unsigned int nr_pages;
	struct page *pages[BIO_MAX_VECS];
	uint64_t submit_ns, done_ns;
};

struct block_device {
	char name[8];
	uint64_t next_block;		/* the next free block (files get extents) */
	uint64_t busy_until_ns;		/* the device serves one request at a time */
	struct list_head queue;		/* requests in flight, oldest first */
	unsigned long nr_inflight;
	/* /sys/block/sda/stat-like totals */
	unsigned long ios[2], sectors[2];
	uint64_t ticks_ns[2];
	struct inode *bd_inode;		/* the device's own page cache (Buffers) */
};

/* bdi_writeback: the flusher of the disk (include/linux/backing-dev-defs.h). */
struct bdi_writeback {
	struct list_head b_dirty;	/* inodes with dirty pages, oldest first */
	uint64_t last_old_flush;	/* ns: the last kupdate-style flush */
	uint64_t next_wakeup;		/* ns: the flusher's next periodic run */
	bool background_pending;	/* wb_start_background_writeback was asked */
	unsigned int ra_pages, io_pages;	/* backing_dev_info */
	unsigned long nr_dirtied;	/* current->nr_dirtied (no tasks yet) */
	unsigned long nr_dirtied_pause;	/* current->nr_dirtied_pause */
	unsigned long bdp_ratelimits[MAX_CPUS];	/* per CPU */
	unsigned long ratelimit_pages;	/* writeback_set_ratelimit */
	unsigned long throttled;	/* balance_dirty_pages pauses */
	uint64_t throttled_ns;		/* ... and their simulated time */
	unsigned long flusher_runs, pages_written;
};

/* What a machine keeps for files and the page cache (m->pagecache). */
struct pagecache_state {
	struct kmem_cache *radix_tree_node;
	struct kmem_cache *inode_cache;
	struct kmem_cache *shmem_inode_cache;
	struct kmem_cache *dentry;
	struct kmem_cache *filp;		/* files_init: struct file */
	struct block_device bdev;
	struct bdi_writeback wb;
	struct list_head inodes;	/* every inode (the superblocks' s_inodes) */
	struct list_head files;		/* open files */
	unsigned long next_ino;
	/* vm sysctls (mm/page-writeback.c) */
	int vm_dirty_ratio;
	int dirty_background_ratio;
	unsigned long vm_dirty_bytes, dirty_background_bytes;
	unsigned int dirty_writeback_interval;	/* centiseconds */
	unsigned int dirty_expire_interval;	/* centiseconds */
	int sysctl_drop_caches;
	unsigned int stfu;		/* drop_caches' bit 4: stop the message */
	unsigned long tmpfs_used;	/* pages charged to tmpfs */
};

/* ---- src/fs/blkdev.c ---- */
void blkdev_init(struct machine *m);
/* submit_bio - queue a request; its pages are locked (read) or under writeback. */
struct blk_request *submit_bio(struct machine *m, enum req_op op, struct address_space *mapping,
			       pgoff_t index, struct page **pages, unsigned int nr);
/* blk_complete - end every request done by now (the clock). */
void blk_complete(struct machine *m);
/* blk_wait - wait (the current CPU idles) until @page's I/O is done. */
void blk_wait_page(struct machine *m, struct page *page);
/* blk_wait_all - wait for every request in flight. */
void blk_wait_all(struct machine *m);
/* cpu_wait_until - the current CPU waits until @ns of simulated time. */
void cpu_wait_until(struct machine *m, uint64_t ns);
/* bdev data: copy block @block's content into @host (a page) / from it. */
void disk_read_block(struct machine *m, struct inode *inode, pgoff_t index, void *host);
void disk_write_block(struct machine *m, struct inode *inode, pgoff_t index, const void *host);
/* blk_request_ns - the device time of a request of @nr pages. */
uint64_t blk_request_ns(struct machine *m, unsigned int nr);

#endif /* MMSIM_BLKDEV_H */
