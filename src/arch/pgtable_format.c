// SPDX-License-Identifier: MIT
/*
 * pgtable_format.c - the page-table formats of the architecture profiles,
 * as data (see pgtable.h).
 *
 * x86_64, 4-level (arch/x86/include/asm/pgtable_64_types.h): PGDIR_SHIFT
 * 39, PUD_SHIFT 30 (1G pages), PMD_SHIFT 21 (2M pages), PAGE_SHIFT 12;
 * 512 entries of 8 bytes; P4D folded into the PGD; 48-bit canonical
 * addresses; the kernel half is PGD slots 256..511.
 *
 * i386, 2-level non-PAE (pgtable-2level_types.h): PGDIR_SHIFT 22 (4M
 * pages with PSE), PAGE_SHIFT 12; 1024 entries of 4 bytes; no NX; with the
 * 3G/1G split the kernel half is PGD slots 768..1023 (KERNEL_PGD_BOUNDARY).
 */
#include "pgtable.h"

const struct mmu_format x86_64_4level_format = {
	.name = "x86_64 4-level",
	.levels = 4,
	.level = {
		{ "PGD", 39, 9, false },
		{ "PUD", 30, 9, true },
		{ "PMD", 21, 9, true },
		{ "PTE", 12, 9, false },
	},
	.entry_size = 8,
	.va_bits = 48,
	.addr_mask = 0x000ffffffffff000ULL,
	.nx = true,
	.kernel_pgd_index = 256,
};

const struct mmu_format i386_2level_format = {
	.name = "i386 2-level",
	.levels = 2,
	.level = {
		{ "PGD", 22, 10, true },
		{ "PTE", 12, 10, false },
	},
	.entry_size = 4,
	.va_bits = 32,
	.addr_mask = 0xfffff000ULL,
	.nx = false,
	.kernel_pgd_index = 768,
};
