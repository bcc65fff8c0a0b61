// SPDX-License-Identifier: MIT
/*
 * slub_sysfs.c - /sys/kernel/slab, SLUB's view of its caches (the sysfs
 * half of mm/slub.c, Linux 6.6).
 *
 *   /sys/kernel/slab              the directory: one entry per cache; a
 *                                 mergeable cache is a symlink to its
 *                                 unique id (":0000064", ":a-0000064" …,
 *                                 create_unique_id), as are its aliases
 *   /sys/kernel/slab/CACHE        every attribute, as `grep . CACHE/ *`
 *                                 prints them ("path:value")
 *   /sys/kernel/slab/CACHE/ATTR   one attribute, in Linux's format
 *
 * Only SLUB has this directory; with slab=slab or slab=slob the paths do
 * not exist, as on those kernels.  The write-only and debug-only files
 * (shrink, validate, alloc_calls, free_calls, failslab) are not listed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "slab.h"

/* show_slab_objects's flags (mm/slub.c). */
#define SO_ALL		(1 << 0)	/* every slab of the nodes */
#define SO_PARTIAL	(1 << 1)	/* the node partial slabs */
#define SO_CPU		(1 << 2)	/* the CPU slabs */
#define SO_OBJECTS	(1 << 3)	/* objects in use, not slabs */
#define SO_TOTAL	(1 << 4)	/* all objects */

/* Is @s shown under a unique id (mergeable at sysfs_slab_add time)? */
static bool slab_has_unique_id(struct machine *m, const struct kmem_cache *s)
{
	return !m->slab->slab_nomerge && !(s->flags & SLAB_NEVER_MERGE) && !s->ctor &&
	       !s->usersize;
}

/* create_unique_id: ':' + flag letters + '-' + the size in 7 digits. */
static void create_unique_id(const struct kmem_cache *s, char *buf, size_t n)
{
	char flags[8], *p = flags;

	if (s->flags & SLAB_CACHE_DMA)
		*p++ = 'd';
	if (s->flags & SLAB_CACHE_DMA32)
		*p++ = 'D';
	if (s->flags & SLAB_RECLAIM_ACCOUNT)
		*p++ = 'a';
	if (s->flags & SLAB_CONSISTENCY_CHECKS)
		*p++ = 'F';
	if (s->flags & SLAB_ACCOUNT)
		*p++ = 'A';
	*p = '\0';
	snprintf(buf, n, ":%s%s%07u", flags, flags[0] ? "-" : "", s->size);
}

static unsigned long count_partial_inuse(struct kmem_cache_node *n)
{
	unsigned long x = 0;
	struct page *slab;

	list_for_each_entry(slab, &n->partial, struct page, lru)
		x += slab_inuse(slab);
	return x;
}

static unsigned long count_partial_free(struct kmem_cache_node *n)
{
	unsigned long x = 0;
	struct page *slab;

	list_for_each_entry(slab, &n->partial, struct page, lru)
		x += slab_objects(slab) - slab_inuse(slab);
	return x;
}

/* show_slab_objects: a total, then " N<node>=<count>" for each node that has some. */
static void show_slab_objects(struct machine *m, struct kmem_cache *s, struct seq_file *sf,
			      unsigned int flags)
{
	unsigned long total = 0, nodes[MAX_NUMNODES] = { 0 };

	if (flags & SO_CPU) {
		for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
			struct kmem_cache_cpu *c = &s->cpu_slab[cpu];
			struct page *slab = c->slab;
			unsigned long x;

			if (slab) {
				x = (flags & SO_TOTAL) ? slab_objects(slab) :
				    (flags & SO_OBJECTS) ? slab_inuse(slab) : 1;
				total += x;
				nodes[page_to_nid(slab)] += x;
			}
			if (!(flags & (SO_TOTAL | SO_OBJECTS))) {
				x = slub_cpu_partial_slabs(m, s, cpu);
				total += x;
				if (x)
					nodes[page_to_nid(c->partial)] += x;
			}
		}
	}
	for (int nid = 0; nid < m->nr_node_ids; nid++) {
		struct kmem_cache_node *n = &s->node[nid];
		unsigned long x = 0;

		if (flags & SO_ALL)
			x = (flags & SO_TOTAL) ? n->total_objects :
			    (flags & SO_OBJECTS) ? n->total_objects - count_partial_free(n) :
			    n->nr_slabs;
		else if (flags & SO_PARTIAL)
			x = (flags & SO_TOTAL) ? count_partial_free(n) + count_partial_inuse(n) :
			    (flags & SO_OBJECTS) ? count_partial_inuse(n) : n->nr_partial;
		total += x;
		nodes[nid] += x;
	}
	seq_printf(sf, "%lu", total);
	for (int nid = 0; nid < m->nr_node_ids; nid++)
		if (nodes[nid])
			seq_printf(sf, " N%d=%lu", nid, nodes[nid]);
	seq_putc(sf, '\n');
}

/*
 * slabs_cpu_partial: objects(slabs), then " C<cpu>=objects(slabs)" per CPU;
 * the objects are approximated as half-full slabs, as Linux does.
 */
static void show_cpu_partial(struct machine *m, struct kmem_cache *s, struct seq_file *sf)
{
	unsigned long slabs = 0;

	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++)
		slabs += slub_cpu_partial_slabs(m, s, cpu);
	seq_printf(sf, "%lu(%lu)", slabs * oo_objects(s->oo) / 2, slabs);
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		unsigned long n = slub_cpu_partial_slabs(m, s, cpu);

		if (n)
			seq_printf(sf, " C%d=%lu(%lu)", cpu, n * oo_objects(s->oo) / 2, n);
	}
	seq_putc(sf, '\n');
}

enum attr_kind { A_UINT, A_ULONG, A_INT, A_FLAG, A_OBJECTS, A_SPECIAL };

static const struct slab_attr {
	const char *name;
	enum attr_kind kind;
	unsigned int arg;	/* A_FLAG: the flag; A_OBJECTS: SO_ flags; A_UINT: a field */
} slab_attrs[] = {
	/* alphabetical, as ls and grep list them */
	{ "aliases", A_SPECIAL, 0 },
	{ "align", A_UINT, 1 },
	{ "cache_dma", A_FLAG, SLAB_CACHE_DMA },
	{ "cpu_partial", A_SPECIAL, 0 },
	{ "cpu_slabs", A_OBJECTS, SO_CPU },
	{ "ctor", A_SPECIAL, 0 },
	{ "destroy_by_rcu", A_FLAG, SLAB_TYPESAFE_BY_RCU },
	{ "hwcache_align", A_FLAG, SLAB_HWCACHE_ALIGN },
	{ "min_partial", A_SPECIAL, 0 },
	{ "object_size", A_UINT, 2 },
	{ "objects", A_OBJECTS, SO_ALL | SO_OBJECTS },
	{ "objects_partial", A_OBJECTS, SO_PARTIAL | SO_OBJECTS },
	{ "objs_per_slab", A_UINT, 3 },
	{ "order", A_UINT, 4 },
	{ "partial", A_OBJECTS, SO_PARTIAL },
	{ "poison", A_FLAG, SLAB_POISON },
	{ "reclaim_account", A_FLAG, SLAB_RECLAIM_ACCOUNT },
	{ "red_zone", A_FLAG, SLAB_RED_ZONE },
	{ "remote_node_defrag_ratio", A_SPECIAL, 0 },
	{ "sanity_checks", A_FLAG, SLAB_CONSISTENCY_CHECKS },
	{ "slab_size", A_UINT, 5 },
	{ "slabs", A_OBJECTS, SO_ALL },
	{ "slabs_cpu_partial", A_SPECIAL, 0 },
	{ "store_user", A_FLAG, SLAB_STORE_USER },
	{ "total_objects", A_OBJECTS, SO_ALL | SO_TOTAL },
	{ "trace", A_FLAG, SLAB_TRACE },
	{ "usersize", A_SPECIAL, 0 },
};
#define NR_SLAB_ATTRS (sizeof(slab_attrs) / sizeof(slab_attrs[0]))

static unsigned int attr_uint(const struct kmem_cache *s, unsigned int which)
{
	switch (which) {
	case 1: return s->align;
	case 2: return s->object_size;
	case 3: return oo_objects(s->oo);
	case 4: return oo_order(s->oo);
	default: return s->size;
	}
}

static void show_attr(struct machine *m, struct kmem_cache *s, const struct slab_attr *a,
		      struct seq_file *sf)
{
	switch (a->kind) {
	case A_UINT:
		seq_printf(sf, "%u\n", attr_uint(s, a->arg));
		break;
	case A_FLAG:
		seq_printf(sf, "%d\n", !!(s->flags & a->arg));
		break;
	case A_OBJECTS:
		show_slab_objects(m, s, sf, a->arg);
		break;
	default:
		if (!strcmp(a->name, "aliases"))
			seq_printf(sf, "%d\n", s->refcount < 0 ? 0 : s->refcount - 1);
		else if (!strcmp(a->name, "cpu_partial"))
			seq_printf(sf, "%u\n", slub_cpu_partial(s));
		else if (!strcmp(a->name, "ctor"))
			seq_puts(sf, s->ctor ? "ctor+0x0/0x0\n" : "");
		else if (!strcmp(a->name, "min_partial"))
			seq_printf(sf, "%lu\n", s->min_partial);
		else if (!strcmp(a->name, "remote_node_defrag_ratio"))
			seq_printf(sf, "%u\n", 100U);	/* 1000 / 10 */
		else if (!strcmp(a->name, "slabs_cpu_partial"))
			show_cpu_partial(m, s, sf);
		else
			seq_printf(sf, "%u\n", s->usersize);
		break;
	}
}

/* The /sys/kernel/slab listing, as `ls -1 -F`: links shown "NAME -> TARGET". */
static void show_directory(struct machine *m, struct seq_file *sf)
{
	struct kmem_cache *s;
	char id[32];

	list_for_each_entry_reverse(s, &m->slab->slab_caches, struct kmem_cache, list) {
		if (!slab_has_unique_id(m, s)) {
			seq_printf(sf, "%s\n", s->name);
			continue;
		}
		create_unique_id(s, id, sizeof(id));
		seq_printf(sf, "%s\n%s -> %s\n", id, s->name, id);
	}
	for (const struct slab_alias *a = slab_first_alias(m); a; a = slab_next_alias(m, a)) {
		create_unique_id(a->target, id, sizeof(id));
		seq_printf(sf, "%s -> %s\n", a->name, id);
	}
}

/* A cache by its name, its unique id, or an alias. */
static struct kmem_cache *sysfs_cache(struct machine *m, const char *name)
{
	struct kmem_cache *s;
	char id[32];

	if (name[0] != ':')
		return kmem_cache_by_name(m, name);
	list_for_each_entry(s, &m->slab->slab_caches, struct kmem_cache, list) {
		if (!slab_has_unique_id(m, s))
			continue;
		create_unique_id(s, id, sizeof(id));
		if (!strcmp(id, name))
			return s;
	}
	return NULL;
}

/**
 * slab_sysfs_show - the text of /sys/kernel/slab[/CACHE[/ATTR]] (@path is
 * the part after "/sys/kernel/slab").  -ENOENT when it does not exist.
 */
int slab_sysfs_show(struct machine *m, const char *path, struct seq_file *sf)
{
	char name[128];
	const char *attr;
	struct kmem_cache *s;
	size_t len;

	if (!m->slab || m->slab->ops != &slub_allocator)
		return -ENOENT;
	while (*path == '/')
		path++;
	if (!*path) {
		show_directory(m, sf);
		return 0;
	}
	attr = strchr(path, '/');
	len = attr ? (size_t)(attr - path) : strlen(path);
	if (len >= sizeof(name))
		return -ENOENT;
	memcpy(name, path, len);
	name[len] = '\0';
	s = sysfs_cache(m, name);
	if (!s)
		return -ENOENT;
	if (attr && attr[1]) {
		for (size_t i = 0; i < NR_SLAB_ATTRS; i++) {
			if (!strcmp(slab_attrs[i].name, attr + 1)) {
				show_attr(m, s, &slab_attrs[i], sf);
				return 0;
			}
		}
		return -ENOENT;
	}
	for (size_t i = 0; i < NR_SLAB_ATTRS; i++) {
		struct seq_file one;
		char *text;

		seq_init(&one);
		show_attr(m, s, &slab_attrs[i], &one);
		text = seq_detach(&one);
		if (text && *text)
			seq_printf(sf, "/sys/kernel/slab/%s/%s:%s", name, slab_attrs[i].name, text);
		free(text);
	}
	return 0;
}
