// SPDX-License-Identifier: MIT
/*
 * seq_file.c - the growable text buffer views print into (after
 * fs/seq_file.c).  Host allocation failure is the one thing mmsim cannot
 * simulate its way out of, so it aborts with a message.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "seq_file.h"

static void seq_reserve(struct seq_file *m, size_t more)
{
	size_t need = m->count + more + 1;
	size_t size = m->size ? m->size : 256;
	char *buf;

	if (need <= m->size)
		return;
	while (size < need)
		size *= 2;
	buf = realloc(m->buf, size);
	if (!buf) {
		fprintf(stderr, "mmsim: out of host memory\n");
		abort();
	}
	m->buf = buf;
	m->size = size;
}

void seq_init(struct seq_file *m)
{
	m->buf = NULL;
	m->count = 0;
	m->size = 0;
	seq_reserve(m, 0);
	m->buf[0] = '\0';
}

void seq_release(struct seq_file *m)
{
	free(m->buf);
	m->buf = NULL;
	m->count = m->size = 0;
}

char *seq_detach(struct seq_file *m)
{
	char *buf = m->buf;

	m->buf = NULL;
	m->count = m->size = 0;
	return buf;
}

void seq_printf(struct seq_file *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(m->buf + m->count, m->size - m->count, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= m->size - m->count) {
		seq_reserve(m, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(m->buf + m->count, m->size - m->count, fmt, ap);
		va_end(ap);
	}
	m->count += (size_t)n;
}

void seq_puts(struct seq_file *m, const char *s)
{
	size_t n = strlen(s);

	seq_reserve(m, n);
	memcpy(m->buf + m->count, s, n + 1);
	m->count += n;
}

void seq_putc(struct seq_file *m, char c)
{
	seq_reserve(m, 1);
	m->buf[m->count++] = c;
	m->buf[m->count] = '\0';
}
