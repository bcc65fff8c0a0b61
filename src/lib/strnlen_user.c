// SPDX-License-Identifier: MIT
/*
 * strnlen_user.c - the size of a user string (lib/strnlen_user.c, Linux
 * 6.6).
 *
 * Linux reads aligned words (8 bytes on x86_64, 4 on i386) from the word
 * holding the first byte, the bytes before the string masked as non-NUL,
 * so a read never crosses a page; the result counts the NUL.  A NUL found
 * in the last word read is reported even when it lies beyond @count (the
 * result is then greater than @count, which callers take as "too long").
 */
#include "arch.h"
#include "internal.h"
#include "uaccess.h"

/* find_zero: the first NUL of @w's @len bytes, or @len. */
static size_t find_zero(const uint8_t *w, size_t len)
{
	size_t i;

	for (i = 0; i < len && w[i]; i++)
		;
	return i;
}

/*
 * do_strnlen_user: @count the caller's limit, @max the address space's:
 * the size with the NUL, @count + 1 when @count ran out first, 0 on a
 * fault or when the address space ran out first.
 */
static long do_strnlen_user(struct machine *m, uint64_t src, unsigned long count,
			    unsigned long max)
{
	const size_t word = (size_t)m->arch->bits / 8;
	unsigned long align = (unsigned long)(src & (word - 1)), res = 0;
	uint8_t c[8];

	src -= align;
	max += align;
	if (raw_copy_from_user(m, c, src, word))
		return 0;
	for (unsigned long i = 0; i < align; i++)
		c[i] = 0xff;			/* c |= aligned_byte_mask(align) */
	for (;;) {
		size_t z = find_zero(c, word);

		if (z < word)
			return (long)(res + z + 1 - align);
		res += word;
		if (max <= word)
			break;
		max -= word;
		if (raw_copy_from_user(m, c, src + res, word))
			return 0;
	}
	res -= align;
	if (res >= count)
		return (long)count + 1;
	return 0;
}

/**
 * strnlen_user - the size of the user string at @str with its NUL,
 * looking at no more than @count bytes; see uaccess.h.  A string at or
 * above TASK_SIZE_MAX gives 0.
 */
long strnlen_user(struct machine *m, uint64_t str, long count)
{
	uint64_t max_addr = TASK_SIZE_MAX(m);

	if (count <= 0)
		return 0;
	if (str < max_addr) {
		uint64_t max = max_addr - str;
		long ret;

		if (max > (uint64_t)count)
			max = (uint64_t)count;
		if (user_access_begin(m, str, max)) {	/* user_read_access_begin */
			ret = do_strnlen_user(m, str, (unsigned long)count, (unsigned long)max);
			user_access_end(m);
			return ret;
		}
	}
	return 0;
}
