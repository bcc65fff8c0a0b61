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
/* fork_init - the task_struct cache (kernel/fork.c). */
int fork_init(struct machine *m);
/* proc_caches_init - signal, files, fs, mm_struct, vm_area_struct caches. */
int proc_caches_init(struct machine *m);

#endif /* MMSIM_SCHED_H */
