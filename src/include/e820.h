/* SPDX-License-Identifier: MIT */
/*
 * e820.h - the firmware memory map (arch/x86/kernel/e820.c).
 */
#ifndef MMSIM_E820_H
#define MMSIM_E820_H

#include <stddef.h>
#include "machine.h"

const char *e820_type_name(enum mms_e820_type type);
/* Fill @t with the default PC map for @ram bytes. */
void e820_default_table(struct e820_table *t, uint64_t ram);
/* Check a map: entries sorted afterwards; -EINVAL and a message if bad. */
int e820_validate(struct e820_table *t, char *err, size_t errlen);
/* Print "BIOS-e820: [mem …] type" lines. */
void e820_print_table(struct machine *m, const char *who);
/* Linux's trim_bios_range: page 0 reserved, 640K..1M not RAM. */
void e820_trim_bios_range(struct machine *m);
/* The end (exclusive, in bytes) of the highest usable range. */
uint64_t e820_end_of_ram(const struct e820_table *t);
/* Add the usable ranges to memblock.memory (e820__memblock_setup). */
int e820_memblock_setup(struct machine *m);

#endif /* MMSIM_E820_H */
