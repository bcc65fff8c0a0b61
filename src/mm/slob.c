// SPDX-License-Identifier: MIT
/*
 * slob.c - the SLOB allocator (placeholder: slab=slob does not boot yet).
 */
#include <errno.h>
#include "internal.h"
#include "slab.h"

static int slob_init(struct machine *m)
{
	pr_err(m, "SLOB: not implemented yet");
	return -ENOSYS;
}

const struct slab_allocator_ops slob_allocator = {
	.name = "SLOB",
	.init = slob_init,
};
