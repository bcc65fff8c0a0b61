// SPDX-License-Identifier: MIT
/*
 * api_slab.c - the public mms_* entry points of the object allocators:
 * caches by name, kmalloc and friends, SLAB_* flags from text.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "slab.h"

static const struct {
	const char *name;
	unsigned int flag;
} slab_flag_names[] = {
	{ "SLAB_CONSISTENCY_CHECKS", SLAB_CONSISTENCY_CHECKS },
	{ "SLAB_RED_ZONE", SLAB_RED_ZONE },
	{ "SLAB_POISON", SLAB_POISON },
	{ "SLAB_HWCACHE_ALIGN", SLAB_HWCACHE_ALIGN },
	{ "SLAB_CACHE_DMA", SLAB_CACHE_DMA },
	{ "SLAB_CACHE_DMA32", SLAB_CACHE_DMA32 },
	{ "SLAB_STORE_USER", SLAB_STORE_USER },
	{ "SLAB_RECLAIM_ACCOUNT", SLAB_RECLAIM_ACCOUNT },
	{ "SLAB_PANIC", SLAB_PANIC },
	{ "SLAB_TYPESAFE_BY_RCU", SLAB_TYPESAFE_BY_RCU },
	{ "SLAB_MEM_SPREAD", SLAB_MEM_SPREAD },
	{ "SLAB_TRACE", SLAB_TRACE },
	{ "SLAB_NOLEAKTRACE", SLAB_NOLEAKTRACE },
	{ "SLAB_NO_MERGE", SLAB_NO_MERGE },
	{ "SLAB_ACCOUNT", SLAB_ACCOUNT },
	{ "SLAB_NO_USER_FLAGS", SLAB_NO_USER_FLAGS },
};

/** mms_slab_flags_parse - see mmsim.h. */
int mms_slab_flags_parse(const char *text, unsigned int *flags, char *err, size_t errlen)
{
	char buf[256], *save = NULL, *w;
	char *end;

	*flags = 0;
	if (!strcmp(text, "0"))
		return 0;
	*flags = (unsigned int)strtoul(text, &end, 0);
	if (end != text && !*end)
		return 0;
	*flags = 0;
	snprintf(buf, sizeof(buf), "%s", text);
	for (w = strtok_r(buf, "|", &save); w; w = strtok_r(NULL, "|", &save)) {
		size_t i;

		for (i = 0; i < sizeof(slab_flag_names) / sizeof(slab_flag_names[0]); i++)
			if (!strcmp(slab_flag_names[i].name, w))
				break;
		if (i == sizeof(slab_flag_names) / sizeof(slab_flag_names[0])) {
			snprintf(err, errlen, "unknown slab flag '%s'", w);
			return -EINVAL;
		}
		*flags |= slab_flag_names[i].flag;
	}
	return 0;
}

/* The scenario's constructor: the first 8 bytes cleared (a refcount, say). */
static void api_ctor(struct machine *m, uint64_t object)
{
	memset(slab_obj_host(m, object), 0, 8);
}

/** mms_kmem_cache_create - see mmsim.h. */
int mms_kmem_cache_create(mms_machine *m, const char *name, unsigned int size,
			  unsigned int align, unsigned int flags, int ctor,
			  const char **cache)
{
	struct kmem_cache *s;

	if (name && kmem_cache_by_name(m, name)) {
		/* sysfs_slab_add / sysfs_slab_alias would fail: a name is one cache */
		pr_err(m, "kmem_cache_create(%s) failed with error -17", name);
		return -EEXIST;
	}
	s = kmem_cache_create(m, name, size, align, flags, ctor ? api_ctor : NULL);
	if (!s)
		return -EINVAL;
	if (cache)
		*cache = s->name;
	return 0;
}

/** mms_kmem_cache_destroy - see mmsim.h. */
int mms_kmem_cache_destroy(mms_machine *m, const char *name)
{
	struct kmem_cache *s = kmem_cache_by_name(m, name);

	if (!s)
		return -ENOENT;
	return kmem_cache_destroy_name(m, name);
}

/** mms_kmem_cache_alloc - see mmsim.h. */
int mms_kmem_cache_alloc(mms_machine *m, const char *name, unsigned int gfp, int nid,
			 uint64_t *addr)
{
	struct kmem_cache *s = kmem_cache_by_name(m, name);

	if (!s)
		return -ENOENT;
	if (nid != NUMA_NO_NODE && (nid < 0 || nid >= m->nr_node_ids))
		return -EINVAL;
	*addr = kmem_cache_alloc_node(m, s, gfp, nid);
	return *addr ? 0 : -ENOMEM;
}

/** mms_kmem_cache_free - see mmsim.h. */
int mms_kmem_cache_free(mms_machine *m, const char *name, uint64_t addr)
{
	struct kmem_cache *s = kmem_cache_by_name(m, name);

	unsigned long lines = m->log.lines;

	if (!s)
		return -ENOENT;
	kmem_cache_free(m, s, addr);
	return m->log.lines == lines ? 0 : -EINVAL;	/* reported: not freed */
}

/** mms_kmem_cache_shrink - see mmsim.h. */
int mms_kmem_cache_shrink(mms_machine *m, const char *name)
{
	struct kmem_cache *s = kmem_cache_by_name(m, name);

	if (!s)
		return -ENOENT;
	kmem_cache_shrink(m, s);
	return 0;
}

/** mms_kmalloc - see mmsim.h. */
int mms_kmalloc(mms_machine *m, size_t size, unsigned int gfp, int nid, uint64_t *addr)
{
	if (nid != NUMA_NO_NODE && (nid < 0 || nid >= m->nr_node_ids))
		return -EINVAL;
	*addr = kmalloc_node(m, size, gfp, nid);
	return *addr ? 0 : -ENOMEM;
}

/** mms_krealloc - see mmsim.h. */
int mms_krealloc(mms_machine *m, uint64_t addr, size_t size, unsigned int gfp, uint64_t *out)
{
	*out = krealloc(m, addr, size, gfp);
	return *out ? 0 : -ENOMEM;
}

/** mms_kfree - see mmsim.h. */
int mms_kfree(mms_machine *m, uint64_t addr)
{
	unsigned long lines = m->log.lines;

	kfree(m, addr);
	return m->log.lines == lines ? 0 : -EINVAL;
}

/** mms_ksize - see mmsim.h. */
size_t mms_ksize(mms_machine *m, uint64_t addr)
{
	return ksize(m, addr);
}

/** mms_slab_allocator - see mmsim.h. */
const char *mms_slab_allocator(mms_machine *m)
{
	return m->slab ? m->slab->ops->name : "none";
}

/** mms_cache_reap - see mmsim.h. */
int mms_cache_reap(mms_machine *m)
{
	if (!m->slab || m->slab->ops != &slab_allocator)
		return -ENOSYS;
	slab_cache_reap(m);
	return 0;
}
