// SPDX-License-Identifier: MIT
/*
 * api_file.c - the public mms_file_* entry points over the page cache
 * (pagemap.h), and the /proc/sys/vm views of the writeback sysctls.
 */
#include <errno.h>
#include "blkdev.h"
#include "internal.h"
#include "pagemap.h"
#include "writeback.h"

#define SHOW_VM(name)                                                   \
	void show_vm_##name(struct machine *m, struct seq_file *s)      \
	{                                                               \
		seq_printf(s, "%ld\n", writeback_sysctl_read(m, #name));\
	}
SHOW_VM(dirty_ratio)
SHOW_VM(dirty_background_ratio)
SHOW_VM(dirty_bytes)
SHOW_VM(dirty_background_bytes)
SHOW_VM(dirty_expire_centisecs)
SHOW_VM(dirty_writeback_centisecs)
SHOW_VM(drop_caches)

/** mms_file_create - see mmsim.h. */
int mms_file_create(mms_machine *m, const char *name, uint64_t size, int tmpfs)
{
	struct inode *inode;

	return inode_create(m, name, size, tmpfs != 0, &inode);
}

/** mms_file_unlink - see mmsim.h. */
int mms_file_unlink(mms_machine *m, const char *name)
{
	return inode_unlink(m, name);
}

/** mms_file_read - see mmsim.h. */
long mms_file_read(mms_machine *m, const char *name, uint64_t off, void *buf, size_t len)
{
	struct inode *inode = inode_lookup(m, name);
	struct iov_iter iter;

	if (!inode)
		return -ENOENT;
	iov_iter_kvec(&iter, buf, len);
	return kernel_read(m, inode_default_file(m, inode), off, &iter);
}

/** mms_file_write - see mmsim.h. */
long mms_file_write(mms_machine *m, const char *name, uint64_t off, const void *buf, size_t len)
{
	struct inode *inode = inode_lookup(m, name);
	struct iov_iter iter;

	if (!inode)
		return -ENOENT;
	iov_iter_kvec(&iter, (void *)buf, len);
	return kernel_write(m, inode_default_file(m, inode), off, &iter);
}

/** mms_file_fsync - see mmsim.h. */
int mms_file_fsync(mms_machine *m, const char *name)
{
	struct inode *inode = inode_lookup(m, name);

	if (!inode)
		return -ENOENT;
	return vfs_fsync_range(m, inode_default_file(m, inode), 0, ~0ULL, 0);
}

/** mms_file_stat - see mmsim.h. */
int mms_file_stat(mms_machine *m, const char *name, struct mms_file_stat *st)
{
	struct inode *inode = inode_lookup(m, name);
	struct file *f;
	pgoff_t index = 0;
	struct page *page;

	if (!inode)
		return -ENOENT;
	blk_complete(m);
	f = inode_default_file(m, inode);
	*st = (struct mms_file_stat){ .size = inode->i_size, .nrpages = inode->i_mapping->nrpages,
				      .ra_start = f->f_ra.start, .ra_size = f->f_ra.size,
				      .ra_async_size = f->f_ra.async_size,
				      .mmap_miss = f->f_ra.mmap_miss,
				      .tmpfs = inode->kind == INODE_SHMEM };
	while ((page = xa_find(&inode->i_mapping->i_pages, &index, ~0UL, XA_PRESENT))) {
		st->dirty += PageDirty(page);
		st->writeback += PageWriteback(page);
		index++;
	}
	return 0;
}

/** mms_file_expected_byte - see mmsim.h. */
unsigned char mms_file_expected_byte(const char *name, uint64_t off)
{
	return disk_file_byte(name, off);
}

/** mms_sync - see mmsim.h. */
void mms_sync(mms_machine *m)
{
	ksys_sync(m);
}

/** mms_clock_ns - see mmsim.h. */
uint64_t mms_clock_ns(mms_machine *m)
{
	return m->clock_ns;
}

/** mms_idle - see mmsim.h. */
void mms_idle(mms_machine *m, uint64_t ns)
{
	writeback_idle(m, ns);
}
