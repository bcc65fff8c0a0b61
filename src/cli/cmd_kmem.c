// SPDX-License-Identifier: MIT
/*
 * cmd_kmem.c - scenario commands of the kernel's other allocators:
 *
 *   kernel cma_alloc COUNT [align=ORDER] [as NAME]   cma_alloc on the cma= area
 *   kernel cma_release NAME                          cma_release
 *   kernel alloc_percpu SIZE [align=N] [reserved=1] [as NAME]
 *   kernel free_percpu NAME|PTR
 *   kernel per_cpu_ptr NAME|PTR [cpu=N]              each CPU's copy
 *
 * A cma_alloc result is a run of pages: NAME.pfn (the first), NAME.count
 * (pages), NAME.zone, NAME.node.  An alloc_percpu result: NAME.addr (the
 * __percpu pointer), NAME.size, and NAME.cpuN (CPU N's copy's address).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "scenario_impl.h"

const char kernel_kmem_help[] =
	"kernel cma_alloc COUNT [align=ORDER] [as NAME] | cma_release NAME\n"
	"kernel alloc_percpu SIZE [align=N] [reserved=1] [as NAME] | free_percpu NAME|PTR\n"
	"kernel per_cpu_ptr NAME|PTR [cpu=N]   (each CPU's copy; NAME.cpuN in expressions)";

static int kmem_cma_alloc(struct scenario *sc, int argc, char **argv)
{
	static const char *const keys[] = { "align", NULL };
	int end = expr_end(argc, argv, 2);
	const char *name = arg_as(argc, argv, end), *v;
	unsigned long align = 0, pfn;
	uint64_t count;
	struct binding *b;
	int ret;

	if (eval_args(sc, "cma_alloc", 2, end, argv, &count) ||
	    check_args(sc, argc, argv, end, keys))
		return -1;
	if ((v = arg_value(argc, argv, end, "align")) &&
	    parse_uint_arg(sc, "cma_alloc", "align", v, 63, &align))
		return -1;
	ret = mms_cma_alloc(sc->m, (unsigned long)count, (unsigned int)align, &pfn);
	if (ret == -ENODEV)
		return fail(sc, "cma_alloc: the machine has no CMA area (machine cma=SIZE)");
	if (ret) {
		fprintf(sc->out, "cma_alloc(%llu, align %lu) = NULL (see dmesg)\n",
			(unsigned long long)count, align);
		return 0;
	}
	fprintf(sc->out, "%s = cma_alloc(%llu, align %lu) = pfn %#lx\n", name ? name : "cma_alloc",
		(unsigned long long)count, align, pfn);
	if (name) {
		b = binding_new(sc, name);
		b->kind = BIND_CMA;
		binding_push(b, pfn, 0);
		b->size = count;
	}
	return 0;
}

static int kmem_cma_release(struct scenario *sc, int argc, char **argv)
{
	struct binding *b;
	int ret;

	if (argc != 3)
		return fail(sc, "cma_release: expected a cma_alloc result");
	b = binding_find(sc, argv[2]);
	if (!b || b->kind != BIND_CMA)
		return fail(sc, "cma_release: no cma_alloc result named '%s'", argv[2]);
	ret = mms_cma_release(sc->m, b->pfn[0], (unsigned long)b->size);
	fprintf(sc->out, "cma_release %s: %s\n", argv[2], ret ? "refused (see dmesg)" : "done");
	if (!ret)
		binding_remove(sc, b);
	return 0;
}

static int kmem_alloc_percpu(struct scenario *sc, int argc, char **argv)
{
	static const char *const keys[] = { "align", "reserved", NULL };
	int end = expr_end(argc, argv, 2);
	const char *name = arg_as(argc, argv, end), *v;
	unsigned long align = 0, reserved = 0;
	uint64_t size, ptr;
	struct binding *b;
	int ret;

	if (eval_args(sc, "alloc_percpu", 2, end, argv, &size) ||
	    check_args(sc, argc, argv, end, keys))
		return -1;
	if ((v = arg_value(argc, argv, end, "align")) &&
	    parse_uint_arg(sc, "alloc_percpu", "align", v, 1UL << 20, &align))
		return -1;
	if ((v = arg_value(argc, argv, end, "reserved")) &&
	    parse_uint_arg(sc, "alloc_percpu", "reserved", v, 1, &reserved))
		return -1;
	ret = mms_alloc_percpu(sc->m, (size_t)size, align ? align : 1, (int)reserved, &ptr);
	if (ret) {
		fprintf(sc->out, "alloc_percpu(%llu, %lu) = NULL (%s)\n", (unsigned long long)size,
			align ? align : 1, ret == -EINVAL ? "-EINVAL, see dmesg" : "-ENOMEM");
		return 0;
	}
	fprintf(sc->out, "%s = alloc_percpu(%llu, %lu) = %#llx\n", name ? name : "alloc_percpu",
		(unsigned long long)size, align ? align : 1, (unsigned long long)ptr);
	if (name) {
		b = binding_new(sc, name);
		b->kind = BIND_PERCPU;
		b->addr = ptr;
		b->size = size;
	}
	return 0;
}

/* The __percpu pointer an argument names: a result or an expression. */
static int percpu_arg(struct scenario *sc, const char *cmd, int argc, char **argv, int to,
		      struct binding **b, uint64_t *ptr)
{
	*b = NULL;
	if (argc > 2 && to == 3 && (*b = binding_find(sc, argv[2])) && (*b)->kind == BIND_PERCPU) {
		*ptr = (*b)->addr;
		return 0;
	}
	*b = NULL;
	return eval_args(sc, cmd, 2, to, argv, ptr);
}

static int kmem_free_percpu(struct scenario *sc, int argc, char **argv)
{
	struct binding *b;
	uint64_t ptr;
	int ret;

	if (argc < 3)
		return fail(sc, "free_percpu: expected an alloc_percpu result or a pointer");
	if (percpu_arg(sc, "free_percpu", argc, argv, argc, &b, &ptr))
		return -1;
	ret = mms_free_percpu(sc->m, ptr);
	fprintf(sc->out, "free_percpu %#llx: %s\n", (unsigned long long)ptr,
		ret ? "refused (see dmesg)" : "done");
	if (b && !ret)
		binding_remove(sc, b);
	return 0;
}

static int kmem_per_cpu_ptr(struct scenario *sc, int argc, char **argv)
{
	static const char *const keys[] = { "cpu", NULL };
	int end = argc > 2 ? expr_end(argc, argv, 2) : 2;
	unsigned long cpu = 0;
	struct binding *b;
	uint64_t ptr, addr;
	const char *v;

	if (argc < 3)
		return fail(sc, "per_cpu_ptr: expected an alloc_percpu result or a pointer");
	if (percpu_arg(sc, "per_cpu_ptr", argc, argv, end, &b, &ptr) ||
	    check_args(sc, argc, argv, end, keys))
		return -1;
	v = arg_value(argc, argv, end, "cpu");
	if (v && parse_uint_arg(sc, "per_cpu_ptr", "cpu", v, 63, &cpu))
		return -1;
	for (int c = v ? (int)cpu : 0; ; c++) {
		if (mms_per_cpu_ptr(sc->m, ptr, c, &addr)) {
			if (v || !c)
				return fail(sc, "per_cpu_ptr: no CPU %d or no pointer", c);
			break;
		}
		fprintf(sc->out, "per_cpu_ptr(%#llx, %d) = 0x%llx\n", (unsigned long long)ptr, c,
			(unsigned long long)addr);
		if (v)
			break;
	}
	return 0;
}

static const struct {
	const char *name;
	int (*run)(struct scenario *sc, int argc, char **argv);
} kmem_commands[] = {
	{ "cma_alloc", kmem_cma_alloc },
	{ "cma_release", kmem_cma_release },
	{ "alloc_percpu", kmem_alloc_percpu },
	{ "free_percpu", kmem_free_percpu },
	{ "per_cpu_ptr", kmem_per_cpu_ptr },
};

/** kernel_kmem_command - see scenario_impl.h. */
int kernel_kmem_command(struct scenario *sc, int argc, char **argv)
{
	for (size_t i = 0; i < sizeof(kmem_commands) / sizeof(kmem_commands[0]); i++)
		if (!strcmp(kmem_commands[i].name, argv[1]))
			return kmem_commands[i].run(sc, argc, argv);
	return 1;
}
