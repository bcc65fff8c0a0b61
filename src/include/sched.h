/* SPDX-License-Identifier: MIT */
/*
 * sched.h - the kernel's own object caches for tasks and address spaces
 * (kernel/fork.c, mm/rmap.c, Linux 6.6), created at boot.  Processes
 * themselves come with the virtual-memory issue; their objects will be
 * allocated from these caches, so /proc/slabinfo shows them as Linux's.
 */
#ifndef MMSIM_SCHED_H
#define MMSIM_SCHED_H

struct machine;
struct kmem_cache;

struct kernel_caches {
	struct kmem_cache *task_struct;		/* fork_init */
	struct kmem_cache *sighand_cache;	/* proc_caches_init ... */
	struct kmem_cache *signal_cache;
	struct kmem_cache *files_cache;
	struct kmem_cache *fs_cache;
	struct kmem_cache *mm_struct;
	struct kmem_cache *vm_area_struct;
	struct kmem_cache *vma_lock;
	struct kmem_cache *anon_vma;		/* anon_vma_init */
	struct kmem_cache *anon_vma_chain;
};

/* anon_vma_init - the anon_vma and anon_vma_chain caches (mm/rmap.c). */
int anon_vma_init(struct machine *m);
struct task_struct;

/*
 * alloc_thread_stack_node / free_thread_stack - a task's kernel stack:
 * x86_64 vmallocs THREAD_SIZE 16K (CONFIG_VMAP_STACK), i386 takes an
 * order-1 block (8K); both counted in NR_KERNEL_STACK_KB (KernelStack).
 */
int alloc_thread_stack_node(struct machine *m, struct task_struct *t);
void free_thread_stack(struct machine *m, struct task_struct *t);
/* fork_init - the task_struct cache (kernel/fork.c). */
int fork_init(struct machine *m);
/* proc_caches_init - signal, files, fs, mm_struct, vm_area_struct caches. */
int proc_caches_init(struct machine *m);


/*
 * struct task_struct - a task (include/linux/sched.h, 6.6), the fields
 * the memory model needs.  The host struct is linked on the machine's
 * task list; kobj is its twin object in the task_struct cache.  A task
 * that exits or is killed stays a zombie (its mm released, its
 * task_struct kept, as until the parent's wait) until it is reaped.
 */
#include <stdbool.h>
#include <stdint.h>
#include "list.h"

struct mm_struct;
struct files_struct;

#define TASK_RUNNING		0x00000000
#define TASK_INTERRUPTIBLE	0x00000001
#define EXIT_DEAD		0x00000010
#define EXIT_ZOMBIE		0x00000020

#define TASK_COMM_LEN		16

struct task_struct {
	int pid, tgid;
	char comm[TASK_COMM_LEN];
	long __state;
	int exit_state, exit_code;
	int cpu;			/* the CPU it runs on */
	short oom_score_adj;
	unsigned long min_flt, maj_flt;
	unsigned long nvcsw, nivcsw;
	struct mm_struct *mm;
	struct files_struct *files;	/* open files (fdtable.h) */
	struct task_struct *real_parent, *group_leader;
	int nr_threads;			/* the leader's signal->nr_threads */
	bool privileged;		/* CAP_SYS_ADMIN, CAP_IPC_LOCK, CAP_SYS_RAWIO */
	int pending_sig;		/* a fatal signal to deliver on return to user */
	uint64_t start_time;		/* ns */
	struct list_head tasks;		/* the machine's task list */
	uint64_t kobj;
	uint64_t stack;			/* its kernel stack (THREAD_SIZE), 0 once freed */
};

#endif /* MMSIM_SCHED_H */
