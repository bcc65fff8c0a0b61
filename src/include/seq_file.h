/* SPDX-License-Identifier: MIT */
/*
 * seq_file.h - a growable text buffer that every view prints into, named
 * after fs/seq_file.c whose seq_printf the kernel's /proc files use.
 */
#ifndef MMSIM_SEQ_FILE_H
#define MMSIM_SEQ_FILE_H

#include <stddef.h>

struct seq_file {
	char *buf;
	size_t count;	/* bytes used, not counting the NUL */
	size_t size;	/* bytes allocated */
};

void seq_init(struct seq_file *m);
void seq_release(struct seq_file *m);
/* Hand the text to the caller (who frees it) and reset @m. */
char *seq_detach(struct seq_file *m);
void seq_printf(struct seq_file *m, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void seq_puts(struct seq_file *m, const char *s);
void seq_putc(struct seq_file *m, char c);

#endif /* MMSIM_SEQ_FILE_H */
