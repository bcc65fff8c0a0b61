// SPDX-License-Identifier: MIT
/*
 * tlbflush.c - how the kernel keeps the TLBs right (Linux
 * arch/x86/mm/tlb.c): address-space switches with PCIDs, and flushes of a
 * range, an mm, the kernel range or everything, with shootdowns to the
 * other CPUs that run the mm.
 *
 * With PCID (x86_64), each CPU gives an mm one of TLB_NR_DYN_ASIDS (6)
 * ASID slots and CR3 carries PCID = ASID + 1, so switching back to a
 * recently used mm needs no flush (choose_new_asid).  An mm's tlb_gen
 * counts flush requests; a CPU that switches to an mm whose generation
 * moved on since it last ran it flushes then.  Without PCID (i386) every
 * CR3 load drops all non-global entries.
 *
 * A flush of up to tlb_single_page_flush_ceiling (33) pages uses invlpg
 * per page, a larger one a full flush of the ASID.  The counters are
 * Linux's: nr_tlb_local_flush_one / _all, nr_tlb_remote_flush (one per
 * shootdown) and nr_tlb_remote_flush_received (one per CPU reached; for
 * flush_tlb_all and a large flush_tlb_kernel_range, every CPU including
 * the caller, as on_each_cpu(do_flush_tlb_all) counts them).
 * Simplified: IPIs are direct calls; no lazy-TLB mode for kernel threads.
 */
#include "internal.h"
#include "mmu.h"

#define TLB_FLUSH_ALL (~0ULL)

/**
 * load_cr3 - point the current CPU at another page table.
 */
void load_cr3(struct machine *m, phys_addr_t pgd, uint16_t pcid, bool noflush)
{
	struct cpu_state *c = this_cpu(m);

	c->cr3 = pgd;
	c->pcid = pcid;
	if (!m->arch->pcid)
		tlb_flush_nonglobal(&c->tlb);
	else if (!noflush)
		tlb_flush_pcid(&c->tlb, pcid);
}

/* choose_new_asid - reuse this CPU's slot for @next, or take the next one. */
static void choose_new_asid(struct cpu_state *c, struct mm_struct *next,
			    uint16_t *new_asid, bool *need_flush)
{
	for (uint16_t asid = 0; asid < TLB_NR_DYN_ASIDS; asid++) {
		if (c->ctxs[asid].ctx_id != next->ctx_id)
			continue;
		*new_asid = asid;
		*need_flush = c->ctxs[asid].tlb_gen < next->tlb_gen;
		return;
	}
	*new_asid = c->next_asid++;
	if (*new_asid >= TLB_NR_DYN_ASIDS) {
		*new_asid = 0;
		c->next_asid = 1;
	}
	*need_flush = true;
}

/**
 * switch_mm - run @next's address space on the current CPU
 * (switch_mm_irqs_off).
 */
void switch_mm(struct machine *m, struct mm_struct *next)
{
	struct cpu_state *c = this_cpu(m);
	uint16_t asid = 0;
	bool need_flush = true;

	if (c->loaded_mm == next) {
		struct tlb_context *ctx = &c->ctxs[c->loaded_mm_asid];

		if (m->arch->pcid && ctx->tlb_gen < next->tlb_gen) {
			tlb_flush_pcid(&c->tlb, c->pcid);
			ctx->tlb_gen = next->tlb_gen;
		}
		return;
	}
	next->cpu_bitmap |= 1ULL << m->cpu;
	if (m->arch->pcid)
		choose_new_asid(c, next, &asid, &need_flush);
	c->ctxs[asid].ctx_id = next->ctx_id;
	c->ctxs[asid].tlb_gen = next->tlb_gen;
	c->loaded_mm = next;
	c->loaded_mm_asid = asid;
	load_cr3(m, next->pgd, m->arch->pcid ? (uint16_t)(asid + 1) : 0, !need_flush);
}

/* flush_tlb_func - one CPU's part of a flush of @mm's [start, end). */
static void flush_tlb_func(struct machine *m, int cpu, struct mm_struct *mm,
			   uint64_t start, uint64_t end, bool local)
{
	struct cpu_state *c = &m->cpus[cpu];
	uint64_t nr = end == TLB_FLUSH_ALL ? ~0ULL : (end - start) >> PAGE_SHIFT;

	if (c->loaded_mm != mm)
		return;		/* it will notice tlb_gen when it switches back */
	if (!local)
		__count_vm_events(m, NR_TLB_REMOTE_FLUSH_RECEIVED, 1);
	if (nr > (uint64_t)m->tlb_single_page_flush_ceiling) {
		if (m->arch->pcid)
			tlb_flush_pcid(&c->tlb, c->pcid);
		else
			tlb_flush_nonglobal(&c->tlb);
		if (local)
			__count_vm_events(m, NR_TLB_LOCAL_FLUSH_ALL, 1);
	} else {
		for (uint64_t va = start; va < end; va += PAGE_SIZE)
			tlb_flush_one(&c->tlb, &m->tlb_shifts, va);
		if (local)
			__count_vm_events(m, NR_TLB_LOCAL_FLUSH_ONE, nr);
	}
	c->ctxs[c->loaded_mm_asid].tlb_gen = mm->tlb_gen;
}

/**
 * flush_tlb_mm_range - after changing @mm's page table in [start, end):
 * flush here and shoot down the other CPUs that run @mm.
 */
void flush_tlb_mm_range(struct machine *m, struct mm_struct *mm, uint64_t start,
			uint64_t end)
{
	bool remote = false;
	int self = m->cpu;

	mm->tlb_gen++;
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		if (!(mm->cpu_bitmap & (1ULL << cpu)))
			continue;
		if (cpu != self && m->cpus[cpu].loaded_mm == mm)
			remote = true;
		flush_tlb_func(m, cpu, mm, start, end, cpu == self);
	}
	if (remote)
		__count_vm_events(m, NR_TLB_REMOTE_FLUSH, 1);
}

/**
 * flush_tlb_mm - flush all of @mm's translations everywhere.
 */
void flush_tlb_mm(struct machine *m, struct mm_struct *mm)
{
	flush_tlb_mm_range(m, mm, 0, TLB_FLUSH_ALL);
}

/* do_flush_tlb_all - the IPI on each CPU, the caller's own included. */
static void do_flush_tlb_all(struct machine *m)
{
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		__count_vm_events(m, NR_TLB_REMOTE_FLUSH_RECEIVED, 1);
		tlb_flush_all(&m->cpus[cpu].tlb);
	}
}

/**
 * flush_tlb_all - every CPU drops every entry, global ones too.
 */
void flush_tlb_all(struct machine *m)
{
	__count_vm_events(m, NR_TLB_REMOTE_FLUSH, 1);
	do_flush_tlb_all(m);
}

/**
 * flush_tlb_one_kernel - invlpg of one kernel address on this CPU.
 */
void flush_tlb_one_kernel(struct machine *m, uint64_t va)
{
	tlb_flush_one(&this_cpu(m)->tlb, &m->tlb_shifts, va);
}

/**
 * flush_tlb_kernel_range - after changing kernel mappings in [start, end):
 * invlpg on every CPU, or a full flush beyond the ceiling.
 */
void flush_tlb_kernel_range(struct machine *m, uint64_t start, uint64_t end)
{
	if (end == TLB_FLUSH_ALL ||
	    (end - start) >> PAGE_SHIFT > (uint64_t)m->tlb_single_page_flush_ceiling) {
		do_flush_tlb_all(m);	/* on_each_cpu(do_flush_tlb_all) */
		return;
	}
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++)
		for (uint64_t va = start; va < end; va += PAGE_SIZE)
			tlb_flush_one(&m->cpus[cpu].tlb, &m->tlb_shifts, va);
}
