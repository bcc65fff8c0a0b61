// SPDX-License-Identifier: MIT
/*
 * exit.c - a task ends (kernel/exit.c do_exit / exit_mm / release_task,
 * Linux 6.6): its address space is released (the last user tears it
 * down), its descriptor table too (exit_files: the last user closes
 * every file), it stops being current, and it stays a zombie - its
 * task_struct and pid kept, as until its parent waits - until reaped.
 */
#include <stdio.h>
#include "fdtable.h"
#include "internal.h"
#include "mm.h"
#include "mmu.h"

/**
 * do_exit - end @t with @code (an exit status, or the fatal signal).
 */
void do_exit(struct machine *m, struct task_struct *t, int code)
{
	struct vm_state *vm = m->vm;
	struct mm_struct *mm = t->mm;

	if (t->exit_state)
		return;
	if (vm->curr[t->cpu] == t) {
		int old = m->cpu;

		m->cpu = t->cpu;
		sched_set_idle(m);
		if (this_cpu(m)->loaded_mm == mm && mm && mm->mm_users > 1)
			switch_mm(m, &m->init_mm);
		m->cpu = old;
	}
	t->mm = NULL;
	if (mm) {
		/* exit_mm: the last user unmaps everything with current still set */
		struct task_struct *saved = vm->curr[m->cpu];

		vm->curr[m->cpu] = t;
		mmput(m, mm);
		vm->curr[m->cpu] = saved;
	}
	exit_files(m, t);	/* after exit_mm, as do_exit */
	free_thread_stack(m, t);	/* put_task_stack after the last switch away */
	if (t->group_leader != t)
		t->group_leader->nr_threads--;
	t->exit_code = code;
	t->exit_state = EXIT_ZOMBIE;
	t->__state = EXIT_ZOMBIE;
	t->pending_sig = 0;
}

/**
 * release_task - reap a zombie: its pid and task_struct go.
 */
void release_task(struct machine *m, struct task_struct *t)
{
	struct task_struct *o, *leader = NULL;

	if (!t->exit_state)
		return;
	t->exit_state = EXIT_DEAD;
	/* reparent the children; a group whose leader goes gets a new leader */
	list_for_each_entry(o, &m->vm->tasks, struct task_struct, tasks) {
		if (o->real_parent == t)
			o->real_parent = NULL;
		if (o != t && o->group_leader == t) {
			if (!leader) {
				leader = o;
				o->nr_threads = t->nr_threads;
				o->tgid = o->pid;
			}
			o->group_leader = leader;
			o->tgid = leader->pid;
		}
	}
	task_free(m, t);
}
