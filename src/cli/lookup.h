/* SPDX-License-Identifier: MIT */
/*
 * lookup.h - values a scenario's `expect` can name: numbers read off the
 * machine's views by a dotted path, results bound with `as NAME`.
 */
#ifndef MMSIM_LOOKUP_H
#define MMSIM_LOOKUP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "mmsim/mmsim.h"

struct value {
	bool is_str;
	uint64_t num;
	char str[64];
};

static inline void value_num(struct value *v, uint64_t n)
{
	v->is_str = false;
	v->num = n;
}

static inline void value_str(struct value *v, const char *s)
{
	v->is_str = true;
	snprintf(v->str, sizeof(v->str), "%s", s);
}

typedef int (*binding_fn)(void *bindings, mms_machine *m, const char *name,
			  const char *field, struct value *out);

/* A variable set with `let`. */
struct variable {
	char name[48];
	uint64_t value;
};

struct lookup_ctx {
	mms_machine *m;
	void *bindings;
	binding_fn binding_value;
	const struct variable *vars;
	size_t nvars;
};

/* eval_expr - evaluate a sum of products over @argv (all of it) into @out. */
int eval_expr(struct lookup_ctx *ctx, int argc, char **argv, struct value *out,
	      char *msg, size_t n);

/*
 * expect_eval - evaluate "A OP B" (A and B sums of terms) or
 * "dmesg ~ TEXT" / "dmesg !~ TEXT".  Returns 1 when it holds, 0 when it
 * does not (@msg says expected and actual), -1 on a malformed expression.
 */
int expect_eval(struct lookup_ctx *ctx, int argc, char **argv, char *msg, size_t n);

/* Read one value by path (e.g. "meminfo.MemFree"); -1 and @msg if unknown. */
int lookup_value(struct lookup_ctx *ctx, const char *path, struct value *out,
		 char *msg, size_t n);

int scenario_binding_value(void *bindings, mms_machine *m, const char *name,
			   const char *field, struct value *out);

#endif /* MMSIM_LOOKUP_H */
