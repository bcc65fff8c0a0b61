// SPDX-License-Identifier: MIT
/*
 * strncpy_from_user.c - copy a NUL-terminated string from user space
 * (lib/strncpy_from_user.c, Linux 6.6).
 *
 * x86 has efficient unaligned access, so the copy goes a word at a time
 * (8 bytes on x86_64, 4 on i386) from wherever the string starts; a word
 * that faults (say, one running into an unmapped page after the NUL)
 * falls back to a byte at a time from there.  The word holding the NUL is
 * stored with the bytes after the NUL zeroed (zero_bytemask), so up to a
 * word minus one byte of @dst past the NUL is written, as in Linux.
 */
#include <errno.h>
#include <string.h>
#include "arch.h"
#include "internal.h"
#include "uaccess.h"

/* find_zero of word-at-a-time.h: the first NUL of @w's @len bytes, or @len. */
static size_t find_zero(const uint8_t *w, size_t len)
{
	size_t i;

	for (i = 0; i < len && w[i]; i++)
		;
	return i;
}

/*
 * do_strncpy_from_user: @count is the caller's limit, @max the address
 * space's (at most @count): the length, @count when that was reached, or
 * -EFAULT on a fault or when @max ended the string before @count.
 */
static long do_strncpy_from_user(struct machine *m, char *dst, uint64_t src,
				 unsigned long count, unsigned long max)
{
	const size_t word = (size_t)m->arch->bits / 8;	/* sizeof(unsigned long) */
	unsigned long res = 0;

	while (max >= word) {
		uint8_t c[8];
		size_t z;

		if (raw_copy_from_user(m, c, src + res, word))
			goto byte_at_a_time;	/* unsafe_get_user's fault label */
		z = find_zero(c, word);
		if (z < word) {
			memset(c + z, 0, word - z);	/* c & zero_bytemask(data) */
			memcpy(dst + res, c, word);
			return (long)(res + z);
		}
		memcpy(dst + res, c, word);
		res += word;
		max -= word;
	}

byte_at_a_time:
	while (max) {
		char c;

		if (raw_copy_from_user(m, &c, src + res, 1))
			return -EFAULT;
		dst[res] = c;
		if (!c)
			return (long)res;
		res++;
		max--;
	}
	/* the caller's maximum: as much as was asked for */
	if (res >= count)
		return (long)res;
	/* the address space ended first */
	return -EFAULT;
}

/**
 * strncpy_from_user - copy the user string at @src into @dst (room for
 * @count bytes); see uaccess.h.  A source at or above TASK_SIZE_MAX is
 * -EFAULT; the copy never reads at or beyond it.
 */
long strncpy_from_user(struct machine *m, char *dst, uint64_t src, long count)
{
	uint64_t max_addr = TASK_SIZE_MAX(m);

	if (count <= 0)
		return 0;
	if (src < max_addr) {
		uint64_t max = max_addr - src;
		long ret;

		if (max > (uint64_t)count)
			max = (uint64_t)count;
		if (user_access_begin(m, src, max)) {	/* user_read_access_begin */
			ret = do_strncpy_from_user(m, dst, src, (unsigned long)count,
						   (unsigned long)max);
			user_access_end(m);
			return ret;
		}
	}
	return -EFAULT;
}
