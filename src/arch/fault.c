// SPDX-License-Identifier: MIT
/*
 * fault.c - the page-fault handler the MMU calls (arch/x86/mm/fault.c
 * do_user_addr_fault, Linux 6.6): find the VMA (growing a VM_GROWSDOWN
 * stack down to the address, within RLIMIT_STACK and clear of the guard
 * gap), check the access against it (access_error), then handle_mm_fault.
 * A bad user access is a SIGSEGV with show_signal_msg's line in dmesg;
 * a VM_FAULT_SIGBUS (a file page past EOF) a SIGBUS (do_sigbus), without
 * a line; the task dies when it would return to user mode
 * (task_deliver_signal).
 * A kernel-mode access to a bad user address fails with -EFAULT (the
 * exception-table fixup of uaccess) and no signal.
 * Simplified: no "Code:" line (there are no instruction bytes), the
 * instruction pointer is the program's start_code.
 */
#include <errno.h>
#include "internal.h"
#include "mm.h"
#include "pagemap.h"
#include "mmu.h"

/* expand_downwards - grow @vma's start down to @address. */
static int expand_downwards(struct machine *m, struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *prev = vma_prev(vma);
	unsigned long grow, size;

	address &= PAGE_MASK;
	if (address < m->vm->mmap_min_addr)
		return -EPERM;
	if (prev && !(prev->vm_flags & VM_GROWSDOWN) && (prev->vm_flags & VM_ACCESS_FLAGS) &&
	    address - prev->vm_end < m->vm->stack_guard_gap)
		return -ENOMEM;
	if (prev && address < prev->vm_end)
		return -ENOMEM;
	size = vma->vm_end - address;
	grow = (vma->vm_start - address) >> PAGE_SHIFT;
	/* acct_stack_growth */
	if (size > RLIMIT_STACK_DEFAULT)
		return -ENOMEM;
	if ((vma->vm_flags & VM_LOCKED) && !vm_current(m)->privileged &&
	    mm->locked_vm + grow > MLOCK_LIMIT >> PAGE_SHIFT)
		return -ENOMEM;
	if (security_vm_enough_memory_mm(m, mm, (long)grow))
		return -ENOMEM;
	vma_unlink(mm, vma);
	vma->vm_start = address;
	vma->vm_pgoff -= grow;
	vma_link(mm, vma);
	if (vma->vm_flags & VM_LOCKED)
		mm->locked_vm += grow;
	vm_stat_account(mm, vma->vm_flags, (long)grow);
	return 0;
}

/* access_error - may this access be made to @vma? */
static bool access_error(unsigned int error_code, const struct vm_area_struct *vma)
{
	if (error_code & X86_PF_WRITE)
		return !(vma->vm_flags & VM_WRITE);
	if (error_code & X86_PF_PROT)
		return true;
	return !(vma->vm_flags & VM_ACCESS_FLAGS);
}

/**
 * show_signal_msg - "comm[pid]: segfault at ADDR ip IP sp SP error N in
 * FILE[START+SIZE] likely on CPU N (core N, socket N)".
 */
void show_signal_msg(struct machine *m, struct task_struct *t, unsigned long address,
		     unsigned int error_code)
{
	struct mm_struct *mm = t->mm;
	int w = m->arch->bits == 64 ? 16 : 8;
	unsigned long ip = mm->start_code, sp = mm->start_stack;
	struct vm_area_struct *vma = vma_lookup(mm, ip);

	printk(m, "%s[%d]: segfault at %lx ip %0*lx sp %0*lx error %x", t->comm, t->pid,
	       address, w, ip, w, sp, error_code);
	if (vma && vma->vm_file) {	/* print_vma_addr: the file's name */
		const char *base = vma->vm_file->f_inode->name, *s;

		for (s = base; *s; s++)
			if (*s == '/')
				base = s + 1;
		pr_cont(m, " in %s[%lx+%lx]", base, vma->vm_start, vma->vm_end - vma->vm_start);
	}
	pr_cont(m, " likely on CPU %d (core %d, socket %d)", m->cpu, m->cpu,
		m->cpus[m->cpu].node);
}

/**
 * pagefault_out_of_memory - a fault found no page.  Until the OOM killer
 * exists, the faulting task is the victim: killed, with the OOM killer's
 * line (__oom_kill_process).
 */
void pagefault_out_of_memory(struct machine *m, struct task_struct *t)
{
	struct mm_struct *mm = t->mm;

	__count_vm_events(m, OOM_KILL, 1);
	printk(m, "Out of memory: Killed process %d (%s) total-vm:%lukB, anon-rss:%lukB, file-rss:%lukB, shmem-rss:%lukB, UID:%u pgtables:%lukB oom_score_adj:%d",
	       t->pid, t->comm, mm->total_vm << 2, (unsigned long)mm->rss_stat[MM_ANONPAGES] << 2,
	       (unsigned long)mm->rss_stat[MM_FILEPAGES] << 2,
	       (unsigned long)mm->rss_stat[MM_SHMEMPAGES] << 2, t->privileged ? 0U : 1000U,
	       mm->pgtables_bytes >> 10, t->oom_score_adj);
	t->pending_sig = SIGKILL;
}

/*
 * do_sigbus - a user access the fault handler could not back (a file
 * page wholly past EOF: filemap_fault's VM_FAULT_SIGBUS):
 * force_sig_fault(SIGBUS, BUS_ADRERR, address).  Unlike a SIGSEGV there
 * is no dmesg line (show_signal_msg is bad_area's; print-fatal-signals
 * is off by default); the task dies of SIGBUS on its way back to user
 * mode.  A kernel-mode access (copy_to_user ...) gets -EFAULT from the
 * exception table instead (kernelmode_fixup_or_oops).
 */
static void do_sigbus(struct machine *m, struct task_struct *t, unsigned long address)
{
	(void)m;
	(void)address;
	t->pending_sig = SIGBUS;
}

/**
 * do_page_fault - the kernel's m->fault_handler: 0 when the mapping is
 * fixed (the MMU retries), -EFAULT when the access must fail.
 */
int do_page_fault(struct machine *m, uint64_t va, unsigned int error_code)
{
	struct task_struct *t = vm_current(m);
	bool user = error_code & X86_PF_USER;
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	unsigned int flags = 0, ret;

	if (!t || !t->mm || t->pending_sig)
		return -EFAULT;
	mm = t->mm;
	if (error_code & X86_PF_RSVD)
		return -EFAULT;
	if (va >= mm->task_size) {
		if (user)
			goto bad_area;
		return -EFAULT;		/* a kernel address: not a user fault */
	}
	if (user)
		flags |= FAULT_FLAG_USER;
	if (error_code & X86_PF_WRITE)
		flags |= FAULT_FLAG_WRITE;
	if (error_code & X86_PF_INSTR)
		flags |= FAULT_FLAG_INSTRUCTION;
	vma = find_vma(mm, (unsigned long)va);
	if (!vma)
		goto bad_area;
	if (vma->vm_start > va) {
		if (!(vma->vm_flags & VM_GROWSDOWN) || expand_downwards(m, vma, (unsigned long)va))
			goto bad_area;
	}
	if (access_error(error_code, vma))
		goto bad_area;
	ret = handle_mm_fault(m, vma, (unsigned long)va, flags);
	mm_account_fault(m, ret);
	if (ret & VM_FAULT_OOM) {
		if (user)
			pagefault_out_of_memory(m, t);
		return -EFAULT;
	}
	if (ret & VM_FAULT_SIGBUS) {
		if (user)
			do_sigbus(m, t, (unsigned long)va);
		return -EFAULT;
	}
	if (ret & VM_FAULT_ERROR) {
		if (user)	/* mm_fault_error: VM_FAULT_SIGSEGV, bad_area_nosemaphore */
			t->pending_sig = SIGSEGV;
		return -EFAULT;
	}
	return 0;
bad_area:
	if (user) {
		show_signal_msg(m, t, (unsigned long)va, error_code);
		t->pending_sig = SIGSEGV;
	}
	return -EFAULT;
}

/**
 * task_deliver_signal - on the way back to user mode: a pending fatal
 * signal kills @t (its memory freed), exit code the signal.
 */
void task_deliver_signal(struct machine *m, struct task_struct *t)
{
	if (t->pending_sig && !t->exit_state)
		do_exit(m, t, t->pending_sig);
}
