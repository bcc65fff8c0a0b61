/* SPDX-License-Identifier: MIT */
/*
 * random.h - the machine's deterministic PRNG (xoshiro256**, seeded by
 * splitmix64), standing in for the kernel's prandom_u32_state / get_random_*.
 */
#ifndef MMSIM_RANDOM_H
#define MMSIM_RANDOM_H

#include <stdint.h>

struct rnd_state {
	uint64_t s[4];
};

void prandom_seed_state(struct rnd_state *st, uint64_t seed);
uint64_t prandom_u64_state(struct rnd_state *st);
/* A value in [0, n) (n > 0), without modulo bias worth noticing. */
uint64_t prandom_below(struct rnd_state *st, uint64_t n);

#endif /* MMSIM_RANDOM_H */
