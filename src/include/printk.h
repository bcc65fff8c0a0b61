/* SPDX-License-Identifier: MIT */
/*
 * printk.h - the simulated kernel log (kernel/printk/printk.c).
 *
 * Lines are stamped with the simulated clock as "[    0.000000] ", like
 * dmesg prints them.  The buffer keeps the newest LOG_BUF_LEN bytes of
 * whole lines, so a long stress run cannot grow it without bound.
 */
#ifndef MMSIM_PRINTK_H
#define MMSIM_PRINTK_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#define LOG_BUF_LEN (1U << 20)

struct printk_log {
	char *buf;
	size_t len;
	size_t size;
	int cont;		/* the last line is still open (pr_cont) */
	unsigned long lines;	/* lines ever written */
};

struct machine;

void printk_init(struct printk_log *log);
void printk_release(struct printk_log *log);

/* printk - one or more complete lines (a trailing '\n' is added if missing). */
void printk(struct machine *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void vprintk(struct machine *m, const char *fmt, va_list ap);
/* pr_cont - continue the last line (no timestamp, no newline added). */
void pr_cont(struct machine *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#define pr_info printk
#define pr_warn printk
#define pr_err printk
#define pr_alert printk
#define pr_notice printk

#endif /* MMSIM_PRINTK_H */
