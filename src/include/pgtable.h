/* SPDX-License-Identifier: MIT */
/*
 * pgtable.h - page-table entries and formats (arch/x86/include/asm/
 * pgtable_types.h, pgtable_64_types.h, pgtable-2level_types.h).
 *
 * A page table is a frame of simulated RAM holding 512 8-byte entries
 * (x86_64) or 1024 4-byte entries (i386 without PAE).  The bits are the
 * x86 ones on both profiles:
 *
 *   bit  0 P    present          bit  5 A    accessed (set by the MMU)
 *   bit  1 RW   writable         bit  6 D    dirty (set by the MMU, leaf)
 *   bit  2 US   user-accessible  bit  7 PS   large page (PMD/PUD level)
 *   bit  3 PWT  write-through    bit  8 G    global (survives CR3 loads)
 *   bit  4 PCD  cache disable    bit 63 NX   no execute (x86_64 only)
 *
 * The levels are described by a table (struct mmu_format), so walking
 * code is generic: x86_64 has PGD/PUD/PMD/PTE (P4D folded), i386 has
 * PGD/PTE (PUD and PMD folded into the PGD, as Linux's 2-level paging
 * does).  A third profile is a new table, not new code.
 *
 * An entry value is a pte_t of 64 bits whatever the level or profile;
 * pt_read/pt_write convert to the format's entry size.
 */
#ifndef MMSIM_PGTABLE_H
#define MMSIM_PGTABLE_H

#include <stdbool.h>
#include <stdint.h>
#include "mm_types.h"

typedef uint64_t pte_t;

#define _PAGE_BIT_PRESENT	0
#define _PAGE_BIT_RW		1
#define _PAGE_BIT_USER		2
#define _PAGE_BIT_PWT		3
#define _PAGE_BIT_PCD		4
#define _PAGE_BIT_ACCESSED	5
#define _PAGE_BIT_DIRTY		6
#define _PAGE_BIT_PSE		7
#define _PAGE_BIT_GLOBAL	8
#define _PAGE_BIT_NX		63

#define _PAGE_PRESENT	(1ULL << _PAGE_BIT_PRESENT)
#define _PAGE_RW	(1ULL << _PAGE_BIT_RW)
#define _PAGE_USER	(1ULL << _PAGE_BIT_USER)
#define _PAGE_PWT	(1ULL << _PAGE_BIT_PWT)
#define _PAGE_PCD	(1ULL << _PAGE_BIT_PCD)
#define _PAGE_ACCESSED	(1ULL << _PAGE_BIT_ACCESSED)
#define _PAGE_DIRTY	(1ULL << _PAGE_BIT_DIRTY)
#define _PAGE_PSE	(1ULL << _PAGE_BIT_PSE)
#define _PAGE_GLOBAL	(1ULL << _PAGE_BIT_GLOBAL)
#define _PAGE_NX	(1ULL << _PAGE_BIT_NX)

/* The protections Linux builds its mappings from (pgtable_types.h). */
#define _PAGE_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_DIRTY)
#define _KERNPG_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | _PAGE_DIRTY)
#define __PAGE_KERNEL	(_PAGE_PRESENT | _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED | _PAGE_GLOBAL | _PAGE_NX)
#define __PAGE_KERNEL_EXEC (_PAGE_PRESENT | _PAGE_RW | _PAGE_DIRTY | _PAGE_ACCESSED | _PAGE_GLOBAL)
#define __PAGE_KERNEL_RO (_PAGE_PRESENT | _PAGE_DIRTY | _PAGE_ACCESSED | _PAGE_GLOBAL | _PAGE_NX)
#define __PAGE_KERNEL_LARGE (__PAGE_KERNEL | _PAGE_PSE)
#define PAGE_NONE	0ULL
#define PAGE_SHARED	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_READONLY	(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED | _PAGE_NX)
#define PAGE_READONLY_EXEC (_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define PAGE_SHARED_EXEC (_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)

/* x86 page-fault error code bits (arch/x86/include/asm/trap_pf.h). */
#define X86_PF_PROT	0x01	/* 0: not present, 1: protection violation */
#define X86_PF_WRITE	0x02
#define X86_PF_USER	0x04
#define X86_PF_RSVD	0x08
#define X86_PF_INSTR	0x10

struct pt_level {
	const char *name;	/* "PGD", "PUD", "PMD", "PTE" */
	uint8_t shift;		/* the VA bit this level's index starts at */
	uint8_t bits;		/* the index width */
	bool huge;		/* PS may end the walk here (a large page) */
};

#define PT_MAX_LEVELS 4

struct mmu_format {
	const char *name;
	int levels;
	struct pt_level level[PT_MAX_LEVELS];	/* top (PGD) first */
	uint8_t entry_size;			/* 8 or 4 bytes */
	uint8_t va_bits;			/* 48: canonical; 32: whole space */
	uint64_t addr_mask;			/* the frame-address bits of an entry */
	bool nx;				/* bit 63 exists */
	unsigned int kernel_pgd_index;		/* first PGD slot of the kernel half */
};

extern const struct mmu_format x86_64_4level_format;
extern const struct mmu_format i386_2level_format;

static inline bool pte_present(pte_t p) { return p & _PAGE_PRESENT; }
static inline bool pte_write(pte_t p) { return p & _PAGE_RW; }
static inline bool pte_user(pte_t p) { return p & _PAGE_USER; }
static inline bool pte_young(pte_t p) { return p & _PAGE_ACCESSED; }
static inline bool pte_dirty(pte_t p) { return p & _PAGE_DIRTY; }
static inline bool pte_huge(pte_t p) { return p & _PAGE_PSE; }
static inline bool pte_global(pte_t p) { return p & _PAGE_GLOBAL; }
static inline bool pte_exec(pte_t p) { return !(p & _PAGE_NX); }
static inline bool pte_none(pte_t p) { return p == 0; }
static inline pte_t pte_mkwrite(pte_t p) { return p | _PAGE_RW; }
static inline pte_t pte_wrprotect(pte_t p) { return p & ~_PAGE_RW; }
static inline pte_t pte_mkyoung(pte_t p) { return p | _PAGE_ACCESSED; }
static inline pte_t pte_mkold(pte_t p) { return p & ~_PAGE_ACCESSED; }
static inline pte_t pte_mkdirty(pte_t p) { return p | _PAGE_DIRTY; }
static inline pte_t pte_mkclean(pte_t p) { return p & ~_PAGE_DIRTY; }
static inline pte_t pte_mkhuge(pte_t p) { return p | _PAGE_PSE; }
static inline pte_t pte_mkexec(pte_t p) { return p & ~_PAGE_NX; }

/* The frame an entry points to (a table or a page). */
static inline unsigned long pte_pfn_fmt(const struct mmu_format *f, pte_t p)
{
	return (unsigned long)((p & f->addr_mask) >> PAGE_SHIFT);
}

/* pfn_pte: an entry for frame @pfn with protection @prot. */
static inline pte_t pfn_pte_fmt(const struct mmu_format *f, unsigned long pfn, pte_t prot)
{
	pte_t p = ((pte_t)pfn << PAGE_SHIFT) | prot;

	if (!f->nx)
		p &= ~_PAGE_NX;
	return p;
}

/* The index of @va at level @lvl. */
static inline unsigned int pt_index(const struct mmu_format *f, int lvl, uint64_t va)
{
	return (unsigned int)((va >> f->level[lvl].shift) &
			      ((1ULL << f->level[lvl].bits) - 1));
}

/* The size in bytes mapped by one entry at level @lvl. */
static inline uint64_t pt_level_size(const struct mmu_format *f, int lvl)
{
	return 1ULL << f->level[lvl].shift;
}

/* Is @va canonical (bits above va_bits-1 a sign extension)? */
static inline bool va_canonical(const struct mmu_format *f, uint64_t va)
{
	int64_t s;

	if (f->va_bits == 32)
		return (va >> 32) == 0;
	s = (int64_t)(va << (64 - f->va_bits)) >> (64 - f->va_bits);
	return (uint64_t)s == va;
}

#endif /* MMSIM_PGTABLE_H */
