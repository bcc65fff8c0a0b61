/* SPDX-License-Identifier: MIT */
/*
 * tlb.h - the per-CPU translation lookaside buffers (src/hw/tlb.c).
 *
 * Each CPU has an L1 data TLB, an L1 instruction TLB and a unified second
 * level (STLB).  Each level keeps one set-associative array per page size
 * (4K, 2M-or-4M, 1G) with LRU replacement.  Entries are tagged with the
 * PCID (x86_64's ASID) unless global; a lookup matches an entry whose page
 * number is the address's and whose PCID is the current one, or which is
 * global.  The geometry is configurable; the defaults are a recent x86
 * core's (64-entry 4-way L1 dTLB, 1536-entry 12-way STLB).
 */
#ifndef MMSIM_TLB_H
#define MMSIM_TLB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum tlb_page_size { TLB_4K, TLB_2M, TLB_1G, TLB_NR_SIZES };	/* TLB_2M also holds i386's 4M */
enum tlb_level { TLB_L1D, TLB_L1I, TLB_STLB, TLB_NR_LEVELS };

/* Entry flags: the permissions the walk found, combined over all levels. */
#define TLBF_VALID	0x01
#define TLBF_GLOBAL	0x02
#define TLBF_WRITE	0x04	/* RW set at every level */
#define TLBF_USER	0x08	/* US set at every level */
#define TLBF_NX		0x10	/* NX set at some level */
#define TLBF_DIRTY	0x20	/* the leaf's D bit was set when cached */

struct tlb_entry {
	uint64_t vpn;		/* virtual address >> the page size's shift */
	uint64_t pfn;		/* first 4K frame of the page */
	uint32_t lru;		/* last use, per array clock */
	uint16_t pcid;
	uint8_t flags;
	uint8_t size;		/* enum tlb_page_size (tlb_insert sets it) */
};

struct tlb_geometry {
	uint16_t sets, ways;	/* sets must be a power of two; 0 ways: none */
};

/* Per level and page size; see tlb_default_geometry(). */
struct tlb_config {
	struct tlb_geometry g[TLB_NR_LEVELS][TLB_NR_SIZES];
};

struct tlb_array {
	struct tlb_geometry g;
	uint32_t clock;
	uint32_t nr_valid;	/* valid entries: an empty array is not probed */
	struct tlb_entry *e;	/* sets * ways */
};

struct tlb_stats {
	uint64_t hits[TLB_NR_LEVELS];
	uint64_t misses[TLB_NR_LEVELS];
	uint64_t walks;
	uint64_t walk_refs;	/* page-table entries read by walks */
	uint64_t flush_one, flush_range, flush_pcid, flush_all, flush_global;
};

struct tlb {
	struct tlb_array a[TLB_NR_LEVELS][TLB_NR_SIZES];
	struct tlb_stats stats;
	/*
	 * Fills and drops so far, and that count when check_machine last
	 * found every nr_valid right: unchanged arrays are not recounted.
	 */
	uint64_t changes, checked_changes;
};

/* The shift of each page size (12, 21 or 22 for i386's 4M, 30). */
struct tlb_shifts {
	uint8_t shift[TLB_NR_SIZES];
};

void tlb_default_geometry(struct tlb_config *cfg);
/* Allocate the arrays; -ENOMEM or -EINVAL (sets not a power of two). */
int tlb_init(struct tlb *tlb, const struct tlb_config *cfg);
void tlb_release(struct tlb *tlb);

/*
 * tlb_lookup - find @va for @pcid in the L1 array of @instr (iTLB or dTLB),
 * then in the STLB (a hit there refills L1).  Counts hits and misses.
 * Returns the entry (valid until the next TLB operation) or NULL.
 */
struct tlb_entry *tlb_lookup(struct tlb *tlb, const struct tlb_shifts *sh,
			     uint64_t va, uint16_t pcid, bool instr);

#if defined(__GNUC__)
#define tlb_likely(x)	__builtin_expect(!!(x), 1)
#define tlb_unlikely(x)	__builtin_expect(!!(x), 0)
#else
#define tlb_likely(x)	(x)
#define tlb_unlikely(x)	(x)
#endif

/*
 * The end of tlb_lookup_l1 once the set is scanned: @hit is the first way
 * of the set holding the page number, or NULL.
 */
__attribute__((always_inline))
static inline struct tlb_entry *tlb_l1_use(struct tlb *tlb, struct tlb_array *a,
					   unsigned int l1, struct tlb_entry *hit,
					   uint16_t pcid, bool *held)
{
	unsigned int f;
	uint32_t now;

	*held = hit != NULL;
	if (tlb_unlikely(hit == NULL))
		return NULL;
	f = hit->flags;
	now = a->clock + 1;
	if (tlb_unlikely(!(f & TLBF_VALID) || (hit->pcid != pcid && !(f & TLBF_GLOBAL)) ||
			 now == 0))
		return NULL;
	a->clock = now;
	hit->lru = now;
	tlb->stats.hits[l1]++;
	return hit;
}

/*
 * @e if it holds page number @vpn, else @hit: a conditional move.  On
 * x86-64 written as one, so that the compiler cannot make the unrolled
 * scan below a chain of branches (a random pattern of pages mispredicts
 * them).
 */
__attribute__((always_inline))
static inline struct tlb_entry *tlb_sel_vpn(struct tlb_entry *hit, struct tlb_entry *e,
					    uint64_t vpn)
{
#if defined(__GNUC__) && defined(__x86_64__)
	__asm__("cmpq %2, %3\n\tcmove %1, %0"
		: "+r"(hit) : "r"(e), "r"(vpn), "m"(e->vpn) : "cc");
	return hit;
#else
	return e->vpn == vpn ? e : hit;
#endif
}

/* The first way of the 4-way @set holding @vpn, or NULL: four compares, no branch. */
__attribute__((always_inline))
static inline struct tlb_entry *tlb_scan4(struct tlb_entry *set, uint64_t vpn)
{
	struct tlb_entry *hit = NULL;

	hit = tlb_sel_vpn(hit, &set[3], vpn);
	hit = tlb_sel_vpn(hit, &set[2], vpn);
	hit = tlb_sel_vpn(hit, &set[1], vpn);
	return tlb_sel_vpn(hit, &set[0], vpn);
}

/*
 * tlb_lookup_l1_4way - tlb_lookup_l1 for an array the caller knows has 4
 * ways (a->g.ways == 4): the same result and the same side effects.
 */
__attribute__((always_inline))
static inline struct tlb_entry *tlb_lookup_l1_4way(struct tlb *tlb, struct tlb_array *a,
						   unsigned int l1, uint64_t vpn,
						   uint16_t pcid, bool *held)
{
	struct tlb_entry *set = a->e + (size_t)(vpn & (uint64_t)(a->g.sets - 1u)) * 4;

	return tlb_l1_use(tlb, a, l1, tlb_scan4(set, vpn), pcid, held);
}

/*
 * tlb_lookup_l1 - the hot path of every simulated memory access, and
 * tlb_lookup's first step: a hit in the L1 array of @l1 (TLB_L1D or
 * TLB_L1I) for pages of @size, for page number @vpn (va >> shift[@size]).
 * Inline, so that the MMU's fast path makes no call.
 *
 * The set is scanned without a branch: each way's page number is compared
 * and the first way that has it kept with a conditional move, so the cost
 * is the same whichever way hits and the host's branch predictor has
 * nothing to miss (an early-exit loop is ~3x dearer on a random pattern
 * of pages).  Then one check of that way's PCID and flags.  A hit is
 * stamped (LRU), counted and returned.  Everything else returns NULL
 * having changed nothing.  Then *@held tells whether a way has the page
 * number: if none has, the array does not translate @vpn; if one has, the
 * caller takes tlb_lookup_slow, which does the whole lookup from the
 * start - the LRU clock wrapping, or a set that holds the page for two
 * PCIDs (after a fork, say) when the first copy is the other PCID's:
 * correct, only slower.  No array of that kind: NULL, not held.
 */
__attribute__((always_inline))
static inline struct tlb_entry *tlb_lookup_l1(struct tlb *tlb, unsigned int l1,
					      enum tlb_page_size size, uint64_t vpn,
					      uint16_t pcid, bool *held)
{
	struct tlb_array *a = &tlb->a[l1][size];
	unsigned int ways = a->g.ways;
	struct tlb_entry *set, *e, *hit = NULL;

	if (tlb_likely(ways == 4))	/* the default L1D geometry: no multiply */
		return tlb_lookup_l1_4way(tlb, a, l1, vpn, pcid, held);
	if (tlb_unlikely(!ways)) {	/* no array of this kind */
		*held = false;
		return NULL;
	}
	set = a->e + (size_t)(vpn & (uint64_t)(a->g.sets - 1u)) * ways;
	for (e = set + ways; e-- != set;)
		hit = e->vpn == vpn ? e : hit;
	return tlb_l1_use(tlb, a, l1, hit, pcid, held);
}

/*
 * tlb_lookup_slow - the whole of tlb_lookup after tlb_lookup_l1 returned
 * NULL: every L1 array of @l1, 4K again, then the STLB.
 */
struct tlb_entry *tlb_lookup_slow(struct tlb *tlb, const struct tlb_shifts *sh,
				  uint64_t va, uint16_t pcid, unsigned int l1);

/*
 * tlb_lookup_stlb - the end of tlb_lookup_slow, for a caller that probed
 * every L1 array of @l1 and found no way holding the page number: the
 * L1 miss counted, the STLB probed (refilling L1 on a hit).
 */
struct tlb_entry *tlb_lookup_stlb(struct tlb *tlb, const struct tlb_shifts *sh,
				  uint64_t va, uint16_t pcid, unsigned int l1);

/*
 * tlb_insert - cache a translation found by a walk in the L1 array of
 * @instr and in the STLB, evicting the least recently used way.
 */
void tlb_insert(struct tlb *tlb, const struct tlb_shifts *sh, uint64_t va,
		uint16_t pcid, enum tlb_page_size size, uint64_t pfn,
		uint8_t flags, bool instr);

/* invlpg: drop every entry (any PCID, global too) that maps @va. */
void tlb_flush_one(struct tlb *tlb, const struct tlb_shifts *sh, uint64_t va);
/* INVPCID single-context: drop the non-global entries of @pcid. */
void tlb_flush_pcid(struct tlb *tlb, uint16_t pcid);
/* CR3 load without PCID: drop every non-global entry. */
void tlb_flush_nonglobal(struct tlb *tlb);
/* CR4.PGE toggle: drop everything. */
void tlb_flush_all(struct tlb *tlb);

#endif /* MMSIM_TLB_H */
