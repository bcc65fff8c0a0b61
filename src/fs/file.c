// SPDX-License-Identifier: MIT
/*
 * file.c - per-task descriptor tables (fs/file.c, Linux 6.6): the
 * files_struct of a task, fd allocation with the lowest-free-fd rule
 * (alloc_fd, next_fd), fd_install, close_fd, fget, fork's dup_fd and
 * CLONE_FILES sharing, exit_files.  See fdtable.h for what is simplified.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "bitmap.h"
#include "fdtable.h"
#include "internal.h"
#include "mm.h"
#include "pagemap.h"
#include "slab.h"

#define BITS_PER_LONG_	64

/* Host arrays of @nr slots for @files (fd pointers and the two bitmaps). */
static void fdtable_resize(struct files_struct *files, unsigned int nr)
{
	size_t words = (nr + BITS_PER_LONG_ - 1) / BITS_PER_LONG_;
	size_t old_words = (files->max_fds + BITS_PER_LONG_ - 1) / BITS_PER_LONG_;
	struct file **fd = realloc(files->fd, nr * sizeof(*fd));
	unsigned long *open = realloc(files->open_fds, words * sizeof(long));
	unsigned long *cloexec = realloc(files->close_on_exec, words * sizeof(long));

	if (!fd || !open || !cloexec)
		abort();
	memset(fd + files->max_fds, 0, (nr - files->max_fds) * sizeof(*fd));
	memset(open + old_words, 0, (words - old_words) * sizeof(long));
	memset(cloexec + old_words, 0, (words - old_words) * sizeof(long));
	files->fd = fd;
	files->open_fds = open;
	files->close_on_exec = cloexec;
	files->max_fds = nr;
}

/**
 * files_alloc - an empty table of NR_OPEN_DEFAULT slots, its object from
 * files_cache; NULL without memory.
 */
struct files_struct *files_alloc(struct machine *m)
{
	struct files_struct *files = calloc(1, sizeof(*files));

	if (!files)
		abort();
	files->kobj = kmem_cache_alloc(m, m->kcaches.files_cache, GFP_KERNEL | __GFP_NOWARN);
	if (!files->kobj) {
		free(files);
		return NULL;
	}
	files->count = 1;
	fdtable_resize(files, NR_OPEN_DEFAULT);
	return files;
}

static void files_free(struct machine *m, struct files_struct *files)
{
	kmem_cache_free(m, m->kcaches.files_cache, files->kobj);
	free(files->fd);
	free(files->open_fds);
	free(files->close_on_exec);
	free(files);
}

/*
 * alloc_fdtable's size for @nr slots (fs/file.c): the next power of two
 * of whole 1K blocks of pointers, at least 1024 / sizeof(void *), capped
 * at sysctl_nr_open.
 */
static unsigned int fdtable_size(unsigned int nr)
{
	unsigned int per = 1024 / 8, n = nr / per, p = 1;

	while (p < n + 1)
		p <<= 1;
	n = p * per;
	if (n > NR_OPEN_MAX)
		n = NR_OPEN_MAX;
	return n;
}

/* expand_files: make slot @nr exist (-EMFILE past sysctl_nr_open). */
static int expand_files(struct files_struct *files, unsigned int nr)
{
	if (nr < files->max_fds)
		return 0;
	if (nr >= NR_OPEN_MAX)
		return -EMFILE;
	fdtable_resize(files, fdtable_size(nr));
	return 0;
}

/* find_next_fd: the lowest clear bit of open_fds from @start. */
static unsigned int find_next_fd(struct files_struct *files, unsigned int start)
{
	return (unsigned int)find_next_zero_bit(files->open_fds, files->max_fds, start);
}

/* The table of @t, created on first use for a task made without one. */
static struct files_struct *task_files(struct machine *m, struct task_struct *t)
{
	if (!t->files)
		t->files = files_alloc(m);
	return t->files;
}

/**
 * alloc_fd - the lowest free fd of @t in [@start, @end) (alloc_fd of
 * fs/file.c: from next_fd when @start is below it), marked open
 * (close_on_exec from O_CLOEXEC in @flags); -EMFILE when none is below
 * @end (RLIMIT_NOFILE), -ENOMEM without a table.
 */
int alloc_fd(struct machine *m, struct task_struct *t, unsigned int start, unsigned int end,
	     unsigned int flags)
{
	struct files_struct *files = task_files(m, t);
	unsigned int fd = start;

	if (!files)
		return -ENOMEM;
	if (fd < files->next_fd)
		fd = files->next_fd;
	if (fd < files->max_fds)
		fd = find_next_fd(files, fd);
	if (fd >= end)
		return -EMFILE;
	if (expand_files(files, fd))
		return -EMFILE;
	if (start <= files->next_fd)
		files->next_fd = fd + 1;
	bitmap_set(files->open_fds, fd, 1);
	if (flags & O_CLOEXEC)
		bitmap_set(files->close_on_exec, fd, 1);
	else
		bitmap_clear(files->close_on_exec, fd, 1);
	files->nr_open++;
	return (int)fd;
}

/* __put_unused_fd: the slot is free again; next_fd moves down to it. */
static void __put_unused_fd(struct files_struct *files, unsigned int fd)
{
	bitmap_clear(files->open_fds, fd, 1);
	bitmap_clear(files->close_on_exec, fd, 1);
	if (fd < files->next_fd)
		files->next_fd = fd;
	files->nr_open--;
}

/**
 * put_unused_fd - give back @fd, allocated by alloc_fd and never installed.
 */
void put_unused_fd(struct task_struct *t, unsigned int fd)
{
	if (t->files && fd < t->files->max_fds && !t->files->fd[fd] &&
	    test_bit(fd, t->files->open_fds))
		__put_unused_fd(t->files, fd);
}

/**
 * fd_install - point @t's slot @fd (from alloc_fd) at @file, passing it
 * the caller's reference.
 */
void fd_install(struct task_struct *t, unsigned int fd, struct file *file)
{
	t->files->fd[fd] = file;
}

/**
 * close_fd - close @fd of @t (close(2) without its flush): the slot
 * freed, the file's reference dropped; -EBADF when @fd is not open.
 */
int close_fd(struct machine *m, struct task_struct *t, unsigned int fd)
{
	struct files_struct *files = t->files;
	struct file *file;

	if (!files || fd >= files->max_fds || !files->fd[fd])
		return -EBADF;
	file = files->fd[fd];
	files->fd[fd] = NULL;
	__put_unused_fd(files, fd);
	fput(m, file);
	return 0;
}

/** fget_task - see fdtable.h. */
struct file *fget_task(struct machine *m, struct task_struct *task, unsigned int fd)
{
	struct files_struct *files;

	(void)m;
	if (!task || !(files = task->files) || fd >= files->max_fds || !files->fd[fd])
		return NULL;
	return get_file(files->fd[fd]);
}

/** fget - see fdtable.h (@task NULL: the current task, as Linux's fget(fd)). */
struct file *fget(struct machine *m, struct task_struct *task, unsigned int fd)
{
	return fget_task(m, task ? task : vm_current(m), fd);
}

/*
 * dup_fd - a copy of @oldf for a forked child: the same size, every open
 * fd pointing at the same struct file with one more reference (so parent
 * and child share offsets), close_on_exec copied.  NULL without memory.
 */
static struct files_struct *dup_fd(struct machine *m, struct files_struct *oldf)
{
	struct files_struct *newf = files_alloc(m);
	size_t words;

	if (!newf)
		return NULL;
	if (oldf->max_fds > newf->max_fds)
		fdtable_resize(newf, oldf->max_fds);
	words = (oldf->max_fds + BITS_PER_LONG_ - 1) / BITS_PER_LONG_;
	memcpy(newf->open_fds, oldf->open_fds, words * sizeof(long));
	memcpy(newf->close_on_exec, oldf->close_on_exec, words * sizeof(long));
	for (unsigned int i = 0; i < oldf->max_fds; i++) {
		struct file *f = oldf->fd[i];

		if (f)
			newf->fd[i] = get_file(f);
		else if (test_bit(i, newf->open_fds))
			bitmap_clear(newf->open_fds, i, 1);	/* reserved, not installed */
	}
	newf->next_fd = oldf->next_fd;
	newf->nr_open = (unsigned int)bitmap_weight(newf->open_fds, newf->max_fds);
	return newf;
}

/**
 * copy_files - see fdtable.h: 0, or -ENOMEM.  A parent without a table
 * gives its child a new empty one.
 */
int copy_files(struct machine *m, unsigned long clone_flags, struct task_struct *parent,
	       struct task_struct *child)
{
	struct files_struct *oldf = task_files(m, parent);

	if (!oldf)
		return -ENOMEM;
	if (clone_flags & CLONE_FILES) {
		oldf->count++;
		child->files = oldf;
		return 0;
	}
	child->files = dup_fd(m, oldf);
	return child->files ? 0 : -ENOMEM;
}

/* close_files: every open fd of the last user's table, in fd order. */
static void close_files(struct machine *m, struct files_struct *files)
{
	for (unsigned int i = 0; i < files->max_fds; i++) {
		struct file *f = files->fd[i];

		if (f) {
			files->fd[i] = NULL;
			fput(m, f);
		}
	}
}

/** exit_files - see fdtable.h (put_files_struct). */
void exit_files(struct machine *m, struct task_struct *t)
{
	struct files_struct *files = t->files;

	if (!files)
		return;
	t->files = NULL;
	if (--files->count > 0)
		return;
	close_files(m, files);
	files_free(m, files);
}

/**
 * files_check - every table of every task: open_fds agrees with the fd
 * array and nr_open, next_fd is at or below the lowest free fd, each
 * file pointed at has a reference, the table's count matches its sharers.  The number
 * of problems found (each reported with pr_err).
 */
int files_check(struct machine *m)
{
	struct task_struct *t, *o;
	int bad = 0;

	if (!m->vm)
		return 0;
	list_for_each_entry(t, &m->vm->tasks, struct task_struct, tasks) {
		struct files_struct *f = t->files;
		unsigned int n = 0, lowest;
		int users = 0;
		bool first = true;

		if (!f)
			continue;
		list_for_each_entry(o, &m->vm->tasks, struct task_struct, tasks) {
			if (o->files != f)
				continue;
			if (users++ == 0 && o != t)
				first = false;
		}
		if (!first)
			continue;	/* checked at its first sharer */
		if (users != f->count) {
			pr_err(m, "files: pid %d: files_struct count %d, %d users\n", t->pid,
			       f->count, users);
			bad++;
		}
		for (unsigned int i = 0; i < f->max_fds; i++) {
			bool open = test_bit(i, f->open_fds);

			if (open != (f->fd[i] != NULL)) {
				pr_err(m, "files: pid %d: fd %u open bit %d, %s file\n", t->pid, i,
				       open, f->fd[i] ? "a" : "no");
				bad++;
			}
			n += open;
			if (f->fd[i] && f->fd[i]->f_count < 1) {
				pr_err(m, "files: pid %d: fd %u: f_count %ld\n", t->pid, i,
				       f->fd[i]->f_count);
				bad++;
			}
		}
		lowest = find_next_fd(f, 0);
		if (n != f->nr_open || f->next_fd > lowest) {
			pr_err(m, "files: pid %d: %u open (counted %u), next_fd %u, lowest free %u\n",
			       t->pid, n, f->nr_open, f->next_fd, lowest);
			bad++;
		}
	}
	return bad;
}
