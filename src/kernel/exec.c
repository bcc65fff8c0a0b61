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
 * Mapped, RssFile; data pages copied on write).  Not modelled: the
 * ELF interpreter and shared libraries, the vDSO, auxv, padzero of the
 * last data page.
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

/*
 * open_exec - an open file of the program /usr/bin/@comm of @size bytes:
 * the disk file "usr/bin/COMM" (a kernel name: no user file can take it),
 * made or remade when missing or smaller.  NULL with *@err.
 */
static struct file *open_exec(struct machine *m, const char *comm, uint64_t size, int *err)
{
	char name[64];
	struct inode *inode;

	snprintf(name, sizeof(name), "usr/bin/%.40s", comm);
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

/**
 * spawn_task - a new process running the program @l describes, named
 * @comm, on CPU 0 (the scheduler may move it).  NULL with *@err.
 */
struct task_struct *spawn_task(struct machine *m, const char *comm,
			       const struct exec_layout *l, int *err)
{
	struct vm_state *vm = vm_state_get(m);
	bool is64 = m->arch->bits == 64, randomize;
	unsigned long base, text, data, bss, p, stack_top, stack_base, vm_end;
	struct task_struct *t;
	struct mm_struct *mm;
	struct vm_area_struct *stack;
	struct file *exe;
	char path[96];
	int old;
	static const char *const def_argv[] = { NULL };
	const char *const *argv = l->argv ? l->argv : def_argv;
	const char *const *envp = l->envp ? l->envp : def_argv;

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
	exe = open_exec(m, comm, text + l->data, err);
	if (!exe) {
		sched_leave(m, old);
		do_exit(m, t, 0);
		release_task(m, t);
		return NULL;
	}
	mm->exe_file = exe;		/* set_mm_exe_file: the open file's reference */
	*err = map_segment(m, mm, base, text, VM_READ | VM_EXEC, 0, exe);
	if (!*err)
		*err = map_segment(m, mm, base + text, data, VM_READ | VM_WRITE, text >> PAGE_SHIFT,
				   exe);
	if (!*err && bss)
		*err = do_brk_flags(m, NULL, base + text + data, bss, 0);
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
	if (!*err)
		*err = insert_vm_struct(m, mm, stack);
	if (*err) {
		if (list_empty(&stack->vm_list))
			vm_area_free(m, stack);
		sched_leave(m, old);
		do_exit(m, t, 0);
		release_task(m, t);
		return NULL;
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
	sched_leave(m, old);
	*err = 0;
	return t;
}
