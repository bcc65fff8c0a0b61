// SPDX-License-Identifier: MIT
/*
 * fd.c - /proc/PID/fdinfo/FD (fs/proc/fd.c seq_show, Linux 6.6): an open
 * file's position, its f_flags in octal with O_CLOEXEC added from the
 * close_on_exec bitmap (build_open_flags keeps O_CLOEXEC out of
 * f_flags), the mount's id and the inode number:
 *
 *   pos:	0
 *   flags:	0100002
 *   mnt_id:	26
 *   ino:	2
 *
 * Simplified: no file locks (show_fd_locks prints nothing) and no file
 * type with ->show_fdinfo (eventfd, epoll, inotify ... are not
 * modelled), so those four lines are all; the mount ids are mmsim's
 * (inode_mnt_id); no /proc/PID/fd symlinks and no directory listing.
 */
#include <errno.h>
#include "bitmap.h"
#include "fdtable.h"
#include "internal.h"
#include "mm.h"
#include "pagemap.h"
#include "seq_file.h"

/*
 * name_to_int - the fd a /proc/PID/fdinfo entry names: decimal digits,
 * no leading zero, below 2^31; -1 for anything else (-ENOENT).
 */
static long name_to_int(const char *name)
{
	long n = 0;

	if (!*name || (name[0] == '0' && name[1]))
		return -1;
	for (; *name; name++) {
		if (*name < '0' || *name > '9')
			return -1;
		n = n * 10 + (*name - '0');
		if (n > 0x7fffffffL)
			return -1;
	}
	return n;
}

/**
 * proc_fdinfo_show - /proc/PID/fdinfo/@name of @t into @s: 0, or
 * -ENOENT when @name is not an open fd of @t (or @t has no files).
 */
int proc_fdinfo_show(struct machine *m, struct task_struct *t, const char *name,
		     struct seq_file *s)
{
	long fd = name_to_int(name);
	unsigned int f_flags;
	struct file *file;

	if (fd < 0 || !t->files)
		return -ENOENT;
	file = fget_task(m, t, (unsigned int)fd);
	if (!file)
		return -ENOENT;
	f_flags = file->f_flags;
	if (test_bit((unsigned long)fd, t->files->close_on_exec))
		f_flags |= O_CLOEXEC;
	seq_printf(s, "pos:\t%lli\nflags:\t0%o\nmnt_id:\t%i\nino:\t%lu\n",
		   (long long)file->f_pos, f_flags, inode_mnt_id(file->f_inode),
		   file->f_inode->i_ino);
	fput(m, file);
	return 0;
}
