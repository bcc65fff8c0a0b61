// SPDX-License-Identifier: MIT
/*
 * api_task.c - the public mms_* entry points for processes: spawn, fork,
 * exit, the memory system calls (each made by the task, on its CPU,
 * with Linux's return values), user-mode accesses through the MMU, and
 * the task's numbers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "fdtable.h"
#include "internal.h"
#include "mm.h"
#include "mmu.h"

/* mms_exec to exec_layout (the libraries into @libs); -EINVAL for a bad library. */
static int exec_layout_from(const struct mms_exec *e, struct exec_layout *l, struct elf_lib *libs)
{
	memset(l, 0, sizeof(*l));
	if (e) {
		l->pie = e->pie;
		l->text = e->text;
		l->data = e->data;
		l->bss = e->bss;
		l->is_static = e->is_static;
		l->interp = e->interp;
		if (e->nr_libs < 0 || e->nr_libs > EXEC_MAX_LIBS || (e->nr_libs && !e->libs))
			return -EINVAL;
		for (int i = 0; i < e->nr_libs; i++) {
			const struct mms_lib *x = &e->libs[i];

			if (!x->name || strlen(x->name) >= sizeof(libs[i].name))
				return -EINVAL;
			memset(&libs[i], 0, sizeof(libs[i]));
			strcpy(libs[i].name, x->name);
			libs[i].hdr = x->hdr;
			libs[i].text = x->text;
			libs[i].rodata = x->rodata;
			libs[i].relro = x->relro;
			libs[i].data = x->data;
			libs[i].bss = x->bss;
			libs[i].rw_offset = x->rw_offset;
			libs[i].rw_vaddr = x->rw_vaddr;
		}
		l->nr_libs = e->nr_libs;
		l->libs = libs;
	} else {
		l->pie = 1;
		l->text = 64 << 10;
		l->data = 16 << 10;
		l->bss = 16 << 10;
	}
	return 0;
}

/** mms_spawn - see mmsim.h. */
int mms_spawn(mms_machine *m, const char *name, const struct mms_exec *e, int *pid)
{
	struct elf_lib libs[EXEC_MAX_LIBS];
	struct exec_layout l;
	struct task_struct *t;
	int err;

	if (!m->booted || !name || !*name)
		return -EINVAL;
	err = exec_layout_from(e, &l, libs);
	if (err)
		return err;
	t = spawn_task(m, name, &l, &err);
	if (!t)
		return err;
	if (e && e->privileged)
		t->privileged = true;
	if (!t->files)
		t->files = files_alloc(m);	/* the parent's (init's) empty table, as dup_fd */
	*pid = t->pid;
	return 0;
}

/** mms_execve - see mmsim.h. */
int mms_execve(mms_machine *m, int pid, const char *name, const struct mms_exec *e)
{
	struct elf_lib libs[EXEC_MAX_LIBS];
	struct exec_layout l;
	struct task_struct *t = m->booted ? find_live_task(m, pid) : NULL;
	int err;

	if (!t)
		return -ESRCH;
	if (!name || !*name)
		return -ENOENT;		/* execve("") */
	err = exec_layout_from(e, &l, libs);
	if (err)
		return err;
	return do_execve(m, t, name, &l);
}

/** mms_fork - see mmsim.h. */
int mms_fork(mms_machine *m, int pid, const char *name, int thread, int *child)
{
	struct task_struct *p = find_live_task(m, pid), *t;
	int err;

	if (!p)
		return -ESRCH;
	/* pthread_create's clone: CLONE_VM | CLONE_FILES | CLONE_THREAD ... */
	t = copy_process(m, p, thread ? CLONE_VM | CLONE_FILES | CLONE_THREAD : 0, name, &err);
	if (!t)
		return err;
	*child = t->pid;
	return 0;
}

/** mms_exit - see mmsim.h. */
int mms_exit(mms_machine *m, int pid, int code)
{
	struct task_struct *t = find_live_task(m, pid);

	if (!t)
		return -ESRCH;
	do_exit(m, t, (code & 0xff) << 8);
	return 0;
}

/**
 * mms_kill - see mmsim.h: a fatal signal ends the task at once (the exit
 * status is the signal, as for a task killed by SIGKILL or SIGSEGV).
 */
int mms_kill(mms_machine *m, int pid, int sig)
{
	struct task_struct *t = find_live_task(m, pid);

	if (sig < 1 || sig > 64)
		return -EINVAL;
	if (!t)
		return -ESRCH;
	do_exit(m, t, sig);
	return 0;
}

/** mms_reap - see mmsim.h. */
int mms_reap(mms_machine *m, int pid)
{
	struct task_struct *t = find_task_by_pid(m, pid);

	if (!t)
		return -ESRCH;
	if (!t->exit_state)
		return -EBUSY;
	release_task(m, t);
	return 0;
}

/** mms_task_pid - see mmsim.h. */
int mms_task_pid(mms_machine *m, const char *name)
{
	struct task_struct *t = find_task_by_name(m, name);

	return t ? t->pid : -ESRCH;
}

/** mms_task_set_cpu - see mmsim.h. */
int mms_task_set_cpu(mms_machine *m, int pid, int cpu)
{
	struct task_struct *t = find_live_task(m, pid);

	if (!t)
		return -ESRCH;
	if (cpu < 0 || cpu >= m->nr_cpu_ids)
		return -EINVAL;
	sched_migrate(m, t, cpu);
	return 0;
}

int64_t mms_mmap(mms_machine *m, int pid, uint64_t addr, uint64_t len, int prot, int flags,
		 int fd, uint64_t off)
{
	return AS_TASK(m, pid, ksys_mmap(m, addr, len, (unsigned long)prot,
					 (unsigned long)(unsigned int)flags, fd, off));
}

int64_t mms_mmap_file(mms_machine *m, int pid, const char *name, uint64_t addr, uint64_t len,
		      int prot, int flags, uint64_t off)
{
	if (!name)
		return -EINVAL;
	return AS_TASK(m, pid, mmap_file_by_name(m, name, addr, len, (unsigned long)prot,
						 (unsigned long)(unsigned int)flags, off));
}

int64_t mms_munmap(mms_machine *m, int pid, uint64_t addr, uint64_t len)
{
	return AS_TASK(m, pid, sys_munmap(m, addr, len));
}

int64_t mms_mprotect(mms_machine *m, int pid, uint64_t addr, uint64_t len, int prot)
{
	return AS_TASK(m, pid, sys_mprotect(m, addr, len, (unsigned long)(unsigned int)prot));
}

int64_t mms_mremap(mms_machine *m, int pid, uint64_t addr, uint64_t old_len, uint64_t new_len,
		   int flags, uint64_t new_addr)
{
	return AS_TASK(m, pid, sys_mremap(m, addr, old_len, new_len,
					  (unsigned long)(unsigned int)flags, new_addr));
}

int64_t mms_madvise(mms_machine *m, int pid, uint64_t addr, uint64_t len, int advice)
{
	return AS_TASK(m, pid, sys_madvise(m, addr, len, advice));
}

int64_t mms_mlock2(mms_machine *m, int pid, uint64_t addr, uint64_t len, int flags)
{
	return AS_TASK(m, pid, sys_mlock2(m, addr, len, (unsigned long)(unsigned int)flags));
}

int64_t mms_munlock(mms_machine *m, int pid, uint64_t addr, uint64_t len)
{
	return AS_TASK(m, pid, sys_munlock(m, addr, len));
}

int64_t mms_mlockall(mms_machine *m, int pid, int flags)
{
	return AS_TASK(m, pid, flags ? sys_mlockall(m, flags) : sys_munlockall(m));
}

int64_t mms_msync(mms_machine *m, int pid, uint64_t addr, uint64_t len, int flags)
{
	return AS_TASK(m, pid, sys_msync(m, addr, len, flags));
}

int64_t mms_mincore(mms_machine *m, int pid, uint64_t addr, uint64_t len, unsigned char *vec)
{
	return AS_TASK(m, pid, sys_mincore(m, addr, len, vec));
}

int64_t mms_brk(mms_machine *m, int pid, uint64_t brk)
{
	return AS_TASK(m, pid, sys_brk(m, brk));
}

/*
 * user_access - the task's own loads and stores, through the MMU in user
 * mode on its CPU: 8 bytes a time (each access a TLB lookup, a fault
 * when needed).  A fault that cannot be fixed ends the task.
 */
static int user_access(struct machine *m, struct task_struct *t, uint64_t addr, uint64_t len,
		       int kind, void *buf, uint8_t byte, uint64_t stride)
{
	uint64_t end = addr + len, a = addr;
	int ret = 0;

	while (a < end) {
		uint64_t n = stride ? 1 : PAGE_SIZE - (a & (PAGE_SIZE - 1));
		uint8_t tmp[PAGE_SIZE];

		if (n > end - a)
			n = end - a;
		if (kind == 1) {
			if (buf)
				memcpy(tmp, (uint8_t *)buf + (a - addr), n);
			else
				memset(tmp, byte, n);
			ret = mmu_write(m, a, tmp, n, MODE_USER);
		} else if (kind == 2) {
			ret = mmu_fetch(m, a, MODE_USER);
		} else {
			ret = mmu_read(m, a, buf ? (uint8_t *)buf + (a - addr) : tmp, n, MODE_USER);
		}
		if (ret)
			break;
		a = stride ? (a & PAGE_MASK) + stride : a + n;
	}
	if (t->pending_sig) {
		task_deliver_signal(m, t);
		return -EFAULT;
	}
	return ret ? -EFAULT : 0;
}

/** mms_task_access - see mmsim.h. */
int mms_task_access(mms_machine *m, int pid, uint64_t addr, uint64_t len, int kind, void *buf,
		    int byte, int per_page)
{
	struct task_struct *t = find_live_task(m, pid);
	int old, r;

	if (!t)
		return -ESRCH;
	if (kind < 0 || kind > 2)
		return -EINVAL;
	old = sched_enter(m, t);
	r = user_access(m, t, addr, len, kind, buf, (uint8_t)byte, per_page ? PAGE_SIZE : 0);
	sched_leave(m, old);
	return r;
}

/** mms_task_value - see mmsim.h. */
int mms_task_value(mms_machine *m, int pid, const char *field, uint64_t *out)
{
	struct task_struct *t = find_task_by_pid(m, pid);
	struct mm_struct *mm;
	static const char *const mmf[] = { "rss", "rss_anon", "rss_file", "rss_shmem",
		"total_vm", "data_vm", "stack_vm", "exec_vm", "locked_vm", "map_count",
		"hiwater_rss", "hiwater_vm", "brk", "start_brk", "mmap_base", "start_stack",
		"start_code", "pgtables_bytes", "vsize", NULL };

	if (!t)
		return -ESRCH;
	if (!strcmp(field, "pid")) *out = (uint64_t)t->pid;
	else if (!strcmp(field, "minflt")) *out = t->min_flt;
	else if (!strcmp(field, "majflt")) *out = t->maj_flt;
	else if (!strcmp(field, "nvcsw")) *out = t->nvcsw;
	else if (!strcmp(field, "nivcsw")) *out = t->nivcsw;
	else if (!strcmp(field, "cpu")) *out = (uint64_t)t->cpu;
	else if (!strcmp(field, "alive")) *out = !t->exit_state;
	else if (!strcmp(field, "exit_code")) *out = (uint64_t)t->exit_code;
	else if (!strcmp(field, "threads")) *out = (uint64_t)t->group_leader->nr_threads;
	else {
		int i;

		for (i = 0; mmf[i] && strcmp(mmf[i], field); i++)
			;
		if (!mmf[i])
			return -EINVAL;
		mm = t->mm;
		if (!mm) {
			*out = 0;
			return 0;
		}
		switch (i) {
		case 0: *out = get_mm_rss(mm); break;
		case 1: *out = (uint64_t)mm->rss_stat[MM_ANONPAGES]; break;
		case 2: *out = (uint64_t)mm->rss_stat[MM_FILEPAGES]; break;
		case 3: *out = (uint64_t)mm->rss_stat[MM_SHMEMPAGES]; break;
		case 4: *out = mm->total_vm; break;
		case 5: *out = mm->data_vm; break;
		case 6: *out = mm->stack_vm; break;
		case 7: *out = mm->exec_vm; break;
		case 8: *out = mm->locked_vm; break;
		case 9: *out = (uint64_t)mm->map_count; break;
		case 10: *out = mm->hiwater_rss > get_mm_rss(mm) ? mm->hiwater_rss : get_mm_rss(mm); break;
		case 11: *out = mm->hiwater_vm > mm->total_vm ? mm->hiwater_vm : mm->total_vm; break;
		case 12: *out = mm->brk; break;
		case 13: *out = mm->start_brk; break;
		case 14: *out = mm->mmap_base; break;
		case 15: *out = mm->start_stack; break;
		case 16: *out = mm->start_code; break;
		case 17: *out = mm->pgtables_bytes; break;
		default: *out = mm->total_vm << PAGE_SHIFT; break;
		}
	}
	return 0;
}

/** mms_pagemap - see mmsim.h. */
int mms_pagemap(mms_machine *m, int pid, uint64_t vaddr, uint64_t count, uint64_t *out)
{
	struct task_struct *t = find_live_task(m, pid);

	if (!t)
		return -ESRCH;
	return pagemap_read(m, t, vaddr, count, out);
}
