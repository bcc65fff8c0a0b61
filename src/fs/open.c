// SPDX-License-Identifier: MIT
/*
 * open.c - open(2)/openat(2), close(2), ftruncate(2) and truncation
 * (fs/open.c, fs/namei.c do_open / handle_truncate, mm/truncate.c
 * truncate_setsize / truncate_pagecache, Linux 6.6), run by the current
 * task.
 *
 * Simplified: one directory, so a name is looked up as it is given (no
 * path walk, "/dev/sda" is the disk); dfd is AT_FDCWD or ignored; the
 * name is a kernel string (getname's strncpy_from_user is not made); no
 * permissions (mode is ignored but for O_CREAT's create, every open may
 * read and write), no O_TMPFILE / O_PATH files, O_DIRECTORY always
 * -ENOTDIR (there is no directory to open).
 */
#include <errno.h>
#include <string.h>
#include <stdlib.h>
#include "arch.h"
#include "blkdev.h"
#include "fdtable.h"
#include "internal.h"
#include "mm.h"
#include "pagemap.h"

/* The disk's blocks past @newsize go, the partial one zeroed past it. */
static void disk_truncate_blocks(struct inode *inode, uint64_t newsize)
{
	unsigned long first = (unsigned long)(newsize >> PAGE_SHIFT);
	size_t off = newsize & (PAGE_SIZE - 1);

	for (unsigned long i = first; i < inode->blocks_cap; i++) {
		if (!inode->blocks[i])
			continue;
		if (i == first && off) {
			memset(inode->blocks[i] + off, 0, PAGE_SIZE - off);
			continue;
		}
		free(inode->blocks[i]);
		inode->blocks[i] = NULL;
	}
	if (inode->pristine_size > newsize)
		inode->pristine_size = newsize;
}

/**
 * do_truncate - set @inode's size to @length (notify_change ->
 * simple_setattr / shmem_setattr: truncate_setsize, whose
 * truncate_pagecache unmaps the pages past the new end from every
 * mapping, private COW copies too, and removes them from the cache, the
 * partial one zeroed past it; on the disk the blocks past it freed).
 * 0, -EFBIG above s_maxbytes (inode_newsize_ok), -EINVAL for the block
 * device (not a regular file).
 */
int do_truncate(struct machine *m, struct inode *inode, uint64_t length)
{
	uint64_t old = inode->i_size;

	if (inode->kind == INODE_BDEV)
		return -EINVAL;
	if (length > inode_maxbytes(inode))
		return -EFBIG;
	inode->i_size = length;		/* i_size_write */
	if (length >= old)
		return 0;		/* pagecache_isize_extended: nothing with 4K blocks */
	truncate_pagecache(m, inode, length);
	if (inode->kind == INODE_DISK)
		disk_truncate_blocks(inode, length);
	return 0;
}

/*
 * do_sys_openat: build_open_flags' checks, the lookup (or O_CREAT's
 * create of an empty file on the disk), may_open, handle_truncate, the
 * fd.  -EINVAL: O_CREAT with O_DIRECTORY (6.4+), O_TMPFILE;
 * -ENOENT: no such name (or an empty one); -EEXIST: O_CREAT|O_EXCL of an
 * existing name; -ENAMETOOLONG: a name too long for this filesystem;
 * -ENOTDIR: O_DIRECTORY; -EMFILE: no fd below RLIMIT_NOFILE.
 */
/**
 * do_sys_openat - openat(2) by the current task: the new fd (the lowest
 * free one) or -errno (above).
 */
long do_sys_openat(struct machine *m, int dfd, const char *filename, int flags,
		   unsigned int mode)
{
	struct task_struct *t = vm_current(m);
	struct inode *inode;
	struct file *f;
	int fd, err;

	(void)dfd;
	(void)mode;
	if (!t)
		return -ESRCH;
	if (!filename)
		return -EFAULT;
	if (m->arch->bits == 64)
		flags |= O_LARGEFILE;	/* openat: force_o_largefile() */
	/* build_open_flags (fs/open.c, 6.6) */
	if ((flags & O_CREAT) && (flags & O_DIRECTORY))
		return -EINVAL;
	if (flags & __O_TMPFILE)
		return -EINVAL;		/* no directory to make it in: tmpfs's -EOPNOTSUPP aside */
	if (!*filename)
		return -ENOENT;
	if (strlen(filename) >= 64 && strcmp(filename, "/dev/sda"))
		return -ENAMETOOLONG;
	/* get_unused_fd_flags comes first in do_sys_openat2 */
	fd = alloc_fd(m, t, 0, INR_OPEN_CUR, (unsigned int)flags);
	if (fd < 0)
		return fd;
	inode = inode_lookup(m, filename);
	if (inode && (flags & O_CREAT) && (flags & O_EXCL))
		err = -EEXIST;
	else if (!inode && !(flags & O_CREAT))
		err = -ENOENT;
	else if (!inode)
		err = inode_create(m, filename, 0, false, &inode);	/* lookup_open */
	else
		err = 0;
	if (!err && (flags & O_DIRECTORY))
		err = -ENOTDIR;
	if (!err && (flags & O_TRUNC) && inode->kind != INODE_BDEV)
		err = do_truncate(m, inode, 0);		/* handle_truncate */
	if (err) {
		put_unused_fd(t, (unsigned int)fd);
		return err;
	}
	f = filp_open(m, inode);
	/* OPEN_FMODE: 0 -> FMODE_READ, 1 -> FMODE_WRITE, 2 -> both, 3 -> neither */
	f->f_mode = (((unsigned int)flags + 1) & O_ACCMODE) | FMODE_LSEEK | FMODE_PREAD |
		    FMODE_PWRITE;
	/* build_open_flags strips O_CLOEXEC (the fd's bit keeps it), do_dentry_open the rest */
	f->f_flags = (unsigned int)flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	fd_install(t, (unsigned int)fd, f);
	return fd;
}

/**
 * sys_close - close(2) by the current task: 0 or -EBADF.
 */
long sys_close(struct machine *m, unsigned int fd)
{
	struct task_struct *t = vm_current(m);

	return t ? close_fd(m, t, fd) : -ESRCH;
}

/**
 * do_sys_ftruncate - ftruncate(2): 0; -EINVAL for a negative length, a
 * file not open for writing or not regular; -EBADF; -EFBIG.
 */
long do_sys_ftruncate(struct machine *m, unsigned int fd, int64_t length)
{
	struct file *f;
	long err;

	if (length < 0)
		return -EINVAL;
	f = fget(m, NULL, fd);
	if (!f)
		return -EBADF;
	err = -EINVAL;
	if ((f->f_mode & FMODE_WRITE) && f->f_inode->kind != INODE_BDEV)
		err = do_truncate(m, f->f_inode, (uint64_t)length);
	fput(m, f);
	return err;
}
