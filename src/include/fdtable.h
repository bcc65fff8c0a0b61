/* SPDX-License-Identifier: MIT */
/*
 * fdtable.h - per-task open file tables (include/linux/fdtable.h,
 * include/linux/file.h, fs/file.c, Linux 6.6) and the file system calls
 * built on them (fs/open.c, fs/read_write.c, fs/sync.c; their prototypes
 * as include/linux/syscalls.h gives them).
 *
 * A files_struct is a task's descriptor table: an array of struct file
 * pointers indexed by fd, the open_fds and close_on_exec bitmaps, and
 * next_fd (the lowest fd that may be free: alloc_fd's "lowest free fd"
 * rule).  Its object comes from the "files_cache" slab cache
 * (m->kcaches.files_cache, the host struct carrying the state as
 * vmalloc's vmap_area does); fork copies it (dup_fd: every open file
 * gains a reference, the child shares the struct file and so the offset),
 * CLONE_FILES shares it (count), exit closes every fd (exit_files).
 *
 * The table starts with NR_OPEN_DEFAULT (BITS_PER_LONG) slots, the ones
 * embedded in files_struct, and grows as expand_fdtable does (the size
 * alloc_fdtable computes); the grown arrays are host memory only (Linux
 * kvmallocs them: not modelled).  RLIMIT_NOFILE is the default soft
 * limit, 1024, for every task (no setrlimit).  No RCU, no fd passing.
 * See docs/page_cache.md ("File descriptors and read/write").
 */
#ifndef MMSIM_FDTABLE_H
#define MMSIM_FDTABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct machine;
struct task_struct;
struct file;

#define NR_OPEN_DEFAULT		64	/* BITS_PER_LONG */
#define INR_OPEN_CUR		1024	/* RLIMIT_NOFILE's soft default */
#define NR_OPEN_MAX		1048576	/* sysctl_nr_open (fs.nr_open) */
#define CLONE_FILES		0x00000400

struct files_struct {
	int count;			/* tasks sharing it (CLONE_FILES) */
	unsigned int max_fds;		/* fdt->max_fds */
	struct file **fd;		/* fdt->fd */
	unsigned long *open_fds;	/* fdt->open_fds */
	unsigned long *close_on_exec;	/* fdt->close_on_exec */
	unsigned int next_fd;
	unsigned int nr_open;		/* fds in use (for views and checks) */
	uint64_t kobj;			/* its twin in files_cache */
};

/* files_alloc - an empty table (init_files's shape) for a new task; NULL without memory. */
struct files_struct *files_alloc(struct machine *m);
/* copy_files - fork: share @parent's table (CLONE_FILES) or copy it (dup_fd). */
int copy_files(struct machine *m, unsigned long clone_flags, struct task_struct *parent,
	       struct task_struct *child);
/* exit_files - the task's table goes; the last user closes every file. */
void exit_files(struct machine *m, struct task_struct *t);
/* alloc_fd / fd_install / close_fd (fs/file.c) on @t's table. */
int alloc_fd(struct machine *m, struct task_struct *t, unsigned int start, unsigned int end,
	     unsigned int flags);
void fd_install(struct task_struct *t, unsigned int fd, struct file *file);
void put_unused_fd(struct task_struct *t, unsigned int fd);
int close_fd(struct machine *m, struct task_struct *t, unsigned int fd);
/*
 * fget - the open file at @fd of @task (NULL: the current task), with a
 * reference taken for the caller (who drops it with fput); NULL when @fd
 * is not open.  fget_task is the same for an explicit task.
 */
struct file *fget(struct machine *m, struct task_struct *task, unsigned int fd);
struct file *fget_task(struct machine *m, struct task_struct *task, unsigned int fd);
/* files_check - the invariant checker's pass over every table. */
int files_check(struct machine *m);

/* ---- the system calls, run by the current task on its CPU ---- */
/* Linux's values (uapi asm-generic/fcntl.h, x86) */
#define O_ACCMODE	00000003
#define O_RDONLY	00000000
#define O_WRONLY	00000001
#define O_RDWR		00000002
#define O_CREAT		00000100
#define O_EXCL		00000200
#define O_NOCTTY	00000400
#define O_TRUNC		00001000
#define O_APPEND	00002000
#define O_NONBLOCK	00004000
#define O_DSYNC		00010000
#define O_DIRECT	00040000
#define O_LARGEFILE	00100000
#define O_DIRECTORY	00200000
#define O_NOFOLLOW	00400000
#define O_NOATIME	01000000
#define O_CLOEXEC	02000000
#define __O_SYNC	04000000
#define O_PATH		010000000
#define __O_TMPFILE	020000000
#define AT_FDCWD	(-100)
#define SEEK_SET	0
#define SEEK_CUR	1
#define SEEK_END	2
#define SEEK_DATA	3
#define SEEK_HOLE	4
/* MAX_RW_COUNT (include/linux/fs.h): INT_MAX & PAGE_MASK */
#define MAX_RW_COUNT	(0x7fffffffUL & ~4095UL)

long do_sys_openat(struct machine *m, int dfd, const char *filename, int flags,
		   unsigned int mode);
long sys_close(struct machine *m, unsigned int fd);
ssize_t ksys_read(struct machine *m, unsigned int fd, uint64_t buf, size_t count);
ssize_t ksys_write(struct machine *m, unsigned int fd, uint64_t buf, size_t count);
ssize_t ksys_pread64(struct machine *m, unsigned int fd, uint64_t buf, size_t count,
		     int64_t pos);
ssize_t ksys_pwrite64(struct machine *m, unsigned int fd, uint64_t buf, size_t count,
		      int64_t pos);
int64_t ksys_lseek(struct machine *m, unsigned int fd, int64_t offset, unsigned int whence);
long do_fsync(struct machine *m, unsigned int fd, int datasync);
long do_sys_ftruncate(struct machine *m, unsigned int fd, int64_t length);
/* proc_fdinfo_show - /proc/PID/fdinfo/FD (fs/proc/fd.c); 0 or -ENOENT */
struct seq_file;
int proc_fdinfo_show(struct machine *m, struct task_struct *t, const char *name,
		     struct seq_file *s);
/* do_truncate - set @inode's size (truncate_setsize + the disk's blocks); 0 or -errno. */
struct inode;
int do_truncate(struct machine *m, struct inode *inode, uint64_t length);

#endif /* MMSIM_FDTABLE_H */
