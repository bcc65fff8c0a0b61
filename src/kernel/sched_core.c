// SPDX-License-Identifier: MIT
/*
 * sched_core.c - a deterministic scheduler (kernel/sched/core.c's
 * context_switch, reduced): a task runs when a command acts on it, on
 * its own CPU; switching to it there is context_switch, which switches
 * the address space with switch_mm (CR3 and PCID, with the TLB effects
 * of src/arch/tlbflush.c) and counts a voluntary switch for the task
 * that was running.  Migration moves a task to another CPU.
 */
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "mm.h"
#include "mmu.h"

/* context_switch - run @next on the current CPU. */
static void context_switch(struct machine *m, struct task_struct *next)
{
	struct vm_state *vm = m->vm;
	struct cpu_state *c = this_cpu(m);
	struct task_struct *prev = vm->curr[m->cpu];

	if (prev == next)
		return;
	if (prev)
		prev->nvcsw++;
	vm->curr[m->cpu] = next;
	memcpy(c->comm, next->comm, sizeof(c->comm));
	c->pid = next->pid;
	if (next->mm)
		switch_mm(m, next->mm);
}

/**
 * sched_enter - make @t current on its CPU, and calls run there; returns
 * the CPU they ran on before (for sched_leave).
 */
int sched_enter(struct machine *m, struct task_struct *t)
{
	int old = m->cpu;

	m->cpu = t->cpu;
	context_switch(m, t);
	return old;
}

/**
 * sched_leave - calls run on @old_cpu again (the task stays current on its CPU).
 */
void sched_leave(struct machine *m, int old_cpu)
{
	m->cpu = old_cpu;
}

/**
 * sched_set_idle - the current CPU stops running its task and runs its
 * idle task (swapper/N, pid 0), as the scheduler shows it.
 */
void sched_set_idle(struct machine *m)
{
	struct cpu_state *c = this_cpu(m);

	m->vm->curr[m->cpu] = NULL;
	snprintf(c->comm, sizeof(c->comm), "swapper/%d", m->cpu);
	c->pid = 0;
}

/**
 * sched_migrate - move @t to @cpu (it stops being current where it was).
 */
void sched_migrate(struct machine *m, struct task_struct *t, int cpu)
{
	struct vm_state *vm = m->vm;

	if (t->cpu == cpu)
		return;
	if (vm->curr[t->cpu] == t) {
		int old = m->cpu;

		m->cpu = t->cpu;
		sched_set_idle(m);
		m->cpu = old;
	}
	t->nivcsw++;
	t->cpu = cpu;
}
