// SPDX-License-Identifier: MIT
/*
 * fork.c - the caches of the objects that make a task and its address
 * space (kernel/fork.c fork_init and proc_caches_init, Linux 6.6).
 *
 * The caches are created with Linux's names, flags and constructors; the
 * object sizes are those of a 6.6 x86_64 kernel in mmsim's reference
 * configuration (they depend on the kernel config; mm_struct also grows
 * with the CPU count: its trailing cpumasks are nr_cpu_ids bits).
 * Creating them allocates no page: slabs come with the first object.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"
#include "sched.h"
#include "slab.h"
#include "vmalloc.h"

/* Object sizes of the reference configuration (bytes). */
#define TASK_STRUCT_SIZE	9792	/* sizeof(task_struct) + FPU xstate */
#define FPU_STATE_SIZE		2752	/* the xstate buffer at its end */
#define SIGHAND_STRUCT_SIZE	2088
#define SIGNAL_STRUCT_SIZE	1136
#define FILES_STRUCT_SIZE	704
#define FS_STRUCT_SIZE		56
#define MM_STRUCT_SIZE		1152	/* before the cpumasks */
#define MM_SAVED_AUXV_OFFSET	352	/* mm->saved_auxv: AT_VECTOR_SIZE longs */
#define MM_SAVED_AUXV_SIZE	368
#define VM_AREA_STRUCT_SIZE	176
#define VMA_LOCK_SIZE		40
#define L1_CACHE_BYTES		64

/* sighand_ctor: the lock and wait queue of a new sighand_struct. */
static void sighand_ctor(struct machine *m, uint64_t object)
{
	memset(slab_obj_host(m, object), 0, 64);
}

/* cpumask_size: nr_cpu_ids bits in longs (CONFIG_CPUMASK_OFFSTACK). */
static unsigned int cpumask_size(struct machine *m)
{
	return (unsigned int)((m->nr_cpu_ids + 63) / 64) * 8;
}

/**
 * fork_init - the task_struct cache: cache-line aligned, accounted, with
 * a usercopy region (the thread's FPU state), so never merged.
 */
int fork_init(struct machine *m)
{
	m->kcaches.task_struct = kmem_cache_create_usercopy(m, "task_struct", TASK_STRUCT_SIZE,
			L1_CACHE_BYTES, SLAB_PANIC | SLAB_ACCOUNT,
			TASK_STRUCT_SIZE - FPU_STATE_SIZE, FPU_STATE_SIZE, NULL);
	return m->kcaches.task_struct ? 0 : -ENOMEM;
}

/**
 * proc_caches_init - the caches of the other per-process objects, in
 * Linux's order.  mm_struct's size is sizeof(mm_struct) + cpumask_size()
 * + mm_cid_size() (another cpumask), with saved_auxv as its usercopy
 * region.
 */
int proc_caches_init(struct machine *m)
{
	struct kernel_caches *kc = &m->kcaches;
	const slab_flags_t f = SLAB_HWCACHE_ALIGN | SLAB_PANIC | SLAB_ACCOUNT;

	kc->sighand_cache = kmem_cache_create(m, "sighand_cache", SIGHAND_STRUCT_SIZE, 0,
					      f | SLAB_TYPESAFE_BY_RCU, sighand_ctor);
	kc->signal_cache = kmem_cache_create(m, "signal_cache", SIGNAL_STRUCT_SIZE, 0, f, NULL);
	kc->files_cache = kmem_cache_create(m, "files_cache", FILES_STRUCT_SIZE, 0, f, NULL);
	kc->fs_cache = kmem_cache_create(m, "fs_cache", FS_STRUCT_SIZE, 0, f, NULL);
	kc->mm_struct = kmem_cache_create_usercopy(m, "mm_struct",
			MM_STRUCT_SIZE + 2 * cpumask_size(m), 0, f,
			MM_SAVED_AUXV_OFFSET, MM_SAVED_AUXV_SIZE, NULL);
	kc->vm_area_struct = KMEM_CACHE(m, "vm_area_struct", VM_AREA_STRUCT_SIZE, 8,
					SLAB_PANIC | SLAB_ACCOUNT);
	kc->vma_lock = KMEM_CACHE(m, "vma_lock", VMA_LOCK_SIZE, 8, SLAB_PANIC | SLAB_ACCOUNT);
	if (!kc->sighand_cache || !kc->signal_cache || !kc->files_cache || !kc->fs_cache ||
	    !kc->mm_struct || !kc->vm_area_struct || !kc->vma_lock)
		return -ENOMEM;
	return 0;
}

/* ------------------------------------------------------------------------
 * Tasks and address spaces (processes issue): task_struct and mm_struct
 * with their twin objects from the caches above, fork's dup_mm / dup_mmap
 * (kernel/fork.c, 6.6) and copy_process reduced to what memory needs.
 */
#include <stdio.h>
#include <stdlib.h>
#include "fdtable.h"
#include "mm.h"
#include "pagemap.h"
#include "mmu.h"

/**
 * task_alloc - a task_struct (host struct and task_struct object), not
 * yet on the task list, with a new pid; NULL if no pid is left.
 */
struct task_struct *task_alloc(struct machine *m, const char *comm)
{
	struct vm_state *vm = vm_state_get(m);
	struct task_struct *t;
	int pid = alloc_pid(m);

	if (pid < 0)
		return NULL;
	t = calloc(1, sizeof(*t));
	if (!t)
		abort();
	t->pid = t->tgid = pid;
	snprintf(t->comm, sizeof(t->comm), "%s", comm);
	t->group_leader = t;
	t->nr_threads = 1;
	t->start_time = m->clock_ns;
	t->kobj = kmem_cache_alloc(m, m->kcaches.task_struct, GFP_KERNEL | __GFP_NOWARN);
	alloc_thread_stack_node(m, t);
	list_add_tail(&t->tasks, &vm->tasks);
	vm->nr_tasks++;
	return t;
}

/**
 * task_free - the last of a task: its pid, its object, its host struct.
 */
void task_free(struct machine *m, struct task_struct *t)
{
	list_del(&t->tasks);
	m->vm->nr_tasks--;
	free_pid(m, t->pid);
	free_thread_stack(m, t);
	if (t->kobj)
		kmem_cache_free(m, m->kcaches.task_struct, t->kobj);
	free(t);
}

#define THREAD_SIZE_64	16384UL	/* arch/x86/include/asm/page_64_types.h */
#define THREAD_SIZE_32	8192UL	/* page_32_types.h: THREAD_SIZE_ORDER 1 */

/* account_kernel_stack: NR_KERNEL_STACK_KB of the stack's node. */
static void account_kernel_stack(struct machine *m, int nid, unsigned long bytes, int sign)
{
	__mod_node_page_state(NODE_DATA(m, nid), NR_KERNEL_STACK_KB, sign * (long)(bytes / 1024));
}

static bool vmap_stack(struct machine *m)
{
	return m->arch->bits == 64;	/* CONFIG_VMAP_STACK is x86_64's */
}

/**
 * alloc_thread_stack_node - @t's kernel stack: a 16K vmalloc area on
 * x86_64 (vmallocinfo shows alloc_thread_stack_node), two pages on i386.
 * Linux keeps two freed stacks per CPU for reuse; mmsim vfrees at once.
 * Returns 0, or -ENOMEM (the task runs without one: nothing reads it).
 */
int alloc_thread_stack_node(struct machine *m, struct task_struct *t)
{
	if (vmap_stack(m)) {
		t->stack = __vmalloc_node(m, THREAD_SIZE_64, GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN,
					  NUMA_NO_NODE, "alloc_thread_stack_node");
		if (!t->stack)
			return -ENOMEM;
		account_kernel_stack(m, page_to_nid(vmalloc_to_page(m, t->stack)), THREAD_SIZE_64, 1);
	} else {
		struct page *page = alloc_pages(m, GFP_KERNEL | __GFP_NOWARN, 1);

		if (!page)
			return -ENOMEM;
		t->stack = page_address(m, page);
		account_kernel_stack(m, page_to_nid(page), THREAD_SIZE_32, 1);
	}
	return 0;
}

/**
 * free_thread_stack - give @t's kernel stack back (at exit, as
 * put_task_stack does once the task last ran, or when the task goes).
 */
void free_thread_stack(struct machine *m, struct task_struct *t)
{
	if (!t->stack)
		return;
	if (vmap_stack(m)) {
		account_kernel_stack(m, page_to_nid(vmalloc_to_page(m, t->stack)), THREAD_SIZE_64, -1);
		vfree(m, t->stack);
	} else {
		struct page *page = virt_to_page(m, t->stack);

		account_kernel_stack(m, page_to_nid(page), THREAD_SIZE_32, -1);
		__free_pages(m, page, 1);
	}
	t->stack = 0;
}

/**
 * mm_alloc - a new, empty address space: its object, its PGD (the kernel
 * half copied), a TLB context.  NULL without memory.
 */
struct mm_struct *mm_alloc(struct machine *m)
{
	struct mm_struct *mm = calloc(1, sizeof(*mm));

	if (!mm)
		abort();
	mm->machine = m;
	mm->mm_rb = RB_ROOT;
	INIT_LIST_HEAD(&mm->mmap);
	INIT_LIST_HEAD(&mm->pgd_list);
	mm->mm_users = mm->mm_count = 1;
	mm->kobj = kmem_cache_alloc(m, m->kcaches.mm_struct, GFP_KERNEL | __GFP_NOWARN);
	if (!mm->kobj || !pgd_alloc(m, mm)) {
		if (mm->kobj)
			kmem_cache_free(m, m->kcaches.mm_struct, mm->kobj);
		free(mm);
		return NULL;
	}
	mm_init_context(m, mm);
	return mm;
}

/**
 * mmput - a user of @mm goes; the last one tears it down: every mapping,
 * the page tables, the PGD (CPUs still on it switch to init_mm first).
 */
void mmput(struct machine *m, struct mm_struct *mm)
{
	int self = m->cpu;

	if (--mm->mm_users > 0)
		return;
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		if (m->cpus[cpu].loaded_mm != mm)
			continue;
		m->cpu = cpu;
		switch_mm(m, &m->init_mm);
	}
	m->cpu = self;
	exit_mmap(m, mm);
	pgd_free(m, mm);
	if (mm->exe_file)
		fput(m, mm->exe_file);
	kmem_cache_free(m, m->kcaches.mm_struct, mm->kobj);
	free(mm);
}

/* vma_needs_copy - fork copies the page tables only of VMAs with anonymous pages. */
static bool vma_needs_copy(const struct vm_area_struct *vma)
{
	return (vma->vm_flags & (VM_PFNMAP | VM_MIXEDMAP)) || vma->anon_vma;
}

/*
 * dup_mmap - the child's VMAs, one per parent VMA but VM_DONTCOPY ones;
 * accounted ones charged again; mlock not inherited; the page tables
 * copied (copy_page_range) where vma_needs_copy.
 */
static int dup_mmap(struct machine *m, struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *mpnt;
	int err = 0;

	list_for_each_entry(mpnt, &oldmm->mmap, struct vm_area_struct, vm_list) {
		struct vm_area_struct *tmp;

		if (mpnt->vm_flags & VM_DONTCOPY) {
			vm_stat_account(mm, mpnt->vm_flags, -(long)vma_pages(mpnt));
			continue;
		}
		if ((mpnt->vm_flags & VM_ACCOUNT) &&
		    security_vm_enough_memory_mm(m, oldmm, (long)vma_pages(mpnt))) {
			err = -ENOMEM;
			break;
		}
		tmp = vm_area_dup(m, mpnt);
		tmp->vm_mm = mm;
		tmp->vm_flags &= ~VM_LOCKED_MASK;
		if (tmp->vm_flags & VM_WIPEONFORK)
			tmp->anon_vma = NULL;
		else
			anon_vma_fork(m, tmp, mpnt);
		vma_link(mm, tmp);
		if (!(tmp->vm_flags & VM_WIPEONFORK) && vma_needs_copy(mpnt)) {
			err = copy_page_range(m, tmp, mpnt);
			if (err)
				break;
		}
	}
	flush_tlb_mm(m, oldmm);
	return err;
}

/* dup_mm - the child's address space, a copy of @oldmm's. */
static struct mm_struct *dup_mm(struct machine *m, struct mm_struct *oldmm, int *err)
{
	struct mm_struct *mm = mm_alloc(m);

	if (!mm) {
		*err = -ENOMEM;
		return NULL;
	}
	mm->total_vm = oldmm->total_vm;
	mm->data_vm = oldmm->data_vm;
	mm->exec_vm = oldmm->exec_vm;
	mm->stack_vm = oldmm->stack_vm;
	mm->def_flags = oldmm->def_flags & ~VM_LOCKED_MASK;
	mm->mmap_base = oldmm->mmap_base;
	mm->mmap_legacy_base = oldmm->mmap_legacy_base;
	mm->task_size = oldmm->task_size;
	mm->start_code = oldmm->start_code;
	mm->end_code = oldmm->end_code;
	mm->start_data = oldmm->start_data;
	mm->end_data = oldmm->end_data;
	mm->start_brk = oldmm->start_brk;
	mm->brk = oldmm->brk;
	mm->start_stack = oldmm->start_stack;
	mm->arg_start = oldmm->arg_start;
	mm->arg_end = oldmm->arg_end;
	mm->env_start = oldmm->env_start;
	mm->env_end = oldmm->env_end;
	mm->exe_file = oldmm->exe_file ? get_file(oldmm->exe_file) : NULL;
	mm->vdso = oldmm->vdso;
	*err = dup_mmap(m, mm, oldmm);
	mm->hiwater_rss = get_mm_rss(mm);
	mm->hiwater_vm = mm->total_vm;
	if (*err) {
		mmput(m, mm);
		return NULL;
	}
	return mm;
}

/**
 * copy_process - fork (a new address space, copy-on-write) or, with
 * CLONE_VM, a task sharing @parent's; the descriptor table copied
 * (dup_fd) or, with CLONE_FILES, shared; CLONE_THREAD makes it a thread of
 * @parent's group.  The child is named @comm (NULL: the parent's) and
 * runs on the parent's CPU.  NULL with *@err on failure.
 */
struct task_struct *copy_process(struct machine *m, struct task_struct *parent,
				 unsigned long clone_flags, const char *comm, int *err)
{
	struct task_struct *t;

	if ((clone_flags & CLONE_THREAD) && !(clone_flags & CLONE_VM)) {
		*err = -EINVAL;
		return NULL;
	}
	t = task_alloc(m, comm ? comm : parent->comm);
	if (!t) {
		*err = -EAGAIN;
		return NULL;
	}
	t->cpu = parent->cpu;
	t->oom_score_adj = parent->oom_score_adj;
	t->privileged = parent->privileged;
	t->real_parent = parent;
	if (clone_flags & CLONE_VM) {
		t->mm = parent->mm;
		t->mm->mm_users++;
	} else {
		int old = sched_enter(m, parent);

		t->mm = dup_mm(m, parent->mm, err);
		sched_leave(m, old);
		if (!t->mm) {
			task_free(m, t);
			return NULL;
		}
	}
	*err = copy_files(m, clone_flags, parent, t);
	if (*err) {
		mmput(m, t->mm);
		task_free(m, t);
		return NULL;
	}
	if (clone_flags & CLONE_THREAD) {
		t->tgid = parent->tgid;
		t->group_leader = parent->group_leader;
		t->group_leader->nr_threads++;
	}
	*err = 0;
	return t;
}

/**
 * find_task_by_pid / find_task_by_name - a task by pid, or by comm (the
 * first live one, else the first zombie).
 */
struct task_struct *find_task_by_pid(struct machine *m, int pid)
{
	struct task_struct *t;

	if (!m->vm)
		return NULL;
	list_for_each_entry(t, &m->vm->tasks, struct task_struct, tasks)
		if (t->pid == pid)
			return t;
	return NULL;
}

struct task_struct *find_task_by_name(struct machine *m, const char *comm)
{
	struct task_struct *t, *zombie = NULL;

	if (!m->vm)
		return NULL;
	list_for_each_entry(t, &m->vm->tasks, struct task_struct, tasks) {
		if (strcmp(t->comm, comm))
			continue;
		if (!t->exit_state)
			return t;
		if (!zombie)
			zombie = t;
	}
	return zombie;
}
