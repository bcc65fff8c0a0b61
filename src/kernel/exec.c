// SPDX-License-Identifier: MIT
/*
 * exec.c - a new process running a program described by its segment
 * sizes, laid out as Linux's execve lays out an ELF program (fs/exec.c
 * setup_arg_pages, fs/binfmt_elf.c load_elf_binary, arch/x86's
 * ELF_ET_DYN_BASE, arch_randomize_brk, randomize_stack_top, Linux 6.6).
 * Kept in src/kernel/ rather than src/fs/ (the filesystem's own tree).
 *
 *   text   r-xp  the program file at offset 0, at the load address:
 *                x86_64 PIE ELF_ET_DYN_BASE (0x555555554000 + random),
 *                non-PIE 0x400000; i386 PIE 0x400000 (+ random),
 *                non-PIE 0x08048000
 *   data   rw-p  the program file, the pages after the text
 *   bss    rw-p  anonymous (vm_brk_flags), after the data
 *   heap         starts after the bss (start_brk, randomized within
 *                32M on i386, 1G on x86_64 with randomize_va_space 2)
 *   mmap         top-down below mmap_base
 *   stack  rw-p  [stack], VM_GROWSDOWN: the argument pages (argv, envp,
 *                the file name) plus 128K (setup_arg_pages' stack_expand)
 *                at STACK_TOP less a random offset
 *
 * The program's file is a disk file /usr/bin/NAME of the text and data
 * sizes (created on the first exec, reused while big enough, replaced -
 * a new inode, as a reinstall - when not): text and data are private
 * file mappings of it, so their pages are page-cache pages (Cached,
 * Mapped, RssFile; data pages copied on write).
 *
 * A dynamically linked program (the default) then gets its PT_INTERP:
 * load_elf_interp maps ld-linux (/usr/lib/x86_64-linux-gnu/ld-linux-
 * x86-64.so.2, /usr/lib/i386-linux-gnu/ld-linux.so.2: the merged-/usr
 * targets of /lib64/... and /lib/..., symlinks not being modelled) as
 * ET_DYN, top-down from mmap_base; arch_setup_additional_pages maps
 * [vvar] and [vdso] (src/arch/vdso.c); then what ld.so does before main
 * (src/user/rtld.c) maps the DT_NEEDED libraries (libc.so.6 unless the
 * description names others) from their disk files, shared through the
 * page cache by every task that maps them.  Library segment sizes are
 * glibc 2.35's for libc, libm and ld.so (elf_lib_default), or given.
 *
 * do_execve replaces a live task's program: de_thread (the other
 * threads die and are reaped; a thread that execs takes the group's
 * pid), exec_mmap (a new mm; the old one is freed with its last user),
 * __set_task_comm; the pid, open files (no close-on-exec), fault and
 * switch counts stay, as in Linux.
 *
 * Not modelled: auxv, padzero of the last data page (segments are whole
 * pages), a program's own r--p header/relro segments (its text starts
 * at offset 0), close-on-exec, setuid; a library's RW segment keeps its
 * p_offset and p_vaddr only to the page (docs/vm.md lists what the maps
 * differ in).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "mm.h"
#include "mmu.h"
#include "pagemap.h"
#include "pgalloc.h"

/* map one segment of the program as a private file mapping */
static int map_segment(struct machine *m, struct mm_struct *mm, unsigned long start,
		       unsigned long len, unsigned long vm_flags, unsigned long pgoff,
		       struct file *file)
{
	struct vm_area_struct *vma;
	int err;

	if (!len)
		return 0;
	vma = vm_area_alloc(m, mm);
	vma->vm_start = start;
	vma->vm_end = start + len;
	vma->vm_flags = vm_flags | VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC | VM_SOFTDIRTY;
	if (file && (vm_flags & VM_WRITE))
		vma->vm_flags |= VM_ACCOUNT;		/* private writable: charged */
	vma->vm_pgoff = file ? pgoff : start >> PAGE_SHIFT;
	vma->vm_file = file ? get_file(file) : NULL;
	vma_set_page_prot(m, vma);
	err = insert_vm_struct(m, mm, vma);
	if (err)
		vm_area_free(m, vma);
	return err;
}

/**
 * open_exec - an open file of the program or library @name (a path
 * without its leading '/', a kernel name no user file can take) of
 * @size bytes: the disk file, made or remade (a new inode, as a
 * reinstall) when missing or smaller.  NULL with *@err.
 */
struct file *open_exec(struct machine *m, const char *name, uint64_t size, int *err)
{
	struct inode *inode;

	inode = inode_lookup(m, name);
	if (inode && inode->i_size < size) {
		inode_unlink(m, name);		/* the old one lives on while mapped */
		inode = NULL;
	}
	if (!inode) {
		*err = __inode_create(m, name, size, false, true, &inode);
		if (*err)
			return NULL;
	}
	return filp_open(m, inode);
}

/* Write @s at *@p going down (copy_strings), through the stack page's fault. */
static unsigned long push_string(struct machine *m, struct vm_area_struct *vma,
				 unsigned long *p, const char *s)
{
	size_t len = strlen(s) + 1;

	*p -= len;
	for (size_t i = 0; i < len; i++) {
		unsigned long a = *p + i;
		phys_addr_t ptep = pte_offset(m, vma->vm_mm, a);
		pte_t pte = ptep ? ptep_get(m, ptep) : 0;

		if (!(pte & _PAGE_PRESENT) || !(pte & _PAGE_RW)) {
			unsigned int ret = handle_mm_fault(m, vma, a, FAULT_FLAG_WRITE);

			mm_account_fault(m, ret);	/* get_arg_page's faults count */
			if (ret & VM_FAULT_ERROR)
				return 0;
			ptep = pte_offset(m, vma->vm_mm, a);
			pte = ptep_get(m, ptep);
		}
		m->ram[PFN_PHYS(pte_pfn_fmt(m->arch->mmu, pte)) + (a & ~PAGE_MASK)] = (uint8_t)s[i];
	}
	return *p;
}

/* ---- the program description: the interpreter and the libraries ---- */

/* The arch's library directory (merged /usr: /lib64 and /lib are symlinks into /usr). */
static const char *lib_dir(struct machine *m)
{
	return m->arch->bits == 64 ? "usr/lib/x86_64-linux-gnu" : "usr/lib/i386-linux-gnu";
}

/* The PT_INTERP glibc's programs carry (sysdeps/x86_64 and i386's ld.so name). */
static const char *std_interp(struct machine *m)
{
	return m->arch->bits == 64 ? "/lib64/ld-linux-x86-64.so.2" : "/lib/ld-linux.so.2";
}

/*
 * Default sizes, in pages: hdr, text, rodata, relro, data, bss, then the
 * RW PT_LOAD's p_offset and p_vaddr (rounded down to a page; 0: right
 * after the rodata).  x86_64: glibc 2.35 as Ubuntu 22.04 ships it, from
 * its /proc/PID/maps (libc's relro at address offset 0x215000 from file
 * offset 0x214000, libm's at 0xe5000 from 0xe4000: the file page at the
 * end of rodata mapped twice; ld.so's at 0x38000 from 0x37000 after a
 * rodata ending at 0x37000: a one-page hole).  i386: sizes of the same
 * order (Debian 12's glibc 2.36); ld.so's RW segment a page beyond its
 * file offset with no hole and libc's contiguous, as real i386 maps show
 * them; libm and other names by GNU ld's rule p_vaddr = p_offset + 0x1000.
 * Other names: a small library.
 */
static const struct {
	const char *name;
	int bits;
	unsigned long pages[8];
} lib_sizes[] = {
	{ "ld-linux-x86-64.so.2", 64, { 0x2, 0x2a, 0xb, 0x2, 0x2, 0, 0x37, 0x38 } },
	{ "libc.so.6", 64, { 0x28, 0x195, 0x58, 0x4, 0x2, 0xd, 0x214, 0x215 } },
	{ "libm.so.6", 64, { 0xe, 0x7c, 0x5b, 0x1, 0x1, 0, 0xe4, 0xe5 } },
	{ "ld-linux.so.2", 32, { 0x1, 0x23, 0xa, 0x2, 0x1, 0, 0x2d, 0x2e } },
	{ "libc.so.6", 32, { 0x22, 0x17f, 0x85, 0x2, 0x1, 0xa, 0, 0 } },
	{ "libm.so.6", 32, { 0xa, 0x74, 0x41, 0x1, 0x1, 0, 0xbe, 0xbf } },
	{ NULL, 0, { 0x1, 0x4, 0x2, 0x1, 0x1, 0, 0x6, 0x7 } },
};

/**
 * elf_lib_default - @lib's path in the arch's library directory when it
 * is a bare name, and, when all its sizes are 0, the sizes and RW
 * placement of that name's library (glibc's own, else a small library).
 * Sizes are page-aligned, the RW segment's p_offset / p_vaddr rounded
 * down to a page and made explicit (0: right after the rodata).
 */
void elf_lib_default(struct machine *m, struct elf_lib *lib)
{
	const char *base = strrchr(lib->name, '/');
	size_t i;

	base = base ? base + 1 : lib->name;
	if (!strchr(lib->name, '/')) {
		char tmp[sizeof(lib->name)];

		snprintf(tmp, sizeof(tmp), "%s", lib->name);
		snprintf(lib->name, sizeof(lib->name), "%s/%.60s", lib_dir(m), tmp);
		base = strrchr(lib->name, '/') + 1;
	} else if (lib->name[0] == '/') {
		memmove(lib->name, lib->name + 1, strlen(lib->name));
	}
	if (!(lib->hdr | lib->text | lib->rodata | lib->relro | lib->data | lib->bss |
	      lib->rw_offset | lib->rw_vaddr)) {
		for (i = 0; lib_sizes[i].name; i++)
			if (lib_sizes[i].bits == m->arch->bits && !strcmp(lib_sizes[i].name, base))
				break;
		lib->hdr = lib_sizes[i].pages[0] << PAGE_SHIFT;
		lib->text = lib_sizes[i].pages[1] << PAGE_SHIFT;
		lib->rodata = lib_sizes[i].pages[2] << PAGE_SHIFT;
		lib->relro = lib_sizes[i].pages[3] << PAGE_SHIFT;
		lib->data = lib_sizes[i].pages[4] << PAGE_SHIFT;
		lib->bss = lib_sizes[i].pages[5] << PAGE_SHIFT;
		lib->rw_offset = lib_sizes[i].pages[6] << PAGE_SHIFT;
		lib->rw_vaddr = lib_sizes[i].pages[7] << PAGE_SHIFT;
	}
	lib->hdr = PAGE_ALIGN(lib->hdr ? lib->hdr : PAGE_SIZE);	/* the ELF header is a page */
	lib->text = PAGE_ALIGN(lib->text);
	lib->rodata = PAGE_ALIGN(lib->rodata);
	lib->relro = PAGE_ALIGN(lib->relro);
	lib->data = PAGE_ALIGN(lib->data);
	lib->bss = PAGE_ALIGN(lib->bss);
	/* _dl_map_object_from_fd's mapoff / mapstart: ALIGN_DOWN to the page */
	lib->rw_offset = elf_lib_rw_offset(lib) & PAGE_MASK;
	lib->rw_vaddr = elf_lib_rw_vaddr(lib) & PAGE_MASK;
}

/*
 * lib_bad - a library description exec refuses: no name, too long, a
 * segment or offset above 1G (-E2BIG), an RW segment starting below the
 * end of the read-only data in memory (-EINVAL: the PT_LOADs must ascend
 * without overlapping).  @lib is elf_lib_default's.
 */
static int lib_bad(const struct elf_lib *lib)
{
	const unsigned long g = 1UL << 30;
	size_t n = strnlen(lib->name, sizeof(lib->name));

	if (!n || n >= 64 || lib->name[n - 1] == '/')
		return -EINVAL;		/* the disk's names are < 64 characters */
	if (lib->hdr > g || lib->text > g || lib->rodata > g || lib->relro > g || lib->data > g ||
	    lib->bss > g || lib->rw_offset > g || lib->rw_vaddr > g)
		return -E2BIG;
	if (lib->rw_vaddr < elf_lib_ro_end(lib))
		return -EINVAL;
	return 0;
}

/**
 * exec_check_layout - what exec refuses before the point of no return:
 * -E2BIG (a segment above 1G), -ENOEXEC (a PT_INTERP shorter than 2 or
 * longer than PATH_MAX, load_elf_binary's check), -EINVAL (more than
 * EXEC_MAX_LIBS libraries, a library without a usable name).
 */
int exec_check_layout(struct machine *m, const struct exec_layout *l)
{
	if (l->text > (1UL << 30) || l->data > (1UL << 30) || l->bss > (1UL << 30))
		return -E2BIG;
	if (l->is_static)
		return 0;
	if (l->interp && (strlen(l->interp) < 2 || strlen(l->interp) >= 4096))
		return -ENOEXEC;
	if (l->nr_libs < 0 || l->nr_libs > EXEC_MAX_LIBS || (l->nr_libs && !l->libs))
		return -EINVAL;
	for (int i = 0; i < l->nr_libs; i++) {
		struct elf_lib lib = l->libs[i];
		int err;

		if (!memchr(lib.name, 0, sizeof(lib.name)) || !lib.name[0])
			return -EINVAL;
		elf_lib_default(m, &lib);
		err = lib_bad(&lib);
		if (err)
			return err;
	}
	if (l->interp && l->interp[0] == '/' && strcmp(l->interp, std_interp(m))) {
		struct elf_lib in = { 0 };

		snprintf(in.name, sizeof(in.name), "%s", l->interp);
		if (strlen(l->interp) >= sizeof(in.name) || lib_bad(&in))
			return -ENOEXEC;
	}
	return 0;
}

/** elf_map_segments - see mm.h. */
long elf_map_segments(struct machine *m, struct file *file, unsigned long base,
		      const struct elf_lib *lib)
{
	const struct { unsigned long vaddr, offset, len, prot; } seg[] = {
		{ lib->hdr, lib->hdr, lib->text, PROT_READ | PROT_EXEC },
		{ lib->hdr + lib->text, lib->hdr + lib->text, lib->rodata, PROT_READ },
		/* the RW PT_LOAD at its p_vaddr from its p_offset; relro: r--p later */
		{ elf_lib_rw_vaddr(lib), elf_lib_rw_offset(lib), lib->relro + lib->data,
		  PROT_READ | PROT_WRITE },
	};

	for (size_t i = 0; i < sizeof(seg) / sizeof(seg[0]); i++) {
		long r;

		if (!seg[i].len)
			continue;
		r = vm_mmap_file(m, file, base + seg[i].vaddr, seg[i].len, seg[i].prot,
				 MAP_PRIVATE | MAP_FIXED, seg[i].offset);
		if (r < 0)
			return r;
	}
	return 0;
}

/*
 * load_elf_interp - the kernel maps the interpreter (fs/binfmt_elf.c,
 * 6.6): the first PT_LOAD with the whole image's size (total_mapping_size:
 * the last PT_LOAD's p_vaddr + p_memsz), top-down (an ET_DYN, no address
 * asked: below mmap_base), the rest of that range unmapped again
 * (elf_map's total_size trick), then each later segment MAP_FIXED at its
 * place, the bss by vm_brk_flags.  A hole between segments (ld.so's page
 * before its relro) stays unmapped: no line in the maps.  The load
 * address, or -errno.
 */
static long load_elf_interp(struct machine *m, struct mm_struct *mm, const struct elf_lib *lib)
{
	unsigned long total = elf_lib_memsz(lib);
	struct file *file;
	long base, r;
	int err = 0;

	file = open_exec(m, lib->name, elf_lib_filesz(lib), &err);
	if (!file)
		return err;
	base = vm_mmap_file(m, file, 0, total, PROT_READ, MAP_PRIVATE, 0);
	if (base < 0)
		goto out;
	r = do_munmap(m, mm, (unsigned long)base + lib->hdr, total - lib->hdr);
	if (!r)
		r = elf_map_segments(m, file, (unsigned long)base, lib);
	if (!r && lib->bss)
		r = do_brk_flags(m, NULL, (unsigned long)base + total - lib->bss, lib->bss, 0);
	if (r < 0)
		base = r;
out:
	fput(m, file);
	return base;
}

/*
 * load_elf_binary - lay @l out in current's (@t's) new, empty mm: the
 * program's segments, the break, the stack with the arguments, then for
 * a dynamically linked program the interpreter, the vDSO
 * (arch_setup_additional_pages), and what ld.so does before main
 * (rtld_start: the libraries).  0 or -errno.
 */
static int load_elf_binary(struct machine *m, struct task_struct *t, const char *comm,
			   const struct exec_layout *l)
{
	struct vm_state *vm = vm_state_get(m);
	bool is64 = m->arch->bits == 64, randomize;
	unsigned long base, text, data, bss, p, stack_top, stack_base, vm_end;
	struct mm_struct *mm = t->mm;
	struct vm_area_struct *stack;
	struct elf_lib interp = { 0 }, libs[EXEC_MAX_LIBS];
	struct file *exe;
	char path[96];
	int err, nr_libs = 0;
	long interp_base = 0;
	static const char *const def_argv[] = { NULL };
	const char *const *argv = l->argv ? l->argv : def_argv;
	const char *const *envp = l->envp ? l->envp : def_argv;

	randomize = vm->randomize_va_space != 0;
	arch_pick_mmap_layout(m, mm, randomize);
	/* load_elf_binary: the load address */
	if (l->pie) {
		base = is64 ? (0x800000000000UL - PAGE_SIZE) / 3 * 2 : 0x400000UL;	/* ELF_ET_DYN_BASE */
		if (randomize)
			base += (unsigned long)(prandom_u64_state(&vm->rnd) &
						((1UL << (is64 ? 28 : 8)) - 1)) << PAGE_SHIFT;
		base &= PAGE_MASK;
	} else {
		base = is64 ? 0x400000UL : 0x08048000UL;
	}
	text = PAGE_ALIGN(l->text ? l->text : PAGE_SIZE);
	data = PAGE_ALIGN(l->data);
	bss = PAGE_ALIGN(l->data + l->bss) - data;
	snprintf(path, sizeof(path), "usr/bin/%.40s", comm);
	exe = open_exec(m, path, text + l->data, &err);
	if (!exe)
		return err;
	mm->exe_file = exe;		/* set_mm_exe_file: the open file's reference */
	err = map_segment(m, mm, base, text, VM_READ | VM_EXEC, 0, exe);
	if (!err)
		err = map_segment(m, mm, base + text, data, VM_READ | VM_WRITE, text >> PAGE_SHIFT,
				  exe);
	if (!err && bss)
		err = do_brk_flags(m, NULL, base + text + data, bss, 0);
	mm->start_code = base;
	mm->end_code = base + (l->text ? l->text : PAGE_SIZE);
	mm->start_data = base + text;
	mm->end_data = base + text + l->data;
	mm->start_brk = mm->brk = PAGE_ALIGN(base + text + l->data + l->bss);
	if (randomize && vm->randomize_va_space > 1)	/* arch_randomize_brk */
		mm->start_brk = mm->brk = randomize_page(m, mm->brk, is64 ? 1UL << 30 : 32UL << 20);

	/* setup_arg_pages: the stack at the top, with the arguments in it */
	stack_top = mm->task_size;		/* STACK_TOP */
	if (randomize)				/* randomize_stack_top */
		stack_top = PAGE_ALIGN(stack_top) -
			((unsigned long)(prandom_u64_state(&vm->rnd) &
					 (is64 ? 0x3fffffUL : 0x7ffUL)) << PAGE_SHIFT);
	if (randomize)				/* arch_align_stack */
		stack_top -= (unsigned long)prandom_below(&vm->rnd, 8192);
	stack_top = PAGE_ALIGN(stack_top & ~0xfUL);
	vm_end = stack_top;
	stack = vm_area_alloc(m, mm);
	stack->vm_start = vm_end - PAGE_SIZE;
	stack->vm_end = vm_end;
	stack->vm_flags = VM_STACK_FLAGS;
	stack->vm_page_prot = vm_get_page_prot(m, stack->vm_flags);
	stack->vm_pgoff = stack->vm_start >> PAGE_SHIFT;
	if (!err)
		err = insert_vm_struct(m, mm, stack);
	if (err) {
		if (list_empty(&stack->vm_list))
			vm_area_free(m, stack);
		return err;
	}
	p = vm_end - (is64 ? 8 : 4);
	push_string(m, stack, &p, inode_d_path(exe->f_inode, path, sizeof(path)));	/* bprm->filename */
	{
		int n = 0;

		while (envp[n])
			n++;
		mm->env_end = p;
		while (n-- > 0)
			push_string(m, stack, &p, envp[n]);
		mm->env_start = p;
		n = 0;
		while (argv[n])
			n++;
		mm->arg_end = p;
		if (!n)
			push_string(m, stack, &p, comm);
		while (n-- > 0)
			push_string(m, stack, &p, argv[n]);
		mm->arg_start = p;
	}
	/* the argument pages, then stack_expand (128K) below them */
	stack_base = (p & PAGE_MASK) - 131072UL;
	{
		unsigned long grow = (stack->vm_start - stack_base) >> PAGE_SHIFT;

		if (security_vm_enough_memory_mm(m, mm, (long)grow) == 0) {
			stack->vm_start = stack_base;
			stack->vm_pgoff -= grow;
			vm_stat_account(mm, stack->vm_flags, (long)grow);
		}
	}
	/* create_elf_tables: argc, argv[], envp[], auxv below the strings */
	mm->start_stack = (p - 64 * (is64 ? 8 : 4)) & ~0xfUL;

	/* PT_INTERP: the interpreter, mapped by the kernel */
	if (!l->is_static) {
		snprintf(interp.name, sizeof(interp.name), "%s",
			 !l->interp || !strcmp(l->interp, std_interp(m)) ?
			 (is64 ? "ld-linux-x86-64.so.2" : "ld-linux.so.2") : l->interp);
		elf_lib_default(m, &interp);
		interp_base = load_elf_interp(m, mm, &interp);
		if (interp_base < 0)
			return (int)interp_base;
	}
	err = arch_setup_additional_pages(m, mm);
	if (err || l->is_static)
		return err;
	/* user space: ld.so maps the DT_NEEDED libraries */
	if (!l->nr_libs) {
		memset(&libs[0], 0, sizeof(libs[0]));
		snprintf(libs[0].name, sizeof(libs[0].name), "libc.so.6");
		nr_libs = 1;
	} else {
		nr_libs = l->nr_libs;
		memcpy(libs, l->libs, (size_t)nr_libs * sizeof(libs[0]));
	}
	for (int i = 0; i < nr_libs; i++)
		elf_lib_default(m, &libs[i]);
	return rtld_start(m, &interp, (unsigned long)interp_base, libs, nr_libs);
}

/**
 * spawn_task - a new process running the program @l describes, named
 * @comm, on CPU 0 (the scheduler may move it).  NULL with *@err.
 */
struct task_struct *spawn_task(struct machine *m, const char *comm,
			       const struct exec_layout *l, int *err)
{
	struct task_struct *t;
	struct mm_struct *mm;
	int old;

	*err = exec_check_layout(m, l);
	if (*err)
		return NULL;
	t = task_alloc(m, comm);
	if (!t) {
		*err = -EAGAIN;
		return NULL;
	}
	mm = mm_alloc(m);
	if (!mm) {
		task_free(m, t);
		*err = -ENOMEM;
		return NULL;
	}
	t->mm = mm;
	old = sched_enter(m, t);
	*err = load_elf_binary(m, t, comm, l);
	sched_leave(m, old);
	if (*err) {
		do_exit(m, t, 0);
		release_task(m, t);
		return NULL;
	}
	return t;
}

/*
 * de_thread - the other threads of @t's group die (zap_other_threads) and
 * are reaped (threads reap themselves); an exec from a thread that is not
 * the leader takes over the leader's pid, the leader goes.
 */
static void de_thread(struct machine *m, struct task_struct *t)
{
	struct task_struct *o, *tmp, *leader = t->group_leader;

	list_for_each_entry(o, &m->vm->tasks, struct task_struct, tasks)
		if (o != t && o->tgid == t->tgid && !o->exit_state)
			do_exit(m, o, SIGKILL);
	if (leader != t) {		/* exchange_tids: t becomes the leader, with its pid */
		int pid = t->pid;

		t->pid = leader->pid;
		leader->pid = pid;
	}
	list_for_each_entry_safe(o, tmp, &m->vm->tasks, struct task_struct, tasks)
		if (o != t && o->tgid == t->tgid && o->group_leader == leader && o != leader)
			release_task(m, o);
	if (leader != t) {
		t->real_parent = leader->real_parent;
		release_task(m, leader);	/* frees t's old pid, makes t the leader */
	}
	t->group_leader = t;
	t->tgid = t->pid;
	t->nr_threads = 1;
}

/**
 * do_execve - execve(2) of a live task @t: the program @l named @comm.
 * Checks first (-E2BIG, -ENOEXEC, -EINVAL, -ENOMEM for the new mm: the
 * task runs on untouched); then, past the point of no return, the other
 * threads die (de_thread), exec_mmap puts the new mm in place and drops
 * the old one (freed with its last user: CLONE_VM tasks outside the
 * group keep it), the comm becomes @comm, and the program is laid out.
 * The pid, the open files, the fault and context-switch counts stay (as
 * Linux keeps min_flt / maj_flt / nvcsw across exec).  A failure past
 * the point of no return kills the task with SIGSEGV (as Linux's
 * force_fatal_sig).  0 or -errno.
 */
int do_execve(struct machine *m, struct task_struct *t, const char *comm,
	      const struct exec_layout *l)
{
	struct mm_struct *mm, *old_mm;
	int old, err;

	err = exec_check_layout(m, l);
	if (err)
		return err;
	old = sched_enter(m, t);
	mm = mm_alloc(m);
	if (!mm) {
		sched_leave(m, old);
		return -ENOMEM;
	}
	de_thread(m, t);
	/* exec_mmap: the new mm in place, the old one released */
	old_mm = t->mm;
	t->mm = mm;
	switch_mm(m, mm);
	mmput(m, old_mm);
	snprintf(t->comm, sizeof(t->comm), "%s", comm);	/* __set_task_comm */
	memcpy(this_cpu(m)->comm, t->comm, sizeof(this_cpu(m)->comm));
	this_cpu(m)->pid = t->pid;
	err = load_elf_binary(m, t, comm, l);
	sched_leave(m, old);
	if (err)
		do_exit(m, t, SIGSEGV);
	return err;
}
