// SPDX-License-Identifier: MIT
/*
 * pid.c - process ids (kernel/pid.c alloc_pid / free_pid, Linux 6.6).
 *
 * Linux allocates cyclically from an IDR: the next id after the last one
 * given, from 1 at boot, wrapping to RESERVED_PIDS (300) past pid_max
 * (32768, or 1024 per possible CPU when that is more).  mmsim creates no
 * task at boot, so the first task spawned is pid 1.
 */
#include <errno.h>
#include "internal.h"
#include "mm.h"

#define RESERVED_PIDS 300

/**
 * alloc_pid - the next free pid after the last one given; -EAGAIN when
 * every pid is in use.
 */
int alloc_pid(struct machine *m)
{
	struct vm_state *vm = vm_state_get(m);
	int pid = vm->last_pid + 1;

	for (int tries = 0; tries < vm->pid_max; tries++, pid++) {
		if (pid >= vm->pid_max)
			pid = vm->last_pid ? RESERVED_PIDS : 1;
		if (!vm->pid_used[pid]) {
			vm->pid_used[pid] = 1;
			vm->last_pid = pid;
			return pid;
		}
	}
	return -EAGAIN;
}

/**
 * free_pid - give @pid back.
 */
void free_pid(struct machine *m, int pid)
{
	if (m->vm && pid > 0 && pid < m->vm->pid_max)
		m->vm->pid_used[pid] = 0;
}
