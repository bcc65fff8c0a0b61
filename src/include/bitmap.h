/* SPDX-License-Identifier: MIT */
/*
 * bitmap.h - bit arrays of unsigned longs (include/linux/bitmap.h,
 * include/linux/find.h, lib/bitmap.c, lib/find_bit.c).
 *
 * Bit n lives in word n / BITS_PER_LONG at position n % BITS_PER_LONG, as
 * on a little-endian Linux.  The find functions return @size when nothing
 * is found, as Linux's do.
 */
#ifndef MMSIM_BITMAP_H
#define MMSIM_BITMAP_H

#include <stdbool.h>
#include <limits.h>

#define BITS_PER_LONG ((int)(sizeof(long) * CHAR_BIT))
#define BITS_TO_LONGS(nr) (((nr) + BITS_PER_LONG - 1) / BITS_PER_LONG)

static inline bool test_bit(unsigned long nr, const unsigned long *map)
{
	return (map[nr / BITS_PER_LONG] >> (nr % BITS_PER_LONG)) & 1;
}

void bitmap_set(unsigned long *map, unsigned long start, unsigned long nr);
void bitmap_clear(unsigned long *map, unsigned long start, unsigned long nr);
unsigned long find_next_bit(const unsigned long *map, unsigned long size,
			    unsigned long offset);
unsigned long find_next_zero_bit(const unsigned long *map, unsigned long size,
				 unsigned long offset);
unsigned long bitmap_find_next_zero_area_off(const unsigned long *map,
					     unsigned long size,
					     unsigned long start,
					     unsigned long nr,
					     unsigned long align_mask,
					     unsigned long align_offset);
/* bitmap_weight - the number of set bits among the first @nbits. */
unsigned long bitmap_weight(const unsigned long *map, unsigned long nbits);

#endif /* MMSIM_BITMAP_H */
