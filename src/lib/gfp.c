// SPDX-License-Identifier: MIT
/*
 * gfp.c - GFP flag names: parsing for scenarios, and printing the way
 * Linux's %pGg does (lib/vsprintf.c format_flags over the table of
 * include/trace/events/mmflags.h __def_gfpflag_names: composite names
 * first, each printed when all its bits are set and then removed, any
 * remaining bits as a hex number, all joined by '|').
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gfp.h"

struct gfp_name {
	gfp_t mask;
	const char *name;
};

#define G(x) { x, #x }
static const struct gfp_name gfpflag_names[] = {
	G(GFP_TRANSHUGE),
	G(GFP_TRANSHUGE_LIGHT),
	G(GFP_HIGHUSER_MOVABLE),
	G(GFP_HIGHUSER),
	G(GFP_USER),
	G(GFP_KERNEL_ACCOUNT),
	G(GFP_KERNEL),
	G(GFP_NOFS),
	G(GFP_ATOMIC),
	G(GFP_NOIO),
	G(GFP_NOWAIT),
	G(GFP_DMA),
	G(__GFP_HIGHMEM),
	G(GFP_DMA32),
	G(__GFP_HIGH),
	G(__GFP_IO),
	G(__GFP_FS),
	G(__GFP_NOWARN),
	G(__GFP_RETRY_MAYFAIL),
	G(__GFP_NOFAIL),
	G(__GFP_NORETRY),
	G(__GFP_COMP),
	G(__GFP_ZERO),
	G(__GFP_NOMEMALLOC),
	G(__GFP_MEMALLOC),
	G(__GFP_HARDWALL),
	G(__GFP_THISNODE),
	G(__GFP_RECLAIMABLE),
	G(__GFP_MOVABLE),
	G(__GFP_ACCOUNT),
	G(__GFP_WRITE),
	G(__GFP_RECLAIM),
	G(__GFP_DIRECT_RECLAIM),
	G(__GFP_KSWAPD_RECLAIM),
	G(__GFP_ZEROTAGS),
	/* accepted when parsing only: */
	G(__GFP_DMA),
	G(__GFP_DMA32),
};
#undef G
/* The names %pGg prints stop before the parse-only aliases. */
#define NR_PRINTED_NAMES 35

char *gfp_format(gfp_t gfp, char *buf, size_t len)
{
	size_t pos = 0;
	bool first = true;

	buf[0] = '\0';
	for (int i = 0; i < NR_PRINTED_NAMES && gfp; i++) {
		gfp_t mask = gfpflag_names[i].mask;

		if ((gfp & mask) != mask)
			continue;
		pos += (size_t)snprintf(buf + pos, pos < len ? len - pos : 0,
					"%s%s", first ? "" : "|",
					gfpflag_names[i].name);
		gfp &= ~mask;
		first = false;
	}
	if (gfp)
		pos += (size_t)snprintf(buf + pos, pos < len ? len - pos : 0,
					"%s0x%x", first ? "" : "|", gfp);
	return buf;
}

static int gfp_word(const char *word, size_t n, gfp_t *out)
{
	char *end;
	char tmp[64];

	if (n == 0 || n >= sizeof(tmp))
		return -EINVAL;
	memcpy(tmp, word, n);
	tmp[n] = '\0';
	for (size_t i = 0; i < sizeof(gfpflag_names) / sizeof(gfpflag_names[0]); i++) {
		if (!strcmp(gfpflag_names[i].name, tmp)) {
			*out = gfpflag_names[i].mask;
			return 0;
		}
	}
	if (tmp[0] >= '0' && tmp[0] <= '9') {
		unsigned long v = strtoul(tmp, &end, 0);

		if (*end == '\0' && v <= 0xffffffffUL) {
			*out = (gfp_t)v;
			return 0;
		}
	}
	return -EINVAL;
}

int gfp_parse(const char *text, gfp_t *out, char *bad, size_t badlen)
{
	gfp_t gfp = 0;
	const char *p = text;

	for (;;) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		gfp_t bits;

		if (gfp_word(p, n, &bits)) {
			if (bad)
				snprintf(bad, badlen, "%.*s", (int)n, p);
			return -EINVAL;
		}
		gfp |= bits;
		if (!bar)
			break;
		p = bar + 1;
	}
	*out = gfp;
	return 0;
}
