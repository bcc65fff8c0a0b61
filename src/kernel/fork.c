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
