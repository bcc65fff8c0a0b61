// SPDX-License-Identifier: MIT
/*
 * api_fs.c - the public mms_* entry points for a task's files: open,
 * close, read, write, pread, pwrite, lseek, fsync, ftruncate, each made by
 * the task on its CPU (its mm loaded, so copies to and from its memory
 * go through its page tables), with Linux's return values; and what an
 * fd points at.
 */
#include <errno.h>
#include <stdio.h>
#include "bitmap.h"
#include "fdtable.h"
#include "internal.h"
#include "mm.h"
#include "pagemap.h"

/* An fd argument: a negative one is a huge unsigned int, as the syscall sees it. */
#define UFD(fd) ((unsigned int)(fd))

int64_t mms_open(mms_machine *m, int pid, const char *path, int flags, unsigned int mode)
{
	return AS_TASK(m, pid, do_sys_openat(m, AT_FDCWD, path, flags, mode));
}

int64_t mms_close(mms_machine *m, int pid, int fd)
{
	return AS_TASK(m, pid, sys_close(m, UFD(fd)));
}

int64_t mms_read(mms_machine *m, int pid, int fd, uint64_t buf, uint64_t count)
{
	return AS_TASK(m, pid, ksys_read(m, UFD(fd), buf, (size_t)count));
}

int64_t mms_write(mms_machine *m, int pid, int fd, uint64_t buf, uint64_t count)
{
	return AS_TASK(m, pid, ksys_write(m, UFD(fd), buf, (size_t)count));
}

int64_t mms_pread(mms_machine *m, int pid, int fd, uint64_t buf, uint64_t count, int64_t off)
{
	return AS_TASK(m, pid, ksys_pread64(m, UFD(fd), buf, (size_t)count, off));
}

int64_t mms_pwrite(mms_machine *m, int pid, int fd, uint64_t buf, uint64_t count, int64_t off)
{
	return AS_TASK(m, pid, ksys_pwrite64(m, UFD(fd), buf, (size_t)count, off));
}

int64_t mms_lseek(mms_machine *m, int pid, int fd, int64_t off, int whence)
{
	return AS_TASK(m, pid, ksys_lseek(m, UFD(fd), off, (unsigned int)whence));
}

int64_t mms_fsync(mms_machine *m, int pid, int fd, int datasync)
{
	return AS_TASK(m, pid, do_fsync(m, UFD(fd), datasync != 0));
}

int64_t mms_ftruncate(mms_machine *m, int pid, int fd, int64_t length)
{
	return AS_TASK(m, pid, do_sys_ftruncate(m, UFD(fd), length));
}

/** mms_fd_stat - see mmsim.h. */
int mms_fd_stat(mms_machine *m, int pid, int fd, struct mms_fd_stat *st)
{
	struct task_struct *t = find_live_task(m, pid);
	struct file *f;

	if (!t)
		return -ESRCH;
	f = fget_task(m, t, UFD(fd));
	if (!f)
		return -EBADF;
	*st = (struct mms_fd_stat){ .pos = f->f_pos, .size = f->f_inode->i_size,
				    .ino = f->f_inode->i_ino, .f_count = f->f_count - 1,
				    .f_flags = f->f_flags, .f_mode = f->f_mode };
	snprintf(st->name, sizeof(st->name), "%s", f->f_inode->name);
	if (test_bit(UFD(fd), t->files->close_on_exec))
		st->f_flags |= O_CLOEXEC;	/* seq_show of fs/proc/fd.c */
	fput(m, f);
	return 0;
}
