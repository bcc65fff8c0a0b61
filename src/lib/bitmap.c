// SPDX-License-Identifier: MIT
/*
 * bitmap.c - setting, clearing and searching bit arrays (lib/bitmap.c,
 * lib/find_bit.c).  Word at a time where it is simple; the results are
 * Linux's, including bitmap_find_next_zero_area_off's "a value past @size
 * means no fit".
 */
#include "bitmap.h"

/**
 * bitmap_set - set bits [@start, @start + @nr).
 */
void bitmap_set(unsigned long *map, unsigned long start, unsigned long nr)
{
	while (nr && start % BITS_PER_LONG) {
		map[start / BITS_PER_LONG] |= 1UL << (start % BITS_PER_LONG);
		start++, nr--;
	}
	while (nr >= (unsigned long)BITS_PER_LONG) {
		map[start / BITS_PER_LONG] = ~0UL;
		start += BITS_PER_LONG, nr -= BITS_PER_LONG;
	}
	while (nr) {
		map[start / BITS_PER_LONG] |= 1UL << (start % BITS_PER_LONG);
		start++, nr--;
	}
}

/**
 * bitmap_clear - clear bits [@start, @start + @nr).
 */
void bitmap_clear(unsigned long *map, unsigned long start, unsigned long nr)
{
	while (nr && start % BITS_PER_LONG) {
		map[start / BITS_PER_LONG] &= ~(1UL << (start % BITS_PER_LONG));
		start++, nr--;
	}
	while (nr >= (unsigned long)BITS_PER_LONG) {
		map[start / BITS_PER_LONG] = 0;
		start += BITS_PER_LONG, nr -= BITS_PER_LONG;
	}
	while (nr) {
		map[start / BITS_PER_LONG] &= ~(1UL << (start % BITS_PER_LONG));
		start++, nr--;
	}
}

/* _find_next_bit - the first bit at or after @offset equal to !@invert. */
static unsigned long _find_next_bit(const unsigned long *map, unsigned long size,
				    unsigned long offset, unsigned long invert)
{
	unsigned long word;

	if (offset >= size)
		return size;
	word = (map[offset / BITS_PER_LONG] ^ invert) &
	       (~0UL << (offset % BITS_PER_LONG));
	offset -= offset % BITS_PER_LONG;
	while (!word) {
		offset += BITS_PER_LONG;
		if (offset >= size)
			return size;
		word = map[offset / BITS_PER_LONG] ^ invert;
	}
	offset += (unsigned long)__builtin_ctzl(word);
	return offset < size ? offset : size;
}

/**
 * find_next_bit - the first set bit at or after @offset, or @size.
 */
unsigned long find_next_bit(const unsigned long *map, unsigned long size,
			    unsigned long offset)
{
	return _find_next_bit(map, size, offset, 0);
}

/**
 * find_next_zero_bit - the first clear bit at or after @offset, or @size.
 */
unsigned long find_next_zero_bit(const unsigned long *map, unsigned long size,
				 unsigned long offset)
{
	return _find_next_bit(map, size, offset, ~0UL);
}

/**
 * bitmap_find_next_zero_area_off - the first run of @nr clear bits at or
 * after @start whose index plus @align_offset is a multiple of
 * @align_mask + 1 (lib/bitmap.c).  Returns the index, or a value above
 * @size - @nr when no run fits.
 */
unsigned long bitmap_find_next_zero_area_off(const unsigned long *map,
					     unsigned long size,
					     unsigned long start,
					     unsigned long nr,
					     unsigned long align_mask,
					     unsigned long align_offset)
{
	unsigned long index, end, i;

	for (;;) {
		index = find_next_zero_bit(map, size, start);
		/* __ALIGN_MASK(index + align_offset, align_mask) - align_offset */
		index = ((index + align_offset + align_mask) & ~align_mask) - align_offset;
		end = index + nr;
		if (end > size || end < index)
			return end < index ? ~0UL : end;
		i = find_next_bit(map, end, index);
		if (i >= end)
			return index;
		start = i + 1;
	}
}

/**
 * bitmap_weight - how many of the first @nbits bits are set.
 */
unsigned long bitmap_weight(const unsigned long *map, unsigned long nbits)
{
	unsigned long w = 0;

	for (unsigned long i = 0; i < nbits / BITS_PER_LONG; i++)
		w += (unsigned long)__builtin_popcountl(map[i]);
	if (nbits % BITS_PER_LONG)
		w += (unsigned long)__builtin_popcountl(map[nbits / BITS_PER_LONG] &
				((1UL << (nbits % BITS_PER_LONG)) - 1));
	return w;
}
