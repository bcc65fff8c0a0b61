/* SPDX-License-Identifier: MIT */
/*
 * scenario_impl.h - the interpreter's internals, shared by the files that
 * implement groups of commands (scenario.c: the core and the page
 * allocator/hardware commands; cmd_slab.c: the object allocators).
 */
#ifndef MMSIM_SCENARIO_IMPL_H
#define MMSIM_SCENARIO_IMPL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "mmsim/mmsim.h"
#include "lookup.h"

#define MAX_ARGS 64

enum binding_kind { BIND_PAGES, BIND_VMALLOC, BIND_VMAP, BIND_KMAP, BIND_KMAP_LOCAL, BIND_OBJECTS,
		    BIND_CMA, BIND_PERCPU, BIND_USER };

struct binding {
	char name[48];
	enum binding_kind kind;
	unsigned long *pfn;	/* BIND_PAGES blocks; BIND_KMAP*: the page */
	unsigned int *order;
	size_t n, cap;
	uint64_t addr, size;	/* a kernel virtual range (vmalloc, vmap, kmap) */
	uint64_t *objs;		/* BIND_OBJECTS: kernel virtual addresses */
	char cache[48];		/* BIND_OBJECTS: the cache ("" for kmalloc) */
	int pid;		/* BIND_USER: the task whose mapping [addr, addr + size) is */
};

struct scenario {
	const char *file;
	int line;
	FILE *out, *err;
	struct mms_config cfg;
	mms_machine *m;
	struct binding *b;
	size_t nb;
	size_t dmesg_shown;	/* bytes of dmesg already shown by "show dmesg new" */
	struct variable *vars;	/* set with let */
	size_t nvars;
	const char *rest;	/* the current line after its command word, verbatim */
	int status;
};

int fail(struct scenario *sc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int need_machine(struct scenario *sc, const char *cmd);
struct binding *binding_find(struct scenario *sc, const char *name);
void binding_clear(struct binding *b);
struct binding *binding_new(struct scenario *sc, const char *name);
void binding_push(struct binding *b, unsigned long pfn, unsigned int order);
void binding_remove(struct scenario *sc, struct binding *b);
const char *arg_value(int argc, char **argv, int from, const char *key);
const char *arg_as(int argc, char **argv, int from);
int check_args(struct scenario *sc, int argc, char **argv, int from, const char *const *keys);
int parse_uint_arg(struct scenario *sc, const char *cmd, const char *key, const char *v,
		   unsigned long max, unsigned long *out);
int eval_args(struct scenario *sc, const char *cmd, int from, int to, char **argv,
	      uint64_t *out);
int expr_end(int argc, char **argv, int from);

/*
 * kernel_slab_command - `kernel kmem_cache_* | kmalloc | kfree | ...`
 * (cmd_slab.c): 1 if argv[1] is none of its functions.
 */
int kernel_slab_command(struct scenario *sc, int argc, char **argv);
extern const char kernel_slab_help[];
/* kernel_kmem_command - `kernel cma_* | alloc_percpu ...` (cmd_kmem.c). */
int kernel_kmem_command(struct scenario *sc, int argc, char **argv);
extern const char kernel_kmem_help[];
/* cmd_file - `file create | read | write | fsync ...` (cmd_file.c). */
int cmd_file(struct scenario *sc, int argc, char **argv);
extern const char file_help[];

/* task_command - "spawn ..." and "NAME VERB ..." (cmd_task.c): 1 if not a task command. */
int task_command(struct scenario *sc, int argc, char **argv);
int task_binding_value(struct scenario *sc, const char *name, const char *field, uint64_t *out);
extern const char task_help[];

#endif /* MMSIM_SCENARIO_IMPL_H */
