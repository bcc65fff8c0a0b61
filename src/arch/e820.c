// SPDX-License-Identifier: MIT
/*
 * e820.c - the BIOS memory map (arch/x86/kernel/e820.c).
 *
 * The firmware hands the kernel a list of physical ranges with a type each;
 * the kernel prints it ("BIOS-e820: [mem 0x…-0x…] usable"), trims the
 * ranges the BIOS may still use (page 0, the 640K-1M hole) and feeds the
 * usable ranges to memblock.  The default map is a PC's: 640K of low
 * memory, the legacy hole with the BIOS ROM reserved at 0xf0000, and all
 * the rest usable from 1 MiB up.
 *
 * Simplified: a map with overlapping entries is refused with a message
 * instead of being resolved by type priority (e820__update_table).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "e820.h"

static const char *const e820_names[] = {
	[MMS_E820_USABLE] = "usable",
	[MMS_E820_RESERVED] = "reserved",
	[MMS_E820_ACPI] = "ACPI data",
	[MMS_E820_NVS] = "ACPI NVS",
	[MMS_E820_UNUSABLE] = "unusable",
};

/**
 * e820_type_name - the word Linux prints for an e820 type.
 */
const char *e820_type_name(enum mms_e820_type type)
{
	if (type >= MMS_E820_USABLE && type <= MMS_E820_UNUSABLE)
		return e820_names[type];
	return "type ?";
}

static void e820_add(struct e820_table *t, uint64_t addr, uint64_t size,
		     enum mms_e820_type type)
{
	if (t->nr_entries >= MMS_E820_MAX || size == 0)
		return;
	t->entries[t->nr_entries++] = (struct mms_e820_entry){ addr, size, type };
}

/**
 * e820_default_table - the map a PC with @ram bytes of memory reports.
 */
void e820_default_table(struct e820_table *t, uint64_t ram)
{
	t->nr_entries = 0;
	e820_add(t, 0, 0xa0000, MMS_E820_USABLE);
	e820_add(t, 0xf0000, 0x10000, MMS_E820_RESERVED);
	if (ram > 0x100000)
		e820_add(t, 0x100000, ram - 0x100000, MMS_E820_USABLE);
}

static int cmp_entry(const void *a, const void *b)
{
	const struct mms_e820_entry *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/**
 * e820_validate - sort the map and refuse empty entries, overlaps and a map
 * with no usable memory, naming the culprit in @err.
 */
int e820_validate(struct e820_table *t, char *err, size_t errlen)
{
	bool usable = false;

	if (t->nr_entries == 0) {
		snprintf(err, errlen, "e820: the memory map is empty");
		return -EINVAL;
	}
	qsort(t->entries, (size_t)t->nr_entries, sizeof(t->entries[0]), cmp_entry);
	for (int i = 0; i < t->nr_entries; i++) {
		const struct mms_e820_entry *e = &t->entries[i];

		if (e->size == 0 || e->addr + e->size < e->addr) {
			snprintf(err, errlen, "e820: entry at %#llx has a bad size %#llx",
				 (unsigned long long)e->addr,
				 (unsigned long long)e->size);
			return -EINVAL;
		}
		if (e->type < MMS_E820_USABLE || e->type > MMS_E820_UNUSABLE) {
			snprintf(err, errlen, "e820: entry at %#llx has unknown type %d",
				 (unsigned long long)e->addr, (int)e->type);
			return -EINVAL;
		}
		if (i > 0) {
			const struct mms_e820_entry *p = &t->entries[i - 1];

			if (p->addr + p->size > e->addr) {
				snprintf(err, errlen,
					 "e820: entries [mem 0x%016llx-0x%016llx] and [mem 0x%016llx-0x%016llx] overlap",
					 (unsigned long long)p->addr,
					 (unsigned long long)(p->addr + p->size - 1),
					 (unsigned long long)e->addr,
					 (unsigned long long)(e->addr + e->size - 1));
				return -EINVAL;
			}
		}
		if (e->type == MMS_E820_USABLE && e->size >= PAGE_SIZE)
			usable = true;
	}
	if (!usable) {
		snprintf(err, errlen, "e820: the memory map has no usable RAM");
		return -EINVAL;
	}
	return 0;
}

/**
 * e820_print_table - the map as e820__print_table prints it.
 */
void e820_print_table(struct machine *m, const char *who)
{
	for (int i = 0; i < m->e820.nr_entries; i++) {
		const struct mms_e820_entry *e = &m->e820.entries[i];

		pr_info(m, "%s: [mem 0x%016llx-0x%016llx] %s", who,
			(unsigned long long)e->addr,
			(unsigned long long)(e->addr + e->size - 1),
			e820_type_name(e->type));
	}
}

/*
 * e820_range_change - give the part of [start, end) that has type @old the
 * type @new (0: remove it), splitting entries as needed.  Returns the
 * bytes changed.
 */
static uint64_t e820_range_change(struct e820_table *t, uint64_t start,
				  uint64_t end, enum mms_e820_type old,
				  enum mms_e820_type new)
{
	struct e820_table out = { 0 };
	uint64_t changed = 0;

	for (int i = 0; i < t->nr_entries; i++) {
		struct mms_e820_entry e = t->entries[i];
		uint64_t es = e.addr, ee = e.addr + e.size;
		uint64_t cs = es > start ? es : start, ce = ee < end ? ee : end;

		if (e.type != old || cs >= ce) {
			e820_add(&out, e.addr, e.size, e.type);
			continue;
		}
		e820_add(&out, es, cs - es, e.type);
		if (new)
			e820_add(&out, cs, ce - cs, new);
		e820_add(&out, ce, ee - ce, e.type);
		changed += ce - cs;
	}
	qsort(out.entries, (size_t)out.nr_entries, sizeof(out.entries[0]), cmp_entry);
	*t = out;
	return changed;
}

/**
 * e820_trim_bios_range - reserve page 0 for the BIOS and take the legacy
 * 640K-1M window out of RAM, with Linux's messages (trim_bios_range).
 */
void e820_trim_bios_range(struct machine *m)
{
	/* Linux prints both lines whether or not anything changed. */
	pr_info(m, "e820: update [mem 0x00000000-0x00000fff] usable ==> reserved");
	e820_range_change(&m->e820, 0, PAGE_SIZE, MMS_E820_USABLE, MMS_E820_RESERVED);
	pr_info(m, "e820: remove [mem 0x000a0000-0x000fffff] usable");
	e820_range_change(&m->e820, 0xa0000, 0x100000, MMS_E820_USABLE, 0);
}

/**
 * e820_end_of_ram - one past the highest usable byte.
 */
uint64_t e820_end_of_ram(const struct e820_table *t)
{
	uint64_t end = 0;

	for (int i = 0; i < t->nr_entries; i++)
		if (t->entries[i].type == MMS_E820_USABLE &&
		    t->entries[i].addr + t->entries[i].size > end)
			end = t->entries[i].addr + t->entries[i].size;
	return end;
}

/**
 * e820_memblock_setup - add every usable range, trimmed to whole pages and
 * to the architecture's limit, to memblock.memory.
 */
int e820_memblock_setup(struct machine *m)
{
	for (int i = 0; i < m->e820.nr_entries; i++) {
		const struct mms_e820_entry *e = &m->e820.entries[i];
		uint64_t start = (e->addr + PAGE_SIZE - 1) & PAGE_MASK;
		uint64_t end = (e->addr + e->size) & PAGE_MASK;
		int ret;

		if (e->type != MMS_E820_USABLE)
			continue;
		if (end > PFN_PHYS(m->max_pfn))
			end = PFN_PHYS(m->max_pfn);
		if (start >= end)
			continue;
		ret = memblock_add(&m->memblock, start, end - start);
		if (ret)
			return ret;
	}
	return 0;
}
