// SPDX-License-Identifier: MIT
/*
 * task_mmu.c - the per-process views (fs/proc/task_mmu.c and
 * fs/proc/array.c, Linux 6.6): /proc/PID/maps (show_map_vma),
 * smaps (show_smap, smaps_account), smaps_rollup, status
 * (proc_pid_status with task_mem), statm (task_statm), stat
 * (do_task_stat) and pagemap (pagemap_read's 64-bit entries, as
 * Documentation/admin-guide/mm/pagemap.rst describes them).
 *
 * A process is named by its pid or by its comm: /proc/web/maps.
 * /proc/PID/fdinfo/FD is fs/proc/fd.c's (src/fs/proc/fd.c).
 * The tasks are unprivileged (uid 1000) unless spawned privileged: the
 * PFNs of pagemap are shown only to CAP_SYS_ADMIN, as Linux does.
 * Special mappings show their name ([vvar], [vdso]: src/arch/vdso.c).
 * Simplified: no [vsyscall] line (vsyscall=none's look), no
 * ProtectionKey line (a CPU without PKU).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fdtable.h"
#include "internal.h"
#include "mm.h"
#include "mmu.h"
#include "pagemap.h"
#include "pgalloc.h"

#define PSS_SHIFT 12

/* seq_put_hex_ll with width 8: at least 8 hex digits */
static void put_hex(struct seq_file *s, const char *delim, unsigned long long v, int w)
{
	seq_printf(s, "%s%0*llx", delim ? delim : "", w, v);
}

/* The file behind a VMA: device, inode, path (NULL: anonymous); show_map_vma's file case. */
static const char *vma_file(const struct vm_area_struct *vma, unsigned int *maj,
			    unsigned int *min, unsigned long *ino, char *buf, size_t len)
{
	const struct inode *inode;

	if (!vma->vm_file) {
		*maj = *min = 0;
		*ino = 0;
		return NULL;
	}
	inode = vma->vm_file->f_inode;
	*maj = inode_dev(inode) >> 8;		/* MAJOR / MINOR of s_dev */
	*min = inode_dev(inode) & 0xff;
	*ino = inode->i_ino;
	return inode_d_path(inode, buf, len);
}

/* show_vma_header_prefix, then the name padded to column 25 + 6 * sizeof(void *). */
static void show_map_vma(struct machine *m, struct seq_file *s, const struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long flags = vma->vm_flags, ino;
	unsigned int maj, min;
	char buf[96];
	const char *path = vma_file(vma, &maj, &min, &ino, buf, sizeof(buf)), *name = NULL;
	unsigned long long pgoff = path ? (unsigned long long)vma->vm_pgoff << PAGE_SHIFT : 0;
	size_t begin = s->count, width = 25 + (m->arch->bits == 64 ? 8 : 4) * 6 - 1;

	put_hex(s, NULL, vma->vm_start, 8);
	put_hex(s, "-", vma->vm_end, 8);
	seq_putc(s, ' ');
	seq_putc(s, flags & VM_READ ? 'r' : '-');
	seq_putc(s, flags & VM_WRITE ? 'w' : '-');
	seq_putc(s, flags & VM_EXEC ? 'x' : '-');
	seq_putc(s, flags & VM_MAYSHARE ? 's' : 'p');
	put_hex(s, " ", pgoff, 8);
	put_hex(s, " ", maj, 2);
	put_hex(s, ":", min, 2);
	seq_printf(s, " %lu ", ino);
	if (path)
		name = path;
	else if (vma->special_name)
		name = vma->special_name;
	else if (vma->vm_start < mm->brk && vma->vm_end > mm->start_brk)
		name = "[heap]";
	else if (vma->vm_start <= mm->start_stack && vma->vm_end >= mm->start_stack)
		name = "[stack]";
	if (name) {
		while (s->count - begin < width)
			seq_putc(s, ' ');
		seq_putc(s, ' ');
		seq_puts(s, name);
	}
	seq_putc(s, '\n');
}

static void show_maps(struct machine *m, struct task_struct *t, struct seq_file *s)
{
	struct vm_area_struct *vma;

	if (!t->mm)
		return;
	list_for_each_entry(vma, &t->mm->mmap, struct vm_area_struct, vm_list)
		show_map_vma(m, s, vma);
}

struct mem_size_stats {
	unsigned long resident, shared_clean, shared_dirty, private_clean, private_dirty;
	unsigned long referenced, anonymous, lazyfree, swap;
	uint64_t pss, pss_anon, pss_file, pss_shmem, pss_dirty, pss_locked;
};

static void smaps_page_accumulate(struct mem_size_stats *mss, struct page *page,
				  unsigned long size, uint64_t pss, bool dirty, bool locked,
				  bool private)
{
	mss->pss += pss;
	if (PageAnon(page))
		mss->pss_anon += pss;
	else if (test_page_flag(page, PG_swapbacked))
		mss->pss_shmem += pss;
	else
		mss->pss_file += pss;
	if (locked)
		mss->pss_locked += pss;
	if (dirty || PageDirty(page)) {
		mss->pss_dirty += pss;
		if (private)
			mss->private_dirty += size;
		else
			mss->shared_dirty += size;
	} else {
		if (private)
			mss->private_clean += size;
		else
			mss->shared_clean += size;
	}
}

/* smap_gather_stats: smaps_pte_entry / smaps_account over the VMA's ptes. */
static void smap_gather_stats(struct machine *m, const struct vm_area_struct *vma,
			      struct mem_size_stats *mss)
{
	bool locked = vma->vm_flags & VM_LOCKED;

	for (unsigned long a = vma->vm_start; a < vma->vm_end; a += PAGE_SIZE) {
		phys_addr_t ptep = pte_offset(m, vma->vm_mm, a);
		struct page *page;
		pte_t pte;
		bool dirty, young;

		if (!ptep) {
			const struct mmu_format *f = m->arch->mmu;

			a = (a | ((unsigned long)pt_level_size(f, f->levels - 2) - 1)) & PAGE_MASK;
			continue;
		}
		pte = ptep_get(m, ptep);
		if (!upte_present(pte) || !(page = vm_normal_page(m, pte)))
			continue;
		dirty = pte_dirty(pte);
		young = pte_young(pte);
		if (PageAnon(page)) {
			mss->anonymous += PAGE_SIZE;
			if (!test_page_flag(page, PG_swapbacked) && !dirty && !PageDirty(page))
				mss->lazyfree += PAGE_SIZE;
		}
		mss->resident += PAGE_SIZE;
		if (young || test_page_flag(page, PG_referenced))
			mss->referenced += PAGE_SIZE;
		if (page_ref_count(page) == 1) {
			smaps_page_accumulate(mss, page, PAGE_SIZE, PAGE_SIZE << PSS_SHIFT, dirty,
					      locked, true);
		} else {
			int mc = page_mapcount(page);
			uint64_t pss = PAGE_SIZE << PSS_SHIFT;

			if (mc >= 2)
				pss /= (uint64_t)mc;
			smaps_page_accumulate(mss, page, PAGE_SIZE, pss, dirty, locked, mc < 2);
		}
	}
}

#define SEQ_PUT_DEC(s, str, val) seq_printf(s, "%s%8llu", str, (unsigned long long)(val) >> 10)

static void __show_smap(struct seq_file *s, const struct mem_size_stats *mss, bool rollup)
{
	SEQ_PUT_DEC(s, "Rss:            ", mss->resident);
	SEQ_PUT_DEC(s, " kB\nPss:            ", mss->pss >> PSS_SHIFT);
	SEQ_PUT_DEC(s, " kB\nPss_Dirty:      ", mss->pss_dirty >> PSS_SHIFT);
	if (rollup) {
		SEQ_PUT_DEC(s, " kB\nPss_Anon:       ", mss->pss_anon >> PSS_SHIFT);
		SEQ_PUT_DEC(s, " kB\nPss_File:       ", mss->pss_file >> PSS_SHIFT);
		SEQ_PUT_DEC(s, " kB\nPss_Shmem:      ", mss->pss_shmem >> PSS_SHIFT);
	}
	SEQ_PUT_DEC(s, " kB\nShared_Clean:   ", mss->shared_clean);
	SEQ_PUT_DEC(s, " kB\nShared_Dirty:   ", mss->shared_dirty);
	SEQ_PUT_DEC(s, " kB\nPrivate_Clean:  ", mss->private_clean);
	SEQ_PUT_DEC(s, " kB\nPrivate_Dirty:  ", mss->private_dirty);
	SEQ_PUT_DEC(s, " kB\nReferenced:     ", mss->referenced);
	SEQ_PUT_DEC(s, " kB\nAnonymous:      ", mss->anonymous);
	SEQ_PUT_DEC(s, " kB\nKSM:            ", 0);
	SEQ_PUT_DEC(s, " kB\nLazyFree:       ", mss->lazyfree);
	SEQ_PUT_DEC(s, " kB\nAnonHugePages:  ", 0);
	SEQ_PUT_DEC(s, " kB\nShmemPmdMapped: ", 0);
	SEQ_PUT_DEC(s, " kB\nFilePmdMapped:  ", 0);
	SEQ_PUT_DEC(s, " kB\nShared_Hugetlb: ", 0);
	seq_printf(s, " kB\nPrivate_Hugetlb: %7u", 0U);
	SEQ_PUT_DEC(s, " kB\nSwap:           ", mss->swap);
	SEQ_PUT_DEC(s, " kB\nSwapPss:        ", 0);
	SEQ_PUT_DEC(s, " kB\nLocked:         ", mss->pss_locked >> PSS_SHIFT);
	seq_puts(s, " kB\n");
}

/* show_smap_vma_flags: the two-letter codes in bit order. */
static void show_smap_vma_flags(struct seq_file *s, unsigned long flags)
{
	static const char mnemonics[32][3] = {
		"rd", "wr", "ex", "sh", "mr", "mw", "me", "ms", "gd", "um", "pf", "",
		"uw", "lo", "io", "sr", "rr", "dc", "de", "lf", "ac", "nr", "ht", "sf",
		"ar", "wf", "dd", "sd", "mm", "hg", "nh", "mg",
	};

	seq_puts(s, "VmFlags: ");
	for (int i = 0; i < 32; i++)
		if ((flags & (1UL << i)) && mnemonics[i][0]) {
			seq_puts(s, mnemonics[i]);
			seq_putc(s, ' ');
		}
	seq_putc(s, '\n');
}

static void show_smaps(struct machine *m, struct task_struct *t, struct seq_file *s)
{
	struct vm_area_struct *vma;

	if (!t->mm)
		return;
	list_for_each_entry(vma, &t->mm->mmap, struct vm_area_struct, vm_list) {
		struct mem_size_stats mss = { 0 };

		smap_gather_stats(m, vma, &mss);
		show_map_vma(m, s, vma);
		SEQ_PUT_DEC(s, "Size:           ", vma->vm_end - vma->vm_start);
		SEQ_PUT_DEC(s, " kB\nKernelPageSize: ", PAGE_SIZE);
		SEQ_PUT_DEC(s, " kB\nMMUPageSize:    ", PAGE_SIZE);
		seq_puts(s, " kB\n");
		__show_smap(s, &mss, false);
		seq_printf(s, "THPeligible:    %8u\n", 0U);	/* THP off */
		show_smap_vma_flags(s, vma->vm_flags);
	}
}

static void show_smaps_rollup(struct machine *m, struct task_struct *t, struct seq_file *s)
{
	struct mem_size_stats mss = { 0 };
	struct vm_area_struct *vma;
	unsigned long start = 0, end = 0;
	size_t begin = s->count, width = 25 + (m->arch->bits == 64 ? 8 : 4) * 6 - 1;

	if (!t->mm)
		return;
	list_for_each_entry(vma, &t->mm->mmap, struct vm_area_struct, vm_list) {
		if (!end)
			start = vma->vm_start;
		smap_gather_stats(m, vma, &mss);
		end = vma->vm_end;
	}
	put_hex(s, NULL, start, 8);
	put_hex(s, "-", end, 8);
	seq_puts(s, " ---p 00000000 00:00 0 ");
	while (s->count - begin < width)
		seq_putc(s, ' ');
	seq_puts(s, " [rollup]\n");
	__show_smap(s, &mss, true);
}

#define KB(pages) ((unsigned long)(pages) << (PAGE_SHIFT - 10))

/* task_mem - the Vm* and Rss* lines of status. */
static void task_mem(struct seq_file *s, struct mm_struct *mm)
{
	unsigned long anon = (unsigned long)mm->rss_stat[MM_ANONPAGES];
	unsigned long file = (unsigned long)mm->rss_stat[MM_FILEPAGES];
	unsigned long shmem = (unsigned long)mm->rss_stat[MM_SHMEMPAGES];
	unsigned long hiwater_vm = mm->total_vm, total_rss = anon + file + shmem;
	unsigned long hiwater_rss = total_rss, text, lib;

	if (hiwater_vm < mm->hiwater_vm)
		hiwater_vm = mm->hiwater_vm;
	if (hiwater_rss < mm->hiwater_rss)
		hiwater_rss = mm->hiwater_rss;
	text = PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK);
	if (text > mm->exec_vm << PAGE_SHIFT)
		text = mm->exec_vm << PAGE_SHIFT;
	lib = (mm->exec_vm << PAGE_SHIFT) - text;
	seq_printf(s, "VmPeak:\t%8lu kB\n", KB(hiwater_vm));
	seq_printf(s, "VmSize:\t%8lu kB\n", KB(mm->total_vm));
	seq_printf(s, "VmLck:\t%8lu kB\n", KB(mm->locked_vm));
	seq_printf(s, "VmPin:\t%8lu kB\n", KB(mm->pinned_vm));
	seq_printf(s, "VmHWM:\t%8lu kB\n", KB(hiwater_rss));
	seq_printf(s, "VmRSS:\t%8lu kB\n", KB(total_rss));
	seq_printf(s, "RssAnon:\t%8lu kB\n", KB(anon));
	seq_printf(s, "RssFile:\t%8lu kB\n", KB(file));
	seq_printf(s, "RssShmem:\t%8lu kB\n", KB(shmem));
	seq_printf(s, "VmData:\t%8lu kB\n", KB(mm->data_vm));
	seq_printf(s, "VmStk:\t%8lu kB\n", KB(mm->stack_vm));
	seq_printf(s, "VmExe:\t%8lu kB\n", text >> 10);
	seq_printf(s, "VmLib:\t%8lu kB\n", lib >> 10);
	seq_printf(s, "VmPTE:\t%8lu kB\n", mm->pgtables_bytes >> 10);
	seq_printf(s, "VmSwap:\t%8lu kB\n", KB(mm->rss_stat[MM_SWAPENTS]));
	seq_printf(s, "HugetlbPages:\t%8lu kB\n", 0UL);
}

static void show_status(struct machine *m, struct task_struct *t, struct seq_file *s)
{
	struct task_struct *leader = t->group_leader;
	unsigned int uid = t->privileged ? 0 : 1000;
	int ppid = t->real_parent ? t->real_parent->tgid : 0;
	char cpus[32];

	seq_printf(s, "Name:\t%s\n", t->comm);
	seq_puts(s, "Umask:\t0022\n");
	seq_printf(s, "State:\t%s\n", t->exit_state ? "Z (zombie)" : "S (sleeping)");
	seq_printf(s, "Tgid:\t%d\nNgid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n",
		   t->tgid, t->pid, ppid);
	seq_printf(s, "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n", uid, uid, uid, uid,
		   uid, uid, uid, uid);
	seq_printf(s, "FDSize:\t%d\nGroups:\t \n", t->exit_state ? 0 : 64);
	seq_printf(s, "NStgid:\t%d\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", t->tgid, t->pid,
		   leader->pid, leader->pid);
	if (t->mm) {
		task_mem(s, t->mm);
		seq_puts(s, "CoreDumping:\t0\nTHP_enabled:\t1\n");
		if (m->arch->bits == 64)
			seq_puts(s, "untag_mask:\t0xffffffffffffffff\n");
	}
	seq_printf(s, "Threads:\t%d\n", leader->nr_threads);
	seq_printf(s, "SigQ:\t0/%lu\n", m->totalram_pages / 64 < 1 ? 1 : m->totalram_pages / 64);
	seq_puts(s, "SigPnd:\t0000000000000000\nShdPnd:\t0000000000000000\n"
		 "SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n"
		 "SigCgt:\t0000000000000000\n");
	seq_printf(s, "CapInh:\t0000000000000000\nCapPrm:\t%s\nCapEff:\t%s\n",
		   t->privileged ? "000001ffffffffff" : "0000000000000000",
		   t->privileged ? "000001ffffffffff" : "0000000000000000");
	seq_puts(s, "CapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\n");
	seq_puts(s, "NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n");
	seq_puts(s, "Speculation_Store_Bypass:\tthread vulnerable\n");
	seq_puts(s, "SpeculationIndirectBranch:\tconditional enabled\n");
	{	/* Cpus_allowed: the mask, then the list */
		uint64_t mask = m->nr_cpu_ids >= 64 ? ~0ULL : (1ULL << m->nr_cpu_ids) - 1;

		seq_printf(s, "Cpus_allowed:\t%llx\n", (unsigned long long)mask);
		if (m->nr_cpu_ids > 1)
			snprintf(cpus, sizeof(cpus), "0-%d", m->nr_cpu_ids - 1);
		else
			snprintf(cpus, sizeof(cpus), "0");
		seq_printf(s, "Cpus_allowed_list:\t%s\n", cpus);
	}
	seq_puts(s, "Mems_allowed:\t");
	for (int i = 31; i >= 0; i--) {	/* MAX_NUMNODES 1024: 32 words */
		unsigned int w = i == 0 ? (m->nr_node_ids >= 32 ? ~0U : (1U << m->nr_node_ids) - 1) : 0;

		seq_printf(s, "%08x%s", w, i ? "," : "\n");
	}
	if (m->nr_node_ids > 1)
		seq_printf(s, "Mems_allowed_list:\t0-%d\n", m->nr_node_ids - 1);
	else
		seq_puts(s, "Mems_allowed_list:\t0\n");
	seq_printf(s, "voluntary_ctxt_switches:\t%lu\nnonvoluntary_ctxt_switches:\t%lu\n",
		   t->nvcsw, t->nivcsw);
}

static void show_statm(struct machine *m, struct task_struct *t, struct seq_file *s)
{
	struct mm_struct *mm = t->mm;
	unsigned long shared, text, data, resident;

	(void)m;
	if (!mm) {
		seq_puts(s, "0 0 0 0 0 0 0\n");
		return;
	}
	shared = (unsigned long)(mm->rss_stat[MM_FILEPAGES] + mm->rss_stat[MM_SHMEMPAGES]);
	text = (PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK)) >> PAGE_SHIFT;
	data = mm->data_vm + mm->stack_vm;
	resident = shared + (unsigned long)mm->rss_stat[MM_ANONPAGES];
	seq_printf(s, "%lu %lu %lu %lu 0 %lu 0\n", mm->total_vm, resident, shared, text, data);
}

static void show_stat(struct machine *m, struct task_struct *t, struct seq_file *s)
{
	struct mm_struct *mm = t->mm;
	int ppid = t->real_parent ? t->real_parent->tgid : 0;
	unsigned long long start = t->start_time / 10000000ULL;	/* USER_HZ ticks */
	unsigned long vsize = mm ? mm->total_vm << PAGE_SHIFT : 0, rss = mm ? get_mm_rss(mm) : 0;
	unsigned long flags = m->vm->randomize_va_space ? 0x400000UL : 0;	/* PF_RANDOMIZE */

	if (t->exit_state)
		flags |= 0x4;		/* PF_EXITING */
	seq_printf(s, "%d (%s) %c %d %d %d 0 -1 %lu %lu 0 %lu 0 0 0 0 0 20 0 %d 0 %llu %lu %lu "
		   "18446744073709551615 %lu %lu %lu 0 0 0 0 0 0 0 0 0 17 %d 0 0 0 0 0 "
		   "%lu %lu %lu %lu %lu %lu %lu %d\n",
		   t->pid, t->comm, t->exit_state ? 'Z' : 'S', ppid, t->group_leader->pid,
		   t->group_leader->pid, flags, t->min_flt, t->maj_flt,
		   t->group_leader->nr_threads, start, vsize, rss,
		   mm ? mm->start_code : 0, mm ? mm->end_code : 0, mm ? mm->start_stack : 0,
		   t->cpu, mm ? mm->start_data : 0, mm ? mm->end_data : 0, mm ? mm->start_brk : 0,
		   mm ? mm->arg_start : 0, mm ? mm->arg_end : 0, mm ? mm->env_start : 0,
		   mm ? mm->env_end : 0, t->exit_code);
}

#define PM_PFRAME_MASK		((1ULL << 55) - 1)
#define PM_SOFT_DIRTY		(1ULL << 55)
#define PM_MMAP_EXCLUSIVE	(1ULL << 56)
#define PM_FILE			(1ULL << 61)
#define PM_SWAP			(1ULL << 62)
#define PM_PRESENT		(1ULL << 63)

/**
 * pagemap_read - @count entries of /proc/PID/pagemap from @vaddr: present
 * (63), file-page or shared-anon (61), exclusively mapped (56), soft-dirty
 * (55: the VMA's VM_SOFTDIRTY or a dirty pte), the PFN (0-54) for
 * CAP_SYS_ADMIN only.  -EINVAL for an unaligned address.
 */
int pagemap_read(struct machine *m, struct task_struct *t, unsigned long vaddr,
		 unsigned long count, uint64_t *out)
{
	struct mm_struct *mm = t->mm;

	if (vaddr & ~PAGE_MASK)
		return -EINVAL;
	for (unsigned long i = 0; i < count; i++) {
		unsigned long a = vaddr + (i << PAGE_SHIFT);
		struct vm_area_struct *vma = mm ? vma_lookup(mm, a) : NULL;
		phys_addr_t ptep;
		uint64_t e = 0;
		pte_t pte;

		out[i] = 0;
		if (!vma)
			continue;
		if (vma->vm_flags & VM_SOFTDIRTY)
			e |= PM_SOFT_DIRTY;
		ptep = pte_offset(m, mm, a);
		pte = ptep ? ptep_get(m, ptep) : 0;
		if (upte_present(pte)) {
			struct page *page = vm_normal_page(m, pte);

			e |= PM_PRESENT;
			if (t->privileged)
				e |= pte_pfn_fmt(m->arch->mmu, pte) & PM_PFRAME_MASK;
			if (pte_dirty(pte))
				e |= PM_SOFT_DIRTY;
			if (page && !PageAnon(page))
				e |= PM_FILE;
			if (page && page_mapcount(page) == 1)
				e |= PM_MMAP_EXCLUSIVE;
		}
		out[i] = e;
	}
	return 0;
}

/* pagemap as text: one line per page of every VMA, "ADDR ENTRY" in hex. */
static void show_pagemap(struct machine *m, struct task_struct *t, struct seq_file *s)
{
	struct vm_area_struct *vma;

	if (!t->mm)
		return;
	list_for_each_entry(vma, &t->mm->mmap, struct vm_area_struct, vm_list) {
		for (unsigned long a = vma->vm_start; a < vma->vm_end; a += PAGE_SIZE) {
			uint64_t e;

			pagemap_read(m, t, a, 1, &e);
			seq_printf(s, "%lx %016llx\n", a, (unsigned long long)e);
		}
	}
}

/**
 * proc_pid_show - the dir_views handler for "/proc": @rest is
 * "/PID/FILE" or "/NAME/FILE".  -ENOENT for anything else.
 */
int proc_pid_show(struct machine *m, const char *rest, struct seq_file *s)
{
	static const struct {
		const char *name;
		void (*show)(struct machine *m, struct task_struct *t, struct seq_file *s);
	} files[] = {
		{ "maps", show_maps }, { "smaps", show_smaps },
		{ "smaps_rollup", show_smaps_rollup }, { "status", show_status },
		{ "statm", show_statm }, { "stat", show_stat }, { "pagemap", show_pagemap },
	};
	char who[64];
	const char *slash;
	struct task_struct *t;
	char *end;
	long pid;

	if (!m->vm || rest[0] != '/')
		return -ENOENT;
	rest++;
	slash = strchr(rest, '/');
	if (!slash || (size_t)(slash - rest) >= sizeof(who))
		return -ENOENT;
	memcpy(who, rest, (size_t)(slash - rest));
	who[slash - rest] = '\0';
	pid = strtol(who, &end, 10);
	t = (*who && !*end) ? find_task_by_pid(m, (int)pid) : find_task_by_name(m, who);
	if (!t)
		return -ENOENT;
	if (!strncmp(slash + 1, "fdinfo/", 7))
		return proc_fdinfo_show(m, t, slash + 8, s);
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (!strcmp(slash + 1, files[i].name)) {
			files[i].show(m, t, s);
			return 0;
		}
	return -ENOENT;
}
