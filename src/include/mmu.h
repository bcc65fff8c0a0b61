/* SPDX-License-Identifier: MIT */
/*
 * mmu.h - the memory management unit (src/hw/mmu.c) and the kernel's TLB
 * maintenance (src/arch/tlbflush.c).
 */
#ifndef MMSIM_MMU_H
#define MMSIM_MMU_H

#include "machine.h"
#include "pgtable.h"

/* One step of a page-table walk, for showing a walk to a person. */
struct walk_step {
	int level;			/* index into the format's levels */
	unsigned int index;		/* the slot used in that table */
	phys_addr_t table;		/* the table's frame */
	phys_addr_t entry_pa;		/* where the entry lives */
	pte_t entry;			/* its value (before A/D updates) */
};

struct mmu_walk {
	int nsteps;
	struct walk_step step[PT_MAX_LEVELS];
	bool tlb_hit;			/* translate: found in a TLB */
	int tlb_level;			/* which TLB level hit, if any */
	int leaf_level;			/* the level that mapped the page */
	phys_addr_t pa;
	enum tlb_page_size size;
	uint8_t flags;			/* TLBF_* permissions */
	unsigned int error_code;	/* X86_PF_* when it faulted */
	bool fault;
	bool noncanonical;		/* #GP rather than #PF */
};

/* Read / write one entry of any level in simulated RAM. */
static inline pte_t pt_read(struct machine *m, phys_addr_t pa)
{
	if (m->arch->mmu->entry_size == 8)
		return *(const uint64_t *)(m->ram + pa);
	return *(const uint32_t *)(m->ram + pa);
}

static inline void pt_write(struct machine *m, phys_addr_t pa, pte_t v)
{
	if (m->arch->mmu->entry_size == 8)
		*(uint64_t *)(m->ram + pa) = v;
	else
		*(uint32_t *)(m->ram + pa) = (uint32_t)v;
}

/*
 * cpu_account's end without the multiply: @n / cost.cpu_mhz by division,
 * preparing the multiply, and the clock moved (src/hw/mmu.c).
 */
void cpu_account_div(struct machine *m, uint64_t n);

/*
 * Charge @cycles to the current CPU and move the machine's clock: the
 * clock is the CPU's cycles * 1000 / cost.cpu_mhz (wrapping as uint64_t)
 * if that is later.  The division is a multiply by the divisor's inverse
 * (exact: the same quotient for every numerator) once computed.
 * cpu_account_on: for a caller that has this_cpu(@m) at hand, as @c.
 */
static inline void cpu_account_on(struct machine *m, struct cpu_state *c, uint64_t cycles)
{
	uint64_t n;

	c->cycles += cycles;
	n = c->cycles * 1000;
#ifdef __SIZEOF_INT128__
	if (__builtin_expect(m->clock_div_d == m->cost.cpu_mhz, 1)) {
		__extension__ typedef unsigned __int128 u128;
		uint64_t q = (uint64_t)(((u128)m->clock_div_magic * n) >> 64);
		uint64_t ns = (((n - q) >> 1) + q) >> m->clock_div_shift;

		if (ns > m->clock_ns)
			m->clock_ns = ns;
		return;
	}
#endif
	cpu_account_div(m, n);
}

static inline void cpu_account(struct machine *m, uint64_t cycles)
{
	cpu_account_on(m, &m->cpus[m->cpu], cycles);
}

/* ---- src/hw/mmu.c ---- */
int mmu_init_cpu(struct machine *m, int cpu);
/*
 * mmu_walk - walk the page table at @root for @va as the hardware would,
 * checking @access in @mode.  With @update, set the A and D bits as the
 * MMU does.  Fills @w (the steps, and the fault if any); returns 0 or
 * -EFAULT.
 */
int mmu_walk(struct machine *m, phys_addr_t root, uint64_t va, enum mmu_access access,
	     enum mmu_mode mode, bool update, struct mmu_walk *w);
/*
 * mmu_translate - what the CPU does on every access: TLB, else walk and
 * fill the TLB; on a fault, the kernel's fault handler, then a retry.
 * Returns 0 and the physical address, or -EFAULT (the fault stands; its
 * error code in @w if @w is given).
 */
int mmu_translate(struct machine *m, uint64_t va, enum mmu_access access,
		  enum mmu_mode mode, phys_addr_t *pa, struct mmu_walk *w);
/* Loads and stores of 1, 2, 4 or 8 bytes, and byte ranges (crossing pages). */
int mmu_read(struct machine *m, uint64_t va, void *buf, size_t len, enum mmu_mode mode);
int mmu_write(struct machine *m, uint64_t va, const void *buf, size_t len,
	      enum mmu_mode mode);
int mmu_fetch(struct machine *m, uint64_t va, enum mmu_mode mode);

/* ---- src/mm/pgtable.c ---- */
phys_addr_t pt_entry(struct machine *m, struct mm_struct *mm, uint64_t va, int level,
		     bool alloc);
int pt_set(struct machine *m, struct mm_struct *mm, uint64_t va, phys_addr_t pa,
	   pte_t prot, int level);
pte_t pt_lookup(struct machine *m, struct mm_struct *mm, uint64_t va, int *level,
		phys_addr_t *entry_pa);
pte_t pt_clear(struct machine *m, struct mm_struct *mm, uint64_t va);
int pt_modify(struct machine *m, struct mm_struct *mm, uint64_t va, pte_t prot);
phys_addr_t pgd_alloc(struct machine *m, struct mm_struct *mm);
void pgd_free(struct machine *m, struct mm_struct *mm);
void mm_init_context(struct machine *m, struct mm_struct *mm);
void pt_free_table(struct machine *m, struct mm_struct *mm, phys_addr_t pa, int level);

/* ---- src/arch/layout.c, src/arch/init.c ---- */
void setup_kernel_layout(struct machine *m);
void print_kernel_layout(struct machine *m);
int paging_init(struct machine *m, char *err, size_t errlen);
void cost_model_default(struct cost_model *c);

/* ---- src/hw/mmu_show.c ---- */
struct seq_file;
void show_walk(struct machine *m, struct seq_file *s, uint64_t va,
	       enum mmu_access access, enum mmu_mode mode);
void show_pagetable(struct machine *m, struct seq_file *s, struct mm_struct *mm,
		    uint64_t start, uint64_t end);
void show_tlb(struct machine *m, struct seq_file *s);
void show_caches(struct machine *m, struct seq_file *s);
void show_clock(struct machine *m, struct seq_file *s);

/* ---- src/arch/tlbflush.c (arch/x86/mm/tlb.c) ---- */
void switch_mm(struct machine *m, struct mm_struct *next);
void load_cr3(struct machine *m, phys_addr_t pgd, uint16_t pcid, bool noflush);
void flush_tlb_mm_range(struct machine *m, struct mm_struct *mm, uint64_t start,
			uint64_t end);
void flush_tlb_mm(struct machine *m, struct mm_struct *mm);
void flush_tlb_kernel_range(struct machine *m, uint64_t start, uint64_t end);
void flush_tlb_all(struct machine *m);
void flush_tlb_one_kernel(struct machine *m, uint64_t va);

#endif /* MMSIM_MMU_H */
