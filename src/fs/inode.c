// SPDX-License-Identifier: MIT
/*
 * inode.c - inodes, names and open files of the two simulated
 * filesystems (fs/inode.c, fs/dcache.c, fs/file_table.c, fs/sync.c,
 * lib/radix-tree.c's cache, Linux 6.6): a disk filesystem on "sda"
 * (regular files with an extent each, like a minimal ext2) and tmpfs.
 *
 * At boot, pagecache_init creates the caches Linux has for these objects
 * - radix_tree_node (radix_tree_init), inode_cache (inode_init), dentry
 * (dcache_init), filp (files_init: each struct file's twin),
 * shmem_inode_cache (shmem_init) - without allocating a
 * page: each inode and name made later has its twin object there, so
 * slabinfo and SReclaimable follow (the host structs carry the state, as
 * vmalloc's vmap_area does).  The disk filesystem's inodes come from
 * inode_cache (a filesystem without its own alloc_inode).  Object sizes
 * are those of a 6.6 x86_64 reference configuration.
 *
 * A name is one dentry of one inode; unlink removes the name, and the
 * inode goes (its pages truncated, its blocks freed) when its last open
 * file is closed (iput -> evict).  Each inode has a default open file for
 * the scenario commands; filp_open gives more, each with its own
 * file_ra_state.  Simplified: one directory, no hard links, no metadata
 * I/O (no buffer_heads: the disk filesystem is extent-mapped), no atime.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "blkdev.h"
#include "internal.h"
#include "pagemap.h"
#include "mm.h"
#include "slab.h"
#include "writeback.h"

/* 6.6 x86_64 object sizes of the reference configuration (bytes) */
#define RADIX_TREE_NODE_SIZE	XA_NODE_OBJ_SIZE
#define INODE_SIZE		600	/* struct inode */
#define SHMEM_INODE_SIZE	760	/* struct shmem_inode_info (with its inode) */
#define DENTRY_SIZE		192	/* struct dentry */
#define DENTRY_INAME_OFFSET	56	/* d_iname: the usercopy region */
#define DNAME_INLINE_LEN	32
#define FILP_SIZE		232	/* struct file */
/* the disk: 16 GiB; a file at most 4 GiB (this filesystem's s_maxbytes) */
#define BDEV_SIZE		(16ULL << 30)
#define SIMPLEFS_MAXBYTES	(4ULL << 30)
#define EXTENT_ALIGN_BLOCKS	256	/* files start on 1M boundaries */

static const struct address_space_operations simplefs_aops = {
	.name = "simplefs", .writeback = true,
};
static const struct address_space_operations def_blk_aops = {
	.name = "def_blk_aops", .writeback = true, .blockdev = true,
};

/* radix_tree_node_ctor, init_once, shmem_init_inode: zeroed objects */
static void zero_ctor(struct machine *m, uint64_t object, unsigned int size)
{
	memset(slab_obj_host(m, object), 0, size);
}
static void radix_tree_node_ctor(struct machine *m, uint64_t object)
{
	zero_ctor(m, object, RADIX_TREE_NODE_SIZE);
}
static void inode_init_once(struct machine *m, uint64_t object)
{
	zero_ctor(m, object, INODE_SIZE);
}
static void shmem_init_inode(struct machine *m, uint64_t object)
{
	zero_ctor(m, object, SHMEM_INODE_SIZE);
}

static void inode_init_mapping(struct machine *m, struct inode *inode,
			       const struct address_space_operations *aops)
{
	struct address_space *mapping = &inode->i_data;

	mapping->host = inode;
	xa_init(&mapping->i_pages, m->pagecache->radix_tree_node);
	mapping->gfp_mask = GFP_HIGHUSER_MOVABLE;
	mapping->a_ops = aops;
	inode->i_mapping = mapping;
	INIT_LIST_HEAD(&mapping->i_mmap);
	INIT_LIST_HEAD(&inode->i_io_list);
	INIT_LIST_HEAD(&inode->i_sb_list);
}

/**
 * pagecache_init - the page cache's boot: the object caches, the LRU
 * lists, the disk and its inode, the writeback defaults
 * (page_writeback_init: writeback_set_ratelimit).  No page is allocated.
 */
int pagecache_init(struct machine *m)
{
	struct pagecache_state *pc = calloc(1, sizeof(*pc));
	const slab_flags_t acct = SLAB_RECLAIM_ACCOUNT | SLAB_PANIC | SLAB_MEM_SPREAD | SLAB_ACCOUNT;
	struct inode *bd;
	int nid;

	if (!pc)
		return -ENOMEM;
	m->pagecache = pc;
	INIT_LIST_HEAD(&pc->inodes);
	INIT_LIST_HEAD(&pc->files);
	INIT_LIST_HEAD(&pc->wb.b_dirty);
	for_each_online_node(m, nid)
		for (int lru = 0; lru < NR_LRU_LISTS; lru++)
			INIT_LIST_HEAD(&NODE_DATA(m, nid)->__lruvec.lists[lru]);
	pc->radix_tree_node = kmem_cache_create(m, "radix_tree_node", RADIX_TREE_NODE_SIZE, 0,
						SLAB_PANIC | SLAB_RECLAIM_ACCOUNT,
						radix_tree_node_ctor);
	pc->dentry = kmem_cache_create_usercopy(m, "dentry", DENTRY_SIZE, 8, acct,
						DENTRY_INAME_OFFSET, DNAME_INLINE_LEN, NULL);
	pc->inode_cache = kmem_cache_create(m, "inode_cache", INODE_SIZE, 0, acct,
					    inode_init_once);
	/* files_init (fs/file_table.c, 6.6): after inode_init */
	pc->filp = kmem_cache_create(m, "filp", FILP_SIZE, 0,
				     SLAB_HWCACHE_ALIGN | SLAB_PANIC | SLAB_ACCOUNT, NULL);
	pc->shmem_inode_cache = kmem_cache_create(m, "shmem_inode_cache", SHMEM_INODE_SIZE, 0,
						  SLAB_PANIC | SLAB_ACCOUNT, shmem_init_inode);
	if (!pc->radix_tree_node || !pc->dentry || !pc->inode_cache || !pc->shmem_inode_cache ||
	    !pc->filp)
		return -ENOMEM;
	pc->next_ino = 2;
	pc->vm_dirty_ratio = DEFAULT_DIRTY_RATIO;
	pc->dirty_background_ratio = DEFAULT_DIRTY_BACKGROUND_RATIO;
	pc->dirty_writeback_interval = DEFAULT_DIRTY_WRITEBACK_INTERVAL;
	pc->dirty_expire_interval = DEFAULT_DIRTY_EXPIRE_INTERVAL;
	pc->wb.ra_pages = VM_READAHEAD_PAGES;
	pc->wb.io_pages = BLK_DEF_MAX_SECTORS >> (PAGE_SHIFT - BLK_SECTOR_SHIFT);
	pc->wb.nr_dirtied_pause = 128 >> (PAGE_SHIFT - 10);	/* copy_process's */
	pc->wb.last_old_flush = m->clock_ns;
	blkdev_init(m);
	/* the block device's inode: boot bookkeeping, host memory only */
	bd = calloc(1, sizeof(*bd));
	if (!bd)
		return -ENOMEM;
	bd->kind = INODE_BDEV;
	strcpy(bd->name, "sda");
	bd->i_ino = 1;
	bd->i_size = BDEV_SIZE;
	bd->i_count = 1;
	inode_init_mapping(m, bd, &def_blk_aops);
	/*
	 * bdev_alloc: mapping_set_gfp_mask(GFP_USER) - the block device's
	 * pages (meminfo Buffers) are lowmem on i386, where regular files'
	 * GFP_HIGHUSER_MOVABLE put them in HighMem.
	 */
	bd->i_data.gfp_mask = GFP_USER;
	pc->bdev.bd_inode = bd;
	writeback_set_ratelimit(m);
	return 0;
}

static void inode_free_host(struct inode *inode)
{
	for (unsigned long i = 0; i < inode->blocks_cap; i++)
		free(inode->blocks[i]);
	free(inode->blocks);
	free(inode->default_file);
	free(inode);
}

/** pagecache_release - host memory of files and inodes (machine teardown). */
void pagecache_release(struct machine *m)
{
	struct pagecache_state *pc = m->pagecache;
	struct inode *inode, *n;
	struct file *f, *fn;
	struct blk_request *rq, *rn;

	if (!pc)
		return;
	list_for_each_entry_safe(rq, rn, &pc->bdev.queue, struct blk_request, list)
		free(rq);
	list_for_each_entry_safe(f, fn, &pc->files, struct file, list)
		if (f != f->f_inode->default_file)
			free(f);
	list_for_each_entry_safe(inode, n, &pc->inodes, struct inode, i_sb_list) {
		inode->i_data.i_pages.cache = NULL;	/* the slab goes with RAM */
		xa_destroy(m, &inode->i_data.i_pages);
		inode_free_host(inode);
	}
	if (pc->bdev.bd_inode) {
		pc->bdev.bd_inode->i_data.i_pages.cache = NULL;
		xa_destroy(m, &pc->bdev.bd_inode->i_data.i_pages);
		inode_free_host(pc->bdev.bd_inode);
	}
	free(pc);
	m->pagecache = NULL;
}

/** inode_lookup - the inode named @name ("sda": the block device), or NULL. */
struct inode *inode_lookup(struct machine *m, const char *name)
{
	struct inode *inode;

	if (!m->pagecache)
		return NULL;
	if (!strcmp(name, "/dev/sda"))
		return m->pagecache->bdev.bd_inode;
	list_for_each_entry(inode, &m->pagecache->inodes, struct inode, i_sb_list)
		if (!inode->unlinked && !strcmp(inode->name, name))
			return inode;
	return NULL;
}

/** filp_open - see pagemap.h. */
struct file *filp_open(struct machine *m, struct inode *inode)
{
	struct file *f = calloc(1, sizeof(*f));

	if (!f)
		abort();
	f->kobj = kmem_cache_alloc(m, m->pagecache->filp, GFP_KERNEL | __GFP_NOWARN);
	f->f_inode = inode;
	f->f_mapping = inode->i_mapping;
	f->f_count = 1;
	f->f_mode = FMODE_READ | FMODE_WRITE | FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
	f->f_flags = 2;		/* O_RDWR */
	file_ra_state_init(&f->f_ra, inode->i_mapping);
	inode->i_count++;
	list_add_tail(&f->list, &m->pagecache->files);
	return f;
}

/* evict - the last reference to an unlinked inode went: pages, blocks, objects. */
static void evict(struct machine *m, struct inode *inode)
{
	struct pagecache_state *pc = m->pagecache;

	truncate_inode_pages(m, inode->i_mapping, 0);
	if (inode->shmem_charged)	/* shmem_evict_inode: shmem_unacct_size */
		vm_unacct_memory(m, (long)inode->shmem_charged);
	list_del(&inode->i_io_list);
	list_del(&inode->i_sb_list);
	xa_destroy(m, &inode->i_data.i_pages);
	if (inode->kobj)
		kmem_cache_free(m, inode->kind == INODE_SHMEM ? pc->shmem_inode_cache :
				pc->inode_cache, inode->kobj);
	if (inode->dentry_kobj)
		kmem_cache_free(m, pc->dentry, inode->dentry_kobj);
	inode->default_file = NULL;
	inode_free_host(inode);
}

/**
 * fput - drop a reference to @file; the last one closes it (__fput), and
 * the inode goes with its last reference once unlinked.
 */
void fput(struct machine *m, struct file *file)
{
	struct inode *inode = file->f_inode;

	if (--file->f_count > 0) {
		if (file == inode->default_file && inode->unlinked)
			inode->default_file = NULL;	/* a mapping keeps it */
		return;
	}
	list_del(&file->list);
	if (file == inode->default_file)
		inode->default_file = NULL;
	if (file->kobj)
		kmem_cache_free(m, m->pagecache->filp, file->kobj);
	free(file);
	if (--inode->i_count == 0 && inode->unlinked)
		evict(m, inode);
}

/** inode_default_file - see pagemap.h. */
struct file *inode_default_file(struct machine *m, struct inode *inode)
{
	if (!inode->default_file) {
		inode->default_file = filp_open(m, inode);
		inode->i_count--;	/* the name's reference covers it */
	}
	return inode->default_file;
}

/**
 * inode_create - see pagemap.h: -EEXIST, -EINVAL (a bad name), -EFBIG
 * (above s_maxbytes), -ENOMEM (no inode or dentry object).
 */
int inode_create(struct machine *m, const char *name, uint64_t size, bool tmpfs,
		 struct inode **out)
{
	if (!*name || strlen(name) >= sizeof(((struct inode *)0)->name) || strchr(name, '/') ||
	    !strcmp(name, "sda"))
		return -EINVAL;
	return __inode_create(m, name, size, tmpfs, false, out);
}

/**
 * __inode_create - see pagemap.h: the kernel's own files (the programs
 * under /usr/bin, shm_mnt's "dev/zero"), whose names hold a '/' no user
 * name can.
 */
int __inode_create(struct machine *m, const char *name, uint64_t size, bool tmpfs, bool kern,
		   struct inode **out)
{
	struct pagecache_state *pc = m->pagecache;
	struct inode *inode;
	uint64_t kobj, dkobj;

	if (strlen(name) >= sizeof(inode->name))
		return -EINVAL;
	if (inode_lookup(m, name))
		return -EEXIST;
	if (size > SIMPLEFS_MAXBYTES)
		return -EFBIG;
	kobj = kmem_cache_alloc(m, tmpfs ? pc->shmem_inode_cache : pc->inode_cache, GFP_KERNEL);
	if (!kobj)
		return -ENOMEM;
	dkobj = kmem_cache_alloc(m, pc->dentry, GFP_KERNEL);
	if (!dkobj) {
		kmem_cache_free(m, tmpfs ? pc->shmem_inode_cache : pc->inode_cache, kobj);
		return -ENOMEM;
	}
	inode = calloc(1, sizeof(*inode));
	if (!inode)
		abort();
	inode->kobj = kobj;
	inode->dentry_kobj = dkobj;
	inode->kind = tmpfs ? INODE_SHMEM : INODE_DISK;
	inode->kern_mount = kern;
	snprintf(inode->name, sizeof(inode->name), "%s", name);
	inode->i_ino = pc->next_ino++;
	inode->i_size = size;
	inode_init_mapping(m, inode, tmpfs ? &shmem_aops : &simplefs_aops);
	if (!tmpfs) {
		unsigned long pages = (unsigned long)PFN_UP(size);

		inode->pristine_size = size;
		inode->start_block = pc->bdev.next_block;
		inode->nr_blocks = (pages + EXTENT_ALIGN_BLOCKS - 1) / EXTENT_ALIGN_BLOCKS *
				   EXTENT_ALIGN_BLOCKS;
		if (!inode->nr_blocks)
			inode->nr_blocks = EXTENT_ALIGN_BLOCKS;
		pc->bdev.next_block += inode->nr_blocks;
	}
	inode->i_count = 1;		/* the dentry's */
	list_add_tail(&inode->i_sb_list, &pc->inodes);
	*out = inode;
	return 0;
}

/**
 * inode_dev - the s_dev of @inode's superblock as maps shows it (MKDEV as
 * major << 8 | minor): sda's filesystem 08:00, shm_mnt 00:01 (the first
 * anonymous superblock, as shmem_zero_setup's files show on Linux), the
 * /dev/shm tmpfs 00:19 (an anonymous dev of a typical 6.6 boot).
 */
unsigned int inode_dev(const struct inode *inode)
{
	if (inode->kind == INODE_SHMEM)
		return inode->kern_mount ? 0x001 : 0x019;
	return 0x800;
}

/**
 * inode_mnt_id - the id of the mount @inode's files are opened through
 * (real_mount(file->f_path.mnt)->mnt_id): Linux hands the ids out in
 * mount order from mnt_id_ida, so they differ from boot to boot; mmsim's
 * are fixed: shm_mnt (kern_mount, before any user mount) 13, devtmpfs
 * on /dev (the /dev/sda node) 24, the sda filesystem on / 26, the tmpfs
 * on /dev/shm 27.
 */
int inode_mnt_id(const struct inode *inode)
{
	if (inode->kind == INODE_SHMEM)
		return inode->kern_mount ? 13 : 27;
	if (inode->kind == INODE_BDEV)
		return 24;
	return 26;
}

/**
 * inode_d_path - @inode's path (d_path): "/NAME" on the disk filesystem
 * and the kernel's mounts, "/dev/shm/NAME" on tmpfs, " (deleted)"
 * appended once unlinked.
 */
const char *inode_d_path(const struct inode *inode, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s",
		 inode->kind == INODE_SHMEM && !inode->kern_mount ? "/dev/shm/" : "/",
		 inode->name, inode->unlinked ? " (deleted)" : "");
	return buf;
}

/** inode_unlink - see pagemap.h: -ENOENT. */
int inode_unlink(struct machine *m, const char *name)
{
	struct inode *inode = inode_lookup(m, name);

	if (!inode || inode->kind == INODE_BDEV)
		return -ENOENT;
	inode->unlinked = true;
	if (inode->default_file) {
		struct file *f = inode->default_file;

		inode->i_count++;	/* fput drops the one it did not take */
		fput(m, f);
	}
	if (--inode->i_count == 0)
		evict(m, inode);
	return 0;
}

/** inode_maxbytes - see pagemap.h. */
uint64_t inode_maxbytes(const struct inode *inode)
{
	return inode->kind == INODE_BDEV ? inode->i_size : SIMPLEFS_MAXBYTES;
}

/** kernel_read - read @file at @pos through its filesystem; the bytes, or -errno. */
ssize_t kernel_read(struct machine *m, struct file *file, uint64_t pos, struct iov_iter *iter)
{
	if (file->f_inode->kind == INODE_SHMEM)
		return shmem_file_read(m, file, &pos, iter);
	return filemap_read(m, file, &pos, iter);
}

/**
 * kernel_write - write @file at @pos (generic_file_write_iter's buffered
 * path; shmem's): the bytes, or -errno (-EFBIG past s_maxbytes, -ENOSPC).
 */
ssize_t kernel_write(struct machine *m, struct file *file, uint64_t pos, struct iov_iter *iter)
{
	uint64_t limit = inode_maxbytes(file->f_inode);

	if (pos >= limit)
		return iter->count ? -EFBIG : 0;
	if (iter->count > limit - pos)
		iter->count = (size_t)(limit - pos);	/* generic_write_check_limits */
	if (file->f_inode->kind == INODE_SHMEM)
		return shmem_file_write(m, file, pos, iter);
	return generic_perform_write(m, file, pos, iter);
}

/** ksys_sync - see pagemap.h. */
void ksys_sync(struct machine *m)
{
	struct inode *inode;

	writeback_run_timers(m);
	list_for_each_entry(inode, &m->pagecache->inodes, struct inode, i_sb_list)
		filemap_write_and_wait_range(m, inode->i_mapping, 0, ~0ULL);
	filemap_write_and_wait_range(m, m->pagecache->bdev.bd_inode->i_mapping, 0, ~0ULL);
}
