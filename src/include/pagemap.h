/* SPDX-License-Identifier: MIT */
/*
 * pagemap.h - files and the page cache (include/linux/fs.h,
 * include/linux/pagemap.h, include/linux/writeback.h, mm/internal.h of
 * Linux 6.6): inodes with their address_space, open files with their
 * readahead state, and the internal API that read/write system calls and
 * the page-fault code call.
 *
 * Pages are order-0 folios (the simulated filesystems do not use large
 * folios, as ext4 and tmpfs by default in 6.6); "folio" functions take a
 * struct page.  A page in the page cache has page->mapping (the
 * address_space), page->index (its offset in pages), one reference held by
 * the cache, PG_lru and its place on a node's LRU list.  See
 * docs/page_cache.md.
 */
#ifndef MMSIM_PAGEMAP_H
#define MMSIM_PAGEMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include "gfp.h"
#include "list.h"
#include "mm_types.h"
#include "xarray.h"

struct machine;
struct kmem_cache;
struct inode;
struct block_device;

typedef unsigned long pgoff_t;

/* The page cache's tags (include/linux/fs.h). */
#define PAGECACHE_TAG_DIRTY	XA_MARK_0
#define PAGECACHE_TAG_WRITEBACK	XA_MARK_1
#define PAGECACHE_TAG_TOWRITE	XA_MARK_2

/* __filemap_get_folio's flags (include/linux/pagemap.h, 6.6 values). */
#define FGP_ACCESSED	0x00000001U
#define FGP_LOCK	0x00000002U
#define FGP_CREAT	0x00000004U
#define FGP_WRITE	0x00000008U
#define FGP_NOFS	0x00000010U
#define FGP_NOWAIT	0x00000020U
#define FGP_FOR_MMAP	0x00000040U
#define FGP_STABLE	0x00000080U
#define FGP_WRITEBEGIN	(FGP_LOCK | FGP_WRITE | FGP_CREAT | FGP_STABLE)

/* mm/readahead.c: VM_READAHEAD_PAGES, the default bdi->ra_pages (128K). */
#define VM_READAHEAD_PAGES	(131072UL / PAGE_SIZE)
/* folio_batch / PAGEVEC_SIZE: filemap_get_read_batch's batch. */
#define PAGEVEC_SIZE		15
/* mm/filemap.c: MMAP_LOTSAMISS, the read-around give-up count. */
#define MMAP_LOTSAMISS		100

/* i_state (include/linux/fs.h) */
#define I_DIRTY_PAGES		(1U << 2)
#define I_SYNC			(1U << 7)

/* file_ra_state (include/linux/fs.h). */
struct file_ra_state {
	pgoff_t start;			/* where readahead started */
	unsigned int size;		/* pages read ahead */
	unsigned int async_size;	/* do async readahead when this many remain */
	unsigned int ra_pages;		/* the maximum window */
	unsigned int mmap_miss;		/* cache misses of mmap accesses */
	long long prev_pos;		/* the byte after the last read (-1: none) */
};

struct address_space;

/* address_space_operations, what a filesystem gives its mappings. */
struct address_space_operations {
	const char *name;
	/* the page cache may write these pages back (not shmem: noop_dirty_folio) */
	bool writeback;
	/* accounted in meminfo Buffers (the block device's pages) */
	bool blockdev;
};

struct address_space {
	struct inode *host;
	struct xarray i_pages;		/* pages by index */
	unsigned long nrpages;
	gfp_t gfp_mask;			/* mapping_gfp_mask: GFP_HIGHUSER_MOVABLE */
	const struct address_space_operations *a_ops;
	pgoff_t writeback_index;	/* where cyclic writeback resumes */
	int wb_err;			/* errseq of write errors (none modelled) */
	unsigned long nr_mapped;	/* for the fault code: pages mapped (theirs) */
	struct list_head i_mmap;	/* the VMAs mapping it (vm_area_struct.shared) */
};

/* The two kinds of file mmsim has (i_mode's S_IFREG of each fs, S_IFBLK). */
enum inode_kind { INODE_DISK, INODE_SHMEM, INODE_BDEV };

struct inode {
	unsigned long i_ino;
	enum inode_kind kind;
	char name[64];			/* its one dentry's name */
	uint64_t i_size;
	unsigned long i_state;		/* I_DIRTY_PAGES ... */
	uint64_t dirtied_when;		/* ns: when it first got dirty pages */
	struct list_head i_io_list;	/* on the bdi's b_dirty / b_io */
	struct list_head i_sb_list;	/* every inode */
	struct address_space i_data;
	struct address_space *i_mapping;
	int i_count;			/* references: open files + the dentry */
	bool unlinked;
	/* the disk: blocks [start_block, start_block + nr_blocks) of the device */
	uint64_t start_block;
	unsigned long nr_blocks;
	uint8_t **blocks;		/* written data per block (NULL: pristine) */
	unsigned long blocks_cap;	/* entries of blocks[] */
	uint64_t pristine_size;		/* bytes of generated content (the size at creation) */
	unsigned long shmem_pages;	/* shmem: pages charged to the tmpfs */
	uint64_t kobj, dentry_kobj;	/* twins in *_inode_cache and dentry */
	struct file *default_file;	/* the scenario commands' open file */
	bool kern_mount;		/* shm_mnt / the program files: not a user's name */
	unsigned long shmem_charged;	/* shmem_acct_size: pages charged (Committed_AS) */
};

/* The pages of @mapping's file: i_size in pages, rounded up. */
static inline pgoff_t inode_nr_pages(const struct inode *inode)
{
	return (pgoff_t)((inode->i_size + PAGE_SIZE - 1) >> PAGE_SHIFT);
}

#define FMODE_READ	0x1U		/* include/linux/fs.h */
#define FMODE_WRITE	0x2U
#define FMODE_LSEEK	0x4U
#define FMODE_PREAD	0x8U
#define FMODE_PWRITE	0x10U
#define FMODE_RANDOM	0x1000U		/* POSIX_FADV_RANDOM: no readahead */

/*
 * struct file - an open file.  f_count counts its references: each fd
 * that points at it (fork's copies too), each VMA mapping it, a caller of
 * fget until its fput.  filp_open gives it one reference, FMODE_READ |
 * FMODE_WRITE and f_flags O_RDWR; do_sys_openat sets the open's.
 */
struct file {
	struct inode *f_inode;
	struct address_space *f_mapping;
	struct file_ra_state f_ra;
	unsigned int f_mode;
	unsigned int f_flags;		/* O_APPEND ... as given to open */
	long f_count;
	uint64_t f_pos;
	uint64_t kobj;			/* its twin in filp */
	struct list_head list;		/* on the page cache's open files */
};

/* get_file - one more reference to @file (a VMA that maps it). */
static inline struct file *get_file(struct file *file)
{
	file->f_count++;
	return file;
}

/*
 * struct iov_iter - where a read copies to and a write copies from: a
 * kernel buffer (ITER_KVEC) or a callback (ITER_ACTOR: the uaccess code's
 * copy_to_user / copy_from_user into a task).  The callback copies @len
 * bytes between host memory @host (inside a page of simulated RAM) and
 * the caller's buffer at byte @done of the request, and returns the
 * bytes it copied: fewer means a fault (the read or write stops there,
 * -EFAULT if nothing was copied, as copy_page_to_iter's short copy).
 */
enum iter_type { ITER_KVEC, ITER_ACTOR };
struct iov_iter {
	enum iter_type type;
	void *kbuf;
	size_t count;			/* bytes left */
	size_t done;			/* bytes copied so far */
	size_t (*actor)(struct machine *m, void *priv, size_t done, void *host, size_t len,
			bool to_iter);
	void *priv;
};

static inline void iov_iter_kvec(struct iov_iter *i, void *buf, size_t len)
{
	*i = (struct iov_iter){ .type = ITER_KVEC, .kbuf = buf, .count = len };
}

/* ---- fs/inode.c, fs/simplefs (src/fs/inode.c) ---- */
/* pagecache_init - the caches (radix_tree_node, inode_cache, shmem_inode_cache, dentry). */
int pagecache_init(struct machine *m);
void pagecache_release(struct machine *m);
struct inode *inode_lookup(struct machine *m, const char *name);
/* inode_create - a regular file of @size bytes on the disk, or on tmpfs. */
int inode_create(struct machine *m, const char *name, uint64_t size, bool tmpfs,
		 struct inode **out);
/* inode_unlink - remove the name; the pages go (truncate_inode_pages). */
int inode_unlink(struct machine *m, const char *name);
/* filp_open / fput - an open file of @inode with its own readahead state;
 * fput drops one reference, the last closes it. */
struct file *filp_open(struct machine *m, struct inode *inode);
void fput(struct machine *m, struct file *file);
/* the default open file the scenario commands use for @inode */
struct file *inode_default_file(struct machine *m, struct inode *inode);
/* inode_dev / inode_d_path - what /proc/PID/maps shows: s_dev (8:0 sda, 0:1 shm_mnt, 0:25 /dev/shm) and d_path */
unsigned int inode_dev(const struct inode *inode);
/* inode_mnt_id - the mnt_id of the mount @inode is seen through (fdinfo, mountinfo) */
int inode_mnt_id(const struct inode *inode);
const char *inode_d_path(const struct inode *inode, char *buf, size_t len);
/* __inode_create - inode_create without the name check, on the kernel's mount (@kern) */
int __inode_create(struct machine *m, const char *name, uint64_t size, bool tmpfs, bool kern,
		   struct inode **out);
/* shmem_kernel_file_setup - an unlinked tmpfs file of @size on shm_mnt (charged unless @noreserve) */
struct file *shmem_kernel_file_setup(struct machine *m, const char *name, uint64_t size,
				     bool noreserve, int *err);
/* shmem_punch_hole - fallocate(PUNCH_HOLE) of pages [@first, @first + @nr): unmapped, freed */
void shmem_punch_hole(struct machine *m, struct inode *inode, pgoff_t first, pgoff_t nr);
/* inode_maxbytes - s_maxbytes of @inode's filesystem (the device's size for sda). */
uint64_t inode_maxbytes(const struct inode *inode);
/* disk_file_byte - the pristine content of byte @pos of file @name. */
uint8_t disk_file_byte(const char *name, uint64_t pos);

/* ---- mm/filemap.c ---- */
struct page *__filemap_get_folio(struct machine *m, struct address_space *mapping,
				 pgoff_t index, unsigned int fgp_flags, gfp_t gfp);
static inline struct page *filemap_get_folio(struct machine *m, struct address_space *mapping,
					     pgoff_t index)
{
	return __filemap_get_folio(m, mapping, index, 0, 0);
}
int add_to_page_cache_lru(struct machine *m, struct page *page,
			  struct address_space *mapping, pgoff_t index, gfp_t gfp);
struct page *page_cache_alloc(struct machine *m, struct address_space *mapping);
void filemap_remove_folio(struct machine *m, struct page *page);
ssize_t filemap_read(struct machine *m, struct file *file, uint64_t *ppos,
		     struct iov_iter *iter);
ssize_t generic_perform_write(struct machine *m, struct file *file, uint64_t pos,
			      struct iov_iter *iter);
int filemap_fault_page(struct machine *m, struct file *file, pgoff_t index,
		       unsigned int hints, struct page **pagep);
struct vm_area_struct;
unsigned int filemap_map_pages(struct machine *m, struct vm_area_struct *vma,
			       unsigned long address, pgoff_t start_pgoff, pgoff_t end_pgoff);
#define FAULT_RA_RANDOM	0x1U	/* VM_RAND_READ */
#define FAULT_RA_SEQ	0x2U	/* VM_SEQ_READ */
void folio_lock(struct machine *m, struct page *page);
void folio_unlock(struct page *page);
void folio_wait_locked(struct machine *m, struct page *page);
void folio_wait_writeback(struct machine *m, struct page *page);
void folio_mark_accessed(struct machine *m, struct page *page);
bool folio_mark_dirty(struct machine *m, struct page *page);
void get_page(struct page *page);
void put_page(struct machine *m, struct page *page);
pgoff_t page_cache_next_miss(struct address_space *mapping, pgoff_t index,
			     unsigned long max_scan);
pgoff_t page_cache_prev_miss(struct address_space *mapping, pgoff_t index,
			     unsigned long max_scan);
int filemap_write_and_wait_range(struct machine *m, struct address_space *mapping,
				 uint64_t start, uint64_t end);
int vfs_fsync_range(struct machine *m, struct file *file, uint64_t start, uint64_t end,
		    int datasync);
unsigned long invalidate_mapping_pages(struct machine *m, struct address_space *mapping,
				       pgoff_t start, pgoff_t end);
void truncate_inode_pages(struct machine *m, struct address_space *mapping, uint64_t lstart);
/* truncate_pagecache - a shrink to @newsize: every mapping's ptes past it (COW copies too), the pages */
void truncate_pagecache(struct machine *m, struct inode *inode, uint64_t newsize);
void drop_pagecache(struct machine *m);
/* ksys_sync - sync(2): write and wait for every dirty page */
void ksys_sync(struct machine *m);
int filemap_check(struct machine *m);
/* nr_blockdev_pages - the block devices' cached pages (meminfo Buffers). */
unsigned long nr_blockdev_pages(struct machine *m);
/* copy_host_iter - bytes between simulated RAM and an iterator; the bytes copied */
size_t copy_host_iter(struct machine *m, void *host, size_t bytes, struct iov_iter *i,
		      bool to_iter);
/*
 * copy_page_to_iter / copy_page_from_iter_atomic (lib/iov_iter.c): @bytes
 * at @offset of @page to / from @i, the page reached through
 * kmap_local_page (kmap_atomic); the bytes copied.
 */
size_t copy_page_to_iter(struct machine *m, struct page *page, size_t offset, size_t bytes,
			 struct iov_iter *i);
size_t copy_page_from_iter_atomic(struct machine *m, struct page *page, size_t offset,
				  size_t bytes, struct iov_iter *i);
/* read one page from disk into @page (locked, in the cache): filemap_read_folio */
int filemap_read_folio(struct machine *m, struct address_space *mapping, struct page *page);

/* ---- mm/swap.c: the LRU lists ---- */
void folio_add_lru(struct machine *m, struct page *page);
void lruvec_del_folio(struct machine *m, struct page *page);
void folio_activate(struct machine *m, struct page *page);

/* ---- mm/readahead.c ---- */
struct readahead_control {
	struct file *file;
	struct address_space *mapping;
	struct file_ra_state *ra;
	pgoff_t _index;
	unsigned int _nr_pages;
};
void file_ra_state_init(struct file_ra_state *ra, struct address_space *mapping);
void page_cache_sync_ra(struct machine *m, struct readahead_control *ractl,
			unsigned long req_count);
void page_cache_async_ra(struct machine *m, struct readahead_control *ractl,
			 struct page *folio, unsigned long req_count);
void page_cache_ra_unbounded(struct machine *m, struct readahead_control *ractl,
			     unsigned long nr_to_read, unsigned long lookahead_size);
void do_page_cache_ra(struct machine *m, struct readahead_control *ractl,
		      unsigned long nr_to_read, unsigned long lookahead_size);
void force_page_cache_ra(struct machine *m, struct readahead_control *ractl,
			 unsigned long nr_to_read);
unsigned long get_init_ra_size(unsigned long size, unsigned long max);
unsigned long get_next_ra_size(struct file_ra_state *ra, unsigned long max);

/* ---- mm/shmem.c ---- */
extern const struct address_space_operations shmem_aops;
ssize_t shmem_file_read(struct machine *m, struct file *file, uint64_t *ppos,
			struct iov_iter *iter);
ssize_t shmem_file_write(struct machine *m, struct file *file, uint64_t pos,
			 struct iov_iter *iter);
enum sgp_type { SGP_READ, SGP_CACHE, SGP_WRITE };
int shmem_get_page(struct machine *m, struct inode *inode, pgoff_t index, enum sgp_type sgp,
		   struct page **pagep);
unsigned long shmem_max_blocks(struct machine *m);

/* ---- the entry points of read/write/fsync for any file ---- */
ssize_t kernel_read(struct machine *m, struct file *file, uint64_t pos, struct iov_iter *iter);
ssize_t kernel_write(struct machine *m, struct file *file, uint64_t pos, struct iov_iter *iter);

#endif /* MMSIM_PAGEMAP_H */
