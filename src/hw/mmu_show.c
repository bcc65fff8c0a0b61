// SPDX-License-Identifier: MIT
/*
 * mmu_show.c - pictures of the hardware layer for people: one translation
 * step by step, a page table as a tree, the TLB, cache and clock counters.
 * None of these is a Linux file (Linux shows page tables only through
 * debugfs' kernel_page_tables, whose spirit show_pagetable follows).
 */
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "mmu.h"

static const char *const access_names[] = { "read", "write", "fetch" };
static const char *const size_names[TLB_NR_SIZES] = { "4K", "2M", "1G" };
static const char *const tlb_level_names[TLB_NR_LEVELS] = { "L1 dTLB", "L1 iTLB", "STLB" };

/* "P RW US A D PS G NX" for the bits that are set. */
static void entry_flags(const struct mmu_format *f, pte_t e, char *buf, size_t n)
{
	static const struct { pte_t bit; const char *name; } bits[] = {
		{ _PAGE_PRESENT, "P" }, { _PAGE_RW, "RW" }, { _PAGE_USER, "US" },
		{ _PAGE_PWT, "PWT" }, { _PAGE_PCD, "PCD" }, { _PAGE_ACCESSED, "A" },
		{ _PAGE_DIRTY, "D" }, { _PAGE_PSE, "PS" }, { _PAGE_GLOBAL, "G" },
		{ _PAGE_NX, "NX" },
	};
	size_t k = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++) {
		if (!(e & bits[i].bit) || (bits[i].bit == _PAGE_NX && !f->nx))
			continue;
		k += (size_t)snprintf(buf + k, k < n ? n - k : 0, "%s%s", k ? " " : "",
				      bits[i].name);
	}
	if (!k)
		snprintf(buf, n, "not present");
}

/**
 * show_walk - translate @va as the CPU would (filling the TLB, setting A/D,
 * calling the fault handler) and describe every step.
 */
void show_walk(struct machine *m, struct seq_file *s, uint64_t va,
	       enum mmu_access access, enum mmu_mode mode)
{
	const struct mmu_format *f = m->arch->mmu;
	struct cpu_state *c = this_cpu(m);
	int w = f->entry_size * 2, aw = m->arch->bits == 64 ? 16 : 8;
	struct tlb_stats before = c->tlb.stats;
	struct mmu_walk walk;
	phys_addr_t pa = 0;
	int ret;

	seq_printf(s, "translate 0x%0*llx %s %s on CPU %d (CR3 0x%llx, PCID %u)\n", aw,
		   (unsigned long long)va, access_names[access],
		   mode == MODE_USER ? "user" : "kernel", m->cpu,
		   (unsigned long long)c->cr3, c->pcid);
	ret = mmu_translate(m, va, access, mode, &pa, &walk);
	if (walk.noncanonical) {
		seq_printf(s, "  non-canonical address: #GP (general protection fault)\n");
		return;
	}
	if (walk.tlb_hit) {
		const char *where = "L1";

		if (c->tlb.stats.hits[TLB_STLB] > before.hits[TLB_STLB])
			where = "STLB (L1 refilled)";
		seq_printf(s, "  TLB hit in %s: no page-table walk\n", where);
	} else {
		seq_printf(s, "  TLB miss: page-table walk from CR3\n");
		for (int i = 0; i < walk.nsteps; i++) {
			const struct walk_step *st = &walk.step[i];
			char flags[64];

			entry_flags(f, st->entry, flags, sizeof(flags));
			seq_printf(s, "  %-3s[%4u] @0x%09llx = 0x%0*llx  %-22s", f->level[st->level].name,
				   st->index, (unsigned long long)st->entry_pa, w,
				   (unsigned long long)st->entry, flags);
			if (!pte_present(st->entry))
				seq_puts(s, "\n");
			else if (i == walk.nsteps - 1 && !walk.fault)
				seq_printf(s, "-> page 0x%llx (%s)\n",
					   (unsigned long long)(pte_pfn_fmt(f, st->entry) << PAGE_SHIFT),
					   size_names[walk.size]);
			else
				seq_printf(s, "-> table 0x%llx\n",
					   (unsigned long long)(pte_pfn_fmt(f, st->entry) << PAGE_SHIFT));
		}
	}
	if (ret) {
		seq_printf(s, "  page fault: error code 0x%x (%s, %s, %s%s)\n", walk.error_code,
			   walk.error_code & X86_PF_PROT ? "protection violation" : "not present",
			   walk.error_code & X86_PF_WRITE ? "write" : "read",
			   walk.error_code & X86_PF_USER ? "user" : "kernel",
			   walk.error_code & X86_PF_INSTR ? ", instruction fetch" : "");
		return;
	}
	seq_printf(s, "  = physical 0x%llx (pfn 0x%llx)\n", (unsigned long long)pa,
		   (unsigned long long)(pa >> PAGE_SHIFT));
}

struct pt_printer {
	struct machine *m;
	struct seq_file *s;
	uint64_t start, end;
	unsigned long lines;
};

#define PT_MAX_LINES 2000

static uint64_t sign_extend_va(const struct mmu_format *f, uint64_t va)
{
	if (f->va_bits == 32)
		return va;
	return (uint64_t)((int64_t)(va << (64 - f->va_bits)) >> (64 - f->va_bits));
}

/* Print the table at @table (level @lvl) covering VAs from @base. */
static void print_table(struct pt_printer *p, phys_addr_t table, int lvl, uint64_t base,
			int depth)
{
	const struct mmu_format *f = p->m->arch->mmu;
	unsigned int n = 1U << f->level[lvl].bits;
	uint64_t size = pt_level_size(f, lvl);
	int aw = p->m->arch->bits == 64 ? 16 : 8;

	for (unsigned int i = 0; i < n; i++) {
		uint64_t va = sign_extend_va(f, base + (uint64_t)i * size);
		pte_t e = pt_read(p->m, table + (phys_addr_t)i * f->entry_size);
		bool leaf = lvl == f->levels - 1 || (f->level[lvl].huge && pte_huge(e));
		unsigned int run = 1;
		char flags[64];

		if (!pte_present(e) || va + size - 1 < p->start || va > p->end)
			continue;
		if (p->lines++ >= PT_MAX_LINES) {
			if (p->lines == PT_MAX_LINES + 1)
				seq_puts(p->s, "... (more; give a smaller range)\n");
			return;
		}
		/* Collapse a run of leaves with the same flags and contiguous frames. */
		if (leaf) {
			while (i + run < n) {
				pte_t nx = pt_read(p->m, table + (phys_addr_t)(i + run) * f->entry_size);

				if ((nx & ~f->addr_mask) != (e & ~f->addr_mask) ||
				    pte_pfn_fmt(f, nx) != pte_pfn_fmt(f, e) + run * (size >> PAGE_SHIFT))
					break;
				run++;
			}
		}
		entry_flags(f, e, flags, sizeof(flags));
		seq_printf(p->s, "%*s%s[%u", depth * 2, "", f->level[lvl].name, i);
		if (run > 1)
			seq_printf(p->s, "..%u", i + run - 1);
		seq_printf(p->s, "] 0x%0*llx", aw, (unsigned long long)va);
		if (leaf) {
			seq_printf(p->s, "-0x%0*llx -> 0x%llx  %u x %s  %s\n", aw,
				   (unsigned long long)(va + run * size - 1),
				   (unsigned long long)(pte_pfn_fmt(f, e) << PAGE_SHIFT), run,
				   size == (1ULL << 12) ? "4K" : size == (1ULL << 30) ? "1G" :
				   size == (1ULL << 22) ? "4M" : "2M", flags);
			i += run - 1;
		} else {
			seq_printf(p->s, "  table 0x%llx  %s\n",
				   (unsigned long long)(pte_pfn_fmt(f, e) << PAGE_SHIFT), flags);
			print_table(p, (phys_addr_t)pte_pfn_fmt(f, e) << PAGE_SHIFT, lvl + 1,
				    base + (uint64_t)i * size, depth + 1);
		}
	}
}

/**
 * show_pagetable - @mm's page table as a tree, limited to [start, end].
 */
void show_pagetable(struct machine *m, struct seq_file *s, struct mm_struct *mm,
		    uint64_t start, uint64_t end)
{
	struct pt_printer p = { m, s, start, end, 0 };

	seq_printf(s, "page table at 0x%llx (%s, %s)\n", (unsigned long long)mm->pgd,
		   mm->is_init_mm ? "swapper_pg_dir" : "process", m->arch->mmu->name);
	print_table(&p, mm->pgd, 0, 0, 1);
}

/**
 * show_tlb - each CPU's TLB counters and occupancy.
 */
void show_tlb(struct machine *m, struct seq_file *s)
{
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		const struct cpu_state *c = &m->cpus[cpu];
		const struct tlb_stats *st = &c->tlb.stats;

		seq_printf(s, "CPU %d: CR3 0x%llx PCID %u\n", cpu,
			   (unsigned long long)c->cr3, c->pcid);
		for (int l = 0; l < TLB_NR_LEVELS; l++) {
			seq_printf(s, "  %-8s hits %10llu  misses %10llu  entries", tlb_level_names[l],
				   (unsigned long long)st->hits[l], (unsigned long long)st->misses[l]);
			for (int z = 0; z < TLB_NR_SIZES; z++) {
				const struct tlb_array *a = &c->tlb.a[l][z];
				unsigned int used = 0, total = (unsigned int)a->g.sets * a->g.ways;

				if (!total)
					continue;
				for (unsigned int i = 0; i < total; i++)
					used += (a->e[i].flags & TLBF_VALID) != 0;
				seq_printf(s, "  %s %u/%u", size_names[z], used, total);
			}
			seq_putc(s, '\n');
		}
		seq_printf(s, "  walks %llu  walk memory references %llu\n",
			   (unsigned long long)st->walks, (unsigned long long)st->walk_refs);
		seq_printf(s, "  flushes: one %llu  pcid %llu  non-global %llu  all %llu\n",
			   (unsigned long long)st->flush_one, (unsigned long long)st->flush_pcid,
			   (unsigned long long)st->flush_all, (unsigned long long)st->flush_global);
	}
}

/**
 * show_caches - hit/miss counters of every cache (when enabled).
 */
void show_caches(struct machine *m, struct seq_file *s)
{
	seq_printf(s, "caches %s\n", m->caches_enabled ? "on" : "off (machine caches=on)");
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++) {
		const struct cpu_caches *cc = &m->cpus[cpu].caches;
		const struct cache *cs[] = { &cc->l1d, &cc->l1i, &cc->l2 };
		const char *names[] = { "L1d", "L1i", "L2" };

		seq_printf(s, "CPU %d:", cpu);
		for (int i = 0; i < 3; i++)
			seq_printf(s, "  %s %uK hits %llu misses %llu", names[i], cs[i]->g.size >> 10,
				   (unsigned long long)cs[i]->hits, (unsigned long long)cs[i]->misses);
		seq_putc(s, '\n');
	}
	seq_printf(s, "LLC %uK: hits %llu misses %llu\n", m->llc.g.size >> 10,
		   (unsigned long long)m->llc.hits, (unsigned long long)m->llc.misses);
}

/**
 * show_clock - simulated time: each CPU's cycles and the machine clock.
 */
void show_clock(struct machine *m, struct seq_file *s)
{
	seq_printf(s, "clock %llu ns (%u MHz)\n", (unsigned long long)m->clock_ns,
		   m->cost.cpu_mhz);
	for (int cpu = 0; cpu < m->nr_cpu_ids; cpu++)
		seq_printf(s, "CPU %d: %llu cycles\n", cpu,
			   (unsigned long long)m->cpus[cpu].cycles);
}
