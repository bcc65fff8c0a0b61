// SPDX-License-Identifier: MIT
/*
 * cache.c - the CPU caches: where a physical line would be found.
 *
 * What it models: per CPU an L1 data cache, an L1 instruction cache and a
 * unified L2; one last-level cache shared by every CPU of the machine
 * (struct cpu_caches.llc points at it).  Each cache is physically indexed
 * and tagged, set-associative with 64-byte lines and true LRU inside a set.
 * An access probes L1 (d or i), then L2, then the LLC, then goes to DRAM;
 * every level that missed is filled on the way back (inclusive fill), so
 * the next access to the line hits in L1.  Each cache counts the hits and
 * misses of the accesses that reached it.
 *
 * What it simplifies:
 * - Only presence is modelled.  Simulated RAM always holds the data; there
 *   are no dirty lines, write-backs, write-allocate choices or coherence
 *   states (a line may sit in several CPUs' L1/L2 at once and a write on
 *   one CPU does not invalidate it elsewhere).
 * - Inclusion is enforced only at fill time: evicting a line from L2 or
 *   the LLC does not back-invalidate the inner levels (the shared LLC does
 *   not know the other CPUs' caches), so the hierarchy behaves as
 *   "non-inclusive, non-exclusive" under eviction pressure.
 * - The set index is the low bits of the line number: no LLC slice hash,
 *   no way partitioning, no prefetchers, no victim cache, no replacement
 *   policy other than LRU.
 * - Every level is physically indexed.  Real L1s are virtually indexed,
 *   but sized (sets x 64 bytes <= 4K) so that the index is the same.
 *
 * A level of size 0 is absent: it is neither probed nor counted.  The LRU
 * clock is 32 bits per cache; when it wraps every set's stamps are
 * renumbered by rank so replacement stays exact however long the run.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"

#if defined(__GNUC__)
#define cache_likely(x)		__builtin_expect(!!(x), 1)
#define cache_unlikely(x)	__builtin_expect(!!(x), 0)
#else
#define cache_likely(x)		(x)
#define cache_unlikely(x)	(x)
#endif

void cache_default_config(struct cache_config *cfg)
{
	static const struct cache_config def = { .g = {
		[CACHE_L1D] = { 48 << 10, 12 },	/* 64 sets */
		[CACHE_L1I] = { 32 << 10, 8 },	/* 64 sets */
		[CACHE_L2]  = { 2 << 20, 16 },	/* 2048 sets */
		[CACHE_LLC] = { 32 << 20, 16 },	/* 32768 sets */
	} };

	*cfg = def;
}

int cache_init(struct cache *c, const struct cache_geometry *g)
{
	uint64_t set_bytes, sets;

	memset(c, 0, sizeof(*c));
	if (!g->size)
		return 0;	/* absent: g = {0, 0}, no sets */
	if (!g->ways)
		return -EINVAL;
	set_bytes = (uint64_t)g->ways * CACHE_LINE_SIZE;
	sets = g->size / set_bytes;
	if (g->size % set_bytes || !sets || (sets & (sets - 1)))
		return -EINVAL;
	c->tag = calloc((size_t)sets * g->ways, sizeof(*c->tag));
	/* the lru array has one spare set's worth: scratch for renumbering */
	c->lru = calloc((size_t)(sets + 1) * g->ways, sizeof(*c->lru));
	if (!c->tag || !c->lru) {
		cache_release(c);
		return -ENOMEM;
	}
	c->g = *g;
	c->sets = (uint32_t)sets;
	return 0;
}

void cache_release(struct cache *c)
{
	free(c->tag);
	free(c->lru);
	c->tag = NULL;
	c->lru = NULL;
	c->g.size = 0;
	c->g.ways = 0;
	c->sets = 0;
	c->clock = 0;
}

void cache_flush(struct cache *c)
{
	size_t n = (size_t)c->sets * c->g.ways;

	if (n) {
		memset(c->tag, 0, n * sizeof(*c->tag));
		memset(c->lru, 0, n * sizeof(*c->lru));
	}
	c->clock = 0;
}

/*
 * The clock wrapped: renumber each set's stamps 1..n from the least
 * recently used (rank = 1 + the number of lines used before it).  Ranks go
 * to the scratch set at the end of the lru array first, so every rank is
 * computed from the old stamps.  O(ways^2) per set, once every 2^32 uses.
 */
__attribute__((noinline, cold))
static void cache_lru_renumber(struct cache *c)
{
	unsigned int ways = c->g.ways;
	uint32_t *rank = c->lru + (size_t)c->sets * ways, max = 0;

	for (size_t base = 0; base < (size_t)c->sets * ways; base += ways) {
		const uint64_t *tag = c->tag + base;
		uint32_t *lru = c->lru + base;

		for (unsigned int i = 0; i < ways; i++) {
			uint32_t r = 0;

			if (tag[i]) {
				for (unsigned int j = 0; j < ways; j++)
					if (tag[j] && (lru[j] < lru[i] ||
						       (lru[j] == lru[i] && j < i)))
						r++;
				r++;
			}
			rank[i] = r;
			if (r > max)
				max = r;
		}
		memcpy(lru, rank, ways * sizeof(*lru));
	}
	c->clock = max;
}

static inline void cache_touch(struct cache *c, size_t way)
{
	uint32_t now = ++c->clock;

	if (cache_unlikely(now == 0)) {
		cache_lru_renumber(c);
		now = ++c->clock;
	}
	c->lru[way] = now;
}

/* Look up line key @key (line number + 1) in @c; a hit is stamped. */
static inline bool cache_hit(struct cache *c, uint64_t key)
{
	unsigned int ways = c->g.ways;
	/* sets is a power of two; an absent cache has 0 ways and no loop */
	size_t base = (size_t)((key - 1) & (uint64_t)(c->sets - 1u)) * ways;

	for (unsigned int w = 0; w < ways; w++)
		if (c->tag[base + w] == key) {
			cache_touch(c, base + w);
			return true;
		}
	return false;
}

/* Bring line key @key into @c (it missed): an empty way, else the LRU one. */
static void cache_fill(struct cache *c, uint64_t key)
{
	unsigned int ways = c->g.ways;
	size_t base = (size_t)((key - 1) & (uint64_t)(c->sets - 1u)) * ways;
	size_t victim = base;

	for (unsigned int w = 0; w < ways; w++) {
		size_t i = base + w;

		if (!c->tag[i]) {
			victim = i;
			break;
		}
		if (c->lru[i] < c->lru[victim])
			victim = i;
	}
	c->tag[victim] = key;
	cache_touch(c, victim);
}

/*
 * Everything but a plain L1 hit (see cache_access): L1 again (a hit whose
 * LRU clock wrapped), L2, the LLC, DRAM; fill every level that missed.
 */
__attribute__((noinline))
static int cache_access_slow(struct cpu_caches *cc, struct cache *l1, uint64_t key)
{
	struct cache *missed[3];
	int n = 0, served = CACHE_DRAM;

	if (l1->g.size && cache_hit(l1, key)) {
		l1->hits++;
		return l1 == &cc->l1i ? CACHE_L1I : CACHE_L1D;
	}
	if (l1->g.size) {	/* an absent L1 is neither probed nor counted */
		l1->misses++;
		missed[n++] = l1;
	}
	if (cc->l2.g.size) {
		if (cache_hit(&cc->l2, key)) {
			cc->l2.hits++;
			served = CACHE_L2;
		} else {
			cc->l2.misses++;
			missed[n++] = &cc->l2;
		}
	}
	if (served == CACHE_DRAM && cc->llc && cc->llc->g.size) {
		if (cache_hit(cc->llc, key)) {
			cc->llc->hits++;
			served = CACHE_LLC;
		} else {
			cc->llc->misses++;
			missed[n++] = cc->llc;
		}
	}
	while (n--)
		cache_fill(missed[n], key);
	return served;
}

/*
 * The L1 hit is the hot path.  The set is scanned without a branch: four
 * ways per step, the way holding the line (at most one does) kept with a
 * conditional move, so the cost does not depend on which way hits.  An
 * early-exit loop is about twice as fast when one line is hit over and
 * over but about three times slower on a random pattern, where the host
 * mispredicts the exit.  (The form of the loop is the one GCC and Clang
 * both turn into cmov at -O2; check the disassembly if you change it.)
 * A miss, an absent L1 or the LRU clock wrapping takes one well-predicted
 * branch to the slow path.
 */
int cache_access(struct cpu_caches *cc, uint64_t pa, bool instr)
{
	struct cache *l1 = instr ? &cc->l1i : &cc->l1d;
	uint64_t key = (pa >> CACHE_LINE_SHIFT) + 1;
	unsigned int ways = l1->g.ways, w = 0;
	size_t base = (size_t)((key - 1) & (uint64_t)(l1->sets - 1u)) * ways;
	const uint64_t *t;
	size_t hit = 0;				/* way + 1; a line is in one way at most */
	uint32_t now;

	if (cache_unlikely(!ways))		/* no L1 of this kind */
		return cache_access_slow(cc, l1, key);
	t = l1->tag + base;
	for (; w + 4 <= ways; w += 4) {
		hit = t[w] == key ? w + 1 : hit;
		hit = t[w + 1] == key ? w + 2 : hit;
		hit = t[w + 2] == key ? w + 3 : hit;
		hit = t[w + 3] == key ? w + 4 : hit;
	}
	for (; w < ways; w++)
		hit = t[w] == key ? w + 1 : hit;
	now = l1->clock + 1;
	if (cache_likely((hit != 0) & (now != 0))) {
		l1->clock = now;
		l1->lru[base + hit - 1] = now;
		l1->hits++;
		return instr ? CACHE_L1I : CACHE_L1D;
	}
	return cache_access_slow(cc, l1, key);
}
