/* SPDX-License-Identifier: MIT */
/*
 * mm.h - processes' virtual memory (include/linux/mm.h, mman.h,
 * uapi/asm-generic/mman-common.h, Linux 6.6): the VM_* flags, the
 * mmap/madvise/mlock constants, the per-machine process state and the
 * functions of src/mm/{mmap,memory,mprotect,mremap,madvise,mlock,msync,
 * mincore,util}.c, src/kernel/{fork,exit,pid,exec,sched_core}.c and
 * src/arch/fault.c.
 *
 * "current" is the task running on the CPU calls are made on
 * (vm->curr[m->cpu]); the system calls act on current's mm, as Linux's do.
 * Return values: an address or 0, or a negative errno (as a long).
 */
#ifndef MMSIM_MM_H
#define MMSIM_MM_H

#include <stdbool.h>
#include <stdint.h>
#include "machine.h"
#include "pgalloc.h"
#include "pgtable.h"
#include "random.h"
#include "sched.h"

#define PAGE_ALIGN(x)	(((x) + PAGE_SIZE - 1) & PAGE_MASK)

/* vm_flags (include/linux/mm.h, 6.6). */
#define VM_NONE		0x00000000UL
#define VM_READ		0x00000001UL
#define VM_WRITE	0x00000002UL
#define VM_EXEC		0x00000004UL
#define VM_SHARED	0x00000008UL
#define VM_MAYREAD	0x00000010UL
#define VM_MAYWRITE	0x00000020UL
#define VM_MAYEXEC	0x00000040UL
#define VM_MAYSHARE	0x00000080UL
#define VM_GROWSDOWN	0x00000100UL
#define VM_UFFD_MISSING	0x00000200UL
#define VM_PFNMAP	0x00000400UL
#define VM_UFFD_WP	0x00001000UL
#define VM_LOCKED	0x00002000UL
#define VM_IO		0x00004000UL
#define VM_SEQ_READ	0x00008000UL
#define VM_RAND_READ	0x00010000UL
#define VM_DONTCOPY	0x00020000UL
#define VM_DONTEXPAND	0x00040000UL
#define VM_LOCKONFAULT	0x00080000UL
#define VM_ACCOUNT	0x00100000UL
#define VM_NORESERVE	0x00200000UL
#define VM_HUGETLB	0x00400000UL
#define VM_SYNC		0x00800000UL
#define VM_ARCH_1	0x01000000UL
#define VM_WIPEONFORK	0x02000000UL
#define VM_DONTDUMP	0x04000000UL
#define VM_SOFTDIRTY	0x08000000UL
#define VM_MIXEDMAP	0x10000000UL
#define VM_HUGEPAGE	0x20000000UL
#define VM_NOHUGEPAGE	0x40000000UL
#define VM_MERGEABLE	0x80000000UL

#define VM_ACCESS_FLAGS	(VM_READ | VM_WRITE | VM_EXEC)
#define VM_LOCKED_MASK	(VM_LOCKED | VM_LOCKONFAULT)
#define VM_SPECIAL	(VM_IO | VM_DONTEXPAND | VM_PFNMAP | VM_MIXEDMAP)
#define VM_STACK_INCOMPLETE_SETUP (VM_RAND_READ | VM_SEQ_READ)
/* x86: VM_DATA_FLAGS_TSK_EXEC without READ_IMPLIES_EXEC */
#define VM_DATA_DEFAULT_FLAGS	(VM_READ | VM_WRITE | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
#define VM_STACK_FLAGS		(VM_GROWSDOWN | VM_DATA_DEFAULT_FLAGS | VM_ACCOUNT)

/* mmap (uapi mman-common.h, x86 values). */
#define PROT_NONE	0x0
#define PROT_READ	0x1
#define PROT_WRITE	0x2
#define PROT_EXEC	0x4
#define PROT_SEM	0x8
#define PROT_GROWSDOWN	0x01000000
#define PROT_GROWSUP	0x02000000

#define MAP_SHARED	0x01
#define MAP_PRIVATE	0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE	0x0f
#define MAP_FIXED	0x10
#define MAP_ANONYMOUS	0x20
#define MAP_GROWSDOWN	0x0100
#define MAP_DENYWRITE	0x0800
#define MAP_EXECUTABLE	0x1000
#define MAP_LOCKED	0x2000
#define MAP_NORESERVE	0x4000
#define MAP_POPULATE	0x8000
#define MAP_NONBLOCK	0x10000
#define MAP_STACK	0x20000
#define MAP_HUGETLB	0x40000
#define MAP_SYNC	0x80000
#define MAP_FIXED_NOREPLACE 0x100000

#define MREMAP_MAYMOVE	1
#define MREMAP_FIXED	2
#define MREMAP_DONTUNMAP 4

#define MADV_NORMAL	0
#define MADV_RANDOM	1
#define MADV_SEQUENTIAL	2
#define MADV_WILLNEED	3
#define MADV_DONTNEED	4
#define MADV_FREE	8
#define MADV_REMOVE	9
#define MADV_DONTFORK	10
#define MADV_DOFORK	11
#define MADV_MERGEABLE	12
#define MADV_UNMERGEABLE 13
#define MADV_HUGEPAGE	14
#define MADV_NOHUGEPAGE	15
#define MADV_DONTDUMP	16
#define MADV_DODUMP	17
#define MADV_WIPEONFORK	18
#define MADV_KEEPONFORK	19
#define MADV_COLD	20
#define MADV_PAGEOUT	21
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23

#define MCL_CURRENT	1
#define MCL_FUTURE	2
#define MCL_ONFAULT	4
#define MLOCK_ONFAULT	0x01

#define MS_ASYNC	1
#define MS_INVALIDATE	2
#define MS_SYNC		4

#define OVERCOMMIT_GUESS	0
#define OVERCOMMIT_ALWAYS	1
#define OVERCOMMIT_NEVER	2

/* vm_fault_t bits (include/linux/mm_types.h). */
#define VM_FAULT_OOM		0x000001
#define VM_FAULT_SIGBUS		0x000002
#define VM_FAULT_MAJOR		0x000004
#define VM_FAULT_SIGSEGV	0x000040
#define VM_FAULT_NOPAGE		0x000100
#define VM_FAULT_ERROR		(VM_FAULT_OOM | VM_FAULT_SIGBUS | VM_FAULT_SIGSEGV)
#define FAULT_FLAG_WRITE	0x01
#define FAULT_FLAG_USER		0x40
#define FAULT_FLAG_INSTRUCTION	0x100
#define FAULT_FLAG_REMOTE	0x80	/* get_user_pages: not from the task's own access */

#define SIGSEGV		11
#define SIGKILL		9
#define SIGBUS		7

/* Linux keeps PROT_NONE ptes non-present with _PAGE_PROTNONE (the global bit). */
#define _PAGE_PROTNONE	_PAGE_GLOBAL
#define PAGE_MAPPING_ANON	0x1UL

#define DEFAULT_MAX_MAP_COUNT	65530	/* USHRT_MAX - MAPCOUNT_ELF_CORE_MARGIN */
#define STACK_GUARD_GAP_PAGES	256
#define MLOCK_LIMIT		(8UL << 20)	/* RLIMIT_MEMLOCK's default */
#define RLIMIT_STACK_DEFAULT	(8UL << 20)	/* _STK_LIM */

struct anon_vma {
	struct anon_vma *root, *parent;
	int refcount;
	int num_children, num_active_vmas;
	uint64_t kobj;
};

struct anon_vma_chain {
	struct vm_area_struct *vma;
	struct anon_vma *anon_vma;
	struct list_head same_vma;
	uint64_t kobj;
};

/* Per machine: the processes and the VM tunables. */
struct vm_state {
	struct list_head tasks;
	int nr_tasks;
	int pid_max, last_pid;
	uint8_t *pid_used;		/* [pid_max] */
	struct task_struct *curr[MAX_CPUS];
	unsigned long zero_pfn;		/* empty_zero_page, in the kernel's .bss */
	struct rnd_state rnd;		/* get_random_long for layouts */
	int overcommit_memory, overcommit_ratio;
	unsigned long overcommit_kbytes;
	int max_map_count;
	unsigned long stack_guard_gap;	/* bytes */
	unsigned long mmap_min_addr;
	int randomize_va_space;
	unsigned long admin_reserve_kbytes, user_reserve_kbytes;
	long committed_as;		/* vm_committed_as, pages */
	unsigned long next_ino;
	unsigned long fault_around_bytes;
	struct page *vdso_pages[2];	/* the vDSO image's pages, made at the first fault */
	unsigned long vvar_pfn;		/* the vvar page's frame (__vvar_page), 0 until then */
};

/* vm_state_get - the machine's process state, created on first use (no page allocated). */
struct vm_state *vm_state_get(struct machine *m);
void vm_release(struct machine *m);

static inline struct task_struct *vm_current(struct machine *m)
{
	return m->vm ? m->vm->curr[m->cpu] : NULL;
}

static inline unsigned long vma_pages(const struct vm_area_struct *vma)
{
	return (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;
}
static inline bool vma_is_anonymous(const struct vm_area_struct *vma)
{
	return !vma->vm_file;
}
static inline bool is_cow_mapping(unsigned long flags)
{
	return (flags & (VM_SHARED | VM_MAYWRITE)) == VM_MAYWRITE;
}
static inline unsigned long linear_page_index(const struct vm_area_struct *vma,
					      unsigned long addr)
{
	return ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
}
static inline bool PageAnon(const struct page *p)
{
	return ((unsigned long)p->mapping & PAGE_MAPPING_ANON) != 0;
}
static inline int page_mapcount(const struct page *p)
{
	return p->_mapcount + 1;
}
/* A user pte that maps a page: present, or PROT_NONE. */
static inline bool upte_present(pte_t p)
{
	return (p & (_PAGE_PRESENT | _PAGE_PROTNONE)) != 0;
}

struct page *vm_normal_page(struct machine *m, pte_t pte);

/*
 * user_page_at - the page @mm maps at @addr (present or PROT_NONE, not the
 * zero page), its pte in *@ptevp and its location in *@ptepp (either may
 * be NULL); NULL when nothing is mapped there.
 */
static inline struct page *user_page_at(struct machine *m, struct mm_struct *mm,
					unsigned long addr, pte_t *ptevp, phys_addr_t *ptepp)
{
	phys_addr_t ptep = pte_offset(m, mm, addr);
	pte_t pte;

	if (!ptep)
		return NULL;
	pte = ptep_get(m, ptep);
	if (ptevp)
		*ptevp = pte;
	if (ptepp)
		*ptepp = ptep;
	return upte_present(pte) ? vm_normal_page(m, pte) : NULL;
}
static inline unsigned long get_mm_rss(const struct mm_struct *mm)
{
	return (unsigned long)(mm->rss_stat[MM_FILEPAGES] + mm->rss_stat[MM_ANONPAGES] +
			       mm->rss_stat[MM_SHMEMPAGES]);
}
static inline void update_hiwater_rss(struct mm_struct *mm)
{
	if (mm->hiwater_rss < get_mm_rss(mm))
		mm->hiwater_rss = get_mm_rss(mm);
}
static inline void update_hiwater_vm(struct mm_struct *mm)
{
	if (mm->hiwater_vm < mm->total_vm)
		mm->hiwater_vm = mm->total_vm;
}
/* vm_start_gap - the start of a VMA with its stack guard gap below it. */
unsigned long vm_start_gap(struct machine *m, const struct vm_area_struct *vma);

/* ---- src/mm/mmap.c ---- */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev);
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm, unsigned long start,
					     unsigned long end);
struct vm_area_struct *vma_lookup(struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *vma_prev(struct vm_area_struct *vma);
struct vm_area_struct *vma_next(struct vm_area_struct *vma);
struct vm_area_struct *vm_area_alloc(struct machine *m, struct mm_struct *mm);
struct vm_area_struct *vm_area_dup(struct machine *m, struct vm_area_struct *orig);
void vm_area_free(struct machine *m, struct vm_area_struct *vma);
void vma_link(struct mm_struct *mm, struct vm_area_struct *vma);
void vma_unlink(struct mm_struct *mm, struct vm_area_struct *vma);
pte_t vm_get_page_prot(struct machine *m, unsigned long vm_flags);
void vm_stat_account(struct mm_struct *mm, unsigned long flags, long npages);
int split_vma(struct machine *m, struct vm_area_struct *vma, unsigned long addr, int new_below);
struct vm_area_struct *vma_modify_flags(struct machine *m, struct vm_area_struct *prev,
					struct vm_area_struct *vma, unsigned long start,
					unsigned long end, unsigned long new_flags);
struct vm_area_struct *vma_try_merge_neighbours(struct machine *m, struct vm_area_struct *vma);
long get_unmapped_area(struct machine *m, unsigned long addr, unsigned long len,
		       unsigned long pgoff, unsigned long flags);
long do_mmap(struct machine *m, unsigned long addr, unsigned long len, unsigned long prot,
	     unsigned long flags, unsigned long pgoff, unsigned long *populate);
struct file;
long do_mmap_file(struct machine *m, struct file *file, unsigned long addr, unsigned long len,
		  unsigned long prot, unsigned long flags, unsigned long pgoff,
		  unsigned long *populate);
long vm_mmap_file(struct machine *m, struct file *file, unsigned long addr, unsigned long len,
		  unsigned long prot, unsigned long flags, unsigned long off);
long mmap_file_by_name(struct machine *m, const char *name, unsigned long addr,
		       unsigned long len, unsigned long prot, unsigned long flags,
		       unsigned long off);
void vma_set_page_prot(struct machine *m, struct vm_area_struct *vma);
long ksys_mmap(struct machine *m, unsigned long addr, unsigned long len, unsigned long prot,
	       unsigned long flags, long fd, unsigned long off);
int do_munmap(struct machine *m, struct mm_struct *mm, unsigned long start, unsigned long len);
long sys_munmap(struct machine *m, unsigned long addr, unsigned long len);
long sys_brk(struct machine *m, unsigned long brk);
int do_brk_flags(struct machine *m, struct vm_area_struct *brkvma, unsigned long addr,
		 unsigned long len, unsigned long flags);
int mm_populate(struct machine *m, unsigned long start, unsigned long len);
void exit_mmap(struct machine *m, struct mm_struct *mm);
int insert_vm_struct(struct machine *m, struct mm_struct *mm, struct vm_area_struct *vma);
void arch_pick_mmap_layout(struct machine *m, struct mm_struct *mm, bool randomize);
unsigned long mmap_task_size(struct machine *m);

/* ---- src/mm/util.c ---- */
int __vm_enough_memory(struct machine *m, struct mm_struct *mm, long pages, bool cap_sys_admin);
int security_vm_enough_memory_mm(struct machine *m, struct mm_struct *mm, long pages);
void vm_unacct_memory(struct machine *m, long pages);
unsigned long vm_commit_limit(struct machine *m);
unsigned long vm_memory_committed(struct machine *m);
unsigned long randomize_page(struct machine *m, unsigned long start, unsigned long range);

/* ---- src/mm/mprotect.c, mremap.c, madvise.c, mlock.c, msync.c, mincore.c ---- */
long sys_mprotect(struct machine *m, unsigned long start, unsigned long len, unsigned long prot);
void change_protection(struct machine *m, struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, unsigned long newflags);
long sys_mremap(struct machine *m, unsigned long addr, unsigned long old_len,
		unsigned long new_len, unsigned long flags, unsigned long new_addr);
long sys_madvise(struct machine *m, unsigned long start, unsigned long len, int behavior);
long sys_mlock2(struct machine *m, unsigned long start, unsigned long len, unsigned long flags);
long sys_munlock(struct machine *m, unsigned long start, unsigned long len);
long sys_mlockall(struct machine *m, int flags);
long sys_munlockall(struct machine *m);
void mlock_vma_pages(struct machine *m, struct vm_area_struct *vma, unsigned long start,
		     unsigned long end, bool lock);
void mlock_page(struct machine *m, struct page *page);
void munlock_page(struct machine *m, struct page *page);
long sys_msync(struct machine *m, unsigned long start, unsigned long len, int flags);
long sys_mincore(struct machine *m, unsigned long start, unsigned long len, unsigned char *vec);

/* ---- src/mm/memory.c ---- */
unsigned int handle_mm_fault(struct machine *m, struct vm_area_struct *vma,
			     unsigned long address, unsigned int flags);
void zap_page_range(struct machine *m, struct vm_area_struct *vma, unsigned long start,
		    unsigned long end);
void free_pgd_range(struct machine *m, struct mm_struct *mm, unsigned long addr,
		    unsigned long end, unsigned long floor, unsigned long ceiling);
int copy_page_range(struct machine *m, struct vm_area_struct *dst, struct vm_area_struct *src);
void move_page_range(struct machine *m, struct vm_area_struct *vma, unsigned long old_addr,
		     struct vm_area_struct *new_vma, unsigned long new_addr, unsigned long len);
void put_user_page(struct machine *m, struct page *page);
void mm_account_fault(struct machine *m, unsigned int ret);
struct page *vm_normal_page(struct machine *m, pte_t pte);
struct address_space;
void do_set_pte(struct machine *m, struct vm_area_struct *vma, unsigned long addr,
		phys_addr_t ptep, struct page *page, bool write);
void unmap_mapping_range(struct machine *m, struct address_space *mapping, unsigned long first,
			 unsigned long nr);
void unmap_mapping_pages(struct machine *m, struct address_space *mapping, unsigned long start,
			 unsigned long nr, bool even_cows);
static inline bool is_zero_pfn(struct machine *m, unsigned long pfn)
{
	return pfn == m->vm->zero_pfn;
}

/* ---- src/mm/rmap.c ---- */
int anon_vma_prepare(struct machine *m, struct vm_area_struct *vma);
int anon_vma_clone(struct machine *m, struct vm_area_struct *dst, struct vm_area_struct *src);
int anon_vma_fork(struct machine *m, struct vm_area_struct *vma, struct vm_area_struct *pvma);
void unlink_anon_vmas(struct machine *m, struct vm_area_struct *vma);
void page_add_new_anon_rmap(struct machine *m, struct page *page, struct vm_area_struct *vma,
			    unsigned long address);
void page_add_file_rmap(struct machine *m, struct page *page);
void page_dup_rmap(struct page *page);
void page_remove_rmap(struct machine *m, struct page *page, struct vm_area_struct *vma);
int page_mkclean(struct machine *m, struct page *page);

/* ---- src/kernel/pid.c, fork.c, exit.c, exec.c, sched_core.c ---- */
int alloc_pid(struct machine *m);
void free_pid(struct machine *m, int pid);
struct mm_struct *mm_alloc(struct machine *m);
void mmput(struct machine *m, struct mm_struct *mm);
struct task_struct *task_alloc(struct machine *m, const char *comm);
void task_free(struct machine *m, struct task_struct *t);
#define CLONE_VM	0x00000100
#define CLONE_THREAD	0x00010000
struct task_struct *copy_process(struct machine *m, struct task_struct *parent,
				 unsigned long clone_flags, const char *comm, int *err);
void do_exit(struct machine *m, struct task_struct *t, int code);
void release_task(struct machine *m, struct task_struct *t);
struct task_struct *find_task_by_pid(struct machine *m, int pid);
struct task_struct *find_task_by_name(struct machine *m, const char *comm);

/*
 * struct elf_lib - a shared object as exec.c and rtld.c map it: the
 * PT_LOAD segments of a -z separate-code, -z relro build, each a whole
 * number of pages (bytes): the ELF header and read-only data before the
 * text (r--p), the text (r-xp), read-only data (r--p), the relro part
 * and the data of the RW segment (relro made r--p after relocation), the
 * bss beyond the file (anonymous rw-p).  @name is its path without the
 * leading '/' ("usr/lib/x86_64-linux-gnu/libc.so.6").
 *
 * The first three segments are contiguous from offset 0, file offset ==
 * address offset (p_offset == p_vaddr).  The RW PT_LOAD is not, in a real
 * library: @rw_offset and @rw_vaddr are its p_offset and p_vaddr rounded
 * down to a page (ld.so's mapoff and mapstart), 0 for the place right
 * after the read-only data.  GNU ld starts the RW segment's address a page
 * beyond its file offset (DATA_SEGMENT_ALIGN: p_vaddr = p_offset +
 * 0x1000 for glibc 2.35's libraries), so the file page holding the end of
 * the read-only data and the start of the relro is mapped twice (rodata's
 * last page, the relro's first); a @rw_vaddr beyond the read-only data's
 * end leaves a hole (ld.so's own: one page).
 */
#define EXEC_MAX_LIBS	16
struct elf_lib {
	char name[96];
	unsigned long hdr, text, rodata, relro, data, bss;
	unsigned long rw_offset, rw_vaddr;	/* the RW PT_LOAD's; 0: contiguous */
};
/* elf_lib_ro_end - where @lib's read-only segments end, in the file and in memory. */
static inline unsigned long elf_lib_ro_end(const struct elf_lib *lib)
{
	return lib->hdr + lib->text + lib->rodata;
}
/* elf_lib_rw_offset - the RW segment's (page) offset in the file. */
static inline unsigned long elf_lib_rw_offset(const struct elf_lib *lib)
{
	return lib->rw_offset ? lib->rw_offset : elf_lib_ro_end(lib);
}
/* elf_lib_rw_vaddr - the RW segment's (page) offset from the load base. */
static inline unsigned long elf_lib_rw_vaddr(const struct elf_lib *lib)
{
	return lib->rw_vaddr ? lib->rw_vaddr : elf_lib_ro_end(lib);
}
/* elf_lib_filesz - the bytes of @lib's file: up to the RW segment's file end. */
static inline unsigned long elf_lib_filesz(const struct elf_lib *lib)
{
	return elf_lib_rw_offset(lib) + lib->relro + lib->data;
}
/* elf_lib_memsz - the image's span from its base: the RW segment's end with the bss. */
static inline unsigned long elf_lib_memsz(const struct elf_lib *lib)
{
	return elf_lib_rw_vaddr(lib) + lib->relro + lib->data + lib->bss;
}
/*
 * elf_map_segments - @lib's text, read-only data and RW segment mapped
 * MAP_FIXED from @file at their places above @base (the RW segment at
 * @base + its p_vaddr from its p_offset: what elf_map does for each later
 * PT_LOAD, and ld.so's _dl_map_segments); 0 or -errno.  The bss and the
 * holes, which the kernel and ld.so treat differently, are the caller's.
 */
long elf_map_segments(struct machine *m, struct file *file, unsigned long base,
		      const struct elf_lib *lib);
struct exec_layout {
	bool pie;
	unsigned long text, data, bss;		/* bytes */
	const char *const *argv, *const *envp;
	bool is_static;			/* no PT_INTERP: no ld.so, no libraries */
	const char *interp;		/* PT_INTERP; NULL: the arch's ld-linux */
	int nr_libs;			/* DT_NEEDED, in order; 0: libc.so.6 */
	const struct elf_lib *libs;	/* names (bare: the arch's lib directory), sizes (0: defaults) */
};
struct task_struct *spawn_task(struct machine *m, const char *comm,
			       const struct exec_layout *l, int *err);
/* do_execve - @t (alive) runs the program @l as @comm: a new mm, the old released. */
int do_execve(struct machine *m, struct task_struct *t, const char *comm,
	      const struct exec_layout *l);
/* exec_check_layout - -EINVAL / -ENOEXEC / -E2BIG for a program description exec refuses. */
int exec_check_layout(struct machine *m, const struct exec_layout *l);
/* elf_lib_default - @lib's sizes and RW placement for its name where all are 0 (glibc 2.35's libraries). */
void elf_lib_default(struct machine *m, struct elf_lib *lib);
struct file *open_exec(struct machine *m, const char *name, uint64_t size, int *err);

/* ---- src/arch/vdso.c ---- */
extern const char vdso_name[], vvar_name[];
/* is_vdso_page - one of the vDSO image's pages (kernel pages, no mapping, mapped as file pages). */
static inline bool is_vdso_page(struct machine *m, const struct page *page)
{
	return m->vm && (page == m->vm->vdso_pages[0] || page == m->vm->vdso_pages[1]);
}
int arch_setup_additional_pages(struct machine *m, struct mm_struct *mm);
unsigned int special_mapping_fault(struct machine *m, struct vm_area_struct *vma,
				   unsigned long addr, phys_addr_t ptep);
int special_mapping_mremap(struct vm_area_struct *vma, unsigned long new_len,
			   unsigned long new_start);

/* ---- src/user/rtld.c: what glibc's ld.so does before main ---- */
int rtld_start(struct machine *m, const struct elf_lib *interp, unsigned long interp_base,
	       const struct elf_lib *libs, int nr_libs);

/* sched_run - make @t current on its CPU (switching mm with switch_mm); returns the old CPU. */
int sched_enter(struct machine *m, struct task_struct *t);
void sched_leave(struct machine *m, int old_cpu);
void sched_migrate(struct machine *m, struct task_struct *t, int cpu);
/* sched_set_idle - the current CPU runs its idle task (swapper/N) from now on. */
void sched_set_idle(struct machine *m);

/* find_live_task - the task @pid if it has not exited, else NULL. */
static inline struct task_struct *find_live_task(struct machine *m, int pid)
{
	struct task_struct *t = find_task_by_pid(m, pid);

	return t && !t->exit_state ? t : NULL;
}

/*
 * AS_TASK - run one system call (an expression) as @pid on its CPU, for
 * the public API: -ESRCH if the task is gone; a fatal signal it raised is
 * delivered on the way out (sched_leave).
 */
#define AS_TASK(m, pid, call) ({                          \
	struct task_struct *__t = find_live_task(m, pid); \
	int64_t __r = -ESRCH;                             \
	if (__t) {                                        \
		int __old = sched_enter(m, __t);          \
		__r = (call);                             \
		sched_leave(m, __old);                    \
	}                                                 \
	__r; })

/* ---- src/arch/fault.c ---- */
int do_page_fault(struct machine *m, uint64_t va, unsigned int error_code);
void task_deliver_signal(struct machine *m, struct task_struct *t);
void show_signal_msg(struct machine *m, struct task_struct *t, unsigned long address,
		     unsigned int error_code);
void pagefault_out_of_memory(struct machine *m, struct task_struct *t);

/* ---- src/mm/debug_vm_mm.c ---- */
int check_vm_state(struct machine *m);

/* ---- src/fs/proc/task_mmu.c ---- */
struct seq_file;
int proc_pid_show(struct machine *m, const char *rest, struct seq_file *s);
int pagemap_read(struct machine *m, struct task_struct *t, unsigned long vaddr,
		 unsigned long count, uint64_t *out);

#endif /* MMSIM_MM_H */
