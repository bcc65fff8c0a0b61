// SPDX-License-Identifier: MIT
/*
 * tlb.c - the per-CPU translation lookaside buffers of an x86 core.
 *
 * What it models: an L1 data TLB and an L1 instruction TLB backed by a
 * unified second-level TLB (STLB).  Every level keeps one set-associative
 * array per page size (4K, 2M/4M, 1G), indexed by the low bits of the
 * virtual page number, with true LRU replacement inside a set.  Entries are
 * tagged with a PCID (x86_64's address-space identifier) unless global, so
 * a CR3 load need not flush them: a lookup matches an entry whose page
 * number is the address's and whose PCID is the current one, or which is
 * global.  A miss in L1 that hits in the STLB refills L1; a walk's result
 * (tlb_insert) fills both.  The flushes are invlpg (every entry that maps
 * the address, any PCID, global too), INVPCID single-context (one PCID's
 * non-global entries), a CR3 load without PCID (every non-global entry) and
 * a CR4.PGE toggle (everything).
 *
 * What it simplifies:
 * - PCIDs are plain tags.  The global flag is the only exception to the
 *   tag match; there is no modelling of CR4.PCIDE being off (the caller
 *   passes pcid 0 and flushes with tlb_flush_nonglobal) or of the
 *   architectural leeway to keep or drop entries early.
 * - No page-walk caches (paging-structure caches, PDE/PML4 caches): a walk
 *   always reads every level; the MMU counts that in stats.walks/walk_refs.
 * - Real STLBs share one array between 4K and 2M pages; here each page size
 *   has its own array at every level (the default 2M STLB has the 4K one's
 *   geometry), so 2M entries never evict 4K ones.
 * - The L1 arrays are probed one page size after another (4K first), not
 *   in parallel; if an address is cached at two sizes (software forgot a
 *   flush) the smaller wins.
 * - The STLB is not inclusive of L1: an entry evicted from the STLB may
 *   still hit in L1, as on real hardware.
 * - Permissions are cached as the walk found them (TLBF_*); checking them
 *   is the MMU's job, not the TLB's.
 *
 * Each array counts its valid entries (nr_valid): an empty one - the 2M
 * and 1G arrays of a 4K workload - is skipped by lookups and flushes.
 * That is the simulator's speed, not a model of anything.
 *
 * LRU: each array has a 32-bit clock stamped into an entry when it is used.
 * When the clock wraps, every set's stamps are renumbered by rank (1..ways)
 * so the order survives and replacement stays exact however long the run.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tlb.h"

/* tlb_lookup indexes the L1 level with @instr directly. */
_Static_assert(TLB_L1D == 0 && TLB_L1I == 1, "L1 levels are 0 (data) and 1 (instr)");

void tlb_default_geometry(struct tlb_config *cfg)
{
	static const struct tlb_config def = { .g = {
		[TLB_L1D] = {
			[TLB_4K] = { 16, 4 },	/* 64 entries */
			[TLB_2M] = { 8, 4 },	/* 32 */
			[TLB_1G] = { 1, 4 },	/* 4 */
		},
		[TLB_L1I] = {
			[TLB_4K] = { 16, 8 },	/* 128 */
			[TLB_2M] = { 1, 8 },	/* 8 */
			[TLB_1G] = { 0, 0 },	/* none */
		},
		[TLB_STLB] = {
			[TLB_4K] = { 128, 12 },	/* 1536 */
			[TLB_2M] = { 128, 12 },	/* 1536 */
			[TLB_1G] = { 4, 4 },	/* 16 */
		},
	} };

	*cfg = def;
}

static bool is_pow2(unsigned int x)
{
	return x && !(x & (x - 1));
}

int tlb_init(struct tlb *tlb, const struct tlb_config *cfg)
{
	memset(tlb, 0, sizeof(*tlb));
	for (int l = 0; l < TLB_NR_LEVELS; l++)
		for (int s = 0; s < TLB_NR_SIZES; s++) {
			const struct tlb_geometry *g = &cfg->g[l][s];

			if (g->ways && !is_pow2(g->sets))
				return -EINVAL;
		}
	for (int l = 0; l < TLB_NR_LEVELS; l++)
		for (int s = 0; s < TLB_NR_SIZES; s++) {
			const struct tlb_geometry *g = &cfg->g[l][s];
			struct tlb_array *a = &tlb->a[l][s];

			if (!g->ways)
				continue;	/* absent: 0 ways, no entries */
			/* one spare set past the end: scratch for tlb_lru_renumber */
			a->e = calloc((size_t)(g->sets + 1) * g->ways, sizeof(*a->e));
			if (!a->e) {
				tlb_release(tlb);
				return -ENOMEM;
			}
			a->g = *g;
		}
	return 0;
}

void tlb_release(struct tlb *tlb)
{
	for (int l = 0; l < TLB_NR_LEVELS; l++)
		for (int s = 0; s < TLB_NR_SIZES; s++) {
			struct tlb_array *a = &tlb->a[l][s];

			free(a->e);
			a->e = NULL;
			a->g.sets = a->g.ways = 0;
			a->clock = 0;
		}
}

/* ------------------------------------------------------------------ LRU */

/*
 * The clock wrapped: renumber each set's valid entries 1..n from the least
 * recently used (rank = 1 + the number of valid entries used before it).
 * The ranks go to the scratch set allocated past the last one first, so
 * every rank is computed from the old stamps.  O(ways^2) per set, once
 * every 2^32 uses of the array.
 */
__attribute__((noinline, cold))
static void tlb_lru_renumber(struct tlb_array *a)
{
	unsigned int ways = a->g.ways;
	size_t n = (size_t)a->g.sets * ways;
	struct tlb_entry *rank = a->e + n;
	uint32_t max = 0;

	for (size_t base = 0; base < n; base += ways) {
		struct tlb_entry *set = a->e + base;

		for (unsigned int i = 0; i < ways; i++) {
			uint32_t r = 0;

			if (set[i].flags & TLBF_VALID) {
				for (unsigned int j = 0; j < ways; j++)
					if ((set[j].flags & TLBF_VALID) &&
					    (set[j].lru < set[i].lru ||
					     (set[j].lru == set[i].lru && j < i)))
						r++;
				r++;
			}
			rank[i].lru = r;
			if (r > max)
				max = r;
		}
		for (unsigned int i = 0; i < ways; i++)
			set[i].lru = rank[i].lru;
	}
	a->clock = max;
}

static inline void tlb_touch(struct tlb_array *a, struct tlb_entry *e)
{
	uint32_t now = ++a->clock;

	if (tlb_unlikely(now == 0)) {
		tlb_lru_renumber(a);
		now = ++a->clock;
	}
	e->lru = now;
}

/* --------------------------------------------------------------- lookup */

/* Does @e translate page @vpn for @pcid?  Branch-free. */
static inline bool tlb_match(const struct tlb_entry *e, uint64_t vpn, uint16_t pcid)
{
	unsigned int f = e->flags;

	return (e->vpn == vpn) & ((f & TLBF_VALID) != 0) &
	       ((e->pcid == pcid) | ((f & TLBF_GLOBAL) != 0));
}

/*
 * The way of @a's set for @vpn that translates it for @pcid, or NULL: the
 * first way that matches.  Found as the hot path does (tlb_lookup_l1):
 * the first way holding the page number, without a branch; if it matches
 * it is the first way that does, and if no way holds the number none
 * matches.  Only when that way is another PCID's or invalid is the set
 * scanned again, in order.
 */
static inline struct tlb_entry *tlb_probe(struct tlb_array *a, uint64_t vpn,
					  uint16_t pcid)
{
	unsigned int ways = a->g.ways;
	/* sets is a power of two; an absent array has 0 ways and no loop */
	size_t base = (size_t)(vpn & (uint64_t)(a->g.sets - 1u)) * ways;
	struct tlb_entry *hit = NULL;

	if (!a->nr_valid)	/* the 2M and 1G arrays of a 4K workload, say */
		return NULL;
	for (unsigned int w = ways; w-- > 0;)
		hit = a->e[base + w].vpn == vpn ? &a->e[base + w] : hit;
	if (tlb_likely(hit == NULL || tlb_match(hit, vpn, pcid)))
		return hit;
	for (unsigned int w = 0; w < ways; w++) {
		struct tlb_entry *e = a->e + base + w;

		if (tlb_match(e, vpn, pcid))
			return e;
	}
	return NULL;
}

/*
 * Cache a translation in @a: in the way that already translates @vpn for
 * @pcid, else in an invalid way, else in the least recently used one.
 * One pass: an invalid way ranks as use 0 (a valid way's stamp is at
 * least 1), so the first way of the lowest rank is the first invalid one
 * if any, else the least recently used; the page-number compare comes
 * first so that the full match is rarely evaluated.
 */
static struct tlb_entry *tlb_fill(struct tlb_array *a, uint64_t vpn, uint16_t pcid,
				  uint64_t pfn, uint8_t flags, enum tlb_page_size size)
{
	unsigned int ways = a->g.ways;
	struct tlb_entry *set, *victim = NULL;
	uint32_t best = UINT32_MAX;

	if (!ways)
		return NULL;
	set = a->e + (size_t)(vpn & (uint64_t)(a->g.sets - 1u)) * ways;
	for (unsigned int w = 0; w < ways; w++) {
		struct tlb_entry *e = &set[w];
		uint32_t rank = (e->flags & TLBF_VALID) ? e->lru : 0;

		if (tlb_unlikely(e->vpn == vpn) && tlb_match(e, vpn, pcid)) {
			victim = e;
			break;
		}
		if (rank < best) {
			best = rank;
			victim = e;
		}
	}
	a->nr_valid += !(victim->flags & TLBF_VALID);
	victim->vpn = vpn;
	victim->pfn = pfn;
	victim->pcid = pcid;
	victim->flags = flags | TLBF_VALID;
	victim->size = (uint8_t)size;
	tlb_touch(a, victim);
	return victim;
}

/*
 * Everything but a plain L1 4K hit (see tlb_lookup_l1 in tlb.h): the L1
 * arrays of every page size, 4K again, then the STLB.
 */
__attribute__((noinline))
struct tlb_entry *tlb_lookup_slow(struct tlb *tlb, const struct tlb_shifts *sh,
				  uint64_t va, uint16_t pcid, unsigned int l1)
{
	struct tlb_entry *e;

	for (int s = TLB_4K; s < TLB_NR_SIZES; s++) {
		struct tlb_array *a = &tlb->a[l1][s];

		if (!a->g.ways)
			continue;
		e = tlb_probe(a, va >> sh->shift[s], pcid);
		if (e) {
			tlb_touch(a, e);
			tlb->stats.hits[l1]++;
			return e;
		}
	}
	return tlb_lookup_stlb(tlb, sh, va, pcid, l1);
}

/** tlb_lookup_stlb - see tlb.h. */
struct tlb_entry *tlb_lookup_stlb(struct tlb *tlb, const struct tlb_shifts *sh,
				  uint64_t va, uint16_t pcid, unsigned int l1)
{
	struct tlb_entry *e;

	tlb->stats.misses[l1]++;
	for (int s = 0; s < TLB_NR_SIZES; s++) {
		struct tlb_array *a = &tlb->a[TLB_STLB][s];
		struct tlb_entry *l1e;

		if (!a->g.ways)
			continue;
		e = tlb_probe(a, va >> sh->shift[s], pcid);
		if (!e)
			continue;
		tlb_touch(a, e);
		tlb->stats.hits[TLB_STLB]++;
		/* refill L1 with the entry as it is (its own PCID, global bit) */
		tlb->changes++;
		l1e = tlb_fill(&tlb->a[l1][s], e->vpn, e->pcid, e->pfn, e->flags,
			       (enum tlb_page_size)s);
		return l1e ? l1e : e;
	}
	tlb->stats.misses[TLB_STLB]++;
	return NULL;
}

/* The L1 4K fast path (tlb_lookup_l1 in tlb.h), else the whole lookup. */
struct tlb_entry *tlb_lookup(struct tlb *tlb, const struct tlb_shifts *sh,
			     uint64_t va, uint16_t pcid, bool instr)
{
	unsigned int l1 = instr;	/* TLB_L1D or TLB_L1I */
	bool held;
	struct tlb_entry *e = tlb_lookup_l1(tlb, l1, TLB_4K, va >> sh->shift[TLB_4K], pcid,
					    &held);

	return tlb_likely(e != NULL) ? e : tlb_lookup_slow(tlb, sh, va, pcid, l1);
}

void tlb_insert(struct tlb *tlb, const struct tlb_shifts *sh, uint64_t va,
		uint16_t pcid, enum tlb_page_size size, uint64_t pfn,
		uint8_t flags, bool instr)
{
	uint64_t vpn;

	if ((unsigned int)size >= TLB_NR_SIZES)
		return;
	vpn = va >> sh->shift[size];
	tlb->changes++;
	tlb_fill(&tlb->a[instr ? TLB_L1I : TLB_L1D][size], vpn, pcid, pfn, flags, size);
	tlb_fill(&tlb->a[TLB_STLB][size], vpn, pcid, pfn, flags, size);
}

/* -------------------------------------------------------------- flushes */

static inline void tlb_drop(struct tlb_array *a, struct tlb_entry *e)
{
	a->nr_valid -= (e->flags & TLBF_VALID) != 0;
	memset(e, 0, sizeof(*e));
}

void tlb_flush_one(struct tlb *tlb, const struct tlb_shifts *sh, uint64_t va)
{
	tlb->stats.flush_one++;
	tlb->changes++;
	for (int l = 0; l < TLB_NR_LEVELS; l++)
		for (int s = 0; s < TLB_NR_SIZES; s++) {
			struct tlb_array *a = &tlb->a[l][s];
			unsigned int ways = a->g.ways;
			uint64_t vpn = va >> sh->shift[s];
			struct tlb_entry *set;

			if (!a->nr_valid)
				continue;
			set = a->e + (size_t)(vpn & (uint64_t)(a->g.sets - 1u)) * ways;
			for (unsigned int w = 0; w < ways; w++)
				if ((set[w].flags & TLBF_VALID) && set[w].vpn == vpn)
					tlb_drop(a, &set[w]);
		}
}

/* Drop every entry whose flags & @mask == @want (and, if @pcid >= 0, of @pcid). */
static void tlb_flush_where(struct tlb *tlb, uint8_t mask, uint8_t want, int pcid)
{
	tlb->changes++;
	for (int l = 0; l < TLB_NR_LEVELS; l++)
		for (int s = 0; s < TLB_NR_SIZES; s++) {
			struct tlb_array *a = &tlb->a[l][s];
			size_t n = a->nr_valid ? (size_t)a->g.sets * a->g.ways : 0;

			for (size_t i = 0; i < n; i++) {
				struct tlb_entry *e = &a->e[i];

				if ((e->flags & mask) == want &&
				    (pcid < 0 || e->pcid == (uint16_t)pcid))
					tlb_drop(a, e);
			}
		}
}

void tlb_flush_pcid(struct tlb *tlb, uint16_t pcid)
{
	tlb->stats.flush_pcid++;
	tlb_flush_where(tlb, TLBF_VALID | TLBF_GLOBAL, TLBF_VALID, pcid);
}

void tlb_flush_nonglobal(struct tlb *tlb)
{
	tlb->stats.flush_all++;
	tlb_flush_where(tlb, TLBF_VALID | TLBF_GLOBAL, TLBF_VALID, -1);
}

void tlb_flush_all(struct tlb *tlb)
{
	tlb->stats.flush_global++;
	tlb->changes++;
	for (int l = 0; l < TLB_NR_LEVELS; l++)
		for (int s = 0; s < TLB_NR_SIZES; s++) {
			struct tlb_array *a = &tlb->a[l][s];

			if (a->e && a->nr_valid)
				memset(a->e, 0, (size_t)a->g.sets * a->g.ways * sizeof(*a->e));
			a->clock = 0;
			a->nr_valid = 0;
		}
}
