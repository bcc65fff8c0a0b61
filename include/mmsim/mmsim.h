/* SPDX-License-Identifier: MIT */
/*
 * mmsim.h - the public API of libmmsim.
 *
 * A machine is built from a config (mms_config_*), booted (mms_machine_boot)
 * and then driven: kernel-level experiments, views of /proc in Linux's text
 * formats, the kernel log.  Every call takes the machine it works on; many
 * machines can live in one process.  Errors come back as -errno, as a Linux
 * system call returns them, with a message where a person needs one.
 */
#ifndef MMSIM_MMSIM_H
#define MMSIM_MMSIM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MMS_E820_MAX 128

enum mms_e820_type {
	MMS_E820_USABLE = 1,
	MMS_E820_RESERVED = 2,
	MMS_E820_ACPI = 3,
	MMS_E820_NVS = 4,
	MMS_E820_UNUSABLE = 5,
};

struct mms_e820_entry {
	uint64_t addr;
	uint64_t size;
	enum mms_e820_type type;
};

/* Machine configuration; mms_config_init fills Linux-like defaults. */
struct mms_config {
	char arch[16];			/* "x86_64" or "i386" */
	uint64_t ram;			/* bytes, 16M .. 64G */
	int cpus;			/* 1 .. 64 */
	int nodes;			/* 1 .. 8, RAM split evenly */
	uint64_t seed;
	long min_free_kbytes;		/* -1: computed as Linux does */
	int watermark_scale_factor;	/* 1 .. 3000, default 10 */
	int caches;			/* model the CPU caches (off: faster) */
	int kaslr;			/* x86_64: randomize the kernel's regions with the seed */
	/* The hardware; 0 means the default (see docs/hardware.md). */
	struct mms_hw_config {
		uint32_t cpu_mhz;
		uint32_t cost_tlb_hit, cost_stlb_hit, cost_walk_step;
		uint32_t cost_l1, cost_l2, cost_llc, cost_dram;
		uint32_t cost_minor_fault, cost_disk_io;
		uint16_t tlb_sets[3][3], tlb_ways[3][3];	/* [l1d,l1i,stlb][4k,2m,1g] */
		uint8_t tlb_set[3][3];				/* given (ways may be 0) */
		uint32_t cache_size[4];				/* l1d, l1i, l2, llc */
		uint16_t cache_ways[4];
		uint8_t cache_set[4];
	} hw;
	char slab[8];			/* "slub" (default, ""), "slab", "slob" */
	int slab_nomerge;		/* no cache merging */
	char slub_debug[128];		/* slub_debug= options, "" for none */
	int nr_e820;			/* 0: the default PC map */
	struct mms_e820_entry e820[MMS_E820_MAX];
	/* cma=SIZE[@BASE[-LIMIT]]: the default CMA area; size 0: none */
	uint64_t cma_size, cma_base, cma_limit;
	int norandmaps;			/* processes: no address-space randomization */
};

typedef struct machine mms_machine;

void mms_config_init(struct mms_config *cfg);
/*
 * mms_config_set - set one key ("ram", "cpus", "e820", ...) from text.
 * Returns 0, or -EINVAL with a message naming the value in @err.
 */
int mms_config_set(struct mms_config *cfg, const char *key, const char *value,
		   char *err, size_t errlen);
/* The keys mms_config_set knows, NULL-terminated (for help texts). */
const char *const *mms_config_keys(void);

/*
 * mms_machine_boot - build and boot a machine.  Returns NULL with a message
 * in @err when the config cannot boot (RAM too small, bad memory map).
 */
mms_machine *mms_machine_boot(const struct mms_config *cfg, char *err,
			      size_t errlen);
void mms_machine_free(mms_machine *m);

/*
 * mms_view - the text of a view by its Linux path ("/proc/buddyinfo",
 * "/proc/meminfo", "dmesg", ...).  Returns a malloc'd string or NULL
 * (unknown path).
 */
char *mms_view(mms_machine *m, const char *path);
/* The view paths mms_view knows, NULL-terminated. */
const char *const *mms_view_paths(void);

/* Select the simulated CPU that later calls run on.  -EINVAL if out of range. */
int mms_set_cpu(mms_machine *m, int cpu);

/* Parse "GFP_KERNEL|__GFP_ZERO" or a number; -EINVAL naming the bad word. */
int mms_gfp_parse(const char *text, unsigned int *gfp, char *err, size_t errlen);

/*
 * Kernel-level page allocator experiments.  mms_alloc_pages returns 0 and
 * the first pfn, or -ENOMEM (with the kernel's warning in dmesg unless
 * __GFP_NOWARN) or -EINVAL (order above MAX_PAGE_ORDER, bad node).
 * mms_free_pages frees what alloc_pages returned; a bad free is reported
 * in dmesg as the kernel would ("BUG: Bad page state") and returns -EINVAL.
 */
int mms_alloc_pages(mms_machine *m, unsigned int gfp, unsigned int order,
		    int nid, unsigned long *pfn);
int mms_free_pages(mms_machine *m, unsigned long pfn, unsigned int order);
/* drain_all_pages: empty every CPU's per-CPU page lists into the buddy lists. */
void mms_drain_all_pages(mms_machine *m);
/* The node and zone name of a page frame; -EINVAL if @pfn has no struct page. */
int mms_page_zone(mms_machine *m, unsigned long pfn, int *nid, const char **zone);

/*
 * Write a sysctl by its /proc/sys name ("vm.min_free_kbytes",
 * "vm.watermark_scale_factor"); -EINVAL with a message when the name or
 * the value is bad, as the kernel's proc handler would refuse it.
 */
int mms_sysctl_write(mms_machine *m, const char *name, const char *value,
		     char *err, size_t errlen);

/*
 * mms_check - the invariant checker (CONFIG_DEBUG_VM-like).  Returns 0 when
 * every check passes, else the number of violations (each reported in dmesg).
 */
int mms_check(mms_machine *m);

/*
 * The hardware layer and the kernel's address space.
 * mms_translate_text: translate @va as the current CPU would ("read",
 * "write" or "fetch"; "kernel" or "user" mode) and describe each step.
 * mms_pagetable_text: the kernel's page table as a tree, within [start, end].
 * Both return malloc'd text (or NULL and -EINVAL in *err for bad words).
 */
char *mms_translate_text(mms_machine *m, uint64_t va, const char *access,
			 const char *mode, int *err);
char *mms_pagetable_text(mms_machine *m, uint64_t start, uint64_t end);
/* A kernel-mode load or store of @len bytes at @va through the MMU:
 * 0, or -EFAULT when the access faults (the fault is in dmesg). */
int mms_kernel_read(mms_machine *m, uint64_t va, void *buf, size_t len);
int mms_kernel_write(mms_machine *m, uint64_t va, const void *buf, size_t len);
/* vmalloc / vzalloc / vfree / vmap / vunmap; addresses are kernel virtual. */
int mms_vmalloc(mms_machine *m, size_t size, int zero, int nid, uint64_t *addr);
int mms_vfree(mms_machine *m, uint64_t addr);
int mms_vmap(mms_machine *m, const unsigned long *pfns, unsigned int count,
	     uint64_t *addr);
int mms_vunmap(mms_machine *m, uint64_t addr);
/* kmap / kunmap / kmap_local_page / kunmap_local of the frame @pfn. */
int mms_kmap(mms_machine *m, unsigned long pfn, uint64_t *addr);
int mms_kunmap(mms_machine *m, unsigned long pfn);
int mms_kmap_local(mms_machine *m, unsigned long pfn, uint64_t *addr);
int mms_kunmap_local(mms_machine *m, uint64_t addr);
/* flush_tlb_all. */
void mms_flush_tlb_all(mms_machine *m);

const char *mms_version(void);

#ifdef __cplusplus
}
#endif
/*
 * The kernel's object allocators (SLUB, SLAB or SLOB, `slab=` at boot).
 * Caches are named; an alias made by cache merging names its target.
 * Objects are kernel virtual addresses in the direct map.
 *
 * mms_slab_flags_parse reads "SLAB_HWCACHE_ALIGN|SLAB_RED_ZONE" or a
 * number.  mms_kmem_cache_create returns 0 and, in @cache, the name of
 * the cache that serves the objects (another one when merged), or
 * -EINVAL (Linux's report in dmesg); @ctor non-zero gives the cache a
 * constructor that clears each object's first 8 bytes.
 * mms_kmem_cache_destroy: 0, -ENOENT (no such cache), -EBUSY (objects
 * remain: Linux's WARN in dmesg).  mms_kmem_cache_alloc: 0, -ENOENT,
 * -ENOMEM.  mms_kmem_cache_free/mms_kfree of a bad address is reported in
 * dmesg in the allocator's words, changes nothing and returns -EINVAL
 * (a free the kernel reported in dmesg counts as bad).
 */
int mms_slab_flags_parse(const char *text, unsigned int *flags, char *err, size_t errlen);
int mms_kmem_cache_create(mms_machine *m, const char *name, unsigned int size,
			  unsigned int align, unsigned int flags, int ctor,
			  const char **cache);
int mms_kmem_cache_destroy(mms_machine *m, const char *name);
int mms_kmem_cache_alloc(mms_machine *m, const char *name, unsigned int gfp, int nid,
			 uint64_t *addr);
int mms_kmem_cache_free(mms_machine *m, const char *name, uint64_t addr);
int mms_kmem_cache_shrink(mms_machine *m, const char *name);
/* kmalloc_node: 0, -ENOMEM, -EINVAL (bad node); kmalloc(0) gives 16 (ZERO_SIZE_PTR). */
int mms_kmalloc(mms_machine *m, size_t size, unsigned int gfp, int nid, uint64_t *addr);
/* krealloc: 0 and the new address, or -ENOMEM with @addr untouched. */
int mms_krealloc(mms_machine *m, uint64_t addr, size_t size, unsigned int gfp, uint64_t *out);
int mms_kfree(mms_machine *m, uint64_t addr);
size_t mms_ksize(mms_machine *m, uint64_t addr);
/*
 * SLAB's periodic cache_reap, one pass over every cache and CPU (Linux
 * runs it every 2 s); -ENOSYS under SLUB and SLOB, which have none.
 */
int mms_cache_reap(mms_machine *m);
/* The allocator booted: "SLUB", "SLAB" or "SLOB". */
const char *mms_slab_allocator(mms_machine *m);

/*
 * The contiguous memory allocator's default area (`cma=`): mms_cma_alloc
 * takes @count pages aligned to 2^@align pages (cma_alloc); 0 and the
 * first pfn, -ENODEV (no area), -ENOMEM (no free aligned run, or the run
 * holds pages in use that would need migrating: the reason is in dmesg).
 * mms_cma_release gives them back; -EINVAL if they are not the area's.
 */
int mms_cma_alloc(mms_machine *m, unsigned long count, unsigned int align, unsigned long *pfn);
int mms_cma_release(mms_machine *m, unsigned long pfn, unsigned long count);

/*
 * The per-CPU allocator: mms_alloc_percpu is __alloc_percpu (or, with
 * @reserved, __alloc_reserved_percpu): 0 and a __percpu pointer (an
 * offset, valid on every CPU through mms_per_cpu_ptr), -EINVAL (a size or
 * alignment Linux refuses, with its WARN in dmesg) or -ENOMEM.
 * mms_free_percpu: -EINVAL for a pointer it never returned (a WARN).
 * mms_per_cpu_ptr: CPU @cpu's copy as a kernel virtual address.
 */
int mms_alloc_percpu(mms_machine *m, size_t size, size_t align, int reserved, uint64_t *ptr);
int mms_free_percpu(mms_machine *m, uint64_t ptr);
int mms_per_cpu_ptr(mms_machine *m, uint64_t ptr, int cpu, uint64_t *addr);

/*
 * Files and the page cache (kernel-level; the read/write system calls of
 * tasks use the same kernel functions).  A file lives on the simulated
 * disk (its pristine bytes are mms_file_expected_byte(name, offset)) or,
 * with @tmpfs, in tmpfs.  Reads and writes go through the file's default
 * open file (its readahead state).  Each returns -errno as Linux:
 * -ENOENT (no such file), -EEXIST, -EINVAL (a bad name), -EFBIG, -ENOSPC,
 * -ENOMEM.  mms_file_read / mms_file_write return the bytes moved.
 * mms_idle lets @ns of simulated time pass (I/O completes, the flusher
 * runs on its timer).  Drop caches with mms_sysctl_write("vm.drop_caches").
 */
struct mms_file_stat {
	uint64_t size;
	unsigned long nrpages, dirty, writeback;	/* pages in the cache */
	unsigned long ra_start, ra_size, ra_async_size;	/* file_ra_state */
	unsigned long mmap_miss;
	int tmpfs;
};
int mms_file_create(mms_machine *m, const char *name, uint64_t size, int tmpfs);
int mms_file_unlink(mms_machine *m, const char *name);
long mms_file_read(mms_machine *m, const char *name, uint64_t off, void *buf, size_t len);
long mms_file_write(mms_machine *m, const char *name, uint64_t off, const void *buf, size_t len);
int mms_file_fsync(mms_machine *m, const char *name);
int mms_file_stat(mms_machine *m, const char *name, struct mms_file_stat *st);
unsigned char mms_file_expected_byte(const char *name, uint64_t off);
void mms_sync(mms_machine *m);
void mms_idle(mms_machine *m, uint64_t ns);
/* mms_clock_ns - the machine's simulated clock. */
uint64_t mms_clock_ns(mms_machine *m);

/*
 * Processes and virtual memory (docs/vm.md).  A task is spawned from a
 * program described by its segment sizes (mms_exec; NULL: a dynamically
 * linked PIE with 64K text, 16K data, 16K bss and libc.so.6) and is
 * named by its pid.  The system calls
 * run as the task, on its CPU, and return what Linux's return: an address
 * or 0, or -errno (mms_brk: the new break, or the old one when refused).
 * mms_task_access makes the task's own loads (kind 0), stores (1, of
 * @byte, or of @buf when given) or fetches (2) through the MMU in user
 * mode, every byte or (@per_page) one access per page; -EFAULT when the
 * task died of it (SIGSEGV, dmesg has the line).  A task that exits or
 * is killed is a zombie until mms_reap.  mms_task_value: "minflt",
 * "majflt", "rss", "rss_anon", "rss_file", "rss_shmem", "total_vm",
 * "data_vm", "stack_vm", "exec_vm", "locked_vm", "map_count",
 * "hiwater_rss", "hiwater_vm", "brk", "start_brk", "mmap_base",
 * "start_stack", "start_code", "pgtables_bytes", "vsize", "pid", "cpu",
 * "alive", "exit_code", "threads", "nvcsw", "nivcsw" (pages for the
 * memory counters).  Views: /proc/PID/{maps,smaps,smaps_rollup,status,
 * statm,stat} and /proc/NAME/... by name.
 */
/*
 * A program is dynamically linked unless @is_static: the kernel maps its
 * interpreter (ld-linux), then [vvar] and [vdso]; ld.so maps the
 * libraries (@libs, in order; none given: libc.so.6), each a private
 * file mapping of its disk file (/usr/lib/x86_64-linux-gnu/NAME or
 * /usr/lib/i386-linux-gnu/NAME for a bare name), so every task running
 * it shares its page-cache pages.  A library's sizes all 0: glibc's own
 * for libc.so.6, libm.so.6, ld-linux, else a small library.
 */
struct mms_lib {
	const char *name;		/* "libm.so.6" or a path, < 64 characters */
	uint64_t hdr, text, rodata, relro, data, bss;	/* bytes, page-rounded */
	uint64_t rw_offset, rw_vaddr;	/* the RW PT_LOAD's p_offset, p_vaddr; 0: after rodata */
};
struct mms_exec {
	int pie;			/* 1: ET_DYN at ELF_ET_DYN_BASE; 0: 0x400000 / 0x08048000 */
	uint64_t text, data, bss;	/* bytes */
	int privileged;			/* root: CAP_IPC_LOCK, CAP_SYS_ADMIN ... */
	int is_static;			/* no PT_INTERP: no ld.so, no libraries */
	const char *interp;		/* PT_INTERP; NULL: /lib64/ld-linux-x86-64.so.2, /lib/ld-linux.so.2 */
	int nr_libs;			/* 0: libc.so.6; at most 16 */
	const struct mms_lib *libs;
};
int mms_spawn(mms_machine *m, const char *name, const struct mms_exec *e, int *pid);
/*
 * mms_execve - task @pid execs the program @e (NULL: the default one)
 * named @name: same pid (a thread execing takes the group's pid), same
 * open files, fault counts kept; the other threads die, the old address
 * space is freed with its last user.  0, -ESRCH (no such live task),
 * -EINVAL (a bad name or library), -E2BIG, -ENOEXEC (a bad PT_INTERP),
 * -ENOMEM.
 */
int mms_execve(mms_machine *m, int pid, const char *name, const struct mms_exec *e);
int mms_fork(mms_machine *m, int pid, const char *name, int thread, int *child);
int mms_exit(mms_machine *m, int pid, int code);
/* kill(2) with a fatal signal (every signal is fatal here: no handlers). */
int mms_kill(mms_machine *m, int pid, int sig);
int mms_reap(mms_machine *m, int pid);
int mms_task_pid(mms_machine *m, const char *name);
int mms_task_set_cpu(mms_machine *m, int pid, int cpu);
int64_t mms_mmap(mms_machine *m, int pid, uint64_t addr, uint64_t len, int prot, int flags,
		 int fd, uint64_t off);
/* mms_mmap_file - mmap of the file @name (a disk or tmpfs file) at byte offset @off (MAP_ANONYMOUS ignored). */
int64_t mms_mmap_file(mms_machine *m, int pid, const char *name, uint64_t addr, uint64_t len,
		      int prot, int flags, uint64_t off);
int64_t mms_munmap(mms_machine *m, int pid, uint64_t addr, uint64_t len);
int64_t mms_mprotect(mms_machine *m, int pid, uint64_t addr, uint64_t len, int prot);
int64_t mms_mremap(mms_machine *m, int pid, uint64_t addr, uint64_t old_len, uint64_t new_len,
		   int flags, uint64_t new_addr);
int64_t mms_madvise(mms_machine *m, int pid, uint64_t addr, uint64_t len, int advice);
int64_t mms_mlock2(mms_machine *m, int pid, uint64_t addr, uint64_t len, int flags);
int64_t mms_munlock(mms_machine *m, int pid, uint64_t addr, uint64_t len);
/* mlockall(@flags), or munlockall with @flags 0 */
int64_t mms_mlockall(mms_machine *m, int pid, int flags);
int64_t mms_msync(mms_machine *m, int pid, uint64_t addr, uint64_t len, int flags);
int64_t mms_mincore(mms_machine *m, int pid, uint64_t addr, uint64_t len, unsigned char *vec);
int64_t mms_brk(mms_machine *m, int pid, uint64_t brk);
int mms_task_access(mms_machine *m, int pid, uint64_t addr, uint64_t len, int kind, void *buf,
		    int byte, int per_page);
int mms_task_value(mms_machine *m, int pid, const char *field, uint64_t *out);
/* /proc/PID/pagemap: @count 64-bit entries from @vaddr (pagemap.rst's bits). */
int mms_pagemap(mms_machine *m, int pid, uint64_t vaddr, uint64_t count, uint64_t *out);

/*
 * Files of a task (fs/open.c, fs/read_write.c, fs/sync.c): the system
 * calls made by task @pid on its CPU, with Linux 6.6's return values.
 * mms_open: openat(AT_FDCWD, @path, @flags, @mode) with Linux's O_* values
 * (O_RDONLY 0, O_WRONLY 1, O_RDWR 2, O_CREAT 0100, O_EXCL 0200, O_TRUNC
 * 01000, O_APPEND 02000, O_CLOEXEC 02000000): the lowest free fd, or
 * -ENOENT, -EEXIST, -EMFILE (1024 open: RLIMIT_NOFILE), -EINVAL (O_CREAT
 * with O_DIRECTORY, O_TMPFILE), -ENOTDIR, -ENAMETOOLONG; O_CREAT makes an
 * empty file on the disk.  @path is a host string (the one directory of
 * the simulated filesystems; "/dev/sda" is the disk).  mms_read / write /
 * pread / pwrite copy to or from the task's memory at @buf
 * (copy_to_user / copy_from_user: untouched pages fault in; a page that
 * cannot gives a short count, or -EFAULT for none): the bytes, or -EBADF,
 * -EFAULT, -EINVAL, -EFBIG.  mms_lseek: SEEK_SET 0, SEEK_CUR 1, SEEK_END
 * 2, SEEK_DATA 3, SEEK_HOLE 4; the new offset or -EINVAL, -ENXIO, -EBADF.
 * mms_fsync (@datasync: fdatasync), mms_ftruncate, mms_close: 0 or -errno.
 * mms_fd_stat: what fd @fd of @pid points at (-EBADF if nothing).
 */
struct mms_fd_stat {
	uint64_t pos;			/* f_pos */
	uint64_t size;			/* the inode's i_size */
	unsigned long ino;
	long f_count;			/* the struct file's references */
	unsigned int f_flags, f_mode;	/* f_mode: FMODE_READ 1 | FMODE_WRITE 2 ... */
	char name[64];
};
int64_t mms_open(mms_machine *m, int pid, const char *path, int flags, unsigned int mode);
int64_t mms_close(mms_machine *m, int pid, int fd);
int64_t mms_read(mms_machine *m, int pid, int fd, uint64_t buf, uint64_t count);
int64_t mms_write(mms_machine *m, int pid, int fd, uint64_t buf, uint64_t count);
int64_t mms_pread(mms_machine *m, int pid, int fd, uint64_t buf, uint64_t count, int64_t off);
int64_t mms_pwrite(mms_machine *m, int pid, int fd, uint64_t buf, uint64_t count, int64_t off);
int64_t mms_lseek(mms_machine *m, int pid, int fd, int64_t off, int whence);
int64_t mms_fsync(mms_machine *m, int pid, int fd, int datasync);
int64_t mms_ftruncate(mms_machine *m, int pid, int fd, int64_t length);
int mms_fd_stat(mms_machine *m, int pid, int fd, struct mms_fd_stat *st);

#endif /* MMSIM_MMSIM_H */
