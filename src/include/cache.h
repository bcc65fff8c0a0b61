/* SPDX-License-Identifier: MIT */
/*
 * cache.h - the CPU caches (src/hw/cache.c), off by default.
 *
 * Per CPU an L1 data and an L1 instruction cache and an L2; one last-level
 * cache shared by all CPUs.  Physically indexed and tagged,
 * set-associative, 64-byte lines, LRU.  An access looks in L1 (d or i),
 * then L2, then the LLC, then goes to DRAM, filling every level it missed
 * (inclusive).  The caches model only where data would be found (for the
 * statistics and the cost model): simulated RAM always holds the data.
 */
#ifndef MMSIM_CACHE_H
#define MMSIM_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#define CACHE_LINE_SHIFT 6
#define CACHE_LINE_SIZE (1U << CACHE_LINE_SHIFT)

enum cache_level { CACHE_L1D, CACHE_L1I, CACHE_L2, CACHE_LLC, CACHE_NR_LEVELS };
/* Where an access was served from (CACHE_NR_LEVELS: DRAM). */
#define CACHE_DRAM CACHE_NR_LEVELS

struct cache_geometry {
	uint32_t size;		/* bytes; 0: this level is absent */
	uint16_t ways;
};

struct cache_config {
	struct cache_geometry g[CACHE_NR_LEVELS];
};

struct cache {
	struct cache_geometry g;
	uint32_t sets;		/* size / (ways * 64), a power of two */
	uint32_t clock;
	uint64_t *tag;		/* sets * ways line addresses (pa >> 6) + 1; 0 = empty */
	uint32_t *lru;
	uint64_t hits, misses;
};

/* The caches of one CPU; llc points to the machine's shared one. */
struct cpu_caches {
	struct cache l1d, l1i, l2;
	struct cache *llc;
};

/* Defaults: 48K 12-way L1d, 32K 8-way L1i, 2M 16-way L2, 32M 16-way LLC. */
void cache_default_config(struct cache_config *cfg);
/* Set up one cache; -EINVAL if the geometry is not a power of two. */
int cache_init(struct cache *c, const struct cache_geometry *g);
void cache_release(struct cache *c);
/*
 * cache_access - a read or write of the line holding @pa; returns the
 * level that had it (CACHE_L1D/L1I, CACHE_L2, CACHE_LLC) or CACHE_DRAM.
 */
int cache_access(struct cpu_caches *cc, uint64_t pa, bool instr);
/* Drop every line (wbinvd). */
void cache_flush(struct cache *c);

#endif /* MMSIM_CACHE_H */
