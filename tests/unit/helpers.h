/* SPDX-License-Identifier: MIT */
/*
 * helpers.h - shared helpers for the cmocka unit tests.
 *
 * Tests include the internal headers and drive the simulated kernel
 * directly; these helpers boot machines from a one-line spec and read
 * numbers off views.
 */
#ifndef MMSIM_TEST_HELPERS_H
#define MMSIM_TEST_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include "internal.h"

/*
 * boot_spec - boot a machine from "key=value key=value ..." (the keys of
 * the `machine` scenario command); fails the test if it does not boot.
 */
struct machine *boot_spec(const char *spec);
/* boot_spec_err - the same, but returns NULL and the message on failure. */
struct machine *boot_spec_err(const char *spec, char *err, size_t errlen);

/* view_text - the text of a view (free it). */
char *view_text(struct machine *m, const char *path);
/* dmesg_has - does the kernel log contain @needle? */
bool dmesg_has(struct machine *m, const char *needle);
/* zone_of - node @nid's zone of type @zt. */
struct zone *zone_of(struct machine *m, int nid, enum zone_type zt);
/* free_blocks - the nr_free of @zone at @order. */
unsigned long free_blocks(struct zone *zone, unsigned int order);
/* buddyinfo_snapshot - every populated zone's nr_free[] (for comparisons). */
char *buddyinfo_snapshot(struct machine *m);

/* init_pages_in - pages of the kernel's init sections in @zone (freed by free_initmem). */
unsigned long init_pages_in(struct machine *m, struct zone *zone);

/* meminfo_kb - the number after @label ("MemFree:") in /proc/meminfo. */
unsigned long meminfo_kb(struct machine *m, const char *label);

/* free_pages_now - NR_FREE_PAGES with every per-CPU page list drained. */
unsigned long free_pages_now(struct machine *m);
/*
 * slabinfo_line - the /proc/slabinfo line of cache @name without its
 * newline (a static buffer), NULL if there is none.
 */
const char *slabinfo_line(struct machine *m, const char *name);
/*
 * shrink_all - kmem_cache_shrink every cache, twice (an off-slab SLAB
 * cache's freelists go back to a kmalloc cache when its slabs go).
 */
void shrink_all(struct machine *m);

/* task_val - mms_task_value of @pid's @field (fails the test if unknown). */
uint64_t task_val(struct machine *m, int pid, const char *field);
/* maps_lines - the number of lines in /proc/@pid/maps. */
int maps_lines(struct machine *m, int pid);
/* view_has - does the view @path hold @text?  (If not, the view is printed.) */
bool view_has(struct machine *m, const char *path, const char *text);
/* pid_maps_has - does /proc/@pid/maps hold @line?  (If not, it is printed.) */
bool pid_maps_has(struct machine *m, int pid, const char *line);
/*
 * spawn_static - @name running a statically linked PIE of 64K text, 16K
 * data and 16K bss: nothing of ld.so's under mmap_base, so addresses
 * there follow from the layout alone.
 */
void spawn_static(struct machine *m, const char *name, int *pid);

#endif
