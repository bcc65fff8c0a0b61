// SPDX-License-Identifier: MIT
/*
 * read_write.c - read(2), write(2), pread64(2), pwrite64(2) and lseek(2)
 * (fs/read_write.c: ksys_read / vfs_read / rw_verify_area /
 * generic_file_llseek_size / vfs_setpos; mm/filemap.c
 * generic_write_checks; lib/iov_iter.c copy_to_user_iter /
 * copy_from_user_iter, Linux 6.6), run by the current task on its CPU.
 *
 * The user buffer is reached through an ITER_ACTOR iov_iter whose actor
 * is copy_to_user_iter / copy_from_user_iter: access_ok, then
 * raw_copy_to_user / raw_copy_from_user on the task's address space, so
 * an untouched page of the buffer faults in through the VM's fault
 * handler (one fault per page the copy touches), and a page that cannot
 * be faulted in ends the copy there: a short count, or -EFAULT when
 * nothing was copied, as filemap_read and generic_perform_write return.
 * Simplified: no f_pos_lock, no fsnotify, no RLIMIT_FSIZE (unlimited).
 */
#include <errno.h>
#include "fdtable.h"
#include "internal.h"
#include "mm.h"
#include "pagemap.h"
#include "uaccess.h"

/*
 * copy_to_user_iter / copy_from_user_iter (lib/iov_iter.c, 6.6): @len
 * bytes at byte @done of the user buffer *@priv; the bytes copied.
 */
static size_t user_iter_actor(struct machine *m, void *priv, size_t done, void *host, size_t len,
			      bool to_iter)
{
	uint64_t ubuf = *(const uint64_t *)priv + done;

	if (!access_ok(m, ubuf, len))
		return 0;
	if (to_iter)
		return len - raw_copy_to_user(m, ubuf, host, len);
	return len - raw_copy_from_user(m, host, ubuf, len);
}

/* import_ubuf: an iterator over @count bytes of user memory at *@ubuf. */
static void iov_iter_ubuf(struct iov_iter *i, uint64_t *ubuf, size_t count)
{
	*i = (struct iov_iter){ .type = ITER_ACTOR, .count = count, .actor = user_iter_actor,
				.priv = ubuf };
}

/* rw_verify_area (fs/read_write.c, 6.6) for a regular file or the disk. */
static int rw_verify_area(int64_t pos, size_t count)
{
	if ((ssize_t)count < 0)
		return -EINVAL;
	if (pos < 0 || (int64_t)((uint64_t)pos + count) < 0)
		return -EINVAL;
	return 0;
}

/* vfs_read: the checks in Linux's order, then ->read_iter; the bytes or -errno. */
static ssize_t vfs_read(struct machine *m, struct file *file, uint64_t buf, size_t count,
			uint64_t *pos)
{
	struct iov_iter iter;
	uint64_t ubuf = buf;
	ssize_t ret;

	if (!(file->f_mode & FMODE_READ))
		return -EBADF;
	if (!access_ok(m, buf, count))
		return -EFAULT;
	ret = rw_verify_area((int64_t)*pos, count);
	if (ret)
		return ret;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	iov_iter_ubuf(&iter, &ubuf, count);
	ret = kernel_read(m, file, *pos, &iter);
	if (ret > 0)
		*pos += (uint64_t)ret;
	return ret;
}

/*
 * vfs_write: the checks, generic_write_checks (O_APPEND writes at the
 * end, for pwrite too, as Linux), then ->write_iter.
 */
static ssize_t vfs_write(struct machine *m, struct file *file, uint64_t buf, size_t count,
			 uint64_t *pos)
{
	struct iov_iter iter;
	uint64_t ubuf = buf;
	ssize_t ret;

	if (!(file->f_mode & FMODE_WRITE))
		return -EBADF;
	if (!access_ok(m, buf, count))
		return -EFAULT;
	ret = rw_verify_area((int64_t)*pos, count);
	if (ret)
		return ret;
	if (count > MAX_RW_COUNT)
		count = MAX_RW_COUNT;
	if (!count)
		return 0;
	if ((file->f_flags & O_APPEND) && file->f_inode->kind != INODE_BDEV)
		*pos = file->f_inode->i_size;
	iov_iter_ubuf(&iter, &ubuf, count);
	ret = kernel_write(m, file, *pos, &iter);
	if (ret > 0)
		*pos += (uint64_t)ret;
	return ret;
}

/**
 * ksys_read - read(2) by the current task: the bytes read at f_pos
 * (f_pos advanced), or -EBADF (not open, or not for reading), -EFAULT
 * (access_ok, or no byte copied), -EINVAL.
 */
ssize_t ksys_read(struct machine *m, unsigned int fd, uint64_t buf, size_t count)
{
	struct file *f = fget(m, NULL, fd);
	uint64_t pos;
	ssize_t ret;

	if (!f)
		return -EBADF;
	pos = f->f_pos;
	ret = vfs_read(m, f, buf, count, &pos);
	if (ret >= 0)
		f->f_pos = pos;
	fput(m, f);
	return ret;
}

/**
 * ksys_write - write(2) by the current task: the bytes written at f_pos
 * (the end with O_APPEND), f_pos advanced; or -errno (-EBADF, -EFAULT,
 * -EINVAL, -EFBIG, -ENOSPC).
 */
ssize_t ksys_write(struct machine *m, unsigned int fd, uint64_t buf, size_t count)
{
	struct file *f = fget(m, NULL, fd);
	uint64_t pos;
	ssize_t ret;

	if (!f)
		return -EBADF;
	pos = f->f_pos;
	ret = vfs_write(m, f, buf, count, &pos);
	if (ret >= 0)
		f->f_pos = pos;
	fput(m, f);
	return ret;
}

/**
 * ksys_pread64 - pread64(2): read at @pos, f_pos unchanged; -EINVAL for
 * a negative @pos, else as ksys_read.
 */
ssize_t ksys_pread64(struct machine *m, unsigned int fd, uint64_t buf, size_t count,
		     int64_t pos)
{
	struct file *f;
	uint64_t p = (uint64_t)pos;
	ssize_t ret = -EBADF;

	if (pos < 0)
		return -EINVAL;
	f = fget(m, NULL, fd);
	if (!f)
		return -EBADF;
	if (f->f_mode & FMODE_PREAD)
		ret = vfs_read(m, f, buf, count, &p);
	else
		ret = -ESPIPE;
	fput(m, f);
	return ret;
}

/**
 * ksys_pwrite64 - pwrite64(2): write at @pos (the end with O_APPEND, as
 * Linux), f_pos unchanged; -EINVAL for a negative @pos.
 */
ssize_t ksys_pwrite64(struct machine *m, unsigned int fd, uint64_t buf, size_t count,
		      int64_t pos)
{
	struct file *f;
	uint64_t p = (uint64_t)pos;
	ssize_t ret;

	if (pos < 0)
		return -EINVAL;
	f = fget(m, NULL, fd);
	if (!f)
		return -EBADF;
	if (f->f_mode & FMODE_PWRITE)
		ret = vfs_write(m, f, buf, count, &p);
	else
		ret = -ESPIPE;
	fput(m, f);
	return ret;
}

/* vfs_setpos: -EINVAL below 0 or above @maxsize. */
static int64_t vfs_setpos(struct file *file, int64_t offset, uint64_t maxsize)
{
	if (offset < 0 || (uint64_t)offset > maxsize)
		return -EINVAL;
	file->f_pos = (uint64_t)offset;
	return offset;
}

/**
 * ksys_lseek - lseek(2) (generic_file_llseek_size with s_maxbytes and
 * i_size; the disk's fixed_size_llseek): the new offset; -EBADF; -EINVAL
 * for an unknown @whence or an offset below 0 or above the maximum;
 * -ENXIO for SEEK_DATA / SEEK_HOLE at or past the end (the whole file is
 * data).
 */
int64_t ksys_lseek(struct machine *m, unsigned int fd, int64_t offset, unsigned int whence)
{
	struct file *f = fget(m, NULL, fd);
	uint64_t eof, maxsize;
	int64_t ret;

	if (!f)
		return -EBADF;
	ret = -EINVAL;
	if (whence > SEEK_HOLE)
		goto out;
	eof = f->f_inode->i_size;
	maxsize = inode_maxbytes(f->f_inode);
	switch (whence) {
	case SEEK_END:
		offset += (int64_t)eof;
		break;
	case SEEK_CUR:
		if (offset == 0) {
			ret = (int64_t)f->f_pos;
			goto out;
		}
		offset += (int64_t)f->f_pos;
		break;
	case SEEK_DATA:
		if ((uint64_t)offset >= eof) {
			ret = -ENXIO;
			goto out;
		}
		break;
	case SEEK_HOLE:
		if ((uint64_t)offset >= eof) {
			ret = -ENXIO;
			goto out;
		}
		offset = (int64_t)eof;
		break;
	}
	ret = vfs_setpos(f, offset, maxsize);
out:
	fput(m, f);
	return ret;
}

/**
 * do_fsync - fsync(2) / fdatasync(2) (fs/sync.c: vfs_fsync over the whole
 * file, [0, LLONG_MAX]): 0, or -EBADF.
 */
long do_fsync(struct machine *m, unsigned int fd, int datasync)
{
	struct file *f = fget(m, NULL, fd);
	long ret;

	if (!f)
		return -EBADF;
	ret = vfs_fsync_range(m, f, 0, (uint64_t)INT64_MAX, datasync);
	fput(m, f);
	return ret;
}
