// SPDX-License-Identifier: MIT
/*
 * rmap.c - reverse mapping (mm/rmap.c, Linux 6.6).  This issue brings
 * only its caches: anon_vma (SLAB_TYPESAFE_BY_RCU, with a constructor)
 * and anon_vma_chain; the reverse map itself comes with the processes.
 */
#include <errno.h>
#include <string.h>
#include "internal.h"
#include "sched.h"
#include "slab.h"

#define ANON_VMA_SIZE		120
#define ANON_VMA_CHAIN_SIZE	64

/* anon_vma_ctor: the rwsem and the empty interval tree of an anon_vma. */
static void anon_vma_ctor(struct machine *m, uint64_t object)
{
	memset(slab_obj_host(m, object), 0, ANON_VMA_SIZE);
}

/**
 * anon_vma_init - create the anon_vma and anon_vma_chain caches.
 */
int anon_vma_init(struct machine *m)
{
	m->kcaches.anon_vma = kmem_cache_create(m, "anon_vma", ANON_VMA_SIZE, 0,
				SLAB_TYPESAFE_BY_RCU | SLAB_PANIC | SLAB_ACCOUNT, anon_vma_ctor);
	m->kcaches.anon_vma_chain = KMEM_CACHE(m, "anon_vma_chain", ANON_VMA_CHAIN_SIZE, 8,
					       SLAB_PANIC | SLAB_ACCOUNT);
	return m->kcaches.anon_vma && m->kcaches.anon_vma_chain ? 0 : -ENOMEM;
}
