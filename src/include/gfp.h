/* SPDX-License-Identifier: MIT */
/*
 * gfp.h - "get free pages" flags, as include/linux/gfp_types.h (Linux 6.6).
 *
 * The bit values are Linux's, so a mode printed in a "page allocation
 * failure" line (mode:0xcc0(GFP_KERNEL)) reads the same as on a real box.
 * gfp_zone() picks the highest zone a request may use; the zone it names is
 * resolved per architecture by the machine (x86_64 has no HIGHMEM, i386 no
 * DMA32), as Linux's OPT_ZONE_* macros do at compile time.
 */
#ifndef MMSIM_GFP_H
#define MMSIM_GFP_H

#include <stdbool.h>
#include <stddef.h>

typedef unsigned int gfp_t;

#define ___GFP_DMA		0x01u
#define ___GFP_HIGHMEM		0x02u
#define ___GFP_DMA32		0x04u
#define ___GFP_MOVABLE		0x08u
#define ___GFP_RECLAIMABLE	0x10u
#define ___GFP_HIGH		0x20u
#define ___GFP_IO		0x40u
#define ___GFP_FS		0x80u
#define ___GFP_ZERO		0x100u
/* 0x200u unused since 6.4 (was ___GFP_ATOMIC) */
#define ___GFP_DIRECT_RECLAIM	0x400u
#define ___GFP_KSWAPD_RECLAIM	0x800u
#define ___GFP_WRITE		0x1000u
#define ___GFP_NOWARN		0x2000u
#define ___GFP_RETRY_MAYFAIL	0x4000u
#define ___GFP_NOFAIL		0x8000u
#define ___GFP_NORETRY		0x10000u
#define ___GFP_MEMALLOC		0x20000u
#define ___GFP_COMP		0x40000u
#define ___GFP_NOMEMALLOC	0x80000u
#define ___GFP_HARDWALL		0x100000u
#define ___GFP_THISNODE		0x200000u
#define ___GFP_ACCOUNT		0x400000u
#define ___GFP_ZEROTAGS		0x800000u

#define __GFP_DMA		___GFP_DMA
#define __GFP_HIGHMEM		___GFP_HIGHMEM
#define __GFP_DMA32		___GFP_DMA32
#define __GFP_MOVABLE		___GFP_MOVABLE
#define GFP_ZONEMASK	(__GFP_DMA | __GFP_HIGHMEM | __GFP_DMA32 | __GFP_MOVABLE)
#define __GFP_RECLAIMABLE	___GFP_RECLAIMABLE
#define __GFP_WRITE		___GFP_WRITE
#define __GFP_HARDWALL		___GFP_HARDWALL
#define __GFP_THISNODE		___GFP_THISNODE
#define __GFP_ACCOUNT		___GFP_ACCOUNT
#define __GFP_HIGH		___GFP_HIGH
#define __GFP_MEMALLOC		___GFP_MEMALLOC
#define __GFP_NOMEMALLOC	___GFP_NOMEMALLOC
#define __GFP_IO		___GFP_IO
#define __GFP_FS		___GFP_FS
#define __GFP_DIRECT_RECLAIM	___GFP_DIRECT_RECLAIM
#define __GFP_KSWAPD_RECLAIM	___GFP_KSWAPD_RECLAIM
#define __GFP_RECLAIM	(___GFP_DIRECT_RECLAIM | ___GFP_KSWAPD_RECLAIM)
#define __GFP_RETRY_MAYFAIL	___GFP_RETRY_MAYFAIL
#define __GFP_NOFAIL		___GFP_NOFAIL
#define __GFP_NORETRY		___GFP_NORETRY
#define __GFP_NOWARN		___GFP_NOWARN
#define __GFP_COMP		___GFP_COMP
#define __GFP_ZERO		___GFP_ZERO
#define __GFP_ZEROTAGS		___GFP_ZEROTAGS

#define GFP_MOVABLE_MASK (__GFP_RECLAIMABLE | __GFP_MOVABLE)
#define GFP_MOVABLE_SHIFT 3

#define GFP_ATOMIC	(__GFP_HIGH | __GFP_KSWAPD_RECLAIM)
#define GFP_KERNEL	(__GFP_RECLAIM | __GFP_IO | __GFP_FS)
#define GFP_KERNEL_ACCOUNT (GFP_KERNEL | __GFP_ACCOUNT)
#define GFP_NOWAIT	(__GFP_KSWAPD_RECLAIM)
#define GFP_NOIO	(__GFP_RECLAIM)
#define GFP_NOFS	(__GFP_RECLAIM | __GFP_IO)
#define GFP_USER	(__GFP_RECLAIM | __GFP_IO | __GFP_FS | __GFP_HARDWALL)
#define GFP_DMA		__GFP_DMA
#define GFP_DMA32	__GFP_DMA32
#define GFP_HIGHUSER	(GFP_USER | __GFP_HIGHMEM)
#define GFP_HIGHUSER_MOVABLE	(GFP_HIGHUSER | __GFP_MOVABLE)
#define GFP_TRANSHUGE_LIGHT	((GFP_HIGHUSER_MOVABLE | __GFP_COMP | \
			 __GFP_NOMEMALLOC | __GFP_NOWARN) & ~__GFP_RECLAIM)
#define GFP_TRANSHUGE	(GFP_TRANSHUGE_LIGHT | __GFP_DIRECT_RECLAIM)

static inline bool gfpflags_allow_blocking(gfp_t gfp)
{
	return gfp & __GFP_DIRECT_RECLAIM;
}

/**
 * gfp_parse - turn "GFP_KERNEL|__GFP_ZERO" (or a number) into flags.
 * Returns 0, or -EINVAL and the offending word in @bad (may be NULL).
 */
int gfp_parse(const char *text, gfp_t *out, char *bad, size_t badlen);

/**
 * gfp_format - print flags as %pGg does: composite names first, leftover
 * bits as 0x…, joined by '|'.  Returns @buf.
 */
char *gfp_format(gfp_t gfp, char *buf, size_t len);

#endif /* MMSIM_GFP_H */
