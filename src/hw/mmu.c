// SPDX-License-Identifier: MIT
/*
 * mmu.c - the memory management unit: address translation as an x86 CPU
 * does it, for every simulated memory access.
 *
 *   mmu_translate(va, access, mode)
 *     canonical?            no  -> #GP (reported, the access fails)
 *     TLB hit?              yes -> permission check on the cached rights
 *                                  (a write through a clean entry re-walks
 *                                  to set D, as the hardware's assist does)
 *     page-table walk       from CR3, one entry per level read from
 *                           simulated RAM (through the caches when on);
 *                           RW and US must hold at every level, NX at
 *                           any level forbids fetches; PS ends the walk
 *                           with a large page; A is set on every entry
 *                           used, D on the leaf of a write
 *     fault?                the kernel's page-fault handler gets the x86
 *                           error code (P W U I); if it fixes the
 *                           mapping the access is retried
 *     TLB fill              L1 of the access kind and the STLB
 *
 * A #GP inside a uaccess routine is not reported here: fixup_exception
 * (src/arch/extable.c) has it.
 * Supervisor writes to read-only pages fault (CR0.WP=1).  Simplified:
 * no SMEP/SMAP (the kernel may touch user pages), no reserved-bit checks,
 * no paging-structure caches besides the TLB, A/D set only on success.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"
#include "mmu.h"
#include "uaccess.h"

/**
 * cpu_account_div - the end of cpu_account: the clock moved to @n /
 * cost.cpu_mhz, by division, if that is later; and the inverse
 * cpu_account multiplies by from then on (libdivide's
 * branch-free unsigned 64-bit divider: q = mulhi(magic, n), then
 * (((n - q) >> 1) + q) >> shift, exact for every 64-bit @n).  A divisor
 * of 1 has none (the shift would be -1): it is divided every time.
 */
void cpu_account_div(struct machine *m, uint64_t n)
{
	uint32_t d = m->cost.cpu_mhz;
	uint64_t ns = n / d;

	if (ns > m->clock_ns)
		m->clock_ns = ns;

#ifdef __SIZEOF_INT128__
	if (d > 1) {
		__extension__ typedef unsigned __int128 u128;
		unsigned int l = 31u - (unsigned int)__builtin_clz(d);	/* floor(log2 d) */
		uint64_t magic = 0;

		if (d & (d - 1)) {
			u128 num = (u128)1 << (64 + l);
			uint64_t pm = (uint64_t)(num / d), rem = (uint64_t)(num % d);
			uint64_t twice = rem + rem;

			pm += pm;
			if (twice >= d || twice < rem)
				pm++;
			magic = pm + 1;
			m->clock_div_shift = l;
		} else {
			m->clock_div_shift = l - 1;	/* (n >> 1) >> (l - 1) */
		}
		m->clock_div_magic = magic;
		m->clock_div_d = d;
	}
#endif
}

/* The page size a walk ending at @lvl maps. */
static enum tlb_page_size level_size(const struct mmu_format *f, int lvl)
{
	switch (f->level[lvl].shift) {
	case 12: return TLB_4K;
	case 30: return TLB_1G;
	default: return TLB_2M;		/* 2M (x86_64 PMD) or 4M (i386 PGD) */
	}
}

/* The cost of reading one page-table entry with the caches on: its cache level or DRAM. */
static uint64_t walk_read_cost(struct machine *m, struct cpu_state *c, phys_addr_t pa)
{
	int lvl = cache_access(&c->caches, pa, false);

	return m->cost.walk_step + (lvl == CACHE_DRAM ? m->cost.dram : m->cost.cache_hit[lvl]);
}

/*
 * Start a walk's record: every field but the steps, which the walk
 * writes as it goes (nsteps of them are valid).  Not a memset: the
 * record is 200 bytes and a walk runs twice on every fault.
 */
static inline void mmu_walk_init(struct mmu_walk *w)
{
	w->nsteps = 0;
	w->tlb_hit = false;
	w->tlb_level = 0;
	w->leaf_level = 0;
	w->pa = 0;
	w->size = TLB_4K;
	w->flags = 0;
	w->error_code = 0;
	w->fault = false;
	w->noncanonical = false;
}

/* The walk ended with a fault of @error_code after @nsteps reads. */
static int mmu_walk_fault(struct mmu_walk *w, unsigned int error_code)
{
	w->fault = true;
	w->error_code = error_code;
	return -EFAULT;
}

/*
 * Set A on every entry the walk used and D on the leaf of a write, as
 * the MMU does once the translation succeeded.
 */
static void mmu_walk_update(struct machine *m, struct mmu_walk *w, enum mmu_access access)
{
	for (int i = 0; i < w->nsteps; i++) {
		pte_t e = w->step[i].entry | _PAGE_ACCESSED;

		if (i == w->nsteps - 1 && access == ACCESS_WRITE)
			e |= _PAGE_DIRTY;
		if (e != w->step[i].entry)
			pt_write(m, w->step[i].entry_pa, e);
	}
	if (access == ACCESS_WRITE || pte_dirty(w->step[w->nsteps - 1].entry))
		w->flags |= TLBF_DIRTY;
}

/**
 * mmu_walk - walk @root's page table for @va; see mmu.h.  The reads'
 * cost is charged once, at the end (the same total as one by one).
 */
int mmu_walk(struct machine *m, phys_addr_t root, uint64_t va, enum mmu_access access,
	     enum mmu_mode mode, bool update, struct mmu_walk *w)
{
	const struct mmu_format *f = m->arch->mmu;
	struct cpu_state *c = this_cpu(m);
	/* the format and the machine in locals: the stores to *w may alias them */
	const unsigned int esz = f->entry_size;
	const int last = f->levels - 1;
	const uint64_t amask = f->addr_mask, ram_len = m->ram_len;
	const uint8_t *ram = m->ram;
	const bool has_nx = f->nx, caches = m->caches_enabled;
	phys_addr_t table = root;
	bool rw = true, us = true, nx = false;
	unsigned int ec = (access == ACCESS_WRITE ? X86_PF_WRITE : 0) |
			  (mode == MODE_USER ? X86_PF_USER : 0) |
			  (access == ACCESS_FETCH && has_nx ? X86_PF_INSTR : 0);
	uint64_t cyc = 0;
	int lvl, ret = 0;
	pte_t e = 0;

	mmu_walk_init(w);
	if (!va_canonical(f, va)) {
		w->noncanonical = true;
		return mmu_walk_fault(w, 0);
	}
	c->tlb.stats.walks++;
	for (lvl = 0;; lvl++) {
		const struct pt_level *L = &f->level[lvl];
		unsigned int idx = (unsigned int)((va >> L->shift) & ((1ULL << L->bits) - 1));
		phys_addr_t epa = table + (phys_addr_t)idx * esz;

		if (epa + esz > ram_len) {	/* a table outside RAM */
			ret = mmu_walk_fault(w, ec | X86_PF_RSVD);
			goto out;
		}
		e = esz == 8 ? *(const uint64_t *)(ram + epa) : *(const uint32_t *)(ram + epa);
		if (caches)
			cyc += walk_read_cost(m, c, epa);
		w->step[lvl] = (struct walk_step){ lvl, idx, table, epa, e };
		w->nsteps = lvl + 1;
		if (!pte_present(e)) {
			ret = mmu_walk_fault(w, ec);
			goto out;
		}
		rw = rw && pte_write(e);
		us = us && pte_user(e);
		nx = nx || (has_nx && !pte_exec(e));
		if (lvl == last || (L->huge && pte_huge(e)))
			break;
		table = e & amask;
	}
	w->leaf_level = lvl;
	w->size = level_size(f, lvl);
	w->flags = (uint8_t)(TLBF_VALID | (rw ? TLBF_WRITE : 0) | (us ? TLBF_USER : 0) |
			     (nx ? TLBF_NX : 0) | (pte_global(e) ? TLBF_GLOBAL : 0));
	w->pa = ((e & amask) & ~(pt_level_size(f, lvl) - 1)) + (va & (pt_level_size(f, lvl) - 1));
	/* Permission checks: user bit, write (CR0.WP), execute. */
	if ((mode == MODE_USER && !us) || (access == ACCESS_WRITE && !rw) ||
	    (access == ACCESS_FETCH && nx))
		ret = mmu_walk_fault(w, ec | X86_PF_PROT);
	else if (update)
		mmu_walk_update(m, w, access);
out:
	c->tlb.stats.walk_refs += (unsigned int)w->nsteps;
	/* with the caches off every read costs the same: a walk step and DRAM */
	if (!caches)
		cyc = (uint64_t)w->nsteps * (m->cost.walk_step + m->cost.dram);
	cpu_account_on(m, c, cyc);
	return ret;
}

/*
 * May a cached translation with rights @flags serve an access?  The user
 * bit for a user access, RW for a write (CR0.WP), not NX for a fetch; and
 * a write needs the D bit cached too (a clean entry re-walks to set it, as
 * the hardware's assist does).  @how is the access | the mode << 2: the
 * flags it looks at and the values they need, one AND and one compare.
 */
#define MMU_HOW(access, mode)	(((unsigned int)(access) & 3u) | ((mode) == MODE_USER ? 4u : 0u))
static const uint8_t tlb_how_care[8] = {
	[MMU_HOW(ACCESS_READ, MODE_KERNEL)] = 0,
	[MMU_HOW(ACCESS_WRITE, MODE_KERNEL)] = TLBF_WRITE | TLBF_DIRTY,
	[MMU_HOW(ACCESS_FETCH, MODE_KERNEL)] = TLBF_NX,
	[MMU_HOW(ACCESS_READ, MODE_USER)] = TLBF_USER,
	[MMU_HOW(ACCESS_WRITE, MODE_USER)] = TLBF_USER | TLBF_WRITE | TLBF_DIRTY,
	[MMU_HOW(ACCESS_FETCH, MODE_USER)] = TLBF_USER | TLBF_NX,
	[MMU_HOW(3, MODE_USER)] = TLBF_USER,		/* no such access: as a read */
};
static const uint8_t tlb_how_need[8] = {
	[MMU_HOW(ACCESS_READ, MODE_KERNEL)] = 0,
	[MMU_HOW(ACCESS_WRITE, MODE_KERNEL)] = TLBF_WRITE | TLBF_DIRTY,
	[MMU_HOW(ACCESS_FETCH, MODE_KERNEL)] = 0,
	[MMU_HOW(ACCESS_READ, MODE_USER)] = TLBF_USER,
	[MMU_HOW(ACCESS_WRITE, MODE_USER)] = TLBF_USER | TLBF_WRITE | TLBF_DIRTY,
	[MMU_HOW(ACCESS_FETCH, MODE_USER)] = TLBF_USER,
	[MMU_HOW(3, MODE_USER)] = TLBF_USER,
};
_Static_assert(ACCESS_READ < 4 && ACCESS_WRITE < 4 && ACCESS_FETCH < 4,
	       "an access fits MMU_HOW");

static inline bool tlb_access_ok(unsigned int flags, unsigned int how)
{
	return (flags & tlb_how_care[how]) == tlb_how_need[how];
}

/* With tlb_verify on: a TLB hit must agree with a fresh walk. */
static void tlb_verify_hit(struct machine *m, uint64_t va, phys_addr_t pa,
			   enum mmu_access access, enum mmu_mode mode)
{
	struct mmu_walk w;
	uint64_t saved = this_cpu(m)->cycles;
	struct tlb_stats st = this_cpu(m)->tlb.stats;

	if (mmu_walk(m, this_cpu(m)->cr3, va, access, mode, false, &w) || w.pa != pa) {
		m->tlb_stale_hits++;
		printk(m, "mmsim: TLB: stale entry used for %#llx on CPU %d (cached pa %#llx, walk %s %#llx)",
		       (unsigned long long)va, m->cpu, (unsigned long long)pa,
		       w.fault ? "faults, error" : "gives",
		       w.fault ? (unsigned long long)w.error_code : (unsigned long long)w.pa);
	}
	this_cpu(m)->cycles = saved;		/* the check is not simulated time */
	this_cpu(m)->tlb.stats = st;
}

/* A TLB miss, or a hit without the rights: walk, fault, retry. */
__attribute__((noinline))
static int mmu_translate_walk(struct machine *m, uint64_t va, enum mmu_access access,
			      enum mmu_mode mode, phys_addr_t *pa, struct mmu_walk *wout)
{
	struct cpu_state *c = this_cpu(m);
	struct mmu_walk wlocal, *w = wout ? wout : &wlocal;
	bool instr = access == ACCESS_FETCH;

	for (int tries = 0; tries < 3; tries++) {
		if (!mmu_walk(m, c->cr3, va, access, mode, true, w)) {
			tlb_insert(&c->tlb, &m->tlb_shifts, va, c->pcid, w->size,
				   PFN_DOWN(w->pa) & ~((1UL << (m->tlb_shifts.shift[w->size] -
								PAGE_SHIFT)) - 1),
				   w->flags, instr);
			*pa = w->pa;
			return 0;
		}
		if (w->noncanonical) {
			/* a uaccess routine's #GP is fixed up (src/arch/extable.c) */
			if (!fixup_exception(m, X86_TRAP_GP, 0, va))
				printk(m, "general protection fault, probably for non-canonical address %#llx: 0000 [#1] PREEMPT SMP",
				       (unsigned long long)va);
			return -EFAULT;
		}
		if (!m->fault_handler || m->fault_handler(m, va, w->error_code))
			return -EFAULT;
		cpu_account(m, m->cost.minor_fault);
	}
	return -EFAULT;
}

/* With MMU_HOW: the L1 4K set was probed and holds no entry for the page. */
#define MMU_NOT_IN_L1_4K	8u
/* And the L1 2M set too (then MMU_NOT_IN_L1_4K is not set). */
#define MMU_NOT_IN_L1_2M	16u
/* Nothing probed yet: the L1 4K array first, as the fast path would. */
#define MMU_PROBE_L1_4K		32u
/* Every L1 array was probed and none holds the page number: the STLB next. */
#define MMU_L1_MISSED		64u

/*
 * Everything of mmu_translate but a plain L1 4K hit: @e is what the inline
 * L1 4K probe found (already counted; its rights not yet checked) or NULL.
 * With NULL, the L1 arrays of large pages next, the same way, when the 4K
 * set did not hold the page number (MMU_NOT_IN_L1_4K in @how): the direct
 * map's 2M and 1G pages hit there; only the 1G array when the fast path
 * probed the 2M one too and its set did not hold the page number either
 * (MMU_NOT_IN_L1_2M); else, or if they miss, the whole
 * lookup (tlb_lookup_slow).  Out of line so that the fast path has no
 * frame to set up.
 */
__attribute__((noinline))
static int mmu_translate_slow(struct machine *m, struct tlb_entry *e, uint64_t va,
			      unsigned int how, phys_addr_t *pa, struct mmu_walk *wout)
{
	enum mmu_access access = (enum mmu_access)(how & 3);
	enum mmu_mode mode = (enum mmu_mode)((how >> 2) & 1);

	if (how & MMU_PROBE_L1_4K) {	/* what the fast path does for 4-way arrays */
		struct cpu_state *c = this_cpu(m);
		bool held;

		e = tlb_lookup_l1(&c->tlb, access == ACCESS_FETCH, TLB_4K,
				  va >> m->tlb_shifts.shift[TLB_4K], c->pcid, &held);
		if (!e && !held)
			how |= MMU_NOT_IN_L1_4K;
	}
	if (!e) {
		struct cpu_state *c = this_cpu(m);
		unsigned int l1 = access == ACCESS_FETCH;
		bool held = false;

		/*
		 * What tlb_lookup_slow's L1 stage finds, without its call and
		 * its second 4K probe, when every set probed is clear-cut;
		 * a set holding the page number but not usable (held), or a
		 * miss, is left to it, from the start.
		 */
		if (how & MMU_NOT_IN_L1_2M) {	/* the fast path probed 4K and 2M */
			e = tlb_lookup_l1(&c->tlb, l1, TLB_1G, va >> m->tlb_shifts.shift[TLB_1G],
					  c->pcid, &held);
		} else if (how & MMU_NOT_IN_L1_4K) {
			e = tlb_lookup_l1(&c->tlb, l1, TLB_2M, va >> m->tlb_shifts.shift[TLB_2M],
					  c->pcid, &held);
			if (!e && !held)
				e = tlb_lookup_l1(&c->tlb, l1, TLB_1G,
						  va >> m->tlb_shifts.shift[TLB_1G], c->pcid, &held);
		}
		if (!e && !held && (how & (MMU_NOT_IN_L1_2M | MMU_NOT_IN_L1_4K)))
			how |= MMU_L1_MISSED;	/* every L1 size probed, clear-cut */
		if (!e && (how & MMU_L1_MISSED))
			e = tlb_lookup_stlb(&c->tlb, &m->tlb_shifts, va, c->pcid, l1);
		else if (!e)
			e = tlb_lookup_slow(&c->tlb, &m->tlb_shifts, va, c->pcid, l1);
	}
	how &= 7;
	/* A TLB hit with sufficient rights. */
	if (e && tlb_access_ok(e->flags, how)) {
		int shift = m->tlb_shifts.shift[e->size];

		*pa = ((phys_addr_t)e->pfn << PAGE_SHIFT) + (va & ((1ULL << shift) - 1));
		cpu_account(m, m->cost.tlb_l1_hit);
		if (m->tlb_verify)
			tlb_verify_hit(m, va, *pa, access, mode);
		if (wout) {
			memset(wout, 0, sizeof(*wout));
			wout->tlb_hit = true;
			wout->pa = *pa;
			wout->flags = e->flags;
		}
		return 0;
	}
	return mmu_translate_walk(m, va, access, mode, pa, wout);
}

/*
 * The fast path's second step, when the L1 4K set did not hold the page
 * number: the L1 2M array, then the 1G one, as mmu_translate_slow would
 * probe them (the direct map is mostly 2M pages); 4-way ones with four
 * compares, another geometry left to mmu_translate_slow.  Out of line,
 * so that the 4K fast path keeps few registers.
 */
__attribute__((noinline))
static int mmu_translate_large(struct machine *m, uint64_t va, unsigned int how,
			       phys_addr_t *pa)
{
	struct cpu_state *c = this_cpu(m);
	unsigned int l1 = (how & 3) == ACCESS_FETCH;
	struct tlb_array *a = &c->tlb.a[l1][TLB_2M];
	unsigned int shift;
	struct tlb_entry *e;
	bool held;

	if (tlb_unlikely(a->g.ways != 4))
		return mmu_translate_slow(m, NULL, va, how | MMU_NOT_IN_L1_4K, pa, NULL);
	shift = m->tlb_shifts.shift[TLB_2M];
	e = tlb_lookup_l1_4way(&c->tlb, a, l1, va >> shift, c->pcid, &held);
	if (!e && !held) {
		a = &c->tlb.a[l1][TLB_1G];
		if (tlb_unlikely(a->g.ways != 4))
			return mmu_translate_slow(m, NULL, va, how | MMU_NOT_IN_L1_2M, pa, NULL);
		shift = m->tlb_shifts.shift[TLB_1G];
		e = tlb_lookup_l1_4way(&c->tlb, a, l1, va >> shift, c->pcid, &held);
	}
	if (tlb_likely(e != NULL && tlb_access_ok(e->flags, how))) {
		/* an entry of the 2M (1G) array maps a 2M or 4M (1G) page */
		*pa = ((phys_addr_t)e->pfn << PAGE_SHIFT) + (va & ((1ULL << shift) - 1));
		cpu_account_on(m, c, m->cost.tlb_l1_hit);
		return 0;
	}
	/* else what mmu_translate_slow does after its 1G probe */
	if (!e && !held)
		how |= MMU_L1_MISSED;
	return mmu_translate_slow(m, e, va, how, pa, NULL);
}

/*
 * The fast path, inline in mmu_translate and in the accesses: a hit in the
 * L1 4K array with sufficient rights, nothing asked back (@wout NULL) and
 * no verification.  A 4-way array (the default L1 dTLB's) is probed with
 * four compares; another geometry (the L1 iTLB's 8 ways) is left to
 * mmu_translate_slow, as is everything else, with the entry the probe
 * found if any and what was probed in @how (six arguments, @access and
 * @mode in one: a tail call, so the fast path saves no registers); but
 * when the 4K set does not hold the page number, mmu_translate_large.
 */
__attribute__((always_inline))
static inline int mmu_translate_inline(struct machine *m, uint64_t va,
				       enum mmu_access access, enum mmu_mode mode,
				       phys_addr_t *pa, struct mmu_walk *wout)
{
	unsigned int how = MMU_HOW(access, mode);
	unsigned int l1 = access == ACCESS_FETCH;
	struct cpu_state *c;
	struct tlb_array *a;
	struct tlb_entry *e;
	bool held;

	if (tlb_unlikely(wout != NULL || m->tlb_verify))
		return mmu_translate_slow(m, NULL, va, how, pa, wout);
	c = this_cpu(m);
	a = &c->tlb.a[l1][TLB_4K];
	if (tlb_unlikely(a->g.ways != 4))	/* the L1 iTLB's 8 ways, say */
		return mmu_translate_slow(m, NULL, va, how | MMU_PROBE_L1_4K, pa, NULL);
	/* tlb_shifts.shift[TLB_4K] is PAGE_SHIFT */
	e = tlb_lookup_l1_4way(&c->tlb, a, l1, va >> PAGE_SHIFT, c->pcid, &held);
	if (tlb_likely(e != NULL && tlb_access_ok(e->flags, how))) {
		/* an entry of the 4K array maps a 4K page (size TLB_4K) */
		*pa = ((phys_addr_t)e->pfn << PAGE_SHIFT) + (va & (PAGE_SIZE - 1));
		cpu_account_on(m, c, m->cost.tlb_l1_hit);
		return 0;
	}
	if (e || held)
		return mmu_translate_slow(m, e, va, how, pa, NULL);
	return mmu_translate_large(m, va, how, pa);
}

/* mmu_translate for fetches: the fast path with the L1 iTLB a constant. */
__attribute__((noinline))
static int mmu_translate_fetch(struct machine *m, uint64_t va, enum mmu_mode mode,
			       phys_addr_t *pa, struct mmu_walk *wout)
{
	return mmu_translate_inline(m, va, ACCESS_FETCH, mode, pa, wout);
}

/* mmu_translate but for kernel reads: out of line, so that those set up no frame. */
__attribute__((noinline))
static int mmu_translate_other(struct machine *m, uint64_t va, enum mmu_access access,
			       enum mmu_mode mode, phys_addr_t *pa, struct mmu_walk *wout)
{
	if (tlb_likely(access != ACCESS_FETCH))
		return mmu_translate_inline(m, va, access, mode, pa, wout);
	return mmu_translate_fetch(m, va, mode, pa, wout);
}

/**
 * mmu_translate - translate @va for @access in @mode; see mmu.h.
 */
int mmu_translate(struct machine *m, uint64_t va, enum mmu_access access,
		  enum mmu_mode mode, phys_addr_t *pa, struct mmu_walk *wout)
{
	/*
	 * The fast path for kernel reads (any rights will do: no check),
	 * for other data accesses, and for fetches (l1 a constant in each).
	 */
	if (tlb_likely(access == ACCESS_READ && mode == MODE_KERNEL))
		return mmu_translate_inline(m, va, ACCESS_READ, MODE_KERNEL, pa, wout);
	return mmu_translate_other(m, va, access, mode, pa, wout);
}

/*
 * memcpy for an access: the loads and stores of 1, 2, 4 and 8 bytes get a
 * copy of constant size (a move; a variable size is a string instruction
 * with a start-up cost several times the rest of the access).
 */
static inline void access_copy(void *dst, const void *src, size_t len)
{
	switch (len) {
	case 8: memcpy(dst, src, 8); break;
	case 4: memcpy(dst, src, 4); break;
	case 2: memcpy(dst, src, 2); break;
	case 1: memcpy(dst, src, 1); break;
	default: memcpy(dst, src, len); break;
	}
}

/* One access of up to a page, not crossing a page boundary. */
static int access_chunk(struct machine *m, uint64_t va, void *buf, size_t len,
			enum mmu_access access, enum mmu_mode mode)
{
	phys_addr_t pa;

	if (mmu_translate_inline(m, va, access, mode, &pa, NULL))
		return -EFAULT;
	if (pa + len > m->ram_len)
		return -EFAULT;		/* a mapping of a frame beyond RAM */
	if (m->caches_enabled) {
		int lvl = cache_access(&this_cpu(m)->caches, pa, access == ACCESS_FETCH);

		cpu_account(m, lvl == CACHE_DRAM ? m->cost.dram : m->cost.cache_hit[lvl]);
	}
	if (access == ACCESS_WRITE)
		access_copy(m->ram + pa, buf, len);
	else if (buf)
		access_copy(buf, m->ram + pa, len);
	return 0;
}

static int access_range(struct machine *m, uint64_t va, void *buf, size_t len,
			enum mmu_access access, enum mmu_mode mode)
{
	uint8_t *p = buf;

	while (len) {
		size_t n = PAGE_SIZE - (va & (PAGE_SIZE - 1));

		if (n > len)
			n = len;
		if (access_chunk(m, va, p, n, access, mode))
			return -EFAULT;
		va += n;
		p += n;
		len -= n;
	}
	return 0;
}

/**
 * mmu_read - load @len bytes at @va (any alignment, any length).
 */
int mmu_read(struct machine *m, uint64_t va, void *buf, size_t len, enum mmu_mode mode)
{
	return access_range(m, va, buf, len, ACCESS_READ, mode);
}

/**
 * mmu_write - store @len bytes at @va.
 */
int mmu_write(struct machine *m, uint64_t va, const void *buf, size_t len,
	      enum mmu_mode mode)
{
	return access_range(m, va, (void *)buf, len, ACCESS_WRITE, mode);
}

/**
 * mmu_fetch - an instruction fetch at @va.
 */
int mmu_fetch(struct machine *m, uint64_t va, enum mmu_mode mode)
{
	return access_chunk(m, va, NULL, 1, ACCESS_FETCH, mode);
}

/**
 * mmu_init_cpu - a CPU's TLB and caches (the geometry of m->tlb_cfg and
 * m->cache_cfg), empty; CR3 the kernel's.  -EINVAL for a geometry the
 * models refuse.
 */
int mmu_init_cpu(struct machine *m, int cpu)
{
	struct cpu_state *c = &m->cpus[cpu];

	if (tlb_init(&c->tlb, &m->tlb_cfg) ||
	    cache_init(&c->caches.l1d, &m->cache_cfg.g[CACHE_L1D]) ||
	    cache_init(&c->caches.l1i, &m->cache_cfg.g[CACHE_L1I]) ||
	    cache_init(&c->caches.l2, &m->cache_cfg.g[CACHE_L2]))
		return -EINVAL;
	c->caches.llc = &m->llc;
	c->cr3 = m->init_mm.pgd;
	c->loaded_mm = &m->init_mm;
	/*
	 * initialize_tlbstate_and_flush: init_mm owns ASID 0 (PCID 1 with
	 * PCID, none without) and the next new mm gets ASID 1.
	 */
	c->loaded_mm_asid = 0;
	c->next_asid = 1;
	c->ctxs[0].ctx_id = m->init_mm.ctx_id;
	c->ctxs[0].tlb_gen = m->init_mm.tlb_gen;
	c->pcid = m->arch->pcid ? 1 : 0;
	return 0;
}
