// SPDX-License-Identifier: MIT
/*
 * test_read_write.c - descriptor tables and the file system calls
 * (src/fs/file.c, open.c, read_write.c, src/kernel/api_fs.c): fd
 * allocation order and reuse, -EBADF / -EMFILE / -ENOENT / -EEXIST /
 * -EINVAL, read(2) into untouched anonymous memory (one fault per page
 * copy_to_user touches, the bytes the file's), write then read back,
 * pread/pwrite leaving f_pos alone, O_APPEND, O_TRUNC and ftruncate,
 * lseek, fsync, -EFAULT and short counts for bad buffers, fork sharing
 * the struct file (so the offset), threads sharing the table, exit
 * closing every file.  check_machine after each step.
 *
 * Where the expected outcomes come from (Linux 6.6):
 *  - fs/file.c alloc_fd: the lowest free fd (next_fd), -EMFILE at
 *    RLIMIT_NOFILE (1024 soft, the default); mmsim's tasks start with an
 *    empty table (no stdin/stdout/stderr), so the first fd is 0;
 *  - fs/read_write.c vfs_read/vfs_write: -EBADF without FMODE_READ /
 *    FMODE_WRITE (OPEN_FMODE of O_RDONLY / O_WRONLY), rw_verify_area's
 *    -EINVAL for a negative offset; pread64/pwrite64 do not touch f_pos;
 *    generic_write_checks: O_APPEND writes at i_size, pwrite too;
 *  - mm/filemap.c filemap_read / generic_perform_write: a copy that
 *    faults ends the call with the bytes done, -EFAULT if none; the copy
 *    is copy_to_user (a write fault per untouched anonymous page:
 *    do_anonymous_page) or copy_from_user (a read fault per page: the
 *    zero page mapped), measurable on Linux with getrusage's ru_minflt
 *    around read(fd, fresh_mmap, n);
 *  - fork: dup_fd gives the child the same struct file (fork(2): "the
 *    two file descriptors share open file status flags, file offset").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "helpers.h"
#include "fdtable.h"
#include "mm.h"
#include "pagemap.h"
#include "random.h"

#define PG 4096UL
#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

/*
 * What differs between the profiles (Linux 6.6): x86_64, and i386 with 1G
 * of RAM so that it has HighMem (the file's pages and the user buffers
 * come from there; the copies map the cache page with kmap_local_page).
 */
struct rw_arch {
	const char *spec;
	unsigned long kernel_addr;	/* PAGE_OFFSET: access_ok refuses it */
	unsigned long o_largefile;	/* force_o_largefile(): 64-bit only */
	bool highmem;
};

static const struct rw_arch x86_64_arch = {
	.spec = "arch=x86_64 ram=256M cpus=2 norandmaps=1",
	.kernel_addr = 0xffff888000000000UL,
	.o_largefile = O_LARGEFILE,
	.highmem = false,
};

static const struct rw_arch i386_arch = {
	.spec = "arch=i386 ram=1G cpus=2 norandmaps=1",
	.kernel_addr = 0xc0000000UL,
	.o_largefile = 0,		/* CONFIG_ARCH_32BIT_OFF_T */
	.highmem = true,
};

static struct machine *boot_fs(const struct rw_arch *A, int *pid)
{
	struct machine *m = boot_spec(A->spec);

	assert_int_equal(mms_spawn(m, "app", NULL, pid), 0);
	assert_int_equal(mms_file_create(m, "data", 64 * 1024, 0), 0);
	return m;
}

static struct mms_fd_stat fdst(struct machine *m, int pid, int fd)
{
	struct mms_fd_stat st;

	assert_int_equal(mms_fd_stat(m, pid, fd, &st), 0);
	return st;
}

static struct files_struct *files_of(struct machine *m, int pid)
{
	struct task_struct *t = find_task_by_pid(m, pid);

	assert_non_null(t);
	return t->files;
}

static uint64_t anon_buf(struct machine *m, int pid, unsigned long pages, int prot)
{
	int64_t a = mms_mmap(m, pid, 0, pages * PG, prot, ANON, -1, 0);

	assert_true(a > 0);
	return (uint64_t)a;
}

/* The task's bytes at @a equal the disk file's pristine bytes at @off. */
static void assert_file_bytes(struct machine *m, int pid, uint64_t a, uint64_t len,
			      const char *name, uint64_t off)
{
	uint8_t *buf = malloc(len);

	assert_non_null(buf);
	assert_int_equal(mms_task_access(m, pid, a, len, 0, buf, 0, 0), 0);
	for (uint64_t i = 0; i < len; i++)
		if (buf[i] != disk_file_byte(name, off + i))
			fail_msg("byte %llu: %#x, the file has %#x", (unsigned long long)i, buf[i],
				 disk_file_byte(name, off + i));
	free(buf);
}

static void test_fd_allocation(void **state)
{
	const struct rw_arch *A = *state;
	int pid;
	struct machine *m = boot_fs(A, &pid);
	struct inode *inode = inode_lookup(m, "data");

	assert_int_equal(mms_open(m, pid, "data", O_RDONLY, 0), 0);
	assert_int_equal(mms_open(m, pid, "data", O_RDONLY, 0), 1);
	assert_int_equal(mms_open(m, pid, "data", O_RDWR, 0), 2);
	assert_int_equal(inode->i_count, 4);		/* the dentry's + 3 files */
	{
		/* each open is its own struct file with its filp object */
		struct task_struct *t = find_task_by_pid(m, pid);
		struct file *f0 = fget_task(m, t, 0), *f1 = fget_task(m, t, 1);
		struct file *f2 = fget(m, t, 2);

		assert_non_null(f0);
		assert_non_null(f1);
		assert_ptr_not_equal(f0, f1);
		assert_true(f0->kobj && f1->kobj && f0->kobj != f1->kobj);
		assert_int_equal(f0->f_count, 2);	/* the fd's and ours */
		assert_int_equal(f0->f_mode & (FMODE_READ | FMODE_WRITE), FMODE_READ);
		assert_int_equal(f2->f_mode & (FMODE_READ | FMODE_WRITE), FMODE_READ | FMODE_WRITE);
		fput(m, f2);
		assert_null(fget_task(m, t, 3));
		assert_null(fget(m, t, 1000000));
		fput(m, f0);
		fput(m, f1);
		assert_int_equal(f0->f_count, 1);
	}
	assert_int_equal(check_machine(m), 0);
	/* the lowest free fd is reused */
	assert_int_equal(mms_close(m, pid, 1), 0);
	assert_int_equal(mms_close(m, pid, 1), -EBADF);
	assert_int_equal(mms_close(m, pid, 77), -EBADF);
	assert_int_equal(mms_close(m, pid, -1), -EBADF);
	assert_int_equal(mms_read(m, pid, 1, 0x10000, 1), -EBADF);
	assert_int_equal(mms_lseek(m, pid, 1, 0, SEEK_SET), -EBADF);
	assert_int_equal(mms_fsync(m, pid, 1, 0), -EBADF);
	assert_int_equal(mms_open(m, pid, "data", O_RDONLY, 0), 1);
	assert_int_equal(mms_open(m, pid, "data", O_RDONLY, 0), 3);
	assert_int_equal(mms_close(m, pid, 0), 0);
	assert_int_equal(mms_close(m, pid, 2), 0);
	assert_int_equal(mms_open(m, pid, "data", O_RDONLY, 0), 0);
	assert_int_equal(mms_open(m, pid, "data", O_RDONLY, 0), 2);
	assert_int_equal(check_machine(m), 0);
	/* errors: no fd is consumed by a failed open */
	assert_int_equal(mms_open(m, pid, "nope", O_RDONLY, 0), -ENOENT);
	assert_int_equal(mms_open(m, pid, "", O_RDONLY, 0), -ENOENT);
	assert_int_equal(mms_open(m, pid, "data", O_CREAT | O_EXCL | O_RDWR, 0644), -EEXIST);
	assert_int_equal(mms_open(m, pid, "new", O_CREAT | O_DIRECTORY, 0644), -EINVAL);
	assert_int_equal(mms_open(m, pid, "data", O_DIRECTORY, 0), -ENOTDIR);
	assert_int_equal(mms_open(m, 9999, "data", O_RDONLY, 0), -ESRCH);
	assert_int_equal(mms_open(m, pid, "new", O_CREAT | O_RDWR, 0644), 4);
	assert_non_null(inode_lookup(m, "new"));
	assert_int_equal(inode_lookup(m, "new")->i_size, 0);
	assert_int_equal(check_machine(m), 0);
	/* -EMFILE at RLIMIT_NOFILE: fds 5 .. 1023 open, then none */
	for (int fd = 5; fd < 1024; fd++)
		assert_int_equal(mms_open(m, pid, "data", O_RDONLY, 0), fd);
	assert_int_equal(mms_open(m, pid, "data", O_RDONLY, 0), -EMFILE);
	assert_int_equal(mms_open(m, pid, "nope", O_RDONLY, 0), -EMFILE);	/* the fd first */
	assert_int_equal(check_machine(m), 0);
	assert_int_equal(mms_close(m, pid, 700), 0);
	assert_int_equal(mms_open(m, pid, "data", O_RDONLY, 0), 700);
	assert_int_equal(inode->i_count, 1 + 1023);
	assert_int_equal(check_machine(m), 0);
	/* exit closes them all: the inode is back to its dentry's reference */
	assert_int_equal(mms_exit(m, pid, 0), 0);
	assert_int_equal(inode->i_count, 1);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_read_faults_in_buffer(void **state)
{
	const struct rw_arch *A = *state;
	int pid;
	struct machine *m = boot_fs(A, &pid);
	uint64_t a = anon_buf(m, pid, 16, RW), f0, r0;
	int fd = (int)mms_open(m, pid, "data", O_RDONLY, 0);

	assert_int_equal(fd, 0);
	f0 = task_val(m, pid, "minflt");
	r0 = task_val(m, pid, "rss_anon");
	/* 16 untouched pages: copy_to_user write-faults each once */
	assert_int_equal(mms_read(m, pid, fd, a, 16 * PG), 16 * PG);
	assert_int_equal(task_val(m, pid, "minflt") - f0, 16);
	assert_int_equal(task_val(m, pid, "rss_anon") - r0, 16);
	assert_int_equal(fdst(m, pid, fd).pos, 16 * PG);
	assert_file_bytes(m, pid, a, 16 * PG, "data", 0);
	assert_int_equal(task_val(m, pid, "minflt") - f0, 16);	/* reading it back: mapped */
	assert_int_equal(check_machine(m), 0);
	/* at EOF: 0, no fault */
	assert_int_equal(mms_read(m, pid, fd, a, PG), 0);
	/* an unaligned buffer of 2 pages spans 3 fresh pages: 3 faults */
	a = anon_buf(m, pid, 4, RW);
	f0 = task_val(m, pid, "minflt");
	assert_int_equal(mms_pread(m, pid, fd, a + 100, 2 * PG, 5000), 2 * PG);
	assert_int_equal(task_val(m, pid, "minflt") - f0, 3);
	assert_file_bytes(m, pid, a + 100, 2 * PG, "data", 5000);
	assert_int_equal(fdst(m, pid, fd).pos, 16 * PG);	/* pread: f_pos unchanged */
	/* a read of 0 bytes faults nothing */
	a = anon_buf(m, pid, 1, RW);
	f0 = task_val(m, pid, "minflt");
	assert_int_equal(mms_pread(m, pid, fd, a, 0, 0), 0);
	assert_int_equal(task_val(m, pid, "minflt") - f0, 0);
	assert_int_equal(mms_pread(m, pid, fd, a, PG, -1), -EINVAL);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_bad_buffers(void **state)
{
	const struct rw_arch *A = *state;
	int pid;
	struct machine *m = boot_fs(A, &pid);
	uint64_t ro = anon_buf(m, pid, 2, PROT_READ), a;
	int fd = (int)mms_open(m, pid, "data", O_RDWR, 0);

	/* a PROT_READ buffer: -EFAULT, the task lives (the fixup, no SIGSEGV) */
	assert_int_equal(mms_read(m, pid, fd, ro, PG), -EFAULT);
	assert_int_equal(task_val(m, pid, "alive"), 1);
	assert_false(dmesg_has(m, "segfault"));
	assert_int_equal(fdst(m, pid, fd).pos, 0);
	/* but it can be written from (read faults: the zero page) */
	assert_int_equal(mms_pwrite(m, pid, fd, ro, PG, 0), PG);
	assert_int_equal(check_machine(m), 0);
	/* a buffer straddling into an unmapped page: the short count */
	a = anon_buf(m, pid, 2, RW);
	assert_int_equal(mms_munmap(m, pid, a + PG, PG), 0);
	assert_int_equal(mms_read(m, pid, fd, a + PG - 100, 1000), 100);
	assert_int_equal(fdst(m, pid, fd).pos, 100);
	assert_int_equal(mms_read(m, pid, fd, a, 2 * PG), PG);
	assert_int_equal(fdst(m, pid, fd).pos, 100 + PG);
	assert_int_equal(mms_read(m, pid, fd, a + PG, PG), -EFAULT);
	assert_int_equal(mms_write(m, pid, fd, a + PG, PG), -EFAULT);
	assert_int_equal(fdst(m, pid, fd).pos, 100 + PG);
	/* a kernel address: access_ok refuses */
	assert_int_equal(mms_read(m, pid, fd, A->kernel_addr, 16), -EFAULT);
	assert_int_equal(mms_write(m, pid, fd, A->kernel_addr, 16), -EFAULT);
	assert_int_equal(task_val(m, pid, "alive"), 1);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_write_read_back(void **state)
{
	const struct rw_arch *A = *state;
	int pid;
	struct machine *m = boot_fs(A, &pid);
	uint64_t src = anon_buf(m, pid, 3, RW), dst = anon_buf(m, pid, 3, RW), f0;
	uint8_t pat[3 * PG], back[3 * PG];
	int fd = (int)mms_open(m, pid, "data", O_RDWR, 0), wo, ro;

	for (size_t i = 0; i < sizeof(pat); i++)
		pat[i] = (uint8_t)(i * 7 + 3);
	assert_int_equal(mms_task_access(m, pid, src, sizeof(pat), 1, pat, 0, 0), 0);
	assert_int_equal(mms_lseek(m, pid, fd, 1000, SEEK_SET), 1000);
	assert_int_equal(mms_write(m, pid, fd, src, sizeof(pat)), sizeof(pat));
	assert_int_equal(fdst(m, pid, fd).pos, 1000 + sizeof(pat));
	assert_int_equal(mms_lseek(m, pid, fd, -(int64_t)sizeof(pat), SEEK_CUR), 1000);
	assert_int_equal(mms_read(m, pid, fd, dst, sizeof(pat)), sizeof(pat));
	assert_int_equal(mms_task_access(m, pid, dst, sizeof(back), 0, back, 0, 0), 0);
	assert_memory_equal(back, pat, sizeof(pat));
	/* the bytes around it are the file's */
	assert_file_bytes(m, pid, dst, 0, "data", 0);
	assert_int_equal(mms_pread(m, pid, fd, dst, 1000, 0), 1000);
	assert_file_bytes(m, pid, dst, 1000, "data", 0);
	assert_int_equal(check_machine(m), 0);
	/* writing from an untouched buffer: a read fault per page, zeros written */
	src = anon_buf(m, pid, 2, RW);
	f0 = task_val(m, pid, "minflt");
	assert_int_equal(mms_pwrite(m, pid, fd, src, 2 * PG, 0), 2 * PG);
	assert_int_equal(task_val(m, pid, "minflt") - f0, 2);
	assert_int_equal(task_val(m, pid, "rss_anon"), task_val(m, pid, "rss_anon"));
	assert_int_equal(mms_pread(m, pid, fd, dst, 100, 10), 100);
	assert_int_equal(mms_task_access(m, pid, dst, 100, 0, back, 0, 0), 0);
	for (int i = 0; i < 100; i++)
		assert_int_equal(back[i], 0);
	/* pwrite leaves f_pos; fsync writes the dirty pages back */
	assert_int_equal(fdst(m, pid, fd).pos, 1000 + sizeof(pat));
	{
		struct mms_file_stat st;

		assert_int_equal(mms_file_stat(m, "data", &st), 0);
		assert_true(st.dirty > 0);
		assert_int_equal(mms_fsync(m, pid, fd, 0), 0);
		assert_int_equal(mms_fsync(m, pid, fd, 1), 0);
		assert_int_equal(mms_file_stat(m, "data", &st), 0);
		assert_int_equal(st.dirty, 0);
	}
	/* access modes: OPEN_FMODE */
	wo = (int)mms_open(m, pid, "data", O_WRONLY, 0);
	ro = (int)mms_open(m, pid, "data", O_RDONLY, 0);
	assert_int_equal(mms_read(m, pid, wo, dst, 10), -EBADF);
	assert_int_equal(mms_write(m, pid, ro, src, 10), -EBADF);
	assert_int_equal(mms_pwrite(m, pid, ro, src, 10, 0), -EBADF);
	assert_int_equal(mms_write(m, pid, wo, src, 10), 10);
	assert_int_equal(mms_write(m, pid, wo, src, 0), 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_lseek_append_truncate(void **state)
{
	const struct rw_arch *A = *state;
	int pid;
	struct machine *m = boot_fs(A, &pid);
	uint64_t a = anon_buf(m, pid, 2, RW);
	int fd = (int)mms_open(m, pid, "data", O_RDWR | O_APPEND, 0), t;
	uint8_t b[PG];

	assert_int_equal(mms_lseek(m, pid, fd, 0, SEEK_END), 65536);
	assert_int_equal(mms_lseek(m, pid, fd, -10, SEEK_END), 65526);
	assert_int_equal(mms_lseek(m, pid, fd, 0, SEEK_CUR), 65526);
	assert_int_equal(mms_lseek(m, pid, fd, -1, SEEK_SET), -EINVAL);
	assert_int_equal(mms_lseek(m, pid, fd, -70000, SEEK_CUR), -EINVAL);
	assert_int_equal(mms_lseek(m, pid, fd, 0, 5), -EINVAL);
	assert_int_equal(mms_lseek(m, pid, fd, 100, SEEK_DATA), 100);
	assert_int_equal(mms_lseek(m, pid, fd, 100, SEEK_HOLE), 65536);
	assert_int_equal(mms_lseek(m, pid, fd, 65536, SEEK_DATA), -ENXIO);
	assert_int_equal(mms_lseek(m, pid, fd, 1LL << 40, SEEK_SET), -EINVAL);	/* > s_maxbytes */
	assert_int_equal(mms_lseek(m, pid, fd, 1LL << 20, SEEK_SET), 1 << 20);	/* past EOF is fine */
	/* O_APPEND: every write at the end, f_pos after it; pwrite too */
	assert_int_equal(mms_lseek(m, pid, fd, 0, SEEK_SET), 0);
	assert_int_equal(mms_task_access(m, pid, a, 10, 1, NULL, 0xab, 0), 0);
	assert_int_equal(mms_write(m, pid, fd, a, 10), 10);
	assert_int_equal(fdst(m, pid, fd).pos, 65546);
	assert_int_equal(fdst(m, pid, fd).size, 65546);
	assert_int_equal(mms_pwrite(m, pid, fd, a, 10, 0), 10);
	assert_int_equal(fdst(m, pid, fd).size, 65556);
	assert_int_equal(fdst(m, pid, fd).pos, 65546);
	assert_int_equal(mms_file_read(m, "data", 0, b, 16), 16);
	assert_int_equal(b[0], disk_file_byte("data", 0));	/* not overwritten */
	assert_int_equal(mms_file_read(m, "data", 65530, b, 16), 16);
	for (int i = 0; i < 16; i++)
		assert_int_equal(b[i], i < 6 ? disk_file_byte("data", 65530 + i) : 0xab);
	assert_int_equal(check_machine(m), 0);
	/* ftruncate: not for a read-only open; shrink then grow reads zeros */
	t = (int)mms_open(m, pid, "data", O_RDONLY, 0);
	assert_int_equal(mms_ftruncate(m, pid, t, 0), -EINVAL);
	assert_int_equal(mms_ftruncate(m, pid, fd, -1), -EINVAL);
	assert_int_equal(mms_ftruncate(m, pid, 99, 0), -EBADF);
	assert_int_equal(mms_ftruncate(m, pid, fd, 100), 0);
	assert_int_equal(fdst(m, pid, fd).size, 100);
	assert_int_equal(mms_ftruncate(m, pid, fd, 3 * PG), 0);
	assert_int_equal(mms_file_read(m, "data", 90, b, 20), 20);
	for (int i = 0; i < 20; i++)
		assert_int_equal(b[i], i < 10 ? disk_file_byte("data", 90 + i) : 0);
	assert_int_equal(mms_file_read(m, "data", 2 * PG, b, PG), PG);
	for (unsigned long i = 0; i < PG; i++)
		assert_int_equal(b[i], 0);
	assert_int_equal(check_machine(m), 0);
	/* O_TRUNC: empty, reads give 0 */
	t = (int)mms_open(m, pid, "data", O_RDWR | O_TRUNC, 0);
	assert_true(t >= 0);
	assert_int_equal(fdst(m, pid, t).size, 0);
	assert_int_equal(mms_read(m, pid, t, a, PG), 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

static void test_fork_shares_files(void **state)
{
	const struct rw_arch *A = *state;
	int pid, child, thr;
	struct machine *m = boot_fs(A, &pid);
	uint64_t a = anon_buf(m, pid, 1, RW);
	struct files_struct *pf = files_of(m, pid);
	struct inode *inode = inode_lookup(m, "data");
	int fd = (int)mms_open(m, pid, "data", O_RDONLY, 0);

	assert_int_equal(fdst(m, pid, fd).f_count, 1);
	/* fork copies the table: one more files_struct, the same struct file */
	assert_int_equal(mms_fork(m, pid, "kid", 0, &child), 0);
	assert_non_null(files_of(m, child));
	assert_ptr_not_equal(files_of(m, child), pf);
	assert_int_equal(pf->count, 1);
	assert_int_equal(files_of(m, child)->kobj != pf->kobj, 1);	/* its own files_cache object */
	assert_int_equal(fdst(m, pid, fd).f_count, 2);
	assert_int_equal(mms_read(m, child, fd, a, 100), 100);
	assert_int_equal(fdst(m, pid, fd).pos, 100);		/* the offset is shared */
	assert_int_equal(mms_read(m, pid, fd, a, 100), 100);
	assert_int_equal(fdst(m, child, fd).pos, 200);
	/* but the tables are not: the child's close leaves the parent's fd */
	assert_int_equal(mms_close(m, child, fd), 0);
	assert_int_equal(fdst(m, pid, fd).f_count, 1);
	assert_int_equal(mms_open(m, child, "data", O_RDONLY, 0), fd);
	assert_int_equal(fdst(m, child, fd).pos, 0);
	assert_int_equal(check_machine(m), 0);
	/* a thread shares the table (CLONE_FILES): no new object, fds seen both ways */
	assert_int_equal(mms_fork(m, pid, "thr", 1, &thr), 0);
	assert_ptr_equal(files_of(m, thr), pf);
	assert_int_equal(pf->count, 2);
	assert_int_equal(mms_open(m, thr, "data", O_RDONLY, 0), 1);
	assert_int_equal(fdst(m, pid, 1).f_count, 1);
	assert_int_equal(mms_close(m, pid, 1), 0);
	assert_int_equal(mms_close(m, thr, 1), -EBADF);
	assert_int_equal(check_machine(m), 0);
	/* the thread's exit keeps the shared table; the child's closes its own */
	assert_int_equal(mms_exit(m, thr, 0), 0);
	assert_null(files_of(m, thr));
	assert_int_equal(pf->count, 1);
	assert_int_equal(fdst(m, pid, fd).f_count, 1);
	assert_int_equal(inode->i_count, 3);
	assert_int_equal(mms_exit(m, child, 0), 0);
	assert_null(files_of(m, child));
	assert_int_equal(inode->i_count, 2);
	assert_int_equal(check_machine(m), 0);
	/* an unlinked file lives while open, goes with the last close (exit) */
	assert_int_equal(mms_file_unlink(m, "data"), 0);
	assert_null(inode_lookup(m, "data"));
	assert_int_equal(mms_read(m, pid, fd, a, 10), 10);
	assert_int_equal(mms_exit(m, pid, 0), 0);
	assert_null(files_of(m, pid));
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/*
 * A seeded random mix of open, close, read, pread, lseek and fork against
 * a host model of each fd's file offset and the lowest-free-fd rule,
 * check_machine after every step.
 */
static void test_fd_random(void **state)
{
	const struct rw_arch *A = *state;
	int pid, kid = -1;
	struct machine *m = boot_fs(A, &pid);
	uint64_t buf = anon_buf(m, pid, 4, RW);
	struct rnd_state r;
	int64_t pos[64];	/* the model: -1 closed, else the offset */

	prandom_seed_state(&r, 4242);
	for (int i = 0; i < 64; i++)
		pos[i] = -1;
	for (int step = 0; step < 400; step++) {
		unsigned int op = (unsigned int)prandom_below(&r, 6);
		int fd = (int)prandom_below(&r, 64);

		if (op == 0) {
			int want = 0;

			while (want < 64 && pos[want] >= 0)
				want++;
			if (want == 64)
				continue;
			assert_int_equal(mms_open(m, pid, "data", O_RDONLY, 0), want);
			pos[want] = 0;
		} else if (op == 1) {
			assert_int_equal(mms_close(m, pid, fd), pos[fd] >= 0 ? 0 : -EBADF);
			pos[fd] = -1;
		} else if (op == 2) {
			uint64_t len = prandom_below(&r, 3 * PG);
			int64_t want = pos[fd] < 0 ? -EBADF :
				       (int64_t)(pos[fd] + (int64_t)len > 65536 ?
						 (pos[fd] > 65536 ? 0 : 65536 - pos[fd]) : (int64_t)len);

			assert_int_equal(mms_read(m, pid, fd, buf, len), want);
			if (want > 0)
				pos[fd] += want;
		} else if (op == 3) {
			int64_t off = (int64_t)prandom_below(&r, 80000);

			assert_int_equal(mms_lseek(m, pid, fd, off, SEEK_SET),
					 pos[fd] < 0 ? -EBADF : off);
			if (pos[fd] >= 0)
				pos[fd] = off;
		} else if (op == 4) {
			assert_int_equal(mms_pread(m, pid, fd, buf, 100, 10),
					 pos[fd] < 0 ? -EBADF : 100);
		} else if (kid < 0) {
			/* a child moves a shared offset: the parent sees it */
			assert_int_equal(mms_fork(m, pid, "kid", 0, &kid), 0);
			for (int i = 0; i < 64; i++)
				if (pos[i] >= 0) {
					assert_int_equal(mms_read(m, kid, i, buf, 1),
							 pos[i] < 65536 ? 1 : 0);
					pos[i] += pos[i] < 65536;
				}
			assert_int_equal(mms_exit(m, kid, 0), 0);
			assert_int_equal(mms_reap(m, kid), 0);
			kid = -1;
		}
		for (int i = 0; i < 64; i++) {
			struct mms_fd_stat st;

			if (pos[i] < 0) {
				assert_int_equal(mms_fd_stat(m, pid, i, &st), -EBADF);
				continue;
			}
			assert_int_equal(mms_fd_stat(m, pid, i, &st), 0);
			assert_int_equal(st.pos, pos[i]);
			assert_int_equal(st.f_count, 1);
		}
		assert_int_equal(check_machine(m), 0);
	}
	assert_int_equal(mms_exit(m, pid, 0), 0);
	assert_int_equal(inode_lookup(m, "data")->i_count, 1);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/*
 * mmap(fd): the descriptor's file mapped shared; a store through the
 * mapping is what read(2) of the file then returns (one page cache page
 * for both, as Linux).  -EBADF for a closed fd, -EACCES for a shared
 * writable mapping of a read-only open (do_mmap's checks).
 */
static void test_mmap_fd(void **state)
{
	const struct rw_arch *A = *state;
	int pid;
	struct machine *m = boot_fs(A, &pid);
	int64_t rw = mms_open(m, pid, "data", O_RDWR, 0), ro = mms_open(m, pid, "data", O_RDONLY, 0);
	int64_t map, buf;
	uint8_t b = 0;

	assert_true(rw >= 0 && ro >= 0);
	assert_int_equal(mms_mmap(m, pid, 0, PG, RW, MAP_SHARED, 9, 0), -EBADF);
	assert_int_equal(mms_mmap(m, pid, 0, PG, RW, MAP_SHARED, (int)ro, 0), -EACCES);
	/* a private writable mapping of a read-only open is fine (COW) */
	assert_true(mms_mmap(m, pid, 0, PG, RW, MAP_PRIVATE, (int)ro, 0) > 0);
	map = mms_mmap(m, pid, 0, 2 * PG, RW, MAP_SHARED, (int)rw, 0);
	assert_true(map > 0);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)map + 100, 1, 1, NULL, 0x7e, 0), 0);
	buf = mms_mmap(m, pid, 0, PG, RW, ANON, -1, 0);
	assert_true(buf > 0);
	assert_int_equal(mms_pread(m, pid, (int)rw, (uint64_t)buf, 1, 100), 1);
	assert_int_equal(mms_task_access(m, pid, (uint64_t)buf, 1, 0, &b, 0, 0), 0);
	assert_int_equal(b, 0x7e);
	assert_int_equal(check_machine(m), 0);
	assert_int_equal(mms_close(m, pid, (int)rw), 0);
	/* the mapping keeps its own reference to the file */
	assert_int_equal(mms_task_access(m, pid, (uint64_t)map + 101, 1, 1, NULL, 0x7f, 0), 0);
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/*
 * /proc/PID/fdinfo/FD as fs/proc/fd.c's seq_show prints it: pos (%lli),
 * flags in octal "0%o" (O_LARGEFILE forced on x86_64 by
 * force_o_largefile, not on i386: ARCH_32BIT_OFF_T; so "00" there),
 * O_CLOEXEC from the fd's bit, never from f_flags: build_open_flags
 * strips it), mnt_id (mmsim's fixed ids: / 26, /dev/shm 27, /dev 24),
 * ino.  No such fd: no such file.
 */
static void test_proc_fdinfo(void **state)
{
	const struct rw_arch *A = *state;
	int pid;
	struct machine *m = boot_fs(A, &pid);
	int64_t a = mms_open(m, pid, "data", O_RDONLY, 0);
	int64_t b = mms_open(m, pid, "data", O_RDWR | O_APPEND | O_CLOEXEC, 0);
	uint64_t buf = anon_buf(m, pid, 1, RW);
	struct inode *inode = inode_lookup(m, "data");
	char path[64], want[160], *t;

	assert_int_equal(a, 0);
	assert_int_equal(b, 1);
	assert_int_equal(mms_read(m, pid, 0, buf, 1000), 1000);
	snprintf(want, sizeof(want), "pos:\t1000\nflags:\t0%lo\nmnt_id:\t26\nino:\t%lu\n",
		 A->o_largefile, inode->i_ino);
	snprintf(path, sizeof(path), "/proc/%d/fdinfo/0", pid);
	t = view_text(m, path);
	assert_string_equal(t, want);
	free(t);
	/* O_RDWR 02 | O_APPEND 02000 | O_LARGEFILE 0100000 (x86_64) | O_CLOEXEC 02000000 */
	snprintf(want, sizeof(want), "pos:\t0\nflags:\t0%lo\nmnt_id:\t26\nino:\t%lu\n",
		 02002002UL | A->o_largefile, inode->i_ino);
	t = view_text(m, "/proc/app/fdinfo/1");
	assert_string_equal(t, want);
	free(t);
	assert_int_equal(find_task_by_pid(m, pid)->files->fd[1]->f_flags & O_CLOEXEC, 0);
	/* a tmpfs file: the /dev/shm mount */
	assert_int_equal(mms_file_create(m, "shm", 0, 1), 0);
	assert_int_equal(mms_open(m, pid, "shm", O_WRONLY, 0), 2);
	t = view_text(m, "/proc/app/fdinfo/2");
	snprintf(want, sizeof(want), "flags:\t0%lo\nmnt_id:\t27\n", 01UL | A->o_largefile);
	assert_non_null(strstr(t, want));
	free(t);
	/* closed, never opened, or not a number: no such file */
	assert_int_equal(mms_close(m, pid, 0), 0);
	assert_null(mms_view(m, "/proc/app/fdinfo/0"));
	assert_null(mms_view(m, "/proc/app/fdinfo/7"));
	assert_null(mms_view(m, "/proc/app/fdinfo/01"));
	assert_null(mms_view(m, "/proc/app/fdinfo/x"));
	assert_null(mms_view(m, "/proc/app/fdinfo/"));
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

/*
 * The kernel's side of read(2) / write(2) (6.6): filemap_read maps each
 * cache page with kmap_local_page around copy_to_user (copy_page_to_iter);
 * copy_to_user write-faults a fresh anonymous buffer page in under that
 * mapping, and its zeroing (clear_user_highpage) takes the next slot: on
 * i386, where both pages are HighMem, two invlpg a page on the task's
 * CPU (arch_kmap_local_post_unmap), the slots given back in order.
 * write(2) from an untouched buffer read-faults the zero page (nothing
 * zeroed) and maps the cache page once (copy_page_from_iter_atomic): one
 * a page.  x86_64 reaches every page through the direct map: none.
 */
static void test_read_write_kmap_local(void **state)
{
	const struct rw_arch *A = *state;
	int pid;
	struct machine *m = boot_fs(A, &pid);
	int fd = (int)mms_open(m, pid, "data", O_RDWR, 0);
	const uint64_t k = A->highmem ? 1 : 0;
	struct tlb_stats *st = &m->cpus[0].tlb.stats;
	struct task_struct *t = find_task_by_pid(m, pid);
	uint64_t a, f0, mi;
	uint8_t b = 0xff;

	assert_true(fd >= 0);
	assert_int_equal(mms_task_set_cpu(m, pid, 0), 0);
	assert_int_equal(mms_pread(m, pid, fd, anon_buf(m, pid, 4, RW), 4 * PG, 0), 4 * PG);
	/* cached now: four pages into four untouched ones */
	a = anon_buf(m, pid, 4, RW);
	f0 = st->flush_one;
	mi = task_val(m, pid, "minflt");
	assert_int_equal(mms_pread(m, pid, fd, a, 4 * PG, 0), 4 * PG);
	assert_int_equal(task_val(m, pid, "minflt") - mi, 4);
	assert_int_equal(st->flush_one - f0, 2 * 4 * k);
	assert_int_equal(m->cpus[0].kmap_ctrl_idx, 0);
	assert_file_bytes(m, pid, a, 4 * PG, "data", 0);
	for (unsigned long i = 0; i < 4; i++) {
		struct page *p = user_page_at(m, t->mm, a + i * PG, NULL, NULL);

		assert_non_null(p);
		assert_int_equal(page_zonenum(p) == ZONE_HIGHMEM, A->highmem);
		p = filemap_get_folio(m, inode_lookup(m, "data")->i_mapping, i);
		assert_non_null(p);
		assert_int_equal(page_zonenum(p) == ZONE_HIGHMEM, A->highmem);
		put_page(m, p);
	}
	/* into the same, now mapped, buffer: the cache pages' mappings only */
	f0 = st->flush_one;
	assert_int_equal(mms_pread(m, pid, fd, a + 100, 2 * PG, 0), 2 * PG);
	assert_int_equal(st->flush_one - f0, 2 * k);
	/* write(2) from an untouched buffer: the zero page, one mapping a page */
	a = anon_buf(m, pid, 3, RW);
	f0 = st->flush_one;
	assert_int_equal(mms_pwrite(m, pid, fd, a, 3 * PG, 0), 3 * PG);
	assert_int_equal(st->flush_one - f0, 3 * k);
	assert_int_equal(mms_file_read(m, "data", PG + 7, &b, 1), 1);
	assert_int_equal(b, 0);				/* the zero page's bytes */
	assert_int_equal(m->cpus[0].kmap_ctrl_idx, 0);
	assert_false(dmesg_has(m, "kunmap_local"));
	assert_int_equal(check_machine(m), 0);
	mms_machine_free(m);
}

#define RW_TEST(f) \
	{ #f "/x86_64", f, NULL, NULL, (void *)&x86_64_arch }, \
	{ #f "/i386", f, NULL, NULL, (void *)&i386_arch }

int main(void)
{
	const struct CMUnitTest tests[] = {
		RW_TEST(test_mmap_fd),
		RW_TEST(test_fd_allocation),
		RW_TEST(test_read_faults_in_buffer),
		RW_TEST(test_bad_buffers),
		RW_TEST(test_write_read_back),
		RW_TEST(test_lseek_append_truncate),
		RW_TEST(test_fork_shares_files),
		RW_TEST(test_fd_random),
		RW_TEST(test_proc_fdinfo),
		RW_TEST(test_read_write_kmap_local),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
