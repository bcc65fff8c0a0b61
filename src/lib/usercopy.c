// SPDX-License-Identifier: MIT
/*
 * usercopy.c - copy_from_user and copy_to_user (lib/usercopy.c
 * _copy_from_user / _copy_to_user and include/linux/uaccess.h, Linux 6.6)
 * over the architecture's raw copies (src/arch/uaccess.c).
 *
 * Simplified: no fault injection, no KASAN/KCSAN instrumentation, no
 * check_copy_size (hardened usercopy's object bounds).
 */
#include <string.h>
#include "internal.h"
#include "uaccess.h"

/**
 * copy_from_user - _copy_from_user: @n bytes from user @from to @to;
 * returns the bytes not copied, and zeroes that tail of @to (so a short
 * copy never leaves stale kernel bytes behind); all @n when access_ok
 * refuses.
 */
size_t copy_from_user(struct machine *m, void *to, uint64_t from, size_t n)
{
	size_t res = n;

	if (access_ok(m, from, n))
		res = raw_copy_from_user(m, to, from, n);
	if (res)
		memset((uint8_t *)to + (n - res), 0, res);
	return res;
}

/**
 * copy_to_user - _copy_to_user: @n bytes from @from to user @to; returns
 * the bytes not copied (all @n when access_ok refuses).
 */
size_t copy_to_user(struct machine *m, uint64_t to, const void *from, size_t n)
{
	if (access_ok(m, to, n))
		n = raw_copy_to_user(m, to, from, n);
	return n;
}
