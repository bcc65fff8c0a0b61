// SPDX-License-Identifier: MIT
/*
 * util.c - overcommit accounting and the VM tunables of processes
 * (mm/util.c __vm_enough_memory / vm_commit_limit, mm/mmap.c
 * init_user_reserve / init_admin_reserve, mm/util.c randomize_page,
 * Linux 6.6), and the machine's process state, created on first use.
 *
 * vm_committed_as is exact here (Linux's percpu_counter is approximate).
 * No swap yet: total_swap_pages is 0.  Tasks are unprivileged unless
 * spawned privileged (cap_sys_admin for the admin reserve).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "mm.h"
#include "mmu.h"

#define K(pages) ((unsigned long)(pages) << (PAGE_SHIFT - 10))

/**
 * vm_state_get - the process state of @m, created on first use with
 * Linux's defaults.  Allocates no simulated memory: the zero page is the
 * first page of the kernel image's .bss (empty_zero_page), the reserves
 * are computed from the free memory at that time.
 */
struct vm_state *vm_state_get(struct machine *m)
{
	struct vm_state *vm = m->vm;
	unsigned long free_kb, bss_start;

	if (vm)
		return vm;
	vm = calloc(1, sizeof(*vm));
	if (!vm)
		abort();
	INIT_LIST_HEAD(&vm->tasks);
	vm->pid_max = m->nr_cpu_ids * 1024 > 32768 ? m->nr_cpu_ids * 1024 : 32768;
	vm->pid_used = calloc((size_t)vm->pid_max, 1);
	if (!vm->pid_used)
		abort();
	bss_start = (unsigned long)(m->image.start + ((uint64_t)(m->image.text_kb + m->image.rodata_kb +
				   m->image.rwdata_kb + m->image.init_kb) << 10));
	vm->zero_pfn = PFN_UP(bss_start);
	if (m->ram && PFN_PHYS(vm->zero_pfn + 1) <= m->ram_len)
		memset(m->ram + PFN_PHYS(vm->zero_pfn), 0, PAGE_SIZE);
	prandom_seed_state(&vm->rnd, m->cfg.seed ^ 0x6d6d61705f726e64ULL);	/* "mmap_rnd" */
	vm->overcommit_memory = OVERCOMMIT_GUESS;
	vm->overcommit_ratio = 50;
	vm->max_map_count = DEFAULT_MAX_MAP_COUNT;
	vm->stack_guard_gap = (unsigned long)STACK_GUARD_GAP_PAGES << PAGE_SHIFT;
	vm->mmap_min_addr = 65536;		/* CONFIG_DEFAULT_MMAP_MIN_ADDR */
	vm->randomize_va_space = m->cfg.norandmaps ? 0 : 2;
	free_kb = K(global_zone_page_state(m, NR_FREE_PAGES));
	vm->user_reserve_kbytes = free_kb / 32 < (1UL << 17) ? free_kb / 32 : 1UL << 17;
	vm->admin_reserve_kbytes = free_kb / 32 < (1UL << 13) ? free_kb / 32 : 1UL << 13;
	vm->next_ino = 1;
	vm->fault_around_bytes = 65536;
	m->vm = vm;
	m->fault_handler = do_page_fault;
	return vm;
}

/**
 * vm_commit_limit - CommitLimit: overcommit_kbytes, or overcommit_ratio
 * percent of RAM, plus swap.
 */
unsigned long vm_commit_limit(struct machine *m)
{
	struct vm_state *vm = m->vm;
	unsigned long ratio = vm ? (unsigned long)vm->overcommit_ratio : 50;

	if (vm && vm->overcommit_kbytes)
		return vm->overcommit_kbytes >> (PAGE_SHIFT - 10);
	return m->totalram_pages * ratio / 100;
}

/**
 * vm_memory_committed - Committed_AS, in pages.
 */
unsigned long vm_memory_committed(struct machine *m)
{
	return m->vm && m->vm->committed_as > 0 ? (unsigned long)m->vm->committed_as : 0;
}

void vm_unacct_memory(struct machine *m, long pages)
{
	m->vm->committed_as -= pages;
}

/**
 * __vm_enough_memory - may @pages more be committed?  Heuristic (0): no
 * more than RAM + swap at once; always (1); never (2): within
 * CommitLimit less the admin reserve (not for CAP_SYS_ADMIN) and the user
 * reserve (min(total_vm / 32, user_reserve_kbytes)).  Charges them, or
 * returns -ENOMEM with Linux's warning.
 */
int __vm_enough_memory(struct machine *m, struct mm_struct *mm, long pages, bool cap_sys_admin)
{
	struct vm_state *vm = m->vm;
	struct task_struct *t = vm_current(m);
	long allowed;

	vm->committed_as += pages;
	if (vm->overcommit_memory == OVERCOMMIT_ALWAYS)
		return 0;
	if (vm->overcommit_memory == OVERCOMMIT_GUESS) {
		if (pages > (long)m->totalram_pages)
			goto error;
		return 0;
	}
	allowed = (long)vm_commit_limit(m);
	if (!cap_sys_admin)
		allowed -= (long)(vm->admin_reserve_kbytes >> (PAGE_SHIFT - 10));
	if (mm) {
		long reserve = (long)(vm->user_reserve_kbytes >> (PAGE_SHIFT - 10));
		long v = (long)(mm->total_vm / 32);

		allowed -= v < reserve ? v : reserve;
	}
	if (vm->committed_as < allowed)
		return 0;
error:
	printk(m, "__vm_enough_memory: pid: %d, comm: %s, not enough memory for the allocation",
	       t ? t->pid : 0, t ? t->comm : "swapper");
	vm->committed_as -= pages;
	return -ENOMEM;
}

/**
 * security_vm_enough_memory_mm - __vm_enough_memory with the current
 * task's CAP_SYS_ADMIN (cap_vm_enough_memory).
 */
int security_vm_enough_memory_mm(struct machine *m, struct mm_struct *mm, long pages)
{
	struct task_struct *t = vm_current(m);

	return __vm_enough_memory(m, mm, pages, t && t->privileged);
}

/**
 * randomize_page - a random page-aligned address in [@start, @start + @range).
 */
unsigned long randomize_page(struct machine *m, unsigned long start, unsigned long range)
{
	if (start & ~PAGE_MASK) {
		range -= PAGE_ALIGN(start) - start;
		start = PAGE_ALIGN(start);
	}
	if (start > ~0UL - range)
		range = ~0UL - start;
	range >>= PAGE_SHIFT;
	if (range == 0)
		return start;
	return start + ((unsigned long)(prandom_u64_state(&m->vm->rnd) % range) << PAGE_SHIFT);
}

/**
 * vm_release - free the host memory of every task and address space
 * (machine teardown; simulated memory goes with the machine).
 */
void vm_release(struct machine *m)
{
	struct vm_state *vm = m->vm;
	struct task_struct *t, *n;

	if (!vm)
		return;
	list_for_each_entry_safe(t, n, &vm->tasks, struct task_struct, tasks) {
		if (!t->exit_state)
			do_exit(m, t, 0);
		release_task(m, t);
	}
	free(vm->pid_used);
	free(vm);
	m->vm = NULL;
}
