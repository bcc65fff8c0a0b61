// SPDX-License-Identifier: MIT
/*
 * dump_stack.c - the "CPU: … PID: … Comm: …" header and call trace that
 * reports in the kernel log carry (lib/dump_stack.c).
 *
 * mmsim has no real stack to unwind: the caller names the frames it wants
 * shown through m->dump_stack_trace (reset after each dump); the default
 * is just the dumper itself.  Offsets are not shown.
 */
#include <stdio.h>
#include <string.h>
#include "internal.h"

/**
 * print_tainted - "Not tainted", or "Tainted: " and one column per flag.
 */
void print_tainted(struct machine *m, char *buf, size_t len)
{
	static const char c_true[] = "PFSRMBUDAWCIOELKXTN";
	char *p;

	if (!m->taint) {
		snprintf(buf, len, "Not tainted");
		return;
	}
	snprintf(buf, len, "Tainted: ");
	p = buf + strlen(buf);
	for (int i = 0; c_true[i] && p < buf + len - 1; i++) {
		bool set = m->taint & (1UL << i);

		*p++ = set ? c_true[i] : (i == 0 ? 'G' : ' ');
	}
	*p = '\0';
}

/**
 * dump_stack - the header line, hardware name and call trace.
 */
void dump_stack(struct machine *m)
{
	static const char *const self[] = { "dump_stack_lvl", NULL };
	const char *const *frames = m->dump_stack_trace ? m->dump_stack_trace : self;
	char taint[64];

	print_tainted(m, taint, sizeof(taint));
	printk(m, "CPU: %d PID: %d Comm: %.20s %s 6.6.0-mmsim #1", m->cpu,
	       this_cpu(m)->pid, this_cpu(m)->comm, taint);
	printk(m, "Hardware name: mmsim %s PC, BIOS mmsim %s", m->arch->name, mms_version());
	printk(m, "Call Trace:");
	printk(m, " <TASK>");
	for (int i = 0; frames[i]; i++)
		printk(m, " %s", frames[i]);
	printk(m, " </TASK>");
	m->dump_stack_trace = NULL;
}
