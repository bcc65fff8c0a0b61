// SPDX-License-Identifier: MIT
/*
 * random.c - xoshiro256** seeded through splitmix64: every random choice a
 * machine makes (ASLR, hashing, test workloads) comes from its seed, so a
 * scenario run twice prints the same bytes.
 */
#include "random.h"

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

void prandom_seed_state(struct rnd_state *st, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		st->s[i] = splitmix64(&seed);
}

static inline uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

uint64_t prandom_u64_state(struct rnd_state *st)
{
	uint64_t *s = st->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

uint64_t prandom_below(struct rnd_state *st, uint64_t n)
{
	/* Lemire's multiply-shift: bias below 2^-64 * n, irrelevant here. */
	return (uint64_t)(((unsigned __int128)prandom_u64_state(st) * n) >> 64);
}
