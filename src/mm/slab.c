// SPDX-License-Identifier: MIT
/*
 * slab.c - the SLAB allocator (placeholder: slab=slab does not boot yet).
 */
#include <errno.h>
#include "internal.h"
#include "slab.h"

static int slab_init(struct machine *m)
{
	pr_err(m, "SLAB: not implemented yet");
	return -ENOSYS;
}

const struct slab_allocator_ops slab_allocator = {
	.name = "SLAB",
	.init = slab_init,
};
