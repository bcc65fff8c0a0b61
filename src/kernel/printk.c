// SPDX-License-Identifier: MIT
/*
 * printk.c - the simulated kernel log (kernel/printk/printk.c).
 *
 * Each line gets the "[%5lu.%06lu] " prefix of the simulated clock, as
 * dmesg shows it.  When the buffer passes LOG_BUF_LEN, the oldest whole
 * lines are dropped, as the kernel's ring buffer overwrites them.
 * Simplified: no log levels, no console; one machine, one log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "machine.h"

void printk_init(struct printk_log *log)
{
	memset(log, 0, sizeof(*log));
}

void printk_release(struct printk_log *log)
{
	free(log->buf);
	memset(log, 0, sizeof(*log));
}

static void log_append(struct printk_log *log, const char *s, size_t n)
{
	if (log->len + n + 1 > log->size) {
		size_t size = log->size ? log->size : 4096;
		char *buf;

		while (size < log->len + n + 1)
			size *= 2;
		buf = realloc(log->buf, size);
		if (!buf) {
			fprintf(stderr, "mmsim: out of host memory\n");
			abort();
		}
		log->buf = buf;
		log->size = size;
	}
	memcpy(log->buf + log->len, s, n);
	log->len += n;
	log->buf[log->len] = '\0';
}

/* Drop the oldest lines until the log fits in LOG_BUF_LEN again. */
static void log_trim(struct printk_log *log)
{
	char *cut;
	size_t drop;

	if (log->len <= LOG_BUF_LEN)
		return;
	cut = memchr(log->buf + (log->len - LOG_BUF_LEN / 2), '\n',
		     LOG_BUF_LEN / 2);
	if (!cut)
		return;
	drop = (size_t)(cut + 1 - log->buf);
	memmove(log->buf, cut + 1, log->len - drop + 1);
	log->len -= drop;
}

static void log_text(struct machine *m, const char *text, bool stamp)
{
	struct printk_log *log = &m->log;
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (stamp && !log->cont) {
			char ts[32];
			uint64_t us = m->clock_ns / 1000;
			int k = snprintf(ts, sizeof(ts), "[%5lu.%06lu] ",
					 (unsigned long)(us / 1000000),
					 (unsigned long)(us % 1000000));
			log_append(log, ts, (size_t)k);
			log->lines++;
		}
		log_append(log, p, n);
		if (nl) {
			log_append(log, "\n", 1);
			log->cont = 0;
			p = nl + 1;
		} else {
			log->cont = 1;
			p += n;
		}
		stamp = true;
	}
	log_trim(log);
}

void vprintk(struct machine *m, const char *fmt, va_list ap)
{
	char small[512];
	char *text = small;
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(small, sizeof(small), fmt, aq);
	va_end(aq);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(small)) {
		text = malloc((size_t)n + 1);
		if (!text)
			return;
		vsnprintf(text, (size_t)n + 1, fmt, ap);
	}
	/* A new printk closes a line left open by pr_cont. */
	if (m->log.cont)
		log_append(&m->log, "\n", 1), m->log.cont = 0;
	log_text(m, text, true);
	if (m->log.cont)
		log_append(&m->log, "\n", 1), m->log.cont = 0;
	if (text != small)
		free(text);
}

void printk(struct machine *m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintk(m, fmt, ap);
	va_end(ap);
}

void pr_cont(struct machine *m, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	struct printk_log *log = &m->log;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* Reopen the last line: drop its newline and append. */
	if (log->len && log->buf[log->len - 1] == '\n') {
		log->len--;
		log->buf[log->len] = '\0';
		log->cont = 1;
	}
	log_text(m, buf, false);
	if (log->cont)
		log_append(log, "\n", 1), log->cont = 0;
}
