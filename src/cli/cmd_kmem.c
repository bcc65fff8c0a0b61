// SPDX-License-Identifier: MIT
/*
 * cmd_kmem.c - scenario commands of the kernel's other allocators:
 *
 *   kernel cma_alloc COUNT [align=ORDER] [as NAME]   cma_alloc on the cma= area
 *   kernel cma_release NAME                          cma_release
 *
 * A cma_alloc result is a run of pages: NAME.pfn (the first), NAME.count
 * (pages), NAME.zone, NAME.node.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "scenario_impl.h"

const char kernel_kmem_help[] =
	"kernel cma_alloc COUNT [align=ORDER] [as NAME] | cma_release NAME";

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

static const struct {
	const char *name;
	int (*run)(struct scenario *sc, int argc, char **argv);
} kmem_commands[] = {
	{ "cma_alloc", kmem_cma_alloc },
	{ "cma_release", kmem_cma_release },
};

/** kernel_kmem_command - see scenario_impl.h. */
int kernel_kmem_command(struct scenario *sc, int argc, char **argv)
{
	for (size_t i = 0; i < sizeof(kmem_commands) / sizeof(kmem_commands[0]); i++)
		if (!strcmp(kmem_commands[i].name, argv[1]))
			return kmem_commands[i].run(sc, argc, argv);
	return 1;
}
