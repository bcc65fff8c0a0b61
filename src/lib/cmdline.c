// SPDX-License-Identifier: MIT
/*
 * cmdline.c - number parsing for configs and scenarios (lib/cmdline.c's
 * memparse: a number in any C base with an optional K/M/G/T suffix).
 */
#include <errno.h>
#include <stdlib.h>
#include "internal.h"

/**
 * parse_u64 - a whole unsigned number (decimal, 0x hex, 0 octal).
 */
int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

/**
 * parse_long - a whole signed number.
 */
int parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

/**
 * memparse - a size such as "16M", "1G", "4096" or "0x1000" in bytes.
 */
int memparse(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;
	int shift = 0;

	if (!s || !*s || *s == '-' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -EINVAL;
	switch (*end) {
	case 'T': case 't': shift = 40; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'K': case 'k': shift = 10; end++; break;
	default: break;
	}
	if (*end == 'B' || *end == 'b')	/* "64MB" reads naturally too */
		end++;
	if (*end)
		return -EINVAL;
	if (shift && v > (~0ULL >> shift))
		return -EINVAL;
	*out = v << shift;
	return 0;
}
