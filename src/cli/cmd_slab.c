// SPDX-License-Identifier: MIT
/*
 * cmd_slab.c - the scenario commands of the object allocators:
 *
 *   kernel kmem_cache_create NAME SIZE [align=N] [flags=F|F] [ctor=1]
 *   kernel kmem_cache_alloc CACHE [gfp=FLAGS] [node=N] [count=N] [as OBJS]
 *   kernel kmem_cache_free CACHE OBJS|ADDR
 *   kernel kmem_cache_shrink CACHE | kmem_cache_destroy CACHE
 *   kernel kmalloc SIZE [gfp=FLAGS] [node=N] [count=N] [as OBJS]
 *   kernel kfree OBJS|ADDR | ksize OBJS|ADDR | krealloc OBJS SIZE [gfp=FLAGS]
 *   kernel cache_reap                 SLAB's periodic reaping, one pass
 *
 * A result bound with `as OBJS` holds the objects' addresses: OBJS.addr
 * (the first), OBJS.count, OBJS.size (ksize of the first) in expressions.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "scenario_impl.h"

const char kernel_slab_help[] =
	"kernel kmem_cache_create NAME SIZE [align=N] [flags=SLAB_X|SLAB_Y] [ctor=1]\n"
	"kernel kmem_cache_alloc CACHE [gfp=FLAGS] [node=N] [count=N] [as OBJS]\n"
	"kernel kmem_cache_free CACHE OBJS|ADDR | kmem_cache_shrink CACHE | kmem_cache_destroy CACHE\n"
	"kernel kmalloc SIZE [gfp=FLAGS] [node=N] [count=N] [as OBJS]\n"
	"kernel kfree OBJS|ADDR | ksize OBJS|ADDR | krealloc OBJS SIZE [gfp=FLAGS]\n"
	"kernel cache_reap        SLAB: one pass of the periodic cache_reap";

static void push_obj(struct binding *b, uint64_t addr)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 8;
		b->objs = realloc(b->objs, b->cap * sizeof(*b->objs));
		if (!b->objs)
			abort();
	}
	b->objs[b->n++] = addr;
}

/* gfp=, node=, count= of an allocation command (after @from). */
struct alloc_args {
	unsigned int gfp;
	int nid;
	unsigned long count;
};

static int parse_alloc_args(struct scenario *sc, const char *cmd, int argc, char **argv,
			    int from, struct alloc_args *a)
{
	static const char *const keys[] = { "gfp", "node", "count", NULL };
	const char *v;
	unsigned long nid;
	char msg[256];

	a->nid = -1;
	a->count = 1;
	if (check_args(sc, argc, argv, from, keys))
		return -1;
	v = arg_value(argc, argv, from, "gfp");
	if (mms_gfp_parse(v ? v : "GFP_KERNEL", &a->gfp, msg, sizeof(msg)))
		return fail(sc, "%s: %s", cmd, msg);
	if ((v = arg_value(argc, argv, from, "node"))) {
		if (parse_uint_arg(sc, cmd, "node", v, 7, &nid))
			return -1;
		a->nid = (int)nid;
	}
	if ((v = arg_value(argc, argv, from, "count")) &&
	    parse_uint_arg(sc, cmd, "count", v, 1UL << 22, &a->count))
		return -1;
	return 0;
}

/* Report an allocation of @b->n objects (the first, or how many). */
static void report_alloc(struct scenario *sc, const char *name, const char *what,
			 struct binding *b, unsigned long asked, int ret)
{
	if (!b->n) {
		fprintf(sc->out, "%s = NULL (-ENOMEM)\n", what);
		return;
	}
	if (asked == 1 && name)
		fprintf(sc->out, "%s = %s = 0x%llx\n", name, what, (unsigned long long)b->objs[0]);
	else if (asked == 1)
		fprintf(sc->out, "%s = 0x%llx\n", what, (unsigned long long)b->objs[0]);
	else
		fprintf(sc->out, "%s = %zu objects of %s, first 0x%llx%s\n", name ? name : what,
			b->n, what, (unsigned long long)b->objs[0], ret ? " (then -ENOMEM)" : "");
}

/* Keep @tmp's objects under @name, or drop the list (the objects stay allocated). */
static void bind_objects(struct scenario *sc, const char *name, struct binding *tmp,
			 const char *cache)
{
	struct binding *b;

	if (!name) {
		binding_clear(tmp);
		return;
	}
	b = binding_new(sc, name);
	b->kind = BIND_OBJECTS;
	b->objs = tmp->objs;
	b->n = tmp->n;
	b->cap = tmp->cap;
	b->addr = tmp->n ? tmp->objs[0] : 0;
	b->size = tmp->n ? mms_ksize(sc->m, tmp->objs[0]) : 0;
	snprintf(b->cache, sizeof(b->cache), "%s", cache);
	tmp->objs = NULL;
}

static int slab_create(struct scenario *sc, int argc, char **argv)
{
	static const char *const keys[] = { "align", "flags", "ctor", NULL };
	unsigned long align = 0, ctor = 0;
	unsigned int flags = 0;
	int end = argc >= 4 ? expr_end(argc, argv, 3) : 3;
	const char *v, *cache = NULL;
	uint64_t size;
	char msg[256];
	int ret;

	if (argc < 4)
		return fail(sc, "kmem_cache_create: expected NAME SIZE");
	if (eval_args(sc, "kmem_cache_create", 3, end, argv, &size) ||
	    check_args(sc, argc, argv, end, keys))
		return -1;
	if ((v = arg_value(argc, argv, end, "align")) &&
	    parse_uint_arg(sc, "kmem_cache_create", "align", v, 1UL << 20, &align))
		return -1;
	if ((v = arg_value(argc, argv, end, "ctor")) &&
	    parse_uint_arg(sc, "kmem_cache_create", "ctor", v, 1, &ctor))
		return -1;
	if ((v = arg_value(argc, argv, end, "flags")) &&
	    mms_slab_flags_parse(v, &flags, msg, sizeof(msg)))
		return fail(sc, "kmem_cache_create: %s", msg);
	if (size > 0xffffffffULL)
		size = 0;	/* the API's unsigned int: refused below as Linux would */
	ret = mms_kmem_cache_create(sc->m, argv[2], (unsigned int)size, (unsigned int)align,
				    flags, (int)ctor, &cache);
	if (ret == -EEXIST)
		fprintf(sc->out, "kmem_cache_create(%s, %llu) = NULL (a cache of that name exists)\n",
			argv[2], (unsigned long long)size);
	else if (ret)
		fprintf(sc->out, "kmem_cache_create(%s, %llu) = NULL (see dmesg)\n", argv[2],
			(unsigned long long)size);
	else if (strcmp(cache, argv[2]))
		fprintf(sc->out, "kmem_cache_create(%s, %llu) = %s (merged: an alias)\n", argv[2],
			(unsigned long long)size, cache);
	else
		fprintf(sc->out, "kmem_cache_create(%s, %llu) = %s\n", argv[2],
			(unsigned long long)size, cache);
	return 0;
}

static int slab_alloc(struct scenario *sc, int argc, char **argv)
{
	bool is_kmalloc = !strcmp(argv[1], "kmalloc");
	int from = is_kmalloc ? expr_end(argc, argv, 2) : 3;
	struct binding tmp = { 0 };
	struct alloc_args a;
	const char *name;
	char what[96];
	uint64_t size = 0, addr;
	int ret = 0;

	if (argc < 3)
		return fail(sc, "%s: expected %s", argv[1], is_kmalloc ? "a size" : "a cache name");
	if (is_kmalloc && eval_args(sc, "kmalloc", 2, from, argv, &size))
		return -1;
	if (parse_alloc_args(sc, argv[1], argc, argv, from, &a))
		return -1;
	name = arg_as(argc, argv, from);
	for (unsigned long i = 0; i < a.count; i++) {
		ret = is_kmalloc ? mms_kmalloc(sc->m, size, a.gfp, a.nid, &addr) :
				   mms_kmem_cache_alloc(sc->m, argv[2], a.gfp, a.nid, &addr);
		if (ret)
			break;
		push_obj(&tmp, addr);
	}
	if (ret == -ENOENT || ret == -EINVAL) {
		binding_clear(&tmp);
		return ret == -ENOENT ? fail(sc, "kmem_cache_alloc: no cache named '%s'", argv[2]) :
					fail(sc, "%s: node=%d does not exist", argv[1], a.nid);
	}
	if (is_kmalloc)
		snprintf(what, sizeof(what), "kmalloc(%llu)", (unsigned long long)size);
	else
		snprintf(what, sizeof(what), "kmem_cache_alloc(%s)", argv[2]);
	report_alloc(sc, name, what, &tmp, a.count, ret);
	bind_objects(sc, name, &tmp, is_kmalloc ? "" : argv[2]);
	return 0;
}

/*
 * The objects an argument names: a bound result (all its objects) or an
 * address expression.  Returns the binding (or NULL with *addr set).
 */
static int objects_arg(struct scenario *sc, const char *cmd, int argc, char **argv, int from,
		       struct binding **b, uint64_t *addr)
{
	*b = NULL;
	if (from + 1 == argc && (*b = binding_find(sc, argv[from])) && (*b)->kind == BIND_OBJECTS)
		return 0;
	*b = NULL;
	return eval_args(sc, cmd, from, argc, argv, addr);
}

/* Free one object; -ENOENT: no such cache; -EINVAL: refused (reported in dmesg). */
static int free_one(struct scenario *sc, bool is_kfree, const char *cache, uint64_t addr)
{
	return is_kfree ? mms_kfree(sc->m, addr) : mms_kmem_cache_free(sc->m, cache, addr);
}

static int slab_free(struct scenario *sc, int argc, char **argv)
{
	bool is_kfree = !strcmp(argv[1], "kfree");
	int from = is_kfree ? 2 : 3, ret;
	size_t kept = 0;
	struct binding *b;
	uint64_t addr;

	if (argc <= from)
		return fail(sc, "%s: expected %s", argv[1],
			    is_kfree ? "objects or an address" : "CACHE and objects or an address");
	if (objects_arg(sc, argv[1], argc, argv, from, &b, &addr))
		return -1;
	if (!b) {
		ret = free_one(sc, is_kfree, argv[2], addr);
		if (ret == -ENOENT)
			return fail(sc, "kmem_cache_free: no cache named '%s'", argv[2]);
		fprintf(sc->out, "%s 0x%llx: %s\n", argv[1], (unsigned long long)addr,
			ret ? "refused (see dmesg)" : "done");
		return 0;
	}
	/* objects the kernel refused stay in the result, so they can be freed right */
	for (size_t i = 0; i < b->n; i++) {
		ret = free_one(sc, is_kfree, argv[2], b->objs[i]);
		if (ret == -ENOENT)
			return fail(sc, "kmem_cache_free: no cache named '%s'", argv[2]);
		if (ret)
			b->objs[kept++] = b->objs[i];
	}
	fprintf(sc->out, "%s %s: %zu object%s freed", argv[1], argv[from], b->n - kept,
		b->n - kept == 1 ? "" : "s");
	if (kept)
		fprintf(sc->out, ", %zu refused (see dmesg)", kept);
	fputc('\n', sc->out);
	if (!kept) {
		binding_remove(sc, b);
		return 0;
	}
	b->n = kept;
	b->addr = b->objs[0];
	return 0;
}

static int slab_ksize(struct scenario *sc, int argc, char **argv)
{
	struct binding *b;
	uint64_t addr;

	if (argc < 3)
		return fail(sc, "ksize: expected objects or an address");
	if (objects_arg(sc, "ksize", argc, argv, 2, &b, &addr))
		return -1;
	if (b)
		addr = b->n ? b->objs[0] : 0;
	fprintf(sc->out, "ksize(0x%llx) = %zu\n", (unsigned long long)addr,
		mms_ksize(sc->m, addr));
	return 0;
}

static int slab_krealloc(struct scenario *sc, int argc, char **argv)
{
	static const char *const keys[] = { "gfp", NULL };
	int end = argc > 3 ? expr_end(argc, argv, 3) : 3;
	struct binding *b;
	const char *v;
	unsigned int gfp;
	uint64_t size, addr;
	char msg[256];

	if (argc < 4)
		return fail(sc, "krealloc: expected OBJS SIZE");
	b = binding_find(sc, argv[2]);
	if (!b || b->kind != BIND_OBJECTS || b->n != 1)
		return fail(sc, "krealloc: '%s' is not a result holding one object", argv[2]);
	if (eval_args(sc, "krealloc", 3, end, argv, &size) ||
	    check_args(sc, argc, argv, end, keys))
		return -1;
	v = arg_value(argc, argv, end, "gfp");
	if (mms_gfp_parse(v ? v : "GFP_KERNEL", &gfp, msg, sizeof(msg)))
		return fail(sc, "krealloc: %s", msg);
	if (mms_krealloc(sc->m, b->objs[0], size, gfp, &addr)) {
		fprintf(sc->out, "krealloc(%s, %llu) = NULL (-ENOMEM; %s unchanged)\n", argv[2],
			(unsigned long long)size, argv[2]);
		return 0;
	}
	fprintf(sc->out, "%s = krealloc(0x%llx, %llu) = 0x%llx%s\n", argv[2],
		(unsigned long long)b->objs[0], (unsigned long long)size,
		(unsigned long long)addr, addr == b->objs[0] ? " (in place)" : "");
	b->objs[0] = b->addr = addr;
	b->size = mms_ksize(sc->m, addr);
	return 0;
}

static int slab_cache_op(struct scenario *sc, int argc, char **argv)
{
	bool destroy = !strcmp(argv[1], "kmem_cache_destroy");
	int ret;

	if (argc != 3)
		return fail(sc, "%s: expected a cache name", argv[1]);
	ret = destroy ? mms_kmem_cache_destroy(sc->m, argv[2]) :
			mms_kmem_cache_shrink(sc->m, argv[2]);
	if (ret == -ENOENT)
		return fail(sc, "%s: no cache named '%s'", argv[1], argv[2]);
	fprintf(sc->out, "%s %s: %s\n", argv[1], argv[2],
		ret == -EBUSY ? "objects remain (see dmesg)" :
		ret == -EPERM ? "refused: a kmalloc cache (see dmesg)" : ret ? "error (see dmesg)" : "done");
	return 0;
}

static int slab_cache_reap_cmd(struct scenario *sc, int argc, char **argv)
{
	(void)argv;
	if (argc != 2)
		return fail(sc, "cache_reap: takes no arguments");
	if (mms_cache_reap(sc->m))
		return fail(sc, "cache_reap: only SLAB reaps its caches (this machine runs %s)",
			    mms_slab_allocator(sc->m));
	fprintf(sc->out, "cache_reap: done\n");
	return 0;
}

static const struct {
	const char *name;
	int (*run)(struct scenario *sc, int argc, char **argv);
} slab_commands[] = {
	{ "cache_reap", slab_cache_reap_cmd },
	{ "kmem_cache_create", slab_create },
	{ "kmem_cache_alloc", slab_alloc },
	{ "kmalloc", slab_alloc },
	{ "kmem_cache_free", slab_free },
	{ "kfree", slab_free },
	{ "ksize", slab_ksize },
	{ "krealloc", slab_krealloc },
	{ "kmem_cache_shrink", slab_cache_op },
	{ "kmem_cache_destroy", slab_cache_op },
};

/** kernel_slab_command - see scenario_impl.h. */
int kernel_slab_command(struct scenario *sc, int argc, char **argv)
{
	for (size_t i = 0; i < sizeof(slab_commands) / sizeof(slab_commands[0]); i++)
		if (!strcmp(slab_commands[i].name, argv[1]))
			return slab_commands[i].run(sc, argc, argv);
	return 1;
}
